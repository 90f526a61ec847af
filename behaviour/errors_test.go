package behaviour

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"waymark/model"
)

// badLog has 40 rows: row i at minute i, with bad rows in place of the
// given row numbers (1-based, so the header is line 1 and row i is line
// i+1).
func badLog(bad map[int]string) string {
	var b strings.Builder
	b.WriteString("user,event,time\n")
	for i := 1; i <= 40; i++ {
		if r, ok := bad[i]; ok {
			b.WriteString(r + "\n")
			continue
		}
		fmt.Fprintf(&b, "u%d,a,2024-01-01T00:%02d:00Z\n", i%7, i)
	}
	return b.String()
}

func plainMapping() model.Mapping {
	m := metricMapping()
	m.Channel, m.Attributes = "", nil
	return m
}

func TestBadRows(t *testing.T) {
	e := openEngine(t, Options{})
	log := writeLog(t, "log.csv", badLog(map[int]string{5: "u1,a,yesterday", 17: "u2,,2024-01-01T00:17:00Z"}))
	b, rep := mustImport(t, e, []string{log}, plainMapping(), abc)
	got := fmt.Sprint(rep.BadRows)
	if got != `[log.csv line 6: the time "yesterday" cannot be read log.csv line 18: the event name is empty]` || rep.BadRowTotal != 2 || b.BadRows != 2 || b.Events != 38 {
		t.Errorf("bad rows %s (total %d), events %d", got, rep.BadRowTotal, b.Events)
	}
	// 3 of 40 is 7.5%, more than 5%.
	log = writeLog(t, "log.csv", badLog(map[int]string{5: "u1,a,yesterday", 6: "u1,a,", 17: "u2,,2024-01-01T00:17:00Z"}))
	_, _, err := e.Import(context.Background(), []string{log}, plainMapping(), abc)
	if err == nil || err.Error() != `3 of 40 rows (7.5%) cannot be read, more than the 5% allowed; the first: log.csv line 6: the time "yesterday" cannot be read` {
		t.Errorf("got %v", err)
	}
	// A higher limit lets it through.
	m := plainMapping()
	m.Metrics.BadRowLimit = 0.1
	if _, rep, err := e.Import(context.Background(), []string{log}, m, abc); err != nil || rep.BadRowTotal != 3 || rep.BadRows[1].Reason != "the time is empty" {
		t.Errorf("with a 10%% limit: %v %+v", err, rep)
	}
	// More than 20: the first 20 are listed, all are counted.
	many := map[int]string{}
	for i := 11; i <= 35; i++ {
		many[i] = "u1,a,never"
	}
	m.Metrics.BadRowLimit = 1
	_, rep, err = e.Import(context.Background(), []string{writeLog(t, "log.csv", badLog(many))}, m, abc)
	if err != nil || rep.BadRowTotal != 25 || len(rep.BadRows) != 20 || rep.BadRows[19].Line != 31 {
		t.Errorf("25 bad rows: %v, total %d, listed %d", err, rep.BadRowTotal, len(rep.BadRows))
	}
	// A row with too many fields is bad too, with its line, and the lines
	// of the bad rows after it are still right.
	log = writeLog(t, "log.csv", badLog(map[int]string{9: "u1,a,2024-01-01T00:09:00Z,extra,fields", 12: "u1,a,soon"}))
	if _, rep, err := e.Import(context.Background(), []string{log}, plainMapping(), abc); err != nil || rep.BadRowTotal != 2 ||
		rep.BadRows[0].Line != 10 || rep.BadRows[1].String() != `log.csv line 13: the time "soon" cannot be read` {
		t.Errorf("a row with extra fields: %v %+v", err, rep)
	}
}

