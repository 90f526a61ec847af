package geometry_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"waymark/canvas/geometry"
	"waymark/model"
)

func priorityCard(title string, impact, effort int) *model.Touchpoint {
	return &model.Touchpoint{ID: model.NewID(), Title: title, PainPoint: true, Impact: impact, Effort: effort}
}

func TestPriorityCellsAndInverseMapping(t *testing.T) {
	l := geometry.LayoutPriority(metrics(t), geometry.DefaultPriorityStyle, nil, 900, 700)
	if len(l.Cells) != model.MaxPriority*model.MaxPriority {
		t.Fatalf("%d cells", len(l.Cells))
	}
	for _, c := range l.Cells {
		if !c.Rect.Inside(l.Plot) {
			t.Fatalf("cell %d,%d outside the plot", c.Impact, c.Effort)
		}
		centre := geometry.Point{X: c.Rect.X + c.Rect.W/2, Y: c.Rect.Y + c.Rect.H/2}
		if i, e, ok := l.RatingAt(centre); !ok || i != c.Impact || e != c.Effort {
			t.Fatalf("the centre of cell %d,%d maps to %d,%d (%v)", c.Impact, c.Effort, i, e, ok)
		}
		q, _ := l.QuadrantAt(centre)
		if q != model.QuadrantOf(c.Impact, c.Effort) {
			t.Fatalf("cell %d,%d lies in %v", c.Impact, c.Effort, q)
		}
	}
	// Impact grows upwards, effort to the right.
	if a, b := l.CellRect(5, 1), l.CellRect(1, 1); a.Y >= b.Y {
		t.Fatal("impact 5 is not above impact 1")
	}
	if a, b := l.CellRect(1, 5), l.CellRect(1, 1); a.X <= b.X {
		t.Fatal("effort 5 is not right of effort 1")
	}
	// Beyond the plot: no rating, but a drag there snaps to the edge.
	out := geometry.Point{X: l.Plot.X + l.Plot.W + 50, Y: l.Plot.Y - 40}
	if _, _, ok := l.RatingAt(out); ok {
		t.Fatal("a point outside the plot has a rating")
	}
	if i, e := l.SnapRating(out); i != 5 || e != 5 {
		t.Fatalf("beyond the top right snaps to %d,%d", i, e)
	}
}

func TestPriorityQuadrantsAndLabels(t *testing.T) {
	m := metrics(t)
	l := geometry.LayoutPriority(m, geometry.DefaultPriorityStyle, nil, 900, 700)
	want := map[model.Quadrant][2]int{model.QuickWin: {5, 1}, model.BigBet: {5, 5}, model.FillIn: {1, 1}, model.MoneyPit: {1, 5}}
	if len(l.Quadrants) != 4 {
		t.Fatalf("%d quadrants", len(l.Quadrants))
	}
	for _, q := range l.Quadrants {
		c := want[q.Quadrant]
		if !l.CellRect(c[0], c[1]).Inside(q.Rect) {
			t.Fatalf("%v does not hold cell %v", q.Quadrant, c)
		}
		if q.Label.Text != q.Quadrant.String() {
			t.Fatalf("label %q for %v", q.Label.Text, q.Quadrant)
		}
		lr := geometry.Rect{X: q.Label.X, Y: q.Label.Y, W: m.Width(q.Label.Text, q.Label.Size, true), H: q.Label.Size}
		if lr.Overlaps(l.Plot) || !lr.Inside(l.Size) {
			t.Fatalf("the label of %v lies over the plot or outside the view", q.Quadrant)
		}
	}
	// The dividing lines sit between ratings 2 and 3.
	if x := l.Divider[0][0]; x != l.CellRect(1, 3).X {
		t.Fatalf("the vertical divider at %v, column 3 at %v", x, l.CellRect(1, 3).X)
	}
	if y := l.Divider[1][1]; y != l.CellRect(2, 1).Y {
		t.Fatalf("the horizontal divider at %v, row 2 at %v", y, l.CellRect(2, 1).Y)
	}
	if l.ImpactTitle.Text != "Impact" || l.EffortTitle.Text != "Effort" {
		t.Fatalf("axes named %q and %q", l.ImpactTitle.Text, l.EffortTitle.Text)
	}
}

