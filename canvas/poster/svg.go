package poster

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"

	"waymark/model"
)

// WriteSVG prints the poster as one SVG page of opt.Paper, from the same
// geometry as the PDF: text as <text> elements in the Noto Sans family
// (placed line by line as the layout wrapped it), curves as path C
// commands, so designers can take it into Figma or Illustrator and edit it.
func (pt *Painter) WriteSVG(ctx context.Context, w io.Writer, d Doc, opt Options) (*Result, error) {
	if !opt.Tile.IsZero() {
		return nil, errors.New("tiling is for PDF posters; an SVG is one drawing of the whole poster")
	}
	res, c, _, missing, err := pt.plan(&d, &opt)
	if err != nil {
		return nil, err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	sf := &svgSurface{w: bw, imageDPI: opt.ImageDPI}
	sf.printf(`<?xml version="1.0" encoding="UTF-8"?>`+"\n"+
		`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" `+
		`width="%smm" height="%smm" viewBox="0 0 %s %s" xml:space="preserve">`+"\n",
		mmText(c.W), mmText(c.H), f2(c.W), f2(c.H))
	sf.printf("<title>")
	sf.escape(d.Journey.Title)
	sf.printf("</title>\n<desc>")
	sf.escape(d.Project.Name + " — a customer journey map made with Waymark")
	sf.printf("</desc>\n")
	sf.printf(`<rect width="%s" height="%s" fill="#ffffff"/>`+"\n", f2(c.W), f2(c.H))
	dr := pt.newDrawer(ctx, sf, d, &opt, c, missing)
	dr.groups = true
	dr.drawPoster(Transform{S: 1}, 0, 0, c.W, c.H)
	sf.printf("</svg>\n")
	if dr.err != nil {
		return nil, dr.err
	}
	if sf.err != nil {
		return nil, sf.err
	}
	if err := bw.Flush(); err != nil {
		return nil, err
	}
	if opt.Progress != nil {
		opt.Progress(1, 1)
	}
	return res, nil
}

// svgSurface writes SVG elements in points.
type svgSurface struct {
	w        *bufio.Writer
	imageDPI float64
	clips    int
	open     int // clip groups open
	images   map[string]string
	err      error
}

func (s *svgSurface) printf(format string, args ...any) {
	if s.err == nil {
		_, s.err = fmt.Fprintf(s.w, format, args...)
	}
}

func (s *svgSurface) escape(text string) {
	if s.err == nil {
		s.err = xml.EscapeText(s.w, []byte(text))
	}
}

// f2 formats a number with at most two decimals.
func f2(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "0"
	}
	t := strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
	if t == "-0" {
		return "0"
	}
	return t
}

func hex(c color.NRGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

func paintAttrs(fill, stroke color.NRGBA, lw float64) string {
	a := ` fill="none"`
	if fill.A != 0 {
		a = ` fill="` + hex(fill) + `"`
	}
	if stroke.A != 0 && lw > 0 {
		a += ` stroke="` + hex(stroke) + `" stroke-width="` + f2(lw) + `"`
	}
	return a
}

func (s *svgSurface) rect(x, y, w, h float64, fill color.NRGBA) {
	s.printf(`<rect x="%s" y="%s" width="%s" height="%s"%s/>`+"\n", f2(x), f2(y), f2(w), f2(h), paintAttrs(fill, none, 0))
}

func (s *svgSurface) roundRect(x, y, w, h, r float64, fill, stroke color.NRGBA, lw float64) {
	r = math.Min(r, math.Min(w, h)/2)
	rx := ""
	if r > 0.01 {
		rx = ` rx="` + f2(r) + `"`
	}
	s.printf(`<rect x="%s" y="%s" width="%s" height="%s"%s%s/>`+"\n", f2(x), f2(y), f2(w), f2(h), rx, paintAttrs(fill, stroke, lw))
}

func (s *svgSurface) line(x0, y0, x1, y1 float64, c color.NRGBA, lw, dash float64) {
	d := ""
	if dash > 0 {
		d = ` stroke-dasharray="` + f2(dash) + `"`
	}
	s.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"%s/>`+"\n",
		f2(x0), f2(y0), f2(x1), f2(y1), hex(c), f2(lw), d)
}

