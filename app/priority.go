package app

import (
	"fmt"
	"image/color"
	"io"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"waymark/canvas/geometry"
	"waymark/interchange"
	"waymark/internal/safefile"
	"waymark/model"
)

// priorityView is View › Priorities: the journey's pain points and
// opportunities on a plot of impact against effort, the cards not rated
// yet beside it to drag on, and the backlog they make, ranked, below. A
// drag on the plot is one SetPriority, however many cells it crosses.
type priorityView struct {
	w       *Window
	root    fyne.CanvasObject
	plot    *priorityPlot
	unrated *fyne.Container
	backlog *widget.Table
	items   []model.BacklogItem
	count   *widget.Label
	export  *widget.Button
	// about says the whole of the card under the pointer, whose title the
	// plot may have cut.
	about *widget.Label

	stale bool
	shown func() bool
}

// backlogColumns are the backlog's columns, as the CSV names them.
var backlogColumns = []struct {
	title string
	width float32
}{{"Rank", 56}, {"Title", 280}, {"Kind", 110}, {"Impact", 64}, {"Effort", 64}, {"Value", 64}, {"Quadrant", 110}, {"Stage", 150}, {"Owner", 150}}

func newPriorityView(w *Window) *priorityView {
	pv := &priorityView{w: w, shown: func() bool { return true }}
	pv.plot = newPriorityPlot(pv)
	pv.unrated = container.NewVBox()
	pv.count = widget.NewLabel("")
	pv.about = widget.NewLabel(plotHint)
	pv.about.Truncation = fyne.TextTruncateEllipsis
	pv.export = widget.NewButtonWithIcon("Export backlog as CSV…", theme.DocumentSaveIcon(), pv.askExport)
	pv.backlog = widget.NewTable(func() (int, int) { return len(pv.items), len(backlogColumns) },
		func() fyne.CanvasObject { return newBacklogCell(pv) },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			o.(*backlogCell).set(id.Row, pv.backlogText(id.Row, id.Col))
		})
	pv.backlog.ShowHeaderRow = true
	pv.backlog.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	pv.backlog.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < len(backlogColumns) {
			o.(*widget.Label).SetText(backlogColumns[id.Col].title)
		}
	}
	for i, c := range backlogColumns {
		pv.backlog.SetColumnWidth(i, c.width)
	}
	side := container.NewBorder(container.NewVBox(
		widget.NewLabelWithStyle("Not rated yet", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		lowLabel("Drag a card onto the plot to rate it, or rate it in the inspector. A red triangle marks a pain point, a green circle an opportunity.")), nil, nil, nil,
		container.NewVScroll(pv.unrated))
	top := container.NewHSplit(container.NewBorder(nil, pv.about, nil, nil, container.NewScroll(pv.plot)), side)
	top.Offset = 0.78
	head := container.NewBorder(nil, nil, container.NewHBox(widget.NewLabelWithStyle("Backlog", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		pv.count), pv.export)
	bottom := container.NewBorder(head, nil, nil, nil, pv.backlog)
	split := container.NewVSplit(top, bottom)
	split.Offset = 0.6
	pv.root = split
	return pv
}

const plotHint = "Drag a card to another cell to change its impact and effort; point at one to read it whole."

// hover says card id whole under the plot ("": the hint).
func (pv *priorityView) hover(id model.ID) {
	text := plotHint
	if _, t := pv.w.project().FindTouchpoint(id); t != nil {
		text = fmt.Sprintf("%s — %s, impact %d, effort %d: %s", t.Title, model.BacklogKind(t), t.Impact, t.Effort, model.QuadrantOf(t.Impact, t.Effort))
	}
	if pv.about.Text != text {
		pv.about.SetText(text)
	}
}

func lowLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.LowImportance
	return l
}

// changed runs after every edit and journey switch.
func (pv *priorityView) changed() {
	if !pv.shown() {
		pv.stale = true
		return
	}
	pv.refresh()
}

func (pv *priorityView) showing() {
	if pv.stale {
		pv.refresh()
	}
}

