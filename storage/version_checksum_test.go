package storage

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"waymark/model"
)

// storedDigest is the digest a file's project row holds.
func storedDigest(t testing.TB, path string) string {
	t.Helper()
	db := plainDB(t, path)
	defer db.Close()
	var d string
	if err := db.QueryRow("SELECT digest FROM project").Scan(&d); err != nil {
		t.Fatal(err)
	}
	return d
}

// The file's digest covers the versions' metadata, checksums included,
// and is taken when the file opens without reading any version's data;
// decoding a version checks its JSON against its checksum.
func TestVersionsInTheDigest(t *testing.T) {
	t.Run("a version renamed outside Waymark", func(t *testing.T) {
		for _, stmt := range []string{
			"UPDATE version SET name = 'Renamed' WHERE seq = 1",
			"UPDATE version SET note = 'A note' WHERE seq = 2",
			"UPDATE version SET checksum = upper(checksum) WHERE seq = 2",
			"DELETE FROM version WHERE seq = 2",
		} {
			path := versionFile(t, t.TempDir())
			rawExec(t, path, stmt)
			before := fileState(t, path)
			doc, err := Open(ctx, path, testOptions(t))
			if err != nil {
				t.Fatal(err)
			}
			outside := doc.ChangedOutside()
			doc.Close()
			if !outside {
				t.Fatalf("%s: not noticed", stmt)
			}
			if fileState(t, path) != before {
				t.Fatal("the file changed")
			}
		}
		doc, err := Open(ctx, versionFile(t, t.TempDir()), testOptions(t))
		if err != nil {
			t.Fatal(err)
		}
		defer doc.Close()
		if doc.ChangedOutside() {
			t.Fatal("the file as Waymark saved it reads as changed outside Waymark")
		}
	})

	t.Run("a version's data replaced", func(t *testing.T) {
		dir := t.TempDir()
		path := versionFile(t, dir)
		c, err := openConn(ctx, path, "mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		one, err := readVersionText(ctx, c, 1)
		if err != nil {
			t.Fatal(err)
		}
		two, err := readVersionText(ctx, c, 2)
		c.close()
		if err != nil {
			t.Fatal(err)
		}
		// Other JSON of the same length, well compressed: only the
		// checksum tells.
		other := bytes.Replace(two.json, []byte("Changed for two"), []byte("Changed for TWO"), 1)
		if bytes.Equal(other, two.json) || len(other) != len(two.json) {
			t.Fatal("version 2 does not hold its edit")
		}
		data, err := packChange(one.json, other)
		if err != nil {
			t.Fatal(err)
		}
		rawExecArgs(t, path, "UPDATE version SET data = ? WHERE seq = 2", data)
		before := fileState(t, path)
		files := listing(t, dir)

		doc, err := Open(ctx, path, testOptions(t))
		if err != nil {
			t.Fatal(err)
		}
		defer doc.Close()
		// Opening reads no version's data: the digest cannot tell.
		if doc.ChangedOutside() {
			t.Fatal("opening read a version's data")
		}
		want := `x.cjm: version 2 "Two" does not match its checksum: it was changed outside Waymark or is damaged`
		_, err = doc.VersionProject(ctx, 2)
		assertSentence(t, err, want, true)
		_, err = LoadVersion(ctx, path, 2)
		assertSentence(t, err, want, true)
		if _, err := doc.VersionProject(ctx, 1); err != nil {
			t.Fatalf("version 1: %v", err)
		}
		if fileState(t, path) != before || listing(t, dir) != files {
			t.Fatal("the file or its folder changed")
		}
	})

	// A file without versions keeps the digest it had before versions
	// entered it: a format-3 file saved as format 4 stores the same.
	t.Run("a file without versions", func(t *testing.T) {
		orig, err := os.ReadFile("testdata/format3.cjm")
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "old.cjm")
		if err := os.WriteFile(path, orig, 0o644); err != nil {
			t.Fatal(err)
		}
		was := storedDigest(t, path)
		doc, err := Open(ctx, path, testOptions(t))
		if err != nil {
			t.Fatal(err)
		}
		defer doc.Close()
		if err := doc.Save(ctx); err != nil {
			t.Fatal(err)
		}
		if now := storedDigest(t, path); now != was || newVersionsDigest().sum(was) != was {
			t.Fatalf("digest %s, format 3 stored %s", now, was)
		}
		again, err := Open(ctx, path, testOptions(t))
		if err != nil {
			t.Fatal(err)
		}
		defer again.Close()
		if again.ChangedOutside() {
			t.Fatal("the saved file reads as changed outside Waymark")
		}
		// With a version, the digest is another.
		if _, err := again.SaveVersion(ctx, model.Version{Name: "First"}); err != nil {
			t.Fatal(err)
		}
		if err := again.Save(ctx); err != nil {
			t.Fatal(err)
		}
		if d := storedDigest(t, path); d == was || strings.ContainsAny(d, "\n") {
			t.Fatalf("with a version the digest is still %s", d)
		}
	})
}
