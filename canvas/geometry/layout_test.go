package geometry_test

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"waymark/canvas/geometry"
	"waymark/model"
)

func TestTemplatesLayout(t *testing.T) {
	projects := templateProjects(t)
	names := make([]string, 0, len(projects))
	for n := range projects {
		names = append(names, n)
	}
	sort.Strings(names)
	cards := 0
	for _, n := range names {
		p := projects[n]
		if len(p.Journeys) == 0 {
			t.Errorf("%s has no journey", n)
		}
		for _, j := range p.Journeys {
			name := fmt.Sprintf("%s/%s", n, j.Title)
			l := layout(t, p, j)
			checkLayout(t, name, p, j, l, true)
			checkEmotion(t, name, p, j, l)
			cards += len(l.Cards)
		}
	}
	if cards == 0 {
		t.Error("no template has a card: the card checks checked nothing")
	}
}

// The sample is the map a new user sees first: it has an emotions lane with
// both personas' curves and cards scored by each.
func TestSampleHasCurves(t *testing.T) {
	p := templateProjects(t)["sample"]
	j := p.Journeys[0]
	l := layout(t, p, j)
	if l.Emotion == nil {
		t.Fatal("the sample's first journey has no emotion band")
	}
	if len(l.Emotion.Curves) != 2 {
		t.Fatalf("%d curves, want 2", len(l.Emotion.Curves))
	}
	for i, cv := range l.Emotion.Curves {
		if len(cv.Points) < 3 || len(cv.Segments) != len(cv.Points)-1 {
			t.Errorf("curve %d has %d points and %d segments", i, len(cv.Points), len(cv.Segments))
		}
	}
}

func TestLargeJourneyLayout(t *testing.T) {
	p, j := bigProject(1, bigDefault)
	if err := p.Validate(); err != nil {
		t.Fatalf("generated project is invalid: %v", err)
	}
	l := layout(t, p, j)
	checkLayout(t, "large", p, j, l, true)
	checkEmotion(t, "large", p, j, l)
	if len(l.Cards) != 2000 {
		t.Errorf("%d cards, want 2000", len(l.Cards))
	}
	// The generator must exercise what the checks look at.
	var truncated, cut, chips, badges, markers, conf int
	for _, cb := range l.Cards {
		if n := len(cb.Title); n == geometry.DefaultStyle.TitleMaxLines && len([]rune(cb.Title[n-1].Text)) > 0 &&
			[]rune(cb.Title[n-1].Text)[len([]rune(cb.Title[n-1].Text))-1] == '…' {
			truncated++
		}
		for _, tx := range cb.Title {
			for _, w := range longWords {
				if tx.Text != w && len(tx.Text) > 10 && len(w) > len(tx.Text) && w[:len(tx.Text)] == tx.Text {
					cut++
				}
			}
		}
		if cb.ChannelChip != (geometry.Rect{}) {
			chips++
		}
		badges += len(cb.Badges)
		markers += len(cb.Markers)
		if cb.ConfRect != (geometry.Rect{}) {
			conf++
		}
	}
	if truncated < 50 || cut < 20 || chips < 500 || badges < 500 || markers < 300 || conf < 500 {
		t.Errorf("weak generator: %d truncated titles, %d cut words, %d chips, %d badges, %d markers, %d confidences",
			truncated, cut, chips, badges, markers, conf)
	}
	for _, cv := range l.Emotion.Curves {
		if len(cv.Points) < 500 {
			t.Errorf("curve of %s has only %d points", cv.Persona, len(cv.Points))
		}
	}
}

// Random journeys of every shape: scales, persona counts up to eight, hidden
// lanes, no emotions lane, empty journeys.
func TestRandomJourneysLayout(t *testing.T) {
	for seed := uint64(0); seed < 40; seed++ {
		o := bigOptions{stages: int(seed % 7), lanes: int(seed % 6), touchpoints: int(seed * 7 % 150),
			personas: int(seed % 9), scale: model.ScalePresets[seed%4], emotionLane: int(seed%5) - 1}
		if seed%3 == 0 && o.lanes > 1 {
			o.hidden = []int{int(seed) % o.lanes}
		}
		if o.stages == 0 {
			o.stages = 1 + int(seed%2) // keep the generator able to place cards
		}
		if o.lanes == 0 {
			o.touchpoints = 0
		}
		p, j := bigProject(seed, o)
		if err := p.Validate(); err != nil {
			t.Fatalf("seed %d: generated project is invalid: %v", seed, err)
		}
		name := fmt.Sprintf("seed %d %+v", seed, o)
		l := layout(t, p, j)
		checkLayout(t, name, p, j, l, o.personas <= 4)
		checkEmotion(t, name, p, j, l)
	}
}

