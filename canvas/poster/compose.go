package poster

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"waymark/canvas/geometry"
	"waymark/model"
)

// composition places the parts of one poster page: the title block at the
// top, the legend at the bottom and the map, scaled by one transform to fit
// between them. It lays out only the poster's own furniture; the map is the
// layout's.
type composition struct {
	W, H   float64 // the poster page, points
	orient Orientation
	m      float64 // margin
	cw     float64 // content width
	boost  float64 // growth of the poster's own type over the page's size
	lh     float64 // line height as a multiple of the size (the layout's)

	// type sizes, points
	kicker, headline, body, small, heading float64

	titleH   float64
	lens     lensLine // what the lens shows, when it filters anything
	steward  string   // who owns the journey, its review date, the latest version; "" when none
	personas []*model.Persona
	// firstSlot is the slot of personas[0], and each next one's is the
	// next: under a persona lens the one persona keeps its own slot, so
	// that its colour, dashes and point shape are its curve's.
	firstSlot int
	shown     int // personas summarised in the title block; the rest are counted
	perRow    int
	pRowH     float64 // one row of persona summaries
	photoD    float64

	mapT            Transform
	mapX, mapY      float64 // the map's box on the page
	mapW, mapH      float64
	availY, availH  float64 // the band between title block and legend
	minText, minRaw float64 // smallest map text printed, and in board units

	legendY, legendH float64
	legendRows       int
	legendBands      int
	legendScale      float64 // legend sizes relative to small/heading
	sections         []legendSection
}

type iconKind int

const (
	iconCurve iconKind = iota
	iconPositive
	iconNeutral
	iconNegative
	iconPoint
	iconPain
	iconOpportunity
	iconMoment
	iconBadge
	iconConfidence
	iconChannel
	iconLane
	iconMore // no icon: "… and 142 more personas"
	iconReach
	iconFlow
	iconLost
	iconDisagree
	iconConversion
)

// maxLegendPersonas is the most persona curves the legend lists (six
// rows of eight); a few more than fit on any page, so that a cast of
// thousands is not measured name by name on every composition.
const maxLegendPersonas = 48

// moreText counts what a list leaves out: "… and 142 more personas".
func moreText(n int, what string) string { return "… and " + thousands(n) + " more " + what }

type legendItem struct {
	icon  iconKind
	label string
	slot  int    // persona slot (curve, badge)
	level int    // confidence level
	text  string // badge label or channel name
}

type legendSection struct {
	title string
	items []legendItem
	// total, when more than items, is how many the section stands for:
	// it keeps to the width of the page and counts the rest.
	total int
	what  string // what total counts
	cols  int
	colW  float64 // each column's width, points
	band  int     // which band of the legend it sits on
}

// laneKindNotes say what each kind of lane holds, for the legend.
var laneKindNotes = map[model.LaneKind]string{
	model.LaneChannel:       "where it happens",
	model.LaneActions:       "what the customer does",
	model.LaneThoughts:      "what they think",
	model.LaneEmotions:      "how they feel: the curve",
	model.LanePainPoints:    "what gets in the way",
	model.LaneOpportunities: "how to do better",
	model.LaneStakeholders:  "who else takes part",
	model.LaneBackstage:     "what happens out of sight",
	model.LaneEvidence:      "what the research shows",
	model.LaneCustom:        "a lane of the team's own",
	model.LaneBehaviour:     "what customers did: an event log's figures",
}

func lineH(c *composition, size float64) float64 { return size * c.lh }

// compose lays out a poster page of w × h points for d.
//
// The poster's own type (title block, legend) is sized from the page, and
// grown up to twice that when the map prints larger, so that the two read
// as one piece: boost is that growth.
func (pt *Painter) compose(d Doc, opt *Options, w, h float64, o Orientation) *composition {
	c := pt.composeWith(d, opt, w, h, o, 1)
	// The title block's body text about as large as the map's small text.
	want := 0.85 * c.mapT.S * float64(d.Layout.Style.SmallSize) / c.body
	if boost := math.Min(2, want); boost > 1.05 {
		c = pt.composeWith(d, opt, w, h, o, boost)
	}
	return c
}

