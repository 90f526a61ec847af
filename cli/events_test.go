//go:build cgo

package cli

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"waymark/behaviour"
	"waymark/interchange"
	"waymark/storage"
)

// shopLog is the hand-made log of the events tests. Five persons, three
// stages (Visit = view_*, Cart = add_to_cart, Buy = purchase), funnel mode:
//   - u1: Visit, Cart 300 s later, Buy 900 s after that.
//   - u2: Visit (view_product), Cart 1,800 s later.
//   - u3: Visit only. u4: Visit, then logout (unmapped).
//   - u5: Visit, Cart 3,600 s later, Buy 7,200 s after that.
//
// So: 11 events, 1 unmapped. Visit 5. Cart 3 (u1 u2 u5), drop-off 2 (40%),
// times 300 1800 3600: median 1800, p90 the 3rd (⌈2.7⌉) 3600. Buy 2 (u1
// u5), drop-off 1 of 3, conversion 2/3 from Cart and 2/5 from Visit, times
// 900 7200: median 4050, p90 the 2nd (⌈1.8⌉) 7200.
const shopLog = `user,action,ts,channel,country
u1,view_home,2024-05-01T10:00:00Z,web,NL
u1,add_to_cart,2024-05-01T10:05:00Z,web,NL
u1,purchase,2024-05-01T10:20:00Z,email,NL
u2,view_product,2024-05-01T09:00:00Z,app,DE
u2,add_to_cart,2024-05-01T09:30:00Z,app,DE
u3,view_home,2024-05-01T11:00:00Z,web,NL
u4,view_home,2024-05-01T12:00:00Z,web,FR
u4,logout,2024-05-01T12:10:00Z,web,FR
u5,view_home,2024-05-01T13:00:00Z,web,NL
u5,add_to_cart,2024-05-01T14:00:00Z,app,NL
u5,purchase,2024-05-01T16:00:00Z,web,NL
`

// shopFlags map shopLog without a mapping file.
var shopFlags = []string{"--id", "user", "--time", "ts", "--event", "action", "--channel", "channel",
	"--stage", "Visit=view_*", "--stage", "Cart=add_to_cart", "--stage", "Buy=purchase"}

