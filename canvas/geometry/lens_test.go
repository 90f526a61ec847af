package geometry_test

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"testing"

	"waymark/canvas/geometry"
	"waymark/model"
)

// lensJourney is a small map made to be looked at through lenses: four
// stages (the last empty), an emotions lane, two card lanes, a lane that
// holds no card and a hidden lane whose card is never drawn, two personas.
//
//	card  stage lane      channel  owner    tags     flags        confidence  scores
//	a     s1    ch        Web      Support  urgent   pain         assumption  zoe 2, gra 4
//	b     s1    act       App      Sales    -        opportunity  validated   zoe 3
//	c     s2    ch        "web "   -        Urgent   moment       -           gra 1
//	d     s2    emo       Phone    support  -        -            anecdotal   zoe 5, gra 5
//	e     s3    act       App      Sales    later    pain, opp.   assumption  zoe 1
//	f     s3    hid       Web      Support  urgent   pain         assumption  zoe 4
func lensJourney() (*model.Project, *model.Journey) {
	p := &model.Project{ID: "p", Name: "Lenses", Scale: model.ScaleBipolar2,
		Personas: []*model.Persona{{ID: "zoe", Name: "Zoë Müller"}, {ID: "gra", Name: "Graham"}}}
	j := &model.Journey{ID: "j", Title: "Through a lens", PersonaIDs: []model.ID{"zoe", "gra"}}
	for i := 1; i <= 4; i++ {
		j.Stages = append(j.Stages, &model.Stage{ID: model.ID(fmt.Sprintf("s%d", i)), Name: fmt.Sprintf("Stage %d", i)})
	}
	j.Lanes = []*model.Lane{
		{ID: "emo", Name: "Feelings", Kind: model.LaneEmotions},
		{ID: "ch", Name: "Channels", Kind: model.LaneChannel},
		{ID: "act", Name: "Actions", Kind: model.LaneActions},
		{ID: "back", Name: "Backstage", Kind: model.LaneBackstage},
		{ID: "hid", Name: "Hidden", Kind: model.LaneCustom, Hidden: true},
	}
	card := func(id, stage, lane, channel, owner string, tags []string, pain, opp, moment bool, conf model.Confidence, scores map[model.ID]int) *model.Touchpoint {
		return &model.Touchpoint{ID: model.ID(id), StageID: model.ID(stage), LaneID: model.ID(lane), Title: "Card " + id,
			Channel: channel, Owner: owner, Tags: tags, PainPoint: pain, Opportunity: opp, MomentOfTruth: moment,
			Confidence: conf, Emotions: scores}
	}
	j.Touchpoints = []*model.Touchpoint{
		card("a", "s1", "ch", "Web", "Support", []string{"urgent"}, true, false, false, model.Assumption, map[model.ID]int{"zoe": 2, "gra": -1}),
		card("b", "s1", "act", "App", "Sales", nil, false, true, false, model.Validated, map[model.ID]int{"zoe": 1}),
		card("c", "s2", "ch", "web ", "", []string{"Urgent"}, false, false, true, "", map[model.ID]int{"gra": -2}),
		card("d", "s2", "emo", "Phone", "support", nil, false, false, false, model.Anecdotal, map[model.ID]int{"zoe": -2, "gra": 0}),
		card("e", "s3", "act", "App", "Sales", []string{"later"}, true, true, false, model.Assumption, map[model.ID]int{"zoe": -1}),
		card("f", "s3", "hid", "Web", "Support", []string{"urgent"}, true, false, false, model.Assumption, map[model.ID]int{"zoe": 1}),
	}
	p.Journeys = []*model.Journey{j}
	return p, j
}

func lensLayout(t *testing.T, p *model.Project, j *model.Journey, lens *model.Lens) *geometry.Layout {
	t.Helper()
	lo := geometry.NewLayouter(geometry.DefaultStyle, metrics(t))
	lo.Lens = lens
	return lo.Layout(p, j)
}

