package geometry

import (
	"math"
	"slices"
	"strconv"

	"waymark/model"
)

// EmotionBand is the top of the emotions lane: the scale, the neutral line,
// the tinted halves and one curve per persona.
type EmotionBand struct {
	Lane     model.ID
	Band     Rect // the whole band, across every stage column
	Plot     Rect // where scores map: Plot.Y is the scale's maximum, Plot.Y+Plot.H its minimum
	Scale    model.Scale
	NeutralY float32
	Positive Rect // the half above neutral, tinted good
	Negative Rect // the half below neutral, tinted bad
	Ticks    []Tick
	Curves   []Curve
	Legend   []LegendEntry
	// Conversion is the measured conversion drawn over the curves, nil
	// when the journey has no behaviour figures.
	Conversion *ConversionLine
}

// ConversionLine is each stage's measured conversion from the previous
// stage as a dashed line in the emotions lane, on an axis of its own
// (100% at the plot's top, 0% at its bottom), so that what people said
// and what they did read together.
type ConversionLine struct {
	// Points are the stages with figures, at their columns' centres.
	Points []Point
	// Dashes are the line's dashes, as straight segments.
	Dashes [][2]Point
	// Axis labels the axis at the band's right edge: 100% and 0%.
	Axis []Text
	// Swatch is the legend's line in the lane header before Name, and
	// SwatchDashes its dashes: a short dash and a gap, as the line is drawn.
	Swatch       [2]Point
	SwatchDashes [][2]Point
	Name         Text
}

// Tick is a scale step: its gridline height and, for some, a label in the lane
// header.
type Tick struct {
	Score int
	Y     float32
	Label *Text
}

// Curve is one persona's emotion line through the cards it scored.
type Curve struct {
	Persona model.ID
	Slot    int // the persona's index in the journey, for its colour
	Points  []CurvePoint
	// Segments join consecutive points with cubic Béziers. Their control
	// points keep each segment within the scores of its ends, so the line
	// never overshoots the scale.
	Segments []Bezier
	// Shape is the form of the curve's points (PersonaShape of Slot),
	// drawn PointRadius large with a PointHalo ring at each point.
	Shape Shape
	// Dashes are the pieces of the line to draw when the persona's line is
	// dashed (PersonaDash of Slot): Segments flattened and cut. Nil for a
	// solid line, which is drawn as Segments.
	Dashes [][]Point
}

// CurvePoint is a scored card on a curve.
type CurvePoint struct {
	Touchpoint model.ID
	Stage      model.ID
	P          Point
	Score      int
}

// Bezier is a cubic Bézier segment.
type Bezier struct{ P0, C1, C2, P1 Point }

// LegendEntry names a persona's curve in the lane header: a short piece
// of its line, with its dashes and one point of its shape, before its name.
// When the journey has more personas than LaneLegendMax, the last entry
// names none: it has no Persona, a zero Swatch, and its Name says how many
// more there are.
type LegendEntry struct {
	Persona model.ID
	Slot    int
	Swatch  Rect // holds Line and the point
	Name    Text
	// Line is the pieces of the line to draw, one when it is solid.
	Line [][]Point
	// Mark is the centre of the point, drawn as Shape, LegendMarkRadius
	// large.
	Mark  Point
	Shape Shape
}

// Legend swatch dimensions, board units: the piece of line, and the gap
// between it and the name.
const (
	legendLine = 24
	legendGap  = 6
)

// LaneLegendMax is the most lines the legend in the emotions lane header
// takes. A cast of thousands would otherwise make the lane, and so the
// whole map, as tall as its list of names; the poster's legend and the
// persona panel name them all.
const LaneLegendMax = 12

// laneLegendLines is how many lines the lane header's legend takes for n
// personas.
func laneLegendLines(n int) int { return min(n, LaneLegendMax) }

// plotMargin keeps the extreme scores off the band's edges.
const plotMargin = 14

