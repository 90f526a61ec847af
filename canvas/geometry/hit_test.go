package geometry_test

import (
	"fmt"
	"slices"
	"testing"

	"waymark/canvas/geometry"
	"waymark/model"
)

func centre(r geometry.Rect) geometry.Point { return geometry.Point{X: r.X + r.W/2, Y: r.Y + r.H/2} }

// hitLayouts are the journeys hit testing is checked on: the sample's and a
// generated one with a hidden lane.
func hitLayouts(t *testing.T) map[string]*geometry.Layout {
	out := map[string]*geometry.Layout{}
	sample := templateProjects(t)["sample"]
	for _, j := range sample.Journeys {
		out["sample/"+j.Title] = layout(t, sample, j)
	}
	p, j := bigProject(11, bigOptions{stages: 7, lanes: 6, touchpoints: 350, personas: 2,
		scale: model.ScaleBipolar5, hidden: []int{2}, emotionLane: 3})
	out["generated"] = layout(t, p, j)
	return out
}

func TestCardAndCellAt(t *testing.T) {
	for name, l := range hitLayouts(t) {
		for i := range l.Cards {
			cb := &l.Cards[i]
			if got := l.CardAt(centre(cb.Rect)); got != cb {
				t.Errorf("%s: CardAt the centre of %s gives %v", name, cb.ID, got)
			}
			// Just outside the card, in the cell padding, there is no card.
			left := geometry.Point{X: cb.Rect.X - 1, Y: cb.Rect.Y + cb.Rect.H/2}
			if got := l.CardAt(left); got != nil {
				t.Errorf("%s: CardAt left of %s gives %s", name, cb.ID, got.ID)
			}
		}
		for si := range l.Stages {
			for li := range l.Lanes {
				cell := l.Cell(si, li)
				if got := l.CellAt(centre(cell.Rect)); got != cell {
					t.Errorf("%s: CellAt the centre of cell %d,%d gives %v", name, si, li, got)
				}
				// The top-left corner belongs to the cell too (rows and
				// columns are half-open), the bottom-right to the next one.
				if got := l.CellAt(geometry.Point{X: cell.Rect.X, Y: cell.Rect.Y}); got != cell {
					t.Errorf("%s: CellAt the top-left corner of cell %d,%d gives %v", name, si, li, got)
				}
				if l.StageAtX(centre(cell.Rect).X) != si || l.LaneAtY(centre(cell.Rect).Y) != li {
					t.Errorf("%s: StageAtX/LaneAtY of cell %d,%d", name, si, li)
				}
			}
		}
		// Outside the grid: the headers, the corner, beyond the map.
		for _, pt := range []geometry.Point{{X: 5, Y: 5}, {X: l.Lanes[0].Header.X + 5, Y: l.Lanes[0].Header.Y + 5},
			{X: l.Stages[0].Header.X + 5, Y: 5}, {X: l.Size.W + 10, Y: l.Size.H / 2}, {X: l.Size.W / 2, Y: l.Size.H + 10},
			{X: l.Size.W, Y: l.Size.H / 2}} {
			if c := l.CellAt(pt); c != nil {
				t.Errorf("%s: CellAt %+v outside the grid gives %s×%s", name, pt, c.Stage, c.Lane)
			}
			if c := l.CardAt(pt); c != nil {
				t.Errorf("%s: CardAt %+v outside the grid gives %s", name, pt, c.ID)
			}
		}
	}
}

