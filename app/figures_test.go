package app

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"waymark/canvas/board"
	"waymark/interchange"
	"waymark/model"
)

// texts is every label's text under o, in order.
func texts(o fyne.CanvasObject) []string {
	var out []string
	switch x := o.(type) {
	case *widget.Label:
		out = append(out, x.Text)
	case *widget.Form:
		for _, it := range x.Items {
			out = append(out, it.Text)
			out = append(out, texts(it.Widget)...)
		}
	case *fyne.Container:
		for _, c := range x.Objects {
			out = append(out, texts(c)...)
		}
	}
	return out
}

// buttons is every button under o.
func buttons(o fyne.CanvasObject) []*widget.Button {
	var out []*widget.Button
	switch x := o.(type) {
	case *widget.Button:
		out = append(out, x)
	case *fyne.Container:
		for _, c := range x.Objects {
			out = append(out, buttons(c)...)
		}
	}
	return out
}

// The stage inspector shows every figure of a stage with figures, and the
// cards they suggest; one added is a card of the actions lane, undoable,
// and not offered again.
func TestInspectorShowsStageFiguresAndSuggestions(t *testing.T) {
	w := newTestWindow(t)
	p := w.project()
	j := p.Journeys[0]
	s1, s2 := j.Stages[0], j.Stages[1]
	b := &model.Behaviour{Mapping: model.DefaultMapping(), Persons: 100, Events: 400, SegmentAttribute: "plan",
		Sources: []model.SourceFingerprint{{Name: "events.csv", SHA256: strings.Repeat("ab", 32), FirstEvent: 1704067200000, LastEvent: 1706745600000}},
		Stages: []model.StageFigures{
			{Stage: s1.Name, StageID: s1.ID, Reached: 100, ConversionFromPrevious: 1, ConversionFromFirst: 1},
			{Stage: s2.Name, StageID: s2.ID, Reached: 40, ConversionFromPrevious: 0.4, ConversionFromFirst: 0.4, DropOff: 60, DropOffRate: 0.6,
				Timed: 40, MedianSeconds: 3600, P90Seconds: 86400 * 3,
				Channels:      []model.ChannelShare{{Channel: "web", Events: 30, Share: 0.75}, {Channel: "app", Events: 10, Share: 0.25}},
				EntryChannels: []model.NameCount{{Name: "web", Count: 31}, {Name: "app", Count: 9}},
				TopEvents:     []model.EventChannel{{Event: "signup", Channel: "web", Persons: 31}, {Event: "signup", Channel: "app", Persons: 9}}},
		},
		Segments: []model.SegmentValue{{Value: "pro", Persons: 60, Stages: []model.StageFigures{
			{Stage: s1.Name, Reached: 60, ConversionFromPrevious: 1}, {Stage: s2.Name, Reached: 30, ConversionFromPrevious: 0.5}}}}}
	if err := w.doc.History().Do(&model.ReplaceBehaviour{Journey: j.ID, Behaviour: b}); err != nil {
		t.Fatal(err)
	}
	w.inspect.showTarget(board.TargetStage, s2.ID)
	all := strings.Join(texts(w.inspect.body), "\n")
	for _, want := range []string{"Behaviour", "40 persons", "40.0% from the previous stage, 40.0% from the first", "60 persons (60.0%)",
		"median 1 h, 90th percentile 3 days, over 40 persons", "web 75.0%, app 25.0%", "web 31, app 9", "By plan", "30 of 60, 50.0% from the previous stage",
		"Suggested cards", "signup · web — 31 persons"} {
		if !strings.Contains(all, want) {
			t.Errorf("the inspector lacks %q:\n%s", want, all)
		}
	}
	var add *widget.Button
	for _, btn := range buttons(w.inspect.body) {
		if strings.HasPrefix(btn.Text, "Add to ") {
			add = btn
			break
		}
	}
	if add == nil {
		t.Fatal("no button adds a suggested card")
	}
	lane := model.SuggestionLane(j)
	before := len(j.Touchpoints)
	test.Tap(add)
	if len(j.Touchpoints) != before+1 {
		t.Fatalf("%d cards, want %d", len(j.Touchpoints), before+1)
	}
	c := j.Touchpoints[len(j.Touchpoints)-1]
	if c.Title != "signup" || c.Channel != "web" || c.StageID != s2.ID || c.LaneID != lane.ID || c.Confidence != model.Validated ||
		!strings.HasPrefix(c.Evidence, "31 persons, events.csv, ") {
		t.Errorf("the card %+v", c)
	}
	if got := strings.Join(texts(w.inspect.body), "\n"); strings.Contains(got, "signup · web") || !strings.Contains(got, "signup · app") {
		t.Errorf("after adding one, the suggestions are:\n%s", got)
	}
	shortcut(w, fyne.KeyZ, ctrl)
	if len(j.Touchpoints) != before {
		t.Errorf("undo left %d cards, want %d", len(j.Touchpoints), before)
	}
	// A stage without figures has no behaviour part.
	w.inspect.showTarget(board.TargetStage, j.Stages[2].ID)
	if got := strings.Join(texts(w.inspect.body), "\n"); strings.Contains(got, "Suggested cards") || strings.Contains(got, "Reached") {
		t.Errorf("a stage without figures shows:\n%s", got)
	}
}

