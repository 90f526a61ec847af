// Package safefile writes the files Waymark makes besides projects (posters,
// JSON, Mermaid and CSV text) and opens the files it imports, for the command
// line and the app's dialogs alike. A write goes to a temporary file beside
// the target and is renamed over it only once complete, and only over a
// regular file that is not one being read: never over the input, a folder, a
// device, a named pipe or a symbolic link. An input must be a regular file,
// so that opening a named pipe cannot hang.
package safefile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// CheckTarget refuses a path to write that is not a new name or a regular
// file (a folder, a device, a named pipe, a socket, a symbolic link), or that
// is the same file as one of inputs, however it is spelled (hard links
// included). Inputs that do not exist are ignored. The error is one sentence
// naming path.
func CheckTarget(path string, inputs ...string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w", path, UnwrapPathError(err))
	}
	if !fi.Mode().IsRegular() {
		return notRegular(path, fi.Mode(), "write")
	}
	for _, in := range inputs {
		ii, err := os.Stat(in)
		if err != nil || !os.SameFile(fi, ii) {
			continue
		}
		if filepath.Clean(in) == filepath.Clean(path) {
			return fmt.Errorf("%s is the input file; name another file to write", path)
		}
		return fmt.Errorf("%s is the input file %s under another name; name another file to write", path, in)
	}
	return nil
}

// notRegularError says what a path that is not a regular file is instead.
type notRegularError struct {
	path string
	mode fs.FileMode
	verb string // what the file was wanted for: "read", "write"
}

func notRegular(path string, mode fs.FileMode, verb string) error {
	return &notRegularError{path, mode, verb}
}

func (e *notRegularError) Error() string {
	// Open's callers name the file themselves, as for any error opening it.
	subject := e.path + " is"
	if e.path == "" {
		subject = "is"
	}
	var what string
	switch m := e.mode; {
	case m.IsDir():
		return fmt.Sprintf("%s a folder; name a file to %s", subject, e.verb)
	case m&fs.ModeSymlink != 0:
		what = "a symbolic link"
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	case m&fs.ModeDevice != 0:
		what = "a device"
	default:
		return fmt.Sprintf("%s not a regular file; name a file to %s", subject, e.verb)
	}
	return fmt.Sprintf("%s %s, not a regular file; name a file to %s", subject, what, e.verb)
}

// Write streams write's output into a temporary file beside path and renames
// it over path only when write succeeded and the data is on disk: on any
// failure nothing is left behind. path must pass CheckTarget with inputs,
// before writing starts and again before the rename. Temporary files of
// earlier writes to path that were killed half-way are removed first, once
// they are an hour old.
func Write(path string, write func(w io.Writer) error, inputs ...string) error {
	if err := CheckTarget(path, inputs...); err != nil {
		return err
	}
	dir, base := filepath.Dir(path), filepath.Base(path)
	removeStaleTemps(dir, base)
	tmp, err := os.CreateTemp(dir, tempPrefix(base)+"*")
	if err != nil {
		return fmt.Errorf("%s: %w", path, UnwrapPathError(err))
	}
	name := tmp.Name()
	fail := func(err error) error {
		tmp.Close()
		os.Remove(name)
		return err
	}
	bw := bufio.NewWriterSize(tmp, 256<<10)
	if err := write(bw); err != nil {
		return fail(err)
	}
	for _, step := range []func() error{bw.Flush, tmp.Sync, tmp.Close, func() error { return os.Chmod(name, 0o644) }} {
		if err := step(); err != nil {
			return fail(fmt.Errorf("%s: %w", path, UnwrapPathError(err)))
		}
	}
	// The write may have taken minutes: the target is checked again so
	// that what appeared there meanwhile is not replaced.
	if err := CheckTarget(path, inputs...); err != nil {
		return fail(err)
	}
	if err := os.Rename(name, path); err != nil {
		return fail(fmt.Errorf("%s: %w", path, UnwrapPathError(err)))
	}
	return nil
}

// WriteBytes writes data to path as Write does.
func WriteBytes(path string, data []byte, inputs ...string) error {
	return Write(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}, inputs...)
}

// tempPrefix starts the name of Write's temporary files for a target named
// base: ".NAME.tmp-", then digits; hidden, and recognisably ours.
func tempPrefix(base string) string { return "." + base + ".tmp-" }

// staleAfter is how old a temporary file must be before a later write
// removes it: far longer than any export takes, so a write running in
// another process right now is never disturbed. Saving a project uses the
// same rule.
const staleAfter = time.Hour

// timeNow is time.Now, replaced by tests that need a later clock.
var timeNow = time.Now

// removeStaleTemps deletes the temporary files that writes to base in dir
// killed half-way (a crash, a kill, a power cut) left behind: regular files
// named ".NAME.tmp-*" for this NAME only, older than staleAfter. The folder
// is listed and names compared, not globbed, so that no character of the
// name is taken for a pattern on any platform.
func removeStaleTemps(dir, base string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := tempPrefix(base)
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), prefix) || !e.Type().IsRegular() {
			continue
		}
		fi, err := e.Info() // Lstat: a link is never followed
		if err != nil || !fi.Mode().IsRegular() || timeNow().Sub(fi.ModTime()) <= staleAfter {
			continue
		}
		os.Remove(filepath.Join(dir, e.Name()))
	}
}

// UnwrapPathError drops the operation and path from an *fs.PathError,
// whose path the caller names already.
func UnwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Open opens a file to read, refusing anything but a regular file (after
// symbolic links): opening a named pipe would wait for a writer without end,
// a device could be read without end. The error does not name the file, so
// that the caller names it as it shows files ("in.csv: is a named pipe, not
// a regular file; name a file to read").
func Open(path string) (*os.File, error) {
	f, err := openNoWait(path)
	if err != nil {
		return nil, UnwrapPathError(err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, UnwrapPathError(err)
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, notRegular("", fi.Mode(), "read")
	}
	return f, nil
}

// SameFile reports whether a and b are one existing file, however spelled.
func SameFile(a, b string) bool {
	ai, err := os.Stat(a)
	if err != nil {
		return false
	}
	bi, err := os.Stat(b)
	return err == nil && os.SameFile(ai, bi)
}