// refresh reads the journey's backlog again and repaints the plot.
func (pv *priorityView) refresh() {
	pv.stale = false
	if pv.w.board == nil || pv.w.board.Journey() == nil {
		return
	}
	j := pv.w.board.Journey()
	pv.items = model.Backlog(j)
	var cards []*model.Touchpoint
	pv.unrated.Objects = pv.unrated.Objects[:0]
	rated := 0
	for _, it := range pv.items {
		cards = append(cards, it.Card)
		if it.Rank > 0 {
			rated++
		} else {
			pv.unrated.Add(newUnratedCard(pv, it.Card, it.Stage))
		}
	}
	if len(pv.unrated.Objects) == 0 {
		pv.unrated.Add(lowLabel("Every pain point and opportunity is rated."))
	}
	pv.unrated.Refresh()
	pv.plot.setCards(cards)
	pv.backlog.Refresh()
	pv.count.SetText(fmt.Sprintf("%d rated, %d to rate", rated, len(pv.items)-rated))
	enable(len(pv.items) > 0, pv.export)
}

// backlogText is one cell of the backlog, as the CSV writes it.
func (pv *priorityView) backlogText(row, col int) string {
	if row < 0 || row >= len(pv.items) {
		return ""
	}
	it := pv.items[row]
	t := it.Card
	rated := it.Rank > 0
	switch col {
	case 0:
		if rated {
			return strconv.Itoa(it.Rank)
		}
		return "–"
	case 1:
		return t.Title
	case 2:
		return model.BacklogKind(t)
	case 3:
		if t.Impact > 0 {
			return strconv.Itoa(t.Impact)
		}
	case 4:
		if t.Effort > 0 {
			return strconv.Itoa(t.Effort)
		}
	case 5:
		if rated {
			return strconv.FormatFloat(it.Value, 'f', 2, 64)
		}
	case 6:
		if rated {
			return model.QuadrantOf(t.Impact, t.Effort).String()
		}
		return "not rated"
	case 7:
		return it.Stage.Name
	case 8:
		return t.Owner
	}
	return ""
}

// rate sets a card's impact and effort; a drag's commands share merge,
// so that the whole drag is one undo step.
func (pv *priorityView) rate(id model.ID, impact, effort int, merge string) {
	_, t := pv.w.project().FindTouchpoint(id)
	if t == nil || (t.Impact == impact && t.Effort == effort) {
		return
	}
	pv.w.do(&model.SetPriority{Touchpoint: id, Impact: impact, Effort: effort, Merge: merge})
}

// selectCard selects a card on the board (the inspector follows); with
// reveal, the board is shown and scrolled to it.
func (pv *priorityView) selectCard(id model.ID, reveal bool) {
	w := pv.w
	if reveal {
		w.revealCard(id)
		return
	}
	w.board.Select(id)
}

// askExport writes the backlog as the command line's backlog --format csv
// does.
func (pv *priorityView) askExport() {
	j := pv.w.board.Journey()
	if j == nil {
		return
	}
	askSavePath(pv.w.win, fileNameFor(j.Title+" backlog", "csv"), ".csv", func(path string) {
		if err := pv.exportCSV(path); err != nil {
			pv.w.showError(err)
		}
	})
}

// exportCSV writes the journey's backlog to path, never over the project's
// own file.
func (pv *priorityView) exportCSV(path string) error {
	j := pv.w.board.Journey()
	if j == nil {
		return fmt.Errorf("no journey is shown")
	}
	// safefile's errors name the file already.
	return safefile.Write(path, func(w io.Writer) error { return interchange.WriteBacklog(w, j, "csv") }, nonEmpty(pv.w.doc.Path())...)
}

// backlogCell is one cell of the backlog: a click selects its row, a
// double click its card on the board.
type backlogCell struct {
	widget.Label
	pv  *priorityView
	row int
}

func newBacklogCell(pv *priorityView) *backlogCell {
	c := &backlogCell{pv: pv}
	c.Truncation = fyne.TextTruncateEllipsis
	c.ExtendBaseWidget(c)
	return c
}

func (c *backlogCell) set(row int, text string) {
	c.row = row
	c.SetText(text)
}

// Tapped selects the row and its card.
func (c *backlogCell) Tapped(*fyne.PointEvent) {
	c.pv.backlog.Select(widget.TableCellID{Row: c.row, Col: 0})
	if c.row < len(c.pv.items) {
		c.pv.selectCard(c.pv.items[c.row].Card.ID, false)
	}
}

