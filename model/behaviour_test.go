package model

import (
	"math"
	"strings"
	"testing"
)

func sampleBehaviour() *Behaviour {
	st := StageFigures{Stage: "Submitted", Reached: 10, ConversionFromPrevious: 1, ConversionFromFirst: 1,
		Channels: []ChannelShare{{Channel: "web", Events: 3, Share: 1}}, EntryChannels: []NameCount{{Name: "web", Count: 10}}}
	return &Behaviour{
		Mapping: DefaultMapping(),
		Sources: []SourceFingerprint{{Name: "log.csv", Size: 10, Rows: 3, SHA256: strings.Repeat("ab", 32)}},
		Persons: 10, Events: 3, Stages: []StageFigures{st},
		Segments: []SegmentValue{{Value: "NL", Persons: 10, Stages: []StageFigures{st}}},
	}
}

// Check accepts sound figures and names the object and field of each
// kind of bad value a hostile file could hold.
func TestBehaviourCheck(t *testing.T) {
	if err := sampleBehaviour().Check(); err != nil {
		t.Fatalf("sound figures refused: %v", err)
	}
	cases := []struct {
		name  string
		spoil func(b *Behaviour)
		want  string
	}{
		{"negative persons", func(b *Behaviour) { b.Persons = -1 }, "persons is -1"},
		{"NaN conversion", func(b *Behaviour) { b.Stages[0].ConversionFromPrevious = math.NaN() }, `stage 1 "Submitted": conversion from previous is NaN`},
		{"share over 1", func(b *Behaviour) { b.Stages[0].DropOffRate = 1.5 }, "drop-off rate is 1.5"},
		{"negative reach", func(b *Behaviour) { b.Segments[0].Stages[0].Reached = -2 }, `segment "NL" stage 1 "Submitted": reached is -2`},
		{"infinite median", func(b *Behaviour) { b.Stages[0].MedianSeconds = math.Inf(1) }, "median time is +Inf"},
		{"long name", func(b *Behaviour) { b.Stages[0].Stage = strings.Repeat("x", MaxNameBytes+1) }, "name is 65537 bytes"},
		{"bad channel share", func(b *Behaviour) { b.Stages[0].Channels[0].Share = -0.1 }, `channel "web"'s share is -0.1`},
		{"bad digest", func(b *Behaviour) { b.Sources[0].SHA256 = "xyz" }, `source 1 "log.csv": SHA-256 is 3 characters`},
		{"bad mode", func(b *Behaviour) { b.Mapping.Metrics.Mode = "cohort" }, `mode "cohort" is not funnel or presence`},
		{"bad rule", func(b *Behaviour) { b.Mapping.Rules = []StageRule{{Stage: "A", Match: "fuzzy"}} }, `rule 1: match "fuzzy"`},
		{"bad limit", func(b *Behaviour) { b.Mapping.Metrics.BadRowLimit = math.NaN() }, "bad-row limit is NaN"},
		{"negative link count", func(b *Behaviour) { b.Stitching.SharedRefusedLinks = []int64{-3} }, "link count is -3"},
		{"invalid UTF-8", func(b *Behaviour) { b.UnmappedEvents = []NameCount{{Name: "\xff"}} }, "unmapped events is not valid UTF-8"},
	}
	for _, c := range cases {
		b := sampleBehaviour()
		c.spoil(b)
		err := b.Check()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want a message containing %q", c.name, err, c.want)
		}
	}
}

func TestMappingWithDefaults(t *testing.T) {
	m := Mapping{Rules: []StageRule{{Stage: "A", Pattern: "a"}}}.WithDefaults()
	if m.Time.Unit != TimeISO || m.Stitching.MaxLinks != 50 || m.Metrics.Mode != ModeFunnel ||
		m.Metrics.FoldBelow != 5 || m.Metrics.BadRowLimit != 0.05 || m.Rules[0].Match != MatchExact ||
		len(m.Stitching.Placeholders) != len(DefaultPlaceholders()) {
		t.Errorf("defaults not filled in: %+v", m)
	}
}
