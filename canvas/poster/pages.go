package poster

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"waymark/canvas/geometry"
	"waymark/model"
)

// The poster's table pages (the coverage matrices, the backlog, what
// changed since a version) are laid
// out by geometry as sheets and only painted here, one transform from
// sheet units to the page, as the map is.

// sheetSet is one page kind laid out for the poster's paper: the pages and
// how they sit on paper.
type sheetSet struct {
	page   Page
	W, H   float64 // each page, points
	margin float64
	t      Transform // sheet units to page points
	pages  []geometry.SheetPage
}

// pagesOf is the pages a poster prints, in order: the map alone when
// none are asked for.
func pagesOf(opt *Options) []Page {
	if len(opt.Pages) == 0 {
		return []Page{PageMap}
	}
	return opt.Pages
}

// checkPages refuses an unknown or repeated page.
func checkPages(pages []Page) error {
	seen := map[Page]bool{}
	for _, p := range pages {
		switch p {
		case PageMap, PageCoverage, PageBacklog, PageChanges:
		default:
			return fmt.Errorf("%q is not a page: use map, coverage, backlog or changes", string(p))
		}
		if seen[p] {
			return fmt.Errorf("page %q is listed twice", string(p))
		}
		seen[p] = true
	}
	return nil
}

// onlyMap refuses pages other than the map, for the formats that are one
// picture.
func onlyMap(opt *Options) error {
	for _, p := range opt.Pages {
		if p != PageMap {
			return fmt.Errorf("a PNG or SVG poster is one picture of the map; the %s page prints only in a PDF", p)
		}
	}
	return nil
}

// sheetText is the size of a table page's text, points: the size of the
// poster's own body text on paper of w × h, and no less than 8 pt, which a
// table read at arm's length needs.
func sheetText(w, h float64) float64 { return math.Max(8, 0.85*math.Min(w, h)/110) }

// layoutSheets lays out the table pages the options ask for, on the
// poster's paper (its orientation), or on the tile paper when tiled.
func (pt *Painter) layoutSheets(d Doc, opt *Options, c *composition, tl *tiling) []*sheetSet {
	var out []*sheetSet
	for _, pg := range pagesOf(opt) {
		if pg == PageMap {
			continue
		}
		w, h := c.W, c.H
		if tl != nil {
			w, h = tl.asmW, tl.asmH
		}
		m := opt.Margin
		if 2*m >= 0.6*math.Min(w, h) {
			m = math.Min(opt.SheetEdge, 0.1*math.Min(w, h))
		}
		k := sheetText(w, h) / float64(geometry.DefaultSheetStyle.TextSize)
		st := geometry.DefaultSheetStyle
		j, lens := lensed(d)
		head := geometry.SheetHead{Project: d.Project.Name, Date: opt.Date.Format("2 January 2006"), Journey: d.Journey.Title, Lens: lens}
		cw, ch := float32((w-2*m)/k), float32((h-2*m)/k)
		s := &sheetSet{page: pg, W: w, H: h, margin: m, t: Transform{S: k, X: m, Y: m}}
		switch pg {
		case PageCoverage:
			mats := []*model.CoverageMatrix{model.Coverage(d.Project, j, model.ByChannel),
				model.Coverage(d.Project, j, model.ByOwner)}
			s.pages = geometry.LayoutCoverage(pt.metrics, st, head, d.Project.Scale, mats, cw, ch)
		case PageBacklog:
			s.pages = geometry.LayoutBacklog(pt.metrics, st, head, model.Backlog(j), cw, ch)
		case PageChanges:
			// The changes are the whole journey's, not counted through
			// the lens: the kicker does not name it.
			head.Lens = ""
			s.pages = geometry.LayoutChanges(pt.metrics, st, head, opt.Since, d.Journey, opt.Changes, cw, ch)
		}
		out = append(out, s)
	}
	return out
}

// lensed is the journey as the poster's lens shows it, and the lens in
// words: only the cards it shows, scored by its persona alone when it
// picks one. The table pages then count what the map shows.
func lensed(d Doc) (*model.Journey, string) {
	l := d.Layout.Lens
	if !l.Filters() {
		return d.Journey, ""
	}
	j := *d.Journey
	if m := l.Match(); !m.All() {
		j.Touchpoints = make([]*model.Touchpoint, 0, len(d.Journey.Touchpoints))
		for _, t := range d.Journey.Touchpoints {
			if m.Shows(t) {
				j.Touchpoints = append(j.Touchpoints, t)
			}
		}
	}
	if l.Persona != "" && slices.Contains(j.PersonaIDs, l.Persona) {
		j.PersonaIDs = []model.ID{l.Persona}
	}
	return &j, l.Describe(d.Project)
}

// sheetCount is how many pages the sets take.
func sheetCount(sets []*sheetSet) int {
	n := 0
	for _, s := range sets {
		n += len(s.pages)
	}
	return n
}

// drawSheetPage paints one table page through t.
func (dr *drawer) drawSheetPage(pg *geometry.SheetPage, t Transform) {
	ink := func(i geometry.Ink, key string) color.NRGBA {
		return flatten(geometry.InkColor(dr.pal, i, key), white)
	}
	for _, f := range pg.Fills {
		x, y, w, h := t.Rect(f.Rect)
		dr.sf.rect(x, y, w, h, ink(f.Ink, f.Key))
	}
	for _, l := range pg.Lines {
		x0, y0 := t.Point(l.X0, l.Y0)
		x1, y1 := t.Point(l.X1, l.Y1)
		dr.sf.line(x0, y0, x1, y1, ink(l.Ink, ""), float64(l.Width)*t.S, 0)
	}
	for _, d := range pg.Dots {
		cx, cy := t.Point(d.Center.X, d.Center.Y)
		dr.sf.circle(cx, cy, float64(d.R)*t.S, ink(d.Ink, ""), none, 0)
	}
	for _, p := range pg.Polys {
		pts := make([]pt2, len(p.Points))
		for i, q := range p.Points {
			pts[i].X, pts[i].Y = t.Point(q.X, q.Y)
		}
		dr.sf.polygon(pts, ink(p.Ink, ""))
	}
	for _, tx := range pg.Texts {
		dr.text(t, tx.Text, ink(tx.Ink, ""))
	}
	for _, l := range pg.Strikes {
		x0, y0 := t.Point(l.X0, l.Y0)
		x1, y1 := t.Point(l.X1, l.Y1)
		dr.sf.line(x0, y0, x1, y1, ink(l.Ink, ""), float64(l.Width)*t.S, 0)
	}
}
