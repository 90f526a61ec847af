package poster

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"waymark/canvas/geometry"
	"waymark/model"
)

// lensDoc lays out journey j (default the first) of p through lens, as
// export does (publish.PosterDoc).
func lensDoc(tb testing.TB, p *model.Project, j *model.Journey, lens *model.Lens) Doc {
	tb.Helper()
	if j == nil {
		j = p.Journeys[0]
	}
	lo := geometry.NewLayouter(geometry.DefaultStyle, painter(tb).Metrics())
	lo.Lens = lens
	return Doc{Project: p, Journey: j, Layout: lo.Layout(p, j)}
}

// planOf composes d's poster with o, as printing it does.
func planOf(tb testing.TB, d Doc, o Options) (*composition, Options) {
	tb.Helper()
	_, c, _, _, err := painter(tb).plan(&d, &o)
	if err != nil {
		tb.Fatal(err)
	}
	return c, o
}

// lensPDFText prints d and reads its first page back with pdftotext, spaces
// folded.
func lensPDFText(tb testing.TB, d Doc, o Options, name string) string {
	tb.Helper()
	path, _ := writePDF(tb, tb.TempDir(), name, d, o)
	return strings.Join(strings.Fields(tool(tb, "pdftotext", "-f", "1", "-l", "1", path, "-")), " ")
}

// svgGroup is the markup of the poster part id (a title block, the
// legend) of an SVG poster of d.
func svgGroup(tb testing.TB, d Doc, o Options, id string) string {
	tb.Helper()
	var buf bytes.Buffer
	if _, err := painter(tb).WriteSVG(context.Background(), &buf, d, o); err != nil {
		tb.Fatal(err)
	}
	s := buf.String()
	at := strings.Index(s, `<g id="`+id+`">`)
	if at < 0 {
		tb.Fatalf("the SVG has no group %q", id)
	}
	s = s[at:]
	return s[:strings.Index(s, "</g>")]
}

func legendSectionOf(c *composition, title string) *legendSection {
	for i := range c.sections {
		if c.sections[i].title == title {
			return &c.sections[i]
		}
	}
	return nil
}

