package model

import (
	"slices"
	"strings"
	"testing"
)

func TestQuadrantOf(t *testing.T) {
	for _, c := range []struct {
		impact, effort int
		want           Quadrant
		label          string
	}{
		{5, 1, QuickWin, "Quick wins"}, {3, 2, QuickWin, "Quick wins"},
		{3, 3, BigBet, "Big bets"}, {5, 5, BigBet, "Big bets"},
		{2, 2, FillIn, "Fill-ins"}, {1, 1, FillIn, "Fill-ins"},
		{2, 3, MoneyPit, "Money pits"}, {1, 5, MoneyPit, "Money pits"},
	} {
		if q := QuadrantOf(c.impact, c.effort); q != c.want || q.String() != c.label {
			t.Errorf("QuadrantOf(%d, %d) = %v", c.impact, c.effort, q)
		}
	}
}

// backlogJourney has three stages and two card lanes; titles say the
// expected rank.
func backlogJourney() *Project {
	p := smallProject()
	j := p.Journeys[0]
	j.Stages = append(j.Stages, &Stage{ID: "s3", Name: "S3"})
	j.Lanes = []*Lane{{ID: "l1", Name: "Pain", Kind: LanePainPoints}, {ID: "l2", Name: "Ideas", Kind: LaneOpportunities}}
	card := func(id, stage, lane string, order, impact, effort int, pain, opp bool) *Touchpoint {
		return &Touchpoint{ID: ID(id), StageID: ID(stage), LaneID: ID(lane), Order: order, Title: id,
			Impact: impact, Effort: effort, PainPoint: pain, Opportunity: opp}
	}
	j.Touchpoints = []*Touchpoint{
		card("4: 2/1 in S3", "s3", "l1", 0, 2, 1, true, false),
		card("1: 5/1", "s3", "l2", 0, 5, 1, false, true),
		card("2: 4/2 in S1", "s1", "l2", 0, 4, 2, false, true), // 2.0, first stage
		card("3: 2/1 in S1, lane below", "s1", "l2", 1, 2, 1, true, false),
		card("unrated, S2", "s2", "l1", 0, 3, 0, true, false),
		card("unrated, S1", "s1", "l1", 0, 0, 0, true, false),
		card("5: 1/5", "s2", "l1", 1, 1, 5, true, true),
		card("not a pain point", "s1", "l1", 1, 5, 1, false, false),
	}
	return p
}

func TestBacklogOrder(t *testing.T) {
	j := backlogJourney().Journeys[0]
	var got []string
	for _, it := range Backlog(j) {
		got = append(got, string(it.Card.ID))
	}
	want := []string{"1: 5/1", "2: 4/2 in S1", "3: 2/1 in S1, lane below", "4: 2/1 in S3", "5: 1/5", "unrated, S1", "unrated, S2"}
	if !slices.Equal(got, want) {
		t.Fatalf("backlog:\n got %q\nwant %q", got, want)
	}
	items := Backlog(j)
	for i, it := range items {
		rated := i < 5
		if (it.Rank == i+1) != rated || (it.Rank == 0) == rated {
			t.Errorf("%s: rank %d", it.Card.ID, it.Rank)
		}
		if rated && it.Value != float64(it.Card.Impact)/float64(it.Card.Effort) {
			t.Errorf("%s: value %v", it.Card.ID, it.Value)
		}
		if it.Stage.ID != it.Card.StageID {
			t.Errorf("%s: stage %s", it.Card.ID, it.Stage.ID)
		}
	}
}

func TestSetPriority(t *testing.T) {
	p := backlogJourney()
	id := ID("unrated, S1")
	doUndo(t, p, &SetPriority{Touchpoint: id, Impact: 4, Effort: 2}, func() {
		_, c := p.FindTouchpoint(id)
		if c.Impact != 4 || c.Effort != 2 || !c.Rated() {
			t.Errorf("after: %d/%d", c.Impact, c.Effort)
		}
	})
	// One drag is one step: its moves coalesce.
	a := &SetPriority{Touchpoint: id, Impact: 1, Effort: 1, Merge: "drag 1"}
	if err := a.Do(p); err != nil {
		t.Fatal(err)
	}
	b := &SetPriority{Touchpoint: id, Impact: 5, Effort: 3, Merge: "drag 1"}
	if err := b.Do(p); err != nil {
		t.Fatal(err)
	}
	if !a.Coalesce(b) || a.Coalesce(&SetPriority{Touchpoint: id, Merge: "drag 2"}) {
		t.Fatal("coalescing is wrong")
	}
	b.Undo(p)
	a.Undo(p)
	if _, c := p.FindTouchpoint(id); c.Impact != 0 || c.Effort != 0 {
		t.Errorf("undo of the drag left %d/%d", c.Impact, c.Effort)
	}
	for _, bad := range []*SetPriority{{Touchpoint: id, Impact: 6, Effort: 1}, {Touchpoint: id, Impact: 1, Effort: -1}, {Touchpoint: "ghost", Impact: 1, Effort: 1}} {
		before := captureState(t, p)
		if err := bad.Do(p); err == nil {
			t.Errorf("%+v was taken", bad)
		}
		checkState(t, "refused", p, before)
	}
}

func TestValidatePriority(t *testing.T) {
	p := backlogJourney()
	p.Journeys[0].Touchpoints[0].Impact = 6
	p.Journeys[0].Touchpoints[1].Effort = -1
	err := p.Validate()
	for _, want := range []string{`impact: 6 is not between 1 and 5 (or 0, not rated)`, `effort: -1 is not between 1 and 5`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate: %v, want %q", err, want)
		}
	}
}

func TestDiffPriorityAndLenses(t *testing.T) {
	a := backlogJourney()
	b := a.Clone()
	b.Journeys[0].Touchpoints[0].Impact = 5
	b.Journeys[0].Lenses = []*Lens{{Name: "Backstage owners", Owners: []string{"IT"}}}
	var fields []string
	for _, c := range Diff(a, b) {
		for _, f := range c.Fields {
			fields = append(fields, f.Field+": "+f.Old+" → "+f.New)
		}
	}
	for _, want := range []string{"impact: 2 → 5", "saved lenses:  → Backstage owners"} {
		if !slices.Contains(fields, want) {
			t.Errorf("diff fields %q lack %q", fields, want)
		}
	}
}
