package behaviour

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"waymark/model"
)

// Dialect is the SQL a warehouse speaks, for the extract queries.
type Dialect string

const (
	DuckDB    Dialect = "duckdb"
	BigQuery  Dialect = "bigquery"
	Snowflake Dialect = "snowflake"
	Spark     Dialect = "spark"
)

// Dialects lists the dialects Queries writes, in the order the help names them.
var Dialects = []Dialect{DuckDB, BigQuery, Snowflake, Spark}

// Extracts are the two queries to run where the events are: the distinct
// identifier links, and the events a stage rule maps. Each is complete
// on its own, with the session setting it needs before it.
type Extracts struct {
	Links       string
	StageEvents string
}

// Queries writes the extract queries for mapping m over the table (or
// view) table in dialect d. Both are scans with filters (and the links a
// GROUP BY), so they run wherever the data is; their results, saved as
// files, are what ImportExtracts reads.
//
// Events with the same time keep their order by the DuckDB table's rowid,
// which is the order the rows were loaded in; other warehouses have no row
// order, and there ties keep the order of the stage events' file.
func Queries(m model.Mapping, d Dialect, table string) (Extracts, error) {
	if err := checkDialect(d); err != nil {
		return Extracts{}, err
	}
	if strings.TrimSpace(table) == "" {
		return Extracts{}, fmt.Errorf("name the table the events are in")
	}
	m = m.WithDefaults()
	if err := m.Check(); err != nil {
		return Extracts{}, err
	}
	if _, err := planStages(m.Rules, nil, false); err != nil {
		return Extracts{}, err
	}
	if len(m.Rules) == 0 {
		return Extracts{}, fmt.Errorf("the mapping has no stage rule, so no event would be extracted")
	}
	c, err := checkMapping(m, nil, "")
	if err != nil {
		return Extracts{}, err
	}
	zone := m.Time.Zone
	if zone == "" {
		zone = MachineZone()
	}
	g := sqlgen{d: d, zone: zone}
	seq := "CAST(NULL AS " + g.integer() + ") AS seq"
	if d == DuckDB {
		seq = "rowid AS seq"
	}
	rows := g.normalised(m, c, table, []string{seq})
	pre := ""
	if m.Time.Unit == model.TimeISO {
		pre = g.preamble()
	}
	return Extracts{
		Links:       pre + g.linksQuery(m, c, rows) + ";\n",
		StageEvents: pre + g.stageEventsQuery(m, c, rows, false) + ";\n",
	}, nil
}

// The columns of the two extracts, as Queries names them.
func linkColumns(c columns) []string {
	return append(slices.Clone(c.raw), "segment", "segment_ts", "segment_seq", "events", "bad_rows")
}

func stageEventColumns(c columns) []string {
	return append([]string{"seq", "ts", "event", "channel", "stage"}, c.raw...)
}

