package storage

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"waymark/model"
)

// crash leaves a document as a killed process would: its working files stay,
// its lock is dropped (the OS does that for a dead process). The connection
// and the file are closed only at the end of the test, without removing
// anything.
func crash(t *testing.T, d *Document) {
	t.Helper()
	d.wc.lock.unlock()
	t.Cleanup(func() { d.wc.close() })
}

// snapshot copies a live document's working files into another data dir,
// exactly the bytes a kill -9 right now would leave: no checkpoint, no close.
func snapshot(t *testing.T, d *Document) Options {
	t.Helper()
	opt := testOptions(t)
	dst := workingDir(opt.DataDir)
	if err := os.MkdirAll(dst, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, ext := range []string{".cjm", ".cjm-wal", ".json"} {
		src, err := os.Open(d.wc.path(ext))
		if err != nil {
			t.Fatal(err)
		}
		out, err := os.Create(filepath.Join(dst, d.wc.id+ext))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(out, src); err != nil {
			t.Fatal(err)
		}
		src.Close()
		out.Close()
	}
	return opt
}

func editSome(t *testing.T, d *Document) {
	t.Helper()
	p := d.Project()
	j := p.Journeys[0]
	card := j.Touchpoints[3].Clone()
	card.Title, card.Notes = "Edited after opening", "Typed before the crash"
	cmds := []model.Command{
		&model.UpdateTouchpoint{After: card},
		&model.AddPersona{Persona: &model.Persona{ID: model.NewID(), Name: "Eve"}, Index: 0},
		&model.DeleteStage{ID: j.Stages[1].ID},
		&model.RenameProject{Name: "Renamed before the crash"},
	}
	for _, c := range cmds {
		if err := d.History().Do(c); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCrashAndRestore(t *testing.T) {
	dir := t.TempDir()
	path := writeGood(t, richProject(t), dir, "shared.cjm")
	opt := testOptions(t)
	doc, err := Open(ctx, path, opt)
	if err != nil {
		t.Fatal(err)
	}
	if orphans, err := Orphans(opt); err != nil || len(orphans) != 0 {
		t.Fatalf("an open document is not an orphan: %v %v", orphans, err)
	}
	editSome(t, doc)
	want := encodeJSON(t, doc.Project())
	killed := snapshot(t, doc)
	crash(t, doc)

	orphans, err := Orphans(opt)
	if err != nil || len(orphans) != 1 {
		t.Fatalf("orphans: %v %v", orphans, err)
	}
	o := orphans[0]
	if o.OriginalPath != path || o.Project != "Renamed before the crash" || o.Modified.IsZero() || o.Opened.IsZero() {
		t.Fatalf("orphan described wrongly: %+v", o)
	}
	restored, err := RestoreOrphan(ctx, o, opt)
	if err != nil {
		t.Fatal(err)
	}
	if got := encodeJSON(t, restored.Project()); got != want {
		t.Fatalf("restored project differs:\n%s", firstDiff(want, got))
	}
	if !restored.History().Dirty() || restored.Path() != path {
		t.Fatalf("restored: dirty %v path %q", restored.History().Dirty(), restored.Path())
	}
	if _, err := RestoreOrphan(ctx, o, opt); err == nil {
		t.Fatal("an orphan restored twice")
	}
	// Editing goes on in the restored copy, and saving writes the original.
	if err := restored.History().Do(&model.RenameProject{Name: "After restore"}); err != nil {
		t.Fatal(err)
	}
	assertWorkingCopy(t, restored, "after restore")
	if err := restored.Save(ctx); err != nil {
		t.Fatal(err)
	}
	want = encodeJSON(t, restored.Project())
	if err := restored.Close(); err != nil {
		t.Fatal(err)
	}
	if left := workingFiles(t, opt); len(left) != 0 {
		t.Fatalf("left behind: %v", left)
	}
	reopened, err := Open(ctx, path, opt)
	if err != nil {
		t.Fatal(err)
	}
	if got := encodeJSON(t, reopened.Project()); got != want {
		t.Fatal("saved file differs from the restored project")
	}
	reopened.Close()

	// The bytes a kill -9 left (WAL not checkpointed) restore the same edits.
	orphans, err = Orphans(killed)
	if err != nil || len(orphans) != 1 {
		t.Fatalf("orphans after kill: %v %v", orphans, err)
	}
	fromKill, err := RestoreOrphan(ctx, orphans[0], killed)
	if err != nil {
		t.Fatal(err)
	}
	defer fromKill.Close()
	if got := encodeJSON(t, fromKill.Project()); got == want || !fromKill.History().Dirty() {
		t.Fatal("the snapshot should hold the edits before the restore, unsaved")
	}
	if fromKill.Project().Name != "Renamed before the crash" {
		t.Fatalf("snapshot restored %q", fromKill.Project().Name)
	}
}

// A copy that holds no edit is not offered after a crash: there is nothing
// to restore. An opened file, a new project, and a file saved with no edit
// after the save are each removed instead; an edit after the save is
// offered.
func TestCrashWithoutEditsOffersNothing(t *testing.T) {
	dir := t.TempDir()
	path := writeGood(t, richProject(t), dir, "viewed.cjm")
	for _, c := range []struct {
		name  string
		start func(opt Options) *Document
		offer bool
	}{
		{"opened, not edited", func(opt Options) *Document {
			d, err := Open(ctx, path, opt)
			if err != nil {
				t.Fatal(err)
			}
			return d
		}, false},
		{"new, not edited", func(opt Options) *Document {
			d, err := NewDocument(richProject(t), opt)
			if err != nil {
				t.Fatal(err)
			}
			return d
		}, false},
		{"edited and saved", func(opt Options) *Document {
			d, err := NewDocument(richProject(t), opt)
			if err != nil {
				t.Fatal(err)
			}
			editSome(t, d)
			if err := d.SaveAs(ctx, filepath.Join(t.TempDir(), "saved.cjm")); err != nil {
				t.Fatal(err)
			}
			return d
		}, false},
		{"saved, then edited", func(opt Options) *Document {
			d, err := Open(ctx, path, opt)
			if err != nil {
				t.Fatal(err)
			}
			if err := d.SaveAs(ctx, filepath.Join(t.TempDir(), "copy.cjm")); err != nil {
				t.Fatal(err)
			}
			if err := d.History().Do(&model.RenameProject{Name: "After the save"}); err != nil {
				t.Fatal(err)
			}
			return d
		}, true},
		{"opened, edited", func(opt Options) *Document {
			d, err := Open(ctx, path, opt)
			if err != nil {
				t.Fatal(err)
			}
			editSome(t, d)
			return d
		}, true},
	} {
		opt := testOptions(t)
		d := c.start(opt)
		crash(t, d)
		orphans, err := Orphans(opt)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(orphans) == 1; got != c.offer || len(orphans) > 1 {
			t.Errorf("%s: %d working copies offered after a crash, want offered = %v", c.name, len(orphans), c.offer)
		}
		if left := workingFiles(t, opt); !c.offer && len(left) != 0 {
			t.Errorf("%s: the copy holding no edit was left: %v", c.name, left)
		}
	}
}

// A copy left by an older Waymark has no pristine mark: it is offered, and
// restored clean when it equals its original.
func TestRestoreUneditedIsClean(t *testing.T) {
	path := writeGood(t, richProject(t), t.TempDir(), "clean.cjm")
	opt := testOptions(t)
	doc, err := Open(ctx, path, opt)
	if err != nil {
		t.Fatal(err)
	}
	crash(t, doc)
	older := doc.sc
	older.Pristine = false
	if err := doc.wc.writeSidecar(older); err != nil {
		t.Fatal(err)
	}
	orphans, err := Orphans(opt)
	if err != nil || len(orphans) != 1 {
		t.Fatalf("orphans: %v %v", orphans, err)
	}
	restored, err := RestoreOrphan(ctx, orphans[0], opt)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	if restored.History().Dirty() {
		t.Fatal("a working copy equal to its original should not be marked unsaved")
	}
}

// A copy whose original changed on disk since is unsaved work, even if the
// copy itself was not edited.
func TestRestoreAfterOriginalChangedIsDirty(t *testing.T) {
	dir := t.TempDir()
	path := writeGood(t, richProject(t), dir, "moved.cjm")
	opt := testOptions(t)
	doc, err := Open(ctx, path, opt)
	if err != nil {
		t.Fatal(err)
	}
	crash(t, doc)
	older := doc.sc // as an older Waymark wrote it: no pristine mark
	older.Pristine = false
	if err := doc.wc.writeSidecar(older); err != nil {
		t.Fatal(err)
	}
	os.Remove(path)
	writeGood(t, richProject(t), dir, "moved.cjm")
	orphans, _ := Orphans(opt)
	restored, err := RestoreOrphan(ctx, orphans[0], opt)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	if !restored.History().Dirty() {
		t.Fatal("restored copy of a changed original should be unsaved")
	}
	if err := restored.Save(ctx); err == nil {
		t.Fatal("Save overwrote a file changed by someone else")
	}
}

func TestRestoreUntitledAndDiscard(t *testing.T) {
	opt := testOptions(t)
	doc, err := NewDocument(richProject(t), opt)
	if err != nil {
		t.Fatal(err)
	}
	editSome(t, doc)
	want := encodeJSON(t, doc.Project())
	crash(t, doc)
	orphans, err := Orphans(opt)
	if err != nil || len(orphans) != 1 || orphans[0].OriginalPath != "" {
		t.Fatalf("orphans: %+v %v", orphans, err)
	}
	restored, err := RestoreOrphan(ctx, orphans[0], opt)
	if err != nil {
		t.Fatal(err)
	}
	if restored.Path() != "" || !restored.History().Dirty() || encodeJSON(t, restored.Project()) != want {
		t.Fatal("untitled project not restored as it was")
	}
	// Crash again, then throw the work away.
	crash(t, restored)
	orphans, _ = Orphans(opt)
	if len(orphans) != 1 {
		t.Fatalf("orphans: %v", orphans)
	}
	if err := DiscardOrphan(orphans[0], opt); err != nil {
		t.Fatal(err)
	}
	if left := workingFiles(t, opt); len(left) != 0 {
		t.Fatalf("discard left %v", left)
	}
	if orphans, _ = Orphans(opt); len(orphans) != 0 {
		t.Fatalf("orphans after discard: %v", orphans)
	}
}

func TestOrphansIgnoresStrayFiles(t *testing.T) {
	opt := testOptions(t)
	dir := workingDir(opt.DataDir)
	os.MkdirAll(dir, 0o700)
	stray := randomHex(16)
	os.WriteFile(filepath.Join(dir, stray+".json"), []byte("{}"), 0o600)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("not ours"), 0o600)
	orphans, err := Orphans(opt)
	if err != nil || len(orphans) != 0 {
		t.Fatalf("orphans: %v %v", orphans, err)
	}
	if left := workingFiles(t, opt); len(left) != 1 || left[0] != "notes.txt" {
		t.Fatalf("left %v", left)
	}
	if err := DiscardOrphan(Orphan{ID: "../../etc"}, opt); err == nil {
		t.Fatal("a path in an orphan id was accepted")
	}
}
