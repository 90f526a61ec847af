package geometry_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"waymark/canvas/geometry"
	"waymark/model"
)

const since = "“After round 2” (3 March 2026)"

// someChanges are one change of each sort the page words: a card added,
// removed, renamed, moved across cells and within its cell, a long note
// edited, a score, an image, tags; a stage renamed, a lane moved, a
// persona removed and one edited, the project renamed; and changes of two
// other journeys, one of them added.
func someChanges() []model.Change {
	j := func(c model.Change) model.Change {
		c.Journey, c.JourneyName = "j", "Opening an account"
		return c
	}
	long := strings.Repeat("The customer reads the terms twice and still does not know what the fee is. ", 5)
	at := model.Place{Index: 1, Stage: "s1", Lane: "l1", StageName: "Discover", LaneName: "Actions"}
	there := model.Place{Index: 0, Stage: "s2", Lane: "l1", StageName: "Apply", LaneName: "Actions"}
	return []model.Change{
		{Op: model.Changed, Kind: model.KindProject, ID: "p", Name: "Northwind", Fields: []model.FieldChange{{Field: model.FieldName, Old: "Northwind", New: "Northwind Bank"}}},
		{Op: model.Removed, Kind: model.KindPersona, ID: "pe1", Name: "Old persona", At: model.Place{Index: 1}},
		{Op: model.Changed, Kind: model.KindPersona, ID: "pe2", Name: "Zoë", Fields: []model.FieldChange{{Field: model.FieldQuote, Old: "", New: "I want it simple."}}},
		{Op: model.Changed, Kind: model.KindPersona, ID: "pe3", Name: "Sam", Fields: []model.FieldChange{{Field: model.FieldRole, Old: "", New: "Student"}}},
		j(model.Change{Op: model.Changed, Kind: model.KindJourney, ID: "j", Name: "Opening an account", Fields: []model.FieldChange{{Field: model.FieldOwner, Old: "", New: "CX team"}}}),
		j(model.Change{Op: model.Changed, Kind: model.KindStage, ID: "s1", Name: "Discover", Fields: []model.FieldChange{{Field: model.FieldName, Old: "Discover", New: "Discovery"}}}),
		j(model.Change{Op: model.Changed, Kind: model.KindLane, ID: "l2", Name: "Thoughts", Moved: &model.Move{From: model.Place{Index: 1}, To: model.Place{Index: 3}}}),
		j(model.Change{Op: model.Removed, Kind: model.KindTouchpoint, ID: "t1", Name: "Visit a branch", At: at}),
		j(model.Change{Op: model.Added, Kind: model.KindTouchpoint, ID: "t2", Name: "Chat with an agent", At: there}),
		j(model.Change{Op: model.Changed, Kind: model.KindTouchpoint, ID: "t3", Name: "Pay", At: at,
			Fields: []model.FieldChange{{Field: model.FieldTitle, Old: "Pay", New: "Pay now"},
				{Field: model.FieldNotes, Old: long, New: long + "Then they call."},
				{Field: model.FieldScore, PersonaName: "Zoë", Old: "2", New: "-1"},
				{Field: model.FieldImage, Old: "", New: "img1"},
				{Field: model.FieldTags, Old: "fees", New: "fees, trust"},
				{Field: model.FieldPainPoint, Old: "no", New: "yes"}},
			Moved: &model.Move{From: at, To: there}}),
		j(model.Change{Op: model.Changed, Kind: model.KindTouchpoint, ID: "t4", Name: "Wait", At: at,
			Moved: &model.Move{From: at, To: model.Place{Index: 0, Stage: "s1", Lane: "l1", StageName: "Discover", LaneName: "Actions"}}}),
		{Op: model.Changed, Kind: model.KindTouchpoint, ID: "o1", Name: "Elsewhere card", Journey: "o", JourneyName: "Renewing",
			Fields: []model.FieldChange{{Field: model.FieldTitle, Old: "Elsewhere card", New: "Renamed elsewhere"}}},
		{Op: model.Removed, Kind: model.KindStage, ID: "o2", Name: "Elsewhere stage", Journey: "o", JourneyName: "Renewing"},
		{Op: model.Added, Kind: model.KindJourney, ID: "n", Name: "Closing", Journey: "n", JourneyName: "Closing", Stages: 3, Lanes: 2, Cards: 9},
	}
}

