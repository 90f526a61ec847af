package model

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func cellIDs(t *testing.T, j *Journey, stage, lane ID) []ID {
	t.Helper()
	var ids []ID
	for i, tp := range j.Cell(stage, lane) {
		if tp.Order != i {
			t.Fatalf("cell %s/%s is not dense: %s has order %d at %d", stage, lane, tp.ID, tp.Order, i)
		}
		ids = append(ids, tp.ID)
	}
	return ids
}

func wantCell(t *testing.T, j *Journey, stage, lane ID, want ...ID) {
	t.Helper()
	if got := cellIDs(t, j, stage, lane); !slices.Equal(got, want) {
		t.Fatalf("cell %s/%s = %v, want %v", stage, lane, got, want)
	}
}

// doUndo applies c, runs check, then undoes it and checks the project is
// back to what it was, byte for byte and structurally.
func doUndo(t *testing.T, p *Project, c Command, check func()) {
	t.Helper()
	before := captureState(t, p)
	if err := c.Do(p); err != nil {
		t.Fatalf("%s: %v", c.Label(), err)
	}
	if err := p.Validate(); err != nil {
		t.Fatalf("%s left an invalid project: %v", c.Label(), err)
	}
	check()
	c.Undo(p)
	checkState(t, c.Label()+" undone", p, before)
}

func TestMoveTouchpoints(t *testing.T) {
	p := smallProject()
	j := p.Journeys[0]
	// s1/l1: t1 t2 t3; s2/l1: t4; s2/l2: t5.
	doUndo(t, p, &MoveTouchpoints{IDs: []ID{"t3", "t1"}, Stage: "s2", Lane: "l1", Index: 1}, func() {
		wantCell(t, j, "s2", "l1", "t4", "t1", "t3") // reading order kept, whatever the ID order
		wantCell(t, j, "s1", "l1", "t2")
	})
	doUndo(t, p, &MoveTouchpoints{IDs: []ID{"t5", "t4", "t2"}, Stage: "s1", Lane: "l2", Index: 0}, func() {
		// Reading order: stage, then lane, then order.
		wantCell(t, j, "s1", "l2", "t2", "t4", "t5")
		wantCell(t, j, "s1", "l1", "t1", "t3")
		wantCell(t, j, "s2", "l1")
		wantCell(t, j, "s2", "l2")
	})
	doUndo(t, p, &MoveTouchpoints{IDs: []ID{"t3"}, Stage: "s1", Lane: "l1", Index: 0}, func() {
		wantCell(t, j, "s1", "l1", "t3", "t1", "t2") // within a cell
	})
	doUndo(t, p, &MoveTouchpoints{IDs: []ID{"t1"}, Stage: "s1", Lane: "l1", Index: 99}, func() {
		wantCell(t, j, "s1", "l1", "t2", "t3", "t1") // clamped to the end
	})
	doUndo(t, p, &MoveTouchpoints{IDs: []ID{"t1"}, Stage: "s2", Lane: "l1", Index: 99}, func() {
		wantCell(t, j, "s2", "l1", "t4", "t1")
	})
	doUndo(t, p, &MoveTouchpoints{IDs: []ID{"t5"}, Stage: "s1", Lane: "l1", Index: -7}, func() {
		wantCell(t, j, "s1", "l1", "t5", "t1", "t2", "t3") // clamped to the start
		wantCell(t, j, "s2", "l2")
	})
	doUndo(t, p, &MoveTouchpoints{IDs: []ID{"t2", "t1", "t3"}, Stage: "s1", Lane: "l1", Index: 0}, func() {
		wantCell(t, j, "s1", "l1", "t1", "t2", "t3")
	})
	before := captureState(t, p)
	for _, c := range []*MoveTouchpoints{
		{IDs: []ID{"t1"}, Stage: "nope", Lane: "l1"},
		{IDs: []ID{"t1"}, Stage: "s1", Lane: "nope"},
		{IDs: []ID{"t1", "nope"}, Stage: "s1", Lane: "l1"},
		{IDs: nil, Stage: "s1", Lane: "l1"},
	} {
		if err := c.Do(p); err == nil {
			t.Fatalf("%+v succeeded", c)
		}
		checkState(t, "failed move", p, before)
	}
}

func TestMoveKeepsReadingOrderWhateverTheSliceOrder(t *testing.T) {
	p := smallProject()
	j := p.Journeys[0]
	j.Touchpoints = append(j.Touchpoints, &Touchpoint{ID: "t6", StageID: "s1", LaneID: "l2", Title: "T6"})
	slices.Reverse(j.Touchpoints) // slice order is now the opposite of reading order
	// Reading order: s1/l1 (t1 t2 t3), s1/l2 (t6), s2/l1 (t4), s2/l2 (t5).
	doUndo(t, p, &MoveTouchpoints{IDs: []ID{"t5", "t4", "t6", "t3", "t1"}, Stage: "s2", Lane: "l2", Index: 0}, func() {
		wantCell(t, j, "s2", "l2", "t1", "t3", "t6", "t4", "t5")
		wantCell(t, j, "s1", "l1", "t2")
	})
	// MoveLane changes reading order: l2 above l1.
	if err := (&MoveLane{ID: "l2", To: 0}).Do(p); err != nil {
		t.Fatal(err)
	}
	doUndo(t, p, &MoveTouchpoints{IDs: []ID{"t2", "t6"}, Stage: "s2", Lane: "l1", Index: 99}, func() {
		wantCell(t, j, "s2", "l1", "t4", "t6", "t2")
	})
}

