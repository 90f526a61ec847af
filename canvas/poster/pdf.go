package poster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"strconv"

	"codeberg.org/go-pdf/fpdf"

	"waymark/canvas/geometry"
	"waymark/model"
)

// WritePDF prints the journey as a PDF poster on opt.Paper, or, when
// opt.Tile is set, as an assembly page and one page per tile; then the
// other pages of opt.Pages (the coverage matrices, the backlog, what
// changed since opt.Since), in their order, on the poster's paper (the
// tile paper when tiled). The map is scaled to fit, never cut. Warnings (text below the readable size, glyphs
// the font lacks) come back in the Result; nothing is written to w when an
// error is returned before output starts.
func (pt *Painter) WritePDF(ctx context.Context, w io.Writer, d Doc, opt Options) (*Result, error) {
	pl, err := pt.planPages(&d, &opt, true)
	if err != nil {
		return nil, err
	}
	res, c, tl := pl.res, pl.c, pl.tl
	f := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: res.PageW, Ht: res.PageH}})
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	f.SetCompression(true)
	f.SetCatalogSort(true)
	f.SetTitle(d.Journey.Title, true)
	f.SetSubject(d.Project.Name, true)
	if opt.Author != "" {
		f.SetAuthor(opt.Author, true)
	}
	f.SetCreator("Waymark", true)
	f.SetProducer("Waymark", true)
	f.SetCreationDate(opt.Date)
	f.SetModificationDate(opt.Date)
	// fpdf embeds UTF-8 fonts as subsets of the glyphs used.
	f.AddUTF8FontFromBytes(fontFamily, "", pt.fonts.Regular)
	f.AddUTF8FontFromBytes(fontFamily, "B", pt.fonts.Bold)
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("embedding the font: %w", err)
	}
	sf := &pdfSurface{f: f, imageDPI: opt.ImageDPI}
	dr := pt.newDrawer(ctx, sf, d, &opt, c, pl.missing)

	// Progress: every 256 cards of a single poster, every sheet of a
	// tiled one, every table page, and the writing at the end.
	done, total := 0, 1+sheetCount(pl.sheets)
	if slices.Contains(pagesOf(&opt), PageMap) {
		if tl != nil {
			total += len(tl.sheets) + 1
		} else {
			total += len(d.Layout.Cards)/256 + 1
		}
	}
	step := func() {
		done++
		if opt.Progress != nil {
			opt.Progress(done, total)
		}
	}
	sets := pl.sheets
	for _, pg := range pagesOf(&opt) {
		if err := checkCtx(ctx); err != nil {
			return nil, err
		}
		if pg != PageMap {
			set := sets[0]
			sets = sets[1:]
			for i := range set.pages {
				if err := checkCtx(ctx); err != nil {
					return nil, err
				}
				sf.page(set.W, set.H)
				dr.drawSheetPage(&set.pages[i], set.t)
				sf.flush()
				step()
			}
			continue
		}
		if tl == nil {
			dr.tick = step
			sf.page(c.W, c.H)
			dr.drawPoster(Transform{S: 1}, 0, 0, c.W, c.H)
			sf.flush()
			dr.tick = nil
			step()
			continue
		}
		sf.page(tl.asmW, tl.asmH)
		dr.drawAssembly(tl)
		sf.flush()
		step()
		for _, sh := range tl.sheets {
			if err := checkCtx(ctx); err != nil {
				return nil, err
			}
			sf.page(tl.sheetW, tl.sheetH)
			dr.drawSheet(tl, sh)
			sf.flush()
			step()
		}
	}
	if dr.err != nil {
		return nil, dr.err
	}
	if sf.err != nil {
		return nil, sf.err
	}
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("making the PDF: %w", err)
	}
	if err := checkCtx(ctx); err != nil {
		return nil, err
	}
	if err := f.Output(w); err != nil {
		return nil, err
	}
	done = total - 1
	step()
	res.Pages = f.PageCount()
	return res, nil
}

const fontFamily = "notosans"

