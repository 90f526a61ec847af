package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"waymark/canvas/board"
	"waymark/canvas/poster"
	"waymark/internal/journeytest"
	"waymark/model"
	"waymark/storage"
)

// savedTestWindow is a window on the sample saved as map.cjm.
func savedTestWindow(t *testing.T) (*Window, string) {
	t.Helper()
	w := newTestWindow(t)
	path := filepath.Join(t.TempDir(), "map.cjm")
	done := make(chan error, 1)
	w.runSave(path, func(err error) { done <- err })
	if err := await(t, done, "the first save"); err != nil {
		t.Fatal(err)
	}
	w.afterSave()
	return w, path
}

// addCard adds a card titled title to the first journey's Discover stage.
func addCard(t *testing.T, w *Window, title string) *model.Touchpoint {
	t.Helper()
	j := w.project().Journeys[0]
	c := &model.Touchpoint{ID: model.NewID(), StageID: journeytest.StageNamed(t, j, "Discover").ID,
		LaneID: journeytest.LaneNamed(t, j, "Customer actions").ID, Title: title}
	if err := w.doc.History().Do(&model.AddTouchpoint{Journey: j.ID, Touchpoint: c}); err != nil {
		t.Fatal(err)
	}
	return c
}

// saveVersionNow is File › Save Version… with its fields filled in.
func saveVersionNow(t *testing.T, w *Window, name, note, author string) {
	t.Helper()
	done := make(chan error, 1)
	w.saveVersion(name, note, author, func(err error) { done <- err })
	if err := await(t, done, "the version saved"); err != nil {
		t.Fatal(err)
	}
}

// compareRow selects rows of the History panel and waits for the
// comparison they ask for.
func compareRows(t *testing.T, w *Window, rows ...int) *compareView {
	t.Helper()
	type result struct {
		v   *compareView
		err error
	}
	shown := make(chan result, 4)
	w.history.compared = func(v *compareView, err error) { shown <- result{v, err} }
	defer func() { w.history.compared = nil }()
	for i, r := range rows {
		w.history.choose(r, i > 0)
	}
	res := await(t, shown, "the comparison")
	if res.err != nil {
		t.Fatal(res.err)
	}
	return res.v
}

