package storage

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"waymark/model"
)

// goodFile writes the rich project once per test and returns its bytes and
// its JSON.
func goodFile(t *testing.T) ([]byte, string) {
	t.Helper()
	p := richProject(t)
	path := writeGood(t, p, t.TempDir(), "good.cjm")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b, encodeJSON(t, p)
}

// assertRefused opens and checks a hostile file and requires one clear
// sentence naming it, with nothing changed on disk and nothing left in the
// data dir.
func assertRefused(t *testing.T, path, want string, exact bool) {
	t.Helper()
	dir := filepath.Dir(path)
	before := fileState(t, path)
	files := listing(t, dir)
	opt := testOptions(t)
	doc, err := Open(ctx, path, opt)
	if err == nil {
		doc.Close()
		t.Fatalf("opened a hostile file (wanted %q)", want)
	}
	msg := err.Error()
	switch {
	case exact && msg != want:
		t.Fatalf("error\n %q\nwant\n %q", msg, want)
	case !exact && !strings.Contains(msg, want):
		t.Fatalf("error %q does not say %q", msg, want)
	case !strings.HasPrefix(msg, filepath.Base(path)+":"), strings.ContainsAny(msg, "\r\n"):
		t.Fatalf("error is not one sentence naming the file: %q", msg)
	}
	if _, cerr := Check(ctx, path); cerr == nil || cerr.Error() != msg {
		t.Fatalf("Check says %v, Open says %q", cerr, msg)
	}
	if now := fileState(t, path); now != before {
		t.Fatal("the file's bytes changed")
	}
	if got := listing(t, dir); got != files {
		t.Fatalf("the folder changed:\n%s\nwas\n%s", got, files)
	}
	if left := workingFiles(t, opt); len(left) != 0 {
		t.Fatalf("working copy left behind: %v", left)
	}
}

