package geometry_test

import (
	"fmt"
	"strings"
	"testing"

	"waymark/canvas/geometry"
	"waymark/model"
)

var sheetHead = geometry.SheetHead{Project: "Project", Date: "22 November 2025", Journey: "Journey"}

// withOwnersAndRatings gives the cards of j owners (some none) and
// ratings (some none), deterministically.
func withOwnersAndRatings(j *model.Journey, owners int) {
	for i, t := range j.Touchpoints {
		if owners > 0 && i%4 != 0 {
			t.Owner = fmt.Sprintf("Team %d with a rather long name", (i*7)%owners)
		}
		if t.Prioritised() && i%5 != 0 {
			t.Impact, t.Effort = 1+i%model.MaxPriority, 1+(i/3)%model.MaxPriority
		}
	}
}

// sheetBox is the box a sheet's text line takes.
func sheetBox(m geometry.Metrics, st geometry.SheetStyle, tx geometry.SheetText) geometry.Rect {
	return geometry.Rect{X: tx.X, Y: tx.Y, W: m.Width(tx.Text.Text, tx.Size, tx.Bold), H: tx.Size * st.LineSpacing}
}

// checkPages checks what every sheet page must hold: everything on the
// page, no text below the style's smallest size, no two cells over each
// other, each cell's text inside it.
func checkPages(t *testing.T, name string, m geometry.Metrics, st geometry.SheetStyle, pages []geometry.SheetPage) {
	t.Helper()
	c := &checker{t: t, name: name}
	if len(pages) == 0 {
		c.errorf("no page")
	}
	for i, pg := range pages {
		for _, tx := range pg.Texts {
			if tx.Size < st.SmallSize-eps {
				c.errorf("page %d: %q at %.1f, below the small size", i+1, tx.Text.Text, tx.Size)
			}
			if !sheetBox(m, st, tx).Inside(pg.Size) {
				c.errorf("page %d: %q at %v runs off the page %v", i+1, tx.Text.Text, sheetBox(m, st, tx), pg.Size)
			}
		}
		for _, f := range pg.Fills {
			if !f.Rect.Inside(pg.Size) {
				c.errorf("page %d: a fill at %v runs off the page", i+1, f.Rect)
			}
		}
		for _, l := range pg.Lines {
			if !(geometry.Rect{X: min(l.X0, l.X1), Y: min(l.Y0, l.Y1), W: abs(l.X1 - l.X0), H: abs(l.Y1 - l.Y0)}).Inside(pg.Size) {
				c.errorf("page %d: a line %v runs off the page", i+1, l)
			}
		}
		for a := range pg.Cells {
			for b := a + 1; b < len(pg.Cells); b++ {
				if shrink(pg.Cells[a].Rect).Overlaps(shrink(pg.Cells[b].Rect)) {
					c.errorf("page %d: cells %v and %v overlap", i+1, pg.Cells[a], pg.Cells[b])
				}
			}
		}
		for _, cell := range pg.Cells {
			for _, tx := range pg.Texts {
				box := sheetBox(m, st, tx)
				if cell.Rect.Contains(geometry.Point{X: box.X + 1, Y: box.Y + 1}) && !box.Inside(cell.Rect) {
					c.errorf("page %d: %q runs out of its cell %v", i+1, tx.Text.Text, cell.Rect)
				}
			}
		}
		if i > 0 && !strings.Contains(pg.Texts[len(pg.Texts)-1].Text.Text+strings.Join(textsOf(pg), " "), fmt.Sprintf("page %d of %d", i+1, len(pages))) {
			c.errorf("page %d is not numbered", i+1)
		}
	}
}

// shrink insets r by eps: neighbours share an edge up to float rounding.
func shrink(r geometry.Rect) geometry.Rect {
	return geometry.Rect{X: r.X + eps, Y: r.Y + eps, W: r.W - 2*eps, H: r.H - 2*eps}
}

func textsOf(pg geometry.SheetPage) []string {
	var out []string
	for _, tx := range pg.Texts {
		out = append(out, tx.Text.Text)
	}
	return out
}

