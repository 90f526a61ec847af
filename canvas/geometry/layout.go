package geometry

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"waymark/model"
)

// Layouter lays journeys out. It keeps the text wraps it has computed, so
// laying out again after one edit only wraps what changed, and reuses its
// working memory from one layout to the next. A Layouter is for one
// goroutine at a time; the layouts it returns are never changed afterwards
// and may be read from anywhere.
type Layouter struct {
	Style   Style
	Metrics Metrics
	// Segment is the segment value whose figures the behaviour lane shows;
	// "" (or a value the figures lack) shows everyone's. Compare, when a
	// value the figures have, is shown beside it.
	Segment, Compare string
	// Lens, when not nil, narrows the map: cards it leaves out are laid
	// out Dimmed, or with Lens.Hide left out with the card lanes and
	// stages that then hold none; the curves follow the cards shown, and
	// Lens.Persona keeps only that persona's curve and badges.
	Lens  *model.Lens
	wraps map[wrapKey][]string
	chips map[chipKey]chipLabel
	// titles remembers each touchpoint's wrapped title, found by pointer
	// rather than by hashing the text: the wrap cache's key is the whole title.
	titles map[*model.Touchpoint]titleLines
	// cacheStyle is the style titles, chips and labels were made for.
	cacheStyle Style
	labels     [2][labelBias + 16]chipLabel // [bipolar][score+labelBias]
	// prevIDs and prevCardAt are the card order and index of the last
	// layout, shared with the next one when its cards are the same.
	prevIDs    []model.ID
	prevCardAt map[model.ID]int
	// behaviour is the last behaviour band laid out, and what it was laid
	// out from: most layouts follow an edit that changes none of it.
	behaviour  behaviourCache
	conversion conversionCache
	// scratch is reused from one layout to the next (the board lays out
	// after every edit); nothing in it outlives a call to Layout.
	scratch struct {
		cellStart, fill []int
		cellOf          []int32
		keys            []uint64
		plans           []cardPlan
		scores          []slotScore
		means           []model.StageMean
		shown           []bool // by touchpoint: passes the lens
	}
}

// grow returns s resized to n, reusing its array when it is large enough.
// The contents are not cleared.
func grow[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]T, n, n+n/4)
}

type wrapKey struct {
	text     string
	size     float32
	width    float32
	bold     bool
	maxLines int
}

// NewLayouter returns a layouter for a style and a way of measuring text.
func NewLayouter(style Style, m Metrics) *Layouter {
	return &Layouter{Style: style, Metrics: m, wraps: map[wrapKey][]string{}}
}

// maxCachedWraps bounds the wrap cache; it is cleared when full, which costs
// one slower layout.
const maxCachedWraps = 50_000

func (lo *Layouter) wrap(text string, size, width float32, bold bool, maxLines int) []string {
	k := wrapKey{text, size, width, bold, maxLines}
	if w, ok := lo.wraps[k]; ok {
		return w
	}
	if len(lo.wraps) >= maxCachedWraps {
		clear(lo.wraps)
	}
	w := Wrap(lo.Metrics, text, size, width, bold, maxLines)
	lo.wraps[k] = w
	return w
}

type titleLines struct {
	title string
	lines []string
}

// titleLines is the wrapped title of a card of width titleW.
func (lo *Layouter) titleLines(t *model.Touchpoint, titleW float32) []string {
	if e, ok := lo.titles[t]; ok && e.title == t.Title {
		return e.lines
	}
	st := lo.Style
	w := lo.wrap(t.Title, st.TitleSize, titleW, true, st.TitleMaxLines)
	if lo.titles == nil {
		lo.titles = map[*model.Touchpoint]titleLines{}
	}
	lo.titles[t] = titleLines{t.Title, w}
	return w
}

func (lo *Layouter) lines(text string, x, y, size, width float32, bold bool, maxLines int) []Text {
	ws := lo.wrap(text, size, width, bold, maxLines)
	out := make([]Text, len(ws))
	lh := lo.Style.LineHeight(size)
	for i, w := range ws {
		out[i] = Text{Text: w, X: x, Y: y + float32(i)*lh, Size: size, Bold: bold}
	}
	return out
}

// accentWidth is the coloured strip on a card's left edge.
const accentWidth = 4

