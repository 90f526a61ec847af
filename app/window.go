package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"waymark/assets"
	"waymark/canvas/board"
	"waymark/canvas/geometry"
	"waymark/internal/printable"
	"waymark/model"
	"waymark/storage"
)

// Window is one project window: the journey tabs, the board, the inspector
// and the persona panel around one open document.
type Window struct {
	app   fyne.App
	win   fyne.Window
	theme *waymarkTheme
	opt   storage.Options

	doc     *storage.Document
	board   *board.Board
	tabs    *journeyTabs
	inspect *inspector
	tip     figuresTip // a stage's figures by the pointer
	find    *findBar   // Edit › Find over the board
	people  *personaPanel
	history *historyPanel // the versions kept in the file
	review  *reviewBanner // "Review due since 3 March", above the board
	lens    *lensBar      // View › Lens bar, above the board
	cover   *coverageView // View › Coverage
	prio    *priorityView // View › Priorities
	views   *container.AppTabs
	// boardView is the board with the lens bar above it.
	boardView *fyne.Container
	status    *widget.Label
	zoom      *widget.Label
	side      *container.AppTabs

	menuUndo, menuRedo *fyne.MenuItem
	menuLens           *fyne.MenuItem
	// menuImportBehaviour and menuRefreshBehaviour follow the journey
	// shown (updateBehaviourMenus).
	menuImportBehaviour, menuRefreshBehaviour *fyne.MenuItem
	// lastCounter is the history counter the window last showed, so that
	// repeated notifications redraw once.
	lastCounter uint64
	// closing is set once the user confirmed closing.
	closing bool
	// restored is set when the document came back from a crash, so its
	// unsaved state is worth keeping even before a new edit.
	restored bool
}

// NewWindow opens a window on a document. The app is a parameter so that
// tests run on test.NewApp().
func NewWindow(a fyne.App, doc *storage.Document, opt storage.Options) *Window {
	th, _ := a.Settings().Theme().(*waymarkTheme)
	if th == nil {
		th = &waymarkTheme{choice: a.Preferences().StringWithFallback(prefTheme, ThemeSystem)}
		a.Settings().SetTheme(th)
	}
	w := &Window{app: a, win: a.NewWindow("Waymark"), theme: th, opt: opt}
	w.win.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon()))
	w.status = widget.NewLabel("")
	w.zoom = widget.NewLabel("100%")
	w.inspect = newInspector(w)
	w.tip = newFiguresTip(w)
	w.find = newFindBar(w)
	w.people = newPersonaPanel(w)
	w.review = newReviewBanner(w)
	w.tabs = newJourneyTabs(w)
	w.lens = newLensBar(w)
	w.lens.changed = func() { w.updateStatus(); w.saveView() }
	w.cover = newCoverageView(w)
	w.cover.shown = func() bool { return w.views != nil && w.views.SelectedIndex() == viewCoverage }
	w.prio = newPriorityView(w)
	w.prio.shown = func() bool { return w.views != nil && w.views.SelectedIndex() == viewPriorities }
	w.side = container.NewAppTabs(
		container.NewTabItemWithIcon("Inspector", theme.InfoIcon(), w.inspect.root),
		container.NewTabItemWithIcon("Personas", theme.AccountIcon(), w.people.root),
	)
	w.history = newHistoryPanel(w)
	w.side.Append(container.NewTabItemWithIcon("History", theme.HistoryIcon(), w.history.root))
	w.side.OnSelected = func(*container.TabItem) {
		if w.side.SelectedIndex() == sideHistory && w.history.behind {
			w.history.changed()
		}
	}
	w.setDocument(doc)
	w.win.SetMainMenu(w.mainMenu())
	w.addShortcuts()
	w.win.SetCloseIntercept(func() { w.Close() })
	w.win.SetOnDropped(w.dropped)
	w.win.Resize(fyne.NewSize(1440, 900))
	return w
}

// Window returns the Fyne window.
func (w *Window) Window() fyne.Window { return w.win }

// Board returns the journey board.
func (w *Window) Board() *board.Board { return w.board }

// Document returns the open document.
func (w *Window) Document() *storage.Document { return w.doc }

// Show shows the window.
func (w *Window) Show() { w.win.Show() }

func (w *Window) project() *model.Project { return w.doc.Project() }

