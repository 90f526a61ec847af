package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"waymark/behaviour"
	"waymark/internal/eventimport"
	"waymark/model"
)

// The real log lives beside the repository, not in it.
const bpiLog = "../../shared/data/events/bpic2012_events.csv.gz"

// smallLog writes a hand-made log: two users over a web shop, one with a
// device too.
func smallLog(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("ts,user_id,device_id,action,channel,plan\n")
	at := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	row := func(user, device, action, channel, plan string) {
		at = at.Add(7 * time.Minute)
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%s\n", at.Format(time.RFC3339), user, device, action, channel, plan)
	}
	for i := range 12 {
		u := fmt.Sprintf("user%02d", i)
		row(u, "d"+u, "view_home", "web", "free")
		row(u, "d"+u, "view_product", "web", "free")
		if i%2 == 0 {
			row(u, "", "add_to_cart", "app", "free")
		}
		if i%3 == 0 {
			row(u, "", "purchase", "app", "pro")
		}
		row(u, "", "newsletter_open", "email", "free")
	}
	p := filepath.Join(t.TempDir(), "shop.csv")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// testWizard is the wizard over a test window on the sample, with hooks
// that report on channels, its counts at once (no debounce) and an
// engine that stamps one fixed import time.
type testWizard struct {
	*importWizard
	win      *Window
	posted   chan func() // what the wizard's goroutines post to the UI
	loaded   chan error
	counted  chan *behaviour.StageCounts
	imported chan error
}

var fixedNow = func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }

func wizardOptions(t *testing.T) behaviour.Options {
	return behaviour.Options{TempRoot: t.TempDir(), Threads: 2, MemoryLimit: "1GB", Now: fixedNow}
}

func newTestWizard(t *testing.T) *testWizard {
	t.Helper()
	w := newTestWindow(t)
	w.win.Resize(fyne.NewSize(1440, 900))
	j := w.board.Journey()
	tw := &testWizard{importWizard: newImportWizard(w.win, w.doc, j.ID), win: w,
		loaded: make(chan error, 4), counted: make(chan *behaviour.StageCounts, 64), imported: make(chan error, 4),
		posted: make(chan func(), 1024)}
	// The test driver's fyne.Do runs f on the goroutine that calls it; the
	// test goroutine runs it instead (pump), as the UI goroutine would.
	tw.do = func(f func()) { tw.posted <- f }
	tw.opts = wizardOptions(t)
	tw.debounce = 0
	tw.onLoaded = func(err error) { tw.loaded <- err }
	tw.onCounted = func(c *behaviour.StageCounts, err error) {
		if err != nil {
			t.Errorf("counting: %v", err)
		}
		tw.counted <- c
	}
	tw.onImported = func(err error) { tw.imported <- err }
	tw.show()
	t.Cleanup(func() { tw.close() })
	return tw
}

// pump runs what the wizard posts to the UI until ch has a value.
func pump[T any](t *testing.T, tw *testWizard, ch <-chan T, what string) T {
	t.Helper()
	for {
		select {
		case v := <-ch:
			return v
		default:
		}
		await(t, tw.posted, what)()
	}
}

// load gives the wizard files and waits until they are read.
func (tw *testWizard) load(t *testing.T, files ...string) {
	t.Helper()
	tw.setFiles(files)
	if err := pump(t, tw, tw.loaded, "the logs read"); err != nil {
		t.Fatal(err)
	}
	if tw.step != stepColumns {
		t.Fatalf("after reading the logs the wizard is at step %d", tw.step)
	}
}

// wholeCounts waits for counts of the whole log.
func (tw *testWizard) wholeCounts(t *testing.T, what string) *behaviour.StageCounts {
	t.Helper()
	for {
		c := pump(t, tw, tw.counted, "the counts after "+what)
		if c != nil && c.Complete {
			return c
		}
	}
}

func countOf(c *behaviour.StageCounts, stage string) int64 {
	for _, s := range c.Stages {
		if s.Name == stage {
			return s.Count
		}
	}
	return -1
}

