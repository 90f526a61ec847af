package storage

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"waymark/model"
)

// withLenses is the rich project with saved lenses of every kind of filter
// on its first journey and rated cards in both journeys that have cards.
func withLenses(t testing.TB) *model.Project {
	p := richProject(t)
	j := p.Journeys[0]
	ana, ben := p.Personas[0], p.Personas[1]
	j.Lenses = []*model.Lens{
		{Name: "Web pain", Channels: []string{"web", "App"}, Flags: []model.Flag{model.FlagPainPoint, model.FlagMomentOfTruth}, Persona: ana.ID},
		{Name: "Team Pay, unproven", Owners: []string{"Team Pay", model.CoverageNone}, Confidence: []model.Confidence{model.Assumption, model.NoConfidence}, Hide: true},
		{Name: "Tagged «checkout» 🧭", Tags: []string{"checkout", "tag 1"}, Flags: []model.Flag{model.FlagOpportunity}, Confidence: []model.Confidence{model.Validated}},
		{Name: "Ben's curve", Persona: ben.ID},
		{Name: "Everything hidden off", Hide: true},
	}
	p.Journeys[1].Lenses = []*model.Lens{{Name: "Refunds", Channels: []string{model.CoverageNone}}}
	for i, c := range j.Touchpoints {
		if i%3 == 0 {
			c.Impact, c.Effort = 1+i%5, 5-i%5
		}
	}
	j.Touchpoints[1].Impact = 4 // rated on one axis only
	p.Journeys[1].Touchpoints[0].Effort = 2
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	return p
}