// cardSets are the IDs of a layout's cards drawn plainly and dimmed.
func cardSets(l *geometry.Layout) (shown, dimmed []string) {
	for _, c := range l.Cards {
		if c.Dimmed {
			dimmed = append(dimmed, string(c.ID))
		} else {
			shown = append(shown, string(c.ID))
		}
	}
	sort.Strings(shown)
	sort.Strings(dimmed)
	return shown, dimmed
}

// curveCards is, per persona, the cards its curve passes through.
func curveCards(l *geometry.Layout) map[model.ID][]string {
	out := map[model.ID][]string{}
	if l.Emotion == nil {
		return out
	}
	for _, cv := range l.Emotion.Curves {
		for _, pt := range cv.Points {
			out[cv.Persona] = append(out[cv.Persona], string(pt.Touchpoint))
		}
		sort.Strings(out[cv.Persona])
	}
	return out
}

// TestLensFilters: each filter alone and combined dims exactly the cards
// it leaves out, the map otherwise unchanged, and the curves run through
// the cards shown only.
func TestLensFilters(t *testing.T) {
	p, j := lensJourney()
	plain := lensLayout(t, p, j, nil)
	all := []string{"a", "b", "c", "d", "e"} // f is in a hidden lane
	if got, _ := cardSets(plain); !slices.Equal(got, all) {
		t.Fatalf("without a lens the cards are %v, want %v", got, all)
	}
	// scores are each card's scores, to find the curves' expected points.
	scores := map[string]map[model.ID]int{}
	for _, c := range j.Touchpoints {
		scores[string(c.ID)] = c.Emotions
	}
	for _, tc := range []struct {
		name string
		lens model.Lens
		want []string
	}{
		{"channel, trimmed and ignoring case", model.Lens{Channels: []string{"WEB"}}, []string{"a", "c"}},
		{"two channels", model.Lens{Channels: []string{"web", "phone"}}, []string{"a", "c", "d"}},
		{"channel none", model.Lens{Channels: []string{model.CoverageNone}}, nil},
		{"owner", model.Lens{Owners: []string{"support"}}, []string{"a", "d"}},
		{"owner none", model.Lens{Owners: []string{model.CoverageNone}}, []string{"c"}},
		{"tag", model.Lens{Tags: []string{"URGENT"}}, []string{"a", "c"}},
		{"flag", model.Lens{Flags: []model.Flag{model.FlagPainPoint}}, []string{"a", "e"}},
		{"flags", model.Lens{Flags: []model.Flag{model.FlagOpportunity, model.FlagMomentOfTruth}}, []string{"b", "c", "e"}},
		{"confidence", model.Lens{Confidence: []model.Confidence{model.Assumption}}, []string{"a", "e"}},
		{"confidence none", model.Lens{Confidence: []model.Confidence{model.NoConfidence}}, []string{"c"}},
		{"confidence validated or none", model.Lens{Confidence: []model.Confidence{model.Validated, model.NoConfidence}}, []string{"b", "c"}},
		{"channel and flag", model.Lens{Channels: []string{"web"}, Flags: []model.Flag{model.FlagPainPoint}}, []string{"a"}},
		{"channel, owner and confidence", model.Lens{Channels: []string{"App"}, Owners: []string{"sales"},
			Confidence: []model.Confidence{model.Assumption}}, []string{"e"}},
		{"tag and owner none", model.Lens{Tags: []string{"urgent"}, Owners: []string{model.CoverageNone}}, []string{"c"}},
		{"nothing matches", model.Lens{Channels: []string{"Fax"}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := lensLayout(t, p, j, &tc.lens)
			shown, dimmed := cardSets(l)
			var wantDim []string
			for _, id := range all {
				if !slices.Contains(tc.want, id) {
					wantDim = append(wantDim, id)
				}
			}
			if !slices.Equal(shown, tc.want) || !slices.Equal(dimmed, wantDim) {
				t.Errorf("shown %v, dimmed %v; want %v and %v", shown, dimmed, tc.want, wantDim)
			}
			if l.LensShown != len(tc.want) || l.LensTotal != len(all) || l.CollapsedStages+l.CollapsedLanes != 0 {
				t.Errorf("LensShown %d of %d, collapsed %d+%d; want %d of %d, none", l.LensShown, l.LensTotal,
					l.CollapsedStages, l.CollapsedLanes, len(tc.want), len(all))
			}
			if l.Lens == nil || !l.Lens.SameView(&tc.lens) {
				t.Errorf("Layout.Lens is %+v, want the lens", l.Lens)
			}
			// Dimming moves nothing: the same boxes as without the lens.
			if len(l.Cards) != len(plain.Cards) {
				t.Fatalf("%d cards, want %d", len(l.Cards), len(plain.Cards))
			}
			for i := range l.Cards {
				a, b := l.Cards[i], plain.Cards[i]
				a.Dimmed = false
				if !reflect.DeepEqual(a, b) {
					t.Errorf("card %s differs from the plain layout's beyond Dimmed", a.ID)
				}
			}
			if !reflect.DeepEqual(l.Stages, plain.Stages) || !reflect.DeepEqual(l.Lanes, plain.Lanes) || !reflect.DeepEqual(l.Cells, plain.Cells) {
				t.Error("dimming changed the stages, lanes or cells")
			}
			checkLayout(t, tc.name, p, j, l, true)
			// The curves: exactly the shown cards' scores.
			want := map[model.ID][]string{}
			for _, id := range tc.want {
				for persona := range scores[id] {
					want[persona] = append(want[persona], id)
				}
			}
			for _, ids := range want {
				sort.Strings(ids)
			}
			if got := curveCards(l); !reflect.DeepEqual(got, want) {
				t.Errorf("curve points on cards %v, want %v", got, want)
			}
		})
	}
}

