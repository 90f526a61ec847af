package behaviour

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

func TestPreview(t *testing.T) {
	e := openEngine(t, Options{})
	p, err := e.Preview(context.Background(), []string{writeLog(t, "log.csv", metricLog)}, 3)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(p.Columns, p.Rows); got != "[user event time channel country] [[p1 a 2024-03-30T10:00:00Z web NL] "+
		"[p1 b 2024-03-30T10:05:00Z email NL] [p1 c 2024-03-30T10:20:00Z web NL]]" {
		t.Errorf("preview %s", got)
	}
}

// The stage counts of rules being edited: on the first rows, then on the
// whole log; no identifier is needed yet.
func TestCountStages(t *testing.T) {
	e := openEngine(t, Options{})
	log := writeLog(t, "log.csv", metricLog+"p9,,2024-03-30T10:00:00Z,web,\n")
	m := metricMapping()
	m.Identifiers = nil
	m.Rules = stageRules("A", "a", "B", "b")
	ctx := context.Background()
	sample, err := e.CountStages(ctx, []string{log}, m, []string{"A"}, 3)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(sample.Rows, sample.Complete, sample.BadRows, sample.Stages, sample.Added, sample.Unmapped, sample.UnmappedEvents); got != "3 false 0 [{A 1} {B 1}] [B] 1 [{c 1}]" {
		t.Errorf("sample: %s", got)
	}
	all, err := e.CountStages(ctx, []string{log}, m, []string{"A"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(all.Rows, all.Complete, all.BadRows, all.Stages, all.Unmapped, all.UnmappedEvents); got != "21 true 1 [{A 7} {B 8}] 5 [{c 5}]" {
		t.Errorf("whole log: %s", got)
	}
	m.Rules = append(m.Rules, stageRules("C", "[")...)
	m.Rules[2].Match = "glob"
	if _, err := e.CountStages(ctx, []string{log}, m, nil, 0); err == nil || !strings.Contains(err.Error(), "rule 3") {
		t.Errorf("a bad glob: %v", err)
	}
}