// shopProject makes a blank project and the shop log in a new folder.
func shopProject(t *testing.T) (dir, project, log string) {
	t.Helper()
	dir = t.TempDir()
	project = filepath.Join(dir, "shop.cjm")
	if code, _, errs := run(t, "new", project); code != 0 {
		t.Fatalf("new: %s", errs)
	}
	log = filepath.Join(dir, "log.csv")
	if err := os.WriteFile(log, []byte(shopLog), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, project, log
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errs := run(t, args...)
	if code != 0 {
		t.Fatalf("%q: exit %d: %s", args, code, errs)
	}
	return out
}

func checksum(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func reportOf(t *testing.T, args ...string) reportJSON {
	t.Helper()
	out := mustRun(t, append([]string{"events", "report", "--format", "json"}, args...)...)
	var r reportJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("report JSON: %v\n%s", err, out)
	}
	return r
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

// TestEventsImport: a one-off import with flags and no mapping file adds
// the stages to the blank journey and saves figures that report, as JSON,
// CSV and text, exactly as counted by hand.
func TestEventsImport(t *testing.T) {
	_, project, log := shopProject(t)
	out := mustRun(t, append([]string{"events", "import", log, "--into", project}, shopFlags...)...)
	for _, want := range []string{"persons:                     5\n", "events:                      11\n",
		"unmapped events:             1 ", "stages added:                Visit, Cart, Buy\n", "  1  logout\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("the summary lacks %q:\n%s", want, out)
		}
	}
	if out := mustRun(t, "check", project); !strings.Contains(out, "stages:      6\n") {
		t.Errorf("check: the 3 stages were not added to the blank's 3:\n%s", out)
	}

	r := reportOf(t, project)
	if r.Persons != 5 || r.Events != 11 || r.Unmapped != 1 || r.Unattributable != 0 || r.BadRows != 0 || r.Previous != nil ||
		r.Mode != "funnel" || len(r.UnmappedEvents) != 1 || r.UnmappedEvents[0] != (nameCountJSON{"logout", 1}) {
		t.Errorf("report: %+v", r)
	}
	type want struct {
		stage                     string
		reached, dropOff, timed   int64
		fromPrev, fromFirst, rate float64
		median, p90               float64
		topChannel                string
		topShare                  float64
	}
	wants := []want{
		{"Visit", 5, 0, 0, 1, 1, 0, 0, 0, "web", 0.8},
		{"Cart", 3, 2, 3, 0.6, 0.6, 0.4, 1800, 3600, "app", 2.0 / 3},
		{"Buy", 2, 1, 2, 2.0 / 3, 0.4, 1.0 / 3, 4050, 7200, "email", 0.5},
	}
	if len(r.Stages) != len(wants) {
		t.Fatalf("%d stages, want %d", len(r.Stages), len(wants))
	}
	p, err := storage.Check(context.Background(), project)
	if err != nil {
		t.Fatal(err)
	}
	j := p.Journeys[0]
	for i, w := range wants {
		s := r.Stages[i]
		if s.Stage != w.stage || s.Reached != w.reached || s.DropOff != w.dropOff || s.Timed != w.timed ||
			!near(s.ConversionFromPrevious, w.fromPrev) || !near(s.ConversionFromFirst, w.fromFirst) || !near(s.DropOffRate, w.rate) ||
			!near(s.MedianSeconds, w.median) || !near(s.P90Seconds, w.p90) || len(s.Channels) == 0 ||
			s.Channels[0].Channel != w.topChannel || !near(s.Channels[0].Share, w.topShare) || s.Previous != nil {
			t.Errorf("stage %d: %+v, want %+v", i+1, s, w)
		}
		// The figures name the journey's stage of that name, one of the
		// stages the import added after the blank's three.
		if js := j.Stages[3+i]; js.Name != w.stage || s.StageID != string(js.ID) {
			t.Errorf("stage %d: figures for stage ID %s, the journey's stage %d is %q %s", i+1, s.StageID, 4+i, js.Name, js.ID)
		}
	}

	csvOut := mustRun(t, "events", "report", project, "--format", "csv")
	wantCSV := strings.Join(interchange.MetricsHeader, ",") + "\n" +
		",Visit,5,1,1,0,0,0,0,0,web,0.8,,\n" +
		",Cart,3,0.6,0.6,2,0.4,3,1800,3600,app,0.6666666666666666,,\n" +
		",Buy,2,0.6666666666666666,0.4,1,0.3333333333333333,2,4050,7200,email,0.5,,\n"
	if csvOut != wantCSV {
		t.Errorf("CSV:\n%s\nwant:\n%s", csvOut, wantCSV)
	}

	text := mustRun(t, "events", "report", project)
	for _, want := range []string{`Journey "Untitled journey"`, "5 persons, 11 events, 0 unattributable, 1 unmapped, 0 bad rows",
		"Stage  Reached  From prev.  From first", "Visit        5      100.0%      100.0%",
		"Cart         3       60.0%       60.0%  2 (40.0%)      30m 00s    1h 00m  app 67%, web 33%",
		"Buy          2       66.7%       40.0%  1 (33.3%)       1h 07m    2h 00m", "log.csv", "Stitching:"} {
		if !strings.Contains(text, want) {
			t.Errorf("the text report lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Change") {
		t.Errorf("a first import shows a change:\n%s", text)
	}

	// -o writes the report to a file.
	csvFile := filepath.Join(t.TempDir(), "figures.csv")
	mustRun(t, "events", "report", project, "--format", "csv", "-o", csvFile)
	if b, _ := os.ReadFile(csvFile); string(b) != wantCSV {
		t.Errorf("-o wrote:\n%s", b)
	}
}

// TestEventsReimport: the next import keeps the previous figures, and the
// report shows the change.
func TestEventsReimport(t *testing.T) {
	_, project, log := shopProject(t)
	mustRun(t, append([]string{"events", "import", log, "--into", project}, shopFlags...)...)
	// Now only view_home is a visit: u2 reaches nothing.
	flags := slices.Clone(shopFlags)
	flags[slices.Index(flags, "Visit=view_*")] = "Visit=view_home"
	out := mustRun(t, append([]string{"events", "import", log, "--into", project}, flags...)...)
	if !strings.Contains(out, "stages added:                none") || !strings.Contains(out, "Change") {
		t.Errorf("the re-import's summary:\n%s", out)
	}
	if out := mustRun(t, "check", project); !strings.Contains(out, "stages:      6\n") {
		t.Errorf("check: the re-import added stages again:\n%s", out)
	}
	r := reportOf(t, project)
	if r.Previous == nil || r.Previous.Persons != 5 || r.Unmapped != 2 {
		t.Fatalf("report: previous %+v, unmapped %d", r.Previous, r.Unmapped)
	}
	if v := r.Stages[0]; v.Reached != 4 || v.Previous == nil || v.Previous.Reached != 5 {
		t.Errorf("Visit: %+v", v)
	}
	// Cart: u1 and u5 (u2's cart no longer follows a visit): 2 of 4,
	// 50% from the first stage against 60% before.
	text := mustRun(t, "events", "report", project)
	for _, want := range []string{"Change since the previous import", "Reached  Change  From prev.  From first     Change",
		"Visit        4      -1", "Cart         2      -1       50.0%       50.0%  -10.0 pts"} {
		if !strings.Contains(text, want) {
			t.Errorf("the text report lacks %q:\n%s", want, text)
		}
	}
	csvOut := mustRun(t, "events", "report", project, "--format", "csv")
	if !strings.Contains(csvOut, "\n,Visit,4,1,1,0,0,0,0,0,web,1,5,1\n") {
		t.Errorf("CSV lacks the previous figures:\n%s", csvOut)
	}
	// The refresh kept the map as it was, with its first figures, as a
	// version; the first import, which replaced nothing, kept none.
	versions, err := storage.ListVersions(context.Background(), project)
	if err != nil || len(versions) != 1 || !strings.HasPrefix(versions[0].Name, "Before refreshing behaviour data (") {
		t.Fatalf("versions after the refresh: %+v, %v", versions, err)
	}
	before, err := storage.LoadVersion(context.Background(), project, versions[0].Seq)
	if err != nil || before.Journeys[0].Behaviour == nil || before.Journeys[0].Behaviour.Persons != 5 || before.Journeys[0].PreviousBehaviour != nil {
		t.Fatalf("the kept version does not hold the first figures: %v", err)
	}
}

// TestEventsSegments: a mapping file that splits by country, with the
// flags adding to it; report --segment shows one value's figures.
func TestEventsSegments(t *testing.T) {
	dir, project, log := shopProject(t)
	mapping := filepath.Join(dir, "shop.toml")
	os.WriteFile(mapping, []byte(`[columns]
time = "ts"
identifiers = ["user"]
event = "action"

[metrics]
segment = "country"
fold_below = 1

[[stage]]
name = "Visit"
match = "glob"
pattern = "view_*"
`), 0o644)
	mustRun(t, "events", "import", log, "--into", project, "--map", mapping, "--stage", "Visit=view_*", "--stage", "Cart=add_to_cart", "--stage", "Buy=purchase")
	r := reportOf(t, project, "--segment", "NL")
	if r.Segment == nil || r.Segment.Attribute != "country" || r.Segment.Persons != 3 || len(r.Segments) != 0 {
		t.Fatalf("segment: %+v, segments %+v", r.Segment, r.Segments)
	}
	var reach []int64
	for _, s := range r.Stages {
		reach = append(reach, s.Reached)
	}
	if !slices.Equal(reach, []int64{3, 2, 2}) {
		t.Errorf("NL reach %v, want [3 2 2]", reach)
	}
	all := reportOf(t, project)
	if len(all.Segments) != 3 {
		t.Errorf("segments: %+v", all.Segments)
	}
	csvOut := mustRun(t, "events", "report", project, "--format", "csv")
	if n := strings.Count(csvOut, "\n"); n != 1+3+3*3 {
		t.Errorf("CSV has %d lines, want a header, 3 stage rows and 3 for each of 3 countries:\n%s", n, csvOut)
	}
	code, _, errs := run(t, "events", "report", project, "--segment", "BE")
	if code != ExitError || !strings.HasPrefix(errs, `waymark events report: --segment "BE" is not a value of country in the figures; they have "`) ||
		!strings.Contains(errs, `"NL"`) || !strings.Contains(errs, `"DE"`) || !strings.Contains(errs, `"FR"`) || strings.Count(errs, "\n") != 1 {
		t.Errorf("unknown segment: exit %d, %q", code, errs)
	}
}

// TestEventsReportErrors: a journey without figures, and bad flags.
func TestEventsReportErrors(t *testing.T) {
	_, project, _ := shopProject(t)
	code, out, errs := run(t, "events", "report", project)
	if code != ExitError || out != "" || !strings.Contains(errs, `journey "Untitled journey" of `+project+" has no figures yet") || strings.Count(errs, "\n") != 1 {
		t.Errorf("no figures: exit %d, %q", code, errs)
	}
	for _, args := range [][]string{{"--format", "xml"}, {"--journey", "Nope"}, {}} {
		a := append([]string{"events", "report", project}, args...)
		if len(args) == 0 {
			a = []string{"events", "report"}
		}
		if code, _, errs := run(t, a...); code != ExitUsage || !strings.Contains(errs, "usage: waymark events report") {
			t.Errorf("%q: exit %d, %q", a, code, errs)
		}
	}
}

// TestEventsBPI: the BPI Challenge 2012 log with the shipped mapping.
func TestEventsBPI(t *testing.T) {
	const log = "../../shared/data/events/bpic2012_events.csv.gz" // beside the repository, not in it
	if _, err := os.Stat(log); err != nil {
		t.Skip("the BPI 2012 log is not here:", err)
	}
	_, project, _ := shopProject(t)
	out := mustRun(t, "events", "import", log, "--map", "../assets/mappings/bpi2012.toml", "--into", project)
	if !strings.Contains(out, "persons:                     13,087\n") || !strings.Contains(out, "events:                      262,200\n") {
		t.Errorf("summary:\n%s", out)
	}
	r := reportOf(t, project)
	if len(r.Stages) != 6 || r.Stages[0].Stage != "Submitted" || r.Stages[0].Reached != 13087 {
		t.Fatalf("stages: %+v", r.Stages)
	}
	for i := 1; i < len(r.Stages); i++ {
		if r.Stages[i].Reached > r.Stages[i-1].Reached || r.Stages[i].Reached == 0 {
			t.Errorf("reach rises or vanishes at %s: %d after %d", r.Stages[i].Stage, r.Stages[i].Reached, r.Stages[i-1].Reached)
		}
	}
}

// TestEventsImportFailures: whatever stops an import, the .cjm is left
// byte for byte as it was, and the reason is one line.
func TestEventsImportFailures(t *testing.T) {
	dir, project, log := shopProject(t)
	mustRun(t, append([]string{"events", "import", log, "--into", project}, shopFlags...)...)
	before := checksum(t, project)

	badTOML := filepath.Join(dir, "bad.toml")
	os.WriteFile(badTOML, []byte("[columns]\ntime = \"ts\"\nidentifiers = [\"user\"\nevent = \"action\"\n"), 0o644)
	regex := filepath.Join(dir, "regex.toml")
	os.WriteFile(regex, []byte("[columns]\ntime = \"ts\"\nidentifiers = [\"user\"]\nevent = \"action\"\n\n[[stage]]\nname = \"Visit\"\nmatch = \"regex\"\npattern = \"view_(\"\n"), 0o644)
	// 3 of 10 rows without a readable time: 30%, over the 5% allowed.
	badRows := filepath.Join(dir, "bad-rows.csv")
	os.WriteFile(badRows, []byte(strings.Join(strings.Split(shopLog, "\n")[:8], "\n")+"\nu6,view_home,yesterday,web,NL\nu7,view_home,,web,NL\nu8,view_home,soon,web,NL\n"), 0o644)

	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"mapping syntax", []string{log, "--map", badTOML}, "bad.toml: the mapping file cannot be read: toml: line 4"},
		{"unknown time column", []string{log, "--id", "user", "--time", "when", "--event", "action", "--stage", "Visit=view_*"},
			`the mapping's time column "when" is not a column of log.csv`},
		{"invalid regex", []string{log, "--map", regex}, `rule 1 (stage "Visit"): the regular expression "view_(" is invalid`},
		{"unknown stage", append([]string{log, "--existing-stages"}, append(slices.Clone(shopFlags), "--stage", "Refund=refund")...),
			`rule 4 (stage "Refund") names a stage the journey does not have`},
		{"too many bad rows", append([]string{badRows}, shopFlags...), "3 of 10 rows (30.0%) cannot be read, more than the 5% allowed"},
		{"no such log", append([]string{filepath.Join(dir, "nope.csv")}, shopFlags...), "nope.csv"},
		{"no stage rules", []string{log, "--id", "user", "--time", "ts", "--event", "action"}, "the mapping has no stage rules"},
		{"no identifier", []string{log, "--time", "ts", "--event", "action", "--stage", "Visit=view_*"}, "the mapping names no identifier column; give --id COL"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := run(t, append([]string{"events", "import", "--into", project}, c.args...)...)
			if code != ExitError || out != "" || !strings.HasPrefix(errs, "waymark events import: ") || !strings.Contains(errs, c.want) ||
				strings.Count(errs, "\n") != 1 {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and one line with %q", code, out, errs, c.want)
			}
			if checksum(t, project) != before {
				t.Error("the project file changed")
			}
		})
	}
	if got := dirEntries(t, dir); !slices.Equal(got, []string{"bad-rows.csv", "bad.toml", "log.csv", "regex.toml", "shop.cjm"}) {
		t.Errorf("the folder holds %q", got)
	}

	// A new project that a failed import would have made is not made; nor
	// is one in a folder that does not exist.
	missing := filepath.Join(dir, "new.cjm")
	code, _, errs := run(t, append([]string{"events", "import", log, "--into", missing, "--existing-stages"}, shopFlags...)...)
	if code != ExitError || !strings.Contains(errs, "names a stage the journey does not have") {
		t.Errorf("a failed import into a new project: exit %d, %q", code, errs)
	}
	code, _, errs = run(t, append([]string{"events", "import", log, "--into", filepath.Join(dir, "none", "new.cjm")}, shopFlags...)...)
	if code != ExitError || !strings.Contains(errs, "the folder "+filepath.Join(dir, "none")+" does not exist") {
		t.Errorf("a new project in a missing folder: exit %d, %q", code, errs)
	}
	if got := dirEntries(t, dir); !slices.Equal(got, []string{"bad-rows.csv", "bad.toml", "log.csv", "regex.toml", "shop.cjm"}) {
		t.Errorf("the folder holds %q", got)
	}
}

