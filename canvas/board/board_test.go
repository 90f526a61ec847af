package board

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"waymark/assets"
	"waymark/canvas/geometry"
	"waymark/model"
)

var testMetrics = func() *geometry.FontMetrics {
	m, err := geometry.NewFontMetrics(assets.FontRegular, assets.FontBold)
	if err != nil {
		panic(err)
	}
	return m
}()

// newTestBoard puts the sample's first journey on a board in a test window.
func newTestBoard(t testing.TB, p *model.Project) (*Board, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	h := model.NewHistory(p, nil)
	b := New(h, p.Journeys[0].ID, testMetrics)
	w := test.NewTempWindow(t, b)
	w.Resize(fyne.NewSize(1440, 900))
	return b, w
}

// centre is the widget position of the middle of a board rectangle in the
// scrolling area.
func centre(b *Board, r geometry.Rect) fyne.Position {
	p, s := b.screenRect(r)
	return fyne.NewPos(p.X+s.Width/2, p.Y+s.Height/2)
}

func pressAt(b *Board, pos fyne.Position, mods fyne.KeyModifier) {
	b.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: pos}, Button: desktop.MouseButtonPrimary, Modifier: mods})
}

// drag presses at from and drags by (dx, dy) in two steps, as the desktop
// driver does, then releases.
func drag(b *Board, from fyne.Position, dx, dy float32) {
	pressAt(b, from, 0)
	b.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: from}, Dragged: fyne.Delta{DX: dx / 2, DY: dy / 2}})
	b.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: from}, Dragged: fyne.Delta{DX: dx - dx/2, DY: dy - dy/2}})
	b.DragEnd()
	b.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: from.Add(fyne.NewPos(dx, dy))}, Button: desktop.MouseButtonPrimary})
}

func encode(t testing.TB, p *model.Project) string {
	t.Helper()
	data, err := model.EncodeJSON(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestDragCardToAnotherCellAndUndo(t *testing.T) {
	p := assets.Sample()
	b, _ := newTestBoard(t, p)
	before := encode(t, p)
	l := b.Layout()
	card := l.Cards[0]
	// Target: the cell one stage to the right, same lane, below its cards.
	si := l.StageAtX(card.Rect.X)
	li := l.LaneAtY(card.Rect.Y)
	target := l.Cell(si+1, li)
	to := centre(b, geometry.Rect{X: target.Rect.X, Y: target.Slots[len(target.Slots)-1] - 2, W: target.Rect.W, H: 4})
	from := centre(b, card.Rect)
	drag(b, from, to.X-from.X, to.Y-from.Y)

	_, tp := p.FindTouchpoint(card.ID)
	if tp.StageID != target.Stage || tp.LaneID != target.Lane {
		t.Fatalf("card is in stage %s lane %s, want %s %s", tp.StageID, tp.LaneID, target.Stage, target.Lane)
	}
	if want := len(target.Slots) - 1; tp.Order != want {
		t.Errorf("card order %d, want %d (the end of the target cell)", tp.Order, want)
	}
	if got := b.Layout().Card(card.ID); got == nil || got.Stage != target.Stage {
		t.Error("the board did not lay the moved card out in its new cell")
	}
	if _, err := b.History().Undo(); err != nil {
		t.Fatal(err)
	}
	if encode(t, p) != before {
		t.Error("undo did not restore the project")
	}
}

func TestDragCardWithinCellReorders(t *testing.T) {
	p := assets.Sample()
	b, _ := newTestBoard(t, p)
	l := b.Layout()
	// A cell with two cards or more.
	var cell *geometry.CellBox
	for i := range l.Cells {
		if len(l.Cells[i].Slots) >= 3 {
			cell = &l.Cells[i]
			break
		}
	}
	if cell == nil {
		t.Fatal("the sample has no cell with two cards")
	}
	var first, second *geometry.CardBox
	for i := range l.Cards {
		c := &l.Cards[i]
		if c.Stage == cell.Stage && c.Lane == cell.Lane {
			switch c.Order {
			case 0:
				first = c
			case 1:
				second = c
			}
		}
	}
	from := centre(b, first.Rect)
	to := fyne.NewPos(from.X, centre(b, geometry.Rect{Y: cell.Slots[2], H: 0, W: 1}).Y+1)
	drag(b, from, 0, to.Y-from.Y)
	_, a := p.FindTouchpoint(first.ID)
	_, c := p.FindTouchpoint(second.ID)
	if a.Order != 1 || c.Order != 0 {
		t.Fatalf("orders after moving the first card below the second: %d, %d; want 1, 0", a.Order, c.Order)
	}
}

func TestEscapeCancelsDrag(t *testing.T) {
	p := assets.Sample()
	b, _ := newTestBoard(t, p)
	before := encode(t, p)
	card := b.Layout().Cards[0]
	from := centre(b, card.Rect)
	pressAt(b, from, 0)
	b.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: from}, Dragged: fyne.Delta{DX: 400, DY: 150}})
	if !b.Dragging() {
		t.Fatal("no drag in progress")
	}
	b.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	b.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: from}, Dragged: fyne.Delta{DX: 10}})
	b.DragEnd()
	if encode(t, p) != before {
		t.Fatal("an escaped drag changed the project")
	}
	if b.History().CanUndo() {
		t.Fatal("an escaped drag left an undo step")
	}
}

