package model

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// coverageJourney is a journey of stages S0..S(n-1) with two lanes (the
// second hidden) and two personas P1, P2 (P3 is the project's, not the
// journey's).
func coverageJourney(n int) (*Project, *Journey) {
	j := &Journey{ID: "j", Title: "J", PersonaIDs: []ID{"P1", "P2"},
		Lanes: []*Lane{{ID: "L1", Kind: LaneChannel}, {ID: "L2", Kind: LaneActions, Hidden: true}}}
	for i := 0; i < n; i++ {
		j.Stages = append(j.Stages, &Stage{ID: ID(fmt.Sprintf("S%d", i)), Name: fmt.Sprintf("S%d", i)})
	}
	p := &Project{Scale: DefaultScale, Journeys: []*Journey{j},
		Personas: []*Persona{{ID: "P1"}, {ID: "P2"}, {ID: "P3"}}}
	return p, j
}

var cardN int

func card(j *Journey, stage int, channel, owner string) *Touchpoint {
	cardN++
	t := &Touchpoint{ID: ID(fmt.Sprintf("t%d", cardN)), StageID: j.Stages[stage].ID, LaneID: "L1",
		Channel: channel, Owner: owner, Order: cardN}
	j.Touchpoints = append(j.Touchpoints, t)
	return t
}

// gapsOf maps "row@stage" to the cell's gaps, for the cells that have some.
func gapsOf(m *CoverageMatrix) map[string][]string {
	out := map[string][]string{}
	for _, g := range m.Gaps() {
		k := g.Row + "@" + g.Stage.Name
		out[k] = append(out[k], g.Reason)
	}
	return out
}

func TestCoverageRowsAndCounts(t *testing.T) {
	p, j := coverageJourney(3)
	// Cards listed out of stage order: rows follow stage order, then lanes.
	c := card(j, 2, "Store", "")
	c.PainPoint = true
	c.Emotions = map[ID]int{"P1": -2, "P3": 2} // P3 is not the journey's
	h := card(j, 0, " email ", "Ops")
	h.LaneID = "L2" // hidden lane: still counted
	h.Emotions = map[ID]int{"P1": 1, "P2": 2}
	card(j, 0, "App", "ops")
	card(j, 0, "", "")
	e := card(j, 1, "EMAIL", "")
	e.PainPoint = true
	// Lane order beats the order of the list: App (L1) before email (L2).
	m := Coverage(p, j, ByChannel)
	if want := []string{"App", "email", "Store", CoverageNone}; !reflect.DeepEqual(m.Rows, want) {
		t.Fatalf("rows %q, want %q", m.Rows, want)
	}
	em := m.Cells[1]
	if em[0].Touchpoints != 1 || em[0].Scored != 2 || em[0].MeanEmotion != 1.5 || em[1].Touchpoints != 1 || em[1].PainPoints != 1 {
		t.Fatalf("email row %+v", em)
	}
	if em[1].Scored != 0 || em[1].MeanEmotion != 0 {
		t.Fatalf("unscored cell %+v", em[1])
	}
	st := m.Cells[2][2]
	if st.Touchpoints != 1 || st.Scored != 1 || st.MeanEmotion != -2 || st.PainPoints != 1 {
		t.Fatalf("store cell %+v", st)
	}
	if m.Cells[3][0].Touchpoints != 1 {
		t.Fatalf("(none) row %+v", m.Cells[3])
	}
	o := Coverage(p, j, ByOwner)
	if want := []string{"ops", CoverageNone}; !reflect.DeepEqual(o.Rows, want) {
		t.Fatalf("owner rows %q, want %q", o.Rows, want)
	}
	if o.Cells[0][0].Touchpoints != 2 || o.Cells[1][0].Touchpoints != 1 || o.Cells[1][1].Touchpoints != 1 || o.Cells[1][2].Touchpoints != 1 {
		t.Fatalf("owner cells %+v", o.Cells)
	}
}

func TestCoverageChannelGaps(t *testing.T) {
	p, j := coverageJourney(5)
	// Web: S0, S2, S3 → missing between at S1; not at S4 (last stage).
	// App: S1, S3 → missing between at S2.
	// Phone: S4 only → its only stage; S4 has Phone and Web? no: Web stops
	// at S3, so Phone is S4's only channel too.
	// Store: S0 only... with Web at S0: one-stage channel.
	card(j, 0, "Web", "")
	card(j, 2, "web", "")
	card(j, 3, "Web", "")
	card(j, 1, "App", "")
	card(j, 3, "App", "")
	card(j, 4, "Phone", "")
	card(j, 0, "Store", "")
	card(j, 1, "", "") // (none) is never a channel
	card(j, 2, "", "")
	m := Coverage(p, j, ByChannel)
	got := gapsOf(m)
	want := map[string][]string{
		"Web@S1":   {GapMissingBetween},
		"App@S2":   {GapMissingBetween},
		"App@S1":   {GapOnlyChannel},
		"Web@S2":   {GapOnlyChannel},
		"Phone@S4": {GapOnlyChannel, GapChannelOneOnly},
		"Store@S0": {GapChannelOneOnly},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("gaps\n%v\nwant\n%v", got, want)
	}
}

