package geometry_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"waymark/assets"
	"waymark/canvas/geometry"
	"waymark/model"
)

// eps absorbs float32 rounding in geometric comparisons.
const eps = 0.01

var (
	metricsOnce sync.Once
	metricsVal  *geometry.FontMetrics
	metricsErr  error
)

// metrics returns the real font metrics the board and the poster use.
func metrics(tb testing.TB) *geometry.FontMetrics {
	tb.Helper()
	metricsOnce.Do(func() {
		metricsVal, metricsErr = geometry.NewFontMetrics(assets.FontRegular, assets.FontBold)
	})
	if metricsErr != nil {
		tb.Fatalf("NewFontMetrics: %v", metricsErr)
	}
	return metricsVal
}

func layout(tb testing.TB, p *model.Project, j *model.Journey) *geometry.Layout {
	tb.Helper()
	return geometry.NewLayouter(geometry.DefaultStyle, metrics(tb)).Layout(p, j)
}

// templateProjects returns one fresh project per template plus the sample.
func templateProjects(t *testing.T) map[string]*model.Project {
	t.Helper()
	out := map[string]*model.Project{}
	for _, tpl := range assets.Templates() {
		p, err := assets.NewProject(tpl.Name)
		if err != nil {
			t.Fatalf("NewProject(%q): %v", tpl.Name, err)
		}
		out[tpl.Name] = p
	}
	out["Sample()"] = assets.Sample()
	return out
}

// --- a large, realistic journey ---------------------------------------------

var (
	titleWords = strings.Fields(`Customer opens the app and checks balance before paying rent
		receives confirmation email with reference number waits for callback from support agent
		compares offers online reads reviews asks a friend for advice signs contract uploads ID
		document scan fails retry later password reset link expired branch visit queue long`)
	longWords = []string{
		"Donaudampfschifffahrtsgesellschaftskapitän", "Kundenzufriedenheitsbefragung",
		"antidisestablishmentarianism", "https://example.com/help/account/verification?step=3&lang=en",
		"Rechtsschutzversicherungsgesellschaften", "ΑΝΤΙΣΥΝΤΑΓΜΑΤΙΚΟΤΗΤΑ", "достопримечательностями",
	}
	phrases = []string{
		"Réservation confirmée à l'hôtel", "Überweisung fehlgeschlagen – Geld zurückgebucht",
		"Pagamento não autorizado pelo banco", "Zażółć gęślą jaźń", "Ça coûte trop cher, évidemment",
		"Επιβεβαίωση παραγγελίας μέσω SMS", "Η πληρωμή απέτυχε δύο φορές",
		"Подтверждение заказа по электронной почте", "Ошибка оплаты, клиент звонит в поддержку",
		"Ωραία εμπειρία στο κατάστημα", "Очень долгое ожидание ответа", "Señalización poco clara en la sucursal",
	}
	channels = []string{"Web", "Email", "Mobile app", "Phone", "Branch", "Chat", "Social", "Letter",
		"Customer service hotline (premium, international)", "Партнёрский магазин", "Τηλέφωνο", "SMS"}
	confidences = []model.Confidence{"", model.Assumption, model.Anecdotal, model.Validated}
)

func randomTitle(r *rand.Rand) string {
	var parts []string
	switch r.IntN(10) {
	case 0:
		return longWords[r.IntN(len(longWords))]
	case 1, 2:
		parts = append(parts, phrases[r.IntN(len(phrases))])
	}
	n := 1 + r.IntN(14)
	if r.IntN(8) == 0 {
		n += 20 // a paragraph that must be truncated
	}
	for i := 0; i < n; i++ {
		switch r.IntN(20) {
		case 0:
			parts = append(parts, longWords[r.IntN(len(longWords))])
		case 1:
			parts = append(parts, phrases[r.IntN(len(phrases))])
		default:
			parts = append(parts, titleWords[r.IntN(len(titleWords))])
		}
	}
	return strings.Join(parts, " ")
}

// bigOptions shapes a generated project.
type bigOptions struct {
	stages, lanes, touchpoints int
	personas                   int // personas attached to the journey
	scale                      model.Scale
	hidden                     []int // lane indexes to hide
	emotionLane                int   // index of the emotions lane, -1 for none
}

var bigDefault = bigOptions{stages: 20, lanes: 10, touchpoints: 2000, personas: 2,
	scale: model.ScaleBipolar2, emotionLane: 3}

