package storage

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"waymark/model"
)

// Named versions (format 4): table version holds one row per version of
// the project kept inside the file, oldest first. A version is the project
// as model.EncodeJSON writes it (lossless), compressed with zstd (whole,
// or with an earlier version's JSON as dictionary: codec.go), and its size
// before compression. Opening a file only measures the table (its
// caps, with every other table's); listing reads the metadata; a version's
// project is decompressed and decoded only when it is asked for, so a
// hundred versions cost an open almost nothing, and a damaged version
// stops nothing but its own decoding.

var (
	versionCols      = []string{"seq", "name", "note", "author", "created", "summary", "size", "base", "checksum", "data"}
	sqlInsertVersion = insertSQL("version", versionCols)
)

// readVersionCols are a version's metadata, which listing reads (the
// first seven) and the file's digest covers (all, readVersionMetas); data
// is read only when a version is decoded.
var readVersionCols = []string{"seq", "name", "note", "author", "created", "summary", "size", "base", "checksum"}

// Caps of table version, checked before anything of it is read like every
// table's: a thousand versions a file, each at most 64 MiB compressed and
// 256 MiB of JSON once decompressed (which decompressing enforces: a
// version whose data declares more than its row is refused before it is
// decompressed, and one that inflates past it as soon as it does, so a
// compression bomb costs at most the cap, never a hang).
const (
	maxVersions    = 1000
	maxVersionData = 64 << 20
	maxVersionJSON = 256 << 20
)

// versionName names a version in a message: its number and name.
func versionName(seq int, name string) string {
	if name == "" {
		return fmt.Sprintf("version %d", seq)
	}
	return fmt.Sprintf("version %d %q", seq, clip(name))
}

// SaveVersion keeps the current project (Project()) as a new named
// version: SaveVersionOf(ctx, v, Project()), for callers on the goroutine
// that edits the project (the command line).
func (d *Document) SaveVersion(ctx context.Context, v model.Version) (model.Version, error) {
	return d.SaveVersionOf(ctx, v, d.project)
}

// SaveVersionOf keeps p, a snapshot of the project that no one edits
// meanwhile (a Clone taken where the project is edited), as a new named
// version in the working copy and returns what was stored: Seq is the
// last version's plus one, Created now (UTC, to the second) unless the
// caller set it. Name, Note, Author and Summary are the caller's. The
// name must not be empty nor used by another version, whatever its case.
//
// The costly part (encoding p, rebuilding the last version to store the
// new one as changes to it, compressing) runs without the document's
// lock, reading the working copy on a connection of its own, so a window
// may call this off its UI goroutine while edits go on; the lock is taken
// only to check the names and to insert the row. Cancelling ctx stops it
// between steps and stores nothing.
//
// A version is not an undo step and leaves the history as it was; the
// next Save (or SaveAs) writes it into the file with every other version,
// which the caller does at once ("saving a version also saves the file").
// Until then the working copy holds it, so a crash does not lose it.
func (d *Document) SaveVersionOf(ctx context.Context, v model.Version, p *model.Project) (model.Version, error) {
	v.Name = strings.TrimSpace(v.Name)
	if err := versionTextProblem(v); err != nil {
		return model.Version{}, err
	}
	if v.Created.IsZero() {
		v.Created = time.Now()
	}
	v.Created = v.Created.UTC().Truncate(time.Second)
	if v.Created.Year() < 1 || v.Created.Year() > 9999 {
		return model.Version{}, errors.New("the version could not be saved: its date is not between years 1 and 9999")
	}

	d.mu.Lock()
	last, err := d.versionRoom(ctx, v.Name)
	var file string
	var cached *versionText
	if err == nil {
		file, cached = d.wc.file(), d.lastVersion
	}
	d.mu.Unlock()
	if err != nil {
		return model.Version{}, err
	}

	js, err := projectJSON(p)
	if err != nil {
		return model.Version{}, err
	}
	c, err := openConn(ctx, file, "mode=ro")
	if err != nil {
		return model.Version{}, versionSaveErr(err)
	}
	data, base, err := storeVersion(ctx, c, cached, last, js)
	c.close()
	if err != nil {
		return model.Version{}, err
	}
	if err := ctx.Err(); err != nil {
		return model.Version{}, err
	}

	d.mu.Lock()
	defer d.mu.Unlock()
	now, err := d.versionRoom(ctx, v.Name)
	if err != nil {
		return model.Version{}, err
	}
	if now != last {
		// Another version was saved meanwhile: this one is not stored as
		// changes to a version that is no longer the last.
		if data, err = packWhole(js); err != nil {
			return model.Version{}, err
		}
		base, last = versionText{}, now
	}
	c = d.wc.c
	if err := versionBudgetProblem(ctx, c, v, data); err != nil {
		return model.Version{}, err
	}
	v.Seq = last + 1

	// As an edit does: the copy on disk first, then a sidecar that no
	// longer calls it pristine, so that a crash offers the version back.
	if err := d.wc.syncOnce(); err != nil {
		return model.Version{}, versionSaveErr(err)
	}
	if d.sc.Pristine {
		sc := d.sc
		sc.Pristine = false
		if err := d.wc.writeSidecar(sc); err != nil {
			return model.Version{}, versionSaveErr(err)
		}
		d.sc = sc
	}
	if _, err := c.ExecContext(ctx, sqlInsertVersion, v.Seq, v.Name, v.Note, v.Author,
		model.FormatStamp(v.Created), v.Summary, len(js), base.seq, versionChecksum(js), data); err != nil {
		d.lastVersion = nil
		return model.Version{}, versionSaveErr(err)
	}
	if base.seq == 0 {
		d.lastVersion = &versionText{seq: v.Seq, json: js, keyBytes: int64(len(data)), chainJSON: int64(len(js))}
	} else {
		d.lastVersion = &versionText{seq: v.Seq, json: js, chain: base.chain + 1,
			chainBytes: base.chainBytes + int64(len(data)), keyBytes: base.keyBytes, chainJSON: base.chainJSON + int64(len(js))}
	}
	// Counted as a change of the working copy: a save running meanwhile
	// from an older snapshot leaves the copy marked as holding unsaved
	// work.
	d.commits++
	return v, nil
}