// TestSheetCoverage: every cell of both matrices is placed exactly once
// and every row is named, whatever the page: the sample and the
// templates, a journey with no owners or no cards, and a big one on a
// small page and on a large one.
func TestSheetCoverage(t *testing.T) {
	m := metrics(t)
	type tc struct {
		name string
		p    *model.Project
		j    *model.Journey
	}
	var cases []tc
	for name, p := range templateProjects(t) {
		for _, j := range p.Journeys {
			cases = append(cases, tc{name + "/" + j.Title, p, j})
		}
	}
	bp, bj := bigProject(7, bigOptions{stages: 26, lanes: 6, touchpoints: 900, personas: 2, scale: model.ScaleFive, emotionLane: 2})
	withOwnersAndRatings(bj, 60)
	cases = append(cases, tc{"big", bp, bj})
	np, nj := bigProject(8, bigOptions{stages: 4, lanes: 3, touchpoints: 40, personas: 1, scale: model.ScaleBipolar2, emotionLane: -1})
	cases = append(cases, tc{"no owners", np, nj})
	ep, ej := bigProject(9, bigOptions{stages: 3, lanes: 2, touchpoints: 0, personas: 0, scale: model.ScaleBipolar2, emotionLane: -1})
	cases = append(cases, tc{"no cards", ep, ej})

	st := geometry.DefaultSheetStyle
	for _, c := range cases {
		mats := []*model.CoverageMatrix{model.Coverage(c.p, c.j, model.ByChannel), model.Coverage(c.p, c.j, model.ByOwner)}
		for _, size := range [][2]float32{{1000, 700}, {3000, 2100}, {420, 600}} {
			name := fmt.Sprintf("%s on %v", c.name, size)
			pages := geometry.LayoutCoverage(m, st, sheetHead, c.p.Scale, mats, size[0], size[1])
			checkPages(t, name, m, st, pages)
			seen := map[[3]int]int{}
			heads := map[[2]int]bool{}
			for _, pg := range pages {
				if !strings.HasPrefix(pg.Title, "Coverage") {
					t.Errorf("%s: a page titled %q", name, pg.Title)
				}
				for _, cell := range pg.Cells {
					seen[[3]int{int(cell.By), cell.Row, cell.Stage}]++
					gaps := mats[cell.By].Cells[cell.Row][cell.Stage].Gaps
					if len(cell.Letters) != len(gaps) {
						t.Errorf("%s: %d letters for the gaps %q", name, len(cell.Letters), gaps)
					}
				}
				for _, h := range pg.Heads {
					heads[[2]int{int(h.By), h.Row}] = true
				}
			}
			for _, mx := range mats {
				for r := range mx.Rows {
					if !heads[[2]int{int(mx.By), r}] {
						t.Errorf("%s: %s row %q is not named on any page", name, mx.By, mx.Rows[r])
					}
					for s := range mx.Stages {
						if n := seen[[3]int{int(mx.By), r, s}]; n != 1 {
							t.Errorf("%s: %s cell %d × %d placed %d times", name, mx.By, r, s, n)
						}
					}
				}
			}
		}
	}
}

// TestSheetCoverageSplits: a matrix wider and longer than a page goes on
// over several, stages and rows in order, at the style's size.
func TestSheetCoverageSplits(t *testing.T) {
	m := metrics(t)
	p, j := bigProject(3, bigOptions{stages: 30, lanes: 4, touchpoints: 1500, personas: 1, scale: model.ScaleBipolar2, emotionLane: -1})
	withOwnersAndRatings(j, 120)
	mats := []*model.CoverageMatrix{model.Coverage(p, j, model.ByOwner)}
	pages := geometry.LayoutCoverage(m, geometry.DefaultSheetStyle, sheetHead, p.Scale, mats, 1100, 780)
	if len(pages) < 4 {
		t.Fatalf("%d rows × 30 stages on %d pages", len(mats[0].Rows), len(pages))
	}
	stagesOnPage := map[int]bool{}
	for _, c := range pages[0].Cells {
		stagesOnPage[c.Stage] = true
	}
	if len(stagesOnPage) >= 30 {
		t.Error("thirty stages on one page of 1100 units")
	}
	if pages[0].Title != "Coverage — owners × stages" {
		t.Errorf("title %q", pages[0].Title)
	}
	// Later pieces say what they continue.
	found := false
	for _, tx := range pages[1].Texts {
		found = found || strings.HasPrefix(tx.Text.Text, "Owners × stages, continued")
	}
	if !found {
		t.Error("page 2 does not say it continues the table")
	}
}

