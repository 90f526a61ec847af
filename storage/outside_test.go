package storage

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
)

// A .cjm is a plain SQLite database people script: an edit made with other
// tools that leaves a valid project opens, with a notice, and every check
// still runs.
func TestOutsideEditOpensWithNotice(t *testing.T) {
	dir := t.TempDir()
	path := writeGood(t, richProject(t), dir, "m.cjm")
	// Rename a channel across every card, and reorder a stage, as a script
	// would.
	rawExec(t, path, "UPDATE touchpoint SET channel = 'website' WHERE channel = 'web'",
		"UPDATE stage SET position = 99 WHERE rowid = 1")
	before := fileState(t, path)

	c, err := CheckFile(ctx, path)
	if err != nil {
		t.Fatalf("an outside edit that leaves a valid project was refused: %v", err)
	}
	if !slices.Equal(c.Notices, []string{ChangedOutsideNotice}) {
		t.Fatalf("notices %q, want %q", c.Notices, ChangedOutsideNotice)
	}
	renamed := 0
	for _, tp := range c.Project.Journeys[0].Touchpoints {
		if tp.Channel == "web" {
			t.Fatal("a card still has the old channel")
		}
		if tp.Channel == "website" {
			renamed++
		}
	}
	if renamed == 0 {
		t.Fatal("no card has the new channel")
	}

	doc, err := Open(ctx, path, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	if !doc.ChangedOutside() {
		t.Fatal("the document does not say it was changed outside Waymark")
	}
	if doc.History().Dirty() {
		t.Fatal("opening an outside edit marked the document unsaved")
	}
	if now := fileState(t, path); now != before {
		t.Fatal("opening changed the file")
	}
	if err := doc.Save(ctx); err != nil {
		t.Fatal(err)
	}
	if doc.ChangedOutside() {
		t.Fatal("still changed outside Waymark after a save")
	}
	if c, err := CheckFile(ctx, path); err != nil || len(c.Notices) != 0 {
		t.Fatalf("after a save: %v, notices %q", err, c.Notices)
	}
}

// A file as Waymark saved it has no notice.
func TestSavedFileHasNoNotice(t *testing.T) {
	path := writeGood(t, richProject(t), t.TempDir(), "m.cjm")
	c, err := CheckFile(ctx, path)
	if err != nil || len(c.Notices) != 0 {
		t.Fatalf("%v, notices %q", err, c.Notices)
	}
	doc, err := Open(ctx, path, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	if doc.ChangedOutside() {
		t.Fatal("a file as saved is said to be changed outside Waymark")
	}
}

// The sqlite3 shell itself, as the README tells people to use it.
func TestSQLiteShellEditOpens(t *testing.T) {
	shell, err := exec.LookPath("sqlite3")
	if err != nil {
		t.Skip("the sqlite3 shell is not installed (make deps installs it)")
	}
	path := writeGood(t, richProject(t), t.TempDir(), "m.cjm")
	out, err := exec.Command(shell, path, "UPDATE touchpoint SET owner = 'Customer care' WHERE owner = 'Team Pay';").CombinedOutput()
	if err != nil {
		t.Fatalf("sqlite3: %v: %s", err, out)
	}
	c, err := CheckFile(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Notices) != 1 {
		t.Fatalf("notices %q", c.Notices)
	}
	// An edit that breaks the project is still refused, by name.
	out, err = exec.Command(shell, path, "UPDATE touchpoint SET stage_id = 'nowhere' WHERE rowid = 3;").CombinedOutput()
	if err != nil {
		t.Fatalf("sqlite3: %v: %s", err, out)
	}
	_, err = CheckFile(ctx, path)
	if err == nil {
		t.Fatal("a card in a stage that does not exist was accepted")
	}
	want := filepath.Base(path) + ": touchpoint "
	if got := err.Error(); len(got) < len(want) || got[:len(want)] != want {
		t.Fatalf("error %q does not name the card", got)
	}
	if _, err := os.Stat(path + "-journal"); err == nil {
		t.Fatal("a journal was left beside the file")
	}
}
