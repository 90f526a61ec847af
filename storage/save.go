package storage

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"waymark/model"
)

// Test hooks. faultAt names a step of writing a file that should fail:
// "write" (after the rows are inserted), "sync", "rename" or "dirsync".
// maxPageCount, when positive, caps the file being written as a full disk
// would.
var (
	faultAt      = ""
	maxPageCount = 0
)

var errInjected = errors.New("injected fault")

func fault(step string) error {
	if faultAt == step {
		return fmt.Errorf("%s: %w", step, errInjected)
	}
	return nil
}

// fingerprint identifies the bytes of a file as Waymark last saw them, to
// notice someone else changing it.
type fingerprint struct {
	Size    int64     `json:"size"`
	ModTime time.Time `json:"modTime"`
	SHA256  string    `json:"sha256"`
}

// fingerprintOf reads a whole file to hash it.
func fingerprintOf(path string) (fingerprint, error) {
	f, err := os.Open(path)
	if err != nil {
		return fingerprint{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fingerprint{}, err
	}
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return fingerprint{}, err
	}
	return fingerprint{Size: n, ModTime: fi.ModTime(), SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// changedOnDisk reports whether path no longer holds the bytes fp describes.
// A missing file has not changed: saving simply creates it again.
func changedOnDisk(path string, fp fingerprint) (bool, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if fi.Size() != fp.Size {
		return true, nil
	}
	// Size and time can both survive an edit (or time alone change on a
	// copy back), so the content decides.
	cur, err := fingerprintOf(path)
	if err != nil {
		return false, err
	}
	return cur.SHA256 != fp.SHA256, nil
}

// buildFile writes a project into a new, empty database file: schema by the
// migrations, then every row in one transaction with prepared statements.
// The file is private until renamed, so it is written without a journal and
// without syncs; writeProjectFile syncs it once at the end. checked gives the
// project's digest once it has been validated (which runs meanwhile) or the
// reason it cannot be written; the project row goes in last, with the digest.
//
// The version rows of src are copied in too, as they are, and the digest
// stored covers their metadata (versionsDigest); out is how many were
// copied and that digest.
func buildFile(ctx context.Context, p *model.Project, path string, checked func() (string, error), prog *progress, src versionSource) (out built, err error) {
	c, err := openConn(ctx, path, "mode=rwc")
	if err != nil {
		return built{}, err
	}
	defer c.close()
	pragmas := []string{"PRAGMA journal_mode = OFF", "PRAGMA synchronous = OFF", "PRAGMA foreign_keys = OFF"}
	if maxPageCount > 0 {
		pragmas = append(pragmas, fmt.Sprintf("PRAGMA max_page_count = %d", maxPageCount))
	}
	if err := c.exec(ctx, pragmas...); err != nil {
		return built{}, err
	}
	if err := migrate(ctx, c, migrations, 0, FormatVersion); err != nil {
		return built{}, err
	}
	st := newStmts()
	defer st.close()
	err = c.rawTx(ctx, st, func(s *session) error {
		if err := writeRows(s, p, prog); err != nil {
			// A project that is not valid (two cards with one ID) fails
			// here first: say why it is not valid.
			if _, verr := checked(); verr != nil {
				return verr
			}
			return err
		}
		vd := newVersionsDigest()
		n, err := copyVersions(s, src, vd.add)
		if err != nil {
			return fmt.Errorf("the versions could not be copied: %v", oneLine(err.Error()))
		}
		digest, err := checked()
		if err != nil {
			return err
		}
		digest = vd.sum(digest)
		out = built{versions: n, digest: digest}
		if err := s.exec(sqlInsertProject, projectArgs(p, digest)...); err != nil {
			return err
		}
		return fault("write")
	})
	if err != nil {
		return built{}, err
	}
	// Not persistent in the file, but says what a reader gets: a plain
	// rollback-journal database, one file, no -wal or -shm.
	if err := c.exec(ctx, "PRAGMA journal_mode = DELETE"); err != nil {
		return built{}, err
	}
	// Statements before their connection: SQLite keeps a connection with
	// unfinalized statements open (and its file with it) after it is closed.
	st.close()
	return out, c.close()
}

// verifyFile reopens a freshly written file and checks what the file
// format requires of it, and no more: its header, quick_check,
// application_id, user_version, the exact schema, a row count per table
// equal to the project's, and the digest in the project row equal to the
// one computed from the validated project while writing. Loading it again
// would prove nothing more: the rows were written from that very project.
func verifyFile(ctx context.Context, path, digest string, want rowCounts) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	if fi.Size() > maxFileSize {
		// Checked before anything else and before the rename: a file
		// Waymark would refuse to open never replaces the user's.
		f.Close()
		return fmt.Errorf("the file would be %s, larger than Waymark opens (%s); a copy without history is smaller",
			byteSize(fi.Size()), byteSize(maxFileSize))
	}
	head := make([]byte, headerSize)
	n, _ := io.ReadFull(f, head)
	f.Close()
	hd, err := checkHeader(head[:n], fi.Size())
	if err != nil {
		return notReadBack(err)
	}
	// immutable: the file is ours and nobody else writes it, so SQLite
	// needs no locks and creates no files beside it.
	c, err := openConn(ctx, path, "mode=ro&immutable=1")
	if err != nil {
		return err
	}
	defer c.close()
	// The size given makes inspect run quick_check: the file was just
	// written, so a full integrity_check would only re-prove its indexes.
	v, err := inspect(ctx, c, maxFileSize, hd.version)
	if err != nil {
		return notReadBack(err)
	}
	if v != FormatVersion {
		return notReadBack(fmt.Errorf("it has format %d", v))
	}
	have, err := checkTables(ctx, c)
	if err != nil {
		return notReadBack(err)
	}
	if have != want {
		return notReadBack(fmt.Errorf("it has %v rows per table where the project has %v", have[:], want[:]))
	}
	var stored string
	if err := c.QueryRowContext(ctx, "SELECT digest FROM project").Scan(&stored); err != nil {
		return notReadBack(err)
	}
	if stored != digest {
		return errors.New("the written file does not read back as the project")
	}
	return nil
}

// notReadBack words a finding about a file just written. %v, not %w: it
// must not read as a finding about the target.
func notReadBack(err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("the written file does not read back (%v)", err)
}

// writeProjectFile saves p to target safely: a complete new file is written
// beside the target under a hidden temporary name, verified, synced, and
// renamed over the target, and the directory synced. The versions of src
// are copied into the new file. On any failure the
// temporary file is removed and the target is as it was. With replace false
// an existing target is never overwritten. It returns the new file's
// fingerprint and the digest it stores (versionsDigest).
func writeProjectFile(ctx context.Context, p *model.Project, target string, replace bool, prog *progress, src versionSource) (fingerprint, string, error) {
	// Validation, caps and the digest only read the project; they run while
	// the file is being written, which mostly waits on SQLite.
	type result struct {
		digest string
		err    error
	}
	validated := make(chan result, 1)
	go func() {
		// Validate counts the saved lenses against the file's cap too.
		if err := checkProject(p); err != nil {
			validated <- result{err: fmt.Errorf("the project is not valid: %v", err)}
		} else {
			validated <- result{digest: digestOf(p)}
		}
	}()
	want := modelCounts(p)
	var res result
	waited := false
	checked := func() (string, error) {
		if !waited {
			res, waited = <-validated, true
		}
		return res.digest, res.err
	}
	// Never return while the goroutine still reads the project: the caller
	// may go on editing it.
	defer checked()

	if replace {
		// Saving over a symbolic link saves into the file it names, as
		// editors do, rather than putting a file in the link's place.
		if real, err := filepath.EvalSymlinks(target); err == nil {
			target = real
		}
	}
	mode := os.FileMode(0o644)
	existed := false
	if fi, err := os.Stat(target); err == nil {
		if fi.IsDir() {
			return fingerprint{}, "", bad("is a folder")
		}
		if !replace {
			return fingerprint{}, "", bad("already exists")
		}
		if !fi.Mode().IsRegular() {
			return fingerprint{}, "", bad("is not a regular file")
		}
		mode, existed = fi.Mode().Perm(), true
	}
	dir, base := filepath.Dir(target), filepath.Base(target)
	removeStaleLeftovers(dir, base)
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fingerprint{}, "", err
	}
	tmp := f.Name()
	f.Close()
	done := false
	defer func() {
		if !done {
			removeDBFiles(tmp)
		}
	}()

	b, err := buildFile(ctx, p, tmp, checked, prog, src)
	if err != nil {
		return fingerprint{}, "", err
	}
	want[tVersion] = b.versions
	digest := b.digest
	// Syncing (and hashing for the fingerprint) waits on the disk while
	// verifying reads the file back from the cache: side by side.
	type synced struct {
		fp  fingerprint
		err error
	}
	syncing := make(chan synced, 1)
	go func() {
		fp, err := syncAndHash(tmp, mode)
		syncing <- synced{fp, err}
	}()
	verr := verifyFile(ctx, tmp, digest, want)
	sres := <-syncing
	if verr != nil {
		return fingerprint{}, "", verr
	}
	if sres.err != nil {
		return fingerprint{}, "", sres.err
	}
	fp := sres.fp
	if err := ctx.Err(); err != nil {
		return fingerprint{}, "", err
	}

	backup := ""
	if replace {
		if existed {
			// A second name for the old file, so that a failure after the
			// rename can still put it back.
			backup = linkBackup(target)
			defer os.Remove(backup)
		}
		if err := firstErr(fault("rename"), func() error { return os.Rename(tmp, target) }); err != nil {
			return fingerprint{}, "", err
		}
	} else if err := placeNew(tmp, target); err != nil {
		return fingerprint{}, "", err
	}
	if err := firstErr(fault("dirsync"), func() error { return syncDir(dir) }); err != nil {
		if backup != "" {
			os.Rename(backup, target)
		} else {
			os.Remove(target)
		}
		return fingerprint{}, "", err
	}
	done = true
	if fi, err := os.Stat(target); err == nil {
		fp.ModTime = fi.ModTime()
	}
	prog.finish()
	return fp, digest, nil
}