// bigProject generates a valid project with one journey. Orders are dense per
// cell, but the touchpoints are shuffled so that the layout must sort them.
func bigProject(seed uint64, o bigOptions) (*model.Project, *model.Journey) {
	r := rand.New(rand.NewPCG(seed, 99))
	p := &model.Project{ID: "project", Name: "Big", Scale: o.scale}
	j := &model.Journey{ID: "journey", Title: "A very large journey map with many cards, Ελληνικά и кириллица"}
	p.Journeys = []*model.Journey{j}
	for i := 0; i < o.personas; i++ {
		x := &model.Persona{ID: model.ID(fmt.Sprintf("persona-%d", i)),
			Name: []string{"Graham", "Zoë Müller-Lüdenscheidt", "Αλεξάνδρα", "Владимир Владимирович", "Ana", "Li"}[i%6]}
		p.Personas = append(p.Personas, x)
		j.PersonaIDs = append(j.PersonaIDs, x.ID)
	}
	// A persona of the project that the journey is not drawn for: its scores
	// must not show.
	p.Personas = append(p.Personas, &model.Persona{ID: "persona-other", Name: "Other"})
	colors := []string{"", "#1f6feb", "#e36209", "#8250df"}
	for i := 0; i < o.stages; i++ {
		name := fmt.Sprintf("Stage %d %s", i+1, []string{"Awareness", "Consideration and comparison of every offer on the market",
			"Покупка", "Εγγραφή", "Onboarding", "Réclamation"}[i%6])
		j.Stages = append(j.Stages, &model.Stage{ID: model.ID(fmt.Sprintf("stage-%d", i)), Name: name,
			Description: strings.Repeat("What the customer wants here and why. ", i%4), Color: colors[i%len(colors)]})
	}
	kinds := []model.LaneKind{model.LaneChannel, model.LaneActions, model.LaneThoughts, model.LanePainPoints,
		model.LaneOpportunities, model.LaneStakeholders, model.LaneBackstage, model.LaneEvidence, model.LaneCustom}
	for i := 0; i < o.lanes; i++ {
		k := kinds[i%len(kinds)]
		if i == o.emotionLane {
			k = model.LaneEmotions
		}
		name := k.Label()
		if i%4 == 2 {
			name = "Frontstage interactions with staff and partners, per channel"
		}
		j.Lanes = append(j.Lanes, &model.Lane{ID: model.ID(fmt.Sprintf("lane-%d", i)), Name: name, Kind: k,
			Hidden: slices.Contains(o.hidden, i)})
	}
	count := map[[2]int]int{}
	for i := 0; i < o.touchpoints; i++ {
		si, li := r.IntN(o.stages), r.IntN(o.lanes)
		if r.IntN(3) == 0 { // some crowded cells
			si, li = si%4, li%3
		}
		t := &model.Touchpoint{ID: model.ID(fmt.Sprintf("tp-%d", i)), StageID: j.Stages[si].ID, LaneID: j.Lanes[li].ID,
			Order: count[[2]int{si, li}], Title: randomTitle(r), Confidence: confidences[r.IntN(len(confidences))],
			PainPoint: r.IntN(5) == 0, Opportunity: r.IntN(6) == 0, MomentOfTruth: r.IntN(9) == 0}
		count[[2]int{si, li}]++
		if r.IntN(3) > 0 {
			t.Channel = channels[r.IntN(len(channels))]
		}
		if r.IntN(4) == 0 {
			t.Color = "#d1242f"
		}
		for _, x := range p.Personas {
			if r.IntN(5) < 2 {
				if t.Emotions == nil {
					t.Emotions = map[model.ID]int{}
				}
				t.Emotions[x.ID] = o.scale.Min + r.IntN(o.scale.Steps())
			}
		}
		j.Touchpoints = append(j.Touchpoints, t)
	}
	r.Shuffle(len(j.Touchpoints), func(a, b int) { j.Touchpoints[a], j.Touchpoints[b] = j.Touchpoints[b], j.Touchpoints[a] })
	return p, j
}

// --- invariants ---------------------------------------------------------------

// checker collects layout problems, stopping after a few so that a broken
// layout of 2,000 cards does not print 2,000 lines.
type checker struct {
	t    testing.TB
	name string
	n    int
}

func (c *checker) errorf(format string, args ...any) {
	c.t.Helper()
	c.n++
	if c.n <= 15 {
		c.t.Errorf("%s: "+format, append([]any{c.name}, args...)...)
	}
	if c.n == 16 {
		c.t.Errorf("%s: (further problems not shown)", c.name)
	}
}

// textBox is the box a line of text occupies.
func textBox(m geometry.Metrics, st geometry.Style, tx geometry.Text) geometry.Rect {
	return geometry.Rect{X: tx.X, Y: tx.Y, W: m.Width(tx.Text, tx.Size, tx.Bold), H: st.LineHeight(tx.Size)}
}

func (c *checker) linesInside(what string, m geometry.Metrics, st geometry.Style, lines []geometry.Text, box geometry.Rect) {
	c.t.Helper()
	for i, tx := range lines {
		if tb := textBox(m, st, tx); !tb.Inside(box) {
			c.errorf("%s line %d %q box %+v is not inside %+v", what, i, tx.Text, tb, box)
		}
	}
}

func visibleLanes(j *model.Journey) []*model.Lane {
	var out []*model.Lane
	for _, l := range j.Lanes {
		if !l.Hidden {
			out = append(out, l)
		}
	}
	return out
}

