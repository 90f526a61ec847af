package poster

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"waymark/canvas/geometry"
	"waymark/model"
)

const testSince = "“After round 2” (3 March 2026)"

// editedSample is the sample project as it was (the saved version) and a
// copy with the edits a team makes between two workshops: cards added,
// removed, moved and renamed, a stage renamed and described, a persona's
// name and quote, a long note, and a card of another journey.
func editedSample(t testing.TB) (before, after *model.Project, names []string) {
	t.Helper()
	before = sample(t)
	after = before.Clone()
	j := after.Journeys[0]
	cell := func(s, l model.ID) []*model.Touchpoint {
		var out []*model.Touchpoint
		for _, tp := range j.Touchpoints {
			if tp.StageID == s && tp.LaneID == l {
				out = append(out, tp)
			}
		}
		slices.SortFunc(out, func(a, b *model.Touchpoint) int { return a.Order - b.Order })
		return out
	}
	dense := func(s, l model.ID) {
		for i, tp := range cell(s, l) {
			tp.Order = i
		}
	}
	if len(j.Touchpoints) < 4 || len(j.Stages) < 2 || len(after.Personas) == 0 {
		t.Fatal("the sample is too small for the edits")
	}
	tps := slices.Clone(j.Touchpoints)
	renamed, removed, moved, noted := tps[0], tps[1], tps[2], tps[3]
	renamedOld := renamed.Title
	renamed.Title += " (revised)"
	noted.Notes = strings.Repeat("The customer reads the whole page twice before deciding anything at all. ", 4) + "Then calls."

	j.Touchpoints = slices.DeleteFunc(j.Touchpoints, func(tp *model.Touchpoint) bool { return tp == removed })
	dense(removed.StageID, removed.LaneID)

	from := moved.StageID
	to := j.Stages[len(j.Stages)-1].ID
	if to == from {
		to = j.Stages[0].ID
	}
	moved.StageID, moved.Order = to, len(cell(to, moved.LaneID))
	dense(from, moved.LaneID)

	added := &model.Touchpoint{ID: "added-card", StageID: j.Stages[0].ID, LaneID: j.Lanes[0].ID,
		Order: len(cell(j.Stages[0].ID, j.Lanes[0].ID)), Title: "Chat with a human agent", PainPoint: true, Emotions: map[model.ID]int{}}
	j.Touchpoints = append(j.Touchpoints, added)

	stageOld := j.Stages[0].Name
	j.Stages[0].Name = "Discovery and first contact"
	j.Stages[0].Description = "Where customers first hear of us."
	personaOld := after.Personas[0].Name
	after.Personas[0].Name += " Jones"
	after.Personas[0].Quote = "I only want to know when it arrives."
	if len(after.Journeys) > 1 {
		if o := after.Journeys[1]; len(o.Touchpoints) > 0 {
			o.Touchpoints[0].Title += " (elsewhere)"
		}
	}
	if err := after.Validate(); err != nil {
		t.Fatal(err)
	}
	return before, after, []string{renamedOld, removed.Title, moved.Title, noted.Title, added.Title, stageOld, personaOld}
}

// changesOpts are options for a map and its changes page.
func changesOpts(t testing.TB, paper string, changes []model.Change) Options {
	o := opts(t, paper)
	o.Pages = []Page{PageMap, PageChanges}
	o.Since = testSince
	o.Changes = changes
	return o
}

func TestChangesPageReadsBack(t *testing.T) {
	before, after, names := editedSample(t)
	changes := model.Diff(before, after)
	if len(changes) == 0 {
		t.Fatal("the edits made no changes")
	}
	d := docOf(t, after, nil)
	dir := t.TempDir()
	path, res := writePDF(t, dir, "changes.pdf", d, changesOpts(t, "A3", changes))
	tool(t, "qpdf", "--check", path)
	if !regexp.MustCompile(`(?m)^Pages:\s+2$`).MatchString(tool(t, "pdfinfo", path)) || res.Pages != 2 {
		t.Fatalf("want the map and one changes page, got %d pages:\n%s", res.Pages, tool(t, "pdfinfo", path))
	}
	for _, w := range res.Warnings {
		if strings.Contains(w, "font") || strings.Contains(w, "glyph") {
			t.Errorf("a warning: %s", w)
		}
	}
	text := tool(t, "pdftotext", "-f", "2", "-l", "2", "-layout", path, "-")
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range append(names, "What changed since", "“After round 2”", "3 March 2026",
		"Discovery and first contact", "Cards", "Stages", "Personas", "added", "removed", "changed") {
		if !strings.Contains(flat, want) {
			t.Errorf("the changes page lacks %q:\n%s", want, text)
		}
	}
	// The long note is cut short, not printed whole.
	if strings.Count(flat, "twice before deciding") > 1 || strings.Contains(flat, "Then calls") {
		t.Errorf("the long note is printed whole:\n%s", text)
	}
	// The other journey's change is counted, not listed.
	if len(after.Journeys) > 1 {
		if !strings.Contains(flat, "Elsewhere in the project") || strings.Contains(flat, "(elsewhere)") {
			t.Errorf("want the other journey counted in one line:\n%s", text)
		}
	}
	// Every change of the journey, its personas and the project is one
	// row of the page.
	pl := plannedSheets(t, d, changesOpts(t, "A3", changes))
	rows := 0
	for _, pg := range pl.sheets[0].pages {
		rows += len(pg.Items)
	}
	want := 0
	for _, c := range changes {
		if c.Kind == model.KindProject || c.Journey == d.Journey.ID ||
			c.Kind == model.KindPersona && (c.Op == model.Removed || slices.Contains(d.Journey.PersonaIDs, c.ID)) {
			want++
		}
	}
	if rows != want {
		t.Errorf("%d rows for %d changes of the journey", rows, want)
	}
	// The removed card is struck through.
	if len(pl.sheets[0].pages[0].Strikes) == 0 {
		t.Error("nothing is struck through")
	}
}

