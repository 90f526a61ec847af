package storage

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"waymark/model"
)

// Document is one open project: the model in memory, its undo history, and
// the private working copy every edit is committed to. Its methods are meant
// for the goroutine that edits the project: Save reads the model, so edits
// must not run while it does.
type Document struct {
	mu      sync.Mutex
	project *model.Project
	history *model.History
	path    string      // "" until first saved
	orig    fingerprint // path as last opened or saved
	opened  time.Time
	// changedOutside: the file's content did not match the digest of its
	// last save when it was opened.
	changedOutside bool
	opt            Options
	wc             *workingCopy
	stmts          *stmts
	// sc is what the working copy's sidecar holds; commits counts the
	// edits committed, so that a save can tell whether any came after it.
	sc      sidecar
	commits uint64
	// written is what the working copy holds of each journey's behaviour
	// figures and saved lenses, as far as commits have written them (see
	// writtenJourney).
	written map[model.ID]writtenJourney
	// lastVersion is the JSON of the newest version, kept so that the
	// next one can be stored as changes to it without decoding it again.
	lastVersion *versionText
}

// Project returns the project being edited.
func (d *Document) Project() *model.Project { return d.project }

// History returns the undo history; its journal is the document.
func (d *Document) History() *model.History { return d.history }

// Path returns the file the document saves to, "" for an untitled project.
func (d *Document) Path() string { return d.path }

// ChangedOutside reports whether the file, when it was opened, had been
// edited since Waymark last saved it (see ChangedOutsideNotice). It stays
// true until the document is saved.
func (d *Document) ChangedOutside() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.changedOutside
}

func newDocument(p *model.Project, path string, fp fingerprint, wc *workingCopy, opt Options) *Document {
	d := &Document{project: p, path: path, orig: fp, opened: time.Now(), opt: opt, wc: wc, stmts: newStmts()}
	d.history = model.NewHistory(p, d)
	return d
}

// Open opens a .cjm for editing. The file is treated as untrusted: its bytes
// are read once (at most 1 GB), the header is checked, and the bytes are
// written to a private working copy; only that copy is ever opened by SQLite
// and checked in full. The original is neither changed nor has anything
// created beside it. The document is clean unless the file was migrated
// from an older format.
func Open(ctx context.Context, path string, opt Options) (*Document, error) {
	d, err := open(ctx, path, opt)
	return d, fileErr(path, "could not be opened", err)
}

func open(ctx context.Context, path string, opt Options) (*Document, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	in, err := openInput(abs)
	if err != nil {
		return nil, err
	}
	defer in.f.Close()
	wc, err := createWorkingCopy(opt.dataDir())
	if err != nil {
		return nil, err
	}
	prog := newProgress(opt.Progress, 2*in.size)
	l, fp, err := copyAndLoad(ctx, in, wc, prog)
	if err != nil {
		wc.discard()
		return nil, err
	}
	if err := wc.useForEditing(ctx); err != nil {
		wc.discard()
		return nil, err
	}
	sc := sidecar{OriginalPath: abs, Original: fp, Opened: time.Now(), Pristine: true}
	if !l.migrated {
		sc.SavedDigest = l.digest
	}
	if err := wc.writeSidecar(sc); err != nil {
		wc.discard()
		return nil, err
	}
	d := newDocument(l.project, abs, fp, wc, opt)
	d.sc = sc
	d.changedOutside = l.changedOutside()
	if l.migrated {
		d.history.MarkUnsaved()
	}
	prog.finish()
	return d, nil
}

// Check runs every check Open runs, on a copy in a temporary folder that is
// removed afterwards, and returns the project. The input is not changed and
// nothing is created beside it.
func Check(ctx context.Context, path string) (*model.Project, error) {
	c, err := CheckFile(ctx, path)
	return c.Project, err
}

// Checked is what CheckFile found in a valid file.
type Checked struct {
	Project *model.Project
	// Versions are the versions the file keeps, oldest first: their
	// metadata, read on the same checked copy; VersionsErr says why they
	// could not be listed, which leaves the map valid.
	Versions    []model.Version
	VersionsErr error
	// Notices are things worth saying that do not stop the file from
	// opening, such as ChangedOutsideNotice.
	Notices []string
}

// CheckFile is Check, and also says what is worth a notice.
func CheckFile(ctx context.Context, path string) (Checked, error) {
	c, err := check(ctx, path)
	return c, fileErr(path, "could not be checked", err)
}

