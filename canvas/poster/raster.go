package poster

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"

	"waymark/model"
)

// WritePNG prints the poster (title block, map, legend) as one PNG of
// opt.Paper at opt.DPI, painted from the same geometry as the PDF.
func (pt *Painter) WritePNG(ctx context.Context, w io.Writer, d Doc, opt Options) (*Result, error) {
	img, res, err := pt.Raster(ctx, d, opt)
	if err != nil {
		return nil, err
	}
	if err := checkCtx(ctx); err != nil {
		return nil, err
	}
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(w, img); err != nil {
		return nil, err
	}
	return res, nil
}

// Raster paints the poster into an image of opt.Paper at opt.DPI.
func (pt *Painter) Raster(ctx context.Context, d Doc, opt Options) (*image.RGBA, *Result, error) {
	if !opt.Tile.IsZero() {
		return nil, nil, errors.New("tiling is for PDF posters; a PNG is one picture of the whole poster")
	}
	res, c, _, missing, err := pt.plan(&d, &opt)
	if err != nil {
		return nil, nil, err
	}
	k := opt.DPI / Inch
	pw, ph := int(math.Round(c.W*k)), int(math.Round(c.H*k))
	if float64(pw)*float64(ph) > float64(opt.MaxPixels) {
		most := math.Floor(opt.DPI * math.Sqrt(float64(opt.MaxPixels)/(float64(pw)*float64(ph))))
		return nil, nil, fmt.Errorf("a PNG of %s at %g DPI would be %d × %d pixels; use %g DPI or less", opt.Paper.Name, opt.DPI, pw, ph, most)
	}
	img := image.NewRGBA(image.Rect(0, 0, pw, ph))
	draw.Draw(img, img.Bounds(), image.NewUniform(white), image.Point{}, draw.Src)
	sf := &rasterSurface{img: img, pt: pt, clipR: img.Bounds(), faces: map[faceKey]font.Face{}, dpi: opt.DPI}
	dr := pt.newDrawer(ctx, sf, d, &opt, c, missing)
	dr.drawPoster(Transform{S: k}, 0, 0, c.W, c.H)
	if dr.err != nil {
		return nil, nil, dr.err
	}
	if opt.Progress != nil {
		opt.Progress(1, 1)
	}
	res.PixelsW, res.PixelsH = pw, ph
	res.PageW, res.PageH = c.W, c.H
	return img, res, nil
}

// rasterSurface paints with x/image/vector (anti-aliased paths) and
// x/image/font/opentype (glyphs of the same Noto Sans files). Its unit is
// the pixel: the drawer's transform already scaled points to pixels.
type rasterSurface struct {
	img   *image.RGBA
	pt    *Painter
	z     vector.Rasterizer
	path  []pathOp
	clipR image.Rectangle
	saved []image.Rectangle
	faces map[faceKey]font.Face
	dpi   float64
	// images are the pictures decoded and scaled for this poster: many
	// cards may show one picture at one size, and each decoding it again
	// would cost cards × picture size.
	images map[imageKey]preparedOrErr
	// minX.. is the bounding box of path
	minX, minY, maxX, maxY float64
}

type imageKey struct {
	id   model.ID
	w, h int
}

type preparedOrErr struct {
	p   *prepared
	err error
}

// maxRasterImages bounds the decoded pictures kept; the cards showing one
// picture show it at one or two pixel sizes.
const maxRasterImages = 32

type faceKey struct {
	bold bool
	size float64
}

type pathOp struct {
	kind byte // 'M', 'L', 'C', 'Z'
	p    [3]pt2
}

func (s *rasterSurface) begin() {
	s.path = s.path[:0]
	s.minX, s.minY = math.Inf(1), math.Inf(1)
	s.maxX, s.maxY = math.Inf(-1), math.Inf(-1)
}

