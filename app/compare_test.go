package app

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"waymark/assets"
	"waymark/canvas/board"
	"waymark/model"
	"waymark/storage"
)

// find helpers: the sample's IDs are fresh on every NewProject, so tests
// find objects by name.
func cardNamed(t *testing.T, p *model.Project, title string) *model.Touchpoint {
	t.Helper()
	for _, j := range p.Journeys {
		for _, tp := range j.Touchpoints {
			if tp.Title == title {
				return tp
			}
		}
	}
	t.Fatalf("no card %q", title)
	return nil
}

func stageNamed(t *testing.T, j *model.Journey, name string) *model.Stage {
	t.Helper()
	for _, s := range j.Stages {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no stage %q", name)
	return nil
}

func laneNamed(t *testing.T, j *model.Journey, name string) *model.Lane {
	t.Helper()
	for _, l := range j.Lanes {
		if l.Name == name {
			return l
		}
	}
	t.Fatalf("no lane %q", name)
	return nil
}

func personaNamed(t *testing.T, p *model.Project, name string) *model.Persona {
	t.Helper()
	for _, x := range p.Personas {
		if x.Name == name {
			return x
		}
	}
	t.Fatalf("no persona %q", name)
	return nil
}

// editSample makes the edits the diff tests expect, through commands.
func editSample(t *testing.T, h *model.History) {
	t.Helper()
	p := h.Project()
	j := p.Journeys[0]
	// First, so that the cards copied below no longer hold his scores.
	if err := h.Do(&model.DeletePersona{ID: personaNamed(t, p, "Graham Fletcher").ID}); err != nil {
		t.Fatal(err)
	}
	start := cardNamed(t, p, "Starts the application").Clone()
	start.Title = "Starts the application online"
	salary := cardNamed(t, p, "Switches salary and direct debits").Clone()
	salary.Notes = strings.Replace(salary.Notes, "seven working days", "five working days", 1)
	talk := *stageNamed(t, p.Journeys[1], "Talk to us")
	talk.Name = "Call us"
	for _, c := range []model.Command{
		&model.UpdateTouchpoint{After: start},
		&model.MoveTouchpoints{IDs: []model.ID{start.ID}, Stage: stageNamed(t, j, "Verify identity").ID,
			Lane: laneNamed(t, j, "Customer actions").ID, Index: 0},
		&model.UpdateTouchpoint{After: salary},
		&model.AddStage{Journey: j.ID, Item: &model.Stage{ID: model.NewID(), Name: "Come back"}, Index: -1},
		&model.UpdateStage{After: &talk},
	} {
		if err := h.Do(c); err != nil {
			t.Fatalf("%s: %v", c.Label(), err)
		}
	}
}

const wantDiff = `- persona "Graham Fletcher"

journey "Opening a current account online":
  + stage "Come back"
  ~ touchpoint "Starts the application" (Apply / Customer actions): title "Starts the application" → "Starts the application online"; moved from Apply/Customer actions #0 to Verify identity/Customer actions #0
  ~ touchpoint "Switches salary and direct debits" (Settle in / Customer actions): notes "…everything in seven working days, and a progress screen…" → "…everything in five working days, and a progress screen shows…"

journey "Getting help with a blocked card":
  ~ stage "Talk to us": name "Talk to us" → "Call us"

5 differences: 1 added, 1 removed, 3 changed
`

// TestDiffCommand: waymark diff words the changes of a scripted edit
// exactly, and its exit status tells same (0), different (1) and trouble (2).
func TestDiffCommand(t *testing.T) {
	dir := t.TempDir()
	a := sampleFile(t, dir)
	p, err := storage.Check(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	h := model.NewHistory(p, nil)
	editSample(t, h)
	b := filepath.Join(dir, "edited.cjm")
	if err := storage.WriteNew(context.Background(), p, b); err != nil {
		t.Fatal(err)
	}

	code, out, errs := run(t, "diff", a, b)
	if code != 1 || errs != "" {
		t.Errorf("diff of different files: exit %d, stderr %q", code, errs)
	}
	if out != wantDiff {
		t.Errorf("diff output:\n%s\nwant:\n%s", out, wantDiff)
	}
	// Flags in any order; -q says nothing.
	if code, out, errs := run(t, "diff", a, "-q", b); code != 1 || out != "" || errs != "" {
		t.Errorf("diff -q: exit %d, %q %q", code, out, errs)
	}
	// The other way round the same edits read backwards.
	_, out, _ = run(t, "diff", b, a)
	if !strings.HasPrefix(out, `+ persona "Graham Fletcher"`) || !strings.Contains(out, `- stage "Come back"`) ||
		!strings.Contains(out, `name "Call us" → "Talk to us"`) {
		t.Errorf("reverse diff:\n%s", out)
	}

	// The same file, and a copy through JSON (same IDs), are equal.
	code, out, errs = run(t, "diff", a, a)
	if code != 0 || errs != "" || out != "no differences between "+a+" and "+a+"\n" {
		t.Errorf("diff of a file with itself: exit %d, %q %q", code, out, errs)
	}
	js, cp := filepath.Join(dir, "a.json"), filepath.Join(dir, "copy.cjm")
	run(t, "export", a, "--format", "json", "-o", js)
	run(t, "import", js, "-o", cp)
	if code, _, _ := run(t, "diff", "-q", a, cp); code != 0 {
		t.Errorf("diff of a file and its copy: exit %d", code)
	}

	// Two different projects: compared, with a warning.
	other := filepath.Join(dir, "other.cjm")
	run(t, "new", "--template", "patient-example", other)
	code, out, errs = run(t, "diff", a, other)
	if code != 1 || !strings.Contains(out, `+ persona "Margaret O'Neill"`) ||
		errs != "waymark diff: warning: sample.cjm and other.cjm are not versions of one project; objects match only by ID, so almost everything differs\n" {
		t.Errorf("diff of two projects: exit %d, stderr %q", code, errs)
	}

	// A file that cannot be read: 2, one line naming it.
	bad := filepath.Join(dir, "bad.cjm")
	os.WriteFile(bad, []byte("not a database"), 0o644)
	for _, args := range [][]string{{a, bad}, {bad, a}, {a, filepath.Join(dir, "missing.cjm")}} {
		code, out, errs := run(t, append([]string{"diff"}, args...)...)
		name := filepath.Base(args[0])
		if name == "sample.cjm" {
			name = filepath.Base(args[1])
		}
		if code != ExitUsage || out != "" || strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "waymark diff: ") || !strings.Contains(errs, name) {
			t.Errorf("diff %v: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
	// The command line itself wrong: 2 with the usage.
	for _, args := range [][]string{{}, {a}, {a, b, b}, {"--bogus", a, b}} {
		code, _, errs := run(t, append([]string{"diff"}, args...)...)
		if code != ExitUsage || !strings.Contains(errs, "usage: waymark diff") {
			t.Errorf("diff %v: exit %d, stderr %q", args, code, errs)
		}
	}
	if code, out, _ := run(t, "diff", "-h"); code != 0 || !strings.Contains(out, "usage: waymark diff") || !strings.Contains(out, "2 when a file cannot be read") {
		t.Errorf("diff -h: exit %d, %q", code, out)
	}
}

func TestElide(t *testing.T) {
	short := "a short note"
	if a, b := elide(short, short+"!"); a != short || b != short+"!" {
		t.Errorf("short texts elided: %q %q", a, b)
	}
	long := strings.Repeat("word ", 30)
	a, b := elide(long, long+"more")
	if !strings.HasPrefix(a, "…") || !strings.HasSuffix(b, "more") || len([]rune(b)) > elideAt+2 {
		t.Errorf("long texts: %q → %q", a, b)
	}
	if a, b := elide("", long); a != "" || !strings.HasSuffix(b, "…") || strings.HasPrefix(b, "…") {
		t.Errorf("from empty: %q → %q", a, b)
	}
}

// TestCompareDialog: comparing the open project with an older file lists
// the changes and outlines the cards added, changed and moved, until
// cleared or closed.
func TestCompareDialog(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("Compare")
	w.Resize(fyne.NewSize(1200, 800))
	cur := assets.Sample()
	old := filepath.Join(t.TempDir(), "old.cjm")
	if err := storage.WriteNew(context.Background(), cur, old); err != nil {
		t.Fatal(err)
	}
	h := model.NewHistory(cur, nil)
	j := cur.Journeys[0]
	b := board.New(h, j.ID, Metrics())
	w.SetContent(b)
	editSample(t, h)
	added := &model.Touchpoint{ID: model.NewID(), StageID: stageNamed(t, j, "Discover").ID,
		LaneID: laneNamed(t, j, "Customer actions").ID, Title: "Hears about it at work"}
	if err := h.Do(&model.AddTouchpoint{Journey: j.ID, Touchpoint: added}); err != nil {
		t.Fatal(err)
	}
	moved := cardNamed(t, cur, "Starts the application online").ID
	edited := cardNamed(t, cur, "Switches salary and direct debits").ID
	same := cardNamed(t, cur, "Curious but wary").ID

	type result struct {
		v   *compareView
		err error
	}
	shown := make(chan result, 1)
	done := func(v *compareView, err error) { shown <- result{v, err} }
	compareWith(w, cur, b, old, done)
	var v *compareView
	select {
	case r := <-shown:
		if r.err != nil {
			t.Fatal(r.err)
		}
		v = r.v
	case <-time.After(20 * time.Second):
		t.Fatal("the comparison did not show")
	}
	for _, id := range []model.ID{added.ID, moved, edited} {
		if !b.Highlighted(id) {
			t.Errorf("card %s is not outlined", cur.Journeys[0].Touchpoint(id).Title)
		}
	}
	if b.Highlighted(same) {
		t.Error("an unchanged card is outlined")
	}
	if want := "From old.cjm to this project: 6 differences: 2 added, 1 removed, 3 changed. 3 cards are outlined on the board."; v.summary.Text != want {
		t.Errorf("summary %q, want %q", v.summary.Text, want)
	}
	text := v.text.String()
	for _, want := range []string{`- persona "Graham Fletcher"`, `+ touchpoint "Hears about it at work" (Discover / Customer actions)`,
		`moved from Apply/Customer actions #0 to Verify identity/Customer actions #0`, `~ stage "Talk to us": name "Talk to us" » "Call us"`,
		`journey "Getting help with a blocked card":`} {
		if !strings.Contains(text, want) {
			t.Errorf("the list lacks %q:\n%s", want, text)
		}
	}
	if dir := os.Getenv("LOOK_DIR"); dir != "" {
		f, _ := os.Create(filepath.Join(dir, "compare-dialog.png"))
		png.Encode(f, w.Canvas().Capture())
		f.Close()
	}

	// Clear keeps the list and drops the outlines; Compare again brings
	// them back with edits made since; Close drops them.
	test.Tap(findButton(t, w, "Clear highlights"))
	if b.Highlighted(added.ID) || b.Highlighted(moved) {
		t.Error("Clear left outlines")
	}
	if err := h.Do(&model.DeleteTouchpoints{IDs: []model.ID{added.ID}}); err != nil {
		t.Fatal(err)
	}
	test.Tap(findButton(t, w, "Compare again"))
	if !b.Highlighted(moved) || b.Highlighted(added.ID) || !strings.Contains(v.summary.Text, "5 differences") {
		t.Errorf("after Compare again: %q", v.summary.Text)
	}
	test.Tap(findButton(t, w, "Close"))
	if b.Highlighted(moved) || b.Highlighted(edited) {
		t.Error("closing the list left outlines")
	}

	// A bad file: an error naming it, no list.
	bad := filepath.Join(t.TempDir(), "broken.cjm")
	os.WriteFile(bad, []byte("not a database"), 0o644)
	compareWith(w, cur, b, bad, done)
	select {
	case r := <-shown:
		if r.v != nil || r.err == nil {
			t.Error("a list for a broken file")
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no answer for a broken file")
	}
	if !overlayHas(w, "broken.cjm: is not a Waymark project") {
		t.Error("no error naming the broken file")
	}
}

// findButton finds a button by its label in the window's top overlay.
func findButton(t *testing.T, w fyne.Window, label string) *widget.Button {
	t.Helper()
	var found *widget.Button
	walk(w.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == label {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no %q button", label)
	}
	return found
}

// overlayHas reports whether the top overlay shows text containing s.
func overlayHas(w fyne.Window, s string) bool {
	has := false
	walk(w.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if tx, ok := o.(*canvas.Text); ok && strings.Contains(tx.Text, s) {
			has = true
		}
	})
	return has
}

// walk visits o and everything inside it, widgets' renderers included.
func walk(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	if o == nil {
		return
	}
	f(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walk(c, f)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			walk(c, f)
		}
	}
}
