package cli

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"waymark/internal/difftext"
	"waymark/internal/journeytest"
	"waymark/model"
	"waymark/storage"
)

// secretTitle is a card title present only in the first two versions: a
// copy without history must not hold it.
const secretTitle = "Falcon pricing leak 7731"

// editFile makes edits to a project file through its working copy and
// History, and saves it, as the app does.
func editFile(t *testing.T, path string, edit func(h *model.History)) {
	t.Helper()
	ctx := context.Background()
	doc, err := storage.Open(ctx, path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	edit(doc.History())
	if err := doc.Save(ctx); err != nil {
		t.Fatal(err)
	}
}

func do(t *testing.T, h *model.History, cmds ...model.Command) {
	t.Helper()
	for _, c := range cmds {
		if err := h.Do(c); err != nil {
			t.Fatalf("%s: %v", c.Label(), err)
		}
	}
}

func projectJSON(t *testing.T, p *model.Project) string {
	t.Helper()
	b, err := model.EncodeJSON(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func checkFile(t *testing.T, path string) *model.Project {
	t.Helper()
	p, err := storage.Check(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// versionedSample makes the sample with three versions: "Workshop" (a card
// titled secretTitle), "Round 2" (the diff tests' edits) and "Round 3"
// (the secret card deleted, a card added). It returns the file and the
// project each version captured.
func versionedSample(t *testing.T, dir string) (string, [3]*model.Project) {
	t.Helper()
	f := sampleFile(t, dir)
	var secretID model.ID
	editFile(t, f, func(h *model.History) {
		tp := h.Project().Journeys[1].Touchpoints[0].Clone()
		tp.Title, secretID = secretTitle, tp.ID
		do(t, h, &model.UpdateTouchpoint{After: tp})
	})
	var ps [3]*model.Project
	code, out, errs := run(t, "version", "save", f, "--name", "Workshop", "--note", "First draft from the workshop", "--author", "Ana Lima")
	if code != 0 || errs != "" {
		t.Fatalf("version save 1: exit %d, %q", code, errs)
	}
	// The first version's summary counts all the map holds.
	if !regexp.MustCompile(`^saved version 1 “Workshop” in .*sample\.cjm: \+\d+ cards, \+\d+ stages, \+\d+ lanes, \+2 journeys, \+\d+ personas\n$`).MatchString(out) {
		t.Errorf("version save 1 said %q", out)
	}
	ps[0] = checkFile(t, f)

	editFile(t, f, func(h *model.History) { journeytest.EditSample(t, h) })
	code, out, errs = run(t, "version", "save", "--name", "Round 2", f)
	if code != 0 || errs != "" {
		t.Fatalf("version save 2: exit %d, %q", code, errs)
	}
	if want := "saved version 2 “Round 2” in " + f + ": 1 card moved, 2 edited, +1 stage, 1 stage renamed, -1 persona\n"; out != want {
		t.Errorf("version save 2 said %q, want %q", out, want)
	}
	ps[1] = checkFile(t, f)

	editFile(t, f, func(h *model.History) {
		j := h.Project().Journeys[0]
		do(t, h, &model.DeleteTouchpoints{IDs: []model.ID{secretID}},
			&model.AddTouchpoint{Journey: j.ID, Touchpoint: &model.Touchpoint{ID: model.NewID(), Title: "Gets a welcome call",
				StageID: j.Stages[len(j.Stages)-1].ID, LaneID: j.Lanes[0].ID, Order: 99}})
	})
	code, out, errs = run(t, "version", "save", f, "--name", "Round 3", "--note", "Secret card gone\n\x1b[2JAsk Ana why")
	if code != 0 || errs != "" {
		t.Fatalf("version save 3: exit %d, %q", code, errs)
	}
	if want := "saved version 3 “Round 3” in " + f + ": +1 card, -1 card\n"; out != want {
		t.Errorf("version save 3 said %q, want %q", out, want)
	}
	ps[2] = checkFile(t, f)
	return f, ps
}

// TestVersionHistoryDiffRestore: three versions saved on the command line
// with edits between them are listed newest first with their summaries,
// compared in all three formats, and one is restored after the map is
// saved as "Before restoring …".
func TestVersionHistoryDiffRestore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	f, ps := versionedSample(t, dir)

	// Each version decodes to the project it captured.
	for i, p := range ps {
		v, err := storage.LoadVersion(ctx, f, i+1)
		if err != nil {
			t.Fatal(err)
		}
		if projectJSON(t, v) != projectJSON(t, p) {
			t.Errorf("version %d is not the project it captured: %v", i+1, model.Diff(p, v))
		}
	}

	code, out, errs := run(t, "history", f)
	if code != 0 || errs != "" {
		t.Fatalf("history: exit %d, %q", code, errs)
	}
	heads := regexp.MustCompile(`(?m)^@(\d)  “([^”]*)”  (.*)$`).FindAllStringSubmatch(out, -1)
	if len(heads) != 3 || heads[0][1] != "3" || heads[1][1] != "2" || heads[2][1] != "1" {
		t.Fatalf("history is not newest first:\n%s", out)
	}
	if !strings.HasPrefix(heads[2][3], "Ana Lima, ") || heads[0][2] != "Round 3" {
		t.Errorf("history heads: %q", heads)
	}
	for _, want := range []string{"    First draft from the workshop\n    +", "    Secret card gone\n    \\x1b[2JAsk Ana why\n    +1 card, -1 card\n",
		"“Round 2”", "1 stage renamed"} {
		if !strings.Contains(out, want) {
			t.Errorf("history lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = run(t, "history", "--format", "json", f)
	var h historyJSON
	if err := json.Unmarshal([]byte(out), &h); code != 0 || err != nil || len(h.Versions) != 3 {
		t.Fatalf("history json: exit %d, %v\n%s", code, err, out)
	}
	if v := h.Versions[2]; v.Number != 1 || v.Author != "Ana Lima" || !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`).MatchString(v.Created) ||
		h.Versions[0].Summary != "+1 card, -1 card" {
		t.Errorf("history json: %+v", h.Versions)
	}

	// diff @1 @3 in the three formats.
	changes := model.Diff(ps[0], ps[2])
	var want bytes.Buffer
	difftext.Write(&want, changes)
	if code, out, errs := run(t, "diff", f+"@Workshop", f+"@3"); code != 1 || errs != "" || out != want.String() {
		t.Errorf("diff @Workshop @3: exit %d, %q\n%s\nwant:\n%s", code, errs, out, want.String())
	}
	// The other side's file is implied by @NAME alone; @@N is by number.
	if code, out, _ := run(t, "diff", f+"@@1", "@Round 3"); code != 1 || out != want.String() {
		t.Errorf("diff @@1 '@Round 3': exit %d\n%s", code, out)
	}
	code, md, errs := run(t, "diff", "--format", "markdown", f+"@1", f+"@3")
	if code != 1 || errs != "" {
		t.Fatalf("diff markdown: exit %d, %q", code, errs)
	}
	lines := strings.Split(strings.TrimSuffix(md, "\n"), "\n")
	if lines[0] != "# Changes from `"+f+"@1` to `"+f+"@3`" || !strings.HasPrefix(lines[2], "**Summary:** ") {
		t.Errorf("markdown head:\n%s", md)
	}
	sections := 0
	for _, l := range lines[3:] {
		switch {
		case l == "":
		case strings.HasPrefix(l, "## "):
			sections++
		case strings.HasPrefix(l, "- **Added** "), strings.HasPrefix(l, "- **Removed** "), strings.HasPrefix(l, "- **Changed** "), strings.HasPrefix(l, "  - "):
		default:
			t.Errorf("markdown line %q is neither a heading nor a bullet", l)
		}
	}
	if sections < 3 || !strings.Contains(md, "## Journey `Getting help with a blocked card`") ||
		!strings.Contains(md, "- **Removed** touchpoint `"+secretTitle+"` in ") {
		t.Errorf("markdown sections:\n%s", md)
	}
	code, js, _ := run(t, "diff", "--format", "json", f+"@1", f+"@3")
	var d struct {
		Format  string
		Summary string
		Count   struct{ Added, Removed, Changed int }
		Changes []struct{ Op, Kind, Name string }
	}
	if err := json.Unmarshal([]byte(js), &d); code != 1 || err != nil {
		t.Fatalf("diff json: exit %d, %v\n%s", code, err, js)
	}
	if d.Format != "waymark-diff" || len(d.Changes) != len(changes) || d.Summary != difftext.Summary(changes) ||
		d.Count.Added+d.Count.Removed+d.Count.Changed != len(changes) {
		t.Errorf("diff json: %+v", d)
	}
	// The latest version is the map as saved: no differences, exit 0.
	if code, out, _ := run(t, "diff", "--format", "json", f+"@3", f); code != 0 || !strings.Contains(out, `"same": true`) {
		t.Errorf("diff @3 FILE: exit %d\n%s", code, out)
	}

	// Restore: the map as it was becomes version 4, the map equals version 1.
	code, out, errs = run(t, "version", "restore", f, "Workshop")
	if code != 0 || errs != "" {
		t.Fatalf("restore: exit %d, %q", code, errs)
	}
	if !strings.HasPrefix(out, "restored version 1 “Workshop” in "+f+": ") ||
		!strings.Contains(out, "the map as it was is version 4 “Before restoring “Workshop””; waymark version restore "+f+" @4 brings it back") {
		t.Errorf("restore said %q", out)
	}
	if got := checkFile(t, f); projectJSON(t, got) != projectJSON(t, ps[0]) {
		t.Errorf("restored map differs from version 1: %v", model.Diff(ps[0], got))
	}
	if v4, err := storage.LoadVersion(ctx, f, 4); err != nil || projectJSON(t, v4) != projectJSON(t, ps[2]) {
		t.Errorf("version 4 is not the map before restoring: %v", err)
	}
	_, out, _ = run(t, "history", f)
	if !strings.Contains(out, "@4  “Before restoring “Workshop””") || strings.Index(out, "@4") > strings.Index(out, "@3") {
		t.Errorf("history after restore:\n%s", out)
	}
	// Restored again, the map as it was gets a name of its own.
	if code, _, errs := run(t, "version", "restore", f, "@3"); code != 0 || errs != "" {
		t.Fatalf("restore @3: exit %d, %q", code, errs)
	}
	code, out, errs = run(t, "version", "restore", f, "workshop")
	if code != 0 || errs != "" || !strings.Contains(out, "is version 6 “Before restoring “Workshop” (2)”") {
		t.Errorf("second restore of Workshop: exit %d, %q %q", code, out, errs)
	}
	// Restoring a version the map already equals writes nothing.
	before := fileBytes(t, f)
	if code, out, _ := run(t, "version", "restore", f, "@1"); code != 0 || !strings.Contains(out, "nothing written") || !bytes.Equal(before, fileBytes(t, f)) {
		t.Errorf("restore of an equal version: exit %d, %q", code, out)
	}
}

// TestExportWithoutHistory: the copy holds the current map only; a title
// present only in older versions is absent from its bytes, and it opens.
func TestExportWithoutHistory(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	f, ps := versionedSample(t, dir)
	out := filepath.Join(dir, "outside.cjm")
	code, said, errs := run(t, "export", f, "--format", "cjm", "--without-history", "-o", out)
	if code != 0 || errs != "" || said != "wrote "+out+": the current map of "+f+" without its 3 saved versions\n" {
		t.Fatalf("export cjm: exit %d, %q %q", code, said, errs)
	}
	if bytes.Contains(fileBytes(t, out), []byte(secretTitle)) {
		t.Errorf("the copy holds %q, a title only older versions have", secretTitle)
	}
	if got := checkFile(t, out); projectJSON(t, got) != projectJSON(t, ps[2]) {
		t.Errorf("the copy is not the current map: %v", model.Diff(ps[2], got))
	}
	if list, err := storage.ListVersions(ctx, out); err != nil || len(list) != 0 {
		t.Errorf("the copy has versions %v (%v)", list, err)
	}
	// The file itself still has them.
	if list, err := storage.ListVersions(ctx, f); err != nil || len(list) != 3 {
		t.Errorf("the original lost its versions: %v %v", list, err)
	}
	// The -o's extension says cjm; without the flag, nothing is written.
	other := filepath.Join(dir, "other.cjm")
	for _, args := range [][]string{
		{"export", f, "-o", other},
		{"export", f, "--format", "cjm", "--without-history", "--paper", "A3", "-o", other},
		{"export", f, "--format", "cjm", "--without-history", "-o", "-"},
		{"export", f, "--format", "json", "--without-history", "-o", other},
	} {
		code, _, errs := run(t, args...)
		if code != 2 || !strings.Contains(errs, "waymark export: ") {
			t.Errorf("%v: exit %d, %q", args, code, errs)
		}
		if _, err := os.Lstat(other); err == nil {
			t.Fatalf("%v wrote %s", args, other)
		}
	}
}

func fileBytes(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestVersionBadInput: an unknown version, a number out of range, a bad
// format or a missing name: one sentence, the verb's exit status, and the
// file as it was.
func TestVersionBadInput(t *testing.T) {
	dir := t.TempDir()
	f, _ := versionedSample(t, dir)
	before := fileBytes(t, f)
	versions := "its versions are @1 “Workshop”, @2 “Round 2” and @3 “Round 3”"
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"version", "restore", f, "Round 9"}, 1, "waymark version restore: " + f + " has no version “Round 9”; " + versions},
		{[]string{"version", "restore", f, "@9"}, 1, "waymark version restore: " + f + " has no version @9; " + versions},
		{[]string{"diff", f + "@9", f}, 2, "waymark diff: " + f + " has no version “9”; " + versions},
		{[]string{"diff", f + "@@0", f}, 2, "waymark diff: " + f + " has no version @0; " + versions},
		{[]string{"diff", f + "@", f}, 2, "waymark diff: " + f + "@: name a version after the @"},
		{[]string{"diff", "@1", "@2"}, 2, "waymark diff: @1 and @2 both name only a version"},
		{[]string{"diff", "--format", "yaml", f + "@1", f}, 2, "waymark diff: --format \"yaml\" is not supported; use text, markdown or json"},
		{[]string{"history", "--format", "yaml", f}, 2, "waymark history: --format \"yaml\" is not supported; use text or json"},
		{[]string{"version", "save", f}, 2, "waymark version save: --name NAME is required"},
		{[]string{"version", "save", f, "--name", "  "}, 2, "waymark version save: --name NAME is required"},
		{[]string{"version", "restore", f}, 2, "waymark version restore: expected FILE.cjm and the version to restore"},
		{[]string{"version", "rewind", f}, 2, "waymark version: unknown subcommand \"rewind\"; use save or restore"},
		{[]string{"version", "save", filepath.Join(dir, "missing.cjm"), "--name", "x"}, 1, "waymark version save: "},
		{[]string{"version", "save", f, "--name", "round 2"}, 1, "waymark version save: " + f + ": a version named \"Round 2\" exists already (version 2); choose another name"},
		{[]string{"export", f, "--format", "pdf", "--since", "@1", "-o", filepath.Join(dir, "x.pdf")}, 2,
			"waymark export: --since says where the changes page counts from; add changes to --pages"},
	} {
		code, out, errs := run(t, tc.args...)
		first, _, _ := strings.Cut(errs, "\n")
		if code != tc.code || out != "" || !strings.HasPrefix(first, tc.want) {
			t.Errorf("%q: exit %d (want %d), out %q, stderr %q, want %q", tc.args, code, tc.code, out, errs, tc.want)
		}
		// One sentence; a usage error adds the usage line.
		if n := strings.Count(errs, "\n"); n != 1 && !(n == 2 && strings.Contains(errs, "\nusage: ")) {
			t.Errorf("%q: %d lines on stderr: %q", tc.args, n, errs)
		}
	}
	if !bytes.Equal(before, fileBytes(t, f)) {
		t.Error("a refused command changed the file")
	}
	if code, out, _ := run(t, "history", sampleFile(t, t.TempDir())); code != 0 || !strings.Contains(out, "has no saved versions; waymark version save ") {
		t.Errorf("history of a file without versions: exit %d, %q", code, out)
	}
}

// TestDiffPathWithAt: a file whose name holds an @ is that file, and
// FILE@VERSION still splits after it.
func TestDiffPathWithAt(t *testing.T) {
	dir := t.TempDir()
	f, _ := versionedSample(t, dir)
	at := filepath.Join(dir, "team@map.cjm")
	if err := os.WriteFile(at, fileBytes(t, f), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := run(t, "diff", at+"@Round 3", at); code != 0 || errs != "" || !strings.HasPrefix(out, "no differences") {
		t.Errorf("diff %s@Round 3 %s: exit %d, %q %q", at, at, code, out, errs)
	}
	if code, _, errs := run(t, "diff", at+"@1", at); code != 1 || errs != "" {
		t.Errorf("diff %s@1: exit %d, %q", at, code, errs)
	}
}

// TestVersionInterrupted: a version command cancelled (Ctrl+C) says so in
// one line, exits 1 and leaves the file as it was.
func TestVersionInterrupted(t *testing.T) {
	dir := t.TempDir()
	f, _ := versionedSample(t, dir)
	before := fileBytes(t, f)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, args := range [][]string{{"version", "save", f, "--name", "Late"}, {"version", "restore", f, "@1"}} {
		var out, errb bytes.Buffer
		code := execute(ctx, args, &out, &errb)
		if code != ExitError || errb.String() != "waymark version: interrupted; nothing was written\n" {
			t.Errorf("%q cancelled: exit %d, %q %q", args, code, out.String(), errb.String())
		}
	}
	if !bytes.Equal(before, fileBytes(t, f)) {
		t.Error("an interrupted version command changed the file")
	}
}

// A file holding as many versions as it may: restore refuses, the file
// untouched, unless --without-version says to go ahead without keeping the
// map as it is.
func TestRestoreWhenVersionsAreFull(t *testing.T) {
	f, _ := versionedSample(t, t.TempDir())
	db, err := sql.Open("sqlite3", "file:"+f)
	if err != nil {
		t.Fatal(err)
	}
	fill := func() error {
		tx, err := db.Begin()
		if err != nil {
			return err
		}
		defer tx.Rollback()
		if _, err := tx.Exec("CREATE TEMP TABLE filler AS SELECT * FROM version WHERE seq = 1"); err != nil {
			return err
		}
		for k := 4; k <= 1000; k++ {
			if _, err := tx.Exec("UPDATE filler SET seq = ?, name = ?", k, fmt.Sprintf("Filler %d", k)); err != nil {
				return err
			}
			if _, err := tx.Exec("INSERT INTO version SELECT * FROM filler"); err != nil {
				return err
			}
		}
		return tx.Commit()
	}
	if err := fill(); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	code, _, errs := run(t, "version", "restore", f, "@1")
	if code == 0 || !strings.Contains(errs, "1,000 versions") || !strings.Contains(errs, "nothing was restored: pass --without-version") {
		t.Fatalf("exit %d: %q", code, errs)
	}
	if after, _ := os.ReadFile(f); !bytes.Equal(before, after) {
		t.Fatal("a refused restore changed the file")
	}
	code, out, errs := run(t, "version", "restore", f, "@1", "--without-version")
	if code != 0 || !strings.Contains(errs, "restoring without it") || !strings.Contains(out, "restored version 1") || strings.Contains(out, "brings it back") {
		t.Fatalf("exit %d: %q\n%s", code, errs, out)
	}
	one, err := storage.LoadVersion(context.Background(), f, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := checkFile(t, f); projectJSON(t, got) != projectJSON(t, one) {
		t.Errorf("the map is not version 1: %v", model.Diff(one, got))
	}
}