// fileState is a file's bytes, or for a huge (sparse) test file its size,
// time and first megabyte, which is where opening could write.
func fileState(t *testing.T, path string) string {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil || fi.IsDir() {
		return ""
	}
	if fi.Size() <= 64<<20 {
		b, _ := os.ReadFile(path)
		return string(b)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	head := make([]byte, 1<<20)
	n, _ := f.Read(head)
	return fmt.Sprint(fi.Size(), fi.ModTime(), string(head[:n]))
}

func TestHostileFiles(t *testing.T) {
	good, _ := goodFile(t)
	fromGood := func(stmts ...string) func(t *testing.T, path string) {
		return func(t *testing.T, path string) {
			if err := os.WriteFile(path, good, 0o644); err != nil {
				t.Fatal(err)
			}
			rawExec(t, path, stmts...)
		}
	}
	withBytes := func(b []byte) func(t *testing.T, path string) {
		return func(t *testing.T, path string) {
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	patched := func(off int, v byte) func(t *testing.T, path string) {
		b := bytes.Clone(good)
		b[off] = v
		return withBytes(b)
	}
	// nullTitle plants a NULL in a NOT NULL column: loosen the schema with
	// writable_schema, write the NULL, put the schema back.
	nullTitle := func(t *testing.T, path string) {
		withBytes(good)(t, path)
		rawExec(t, path, "PRAGMA writable_schema = ON",
			"UPDATE sqlite_schema SET sql = replace(sql, 'title           TEXT NOT NULL', 'title           TEXT') WHERE name = 'touchpoint'")
		rawExec(t, path, "UPDATE touchpoint SET title = NULL WHERE rowid = 2")
		rawExec(t, path, "PRAGMA writable_schema = ON",
			"UPDATE sqlite_schema SET sql = replace(sql, 'title           TEXT,', 'title           TEXT NOT NULL,') WHERE name = 'touchpoint'")
	}
	virtualTable := func(t *testing.T, path string) {
		withBytes(good)(t, path)
		if shell, err := exec.LookPath("sqlite3"); err == nil {
			if out, err := exec.Command(shell, path, "CREATE VIRTUAL TABLE ft USING fts5(body)").CombinedOutput(); err == nil {
				return
			} else {
				t.Logf("sqlite3 shell could not make an fts5 table (%v: %s); planting one", err, out)
			}
		}
		rawExec(t, path, "PRAGMA writable_schema = ON",
			"INSERT INTO sqlite_schema VALUES ('table', 'ft', 'ft', 0, 'CREATE VIRTUAL TABLE ft USING fts5(body)')")
	}

	cases := []struct {
		name  string
		make  func(t *testing.T, path string)
		want  string
		exact bool
	}{
		{"not SQLite (a PNG renamed)", withBytes(genPNG(t, 8, 8, false)),
			"x.cjm: is not a Waymark project (it is not an SQLite database)", true},
		{"ordinary SQLite database", func(t *testing.T, path string) {
			rawExec(t, path, "CREATE TABLE notes (body TEXT)", "INSERT INTO notes VALUES ('hello')")
		}, "x.cjm: is not a Waymark project (it is an SQLite database made by another program)", true},
		{"empty file", withBytes(nil), "x.cjm: is empty, so it is not a Waymark project", true},
		{"folder", func(t *testing.T, path string) {
			if err := os.Mkdir(path, 0o755); err != nil {
				t.Fatal(err)
			}
		}, "x.cjm: is a folder, not a Waymark project", true},
		{"wrong application_id", fromGood("PRAGMA application_id = 1234"), "x.cjm: is not a Waymark project", false},
		{"newer format", fromGood("PRAGMA user_version = 5"),
			"x.cjm: made by a newer version of Waymark (format 5); this version reads up to format 4", true},
		{"format 0", fromGood("PRAGMA user_version = 0"), "x.cjm: is not a valid Waymark project (format version 0", false},
		{"trigger", fromGood("CREATE TRIGGER t1 AFTER INSERT ON touchpoint BEGIN DELETE FROM persona; END"),
			`x.cjm: contains a trigger "t1", which Waymark files never have`, true},
		{"view", fromGood("CREATE VIEW v1 AS SELECT title FROM touchpoint"),
			`x.cjm: contains a view "v1", which Waymark files never have`, true},
		{"fts5 virtual table", virtualTable, `x.cjm: contains a virtual table "ft", which Waymark files never have`, true},
		{"extra index", fromGood("CREATE INDEX by_title ON touchpoint (title)"),
			`x.cjm: contains an index "by_title", which Waymark files never have`, true},
		{"extra table", fromGood("CREATE TABLE payload (x BLOB)"),
			`x.cjm: contains a table "payload", which Waymark files never have`, true},
		{"altered table", fromGood("ALTER TABLE touchpoint ADD COLUMN extra TEXT"),
			`its table "touchpoint" is not defined the way Waymark defines it`, false},
		{"dropped index", fromGood("DROP INDEX stage_journey"), `it lacks the index "stage_journey"`, false},
		{"oversize blob", fromGood("UPDATE image SET data = zeroblob(9 * 1024 * 1024) WHERE rowid = 1"),
			"x.cjm: table image, row 1: column data is 9,437,184 bytes, more than Waymark allows (8,388,608 bytes)", true},
		{"oversize id", fromGood("UPDATE touchpoint SET id = hex(randomblob(200)) WHERE rowid = 3"),
			"x.cjm: table touchpoint, row 3: column id is 400 bytes, more than Waymark allows (256 bytes)", true},
		{"oversize optional id", fromGood("UPDATE persona SET photo_id = hex(randomblob(200)) WHERE rowid = 1"),
			"x.cjm: table persona, row 1: column photo_id is 400 bytes, more than Waymark allows (256 bytes)", true},
		{"oversize score key", fromGood("UPDATE emotion SET persona_id = hex(randomblob(150)) WHERE (touchpoint_id, persona_id) = (SELECT touchpoint_id, persona_id FROM emotion LIMIT 1)"),
			"column persona_id is 300 bytes, more than Waymark allows (256 bytes)", false},
		{"oversize notes", fromGood("UPDATE touchpoint SET notes = printf('%.*c', 5000000, 'x') WHERE rowid = 5"),
			"x.cjm: table touchpoint, row 5: column notes is 5,000,000 bytes, more than Waymark allows (4,194,304 bytes)", true},
		{"too many personas", fromGood("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 10001) " +
			"INSERT INTO persona SELECT 'p' || x, x + 10, 'P', '', '', '', '', NULL FROM n"),
			"x.cjm: holds 10,004 persona rows, more than Waymark allows (10,000)", true},
		{"two project rows", fromGood("INSERT INTO project VALUES ('p2', 'Other', 1, 5, '')"),
			"x.cjm: is damaged (table project has 2 rows instead of 1)", true},
		{"PNG declaring 100000×100000", fromGood(fmt.Sprintf(
			"INSERT INTO image VALUES ('huge', 9, 'image/png', 100000, 100000, x'%x')", pngHeader(100000, 100000))),
			"x.cjm: image huge: size: 100000×100000 is larger than 2048 pixels a side", true},
		{"PNG lying about its size", fromGood(fmt.Sprintf(
			"INSERT INTO image VALUES ('liar', 9, 'image/png', 10, 10, x'%x')", pngHeader(100000, 100000))),
			"x.cjm: image liar: size: says 10×10 but the data is 100000×100000", true},
		{"image that is not an image", fromGood("UPDATE image SET data = x'00112233' WHERE rowid = 1"),
			"data: is not a PNG or JPEG image", false},
		{"card in a missing stage", fromGood("UPDATE touchpoint SET stage_id = 'no-such-stage' WHERE rowid = 1"),
			"stage: refers to a stage that is not in journey", false},
		{"card of a missing journey", fromGood("UPDATE touchpoint SET journey_id = 'ghost' WHERE rowid = 1"),
			`x.cjm: table touchpoint, row 1: journey "ghost" does not exist`, true},
		{"stage of a missing journey", fromGood("UPDATE stage SET journey_id = 'ghost' WHERE rowid = 2"),
			`x.cjm: table stage, row 2: journey "ghost" does not exist`, true},
		{"score of a missing card", fromGood("UPDATE emotion SET touchpoint_id = 'ghost' WHERE (touchpoint_id, persona_id) = (SELECT touchpoint_id, persona_id FROM emotion LIMIT 1)"),
			`x.cjm: table emotion, row (touchpoint "ghost", persona "`, false},
		{"score for a missing persona", fromGood("UPDATE emotion SET persona_id = 'ghost' WHERE (touchpoint_id, persona_id) = (SELECT touchpoint_id, persona_id FROM emotion LIMIT 1)"),
			"is scored for persona ghost, which does not exist", false},
		{"photo missing", fromGood("UPDATE persona SET photo_id = 'ghost' WHERE photo_id IS NOT NULL"),
			"photo: refers to an image that does not exist", false},
		{"journey drawn for a missing persona", fromGood("UPDATE journey_persona SET persona_id = 'ghost' WHERE rowid = 1"),
			"refers to persona ghost, which does not exist", false},
		{"score off the scale", fromGood("UPDATE emotion SET score = 99 WHERE (touchpoint_id, persona_id) = (SELECT touchpoint_id, persona_id FROM emotion LIMIT 1)"),
			"score 99 is outside the emotion scale 1..5", false},
		{"NULL where required", nullTitle, "x.cjm: table touchpoint, row 2: column title is NULL", true},
		{"bad boolean", fromGood("PRAGMA ignore_check_constraints = ON", "UPDATE lane SET hidden = 2 WHERE rowid = 1"),
			"x.cjm: is damaged (SQLite's integrity check reports: CHECK constraint failed in lane)", true},
		{"card moved outside Waymark to a stage that does not exist", fromGood("UPDATE touchpoint SET stage_id = 'gone' WHERE rowid = 1"),
			"stage: refers to a stage that is not in journey", false},
		{"UTF-16 header", patched(59, 2), "x.cjm: is damaged (its header gives a text encoding other than UTF-8)", true},
		{"impossible page size", patched(16, 0x03), "x.cjm: is damaged (its header gives an impossible page size)", true},
		{"larger than 1 GB", func(t *testing.T, path string) {
			withBytes(good)(t, path)
			if err := os.Truncate(path, maxFileSize+4096); err != nil { // sparse: costs no disk
				t.Fatal(err)
			}
		}, "x.cjm: is larger than Waymark opens (1 GB)", true},
	}
	for _, n := range []int{10, 60, 99, 100, 512, 4096, len(good) / 2, len(good) - 4096, len(good) - 1} {
		cases = append(cases, struct {
			name  string
			make  func(t *testing.T, path string)
			want  string
			exact bool
		}{fmt.Sprintf("truncated at %d", n), withBytes(good[:n]), "damaged", false})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.cjm")
			c.make(t, path)
			assertRefused(t, path, c.want, c.exact)
		})
	}
}

// Files that look odd but are fine open, and still nothing appears beside
// them.
func TestOddButFineFiles(t *testing.T) {
	good, want := goodFile(t)
	cases := map[string]func(t *testing.T, path string){
		"WAL mode": func(t *testing.T, path string) {
			os.WriteFile(path, good, 0o644)
			rawExec(t, path, "PRAGMA journal_mode = WAL")
			if b, _ := os.ReadFile(path); b[18] != 2 {
				t.Fatal("not in WAL mode")
			}
		},
		"stale journal beside it": func(t *testing.T, path string) {
			os.WriteFile(path, good, 0o644)
			os.WriteFile(path+"-journal", bytes.Repeat([]byte{0xd9}, 4096), 0o644)
		},
		"read-only": func(t *testing.T, path string) {
			os.WriteFile(path, good, 0o444)
		},
	}
	for name, make := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "x.cjm")
			make(t, path)
			before, _ := os.ReadFile(path)
			files := listing(t, dir)
			opt := testOptions(t)
			doc, err := Open(ctx, path, opt)
			if err != nil {
				t.Fatal(err)
			}
			if got := encodeJSON(t, doc.Project()); got != want {
				t.Fatal("opened a different project")
			}
			doc.Close()
			if now, _ := os.ReadFile(path); !bytes.Equal(now, before) {
				t.Fatal("the file's bytes changed")
			}
			if got := listing(t, dir); got != files {
				t.Fatalf("the folder changed:\n%s\nwas\n%s", got, files)
			}
		})
	}
}

