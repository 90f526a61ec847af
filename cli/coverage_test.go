package cli

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	_ "github.com/mattn/go-sqlite3"

	"waymark/assets"
	"waymark/storage"
)

// coverageOut is one cell of `waymark coverage --format json`.
type coverageOut struct {
	Channel     *string  `json:"channel"`
	Owner       *string  `json:"owner"`
	Stage       string   `json:"stage"`
	Touchpoints int      `json:"touchpoints"`
	MeanEmotion *float64 `json:"mean_emotion"`
	PainPoints  int      `json:"pain_points"`
	Gaps        []string `json:"gaps"`
}

// sqlCell is what SQL counts for one (row, stage).
type sqlCell struct {
	touchpoints, pain, scored int
	mean                      float64
}

// sqlCoverage counts, straight from the file's tables, the cards, pain
// points and the mean of the journey's personas' scores per (lower-cased,
// trimmed channel or owner, stage position).
func sqlCoverage(t *testing.T, db *sql.DB, journey, column string) map[[2]string]*sqlCell {
	t.Helper()
	out := map[[2]string]*sqlCell{}
	rows, err := db.Query(`SELECT lower(trim(t.`+column+`)), s.position, count(*), sum(t.pain_point)
		FROM touchpoint t JOIN stage s ON s.id = t.stage_id
		WHERE t.journey_id = ? GROUP BY 1, 2`, journey)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var key, pos string
		c := &sqlCell{}
		if err := rows.Scan(&key, &pos, &c.touchpoints, &c.pain); err != nil {
			t.Fatal(err)
		}
		out[[2]string{key, pos}] = c
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	rows, err = db.Query(`SELECT lower(trim(t.`+column+`)), s.position, count(*), avg(e.score)
		FROM emotion e JOIN touchpoint t ON t.id = e.touchpoint_id
		JOIN stage s ON s.id = t.stage_id
		JOIN journey_persona jp ON jp.journey_id = t.journey_id AND jp.persona_id = e.persona_id
		WHERE t.journey_id = ? GROUP BY 1, 2`, journey)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var key, pos string
		var n int
		var mean float64
		if err := rows.Scan(&key, &pos, &n, &mean); err != nil {
			t.Fatal(err)
		}
		c := out[[2]string{key, pos}]
		if c == nil {
			t.Fatalf("scores on %q at stage %s without cards", key, pos)
		}
		c.scored, c.mean = n, mean
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCoverageAgainstSQL: for the sample and every example template, the
// JSON of `waymark coverage` by channel and by owner, for every journey,
// equals what SQL counts over the file's tables.
func TestCoverageAgainstSQL(t *testing.T) {
	names := []string{"sample"}
	for _, tmpl := range assets.Templates() {
		if strings.HasSuffix(tmpl.Name, "-example") {
			names = append(names, tmpl.Name)
		}
	}
	if len(names) < 2 {
		t.Fatalf("no example templates: %v", names)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			f := filepath.Join(t.TempDir(), name+".cjm")
			if name == "sample" {
				if err := storage.WriteNew(context.Background(), assets.Sample(), f); err != nil {
					t.Fatal(err)
				}
			} else if code, _, errs := run(t, "new", "--template", name, f); code != 0 {
				t.Fatalf("new: exit %d: %s", code, errs)
			}
			db, err := sql.Open("sqlite3", "file:"+f+"?mode=ro")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var journeys []string
			rows, err := db.Query(`SELECT id FROM journey ORDER BY position`)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var id string
				if err := rows.Scan(&id); err != nil {
					t.Fatal(err)
				}
				journeys = append(journeys, id)
			}
			rows.Close()
			if len(journeys) == 0 {
				t.Fatal("no journeys")
			}
			for _, jid := range journeys {
				var stages int
				if err := db.QueryRow(`SELECT count(*) FROM stage WHERE journey_id = ?`, jid).Scan(&stages); err != nil {
					t.Fatal(err)
				}
				var positions []string
				prow, err := db.Query(`SELECT position FROM stage WHERE journey_id = ? ORDER BY position`, jid)
				if err != nil {
					t.Fatal(err)
				}
				for prow.Next() {
					var p string
					if err := prow.Scan(&p); err != nil {
						t.Fatal(err)
					}
					positions = append(positions, p)
				}
				prow.Close()
				for _, by := range []string{"channel", "owner"} {
					want := sqlCoverage(t, db, jid, by)
					code, out, errs := run(t, "coverage", f, "--journey", jid, "--by", by, "--format", "json")
					if code != 0 {
						t.Fatalf("coverage --by %s: exit %d: %s", by, code, errs)
					}
					var cells []coverageOut
					if err := json.Unmarshal([]byte(out), &cells); err != nil {
						t.Fatalf("coverage --by %s: %v\n%s", by, err, out)
					}
					if stages == 0 || len(cells)%stages != 0 {
						t.Fatalf("%d cells for %d stages", len(cells), stages)
					}
					seen := map[[2]string]bool{}
					total := 0
					for i, c := range cells {
						row := c.Channel
						if by == "owner" {
							row = c.Owner
						}
						if row == nil || (c.Channel != nil && c.Owner != nil) {
							t.Fatalf("cell %d has no %s alone: %+v", i, by, c)
						}
						key := strings.ToLower(strings.TrimSpace(*row))
						if *row == "(none)" {
							key = ""
						}
						k := [2]string{key, positions[i%stages]}
						if seen[k] {
							t.Fatalf("cell %v twice", k)
						}
						seen[k] = true
						if c.Gaps == nil {
							t.Fatalf("cell %v: gaps is null, want a list", k)
						}
						w := want[k]
						if w == nil {
							w = &sqlCell{}
						}
						total += c.Touchpoints
						if c.Touchpoints != w.touchpoints || c.PainPoints != w.pain {
							t.Errorf("%s %v: touchpoints %d, pain points %d; SQL says %d, %d", by, k, c.Touchpoints, c.PainPoints, w.touchpoints, w.pain)
						}
						switch {
						case w.scored == 0 && c.MeanEmotion != nil:
							t.Errorf("%s %v: mean %v, SQL has no score", by, k, *c.MeanEmotion)
						case w.scored > 0 && (c.MeanEmotion == nil || math.Abs(*c.MeanEmotion-w.mean) > 1e-9):
							t.Errorf("%s %v: mean %v, SQL says %v", by, k, c.MeanEmotion, w.mean)
						}
					}
					for k, w := range want {
						if !seen[k] && w.touchpoints > 0 {
							t.Errorf("%s %v: %d cards in SQL, no cell", by, k, w.touchpoints)
						}
					}
					var cards int
					if err := db.QueryRow(`SELECT count(*) FROM touchpoint WHERE journey_id = ?`, jid).Scan(&cards); err != nil {
						t.Fatal(err)
					}
					if total != cards {
						t.Errorf("%s: %d cards in the cells, %d in the journey", by, total, cards)
					}
				}
			}
		})
	}
}