func projectJSON(t *testing.T, w *Window) string {
	t.Helper()
	data, err := model.EncodeJSON(w.project())
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestWizardDetectsColumns(t *testing.T) {
	tw := newTestWizard(t)
	tw.load(t, smallLog(t))
	for col, role := range map[string]string{"ts": roleTime, "user_id": roleIDPrefix + "1", "action": roleEvent} {
		if got := tw.roleOf(col); got != role {
			t.Errorf("column %s is %q, want %q", col, got, role)
		}
	}
	if rows, cols := tw.table.Length(); rows != len(tw.preview.Rows) || cols != 6 || rows == 0 {
		t.Errorf("the preview table is %d×%d", rows, cols)
	}
	if tw.next.Disabled() {
		t.Errorf("Next is disabled with the columns detected: %s", tw.columnsProblem())
	}
	// Roles move: a second identifier ranks first, the time column taken
	// from ts leaves it ignored, and no time column disables Next.
	tw.setRole("device_id", roleIDPrefix+"1")
	if got := tw.m.Identifiers; !reflect.DeepEqual(got, []string{"device_id", "user_id"}) {
		t.Errorf("identifiers %v", got)
	}
	tw.setRole("ts", roleIgnore)
	if !tw.next.Disabled() || !strings.Contains(tw.colStatus.Text, "timestamp") {
		t.Errorf("without a time column: Next disabled %v, %q", tw.next.Disabled(), tw.colStatus.Text)
	}
	tw.setRole("ts", roleTime)
	if tw.next.Disabled() {
		t.Errorf("Next stays disabled: %s", tw.columnsProblem())
	}

	if _, err := os.Stat(bpiLog); err != nil {
		t.Skipf("the BPI 2012 log is not at %s", bpiLog)
	}
	bpi := newTestWizard(t)
	bpi.load(t, bpiLog)
	for col, role := range map[string]string{"timestamp": roleTime, "case_id": roleIDPrefix + "1", "event": roleEvent} {
		if got := bpi.roleOf(col); got != role {
			t.Errorf("BPI column %s is %q, want %q", col, got, role)
		}
	}
	if n := len(bpi.preview.Rows); n != wizardPreviewRows {
		t.Errorf("the preview has %d rows", n)
	}
}

// ruleEntry is rule i's pattern entry (the third field of its row).
func (tw *testWizard) ruleField(i, field int) fyne.CanvasObject {
	row := tw.rulesBox.Objects[i].(*fyne.Container)
	return row.Objects[0].(*fyne.Container).Objects[field]
}

func TestWizardCountsFollowRules(t *testing.T) {
	tw := newTestWizard(t)
	tw.load(t, smallLog(t))
	tw.m.Rules = []model.StageRule{{Stage: "Visit", Match: model.MatchExact, Pattern: "view_home"}, {Stage: "Buy", Match: model.MatchExact, Pattern: "purchase"}}
	tw.forward()
	if tw.step != stepRules {
		t.Fatalf("Next from the columns went to step %d", tw.step)
	}
	c := tw.wholeCounts(t, "opening the rules")
	if countOf(c, "Visit") != 12 || countOf(c, "Buy") != 4 || c.Unmapped != 12+6+12 {
		t.Fatalf("counts %+v, unmapped %d", c.Stages, c.Unmapped)
	}
	if c.UnmappedEvents[0].Name != "newsletter_open" && c.UnmappedEvents[0].Name != "view_product" {
		t.Errorf("unmapped, most first: %v", c.UnmappedEvents)
	}

	// Typing a glob into the first rule's pattern counts again.
	match := tw.ruleField(0, 1).(*widget.Select)
	match.SetSelected(string(model.MatchGlob))
	pattern := tw.ruleField(0, 2).(*widget.Entry)
	pattern.SetText("view_*")
	c = tw.wholeCounts(t, "editing a pattern")
	if countOf(c, "Visit") != 24 {
		t.Errorf("view_* counts %d visits", countOf(c, "Visit"))
	}

	// An invalid regular expression is a sentence beside its rule, and
	// Import is disabled; nothing crashes and nothing is counted.
	tw.ruleField(0, 1).(*widget.Select).SetSelected(string(model.MatchRegex))
	test.Type(pattern, "(")
	if !tw.ruleErrs[0].Visible() || !strings.Contains(tw.ruleErrs[0].Text, "regular expression is invalid") {
		t.Errorf("an invalid regex says %q (shown %v)", tw.ruleErrs[0].Text, tw.ruleErrs[0].Visible())
	}
	if !tw.next.Disabled() || len(tw.countsBox.Objects) != 0 || !strings.Contains(tw.countStatus.Text, "rule 1") {
		t.Errorf("with an invalid rule: Import disabled %v, counts shown %d, %q", tw.next.Disabled(), len(tw.countsBox.Objects), tw.countStatus.Text)
	}
	pattern.SetText("^(view_home|view_product)$")
	c = tw.wholeCounts(t, "fixing the regex")
	if countOf(c, "Visit") != 24 || tw.ruleErrs[0].Visible() || tw.next.Disabled() {
		t.Errorf("the fixed regex: %d visits, error shown %v, Import disabled %v", countOf(c, "Visit"), tw.ruleErrs[0].Visible(), tw.next.Disabled())
	}

	// Adding, moving and removing rules: the first match wins.
	tw.m.Rules = append(tw.m.Rules, model.StageRule{Stage: "Cart", Match: model.MatchExact, Pattern: "add_to_cart"})
	tw.rulesEdited(true)
	c = tw.wholeCounts(t, "adding a rule")
	if countOf(c, "Cart") != 6 {
		t.Errorf("%d carts", countOf(c, "Cart"))
	}
	tw.moveRule(2, 1)
	if tw.m.Rules[1].Stage != "Cart" {
		t.Errorf("moved: %+v", tw.m.Rules)
	}
	tw.wholeCounts(t, "moving a rule")
}

func TestWizardCancelLeavesProjectUntouched(t *testing.T) {
	tw := newTestWizard(t)
	tw.load(t, smallLog(t))
	before, counter := projectJSON(t, tw.win), tw.doc.History().Counter()
	canUndo := tw.doc.History().CanUndo()
	tw.forward()
	tw.startImport()
	if !tw.importing || tw.cancel.Hidden || !tw.closeBtn.Hidden {
		t.Errorf("while importing: Cancel shown %v, Close hidden %v", !tw.cancel.Hidden, tw.closeBtn.Hidden)
	}
	test.Tap(tw.cancel)
	if err := pump(t, tw, tw.imported, "the cancelled import's end"); err != errCancelled {
		t.Fatalf("a cancelled import ends with %v", err)
	}
	if after := projectJSON(t, tw.win); after != before {
		t.Error("a cancelled import changed the project")
	}
	if h := tw.doc.History(); h.Counter() != counter || h.CanUndo() != canUndo {
		t.Errorf("a cancelled import left a step in the history (counter %d → %d)", counter, h.Counter())
	}
	if tw.closeBtn.Hidden || !tw.cancel.Hidden || tw.back.Hidden {
		t.Error("after the cancel, Close or Back is not offered")
	}
	// Back to the rules: they count again (the counts' engine, closed for
	// the import, opens again).
	test.Tap(tw.back)
	if tw.step != stepRules {
		t.Fatalf("Back went to step %d", tw.step)
	}
	tw.wholeCounts(t, "going back to the rules")
}

// importBoth imports files with the wizard and with the command line's
// pieces (behaviour.Import, eventimport.Command) on a copy of the journey,
// and compares the figures.
func importBoth(t *testing.T, tw *testWizard, files []string) {
	t.Helper()
	before := projectJSON(t, tw.win)
	ref := tw.doc.Project().Clone()
	refJourney := ref.Journey(tw.journey)
	m := cloneMapping(tw.m)

	tw.startImport()
	if err := pump(t, tw, tw.imported, "the import's end"); err != nil {
		t.Fatal(err)
	}
	j := tw.journeyNow()
	if j.Behaviour == nil {
		t.Fatal("the journey has no figures after the import")
	}
	if label := tw.doc.History().UndoLabel(); label != (&model.ReplaceBehaviour{}).Label() {
		t.Errorf("the undo step is %q", label)
	}

	eng, err := behaviour.Open(context.Background(), wizardOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	b, rep, err := eng.Import(context.Background(), files, m, eventimport.StageNames(refJourney))
	eng.Close()
	if err != nil {
		t.Fatal(err)
	}
	cmd := eventimport.Command(refJourney, b, rep)
	if len(cmd.NewStages) != len(j.Stages)-len(refJourney.Stages) {
		t.Errorf("the command line adds %d stages, the wizard %d", len(cmd.NewStages), len(j.Stages)-len(refJourney.Stages))
	}
	normalise := func(b *model.Behaviour, j *model.Journey) model.Behaviour {
		c := *b
		c.Sources = append([]model.SourceFingerprint(nil), b.Sources...)
		for i := range c.Sources {
			c.Sources[i].ImportedAt = 0
		}
		// Added stages have new IDs on each side: compare them by name.
		names := map[model.ID]string{}
		for _, s := range j.Stages {
			names[s.ID] = s.Name
		}
		for _, s := range cmd.NewStages {
			names[s.ID] = s.Name
		}
		fix := func(list []model.StageFigures) []model.StageFigures {
			out := append([]model.StageFigures(nil), list...)
			for i := range out {
				if names[out[i].StageID] != out[i].Stage {
					t.Errorf("figures of %q name stage %v (%q)", out[i].Stage, out[i].StageID, names[out[i].StageID])
				}
				out[i].StageID = ""
			}
			return out
		}
		c.Stages = fix(b.Stages)
		c.Segments = append([]model.SegmentValue(nil), b.Segments...)
		for i := range c.Segments {
			c.Segments[i].Stages = fix(c.Segments[i].Stages)
		}
		return c
	}
	got, want := normalise(j.Behaviour, j), normalise(b, refJourney)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the wizard's figures differ from the command line's:\n%+v\n%+v", got, want)
	}

	// One undo step takes it all back.
	if _, err := tw.doc.History().Undo(); err != nil {
		t.Fatal(err)
	}
	if j := tw.journeyNow(); j.Behaviour != nil {
		t.Error("undo left figures")
	}
	if after := projectJSON(t, tw.win); after != before {
		t.Error("undo does not restore the project as it was")
	}
}

func TestWizardImportEqualsCommandLine(t *testing.T) {
	tw := newTestWizard(t)
	log := smallLog(t)
	tw.load(t, log)
	tw.m.Rules = []model.StageRule{{Stage: "Visit", Match: model.MatchGlob, Pattern: "view_*"}, {Stage: "Cart", Pattern: "add_to_cart"},
		{Stage: "Buy", Pattern: "purchase", Channel: "app"}}
	tw.forward()
	tw.wholeCounts(t, "opening the rules")
	importBoth(t, tw, []string{log})

	if _, err := os.Stat(bpiLog); err != nil {
		t.Skipf("the BPI 2012 log is not at %s", bpiLog)
	}
	bpi := newTestWizard(t)
	bpi.load(t, bpiLog)
	m, err := readMappingFile("../assets/mappings/bpi2012.toml")
	if err != nil {
		t.Fatal(err)
	}
	bpi.useMapping(m)
	bpi.forward()
	c := bpi.wholeCounts(t, "opening the BPI rules")
	if countOf(c, "Submitted") != 13_087 {
		t.Errorf("%d submitted", countOf(c, "Submitted"))
	}
	importBoth(t, bpi, []string{bpiLog})
	// The summary names the persons.
	if !strings.Contains(labelsText(bpi.importBox), "Persons") {
		t.Error("no summary after the import")
	}
}

// labelsText is the text of every label under o.
func labelsText(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			b.WriteString(x.Text + "\n")
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return b.String()
}

// importedWizard is a wizard, closed, that imported a small log (which it
// returns) into its window's journey.
func importedWizard(t *testing.T) (*testWizard, string) {
	t.Helper()
	tw := newTestWizard(t)
	if !tw.win.menuRefreshBehaviour.Disabled || tw.win.menuImportBehaviour.Disabled {
		t.Error("before an import, Refresh is enabled or Import disabled")
	}
	log := smallLog(t)
	tw.load(t, log)
	tw.m.Rules = []model.StageRule{{Stage: "Visit", Match: model.MatchGlob, Pattern: "view_*"}}
	tw.forward()
	tw.startImport()
	if err := pump(t, tw, tw.imported, "the import's end"); err != nil {
		t.Fatal(err)
	}
	tw.close()
	return tw, log
}

// refresh starts Refresh Behaviour Data on log, in a wizard of its own
// whose UI work tw's pump runs; done gets its end.
func (tw *testWizard) refresh(t *testing.T, log string) (*importWizard, chan error) {
	rw := tw.win.refreshBehaviourWith(nil)
	rw.opts = wizardOptions(t)
	rw.do = tw.do
	done := make(chan error, 1)
	rw.onImported = func(err error) { done <- err }
	rw.setFiles([]string{log})
	return rw, done
}

// Refresh re-runs the journey's saved mapping on a new file in one step.
func TestWizardRefresh(t *testing.T) {
	tw, log := importedWizard(t)
	w := tw.win
	if vs, err := w.doc.Versions(context.Background()); err != nil || len(vs) != 0 {
		t.Errorf("the first import, over no figures, kept versions: %v (%v)", vs, err)
	}
	if w.menuRefreshBehaviour.Disabled {
		t.Error("Refresh is disabled on a journey with figures")
	}
	first := w.board.Journey().Behaviour
	rw, done := tw.refresh(t, log)
	if err := pump(t, tw, done, "the refresh's end"); err != nil {
		t.Fatal(err)
	}
	rw.close()
	j := w.board.Journey()
	if j.Behaviour == first || j.PreviousBehaviour != first || !reflect.DeepEqual(j.Behaviour.Mapping, first.Mapping) {
		t.Error("the refresh did not re-run the saved mapping as a new import")
	}
	// The map before the refresh was kept as a version, its figures with it.
	vs, err := w.doc.Versions(context.Background())
	if err != nil || len(vs) != 1 || !strings.HasPrefix(vs[0].Name, "Before refreshing behaviour data (") {
		t.Fatalf("versions after the refresh: %+v (%v)", vs, err)
	}
	before, err := w.doc.VersionProject(context.Background(), vs[0].Seq)
	if err != nil {
		t.Fatal(err)
	}
	if b := before.Journey(j.ID).Behaviour; b == nil || b.Events != first.Events || before.Journey(j.ID).PreviousBehaviour != nil {
		t.Error("the version kept before the refresh does not hold the figures it replaced")
	}
	if len(w.history.versions) != 1 {
		t.Error("the History panel does not list the version kept before the refresh")
	}
}

// Dropped event logs go to the wizard together; a journey's spreadsheet
// (a stage and a title column) still imports as a project.
func TestDroppedEventLogs(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) fyne.URI {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return storage.NewFileURI(p)
	}
	sheet := write("journey.csv", "\ufeffJourney,Stage,Lane,Title\nA,Visit,Actions,Look\n")
	phases := write("phases.tsv", "phase\tcard\nVisit\tLook\n")
	log := write("events.csv", "ts,user,event\n2024-01-01T00:00:00Z,u,view\n")
	gz := write("more.jsonl.gz", "")
	pq := write("x.parquet", "")
	got := droppedEventLogs([]fyne.URI{sheet, phases, log, gz, pq, write("notes.md", "# x\n")})
	want := []string{log.Path(), gz.Path(), pq.Path()}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("event logs among the dropped files: %v, want %v", got, want)
	}
}