// pagePlan is everything placed before a poster is painted.
type pagePlan struct {
	res     *Result
	c       *composition
	tl      *tiling
	missing []rune
	sheets  []*sheetSet // the table pages, in the order of Options.Pages
}

// plan checks the options and places everything of a poster that is one
// picture (PNG, SVG): the composition and the warnings. It refuses pages
// other than the map.
func (pt *Painter) plan(d *Doc, opt *Options) (*Result, *composition, *tiling, []rune, error) {
	pl, err := pt.planPages(d, opt, false)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	return pl.res, pl.c, pl.tl, pl.missing, nil
}

// planPages checks the options and places everything: the poster
// composition, the tiles, the table pages (PDF only) and the warnings.
func (pt *Painter) planPages(d *Doc, opt *Options, pdf bool) (*pagePlan, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	d.personas()
	if err := opt.normalize(); err != nil {
		return nil, err
	}
	if !pdf {
		if err := onlyMap(opt); err != nil {
			return nil, err
		}
	}
	c := pt.composeBest(*d, opt)
	if c.mapT.S <= 0 || c.availH <= 0 {
		return nil, fmt.Errorf("%s is too small for the map with %s mm margins", opt.Paper.Name, mmText(opt.Margin))
	}
	res := &Result{Pages: 1, PageW: c.W, PageH: c.H, Orientation: c.orient, PosterW: c.W, PosterH: c.H,
		Map: c.mapT, MinText: c.minText}
	withMap := slices.Contains(pagesOf(opt), PageMap)
	if withMap {
		if w := pt.readability(*d, opt, c); w != "" {
			res.Warnings = append(res.Warnings, w)
		}
	}
	var tl *tiling
	if !opt.Tile.IsZero() {
		tl = planTiles(c, opt)
		res.Rows, res.Cols, res.Sheets = tl.rows, tl.cols, tl.sheets
		res.PageW, res.PageH = tl.sheetW, tl.sheetH
		res.AssemblyW, res.AssemblyH = tl.asmW, tl.asmH
	}
	pl := &pagePlan{res: res, c: c, tl: tl}
	if pdf {
		pl.sheets = pt.layoutSheets(*d, opt, c, tl)
	}
	res.Pages = sheetCount(pl.sheets)
	if withMap {
		res.Pages++
		if tl != nil {
			res.Pages += len(tl.sheets)
		}
	} else if len(pl.sheets) > 0 {
		res.PageW, res.PageH = pl.sheets[0].W, pl.sheets[0].H
	}
	texts := posterTexts(*d, opt)
	pl.missing = pt.missingRunes(func(yield func(string)) {
		texts(yield)
		for _, s := range pl.sheets {
			geometry.SheetTexts(s.pages)(yield)
		}
	})
	if w := missingWarning(pl.missing); w != "" {
		res.Warnings = append(res.Warnings, w)
	}
	return pl, nil
}

// Plan works out what WritePDF would print, without printing: page sizes,
// orientation, scale, the tile grid, the number of pages and the
// warnings. The export dialog previews with it.
func (pt *Painter) Plan(d Doc, opt Options) (*Result, error) {
	pl, err := pt.planPages(&d, &opt, true)
	if err != nil {
		return nil, err
	}
	return pl.res, nil
}

// tiling is a poster split over sheets.
type tiling struct {
	paper          Paper
	sheetW, sheetH float64 // each sheet, turned
	edge, overlap  float64
	cols, rows     int
	step           [2]float64 // from one sheet's window to the next
	sheets         []Sheet
	asmW, asmH     float64
}

// MaxSheets is the most sheets a tiled poster may take. A poster on more
// is not one anybody assembles, and each sheet costs a page of PDF: 20 × 20 m
// on 50 mm sheets would be a million pages.
const MaxSheets = 500

// sheetCount is how many sheets tiling needs. It follows from the papers
// alone: turning the poster does not change it, since the sheets may turn
// with it.
func (o *Options) sheetCount() int {
	_, _, cols, rows := tileGrid(o.Paper.W, o.Paper.H, o.Tile, o.SheetEdge, o.Overlap)
	return int(math.Min(cols*rows, math.MaxInt32))
}

