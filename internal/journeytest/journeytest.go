// Package journeytest helps tests of the command line and the app: it finds
// the sample's objects by name (their IDs are fresh on every NewProject)
// and makes one scripted set of edits whose comparison both word.
package journeytest

import (
	"strings"
	"testing"

	"waymark/model"
)

// CardNamed is the first card titled title.
func CardNamed(t testing.TB, p *model.Project, title string) *model.Touchpoint {
	t.Helper()
	for _, j := range p.Journeys {
		for _, tp := range j.Touchpoints {
			if tp.Title == title {
				return tp
			}
		}
	}
	t.Fatalf("no card %q", title)
	return nil
}

// StageNamed is j's stage named name.
func StageNamed(t testing.TB, j *model.Journey, name string) *model.Stage {
	t.Helper()
	for _, s := range j.Stages {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no stage %q", name)
	return nil
}

// LaneNamed is j's lane named name.
func LaneNamed(t testing.TB, j *model.Journey, name string) *model.Lane {
	t.Helper()
	for _, l := range j.Lanes {
		if l.Name == name {
			return l
		}
	}
	t.Fatalf("no lane %q", name)
	return nil
}

// PersonaNamed is p's persona named name.
func PersonaNamed(t testing.TB, p *model.Project, name string) *model.Persona {
	t.Helper()
	for _, x := range p.Personas {
		if x.Name == name {
			return x
		}
	}
	t.Fatalf("no persona %q", name)
	return nil
}

// EditSample makes, through commands, the edits that the diff tests expect
// on the sample: a persona deleted, a card renamed and moved, a note
// edited, a stage added and one renamed.
func EditSample(t testing.TB, h *model.History) {
	t.Helper()
	p := h.Project()
	j := p.Journeys[0]
	// First, so that the cards copied below no longer hold his scores.
	if err := h.Do(&model.DeletePersona{ID: PersonaNamed(t, p, "Graham Fletcher").ID}); err != nil {
		t.Fatal(err)
	}
	start := CardNamed(t, p, "Starts the application").Clone()
	start.Title = "Starts the application online"
	salary := CardNamed(t, p, "Switches salary and direct debits").Clone()
	salary.Notes = strings.Replace(salary.Notes, "seven working days", "five working days", 1)
	talk := *StageNamed(t, p.Journeys[1], "Talk to us")
	talk.Name = "Call us"
	for _, c := range []model.Command{
		&model.UpdateTouchpoint{After: start},
		&model.MoveTouchpoints{IDs: []model.ID{start.ID}, Stage: StageNamed(t, j, "Verify identity").ID,
			Lane: LaneNamed(t, j, "Customer actions").ID, Index: 0},
		&model.UpdateTouchpoint{After: salary},
		&model.AddStage{Journey: j.ID, Item: &model.Stage{ID: model.NewID(), Name: "Come back"}, Index: -1},
		&model.UpdateStage{After: &talk},
	} {
		if err := h.Do(c); err != nil {
			t.Fatalf("%s: %v", c.Label(), err)
		}
	}
}