// cardPlan is what the first pass learns of a card, for the row heights and
// then for the card itself, so neither the wrap nor the scores are looked up
// twice.
type cardPlan struct {
	t      *model.Touchpoint
	title  []string
	img    float32 // height of the picture strip, 0 without one
	h      float32
	scores []slotScore // the journey's personas that scored the card, in slot order
	rows   int         // badge rows above the meta row
	dim    bool        // the lens leaves the card out: drawn Dimmed
}

type slotScore struct{ slot, score int }

// imageGap separates a card's picture from its title.
const imageGap = 6

// imageStrip is the height a card's picture takes, gap included: a 2:1 strip
// across the card, which the painters fill edge to edge (cropping the
// picture's overflow, never stretching it).
func imageStrip(width float32) float32 { return float32(int(width/2)) + imageGap }

// Layout computes the geometry of journey j of project p, through the
// layouter's Lens when it has one.
func (lo *Layouter) Layout(p *model.Project, j *model.Journey) *Layout {
	st := lo.Style
	out := &Layout{Style: st}
	lanes := make([]*model.Lane, 0, len(j.Lanes))
	for _, l := range j.Lanes {
		if !l.Hidden {
			lanes = append(lanes, l)
		}
	}
	x0 := st.LaneHeaderWidth
	pad := st.CellPadding
	sc := &lo.scratch

	// The lens: which cards pass it and, with Hide, which stages and lanes
	// are left once the cards it leaves out are gone.
	lv := newLensView(lo.Lens)
	out.Lens = lv.lens
	stages := j.Stages
	var shown []bool // by touchpoint; nil when every card passes
	if lv.match != nil {
		shown = grow(sc.shown, len(j.Touchpoints))
		sc.shown = shown
		if lv.hide {
			visible := len(lanes)
			stages, lanes, out.LensTotal, out.LensShown = lv.collapse(j, lanes, shown)
			out.CollapsedStages, out.CollapsedLanes = len(j.Stages)-len(stages), visible-len(lanes)
		} else {
			for i, t := range j.Touchpoints {
				shown[i] = lv.shows(t)
			}
		}
	}

	// Stage headers.
	if len(stages) > 0 {
		out.Stages = make([]StageBox, 0, len(stages))
	}
	for i, s := range stages {
		x := x0 + float32(i)*st.StageWidth
		hdr := Rect{x, 0, st.StageWidth, st.StageHeaderHeight}
		inner := st.StageWidth - 2*pad - accentWidth
		sb := StageBox{ID: s.ID, Index: i, Header: hdr, Color: s.Color,
			Name: lo.lines(s.Name, x+pad+accentWidth, pad, st.HeaderSize, inner, true, 1)}
		descY := pad + st.LineHeight(st.HeaderSize)
		sb.Desc = lo.lines(s.Description, x+pad+accentWidth, descY, st.SmallSize, inner, false, 2)
		out.Stages = append(out.Stages, sb)
	}

	// Cards grouped by cell, in order: a counting sort into one slice, each
	// cell's run then sorted stably by Order.
	laneAt := make(map[model.ID]int, len(lanes))
	for i, l := range lanes {
		laneAt[l.ID] = i
	}
	stageAt := make(map[model.ID]int, len(stages))
	for i, s := range stages {
		stageAt[s.ID] = i
	}
	nCells := len(stages) * len(lanes)
	cellStart := grow(sc.cellStart, nCells+1) // cell c's cards are plans[cellStart[c]:cellStart[c+1]]
	clear(cellStart)
	cellOf := grow(sc.cellOf, len(j.Touchpoints))
	narrow := true // every Order fits the sort keys
	for i, t := range j.Touchpoints {
		si, ok1 := stageAt[t.StageID]
		li, ok2 := laneAt[t.LaneID]
		if ok1 && ok2 && (!lv.hide || shown[i]) {
			c := si*len(lanes) + li
			cellOf[i] = int32(c)
			cellStart[c+1]++
			narrow = narrow && t.Order >= math.MinInt32 && t.Order <= math.MaxInt32
		} else {
			cellOf[i] = -1
		}
	}
	for c := 0; c < nCells; c++ {
		cellStart[c+1] += cellStart[c]
	}
	// Each card is a sort key: its Order, then its index in j.Touchpoints,
	// which makes sorting a cell's keys a stable sort by Order.
	keys := grow(sc.keys, cellStart[nCells])
	fill := grow(sc.fill, nCells)
	copy(fill, cellStart[:nCells])
	for i, t := range j.Touchpoints {
		if c := cellOf[i]; c >= 0 {
			keys[fill[c]] = uint64(uint32(int32(t.Order))^0x80000000)<<32 | uint64(i)
			fill[c]++
		}
	}
	plans := grow(sc.plans, len(keys))
	for c := 0; c < nCells; c++ {
		run := keys[cellStart[c]:cellStart[c+1]]
		if len(run) > 1 && narrow {
			slices.Sort(run)
		}
		for k, key := range run {
			plans[cellStart[c]+k] = cardPlan{t: j.Touchpoints[uint32(key)], dim: shown != nil && !shown[uint32(key)]}
		}
		if len(run) > 1 && !narrow {
			slices.SortStableFunc(plans[cellStart[c]:cellStart[c+1]], func(a, b cardPlan) int { return cmp.Compare(a.t.Order, b.t.Order) })
		}
	}
	sc.cellStart, sc.cellOf, sc.keys, sc.fill, sc.plans = cellStart, cellOf, keys, fill, plans

	// Card heights decide row heights.
	personas := p.JourneyPersonas(j)
	cardW := st.StageWidth - 2*pad
	titleW := cardW - 2*st.CardPadding - accentWidth
	scoreSlab := sc.scores[:0]
	var slotOf map[model.ID]int // persona ID to slot, made when first needed
	// hasImage looks pictures up by ID, indexed when first needed: each of
	// many cards asking the project would walk all its images.
	var images map[model.ID]bool
	hasImage := func(id model.ID) bool {
		if images == nil {
			images = make(map[model.ID]bool, len(p.Images))
			for _, im := range p.Images {
				images[im.ID] = true
			}
		}
		return images[id]
	}
	if lo.cacheStyle != st {
		clear(lo.titles)
		clear(lo.chips)
		lo.labels = [2][labelBias + 16]chipLabel{}
		lo.cacheStyle = st
	}
	if len(lo.titles) > 2*len(j.Touchpoints)+1024 { // touchpoints deleted, or another journey
		clear(lo.titles)
	}
	// A persona lens keeps that persona's badges alone: -1 keeps all, and
	// a persona the journey is not drawn for keeps none.
	onlySlot := -1
	if lv.persona != "" {
		onlySlot = len(personas)
		for slot, x := range personas {
			if x.ID == lv.persona {
				onlySlot = slot
				break
			}
		}
	}
	for i := range plans {
		pl := &plans[i]
		t := pl.t
		pl.title = lo.titleLines(t, titleW)
		if len(t.Emotions) > 0 {
			n0 := len(scoreSlab)
			if len(t.Emotions) < len(personas) {
				// Few scores among many personas: look the scores' personas
				// up, rather than every persona on every scored card.
				if slotOf == nil {
					slotOf = make(map[model.ID]int, len(personas))
					for slot, x := range personas {
						if _, dup := slotOf[x.ID]; !dup {
							slotOf[x.ID] = slot
						}
					}
				}
				for id, score := range t.Emotions {
					if slot, ok := slotOf[id]; ok {
						scoreSlab = append(scoreSlab, slotScore{slot, score})
					}
				}
				slices.SortFunc(scoreSlab[n0:], func(a, b slotScore) int { return cmp.Compare(a.slot, b.slot) })
			} else {
				for slot, x := range personas {
					if score, ok := t.Emotions[x.ID]; ok {
						scoreSlab = append(scoreSlab, slotScore{slot, score})
					}
				}
			}
			if onlySlot >= 0 {
				kept := scoreSlab[:n0]
				for _, s := range scoreSlab[n0:] {
					if s.slot == onlySlot {
						kept = append(kept, s)
					}
				}
				scoreSlab = kept
			}
			// Capacity-limited: later appends to the slab never write here,
			// even while it still shares this backing array.
			pl.scores = scoreSlab[n0:len(scoreSlab):len(scoreSlab)]
		}
		n := max(len(pl.title), 1)
		pl.rows = badgeRows(st, len(pl.scores), metaFixed(st, t), titleW)
		pl.img = 0
		if t.ImageID != "" && hasImage(t.ImageID) {
			pl.img = imageStrip(titleW)
		}
		pl.h = st.CardPadding + pl.img + float32(n)*st.LineHeight(st.TitleSize) + 6 + float32(pl.rows)*badgeStep(st) +
			st.MetaHeight + st.CardPadding
	}
	sc.scores = scoreSlab
	var emotionLane = -1
	for i, l := range lanes {
		if l.Kind == model.LaneEmotions {
			emotionLane = i
			break
		}
	}
	// The behaviour lane's figures, laid out first: they make its row tall.
	behaviourLane := -1
	var figures *behaviourCache
	if j.Behaviour != nil {
		for i, l := range lanes {
			if l.Kind == model.LaneBehaviour {
				behaviourLane = i
				break
			}
		}
	}
	if behaviourLane >= 0 {
		nameLines := len(lo.wrap(lanes[behaviourLane].Name, st.HeaderSize, lo.laneTextWidth(p, false), true, st.HeaderMaxLines))
		headerTop := pad + float32(max(nameLines, 1))*st.LineHeight(st.HeaderSize) + st.LineHeight(st.SmallSize) + 4
		figures = lo.behaviourFor(p, j, stages, lanes[behaviourLane], headerTop, plans, cellStart, len(lanes))
	}
	rowH := make([]float32, len(lanes))
	for li := range lanes {
		h := st.MinCellHeight
		band := float32(0)
		if li == emotionLane {
			band = st.EmotionBandHeight
		}
		if li == behaviourLane {
			band = figures.height
		}
		for si := range stages {
			c := si*len(lanes) + li
			content := band + pad
			for k, pl := range plans[cellStart[c]:cellStart[c+1]] {
				if k > 0 {
					content += st.CardGap
				}
				content += pl.h
			}
			h = max(h, content+pad)
		}
		// The header must fit its name, its kind and, for the emotions lane,
		// the persona legend.
		nameLines := len(lo.wrap(lanes[li].Name, st.HeaderSize, lo.laneTextWidth(p, li == emotionLane), true, st.HeaderMaxLines))
		need := pad + float32(max(st.HeaderMaxLines, nameLines, 1))*st.LineHeight(st.HeaderSize) + st.LineHeight(st.SmallSize) + pad
		if li == emotionLane {
			legend := len(personas)
			if onlySlot >= 0 {
				// The lens persona's line alone, when the legend names it.
				legend = 0
				if onlySlot < len(personas) && (len(personas) <= LaneLegendMax || onlySlot < LaneLegendMax-1) {
					legend = 1
				}
			}
			need += float32(laneLegendLines(legend)) * st.LineHeight(st.SmallSize)
			if j.Behaviour != nil {
				need += st.LineHeight(st.SmallSize) // the conversion line's legend
			}
		}
		if li == behaviourLane {
			need += 4 + figures.header
		}
		rowH[li] = max(h, band+pad, need)
	}

	// Lane headers and rows.
	y := st.StageHeaderHeight
	width := x0 + float32(len(stages))*st.StageWidth
	if len(lanes) > 0 {
		out.Lanes = make([]LaneBox, 0, len(lanes))
	}
	for i, l := range lanes {
		hdr := Rect{0, y, st.LaneHeaderWidth, rowH[i]}
		inner := lo.laneTextWidth(p, i == emotionLane)
		name := lo.lines(l.Name, pad, y+pad, st.HeaderSize, inner, true, st.HeaderMaxLines)
		kindY := y + pad + float32(max(len(name), 1))*st.LineHeight(st.HeaderSize)
		lb := LaneBox{ID: l.ID, Index: i, Kind: l.Kind, Header: hdr, Row: Rect{x0, y, width - x0, rowH[i]}, Name: name,
			Kind2: lo.lines(l.Kind.Label(), pad, kindY, st.SmallSize, inner, false, 1)}
		out.Lanes = append(out.Lanes, lb)
		y += rowH[i]
	}
	height := y
	out.Size = Rect{0, 0, width, height}
	out.Corner = Rect{0, 0, x0, st.StageHeaderHeight}
	out.Title = lo.lines(j.Title, pad, pad, st.HeaderSize, x0-2*pad, true, 2)
	for i := range out.Stages {
		h := out.Stages[i].Header
		out.Stages[i].Column = Rect{h.X, h.Y + h.H, h.W, height - h.H}
	}

	// Cells and cards. The cards' lines, badges, markers and the cells'
	// slots are cut from shared slabs (capacity-limited, so appending to one
	// never reaches the next) instead of thousands of small allocations.
	nLines, nMarkers := 0, 0
	for i := range plans {
		nLines += len(plans[i].title)
		nMarkers += markerCount(plans[i].t)
	}
	sl := slabs{
		text:    make([]Text, nLines),
		badges:  make([]Badge, len(scoreSlab)),
		markers: make([]Marker, nMarkers),
	}
	slots := make([]float32, len(plans)+nCells)
	out.Cells = make([]CellBox, nCells)
	if len(plans) > 0 {
		out.Cards = make([]CardBox, 0, len(plans))
	}
	for si, s := range stages {
		colX := x0 + float32(si)*st.StageWidth
		for li, l := range lanes {
			c := si*len(lanes) + li
			row := out.Lanes[li].Row
			run := plans[cellStart[c]:cellStart[c+1]]
			cell := CellBox{Stage: s.ID, Lane: l.ID, Rect: Rect{colX, row.Y, st.StageWidth, row.H}}
			cell.Slots, slots = slots[:0:len(run)+1], slots[len(run)+1:]
			cy := row.Y + pad
			if li == emotionLane {
				cy += st.EmotionBandHeight
			}
			if li == behaviourLane {
				cy += figures.height
			}
			for k := range run {
				pl := &run[k]
				if k > 0 {
					cy += st.CardGap
				}
				cell.Slots = append(cell.Slots, cy-st.CardGap/2)
				out.Cards = out.Cards[:len(out.Cards)+1]
				lo.card(&out.Cards[len(out.Cards)-1], p, personas, pl, Rect{colX + pad, cy, cardW, pl.h}, s, &sl)
				if pl.dim {
					out.Cards[len(out.Cards)-1].Dimmed = true
				}
				cy += pl.h
			}
			cell.Slots = append(cell.Slots, cy+st.CardGap/2)
			out.Cells[c] = cell
		}
	}
	out.cardAt = lo.cardIndex(out.Cards)
	if lv.match == nil {
		out.LensTotal, out.LensShown = len(out.Cards), len(out.Cards)
	} else if !lv.hide {
		out.LensTotal = len(out.Cards)
		for i := range out.Cards {
			if !out.Cards[i].Dimmed {
				out.LensShown++
			}
		}
	}
	if emotionLane >= 0 {
		out.Emotion = lo.emotionBand(p, personas, out, emotionLane, onlySlot)
		if j.Behaviour != nil {
			out.Emotion.Conversion = lo.conversionLine(j, out, out.Emotion)
		}
	}
	if behaviourLane >= 0 {
		out.Behaviour = lo.placeBehaviour(p, j, stages, figures, out.Lanes[behaviourLane].Row)
	}
	return out
}