// checkLayout asserts every structural property of a laid-out journey:
// headers, rows, columns, cells, cards, text and the meta row of each card.
// wantChips says whether every card with a channel must get its chip (true
// whenever the card has room, as in every realistic project).
func checkLayout(tb testing.TB, name string, p *model.Project, j *model.Journey, l *geometry.Layout, wantChips bool) {
	tb.Helper()
	c := &checker{t: tb, name: name}
	m := metrics(tb)
	st := l.Style
	lanes := visibleLanes(j)

	// The map.
	wantW := st.LaneHeaderWidth + float32(len(j.Stages))*st.StageWidth
	if l.Size.X != 0 || l.Size.Y != 0 || abs(l.Size.W-wantW) > eps {
		c.errorf("Size %+v, want origin 0,0 and width %v", l.Size, wantW)
	}
	if !l.Corner.Inside(l.Size) && len(j.Stages) > 0 {
		c.errorf("Corner %+v outside Size %+v", l.Corner, l.Size)
	}
	c.linesInside("journey title", m, st, l.Title, l.Corner)

	// Stages.
	if len(l.Stages) != len(j.Stages) {
		c.errorf("%d stage boxes for %d stages", len(l.Stages), len(j.Stages))
		return
	}
	for i, sb := range l.Stages {
		s := j.Stages[i]
		if sb.ID != s.ID || sb.Index != i || sb.Color != s.Color {
			c.errorf("stage box %d is %s/%d/%q, want %s/%d/%q", i, sb.ID, sb.Index, sb.Color, s.ID, i, s.Color)
		}
		if !sb.Header.Inside(l.Size) || !sb.Column.Inside(l.Size) {
			c.errorf("stage %d header %+v or column %+v outside Size %+v", i, sb.Header, sb.Column, l.Size)
		}
		if abs(sb.Column.Y-(sb.Header.Y+sb.Header.H)) > eps || abs(sb.Column.Y+sb.Column.H-(l.Size.Y+l.Size.H)) > eps ||
			sb.Column.X != sb.Header.X || sb.Column.W != sb.Header.W {
			c.errorf("stage %d column %+v does not run from under its header %+v to the bottom of the map", i, sb.Column, sb.Header)
		}
		if i > 0 && abs(sb.Header.X-(l.Stages[i-1].Header.X+l.Stages[i-1].Header.W)) > eps {
			c.errorf("stage %d header does not follow stage %d", i, i-1)
		}
		if strings.TrimSpace(s.Name) != "" && len(sb.Name) == 0 {
			c.errorf("stage %d %q has no name line", i, s.Name)
		}
		inner := geometry.Rect{X: sb.Header.X + st.CellPadding, Y: sb.Header.Y, W: sb.Header.W - 2*st.CellPadding, H: sb.Header.H}
		c.linesInside(fmt.Sprintf("stage %d name", i), m, st, sb.Name, inner)
		c.linesInside(fmt.Sprintf("stage %d description", i), m, st, sb.Desc, inner)
		for _, n := range sb.Name {
			for _, d := range sb.Desc {
				if textBox(m, st, n).Overlaps(textBox(m, st, d)) {
					c.errorf("stage %d name %q overlaps description %q", i, n.Text, d.Text)
				}
			}
		}
	}

	// Lanes: only the visible ones, stacked from under the stage headers.
	if len(l.Lanes) != len(lanes) {
		c.errorf("%d lane boxes for %d visible lanes", len(l.Lanes), len(lanes))
		return
	}
	y := st.StageHeaderHeight
	for i, lb := range l.Lanes {
		ln := lanes[i]
		if lb.ID != ln.ID || lb.Index != i || lb.Kind != ln.Kind {
			c.errorf("lane box %d is %s/%d/%s, want %s/%d/%s", i, lb.ID, lb.Index, lb.Kind, ln.ID, i, ln.Kind)
		}
		if abs(lb.Header.Y-y) > eps || abs(lb.Row.Y-y) > eps || lb.Row.H != lb.Header.H || lb.Row.H < st.MinCellHeight {
			c.errorf("lane %d header %+v / row %+v: want y %v, equal heights ≥ %v", i, lb.Header, lb.Row, y, st.MinCellHeight)
		}
		if abs(lb.Row.X-st.LaneHeaderWidth) > eps || abs(lb.Row.X+lb.Row.W-(l.Size.X+l.Size.W)) > eps {
			c.errorf("lane %d row %+v does not span the stage columns of %+v", i, lb.Row, l.Size)
		}
		if !lb.Header.Inside(l.Size) || !lb.Row.Inside(l.Size) {
			c.errorf("lane %d header %+v or row %+v outside Size %+v", i, lb.Header, lb.Row, l.Size)
		}
		inner := geometry.Rect{X: lb.Header.X + st.CellPadding, Y: lb.Header.Y, W: lb.Header.W - 2*st.CellPadding, H: lb.Header.H}
		c.linesInside(fmt.Sprintf("lane %d name", i), m, st, lb.Name, inner)
		c.linesInside(fmt.Sprintf("lane %d kind", i), m, st, lb.Kind2, inner)
		if len(lb.Name) == 0 || len(lb.Kind2) != 1 || lb.Kind2[0].Text != ln.Kind.Label() {
			c.errorf("lane %d has name lines %v and kind lines %v", i, lb.Name, lb.Kind2)
		}
		if st.HeaderMaxLines > 0 && len(lb.Name) > st.HeaderMaxLines {
			c.errorf("lane %d name has %d lines, more than %d", i, len(lb.Name), st.HeaderMaxLines)
		}
		y += lb.Row.H
	}
	if abs(l.Size.Y+l.Size.H-y) > eps {
		c.errorf("Size %+v ends at %v, the last row at %v", l.Size, l.Size.Y+l.Size.H, y)
	}

	// Cells.
	if len(l.Cells) != len(l.Stages)*len(l.Lanes) {
		c.errorf("%d cells for %d×%d", len(l.Cells), len(l.Stages), len(l.Lanes))
		return
	}
	for si, sb := range l.Stages {
		for li, lb := range l.Lanes {
			cell := l.Cell(si, li)
			if cell.Stage != sb.ID || cell.Lane != lb.ID {
				c.errorf("Cell(%d,%d) is %s×%s, want %s×%s", si, li, cell.Stage, cell.Lane, sb.ID, lb.ID)
			}
			if !cell.Rect.Inside(sb.Column) || !cell.Rect.Inside(lb.Row) {
				c.errorf("Cell(%d,%d) %+v not inside column %+v and row %+v", si, li, cell.Rect, sb.Column, lb.Row)
			}
			if cell.Rect.W <= 0 || cell.Rect.H <= 0 {
				c.errorf("Cell(%d,%d) is empty: %+v", si, li, cell.Rect)
			}
		}
	}

	// Cards: exactly the touchpoints of visible lanes, inside their cells.
	stageIdx := map[model.ID]int{}
	for i, s := range j.Stages {
		stageIdx[s.ID] = i
	}
	laneIdx := map[model.ID]int{}
	for i, ln := range lanes {
		laneIdx[ln.ID] = i
	}
	tps := map[model.ID]*model.Touchpoint{}
	want := 0
	for _, t := range j.Touchpoints {
		tps[t.ID] = t
		if _, ok := laneIdx[t.LaneID]; ok {
			want++
		}
	}
	if len(l.Cards) != want {
		c.errorf("%d cards, want %d (touchpoints in visible lanes)", len(l.Cards), want)
	}
	var personas []*model.Persona
	for _, id := range j.PersonaIDs {
		if x := p.Persona(id); x != nil {
			personas = append(personas, x)
		}
	}
	seen := map[model.ID]bool{}
	byCell := map[[2]int][]*geometry.CardBox{}
	for ci := range l.Cards {
		cb := &l.Cards[ci]
		t := tps[cb.ID]
		if t == nil {
			c.errorf("card %s is not a touchpoint of the journey", cb.ID)
			continue
		}
		if seen[cb.ID] {
			c.errorf("card %s laid out twice", cb.ID)
		}
		seen[cb.ID] = true
		if l.Card(cb.ID) != cb {
			c.errorf("Card(%s) does not return its box", cb.ID)
		}
		si, ok1 := stageIdx[t.StageID]
		li, ok2 := laneIdx[t.LaneID]
		if !ok1 || !ok2 || cb.Stage != t.StageID || cb.Lane != t.LaneID || cb.Order != t.Order {
			c.errorf("card %s is in %s×%s #%d, its touchpoint in %s×%s #%d (lane visible %v)",
				cb.ID, cb.Stage, cb.Lane, cb.Order, t.StageID, t.LaneID, t.Order, ok2)
			continue
		}
		byCell[[2]int{si, li}] = append(byCell[[2]int{si, li}], cb)
		cell := l.Cell(si, li)
		if !cb.Rect.Inside(cell.Rect) {
			c.errorf("card %s %+v is not inside its cell %+v", cb.ID, cb.Rect, cell.Rect)
		}
		if l.Emotion != nil && li == laneIndexOf(l, l.Emotion.Lane) && cb.Rect.Overlaps(l.Emotion.Band) {
			c.errorf("card %s %+v overlaps the emotion band %+v", cb.ID, cb.Rect, l.Emotion.Band)
		}
		wantAccent := t.Color
		if wantAccent == "" {
			wantAccent = j.Stages[si].Color
		}
		if cb.Accent != wantAccent || cb.Channel != t.Channel || cb.Confidence != t.Confidence {
			c.errorf("card %s accent/channel/confidence %q/%q/%q, want %q/%q/%q", cb.ID, cb.Accent, cb.Channel,
				cb.Confidence, wantAccent, t.Channel, t.Confidence)
		}
		c.checkCard(m, st, p, personas, t, cb, wantChips)
	}
	for id := range tps {
		if _, ok := laneIdx[tps[id].LaneID]; ok && !seen[id] {
			c.errorf("touchpoint %s of a visible lane has no card", id)
		}
	}

	// Cards of a cell: stacked top to bottom in Order, a gap apart.
	for key, cards := range byCell {
		for k := 1; k < len(cards); k++ {
			a, b := cards[k-1], cards[k]
			if a.Order >= b.Order {
				c.errorf("cell %v: card %s (order %d) comes before %s (order %d)", key, a.ID, a.Order, b.ID, b.Order)
			}
			if b.Rect.Y < a.Rect.Y+a.Rect.H+st.CardGap-eps {
				c.errorf("cell %v: card %s at y %v is not below %s (ends %v) by the gap", key, b.ID, b.Rect.Y, a.ID, a.Rect.Y+a.Rect.H)
			}
		}
		if want := j.Cell(l.Stages[key[0]].ID, l.Lanes[key[1]].ID); len(want) != len(cards) {
			c.errorf("cell %v has %d cards, the journey %d", key, len(cards), len(want))
		} else {
			for k := range want {
				if want[k].ID != cards[k].ID {
					c.errorf("cell %v card %d is %s, want %s", key, k, cards[k].ID, want[k].ID)
				}
			}
		}
	}

	// No two cards overlap anywhere: sweep by x so 2,000 cards stay cheap.
	idx := make([]int, len(l.Cards))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		switch {
		case l.Cards[a].Rect.X < l.Cards[b].Rect.X:
			return -1
		case l.Cards[a].Rect.X > l.Cards[b].Rect.X:
			return 1
		}
		return 0
	})
	for a := range idx {
		ra := l.Cards[idx[a]].Rect
		for b := a + 1; b < len(idx) && l.Cards[idx[b]].Rect.X < ra.X+ra.W; b++ {
			if ra.Overlaps(l.Cards[idx[b]].Rect) {
				c.errorf("cards %s %+v and %s %+v overlap", l.Cards[idx[a]].ID, ra, l.Cards[idx[b]].ID, l.Cards[idx[b]].Rect)
			}
		}
	}
}

