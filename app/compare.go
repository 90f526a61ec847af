package app

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"waymark/canvas/board"
	"waymark/model"
	"waymark/storage"
)

// Comparing two versions of a project: `waymark diff` and File › Compare
// with…. model.Diff finds the changes; this file words them for a person.

// exitStatus ends a command with a chosen exit code. err, when set, is
// printed like any other error; diff uses it for "the files differ" (1,
// nothing printed) and "a file could not be read" (2).
type exitStatus struct {
	code int
	err  error
}

func (e exitStatus) Error() string {
	if e.err != nil {
		return e.err.Error()
	}
	return "exit status " + strconv.Itoa(e.code)
}

func (e exitStatus) Unwrap() error { return e.err }

const diffSummary = "list what changed between two project files; exit status 0 when they are the same, 1 when they differ, 2 when a file cannot be read"

func runDiff(ctx context.Context, c *cli, args []string) error {
	fs := flags("diff")
	quiet := fs.Bool("q", false, "print nothing; only the exit status says whether the files differ")
	pos, err := c.parse(fs, "diff", args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("expected two files, OLD.cjm and NEW.cjm, got %d arguments", len(pos))
	}
	var ps [2]*model.Project
	for i, path := range pos {
		if ps[i], err = storage.Check(ctx, path); err != nil {
			return exitStatus{ExitUsage, err}
		}
	}
	changes := model.Diff(ps[0], ps[1])
	if ps[0].ID != ps[1].ID && !*quiet {
		fmt.Fprintf(c.stderr, "waymark diff: warning: %s and %s are not versions of one project; objects match only by ID, so almost everything differs\n",
			filepath.Base(pos[0]), filepath.Base(pos[1]))
	}
	if *quiet {
		if len(changes) > 0 {
			return exitStatus{code: ExitError}
		}
		return nil
	}
	if len(changes) == 0 {
		fmt.Fprintf(c.stdout, "no differences between %s and %s\n", pos[0], pos[1])
		return nil
	}
	writeDiff(c.stdout, changes)
	return exitStatus{code: ExitError}
}

// diffLine is one line of a comparison as a person reads it.
type diffLine struct {
	text   string
	indent bool     // inside a journey's group
	header bool     // a journey's heading
	gap    bool     // a blank line goes before it
	op     model.Op // "" for a plain heading
}

// writeDiff writes changes grouped by journey, then a count.
func writeDiff(w io.Writer, changes []model.Change) {
	for _, l := range diffLines(changes) {
		if l.gap {
			fmt.Fprintln(w)
		}
		if l.indent {
			fmt.Fprint(w, "  ")
		}
		fmt.Fprintln(w, l.text)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, diffCount(changes))
}