// TestSheetBacklog: every card once, in the backlog's order, the unrated
// after their heading, a header on every page; an empty backlog says so.
func TestSheetBacklog(t *testing.T) {
	m := metrics(t)
	st := geometry.DefaultSheetStyle
	_, j := bigProject(5, bigOptions{stages: 12, lanes: 5, touchpoints: 1200, personas: 1, scale: model.ScaleBipolar2, emotionLane: -1})
	withOwnersAndRatings(j, 30)
	items := model.Backlog(j)
	if len(items) < 300 {
		t.Fatalf("only %d backlog cards", len(items))
	}
	for _, size := range [][2]float32{{1000, 700}, {700, 1000}, {2400, 1700}} {
		name := fmt.Sprint(size)
		pages := geometry.LayoutBacklog(m, st, sheetHead, items, size[0], size[1])
		checkPages(t, name, m, st, pages)
		if len(pages) < 2 {
			t.Errorf("%s: %d cards on one page", name, len(items))
		}
		next := 0
		notRated := -1
		for i, pg := range pages {
			if pg.Title != "Backlog" {
				t.Errorf("%s: page titled %q", name, pg.Title)
			}
			header := false
			for _, tx := range pg.Texts {
				header = header || tx.Text.Text == "Title" && tx.Bold
				if tx.Text.Text == "Not rated yet" && notRated < 0 {
					// The heading comes before the first card below it.
					notRated = next
					for _, it := range pg.Items {
						if it.Rect.Y < tx.Y {
							notRated++
						}
					}
				}
			}
			if !header {
				t.Errorf("%s: page %d has no header row", name, i+1)
			}
			for _, it := range pg.Items {
				if it.Index != next {
					t.Fatalf("%s: item %d where %d was due", name, it.Index, next)
				}
				next++
			}
		}
		if next != len(items) {
			t.Errorf("%s: %d of %d cards placed", name, next, len(items))
		}
		if rated := firstUnrated(items); notRated != rated {
			t.Errorf("%s: \"Not rated yet\" before card %d, the first unrated is %d", name, notRated, rated)
		}
	}
	pages := geometry.LayoutBacklog(m, st, sheetHead, nil, 1000, 700)
	if len(pages) != 1 || !strings.Contains(strings.Join(textsOf(pages[0]), " "), "No pain points or opportunities") {
		t.Error("an empty backlog does not say it is empty")
	}
}

func firstUnrated(items []model.BacklogItem) int {
	for i, it := range items {
		if it.Rank == 0 {
			return i
		}
	}
	return -1
}

func TestGapLetterAndMean(t *testing.T) {
	for i, want := range map[int]string{0: "a", 25: "z", 26: "aa", 27: "ab", 52: "ba"} {
		if got := geometry.GapLetter(i); got != want {
			t.Errorf("GapLetter(%d) = %q, want %q", i, got, want)
		}
	}
	for _, c := range []struct {
		v     float64
		scale model.Scale
		want  string
	}{{1.25, model.ScaleBipolar2, "+1.2"}, {-0.04, model.ScaleBipolar2, "0.0"}, {-1.5, model.ScaleBipolar5, "-1.5"}, {3.66, model.ScaleFive, "3.7"}} {
		if got := geometry.MeanText(c.v, c.scale); got != c.want {
			t.Errorf("MeanText(%v, %v) = %q, want %q", c.v, c.scale, got, c.want)
		}
	}
}

// BenchmarkLayoutBacklog lays out 300-odd backlog cards.
func BenchmarkLayoutBacklog(b *testing.B) {
	m := metrics(b)
	_, j := bigProject(5, bigOptions{stages: 12, lanes: 5, touchpoints: 1200, personas: 1, scale: model.ScaleBipolar2, emotionLane: -1})
	withOwnersAndRatings(j, 30)
	items := model.Backlog(j)
	for b.Loop() {
		geometry.LayoutBacklog(m, geometry.DefaultSheetStyle, sheetHead, items, 1000, 700)
	}
}

// BenchmarkLayoutCoverage lays out both matrices of 2,000 cards.
func BenchmarkLayoutCoverage(b *testing.B) {
	m := metrics(b)
	p, j := bigProject(1, bigDefault)
	withOwnersAndRatings(j, 40)
	mats := []*model.CoverageMatrix{model.Coverage(p, j, model.ByChannel), model.Coverage(p, j, model.ByOwner)}
	for b.Loop() {
		geometry.LayoutCoverage(m, geometry.DefaultSheetStyle, sheetHead, p.Scale, mats, 1000, 700)
	}
}
