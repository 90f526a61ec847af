package behaviour

import (
	"context"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"waymark/model"
)

// The real log lives beside the repository, not in it.
const bpiLog = "../../shared/data/events/bpic2012_events.csv.gz"

func bpiMapping(t *testing.T) model.Mapping {
	data, err := os.ReadFile("../assets/mappings/bpi2012.toml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := ParseMapping(data)
	if err != nil {
		t.Fatalf("the shipped mapping: %v", err)
	}
	return m
}

// The shipped mapping imports the BPI Challenge 2012 log, and the funnel
// is consistent: reach never rises, the conversions multiply to the
// end-to-end rate, and the drop-offs add up to those lost on the way.
func TestBPI2012(t *testing.T) {
	if _, err := os.Stat(bpiLog); err != nil {
		t.Skipf("the BPI 2012 log is not at %s", bpiLog)
	}
	m := bpiMapping(t)
	var stages []string
	for _, r := range m.Rules {
		stages = append(stages, r.Stage)
	}
	e := openEngine(t, Options{})
	b, rep := mustImport(t, e, []string{bpiLog}, m, stages)
	if b.Events != 262_200 || b.Persons != 13_087 || b.BadRows != 0 || b.Unattributable != 0 || len(rep.AddedStages) != 0 {
		t.Errorf("events %d persons %d bad %d unattributable %d added %v", b.Events, b.Persons, b.BadRows, b.Unattributable, rep.AddedStages)
	}
	if len(b.Stages) != 6 {
		t.Fatalf("%d stages", len(b.Stages))
	}
	first, last := b.Stages[0], b.Stages[len(b.Stages)-1]
	product, drops := 1.0, int64(0)
	for i, s := range b.Stages {
		if i > 0 && s.Reached > b.Stages[i-1].Reached {
			t.Errorf("reach rises from %s (%d) to %s (%d)", b.Stages[i-1].Stage, b.Stages[i-1].Reached, s.Stage, s.Reached)
		}
		product *= s.ConversionFromPrevious
		drops += s.DropOff
	}
	if endToEnd := float64(last.Reached) / float64(first.Reached); math.Abs(product-endToEnd) > 1e-12 || math.Abs(last.ConversionFromFirst-endToEnd) > 1e-12 {
		t.Errorf("conversions multiply to %g, end to end is %g (%g)", product, endToEnd, last.ConversionFromFirst)
	}
	if drops != first.Reached-last.Reached {
		t.Errorf("drop-offs add up to %d, not %d", drops, first.Reached-last.Reached)
	}
	if first.Reached != 13_087 {
		t.Errorf("%d applications submitted, want all 13,087", first.Reached)
	}
	t.Log(describeBehaviour(b))
}

// describeBehaviour is the figures as a table, for the README.
func describeBehaviour(b *model.Behaviour) string {
	var s strings.Builder
	fmt.Fprintf(&s, "%d events, %d persons, %d unmapped events, %d bad rows\n", b.Events, b.Persons, b.Unmapped, b.BadRows)
	fmt.Fprintf(&s, "| stage | reached | from previous | from first | drop-off | median time | p90 time | top entry channels |\n")
	fmt.Fprintf(&s, "|---|---:|---:|---:|---:|---:|---:|---|\n")
	for _, x := range b.Stages {
		var entry []string
		for _, c := range x.EntryChannels {
			entry = append(entry, fmt.Sprintf("%s %d", c.Name, c.Count))
		}
		fmt.Fprintf(&s, "| %s | %d | %.1f%% | %.1f%% | %d (%.1f%%) | %s | %s | %s |\n", x.Stage, x.Reached, 100*x.ConversionFromPrevious,
			100*x.ConversionFromFirst, x.DropOff, 100*x.DropOffRate, duration(x.MedianSeconds, x.Timed), duration(x.P90Seconds, x.Timed), strings.Join(entry, ", "))
	}
	fmt.Fprintf(&s, "top paths:\n")
	for _, p := range b.TopStagePaths {
		fmt.Fprintf(&s, "  %6d  %s\n", p.Count, p.Name)
	}
	fmt.Fprintf(&s, "unmapped events:")
	for _, u := range b.UnmappedEvents {
		fmt.Fprintf(&s, " %s %d;", u.Name, u.Count)
	}
	return s.String()
}

func duration(seconds float64, n int64) string {
	switch {
	case n == 0:
		return "–"
	case seconds >= 86400:
		return fmt.Sprintf("%.1f d", seconds/86400)
	case seconds >= 3600:
		return fmt.Sprintf("%.1f h", seconds/3600)
	case seconds >= 60:
		return fmt.Sprintf("%.1f min", seconds/60)
	}
	return fmt.Sprintf("%.1f s", seconds)
}

func TestInspectBPI2012(t *testing.T) {
	if _, err := os.Stat(bpiLog); err != nil {
		t.Skipf("the BPI 2012 log is not at %s", bpiLog)
	}
	e := openEngine(t, Options{})
	in, err := e.Inspect(context.Background(), []string{bpiLog})
	if err != nil {
		t.Fatal(err)
	}
	m := in.Mapping
	if m.Time.Column != "timestamp" || m.Event != "event" || fmt.Sprint(m.Identifiers) != "[case_id]" || in.Rows != inspectRows {
		t.Errorf("guessed %+v from %d rows", m, in.Rows)
	}
	t.Log("\n" + in.StarterMapping())
}