// tileGrid is the sheet grid of a w × h poster on tile sheets, turned
// whichever way needs fewer sheets (the one the poster's own orientation
// takes on a tie). Counts are floats so that no size can overflow them.
func tileGrid(w, h float64, tile Paper, edge, overlap float64) (sheetW, sheetH, cols, rows float64) {
	best := math.Inf(1)
	for _, o := range []Orientation{Portrait, Landscape} {
		sw, sh := tile.Orient(o)
		pw, ph := sw-2*edge, sh-2*edge
		c, r := tilesFor(w, pw, pw-overlap), tilesFor(h, ph, ph-overlap)
		if c*r < best || c*r == best && (sw > sh) == (w > h) {
			best, sheetW, sheetH, cols, rows = c*r, sw, sh, c, r
		}
	}
	return sheetW, sheetH, cols, rows
}

// planTiles splits the poster over opt.Tile sheets, turned whichever way
// needs fewer sheets. Options.Check has bounded their number.
func planTiles(c *composition, opt *Options) *tiling {
	w, h, cols, rows := tileGrid(c.W, c.H, opt.Tile, opt.SheetEdge, opt.Overlap)
	tl := &tiling{paper: opt.Tile, sheetW: w, sheetH: h, edge: opt.SheetEdge, overlap: opt.Overlap,
		cols: int(cols), rows: int(rows)}
	tl.step = [2]float64{w - 2*tl.edge - tl.overlap, h - 2*tl.edge - tl.overlap}
	tl.sheets = make([]Sheet, 0, tl.cols*tl.rows)
	// Centre the poster on the sheets, so any spare paper is shared by both
	// sides.
	pw, ph := tl.sheetW-2*tl.edge, tl.sheetH-2*tl.edge
	offX := math.Max(0, (float64(tl.cols-1)*tl.step[0]+pw-c.W)/2)
	offY := math.Max(0, (float64(tl.rows-1)*tl.step[1]+ph-c.H)/2)
	for r := 0; r < tl.rows; r++ {
		for col := 0; col < tl.cols; col++ {
			tl.sheets = append(tl.sheets, Sheet{Label: sheetLabel(r, col), Row: r, Col: col,
				WX: float64(col)*tl.step[0] - offX, WY: float64(r)*tl.step[1] - offY,
				WW: tl.sheetW - 2*tl.edge, WH: tl.sheetH - 2*tl.edge})
		}
	}
	if c.W > c.H {
		tl.asmW, tl.asmH = opt.Tile.Orient(Landscape)
	} else {
		tl.asmW, tl.asmH = opt.Tile.Orient(Portrait)
	}
	return tl
}

// tilesFor is how many windows of size win, step apart, cover length.
func tilesFor(length, win, step float64) float64 {
	if length <= win+1e-6 {
		return 1
	}
	return 1 + math.Ceil((length-win)/step-1e-6)
}

// pdfSurface writes vector operators straight into fpdf's page stream, in
// points with y flipped, keeping the graphics state it last set so as not
// to repeat it; text goes through fpdf, which records the glyphs used for
// the font subset.
type pdfSurface struct {
	f        *fpdf.Fpdf
	h        float64
	buf      []byte
	fill     color.NRGBA
	stroke   color.NRGBA
	lw       float64
	fillOK   bool
	strokeOK bool
	lwOK     bool
	font     string // "", "R" or "B" plus size, as last set
	fontSize float64
	imageDPI float64
	images   map[string]bool
	err      error
}

func (s *pdfSurface) page(w, h float64) {
	s.flush()
	s.f.AddPageFormat("P", fpdf.SizeType{Wd: w, Ht: h})
	s.h = h
	s.invalidate()
	s.buf = append(s.buf, "1 J 1 j\n"...)
}

// invalidate forgets the graphics state (after Q or a new page).
func (s *pdfSurface) invalidate() {
	s.fillOK, s.strokeOK, s.lwOK = false, false, false
	s.font = ""
}

func (s *pdfSurface) flush() {
	if len(s.buf) > 0 {
		s.f.RawWriteStr(string(s.buf))
		s.buf = s.buf[:0]
	}
}