func TestReorderStagesAndLanesByDrag(t *testing.T) {
	p := assets.Sample()
	b, _ := newTestBoard(t, p)
	j := p.Journeys[0]
	l := b.Layout()
	first := j.Stages[0].ID
	from := fyne.NewPos(centre(b, l.Stages[0].Header).X, l.Stages[0].Header.H/2)
	to := centre(b, l.Stages[2].Header).X
	drag(b, from, to-from.X, 0)
	if j.Stages[2].ID != first {
		t.Fatalf("stage 1 is at %d after dragging it onto stage 3", j.StageIndex(first))
	}
	l = b.Layout()
	lane := j.Lanes[0].ID
	fromL := fyne.NewPos(l.Lanes[0].Header.W/2, centre(b, l.Lanes[0].Row).Y)
	toL := centre(b, l.Lanes[1].Row).Y
	drag(b, fromL, 0, toL-fromL.Y)
	if j.LaneIndex(lane) != 1 {
		t.Fatalf("lane 1 is at %d after dragging it onto lane 2", j.LaneIndex(lane))
	}
	b.History().Undo()
	b.History().Undo()
	if j.Stages[0].ID != first || j.Lanes[0].ID != lane {
		t.Fatal("undo did not restore stage and lane order")
	}
}

func TestCurvePointDragSnapsToScale(t *testing.T) {
	p := assets.Sample()
	b, _ := newTestBoard(t, p)
	e := b.Layout().Emotion
	if e == nil || len(e.Curves) == 0 || len(e.Curves[0].Points) == 0 {
		t.Fatal("the sample has no emotion curve")
	}
	cv := e.Curves[0]
	pt := cv.Points[0]
	from := fyne.NewPos((pt.P.X-b.off.X)*b.zoom, (pt.P.Y-b.off.Y)*b.zoom)
	// Aim between two steps, nearer the top of the scale.
	target := e.ScoreY(float64(p.Scale.Max) - 0.3)
	drag(b, from, 0, (target-pt.P.Y)*b.zoom)
	_, tp := p.FindTouchpoint(pt.Touchpoint)
	if got := tp.Emotions[cv.Persona]; got != p.Scale.Max {
		t.Fatalf("score after dragging to %.1f: %d, want %d (snapped)", float64(p.Scale.Max)-0.3, got, p.Scale.Max)
	}
	if _, err := b.History().Undo(); err != nil {
		t.Fatal(err)
	}
	if got := tp.Emotions[cv.Persona]; got != pt.Score {
		t.Fatalf("undo left score %d, want %d: one drag must be one undo step", got, pt.Score)
	}
}

