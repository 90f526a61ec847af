package cli

import (
	"context"
	"database/sql"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"waymark/assets"
	"waymark/storage"
)

// TestBacklogAgainstSQL rates the sample's pain points and opportunities
// (with ties and unrated ones), and checks that `waymark backlog` ranks
// them as an independent SQL query over the file does: impact ÷ effort,
// highest first, ties in stage, lane and cell order, unrated last.
func TestBacklogAgainstSQL(t *testing.T) {
	p := assets.Sample()
	j := p.Journeys[0]
	n := 0
	for _, c := range j.Touchpoints {
		if !c.PainPoint && !c.Opportunity {
			c.Impact, c.Effort = 5, 1 // ignored: not a pain point or opportunity
			continue
		}
		n++
		c.Impact, c.Effort = 1+n%5, 1+(n*3)%5 // repeats ratios: ties
		if n%4 == 0 {                         // every fourth is not rated
			c.Impact, c.Effort = 0, 0
		}
	}
	if n < 4 {
		t.Fatalf("the sample has only %d pain points and opportunities", n)
	}
	f := filepath.Join(t.TempDir(), "rated.cjm")
	if err := storage.WriteNew(context.Background(), p, f); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", "file:"+f+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT t.title, t.impact, t.effort FROM touchpoint t
		JOIN stage s ON s.id = t.stage_id JOIN lane l ON l.id = t.lane_id
		WHERE t.journey_id = ? AND (t.pain_point = 1 OR t.opportunity = 1)
		ORDER BY (t.impact > 0 AND t.effort > 0) DESC,
			CASE WHEN t.impact > 0 AND t.effort > 0 THEN CAST(t.impact AS REAL) / t.effort END DESC,
			s.position, l.position, t.ord`, string(j.ID))
	if err != nil {
		t.Fatal(err)
	}
	var want [][]string
	for rows.Next() {
		var title string
		var impact, effort int
		if err := rows.Scan(&title, &impact, &effort); err != nil {
			t.Fatal(err)
		}
		want = append(want, []string{title, strconv.Itoa(impact), strconv.Itoa(effort)})
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, "backlog", f, "--format", "csv")
	if code != 0 {
		t.Fatalf("backlog: %d %s", code, errs)
	}
	got, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want)+1 || !slices.Equal(got[0], []string{"rank", "title", "kind", "impact", "effort", "value", "quadrant", "stage", "owner"}) {
		t.Fatalf("got %d rows, want %d:\n%s", len(got), len(want)+1, out)
	}
	for i, w := range want {
		g := got[i+1]
		if w[1] == "0" || w[2] == "0" {
			w[1], w[2] = "", ""
		}
		if g[1] != w[0] || g[3] != w[1] || g[4] != w[2] {
			t.Errorf("row %d: %q, want title %q impact %q effort %q", i+1, g, w[0], w[1], w[2])
		}
		if rated := w[1] != ""; rated != (g[0] == strconv.Itoa(i+1)) {
			t.Errorf("row %d ranked %q", i+1, g[0])
		}
	}

	// Text, and -o.
	to := filepath.Join(t.TempDir(), "backlog.txt")
	if code, _, errs := run(t, "backlog", f, "-o", to); code != 0 {
		t.Fatalf("backlog -o: %s", errs)
	}
	text, err := os.ReadFile(to)
	if err != nil || !strings.Contains(string(text), "not rated yet:") || !strings.Contains(string(text), want[0][0]) {
		t.Fatalf("text backlog: %v\n%s", err, text)
	}
	// Bad input: one sentence, exit 2, nothing written.
	for _, args := range [][]string{{"backlog", f, "--format", "xlsx"}, {"backlog"}, {"backlog", f, "--journey", "nope"}} {
		to := filepath.Join(t.TempDir(), "none.csv")
		code, _, errs := run(t, append(args, "-o", to)...)
		// One sentence, then at most the usage line.
		if first, _, _ := strings.Cut(errs, "\n"); code == 0 || !strings.HasPrefix(first, "waymark backlog: ") || strings.Count(first, ". ") > 0 {
			t.Errorf("%q: exit %d, %q", args, code, errs)
		}
		if _, err := os.Stat(to); err == nil {
			t.Errorf("%q wrote %s", args, to)
		}
	}
}