// VersionRoom says why the working copy cannot take another version (it
// holds as many as a file keeps), or nil: asked before the costly work of
// keeping one, which SaveVersionOf checks again.
func (d *Document) VersionRoom(ctx context.Context) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, err := d.versionRoom(ctx, "")
	return err
}

// versionRoom says whether the working copy can take a version named
// name (under the caps, the name free; "" checks the caps only) and
// returns the last version's number. d.mu is held.
func (d *Document) versionRoom(ctx context.Context, name string) (int, error) {
	if d.wc == nil {
		return 0, errors.New("the version could not be saved: the document is closed")
	}
	c := d.wc.c
	var last, n int64
	if err := c.QueryRowContext(ctx, "SELECT coalesce(max(seq), 0), count(*) FROM version").Scan(&last, &n); err != nil {
		return 0, versionSaveErr(err)
	}
	if n >= maxVersions {
		return 0, fmt.Errorf("the file holds %s versions, as many as Waymark keeps in one file; a copy without history starts afresh", count(n))
	}
	if name == "" {
		return int(last), nil
	}
	rows, err := c.QueryContext(ctx, "SELECT seq, name FROM version")
	if err != nil {
		return 0, versionSaveErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var seq int
		var other string
		if err := rows.Scan(&seq, &other); err != nil {
			return 0, versionSaveErr(err)
		}
		if sameVersionName(other, name) {
			return 0, fmt.Errorf("a version named %q exists already (version %d); choose another name", clip(other), seq)
		}
	}
	if err := rows.Err(); err != nil {
		return 0, versionSaveErr(err)
	}
	return int(last), nil
}

// versionBudget is the most bytes the versions of a file may take, as
// stored (compressed data and metadata): half of the largest file Waymark
// opens. The other half is left to the current map, whose rows are
// stored uncompressed, and to SQLite's pages and indexes, so that saving
// the versions never makes a file Waymark would refuse to open; the save
// itself refuses such a file too (verifyFile), this only says so earlier
// and in terms of versions.
func versionBudget() int64 { return maxFileSize / 2 }