func TestChangesPageNothingChanged(t *testing.T) {
	p := sample(t)
	d := docOf(t, p, nil)
	dir := t.TempDir()
	for _, changes := range [][]model.Change{nil, model.Diff(p, p.Clone())} {
		path, res := writePDF(t, dir, "same.pdf", d, changesOpts(t, "A4", changes))
		if res.Pages != 2 {
			t.Fatalf("%d pages, want 2", res.Pages)
		}
		text := strings.Join(strings.Fields(tool(t, "pdftotext", "-f", "2", "-l", "2", path, "-")), " ")
		if !strings.Contains(text, "Nothing changed since “After round 2” (3 March 2026).") {
			t.Errorf("want the nothing-changed sentence:\n%s", text)
		}
	}
}

func TestChangesPageNeedsSince(t *testing.T) {
	d := docOf(t, sample(t), nil)
	o := changesOpts(t, "A4", nil)
	o.Since = "  "
	var buf bytes.Buffer
	_, err := painter(t).WritePDF(context.Background(), &buf, d, o)
	if err == nil || !strings.Contains(err.Error(), "changes page needs the saved version") {
		t.Fatalf("want a refusal naming the missing version, got %v", err)
	}
	if buf.Len() > 0 {
		t.Error("bytes written after a refusal")
	}
	if o.Check() == nil {
		t.Error("Check lets a changes page without its version through")
	}
	o.Pages = []Page{PageChanges}
	if _, err := painter(t).WritePNG(context.Background(), &buf, d, changesOpts(t, "A4", nil)); err == nil {
		t.Error("a PNG printed the changes page")
	}
}

func TestParsePagesChanges(t *testing.T) {
	got, err := ParsePages("map, Changes")
	if err != nil || !slices.Equal(got, []Page{PageMap, PageChanges}) {
		t.Fatalf("got %v, %v", got, err)
	}
	if _, err := ParsePages("map,change"); err == nil || !strings.Contains(err.Error(), "changes") {
		t.Errorf("want the pages named, got %v", err)
	}
}

// manyChanges is a journey of n cards and the same journey with every
// card renamed, half of them moved, and n/4 removed and n/4 added.
func manyChanges(t testing.TB, n int) (*model.Project, []model.Change) {
	t.Helper()
	a := bigJourney(t, 12, 4, 4, n)
	b := a.Clone()
	j := b.Journeys[0]
	for i, tp := range j.Touchpoints {
		tp.Title = fmt.Sprintf("Renamed card %d with a longer title than it had before the workshop", i)
	}
	j.Touchpoints = j.Touchpoints[n/4:]
	for i := 0; i < n/4; i++ {
		j.Touchpoints = append(j.Touchpoints, &model.Touchpoint{ID: model.ID("new" + strconv.Itoa(i)), StageID: j.Stages[i%12].ID,
			LaneID: j.Lanes[0].ID, Order: 1000 + i, Title: fmt.Sprintf("New card %d", i)})
	}
	// Dense orders per cell, in the order above.
	order := map[[2]model.ID]int{}
	for _, tp := range j.Touchpoints {
		k := [2]model.ID{tp.StageID, tp.LaneID}
		tp.Order = order[k]
		order[k]++
	}
	if err := b.Validate(); err != nil {
		t.Fatal(err)
	}
	return b, model.Diff(a, b)
}

