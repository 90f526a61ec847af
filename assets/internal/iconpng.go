//go:build ignore

// iconpng draws the Waymark app icon, assets/icon.png: a deep-teal rounded
// square with a white journey curve through three waypoints, the last one
// carrying a flag. Run it from the repository root after changing the design:
//
//	go run assets/internal/iconpng.go
package main

import (
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"
)

const (
	size = 512
	ss   = 4 // supersamples per pixel side
)

type pt struct{ x, y float64 }

type rgba struct{ r, g, b, a float64 } // straight alpha, 0..1

func hex(s string, a float64) rgba {
	var v [3]float64
	for i := range v {
		var n int
		for _, c := range s[1+2*i : 3+2*i] {
			n *= 16
			switch {
			case c >= '0' && c <= '9':
				n += int(c - '0')
			default:
				n += int(c-'a') + 10
			}
		}
		v[i] = float64(n) / 255
	}
	return rgba{v[0], v[1], v[2], a}
}

// over composites src over dst (straight alpha).
func over(dst, src rgba) rgba {
	a := src.a + dst.a*(1-src.a)
	if a == 0 {
		return rgba{}
	}
	mix := func(s, d float64) float64 { return (s*src.a + d*dst.a*(1-src.a)) / a }
	return rgba{mix(src.r, dst.r), mix(src.g, dst.g), mix(src.b, dst.b), a}
}

func cubic(p0, p1, p2, p3 pt, n int) []pt {
	out := make([]pt, 0, n+1)
	for i := 0; i <= n; i++ {
		t := float64(i) / float64(n)
		u := 1 - t
		out = append(out, pt{
			u*u*u*p0.x + 3*u*u*t*p1.x + 3*u*t*t*p2.x + t*t*t*p3.x,
			u*u*u*p0.y + 3*u*u*t*p1.y + 3*u*t*t*p2.y + t*t*t*p3.y,
		})
	}
	return out
}

func distSeg(p, a, b pt) float64 {
	dx, dy := b.x-a.x, b.y-a.y
	if dx == 0 && dy == 0 {
		return math.Hypot(p.x-a.x, p.y-a.y)
	}
	t := ((p.x-a.x)*dx + (p.y-a.y)*dy) / (dx*dx + dy*dy)
	t = math.Max(0, math.Min(1, t))
	return math.Hypot(p.x-a.x-t*dx, p.y-a.y-t*dy)
}

func distPolyline(p pt, line []pt) float64 {
	d := math.Inf(1)
	for i := 1; i < len(line); i++ {
		d = math.Min(d, distSeg(p, line[i-1], line[i]))
	}
	return d
}

func inRoundRect(p pt, x0, y0, x1, y1, r float64) bool {
	cx := math.Max(x0+r, math.Min(x1-r, p.x))
	cy := math.Max(y0+r, math.Min(y1-r, p.y))
	return math.Hypot(p.x-cx, p.y-cy) <= r
}

// inTriangle reports whether p lies inside the triangle abc.
func inTriangle(p, a, b, c pt) bool {
	s := func(p1, p2, p3 pt) float64 { return (p1.x-p3.x)*(p2.y-p3.y) - (p2.x-p3.x)*(p1.y-p3.y) }
	d1, d2, d3 := s(p, a, b), s(p, b, c), s(p, c, a)
	neg := d1 < 0 || d2 < 0 || d3 < 0
	pos := d1 > 0 || d2 > 0 || d3 > 0
	return !(neg && pos)
}

func main() {
	// Waypoints: start, a dip (the pain point every journey has), the goal.
	w1, w2, w3 := pt{108, 300}, pt{222, 364}, pt{362, 270}
	curve := append(cubic(w1, pt{150, 300}, pt{170, 364}, w2, 64),
		cubic(w2, pt{278, 364}, pt{316, 270}, w3, 64)...)
	poleTop := pt{362, 126}
	flag := [3]pt{{368, 120}, {432, 148}, {368, 178}}

	teal0, teal1 := hex("#16908f", 1), hex("#0a4f5a", 1)
	white := hex("#ffffff", 1)
	curveCol := hex("#ffffff", 0.9)
	flagCol := hex("#ffc23d", 1)

	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			var acc [4]float64 // premultiplied sum
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					p := pt{float64(x) + (float64(sx)+0.5)/ss, float64(y) + (float64(sy)+0.5)/ss}
					c := rgba{}
					if inRoundRect(p, 16, 16, 496, 496, 108) {
						t := (p.y - 16 + (p.x-16)*0.35) / (480 * 1.35)
						c = rgba{teal0.r + t*(teal1.r-teal0.r), teal0.g + t*(teal1.g-teal0.g), teal0.b + t*(teal1.b-teal0.b), 1}
						if distPolyline(p, curve) <= 14 {
							c = over(c, curveCol)
						}
						if distSeg(p, w3, poleTop) <= 9 {
							c = over(c, white)
						}
						if inTriangle(p, flag[0], flag[1], flag[2]) || distSeg(p, flag[0], flag[1]) <= 6 ||
							distSeg(p, flag[1], flag[2]) <= 6 || distSeg(p, flag[2], flag[0]) <= 6 {
							c = over(c, flagCol)
						}
						for _, w := range []pt{w1, w2, w3} {
							d := math.Hypot(p.x-w.x, p.y-w.y)
							if d <= 32 {
								c = over(c, white)
							}
							if d <= 13 {
								c = over(c, hex("#0d6670", 1))
							}
						}
					}
					acc[0] += c.r * c.a
					acc[1] += c.g * c.a
					acc[2] += c.b * c.a
					acc[3] += c.a
				}
			}
			n := float64(ss * ss)
			a := acc[3] / n
			px := color.NRGBA{}
			if a > 0 {
				px = color.NRGBA{
					R: uint8(math.Round(acc[0] / acc[3] * 255)),
					G: uint8(math.Round(acc[1] / acc[3] * 255)),
					B: uint8(math.Round(acc[2] / acc[3] * 255)),
					A: uint8(math.Round(a * 255)),
				}
			}
			img.SetNRGBA(x, y, px)
		}
	}
	f, err := os.Create("assets/icon.png")
	if err != nil {
		log.Fatal(err)
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(f, img); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}