func TestEmptyJourney(t *testing.T) {
	p := &model.Project{ID: "p", Name: "p", Scale: model.DefaultScale}
	j := &model.Journey{ID: "j", Title: "Empty"}
	p.Journeys = append(p.Journeys, j)
	l := layout(t, p, j)
	if len(l.Stages) != 0 || len(l.Lanes) != 0 || len(l.Cells) != 0 || len(l.Cards) != 0 || l.Emotion != nil {
		t.Errorf("empty journey laid out as %+v", l)
	}
	if l.Size.W != geometry.DefaultStyle.LaneHeaderWidth || l.Size.H != geometry.DefaultStyle.StageHeaderHeight {
		t.Errorf("empty journey Size %+v, want the corner", l.Size)
	}
	if l.CellAt(geometry.Point{X: 1, Y: 1}) != nil || l.CardAt(geometry.Point{X: 1, Y: 1}) != nil {
		t.Error("hit in an empty journey")
	}
	if c, pt := l.CurvePointAt(geometry.Point{}, 10); c != -1 || pt != -1 {
		t.Error("curve point in an empty journey")
	}
}

// Hidden lanes are skipped: their cards are absent and the rows below move
// up by the hidden row's height (to float32 rounding: rows are summed).
func TestHiddenLanes(t *testing.T) {
	o := bigOptions{stages: 5, lanes: 6, touchpoints: 300, personas: 2, scale: model.ScaleFive, emotionLane: 4}
	p, j := bigProject(7, o)
	full := layout(t, p, j)
	checkLayout(t, "all lanes", p, j, full, true)

	for _, hide := range [][]int{{1}, {0, 5}, {4}, {0, 1, 2, 3, 4, 5}} {
		name := fmt.Sprintf("hidden %v", hide)
		for _, i := range hide {
			j.Lanes[i].Hidden = true
		}
		l := layout(t, p, j)
		checkLayout(t, name, p, j, l, true)
		checkEmotion(t, name, p, j, l)

		hidden := map[model.ID]bool{}
		for _, i := range hide {
			hidden[j.Lanes[i].ID] = true
		}
		var shift float32
		k := 0
		for i, ln := range full.Lanes {
			if hidden[ln.ID] {
				shift += ln.Row.H
				continue
			}
			got := l.Lanes[k]
			if got.ID != ln.ID || abs(got.Row.Y-(ln.Row.Y-shift)) > 0.05 || got.Row.H != ln.Row.H {
				t.Errorf("%s: lane %d row %+v, want %+v moved up by %v", name, i, got.Row, ln.Row, shift)
			}
			k++
		}
		if abs(l.Size.H-(full.Size.H-shift)) > 0.05 {
			t.Errorf("%s: height %v, want %v", name, l.Size.H, full.Size.H-shift)
		}
		n := 0
		for _, tp := range j.Touchpoints {
			cb := l.Card(tp.ID)
			if hidden[tp.LaneID] != (cb == nil) {
				t.Errorf("%s: touchpoint %s in hidden lane %v has card %v", name, tp.ID, hidden[tp.LaneID], cb != nil)
				continue
			}
			if cb == nil {
				n++
				continue
			}
			// Visible cards keep their place, shifted up.
			fc := full.Card(tp.ID)
			var above float32
			for _, ln := range full.Lanes {
				if hidden[ln.ID] && ln.Row.Y < fc.Rect.Y {
					above += ln.Row.H
				}
			}
			if cb.Rect.X != fc.Rect.X || abs(cb.Rect.Y-(fc.Rect.Y-above)) > 0.05 || cb.Rect.H != fc.Rect.H {
				t.Errorf("%s: card %s at %+v, want %+v moved up by %v", name, tp.ID, cb.Rect, fc.Rect, above)
			}
		}
		if n == 0 || len(l.Cards)+n != len(j.Touchpoints) {
			t.Errorf("%s: %d cards and %d hidden of %d", name, len(l.Cards), n, len(j.Touchpoints))
		}
		if hidesEmotions := hidden[j.Lanes[4].ID]; hidesEmotions != (l.Emotion == nil) {
			t.Errorf("%s: emotions lane hidden %v, band %v", name, hidesEmotions, l.Emotion != nil)
		}
		for _, i := range hide {
			j.Lanes[i].Hidden = false
		}
	}
}