// Edits within the debounce start one count, of the last rules: each edit
// stops the wait the one before started. The test fires the wait itself.
func TestWizardDebounce(t *testing.T) {
	tw := newTestWizard(t)
	tw.load(t, smallLog(t))
	type wait struct {
		fire    func()
		stopped bool
	}
	var waits []*wait
	tw.debounce = time.Hour // never by itself
	tw.after = func(_ time.Duration, f func()) func() bool {
		x := &wait{fire: f}
		waits = append(waits, x)
		return func() bool { x.stopped = true; return true }
	}
	tw.m.Rules = []model.StageRule{{Stage: "Visit", Match: model.MatchExact, Pattern: "view_home"}}
	tw.forward() // counts, after a wait
	pattern := tw.ruleField(0, 2).(*widget.Entry)
	tw.ruleField(0, 1).(*widget.Select).SetSelected(string(model.MatchGlob))
	for _, p := range []string{"v", "vi", "view_*"} {
		pattern.SetText(p)
	}
	if len(waits) != 5 {
		t.Fatalf("%d waits started for 5 changes", len(waits))
	}
	for i, x := range waits[:4] {
		if !x.stopped {
			t.Errorf("wait %d was not stopped by the next edit", i)
		}
	}
	if len(tw.counted) != 0 {
		t.Fatal("counts ran before the wait ended")
	}
	waits[4].fire()
	if c := tw.wholeCounts(t, "the last wait"); countOf(c, "Visit") != 24 {
		t.Errorf("the count after the wait is of other rules: %d visits", countOf(c, "Visit"))
	}
}

