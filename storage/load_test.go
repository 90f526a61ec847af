package storage

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every text and blob column is read only through its cap: a value over it
// must never be copied into Go.
func TestEveryCappedColumnIsReadCapped(t *testing.T) {
	reads := map[int][]string{tProject: readProjectCols, tImage: readImageCols, tPersona: readPersonaCols,
		tJourney: readJourneyCols, tJourneyPersona: readJourneyPersonaCols, tStage: readStageCols,
		tLane: readLaneCols}
	packed := map[int]*packedRead{tTouchpoint: touchpointRead, tEmotion: emotionRead}
	for i, spec := range tableSpecs {
		if pr, ok := packed[i]; ok {
			// Every text column is measured, and the joined text is
			// selected only if each one is within its cap.
			if len(pr.texts) != len(spec.cols) {
				t.Errorf("%s: %d of its %d text columns packed", spec.name, len(pr.texts), len(spec.cols))
			}
			guard, joined, ok := strings.Cut(pr.sql, " THEN ")
			if !ok || !strings.HasSuffix(joined, " END FROM "+spec.name+" NOT INDEXED") {
				t.Fatalf("%s: joined text not guarded: %s", spec.name, pr.sql)
			}
			for k, c := range pr.texts {
				term := fmt.Sprintf("octet_length(%s) <= %d", c, spec.capOf(c))
				if pr.optional[k] {
					term = fmt.Sprintf("coalesce(octet_length(%s), 0) <= %d", c, spec.capOf(c))
				}
				if !strings.Contains(guard, term) {
					t.Errorf("%s.%s is not guarded by its cap: %s", spec.name, c, pr.sql)
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
			"table emotion, row (touchpoint 'tttttttttttttttttttttttttttttttttttttttt', persona '"},
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
			c, err := openConn(ctx, path, "mode=ro")
			if err != nil {
				t.Fatal(err)
			}
			defer c.close()
			_, _, err = loadProject(ctx, c, nil, nil)
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