func check(ctx context.Context, path string) (Checked, error) {
	var c Checked
	err := withCheckedCopy(ctx, path, func(db *conn, l *loaded) error {
		c.Project = l.project
		if l.changedOutside() {
			c.Notices = append(c.Notices, ChangedOutsideNotice)
		}
		var err error
		if c.Versions, err = readVersions(ctx, db); err != nil {
			c.VersionsErr = fileErr(path, "could not be read", err)
		}
		return nil
	})
	if err != nil {
		return Checked{}, err
	}
	return c, nil
}

// input is a file about to be opened, its header already checked.
type input struct {
	f    *os.File
	size int64
	mod  time.Time
	head []byte
	hd   dbHeader
}

// openInput opens a user's file read-only and checks it before SQLite could
// see it: a regular file, under the size cap, with a Waymark header whose
// page count matches its size.
func openInput(path string) (*input, error) {
	// Without blocking: opening a FIFO for reading would wait for a writer,
	// deaf to Ctrl+C. Its type is checked before a byte is read.
	f, err := os.OpenFile(path, os.O_RDONLY|openNoBlock, 0)
	if errors.Is(err, os.ErrNotExist) {
		return nil, bad("does not exist")
	}
	if errors.Is(err, os.ErrPermission) {
		return nil, bad("cannot be read (permission denied)")
	}
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	switch {
	case fi.IsDir():
		err = bad("is a folder, not a Waymark project")
	case !fi.Mode().IsRegular():
		err = bad("is not a regular file, so it is not a Waymark project")
	case fi.Size() > maxFileSize:
		err = bad("is larger than Waymark opens (%s)", byteSize(maxFileSize))
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	in := &input{f: f, size: fi.Size(), mod: fi.ModTime(), head: make([]byte, headerSize)}
	n, err := io.ReadFull(f, in.head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		f.Close()
		return nil, err
	}
	in.head = in.head[:n]
	if in.hd, err = checkHeader(in.head, in.size); err != nil {
		f.Close()
		return nil, err
	}
	return in, nil
}

// copyAndLoad writes the input's bytes into the working copy's file,
// hashing them on the way, then opens only the copy with SQLite, checks it
// completely and loads it. On success wc.c is the open connection.
func copyAndLoad(ctx context.Context, in *input, wc *workingCopy, prog *progress) (*loaded, fingerprint, error) {
	var fp fingerprint
	if err := wc.openFile(os.O_RDWR | os.O_CREATE | os.O_EXCL); err != nil {
		return nil, fp, err
	}
	sum, n, err := copyHashed(ctx, wc.f, in.head, io.LimitReader(in.f, in.size-int64(len(in.head))+1), prog)
	if err != nil {
		return nil, fp, err
	}
	if n != in.size {
		return nil, fp, bad("changed while it was being read; try again")
	}
	fp = fingerprint{Size: in.size, ModTime: in.mod, SHA256: sum}

	wc.c, err = openConn(ctx, wc.file(), "mode=rw")
	if err != nil {
		return nil, fp, damaged(err)
	}
	prog.setStep(in.size / 5)
	l, err := checkAndLoad(ctx, wc.c, wc.file(), in.size, in.hd.version, prog)
	if err != nil {
		return nil, fp, damaged(err)
	}
	return l, fp, nil
}

// copyHashed writes head and then the rest of r to w and returns the
// SHA-256 and length of all of it. Hashing runs on a second goroutine so
// that it overlaps reading and writing; cancellation is checked per chunk.
func copyHashed(ctx context.Context, w io.Writer, head []byte, r io.Reader, prog *progress) (string, int64, error) {
	h := sha256.New()
	h.Write(head)
	if _, err := w.Write(head); err != nil {
		return "", 0, err
	}
	const chunks, chunkSize = 4, 256 << 10
	free := make(chan []byte, chunks)
	for range chunks {
		free <- make([]byte, chunkSize)
	}
	full := make(chan []byte, chunks)
	hashed := make(chan struct{})
	go func() {
		for b := range full {
			h.Write(b)
			free <- b[:cap(b)]
		}
		close(hashed)
	}()
	n := int64(len(head))
	var err error
	for err == nil {
		if err = ctx.Err(); err != nil {
			break
		}
		b := <-free
		k, rerr := io.ReadFull(r, b)
		if k > 0 {
			if _, err = w.Write(b[:k]); err != nil {
				break
			}
			n += int64(k)
			prog.add(int64(k))
			full <- b[:k]
		}
		if rerr == io.EOF || rerr == io.ErrUnexpectedEOF {
			break
		}
		err = rerr
	}
	close(full)
	<-hashed
	return hex.EncodeToString(h.Sum(nil)), n, err
}

// NewDocument starts an untitled document from p (Path() == ""): the
// working copy is written from p and the history is marked unsaved, since no
// file holds the project yet.
func NewDocument(p *model.Project, opt Options) (*Document, error) {
	if err := checkProject(p); err != nil {
		return nil, fmt.Errorf("the new project is not valid: %v", err)
	}
	ctx := context.Background()
	wc, err := createWorkingCopy(opt.dataDir())
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*Document, error) {
		wc.discard()
		return nil, fmt.Errorf("could not create a working copy of the new project: %v", oneLine(err.Error()))
	}
	digest := func() (string, error) { return digestOf(p), nil }
	if _, err := buildFile(ctx, p, wc.file(), digest, nil, versionSource{}); err != nil {
		return fail(err)
	}
	if err := wc.openFile(os.O_RDWR); err != nil {
		return fail(err)
	}
	if wc.c, err = openConn(ctx, wc.file(), "mode=rw"); err != nil {
		return fail(err)
	}
	if err := wc.useForEditing(ctx); err != nil {
		return fail(err)
	}
	sc := sidecar{Opened: time.Now(), Pristine: true}
	if err := wc.writeSidecar(sc); err != nil {
		return fail(err)
	}
	d := newDocument(p, "", fingerprint{}, wc, opt)
	d.sc = sc
	d.history.MarkUnsaved()
	return d, nil
}

