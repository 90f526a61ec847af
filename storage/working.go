package storage

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// A working copy is the private database a document is edited in:
// <datadir>/working/<id>.cjm, with <id>.json (the sidecar: which file it
// came from and how that file looked) and <id>.lock (locked while open).
type workingCopy struct {
	dir  string
	id   string
	lock *fileLock
	c    *conn
	// f is the copy's own file, open from before SQLite opens it until
	// after SQLite has closed it. The page scan reads it and syncOnce
	// syncs it through f, because on POSIX systems closing any other
	// descriptor of the file would drop the locks SQLite holds on it.
	f *os.File
	// synced is false until the copy's bytes are known to be on disk.
	// Syncing waits for the first edit: until then a crash loses nothing,
	// since the original still holds everything.
	synced bool
}

// sidecar is <id>.json.
type sidecar struct {
	OriginalPath string      `json:"originalPath"`
	Original     fingerprint `json:"original"`
	Opened       time.Time   `json:"opened"`
	// SavedDigest is the digest of the project as the original file holds
	// it, so that a restored copy can tell whether it has unsaved work.
	SavedDigest string `json:"savedDigest,omitempty"`
	// Pristine says the copy holds no edit: nothing was committed since it
	// was made from the original (or, never saved, from its template) or
	// last saved. After a crash a pristine copy is removed, not offered:
	// there is nothing to restore. Sidecars of older Waymarks lack it and
	// are offered, as before.
	Pristine bool `json:"pristine,omitempty"`
}

func workingDir(dataDir string) string { return filepath.Join(dataDir, "working") }

// createWorkingCopy reserves a new id in the data directory and locks it.
func createWorkingCopy(dataDir string) (*workingCopy, error) {
	dir := workingDir(dataDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("could not create Waymark's working folder: %w", err)
	}
	for range 3 {
		id := randomHex(16)
		if _, err := os.Lstat(filepath.Join(dir, id+".cjm")); err == nil {
			continue
		}
		lock, ok, err := tryLock(filepath.Join(dir, id+".lock"))
		if err != nil {
			return nil, fmt.Errorf("could not lock a working copy: %w", err)
		}
		if ok {
			return &workingCopy{dir: dir, id: id, lock: lock}, nil
		}
	}
	return nil, errors.New("could not reserve a working copy")
}

func (w *workingCopy) path(ext string) string { return filepath.Join(w.dir, w.id+ext) }
func (w *workingCopy) file() string           { return w.path(".cjm") }

// useForEditing sets the working copy up for edits: WAL so a commit is one
// append and one fsync, synchronous FULL so a committed edit survives a power
// cut, secure_delete so deleted text does not linger in free pages, and the
// schema's foreign keys enforced.
func (w *workingCopy) useForEditing(ctx context.Context) error {
	return w.c.exec(ctx, "PRAGMA synchronous = OFF", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL",
		"PRAGMA secure_delete = ON", "PRAGMA foreign_keys = ON")
}

// syncOnce forces the copy itself to disk before the first edit is
// committed to its WAL, which syncs only the WAL.
func (w *workingCopy) syncOnce() error {
	if w.synced {
		return nil
	}
	err := w.f.Sync()
	if err == nil {
		w.synced = true
	}
	return err
}

// openFile opens the copy's file as f, before SQLite opens it.
func (w *workingCopy) openFile(flag int) error {
	f, err := os.OpenFile(w.file(), flag, 0o600)
	if err == nil {
		w.f = f
	}
	return err
}

// close closes SQLite's connection to the copy, then the copy's file.
func (w *workingCopy) close() error {
	err := w.c.close()
	w.c = nil
	if w.f != nil {
		if ferr := w.f.Close(); err == nil {
			err = ferr
		}
		w.f = nil
	}
	return err
}

// writeSidecar replaces <id>.json atomically and durably: it is synced
// before the edit it announces is committed, so that a power cut never
// leaves a pristine mark beside a copy that holds an edit.
func (w *workingCopy) writeSidecar(sc sidecar) error {
	data, err := json.MarshalIndent(sc, "", "  ")
	if err != nil {
		return err
	}
	tmp := w.path(".json.tmp")
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, w.path(".json")); err != nil {
		return err
	}
	return syncDir(w.dir)
}

func readSidecar(path string) (sidecar, error) {
	var sc sidecar
	data, err := os.ReadFile(path)
	if err != nil {
		return sc, err
	}
	if len(data) > 1<<20 {
		return sc, errors.New("sidecar too large")
	}
	return sc, json.Unmarshal(data, &sc)
}