// Laying out again with the same layouter (the wrap cache warm) gives the
// same layout as a fresh layouter, and laying out does not touch the model.
func TestLayoutDeterministicAndPure(t *testing.T) {
	p, j := bigProject(3, bigOptions{stages: 8, lanes: 6, touchpoints: 400, personas: 3,
		scale: model.ScaleBipolar5, emotionLane: 2})
	before := p.Clone()
	lo := geometry.NewLayouter(geometry.DefaultStyle, metrics(t))
	a := lo.Layout(p, j)
	b := lo.Layout(p, j)
	c := geometry.NewLayouter(geometry.DefaultStyle, metrics(t)).Layout(p, j)
	if !reflect.DeepEqual(a, b) || !reflect.DeepEqual(a, c) {
		t.Error("layouts of the same journey differ")
	}
	if !reflect.DeepEqual(p, before) {
		t.Error("Layout changed the project")
	}
	// An edit changes the layout: a longer title makes its card taller.
	tp := j.Touchpoints[0]
	old := a.Card(tp.ID).Rect.H
	tp.Title = "x"
	short := lo.Layout(p, j).Card(tp.ID).Rect.H
	tp.Title = "A much longer title that certainly needs three lines on a card of the board to be read whole"
	long := lo.Layout(p, j).Card(tp.ID).Rect.H
	if long <= short {
		t.Errorf("card height %v for a long title, %v for a short one (was %v)", long, short, old)
	}
}

// A smaller style (as tests of the painters may use) keeps the properties.
func TestSmallStyle(t *testing.T) {
	st := geometry.DefaultStyle
	st.StageWidth = 180
	st.TitleMaxLines = 2
	st.EmotionBandHeight = 120
	p, j := bigProject(5, bigOptions{stages: 6, lanes: 5, touchpoints: 200, personas: 2,
		scale: model.ScaleTen, emotionLane: 1})
	l := geometry.NewLayouter(st, metrics(t)).Layout(p, j)
	checkLayout(t, "small style", p, j, l, true)
	checkEmotion(t, "small style", p, j, l)

	// No limits on lines: every title and lane name is shown whole.
	st = geometry.DefaultStyle
	st.TitleMaxLines, st.HeaderMaxLines = 0, 0
	j.Lanes = append(j.Lanes, &model.Lane{ID: "empty", Kind: model.LaneCustom})
	for _, ln := range j.Lanes {
		ln.Name = "A lane name long enough to need three or four lines in the header of the lane"
	}
	l = geometry.NewLayouter(st, metrics(t)).Layout(p, j)
	checkLayout(t, "unlimited lines", p, j, l, true)
	checkEmotion(t, "unlimited lines", p, j, l)
	for _, cb := range l.Cards {
		for _, tx := range cb.Title {
			if strings.HasSuffix(tx.Text, "…") {
				t.Errorf("unlimited lines: card %s title cut: %q", cb.ID, tx.Text)
			}
		}
	}
	if len(l.Lanes[0].Name) < 3 {
		t.Errorf("unlimited lines: lane name in %d lines", len(l.Lanes[0].Name))
	}
}