func lensRows(t testing.TB, c *conn) int {
	t.Helper()
	var n int
	if err := c.QueryRowContext(ctx, "SELECT count(*) FROM lens").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Saved lenses and ratings are saved and opened exactly, and the file's
// digest covers them.
func TestLensRoundTrip(t *testing.T) {
	p := withLenses(t)
	for _, j := range p.Journeys {
		if len(j.Touchpoints) > 0 {
			j.Touchpoints = readingOrder(j) // as a file holds and gives them
		}
	}
	path := writeGood(t, p, t.TempDir(), "lenses.cjm")
	doc, err := Open(ctx, path, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	if !reflect.DeepEqual(doc.Project(), p) {
		t.Fatalf("opened project differs:\n%s", firstDiff(encodeJSON(t, p), encodeJSON(t, doc.Project())))
	}
	if doc.ChangedOutside() {
		t.Fatal("a file just saved says it was changed outside")
	}
	if n := lensRows(t, doc.wc.c); n != 6 {
		t.Fatalf("%d lens rows, want 6", n)
	}
	var spec string
	if err := doc.wc.c.QueryRowContext(ctx, "SELECT spec FROM lens WHERE position = 1 AND journey_id = ?", string(p.Journeys[0].ID)).Scan(&spec); err != nil {
		t.Fatal(err)
	}
	if want := `{"name":"Team Pay, unproven","owners":["Team Pay","(none)"],"confidence":["assumption","none"],"hide":true}`; spec != want {
		t.Fatalf("spec is\n %s\nwant\n %s", spec, want)
	}

	// The digest tells lenses and ratings apart: edits outside show.
	for _, c := range []struct{ name, stmt string }{
		{"lens renamed", `UPDATE lens SET spec = replace(spec, 'Web pain', 'Web pains')`},
		{"lenses reordered", `UPDATE lens SET position = 10 WHERE position = 0`},
		{"impact changed", `UPDATE touchpoint SET impact = 5 - impact WHERE impact > 0`},
		{"effort changed", `UPDATE touchpoint SET effort = 0 WHERE effort = 2`},
	} {
		t.Run(c.name, func(t *testing.T) {
			edited := filepath.Join(t.TempDir(), "edited.cjm")
			b, _ := os.ReadFile(path)
			os.WriteFile(edited, b, 0o644)
			rawExec(t, edited, c.stmt)
			d, err := Open(ctx, edited, testOptions(t))
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			if !d.ChangedOutside() {
				t.Fatal("an edit outside Waymark went unnoticed")
			}
		})
	}
	// Lenses of one journey are not those of another; a rating on one
	// axis is not one on the other.
	q := p.Clone()
	q.Journeys[1].Lenses, q.Journeys[2].Lenses = nil, q.Journeys[1].Lenses
	if digestOf(p) == digestOf(q) {
		t.Fatal("the digest does not tell which journey a lens is of")
	}
	q = p.Clone()
	for _, c := range q.Journeys[1].Touchpoints {
		c.Impact, c.Effort = c.Effort, c.Impact
	}
	if digestOf(p) == digestOf(q) {
		t.Fatal("the digest does not tell impact from effort")
	}
}

// A project with neither lenses nor ratings keeps the digest of format 2,
// so a file saved then does not read as changed outside Waymark.
func TestDigestWithoutLensesUnchanged(t *testing.T) {
	p := richProject(t)
	before := digestOf(p)
	p.Journeys[0].Lenses = []*model.Lens{{Name: "Any"}}
	withLens := digestOf(p)
	p.Journeys[0].Lenses = nil
	p.Journeys[0].Touchpoints[0].Effort = 1
	withRating := digestOf(p)
	p.Journeys[0].Touchpoints[0].Effort = 0
	if digestOf(p) != before || withLens == before || withRating == before || withLens == withRating {
		t.Fatal("the digest does not add lenses and ratings only when present")
	}
}

// Every edit of the lenses and ratings is committed to the working copy as
// it happens; undoing a saved lens and saving leaves no row of it.
func TestLensCommitUndoAndSave(t *testing.T) {
	p := richProject(t)
	path := writeGood(t, p, t.TempDir(), "live.cjm")
	doc, err := Open(ctx, path, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	h := doc.History()
	j := doc.Project().Journeys[0]
	do := func(label string, c model.Command) {
		t.Helper()
		if err := h.Do(c); err != nil {
			t.Fatalf("%s: %v", label, err)
		}
		assertWorkingCopy(t, doc, label)
	}
	do("save lens", &model.SaveLens{Journey: j.ID, Lens: &model.Lens{Name: "Pain", Flags: []model.Flag{model.FlagPainPoint}}})
	do("rate", &model.SetPriority{Touchpoint: j.Touchpoints[0].ID, Impact: 5, Effort: 1})
	// An edit of the journey leaves its lens rows alone: a mark put in a
	// row (trailing space, which the JSON allows) stays.
	if _, err := doc.wc.c.ExecContext(ctx, "UPDATE lens SET spec = spec || ' '"); err != nil {
		t.Fatal(err)
	}
	do("rename journey", &model.UpdateJourney{ID: j.ID, Title: "Renamed", Description: j.Description})
	var marked int
	doc.wc.c.QueryRowContext(ctx, "SELECT count(*) FROM lens WHERE spec LIKE '% '").Scan(&marked)
	if marked != 1 {
		t.Fatal("renaming the journey rewrote its lenses")
	}
	do("save second lens", &model.SaveLens{Journey: j.ID, Lens: &model.Lens{Name: "Web", Channels: []string{"web"}}})
	if ok, err := h.Undo(); !ok || err != nil {
		t.Fatal(ok, err)
	}
	assertWorkingCopy(t, doc, "undo of the second lens")
	if err := doc.Save(ctx); err != nil {
		t.Fatal(err)
	}
	c, err := openConn(ctx, path, "mode=ro&immutable=1")
	if err != nil {
		t.Fatal(err)
	}
	var names string
	err = c.QueryRowContext(ctx, "SELECT group_concat(spec, ' | ') FROM lens").Scan(&names)
	c.close()
	if err != nil || names != `{"name":"Pain","flags":["pain-point"]}` {
		t.Fatalf("saved lens rows: %q %v", names, err)
	}
	// Undo of the first lens too, then save: no lens row is left.
	for range 3 {
		if ok, err := h.Undo(); !ok || err != nil {
			t.Fatal(ok, err)
		}
	}
	assertWorkingCopy(t, doc, "undo of the first lens")
	if err := doc.Save(ctx); err != nil {
		t.Fatal(err)
	}
	again, err := Open(ctx, path, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if n := lensRows(t, again.wc.c); n != 0 || again.Project().Journeys[0].Lenses != nil || again.ChangedOutside() {
		t.Fatalf("%d lens rows after undoing every lens and saving", n)
	}
	if again.Project().Journeys[0].Touchpoints[0].Impact != 0 {
		t.Fatal("the undone rating was saved")
	}
}

// A format-2 file opens: it is migrated in the working copy only, its
// digest is what format 2 computed, and saving writes format 3.
func TestFormat2FileMigrates(t *testing.T) {
	doc, path := openOldFormat(t, 2)
	if doc.Project().Journeys[0].Behaviour == nil {
		t.Fatal("the figures of the format-2 file are gone")
	}
	if lensRows(t, doc.wc.c) != 0 {
		t.Fatal("the migrated working copy holds lenses")
	}

	// A lens and a rating, committed to the migrated copy, then saved as
	// format 3.
	j := doc.Project().Journeys[0]
	if err := doc.History().Do(&model.SaveLens{Journey: j.ID, Lens: &model.Lens{Name: "Pain", Flags: []model.Flag{model.FlagPainPoint}}}); err != nil {
		t.Fatal(err)
	}
	if err := doc.History().Do(&model.SetPriority{Touchpoint: j.Touchpoints[2].ID, Impact: 3, Effort: 4}); err != nil {
		t.Fatal(err)
	}
	assertWorkingCopy(t, doc, "lens and rating in a migrated copy")
	again := saveAsCurrent(t, doc, path)
	if !reflect.DeepEqual(again.Project(), doc.Project()) || again.ChangedOutside() {
		t.Fatalf("saved format-3 file differs:\n%s", firstDiff(encodeJSON(t, doc.Project()), encodeJSON(t, again.Project())))
	}
}

// A format-1 file migrates through format 2 to 3 and takes a lens.
func TestFormat1FileTakesLenses(t *testing.T) {
	orig, err := os.ReadFile("testdata/format1.cjm")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "old.cjm")
	os.WriteFile(path, orig, 0o644)
	doc, err := Open(ctx, path, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	j := doc.Project().Journeys[0]
	if err := doc.History().Do(&model.SaveLens{Journey: j.ID, Lens: &model.Lens{Name: "Web", Channels: []string{"web"}, Hide: true}}); err != nil {
		t.Fatal(err)
	}
	assertWorkingCopy(t, doc, "lens in a copy migrated from format 1")
}

func TestHostileLenses(t *testing.T) {
	p := withLenses(t)
	j := p.Journeys[0]
	good := writeGood(t, p, t.TempDir(), "good.cjm")
	goodBytes, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	name := `journey "Online checkout" (id ` + string(j.ID) + `)`
	first := `x.cjm: table lens, ` + name + `, position 0: spec: `
	card := j.Touchpoints[0]
	for _, c := range []struct {
		name  string
		stmts []string
		want  string
		exact bool
	}{
		{"oversized spec", []string{"UPDATE lens SET spec = spec || printf('%*s', 4194304, '') WHERE position = 0 AND journey_id = '" + string(j.ID) + "'"},
			first + "4,194,", false},
		{"not JSON", []string{`UPDATE lens SET spec = '{"name":' WHERE position = 0 AND journey_id = '` + string(j.ID) + `'`},
			first + "it ends in the middle of the lens", true},
		{"unknown key", []string{`UPDATE lens SET spec = replace(spec, '{"name"', '{"script":"x","name"') WHERE position = 0 AND journey_id = '` + string(j.ID) + `'`},
			first + `unknown field "script"`, true},
		{"duplicate key", []string{`UPDATE lens SET spec = replace(spec, '"hide":true', '"hide":true,"hide":false') WHERE position = 1 AND journey_id = '` + string(j.ID) + `'`},
			`x.cjm: table lens, ` + name + `, position 1: spec: key "hide" appears twice in the lens; a key may be given once`, true},
		{"trailing data", []string{`UPDATE lens SET spec = spec || '{}' WHERE position = 0 AND journey_id = '` + string(j.ID) + `'`},
			first + "unexpected data after the lens", false},
		{"flag that does not exist", []string{`UPDATE lens SET spec = replace(spec, '"pain-point"', '"delight"') WHERE position = 0 AND journey_id = '` + string(j.ID) + `'`},
			`x.cjm: lens "Web pain" of ` + name + `: flags: "delight" is not pain-point, opportunity or moment-of-truth`, true},
		{"confidence that does not exist", []string{`UPDATE lens SET spec = replace(spec, '"validated"', '"certain"') WHERE position = 2 AND journey_id = '` + string(j.ID) + `'`},
			`confidence: "certain" is not assumption, anecdotal, validated or none`, false},
		{"missing persona", []string{`UPDATE lens SET spec = replace(spec, '` + string(p.Personas[0].ID) + `', 'ghost') WHERE position = 0 AND journey_id = '` + string(j.ID) + `'`},
			`x.cjm: lens "Web pain" of ` + name + `: persona: refers to persona ghost, which does not exist`, true},
		{"two lenses with one name", []string{`UPDATE lens SET spec = replace(spec, 'Ben''s curve', 'WEB PAIN') WHERE position = 3 AND journey_id = '` + string(j.ID) + `'`},
			`x.cjm: lens "WEB PAIN" of ` + name + `: name: is also the name of another lens of the journey`, true},
		{"no name", []string{`UPDATE lens SET spec = '{"hide":true}' WHERE position = 4 AND journey_id = '` + string(j.ID) + `'`},
			`x.cjm: lens "(no name)" of ` + name + `: name: is empty`, true},
		{"orphan journey", []string{`INSERT INTO lens SELECT 'no-such-journey', 99, spec FROM lens WHERE position = 0 AND journey_id = '` + string(j.ID) + `'`},
			`x.cjm: table lens, row 7: journey no-such-journey does not exist`, true},
		{"too many for a journey", []string{
			"CREATE TABLE n (i INTEGER)",
			"WITH RECURSIVE c(i) AS (SELECT 10 UNION ALL SELECT i + 1 FROM c WHERE i < 1005) INSERT INTO n SELECT i FROM c",
			`INSERT INTO lens SELECT '` + string(j.ID) + `', i, '{"name":"L' || i || '"}' FROM n`, "DROP TABLE n"},
			`x.cjm: table lens, ` + name + `: 1,001 saved lenses, more than a journey may hold (1,000)`, true},
		{"too many rows", []string{
			"CREATE TABLE n (i INTEGER)",
			"WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 99995) INSERT INTO n SELECT i FROM c",
			"INSERT INTO lens SELECT 'j' || i, 0, '{}' FROM n", "DROP TABLE n"},
			"x.cjm: holds 100,001 lens rows, more than Waymark allows (100,000)", true},
		{"impact 9, CHECK removed", []string{"PRAGMA writable_schema = ON",
			"UPDATE sqlite_schema SET sql = replace(sql, ' CHECK (impact BETWEEN 0 AND 5)', '') WHERE name = 'touchpoint'",
			"PRAGMA writable_schema = OFF"},
			`x.cjm: is damaged or was changed outside Waymark (its table "touchpoint" is not defined the way Waymark defines it)`, true},
		{"impact 9, CHECK ignored", []string{"PRAGMA ignore_check_constraints = ON",
			fmt.Sprintf("UPDATE touchpoint SET impact = 9 WHERE id = '%s'", card.ID)},
			`x.cjm: is damaged (SQLite's integrity check reports: CHECK constraint failed in touchpoint)`, true},
		{"effort negative, CHECK ignored", []string{"PRAGMA ignore_check_constraints = ON",
			fmt.Sprintf("UPDATE touchpoint SET effort = -1 WHERE id = '%s'", card.ID)},
			`x.cjm: is damaged (SQLite's integrity check reports: CHECK constraint failed in touchpoint)`, true},
		{"extra index", []string{"CREATE INDEX lens_spec ON lens (spec)"},
			`x.cjm: contains an index "lens_spec", which Waymark files never have`, true},
		{"trigger", []string{"CREATE TRIGGER lens_gone AFTER UPDATE ON journey BEGIN DELETE FROM lens; END"},
			`x.cjm: contains a trigger "lens_gone", which Waymark files never have`, true},
		{"table changed", []string{"DROP TABLE lens", "CREATE TABLE lens (journey_id TEXT, position INTEGER, spec TEXT, script TEXT)"},
			`x.cjm: is damaged or was changed outside Waymark (its table "lens" is not defined the way Waymark defines it)`, true},
		{"table gone", []string{"DROP TABLE lens"},
			`x.cjm: is damaged or was changed outside Waymark (it lacks the `, false},
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

// The loader and Validate name a rating out of range by card and field,
// when the integrity check is not there to find the broken CHECK first.
func TestLoaderNamesBadRating(t *testing.T) {
	p := withLenses(t)
	card := p.Journeys[0].Touchpoints[0]
	path := writeGood(t, p, t.TempDir(), "x.cjm")
	rawExec(t, path, "PRAGMA ignore_check_constraints = ON", fmt.Sprintf("UPDATE touchpoint SET impact = 9 WHERE id = '%s'", card.ID))
	c, err := openConn(ctx, path, "mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	got, err := loadConn(t, c)
	if err != nil {
		t.Fatal(err)
	}
	err = checkProject(got)
	if err == nil || !strings.Contains(err.Error(), `impact: 9 is not between 1 and 5 (or 0, not rated)`) || !strings.Contains(err.Error(), string(card.ID)) {
		t.Fatalf("got %v", err)
	}
}

// Waymark never writes more saved lenses than it would open: the command
// refuses the lens over the cap (the journal would too), and memory stays
// as the disk.
func TestLensCountCapOnWriting(t *testing.T) {
	p := &model.Project{ID: model.NewID(), Name: "Many lenses", Scale: model.ScaleFive}
	for i := range maxLensRows / model.MaxLensesPerJourney {
		j := &model.Journey{ID: model.ID(fmt.Sprintf("j%03d", i)), Title: fmt.Sprint("Journey ", i)}
		for k := range model.MaxLensesPerJourney {
			j.Lenses = append(j.Lenses, &model.Lens{Name: fmt.Sprint("L", k)})
		}
		p.Journeys = append(p.Journeys, j)
	}
	p.Journeys = append(p.Journeys, &model.Journey{ID: "last", Title: "Last"})
	path := writeGood(t, p, t.TempDir(), "many.cjm")
	doc, err := Open(ctx, path, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	err = doc.History().Do(&model.SaveLens{Journey: "last", Lens: &model.Lens{Name: "One too many"}})
	if err == nil || !strings.Contains(err.Error(), "the project would hold 100,001 saved lenses, more than the 100,000 Waymark allows") {
		t.Fatalf("got %v", err)
	}
	if len(doc.Project().Journeys[len(p.Journeys)-1].Lenses) != 0 {
		t.Fatal("the refused lens stayed in memory")
	}
	q := doc.Project().Clone()
	q.Journeys[len(q.Journeys)-1].Lenses = []*model.Lens{{Name: "One too many"}}
	err = WriteNew(ctx, q, filepath.Join(t.TempDir(), "more.cjm"))
	if err == nil || !strings.Contains(err.Error(), "100,001 saved lenses, more than") {
		t.Fatalf("writing got %v", err)
	}
}

// A lens too large for a file is refused when it is saved, and memory
// stays as the disk.
func TestOversizeLensRefused(t *testing.T) {
	doc, err := NewDocument(richProject(t), testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	j := doc.Project().Journeys[0]
	big := strings.Repeat("x", 3<<20)
	err = doc.History().Do(&model.SaveLens{Journey: j.ID, Lens: &model.Lens{Name: "Huge", Channels: []string{big}, Tags: []string{big}}})
	if err == nil || !strings.Contains(err.Error(), `the saved lens "Huge" of journey "Online checkout"`) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("got %v", err)
	}
	if len(j.Lenses) != 0 {
		t.Fatal("the refused lens stayed in memory")
	}
	assertWorkingCopy(t, doc, "after refusal")
}