// versionBudgetProblem refuses a new version whose row (data and
// metadata) would take the stored versions past versionBudget.
func versionBudgetProblem(ctx context.Context, c *conn, v model.Version, data []byte) error {
	var stored int64
	if err := c.QueryRowContext(ctx, "SELECT coalesce(sum(length(data) + length(CAST(name AS BLOB)) + length(CAST(note AS BLOB)) + "+
		"length(CAST(author AS BLOB)) + length(CAST(summary AS BLOB))), 0) FROM version").Scan(&stored); err != nil {
		return versionSaveErr(err)
	}
	row := int64(len(data) + len(v.Name) + len(v.Note) + len(v.Author) + len(v.Summary))
	if budget := versionBudget(); stored+row > budget {
		return fmt.Errorf("the versions would take %s, more than the %s a file keeps for them; a copy without history starts afresh",
			byteSize(stored+row), byteSize(budget))
	}
	return nil
}

// sameVersionName is the one rule for "the same name" that saving a
// version applies, pairwise as lookups by name do (strings.EqualFold,
// Unicode simple folding). Listing does not apply it: a repeated name in
// a file is listed, not refused.
func sameVersionName(a, b string) bool { return strings.EqualFold(a, b) }

// FreeVersionName is name, or name (2), (3)… when a version of vs has it
// already: names are unique in a file, and a version may be restored, or
// figures refreshed, more than once.
func FreeVersionName(vs []model.Version, name string) string {
	taken := func(n string) bool {
		return slices.ContainsFunc(vs, func(v model.Version) bool { return sameVersionName(v.Name, n) })
	}
	out := name
	for i := 2; taken(out); i++ {
		out = fmt.Sprintf("%s (%d)", name, i)
	}
	return out
}

func versionSaveErr(err error) error {
	return fmt.Errorf("the version could not be saved in the working copy: %v", oneLine(err.Error()))
}

// versionTextProblem refuses metadata a file could not hold or list.
func versionTextProblem(v model.Version) error {
	if v.Name == "" {
		return errors.New("a version needs a name")
	}
	for _, f := range []struct {
		field, value string
		limit        int64
	}{{"name", v.Name, capShort}, {"note", v.Note, capLong}, {"author", v.Author, capShort}, {"summary", v.Summary, capLong}} {
		if int64(len(f.value)) > f.limit {
			return fmt.Errorf("the %s of version %q is longer than %s, which a Waymark file cannot hold", f.field, clip(v.Name), byteSize(f.limit))
		}
		if !utf8.ValidString(f.value) {
			return fmt.Errorf("the %s of version %q is not valid UTF-8 text", f.field, clip(v.Name))
		}
	}
	if strings.ContainsAny(v.Name, "\r\n") || strings.ContainsAny(v.Author, "\r\n") {
		return fmt.Errorf("the name and author of version %q must be one line each", clip(v.Name))
	}
	return nil
}

// projectJSON is the lossless JSON a version holds.
func projectJSON(p *model.Project) ([]byte, error) {
	js, err := model.EncodeJSON(p)
	if err != nil {
		return nil, fmt.Errorf("the version could not be saved: %v", err)
	}
	if len(js) > maxVersionJSON {
		return nil, fmt.Errorf("the version could not be saved: the project is %s of JSON, more than a version may hold (%s)",
			byteSize(int64(len(js))), byteSize(maxVersionJSON))
	}
	return js, nil
}

// versionChecksum is what column checksum holds: the SHA-256 of a
// version's JSON, in lowercase hex. The file's digest covers it with the
// other metadata (at open, without reading any version's data), and
// decoding a version checks the JSON against it, so a version changed
// outside Waymark shows, however well formed.
func versionChecksum(js []byte) string {
	sum := sha256.Sum256(js)
	return hex.EncodeToString(sum[:])
}

// versionText is a version's JSON and how it is stored: chain steps of
// changes after a whole one of keyBytes, chainBytes of them in all.
type versionText struct {
	seq        int
	name       string // for messages
	json       []byte
	chain      int
	chainBytes int64
	keyBytes   int64
	// chainJSON is the JSON rebuilding it decompresses: every step's
	// declared size, the whole one's included (at most maxChainJSON).
	chainJSON int64
}