func TestMoveAcrossJourneysRefused(t *testing.T) {
	p := richProject(t)
	before := captureState(t, p)
	c := &MoveTouchpoints{IDs: []ID{"j1-t01", "j2-t01"}, Stage: "j1-s1", Lane: "j1-l1"}
	if err := c.Do(p); err == nil {
		t.Fatal("moving cards of two journeys succeeded")
	}
	c = &MoveTouchpoints{IDs: []ID{"j1-t01"}, Stage: "j2-s1", Lane: "j2-l1"}
	if err := c.Do(p); err == nil {
		t.Fatal("moving a card into another journey's cell succeeded")
	}
	checkState(t, "refused moves", p, before)
}

func TestMoveChangesListEveryRenumberedCard(t *testing.T) {
	p := smallProject()
	c := &MoveTouchpoints{IDs: []ID{"t1"}, Stage: "s2", Lane: "l1", Index: 0}
	if err := c.Do(p); err != nil {
		t.Fatal(err)
	}
	got := slices.Sorted(slices.Values(c.Changes().Touchpoints))
	// t1 moved, t2 and t3 closed up, t4 moved down.
	if want := []ID{"t1", "t2", "t3", "t4"}; !slices.Equal(got, want) {
		t.Fatalf("Changes.Touchpoints = %v, want %v", got, want)
	}
}

func TestAddAndDeleteTouchpoints(t *testing.T) {
	p := smallProject()
	j := p.Journeys[0]
	for _, tc := range []struct {
		order int
		want  []ID
	}{{0, []ID{"n", "t1", "t2", "t3"}}, {2, []ID{"t1", "t2", "n", "t3"}}, {50, []ID{"t1", "t2", "t3", "n"}}, {-3, []ID{"n", "t1", "t2", "t3"}}} {
		doUndo(t, p, &AddTouchpoint{Journey: "j", Touchpoint: &Touchpoint{ID: "n", StageID: "s1", LaneID: "l1", Order: tc.order, Title: "N"}}, func() {
			wantCell(t, j, "s1", "l1", tc.want...)
		})
	}
	doUndo(t, p, &AddTouchpoint{Journey: "j", Touchpoint: &Touchpoint{ID: "n", StageID: "s2", LaneID: "l2", Title: "N"}}, func() {
		wantCell(t, j, "s2", "l2", "n", "t5")
	})
	doUndo(t, p, &DeleteTouchpoints{IDs: []ID{"t2", "t4"}}, func() {
		wantCell(t, j, "s1", "l1", "t1", "t3")
		wantCell(t, j, "s2", "l1")
	})
	doUndo(t, p, &DeleteTouchpoints{IDs: []ID{"t1", "t2", "t3", "t4", "t5"}}, func() {
		if len(j.Touchpoints) != 0 {
			t.Fatalf("cards left: %d", len(j.Touchpoints))
		}
	})
	before := captureState(t, p)
	for _, c := range []Command{
		&AddTouchpoint{Journey: "j", Touchpoint: &Touchpoint{ID: "t1", StageID: "s1", LaneID: "l1", Title: "dup"}},
		&AddTouchpoint{Journey: "x", Touchpoint: &Touchpoint{ID: "n", StageID: "s1", LaneID: "l1", Title: "N"}},
		&AddTouchpoint{Journey: "j", Touchpoint: &Touchpoint{ID: "n", StageID: "s1", LaneID: "l1", Title: "N", ImageID: "nope"}},
		&AddTouchpoint{Journey: "j", Touchpoint: &Touchpoint{ID: "n", StageID: "s1", LaneID: "l1", Title: "N", Emotions: map[ID]int{"ghost": 0}}},
		&AddTouchpoint{Journey: "j", Touchpoint: &Touchpoint{ID: "n", StageID: "s1", LaneID: "l1", Title: "N", Emotions: map[ID]int{"a": 3}}},
		&DeleteTouchpoints{IDs: []ID{"t1", "ghost"}},
		&DeleteTouchpoints{},
	} {
		if err := c.Do(p); err == nil {
			t.Fatalf("%s %+v succeeded", c.Label(), c)
		}
		checkState(t, "failed "+c.Label(), p, before)
	}
}

