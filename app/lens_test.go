package app

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"waymark/assets"
	"waymark/model"
	"waymark/storage"
)

// cardStates checks the board's layout against what lens l shows: with
// Hide only the cards it shows are laid out, else every card is, those it
// leaves out dimmed.
func cardStates(t *testing.T, w *Window, l *model.Lens) {
	t.Helper()
	j := w.board.Journey()
	m := l.Match()
	laid := map[model.ID]bool{}
	for _, c := range w.board.Layout().Cards {
		laid[c.ID] = true
		if shows := m.Shows(j.Touchpoint(c.ID)); c.Dimmed == shows {
			t.Fatalf("card %q: dimmed %v, but the lens shows it: %v", j.Touchpoint(c.ID).Title, c.Dimmed, shows)
		}
	}
	for _, tp := range j.Touchpoints {
		lane := j.Lane(tp.LaneID)
		if lane == nil || lane.Hidden {
			continue
		}
		hide := l != nil && l.Hide
		if want := !hide || m.Shows(tp); laid[tp.ID] != want {
			t.Fatalf("card %q laid out %v, want %v (hide %v)", tp.Title, laid[tp.ID], want, hide)
		}
	}
}

func TestLensBarFiltersCombineWithoutTouchingTheHistory(t *testing.T) {
	w := newTestWindow(t)
	lb := w.lens
	h := w.doc.History()
	counter, dirty, undo := h.Counter(), h.Dirty(), h.UndoLabel()
	if lb.root.Visible() {
		t.Fatal("the lens bar shows before it is asked for")
	}
	shortcut(w, fyne.KeyL, ctrl)
	if !lb.root.Visible() || !w.menuLens.Checked {
		t.Fatal("Ctrl+L did not show the lens bar")
	}
	// The pickers offer the journey's own values.
	if !slices.ContainsFunc(lb.channels.options, func(c choice) bool { return c.value == "mobile app" }) ||
		!slices.ContainsFunc(lb.channels.options, func(c choice) bool { return c.value == model.CoverageNone }) ||
		!slices.ContainsFunc(lb.owners.options, func(c choice) bool { return c.value == "Fraud & KYC" }) {
		t.Fatalf("channel choices %v, owner choices %v", lb.channels.options, lb.owners.options)
	}

	lb.channels.choose([]string{"mobile app"})
	want := &model.Lens{Channels: []string{"mobile app"}}
	if !w.board.Lens().SameView(want) {
		t.Fatalf("the board's lens is %+v", w.board.Lens())
	}
	cardStates(t, w, want)
	lb.flags.choose([]string{"Pain point"})
	want.Flags = []model.Flag{model.FlagPainPoint}
	if !w.board.Lens().SameView(want) {
		t.Fatalf("the board's lens is %+v", w.board.Lens())
	}
	cardStates(t, w, want)
	shown := 0
	for _, tp := range w.board.Journey().Touchpoints {
		if tp.Channel == "mobile app" && tp.PainPoint {
			shown++
		}
	}
	total := len(w.board.Journey().Touchpoints)
	if s := lb.status.Text; !strings.Contains(s, "channel mobile app") || !strings.Contains(s, "pain point") ||
		!strings.HasSuffix(s, itoa(shown)+" of "+itoa(total)+" cards") {
		t.Fatalf("status %q", s)
	}
	if !strings.HasPrefix(w.status.Text, lb.status.Text) {
		t.Fatalf("the window's status line %q does not say the lens", w.status.Text)
	}

	// Hide leaves the other cards out.
	lb.mode.SetSelected(modeHide)
	want.Hide = true
	cardStates(t, w, want)

	// Confidence combines with the rest: none recorded or assumptions.
	lb.confidence.choose([]string{"None recorded", "Assumption"})
	want.Confidence = []model.Confidence{model.Assumption, model.NoConfidence}
	if !w.board.Lens().SameView(want) {
		t.Fatalf("the board's lens is %+v", w.board.Lens())
	}
	cardStates(t, w, want)

	if h.Counter() != counter || h.Dirty() != dirty || h.UndoLabel() != undo {
		t.Fatal("applying a lens changed the history")
	}

	// Find works within the lens: the lens stays while Find dims.
	shortcut(w, fyne.KeyF, ctrl)
	test.Type(w.find.entry, "card")
	if w.board.Lens() == nil || w.find.count.Text == "" {
		t.Fatal("Find and the lens do not work together")
	}
	w.find.close()

	lb.clearBtn.Tapped(nil)
	if w.board.Lens() != nil {
		t.Fatal("Clear left a lens")
	}
	cardStates(t, w, nil)
	if h.Counter() != counter || h.Dirty() != dirty {
		t.Fatal("clearing the lens changed the history")
	}
}

