package model

import (
	"strconv"
	"strings"
	"time"
)

// Suggestion is a card an import's figures propose for a stage: one of
// its most frequent (event, channel) pairs (StageFigures.TopEvents).
type Suggestion struct {
	Stage          ID
	Event, Channel string // Channel "" when the log had none
	Persons        int64
}

// Suggestions are the (event, channel) pairs of a stage's figures that no
// card of the stage has yet (the same title and channel): a suggestion
// accepted is not offered again.
func Suggestions(j *Journey, stage ID) []Suggestion {
	if j == nil || j.Behaviour == nil {
		return nil
	}
	var out []Suggestion
	for _, s := range j.Behaviour.Stages {
		if s.StageID != stage {
			continue
		}
		for _, e := range s.TopEvents {
			ch := e.Channel
			if ch == NoValue {
				ch = ""
			}
			taken := false
			for _, t := range j.Touchpoints {
				if t.StageID == stage && t.Title == e.Event && t.Channel == ch {
					taken = true
					break
				}
			}
			if !taken {
				out = append(out, Suggestion{Stage: stage, Event: e.Event, Channel: ch, Persons: e.Persons})
			}
		}
	}
	return out
}

// SuggestionLane is the lane a suggested card goes into: the first
// visible actions lane, else the first visible lane that holds cards; nil
// when there is none.
func SuggestionLane(j *Journey) *Lane {
	var first *Lane
	for _, l := range j.Lanes {
		if l.Hidden || !l.Kind.HoldsCards() {
			continue
		}
		if l.Kind == LaneActions {
			return l
		}
		if first == nil {
			first = l
		}
	}
	return first
}

// Card is the card of s in lane, at the end of its cell: the event name as
// its title, its channel, and as evidence how many persons had it, from
// which log and when; validated, since it was measured.
func (s Suggestion) Card(j *Journey, lane ID) *Touchpoint {
	order := 0
	for _, t := range j.Touchpoints {
		if t.StageID == s.Stage && t.LaneID == lane {
			order++
		}
	}
	persons := Thousands(s.Persons) + " persons"
	if s.Persons == 1 {
		persons = "1 person"
	}
	evidence := []string{persons}
	if j.Behaviour != nil {
		if src := j.Behaviour.SourceLabel(); src != "" {
			evidence = append(evidence, src)
		}
		if p := j.Behaviour.PeriodLabel(); p != "" {
			evidence = append(evidence, p)
		}
	}
	return &Touchpoint{ID: NewID(), StageID: s.Stage, LaneID: lane, Order: order, Title: s.Event, Channel: s.Channel,
		Evidence: strings.Join(evidence, ", "), Confidence: Validated}
}

// SourceLabel names the logs of an import: "log.csv", "a.csv, b.csv", or
// "a.csv and 11 more files".
func (b *Behaviour) SourceLabel() string {
	switch n := len(b.Sources); {
	case n == 1:
		return b.Sources[0].Name
	case n == 2:
		return b.Sources[0].Name + ", " + b.Sources[1].Name
	case n > 2:
		return b.Sources[0].Name + " and " + strconv.Itoa(n-1) + " more files"
	}
	return ""
}

// PeriodLabel is the days of an import's first and last events, "30 Sep
// 2011 – 14 Mar 2012", in the mapping's time zone when it names one, else
// in UTC: the figures keep instants, not the offsets the log wrote. It is
// "" when no event had a time.
func (b *Behaviour) PeriodLabel() string {
	var first, last int64
	for _, s := range b.Sources {
		if s.FirstEvent != 0 && (first == 0 || s.FirstEvent < first) {
			first = s.FirstEvent
		}
		last = max(last, s.LastEvent)
	}
	if first == 0 || last == 0 {
		return ""
	}
	loc := time.UTC
	if z := b.Mapping.Time.Zone; z != "" {
		if l, err := time.LoadLocation(z); err == nil {
			loc = l
		}
	}
	day := func(ms int64) string { return time.UnixMilli(ms).In(loc).Format("2 Jan 2006") }
	if a, z := day(first), day(last); a != z {
		return a + " – " + z
	}
	return day(first)
}

// Thousands writes n with comma thousands separators: 13,087.
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		return "-" + s
	}
	return s
}