func TestInsertIndex(t *testing.T) {
	for name, l := range hitLayouts(t) {
		nonEmpty := 0
		for ci := range l.Cells {
			cell := &l.Cells[ci]
			var cards []*geometry.CardBox
			for i := range l.Cards {
				if l.Cards[i].Stage == cell.Stage && l.Cards[i].Lane == cell.Lane {
					cards = append(cards, &l.Cards[i])
				}
			}
			if len(cell.Slots) != len(cards)+1 {
				t.Errorf("%s: cell %d has %d slots for %d cards", name, ci, len(cell.Slots), len(cards))
				continue
			}
			if !slices.IsSorted(cell.Slots) {
				t.Errorf("%s: cell %d slots %v are not top to bottom", name, ci, cell.Slots)
			}
			for _, s := range cell.Slots {
				if s < cell.Rect.Y || s > cell.Rect.Y+cell.Rect.H {
					t.Errorf("%s: cell %d slot %v outside the cell %+v", name, ci, s, cell.Rect)
				}
			}
			if i, y := cell.InsertIndex(cell.Rect.Y); i != 0 || y != cell.Slots[0] {
				t.Errorf("%s: cell %d: a drop at the top goes to %d at %v", name, ci, i, y)
			}
			if i, _ := cell.InsertIndex(cell.Rect.Y + cell.Rect.H); i != len(cards) {
				t.Errorf("%s: cell %d: a drop at the bottom goes to %d, want %d", name, ci, i, len(cards))
			}
			if len(cards) == 0 {
				continue
			}
			nonEmpty++
			if i, _ := cell.InsertIndex(cards[0].Rect.Y - 1); i != 0 {
				t.Errorf("%s: cell %d: a drop above the first card goes to %d", name, ci, i)
			}
			last := cards[len(cards)-1].Rect
			if i, _ := cell.InsertIndex(last.Y + last.H + 1); i != len(cards) {
				t.Errorf("%s: cell %d: a drop below the last card goes to %d, want %d", name, ci, i, len(cards))
			}
			for k, cb := range cards {
				// Slot k lies in the gap above card k, slot k+1 below it.
				if cell.Slots[k] > cb.Rect.Y || cell.Slots[k+1] < cb.Rect.Y+cb.Rect.H {
					t.Errorf("%s: cell %d card %d %+v is not between slots %v and %v", name, ci, k, cb.Rect, cell.Slots[k], cell.Slots[k+1])
				}
				// A drop on the upper quarter of a card goes before it, on
				// the lower quarter after it.
				if i, _ := cell.InsertIndex(cb.Rect.Y + cb.Rect.H/4); i != k {
					t.Errorf("%s: cell %d: a drop on the top of card %d goes to %d", name, ci, k, i)
				}
				if i, _ := cell.InsertIndex(cb.Rect.Y + 3*cb.Rect.H/4); i != k+1 {
					t.Errorf("%s: cell %d: a drop on the bottom of card %d goes to %d", name, ci, k, i)
				}
			}
		}
		if nonEmpty == 0 {
			t.Errorf("%s: no cell has cards", name)
		}
	}
	var empty geometry.CellBox
	empty.Rect = geometry.Rect{X: 0, Y: 40, W: 10, H: 10}
	if i, y := empty.InsertIndex(45); i != 0 || y != 40 {
		t.Errorf("a cell without slots: %d at %v", i, y)
	}
}

func TestCardsIn(t *testing.T) {
	for name, l := range hitLayouts(t) {
		for ci := range l.Cells {
			cell := &l.Cells[ci]
			var want []model.ID
			for _, cb := range l.Cards {
				if cb.Stage == cell.Stage && cb.Lane == cell.Lane {
					want = append(want, cb.ID)
				}
			}
			if got := l.CardsIn(cell.Rect); !slices.Equal(got, want) {
				t.Errorf("%s: CardsIn cell %d = %v, want %v", name, ci, got, want)
			}
		}
		if got := l.CardsIn(l.Size); len(got) != len(l.Cards) {
			t.Errorf("%s: CardsIn the whole map gives %d of %d cards", name, len(got), len(l.Cards))
		}
		// A band touching only part of one card still selects it.
		cb := l.Cards[len(l.Cards)/2]
		r := geometry.Rect{X: cb.Rect.X + cb.Rect.W - 2, Y: cb.Rect.Y + cb.Rect.H - 2, W: 10, H: 4}
		if got := l.CardsIn(r); !slices.Equal(got, []model.ID{cb.ID}) {
			t.Errorf("%s: a band over the corner of %s selects %v", name, cb.ID, got)
		}
		if got := l.CardsIn(geometry.Rect{X: 1, Y: 1, W: 20, H: 20}); len(got) != 0 {
			t.Errorf("%s: a band in the corner selects %v", name, got)
		}
	}
}

func TestCurvePointAt(t *testing.T) {
	for name, l := range hitLayouts(t) {
		e := l.Emotion
		if e == nil {
			t.Fatalf("%s: no band", name)
		}
		found := 0
		for ci, cv := range e.Curves {
			for pi, pt := range cv.Points {
				c, i := l.CurvePointAt(pt.P, 6)
				if c < 0 {
					t.Errorf("%s: no point at curve %d point %d %+v", name, ci, pi, pt.P)
					continue
				}
				// Points of different personas may coincide: the later curve
				// (drawn on top) wins, and the point found is at p.
				if c < ci || e.Curves[c].Points[i].P != pt.P {
					t.Errorf("%s: curve %d point %d %+v finds curve %d point %d %+v", name, ci, pi, pt.P, c, i, e.Curves[c].Points[i].P)
				}
				if c == ci && i == pi {
					found++
				}
				off := geometry.Point{X: pt.P.X + 4, Y: pt.P.Y - 3}
				if c, _ := l.CurvePointAt(off, 6); c < 0 {
					t.Errorf("%s: nothing 5 units from curve %d point %d", name, ci, pi)
				}
			}
		}
		if found == 0 {
			t.Errorf("%s: no curve point found itself", name)
		}
		if c, i := l.CurvePointAt(geometry.Point{X: 1, Y: 1}, 6); c != -1 || i != -1 {
			t.Errorf("%s: a point in the corner finds curve %d point %d", name, c, i)
		}
	}
	p, j := bigProject(1, bigOptions{stages: 2, lanes: 2, touchpoints: 10, personas: 1, scale: model.ScaleFive, emotionLane: -1})
	if c, i := layout(t, p, j).CurvePointAt(geometry.Point{X: 300, Y: 200}, 1e6); c != -1 || i != -1 {
		t.Errorf("a journey without a band finds curve %d point %d", c, i)
	}
}