// ScoreY is the height of a score on the band.
func (b *EmotionBand) ScoreY(score float64) float32 {
	f := (float64(b.Scale.Max) - score) / float64(b.Scale.Max-b.Scale.Min)
	return b.Plot.Y + float32(f)*b.Plot.H
}

// ScoreAt is the (unsnapped) score at height y; the board snaps it with
// Scale.Snap while a curve point is dragged.
func (b *EmotionBand) ScoreAt(y float32) float64 {
	f := float64((y - b.Plot.Y) / b.Plot.H)
	return float64(b.Scale.Max) - f*float64(b.Scale.Max-b.Scale.Min)
}

// onlySlot, when not -1, is the lens persona's slot (len(personas) when
// the journey is not drawn for it): its curve and legend line alone.
// A card the lens leaves out (Dimmed) gives the curves no point.
func (lo *Layouter) emotionBand(p *model.Project, personas []*model.Persona, l *Layout, lane int, onlySlot int) *EmotionBand {
	st := lo.Style
	row := l.Lanes[lane].Row
	band := &EmotionBand{Lane: l.Lanes[lane].ID, Scale: p.Scale,
		Band: Rect{row.X, row.Y, row.W, st.EmotionBandHeight}}
	band.Plot = Rect{row.X, row.Y + plotMargin, row.W, st.EmotionBandHeight - 2*plotMargin}
	band.NeutralY = band.ScoreY(p.Scale.Neutral())
	band.Positive = Rect{row.X, band.Band.Y, row.W, band.NeutralY - band.Band.Y}
	band.Negative = Rect{row.X, band.NeutralY, row.W, band.Band.Y + band.Band.H - band.NeutralY}

	hdr := l.Lanes[lane].Header
	for s := p.Scale.Min; s <= p.Scale.Max; s++ {
		tk := Tick{Score: s, Y: band.ScoreY(float64(s))}
		if label, ok := tickLabel(p.Scale, s); ok {
			w := lo.Metrics.Width(label, st.MetaSize, false)
			tk.Label = &Text{Text: label, X: hdr.X + hdr.W - st.CellPadding - w, Y: tk.Y - st.LineHeight(st.MetaSize)/2, Size: st.MetaSize}
		}
		band.Ticks = append(band.Ticks, tk)
	}

	// The legend sits under the lane's name and kind in its header.
	ly := hdr.Y + st.CellPadding + st.LineHeight(st.HeaderSize)
	if k := l.Lanes[lane].Kind2; len(k) > 0 {
		ly = k[0].Y + st.LineHeight(st.SmallSize) + 4
	}
	nameW := lo.legendNameWidth(p.Scale, hdr)
	named := len(personas)
	if named > LaneLegendMax {
		named = LaneLegendMax - 1
	}
	band.Legend = make([]LegendEntry, 0, laneLegendLines(len(personas)))
	for slot, x := range personas[:named] {
		if onlySlot >= 0 && slot != onlySlot {
			continue
		}
		band.Legend = append(band.Legend, lo.legendEntry(x, slot, hdr.X+st.CellPadding, ly-2, nameW))
		ly += st.LineHeight(st.SmallSize)
	}
	if onlySlot >= 0 && len(band.Legend) == 0 {
		band.Legend = nil
	}
	if more := len(personas) - named; more > 0 && onlySlot < 0 {
		x := hdr.X + st.CellPadding + legendLine + legendGap
		text := Ellipsize(lo.Metrics, "… and "+strconv.Itoa(more)+" more", st.SmallSize, nameW, false)
		band.Legend = append(band.Legend, LegendEntry{Swatch: Rect{X: x, Y: ly + 4},
			Name: Text{Text: text, X: x, Y: ly - 2, Size: st.SmallSize}})
	}

	// Each scored card gets an x inside its stage column, shared by all
	// personas so that their points line up under the same card. l.Cards is
	// in reading order (stage, lane, order), so a stage's cards are adjacent.
	xs := make([]float32, len(l.Cards)) // by card index
	stage := 0                          // the index of the stage of l.Cards[start]: cards come in stage order
	for start := 0; start < len(l.Cards); {
		end := start
		scored := 0
		for end < len(l.Cards) && l.Cards[end].Stage == l.Cards[start].Stage {
			if !l.Cards[end].Dimmed && len(l.Cards[end].Badges) > 0 {
				scored++
			}
			end++
		}
		if scored > 0 {
			col := l.Cells[0].Rect // any cell gives the column width
			// Walking on from the last stage, not searching from the
			// first: a long journey's stages are walked once, not once
			// per stage.
			for stage < len(l.Stages)-1 && l.Stages[stage].ID != l.Cards[start].Stage {
				stage++
			}
			colX := l.Stages[stage].Header.X
			k := 0
			for i := start; i < end; i++ {
				if !l.Cards[i].Dimmed && len(l.Cards[i].Badges) > 0 {
					xs[i] = colX + (float32(k)+0.5)*col.W/float32(scored)
					k++
				}
			}
		}
		start = end
	}
	// Every badge is a point of its persona's curve: count them first, so
	// each curve's points are allocated once, then fill every curve in one
	// pass over the cards (in reading order).
	// (A badge's Slot is its persona's index in personas.)
	if len(personas) > 0 {
		band.Curves = make([]Curve, len(personas))
	}
	counts := make([]int, len(personas))
	for i := range l.Cards {
		if l.Cards[i].Dimmed {
			continue
		}
		for _, b := range l.Cards[i].Badges {
			counts[b.Slot]++
		}
	}
	for slot, x := range personas {
		band.Curves[slot] = Curve{Persona: x.ID, Slot: slot}
		if counts[slot] > 0 {
			band.Curves[slot].Points = make([]CurvePoint, 0, counts[slot])
		}
	}
	for i := range l.Cards {
		c := &l.Cards[i]
		if c.Dimmed {
			continue
		}
		for _, b := range c.Badges {
			cv := &band.Curves[b.Slot]
			cv.Points = append(cv.Points, CurvePoint{Touchpoint: c.ID, Stage: c.Stage,
				P: Point{xs[i], band.ScoreY(float64(b.Score))}, Score: b.Score})
		}
	}
	for slot := range band.Curves {
		cv := &band.Curves[slot]
		cv.Segments = monotoneSegments(cv.Points)
		cv.Shape = PersonaShape(slot)
	}
	if onlySlot >= 0 {
		if onlySlot < len(band.Curves) {
			band.Curves = band.Curves[onlySlot : onlySlot+1 : onlySlot+1]
		} else {
			band.Curves = nil
		}
	}
	curvesDashes(band.Curves, &lo.conversion.dashes)
	return band
}