func (s *svgSurface) circle(cx, cy, r float64, fill, stroke color.NRGBA, lw float64) {
	s.printf(`<circle cx="%s" cy="%s" r="%s"%s/>`+"\n", f2(cx), f2(cy), f2(r), paintAttrs(fill, stroke, lw))
}

func (s *svgSurface) polygon(pts []pt2, fill color.NRGBA) {
	s.printf(`<polygon points="`)
	for i, p := range pts {
		if i > 0 {
			s.printf(" ")
		}
		s.printf("%s,%s", f2(p.X), f2(p.Y))
	}
	s.printf(`"%s/>`+"\n", paintAttrs(fill, none, 0))
}

func (s *svgSurface) curve(segs []bez, c color.NRGBA, lw float64) {
	if len(segs) == 0 {
		return
	}
	s.printf(`<path d="M%s %s`, f2(segs[0].P0.X), f2(segs[0].P0.Y))
	last := segs[0].P0
	for _, g := range segs {
		if g.P0 != last {
			s.printf(" M%s %s", f2(g.P0.X), f2(g.P0.Y))
		}
		s.printf(" C%s %s %s %s %s %s", f2(g.C1.X), f2(g.C1.Y), f2(g.C2.X), f2(g.C2.Y), f2(g.P1.X), f2(g.P1.Y))
		last = g.P1
	}
	s.printf(`" fill="none" stroke="%s" stroke-width="%s" stroke-linecap="round" stroke-linejoin="round"/>`+"\n", hex(c), f2(lw))
}

func (s *svgSurface) text(str string, x, y, size float64, bold bool, c color.NRGBA) {
	weight := ""
	if bold {
		weight = ` font-weight="bold"`
	}
	s.printf(`<text x="%s" y="%s" font-family="'Noto Sans', sans-serif" font-size="%s"%s fill="%s">`,
		f2(x), f2(y), f2(size), weight, hex(c))
	s.escape(str)
	s.printf("</text>\n")
}

func (s *svgSurface) clip(x, y, w, h float64) {
	s.clips++
	s.printf(`<clipPath id="clip%d"><rect x="%s" y="%s" width="%s" height="%s"/></clipPath><g clip-path="url(#clip%d)">`+"\n",
		s.clips, f2(x), f2(y), f2(w), f2(h), s.clips)
	s.open++
}

func (s *svgSurface) unclip() {
	if s.open > 0 {
		s.printf("</g>\n")
		s.open--
	}
}

func (s *svgSurface) image(im *model.Image, x, y, w, h float64, round *circleClip) error {
	px := func(v float64) int { return max(1, int(math.Ceil(v/Inch*s.imageDPI))) }
	key := fmt.Sprintf("%s@%dx%d", im.ID, px(w), px(h))
	if s.images == nil {
		s.images = map[string]string{}
	}
	uri, ok := s.images[key]
	if !ok {
		p, err := prepareImage(im, px(w), px(h))
		if err != nil {
			return err
		}
		uri = "data:" + p.mime + ";base64," + base64.StdEncoding.EncodeToString(p.data)
		s.images[key] = uri
	}
	clip := ""
	if round != nil {
		s.clips++
		s.printf(`<clipPath id="clip%d"><circle cx="%s" cy="%s" r="%s"/></clipPath>`+"\n", s.clips, f2(round.cx), f2(round.cy), f2(round.r))
		clip = fmt.Sprintf(` clip-path="url(#clip%d)"`, s.clips)
	}
	s.printf(`<image x="%s" y="%s" width="%s" height="%s" preserveAspectRatio="none"%s xlink:href="%s"/>`+"\n",
		f2(x), f2(y), f2(w), f2(h), clip, uri)
	return nil
}

func (s *svgSurface) group(id string) {
	s.printf(`<g id="%s">`+"\n", id)
}

func (s *svgSurface) endGroup() { s.printf("</g>\n") }