// setDocument shows a document in the window, replacing the one before.
func (w *Window) setDocument(doc *storage.Document) {
	if w.board != nil {
		w.saveView() // how the file before was seen, for when it is opened again
	}
	w.doc = doc
	w.restored = false
	p := doc.Project()
	var first model.ID
	if len(p.Journeys) > 0 {
		first = p.Journeys[0].ID
	}
	if w.board != nil {
		w.find.close() // its matches are the old board's
	}
	b := board.New(doc.History(), first, Metrics())
	b.SetPalette(w.theme.palette(w.app))
	b.OnSelect = func([]model.ID) { w.inspect.show() }
	b.OnHeader = func(kind board.TargetKind, id model.ID) { w.inspect.showTarget(kind, id) }
	b.OnError = w.showError
	b.OnZoom = func(z float32) { w.zoom.SetText(fmt.Sprintf("%.0f%%", z*100)) }
	b.OnHoverFigures = w.tip.hover
	w.board = b
	doc.History().OnChange(w.historyChanged)
	w.tabs.refresh()
	w.people.refresh()
	w.inspect.showTarget(board.TargetJourney, first)
	w.win.SetContent(w.layout())
	w.lens.reset()
	w.restoreView()
	w.cover.changed()
	w.prio.changed()
	w.history.setDocument(doc)
	w.review.update()
	w.updateTitle()
	w.updateStatus()
	w.remember(doc.Path())
}

// The tabs beside the board, in order.
const (
	sideInspector = iota
	sidePersonas
	sideHistory
)

// The views beside the board, in the order of their tabs.
const (
	viewBoard = iota
	viewCoverage
	viewPriorities
)

// showView brings a view's tab to the front.
func (w *Window) showView(i int) {
	if w.views != nil && w.views.SelectedIndex() != i {
		w.views.SelectIndex(i)
	}
}

// showCardsOf narrows the board to what lens l shows, in the lens bar's
// Dim/Hide mode, and scrolls it to stage.
func (w *Window) showCardsOf(l *model.Lens, stage model.ID) {
	w.showView(viewBoard)
	w.lens.apply(l)
	lo := w.board.Layout()
	for _, s := range lo.Stages {
		if s.ID == stage {
			w.board.ScrollTo(geometry.Point{X: s.Header.X - lo.Style.LaneHeaderWidth, Y: w.board.Offset().Y})
		}
	}
	w.win.Canvas().Focus(w.board)
}

func (w *Window) layout() fyne.CanvasObject {
	toolbar := w.toolbar()
	top := container.NewVBox(toolbar, w.tabs.root)
	bottom := container.NewBorder(nil, nil, nil, w.zoom, w.status)
	// The figures tip floats over the board in a layer of its own: a
	// pop-up overlay would take the pointer's moves from the board.
	w.boardView = container.NewBorder(container.NewVBox(w.review.root, w.lens.root), nil, nil, nil, container.NewStack(w.board, w.tip.layer, w.find.layer))
	w.views = container.NewAppTabs(
		container.NewTabItemWithIcon("Board", theme.GridIcon(), w.boardView),
		container.NewTabItemWithIcon("Coverage", theme.ListIcon(), w.cover.root),
		container.NewTabItemWithIcon("Priorities", theme.SearchReplaceIcon(), w.prio.root),
	)
	w.views.OnSelected = func(*container.TabItem) {
		switch w.views.SelectedIndex() {
		case viewCoverage:
			w.cover.showing()
		case viewPriorities:
			w.prio.showing()
		}
	}
	split := container.NewHSplit(w.views, w.side)
	split.Offset = 0.77
	return container.NewBorder(top, bottom, nil, nil, split)
}

// historyChanged runs after every do, undo and redo: the board relays out,
// the inspector and title follow.
func (w *Window) historyChanged() {
	h := w.doc.History()
	if h.Counter() == w.lastCounter {
		return
	}
	w.lastCounter = h.Counter()
	w.tabs.refresh()
	w.people.refresh()
	if !w.inspect.editing {
		w.inspect.show()
	}
	w.updateTitle()
	w.lens.refresh()
	w.updateStatus()
	w.find.refresh()
	w.cover.changed()
	w.prio.changed()
	w.history.changed()
	w.review.update()
}