// maxChainJSON caps the JSON that rebuilding one version decompresses,
// step after step: a chain of maxSteps versions each declaring
// maxVersionJSON would otherwise cost tens of GB of work for one read
// (a hostile file needs only a few hundred KB for that). Reading refuses
// such a chain from its metadata, before decompressing anything; saving
// starts a new chain before an honest one gets there (a 27 MB map then
// keeps chains of 37 steps).
var maxChainJSON int64 = 1 << 30 // a variable for tests

// The first version of a file is stored whole: the root. Each later one is
// stored as changes to the version before while they are cheap: no more
// bytes of changes between it and the whole version below than that whole
// version takes, and at most maxChain steps after a chain's start, which
// is a version stored as changes to the root. Past that, a version starts
// a new chain, as changes to the root again, so that what rarely changes
// (pictures above all, re-stored whole in every whole version) is stored
// once; only when that takes as much as the version whole is it stored
// whole. A version is thus at most maxChain+1 steps from a whole one.
//
// Each step decompresses the whole text once more, against the one
// before, so decoding the last of a long chain costs several whole
// decodes (measured on a 2,000-card map, 1.9 MB of JSON, 62 KB whole and
// about 260 bytes a one-card change: its text in about 1 ms whole and 40 ms
// at the end of 64 steps; VersionProject, which also decodes and
// validates the project, about 55 ms whole, 85 ms at 32 steps and 155 ms
// at 64); callers decode off the UI goroutine.
const maxChain = 64

// maxSteps is the most steps of changes a version may be from a whole one.
const maxSteps = maxChain + 1

// storeVersion is what a new version's row holds: its JSON compressed
// whole (base.seq 0), or as changes to the last version or to the root,
// whichever the rules above pick; base is the version it is stored as
// changes to. cached is the last version's text when the document still
// has it; otherwise it is read on c. A version that cannot be read is not
// built on.
func storeVersion(ctx context.Context, c *conn, cached *versionText, last int, js []byte) ([]byte, versionText, error) {
	whole, err := packWhole(js)
	if err != nil {
		return nil, versionText{}, err
	}
	if last == 0 {
		return whole, versionText{}, nil
	}
	base := cached
	if base == nil || base.seq != last {
		if base, err = readVersionText(ctx, c, last); err != nil {
			if ctx.Err() != nil {
				return nil, versionText{}, ctx.Err()
			}
			base = nil
		}
	}
	if base != nil && base.chain+1 <= maxSteps && base.chainJSON+int64(len(js)) <= maxChainJSON {
		change, err := packChange(base.json, js)
		if err == nil && base.chainBytes+int64(len(change)) <= min(base.keyBytes, int64(len(whole))) {
			return change, *base, nil
		}
	}

	// A new chain, on the root.
	var root int
	if err := c.QueryRowContext(ctx, "SELECT coalesce(min(seq), 0) FROM version WHERE base = 0").Scan(&root); err != nil {
		return nil, versionText{}, versionSaveErr(err)
	}
	if root == 0 {
		return whole, versionText{}, nil
	}
	rt, err := readVersionText(ctx, c, root)
	if err != nil {
		if ctx.Err() != nil {
			return nil, versionText{}, ctx.Err()
		}
		return whole, versionText{}, nil
	}
	change, err := packChange(rt.json, js)
	if err != nil || len(change) >= len(whole) || rt.chainJSON+int64(len(js)) > maxChainJSON {
		return whole, versionText{}, nil
	}
	return change, *rt, nil
}

// Versions lists the versions the document's file keeps (with any saved
// since it was last written), oldest first: metadata only.
func (d *Document) Versions(ctx context.Context) ([]model.Version, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.wc == nil {
		return nil, errors.New("the versions could not be listed: the document is closed")
	}
	list, err := readVersions(ctx, d.wc.c)
	return list, fileErr(d.displayName(), "its versions could not be listed", err)
}