// TestLensNone: no lens, an empty lens and a lens that only says Hide lay
// out exactly what a layouter without a lens does.
func TestLensNone(t *testing.T) {
	p, j := lensJourney()
	want := lensLayout(t, p, j, nil)
	if want.Lens != nil || want.LensShown != 5 || want.LensTotal != 5 {
		t.Errorf("without a lens: Lens %v, %d of %d cards shown", want.Lens, want.LensShown, want.LensTotal)
	}
	for _, lens := range []*model.Lens{{}, {Hide: true}, {Name: "Everything", Hide: true}} {
		if got := lensLayout(t, p, j, lens); !reflect.DeepEqual(got, want) {
			t.Errorf("lens %+v changed the layout", lens)
		}
	}
	big, bj := bigProject(5, bigOptions{stages: 8, lanes: 6, touchpoints: 400, personas: 3, scale: model.ScaleBipolar2, emotionLane: 1})
	if got, want := lensLayout(t, big, bj, &model.Lens{Hide: true}), layout(t, big, bj); !reflect.DeepEqual(got, want) {
		t.Error("a lens filtering nothing changed a large layout")
	}
}

// withoutHidden is j as Hide should draw it: only the cards the lens
// shows, less the stages and card lanes that held cards and hold none
// now. Laid out without a lens, it must give the very layout Hide gives.
func withoutHidden(j *model.Journey, lens *model.Lens) *model.Journey {
	m := lens.Match()
	out := *j
	visible := map[model.ID]bool{}
	for _, l := range j.Lanes {
		visible[l.ID] = !l.Hidden
	}
	stageIDs := map[model.ID]bool{}
	for _, s := range j.Stages {
		stageIDs[s.ID] = true
	}
	held, left := map[model.ID]int{}, map[model.ID]int{}
	out.Touchpoints = nil
	for _, t := range j.Touchpoints {
		if !visible[t.LaneID] || !stageIDs[t.StageID] {
			continue
		}
		held[t.StageID]++
		held[t.LaneID]++
		if m.Shows(t) {
			left[t.StageID]++
			left[t.LaneID]++
			out.Touchpoints = append(out.Touchpoints, t)
		}
	}
	out.Stages = nil
	for _, s := range j.Stages {
		if held[s.ID] == 0 || left[s.ID] > 0 {
			out.Stages = append(out.Stages, s)
		}
	}
	out.Lanes = nil
	for _, l := range j.Lanes {
		if l.Hidden || l.Kind == model.LaneEmotions || l.Kind == model.LaneBehaviour || held[l.ID] == 0 || left[l.ID] > 0 {
			out.Lanes = append(out.Lanes, l)
		}
	}
	return &out
}

