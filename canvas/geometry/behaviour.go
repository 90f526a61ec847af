package geometry

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"waymark/model"
)

// The behaviour lane: what an event log says customers did, drawn across
// the stage columns. A reach bar per stage (its height the persons who
// reached it, relative to the most reached), a leak band between adjacent
// bars narrowing from one reach to the next with the persons lost below
// it, and under the bars each stage's figures, channel mix, change since
// the previous import and, where the emotion scores tell another story, a
// disagreement marker. Like the emotion band, it is laid out here once and
// painted as is by the board and the poster.

// Tone says how a painter colours a line of figures (and its arrow).
type Tone uint8

// The tones.
const (
	ToneText  Tone = iota // the text colour
	ToneMuted             // muted text
	ToneGood              // the opportunity colour: better
	ToneBad               // the pain-point colour: worse, and the worst drop-off
)

// FigureLine is one line of a stage's figures.
type FigureLine struct {
	Text Text
	Tone Tone
	// Arrow is a triangle before the text, pointing up or down (the fonts
	// have no ▲▼): three points, nil when the line has none.
	Arrow []Point
}

// ChannelRect is one part of a stage's channel-mix bar.
type ChannelRect struct {
	Channel string // empty for the folded rest
	Other   bool   // the channels after the top ones, together
	Rect    Rect
}

// BehaviourStage is one stage that has figures.
type BehaviourStage struct {
	Stage model.ID
	// View is 0, or 1 for the second segment value shown side by side;
	// then Swatch, before the first line, keys the column's colour.
	View    int
	Swatch  Rect
	Cell    Rect // the stage's cell of the behaviour lane
	Bar     Rect // the reach bar: its height is Reached over the largest reach
	Reached int64
	// Worst marks the stage with the largest drop-off rate of the journey:
	// the painters draw its drop-off line bold in the pain-point colour.
	Worst bool
	// Lines are the figures, the channel mix's legend, the changes since
	// the previous import and the disagreement's reason, top to bottom.
	Lines []FigureLine
	Mix   []ChannelRect // the channel mix, left to right; none without channels
	// Marker is the disagreement marker, zero when the stage's emotion
	// scores and conversion agree; MarkerGlyph the mark drawn in it.
	Marker      Rect
	MarkerGlyph Text
	Reason      string // the disagreement in one line, whole
}

// Leak is the band between the reach bars of two adjacent stage columns.
type Leak struct {
	From, To model.ID
	// Band narrows from the height of From's bar to To's: the persons who
	// went on. Its corners: top left, top right, bottom right, bottom left.
	Band [4]Point
	// Lost is the triangle under Band, down to From's height: the persons
	// who did not go on. All three points are equal when none were lost.
	Lost    [3]Point
	Persons int64   // lost: To's drop-off
	Rate    float64 // To's drop-off rate
	// Largest marks the leak that loses the most persons, drawn emphasised.
	Largest bool
	Label   Text // "–5,720", under the band in the gap between the bars
	View    int  // as BehaviourStage's
}

// Swatch is a square of a view's colour before its line in the lane
// header, when two segment values are shown side by side.
type Swatch struct {
	View int
	Rect Rect
}

// BehaviourBand is the behaviour lane's figures, nil in a Layout when the
// journey has no visible behaviour lane or no figures.
type BehaviourBand struct {
	Lane model.ID
	Band Rect // the figures' part of the lane's row, across every stage column
	// Funnel is the strip of Band that holds the bars and leak bands.
	Funnel Rect
	// Summary is the figures' source in one line: file names, period,
	// persons and mode ("bpic2012.csv.gz · 1 Oct 2011 – 14 Mar 2012 ·
	// 13,087 persons · funnel"); Header the same as lines in the lane
	// header, under its name and kind.
	Summary string
	Header  []Text
	// Swatches key the two views' colours, when two are shown.
	Swatches []Swatch
	Stages   []BehaviourStage // in journey order
	Leaks    []Leak
	Worst    int // index in Stages of the worst drop-off, -1 when none
}

// Behaviour lane dimensions, board units.
const (
	reachBarWidth  = 40
	reachBarMax    = 96 // the height of the largest reach
	mixBarHeight   = 8
	markerSize     = 16
	arrowWidth     = 9
	behaviourMaxCh = 3 // channels named in the mix before "other"
)