func TestPriorityCardsPlacedAndGrabbable(t *testing.T) {
	var cards []*model.Touchpoint
	for i := range 12 { // a crowded cell
		cards = append(cards, priorityCard(fmt.Sprintf("Crowded card %d with a rather long title", i), 4, 2))
	}
	alone := priorityCard("Alone", 1, 5)
	unrated := priorityCard("Not rated", 0, 0)
	plain := &model.Touchpoint{ID: model.NewID(), Title: "No flag", Impact: 3, Effort: 3}
	cards = append(cards, alone, unrated, plain)
	l := geometry.LayoutPriority(metrics(t), geometry.DefaultPriorityStyle, cards, 700, 500)
	if len(l.Cards) != 13 || l.Card(unrated.ID) != nil || l.Card(plain.ID) != nil {
		t.Fatalf("%d cards laid out; only rated pain points and opportunities belong", len(l.Cards))
	}
	if c := l.Card(alone.ID); c == nil || !c.Rect.Inside(l.CellRect(1, 5)) || c.Impact != 1 || c.Effort != 5 || c.Title.Text != "Alone" {
		t.Fatal("the lone card is not in its cell")
	}
	cell := l.CellRect(4, 2)
	for _, c := range cards[:12] {
		pc := l.Card(c.ID)
		if pc == nil || !pc.Rect.Inside(cell) {
			t.Fatalf("%q is not inside its cell", c.Title)
		}
		// Each card of the crowded cell can still be grabbed somewhere.
		grabbed := false
		for y := pc.Rect.Y; y <= pc.Rect.Y+pc.Rect.H && !grabbed; y++ {
			for x := pc.Rect.X; x <= pc.Rect.X+pc.Rect.W; x += 4 {
				if g := l.CardAt(geometry.Point{X: x, Y: y}); g != nil && g.ID == c.ID {
					grabbed = true
					break
				}
			}
		}
		if !grabbed {
			t.Fatalf("%q is wholly covered by other cards", c.Title)
		}
		if w := metrics(t).Width(pc.Title.Text, pc.Title.Size, false); pc.Title.X+w > pc.Rect.X+pc.Rect.W {
			t.Fatalf("the title %q overflows its card", pc.Title.Text)
		}
		if !strings.HasSuffix(pc.Title.Text, "…") || !strings.HasPrefix(c.Title, strings.TrimSuffix(pc.Title.Text, "…")) {
			t.Fatalf("%q cut to %q", c.Title, pc.Title.Text)
		}
	}
	if l.CardAt(geometry.Point{X: l.Plot.X - 5, Y: l.Plot.Y}) != nil {
		t.Fatal("a card outside the plot")
	}
}

func TestPriorityGrowsToItsLeastSize(t *testing.T) {
	st := geometry.DefaultPriorityStyle
	l := geometry.LayoutPriority(metrics(t), st, nil, 10, 10)
	if l.Plot.W < 5*st.MinCellW || l.Plot.H < 5*st.MinCellH || !l.Plot.Inside(l.Size) {
		t.Fatalf("a tiny view gives a plot of %v in %v", l.Plot, l.Size)
	}
}

// BenchmarkLayoutPriority lays out 500 rated cards, the plot redrawn on
// each cell a drag crosses.
func BenchmarkLayoutPriority(b *testing.B) {
	m := metrics(b)
	var cards []*model.Touchpoint
	for i := range 500 {
		cards = append(cards, priorityCard(fmt.Sprintf("Pain point number %d of a long journey", i), 1+i%5, 1+(i/5)%5))
	}
	b.ResetTimer()
	for b.Loop() {
		geometry.LayoutPriority(m, geometry.DefaultPriorityStyle, cards, 1100, 520)
	}
}

// A card's flags are marked in the board's shapes, pain point first, side
// by side before its title: on a greyscale print or to a colour-blind
// reader a pain point is a triangle, an opportunity a circle.
func TestPriorityMarkersHaveShapes(t *testing.T) {
	pain := priorityCard("Pain only", 4, 2)
	both := priorityCard("Pain and opportunity", 4, 2)
	both.Opportunity = true
	opp := priorityCard("Opportunity only", 4, 2)
	opp.PainPoint, opp.Opportunity = false, true
	l := geometry.LayoutPriority(metrics(t), geometry.DefaultPriorityStyle, []*model.Touchpoint{pain, both, opp}, 900, 700)
	shapes := map[string][]geometry.Shape{}
	title := map[model.ID]string{pain.ID: pain.Title, both.ID: both.Title, opp.ID: opp.Title}
	for _, c := range l.Cards {
		var last float32
		for i, m := range c.Markers {
			shapes[title[c.ID]] = append(shapes[title[c.ID]], geometry.MarkerShape(m.Kind))
			if i > 0 && m.Rect.X < last {
				t.Errorf("%q: markers overlap", c.Title.Text)
			}
			last = m.Rect.X + m.Rect.W
			if !c.Rect.Contains(geometry.Point{X: m.Rect.X, Y: m.Rect.Y}) {
				t.Errorf("%q: a marker outside its card", c.Title.Text)
			}
		}
		if c.Title.X < last {
			t.Errorf("%q: the title starts over a marker", c.Title.Text)
		}
	}
	want := map[string][]geometry.Shape{
		"Pain only":            {geometry.ShapeTriangleUp},
		"Pain and opportunity": {geometry.ShapeTriangleUp, geometry.ShapeCircle},
		"Opportunity only":     {geometry.ShapeCircle},
	}
	for name, w := range want {
		if !slices.Equal(shapes[name], w) {
			t.Errorf("%q: shapes %v, want %v", name, shapes[name], w)
		}
	}
}