func (s *rasterSurface) see(p pt2) {
	s.minX, s.minY = math.Min(s.minX, p.X), math.Min(s.minY, p.Y)
	s.maxX, s.maxY = math.Max(s.maxX, p.X), math.Max(s.maxY, p.Y)
}

func (s *rasterSurface) moveTo(p pt2) {
	s.path = append(s.path, pathOp{kind: 'M', p: [3]pt2{p}})
	s.see(p)
}
func (s *rasterSurface) lineTo(p pt2) {
	s.path = append(s.path, pathOp{kind: 'L', p: [3]pt2{p}})
	s.see(p)
}
func (s *rasterSurface) cubeTo(a, b, c pt2) {
	s.path = append(s.path, pathOp{kind: 'C', p: [3]pt2{a, b, c}})
	s.see(a)
	s.see(b)
	s.see(c)
}
func (s *rasterSurface) close() { s.path = append(s.path, pathOp{kind: 'Z'}) }

// fill paints the path (the union of its sub-paths, which must all turn
// the same way, or the opposite way for holes).
func (s *rasterSurface) fill(c color.NRGBA) {
	if len(s.path) == 0 || c.A == 0 {
		return
	}
	r := image.Rect(int(math.Floor(s.minX)), int(math.Floor(s.minY)), int(math.Ceil(s.maxX))+1, int(math.Ceil(s.maxY))+1).Intersect(s.clipR)
	if r.Empty() {
		return
	}
	s.z.Reset(r.Dx(), r.Dy())
	ox, oy := float64(r.Min.X), float64(r.Min.Y)
	f := func(p pt2) (float32, float32) { return float32(p.X - ox), float32(p.Y - oy) }
	open := false
	for _, op := range s.path {
		switch op.kind {
		case 'M':
			if open {
				s.z.ClosePath()
			}
			s.z.MoveTo(f(op.p[0]))
			open = true
		case 'L':
			s.z.LineTo(f(op.p[0]))
		case 'C':
			ax, ay := f(op.p[0])
			bx, by := f(op.p[1])
			cx, cy := f(op.p[2])
			s.z.CubeTo(ax, ay, bx, by, cx, cy)
		case 'Z':
			s.z.ClosePath()
			open = false
		}
	}
	if open {
		s.z.ClosePath()
	}
	s.z.DrawOp = draw.Over
	s.z.Draw(s.img, r, image.NewUniform(c), image.Point{})
}

func (s *rasterSurface) rectPath(x, y, w, h float64) {
	s.moveTo(pt2{x, y})
	s.lineTo(pt2{x + w, y})
	s.lineTo(pt2{x + w, y + h})
	s.lineTo(pt2{x, y + h})
	s.close()
}

func (s *rasterSurface) rect(x, y, w, h float64, fill color.NRGBA) {
	if w*h > 4e6 {
		// Large areas (backgrounds) without the cost of a mask as big.
		r := image.Rect(int(math.Round(x)), int(math.Round(y)), int(math.Round(x+w)), int(math.Round(y+h))).Intersect(s.clipR)
		draw.Draw(s.img, r, image.NewUniform(fill), image.Point{}, draw.Over)
		return
	}
	s.begin()
	s.rectPath(x, y, w, h)
	s.fill(fill)
}

