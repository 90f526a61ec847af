package storage

import (
	"context"
	"testing"

	"waymark/model"
)

// SaveVersionOf keeps the snapshot it is given, not the project as edits
// left it meanwhile; editing while a version is stored (as a window does,
// the version being stored off its UI goroutine) neither waits for it nor
// shows in it; a cancelled one stores nothing.
func TestSaveVersionOfKeepsItsSnapshot(t *testing.T) {
	path := writeGood(t, richProject(t), t.TempDir(), "map.cjm")
	doc := openDoc(t, path)
	saveVersion(t, doc, model.Version{Name: "One"})

	editCard(t, doc, 0, "Captured by two")
	snap := doc.Project().Clone()
	// While version two is rebuilding version one (to store itself as
	// changes to it), the map is edited: the edit must not wait for the
	// document's lock, and must not be in version two.
	edited := make(chan error, 1)
	versionStepHook = func(int) {
		card := doc.Project().Journeys[0].Touchpoints[0].Clone()
		card.Title = "Edited meanwhile"
		edited <- doc.History().Do(&model.UpdateTouchpoint{After: card})
		versionStepHook = nil
	}
	t.Cleanup(func() { versionStepHook = nil })
	doc.lastVersion = nil // so that version one is rebuilt, calling the hook
	two, err := doc.SaveVersionOf(ctx, model.Version{Name: "Two"}, snap)
	if err != nil {
		t.Fatal(err)
	}
	if err := <-edited; err != nil {
		t.Fatal(err)
	}
	got, err := doc.VersionProject(ctx, two.Seq)
	if err != nil {
		t.Fatal(err)
	}
	sameProject(t, "version two", snap, got)
	if title := doc.Project().Journeys[0].Touchpoints[0].Title; title != "Edited meanwhile" {
		t.Fatalf("the map's first card is %q", title)
	}

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := doc.SaveVersionOf(cancelled, model.Version{Name: "Three"}, doc.Project().Clone()); err == nil {
		t.Fatal("a cancelled version was saved")
	}
	list, err := doc.Versions(ctx)
	if err != nil || len(list) != 2 {
		t.Fatalf("after a cancelled save: %+v (%v)", list, err)
	}
}

// VersionRoom says a full file is full before any work is done, in the
// words SaveVersionOf would use, and nothing otherwise.
func TestVersionRoom(t *testing.T) {
	path := versionFile(t, t.TempDir())
	first := openDoc(t, path)
	if err := first.VersionRoom(ctx); err != nil {
		t.Fatalf("a file of 2 versions: %v", err)
	}
	first.Close()
	rawExecArgs(t, path, "CREATE TABLE filler AS SELECT * FROM version WHERE seq = 1")
	rawExecArgs(t, path, "WITH RECURSIVE n(k) AS (SELECT 3 UNION ALL SELECT k + 1 FROM n WHERE k < 1000) "+
		"INSERT INTO filler SELECT k, 'Filler ' || k, note, author, created, summary, size, 0, checksum, data FROM n, version WHERE version.seq = 1")
	rawExecArgs(t, path, "DELETE FROM filler WHERE seq = 1")
	rawExecArgs(t, path, "INSERT INTO version SELECT * FROM filler")
	rawExecArgs(t, path, "DROP TABLE filler")
	doc := openDoc(t, path)
	want := "the file holds 1,000 versions, as many as Waymark keeps in one file; a copy without history starts afresh"
	if err := doc.VersionRoom(ctx); err == nil || err.Error() != want {
		t.Fatalf("a full file: %v", err)
	}
	if _, err := doc.SaveVersion(ctx, model.Version{Name: "One more"}); err == nil || err.Error() != want {
		t.Fatalf("saving in a full file: %v", err)
	}
}
