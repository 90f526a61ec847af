package board

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"waymark/canvas/geometry"
	"waymark/model"
)

// pressKind says what a pointer press started on, and so what dragging does.
type pressKind int

const (
	pressNone    pressKind = iota
	pressCard              // move cards
	pressCurve             // change a score
	pressStage             // reorder stages
	pressLane              // reorder lanes
	pressEmpty             // rubber-band selection
	pressPan               // middle button, or Space held
	pressScrollV           // vertical scrollbar thumb
	pressScrollH           // horizontal scrollbar thumb
)

type press struct {
	kind   pressKind
	button desktop.MouseButton
	mods   fyne.KeyModifier
	at     fyne.Position
	board  geometry.Point
	card   model.ID
	index  int // stage or lane index
	curve  int
	point  int
}

type dragState struct {
	kind       pressKind
	delta      geometry.Point // how far the pointer moved, in board units
	target     *geometry.CellBox
	index      int
	indicatorY float32
	from, to   int // stage or lane reorder
	band       geometry.Rect
	offStart   geometry.Point
	cancelled  bool
	changed    bool       // a curve drag has changed the score
	moved      fyne.Delta // pointer movement since the press
}

// scrollbar thickness and the margin that makes its edge easy to grab.
const barWidth = 8

type thumb struct {
	Pos  fyne.Position
	Size fyne.Size
}

// scrollThumbs places the scrollbar thumbs; a zero size means no bar.
func (b *Board) scrollThumbs(size fyne.Size) (v, h thumb) {
	l := b.layout
	st := l.Style
	z := b.zoom
	top := st.StageHeaderHeight * z
	left := st.LaneHeaderWidth * z
	viewH, viewW := size.Height/z, size.Width/z
	if l.Size.H > viewH && size.Height > top {
		track := size.Height - top - barWidth
		lenTh := max(track*viewH/l.Size.H, 24)
		y := top + (track-lenTh)*b.off.Y/max(l.Size.H-viewH, 1)
		v = thumb{fyne.NewPos(size.Width-barWidth-2, y), fyne.NewSize(barWidth, lenTh)}
	}
	if l.Size.W > viewW && size.Width > left {
		track := size.Width - left - barWidth
		lenTh := max(track*viewW/l.Size.W, 24)
		x := left + (track-lenTh)*b.off.X/max(l.Size.W-viewW, 1)
		h = thumb{fyne.NewPos(x, size.Height-barWidth-2), fyne.NewSize(lenTh, barWidth)}
	}
	return v, h
}

func (t thumb) contains(p fyne.Position) bool {
	return t.Size.Width > 0 && t.Size.Height > 0 && p.X >= t.Pos.X-2 && p.X <= t.Pos.X+t.Size.Width+2 &&
		p.Y >= t.Pos.Y-2 && p.Y <= t.Pos.Y+t.Size.Height+2
}

// MouseDown decides what a drag from here would do.
func (b *Board) MouseDown(ev *desktop.MouseEvent) {
	b.requestFocus()
	b.commitEdit()
	pt, reg := b.boardPoint(ev.Position)
	b.press = press{button: ev.Button, mods: ev.Modifier, at: ev.Position, board: pt, curve: -1, point: -1}
	if ev.Button == desktop.MouseButtonTertiary || (ev.Button == desktop.MouseButtonPrimary && b.space) {
		b.press.kind = pressPan
		return
	}
	if ev.Button != desktop.MouseButtonPrimary {
		return
	}
	v, h := b.scrollThumbs(b.Size())
	switch {
	case v.contains(ev.Position):
		b.press.kind = pressScrollV
		return
	case h.contains(ev.Position):
		b.press.kind = pressScrollH
		return
	}
	l := b.layout
	switch reg {
	case regionStageHeaders:
		if i := l.StageHeaderAt(pt); i >= 0 {
			b.press.kind, b.press.index = pressStage, i
		}
	case regionLaneHeaders:
		if i := l.LaneHeaderAt(pt); i >= 0 {
			b.press.kind, b.press.index = pressLane, i
		}
	case regionContent:
		if ci, pi := l.CurvePointAt(pt, 8/b.zoom); ci >= 0 {
			b.press.kind, b.press.curve, b.press.point = pressCurve, ci, pi
		} else if c := l.CardAt(pt); c != nil {
			b.press.kind, b.press.card = pressCard, c.ID
		} else {
			b.press.kind = pressEmpty
		}
	}
}

