package geometry

import (
	"image/color"
	"math"
	"slices"
)

// Persona curves are told apart by more than their colour, so that a
// reader who cannot tell the colours apart, or a greyscale print, still
// can: each journey slot has its own point shape and dash pattern. Shapes
// repeat every ShapeCount slots and dash patterns every DashCount, two
// periods with no common factor, so the first ShapeCount × DashCount
// personas each look different even before their colour is seen.

// Shape is the form of a curve's points (and of a card's flag markers).
type Shape int

// The shapes, in the order persona slots take them.
const (
	ShapeCircle Shape = iota
	ShapeSquare
	ShapeDiamond
	ShapeTriangleUp
	ShapeTriangleDown
	ShapePlus
	// ShapeCount is how many shapes persona slots cycle through.
	ShapeCount
)

// String names the shape, as a legend or a test says it.
func (s Shape) String() string {
	switch s {
	case ShapeCircle:
		return "circle"
	case ShapeSquare:
		return "square"
	case ShapeDiamond:
		return "diamond"
	case ShapeTriangleUp:
		return "triangle"
	case ShapeTriangleDown:
		return "downward triangle"
	case ShapePlus:
		return "plus"
	}
	return "shape"
}

// PersonaShape is the point shape of the persona in journey slot i.
func PersonaShape(slot int) Shape { return Shape(slot % int(ShapeCount)) }

// dashPatterns are the persona curves' patterns, lengths along the line in
// board units, alternately drawn and left out: solid, dashed, dotted,
// dash-dot, dash-dot-dot. The shortest piece is as long as the line is
// wide, so a dot reads as a dot.
var dashPatterns = [...][]float32{
	nil,
	{12, 5},
	{2.5, 4},
	{11, 4, 2.5, 4},
	{11, 3.5, 2.5, 3.5, 2.5, 3.5},
}

// DashCount is how many dash patterns persona slots cycle through.
const DashCount = len(dashPatterns)

// PersonaDash is the dash pattern of the persona in journey slot i:
// lengths drawn and left out in turn, nil for a solid line.
func PersonaDash(slot int) []float32 { return dashPatterns[slot%DashCount] }

// PointRadius is the size of a curve point in board units: a circle's
// radius; the other shapes cover about the same area.
const PointRadius = 5

// PointHalo is the width of the ring in the card colour around a curve
// point, which keeps it apart from the line and from other points.
const PointHalo = 1.5

// LegendMarkRadius is the size of the point shape in a legend's line.
const LegendMarkRadius = 3.5

// AppendPolygon appends to dst the outline of shape s centred on c, of
// size r (see PointRadius) grown outwards by grow on every side, clockwise
// on screen (y down); a circle appends nothing, painters draw it as one.
// The units are the caller's: board units, or points or pixels on paper.
// Shapes are centred on their incentre, so growing one is scaling it.
func AppendPolygon(dst []Point, s Shape, c Point, r, grow float32) []Point {
	switch s {
	case ShapeSquare:
		h := 0.886*r + grow // the area of the circle of radius r
		return append(dst, Point{c.X - h, c.Y - h}, Point{c.X + h, c.Y - h}, Point{c.X + h, c.Y + h}, Point{c.X - h, c.Y + h})
	case ShapeDiamond:
		d := 1.25*r + grow*math.Sqrt2
		return append(dst, Point{c.X, c.Y - d}, Point{c.X + d, c.Y}, Point{c.X, c.Y + d}, Point{c.X - d, c.Y})
	case ShapeTriangleUp, ShapeTriangleDown:
		// Equilateral, of the circle's area; its incircle is half its
		// circumcircle, so growing by g adds 2g to the circumradius.
		R := 1.555*r + 2*grow
		dx, dy := R*0.8660254, R/2
		if s == ShapeTriangleUp {
			return append(dst, Point{c.X, c.Y - R}, Point{c.X + dx, c.Y + dy}, Point{c.X - dx, c.Y + dy})
		}
		return append(dst, Point{c.X - dx, c.Y - dy}, Point{c.X + dx, c.Y - dy}, Point{c.X, c.Y + R})
	case ShapePlus:
		// Arms wider than a curve's line, so the plus does not read as
		// two lines crossing.
		a, w := 1.05*r+grow, 0.5*r+grow
		return append(dst,
			Point{c.X - w, c.Y - a}, Point{c.X + w, c.Y - a}, Point{c.X + w, c.Y - w},
			Point{c.X + a, c.Y - w}, Point{c.X + a, c.Y + w}, Point{c.X + w, c.Y + w},
			Point{c.X + w, c.Y + a}, Point{c.X - w, c.Y + a}, Point{c.X - w, c.Y + w},
			Point{c.X - a, c.Y + w}, Point{c.X - a, c.Y - w}, Point{c.X - w, c.Y - w})
	}
	return dst
}