// ids lists the IDs of boxes.
func stageIDs(l *geometry.Layout) []model.ID {
	var out []model.ID
	for _, s := range l.Stages {
		out = append(out, s.ID)
	}
	return out
}

func laneIDs(l *geometry.Layout) []model.ID {
	var out []model.ID
	for _, s := range l.Lanes {
		out = append(out, s.ID)
	}
	return out
}

// sameButLens compares two layouts, the lens's own fields aside.
func sameButLens(a, b *geometry.Layout) bool {
	x, y := *a, *b
	x.Lens, x.LensShown, x.LensTotal, x.CollapsedStages, x.CollapsedLanes = nil, 0, 0, 0, 0
	y.Lens, y.LensShown, y.LensTotal, y.CollapsedStages, y.CollapsedLanes = nil, 0, 0, 0, 0
	return reflect.DeepEqual(x, y)
}

// TestLensHide: Hide leaves out the cards the lens does not show and
// collapses exactly the card lanes and stages they emptied; the emotions
// lane, an empty lane and an empty stage stay. The map is then the map of
// the journey without them, hit testing included.
func TestLensHide(t *testing.T) {
	p, j := lensJourney()
	for _, tc := range []struct {
		name           string
		lens           model.Lens
		shown          []string
		stages         []model.ID
		lanes          []model.ID
		collapsedStage int
		collapsedLane  int
	}{
		{"channel web", model.Lens{Channels: []string{"web"}, Hide: true}, []string{"a", "c"},
			[]model.ID{"s1", "s2", "s4"}, []model.ID{"emo", "ch", "back"}, 1, 1},
		{"owner sales", model.Lens{Owners: []string{"Sales"}, Hide: true}, []string{"b", "e"},
			[]model.ID{"s1", "s3", "s4"}, []model.ID{"emo", "act", "back"}, 1, 1},
		// d sits in the emotions lane: its stage stays, the lane always does.
		{"anecdotal", model.Lens{Confidence: []model.Confidence{model.Anecdotal}, Hide: true}, []string{"d"},
			[]model.ID{"s2", "s4"}, []model.ID{"emo", "back"}, 2, 2},
		{"pain points", model.Lens{Flags: []model.Flag{model.FlagPainPoint}, Hide: true}, []string{"a", "e"},
			[]model.ID{"s1", "s3", "s4"}, []model.ID{"emo", "ch", "act", "back"}, 1, 0},
		{"nothing", model.Lens{Channels: []string{"Fax"}, Hide: true}, nil,
			[]model.ID{"s4"}, []model.ID{"emo", "back"}, 3, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := lensLayout(t, p, j, &tc.lens)
			shown, dimmed := cardSets(l)
			if !slices.Equal(shown, tc.shown) || len(dimmed) > 0 {
				t.Errorf("cards %v, dimmed %v; want %v and none dimmed", shown, dimmed, tc.shown)
			}
			if !slices.Equal(stageIDs(l), tc.stages) || !slices.Equal(laneIDs(l), tc.lanes) {
				t.Errorf("stages %v, lanes %v; want %v and %v", stageIDs(l), laneIDs(l), tc.stages, tc.lanes)
			}
			if l.CollapsedStages != tc.collapsedStage || l.CollapsedLanes != tc.collapsedLane || l.LensShown != len(tc.shown) || l.LensTotal != 5 {
				t.Errorf("collapsed %d stages and %d lanes, %d of %d cards; want %d, %d, %d of 5", l.CollapsedStages, l.CollapsedLanes,
					l.LensShown, l.LensTotal, tc.collapsedStage, tc.collapsedLane, len(tc.shown))
			}
			// The stage and lane boxes: side by side from the lane headers,
			// stacked from under the stage headers, as the journey without
			// the hidden cards lays them out.
			st := l.Style
			for i, s := range l.Stages {
				if s.Index != i || s.Header.X != st.LaneHeaderWidth+float32(i)*st.StageWidth || s.Header.W != st.StageWidth {
					t.Errorf("stage %s box %+v at index %d", s.ID, s.Header, s.Index)
				}
			}
			if l.Size.W != st.LaneHeaderWidth+float32(len(tc.stages))*st.StageWidth {
				t.Errorf("map width %v for %d stages", l.Size.W, len(tc.stages))
			}
			cut := withoutHidden(j, &tc.lens)
			want := layout(t, p, cut)
			if !sameButLens(l, want) {
				t.Error("the layout differs from the journey's without the hidden cards and the stages and lanes they emptied")
			}
			checkLayout(t, tc.name, p, cut, l, true)
			checkEmotion(t, tc.name, p, cut, l)
			for _, tp := range j.Touchpoints {
				if c := l.Card(tp.ID); (c != nil) != slices.Contains(tc.shown, string(tp.ID)) {
					t.Errorf("Card(%s) is %v", tp.ID, c)
				}
			}
			// Hit testing finds what is drawn where it is drawn.
			for i := range l.Cards {
				c := &l.Cards[i]
				at := geometry.Point{X: c.Rect.X + c.Rect.W/2, Y: c.Rect.Y + c.Rect.H/2}
				if got := l.CardAt(at); got == nil || got.ID != c.ID {
					t.Errorf("CardAt the middle of %s is %v", c.ID, got)
				}
				if cell := l.CellAt(at); cell == nil || cell.Stage != c.Stage || cell.Lane != c.Lane {
					t.Errorf("CellAt card %s is %+v", c.ID, cell)
				}
			}
			for si, s := range l.Stages {
				mid := geometry.Point{X: s.Header.X + s.Header.W/2, Y: s.Header.Y + s.Header.H/2}
				if l.StageAtX(mid.X) != si || l.StageHeaderAt(mid) != si {
					t.Errorf("stage %s is not found at its own header", s.ID)
				}
				for li, ln := range l.Lanes {
					c := l.CellAt(geometry.Point{X: mid.X, Y: ln.Row.Y + ln.Row.H/2})
					if c == nil || c.Stage != s.ID || c.Lane != ln.ID || c != l.Cell(si, li) {
						t.Errorf("CellAt stage %s lane %s is %+v", s.ID, ln.ID, c)
					}
				}
			}
			if l.StageAtX(l.Size.W+1) != -1 {
				t.Error("a column found right of the map")
			}
			// The curves run through the cards drawn.
			for _, cv := range l.Emotion.Curves {
				for _, pt := range cv.Points {
					if !slices.Contains(tc.shown, string(pt.Touchpoint)) {
						t.Errorf("curve of %s passes card %s, which is hidden", cv.Persona, pt.Touchpoint)
					}
				}
			}
		})
	}
}