// MouseUp ends a press; clicks are handled by Tapped.
func (b *Board) MouseUp(*desktop.MouseEvent) {}

// Dragged follows the pointer. It must stay cheap: it runs for every
// pointer event of a drag and repaints only what moves.
func (b *Board) Dragged(ev *fyne.DragEvent) {
	d := b.drag
	if d == nil {
		d = b.startDrag()
		if d == nil {
			return
		}
	}
	if d.cancelled {
		return
	}
	// The pointer is where the press was plus every step so far. Summing the
	// steps (rather than reading ev.Position) works the same for the desktop
	// driver, which reports each step, and for test.Drag, which reports one.
	d.moved = fyne.Delta{DX: d.moved.DX + ev.Dragged.DX, DY: d.moved.DY + ev.Dragged.DY}
	dx, dy := d.moved.DX, d.moved.DY
	pointer := b.press.at.Add(d.moved)
	switch d.kind {
	case pressPan:
		b.off = geometry.Point{X: d.offStart.X - dx/b.zoom, Y: d.offStart.Y - dy/b.zoom}
		b.clampOffset()
		b.Refresh()
	case pressScrollV, pressScrollH:
		s := b.Size()
		l := b.layout
		if d.kind == pressScrollV {
			b.off.Y = d.offStart.Y + dy*l.Size.H/max(s.Height, 1)
		} else {
			b.off.X = d.offStart.X + dx*l.Size.W/max(s.Width, 1)
		}
		b.clampOffset()
		b.Refresh()
	case pressCard:
		d.delta = geometry.Point{X: dx / b.zoom, Y: dy / b.zoom}
		pt, _ := b.boardPoint(pointer)
		d.target = b.layout.DropCellAt(pt)
		if d.target != nil {
			d.index, d.indicatorY = d.target.InsertIndex(pt.Y)
		}
		if b.rend != nil {
			b.rend.dragStep()
		}
	case pressCurve:
		b.dragCurve(pointer)
	case pressStage:
		pt, _ := b.boardPoint(pointer)
		d.to = reorderTarget(b.layout.StageAtX(pt.X), pt.X > b.layout.Size.W, d.from, len(b.layout.Stages))
		b.Refresh()
	case pressLane:
		pt, _ := b.boardPoint(pointer)
		d.to = reorderTarget(b.layout.LaneAtY(pt.Y), pt.Y > b.layout.Size.H, d.from, len(b.layout.Lanes))
		b.Refresh()
	case pressEmpty:
		pt := b.contentPoint(pointer)
		a := b.press.board
		d.band = geometry.Rect{X: min(a.X, pt.X), Y: min(a.Y, pt.Y), W: abs(pt.X - a.X), H: abs(pt.Y - a.Y)}
		b.Refresh()
	}
}

// reorderTarget is where a dragged stage or lane goes: the one under the
// pointer, the last one past the end of the map, else where it came from.
func reorderTarget(under int, beyond bool, from, n int) int {
	switch {
	case under >= 0:
		return under
	case beyond:
		return n - 1
	}
	return from
}

func abs(v float32) float32 {
	if v < 0 {
		return -v
	}
	return v
}

func (b *Board) startDrag() *dragState {
	p := b.press
	if p.kind == pressNone {
		return nil
	}
	d := &dragState{kind: p.kind, offStart: b.off, from: p.index, to: p.index}
	if p.kind == pressCurve {
		b.history.Seal() // this drag is its own undo step
	}
	if p.kind == pressCard && !b.selected[p.card] {
		// Dragging an unselected card drags it alone (as in every drawing tool).
		clear(b.selected)
		b.selected[p.card] = true
		b.focus = p.card
		b.drag = d
		b.selectionChanged()
	}
	b.drag = d
	b.Refresh() // moves the dragged cards above the others
	return d
}

