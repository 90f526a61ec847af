package app

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"waymark/assets"
)

// run runs the command line in-process and returns its exit code and output.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code, handled := RunCommand(args, &out, &errb)
	if !handled {
		t.Fatalf("%v was not handled as a command", args)
	}
	return code, out.String(), errb.String()
}

func TestMain(m *testing.M) {
	// Working copies of the tests go to a throwaway data directory.
	dir, err := os.MkdirTemp("", "waymark-app-test-")
	if err != nil {
		panic(err)
	}
	os.Setenv("WAYMARK_DATA_DIR", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// TestTemplatesRoundTrip: for every template, .cjm → json → .cjm → json gives
// the same JSON, and the sqlite3 tool reads the tables of the file.
func TestTemplatesRoundTrip(t *testing.T) {
	for _, tmpl := range assets.Templates() {
		t.Run(tmpl.Name, func(t *testing.T) {
			dir := t.TempDir()
			a := filepath.Join(dir, "a.cjm")
			b := filepath.Join(dir, "b.cjm")
			ja := filepath.Join(dir, "a.json")
			if code, _, errs := run(t, "new", "--template", tmpl.Name, a); code != 0 {
				t.Fatalf("new: exit %d: %s", code, errs)
			}
			if code, _, errs := run(t, "export", a, "--format", "json", "-o", ja); code != 0 {
				t.Fatalf("export: exit %d: %s", code, errs)
			}
			if code, _, errs := run(t, "import", ja, "-o", b); code != 0 {
				t.Fatalf("import: exit %d: %s", code, errs)
			}
			code, jb, errs := run(t, "export", b, "--format", "json")
			if code != 0 {
				t.Fatalf("export to stdout: exit %d: %s", code, errs)
			}
			first, _ := os.ReadFile(ja)
			if string(first) != jb {
				t.Fatalf("JSON changed on the round trip through .cjm")
			}
			p, err := assets.NewProject(tmpl.Name)
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("sqlite3", b, "select count(*) from touchpoint; select name from stage order by position limit 1;")
			got, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("sqlite3: %v: %s", err, got)
			}
			lines := strings.Split(strings.TrimSpace(string(got)), "\n")
			if lines[0] != strconv.Itoa(p.TouchpointCount()) {
				t.Errorf("sqlite3 counted %s touchpoints, the template has %d", lines[0], p.TouchpointCount())
			}
			if len(p.Journeys) > 0 && len(p.Journeys[0].Stages) > 0 && (len(lines) < 2 || lines[1] == "") {
				t.Errorf("sqlite3 found no stage name: %q", got)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "sample.cjm")
	if code, _, errs := run(t, "new", "--template", "sample", f); code != 0 {
		t.Fatalf("new: %s", errs)
	}
	code, out, _ := run(t, "check", f)
	if code != 0 {
		t.Fatalf("check of a good file: exit %d", code)
	}
	for _, want := range []string{"journeys:", "stages:", "lanes:", "touchpoints:", "personas:"} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
	bad := filepath.Join(dir, "bad.cjm")
	os.WriteFile(bad, []byte("this is not a database"), 0o644)
	code, _, errs := run(t, "check", bad)
	if code != ExitError {
		t.Errorf("check of a bad file: exit %d, want 1", code)
	}
	if !strings.Contains(errs, "bad.cjm") || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
		t.Errorf("error should be one line naming the file, got %q", errs)
	}
}

func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	cases := [][]string{
		{"new"},
		{"new", "--template", "nope", filepath.Join(dir, "x.cjm")},
		{"export", filepath.Join(dir, "x.cjm"), "--format", "docx"},
		{"import", filepath.Join(dir, "x.json")},
		{"check"},
		{"check", "--bogus", "x"},
		{"templates", "extra"},
		{"--nonsense"},
	}
	for _, args := range cases {
		code, _, errs := run(t, args...)
		if code != ExitUsage {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", args, code, errs)
		}
		if strings.Contains(errs, "goroutine") || strings.Contains(errs, "panic") {
			t.Errorf("%v: stack trace on stderr: %s", args, errs)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x.cjm")); err == nil {
		t.Error("a failed command wrote a file")
	}
}

func TestHelp(t *testing.T) {
	for _, verb := range []string{"new", "templates", "check", "export", "import"} {
		code, out, _ := run(t, verb, "-h")
		if code != 0 || !strings.Contains(out, "usage: waymark "+verb) {
			t.Errorf("%s -h: exit %d, output %q", verb, code, out)
		}
	}
}

func TestImportBadJSONWritesNothing(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.json")
	os.WriteFile(in, []byte("{\n  \"format\": \"waymark-project\",\n  \"version\": 1,\n  oops\n}"), 0o644)
	out := filepath.Join(dir, "out.cjm")
	code, _, errs := run(t, "import", in, "-o", out)
	if code != ExitError {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.Contains(errs, "in.json") || !strings.Contains(errs, "line 4") {
		t.Errorf("error should name the file and line 4: %q", errs)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries after a failed import, want only the input", len(entries))
	}
}

func TestNewRefusesToOverwrite(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "a.cjm")
	os.WriteFile(f, []byte("precious"), 0o644)
	code, _, _ := run(t, "new", f)
	if code != ExitError {
		t.Fatalf("exit %d, want 1", code)
	}
	if b, _ := os.ReadFile(f); string(b) != "precious" {
		t.Fatal("new overwrote an existing file")
	}
}
