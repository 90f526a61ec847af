package geometry_test

import (
	"image/color"
	"math"
	"testing"

	"waymark/canvas/geometry"
)

// cvdThreshold is the least CIEDE2000 difference two persona colours may
// have, with normal vision and as a protanope or deuteranope sees them.
// ΔE00 ≈ 1 is the difference an observer just notices side by side; 12
// keeps two thin lines apart at a glance, across a map, when they do not
// touch. Okabe and Ito's own eight colours reach about 11.6 at their
// closest under deuteranopia, so 12 is as strict as a seven-colour
// palette that keeps to their hues can be.
const cvdThreshold = 12

// vision is a way of seeing colours: a matrix applied to linear sRGB, nil
// for normal vision.
type vision struct {
	name string
	m    *[3][3]float64
}

// Machado, Oliveira and Fernandes (2009), "A physiologically-based model
// for simulation of color vision deficiency", severity 1.0.
var (
	protanopia = [3][3]float64{
		{0.152286, 1.052583, -0.204868},
		{0.114503, 0.786281, 0.099216},
		{-0.003882, -0.048116, 1.051998}}
	deuteranopia = [3][3]float64{
		{0.367322, 0.860646, -0.227968},
		{0.280085, 0.672501, 0.047413},
		{-0.011820, 0.042940, 0.968881}}
	visions = []vision{{"normal vision", nil}, {"protanopia", &protanopia}, {"deuteranopia", &deuteranopia}}
)

type lab struct{ L, A, B float64 }

func linear(v uint8) float64 {
	c := float64(v) / 255
	if c <= 0.04045 {
		return c / 12.92
	}
	return math.Pow((c+0.055)/1.055, 2.4)
}

// seen is c in CIELAB (D65) as vision v sees it: the simulation works on
// linear sRGB, clamped back into the gamut.
func seen(c color.NRGBA, v vision) lab {
	r, g, b := linear(c.R), linear(c.G), linear(c.B)
	if m := v.m; m != nil {
		clamp := func(x float64) float64 { return min(1, max(0, x)) }
		r, g, b = clamp(m[0][0]*r+m[0][1]*g+m[0][2]*b), clamp(m[1][0]*r+m[1][1]*g+m[1][2]*b), clamp(m[2][0]*r+m[2][1]*g+m[2][2]*b)
	}
	x := 0.4124564*r + 0.3575761*g + 0.1804375*b
	y := 0.2126729*r + 0.7151522*g + 0.0721750*b
	z := 0.0193339*r + 0.1191920*g + 0.9503041*b
	f := func(t float64) float64 {
		if t > 216.0/24389 {
			return math.Cbrt(t)
		}
		return (24389.0/27*t + 16) / 116
	}
	fx, fy, fz := f(x/0.95047), f(y), f(z/1.08883)
	return lab{116*fy - 16, 500 * (fx - fy), 200 * (fy - fz)}
}

// deltaE2000 is the CIEDE2000 colour difference (kL = kC = kH = 1), as
// Sharma, Wu and Dalal (2005) set it out, hue angles in degrees.
func deltaE2000(p, q lab) float64 {
	const deg = math.Pi / 180
	pow7 := func(v float64) float64 { return v * v * v * v * v * v * v }
	cBar := (math.Hypot(p.A, p.B) + math.Hypot(q.A, q.B)) / 2
	g := 0.5 * (1 - math.Sqrt(pow7(cBar)/(pow7(cBar)+pow7(25))))
	a1, a2 := (1+g)*p.A, (1+g)*q.A
	c1, c2 := math.Hypot(a1, p.B), math.Hypot(a2, q.B)
	hue := func(b, a float64) float64 {
		if a == 0 && b == 0 {
			return 0
		}
		h := math.Atan2(b, a) / deg
		if h < 0 {
			h += 360
		}
		return h
	}
	h1, h2 := hue(p.B, a1), hue(q.B, a2)
	dL, dC := q.L-p.L, c2-c1
	dh := 0.0
	if c1*c2 != 0 {
		dh = h2 - h1
		if dh > 180 {
			dh -= 360
		} else if dh < -180 {
			dh += 360
		}
	}
	dH := 2 * math.Sqrt(c1*c2) * math.Sin(dh/2*deg)
	lBar, cBar2 := (p.L+q.L)/2, (c1+c2)/2
	hBar := h1 + h2
	if c1*c2 != 0 {
		// Hues exactly opposite (Sharma's pair 14) land on either side of
		// 180 by a rounding error: the boundary belongs to the first case.
		switch {
		case math.Abs(h1-h2) <= 180+1e-9:
			hBar = (h1 + h2) / 2
		case h1+h2 < 360:
			hBar = (h1 + h2 + 360) / 2
		default:
			hBar = (h1 + h2 - 360) / 2
		}
	}
	t := 1 - 0.17*math.Cos((hBar-30)*deg) + 0.24*math.Cos(2*hBar*deg) + 0.32*math.Cos((3*hBar+6)*deg) - 0.20*math.Cos((4*hBar-63)*deg)
	dTheta := 30 * math.Exp(-((hBar-275)/25)*((hBar-275)/25))
	rc := 2 * math.Sqrt(pow7(cBar2)/(pow7(cBar2)+pow7(25)))
	l50 := (lBar - 50) * (lBar - 50)
	sl := 1 + 0.015*l50/math.Sqrt(20+l50)
	sc := 1 + 0.045*cBar2
	sh := 1 + 0.015*cBar2*t
	rt := -math.Sin(2*dTheta*deg) * rc
	return math.Sqrt((dL/sl)*(dL/sl) + (dC/sc)*(dC/sc) + (dH/sh)*(dH/sh) + rt*(dC/sc)*(dH/sh))
}

