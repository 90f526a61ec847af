// Package board is the journey board: a Fyne widget that paints the shared
// geometry of a journey and turns pointer and keyboard gestures into model
// commands. It computes no positions of its own: every rectangle comes from
// canvas/geometry, the same layout the poster prints.
package board

import (
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"waymark/canvas/geometry"
	"waymark/model"
)

// TargetKind says what a click on the board points at besides cards.
type TargetKind int

// What OnHeader reports.
const (
	TargetJourney TargetKind = iota
	TargetStage
	TargetLane
)

// Zoom limits.
const (
	MinZoom = 0.25
	MaxZoom = 4.0
)

// Board shows one journey of a project and edits it through a History.
type Board struct {
	widget.BaseWidget

	history  *model.History
	journey  model.ID
	layouter *geometry.Layouter
	layout   *geometry.Layout
	palette  geometry.Palette

	zoom float32
	off  geometry.Point // board position at the view's top-left corner of the scrolling area

	selected  map[model.ID]bool
	highlight map[model.ID]bool // cards marked by Compare with… or found by Find
	dimOthers bool              // Find is open: cards not highlighted are dimmed
	current   model.ID          // the match Find is on, outlined thickly in the selection colour
	focus     model.ID          // the card keyboard focus is on
	focused   bool

	press   press      // the pointer press in progress
	drag    *dragState // a drag in progress
	editing *titleEdit // in-place title editing
	space   bool       // Space held: left drag pans

	// OnSelect is called when the selection changes.
	OnSelect func(ids []model.ID)
	// OnError reports a command the model refused.
	OnError func(err error)
	// OnHeader is called when a stage or lane header, or the empty board
	// (the journey), is clicked, so the app can show it in the inspector.
	OnHeader func(kind TargetKind, id model.ID)
	// OnZoom is called when the zoom changes.
	OnZoom func(z float32)
	// OnHoverFigures is called when the pointer comes over a stage's
	// figures in the behaviour lane (at, in absolute coordinates, where
	// it is) and, with stage "", when it leaves them: the app shows every
	// figure of the stage there.
	OnHoverFigures func(stage model.ID, at fyne.Position)
	hovered        model.ID

	rend *renderer
}

var (
	_ fyne.Widget         = (*Board)(nil)
	_ fyne.Draggable      = (*Board)(nil)
	_ fyne.Tappable       = (*Board)(nil)
	_ fyne.DoubleTappable = (*Board)(nil)
	_ fyne.Scrollable     = (*Board)(nil)
	_ fyne.Focusable      = (*Board)(nil)
	_ fyne.Tabbable       = (*Board)(nil)
	_ desktop.Mouseable   = (*Board)(nil)
	_ desktop.Keyable     = (*Board)(nil)
	_ desktop.Hoverable   = (*Board)(nil)
	_ desktop.Cursorable  = (*Board)(nil)
)

// New returns a board showing journey of the history's project. metrics must
// measure the font the app's theme draws with.
func New(h *model.History, journey model.ID, metrics geometry.Metrics) *Board {
	b := &Board{history: h, journey: journey, zoom: 1, selected: map[model.ID]bool{},
		layouter: geometry.NewLayouter(geometry.DefaultStyle, metrics), palette: geometry.Light}
	b.ExtendBaseWidget(b)
	b.relayout()
	// Every change, from the board or anywhere else (inspector, undo),
	// relays the board out.
	h.OnChange(b.Reload)
	return b
}

// History returns the history the board edits through.
func (b *Board) History() *model.History { return b.history }

// Journey returns the journey shown, or nil if it no longer exists.
func (b *Board) Journey() *model.Journey { return b.history.Project().Journey(b.journey) }

// JourneyID returns the ID of the journey shown.
func (b *Board) JourneyID() model.ID { return b.journey }

// Layout returns the current geometry.
func (b *Board) Layout() *geometry.Layout { return b.layout }

// SetJourney shows another journey of the project.
func (b *Board) SetJourney(id model.ID) {
	if id == b.journey {
		return
	}
	b.journey = id
	b.off = geometry.Point{}
	b.layouter.Segment, b.layouter.Compare = "", "" // segment values are one journey's
	b.clearSelection()
	b.Reload()
}