// VersionProject decodes the project a version captured: decompressed
// within its declared size, decoded strictly and validated. Only finding
// the working copy takes the document's lock: the rows are read on a
// read-only connection of their own, as a save copies them (the copy is
// in WAL mode, so edits committed meanwhile neither wait for it nor show
// in it), and decompressed and decoded outside the lock, so reading
// a version never holds up an edit. Cancelling ctx stops it between
// steps.
func (d *Document) VersionProject(ctx context.Context, seq int) (*model.Project, error) {
	d.mu.Lock()
	if d.wc == nil {
		d.mu.Unlock()
		return nil, errors.New("the version could not be read: the document is closed")
	}
	file, name := d.wc.file(), d.displayName()
	d.mu.Unlock()
	c, err := openConn(ctx, file, "mode=ro")
	if err != nil {
		return nil, fileErr(name, fmt.Sprintf("version %d could not be read", seq), err)
	}
	defer c.close()
	p, err := readVersionProject(ctx, c, seq)
	return p, fileErr(name, fmt.Sprintf("version %d could not be read", seq), err)
}

// displayName is the file's name for messages; an untitled project has
// none yet.
func (d *Document) displayName() string {
	if d.path == "" {
		return "Untitled"
	}
	return d.path
}

// ListVersions lists the versions a .cjm keeps, oldest first, reading it
// as Check does: the file is copied to a private folder, checked in full
// there and never written.
func ListVersions(ctx context.Context, path string) ([]model.Version, error) {
	var list []model.Version
	err := withCheckedCopy(ctx, path, func(c *conn, _ *loaded) error {
		var err error
		list, err = readVersions(ctx, c)
		return err
	})
	return list, fileErr(path, "could not be read", err)
}

// LoadVersion decodes one version of a .cjm, reading it as Check does.
func LoadVersion(ctx context.Context, path string, seq int) (*model.Project, error) {
	_, p, err := LoadVersionOf(ctx, path, func([]model.Version) (model.Version, error) { return model.Version{Seq: seq}, nil })
	return p, err
}

// LoadVersionOf reads the file at path once, as Check does, lists its
// versions, lets pick choose one (by name, number…) and decodes that
// one's project, validated. An error of pick is returned as it is, with
// no version; an error reading the version picked comes with that
// version, so that the caller can name it.
func LoadVersionOf(ctx context.Context, path string, pick func([]model.Version) (model.Version, error)) (model.Version, *model.Project, error) {
	var v model.Version
	var p *model.Project
	var picking error
	err := withCheckedCopy(ctx, path, func(c *conn, _ *loaded) error {
		list, err := readVersions(ctx, c)
		if err != nil {
			return err
		}
		if v, picking = pick(list); picking != nil {
			return picking
		}
		p, err = readVersionProject(ctx, c, v.Seq)
		return err
	})
	switch {
	case picking != nil:
		return model.Version{}, nil, picking
	case err != nil:
		return v, nil, fileErr(path, "could not be read", err) // v is zero unless picked
	}
	return v, p, nil
}

// WriteWithoutHistory writes p as a new .cjm holding the project only: no
// versions, and none of the text they or deleted objects held, since the
// file is built from nothing (no free pages, no journal). A file at path is
// replaced, as Save As does (complete temporary file, verified, synced,
// renamed into place); a folder is refused.
func WriteWithoutHistory(ctx context.Context, p *model.Project, path string) error {
	return writeFresh(ctx, p, path, true)
}

