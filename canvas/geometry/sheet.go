package geometry

import (
	"fmt"
	"image/color"
	"strings"

	"waymark/model"
)

// Sheets are the table pages of a journey: its coverage matrices and its
// ranked backlog, laid out onto pages of a given size. Like the map, they
// are laid out here once and only painted elsewhere (the poster's extra
// pages; the app may paint the same pages on screen). A table longer or
// wider than a page is split over several pages, its header repeated,
// rather than shrunk: the text stays at the style's size.

// SheetStyle holds the dimensions of sheet pages, in board units.
type SheetStyle struct {
	KickerSize  float32 // the project's name, the date, the page number
	TitleSize   float32 // the title line: the journey and the page
	HeadingSize float32 // a table's heading
	TextSize    float32 // the tables' text
	SmallSize   float32 // notes and the gap key
	LineSpacing float32 // line height as a multiple of the size
	Padding     float32 // inside a cell
	Gap         float32 // between blocks
	Rule        float32 // width of the grid lines
	// MinRows is the fewest rows a table starts with at the foot of a
	// page; fewer go to the next page with the table's header.
	MinRows int
}

// DefaultSheetStyle is the house look of sheet pages.
var DefaultSheetStyle = SheetStyle{
	KickerSize:  10,
	TitleSize:   22,
	HeadingSize: 15,
	TextSize:    11,
	SmallSize:   9.5,
	LineSpacing: 1.35,
	Padding:     4.5,
	Gap:         14,
	Rule:        0.75,
	MinRows:     3,
}

// Scaled is s with every size multiplied by k.
func (s SheetStyle) Scaled(k float32) SheetStyle {
	s.KickerSize *= k
	s.TitleSize *= k
	s.HeadingSize *= k
	s.TextSize *= k
	s.SmallSize *= k
	s.Padding *= k
	s.Gap *= k
	s.Rule *= k
	return s
}

func (s SheetStyle) lh(size float32) float32 { return size * s.LineSpacing }

// Ink names what a sheet's mark is, for the painter to colour from its
// palette (InkColor).
type Ink int

// The inks of a sheet.
const (
	InkText        Ink = iota
	InkMuted           // notes, empty cells
	InkHeaderFill      // header cells
	InkGrid            // rules between rows and columns
	InkPainPoint       // pain point counts and marks
	InkOpportunity     // opportunity marks
	InkPositive        // a cell whose mean emotion is above neutral (a light tint)
	InkNegative        // below neutral (a light tint)
	InkGap             // a gap's border and letters
	InkGapHatch        // a gap's hatching, lighter than its border
	InkPaper           // the page: behind a gap's letters, over the hatching
	InkStripe          // every other row of a long table
	InkAccent          // the colour in Key, "#rrggbb" (a stage's); HeaderFill when none
	InkChannel         // the chip colour of the channel named in Key
	InkAdded           // the changes page: what was added
	InkRemoved         // what was removed
	InkChanged         // what was changed
	InkMoved           // what only moved
)

// InkColor is the colour of ink on palette p; key is the mark's Key.
func InkColor(p Palette, ink Ink, key string) color.NRGBA {
	switch ink {
	case InkMuted:
		return p.MutedText
	case InkHeaderFill:
		return p.HeaderFill
	case InkGrid:
		return p.Grid
	case InkPainPoint:
		return p.PainPoint
	case InkOpportunity:
		return p.Opportunity
	case InkPositive:
		return p.Positive
	case InkNegative:
		return p.Negative
	case InkGap, InkGapHatch:
		// Amber: apart from the pain points' red and the curves' hues,
		// and dark enough to read in greyscale.
		c := rgb(0xb45309)
		if dark(p) {
			c = rgb(0xf59e0b)
		}
		if ink == InkGapHatch {
			c.A = 0x58
		}
		return c
	case InkPaper:
		return p.CardFill
	case InkStripe:
		c := p.HeaderFill
		c.A = 0x80
		return c
	case InkAccent:
		if c, ok := ParseColor(key); ok {
			return c
		}
		return p.Grid
	case InkChannel:
		return p.ChannelColor(key)
	case InkAdded, InkRemoved, InkChanged, InkMoved:
		return changeInk(p, ink)
	}
	return p.Text
}

func dark(p Palette) bool {
	b := p.Background
	return int(b.R)+int(b.G)+int(b.B) < 3*0x80
}

// SheetFill is a filled rectangle.
type SheetFill struct {
	Rect Rect
	Ink  Ink
	Key  string // InkAccent's colour, InkChannel's channel
}

// SheetLine is a straight line.
type SheetLine struct {
	X0, Y0, X1, Y1 float32
	Width          float32
	Ink            Ink
}

// SheetDot is a filled disc: an opportunity's mark.
type SheetDot struct {
	Center Point
	R      float32
	Ink    Ink
}

// SheetPolygon is a filled polygon: a pain point's warning triangle.
type SheetPolygon struct {
	Points []Point
	Ink    Ink
}

// SheetText is one line of text.
type SheetText struct {
	Text
	Ink Ink
}