// SetSegment shows the figures of one segment value in the behaviour lane,
// or everyone's for "".
func (b *Board) SetSegment(value string) {
	b.layouter.Segment = value
	b.Reload()
}

// Segment is the segment value whose figures the behaviour lane shows, ""
// for everyone.
func (b *Board) Segment() string { return b.layouter.Segment }

// SetCompare shows a second segment value's figures beside Segment's, or
// none for "".
func (b *Board) SetCompare(value string) {
	b.layouter.Compare = value
	b.Reload()
}

// Compare is the segment value shown beside Segment's, "" for none.
func (b *Board) Compare() string { return b.layouter.Compare }

// SetLens narrows the board to what lens l shows (nil: the whole map). A
// lens is a view: the journey does not change.
func (b *Board) SetLens(l *model.Lens) {
	b.layouter.Lens = l.Clone()
	b.Reload()
}

// Lens is the lens the board shows, nil for none.
func (b *Board) Lens() *model.Lens { return b.layouter.Lens }

// SetPalette switches between the light and dark palettes.
func (b *Board) SetPalette(p geometry.Palette) {
	b.palette = p
	b.Refresh()
}

// Palette returns the palette in use.
func (b *Board) Palette() geometry.Palette { return b.palette }

// Reload lays the journey out again after the model changed and repaints.
func (b *Board) Reload() {
	b.relayout()
	// Selection may name cards that an undo removed.
	j := b.Journey()
	for id := range b.selected {
		if j == nil || j.Touchpoint(id) == nil {
			delete(b.selected, id)
		}
	}
	b.clampOffset()
	b.Refresh()
}

func (b *Board) relayout() {
	j := b.Journey()
	if j == nil {
		b.layout = &geometry.Layout{Style: b.layouter.Style}
		return
	}
	b.layout = b.layouter.Layout(b.history.Project(), j)
}

// do runs a command through the history and reports a refusal.
func (b *Board) do(c model.Command) bool {
	if err := b.history.Do(c); err != nil {
		if b.OnError != nil {
			b.OnError(err)
		}
		return false
	}
	return true
}

// ---- selection ----

