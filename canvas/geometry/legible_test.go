package geometry_test

import (
	"image/color"
	"math"
	"slices"
	"testing"

	"waymark/canvas/geometry"
	"waymark/model"
)

// TestPersonaLooksDiffer: the first ShapeCount × DashCount slots each have
// their own pair of point shape and dash pattern, and the periods cycle as
// said.
func TestPersonaLooksDiffer(t *testing.T) {
	type look struct {
		shape geometry.Shape
		dash  string
	}
	n := int(geometry.ShapeCount) * geometry.DashCount
	seen := map[look]int{}
	for slot := 0; slot < n; slot++ {
		l := look{geometry.PersonaShape(slot), string(rune(len(geometry.PersonaDash(slot))))}
		for _, v := range geometry.PersonaDash(slot) {
			l.dash += "," + string(rune(int(v*10)))
		}
		if other, ok := seen[l]; ok {
			t.Errorf("slots %d and %d look alike: %v", other, slot, l)
		}
		seen[l] = slot
	}
	if geometry.PersonaShape(n) != geometry.PersonaShape(0) || !slices.Equal(geometry.PersonaDash(n), geometry.PersonaDash(0)) {
		t.Errorf("slot %d does not start the cycle again", n)
	}
	if geometry.PersonaDash(0) != nil {
		t.Errorf("the first persona's line is dashed: %v", geometry.PersonaDash(0))
	}
	for slot := 0; slot < geometry.DashCount; slot++ {
		if p := geometry.PersonaDash(slot); len(p)%2 != 0 {
			t.Errorf("slot %d: pattern %v has no gap for every dash", slot, p)
		}
	}
}

// area is a polygon's signed area, positive when it turns clockwise on
// screen (y down).
func area(pts []geometry.Point) float32 {
	var a float32
	for i, p := range pts {
		q := pts[(i+1)%len(pts)]
		a += p.X*q.Y - q.X*p.Y
	}
	return a / 2
}

// TestShapesOutline: every shape but the circle is a clockwise polygon of
// about the circle's area, centred on its point, within its extent, and
// grown evenly by grow.
func TestShapesOutline(t *testing.T) {
	c := geometry.Point{X: 100, Y: 50}
	const r = 10
	circle := float32(math.Pi * r * r)
	for s := geometry.Shape(0); s < geometry.ShapeCount; s++ {
		pts := geometry.AppendPolygon(nil, s, c, r, 0)
		if s == geometry.ShapeCircle {
			if pts != nil {
				t.Errorf("circle: %d points, want none", len(pts))
			}
			continue
		}
		if len(pts) < 3 || len(pts) > 16 {
			t.Fatalf("%v: %d points", s, len(pts))
		}
		a := area(pts)
		if a <= 0 || math.Abs(float64(a/circle-1)) > 0.1 {
			t.Errorf("%v: area %.1f (clockwise when positive), want about %.1f", s, a, circle)
		}
		var sx, sy float32
		ext := geometry.ShapeExtent(s, r)
		for _, p := range pts {
			sx, sy = sx+p.X, sy+p.Y
			if d := math.Hypot(float64(p.X-c.X), float64(p.Y-c.Y)); d > float64(ext)+0.01 {
				t.Errorf("%v: point %v is %.2f from the centre, past its extent %.2f", s, p, d, ext)
			}
		}
		if s != geometry.ShapeTriangleUp && s != geometry.ShapeTriangleDown {
			// The triangles are centred on their incentre, which is their
			// centroid too; the rest are symmetric.
			if mx, my := sx/float32(len(pts)), sy/float32(len(pts)); math.Abs(float64(mx-c.X)) > 0.01 || math.Abs(float64(my-c.Y)) > 0.01 {
				t.Errorf("%v: vertices centred at %.2f,%.2f, want %v", s, mx, my, c)
			}
		}
		// Grown by g, each edge moves out by g: the area grows by about
		// perimeter × g.
		const g = 1
		grown := geometry.AppendPolygon(nil, s, c, r, g)
		var perim float32
		for i, p := range pts {
			q := pts[(i+1)%len(pts)]
			perim += float32(math.Hypot(float64(q.X-p.X), float64(q.Y-p.Y)))
		}
		if want, got := a+perim*g, area(grown); math.Abs(float64(got-want)) > float64(0.1*perim*g)+1 {
			t.Errorf("%v grown by %d: area %.1f, want about %.1f", s, g, got, want)
		}
	}
}