func (w *Window) updateTitle() {
	name := w.project().Name
	file := "Untitled"
	if w.doc.Path() != "" {
		file = filepath.Base(w.doc.Path())
	}
	title := fmt.Sprintf("%s — %s", name, file)
	if w.doc.History().Dirty() {
		title += " •"
	}
	w.win.SetTitle(title + " — Waymark")
	if w.menuUndo != nil {
		w.updateTitleMenus()
		if mm := w.win.MainMenu(); mm != nil {
			mm.Refresh()
		}
	}
}

func (w *Window) updateStatus() {
	w.updateBehaviourMenus()
	j := w.board.Journey()
	if j == nil {
		w.status.SetText("")
		return
	}
	state := "All changes saved"
	switch {
	case w.doc.Path() == "" && !w.doc.History().CanUndo():
		state = "Not saved to a file yet"
	case w.doc.History().Dirty():
		state = "Unsaved changes (each edit is kept safe until you save)"
	}
	// Said until the next save: the digest cannot tell an edit by a script
	// from one by a colleague, so it is worth knowing, not refusing.
	if w.doc.ChangedOutside() {
		state += " · " + storage.ChangedOutsideNotice
	}
	lens := ""
	if w.board.Lens().Filters() {
		lens = w.lens.describe() + " · "
	}
	w.status.SetText(fmt.Sprintf("%s%d stages · %d lanes · %d cards · %d personas · %s",
		lens, len(j.Stages), len(j.Lanes), len(j.Touchpoints), len(j.PersonaIDs), state))
}

// do runs a command and reports a refusal.
func (w *Window) do(c model.Command) bool {
	if err := w.doc.History().Do(c); err != nil {
		w.showError(err)
		return false
	}
	return true
}

func (w *Window) showError(err error) { showErrorOn(w.win, err) }

// showErrorOn shows an error's sentence over a window as it is. Fyne's own
// error dialog capitalises the first letter, which would misname the file
// most of Waymark's sentences begin with ("report.cjm: …" is not
// "Report.cjm").
func showErrorOn(parent fyne.Window, err error) {
	text := printable.Line(err.Error())
	msg := &widget.Label{Text: text, Alignment: fyne.TextAlignCenter, Wrapping: fyne.TextWrapWord}
	icon := widget.NewIcon(theme.ErrorIcon())
	d := dialog.NewCustomWithoutButtons("Error", container.NewBorder(container.NewCenter(icon), nil, nil, nil, msg), parent)
	ok := newDismissButton("OK", d.Hide)
	d.SetButtons([]fyne.CanvasObject{ok})
	d.Show()
	// Focused, so that Return or Escape closes the message, as they do
	// in every desktop application; keys do not reach the board behind.
	parent.Canvas().Focus(ok)
	// As wide as the sentence needs, within reason; sized after Show.
	width := min(widget.NewLabel(text).MinSize().Width+4*theme.Padding(), 600, parent.Canvas().Size().Width*0.9)
	d.Resize(fyne.NewSize(width, 0))
	d.Resize(fyne.NewSize(width, d.MinSize().Height)) // the height the wrapped text takes at that width
}

// dismissButton is a dialog's button that Return, Enter and Escape press
// too, as well as Space.
type dismissButton struct{ widget.Button }

func newDismissButton(label string, tapped func()) *dismissButton {
	b := &dismissButton{}
	b.Text, b.OnTapped, b.Importance = label, tapped, widget.HighImportance
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey implements fyne.Focusable.
func (b *dismissButton) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeyEscape:
		b.Tapped(nil)
	default:
		b.Button.TypedKey(ev)
	}
}

func (w *Window) undo() {
	if _, err := w.doc.History().Undo(); err != nil {
		w.showError(err)
	}
}

func (w *Window) redo() {
	if _, err := w.doc.History().Redo(); err != nil {
		w.showError(err)
	}
}

// ---- files ----

