package behaviour

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"waymark/model"
)

var (
	benchChannels  = []string{"web", "email", "app", "search", "social", "display", "referral", "phone"}
	benchCountries = []string{"NL", "DE", "BE", "FR", "UK", "ES", "IT", "SE", "PL", "DK"}
	benchPlans     = []string{"free", "plus", "pro"}
	benchDevices   = []string{"desktop", "mobile", "tablet", "tv"}
)

// writeSyntheticLog writes a CSV of about n events by about n/16 persons:
// user_id and anon_id columns (30% of persons browse anonymously, then
// log in on a row carrying both), ten stages stage_0..stage_9 reached in
// order with falling odds among page views, eight channels and three
// attributes.
func writeSyntheticLog(tb testing.TB, n int) string {
	tb.Helper()
	p := filepath.Join(tb.TempDir(), "synthetic.csv")
	f, err := os.Create(p)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString("user_id,anon_id,event,ts,channel,country,plan,device_type\n")
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	for person, written := 0, 0; written < n; person++ {
		events := 8 + rng.IntN(17) // 8..24, 16 on average
		anonymous := 0
		if rng.IntN(10) < 3 {
			anonymous = 1 + rng.IntN(events/2)
		}
		t := start + rng.Int64N(365*86400)
		stage := 0
		country := benchCountries[rng.IntN(len(benchCountries))]
		plan := benchPlans[rng.IntN(len(benchPlans))]
		device := benchDevices[rng.IntN(len(benchDevices))]
		for i := 0; i < events && written < n; i++ {
			user, anon := "u"+strconv.Itoa(person), ""
			switch {
			case i < anonymous:
				user, anon = "", "a"+strconv.Itoa(person)
			case i == anonymous && anonymous > 0:
				anon = "a" + strconv.Itoa(person)
			}
			event := "page_view"
			if stage < 10 && rng.IntN(3) > 0 {
				event = "stage_" + strconv.Itoa(stage)
				if rng.IntN(10) < 8 {
					stage++
				}
			}
			t += int64(rng.IntN(7200))
			fmt.Fprintf(w, "%s,%s,%s,%s,%s,%s,%s,%s\n", user, anon, event, time.Unix(t, 0).UTC().Format(time.RFC3339),
				benchChannels[rng.IntN(len(benchChannels))], country, plan, device)
			written++
		}
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	f.Close()
	return p
}

func syntheticMapping() (model.Mapping, []string) {
	m := model.DefaultMapping()
	m.Time.Column = "ts"
	m.Identifiers = []string{"user_id", "anon_id"}
	m.Event = "event"
	m.Channel = "channel"
	m.Attributes = []string{"country", "plan", "device_type"}
	m.Metrics.Segment = "country"
	var stages []string
	for i := range 10 {
		s := "Stage " + strconv.Itoa(i)
		stages = append(stages, s)
		m.Rules = append(m.Rules, model.StageRule{Stage: s, Pattern: "stage_" + strconv.Itoa(i)})
	}
	return m, stages
}

// The synthetic log imports consistently: every person is stitched from
// their anonymous start, and the funnel adds up.
func TestSyntheticLog(t *testing.T) {
	log := writeSyntheticLog(t, 20_000)
	m, stages := syntheticMapping()
	e := openEngine(t, Options{})
	b, rep := mustImport(t, e, []string{log}, m, stages)
	persons := int64(0)
	for _, s := range b.Segments {
		persons += s.Persons
	}
	// Every person logs in, so each is one user id: no refused ids.
	if b.Events != 20_000 || persons != b.Persons || len(rep.SharedRefused) != 0 || b.Stitching.Merges == 0 {
		t.Errorf("events %d persons %d (segments %d) refused %d merges %d", b.Events, b.Persons, persons, len(rep.SharedRefused), b.Stitching.Merges)
	}
	var users int64
	if err := e.conn.QueryRowContext(context.Background(), "SELECT count(DISTINCT user_id) FROM read_csv("+literal(log)+")").Scan(&users); err != nil {
		t.Fatal(err)
	}
	if b.Persons != users {
		t.Errorf("%d persons, %d user ids", b.Persons, users)
	}
	for i := 1; i < len(b.Stages); i++ {
		if b.Stages[i].Reached > b.Stages[i-1].Reached || b.Stages[i].DropOff != b.Stages[i-1].Reached-b.Stages[i].Reached {
			t.Errorf("stage %d: %+v", i, b.Stages[i])
		}
	}
}

// BenchmarkImport imports a synthetic CSV of 100,000 events (or
// WAYMARK_BENCH_EVENTS) through parsing, stitching and every figure, and
// reports beside it the time DuckDB takes merely to count the file's rows.
func BenchmarkImport(b *testing.B) {
	n := 100_000
	if s := os.Getenv("WAYMARK_BENCH_EVENTS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			b.Fatalf("WAYMARK_BENCH_EVENTS=%q is not a positive number", s)
		}
		n = v
	}
	log := writeSyntheticLog(b, n)
	m, stages := syntheticMapping()
	e := openEngine(b, Options{MemoryLimit: os.Getenv("WAYMARK_BENCH_MEMORY")})
	ctx := context.Background()
	var counting time.Duration
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := e.Import(ctx, []string{log}, m, stages); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		began := time.Now()
		var rows int64
		if err := e.conn.QueryRowContext(ctx, "SELECT count(*) FROM read_csv("+literal(log)+")").Scan(&rows); err != nil || rows != int64(n) {
			b.Fatalf("count: %d rows, %v", rows, err)
		}
		counting += time.Since(began)
		b.StartTimer()
	}
	b.StopTimer()
	count := float64(counting.Nanoseconds()) / float64(b.N)
	b.ReportMetric(count/1e6, "count-ms/op")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/count, "x-count")
	if mb := peakRSSMB(); mb > 0 {
		b.ReportMetric(mb, "peak-RSS-MB")
	}
}

// peakRSSMB is the process's peak resident memory (Linux), DuckDB's
// included, or 0.
func peakRSSMB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 64)
			return kb / 1024
		}
	}
	return 0
}