func laneIndexOf(l *geometry.Layout, id model.ID) int {
	for i, ln := range l.Lanes {
		if ln.ID == id {
			return i
		}
	}
	return -1
}

// checkCard asserts the inside of one card: title lines, channel chip,
// badges, markers and confidence dots.
func (c *checker) checkCard(m geometry.Metrics, st geometry.Style, p *model.Project, personas []*model.Persona,
	t *model.Touchpoint, cb *geometry.CardBox, wantChips bool) {
	c.t.Helper()
	r := cb.Rect
	if r.W <= 0 || r.H <= 0 {
		c.errorf("card %s has no area: %+v", cb.ID, r)
	}
	// Title: the wrap of the title, within the card's inner width.
	content := geometry.Rect{X: r.X, Y: r.Y, W: r.W - st.CardPadding, H: r.H}
	// Title lines start after the padding (and the accent strip) and must end
	// a padding short of the card's right edge.
	innerW := r.W - 2*st.CardPadding
	if len(cb.Title) > 0 {
		if cb.Title[0].X < r.X+st.CardPadding {
			c.errorf("card %s title starts at %v, inside the padding of %+v", cb.ID, cb.Title[0].X, r)
		}
		innerW = r.X + r.W - st.CardPadding - cb.Title[0].X
	}
	if (st.TitleMaxLines > 0 && len(cb.Title) > st.TitleMaxLines) || (strings.TrimSpace(t.Title) != "" && len(cb.Title) == 0) {
		c.errorf("card %s title has %d lines (max %d) for %q", cb.ID, len(cb.Title), st.TitleMaxLines, t.Title)
	}
	var titleBoxes []geometry.Rect
	for i, tx := range cb.Title {
		w := m.Width(tx.Text, tx.Size, tx.Bold)
		if w > innerW+eps || tx.Size != st.TitleSize || !tx.Bold {
			c.errorf("card %s title line %d %q is %v wide at size %v bold %v; inner width %v", cb.ID, i, tx.Text, w, tx.Size, tx.Bold, innerW)
		}
		if i > 0 && (tx.Y <= cb.Title[i-1].Y || tx.X != cb.Title[0].X) {
			c.errorf("card %s title line %d is not under line %d", cb.ID, i, i-1)
		}
		tb := textBox(m, st, tx)
		if !tb.Inside(content) {
			c.errorf("card %s title line %d %q box %+v is not inside the card %+v", cb.ID, i, tx.Text, tb, r)
		}
		titleBoxes = append(titleBoxes, tb)
	}
	if len(cb.Title) > 0 {
		var got []string
		for _, tx := range cb.Title {
			got = append(got, tx.Text)
		}
		want := geometry.Wrap(m, t.Title, st.TitleSize, innerW, true, st.TitleMaxLines)
		if !slices.Equal(got, want) {
			c.errorf("card %s title lines %q, want the wrap %q", cb.ID, got, want)
		}
		if last := got[len(got)-1]; len(want) == st.TitleMaxLines && m.Width(t.Title, st.TitleSize, true) > float32(st.TitleMaxLines)*innerW &&
			!strings.HasSuffix(last, "…") {
			c.errorf("card %s title %q is cut without an ellipsis: %q", cb.ID, t.Title, got)
		}
	}

	// The meta row: every box inside the card, none overlapping another or
	// the title.
	type box struct {
		what string
		r    geometry.Rect
	}
	var boxes []box
	if cb.ChannelChip != (geometry.Rect{}) {
		boxes = append(boxes, box{"channel chip", cb.ChannelChip})
		tb := textBox(m, st, cb.ChannelText)
		if !tb.Inside(cb.ChannelChip) {
			c.errorf("card %s channel text %q %+v is not inside its chip %+v", cb.ID, cb.ChannelText.Text, tb, cb.ChannelChip)
		}
		if cb.ChannelText.Text == "" || (cb.ChannelText.Text != t.Channel && !strings.HasSuffix(cb.ChannelText.Text, "…")) ||
			!strings.HasPrefix(t.Channel, strings.TrimSuffix(cb.ChannelText.Text, "…")) {
			c.errorf("card %s channel text %q for channel %q", cb.ID, cb.ChannelText.Text, t.Channel)
		}
	} else if t.Channel != "" && wantChips {
		c.errorf("card %s has channel %q but no chip", cb.ID, t.Channel)
	}
	if t.Channel == "" && cb.ChannelChip != (geometry.Rect{}) {
		c.errorf("card %s has a chip without a channel", cb.ID)
	}

	// Badges: one per attached persona that scored the card, in journey order.
	var wantBadges []geometry.Badge
	for slot, x := range personas {
		if s, ok := t.Emotions[x.ID]; ok {
			wantBadges = append(wantBadges, geometry.Badge{Persona: x.ID, Slot: slot, Score: s})
		}
	}
	if len(cb.Badges) != len(wantBadges) {
		c.errorf("card %s has %d badges, want %d", cb.ID, len(cb.Badges), len(wantBadges))
	} else {
		for i, b := range cb.Badges {
			w := wantBadges[i]
			if b.Persona != w.Persona || b.Slot != w.Slot || b.Score != w.Score {
				c.errorf("card %s badge %d is %s/%d/%d, want %s/%d/%d", cb.ID, i, b.Persona, b.Slot, b.Score, w.Persona, w.Slot, w.Score)
			}
			label := fmt.Sprint(b.Score)
			if b.Score > 0 && p.Scale.Min < 0 {
				label = "+" + label
			}
			if b.Label.Text != label {
				c.errorf("card %s badge %d label %q, want %q", cb.ID, i, b.Label.Text, label)
			}
			if lw := m.Width(b.Label.Text, b.Label.Size, b.Label.Bold); b.Label.X < b.Rect.X-eps || b.Label.X+lw > b.Rect.X+b.Rect.W+eps {
				c.errorf("card %s badge %d label %q does not fit its badge %+v", cb.ID, i, b.Label.Text, b.Rect)
			}
			boxes = append(boxes, box{fmt.Sprintf("badge %d", i), b.Rect})
		}
	}

	// Markers: one per flag, in pain point, opportunity, moment of truth order.
	var wantKinds []geometry.MarkerKind
	for _, f := range []struct {
		on bool
		k  geometry.MarkerKind
	}{{t.PainPoint, geometry.PainPoint}, {t.Opportunity, geometry.Opportunity}, {t.MomentOfTruth, geometry.MomentOfTruth}} {
		if f.on {
			wantKinds = append(wantKinds, f.k)
		}
	}
	var gotKinds []geometry.MarkerKind
	for i, mk := range cb.Markers {
		gotKinds = append(gotKinds, mk.Kind)
		boxes = append(boxes, box{fmt.Sprintf("marker %d", i), mk.Rect})
	}
	if !slices.Equal(gotKinds, wantKinds) {
		c.errorf("card %s markers %v, want %v", cb.ID, gotKinds, wantKinds)
	}
	if (t.Confidence != "") != (cb.ConfRect != geometry.Rect{}) {
		c.errorf("card %s confidence %q has dots %+v", cb.ID, t.Confidence, cb.ConfRect)
	}
	if cb.ConfRect != (geometry.Rect{}) {
		boxes = append(boxes, box{"confidence", cb.ConfRect})
	}
	for i, a := range boxes {
		if a.r.W <= 0 || a.r.H <= 0 || !a.r.Inside(content) {
			c.errorf("card %s %s %+v is not inside the card %+v", cb.ID, a.what, a.r, r)
		}
		for _, b := range boxes[i+1:] {
			if a.r.Overlaps(b.r) {
				c.errorf("card %s %s %+v overlaps %s %+v", cb.ID, a.what, a.r, b.what, b.r)
			}
		}
		for k, tb := range titleBoxes {
			if a.r.Overlaps(tb) {
				c.errorf("card %s %s %+v overlaps title line %d %+v", cb.ID, a.what, a.r, k, tb)
			}
		}
	}
}