func (pt *Painter) composeWith(d Doc, opt *Options, w, h float64, o Orientation, boost float64) *composition {
	l := d.Layout
	c := &composition{W: w, H: h, orient: o, m: opt.Margin, lh: float64(l.Style.LineSpacing)}
	if c.lh <= 0 {
		c.lh = 1.35
	}
	c.cw = w - 2*c.m
	u := math.Min(w, h) / 110
	c.kicker = math.Max(6.5, 1.0*u) * boost
	c.headline = math.Max(13, 2.3*u) * boost
	c.body = math.Max(6.5, 0.85*u) * boost
	c.small = math.Max(6, 0.72*u) * boost
	c.heading = math.Max(6.5, 0.8*u) * boost
	c.boost = boost
	gap := c.gap()

	// Title block: kicker (project), headline (journey), description, then
	// one summary per persona.
	c.titleH = lineH(c, c.kicker) + 1.25*c.headline
	if strings.TrimSpace(d.Journey.Description) != "" {
		c.titleH += lineH(c, c.body)
	}
	if l.Behaviour != nil {
		c.titleH += lineH(c, c.body)
	}
	if c.lens = lensLineOf(d); c.lens.what != "" {
		c.titleH += lineH(c, c.body)
	}
	if c.steward = stewardLine(d, opt); c.steward != "" {
		c.titleH += lineH(c, c.body)
	}
	c.personas, c.firstSlot = posterCast(d)
	if n := len(c.personas); n > 0 {
		c.perRow = min(n, 4)
		if c.cw/float64(c.perRow) < 40*c.body {
			c.perRow = max(1, int(c.cw/(40*c.body)))
		}
		rows := (n + c.perRow - 1) / c.perRow
		c.pRowH = lineH(c, c.body) + 2*lineH(c, c.small)
		c.photoD = c.pRowH
		// The summaries take at most a sixth of the page's height; past
		// that the last one counts the rest, so that no cast is too large
		// for the map to print.
		step := c.pRowH + 0.4*gap
		c.shown = n
		if most := max(1, int((0.16*(h-2*c.m)+0.4*gap)/step)); rows > most {
			rows = most
			c.shown = rows*c.perRow - 1
		}
		c.titleH += 0.6*gap + float64(rows)*c.pRowH + float64(rows-1)*0.4*gap
	}

	// Legend.
	pt.legend(c, d)
	c.legendY = h - c.m - c.legendH

	// The map between them, as large as it fits, centred.
	c.availY = c.m + c.titleH + 1.2*gap
	c.availH = c.legendY - 1.2*gap - c.availY
	lw, lhh := float64(l.Size.W), float64(l.Size.H)
	s := math.Max(0, math.Min(c.cw/lw, c.availH/lhh))
	c.mapW, c.mapH = lw*s, lhh*s
	c.mapX = c.m + (c.cw-c.mapW)/2
	c.mapY = c.availY + (c.availH-c.mapH)/2
	c.mapT = Transform{S: s, X: c.mapX - s*float64(l.Size.X), Y: c.mapY - s*float64(l.Size.Y)}
	c.minRaw = minTextSize(l)
	c.minText = c.minRaw * s
	return c
}

