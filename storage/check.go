package storage

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"waymark/model"
)

// integrityCheckBelow is the file size under which the full integrity_check
// runs; above it quick_check (which skips index-versus-table comparison)
// keeps opening fast. Loading reads tables, never indexes, and the digest
// catches content changes, so quick_check loses little.
const integrityCheckBelow = 4 << 20

// inspect runs the checks that come before reading any row: SQLite's
// integrity check first, then checkFormat. version is the format the header
// gave, or 0 to take it from the file (working copies, whose header may lag
// behind their WAL). It returns the file's format.
func inspect(ctx context.Context, c *conn, size int64, version int) (int, error) {
	if err := checkIntegrity(ctx, c, size); err != nil {
		return 0, err
	}
	return checkFormat(ctx, c, version)
}

// checkIntegrity runs SQLite's integrity check (quick_check on large
// files) and phrases what it finds.
func checkIntegrity(ctx context.Context, c *conn, size int64) error {
	pragma := "quick_check(10)"
	if size < integrityCheckBelow {
		pragma = "integrity_check(10)"
	}
	rows, err := c.QueryContext(ctx, "PRAGMA "+pragma)
	if err != nil {
		return explainFailure(ctx, c, err)
	}
	var findings []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return err
		}
		findings = append(findings, line)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return explainFailure(ctx, c, err)
	}
	if len(findings) != 1 || findings[0] != "ok" {
		return integrityProblem(ctx, c, findings)
	}
	return nil
}

// checkFormat checks application_id and user_version as SQLite sees them,
// then the exact schema, and returns the file's format.
func checkFormat(ctx context.Context, c *conn, version int) (int, error) {
	app, err := c.intPragma(ctx, "application_id")
	if err != nil {
		return 0, err
	}
	if app != ApplicationID {
		return 0, bad("is not a Waymark project (its application id is %#x)", app)
	}
	v, err := c.intPragma(ctx, "user_version")
	if err != nil {
		return 0, err
	}
	switch {
	case v > FormatVersion:
		return 0, bad("made by a newer version of Waymark (format %d); this version reads up to format %d", v, FormatVersion)
	case v < 1:
		return 0, bad("is not a valid Waymark project (format version %d; Waymark files start at format 1)", v)
	case version != 0 && int(v) != version:
		return 0, bad("is damaged (its header and its database disagree about the format version)")
	}
	if err := checkSchema(ctx, c, int(v)); err != nil {
		return 0, err
	}
	return int(v), nil
}

// explainFailure turns an error from the integrity check into a finding.
// A schema SQLite cannot even use is the likeliest cause worth naming.
func explainFailure(ctx context.Context, c *conn, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if se := sqliteError(err); se != nil {
		// Compared with the schema of the file's own format: a file of an
		// older one lacks the newer tables and is not damaged by that.
		version := FormatVersion
		if v, verr := c.intPragma(ctx, "user_version"); verr == nil && v >= 1 && v < FormatVersion {
			version = int(v)
		}
		if serr := checkSchema(ctx, c, version); serr != nil {
			var pr *problem
			if errors.As(serr, &pr) {
				return serr
			}
		}
		return bad("is damaged (%s)", oneLine(se.Error()))
	}
	return err
}

var nullFinding = regexp.MustCompile(`^NULL value in ([a-z_]+)\.([a-z_]+)$`)

// integrityProblem phrases what the integrity check found. A NULL in a
// required column is named down to the row, as loading would name it.
func integrityProblem(ctx context.Context, c *conn, findings []string) error {
	if len(findings) == 0 {
		return bad("is damaged (SQLite's integrity check gave no result)")
	}
	if m := nullFinding.FindStringSubmatch(findings[0]); m != nil && knownColumn(m[1], m[2]) {
		var row string
		// Both names are Waymark's own (knownColumn), not the file's. typeof,
		// not IS NULL, which SQLite folds to false on a NOT NULL column.
		q := fmt.Sprintf("SELECT %s FROM %s WHERE typeof(%s) = 'null' LIMIT 1", rowExpr(m[1]), m[1], m[2])
		if err := c.QueryRowContext(ctx, q).Scan(&row); err == nil {
			return bad("table %s, row %s: column %s is NULL", m[1], row, m[2])
		}
	}
	return bad("is damaged (SQLite's integrity check reports: %s)", clip(oneLine(findings[0])))
}