// DoubleTapped shows the card on the board.
func (c *backlogCell) DoubleTapped(*fyne.PointEvent) {
	if c.row < len(c.pv.items) {
		c.pv.selectCard(c.pv.items[c.row].Card.ID, true)
	}
}

// unratedCard is a card not rated yet, in the strip beside the plot: drag
// it onto a cell to rate it.
type unratedCard struct {
	widget.Label
	pv     *priorityView
	id     model.ID
	at     fyne.Position // absolute, while dragged
	active bool
}

func newUnratedCard(pv *priorityView, t *model.Touchpoint, s *model.Stage) *unratedCard {
	u := &unratedCard{pv: pv, id: t.ID}
	kind := model.BacklogKind(t)
	u.Text = t.Title + "\n" + strings.ToUpper(kind[:1]) + kind[1:] + " · " + s.Name
	u.Wrapping = fyne.TextWrapWord
	u.ExtendBaseWidget(u)
	return u
}

// Dragged shows where the card would land on the plot.
func (u *unratedCard) Dragged(ev *fyne.DragEvent) {
	u.at, u.active = ev.AbsolutePosition, true
	u.pv.plot.hoverDrop(ev.AbsolutePosition)
}

// DragEnd rates the card by the cell it is dropped on.
func (u *unratedCard) DragEnd() {
	if !u.active {
		return
	}
	u.active = false
	u.pv.plot.drop(u.id, u.at)
}

// Tapped selects the card on the board.
func (u *unratedCard) Tapped(*fyne.PointEvent) { u.pv.selectCard(u.id, false) }

// DoubleTapped shows the card on the board.
func (u *unratedCard) DoubleTapped(*fyne.PointEvent) { u.pv.selectCard(u.id, true) }

// Cursor shows that the card can be picked up.
func (u *unratedCard) Cursor() desktop.Cursor { return desktop.PointerCursor }

// dragSeq numbers drag gestures: each one's commands merge into one step.
var dragSeq atomic.Uint64

// priorityPlot paints the priority geometry and turns drags into ratings.
type priorityPlot struct {
	widget.BaseWidget
	pv     *priorityView
	cards  []*model.Touchpoint
	layout *geometry.PriorityLayout
	size   fyne.Size

	drag     *plotDrag
	dropCell [2]int // the cell an unrated card would land on; 0,0: none
}

type plotDrag struct {
	id    model.ID
	merge string
	at    fyne.Position
	none  bool // began off any card
}

func newPriorityPlot(pv *priorityView) *priorityPlot {
	p := &priorityPlot{pv: pv}
	p.ExtendBaseWidget(p)
	p.relayout(fyne.NewSize(0, 0))
	return p
}

func (p *priorityPlot) setCards(cards []*model.Touchpoint) {
	p.cards = cards
	p.relayout(p.size)
	p.Refresh()
}

func (p *priorityPlot) relayout(size fyne.Size) {
	p.size = size
	p.layout = geometry.LayoutPriority(Metrics(), geometry.DefaultPriorityStyle, p.cards, size.Width, size.Height)
}

func (p *priorityPlot) point(pos fyne.Position) geometry.Point {
	return geometry.Point{X: pos.X, Y: pos.Y}
}

// Tapped selects the card under the pointer on the board.
func (p *priorityPlot) Tapped(ev *fyne.PointEvent) {
	if c := p.layout.CardAt(p.point(ev.Position)); c != nil {
		p.pv.selectCard(c.ID, false)
	}
}

// DoubleTapped shows the card on the board.
func (p *priorityPlot) DoubleTapped(ev *fyne.PointEvent) {
	if c := p.layout.CardAt(p.point(ev.Position)); c != nil {
		p.pv.selectCard(c.ID, true)
	}
}

// Dragged moves the card picked up to the cell under the pointer, snapping
// to whole ratings; the ratings change as it crosses cells, all in one
// undo step.
func (p *priorityPlot) Dragged(ev *fyne.DragEvent) {
	if p.drag == nil {
		start := ev.Position.Subtract(ev.Dragged)
		c := p.layout.CardAt(p.point(start))
		if c == nil {
			p.drag = &plotDrag{none: true}
			return
		}
		p.drag = &plotDrag{id: c.ID, merge: fmt.Sprintf("priority drag %d", dragSeq.Add(1))}
	}
	if p.drag.none {
		return
	}
	p.drag.at = ev.Position
	impact, effort := p.layout.SnapRating(p.point(ev.Position))
	p.pv.rate(p.drag.id, impact, effort, p.drag.merge)
	p.Refresh()
}