// legend fills c's legend sections and height.
func (pt *Painter) legend(c *composition, d Doc) {
	l := d.Layout
	var secs []legendSection
	if len(c.personas) > 0 && l.Emotion != nil {
		s := legendSection{title: "Emotion curves", total: len(c.personas), what: "personas"}
		for i, x := range c.personas[:min(len(c.personas), maxLegendPersonas)] {
			s.items = append(s.items, legendItem{icon: iconCurve, slot: c.firstSlot + i, label: x.Name})
		}
		secs = append(secs, s)
	}
	if l.Emotion != nil {
		sc := d.Project.Scale
		sign := func(v int) string {
			if v > 0 && sc.Min < 0 {
				return fmt.Sprintf("+%d", v)
			}
			return fmt.Sprint(v)
		}
		neutral := sc.Neutral()
		nText := fmt.Sprint(neutral)
		if neutral != math.Trunc(neutral) {
			nText = fmt.Sprintf("%.1f", neutral)
		}
		secs = append(secs, legendSection{title: "Emotion scale " + sc.String(), items: []legendItem{
			{icon: iconPositive, label: "Positive, up to " + sign(sc.Max)},
			{icon: iconNeutral, label: "Neutral, " + nText},
			{icon: iconNegative, label: "Negative, down to " + sign(sc.Min)},
			{icon: iconPoint, slot: c.firstSlot, label: "A scored card"},
		}})
	}
	if l.Behaviour != nil {
		s := legendSection{title: "Behaviour", items: []legendItem{
			{icon: iconReach, label: "Persons who reached it"},
			{icon: iconFlow, label: "Went on to the next"},
			{icon: iconLost, label: "Lost; solid: the most"},
		}}
		if l.Emotion != nil && l.Emotion.Conversion != nil {
			s.items = append(s.items, legendItem{icon: iconConversion, label: "Conversion, among the curves"})
		}
		for _, st := range l.Behaviour.Stages {
			if st.Marker.W > 0 {
				s.items = append(s.items, legendItem{icon: iconDisagree, label: "Scores disagree"})
				break
			}
		}
		secs = append(secs, s)
	}
	marks := legendSection{title: "Markers", items: []legendItem{
		{icon: iconPain, label: "Pain point"},
		{icon: iconOpportunity, label: "Opportunity"},
		{icon: iconMoment, label: "Moment of truth"},
	}}
	if len(c.personas) > 0 {
		label := "+1"
		if d.Project.Scale.Min >= 0 {
			label = fmt.Sprint(d.Project.Scale.Max)
		}
		marks.items = append(marks.items, legendItem{icon: iconBadge, slot: c.firstSlot, text: label, label: "A persona's score"})
	}
	secs = append(secs, marks)
	secs = append(secs, legendSection{title: "Evidence", items: []legendItem{
		{icon: iconConfidence, level: 1, label: "Assumption"},
		{icon: iconConfidence, level: 2, label: "Anecdotal"},
		{icon: iconConfidence, level: 3, label: "Validated"},
	}})
	var chans legendSection
	chans.title = "Channels"
	seen := map[string]bool{}
	for i := range l.Cards {
		ch := strings.TrimSpace(l.Cards[i].Channel)
		key := strings.ToLower(ch)
		// A card the lens leaves out prints blank: its channel shows
		// nowhere, so the legend does not name it.
		if ch == "" || seen[key] || l.Cards[i].ChannelChip.W == 0 || l.Cards[i].Dimmed {
			continue
		}
		seen[key] = true
		chans.items = append(chans.items, legendItem{icon: iconChannel, text: ch})
	}
	if len(chans.items) > 0 {
		secs = append(secs, chans)
	}
	lanes := legendSection{title: "Lanes"}
	kinds := map[model.LaneKind]bool{}
	for _, lb := range l.Lanes {
		if kinds[lb.Kind] {
			continue
		}
		kinds[lb.Kind] = true
		lanes.items = append(lanes.items, legendItem{icon: iconLane, label: lb.Kind.Label(), text: laneKindNotes[lb.Kind]})
	}
	if len(lanes.items) > 0 {
		secs = append(secs, lanes)
	}

	// Fit the sections side by side: more rows, then shorter lane notes,
	// then fewer channels; what still does not fit goes on a second band.
	// The type never shrinks below the poster's small size.
	maxLabel := 18 * c.small
	fit := func(rows int, notes bool, maxChannels int) float64 {
		total := 0.0
		for i := range secs {
			s := &secs[i]
			items := s.items
			if s.title == "Channels" && len(items) > maxChannels {
				items = items[:maxChannels]
			}
			s.cols = (len(items) + rows - 1) / rows
			s.colW = 0
			for _, it := range items {
				limit := maxLabel
				if it.icon == iconLane {
					limit = 1.6 * maxLabel // a kind and its note
				}
				s.colW = math.Max(s.colW, math.Min(limit, pt.itemWidth(c, it, notes)))
			}
			if s.total > len(s.items) || s.total > 0 && s.cols*rows < len(s.items) || s.total > 0 && float64(s.cols)*s.colW > c.cw {
				// Counted: as many columns as the page is wide.
				more := legendItem{icon: iconMore, label: moreText(s.total, s.what)}
				s.colW = math.Max(s.colW, math.Min(maxLabel, pt.itemWidth(c, more, notes)))
				s.cols = min(s.cols, max(1, int(c.cw/s.colW)))
			}
			tw := pt.metrics.Width(s.title, float32(c.heading), true)
			s.colW = math.Max(s.colW, float64(tw)/float64(max(s.cols, 1)))
			total += float64(s.cols) * s.colW
		}
		return total + float64(len(secs)-1)*2*c.small
	}
	rows, notes, maxCh := 4, true, 1<<30
	for _, try := range []func(){
		func() {},
		func() { rows = 5 },
		func() { rows = 6 },
		func() { notes = false },
		func() { maxCh = 3 * rows },
	} {
		try()
		if fit(rows, notes, maxCh) <= c.cw {
			break
		}
	}
	fit(rows, notes, maxCh)
	if !notes {
		for i := range secs {
			for k := range secs[i].items {
				if secs[i].items[k].icon == iconLane {
					secs[i].items[k].text = ""
				}
			}
		}
	}
	for i := range secs {
		s := &secs[i]
		if s.title == "Channels" && len(s.items) > maxCh {
			more := len(s.items) - maxCh + 1
			s.items = append(s.items[:maxCh-1:maxCh-1], legendItem{icon: iconLane, label: fmt.Sprintf("and %d more", more)})
		}
		if fits := s.cols * rows; s.total > 0 && s.total > fits {
			kept := min(len(s.items), fits-1)
			s.items = append(s.items[:kept:kept], legendItem{icon: iconMore, label: moreText(s.total-kept, s.what)})
		}
	}
	// Bands: sections left to right, a new band when the next one would
	// run past the content width.
	band, x := 0, 0.0
	for i := range secs {
		w := float64(secs[i].cols) * secs[i].colW
		if x > 0 && x+w > c.cw {
			band++
			x = 0
		}
		secs[i].band = band
		x += w + 2*c.small
	}
	c.sections = secs
	c.legendRows = rows
	c.legendScale = 1
	c.legendBands = band + 1
	c.legendH = float64(c.legendBands)*legendBandH(c) + float64(c.legendBands-1)*c.gap()
}

