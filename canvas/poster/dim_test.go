package poster

import (
	"bytes"
	"context"
	"image/color"
	"strings"
	"testing"

	"waymark/model"
)

// TestDimmedCardsPrintBlank: a card the lens leaves out prints as a blank
// outline, so a poster of a lens holds the words of the cards it shows and
// none of the others': read back from the PDF with pdftotext and from the
// SVG's text elements.
func TestDimmedCardsPrintBlank(t *testing.T) {
	d := docOf(t, sample(t), nil)
	l := d.Layout
	// Every other card is left out.
	for i := range l.Cards {
		l.Cards[i].Dimmed = i%2 == 1
	}
	// A left-out card's line that is printed elsewhere too (in a header,
	// the legend, a card shown) proves nothing: only the others are
	// looked for.
	dimmed := map[string]bool{}
	for i := range l.Cards {
		if l.Cards[i].Dimmed {
			for _, tx := range l.Cards[i].Title {
				dimmed[tx.Text] = true
			}
		}
	}
	var others strings.Builder
	o := opts(t, "A1")
	posterTexts(d, &o)(func(s string) {
		if !dimmed[s] {
			others.WriteString(s + "\n")
		}
	})
	lines := func(dim bool) []string {
		var out []string
		for i := range l.Cards {
			c := &l.Cards[i]
			if c.Dimmed != dim {
				continue
			}
			for _, tx := range c.Title {
				if len([]rune(tx.Text)) >= 8 && (!dim || !strings.Contains(others.String(), tx.Text)) {
					out = append(out, tx.Text)
				}
			}
		}
		return out
	}
	absent, present := lines(true), lines(false)
	if len(absent) < 5 || len(present) < 5 {
		t.Fatalf("%d lines of left-out cards to look for, %d of shown ones", len(absent), len(present))
	}

	path, _ := writePDF(t, t.TempDir(), "lens.pdf", d, o)
	text := strings.Join(strings.Fields(tool(t, "pdftotext", path, "-")), " ")
	for _, s := range present {
		if !strings.Contains(text, strings.Join(strings.Fields(s), " ")) {
			t.Errorf("the PDF lacks %q, of a card the lens shows", s)
		}
	}
	for _, s := range absent {
		if strings.Contains(text, strings.Join(strings.Fields(s), " ")) {
			t.Errorf("the PDF holds %q, of a card the lens leaves out", s)
		}
	}

	var svg bytes.Buffer
	if _, err := painter(t).WriteSVG(context.Background(), &svg, d, o); err != nil {
		t.Fatal(err)
	}
	texts, _, err := svgTexts(svg.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(texts, "\n")
	for _, s := range absent {
		if strings.Contains(all, s) {
			t.Errorf("the SVG holds %q, of a card the lens leaves out", s)
		}
	}
	for _, s := range present {
		if !strings.Contains(all, s) {
			t.Errorf("the SVG lacks %q, of a card the lens shows", s)
		}
	}

	// A left-out card draws its outline and nothing else, however much it
	// holds.
	for i := range l.Cards {
		c := &l.Cards[i]
		if !c.Dimmed {
			continue
		}
		sf := &opsSurface{}
		painter(t).newDrawer(context.Background(), sf, d, &o, nil, nil).card(Transform{S: 1}, c)
		if len(sf.ops) != 1 || sf.ops[0] != "roundRect" {
			t.Errorf("left-out card %s draws %v, want its outline alone", c.ID, sf.ops)
		}
	}
}

// opsSurface records the names of the drawing operations.
type opsSurface struct{ ops []string }

func (s *opsSurface) rect(x, y, w, h float64, fill color.NRGBA) { s.ops = append(s.ops, "rect") }
func (s *opsSurface) roundRect(x, y, w, h, r float64, fill, stroke color.NRGBA, lw float64) {
	s.ops = append(s.ops, "roundRect")
}
func (s *opsSurface) line(x0, y0, x1, y1 float64, c color.NRGBA, lw, dash float64) {
	s.ops = append(s.ops, "line")
}
func (s *opsSurface) circle(cx, cy, r float64, fill, stroke color.NRGBA, lw float64) {
	s.ops = append(s.ops, "circle")
}
func (s *opsSurface) polygon(pts []pt2, fill color.NRGBA)         { s.ops = append(s.ops, "polygon") }
func (s *opsSurface) curve(segs []bez, c color.NRGBA, lw float64) { s.ops = append(s.ops, "curve") }
func (s *opsSurface) text(str string, x, y, size float64, bold bool, c color.NRGBA) {
	s.ops = append(s.ops, "text "+str)
}
func (s *opsSurface) image(im *model.Image, x, y, w, h float64, round *circleClip) error {
	s.ops = append(s.ops, "image")
	return nil
}
func (s *opsSurface) clip(x, y, w, h float64) {}
func (s *opsSurface) unclip()                 {}
func (s *opsSurface) group(string)            {}
func (s *opsSurface) endGroup()               {}

// TestDimmedCardsNeedNoGlyphs: the words of a card the lens leaves out are
// not printed, so a glyph only they hold is not reported missing.
func TestDimmedCardsNeedNoGlyphs(t *testing.T) {
	p := sample(t)
	j := p.Journeys[0]
	j.Touchpoints[0].Title = "Sees the 北 branch sign"
	for _, dim := range []bool{false, true} {
		d := docOf(t, p, j)
		c := d.Layout.Card(j.Touchpoints[0].ID)
		if c == nil {
			t.Fatal("the card is not laid out")
		}
		c.Dimmed = dim
		res, err := painter(t).Plan(d, opts(t, "A2"))
		if err != nil {
			t.Fatal(err)
		}
		warned := false
		for _, w := range res.Warnings {
			warned = warned || strings.Contains(w, "U+5317")
		}
		if warned == dim {
			t.Errorf("dimmed %v: warnings %q", dim, res.Warnings)
		}
	}
}
