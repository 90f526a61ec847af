package board

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"waymark/assets"
	"waymark/canvas/geometry"
	"waymark/model"
)

// veil is the alpha of the veil over a card in view, 0 when it has none.
func veil(t *testing.T, b *Board, id model.ID) uint8 {
	t.Helper()
	r := test.WidgetRenderer(b).(*renderer)
	v := r.byCard[id]
	if v == nil {
		t.Fatalf("card %s is not in view", id)
	}
	if !v.dim.Visible() {
		return 0
	}
	for _, o := range v.live {
		if o == fyne.CanvasObject(v.dim) {
			return v.dim.FillColor.(color.NRGBA).A
		}
	}
	t.Fatalf("card %s: the veil is visible but not in the tree", id)
	return 0
}

// TestLensDimmedCardsAreVeiledAndSelectable: a card the lens leaves out is
// veiled as Find veils a card it did not match, more when both apply, and
// can still be clicked and selected.
func TestLensDimmedCardsAreVeiledAndSelectable(t *testing.T) {
	b, _ := newTestBoard(t, assets.Sample())
	l := b.Layout()
	out, in := &l.Cards[0], &l.Cards[1]
	out.Dimmed = true
	b.Refresh()
	if a := veil(t, b, out.ID); a != 0xb4 {
		t.Errorf("the card the lens leaves out has a veil of alpha %#x, want 0xb4", a)
	}
	if a := veil(t, b, in.ID); a != 0 {
		t.Errorf("a card the lens shows is veiled (alpha %#x)", a)
	}

	// Find matches the shown card only: the left-out card is veiled for
	// both reasons, the shown one not at all.
	b.SetMatches([]model.ID{in.ID}, in.ID, false)
	if a := veil(t, b, out.ID); a != 0xdc {
		t.Errorf("a card neither the lens nor Find shows has a veil of alpha %#x, want 0xdc", a)
	}
	if a := veil(t, b, in.ID); a != 0 {
		t.Errorf("the match is veiled (alpha %#x)", a)
	}
	// Find matches the left-out card: the lens still veils it.
	b.SetMatches([]model.ID{out.ID}, out.ID, false)
	if a := veil(t, b, out.ID); a != 0xb4 {
		t.Errorf("a match the lens leaves out has a veil of alpha %#x, want 0xb4", a)
	}
	b.ClearMatches()

	pos := centre(b, out.Rect)
	pressAt(b, pos, 0)
	b.Tapped(&fyne.PointEvent{Position: pos})
	if s := b.Selection(); len(s) != 1 || s[0] != out.ID {
		t.Fatalf("clicking the dimmed card selected %v, want it", s)
	}
	if a := veil(t, b, out.ID); a != 0xb4 {
		t.Errorf("selected, the dimmed card has a veil of alpha %#x, want 0xb4", a)
	}
}

// TestCurvesPaintTheirLooks: each persona's curve is drawn in its dash
// pattern with points of its shape, and the legend shows both.
func TestCurvesPaintTheirLooks(t *testing.T) {
	p := assets.Sample()
	j := p.Journeys[0]
	if len(j.PersonaIDs) < 2 {
		t.Fatalf("the sample's journey has %d personas", len(j.PersonaIDs))
	}
	b, _ := newTestBoard(t, p)
	r := test.WidgetRenderer(b).(*renderer)
	e := b.Layout().Emotion
	dashed, shaped := 0, 0
	for _, cv := range e.Curves {
		if cv.Dashes != nil {
			dashed++
		}
		if cv.Shape != geometry.ShapeCircle {
			shaped++
		}
	}
	if dashed == 0 || shaped == 0 {
		t.Fatalf("%d dashed and %d non-circle curves among %d", dashed, shaped, len(e.Curves))
	}
	lines, polys := 0, 0
	for _, o := range r.objects {
		switch o := o.(type) {
		case *canvas.Line:
			if o.StrokeColor == b.palette.PersonaColor(1) {
				lines++
			}
		case *canvas.ArbitraryPolygon:
			if o.FillColor == b.palette.PersonaColor(1) && len(o.Points) == 4 {
				polys++
			}
		}
	}
	if lines < 10 {
		t.Errorf("%d pieces of the second persona's dashed line drawn", lines)
	}
	// Its points in view, and one in the legend.
	want := 1
	view := r.visible()
	for _, pt := range e.Curves[1].Points {
		if view.Contains(pt.P) {
			want++
		}
	}
	if polys != want {
		t.Errorf("%d squares of the second persona drawn, want %d", polys, want)
	}
}
