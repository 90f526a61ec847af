package storage

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"waymark/model"
)

// editCard retitles a journey's k-th card through the history.
func editCard(t testing.TB, d *Document, k int, title string) {
	t.Helper()
	card := d.Project().Journeys[0].Touchpoints[k].Clone()
	card.Title = title
	if err := d.History().Do(&model.UpdateTouchpoint{After: card}); err != nil {
		t.Fatal(err)
	}
}

// saveVersion saves a version and returns it with a copy of the project
// it captured.
func saveVersion(t testing.TB, d *Document, v model.Version) (model.Version, *model.Project) {
	t.Helper()
	stored, err := d.SaveVersion(ctx, v)
	if err != nil {
		t.Fatal(err)
	}
	return stored, d.Project().Clone()
}

// sameProject compares two projects as the model holds them, through the
// lossless JSON (a decoded project has empty lists where a built one may
// have nil).
func sameProject(t testing.TB, what string, want, got *model.Project) {
	t.Helper()
	if w, g := encodeJSON(t, want), encodeJSON(t, got); w != g {
		t.Fatalf("%s differs:\n%s", what, firstDiff(w, g))
	}
}

func assertVersions(t testing.TB, what string, got, want []model.Version) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: versions\n%+v\nwant\n%+v", what, got, want)
	}
}