// SheetCell is one cell of a coverage matrix as placed on a page.
type SheetCell struct {
	By         model.CoverageBy
	Row, Stage int // indices into the matrix's Rows and Stages
	Rect       Rect
	// Letters are the key letters of the cell's gaps, one per reason in
	// the order of Gaps; empty when the cell is not a gap.
	Letters []string
}

// SheetItem is one card of the backlog, or one change of the changes
// page, as placed on a page.
type SheetItem struct {
	Index int // into the backlog, or into the changes
	Rect  Rect
}

// SheetPage is one page of a sheet. Painters paint its fills, then its
// lines, its dots, its polygons, its texts and its strikes, in that order,
// each in list order.
type SheetPage struct {
	Size  Rect // the page's content, origin at 0,0
	Fills []SheetFill
	Lines []SheetLine
	Dots  []SheetDot
	Polys []SheetPolygon
	Texts []SheetText
	// Strikes are lines over the texts: the strike through the name of
	// something removed.
	Strikes []SheetLine
	// Title is the page's name, after the journey's on its title line:
	// "Coverage — channels × stages".
	Title string
	Cells []SheetCell
	// Heads are the row headers of the coverage tables: a SheetCell
	// whose Stage is -1.
	Heads []SheetCell
	Items []SheetItem
}

// SheetHead is what the top of every page says.
type SheetHead struct {
	Project string // the kicker's left
	Date    string // the kicker's right
	Journey string // the title line begins with it
	// Lens says what the lens the pages were counted through shows
	// (model.Lens.Describe); "" without one.
	Lens string
}

// sheetFlow places blocks down pages, starting a new page when a block
// does not fit what is left of the current one.
type sheetFlow struct {
	m     Metrics
	st    SheetStyle
	head  SheetHead
	w, h  float32
	top   float32 // where content begins, under the header
	y     float32
	pages []*SheetPage
	parts [][]string // the parts each page shows, for its title
	cur   string     // the part being placed: a page it runs onto shows it
}

func newSheetFlow(m Metrics, st SheetStyle, head SheetHead, w, h float32) *sheetFlow {
	f := &sheetFlow{m: m, st: st, head: head, w: w, h: h}
	f.top = st.lh(st.KickerSize) + st.lh(st.TitleSize) + 0.5*st.Gap + st.Rule + st.Gap
	return f
}

func (f *sheetFlow) page() *SheetPage { return f.pages[len(f.pages)-1] }

func (f *sheetFlow) newPage() {
	f.pages = append(f.pages, &SheetPage{Size: Rect{W: f.w, H: f.h}})
	f.parts = append(f.parts, nil)
	f.y = f.top
	if f.cur != "" {
		f.part(f.cur)
	}
}

// room is what is left of the current page.
func (f *sheetFlow) room() float32 {
	if len(f.pages) == 0 {
		return -1
	}
	return f.h - f.y
}

// ensure starts a new page unless h fits on this one (or this one is
// still empty: a block taller than a page is placed anyway).
func (f *sheetFlow) ensure(h float32) {
	if len(f.pages) == 0 || f.y > f.top+0.01 && h > f.room()+0.01 {
		f.newPage()
	}
}

// part records that the current page shows part.
func (f *sheetFlow) part(name string) {
	i := len(f.pages) - 1
	for _, p := range f.parts[i] {
		if p == name {
			return
		}
	}
	f.parts[i] = append(f.parts[i], name)
}

func (f *sheetFlow) text(s string, x, y, size float32, bold bool, ink Ink) {
	if s == "" {
		return
	}
	f.page().Texts = append(f.page().Texts, SheetText{Text: Text{Text: s, X: x, Y: y, Size: size, Bold: bold}, Ink: ink})
}

func (f *sheetFlow) fill(r Rect, ink Ink, key string) {
	f.page().Fills = append(f.page().Fills, SheetFill{Rect: r, Ink: ink, Key: key})
}

func (f *sheetFlow) line(x0, y0, x1, y1, w float32, ink Ink) {
	f.page().Lines = append(f.page().Lines, SheetLine{X0: x0, Y0: y0, X1: x1, Y1: y1, Width: w, Ink: ink})
}

// lines draws wrapped lines from y down.
func (f *sheetFlow) lines(ls []string, x, y, size float32, bold bool, ink Ink) {
	for i, s := range ls {
		f.text(s, x, y+float32(i)*f.st.lh(size), size, bold, ink)
	}
}

// wrap is Wrap, with at least one line for text with words.
func (f *sheetFlow) wrap(s string, size, w float32, bold bool, most int) []string {
	return Wrap(f.m, s, size, max(w, 1), bold, most)
}

// paragraph places wrapped text across the page.
func (f *sheetFlow) paragraph(s string, size float32, bold bool, ink Ink) {
	ls := f.wrap(s, size, f.w, bold, 0)
	for _, l := range ls {
		f.ensure(f.st.lh(size))
		f.text(l, 0, f.y, size, bold, ink)
		f.y += f.st.lh(size)
	}
}