func TestCoverageOutputs(t *testing.T) {
	dir := t.TempDir()
	f := sampleFile(t, dir)
	code, out, errs := run(t, "coverage", f)
	if code != 0 || errs != "" {
		t.Fatalf("text: exit %d: %s", code, errs)
	}
	if !strings.HasPrefix(out, "channel ") || !strings.Contains(out, " · ") || !strings.Contains(out, "gaps (") {
		t.Fatalf("text:\n%s", out)
	}
	// Every gap of the JSON is listed in the text, and marked in the matrix.
	_, js, _ := run(t, "coverage", f, "--format", "json")
	var cells []coverageOut
	if err := json.Unmarshal([]byte(js), &cells); err != nil {
		t.Fatal(err)
	}
	gaps, marked := 0, 0
	for _, c := range cells {
		gaps += len(c.Gaps)
		if len(c.Gaps) > 0 {
			marked++
			for _, g := range c.Gaps {
				if line := "  * " + *c.Channel + " @ " + c.Stage + ": " + g + "\n"; !strings.Contains(out, line) {
					t.Errorf("text lacks %q", line)
				}
			}
		}
	}
	matrix, _, _ := strings.Cut(out, "\n\n")
	if gaps == 0 || !strings.Contains(out, fmt.Sprintf("gaps (%d):\n", gaps)) || strings.Count(matrix, " *") != marked {
		t.Errorf("text has not the %d gaps in %d cells of the JSON:\n%s", gaps, marked, out)
	}
	// The columns line up: the second column starts at the same place on
	// every line.
	lines := strings.Split(matrix, "\n")
	col := strings.Index(lines[0], "  ") + 2
	for len(lines[0]) > col && lines[0][col] == ' ' {
		col++
	}
	col = utf8.RuneCountInString(lines[0][:col])
	for _, l := range lines[1:] {
		r := []rune(l)
		if len(r) <= col || r[col-1] != ' ' || r[col] == ' ' {
			t.Errorf("line %q: second column not at %d", l, col)
		}
	}

	code, out, errs = run(t, "coverage", f, "--by", "owner", "--format", "csv")
	if code != 0 {
		t.Fatalf("csv: exit %d: %s", code, errs)
	}
	if !strings.HasPrefix(out, "owner,stage,touchpoints,mean_emotion,pain_points,gaps\n") {
		t.Fatalf("csv:\n%s", out)
	}
	o := filepath.Join(dir, "cov.csv")
	if code, stdout, errs := run(t, "coverage", f, "--by", "owner", "--format", "csv", "-o", o); code != 0 || stdout != "" {
		t.Fatalf("-o: exit %d: %q %s", code, stdout, errs)
	}
	if data, err := os.ReadFile(o); err != nil || string(data) != out {
		t.Fatalf("-o wrote %q (%v), want the same as standard output", data, err)
	}
}

func TestCoverageErrors(t *testing.T) {
	dir := t.TempDir()
	f := sampleFile(t, dir)
	bad := filepath.Join(dir, "bad.cjm")
	if err := os.WriteFile(bad, []byte("not a database"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"coverage"}, ExitUsage},
		{[]string{"coverage", f, f}, ExitUsage},
		{[]string{"coverage", f, "--by", "lane"}, ExitUsage},
		{[]string{"coverage", f, "--format", "pdf"}, ExitUsage},
		{[]string{"coverage", f, "--journey", "no such journey"}, ExitUsage},
		{[]string{"coverage", f, "--nope"}, ExitUsage},
		{[]string{"coverage", f, "-o", f}, ExitError}, // never over the input
		{[]string{"coverage", bad}, ExitError},
		{[]string{"coverage", filepath.Join(dir, "missing.cjm")}, ExitError},
	} {
		code, out, errs := run(t, tc.args...)
		if code != tc.code {
			t.Errorf("%v: exit %d, want %d: %s", tc.args, code, tc.code, errs)
		}
		if out != "" || errs == "" || !strings.HasPrefix(errs, "waymark coverage: ") {
			t.Errorf("%v: stdout %q, stderr %q", tc.args, out, errs)
		}
		if tc.code == ExitError && strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: want one line, got %q", tc.args, errs)
		}
	}
	if info, err := os.Stat(f); err != nil || info.Size() == 0 {
		t.Fatalf("input damaged: %v", err)
	}
}