// ShapeExtent is how far shape s of size r reaches from its centre, for
// culling and hit slop.
func ShapeExtent(s Shape, r float32) float32 {
	switch s {
	case ShapeSquare:
		return 1.253 * r // the corners
	case ShapeDiamond:
		return 1.25 * r
	case ShapeTriangleUp, ShapeTriangleDown:
		return 1.555 * r
	case ShapePlus:
		return 1.163 * r // the arms' corners
	}
	return r
}

// MarkerShape is the shape of a card's flag: a warning triangle for a pain
// point, a circle for an opportunity, a diamond for a moment of truth, so
// that the three differ on a greyscale print as well as in colour.
func MarkerShape(k MarkerKind) Shape {
	switch k {
	case PainPoint:
		return ShapeTriangleUp
	case MomentOfTruth:
		return ShapeDiamond
	}
	return ShapeCircle
}

// Outline is the polygon a card's flag marker fills within its box,
// clockwise on screen; nil for the opportunity's circle, which fills the
// box's incircle.
func (m Marker) Outline() []Point {
	r := m.Rect
	switch MarkerShape(m.Kind) {
	case ShapeTriangleUp:
		return []Point{{r.X + r.W/2, r.Y}, {r.X + r.W, r.Y + r.H}, {r.X, r.Y + r.H}}
	case ShapeDiamond:
		return []Point{{r.X + r.W/2, r.Y}, {r.X + r.W, r.Y + r.H/2}, {r.X + r.W/2, r.Y + r.H}, {r.X, r.Y + r.H/2}}
	}
	return nil
}

// GlyphBox is where a flag marker's glyph ("!" or "+") is centred: the
// whole box, or the wide lower part of the pain point's triangle.
func (m Marker) GlyphBox() Rect {
	if MarkerShape(m.Kind) == ShapeTriangleUp {
		return Rect{m.Rect.X, m.Rect.Y + m.Rect.H*0.3, m.Rect.W, m.Rect.H * 0.7}
	}
	return m.Rect
}

// DashLine is the straight line from a to b in the dash pattern of
// persona slot, its lengths multiplied by unit (1 in board units): the
// pieces to draw, one piece for a solid line.
func DashLine(a, b Point, slot int, unit float32) [][]Point {
	pat := PersonaDash(slot)
	if len(pat) == 0 {
		return [][]Point{{a, b}}
	}
	scaled := make([]float32, len(pat))
	for i, v := range pat {
		scaled[i] = v * unit
	}
	d := newDasher(scaled, dist(a, b), 2, a)
	d.to(b)
	return d.done()
}

// keptDashes is a curve's dashes and the segments they were cut from.
type keptDashes struct {
	segs   []Bezier
	dashes [][]Point
}

// curvesDashes sets the Dashes of every dashed curve: its Segments
// flattened and cut as they go, the pattern running on across the curve's
// points as one line would be drawn. A curve whose segments are those of
// the curve of its slot in kept (the last layout's: an edit elsewhere, a
// title typed) takes its dashes from there; kept then holds these curves'.
// The others' pieces share two arrays, sized first from bounds: a cast of
// thousands allocates twice, not twice a persona.
func curvesDashes(curves []Curve, kept *[]keptDashes) {
	last := *kept
	plans := make([]int, len(curves)) // each curve's bound on pieces, 0 when it needs none cut
	var pts, pieces int
	for i := range curves {
		cv := &curves[i]
		pat := PersonaDash(cv.Slot)
		if len(pat) == 0 || len(cv.Segments) == 0 {
			continue
		}
		if cv.Slot < len(last) && slices.Equal(last[cv.Slot].segs, cv.Segments) {
			cv.Dashes = last[cv.Slot].dashes
			continue
		}
		// A segment is no longer than its control polygon.
		var bound float32
		samples := 0
		for k := range cv.Segments {
			g := &cv.Segments[k]
			bound += dist(g.P0, g.C1) + dist(g.C1, g.C2) + dist(g.C2, g.P1)
			samples += flattenSteps(g)
		}
		n := piecesWithin(pat, bound)
		plans[i] = n
		pts += samples + 2*n + 1
		pieces += n
	}
	if pieces > 0 {
		arena := make([]Point, 0, pts)
		heads := make([][]Point, 0, pieces)
		for i := range curves {
			cv := &curves[i]
			if plans[i] == 0 {
				continue
			}
			pat := PersonaDash(cv.Slot)
			d := dasher{pattern: pat, left: pat[0], prev: cv.Segments[0].P0,
				pts: arena[len(arena):], out: heads[len(heads):]}
			d.pts = append(d.pts, d.prev)
			for k := range cv.Segments {
				g := &cv.Segments[k]
				steps := flattenSteps(g)
				for s := 1; s <= steps; s++ {
					d.to(g.at(float32(s) / float32(steps)))
				}
			}
			cv.Dashes = d.done()
			// What the curve took of the arrays. The bounds hold, but were
			// one outgrown, its first pieces would lie in the rest of the
			// arena, which is then the curve's.
			if cap(d.pts) == cap(arena)-len(arena) {
				arena = arena[:len(arena)+len(d.pts)]
			} else {
				arena = arena[:cap(arena)]
			}
			if cap(d.out) == cap(heads)-len(heads) {
				heads = heads[:len(heads)+len(d.out)]
			}
		}
	}
	// Keep these curves' dashes, by slot, for the next layout. Curves and
	// their pieces are never changed once made, so layouts may share them.
	next := last[:0]
	if len(curves) > 0 && curves[len(curves)-1].Slot >= cap(last) {
		next = make([]keptDashes, 0, curves[len(curves)-1].Slot+1)
	}
	for i := range curves {
		cv := &curves[i]
		for len(next) <= cv.Slot {
			next = append(next, keptDashes{})
		}
		next[cv.Slot] = keptDashes{cv.Segments, cv.Dashes}
	}
	clear(next[len(next):cap(next)])
	*kept = next
}

