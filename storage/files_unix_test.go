//go:build unix

package storage

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"waymark/model"
)

// openDescriptors counts this process's open file descriptors (Linux).
func openDescriptors(t *testing.T) int {
	t.Helper()
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("cannot count descriptors here: %v", err)
	}
	return len(entries)
}

// Writing, opening, saving, checking and closing leave no descriptor open:
// go-sqlite3 keeps a database open after Close while a statement of its
// connection is not finalized, and Windows then cannot remove the file.
func TestNoDescriptorLeaks(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("counts /proc/self/fd")
	}
	dir := t.TempDir()
	p := richProject(t)
	// Once, so that the driver and the runtime have what they keep.
	warm := writeGood(t, p, dir, "warm.cjm")
	if _, err := Check(ctx, warm); err != nil {
		t.Fatal(err)
	}
	before := openDescriptors(t)
	path := writeGood(t, p, dir, "new.cjm")
	if n := openDescriptors(t); n != before {
		t.Fatalf("WriteNew left %d descriptors open", n-before)
	}
	if _, err := Check(ctx, path); err != nil {
		t.Fatal(err)
	}
	if n := openDescriptors(t); n != before {
		t.Fatalf("Check left %d descriptors open", n-before)
	}
	doc, err := Open(ctx, path, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.History().Do(&model.RenameProject{Name: "Renamed"}); err != nil {
		t.Fatal(err)
	}
	if err := doc.Save(ctx); err != nil {
		t.Fatal(err)
	}
	if err := doc.SaveAs(ctx, filepath.Join(dir, "copy.cjm")); err != nil {
		t.Fatal(err)
	}
	if err := doc.Close(); err != nil {
		t.Fatal(err)
	}
	if n := openDescriptors(t); n != before {
		t.Fatalf("open, edit, save, save as and close left %d descriptors open", n-before)
	}
}

// A FIFO named as a project is refused at once: opening it for reading
// would wait for a writer for ever, deaf to Ctrl+C.
func TestFIFOIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.cjm")
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	_, err := Check(ctx, path)
	if err == nil || err.Error() != "f.cjm: is not a regular file, so it is not a Waymark project" {
		t.Fatalf("got %v", err)
	}
	if _, err := Open(ctx, path, testOptions(t)); err == nil {
		t.Fatal("opened a FIFO")
	}
}

// A name planted in a file's schema reaches messages only as printable
// text: no escape sequence for the terminal, no garbage in a dialog.
func TestMessagesQuoteControlCharacters(t *testing.T) {
	good, _ := goodFile(t)
	for name, stmts := range map[string][]string{
		"malformed schema entry": {"PRAGMA writable_schema = ON",
			"INSERT INTO sqlite_schema VALUES ('table', char(27) || ']0;owned' || char(7) || char(27) || '[2J', 'x', 0, 'not sql')"},
		"extra table": {"CREATE TABLE \"" + "\x1b[2J\x1b]0;owned\x07" + "\" (a)"},
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x\x1b[31m.cjm")
			if err := os.WriteFile(path, good, 0o644); err != nil {
				t.Fatal(err)
			}
			rawExec(t, path, stmts...)
			_, err := Check(ctx, path)
			if err == nil {
				t.Fatal("opened")
			}
			msg := err.Error()
			if strings.ContainsAny(msg, "\x1b\x07\r\n") {
				t.Fatalf("message holds control characters: %q", msg)
			}
			if !strings.HasPrefix(msg, `x\x1b[31m.cjm: `) {
				t.Fatalf("message does not name the file printably: %q", msg)
			}
		})
	}
}
