package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"waymark/canvas/board"
	"waymark/internal/difftext"
	"waymark/internal/printable"
	"waymark/internal/safefile"
	"waymark/model"
	"waymark/storage"
)

// Versions kept inside the file: File › Save Version…, the History panel
// beside the inspector (compare, open read-only, restore), the version
// kept automatically before behaviour data is refreshed, and File › Save a
// Copy Without History…. A version is never an undo step: it is a record
// of the map, kept in the working copy until the file is saved.

const prefAuthor = "author"

// versionDate is how the panel and the banner write a day.
func versionDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("2 January 2006, 15:04")
}

// keepVersionOf stores snap, a snapshot of the map (a Clone taken on the
// UI goroutine), as a version of doc's working copy, with the summary of
// what changed since the version before. It runs off the UI goroutine:
// rebuilding the last version for the summary and storing the new one as
// changes to it take a few hundred milliseconds on a long history.
// progress gets how far it is (0 to 1); cancelling ctx stores nothing.
// The file is not saved; the caller does that when it wants to.
func keepVersionOf(ctx context.Context, doc *storage.Document, snap *model.Project, name, note, author string, progress func(float64)) (model.Version, error) {
	// A full file says so before the last version is read for the summary.
	if err := doc.VersionRoom(ctx); err != nil {
		return model.Version{}, err
	}
	vs, err := doc.Versions(ctx)
	if err != nil {
		return model.Version{}, err
	}
	progress(0.1)
	// A version the file holds but that no longer decodes leaves this one
	// without a comparison, not unsaved.
	summary, _, err := difftext.NewVersionSummary(ctx, vs, doc.VersionProject, snap)
	if err != nil {
		return model.Version{}, err
	}
	// Created is left to storage, which stamps it now.
	v := model.Version{Name: storage.FreeVersionName(vs, name), Note: note, Author: author, Summary: summary}
	progress(0.6)
	v, err = saveVersionOf(doc, ctx, v, snap)
	progress(1)
	return v, err
}

// saveVersionOf is storage's; tests make it fail.
var saveVersionOf = (*storage.Document).SaveVersionOf

// fitVersionName cuts a name made from another ("Before restoring " and a
// version's name) to what a version's name may hold, leaving room for the
// " (2)" that tells repeated names apart. A name the user typed is never
// cut: the dialog refuses one too long.
func fitVersionName(name string) string {
	limit := model.MaxNameBytes - len(" (1000)")
	if len(name) <= limit {
		return name
	}
	cut := limit - len("…")
	for cut > 0 && !utf8.RuneStart(name[cut]) {
		cut--
	}
	return name[:cut] + "…"
}

// keepVersion keeps the map as it is now as a version, off the UI
// goroutine with a progress bar and Cancel when it takes long, and gives
// done, on the UI goroutine, the version kept or why none was (a
// cancelled one: context.Canceled; errOtherMap when the window shows
// another map by then, to which what follows must not apply).
func (w *Window) keepVersion(name, note, author string, done func(model.Version, error)) {
	doc, snap := w.doc, w.project().Clone()
	var kept model.Version
	w.runLong("Keeping version “"+printable.Line(name)+"”", func(ctx context.Context, progress func(float64)) error {
		v, err := keepVersionOf(ctx, doc, snap, name, note, author, progress)
		kept = v
		return err
	}, func(err error) {
		if w.doc != doc {
			err = errOtherMap
		}
		done(kept, err)
	})
}

// errOtherMap: the window opened another map while a version was kept.
var errOtherMap = errors.New("another map was opened meanwhile")

// goAheadWithoutVersion asks whether to go on with what (for example
// "Restore") when the map could not be kept as a version first: the map
// as it is stays reachable through Undo until the window closes, but not
// in the file's history. answer gets the reply on the UI goroutine.
func goAheadWithoutVersion(parent fyne.Window, what string, why error, answer func(bool)) {
	msg := widget.NewLabel(fmt.Sprintf("The map as it is now could not be kept as a version first: %s.\n\n%s anyway? Edit › Undo still brings the map back while this window is open, but the file's history will not hold it.",
		strings.TrimSuffix(printable.Line(why.Error()), "."), what))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(what+" Without a Version?", what+" Anyway", "Cancel", msg, answer, parent)
	d.Resize(fyne.NewSize(560, d.MinSize().Height))
	d.Show()
}