// A count that an edit overtook never shows: with no debounce, two edits in
// a row start two counts, and the first to arrive is the second's.
func TestWizardStaleCountsDropped(t *testing.T) {
	tw := newTestWizard(t)
	tw.load(t, smallLog(t))
	tw.m.Rules = []model.StageRule{{Stage: "Visit", Match: model.MatchGlob, Pattern: "view_*"}}
	tw.forward()
	tw.wholeCounts(t, "opening the rules")
	pattern := tw.ruleField(0, 2).(*widget.Entry)
	pattern.SetText("view_home")
	pattern.SetText("purchase")
	for {
		c := pump(t, tw, tw.counted, "the counts after two edits")
		if n := countOf(c, "Visit"); n != 4 {
			t.Fatalf("counts of overtaken rules were shown: %d events", n)
		}
		if c.Complete {
			break
		}
	}
}

// Save mapping… writes what Open mapping… reads back.
func TestWizardMappingFile(t *testing.T) {
	tw := newTestWizard(t)
	tw.load(t, smallLog(t))
	tw.m.Rules = []model.StageRule{{Stage: "Visit", Match: model.MatchGlob, Pattern: "view_*", Channel: "web"},
		{Stage: "Buy", Match: model.MatchRegex, Pattern: "^purchase$", Attribute: "plan", Value: "pro"}}
	tw.setRole("plan", roleAttribute)
	p := filepath.Join(t.TempDir(), "shop.toml")
	if err := tw.writeMapping(p); err != nil {
		t.Fatal(err)
	}
	m, err := readMappingFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m.WithDefaults(), tw.m.WithDefaults()) {
		t.Errorf("read back\n%+v\nwritten\n%+v", m, tw.m)
	}
	if err := tw.writeMapping(tw.files[0]); err == nil {
		t.Error("the mapping was written over the log")
	}
	other := newTestWizard(t)
	other.load(t, tw.files...)
	other.useMapping(m)
	if other.roleOf("plan") != roleAttribute || len(other.m.Rules) != 2 || other.columnsProblem() != "" {
		t.Errorf("an opened mapping: plan is %q, %d rules, %q", other.roleOf("plan"), len(other.m.Rules), other.columnsProblem())
	}
}