// legendEntry is the lane legend's line for persona x of slot: its
// swatch at left, its name box's top at y, the name at most nameW wide.
// Every entry's swatch has the same height, whatever its shape, so that
// entries line up and may be moved by moving Swatch, Name, Line and Mark.
func (lo *Layouter) legendEntry(x *model.Persona, slot int, left, y, nameW float32) LegendEntry {
	st := lo.Style
	mid := y + st.LineHeight(st.SmallSize)/2 // the line at the middle of the name's line box
	reach := ShapeExtent(ShapeTriangleUp, LegendMarkRadius) + PointHalo
	sw := Rect{left, mid - reach, legendLine, 2 * reach}
	return LegendEntry{Persona: x.ID, Slot: slot, Swatch: sw,
		Name:  Text{Text: Ellipsize(lo.Metrics, x.Name, st.SmallSize, nameW, false), X: left + legendLine + legendGap, Y: y, Size: st.SmallSize},
		Line:  DashLine(Point{left, mid}, Point{left + legendLine, mid}, slot, 1),
		Mark:  Point{left + legendLine/2, mid},
		Shape: PersonaShape(slot)}
}

// legendNameWidth is the room a name has in the lane legend of header hdr:
// its swatch and the scale's labels take the rest.
func (lo *Layouter) legendNameWidth(sc model.Scale, hdr Rect) float32 {
	st := lo.Style
	return hdr.W - 2*st.CellPadding - legendLine - legendGap - max(24, lo.tickReserve(sc))
}

