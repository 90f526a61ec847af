package safefile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func TestWriteReplacesRegularFile(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "poster.pdf")
	os.WriteFile(out, []byte("old"), 0o600)
	if err := WriteBytes(out, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(out); string(b) != "new" {
		t.Errorf("wrote %q", b)
	}
	if got := names(t, dir); !slices.Equal(got, []string{"poster.pdf"}) {
		t.Errorf("left %q", got)
	}
	// A failed write leaves neither a file nor a temporary one.
	fresh := filepath.Join(dir, "fresh.pdf")
	err := Write(fresh, func(w io.Writer) error {
		w.Write([]byte("half"))
		return errors.New("the poster could not be painted")
	})
	if err == nil || err.Error() != "the poster could not be painted" {
		t.Errorf("error %v", err)
	}
	if got := names(t, dir); !slices.Equal(got, []string{"poster.pdf"}) {
		t.Errorf("a failed write left %q", got)
	}
}

// TestWriteRefusesTheInput: the input under its own name, another spelling
// and a hard link are all the same file, and stay as they were.
func TestWriteRefusesTheInput(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "a.cjm")
	os.WriteFile(in, []byte("the project"), 0o644)
	link := filepath.Join(dir, "b.cjm")
	if err := os.Link(in, link); err != nil {
		t.Skip("no hard links here:", err)
	}
	for _, out := range []string{in, filepath.Join(dir, ".", "a.cjm"), filepath.Join(dir, "sub", "..", "a.cjm"), link} {
		os.Mkdir(filepath.Join(dir, "sub"), 0o755)
		err := WriteBytes(out, []byte("%PDF"), in)
		if err == nil || !strings.Contains(err.Error(), "is the input file") || !strings.HasPrefix(err.Error(), out+" is") {
			t.Errorf("-o %s: %v", out, err)
		}
	}
	if b, _ := os.ReadFile(in); string(b) != "the project" {
		t.Errorf("the input became %q", b)
	}
	if err := WriteBytes(filepath.Join(dir, "c.pdf"), []byte("%PDF"), in, filepath.Join(dir, "missing.cjm")); err != nil {
		t.Errorf("a new name beside the input: %v", err)
	}
}

// TestWriteRemovesStaleTemps: a write removes the hour-old temporary files
// of killed writes to the same name, and nothing else, whatever characters
// the name holds.
func TestWriteRemovesStaleTemps(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-2 * time.Hour)
	mk := func(name string, mtime time.Time) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("killed export"), 0o600); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, mtime, mtime)
	}
	target := "map [1].pdf"
	mk("."+target+".tmp-123", old)        // stale: removed
	mk("."+target+".tmp-456", time.Now()) // another export's, running now
	mk(".map [1]x?.pdf.tmp-789", old)     // another name, that a glob's [1]* would match
	mk(".other.pdf.tmp-1", old)           // another name
	mk(target+".tmp-2", old)              // not hidden: not ours
	os.Mkdir(filepath.Join(dir, "."+target+".tmp-dir"), 0o755)
	os.Symlink(filepath.Join(dir, ".other.pdf.tmp-1"), filepath.Join(dir, "."+target+".tmp-link"))
	os.Chtimes(filepath.Join(dir, "."+target+".tmp-dir"), old, old)
	before := names(t, dir)
	if err := WriteBytes(filepath.Join(dir, target), []byte("%PDF")); err != nil {
		t.Fatal(err)
	}
	want := slices.DeleteFunc(append(before, target), func(n string) bool { return n == "."+target+".tmp-123" })
	slices.Sort(want)
	if got := names(t, dir); !slices.Equal(got, want) {
		t.Errorf("after the write:\n%q\nwant:\n%q", got, want)
	}
}

// TestNotRegularWording: each kind of file that is not regular is named.
func TestNotRegularWording(t *testing.T) {
	for _, c := range []struct {
		mode fs.FileMode
		want string
	}{
		{fs.ModeDevice | fs.ModeCharDevice, "/dev/tty is a device, not a regular file; name a file to write"},
		{fs.ModeDevice, "/dev/tty is a device, not a regular file; name a file to write"},
		{fs.ModeSocket, "/dev/tty is a socket, not a regular file; name a file to write"},
		{fs.ModeIrregular, "/dev/tty is not a regular file; name a file to write"},
	} {
		if got := notRegular("/dev/tty", c.mode, "write").Error(); got != c.want {
			t.Errorf("%v: %q, want %q", c.mode, got, c.want)
		}
	}
}