// Saving a version saves the file too; the reopened file lists it with
// its note, author and summary, and it decodes to the map it captured.
func TestSaveVersionKeptInFile(t *testing.T) {
	w, path := savedTestWindow(t)
	added := addCard(t, w, "Hears about it at work")
	saveVersionNow(t, w, "After round-2 interviews", "Three interviews moved the application online.", "Ana Ruiz")
	if w.doc.History().Dirty() {
		t.Error("saving a version did not save the file")
	}
	if len(w.history.versions) != 1 || w.history.versions[0].Name != "After round-2 interviews" {
		t.Fatalf("the History panel lists %+v", w.history.versions)
	}
	doc, err := storage.Open(context.Background(), path, storage.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	vs, err := doc.Versions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 1 {
		t.Fatalf("the reopened file holds %d versions", len(vs))
	}
	v := vs[0]
	if v.Name != "After round-2 interviews" || v.Note != "Three interviews moved the application online." || v.Author != "Ana Ruiz" || v.Created.IsZero() {
		t.Errorf("version read back: %+v", v)
	}
	if !strings.Contains(v.Summary, "card") {
		t.Errorf("the first version's summary %q does not count its cards", v.Summary)
	}
	p, err := doc.VersionProject(context.Background(), v.Seq)
	if err != nil {
		t.Fatal(err)
	}
	if _, c := p.FindTouchpoint(added.ID); c == nil || c.Title != added.Title {
		t.Error("the version lacks the card added before it was saved")
	}
	if d := model.Diff(p, w.project()); len(d) != 0 {
		t.Errorf("the version differs from the map it captured: %v", d)
	}
}

// A version's name is required and unique: the dialog refuses the rest.
func TestSaveVersionDialogChecksName(t *testing.T) {
	w, _ := savedTestWindow(t)
	saveVersionNow(t, w, "Workshop", "", "")
	w.app.Preferences().SetString(prefAuthor, "Ana Ruiz")
	w.saveVersionDialog()
	d := topDialog(t, w)
	name := entryWithHint(t, d, "After round-2 interviews")
	author := entryWithHint(t, d, "Your name (File › Preferences keeps it)")
	if author.Text != "Ana Ruiz" {
		t.Errorf("the author is not prefilled from the preferences: %q", author.Text)
	}
	save := buttonIn(t, d, "Save Version")
	if !save.Disabled() {
		t.Error("Save Version is enabled without a name")
	}
	test.Type(name, "workshop")
	if !save.Disabled() {
		t.Error("Save Version is enabled for a name a version already has")
	}
	if !strings.Contains(labelsUnder(d), "already called") {
		t.Errorf("the dialog does not say why: %s", labelsUnder(d))
	}
	name.SetText("Workshop 2")
	if save.Disabled() {
		t.Error("Save Version is disabled for a new name")
	}
}

// Selecting a version compares it with the map; two compare each other.
// The changes are listed and their cards outlined on the board.
func TestHistoryComparesVersions(t *testing.T) {
	w, _ := savedTestWindow(t)
	saveVersionNow(t, w, "Workshop", "", "")
	first := addCard(t, w, "Hears about it at work")
	saveVersionNow(t, w, "Round 2", "", "")
	second := addCard(t, w, "Asks a friend")

	// Newest first: row 0 is Round 2.
	v := compareRows(t, w, 0)
	if want := "From version “Round 2” to this project: 1 difference: 1 added, 0 removed, 0 changed. 1 card is outlined on the board."; v.summary.Text != want {
		t.Errorf("summary %q, want %q", v.summary.Text, want)
	}
	if !w.board.Highlighted(second.ID) || w.board.Highlighted(first.ID) {
		t.Error("the board does not outline exactly the card added since Round 2")
	}
	if !strings.Contains(v.text.String(), `+ touchpoint "Asks a friend"`) {
		t.Errorf("the list lacks the added card:\n%s", v.text.String())
	}
	// An edit of the map is followed, once the panel is shown.
	w.side.SelectIndex(sideInspector)
	if err := w.doc.History().Do(&model.DeleteTouchpoints{IDs: []model.ID{second.ID}}); err != nil {
		t.Fatal(err)
	}
	if strings.HasPrefix(v.summary.Text, "No differences") {
		t.Error("the hidden panel compared again at the edit")
	}
	w.side.SelectIndex(sideHistory)
	if !strings.HasPrefix(v.summary.Text, "No differences") {
		t.Errorf("after the edit the summary says %q", v.summary.Text)
	}

	v = compareRows(t, w, 1, 0)
	if want := "From version “Workshop” to version “Round 2”: 1 difference: 1 added, 0 removed, 0 changed. 1 card is outlined on the board."; v.summary.Text != want {
		t.Errorf("summary %q, want %q", v.summary.Text, want)
	}
	if !w.board.Highlighted(first.ID) {
		t.Error("the card added between the two versions is not outlined")
	}
	if !w.history.openBtn.Disabled() || !w.history.restoreBtn.Disabled() {
		t.Error("Open read-only or Restore is enabled with two versions selected")
	}
	if !strings.Contains(w.history.status.Text, "Workshop") || !strings.Contains(w.history.status.Text, "Round 2") {
		t.Errorf("the details do not name both versions: %q", w.history.status.Text)
	}
}

// Restoring keeps the map as "Before restoring …" first, then is one
// undo step.
func TestRestoreVersion(t *testing.T) {
	w, _ := savedTestWindow(t)
	saveVersionNow(t, w, "Workshop", "", "")
	added := addCard(t, w, "Hears about it at work")
	w.history.choose(0, false)
	done := make(chan error, 1)
	w.history.restore(w.history.versions[0].Seq, func(err error) { done <- err })
	if err := await(t, done, "the restore"); err != nil {
		t.Fatal(err)
	}
	if _, c := w.project().FindTouchpoint(added.ID); c != nil {
		t.Fatal("the restored map still holds the card added after the version")
	}
	if got := w.doc.History().UndoLabel(); got != "Restore Version “Workshop”" {
		t.Errorf("the undo step is %q", got)
	}
	if w.board.Journey() == nil {
		t.Error("the board shows no journey after the restore")
	}
	vs, err := w.doc.Versions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs[1].Name != "Before restoring Workshop" {
		t.Fatalf("versions after the restore: %+v", vs)
	}
	before, err := w.doc.VersionProject(context.Background(), vs[1].Seq)
	if err != nil {
		t.Fatal(err)
	}
	if _, c := before.FindTouchpoint(added.ID); c == nil {
		t.Error("“Before restoring Workshop” lacks the card the map held")
	}
	if w.history.versions[0].Name != "Before restoring Workshop" {
		t.Error("the History panel does not list the new version first")
	}
	w.undo()
	if _, c := w.project().FindTouchpoint(added.ID); c == nil {
		t.Error("one undo did not bring the map back")
	}
	w.redo()
	if _, c := w.project().FindTouchpoint(added.ID); c != nil {
		t.Error("redo did not restore again")
	}
}

// A version opens in a window of its own that refuses edits.
func TestOpenVersionReadOnly(t *testing.T) {
	w, _ := savedTestWindow(t)
	saveVersionNow(t, w, "Workshop", "", "")
	addCard(t, w, "Hears about it at work")
	p, err := w.doc.VersionProject(context.Background(), w.history.versions[0].Seq)
	if err != nil {
		t.Fatal(err)
	}
	win := openVersionWindow(w, w.history.versions[0], p)
	defer win.Close()
	if !strings.Contains(win.Title(), "version “Workshop” (read-only)") {
		t.Errorf("title %q", win.Title())
	}
	// Find the board's history through a command it refuses.
	cards := len(p.Journeys[0].Touchpoints)
	var b interface{ History() *model.History }
	walk(win.Content(), func(o fyne.CanvasObject) {
		if x, ok := o.(interface{ History() *model.History }); ok {
			b = x
		}
	})
	if b == nil {
		t.Fatal("the version's window has no board")
	}
	h := b.History()
	j := h.Project().Journeys[0]
	c := &model.Touchpoint{ID: model.NewID(), StageID: j.Stages[0].ID, LaneID: j.Lanes[0].ID, Title: "Edit"}
	if err := h.Do(&model.AddTouchpoint{Journey: j.ID, Touchpoint: c}); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("an edit of the version was not refused: %v", err)
	}
	if len(h.Project().Journeys[0].Touchpoints) != cards {
		t.Error("the refused edit changed the version shown")
	}
}

