package storage

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"waymark/model"
)

// testFigures are sound figures of an import over the first n stages of j.
func testFigures(j *model.Journey, persons int64, n int) *model.Behaviour {
	m := model.DefaultMapping()
	m.Time.Column, m.Event, m.Identifiers = "time", "event", []string{"user_id", "cookie"}
	b := &model.Behaviour{Mapping: m,
		Sources: []model.SourceFingerprint{{Name: "export.csv", Size: 2048, SHA256: strings.Repeat("a1", 32), Rows: 90,
			FirstEvent: 1_700_000_000_000, LastEvent: 1_700_009_000_000, ImportedAt: 1_764_000_000_000}},
		Persons: persons, Events: 90, Unmapped: 4, UnmappedEvents: []model.NameCount{{Name: "heartbeat", Count: 4}},
		TopStagePaths:    []model.NameCount{{Name: "Discover > Cart", Count: persons}},
		SegmentAttribute: "plan",
		Stitching:        model.StitchingSummary{Identifiers: 30, Merges: 5, SharedRefused: 1, SharedRefusedLinks: []int64{2}},
	}
	for i, s := range j.Stages[:n] {
		m.Rules = append(m.Rules, model.StageRule{Stage: s.Name, Pattern: s.Name})
		b.Stages = append(b.Stages, model.StageFigures{Stage: s.Name, StageID: s.ID, Reached: persons - int64(i),
			ConversionFromPrevious: 0.9, ConversionFromFirst: 0.8, DropOff: 1, DropOffRate: 0.1, Timed: 3,
			MedianSeconds: 86400.25, P90Seconds: 172800,
			Channels:      []model.ChannelShare{{Channel: "web", Events: 9, Share: 0.9}, {Channel: "(none)", Events: 1, Share: 0.1}},
			EntryChannels: []model.NameCount{{Name: "web", Count: 9}}})
	}
	b.Mapping.Rules = m.Rules
	b.Segments = []model.SegmentValue{{Value: "Other", Persons: persons, Stages: b.Stages}}
	return b
}

// withFigures is the rich project with figures in both slots of its first
// journey.
func withFigures(t testing.TB) *model.Project {
	p := richProject(t)
	j := p.Journeys[0]
	j.Behaviour, j.PreviousBehaviour = testFigures(j, 12, 3), testFigures(j, 10, 2)
	return p
}