// TestCardMarkersDifferInShape: a pain point, an opportunity and a moment
// of truth differ in shape, not only in colour.
func TestCardMarkersDifferInShape(t *testing.T) {
	r := geometry.Rect{X: 10, Y: 20, W: 18, H: 18}
	seen := map[geometry.Shape]geometry.MarkerKind{}
	for _, k := range []geometry.MarkerKind{geometry.PainPoint, geometry.Opportunity, geometry.MomentOfTruth} {
		s := geometry.MarkerShape(k)
		if other, ok := seen[s]; ok {
			t.Errorf("markers %d and %d are both %v", other, k, s)
		}
		seen[s] = k
		m := geometry.Marker{Kind: k, Rect: r}
		for _, p := range m.Outline() {
			if !r.Contains(p) {
				t.Errorf("marker %d: outline point %v outside its box %v", k, p, r)
			}
		}
		if g := m.GlyphBox(); !g.Inside(r) {
			t.Errorf("marker %d: glyph box %v outside its box %v", k, g, r)
		}
	}
}

// TestCurveDashes: a dashed persona's curve is cut into pieces that lie on
// its Béziers, drawn and left out in the pattern's proportion; a solid
// one has no pieces; the legend shows each persona's line and shape.
func TestCurveDashes(t *testing.T) {
	scores := make([][]int, 6)
	for pi := range scores {
		for k := 0; k < 12; k++ {
			scores[pi] = append(scores[pi], (k*(pi+2))%5-2)
		}
	}
	p, j := curveJourney(model.ScaleBipolar2, scores...)
	l := geometry.NewLayouter(geometry.DefaultStyle, metrics(t)).Layout(p, j)
	e := l.Emotion
	if e == nil || len(e.Curves) != 6 || len(e.Legend) != 6 {
		t.Fatalf("emotion band %+v", e)
	}
	for slot, cv := range e.Curves {
		if cv.Shape != geometry.PersonaShape(slot) {
			t.Errorf("curve %d: shape %v, want %v", slot, cv.Shape, geometry.PersonaShape(slot))
		}
		pat := geometry.PersonaDash(slot)
		if pat == nil {
			if cv.Dashes != nil {
				t.Errorf("curve %d is solid but has %d dashes", slot, len(cv.Dashes))
			}
			continue
		}
		if len(cv.Dashes) < 10 {
			t.Fatalf("curve %d: %d dashes", slot, len(cv.Dashes))
		}
		// Each piece's points lie on the curve: within half a unit of the
		// flattening's own samples (the curve is y over x, monotone in x).
		var drawn float32
		for _, d := range cv.Dashes {
			for k, pt := range d {
				if y, ok := curveYAt(cv.Segments, pt.X); !ok || math.Abs(float64(y-pt.Y)) > 0.5 {
					t.Errorf("curve %d: dash point %v is off the curve (y %.2f there)", slot, pt, y)
				}
				if k > 0 {
					drawn += float32(math.Hypot(float64(pt.X-d[k-1].X), float64(pt.Y-d[k-1].Y)))
				}
			}
		}
		total := curveLength(cv.Segments)
		var on, all float32
		for i, v := range pat {
			all += v
			if i%2 == 0 {
				on += v
			}
		}
		if want := total * on / all; math.Abs(float64(drawn-want)) > float64(all) {
			t.Errorf("curve %d: %.1f of %.1f units drawn, want about %.1f", slot, drawn, total, want)
		}
	}
	for slot, lg := range e.Legend {
		if lg.Shape != geometry.PersonaShape(slot) || len(lg.Line) == 0 || !lg.Swatch.Contains(lg.Mark) {
			t.Errorf("legend %d: shape %v, %d pieces, mark %v in %v", slot, lg.Shape, len(lg.Line), lg.Mark, lg.Swatch)
		}
		if solid := geometry.PersonaDash(slot) == nil; solid != (len(lg.Line) == 1) {
			t.Errorf("legend %d: %d pieces of line for pattern %v", slot, len(lg.Line), geometry.PersonaDash(slot))
		}
		for _, piece := range lg.Line {
			for _, pt := range piece {
				if !lg.Swatch.Contains(pt) {
					t.Errorf("legend %d: line point %v outside its swatch %v", slot, pt, lg.Swatch)
				}
			}
		}
		if lg.Name.X < lg.Swatch.X+lg.Swatch.W {
			t.Errorf("legend %d: name at %.1f overlaps the swatch %v", slot, lg.Name.X, lg.Swatch)
		}
	}
}