// roundPath adds a rounded rectangle, clockwise on screen, or
// anticlockwise when ccw (a hole).
func (s *rasterSurface) roundPath(x, y, w, h, r float64, ccw bool) {
	r = math.Max(0, math.Min(r, math.Min(w, h)/2))
	k := r * kappa
	if !ccw {
		s.moveTo(pt2{x + r, y})
		s.lineTo(pt2{x + w - r, y})
		s.cubeTo(pt2{x + w - r + k, y}, pt2{x + w, y + r - k}, pt2{x + w, y + r})
		s.lineTo(pt2{x + w, y + h - r})
		s.cubeTo(pt2{x + w, y + h - r + k}, pt2{x + w - r + k, y + h}, pt2{x + w - r, y + h})
		s.lineTo(pt2{x + r, y + h})
		s.cubeTo(pt2{x + r - k, y + h}, pt2{x, y + h - r + k}, pt2{x, y + h - r})
		s.lineTo(pt2{x, y + r})
		s.cubeTo(pt2{x, y + r - k}, pt2{x + r - k, y}, pt2{x + r, y})
	} else {
		s.moveTo(pt2{x + r, y})
		s.cubeTo(pt2{x + r - k, y}, pt2{x, y + r - k}, pt2{x, y + r})
		s.lineTo(pt2{x, y + h - r})
		s.cubeTo(pt2{x, y + h - r + k}, pt2{x + r - k, y + h}, pt2{x + r, y + h})
		s.lineTo(pt2{x + w - r, y + h})
		s.cubeTo(pt2{x + w - r + k, y + h}, pt2{x + w, y + h - r + k}, pt2{x + w, y + h - r})
		s.lineTo(pt2{x + w, y + r})
		s.cubeTo(pt2{x + w, y + r - k}, pt2{x + w - r + k, y}, pt2{x + w - r, y})
		s.lineTo(pt2{x + r, y})
	}
	s.close()
}

func (s *rasterSurface) roundRect(x, y, w, h, r float64, fill, stroke color.NRGBA, lw float64) {
	if fill.A != 0 {
		if r <= 0.01 {
			s.rect(x, y, w, h, fill)
		} else {
			s.begin()
			s.roundPath(x, y, w, h, r, false)
			s.fill(fill)
		}
	}
	if stroke.A != 0 && lw > 0 {
		// The stroke is the ring between the outline grown and shrunk by
		// half the line width.
		hw := lw / 2
		s.begin()
		s.roundPath(x-hw, y-hw, w+lw, h+lw, r+hw, false)
		if w > lw && h > lw {
			s.roundPath(x+hw, y+hw, w-lw, h-lw, math.Max(0, r-hw), true)
		}
		s.fill(stroke)
	}
}

func (s *rasterSurface) circlePath(cx, cy, r float64, ccw bool) {
	k := r * kappa
	if !ccw {
		s.moveTo(pt2{cx + r, cy})
		s.cubeTo(pt2{cx + r, cy + k}, pt2{cx + k, cy + r}, pt2{cx, cy + r})
		s.cubeTo(pt2{cx - k, cy + r}, pt2{cx - r, cy + k}, pt2{cx - r, cy})
		s.cubeTo(pt2{cx - r, cy - k}, pt2{cx - k, cy - r}, pt2{cx, cy - r})
		s.cubeTo(pt2{cx + k, cy - r}, pt2{cx + r, cy - k}, pt2{cx + r, cy})
	} else {
		s.moveTo(pt2{cx + r, cy})
		s.cubeTo(pt2{cx + r, cy - k}, pt2{cx + k, cy - r}, pt2{cx, cy - r})
		s.cubeTo(pt2{cx - k, cy - r}, pt2{cx - r, cy - k}, pt2{cx - r, cy})
		s.cubeTo(pt2{cx - r, cy + k}, pt2{cx - k, cy + r}, pt2{cx, cy + r})
		s.cubeTo(pt2{cx + k, cy + r}, pt2{cx + r, cy + k}, pt2{cx + r, cy})
	}
	s.close()
}

func (s *rasterSurface) circle(cx, cy, r float64, fill, stroke color.NRGBA, lw float64) {
	if r <= 0 {
		return
	}
	if fill.A != 0 {
		s.begin()
		s.circlePath(cx, cy, r, false)
		s.fill(fill)
	}
	if stroke.A != 0 && lw > 0 {
		s.begin()
		s.circlePath(cx, cy, r+lw/2, false)
		if r > lw/2 {
			s.circlePath(cx, cy, r-lw/2, true)
		}
		s.fill(stroke)
	}
}

