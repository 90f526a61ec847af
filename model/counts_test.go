package model

import (
	"strings"
	"testing"
)

// What a project may hold is one set of numbers: Validate refuses more, and
// the commands that add stop at it, naming what is full, so that an edit can
// always be saved.
func TestCountsCapAProject(t *testing.T) {
	p := largeCast() // 10,000 personas: the most there may be
	if err := p.Validate(); err != nil {
		t.Fatalf("a project at the limit: %v", err)
	}
	h := NewHistory(p, nil)
	err := h.Do(&AddPersona{Persona: &Persona{ID: NewID(), Name: "One too many"}, Index: 0})
	if err == nil || err.Error() != "the project would hold 10,001 personas, more than the 10,000 Waymark allows" {
		t.Fatalf("adding a persona over the limit: %v", err)
	}
	if len(p.Personas) != MaxPersonas {
		t.Fatalf("%d personas after a refused add", len(p.Personas))
	}
	p.Personas = append(p.Personas, &Persona{ID: NewID(), Name: "Smuggled in"})
	if err := p.Validate(); err == nil || !strings.HasPrefix(err.Error(), "the project holds 10,001 personas, more than the 10,000 Waymark allows") {
		t.Fatalf("Validate of 10,001 personas: %v", err)
	}

	q := &Project{ID: NewID(), Name: "Stages", Scale: ScaleBipolar2}
	for range 10 {
		j := &Journey{ID: NewID(), Title: "J"}
		for range MaxStages / 10 {
			j.Stages = append(j.Stages, &Stage{ID: NewID(), Name: "S"})
		}
		q.Journeys = append(q.Journeys, j)
	}
	if err := q.Validate(); err != nil {
		t.Fatalf("100,000 stages over ten journeys: %v", err)
	}
	hq := NewHistory(q, nil)
	err = hq.Do(&AddStage{Journey: q.Journeys[3].ID, Item: &Stage{ID: NewID(), Name: "More"}, Index: 0})
	if err == nil || !strings.Contains(err.Error(), "100,001 stages, more than the 100,000 Waymark allows") {
		t.Fatalf("adding a stage over the limit: %v", err)
	}
	j := CopyJourney(q.Journeys[0])
	j.Stages = j.Stages[:1]
	if err := hq.Do(&AddJourney{Journey: j}); err == nil || !strings.Contains(err.Error(), "100,001 stages") {
		t.Fatalf("pasting a journey over the stage limit: %v", err)
	}
}
