package behaviour

import (
	"context"
	"errors"
	"os"
	"testing"
)

// An engine makes its own spill folder under the root and removes it on
// Close, leaving the root.
func TestEngineSpillFolder(t *testing.T) {
	root := t.TempDir()
	e, err := Open(context.Background(), Options{TempRoot: root, MemoryLimit: "1GB", Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(root)
	if len(entries) != 1 || !entries[0].IsDir() {
		t.Fatalf("spill folders: %v", entries)
	}
	var dir, limit string
	var threads int64
	if err := e.conn.QueryRowContext(context.Background(), "SELECT current_setting('temp_directory'), current_setting('memory_limit'), current_setting('threads')").Scan(&dir, &limit, &threads); err != nil {
		t.Fatal(err)
	}
	if dir != e.temp || threads != 1 || limit == "" {
		t.Errorf("temp_directory %q (want %q), threads %d, memory_limit %q", dir, e.temp, threads, limit)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(root); len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
}

// Without options: half the RAM and one thread per CPU.
func TestEngineDefaults(t *testing.T) {
	e := openEngine(t, Options{MemoryLimit: halfRAM()})
	if halfRAM() == "" {
		t.Skip("the machine's memory cannot be read here")
	}
	var zone string
	if err := e.conn.QueryRowContext(context.Background(), "SELECT current_setting('TimeZone')").Scan(&zone); err != nil || zone == "" {
		t.Errorf("time zone %q, %v", zone, err)
	}
}

func TestImportCancelled(t *testing.T) {
	e := openEngine(t, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := e.Import(ctx, []string{writeLog(t, "log.csv", metricLog)}, metricMapping(), abc)
	if err == nil {
		t.Fatal("a cancelled import went through")
	}
	// The engine still works afterwards.
	mustImport(t, e, []string{writeLog(t, "log.csv", metricLog)}, metricMapping(), abc)
	_ = errors.Is(err, context.Canceled)
}

// A tight memory limit makes DuckDB spill to the folder rather than
// fail: the paths, the funnel and the stitching all run in it. (At 96 MB
// reading the CSV itself sometimes ran out; 10 million events under a
// 2 GB limit are in the benchmark.)
func TestSmallMemoryLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 200,000 events")
	}
	log := writeSyntheticLog(t, 200_000)
	m, stages := syntheticMapping()
	e := openEngine(t, Options{MemoryLimit: "160MB", Threads: 1})
	b, _ := mustImport(t, e, []string{log}, m, stages)
	if b.Events != 200_000 {
		t.Errorf("%d events", b.Events)
	}
}

// An import leaves no table behind, whether it succeeds or fails.
func TestImportLeavesNoTables(t *testing.T) {
	e := openEngine(t, Options{})
	ctx := context.Background()
	mustImport(t, e, []string{writeLog(t, "log.csv", metricLog)}, metricMapping(), abc)
	bad := metricMapping()
	bad.Metrics.BadRowLimit = 0.0001
	if _, _, err := e.Import(ctx, []string{writeLog(t, "log.csv", metricLog+"p9,a,never\n")}, bad, abc); err == nil {
		t.Fatal("a bad row above the limit went through")
	}
	var n int64
	if err := e.conn.QueryRowContext(ctx, "SELECT count(*) FROM duckdb_tables() WHERE NOT internal").Scan(&n); err != nil || n != 0 {
		t.Errorf("%d tables left (%v)", n, err)
	}
}
