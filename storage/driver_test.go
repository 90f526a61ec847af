//go:build cgo

package storage

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mattn/go-sqlite3"

	"waymark/model"
)

// Every connection Waymark opens is hardened before it runs a statement.
func TestConnectionsAreHardened(t *testing.T) {
	c, err := openConn(ctx, filepath.Join(t.TempDir(), "h.db"), "mode=rwc")
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	for pragma, want := range map[string]int64{"trusted_schema": 0, "cell_size_check": 1, "mmap_size": 0} {
		if got, err := c.intPragma(ctx, pragma); err != nil || got != want {
			t.Errorf("PRAGMA %s = %d (%v), want %d", pragma, got, err, want)
		}
	}
	err = c.Raw(func(dc any) error {
		sc := dc.(*sqlite3.SQLiteConn)
		for _, l := range connLimits {
			if got := sc.GetLimit(l.id); got != l.value {
				t.Errorf("limit %d is %d, want %d", l.id, got, l.value)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ExecContext(ctx, "SELECT load_extension('/nonexistent')"); err == nil || !strings.Contains(err.Error(), "not authorized") {
		t.Errorf("load_extension is available: %v", err)
	}
	if _, err := c.ExecContext(ctx, "ATTACH DATABASE ':memory:' AS other"); err == nil {
		t.Error("ATTACH is allowed")
	}
}

func TestWorkingCopySettings(t *testing.T) {
	doc, err := NewDocument(richProject(t), testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	var mode string
	if err := doc.wc.c.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode %q %v", mode, err)
	}
	for pragma, want := range map[string]int64{"synchronous": 2, "secure_delete": 1, "foreign_keys": 1} {
		if got, err := doc.wc.c.intPragma(ctx, pragma); err != nil || got != want {
			t.Errorf("PRAGMA %s = %d (%v), want %d", pragma, got, err, want)
		}
	}
	// The lock is held: nobody else may take this working copy.
	if _, ok, err := tryLock(doc.wc.path(".lock")); ok || err != nil {
		t.Errorf("lock not held: %v %v", ok, err)
	}
}

func TestSaveWithCancellableContextReportsProgress(t *testing.T) {
	var last, total int64
	opt := testOptions(t)
	opt.Progress = func(done, all int64) {
		if done < last || done > all {
			t.Errorf("progress %d/%d after %d", done, all, last)
		}
		last, total = done, all
	}
	doc, err := NewDocument(richProject(t), opt)
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	cctx, cancel := contextWithCancel()
	defer cancel()
	if err := doc.SaveAs(cctx, filepath.Join(t.TempDir(), "p.cjm")); err != nil {
		t.Fatal(err)
	}
	if total == 0 || last != total {
		t.Fatalf("progress ended at %d/%d", last, total)
	}
}

func TestClosedDocumentRefusesWork(t *testing.T) {
	doc, err := NewDocument(richProject(t), testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Close(); err != nil {
		t.Fatal(err)
	}
	if err := doc.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if err := doc.History().Do(&model.RenameProject{Name: "x"}); err == nil {
		t.Fatal("a closed document took an edit")
	}
	if err := doc.SaveAs(ctx, filepath.Join(t.TempDir(), "c.cjm")); err == nil {
		t.Fatal("a closed document saved")
	}
	var fe *fileError
	if err := doc.SaveAs(ctx, filepath.Join(t.TempDir(), "c.cjm")); !errors.As(err, &fe) {
		t.Fatalf("not a file error: %v", err)
	}
}
