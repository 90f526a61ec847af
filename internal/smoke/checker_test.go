package smoke

import (
	"image"
	"image/color"
	"math/rand/v2"
	"testing"

	"waymark/canvas/geometry"
)

// The screen checks must be able to fail: these run in every `go test`, with
// no window, on pictures that are not the board.

func fill(img *image.RGBA, r image.Rectangle, c color.NRGBA) {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			img.Set(x, y, c)
		}
	}
}

// boardLike paints the board's ingredients in palette p: background, cards,
// two persona colours and a spread of other colours (text anti-aliasing).
func boardLike(p geometry.Palette, personas int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, 400, 300))
	fill(img, img.Bounds(), p.Background)
	fill(img, image.Rect(0, 0, 200, 100), p.CardFill)
	for i := range personas {
		fill(img, image.Rect(10+30*i, 150, 30+30*i, 170), p.PersonaColor(i))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for y := 200; y < 300; y++ {
		for x := range 400 {
			img.Set(x, y, color.NRGBA{uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)), 0xff})
		}
	}
	return img
}

func TestBoardCheckAcceptsEitherPalette(t *testing.T) {
	for _, p := range []geometry.Palette{geometry.Light, geometry.Dark} {
		if err := analyse(boardLike(p, 2)).boardVisible(); err != nil {
			t.Errorf("a board-like picture was refused: %v", err)
		}
	}
}

func TestBoardCheckRefuses(t *testing.T) {
	black := image.NewRGBA(image.Rect(0, 0, 400, 300))
	fill(black, black.Bounds(), color.NRGBA{A: 0xff})
	noise := image.NewRGBA(image.Rect(0, 0, 400, 300))
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range noise.Pix {
		noise.Pix[i] = uint8(rng.IntN(256))
		if i%4 == 3 {
			noise.Pix[i] = 0xff
		}
	}
	mostlyBackground := boardLike(geometry.Dark, 2)
	fill(mostlyBackground, image.Rect(0, 0, 400, 260), geometry.Dark.Background)
	for name, img := range map[string]*image.RGBA{
		"blank screen":            black,
		"noise":                   noise,
		"no persona curves":       boardLike(geometry.Dark, 0),
		"one persona curve":       boardLike(geometry.Light, 1),
		"mostly board background": mostlyBackground,
	} {
		if err := analyse(img).boardVisible(); err == nil {
			t.Errorf("%s passed for the board", name)
		} else {
			t.Logf("%s: %v", name, err)
		}
	}
}

func TestChanged(t *testing.T) {
	a := boardLike(geometry.Light, 2)
	b := boardLike(geometry.Light, 2)
	if f := changed(a, b); f != 0 {
		t.Errorf("identical pictures differ by %v", f)
	}
	fill(b, image.Rect(0, 0, 200, 150), geometry.Light.Grid)
	if f := changed(a, b); f < 0.24 || f > 0.26 {
		t.Errorf("a quarter repainted: changed = %v", f)
	}
}