// confirmDiscard asks Save / Discard / Cancel when the project has unsaved
// changes, then runs next unless the user cancelled or saving failed.
func (w *Window) confirmDiscard(next func()) {
	if !w.doc.History().Dirty() {
		next()
		return
	}
	var d dialog.Dialog
	msg := widget.NewLabel(fmt.Sprintf("Save the changes to “%s” before closing?\nIf you don't, they are lost.", w.project().Name))
	save := widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), func() {
		d.Hide()
		w.save(next)
	})
	save.Importance = widget.HighImportance
	discard := widget.NewButton("Discard", func() { d.Hide(); next() })
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons("Unsaved changes", container.NewVBox(msg,
		container.NewHBox(discard, layoutSpacer(), cancel, save)), w.win)
	d.Show()
}

func layoutSpacer() fyne.CanvasObject { return widget.NewLabel("   ") }

// Close closes the window after asking about unsaved changes. The working
// copy is removed only once nothing in it needs keeping.
func (w *Window) Close() {
	w.confirmDiscard(func() {
		w.saveView()
		w.closing = true
		if err := w.doc.Close(); err != nil {
			fyne.LogError("closing the working copy", err)
		}
		w.win.Close()
	})
}

// save saves to the document's file, or asks for one.
func (w *Window) save(then func()) {
	if w.doc.Path() == "" {
		w.saveAs(then)
		return
	}
	w.runSave("", func(err error) {
		if errors.Is(err, storage.ErrChangedOnDisk) {
			dialog.ShowConfirm("The file changed on disk", err.Error()+"\n\nSave a copy under another name?", func(ok bool) {
				if ok {
					w.saveAs(then)
				}
			}, w.win)
			return
		}
		w.saved(err, then)
	})
}

// runSave snapshots the project here, writes it off the UI goroutine (edits
// may go on meanwhile) and records the result back here. path "" saves to
// the document's own file.
func (w *Window) runSave(path string, done func(error)) {
	job, err := w.doc.PrepareSave(path)
	if err != nil {
		done(err)
		return
	}
	w.runLong("Saving "+filepath.Base(job.Path()), func(ctx context.Context, progress func(float64)) error {
		job.Progress = func(d, t int64) {
			if t > 0 {
				progress(float64(d) / float64(t))
			}
		}
		return job.Run(ctx)
	}, func(err error) {
		if err == nil {
			job.Finish()
		}
		done(err)
	})
}

// saved finishes a save on the UI goroutine.
func (w *Window) saved(err error, then func()) {
	if err != nil {
		w.showError(err)
		return
	}
	w.afterSave()
	if then != nil {
		then()
	}
}

func (w *Window) saveAs(then func()) {
	name := w.project().Name
	if w.doc.Path() != "" {
		name = filepath.Base(w.doc.Path())
	}
	askSavePathTitled(w.win, saveProjectTitle, strings.TrimSuffix(name, ".cjm")+".cjm", ".cjm", func(path string) {
		w.runSave(path, func(err error) { w.saved(err, then) })
	})
}

func (w *Window) afterSave() {
	w.remember(w.doc.Path())
	w.saveView() // a file saved for the first time is now remembered by its path
	w.updateTitle()
	w.updateStatus()
}

// openFile opens a .cjm file in this window, after the unsaved-changes
// question. Opening runs off the UI goroutine with a progress bar.
func (w *Window) openFile(path string) {
	w.confirmDiscard(func() {
		var doc *storage.Document
		w.runLong("Opening "+filepath.Base(path), func(ctx context.Context, progress func(float64)) error {
			opt := w.opt
			opt.Progress = func(done, total int64) {
				if total > 0 {
					progress(float64(done) / float64(total))
				}
			}
			var err error
			doc, err = storage.Open(ctx, path, opt)
			return err
		}, func(err error) {
			if err != nil {
				w.showError(err)
				return
			}
			old := w.doc
			w.setDocument(doc)
			if old != nil {
				old.Close()
			}
		})
	})
}

func (w *Window) openDialog() {
	askOpenPath(w.win, []string{".cjm"}, w.openFile)
}

// newFromTemplate shows the template gallery and replaces the window's
// project with a new one from the chosen template, after the
// unsaved-changes question.
func (w *Window) newFromTemplate() {
	ShowTemplateGallery(w.win, func(name string) {
		p, err := assets.NewProject(name)
		if err != nil {
			w.showError(err)
			return
		}
		w.replaceProject(p)
	})
}

// importFile takes a Mermaid journey, a spreadsheet or a project's JSON in
// as a new, untitled project.
func (w *Window) importFile() {
	ShowImportDialog(w.win, func(p *model.Project, source string) { w.replaceProject(p) })
}

