package behaviour

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"waymark/model"
)

// openEngine opens an engine whose spill folder is under the test's
// temporary folder, and closes it at the end of the test.
func openEngine(t testing.TB, opts Options) *Engine {
	t.Helper()
	if opts.TempRoot == "" {
		opts.TempRoot = t.TempDir()
	}
	if opts.MemoryLimit == "" {
		opts.MemoryLimit = "2GB"
	}
	e, err := Open(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// writeLog writes text to a file named name in a temporary folder.
func writeLog(t testing.TB, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func mustImport(t testing.TB, e *Engine, logs []string, m model.Mapping, stages []string) (*model.Behaviour, *Report) {
	t.Helper()
	b, rep, err := e.Import(context.Background(), logs, m, stages)
	if err != nil {
		t.Fatal(err)
	}
	return b, rep
}

// stageRules maps each stage to the events named pattern, exactly.
func stageRules(pairs ...string) []model.StageRule {
	var out []model.StageRule
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, model.StageRule{Stage: pairs[i], Pattern: pairs[i+1]})
	}
	return out
}

// want is a stage's expected figures, in the numbers a reader checks by
// hand.
type want struct {
	reached, dropOff, timed int64
	fromPrev, fromFirst     float64
	median, p90             float64
}

func checkStages(t *testing.T, label string, got []model.StageFigures, names []string, w []want) {
	t.Helper()
	if len(got) != len(w) {
		t.Fatalf("%s: %d stages, want %d", label, len(got), len(w))
	}
	for i, s := range got {
		x := w[i]
		if s.Stage != names[i] || s.Reached != x.reached || s.DropOff != x.dropOff || s.Timed != x.timed ||
			!near(s.ConversionFromPrevious, x.fromPrev) || !near(s.ConversionFromFirst, x.fromFirst) ||
			!near(s.MedianSeconds, x.median) || !near(s.P90Seconds, x.p90) {
			t.Errorf("%s stage %d: got %s reached %d drop-off %d timed %d from previous %.4f from first %.4f median %g p90 %g; want %s %+v",
				label, i+1, s.Stage, s.Reached, s.DropOff, s.Timed, s.ConversionFromPrevious, s.ConversionFromFirst,
				s.MedianSeconds, s.P90Seconds, names[i], x)
		}
		if s.Reached > 0 && i > 0 && !near(s.DropOffRate, float64(s.DropOff)/float64(got[i-1].Reached)) {
			t.Errorf("%s stage %d: drop-off rate %g", label, i+1, s.DropOffRate)
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

var fixedNow = time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