// Three versions with edits between them survive save and reopen, Save As
// and a crash, each decoding to exactly the project it captured.
func TestVersionsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := writeGood(t, richProject(t), dir, "map.cjm")
	opt := testOptions(t)
	doc, err := Open(ctx, path, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	if list, err := doc.Versions(ctx); err != nil || len(list) != 0 {
		t.Fatalf("a new file lists %v (%v)", list, err)
	}

	at := time.Date(2026, 3, 3, 9, 30, 0, 0, time.UTC)
	var want []model.Version
	var captured []*model.Project
	for i, name := range []string{"Workshop draft", "After round-2 interviews", "Signed off"} {
		editCard(t, doc, i, fmt.Sprintf("Edited before version %d", i+1))
		v := model.Version{Name: name, Note: fmt.Sprintf("why %d", i+1), Author: "Ana", Summary: fmt.Sprintf("%d card renamed", i+1)}
		if i == 1 {
			v.Created = at.Add(500 * time.Millisecond) // kept, to the second
		}
		stored, p := saveVersion(t, doc, v)
		if stored.Seq != i+1 || stored.Name != name || stored.Created.IsZero() || stored.Created.Location() != time.UTC ||
			stored.Created.Nanosecond() != 0 || (i == 1 && !stored.Created.Equal(at)) {
			t.Fatalf("stored %+v", stored)
		}
		want = append(want, stored)
		captured = append(captured, p)
	}
	// Each version after the first is stored as its changes to the one
	// before: a card apiece.
	db := plainDB(t, doc.wc.file())
	var deltas int
	if err := db.QueryRow("SELECT count(*) FROM version WHERE base > 0 AND base = seq - 1").Scan(&deltas); err != nil || deltas != 2 {
		t.Fatalf("%d versions stored as changes (%v)", deltas, err)
	}
	db.Close()
	editCard(t, doc, 5, "Edited after the last version")
	if list, err := doc.Versions(ctx); err != nil {
		t.Fatal(err)
	} else {
		assertVersions(t, "the working copy", list, want)
	}
	for i, p := range captured {
		got, err := doc.VersionProject(ctx, i+1)
		if err != nil {
			t.Fatal(err)
		}
		sameProject(t, fmt.Sprintf("version %d in the working copy", i+1), p, got)
	}

	// Names are unique whatever their case; an empty one is refused.
	for _, name := range []string{"SIGNED OFF", "  ", ""} {
		if _, err := doc.SaveVersion(ctx, model.Version{Name: name}); err == nil || strings.ContainsAny(err.Error(), "\n") {
			t.Fatalf("version %q: %v", name, err)
		}
	}

	// Saving the file writes them; reopening lists and decodes them.
	if err := doc.Save(ctx); err != nil {
		t.Fatal(err)
	}
	again, err := Open(ctx, path, opt)
	if err != nil {
		t.Fatal(err)
	}
	list, err := again.Versions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	assertVersions(t, "the saved file", list, want)
	for i, p := range captured {
		got, err := again.VersionProject(ctx, i+1)
		if err != nil {
			t.Fatal(err)
		}
		sameProject(t, fmt.Sprintf("version %d after reopening", i+1), p, got)
	}
	sameProject(t, "the current map", doc.Project(), again.Project())
	if again.ChangedOutside() {
		t.Fatal("a file with versions reads as changed outside Waymark")
	}
	if _, err := again.VersionProject(ctx, 9); err == nil || !strings.Contains(err.Error(), "has no version 9") {
		t.Fatalf("version 9: %v", err)
	}
	again.Close()

	// Read-only, from the file on disk.
	before, _ := os.ReadFile(path)
	list, err = ListVersions(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	assertVersions(t, "ListVersions", list, want)
	got, err := LoadVersion(ctx, path, 2)
	if err != nil {
		t.Fatal(err)
	}
	sameProject(t, "LoadVersion 2", captured[1], got)
	if now, _ := os.ReadFile(path); !bytes.Equal(now, before) {
		t.Fatal("reading versions changed the file")
	}

	// Save As keeps them.
	other := filepath.Join(dir, "copy.cjm")
	if err := doc.SaveAs(ctx, other); err != nil {
		t.Fatal(err)
	}
	if list, err := ListVersions(ctx, other); err != nil {
		t.Fatal(err)
	} else {
		assertVersions(t, "Save As", list, want)
	}

	// A version saved and then a crash before any save: the restored
	// working copy holds it.
	fourth, p4 := saveVersion(t, doc, model.Version{Name: "Before the crash"})
	killed := snapshot(t, doc)
	orphans, err := Orphans(killed)
	if err != nil || len(orphans) != 1 {
		t.Fatalf("a working copy holding a new version is not offered: %v %v", orphans, err)
	}
	restored, err := RestoreOrphan(ctx, orphans[0], killed)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	list, err = restored.Versions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	assertVersions(t, "the restored copy", list, append(want[:3:3], fourth))
	got, err = restored.VersionProject(ctx, 4)
	if err != nil {
		t.Fatal(err)
	}
	sameProject(t, "the restored version", p4, got)
}

// A version is not an undo step: the history stays clean, and yet the next
// Save writes it into the file.
func TestVersionLeavesHistoryAlone(t *testing.T) {
	path := writeGood(t, richProject(t), t.TempDir(), "map.cjm")
	doc, err := Open(ctx, path, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	if _, err := doc.SaveVersion(ctx, model.Version{Name: "Baseline"}); err != nil {
		t.Fatal(err)
	}
	if doc.History().Dirty() || doc.History().CanUndo() {
		t.Fatal("saving a version made an undo step")
	}
	if list, _ := ListVersions(ctx, path); len(list) != 0 {
		t.Fatal("the file holds the version before it was saved")
	}
	if err := doc.Save(ctx); err != nil {
		t.Fatal(err)
	}
	if list, err := ListVersions(ctx, path); err != nil || len(list) != 1 || list[0].Name != "Baseline" {
		t.Fatalf("after Save: %+v %v", list, err)
	}
	if !doc.sc.Pristine {
		t.Fatal("the working copy is not pristine after the save that wrote its version")
	}
}

// versionFile is a saved file with two versions, the second capturing
// what the first did not.
func versionFile(t *testing.T, dir string) string {
	t.Helper()
	path := writeGood(t, richProject(t), dir, "x.cjm")
	doc, err := Open(ctx, path, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	saveVersion(t, doc, model.Version{Name: "One"})
	editCard(t, doc, 0, "Changed for two")
	saveVersion(t, doc, model.Version{Name: "Two"})
	if err := doc.Save(ctx); err != nil {
		t.Fatal(err)
	}
	return path
}

// A hostile versions table: a bad version stops only its own decoding (one
// sentence naming it; the map opens, the file is unchanged); a table over
// its caps refuses the file, as every table does.
func TestHostileVersions(t *testing.T) {
	goodJSON := []byte(encodeJSON(t, richProject(t)))
	// A card in a stage its journey does not have.
	bad := richProject(t)
	bad.Journeys[0].Touchpoints[0].StageID = "no-such-stage"
	invalid, err := model.EncodeJSON(bad)
	if err != nil {
		t.Fatal(err)
	}
	const gigabyte = 1 << 30
	bombData := bomb(t, gigabyte)
	t.Logf("the bomb: %s bytes growing to %s", count(int64(len(bombData))), count(gigabyte))
	// The bomb's frame declaring as much as its row, and declaring nothing.
	lyingBomb := declaring(t, bombData, 1000)
	sizelessBomb := declaring(t, bombData, -1)

	decodeCases := []struct {
		name  string
		size  int64
		data  []byte
		want  string
		exact bool
		json  []byte // what data holds, when its checksum must match
	}{
		{"not compressed", 100, []byte(`{"format": "waymark-project"}`),
			`version 2 "Two" is damaged (its data is not compressed as Waymark writes it`, false, nil},
		{"not JSON", 21, compressed(t, []byte("just some words, no {")),
			`version 2 "Two" does not hold a valid project (`, false, []byte("just some words, no {")},
		{"an invalid project", int64(len(invalid)), compressed(t, invalid),
			`version 2 "Two" does not hold a valid project (`, false, invalid},
		{"a bomb that lies about its size", 1000, bombData,
			`version 2 "Two" is damaged (its data inflates to more than the 1,000 bytes it declares)`, true, nil},
		{"a bomb whose frame lies about its size too", 1000, lyingBomb,
			`version 2 "Two" is damaged (its data inflates to more than the 1,000 bytes it declares)`, true, nil},
		{"a bomb that does not declare its size", 1000, sizelessBomb,
			`version 2 "Two" is damaged (its data is not compressed as Waymark writes it: it does not declare its size)`, true, nil},
		{"a bomb that declares the most a version may hold", maxVersionJSON, bombData,
			`version 2 "Two" is damaged (its data inflates to more than the 268,435,456 bytes it declares)`, true, nil},
		{"a bomb that declares its size", gigabyte, bombData,
			`version 2 "Two" declares 1,073,741,824 bytes of project, more than Waymark allows (268,435,456 bytes)`, true, nil},
		{"shorter than declared", int64(len(goodJSON)) + 5, compressed(t, goodJSON),
			`version 2 "Two" is damaged (its data inflates to ` + count(int64(len(goodJSON))) + ` bytes, not the ` + count(int64(len(goodJSON))+5) + ` it declares)`, true, nil},
		{"past its declared size", int64(len(goodJSON)) - 5, compressed(t, goodJSON),
			`version 2 "Two" is damaged (its data inflates to more than the ` + count(int64(len(goodJSON))-5) + ` bytes it declares)`, true, nil},
	}
	for _, tc := range decodeCases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := versionFile(t, dir)
			rawExecArgs(t, path, "UPDATE version SET size = ?, base = 0, data = ?, checksum = ? WHERE seq = 2",
				tc.size, tc.data, versionChecksum(tc.json))
			before := fileState(t, path)
			files := listing(t, dir)

			doc, err := Open(ctx, path, testOptions(t))
			if err != nil {
				t.Fatalf("a bad version stopped the map from opening: %v", err)
			}
			defer doc.Close()
			if list, err := doc.Versions(ctx); err != nil || len(list) != 2 {
				t.Fatalf("listing: %v %v", list, err)
			}
			if _, err := doc.VersionProject(ctx, 1); err != nil {
				t.Fatalf("a good version next to a bad one: %v", err)
			}
			_, err = doc.VersionProject(ctx, 2)
			assertSentence(t, err, "x.cjm: "+tc.want, tc.exact)
			_, err = LoadVersion(ctx, path, 2)
			assertSentence(t, err, "x.cjm: "+tc.want, tc.exact)
			if fileState(t, path) != before {
				t.Fatal("the file changed")
			}
			if got := listing(t, dir); got != files {
				t.Fatalf("the folder changed:\n%s", got)
			}
		})
	}

	// Versions stored as changes to others: damage in a chain is named,
	// and stops only the versions built on it.
	chainCases := []struct {
		name  string
		stmts []string
		want  string
	}{
		{"changes to a version the file lacks", []string{"DELETE FROM version WHERE seq = 1"},
			`x.cjm: version 2 "Two" cannot be read: it is stored as changes to version 1, which the file does not have`},
		{"changes that are not compressed", []string{"UPDATE version SET data = x'010203' WHERE seq = 2"},
			`x.cjm: version 2 "Two" is damaged (its data is not compressed as Waymark writes it: unexpected EOF)`},
		{"a damaged base", []string{"UPDATE version SET data = x'00112233' WHERE seq = 1"},
			`x.cjm: version 2 "Two" cannot be read: it is stored as changes to version 1 "One", and version 1 "One" is damaged (its data is not compressed as Waymark writes it: invalid input: magic number mismatch)`},
	}
	for _, tc := range chainCases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := versionFile(t, dir)
			var base int
			db := plainDB(t, path)
			db.QueryRow("SELECT base FROM version WHERE seq = 2").Scan(&base)
			db.Close()
			if base != 1 {
				t.Fatalf("version 2 is stored on version %d", base)
			}
			rawExec(t, path, tc.stmts...)
			before := fileState(t, path)
			doc, err := Open(ctx, path, testOptions(t))
			if err != nil {
				t.Fatalf("a bad version stopped the map from opening: %v", err)
			}
			_, err = doc.VersionProject(ctx, 2)
			doc.Close()
			assertSentence(t, err, tc.want, true)
			if fileState(t, path) != before {
				t.Fatal("the file changed")
			}
		})
	}

	t.Run("changes that do not fit their base", func(t *testing.T) {
		path := versionFile(t, t.TempDir())
		// Version 2's changes made to another text than version 1's.
		var size int64
		db := plainDB(t, path)
		db.QueryRow("SELECT size FROM version WHERE seq = 2").Scan(&size)
		db.Close()
		p := richProject(t)
		p.Name = "Another map"
		js := []byte(encodeJSON(t, p))
		other, err := packChange(bytes.ToUpper(js), js)
		if err != nil {
			t.Fatal(err)
		}
		rawExecArgs(t, path, "UPDATE version SET size = ?, data = ? WHERE seq = 2", len(js), other)
		doc, err := Open(ctx, path, testOptions(t))
		if err != nil {
			t.Fatal(err)
		}
		defer doc.Close()
		_, err = doc.VersionProject(ctx, 2)
		assertSentence(t, err, `x.cjm: version 2 "Two" is damaged (its changes do not apply to the version they were made from)`, true)
	})

	// Metadata that cannot be listed: the map opens, listing names the row.
	listCases := []struct {
		name string
		stmt string
		want string
	}{
		{"a date that is not one", "UPDATE version SET created = 'yesterday' WHERE seq = 2",
			`x.cjm: table version, row 2: column created: "yesterday" is not a time written as RFC 3339 (2026-03-03T10:00:00Z)`},
		{"an empty name", "UPDATE version SET name = ' ' WHERE seq = 1",
			`x.cjm: table version, row 1: column name is empty`},
		{"text that is not UTF-8", "UPDATE version SET note = CAST(x'ff41' AS TEXT) WHERE seq = 1",
			`x.cjm: table version, row 1: column note is not valid UTF-8 text`},
	}
	for _, tc := range listCases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := versionFile(t, dir)
			rawExec(t, path, tc.stmt)
			before := fileState(t, path)
			doc, err := Open(ctx, path, testOptions(t))
			if err != nil {
				t.Fatalf("bad version metadata stopped the map from opening: %v", err)
			}
			_, err = doc.Versions(ctx)
			doc.Close()
			assertSentence(t, err, tc.want, true)
			_, err = ListVersions(ctx, path)
			assertSentence(t, err, tc.want, true)
			if fileState(t, path) != before {
				t.Fatal("the file changed")
			}
		})
	}

	// Over the caps: the file is refused, before a version is read.
	capCases := []struct {
		name  string
		stmts []string
		want  string
	}{
		{"10,000 versions", []string{
			"WITH RECURSIVE n(i) AS (SELECT 3 UNION ALL SELECT i + 1 FROM n WHERE i < 10002) " +
				"INSERT INTO version SELECT i, 'v' || i, '', '', '2026-03-03T10:00:00Z', '', 0, 0, '', x'00' FROM n"},
			"x.cjm: holds 10,002 version rows, more than Waymark allows (1,000)"},
		{"a name over its cap", []string{"UPDATE version SET name = printf('%.70000c', 'n') WHERE seq = 2"},
			"x.cjm: table version, row 2: column name is 70,000 bytes, more than Waymark allows (65,536 bytes)"},
	}
	for _, tc := range capCases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := versionFile(t, dir)
			rawExec(t, path, tc.stmts...)
			assertRefused(t, path, tc.want, true)
			if _, err := ListVersions(ctx, path); err == nil || err.Error() != tc.want {
				t.Fatalf("ListVersions: %v", err)
			}
		})
	}

	// Two versions of one number cannot be written: seq is the table's
	// key, which SQLite's own b-tree keeps unique.
	t.Run("duplicate seq", func(t *testing.T) {
		path := versionFile(t, t.TempDir())
		db := plainDB(t, path)
		defer db.Close()
		_, err := db.Exec("INSERT INTO version VALUES (2, 'Again', '', '', '2026-03-03T10:00:00Z', '', 0, 0, '', x'00')")
		if err == nil || !strings.Contains(err.Error(), "UNIQUE constraint failed: version.seq") {
			t.Fatalf("a second version 2: %v", err)
		}
	})
}