// cardIndex maps card IDs to their index in cards. Most layouts follow an
// edit that moved no card, so when the cards are the previous layout's, in
// the same order, its index is shared: it is never written once made, so
// both layouts can read it.
func (lo *Layouter) cardIndex(cards []CardBox) map[model.ID]int {
	if prev := lo.prevIDs; lo.prevCardAt != nil && len(prev) == len(cards) {
		same := true
		for i := range cards {
			if cards[i].ID != prev[i] {
				same = false
				break
			}
		}
		if same {
			return lo.prevCardAt
		}
	}
	m := make(map[model.ID]int, len(cards))
	ids := grow(lo.prevIDs, len(cards))
	for i := range cards {
		m[cards[i].ID] = i
		ids[i] = cards[i].ID
	}
	lo.prevIDs, lo.prevCardAt = ids, m
	return m
}

// laneTextWidth is the width of the name and kind of a lane in its header;
// the emotions lane keeps the scale's labels on the right clear.
func (lo *Layouter) laneTextWidth(p *model.Project, emotions bool) float32 {
	w := lo.Style.LaneHeaderWidth - 2*lo.Style.CellPadding
	if emotions {
		w -= lo.tickReserve(p.Scale)
	}
	return w
}

// slabs hands out the backing arrays of the cards' slices.
type slabs struct {
	text    []Text
	badges  []Badge
	markers []Marker
}

