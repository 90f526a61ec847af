package difftext

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"waymark/internal/printable"
	"waymark/model"
)

// WriteMarkdown writes changes as Markdown made to paste into a team's
// wiki: a title naming the two sides (from, to), the one-line summary, then
// a section for the project and personas and one per journey, each a
// bullet list. Every name is a code span, so that a name holding `*`, `_`,
// `#`, `<` or backticks shows as written and breaks no formatting.
func WriteMarkdown(w io.Writer, from, to string, changes []model.Change) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Changes from %s to %s\n\n", codeSpan(from), codeSpan(to))
	if len(changes) == 0 {
		b.WriteString("No differences.\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	fmt.Fprintf(&b, "**Summary:** %s (%s).\n", Summary(changes), Count(changes))

	section := ""
	open := func(title string) {
		if title != section {
			section = title
			fmt.Fprintf(&b, "\n## %s\n\n", title)
		}
	}
	for _, c := range changes {
		switch c.Kind {
		case model.KindProject:
			open("Project")
		case model.KindPersona:
			open("Personas")
		default:
			open("Journey " + codeSpan(c.JourneyName))
		}
		b.WriteString("- ")
		b.WriteString(mdChange(c))
		b.WriteByte('\n')
		for _, f := range c.Fields {
			fmt.Fprintf(&b, "  - %s\n", mdField(f))
		}
		if m := c.Moved; m != nil {
			if c.Kind == model.KindTouchpoint {
				fmt.Fprintf(&b, "  - moved from %s to %s\n", mdCell(m.From, true), mdCell(m.To, true))
			} else {
				fmt.Fprintf(&b, "  - moved from position %d to position %d\n", m.From.Index+1, m.To.Index+1)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

var mdOp = map[model.Op]string{model.Added: "**Added**", model.Removed: "**Removed**", model.Changed: "**Changed**"}

// mdChange is a change's bullet: "**Changed** touchpoint `Pay` in
// `Checkout` / `Actions`".
func mdChange(c model.Change) string {
	s := mdOp[c.Op] + " " + string(c.Kind) + " " + codeSpan(c.Name)
	switch {
	case c.Kind == model.KindTouchpoint:
		s += " in " + mdCell(c.At, false)
	case c.Kind == model.KindJourney && c.Op != model.Changed:
		s += fmt.Sprintf(" (%s, %s, %s)", Plural(c.Stages, "stage", "stages"), Plural(c.Lanes, "lane", "lanes"), Plural(c.Cards, "card", "cards"))
	}
	return s
}

// mdCell names a card's cell, with its position in the cell when asked.
func mdCell(p model.Place, index bool) string {
	s := codeSpan(p.StageName) + " / " + codeSpan(p.LaneName)
	if index {
		s += fmt.Sprintf(" (position %d)", p.Index+1)
	}
	return s
}

// mdField is one field's change: "title: `Pay` → `Pay now`".
func mdField(f model.FieldChange) string {
	switch f.Field {
	case model.FieldPhoto, model.FieldImage:
		// An image's ID says nothing to a reader.
		return fieldText(f)
	case model.FieldScore:
		return fmt.Sprintf("score for %s: %s → %s", codeSpan(f.PersonaName), orNone(f.Old), orNone(f.New))
	}
	old, new := f.Old, f.New
	if f.IsText() {
		old, new = model.ElideChange(old, new)
	}
	return fmt.Sprintf("%s: %s → %s", f.Field, mdValue(old), mdValue(new))
}

func mdValue(s string) string {
	if s == "" {
		return "*(empty)*"
	}
	return codeSpan(s)
}

// codeSpan makes s a Markdown code span that shows s as written: on one
// line, control characters escaped, fenced by more backticks than any run
// inside it (and padded when s starts or ends with one), as CommonMark
// says.
func codeSpan(s string) string {
	s = printable.Line(strings.Join(strings.Fields(s), " "))
	if s == "" {
		return "*(untitled)*"
	}
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// The JSON form of a comparison, `waymark diff --format json`. Its shape
// is stable: new keys may be added, none is renamed or removed while
// "version" stays 1.
//
//	{
//	  "format": "waymark-diff", "version": 1,
//	  "from": "map.cjm@Round 1", "to": "map.cjm",
//	  "same": false,
//	  "summary": "+4 cards, 2 moved, 1 stage renamed",
//	  "count": {"added": 1, "removed": 1, "changed": 3},
//	  "changes": [
//	    {"op": "added|removed|changed",
//	     "kind": "project|persona|journey|stage|lane|touchpoint",
//	     "id": "…", "name": "as it was (as it is when added)",
//	     "journey": {"id": "…", "name": "…"} or null for project and persona,
//	     "at": {"index": 0, "stage": {"id", "name"}, "lane": {"id", "name"}},
//	     "fields": [{"field": "title", "persona": null or {"id", "name"}, "old": "…", "new": "…"}],
//	     "moved": null or {"from": at, "to": at},
//	     "contents": null or {"stages": 6, "lanes": 4, "cards": 12}}
//	  ]
//	}
//
// Indexes count from 0: a persona's, journey's, stage's or lane's place in
// its list, a card's order in its cell ("stage" and "lane" are set for
// cards only). "fields" lists what changed for "changed" (empty
// otherwise), old and new in full: text as written, flags "yes"/"no",
// lists joined by ", ", scores as numbers ("" for none), images by ID.
// "contents" counts what an added or removed journey holds.
type jsonDiff struct {
	Format  string       `json:"format"`
	Version int          `json:"version"`
	From    string       `json:"from"`
	To      string       `json:"to"`
	Same    bool         `json:"same"`
	Summary string       `json:"summary"`
	Count   jsonCount    `json:"count"`
	Changes []jsonChange `json:"changes"`
}

type jsonCount struct {
	Added   int `json:"added"`
	Removed int `json:"removed"`
	Changed int `json:"changed"`
}

type jsonRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type jsonPlace struct {
	Index int      `json:"index"`
	Stage *jsonRef `json:"stage"`
	Lane  *jsonRef `json:"lane"`
}

type jsonMove struct {
	From jsonPlace `json:"from"`
	To   jsonPlace `json:"to"`
}

type jsonField struct {
	Field   string   `json:"field"`
	Persona *jsonRef `json:"persona"`
	Old     string   `json:"old"`
	New     string   `json:"new"`
}

type jsonContents struct {
	Stages int `json:"stages"`
	Lanes  int `json:"lanes"`
	Cards  int `json:"cards"`
}

type jsonChange struct {
	Op       string        `json:"op"`
	Kind     string        `json:"kind"`
	ID       string        `json:"id"`
	Name     string        `json:"name"`
	Journey  *jsonRef      `json:"journey"`
	At       jsonPlace     `json:"at"`
	Fields   []jsonField   `json:"fields"`
	Moved    *jsonMove     `json:"moved"`
	Contents *jsonContents `json:"contents"`
}

// JSONFormat and JSONVersion name the JSON form's shape.
const (
	JSONFormat  = "waymark-diff"
	JSONVersion = 1
)

// WriteJSON writes changes in the JSON form documented above, indented,
// ending with a newline.
func WriteJSON(w io.Writer, from, to string, changes []model.Change) error {
	t := model.TallyOf(changes)
	d := jsonDiff{Format: JSONFormat, Version: JSONVersion, From: from, To: to, Same: len(changes) == 0,
		Summary: Summary(changes), Count: jsonCount{Added: t.Added, Removed: t.Removed, Changed: t.Changed},
		Changes: make([]jsonChange, 0, len(changes))}
	for _, c := range changes {
		jc := jsonChange{Op: string(c.Op), Kind: string(c.Kind), ID: string(c.ID), Name: c.Name,
			At: jsonAt(c.Kind, c.At), Fields: make([]jsonField, 0, len(c.Fields))}
		if c.Kind != model.KindProject && c.Kind != model.KindPersona {
			jc.Journey = &jsonRef{ID: string(c.Journey), Name: c.JourneyName}
		}
		for _, f := range c.Fields {
			jf := jsonField{Field: f.Field, Old: f.Old, New: f.New}
			if f.Field == model.FieldScore {
				jf.Persona = &jsonRef{ID: string(f.Persona), Name: f.PersonaName}
			}
			jc.Fields = append(jc.Fields, jf)
		}
		if m := c.Moved; m != nil {
			jc.Moved = &jsonMove{From: jsonAt(c.Kind, m.From), To: jsonAt(c.Kind, m.To)}
		}
		if c.Kind == model.KindJourney && c.Op != model.Changed {
			jc.Contents = &jsonContents{Stages: c.Stages, Lanes: c.Lanes, Cards: c.Cards}
		}
		d.Changes = append(d.Changes, jc)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}

func jsonAt(k model.Kind, p model.Place) jsonPlace {
	at := jsonPlace{Index: p.Index}
	if k == model.KindTouchpoint {
		at.Stage = &jsonRef{ID: string(p.Stage), Name: p.StageName}
		at.Lane = &jsonRef{ID: string(p.Lane), Name: p.LaneName}
	}
	return at
}