func TestDeleteStageRestoresCardsInPlace(t *testing.T) {
	for _, c := range []Command{&DeleteStage{ID: "j1-s2"}, &DeleteLane{ID: "j1-l2"}, &DeleteStage{ID: "j2-s3"}} {
		p := richProject(t)
		j := p.Journeys[0]
		if c.Label() == "Delete stage" && strings.HasPrefix(string(c.(*DeleteStage).ID), "j2") {
			j = p.Journeys[1]
		}
		order := func() []ID {
			var ids []ID
			for _, tp := range j.Touchpoints {
				ids = append(ids, tp.ID)
			}
			return ids
		}
		before := order()
		var gone []ID
		for _, tp := range j.Touchpoints {
			switch x := c.(type) {
			case *DeleteStage:
				if tp.StageID == x.ID {
					gone = append(gone, tp.ID)
				}
			case *DeleteLane:
				if tp.LaneID == x.ID {
					gone = append(gone, tp.ID)
				}
			}
		}
		if len(gone) == 0 {
			t.Fatalf("fixture: %s removes no cards", c.Label())
		}
		doUndo(t, p, c, func() {
			for _, id := range gone {
				if _, tp := p.FindTouchpoint(id); tp != nil {
					t.Fatalf("%s kept card %s", c.Label(), id)
				}
			}
			if len(j.Touchpoints) != len(before)-len(gone) {
				t.Fatalf("%s removed %d cards, want %d", c.Label(), len(before)-len(j.Touchpoints), len(gone))
			}
			ch := c.Changes()
			for _, id := range gone {
				if !slices.Contains(ch.Touchpoints, id) {
					t.Fatalf("Changes do not name the removed card %s", id)
				}
			}
		})
		if got := order(); !slices.Equal(got, before) {
			t.Fatalf("undo put the cards back in another slice order:\n%v\n%v", got, before)
		}
	}
}

func TestChangeScale(t *testing.T) {
	p := smallProject()
	_, tp := p.FindTouchpoint("t1")
	tests := []struct {
		to   Scale
		want []int // for -2..2
	}{
		{ScaleFive, []int{1, 2, 3, 4, 5}},
		{ScaleTen, []int{1, 3, 6, 8, 10}},
		{ScaleBipolar5, []int{-5, -3, 0, 3, 5}}, // -2.5 and 2.5 round away from zero
		{ScaleBipolar2, []int{-2, -1, 0, 1, 2}}, // no change
	}
	for _, tc := range tests {
		for i, score := range []int{-2, -1, 0, 1, 2} {
			p := smallProject()
			_, tp := p.FindTouchpoint("t1")
			tp.Emotions["a"], tp.Emotions["b"] = score, -score
			_, t2 := p.FindTouchpoint("t2") // no scores
			doUndo(t, p, &ChangeScale{To: tc.to}, func() {
				if p.Scale != tc.to {
					t.Fatalf("scale = %v", p.Scale)
				}
				if got := tp.Emotions["a"]; got != tc.want[i] {
					t.Fatalf("%d on -2..+2 → %s = %d, want %d", score, tc.to, got, tc.want[i])
				}
				if got := tp.Emotions["b"]; got != tc.want[4-i] {
					t.Fatalf("%d on -2..+2 → %s = %d, want %d", -score, tc.to, got, tc.want[4-i])
				}
				if len(t2.Emotions) != 0 {
					t.Fatalf("unscored card got scores %v", t2.Emotions)
				}
			})
		}
	}
	// Lossy round trips are undone exactly, through several changes.
	h := NewHistory(p, nil)
	tp.Emotions["b"] = -1
	before := captureState(t, p)
	for _, s := range []Scale{ScaleTen, ScaleBipolar2, ScaleFive, ScaleBipolar5, ScaleTen} {
		if err := h.Do(&ChangeScale{To: s}); err != nil {
			t.Fatal(err)
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("after change to %s: %v", s, err)
		}
	}
	if tp.Emotions["b"] == -1 && p.Scale == ScaleTen {
		t.Fatal("scores were not converted")
	}
	undoSteps(t, h)
	checkState(t, "scale changes undone", p, before)
	if err := (&ChangeScale{To: Scale{0, 3}}).Do(p); err == nil {
		t.Fatal("a scale that is not a preset was accepted")
	}
	checkState(t, "refused scale", p, before)
}

func TestDeletePersona(t *testing.T) {
	p := richProject(t)
	doUndo(t, p, &DeletePersona{ID: "per-1"}, func() {
		if p.Persona("per-1") != nil || len(p.Personas) != 2 {
			t.Fatal("persona not removed")
		}
		for _, j := range p.Journeys {
			if j.HasPersona("per-1") {
				t.Fatalf("journey %s still lists the persona", j.ID)
			}
			for _, tp := range j.Touchpoints {
				if _, ok := tp.Score("per-1"); ok {
					t.Fatalf("card %s keeps a score of the deleted persona", tp.ID)
				}
			}
		}
		if !slices.Equal(p.Journeys[0].PersonaIDs, []ID{"per-2"}) {
			t.Fatalf("other attachments changed: %v", p.Journeys[0].PersonaIDs)
		}
	})
	c := &DeletePersona{ID: "per-2"}
	if err := c.Do(p); err != nil {
		t.Fatal(err)
	}
	ch := c.Changes()
	if !slices.Contains(ch.Journeys, "j1") || !slices.Contains(ch.Touchpoints, "j1-t02") || !slices.Contains(ch.Personas, "per-2") {
		t.Fatalf("Changes %+v miss the journey, a card that lost a score or the persona", ch)
	}
	if err := (&DeletePersona{ID: "per-2"}).Do(p); err == nil {
		t.Fatal("deleting a deleted persona succeeded")
	}
}

