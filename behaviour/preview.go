package behaviour

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"waymark/model"
)

// Preview is the first rows of the logs as the files write them, for a
// person to see what each column holds.
type Preview struct {
	Columns []string
	Rows    [][]string // "" for an empty field
}

// Preview reads the first n rows of the logs, every field as text.
func (e *Engine) Preview(ctx context.Context, logs []string, n int) (*Preview, error) {
	files, format, err := resolveLogs(logs)
	if err != nil {
		return nil, err
	}
	cols, err := e.checkShapes(ctx, files, format)
	if err != nil {
		return nil, err
	}
	p := &Preview{Columns: cols}
	sel := make([]string, len(cols))
	for i, c := range cols {
		sel[i] = "coalesce(CAST(" + ident(c) + " AS VARCHAR), '')"
	}
	q := "SELECT " + strings.Join(sel, ", ") + " FROM " + reader(files, format, true) + " LIMIT " + strconv.Itoa(max(n, 0))
	err = e.rows(ctx, q, nil, func(r *sql.Rows) error {
		row := make([]string, len(cols))
		ptrs := make([]any, len(cols))
		for i := range row {
			ptrs[i] = &row[i]
		}
		if err := r.Scan(ptrs...); err != nil {
			return err
		}
		p.Rows = append(p.Rows, row)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("DuckDB cannot read the logs: %v", oneLine(err))
	}
	return p, nil
}

// StageCounts is what a mapping's rules make of a log, or of its start:
// what a person editing the rules needs to see.
type StageCounts struct {
	// Rows are the rows read; Complete says they are the whole log.
	Rows     int64
	Complete bool
	BadRows  int64
	// Stages are the funnel's stages (those with rules, in journey order,
	// the added ones last) and how many events each rule maps to them.
	Stages []model.NameCount
	// Added are the stages the rules name that the journey lacks.
	Added          []string
	Unmapped       int64
	UnmappedEvents []model.NameCount // the most frequent first, at most model.TopRefused
}

// CountStages applies mapping m's rules to the first limit rows of the
// logs (all of them when limit <= 0) and counts the events per stage. It
// needs no identifier column, and stitches nobody: it is quick enough to
// run after every edit of a rule, on a sample, and then on the whole log.
func (e *Engine) CountStages(ctx context.Context, logs []string, m model.Mapping, stages []string, limit int64) (*StageCounts, error) {
	m = m.WithDefaults()
	if err := m.Check(); err != nil {
		return nil, err
	}
	files, format, err := resolveLogs(logs)
	if err != nil {
		return nil, err
	}
	plan, err := planStages(m.Rules, stages, e.opts.ExistingStagesOnly)
	if err != nil {
		return nil, err
	}
	if err := e.setZone(ctx, m.Time.Zone); err != nil {
		return nil, err
	}
	logCols, err := e.checkShapes(ctx, files, format)
	if err != nil {
		return nil, err
	}
	c, err := checkColumns(m, logCols, files[0])
	if err != nil {
		return nil, err
	}
	g := sqlgen{d: DuckDB}
	from := reader(files, format, true)
	if limit > 0 {
		from = "(SELECT * FROM " + from + " LIMIT " + strconv.FormatInt(limit, 10) + ")"
	}
	q := "CREATE OR REPLACE TEMP TABLE stage_count AS SELECT ts IS NULL OR event IS NULL AS bad, event, " + g.stageOf(m, c) + " AS stage, count(*) AS n FROM (" +
		g.normalised(m, c, from, nil) + ") GROUP BY ALL"
	if _, err := e.exec(ctx, q); err != nil {
		return nil, fmt.Errorf("DuckDB cannot apply the stage rules: %v", oneLine(err))
	}
	defer e.exec(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS stage_count")
	out := &StageCounts{Added: plan.added}
	err = e.conn.QueryRowContext(ctx, `SELECT coalesce(sum(n), 0)::BIGINT, coalesce(sum(n) FILTER (WHERE bad), 0)::BIGINT,
		coalesce(sum(n) FILTER (WHERE NOT bad AND stage IS NULL), 0)::BIGINT FROM stage_count`).Scan(&out.Rows, &out.BadRows, &out.Unmapped)
	if err != nil {
		return nil, err
	}
	out.Complete = limit <= 0 || out.Rows < limit
	per := map[string]int64{}
	err = e.rows(ctx, "SELECT stage, sum(n)::BIGINT FROM stage_count WHERE NOT bad AND stage IS NOT NULL GROUP BY stage", nil, func(r *sql.Rows) error {
		var s string
		var n int64
		if err := r.Scan(&s, &n); err != nil {
			return err
		}
		per[s] = n
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, s := range plan.funnel {
		out.Stages = append(out.Stages, model.NameCount{Name: s, Count: per[s]})
	}
	err = e.rows(ctx, "SELECT event, sum(n)::BIGINT AS n FROM stage_count WHERE NOT bad AND stage IS NULL GROUP BY event ORDER BY n DESC, event LIMIT $1",
		[]any{model.TopRefused}, func(r *sql.Rows) error {
			var x model.NameCount
			if err := r.Scan(&x.Name, &x.Count); err != nil {
				return err
			}
			out.UnmappedEvents = append(out.UnmappedEvents, x)
			return nil
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}
