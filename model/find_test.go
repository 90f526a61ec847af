package model

import (
	"fmt"
	"slices"
	"testing"
)

func findJourney() *Journey {
	j := &Journey{ID: "j",
		Stages: []*Stage{{ID: "s1", Name: "Aware"}, {ID: "s2", Name: "Buy"}},
		Lanes:  []*Lane{{ID: "lb", Name: "Behaviour", Kind: LaneBehaviour}, {ID: "l1", Name: "Actions", Kind: LaneActions}, {ID: "l2", Name: "Thoughts", Kind: LaneThoughts}},
	}
	add := func(id ID, stage, lane ID, order int, t Touchpoint) {
		t.ID, t.StageID, t.LaneID, t.Order = id, stage, lane, order
		j.Touchpoints = append(j.Touchpoints, &t)
	}
	// Added out of reading order on purpose.
	add("c4", "s2", "l2", 0, Touchpoint{Title: "Pays at the café"})
	add("c1", "s1", "l1", 0, Touchpoint{Title: "Sees an ad", Owner: "Zoë Müller"})
	add("c3", "s2", "l1", 0, Touchpoint{Title: "Compares", Notes: "CAFÉ prices", Tags: []string{"price"}})
	add("c2", "s1", "l1", 1, Touchpoint{Title: "Reads reviews", Channel: "Web", Evidence: "Interviews, März"})
	add("c5", "s1", "l2", 0, Touchpoint{Title: "Wonders", Tags: []string{"Évaluation"}})
	return j
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{"Zoë Müller": "zoe muller", "CAFÉ": "cafe", "cafe\u0301": "cafe", "Plain": "plain", "Ångström": "angstrom"} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFinderMatchesEveryFieldIgnoringCaseAndAccents(t *testing.T) {
	f := NewFinder(findJourney())
	if f.Len() != 5 {
		t.Fatalf("finder searches %d cards, want 5", f.Len())
	}
	for q, want := range map[string][]ID{
		"muller":      {"c1"},                         // owner
		"CAFE":        {"c3", "c4"},                   // notes, title; reading order
		"reviews":     {"c2"},                         // title
		"web":         {"c2"},                         // channel
		"marz":        {"c2"},                         // evidence
		"evaluation":  {"c5"},                         // tag
		"PRICE":       {"c3"},                         // notes and tag
		"  ":          nil,                            // no word
		"cafe prices": {"c3"},                         // every word
		"zzz":         nil,                            // nothing
		"s":           {"c1", "c2", "c5", "c3", "c4"}, // reading order: stage, lane, order
	} {
		if got := f.Match(q); !slices.Equal(got, want) {
			t.Errorf("Match(%q) = %v, want %v", q, got, want)
		}
	}
	if NewFinder(nil).Match("x") != nil {
		t.Fatal("a finder of no journey matched")
	}
}

func TestFinderAfterRefoldsOnlyChangedCards(t *testing.T) {
	j := findJourney()
	f := NewFinder(j)
	j.Touchpoint("c1").Owner = "Ana Ångström"
	j.Touchpoints = append(j.Touchpoints, &Touchpoint{ID: "c6", StageID: "s2", LaneID: "l2", Order: 1, Title: "Café again"})
	g := NewFinderAfter(j, f)
	if got := g.Match("angstrom"); !slices.Equal(got, []ID{"c1"}) {
		t.Fatalf("edited owner: %v", got)
	}
	if got := g.Match("muller"); got != nil {
		t.Fatalf("old owner still found: %v", got)
	}
	if got := g.Match("cafe"); !slices.Equal(got, []ID{"c3", "c4", "c6"}) {
		t.Fatalf("added card: %v", got)
	}
	if got := f.Match("muller"); !slices.Equal(got, []ID{"c1"}) {
		t.Fatalf("the earlier finder changed: %v", got)
	}
}

func BenchmarkFinderMatch2000(b *testing.B) {
	j := &Journey{ID: "j"}
	for s := range 20 {
		j.Stages = append(j.Stages, &Stage{ID: ID(fmt.Sprint("s", s))})
	}
	for l := range 10 {
		j.Lanes = append(j.Lanes, &Lane{ID: ID(fmt.Sprint("l", l)), Kind: LaneActions})
	}
	for i := range 2000 {
		j.Touchpoints = append(j.Touchpoints, &Touchpoint{ID: ID(fmt.Sprint("t", i)), StageID: ID(fmt.Sprint("s", i%20)), LaneID: ID(fmt.Sprint("l", i/20%10)), Order: i / 200,
			Title: fmt.Sprintf("Touchpoint number %d", i), Notes: "Some longer notes about what the customer does and feels at this point, with an Éclair", Owner: "Zoë Müller", Tags: []string{"tag", "another"}})
	}
	f := NewFinder(j)
	b.ResetTimer()
	for b.Loop() {
		f.Match("éclair numb")
	}
}
