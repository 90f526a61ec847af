package app

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"waymark/model"
)

// findBar is Edit › Find: a field over the board's top-right corner, in a
// layer of its own like the figures tip (not a pop-up, which would take the
// board's pointer events). Typing outlines the cards that match and dims the
// rest; Enter and Shift+Enter go to the next and previous match, Escape
// closes it. The folded text of the cards (model.Finder) is built once per
// journey and change of the history, so a keystroke only scans it.
type findBar struct {
	w     *Window
	layer *fyne.Container // the bar at the top-right, or nothing
	panel fyne.CanvasObject
	entry *findEntry
	count *widget.Label

	finder  *model.Finder
	journey model.ID // what finder was built from
	counter uint64
	matches []model.ID
	cur     int // index in matches of the current one
	openNow bool
}

func newFindBar(w *Window) *findBar {
	f := &findBar{w: w, count: widget.NewLabel("")}
	f.entry = newFindEntry(f)
	f.entry.SetPlaceHolder("Find cards")
	prev := widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { f.step(-1) })
	next := widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { f.step(1) })
	closeBtn := widget.NewButtonWithIcon("", theme.CancelIcon(), f.close)
	for _, b := range []*widget.Button{prev, next, closeBtn} {
		b.Importance = widget.LowImportance
	}
	field := container.NewGridWrap(fyne.NewSize(220, f.entry.MinSize().Height), f.entry)
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	bg.StrokeColor, bg.StrokeWidth, bg.CornerRadius = theme.Color(theme.ColorNameInputBorder), 1, 4
	f.panel = container.NewStack(bg, container.NewPadded(container.NewHBox(field, f.count, prev, next, closeBtn)))
	f.layer = container.New(&findLayout{}, f.panel)
	f.panel.Hide()
	return f
}

// findLayout puts the bar at the top-right corner, a little in from the
// edges.
type findLayout struct{}

func (findLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		m := o.MinSize()
		o.Resize(m)
		o.Move(fyne.NewPos(max(0, size.Width-m.Width-16), 8))
	}
}

func (findLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.Size{} }

var _ fyne.Layout = findLayout{}

// open shows the bar (or, when shown, selects its text) and focuses it.
func (f *findBar) open() {
	if !f.openNow {
		f.openNow = true
		f.panel.Show()
		f.layer.Refresh()
		if f.entry.Text != "" {
			f.search(f.entry.Text)
		}
	}
	f.w.win.Canvas().Focus(f.entry)
	f.entry.TypedShortcut(&fyne.ShortcutSelectAll{})
}

// close hides the bar and clears the outlines and dimming; focus returns
// to the board.
func (f *findBar) close() {
	if !f.openNow {
		return
	}
	f.openNow = false
	f.panel.Hide()
	f.layer.Refresh()
	f.matches = nil
	f.w.board.ClearMatches()
	f.w.win.Canvas().Focus(f.w.board)
}

// finderNow is the finder of the board's journey as it is now.
func (f *findBar) finderNow() *model.Finder {
	h := f.w.doc.History()
	if f.finder == nil || f.journey != f.w.board.JourneyID() || f.counter != h.Counter() {
		prev := f.finder
		if f.journey != f.w.board.JourneyID() {
			prev = nil
		}
		f.finder, f.journey, f.counter = model.NewFinderAfter(f.w.board.Journey(), prev), f.w.board.JourneyID(), h.Counter()
	}
	return f.finder
}

// search finds text and goes to the first match.
func (f *findBar) search(text string) {
	if !f.openNow {
		return
	}
	f.matches = f.onBoard(f.finderNow().Match(text))
	f.cur = 0
	f.show(true)
}

// refresh runs the search again after the journey or the history changed,
// staying on the current match when it is still one, without scrolling:
// an edit elsewhere does not move the view.
func (f *findBar) refresh() {
	if !f.openNow {
		return
	}
	var was model.ID
	if f.cur < len(f.matches) {
		was = f.matches[f.cur]
	}
	f.matches = f.onBoard(f.finderNow().Match(f.entry.Text))
	f.cur = 0
	for i, id := range f.matches {
		if id == was {
			f.cur = i
		}
	}
	f.show(false)
}

// onBoard keeps the matches the board lays out: a lens that hides cards
// (or a hidden lane) leaves nothing to step to.
func (f *findBar) onBoard(ids []model.ID) []model.ID {
	l := f.w.board.Layout()
	return slices.DeleteFunc(ids, func(id model.ID) bool { return l.Card(id) == nil })
}

// step moves to the next (1) or previous (-1) match, wrapping around.
func (f *findBar) step(delta int) {
	if len(f.matches) == 0 {
		return
	}
	f.cur = (f.cur + delta + len(f.matches)) % len(f.matches)
	f.show(true)
}

func (f *findBar) show(scroll bool) {
	switch {
	case strings.TrimSpace(f.entry.Text) == "":
		f.count.SetText("")
		f.w.board.ClearMatches()
	case len(f.matches) == 0:
		f.count.SetText("No match")
		f.w.board.SetMatches(nil, "", false)
	default:
		f.count.SetText(fmt.Sprintf("%d of %d", f.cur+1, len(f.matches)))
		f.w.board.SetMatches(f.matches, f.matches[f.cur], scroll)
	}
}

// findEntry is the bar's field: Enter and Shift+Enter step through the
// matches, Escape closes the bar.
type findEntry struct {
	widget.Entry
	bar   *findBar
	shift bool
}

func newFindEntry(bar *findBar) *findEntry {
	e := &findEntry{bar: bar}
	e.ExtendBaseWidget(e)
	e.OnChanged = bar.search
	return e
}

func (e *findEntry) KeyDown(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		e.shift = true
	}
	e.Entry.KeyDown(ev)
}

func (e *findEntry) KeyUp(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		e.shift = false
	}
	e.Entry.KeyUp(ev)
}

func (e *findEntry) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if e.shift {
			e.bar.step(-1)
		} else {
			e.bar.step(1)
		}
	case fyne.KeyEscape:
		e.bar.close()
	default:
		e.Entry.TypedKey(ev)
	}
}