func TestLensPerJourney(t *testing.T) {
	w := newTestWindow(t)
	p := w.project()
	w.lens.owners.choose([]string{"Fraud & KYC"})
	first := p.Journeys[0].ID
	w.showJourney(p.Journeys[1].ID)
	if w.board.Lens() != nil {
		t.Fatal("the first journey's lens followed to the second")
	}
	w.showJourney(first)
	if l := w.board.Lens(); l == nil || !slices.Equal(l.Owners, []string{"Fraud & KYC"}) {
		t.Fatalf("the first journey's lens is gone: %+v", l)
	}
}

// saveAndReopen saves the window's document to path and opens it in a new
// window of the same app (and so the same preferences).
func saveAndReopen(t *testing.T, w *Window, path string) *Window {
	t.Helper()
	if w.doc.Path() != path {
		if err := w.doc.SaveAs(context.Background(), path); err != nil {
			t.Fatal(err)
		}
	} else if err := w.doc.Save(context.Background()); err != nil {
		t.Fatal(err)
	}
	w.afterSave()
	w.saveView()
	doc, err := storage.Open(context.Background(), path, w.opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { doc.Close() })
	return NewWindow(w.app, doc, w.opt)
}

// noSavedLenses deletes the saved lenses of the journey shown, so that a
// test starts from the lenses it saves itself whatever the sample holds.
func noSavedLenses(t *testing.T, w *Window) {
	t.Helper()
	j := w.board.Journey()
	for len(j.Lenses) > 0 {
		if !w.do(&model.DeleteLens{Journey: j.ID, Name: j.Lenses[0].Name}) {
			t.Fatal("deleting a saved lens failed")
		}
	}
}

func TestSavedLensSurvivesTheFile(t *testing.T) {
	w := newTestWindow(t)
	noSavedLenses(t, w)
	lb := w.lens
	lb.channels.choose([]string{"web", "mobile app"})
	lb.flags.choose([]string{"Opportunity"})
	j := w.board.Journey()
	if !lb.save(j.ID, "Digital opportunities") {
		t.Fatal("saving the lens failed")
	}
	if s := j.Lens("Digital opportunities"); s == nil || !s.SameView(w.board.Lens()) {
		t.Fatal("the saved lens is not the one shown")
	}
	if !w.doc.History().CanUndo() || w.doc.History().UndoLabel() != "Save lens" {
		t.Fatal("saving a lens is not an undo step")
	}
	if !slices.Equal(lb.saved.Options, []string{"Digital opportunities"}) || lb.saved.Selected != "Digital opportunities" || lb.deleteBtn.Disabled() {
		t.Fatalf("the drop-down offers %v, shows %q", lb.saved.Options, lb.saved.Selected)
	}
	// Changing a filter leaves the saved lens: the view has no name.
	lb.flags.choose(nil)
	if lb.saved.Selected != "" || w.board.Lens().Name != "" {
		t.Fatal("a changed lens kept the saved lens's name")
	}
	path := filepath.Join(t.TempDir(), "lenses.cjm")
	w2 := saveAndReopen(t, w, path)
	lb2 := w2.lens
	if !slices.Equal(lb2.saved.Options, []string{"Digital opportunities"}) {
		t.Fatalf("after reopening, the drop-down offers %v", lb2.saved.Options)
	}
	lb2.saved.SetSelected("Digital opportunities")
	want := &model.Lens{Channels: []string{"mobile app", "web"}, Flags: []model.Flag{model.FlagOpportunity}}
	if l := w2.board.Lens(); !l.SameView(want) || l.Name != "Digital opportunities" {
		t.Fatalf("the saved lens applied is %+v", l)
	}
	cardStates(t, w2, want)
	// Deleting it is an undo step; undo brings it back to the drop-down.
	lb2.deleteBtn.Tapped(nil)
	if len(lb2.saved.Options) != 0 || !w2.board.Lens().SameView(want) || lb2.current().Name != "" || !lb2.deleteBtn.Disabled() {
		t.Fatalf("after Delete lens: options %v, lens %+v", lb2.saved.Options, lb2.current())
	}
	w2.undo()
	if !slices.Equal(lb2.saved.Options, []string{"Digital opportunities"}) {
		t.Fatal("undo did not bring the saved lens back")
	}
}