func TestRubberBandSelection(t *testing.T) {
	p := assets.Sample()
	b, _ := newTestBoard(t, p)
	l := b.Layout()
	// A band around the first stage's first two lanes.
	c0 := l.Cell(0, 0)
	c1 := l.Cell(0, 1)
	band := geometry.Rect{X: c0.Rect.X + 2, Y: c0.Rect.Y + 2, W: c0.Rect.W - 4, H: c1.Rect.Y + c1.Rect.H - c0.Rect.Y - 4}
	want := l.CardsIn(band)
	if len(want) < 2 {
		t.Fatalf("test band holds %d cards; pick a fuller area", len(want))
	}
	// Start on an empty spot: the bottom of the first cell, below its cards.
	start := fyne.NewPos((band.X-b.off.X)*b.zoom, (c0.Slots[len(c0.Slots)-1]+4-b.off.Y)*b.zoom)
	if b.Layout().CardAt(b.contentPoint(start)) != nil {
		t.Fatal("band starts on a card")
	}
	startBoard := b.contentPoint(start)
	end := fyne.NewPos((band.X+band.W-b.off.X)*b.zoom, (band.Y+band.H-b.off.Y)*b.zoom)
	drag(b, start, end.X-start.X, end.Y-start.Y)
	got := b.Selection()
	wantSet := map[model.ID]bool{}
	for _, id := range l.CardsIn(geometry.Rect{X: startBoard.X, Y: startBoard.Y, W: band.X + band.W - startBoard.X, H: band.Y + band.H - startBoard.Y}) {
		wantSet[id] = true
	}
	if len(got) == 0 || len(got) != len(wantSet) {
		t.Fatalf("rubber band selected %d cards, want %d", len(got), len(wantSet))
	}
	for _, id := range got {
		if !wantSet[id] {
			t.Fatalf("selected %s outside the band", id)
		}
	}
}

func TestClickSelectionAndShiftToggle(t *testing.T) {
	p := assets.Sample()
	b, _ := newTestBoard(t, p)
	l := b.Layout()
	a, c := l.Cards[0], l.Cards[1]
	click := func(pos fyne.Position, mods fyne.KeyModifier) {
		pressAt(b, pos, mods)
		b.Tapped(&fyne.PointEvent{Position: pos})
	}
	click(centre(b, a.Rect), 0)
	click(centre(b, c.Rect), fyne.KeyModifierShift)
	if s := b.Selection(); len(s) != 2 {
		t.Fatalf("shift-click: %d selected, want 2", len(s))
	}
	click(centre(b, c.Rect), fyne.KeyModifierControl)
	if s := b.Selection(); len(s) != 1 || s[0] != a.ID {
		t.Fatalf("ctrl-click did not toggle off: %v", s)
	}
	click(centre(b, a.Rect), 0)
	click(centre(b, c.Rect), 0)
	if s := b.Selection(); len(s) != 1 || s[0] != c.ID {
		t.Fatalf("plain click should select only the clicked card: %v", s)
	}
}

func TestMultiSelectionMovesTogether(t *testing.T) {
	p := assets.Sample()
	b, _ := newTestBoard(t, p)
	l := b.Layout()
	a, c := l.Cards[0], l.Cards[1]
	b.Select(a.ID, c.ID)
	target := l.Cell(len(l.Stages)-1, 0)
	from := centre(b, a.Rect)
	// Scroll is not needed: drag the pointer beyond the view is fine, the
	// cell lookup uses board coordinates.
	to := centre(b, geometry.Rect{X: target.Rect.X, Y: target.Rect.Y + 4, W: target.Rect.W, H: 1})
	drag(b, from, to.X-from.X, to.Y-from.Y)
	for _, id := range []model.ID{a.ID, c.ID} {
		_, tp := p.FindTouchpoint(id)
		if tp.StageID != target.Stage || tp.LaneID != target.Lane {
			t.Fatalf("card %s did not move with the selection", id)
		}
	}
	if b.History().UndoLabel() != "Move 2 cards" {
		t.Fatalf("undo step %q, want one step for both cards", b.History().UndoLabel())
	}
}

