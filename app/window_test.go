package app

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"waymark/assets"
	"waymark/model"
	"waymark/storage"
)

func newTestWindow(t *testing.T) *Window {
	t.Helper()
	a := test.NewTempApp(t)
	opt := storage.Options{DataDir: t.TempDir()}
	doc, err := storage.NewDocument(assets.Sample(), opt)
	if err != nil {
		t.Fatal(err)
	}
	w := NewWindow(a, doc, opt)
	t.Cleanup(func() { doc.Close() })
	return w
}

// shortcut types a shortcut on the window's canvas, as the desktop driver
// does. The test canvas wraps the software canvas that handles shortcuts.
func shortcut(w *Window, key fyne.KeyName, mods fyne.KeyModifier) {
	c := any(w.win.Canvas())
	if _, ok := c.(fyne.Shortcutable); !ok {
		c = reflect.ValueOf(c).Elem().FieldByName("WindowlessCanvas").Interface()
	}
	c.(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: mods})
}

const ctrl = fyne.KeyModifierShortcutDefault

func TestTitleShowsFileAndDirtyMarker(t *testing.T) {
	w := newTestWindow(t)
	if title := w.win.Title(); !strings.Contains(title, w.project().Name) || !strings.Contains(title, "Untitled") || !strings.Contains(title, "•") {
		t.Fatalf("title of an unsaved sample: %q", title)
	}
	path := filepath.Join(t.TempDir(), "journey.cjm")
	if err := w.doc.SaveAs(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	w.afterSave()
	if title := w.win.Title(); !strings.Contains(title, "journey.cjm") || strings.Contains(title, "•") {
		t.Fatalf("title after saving: %q", title)
	}
	w.do(&model.RenameProject{Name: "Renamed"})
	if title := w.win.Title(); !strings.Contains(title, "Renamed") || !strings.Contains(title, "•") {
		t.Fatalf("title after an edit: %q", title)
	}
}

func TestShortcuts(t *testing.T) {
	w := newTestWindow(t)
	p := w.project()
	j := p.Journeys[0]
	n := len(j.Touchpoints)
	card := w.board.Layout().Cards[0].ID

	w.board.Select(card)
	shortcut(w, fyne.KeyD, ctrl)
	if len(j.Touchpoints) != n+1 {
		t.Fatal("Ctrl+D did not duplicate the card")
	}
	shortcut(w, fyne.KeyZ, ctrl)
	if len(j.Touchpoints) != n {
		t.Fatal("Ctrl+Z did not undo")
	}
	shortcut(w, fyne.KeyZ, ctrl|fyne.KeyModifierShift)
	if len(j.Touchpoints) != n+1 {
		t.Fatal("Ctrl+Shift+Z did not redo")
	}
	shortcut(w, fyne.KeyZ, ctrl)
	shortcut(w, fyne.KeyY, ctrl)
	if len(j.Touchpoints) != n+1 {
		t.Fatal("Ctrl+Y did not redo")
	}

	w.board.Select(card)
	shortcut(w, fyne.KeyC, ctrl)
	shortcut(w, fyne.KeyV, ctrl)
	if len(j.Touchpoints) != n+2 {
		t.Fatal("Ctrl+C, Ctrl+V did not paste a card")
	}
	pasted := w.board.Selection()
	if len(pasted) != 1 || pasted[0] == card {
		t.Fatalf("the pasted card should be selected, got %v", pasted)
	}
	_, a := p.FindTouchpoint(card)
	_, b := p.FindTouchpoint(pasted[0])
	if a.Title != b.Title || a.StageID != b.StageID || a.LaneID != b.LaneID {
		t.Fatal("the pasted card differs from the copied one")
	}
	shortcut(w, fyne.KeyX, ctrl)
	if len(j.Touchpoints) != n+1 {
		t.Fatal("Ctrl+X did not cut")
	}

	shortcut(w, fyne.KeyA, ctrl)
	if len(w.board.Selection()) != len(j.Touchpoints) {
		t.Fatal("Ctrl+A did not select all cards")
	}
	shortcut(w, fyne.KeyEqual, ctrl)
	if w.board.Zoom() <= 1 {
		t.Fatal("Ctrl+= did not zoom in")
	}
	shortcut(w, fyne.KeyMinus, ctrl)
	shortcut(w, fyne.KeyMinus, ctrl)
	if w.board.Zoom() >= 1 {
		t.Fatal("Ctrl+- did not zoom out")
	}
	shortcut(w, fyne.Key0, ctrl)
	if w.board.Zoom() != 1 {
		t.Fatal("Ctrl+0 did not return to 100%")
	}
	shortcut(w, fyne.Key9, ctrl)
	if w.board.Zoom() >= 1 {
		t.Fatal("Ctrl+9 did not fit the map")
	}
}

// formEntry finds the Entry of a form item by label in the inspector.
func formWidget(t *testing.T, body *fyne.Container, label string) fyne.CanvasObject {
	t.Helper()
	for _, o := range body.Objects {
		if f, ok := o.(*widget.Form); ok {
			for _, it := range f.Items {
				if it.Text == label {
					return it.Widget
				}
			}
		}
	}
	t.Fatalf("the inspector has no field %q", label)
	return nil
}

func TestInspectorEditsCard(t *testing.T) {
	w := newTestWindow(t)
	p := w.project()
	id := w.board.Layout().Cards[0].ID
	w.board.Select(id)
	title := formWidget(t, w.inspect.body, "Title").(*widget.Entry)
	_, tp := p.FindTouchpoint(id)
	original := tp.Title
	test.Type(title, "Revised: ")
	if tp.Title != "Revised: "+original {
		t.Fatalf("title after typing: %q", tp.Title)
	}
	if w.board.Layout().Card(id).Title[0].Text == "" {
		t.Fatal("the board lost the card title")
	}
	// Typing is one undo step.
	w.undo()
	if tp.Title != original {
		t.Fatalf("one undo should revert the whole typing, title %q", tp.Title)
	}
	w.board.Select(id)
	owner := formWidget(t, w.inspect.body, "Owner").(*widget.Entry)
	owner.SetText("Onboarding squad")
	if tp.Owner != "Onboarding squad" {
		t.Fatalf("owner %q", tp.Owner)
	}
	flags := formWidget(t, w.inspect.body, "Flags").(*fyne.Container)
	pain := flags.Objects[0].(*widget.Check)
	pain.SetChecked(!tp.PainPoint)
	if tp.PainPoint != pain.Checked {
		t.Fatal("the pain point check did not change the card")
	}
}

func TestJourneyTabs(t *testing.T) {
	w := newTestWindow(t)
	p := w.project()
	n := len(p.Journeys)
	w.tabs.add()
	if len(p.Journeys) != n+1 || w.board.JourneyID() != p.Journeys[n].ID {
		t.Fatal("adding a journey did not add and show a tab")
	}
	w.tabs.duplicate()
	if len(p.Journeys) != n+2 {
		t.Fatal("duplicate did not add a journey")
	}
	w.tabs.move(-1)
	if p.Journeys[n].ID != w.board.JourneyID() {
		t.Fatal("move left did not reorder the tabs")
	}
	if len(w.tabs.bar.Objects) != n+2 {
		t.Fatalf("tab bar shows %d tabs, want %d", len(w.tabs.bar.Objects), n+2)
	}
	w.undo()
	w.undo()
	w.undo()
	if len(p.Journeys) != n {
		t.Fatal("undo did not remove the added journeys")
	}
}

func TestCloseAsksWhenDirty(t *testing.T) {
	w := newTestWindow(t)
	w.do(&model.RenameProject{Name: "Changed"})
	w.Close()
	if w.closing {
		t.Fatal("a dirty window closed without asking")
	}
	if w.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no Save / Discard / Cancel dialog")
	}
}