// autoVersionName names the version kept before something replaces part
// of the map: "Before refreshing behaviour data (3 December 2026, 14:05)".
func autoVersionName(what string, now time.Time) string {
	return fmt.Sprintf("%s (%s)", what, versionDate(now))
}

func (w *Window) author() string { return w.app.Preferences().String(prefAuthor) }

// ---- File › Save Version… ----

// saveVersionDialog asks for a version's name, note and author, keeps the
// version and saves the file (asking where first when it has no file).
func (w *Window) saveVersionDialog() {
	vs, err := w.doc.Versions(context.Background())
	if err != nil {
		w.showError(err)
		return
	}
	name := widget.NewEntry()
	name.SetPlaceHolder("After round-2 interviews")
	note := widget.NewMultiLineEntry()
	note.Wrapping = fyne.TextWrapWord
	note.SetMinRowsVisible(3)
	note.SetPlaceHolder("Why: what was learnt, who agreed")
	author := widget.NewEntry()
	author.SetText(w.author())
	author.SetPlaceHolder("Your name (File › Preferences keeps it)")
	problem := widget.NewLabel("")
	problem.Importance = widget.DangerImportance
	problem.Wrapping = fyne.TextWrapWord
	check := func() error {
		n := strings.TrimSpace(model.CleanText(name.Text))
		switch {
		case n == "":
			return errors.New("a version needs a name")
		case len(n) > model.MaxNameBytes:
			return fmt.Errorf("the name is longer than %d bytes", model.MaxNameBytes)
		case slices.ContainsFunc(vs, func(v model.Version) bool { return strings.EqualFold(v.Name, n) }):
			return fmt.Errorf("a version is already called “%s”", printable.Line(n))
		case len(strings.TrimSpace(author.Text)) > model.MaxNameBytes:
			return fmt.Errorf("the author's name is longer than %d bytes", model.MaxNameBytes)
		}
		return nil
	}
	var d *dialog.CustomDialog
	save := widget.NewButtonWithIcon("Save Version", theme.DocumentSaveIcon(), nil)
	save.Importance = widget.HighImportance
	save.Disable()
	refresh := func(string) {
		err := check()
		if err != nil && strings.TrimSpace(name.Text) != "" {
			problem.SetText(printable.UpperFirst(err.Error()) + ".")
			problem.Show()
		} else {
			problem.Hide()
		}
		enable(err == nil, save)
	}
	name.OnChanged, author.OnChanged = refresh, refresh
	problem.Hide()
	save.OnTapped = func() {
		if check() != nil {
			return
		}
		d.Hide()
		a := strings.TrimSpace(model.CleanText(author.Text))
		if a != w.author() {
			w.app.Preferences().SetString(prefAuthor, a)
		}
		w.saveVersion(strings.TrimSpace(model.CleanText(name.Text)), strings.TrimSpace(model.CleanText(note.Text)), a, nil)
	}
	name.OnSubmitted = func(string) { save.OnTapped() }
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	help := widget.NewLabel("A version keeps the whole map as it is now inside the file, to compare with or go back to from the History panel. Saving a version also saves the file.")
	help.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(widget.NewFormItem("Name", name), widget.NewFormItem("Note", note), widget.NewFormItem("Author", author))
	d = dialog.NewCustomWithoutButtons("Save Version", container.NewVBox(help, form, problem), w.win)
	d.SetButtons([]fyne.CanvasObject{cancel, save})
	d.Resize(fyne.NewSize(560, d.MinSize().Height))
	d.Show()
	w.win.Canvas().Focus(name)
}

// saveVersion keeps a version and saves the file through the usual save;
// an untitled project asks for its path first. done (tests) gets the
// outcome on the UI goroutine.
func (w *Window) saveVersion(name, note, author string, done func(error)) {
	finish := func(err error) {
		if err != nil {
			w.showError(err)
		}
		if done != nil {
			done(err)
		}
	}
	run := func(path string) {
		w.keepVersion(name, note, author, func(_ model.Version, err error) {
			if errors.Is(err, context.Canceled) {
				if done != nil {
					done(err)
				}
				return
			}
			if errors.Is(err, errOtherMap) {
				finish(fmt.Errorf("%w, so the version was not saved", err))
				return
			}
			if err != nil {
				finish(err)
				return
			}
			w.history.reload()
			w.runSave(path, func(err error) {
				if errors.Is(err, storage.ErrChangedOnDisk) {
					err = fmt.Errorf("the version is kept, but the file was not saved: %w", err)
				}
				if err == nil {
					w.afterSave()
				}
				finish(err)
			})
		})
	}
	if w.doc.Path() == "" {
		askSavePathTitled(w.win, saveProjectTitle, strings.TrimSuffix(w.project().Name, ".cjm")+".cjm", ".cjm", run)
		return
	}
	run("")
}