// readVersions reads the metadata of table version in seq order. A row
// that is not what Waymark writes is named by its seq. Two versions of one
// name are listed as they are: SaveVersion refuses a name that
// sameVersionName finds taken, but a file may hold a repeat (written by
// an older Waymark, whose rule differed, or by hand), which is harmless:
// a lookup by name takes the first version of that name.
func readVersions(ctx context.Context, c *conn) ([]model.Version, error) {
	var list []model.Version
	err := read(ctx, c, tVersion, false, readVersionCols, "ORDER BY seq",
		func(v []driver.Value, r *rowReader) {
			seq := r.int("seq", v[0])
			r.rowid = int64(seq)
			x := model.Version{Seq: seq, Name: r.str("name", v[1]), Note: r.str("note", v[2]),
				Author: r.str("author", v[3]), Summary: r.str("summary", v[5])}
			created := r.str("created", v[4])
			// The size is checked when the version is decoded: an
			// impossible one fails that version only.
			if _, ok := v[6].(int64); !ok {
				r.wrong("size", v[6], "not a whole number")
			}
			if r.err != nil {
				return
			}
			for _, f := range []struct{ col, s string }{{"name", x.Name}, {"note", x.Note}, {"author", x.Author}, {"summary", x.Summary}} {
				if !utf8.ValidString(f.s) {
					r.fail("column %s is not valid UTF-8 text", f.col)
					return
				}
			}
			if strings.TrimSpace(x.Name) == "" {
				r.fail("column name is empty")
				return
			}
			at, err := model.ParseStamp(created)
			if err != nil {
				r.fail("column created: %v", err)
				return
			}
			x.Created = at
			list = append(list, x)
		})
	if err != nil {
		return nil, err
	}
	return list, nil
}

// readVersionProject reads one version and decodes its project;
// DecodeJSON validates it.
func readVersionProject(ctx context.Context, c *conn, seq int) (*model.Project, error) {
	vt, err := readVersionText(ctx, c, seq)
	if err != nil {
		return nil, err
	}
	p, err := model.DecodeJSON(bytes.NewReader(vt.json))
	if err != nil {
		return nil, bad("%s does not hold a valid project (%s)", vt.name, oneLine(err.Error()))
	}
	return p, nil
}

// versionRow is a version's row but its data, which is read one version
// at a time.
type versionRow struct {
	seq, base int
	name      string
	size      int64
	checksum  string
}