// TestDeltaE2000Sharma checks the colour difference against the 34 pairs
// Sharma, Wu and Dalal published with the formula, to their four decimals.
func TestDeltaE2000Sharma(t *testing.T) {
	pairs := [][7]float64{
		{50.0000, 2.6772, -79.7751, 50.0000, 0.0000, -82.7485, 2.0425},
		{50.0000, 3.1571, -77.2803, 50.0000, 0.0000, -82.7485, 2.8615},
		{50.0000, 2.8361, -74.0200, 50.0000, 0.0000, -82.7485, 3.4412},
		{50.0000, -1.3802, -84.2814, 50.0000, 0.0000, -82.7485, 1.0000},
		{50.0000, -1.1848, -84.8006, 50.0000, 0.0000, -82.7485, 1.0000},
		{50.0000, -0.9009, -85.5211, 50.0000, 0.0000, -82.7485, 1.0000},
		{50.0000, 0.0000, 0.0000, 50.0000, -1.0000, 2.0000, 2.3669},
		{50.0000, -1.0000, 2.0000, 50.0000, 0.0000, 0.0000, 2.3669},
		{50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0009, 7.1792},
		{50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0010, 7.1792},
		{50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0011, 7.2195},
		{50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0012, 7.2195},
		{50.0000, -0.0010, 2.4900, 50.0000, 0.0009, -2.4900, 4.8045},
		{50.0000, -0.0010, 2.4900, 50.0000, 0.0010, -2.4900, 4.8045},
		{50.0000, -0.0010, 2.4900, 50.0000, 0.0011, -2.4900, 4.7461},
		{50.0000, 2.5000, 0.0000, 50.0000, 0.0000, -2.5000, 4.3065},
		{50.0000, 2.5000, 0.0000, 73.0000, 25.0000, -18.0000, 27.1492},
		{50.0000, 2.5000, 0.0000, 61.0000, -5.0000, 29.0000, 22.8977},
		{50.0000, 2.5000, 0.0000, 56.0000, -27.0000, -3.0000, 31.9030},
		{50.0000, 2.5000, 0.0000, 58.0000, 24.0000, 15.0000, 19.4535},
		{50.0000, 2.5000, 0.0000, 50.0000, 3.1736, 0.5854, 1.0000},
		{50.0000, 2.5000, 0.0000, 50.0000, 3.2972, 0.0000, 1.0000},
		{50.0000, 2.5000, 0.0000, 50.0000, 1.8634, 0.5757, 1.0000},
		{50.0000, 2.5000, 0.0000, 50.0000, 3.2592, 0.3350, 1.0000},
		{60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644},
		{63.0109, -31.0961, -5.8663, 62.8187, -29.7946, -4.0864, 1.2630},
		{61.2901, 3.7196, -5.3901, 61.4292, 2.2480, -4.9620, 1.8731},
		{35.0831, -44.1164, 3.7933, 35.0232, -40.0716, 1.5901, 1.8645},
		{22.7233, 20.0904, -46.6940, 23.0331, 14.9730, -42.5619, 2.0373},
		{36.4612, 47.8580, 18.3852, 36.2715, 50.5065, 21.2231, 1.4146},
		{90.8027, -2.0831, 1.4410, 91.1528, -1.6435, 0.0447, 1.4441},
		{90.9257, -0.5406, -0.9208, 88.6381, -0.8985, -0.7239, 1.5381},
		{6.7747, -0.2908, -2.4247, 5.8714, -0.0985, -2.2286, 0.6377},
		{2.0776, 0.0795, -1.1350, 0.9033, -0.0636, -0.5514, 0.9082},
	}
	for i, p := range pairs {
		a, b := lab{p[0], p[1], p[2]}, lab{p[3], p[4], p[5]}
		for _, got := range []float64{deltaE2000(a, b), deltaE2000(b, a)} {
			if math.Abs(got-p[6]) > 0.00005 {
				t.Errorf("pair %d: ΔE00 %.4f, want %.4f", i+1, got, p[6])
			}
		}
	}
}

