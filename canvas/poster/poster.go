// Package poster paints a journey map on paper: a PDF poster (one sheet, or
// tiled over smaller sheets), a PNG and an SVG. It has no layout of its own:
// it paints the very geometry.Layout the board paints, scaled to the page
// with one transform, and adds only what a poster has and the board has not
// (the title block, the legend, crop marks). Text is drawn line by line as
// the layout wrapped it, in the same Noto Sans faces the layout measured.
package poster

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"waymark/canvas/geometry"
	"waymark/model"
)

// Fonts are the regular and bold TrueType faces the map is set in: the same
// files the board's theme uses and the layout measures (assets.FontRegular
// and assets.FontBold).
type Fonts struct {
	Regular, Bold []byte
}

// Painter paints posters. It parses the fonts once; one Painter can paint
// any number of posters, also from several goroutines.
type Painter struct {
	fonts   Fonts
	metrics *geometry.FontMetrics
	faces   [2]*sfnt.Font // regular, bold, for the rasteriser
	ascent  [2]float64    // baseline below the top of a line box, per unit of size
	// asciiOK[r] is true when the regular face draws ASCII rune r.
	asciiOK [128]bool
}

// New parses the fonts.
func New(f Fonts) (*Painter, error) {
	m, err := geometry.NewFontMetrics(f.Regular, f.Bold)
	if err != nil {
		return nil, err
	}
	p := &Painter{fonts: f, metrics: m}
	for i, data := range [][]byte{f.Regular, f.Bold} {
		ft, err := sfnt.Parse(data)
		if err != nil {
			return nil, fmt.Errorf("font %d: %w", i, err)
		}
		var buf sfnt.Buffer
		upem := ft.UnitsPerEm()
		fm, err := ft.Metrics(&buf, fixed.I(int(upem)), 0)
		if err != nil {
			return nil, fmt.Errorf("font %d: %w", i, err)
		}
		p.faces[i] = ft
		// A line's baseline sits one ascent below its top, as the board's
		// text renderer places it.
		p.ascent[i] = float64(fm.Ascent) / 64 / float64(upem)
	}
	var ascii []rune
	for r := rune(32); r < 127; r++ {
		ascii = append(ascii, r)
	}
	for r := rune(32); r < 127; r++ {
		p.asciiOK[r] = true
	}
	for _, r := range m.Covers(string(ascii)) {
		if r < 128 {
			p.asciiOK[r] = false
		}
	}
	return p, nil
}

// Metrics measures text in the poster's faces. A layout painted by this
// Painter should be made with metrics from the same font files (the app's
// Metrics, or this).
func (p *Painter) Metrics() *geometry.FontMetrics { return p.metrics }

// Doc is what a poster shows: one journey of a project and its layout, made
// by geometry.Layouter, the one layout the board paints too.
type Doc struct {
	Project *model.Project
	Journey *model.Journey
	Layout  *geometry.Layout
	// cast is the journey's personas, looked up once per poster: a poster
	// is composed many times over (each orientation, each paper the
	// readability advice tries).
	cast    []*model.Persona
	castSet bool
}

// personas are the personas the journey is drawn for, in slot order.
func (d *Doc) personas() []*model.Persona {
	if !d.castSet {
		d.cast, d.castSet = d.Project.JourneyPersonas(d.Journey), true
	}
	return d.cast
}

func (d Doc) check() error {
	if d.Project == nil || d.Journey == nil || d.Layout == nil {
		return errors.New("nothing to print: no project, journey or layout")
	}
	if d.Layout.Size.W <= 0 || d.Layout.Size.H <= 0 {
		return errors.New("the journey has no stages or lanes to print")
	}
	return nil
}