func TestMappingErrors(t *testing.T) {
	e := openEngine(t, Options{})
	log := writeLog(t, "log.csv", metricLog)
	cases := []struct {
		spoil func(m *model.Mapping)
		want  string
	}{
		{func(m *model.Mapping) { m.Event = "action" }, `the mapping's event column "action" is not a column of log.csv (its columns are user, event, time, channel, country)`},
		{func(m *model.Mapping) { m.Time.Column = "" }, "the mapping names no time column"},
		{func(m *model.Mapping) { m.Identifiers = nil }, "the mapping names no identifier column"},
		{func(m *model.Mapping) {
			m.Rules[1] = model.StageRule{Stage: "B", Match: model.MatchRegex, Pattern: "b(("}
		},
			`rule 2 (stage "B"): the regular expression "b((" is invalid: missing closing ): ` + "`b((`"},
		{func(m *model.Mapping) { m.Rules[0].Attribute = "plan"; m.Rules[0].Value = "pro" }, `the mapping's rule 1's attribute "plan" is not a column`},
		{func(m *model.Mapping) { m.Time.Zone = "Mars/Olympus" }, `the mapping's time zone "Mars/Olympus" is not a known IANA zone`},
		{func(m *model.Mapping) { m.Channel = ""; m.Source = "channel"; m.Medium = "country"; m.Channel = "x" }, "names a channel column and also source or medium"},
	}
	for _, c := range cases {
		m := metricMapping()
		c.spoil(&m)
		_, _, err := e.Import(context.Background(), []string{log}, m, abc)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want %q", err, c.want)
		}
	}
	if _, _, err := e.Import(context.Background(), []string{log + ".missing"}, metricMapping(), abc); err == nil || !strings.Contains(err.Error(), "cannot read the log") {
		t.Errorf("a missing log: %v", err)
	}
}

// A rule naming a stage the journey lacks adds it at the end, in rule
// order, unless only existing stages are allowed.
func TestNewStages(t *testing.T) {
	m := metricMapping()
	m.Rules = stageRules("C", "c", "Z", "z", "A", "a", "Y", "y")
	e := openEngine(t, Options{})
	log := writeLog(t, "log.csv", metricLog)
	b, rep := mustImport(t, e, []string{log}, m, abc)
	if fmt.Sprint(rep.Stages) != "[A B C Z Y]" || fmt.Sprint(rep.AddedStages) != "[Z Y]" {
		t.Errorf("stages %v, added %v", rep.Stages, rep.AddedStages)
	}
	// B has no rule, so no figures: the funnel is A, C, Z, Y; b events are
	// unmapped.
	var names []string
	for _, s := range b.Stages {
		names = append(names, s.Stage)
	}
	if fmt.Sprint(names) != "[A C Z Y]" || b.Unmapped != 8 || fmt.Sprint(b.UnmappedEvents) != "[{b 8}]" {
		t.Errorf("funnel %v, unmapped %d %v", names, b.Unmapped, b.UnmappedEvents)
	}
	strict := openEngine(t, Options{ExistingStagesOnly: true})
	_, _, err := strict.Import(context.Background(), []string{log}, m, abc)
	if err == nil || err.Error() != `rule 2 (stage "Z") names a stage the journey does not have` {
		t.Errorf("got %v", err)
	}
}

// Rules are tried in order and the first match wins; globs, regular
// expressions and channel and attribute conditions.
func TestRuleKinds(t *testing.T) {
	m := metricMapping()
	m.Rules = []model.StageRule{
		{Stage: "A", Match: model.MatchExact, Pattern: "a", Channel: "web"},
		{Stage: "B", Match: model.MatchGlob, Pattern: "[ab]"},
		{Stage: "C", Match: model.MatchRegex, Pattern: "^c$", Attribute: "country", Value: "NL"},
		{Stage: "A", Match: model.MatchRegex, Pattern: "c"},
	}
	m.Metrics.Mode = model.ModePresence
	e := openEngine(t, Options{})
	b, _ := mustImport(t, e, []string{writeLog(t, "log.csv", metricLog)}, m, abc)
	// A: every a is on the web (p1–p7), and the c not in NL (p5 FR, p8
	// none). B: all b (p1–p7). C: c in NL: p1 p2 p7.
	if b.Stages[0].Reached != 8 || b.Stages[1].Reached != 7 || b.Stages[2].Reached != 3 || b.Unmapped != 0 {
		t.Errorf("reached %d %d %d, unmapped %d", b.Stages[0].Reached, b.Stages[1].Reached, b.Stages[2].Reached, b.Unmapped)
	}
}