func TestAttachPersona(t *testing.T) {
	p := smallProject()
	j := p.Journeys[0]
	_, t4 := p.FindTouchpoint("t4")
	doUndo(t, p, &AttachPersona{Journey: "j", Persona: "a"}, func() {
		if j.HasPersona("a") {
			t.Fatal("detach kept the persona")
		}
		if s, ok := t4.Score("a"); !ok || s != -2 {
			t.Fatal("detach removed the persona's scores")
		}
	})
	doUndo(t, p, &AttachPersona{Journey: "j", Persona: "b", Attach: true}, func() {
		if !slices.Equal(j.PersonaIDs, []ID{"a", "b"}) {
			t.Fatalf("PersonaIDs = %v", j.PersonaIDs)
		}
	})
	// Attaching an attached persona, or detaching a detached one, is a no-op.
	doUndo(t, p, &AttachPersona{Journey: "j", Persona: "a", Attach: true}, func() {
		if !slices.Equal(j.PersonaIDs, []ID{"a"}) {
			t.Fatalf("PersonaIDs = %v", j.PersonaIDs)
		}
	})
	doUndo(t, p, &AttachPersona{Journey: "j", Persona: "b"}, func() {})
	for _, c := range []*AttachPersona{{Journey: "j", Persona: "ghost", Attach: true}, {Journey: "ghost", Persona: "a"}} {
		if err := c.Do(p); err == nil {
			t.Fatalf("%+v succeeded", c)
		}
	}
}