func (s *slabs) takeText(n int) []Text {
	out := s.text[:n:n]
	s.text = s.text[n:]
	return out
}

func (s *slabs) takeBadges(n int) []Badge {
	if n == 0 {
		return nil
	}
	out := s.badges[:0:n]
	s.badges = s.badges[n:]
	return out
}

func (s *slabs) takeMarkers(n int) []Marker {
	if n == 0 {
		return nil
	}
	out := s.markers[:0:n]
	s.markers = s.markers[n:]
	return out
}

func markerCount(t *model.Touchpoint) int {
	n := 0
	for _, on := range [3]bool{t.PainPoint, t.Opportunity, t.MomentOfTruth} {
		if on {
			n++
		}
	}
	return n
}

// flagMarkers appends to dst the markers of t's flags (pain point,
// opportunity and, with truth, moment of truth), in a row of size-wide
// boxes from x at y, and returns them and the x after the row.
func flagMarkers(dst []Marker, t *model.Touchpoint, truth bool, x, y, size float32) ([]Marker, float32) {
	for _, f := range [3]struct {
		on   bool
		kind MarkerKind
	}{{t.PainPoint, PainPoint}, {t.Opportunity, Opportunity}, {truth && t.MomentOfTruth, MomentOfTruth}} {
		if f.on {
			dst = append(dst, Marker{f.kind, Rect{x, y, size, size}})
			x += size + 3
		}
	}
	return dst, x
}