func TestHeadersAt(t *testing.T) {
	for name, l := range hitLayouts(t) {
		for i, sb := range l.Stages {
			if got := l.StageHeaderAt(centre(sb.Header)); got != i {
				t.Errorf("%s: StageHeaderAt the centre of stage %d gives %d", name, i, got)
			}
			if got := l.StageHeaderAt(centre(sb.Column)); got != -1 {
				t.Errorf("%s: StageHeaderAt the column of stage %d gives %d", name, i, got)
			}
		}
		for i, lb := range l.Lanes {
			if got := l.LaneHeaderAt(centre(lb.Header)); got != i {
				t.Errorf("%s: LaneHeaderAt the centre of lane %d gives %d", name, i, got)
			}
			if got := l.LaneHeaderAt(centre(lb.Row)); got != -1 {
				t.Errorf("%s: LaneHeaderAt the row of lane %d gives %d", name, i, got)
			}
		}
		corner := centre(l.Corner)
		if l.StageHeaderAt(corner) != -1 || l.LaneHeaderAt(corner) != -1 {
			t.Errorf("%s: the corner is a header", name)
		}
	}
}

func TestRectPredicates(t *testing.T) {
	a := geometry.Rect{X: 0, Y: 0, W: 10, H: 10}
	for _, tc := range []struct {
		b                            geometry.Rect
		inside, overlaps, intersects bool
	}{
		{geometry.Rect{X: 2, Y: 2, W: 3, H: 3}, true, true, true},
		{geometry.Rect{X: 0, Y: 0, W: 10, H: 10}, true, true, true},
		{geometry.Rect{X: 10, Y: 0, W: 5, H: 5}, false, false, true}, // touching edge
		{geometry.Rect{X: 9, Y: 9, W: 5, H: 5}, false, true, true},
		{geometry.Rect{X: 11, Y: 0, W: 5, H: 5}, false, false, false},
		{geometry.Rect{X: -1, Y: 2, W: 3, H: 3}, false, true, true},
	} {
		if got := tc.b.Inside(a); got != tc.inside {
			t.Errorf("%+v.Inside(%+v) = %v", tc.b, a, got)
		}
		if got := tc.b.Overlaps(a); got != tc.overlaps || a.Overlaps(tc.b) != got {
			t.Errorf("%+v.Overlaps(%+v) = %v", tc.b, a, got)
		}
		if got := tc.b.Intersects(a); got != tc.intersects || a.Intersects(tc.b) != got {
			t.Errorf("%+v.Intersects(%+v) = %v", tc.b, a, got)
		}
	}
	if !a.Contains(geometry.Point{X: 10, Y: 10}) || a.Contains(geometry.Point{X: 10.5, Y: 5}) {
		t.Error("Contains")
	}
}

func TestPalette(t *testing.T) {
	for _, pal := range []geometry.Palette{geometry.Light, geometry.Dark} {
		if pal.PersonaColor(0) == pal.PersonaColor(1) || pal.PersonaColor(len(pal.Personas)) != pal.PersonaColor(0) {
			t.Error("persona colours")
		}
		if pal.ChannelColor("Email") != pal.ChannelColor(" email ") || pal.ChannelColor("Web") == pal.ChannelColor("Email") {
			t.Error("well-known channel colours")
		}
		for i := 0; i < 50; i++ {
			ch := fmt.Sprintf("channel %d", i)
			if c := pal.ChannelColor(ch); c != pal.ChannelColor(ch) || !slices.Contains(pal.Channels, c) {
				t.Errorf("channel %q colour %v", ch, c)
			}
		}
	}
	for s, ok := range map[string]bool{"#1f6feb": true, "#ABCDEF": true, "1f6feb": false, "#1f6fe": false, "#1f6fegg": false, "#zzzzzz": false, "": false} {
		if _, got := geometry.ParseColor(s); got != ok {
			t.Errorf("ParseColor(%q) ok = %v", s, got)
		}
	}
	if c, _ := geometry.ParseColor("#1f6feb"); c.R != 0x1f || c.G != 0x6f || c.B != 0xeb || c.A != 0xff {
		t.Errorf("ParseColor = %v", c)
	}
}