// The figure options go into the mapping; a window that does not read
// disables Import with a sentence.
func TestWizardFigureOptions(t *testing.T) {
	tw := newTestWizard(t)
	tw.load(t, smallLog(t))
	tw.setRole("plan", roleAttribute)
	tw.m.Rules = []model.StageRule{{Stage: "Visit", Match: model.MatchGlob, Pattern: "view_*"}}
	tw.forward()
	tw.wholeCounts(t, "opening the rules")
	tw.mode.SetSelected(string(model.ModePresence))
	tw.segment.SetSelected("plan")
	tw.window.SetText("30d")
	tw.wholeCounts(t, "setting the window")
	if mm := tw.m.Metrics; mm.Mode != model.ModePresence || mm.Segment != "plan" || mm.WindowSeconds != 30*86400 {
		t.Errorf("metrics %+v", mm)
	}
	tw.window.SetText("a month")
	if !tw.next.Disabled() || !strings.Contains(tw.rulesProblem(), "window") {
		t.Errorf("an unreadable window: Import disabled %v, %q", tw.next.Disabled(), tw.rulesProblem())
	}
	tw.window.SetText("")
	tw.wholeCounts(t, "clearing the window")
	if tw.next.Disabled() || tw.m.Metrics.WindowSeconds != 0 {
		t.Errorf("no window: Import disabled %v, %d seconds", tw.next.Disabled(), tw.m.Metrics.WindowSeconds)
	}
	tw.setRole("plan", roleIgnore)
	if tw.m.Metrics.Segment != "" {
		t.Error("the segment stays on a column that is no attribute")
	}
}