func (s *rasterSurface) polygon(pts []pt2, fill color.NRGBA) {
	if len(pts) < 3 {
		return
	}
	s.begin()
	s.moveTo(pts[0])
	for _, p := range pts[1:] {
		s.lineTo(p)
	}
	s.close()
	s.fill(fill)
}

// strokePolyline adds a polyline stroked lw wide with round joins and caps:
// one quad per segment and one disc per vertex, all turning the same way so
// their union is filled.
func (s *rasterSurface) strokePolyline(pts []pt2, lw float64, round bool) {
	hw := lw / 2
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		dx, dy := b.X-a.X, b.Y-a.Y
		l := math.Hypot(dx, dy)
		if l == 0 {
			continue
		}
		nx, ny := -dy/l*hw, dx/l*hw
		q := [4]pt2{{a.X + nx, a.Y + ny}, {b.X + nx, b.Y + ny}, {b.X - nx, b.Y - ny}, {a.X - nx, a.Y - ny}}
		// Shoelace: make every quad turn clockwise on screen.
		area := 0.0
		for k := 0; k < 4; k++ {
			p, n := q[k], q[(k+1)%4]
			area += p.X*n.Y - n.X*p.Y
		}
		if area < 0 {
			q[1], q[3] = q[3], q[1]
		}
		s.moveTo(q[0])
		s.lineTo(q[1])
		s.lineTo(q[2])
		s.lineTo(q[3])
		s.close()
	}
	if round && hw > 0.6 {
		for _, p := range pts {
			s.circlePath(p.X, p.Y, hw, false)
		}
	}
}

func (s *rasterSurface) line(x0, y0, x1, y1 float64, c color.NRGBA, lw, dash float64) {
	if lw <= 0 {
		return
	}
	if lw < 1 {
		// Hairlines: a one-pixel line, lighter, reads better than a
		// sub-pixel one.
		a := float64(c.A) * lw
		c.A = uint8(math.Max(1, math.Min(255, a)))
		lw = 1
	}
	s.begin()
	if dash > 0 {
		l := math.Hypot(x1-x0, y1-y0)
		for t := 0.0; t < l; t += 2 * dash {
			e := math.Min(t+dash, l)
			s.strokePolyline([]pt2{{x0 + (x1-x0)*t/l, y0 + (y1-y0)*t/l}, {x0 + (x1-x0)*e/l, y0 + (y1-y0)*e/l}}, lw, false)
		}
	} else {
		s.strokePolyline([]pt2{{x0, y0}, {x1, y1}}, lw, false)
	}
	s.fill(c)
}

func (s *rasterSurface) curve(segs []bez, c color.NRGBA, lw float64) {
	var pts []pt2
	stroke := func() {
		if len(pts) > 1 {
			s.begin()
			s.strokePolyline(pts, lw, true)
			s.fill(c)
		}
		pts = pts[:0]
	}
	for _, g := range segs {
		l := math.Hypot(g.C1.X-g.P0.X, g.C1.Y-g.P0.Y) + math.Hypot(g.C2.X-g.C1.X, g.C2.Y-g.C1.Y) + math.Hypot(g.P1.X-g.C2.X, g.P1.Y-g.C2.Y)
		n := max(4, min(96, int(l/3)))
		if len(pts) > 0 && pts[len(pts)-1] != g.P0 {
			stroke() // a gap: the segments between were out of view
		}
		if len(pts) == 0 {
			pts = append(pts, g.P0)
		}
		for i := 1; i <= n; i++ {
			t := float64(i) / float64(n)
			u := 1 - t
			pts = append(pts, pt2{
				u*u*u*g.P0.X + 3*u*u*t*g.C1.X + 3*u*t*t*g.C2.X + t*t*t*g.P1.X,
				u*u*u*g.P0.Y + 3*u*u*t*g.C1.Y + 3*u*t*t*g.C2.Y + t*t*t*g.P1.Y,
			})
		}
	}
	stroke()
}