// A log imports into a new blank map: the project is made, and its
// journey's stages are the rules', in order.
func TestEventsImportNewProject(t *testing.T) {
	dir, _, log := shopProject(t)
	project := filepath.Join(dir, "fresh.cjm")
	code, out, errs := run(t, append([]string{"events", "import", log, "--into", project, "--journey", "Web shop"}, shopFlags...)...)
	if code != ExitOK || !strings.HasPrefix(out, "created "+project) || errs != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	p, err := storage.Check(context.Background(), project)
	if err != nil {
		t.Fatal(err)
	}
	j := p.Journeys[0]
	var names []string
	for _, s := range j.Stages {
		names = append(names, s.Name)
	}
	if p.Name != "fresh" || j.Title != "Web shop" || j.Behaviour == nil || len(j.Behaviour.Stages) != len(names) || len(names) == 0 {
		t.Errorf("project %q, journey %q, stages %q, figures %v", p.Name, j.Title, names, j.Behaviour != nil)
	}
	for i, s := range j.Behaviour.Stages {
		if s.Stage != names[i] || s.StageID != j.Stages[i].ID {
			t.Errorf("figures %d are of %q (%s), the stage is %q (%s)", i, s.Stage, s.StageID, names[i], j.Stages[i].ID)
		}
	}
}

