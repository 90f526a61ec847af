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

// TestSaveRemovesStaleBackupLinks: a save killed between making its backup
// link and removing it leaves a second name for the old file, which may
// hold deleted text. The next save removes it once its link is old (by the
// inode's change time; a fresh link belongs to a save running now).
func TestSaveRemovesStaleBackupLinks(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "map.cjm")
	p := &model.Project{ID: model.NewID(), Name: "Backups", Scale: model.DefaultScale}
	if err := WriteNew(context.Background(), p, target); err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(dir, ".map.cjm.old-1111")
	if err := os.Link(target, old); err != nil {
		t.Skipf("no hard links here: %v", err)
	}
	if _, ok := changedAt(old); !ok {
		t.Skip("this platform keeps no inode change time; backup links stay")
	}
	save := func() {
		t.Helper()
		doc, err := Open(context.Background(), target, testOptions(t))
		if err != nil {
			t.Fatal(err)
		}
		defer doc.Close()
		if err := doc.History().Do(&model.RenameProject{Name: "Backups, again"}); err != nil {
			t.Fatal(err)
		}
		if err := doc.Save(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	save()
	if _, err := os.Lstat(old); err != nil {
		t.Fatalf("a fresh backup link was removed: %v", err)
	}
	// Two hours on, the same link is a leftover.
	defer func(f func() time.Time) { timeNow = f }(timeNow)
	timeNow = func() time.Time { return time.Now().Add(2 * staleAfter) }
	save()
	if _, err := os.Lstat(old); !os.IsNotExist(err) {
		t.Fatalf("a stale backup link was kept: %v", err)
	}
}