// legendBandH is the height of one band of legend sections.
func legendBandH(c *composition) float64 {
	return lineH(c, c.heading) + 0.3*c.small + float64(c.legendRows)*legendRowH(c)
}

func legendRowH(c *composition) float64 { return 1.6 * c.small * c.legendScale }

// itemWidth is how wide a legend item is drawn.
func (pt *Painter) itemWidth(c *composition, it legendItem, notes bool) float64 {
	sz := float32(c.small)
	icon := legendIconW(it.icon, float64(sz))
	w := 0.0
	switch it.icon {
	case iconChannel:
		return float64(pt.metrics.Width(it.text, sz, false)) + 1.2*float64(sz) + 1.5*float64(sz)
	case iconLane:
		w = float64(pt.metrics.Width(it.label, sz, true))
		if notes && it.text != "" {
			w += float64(pt.metrics.Width(": "+it.text, sz, false))
		}
		return w + 1.5*float64(sz)
	}
	return icon + float64(pt.metrics.Width(it.label, sz, false)) + 1.5*float64(sz)
}

// legendIconW is the room an item's icon takes before its label, for text
// of size ss. A persona's curve is longer than the other icons: long
// enough for its dash pattern to repeat beside its point, so that dashed,
// dotted and dash-dot lines tell apart.
func legendIconW(icon iconKind, ss float64) float64 {
	switch icon {
	case iconCurve:
		return 3.2 * ss
	case iconMore:
		return 0
	}
	return 2.2 * ss
}