// plainDB opens a file with a plain SQLite connection, as someone crafting
// a hostile file would.
func plainDB(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	return db
}

// rawExecArgs is rawExec of one statement with arguments.
func rawExecArgs(t testing.TB, path, stmt string, args ...any) {
	t.Helper()
	db := plainDB(t, path)
	defer db.Close()
	if _, err := db.Exec(stmt, args...); err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
}

// assertSentence requires one line: exactly want, or starting with it.
func assertSentence(t *testing.T, err error, want string, exact bool) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error (wanted %q)", want)
	}
	msg := err.Error()
	if strings.ContainsAny(msg, "\r\n") || (exact && msg != want) || (!exact && !strings.HasPrefix(msg, want)) {
		t.Fatalf("error\n %q\nwant\n %q", msg, want)
	}
}

// Text only older versions hold is absent from a copy without history,
// which opens as the current map.
func TestWithoutHistory(t *testing.T) {
	dir := t.TempDir()
	path := writeGood(t, richProject(t), dir, "map.cjm")
	doc, err := Open(ctx, path, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	const secret = "Confidential supplier margin: 4.2 percent"
	const oldNote = "Note only the first version keeps"
	editCard(t, doc, 2, secret)
	if _, err := doc.SaveVersion(ctx, model.Version{Name: "With the secret", Note: oldNote}); err != nil {
		t.Fatal(err)
	}
	card := doc.Project().Journeys[0].Touchpoints[2].ID
	if err := doc.History().Do(&model.DeleteTouchpoints{IDs: []model.ID{card}}); err != nil {
		t.Fatal(err)
	}
	if err := doc.Save(ctx); err != nil {
		t.Fatal(err)
	}
	// The history holds the old text.
	old, err := LoadVersion(ctx, path, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, tp := old.FindTouchpoint(card); tp == nil || tp.Title != secret {
		t.Fatal("the version lost the deleted card")
	}
	saved, _ := os.ReadFile(path)
	if !bytes.Contains(saved, []byte(oldNote)) {
		t.Fatal("the saved file lacks the version's note")
	}

	out := filepath.Join(dir, "shared.cjm")
	if err := WriteWithoutHistory(ctx, doc.Project(), out); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var blob []byte
	db := plainDB(t, path)
	if err := db.QueryRow("SELECT data FROM version WHERE seq = 1").Scan(&blob); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, s := range [][]byte{[]byte(secret), []byte(oldNote), []byte("With the secret"), blob[:64]} {
		if bytes.Contains(b, s) {
			t.Fatalf("the copy without history holds %q", s)
		}
	}
	if list, err := ListVersions(ctx, out); err != nil || len(list) != 0 {
		t.Fatalf("the copy lists versions: %v %v", list, err)
	}
	p, err := Check(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	sameProject(t, "the copy", doc.Project(), p)

	// Written over an existing file, as Save As does.
	if err := WriteWithoutHistory(ctx, doc.Project(), path); err != nil {
		t.Fatal(err)
	}
	if list, err := ListVersions(ctx, path); err != nil || len(list) != 0 {
		t.Fatalf("over the file: %v %v", list, err)
	}
}

// A journey's owner and review date and when each card last changed
// survive save and reopen, and their digest holds.
func TestOwnersReviewsAndStampsSurvive(t *testing.T) {
	path := writeGood(t, richProject(t), t.TempDir(), "map.cjm")
	opt := testOptions(t)
	doc, err := Open(ctx, path, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	at := time.Date(2026, 3, 3, 10, 4, 5, 0, time.UTC)
	doc.History().SetClock(func() time.Time { return at })
	j := doc.Project().Journeys[0]
	review := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	if err := doc.History().Do(&model.SetJourneyReview{Journey: j.ID, Owner: "CX team", ReviewBy: review}); err != nil {
		t.Fatal(err)
	}
	editCard(t, doc, 1, "Stamped")
	assertWorkingCopy(t, doc, "owner, review date and stamp")
	if err := doc.Save(ctx); err != nil {
		t.Fatal(err)
	}
	again, err := Open(ctx, path, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	aj := again.Project().Journeys[0]
	if aj.Owner != "CX team" || !aj.ReviewBy.Equal(review) || !aj.Touchpoints[1].Changed.Equal(at) || !aj.Touchpoints[0].Changed.IsZero() {
		t.Fatalf("owner %q, review %v, changed %v", aj.Owner, aj.ReviewBy, aj.Touchpoints[1].Changed)
	}
	if !reflect.DeepEqual(again.Project(), doc.Project()) || again.ChangedOutside() {
		t.Fatalf("reopened differs (changed outside: %v):\n%s", again.ChangedOutside(),
			firstDiff(encodeJSON(t, doc.Project()), encodeJSON(t, again.Project())))
	}
	// The digest tells them: an edit outside Waymark is noticed.
	rawExec(t, path, "UPDATE journey SET owner = 'Someone else'")
	outside, err := Open(ctx, path, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !outside.ChangedOutside() || outside.Project().Journeys[0].Owner != "Someone else" {
		t.Fatal("an owner changed outside Waymark went unnoticed")
	}
	outside.Close()
}

// A review date or stamp Waymark would not write is refused by name.
func TestBadDatesRefused(t *testing.T) {
	cases := []struct{ name, stmt, want string }{
		{"review date", "UPDATE journey SET review_by = '2026-13-45'",
			`x.cjm: table journey, row 1: column review_by: "2026-13-45" is not a date written as YYYY-MM-DD`},
		{"stamp", "UPDATE touchpoint SET changed = 'last Tuesday' WHERE rowid = 3",
			`x.cjm: table touchpoint, row 3: column changed: "last Tuesday" is not a time written as RFC 3339 (2026-03-03T10:00:00Z)`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeGood(t, richProject(t), t.TempDir(), "x.cjm")
			rawExec(t, path, tc.stmt)
			assertRefused(t, path, tc.want, true)
		})
	}
}

// A format-3 file opens as format 4 in its working copy (its digest still
// holds), and is written as format 4 by the next save.
func TestFormat3FileMigrates(t *testing.T) {
	doc, path := openOldFormat(t, 3)
	if !doc.History().Dirty() {
		t.Fatal("a migrated file is not marked unsaved")
	}

	j := doc.Project().Journeys[0]
	if err := doc.History().Do(&model.SetJourneyReview{Journey: j.ID, Owner: "Service design"}); err != nil {
		t.Fatal(err)
	}
	if _, err := doc.SaveVersion(ctx, model.Version{Name: "First of format 4"}); err != nil {
		t.Fatal(err)
	}
	again := saveAsCurrent(t, doc, path)
	if !reflect.DeepEqual(again.Project(), doc.Project()) || again.ChangedOutside() {
		t.Fatal("the saved format-4 file differs")
	}
	if list, err := again.Versions(ctx); err != nil || len(list) != 1 {
		t.Fatalf("versions: %v %v", list, err)
	}
}

// Saving a version refuses what a file could not hold, in one sentence.
func TestSaveVersionRefuses(t *testing.T) {
	path := writeGood(t, richProject(t), t.TempDir(), "map.cjm")
	doc, err := Open(ctx, path, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	cases := []struct {
		v    model.Version
		want string
	}{
		{model.Version{Name: ""}, "a version needs a name"},
		{model.Version{Name: "a\nb"}, `the name and author of version "a\nb" must be one line each`},
		{model.Version{Name: "x", Note: strings.Repeat("n", capLong+1)}, `the note of version "x" is longer than 4 MB, which a Waymark file cannot hold`},
		{model.Version{Name: "x", Author: "\xff"}, `the author of version "x" is not valid UTF-8 text`},
	}
	for _, tc := range cases {
		if _, err := doc.SaveVersion(ctx, tc.v); err == nil || err.Error() != tc.want {
			t.Errorf("%q: %v", tc.v.Name, err)
		}
	}
	// As many as a file keeps, then no more.
	rawExecArgs(t, doc.wc.file(), "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "+
		"INSERT INTO version SELECT i, 'v' || i, '', '', '2026-03-03T10:00:00Z', '', 0, 0, '', x'00' FROM n", maxVersions)
	if _, err := doc.SaveVersion(ctx, model.Version{Name: "One too many"}); err == nil ||
		err.Error() != "the file holds 1,000 versions, as many as Waymark keeps in one file; a copy without history starts afresh" {
		t.Fatalf("version 1,001: %v", err)
	}
}

// Issue #13: saving and listing agree on what "the same name" is. "Review
// i" and "Review İ" differ by EqualFold (İ folds to itself), so both save;
// they must then list, save and reopen, where listing once refused them
// (by strings.ToLower, İ is i). A repeated name written by hand lists too.
func TestVersionNamesFoldAlike(t *testing.T) {
	path := writeGood(t, richProject(t), t.TempDir(), "map.cjm")
	doc, err := Open(ctx, path, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	saveVersion(t, doc, model.Version{Name: "Review i"})
	saveVersion(t, doc, model.Version{Name: "Review İ"})
	if _, err := doc.SaveVersion(ctx, model.Version{Name: "REVIEW I"}); err == nil ||
		err.Error() != `a version named "Review i" exists already (version 1); choose another name` {
		t.Fatalf("a name equal but for case: %v", err)
	}
	list, err := doc.Versions(ctx)
	if err != nil || len(list) != 2 || list[0].Name != "Review i" || list[1].Name != "Review İ" {
		t.Fatalf("listing: %v %v", list, err)
	}
	if err := doc.Save(ctx); err != nil {
		t.Fatal(err)
	}
	if list, err := ListVersions(ctx, path); err != nil || len(list) != 2 {
		t.Fatalf("listing the saved file: %v %v", list, err)
	}
	if _, err := LoadVersion(ctx, path, 2); err != nil {
		t.Fatal(err)
	}

	// The same name twice, as a hand-edited file may hold it.
	rawExec(t, path, "UPDATE version SET name = 'REVIEW I' WHERE seq = 2")
	list, err = ListVersions(ctx, path)
	if err != nil || len(list) != 2 || list[1].Name != "REVIEW I" {
		t.Fatalf("a repeated name: %v %v", list, err)
	}
}

// lowerFileSize lowers maxFileSize for one test.
func lowerFileSize(t *testing.T, n int64) {
	old := maxFileSize
	maxFileSize = n
	t.Cleanup(func() { maxFileSize = old })
}

// Issue #13: versions cannot grow a file past what Waymark opens. Saving a
// version refuses past the versions' budget, and a save refuses, before
// the rename, a file larger than Waymark opens, leaving the user's file
// as it was.
func TestVersionsStayWithinFileSize(t *testing.T) {
	path := writeGood(t, richProject(t), t.TempDir(), "map.cjm")
	doc, err := Open(ctx, path, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	saveVersion(t, doc, model.Version{Name: "One"})
	var stored int64
	if err := doc.wc.c.QueryRowContext(ctx, "SELECT sum(length(data)) + length('One') FROM version").Scan(&stored); err != nil {
		t.Fatal(err)
	}

	// The budget is exactly what version 1 takes: a second one is refused.
	lowerFileSize(t, 2*stored)
	editCard(t, doc, 0, "Edited for version 2")
	_, err = doc.SaveVersion(ctx, model.Version{Name: "Two"})
	if err == nil || !strings.HasPrefix(err.Error(), "the versions would take ") ||
		!strings.HasSuffix(err.Error(), fmt.Sprintf("more than the %s a file keeps for them; a copy without history starts afresh", byteSize(stored))) {
		t.Fatalf("over the budget: %v", err)
	}
	if list, err := doc.Versions(ctx); err != nil || len(list) != 1 {
		t.Fatalf("after the refusal: %v %v", list, err)
	}

	// A file larger than Waymark opens is never written over the user's.
	// The file on disk holds no version yet: the new one, with version 1,
	// is larger than it, which is made the most Waymark opens.
	before := fileState(t, path)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	maxFileSize = fi.Size()
	err = doc.Save(ctx)
	if err == nil || strings.ContainsAny(err.Error(), "\n") ||
		!strings.Contains(err.Error(), fmt.Sprintf("larger than Waymark opens (%s); a copy without history is smaller", byteSize(fi.Size()))) {
		t.Fatalf("a save past the file size: %v", err)
	}
	if fileState(t, path) != before {
		t.Fatal("the file changed")
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".map.cjm.tmp-*")); len(left) != 0 {
		t.Fatalf("left behind: %v", left)
	}
}

// Issue #13: decoding a version holds no lock an edit needs (edits go on
// meanwhile), and cancelling stops it between steps of its chain.
func TestVersionProjectLeavesEditsFree(t *testing.T) {
	path := versionFile(t, t.TempDir())
	doc, err := Open(ctx, path, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	want, err := LoadVersion(ctx, path, 2)
	if err != nil {
		t.Fatal(err)
	}
	steps := 0
	versionStepHook = func(step int) {
		steps++
		if !doc.mu.TryLock() {
			t.Errorf("step %d of decoding a version holds the document's lock", step)
			return
		}
		doc.mu.Unlock()
		editCard(t, doc, 1, fmt.Sprintf("Edited during step %d", step))
	}
	defer func() { versionStepHook = nil }()
	got, err := doc.VersionProject(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	sameProject(t, "version 2 read while editing", want, got)
	if steps != 2 {
		t.Fatalf("version 2 took %d steps, want 2 (whole, then changes)", steps)
	}
	if tp := doc.Project().Journeys[0].Touchpoints[1]; tp.Title != "Edited during step 1" {
		t.Fatalf("the edits made meanwhile: %q", tp.Title)
	}

	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	versionStepHook = func(step int) {
		if step == 1 {
			cancel()
		}
	}
	if _, err := doc.VersionProject(cctx, 2); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled between steps: %v", err)
	}
}