// TestPersonaLensNamesThatPersona: through a persona lens the title block
// and the legend name that persona alone, in its own slot: its colour,
// dashes and point shape are its curve's, not the first slot's.
func TestPersonaLensNamesThatPersona(t *testing.T) {
	p := sample(t)
	j := p.Journeys[0]
	cast := p.JourneyPersonas(j)
	if len(cast) < 2 {
		t.Fatalf("the sample's journey is drawn for %d personas; the test needs two", len(cast))
	}
	first, second := cast[0], cast[1]
	o := opts(t, "A3")

	// Without a lens both are named.
	plain := docOf(t, p, j)
	text := lensPDFText(t, plain, o, "plain.pdf")
	for _, x := range cast {
		if !strings.Contains(text, x.Name) || !strings.Contains(text, x.Role) {
			t.Errorf("without a lens the poster lacks %q or its role", x.Name)
		}
	}
	if strings.Contains(text, "Through the lens") {
		t.Errorf("a poster without a lens says it was printed through one")
	}

	d := lensDoc(t, p, j, &model.Lens{Persona: second.ID})
	if cv := d.Layout.Emotion.Curves; len(cv) != 1 || cv[0].Slot != 1 {
		t.Fatalf("the layout through the lens has curves %+v, want the second persona's alone", cv)
	}
	text = lensPDFText(t, d, o, "persona.pdf")
	for _, s := range []string{second.Name, second.Role, "Through the lens: persona " + second.Name + " — all 38 cards"} {
		if !strings.Contains(text, s) {
			t.Errorf("the poster through %s's lens lacks %q:\n%s", second.Name, s, text)
		}
	}
	for _, s := range []string{first.Name, first.Role, strings.Trim(first.Quote, "\"“”")} {
		if strings.Contains(text, s) {
			t.Errorf("the poster through %s's lens names %q, of another persona", second.Name, s)
		}
	}

	c, oo := planOf(t, d, o)
	if len(c.personas) != 1 || c.personas[0] != second || c.firstSlot != 1 {
		t.Fatalf("the title block summarises %d personas from slot %d, want %s alone in slot 1", len(c.personas), c.firstSlot, second.Name)
	}
	curves := legendSectionOf(c, "Emotion curves")
	if curves == nil || len(curves.items) != 1 || curves.items[0].label != second.Name || curves.items[0].slot != 1 || curves.total != 1 {
		t.Fatalf("the legend's curves are %+v, want %s alone in slot 1", curves, second.Name)
	}
	for _, it := range legendSectionOf(c, "Markers").items {
		if it.icon == iconBadge && it.slot != 1 {
			t.Errorf("the legend's score badge is in slot %d, want the lens persona's, 1", it.slot)
		}
	}

	// What is drawn: the curve's colour in the title block and the legend,
	// the first slot's nowhere there (the SVG keeps each part's group).
	pal := oo.paletteVal
	mine, other := hex(pal.PersonaColor(1)), hex(pal.PersonaColor(0))
	for _, id := range []string{"title-block", "legend"} {
		g := svgGroup(t, d, o, id)
		if !strings.Contains(g, mine) {
			t.Errorf("the %s through the lens has none of %s's colour %s", id, second.Name, mine)
		}
		if strings.Contains(g, other) {
			t.Errorf("the %s through the lens has the first persona's colour %s", id, other)
		}
	}
	// The point shapes: the second slot's is not a circle, so the legend
	// draws its curve's point as a polygon and the title block's too.
	if geometry.PersonaShape(1) == geometry.ShapeCircle {
		t.Fatal("slot 1's point is a circle; the test relies on it being another shape")
	}
	if g := svgGroup(t, d, o, "legend"); !regexp.MustCompile(`<polygon points="[^"]*" fill="` + mine + `"`).MatchString(g) {
		t.Errorf("the legend draws no point of %s's shape in its colour", second.Name)
	}

	// A persona the journey is not drawn for: the map shows no curve and
	// the poster names no persona.
	stranger := &model.Persona{ID: "someone-else", Name: "Someone Else"}
	p.Personas = append(p.Personas, stranger)
	d = lensDoc(t, p, j, &model.Lens{Persona: stranger.ID})
	c, _ = planOf(t, d, o)
	if len(c.personas) != 0 || legendSectionOf(c, "Emotion curves") != nil {
		t.Errorf("through the lens of a persona the journey is not drawn for, the poster names %d personas", len(c.personas))
	}
	text = lensPDFText(t, d, o, "stranger.pdf")
	for _, x := range cast {
		if strings.Contains(text, x.Role) {
			t.Errorf("through another persona's lens the title block summarises %s", x.Name)
		}
	}
	if !strings.Contains(text, "Through the lens: persona Someone Else") {
		t.Errorf("the poster does not say whose lens it was printed through:\n%s", text)
	}
}

// chipWords are the channels the sample's cards name, as their chips and
// the legend print them.
var chipWords = regexp.MustCompile(`\b(social|post|email|mobile app|phone|web)\b`)