// ---- File › Save a Copy Without History… ----

// saveCopyWithoutHistory asks where, then writes the map as it is now,
// without its versions, off the UI goroutine.
func (w *Window) saveCopyWithoutHistory() {
	name := w.project().Name
	if w.doc.Path() != "" {
		name = strings.TrimSuffix(filepath.Base(w.doc.Path()), ".cjm") + " (without history)"
	}
	askSavePathTitled(w.win, saveCopyWithoutTitle, name+".cjm", ".cjm", func(path string) { w.writeCopyWithoutHistory(path, nil) })
}

// writeCopyWithoutHistory writes the copy to path, never over the open
// file. done (tests) gets the outcome on the UI goroutine.
func (w *Window) writeCopyWithoutHistory(path string, done func(error)) {
	finish := func(err error) {
		if err != nil {
			w.showError(err)
		}
		if done != nil {
			done(err)
		}
	}
	if own := w.doc.Path(); own != "" {
		// The same name, or another name of the same file.
		if viewKey(own) == viewKey(path) || safefile.SameFile(own, path) {
			finish(fmt.Errorf("%s: a copy without history cannot replace the open file; choose another name", filepath.Base(path)))
			return
		}
	}
	snap := w.project().Clone()
	w.runLong("Saving a copy without history", func(ctx context.Context, _ func(float64)) error {
		return storage.WriteWithoutHistory(ctx, snap, path)
	}, finish)
}

// ---- the History panel ----

// historyPanel lists the file's versions, newest first. Selecting one
// compares it with the map; selecting two (Ctrl or Shift) compares them.
// A version's project is decoded only when it is selected, off the UI
// goroutine, and kept while the document is open (versions never change).
type historyPanel struct {
	w        *Window
	root     *fyne.Container
	list     *widget.List
	versions []model.Version // newest first
	selected []int           // Seqs, in the order chosen; at most two
	decoded  map[int]*model.Project
	gen      int // the comparison wanted; older results are dropped
	doc      *storage.Document
	// reading counts the decodes under way (the spinner shows while any
	// is); stopRead cancels the comparison's, which a newer one replaces;
	// said is what the panel says when none is under way.
	reading  int
	stopRead context.CancelFunc
	said     string

	empty                  *widget.Label
	openBtn, restoreBtn    *widget.Button
	compare                *compareView
	status                 *widget.Label
	loading                *widget.ProgressBarInfinite
	compareBox, detailsBox *fyne.Container
	// compared is called when a comparison is shown (tests).
	compared func(*compareView, error)
	// behind is set when the map changed while the panel was not shown:
	// its comparison with the map is redone when it is.
	behind bool
}

func newHistoryPanel(w *Window) *historyPanel {
	h := &historyPanel{w: w, decoded: map[int]*model.Project{}}
	h.list = widget.NewList(
		func() int { return len(h.versions) },
		func() fyne.CanvasObject { return newVersionRow(h) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < len(h.versions) {
				o.(*versionRow).set(i, h.versions[i], slices.Contains(h.selected, h.versions[i].Seq))
			}
		})
	// The keyboard selects through the list itself: arrows and Space.
	h.list.OnSelected = func(i widget.ListItemID) {
		h.list.UnselectAll()
		if !(len(h.selected) == 1 && i < len(h.versions) && h.selected[0] == h.versions[i].Seq) {
			h.choose(i, false)
		}
	}
	saveBtn := widget.NewButtonWithIcon("Save Version…", theme.DocumentSaveIcon(), func() { w.saveVersionDialog() })
	h.openBtn = widget.NewButtonWithIcon("Open read-only", theme.VisibilityIcon(), h.openSelected)
	h.restoreBtn = widget.NewButtonWithIcon("Restore…", theme.HistoryIcon(), h.askRestore)
	h.empty = widget.NewLabel("No versions yet. File › Save Version… keeps the map as it is now, to compare with or go back to later.")
	h.empty.Wrapping = fyne.TextWrapWord
	hint := widget.NewLabel("Select a version to compare it with the map; Ctrl- or Shift-click a second to compare the two.")
	hint.Wrapping = fyne.TextWrapWord
	hint.Importance = widget.LowImportance
	h.status = widget.NewLabel("")
	h.status.Wrapping = fyne.TextWrapWord
	h.loading = widget.NewProgressBarInfinite()
	h.loading.Stop()
	h.loading.Hide()
	h.compare = &compareView{win: w.win, board: w.board}
	h.compareBox = container.NewStack()
	h.detailsBox = container.NewVBox(h.status, h.loading)
	top := container.NewVBox(container.NewHBox(saveBtn, layout.NewSpacer()), hint, h.empty)
	lists := container.NewVSplit(h.list, container.NewBorder(container.NewVBox(widget.NewSeparator(), container.NewHBox(h.openBtn, h.restoreBtn), h.detailsBox), nil, nil, nil, h.compareBox))
	lists.Offset = 0.45
	h.root = container.NewBorder(top, nil, nil, nil, lists)
	h.updateButtons()
	return h
}