// WriteNew writes a project as a new .cjm (the CLI's new and import),
// holding no versions. It refuses to replace an existing file, and writes
// as Save does: a complete temporary file, verified, synced and renamed
// into place.
func WriteNew(ctx context.Context, p *model.Project, path string) error {
	return writeFresh(ctx, p, path, false)
}

// writeFresh writes p, without versions, as a new file at path, replacing
// one there only when replace says so.
func writeFresh(ctx context.Context, p *model.Project, path string, replace bool) error {
	prog := newProgress(nil, 1)
	_, _, err := writeProjectFile(ctx, p, path, replace, prog, versionSource{})
	return fileErr(path, "could not be written", diskFull(err))
}

// Save writes the project over the file it was opened from. If that file
// was changed by someone else since it was opened or last saved, Save
// refuses with ErrChangedOnDisk (use SaveAs); a file that no longer exists
// is simply written again.
func (d *Document) Save(ctx context.Context) error {
	job, err := d.PrepareSave("")
	if err != nil {
		return err
	}
	return job.runAndFinish(ctx)
}

// SaveAs writes the project to path, replacing a file there (the app has
// asked the user), and makes path the document's file.
func (d *Document) SaveAs(ctx context.Context, path string) error {
	job, err := d.PrepareSave(path)
	if err != nil {
		return err
	}
	return job.runAndFinish(ctx)
}

// SaveJob is a save in three parts, for an app whose UI must not wait on
// the disk: PrepareSave and Finish run on the goroutine that edits the
// project, Run on any goroutine while editing goes on.
type SaveJob struct {
	d        *Document
	path     string
	snapshot *model.Project
	point    model.SavePoint
	commits  uint64 // the document's commits when the snapshot was taken
	versions versionSource
	// Progress, if set, is called from Run's goroutine.
	Progress func(done, total int64)
	fp       fingerprint
	digest   string
	err      error
}

// PrepareSave snapshots the project for saving to path ("" = the document's
// own file, refused with ErrChangedOnDisk if someone else changed it).
func (d *Document) PrepareSave(path string) (*SaveJob, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.wc == nil {
		name := path
		if name == "" {
			name = d.path
		}
		return nil, fileErr(name, "could not be saved", errors.New("the document is closed"))
	}
	if path == "" {
		if d.path == "" {
			return nil, errors.New("this project has not been saved yet; use Save As to choose a file")
		}
		changed, err := changedOnDisk(d.path, d.orig)
		if err != nil {
			return nil, fileErr(d.path, "could not be saved", err)
		}
		if changed {
			return nil, &fileError{name: filepath.Base(d.path),
				problem: "was changed on disk by someone else since you opened it; use Save As to keep both",
				err:     ErrChangedOnDisk, sep: " "}
		}
		path = d.path
	} else {
		abs, err := filepath.Abs(path)
		if err != nil {
			return nil, fileErr(path, "could not be saved", err)
		}
		path = abs
	}
	// The versions go into the file as the working copy holds them now;
	// Run copies their rows without decoding them.
	src := versionSource{path: d.wc.file()}
	if err := d.wc.c.QueryRowContext(context.Background(), "SELECT coalesce(max(seq), 0) FROM version").Scan(&src.upTo); err != nil {
		return nil, fileErr(path, "could not be saved", err)
	}
	return &SaveJob{d: d, path: path, snapshot: d.project.Clone(), point: d.history.SavePoint(), commits: d.commits,
		versions: src, Progress: d.opt.Progress}, nil
}