// behaviourPlan is the band laid out with y measured from the top of its
// lane's row (and header): the row heights need its height before rows
// have a place.
type behaviourPlan struct {
	band   BehaviourBand
	height float32 // of the figures, cards go below
	header float32 // of the header lines
}

// behaviourPlan lays out the figures of j for the stage columns shown
// (all of j's, or those a lens left). means are the stages' mean scores,
// from the cards' badges.
func (lo *Layouter) behaviourPlan(p *model.Project, j *model.Journey, stages []*model.Stage, headerTop float32, means map[model.ID]model.StageMean) *behaviourPlan {
	st := lo.Style
	b := j.Behaviour
	pad := st.CellPadding
	x0 := st.LaneHeaderWidth
	pl := &behaviourPlan{}
	band := &pl.band
	band.Worst = -1

	// The figures shown: everyone's or one segment value's, and perhaps a
	// second segment value's beside them.
	views := []*figureView{newFigureView(j, b.Segment(lo.Segment))}
	if c := b.Segment(lo.Compare); c != nil && c.Value != lo.Segment {
		views = append(views, newFigureView(j, c))
	}
	compare := len(views) == 2

	// Header: one item a line, cut to the header's width; side by side,
	// a line per view after a swatch of its colour.
	items := summaryItems(b, views)
	band.Summary = strings.Join(items, " · ")
	hw := st.LaneHeaderWidth - 2*pad
	hy := headerTop
	for i, item := range items {
		x, w := pad, hw
		view := -1
		if compare && i >= len(items)-3 && i < len(items)-1 {
			view = i - (len(items) - 3)
			x, w = pad+markerSize*0.75+4, hw-markerSize*0.75-4
		}
		line := lo.wrap(item, st.SmallSize, w, false, 1)
		if len(line) == 0 {
			continue
		}
		if view >= 0 {
			lh := st.LineHeight(st.SmallSize)
			band.Swatches = append(band.Swatches, Swatch{View: view, Rect: Rect{pad, hy + (lh-markerSize*0.75)/2, markerSize * 0.75, markerSize * 0.75}})
		}
		band.Header = append(band.Header, Text{Text: line[0], X: x, Y: hy, Size: st.SmallSize})
		hy += st.LineHeight(st.SmallSize)
	}
	pl.header = hy - headerTop

	reasons := map[model.ID]string{}
	if !compare {
		for _, d := range model.DisagreementsWith(p, j, means) {
			reasons[d.StageID] = d.Reason
		}
	}

	// Each view's funnel is a strip of bars with its leak labels under
	// it; two views' strips are stacked, half as tall, so that their leak
	// bands never cross.
	funnelTop := pad
	barMax := float32(reachBarMax)
	if compare {
		barMax = reachBarMax / 2
	}
	strip := barMax + 2 + st.LineHeight(st.SmallSize) + 4
	textTop := funnelTop + float32(len(views))*strip
	band.Funnel = Rect{x0, funnelTop, float32(len(stages)) * st.StageWidth, textTop - 4 - st.LineHeight(st.SmallSize) - 2 - funnelTop}
	// at is each shown stage's place in the journey: a leak joins two
	// columns only when no stage between them was collapsed, and the
	// first stage is the journey's first with figures, shown or not.
	at := make([]int, len(stages))
	if len(stages) == len(j.Stages) {
		for i := range at {
			at[i] = i
		}
	} else {
		index := make(map[model.ID]int, len(j.Stages))
		for i, s := range j.Stages {
			index[s.ID] = i
		}
		for i, s := range stages {
			at[i] = index[s.ID]
		}
	}
	inner := st.StageWidth - 2*pad
	colW := inner
	if compare {
		colW = (inner - 8) / 2
	}
	bottom := textTop
	for v, fv := range views {
		top := funnelTop + float32(v)*strip
		leakRow := top + barMax + 2
		cols := make([]int, 0, len(fv.figures)) // the journey index of each stage of this view
		first := len(band.Stages)
		firstFigures := slices.IndexFunc(j.Stages, func(s *model.Stage) bool { return fv.figures[s.ID] != nil })
		worstRate := 0.0
		worst := -1
		for si, s := range stages {
			f := fv.figures[s.ID]
			if f == nil {
				continue
			}
			colX := x0 + float32(si)*st.StageWidth
			bs := BehaviourStage{Stage: s.ID, View: v, Reached: f.Reached, Cell: Rect{colX, 0, st.StageWidth, 0}}
			h := float32(0)
			if fv.most > 0 {
				h = barMax * float32(float64(f.Reached)/float64(fv.most))
				if f.Reached > 0 {
					h = max(h, 1)
				}
			}
			bs.Bar = Rect{colX + (st.StageWidth-reachBarWidth)/2, top, reachBarWidth, h}

			y := textTop
			left := colX + pad + float32(v)*(colW+8)
			lineW := colW
			if compare {
				sw := float32(markerSize) * 0.6
				lh := st.LineHeight(st.SmallSize)
				bs.Swatch = Rect{left, y + (lh-sw)/2, sw, sw}
				left, lineW = left+sw+4, colW-sw-4
			}
			add := func(text string, size float32, bold bool, tone Tone, arrow int) {
				x, w := left, lineW
				var pts []Point
				if arrow != 0 {
					pts = arrowAt(left, y, st.LineHeight(size), arrow > 0)
					x, w = left+arrowWidth+4, lineW-arrowWidth-4
				}
				line := lo.wrap(text, size, w, bold, 1)
				if len(line) > 0 {
					bs.Lines = append(bs.Lines, FigureLine{Text: Text{Text: line[0], X: x, Y: y, Size: size, Bold: bold}, Tone: tone, Arrow: pts})
				}
				y += st.LineHeight(size)
			}
			isFirst := at[si] == firstFigures
			big := st.HeaderSize
			if compare {
				big = st.SmallSize
			}
			switch {
			case isFirst && compare:
				add(thousands(f.Reached)+" persons", big, true, ToneText, 0)
			case isFirst:
				add(thousands(f.Reached)+" persons", big, true, ToneText, 0)
				add("the first stage", st.SmallSize, false, ToneMuted, 0)
			default:
				add(thousands(f.Reached)+" · "+percent(f.ConversionFromPrevious), big, true, ToneText, 0)
				left := " left ("
				if compare {
					left = " ("
				}
				add(thousands(f.DropOff)+left+percent(f.DropOffRate)+")", st.SmallSize, false, ToneBad, -1)
				if f.DropOffRate > worstRate {
					worstRate, worst = f.DropOffRate, len(band.Stages)
				}
			}
			if f.Timed > 0 {
				if compare {
					add(Duration(f.MedianSeconds), st.SmallSize, false, ToneMuted, 0)
				} else {
					add("median time "+Duration(f.MedianSeconds), st.SmallSize, false, ToneMuted, 0)
				}
			}
			if len(f.Channels) > 0 && !compare {
				y += 3
				bs.Mix, y = channelMix(f.Channels, left, y, inner), y+mixBarHeight+3
				for _, line := range lo.packItems(mixLegend(f.Channels), st.MetaSize, inner, 2) {
					add(line, st.MetaSize, false, ToneMuted, 0)
				}
			}
			if fv.prev != nil && !compare {
				y += 4
				add("Since the previous import", st.MetaSize, true, ToneMuted, 0)
				old := fv.prev[s.ID]
				if old == nil {
					old = fv.prevByName[f.Stage]
				}
				if old == nil {
					add("new in this import", st.SmallSize, false, ToneMuted, 0)
				} else {
					n := len(bs.Lines)
					if d := f.Reached - old.Reached; d != 0 {
						add(thousands(abs64(d))+pick(d > 0, " more", " fewer")+" reached it", st.SmallSize, false, toneOf(d > 0), sign(d > 0))
					}
					if d := (f.ConversionFromPrevious - old.ConversionFromPrevious) * 100; !isFirst && math.Abs(d) >= 0.05 {
						add(strconv.FormatFloat(math.Abs(d), 'f', 1, 64)+" pts conversion", st.SmallSize, false, toneOf(d > 0), sign(d > 0))
					}
					if d := f.MedianSeconds - old.MedianSeconds; f.Timed > 0 && old.Timed > 0 && math.Abs(d) >= 1 {
						add("median time "+Duration(math.Abs(d))+pick(d > 0, " longer", " shorter"), st.SmallSize, false, toneOf(d < 0), sign(d > 0))
					}
					if len(bs.Lines) == n {
						add("unchanged", st.SmallSize, false, ToneMuted, 0)
					}
				}
			}
			if r, ok := reasons[s.ID]; ok {
				y += 4
				bs.Reason = r
				bs.Marker = Rect{left, y + (st.LineHeight(st.SmallSize)-markerSize)/2, markerSize, markerSize}
				gw := lo.Metrics.Width("?", st.MetaSize, true)
				bs.MarkerGlyph = Text{Text: "?", X: left + (markerSize-gw)/2, Y: bs.Marker.Y + (markerSize-st.LineHeight(st.MetaSize))/2, Size: st.MetaSize, Bold: true}
				for _, w := range lo.wrap(r, st.SmallSize, inner-markerSize-6, false, 3) {
					bs.Lines = append(bs.Lines, FigureLine{Text: Text{Text: w, X: left + markerSize + 6, Y: y, Size: st.SmallSize}, Tone: ToneBad})
					y += st.LineHeight(st.SmallSize)
				}
			}
			bottom = max(bottom, y)
			band.Stages = append(band.Stages, bs)
			cols = append(cols, at[si])
		}
		if worst >= 0 {
			ws := &band.Stages[worst]
			ws.Worst = true
			if v == 0 {
				band.Worst = worst
			}
			for k := range ws.Lines {
				if ws.Lines[k].Arrow != nil && ws.Lines[k].Tone == ToneBad {
					ws.Lines[k].Text.Bold = true
					break
				}
			}
		}

		// Leak bands between the bars of adjacent columns.
		largest, lost := -1, int64(0)
		for k := 0; k+1 < len(cols); k++ {
			if cols[k+1] != cols[k]+1 {
				continue
			}
			a, c := &band.Stages[first+k], &band.Stages[first+k+1]
			fb := fv.figures[c.Stage]
			xa, xb := a.Bar.X+a.Bar.W, c.Bar.X
			lk := Leak{From: a.Stage, To: c.Stage, View: v, Persons: fb.DropOff, Rate: fb.DropOffRate}
			ha, hb := a.Bar.H, c.Bar.H
			lk.Band = [4]Point{{xa, top}, {xb, top}, {xb, top + hb}, {xa, top + ha}}
			if hb < ha {
				lk.Lost = [3]Point{{xa, top + ha}, {xb, top + hb}, {xb, top + ha}}
			} else {
				lk.Lost = [3]Point{{xb, top + hb}, {xb, top + hb}, {xb, top + hb}}
			}
			size := st.SmallSize
			label := "–" + thousands(fb.DropOff)
			w := lo.Metrics.Width(label, size, true)
			lk.Label = Text{Text: label, X: (xa+xb)/2 - w/2, Y: leakRow, Size: size, Bold: true}
			if fb.DropOff > lost {
				largest, lost = len(band.Leaks), fb.DropOff
			}
			band.Leaks = append(band.Leaks, lk)
		}
		if largest >= 0 {
			band.Leaks[largest].Largest = true
			if !compare {
				lb := &band.Leaks[largest].Label
				w0 := lo.Metrics.Width(lb.Text, lb.Size, true)
				lb.Size = st.HeaderSize
				w := lo.Metrics.Width(lb.Text, lb.Size, true)
				lb.X -= (w - w0) / 2
				lb.Y = leakRow - (st.LineHeight(st.HeaderSize)-st.LineHeight(st.SmallSize))/2
			}
		}
	}
	pl.height = bottom + pad
	for i := range band.Stages {
		band.Stages[i].Cell.H = pl.height
	}
	return pl
}