// TestLensHideEverything: when every stage held a card and the lens shows
// none, the map is empty (lane headers only), not a crash.
func TestLensHideEverything(t *testing.T) {
	p, j := lensJourney()
	j.Stages = j.Stages[:3]
	l := lensLayout(t, p, j, &model.Lens{Tags: []string{"nowhere"}, Hide: true})
	if len(l.Stages) != 0 || len(l.Cards) != 0 || len(l.Cells) != 0 || l.CollapsedStages != 3 || l.LensShown != 0 || l.LensTotal != 5 {
		t.Fatalf("%d stages, %d cards, %d cells, %d collapsed, %d of %d shown", len(l.Stages), len(l.Cards), len(l.Cells),
			l.CollapsedStages, l.LensShown, l.LensTotal)
	}
	if !slices.Equal(laneIDs(l), []model.ID{"emo", "back"}) || l.Size.W != l.Style.LaneHeaderWidth {
		t.Errorf("lanes %v, width %v", laneIDs(l), l.Size.W)
	}
	if l.Emotion == nil || len(l.Emotion.Curves) != 2 || len(l.Emotion.Curves[0].Points)+len(l.Emotion.Curves[1].Points) != 0 {
		t.Errorf("emotion band %+v: want two empty curves", l.Emotion)
	}
	if l.CellAt(geometry.Point{X: 300, Y: 100}) != nil || l.CardAt(geometry.Point{X: 300, Y: 100}) != nil || l.StageAtX(300) != -1 {
		t.Error("hit testing found something on an empty map")
	}
}