// The behaviour lane's inspector switches the board to one segment
// value's figures; the poster export offers the same choice and follows
// the board's.
func TestSegmentPicker(t *testing.T) {
	w := newTestWindow(t)
	p := w.project()
	j := p.Journeys[0]
	stage := func(s *model.Stage, reach int64) model.StageFigures {
		return model.StageFigures{Stage: s.Name, StageID: s.ID, Reached: reach, ConversionFromPrevious: 1, ConversionFromFirst: 1}
	}
	b := &model.Behaviour{Mapping: model.DefaultMapping(), Persons: 100, SegmentAttribute: "plan",
		Sources: []model.SourceFingerprint{{Name: "events.csv", SHA256: strings.Repeat("ab", 32)}},
		Stages:  []model.StageFigures{stage(j.Stages[0], 100)},
		Segments: []model.SegmentValue{{Value: "pro", Persons: 60, Stages: []model.StageFigures{stage(j.Stages[0], 60)}},
			{Value: "free", Persons: 40, Stages: []model.StageFigures{stage(j.Stages[0], 40)}}}}
	if err := w.doc.History().Do(&model.ReplaceBehaviour{Journey: j.ID, Behaviour: b}); err != nil {
		t.Fatal(err)
	}
	var lane *model.Lane
	for _, l := range j.Lanes {
		if l.Kind == model.LaneBehaviour {
			lane = l
		}
	}
	w.inspect.showTarget(board.TargetLane, lane.ID)
	shown := formWidget(t, w.inspect.body, "Figures of").(*widget.Select)
	if strings.Join(shown.Options, "|") != "Everyone|plan = pro|plan = free" || shown.Selected != "Everyone" {
		t.Fatalf("choices %q, selected %q", shown.Options, shown.Selected)
	}
	shown.SetSelected("plan = free")
	if w.board.Segment() != "free" || w.board.Layout().Behaviour.Stages[0].Reached != 40 {
		t.Errorf("the board shows %q, reach %d", w.board.Segment(), w.board.Layout().Behaviour.Stages[0].Reached)
	}
	f := newExportForm(w.win, p, j.ID, nil)
	// No preview is painted in the background of this test: the test
	// driver would run its UI work on that goroutine, beside this one.
	f.ready = false
	f.setSegment(w.board.Segment(), w.board.Compare())
	if opt, err := f.options(); err != nil || opt.Segment != "free" || f.segment.Disabled() {
		t.Errorf("the export follows %q (%v), disabled %v", opt.Segment, err, f.segment.Disabled())
	}
	f.segment.SetSelected("Everyone")
	if opt, _ := f.options(); opt.Segment != "" {
		t.Errorf("everyone's figures export segment %q", opt.Segment)
	}
	shown.SetSelected("Everyone")
	if w.board.Segment() != "" || w.board.Layout().Behaviour.Stages[0].Reached != 100 {
		t.Errorf("back to everyone: %q", w.board.Segment())
	}
	beside := formWidget(t, w.inspect.body, "Beside them").(*widget.Select)
	beside.SetSelected("plan = pro")
	if bb := w.board.Layout().Behaviour; w.board.Compare() != "pro" || len(bb.Stages) != 2 || bb.Stages[1].Reached != 60 || bb.Stages[1].View != 1 {
		t.Errorf("beside: %q, %d stages", w.board.Compare(), len(bb.Stages))
	}
	f = newExportForm(w.win, p, j.ID, nil)
	f.ready = false
	f.setSegment(w.board.Segment(), w.board.Compare())
	if opt, _ := f.options(); opt.Segment != "" || opt.Compare != "pro" {
		t.Errorf("the export shows %q beside %q", opt.Compare, opt.Segment)
	}
}

