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
	doc, err := Open(ctx, path, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
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