// card fills cb, a zero CardBox, with the card of pl at r.
func (lo *Layouter) card(cb *CardBox, p *model.Project, personas []*model.Persona, pl *cardPlan, r Rect, s *model.Stage, sl *slabs) {
	st := lo.Style
	t := pl.t
	cb.ID, cb.Stage, cb.Lane, cb.Order, cb.Rect = t.ID, t.StageID, t.LaneID, t.Order, r
	cb.Channel, cb.Confidence, cb.Accent = t.Channel, t.Confidence, t.Color
	if cb.Accent == "" {
		cb.Accent = s.Color
	}
	left := r.X + accentWidth + st.CardPadding
	inner := r.W - accentWidth - 2*st.CardPadding
	cb.Image, cb.ImageID = Rect{}, ""
	top := r.Y + st.CardPadding
	if pl.img > 0 {
		// The picture strip heads the card; the title follows it.
		cb.Image, cb.ImageID = Rect{left, top, inner, pl.img - imageGap}, t.ImageID
		top += pl.img
	}
	cb.Title = sl.takeText(len(pl.title))
	lh := st.LineHeight(st.TitleSize)
	for i, w := range pl.title {
		cb.Title[i] = Text{Text: w, X: left, Y: top + float32(i)*lh, Size: st.TitleSize, Bold: true}
	}
	metaY := r.Y + r.H - st.CardPadding - st.MetaHeight
	right := left + inner
	mark := st.MetaHeight
	// Markers and confidence take fixed room; the channel chip gets the rest.
	fixed := metaFixed(st, t)
	rows := pl.rows

	// Badges from the right, one per persona that scored the card. They are
	// placed last persona first, so that once reversed they read left to
	// right in legend (slot) order, and Badges is in slot order. When they do
	// not fit beside the markers, they go in rows of their own above the
	// meta row (the card is that much taller), the first personas on top.
	cb.Badges = sl.takeBadges(len(pl.scores))
	by, bx, inRow := metaY, right, 0
	if rows > 0 {
		by = metaY - badgeStep(st)
	}
	perRow := badgesPerRow(st, inner)
	for k := len(pl.scores) - 1; k >= 0; k-- {
		slot, score := pl.scores[k].slot, pl.scores[k].score
		if rows > 0 && inRow == perRow {
			by -= badgeStep(st)
			bx, inRow = right, 0
		}
		bx -= st.BadgeSize
		b := Badge{Persona: personas[slot].ID, Slot: slot, Score: score, Rect: Rect{bx, by, st.BadgeSize, st.BadgeSize}}
		label, lw := lo.scoreLabel(p.Scale, score)
		b.Label = Text{Text: label, X: bx + (st.BadgeSize-lw)/2, Y: by + (st.BadgeSize-st.LineHeight(st.MetaSize))/2, Size: st.MetaSize, Bold: true}
		cb.Badges = append(cb.Badges, b)
		bx -= 3
		inRow++
	}
	slices.Reverse(cb.Badges)
	if rows == 0 {
		right = bx
	}
	x := left
	if t.Channel != "" {
		if ch := lo.chip(t.Channel, right-x-fixed-6); ch.ok {
			w := ch.width + 12
			cb.ChannelChip = Rect{x, metaY, w, st.MetaHeight}
			cb.ChannelText = Text{Text: ch.label, X: x + 6, Y: metaY + (st.MetaHeight-st.LineHeight(st.MetaSize))/2, Size: st.MetaSize}
			x += w + 6
		}
	}
	cb.Markers, x = flagMarkers(sl.takeMarkers(markerCount(t)), t, true, x, metaY, mark)
	if t.Confidence != "" {
		cb.ConfRect = Rect{x, metaY + (mark-6)/2, confWidth, 6}
	}
}

