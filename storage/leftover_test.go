package storage

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"waymark/model"
)

// TestSaveRemovesStaleLeftovers: temporary files a killed save left beside
// the target go at the next save once they are old; fresh ones (a save
// running elsewhere right now) stay.
func TestSaveRemovesStaleLeftovers(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "map [1].cjm")
	old := filepath.Join(dir, ".map [1].cjm.tmp-111")
	fresh := filepath.Join(dir, ".map [1].cjm.tmp-222")
	other := filepath.Join(dir, ".other.cjm.tmp-333")
	for _, f := range []string{old, fresh, other} {
		if err := os.WriteFile(f, []byte("half a file"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	long := time.Now().Add(-2 * staleAfter)
	os.Chtimes(old, long, long)
	os.Chtimes(other, long, long)
	p := &model.Project{ID: model.NewID(), Name: "Leftovers", Scale: model.DefaultScale}
	if err := WriteNew(context.Background(), p, target); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Error("a stale temporary file of the target was kept")
	}
	for _, f := range []string{fresh, other} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("%s was removed: %v", filepath.Base(f), err)
		}
	}
}