func TestRemoveImage(t *testing.T) {
	p := richProject(t)
	before := captureState(t, p)
	for id, who := range map[ID]string{"img-1": `persona "Ana"`, "img-2": "touchpoint", "img-3": `persona "Ben"`} {
		err := (&RemoveImage{ID: id}).Do(p)
		if err == nil {
			t.Fatalf("removing %s, which is in use, succeeded", id)
		}
		if !strings.Contains(err.Error(), who) {
			t.Fatalf("error %q does not say who uses %s (%s)", err, id, who)
		}
		checkState(t, "refused removal", p, before)
	}
	if err := (&RemoveImage{ID: "nope"}).Do(p); err == nil {
		t.Fatal("removing a missing image succeeded")
	}
	// Once nothing uses it, it goes, and undo puts it back in its place.
	x := *p.Persona("per-1")
	x.PhotoID = ""
	if err := (&UpdatePersona{After: x}).Do(p); err != nil {
		t.Fatal(err)
	}
	doUndo(t, p, &RemoveImage{ID: "img-1"}, func() {
		if p.Image("img-1") != nil || len(p.Images) != 2 {
			t.Fatal("image not removed")
		}
	})
	if p.Images[0].ID != "img-1" {
		t.Fatalf("undo put the image at another place: %s first", p.Images[0].ID)
	}
	// A photo or card image must refer to an image the project holds.
	x.PhotoID = "img-1"
	if err := (&RemoveImage{ID: "img-1"}).Do(p); err != nil {
		t.Fatal(err)
	}
	if err := (&UpdatePersona{After: x}).Do(p); err == nil {
		t.Fatal("a persona could be given a removed photo")
	}
	_, tp := p.FindTouchpoint("j1-t01")
	after := tp.Clone()
	after.ImageID = "img-1"
	if err := (&UpdateTouchpoint{After: after}).Do(p); err == nil {
		t.Fatal("a card could be given a removed image")
	}
	if err := (&AddPersona{Persona: &Persona{ID: "n", Name: "N", PhotoID: "img-1"}, Index: -1}).Do(p); err == nil {
		t.Fatal("a persona could be added with a removed photo")
	}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestUpdateTouchpointKeepsPlace(t *testing.T) {
	p := smallProject()
	_, tp := p.FindTouchpoint("t2")
	after := tp.Clone()
	after.StageID, after.LaneID, after.Order = "s2", "l2", 0
	after.Title, after.Tags, after.Emotions = "New", []string{"x"}, map[ID]int{"b": -1}
	doUndo(t, p, &UpdateTouchpoint{After: after}, func() {
		_, got := p.FindTouchpoint("t2")
		if got.StageID != "s1" || got.LaneID != "l1" || got.Order != 1 {
			t.Fatalf("UpdateTouchpoint moved the card to %s/%s #%d", got.StageID, got.LaneID, got.Order)
		}
		if got.Title != "New" || !slices.Equal(got.Tags, []string{"x"}) || got.Emotions["b"] != -1 {
			t.Fatalf("content not updated: %+v", got)
		}
	})
	// The command keeps its own copy: changing After later changes nothing.
	c := &UpdateTouchpoint{After: after}
	if err := c.Do(p); err != nil {
		t.Fatal(err)
	}
	after.Tags[0] = "mutated"
	after.Emotions["b"] = 2
	if _, got := p.FindTouchpoint("t2"); got.Tags[0] != "x" || got.Emotions["b"] != -1 {
		t.Fatalf("the card shares memory with the command's After: %+v", got)
	}
	after = tp.Clone()
	after.Emotions = map[ID]int{"ghost": 0}
	if err := (&UpdateTouchpoint{After: after}).Do(p); err == nil {
		t.Fatal("a card could be scored for a missing persona")
	}
	after.Emotions = map[ID]int{"a": 9}
	if err := (&UpdateTouchpoint{After: after}).Do(p); err == nil {
		t.Fatal("a card could be scored off the scale")
	}
	after.ID = "ghost"
	if err := (&UpdateTouchpoint{After: after}).Do(p); err == nil {
		t.Fatal("a missing card could be updated")
	}
}

func TestSetEmotionRefusals(t *testing.T) {
	p := smallProject()
	before := captureState(t, p)
	for _, c := range []*SetEmotion{
		{Touchpoint: "t1", Persona: "a", Score: 3},
		{Touchpoint: "t1", Persona: "a", Score: -3},
		{Touchpoint: "t1", Persona: "ghost", Score: 0},
		{Touchpoint: "ghost", Persona: "a", Score: 0},
	} {
		if err := c.Do(p); err == nil {
			t.Fatalf("%+v succeeded", c)
		}
		checkState(t, "refused SetEmotion", p, before)
	}
}

func TestStagesAndLanes(t *testing.T) {
	p := smallProject()
	j := p.Journeys[0]
	names := func() (s, l []ID) {
		for _, x := range j.Stages {
			s = append(s, x.ID)
		}
		for _, x := range j.Lanes {
			l = append(l, x.ID)
		}
		return
	}
	doUndo(t, p, &AddStage{Journey: "j", Item: &Stage{ID: "s0", Name: "S0"}, Index: 0}, func() {
		if s, _ := names(); !slices.Equal(s, []ID{"s0", "s1", "s2"}) {
			t.Fatalf("stages = %v", s)
		}
	})
	doUndo(t, p, &AddLane{Journey: "j", Item: &Lane{ID: "l9", Name: "L9", Kind: LaneEvidence}, Index: -1}, func() {
		if _, l := names(); !slices.Equal(l, []ID{"l1", "l2", "l9"}) {
			t.Fatalf("lanes = %v", l)
		}
	})
	doUndo(t, p, &MoveStage{ID: "s1", To: 1}, func() {
		if s, _ := names(); !slices.Equal(s, []ID{"s2", "s1"}) {
			t.Fatalf("stages = %v", s)
		}
	})
	doUndo(t, p, &UpdateLane{After: &Lane{ID: "l2", Name: "Feelings", Kind: LaneThoughts, Hidden: true}}, func() {
		if l := j.Lane("l2"); l.Name != "Feelings" || l.Kind != LaneThoughts || !l.Hidden {
			t.Fatalf("lane = %+v", l)
		}
	})
	// A move names the moved item; the working copy renumbers its siblings.
	c := &MoveStage{ID: "s1", To: 1}
	if err := c.Do(p); err != nil {
		t.Fatal(err)
	}
	if got := c.Changes(); !slices.Equal(got.Stages, []ID{"s1"}) || len(got.Lanes) != 0 {
		t.Fatalf("MoveStage Changes = %+v", got)
	}
	c.Undo(p)
	before := captureState(t, p)
	for _, c := range []Command{
		&AddStage{Journey: "j", Item: &Stage{ID: "s1", Name: "dup"}},
		&AddLane{Journey: "ghost", Item: &Lane{ID: "l7", Name: "x", Kind: LaneCustom}},
		&MoveStage{ID: "s1", To: 2}, &MoveStage{ID: "s1", To: -1}, &MoveLane{ID: "ghost", To: 0},
		&UpdateStage{After: &Stage{ID: "ghost", Name: "x"}},
		&DeleteLane{ID: "ghost"},
	} {
		if err := c.Do(p); err == nil {
			t.Fatalf("%s %+v succeeded", c.Label(), c)
		}
		checkState(t, "refused "+c.Label(), p, before)
	}
}

func TestJourneysAndPersonas(t *testing.T) {
	p := richProject(t)
	doUndo(t, p, &MoveJourney{ID: "j2", To: 0}, func() {
		if p.Journeys[0].ID != "j2" {
			t.Fatal("journey not moved")
		}
	})
	doUndo(t, p, &DeleteJourney{ID: "j1"}, func() {
		if p.Journey("j1") != nil || len(p.Journeys) != 1 {
			t.Fatal("journey not deleted")
		}
	})
	doUndo(t, p, &UpdateJourney{ID: "j1", Title: "New", Description: ""}, func() {
		if p.Journeys[0].Title != "New" || p.Journeys[0].Description != "" {
			t.Fatal("journey not updated")
		}
	})
	doUndo(t, p, &MovePersona{ID: "per-1", To: 2}, func() {
		if p.Personas[2].ID != "per-1" || p.Personas[0].ID != "per-2" {
			t.Fatal("persona not moved")
		}
	})
	doUndo(t, p, &AddPersona{Persona: &Persona{ID: "per-0", Name: "Zed", PhotoID: "img-2"}, Index: 1}, func() {
		if p.Personas[1].ID != "per-0" {
			t.Fatal("persona not inserted at its index")
		}
	})
	// CopyJourney: fresh IDs, same content, references kept.
	src := p.Journeys[0]
	cp := CopyJourney(src)
	doUndo(t, p, &AddJourney{Journey: cp, Index: -1}, func() {
		if p.Journeys[2] != cp {
			t.Fatal("copy not appended")
		}
		if cp.ID == src.ID || cp.Stages[0].ID == src.Stages[0].ID || cp.Lanes[0].ID == src.Lanes[0].ID ||
			cp.Touchpoints[0].ID == src.Touchpoints[0].ID {
			t.Fatal("copy shares IDs with its source")
		}
		for i, tp := range cp.Touchpoints {
			o := src.Touchpoints[i]
			if cp.StageIndex(tp.StageID) != src.StageIndex(o.StageID) || cp.LaneIndex(tp.LaneID) != src.LaneIndex(o.LaneID) ||
				tp.Order != o.Order || tp.Title != o.Title || tp.ImageID != o.ImageID || len(tp.Emotions) != len(o.Emotions) {
				t.Fatalf("card %d copied wrong: %+v vs %+v", i, tp, o)
			}
		}
		if !slices.Equal(cp.PersonaIDs, src.PersonaIDs) {
			t.Fatal("persona list not copied")
		}
		if len(src.Touchpoints[1].Emotions) == 0 {
			t.Fatal("fixture: card 1 has no scores")
		}
		cp.Touchpoints[1].Emotions["per-1"] = 99
		cp.Touchpoints[1].Tags[0] = "changed"
		if src.Touchpoints[1].Emotions["per-1"] == 99 || src.Touchpoints[1].Tags[0] == "changed" {
			t.Fatal("copy shares memory with the source")
		}
	})
	// Adding a journey whose IDs are taken, or that refers to missing things, fails.
	before := captureState(t, p)
	dup := src.Clone()
	dup.ID = "j-new"
	bad := CopyJourney(src)
	bad.PersonaIDs = append(bad.PersonaIDs, "ghost")
	badCard := CopyJourney(src)
	badCard.Touchpoints[0].StageID = src.Stages[0].ID
	for name, j := range map[string]*Journey{"duplicate IDs": dup, "missing persona": bad, "foreign stage": badCard, "taken journey ID": src.Clone()} {
		if err := (&AddJourney{Journey: j, Index: -1}).Do(p); err == nil {
			t.Fatalf("AddJourney with %s succeeded", name)
		}
		checkState(t, "refused AddJourney", p, before)
	}
	for _, c := range []Command{
		&MoveJourney{ID: "j1", To: 5}, &MovePersona{ID: "per-1", To: -1}, &DeleteJourney{ID: "ghost"},
		&UpdateJourney{ID: "ghost"}, &UpdatePersona{After: Persona{ID: "ghost"}},
		&AddPersona{Persona: &Persona{ID: "per-1", Name: "dup"}}, &AddImage{Image: copyImage(p.Images[0], "img-1")},
		&AddImage{Image: &Image{ID: "bad", MIME: "image/png", Width: 1, Height: 1, Data: []byte("not a png")}},
		&AddImage{Image: &Image{ID: "bad", MIME: "image/png", Width: 2, Height: 2, Data: p.Images[1].Data}},
	} {
		if err := c.Do(p); err == nil {
			t.Fatalf("%s %+v succeeded", c.Label(), c)
		}
		checkState(t, "refused "+c.Label(), p, before)
	}
}

func TestBatchRevertsOnFailure(t *testing.T) {
	p := smallProject()
	before := captureState(t, p)
	b := &Batch{Name: "Paste", Commands: []Command{
		&RenameProject{Name: "Renamed"},
		&DeleteTouchpoints{IDs: []ID{"t1"}},
		&MoveTouchpoints{IDs: []ID{"t2"}, Stage: "s2", Lane: "l2"},
		&DeleteStage{ID: "ghost"},
	}}
	if err := b.Do(p); err == nil {
		t.Fatal("a batch with a failing command succeeded")
	}
	checkState(t, "failed batch", p, before)
	b.Commands = b.Commands[:3]
	doUndo(t, p, b, func() {
		if p.Name != "Renamed" || p.TouchpointCount() != 4 {
			t.Fatal("batch not applied")
		}
		ch := b.Changes()
		if !ch.Project || !slices.Contains(ch.Touchpoints, "t1") || !slices.Contains(ch.Touchpoints, "t3") {
			t.Fatalf("batch Changes = %+v", ch)
		}
	})
}

func TestChangesMergeAndEmpty(t *testing.T) {
	if !(Changes{}).Empty() || (Changes{Project: true}).Empty() || (Changes{Images: []ID{"x"}}).Empty() {
		t.Fatal("Empty is wrong")
	}
	m := Changes{Stages: []ID{"a", "b"}}.Merge(Changes{Stages: []ID{"b", "c"}, Project: true})
	if !m.Project || !slices.Equal(m.Stages, []ID{"a", "b", "c"}) {
		t.Fatalf("Merge = %+v", m)
	}
}

func TestNilPayloadsAreErrors(t *testing.T) {
	p := smallProject()
	h := NewHistory(p, nil)
	before := captureState(t, p)
	for _, c := range []Command{
		nil,
		&AddPersona{}, &AddJourney{}, &AddStage{Journey: "j"}, &AddLane{Journey: "j"}, &AddImage{},
		&AddTouchpoint{Journey: "j"}, &UpdateTouchpoint{}, &UpdateStage{}, &UpdateLane{},
		&Batch{Name: "b", Commands: []Command{&RenameProject{Name: "x"}, nil}},
	} {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("%T: panic %v", c, r)
				}
			}()
			if err := h.Do(c); err == nil {
				t.Fatalf("%T with nothing in it succeeded", c)
			}
		}()
		checkState(t, "refused empty command", p, before)
	}
}