// knownColumn reports whether table.col is one of Waymark's own columns.
func knownColumn(table, col string) bool {
	cols := map[string][]string{"project": projectCols, "image": imageCols, "persona": personaCols,
		"journey": journeyCols, "journey_persona": journeyPersonaCols, "stage": stageCols, "lane": laneCols,
		"touchpoint": touchpointCols, "emotion": emotionCols, "behaviour": behaviourCols, "lens": lensCols, "version": versionCols}
	return contains(cols[table], col)
}

// checkSchema compares sqlite_schema with exactly what Waymark creates for
// the format. Anything else is refused: a trigger planted in a shared file
// would fire on Waymark's own writes, a view or virtual table could run code
// on reading, and an unknown index or table has no business there.
func checkSchema(ctx context.Context, c *conn, version int) error {
	want, err := expectedSchema(ctx, version)
	if err != nil {
		return err
	}
	have, err := readSchema(ctx, c)
	if err != nil {
		return err
	}
	wantByName := map[string]schemaObject{}
	for _, o := range want {
		wantByName[o.name] = o
	}
	haveByName := map[string]bool{}
	var extra []schemaObject
	for _, o := range have {
		haveByName[o.name] = true
		if _, ok := wantByName[o.name]; !ok {
			extra = append(extra, o)
		}
	}
	// Name the most telling intruder first.
	rank := func(o schemaObject) int {
		switch {
		case o.typ == "trigger":
			return 0
		case o.typ == "view":
			return 1
		case isVirtual(o):
			return 2
		}
		return 3
	}
	if len(extra) > 0 {
		first := extra[0]
		for _, o := range extra[1:] {
			if rank(o) < rank(first) {
				first = o
			}
		}
		kind := first.typ
		switch {
		case isVirtual(first):
			kind = "virtual table"
		case kind != "table" && kind != "index" && kind != "view" && kind != "trigger":
			kind = "schema object"
		}
		article := "a"
		if kind == "index" {
			article = "an"
		}
		return bad("contains %s %s %q, which Waymark files never have", article, kind, clip(first.name))
	}
	for _, o := range have {
		if w := wantByName[o.name]; w != o {
			return bad("is damaged or was changed outside Waymark (its %s %q is not defined the way Waymark defines it)", w.typ, o.name)
		}
	}
	for _, o := range want {
		if !haveByName[o.name] {
			return bad("is damaged or was changed outside Waymark (it lacks the %s %q)", o.typ, o.name)
		}
	}
	return nil
}

func isVirtual(o schemaObject) bool {
	return o.typ == "table" && strings.HasPrefix(strings.ToUpper(strings.TrimSpace(o.sql)), "CREATE VIRTUAL")
}

// loaded is a project read from a checked database.
type loaded struct {
	project  *model.Project
	digest   string // computed from the project
	stored   string // the digest the file holds, as of its last save
	migrated bool   // from an older format, in memory and in the database
}

// changedOutside reports whether the file was edited since Waymark last
// saved it: by the sqlite3 shell, a script, or damage SQLite cannot see.
// An edit that leaves a valid project opens (every check has passed); this
// is a notice, not a refusal. A migrated file's digest was taken over its
// old format (see digestOf), so it says nothing.
func (l *loaded) changedOutside() bool { return !l.migrated && l.stored != l.digest }

// ChangedOutsideNotice is what the app and `waymark check` say of a file
// whose content does not match the digest of its last save.
const ChangedOutsideNotice = "Changed outside Waymark since it was last saved"

// checkAndLoad runs every check on an opened database and loads it: the
// integrity check, format, schema, migration of an older format, row and
// size caps, NULLs, references, pictures, and Validate; and it computes the
// content digest. path is the database's file: a second connection to it
// runs SQLite's integrity check and then reads the scores while the first
// checks the format and reads everything else, so that a
// large map opens on two cores. Nothing read is used unless the integrity
// check passed, and its finding comes before any other, as if the two had
// run one after the other.
func checkAndLoad(ctx context.Context, c *conn, path string, size int64, version int, prog *progress) (*loaded, error) {
	// Read-write, though it only reads: SQLite's integrity check skips
	// CHECK constraints on a read-only connection.
	c2, err := openConn(ctx, path, "mode=rw")
	if err != nil {
		return nil, err
	}
	side := startSideReader(ctx, c2, size)
	defer side.stop()
	l, err := checkAndLoadWith(ctx, c, side, version, prog)
	if err != nil && ctx.Err() == nil {
		if ierr := side.integrity(); ierr != nil {
			return nil, ierr
		}
	}
	return l, err
}

