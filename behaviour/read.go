package behaviour

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// logFormat is how DuckDB reads a log.
type logFormat int

const (
	formatCSV logFormat = iota
	formatJSON
	formatParquet
)

func (f logFormat) String() string {
	return [...]string{"CSV", "JSON Lines", "Parquet"}[f]
}

// fileColumn is the column DuckDB adds with each row's file; the name is
// unlikely in a real log, and a log that has it is refused by name.
const fileColumn = "waymark_source_file"

// formatOf says how to read a file by its name: .parquet is Parquet,
// .jsonl/.ndjson/.json JSON Lines, anything else CSV or TSV (the sniffer
// finds the delimiter). A .gz suffix is looked through.
func formatOf(name string) logFormat {
	n := strings.ToLower(name)
	n = strings.TrimSuffix(n, ".gz")
	switch {
	case strings.HasSuffix(n, ".parquet"):
		return formatParquet
	case strings.HasSuffix(n, ".jsonl"), strings.HasSuffix(n, ".ndjson"), strings.HasSuffix(n, ".json"):
		return formatJSON
	}
	return formatCSV
}

// resolveLogs expands globs (sorted, so that file order, and so ties,
// are the same on every run) and checks that the files exist and are of
// one format.
func resolveLogs(logs []string) ([]string, logFormat, error) {
	if len(logs) == 0 {
		return nil, 0, fmt.Errorf("no log to read")
	}
	var files []string
	for _, l := range logs {
		if strings.ContainsAny(l, "*?[") {
			m, err := filepath.Glob(l)
			if err != nil {
				return nil, 0, fmt.Errorf("the pattern %q is not a valid glob: %v", l, err)
			}
			if len(m) == 0 {
				return nil, 0, fmt.Errorf("no log matches %q", l)
			}
			slices.Sort(m)
			files = append(files, m...)
			continue
		}
		files = append(files, l)
	}
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			return nil, 0, fmt.Errorf("cannot read the log %s: %v", f, err)
		}
		if st.IsDir() {
			return nil, 0, fmt.Errorf("the log %s is a folder, not a file", f)
		}
	}
	format := formatOf(files[0])
	for _, f := range files[1:] {
		if g := formatOf(f); g != format {
			return nil, 0, fmt.Errorf("the log %s is %s but %s is %s: one import reads logs of one shape", f, g, files[0], format)
		}
	}
	return files, format, nil
}

// reader is the DuckDB table function reading files, every column as
// text: the time column is parsed by our SQL, so that a row DuckDB cannot
// read as a time is a bad row with its line number, not a failed import.
func reader(files []string, format logFormat, sample bool) string {
	list := fileList(files)
	switch format {
	case formatJSON:
		return "(SELECT COLUMNS(c -> c <> " + literal(fileColumn) + ")::VARCHAR, " + ident(fileColumn) +
			" FROM read_json(" + list + ", format = 'newline_delimited', filename = " + literal(fileColumn) + "))"
	case formatParquet:
		return "(SELECT COLUMNS(c -> c <> " + literal(fileColumn) + ")::VARCHAR, " + ident(fileColumn) +
			" FROM read_parquet(" + list + ", filename = " + literal(fileColumn) + "))"
	}
	rejects := ", store_rejects = true"
	if sample {
		rejects = ", ignore_errors = true"
	}
	// The sniffer finds delimiter, quoting and header. Rows it cannot
	// split are kept in reject_errors with their line numbers.
	return "read_csv(" + list + ", all_varchar = true, filename = " + literal(fileColumn) + rejects + ")"
}

// columnsOf is the columns DuckDB finds in files, in order.
func (e *Engine) columnsOf(ctx context.Context, files []string, format logFormat) ([]string, error) {
	var cols []string
	err := e.rows(ctx, "DESCRIBE SELECT * FROM "+reader(files, format, true), nil, func(r *sql.Rows) error {
		vals := make([]any, 6)
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := r.Scan(ptrs...); err != nil {
			return err
		}
		if name := fmt.Sprint(vals[0]); name != fileColumn {
			cols = append(cols, name)
		}
		return nil
	})
	return cols, err
}

// checkShapes reads each file's header and names the first whose columns
// differ from the first file's.
func (e *Engine) checkShapes(ctx context.Context, files []string, format logFormat) ([]string, error) {
	first, err := e.columnsOf(ctx, files[:1], format)
	if err != nil {
		return nil, fmt.Errorf("DuckDB cannot read the log %s: %v", files[0], oneLine(err))
	}
	if slices.Contains(first, fileColumn) {
		return nil, fmt.Errorf("the log %s has a column named %q, which Waymark uses itself; rename it", files[0], fileColumn)
	}
	for _, f := range files[1:] {
		cols, err := e.columnsOf(ctx, []string{f}, format)
		if err != nil {
			return nil, fmt.Errorf("DuckDB cannot read the log %s: %v", f, oneLine(err))
		}
		if !slices.Equal(cols, first) {
			return nil, fmt.Errorf("the log %s has the columns %s, not those of %s (%s): one import reads logs of one shape",
				f, strings.Join(cols, ", "), files[0], strings.Join(first, ", "))
		}
	}
	return first, nil
}

// fingerprint hashes a file; Go reads the bytes only to hash them.
func fingerprint(name string) (size int64, digest string, err error) {
	f, err := os.Open(name)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return 0, "", err
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

// oneLine keeps the first line of a DuckDB error: the rest is hints and
// candidate lists.
func oneLine(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// fileList is files as a DuckDB list literal, for its readers.
func fileList(files []string) string {
	quoted := make([]string, len(files))
	for i, f := range files {
		quoted[i] = literal(f)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}