// journeyJ is the journey the changes are printed for: persona pe2 is
// its, pe3 is not.
var journeyJ = &model.Journey{ID: "j", Title: "Opening an account", PersonaIDs: []model.ID{"pe2"}}

func pageWords(pages []geometry.SheetPage) string {
	var out []string
	for _, pg := range pages {
		out = append(out, textsOf(pg)...)
	}
	return strings.Join(out, " ")
}

func TestSheetChanges(t *testing.T) {
	m := metrics(t)
	st := geometry.DefaultSheetStyle
	changes := someChanges()
	for _, size := range [][2]float32{{1000, 700}, {420, 600}, {3000, 2100}} {
		name := fmt.Sprint(size)
		pages := geometry.LayoutChanges(m, st, sheetHead, since, journeyJ, changes, size[0], size[1])
		checkPages(t, name, m, st, pages)
		words := pageWords(pages)
		for _, want := range []string{"Since the version “After round 2” (3 March 2026):", "The project", "Personas", "The journey", "Stages", "Lanes", "Cards",
			"Visit a branch", "Chat with an agent", "“Pay now”", "“Discovery”", "Old persona", "CX team", "score for Zoë", "image added",
			"Apply / Actions", "moved in its cell", "position 4", "Elsewhere in the project", "3 changes in 2 other journeys",
			"1 change to personas this journey does not show: “Sam”.", "“Renewing” 2 changes", "“Closing” added",
			"10 changes: 1 added, 2 removed, 7 changed (3 of them moved)."} {
			if !strings.Contains(words, want) {
				t.Errorf("%s: no %q in %s", name, want, words)
			}
		}
		// A long note's edit shows as the words around it.
		if !strings.Contains(words, "“…the fee is.”") || strings.Contains(words, "fee is. The customer") {
			t.Errorf("%s: a long note's edit is not shown around the difference: %s", name, words)
		}
		if strings.Contains(words, "Renamed elsewhere") {
			t.Errorf("%s: another journey's change listed: %s", name, words)
		}

		rows := map[int]int{}
		for i, pg := range pages {
			if !strings.HasPrefix(pg.Title, "What changed since") {
				t.Errorf("%s: page titled %q", name, pg.Title)
			}
			for _, p := range pg.Polys {
				for _, q := range p.Points {
					if !pg.Size.Contains(q) {
						t.Errorf("%s: page %d: a mark at %v off the page", name, i+1, q)
					}
				}
			}
			for _, it := range pg.Items {
				rows[it.Index]++
				c := changes[it.Index]
				// Each row is marked by a shape, not by colour alone: the
				// first thing in its left column.
				var mark string
				for _, tx := range pg.Texts {
					if it.Rect.Contains(geometry.Point{X: tx.X + 0.1, Y: tx.Y + tx.Size/2}) && tx.X < it.Rect.X+2*st.TextSize {
						mark = tx.Text.Text
					}
				}
				arrow := false
				for _, p := range pg.Polys {
					if it.Rect.Contains(p.Points[0]) && p.Points[0].X < it.Rect.X+2*st.TextSize && p.Ink == geometry.InkMoved {
						arrow = true
					}
				}
				want := map[model.Op]string{model.Added: "+", model.Removed: "–", model.Changed: "~"}[c.Op]
				if c.Op == model.Changed && len(c.Fields) == 0 {
					if !arrow || mark != "" {
						t.Errorf("%s: the move of %q is not marked by an arrow (%q)", name, c.Name, mark)
					}
				} else if mark != want {
					t.Errorf("%s: %s %q marked %q, want %q", name, c.Op, c.Name, mark, want)
				}
				// Removed names are struck through, and only they.
				struck := false
				for _, s := range pg.Strikes {
					if it.Rect.Contains(geometry.Point{X: s.X0, Y: s.Y0}) {
						struck = true
					}
				}
				if struck != (c.Op == model.Removed) {
					t.Errorf("%s: %s %q struck: %v", name, c.Op, c.Name, struck)
				}
				// Everything of the row inside it.
				for _, tx := range pg.Texts {
					box := sheetBox(m, st, tx)
					if it.Rect.Contains(geometry.Point{X: box.X + 1, Y: box.Y + 1}) && !box.Inside(it.Rect) {
						t.Errorf("%s: %q runs out of its row %v", name, tx.Text.Text, it.Rect)
					}
				}
			}
		}
		for i, c := range changes {
			want := 1
			if c.Journey == "o" || c.Journey == "n" || c.ID == "pe3" {
				want = 0
			}
			if rows[i] != want {
				t.Errorf("%s: change %d (%q) in %d rows, want %d", name, i, c.Name, rows[i], want)
			}
		}
		if !reflect.DeepEqual(pages, geometry.LayoutChanges(m, st, sheetHead, since, journeyJ, changes, size[0], size[1])) {
			t.Errorf("%s: the same changes laid out twice differ", name)
		}
	}
}