// setDocument shows another document's versions.
func (h *historyPanel) setDocument(doc *storage.Document) {
	h.doc = doc
	h.decoded = map[int]*model.Project{}
	h.selected = nil
	h.gen++
	h.compare.board = h.w.board
	h.compare.current = doc.Project()
	h.clearCompare()
	h.reload()
}

// reload reads the versions' list again (metadata only: cheap).
func (h *historyPanel) reload() {
	if h.doc == nil {
		return
	}
	vs, err := h.doc.Versions(context.Background())
	if err != nil {
		h.versions = nil
		h.say(printable.UpperFirst(printable.Line(err.Error())) + ".")
	} else {
		slices.Reverse(vs)
		h.versions = vs
	}
	h.selected = slices.DeleteFunc(h.selected, func(seq int) bool { return h.version(seq) == nil })
	if len(h.versions) == 0 {
		h.empty.Show()
	} else {
		h.empty.Hide()
	}
	h.list.Refresh()
	h.updateButtons()
}

func (h *historyPanel) version(seq int) *model.Version {
	for i := range h.versions {
		if h.versions[i].Seq == seq {
			return &h.versions[i]
		}
	}
	return nil
}

// choose selects the version at row i: alone, or (add) beside the one
// already selected, the older selection giving way to a third.
func (h *historyPanel) choose(i int, add bool) {
	if i < 0 || i >= len(h.versions) {
		return
	}
	seq := h.versions[i].Seq
	switch {
	case !add:
		h.selected = []int{seq}
	case slices.Contains(h.selected, seq):
		h.selected = slices.DeleteFunc(h.selected, func(s int) bool { return s == seq })
	default:
		h.selected = append(h.selected, seq)
		if len(h.selected) > 2 {
			h.selected = h.selected[len(h.selected)-2:]
		}
	}
	h.list.Refresh()
	h.updateButtons()
	h.compareSelected()
}

func (h *historyPanel) updateButtons() {
	enable(len(h.selected) == 1, h.openBtn, h.restoreBtn)
}

func (h *historyPanel) clearCompare() {
	h.compareBox.Objects = nil
	h.compareBox.Refresh()
	if h.w.board != nil {
		h.w.board.SetHighlight(nil)
	}
	h.say("")
}

// say sets what the panel says, kept while a version is read.
func (h *historyPanel) say(s string) {
	h.said = s
	if h.reading == 0 {
		h.status.SetText(s)
	}
}

// versionLabel names a version in sentences: version “Round 2”.
func versionLabel(v model.Version) string { return "version “" + printable.Line(v.Name) + "”" }

// maxDecodedVersions is how many decoded versions the panel keeps.
const maxDecodedVersions = 8

// decode gives the projects of seqs, decoding those not yet decoded off
// the UI goroutine; then runs on the UI goroutine unless a newer request
// came meanwhile. A comparison gives way to a newer one (only the last
// asked for is shown); an action the user confirmed (open, restore) does
// not: decodeFor.
func (h *historyPanel) decode(seqs []int, then func([]*model.Project, error)) {
	h.decodeAs(seqs, false, then)
}

// decodeFor is decode for an action: then runs whatever is asked meanwhile.
func (h *historyPanel) decodeFor(seqs []int, then func([]*model.Project, error)) {
	h.decodeAs(seqs, true, then)
}