// A copy without history holds the map as it is, and none of the text
// only older versions held.
func TestCopyWithoutHistory(t *testing.T) {
	w, path := savedTestWindow(t)
	old := addCard(t, w, "Wording only the workshop used")
	saveVersionNow(t, w, "Workshop", "A note only the history holds", "")
	renamed := old.Clone()
	renamed.Title = "Hears about it at work"
	if err := w.doc.History().Do(&model.UpdateTouchpoint{After: renamed}); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	w.writeCopyWithoutHistory(path, func(err error) { done <- err })
	if err := await(t, done, "the refusal"); err == nil {
		t.Fatal("a copy without history was written over the open file")
	}
	out := filepath.Join(t.TempDir(), "shared.cjm")
	w.writeCopyWithoutHistory(out, func(err error) { done <- err })
	if err := await(t, done, "the copy"); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, gone := range []string{"Wording only the workshop used", "A note only the history holds"} {
		if bytes.Contains(data, []byte(gone)) {
			t.Errorf("the copy's bytes hold %q", gone)
		}
	}
	doc, err := storage.Open(context.Background(), out, storage.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	if vs, err := doc.Versions(context.Background()); err != nil || len(vs) != 0 {
		t.Errorf("the copy holds versions: %v, %v", vs, err)
	}
	if d := model.Diff(doc.Project(), w.project()); len(d) != 0 {
		t.Errorf("the copy differs from the map: %v", d)
	}
}

// The journey inspector edits the owner and review date; a journey past
// its date shows the banner, when opened too, until dismissed.
func TestOwnerAndReviewBanner(t *testing.T) {
	w, path := savedTestWindow(t)
	j := w.board.Journey()
	w.board.Select()
	w.inspect.showTarget(board.TargetJourney, j.ID)
	w.inspect.show()
	owner := formWidget(t, w.inspect.body, "Owner").(*widget.Entry)
	test.Type(owner, "CX team")
	if j.Owner != "CX team" {
		t.Fatalf("owner %q", j.Owner)
	}
	date := reviewEntry(t, w)
	date.SetText("3/3/20")
	if !j.ReviewBy.IsZero() {
		t.Error("a date not written as YYYY-MM-DD was applied")
	}
	if !strings.Contains(labelsUnder(w.inspect.body), "YYYY-MM-DD") {
		t.Errorf("the inspector does not say how to write the date: %s", labelsUnder(w.inspect.body))
	}
	date.SetText("2020-03-03")
	if want := time.Date(2020, 3, 3, 0, 0, 0, 0, time.UTC); !j.ReviewBy.Equal(want) {
		t.Fatalf("review date %v", j.ReviewBy)
	}
	w.review.now = func() time.Time { return time.Date(2020, 6, 1, 12, 0, 0, 0, time.UTC) }
	w.review.update()
	if !w.review.root.Visible() || w.review.text.Text != "Review due since 3 March; owner: CX team" {
		t.Errorf("banner shown %v: %q", w.review.root.Visible(), w.review.text.Text)
	}
	w.review.now = func() time.Time { return time.Date(2020, 3, 2, 12, 0, 0, 0, time.UTC) }
	w.review.update()
	if w.review.root.Visible() {
		t.Error("the banner shows before the review date")
	}
	w.review.now = time.Now

	// Saved and opened again: the banner says so at once.
	done := make(chan error, 1)
	w.runSave("", func(err error) { done <- err })
	if err := await(t, done, "the save"); err != nil {
		t.Fatal(err)
	}
	doc, err := storage.Open(context.Background(), path, w.opt)
	if err != nil {
		t.Fatal(err)
	}
	w2 := NewWindow(w.app, doc, w.opt)
	defer doc.Close()
	if !w2.review.root.Visible() || w2.review.text.Text != "Review due since 3 March 2020; owner: CX team" {
		t.Errorf("on opening, banner shown %v: %q", w2.review.root.Visible(), w2.review.text.Text)
	}
	dismiss := buttonIn(t, w2.review.root, "")
	test.Tap(dismiss)
	if w2.review.root.Visible() {
		t.Error("the dismissed banner still shows")
	}

	// Cleared, the date is gone and so is the banner.
	date = reviewEntry(t, w)
	date.SetText("")
	if !j.ReviewBy.IsZero() || w.review.root.Visible() {
		t.Errorf("clearing left the date %v, the banner shown %v", j.ReviewBy, w.review.root.Visible())
	}
}

func reviewEntry(t *testing.T, w *Window) *widget.Entry {
	t.Helper()
	var e *widget.Entry
	walk(formWidget(t, w.inspect.body, "Review by"), func(o fyne.CanvasObject) {
		if x, ok := o.(*widget.Entry); ok {
			e = x
		}
	})
	if e == nil {
		t.Fatal("the review date has no entry")
	}
	return e
}

// The stale control shows the cards not changed for the period chosen,
// kept in the preferences.
func TestStaleLens(t *testing.T) {
	w := newTestWindow(t)
	now := time.Now().UTC()
	w.doc.History().SetClock(func() time.Time { return now })
	j := w.board.Journey()
	fresh := j.Touchpoints[0]
	checked := fresh.Clone()
	checked.Title += " (checked)"
	if err := w.doc.History().Do(&model.UpdateTouchpoint{After: checked}); err != nil {
		t.Fatal(err)
	}
	old := j.Touchpoints[1]
	w.lens.setShown(true)
	if w.lens.stalePeriod.Selected != "12 months" {
		t.Errorf("the stale period starts at %q", w.lens.stalePeriod.Selected)
	}
	w.lens.stale.SetChecked(true)
	l := w.board.Lens()
	if l == nil || l.Stale != 12 {
		t.Fatalf("the board's lens %+v", l)
	}
	lo := w.board.Layout()
	if !lo.Card(fresh.ID).Dimmed || lo.Card(old.ID).Dimmed {
		t.Error("the stale lens does not dim exactly the card changed now")
	}
	if !strings.Contains(w.status.Text, "not changed for 12 months") {
		t.Errorf("status %q", w.status.Text)
	}
	w.lens.stalePeriod.SetSelected("6 months")
	if w.board.Lens().Stale != 6 || w.app.Preferences().Int(prefStaleMonths) != 6 {
		t.Error("the period chosen is not applied and kept")
	}
	w.lens.stale.SetChecked(false)
	if w.board.Lens().Filters() {
		t.Error("unchecking Stale left a lens")
	}
	if staleMonthsOf(staleLabel(24)) != 24 || staleLabel(24) != "2 years" {
		t.Error("a period's label does not read back")
	}
}

// ---- helpers over widget trees ----

func topDialog(t *testing.T, w *Window) fyne.CanvasObject {
	t.Helper()
	ov := w.win.Canvas().Overlays().Top()
	if ov == nil {
		t.Fatal("no dialog shown")
	}
	return ov
}

func entryWithHint(t *testing.T, root fyne.CanvasObject, placeholder string) *widget.Entry {
	t.Helper()
	var e *widget.Entry
	walk(root, func(o fyne.CanvasObject) {
		if x, ok := o.(*widget.Entry); ok && x.PlaceHolder == placeholder {
			e = x
		}
	})
	if e == nil {
		t.Fatalf("no entry %q", placeholder)
	}
	return e
}

func buttonIn(t *testing.T, root fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	var b *widget.Button
	walk(root, func(o fyne.CanvasObject) {
		if x, ok := o.(*widget.Button); ok && x.Text == text && b == nil {
			b = x
		}
	})
	if b == nil {
		t.Fatalf("no button %q", text)
	}
	return b
}

func labelsUnder(root fyne.CanvasObject) string {
	var parts []string
	walk(root, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && l.Visible() && l.Text != "" {
			parts = append(parts, l.Text)
		}
	})
	return strings.Join(parts, " | ")
}