func TestNewIDsMustBeUniqueAcrossKinds(t *testing.T) {
	p := smallProject()
	p.Images = []*Image{copyImage(testImages(t)[0], "img")}
	before := captureState(t, p)
	for _, c := range []Command{
		&AddStage{Journey: "j", Item: &Stage{ID: "a", Name: "persona's id"}},
		&AddLane{Journey: "j", Item: &Lane{ID: "t1", Name: "card's id", Kind: LaneCustom}},
		&AddTouchpoint{Journey: "j", Touchpoint: &Touchpoint{ID: "s1", StageID: "s1", LaneID: "l1", Title: "stage's id"}},
		&AddPersona{Persona: &Persona{ID: "img", Name: "image's id"}},
		&AddImage{Image: copyImage(p.Images[0], "j")},
		&AddPersona{Persona: &Persona{ID: "p", Name: "project's id"}},
		&AddPersona{Persona: &Persona{ID: "", Name: "no id"}},
		&AddStage{Journey: "j", Item: &Stage{ID: "", Name: "no id"}},
		&AddJourney{Journey: &Journey{ID: "l2", Title: "lane's id"}},
	} {
		err := c.Do(p)
		if err == nil {
			t.Fatalf("%s %+v succeeded", c.Label(), c)
		}
		checkState(t, "refused "+c.Label(), p, before)
	}
	err := (&AddStage{Journey: "j", Item: &Stage{ID: "a", Name: "x"}}).Do(p)
	if err == nil || !strings.Contains(err.Error(), `persona "Ann"`) {
		t.Fatalf("error %v does not say who has the id", err)
	}
}