// readVersionText rebuilds a version's JSON: its row, then the rows of the
// versions it is stored as changes to, down to a whole one, each read and
// decompressed only when applied. Each step is bounded by its declared size
// (itself capped), the chain by maxSteps, and every base must come before
// its version, so a hostile chain can neither loop nor grow.
func readVersionText(ctx context.Context, c *conn, seq int) (*versionText, error) {
	var chain []versionRow
	var total int64
	for at := seq; ; {
		var r versionRow
		err := c.QueryRowContext(ctx, "SELECT seq, name, size, base, checksum FROM version WHERE seq = ?", at).Scan(&r.seq, &r.name, &r.size, &r.base, &r.checksum)
		if errors.Is(err, sql.ErrNoRows) {
			if at == seq {
				return nil, bad("has no version %d", seq)
			}
			return nil, bad("%s cannot be read: it is stored as changes to version %d, which the file does not have",
				versionName(seq, chain[0].name), at)
		}
		if err != nil {
			return nil, damaged(err)
		}
		chain = append(chain, r)
		if r.size < 0 || r.size > maxVersionJSON {
			return nil, bad("%s declares %s bytes of project, more than Waymark allows (%s bytes)",
				versionName(r.seq, r.name), count(r.size), count(maxVersionJSON))
		}
		if total += r.size; total > maxChainJSON {
			return nil, bad("%s is damaged (rebuilding it would decompress more than %s bytes, which Waymark does not do for one version)",
				versionName(seq, chain[0].name), count(maxChainJSON))
		}
		if r.base == 0 {
			break
		}
		if r.base < 0 || r.base >= r.seq {
			return nil, bad("%s is damaged (it is stored as changes to version %d, which does not come before it)", versionName(r.seq, r.name), r.base)
		}
		if len(chain) > maxSteps {
			return nil, bad("%s is damaged (it is stored as more than %d steps of changes)", versionName(seq, chain[0].name), maxSteps)
		}
		at = r.base
	}
	vt := &versionText{}
	for i := len(chain) - 1; i >= 0; i-- {
		if versionStepHook != nil {
			versionStepHook(len(chain) - 1 - i)
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		r := chain[i]
		which := versionName(r.seq, r.name)
		var data []byte
		if err := c.QueryRowContext(ctx, "SELECT data FROM version WHERE seq = ?", r.seq).Scan(&data); err != nil {
			return nil, damaged(err)
		}
		var js []byte
		var err error
		if i == len(chain)-1 {
			js, err = unpackWhole(ctx, data, r.size)
			vt.keyBytes = int64(len(data))
		} else {
			js, err = unpackChange(ctx, vt.json, data, r.size)
			vt.chain++
			vt.chainBytes += int64(len(data))
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			var pr *problem
			if !errors.As(err, &pr) {
				err = bad("%s is damaged (%s)", which, oneLine(err.Error()))
			}
			if i > 0 {
				return nil, bad("%s cannot be read: it is stored as changes to %s, and %s", versionName(seq, chain[0].name), which, err)
			}
			return nil, err
		}
		vt.json = js
	}
	vt.seq, vt.name, vt.chainJSON = seq, versionName(seq, chain[0].name), total
	if versionChecksum(vt.json) != chain[0].checksum {
		return nil, bad("%s does not match its checksum: it was changed outside Waymark or is damaged", vt.name)
	}
	return vt, nil
}

// readVersionMetas reads the metadata of every version, in seq order, one
// row at a time into meta, for the file's digest: no data, so opening a
// file stays cheap. The table is STRICT and its caps have been checked.
func readVersionMetas(ctx context.Context, c *conn, meta func(versionMeta)) error {
	r := &rowReader{table: "version"}
	q := "SELECT " + strings.Join(readVersionCols, ", ") + " FROM version ORDER BY seq"
	return each(ctx, c, r, q, len(readVersionCols), func(v []driver.Value, _ *rowReader) { meta(metaOf(v)) })
}

// metaOf is the metadata of a version row read as readVersionCols, or as
// versionCols (which begin alike); the table is STRICT: integers and text.
func metaOf(v []driver.Value) versionMeta {
	num := func(i int) int64 { n, _ := v[i].(int64); return n }
	text := func(i int) string {
		switch x := v[i].(type) {
		case string:
			return x
		case []byte:
			return string(x)
		}
		return ""
	}
	return versionMeta{seq: num(0), name: text(1), note: text(2), author: text(3), created: text(4),
		summary: text(5), size: num(6), base: num(7), checksum: text(8)}
}

// versionStepHook, when set (by tests), is called before each step of
// rebuilding a version, the whole one being step 0.
var versionStepHook func(step int)

// versionSource is where a save copies the version rows from: the
// document's working copy, versions 1 to upTo (those it held when the
// snapshot was taken). A zero source has none.
type versionSource struct {
	path string
	upTo int64
}

// copyVersions inserts the source's version rows into the file being
// written, as they are (no version is decoded), gives each row's metadata
// to meta, for the file's digest, and returns how many it copied. It reads the working copy on a
// connection of its own: the copy is in WAL mode, so edits committed
// meanwhile neither wait for it nor show in it.
func copyVersions(s *session, src versionSource, meta func(versionMeta)) (int64, error) {
	if src.path == "" || src.upTo <= 0 {
		return 0, nil
	}
	c, err := openConn(s.ctx, src.path, "mode=ro")
	if err != nil {
		return 0, err
	}
	defer c.close()
	var n int64
	r := &rowReader{table: "version"}
	q := "SELECT " + strings.Join(versionCols, ", ") + " FROM version WHERE seq <= " + fmt.Sprint(src.upTo) + " ORDER BY seq"
	err = each(s.ctx, c, r, q, len(versionCols), func(v []driver.Value, r *rowReader) {
		args := make([]any, len(v))
		for i, x := range v {
			args[i] = x
		}
		if err := s.exec(sqlInsertVersion, args...); err != nil {
			r.err = err
			return
		}
		meta(metaOf(v))
		n++
	})
	return n, err
}

// withCheckedCopy copies a user's file into a private temporary folder,
// checks and loads it there as Check does, and runs f on the copy's open
// connection. The user's file is only read.
func withCheckedCopy(ctx context.Context, path string, f func(c *conn, l *loaded) error) error {
	in, err := openInput(path)
	if err != nil {
		return err
	}
	defer in.f.Close()
	tmp, err := os.MkdirTemp("", "waymark-check-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	wc := &workingCopy{dir: tmp, id: "check"}
	defer wc.close()
	l, _, err := copyAndLoad(ctx, in, wc, nil)
	if err != nil {
		return err
	}
	return f(wc.c, l)
}