// replaceProject shows a new, untitled project in the window, after the
// unsaved-changes question.
func (w *Window) replaceProject(p *model.Project) {
	w.confirmDiscard(func() {
		doc, err := storage.NewDocument(p, w.opt)
		if err != nil {
			w.showError(err)
			return
		}
		old := w.doc
		w.setDocument(doc)
		old.Close()
	})
}

// runLong runs work off the UI goroutine behind a progress dialog with a
// Cancel button, and calls done on the UI goroutine.
func (w *Window) runLong(title string, work func(ctx context.Context, progress func(float64)) error, done func(error)) {
	ctx, cancel := context.WithCancel(context.Background())
	bar := widget.NewProgressBar()
	d := dialog.NewCustomWithoutButtons(title, container.NewVBox(bar,
		container.NewCenter(widget.NewButton("Cancel", cancel))), w.win)
	end := showAfterDelay(d)
	go func() {
		err := work(ctx, func(f float64) { onUI(func() { bar.SetValue(f) }) })
		onUI(func() {
			end()
			cancel()
			done(err)
		})
	}()
}

// showAfterDelay shows d, which stands for work under way, if the work
// has not ended a quarter second from now: quick work finishes before a
// dialog would even be seen. end, called on the UI goroutine when the work
// ends, hides d, or keeps the timer's Show, which may already be queued,
// from showing it.
func showAfterDelay(d dialog.Dialog) (end func()) {
	shown, ended := false, false
	timer := timeAfter(250, func() {
		onUI(func() {
			if !ended {
				shown = true
				d.Show()
			}
		})
	})
	return func() {
		ended = true
		timer.Stop()
		if shown {
			d.Hide()
		}
	}
}

// remember adds a file to Open Recent.
func (w *Window) remember(path string) {
	if path == "" {
		return
	}
	list := []string{path}
	for _, p := range w.app.Preferences().StringList(prefRecent) {
		if p != path && len(list) < 10 {
			list = append(list, p)
		}
	}
	w.app.Preferences().SetStringList(prefRecent, list)
	if mm := w.win.MainMenu(); mm != nil {
		w.win.SetMainMenu(w.mainMenu())
	}
}

const prefRecent = "recent"

// dropped takes image files dropped on the window as the selected persona's
// photo, .cjm files to open, and Mermaid, Markdown or spreadsheet files
// to import.
func (w *Window) dropped(_ fyne.Position, uris []fyne.URI) {
	for _, u := range uris {
		switch strings.ToLower(u.Extension()) {
		case ".cjm":
			w.openFile(u.Path())
			return
		case ".png", ".jpg", ".jpeg":
			w.people.dropPhoto(u.Path())
			return
		case ".csv", ".tsv", ".jsonl", ".ndjson", ".parquet", ".gz":
			// Event logs go to the import wizard, all together; a journey's
			// spreadsheet is imported as a project.
			if logs := droppedEventLogs(uris); len(logs) > 0 {
				w.importBehaviour(logs)
				return
			}
			if ext := strings.ToLower(u.Extension()); ext != ".csv" && ext != ".tsv" {
				continue
			}
			ImportInterchangeFile(w.win, u.Path(), func(p *model.Project, _ string) { w.replaceProject(p) })
			return
		case ".mmd", ".mermaid", ".md":
			ImportInterchangeFile(w.win, u.Path(), func(p *model.Project, _ string) { w.replaceProject(p) })
			return
		}
	}
}

// ---- menus and shortcuts ----