// figureView is one set of figures the lane shows: everyone's or a
// segment value's, by the journey's stage IDs, with the previous import's.
type figureView struct {
	seg        *model.SegmentValue // nil: everyone
	figures    map[model.ID]*model.StageFigures
	most       int64 // the largest reach, the bars' full height
	prev       map[model.ID]*model.StageFigures
	prevByName map[string]*model.StageFigures
}

func newFigureView(j *model.Journey, seg *model.SegmentValue) *figureView {
	b := j.Behaviour
	shown, prevShown := b.Stages, j.PreviousBehaviour.StagesOf("")
	if seg != nil {
		shown, prevShown = seg.Stages, j.PreviousBehaviour.StagesOf(seg.Value)
	}
	// A segment's figures may not name their stages' IDs: everyone's do.
	ids := make(map[string]model.ID, len(b.Stages))
	for _, f := range b.Stages {
		if _, dup := ids[f.Stage]; !dup && f.StageID != "" {
			ids[f.Stage] = f.StageID
		}
	}
	fv := &figureView{seg: seg, figures: make(map[model.ID]*model.StageFigures, len(shown))}
	for i := range shown {
		f := &shown[i]
		id := f.StageID
		if id == "" {
			id = ids[f.Stage]
		}
		if id != "" && fv.figures[id] == nil {
			fv.figures[id] = f
			fv.most = max(fv.most, f.Reached)
		}
	}
	if prevShown != nil {
		fv.prev = make(map[model.ID]*model.StageFigures, len(prevShown))
		fv.prevByName = make(map[string]*model.StageFigures, len(prevShown))
		for i := range prevShown {
			f := &prevShown[i]
			if f.StageID != "" {
				fv.prev[f.StageID] = f
			}
			fv.prevByName[f.Stage] = f
		}
	}
	return fv
}