// discard closes the working copy and removes its files, the lock last so
// that nobody takes the files for an orphan while they are going.
func (w *workingCopy) discard() error {
	if w == nil {
		return nil
	}
	err := w.close()
	for _, ext := range []string{".json", ".json.tmp", ".cjm", ".cjm-wal", ".cjm-shm", ".cjm-journal"} {
		if rerr := os.Remove(w.path(ext)); rerr != nil && !errors.Is(rerr, os.ErrNotExist) && err == nil {
			err = rerr
		}
	}
	// Closed before it is removed: Windows cannot remove an open file.
	// Another process that takes the lock in between finds no working copy
	// beside it.
	if uerr := w.lock.unlock(); err == nil {
		err = uerr
	}
	os.Remove(w.path(".lock"))
	return err
}

// release closes the working copy and drops the lock but keeps the files,
// for a restore that failed and may be retried or discarded.
func (w *workingCopy) release() {
	w.close()
	w.lock.unlock()
}

// Orphan is a working copy left behind by a Waymark that did not close it
// (a crash, a kill, a power cut). It may hold edits that were never saved.
type Orphan struct {
	ID           string
	OriginalPath string    // "" for a project never saved
	Opened       time.Time // when the original was opened
	Modified     time.Time // last edit committed to the working copy
	Project      string    // the project's name, "" if it cannot be read
}

// Orphans lists the working copies no running Waymark holds, newest first.
// Leftovers of a copy that never finished being created are removed.
func Orphans(opt Options) ([]Orphan, error) {
	dir := workingDir(opt.dataDir())
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("could not read Waymark's working folder: %w", err)
	}
	ids := map[string]bool{}
	copies := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		id, ext, _ := strings.Cut(name, ".")
		if !validID(id) {
			continue
		}
		ids[id] = true
		if ext == "cjm" {
			copies[id] = true
		}
	}
	var out []Orphan
	for id := range ids {
		w := &workingCopy{dir: dir, id: id}
		lock, ok, err := tryLock(w.path(".lock"))
		if err != nil || !ok {
			continue // in use, or not ours to judge
		}
		w.lock = lock
		if !copies[id] {
			w.discard() // a sidecar or lock with no copy holds no work
			continue
		}
		if sc, err := readSidecar(w.path(".json")); err == nil && sc.Pristine {
			w.discard() // no edit was ever made in it: nothing to restore
			continue
		}
		out = append(out, describeOrphan(w))
		lock.unlock()
	}
	sort.Slice(out, func(i, k int) bool { return out[i].Modified.After(out[k].Modified) })
	return out, nil
}

func describeOrphan(w *workingCopy) Orphan {
	o := Orphan{ID: w.id}
	if sc, err := readSidecar(w.path(".json")); err == nil {
		o.OriginalPath, o.Opened = sc.OriginalPath, sc.Opened
	}
	for _, ext := range []string{".cjm", ".cjm-wal"} {
		if fi, err := os.Stat(w.path(ext)); err == nil && fi.ModTime().After(o.Modified) {
			o.Modified = fi.ModTime()
		}
	}
	// The name is a courtesy for the dialog; a copy that cannot be read
	// still gets listed, and RestoreOrphan will say what is wrong.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if c, err := openConn(ctx, w.file(), "mode=rw"); err == nil {
		var name string
		if c.QueryRowContext(ctx, "SELECT substr(name, 1, 200) FROM project").Scan(&name) == nil {
			o.Project = name
		}
		c.close()
	}
	return o
}

func validID(id string) bool {
	if len(id) != 32 {
		return false
	}
	for _, r := range id {
		if !strings.ContainsRune("0123456789abcdef", r) {
			return false
		}
	}
	return true
}

// lockOrphan takes the lock of an orphan, refusing ids that are not ours.
func lockOrphan(o Orphan, opt Options) (*workingCopy, error) {
	if !validID(o.ID) {
		return nil, fmt.Errorf("%q is not a working copy id", o.ID)
	}
	w := &workingCopy{dir: workingDir(opt.dataDir()), id: o.ID}
	if _, err := os.Stat(w.file()); err != nil {
		return nil, fmt.Errorf("the unsaved work of %s is gone", orphanName(o))
	}
	lock, ok, err := tryLock(w.path(".lock"))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("the unsaved work of %s is open in another Waymark window", orphanName(o))
	}
	w.lock = lock
	return w, nil
}

func orphanName(o Orphan) string {
	if o.OriginalPath != "" {
		return filepath.Base(o.OriginalPath)
	}
	if o.Project != "" {
		return fmt.Sprintf("%q", o.Project)
	}
	return "an untitled project"
}

// DiscardOrphan deletes a working copy the user chose not to restore.
func DiscardOrphan(o Orphan, opt Options) error {
	w, err := lockOrphan(o, opt)
	if err != nil {
		return err
	}
	if err := w.discard(); err != nil {
		return fmt.Errorf("the unsaved work of %s could not be removed: %v", orphanName(o), err)
	}
	return nil
}
