// Package behaviour turns event logs into journey figures. It owns an
// embedded DuckDB: DuckDB reads the logs (CSV, TSV, JSON Lines, Parquet,
// gzipped or not), and the stage mapping, identity stitching and metrics
// are its SQL. Go only builds that SQL and turns result rows into the
// plain values of model.Behaviour. The package never reads or writes a
// .cjm file.
package behaviour

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"
)

// Options set DuckDB up for a desktop app and say how strict an import is.
type Options struct {
	// MemoryLimit is DuckDB's memory limit, e.g. "4GB"; empty means about
	// half the machine's RAM. Beyond it DuckDB spills to TempRoot.
	MemoryLimit string
	// Threads is how many threads DuckDB uses; 0 means one per CPU.
	Threads int
	// TempRoot is where this engine's spill folder is made; empty means
	// os.UserCacheDir()/waymark/duckdb.
	TempRoot string
	// ExistingStagesOnly makes a rule naming a stage the journey does not
	// have an error, instead of adding the stage at the end.
	ExistingStagesOnly bool
	// Now stamps the sources' import time; nil means time.Now.
	Now func() time.Time
}

// Engine is one in-memory DuckDB database with its own spill folder. It
// is not safe for concurrent use: one import at a time.
type Engine struct {
	db   *sql.DB
	conn *sql.Conn
	temp string
	opts Options
}

// Open starts an in-memory DuckDB for imports. Close it to remove its
// spill folder.
func Open(ctx context.Context, opts Options) (*Engine, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	root := opts.TempRoot
	if root == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			cache = os.TempDir()
		}
		root = filepath.Join(cache, "waymark", "duckdb")
	}
	if err := os.MkdirAll(root, 0o700); err != nil {
		return nil, fmt.Errorf("cannot make DuckDB's spill folder %s: %w", root, err)
	}
	// A folder per engine, so that two running imports never share spill
	// files and Close removes exactly what this one made.
	temp, err := os.MkdirTemp(root, "run-")
	if err != nil {
		return nil, fmt.Errorf("cannot make DuckDB's spill folder in %s: %w", root, err)
	}
	e := &Engine{temp: temp, opts: opts}
	fail := func(err error) (*Engine, error) {
		e.Close()
		return nil, err
	}
	connector, err := duckdb.NewConnector("", nil)
	if err != nil {
		return fail(fmt.Errorf("cannot start DuckDB: %w", err))
	}
	e.db = sql.OpenDB(connector)
	e.db.SetMaxOpenConns(1)
	// One connection holds the import's tables and settings throughout.
	if e.conn, err = e.db.Conn(ctx); err != nil {
		return fail(fmt.Errorf("cannot start DuckDB: %w", err))
	}
	threads := opts.Threads
	if threads <= 0 {
		threads = runtime.NumCPU()
	}
	memory := opts.MemoryLimit
	if memory == "" {
		memory = halfRAM()
	}
	settings := []string{
		"SET threads = " + strconv.Itoa(threads),
		"SET temp_directory = " + literal(temp),
		"SET preserve_insertion_order = true",
		"SET enable_progress_bar = false",
	}
	if memory != "" {
		settings = append(settings, "SET memory_limit = "+literal(memory))
	}
	for _, s := range settings {
		if _, err := e.conn.ExecContext(ctx, s); err != nil {
			return fail(fmt.Errorf("cannot set DuckDB up (%s): %w", s, err))
		}
	}
	if err := e.setZone(ctx, ""); err != nil {
		return fail(err)
	}
	return e, nil
}

// Close ends DuckDB and removes the spill folder.
func (e *Engine) Close() error {
	var first error
	if e.conn != nil {
		first = e.conn.Close()
		e.conn = nil
	}
	if e.db != nil {
		if err := e.db.Close(); first == nil {
			first = err
		}
		e.db = nil
	}
	if e.temp != "" {
		if err := os.RemoveAll(e.temp); first == nil {
			first = err
		}
		e.temp = ""
	}
	return first
}

// setZone sets the ICU time zone in which date-times without an offset
// are read: zone, or the machine's when zone is empty.
func (e *Engine) setZone(ctx context.Context, zone string) error {
	name := zone
	if name == "" {
		name = MachineZone()
	}
	if _, err := e.conn.ExecContext(ctx, "SET TimeZone = "+literal(name)); err != nil {
		if zone == "" {
			// The machine's zone under a name ICU does not know: UTC.
			_, err = e.conn.ExecContext(ctx, "SET TimeZone = 'UTC'")
			return err
		}
		return fmt.Errorf("the mapping's time zone %q is not a known IANA zone such as Europe/Amsterdam", zone)
	}
	return nil
}

// MachineZone is the IANA name of the machine's time zone, or "UTC": the
// zone of times without an offset when a mapping names none.
func MachineZone() string {
	if tz := os.Getenv("TZ"); tz != "" {
		return strings.TrimPrefix(tz, ":")
	}
	if target, err := os.Readlink("/etc/localtime"); err == nil {
		if i := strings.Index(target, "zoneinfo/"); i >= 0 {
			return target[i+len("zoneinfo/"):]
		}
	}
	if b, err := os.ReadFile("/etc/timezone"); err == nil {
		if s := strings.TrimSpace(string(b)); s != "" {
			return s
		}
	}
	if n := time.Local.String(); n != "Local" && n != "" {
		return n
	}
	return "UTC"
}

// halfRAM is half the machine's memory as a DuckDB size, or "" to keep
// DuckDB's own default where the total cannot be read.
func halfRAM() string {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return ""
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		fields := strings.Fields(s.Text())
		if len(fields) >= 2 && fields[0] == "MemTotal:" {
			kb, err := strconv.ParseInt(fields[1], 10, 64)
			if err != nil || kb <= 0 {
				return ""
			}
			return strconv.FormatInt(kb/2/1024, 10) + "MB"
		}
	}
	return ""
}

// ident quotes a column name from an untrusted file for SQL.
func ident(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// literal quotes a string as an SQL literal, for the places DuckDB does
// not take a bound parameter (file lists of table functions, SET).
func literal(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

func (e *Engine) exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := e.conn.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, nil
	}
	return n, nil
}

// rows runs query and calls scan for each row.
func (e *Engine) rows(ctx context.Context, query string, args []any, scan func(*sql.Rows) error) error {
	r, err := e.conn.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer r.Close()
	for r.Next() {
		if err := scan(r); err != nil {
			return err
		}
	}
	return r.Err()
}