// TestEventsImportInterrupted: an import cancelled (as Ctrl+C does) writes
// nothing.
func TestEventsImportInterrupted(t *testing.T) {
	dir, project, log := shopProject(t)
	before := checksum(t, project)
	args := append([]string{"events", "import", log, "--into", project}, shopFlags...)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Cancelled in the middle of the import: once the log is read, when
	// the engine stamps the sources' import time.
	engineOptions = func(o *behaviour.Options) {
		o.Now = func() time.Time {
			cancel()
			return time.Now()
		}
	}
	defer func() { engineOptions = nil }()
	var out, errb strings.Builder
	code := execute(ctx, args, &out, &errb)
	if code != ExitError || out.String() != "" || errb.String() != "waymark events: interrupted; nothing was written\n" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out.String(), errb.String())
	}
	if checksum(t, project) != before {
		t.Error("the project file changed")
	}
	if got := dirEntries(t, dir); !slices.Equal(got, []string{"log.csv", "shop.cjm"}) {
		t.Errorf("the folder holds %q", got)
	}
}

// TestEventsUsage: command lines that cannot be right exit 2 and show the
// subcommand's usage.
func TestEventsUsage(t *testing.T) {
	_, project, log := shopProject(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"import", log, "--links", "l.csv", "--stage-events", "e.csv", "--into", project}, "give either LOG files or --links and --stage-events, not both"},
		{[]string{"import", "--links", "l.csv", "--into", project}, "--links and --stage-events go together"},
		{append([]string{"import", log}, shopFlags...), "--into FILE.cjm is required"},
		{[]string{"import", "--into", project}, "name the event logs to import"},
		{append([]string{"import", log, "--into", project, "--mode", "cohort"}, shopFlags...), `--mode "cohort" is not funnel or presence`},
		{append([]string{"import", log, "--into", project, "--window", "a month"}, shopFlags...), `--window "a month" is not a duration`},
		{append([]string{"import", log, "--into", project, "--stage", "Visit"}, shopFlags...), `--stage "Visit" is not STAGE=PATTERN`},
		{append([]string{"import", log, "--into", project, "--memory", "lots"}, shopFlags...), `--memory "lots" is not a size`},
		{append([]string{"import", log, "--into", project, "--journey", "Nope"}, shopFlags...), `--journey "Nope" is not in the project`},
		{append([]string{"import", log, "--into", project, "--bogus"}, shopFlags...), "flag provided but not defined: -bogus"},
		{[]string{"sql", "--dialect", "oracle", "--id", "user", "--time", "ts", "--event", "action", "--stage", "A=a"}, `--dialect "oracle" is not supported; use duckdb, bigquery, snowflake, spark`},
		{[]string{"sql", "--id", "user", "--time", "ts", "--event", "action", "--stage", "A=a"}, "say which SQL to write: --dialect"},
		{[]string{"inspect"}, "name the event logs to inspect"},
	} {
		code, out, errs := run(t, append([]string{"events"}, c.args...)...)
		lines := strings.Split(strings.TrimSuffix(errs, "\n"), "\n")
		if code != ExitUsage || out != "" || len(lines) != 2 || !strings.HasPrefix(lines[0], "waymark events "+c.args[0]+": ") ||
			!strings.Contains(lines[0], c.want) || !strings.HasPrefix(lines[1], "usage: waymark events "+c.args[0]+" ") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 with %q", c.args, code, out, errs, c.want)
		}
	}
	code, _, errs := run(t, "events", "frobnicate")
	if code != ExitUsage || errs != "waymark events: unknown subcommand \"frobnicate\"; use import, report, inspect, sql (waymark events -h says more)\n" {
		t.Errorf("unknown subcommand: exit %d, %q", code, errs)
	}
	code, _, errs = run(t, "events")
	if code != ExitUsage || !strings.Contains(errs, "waymark events import ") || !strings.Contains(errs, "waymark events sql ") {
		t.Errorf("no subcommand: exit %d, %q", code, errs)
	}
}