// num appends v with at most two decimals.
func (s *pdfSurface) num(v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	n := len(s.buf)
	s.buf = strconv.AppendFloat(s.buf, v, 'f', 2, 64)
	// Trim "1.50" to "1.5" and "2.00" to "2".
	for len(s.buf) > n && s.buf[len(s.buf)-1] == '0' {
		s.buf = s.buf[:len(s.buf)-1]
	}
	if len(s.buf) > n && s.buf[len(s.buf)-1] == '.' {
		s.buf = s.buf[:len(s.buf)-1]
	}
	if string(s.buf[n:]) == "-0" {
		s.buf = append(s.buf[:n], '0')
	}
	s.buf = append(s.buf, ' ')
}

func (s *pdfSurface) xy(x, y float64) {
	s.num(x)
	s.num(s.h - y)
}

var compStr = func() (t [256]string) {
	for i := range t {
		t[i] = strconv.FormatFloat(math.Round(float64(i)/255*1000)/1000, 'f', -1, 64)
	}
	return
}()

func (s *pdfSurface) color(c color.NRGBA, op string) {
	s.buf = append(s.buf, compStr[c.R]...)
	s.buf = append(s.buf, ' ')
	s.buf = append(s.buf, compStr[c.G]...)
	s.buf = append(s.buf, ' ')
	s.buf = append(s.buf, compStr[c.B]...)
	s.buf = append(s.buf, op...)
}

func (s *pdfSurface) setFill(c color.NRGBA) {
	if !s.fillOK || s.fill != c {
		s.color(c, " rg\n")
		s.fill, s.fillOK = c, true
	}
}

func (s *pdfSurface) setStroke(c color.NRGBA, lw float64) {
	if !s.strokeOK || s.stroke != c {
		s.color(c, " RG\n")
		s.stroke, s.strokeOK = c, true
	}
	if !s.lwOK || s.lw != lw {
		s.num(lw)
		s.buf = append(s.buf, "w\n"...)
		s.lw, s.lwOK = lw, true
	}
}

// paint ends a path: fill, stroke or both.
func (s *pdfSurface) paint(fill, stroke color.NRGBA, lw float64) {
	f, st := fill.A != 0, stroke.A != 0 && lw > 0
	if f {
		s.setFill(fill)
	}
	if st {
		s.setStroke(stroke, lw)
	}
	switch {
	case f && st:
		s.buf = append(s.buf, "B\n"...)
	case f:
		s.buf = append(s.buf, "f\n"...)
	case st:
		s.buf = append(s.buf, "S\n"...)
	default:
		s.buf = append(s.buf, "n\n"...)
	}
}

func (s *pdfSurface) rect(x, y, w, h float64, fill color.NRGBA) {
	s.rectPath(x, y, w, h)
	s.paint(fill, none, 0)
}

func (s *pdfSurface) rectPath(x, y, w, h float64) {
	s.xy(x, y+h)
	s.num(w)
	s.num(h)
	s.buf = append(s.buf, "re "...)
}

// kappa places the control points of a quarter circle.
const kappa = 0.5522847498

func (s *pdfSurface) roundRect(x, y, w, h, r float64, fill, stroke color.NRGBA, lw float64) {
	r = math.Max(0, math.Min(r, math.Min(w, h)/2))
	st := stroke.A != 0 && lw > 0
	switch {
	case r <= 0.01:
		s.rectPath(x, y, w, h)
		s.paint(fill, stroke, lw)
	case fill.A != 0 && st:
		// The border is the shape grown by half the line width, the fill
		// the shape shrunk by as much: two filled shapes, as a stroke
		// would draw them.
		s.filledRound(x-lw/2, y-lw/2, w+lw, h+lw, r+lw/2, stroke)
		s.filledRound(x+lw/2, y+lw/2, w-lw, h-lw, r-lw/2, fill)
	case fill.A != 0:
		s.filledRound(x, y, w, h, r, fill)
	case st:
		s.roundPath(x, y, w, h, r)
		s.paint(none, stroke, lw)
	}
}

