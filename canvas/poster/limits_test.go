package poster

import (
	"bytes"
	"context"
	"image/color"
	"io"
	"runtime"
	"strings"
	"testing"

	"waymark/model"
)

// TestTileCap: a tiling that needs more than MaxSheets sheets is refused by
// Options.Check, in one sentence, before anything is laid out; so is the
// export, which writes nothing. Turning the poster does not change the count.
func TestTileCap(t *testing.T) {
	for _, or := range []Orientation{Auto, Portrait, Landscape} {
		o := opts(t, "20000x20000mm")
		o.Orientation = or
		o.Tile = mustPaper(t, "50x50mm")
		err := o.Check()
		if err == nil {
			t.Fatalf("%v: 20 × 20 m on 50 mm sheets passed the check", or)
		}
		msg := err.Error()
		for _, want := range []string{"20000×20000 mm", "50×50 mm", "1,000,000 sheets", "500", "larger sheets"} {
			if !strings.Contains(msg, want) {
				t.Errorf("%v: %q does not say %q", or, msg, want)
			}
		}
		if strings.Contains(msg, "\n") {
			t.Errorf("%q is not one sentence", msg)
		}
	}
	// The same refusal from the export, with nothing written.
	d := docOf(t, sample(t), nil)
	o := opts(t, "20000x20000mm")
	o.Tile = mustPaper(t, "50x50mm")
	var buf bytes.Buffer
	if _, err := painter(t).WritePDF(context.Background(), &buf, d, o); err == nil || !strings.Contains(err.Error(), "sheets") {
		t.Errorf("export: %v", err)
	}
	if buf.Len() != 0 {
		t.Errorf("a refused export wrote %d bytes", buf.Len())
	}
	// The largest paper on A0 sheets is within the cap, and a count the
	// check allows is the count the export prints.
	for _, c := range []struct{ paper, tile string }{{"20000x20000mm", "A0"}, {"A0", "A4"}, {"3000x1200mm", "A3"}} {
		for _, or := range []Orientation{Portrait, Landscape} {
			o := opts(t, c.paper)
			o.Orientation = or
			o.Tile = mustPaper(t, c.tile)
			if err := o.Check(); err != nil {
				t.Errorf("%s on %s: %v", c.paper, c.tile, err)
				continue
			}
			res, err := painter(t).Plan(d, o)
			if err != nil {
				t.Fatal(err)
			}
			if n := o.sheetCount(); len(res.Sheets) != n || n > MaxSheets {
				t.Errorf("%s %v on %s: the check counts %d sheets, the export %d", c.paper, or, c.tile, n, len(res.Sheets))
			}
		}
	}
}

// TestRasterPictureOnce: a PNG of a map whose cards all show one picture
// decodes and scales it once, not once a card: what the export allocates
// does not grow with the cards times the picture's size.
func TestRasterPictureOnce(t *testing.T) {
	photo := testImage(t, 1600, 1200, "png")
	pngOf := func(cards int) uint64 {
		p := bigProject(300)
		p.Images = append(p.Images, photo)
		for i, tp := range p.Journeys[0].Touchpoints {
			if i < cards {
				tp.ImageID = photo.ID
			}
		}
		d := docOf(t, p, nil)
		o := opts(t, "A2")
		o.DPI = 30
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		if _, err := painter(t).WritePNG(context.Background(), io.Discard, d, o); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	one, all := pngOf(1), pngOf(300)
	decoded := uint64(1600 * 1200 * 4) // one decoding of the picture
	if all > one+5*decoded {
		t.Errorf("300 cards with one picture allocated %d MB, one card %d MB: the picture is decoded again per card", all>>20, one>>20)
	}
}

// countingSurface counts what is drawn.
type countingSurface struct{ circles, segments, lines int }

func (s *countingSurface) rect(x, y, w, h float64, fill color.NRGBA) {}
func (s *countingSurface) roundRect(x, y, w, h, r float64, fill, stroke color.NRGBA, lw float64) {
}
func (s *countingSurface) line(x0, y0, x1, y1 float64, c color.NRGBA, lw, dash float64) { s.lines++ }
func (s *countingSurface) circle(cx, cy, r float64, fill, stroke color.NRGBA, lw float64) {
	s.circles++
}
func (s *countingSurface) polygon(pts []pt2, fill color.NRGBA)                           {}
func (s *countingSurface) curve(segs []bez, c color.NRGBA, lw float64)                   { s.segments += len(segs) }
func (s *countingSurface) text(str string, x, y, size float64, bold bool, c color.NRGBA) {}
func (s *countingSurface) image(im *model.Image, x, y, w, h float64, round *circleClip) error {
	return nil
}
func (s *countingSurface) clip(x, y, w, h float64) {}
func (s *countingSurface) unclip()                 {}
func (s *countingSurface) group(string)            {}
func (s *countingSurface) endGroup()               {}

// TestTilesDrawTheirPart: each sheet of a tiled poster draws the curves,
// their points and the grid lines in its window, not all of them: the
// sheets together draw about what the whole poster does, not that many
// times over.
func TestTilesDrawTheirPart(t *testing.T) {
	d := docOf(t, bigProject(2000), nil)
	o := opts(t, "A0")
	o.Tile = mustPaper(t, "A4")
	res, c, tl, missing, err := painter(t).plan(&d, &o)
	if err != nil {
		t.Fatal(err)
	}
	whole := &countingSurface{}
	painter(t).newDrawer(context.Background(), whole, d, &o, c, missing).drawPoster(Transform{S: 1}, 0, 0, c.W, c.H)
	sheets := &countingSurface{}
	dr := painter(t).newDrawer(context.Background(), sheets, d, &o, c, missing)
	for _, sh := range tl.sheets {
		dr.drawSheet(tl, sh)
	}
	n := len(res.Sheets)
	if whole.circles < 1000 || whole.segments < 1000 {
		t.Fatalf("the poster draws only %d circles and %d curve segments", whole.circles, whole.segments)
	}
	// Sheets overlap, and each repeats the title block and legend and adds
	// its marks (a few dozen lines and circles): twice the whole is ample.
	const sheetOwn = 60
	if sheets.circles > 2*whole.circles+n*sheetOwn || sheets.segments > 2*whole.segments+n*sheetOwn ||
		sheets.lines > 2*whole.lines+n*sheetOwn {
		t.Errorf("%d sheets draw %d circles, %d curve segments, %d lines; the whole poster %d, %d, %d",
			n, sheets.circles, sheets.segments, sheets.lines, whole.circles, whole.segments, whole.lines)
	}
}