// Path is the file the job writes.
func (j *SaveJob) Path() string { return j.path }

// Run writes the snapshot to a new file beside the target, verifies it and
// renames it into place.
func (j *SaveJob) Run(ctx context.Context) error {
	rows := countRows(j.snapshot)
	prog := newProgress(j.Progress, 2*rows)
	prog.setStep(rows / 5)
	fp, digest, err := writeProjectFile(ctx, j.snapshot, j.path, true, prog, j.versions)
	if err != nil {
		j.err = fileErr(j.path, "could not be saved", diskFull(err))
		return j.err
	}
	j.fp, j.digest = fp, digest
	return nil
}

// Finish records a successful Run: the document's file becomes the job's,
// and the state the snapshot was taken from is marked saved.
func (j *SaveJob) Finish() {
	if j.err != nil || j.digest == "" {
		return
	}
	d := j.d
	d.mu.Lock()
	d.path, d.orig = j.path, j.fp
	d.changedOutside = false // the file now holds what Waymark wrote
	if d.wc != nil {
		// The sidecar lets a restore after a crash tell saved from unsaved;
		// if it cannot be written the save itself still stands.
		// Edits made while the save ran are not in the file: then the
		// copy is not pristine.
		d.sc = sidecar{OriginalPath: j.path, Original: j.fp, Opened: d.opened, SavedDigest: j.digest,
			Pristine: d.commits == j.commits}
		d.wc.writeSidecar(d.sc)
	}
	d.mu.Unlock()
	// Listeners of the history may edit again: not under the lock.
	d.history.MarkSavedAt(j.point)
}

func (j *SaveJob) runAndFinish(ctx context.Context) error {
	if err := j.Run(ctx); err != nil {
		return err
	}
	j.Finish()
	return nil
}

// Close ends the document and removes its working copy. Unsaved changes are
// lost: the app asks before closing.
func (d *Document) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.wc == nil {
		return nil
	}
	d.stmts.close()
	err := d.wc.discard()
	d.wc = nil
	if err != nil {
		return fmt.Errorf("the working copy could not be removed: %v", err)
	}
	return nil
}

// RestoreOrphan reopens a working copy left by a crash, with the edits it
// holds. The document is marked unsaved unless it provably matches its
// original file.
func RestoreOrphan(ctx context.Context, o Orphan, opt Options) (*Document, error) {
	wc, err := lockOrphan(o, opt)
	if err != nil {
		return nil, err
	}
	sc, _ := readSidecar(wc.path(".json")) // unreadable: restore as untitled
	d, err := restore(ctx, wc, sc, opt)
	if err != nil {
		wc.release()
		return nil, fmt.Errorf("the unsaved work of %s could not be restored: %v", orphanName(o), oneLine(err.Error()))
	}
	return d, nil
}

func restore(ctx context.Context, wc *workingCopy, sc sidecar, opt Options) (*Document, error) {
	if err := wc.openFile(os.O_RDWR); err != nil {
		return nil, err
	}
	fi, err := wc.f.Stat()
	if err != nil {
		return nil, err
	}
	if wc.c, err = openConn(ctx, wc.file(), "mode=rw"); err != nil {
		return nil, err
	}
	// The working copy is private but may be from an older Waymark or
	// damaged by the crash, so it gets every check; its digest says only
	// whether it still holds what was last saved.
	l, err := checkAndLoad(ctx, wc.c, wc.file(), fi.Size(), 0, nil)
	if err != nil {
		return nil, damaged(err)
	}
	p, digest, migrated := l.project, l.digest, l.migrated
	if err := wc.useForEditing(ctx); err != nil {
		return nil, err
	}
	d := newDocument(p, sc.OriginalPath, sc.Original, wc, opt)
	if !sc.Opened.IsZero() {
		d.opened = sc.Opened
	}
	clean := sc.OriginalPath != "" && !migrated && sc.SavedDigest != "" && digest == sc.SavedDigest
	if clean {
		changed, err := changedOnDisk(sc.OriginalPath, sc.Original)
		_, statErr := os.Stat(sc.OriginalPath)
		clean = err == nil && statErr == nil && !changed
	}
	if !clean {
		d.history.MarkUnsaved()
	}
	sc.Pristine = false // it was offered for the edits it may hold
	if sc.OriginalPath == "" {
		sc = sidecar{Opened: d.opened}
		wc.writeSidecar(sc)
	}
	d.sc = sc
	return d, nil
}