func (h *historyPanel) decodeAs(seqs []int, action bool, then func([]*model.Project, error)) {
	ctx := context.Background()
	if !action {
		h.gen++
		if h.stopRead != nil {
			h.stopRead() // the comparison no one waits for any more
			h.stopRead = nil
		}
	}
	gen, doc := h.gen, h.doc
	out := make([]*model.Project, len(seqs))
	var missing []int
	for i, s := range seqs {
		if p := h.decoded[s]; p != nil {
			out[i] = p
		} else {
			missing = append(missing, s)
		}
	}
	if len(missing) == 0 {
		then(out, nil)
		return
	}
	if !action {
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		h.stopRead = cancel
	}
	h.reading++
	h.loading.Show()
	h.loading.Start()
	h.status.SetText("Reading the version…")
	go func() {
		got := map[int]*model.Project{}
		var err error
		for _, s := range missing {
			var p *model.Project
			if p, err = doc.VersionProject(ctx, s); err != nil {
				break
			}
			got[s] = p
		}
		onUI(func() {
			if h.reading--; h.reading == 0 {
				h.loading.Stop()
				h.loading.Hide()
				h.status.SetText(h.said)
			}
			if doc != h.doc || (!action && gen != h.gen) {
				return
			}
			for s, p := range got {
				// A few decoded versions are kept, not all a file may
				// hold: each is a whole map.
				if len(h.decoded) >= maxDecodedVersions {
					for k := range h.decoded {
						if !slices.Contains(seqs, k) {
							delete(h.decoded, k)
							break
						}
					}
				}
				h.decoded[s] = p
			}
			for i, s := range seqs {
				out[i] = h.decoded[s]
			}
			then(out, err)
		})
	}()
}

// compareSelected shows what changed: from the version selected to the
// map, or from the older of two selected to the newer.
func (h *historyPanel) compareSelected() {
	seqs := slices.Clone(h.selected)
	slices.Sort(seqs)
	if len(seqs) == 0 {
		h.gen++
		h.clearCompare()
		return
	}
	h.decode(seqs, func(ps []*model.Project, err error) {
		if err != nil {
			h.clearCompare()
			h.say(printable.UpperFirst(printable.Line(err.Error())) + ".")
			if h.compared != nil {
				h.compared(nil, err)
			}
			return
		}
		older := h.version(seqs[0])
		v := h.compare
		v.board = h.w.board
		v.other, v.name = ps[0], versionLabel(*older)
		if len(ps) == 2 {
			v.current, v.toName = ps[1], versionLabel(*h.version(seqs[1]))
		} else {
			v.current, v.toName = h.w.project(), ""
		}
		h.say(h.details(seqs))
		if v.summary == nil {
			v.buildBody(false)
		}
		v.refresh()
		h.compareBox.Objects = []fyne.CanvasObject{v.body}
		h.compareBox.Refresh()
		if h.compared != nil {
			h.compared(v, nil)
		}
	})
}

// details is the selected versions' words: name, author, date and note.
func (h *historyPanel) details(seqs []int) string {
	var parts []string
	for _, s := range seqs {
		v := h.version(s)
		line := fmt.Sprintf("%s, %s", printable.Line(v.Name), versionDate(v.Created))
		if v.Author != "" {
			line += " by " + printable.Line(v.Author)
		}
		if v.Note != "" {
			line += ": " + printable.Line(v.Note)
		}
		parts = append(parts, line)
	}
	return strings.Join(parts, "\n")
}

// changed follows an edit of the map: a comparison with the map is redone,
// at once when the panel is shown, else when it is (a large map's
// comparison is not worth redoing at every keystroke nobody sees).
func (h *historyPanel) changed() {
	if h.w.side != nil && h.w.side.SelectedIndex() != sideHistory {
		h.behind = true
		return
	}
	h.behind = false
	if len(h.selected) == 1 && h.compare.summary != nil && h.compare.toName == "" && len(h.compareBox.Objects) > 0 {
		h.compare.current = h.w.project()
		h.compare.refresh()
	}
}

// openSelected opens the version selected in a window of its own.
func (h *historyPanel) openSelected() {
	if len(h.selected) != 1 {
		return
	}
	seq := h.selected[0]
	h.decodeFor([]int{seq}, func(ps []*model.Project, err error) {
		if err != nil {
			h.w.showError(err)
			return
		}
		openVersionWindow(h.w, *h.version(seq), ps[0])
	})
}

