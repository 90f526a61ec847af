package board

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"waymark/canvas/geometry"
	"waymark/model"
)

// editKind says what an in-place edit renames.
type editKind int

const (
	editCard editKind = iota
	editStage
	editLane
)

// titleEdit is an in-place text field over a card title or a header name.
type titleEdit struct {
	kind     editKind
	id       model.ID
	entry    *editEntry
	original string
}

// editEntry is an Entry that reports Escape and losing focus, which end an
// in-place edit.
type editEntry struct {
	widget.Entry
	onEscape    func()
	onFocusLost func()
}

func newEditEntry() *editEntry {
	e := &editEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey cancels on Escape.
func (e *editEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.Entry.TypedKey(ev)
}

// FocusLost commits the edit, as clicking elsewhere does in any editor.
func (e *editEntry) FocusLost() {
	e.Entry.FocusLost()
	if e.onFocusLost != nil {
		e.onFocusLost()
	}
}

// Editing reports whether an in-place edit is open.
func (b *Board) Editing() bool { return b.editing != nil }

// EditTitle opens an in-place editor on a card's title.
func (b *Board) EditTitle(id model.ID) {
	j := b.Journey()
	if j == nil || j.Touchpoint(id) == nil {
		return
	}
	b.scrollIntoView(id)
	b.startEdit(editCard, id, j.Touchpoint(id).Title)
}

// EditStageName opens an in-place editor on a stage header.
func (b *Board) EditStageName(id model.ID) {
	if j := b.Journey(); j != nil && j.Stage(id) != nil {
		b.startEdit(editStage, id, j.Stage(id).Name)
	}
}

// EditLaneName opens an in-place editor on a lane header.
func (b *Board) EditLaneName(id model.ID) {
	if j := b.Journey(); j != nil && j.Lane(id) != nil {
		b.startEdit(editLane, id, j.Lane(id).Name)
	}
}

func (b *Board) startEdit(kind editKind, id model.ID, text string) {
	b.commitEdit()
	e := newEditEntry()
	e.SetText(text)
	ed := &titleEdit{kind: kind, id: id, entry: e, original: text}
	e.OnSubmitted = func(string) { b.commitEdit() }
	e.onEscape = b.cancelEdit
	e.onFocusLost = b.commitEdit
	b.editing = ed
	b.Refresh()
	if c := fyne.CurrentApp().Driver().CanvasForObject(b); c != nil {
		c.Focus(e)
	}
	e.TypedShortcut(&fyne.ShortcutSelectAll{}) // typing replaces the old title
}

// commitEdit applies the in-place edit, if one is open.
func (b *Board) commitEdit() {
	ed := b.editing
	if ed == nil {
		return
	}
	b.editing = nil
	// A paste may bring what a project cannot hold; it is dropped.
	text := strings.TrimSpace(model.CleanText(ed.entry.Text))
	if text != "" && text != ed.original {
		j := b.Journey()
		switch ed.kind {
		case editCard:
			if t := j.Touchpoint(ed.id); t != nil {
				after := t.Clone()
				after.Title = text
				b.do(&model.UpdateTouchpoint{After: after})
			}
		case editStage:
			if s := j.Stage(ed.id); s != nil {
				after := *s
				after.Name = text
				b.do(&model.UpdateStage{After: &after})
			}
		case editLane:
			if l := j.Lane(ed.id); l != nil {
				after := *l
				after.Name = text
				b.do(&model.UpdateLane{After: &after})
			}
		}
	}
	b.Refresh()
	b.refocus()
}

func (b *Board) cancelEdit() {
	if b.editing == nil {
		return
	}
	b.editing = nil
	b.Refresh()
	b.refocus()
}

func (b *Board) refocus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(b); c != nil {
		c.Focus(b)
	}
}

// editRect is where the in-place editor goes, in widget coordinates.
func (b *Board) editRect() (fyne.Position, fyne.Size, bool) {
	ed := b.editing
	l := b.layout
	z := b.zoom
	minH := ed.entry.MinSize().Height
	switch ed.kind {
	case editCard:
		c := l.Card(ed.id)
		if c == nil {
			return fyne.Position{}, fyne.Size{}, false
		}
		p, s := b.screenRect(geometry.Rect{X: c.Rect.X, Y: c.Rect.Y, W: c.Rect.W, H: 0})
		return p, fyne.NewSize(s.Width, minH), true
	case editStage:
		for _, s := range l.Stages {
			if s.ID == ed.id {
				return fyne.NewPos((s.Header.X-b.off.X)*z, 0), fyne.NewSize(s.Header.W*z, minH), true
			}
		}
	case editLane:
		for _, ln := range l.Lanes {
			if ln.ID == ed.id {
				return fyne.NewPos(0, (ln.Header.Y-b.off.Y)*z), fyne.NewSize(ln.Header.W*z, minH), true
			}
		}
	}
	return fyne.Position{}, fyne.Size{}, false
}
