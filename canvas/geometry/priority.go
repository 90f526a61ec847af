package geometry

import (
	"fmt"
	"math"

	"waymark/model"
)

// The priority view: a journey's rated pain points and opportunities on a
// grid of impact (up) against effort (right), one cell per pair of
// ratings, split into the four quadrants of model.QuadrantOf. The app's
// widget paints this and turns drags into SetPriority; nothing here knows
// of Fyne.

// PriorityStyle holds the priority view's dimensions, in the same units as
// the board.
type PriorityStyle struct {
	AxisWidth   float32 // left of the plot: the impact ratings
	BandHeight  float32 // above the plot (top quadrants' labels) and below (bottom ones')
	TickHeight  float32 // below the plot: the effort ratings
	MinCellW    float32
	MinCellH    float32
	CellPadding float32
	CardHeight  float32
	CardGap     float32
	// MinStep is the least of a card that stays uncovered when a crowded
	// cell overlaps its cards, so that each can still be grabbed.
	MinStep   float32
	TextSize  float32
	LabelSize float32
	Marker    float32 // the pain point / opportunity marks at a card's left
}

// DefaultPriorityStyle is the house look of the priority view.
var DefaultPriorityStyle = PriorityStyle{
	AxisWidth:   56,
	BandHeight:  28,
	TickHeight:  24,
	MinCellW:    120,
	MinCellH:    56,
	CellPadding: 6,
	CardHeight:  24,
	CardGap:     4,
	MinStep:     6,
	TextSize:    12,
	LabelSize:   14,
	Marker:      10,
}

// PriorityCard is one rated card on the plot.
type PriorityCard struct {
	ID             model.ID
	Impact, Effort int
	Rect           Rect
	// Markers are its flags, pain point then opportunity, in the board's
	// shapes (MarkerShape): they differ in shape as well as in colour.
	Markers []Marker
	Title   Text
}

// PriorityCell is the cell of one pair of ratings.
type PriorityCell struct {
	Impact, Effort int
	Rect           Rect
}

// PriorityQuadrant is one of the four quadrants and its label.
type PriorityQuadrant struct {
	Quadrant model.Quadrant
	Rect     Rect
	Label    Text
}

// PriorityLayout is the priority view laid out.
type PriorityLayout struct {
	Style     PriorityStyle
	Size      Rect // everything, origin at 0,0
	Plot      Rect // the grid of cells
	Cells     []PriorityCell
	Quadrants []PriorityQuadrant
	// Cards are in painting order: a card later in the list lies over
	// one before it in the same cell.
	Cards []PriorityCard
	// ImpactTicks and EffortTicks are the rating numbers beside the rows
	// and under the columns; ImpactTitle and EffortTitle name the axes.
	ImpactTicks, EffortTicks []Text
	ImpactTitle, EffortTitle Text
	// Divider is the two dividing lines between 2 and 3, as segments
	// (x0, y0, x1, y1): the vertical one first.
	Divider [2][4]float32
}

