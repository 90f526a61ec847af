package app

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"waymark/assets"
	"waymark/storage"
)

// AppID is the application ID, as in FyneApp.toml.
const AppID = "app.waymark.desktop"

const prefLast = "last"

// RunDesktop opens the app: the file named on the command line, else the last
// project, else the embedded sample. It returns the process exit code.
func RunDesktop(args []string) int {
	if err := displayAvailable(); err != nil {
		fmt.Fprintf(os.Stderr, "waymark: %v\n", err)
		return ExitError
	}
	a := fyneapp.NewWithID(AppID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon()))
	a.Settings().SetTheme(&waymarkTheme{choice: a.Preferences().StringWithFallback(prefTheme, ThemeSystem)})
	opt := storage.Options{}

	path := ""
	if len(args) > 0 {
		path = args[0]
	} else if last := a.Preferences().String(prefLast); last != "" {
		if _, err := os.Stat(last); err == nil {
			path = last
		}
	}
	doc, err := openStartDocument(path, opt)
	var notOpened error
	if err != nil {
		if len(args) > 0 {
			// Said in the window too: a file opened from a file manager
			// has no terminal to read this in.
			fmt.Fprintf(os.Stderr, "waymark: %v\n", err)
			notOpened = err
		}
		// Start on the sample instead.
		if doc, err = storage.NewDocument(assets.Sample(), opt); err != nil {
			fmt.Fprintf(os.Stderr, "waymark: %v\n", err)
			return ExitError
		}
	}
	w := NewWindow(a, doc, opt)
	w.win.SetMaster()
	w.Show()
	w.offerRecovery()
	if notOpened != nil {
		w.showError(notOpened)
	}

	// A logout or shutdown sends SIGTERM: end at once. Every edit is already
	// in the working copy, which stays for the next start when unsaved.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, os.Interrupt)
	go func() {
		<-sigs
		onUI(func() { w.terminate() })
	}()
	a.Run()
	signal.Stop(sigs)
	w.saveView()
	w.release()
	if d := w.doc; d != nil && d.Path() != "" {
		a.Preferences().SetString(prefLast, d.Path())
	}
	return ExitOK
}

func openStartDocument(path string, opt storage.Options) (*storage.Document, error) {
	if path == "" {
		return storage.NewDocument(assets.Sample(), opt)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	return storage.Open(context.Background(), abs, opt)
}

// terminate ends the app without questions; release, after the event loop,
// decides what becomes of the working copy.
func (w *Window) terminate() {
	w.app.Quit()
}

// release ends the document when the app ends, however it ends (the window
// closed, SIGTERM caught here or by Fyne's own handler). A working copy with
// unsaved work is kept for the next start's recovery offer; any other is
// removed (a pristine template is not worth an offer).
func (w *Window) release() {
	if w.doc == nil {
		return
	}
	if h := w.doc.History(); h.Dirty() && (h.CanUndo() || w.restored) {
		return
	}
	if err := w.doc.Close(); err != nil {
		fyne.LogError("removing the working copy", err)
	}
}

// displayAvailable says, in one sentence, why no window can open, before the
// graphics driver would fail with a stack trace.
func displayAvailable() error {
	if runtime.GOOS != "linux" && runtime.GOOS != "freebsd" {
		return nil
	}
	if os.Getenv("WAYLAND_DISPLAY") != "" {
		return nil
	}
	d := os.Getenv("DISPLAY")
	if d == "" {
		return fmt.Errorf("no display is available (DISPLAY is not set); the command line still works, see waymark -h")
	}
	// A local display ":N" has a socket; a missing one means no X server.
	if strings.HasPrefix(d, ":") {
		n := strings.SplitN(strings.TrimPrefix(d, ":"), ".", 2)[0]
		if _, err := os.Stat("/tmp/.X11-unix/X" + n); err != nil {
			return fmt.Errorf("no display is available (no X server answers on %s); the command line still works, see waymark -h", d)
		}
	}
	return nil
}

// offerRecovery looks for working copies that a crash left behind and offers
// to restore them.
func (w *Window) offerRecovery() {
	orphans, err := storage.Orphans(w.opt)
	if err != nil || len(orphans) == 0 {
		return
	}
	o := orphans[0]
	name := o.Project
	if o.OriginalPath != "" {
		name += " (" + filepath.Base(o.OriginalPath) + ")"
	}
	msg := fmt.Sprintf("Waymark did not close properly last time.\nUnsaved edits of “%s”, last changed %s, can be restored.",
		name, o.Modified.Format("2 Jan 15:04"))
	if len(orphans) > 1 {
		msg += fmt.Sprintf("\n(%d more are waiting and will be offered next.)", len(orphans)-1)
	}
	dialog.ShowCustomConfirm("Restore unsaved edits?", "Restore", "Discard", widget.NewLabel(msg), func(restore bool) {
		if !restore {
			if err := storage.DiscardOrphan(o, w.opt); err != nil {
				w.showError(err)
			}
			w.offerRecovery()
			return
		}
		w.confirmDiscard(func() {
			doc, err := storage.RestoreOrphan(context.Background(), o, w.opt)
			if err != nil {
				w.showError(err)
				return
			}
			old := w.doc
			w.setDocument(doc)
			w.restored = true
			old.Close()
		})
	}, w.win)
}

// toolbar holds the palette card, undo and redo, and the zoom controls.
func (w *Window) toolbar() fyne.CanvasObject {
	newCard := newPaletteCard(w)
	zoomOut := widget.NewButtonWithIcon("", theme.ZoomOutIcon(), func() { w.board.ZoomOut() })
	zoomIn := widget.NewButtonWithIcon("", theme.ZoomInIcon(), func() { w.board.ZoomIn() })
	fit := widget.NewButtonWithIcon("Fit", theme.ZoomFitIcon(), func() { w.board.ZoomFit() })
	undo := widget.NewButtonWithIcon("", theme.ContentUndoIcon(), w.undo)
	redo := widget.NewButtonWithIcon("", theme.ContentRedoIcon(), w.redo)
	save := widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), func() { w.save(nil) })
	lens := widget.NewButtonWithIcon("Lens", theme.VisibilityIcon(), func() { w.showView(viewBoard); w.lens.toggle() })
	coverage := widget.NewButtonWithIcon("Coverage", theme.ListIcon(), func() { w.showView(viewCoverage) })
	priorities := widget.NewButtonWithIcon("Priorities", theme.SearchReplaceIcon(), func() { w.showView(viewPriorities) })
	return container.NewHBox(newCard, widget.NewSeparator(), undo, redo, widget.NewSeparator(), zoomOut, zoomIn, fit,
		widget.NewSeparator(), lens, coverage, priorities, widget.NewSeparator(), save)
}

// paletteCard is a card to drag onto the board; clicking it adds a card to
// the selection's cell.
type paletteCard struct {
	widget.Button
	w *Window
}

func newPaletteCard(w *Window) *paletteCard {
	p := &paletteCard{w: w}
	p.Text = "Drag a new card"
	p.Icon = theme.ContentAddIcon()
	p.OnTapped = w.addCard
	p.ExtendBaseWidget(p)
	return p
}

// Dragged forwards the drag to the board, which shows where the card lands.
func (p *paletteCard) Dragged(ev *fyne.DragEvent) { p.w.board.PaletteDragged(ev.AbsolutePosition) }

// DragEnd drops the new card.
func (p *paletteCard) DragEnd() { p.w.board.PaletteDropped() }