// place moves the plan's band into its lane at row (and header) y, and
// returns the band.
func (pl *behaviourPlan) place(lane model.ID, row Rect) *BehaviourBand {
	b := &pl.band
	dy := row.Y
	b.Lane = lane
	b.Band = Rect{row.X, row.Y, row.W, pl.height}
	b.Funnel.Y += dy
	for i := range b.Header {
		b.Header[i].Y += dy
	}
	for i := range b.Swatches {
		b.Swatches[i].Rect.Y += dy
	}
	for i := range b.Stages {
		s := &b.Stages[i]
		s.Cell.Y += dy
		s.Bar.Y += dy
		for k := range s.Lines {
			s.Lines[k].Text.Y += dy
			for n := range s.Lines[k].Arrow {
				s.Lines[k].Arrow[n].Y += dy
			}
		}
		for k := range s.Mix {
			s.Mix[k].Rect.Y += dy
		}
		s.Swatch.Y += dy
		if s.Marker.W > 0 {
			s.Marker.Y += dy
			s.MarkerGlyph.Y += dy
		}
	}
	for i := range b.Leaks {
		lk := &b.Leaks[i]
		for k := range lk.Band {
			lk.Band[k].Y += dy
		}
		for k := range lk.Lost {
			lk.Lost[k].Y += dy
		}
		lk.Label.Y += dy
	}
	return b
}