func (s *rasterSurface) face(size float64, bold bool) font.Face {
	k := faceKey{bold, math.Round(size*8) / 8}
	if f, ok := s.faces[k]; ok {
		return f
	}
	ft := s.pt.faces[0]
	if bold {
		ft = s.pt.faces[1]
	}
	f, err := opentype.NewFace(ft, &opentype.FaceOptions{Size: k.size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return nil
	}
	s.faces[k] = f
	return f
}

func (s *rasterSurface) text(str string, x, y, size float64, bold bool, c color.NRGBA) {
	if size < 0.5 {
		return
	}
	f := s.face(size, bold)
	if f == nil {
		return
	}
	src := image.NewUniform(c)
	dot := fixed.Point26_6{X: fixed.Int26_6(math.Round(x * 64)), Y: fixed.Int26_6(math.Round(y * 64))}
	for _, r := range str {
		dr, mask, maskp, adv, ok := f.Glyph(dot, r)
		if ok {
			clipped := dr.Intersect(s.clipR)
			if !clipped.Empty() {
				draw.DrawMask(s.img, clipped, src, image.Point{}, mask, maskp.Add(clipped.Min.Sub(dr.Min)), draw.Over)
			}
		}
		// No kerning: the layout measured advances only.
		dot.X += adv
	}
}

func (s *rasterSurface) clip(x, y, w, h float64) {
	s.saved = append(s.saved, s.clipR)
	s.clipR = image.Rect(int(math.Round(x)), int(math.Round(y)), int(math.Round(x+w)), int(math.Round(y+h))).Intersect(s.clipR)
}

func (s *rasterSurface) unclip() {
	if n := len(s.saved); n > 0 {
		s.clipR = s.saved[n-1]
		s.saved = s.saved[:n-1]
	}
}

func (s *rasterSurface) image(im *model.Image, x, y, w, h float64, round *circleClip) error {
	dst := image.Rect(int(math.Round(x)), int(math.Round(y)), int(math.Round(x+w)), int(math.Round(y+h)))
	if dst.Empty() {
		return nil
	}
	key := imageKey{im.ID, dst.Dx(), dst.Dy()}
	got, ok := s.images[key]
	if !ok {
		if s.images == nil || len(s.images) >= maxRasterImages {
			s.images = map[imageKey]preparedOrErr{}
		}
		got.p, got.err = prepareImage(im, dst.Dx(), dst.Dy())
		s.images[key] = got
	}
	if got.err != nil {
		return got.err
	}
	p := got.p
	var opts *xdraw.Options
	if round != nil {
		// A circular mask, anti-aliased, in dst's pixels.
		mr := dst.Intersect(s.clipR)
		if mr.Empty() {
			return nil
		}
		mask := image.NewAlpha(mr)
		var z vector.Rasterizer
		z.Reset(mr.Dx(), mr.Dy())
		s.begin()
		s.circlePath(round.cx-float64(mr.Min.X), round.cy-float64(mr.Min.Y), round.r, false)
		for _, op := range s.path {
			switch op.kind {
			case 'M':
				z.MoveTo(float32(op.p[0].X), float32(op.p[0].Y))
			case 'C':
				z.CubeTo(float32(op.p[0].X), float32(op.p[0].Y), float32(op.p[1].X), float32(op.p[1].Y), float32(op.p[2].X), float32(op.p[2].Y))
			case 'Z':
				z.ClosePath()
			}
		}
		z.DrawOp = draw.Src
		z.Draw(mask, mask.Bounds(), image.Opaque, image.Point{})
		// Mask coordinates are the image's own: dst.Min maps to dst.Min.
		opts = &xdraw.Options{DstMask: mask, DstMaskP: dst.Min}
	}
	xdraw.CatmullRom.Scale(s.img, dst, p.img, p.img.Bounds(), xdraw.Over, opts)
	return nil
}

func (s *rasterSurface) group(string) {}
func (s *rasterSurface) endGroup()    {}
