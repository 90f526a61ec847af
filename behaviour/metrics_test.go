package behaviour

import (
	"fmt"
	"testing"

	"waymark/model"
)

// The hand-computed log of the metric tests. Eight persons, three stages
// (a, b, c), in file order:
//   - p1 goes a, b, c: 300 s then 900 s.
//   - p2 does b before a (it counts toward nothing in funnel mode), then
//     c before its second b: it reaches A and B (1,800 s) but not C.
//   - p3's b (by email) and a share a time and b comes first in the
//     file: A only.
//   - p4's a and b share a time and a comes first: A and B, 0 s.
//   - p5's rows are out of order in the file: A, B, C an hour apart.
//   - p6 crosses the spring DST change with offsets: 7,200 s real time.
//   - p7 crosses it without offsets, read in Europe/Amsterdam: 01:30 CET
//     to 03:30 CEST is 3,600 s, then 1,800 s to c.
//   - p8 only has c.
const metricLog = `user,event,time,channel,country
p1,a,2024-03-30T10:00:00Z,web,NL
p1,b,2024-03-30T10:05:00Z,email,NL
p1,c,2024-03-30T10:20:00Z,web,NL
p2,b,2024-03-30T09:00:00Z,email,NL
p2,a,2024-03-30T09:10:00Z,web,NL
p2,c,2024-03-30T09:30:00Z,web,NL
p2,b,2024-03-30T09:40:00Z,app,NL
p3,b,2024-03-30T12:00:00Z,email,NL
p3,a,2024-03-30T12:00:00Z,web,NL
p4,a,2024-03-30T12:00:00Z,web,NL
p4,b,2024-03-30T12:00:00Z,web,NL
p5,c,2024-03-30T15:00:00Z,web,FR
p5,b,2024-03-30T14:00:00Z,web,
p5,a,2024-03-30T13:00:00Z,web,DE
p6,a,2024-03-31T00:30:00+01:00,web,DE
p6,b,2024-03-31T03:30:00+02:00,web,DE
p7,a,2024-03-31 01:30:00,web,
p7,b,2024-03-31 03:30:00,web,NL
p7,c,2024-03-31 04:00:00,web,NL
p8,c,2024-03-30T08:00:00Z,web,
`

func metricMapping() model.Mapping {
	m := model.DefaultMapping()
	m.Time = model.TimeColumn{Column: "time", Zone: "Europe/Amsterdam"}
	m.Identifiers = []string{"user"}
	m.Event = "event"
	m.Channel = "channel"
	m.Attributes = []string{"country"}
	m.Rules = stageRules("A", "a", "B", "b", "C", "c")
	return m
}

var abc = []string{"A", "B", "C"}

func TestFunnel(t *testing.T) {
	e := openEngine(t, Options{})
	log := writeLog(t, "log.csv", metricLog)
	b, rep := mustImport(t, e, []string{log}, metricMapping(), abc)
	if b.Persons != 8 || b.Events != 20 || b.Unmapped != 0 || b.BadRows != 0 || len(rep.AddedStages) != 0 {
		t.Errorf("persons %d events %d unmapped %d bad %d added %v", b.Persons, b.Events, b.Unmapped, b.BadRows, rep.AddedStages)
	}
	// B times: 300, 1800, 0, 3600, 7200, 3600 → sorted 0 300 1800 3600
	// 3600 7200: median (1800+3600)/2, 90th percentile the 6th (⌈5.4⌉).
	// C times: 900, 3600, 1800 → median 1800, 90th the 3rd (⌈2.7⌉).
	checkStages(t, "funnel", b.Stages, abc, []want{
		{reached: 7, fromPrev: 1, fromFirst: 1},
		{reached: 6, dropOff: 1, timed: 6, fromPrev: 6.0 / 7, fromFirst: 6.0 / 7, median: 2700, p90: 7200},
		{reached: 3, dropOff: 3, timed: 3, fromPrev: 0.5, fromFirst: 3.0 / 7, median: 1800, p90: 3600},
	})
	// B's events from each person's entry on: p2's email b before its a
	// does not count.
	if got := fmt.Sprint(b.Stages[1].Channels); got != fmt.Sprint([]model.ChannelShare{
		{Channel: "web", Events: 4, Share: 4.0 / 6}, {Channel: "app", Events: 1, Share: 1.0 / 6}, {Channel: "email", Events: 1, Share: 1.0 / 6}}) {
		t.Errorf("B's channel mix: %s", got)
	}
	if got := fmt.Sprint(b.Stages[1].EntryChannels); got != "[{web 4} {app 1} {email 1}]" {
		t.Errorf("B's entry channels: %s", got)
	}
}