// diskFull words SQLite's "database or disk is full" (which is what running
// out of space looks like while writing) for the user.
func diskFull(err error) error {
	if diskFullError(err) {
		return &worded{"the disk is full", err}
	}
	return err
}

// worded replaces an error's text for the user and keeps it for errors.Is.
type worded struct {
	text string
	err  error
}

func (w *worded) Error() string { return w.text }
func (w *worded) Unwrap() error { return w.err }

// firstErr returns injected if set, else runs f.
func firstErr(injected error, f func() error) error {
	if injected != nil {
		return injected
	}
	return f()
}

// syncAndHash sets the file's permissions, forces it to disk and hashes it.
func syncAndHash(path string, mode os.FileMode) (fingerprint, error) {
	if err := os.Chmod(path, mode); err != nil {
		return fingerprint{}, err
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return fingerprint{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return fingerprint{}, err
	}
	if err := firstErr(fault("sync"), f.Sync); err != nil {
		return fingerprint{}, err
	}
	return fingerprint{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, f.Close()
}

// placeNew gives tmp the name target only if target does not exist: a hard
// link fails rather than replace, unlike a rename. File systems without
// hard links fall back to check-then-rename.
func placeNew(tmp, target string) error {
	if err := fault("rename"); err != nil {
		return err
	}
	err := os.Link(tmp, target)
	if err == nil {
		return os.Remove(tmp)
	}
	if errors.Is(err, os.ErrExist) {
		return bad("already exists")
	}
	if _, serr := os.Lstat(target); serr == nil {
		return bad("already exists")
	}
	return os.Rename(tmp, target)
}

// linkBackup hard-links target to a hidden name beside it and returns that
// name, or "" where hard links are not supported.
func linkBackup(target string) string {
	dir, base := filepath.Dir(target), filepath.Base(target)
	for range 3 {
		name := filepath.Join(dir, "."+base+".old-"+randomHex(4))
		if err := os.Link(target, name); err == nil {
			return name
		} else if !errors.Is(err, os.ErrExist) {
			return ""
		}
	}
	return ""
}

// staleAfter is how old a save's leftover must be before another save
// removes it: far longer than any save takes, so a save running in another
// process right now is never disturbed.
const staleAfter = time.Hour

// removeStaleLeftovers deletes what a save killed half-way (a crash, a
// power cut) left beside the target: its temporary file, and the backup
// link to the file it replaced, which may hold text the user has since
// deleted. A backup link shares the old file's modification time, so its
// age is the inode's change time, which making the link set; where the
// platform keeps none, backup links stay.
func removeStaleLeftovers(dir, base string) {
	// The folder is listed and names compared, not globbed: a glob would
	// need the name's metacharacters escaped, which cannot be done on
	// Windows, where the escape character is the path separator.
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	tmpPrefix, oldPrefix := "."+base+".tmp-", "."+base+".old-"
	for _, e := range entries {
		name := e.Name()
		isTmp, isOld := strings.HasPrefix(name, tmpPrefix), strings.HasPrefix(name, oldPrefix)
		if !isTmp && !isOld || !e.Type().IsRegular() {
			continue
		}
		path := filepath.Join(dir, name)
		if isTmp {
			// SQLite's own files beside a temporary database carry its
			// name with a suffix; removeDBFiles takes them with it.
			if strings.ContainsRune(name[len(tmpPrefix):], '-') {
				continue
			}
			if fi, err := e.Info(); err == nil && timeNow().Sub(fi.ModTime()) > staleAfter {
				removeDBFiles(path)
			}
			continue
		}
		if t, ok := changedAt(path); ok && timeNow().Sub(t) > staleAfter {
			os.Remove(path)
		}
	}
}

// timeNow is time.Now, replaced by tests that need a later clock.
var timeNow = time.Now

// removeDBFiles removes a database file and whatever SQLite may have put
// beside it.
func removeDBFiles(path string) {
	for _, suffix := range []string{"", "-journal", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// built is what buildFile wrote besides the project: how many versions,
// and the digest stored in the project row.
type built struct {
	versions int64
	digest   string
}
