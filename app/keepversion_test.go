package app

import (
	"context"
	"errors"
	"strings"
	"testing"

	"waymark/model"
	"waymark/storage"
)

// failVersions makes storing a version fail as a full file does.
func failVersions(t *testing.T) {
	t.Helper()
	saveVersionOf = func(*storage.Document, context.Context, model.Version, *model.Project) (model.Version, error) {
		return model.Version{}, errors.New("the file holds 1,000 versions, as many as Waymark keeps in one file")
	}
	t.Cleanup(func() { saveVersionOf = (*storage.Document).SaveVersionOf })
}

// holdVersions makes storing a version wait: storing gets a value when one
// is being stored, which goes on once release is closed.
func holdVersions(t *testing.T) (storing <-chan struct{}, release chan struct{}) {
	release, ch := make(chan struct{}), make(chan struct{}, 1)
	saveVersionOf = func(d *storage.Document, ctx context.Context, v model.Version, p *model.Project) (model.Version, error) {
		ch <- struct{}{}
		<-release
		return d.SaveVersionOf(ctx, v, p)
	}
	t.Cleanup(func() { saveVersionOf = (*storage.Document).SaveVersionOf })
	return ch, release
}

// Save Version stores the version off the UI goroutine: while storing
// waits, the UI goroutine is free (this test is it), and the version and
// the save follow once it is done.
func TestSaveVersionOffTheUIGoroutine(t *testing.T) {
	w, _ := savedTestWindow(t)
	storing, release := holdVersions(t)
	done := make(chan error, 1)
	w.saveVersion("Workshop", "", "", func(err error) { done <- err })
	// Had it stored on this goroutine, saveVersion would not have returned.
	await(t, storing, "the version being stored")
	addCard(t, w, "Added while the version is stored")
	close(release)
	if err := await(t, done, "the version saved"); err != nil {
		t.Fatal(err)
	}
	vs, err := w.doc.Versions(context.Background())
	if err != nil || len(vs) != 1 || vs[0].Name != "Workshop" {
		t.Fatalf("versions: %+v (%v)", vs, err)
	}
	if w.doc.History().Dirty() {
		t.Error("the file was not saved with the version")
	}
	kept, err := w.doc.VersionProject(context.Background(), vs[0].Seq)
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range kept.Journeys {
		for _, c := range j.Touchpoints {
			if c.Title == "Added while the version is stored" {
				t.Error("the version holds a card added after it was asked for")
			}
		}
	}
}

// When the map cannot be kept as a version before a restore, the user is
// asked: Cancel restores nothing; Restore Anyway restores, undoably,
// without a version.
func TestRestoreWithoutAVersion(t *testing.T) {
	w, _ := savedTestWindow(t)
	saveVersionNow(t, w, "Workshop", "", "")
	added := addCard(t, w, "Hears about it at work")
	failVersions(t)
	for _, answer := range []string{"Cancel", "Restore Anyway"} {
		w.history.choose(0, false)
		done := make(chan error, 1)
		w.history.restore(w.history.versions[0].Seq, func(err error) { done <- err })
		awaitUI(t, "the question", func() bool { return overlayHas(w.win, "could not be kept as a version first") })
		if !overlayHas(w.win, "as many as Waymark keeps in one file") {
			t.Error("the question does not say why no version was kept")
		}
		findButton(t, w.win, answer).OnTapped()
		err := await(t, done, "the restore's end")
		_, c := w.project().FindTouchpoint(added.ID)
		if answer == "Cancel" {
			if !errors.Is(err, errNotRestored) || c == nil {
				t.Fatalf("Cancel: %v, card kept %v", err, c != nil)
			}
			continue
		}
		if err != nil || c != nil {
			t.Fatalf("Restore Anyway: %v, card kept %v", err, c != nil)
		}
	}
	if vs, _ := w.doc.Versions(context.Background()); len(vs) != 1 {
		t.Errorf("versions after restoring without one: %+v", vs)
	}
	w.undo()
	if _, c := w.project().FindTouchpoint(added.ID); c == nil {
		t.Error("undo did not bring the map back")
	}
}

// A name made from a long version's name is cut to what a name may hold.
func TestFitVersionName(t *testing.T) {
	long := "Before restoring " + strings.Repeat("é", model.MaxNameBytes)
	got := fitVersionName(long)
	if len(got)+len(" (1000)") > model.MaxNameBytes || !strings.HasSuffix(got, "…") || !strings.HasPrefix(got, "Before restoring éé") {
		t.Fatalf("%d bytes: %q", len(got), got)
	}
	if fitVersionName("Workshop") != "Workshop" {
		t.Error("a short name was changed")
	}
}