// A card crowded with everything it can show: badges of many personas, all
// three flags, confidence dots and a channel. Nothing may leave the card or
// overlap, whatever the number of personas.
func TestCrowdedCard(t *testing.T) {
	heights := make([]float32, 6)
	for n := 0; n <= 12; n++ {
		p := &model.Project{ID: "p", Name: "p", Scale: model.ScaleTen}
		j := &model.Journey{ID: "j", Title: "Crowded",
			Stages: []*model.Stage{{ID: "s", Name: "Stage"}},
			Lanes:  []*model.Lane{{ID: "l", Name: "Lane", Kind: model.LaneActions}, {ID: "e", Name: "Feelings", Kind: model.LaneEmotions}}}
		p.Journeys = []*model.Journey{j}
		for _, title := range []string{"Go", "Short", "A title long enough to need every one of the lines a card allows and then some more"} {
			for _, lane := range []model.ID{"l", "e"} {
				tp := &model.Touchpoint{ID: model.ID(fmt.Sprintf("t%d", len(j.Touchpoints))), StageID: "s", LaneID: lane,
					Order: len(j.Touchpoints) / 2, Title: title, Channel: "Customer service hotline", PainPoint: true,
					Opportunity: true, MomentOfTruth: true, Confidence: model.Validated, Emotions: map[model.ID]int{}}
				j.Touchpoints = append(j.Touchpoints, tp)
			}
		}
		for i := 0; i < n; i++ {
			id := model.ID(fmt.Sprintf("x%d", i))
			p.Personas = append(p.Personas, &model.Persona{ID: id, Name: fmt.Sprintf("Persona number %d with a long name", i)})
			j.PersonaIDs = append(j.PersonaIDs, id)
			for _, tp := range j.Touchpoints {
				tp.Emotions[id] = 1 + (i*3)%10
			}
		}
		if err := p.Validate(); err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("%d personas", n)
		l := layout(t, p, j)
		// Up to five badges share the meta row with the markers (from four
		// on, the chip has no room left); from six they get rows of their
		// own and the chip its room back.
		checkLayout(t, name, p, j, l, n <= 3 || n >= 6)
		checkEmotion(t, name, p, j, l)
		for i, cb := range l.Cards {
			if len(cb.Badges) != n {
				t.Errorf("%s: card %s has %d badges", name, cb.ID, len(cb.Badges))
			}
			if n <= 5 {
				if h := heights[i]; h != 0 && h != cb.Rect.H {
					t.Errorf("%s: card %s is %v tall, %v without badges: badges fitting the meta row must not make it taller",
						name, cb.ID, cb.Rect.H, h)
				}
				heights[i] = cb.Rect.H
			} else if len(heights) > i && cb.Rect.H <= heights[i] {
				t.Errorf("%s: card %s with badge rows is %v tall, no taller than without (%v)", name, cb.ID, cb.Rect.H, heights[i])
			}
		}
	}
}

// One layouter serves the board for a whole session: its caches (wraps,
// titles by touchpoint, chip labels, score labels, the card index) must never
// make a layout differ from a fresh layouter's, whatever changed in between,
// and must never change a layout already handed out.
func TestLayouterReuse(t *testing.T) {
	m := metrics(t)
	fresh := func(st geometry.Style, p *model.Project, j *model.Journey) *geometry.Layout {
		return geometry.NewLayouter(st, m).Layout(p, j)
	}
	p, j := bigProject(21, bigOptions{stages: 6, lanes: 5, touchpoints: 300, personas: 3,
		scale: model.ScaleBipolar5, emotionLane: 2})
	lo := geometry.NewLayouter(geometry.DefaultStyle, m)
	type step struct {
		name string
		edit func()
	}
	var handedOut []*geometry.Layout
	var snapshots []*geometry.Layout
	check := func(name string) {
		t.Helper()
		got, want := lo.Layout(p, j), fresh(lo.Style, p, j)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the reused layouter's layout differs from a fresh one's", name)
		}
		checkLayout(t, name, p, j, got, false)
		handedOut = append(handedOut, got)
		snapshots = append(snapshots, want)
	}
	check("first")
	for _, s := range []step{
		{"again", func() {}},
		{"title edited in place", func() { j.Touchpoints[5].Title = "Now a rather different and much longer title than before" }},
		{"title back", func() { j.Touchpoints[5].Title = "Short" }},
		{"touchpoint replaced by a clone", func() {
			c := j.Touchpoints[7].Clone()
			c.Title += " (copy)"
			j.Touchpoints[7] = c
		}},
		{"score changed", func() { j.Touchpoints[9].Emotions = map[model.ID]int{"persona-0": 5, "persona-2": -5} }},
		{"channel changed", func() { j.Touchpoints[11].Channel = "A brand new channel nobody has seen" }},
		{"cards swapped", func() {
			a, b := j.Touchpoints[0], j.Touchpoints[1]
			a.StageID, b.StageID = b.StageID, a.StageID
			a.LaneID, b.LaneID = b.LaneID, a.LaneID
			a.Order, b.Order = b.Order, a.Order
		}},
		{"card deleted", func() {
			gone := j.Touchpoints[len(j.Touchpoints)-1]
			j.Touchpoints = j.Touchpoints[:len(j.Touchpoints)-1]
			for _, t := range j.Touchpoints {
				if t.StageID == gone.StageID && t.LaneID == gone.LaneID && t.Order > gone.Order {
					t.Order--
				}
			}
		}},
		{"lane hidden", func() { j.Lanes[1].Hidden = true }},
		{"persona detached", func() { j.PersonaIDs = j.PersonaIDs[1:] }},
		{"scale changed", func() {
			p.Scale = model.ScaleTen
			for _, t := range j.Touchpoints {
				for id, s := range t.Emotions {
					t.Emotions[id] = model.ScaleBipolar5.Convert(s, model.ScaleTen)
				}
			}
		}},
		{"style changed", func() {
			lo.Style.StageWidth = 260
			lo.Style.TitleSize = 14
			lo.Style.MetaSize = 11
		}},
		{"another journey", func() { p, j = bigProject(22, bigDefault) }},
		{"a template", func() {
			p = templateProjects(t)["sample"]
			j = p.Journeys[0]
		}},
	} {
		s.edit()
		check(s.name)
	}
	// Layouts handed out earlier are untouched by the later ones.
	for i := range handedOut {
		if !reflect.DeepEqual(handedOut[i], snapshots[i]) {
			t.Errorf("layout %d changed after it was handed out", i)
		}
		for k := range handedOut[i].Cards {
			if cb := &handedOut[i].Cards[k]; handedOut[i].Card(cb.ID) != cb {
				t.Errorf("layout %d: Card(%s) no longer finds its card", i, cb.ID)
				break
			}
		}
	}
}