// arrowAt is a triangle at the start of a line of height lh at y.
func arrowAt(x, y, lh float32, up bool) []Point {
	h := float32(arrowWidth) * 0.8
	top := y + (lh-h)/2
	if up {
		return []Point{{x + arrowWidth/2, top}, {x + arrowWidth, top + h}, {x, top + h}}
	}
	return []Point{{x, top}, {x + arrowWidth, top}, {x + arrowWidth/2, top + h}}
}

func pick(cond bool, yes, no string) string {
	if cond {
		return yes
	}
	return no
}

func toneOf(good bool) Tone {
	if good {
		return ToneGood
	}
	return ToneBad
}

func sign(up bool) int {
	if up {
		return 1
	}
	return -1
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// channelMix is a stage's channel mix as a stacked bar of width w at
// (x, y): the top channels, then the rest as "other", each as wide as its
// share of the stage's events.
func channelMix(chs []model.ChannelShare, x, y, w float32) []ChannelRect {
	total := 0.0
	for _, c := range chs {
		total += c.Share
	}
	if total <= 0 {
		return nil
	}
	n := min(len(chs), behaviourMaxCh)
	out := make([]ChannelRect, 0, n+1)
	at := float64(0)
	for _, c := range chs[:n] {
		cw := float32(c.Share / total * float64(w))
		out = append(out, ChannelRect{Channel: c.Channel, Rect: Rect{x + float32(at), y, cw, mixBarHeight}})
		at += float64(cw)
	}
	if rest := float64(w) - at; len(chs) > n && rest > 0.5 {
		out = append(out, ChannelRect{Other: true, Rect: Rect{x + float32(at), y, float32(rest), mixBarHeight}})
	}
	return out
}

// mixLegend names the channels of a mix with their shares, one item each.
func mixLegend(chs []model.ChannelShare) []string {
	total := 0.0
	for _, c := range chs {
		total += c.Share
	}
	n := min(len(chs), behaviourMaxCh)
	out := make([]string, 0, n+1)
	rest := 1.0
	for _, c := range chs[:n] {
		share := c.Share / total
		rest -= share
		out = append(out, c.Channel+" "+strconv.Itoa(int(math.Round(share*100)))+"%")
	}
	if len(chs) > n && rest > 0.005 {
		out = append(out, "other "+strconv.Itoa(int(math.Round(rest*100)))+"%")
	}
	return out
}

// packItems puts items on at most maxLines lines of width w, joined by
// " · ", never breaking an item but cutting one wider than a line; the
// last line ends in an ellipsis when items are left over.
func (lo *Layouter) packItems(items []string, size, w float32, maxLines int) []string {
	var lines []string
	line := ""
	for i, it := range items {
		try := it
		if line != "" {
			try = line + " · " + it
		}
		if lo.Metrics.Width(try, size, false) <= w {
			line = try
			continue
		}
		if line != "" {
			lines = append(lines, line)
		}
		line = Ellipsize(lo.Metrics, it, size, w, false)
		if len(lines) == maxLines {
			last := lines[maxLines-1]
			if i < len(items) {
				lines[maxLines-1] = Ellipsize(lo.Metrics, last+" · "+it, size, w, false)
			}
			return lines
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// summaryItems are the parts of a behaviour summary: sources, period,
// the segment values shown if any with their persons, mode. views nil is
// everyone's figures.
func summaryItems(b *model.Behaviour, views []*figureView) []string {
	var items []string
	for _, x := range []string{b.SourceLabel(), b.PeriodLabel()} {
		if x != "" {
			items = append(items, x)
		}
	}
	switch {
	case len(views) == 2:
		// Side by side: each view with its persons.
		for _, v := range views {
			name, persons := "everyone", b.Persons
			if v.seg != nil {
				name, persons = b.SegmentAttribute+" = "+v.seg.Value, v.seg.Persons
			}
			items = append(items, name+" ("+thousands(persons)+")")
		}
	default:
		persons := b.Persons
		if len(views) == 1 && views[0].seg != nil {
			items = append(items, b.SegmentAttribute+" = "+views[0].seg.Value)
			persons = views[0].seg.Persons
		}
		if persons == 1 {
			items = append(items, "1 person")
		} else {
			items = append(items, thousands(persons)+" persons")
		}
	}
	mode := b.Mapping.Metrics.Mode
	if mode == "" {
		mode = model.ModeFunnel
	}
	return append(items, string(mode))
}

// BehaviourSummary is the one-line summary of a journey's figures, as the
// behaviour lane's header says it for everyone.
func BehaviourSummary(b *model.Behaviour) string {
	if b == nil {
		return ""
	}
	return strings.Join(summaryItems(b, nil), " · ")
}

// thousands writes n with comma thousands separators.
func thousands(n int64) string { return model.Thousands(n) }

// percent is a share 0..1 as a percentage with one decimal.
func percent(share float64) string {
	return strconv.FormatFloat(share*100, 'f', 1, 64) + "%"
}

// Duration is a number of seconds in human units: "44 s", "12 min",
// "4 h 7 min", "1 day 3 h", "9 days".
func Duration(seconds float64) string {
	s := int64(math.Round(seconds))
	switch {
	case s < 60:
		return strconv.FormatInt(s, 10) + " s"
	case s < 3600:
		return strconv.FormatInt((s+30)/60, 10) + " min"
	case s < 86400:
		m := (s + 30) / 60
		h, m := m/60, m%60
		if h == 24 {
			return "1 day"
		}
		if m == 0 {
			return strconv.FormatInt(h, 10) + " h"
		}
		return strconv.FormatInt(h, 10) + " h " + strconv.FormatInt(m, 10) + " min"
	case s < 2*86400:
		h := (s + 1800) / 3600
		d, h := h/24, h%24
		if h == 0 {
			return "1 day"
		}
		return strconv.FormatInt(d, 10) + " day " + strconv.FormatInt(h, 10) + " h"
	}
	return strconv.FormatInt((s+43200)/86400, 10) + " days"
}

// stageMeans is model.StageMeans from the card plans, by stage column:
// the scores of the journey's personas on the cards of visible lanes that
// the lens shows, which the curve runs through, summed per stage without
// walking the journey again. It fills and returns means.
func stageMeans(means []model.StageMean, plans []cardPlan, cellStart []int, lanes int) []model.StageMean {
	for si := range means {
		sum, n := 0, 0
		for _, pl := range plans[cellStart[si*lanes]:cellStart[(si+1)*lanes]] {
			if pl.dim {
				continue
			}
			for _, sc := range pl.scores {
				sum += sc.score
				n++
			}
		}
		means[si] = model.StageMean{}
		if n > 0 {
			means[si] = model.StageMean{Mean: float64(sum) / float64(n), Scores: n}
		}
	}
	return means
}

// behaviourCache is a behaviour band and what it was laid out from.
type behaviourCache struct {
	b, prev          *model.Behaviour
	segment, compare string
	stages           []model.ID
	// journey is the journey's stages when a lens collapsed some (nil
	// otherwise): which columns are adjacent and which stage is first
	// depends on them too.
	journey   []model.ID
	means     []model.StageMean
	lane      model.Lane
	style     Style
	scale     model.Scale
	headerTop float32
	// height and header are the plan's; band is the plan placed at row,
	// nil until it is; plan, until then, the plan not yet placed.
	height, header float32
	row            Rect
	band           *BehaviourBand
	plan           *behaviourPlan
}

// behaviourFor returns the cache holding the band of j's figures for lane,
// laid out again only when something it is made from changed: the
// figures (immutable, so compared by pointer), the stages shown (all of
// the journey's, or those a lens left), their mean scores, the lane, the
// style or the scale. A lens changes the band only through these, so a
// band of another lens is never served.
func (lo *Layouter) behaviourFor(p *model.Project, j *model.Journey, stages []*model.Stage, lane *model.Lane, headerTop float32, plans []cardPlan, cellStart []int, lanes int) *behaviourCache {
	sc := &lo.scratch
	means := stageMeans(grow(sc.means, len(stages)), plans, cellStart, lanes)
	sc.means = means
	c := &lo.behaviour
	same := c.b == j.Behaviour && c.prev == j.PreviousBehaviour && c.segment == lo.Segment && c.compare == lo.Compare && c.lane == *lane && c.style == lo.Style &&
		c.scale == p.Scale && c.headerTop == headerTop && slices.Equal(c.means, means) && len(c.stages) == len(stages)
	for i := 0; same && i < len(stages); i++ {
		same = c.stages[i] == stages[i].ID
	}
	collapsed := len(stages) != len(j.Stages)
	same = same && (c.journey != nil) == collapsed
	for i := 0; same && collapsed && i < len(j.Stages); i++ {
		same = i < len(c.journey) && c.journey[i] == j.Stages[i].ID
	}
	same = same && (!collapsed || len(c.journey) == len(j.Stages))
	if same {
		return c
	}
	*c = behaviourCache{b: j.Behaviour, prev: j.PreviousBehaviour, segment: lo.Segment, compare: lo.Compare, lane: *lane, style: lo.Style, scale: p.Scale,
		headerTop: headerTop, means: slices.Clone(means), stages: make([]model.ID, len(stages))}
	for i, s := range stages {
		c.stages[i] = s.ID
	}
	if collapsed {
		c.journey = make([]model.ID, len(j.Stages))
		for i, s := range j.Stages {
			c.journey[i] = s.ID
		}
	}
	pl := lo.behaviourPlan(p, j, stages, headerTop, c.meansByID())
	c.height, c.header, c.plan = pl.height, pl.header, pl
	return c
}

func (c *behaviourCache) meansByID() map[model.ID]model.StageMean {
	out := make(map[model.ID]model.StageMean, len(c.stages))
	for i, id := range c.stages {
		if c.means[i].Scores > 0 {
			out[id] = c.means[i]
		}
	}
	return out
}

// placeBehaviour returns the cached band at row: the very band of the last
// layout when nothing moved it (bands are never changed once made, so
// layouts may share one), else the plan laid out again and placed.
func (lo *Layouter) placeBehaviour(p *model.Project, j *model.Journey, stages []*model.Stage, c *behaviourCache, row Rect) *BehaviourBand {
	if c.band != nil && c.row == row {
		return c.band
	}
	pl := c.plan
	if pl == nil {
		pl = lo.behaviourPlan(p, j, stages, c.headerTop, c.meansByID())
	}
	c.band, c.row, c.plan = pl.place(c.lane.ID, row), row, nil
	return c.band
}
