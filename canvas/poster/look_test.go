package poster

import (
	"context"
	"os"
	"testing"
)

// TestLook writes the sample's posters where LOOK_DIR says, to look at.
func TestLook(t *testing.T) {
	dir := os.Getenv("LOOK_DIR")
	if dir == "" {
		t.Skip("LOOK_DIR not set")
	}
	d := docOf(t, sample(t), nil)
	_, res := writePDF(t, dir, "sample-A0.pdf", d, opts(t, "A0"))
	t.Logf("%+v", res)
	o := opts(t, "A0")
	o.Tile, _ = ParsePaper("A4")
	_, res = writePDF(t, dir, "sample-A0-on-A4.pdf", d, o)
	t.Logf("%+v", res)
	_, res = writePDF(t, dir, "sample-A4.pdf", d, opts(t, "A4"))
	t.Logf("%v", res.Warnings)
}

func TestLookRaster(t *testing.T) {
	dir := os.Getenv("LOOK_DIR")
	if dir == "" {
		t.Skip("LOOK_DIR not set")
	}
	d := docOf(t, sample(t), nil)
	o := opts(t, "A3")
	o.DPI = 100
	f, _ := os.Create(dir + "/sample-A3.png")
	defer f.Close()
	res, err := painter(t).WritePNG(context.Background(), f, d, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d×%d %v", res.PixelsW, res.PixelsH, res.Warnings)
	g, _ := os.Create(dir + "/sample-A3.svg")
	defer g.Close()
	if _, err := painter(t).WriteSVG(context.Background(), g, d, o); err != nil {
		t.Fatal(err)
	}
}