// dragCurve changes the dragged point's score, snapped to the scale. Each
// new step is a SetEmotion; consecutive ones coalesce into one undo step.
func (b *Board) dragCurve(pos fyne.Position) {
	e := b.layout.Emotion
	if e == nil || b.press.curve >= len(e.Curves) {
		return
	}
	cv := e.Curves[b.press.curve]
	if b.press.point >= len(cv.Points) {
		return
	}
	pt := cv.Points[b.press.point]
	y := b.contentPoint(pos).Y
	score := b.history.Project().Scale.Snap(e.ScoreAt(y))
	if score == pt.Score {
		return
	}
	if b.do(&model.SetEmotion{Touchpoint: pt.Touchpoint, Persona: cv.Persona, Score: score, Merge: "curve"}) {
		b.drag.changed = true
	}
}

// DragEnd applies what the drag showed.
func (b *Board) DragEnd() {
	d := b.drag
	b.drag = nil
	if d == nil {
		return
	}
	if d.cancelled {
		b.Refresh()
		return
	}
	switch d.kind {
	case pressCard:
		if d.target != nil {
			ids := b.Selection()
			b.do(&model.MoveTouchpoints{IDs: ids, Stage: d.target.Stage, Lane: d.target.Lane, Index: b.dropIndex(d, ids)})
		}
	case pressCurve:
		b.history.Seal()
	case pressStage:
		if d.to >= 0 && d.to != d.from {
			// Stage indices are among the stages laid out (a lens may hide
			// some); the model counts all.
			to := b.Journey().StageIndex(b.layout.Stages[d.to].ID)
			b.do(&model.MoveStage{ID: b.layout.Stages[d.from].ID, To: to})
		}
	case pressLane:
		if d.to >= 0 && d.to != d.from {
			// Lane indices are among visible lanes; the model counts all.
			j := b.Journey()
			to := j.LaneIndex(b.layout.Lanes[d.to].ID)
			b.do(&model.MoveLane{ID: b.layout.Lanes[d.from].ID, To: to})
		}
	case pressEmpty:
		ids := b.layout.CardsIn(d.band)
		if b.press.mods&(fyne.KeyModifierShift|fyne.KeyModifierShortcutDefault|fyne.KeyModifierControl) != 0 {
			ids = append(ids, b.Selection()...)
		}
		b.Select(ids...)
	}
	b.Refresh()
}

// dropIndex converts the indicator's slot (which counts the dragged cards
// still standing in the target cell, and only the cards laid out) into an
// index among the cell's other cards, which is what MoveTouchpoints
// expects.
func (b *Board) dropIndex(d *dragState, moving []model.ID) int {
	order := b.cellOrder(d.target.Stage, d.target.Lane, d.index)
	index := order
	sel := map[model.ID]bool{}
	for _, id := range moving {
		sel[id] = true
	}
	for _, c := range b.layout.Cards {
		if c.Stage == d.target.Stage && c.Lane == d.target.Lane && c.Order < order && sel[c.ID] {
			index--
		}
	}
	return index
}

// CancelDrag abandons the drag in progress (Escape).
func (b *Board) CancelDrag() bool {
	if b.drag == nil || b.drag.cancelled {
		return false
	}
	b.drag.cancelled = true
	b.drag.target = nil
	b.drag.delta = geometry.Point{}
	if b.drag.kind == pressCurve && b.drag.changed {
		// The score already changed through one coalesced command: undo it.
		if _, err := b.history.Undo(); err != nil && b.OnError != nil {
			b.OnError(err)
		}
		return true
	}
	b.Refresh()
	return true
}

// Dragging reports whether a drag is in progress.
func (b *Board) Dragging() bool { return b.drag != nil && !b.drag.cancelled }

