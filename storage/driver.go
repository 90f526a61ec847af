package storage

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/mattn/go-sqlite3"
)

// driverName is go-sqlite3 with every connection hardened as
// sqlite.org/security.html advises for databases from elsewhere. Waymark
// opens every file through it, its own working copies included: they were
// someone else's file a moment ago.
const driverName = "waymark-sqlite3"

// maxValueBytes caps one string, blob or row inside SQLite. It is above the
// largest value a Waymark file may hold (see caps.go), so legitimate files
// never hit it, and it bounds what a hostile record can make SQLite allocate.
const maxValueBytes = 64 << 20

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

// conn is one SQLite connection held for as long as it is used, so that
// per-connection pragmas, manual transactions and prepared statements all
// stay on it.
type conn struct {
	db *sql.DB
	*sql.Conn
}

// openConn opens path with the hardened driver. params are SQLite URI
// parameters such as "mode=ro".
func openConn(ctx context.Context, path, params string) (*conn, error) {
	db, err := sql.Open(driverName, uriFor(path, params))
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	c, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	return &conn{db, c}, nil
}

func (c *conn) close() error {
	if c == nil {
		return nil
	}
	err := c.Conn.Close()
	if err2 := c.db.Close(); err == nil {
		err = err2
	}
	return err
}

// exec runs statements that take no arguments, in order.
func (c *conn) exec(ctx context.Context, stmts ...string) error {
	for _, s := range stmts {
		if _, err := c.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

// intPragma reads a pragma that returns one integer.
func (c *conn) intPragma(ctx context.Context, name string) (int64, error) {
	var v int64
	err := c.QueryRowContext(ctx, "PRAGMA "+name).Scan(&v)
	return v, err
}

// inTx runs f inside BEGIN IMMEDIATE … COMMIT on the connection, rolling
// back on error. Transactions are issued by hand rather than with
// database/sql's Tx so that statements prepared once on the connection are
// reused as they are (Tx.Stmt re-prepares connection-bound statements).
func (c *conn) inTx(ctx context.Context, f func() error) error {
	if _, err := c.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return err
	}
	if err := f(); err != nil {
		// A background context: the rollback must run even if ctx is done.
		c.ExecContext(context.Background(), "ROLLBACK")
		return err
	}
	if _, err := c.ExecContext(ctx, "COMMIT"); err != nil {
		c.ExecContext(context.Background(), "ROLLBACK")
		return err
	}
	return nil
}

// uriFor builds a SQLite URI for a file path, escaping every character that
// URIs give a meaning to, so that a folder named "a?b#c%" still works.
func uriFor(path, params string) string {
	if path == ":memory:" {
		return "file::memory:?" + params
	}
	// A URI path is absolute: a relative one would name a file at the root.
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows: C:/x becomes /C:/x, as SQLite expects
	}
	var b strings.Builder
	b.WriteString("file://")
	for i := 0; i < len(p); i++ {
		ch := p[i]
		switch {
		case 'a' <= ch && ch <= 'z', 'A' <= ch && ch <= 'Z', '0' <= ch && ch <= '9',
			ch == '/', ch == '-', ch == '_', ch == '.', ch == '~', ch == ':':
			b.WriteByte(ch)
		default:
			fmt.Fprintf(&b, "%%%02X", ch)
		}
	}
	if params != "" {
		b.WriteString("?")
		b.WriteString(params)
	}
	return b.String()
}
