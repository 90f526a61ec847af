package storage

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Every text and blob column is read only through its cap: a value over it
// must never be copied into Go.
func TestEveryCappedColumnIsReadCapped(t *testing.T) {
	reads := map[int][]string{tProject: readProjectCols, tImage: readImageCols, tPersona: readPersonaCols,
		tJourney: readJourneyCols, tJourneyPersona: readJourneyPersonaCols, tStage: readStageCols,
		tLane: readLaneCols}
	// The cards are read from the pages, through recordReader, which
	// checks every column of the record against the table's caps.
	paged := map[int][]string{tTouchpoint: touchpointCols, tEmotion: emotionCols}
	for i, spec := range tableSpecs {
		if cols, ok := paged[i]; ok {
			for _, c := range spec.cols {
				if !contains(cols, c.name) {
					t.Errorf("%s.%s is not in the record layout", spec.name, c.name)
				}
			}
			continue
		}
		cols, ok := reads[i]
		if !ok {
			t.Fatalf("table %s is not read", spec.name)
		}
		q := readSQL(spec, true, cols, "")
		for _, c := range spec.cols {
			wrapped := fmt.Sprintf("CASE WHEN octet_length(%s) > %d THEN 0 ELSE %s END", c.name, c.cap, c.name)
			if !strings.Contains(q, wrapped) {
				t.Errorf("%s.%s is not read through its cap: %s", spec.name, c.name, q)
			}
			rest := strings.ReplaceAll(q, wrapped, "")
			if regexp.MustCompile(`\b` + c.name + `\b`).MatchString(rest) {
				t.Errorf("%s.%s is also read without its cap: %s", spec.name, c.name, q)
			}
		}
	}
}

// The page reader takes the values of a record in the order SQLite stores
// them: a table's columns as declared; for emotion (WITHOUT ROWID), its
// key's columns first.
func TestRecordLayoutMatchesSchema(t *testing.T) {
	c, err := openConn(ctx, ":memory:", "")
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	if err := migrate(ctx, c, migrations, 0, FormatVersion); err != nil {
		t.Fatal(err)
	}
	names := func(q string, col int) []string {
		rows, err := c.QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		var out []string
		for rows.Next() {
			v := make([]any, len(cols))
			for i := range v {
				v[i] = new(any)
			}
			if err := rows.Scan(v...); err != nil {
				t.Fatal(err)
			}
			if s, ok := (*v[col].(*any)).(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	if got := names("PRAGMA table_info(touchpoint)", 1); !slices.Equal(got, touchpointCols) {
		t.Errorf("touchpoint records hold %v, the reader expects %v", got, touchpointCols)
	}
	if got := names("PRAGMA index_xinfo(sqlite_autoindex_emotion_1)", 2); !slices.Equal(got, emotionCols) {
		t.Errorf("emotion records hold %v, the reader expects %v", got, emotionCols)
	}
	if touchpointCols[tcImage] != "image_id" || touchpointCols[tcOrd] != "ord" || touchpointCols[tcMomentOfTruth] != "moment_of_truth" {
		t.Error("the tc constants do not follow touchpointCols")
	}
}

// The loader names a NULL or a value over its cap by itself, without the
// integrity check that normally finds NULLs first.
func TestLoaderNamesBadValues(t *testing.T) {
	good, _ := goodFile(t)
	cases := []struct {
		name  string
		stmts [][]string // one connection each: a changed schema needs a new one
		want  string
	}{
		{"NULL title", [][]string{{"PRAGMA writable_schema = ON",
			"UPDATE sqlite_schema SET sql = replace(sql, 'title           TEXT NOT NULL', 'title           TEXT') WHERE name = 'touchpoint'"},
			{"UPDATE touchpoint SET title = NULL WHERE rowid = 2"}},
			"table touchpoint, row 2: column title is NULL"},
		{"NULL image is none", [][]string{{"UPDATE touchpoint SET image_id = NULL WHERE rowid = 4"}}, ""},
		{"long colour", [][]string{{"UPDATE touchpoint SET color = printf('%.*c', 65, 'a') WHERE rowid = 7"}},
			"table touchpoint, row 7: column color is 65 bytes, more than Waymark allows (64 bytes)"},
		{"long stage id", [][]string{{"UPDATE touchpoint SET stage_id = printf('%.*c', 257, 's') WHERE rowid = 9"}},
			"table touchpoint, row 9: column stage_id is 257 bytes, more than Waymark allows (256 bytes)"},
		{"long score key", [][]string{{"UPDATE emotion SET touchpoint_id = printf('%.*c', 300, 't') WHERE (touchpoint_id, persona_id) = (SELECT touchpoint_id, persona_id FROM emotion LIMIT 1 OFFSET 3)"}},
			"table emotion, row (touchpoint \"tttttttttttttttttttttttttttttttttttttttt…\", persona \""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.cjm")
			if err := os.WriteFile(path, good, 0o644); err != nil {
				t.Fatal(err)
			}
			for _, stmts := range tc.stmts {
				rawExec(t, path, stmts...)
			}
			// The file first, closed last, as a working copy's is.
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			c, err := openConn(ctx, path, "mode=ro")
			if err != nil {
				t.Fatal(err)
			}
			defer c.close()
			_, err = loadConn(t, c, f)
			switch {
			case tc.want == "" && err != nil:
				t.Fatal(err)
			case tc.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.want)):
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
}
func TestEmptyJourneyLoadsNil(t *testing.T) {
	p := richProject(t)
	path := writeGood(t, p, t.TempDir(), "e.cjm")
	got, err := Check(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range got.Journeys {
		if j.Touchpoints != nil && len(j.Touchpoints) == 0 {
			t.Fatalf("journey %q: empty, non-nil card list", j.Title)
		}
		if len(j.Touchpoints) != cap(j.Touchpoints) {
			t.Fatalf("journey %q: %d cards with room for %d: appending would write into the next journey's", j.Title, len(j.Touchpoints), cap(j.Touchpoints))
		}
	}
}