// Selection returns the selected cards in reading order.
func (b *Board) Selection() []model.ID {
	var ids []model.ID
	for _, c := range b.layout.Cards {
		if b.selected[c.ID] {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

// SetHighlight marks cards (e.g. those another version of the file changed)
// with a coloured outline until cleared with nil.
func (b *Board) SetHighlight(ids []model.ID) {
	b.highlight = map[model.ID]bool{}
	b.dimOthers, b.current = false, ""
	for _, id := range ids {
		b.highlight[id] = true
	}
	b.Refresh()
}

// Highlighted reports whether a card is highlighted.
func (b *Board) Highlighted(id model.ID) bool { return b.highlight[id] }

// IsSelected reports whether a card is selected.
func (b *Board) IsSelected(id model.ID) bool { return b.selected[id] }

// Select replaces the selection.
func (b *Board) Select(ids ...model.ID) {
	clear(b.selected)
	for _, id := range ids {
		b.selected[id] = true
	}
	if len(ids) > 0 {
		b.focus = ids[len(ids)-1]
	}
	b.selectionChanged()
}

// SelectAll selects every card of the journey.
func (b *Board) SelectAll() {
	ids := make([]model.ID, 0, len(b.layout.Cards))
	for _, c := range b.layout.Cards {
		ids = append(ids, c.ID)
	}
	b.Select(ids...)
}

func (b *Board) toggle(id model.ID) {
	if b.selected[id] {
		delete(b.selected, id)
	} else {
		b.selected[id] = true
		b.focus = id
	}
	b.selectionChanged()
}

func (b *Board) clearSelection() {
	if len(b.selected) == 0 {
		return
	}
	clear(b.selected)
	b.selectionChanged()
}

func (b *Board) selectionChanged() {
	if b.rend != nil {
		b.rend.paintSelection()
	}
	if b.OnSelect != nil {
		b.OnSelect(b.Selection())
	}
}

// DeleteSelection removes the selected cards as one undo step.
func (b *Board) DeleteSelection() {
	ids := b.Selection()
	if len(ids) == 0 {
		return
	}
	if b.do(&model.DeleteTouchpoints{IDs: ids}) {
		b.clearSelection()
	}
}

// ---- zoom and scroll ----

// Zoom returns the zoom factor (1 = 100%).
func (b *Board) Zoom() float32 { return b.zoom }

// SetZoom zooms to z (clamped to 25%..400%) keeping the board point under
// the widget position around where it is.
func (b *Board) SetZoom(z float32, around fyne.Position) {
	z = min(max(z, MinZoom), MaxZoom)
	if z == b.zoom {
		return
	}
	before := b.contentPoint(around)
	b.zoom = z
	after := b.contentPoint(around)
	b.off.X += before.X - after.X
	b.off.Y += before.Y - after.Y
	b.clampOffset()
	b.Refresh()
	if b.OnZoom != nil {
		b.OnZoom(z)
	}
}

func (b *Board) centre() fyne.Position {
	s := b.Size()
	return fyne.NewPos(s.Width/2, s.Height/2)
}

// ZoomIn zooms in one step around the centre.
func (b *Board) ZoomIn() { b.SetZoom(b.zoom*1.25, b.centre()) }

// ZoomOut zooms out one step around the centre.
func (b *Board) ZoomOut() { b.SetZoom(b.zoom/1.25, b.centre()) }

// ZoomReset returns to 100%.
func (b *Board) ZoomReset() { b.SetZoom(1, fyne.Position{}) }

// ZoomFit zooms so the whole map fits the widget.
func (b *Board) ZoomFit() {
	s := b.Size()
	m := b.layout.Size
	if s.Width <= 0 || s.Height <= 0 || m.W <= 0 || m.H <= 0 {
		return
	}
	b.off = geometry.Point{}
	b.SetZoom(min(s.Width/m.W, s.Height/m.H), fyne.Position{})
	b.clampOffset()
	b.Refresh()
}

// Offset returns the scroll position in board units.
func (b *Board) Offset() geometry.Point { return b.off }

// ScrollTo sets the scroll position in board units (clamped).
func (b *Board) ScrollTo(p geometry.Point) {
	b.off = p
	b.clampOffset()
	b.Refresh()
}

func (b *Board) clampOffset() {
	s := b.Size()
	maxX := b.layout.Size.W - s.Width/b.zoom
	maxY := b.layout.Size.H - s.Height/b.zoom
	b.off.X = max(0, min(b.off.X, maxX))
	b.off.Y = max(0, min(b.off.Y, maxY))
}

// region says which frozen part of the board a widget position is in.
type region int

const (
	regionContent region = iota
	regionStageHeaders
	regionLaneHeaders
	regionCorner
)

// contentPoint converts a widget position to a board point, as if the
// position were in the scrolling area.
func (b *Board) contentPoint(p fyne.Position) geometry.Point {
	return geometry.Point{X: p.X/b.zoom + b.off.X, Y: p.Y/b.zoom + b.off.Y}
}

// boardPoint converts a widget position to a board point, honouring the
// frozen headers, and says which region it is in.
func (b *Board) boardPoint(p fyne.Position) (geometry.Point, region) {
	st := b.layout.Style
	inLaneHdr := p.X < st.LaneHeaderWidth*b.zoom
	inStageHdr := p.Y < st.StageHeaderHeight*b.zoom
	pt := b.contentPoint(p)
	switch {
	case inLaneHdr && inStageHdr:
		return geometry.Point{X: p.X / b.zoom, Y: p.Y / b.zoom}, regionCorner
	case inLaneHdr:
		return geometry.Point{X: p.X / b.zoom, Y: pt.Y}, regionLaneHeaders
	case inStageHdr:
		return geometry.Point{X: pt.X, Y: p.Y / b.zoom}, regionStageHeaders
	}
	return pt, regionContent
}

// screenRect converts a board rectangle in the scrolling area to widget
// coordinates.
func (b *Board) screenRect(r geometry.Rect) (fyne.Position, fyne.Size) {
	return fyne.NewPos((r.X-b.off.X)*b.zoom, (r.Y-b.off.Y)*b.zoom), fyne.NewSize(r.W*b.zoom, r.H*b.zoom)
}

// ---- cards ----

// AddCard creates a touchpoint in a cell at slot index of the cell as laid
// out (0: before its first card shown) and returns its ID.
func (b *Board) AddCard(stage, lane model.ID, index int, title string) (model.ID, bool) {
	t := &model.Touchpoint{ID: model.NewID(), StageID: stage, LaneID: lane, Order: b.cellOrder(stage, lane, index), Title: title}
	if !b.do(&model.AddTouchpoint{Journey: b.journey, Touchpoint: t}) {
		return "", false
	}
	b.Select(t.ID)
	return t.ID, true
}

// cellOrder turns a slot of a cell as laid out into a place among all the
// cell's cards: under a lens that hides cards the two differ. A slot before
// a shown card is that card's place; after the last shown card, the place
// after it; in a cell showing none, the end of the cell.
func (b *Board) cellOrder(stage, lane model.ID, slot int) int {
	var shown []int
	for i := range b.layout.Cards {
		if c := &b.layout.Cards[i]; c.Stage == stage && c.Lane == lane {
			shown = append(shown, c.Order)
		}
	}
	switch {
	case slot < 0:
		return 0
	case slot < len(shown):
		return shown[slot]
	case len(shown) > 0:
		return shown[len(shown)-1] + 1
	}
	if j := b.Journey(); j != nil {
		return len(j.Cell(stage, lane))
	}
	return 0
}

// MoveSelection moves the selected cards one cell in a direction (arrow keys).
func (b *Board) MoveSelection(dStage, dLane int) {
	ids := b.Selection()
	if len(ids) == 0 {
		return
	}
	first := b.layout.Card(ids[0])
	if first == nil {
		return
	}
	si, li := -1, -1
	for i, s := range b.layout.Stages {
		if s.ID == first.Stage {
			si = i
		}
	}
	for i, l := range b.layout.Lanes {
		if l.ID == first.Lane {
			li = i
		}
	}
	si, li = si+dStage, li+dLane
	// Up and down pass over lanes that take no cards (the behaviour lane).
	for dLane != 0 && li >= 0 && li < len(b.layout.Lanes) && !b.layout.Lanes[li].Kind.HoldsCards() {
		li += dLane
	}
	if si < 0 || li < 0 || si >= len(b.layout.Stages) || li >= len(b.layout.Lanes) || !b.layout.Lanes[li].Kind.HoldsCards() {
		return
	}
	cell := b.layout.Cell(si, li)
	index := b.cellOrder(cell.Stage, cell.Lane, len(cell.Slots)-1) // after its last card shown
	if dLane == 0 {
		index = min(first.Order, index)
	}
	if b.do(&model.MoveTouchpoints{IDs: ids, Stage: cell.Stage, Lane: cell.Lane, Index: index}) {
		b.scrollIntoView(ids[0])
	}
}

// FocusCard moves keyboard focus to the next (or previous) card and selects it.
func (b *Board) FocusCard(delta int) {
	cards := b.layout.Cards
	if len(cards) == 0 {
		return
	}
	i := slices.IndexFunc(cards, func(c geometry.CardBox) bool { return c.ID == b.focus })
	switch {
	case i < 0 && delta >= 0:
		i = 0
	case i < 0:
		i = len(cards) - 1
	default:
		i = (i + delta + len(cards)) % len(cards)
	}
	b.Select(cards[i].ID)
	b.scrollIntoView(cards[i].ID)
}

// ScrollIntoView scrolls the least that brings a card wholly into view
// (its top-left corner when it is larger than the view).
func (b *Board) ScrollIntoView(id model.ID) { b.scrollIntoView(id) }

func (b *Board) scrollIntoView(id model.ID) {
	c := b.layout.Card(id)
	if c == nil {
		return
	}
	s := b.Size()
	st := b.layout.Style
	viewW := s.Width/b.zoom - st.LaneHeaderWidth
	viewH := s.Height/b.zoom - st.StageHeaderHeight
	left := c.Rect.X - st.LaneHeaderWidth
	top := c.Rect.Y - st.StageHeaderHeight
	if left < b.off.X {
		b.off.X = left
	} else if left+c.Rect.W > b.off.X+viewW {
		b.off.X = left + c.Rect.W - viewW
	}
	if top < b.off.Y {
		b.off.Y = top
	} else if top+c.Rect.H > b.off.Y+viewH {
		b.off.Y = top + c.Rect.H - viewH
	}
	b.clampOffset()
	b.Refresh()
}

// String describes the board for debugging.
func (b *Board) String() string {
	return fmt.Sprintf("board(%s, %d cards, zoom %.0f%%)", b.journey, len(b.layout.Cards), b.zoom*100)
}