// tickLabel is the label of score s on the scale, if it has one: every
// step on short scales, every third and the maximum on long ones.
func tickLabel(sc model.Scale, s int) (string, bool) {
	every := 1
	if sc.Steps() > 6 {
		every = 3
	}
	if (s-sc.Min)%every != 0 && s != sc.Max {
		return "", false
	}
	label := strconv.Itoa(s)
	if s > 0 && sc.Min < 0 {
		label = "+" + label
	}
	return label, true
}

// tickReserve is the room the scale's labels take at the right of the
// emotions lane header, a gap included: the lane's name, kind and legend
// keep out of it.
func (lo *Layouter) tickReserve(sc model.Scale) float32 {
	w := float32(0)
	for s := sc.Min; s <= sc.Max; s++ {
		if label, ok := tickLabel(sc, s); ok {
			w = max(w, lo.Metrics.Width(label, lo.Style.MetaSize, false))
		}
	}
	return w + 4
}

func sqrt32(v float32) float32 { return float32(math.Sqrt(float64(v))) }

// monotoneSegments joins points with Fritsch–Carlson monotone cubic
// interpolation, written as Bézier segments: smooth, and never above or
// below the scores it passes through.
func monotoneSegments(pts []CurvePoint) []Bezier {
	n := len(pts)
	if n < 2 {
		return nil
	}
	dx := make([]float32, n-1)
	slope := make([]float32, n-1)
	for i := 0; i < n-1; i++ {
		dx[i] = pts[i+1].P.X - pts[i].P.X
		if dx[i] <= 0 {
			dx[i] = 0.001
		}
		slope[i] = (pts[i+1].P.Y - pts[i].P.Y) / dx[i]
	}
	m := make([]float32, n)
	m[0], m[n-1] = slope[0], slope[n-2]
	for i := 1; i < n-1; i++ {
		if slope[i-1]*slope[i] <= 0 {
			m[i] = 0
		} else {
			m[i] = (slope[i-1] + slope[i]) / 2
		}
	}
	for i := 0; i < n-1; i++ {
		if slope[i] == 0 {
			m[i], m[i+1] = 0, 0
			continue
		}
		a, b := m[i]/slope[i], m[i+1]/slope[i]
		if s := a*a + b*b; s > 9 {
			t := 3 / sqrt32(s)
			m[i], m[i+1] = t*a*slope[i], t*b*slope[i]
		}
	}
	out := make([]Bezier, n-1)
	for i := 0; i < n-1; i++ {
		p0, p1 := pts[i].P, pts[i+1].P
		h := dx[i] / 3
		out[i] = Bezier{P0: p0, C1: Point{p0.X + h, p0.Y + m[i]*h}, C2: Point{p1.X - h, p1.Y - m[i+1]*h}, P1: p1}
	}
	return out
}

// Conversion line dimensions, board units.
const (
	dashLength = 7
	dashGap    = 5
)

// conversionCache is the last conversion line and what it was laid out
// from: the board lays out after every edit, and the line changes only
// with the figures, the segment shown or where the band and columns are.
// It keeps the last curves' dashes too (dashes), for the same reason.
type conversionCache struct {
	dashes  []keptDashes // by slot
	b       *model.Behaviour
	segment string
	style   Style
	plot    Rect
	header  Rect
	legendY float32
	columns []Rect // the stage headers, with their IDs
	ids     []model.ID
	line    *ConversionLine
}

