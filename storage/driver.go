package storage

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
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