func (w *Window) mainMenu() *fyne.MainMenu {
	recent := fyne.NewMenuItem("Open Recent", nil)
	for _, p := range w.app.Preferences().StringList(prefRecent) {
		recent.ChildMenu = appendItem(recent.ChildMenu, fyne.NewMenuItem(p, func() { w.openFile(p) }))
	}
	if recent.ChildMenu == nil {
		recent.Disabled = true
	}
	ctrl := fyne.KeyModifierShortcutDefault
	item := func(label string, key fyne.KeyName, mods fyne.KeyModifier, f func()) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, f)
		if key != "" {
			it.Shortcut = &desktop.CustomShortcut{KeyName: key, Modifier: mods}
		}
		return it
	}
	w.menuUndo = item("Undo", fyne.KeyZ, ctrl, w.undo)
	w.menuRedo = item("Redo", fyne.KeyZ, ctrl|fyne.KeyModifierShift, w.redo)
	w.menuImportBehaviour = item("Import Behaviour Data…", "", 0, func() { w.importBehaviour(nil) })
	w.menuRefreshBehaviour = item("Refresh Behaviour Data…", "", 0, w.refreshBehaviour)
	file := fyne.NewMenu("File",
		item("New from Template…", fyne.KeyN, ctrl, w.newFromTemplate),
		item("Open…", fyne.KeyO, ctrl, w.openDialog),
		recent,
		fyne.NewMenuItemSeparator(),
		item("Save", fyne.KeyS, ctrl, func() { w.save(nil) }),
		item("Save As…", fyne.KeyS, ctrl|fyne.KeyModifierShift, func() { w.saveAs(nil) }),
		item("Save Version…", "", 0, w.saveVersionDialog),
		item("Save a Copy Without History…", "", 0, w.saveCopyWithoutHistory),
		fyne.NewMenuItemSeparator(),
		item("Import…", fyne.KeyI, ctrl, w.importFile),
		item("Export Poster…", fyne.KeyE, ctrl, func() {
			// The poster shows the figures the board's behaviour lane
			// shows, and is offered the board's lens.
			showPosterExport(w.win, w.project(), w.doc.Path(), w.board.JourneyID(), w.board.Segment(), w.board.Compare(), w.board.Lens(), w.doc, nil)
		}),
		item("Export Mermaid or Spreadsheet…", "", 0, func() { ShowInterchangeExportDialog(w.win, w.project(), w.doc.Path(), w.board.JourneyID()) }),
		item("Compare with…", "", 0, func() { ShowCompareDialog(w.win, w.project(), w.board) }),
		fyne.NewMenuItemSeparator(),
		w.menuImportBehaviour,
		w.menuRefreshBehaviour,
		fyne.NewMenuItemSeparator(),
		item("Preferences…", fyne.KeyComma, ctrl, w.preferences),
		fyne.NewMenuItemSeparator(),
		item("Close", fyne.KeyW, ctrl, w.Close),
	)
	edit := fyne.NewMenu("Edit",
		w.menuUndo, w.menuRedo,
		fyne.NewMenuItemSeparator(),
		item("Cut", fyne.KeyX, ctrl, w.cut),
		item("Copy", fyne.KeyC, ctrl, w.copy),
		item("Paste", fyne.KeyV, ctrl, w.paste),
		item("Duplicate", fyne.KeyD, ctrl, w.duplicate),
		item("Delete", "", 0, func() { w.board.DeleteSelection() }),
		fyne.NewMenuItemSeparator(),
		item("Select All", fyne.KeyA, ctrl, func() { w.board.SelectAll() }),
		fyne.NewMenuItemSeparator(),
		item("Find…", fyne.KeyF, ctrl, func() { w.find.open() }),
	)
	w.menuLens = item("Lens Bar", fyne.KeyL, ctrl, func() { w.showView(viewBoard); w.lens.toggle() })
	w.menuLens.Checked = w.lens.on
	view := fyne.NewMenu("View",
		item("Board", fyne.Key1, ctrl|fyne.KeyModifierAlt, func() { w.showView(viewBoard) }),
		item("Coverage", fyne.Key2, ctrl|fyne.KeyModifierAlt, func() { w.showView(viewCoverage) }),
		item("Priorities", fyne.Key3, ctrl|fyne.KeyModifierAlt, func() { w.showView(viewPriorities) }),
		fyne.NewMenuItemSeparator(),
		w.menuLens,
		fyne.NewMenuItemSeparator(),
		item("Zoom In", fyne.KeyEqual, ctrl, func() { w.board.ZoomIn() }),
		item("Zoom Out", fyne.KeyMinus, ctrl, func() { w.board.ZoomOut() }),
		item("Actual Size (100%)", fyne.Key0, ctrl, func() { w.board.ZoomReset() }),
		item("Fit to Window", fyne.Key9, ctrl, func() { w.board.ZoomFit() }),
	)
	journey := fyne.NewMenu("Journey",
		item("Add Card", fyne.KeyK, ctrl, w.addCard),
		item("Add Stage", "", 0, w.addStage),
		item("Add Lane", "", 0, w.addLane),
		item("Lanes…", "", 0, w.lanesDialog),
		fyne.NewMenuItemSeparator(),
		item("New Journey", "", 0, w.tabs.add),
		item("Rename Journey…", "", 0, w.tabs.rename),
		item("Duplicate Journey", "", 0, w.tabs.duplicate),
		item("Delete Journey", "", 0, w.tabs.remove),
	)
	help := fyne.NewMenu("Help", fyne.NewMenuItem("About Waymark", w.about))
	w.updateTitleMenus()
	w.updateBehaviourMenus()
	return fyne.NewMainMenu(file, edit, view, journey, help)
}