func TestCoverageEdgeStages(t *testing.T) {
	// A channel missing at the first or last stage is no "between" gap: those
	// stages have one neighbour only.
	p, j := coverageJourney(4)
	card(j, 1, "Web", "")
	card(j, 2, "Web", "")
	card(j, 0, "App", "")
	card(j, 1, "App", "")
	card(j, 2, "App", "")
	card(j, 3, "App", "")
	card(j, 0, "Mail", "")
	card(j, 3, "Mail", "")
	got := gapsOf(Coverage(p, j, ByChannel))
	// Mail misses S1 and S2, but neither has Mail on both sides.
	if len(got) != 0 {
		t.Fatalf("gaps %v, want none", got)
	}
	// Two stages: no stage has two neighbours.
	p, j = coverageJourney(2)
	card(j, 0, "Web", "")
	card(j, 0, "App", "")
	card(j, 1, "App", "")
	card(j, 1, "Web", "")
	if got := gapsOf(Coverage(p, j, ByChannel)); len(got) != 0 {
		t.Fatalf("gaps %v, want none", got)
	}
	// One stage, one channel: the only channel and its only stage.
	p, j = coverageJourney(1)
	card(j, 0, "Web", "")
	want := map[string][]string{"Web@S0": {GapOnlyChannel, GapChannelOneOnly}}
	if got := gapsOf(Coverage(p, j, ByChannel)); !reflect.DeepEqual(got, want) {
		t.Fatalf("gaps %v, want %v", got, want)
	}
	// A stage with only cards of no channel has no "only channel".
	p, j = coverageJourney(3)
	card(j, 0, "", "")
	card(j, 1, "Web", "")
	card(j, 1, "App", "")
	card(j, 2, "Web", "")
	card(j, 2, "App", "")
	if got := gapsOf(Coverage(p, j, ByChannel)); len(got) != 0 {
		t.Fatalf("gaps %v, want none", got)
	}
	// No stages, no cards: an empty matrix.
	p, j = coverageJourney(0)
	if m := Coverage(p, j, ByChannel); len(m.Rows) != 0 || len(m.Cells) != 0 {
		t.Fatalf("empty journey: %+v", m)
	}
}

func TestCoverageOwnerGaps(t *testing.T) {
	p, j := coverageJourney(6)
	// Ops: S0, S1, S2 = 3 of 6 → spans. Sales: S0, S3 = 2 → no.
	card(j, 0, "", "Ops")
	card(j, 1, "", " OPS ")
	card(j, 2, "", "ops")
	card(j, 2, "", "Ops")
	card(j, 0, "", "Sales")
	card(j, 3, "", "Sales")
	a := card(j, 4, "", "")
	a.PainPoint = true
	b := card(j, 4, "", "")
	b.PainPoint = true
	card(j, 5, "", "") // no owner, no pain: no gap
	c := card(j, 3, "", "Sales")
	c.PainPoint = true // owned: no gap
	got := gapsOf(Coverage(p, j, ByOwner))
	want := map[string][]string{
		"Ops@S0":    {"spans 3 of 6 stages"},
		"Ops@S1":    {"spans 3 of 6 stages"},
		"Ops@S2":    {"spans 3 of 6 stages"},
		"(none)@S4": {"2 pain points with no owner"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("gaps\n%v\nwant\n%v", got, want)
	}
	// 3 of 7 is under half; 2 of 2 is under 3; 1 pain point is singular.
	p, j = coverageJourney(7)
	for s := 0; s < 3; s++ {
		card(j, s, "", "Ops")
	}
	card(j, 6, "", "").PainPoint = true
	want = map[string][]string{"(none)@S6": {"1 pain point with no owner"}}
	if got := gapsOf(Coverage(p, j, ByOwner)); !reflect.DeepEqual(got, want) {
		t.Fatalf("gaps %v, want %v", got, want)
	}
	p, j = coverageJourney(2)
	card(j, 0, "", "Ops")
	card(j, 1, "", "Ops")
	if got := gapsOf(Coverage(p, j, ByOwner)); len(got) != 0 {
		t.Fatalf("gaps %v, want none", got)
	}
	// Channel rules do not apply by owner, nor owner rules by channel.
	for _, g := range Coverage(p, j, ByOwner).Gaps() {
		if strings.Contains(g.Reason, "channel") {
			t.Fatalf("owner matrix has a channel gap: %v", g)
		}
	}
}
