package model

import (
	"fmt"
	"slices"
)

// ---- behaviour figures ----

// ReplaceBehaviour applies the figures of a new import of an event log to a
// journey, as one undo step: the stages its rules name that the journey
// lacks are appended (NewStages, at the end, in order), the journey's
// current figures become its previous ones, and Behaviour becomes current.
// The figures' StageIDs may name the new stages. A journey with no lane of
// kind LaneBehaviour (hidden or not) also gets one, at the top, in the same
// step, so that the figures show. Undo restores the journey exactly.
type ReplaceBehaviour struct {
	Journey   ID
	Behaviour *Behaviour
	NewStages []*Stage
	// Lane is the behaviour lane Do inserts when the journey has none; nil:
	// Do makes one named "Behaviour" with a fresh ID, and keeps it for a redo.
	Lane *Lane

	before [2]*Behaviour // current and previous, as Do found them
	stages int           // how many stages the journey had before Do
	added  *Lane         // the lane Do inserted, nil when there was one
}

// Label implements Command.
func (c *ReplaceBehaviour) Label() string { return "Import behaviour data" }

// Do implements Command.
func (c *ReplaceBehaviour) Do(p *Project) error {
	j := p.Journey(c.Journey)
	if j == nil {
		return notFound("journey", c.Journey)
	}
	if c.Behaviour == nil {
		return errNil("behaviour")
	}
	jref := describe("journey", j.Title, j.ID)
	if err := c.Behaviour.Check(); err != nil {
		return fmt.Errorf("%s: %v", jref, err)
	}
	if _, err := MarshalBehaviour(c.Behaviour); err != nil {
		return fmt.Errorf("%s: %v", jref, err)
	}
	stages := make(map[ID]int32, len(j.Stages)+len(c.NewStages))
	for i, s := range j.Stages {
		stages[s.ID] = int32(i)
	}
	for i, s := range c.NewStages {
		if s == nil {
			return errNil("stage")
		}
		if err := checkNewID(p, "stage", s.ID); err != nil {
			return err
		}
		if _, dup := stages[s.ID]; dup {
			return fmt.Errorf("stage %s is given twice", idText(s.ID))
		}
		if err := checkFields(func(v *validator) { v.required(ref("stage", s.Name, s.ID), "name", s.Name); s.check(v) }); err != nil {
			return err
		}
		stages[s.ID] = int32(len(j.Stages) + i)
	}
	if len(c.NewStages) > 0 {
		if prob := CellsProblem(len(j.Stages)+len(c.NewStages), len(j.Lanes)); prob != "" {
			return fmt.Errorf("%s cannot have %d more stages: %s", jref, len(c.NewStages), prob)
		}
		if err := checkRoom(p, Counts{Stages: int64(len(c.NewStages))}); err != nil {
			return err
		}
	}
	if id := strayStage(c.Behaviour, stages); id != "" {
		return fmt.Errorf("%s: the behaviour figures refer to stage %s, which is not in the journey", jref, idText(id))
	}
	var lane *Lane
	if !slices.ContainsFunc(j.Lanes, func(l *Lane) bool { return l.Kind == LaneBehaviour }) {
		if c.Lane == nil {
			c.Lane = &Lane{ID: NewID(), Name: LaneBehaviour.Label(), Kind: LaneBehaviour}
		}
		lane = c.Lane
		if lane.Kind != LaneBehaviour {
			return fmt.Errorf("%s is a lane of kind %q, not a behaviour lane", describe("lane", lane.Name, lane.ID), lane.Kind)
		}
		if err := checkNewID(p, "lane", lane.ID); err != nil {
			return err
		}
		if err := checkFields(lane.check); err != nil {
			return err
		}
		if prob := CellsProblem(len(j.Stages)+len(c.NewStages), len(j.Lanes)+1); prob != "" {
			return fmt.Errorf("%s cannot have a behaviour lane: %s", jref, prob)
		}
		if err := checkRoom(p, Counts{Stages: int64(len(c.NewStages)), Lanes: 1}); err != nil {
			return err
		}
	}
	c.before = [2]*Behaviour{j.Behaviour, j.PreviousBehaviour}
	c.stages = len(j.Stages)
	j.Stages = append(j.Stages, c.NewStages...)
	j.PreviousBehaviour, j.Behaviour = j.Behaviour, c.Behaviour
	c.added = lane
	if lane != nil {
		j.Lanes = slices.Insert(j.Lanes, 0, lane)
	}
	return nil
}

// Undo implements Command.
func (c *ReplaceBehaviour) Undo(p *Project) {
	j := p.Journey(c.Journey)
	if j == nil {
		return
	}
	j.Stages = slices.DeleteFunc(j.Stages, func(s *Stage) bool {
		return slices.ContainsFunc(c.NewStages, func(n *Stage) bool { return n.ID == s.ID })
	})
	j.Behaviour, j.PreviousBehaviour = c.before[0], c.before[1]
	if c.added != nil {
		j.Lanes = slices.DeleteFunc(j.Lanes, func(l *Lane) bool { return l.ID == c.added.ID })
	}
}

// Changes implements Command. The journey is named so that its figures are
// written; the new stages and the behaviour lane so that they are.
func (c *ReplaceBehaviour) Changes() Changes {
	ch := Changes{Journeys: []ID{c.Journey}}
	for _, s := range c.NewStages {
		ch.Stages = append(ch.Stages, s.ID)
	}
	if c.added != nil {
		ch.Lanes = []ID{c.added.ID}
	}
	return ch
}

// stageLists are the lists of stage figures b holds: the whole journey's
// and each segment's.
func (b *Behaviour) stageLists() [][]StageFigures {
	lists := make([][]StageFigures, 0, 1+len(b.Segments))
	lists = append(lists, b.Stages)
	for _, s := range b.Segments {
		lists = append(lists, s.Stages)
	}
	return lists
}

// withStageIDs returns b with each set StageID of its figures replaced by
// to(StageID): b itself when nothing changes, else a copy sharing all but
// the changed lists, since figures are never changed in place. nil stays
// nil.
func (b *Behaviour) withStageIDs(to func(ID) ID) *Behaviour {
	if b == nil {
		return nil
	}
	remap := func(list []StageFigures) ([]StageFigures, bool) {
		var out []StageFigures
		for i, s := range list {
			if s.StageID == "" {
				continue
			}
			if id := to(s.StageID); id != s.StageID {
				if out == nil {
					out = slices.Clone(list)
				}
				out[i].StageID = id
			}
		}
		if out == nil {
			return list, false
		}
		return out, true
	}
	c := *b
	changed, segments := false, false
	if list, ok := remap(b.Stages); ok {
		c.Stages, changed = list, true
	}
	for i, seg := range b.Segments {
		if list, ok := remap(seg.Stages); ok {
			if !segments {
				c.Segments, segments = slices.Clone(b.Segments), true
			}
			c.Segments[i].Stages, changed = list, true
		}
	}
	if !changed {
		return b
	}
	return &c
}

// checkHoldsCards refuses to put cards in a lane that shows figures.
func checkHoldsCards(l *Lane) error {
	if l.Kind.HoldsCards() {
		return nil
	}
	return fmt.Errorf("%s shows behaviour figures, not cards: put the cards in another lane", describe("lane", l.Name, l.ID))
}
