package app

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"waymark/assets"
	"waymark/canvas/board"
	"waymark/internal/journeytest"
	"waymark/model"
	"waymark/storage"
)

// TestCompareDialog: comparing the open project with an older file lists
// the changes and outlines the cards added, changed and moved, until
// cleared or closed.
func TestCompareDialog(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("Compare")
	w.Resize(fyne.NewSize(1200, 800))
	cur := assets.Sample()
	old := filepath.Join(t.TempDir(), "old.cjm")
	if err := storage.WriteNew(context.Background(), cur, old); err != nil {
		t.Fatal(err)
	}
	h := model.NewHistory(cur, nil)
	j := cur.Journeys[0]
	b := board.New(h, j.ID, Metrics())
	w.SetContent(b)
	journeytest.EditSample(t, h)
	added := &model.Touchpoint{ID: model.NewID(), StageID: journeytest.StageNamed(t, j, "Discover").ID,
		LaneID: journeytest.LaneNamed(t, j, "Customer actions").ID, Title: "Hears about it at work"}
	if err := h.Do(&model.AddTouchpoint{Journey: j.ID, Touchpoint: added}); err != nil {
		t.Fatal(err)
	}
	moved := journeytest.CardNamed(t, cur, "Starts the application online").ID
	edited := journeytest.CardNamed(t, cur, "Switches salary and direct debits").ID
	same := journeytest.CardNamed(t, cur, "Curious but wary").ID

	type result struct {
		v   *compareView
		err error
	}
	shown := make(chan result, 1)
	done := func(v *compareView, err error) { shown <- result{v, err} }
	compareWith(w, cur, b, old, done)
	r := await(t, shown, "the comparison")
	if r.err != nil {
		t.Fatal(r.err)
	}
	v := r.v
	for _, id := range []model.ID{added.ID, moved, edited} {
		if !b.Highlighted(id) {
			t.Errorf("card %s is not outlined", cur.Journeys[0].Touchpoint(id).Title)
		}
	}
	if b.Highlighted(same) {
		t.Error("an unchanged card is outlined")
	}
	if want := "From old.cjm to this project: 6 differences: 2 added, 1 removed, 3 changed. 3 cards are outlined on the board."; v.summary.Text != want {
		t.Errorf("summary %q, want %q", v.summary.Text, want)
	}
	text := v.text.String()
	for _, want := range []string{`- persona "Graham Fletcher"`, `+ touchpoint "Hears about it at work" (Discover / Customer actions)`,
		`moved from Apply/Customer actions #0 to Verify identity/Customer actions #0`, `~ stage "Talk to us": name "Talk to us" » "Call us"`,
		`journey "Getting help with a blocked card":`} {
		if !strings.Contains(text, want) {
			t.Errorf("the list lacks %q:\n%s", want, text)
		}
	}
	if dir := os.Getenv("LOOK_DIR"); dir != "" {
		f, _ := os.Create(filepath.Join(dir, "compare-dialog.png"))
		png.Encode(f, w.Canvas().Capture())
		f.Close()
	}

	// Clear keeps the list and drops the outlines; Compare again brings
	// them back with edits made since; Close drops them.
	test.Tap(findButton(t, w, "Clear highlights"))
	if b.Highlighted(added.ID) || b.Highlighted(moved) {
		t.Error("Clear left outlines")
	}
	if err := h.Do(&model.DeleteTouchpoints{IDs: []model.ID{added.ID}}); err != nil {
		t.Fatal(err)
	}
	test.Tap(findButton(t, w, "Compare again"))
	if !b.Highlighted(moved) || b.Highlighted(added.ID) || !strings.Contains(v.summary.Text, "5 differences") {
		t.Errorf("after Compare again: %q", v.summary.Text)
	}
	test.Tap(findButton(t, w, "Close"))
	if b.Highlighted(moved) || b.Highlighted(edited) {
		t.Error("closing the list left outlines")
	}

	// A bad file: an error naming it, no list.
	bad := filepath.Join(t.TempDir(), "broken.cjm")
	os.WriteFile(bad, []byte("not a database"), 0o644)
	compareWith(w, cur, b, bad, done)
	if r := await(t, shown, "the answer for a broken file"); r.v != nil || r.err == nil {
		t.Error("a list for a broken file")
	}
	if !overlayHas(w, "broken.cjm: is not a Waymark project") {
		t.Error("no error naming the broken file")
	}
}

// findButton finds a button by its label in the window's top overlay.
func findButton(t *testing.T, w fyne.Window, label string) *widget.Button {
	t.Helper()
	var found *widget.Button
	walk(w.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == label {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no %q button", label)
	}
	return found
}

// overlayHas reports whether the top overlay shows text containing s.
func overlayHas(w fyne.Window, s string) bool {
	has := false
	walk(w.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if tx, ok := o.(*canvas.Text); ok && strings.Contains(tx.Text, s) {
			has = true
		}
	})
	return has
}

// walk visits o and everything inside it, widgets' renderers included.
func walk(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	if o == nil {
		return
	}
	f(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walk(c, f)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			walk(c, f)
		}
	}
}
