//go:build cgo

package storage

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/mattn/go-sqlite3"
)

// connLimits are the SQLITE_LIMIT_* values of every connection: generous for
// Waymark's own statements and schema, small for anything a file could smuggle.
var connLimits = []struct{ id, value int }{
	{sqlite3.SQLITE_LIMIT_LENGTH, maxValueBytes},
	{sqlite3.SQLITE_LIMIT_SQL_LENGTH, 100_000},
	{sqlite3.SQLITE_LIMIT_COLUMN, 100},
	{sqlite3.SQLITE_LIMIT_EXPR_DEPTH, 50},
	{sqlite3.SQLITE_LIMIT_COMPOUND_SELECT, 3},
	{sqlite3.SQLITE_LIMIT_VDBE_OP, 25_000},
	{sqlite3.SQLITE_LIMIT_FUNCTION_ARG, 8},
	{sqlite3.SQLITE_LIMIT_ATTACHED, 0},
	{sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 50},
	{sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, maxVariables},
	{sqlite3.SQLITE_LIMIT_TRIGGER_DEPTH, 1},
	{sqlite3.SQLITE_LIMIT_WORKER_THREADS, 0},
}

// connPragmas run on every connection before any other statement. Extension
// loading stays off: go-sqlite3 enables it only for the Extensions list,
// which is empty here.
var connPragmas = []string{
	"PRAGMA trusted_schema = OFF",
	"PRAGMA cell_size_check = ON",
	"PRAGMA mmap_size = 0",
	"PRAGMA cache_size = -16384",
}

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: hardenConn})
}

func hardenConn(c *sqlite3.SQLiteConn) error {
	for _, l := range connLimits {
		c.SetLimit(l.id, l.value)
	}
	for _, q := range connPragmas {
		if _, err := c.Exec(q, nil); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return nil
}

// sqliteError returns the SQLite error inside err, or nil.
func sqliteError(err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return se
	}
	return nil
}

// diskFullError reports whether err is SQLite's SQLITE_FULL.
func diskFullError(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.Code == sqlite3.ErrFull
}