// askRestore confirms, then restores the version selected.
func (h *historyPanel) askRestore() {
	if len(h.selected) != 1 {
		return
	}
	v := *h.version(h.selected[0])
	msg := widget.NewLabel(fmt.Sprintf("Make the map equal to %s?\n\nThe map as it is now is kept first as version “Before restoring %s”, and Edit › Undo takes the restore back.",
		versionLabel(v), printable.Line(v.Name)))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm("Restore version", "Restore", "Cancel", msg, func(ok bool) {
		if ok {
			h.restore(v.Seq, nil)
		}
	}, h.w.win)
	d.Resize(fyne.NewSize(520, d.MinSize().Height))
	d.Show()
}

// restore keeps the map as "Before restoring NAME", then makes it equal to
// version seq in one undo step. done (tests) gets the outcome.
func (h *historyPanel) restore(seq int, done func(error)) {
	v := h.version(seq)
	if v == nil {
		return
	}
	ver := *v
	finish := func(err error) {
		if err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, errNotRestored) {
			h.w.showError(err)
		}
		if done != nil {
			done(err)
		}
	}
	h.decodeFor([]int{seq}, func(ps []*model.Project, err error) {
		if err != nil {
			finish(err)
			return
		}
		if len(model.Diff(h.w.project(), ps[0])) == 0 {
			// As the command line says: nothing to restore, nothing kept.
			dialog.ShowInformation("Restore version", "The map already equals "+versionLabel(ver)+"; there is nothing to restore.", h.w.win)
			finish(errNotRestored)
			return
		}
		h.w.restoreVersion(ver, ps[0], finish)
	})
}

// errNotRestored: the user chose not to restore without a version.
var errNotRestored = errors.New("nothing was restored")

// restoreVersion makes the map equal to p, version v's project, as one
// undoable command, after keeping the map as it is as a version; when
// that cannot be kept, it asks whether to restore anyway. done gets the
// outcome on the UI goroutine.
func (w *Window) restoreVersion(v model.Version, p *model.Project, done func(error)) {
	w.keepVersion(fitVersionName("Before restoring "+v.Name), "", w.author(), func(_ model.Version, err error) {
		switch {
		case errors.Is(err, context.Canceled):
			done(err)
		case errors.Is(err, errOtherMap):
			done(fmt.Errorf("%w, so nothing was restored", err))
		case err != nil:
			goAheadWithoutVersion(w.win, "Restore", err, func(ok bool) {
				if !ok {
					done(errNotRestored)
					return
				}
				done(w.replaceWithVersion(v, p))
			})
		default:
			w.history.reload()
			done(w.replaceWithVersion(v, p))
		}
	})
}

// replaceWithVersion is the restore itself: one undo step.
func (w *Window) replaceWithVersion(v model.Version, p *model.Project) error {
	if err := w.doc.History().Do(&model.ReplaceProject{With: p, Name: "Restore Version “" + v.Name + "”"}); err != nil {
		return err
	}
	if w.board.Journey() == nil {
		if js := w.project().Journeys; len(js) > 0 {
			w.showJourney(js[0].ID)
		}
	}
	w.showView(viewBoard)
	return nil
}

// versionRow is one version in the list: name, author and date, note and
// summary. It takes its own clicks, to read Ctrl and Shift.
type versionRow struct {
	widget.BaseWidget
	h     *historyPanel
	index int
	mods  fyne.KeyModifier
	bg    *canvas.Rectangle
	name  *widget.Label
	meta  *widget.Label
	note  *widget.Label
	sum   *widget.Label
}

var (
	_ fyne.Tappable     = (*versionRow)(nil)
	_ desktop.Mouseable = (*versionRow)(nil)
)

func newVersionRow(h *historyPanel) *versionRow {
	r := &versionRow{h: h, bg: canvas.NewRectangle(nil)}
	r.name = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	// Author, date and summary in the text colour (low importance does
	// not read on the selection's colour), the summary in italics.
	r.meta = widget.NewLabel("")
	r.note = widget.NewLabel("")
	r.sum = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	for _, l := range []*widget.Label{r.name, r.meta, r.note, r.sum} {
		l.Truncation = fyne.TextTruncateEllipsis
	}
	r.ExtendBaseWidget(r)
	return r
}