func (w *Window) updateTitleMenus() {
	if w.doc == nil {
		return
	}
	h := w.doc.History()
	w.menuUndo.Label, w.menuUndo.Disabled = strings.TrimSpace("Undo "+h.UndoLabel()), !h.CanUndo()
	w.menuRedo.Label, w.menuRedo.Disabled = strings.TrimSpace("Redo "+h.RedoLabel()), !h.CanRedo()
}

func appendItem(m *fyne.Menu, it *fyne.MenuItem) *fyne.Menu {
	if m == nil {
		return fyne.NewMenu("", it)
	}
	m.Items = append(m.Items, it)
	return m
}

// addShortcuts binds the shortcuts that menus do not carry (a second key
// for redo) and those the board needs even when a menu is not shown.
func (w *Window) addShortcuts() {
	c := w.win.Canvas()
	ctrl := fyne.KeyModifierShortcutDefault
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyY, Modifier: ctrl}, func(fyne.Shortcut) { w.redo() })
	for _, m := range w.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.Shortcut != nil && it.Action != nil {
				action := it.Action
				c.AddShortcut(it.Shortcut, func(fyne.Shortcut) { action() })
			}
		}
	}
	// Ctrl+= is often typed as Ctrl++ (with Shift).
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyEqual, Modifier: ctrl | fyne.KeyModifierShift}, func(fyne.Shortcut) { w.board.ZoomIn() })
}

func (w *Window) about() {
	meta := w.app.Metadata()
	version := meta.Version
	if version == "" {
		version = "development build"
	}
	dialog.ShowInformation("About Waymark", fmt.Sprintf("Waymark %s\n\nCustomer journey maps: fast, offline, open.\nFiles are SQLite databases (.cjm); the font is Noto Sans (OFL).", version), w.win)
}

func (w *Window) preferences() {
	choices := []string{"Follow the system", "Light", "Dark"}
	values := []string{ThemeSystem, ThemeLight, ThemeDark}
	sel := widget.NewRadioGroup(choices, nil)
	for i, v := range values {
		if v == w.theme.choice {
			sel.SetSelected(choices[i])
		}
	}
	sel.OnChanged = func(s string) {
		for i, c := range choices {
			if c == s {
				w.SetTheme(values[i])
			}
		}
	}
	author := widget.NewEntry()
	author.SetText(w.author())
	author.SetPlaceHolder("Your name")
	author.OnChanged = func(s string) { w.app.Preferences().SetString(prefAuthor, strings.TrimSpace(model.CleanText(s))) }
	authorHelp := widget.NewLabel("Versions you save are signed with it; it may stay empty.")
	authorHelp.Importance = widget.LowImportance
	bold := func(s string) *widget.Label {
		return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	d := dialog.NewCustom("Preferences", "Close", container.NewVBox(bold("Appearance"), sel,
		widget.NewLabel("Text size follows the system's Fyne scale setting."),
		widget.NewSeparator(), bold("Author name"), author, authorHelp), w.win)
	d.Resize(fyne.NewSize(440, d.MinSize().Height))
	d.Show()
}

// SetTheme switches between the system's theme and forced light or dark.
func (w *Window) SetTheme(choice string) {
	w.theme.choice = choice
	w.app.Preferences().SetString(prefTheme, choice)
	w.app.Settings().SetTheme(&waymarkTheme{choice: choice})
	w.theme = w.app.Settings().Theme().(*waymarkTheme)
	w.board.SetPalette(w.theme.palette(w.app))
}