func TestChangesPagePaginates(t *testing.T) {
	p, changes := manyChanges(t, 500)
	if len(changes) < 500 {
		t.Fatalf("only %d changes", len(changes))
	}
	d := docOf(t, p, nil)
	o := changesOpts(t, "A4", changes)
	dir := t.TempDir()
	path, res := writePDF(t, dir, "many.pdf", d, o)
	tool(t, "qpdf", "--check", path)
	if res.Pages < 5 {
		t.Fatalf("%d changes on %d pages", len(changes), res.Pages)
	}
	pl := plannedSheets(t, d, o)
	pages := pl.sheets[0].pages
	seen := make([]bool, len(changes))
	for i, pg := range pages {
		for _, it := range pg.Items {
			if seen[it.Index] {
				t.Errorf("change %d is on two pages", it.Index)
			}
			seen[it.Index] = true
			if it.Rect.Y < 0 || it.Rect.Y+it.Rect.H > pg.Size.H+0.01 || it.Rect.X+it.Rect.W > pg.Size.W+0.01 {
				t.Errorf("page %d: change %d at %+v leaves the page %+v", i+1, it.Index, it.Rect, pg.Size)
			}
		}
		for _, tx := range pg.Texts {
			if tx.Y+tx.Size > pg.Size.H+0.01 {
				t.Errorf("page %d: %q below the page", i+1, tx.Text.Text)
			}
		}
	}
	for i, ok := range seen {
		if !ok {
			t.Errorf("change %d (%s %s) is on no page", i, changes[i].Op, changes[i].Name)
		}
	}
	// Every page says what it is and where it is in the run.
	last := strings.Join(strings.Fields(tool(t, "pdftotext", "-f", strconv.Itoa(res.Pages), "-l", strconv.Itoa(res.Pages), path, "-")), " ")
	if !strings.Contains(last, fmt.Sprintf("page %d of %d", len(pages), len(pages))) || !strings.Contains(last, "continued") {
		t.Errorf("the last page does not say it continues:\n%s", last)
	}
}

func TestChangesPageSameBytes(t *testing.T) {
	before, after, _ := editedSample(t)
	d := docOf(t, after, nil)
	o := changesOpts(t, "A3", model.Diff(before, after))
	var a, b bytes.Buffer
	if _, err := painter(t).WritePDF(context.Background(), &a, d, o); err != nil {
		t.Fatal(err)
	}
	if _, err := painter(t).WritePDF(context.Background(), &b, d, o); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same changes printed different bytes")
	}
}

// The page of a journey new since the version says so, with what it holds.
func TestChangesPageNewJourney(t *testing.T) {
	after := sample(t)
	before := after.Clone()
	before.Journeys = before.Journeys[1:]
	d := docOf(t, after, nil)
	pl := plannedSheets(t, d, changesOpts(t, "A4", model.Diff(before, after)))
	var words []string
	geometry.SheetTexts(pl.sheets[0].pages)(func(s string) { words = append(words, s) })
	text := strings.Join(words, " ")
	if !strings.Contains(text, "This journey is new since “After round 2”") {
		t.Errorf("want the journey called new:\n%s", text)
	}
}

// TestLookChanges writes changes pages where LOOK_DIR says, to look at.
func TestLookChanges(t *testing.T) {
	dir := os.Getenv("LOOK_DIR")
	if dir == "" {
		t.Skip("LOOK_DIR not set")
	}
	before, after, _ := editedSample(t)
	writePDF(t, dir, "changes-A3.pdf", docOf(t, after, nil), changesOpts(t, "A3", model.Diff(before, after)))
	p, many := manyChanges(t, 500)
	writePDF(t, dir, "changes-many-A4.pdf", docOf(t, p, nil), changesOpts(t, "A4", many))
}

// The changes page follows the map on tiled posters, prints alone, and is
// of the whole journey: a lens on the poster does not filter it.
func TestChangesPageTiledAloneAndLensed(t *testing.T) {
	before, after, names := editedSample(t)
	changes := model.Diff(before, after)
	d := docOf(t, after, nil)
	dir := t.TempDir()

	o := changesOpts(t, "A1", changes)
	o.Tile, _ = ParsePaper("A4")
	path, res := writePDF(t, dir, "tiled.pdf", d, o)
	tool(t, "qpdf", "--check", path)
	if res.Pages != 1+len(res.Sheets)+1 {
		t.Fatalf("%d pages for an assembly page, %d tiles and the changes", res.Pages, len(res.Sheets))
	}
	last := strconv.Itoa(res.Pages)
	if text := tool(t, "pdftotext", "-f", last, "-l", last, path, "-"); !strings.Contains(text, names[4]) {
		t.Errorf("the last page is not the changes:\n%s", text)
	}

	o = changesOpts(t, "A4", changes)
	o.Pages = []Page{PageChanges}
	path, res = writePDF(t, dir, "alone.pdf", d, o)
	tool(t, "qpdf", "--check", path)
	if res.Pages != 1 || !strings.Contains(tool(t, "pdftotext", path, "-"), names[4]) {
		t.Errorf("the changes page alone: %d pages", res.Pages)
	}

	lensed := d
	l := *d.Layout
	l.Lens = &model.Lens{Name: "Nothing shown", Channels: []string{"No such channel"}}
	lensed.Layout = &l
	o = changesOpts(t, "A3", changes)
	o.Pages = []Page{PageBacklog, PageChanges}
	pl := plannedSheets(t, lensed, o)
	var backlog, changed []string
	geometry.SheetTexts(pl.sheets[0].pages)(func(s string) { backlog = append(backlog, s) })
	geometry.SheetTexts(pl.sheets[1].pages)(func(s string) { changed = append(changed, s) })
	if !strings.Contains(strings.Join(backlog, " "), "through the lens") {
		t.Fatal("the backlog does not name the lens: the test proves nothing")
	}
	if all := strings.Join(changed, " "); strings.Contains(all, "through the lens") || !strings.Contains(all, names[4]) {
		t.Errorf("the changes page follows the lens: %s", all)
	}
}
