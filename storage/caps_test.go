package storage

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// Every text and blob column is read only through its cap: a value over it
// must never be copied into Go.
func TestEveryCappedColumnIsReadCapped(t *testing.T) {
	reads := map[int][]string{tProject: readProjectCols, tImage: readImageCols, tPersona: readPersonaCols,
		tJourney: readJourneyCols, tJourneyPersona: readJourneyPersonaCols, tStage: readStageCols,
		tLane: readLaneCols, tTouchpoint: readTouchpointCols, tEmotion: readEmotionCols}
	for i, spec := range tableSpecs {
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

// Verifying a written file compares its row counts and stored digest with
// the project's.
func TestVerifyFile(t *testing.T) {
	p := richProject(t)
	path := writeGood(t, p, t.TempDir(), "v.cjm")
	digest, want := digestOf(p), modelCounts(p)
	if err := verifyFile(ctx, path, digest, want); err != nil {
		t.Fatal(err)
	}
	fewer := want
	fewer[tEmotion]--
	if err := verifyFile(ctx, path, digest, fewer); err == nil || !strings.Contains(err.Error(), "does not read back") {
		t.Fatalf("a row count off by one passed: %v", err)
	}
	if err := verifyFile(ctx, path, digest[1:]+"0", want); err == nil {
		t.Fatal("a different digest passed")
	}
	rawExec(t, path, "CREATE INDEX extra ON touchpoint (title)")
	if err := verifyFile(ctx, path, digest, want); err == nil || !strings.Contains(err.Error(), `index "extra"`) {
		t.Fatalf("an extra index passed: %v", err)
	}
}