// TestLensPersona: a persona lens keeps that persona's curve, badges and
// legend entry alone; it leaves no card out. With a filter, its curve
// follows the cards shown.
func TestLensPersona(t *testing.T) {
	p, j := lensJourney()
	plain := lensLayout(t, p, j, nil)
	for _, tc := range []struct {
		name  string
		lens  model.Lens
		curve []string
	}{
		{"Graham", model.Lens{Persona: "gra"}, []string{"a", "c", "d"}},
		{"Zoë", model.Lens{Persona: "zoe"}, []string{"a", "b", "d", "e"}},
		{"Zoë on the web", model.Lens{Persona: "zoe", Channels: []string{"web"}}, []string{"a"}},
		{"Graham on the web, hidden", model.Lens{Persona: "gra", Channels: []string{"web"}, Hide: true}, []string{"a", "c"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := lensLayout(t, p, j, &tc.lens)
			e := l.Emotion
			if e == nil || len(e.Curves) != 1 || e.Curves[0].Persona != tc.lens.Persona {
				t.Fatalf("curves %+v, want one of %s", e, tc.lens.Persona)
			}
			slot := slices.Index(j.PersonaIDs, tc.lens.Persona)
			if e.Curves[0].Slot != slot {
				t.Errorf("the curve's slot is %d, want %d: its colour is the persona's", e.Curves[0].Slot, slot)
			}
			if got := curveCards(l)[tc.lens.Persona]; !slices.Equal(got, tc.curve) {
				t.Errorf("the curve runs through %v, want %v", got, tc.curve)
			}
			if len(e.Curves[0].Segments) != max(len(tc.curve)-1, 0) {
				t.Errorf("%d segments for %d points", len(e.Curves[0].Segments), len(tc.curve))
			}
			for _, c := range l.Cards {
				tp := j.Touchpoints[slices.IndexFunc(j.Touchpoints, func(t *model.Touchpoint) bool { return t.ID == c.ID })]
				score, scored := tp.Emotions[tc.lens.Persona]
				if !scored && len(c.Badges) != 0 || scored && (len(c.Badges) != 1 || c.Badges[0].Persona != tc.lens.Persona ||
					c.Badges[0].Score != score || c.Badges[0].Slot != slot) {
					t.Errorf("card %s has badges %+v", c.ID, c.Badges)
				}
			}
			if len(e.Legend) != 1 || e.Legend[0].Persona != tc.lens.Persona || e.Legend[0].Slot != slot ||
				e.Legend[0].Name.Y != plain.Emotion.Legend[0].Name.Y || e.Legend[0].Swatch.Y != plain.Emotion.Legend[0].Swatch.Y {
				t.Errorf("legend %+v: want the persona's entry on the first line", e.Legend)
			}
			// Moved up whole: its swatch keeps its place beside its name.
			if pe := plain.Emotion.Legend[slot]; abs(e.Legend[0].Swatch.Y-e.Legend[0].Name.Y-(pe.Swatch.Y-pe.Name.Y)) > eps ||
				e.Legend[0].Swatch.X != pe.Swatch.X || e.Legend[0].Swatch.H != pe.Swatch.H {
				t.Errorf("legend swatch %+v by name %+v; without the lens %+v by %+v", e.Legend[0].Swatch, e.Legend[0].Name, pe.Swatch, pe.Name)
			}
			if name := p.Persona(tc.lens.Persona).Name; e.Legend[0].Name.Text != name {
				t.Errorf("legend says %q, want %q", e.Legend[0].Name.Text, name)
			}
		})
	}
	// A persona the journey is not drawn for: no curve, no badge.
	p.Personas = append(p.Personas, &model.Persona{ID: "out", Name: "Outsider"})
	l := lensLayout(t, p, j, &model.Lens{Persona: "out"})
	if len(l.Emotion.Curves) != 0 || len(l.Emotion.Legend) != 0 {
		t.Errorf("a persona not of the journey has curves %v and legend %v", l.Emotion.Curves, l.Emotion.Legend)
	}
	for _, c := range l.Cards {
		if len(c.Badges) != 0 {
			t.Errorf("card %s has badges %v", c.ID, c.Badges)
		}
	}
}

