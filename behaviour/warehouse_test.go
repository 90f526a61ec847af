package behaviour

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"waymark/model"
)

var update = flag.Bool("update", false, "rewrite the golden extract queries")

// extract runs the DuckDB extract queries of m over log, loaded into the
// table events in file order as a warehouse would hold it, and saves
// their results as files of the given format (csv or parquet).
func extract(t *testing.T, log string, m model.Mapping, format string) (links, stageEvents string) {
	t.Helper()
	q, err := Queries(m, DuckDB, "events")
	if err != nil {
		t.Fatal(err)
	}
	e := openEngine(t, Options{})
	ctx := context.Background()
	if _, err := e.exec(ctx, "CREATE TABLE events AS SELECT * FROM read_csv("+literal(log)+", all_varchar = true)"); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	save := func(query, name string) string {
		out := filepath.Join(dir, name+"."+format)
		statements := strings.Split(strings.TrimSuffix(query, ";\n"), ";\n")
		for _, s := range statements[:len(statements)-1] {
			if _, err := e.exec(ctx, s); err != nil {
				t.Fatalf("%s: %v", s, err)
			}
		}
		copyTo := "COPY (" + statements[len(statements)-1] + ") TO " + literal(out)
		if format == "parquet" {
			copyTo += " (FORMAT parquet)"
		}
		if _, err := e.exec(ctx, copyTo); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return out
	}
	return save(q.Links, "links"), save(q.StageEvents, "stage_events")
}

// Importing the two extracts gives the figures of importing the log, figure
// for figure; only what the extracts cannot hold differs: the sources are
// the extract files, and the names of unmapped events are not known.
func TestExtractsMatchDirectImport(t *testing.T) {
	bpiSegmented := func(t *testing.T) model.Mapping {
		m := bpiMapping(t)
		m.Metrics.Segment = "amount_req"
		return m
	}
	cases := []struct {
		name    string
		log     func(t *testing.T) string
		mapping func(t *testing.T) model.Mapping
		stages  []string
		format  string
	}{
		{"stitching", func(t *testing.T) string { return writeLog(t, "log.csv", stitchTestLog) }, func(*testing.T) model.Mapping { return stitchMapping() },
			[]string{"View", "Login", "Buy"}, "csv"},
		{"metrics in Amsterdam", func(t *testing.T) string { return writeLog(t, "log.csv", metricLog) }, func(*testing.T) model.Mapping {
			m := metricMapping()
			m.Metrics.Segment, m.Metrics.FoldBelow = "country", 2
			return m
		}, abc, "parquet"},
		{"BPI 2012", func(t *testing.T) string {
			if _, err := os.Stat(bpiLog); err != nil {
				t.Skipf("the BPI 2012 log is not at %s", bpiLog)
			}
			return bpiLog
		}, bpiSegmented, nil, "csv"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			log, m := c.log(t), c.mapping(t)
			e := openEngine(t, Options{})
			direct, _ := mustImport(t, e, []string{log}, m, c.stages)
			links, stageEvents := extract(t, log, m, c.format)
			got, rep, err := e.ImportExtracts(context.Background(), []string{links}, []string{stageEvents}, m, c.stages)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Sources) != 2 || got.Sources[0].Name != filepath.Base(links) || got.Sources[1].Rows == 0 {
				t.Errorf("sources %+v", got.Sources)
			}
			if len(rep.Stages) == 0 {
				t.Errorf("no stages in the report")
			}
			if direct.Unmapped > 0 && len(direct.UnmappedEvents) == 0 {
				t.Errorf("the direct import names no unmapped event")
			}
			direct.Sources, got.Sources = nil, nil
			direct.UnmappedEvents = nil
			if !reflect.DeepEqual(direct, got) {
				t.Errorf("the extracts give other figures:\ndirect   %+v\nextracts %+v", direct, got)
			}
			if len(got.Stages) == 0 || got.Stages[0].Reached == 0 {
				t.Errorf("no one reached the first stage: %+v", got.Stages)
			}
		})
	}
}

// The log of TestStitching, and an unattributable row and an unmapped
// event.
var stitchTestLog = stitchLog(append(slices.Clone(stitchRows), ",,,view", "u9,,,signup")...)

