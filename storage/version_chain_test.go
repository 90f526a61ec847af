package storage

import (
	"fmt"
	"strings"
	"testing"

	"waymark/model"
)

// A hostile chain: every step declares, and would inflate to, the most a
// version may hold; a few hundred KB of file would make one read
// decompress tens of GB. Reading refuses it from the metadata, before
// decompressing anything, in one sentence naming the version.
func TestHostileChainRefusedBeforeDecompressing(t *testing.T) {
	path := versionFile(t, t.TempDir())
	data := compressed(t, make([]byte, maxVersionJSON))
	rawExecArgs(t, path, "UPDATE version SET size = ?, base = 0, data = ? WHERE seq = 1", maxVersionJSON, data)
	rawExecArgs(t, path, "DELETE FROM version WHERE seq > 1")
	last := 8
	for s := 2; s <= last; s++ {
		rawExecArgs(t, path, "INSERT INTO version VALUES (?, ?, '', '', '2026-03-03T10:00:00Z', '', ?, ?, '', ?)",
			s, fmt.Sprintf("Step %d", s), maxVersionJSON, s-1, data)
	}
	doc := openDoc(t, path)
	steps := countSteps(t)
	_, err := doc.VersionProject(ctx, last)
	if err == nil || !strings.Contains(err.Error(), `version 8 "Step 8" is damaged (rebuilding it would decompress more than 1,073,741,824 bytes`) {
		t.Fatalf("got %v", err)
	}
	if *steps != 0 {
		t.Errorf("%d steps decompressed before the refusal", *steps)
	}
}

// Saving keeps honest chains within the same budget: once the JSON a
// chain decompresses would pass it, the next version starts a new chain
// on the root, and every version still reads back.
func TestChainsStayWithinTheirBudget(t *testing.T) {
	path := writeGood(t, richProject(t), t.TempDir(), "map.cjm")
	doc := openDoc(t, path)
	js, err := projectJSON(doc.Project())
	if err != nil {
		t.Fatal(err)
	}
	old := maxChainJSON
	maxChainJSON = 3*int64(len(js)) + 100 // the root and two steps
	t.Cleanup(func() { maxChainJSON = old })
	for i := range 6 {
		editCard(t, doc, 0, fmt.Sprintf("Edit %d", i))
		saveVersion(t, doc, model.Version{Name: fmt.Sprintf("V%d", i+1)})
	}
	db := plainDB(t, doc.wc.file())
	rows, err := db.Query("SELECT seq, base FROM version ORDER BY seq")
	if err != nil {
		t.Fatal(err)
	}
	var bases []string
	for rows.Next() {
		var seq, base int
		if err := rows.Scan(&seq, &base); err != nil {
			t.Fatal(err)
		}
		bases = append(bases, fmt.Sprintf("%d<-%d", seq, base))
	}
	rows.Close()
	if got, want := strings.Join(bases, " "), "1<-0 2<-1 3<-2 4<-1 5<-4 6<-1"; got != want {
		t.Errorf("bases %s, want %s", got, want)
	}
	for seq := 1; seq <= 6; seq++ {
		if _, err := doc.VersionProject(ctx, seq); err != nil {
			t.Errorf("version %d: %v", seq, err)
		}
	}
}
