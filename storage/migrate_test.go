package storage

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestEmbeddedMigrations(t *testing.T) {
	if len(migrations) != FormatVersion {
		t.Fatalf("%d migrations for format %d", len(migrations), FormatVersion)
	}
	if migrations[0].name != "0001_initial.sql" {
		t.Fatalf("first migration is %s", migrations[0].name)
	}
	schema, err := expectedSchema(ctx, FormatVersion)
	if err != nil {
		t.Fatal(err)
	}
	tables := map[string]bool{}
	for _, o := range schema {
		if o.typ == "table" {
			tables[o.name] = true
			if !strings.HasSuffix(strings.TrimSpace(o.sql), "STRICT") && !strings.HasSuffix(o.sql, "STRICT, WITHOUT ROWID") {
				t.Errorf("table %s is not STRICT", o.name)
			}
		}
		if o.typ == "trigger" || o.typ == "view" {
			t.Errorf("Waymark's own schema has a %s", o.typ)
		}
	}
	for _, spec := range tableSpecs {
		if !tables[spec.name] {
			t.Errorf("caps name table %s, which the schema lacks", spec.name)
		}
		delete(tables, spec.name)
	}
	if len(tables) != 0 {
		t.Errorf("tables without caps: %v", tables)
	}
}

func TestLoadMigrationsRejectsGaps(t *testing.T) {
	fsys := fstest.MapFS{
		"m/0001_a.sql": {Data: []byte("CREATE TABLE a (x) STRICT;")},
		"m/0003_c.sql": {Data: []byte("CREATE TABLE c (x) STRICT;")},
	}
	if _, err := loadMigrations(fsys, "m"); err == nil {
		t.Fatal("a gap in migration numbers was accepted")
	}
	fsys["m/0002_b.sql"] = &fstest.MapFile{Data: []byte("SELECT 1;")}
	fsys["m/notes.txt"] = &fstest.MapFile{Data: []byte("ignored")}
	list, err := loadMigrations(fsys, "m")
	if err != nil || len(list) != 3 || list[1].name != "0002_b.sql" {
		t.Fatalf("%v %v", list, err)
	}
}

// The runner applies migrations in order, each seeing the ones before, in
// one transaction: a failing step leaves the database as it was.
func TestMigrationRunner(t *testing.T) {
	list := []migration{
		{1, "0001_a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY, x TEXT NOT NULL) STRICT; INSERT INTO a (x) VALUES ('one');"},
		{2, "0002_b.sql", "ALTER TABLE a ADD COLUMN y TEXT NOT NULL DEFAULT 'two'; CREATE INDEX a_y ON a (y);"},
		{3, "0003_c.sql", "CREATE TABLE c (id INTEGER PRIMARY KEY) STRICT; INSERT INTO c SELECT id FROM a WHERE y = 'two';"},
	}
	path := filepath.Join(t.TempDir(), "m.db")
	c, err := openConn(ctx, path, "mode=rwc")
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	version := func() int64 {
		v, err := c.intPragma(ctx, "user_version")
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if err := migrate(ctx, c, list, 0, 2); err != nil {
		t.Fatal(err)
	}
	if v := version(); v != 2 {
		t.Fatalf("user_version %d after 0→2", v)
	}
	if app, _ := c.intPragma(ctx, "application_id"); app != ApplicationID {
		t.Fatalf("application_id %d", app)
	}
	if err := migrate(ctx, c, list, 2, 3); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := c.QueryRowContext(ctx, "SELECT count(*) FROM c").Scan(&n); err != nil || n != 1 || version() != 3 {
		t.Fatalf("after 2→3: %d rows, %v, version %d", n, err, version())
	}

	// A failing third step undoes the first two.
	broken := append(list[:2:2], migration{3, "0003_bad.sql", "CREATE TABLE d (x) STRICT; INSERT INTO nowhere VALUES (1);"})
	path2 := filepath.Join(t.TempDir(), "m2.db")
	c2, err := openConn(ctx, path2, "mode=rwc")
	if err != nil {
		t.Fatal(err)
	}
	defer c2.close()
	err = migrate(ctx, c2, broken, 0, 3)
	if err == nil || !strings.Contains(err.Error(), "0003_bad.sql") {
		t.Fatalf("got %v", err)
	}
	if v, _ := c2.intPragma(ctx, "user_version"); v != 0 {
		t.Fatalf("user_version %d after a failed migration", v)
	}
	var objects int
	c2.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&objects)
	if objects != 0 {
		t.Fatalf("%d schema objects left by a failed migration", objects)
	}
	// Out of order or from the future is refused outright.
	if err := migrate(ctx, c2, []migration{list[1], list[0]}, 0, 2); err == nil {
		t.Fatal("out-of-order list accepted")
	}
	if err := migrate(ctx, c2, list, 0, 4); err == nil {
		t.Fatal("migrating past the last migration accepted")
	}
}

// The header alone decides these, before SQLite sees the file.
func TestHeaderFormatVersion(t *testing.T) {
	good, _ := goodFile(t)
	for _, c := range []struct {
		version int32
		want    string
	}{
		{0, "is not a valid Waymark project (format version 0; Waymark files start at format 1)"},
		{-1, "is not a valid Waymark project (format version -1; Waymark files start at format 1)"},
		{FormatVersion + 1, "made by a newer version of Waymark (format 5); this version reads up to format 4"},
		{1 << 30, "made by a newer version of Waymark (format 1073741824); this version reads up to format 4"},
	} {
		b := append([]byte(nil), good...)
		binary.BigEndian.PutUint32(b[60:64], uint32(c.version))
		if _, err := checkHeader(b[:headerSize], int64(len(b))); err == nil || err.Error() != c.want {
			t.Errorf("version %d: got %v", c.version, err)
		}
		path := filepath.Join(t.TempDir(), "v.cjm")
		os.WriteFile(path, b, 0o644)
		assertRefused(t, path, "v.cjm: "+c.want, true)
	}
}