// TestLensPersonaPastLegend: the lens persona of a crowded cast has its
// curve and badges; the lane header, whose legend names the first few,
// then holds no legend line (the poster's legend names every persona),
// and one named keeps its own line alone.
func TestLensPersonaPastLegend(t *testing.T) {
	p, j := crowdJourney(40)
	plain := layout(t, p, j)
	last := j.PersonaIDs[len(j.PersonaIDs)-1]
	l := lensLayout(t, p, j, &model.Lens{Persona: last})
	e := l.Emotion
	if len(e.Legend) != 0 {
		t.Errorf("legend %+v, want none", e.Legend)
	}
	if len(e.Curves) != 1 || e.Curves[0].Persona != last || len(e.Curves[0].Points) == 0 || e.Curves[0].Slot != len(j.PersonaIDs)-1 {
		t.Errorf("curves %+v", e.Curves)
	}
	second := j.PersonaIDs[1]
	l = lensLayout(t, p, j, &model.Lens{Persona: second})
	if e := l.Emotion; len(e.Legend) != 1 || e.Legend[0].Persona != second || e.Legend[0].Name.Y != plain.Emotion.Legend[0].Name.Y {
		t.Errorf("legend %+v", e.Legend)
	}
	// A lane header of one legend line is no taller than the plain one.
	if emo := laneIndexOf(l, j.Lanes[3].ID); l.Lanes[emo].Header.H > plain.Lanes[emo].Header.H {
		t.Errorf("the emotions lane is %v tall with one legend line, %v with all", l.Lanes[emo].Header.H, plain.Lanes[emo].Header.H)
	}
}

// TestLensBehaviourHide: with stages collapsed the behaviour lane shows
// the figures of the stages shown, in their columns; no leak band joins
// two columns a collapsed stage stood between, and the journey's first
// stage alone is "the first stage".
func TestLensBehaviourHide(t *testing.T) {
	p, j := bpiProject()
	// A card in every stage, on the web in all but stages 1 and 3 (s1, s3).
	for i, s := range j.Stages {
		ch := "Web"
		if i == 0 || i == 2 {
			ch = "Branch"
		}
		j.Touchpoints = append(j.Touchpoints, &model.Touchpoint{ID: model.ID(fmt.Sprintf("t%d", i)), StageID: s.ID, LaneID: "act",
			Title: "Card", Channel: ch, Emotions: map[model.ID]int{"ann": 1}})
	}
	lo := geometry.NewLayouter(geometry.DefaultStyle, metrics(t))
	lo.Lens = &model.Lens{Channels: []string{"web"}, Hide: true}
	l := lo.Layout(p, j)
	if want := []model.ID{"s2", "s4", "s5", "s6"}; !slices.Equal(stageIDs(l), want) {
		t.Fatalf("stages %v, want %v", stageIDs(l), want)
	}
	b := l.Behaviour
	if b == nil || len(b.Stages) != 4 {
		t.Fatalf("behaviour band %+v", b)
	}
	for i, bs := range b.Stages {
		if bs.Stage != l.Stages[i].ID || bs.Cell.X != l.Stages[i].Header.X || bs.Bar.X < bs.Cell.X || bs.Bar.X+bs.Bar.W > bs.Cell.X+bs.Cell.W {
			t.Errorf("behaviour stage %d is %s at %+v, bar %+v; want %s in %+v", i, bs.Stage, bs.Cell, bs.Bar, l.Stages[i].ID, l.Stages[i].Header)
		}
		for _, line := range bs.Lines {
			if line.Text.Text == "the first stage" {
				t.Errorf("stage %s, not the journey's first, says it is", bs.Stage)
			}
		}
	}
	if b.Funnel.W != float32(len(l.Stages))*l.Style.StageWidth {
		t.Errorf("funnel %+v across %d stages", b.Funnel, len(l.Stages))
	}
	var leaks []string
	for _, lk := range b.Leaks {
		leaks = append(leaks, string(lk.From)+"→"+string(lk.To))
	}
	if want := []string{"s4→s5", "s5→s6"}; !slices.Equal(leaks, want) {
		t.Errorf("leaks %v, want %v", leaks, want)
	}
	// Back to no lens on the same layouter: the band of every stage, as a
	// fresh layouter lays it out; the lens left nothing stale behind.
	lo.Lens = nil
	if got, want := lo.Layout(p, j), layout(t, p, j); !reflect.DeepEqual(got, want) || len(got.Behaviour.Stages) != 6 {
		t.Error("after the lens, the layouter's layout differs from a fresh one's")
	}
}

