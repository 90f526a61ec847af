package behaviour

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"waymark/model"
)

// No bytes make Inspect, Preview, CountStages or Import panic, and what
// Import accepts passes Check. Run it briefly with: go test -run '^$' -fuzz FuzzImport -fuzztime 2000x ./behaviour/
func FuzzImport(f *testing.F) {
	f.Add([]byte(metricLog), uint8(0))
	f.Add([]byte(metricJSONL()), uint8(1))
	f.Add([]byte("user,device,anon,event,time\n,d1,,view,2024-01-01T00:00:00Z\nu1,d1,c1,login,1\n\"0\",,,view,2024-01-01\n"), uint8(0))
	f.Add([]byte("a\tb\n\"x\ty\"\n"), uint8(2))
	f.Add([]byte("{\"user\": [1, {\"x\": null}], \"event\": 3, \"time\": 1.5}\n{}\n"), uint8(1))
	e := openEngine(f, Options{MemoryLimit: "512MB", Threads: 1})
	dir := f.TempDir()
	names := []string{"log.csv", "log.jsonl", "log.tsv"}
	f.Fuzz(func(t *testing.T, data []byte, kind uint8) {
		p := filepath.Join(dir, names[int(kind)%len(names)])
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(p)
		ctx := context.Background()
		mappings := []model.Mapping{metricMapping()}
		if in, err := e.Inspect(ctx, []string{p}); err == nil {
			if _, err := ParseMapping([]byte(in.StarterMapping())); err != nil {
				t.Errorf("the starter mapping does not parse: %v", err)
			}
			mappings = append(mappings, in.Mapping)
		}
		e.Preview(ctx, []string{p}, 50)
		for _, m := range mappings {
			e.CountStages(ctx, []string{p}, m, abc, 3)
			for _, mode := range []model.MetricMode{model.ModeFunnel, model.ModePresence} {
				m.Metrics.Mode = mode
				m.Metrics.BadRowLimit = 1
				b, _, err := e.Import(ctx, []string{p}, m, abc)
				if err == nil {
					if err := b.Check(); err != nil {
						t.Errorf("accepted figures fail Check: %v", err)
					}
				}
			}
		}
	})
}
