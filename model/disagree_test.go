package model

import (
	"strings"
	"testing"
)

// disagreeJourney is a journey of seven stages with figures whose
// conversions from the previous stage are given (the first stage's is 1),
// one actions lane and one emotions lane, drawn for personas a and b.
func disagreeJourney(conv ...float64) (*Project, *Journey) {
	p := &Project{ID: "p", Name: "P", Scale: ScaleBipolar2,
		Personas: []*Persona{{ID: "a", Name: "Ann"}, {ID: "b", Name: "Bob"}, {ID: "c", Name: "Cy"}}}
	j := &Journey{ID: "j", Title: "J", PersonaIDs: []ID{"a", "b"},
		Lanes: []*Lane{{ID: "act", Name: "Actions", Kind: LaneActions}, {ID: "hid", Name: "Hidden", Kind: LaneThoughts, Hidden: true}}}
	b := &Behaviour{Mapping: DefaultMapping(), Persons: 1000}
	reach := int64(1000)
	for i, c := range conv {
		id := ID("s" + string(rune('1'+i)))
		j.Stages = append(j.Stages, &Stage{ID: id, Name: string(id)})
		if i > 0 {
			reach = int64(float64(reach) * c)
		}
		b.Stages = append(b.Stages, StageFigures{Stage: string(id), StageID: id, Reached: reach, ConversionFromPrevious: c})
	}
	j.Behaviour = b
	p.Journeys = []*Journey{j}
	return p, j
}

// score puts a card scored by the given persona in a stage.
func score(j *Journey, stage ID, lane ID, scores map[ID]int) {
	j.Touchpoints = append(j.Touchpoints, &Touchpoint{ID: NewID(), StageID: stage, LaneID: lane,
		Order: len(j.Cell(stage, lane)), Title: "card", Emotions: scores})
}

func TestDisagreements(t *testing.T) {
	// Stages 2..7 convert 0.9, 0.4, 0.8, 0.5, 0.95, 0.7: the worst third
	// is s3 (0.4) and s5 (0.5), the best third s7 (0.95) and s2 (0.9).
	p, j := disagreeJourney(1, 0.9, 0.4, 0.8, 0.5, 0.95, 0.7)
	score(j, "s1", "act", map[ID]int{"a": 2})           // the first stage is never judged
	score(j, "s3", "act", map[ID]int{"a": 1, "b": -1})  // mean 0: neutral, worst third: disagrees
	score(j, "s5", "act", map[ID]int{"a": -2})          // negative and worst: agrees
	score(j, "s2", "act", map[ID]int{"a": -1, "b": -1}) // negative, best third: disagrees
	score(j, "s7", "act", map[ID]int{"a": 2})           // positive and best: agrees
	score(j, "s4", "act", map[ID]int{"a": -2})          // middle third: never
	score(j, "s6", "hid", map[ID]int{"a": -2})          // a hidden lane's score does not count…
	score(j, "s6", "act", map[ID]int{"c": -2})          // …nor a persona the journey is not drawn for
	got := Disagreements(p, j)
	if len(got) != 2 {
		t.Fatalf("disagreements %+v, want s2 and s3", got)
	}
	if got[0].StageID != "s2" || got[0].Reason != "Rated negative, but 90% convert: among the best third" {
		t.Errorf("first %+v", got[0])
	}
	if got[1].StageID != "s3" || got[1].Reason != "Rated neutral or better, but 40% convert: among the worst third" {
		t.Errorf("second %+v", got[1])
	}
	for _, d := range got {
		if strings.Contains(d.Reason, "\n") {
			t.Errorf("reason %q is more than one line", d.Reason)
		}
	}

	// Without scores on a stage, no marker, whatever its conversion.
	p, j = disagreeJourney(1, 0.9, 0.4, 0.8, 0.5, 0.95, 0.7)
	if got := Disagreements(p, j); got != nil {
		t.Errorf("no scores at all: %+v", got)
	}
	score(j, "s6", "hid", map[ID]int{"a": -2})
	if got := Disagreements(p, j); got != nil {
		t.Errorf("a score in a hidden lane only: %+v", got)
	}

	// Fewer than three judged stages: no thirds. No figures: nothing.
	p, j = disagreeJourney(1, 0.2, 0.9)
	score(j, "s2", "act", map[ID]int{"a": 2})
	if got := Disagreements(p, j); got != nil {
		t.Errorf("two judged stages: %+v", got)
	}
	j.Behaviour = nil
	if got := Disagreements(p, j); got != nil {
		t.Errorf("no figures: %+v", got)
	}

	// All stages convert alike: none is worse than the others.
	p, j = disagreeJourney(1, 0.5, 0.5, 0.5)
	score(j, "s2", "act", map[ID]int{"a": 2})
	score(j, "s3", "act", map[ID]int{"a": -2})
	if got := Disagreements(p, j); got != nil {
		t.Errorf("equal conversions: %+v", got)
	}
}

// On a 1..5 scale neutral is 3: a mean of 3 is "neutral or better".
func TestDisagreementsScaleNeutral(t *testing.T) {
	p, j := disagreeJourney(1, 0.9, 0.3, 0.6)
	p.Scale = ScaleFive
	score(j, "s3", "act", map[ID]int{"a": 3})
	score(j, "s2", "act", map[ID]int{"a": 2, "b": 3})
	got := Disagreements(p, j)
	if len(got) != 2 || got[0].StageID != "s2" || got[1].StageID != "s3" {
		t.Fatalf("disagreements %+v, want s2 (2.5: negative, best) and s3 (3: neutral, worst)", got)
	}
	if m := StageMeans(p, j)["s2"]; m.Scores != 2 || m.Mean != 2.5 {
		t.Errorf("s2 mean %+v", m)
	}
}