// DragEnd ends the gesture.
func (p *priorityPlot) DragEnd() {
	p.drag = nil
	p.Refresh()
}

// MouseIn implements desktop.Hoverable.
func (p *priorityPlot) MouseIn(ev *desktop.MouseEvent) { p.MouseMoved(ev) }

// MouseMoved says the whole of the card under the pointer.
func (p *priorityPlot) MouseMoved(ev *desktop.MouseEvent) {
	var id model.ID
	if c := p.layout.CardAt(p.point(ev.Position)); c != nil {
		id = c.ID
	}
	p.pv.hover(id)
}

// MouseOut implements desktop.Hoverable.
func (p *priorityPlot) MouseOut() { p.pv.hover("") }

// Cursor is a hand over the plot's cards' area.
func (p *priorityPlot) Cursor() desktop.Cursor { return desktop.PointerCursor }

// local is an absolute position on the plot, and whether it lies on it.
func (p *priorityPlot) local(abs fyne.Position) (fyne.Position, bool) {
	d := fyne.CurrentApp().Driver()
	if d == nil || d.CanvasForObject(p) == nil {
		return fyne.Position{}, false
	}
	pos := abs.Subtract(d.AbsolutePositionForObject(p))
	return pos, p.layout.Plot.Contains(p.point(pos))
}

// hoverDrop marks the cell an unrated card dragged at abs would land on.
func (p *priorityPlot) hoverDrop(abs fyne.Position) {
	cell := [2]int{}
	if pos, ok := p.local(abs); ok {
		i, e := p.layout.SnapRating(p.point(pos))
		cell = [2]int{i, e}
	}
	if cell != p.dropCell {
		p.dropCell = cell
		p.Refresh()
	}
}

// drop rates card id by the cell at abs, if on the plot.
func (p *priorityPlot) drop(id model.ID, abs fyne.Position) {
	p.dropCell = [2]int{}
	p.Refresh()
	if pos, ok := p.local(abs); ok {
		i, e := p.layout.SnapRating(p.point(pos))
		p.pv.rate(id, i, e, "")
	}
}

// MinSize is the least size of the plot's cells, the same for every
// journey: worked out once.
func (p *priorityPlot) MinSize() fyne.Size {
	plotMinOnce.Do(func() {
		l := geometry.LayoutPriority(Metrics(), geometry.DefaultPriorityStyle, nil, 0, 0)
		plotMin = fyne.NewSize(l.Size.W, l.Size.H)
	})
	return plotMin
}

var (
	plotMinOnce sync.Once
	plotMin     fyne.Size
)

func (p *priorityPlot) CreateRenderer() fyne.WidgetRenderer { return &priorityRenderer{p: p} }

type priorityRenderer struct {
	p    *priorityPlot
	objs []fyne.CanvasObject
}

func (r *priorityRenderer) Layout(size fyne.Size) {
	if size != r.p.size {
		r.p.relayout(size)
	}
	r.build()
}

func (r *priorityRenderer) MinSize() fyne.Size { return r.p.MinSize() }

func (r *priorityRenderer) Refresh() {
	r.build()
	canvas.Refresh(r.p)
}

func (r *priorityRenderer) Objects() []fyne.CanvasObject { return r.objs }

func (r *priorityRenderer) Destroy() {}

var quadrantTints = map[model.Quadrant]color.NRGBA{
	model.QuickWin: {0x2e, 0xa0, 0x43, 0x1c},
	model.BigBet:   {0x1f, 0x6f, 0xeb, 0x16},
	model.FillIn:   {0x80, 0x80, 0x80, 0x12},
	model.MoneyPit: {0xd1, 0x24, 0x2f, 0x14},
}