func TestWindowStateRestoredPerFile(t *testing.T) {
	w := newTestWindow(t)
	p := w.project()
	second := p.Journeys[1].ID
	w.showJourney(second)
	w.lens.channels.choose([]string{"phone"})
	w.lens.mode.SetSelected(modeHide)
	w.board.SetZoom(1.5, fyne.Position{})
	path := filepath.Join(t.TempDir(), "state.cjm")
	w2 := saveAndReopen(t, w, path)
	if w2.board.Zoom() != 1.5 {
		t.Fatalf("zoom restored as %v", w2.board.Zoom())
	}
	if w2.board.JourneyID() != second {
		t.Fatal("the journey tab shown was not restored")
	}
	want := &model.Lens{Channels: []string{"phone"}, Hide: true}
	if !w2.board.Lens().SameView(want) || !w2.lens.root.Visible() {
		t.Fatalf("the lens restored is %+v", w2.board.Lens())
	}
	cardStates(t, w2, want)
	if w2.doc.History().Dirty() || w2.doc.History().CanUndo() {
		t.Fatal("restoring the view changed the document")
	}

	// Another file has its own state: none.
	other := filepath.Join(t.TempDir(), "other.cjm")
	w3 := saveAndReopen(t, newWindowOn(t, w.app), other)
	if w3.board.Lens() != nil || w3.board.JourneyID() != w3.project().Journeys[0].ID {
		t.Fatal("a file never seen got another file's view")
	}
	// Opening a file in a window keeps the view of the one it showed
	// under that one's path.
	w3.lens.tags.choose(nil)
	w3.lens.channels.choose([]string{"web"})
	doc, err := storage.Open(context.Background(), path, w.opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { doc.Close() })
	w3.setDocument(doc)
	if w3.board.JourneyID() != second || !w3.board.Lens().SameView(want) {
		t.Fatal("the file opened in the window did not get its own view")
	}
	for _, v := range loadViews(w.app.Preferences()) {
		if v.Path == viewKey(other) && (len(v.Lenses) != 1 || !strings.Contains(string(v.Lenses[0].Lens), "web")) {
			t.Fatalf("the view of the file before was not kept: %+v", v)
		}
	}

	// A remembered lens naming a channel no card has any more is dropped
	// quietly.
	j := w2.project().Journey(second)
	batch := &model.Batch{Name: "No phone"}
	for _, tp := range j.Touchpoints {
		if tp.Channel == "phone" {
			after := tp.Clone()
			after.Channel = "telephone"
			batch.Commands = append(batch.Commands, &model.UpdateTouchpoint{After: after})
		}
	}
	if !w2.do(batch) {
		t.Fatal("renaming the channel failed")
	}
	w4 := saveAndReopen(t, w2, path)
	if w4.board.Lens() != nil || w4.board.JourneyID() != second {
		t.Fatalf("a lens of a channel gone was restored: %+v", w4.board.Lens())
	}

	// Only the most recent files are remembered.
	views := loadViews(w.app.Preferences())
	for i := range maxViews + 5 {
		views = append(views, fileView{Path: "/elsewhere/" + itoa(i) + ".cjm"})
	}
	w4.app.Preferences().SetString(prefViews, mustJSON(t, views))
	w4.saveView()
	if n := len(loadViews(w.app.Preferences())); n != maxViews {
		t.Fatalf("%d files remembered", n)
	}
}

// newWindowOn opens the sample in a new window of app a.
func newWindowOn(t *testing.T, a fyne.App) *Window {
	t.Helper()
	opt := storage.Options{DataDir: t.TempDir()}
	doc, err := storage.NewDocument(assets.Sample(), opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { doc.Close() })
	return NewWindow(a, doc, opt)
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestFindWithinAHidingLens: Find steps only through the cards the board
// shows; dimmed cards still count, hidden ones do not.
func TestFindWithinAHidingLens(t *testing.T) {
	w := newTestWindow(t)
	f := w.find
	shortcut(w, fyne.KeyF, ctrl)
	test.Type(f.entry, "app")
	all := len(f.matches)
	w.lens.channels.choose([]string{"web"})
	if len(f.matches) != all {
		t.Fatalf("dimming changed the matches from %d to %d", all, len(f.matches))
	}
	w.lens.mode.SetSelected(modeHide)
	if len(f.matches) == 0 || len(f.matches) >= all || f.count.Text != "1 of "+itoa(len(f.matches)) {
		t.Fatalf("with the lens hiding: %d of %d matches, %q", len(f.matches), all, f.count.Text)
	}
	for _, id := range f.matches {
		if w.board.Layout().Card(id) == nil {
			t.Fatal("a hidden card is a match")
		}
	}
}

// overlayObjects lists every object of the window's top overlay (the
// dialog shown).
func overlayObjects(t *testing.T, w *Window) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		out = append(out, o)
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.TempWidgetRenderer(t, x).Objects() {
				walk(c)
			}
		}
	}
	if top := w.win.Canvas().Overlays().Top(); top != nil {
		walk(top)
	}
	return out
}