// TestEventsHelp: -h lists the subcommands, and each subcommand's -h its
// usage and options.
func TestEventsHelp(t *testing.T) {
	for _, h := range []string{"-h", "--help", "help"} {
		out := mustRun(t, "events", h)
		for _, sub := range []string{"import", "report", "inspect", "sql"} {
			if !strings.Contains(out, "\n  waymark events "+sub+" ") {
				t.Errorf("events %s lacks %s:\n%s", h, sub, out)
			}
		}
	}
	out := mustRun(t, "events", "import", "-h")
	for _, want := range []string{"usage: waymark events import (LOG... | --links", "Options:", "-stage value", "-existing-stages", "-memory string"} {
		if !strings.Contains(out, want) {
			t.Errorf("events import -h lacks %q:\n%s", want, out)
		}
	}
	if out := mustRun(t, "help"); !strings.Contains(out, "waymark events import|report|inspect|sql") {
		t.Errorf("waymark help lacks events:\n%s", out)
	}
}

// TestEventsInspect: the columns with their roles, and a starter mapping
// that reads back; -o writes it, and replaces a file only with --force.
func TestEventsInspect(t *testing.T) {
	dir, _, log := shopProject(t)
	out := mustRun(t, "events", "inspect", log)
	for _, want := range []string{"Column   Type", "user     VARCHAR", "identifier", "action   VARCHAR                   event",
		"ts       TIMESTAMP WITH TIME ZONE  time", "country  VARCHAR                   attribute  "} {
		if !strings.Contains(out, want) {
			t.Errorf("inspect lacks %q:\n%s", want, out)
		}
	}
	_, starter, ok := strings.Cut(out, strings.Repeat("-", 72)+"\n\n")
	if !ok {
		t.Fatalf("no starter mapping after the line:\n%s", out)
	}
	m, err := behaviour.ParseMapping([]byte(starter))
	if err != nil {
		t.Fatalf("the starter mapping does not read back: %v\n%s", err, starter)
	}
	if m.Time.Column != "ts" || m.Event != "action" || !slices.Equal(m.Identifiers, []string{"user"}) || len(m.Rules) == 0 {
		t.Errorf("starter mapping: %+v", m)
	}

	file := filepath.Join(dir, "shop.toml")
	out = mustRun(t, "events", "inspect", log, "-o", file)
	if !strings.Contains(out, "wrote "+file) || strings.Contains(out, "[columns]") {
		t.Errorf("inspect -o printed:\n%s", out)
	}
	// (The sample values in its comments may come in another order.)
	written, _ := os.ReadFile(file)
	if wm, err := behaviour.ParseMapping(written); err != nil || fmt.Sprint(wm) != fmt.Sprint(m) {
		t.Errorf("-o wrote another mapping (%v):\n%s", err, written)
	}
	// The written mapping imports.
	_, project, _ := shopProject(t)
	mustRun(t, "events", "import", log, "--map", file, "--into", project)

	os.WriteFile(file, []byte("# mine\n"), 0o644)
	code, _, errs := run(t, "events", "inspect", log, "-o", file)
	if code != ExitError || errs != "waymark events inspect: "+file+" already exists; add --force to replace it, or name another file\n" {
		t.Errorf("-o over a file: exit %d, %q", code, errs)
	}
	if b, _ := os.ReadFile(file); string(b) != "# mine\n" {
		t.Error("the file was replaced without --force")
	}
	mustRun(t, "events", "inspect", log, "-o", file, "--force")
	if b, _ := os.ReadFile(file); !strings.HasPrefix(string(b), "# Waymark mapping, guessed from log.csv") {
		t.Error("--force did not replace the file")
	}
}

