package storage

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Every text and blob column is measured before any row is read, and the
// rows are then read as plain columns: no per-value SQL function.
func TestEveryCappedColumnIsMeasured(t *testing.T) {
	reads := map[int][]string{tProject: readProjectCols, tImage: readImageCols, tPersona: readPersonaCols,
		tJourney: readJourneyCols, tJourneyPersona: readJourneyPersonaCols, tStage: readStageCols,
		tLane: readLaneCols, tTouchpoint: readTouchpointCols, tEmotion: readEmotionCols, tBehaviour: readBehaviourCols, tLens: readLensCols,
		tVersion: append(slices.Clone(readVersionCols), "data")}
	for i, spec := range tableSpecs {
		cols, ok := reads[i]
		if !ok {
			t.Fatalf("table %s is not read", spec.name)
		}
		measure := spec.measureSQL()
		for _, c := range spec.cols {
			if !strings.Contains(measure, fmt.Sprintf("max(octet_length(%s))", c.name)) {
				t.Errorf("%s.%s is not measured: %s", spec.name, c.name, measure)
			}
			if !contains(cols, c.name) {
				t.Errorf("%s.%s is capped but never read", spec.name, c.name)
			}
		}
		if q := readSQL(spec, true, cols, ""); strings.Contains(q, "(") {
			t.Errorf("%s is read through SQL functions: %s", spec.name, q)
		}
	}
}

// The card reader's column positions follow the columns it reads.
func TestCardColumnPositions(t *testing.T) {
	for at, want := range map[int]string{tcID: "id", tcJourney: "journey_id", tcOrd: "ord", tcTitle: "title",
		tcMomentOfTruth: "moment_of_truth", tcTags: "tags", tcConfidence: "confidence", tcImage: "image_id", tcImpact: "impact", tcEffort: "effort", tcChanged: "changed"} {
		if got := readTouchpointCols[at-1]; got != want {
			t.Errorf("position %d reads %s, the reader expects %s", at, got, want)
		}
	}
	if len(readTouchpointCols) != tcChanged {
		t.Errorf("%d touchpoint columns read, the reader knows %d", len(readTouchpointCols), tcChanged)
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
			_, err = loadConn(t, c)
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
