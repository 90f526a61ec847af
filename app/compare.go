package app

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"waymark/canvas/board"
	"waymark/internal/difftext"
	"waymark/model"
	"waymark/storage"
)

// Comparing two versions of a project: File › Compare with…. model.Diff
// finds the changes; difftext words them for a person, as `waymark diff`
// prints them.

// compareHighlights are the cards of cur to outline after comparing: those
// added, changed or moved, and every card of a journey that was added.
// Cards of every journey are named, so switching tabs keeps the outlines.
func compareHighlights(changes []model.Change, cur *model.Project) []model.ID {
	var ids []model.ID
	for _, c := range changes {
		switch {
		case c.Kind == model.KindTouchpoint && c.Op != model.Removed:
			ids = append(ids, c.ID)
		case c.Kind == model.KindJourney && c.Op == model.Added:
			if j := cur.Journey(c.ID); j != nil {
				for _, t := range j.Touchpoints {
					ids = append(ids, t.ID)
				}
			}
		}
	}
	return ids
}

// ShowCompareDialog is File › Compare with…: it asks for another .cjm file,
// reads it off the UI goroutine (read-only, with every check Open runs) and
// lists what changed from that file to the current project, outlining the
// added, changed and moved cards on the board b until the list is closed
// or cleared. Call it on the UI goroutine.
func ShowCompareDialog(w fyne.Window, current *model.Project, b *board.Board) {
	askOpenPath(w, []string{".cjm"}, func(path string) { compareWith(w, current, b, path, nil) })
}

// compareView is the list of changes and its buttons.
type compareView struct {
	win     fyne.Window
	board   *board.Board
	current *model.Project
	other   *model.Project
	name    string // the other file's name, or "version “Round 2”"
	// toName names current when it is not the map being edited: the newer
	// of two versions compared.
	toName  string
	changes []model.Change
	summary *widget.Label
	text    *widget.RichText
	body    fyne.CanvasObject
	dlg     dialog.Dialog
}

// compareWith compares the file at path with current off the UI goroutine,
// behind a progress dialog with Cancel, then shows the changes or the error.
// done (for tests) is called after that, on the UI goroutine.
func compareWith(w fyne.Window, current *model.Project, b *board.Board, path string, done func(*compareView, error)) {
	snap := current.Clone() // the UI goroutine goes on editing current
	ctx, cancel := context.WithCancel(context.Background())
	bar := widget.NewProgressBarInfinite()
	wait := dialog.NewCustomWithoutButtons("Reading "+filepath.Base(path), container.NewVBox(bar,
		container.NewCenter(widget.NewButton("Cancel", cancel))), w)
	end := showAfterDelay(wait)
	go func() {
		other, err := storage.Check(ctx, path)
		var changes []model.Change
		if err == nil {
			changes = model.Diff(other, snap)
		}
		onUI(func() {
			end()
			bar.Stop()
			cancelled := ctx.Err() != nil
			cancel()
			switch {
			case cancelled:
				err = context.Canceled
			case err != nil:
				showErrorOn(w, err)
			}
			var v *compareView
			if err == nil {
				v = &compareView{win: w, board: b, current: current, other: other, name: filepath.Base(path), changes: changes}
				v.build()
				v.show()
			}
			if done != nil {
				done(v, err)
			}
		})
	}()
}

// maxShownLines caps the list in the dialog; `waymark diff` prints all.
const maxShownLines = 400

func (v *compareView) build() {
	v.buildBody(true)
	v.dlg = dialog.NewCustomWithoutButtons("Compare with "+v.name, v.body, v.win)
	v.dlg.SetOnClosed(func() { v.board.SetHighlight(nil) })
	v.dlg.Resize(fyne.NewSize(760, 540))
	v.fill()
}

// buildBody makes the summary, the list and the buttons: in a dialog of
// their own (File › Compare with…, with Close) or in the History panel.
func (v *compareView) buildBody(closable bool) {
	v.summary = widget.NewLabel("")
	v.summary.Wrapping = fyne.TextWrapWord
	v.text = widget.NewRichText()
	v.text.Wrapping = fyne.TextWrapWord
	clearBtn := widget.NewButtonWithIcon("Clear highlights", theme.ContentClearIcon(), func() { v.board.SetHighlight(nil) })
	refresh := widget.NewButtonWithIcon("Compare again", theme.ViewRefreshIcon(), v.refresh)
	buttons := container.NewHBox(refresh, layout.NewSpacer(), clearBtn)
	if closable {
		closeBtn := widget.NewButton("Close", v.close)
		closeBtn.Importance = widget.HighImportance
		buttons.Add(closeBtn)
	}
	v.body = container.NewBorder(v.summary, buttons, nil, nil, container.NewVScroll(v.text))
}

func (v *compareView) show() { v.dlg.Show() }

func (v *compareView) close() { v.dlg.Hide() }

// refresh compares again with the project as it is now (after edits made
// since), against the file already read.
func (v *compareView) refresh() {
	v.changes = model.Diff(v.other, v.current)
	v.fill()
}

// fill shows the changes and outlines their cards.
func (v *compareView) fill() {
	if len(v.changes) == 0 {
		v.summary.SetText(fmt.Sprintf("No differences: %s is the same as %s.", v.target(), v.name))
		v.text.Segments = nil
		v.text.Refresh()
		v.board.SetHighlight(nil)
		return
	}
	hl := compareHighlights(v.changes, v.current)
	note := ""
	if len(hl) > 0 {
		note = fmt.Sprintf(" %s outlined on the board.", difftext.Plural(len(hl), "card is", "cards are"))
	}
	v.summary.SetText(fmt.Sprintf("From %s to %s: %s.%s", v.name, v.target(), difftext.Count(v.changes), note))
	v.text.Segments = diffSegments(difftext.Lines(v.changes))
	v.text.Refresh()
	v.board.SetHighlight(hl)
}

// target names what the changes lead to.
func (v *compareView) target() string {
	if v.toName != "" {
		return v.toName
	}
	return "this project"
}

// diffSegments colours the lines: added green, removed red, journeys bold.
func diffSegments(lines []difftext.Line) []widget.RichTextSegment {
	var segs []widget.RichTextSegment
	for i, l := range lines {
		if i == maxShownLines {
			segs = append(segs, &widget.TextSegment{Text: fmt.Sprintf("… and %d more lines; `waymark diff` lists them all.", len(lines)-i),
				Style: widget.RichTextStyleParagraph})
			break
		}
		st := widget.RichTextStyleParagraph
		switch l.Op {
		case model.Added:
			st.ColorName = theme.ColorNameSuccess
		case model.Removed:
			st.ColorName = theme.ColorNameError
		}
		text := l.Text
		if l.Indent {
			text = "    " + text
		}
		if l.Header {
			st.TextStyle.Bold = true
		}
		if l.Gap {
			segs = append(segs, &widget.TextSegment{Text: " ", Style: widget.RichTextStyleParagraph})
		}
		// Keep the line one paragraph even if a name holds a line break.
		// The app's font (Noto Sans) has no arrows: » stands for →.
		text = strings.ReplaceAll(strings.ReplaceAll(text, "\n", " "), " → ", " » ")
		text = strings.ToValidUTF8(text, "\uFFFD")
		segs = append(segs, &widget.TextSegment{Text: text, Style: st})
	}
	return segs
}