// curveYAt is the curve's height at x, by bisection on the segment that
// spans x.
func curveYAt(segs []geometry.Bezier, x float32) (float32, bool) {
	for _, b := range segs {
		if x < b.P0.X-0.01 || x > b.P1.X+0.01 {
			continue
		}
		lo, hi := float32(0), float32(1)
		for i := 0; i < 40; i++ {
			m := (lo + hi) / 2
			if bezierX(b, m) < x {
				lo = m
			} else {
				hi = m
			}
		}
		return bezierY(b, (lo+hi)/2), true
	}
	return 0, false
}

func bezierX(b geometry.Bezier, t float32) float32 {
	u := 1 - t
	return u*u*u*b.P0.X + 3*u*u*t*b.C1.X + 3*u*t*t*b.C2.X + t*t*t*b.P1.X
}

func curveLength(segs []geometry.Bezier) float32 {
	var l float32
	for _, b := range segs {
		prev := b.P0
		for i := 1; i <= 400; i++ {
			t := float32(i) / 400
			p := geometry.Point{X: bezierX(b, t), Y: bezierY(b, t)}
			l += float32(math.Hypot(float64(p.X-prev.X), float64(p.Y-prev.Y)))
			prev = p
		}
	}
	return l
}

// TestLabelOn: a badge's label stands out from its persona's colour in
// both palettes, by at least 3:1, whichever of white and near black it is.
func TestLabelOn(t *testing.T) {
	for _, pal := range []geometry.Palette{geometry.Light, geometry.Dark} {
		for i, c := range pal.Personas {
			if k := contrast(geometry.LabelOn(c), c); k < 3 {
				t.Errorf("persona colour %d %v: label %v at contrast %.2f:1", i, c, geometry.LabelOn(c), k)
			}
		}
	}
	if geometry.LabelOn(geometry.Light.Personas[0]) != (color.NRGBA{0xff, 0xff, 0xff, 0xff}) {
		t.Error("the label on dark blue is not white")
	}
}

// TestCurveDashesFollowEdits: laid out again by the same layouter, a curve
// whose points did not move keeps its dashes, and one whose did gets new
// ones that lie on it.
func TestCurveDashesFollowEdits(t *testing.T) {
	scores := make([][]int, 4)
	for pi := range scores {
		for k := 0; k < 12; k++ {
			scores[pi] = append(scores[pi], (k*(pi+2))%5-2)
		}
	}
	p, j := curveJourney(model.ScaleBipolar2, scores...)
	lo := geometry.NewLayouter(geometry.DefaultStyle, metrics(t))
	before := lo.Layout(p, j).Emotion.Curves
	// Persona 2 (dashed) scores the first card differently.
	x := p.Personas[2].ID
	j.Touchpoints[0].Emotions[x] = -j.Touchpoints[0].Emotions[x] + 1
	after := lo.Layout(p, j).Emotion.Curves
	for slot := range after {
		if slot == 0 {
			continue // solid
		}
		same := &before[slot].Dashes[0][0] == &after[slot].Dashes[0][0]
		if want := slot != 2; same != want {
			t.Errorf("curve %d: dashes kept %v, want %v", slot, same, want)
		}
		for _, d := range after[slot].Dashes {
			for _, pt := range d {
				if y, ok := curveYAt(after[slot].Segments, pt.X); !ok || math.Abs(float64(y-pt.Y)) > 0.5 {
					t.Fatalf("curve %d: dash point %v is off the curve (y %.2f there)", slot, pt, y)
				}
			}
		}
	}
}
