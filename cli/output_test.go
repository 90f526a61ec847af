package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"waymark/assets"
)

// TestNoFyne: the command line builds without Fyne, so it runs where no
// display (and no graphics library) is.
func TestNoFyne(t *testing.T) {
	// The go command that runs this test, when there is one on the path.
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to list the dependencies with")
	}
	out, err := exec.Command(goTool, "list", "-deps", "-tags=migrated_fynedo", "waymark/cli").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, "waymark/storage") {
		t.Fatalf("go list listed %d packages, not waymark/storage among them", len(deps))
	}
	for _, d := range deps {
		if strings.HasPrefix(d, "fyne.io/") || d == "waymark/app" || strings.HasPrefix(d, "waymark/canvas/board") {
			t.Errorf("waymark/cli depends on %s", d)
		}
	}
}

// TestOpensApp: nothing, or one file, opens the app; a verb, help, a flag
// or several words are the command line.
func TestOpensApp(t *testing.T) {
	for _, c := range []struct {
		args []string
		app  bool
	}{
		{nil, true}, {[]string{"map.cjm"}, true}, {[]string{"check"}, false}, {[]string{"check", "map.cjm"}, false},
		{[]string{"-h"}, false}, {[]string{"help"}, false}, {[]string{"--nonsense"}, false}, {[]string{"a.cjm", "b.cjm"}, false},
	} {
		if got := OpensApp(c.args); got != c.app {
			t.Errorf("OpensApp(%q) = %v", c.args, got)
		}
	}
}

// TestOutputIsTheInput: an -o naming the project being exported, however
// spelled (another path, a hard link), is refused in one sentence and the
// project stays as it was; so is an import over its input.
func TestOutputIsTheInput(t *testing.T) {
	dir := t.TempDir()
	in := sampleFile(t, dir)
	before, _ := os.ReadFile(in)
	link := filepath.Join(dir, "link.cjm")
	if err := os.Link(in, link); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"export", in, "--format", "pdf", "-o", in},
		{"export", in, "--format", "json", "-o", in},
		{"export", in, "--format", "csv", "-o", in},
		{"export", in, "--format", "svg", "-o", filepath.Join(dir, ".", "sample.cjm")},
		{"export", in, "--format", "png", "-o", link},
	} {
		code, stdout, errs := run(t, args...)
		out := args[len(args)-1]
		if code != ExitError || stdout != "" || !strings.HasPrefix(errs, "waymark export: "+out+" is the input file") ||
			!strings.HasSuffix(errs, "; name another file to write\n") || strings.Count(errs, "\n") != 1 {
			t.Errorf("%q: exit %d, stderr %q", args, code, errs)
		}
	}
	if after, _ := os.ReadFile(in); !slices.Equal(before, after) {
		t.Error("the project was overwritten")
	}
	js := filepath.Join(dir, "a.json")
	run(t, "export", in, "--format", "json", "-o", js)
	if code, _, errs := run(t, "import", js, "-o", js); code != ExitError || errs != "waymark import: "+js+" is the input file; name another file to write\n" {
		t.Errorf("import -o its input: exit %d, stderr %q", code, errs)
	}
	if got := dirEntries(t, dir); !slices.Equal(got, []string{"a.json", "link.cjm", "sample.cjm"}) {
		t.Errorf("left %q", got)
	}
}

// TestOutputNotAFile: -o naming a folder, a named pipe or a symbolic link
// is refused in one sentence and left as it was; - is standard output. (A
// device takes the same way; it is not tried, since a regression would
// replace a real one.)
func TestOutputNotAFile(t *testing.T) {
	dir := t.TempDir()
	in := sampleFile(t, dir)
	folder := filepath.Join(dir, "posters")
	os.Mkdir(folder, 0o755)
	kept := filepath.Join(dir, "kept.txt")
	os.WriteFile(kept, []byte("kept"), 0o644)
	symlink := filepath.Join(dir, "link.pdf")
	os.Symlink(kept, symlink)
	fifo := filepath.Join(dir, "pipe.csv")
	mkfifo(t, fifo)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"export", in, "--format", "pdf", "-o", folder}, folder + " is a folder; name a file to write"},
		{[]string{"export", in, "--format", "json", "-o", folder}, folder + " is a folder; name a file to write"},
		{[]string{"export", in, "--format", "pdf", "-o", symlink}, symlink + " is a symbolic link, not a regular file; name a file to write"},
		{[]string{"export", in, "--format", "csv", "-o", fifo}, fifo + " is a named pipe, not a regular file; name a file to write"},
		{[]string{"import", filepath.Join(dir, "x.json"), "-o", folder}, folder + " is a folder; name a file to write"},
	} {
		code, stdout, errs := run(t, c.args...)
		if code != ExitError || stdout != "" || errs != "waymark "+c.args[0]+": "+c.want+"\n" {
			t.Errorf("%q: exit %d, stderr %q, want %q", c.args, code, errs, c.want)
		}
	}
	if got := dirEntries(t, folder); len(got) != 0 {
		t.Errorf("the folder holds %q", got)
	}
	if fi, err := os.Lstat(symlink); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced")
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Error("the named pipe was replaced")
	}
	if b, _ := os.ReadFile(kept); string(b) != "kept" {
		t.Errorf("the link's target became %q", b)
	}
	if code, svg, errs := run(t, "export", in, "--format", "svg", "-o", "-"); code != 0 || !strings.HasPrefix(svg, "<?xml") {
		t.Errorf("-o -: exit %d, stderr %q", code, errs)
	}
}

