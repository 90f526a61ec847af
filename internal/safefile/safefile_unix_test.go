//go:build unix

package safefile

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestWriteRefusesNonRegular: a folder, a symbolic link and a named pipe
// are refused in one sentence, and stay what they were. (A device takes the
// same way; it is not tried, since a regression would replace a real one.)
func TestWriteRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "folder")
	os.Mkdir(folder, 0o755)
	target := filepath.Join(dir, "target.txt")
	os.WriteFile(target, []byte("kept"), 0o644)
	symlink := filepath.Join(dir, "link.pdf")
	if err := os.Symlink(target, symlink); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "pipe.pdf")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, want string }{
		{folder, folder + " is a folder; name a file to write"},
		{folder + "/", folder + "/ is a folder; name a file to write"},
		{symlink, symlink + " is a symbolic link, not a regular file; name a file to write"},
		{fifo, fifo + " is a named pipe, not a regular file; name a file to write"},
	} {
		err := WriteBytes(c.path, []byte("%PDF"))
		if err == nil || err.Error() != c.want {
			t.Errorf("-o %s: %v, want %q", c.path, err, c.want)
		}
	}
	if fi, err := os.Lstat(symlink); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the symbolic link was replaced")
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Error("the named pipe was replaced")
	}
	if b, _ := os.ReadFile(target); string(b) != "kept" {
		t.Errorf("the link's target became %q", b)
	}
	if got := names(t, dir); len(got) != 4 {
		t.Errorf("left %q", got)
	}
}

// TestOpenRefusesNonRegular: a named pipe is refused at once (opening it
// plainly waits for a writer for ever), and so are folders and devices.
func TestOpenRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "journey.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, want string }{
		{fifo, "is a named pipe, not a regular file; name a file to read"},
		{dir, "is a folder; name a file to read"},
		{os.DevNull, "is a device, not a regular file; name a file to read"},
		{filepath.Join(dir, "missing.csv"), "no such file or directory"},
	} {
		f, err := Open(c.path)
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: %v, want %q", c.path, err, c.want)
		}
		if f != nil {
			f.Close()
		}
	}
	regular := filepath.Join(dir, "day.mmd")
	os.WriteFile(regular, []byte("journey\n"), 0o644)
	link := filepath.Join(dir, "link.mmd")
	os.Symlink(regular, link)
	for _, p := range []string{regular, link} {
		f, err := Open(p)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(f)
		f.Close()
		if err != nil || string(b) != "journey\n" {
			t.Errorf("%s: read %q, %v", p, b, err)
		}
	}
}
