package behaviour

import (
	"compress/gzip"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"waymark/model"
)

func gzipFile(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	z := gzip.NewWriter(f)
	z.Write([]byte(text))
	z.Close()
	f.Close()
	return p
}

// The metric log as JSON Lines, with the time as text.
func metricJSONL() string {
	var b strings.Builder
	for i, l := range strings.Split(strings.TrimSpace(metricLog), "\n") {
		if i == 0 {
			continue
		}
		f := strings.Split(l, ",")
		fmt.Fprintf(&b, `{"user":%q,"event":%q,"time":%q,"channel":%q,"country":%q}`+"\n", f[0], f[1], f[2], f[3], f[4])
	}
	return b.String()
}

// Every input shape gives the figures of the plain CSV.
func TestInputShapes(t *testing.T) {
	e := openEngine(t, Options{})
	m := metricMapping()
	m.Metrics.Segment = "country"
	m.Metrics.FoldBelow = 2
	want, _ := mustImport(t, e, []string{writeLog(t, "log.csv", metricLog)}, m, abc)

	dir := t.TempDir()
	rows := strings.SplitAfter(metricLog, "\n")
	header := rows[0]
	os.WriteFile(filepath.Join(dir, "part-1.csv"), []byte(header+strings.Join(rows[1:9], "")), 0o644)
	os.WriteFile(filepath.Join(dir, "part-2.csv"), []byte(header+strings.Join(rows[9:], "")), 0o644)
	parquet := filepath.Join(t.TempDir(), "log.parquet")
	if _, err := e.exec(context.Background(), "COPY (SELECT * FROM read_csv("+literal(writeLog(t, "x.csv", metricLog))+", all_varchar = true)) TO "+literal(parquet)+" (FORMAT parquet)"); err != nil {
		t.Fatal(err)
	}
	shapes := map[string][]string{
		"gzipped CSV":         {gzipFile(t, "log.csv.gz", metricLog)},
		"TSV with a BOM":      {writeLog(t, "log.tsv", "\ufeff"+strings.ReplaceAll(metricLog, ",", "\t"))},
		"semicolons, CRLF":    {writeLog(t, "log.txt", strings.ReplaceAll(strings.ReplaceAll(metricLog, ",", ";"), "\n", "\r\n"))},
		"JSON Lines":          {writeLog(t, "log.jsonl", metricJSONL())},
		"gzipped JSON Lines":  {gzipFile(t, "log.ndjson.gz", metricJSONL())},
		"Parquet":             {parquet},
		"a glob of two files": {filepath.Join(dir, "part-*.csv")},
		"a list of two files": {filepath.Join(dir, "part-1.csv"), filepath.Join(dir, "part-2.csv")},
	}
	for name, logs := range shapes {
		got, _, err := e.Import(context.Background(), logs, m, abc)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !reflect.DeepEqual(got.Stages, want.Stages) || !reflect.DeepEqual(got.Segments, want.Segments) ||
			!reflect.DeepEqual(got.TopStagePaths, want.TopStagePaths) || got.Persons != want.Persons || got.Events != want.Events {
			t.Errorf("%s: figures differ from the CSV's:\n%+v\nwant\n%+v", name, got.Stages, want.Stages)
		}
		if n := len(got.Sources); n != len(logs) && name != "a glob of two files" || name == "a glob of two files" && n != 2 {
			t.Errorf("%s: %d sources", name, n)
		}
	}
}

func TestSourceFingerprint(t *testing.T) {
	e := openEngine(t, Options{Now: func() time.Time { return fixedNow }})
	log := writeLog(t, "log.csv", metricLog)
	b, _ := mustImport(t, e, []string{log}, metricMapping(), abc)
	s := b.Sources[0]
	// 2024-03-30T08:00:00Z (p8) to 2024-03-31 04:00 in Amsterdam, 02:00Z.
	if s.Name != "log.csv" || s.Size != int64(len(metricLog)) || s.Rows != 20 || s.FirstEvent != 1711785600000 ||
		s.LastEvent != 1711850400000 || s.ImportedAt != fixedNow.UnixMilli() || len(s.SHA256) != 64 {
		t.Errorf("fingerprint %+v", s)
	}
}

func TestShapesDiffer(t *testing.T) {
	e := openEngine(t, Options{})
	a := writeLog(t, "jan.csv", metricLog)
	b := writeLog(t, "feb.csv", "user,event,when\np1,a,2024-01-01T00:00:00Z\n")
	_, _, err := e.Import(context.Background(), []string{a, b}, metricMapping(), abc)
	if err == nil || !strings.Contains(err.Error(), "feb.csv has the columns user, event, when, not those of") {
		t.Errorf("got %v", err)
	}
	_, _, err = e.Import(context.Background(), []string{a, writeLog(t, "feb.jsonl", metricJSONL())}, metricMapping(), abc)
	if err == nil || !strings.Contains(err.Error(), "feb.jsonl is JSON Lines but") {
		t.Errorf("got %v", err)
	}
}

