package model

import (
	"fmt"
	"testing"
	"time"
)

func TestSuggestions(t *testing.T) {
	j := &Journey{ID: "j", Title: "Loans",
		Stages: []*Stage{{ID: "s1", Name: "Submitted"}, {ID: "s2", Name: "Approved"}},
		Lanes: []*Lane{{ID: "b", Name: "Behaviour", Kind: LaneBehaviour}, {ID: "h", Name: "Hidden actions", Kind: LaneActions, Hidden: true},
			{ID: "t", Name: "Thoughts", Kind: LaneThoughts}, {ID: "a", Name: "Actions", Kind: LaneActions}},
		Touchpoints: []*Touchpoint{{ID: "c1", StageID: "s1", LaneID: "a", Title: "A_SUBMITTED", Channel: "web"}},
	}
	first := time.Date(2011, 9, 30, 22, 38, 44, 0, time.UTC).UnixMilli()
	last := time.Date(2012, 3, 14, 15, 4, 0, 0, time.UTC).UnixMilli()
	j.Behaviour = &Behaviour{Mapping: Mapping{Time: TimeColumn{Zone: "Europe/Amsterdam"}},
		Sources: []SourceFingerprint{{Name: "bpic2012.csv.gz", FirstEvent: first, LastEvent: last}},
		Stages: []StageFigures{{Stage: "Submitted", StageID: "s1", TopEvents: []EventChannel{
			{"A_SUBMITTED", "web", 900}, {"A_SUBMITTED", NoValue, 120}, {"A_PARTLYSUBMITTED", "112", 1}}}}}
	got := Suggestions(j, "s1")
	// The first is already a card of the stage; "(none)" is no channel.
	if fmt.Sprint(got) != "[{s1 A_SUBMITTED  120} {s1 A_PARTLYSUBMITTED 112 1}]" {
		t.Errorf("suggestions %v", got)
	}
	if s := Suggestions(j, "s2"); s != nil {
		t.Errorf("a stage without figures: %v", s)
	}
	lane := SuggestionLane(j)
	if lane == nil || lane.ID != "a" {
		t.Fatalf("lane %v, want the visible actions lane", lane)
	}
	c := got[0].Card(j, lane.ID)
	if c.Title != "A_SUBMITTED" || c.Channel != "" || c.Order != 1 || c.Confidence != Validated || c.StageID != "s1" || c.LaneID != "a" ||
		c.Evidence != "120 persons, bpic2012.csv.gz, 1 Oct 2011 – 14 Mar 2012" {
		t.Errorf("card %+v", c)
	}
	if e := got[1].Card(j, "t").Evidence; e != "1 person, bpic2012.csv.gz, 1 Oct 2011 – 14 Mar 2012" {
		t.Errorf("evidence %q", e)
	}
	// Accepted, it is not offered again.
	p := &Project{ID: "p", Name: "P", Scale: ScaleFive, Journeys: []*Journey{j}}
	if err := (&AddTouchpoint{Journey: "j", Touchpoint: c}).Do(p); err != nil {
		t.Fatal(err)
	}
	if got := Suggestions(j, "s1"); fmt.Sprint(got) != "[{s1 A_PARTLYSUBMITTED 112 1}]" {
		t.Errorf("after accepting one: %v", got)
	}
	j.Lanes = j.Lanes[:3]
	if l := SuggestionLane(j); l == nil || l.ID != "t" {
		t.Errorf("without a visible actions lane: %v", l)
	}
	j.Lanes = j.Lanes[:2]
	if l := SuggestionLane(j); l != nil {
		t.Errorf("without a lane for cards: %v", l)
	}
}

func TestLabels(t *testing.T) {
	b := &Behaviour{Sources: []SourceFingerprint{{Name: "a.csv"}, {Name: "b.csv"}, {Name: "c.csv"}}}
	if b.SourceLabel() != "a.csv and 2 more files" || b.PeriodLabel() != "" {
		t.Errorf("%q %q", b.SourceLabel(), b.PeriodLabel())
	}
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", -1234567: "-1,234,567", 13087: "13,087"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q", n, got)
		}
	}
}