// TestChannelLensLineAndChannels: through a channel lens the title block
// says so, with the counts of the layout, and the legend lists only the
// channels of the cards shown; dimmed or hidden.
func TestChannelLensLineAndChannels(t *testing.T) {
	p := sample(t)
	o := opts(t, "A3")

	plain := docOf(t, p, nil)
	c, _ := planOf(t, plain, o)
	if c.lens.what != "" {
		t.Errorf("without a lens the title block has the lens line %q", c.lens)
	}
	all := map[string]bool{}
	for _, m := range chipWords.FindAllString(lensPDFText(t, plain, o, "plain.pdf"), -1) {
		all[m] = true
	}
	if len(all) < 5 {
		t.Fatalf("without a lens the poster prints the channels %v; the test needs more", all)
	}
	var chans []string
	for _, it := range legendSectionOf(c, "Channels").items {
		chans = append(chans, it.text)
	}
	if len(chans) < 5 {
		t.Fatalf("without a lens the legend lists the channels %v", chans)
	}

	for _, tc := range []struct {
		name string
		lens *model.Lens
		line string
	}{
		{"dim", &model.Lens{Channels: []string{"web"}},
			"Through the lens: channel web — 7 of 38 cards, the others as blank outlines"},
		{"hide", &model.Lens{Name: "Web", Channels: []string{" WEB "}, Hide: true},
			"Through the lens “Web”: channel WEB — 7 of 38 cards, the others left out, with the"},
	} {
		d := lensDoc(t, p, nil, tc.lens)
		l := d.Layout
		if l.LensShown != 7 || l.LensTotal != 38 {
			t.Fatalf("%s: the layout shows %d of %d cards, want 7 of 38", tc.name, l.LensShown, l.LensTotal)
		}
		c, _ := planOf(t, d, o)
		if got := c.lens.String(); !strings.HasPrefix(got, tc.line) {
			t.Errorf("%s: the lens line is %q, want it to begin %q", tc.name, got, tc.line)
		}
		text := lensPDFText(t, d, o, tc.name+".pdf")
		if !strings.Contains(text, tc.line) {
			t.Errorf("%s: the PDF lacks %q:\n%s", tc.name, tc.line, text)
		}
		if tc.lens.Hide {
			// Whatever the lens emptied is counted by name.
			var gone []string
			if n := l.CollapsedStages; n > 0 {
				gone = append(gone, plural(n, "stage"))
			}
			if n := l.CollapsedLanes; n > 0 {
				gone = append(gone, plural(n, "lane"))
			}
			if len(gone) == 0 {
				t.Fatal("hiding every card but the web's empties no stage or lane of the sample")
			}
			if want := strings.Join(gone, " and ") + " they emptied"; !strings.Contains(text, want) {
				t.Errorf("hide: the PDF lacks %q", want)
			}
		}
		legend := legendSectionOf(c, "Channels")
		if legend == nil || len(legend.items) != 1 || legend.items[0].text != "web" {
			t.Errorf("%s: the legend lists the channels %+v, want web alone", tc.name, legend)
		}
		for _, m := range chipWords.FindAllString(text, -1) {
			if m != "web" {
				t.Errorf("%s: the poster prints the channel %q, of a card the lens leaves out", tc.name, m)
			}
		}
	}

	// A lens too long for the page: the count of cards stays, the
	// filters are cut short before it, the rest of the counts go.
	long := &model.Lens{Channels: []string{"web", "mobile app", "social", "email"}, Owners: []string{"Digital onboarding team", "Operations"},
		Tags: []string{"trust", "documents", "fees"}, Flags: []model.Flag{model.FlagPainPoint, model.FlagOpportunity}, Hide: true}
	d := lensDoc(t, p, nil, long)
	text := lensPDFText(t, d, opts(t, "A4"), "long.pdf")
	if want := regexp.MustCompile(`Through the lens: channel web or mobile app or [^—]*… — ` + regexp.QuoteMeta(thousands(d.Layout.LensShown)) + ` of 38 cards`); !want.MatchString(text) {
		t.Errorf("a long lens on A4 does not read %q:\n%s", want, text)
	}
	if strings.Contains(text, "left out") {
		t.Errorf("a long lens on A4 keeps the counts' tail and cuts its filters")
	}

	// A lens that narrows nothing prints as no lens.
	d = lensDoc(t, p, nil, &model.Lens{Name: "Everything", Hide: true})
	if c, _ := planOf(t, d, o); c.lens.what != "" {
		t.Errorf("a lens with no filter has the lens line %q", c.lens)
	}
	if text := lensPDFText(t, d, o, "none.pdf"); strings.Contains(text, "Through the lens") {
		t.Error("a poster through a lens that filters nothing says it was printed through one")
	}
}