// gridJourney gives journey j of p exactly stages × lanes cells.
func gridJourney(j *Journey, stages, lanes int) {
	j.Touchpoints = nil
	j.Stages, j.Lanes = nil, nil
	for i := range stages {
		j.Stages = append(j.Stages, &Stage{ID: ID(fmt.Sprint("gs", i)), Name: "S"})
	}
	for i := range lanes {
		j.Lanes = append(j.Lanes, &Lane{ID: ID(fmt.Sprint("gl", i)), Name: "L", Kind: LaneCustom})
	}
}

// A map at the cell limit takes no stage or lane more, and a journey over it
// is not added (a paste, a duplicate): the layout draws every cell.
func TestCommandsKeepCellsUnderTheLimit(t *testing.T) {
	p := smallProject()
	gridJourney(p.Journeys[0], 500, MaxCellsPerJourney/500)
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	before := captureState(t, p)
	for _, c := range []Command{
		&AddStage{Journey: "j", Item: &Stage{ID: "one-more", Name: "S"}, Index: -1},
		&AddLane{Journey: "j", Item: &Lane{ID: "one-more", Name: "L", Kind: LaneCustom}, Index: 0},
	} {
		err := c.Do(p)
		if err == nil || !strings.Contains(err.Error(), `journey "J" (id j) cannot have another`) ||
			!strings.Contains(err.Error(), "more than the 250,000 a map can draw") {
			t.Fatalf("%s: %v", c.Label(), err)
		}
		checkState(t, "refused "+c.Label(), p, before)
	}
	big := &Journey{ID: "big", Title: "Big"}
	gridJourney(big, 1000, 251)
	if err := (&AddJourney{Journey: big, Index: -1}).Do(p); err == nil || !strings.Contains(err.Error(), "stages and lanes: 1,000 stages × 251 lanes") {
		t.Fatalf("adding a journey over the limit: %v", err)
	}
	checkState(t, "refused Add journey", p, before)
	// A copy of a map at the limit is at the limit too.
	doUndo(t, p, &AddJourney{Journey: CopyJourney(p.Journeys[0]), Index: -1}, func() {})
	// Deleting a lane makes room again.
	doUndo(t, p, &Batch{Commands: []Command{&DeleteLane{ID: "gl0"},
		&AddStage{Journey: "j", Item: &Stage{ID: "room", Name: "S"}, Index: -1}}}, func() {})
}