// piecesWithin bounds the pieces pattern cuts from a line length long.
func piecesWithin(pattern []float32, length float32) int {
	var period float32
	for _, v := range pattern {
		period += v
	}
	return int(length/period+1)*len(pattern)/2 + 1
}

// flattenSteps is how many straight pieces stand for a segment: about one
// per 8 board units of its control polygon, which keeps a 2.5-unit line's
// pieces within a fifth of a unit of the curve on the gentle segments the
// monotone curve is made of.
func flattenSteps(g *Bezier) int {
	l := dist(g.P0, g.C1) + dist(g.C1, g.C2) + dist(g.C2, g.P1)
	return max(2, min(32, int(l/8)+1))
}

func (g *Bezier) at(t float32) Point {
	u := 1 - t
	a, b, c, d := u*u*u, 3*u*u*t, 3*u*t*t, t*t*t
	return Point{a*g.P0.X + b*g.C1.X + c*g.C2.X + d*g.P1.X, a*g.P0.Y + b*g.C1.Y + c*g.C2.Y + d*g.P1.Y}
}

func dist(a, b Point) float32 {
	dx, dy := b.X-a.X, b.Y-a.Y
	return sqrt32(dx*dx + dy*dy)
}

// dasher cuts a polyline, fed point by point, into the pieces a pattern
// draws, starting with a drawn piece. The pieces share one backing array
// while it has room.
type dasher struct {
	pattern []float32
	k       int     // the part of the pattern the line is in: drawn when even
	left    float32 // what remains of it
	start   int     // where the piece being drawn starts in pts
	prev    Point
	pts     []Point
	out     [][]Point
}

// newDasher starts at p a line at most length long of at most samples
// points.
func newDasher(pattern []float32, length float32, samples int, p Point) dasher {
	pieces := piecesWithin(pattern, length)
	d := dasher{pattern: pattern, left: pattern[0], prev: p,
		pts: make([]Point, 0, samples+2*pieces+1), out: make([][]Point, 0, pieces)}
	d.pts = append(d.pts, p)
	return d
}

// to carries the line on to q.
func (d *dasher) to(q Point) {
	dd := dist(d.prev, q)
	for dd > 0 {
		if dd <= d.left {
			d.left -= dd
			if d.k%2 == 0 {
				d.pts = append(d.pts, q)
			}
			d.prev = q
			return
		}
		f := d.left / dd
		b := Point{d.prev.X + (q.X-d.prev.X)*f, d.prev.Y + (q.Y-d.prev.Y)*f}
		if d.k%2 == 0 {
			d.pts = append(d.pts, b)
			d.piece()
		} else {
			d.start = len(d.pts)
			d.pts = append(d.pts, b)
		}
		dd -= d.left
		d.prev = b
		d.k = (d.k + 1) % len(d.pattern)
		d.left = d.pattern[d.k]
	}
}

// piece ends the piece being drawn. Its points are final: should pts grow
// into a new array, the piece keeps the old one.
func (d *dasher) piece() {
	n := len(d.pts)
	d.out = append(d.out, d.pts[d.start:n:n])
}

// done is the pieces of the line.
func (d *dasher) done() [][]Point {
	if d.k%2 == 0 && len(d.pts)-d.start >= 2 {
		d.piece()
	}
	return d.out
}

// LabelOn is the colour of text on fill (a score badge in its persona's
// colour): white, or near black on a light fill, whichever stands out more.
func LabelOn(fill color.NRGBA) color.NRGBA {
	lin := func(v uint8) float64 {
		c := float64(v) / 255
		if c <= 0.04045 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	y := 0.2126*lin(fill.R) + 0.7152*lin(fill.G) + 0.0722*lin(fill.B)
	// White's contrast is 1.05/(y+0.05), the dark's (y+0.05)/(yd+0.05).
	const dark = 0.0123 // the luminance of #1b1d22
	if 1.05/(y+0.05) >= (y+0.05)/(dark+0.05) {
		return color.NRGBA{0xff, 0xff, 0xff, 0xff}
	}
	return color.NRGBA{0x1b, 0x1d, 0x22, 0xff}
}