// posterCast is the personas the poster names, in slot order, and the
// slot of the first: the journey's, or under a persona lens that persona
// alone, in its own slot (none when the journey is not drawn for it: its
// map shows no curve either).
func posterCast(d Doc) ([]*model.Persona, int) {
	cast := d.personas()
	l := d.Layout.Lens
	if l == nil || l.Persona == "" {
		return cast, 0
	}
	// Slots as the layout numbers them: the index among the journey's
	// personas.
	for i, x := range cast {
		if x.ID == l.Persona {
			return cast[i : i+1 : i+1], i
		}
	}
	return nil, 0
}

// lensLine says in the title block which lens the map was printed
// through: "Through the lens: channel web · pain points — 12 of 38 cards,
// the others as blank outlines". Its parts are painted in different inks.
type lensLine struct {
	lead string // "Through the lens:", or with its name
	what string // the filters in words; "" for no line
	// counts are the cards shown, then what became of the others, then
	// what that emptied: the parts a narrow page leaves out, last first.
	counts []string
}

func (ln lensLine) String() string { return ln.lead + " " + ln.what + strings.Join(ln.counts, "") }

func lensLineOf(d Doc) lensLine {
	l := d.Layout
	if l.Lens == nil || !l.Lens.Filters() {
		return lensLine{}
	}
	// One line: the filters' values as typed may hold runs of spaces.
	ln := lensLine{lead: "Through the lens:", what: strings.Join(strings.Fields(l.Lens.Describe(d.Project)), " ")}
	if name := strings.Join(strings.Fields(l.Lens.Name), " "); name != "" {
		ln.lead = "Through the lens “" + name + "”:"
	}
	cards := func(n int) string {
		if n == 1 {
			return "card"
		}
		return "cards"
	}
	switch shown, total := l.LensShown, l.LensTotal; {
	case total == 0:
	case l.Lens.Match().All():
		ln.counts = []string{" — all " + thousands(total) + " " + cards(total)}
	case shown == total:
		ln.counts = []string{" — all " + thousands(total) + " " + cards(total) + " pass it"}
	case !l.Lens.Hide:
		ln.counts = []string{" — " + thousands(shown) + " of " + thousands(total) + " " + cards(total), ", the others as blank outlines"}
	default:
		ln.counts = []string{" — " + thousands(shown) + " of " + thousands(total) + " " + cards(total), ", the others left out"}
		var gone []string
		if n := l.CollapsedStages; n > 0 {
			gone = append(gone, plural(n, "stage"))
		}
		if n := l.CollapsedLanes; n > 0 {
			gone = append(gone, plural(n, "lane"))
		}
		if len(gone) > 0 {
			ln.counts = append(ln.counts, ", with the "+strings.Join(gone, " and ")+" they emptied")
		}
	}
	return ln
}

// plural is n of what: "1 stage", "3 stages".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return thousands(n) + " " + what + "s"
}

// minTextSize is the smallest text size of a layout, board units.
func minTextSize(l *geometry.Layout) float64 {
	m := float32(math.MaxFloat32)
	for tx := range l.Texts() {
		if tx.Size > 0 && tx.Size < m {
			m = tx.Size
		}
	}
	for i := range l.Cards {
		if len(l.Cards[i].Markers) > 0 && l.Style.MetaSize < m {
			m = l.Style.MetaSize
		}
	}
	if m == math.MaxFloat32 {
		return float64(l.Style.TitleSize)
	}
	return float64(m)
}

// composeBest picks the orientation: the one asked for, or with Auto the
// one that prints the map larger (landscape for wide maps).
func (pt *Painter) composeBest(d Doc, opt *Options) *composition {
	paper := opt.Paper
	switch opt.Orientation {
	case Landscape:
		return pt.compose(d, opt, paper.H, paper.W, Landscape)
	case Portrait:
		return pt.compose(d, opt, paper.W, paper.H, Portrait)
	}
	p := pt.compose(d, opt, paper.W, paper.H, Portrait)
	l := pt.compose(d, opt, paper.H, paper.W, Landscape)
	wide := d.Layout.Size.W >= d.Layout.Size.H
	switch {
	case l.mapT.S > p.mapT.S*1.01:
		return l
	case p.mapT.S > l.mapT.S*1.01:
		return p
	case wide:
		return l
	}
	return p
}