func abs(v float32) float32 {
	if v < 0 {
		return -v
	}
	return v
}

// checkEmotion asserts the emotion band of a layout: where it is, its scale,
// one curve per attached persona through the cards it scored, and the legend.
func checkEmotion(tb testing.TB, name string, p *model.Project, j *model.Journey, l *geometry.Layout) {
	tb.Helper()
	c := &checker{t: tb, name: name}
	m := metrics(tb)
	st := l.Style
	lane := -1
	for i, ln := range l.Lanes {
		if ln.Kind == model.LaneEmotions {
			lane = i
			break
		}
	}
	e := l.Emotion
	if lane < 0 {
		if e != nil {
			c.errorf("an emotion band without a visible emotions lane")
		}
		return
	}
	if e == nil {
		c.errorf("no emotion band for visible emotions lane %d", lane)
		return
	}
	row, hdr := l.Lanes[lane].Row, l.Lanes[lane].Header
	if e.Lane != l.Lanes[lane].ID || e.Scale != p.Scale {
		c.errorf("band of lane %s scale %v, want %s %v", e.Lane, e.Scale, l.Lanes[lane].ID, p.Scale)
	}
	if !e.Band.Inside(row) || e.Band.X != row.X || e.Band.W != row.W || e.Band.Y != row.Y || e.Band.H != st.EmotionBandHeight {
		c.errorf("band %+v is not the top %v of row %+v", e.Band, st.EmotionBandHeight, row)
	}
	if !e.Plot.Inside(e.Band) || e.Plot.H <= 0 {
		c.errorf("plot %+v not inside band %+v", e.Plot, e.Band)
	}
	// Neutral between the tinted halves, which tile the band.
	if e.NeutralY != e.ScoreY(p.Scale.Neutral()) || e.NeutralY <= e.Plot.Y || e.NeutralY >= e.Plot.Y+e.Plot.H {
		c.errorf("NeutralY %v, want ScoreY(%v) = %v strictly inside the plot %+v", e.NeutralY, p.Scale.Neutral(),
			e.ScoreY(p.Scale.Neutral()), e.Plot)
	}
	if e.Positive.Y != e.Band.Y || abs(e.Positive.Y+e.Positive.H-e.NeutralY) > eps || abs(e.Negative.Y-e.NeutralY) > eps ||
		abs(e.Negative.Y+e.Negative.H-(e.Band.Y+e.Band.H)) > eps || !e.Positive.Inside(e.Band) || !e.Negative.Inside(e.Band) {
		c.errorf("positive %+v / neutral %v / negative %+v do not split band %+v", e.Positive, e.NeutralY, e.Negative, e.Band)
	}
	if e.ScoreY(float64(p.Scale.Max)) != e.Plot.Y || abs(e.ScoreY(float64(p.Scale.Min))-(e.Plot.Y+e.Plot.H)) > eps {
		c.errorf("the scale does not span the plot %+v: max at %v, min at %v", e.Plot, e.ScoreY(float64(p.Scale.Max)),
			e.ScoreY(float64(p.Scale.Min)))
	}
	for s := p.Scale.Min; s <= p.Scale.Max; s++ {
		y := e.ScoreY(float64(s))
		back := e.ScoreAt(y)
		if d := back - float64(s); d > 1e-4 || d < -1e-4 || p.Scale.Snap(back) != s {
			c.errorf("ScoreAt(ScoreY(%d)) = %v", s, back)
		}
		if s > p.Scale.Min && y >= e.ScoreY(float64(s-1)) {
			c.errorf("score %d is not above score %d", s, s-1)
		}
	}
	// Ticks: every step, labels in the lane header.
	if len(e.Ticks) != p.Scale.Steps() {
		c.errorf("%d ticks for %d steps", len(e.Ticks), p.Scale.Steps())
	}
	labels := 0
	for i, tk := range e.Ticks {
		if tk.Score != p.Scale.Min+i || tk.Y != e.ScoreY(float64(tk.Score)) {
			c.errorf("tick %d is score %d at %v", i, tk.Score, tk.Y)
		}
		if tk.Label != nil {
			labels++
			c.linesInside(fmt.Sprintf("tick %d label", i), m, st, []geometry.Text{*tk.Label}, hdr)
		}
	}
	if labels < 2 {
		c.errorf("only %d tick labels", labels)
	}

	// The legend, in the lane header, clear of the lane's name and kind.
	var personas []*model.Persona
	for _, id := range j.PersonaIDs {
		if x := p.Persona(id); x != nil {
			personas = append(personas, x)
		}
	}
	// Every persona is named, up to LaneLegendMax lines; past that the
	// last line says how many more there are.
	named := len(personas)
	if named > geometry.LaneLegendMax {
		named = geometry.LaneLegendMax - 1
		if last := e.Legend[len(e.Legend)-1]; last.Persona != "" || last.Swatch.W != 0 ||
			last.Name.Text != fmt.Sprintf("… and %d more", len(personas)-named) {
			c.errorf("the legend's last line is %+v, not the %d more personas", last, len(personas)-named)
		}
	}
	if want := min(len(personas), geometry.LaneLegendMax); len(e.Legend) != want {
		c.errorf("%d legend entries for %d personas, want %d", len(e.Legend), len(personas), want)
	}
	var taken []geometry.Rect
	for _, tx := range append(append([]geometry.Text(nil), l.Lanes[lane].Name...), l.Lanes[lane].Kind2...) {
		taken = append(taken, textBox(m, st, tx))
	}
	for i, le := range e.Legend {
		if i < named && (le.Persona != personas[i].ID || le.Slot != i) {
			c.errorf("legend %d is %s slot %d, want %s slot %d", i, le.Persona, le.Slot, personas[i].ID, i)
		}
		nb := textBox(m, st, le.Name)
		if !le.Swatch.Inside(hdr) || !nb.Inside(hdr) || le.Name.Text == "" {
			c.errorf("legend %d swatch %+v or name %q %+v not inside the lane header %+v", i, le.Swatch, le.Name.Text, nb, hdr)
		}
		for _, r := range taken {
			if r.Overlaps(le.Swatch) || r.Overlaps(nb) {
				c.errorf("legend %d %q overlaps %+v", i, le.Name.Text, r)
			}
		}
		taken = append(taken, le.Swatch, nb)
	}
	// The scale's labels share the header with the lane's name, kind and
	// legend: none may cover another.
	for i, tk := range e.Ticks {
		if tk.Label == nil {
			continue
		}
		lb := textBox(m, st, *tk.Label)
		for _, r := range taken {
			if lb.Overlaps(r) {
				c.errorf("tick %d label %q %+v overlaps header text or legend %+v", i, tk.Label.Text, lb, r)
			}
		}
		taken = append(taken, lb)
	}

	// Curves: one per attached persona, through the cards it scored in
	// reading order, at the height of each score, with no overshoot.
	if len(e.Curves) != len(personas) {
		c.errorf("%d curves for %d personas", len(e.Curves), len(personas))
		return
	}
	xOf := map[model.ID]float32{}
	for ci, cv := range e.Curves {
		x := personas[ci]
		if cv.Persona != x.ID || cv.Slot != ci {
			c.errorf("curve %d is %s slot %d, want %s slot %d", ci, cv.Persona, cv.Slot, x.ID, ci)
		}
		var want []geometry.CurvePoint
		for _, cb := range l.Cards {
			for _, b := range cb.Badges {
				if b.Persona == x.ID {
					want = append(want, geometry.CurvePoint{Touchpoint: cb.ID, Stage: cb.Stage, Score: b.Score})
				}
			}
		}
		if len(cv.Points) != len(want) {
			c.errorf("curve %d has %d points, the persona scored %d visible cards", ci, len(cv.Points), len(want))
			continue
		}
		for k, pt := range cv.Points {
			if pt.Touchpoint != want[k].Touchpoint || pt.Stage != want[k].Stage || pt.Score != want[k].Score {
				c.errorf("curve %d point %d is %s/%s/%d, want %s/%s/%d", ci, k, pt.Touchpoint, pt.Stage, pt.Score,
					want[k].Touchpoint, want[k].Stage, want[k].Score)
			}
			if pt.P.Y != e.ScoreY(float64(pt.Score)) {
				c.errorf("curve %d point %d at y %v, ScoreY(%d) = %v", ci, k, pt.P.Y, pt.Score, e.ScoreY(float64(pt.Score)))
			}
			if !e.Plot.Contains(pt.P) {
				c.errorf("curve %d point %d %+v outside the plot %+v", ci, k, pt.P, e.Plot)
			}
			if k > 0 && pt.P.X <= cv.Points[k-1].P.X {
				c.errorf("curve %d point %d x %v is not right of point %d x %v", ci, k, pt.P.X, k-1, cv.Points[k-1].P.X)
			}
			if si := stageIndexOf(l, pt.Stage); si < 0 || !l.Stages[si].Column.Contains(geometry.Point{X: pt.P.X, Y: l.Stages[si].Column.Y}) {
				c.errorf("curve %d point %d x %v is not in the column of its stage %s", ci, k, pt.P.X, pt.Stage)
			}
			// All personas' points of a card line up under it.
			if x0, ok := xOf[pt.Touchpoint]; ok && x0 != pt.P.X {
				c.errorf("card %s has points at x %v and %v", pt.Touchpoint, x0, pt.P.X)
			}
			xOf[pt.Touchpoint] = pt.P.X
		}
		wantSegs := max(len(cv.Points)-1, 0)
		if len(cv.Segments) != wantSegs {
			c.errorf("curve %d has %d segments for %d points", ci, len(cv.Segments), len(cv.Points))
			continue
		}
		for k, sg := range cv.Segments {
			a, b := cv.Points[k].P, cv.Points[k+1].P
			if sg.P0 != a || sg.P1 != b {
				c.errorf("curve %d segment %d runs %+v–%+v, not between its points %+v–%+v", ci, k, sg.P0, sg.P1, a, b)
			}
			lo, hi := min(a.Y, b.Y), max(a.Y, b.Y)
			for _, cp := range []geometry.Point{sg.C1, sg.C2} {
				if cp.Y < lo-1e-3 || cp.Y > hi+1e-3 || cp.X < a.X-1e-3 || cp.X > b.X+1e-3 {
					c.errorf("curve %d segment %d control point %+v overshoots its ends %+v–%+v", ci, k, cp, a, b)
				}
			}
		}
	}
}

func stageIndexOf(l *geometry.Layout, id model.ID) int {
	for i, s := range l.Stages {
		if s.ID == id {
			return i
		}
	}
	return -1
}
