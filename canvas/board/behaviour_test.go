package board

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"waymark/assets"
	"waymark/canvas/geometry"
	"waymark/model"
)

// withBehaviour imports hand-made figures for the first five stages of the
// sample's first journey, as the app does: one ReplaceBehaviour, which puts
// a behaviour lane on top.
func withBehaviour(t testing.TB) *model.Project {
	t.Helper()
	p := assets.Sample()
	j := p.Journeys[0]
	reach := []int64{13087, 7367, 5113, 5015, 3254, 2246}
	b := &model.Behaviour{Mapping: model.DefaultMapping(), Persons: reach[0],
		Sources: []model.SourceFingerprint{{Name: "bpic2012_events.csv.gz", Size: 1, SHA256: strings.Repeat("ab", 32),
			FirstEvent: time.Date(2011, 10, 1, 9, 0, 0, 0, time.UTC).UnixMilli(),
			LastEvent:  time.Date(2012, 3, 14, 17, 0, 0, 0, time.UTC).UnixMilli()}}}
	for i, s := range j.Stages[:min(len(j.Stages), len(reach))] {
		f := model.StageFigures{Stage: s.Name, StageID: s.ID, Reached: reach[i], ConversionFromPrevious: 1,
			ConversionFromFirst: float64(reach[i]) / float64(reach[0]),
			Channels:            []model.ChannelShare{{Channel: "Web", Share: 0.55}, {Channel: "Phone", Share: 0.3}, {Channel: "Branch", Share: 0.15}}}
		if i > 0 {
			f.ConversionFromPrevious = float64(reach[i]) / float64(reach[i-1])
			f.DropOff = reach[i-1] - reach[i]
			f.DropOffRate = float64(f.DropOff) / float64(reach[i-1])
			f.Timed = reach[i]
			f.MedianSeconds = float64(i) * 5000
		}
		b.Stages = append(b.Stages, f)
	}
	if err := (&model.ReplaceBehaviour{Journey: j.ID, Behaviour: b,
		Lane: &model.Lane{ID: "behaviour-lane", Name: "Behaviour", Kind: model.LaneBehaviour}}).Do(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestGoldenBehaviourBoard(t *testing.T) {
	for _, c := range []struct {
		name string
		pal  geometry.Palette
	}{{"behaviour_board_light.xml", geometry.Light}, {"behaviour_board_dark.xml", geometry.Dark}} {
		t.Run(c.name, func(t *testing.T) {
			b, w := newTestBoard(t, withBehaviour(t))
			b.SetPalette(c.pal)
			if b.Layout().Behaviour == nil {
				t.Fatal("no behaviour band")
			}
			test.AssertRendersToMarkup(t, c.name, w.Canvas())
		})
	}
}

// The board draws the behaviour band's shapes as the layout has them, the
// same list the poster's test asks of the poster: bars, mix parts and
// markers as rectangles, leak bands, the persons lost and arrows as
// polygons.
func TestBoardDrawsTheLayoutsBehaviourShapes(t *testing.T) {
	b, w := newTestBoard(t, withBehaviour(t))
	w.Resize(fyne.NewSize(3000, 1400)) // the whole band in view
	r := test.WidgetRenderer(b).(*renderer)
	r.Refresh()
	bb := b.Layout().Behaviour
	var rects []geometry.Rect
	var polys [][]geometry.Point
	back := func(p fyne.Position) geometry.Point {
		return geometry.Point{X: p.X/b.zoom + b.off.X, Y: p.Y/b.zoom + b.off.Y}
	}
	for _, o := range r.objects {
		switch o := o.(type) {
		case *canvas.Rectangle:
			p := back(o.Position())
			rects = append(rects, geometry.Rect{X: p.X, Y: p.Y, W: o.Size().Width / b.zoom, H: o.Size().Height / b.zoom})
		case *canvas.ArbitraryPolygon:
			var ps []geometry.Point
			for _, q := range o.Points {
				ps = append(ps, back(o.Position().Add(q)))
			}
			polys = append(polys, ps)
		}
	}
	wantRects, wantPolys := behaviourShapes(bb)
	if len(wantRects) < 10 || len(wantPolys) < 8 {
		t.Fatalf("the layout has only %d rectangles and %d polygons", len(wantRects), len(wantPolys))
	}
	for _, want := range wantRects {
		if !containsRect(rects, want) {
			t.Errorf("the board does not draw %v", want)
		}
	}
	for _, want := range wantPolys {
		if !containsPoly(polys, want) {
			t.Errorf("the board does not draw the polygon %v", want)
		}
	}
	var texts []string
	for _, o := range r.objects {
		if tx, ok := o.(*canvas.Text); ok {
			texts = append(texts, tx.Text)
		}
	}
	all := strings.Join(texts, "\n")
	for _, want := range []string{"7,367 · 56.3%", "5,720 left (43.7%)", "–5,720", "bpic2012_events.csv.gz", "13,087 persons"} {
		if !strings.Contains(all, want) {
			t.Errorf("the board does not show %q", want)
		}
	}
}

// Cards cannot be dropped, made or moved by key into the behaviour lane.
func TestBehaviourLaneTakesNoCards(t *testing.T) {
	p := withBehaviour(t)
	b, _ := newTestBoard(t, p)
	l := b.Layout()
	if l.Lanes[0].Kind != model.LaneBehaviour {
		t.Fatalf("the first lane is %s", l.Lanes[0].Kind)
	}
	cards := len(p.Journeys[0].Touchpoints)
	// A double-click on an empty spot of the behaviour lane makes no card.
	cell := l.Cell(1, 0)
	b.DoubleTapped(&fyne.PointEvent{Position: centre(b, geometry.Rect{X: cell.Rect.X, Y: cell.Rect.Y + cell.Rect.H - 10, W: cell.Rect.W, H: 4})})
	if len(p.Journeys[0].Touchpoints) != cards {
		t.Error("a double-click in the behaviour lane made a card")
	}
	// A card dragged onto it stays where it was.
	var first *geometry.CardBox
	for i := range l.Cards {
		if l.Cards[i].Lane == l.Lanes[1].ID {
			first = &l.Cards[i]
			break
		}
	}
	from := centre(b, first.Rect)
	to := centre(b, geometry.Rect{X: first.Rect.X, Y: cell.Rect.Y + cell.Rect.H - 10, W: first.Rect.W, H: 4})
	var errs []error
	b.OnError = func(err error) { errs = append(errs, err) }
	drag(b, from, 0, to.Y-from.Y)
	if _, tp := p.FindTouchpoint(first.ID); tp.LaneID != l.Lanes[1].ID {
		t.Error("a card dropped on the behaviour lane moved into it")
	}
	// Arrow up from the lane below it: nowhere to go, and no error.
	b.Select(first.ID)
	b.MoveSelection(0, -1)
	if _, tp := p.FindTouchpoint(first.ID); tp.LaneID != l.Lanes[1].ID {
		t.Error("arrow up moved a card into the behaviour lane")
	}
	if len(errs) > 0 {
		t.Errorf("errors: %v", errs)
	}
}

// behaviourShapes are the rectangles and polygons of a behaviour band that
// a painter must draw (as the poster's test has them).
func behaviourShapes(b *geometry.BehaviourBand) (rects []geometry.Rect, polys [][]geometry.Point) {
	for _, s := range b.Stages {
		rects = append(rects, s.Bar)
		for _, m := range s.Mix {
			rects = append(rects, m.Rect)
		}
		if s.Marker.W > 0 {
			rects = append(rects, s.Marker)
		}
		for _, ln := range s.Lines {
			if ln.Arrow != nil {
				polys = append(polys, ln.Arrow)
			}
		}
	}
	for _, lk := range b.Leaks {
		polys = append(polys, lk.Band[:])
		if lk.Lost[0] != lk.Lost[1] {
			polys = append(polys, lk.Lost[:])
		}
	}
	return rects, polys
}

func containsRect(list []geometry.Rect, r geometry.Rect) bool {
	for _, x := range list {
		if close32(x.X, r.X) && close32(x.Y, r.Y) && close32(x.W, r.W) && close32(x.H, r.H) {
			return true
		}
	}
	return false
}

func containsPoly(list [][]geometry.Point, p []geometry.Point) bool {
outer:
	for _, x := range list {
		if len(x) != len(p) {
			continue
		}
		for i := range x {
			if !close32(x[i].X, p[i].X) || !close32(x[i].Y, p[i].Y) {
				continue outer
			}
		}
		return true
	}
	return false
}

func close32(a, b float32) bool { return a-b < 0.05 && b-a < 0.05 }

// A click on a stage's figures in the behaviour lane points at the stage,
// so that the inspector shows all of its figures; a click on an empty
// cell of another lane points at the journey.
func TestClickOnFiguresPointsAtTheStage(t *testing.T) {
	b, _ := newTestBoard(t, withBehaviour(t))
	l := b.Layout()
	var kind TargetKind
	var id model.ID
	b.OnHeader = func(k TargetKind, x model.ID) { kind, id = k, x }
	click := func(r geometry.Rect) {
		pos := centre(b, r)
		pressAt(b, pos, 0)
		b.Tapped(&fyne.PointEvent{Position: pos})
	}
	click(l.Cell(1, 0).Rect)
	if kind != TargetStage || id != l.Stages[1].ID {
		t.Errorf("a click on the second stage's figures points at %v %s", kind, id)
	}
	for li := range l.Lanes {
		cell := l.Cell(1, li)
		if l.Lanes[li].Kind.HoldsCards() && len(cell.Slots) == 1 {
			click(cell.Rect)
			if kind != TargetJourney {
				t.Errorf("a click on an empty cell of lane %d points at %v", li, kind)
			}
			return
		}
	}
	t.Fatal("no empty cell to click")
}

// Moving the pointer over a stage's figures says so once, and leaving
// them (to another lane, or out of the board) says so once.
func TestHoverOverFigures(t *testing.T) {
	b, _ := newTestBoard(t, withBehaviour(t))
	l := b.Layout()
	var calls []model.ID
	b.OnHoverFigures = func(stage model.ID, _ fyne.Position) { calls = append(calls, stage) }
	move := func(r geometry.Rect) {
		b.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: centre(b, r)}})
	}
	fig := l.Behaviour.Stages[1]
	move(fig.Bar)
	move(fig.Cell)
	move(l.Cell(1, 1).Rect)
	move(fig.Bar)
	b.MouseOut()
	want := []model.ID{fig.Stage, "", fig.Stage, ""}
	if !slices.Equal(calls, want) {
		t.Errorf("hover calls %q, want %q", calls, want)
	}
}
