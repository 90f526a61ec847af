package poster

import (
	"bytes"
	"context"
	"io"
	"runtime"
	"strings"
	"testing"
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