// filledRound fills a rounded rectangle compactly: the rectangle inset by
// r, filled and stroked 2r wide with round joins, is exactly the rounded
// rectangle (and a round-capped line, when the inset is a line, a pill).
func (s *pdfSurface) filledRound(x, y, w, h, r float64, c color.NRGBA) {
	if w <= 0 || h <= 0 {
		return
	}
	r = math.Min(r, math.Min(w, h)/2)
	const eps = 0.01
	switch {
	case r <= eps:
		s.rect(x, y, w, h, c)
	case w-2*r <= eps && h-2*r <= eps:
		s.dot(x+w/2, y+h/2, 2*r, c)
	case h-2*r <= eps:
		s.setStroke(c, h)
		s.xy(x+r, y+h/2)
		s.buf = append(s.buf, "m "...)
		s.lineTo(x+w-r, y+h/2)
		s.buf = append(s.buf, "S\n"...)
	case w-2*r <= eps:
		s.setStroke(c, w)
		s.xy(x+w/2, y+r)
		s.buf = append(s.buf, "m "...)
		s.lineTo(x+w/2, y+h-r)
		s.buf = append(s.buf, "S\n"...)
	default:
		s.rectPath(x+r, y+r, w-2*r, h-2*r)
		s.paint(c, c, 2*r)
	}
}

// dot fills a disc of diameter d: a zero-length line with round caps,
// which PDF paints as a filled circle.
func (s *pdfSurface) dot(cx, cy, d float64, c color.NRGBA) {
	if d <= 0 {
		return
	}
	s.setStroke(c, d)
	s.xy(cx, cy)
	s.buf = append(s.buf, "m "...)
	s.xy(cx, cy)
	s.buf = append(s.buf, "l S\n"...)
}

func (s *pdfSurface) roundPath(x, y, w, h, r float64) {
	k := r * kappa
	s.xy(x+r, y)
	s.buf = append(s.buf, "m "...)
	s.lineTo(x+w-r, y)
	s.curveTo(x+w-r+k, y, x+w, y+r-k, x+w, y+r)
	s.lineTo(x+w, y+h-r)
	s.curveTo(x+w, y+h-r+k, x+w-r+k, y+h, x+w-r, y+h)
	s.lineTo(x+r, y+h)
	s.curveTo(x+r-k, y+h, x, y+h-r+k, x, y+h-r)
	s.lineTo(x, y+r)
	s.curveTo(x, y+r-k, x+r-k, y, x+r, y)
	s.buf = append(s.buf, "h "...)
}

func (s *pdfSurface) lineTo(x, y float64) {
	s.xy(x, y)
	s.buf = append(s.buf, "l "...)
}

func (s *pdfSurface) curveTo(x1, y1, x2, y2, x, y float64) {
	s.xy(x1, y1)
	s.xy(x2, y2)
	s.xy(x, y)
	s.buf = append(s.buf, "c\n"...)
}

func (s *pdfSurface) line(x0, y0, x1, y1 float64, c color.NRGBA, lw, dash float64) {
	if dash > 0 {
		s.buf = append(s.buf, '[')
		s.num(dash)
		s.num(dash)
		s.buf = append(s.buf, "] 0 d\n"...)
	}
	s.xy(x0, y0)
	s.buf = append(s.buf, "m "...)
	s.lineTo(x1, y1)
	s.paint(none, c, lw)
	if dash > 0 {
		s.buf = append(s.buf, "[] 0 d\n"...)
	}
}

func (s *pdfSurface) circlePath(cx, cy, r float64) {
	k := r * kappa
	s.xy(cx+r, cy)
	s.buf = append(s.buf, "m "...)
	s.curveTo(cx+r, cy+k, cx+k, cy+r, cx, cy+r)
	s.curveTo(cx-k, cy+r, cx-r, cy+k, cx-r, cy)
	s.curveTo(cx-r, cy-k, cx-k, cy-r, cx, cy-r)
	s.curveTo(cx+k, cy-r, cx+r, cy-k, cx+r, cy)
	s.buf = append(s.buf, "h "...)
}

