package app

import (
	"fmt"
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
	if b == nil {
		return nil
	}
	var f *model.StageFigures
	for i := range b.Stages {
		if b.Stages[i].StageID == s.ID {
			f = &b.Stages[i]
		}
	}
	if f == nil {
		return nil
	}
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
	out := []fyne.CanvasObject{widget.NewSeparator(), heading("Behaviour"), form}
	for _, d := range model.Disagreements(in.w.project(), j) {
		if d.StageID == s.ID {
			l := widget.NewLabel("? " + d.Reason)
			l.Wrapping = fyne.TextWrapWord
			l.Importance = widget.WarningImportance
			out = append(out, l)
		}
	}
	if len(b.Segments) > 0 {
		seg := widget.NewForm()
		for _, v := range b.Segments {
			for _, x := range v.Stages {
				if x.Stage == f.Stage {
					l := widget.NewLabel(fmt.Sprintf("%s of %s, %s from the previous stage", model.Thousands(x.Reached), model.Thousands(v.Persons), pct(x.ConversionFromPrevious)))
					seg.Append(v.Value, l)
				}
			}
		}
		out = append(out, heading("By "+b.SegmentAttribute), seg)
	}
	out = append(out, in.suggestions(j, s)...)
	return out
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

// pct is a share 0..1 as a percentage with one decimal.
func pct(share float64) string { return strconv.FormatFloat(100*share, 'f', 1, 64) + "%" }
