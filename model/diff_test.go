package model

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
)

// sampleFile reads the Northwind sample as its template file spells it,
// with readable IDs (assets remaps them; model cannot import assets).
func sampleFile(t *testing.T) *Project {
	t.Helper()
	f, err := os.Open("../assets/templates/sample.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := DecodeJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func mustDo(t *testing.T, h *History, cs ...Command) {
	t.Helper()
	for _, c := range cs {
		if err := h.Do(c); err != nil {
			t.Fatalf("%s: %v", c.Label(), err)
		}
	}
}

// dump prints changes one a line, for failure messages.
func dump(cs []Change) string {
	var b strings.Builder
	for i, c := range cs {
		fmt.Fprintf(&b, "%2d %s %s %s %q in %q at %+v", i, c.Op, c.Kind, c.ID, c.Name, c.JourneyName, c.At)
		for _, f := range c.Fields {
			fmt.Fprintf(&b, " [%s %s %q→%q]", f.Field, f.PersonaName, f.Old, f.New)
		}
		if c.Moved != nil {
			fmt.Fprintf(&b, " moved %+v → %+v", c.Moved.From, c.Moved.To)
		}
		if c.Stages+c.Lanes+c.Cards > 0 {
			fmt.Fprintf(&b, " (%d/%d/%d)", c.Stages, c.Lanes, c.Cards)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func wantChanges(t *testing.T, got, want []Change) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("changes:\n%s\nwant:\n%s", dump(got), dump(want))
	}
}

func TestDiffEqual(t *testing.T) {
	for _, p := range []*Project{sampleFile(t), richProject(t), smallProject(), {Name: "empty"}} {
		if got := Diff(p, p.Clone()); got != nil {
			t.Errorf("%s: a copy differs:\n%s", p.Name, dump(got))
		}
		// Through the JSON codec too: slices in another order in memory
		// (touchpoints) are the same project.
		q, err := DecodeJSON(strings.NewReader(string(mustEncode(t, p))))
		if err == nil {
			if got := Diff(p, q); got != nil {
				t.Errorf("%s: a round trip differs:\n%s", p.Name, dump(got))
			}
		}
	}
}

// TestDiffScriptedSample edits a copy of the sample through commands, as the
// app would, and checks that Diff reports exactly those edits.
func TestDiffScriptedSample(t *testing.T) {
	a := sampleFile(t)
	b := a.Clone()
	h := NewHistory(b, nil)
	const j1, j2 = "journey-open-account", "journey-blocked-card"
	zoe := *b.Persona("persona-zoe")
	zoe.Goals = "Get paid in before the end of the month."
	checklist := b.Journeys[0].Touchpoint("tp-documents-checklist").Clone()
	checklist.Title = "Documents checklist next to Apply"
	checklist.Tags = []string{"quick-win", "content", "newcomers"}
	checklist.Confidence = Validated
	compare := *b.Journeys[0].Stage("stage-compare")
	compare.Name, compare.Color = "Compare options", "#f2c14e"
	thoughts := *b.Journeys[0].Lane("lane-thoughts")
	thoughts.Hidden = true
	mustDo(t, h,
		&RenameProject{Name: "Northwind v2"},
		&UpdatePersona{After: zoe},
		&DeletePersona{ID: "persona-graham"},
		&AddPersona{Persona: &Persona{ID: "persona-sam", Name: "Sam Okoye", Role: "Student"}, Index: -1},
		&AttachPersona{Journey: j1, Persona: "persona-sam", Attach: true},
		&SetEmotion{Touchpoint: "tp-discover-feeling", Persona: "persona-sam", Score: 2},
		&SetEmotion{Touchpoint: "tp-verify-feeling", Persona: "persona-zoe", Score: -1},
		&UpdateTouchpoint{After: checklist},
		// To another stage: the card left behind in the cell it joins
		// shifts but does not move.
		&MoveTouchpoints{IDs: []ID{"tp-welcome-call"}, Stage: "stage-settle", Lane: "lane-opportunities", Index: 0},
		// Within its cell.
		&MoveTouchpoints{IDs: []ID{"tp-ad-seen"}, Stage: "stage-discover", Lane: "lane-actions", Index: 0},
		&UpdateStage{After: &compare},
		&MoveLane{ID: "lane-backstage", To: 0},
		&UpdateLane{After: &thoughts},
		&AddStage{Journey: j1, Item: &Stage{ID: "stage-return", Name: "Come back"}, Index: -1},
		&AddTouchpoint{Journey: j1, Touchpoint: &Touchpoint{ID: "tp-monthly-review", StageID: "stage-return",
			LaneID: "lane-actions", Title: "Reads the monthly summary"}},
		&DeleteTouchpoints{IDs: []ID{"tp-junk-mail"}},
		&UpdateJourney{ID: j2, Title: "Help with a blocked card", Description: b.Journey(j2).Description},
		&DeleteStage{ID: "stage-resolved"},
		&AddJourney{Journey: &Journey{ID: "journey-close", Title: "Closing an account",
			Stages: []*Stage{{ID: "stage-c1", Name: "Decide"}, {ID: "stage-c2", Name: "Close"}},
			Lanes:  []*Lane{{ID: "lane-c1", Name: "Actions", Kind: LaneActions}}}, Index: -1},
	)
	if err := b.Validate(); err != nil {
		t.Fatal(err)
	}

	const t1, t2 = "Opening a current account online", "Getting help with a blocked card"
	in1 := func(c Change) Change { c.Journey, c.JourneyName = j1, t1; return c }
	in2 := func(c Change) Change { c.Journey, c.JourneyName = j2, t2; return c }
	cell := func(stage, stageName, lane, laneName string, order int) Place {
		return Place{Index: order, Stage: ID(stage), Lane: ID(lane), StageName: stageName, LaneName: laneName}
	}
	want := []Change{
		{Op: Changed, Kind: KindProject, ID: "project-northwind", Name: a.Name,
			Fields: []FieldChange{{Field: FieldName, Old: a.Name, New: "Northwind v2"}}},
		{Op: Removed, Kind: KindPersona, ID: "persona-graham", Name: "Graham Fletcher", At: Place{Index: 1}},
		{Op: Changed, Kind: KindPersona, ID: "persona-zoe", Name: "Zoë Müller", At: Place{Index: 0},
			Fields: []FieldChange{{Field: FieldGoals, Old: a.Personas[0].Goals, New: "Get paid in before the end of the month."}}},
		{Op: Added, Kind: KindPersona, ID: "persona-sam", Name: "Sam Okoye", At: Place{Index: 1}},

		// Graham leaving the journeys and his scores is implied by his
		// removal; Sam joining is not.
		in1(Change{Op: Changed, Kind: KindJourney, ID: j1, Name: t1, At: Place{Index: 0},
			Fields: []FieldChange{{Field: FieldPersonas, Old: "Zoë Müller, Graham Fletcher", New: "Zoë Müller, Sam Okoye"}}}),
		in1(Change{Op: Changed, Kind: KindStage, ID: "stage-compare", Name: "Compare", At: Place{Index: 1},
			Fields: []FieldChange{{Field: FieldName, Old: "Compare", New: "Compare options"}, {Field: FieldColor, Old: "", New: "#f2c14e"}}}),
		in1(Change{Op: Added, Kind: KindStage, ID: "stage-return", Name: "Come back", At: Place{Index: 6}}),
		// Only the lane that was dragged moved, not the six it jumped.
		in1(Change{Op: Changed, Kind: KindLane, ID: "lane-backstage", Name: "Backstage", At: Place{Index: 6},
			Moved: &Move{From: Place{Index: 6}, To: Place{Index: 0}}}),
		in1(Change{Op: Changed, Kind: KindLane, ID: "lane-thoughts", Name: "Thoughts", At: Place{Index: 2},
			Fields: []FieldChange{{Field: FieldHidden, Old: "no", New: "yes"}}}),
		in1(Change{Op: Removed, Kind: KindTouchpoint, ID: "tp-junk-mail", Name: "Card envelope looks like junk mail",
			At: cell("stage-setup", "Get set up", "lane-pain", "Pain points", 0)}),
		// Reordered in its cell: the card dragged moved, the one it passed did not.
		in1(Change{Op: Changed, Kind: KindTouchpoint, ID: "tp-ad-seen", Name: `Sees "open in 10 minutes" ad`,
			At: cell("stage-discover", "Discover", "lane-actions", "Customer actions", 1),
			Moved: &Move{From: cell("stage-discover", "Discover", "lane-actions", "Customer actions", 1),
				To: cell("stage-discover", "Discover", "lane-actions", "Customer actions", 0)}}),
		in1(Change{Op: Changed, Kind: KindTouchpoint, ID: "tp-discover-feeling", Name: "Curious but wary",
			At:     cell("stage-discover", "Discover", "lane-emotions", "Emotions", 0),
			Fields: []FieldChange{{Field: FieldScore, Persona: "persona-sam", PersonaName: "Sam Okoye", Old: "", New: "2"}}}),
		in1(Change{Op: Changed, Kind: KindTouchpoint, ID: "tp-documents-checklist", Name: "Documents checklist on product page",
			At: cell("stage-compare", "Compare", "lane-opportunities", "Opportunities", 0),
			Fields: []FieldChange{
				{Field: FieldTitle, Old: "Documents checklist on product page", New: "Documents checklist next to Apply"},
				{Field: FieldTags, Old: "quick-win, content", New: "quick-win, content, newcomers"},
				{Field: FieldConfidence, Old: "assumption", New: "validated"},
			}}),
		in1(Change{Op: Changed, Kind: KindTouchpoint, ID: "tp-verify-feeling", Name: "Anxious and stuck",
			At:     cell("stage-verify", "Verify identity", "lane-emotions", "Emotions", 0),
			Fields: []FieldChange{{Field: FieldScore, Persona: "persona-zoe", PersonaName: "Zoë Müller", Old: "-2", New: "-1"}}}),
		in1(Change{Op: Changed, Kind: KindTouchpoint, ID: "tp-welcome-call", Name: "Welcome call for branch switchers",
			At: cell("stage-setup", "Get set up", "lane-opportunities", "Opportunities", 0),
			Moved: &Move{From: cell("stage-setup", "Get set up", "lane-opportunities", "Opportunities", 0),
				To: cell("stage-settle", "Settle in", "lane-opportunities", "Opportunities", 0)}}),
		in1(Change{Op: Added, Kind: KindTouchpoint, ID: "tp-monthly-review", Name: "Reads the monthly summary",
			At: cell("stage-return", "Come back", "lane-actions", "Customer actions", 0)}),

		in2(Change{Op: Changed, Kind: KindJourney, ID: j2, Name: t2, At: Place{Index: 1},
			Fields: []FieldChange{{Field: FieldTitle, Old: t2, New: "Help with a blocked card"}}}),
		in2(Change{Op: Removed, Kind: KindStage, ID: "stage-resolved", Name: "Resolved", At: Place{Index: 3}}),
		in2(Change{Op: Removed, Kind: KindTouchpoint, ID: "tp-less-trusting", Name: "Relieved, but less trusting",
			At: cell("stage-resolved", "Resolved", "lane-help-emotions", "Emotions", 0)}),

		{Op: Added, Kind: KindJourney, ID: "journey-close", Name: "Closing an account", Journey: "journey-close",
			JourneyName: "Closing an account", At: Place{Index: 2}, Stages: 2, Lanes: 1},
	}
	wantChanges(t, Diff(a, b), want)

	// Undoing everything gives the original back: no differences.
	for h.CanUndo() {
		if _, err := h.Undo(); err != nil {
			t.Fatal(err)
		}
	}
	if got := Diff(a, b); got != nil {
		t.Errorf("after undoing every edit:\n%s", dump(got))
	}
}

// TestDiffMoves: only what was dragged is reported as moved, whatever
// was inserted or removed around it.
func TestDiffMoves(t *testing.T) {
	a := smallProject()
	b := a.Clone()
	h := NewHistory(b, nil)
	mustDo(t, h,
		// A new card at the top of s1/l1 renumbers t1..t3: none moved.
		&AddTouchpoint{Journey: "j", Touchpoint: &Touchpoint{ID: "t0", StageID: "s1", LaneID: "l1", Title: "T0"}},
		// A stage inserted first shifts s1 and s2: neither moved.
		&AddStage{Journey: "j", Item: &Stage{ID: "s0", Name: "S0"}, Index: 0},
		// t3 to the top of its cell: t3 moved, t1 and t2 did not.
		&MoveTouchpoints{IDs: []ID{"t3"}, Stage: "s1", Lane: "l1", Index: 0},
		&MovePersona{ID: "b", To: 0},
	)
	want := []Change{
		// Two personas swapped: one of them is reported as moved.
		{Op: Changed, Kind: KindPersona, ID: "b", Name: "Bob", At: Place{Index: 1}, Moved: &Move{Place{Index: 1}, Place{Index: 0}}},
		{Op: Added, Kind: KindStage, ID: "s0", Name: "S0", Journey: "j", JourneyName: "J", At: Place{Index: 0}},
		{Op: Changed, Kind: KindTouchpoint, ID: "t3", Name: "T3", Journey: "j", JourneyName: "J",
			At:    Place{Index: 2, Stage: "s1", Lane: "l1", StageName: "S1", LaneName: "L1"},
			Moved: &Move{Place{Index: 2, Stage: "s1", Lane: "l1", StageName: "S1", LaneName: "L1"}, Place{Index: 0, Stage: "s1", Lane: "l1", StageName: "S1", LaneName: "L1"}}},
		{Op: Added, Kind: KindTouchpoint, ID: "t0", Name: "T0", Journey: "j", JourneyName: "J",
			At: Place{Index: 1, Stage: "s1", Lane: "l1", StageName: "S1", LaneName: "L1"}},
	}
	wantChanges(t, Diff(a, b), want)

	// The other way round, t0 and s0 are removed and t3 moves back.
	back := Diff(b, a)
	if len(back) != 4 || back[0].Kind != KindPersona || back[1].Op != Removed || back[1].ID != "s0" ||
		back[2].Op != Removed || back[2].ID != "t0" || back[3].ID != "t3" || back[3].Moved == nil {
		t.Errorf("reverse diff:\n%s", dump(back))
	}
}

func TestLongestIncreasing(t *testing.T) {
	for _, c := range []struct {
		seq  []int
		keep string
	}{
		{nil, ""},
		{[]int{0, 1, 2, 3}, "1111"},
		{[]int{3, 0, 1, 2}, "0111"},
		{[]int{1, 2, 3, 0}, "1110"},
		{[]int{1, 0}, "01"},
		{[]int{0, 3, 1, 2, 4}, "10111"},
		{[]int{4, 3, 2, 1, 0}, "00001"},
	} {
		var got strings.Builder
		for _, k := range longestIncreasing(c.seq) {
			if k {
				got.WriteByte('1')
			} else {
				got.WriteByte('0')
			}
		}
		if got.String() != c.keep {
			t.Errorf("longestIncreasing(%v) = %s, want %s", c.seq, got.String(), c.keep)
		}
	}
}

// TestDiffScale: scores that a change of scale converted are not changes;
// a score edited afterwards is, with its old value on the old scale.
func TestDiffScale(t *testing.T) {
	a := smallProject()
	b := a.Clone()
	mustDo(t, NewHistory(b, nil),
		&ChangeScale{To: ScaleFive},
		&SetEmotion{Touchpoint: "t4", Persona: "b", Score: 1},
	)
	want := []Change{
		{Op: Changed, Kind: KindProject, ID: "p", Name: "Small",
			Fields: []FieldChange{{Field: FieldScale, Old: "-2..+2", New: "1..5"}}},
		{Op: Changed, Kind: KindTouchpoint, ID: "t4", Name: "T4", Journey: "j", JourneyName: "J",
			At:     Place{Index: 0, Stage: "s2", Lane: "l1", StageName: "S2", LaneName: "L1"},
			Fields: []FieldChange{{Field: FieldScore, Persona: "b", PersonaName: "Bob", Old: "2", New: "1"}}},
	}
	wantChanges(t, Diff(a, b), want)
}

// TestDiffEveryField changes every field of every kind once.
func TestDiffEveryField(t *testing.T) {
	a := richProject(t)
	b := a.Clone()
	x := b.Personas[0]
	x.Name, x.Role, x.Quote, x.Goals, x.Frustrations, x.PhotoID = "Anna", "r", "q", "g", "f", "img-2"
	j := b.Journeys[0]
	j.Description = "new"
	s := j.Stages[1]
	s.Description, s.Color = "sd", ""
	l := j.Lanes[3]
	l.Name, l.Kind, l.Hidden = "Feelings", LaneThoughts, false
	tp := j.Touchpoint("j1-t02")
	old := *tp
	tp.Title, tp.Notes, tp.Channel = "T", "N", "C"
	tp.Emotions = map[ID]int{"per-1": 2} // per-2's score cleared
	tp.PainPoint, tp.Opportunity, tp.MomentOfTruth = !tp.PainPoint, !tp.Opportunity, !tp.MomentOfTruth
	tp.Owner, tp.Tags, tp.Evidence, tp.EvidenceLinks = "O", nil, "E", []string{"https://example.com/a", "https://example.com/b"}
	tp.Confidence, tp.Color, tp.ImageID = "", "#123456", ""
	got := Diff(a, b)
	if len(got) != 5 {
		t.Fatalf("%d changes, want 5:\n%s", len(got), dump(got))
	}
	names := func(c Change) []string {
		var out []string
		for _, f := range c.Fields {
			out = append(out, f.Field)
		}
		return out
	}
	for i, want := range [][]string{
		{FieldName, FieldRole, FieldQuote, FieldGoals, FieldFrustrations, FieldPhoto},
		{FieldDescription},
		{FieldDescription, FieldColor},
		{FieldName, FieldKind, FieldHidden},
		{FieldTitle, FieldNotes, FieldChannel, FieldScore, FieldScore, FieldPainPoint, FieldOpportunity, FieldMomentOfTruth,
			FieldOwner, FieldTags, FieldEvidence, FieldEvidenceLinks, FieldConfidence, FieldColor, FieldImage},
	} {
		if g := names(got[i]); !reflect.DeepEqual(g, want) {
			t.Errorf("change %d fields %v, want %v", i, g, want)
		}
	}
	f := got[4].Fields
	// Scores follow b's persona order; the renamed persona is named as in b.
	if f[3].PersonaName != "Anna" || f[3].Old != "0" || f[3].New != "2" || f[4].PersonaName != "Ben" || f[4].Old != "0" || f[4].New != "" {
		t.Errorf("scores: %+v %+v (card had %v)", f[3], f[4], old.Emotions)
	}
	if f[9].Old != "a, b c" || f[9].New != "" || f[5].Old != "yes" || f[5].New != "no" || f[14].Old != "img-2" || f[14].New != "" {
		t.Errorf("values: tags %+v, pain point %+v, image %+v", f[9], f[5], f[14])
	}
	if !f[0].IsText() || f[3].IsText() || f[9].IsText() || got[3].Fields[1].IsText() {
		t.Error("IsText is wrong")
	}
}

// TestDiffJourneysAddedRemovedMoved: whole journeys are counted, not listed.
func TestDiffJourneysAddedRemovedMoved(t *testing.T) {
	a := richProject(t)
	b := a.Clone()
	mustDo(t, NewHistory(b, nil),
		&DeleteJourney{ID: "j1"},
		&AddJourney{Journey: &Journey{ID: "j3", Title: "Third", Stages: []*Stage{{ID: "j3-s", Name: "S"}}}, Index: 0},
	)
	j1 := a.Journeys[0]
	want := []Change{
		{Op: Removed, Kind: KindJourney, ID: "j1", Name: "Journey 1", Journey: "j1", JourneyName: "Journey 1", At: Place{Index: 0},
			Stages: len(j1.Stages), Lanes: len(j1.Lanes), Cards: len(j1.Touchpoints)},
		{Op: Added, Kind: KindJourney, ID: "j3", Name: "Third", Journey: "j3", JourneyName: "Third", At: Place{Index: 0}, Stages: 1},
	}
	wantChanges(t, Diff(a, b), want)

	c := a.Clone()
	mustDo(t, NewHistory(c, nil), &MoveJourney{ID: "j2", To: 0})
	got := Diff(a, c)
	if len(got) != 1 || got[0].ID != "j2" || got[0].Moved == nil || got[0].Moved.From.Index != 1 || got[0].Moved.To.Index != 0 {
		t.Errorf("journey reordered:\n%s", dump(got))
	}
}

// TestDiffOddInput: projects that never validated (duplicate IDs, cards in
// missing cells, scores for nobody) are compared without a panic.
func TestDiffOddInput(t *testing.T) {
	a := smallProject()
	b := a.Clone()
	b.Journeys[0].Touchpoints[0].StageID = "nowhere"
	b.Journeys[0].Touchpoints[1].Emotions = map[ID]int{"ghost": 1}
	b.Journeys[0].Touchpoints = append(b.Journeys[0].Touchpoints, b.Journeys[0].Touchpoints[2].Clone())
	b.Personas = append(b.Personas, b.Personas[0])
	got := Diff(a, b)
	if len(got) == 0 {
		t.Fatal("no changes reported")
	}
	Diff(&Project{}, b)
	Diff(b, &Project{})
}

// New figures are one change of the journey, summarised; the same figures
// in another copy are none.
func TestDiffBehaviour(t *testing.T) {
	a := smallProject()
	a.Journeys[0].Behaviour = importFigures(4, [2]string{"S1", "s1"})
	// A behaviour lane already, so that the import adds none.
	a.Journeys[0].Lanes = append(a.Journeys[0].Lanes, &Lane{ID: "lb", Name: "Behaviour", Kind: LaneBehaviour})
	b := a.Clone()
	b.Journeys[0].Behaviour = importFigures(4, [2]string{"S1", "s1"}) // equal, not the same pointer
	if got := Diff(a, b); got != nil {
		t.Fatalf("equal figures differ:\n%s", dump(got))
	}
	if err := (&ReplaceBehaviour{Journey: "j", Behaviour: importFigures(7, [2]string{"S2", "s2"})}).Do(b); err != nil {
		t.Fatal(err)
	}
	wantChanges(t, Diff(a, b), []Change{{Op: Changed, Kind: KindJourney, ID: "j", Name: "J", Journey: "j", JourneyName: "J",
		Fields: []FieldChange{{Field: FieldBehaviour, Old: "4 persons, 40 events, imported 2025-11-24 16:00 UTC",
			New: "7 persons, 40 events, imported 2025-11-24 16:00 UTC"}}}})
	// Figures taken away, and only the previous ones differing, are changes too.
	c := a.Clone()
	c.Journeys[0].Behaviour = nil
	wantChanges(t, Diff(a, c), []Change{{Op: Changed, Kind: KindJourney, ID: "j", Name: "J", Journey: "j", JourneyName: "J",
		Fields: []FieldChange{{Field: FieldBehaviour, Old: "4 persons, 40 events, imported 2025-11-24 16:00 UTC"}}}})
	c = a.Clone()
	c.Journeys[0].PreviousBehaviour = importFigures(2)
	if got := Diff(a, c); len(got) != 1 || got[0].Fields[0].Field != FieldBehaviour {
		t.Fatalf("previous figures:\n%s", dump(got))
	}
}
