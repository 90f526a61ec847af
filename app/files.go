package app

import (
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	fynestorage "fyne.io/fyne/v2/storage"
)

// fileDialogSize is roomier than Fyne's default, for real folders.
var fileDialogSize = fyne.NewSize(880, 600)

// askOpenPath asks for a file to read, showing only the given extensions
// (none: every file), and calls open with its path. The dialog's own reader
// is closed at once: the caller reads the file its own way, off the UI
// goroutine.
func askOpenPath(w fyne.Window, exts []string, open func(path string)) {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			showErrorOn(w, err)
			return
		}
		if rc == nil {
			return
		}
		path := rc.URI().Path()
		rc.Close()
		open(path)
	}, w)
	if len(exts) > 0 {
		d.SetFilter(fynestorage.NewExtensionFileFilter(exts))
	}
	d.Show()
	d.Resize(fileDialogSize) // only once shown: Fyne's file dialog builds itself in Show
}

// askSavePath asks where to write a file, suggesting name, and calls save
// with the path, ending in ext (".cjm"). The dialog creates the file; the
// caller replaces it atomically.
func askSavePath(w fyne.Window, name, ext string, save func(path string)) {
	askSavePathTitled(w, "", name, ext, save)
}

// Titles of the file dialogs that write a project: a plain Save keeps
// the versions inside the file, a copy without history does not.
const (
	saveProjectTitle     = "Save — the file keeps its versions (History panel); Save a Copy Without History leaves them out"
	saveCopyWithoutTitle = "Save a Copy Without History — the map as it is now, without its versions"
)

// askSavePathTitled is askSavePath with the dialog's title saying what
// the file will hold ("" for Fyne's own).
func askSavePathTitled(w fyne.Window, title, name, ext string, save func(path string)) {
	d := dialog.NewFileSave(func(uc fyne.URIWriteCloser, err error) {
		if err != nil {
			showErrorOn(w, err)
			return
		}
		if uc == nil {
			return
		}
		path := uc.URI().Path()
		uc.Close()
		if !strings.EqualFold(filepath.Ext(path), ext) {
			path += ext
		}
		save(path)
	}, w)
	d.SetFileName(name)
	if title != "" {
		d.SetTitleText(title)
	}
	d.Show()
	d.Resize(fileDialogSize) // only once shown: Fyne's file dialog builds itself in Show
}