// readability warns when the map's text prints below ReadableSize, and
// says what would print it readably.
func (pt *Painter) readability(d Doc, opt *Options, c *composition) string {
	if c.minText >= ReadableSize-1e-9 {
		return ""
	}
	msg := fmt.Sprintf("on %s the map's smallest text prints at %.1f pt, below the readable %g pt", opt.Paper.Name, c.minText, ReadableSize)
	area := opt.Paper.W * opt.Paper.H
	us := !isISO(opt.Paper)
	cands := slices.Clone(Papers)
	slices.SortStableFunc(cands, func(a, b Paper) int { return cmp.Compare(a.W*a.H, b.W*b.H) })
	for _, p := range cands {
		if p.W*p.H <= area*1.01 || isISO(p) == us {
			continue
		}
		o := *opt
		o.Paper = p
		if pt.composeBest(d, &o).minText >= ReadableSize {
			tileOn := "A4"
			if us {
				tileOn = "Letter"
			}
			return fmt.Sprintf("%s: choose %s or larger, printed whole or tiled over %s sheets", msg, p.Name, tileOn)
		}
	}
	// Nothing standard is large enough: the poster must grow by k. The
	// advice names only a paper and sheets the options accept.
	k := ReadableSize / math.Max(c.minText, 1e-6) * 1.05
	w := math.Ceil(c.W*k/(100*MM)) * 100
	h := math.Ceil(c.H*k/(100*MM)) * 100
	if w > MaxPaperMM || h > MaxPaperMM {
		return fmt.Sprintf("%s, and it would take a poster of %s × %s m, larger than the 20 × 20 m Waymark prints; split the journey into shorter ones to print it readably",
			msg, trimFloat(math.Ceil(w/100)/10), trimFloat(math.Ceil(h/100)/10))
	}
	big := *opt
	big.Paper, _ = ParsePaper(fmt.Sprintf("%.0fx%.0fmm", w, h))
	for _, name := range []string{"A4", "A3", "A2", "A1", "A0"} {
		big.Tile, _ = ParsePaper(name)
		if big.Tile.W*big.Tile.H < big.Paper.W*big.Paper.H && big.Check() == nil {
			return fmt.Sprintf("%s: print it at least %.0f × %.0f mm (paper %.0fx%.0fmm), tiled over %s %s sheets",
				msg, w, h, w, h, thousands(big.sheetCount()), name)
		}
	}
	return fmt.Sprintf("%s: print it at least %.0f × %.0f mm (paper %.0fx%.0fmm)", msg, w, h, w, h)
}

// isISO reports whether p is an ISO A size or a custom size (metric).
func isISO(p Paper) bool {
	return len(p.Name) == 2 && p.Name[0] == 'A' || strings.Contains(p.Name, "mm") || strings.Contains(p.Name, "cm")
}

// stewardLine says who answers for the journey and how current the map
// is: "Owner: CX team · review by 1 June 2027 · latest version “Round 2”,
// 3 March 2026"; "" when the journey has no owner, no review date and the
// file no version.
func stewardLine(d Doc, opt *Options) string {
	var parts []string
	if o := strings.Join(strings.Fields(d.Journey.Owner), " "); o != "" {
		parts = append(parts, "Owner: "+o)
	}
	if !d.Journey.ReviewBy.IsZero() {
		parts = append(parts, "review by "+d.Journey.ReviewBy.Format("2 January 2006"))
	}
	if v := opt.Latest; v != nil {
		parts = append(parts, "latest version “"+strings.Join(strings.Fields(v.Name), " ")+"”, "+v.Created.Format("2 January 2006"))
	}
	if len(parts) == 0 {
		return ""
	}
	s := strings.Join(parts, " · ")
	return strings.ToUpper(s[:1]) + s[1:]
}