// TestEventsSQL: each dialect gives the two queries under their headers.
func TestEventsSQL(t *testing.T) {
	for _, d := range behaviour.Dialects {
		t.Run(string(d), func(t *testing.T) {
			code, out, errs := run(t, "events", "sql", "--map", "../assets/mappings/bpi2012.toml", "--dialect", string(d), "--table", "loans.events")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			links, events, ok := strings.Cut(out, "\n\n-- 2. stage events: save the result as stage_events.csv (or .parquet)\n")
			body, ok1 := strings.CutPrefix(links, "-- 1. identifier links: save the result as links.csv (or .parquet)\n")
			if !ok || !ok1 || strings.TrimSpace(body) == ";" || strings.TrimSpace(body) == "" || strings.TrimSpace(events) == ";" ||
				!strings.HasSuffix(events, ";\n") {
				t.Errorf("not two queries under their headers:\n%s", out)
			}
			if !strings.Contains(out, "loans") {
				t.Errorf("the queries do not read --table:\n%s", out)
			}
		})
	}
}

// runExtract runs one query as `waymark events sql` printed it (its
// statements, the last one's result saved) in conn, over the table events.
func runExtract(t *testing.T, conn *sql.Conn, query, out string) {
	t.Helper()
	statements := strings.Split(strings.TrimSuffix(strings.TrimSpace(query), ";"), ";\n")
	ctx := context.Background()
	for _, s := range statements[:len(statements)-1] {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	last := statements[len(statements)-1]
	if _, err := conn.ExecContext(ctx, "COPY ("+last+") TO '"+strings.ReplaceAll(out, "'", "''")+"'"); err != nil {
		t.Fatalf("%s: %v", last, err)
	}
}

// TestEventsExtracts: the queries `events sql` prints, run in a DuckDB
// holding the log as a warehouse table, give files that `events import
// --links --stage-events` turns into the figures of the direct import.
func TestEventsExtracts(t *testing.T) {
	dir, project, log := shopProject(t)
	mustRun(t, append([]string{"events", "import", log, "--into", project}, shopFlags...)...)
	direct := reportOf(t, project)

	queries := mustRun(t, append([]string{"events", "sql", "--dialect", "duckdb"}, shopFlags...)...)
	first, second, ok := strings.Cut(queries, "\n\n-- 2. stage events: save the result as stage_events.csv (or .parquet)\n")
	first, ok1 := strings.CutPrefix(first, "-- 1. identifier links: save the result as links.csv (or .parquet)\n")
	if !ok || !ok1 {
		t.Fatalf("events sql printed:\n%s", queries)
	}
	connector, err := duckdb.NewConnector("", nil)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "CREATE TABLE events AS SELECT * FROM read_csv('"+log+"', all_varchar = true)"); err != nil {
		t.Fatal(err)
	}
	links, stageEvents := filepath.Join(dir, "links.csv"), filepath.Join(dir, "stage_events.csv")
	runExtract(t, conn, first, links)
	runExtract(t, conn, second, stageEvents)

	project2 := filepath.Join(t.TempDir(), "warehouse.cjm")
	mustRun(t, "new", project2)
	out := mustRun(t, append([]string{"events", "import", "--links", links, "--stage-events", stageEvents, "--into", project2}, shopFlags...)...)
	if !strings.Contains(out, "imported the extracts "+links+", "+stageEvents+" into journey") {
		t.Errorf("summary:\n%s", out)
	}
	got := reportOf(t, project2)
	if got.Persons != direct.Persons || got.Events != direct.Events || got.Unmapped != direct.Unmapped || len(got.Stages) != len(direct.Stages) {
		t.Fatalf("extracts: %+v\ndirect: %+v", got, direct)
	}
	for i := range got.Stages {
		g, d := got.Stages[i], direct.Stages[i]
		g.StageID, d.StageID = "", ""
		if fmt.Sprint(g) != fmt.Sprint(d) {
			t.Errorf("stage %d from the extracts: %+v\ndirect: %+v", i+1, g, d)
		}
	}
}