// finish writes each page's header: the kicker, the title line and its
// page number, and a rule under them.
func (f *sheetFlow) finish(title func(parts []string) string) []SheetPage {
	st := f.st
	out := make([]SheetPage, len(f.pages))
	for i, pg := range f.pages {
		pg.Title = title(f.parts[i])
		head := &sheetFlow{m: f.m, st: st, w: f.w, h: f.h, pages: []*SheetPage{{}}}
		date := f.head.Date
		dw := f.m.Width(date, st.KickerSize, false)
		kicker := oneLine(f.head.Project)
		if l := oneLine(f.head.Lens); l != "" {
			kicker += " · through the lens: " + l
		}
		head.text(Ellipsize(f.m, kicker, st.KickerSize, f.w-dw-2*st.KickerSize, false), 0, 0, st.KickerSize, false, InkMuted)
		head.text(date, f.w-dw, 0, st.KickerSize, false, InkMuted)
		y := st.lh(st.KickerSize)
		num := ""
		if len(f.pages) > 1 {
			num = fmt.Sprintf("page %d of %d", i+1, len(f.pages))
		}
		nw := f.m.Width(num, st.KickerSize, false)
		name := " · " + pg.Title
		nameW := f.m.Width(name, st.TitleSize, false)
		avail := f.w - nw - 2*st.KickerSize
		jw := max(0.3*avail, avail-nameW)
		journey := Ellipsize(f.m, oneLine(f.head.Journey), st.TitleSize, jw, true)
		x := f.m.Width(journey, st.TitleSize, true)
		head.text(journey, 0, y, st.TitleSize, true, InkText)
		head.text(Ellipsize(f.m, name, st.TitleSize, avail-x, false), x, y, st.TitleSize, false, InkText)
		head.text(num, f.w-nw, y+st.lh(st.TitleSize)-st.lh(st.KickerSize), st.KickerSize, false, InkMuted)
		ry := y + st.lh(st.TitleSize) + 0.5*st.Gap
		head.line(0, ry, f.w, ry, st.Rule, InkGrid)
		hp := head.pages[0]
		pg.Texts = append(hp.Texts, pg.Texts...)
		pg.Lines = append(hp.Lines, pg.Lines...)
		out[i] = *pg
	}
	return out
}

// oneLine joins text's words with single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// --- coverage ---------------------------------------------------------------

// Coverage page parts, and how a page's title names them.
const (
	sheetChannels = "channels"
	sheetOwners   = "owners"
)

// GapLetter is the key letter of the i-th reason (0-based): a … z, then
// aa, ab …
func GapLetter(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('a'+(i-1)%26)) + s
	}
	return s
}

// MeanText is a mean emotion as the sheets print it: one decimal, signed
// on a scale with negative scores.
func MeanText(v float64, scale model.Scale) string {
	if scale.Min < 0 {
		s := fmt.Sprintf("%+.1f", v)
		if s == "-0.0" || s == "+0.0" {
			return "0.0"
		}
		return s
	}
	return fmt.Sprintf("%.1f", v)
}

// coverageCellLines are the lines of one cell: touchpoints, the mean of
// their scores, and pain points when there are some; a dash for none.
func coverageCellLines(c model.CoverageCell, scale model.Scale) []SheetText {
	if c.Touchpoints == 0 {
		return []SheetText{{Text: Text{Text: "–"}, Ink: InkMuted}}
	}
	out := []SheetText{{Text: Text{Text: countText(c.Touchpoints, "touchpoint", "touchpoints")}, Ink: InkText}}
	mean := "no scores"
	if c.Scored > 0 {
		mean = "mean " + MeanText(c.MeanEmotion, scale)
	}
	out = append(out, SheetText{Text: Text{Text: mean}, Ink: InkMuted})
	if c.PainPoints > 0 {
		out = append(out, SheetText{Text: Text{Text: countText(c.PainPoints, "pain point", "pain points"), Bold: true}, Ink: InkPainPoint})
	}
	return out
}