func TestThemeOverride(t *testing.T) {
	w := newTestWindow(t)
	w.SetTheme(ThemeDark)
	if w.board.Palette().Background != w.theme.palette(w.app).Background || !w.theme.dark(w.app) {
		t.Fatal("forcing dark did not switch the board to the dark palette")
	}
	w.SetTheme(ThemeLight)
	if w.theme.dark(w.app) {
		t.Fatal("forcing light left the theme dark")
	}
	if got := w.app.Preferences().String(prefTheme); got != ThemeLight {
		t.Fatalf("theme preference %q", got)
	}
}

// TestReleaseKeepsOnlyUnsavedWork: when the app ends, a working copy with
// unsaved edits stays for the recovery offer; a pristine one goes.
func TestReleaseKeepsOnlyUnsavedWork(t *testing.T) {
	for _, edit := range []bool{false, true} {
		a := test.NewTempApp(t)
		opt := storage.Options{DataDir: t.TempDir()}
		doc, err := storage.NewDocument(assets.Sample(), opt)
		if err != nil {
			t.Fatal(err)
		}
		w := NewWindow(a, doc, opt)
		if edit {
			w.do(&model.RenameProject{Name: "Edited"})
		}
		w.release()
		// The copy is still locked by this process, so count its files
		// rather than asking for orphans.
		copies, _ := filepath.Glob(filepath.Join(opt.DataDir, "working", "*.cjm"))
		if edit && len(copies) != 1 {
			t.Errorf("edited project: %d working copies kept, want 1", len(copies))
		}
		if entries, _ := os.ReadDir(filepath.Join(opt.DataDir, "working")); !edit && len(entries) != 0 {
			t.Errorf("pristine project: %d files left in the working folder", len(entries))
		}
		doc.Close()
	}
}