// The export dialog offers a "What changed since" page with the versions
// kept in the file; the version is read once the page is asked for.
func TestExportChangesSinceVersion(t *testing.T) {
	w, _ := savedTestWindow(t)
	saveVersionNow(t, w, "Workshop", "", "")
	addCard(t, w, "Hears about it at work")
	opened := make(chan string, 1)
	previewed := make(chan struct{}, 8)
	f := newExportForm(w.win, w.project(), w.board.JourneyID(), func(path string) { opened <- path })
	f.previewed = func() { previewed <- struct{}{} }
	f.setHistory(w.doc)
	if f.changesPage.Disabled() || len(f.since.Options) != 1 || !strings.HasPrefix(f.since.Selected, "Workshop (") {
		t.Fatalf("changes page disabled %v, versions %v", f.changesPage.Disabled(), f.since.Options)
	}
	if f.sinceProject != nil {
		t.Error("a version was read before the changes page was asked for")
	}
	f.changesPage.SetChecked(true)
	await(t, previewed, "the preview with the version read")
	opt, err := f.options()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(opt.Pages, poster.PageChanges) || !strings.Contains(opt.Since, "Workshop") || len(opt.Changes) != 1 ||
		opt.Latest == nil || opt.Latest.Name != "Workshop" {
		t.Fatalf("pages %v, since %q, %d changes", opt.Pages, opt.Since, len(opt.Changes))
	}
	path := filepath.Join(t.TempDir(), "changes.pdf")
	f.run(path)
	await(t, opened, "the end of the export")
	if text := toolOut(t, "pdftotext", path, "-"); !strings.Contains(text, "Workshop") || !strings.Contains(text, "Hears about it at work") {
		t.Errorf("the poster's changes page does not name the version and the card added:\n%s", text)
	}
	f.format.SetSelected("PNG image")
	if !f.changesPage.Disabled() {
		t.Error("the changes page is offered for a PNG")
	}
}

// The export dialog's author is the one versions are signed with.
func TestExportAuthorFromPreferences(t *testing.T) {
	w := newTestWindow(t)
	w.app.Preferences().SetString(prefAuthor, "Ana Lima")
	f := newExportForm(w.win, w.project(), w.board.JourneyID(), nil)
	if f.author.Text != "Ana Lima" {
		t.Fatalf("author %q", f.author.Text)
	}
}