// Column names come from untrusted files: one with a double quote and a
// semicolon is a column like any other.
func TestHostileColumnNames(t *testing.T) {
	hostile := `user "id"; DROP TABLE ev; --`
	log := strings.Replace(metricLog, "user,", `"user ""id""; DROP TABLE ev; --",`, 1)
	e := openEngine(t, Options{})
	in, err := e.Inspect(context.Background(), []string{writeLog(t, "log.csv", log)})
	if err != nil {
		t.Fatal(err)
	}
	if in.Columns[0].Name != hostile {
		t.Errorf("inspect: first column %q", in.Columns[0].Name)
	}
	m := metricMapping()
	m.Identifiers = []string{hostile}
	m.Attributes = []string{hostile + "'"}
	_, _, err = e.Import(context.Background(), []string{writeLog(t, "log.csv", log)}, m, abc)
	if err == nil || !strings.Contains(err.Error(), `attribute column "user \"id\"; DROP TABLE ev; --'" is not a column of log.csv`) {
		t.Errorf("got %v", err)
	}
	m.Attributes = []string{"country"}
	m.Rules = append(m.Rules, model.StageRule{Stage: "A", Pattern: "it's; DROP"})
	b, _ := mustImport(t, e, []string{writeLog(t, "log.csv", log)}, m, abc)
	if b.Persons != 8 || b.Stages[0].Reached != 7 {
		t.Errorf("persons %d, A reached %d", b.Persons, b.Stages[0].Reached)
	}
}

func TestUnixTimes(t *testing.T) {
	e := openEngine(t, Options{})
	for unit, log := range map[model.TimeUnit]string{
		model.TimeUnixS:  "user,event,time\np,a,1700000000\np,b,1700000090.5\n",
		model.TimeUnixMS: "user,event,time\np,a,1700000000000\np,b,1700000090500\n",
	} {
		m := metricMapping()
		m.Channel, m.Attributes = "", nil
		m.Time.Unit = unit
		b, _ := mustImport(t, e, []string{writeLog(t, "log.csv", log)}, m, abc)
		if b.Stages[1].Reached != 1 || b.Stages[1].MedianSeconds != 90.5 || b.Sources[0].FirstEvent != 1700000000000 {
			t.Errorf("%s: %+v %+v", unit, b.Stages[1], b.Sources[0])
		}
	}
}

// Typed time columns: Parquet's TIMESTAMP WITH TIME ZONE and JSON numbers
// of milliseconds read as the same instants as their text.
func TestTypedTimes(t *testing.T) {
	e := openEngine(t, Options{})
	ctx := context.Background()
	m := metricMapping()
	want, _ := mustImport(t, e, []string{writeLog(t, "log.csv", metricLog)}, m, abc)
	parquet := filepath.Join(t.TempDir(), "typed.parquet")
	// Read in Amsterdam time, as the mapping says, then stored as instants.
	e.exec(ctx, "SET TimeZone = 'Europe/Amsterdam'")
	if _, err := e.exec(ctx, "COPY (SELECT * REPLACE (CAST(time AS TIMESTAMPTZ) AS time) FROM read_csv("+literal(writeLog(t, "x.csv", metricLog))+", all_varchar = true)) TO "+literal(parquet)+" (FORMAT parquet)"); err != nil {
		t.Fatal(err)
	}
	var jsonl strings.Builder
	if err := e.rows(ctx, "SELECT CAST(to_json({user: \"user\", event: event, time: epoch_ms(CAST(time AS TIMESTAMPTZ)), channel: channel, country: country}) AS VARCHAR) FROM read_csv("+literal(writeLog(t, "y.csv", metricLog))+", all_varchar = true)", nil,
		func(r *sql.Rows) error {
			var line string
			if err := r.Scan(&line); err != nil {
				return err
			}
			jsonl.WriteString(line + "\n")
			return nil
		}); err != nil {
		t.Fatal(err)
	}
	ms := m
	ms.Time.Unit = model.TimeUnixMS
	for name, c := range map[string]struct {
		log string
		m   model.Mapping
	}{"Parquet TIMESTAMPTZ": {parquet, m}, "JSON milliseconds": {writeLog(t, "log.jsonl", jsonl.String()), ms}} {
		got, _, err := e.Import(ctx, []string{c.log}, c.m, abc)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !reflect.DeepEqual(got.Stages, want.Stages) {
			t.Errorf("%s: figures differ:\n%+v\nwant\n%+v", name, got.Stages, want.Stages)
		}
	}
}
