package app

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"waymark/canvas/board"
	"waymark/internal/printable"
	"waymark/model"
)

// Owners and reviews: the journey inspector's owner and review date, and
// the quiet banner above the board when a journey's review has come.

// reviewDay writes a review date as the banner says it: "3 March", with
// the year when it is not this one.
func reviewDay(d, now time.Time) string {
	if d.Year() == now.Year() {
		return d.Format("2 January")
	}
	return d.Format("2 January 2006")
}

// reviewNotice is the banner's sentence for journey j, "" when its
// review is not due.
func reviewNotice(j *model.Journey, now time.Time) string {
	if j == nil || !j.ReviewDue(now) {
		return ""
	}
	s := "Review due since " + reviewDay(j.ReviewBy, now)
	if j.Owner != "" {
		s += "; owner: " + printable.Line(j.Owner)
	}
	return s
}

// reviewBanner is the line above the board saying that the journey shown
// is due for review. Dismissing it hides it for that journey until the
// app is closed.
type reviewBanner struct {
	w         *Window
	root      *fyne.Container
	text      *widget.Label
	dismissed map[model.ID]bool
	now       func() time.Time
}

func newReviewBanner(w *Window) *reviewBanner {
	r := &reviewBanner{w: w, dismissed: map[model.ID]bool{}, now: time.Now}
	r.text = widget.NewLabel("")
	r.text.Truncation = fyne.TextTruncateEllipsis
	icon := widget.NewIcon(theme.HistoryIcon())
	edit := widget.NewButton("Edit review…", func() {
		if j := w.board.Journey(); j != nil {
			w.board.Select()
			w.inspect.showTarget(board.TargetJourney, j.ID)
			w.side.SelectIndex(sideInspector)
		}
	})
	edit.Importance = widget.LowImportance
	dismiss := widget.NewButtonWithIcon("", theme.CancelIcon(), func() {
		if j := w.board.Journey(); j != nil {
			r.dismissed[j.ID] = true
		}
		r.update()
	})
	dismiss.Importance = widget.LowImportance
	r.root = container.NewVBox(container.NewBorder(nil, nil, icon, container.NewHBox(edit, dismiss), r.text), widget.NewSeparator())
	r.root.Hide()
	return r
}

// update shows or hides the banner for the journey shown.
func (r *reviewBanner) update() {
	j := r.w.board.Journey()
	text := reviewNotice(j, r.now())
	if text == "" || r.dismissed[j.ID] {
		if r.root.Visible() {
			r.root.Hide()
			r.relayout()
		}
		return
	}
	r.text.SetText(text)
	if !r.root.Visible() {
		r.root.Show()
		r.relayout()
	}
}

func (r *reviewBanner) relayout() {
	if r.w.boardView != nil {
		r.w.boardView.Refresh()
	}
}

// reviewFields are the journey inspector's owner and review date. The
// date is typed as YYYY-MM-DD and applied once it reads as one; emptied,
// it is removed.
func (in *inspector) reviewFields(j *model.Journey) []*widget.FormItem {
	id := j.ID
	p := in.w.project()
	set := func(owner string, by time.Time, merge string) {
		in.do(&model.SetJourneyReview{Journey: id, Owner: owner, ReviewBy: by, Merge: merge})
	}
	owner := entry(j.Owner, false, func(v string) {
		if cur := p.Journey(id); cur != nil && v != cur.Owner {
			set(v, cur.ReviewBy, "owner")
		}
	})
	owner.SetPlaceHolder("Who keeps this journey true")
	problem := widget.NewLabel("")
	problem.Wrapping = fyne.TextWrapWord
	problem.Importance = widget.DangerImportance
	problem.Hide()
	date := widget.NewEntry()
	date.SetPlaceHolder("YYYY-MM-DD")
	date.SetText(model.FormatDate(j.ReviewBy))
	date.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		_, err := model.ParseDate(s)
		return err
	}
	var showDue func()
	date.OnChanged = func(s string) {
		cur := p.Journey(id)
		if cur == nil {
			return
		}
		var by time.Time
		if strings.TrimSpace(s) != "" {
			d, err := model.ParseDate(s)
			if err != nil {
				problem.SetText(printable.UpperFirst(printable.Line(err.Error())) + ".")
				problem.Show()
				return
			}
			by = d
		}
		problem.Hide()
		if !by.Equal(cur.ReviewBy) {
			set(cur.Owner, by, "review")
			in.w.review.update()
			showDue()
		}
	}
	clear := widget.NewButtonWithIcon("", theme.ContentClearIcon(), func() { date.SetText("") })
	due := widget.NewLabel("")
	due.Wrapping = fyne.TextWrapWord
	// showDue says when the review comes, again after each edit of the
	// date (the form is not rebuilt under the typing).
	showDue = func() {
		cur := p.Journey(id)
		if cur == nil {
			return
		}
		now := in.w.review.now()
		switch n := reviewNotice(cur, now); {
		case n != "":
			due.SetText(n + ".")
			due.Importance = widget.WarningImportance
		case !cur.ReviewBy.IsZero():
			due.SetText(fmt.Sprintf("Due for review on %s.", reviewDay(cur.ReviewBy, now)))
			due.Importance = widget.LowImportance
		default:
			due.SetText("No review date: the map reminds nobody.")
			due.Importance = widget.LowImportance
		}
		due.Refresh()
	}
	showDue()
	return []*widget.FormItem{
		widget.NewFormItem("Owner", owner),
		widget.NewFormItem("Review by", container.NewBorder(nil, problem, nil, clear, date)),
		widget.NewFormItem("", due),
	}
}