// LayoutPriority lays out the rated, prioritised cards of cards (others are
// left out: they belong in the view's list of cards to rate) within
// width × height, growing to the least size the cells need.
func LayoutPriority(m Metrics, st PriorityStyle, cards []*model.Touchpoint, width, height float32) *PriorityLayout {
	n := model.MaxPriority
	l := &PriorityLayout{Style: st}
	cw := max(st.MinCellW, (width-st.AxisWidth-st.CellPadding)/float32(n))
	ch := max(st.MinCellH, (height-2*st.BandHeight-st.TickHeight)/float32(n))
	l.Plot = Rect{X: st.AxisWidth, Y: st.BandHeight, W: cw * float32(n), H: ch * float32(n)}
	l.Size = Rect{W: l.Plot.X + l.Plot.W + st.CellPadding, H: l.Plot.Y + l.Plot.H + st.TickHeight + st.BandHeight}

	for impact := n; impact >= 1; impact-- {
		for effort := 1; effort <= n; effort++ {
			l.Cells = append(l.Cells, PriorityCell{Impact: impact, Effort: effort, Rect: l.CellRect(impact, effort)})
		}
	}
	mid := float32(model.PriorityMiddle - 1) // columns (rows) below the middle
	xMid := l.Plot.X + mid*cw
	yMid := l.Plot.Y + (float32(n)-mid)*ch
	l.Divider = [2][4]float32{{xMid, l.Plot.Y, xMid, l.Plot.Y + l.Plot.H}, {l.Plot.X, yMid, l.Plot.X + l.Plot.W, yMid}}
	left := Rect{X: l.Plot.X, W: xMid - l.Plot.X}
	right := Rect{X: xMid, W: l.Plot.X + l.Plot.W - xMid}
	top := Rect{Y: l.Plot.Y, H: yMid - l.Plot.Y}
	bottom := Rect{Y: yMid, H: l.Plot.Y + l.Plot.H - yMid}
	lineH := st.LabelSize * 1.35
	// Top quadrants are labelled in the band above the plot, bottom ones
	// in the band below the effort ratings: no card ever hides a label.
	labelY := map[bool]float32{true: (st.BandHeight - lineH) / 2,
		false: l.Plot.Y + l.Plot.H + st.TickHeight + (st.BandHeight-lineH)/2}
	for _, q := range []struct {
		q    model.Quadrant
		x, y Rect
	}{{model.QuickWin, left, top}, {model.BigBet, right, top}, {model.FillIn, left, bottom}, {model.MoneyPit, right, bottom}} {
		r := Rect{X: q.x.X, Y: q.y.Y, W: q.x.W, H: q.y.H}
		text := Ellipsize(m, q.q.String(), st.LabelSize, r.W, true)
		w := m.Width(text, st.LabelSize, true)
		l.Quadrants = append(l.Quadrants, PriorityQuadrant{Quadrant: q.q, Rect: r,
			Label: Text{Text: text, X: r.X + (r.W-w)/2, Y: labelY[q.q == model.QuickWin || q.q == model.BigBet], Size: st.LabelSize, Bold: true}})
	}
	tickH := st.TextSize * 1.35
	for i := 1; i <= n; i++ {
		s := fmt.Sprint(i)
		w := m.Width(s, st.TextSize, false)
		r := l.CellRect(i, 1)
		l.ImpactTicks = append(l.ImpactTicks, Text{Text: s, X: st.AxisWidth - w - 10, Y: r.Y + (r.H-tickH)/2, Size: st.TextSize})
		r = l.CellRect(1, i)
		l.EffortTicks = append(l.EffortTicks, Text{Text: s, X: r.X + (r.W-w)/2, Y: l.Plot.Y + l.Plot.H + (st.TickHeight-tickH)/2, Size: st.TextSize})
	}
	l.ImpactTitle = Text{Text: Ellipsize(m, "Impact", st.TextSize, st.AxisWidth-4, true), X: 4, Y: (st.BandHeight - tickH) / 2, Size: st.TextSize, Bold: true}
	et := "Effort"
	l.EffortTitle = Text{Text: et, X: l.Plot.X + l.Plot.W - m.Width(et, st.TextSize, true),
		Y: l.Plot.Y + l.Plot.H + st.TickHeight + (st.BandHeight-tickH)/2, Size: st.TextSize, Bold: true}
	if q := l.Quadrants[3].Label; q.X+m.Width(q.Text, q.Size, true) > l.EffortTitle.X-8 {
		// A narrow plot: the axis name goes under the ratings' left end.
		l.EffortTitle.X = st.AxisWidth - m.Width(et, st.TextSize, true) - 10
	}

	// Cards by cell, in the order given (the backlog's reading order).
	byCell := map[[2]int][]*model.Touchpoint{}
	var order [][2]int
	for _, t := range cards {
		if !t.Prioritised() || !t.Rated() || t.Impact > n || t.Effort > n {
			continue
		}
		k := [2]int{t.Impact, t.Effort}
		if byCell[k] == nil {
			order = append(order, k)
		}
		byCell[k] = append(byCell[k], t)
	}
	for _, k := range order {
		l.placeCell(m, k[0], k[1], byCell[k])
	}
	return l
}

