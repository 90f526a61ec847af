package app

import (
	"fmt"

	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"waymark/canvas/geometry"
	"waymark/model"
)

// stageFigures is the inspector's part for a stage with behaviour
// figures: every figure of the stage (what the board's lane has no room
// for, too: time percentiles, entry channels, segment values), where its
// scores and conversion disagree, and the cards the figures suggest, each
// added with a click as one undoable command. Nil without figures.
func (in *inspector) stageFigures(j *model.Journey, s *model.Stage) []fyne.CanvasObject {
	b := j.Behaviour
	f := figuresOf(j, s.ID)
	if f == nil {
		return nil
	}
	out := []fyne.CanvasObject{widget.NewSeparator(), heading("Behaviour"), figuresForm(j, f)}
	for _, d := range model.Disagreements(in.w.project(), j) {
		if d.StageID == s.ID {
			l := widget.NewLabel("? " + d.Reason)
			l.Wrapping = fyne.TextWrapWord
			l.Importance = widget.WarningImportance
			out = append(out, l)
		}
	}
	if len(b.Segments) > 0 {
		out = append(out, heading("By "+b.SegmentAttribute), segmentsForm(b, f, len(b.Segments)))
	}
	return append(out, in.suggestions(j, s)...)
}

// figuresOf is everyone's figures of a stage, nil when it has none.
func figuresOf(j *model.Journey, stage model.ID) *model.StageFigures {
	if j.Behaviour == nil {
		return nil
	}
	for i := range j.Behaviour.Stages {
		if j.Behaviour.Stages[i].StageID == stage {
			return &j.Behaviour.Stages[i]
		}
	}
	return nil
}

// segmentsForm is a stage's reach and conversion per segment value, the
// first most of them (the largest: the figures list them so) and how many
// more there are.
func segmentsForm(b *model.Behaviour, f *model.StageFigures, most int) *widget.Form {
	seg := widget.NewForm()
	for i, v := range b.Segments {
		if i == most {
			seg.Append("", widget.NewLabel(fmt.Sprintf("and %d more values", len(b.Segments)-most)))
			break
		}
		for _, x := range v.Stages {
			if x.Stage == f.Stage {
				seg.Append(v.Value, widget.NewLabel(fmt.Sprintf("%s of %s, %s from the previous stage",
					model.Thousands(x.Reached), model.Thousands(v.Persons), pct(x.ConversionFromPrevious))))
			}
		}
	}
	return seg
}

// figuresForm is every figure of a stage, with its change since the
// previous import.
func figuresForm(j *model.Journey, f *model.StageFigures) *widget.Form {
	prev := j.PreviousBehaviour.ByStage("")
	form := widget.NewForm()
	row := func(label, value string) {
		l := widget.NewLabel(value)
		l.Wrapping = fyne.TextWrapWord
		form.Append(label, l)
	}
	reached := model.Thousands(f.Reached) + " persons"
	if p, ok := prev[f.Stage]; ok && p.Reached != f.Reached {
		reached += fmt.Sprintf(" (%+d since the previous import)", f.Reached-p.Reached)
	}
	row("Reached", reached)
	row("Conversion", fmt.Sprintf("%s from the previous stage, %s from the first", pct(f.ConversionFromPrevious), pct(f.ConversionFromFirst)))
	if f.DropOff > 0 {
		row("Drop-off", fmt.Sprintf("%s persons (%s)", model.Thousands(f.DropOff), pct(f.DropOffRate)))
	}
	if f.Timed > 0 {
		row("Time from previous", fmt.Sprintf("median %s, 90th percentile %s, over %s persons",
			geometry.Duration(f.MedianSeconds), geometry.Duration(f.P90Seconds), model.Thousands(f.Timed)))
	}
	if len(f.Channels) > 0 {
		var parts []string
		for i, c := range f.Channels {
			if i == 8 {
				parts = append(parts, fmt.Sprintf("and %d more", len(f.Channels)-i))
				break
			}
			parts = append(parts, c.Channel+" "+pct(c.Share))
		}
		row("Channel mix", strings.Join(parts, ", "))
	}
	if len(f.EntryChannels) > 0 {
		var parts []string
		for _, c := range f.EntryChannels {
			parts = append(parts, c.Name+" "+model.Thousands(c.Count))
		}
		row("Entered by", strings.Join(parts, ", "))
	}
	return form
}