// The inks of the four sorts of change differ in lightness too, on both
// palettes, though the marks' shapes tell them apart anyway.
func TestSheetChangeInks(t *testing.T) {
	for _, p := range []geometry.Palette{geometry.Light, geometry.Dark} {
		var seen []geometry.Ink
		for _, ink := range []geometry.Ink{geometry.InkAdded, geometry.InkRemoved, geometry.InkChanged, geometry.InkMoved} {
			c := geometry.InkColor(p, ink, "")
			if c.A != 0xff {
				t.Errorf("ink %d is not opaque", ink)
			}
			for _, o := range seen {
				if geometry.InkColor(p, o, "") == c {
					t.Errorf("inks %d and %d are one colour", o, ink)
				}
			}
			seen = append(seen, ink)
		}
	}
}

// A long text is cut short with an ellipsis, around its first difference,
// and stays inside its column on a narrow page.
func TestSheetChangesClipsLongText(t *testing.T) {
	m := metrics(t)
	st := geometry.DefaultSheetStyle
	long := strings.Repeat("word ", 200)
	changes := []model.Change{{Op: model.Changed, Kind: model.KindTouchpoint, ID: "t", Name: strings.Repeat("Long name ", 30),
		Journey: "j", At: model.Place{StageName: strings.Repeat("Stage ", 40), LaneName: "Lane"},
		Fields: []model.FieldChange{{Field: model.FieldNotes, Old: long + "old ending", New: long + "new ending"},
			{Field: model.FieldOwner, Old: strings.Repeat("Team ", 50), New: "Us"}}}}
	pages := geometry.LayoutChanges(m, st, sheetHead, since, journeyJ, changes, 420, 600)
	checkPages(t, "long", m, st, pages)
	words := pageWords(pages)
	if !strings.Contains(words, "…") {
		t.Errorf("nothing cut short: %s", words)
	}
	if !strings.Contains(words, "“Us”") {
		t.Errorf("the short new value is cut for the long old one: %s", words)
	}
	if strings.Count(words, "word") > 60 {
		t.Errorf("the long note printed nearly whole: %s", words)
	}
}