func (s *pdfSurface) circle(cx, cy, r float64, fill, stroke color.NRGBA, lw float64) {
	if r <= 0 {
		return
	}
	st := stroke.A != 0 && lw > 0
	switch {
	case fill.A != 0 && st:
		s.dot(cx, cy, 2*r+lw, stroke)
		s.dot(cx, cy, 2*r-lw, fill)
	case fill.A != 0:
		s.dot(cx, cy, 2*r, fill)
	case st:
		s.circlePath(cx, cy, r)
		s.paint(none, stroke, lw)
	}
}

func (s *pdfSurface) polygon(pts []pt2, fill color.NRGBA) {
	if len(pts) < 3 {
		return
	}
	s.xy(pts[0].X, pts[0].Y)
	s.buf = append(s.buf, "m "...)
	for _, p := range pts[1:] {
		s.lineTo(p.X, p.Y)
	}
	s.buf = append(s.buf, "h "...)
	s.paint(fill, none, 0)
}

func (s *pdfSurface) curve(segs []bez, c color.NRGBA, lw float64) {
	if len(segs) == 0 {
		return
	}
	s.xy(segs[0].P0.X, segs[0].P0.Y)
	s.buf = append(s.buf, "m "...)
	last := segs[0].P0
	for _, g := range segs {
		if g.P0 != last {
			s.xy(g.P0.X, g.P0.Y)
			s.buf = append(s.buf, "m "...)
		}
		s.curveTo(g.C1.X, g.C1.Y, g.C2.X, g.C2.Y, g.P1.X, g.P1.Y)
		last = g.P1
	}
	s.paint(none, c, lw)
}

func (s *pdfSurface) text(str string, x, y, size float64, bold bool, c color.NRGBA) {
	if str == "" {
		return
	}
	// Text is painted with the fill colour; fpdf's own text colour stays
	// equal to its fill colour, so it adds no colour of its own.
	s.setFill(c)
	style := ""
	if bold {
		style = "B"
	}
	if s.font != style || s.fontSize != size {
		s.flush()
		s.f.SetFont(fontFamily, style, size)
		s.font, s.fontSize = style, size
	}
	s.flush()
	s.f.Text(x, y, str)
}

func (s *pdfSurface) clip(x, y, w, h float64) {
	s.buf = append(s.buf, "q "...)
	s.rectPath(x, y, w, h)
	s.buf = append(s.buf, "W n\n"...)
}

func (s *pdfSurface) unclip() {
	s.buf = append(s.buf, "Q\n"...)
	s.invalidate()
}

func (s *pdfSurface) image(im *model.Image, x, y, w, h float64, round *circleClip) error {
	px := func(v float64) int { return max(1, int(math.Ceil(v/Inch*s.imageDPI))) }
	key := fmt.Sprintf("%s@%dx%d", im.ID, px(w), px(h))
	if s.images == nil {
		s.images = map[string]bool{}
	}
	if _, ok := s.images[key]; !ok {
		p, err := prepareImage(im, px(w), px(h))
		if err != nil {
			s.images[key] = false
			return err
		}
		tp := "PNG"
		if p.mime == "image/jpeg" {
			tp = "JPG"
		}
		s.flush()
		info := s.f.RegisterImageOptionsReader(key, fpdf.ImageOptions{ImageType: tp}, bytes.NewReader(p.data))
		if info == nil || s.f.Err() {
			s.err = errors.Join(s.f.Error(), fmt.Errorf("image %s could not be embedded", im.ID))
			s.images[key] = false
			return s.err
		}
		s.images[key] = true
	}
	if !s.images[key] {
		return errors.New("image not embedded")
	}
	if round != nil {
		s.buf = append(s.buf, "q "...)
		s.circlePath(round.cx, round.cy, round.r)
		s.buf = append(s.buf, "W n\n"...)
	}
	s.flush()
	s.f.ImageOptions(key, x, y, w, h, false, fpdf.ImageOptions{}, 0, "")
	if round != nil {
		s.buf = append(s.buf, "Q\n"...)
		s.invalidate()
	}
	return nil
}

func (s *pdfSurface) group(string) {}
func (s *pdfSurface) endGroup()    {}