// TestExportRemovesStaleTemps: an export removes the temporary files that
// killed exports to the same file left an hour or more ago, and keeps a
// newer one (an export running now) and those of other files.
func TestExportRemovesStaleTemps(t *testing.T) {
	dir := t.TempDir()
	in := sampleFile(t, dir)
	old := time.Now().Add(-2 * time.Hour)
	for _, name := range []string{".map [1].csv.tmp-11", ".map [1].csv.tmp-12", ".map 1.csv.tmp-13", ".other.csv.tmp-14"} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte("killed"), 0o600)
		if name != ".map [1].csv.tmp-12" {
			os.Chtimes(p, old, old)
		}
	}
	if code, _, errs := run(t, "export", in, "-o", filepath.Join(dir, "map [1].csv")); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	want := []string{".map 1.csv.tmp-13", ".map [1].csv.tmp-12", ".other.csv.tmp-14", "map [1].csv", "sample.cjm"}
	if got := dirEntries(t, dir); !slices.Equal(got, want) {
		t.Errorf("left %q, want %q", got, want)
	}
}

// TestImportNotAFile: importing a named pipe answers at once (opening it
// plainly waits for a writer, deaf to Ctrl+C), as do a folder and a device.
func TestImportNotAFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "sheet.csv")
	mkfifo(t, fifo)
	out := filepath.Join(dir, "out.cjm")
	for _, c := range []struct{ in, want string }{
		{fifo, "is a named pipe, not a regular file; name a file to read"},
		{os.DevNull, "is a device, not a regular file; name a file to read"},
		{dir, "is a folder; name a file to read"},
	} {
		for _, format := range []string{"csv", "json"} {
			code, stdout, errs := run(t, "import", "--format", format, c.in, "-o", out)
			if code != ExitError || stdout != "" || errs != "waymark import: "+c.in+": "+c.want+"\n" {
				t.Errorf("import %s as %s: exit %d, stderr %q", c.in, format, code, errs)
			}
		}
	}
	if got := dirEntries(t, dir); !slices.Equal(got, []string{"sheet.csv"}) {
		t.Errorf("left %q", got)
	}
}

// TestImportedProblemNamesInput: a problem of the imported content is the
// input's, not the project file's that was to be written.
func TestImportedProblemNamesInput(t *testing.T) {
	dir := t.TempDir()
	p := assets.Sample()
	p.Journeys[1].ID = p.Journeys[0].ID
	p.Name = ""
	out := filepath.Join(dir, "out.cjm")
	err := writeImported(context.Background(), p, "sheet.csv", out)
	if err == nil || !strings.HasPrefix(err.Error(), "sheet.csv: ") || !strings.HasSuffix(err.Error(), "(and 1 more problem)") ||
		strings.Contains(err.Error(), "out.cjm") || strings.Contains(err.Error(), "\n") {
		t.Errorf("error %v", err)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Error("an invalid import was written")
	}
}

// TestInterrupted: a verb whose context a signal cancelled says so in one
// line, with no "context canceled", and writes nothing.
func TestInterrupted(t *testing.T) {
	dir := t.TempDir()
	in := sampleFile(t, dir)
	js := filepath.Join(dir, "a.json")
	run(t, "export", in, "--format", "json", "-o", js)
	before := dirEntries(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"export", in, "--format", "pdf", "-o", filepath.Join(dir, "a.pdf")}, ExitError, "waymark export: interrupted; nothing was written\n"},
		{[]string{"export", in, "--format", "csv", "-o", filepath.Join(dir, "a.csv")}, ExitError, "waymark export: interrupted; nothing was written\n"},
		{[]string{"import", js, "-o", filepath.Join(dir, "b.cjm")}, ExitError, "waymark import: interrupted; nothing was written\n"},
		{[]string{"new", filepath.Join(dir, "c.cjm")}, ExitError, "waymark new: interrupted; nothing was written\n"},
		{[]string{"check", in}, ExitError, "waymark check: interrupted\n"},
		{[]string{"diff", in, in}, ExitUsage, "waymark diff: interrupted\n"},
	} {
		var stdout, stderr strings.Builder
		code := execute(ctx, c.args, &stdout, &stderr)
		if code != c.code || stderr.String() != c.want || stdout.Len() != 0 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit %d, %q", c.args, code, stdout.String(), stderr.String(), c.code, c.want)
		}
	}
	if after := dirEntries(t, dir); !slices.Equal(after, before) {
		t.Errorf("interrupted verbs left %q", after)
	}
}

// failingWriter fails every write, as a full disk does.
type failingWriter struct{ writes int }

func (w *failingWriter) Write([]byte) (int, error) {
	w.writes++
	return 0, &os.PathError{Op: "write", Path: "/dev/stdout", Err: syscall.ENOSPC}
}