// When the map cannot be kept as a version before new figures replace a
// journey's, the user is asked; Refresh Anyway applies them.
func TestRefreshWithoutAVersion(t *testing.T) {
	tw, log := importedWizard(t)
	w := tw.win
	first := w.board.Journey().Behaviour
	failVersions(t)
	for _, answer := range []string{"Cancel", "Refresh Anyway"} {
		rw, done := tw.refresh(t, log)
		for !overlayHas(w.win, "could not be kept as a version first") {
			await(t, tw.posted, "the question")()
		}
		findButton(t, w.win, answer).OnTapped()
		err := pump(t, tw, done, "the refresh's end")
		rw.close()
		got := w.board.Journey().Behaviour
		if answer == "Cancel" {
			if !errors.Is(err, errNotRefreshed) || got != first {
				t.Fatalf("Cancel: %v; figures replaced %v", err, got != first)
			}
			continue
		}
		if err != nil || got == first {
			t.Fatalf("Refresh Anyway: %v; figures replaced %v", err, got != first)
		}
	}
	if vs, _ := w.doc.Versions(context.Background()); len(vs) != 0 {
		t.Errorf("versions: %+v", vs)
	}
}

// A restore the user confirmed is not dropped when a comparison is asked
// for while its version is read.
func TestRestoreNotDroppedByAComparison(t *testing.T) {
	w, _ := savedTestWindow(t)
	saveVersionNow(t, w, "Workshop", "", "")
	added := addCard(t, w, "Hears about it at work")
	saveVersionNow(t, w, "Round 2", "", "")
	w.history.decoded = map[int]*model.Project{} // the restore must read its version
	done := make(chan error, 1)
	w.history.restore(1, func(err error) { done <- err })
	w.history.choose(0, false) // Round 2 compared with the map, meanwhile
	if err := await(t, done, "the restore"); err != nil {
		t.Fatal(err)
	}
	if _, c := w.project().FindTouchpoint(added.ID); c != nil {
		t.Error("the map was not restored")
	}
}

// Restoring a version the map already equals does nothing and says so,
// as the command line does: no version kept, no undo step.
func TestRestoreOfTheSameMapDoesNothing(t *testing.T) {
	w, _ := savedTestWindow(t)
	saveVersionNow(t, w, "Workshop", "", "")
	undo := w.doc.History().UndoLabel()
	done := make(chan error, 1)
	w.history.restore(1, func(err error) { done <- err })
	if err := await(t, done, "the restore"); !errors.Is(err, errNotRestored) {
		t.Fatalf("restore: %v", err)
	}
	if !overlayHas(w.win, "there is nothing to restore") {
		t.Error("no word that there is nothing to restore")
	}
	if vs, _ := w.doc.Versions(context.Background()); len(vs) != 1 || w.doc.History().UndoLabel() != undo {
		t.Errorf("versions %+v, undo %q", vs, w.doc.History().UndoLabel())
	}
}

// A restore whose map is being kept when the window opens another map
// does not land on that map: it stops, saying why.
func TestRestoreStopsWhenAnotherMapIsOpened(t *testing.T) {
	w, _ := savedTestWindow(t)
	saveVersionNow(t, w, "Workshop", "", "")
	added := addCard(t, w, "Added")
	storing, release := holdVersions(t)
	done := make(chan error, 1)
	w.history.restore(1, func(err error) { done <- err })
	await(t, storing, "the map being kept")
	other := w.project().Clone()
	other.Name = "Another map"
	doc, err := storage.NewDocument(other, w.opt)
	if err != nil {
		t.Fatal(err)
	}
	first := w.doc
	defer first.Close()
	w.setDocument(doc)
	close(release)
	if err := await(t, done, "the restore's end"); !errors.Is(err, errOtherMap) {
		t.Errorf("restore: %v", err)
	}
	if _, c := w.project().FindTouchpoint(added.ID); w.project().Name != "Another map" || c == nil {
		t.Error("the other map was replaced by the first file's version")
	}
}

// The panel's status after an Open read-only asked for while a
// comparison reads the same version is the comparison's, not "Reading".
func TestHistoryStatusAfterAnActionDuringAComparison(t *testing.T) {
	w, _ := savedTestWindow(t)
	saveVersionNow(t, w, "Workshop", "", "")
	addCard(t, w, "Added")
	testUI.runAll()
	w.history.decoded = map[int]*model.Project{}
	compared := make(chan struct{}, 1)
	w.history.compared = func(*compareView, error) { compared <- struct{}{} }
	w.history.choose(0, false)
	done := make(chan struct{}, 1)
	w.history.decodeFor([]int{1}, func([]*model.Project, error) { done <- struct{}{} })
	await(t, done, "the action")
	await(t, compared, "the comparison")
	testUI.runAll()
	if s := w.history.status.Text; s == "Reading the version…" || !strings.Contains(s, "Workshop") || w.history.loading.Visible() {
		t.Errorf("status %q, spinner shown %v", s, w.history.loading.Visible())
	}
}