func TestSheetChangesNothing(t *testing.T) {
	m := metrics(t)
	st := geometry.DefaultSheetStyle
	pages := geometry.LayoutChanges(m, st, sheetHead, since, journeyJ, nil, 1000, 700)
	checkPages(t, "none", m, st, pages)
	if len(pages) != 1 || len(pages[0].Items) != 0 {
		t.Fatalf("%d pages, %d rows", len(pages), len(pages[0].Items))
	}
	if w := pageWords(pages); !strings.Contains(w, "Nothing changed since “After round 2” (3 March 2026).") {
		t.Errorf("want the nothing-changed sentence: %s", w)
	}
	// Only another journey changed: this one did not, and the others are
	// counted.
	other := someChanges()[11:13]
	pages = geometry.LayoutChanges(m, st, sheetHead, since, journeyJ, other, 1000, 700)
	if w := pageWords(pages); !strings.Contains(w, "Nothing changed in this journey") || !strings.Contains(w, "2 changes in 1 other journey") {
		t.Errorf("want this journey unchanged and the other counted: %s", w)
	}
}

// 500 changes continue over pages, each change once, each page titled,
// numbered and saying what it continues.
func TestSheetChangesPaginate(t *testing.T) {
	m := metrics(t)
	st := geometry.DefaultSheetStyle
	var changes []model.Change
	for i := 0; i < 500; i++ {
		op := []model.Op{model.Added, model.Removed, model.Changed}[i%3]
		c := model.Change{Op: op, Kind: model.KindTouchpoint, ID: model.ID(fmt.Sprint("t", i)), Name: fmt.Sprintf("Card %d", i),
			Journey: "j", At: model.Place{StageName: fmt.Sprint("Stage ", i%9), LaneName: "Actions"}}
		if op == model.Changed {
			c.Fields = []model.FieldChange{{Field: model.FieldTitle, Old: c.Name, New: c.Name + " renamed"}}
		}
		changes = append(changes, c)
	}
	pages := geometry.LayoutChanges(m, st, sheetHead, since, journeyJ, changes, 520, 760)
	checkPages(t, "500", m, st, pages)
	if len(pages) < 5 {
		t.Fatalf("500 changes on %d pages", len(pages))
	}
	seen := make([]int, len(changes))
	for i, pg := range pages {
		for _, it := range pg.Items {
			seen[it.Index]++
		}
		if i > 0 && !slices.Contains(textsOf(pg), "Cards, continued") {
			t.Errorf("page %d does not say it continues the cards", i+1)
		}
	}
	for i, n := range seen {
		if n != 1 {
			t.Errorf("change %d on %d pages", i, n)
		}
	}
}

// BenchmarkLayoutChanges lays out 5,000 changes of cards, a third of them
// edits of two fields, on A4-sized pages.
func BenchmarkLayoutChanges(b *testing.B) {
	m := metrics(b)
	st := geometry.DefaultSheetStyle
	var changes []model.Change
	for i := 0; i < 5000; i++ {
		op := []model.Op{model.Added, model.Removed, model.Changed}[i%3]
		c := model.Change{Op: op, Kind: model.KindTouchpoint, ID: model.ID(fmt.Sprint("t", i)), Name: fmt.Sprintf("Card %d waits for a reply", i),
			Journey: "j", At: model.Place{StageName: fmt.Sprint("Stage ", i%9), LaneName: "Actions"}}
		if op == model.Changed {
			c.Fields = []model.FieldChange{{Field: model.FieldTitle, Old: c.Name, New: c.Name + " renamed"},
				{Field: model.FieldNotes, Old: strings.Repeat("note ", 30), New: strings.Repeat("note ", 31)}}
		}
		changes = append(changes, c)
	}
	b.ResetTimer()
	for range b.N {
		geometry.LayoutChanges(m, st, sheetHead, since, journeyJ, changes, 520, 760)
	}
}

// A version named at great length is cut: the page is about the changes.
func TestSheetChangesLongSince(t *testing.T) {
	m := metrics(t)
	st := geometry.DefaultSheetStyle
	long := "“" + strings.Repeat("After the second round of interviews ", 100) + "”"
	pages := geometry.LayoutChanges(m, st, sheetHead, long, journeyJ, someChanges(), 1000, 700)
	checkPages(t, "long since", m, st, pages)
	if w := pageWords(pages); strings.Count(w, "second round") > 12 {
		t.Errorf("the version's name is printed whole: %d times", strings.Count(w, "second round"))
	}
}