// TestStdoutFails: output that cannot be written is a failure of every
// verb, in one line, and the verb stops writing after the first failure.
func TestStdoutFails(t *testing.T) {
	dir := t.TempDir()
	in := sampleFile(t, dir)
	other := filepath.Join(dir, "other.cjm")
	run(t, "new", other)
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"check", in}, ExitError},
		{[]string{"templates"}, ExitError},
		{[]string{"export", in, "--format", "json"}, ExitError},
		{[]string{"export", in, "--format", "mermaid"}, ExitError},
		{[]string{"export", in, "--format", "svg", "-o", "-"}, ExitError},
		{[]string{"export", in, "--format", "csv", "-o", filepath.Join(dir, "a.csv")}, ExitError},
		{[]string{"new", filepath.Join(dir, "new.cjm")}, ExitError},
		{[]string{"diff", in, other}, ExitUsage},
		{[]string{"check", "-h"}, ExitError},
		{[]string{"help"}, ExitError},
	} {
		w := &failingWriter{}
		var stderr strings.Builder
		code := execute(context.Background(), c.args, w, &stderr)
		name := "waymark " + c.args[0]
		if c.args[0] == "help" {
			name = "waymark"
		}
		want := name + ": cannot write to standard output: no space left on device\n"
		if code != c.code || !strings.HasSuffix(stderr.String(), want) || w.writes != 1 {
			t.Errorf("%q: exit %d, %d writes, stderr %q; want exit %d, %q", c.args, code, w.writes, stderr.String(), c.code, want)
		}
	}
}

// TestStderrEscapesControls: a file name holding terminal commands (set the
// title, clear the screen) reaches standard error as escapes.
func TestStderrEscapesControls(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "notes\x1b]0;owned\x07\x1b[2J\u009b\xff.csv")
	code, _, errs := run(t, "import", in, "-o", filepath.Join(dir, "out.cjm"))
	want := "waymark import: " + dir + `/notes\x1b]0;owned\a\x1b[2J\u009b\xff.csv: no such file or directory` + "\n"
	if code != ExitError || errs != want {
		t.Errorf("exit %d, stderr %q, want %q", code, errs, want)
	}
}

// --- waymark as a process: signals and a real standard output -------------------

// helperEnv makes the test binary run the command line on the arguments
// after "--", as waymark does, instead of the tests. "signal" first waits
// for one: it says "listening" on file descriptor 3 once signals are caught.
const helperEnv = "WAYMARK_CLI_TEST_HELPER"

func helperMain() int {
	args := os.Args[1:]
	if i := slices.Index(args, "--"); i >= 0 {
		args = args[i+1:]
	}
	if os.Getenv(helperEnv) == "signal" {
		ready := os.NewFile(3, "ready")
		started = func(ctx context.Context) {
			fmt.Fprintln(ready, "listening")
			ready.Close()
			<-ctx.Done()
		}
	}
	return Run(args, os.Stdout, os.Stderr)
}

func helper(t *testing.T, mode string, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, append([]string{"--"}, args...)...)
	cmd.Env = append(os.Environ(), helperEnv+"="+mode)
	return cmd
}

// TestSignals: SIGTERM and SIGINT during an export end it with one line
// and exit status 1, and nothing is written.
func TestSignals(t *testing.T) {
	dir := t.TempDir()
	in := sampleFile(t, dir)
	for _, sig := range []os.Signal{syscall.SIGTERM, os.Interrupt} {
		out := filepath.Join(dir, "poster.pdf")
		cmd := helper(t, "signal", "export", in, "--format", "pdf", "-o", out)
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.ExtraFiles = []*os.File{w}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		w.Close()
		line, err := bufio.NewReader(r).ReadString('\n')
		r.Close()
		if line != "listening\n" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("the helper did not start: %q %v; stderr %q", line, err, stderr.String())
		}
		cmd.Process.Signal(sig)
		err = cmd.Wait()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != ExitError || stderr.String() != "waymark export: interrupted; nothing was written\n" || stdout.Len() != 0 {
			t.Errorf("%v: %v, stdout %q, stderr %q", sig, err, stdout.String(), stderr.String())
		}
		if got := dirEntries(t, dir); !slices.Equal(got, []string{"sample.cjm"}) {
			t.Errorf("%v: left %q", sig, got)
		}
	}
}

// TestDevFull: `waymark check >/dev/full` fails, saying why.
func TestDevFull(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full here:", err)
	}
	defer full.Close()
	in := sampleFile(t, t.TempDir())
	for _, args := range [][]string{{"check", in}, {"templates"}, {"export", in, "--format", "json"}} {
		cmd := helper(t, "run", args...)
		cmd.Stdout = full
		var stderr strings.Builder
		cmd.Stderr = &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		want := "waymark " + args[0] + ": cannot write to standard output: no space left on device\n"
		if !errors.As(err, &exit) || exit.ExitCode() != ExitError || stderr.String() != want {
			t.Errorf("%q >/dev/full: %v, stderr %q, want %q", args, err, stderr.String(), want)
		}
	}
}