// Orders need not be small: cards still stack by Order, ties keeping the
// journey's order.
func TestLargeOrders(t *testing.T) {
	p, j := curveJourney(model.ScaleFive, []int{1, 2, 3, 4, 5, 4, 3, 2, 1})
	for _, tp := range j.Touchpoints {
		tp.StageID, tp.LaneID = j.Stages[0].ID, "act"
	}
	orders := []int{1 << 40, -7, 3, 1 << 33, 0, -(1 << 41), 3, 9, 1<<40 + 1}
	for i, tp := range j.Touchpoints {
		tp.Order = orders[i]
	}
	l := layout(t, p, j)
	var got []int
	for _, cb := range l.Cards {
		got = append(got, cb.Order)
	}
	want := []int{-(1 << 41), -7, 0, 3, 3, 9, 1 << 33, 1 << 40, 1<<40 + 1}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("orders %v, want %v", got, want)
	}
	if l.Cards[3].ID != j.Touchpoints[2].ID || l.Cards[4].ID != j.Touchpoints[6].ID {
		t.Error("cards of equal order are not in journey order")
	}
	// The same with orders that fit the fast path.
	for i, tp := range j.Touchpoints {
		tp.Order = []int{5, 3, 8, 1, 0, 2, 3, 7, 6}[i]
	}
	l = layout(t, p, j)
	got = got[:0]
	for _, cb := range l.Cards {
		got = append(got, cb.Order)
	}
	if want := []int{0, 1, 2, 3, 3, 5, 6, 7, 8}; !reflect.DeepEqual(got, want) || l.Cards[3].ID != j.Touchpoints[1].ID ||
		l.Cards[4].ID != j.Touchpoints[6].ID {
		t.Errorf("orders %v", got)
	}
}

// Texts yields every placed line once: the sample's title, headers, card
// titles, chips, badges and the band's tick labels and legend.
func TestLayoutTexts(t *testing.T) {
	p := templateProjects(t)["sample"]
	l := layout(t, p, p.Journeys[0])
	seen := map[*geometry.Text]bool{}
	for tx := range l.Texts() {
		if seen[tx] {
			t.Fatalf("%q yielded twice", tx.Text)
		}
		seen[tx] = true
	}
	want := []*geometry.Text{&l.Title[0], &l.Stages[0].Name[0], &l.Lanes[0].Name[0], &l.Emotion.Legend[0].Name}
	for i := range l.Cards {
		c := &l.Cards[i]
		want = append(want, &c.Title[0])
		if c.ChannelChip.W > 0 {
			want = append(want, &c.ChannelText)
		}
		for k := range c.Badges {
			want = append(want, &c.Badges[k].Label)
		}
	}
	for _, tk := range l.Emotion.Ticks {
		if tk.Label != nil {
			want = append(want, tk.Label)
		}
	}
	for _, tx := range want {
		if !seen[tx] {
			t.Errorf("%q was not yielded", tx.Text)
		}
	}
	// Stopping early is allowed.
	for range l.Texts() {
		break
	}
}