// Hovering a stage's figures shows all of them by the pointer; leaving
// hides them.
func TestFiguresTip(t *testing.T) {
	w := newTestWindow(t)
	j := w.project().Journeys[0]
	s := j.Stages[0]
	b := &model.Behaviour{Mapping: model.DefaultMapping(), Persons: 100, SegmentAttribute: "plan",
		Sources: []model.SourceFingerprint{{Name: "events.csv", SHA256: strings.Repeat("ab", 32)}},
		Stages:  []model.StageFigures{{Stage: s.Name, StageID: s.ID, Reached: 100, ConversionFromPrevious: 1, ConversionFromFirst: 1}}}
	for i := range 12 {
		b.Segments = append(b.Segments, model.SegmentValue{Value: "v" + strconv.Itoa(i), Persons: 12 - int64(i),
			Stages: []model.StageFigures{{Stage: s.Name, Reached: 12 - int64(i), ConversionFromPrevious: 1}}})
	}
	if err := w.doc.History().Do(&model.ReplaceBehaviour{Journey: j.ID, Behaviour: b}); err != nil {
		t.Fatal(err)
	}
	// The board's hover reaches the window's tip.
	w.board.OnHoverFigures(s.ID, fyne.NewPos(100, 100))
	tip := &w.tip
	if tip.box == nil || len(tip.layer.Objects) != 1 {
		t.Fatal("no figures shown")
	}
	all := strings.Join(texts(tip.box), "\n")
	for _, want := range []string{s.Name, "100 persons", "By plan", "v7", "and 4 more values"} {
		if !strings.Contains(all, want) {
			t.Errorf("the tip lacks %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "v8") {
		t.Errorf("the tip lists more than 8 values:\n%s", all)
	}
	// Drawn over the board, where the pointer's moves still reach the board.
	if _, ok := any(tip.layer).(desktop.Hoverable); ok {
		t.Error("the tip's layer takes the pointer's moves")
	}
	w.board.OnHoverFigures("", fyne.Position{})
	if tip.box != nil || len(tip.layer.Objects) != 0 {
		t.Error("leaving the figures did not hide them")
	}
}

// The CSV export of a journey with figures also writes them beside it,
// NAME-metrics.csv, as export --metrics does; unticked, it does not.
func TestCSVExportWritesMetrics(t *testing.T) {
	w := newTestWindow(t)
	p := w.project()
	j := p.Journeys[0]
	s := j.Stages[0]
	b := &model.Behaviour{Mapping: model.DefaultMapping(), Persons: 100,
		Sources: []model.SourceFingerprint{{Name: "events.csv", SHA256: strings.Repeat("ab", 32)}},
		Stages:  []model.StageFigures{{Stage: s.Name, StageID: s.ID, Reached: 100, ConversionFromPrevious: 1, ConversionFromFirst: 1}}}
	if err := w.doc.History().Do(&model.ReplaceBehaviour{Journey: j.ID, Behaviour: b}); err != nil {
		t.Fatal(err)
	}
	f := newInterchangeExportForm(w.win, p, j.ID)
	if !f.metrics.Disabled() {
		t.Error("the figures are offered beside a Mermaid export")
	}
	f.format.SetSelectedIndex(2) // CSV
	if f.metrics.Disabled() || !f.metrics.Checked {
		t.Fatalf("CSV: figures disabled %v, ticked %v", f.metrics.Disabled(), f.metrics.Checked)
	}
	done := make(chan error, 1)
	f.finished = func(_ string, err error) { done <- err }
	dir := t.TempDir()
	path := filepath.Join(dir, "shop.csv")
	f.run(path)
	if err := await(t, done, "the end of the export"); err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	interchange.ExportMetricsCSV(&want, j, "", interchange.ExportOptions{BOM: true})
	if got, err := os.ReadFile(filepath.Join(dir, "shop-metrics.csv")); err != nil || !bytes.Equal(got, want.Bytes()) {
		t.Errorf("shop-metrics.csv (%v):\n%s\nwant:\n%s", err, got, want.Bytes())
	}
	f.metrics.SetChecked(false)
	other := filepath.Join(dir, "other.csv")
	f.run(other)
	if err := await(t, done, "the end of the second export"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "other-metrics.csv")); err == nil {
		t.Error("the figures were written unticked")
	}
}