func countText(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// LayoutCoverage lays out the coverage matrices mats (by channel, by
// owner) on pages of w × h: each a heading, a note on how to read it, the
// table (rows down, stages across; a table too wide for a page continues
// with the next stages, one too long with the next rows, the header
// repeated) and the key of its gaps. Each cell shows its touchpoints, the
// mean of their scores on scale and their pain points; a gap is hatched
// and bordered, with a letter per reason that the key explains.
func LayoutCoverage(m Metrics, st SheetStyle, head SheetHead, scale model.Scale, mats []*model.CoverageMatrix, w, h float32) []SheetPage {
	f := newSheetFlow(m, st, head, w, h)
	for i, mx := range mats {
		if i > 0 {
			f.y += st.Gap
		}
		f.coverage(mx, scale)
	}
	if len(f.pages) == 0 {
		f.newPage()
	}
	return f.finish(func(parts []string) string {
		switch len(parts) {
		case 0:
			return "Coverage"
		case 1:
			return "Coverage — " + parts[0] + " × stages"
		}
		return "Coverage — " + strings.Join(parts, " and ") + " × stages"
	})
}

func (f *sheetFlow) coverage(mx *model.CoverageMatrix, scale model.Scale) {
	st := f.st
	part, heading, what := sheetChannels, "Channels × stages", "channel"
	if mx.By == model.ByOwner {
		part, heading, what = sheetOwners, "Owners × stages", "owner"
	}
	// The gap letters: one per distinct reason, in order of first
	// appearance, row by row.
	var reasons []string
	letter := map[string]string{}
	for _, row := range mx.Cells {
		for _, c := range row {
			for _, g := range c.Gaps {
				if _, ok := letter[g]; !ok {
					letter[g] = GapLetter(len(reasons))
					reasons = append(reasons, g)
				}
			}
		}
	}
	gapNote := "A hatched, bordered cell is a gap: its letters are the reasons in the key below."
	if len(reasons) == 0 {
		gapNote = "No cell is a gap."
	}
	note := fmt.Sprintf("A row per %s of the journey's touchpoints, a column per stage. Each cell: its touchpoints, the mean of their emotion scores (scale %s) and its pain points; – no touchpoint. %s",
		what, scale.String(), gapNote)
	if mx.By == model.ByOwner {
		note = fmt.Sprintf("A row per owner of the journey's touchpoints (%s: none), a column per stage. Each cell: its touchpoints, the mean of their emotion scores (scale %s) and its pain points; – no touchpoint. %s",
			model.CoverageNone, scale.String(), gapNote)
	}
	noteLines := f.wrap(note, st.SmallSize, f.w, false, 0)
	headH := st.lh(st.HeadingSize) + float32(len(noteLines))*st.lh(st.SmallSize) + 0.5*st.Gap

	lettersOf := func(c model.CoverageCell) []string {
		var out []string
		for _, g := range c.Gaps {
			out = append(out, letter[g])
		}
		return out
	}

	placeHeading := func(minBody float32) {
		f.ensure(headH + minBody)
		f.cur = part
		f.part(part)
		f.text(heading, 0, f.y, st.HeadingSize, true, InkText)
		f.y += st.lh(st.HeadingSize)
		f.lines(noteLines, 0, f.y, st.SmallSize, false, InkMuted)
		f.y += float32(len(noteLines))*st.lh(st.SmallSize) + 0.5*st.Gap
	}
	nStages := len(mx.Stages)
	if len(mx.Rows) == 0 || nStages == 0 {
		placeHeading(st.lh(st.TextSize))
		msg := "No touchpoints in this journey yet: there is nothing to cover."
		if nStages == 0 {
			msg = "The journey has no stages yet."
		}
		f.paragraph(msg, st.TextSize, false, InkMuted)
		return
	}

	// Sizes. Row headers: the names, up to a quarter of the page; cells:
	// the widest of their lines and letters, at least.
	pad := st.Padding
	ts := st.TextSize
	swatch := float32(0)
	if mx.By == model.ByChannel {
		swatch = 0.8 * ts
	}
	rowHeadW := f.m.Width("Channel", ts, true)
	for _, r := range mx.Rows {
		rowHeadW = max(rowHeadW, f.m.Width(oneLine(r), ts, true))
	}
	rowHeadW = min(rowHeadW+2*pad+swatch+ts, max(0.25*f.w, 9*ts)) // a little slack: a name measured to fit stays whole
	rowHeadW = max(rowHeadW, 6*ts)
	cellW := max(f.m.Width("888 touchpoints", ts, false), f.m.Width("mean +8.8", ts, false), f.m.Width("888 pain points", ts, true))
	for _, row := range mx.Cells {
		for _, c := range row {
			if c.Touchpoints >= 888 || c.PainPoints >= 888 {
				for _, l := range coverageCellLines(c, scale) {
					cellW = max(cellW, f.m.Width(l.Text.Text, ts, l.Bold))
				}
			}
		}
	}
	lettersW := float32(0)
	for _, row := range mx.Cells {
		for _, c := range row {
			if l := lettersOf(c); len(l) > 0 {
				lettersW = max(lettersW, f.m.Width(strings.Join(l, ","), ts, true)+0.6*ts)
			}
		}
	}
	minColW := cellW + 2*pad + lettersW
	avail := f.w - rowHeadW
	perPage := max(1, int(avail/minColW))
	groups := (nStages + perPage - 1) / perPage
	per := (nStages + groups - 1) / groups
	colW := min(avail/float32(per), max(2.2*minColW, 14*ts))
	if colW < minColW {
		colW = avail // a page narrower than one stage: it takes what there is
	}
	// Each row as tall as its name (up to three lines) or its fullest
	// cell needs: a sparse matrix stays compact.
	rowH := make([]float32, len(mx.Rows))
	for r, name := range mx.Rows {
		n := len(f.wrap(oneLine(name), ts, rowHeadW-2*pad-swatch-0.5*ts, true, 3))
		for _, c := range mx.Cells[r] {
			n = max(n, len(coverageCellLines(c, scale)))
		}
		rowH[r] = 2*pad + float32(max(n, 1))*st.lh(ts)
	}
	// rowsFit is how many rows from r0 fit in height h; at least one.
	rowsFit := func(r0 int, h float32) int {
		n := 0
		for r := r0; r < len(rowH) && h >= rowH[r]-0.01; r++ {
			h -= rowH[r]
			n++
		}
		return max(n, 1)
	}
	rowsH := func(r0, n int) float32 {
		h := float32(0)
		for r := r0; r < min(len(rowH), r0+n); r++ {
			h += rowH[r]
		}
		return h
	}
	stripH := 0.35 * ts
	headerH := stripH + 2*pad + 2*st.lh(ts)

	first := true
	for g := 0; g < groups; g++ {
		s0 := g * per
		s1 := min(nStages, s0+per)
		for r0 := 0; r0 < len(mx.Rows); {
			left := len(mx.Rows) - r0
			body := headerH + rowsH(r0, min(st.MinRows, left))
			caption := ""
			if first {
				placeHeading(body)
				first = false
			} else {
				capH := st.lh(st.SmallSize) + 0.3*st.Gap
				f.ensure(capH + body)
				r1 := r0 + rowsFit(r0, f.room()-capH-headerH)
				caption = fmt.Sprintf("%s, continued: stages %d–%d of %d, %ss %d–%d of %d",
					heading, s0+1, s1, nStages, what, r0+1, r1, len(mx.Rows))
				f.text(Ellipsize(f.m, caption, st.SmallSize, f.w, false), 0, f.y, st.SmallSize, false, InkMuted)
				f.y += capH
			}
			r1 := r0 + rowsFit(r0, f.room()-headerH)
			f.coverageTable(mx, scale, s0, s1, r0, r1, rowHeadW, colW, rowH, headerH, stripH, swatch, lettersOf)
			r0 = r1
			if r0 < len(mx.Rows) || g < groups-1 {
				f.y += 0.6 * st.Gap
			}
		}
	}
	if len(reasons) > 0 {
		f.y += 0.6 * st.Gap
		f.gapKey(reasons)
	}
}

// coverageTable places stages s0..s1 and rows r0..r1 of mx at f.y.
func (f *sheetFlow) coverageTable(mx *model.CoverageMatrix, scale model.Scale, s0, s1, r0, r1 int,
	rowHeadW, colW float32, rowH []float32, headerH, stripH, swatch float32, lettersOf func(model.CoverageCell) []string) {
	st := f.st
	pad, ts := st.Padding, st.TextSize
	y0 := f.y
	tableW := rowHeadW + float32(s1-s0)*colW
	tableH := headerH
	for r := r0; r < r1; r++ {
		tableH += rowH[r]
	}

	// The header row.
	corner := "Channel"
	if mx.By == model.ByOwner {
		corner = "Owner"
	}
	f.fill(Rect{X: 0, Y: y0, W: tableW, H: headerH}, InkHeaderFill, "")
	f.text(corner, pad, y0+headerH-pad-st.lh(ts), ts, true, InkMuted)
	f.text("Stage", pad, y0+stripH+pad, st.SmallSize, false, InkMuted)
	for s := s0; s < s1; s++ {
		x := rowHeadW + float32(s-s0)*colW
		stage := mx.Stages[s]
		f.fill(Rect{X: x, Y: y0, W: colW, H: stripH}, InkAccent, stage.Color)
		name := f.wrap(oneLine(stage.Name), ts, colW-2*pad, true, 2)
		if len(name) == 0 {
			name = []string{fmt.Sprintf("Stage %d", s+1)}
		}
		f.lines(name, x+pad, y0+stripH+pad, ts, true, InkText)
	}

	// The rows.
	y := y0 + headerH
	for r := r0; r < r1; r++ {
		if r > r0 {
			y += rowH[r-1]
		}
		rowH := rowH[r]
		name := oneLine(mx.Rows[r])
		x := pad
		f.fill(Rect{X: 0, Y: y, W: rowHeadW, H: rowH}, InkStripe, "")
		if swatch > 0 && name != model.CoverageNone {
			f.fill(Rect{X: pad, Y: y + pad + (st.lh(ts)-swatch)/2, W: swatch, H: swatch}, InkChannel, name)
			x += swatch + 0.5*ts
		}
		nameInk := InkText
		if name == model.CoverageNone {
			nameInk = InkMuted
		}
		f.lines(f.wrap(name, ts, rowHeadW-x-pad, true, 3), x, y+pad, ts, true, nameInk)
		f.page().Heads = append(f.page().Heads, SheetCell{By: mx.By, Row: r, Stage: -1, Rect: Rect{X: 0, Y: y, W: rowHeadW, H: rowH}})
		for s := s0; s < s1; s++ {
			c := mx.Cells[r][s]
			cell := Rect{X: rowHeadW + float32(s-s0)*colW, Y: y, W: colW, H: rowH}
			letters := lettersOf(c)
			if c.Scored > 0 && c.Touchpoints > 0 {
				switch n := scale.Neutral(); {
				case c.MeanEmotion > n+1e-9:
					f.fill(cell, InkPositive, "")
				case c.MeanEmotion < n-1e-9:
					f.fill(cell, InkNegative, "")
				}
			}
			if len(letters) > 0 {
				f.hatch(cell, 0.55*ts)
			}
			ly := y + pad
			for _, tx := range coverageCellLines(c, scale) {
				f.text(tx.Text.Text, cell.X+pad, ly, ts, tx.Bold, tx.Ink)
				ly += st.lh(ts)
			}
			if len(letters) > 0 {
				// The border inside the cell, so that neighbours' borders
				// and the grid do not cover it.
				bw := 2 * st.Rule
				in := Rect{X: cell.X + bw/2, Y: cell.Y + bw/2, W: cell.W - bw, H: cell.H - bw}
				f.line(in.X, in.Y, in.X+in.W, in.Y, bw, InkGap)
				f.line(in.X+in.W, in.Y, in.X+in.W, in.Y+in.H, bw, InkGap)
				f.line(in.X+in.W, in.Y+in.H, in.X, in.Y+in.H, bw, InkGap)
				f.line(in.X, in.Y+in.H, in.X, in.Y, bw, InkGap)
				lt := strings.Join(letters, ",")
				lw := f.m.Width(lt, ts, true)
				lx := cell.X + cell.W - pad - lw
				f.fill(Rect{X: lx - 0.25*ts, Y: y + pad, W: lw + 0.5*ts, H: st.lh(ts)}, InkPaper, "")
				f.text(lt, lx, y+pad, ts, true, InkGap)
			}
			f.page().Cells = append(f.page().Cells, SheetCell{By: mx.By, Row: r, Stage: s, Rect: cell, Letters: letters})
		}
	}

	// The grid.
	for r, y := r0, y0+headerH; r <= r1; r++ {
		f.line(0, y, tableW, y, st.Rule, InkGrid)
		if r < r1 {
			y += rowH[r]
		}
	}
	f.line(0, y0, tableW, y0, st.Rule, InkGrid)
	for s := 0; s <= s1-s0; s++ {
		x := rowHeadW + float32(s)*colW
		f.line(x, y0, x, y0+tableH, st.Rule, InkGrid)
	}
	f.line(0, y0, 0, y0+tableH, st.Rule, InkGrid)
	f.y = y0 + tableH
}

// hatch fills r with diagonal lines step apart, clipped to r.
func (f *sheetFlow) hatch(r Rect, step float32) {
	if r.W <= 0 || r.H <= 0 || step <= 0 {
		return
	}
	w := 0.35 * f.st.Rule * 2
	// Lines x - y = c, from the top-left corner down to the bottom-right.
	for c := -r.H + step/2; c < r.W; c += step {
		// Enter at the top edge or the left edge; leave at the bottom
		// or the right.
		x0, y0 := c, float32(0)
		if c < 0 {
			x0, y0 = 0, -c
		}
		x1, y1 := c+r.H, r.H
		if x1 > r.W {
			x1, y1 = r.W, r.W-c
		}
		f.line(r.X+x0, r.Y+y0, r.X+x1, r.Y+y1, w, InkGapHatch)
	}
}

// gapKey explains each gap reason by its letter.
func (f *sheetFlow) gapKey(reasons []string) {
	st := f.st
	ss := st.SmallSize
	box := 1.8 * ss
	colGap := 2 * ss
	// Two columns when the page is wide enough for them.
	cols := 1
	if f.w >= 70*ss {
		cols = 2
	}
	colW := (f.w - float32(cols-1)*colGap) / float32(cols)
	type entry struct {
		lines []string
		h     float32
	}
	entries := make([]entry, len(reasons))
	for i, r := range reasons {
		ls := f.wrap(r, ss, colW-box-0.8*ss, false, 3)
		entries[i] = entry{ls, max(box, float32(len(ls))*st.lh(ss)) + 0.3*ss}
	}
	for i := 0; i < len(entries); i += cols {
		rowH := float32(0)
		for k := i; k < min(len(entries), i+cols); k++ {
			rowH = max(rowH, entries[k].h)
		}
		if i == 0 {
			// The heading goes with the first entries.
			f.ensure(st.lh(st.TextSize) + rowH)
			f.text("Gaps", 0, f.y, st.TextSize, true, InkText)
			f.y += st.lh(st.TextSize)
		}
		f.ensure(rowH)
		for k := i; k < min(len(entries), i+cols); k++ {
			x := float32(k-i) * (colW + colGap)
			b := Rect{X: x, Y: f.y, W: box, H: box * 0.8}
			f.fill(b, InkPaper, "")
			f.hatch(b, 0.45*ss)
			bw := st.Rule * 1.5
			f.line(b.X, b.Y, b.X+b.W, b.Y, bw, InkGap)
			f.line(b.X+b.W, b.Y, b.X+b.W, b.Y+b.H, bw, InkGap)
			f.line(b.X+b.W, b.Y+b.H, b.X, b.Y+b.H, bw, InkGap)
			f.line(b.X, b.Y+b.H, b.X, b.Y, bw, InkGap)
			lt := GapLetter(k)
			lw := f.m.Width(lt, ss, true)
			f.fill(Rect{X: b.X + (b.W-lw)/2 - 0.15*ss, Y: b.Y + (b.H-st.lh(ss))/2, W: lw + 0.3*ss, H: st.lh(ss)}, InkPaper, "")
			f.text(lt, b.X+(b.W-lw)/2, b.Y+(b.H-st.lh(ss))/2, ss, true, InkGap)
			f.lines(entries[k].lines, x+box+0.8*ss, f.y+(b.H-st.lh(ss))/2, ss, false, InkText)
		}
		f.y += rowH
	}
	f.y += 0.4 * st.Gap
}

// --- the backlog ---------------------------------------------------------------

// backlogCol is one column of the backlog table.
type backlogCol struct {
	name  string
	w     float32
	right bool // numbers, aligned right
}

// LayoutBacklog lays out the ranked backlog items (model.Backlog) on
// pages of w × h: rank, title, pain point or opportunity, impact, effort,
// value, quadrant, stage and owner; the cards not rated yet follow under
// their own heading. A long backlog continues on as many pages as it
// takes, the header repeated on each.
func LayoutBacklog(m Metrics, st SheetStyle, head SheetHead, items []model.BacklogItem, w, h float32) []SheetPage {
	f := newSheetFlow(m, st, head, w, h)
	f.backlog(items)
	if len(f.pages) == 0 {
		f.newPage()
	}
	return f.finish(func([]string) string { return "Backlog" })
}

func (f *sheetFlow) backlog(items []model.BacklogItem) {
	st := f.st
	ts, pad := st.TextSize, st.Padding
	rated := 0
	for _, it := range items {
		if it.Rank > 0 {
			rated++
		}
	}
	note := fmt.Sprintf("The journey's pain points and opportunities, ranked by value: impact ÷ effort, each rated 1 to %d (%d and more count as high); ties in reading order.",
		model.MaxPriority, model.PriorityMiddle)
	f.ensure(st.lh(st.HeadingSize))
	f.text("Ranked backlog", 0, f.y, st.HeadingSize, true, InkText)
	f.y += st.lh(st.HeadingSize)
	f.paragraph(note, st.SmallSize, false, InkMuted)
	f.y += 0.5 * st.Gap
	if len(items) == 0 {
		f.paragraph("No pain points or opportunities in this journey yet.", ts, false, InkMuted)
		return
	}

	width := func(s string, bold bool) float32 { return f.m.Width(s, ts, bold) + 2*pad }
	numW := func(name, widest string) float32 { return max(width(name, true), width(widest, false)) }
	dot := 0.55 * ts
	cols := []backlogCol{
		{name: "#", w: numW("#", fmt.Sprint(len(items))), right: true},
		{name: "Title"},
		{name: "Kind", w: max(width("Kind", true), width("opportunity", false)+dot+0.4*ts)},
		{name: "Impact", w: numW("Impact", "5"), right: true},
		{name: "Effort", w: numW("Effort", "5"), right: true},
		{name: "Value", w: numW("Value", "5.00"), right: true},
		{name: "Quadrant", w: max(width("Quadrant", true), width("Money pits", false))},
		{name: "Stage"},
		{name: "Owner"},
	}
	fixed := float32(0)
	for _, c := range cols {
		fixed += c.w
	}
	// The title takes half of what is left, the stage and the owner a
	// quarter each; on wide paper no more than reads well.
	rest := max(f.w-fixed, 24*ts)
	cols[1].w, cols[7].w, cols[8].w = min(0.5*rest, 40*ts), min(0.25*rest, 16*ts), min(0.25*rest, 16*ts)
	tableW := float32(0)
	for _, c := range cols {
		tableW += c.w
	}
	headerH := 2*pad + st.lh(ts)

	type row struct {
		cells [][]string
		inks  []Ink
		h     float32
	}
	rowOf := func(it model.BacklogItem) row {
		t := it.Card
		// A card not rated yet leaves the ratings blank: its section's
		// heading says why.
		var rank, impact, effort, value, quad string
		if it.Rank > 0 {
			rank, impact, effort = fmt.Sprint(it.Rank), fmt.Sprint(t.Impact), fmt.Sprint(t.Effort)
			value = fmt.Sprintf("%.2f", it.Value)
			quad = model.QuadrantOf(t.Impact, t.Effort).String()
		}
		kind := strings.Split(model.BacklogKind(t), ", ") // a line each
		owner := oneLine(t.Owner)
		ownerInk := InkText
		if owner == "" {
			owner, ownerInk = "no owner", InkMuted
		}
		title := f.wrap(oneLine(t.Title), ts, cols[1].w-2*pad, false, 3)
		if len(title) == 0 {
			title = []string{"(untitled)"}
		}
		cells := [][]string{{rank}, title, kind, {impact}, {effort}, {value}, {quad},
			f.wrap(oneLine(it.Stage.Name), ts, cols[7].w-2*pad, false, 2),
			f.wrap(owner, ts, cols[8].w-2*pad, false, 2)}
		inks := []Ink{InkMuted, InkText, InkText, InkText, InkText, InkText, InkText, InkText, ownerInk}
		if it.Rank > 0 {
			inks[0] = InkText
		}
		n := 1
		for _, c := range cells {
			n = max(n, len(c))
		}
		return row{cells: cells, inks: inks, h: 2*pad + float32(n)*st.lh(ts)}
	}

	header := func() {
		y := f.y
		f.fill(Rect{X: 0, Y: y, W: tableW, H: headerH}, InkHeaderFill, "")
		x := float32(0)
		for _, c := range cols {
			if c.right {
				f.text(c.name, x+c.w-pad-f.m.Width(c.name, ts, true), y+pad, ts, true, InkText)
			} else {
				f.text(c.name, x+pad, y+pad, ts, true, InkText)
			}
			x += c.w
		}
		f.line(0, y, tableW, y, st.Rule, InkGrid)
		f.line(0, y+headerH, tableW, y+headerH, st.Rule, InkGrid)
		f.y += headerH
	}

	section := func(from, to int, title, sub string) {
		var rows []row
		for _, it := range items[from:to] {
			rows = append(rows, rowOf(it))
		}
		var subLines []string
		if sub != "" {
			subLines = f.wrap(sub, st.SmallSize, f.w, false, 0)
		}
		titleH := float32(0)
		if title != "" {
			titleH = st.lh(st.TextSize*1.15) + float32(len(subLines))*st.lh(st.SmallSize) + 0.3*st.Gap
		}
		firstH := float32(0)
		for i := 0; i < min(st.MinRows, len(rows)); i++ {
			firstH += rows[i].h
		}
		f.ensure(titleH + headerH + firstH)
		f.part("backlog")
		if title != "" {
			f.text(title, 0, f.y, st.TextSize*1.15, true, InkText)
			f.y += st.lh(st.TextSize * 1.15)
			f.lines(subLines, 0, f.y, st.SmallSize, false, InkMuted)
			f.y += float32(len(subLines))*st.lh(st.SmallSize) + 0.3*st.Gap
		}
		header()
		for i, r := range rows {
			if r.h > f.room()+0.01 {
				f.newPage()
				f.part("backlog")
				cont := "Backlog, continued"
				if title != "" {
					cont = title + ", continued"
				}
				f.text(cont, 0, f.y, st.SmallSize, false, InkMuted)
				f.y += st.lh(st.SmallSize) + 0.3*st.Gap
				header()
			}
			y := f.y
			if i%2 == 1 {
				f.fill(Rect{X: 0, Y: y, W: tableW, H: r.h}, InkStripe, "")
			}
			x := float32(0)
			for k, c := range cols {
				lines := r.cells[k]
				switch {
				case k == 2: // kind: a mark before each word
					for n, s := range lines {
						ly := y + pad + float32(n)*st.lh(ts)
						// Told apart by shape as well as colour, as on
						// the map: a warning triangle, a disc.
						cx, cy := x+pad+dot/2, ly+st.lh(ts)/2
						if s == "opportunity" {
							f.page().Dots = append(f.page().Dots, SheetDot{Center: Point{X: cx, Y: cy}, R: dot / 2, Ink: InkOpportunity})
						} else {
							h := dot * 0.9
							f.page().Polys = append(f.page().Polys, SheetPolygon{Ink: InkPainPoint, Points: []Point{
								{X: cx, Y: cy - h/2 - 0.05*dot}, {X: cx + dot/2 + 0.05*dot, Y: cy + h/2}, {X: cx - dot/2 - 0.05*dot, Y: cy + h/2}}})
						}
						f.text(s, x+pad+dot+0.4*ts, ly, ts, false, InkText)
					}
				case c.right:
					for n, s := range lines {
						f.text(s, x+c.w-pad-f.m.Width(s, ts, false), y+pad+float32(n)*st.lh(ts), ts, false, r.inks[k])
					}
				default:
					f.lines(lines, x+pad, y+pad, ts, false, r.inks[k])
				}
				x += c.w
			}
			f.line(0, y+r.h, tableW, y+r.h, st.Rule, InkGrid)
			f.page().Items = append(f.page().Items, SheetItem{Index: from + i, Rect: Rect{X: 0, Y: y, W: tableW, H: r.h}})
			f.y += r.h
		}
		f.y += st.Gap
	}
	if rated > 0 {
		section(0, rated, "", "")
	} else {
		f.paragraph("None is rated yet: give each an impact and an effort on the priority view to rank them.", ts, false, InkMuted)
		f.y += st.Gap
	}
	if rated < len(items) {
		section(rated, len(items), "Not rated yet",
			"Pain points and opportunities with no impact and effort yet, in reading order: rate them on the priority view to rank them.")
	}
}

// SheetTexts yields every string the pages show, for a glyph check.
func SheetTexts(pages []SheetPage) func(yield func(string)) {
	return func(yield func(string)) {
		for i := range pages {
			for k := range pages[i].Texts {
				yield(pages[i].Texts[k].Text.Text)
			}
		}
	}
}