// `export --format csv --metrics` writes the figures beside the cards, the
// same as `events report --format csv`; where it does not apply it is a
// usage error, and a journey without figures writes neither file.
func TestExportMetrics(t *testing.T) {
	dir, project, log := shopProject(t)
	cards, metrics := filepath.Join(dir, "cards.csv"), filepath.Join(dir, "metrics.csv")
	code, _, errs := run(t, "export", project, "--format", "csv", "-o", cards, "--metrics", metrics)
	if code != ExitError || !strings.Contains(errs, `journey "Untitled journey" has no behaviour figures`) {
		t.Errorf("no figures: exit %d, %q", code, errs)
	}
	if _, err := os.Stat(cards); err == nil {
		t.Error("the cards were written without their figures")
	}
	mustRun(t, append([]string{"events", "import", log, "--into", project}, shopFlags...)...)
	out := mustRun(t, "export", project, "--format", "csv", "-o", cards, "--metrics", metrics)
	if !strings.Contains(out, "wrote "+metrics+": the behaviour figures") {
		t.Errorf("stdout %q", out)
	}
	got, err := os.ReadFile(metrics)
	if err != nil {
		t.Fatal(err)
	}
	if want := mustRun(t, "events", "report", project, "--format", "csv"); string(got) != want || !strings.Contains(want, ",Cart,3,") {
		t.Errorf("metrics.csv\n%s\nevents report\n%s", got, want)
	}
	for _, args := range [][]string{
		{"--format", "pdf", "-o", filepath.Join(dir, "x.pdf"), "--metrics", metrics},
		{"--format", "json", "--metrics", metrics},
		{"--format", "mermaid", "-o", filepath.Join(dir, "x.mmd"), "--metrics", metrics},
		{"--format", "csv", "-o", cards, "--metrics", cards},
		{"--format", "csv", "-o", cards, "--metrics", "-"},
	} {
		if code, _, errs := run(t, append([]string{"export", project}, args...)...); code != ExitUsage || !strings.Contains(errs, "--metrics") {
			t.Errorf("%q: exit %d, %q", args, code, errs)
		}
	}
}