// build paints the layout: it is small (25 cells, a few dozen cards), so
// it is drawn afresh each time.
func (r *priorityRenderer) build() {
	p := r.p
	l := p.layout
	pal := p.pv.w.board.Palette()
	fg := theme.Color(theme.ColorNameForeground)
	muted := theme.Color(theme.ColorNamePlaceHolder)
	objs := r.objs[:0]
	rect := func(g geometry.Rect, fill, stroke color.Color, w float32) *canvas.Rectangle {
		x := canvas.NewRectangle(fill)
		x.StrokeColor, x.StrokeWidth = stroke, w
		x.Move(fyne.NewPos(g.X, g.Y))
		x.Resize(fyne.NewSize(g.W, g.H))
		return x
	}
	text := func(t geometry.Text, c color.Color) *canvas.Text {
		x := canvas.NewText(t.Text, c)
		x.TextSize, x.TextStyle.Bold = t.Size, t.Bold
		x.Move(fyne.NewPos(t.X, t.Y))
		return x
	}
	for _, q := range l.Quadrants {
		objs = append(objs, rect(q.Rect, quadrantTints[q.Quadrant], color.Transparent, 0), text(q.Label, fg))
	}
	for _, c := range l.Cells {
		stroke := color.Color(pal.Grid)
		fill := color.Color(color.Transparent)
		if p.dropCell == [2]int{c.Impact, c.Effort} {
			fill, stroke = withAlpha(pal.DropIndicator, 0x30), pal.DropIndicator
		}
		objs = append(objs, rect(c.Rect, fill, stroke, 1))
	}
	for _, d := range l.Divider {
		ln := canvas.NewLine(pal.MutedText)
		ln.StrokeWidth = 2
		ln.Position1, ln.Position2 = fyne.NewPos(d[0], d[1]), fyne.NewPos(d[2], d[3])
		objs = append(objs, ln)
	}
	for _, t := range l.ImpactTicks {
		objs = append(objs, text(t, muted))
	}
	for _, t := range l.EffortTicks {
		objs = append(objs, text(t, muted))
	}
	objs = append(objs, text(l.ImpactTitle, fg), text(l.EffortTitle, fg))
	selected := map[model.ID]bool{}
	for _, id := range p.pv.w.board.Selection() {
		selected[id] = true
	}
	for _, c := range l.Cards {
		stroke, w := color.Color(pal.CardBorder), float32(1)
		if selected[c.ID] || (p.drag != nil && p.drag.id == c.ID) {
			stroke, w = pal.Selection, 2
		}
		box := rect(c.Rect, pal.CardFill, stroke, w)
		box.CornerRadius = 4
		objs = append(objs, box)
		for _, m := range c.Markers {
			objs = append(objs, markerShape(m, pal))
		}
		objs = append(objs, text(c.Title, pal.Text))
	}
	r.objs = objs
}

// markerShape is a flag in its board shape (geometry.MarkerShape): a
// triangle for a pain point, a circle for an opportunity.
func markerShape(m geometry.Marker, pal geometry.Palette) fyne.CanvasObject {
	fill, _ := geometry.MarkerStyle(pal, m.Kind)
	outline := m.Outline()
	if outline == nil {
		o := canvas.NewCircle(fill)
		o.Move(fyne.NewPos(m.Rect.X, m.Rect.Y))
		o.Resize(fyne.NewSize(m.Rect.W, m.Rect.H))
		return o
	}
	pts := make([]fyne.Position, len(outline))
	for i, q := range outline {
		pts[i] = fyne.NewPos(q.X-m.Rect.X, q.Y-m.Rect.Y)
	}
	o := canvas.NewArbitraryPolygon(pts, fill)
	o.Move(fyne.NewPos(m.Rect.X, m.Rect.Y))
	o.Resize(fyne.NewSize(m.Rect.W, m.Rect.H))
	return o
}

func withAlpha(c color.NRGBA, a uint8) color.NRGBA {
	c.A = a
	return c
}

// revealCard shows the board, selects card id and scrolls to it.
func (w *Window) revealCard(id model.ID) {
	w.showView(viewBoard)
	if l := w.board.Layout(); l.Card(id) == nil && w.board.Lens() != nil {
		// The lens hides it: show the whole map rather than nothing.
		w.lens.apply(nil)
	}
	w.board.Select(id)
	w.board.ScrollIntoView(id)
	w.win.Canvas().Focus(w.board)
}
