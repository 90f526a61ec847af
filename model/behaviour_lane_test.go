package model

import (
	"strings"
	"testing"
)

func TestReplaceBehaviourAddsBehaviourLane(t *testing.T) {
	p := smallProject()
	j := p.Journeys[0]
	c := &ReplaceBehaviour{Journey: "j", Behaviour: importFigures(4, [2]string{"S1", "s1"})}
	doUndo(t, p, c, func() {
		if len(j.Lanes) != 3 || j.Lanes[0].Kind != LaneBehaviour || j.Lanes[0].Name != "Behaviour" {
			t.Fatalf("lanes after the import: %+v", j.Lanes)
		}
		if ch := c.Changes(); len(ch.Lanes) != 1 || ch.Lanes[0] != j.Lanes[0].ID {
			t.Errorf("changes %+v do not name the new lane", ch)
		}
	})
	if len(j.Lanes) != 2 {
		t.Fatalf("undo left %d lanes", len(j.Lanes))
	}
	// Redone, it is the same lane.
	id := c.Lane.ID
	if err := c.Do(p); err != nil || j.Lanes[0].ID != id {
		t.Fatalf("redo: %v, lane %s, want %s", err, j.Lanes[0].ID, id)
	}
	// A second import finds the lane and adds none, even when it is hidden.
	j.Lanes[0].Hidden = true
	c2 := &ReplaceBehaviour{Journey: "j", Behaviour: importFigures(5, [2]string{"S1", "s1"})}
	doUndo(t, p, c2, func() {
		if len(j.Lanes) != 3 || len(c2.Changes().Lanes) != 0 {
			t.Fatalf("a second behaviour lane: %+v", j.Lanes)
		}
	})
}

func TestBehaviourLaneTakesNoCards(t *testing.T) {
	p := smallProject()
	j := p.Journeys[0]
	j.Lanes = append(j.Lanes, &Lane{ID: "lb", Name: "Behaviour", Kind: LaneBehaviour}, &Lane{ID: "l3", Name: "Empty", Kind: LaneCustom})
	if LaneBehaviour.HoldsCards() || !LaneActions.HoldsCards() || !LaneBehaviour.Valid() || LaneBehaviour.Label() != "Behaviour" {
		t.Fatal("the behaviour kind's properties")
	}
	before := captureState(t, p)
	for _, c := range []Command{
		&AddTouchpoint{Journey: "j", Touchpoint: &Touchpoint{ID: "new", StageID: "s1", LaneID: "lb", Title: "X"}},
		&MoveTouchpoints{IDs: []ID{"t1"}, Stage: "s2", Lane: "lb"},
		&UpdateLane{After: &Lane{ID: "l1", Name: "L1", Kind: LaneBehaviour}}, // l1 holds cards
	} {
		err := c.Do(p)
		if err == nil || !strings.Contains(err.Error(), "behaviour") {
			t.Errorf("%s: %v, want a refusal naming the behaviour lane", c.Label(), err)
		}
		checkState(t, c.Label()+" refused", p, before)
	}
	// An empty lane may become a behaviour lane, and a behaviour lane be renamed.
	doUndo(t, p, &UpdateLane{After: &Lane{ID: "l3", Name: "Figures", Kind: LaneBehaviour}}, func() {})
	doUndo(t, p, &UpdateLane{After: &Lane{ID: "lb", Name: "Figures", Kind: LaneBehaviour}}, func() {})
}
