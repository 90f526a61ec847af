// Package interchange reads and writes journey maps in formats other tools
// speak: Mermaid's user journey diagrams and spreadsheets (CSV). It is pure
// Go, like model: no Fyne, no SQL. Imports take untrusted text and give a
// validated *model.Project or one sentence naming the line (and column) of
// the first problem; they never panic. Both directions return warnings, one
// sentence each, for what did not carry over exactly.
//
// # Limits
//
// An import reads at most MaxInputSize bytes, and an export refuses, before
// writing anything, a text longer than that: whatever Waymark writes, it
// reads. A control character other than tab and line breaks (NUL, escape,
// DEL, U+0080–U+009F), which model.Validate refuses in a map, is an error
// naming its line wherever it is in the file, even in a comment: it means
// the file is not the text it seems to be. A name or text longer than its
// field may be (model.MaxNameBytes, model.MaxTextBytes) is an error naming
// its line (and column), and so is the row, section or task that would give
// a journey more stages × lanes than model.MaxCellsPerJourney or more scores
// than model.MaxScoresPerJourney, counted as they appear, before anything is
// built.
//
// # Mermaid user journeys
//
// Import reads the whole journey syntax of Mermaid (docs/syntax/userJourney.md
// and the journey grammar, parser/journey.jison):
//
//   - optional YAML front matter (--- ... ---), whose top-level `title:` titles
//     the journey, and %%{ ... }%% directives, which are skipped;
//   - `journey` (any case) as the first statement;
//   - `title TEXT`, `accTitle: TEXT`, `accDescr: TEXT` and the block form
//     `accDescr { ... }` over several lines (each line's indentation dropped,
//     as Mermaid does; text after the closing } is read as a statement);
//   - `section NAME`; `<br>`, `<br/>`, `<br />` (as Mermaid splits names) are
//     line breaks in the stage name;
//   - tasks `Task name: SCORE: Actor, Actor`, the actors optional and a
//     trailing colon allowed ("Task: 5", "Task: 5:", "Task:5:Me");
//   - comments: a line starting with %%, and from a "#" or "%%" that starts
//     the statement or follows a space to the end of the line (Mermaid's
//     lexer also cuts "Child#1" at the "#"; Waymark keeps such words whole);
//   - Mermaid's character codes: #58; is ":", #35; is "#", #quot; is '"' and
//     so on, decoded after the line is split into its parts;
//   - blank lines, any indentation, CRLF line ends, a byte order mark.
//
// It becomes one journey on the 1..5 scale (Mermaid's own): sections are
// stages in order, tasks are cards of a lane "Actions" (kind actions) in
// order, and a second, empty lane "Emotions" (kind emotions) shows the curve.
// Actors become personas in the order they first appear, and each actor of a
// task scores its card with the task's score. A task without actors is
// scored by a persona named "Everyone" (DefaultPersona), since Waymark keeps
// scores per persona. Tasks before the first section go into a stage named
// "(no section)" (UnnamedSection), as Mermaid allows them there. The journey
// and project are titled by `title` (else accTitle, else the file's name);
// an accTitle names the project, an accDescr is the journey's description.
//
// Scores are whole numbers from 1 to 5. Because some versions of Mermaid's
// documentation allow 0, a 0 is read as 1 with a warning; anything else
// (23, -1, 4.5, "Hello", nothing) is an error naming the line. Other errors
// name the line and what was expected: "line 7: expected `Task name: score:
// actors`, got "Make tea"", a ":" in a section name, a ";" (Mermaid refuses
// it), a second `journey`, an unclosed accDescr { or front matter, and a
// task with more than two ":" (Mermaid would drop the rest silently).
//
// For Markdown (.md), the first fenced block with the info string "mermaid"
// (or "mermaid-example") whose diagram is a journey is read; line numbers are
// those of the Markdown file.
//
// Export writes one section per stage (empty stages too) and, in reading
// order (stage, lane, order), one task per card that a persona of the
// journey scored, from any lane. Scores are converted from the project's
// scale to 1..5 with Scale.Convert; where Scale.ConvertExact says that lost
// something, a %% comment above the task says what was rounded. Mermaid has
// one score per task: it is the average of the personas' converted scores,
// rounded half away from zero, and when the personas' scores differ a %%
// comment above the task lists them. The actors are the journey's personas
// that scored the card, in legend order; a card scored by "Everyone" alone
// is written without actors, so that it reads back the same. Cards no
// persona scored are kept as %% comments (a task needs a score); a line
// break in a name inside a comment is written <br>, so that it cannot end the
// comment and start a statement. The journey
// title is the title, a project name that differs from it is the accTitle,
// the description is the accDescr (the block form when it has several
// lines).
//
// Names are never dropped or mangled: characters Mermaid would read as syntax
// (":" in task and section names, "," and ":" in actors, "#", ";", "%%", a
// literal "<br>" and a task name starting with a keyword such as "Title
// page") are written as Mermaid's character codes (#58;), which Mermaid shows
// as the characters and Import decodes; line breaks in stage and task names
// are written <br>. Only line breaks in the title and in persona names are
// lost (written as spaces). Every such change is reported as a warning.
//
// So for a map that came from Mermaid, Import(Export(map)) gives the same
// project, JSON for JSON, except for the fresh IDs.
//
// # CSV
//
// A CSV holds the touchpoints of one journey, one row each, in reading order,
// under a header row:
//
//	journey, stage, lane, order, title, notes, channel,
//	emotion: NAME (SCALE) ... one column per persona of the journey,
//	pain point, opportunity, moment of truth, owner, tags, evidence,
//	evidence links, confidence, colour, impact, effort
//
// Impact and effort rate a pain point or opportunity from 1 to 5; blank is
// not rated, and a sheet without these columns reads as unrated.
//
// The emotion columns are named "emotion: Zoë Müller (-2..+2)": the prefix
// keeps a persona called "Owner" apart from the owner column, and the scale
// travels with the scores. Flags are "yes" or empty. Tags and evidence links
// are separated by ", ", or by line breaks when an entry holds a comma. Order
// is the card's place in its cell, 0 first. Text starting with = + - or @
// (which a spreadsheet would run as a formula) is written after an
// apostrophe, which Import removes. UTF-8, with a byte order mark if asked
// (ExportOptions.BOM), so that Excel reads accents.
//
// A CSV cannot hold stage and lane details (descriptions, colours, hidden
// lanes), the journey's description or persona details other than names.
// When the cards alone would not give back the journey's stages and lanes in
// order (an empty stage, a lane first used late), Export writes declaration
// rows first: rows with a stage and a lane but no title, which make no card.
//
// Import reads that shape and the shapes people make by hand. The delimiter
// is sniffed from the header line (",", ";" as Excel writes it where the
// decimal mark is a comma, or tab), or taken from an Excel "sep=;" first
// line. UTF-8 with or without a byte order mark, UTF-16 with one (Excel's
// Unicode text), and otherwise Windows-1252 (with a warning) are read. Header
// names are matched ignoring case, spaces, "_" and "-", and a few synonyms
// ("color", "phase", "pain points"); at least stage and title are needed, and
// an unknown column is an error rather than a silent persona. Journeys,
// stages and lanes are created in the order they first appear (an empty lane
// cell means the lane "Actions"; an empty journey cell, the file's name); a
// lane's kind is guessed from its name (GuessLaneKind: "Customer actions" →
// actions, "Pain points" → pain points, an unknown name → custom). Every
// journey is drawn for every persona column. Cards of a cell are sorted by
// the order column (rows without one after, in file order) and renumbered
// from 0. Blank rows are skipped.
//
// The scale is ImportOptions.Scale if given; else the one the emotion headers
// name; else the smallest preset holding every score, 1..5 then 1..10 when
// all scores are 1 or more, -2..+2 then -5..+5 otherwise, with a warning
// that it was guessed. Bad cells are reported by line and column: `line 12,
// column emotion: Zoë: "great" is not a number`.
//
// For a journey whose stage and lane names are distinct and whose lane kinds
// GuessLaneKind gives back, Import(Export(journey)) gives the same stages,
// lanes and touchpoints, field for field.
package interchange