func checkAndLoadWith(ctx context.Context, c *conn, side *sideReader, version int, prog *progress) (*loaded, error) {
	v, err := checkFormat(ctx, c, version)
	if err != nil {
		return nil, err
	}
	l := &loaded{}
	var counts rowCounts
	if v < FormatVersion {
		if err := side.integrity(); err != nil {
			return nil, err
		}
		// The scores must be read after the migration, on this
		// connection, and the caps checked on the migrated tables.
		side.stop()
		if err := migrate(ctx, c, migrations, v, FormatVersion); err != nil {
			return nil, err
		}
		l.migrated = true
		if counts, err = checkTables(ctx, c); err != nil {
			return nil, err
		}
	} else {
		// The caps are measured while the side connection runs the
		// integrity check: both only read. What the integrity check finds
		// comes first, since a damaged file can break a cap too.
		var capsErr error
		counts, capsErr = checkTables(ctx, c)
		if err := side.integrity(); err != nil {
			return nil, err
		}
		if capsErr != nil {
			return nil, capsErr
		}
	}
	prog.step()
	prog.step()
	scores := func() (*scoreRows, error) { return readScores(ctx, c) }
	if !l.migrated {
		scores = side.scores // the checks above passed: the side may read
	}
	if l.project, l.stored, err = loadProject(ctx, c, counts, scores, prog); err != nil {
		return nil, err
	}
	// The model's checks and the digest only read the project: run them
	// side by side.
	checked := make(chan error, 1)
	go func() {
		err := checkProject(l.project)
		if err == nil {
			err = decodePictures(ctx, l.project)
		}
		checked <- err
	}()
	l.digest = digestOf(l.project)
	if err := <-checked; err != nil {
		return nil, err
	}
	vd := newVersionsDigest()
	if err := readVersionMetas(ctx, c, vd.add); err != nil {
		return nil, damaged(err)
	}
	l.digest = vd.sum(l.digest)
	return l, nil
}

// sideReader is the second connection of checkAndLoad: it runs the
// integrity check at once, and reads the scores once it is allowed to (the
// format and the caps have been checked on the first connection).
type sideReader struct {
	c         *conn
	cancel    context.CancelFunc
	checked   chan struct{} // closed when the integrity check has ended
	checkErr  error
	allow     chan bool // one value: whether to read the scores
	allowed   bool
	done      chan struct{} // closed when the goroutine has ended
	rows      *scoreRows
	scoresErr error
	stopped   bool
}

func startSideReader(ctx context.Context, c *conn, size int64) *sideReader {
	ctx, cancel := context.WithCancel(ctx)
	s := &sideReader{c: c, cancel: cancel, checked: make(chan struct{}), allow: make(chan bool, 1), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		s.checkErr = checkIntegrity(ctx, c, size)
		close(s.checked)
		if s.checkErr != nil || !<-s.allow {
			return
		}
		s.rows, s.scoresErr = readScores(ctx, c)
	}()
	return s
}

// integrity waits for the integrity check and returns its finding.
func (s *sideReader) integrity() error {
	<-s.checked
	return s.checkErr
}

// scores lets the side read the scores and waits for them.
func (s *sideReader) scores() (*scoreRows, error) {
	if err := s.integrity(); err != nil {
		return nil, err
	}
	if !s.allowed {
		s.allowed = true
		s.allow <- true
	}
	<-s.done
	return s.rows, s.scoresErr
}

// stop ends the side's work, waits for it and closes its connection; the
// first connection may then write. It may be called more than once.
func (s *sideReader) stop() {
	if s.stopped {
		return
	}
	s.stopped = true
	if !s.allowed {
		s.allowed = true
		s.allow <- false
	}
	<-s.checked // the integrity check's finding is kept, not cut short
	s.cancel()
	<-s.done
	s.c.close()
}

// damaged turns a SQLite error met while reading an untrusted file into a
// finding; other errors pass through.
func damaged(err error) error {
	var pr *problem
	if se := sqliteError(err); se != nil && !errors.As(err, &pr) {
		return bad("is damaged (%s)", oneLine(se.Error()))
	}
	return err
}
