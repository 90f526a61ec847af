package storage

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	p := richProject(t)
	want := encodeJSON(t, p)
	opt := testOptions(t)

	doc, err := NewDocument(p, opt)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Path() != "" || !doc.History().Dirty() {
		t.Fatalf("a new document should be untitled and unsaved: path %q dirty %v", doc.Path(), doc.History().Dirty())
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "rich.cjm")
	if err := doc.SaveAs(ctx, path); err != nil {
		t.Fatal(err)
	}
	if doc.Path() != path || doc.History().Dirty() {
		t.Fatalf("after Save As: path %q dirty %v", doc.Path(), doc.History().Dirty())
	}
	if err := doc.Close(); err != nil {
		t.Fatal(err)
	}
	if left := workingFiles(t, opt); len(left) != 0 {
		t.Fatalf("Close left working files: %v", left)
	}

	var reported [][2]int64
	opt.Progress = func(done, total int64) { reported = append(reported, [2]int64{done, total}) }
	doc2, err := Open(ctx, path, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer doc2.Close()
	if got := encodeJSON(t, doc2.Project()); got != want {
		t.Fatalf("round trip changed the project:\n%s", firstDiff(want, got))
	}
	if doc2.History().Dirty() {
		t.Fatal("a freshly opened file should not be dirty")
	}
	if len(reported) == 0 || reported[len(reported)-1][0] != reported[len(reported)-1][1] {
		t.Fatalf("progress should end at total: %v", reported)
	}
	for i := 1; i < len(reported); i++ {
		if reported[i][0] < reported[i-1][0] {
			t.Fatalf("progress ran backwards: %v", reported)
		}
	}

	checked, err := Check(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if got := encodeJSON(t, checked); got != want {
		t.Fatal("Check loaded a different project")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("files beside the project: %v", listing(t, dir))
	}
}

// The file is plain SQLite that the sqlite3 shell reads.
func TestSQLiteShellReadsFile(t *testing.T) {
	shell, err := exec.LookPath("sqlite3")
	if err != nil {
		t.Skip("sqlite3 shell not installed")
	}
	p := richProject(t)
	path := writeGood(t, p, t.TempDir(), "shell.cjm")
	out, err := exec.Command(shell, path, "select title from touchpoint").CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for _, j := range p.Journeys {
		for _, tp := range j.Touchpoints {
			if !strings.Contains(string(out), tp.Title+"\n") {
				t.Fatalf("sqlite3 output lacks %q:\n%s", tp.Title, out)
			}
		}
	}
	out, err = exec.Command(shell, path, "pragma application_id; pragma user_version; pragma journal_mode;"+
		"select count(*) from emotion; select group_concat(name, ',') from (select name from persona order by position)").CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	emotions := 0
	for _, j := range p.Journeys {
		for _, tp := range j.Touchpoints {
			emotions += len(tp.Emotions)
		}
	}
	want := strings.Join([]string{strconv.Itoa(ApplicationID), strconv.Itoa(FormatVersion), "delete", strconv.Itoa(emotions), "Ana the planner,Ben,Chloé 🧭"}, "\n") + "\n"
	if string(out) != want {
		t.Fatalf("sqlite3 says\n%s\nwant\n%s", out, want)
	}
}

func TestWriteNewRefusesExistingFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "taken.cjm")
	if err := os.WriteFile(path, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := WriteNew(ctx, richProject(t), path)
	if err == nil || err.Error() != "taken.cjm: already exists" {
		t.Fatalf("got %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "mine" {
		t.Fatal("WriteNew touched an existing file")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("left files behind: %s", listing(t, dir))
	}
}

func TestWriteNewRefusesInvalidProject(t *testing.T) {
	p := richProject(t)
	p.Journeys[0].Touchpoints[0].StageID = "nowhere"
	dir := t.TempDir()
	err := WriteNew(ctx, p, filepath.Join(dir, "bad.cjm"))
	if err == nil || !strings.HasPrefix(err.Error(), "bad.cjm: could not be written: the project is not valid: touchpoint ") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("got %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("left files behind: %s", listing(t, dir))
	}
}

func TestFileWithAwkwardName(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a?b#c%20d&e=f")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := richProject(t)
	path := writeGood(t, p, dir, "my map?#%.cjm")
	opt := testOptions(t)
	doc, err := Open(ctx, path, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	if encodeJSON(t, doc.Project()) != encodeJSON(t, p) {
		t.Fatal("project differs")
	}
	if err := doc.Save(ctx); err != nil {
		t.Fatal(err)
	}
}

func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(la) && i < len(lb); i++ {
		if la[i] != lb[i] {
			return "line " + strconv.Itoa(i+1) + ":\n want " + la[i] + "\n got  " + lb[i]
		}
	}
	return "lengths differ"
}