// placeCell stacks a cell's cards: in one column while they fit, then two,
// then overlapping (and in more columns), each still showing at least MinStep of itself.
func (l *PriorityLayout) placeCell(m Metrics, impact, effort int, cards []*model.Touchpoint) {
	st := l.Style
	cell := l.CellRect(impact, effort)
	inner := Rect{X: cell.X + st.CellPadding, Y: cell.Y + st.CellPadding, W: cell.W - 2*st.CellPadding, H: cell.H - 2*st.CellPadding}
	n := len(cards)
	fit := max(1, int((inner.H+st.CardGap)/(st.CardHeight+st.CardGap)))
	h := min(st.CardHeight, inner.H)
	cols := 1
	if n > fit && inner.W >= 2*80+st.CardGap {
		cols = 2
	}
	// More columns, narrower, when even overlapping by MinStep the rows
	// would not fit: every card keeps a strip of its own.
	for most := int((inner.H-h)/st.MinStep) + 1; (n+cols-1)/cols > most; {
		cols++
	}
	rows := (n + cols - 1) / cols
	w := (inner.W - float32(cols-1)*st.CardGap) / float32(cols)
	step := st.CardHeight + st.CardGap
	if rows > 1 {
		step = min(step, max(st.MinStep, (inner.H-h)/float32(rows-1)))
	}
	for i, t := range cards {
		col, row := i/rows, i%rows
		r := Rect{X: inner.X + float32(col)*(w+st.CardGap), Y: inner.Y + float32(row)*step, W: w, H: h}
		marks, x := flagMarkers(nil, t, false, r.X+6, r.Y+(h-st.Marker)/2, st.Marker)
		tx := x + 3
		title := Ellipsize(m, t.Title, st.TextSize, r.X+r.W-6-tx, false)
		l.Cards = append(l.Cards, PriorityCard{ID: t.ID, Impact: impact, Effort: effort, Rect: r, Markers: marks,
			Title: Text{Text: title, X: tx, Y: r.Y + (h-st.TextSize*1.35)/2, Size: st.TextSize}})
	}
}

// CellRect is the rectangle of the cell of impact and effort (each
// 1..model.MaxPriority).
func (l *PriorityLayout) CellRect(impact, effort int) Rect {
	n := float32(model.MaxPriority)
	cw, ch := l.Plot.W/n, l.Plot.H/n
	return Rect{X: l.Plot.X + float32(effort-1)*cw, Y: l.Plot.Y + (n-float32(impact))*ch, W: cw, H: ch}
}

// CardAt returns the card under p, the one painted on top where cards
// overlap, or nil.
func (l *PriorityLayout) CardAt(p Point) *PriorityCard {
	for i := len(l.Cards) - 1; i >= 0; i-- {
		if l.Cards[i].Rect.Contains(p) {
			return &l.Cards[i]
		}
	}
	return nil
}

// Card returns the laid-out card of id, or nil when it is not on the plot.
func (l *PriorityLayout) Card(id model.ID) *PriorityCard {
	for i := range l.Cards {
		if l.Cards[i].ID == id {
			return &l.Cards[i]
		}
	}
	return nil
}

// RatingAt is the impact and effort of the cell under p; ok is false
// outside the plot.
func (l *PriorityLayout) RatingAt(p Point) (impact, effort int, ok bool) {
	if !l.Plot.Contains(p) {
		return 0, 0, false
	}
	impact, effort = l.SnapRating(p)
	return impact, effort, true
}

// SnapRating is the impact and effort of the cell nearest p: a point beyond
// the plot's edge snaps to the edge's ratings, as a drag past it does.
func (l *PriorityLayout) SnapRating(p Point) (impact, effort int) {
	n := model.MaxPriority
	cw, ch := l.Plot.W/float32(n), l.Plot.H/float32(n)
	effort = 1 + int(math.Floor(float64((p.X-l.Plot.X)/cw)))
	impact = n - int(math.Floor(float64((p.Y-l.Plot.Y)/ch)))
	return min(max(impact, 1), n), min(max(effort, 1), n)
}

// QuadrantAt is the quadrant under p; ok is false outside the plot.
func (l *PriorityLayout) QuadrantAt(p Point) (model.Quadrant, bool) {
	impact, effort, ok := l.RatingAt(p)
	if !ok {
		return 0, false
	}
	return model.QuadrantOf(impact, effort), true
}
