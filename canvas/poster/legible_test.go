package poster

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"testing"

	"golang.org/x/image/vector"

	"waymark/canvas/geometry"
	"waymark/model"
)

// mask is the pixels of a square crop that are ink (true), row by row.
type mask struct {
	n    int // the crop's side
	bits []bool
}

// without is m with the pixels of cut left out.
func (m mask) without(cut mask) mask {
	out := mask{m.n, make([]bool, len(m.bits))}
	for i := range m.bits {
		out.bits[i] = m.bits[i] && !cut.bits[i]
	}
	return out
}

// iou is the area two masks share over the area either covers.
func iou(a, b mask) float64 {
	and, or := 0, 0
	for i := range a.bits {
		if a.bits[i] && b.bits[i] {
			and++
		}
		if a.bits[i] || b.bits[i] {
			or++
		}
	}
	if or == 0 {
		return 0
	}
	return float64(and) / float64(or)
}

// inkMask is the crop of side n with its top-left at x0, y0 of g: ink is
// darker than halfway between the fill's grey and the crop's paper (its
// lightest tenth).
func inkMask(g *image.Gray, x0, y0, n int, fill uint8) mask {
	var hist [256]int
	for y := y0; y < y0+n; y++ {
		for x := x0; x < x0+n; x++ {
			hist[g.GrayAt(x, y).Y]++
		}
	}
	paper, seen := 255, 0
	for ; paper > 0 && seen < n*n/10; paper-- {
		seen += hist[paper]
	}
	limit := uint8((int(fill) + paper) / 2)
	m := mask{n, make([]bool, n*n)}
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			m.bits[y*n+x] = g.GrayAt(x0+x, y0+y).Y < limit
		}
	}
	return m
}

// template is a shape filled as the painters fill it (a polygon, or a
// circle when pts is nil: centre c, radius r), in a crop of side n.
func template(n int, pts []geometry.Point, c geometry.Point, r float32) mask {
	var z vector.Rasterizer
	z.Reset(n, n)
	if pts == nil {
		const k = 0.5522847
		z.MoveTo(c.X+r, c.Y)
		z.CubeTo(c.X+r, c.Y+k*r, c.X+k*r, c.Y+r, c.X, c.Y+r)
		z.CubeTo(c.X-k*r, c.Y+r, c.X-r, c.Y+k*r, c.X-r, c.Y)
		z.CubeTo(c.X-r, c.Y-k*r, c.X-k*r, c.Y-r, c.X, c.Y-r)
		z.CubeTo(c.X+k*r, c.Y-r, c.X+r, c.Y-k*r, c.X+r, c.Y)
	} else {
		z.MoveTo(pts[0].X, pts[0].Y)
		for _, p := range pts[1:] {
			z.LineTo(p.X, p.Y)
		}
	}
	z.ClosePath()
	a := image.NewAlpha(image.Rect(0, 0, n, n))
	z.Draw(a, a.Bounds(), image.Opaque, image.Point{})
	m := mask{n, make([]bool, n*n)}
	for i, v := range a.Pix {
		m.bits[i] = v >= 0x80
	}
	return m
}

func bezierAt(b geometry.Bezier, t float32) geometry.Point {
	u := 1 - t
	return geometry.Point{X: u*u*u*b.P0.X + 3*u*u*t*b.C1.X + 3*u*t*t*b.C2.X + t*t*t*b.P1.X,
		Y: u*u*u*b.P0.Y + 3*u*u*t*b.C1.Y + 3*u*t*t*b.C2.Y + t*t*t*b.P1.Y}
}

func greyOf(c color.NRGBA) uint8 { return color.GrayModel.Convert(c).(color.Gray).Y }

