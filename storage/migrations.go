package storage

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// migrationFiles holds the schema as a series of SQL files, NNNN_name.sql,
// one per format version. Running 1..N on an empty database gives exactly
// the schema of format N, which is also how the expected schema of a file is
// computed (see expectedSchema): there is one definition, not two to keep in
// step.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

var migrations = mustLoadMigrations()

func mustLoadMigrations() []migration {
	list, err := loadMigrations(migrationFiles, "migrations")
	if err != nil {
		panic(err) // a build mistake, caught by every test run
	}
	if len(list) != FormatVersion {
		panic(fmt.Sprintf("storage: %d migrations embedded but FormatVersion is %d", len(list), FormatVersion))
	}
	return list
}

func loadMigrations(fsys fs.FS, dir string) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var list []migration
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".sql") {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("storage: migration %s is not named NNNN_name.sql", name)
		}
		data, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			return nil, err
		}
		list = append(list, migration{version: v, name: name, sql: string(data)})
	}
	sort.Slice(list, func(i, k int) bool { return list[i].version < list[k].version })
	if err := checkMigrationList(list); err != nil {
		return nil, err
	}
	return list, nil
}

// checkMigrationList requires versions 1, 2, … n with no gap or repeat.
func checkMigrationList(list []migration) error {
	for i, m := range list {
		if m.version != i+1 {
			return fmt.Errorf("storage: migration %s should be number %d", m.name, i+1)
		}
	}
	return nil
}

// migrate brings a database from format from to format to by running the
// migrations in between, in order, inside one transaction, and stamps the
// application id and the new user_version in that same transaction. Either
// every step lands or none does.
func migrate(ctx context.Context, c *conn, list []migration, from, to int) error {
	if err := checkMigrationList(list); err != nil {
		return err
	}
	if to > len(list) || from < 0 || from > to {
		return fmt.Errorf("storage: cannot migrate from format %d to %d", from, to)
	}
	if from == to {
		return nil
	}
	return c.inTx(ctx, func() error {
		for _, m := range list[from:to] {
			if _, err := c.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s failed: %w", m.name, err)
			}
		}
		return c.exec(ctx,
			fmt.Sprintf("PRAGMA application_id = %d", ApplicationID),
			fmt.Sprintf("PRAGMA user_version = %d", to))
	})
}

// schemaObject is one row of sqlite_schema, without rootpage (which depends
// on the file's history, not on its meaning).
type schemaObject struct {
	typ, name, table, sql string
}

var expected struct {
	sync.Mutex
	byVersion map[int][]schemaObject
}

// expectedSchema returns exactly the objects Waymark creates for a format
// version, by running migrations 1..version on an in-memory database once.
func expectedSchema(ctx context.Context, version int) ([]schemaObject, error) {
	expected.Lock()
	defer expected.Unlock()
	if s, ok := expected.byVersion[version]; ok {
		return s, nil
	}
	c, err := openConn(ctx, ":memory:", "")
	if err != nil {
		return nil, err
	}
	defer c.close()
	if err := migrate(ctx, c, migrations, 0, version); err != nil {
		return nil, err
	}
	s, err := readSchema(ctx, c)
	if err != nil {
		return nil, err
	}
	if expected.byVersion == nil {
		expected.byVersion = map[int][]schemaObject{}
	}
	expected.byVersion[version] = s
	return s, nil
}

// readSchema lists sqlite_schema sorted by type and name.
func readSchema(ctx context.Context, c *conn) ([]schemaObject, error) {
	rows, err := c.QueryContext(ctx,
		"SELECT coalesce(type, ''), coalesce(name, ''), coalesce(tbl_name, ''), coalesce(sql, '') "+
			"FROM sqlite_schema ORDER BY type, name")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []schemaObject
	for rows.Next() {
		var o schemaObject
		if err := rows.Scan(&o.typ, &o.name, &o.table, &o.sql); err != nil {
			return nil, err
		}
		out = append(out, o)
		if len(out) > 1000 {
			return nil, bad("contains more than 1000 schema objects, which Waymark files never have")
		}
	}
	return out, rows.Err()
}