// Options say how to print.
type Options struct {
	Paper       Paper       // the poster's sheet
	Orientation Orientation // Auto: landscape for wide maps
	Margin      float64     // white border of the poster, points
	// Tile, when not zero, splits the poster over sheets of this paper
	// (PDF only), each with crop and alignment marks and a label, after an
	// assembly page.
	Tile      Paper
	Overlap   float64 // the poster strip two neighbouring tiles share, points
	SheetEdge float64 // the border of each tile that holds its marks, points
	DPI       float64 // PNG resolution
	ImageDPI  float64 // images are embedded at no more than this resolution at their printed size (PDF, SVG)
	Author    string  // shown in the title block when not empty
	// Latest is the file's newest saved version, named in the title block
	// with its date; nil when the file has none.
	Latest *model.Version
	// Segment is the segment value whose figures the behaviour lane shows,
	// as on the board; "" for everyone. The Doc's layout must be made
	// with it (see publish.WritePoster).
	Segment string
	Compare string // a second segment value, shown beside Segment's
	Date    time.Time
	// Pages are the poster's pages in order; nil is the map alone. The
	// coverage, backlog and changes pages print only in a PDF: PNG and
	// SVG, one picture each, refuse them.
	Pages []Page
	// Since names the saved version the changes page compares with, as
	// it prints: "“After round 2” (3 March 2026)". The changes page
	// needs it.
	Since string
	// Changes are what changed from that version to the project printed
	// (model.Diff(version, project)); none prints "Nothing changed since …".
	Changes    []model.Change
	Palette    *geometry.Palette // nil: geometry.Light
	MaxPixels  int               // PNG size limit (width × height); 0: 300 megapixels
	Progress   func(done, total int)
	paletteVal geometry.Palette
}

// Page is one page of a poster.
type Page string

// The pages a poster can have.
const (
	PageMap      Page = "map"      // the journey map
	PageCoverage Page = "coverage" // the coverage matrices: channels and owners × stages
	PageBacklog  Page = "backlog"  // the ranked backlog of pain points and opportunities
	PageChanges  Page = "changes"  // what changed in the journey since a saved version
)

// ParsePages reads a list of pages as the command line gives it:
// "map,coverage".
func ParsePages(s string) ([]Page, error) {
	var out []Page
	for _, f := range strings.Split(s, ",") {
		p := Page(strings.ToLower(strings.TrimSpace(f)))
		switch p {
		case PageMap, PageCoverage, PageBacklog, PageChanges:
		default:
			return nil, fmt.Errorf("%q is not a page: use map, coverage, backlog or changes, separated by commas", strings.TrimSpace(f))
		}
		if slices.Contains(out, p) {
			return nil, fmt.Errorf("page %q is listed twice", p)
		}
		out = append(out, p)
	}
	return out, nil
}

// DefaultOptions prints on A0, orientation auto, 10 mm margins, tiles
// overlapping by 10 mm, PNG at 150 DPI.
func DefaultOptions() Options {
	a0, _ := ParsePaper("A0")
	return Options{Paper: a0, Orientation: Auto, Margin: 10 * MM, Overlap: 10 * MM, SheetEdge: 10 * MM,
		DPI: 150, ImageDPI: 300}
}

// ReadableSize is the smallest text size, in points, a poster should print.
const ReadableSize = 6.0

// Check reports, in one sentence, what is wrong with the options, before
// any poster is painted.
func (o Options) Check() error { return o.normalize() }

func (o *Options) normalize() error {
	if o.Paper.IsZero() {
		return errors.New("no paper size given")
	}
	if o.Margin < 0 || math.IsNaN(o.Margin) {
		return errors.New("the margin cannot be negative")
	}
	if 2*o.Margin >= o.Paper.W*0.6 {
		return fmt.Errorf("a %s mm margin leaves no room on %s", mmText(o.Margin), o.Paper.Name)
	}
	if err := checkPages(o.Pages); err != nil {
		return err
	}
	if slices.Contains(o.Pages, PageChanges) && strings.TrimSpace(o.Since) == "" {
		return errors.New("the changes page needs the saved version it compares the map with, and none was named")
	}
	if o.Date.IsZero() {
		o.Date = time.Now()
	}
	if o.DPI == 0 {
		o.DPI = 150
	}
	if o.DPI < 10 || o.DPI > 1200 || math.IsNaN(o.DPI) {
		return fmt.Errorf("%g DPI is out of range: use 10 to 1200", o.DPI)
	}
	if o.ImageDPI <= 0 {
		o.ImageDPI = 300
	}
	if o.MaxPixels <= 0 {
		o.MaxPixels = 300_000_000
	}
	if o.SheetEdge <= 0 {
		o.SheetEdge = 10 * MM
	}
	if !o.Tile.IsZero() {
		if o.Overlap < 0 || math.IsNaN(o.Overlap) {
			return errors.New("the overlap cannot be negative")
		}
		pw := o.Tile.W - 2*o.SheetEdge
		if o.Overlap >= pw/2 {
			return fmt.Errorf("a %s mm overlap is too wide for %s sheets", mmText(o.Overlap), o.Tile.Name)
		}
		// Refused here, before anything is laid out or allocated: the
		// count follows from the papers alone.
		if n := o.sheetCount(); n > MaxSheets {
			return fmt.Errorf("tiling a %s×%s mm poster onto %s×%s mm sheets needs %s sheets, more than the %d Waymark prints; use larger sheets or a smaller poster",
				mmText(o.Paper.W), mmText(o.Paper.H), mmText(o.Tile.W), mmText(o.Tile.H), thousands(n), MaxSheets)
		}
	}
	o.paletteVal = geometry.Light
	if o.Palette != nil {
		o.paletteVal = *o.Palette
	}
	return nil
}