// diffCount says how many objects were added, removed and changed.
func diffCount(changes []model.Change) string {
	var add, rem, chg int
	for _, c := range changes {
		switch c.Op {
		case model.Added:
			add++
		case model.Removed:
			rem++
		default:
			chg++
		}
	}
	return fmt.Sprintf("%s: %d added, %d removed, %d changed", plural(len(changes), "difference", "differences"), add, rem, chg)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// diffLines words the changes: project and personas first, then one group
// per journey under its title. A whole journey added or removed is one line.
func diffLines(changes []model.Change) []diffLine {
	var out []diffLine
	group := model.ID("") // the journey whose group is open
	for _, c := range changes {
		switch {
		case c.Kind == model.KindProject || c.Kind == model.KindPersona:
			group = ""
			out = append(out, diffLine{text: changeText(c), op: c.Op})
		case c.Kind == model.KindJourney && c.Op != model.Changed:
			group = ""
			out = append(out, diffLine{text: changeText(c), op: c.Op, gap: len(out) > 0})
		case c.Kind == model.KindJourney:
			group = c.Journey
			out = append(out, diffLine{text: changeText(c), op: c.Op, header: true, gap: len(out) > 0})
		default:
			if c.Journey != group {
				group = c.Journey
				out = append(out, diffLine{text: "journey " + strconv.Quote(c.JourneyName) + ":", header: true, gap: len(out) > 0})
			}
			out = append(out, diffLine{text: changeText(c), op: c.Op, indent: true})
		}
	}
	return out
}

var opSign = map[model.Op]string{model.Added: "+", model.Removed: "-", model.Changed: "~"}

// changeText is one change on one line: `~ touchpoint "Pay" (Checkout /
// Actions): title "Pay" → "Pay now"; moved from Checkout/Actions #2 to
// Delivery/Actions #0`.
func changeText(c model.Change) string {
	var b strings.Builder
	b.WriteString(opSign[c.Op])
	b.WriteByte(' ')
	b.WriteString(string(c.Kind))
	b.WriteByte(' ')
	b.WriteString(strconv.Quote(c.Name))
	if c.Kind == model.KindTouchpoint {
		fmt.Fprintf(&b, " (%s / %s)", c.At.StageName, c.At.LaneName)
	}
	if c.Kind == model.KindJourney && c.Op != model.Changed {
		fmt.Fprintf(&b, " (%s, %s, %s)", plural(c.Stages, "stage", "stages"), plural(c.Lanes, "lane", "lanes"), plural(c.Cards, "card", "cards"))
	}
	var parts []string
	for _, f := range c.Fields {
		parts = append(parts, fieldText(f))
	}
	if m := c.Moved; m != nil {
		if c.Kind == model.KindTouchpoint {
			parts = append(parts, fmt.Sprintf("moved from %s/%s #%d to %s/%s #%d",
				m.From.StageName, m.From.LaneName, m.From.Index, m.To.StageName, m.To.LaneName, m.To.Index))
		} else {
			parts = append(parts, fmt.Sprintf("moved from #%d to #%d", m.From.Index, m.To.Index))
		}
	}
	if len(parts) > 0 {
		b.WriteString(": ")
		b.WriteString(strings.Join(parts, "; "))
	}
	return b.String()
}

// fieldText is one field's change: `title "Pay" → "Pay now"`.
func fieldText(f model.FieldChange) string {
	switch f.Field {
	case model.FieldPhoto, model.FieldImage:
		switch {
		case f.Old == "":
			return f.Field + " added"
		case f.New == "":
			return f.Field + " removed"
		}
		return f.Field + " replaced"
	case model.FieldScore:
		return fmt.Sprintf("score for %s %s → %s", strconv.Quote(f.PersonaName), orNone(f.Old), orNone(f.New))
	case model.FieldTags, model.FieldEvidenceLinks, model.FieldPersonas:
		return fmt.Sprintf("%s [%s] → [%s]", f.Field, f.Old, f.New)
	}
	if f.IsText() {
		before, after := elide(f.Old, f.New)
		return fmt.Sprintf("%s %s → %s", f.Field, quoteText(before), quoteText(after))
	}
	return fmt.Sprintf("%s %s → %s", f.Field, orNone(f.Old), orNone(f.New))
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func quoteText(s string) string {
	if s == "" {
		return "(empty)"
	}
	return strconv.Quote(s)
}

// elideAt is the longest text a change shows in full.
const elideAt = 60

// elide shortens two long texts to the part around where they first
// differ, so a one-word edit in a long note shows as that word.
func elide(before, after string) (string, string) {
	a, b := []rune(before), []rune(after)
	if len(a) <= elideAt && len(b) <= elideAt {
		return before, after
	}
	same := 0
	for same < len(a) && same < len(b) && a[same] == b[same] {
		same++
	}
	// Start a few words before the difference, at the start of a word.
	start := 0
	if same > 20 {
		start = same - 15
		for k := start; k < same && k < start+10; k++ {
			if a[k] == ' ' {
				start = k + 1
				break
			}
		}
	}
	cut := func(r []rune) string {
		if len(r) == 0 {
			return ""
		}
		s, e := min(start, len(r)), min(len(r), start+elideAt)
		// End at the end of a word when one is near.
		for k := e; e < len(r) && k > e-12 && k > s; k-- {
			if r[k] == ' ' {
				e = k
				break
			}
		}
		out := string(r[s:e])
		if s > 0 {
			out = "…" + out
		}
		if e < len(r) {
			out += "…"
		}
		return out
	}
	return cut(a), cut(b)
}

// compareHighlights are the cards of cur to outline after comparing: those
// added, changed or moved, and every card of a journey that was added.
// Cards of every journey are named, so switching tabs keeps the outlines.
func compareHighlights(changes []model.Change, cur *model.Project) []model.ID {
	var ids []model.ID
	for _, c := range changes {
		switch {
		case c.Kind == model.KindTouchpoint && c.Op != model.Removed:
			ids = append(ids, c.ID)
		case c.Kind == model.KindJourney && c.Op == model.Added:
			if j := cur.Journey(c.ID); j != nil {
				for _, t := range j.Touchpoints {
					ids = append(ids, t.ID)
				}
			}
		}
	}
	return ids
}

// ShowCompareDialog is File › Compare with…: it asks for another .cjm file,
// reads it off the UI goroutine (read-only, with every check Open runs) and
// lists what changed from that file to the current project, outlining the
// added, changed and moved cards on the board b until the list is closed
// or cleared. Call it on the UI goroutine.
func ShowCompareDialog(w fyne.Window, current *model.Project, b *board.Board) {
	askOpenPath(w, []string{".cjm"}, func(path string) { compareWith(w, current, b, path, nil) })
}

// compareView is the list of changes and its buttons.
type compareView struct {
	win     fyne.Window
	board   *board.Board
	current *model.Project
	other   *model.Project
	name    string // the other file's name
	changes []model.Change
	summary *widget.Label
	text    *widget.RichText
	dlg     dialog.Dialog
}

// compareWith compares the file at path with current off the UI goroutine,
// behind a progress dialog with Cancel, then shows the changes or the error.
// done (for tests) is called after that, on the UI goroutine.
func compareWith(w fyne.Window, current *model.Project, b *board.Board, path string, done func(*compareView, error)) {
	snap := current.Clone() // the UI goroutine goes on editing current
	ctx, cancel := context.WithCancel(context.Background())
	bar := widget.NewProgressBarInfinite()
	wait := dialog.NewCustomWithoutButtons("Reading "+filepath.Base(path), container.NewVBox(bar,
		container.NewCenter(widget.NewButton("Cancel", cancel))), w)
	visible := false
	timer := timeAfter(250, func() { fyne.Do(func() { visible = true; wait.Show() }) })
	go func() {
		other, err := storage.Check(ctx, path)
		var changes []model.Change
		if err == nil {
			changes = model.Diff(other, snap)
		}
		timer.Stop()
		fyne.Do(func() {
			if visible {
				wait.Hide()
			}
			bar.Stop()
			cancelled := ctx.Err() != nil
			cancel()
			switch {
			case cancelled:
				err = context.Canceled
			case err != nil:
				showErrorOn(w, err)
			}
			var v *compareView
			if err == nil {
				v = &compareView{win: w, board: b, current: current, other: other, name: filepath.Base(path), changes: changes}
				v.build()
				v.show()
			}
			if done != nil {
				done(v, err)
			}
		})
	}()
}

// maxShownLines caps the list in the dialog; `waymark diff` prints all.
const maxShownLines = 400

func (v *compareView) build() {
	v.summary = widget.NewLabel("")
	v.summary.Wrapping = fyne.TextWrapWord
	v.text = widget.NewRichText()
	v.text.Wrapping = fyne.TextWrapWord
	clearBtn := widget.NewButtonWithIcon("Clear highlights", theme.ContentClearIcon(), func() { v.board.SetHighlight(nil) })
	refresh := widget.NewButtonWithIcon("Compare again", theme.ViewRefreshIcon(), v.refresh)
	closeBtn := widget.NewButton("Close", v.close)
	closeBtn.Importance = widget.HighImportance
	body := container.NewBorder(v.summary, container.NewHBox(refresh, layout.NewSpacer(), clearBtn, closeBtn), nil, nil,
		container.NewVScroll(v.text))
	v.dlg = dialog.NewCustomWithoutButtons("Compare with "+v.name, body, v.win)
	v.dlg.SetOnClosed(func() { v.board.SetHighlight(nil) })
	v.dlg.Resize(fyne.NewSize(760, 540))
	v.fill()
}

func (v *compareView) show() { v.dlg.Show() }

func (v *compareView) close() { v.dlg.Hide() }

// refresh compares again with the project as it is now (after edits made
// since), against the file already read.
func (v *compareView) refresh() {
	v.changes = model.Diff(v.other, v.current)
	v.fill()
}

// fill shows the changes and outlines their cards.
func (v *compareView) fill() {
	if len(v.changes) == 0 {
		v.summary.SetText(fmt.Sprintf("No differences: this project is the same as %s.", v.name))
		v.text.Segments = nil
		v.text.Refresh()
		v.board.SetHighlight(nil)
		return
	}
	hl := compareHighlights(v.changes, v.current)
	note := ""
	if len(hl) > 0 {
		note = fmt.Sprintf(" %s outlined on the board.", plural(len(hl), "card is", "cards are"))
	}
	v.summary.SetText(fmt.Sprintf("From %s to this project: %s.%s", v.name, diffCount(v.changes), note))
	v.text.Segments = diffSegments(diffLines(v.changes))
	v.text.Refresh()
	v.board.SetHighlight(hl)
}

// diffSegments colours the lines: added green, removed red, journeys bold.
func diffSegments(lines []diffLine) []widget.RichTextSegment {
	var segs []widget.RichTextSegment
	for i, l := range lines {
		if i == maxShownLines {
			segs = append(segs, &widget.TextSegment{Text: fmt.Sprintf("… and %d more lines; `waymark diff` lists them all.", len(lines)-i),
				Style: widget.RichTextStyleParagraph})
			break
		}
		st := widget.RichTextStyleParagraph
		switch l.op {
		case model.Added:
			st.ColorName = theme.ColorNameSuccess
		case model.Removed:
			st.ColorName = theme.ColorNameError
		}
		text := l.text
		if l.indent {
			text = "    " + text
		}
		if l.header {
			st.TextStyle.Bold = true
		}
		if l.gap {
			segs = append(segs, &widget.TextSegment{Text: " ", Style: widget.RichTextStyleParagraph})
		}
		// Keep the line one paragraph even if a name holds a line break.
		// The app's font (Noto Sans) has no arrows: » stands for →.
		text = strings.ReplaceAll(strings.ReplaceAll(text, "\n", " "), " → ", " » ")
		text = strings.ToValidUTF8(text, "\uFFFD")
		segs = append(segs, &widget.TextSegment{Text: text, Style: st})
	}
	return segs
}