// TestLensLineWords: the counts in words, for each way a lens can show
// its cards.
func TestLensLineWords(t *testing.T) {
	p := sample(t)
	for _, tc := range []struct {
		lens          *model.Lens
		shown         int
		total         int
		stages, lanes int
		want          string
	}{
		{&model.Lens{Flags: []model.Flag{model.FlagPainPoint}}, 12, 38, 0, 0, "Through the lens: flag pain point — 12 of 38 cards, the others as blank outlines"},
		{&model.Lens{Tags: []string{"x"}}, 1, 1, 0, 0, "Through the lens: tag x — all 1 card pass it"},
		{&model.Lens{Tags: []string{"x"}, Hide: true}, 0, 1200, 1, 0, "Through the lens: tag x — 0 of 1,200 cards, the others left out, with the 1 stage they emptied"},
		{&model.Lens{Owners: []string{"Ops"}, Hide: true}, 3, 40, 2, 1, "Through the lens: owner Ops — 3 of 40 cards, the others left out, with the 2 stages and 1 lane they emptied"},
		{&model.Lens{Owners: []string{"Ops"}}, 0, 0, 0, 0, "Through the lens: owner Ops"},
	} {
		l := &geometry.Layout{Lens: tc.lens, LensShown: tc.shown, LensTotal: tc.total, CollapsedStages: tc.stages, CollapsedLanes: tc.lanes}
		if got := lensLineOf(Doc{Project: p, Journey: p.Journeys[0], Layout: l}).String(); got != tc.want {
			t.Errorf("got  %q\nwant %q", got, tc.want)
		}
	}
}

// TestLegendCurveIconIsLonger: the persona curve's icon is given room for
// a whole dash pattern beside its point; the other icons keep theirs.
func TestLegendCurveIconIsLonger(t *testing.T) {
	d := docOf(t, crowdProject(t, 3), nil)
	c, _ := planOf(t, d, opts(t, "A3"))
	pt := painter(t)
	curve := pt.itemWidth(c, legendItem{icon: iconCurve, label: "Zoë"}, true)
	point := pt.itemWidth(c, legendItem{icon: iconPoint, label: "Zoë"}, true)
	if got := (curve - point) / c.small; got < 0.99 || got > 1.01 {
		t.Errorf("the curve's item is %.2f of the small size wider than the point's, want 1", got)
	}
	if got := legendIconW(iconCurve, 10); got != 32 {
		t.Errorf("a curve icon takes %g at size 10, want 32", got)
	}
	for _, icon := range []iconKind{iconPoint, iconPositive, iconPain, iconBadge} {
		if got := legendIconW(icon, 10); got != 22 {
			t.Errorf("icon %d takes %g at size 10, want 22, as it did", icon, got)
		}
	}
	// Drawn: each dashed persona line of the legend holds a whole period
	// of its pattern, so that the dashed lines are cut into different
	// numbers of pieces. (Slot 0's colour is the scored card's icon's
	// too: its solid line is not counted.)
	g := svgGroup(t, d, opts(t, "A3"), "legend")
	pal := geometry.Light
	seen := map[int]int{}
	for slot := 1; slot < geometry.DashCount; slot++ {
		n := strings.Count(g, `stroke="`+hex(pal.PersonaColor(slot))+`"`)
		if n == 0 {
			t.Fatalf("the legend draws no line of slot %d", slot)
		}
		if pat := geometry.PersonaDash(slot); n < len(pat)/2+1 {
			t.Errorf("slot %d's legend line has %d pieces, less than one period of its pattern %v", slot, n, pat)
		}
		if prev, dup := seen[n]; dup {
			t.Errorf("slots %d and %d are drawn in as many pieces, %d", prev, slot, n)
		}
		seen[n] = slot
	}
}