func TestKeyboard(t *testing.T) {
	p := assets.Sample()
	b, _ := newTestBoard(t, p)
	j := p.Journeys[0]
	card := b.Layout().Cards[0]
	b.Select(card.ID)
	b.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	_, tp := p.FindTouchpoint(card.ID)
	if j.StageIndex(tp.StageID) != j.StageIndex(card.Stage)+1 {
		t.Fatal("Right arrow did not move the card to the next stage")
	}
	b.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if j.LaneIndex(tp.LaneID) != j.LaneIndex(card.Lane)+1 {
		t.Fatal("Down arrow did not move the card to the next lane")
	}
	b.TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab})
	if s := b.Selection(); len(s) != 1 || s[0] == card.ID {
		t.Fatalf("Tab did not move focus to another card: %v", s)
	}
	n := len(j.Touchpoints)
	b.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if len(j.Touchpoints) != n-1 {
		t.Fatal("Delete did not remove the selected card")
	}
	b.History().Undo()
	if len(j.Touchpoints) != n {
		t.Fatal("undo did not bring the card back")
	}
}

func TestDoubleTapEmptyCellCreatesCardAndEditsTitle(t *testing.T) {
	p := assets.Sample()
	b, w := newTestBoard(t, p)
	l := b.Layout()
	cell := l.Cell(0, len(l.Lanes)-1)
	pos := centre(b, geometry.Rect{X: cell.Rect.X, Y: cell.Slots[len(cell.Slots)-1] + 6, W: cell.Rect.W, H: 2})
	n := len(p.Journeys[0].Touchpoints)
	b.DoubleTapped(&fyne.PointEvent{Position: pos})
	if len(p.Journeys[0].Touchpoints) != n+1 {
		t.Fatal("double-click on an empty spot did not create a card")
	}
	if !b.Editing() {
		t.Fatal("the new card's title is not being edited")
	}
	e := b.editing.entry
	if w.Canvas().Focused() != e {
		t.Fatal("the title editor does not have the focus")
	}
	test.Type(e, "Calls the hotline") // replaces the selected "New card"
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	id := b.Selection()[0]
	_, tp := p.FindTouchpoint(id)
	if tp.Title != "Calls the hotline" || tp.StageID != cell.Stage || tp.LaneID != cell.Lane {
		t.Fatalf("card %q in %s/%s", tp.Title, tp.StageID, tp.LaneID)
	}
	if b.Editing() {
		t.Fatal("Enter did not close the editor")
	}
}

func TestZoomAroundPointerAndLimits(t *testing.T) {
	p := assets.Sample()
	b, _ := newTestBoard(t, p)
	at := fyne.NewPos(700, 500)
	before := b.contentPoint(at)
	b.SetZoom(2, at)
	after := b.contentPoint(at)
	if d := before.X - after.X + before.Y - after.Y; d > 0.5 || d < -0.5 {
		t.Fatalf("zooming moved the point under the pointer: %v → %v", before, after)
	}
	b.SetZoom(100, at)
	if b.Zoom() != MaxZoom {
		t.Fatalf("zoom %v, want clamped to %v", b.Zoom(), MaxZoom)
	}
	b.SetZoom(0.01, at)
	if b.Zoom() != MinZoom {
		t.Fatalf("zoom %v, want clamped to %v", b.Zoom(), MinZoom)
	}
	modifierSource = func() fyne.KeyModifier { return fyne.KeyModifierControl }
	defer func() { modifierSource = func() fyne.KeyModifier { return 0 } }()
	z := b.Zoom()
	b.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: at}, Scrolled: fyne.Delta{DY: 1}})
	if b.Zoom() <= z {
		t.Fatal("Ctrl+wheel did not zoom in")
	}
	b.ZoomFit()
	s := b.Size()
	if m := b.Layout().Size; m.W*b.Zoom() > s.Width+1 || m.H*b.Zoom() > s.Height+1 {
		t.Fatal("fit does not fit the map in the window")
	}
}

