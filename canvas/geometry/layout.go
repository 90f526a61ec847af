package geometry

import (
	"slices"
	"strconv"

	"waymark/model"
)

// Layouter lays journeys out. It keeps the text wraps it has computed, so
// laying out again after one edit only wraps what changed.
type Layouter struct {
	Style   Style
	Metrics Metrics
	wraps   map[wrapKey][]string
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

// Layout computes the geometry of journey j of project p.
func (lo *Layouter) Layout(p *model.Project, j *model.Journey) *Layout {
	st := lo.Style
	out := &Layout{Style: st, cardAt: make(map[model.ID]int, len(j.Touchpoints))}
	var lanes []*model.Lane
	for _, l := range j.Lanes {
		if !l.Hidden {
			lanes = append(lanes, l)
		}
	}
	x0 := st.LaneHeaderWidth
	pad := st.CellPadding

	// Stage headers.
	for i, s := range j.Stages {
		x := x0 + float32(i)*st.StageWidth
		hdr := Rect{x, 0, st.StageWidth, st.StageHeaderHeight}
		inner := st.StageWidth - 2*pad - accentWidth
		sb := StageBox{ID: s.ID, Index: i, Header: hdr, Color: s.Color,
			Name: lo.lines(s.Name, x+pad+accentWidth, pad, st.HeaderSize, inner, true, 1)}
		descY := pad + st.LineHeight(st.HeaderSize)
		sb.Desc = lo.lines(s.Description, x+pad+accentWidth, descY, st.SmallSize, inner, false, 2)
		out.Stages = append(out.Stages, sb)
	}

	// Cards grouped by cell, in order.
	laneAt := make(map[model.ID]int, len(lanes))
	for i, l := range lanes {
		laneAt[l.ID] = i
	}
	stageAt := make(map[model.ID]int, len(j.Stages))
	for i, s := range j.Stages {
		stageAt[s.ID] = i
	}
	cells := make([][]*model.Touchpoint, len(j.Stages)*len(lanes))
	for _, t := range j.Touchpoints {
		si, ok1 := stageAt[t.StageID]
		li, ok2 := laneAt[t.LaneID]
		if ok1 && ok2 {
			cells[si*len(lanes)+li] = append(cells[si*len(lanes)+li], t)
		}
	}
	for _, c := range cells {
		slices.SortStableFunc(c, func(a, b *model.Touchpoint) int { return a.Order - b.Order })
	}

	// Card heights decide row heights.
	cardW := st.StageWidth - 2*pad
	titleW := cardW - 2*st.CardPadding - accentWidth
	cardH := func(t *model.Touchpoint) (float32, []string) {
		w := lo.wrap(t.Title, st.TitleSize, titleW, true, st.TitleMaxLines)
		n := max(len(w), 1)
		return st.CardPadding + float32(n)*st.LineHeight(st.TitleSize) + 6 + st.MetaHeight + st.CardPadding, w
	}
	var emotionLane = -1
	for i, l := range lanes {
		if l.Kind == model.LaneEmotions {
			emotionLane = i
			break
		}
	}
	personas := attachedPersonas(p, j)
	rowH := make([]float32, len(lanes))
	heights := make(map[model.ID]float32, len(j.Touchpoints))
	for li := range lanes {
		h := st.MinCellHeight
		band := float32(0)
		if li == emotionLane {
			band = st.EmotionBandHeight
		}
		for si := range j.Stages {
			content := band + pad
			for k, t := range cells[si*len(lanes)+li] {
				ch, _ := cardH(t)
				heights[t.ID] = ch
				if k > 0 {
					content += st.CardGap
				}
				content += ch
			}
			h = max(h, content+pad)
		}
		// The header must fit its name, its kind and, for the emotions lane,
		// the persona legend.
		need := pad + 2*st.LineHeight(st.HeaderSize) + st.LineHeight(st.SmallSize) + pad
		if li == emotionLane {
			need += float32(len(personas)) * st.LineHeight(st.SmallSize)
		}
		rowH[li] = max(h, band+pad, need)
	}

	// Lane headers and rows.
	y := st.StageHeaderHeight
	width := x0 + float32(len(j.Stages))*st.StageWidth
	for i, l := range lanes {
		hdr := Rect{0, y, st.LaneHeaderWidth, rowH[i]}
		inner := st.LaneHeaderWidth - 2*pad
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

	// Cells and cards.
	out.Cells = make([]CellBox, len(j.Stages)*len(lanes))
	for si, s := range j.Stages {
		colX := x0 + float32(si)*st.StageWidth
		for li, l := range lanes {
			row := out.Lanes[li].Row
			cell := CellBox{Stage: s.ID, Lane: l.ID, Rect: Rect{colX, row.Y, st.StageWidth, row.H}}
			cy := row.Y + pad
			if li == emotionLane {
				cy += st.EmotionBandHeight
			}
			for k, t := range cells[si*len(lanes)+li] {
				if k > 0 {
					cy += st.CardGap
				}
				cell.Slots = append(cell.Slots, cy-st.CardGap/2)
				h := heights[t.ID]
				out.cardAt[t.ID] = len(out.Cards)
				out.Cards = append(out.Cards, lo.card(p, j, personas, t, Rect{colX + pad, cy, cardW, h}, s))
				cy += h
			}
			cell.Slots = append(cell.Slots, cy+st.CardGap/2)
			out.Cells[si*len(lanes)+li] = cell
		}
	}
	if emotionLane >= 0 {
		out.Emotion = lo.emotionBand(p, personas, out, emotionLane)
	}
	return out
}

// attachedPersonas returns the journey's personas that exist, in legend order.
func attachedPersonas(p *model.Project, j *model.Journey) []*model.Persona {
	var out []*model.Persona
	for _, id := range j.PersonaIDs {
		if x := p.Persona(id); x != nil {
			out = append(out, x)
		}
	}
	return out
}

func (lo *Layouter) card(p *model.Project, j *model.Journey, personas []*model.Persona, t *model.Touchpoint, r Rect, s *model.Stage) CardBox {
	st := lo.Style
	cb := CardBox{ID: t.ID, Stage: t.StageID, Lane: t.LaneID, Order: t.Order, Rect: r, Channel: t.Channel,
		Confidence: t.Confidence, Accent: t.Color}
	if cb.Accent == "" {
		cb.Accent = s.Color
	}
	left := r.X + accentWidth + st.CardPadding
	inner := r.W - accentWidth - 2*st.CardPadding
	cb.Title = lo.lines(t.Title, left, r.Y+st.CardPadding, st.TitleSize, inner, true, st.TitleMaxLines)
	metaY := r.Y + r.H - st.CardPadding - st.MetaHeight
	right := left + inner

	// Badges from the right, one per persona that scored the card.
	for slot, x := range personas {
		score, ok := t.Emotions[x.ID]
		if !ok {
			continue
		}
		right -= st.BadgeSize
		b := Badge{Persona: x.ID, Slot: slot, Score: score, Rect: Rect{right, metaY, st.BadgeSize, st.BadgeSize}}
		label := strconv.Itoa(score)
		if score > 0 && p.Scale.Min < 0 {
			label = "+" + label
		}
		lw := lo.Metrics.Width(label, st.MetaSize, true)
		b.Label = Text{Text: label, X: right + (st.BadgeSize-lw)/2, Y: metaY + (st.BadgeSize-st.LineHeight(st.MetaSize))/2, Size: st.MetaSize, Bold: true}
		cb.Badges = append(cb.Badges, b)
		right -= 3
	}
	slices.Reverse(cb.Badges)
	x := left
	mark := st.MetaHeight
	flags := []struct {
		on   bool
		kind MarkerKind
	}{{t.PainPoint, PainPoint}, {t.Opportunity, Opportunity}, {t.MomentOfTruth, MomentOfTruth}}
	// Markers and confidence take fixed room; the channel chip gets the rest.
	fixed := float32(0)
	for _, f := range flags {
		if f.on {
			fixed += mark + 3
		}
	}
	if t.Confidence != "" {
		fixed += confWidth + 3
	}
	if t.Channel != "" {
		chipMax := right - x - fixed - 6
		textW := min(lo.Metrics.Width(t.Channel, st.MetaSize, false), chipMax-12)
		if textW > 8 {
			label := Ellipsize(lo.Metrics, t.Channel, st.MetaSize, textW+0.5, false)
			w := lo.Metrics.Width(label, st.MetaSize, false) + 12
			cb.ChannelChip = Rect{x, metaY, w, st.MetaHeight}
			cb.ChannelText = Text{Text: label, X: x + 6, Y: metaY + (st.MetaHeight-st.LineHeight(st.MetaSize))/2, Size: st.MetaSize}
			x += w + 6
		}
	}
	for _, f := range flags {
		if f.on {
			cb.Markers = append(cb.Markers, Marker{f.kind, Rect{x, metaY, mark, mark}})
			x += mark + 3
		}
	}
	if t.Confidence != "" {
		cb.ConfRect = Rect{x, metaY + (mark-6)/2, confWidth, 6}
	}
	return cb
}

// confWidth is the width of the three confidence dots.
const confWidth = 20