// Files added in the first step are read on Next, not one by one.
func TestWizardFilesStep(t *testing.T) {
	tw := newTestWizard(t)
	if !tw.next.Disabled() {
		t.Error("Next is enabled without a file")
	}
	log := smallLog(t)
	tw.listFiles([]string{log, log})
	if tw.step != stepFiles || tw.next.Disabled() || len(tw.files) != 1 || !strings.Contains(tw.fileList.Text, "shop.csv") {
		t.Fatalf("after choosing a file: step %d, Next disabled %v, files %v", tw.step, tw.next.Disabled(), tw.files)
	}
	test.Tap(tw.next)
	if err := pump(t, tw, tw.loaded, "the logs read"); err != nil || tw.step != stepColumns {
		t.Fatalf("Next read the logs: %v, step %d", err, tw.step)
	}
	// A file that is not a log says why, in the first step.
	bad := filepath.Join(t.TempDir(), "empty.parquet")
	if err := os.WriteFile(bad, []byte("not parquet"), 0o644); err != nil {
		t.Fatal(err)
	}
	tw.goTo(stepFiles)
	tw.setFiles([]string{bad})
	if err := pump(t, tw, tw.loaded, "the bad log read"); err == nil || tw.step != stepFiles || tw.fileStatus.Text == "" {
		t.Errorf("a bad log: %v, step %d, %q", err, tw.step, tw.fileStatus.Text)
	}
}