func (r *versionRow) set(i int, v model.Version, selected bool) {
	r.index = i
	r.name.SetText(printable.Line(v.Name))
	meta := versionDate(v.Created)
	if v.Author != "" {
		meta = printable.Line(v.Author) + " · " + meta
	}
	r.meta.SetText(meta)
	r.note.SetText(printable.Line(v.Note))
	sum := v.Summary
	if sum == "" {
		sum = "no summary"
	}
	r.sum.SetText(printable.Line(sum))
	if selected {
		r.bg.FillColor = theme.Color(theme.ColorNameSelection)
	} else {
		r.bg.FillColor = nil
	}
	r.bg.Refresh()
}

// CreateRenderer implements fyne.Widget.
func (r *versionRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(r.bg, container.NewVBox(r.name, r.meta, r.note, r.sum)))
}

// MouseDown implements desktop.Mouseable: the modifiers of the click.
func (r *versionRow) MouseDown(ev *desktop.MouseEvent) { r.mods = ev.Modifier }

// MouseUp implements desktop.Mouseable.
func (r *versionRow) MouseUp(*desktop.MouseEvent) {}

// Tapped implements fyne.Tappable.
func (r *versionRow) Tapped(*fyne.PointEvent) {
	add := r.mods&(fyne.KeyModifierShortcutDefault|fyne.KeyModifierShift|fyne.KeyModifierControl) != 0
	r.mods = 0
	r.h.choose(r.index, add)
}

// ---- a version in a window of its own ----

// readOnlyJournal refuses every edit of a version's window: History then
// takes the command back, so the version shown never changes.
type readOnlyJournal struct{ name string }

func (j readOnlyJournal) Commit(*model.Project, model.Changes) error {
	return fmt.Errorf("version “%s” is read-only; restore it from the History panel to edit it", j.name)
}

// openVersionWindow shows version v's project p in a window of its own,
// read-only: its board refuses edits, and its title says so.
func openVersionWindow(w *Window, v model.Version, p *model.Project) fyne.Window {
	p = p.Clone()
	hist := model.NewHistory(p, readOnlyJournal{name: v.Name})
	var first model.ID
	if len(p.Journeys) > 0 {
		first = p.Journeys[0].ID
	}
	win := w.app.NewWindow("")
	file := "Untitled"
	if w.doc.Path() != "" {
		file = filepath.Base(w.doc.Path())
	}
	win.SetTitle(fmt.Sprintf("%s — version “%s” (read-only) — %s — Waymark", printable.Line(p.Name), printable.Line(v.Name), printable.Line(file)))
	b := board.New(hist, first, Metrics())
	b.SetPalette(w.theme.palette(w.app))
	b.OnError = func(err error) { showErrorOn(win, err) }
	var names []string
	for _, j := range p.Journeys {
		names = append(names, printable.Line(j.Title))
	}
	pick := widget.NewSelect(names, nil)
	pick.OnChanged = func(string) {
		if i := pick.SelectedIndex(); i >= 0 && i < len(p.Journeys) {
			b.SetJourney(p.Journeys[i].ID)
		}
	}
	if len(names) > 0 {
		pick.SetSelectedIndex(0)
	}
	info := fmt.Sprintf("Read-only: version “%s”, %s", printable.Line(v.Name), versionDate(v.Created))
	if v.Author != "" {
		info += " by " + printable.Line(v.Author)
	}
	head := widget.NewLabelWithStyle(info, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	note := widget.NewLabel(printable.Line(v.Note))
	note.Truncation = fyne.TextTruncateEllipsis
	zoom := widget.NewLabel("100%")
	b.OnZoom = func(z float32) { zoom.SetText(fmt.Sprintf("%.0f%%", z*100)) }
	closeBtn := widget.NewButton("Close", win.Close)
	// Wide enough for a journey's title to read.
	picker := container.NewGridWrap(fyne.NewSize(320, pick.MinSize().Height), pick)
	top := container.NewBorder(nil, nil, container.NewHBox(widget.NewLabel("Journey"), picker), closeBtn, container.NewVBox(head))
	win.SetContent(container.NewBorder(container.NewVBox(top, note, widget.NewSeparator()), container.NewBorder(nil, nil, nil, zoom), nil, nil, b))
	win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyW, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { win.Close() })
	win.Resize(fyne.NewSize(1280, 800))
	win.Show()
	return win
}
