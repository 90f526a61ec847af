package storage

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"waymark/model"
)

// The 10,000-card benchmarks. Targets: open ≤ 50 ms, one committed edit
// ≤ 2 ms, save ≤ 150 ms. Run: go test -run x -bench . -benchtime 20x ./storage/

// measureCPU reports CPU milliseconds per operation when the benchmark ends.
func measureCPU(b *testing.B) {
	start := cpuTime()
	b.Cleanup(func() {
		if b.N > 0 {
			b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
		}
	})
}

func bigFile(b *testing.B) (string, int64) {
	b.Helper()
	path := writeGood(b, bigProject(b), b.TempDir(), "big.cjm")
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	return path, fi.Size()
}

func BenchmarkOpen10k(b *testing.B) {
	path, size := bigFile(b)
	opt := testOptions(b)
	b.ReportMetric(float64(size)/(1<<20), "MB/file")
	b.ResetTimer()
	measureCPU(b)
	for i := 0; i < b.N; i++ {
		doc, err := Open(ctx, path, opt)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		doc.Close()
		b.StartTimer()
	}
}

func BenchmarkCommitEdit10k(b *testing.B) {
	path, _ := bigFile(b)
	doc, err := Open(ctx, path, testOptions(b))
	if err != nil {
		b.Fatal(err)
	}
	defer doc.Close()
	cards := doc.Project().Journeys[0].Touchpoints
	b.ResetTimer()
	measureCPU(b)
	for i := 0; i < b.N; i++ {
		card := cards[(i*7919)%len(cards)].Clone()
		card.Title = fmt.Sprintf("Edited title %d", i)
		if err := doc.History().Do(&model.UpdateTouchpoint{After: card}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSave10k(b *testing.B) {
	path, _ := bigFile(b)
	doc, err := Open(ctx, path, testOptions(b))
	if err != nil {
		b.Fatal(err)
	}
	defer doc.Close()
	dir := b.TempDir()
	b.ResetTimer()
	measureCPU(b)
	for i := 0; i < b.N; i++ {
		if err := doc.SaveAs(ctx, filepath.Join(dir, fmt.Sprintf("saved-%d.cjm", i))); err != nil {
			b.Fatal(err)
		}
	}
}