func TestPresence(t *testing.T) {
	e := openEngine(t, Options{})
	m := metricMapping()
	m.Metrics.Mode = model.ModePresence
	b, _ := mustImport(t, e, []string{writeLog(t, "log.csv", metricLog)}, m, abc)
	// A: p1–p7. B: p1–p7 (p3's b counts). C: p1 p2 p5 p7 p8, of whom
	// p1 p2 p5 p7 also reached B and A.
	checkStages(t, "presence", b.Stages, abc, []want{
		{reached: 7, fromPrev: 1, fromFirst: 1},
		{reached: 7, fromPrev: 1, fromFirst: 1},
		{reached: 5, dropOff: 3, fromPrev: 4.0 / 7, fromFirst: 4.0 / 7},
	})
	// Every c counts toward C's channels, p8's too, though p8 has no a.
	if got := fmt.Sprint(b.Stages[2].Channels); got != "[{web 5 1}]" {
		t.Errorf("C's channel mix: %s", got)
	}
	// Every b toward B's: p1 email, p2 email and app, p3 email, four web.
	if got := fmt.Sprint(b.Stages[1].Channels); got != fmt.Sprint([]model.ChannelShare{
		{Channel: "web", Events: 4, Share: 0.5}, {Channel: "email", Events: 3, Share: 3.0 / 8}, {Channel: "app", Events: 1, Share: 1.0 / 8}}) {
		t.Errorf("B's channel mix: %s", got)
	}
}

func TestConversionWindow(t *testing.T) {
	e := openEngine(t, Options{})
	m := metricMapping()
	m.Metrics.WindowSeconds = 3600
	b, _ := mustImport(t, e, []string{writeLog(t, "log.csv", metricLog)}, m, abc)
	// Within an hour of a: p1 (b at 300 s, c at 1,200 s), p2 (b), p4 (b),
	// p5 (b at exactly 3,600 s; c at 7,200 s is out), p7 (b; c at 5,400 s
	// is out). p6's b is two hours on.
	checkStages(t, "window", b.Stages, abc, []want{
		{reached: 7, fromPrev: 1, fromFirst: 1},
		{reached: 5, dropOff: 2, timed: 5, fromPrev: 5.0 / 7, fromFirst: 5.0 / 7, median: 1800, p90: 3600},
		{reached: 1, dropOff: 4, timed: 1, fromPrev: 0.2, fromFirst: 1.0 / 7, median: 900, p90: 900},
	})
	// B's events within the window: p6's b, two hours on, is not one.
	if got := fmt.Sprint(b.Stages[1].Channels); got != fmt.Sprint([]model.ChannelShare{
		{Channel: "web", Events: 3, Share: 0.6}, {Channel: "app", Events: 1, Share: 0.2}, {Channel: "email", Events: 1, Share: 0.2}}) {
		t.Errorf("B's channel mix: %s", got)
	}
}

func TestSegmentsAndPaths(t *testing.T) {
	e := openEngine(t, Options{})
	m := metricMapping()
	m.Metrics.Segment = "country"
	m.Metrics.FoldBelow = 2
	b, _ := mustImport(t, e, []string{writeLog(t, "log.csv", metricLog)}, m, abc)
	// First non-empty country in time order: p1–p4 NL, p7 NL (its first
	// row is empty), p5 DE (its earliest row, last in the file; FR is its
	// latest), p6 DE, p8 none, which folds into Other.
	var got []string
	for _, s := range b.Segments {
		got = append(got, fmt.Sprintf("%s %d", s.Value, s.Persons))
	}
	if fmt.Sprint(got) != "[NL 5 DE 2 Other 1]" {
		t.Fatalf("segments: %v", got)
	}
	checkStages(t, "NL", b.Segments[0].Stages, abc, []want{
		{reached: 5, fromPrev: 1, fromFirst: 1},
		{reached: 4, dropOff: 1, timed: 4, fromPrev: 0.8, fromFirst: 0.8, median: 1050, p90: 3600},
		{reached: 2, dropOff: 2, timed: 2, fromPrev: 0.5, fromFirst: 0.4, median: 1350, p90: 1800},
	})
	checkStages(t, "DE", b.Segments[1].Stages, abc, []want{
		{reached: 2, fromPrev: 1, fromFirst: 1},
		{reached: 2, timed: 2, fromPrev: 1, fromFirst: 1, median: 5400, p90: 7200},
		{reached: 1, dropOff: 1, timed: 1, fromPrev: 0.5, fromFirst: 0.5, median: 3600, p90: 3600},
	})
	checkStages(t, "Other", b.Segments[2].Stages, abc, []want{{}, {}, {}})
	// Stage paths in order first reached: A>B>C p1 p5 p7; A>B p4 p6;
	// B>A>C p2; B>A p3; C p8. The last three have one person each.
	if got := fmt.Sprint(b.TopStagePaths); got != "[{A > B > C 3} {Other 3} {A > B 2}]" {
		t.Errorf("stage paths: %s", got)
	}
	// Channel paths: p1 web>email>web, p2 email>web>app, p3 email>web,
	// the rest web.
	if got := fmt.Sprint(b.TopChannelPaths); got != "[{web 5} {Other 3}]" {
		t.Errorf("channel paths: %s", got)
	}
}

// Each stage's most frequent (event, channel) pairs by persons, those of
// fewer persons than the fold left out: b by app is p2's alone.
func TestTopStageEvents(t *testing.T) {
	e := openEngine(t, Options{})
	m := metricMapping()
	m.Metrics.FoldBelow = 2
	b, _ := mustImport(t, e, []string{writeLog(t, "log.csv", metricLog)}, m, abc)
	got := fmt.Sprint(b.Stages[0].TopEvents, b.Stages[1].TopEvents, b.Stages[2].TopEvents)
	if want := "[{a web 7}] [{b web 4} {b email 3}] [{c web 5}]"; got != want {
		t.Errorf("top events %s, want %s", got, want)
	}
}
