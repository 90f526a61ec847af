package app

import (
	"strconv"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"waymark/model"
)

func TestFindBarOpensFindsStepsAndCloses(t *testing.T) {
	w := newTestWindow(t)
	f, b := w.find, w.board
	if f.panel.Visible() {
		t.Fatal("the find bar shows before Ctrl+F")
	}
	shortcut(w, fyne.KeyF, ctrl)
	if !f.panel.Visible() || w.win.Canvas().Focused() != f.entry {
		t.Fatal("Ctrl+F did not open and focus the find bar")
	}
	test.Type(f.entry, "SWITCH")
	n := len(f.matches)
	if n < 2 || f.count.Text != "1 of "+itoa(n) || b.CurrentMatch() != f.matches[0] {
		t.Fatalf("after typing: %d matches, %q, current %q", n, f.count.Text, b.CurrentMatch())
	}
	for _, c := range b.Layout().Cards {
		if b.Dimmed(c.ID) == b.Highlighted(c.ID) {
			t.Fatalf("card %s is both or neither dimmed and outlined", c.ID)
		}
	}
	// Enter goes forward, Shift+Enter back, both wrapping around.
	f.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if f.count.Text != "2 of "+itoa(n) || b.CurrentMatch() != f.matches[1] {
		t.Fatalf("after Enter: %q", f.count.Text)
	}
	f.entry.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	f.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	f.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	f.entry.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	if f.count.Text != itoa(n)+" of "+itoa(n) || b.CurrentMatch() != f.matches[n-1] {
		t.Fatalf("after Shift+Enter twice: %q", f.count.Text)
	}
	f.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if f.count.Text != "1 of "+itoa(n) {
		t.Fatalf("Enter on the last match: %q", f.count.Text)
	}
	// Escape closes the bar and clears the dimming.
	f.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if f.panel.Visible() || w.win.Canvas().Focused() != b {
		t.Fatal("Escape did not close the find bar")
	}
	for _, c := range b.Layout().Cards {
		if b.Dimmed(c.ID) || b.Highlighted(c.ID) {
			t.Fatal("Escape left a card dimmed or outlined")
		}
	}
}

// TestFindFollowsEdits: the cards' text is folded again after a change, so
// a card added while the bar is open is found, accents and case aside.
func TestFindFollowsEdits(t *testing.T) {
	w := newTestWindow(t)
	f := w.find
	shortcut(w, fyne.KeyF, ctrl)
	test.Type(f.entry, "hahnlein")
	if f.count.Text != "No match" || !w.board.Dimmed(w.board.Layout().Cards[0].ID) {
		t.Fatalf("before the card: %q", f.count.Text)
	}
	j := w.board.Journey()
	var lane model.ID
	for _, l := range j.Lanes {
		if l.Kind.HoldsCards() {
			lane = l.ID
			break
		}
	}
	card := &model.Touchpoint{ID: model.NewID(), StageID: j.Stages[0].ID, LaneID: lane, Title: "Calls the branch", Owner: "Zoë Hähnlein"}
	if !w.do(&model.AddTouchpoint{Journey: j.ID, Touchpoint: card}) {
		t.Fatal("adding the card failed")
	}
	if f.count.Text != "1 of 1" || w.board.CurrentMatch() != card.ID {
		t.Fatalf("after adding Zoë Hähnlein's card: %q", f.count.Text)
	}
	// Clearing the field clears the dimming but keeps the bar.
	f.entry.SetText("")
	if f.count.Text != "" || w.board.Dimmed(w.board.Layout().Cards[0].ID) || !f.panel.Visible() {
		t.Fatal("an empty query still dims the board")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestFindEscapeOnlyFromItsField: Escape closes the find bar only when its
// field has the focus; on the board it clears the selection, as always.
func TestFindEscapeOnlyFromItsField(t *testing.T) {
	w := newTestWindow(t)
	f, b := w.find, w.board
	shortcut(w, fyne.KeyF, ctrl)
	test.Type(f.entry, "card")
	card := b.Layout().Cards[0].ID
	b.Select(card)
	w.win.Canvas().Focus(b)
	w.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if !f.panel.Visible() || f.count.Text == "" {
		t.Fatal("Escape on the board closed the find bar")
	}
	if len(b.Selection()) != 0 {
		t.Fatal("Escape on the board did not clear the selection")
	}
	// Nothing focused (a click on empty space): Escape closes nothing.
	w.win.Canvas().Unfocus()
	if h := w.win.Canvas().OnTypedKey(); h != nil {
		h(&fyne.KeyEvent{Name: fyne.KeyEscape})
	}
	if !f.panel.Visible() {
		t.Fatal("Escape with nothing focused closed the find bar")
	}
	w.win.Canvas().Focus(f.entry)
	w.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if f.panel.Visible() {
		t.Fatal("Escape in the find field did not close the bar")
	}
}