// conversionLine lays out the conversion of the stages the behaviour lane
// shows (everyone's, or the segment value's) over the emotion band e; the
// line of the last layout when nothing it is made of moved (lines are
// never changed once made, so layouts may share one).
func (lo *Layouter) conversionLine(j *model.Journey, l *Layout, e *EmotionBand) *ConversionLine {
	hdr := l.Lanes[slices.IndexFunc(l.Lanes, func(lb LaneBox) bool { return lb.ID == e.Lane })].Header
	legendY := float32(-1)
	if n := len(e.Legend); n > 0 {
		legendY = e.Legend[n-1].Name.Y
	}
	c := &lo.conversion
	same := c.line != nil && c.b == j.Behaviour && c.segment == lo.Segment && c.style == lo.Style && c.plot == e.Plot &&
		c.header == hdr && c.legendY == legendY && len(c.ids) == len(l.Stages)
	for i := 0; same && i < len(l.Stages); i++ {
		same = c.ids[i] == l.Stages[i].ID && c.columns[i] == l.Stages[i].Header
	}
	if same {
		return c.line
	}
	*c = conversionCache{dashes: c.dashes, b: j.Behaviour, segment: lo.Segment, style: lo.Style, plot: e.Plot, header: hdr, legendY: legendY}
	for _, s := range l.Stages {
		c.ids = append(c.ids, s.ID)
		c.columns = append(c.columns, s.Header)
	}
	c.line = lo.layConversionLine(j, l, e, hdr)
	return c.line
}

func (lo *Layouter) layConversionLine(j *model.Journey, l *Layout, e *EmotionBand, hdr Rect) *ConversionLine {
	st := lo.Style
	fv := newFigureView(j, j.Behaviour.Segment(lo.Segment))
	c := &ConversionLine{}
	y := func(share float64) float32 { return e.Plot.Y + float32(1-min(max(share, 0), 1))*e.Plot.H }
	for _, s := range l.Stages {
		if f := fv.figures[s.ID]; f != nil {
			c.Points = append(c.Points, Point{s.Header.X + s.Header.W/2, y(f.ConversionFromPrevious)})
		}
	}
	// Dashes along the polyline, the pattern carried across its corners.
	on, left := true, float32(dashLength)
	for i := 0; i+1 < len(c.Points); i++ {
		a, b := c.Points[i], c.Points[i+1]
		dx, dy := b.X-a.X, b.Y-a.Y
		n := float32(math.Hypot(float64(dx), float64(dy)))
		for at := float32(0); at < n; {
			step := min(left, n-at)
			if on {
				p0 := Point{a.X + dx*at/n, a.Y + dy*at/n}
				p1 := Point{a.X + dx*(at+step)/n, a.Y + dy*(at+step)/n}
				c.Dashes = append(c.Dashes, [2]Point{p0, p1})
			}
			at += step
			left -= step
			if left <= 0 {
				on = !on
				left = dashGap
				if on {
					left = dashLength
				}
			}
		}
	}
	right := e.Band.X + e.Band.W - st.CellPadding
	for _, a := range []struct {
		label string
		y     float32
	}{{"100%", e.Plot.Y}, {"0%", e.Plot.Y + e.Plot.H}} {
		w := lo.Metrics.Width(a.label, st.MetaSize, false)
		c.Axis = append(c.Axis, Text{Text: a.label, X: right - w, Y: a.y - st.LineHeight(st.MetaSize)/2, Size: st.MetaSize})
	}
	// The legend's line, under the personas'.
	ly := hdr.Y + st.CellPadding + st.LineHeight(st.HeaderSize)
	if n := len(e.Legend); n > 0 {
		ly = e.Legend[n-1].Name.Y + 2 + st.LineHeight(st.SmallSize)
	}
	x := hdr.X + st.CellPadding
	c.Swatch = [2]Point{{x, ly + 5}, {x + legendLine, ly + 5}}
	for _, d := range [][2]float32{{0, 6}, {9, 15}, {18, legendLine}} {
		c.SwatchDashes = append(c.SwatchDashes, [2]Point{{x + d[0], ly + 5}, {x + d[1], ly + 5}})
	}
	name := "Conversion, 0–100%"
	if fv.seg != nil {
		name += " (" + fv.seg.Value + ")"
	}
	c.Name = Text{Text: Ellipsize(lo.Metrics, name, st.SmallSize, hdr.W-2*st.CellPadding-legendLine-legendGap, false),
		X: x + legendLine + legendGap, Y: ly - 2, Size: st.SmallSize}
	return c
}