// Flipping any one bit of a good file either opens it (with the same
// content, or with different content and the changed-outside notice) or
// gets it refused: never a silent change, a hang or a panic.
func TestBitFlips(t *testing.T) {
	good, want := goodFile(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "flipped.cjm")
	opt := testOptions(t)
	rng := rand.New(rand.NewPCG(2025, 11))
	// The digest stored at the last save: a flip inside it changes no
	// content, and the notice is then the right answer.
	p, err := model.DecodeJSON(strings.NewReader(want))
	if err != nil {
		t.Fatal(err)
	}
	digestAt := bytes.Index(good, []byte(digestOf(p)))
	if digestAt < 0 {
		t.Fatal("the stored digest is not in the file")
	}
	inDigest := func(bit int) bool { return bit/8 >= digestAt && bit/8 < digestAt+64 }
	flips := 1000
	if testing.Short() {
		flips = 200
	}
	opened, changed, refused := 0, 0, 0
	reasons := map[string]int{}
	for i := 0; i < flips; i++ {
		b := bytes.Clone(good)
		bit := rng.IntN(len(b) * 8)
		b[bit/8] ^= 1 << (bit % 8)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		files := listing(t, dir)
		doc, err := Open(ctx, path, opt) // a hang is go test's -timeout
		switch {
		case err != nil:
			msg := err.Error()
			if !strings.HasPrefix(msg, "flipped.cjm: ") || strings.ContainsAny(msg, "\r\n") {
				t.Fatalf("bit %d: unclear error %q", bit, msg)
			}
			refused++
			reason, _, _ := strings.Cut(strings.TrimPrefix(msg, "flipped.cjm: "), "(")
			reasons[reason]++
		default:
			// A flip in a value SQLite cannot tell from an edit (a letter of
			// a title) opens, as an edit made outside Waymark does; the
			// digest must then say so.
			if got := encodeJSON(t, doc.Project()); got != want {
				if !doc.ChangedOutside() {
					t.Fatalf("bit %d (byte %d): opened with different content and no notice:\n%s", bit, bit/8, firstDiff(want, got))
				}
				changed++
			} else if doc.ChangedOutside() && !inDigest(bit) {
				t.Fatalf("bit %d (byte %d): same content, but said to be changed outside Waymark", bit, bit/8)
			}
			doc.Close()
			opened++
		}
		if now, _ := os.ReadFile(path); !bytes.Equal(now, b) {
			t.Fatalf("bit %d: the file's bytes changed", bit)
		}
		if got := listing(t, dir); got != files {
			t.Fatalf("bit %d: the folder changed:\n%s", bit, got)
		}
		if left := workingFiles(t, opt); len(left) != 0 {
			t.Fatalf("bit %d: working copy left behind: %v", bit, left)
		}
	}
	t.Logf("%d flips: %d opened (%d of them changed, with the notice), %d refused %v", flips, opened, changed, refused, reasons)
}