// Commands refuse text that Validate would refuse, so that an edit never
// makes a file that does not open again.
func TestCommandsRefuseTextValidateRefuses(t *testing.T) {
	p := smallProject()
	tp := p.Journeys[0].Touchpoints[0]
	card := func(f func(c *Touchpoint)) *Touchpoint { c := tp.Clone(); f(c); return c }
	long := strings.Repeat("x", MaxNameBytes+1)
	for _, tc := range []struct {
		c    Command
		want string
	}{
		{&RenameProject{Name: "P\x00"}, "name: holds the control character U+0000"},
		{&RenameProject{Name: long}, "name: is 65,537 bytes"},
		{&AddPersona{Persona: &Persona{ID: "c", Name: "C", Quote: "\x1b"}, Index: -1}, "quote: holds the control character U+001B"},
		{&AddPersona{Persona: &Persona{ID: "c\n", Name: "C"}, Index: -1}, "id: holds a tab or line break"},
		{&UpdatePersona{After: Persona{ID: "a", Name: "Ann\xff"}}, "name: is not valid UTF-8"},
		{&UpdateJourney{ID: "j", Title: "J", Description: "\x07"}, "description: holds the control character U+0007"},
		{&UpdateJourney{ID: "j", Title: long}, "title: is 65,537 bytes"},
		{&AddStage{Journey: "j", Item: &Stage{ID: "s9", Name: "S\x00"}, Index: -1}, "name: holds the control character"},
		{&AddLane{Journey: "j", Item: &Lane{ID: "l9", Name: "L", Kind: "nope"}, Index: -1}, "kind: \"nope\" is not a lane kind"},
		{&AddLane{Journey: "j", Item: &Lane{ID: ID(strings.Repeat("i", MaxIDBytes+1)), Name: "L", Kind: LaneCustom}, Index: -1}, "id: is 257 bytes"},
		{&UpdateStage{After: &Stage{ID: "s1", Name: "S", Description: strings.Repeat("d", MaxTextBytes+1)}}, "description: is 4,194,305 bytes"},
		{&UpdateLane{After: &Lane{ID: "l1", Name: "L\u0085", Kind: LaneActions}}, "name: holds the control character U+0085"},
		{&UpdateTouchpoint{After: card(func(c *Touchpoint) { c.Title = "T\r\x00" })}, "title: holds the control character U+0000"},
		{&UpdateTouchpoint{After: card(func(c *Touchpoint) { c.Tags = []string{"a\x00"} })}, "tags: entry 1 holds the control character"},
		{&UpdateTouchpoint{After: card(func(c *Touchpoint) { c.Owner = long })}, "owner: is 65,537 bytes"},
		{&AddTouchpoint{Journey: "j", Touchpoint: &Touchpoint{ID: "t9", StageID: "s1", LaneID: "l1", Title: "T", Channel: "\x7f"}},
			"channel: holds the control character U+007F"},
	} {
		before := captureState(t, p)
		err := tc.c.Do(p)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Fatalf("%s: %v, want it to say %q", tc.c.Label(), err, tc.want)
		}
		checkState(t, "refused "+tc.c.Label(), p, before)
	}
	// Line breaks and tabs are text.
	doUndo(t, p, &UpdateTouchpoint{After: card(func(c *Touchpoint) { c.Title, c.Notes = "two\nlines", "a\tb\r\nc" })}, func() {})
}

// A journey's cards hold at most MaxScoresPerJourney scores (each a badge
// and a curve point): Validate refuses more, and so does every command that
// adds one; changing a score is always possible.
func TestScoresUnderTheLimit(t *testing.T) {
	const personas = 1000
	p := &Project{ID: "p", Name: "P", Scale: ScaleFive}
	j := &Journey{ID: "j", Title: "J", Stages: []*Stage{{ID: "s", Name: "S"}}, Lanes: []*Lane{{ID: "l", Name: "L", Kind: LaneActions}}}
	for i := range personas {
		p.Personas = append(p.Personas, &Persona{ID: ID(fmt.Sprint("p", i)), Name: "P"})
	}
	for c := range MaxScoresPerJourney / personas {
		tp := &Touchpoint{ID: ID(fmt.Sprint("t", c)), StageID: "s", LaneID: "l", Order: c, Title: "T", Emotions: make(map[ID]int, personas)}
		for _, x := range p.Personas {
			tp.Emotions[x.ID] = 3
		}
		j.Touchpoints = append(j.Touchpoints, tp)
	}
	j.Touchpoints = append(j.Touchpoints, &Touchpoint{ID: "free", StageID: "s", LaneID: "l", Order: len(j.Touchpoints), Title: "T"})
	p.Journeys = []*Journey{j}
	if err := p.Validate(); err != nil {
		t.Fatalf("at the limit: %v", err)
	}
	scored := j.Touchpoint("free").Clone()
	scored.Emotions = map[ID]int{"p0": 1}
	cards := len(j.Touchpoints)
	for _, c := range []Command{
		&SetEmotion{Touchpoint: "free", Persona: "p0", Score: 1},
		&UpdateTouchpoint{After: scored},
		&AddTouchpoint{Journey: "j", Touchpoint: &Touchpoint{ID: "new", StageID: "s", LaneID: "l", Title: "T", Emotions: map[ID]int{"p1": 2}}},
	} {
		err := c.Do(p)
		if err == nil || !strings.Contains(err.Error(), `journey "J" (id j): its cards hold 1,000,001 emotion scores, more than the 1,000,000 a map can draw`) {
			t.Fatalf("%s: %v", c.Label(), err)
		}
		if len(j.Touchpoints) != cards || len(j.Touchpoint("free").Emotions) != 0 {
			t.Fatalf("refused %s changed the journey", c.Label())
		}
	}
	if err := (&SetEmotion{Touchpoint: "t0", Persona: "p0", Score: 1}).Do(p); err != nil {
		t.Fatalf("changing a score at the limit: %v", err)
	}
	j.Touchpoint("free").Emotions = map[ID]int{"p0": 1}
	err := p.Validate()
	if err == nil || !strings.Contains(err.Error(), `journey "J" (id j): scores: its cards hold 1,000,001 emotion scores`) {
		t.Fatalf("Validate over the limit: %v", err)
	}
}