func behaviourRows(t testing.TB, c *conn) int {
	t.Helper()
	var n int
	if err := c.QueryRowContext(ctx, "SELECT count(*) FROM behaviour").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Figures in both slots are saved, opened and saved again exactly, and the
// file's digest covers them.
func TestBehaviourRoundTrip(t *testing.T) {
	p := withFigures(t)
	want := encodeJSON(t, p)
	path := writeGood(t, p, t.TempDir(), "figures.cjm")
	doc, err := Open(ctx, path, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	if got := encodeJSON(t, doc.Project()); got != want {
		t.Fatalf("opened project differs:\n%s", firstDiff(want, got))
	}
	if doc.ChangedOutside() {
		t.Fatal("a file just saved says it was changed outside")
	}
	if n := behaviourRows(t, doc.wc.c); n != 2 {
		t.Fatalf("%d behaviour rows, want 2", n)
	}
	var figures string
	if err := doc.wc.c.QueryRowContext(ctx, "SELECT figures FROM behaviour WHERE slot = 'current'").Scan(&figures); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(figures, `{"mapping":{"time":{"column":"time"`) || strings.Contains(figures, "\n") {
		t.Fatalf("figures are not the compact JSON: %.80s", figures)
	}
	// The digest tells figures apart: one changed outside Waymark shows.
	rawExec(t, path, `UPDATE behaviour SET figures = replace(figures, '"persons":12,', '"persons":13,') WHERE slot = 'current'`)
	changed, err := Open(ctx, path, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	defer changed.Close()
	if !changed.ChangedOutside() || changed.Project().Journeys[0].Behaviour.Persons != 13 {
		t.Fatal("figures edited outside Waymark went unnoticed")
	}
	if digestOf(p) == digestOf(changed.Project()) {
		t.Fatal("the digest does not cover the figures")
	}
	q := p.Clone()
	q.Journeys[0].Behaviour, q.Journeys[0].PreviousBehaviour = q.Journeys[0].PreviousBehaviour, q.Journeys[0].Behaviour
	if digestOf(p) == digestOf(q) {
		t.Fatal("the digest does not tell the slots apart")
	}
}

// A format-1 file written before figures existed opens: it is migrated in
// the working copy only, its digest is what that version computed, and
// saving writes format 2.
func TestFormat1FileMigrates(t *testing.T) {
	doc, path := openOldFormat(t, 1)
	if behaviourRows(t, doc.wc.c) != 0 {
		t.Fatal("the migrated working copy holds figures")
	}

	// An import, committed to the migrated copy, then saved as format 2.
	j := doc.Project().Journeys[0]
	if err := doc.History().Do(&model.ReplaceBehaviour{Journey: j.ID, Behaviour: testFigures(j, 7, 2)}); err != nil {
		t.Fatal(err)
	}
	assertWorkingCopy(t, doc, "import into a migrated copy")
	want := encodeJSON(t, doc.Project())
	again := saveAsCurrent(t, doc, path)
	if got := encodeJSON(t, again.Project()); got != want || again.ChangedOutside() {
		t.Fatalf("saved format-2 file differs:\n%s", firstDiff(want, got))
	}
}

// Every edit of the figures is committed to the working copy as it
// happens, undo and redo too, and survives a crash.
func TestBehaviourCommitAndRestore(t *testing.T) {
	path := writeGood(t, richProject(t), t.TempDir(), "live.cjm")
	opt := testOptions(t)
	doc, err := Open(ctx, path, opt)
	if err != nil {
		t.Fatal(err)
	}
	h := doc.History()
	j := doc.Project().Journeys[0]
	paid := &model.Stage{ID: model.NewID(), Name: "Refund"}
	first := testFigures(j, 20, 4)
	first.Stages = append(first.Stages, model.StageFigures{Stage: "Refund", StageID: paid.ID, Reached: 2, ConversionFromPrevious: 0.5, ConversionFromFirst: 0.1})
	if err := h.Do(&model.ReplaceBehaviour{Journey: j.ID, Behaviour: first, NewStages: []*model.Stage{paid}}); err != nil {
		t.Fatal(err)
	}
	assertWorkingCopy(t, doc, "first import")
	if err := h.Do(&model.ReplaceBehaviour{Journey: j.ID, Behaviour: testFigures(j, 25, 5)}); err != nil {
		t.Fatal(err)
	}
	assertWorkingCopy(t, doc, "second import")
	if n := behaviourRows(t, doc.wc.c); n != 2 {
		t.Fatalf("%d rows after two imports", n)
	}
	for _, step := range []func() (bool, error){h.Undo, h.Undo, h.Redo, h.Redo, h.Undo} {
		if ok, err := step(); !ok || err != nil {
			t.Fatalf("%v %v", ok, err)
		}
		assertWorkingCopy(t, doc, "undo or redo")
	}
	if j.Behaviour != first || j.PreviousBehaviour != nil || behaviourRows(t, doc.wc.c) != 1 {
		t.Fatal("undo of the second import is not in the working copy")
	}
	// An edit of the journey leaves its figures' rows alone: a mark put in
	// the row (trailing space, which the JSON allows) stays.
	if _, err := doc.wc.c.ExecContext(ctx, "UPDATE behaviour SET figures = figures || ' '"); err != nil {
		t.Fatal(err)
	}
	if err := h.Do(&model.UpdateJourney{ID: j.ID, Title: "Renamed", Description: j.Description}); err != nil {
		t.Fatal(err)
	}
	var marked int
	doc.wc.c.QueryRowContext(ctx, "SELECT count(*) FROM behaviour WHERE figures LIKE '% '").Scan(&marked)
	if marked != 1 {
		t.Fatal("renaming the journey rewrote its figures")
	}
	// Deleting the stage the figures name unties them, in the copy too.
	if err := h.Do(&model.DeleteStage{ID: paid.ID}); err != nil {
		t.Fatal(err)
	}
	assertWorkingCopy(t, doc, "stage of the figures deleted")
	if ok, err := h.Undo(); !ok || err != nil {
		t.Fatal(err)
	}
	assertWorkingCopy(t, doc, "stage deletion undone")
	// A deleted journey takes its rows along; undo brings them back.
	if err := h.Do(&model.DeleteJourney{ID: j.ID}); err != nil {
		t.Fatal(err)
	}
	if n := behaviourRows(t, doc.wc.c); n != 0 {
		t.Fatalf("%d rows of a deleted journey", n)
	}
	if ok, err := h.Undo(); !ok || err != nil {
		t.Fatal(err)
	}
	assertWorkingCopy(t, doc, "journey deletion undone")
	if err := h.Do(&model.ReplaceBehaviour{Journey: j.ID, Behaviour: testFigures(j, 30, 2)}); err != nil {
		t.Fatal(err)
	}

	want := encodeJSON(t, doc.Project())
	crash(t, doc)
	orphans, err := Orphans(opt)
	if err != nil || len(orphans) != 1 {
		t.Fatalf("orphans: %v %v", orphans, err)
	}
	restored, err := RestoreOrphan(ctx, orphans[0], opt)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	if got := encodeJSON(t, restored.Project()); got != want {
		t.Fatalf("restored project differs:\n%s", firstDiff(want, got))
	}
	if rj := restored.Project().Journeys[0]; rj.Behaviour == nil || rj.PreviousBehaviour == nil || rj.Behaviour.Persons != 30 {
		t.Fatal("the figures were not restored")
	}
}

func TestHostileBehaviour(t *testing.T) {
	p := withFigures(t)
	j := p.Journeys[0]
	good := writeGood(t, p, t.TempDir(), "good.cjm")
	goodBytes, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	name := `journey "Online checkout" (id ` + string(j.ID) + `)`
	cur := `x.cjm: table behaviour, ` + name + `, slot current: figures: `
	for _, c := range []struct {
		name  string
		stmts []string
		want  string
		exact bool
	}{
		{"oversized figures", []string{"UPDATE behaviour SET figures = figures || printf('%*s', 16777216, '') WHERE slot = 'current'"},
			`x.cjm: table behaviour, ` + name + `, slot current: figures: 16,78`, false},
		{"not JSON", []string{`UPDATE behaviour SET figures = '{"persons":' WHERE slot = 'current'`},
			cur + "it ends in the middle of the figures", true},
		{"NaN", []string{`UPDATE behaviour SET figures = replace(figures, '"conversionFromFirst":0.8', '"conversionFromFirst":NaN') WHERE slot = 'current'`},
			cur + "byte ", false},
		{"unknown key", []string{`UPDATE behaviour SET figures = replace(figures, '{"mapping"', '{"rawEvents":[],"mapping"') WHERE slot = 'current'`},
			cur + `unknown field "rawEvents"`, true},
		{"duplicate key", []string{`UPDATE behaviour SET figures = replace(figures, '"persons":12,', '"persons":12,"persons":1200,') WHERE slot = 'current'`},
			cur + `key "persons" appears twice in the figures; a key may be given once`, true},
		{"trailing data", []string{`UPDATE behaviour SET figures = figures || '{}' WHERE slot = 'current'`},
			cur + "unexpected data after the figures", false},
		{"negative count", []string{`UPDATE behaviour SET figures = replace(figures, '"persons":10,', '"persons":-10,') WHERE slot = 'previous'`},
			`x.cjm: table behaviour, ` + name + `, slot previous: figures: behaviour: persons is -10, a negative count`, true},
		{"share over 1", []string{`UPDATE behaviour SET figures = replace(figures, '"share":0.9', '"share":1.9') WHERE slot = 'current'`},
			cur + `behaviour stage 1 "Discover": channel "web"'s share is 1.9, not between 0 and 1`, true},
		{"stage of another journey", []string{`UPDATE behaviour SET figures = replace(figures, '"stageId":"` + string(j.Stages[0].ID) + `"', '"stageId":"` + string(p.Journeys[1].Stages[0].ID) + `"') WHERE slot = 'current'`},
			`x.cjm: ` + name + `: behaviour figures: figures refer to stage ` + string(p.Journeys[1].Stages[0].ID) + `, which is not in the journey`, true},
		{"orphan journey", []string{`INSERT INTO behaviour SELECT 'no-such-journey', slot, figures FROM behaviour WHERE slot = 'current'`},
			`x.cjm: table behaviour, row 3: journey no-such-journey does not exist`, true},
		{"previous without current", []string{`DELETE FROM behaviour WHERE slot = 'current'`},
			`x.cjm: table behaviour, ` + name + `: slot previous has no current figures beside it`, true},
		{"extra index", []string{"CREATE INDEX behaviour_slot ON behaviour (slot)"},
			`x.cjm: contains an index "behaviour_slot", which Waymark files never have`, true},
		{"trigger", []string{"CREATE TRIGGER figures_gone AFTER UPDATE ON journey BEGIN DELETE FROM behaviour; END"},
			`x.cjm: contains a trigger "figures_gone", which Waymark files never have`, true},
		{"table changed", []string{"DROP TABLE behaviour", "CREATE TABLE behaviour (journey_id TEXT, slot TEXT, figures TEXT, raw BLOB)"},
			`x.cjm: is damaged or was changed outside Waymark (its table "behaviour" is not defined the way Waymark defines it)`, true},
		{"too many rows", []string{
			"CREATE TABLE n (i INTEGER)",
			"WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 19999) INSERT INTO n SELECT i FROM c",
			"INSERT INTO behaviour SELECT 'j' || i, 'current', '{}' FROM n", "DROP TABLE n"},
			"x.cjm: holds 20,001 behaviour rows, more than Waymark allows (20,000)", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.cjm")
			if err := os.WriteFile(path, goodBytes, 0o644); err != nil {
				t.Fatal(err)
			}
			rawExec(t, path, c.stmts...)
			assertRefused(t, path, c.want, c.exact)
		})
	}
}

// A damaged format-1 file is named damaged, not lacking the tables of
// format 2 (its schema is compared with format 1's).
func TestFormat1DamageNamed(t *testing.T) {
	orig, err := os.ReadFile("testdata/format1.cjm")
	if err != nil {
		t.Fatal(err)
	}
	orig[4096] = 0x99 // the type byte of page 2
	path := filepath.Join(t.TempDir(), "x.cjm")
	if err := os.WriteFile(path, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	assertRefused(t, path, `x.cjm: is damaged (database disk image is malformed)`, true)
}