// Tapped selects what was clicked.
func (b *Board) Tapped(ev *fyne.PointEvent) {
	b.requestFocus()
	pt, reg := b.boardPoint(ev.Position)
	l := b.layout
	mods := b.press.mods
	additive := mods&(fyne.KeyModifierShift|fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0
	switch reg {
	case regionStageHeaders:
		if i := l.StageHeaderAt(pt); i >= 0 && b.OnHeader != nil {
			b.clearSelection()
			b.OnHeader(TargetStage, l.Stages[i].ID)
		}
		return
	case regionLaneHeaders:
		if i := l.LaneHeaderAt(pt); i >= 0 && b.OnHeader != nil {
			b.clearSelection()
			b.OnHeader(TargetLane, l.Lanes[i].ID)
		}
		return
	case regionCorner:
		return
	}
	c := l.CardAt(pt)
	switch {
	case c == nil && !additive:
		b.clearSelection()
		if b.OnHeader == nil {
			break
		}
		// A stage's figures in the behaviour lane stand for the stage: the
		// inspector shows all of them.
		if cell := l.CellAt(pt); cell != nil && !l.Lanes[l.LaneAtY(pt.Y)].Kind.HoldsCards() {
			b.OnHeader(TargetStage, cell.Stage)
			break
		}
		b.OnHeader(TargetJourney, b.journey)
	case c == nil:
	case additive:
		b.toggle(c.ID)
	default:
		b.Select(c.ID)
	}
}

// DoubleTapped edits a card's title in place, or creates a card in an
// empty spot of a cell and edits its title.
func (b *Board) DoubleTapped(ev *fyne.PointEvent) {
	pt, reg := b.boardPoint(ev.Position)
	l := b.layout
	switch reg {
	case regionStageHeaders:
		if i := l.StageHeaderAt(pt); i >= 0 {
			b.EditStageName(l.Stages[i].ID)
		}
		return
	case regionLaneHeaders:
		if i := l.LaneHeaderAt(pt); i >= 0 {
			b.EditLaneName(l.Lanes[i].ID)
		}
		return
	case regionCorner:
		return
	}
	if c := l.CardAt(pt); c != nil {
		b.Select(c.ID)
		b.EditTitle(c.ID)
		return
	}
	cell := l.DropCellAt(pt)
	if cell == nil {
		return
	}
	index, _ := cell.InsertIndex(pt.Y)
	if id, ok := b.AddCard(cell.Stage, cell.Lane, index, "New card"); ok {
		b.EditTitle(id)
	}
}

// Scrolled pans with the wheel (Shift: sideways) and zooms with Ctrl+wheel
// around the pointer.
func (b *Board) Scrolled(ev *fyne.ScrollEvent) {
	mods := currentModifiers()
	switch {
	case mods&(fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0:
		f := float32(1.1)
		if ev.Scrolled.DY < 0 {
			f = 1 / f
		}
		b.SetZoom(b.zoom*f, ev.Position)
		return
	case mods&fyne.KeyModifierShift != 0 && ev.Scrolled.DX == 0:
		b.off.X -= ev.Scrolled.DY / b.zoom
	default:
		b.off.X -= ev.Scrolled.DX / b.zoom
		b.off.Y -= ev.Scrolled.DY / b.zoom
	}
	b.clampOffset()
	b.Refresh()
}

// modifierSource lets tests hold keys down; the desktop driver knows them.
var modifierSource = func() fyne.KeyModifier {
	if app := fyne.CurrentApp(); app != nil {
		if d, ok := app.Driver().(desktop.Driver); ok {
			return d.CurrentKeyModifiers()
		}
	}
	return 0
}

func currentModifiers() fyne.KeyModifier { return modifierSource() }

// MouseIn implements desktop.Hoverable.
func (b *Board) MouseIn(*desktop.MouseEvent) {}

// MouseMoved implements desktop.Hoverable: it says when the pointer
// comes over a stage's figures, or leaves them (not on every move).
func (b *Board) MouseMoved(ev *desktop.MouseEvent) {
	if b.OnHoverFigures == nil || b.drag != nil {
		return
	}
	stage := model.ID("")
	if pt, reg := b.boardPoint(ev.Position); reg == regionContent {
		l := b.layout
		if bb := l.Behaviour; bb != nil && bb.Band.Contains(pt) {
			if cell := l.CellAt(pt); cell != nil {
				for _, s := range bb.Stages {
					if s.Stage == cell.Stage {
						stage = cell.Stage
						break
					}
				}
			}
		}
	}
	if stage != b.hovered {
		b.hovered = stage
		b.OnHoverFigures(stage, ev.AbsolutePosition)
	}
}

// MouseOut implements desktop.Hoverable.
func (b *Board) MouseOut() {
	if b.hovered != "" && b.OnHoverFigures != nil {
		b.hovered = ""
		b.OnHoverFigures("", fyne.Position{})
	}
}

// Cursor shows a hand while the board can be panned.
func (b *Board) Cursor() desktop.Cursor {
	if b.space || (b.drag != nil && b.drag.kind == pressPan) {
		return desktop.PointerCursor
	}
	return desktop.DefaultCursor
}

// ---- keyboard ----

func (b *Board) requestFocus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(b); c != nil && !b.focused {
		c.Focus(b)
	}
}

// FocusGained implements fyne.Focusable.
func (b *Board) FocusGained() { b.focused = true }

// FocusLost implements fyne.Focusable.
func (b *Board) FocusLost() { b.focused = false; b.space = false }

// AcceptsTab keeps Tab for moving between cards.
func (b *Board) AcceptsTab() bool { return true }

// TypedRune implements fyne.Focusable.
func (b *Board) TypedRune(rune) {}

// TypedKey handles Delete, the arrows, Tab, Enter/F2 and Escape.
func (b *Board) TypedKey(ev *fyne.KeyEvent) {
	shift := currentModifiers()&fyne.KeyModifierShift != 0
	switch ev.Name {
	case fyne.KeyDelete, fyne.KeyBackspace:
		b.DeleteSelection()
	case fyne.KeyLeft:
		b.MoveSelection(-1, 0)
	case fyne.KeyRight:
		b.MoveSelection(1, 0)
	case fyne.KeyUp:
		b.MoveSelection(0, -1)
	case fyne.KeyDown:
		b.MoveSelection(0, 1)
	case fyne.KeyTab:
		if shift {
			b.FocusCard(-1)
		} else {
			b.FocusCard(1)
		}
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeyF2:
		if ids := b.Selection(); len(ids) == 1 {
			b.EditTitle(ids[0])
		}
	case fyne.KeyEscape:
		if !b.CancelDrag() {
			b.clearSelection()
		}
	}
}

// KeyDown tracks Space for panning.
func (b *Board) KeyDown(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeySpace {
		b.space = true
	}
}

// KeyUp implements desktop.Keyable.
func (b *Board) KeyUp(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeySpace {
		b.space = false
	}
}

// pressPalette is a new card dragged in from the palette.
const pressPalette = pressScrollH + 1

// PaletteDragged previews a new card dragged from the palette, at an
// absolute window position: the drop indicator follows the pointer.
func (b *Board) PaletteDragged(abs fyne.Position) {
	if b.drag == nil || b.drag.kind != pressPalette {
		b.drag = &dragState{kind: pressPalette}
	}
	origin := fyne.CurrentApp().Driver().AbsolutePositionForObject(b)
	pos := abs.Subtract(origin)
	d := b.drag
	d.target = nil
	s := b.Size()
	if pos.X >= 0 && pos.Y >= 0 && pos.X <= s.Width && pos.Y <= s.Height {
		if pt, reg := b.boardPoint(pos); reg == regionContent {
			if d.target = b.layout.DropCellAt(pt); d.target != nil {
				d.index, d.indicatorY = d.target.InsertIndex(pt.Y)
			}
		}
	}
	b.Refresh()
}

// PaletteDropped creates the dragged card where the indicator shows and
// opens its title for editing. Dropped off the board, nothing happens.
func (b *Board) PaletteDropped() {
	d := b.drag
	b.drag = nil
	if d == nil || d.kind != pressPalette || d.target == nil {
		b.Refresh()
		return
	}
	if id, ok := b.AddCard(d.target.Stage, d.target.Lane, d.index, "New card"); ok {
		b.EditTitle(id)
	}
	b.Refresh()
}