// Transform maps board units to page points: page = S·board + (X, Y).
type Transform struct{ S, X, Y float64 }

// Point maps a board point.
func (t Transform) Point(x, y float32) (float64, float64) {
	return t.S*float64(x) + t.X, t.S*float64(y) + t.Y
}

// Rect maps a board rectangle.
func (t Transform) Rect(r geometry.Rect) (x, y, w, h float64) {
	x, y = t.Point(r.X, r.Y)
	return x, y, t.S * float64(r.W), t.S * float64(r.H)
}

// then is t followed by u.
func (t Transform) then(u Transform) Transform {
	return Transform{S: t.S * u.S, X: u.S*t.X + u.X, Y: u.S*t.Y + u.Y}
}

// Sheet is one tile of a tiled poster.
type Sheet struct {
	Label    string // "A1": row letter, column number
	Row, Col int
	// Window is the part of the poster page (points) the sheet prints,
	// overlap included.
	WX, WY, WW, WH float64
}

// Result tells what was printed.
type Result struct {
	Pages        int
	PageW, PageH float64 // the size of every page (of every tile sheet when tiled, except the assembly page), points
	Orientation  Orientation
	PosterW      float64 // the poster, points
	PosterH      float64
	Map          Transform // board units to poster points
	MinText      float64   // the smallest map text as printed, points
	Rows, Cols   int       // tile grid; 0 when not tiled
	Sheets       []Sheet
	AssemblyW    float64 // the assembly page, when tiled
	AssemblyH    float64
	PixelsW      int // PNG
	PixelsH      int
	Warnings     []string
}

// flatten blends c over an opaque background: paper has no transparency.
func flatten(c, bg color.NRGBA) color.NRGBA {
	if c.A == 0xff {
		return c
	}
	a := float64(c.A) / 255
	mix := func(f, b uint8) uint8 { return uint8(math.Round(float64(f)*a + float64(b)*(1-a))) }
	return color.NRGBA{mix(c.R, bg.R), mix(c.G, bg.G), mix(c.B, bg.B), 0xff}
}

// missingRunes lists the runes of texts the faces cannot draw, in order of
// first appearance.
func (p *Painter) missingRunes(texts func(yield func(string))) []rune {
	seen := map[rune]bool{}
	var odd []rune
	texts(func(s string) {
		for _, r := range s {
			if r < 128 {
				continue
			}
			if !seen[r] {
				seen[r] = true
				odd = append(odd, r)
			}
		}
	})
	if len(odd) == 0 {
		return nil
	}
	return p.metrics.Covers(string(odd))
}

// cleaner replaces what the faces cannot draw with "?" (the layout measured
// it as "?" too, so widths hold) and control characters with spaces.
type cleaner struct {
	p       *Painter
	missing map[rune]bool
}

func (c *cleaner) clean(s string) string {
	ok := true
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b >= 128 || !c.p.asciiOK[b] {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	out := make([]rune, 0, len(s))
	for _, r := range s {
		switch {
		case r == utf8.RuneError, c.missing[r]:
			out = append(out, '?')
		case unicode.IsControl(r) || unicode.IsSpace(r):
			out = append(out, ' ')
		case r < 128 && !c.p.asciiOK[r]:
			out = append(out, '?')
		default:
			out = append(out, r)
		}
	}
	return string(out)
}

func missingWarning(missing []rune) string {
	if len(missing) == 0 {
		return ""
	}
	const show = 12
	var list []byte
	for i, r := range missing {
		if i == show {
			list = fmt.Appendf(list, " and %d more", len(missing)-show)
			break
		}
		if i > 0 {
			list = append(list, ", "...)
		}
		if unicode.IsPrint(r) {
			list = fmt.Appendf(list, "%q (U+%04X)", string(r), r)
		} else {
			list = fmt.Appendf(list, "U+%04X", r)
		}
	}
	return fmt.Sprintf("the poster's font (Noto Sans: Latin, Greek, Cyrillic) has no glyph for %s; each prints as \"?\"", list)
}

func checkCtx(ctx context.Context) error {
	if ctx == nil {
		return nil
	}
	return ctx.Err()
}