func TestWheelPansAndPanDrag(t *testing.T) {
	modifierSource = func() fyne.KeyModifier { return 0 }
	p := assets.Sample()
	b, _ := newTestBoard(t, p)
	b.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.Delta{DY: -120}})
	if b.Offset().Y <= 0 {
		t.Fatal("the wheel did not scroll down")
	}
	y := b.Offset().Y
	b.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(600, 500)}, Button: desktop.MouseButtonTertiary})
	b.Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DX: -100, DY: 50}})
	b.DragEnd()
	if b.Offset().X <= 0 || b.Offset().Y >= y {
		t.Fatalf("middle-drag did not pan: offset %v", b.Offset())
	}
	b.KeyDown(&fyne.KeyEvent{Name: fyne.KeySpace})
	x := b.Offset().X
	drag(b, fyne.NewPos(600, 500), 60, 0)
	b.KeyUp(&fyne.KeyEvent{Name: fyne.KeySpace})
	if b.Offset().X >= x {
		t.Fatal("dragging with Space held did not pan")
	}
}

func TestPaletteDropCreatesCard(t *testing.T) {
	p := assets.Sample()
	b, _ := newTestBoard(t, p)
	l := b.Layout()
	cell := l.Cell(1, 0)
	pos := centre(b, geometry.Rect{X: cell.Rect.X, Y: cell.Rect.Y + 2, W: cell.Rect.W, H: 1})
	origin := fyne.CurrentApp().Driver().AbsolutePositionForObject(b)
	n := len(p.Journeys[0].Touchpoints)
	b.PaletteDragged(origin.Add(pos))
	b.PaletteDropped()
	if len(p.Journeys[0].Touchpoints) != n+1 {
		t.Fatal("dropping the palette card did not create a card")
	}
	_, tp := p.FindTouchpoint(b.Selection()[0])
	if tp.StageID != cell.Stage || tp.LaneID != cell.Lane || tp.Order != 0 {
		t.Fatalf("new card at %s/%s order %d, want the top of the target cell", tp.StageID, tp.LaneID, tp.Order)
	}
}

// TestOnlyVisibleCardsInTree: the tree holds the cards in view, not all.
func TestOnlyVisibleCardsInTree(t *testing.T) {
	p := bigProject(2000)
	b, _ := newTestBoard(t, p)
	r := test.WidgetRenderer(b).(*renderer)
	if n := len(r.byCard); n == 0 || n > 200 {
		t.Fatalf("%d card views for a 2,000-card board in a 1440×900 window", n)
	}
	b.ScrollTo(geometry.Point{X: 2000, Y: 1500})
	for id := range r.byCard {
		c := b.Layout().Card(id)
		if !c.Rect.Intersects(r.visible()) {
			t.Fatalf("card %s is out of view but in the tree", id)
		}
	}
}

func TestGoldenSampleBoard(t *testing.T) {
	p := assets.Sample()
	_, w := newTestBoard(t, p)
	test.AssertRendersToMarkup(t, "sample_board.xml", w.Canvas())
}

// bigProject makes a journey of n (up to 2,000) cards over 20 stages × 10 lanes.
func bigProject(n int) *model.Project {
	p := &model.Project{ID: model.NewID(), Name: "Big", Scale: model.DefaultScale}
	per := &model.Persona{ID: model.NewID(), Name: "Ana"}
	p.Personas = []*model.Persona{per}
	j := &model.Journey{ID: model.NewID(), Title: "Big journey", PersonaIDs: []model.ID{per.ID}}
	for i := 0; i < 20; i++ {
		j.Stages = append(j.Stages, &model.Stage{ID: model.NewID(), Name: fmt.Sprintf("Stage %d", i+1)})
	}
	kinds := []model.LaneKind{model.LaneChannel, model.LaneActions, model.LaneThoughts, model.LaneEmotions, model.LanePainPoints,
		model.LaneOpportunities, model.LaneStakeholders, model.LaneBackstage, model.LaneEvidence, model.LaneCustom}
	for i, k := range kinds {
		j.Lanes = append(j.Lanes, &model.Lane{ID: model.NewID(), Name: fmt.Sprintf("Lane %d", i+1), Kind: k})
	}
	// Cells fill up ten cards deep, lane after lane: the first lane (what a
	// window shows at first) looks the same whatever n is, so a benchmark
	// compares boards that differ only in what is out of view.
	for i := 0; i < n; i++ {
		s := j.Stages[i%20]
		l := j.Lanes[(i/200)%10]
		t := &model.Touchpoint{ID: model.NewID(), StageID: s.ID, LaneID: l.ID, Order: (i / 20) % 10,
			Title: fmt.Sprintf("Touchpoint %d with a longer title that wraps", i), Channel: "web"}
		if i%7 == 0 {
			t.Emotions = map[model.ID]int{per.ID: i%5 - 2}
		}
		j.Touchpoints = append(j.Touchpoints, t)
	}
	p.Journeys = []*model.Journey{j}
	return p
}