// TestGreyscalePrintSeparatesCurvesAndFlags prints a poster of a journey
// with four personas, pain points and opportunities to PNG, turns it grey
// and looks at the pixels around the points the layout placed: each
// persona's curve points fit its own shape better than any other by a
// margin (so no two personas' points look alike, whatever their colours),
// and pain points and opportunities on the cards differ in shape.
func TestGreyscalePrintSeparatesCurvesAndFlags(t *testing.T) {
	p := sample(t)
	j := p.Journeys[0]
	for k, name := range []string{"Ana Costa", "Li Wei"} {
		x := &model.Persona{ID: model.ID(fmt.Sprintf("extra-%d", k)), Name: name}
		p.Personas = append(p.Personas, x)
		j.PersonaIDs = append(j.PersonaIDs, x.ID)
		for i, tp := range j.Touchpoints {
			if len(tp.Emotions) > 0 {
				tp.Emotions[x.ID] = (i*(k+2)+k)%5 - 2
			}
		}
	}
	d := docOf(t, p, j)
	o := opts(t, "A3")
	o.DPI = 300
	img, _, err := painter(t).Raster(context.Background(), d, o)
	if err != nil {
		t.Fatal(err)
	}
	g := image.NewGray(img.Bounds())
	draw.Draw(g, g.Bounds(), img, image.Point{}, draw.Src)
	_, c, _, _, err := painter(t).plan(&d, &o)
	if err != nil {
		t.Fatal(err)
	}
	mt := c.mapT.then(Transform{S: o.DPI / Inch})
	px := float32(mt.S) // pixels a board unit
	pal := o.paletteVal
	if px < 2 {
		t.Fatalf("%.2f pixels a board unit: too few to tell shapes apart", px)
	}

	// (a) The curves' points. A point is looked at where no other curve's
	// point is near, so that its crop holds one shape.
	e := d.Layout.Emotion
	if len(e.Curves) < 4 {
		t.Fatalf("%d curves", len(e.Curves))
	}
	r := geometry.PointRadius * px
	half := int(math.Ceil(float64(geometry.ShapeExtent(geometry.ShapeTriangleUp, r)+geometry.PointHalo*px))) + 3
	n := 2*half + 1
	// The shapes as the painters fill them, centred as the point is in its
	// crop.
	templates := func(centre geometry.Point) []mask {
		out := make([]mask, geometry.ShapeCount)
		for s := range out {
			pts := geometry.AppendPolygon(nil, geometry.Shape(s), centre, r, -geometry.PointHalo*px/2)
			out[s] = template(n, pts, centre, r-geometry.PointHalo*px/2)
		}
		return out
	}
	read := make([]geometry.Shape, len(e.Curves)) // the shape each persona's points read as
	for slot, cv := range e.Curves {
		looked := 0
		for _, pt := range cv.Points {
			// Neither another point nor another curve's line in its crop.
			alone := true
			near := func(q geometry.Point) bool {
				return math.Hypot(float64(q.X-pt.P.X), float64(q.Y-pt.P.Y)) < 4*geometry.PointRadius
			}
			for other, ov := range e.Curves {
				for _, q := range ov.Points {
					if (other != slot || q.Touchpoint != pt.Touchpoint) && near(q.P) {
						alone = false
					}
				}
				for _, b := range ov.Segments {
					for k := 0; other != slot && k <= 64; k++ {
						if near(bezierAt(b, float32(k)/64)) {
							alone = false
						}
					}
				}
			}
			if !alone {
				continue
			}
			x, y := mt.Point(pt.P.X, pt.P.Y)
			x0, y0 := int(math.Floor(x))-half, int(math.Floor(y))-half
			// The curve's own line runs through its point: its path is left
			// out of the crop and of the shapes it is compared with.
			path := mask{n, make([]bool, n*n)}
			reach := float64(2.5*px/2) + 1.5
			for _, b := range cv.Segments {
				for k := 0; k <= 256; k++ {
					q := bezierAt(b, float32(k)/256)
					if !near(q) {
						continue
					}
					qx, qy := mt.Point(q.X, q.Y)
					for yy := 0; yy < n; yy++ {
						for xx := 0; xx < n; xx++ {
							if math.Hypot(float64(x0+xx)+0.5-qx, float64(y0+yy)+0.5-qy) <= reach {
								path.bits[yy*n+xx] = true
							}
						}
					}
				}
			}
			// So are the scale's lines, the neutral one as dark as some inks.
			for _, tk := range e.Ticks {
				_, ly := mt.Point(0, tk.Y)
				for yy := 0; yy < n; yy++ {
					if math.Abs(float64(y0+yy)+0.5-ly) <= float64(1.5*px/2)+1.5 {
						for xx := 0; xx < n; xx++ {
							path.bits[yy*n+xx] = true
						}
					}
				}
			}
			m := inkMask(g, x0, y0, n, greyOf(pal.PersonaColor(slot))).without(path)
			templates := templates(geometry.Point{X: float32(x) - float32(x0), Y: float32(y) - float32(y0)})
			for s := range templates {
				templates[s] = templates[s].without(path)
			}
			// Its own shape fits it best, by a margin.
			for s := range templates {
				if iou(m, templates[s]) > iou(m, templates[read[slot]]) {
					read[slot] = geometry.Shape(s)
				}
			}
			own, best, next := iou(m, templates[cv.Shape]), geometry.ShapeCircle, -1.0
			for s := range templates {
				if k := iou(m, templates[s]); geometry.Shape(s) != cv.Shape && k > next {
					best, next = geometry.Shape(s), k
				}
			}
			if testing.Verbose() {
				t.Logf("persona %d at %s: %.2f like a %v, next %.2f like a %v", slot, pt.Touchpoint, own, cv.Shape, next, best)
			}
			if own < next+0.1 || own < 0.8 {
				t.Errorf("persona %d's point at card %s is %.2f like its %v and %.2f like a %v",
					slot, pt.Touchpoint, own, cv.Shape, next, best)
			}
			looked++
		}
		if looked == 0 {
			t.Fatalf("persona %d has no point clear of the others", slot)
		}
	}
	for a := range read {
		for b := a + 1; b < len(read); b++ {
			if read[a] == read[b] {
				t.Errorf("in grey, personas %d and %d both have points of a %v", a, b, read[a])
			}
		}
	}

	// (b) The flags on cards: a pain point's triangle and an
	// opportunity's circle, told by shape.
	var pains, opps []mask
	for i := range d.Layout.Cards {
		for _, m := range d.Layout.Cards[i].Markers {
			if m.Kind == geometry.MomentOfTruth {
				continue
			}
			x, y, w, _ := mt.Rect(m.Rect)
			side := int(math.Round(w))
			fill := pal.PainPoint
			if m.Kind == geometry.Opportunity {
				fill = pal.Opportunity
			}
			ink := inkMask(g, int(math.Round(x)), int(math.Round(y)), side, greyOf(fill))
			// The templates, in the crop's pixels.
			s := float32(side) / m.Rect.W
			local := geometry.Marker{Kind: geometry.PainPoint, Rect: geometry.Rect{W: m.Rect.W * s, H: m.Rect.H * s}}
			tri := template(side, local.Outline(), geometry.Point{}, 0)
			disc := template(side, nil, geometry.Point{X: float32(side) / 2, Y: float32(side) / 2}, float32(side)/2)
			own, other := iou(ink, tri), iou(ink, disc)
			if m.Kind == geometry.Opportunity {
				own, other = other, own
				opps = append(opps, ink)
			} else {
				pains = append(pains, ink)
			}
			if own < other+0.1 {
				t.Errorf("card %s: flag %d is %.2f like its own shape and %.2f like the other", d.Layout.Cards[i].ID, m.Kind, own, other)
			}
		}
	}
	if len(pains) < 3 || len(opps) < 3 {
		t.Fatalf("%d pain points and %d opportunities on the poster", len(pains), len(opps))
	}
	for _, a := range pains {
		for _, b := range opps {
			if k := iou(a, b); k > 0.7 || a.n != b.n {
				t.Errorf("in grey, a pain point and an opportunity look alike (%.2f)", k)
			}
		}
	}
}
