package storage

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/mattn/go-sqlite3"

	"waymark/model"
)

// integrityCheckBelow is the file size under which the full integrity_check
// runs; above it quick_check (which skips index-versus-table comparison)
// keeps opening fast. Loading reads tables, never indexes, and the digest
// catches content changes, so quick_check loses little.
const integrityCheckBelow = 4 << 20

// inspect runs the checks that come before reading any row: SQLite's
// integrity check first (before any other query), then application_id and
// user_version as SQLite sees them, then the exact schema. version is the
// format the header gave, or 0 to take it from the file (working copies,
// whose header may lag behind their WAL). It returns the file's format.
func inspect(ctx context.Context, c *conn, size int64, version int) (int, error) {
	pragma := "quick_check(10)"
	if size < integrityCheckBelow {
		pragma = "integrity_check(10)"
	}
	rows, err := c.QueryContext(ctx, "PRAGMA "+pragma)
	if err != nil {
		return 0, explainFailure(ctx, c, err)
	}
	var findings []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return 0, err
		}
		findings = append(findings, line)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, explainFailure(ctx, c, err)
	}
	if len(findings) != 1 || findings[0] != "ok" {
		return 0, integrityProblem(ctx, c, findings)
	}

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
	var se sqlite3.Error
	if errors.As(err, &se) {
		if serr := checkSchema(ctx, c, FormatVersion); serr != nil {
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
		"touchpoint": touchpointCols, "emotion": emotionCols}
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

// How much checkAndLoad checks: a shared file gets everything; a working
// copy is private and keeps no current digest.
type trust int

const (
	shared trust = iota
	private
)

// checkAndLoad runs every check on an opened database and loads it: the
// integrity check, format, schema, migration of an older format, row and
// size caps, NULLs, references, image headers, Validate, and the content
// digest (see trust). file is the database's file, whose pages the cards
// are read from (cards.go). It returns the project, its digest and whether
// it was migrated.
func checkAndLoad(ctx context.Context, c *conn, file *os.File, size int64, version int, level trust, prog *progress) (*model.Project, string, bool, error) {
	var scan *cardScan
	defer func() {
		if scan != nil {
			scan.stop() // the file stays open until the scan has ended
		}
	}()
	if level == shared {
		// A fresh copy of a shared file: nothing has written to it yet,
		// so its cards are read from its pages while SQLite checks it.
		// What the scan finds is only looked at after SQLite's checks.
		scan = startCardScan(ctx, file)
	}
	v, err := inspect(ctx, c, size, version)
	if err != nil {
		return nil, "", false, err
	}
	prog.step()
	migrated := false
	if v < FormatVersion {
		if scan != nil {
			scan.stop() // it read the old format
		}
		if err := migrate(ctx, c, migrations, v, FormatVersion); err != nil {
			return nil, "", false, err
		}
		migrated = true
	}
	if scan == nil || migrated {
		// The file has been written to (or, for a working copy, has a
		// log): its pages alone must hold it before they are read.
		if err := settle(ctx, c); err != nil {
			return nil, "", false, err
		}
		scan = startCardScan(ctx, file)
	}
	counts, err := checkRowCaps(ctx, c)
	if err != nil {
		return nil, "", false, err
	}
	prog.step()
	p, stored, err := loadProject(ctx, c, &counts, scan, prog)
	if err != nil {
		return nil, "", false, err
	}
	// The model's checks and the digest only read the project: run them
	// side by side.
	checked := make(chan error, 1)
	go func() { checked <- checkProject(p) }()
	digest := digestOf(p)
	if err := <-checked; err != nil {
		return nil, "", false, err
	}
	// A migrated file's digest was taken over its old format; see digestOf.
	if level != private && !migrated && stored != digest {
		return nil, "", false, bad("is damaged or was changed outside Waymark (its content does not match its checksum)")
	}
	return p, digest, migrated, nil
}

// settle moves whatever the database's write-ahead log holds into the
// database file, so that the file's pages alone hold the database, as the
// page scan needs. In rollback-journal mode there is nothing to do.
func settle(ctx context.Context, c *conn) error {
	var busy, logged, moved int64
	if err := c.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logged, &moved); err != nil {
		return err
	}
	if busy != 0 || logged != moved {
		return errors.New("the database's write-ahead log could not be written into its file; try again")
	}
	return nil
}

// damaged turns a SQLite error met while reading an untrusted file into a
// finding; other errors pass through.
func damaged(err error) error {
	var se sqlite3.Error
	var pr *problem
	if err != nil && !errors.As(err, &pr) && errors.As(err, &se) {
		return bad("is damaged (%s)", oneLine(se.Error()))
	}
	return err
}