// pressButton taps the button labelled text of the dialog shown.
func pressButton(t *testing.T, w *Window, text string) {
	t.Helper()
	for _, o := range overlayObjects(t, w) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("the dialog shown has no %q button", text)
}

func TestSaveLensDialogAsksBeforeReplacing(t *testing.T) {
	w := newTestWindow(t)
	noSavedLenses(t, w)
	lb := w.lens
	j := w.board.Journey()
	lb.owners.choose([]string{"Marketing"})
	typeName := func(name string) {
		t.Helper()
		for _, o := range overlayObjects(t, w) {
			if e, ok := o.(*widget.Entry); ok {
				e.SetText(name)
				return
			}
		}
		t.Fatal("the Save lens dialog has no name field")
	}
	test.Tap(lb.saveBtn)
	typeName("  Campaigns ")
	pressButton(t, w, "Save")
	if s := j.Lens("Campaigns"); s == nil || s.Name != "Campaigns" || !slices.Equal(s.Owners, []string{"Marketing"}) {
		t.Fatalf("saved %+v", j.Lenses)
	}
	// The same name for another view asks first; No keeps the old one.
	lb.owners.choose([]string{"Contact Centre"})
	test.Tap(lb.saveBtn)
	typeName("campaigns")
	pressButton(t, w, "Save")
	pressButton(t, w, "No")
	if s := j.Lens("Campaigns"); !slices.Equal(s.Owners, []string{"Marketing"}) {
		t.Fatal("No replaced the saved lens")
	}
	test.Tap(lb.saveBtn)
	typeName("campaigns")
	pressButton(t, w, "Save")
	pressButton(t, w, "Yes")
	if len(j.Lenses) != 1 || !slices.Equal(j.Lenses[0].Owners, []string{"Contact Centre"}) || lb.saved.Selected != j.Lenses[0].Name {
		t.Fatalf("after replacing: %+v, drop-down on %q", j.Lenses, lb.saved.Selected)
	}
	w.undo()
	if !slices.Equal(j.Lens("Campaigns").Owners, []string{"Marketing"}) {
		t.Fatal("undo did not bring the replaced lens back")
	}
}

// TestLensPersonaAndTags: a persona lens leaves every card in and names
// the persona; tags filter like the rest.
func TestLensPersonaAndTags(t *testing.T) {
	w := newTestWindow(t)
	lb := w.lens
	j := w.board.Journey()
	x := w.project().Persona(j.PersonaIDs[1])
	if !slices.Contains(lb.persona.Options, x.Name) {
		t.Fatalf("persona choices %v", lb.persona.Options)
	}
	lb.persona.SetSelected(x.Name)
	if l := w.board.Lens(); l == nil || l.Persona != x.ID || !strings.Contains(lb.status.Text, "persona "+x.Name) {
		t.Fatalf("lens %+v, status %q", l, lb.status.Text)
	}
	cardStates(t, w, w.board.Lens())
	var tag string
	for _, tp := range j.Touchpoints {
		if len(tp.Tags) > 0 {
			tag = tp.Tags[0]
			break
		}
	}
	lb.tags.choose([]string{tag})
	want := &model.Lens{Tags: []string{tag}, Persona: x.ID}
	if !w.board.Lens().SameView(want) {
		t.Fatalf("lens %+v", w.board.Lens())
	}
	cardStates(t, w, want)
	lb.persona.SetSelected(allPersonas)
	if w.board.Lens().Persona != "" {
		t.Fatal("All personas kept the persona")
	}
}

// TestLensPersonaLeavesWithThePersona: detaching the persona the lens
// picks drops it from the lens.
func TestLensPersonaLeavesWithThePersona(t *testing.T) {
	w := newTestWindow(t)
	j := w.board.Journey()
	x := w.project().Persona(j.PersonaIDs[0])
	w.lens.channels.choose([]string{"web"})
	w.lens.persona.SetSelected(x.Name)
	if !w.do(&model.AttachPersona{Journey: j.ID, Persona: x.ID, Attach: false}) {
		t.Fatal("detaching failed")
	}
	if l := w.board.Lens(); l == nil || l.Persona != "" || !slices.Equal(l.Channels, []string{"web"}) || w.lens.persona.Selected != allPersonas {
		t.Fatalf("after detaching the persona: %+v", l)
	}
}