// Error messages are shown as written: most begin with a file's name,
// which Fyne's own error dialog would capitalise.
func TestShowErrorKeepsTheFileName(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("Waymark")
	w.Resize(fyne.NewSize(900, 600))
	showErrorOn(w, errors.New("report.cjm: is damaged (a b-tree page of the file is malformed)"))
	if !overlayHas(w, "report.cjm: is damaged") {
		t.Fatal("the message is not shown as written")
	}
	if overlayHas(w, "Report.cjm") {
		t.Fatal("the file's name was capitalised")
	}
	ok, _ := w.Canvas().Focused().(*dismissButton)
	if ok == nil || ok.Text != "OK" {
		t.Fatalf("the focus is on %v, not the OK button", w.Canvas().Focused())
	}
	ok.Tapped(nil)
	if w.Canvas().Overlays().Top() != nil {
		t.Fatal("OK did not close the message")
	}
	// Return and Escape close it too: its button has the focus.
	for _, key := range []fyne.KeyName{fyne.KeyReturn, fyne.KeyEscape} {
		showErrorOn(w, errors.New("report.cjm: is damaged"))
		focused := w.Canvas().Focused()
		if focused == nil {
			t.Fatal("nothing has the focus in the message")
		}
		focused.TypedKey(&fyne.KeyEvent{Name: key})
		if w.Canvas().Overlays().Top() != nil {
			t.Fatalf("%s did not close the message", key)
		}
	}
}

// A file scripted with the sqlite3 tool opens, and the status bar says it
// changed outside Waymark until the next save.
func TestStatusSaysChangedOutside(t *testing.T) {
	if _, err := exec.LookPath("sqlite3"); err != nil {
		t.Fatalf("sqlite3 is missing (make deps installs it): %v", err)
	}
	a := test.NewTempApp(t)
	opt := storage.Options{DataDir: t.TempDir()}
	path := filepath.Join(t.TempDir(), "scripted.cjm")
	first, err := storage.NewDocument(assets.Sample(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := first.SaveAs(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	first.Close()
	if out, err := exec.Command("sqlite3", path, "update touchpoint set owner = 'Support';").CombinedOutput(); err != nil {
		t.Fatalf("sqlite3: %v: %s", err, out)
	}
	doc, err := storage.Open(context.Background(), path, opt)
	if err != nil {
		t.Fatalf("a file edited with sqlite3 does not open: %v", err)
	}
	t.Cleanup(func() { doc.Close() })
	w := NewWindow(a, doc, opt)
	if !strings.Contains(w.status.Text, storage.ChangedOutsideNotice) {
		t.Fatalf("status after opening a file edited outside: %q", w.status.Text)
	}
	w.do(&model.RenameProject{Name: "Renamed"})
	if !strings.Contains(w.status.Text, storage.ChangedOutsideNotice) {
		t.Fatalf("the notice went with an edit, before a save: %q", w.status.Text)
	}
	if err := doc.Save(context.Background()); err != nil {
		t.Fatal(err)
	}
	w.afterSave()
	if strings.Contains(w.status.Text, storage.ChangedOutsideNotice) {
		t.Fatalf("status after saving still has the notice: %q", w.status.Text)
	}
}

// A message never carries a control character to the screen as it is.
func TestShowErrorEscapesControlCharacters(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("Waymark")
	w.Resize(fyne.NewSize(900, 600))
	showErrorOn(w, errors.New("evil\x1b[2J\nname.cjm: is not a Waymark project"))
	if !overlayHas(w, `evil\x1b[2J\nname.cjm: is not`) {
		t.Fatal("the control characters of the message are not shown escaped")
	}
}

// Text pasted with a terminal's escape codes in it edits the card, without
// them, instead of being refused with a message per keystroke.
func TestInspectorDropsPastedControlCharacters(t *testing.T) {
	w := newTestWindow(t)
	p := w.project()
	id := w.board.Layout().Cards[0].ID
	w.board.Select(id)
	notes := formWidget(t, w.inspect.body, "Notes").(*widget.Entry)
	notes.SetText("\x1b[1mCalls twice\x1b[0m\nthen gives up\x07")
	_, tp := p.FindTouchpoint(id)
	if tp.Notes != "[1mCalls twice[0m\nthen gives up" {
		t.Fatalf("notes after a paste: %q", tp.Notes)
	}
	if top := w.win.Canvas().Overlays().Top(); top != nil {
		t.Fatal("a paste with control characters raised a message")
	}
}
