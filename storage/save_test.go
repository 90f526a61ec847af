package storage

import (
	"bytes"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"waymark/model"
)

// openEdited opens a fresh copy of the rich project and changes it, so that
// a save would change the file.
func openEdited(t *testing.T) (*Document, string, []byte) {
	t.Helper()
	path := writeGood(t, richProject(t), t.TempDir(), "map.cjm")
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Open(ctx, path, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { doc.Close() })
	if err := doc.History().Do(&model.RenameProject{Name: "Edited"}); err != nil {
		t.Fatal(err)
	}
	return doc, path, before
}

func TestSaveFailureLeavesOriginal(t *testing.T) {
	for _, step := range []string{"write", "sync", "rename", "dirsync", "full disk"} {
		t.Run(step, func(t *testing.T) {
			doc, path, before := openEdited(t)
			dir := filepath.Dir(path)
			files := listing(t, dir)
			if step == "full disk" {
				maxPageCount = len(before)/4096 - 2 // room for the schema, not the rows
			} else {
				faultAt = step
			}
			err := doc.Save(ctx)
			faultAt, maxPageCount = "", 0
			if err == nil {
				t.Fatal("Save succeeded despite the fault")
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "map.cjm: could not be saved: ") || strings.Contains(msg, "\n") {
				t.Fatalf("unclear error: %q", msg)
			}
			t.Log(msg)
			if step == "full disk" && !strings.Contains(msg, "full") {
				t.Fatalf("full disk not named: %q", msg)
			}
			if now, _ := os.ReadFile(path); !bytes.Equal(now, before) {
				t.Fatal("the original changed")
			}
			if got := listing(t, dir); got != files {
				t.Fatalf("files left beside the original:\n%s\nwas\n%s", got, files)
			}
			if !doc.History().Dirty() {
				t.Fatal("a failed save marked the document saved")
			}
			// Nothing was lost: the next save works.
			if err := doc.Save(ctx); err != nil {
				t.Fatal(err)
			}
			if doc.History().Dirty() {
				t.Fatal("still dirty after saving")
			}
			p, err := Check(ctx, path)
			if err != nil || p.Name != "Edited" {
				t.Fatalf("saved file: %v %v", p, err)
			}
			if got := listing(t, dir); strings.Count(got, "\n") != 0 {
				t.Fatalf("files left beside the saved file:\n%s", got)
			}
		})
	}
}

func TestSaveRefusesFileChangedOnDisk(t *testing.T) {
	doc, path, _ := openEdited(t)
	// Someone else saves a different project over the file.
	other := filepath.Join(t.TempDir(), "other.cjm")
	writeGood(t, richProject(t), filepath.Dir(other), "other.cjm")
	theirs, _ := os.ReadFile(other)
	if err := os.WriteFile(path, theirs, 0o644); err != nil {
		t.Fatal(err)
	}
	err := doc.Save(ctx)
	if !errors.Is(err, ErrChangedOnDisk) {
		t.Fatalf("got %v", err)
	}
	if want := "map.cjm was changed on disk by someone else since you opened it; use Save As to keep both"; err.Error() != want {
		t.Fatalf("got %q", err)
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, theirs) {
		t.Fatal("their file was overwritten")
	}
	// Save As to the same path is the user's explicit choice.
	if err := doc.SaveAs(ctx, path); err != nil {
		t.Fatal(err)
	}
	if err := doc.Save(ctx); err != nil {
		t.Fatalf("after Save As the file is ours again: %v", err)
	}
}

func TestSaveUnchangedTouchedFile(t *testing.T) {
	doc, path, before := openEdited(t)
	// Same bytes, new time (a sync tool copying it back) is not a change.
	if err := os.WriteFile(path, before, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := doc.Save(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestSaveRecreatesDeletedFile(t *testing.T) {
	doc, path, _ := openEdited(t)
	os.Remove(path)
	if err := doc.Save(ctx); err != nil {
		t.Fatal(err)
	}
	if p, err := Check(ctx, path); err != nil || p.Name != "Edited" {
		t.Fatalf("%v %v", p, err)
	}
}

func TestSaveUntitledNeedsSaveAs(t *testing.T) {
	doc, err := NewDocument(richProject(t), testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	if err := doc.Save(ctx); err == nil {
		t.Fatal("an untitled project saved without a path")
	}
}

// Deleted text must not survive in the saved file: it is written fresh, so
// free pages of the working copy never reach it.
func TestDeletedTextNotInSavedFile(t *testing.T) {
	const secret = "ACQUISITION-OF-ACME-CONFIDENTIAL"
	p := richProject(t)
	doc, err := NewDocument(p, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	j := p.Journeys[0]
	card := j.Touchpoints[0].Clone()
	card.Notes = "Roadmap: " + secret
	if err := doc.History().Do(&model.UpdateTouchpoint{After: card}); err != nil {
		t.Fatal(err)
	}
	var working []byte
	for _, ext := range []string{".cjm", ".cjm-wal"} {
		b, _ := os.ReadFile(doc.wc.path(ext))
		working = append(working, b...)
	}
	if !bytes.Contains(working, []byte(secret)) {
		t.Fatal("the secret is not in the working copy, so this test proves nothing")
	}
	card = card.Clone()
	card.Notes = "Nothing to see"
	if err := doc.History().Do(&model.UpdateTouchpoint{After: card}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "clean.cjm")
	if err := doc.SaveAs(ctx, path); err != nil {
		t.Fatal(err)
	}
	saved, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(saved, []byte(secret)) {
		t.Fatal("deleted text is in the saved file")
	}
	// One file, rollback-journal mode.
	if got := listing(t, dir); strings.Contains(got, "-wal") || strings.Contains(got, "-shm") || strings.Count(got, "\n") != 0 {
		t.Fatalf("files beside the saved file:\n%s", got)
	}
	if saved[18] != 1 || saved[19] != 1 {
		t.Fatalf("file format bytes %d %d, want 1 1 (not WAL)", saved[18], saved[19])
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var mode string
	if err := db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "delete" {
		t.Fatalf("journal_mode %q %v", mode, err)
	}
}

func TestSaveCancelled(t *testing.T) {
	doc, path, before := openEdited(t)
	cctx, cancel := contextWithCancel()
	cancel()
	if err := doc.Save(cctx); err == nil {
		t.Fatal("a cancelled save succeeded")
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, before) {
		t.Fatal("the original changed")
	}
	if got := listing(t, filepath.Dir(path)); strings.Count(got, "\n") != 0 {
		t.Fatalf("files left: %s", got)
	}
}

// Verifying a written file compares its row counts and stored digest with
// the project's.
func TestVerifyFile(t *testing.T) {
	p := richProject(t)
	path := writeGood(t, p, t.TempDir(), "v.cjm")
	digest, want := digestOf(p), modelCounts(p)
	if err := verifyFile(ctx, path, digest, want); err != nil {
		t.Fatal(err)
	}
	fewer := want
	fewer[tEmotion]--
	if err := verifyFile(ctx, path, digest, fewer); err == nil || !strings.Contains(err.Error(), "does not read back") {
		t.Fatalf("a row count off by one passed: %v", err)
	}
	if err := verifyFile(ctx, path, digest[1:]+"0", want); err == nil {
		t.Fatal("a different digest passed")
	}
	rawExec(t, path, "CREATE INDEX extra ON touchpoint (title)")
	if err := verifyFile(ctx, path, digest, want); err == nil || !strings.Contains(err.Error(), `index "extra"`) {
		t.Fatalf("an extra index passed: %v", err)
	}
}
