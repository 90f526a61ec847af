// Package difftext words the changes between two versions of a project
// (model.Diff) for a person: one line per change, grouped by journey, and a
// count. `waymark diff` prints them; File › Compare with… lists them.
package difftext

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"waymark/internal/printable"
	"waymark/model"
)

// Line is one line of a comparison as a person reads it.
type Line struct {
	Text   string
	Indent bool     // inside a journey's group
	Header bool     // a journey's heading
	Gap    bool     // a blank line goes before it
	Op     model.Op // "" for a plain heading
}

// Write writes changes grouped by journey, then a count. Stage, lane and
// tag names are shown as written, so each line passes printable.Line: a name
// crafted to hold terminal commands shows them as escapes.
func Write(w io.Writer, changes []model.Change) {
	for _, l := range Lines(changes) {
		if l.Gap {
			fmt.Fprintln(w)
		}
		if l.Indent {
			fmt.Fprint(w, "  ")
		}
		fmt.Fprintln(w, printable.Line(l.Text))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, Count(changes))
}

// Count says how many objects were added, removed and changed.
func Count(changes []model.Change) string {
	t := model.TallyOf(changes)
	return fmt.Sprintf("%s: %d added, %d removed, %d changed", Plural(len(changes), "difference", "differences"), t.Added, t.Removed, t.Changed)
}

func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// Lines words the changes: project and personas first, then one group
// per journey under its title. A whole journey added or removed is one line.
func Lines(changes []model.Change) []Line {
	var out []Line
	group := model.ID("") // the journey whose group is open
	for _, c := range changes {
		switch {
		case c.Kind == model.KindProject || c.Kind == model.KindPersona:
			group = ""
			out = append(out, Line{Text: changeText(c), Op: c.Op})
		case c.Kind == model.KindJourney && c.Op != model.Changed:
			group = ""
			out = append(out, Line{Text: changeText(c), Op: c.Op, Gap: len(out) > 0})
		case c.Kind == model.KindJourney:
			group = c.Journey
			out = append(out, Line{Text: changeText(c), Op: c.Op, Header: true, Gap: len(out) > 0})
		default:
			if c.Journey != group {
				group = c.Journey
				out = append(out, Line{Text: "journey " + strconv.Quote(c.JourneyName) + ":", Header: true, Gap: len(out) > 0})
			}
			out = append(out, Line{Text: changeText(c), Op: c.Op, Indent: true})
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
		fmt.Fprintf(&b, " (%s, %s, %s)", Plural(c.Stages, "stage", "stages"), Plural(c.Lanes, "lane", "lanes"), Plural(c.Cards, "card", "cards"))
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
		before, after := model.ElideChange(f.Old, f.New)
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