// TestSeenKnownValues checks the way to CIELAB and the simulations on
// colours whose values are known: sRGB white and primaries in CIELAB, and
// what the matrices keep (greys) and change (red and green, alike to a
// deuteranope).
func TestSeenKnownValues(t *testing.T) {
	near := func(got, want lab, tol float64) bool {
		return math.Abs(got.L-want.L) <= tol && math.Abs(got.A-want.A) <= tol && math.Abs(got.B-want.B) <= tol
	}
	normal := visions[0]
	for _, k := range []struct {
		c    color.NRGBA
		want lab
	}{
		{color.NRGBA{0xff, 0xff, 0xff, 0xff}, lab{100, 0, 0}},
		{color.NRGBA{0xff, 0, 0, 0xff}, lab{53.2408, 80.0925, 67.2032}},
		{color.NRGBA{0, 0xff, 0, 0xff}, lab{87.7347, -86.1827, 83.1793}},
		{color.NRGBA{0, 0, 0xff, 0xff}, lab{32.2970, 79.1875, -107.8602}},
	} {
		if got := seen(k.c, normal); !near(got, k.want, 0.01) {
			t.Errorf("%v in CIELAB: %+v, want %+v", k.c, got, k.want)
		}
	}
	// Each row of the matrices sums to 1: a grey stays the same grey.
	grey := color.NRGBA{0x80, 0x80, 0x80, 0xff}
	for _, v := range visions[1:] {
		if got, want := seen(grey, v), seen(grey, normal); !near(got, want, 0.01) {
			t.Errorf("grey as seen with %s: %+v, want %+v", v.name, got, want)
		}
	}
	// Pure red and a dark olive green, far apart with normal vision, are
	// near alike to a deuteranope: the simulation does what it is for.
	red, olive := color.NRGBA{0xd0, 0x40, 0x20, 0xff}, color.NRGBA{0x90, 0x80, 0x10, 0xff}
	if d := deltaE2000(seen(red, normal), seen(olive, normal)); d < 20 {
		t.Errorf("red and olive only ΔE00 %.1f apart with normal vision", d)
	}
	if d := deltaE2000(seen(red, visions[2]), seen(olive, visions[2])); d > 12 {
		t.Errorf("red and olive ΔE00 %.1f apart to a deuteranope, want them close", d)
	}
}

// TestPersonaColoursForEveryone requires every two of the palettes' persona
// colours to stay cvdThreshold apart, with normal vision and as readers
// with protanopia and deuteranopia see them, and each to stand out from the
// background (3:1, as graphics need).
func TestPersonaColoursForEveryone(t *testing.T) {
	for _, pal := range []struct {
		name string
		p    geometry.Palette
	}{{"light", geometry.Light}, {"dark", geometry.Dark}} {
		cols := pal.p.Personas
		distinct := map[color.NRGBA]bool{}
		for _, c := range cols {
			distinct[c] = true
		}
		if n := len(distinct); n < 6 || n != len(cols) {
			t.Errorf("%s palette: %d persona colours, %d distinct; want at least 6, all distinct", pal.name, len(cols), n)
		}
		for _, v := range visions {
			for i := range cols {
				for j := i + 1; j < len(cols); j++ {
					if d := deltaE2000(seen(cols[i], v), seen(cols[j], v)); d < cvdThreshold {
						t.Errorf("%s palette, %s: persona colours %d %v and %d %v are ΔE00 %.1f apart, want ≥ %d",
							pal.name, v.name, i, cols[i], j, cols[j], d, cvdThreshold)
					}
				}
			}
		}
		for i, c := range cols {
			if k := contrast(c, pal.p.Background); k < 3 {
				t.Errorf("%s palette: persona colour %d %v has contrast %.2f:1 against the background, want ≥ 3", pal.name, i, c, k)
			}
		}
	}
}

// contrast is the WCAG contrast ratio of two colours.
func contrast(a, b color.NRGBA) float64 {
	lum := func(c color.NRGBA) float64 { return 0.2126*linear(c.R) + 0.7152*linear(c.G) + 0.0722*linear(c.B) }
	x, y := lum(a), lum(b)
	if x < y {
		x, y = y, x
	}
	return (x + 0.05) / (y + 0.05)
}