// suggestions lists the cards the figures propose for a stage, each with
// a button that adds it.
func (in *inspector) suggestions(j *model.Journey, s *model.Stage) []fyne.CanvasObject {
	list := model.Suggestions(j, s.ID)
	if len(list) == 0 {
		return nil
	}
	out := []fyne.CanvasObject{heading("Suggested cards")}
	lane := model.SuggestionLane(j)
	if lane == nil {
		l := widget.NewLabel("Add a lane for cards to take these suggestions.")
		l.Wrapping = fyne.TextWrapWord
		return append(out, l)
	}
	for _, x := range list {
		text := x.Event
		if x.Channel != "" {
			text += " · " + x.Channel
		}
		label := widget.NewLabel(text + " — " + model.Thousands(x.Persons) + " persons")
		label.Wrapping = fyne.TextWrapWord
		add := widget.NewButton("Add to "+lane.Name, func() {
			// Rebuilt after the command, so the suggestion is gone.
			in.w.do(&model.AddTouchpoint{Journey: j.ID, Touchpoint: x.Card(j, lane.ID)})
		})
		out = append(out, container.NewBorder(nil, nil, nil, add, label))
	}
	return out
}

// figuresTip shows every figure of a stage by the pointer, while it is
// over the stage's figures on the board (Board.OnHoverFigures). It is
// drawn in layer, over the board and transparent to the pointer, not as a
// pop-up: an overlay would take the pointer's moves from the board, which
// would then hide the tip.
type figuresTip struct {
	w     *Window
	layer *fyne.Container
	box   fyne.CanvasObject // the tip shown, nil when none
}

func newFiguresTip(w *Window) figuresTip {
	return figuresTip{w: w, layer: container.NewWithoutLayout()}
}

// hover shows the figures of stage at (absolute) position at, or hides
// them for stage "".
func (t *figuresTip) hover(stage model.ID, at fyne.Position) {
	t.layer.Objects, t.box = nil, nil
	defer t.layer.Refresh()
	j := t.w.board.Journey()
	if stage == "" || j == nil {
		return
	}
	f := figuresOf(j, stage)
	if f == nil {
		return
	}
	content := container.NewVBox(heading(f.Stage), figuresForm(j, f))
	if b := j.Behaviour; len(b.Segments) > 0 {
		content.Add(heading("By " + b.SegmentAttribute))
		content.Add(segmentsForm(b, f, 8))
	}
	th := t.w.app.Settings().Theme()
	v := t.w.app.Settings().ThemeVariant()
	bg := canvas.NewRectangle(th.Color(theme.ColorNameOverlayBackground, v))
	bg.StrokeColor, bg.StrokeWidth, bg.CornerRadius = th.Color(theme.ColorNameShadow, v), 1, 6
	box := container.NewStack(bg, container.NewPadded(content))
	// Wrapped labels know their height once they know their width.
	size := fyne.NewSize(max(box.MinSize().Width, 420), 0)
	for range 2 {
		box.Resize(size)
		size.Height = box.MinSize().Height
	}
	box.Resize(size)
	// Beside the pointer, inside the board's area.
	origin := fyne.CurrentApp().Driver().AbsolutePositionForObject(t.layer)
	room := t.layer.Size()
	pos := at.Subtract(origin).Add(fyne.NewPos(16, 16))
	pos.X = max(min(pos.X, room.Width-size.Width), 0)
	pos.Y = max(min(pos.Y, room.Height-size.Height), 0)
	box.Move(pos)
	t.layer.Objects, t.box = []fyne.CanvasObject{box}, box
}

// pct is a share 0..1 as a percentage with one decimal.
func pct(share float64) string { return strconv.FormatFloat(100*share, 'f', 1, 64) + "%" }
