package storage

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"waymark/model"
)

// Opening a 2,000-card map that keeps 100 versions against the same map
// without them. Target: at most 10% more. Run:
// go test -run x -bench OpenWithVersions -benchtime 40x ./storage/

// versionedFiles writes a 2,000-card map twice: once with 100 versions
// (a card edited before each), once as the same map without any.
func versionedFiles(b *testing.B) (with, without string) {
	b.Helper()
	p := bigProject(b)
	j := p.Journeys[0]
	// 20 stages × 10 lanes × 10 cards of the 10,000.
	var kept []*model.Touchpoint
	for _, t := range j.Touchpoints {
		if t.Order < 10 {
			kept = append(kept, t)
		}
	}
	j.Touchpoints = kept
	if len(kept) != 2000 {
		b.Fatalf("%d cards", len(kept))
	}
	dir := b.TempDir()
	with = writeGood(b, p, dir, "with.cjm")
	doc, err := Open(ctx, with, testOptions(b))
	if err != nil {
		b.Fatal(err)
	}
	defer doc.Close()
	for i := range 100 {
		editCard(b, doc, (i*37)%2000, fmt.Sprintf("Edited before version %d", i+1))
		if _, err := doc.SaveVersion(ctx, model.Version{Name: fmt.Sprintf("Version %d", i+1), Note: "A round of edits"}); err != nil {
			b.Fatal(err)
		}
	}
	if err := doc.Save(ctx); err != nil {
		b.Fatal(err)
	}
	without = filepath.Join(dir, "without.cjm")
	if err := WriteWithoutHistory(ctx, doc.Project(), without); err != nil {
		b.Fatal(err)
	}
	return with, without
}

func BenchmarkOpenWithVersions(b *testing.B) {
	with, without := versionedFiles(b)
	for _, f := range []struct{ name, path string }{{"without", without}, {"with100", with}} {
		b.Run(f.name, func(b *testing.B) {
			fi, err := os.Stat(f.path)
			if err != nil {
				b.Fatal(err)
			}
			var stored int64
			db := plainDB(b, f.path)
			if err := db.QueryRow("SELECT coalesce(sum(length(data)), 0) FROM version").Scan(&stored); err != nil {
				b.Fatal(err)
			}
			db.Close()
			opt := testOptions(b)
			b.Cleanup(func() {
				b.ReportMetric(float64(fi.Size())/(1<<20), "MB/file")
				b.ReportMetric(float64(stored)/(1<<10), "KB/versions")
			})
			b.ResetTimer()
			measureCPU(b)
			for i := 0; i < b.N; i++ {
				doc, err := Open(ctx, f.path, opt)
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				doc.Close()
				b.StartTimer()
			}
		})
	}
}

// Decoding a version of the 2,000-card map of versionedFiles: the whole
// one, and the last of chains of 32 and 64 steps of changes (a card
// edited in each). Run:
// go test -run x -bench VersionProject -benchtime 20x ./storage/
func BenchmarkVersionProject(b *testing.B) {
	with, _ := versionedFiles(b)
	doc, err := Open(ctx, with, testOptions(b))
	if err != nil {
		b.Fatal(err)
	}
	defer doc.Close()
	for _, tc := range []struct {
		name  string
		seq   int
		steps int
	}{{"whole", 1, 0}, {"32steps", 33, 32}, {"64steps", 65, 64}} {
		b.Run(tc.name, func(b *testing.B) {
			steps := 0
			versionStepHook = func(int) { steps++ }
			defer func() { versionStepHook = nil }()
			if _, err := doc.VersionProject(ctx, tc.seq); err != nil {
				b.Fatal(err)
			}
			if steps != tc.steps+1 {
				b.Fatalf("version %d takes %d steps, want %d", tc.seq, steps, tc.steps+1)
			}
			versionStepHook = nil
			b.ResetTimer()
			for range b.N {
				if _, err := doc.VersionProject(ctx, tc.seq); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