// TestLensSwitching: one layouter, the lens changed between layouts (as
// the board does), gives each time what a fresh layouter gives: no cache
// serves a layout of another lens.
func TestLensSwitching(t *testing.T) {
	p, j := bigProject(8, bigOptions{stages: 8, lanes: 6, touchpoints: 500, personas: 3, scale: model.ScaleBipolar2, emotionLane: 2})
	j.Lanes = append([]*model.Lane{{ID: "behaviour", Name: "Behaviour", Kind: model.LaneBehaviour}}, j.Lanes...)
	reach := make([]int64, len(j.Stages))
	for i := range reach {
		reach[i] = 50_000 - int64(i)*5_000
	}
	j.Behaviour = bpiFigures(j.Stages, reach)
	// Stage 3's cards are all on paper, so a lens of the other channels
	// with Hide collapses it.
	for _, t := range j.Touchpoints {
		if t.StageID == j.Stages[3].ID {
			t.Channel = "Paper"
		} else if t.Channel == "Paper" {
			t.Channel = ""
		}
	}
	m := metrics(t)
	lo := geometry.NewLayouter(geometry.DefaultStyle, m)
	lenses := []*model.Lens{
		nil,
		{Channels: []string{channels[0], channels[1]}},
		{Channels: []string{channels[0], channels[1]}, Hide: true},
		{Channels: []string{channels[0], channels[1]}, Hide: true, Persona: "persona-1"},
		{Persona: "persona-2"},
		{Flags: []model.Flag{model.FlagPainPoint}, Hide: true},
		{Flags: []model.Flag{model.FlagPainPoint}},
		nil,
		{Channels: []string{channels[0], channels[1]}, Hide: true},
	}
	for i, lens := range lenses {
		lo.Lens = lens
		got := lo.Layout(p, j)
		fresh := geometry.NewLayouter(geometry.DefaultStyle, m)
		fresh.Lens = lens
		if want := fresh.Layout(p, j); !reflect.DeepEqual(got, want) {
			t.Errorf("lens %d %+v: the reused layouter's layout differs from a fresh one's", i, lens)
		}
		if i == 2 && (got.CollapsedStages == 0 || slices.Contains(stageIDs(got), j.Stages[3].ID)) {
			t.Errorf("lens %d did not collapse stage 3: stages %v", i, stageIDs(got))
		}
	}
}

// BenchmarkLayout2000LensHide is the board's case through a lens: a
// channel lens with Hide on the 2,000-card journey, laid out again after
// each edit.
func BenchmarkLayout2000LensHide(b *testing.B) {
	p, j := bigProject(1, bigDefault)
	lo := geometry.NewLayouter(geometry.DefaultStyle, metrics(b))
	lo.Lens = &model.Lens{Channels: []string{channels[0]}, Hide: true}
	l := lo.Layout(p, j)
	b.ReportMetric(float64(l.LensShown), "cards-shown")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		lo.Layout(p, j)
	}
}

// BenchmarkLayout2000LensDim is the same lens dimming instead of hiding.
func BenchmarkLayout2000LensDim(b *testing.B) {
	p, j := bigProject(1, bigDefault)
	lo := geometry.NewLayouter(geometry.DefaultStyle, metrics(b))
	lo.Lens = &model.Lens{Channels: []string{channels[0]}}
	lo.Layout(p, j)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		lo.Layout(p, j)
	}
}