func TestCardPictureIsDrawnAboveTitle(t *testing.T) {
	p := assets.Sample()
	b, _ := newTestBoard(t, p)
	img := image.NewNRGBA(image.Rect(0, 0, 300, 200))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	im, err := model.ImportImage(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	id := b.Layout().Cards[0].ID
	_, tp := p.FindTouchpoint(id)
	after := tp.Clone()
	after.ImageID = im.ID
	before := b.Layout().Card(id).Rect.H
	if err := b.History().Do(&model.Batch{Name: "Set picture", Commands: []model.Command{
		&model.AddImage{Image: im}, &model.UpdateTouchpoint{After: after}}}); err != nil {
		t.Fatal(err)
	}
	c := b.Layout().Card(id)
	if c.Image.W == 0 || c.ImageID != im.ID {
		t.Fatal("the layout has no picture strip for the card")
	}
	if c.Rect.H <= before || c.Title[0].Y < c.Image.Y+c.Image.H || !c.Image.Inside(c.Rect) {
		t.Fatalf("picture %v and title at %v in card %v (was %v high)", c.Image, c.Title[0].Y, c.Rect, before)
	}
	v := test.WidgetRenderer(b).(*renderer).byCard[id]
	if v == nil || !v.picture.Visible() || v.picture.Image == nil {
		t.Fatal("the board does not draw the card's picture")
	}
}

// A journey drawn for more personas than the lane header lists names the
// first ones with their swatches and counts the rest in muted text, with no
// swatch, as the poster does.
func TestLaneLegendCountsTheRest(t *testing.T) {
	p := assets.Sample()
	j := p.Journeys[0]
	for i := len(j.PersonaIDs); i < geometry.LaneLegendMax+8; i++ {
		x := &model.Persona{ID: model.NewID(), Name: fmt.Sprintf("Extra %d", i)}
		p.Personas = append(p.Personas, x)
		j.PersonaIDs = append(j.PersonaIDs, x.ID)
	}
	b, _ := newTestBoard(t, p)
	r := test.WidgetRenderer(b).(*renderer)
	// Each named persona's line is drawn in its dashes; the count has none.
	e := b.Layout().Emotion
	want := 0
	for i, lg := range e.Legend {
		if i < geometry.LaneLegendMax-1 && len(lg.Line) == 0 {
			t.Errorf("legend entry %d (%s) has no line", i, lg.Name.Text)
		}
		want += len(lg.Line)
	}
	if e.Conversion != nil {
		want += 3
	}
	if n := r.swatches.n; n != want || len(e.Legend) != geometry.LaneLegendMax {
		t.Errorf("%d pieces of persona lines for %d legend lines, want %d for %d", n, len(e.Legend), want, geometry.LaneLegendMax)
	}
	var count *canvas.Text
	for _, o := range r.objects {
		if tx, ok := o.(*canvas.Text); ok && strings.HasPrefix(tx.Text, "… and ") {
			count = tx
		}
	}
	if count == nil {
		t.Fatal("the lane header does not say how many more personas there are")
	}
	if want := fmt.Sprintf("… and %d more", len(j.PersonaIDs)-(geometry.LaneLegendMax-1)); count.Text != want {
		t.Errorf("the count says %q, want %q", count.Text, want)
	}
	if count.Color != b.palette.MutedText {
		t.Errorf("the count is in %v, not the muted text colour %v", count.Color, b.palette.MutedText)
	}
}