// ImportExtracts computes the figures of a journey from the results of
// Queries, saved as CSV, TSV, JSON Lines or Parquet files (each may be
// several files or a glob), as Import does from the log itself. The
// extracts hold no event names that no rule maps, and no bad rows' lines:
// the figures lack only those.
func (e *Engine) ImportExtracts(ctx context.Context, links, stageEvents []string, m model.Mapping, stages []string) (*model.Behaviour, *Report, error) {
	m = m.WithDefaults()
	if err := m.Check(); err != nil {
		return nil, nil, err
	}
	linkFiles, linkFormat, err := resolveLogs(links)
	if err != nil {
		return nil, nil, fmt.Errorf("the identifier links: %v", err)
	}
	eventFiles, eventFormat, err := resolveLogs(stageEvents)
	if err != nil {
		return nil, nil, fmt.Errorf("the stage events: %v", err)
	}
	plan, err := planStages(m.Rules, stages, e.opts.ExistingStagesOnly)
	if err != nil {
		return nil, nil, err
	}
	c, err := checkMapping(m, nil, "")
	if err != nil {
		return nil, nil, err
	}
	rep := &Report{Stages: plan.all, AddedStages: plan.added}
	b := &model.Behaviour{Mapping: m, SegmentAttribute: m.Metrics.Segment}
	defer e.cleanUp(ctx)
	hashes := hashFiles(append(slices.Clone(linkFiles), eventFiles...))
	text := func(col string) string { return "NULLIF(TRIM(CAST(" + ident(col) + " AS VARCHAR)), '')" }
	number := func(col string) string { return "TRY_CAST(" + ident(col) + " AS BIGINT)" }
	var tup, sx []string
	for _, col := range linkColumns(c) {
		conv := text
		if col == "segment_ts" || col == "segment_seq" || col == "events" || col == "bad_rows" {
			conv = number
		}
		tup = append(tup, conv(col)+" AS "+col)
	}
	for _, col := range stageEventColumns(c) {
		conv := text
		if col == "seq" || col == "ts" {
			conv = number
		}
		sx = append(sx, conv(col)+" AS "+col)
	}
	steps := []struct {
		what, table string
		files       []string
		format      logFormat
		cols, conv  []string
		// bad finds a row the extract query cannot have made.
		bad string
	}{
		{"identifier links", "tup", linkFiles, linkFormat, linkColumns(c), tup,
			"events IS NULL OR bad_rows IS NULL OR events < 0 OR bad_rows < 0 OR (segment IS NOT NULL AND events > 0 AND segment_ts IS NULL)"},
		{"stage events", "sx", eventFiles, eventFormat, stageEventColumns(c), sx,
			"ts IS NULL OR event IS NULL OR stage IS NULL"},
	}
	for _, l := range steps {
		have, err := e.checkShapes(ctx, l.files, l.format)
		if err != nil {
			return nil, nil, fmt.Errorf("the %s: %v", l.what, err)
		}
		for _, col := range l.cols {
			if !slices.Contains(have, col) {
				return nil, nil, fmt.Errorf("the %s %s lack the column %q: make them with the queries `waymark events sql` writes for this mapping",
					l.what, filepath.Base(l.files[0]), col)
			}
		}
		e.exec(ctx, "DROP TABLE IF EXISTS reject_errors")
		e.exec(ctx, "DROP TABLE IF EXISTS reject_scans")
		// One file at a time, in order: where the rows carry no order of
		// their own, ties keep the order of the files.
		for i, f := range l.files {
			q := "INSERT INTO " + l.table + " "
			if i == 0 {
				q = "CREATE OR REPLACE TABLE " + l.table + " AS "
			}
			q += "SELECT " + strings.Join(l.conv, ", ") + ", " + ident(fileColumn) + " AS src FROM " + reader([]string{f}, l.format, false)
			if _, err := e.exec(ctx, q); err != nil {
				return nil, nil, fmt.Errorf("DuckDB cannot read the %s %s: %v", l.what, f, oneLine(err))
			}
		}
		var file string
		var line, n int64
		err = e.conn.QueryRowContext(ctx, `SELECT s.file_path, e.line, count(*) OVER () FROM reject_errors e JOIN reject_scans s USING (scan_id, file_id)
			ORDER BY e.file_id, e.line LIMIT 1`).Scan(&file, &line, &n)
		if err == nil && n > 0 {
			return nil, nil, fmt.Errorf("the %s %s line %d cannot be read as a row of the extract (%d such rows)", l.what, filepath.Base(file), line, n)
		}
		err = e.conn.QueryRowContext(ctx, "SELECT src, count(*) OVER () FROM "+l.table+" WHERE "+l.bad+" LIMIT 1").Scan(&file, &n)
		if err == nil && n > 0 {
			return nil, nil, fmt.Errorf("the %s %s hold %d rows that the extract query cannot have made (empty or negative counts, times or names)",
				l.what, filepath.Base(file), n)
		}
	}
	var unknown string
	err = e.conn.QueryRowContext(ctx, "SELECT stage FROM sx WHERE list_position("+stageList(plan.funnel)+", stage) IS NULL LIMIT 1").Scan(&unknown)
	if err == nil {
		return nil, nil, fmt.Errorf("the stage events name the stage %q, which no rule of the mapping has", unknown)
	}
	var bad int64
	err = e.conn.QueryRowContext(ctx, "SELECT coalesce(sum(events), 0)::BIGINT, coalesce(sum(bad_rows), 0)::BIGINT FROM tup").Scan(&b.Events, &bad)
	if err != nil {
		return nil, nil, err
	}
	b.BadRows, rep.BadRowTotal = bad, bad
	rows := b.Events + bad
	if rows == 0 {
		return nil, nil, fmt.Errorf("the identifier links %s count no rows", filepath.Base(linkFiles[0]))
	}
	if share := float64(bad) / float64(rows); share > m.Metrics.BadRowLimit {
		return nil, nil, fmt.Errorf("%d of %d rows (%.1f%%) cannot be read, more than the %.4g%% allowed", bad, rows, 100*share, 100*m.Metrics.BadRowLimit)
	}
	steps2 := []string{
		"CREATE OR REPLACE TABLE tup AS SELECT row_number() OVER () AS tid, * FROM (" + identifiers(m, c, "SELECT * FROM tup") + ")",
		// Without a row order of their own, ties keep the file's order.
		"UPDATE sx SET seq = rowid WHERE seq IS NULL",
	}
	for _, q := range steps2 {
		if _, err := e.exec(ctx, q); err != nil {
			return nil, nil, fmt.Errorf("DuckDB cannot read the extracts: %v", oneLine(err))
		}
	}
	stats := `SELECT src, count(*), coalesce(min(ts), 0), coalesce(max(ts), 0) FROM sx GROUP BY src
		UNION ALL SELECT src, count(*), 0, 0 FROM tup GROUP BY src`
	if err := e.sources(ctx, stats, append(slices.Clone(linkFiles), eventFiles...), hashes, b); err != nil {
		return nil, nil, err
	}
	if err := e.compute(ctx, m, c, plan, b, rep, false); err != nil {
		return nil, nil, err
	}
	return b, rep, nil
}
