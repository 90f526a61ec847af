// Package storage owns the .cjm file: one SQLite database per project
// (SQLite's "application file format" pattern).
//
// A shared .cjm is untrusted input. Open never hands the user's file to
// SQLite: it checks the 100-byte header, copies the bytes into a private
// working copy in the user's data directory, and runs every check
// (integrity, exact schema, size caps, NULLs, references, pictures,
// Validate) on that copy; a content digest tells an edit made outside
// Waymark, which opens with a notice. Edits are committed to the working copy one
// by one (Document is the model.Journal), so a crash loses at most the edit
// in flight; Save writes a fresh, compact file beside the target, verifies it
// and renames it into place, with the named versions the file keeps (see
// SaveVersion), copied as they are; WriteWithoutHistory leaves them out.
//
// This is the only package that speaks SQL.
package storage

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"waymark/internal/printable"
)

// FormatVersion is the file format this version writes and the newest it
// reads. It is the file's PRAGMA user_version and the number of the last
// embedded migration.
const FormatVersion = 4

// ApplicationID marks a SQLite database as a Waymark project ("WYMK"). It is
// the file's PRAGMA application_id, at offset 68 of the header.
const ApplicationID = 0x57594D4B

// ErrChangedOnDisk is returned (wrapped in a sentence naming the file) by
// Save when the file was changed by someone else since it was opened or
// last saved.
var ErrChangedOnDisk = errors.New("the file was changed on disk since it was opened")

// Options configure where working copies live and how progress is shown.
type Options struct {
	DataDir  string                  // "" = DefaultDataDir()
	Progress func(done, total int64) // optional; called from the calling goroutine
}

func (o Options) dataDir() string {
	if o.DataDir != "" {
		return o.DataDir
	}
	return DefaultDataDir()
}

// DefaultDataDir is where Waymark keeps working copies: $WAYMARK_DATA_DIR if
// set, else $XDG_DATA_HOME/waymark, else ~/.local/share/waymark.
func DefaultDataDir() string {
	if d := os.Getenv("WAYMARK_DATA_DIR"); d != "" {
		return d
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "waymark")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		// No home: better a per-boot directory than refusing to edit.
		return filepath.Join(os.TempDir(), "waymark")
	}
	return filepath.Join(home, ".local", "share", "waymark")
}

// fileError is the one sentence shown to the user: the file's name, then
// the problem. It wraps the cause so callers can test for ErrChangedOnDisk or
// context.Canceled.
type fileError struct {
	name    string
	problem string
	err     error
	// sep joins name and problem: ": " by default; " " where the problem
	// reads on from the name ("x.cjm was changed on disk …").
	sep string
}

func (e *fileError) Error() string {
	sep := e.sep
	if sep == "" {
		sep = ": "
	}
	// The name is the user's, but may have come in an archive from anyone.
	return printable.Line(e.name + sep + e.problem)
}
func (e *fileError) Unwrap() error { return e.err }

// problem is a finding about a file's content, phrased to follow "x.cjm: ".
type problem struct{ text string }

func (p *problem) Error() string { return p.text }

// bad words a finding. Whatever of the file it quotes (a name from its
// schema in SQLite's own message, say) is made printable: a crafted name
// must not reach a terminal as escape sequences, or a dialog as garbage.
func bad(format string, args ...any) error {
	return &problem{printable.Line(fmt.Sprintf(format, args...))}
}

// fileErr turns any error met while opening, checking or saving path into
// the sentence for the user. Findings keep their wording; other errors
// (I/O, cancellation) say what was being done.
func fileErr(path, doing string, err error) error {
	if err == nil {
		return nil
	}
	var fe *fileError
	if errors.As(err, &fe) {
		return err
	}
	name := filepath.Base(path)
	var pr *problem
	if errors.As(err, &pr) {
		return &fileError{name: name, problem: pr.text, err: err}
	}
	return &fileError{name: name, problem: doing + ": " + oneLine(err.Error()), err: err}
}

// oneLine keeps an error to one sentence: joined errors and SQLite messages
// can span lines.
func oneLine(s string) string {
	out := []rune{}
	for _, r := range s {
		if r == '\n' || r == '\r' {
			r = ';'
		}
		out = append(out, r)
	}
	return string(out)
}