// The queries for each dialect, against golden text: only DuckDB's run
// here (above); the others differ in function names and are checked by
// eye against each warehouse's documentation.
func TestQueriesGolden(t *testing.T) {
	m := model.DefaultMapping()
	m.Time = model.TimeColumn{Column: "event_time", Zone: "Europe/Amsterdam"}
	m.Identifiers = []string{"user_id", "email", "anonymous_id"}
	m.Event = "event_name"
	m.Source, m.Medium = "utm_source", "utm_medium"
	m.Attributes = []string{"country", "plan"}
	m.Metrics.Segment = "plan"
	m.Rules = []model.StageRule{
		{Stage: "Discover", Match: model.MatchGlob, Pattern: "page_view*"},
		{Stage: "Sign up", Match: model.MatchRegex, Pattern: `^sign[_ ]?up\b`},
		{Stage: "Buy", Pattern: "order's placed", Attribute: "country", Value: "NL"},
		{Stage: "Buy", Pattern: "purchase", Channel: "email / newsletter"},
	}
	for _, d := range Dialects {
		t.Run(string(d), func(t *testing.T) {
			q, err := Queries(m, d, "analytics.events")
			if err != nil {
				t.Fatal(err)
			}
			got := "-- links\n" + q.Links + "\n-- stage events\n" + q.StageEvents
			golden := filepath.Join("testdata", "queries", string(d)+".sql")
			if *update {
				os.MkdirAll(filepath.Dir(golden), 0o755)
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("%s queries differ from %s (go test -run TestQueriesGolden -update rewrites it):\n%s", d, golden, got)
			}
		})
	}
	if _, err := Queries(m, "oracle", "events"); err == nil || !strings.Contains(err.Error(), `"oracle"`) {
		t.Errorf("an unknown dialect: %v", err)
	}
	m.Rules = append(m.Rules, model.StageRule{Stage: "Bad", Match: model.MatchRegex, Pattern: "(("})
	if _, err := Queries(m, DuckDB, "events"); err == nil || !strings.Contains(err.Error(), "rule 5") {
		t.Errorf("an invalid rule: %v", err)
	}
}

func TestGlobRegex(t *testing.T) {
	for glob, re := range map[string]string{
		"page_view*": `^page_view.*$`,
		"a?c":        `^a.c$`,
		"[!x]y.z":    `^[^x]y\.z$`,
		`\*`:         `^\*$`,
		"[abc":       `^\[abc$`,
	} {
		if got := globRegex(glob); got != re {
			t.Errorf("globRegex(%q) = %q, want %q", glob, got, re)
		}
	}
}

// Extracts that are not what the queries make are refused by name.
func TestExtractErrors(t *testing.T) {
	log := writeLog(t, "log.csv", stitchTestLog)
	m := stitchMapping()
	links, stageEvents := extract(t, log, m, "csv")
	e := openEngine(t, Options{})
	ctx := context.Background()
	stages := []string{"View", "Login", "Buy"}
	bad := func(name, text string) string { return writeLog(t, name, text) }
	for _, c := range []struct {
		name               string
		links, stageEvents string
		m                  model.Mapping
		want               string
	}{
		{"swapped", stageEvents, links, m, `lack the column "segment"`},
		{"unknown stage", links, bad("se.csv", "seq,ts,event,channel,stage,n0,n1,n2\n1,1000,view,,Pay,u1,,\n"), m, `the stage "Pay"`},
		{"empty time", links, bad("se2.csv", "seq,ts,event,channel,stage,n0,n1,n2\n1,,view,,View,u1,,\n"), m, "1 rows that the extract query cannot have made"},
		{"negative count", bad("l.csv", "n0,n1,n2,segment,segment_ts,segment_seq,events,bad_rows\nu1,,,,,,-3,0\n"), stageEvents, m,
			"links l.csv hold 1 rows"},
		{"no such file", filepath.Join(t.TempDir(), "none.csv"), stageEvents, m, "the identifier links: cannot read the log"},
	} {
		_, _, err := e.ImportExtracts(ctx, []string{c.links}, []string{c.stageEvents}, c.m, stages)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}