// chipKey and chipLabel cache a channel chip's label: channels repeat on
// many cards, and shortening one with an ellipsis measures it many times.
type chipKey struct {
	channel string
	room    float32
}

type chipLabel struct {
	label string
	width float32 // of label
	ok    bool    // false: no room for a chip
}

// chip fits a channel's label in room (the meta row left for the chip,
// its 12 units of padding included).
func (lo *Layouter) chip(channel string, room float32) chipLabel {
	k := chipKey{channel, room}
	if c, ok := lo.chips[k]; ok {
		return c
	}
	st := lo.Style
	var c chipLabel
	textW := min(lo.Metrics.Width(channel, st.MetaSize, false), room-12)
	if textW > 8 {
		c.label = Ellipsize(lo.Metrics, channel, st.MetaSize, textW+0.5, false)
		c.width = lo.Metrics.Width(c.label, st.MetaSize, false)
		c.ok = true
	}
	if lo.chips == nil || len(lo.chips) >= maxCachedWraps {
		lo.chips = map[chipKey]chipLabel{}
	}
	lo.chips[k] = c
	return c
}

// scoreLabel is a score as a badge shows it (signed on bipolar scales) and
// its width, remembered: a map shows the same few scores on many cards.
func (lo *Layouter) scoreLabel(sc model.Scale, score int) (string, float32) {
	bi, k := 0, score+labelBias
	if sc.Min < 0 {
		bi = 1
	}
	if k >= 0 && k < len(lo.labels[bi]) && lo.labels[bi][k].ok {
		return lo.labels[bi][k].label, lo.labels[bi][k].width
	}
	label := strconv.Itoa(score)
	if score > 0 && sc.Min < 0 {
		label = "+" + label
	}
	e := chipLabel{label: label, width: lo.Metrics.Width(label, lo.Style.MetaSize, true), ok: true}
	if k >= 0 && k < len(lo.labels[bi]) {
		lo.labels[bi][k] = e
	}
	return e.label, e.width
}

// labelBias maps the scores of every scale preset (-5..10) into the label
// cache.
const labelBias = 8

// metaFixed is the room the markers and the confidence dots of a card take
// on its meta row, gaps included.
func metaFixed(st Style, t *model.Touchpoint) float32 {
	fixed := float32(0)
	for _, on := range [3]bool{t.PainPoint, t.Opportunity, t.MomentOfTruth} {
		if on {
			fixed += st.MetaHeight + 3
		}
	}
	if t.Confidence != "" {
		fixed += confWidth + 3
	}
	return fixed
}

func badgeStep(st Style) float32 { return st.BadgeSize + 3 }

func badgesPerRow(st Style, inner float32) int {
	return max(1, int((inner+3)/badgeStep(st)))
}

// badgeRows is the number of rows of their own that n badges need above a
// card's meta row: 0 when they fit on the meta row beside the markers and
// the confidence dots, which take fixed.
func badgeRows(st Style, n int, fixed, inner float32) int {
	if n == 0 || fixed+float32(n)*badgeStep(st) <= inner {
		return 0
	}
	per := badgesPerRow(st, inner)
	return (n + per - 1) / per
}

// confWidth is the width of the three confidence dots.
const confWidth = 20
