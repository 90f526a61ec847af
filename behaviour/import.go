package behaviour

import (
	"context"
	"database/sql"
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"waymark/model"
)

// Report is what an import tells the user but the map does not keep:
// the stage list it leads to, the bad rows, and the identifiers refused
// as shared (their values never go into model.Behaviour).
type Report struct {
	// Stages is the journey's stage list after the import: the stages
	// given, then AddedStages, the stages rules named that it lacked.
	Stages      []string
	AddedStages []string
	// BadRows are the first 20 rows that could not be read, in file
	// order; BadRowTotal counts them all.
	BadRows     []BadRow
	BadRowTotal int64
	// SharedRefused are the identifiers not used to link, the 20 most
	// linked first.
	SharedRefused []RefusedIdentifier
}

// BadRow is a row an import left out, and why.
type BadRow struct {
	File   string
	Line   int64 // 1-based; the header is line 1 of a CSV with one
	Reason string
}

func (b BadRow) String() string {
	return fmt.Sprintf("%s line %d: %s", filepath.Base(b.File), b.Line, b.Reason)
}

// RefusedIdentifier is an identifier stitching did not use to link.
type RefusedIdentifier struct {
	Column string
	Value  string
	// Links is how many other identifiers it shared a row with;
	// StrongestLinks how many of those were values of the strongest
	// identifier column.
	Links, StrongestLinks int64
	Reason                string
}

const maxBadRowsShown = 20

// stagePlan places each rule's stage in the journey.
type stagePlan struct {
	all    []string // the journey's stages after the import
	added  []string
	funnel []string // the stages that have rules, in journey order
	ruleK  []int    // rule i maps to funnel stage ruleK[i] (1-based)
}

func planStages(rules []model.StageRule, stages []string, existingOnly bool) (stagePlan, error) {
	p := stagePlan{all: slices.Clone(stages)}
	for i, r := range rules {
		what := fmt.Sprintf("rule %d (stage %q)", i+1, r.Stage)
		if strings.ContainsRune(r.Pattern+r.Stage+r.Channel+r.Attribute+r.Value, 0) {
			return p, fmt.Errorf("%s holds a NUL character", what)
		}
		switch r.Match {
		case model.MatchRegex:
			if _, err := regexp.Compile(r.Pattern); err != nil {
				return p, fmt.Errorf("%s: the regular expression %q is invalid: %v", what, r.Pattern, strings.TrimPrefix(err.Error(), "error parsing regexp: "))
			}
		case model.MatchGlob:
			if _, err := path.Match(r.Pattern, ""); err != nil {
				return p, fmt.Errorf("%s: the glob %q is invalid", what, r.Pattern)
			}
		}
		if (r.Attribute == "") != (r.Value == "") && r.Attribute == "" {
			return p, fmt.Errorf("%s has a value but no attribute", what)
		}
		if !slices.Contains(p.all, r.Stage) {
			if existingOnly {
				return p, fmt.Errorf("%s names a stage the journey does not have", what)
			}
			p.all = append(p.all, r.Stage)
			p.added = append(p.added, r.Stage)
		}
	}
	for _, s := range p.all {
		if slices.ContainsFunc(rules, func(r model.StageRule) bool { return r.Stage == s }) && !slices.Contains(p.funnel, s) {
			p.funnel = append(p.funnel, s)
		}
	}
	for _, r := range rules {
		p.ruleK = append(p.ruleK, slices.Index(p.funnel, r.Stage)+1)
	}
	return p, nil
}

// columns names the SQL columns of the ev table that each mapped log
// column becomes.
type columns struct {
	ids   []string // id0, id1, ... strongest first: the identifiers classified
	raw   []string // n0, n1, ...: as the log has them, trimmed
	attrs map[string]string
	names []string // the attribute columns, in order
}

// Import reads logs with mapping m and computes the figures of a journey
// whose stages are stages, in order. It returns the figures, what the
// user should be told, or one sentence saying why it cannot.
func (e *Engine) Import(ctx context.Context, logs []string, m model.Mapping, stages []string) (*model.Behaviour, *Report, error) {
	m = m.WithDefaults()
	if err := m.Check(); err != nil {
		return nil, nil, err
	}
	files, format, err := resolveLogs(logs)
	if err != nil {
		return nil, nil, err
	}
	plan, err := planStages(m.Rules, stages, e.opts.ExistingStagesOnly)
	if err != nil {
		return nil, nil, err
	}
	if err := e.setZone(ctx, m.Time.Zone); err != nil {
		return nil, nil, err
	}
	logCols, err := e.checkShapes(ctx, files, format)
	if err != nil {
		return nil, nil, err
	}
	cols, err := checkMapping(m, logCols, files[0])
	if err != nil {
		return nil, nil, err
	}
	rep := &Report{Stages: plan.all, AddedStages: plan.added}
	b := &model.Behaviour{Mapping: m, SegmentAttribute: m.Metrics.Segment}

	defer e.cleanUp(ctx)
	hashes := hashFiles(files)
	if err := e.buildEvents(ctx, files, format, m, cols); err != nil {
		return nil, nil, err
	}
	stats := "SELECT " + fileList(files) + "[any_value(src) + 1], count(*), coalesce(min(ts), 0), coalesce(max(ts), 0) FROM ev GROUP BY src"
	if err := e.sources(ctx, stats, files, hashes, b); err != nil {
		return nil, nil, err
	}
	header := format == formatCSV && !(len(logCols) > 0 && logCols[0] == "column0")
	if err := e.badRows(ctx, files, format, header, m, b, rep); err != nil {
		return nil, nil, err
	}
	if err := e.extractTables(ctx, m, cols); err != nil {
		return nil, nil, err
	}
	if err := e.compute(ctx, m, cols, plan, b, rep, true); err != nil {
		return nil, nil, err
	}
	return b, rep, nil
}

// checkMapping says which mapped column the log lacks (logCols nil: the
// columns are not known), and names the ev table's columns.
func checkMapping(m model.Mapping, logCols []string, first string) (columns, error) {
	if len(m.Identifiers) == 0 {
		return columns{}, fmt.Errorf("the mapping names no identifier column")
	}
	return checkColumns(m, logCols, first)
}

// checkColumns is checkMapping without the need for an identifier: the
// stage counts of a mapping being written need none.
func checkColumns(m model.Mapping, logCols []string, first string) (columns, error) {
	have := func(role, c string) error {
		if logCols != nil && !slices.Contains(logCols, c) {
			return fmt.Errorf("the mapping's %s %q is not a column of %s (its columns are %s)", role, c, filepath.Base(first), strings.Join(logCols, ", "))
		}
		return nil
	}
	var c columns
	if m.Time.Column == "" {
		return c, fmt.Errorf("the mapping names no time column")
	}
	if m.Event == "" {
		return c, fmt.Errorf("the mapping names no event column")
	}
	if err := have("time column", m.Time.Column); err != nil {
		return c, err
	}
	if err := have("event column", m.Event); err != nil {
		return c, err
	}
	for i, id := range m.Identifiers {
		if err := have("identifier column", id); err != nil {
			return c, err
		}
		if slices.Index(m.Identifiers, id) != i {
			return c, fmt.Errorf("the mapping names the identifier column %q twice", id)
		}
		c.ids = append(c.ids, "id"+strconv.Itoa(i))
		c.raw = append(c.raw, "n"+strconv.Itoa(i))
	}
	if m.Channel != "" && (m.Source != "" || m.Medium != "") {
		return c, fmt.Errorf("the mapping names a channel column and also source or medium columns; use one or the other")
	}
	for role, col := range map[string]string{"channel column": m.Channel, "source column": m.Source, "medium column": m.Medium} {
		if col != "" {
			if err := have(role, col); err != nil {
				return c, err
			}
		}
	}
	c.attrs = map[string]string{}
	add := func(role, a string) error {
		if a == "" {
			return nil
		}
		if err := have(role, a); err != nil {
			return err
		}
		if _, ok := c.attrs[a]; !ok {
			c.attrs[a] = "a" + strconv.Itoa(len(c.names))
			c.names = append(c.names, a)
		}
		return nil
	}
	// The attributes are checked, but only those the segment and the
	// rules use are read.
	for _, a := range m.Attributes {
		if err := have("attribute column", a); err != nil {
			return c, err
		}
	}
	if err := add("segment attribute", m.Metrics.Segment); err != nil {
		return c, err
	}
	for i, r := range m.Rules {
		if err := add(fmt.Sprintf("rule %d's attribute", i+1), r.Attribute); err != nil {
			return c, err
		}
	}
	return c, nil
}

// buildEvents reads the logs into the table ev: one row per log row, in
// file order (so its rowid is the row's place in the files), in journey
// terms (see sqlgen.normalised) with the file it came from (src, its place
// in files).
func (e *Engine) buildEvents(ctx context.Context, files []string, format logFormat, m model.Mapping, c columns) error {
	e.exec(ctx, "DROP TABLE IF EXISTS reject_errors")
	e.exec(ctx, "DROP TABLE IF EXISTS reject_scans")
	g := sqlgen{d: DuckDB}
	// One file at a time, in order: reading several at once, DuckDB may
	// interleave them, and the rowid must be the place in the files.
	for i, f := range files {
		q := "INSERT INTO ev "
		if i == 0 {
			q = "CREATE OR REPLACE TABLE ev AS "
		}
		// src is the file's place in files: a number per row is cheaper
		// than its name.
		q += g.normalised(m, c, reader([]string{f}, format, false), []string{strconv.Itoa(i) + " AS src"})
		if _, err := e.exec(ctx, q); err != nil {
			return fmt.Errorf("DuckDB cannot read the log %s: %v", f, oneLine(err))
		}
	}
	return nil
}

// extractTables makes, from ev, the two tables the warehouse extracts
// hold (see Queries): tup, the identifier links, and sx, the readable
// events with their stage (NULL: unmapped). ev is dropped: what the
// figures need is in those two.
func (e *Engine) extractTables(ctx context.Context, m model.Mapping, c columns) error {
	g := sqlgen{d: DuckDB}
	rows := "SELECT rowid AS seq, * FROM ev"
	steps := []string{
		"CREATE OR REPLACE TABLE tup AS SELECT row_number() OVER () AS tid, * FROM (" + identifiers(m, c, g.linksQuery(m, c, rows)) + ")",
		// A view: copying every row once more costs more than mapping
		// them to stages twice.
		"CREATE OR REPLACE VIEW sx AS " + g.stageEventsQuery(m, c, rows, true),
	}
	for _, s := range steps {
		if _, err := e.exec(ctx, s); err != nil {
			return fmt.Errorf("DuckDB cannot apply the stage rules: %v", oneLine(err))
		}
	}
	return nil
}

// cleanUp drops whatever an import made, and frees its memory with it;
// even when ctx is what stopped the import.
func (e *Engine) cleanUp(ctx context.Context) {
	quiet := context.WithoutCancel(ctx)
	e.dropTables(quiet)
	e.exec(quiet, "DROP VIEW IF EXISTS sx")
	for _, t := range []string{"se", "person", "reach", "tup", "sx", "idp", "reject_errors", "reject_scans"} {
		e.exec(quiet, "DROP TABLE IF EXISTS "+t)
	}
}

// hashFiles fingerprints files in Go while DuckDB reads them. The channel
// holds every result, so the goroutine ends even if no one reads.
func hashFiles(files []string) <-chan fileHash {
	hashes := make(chan fileHash, len(files))
	go func() {
		for _, f := range files {
			size, digest, err := fingerprint(f)
			hashes <- fileHash{size, digest, err}
		}
	}()
	return hashes
}

// fileHash is a file's size and SHA-256.
type fileHash struct {
	size   int64
	digest string
	err    error
}

// sources fingerprints each file: its bytes, its rows, its first and last
// readable time. The query stats gives the last three: (file, rows,
// first, last).
func (e *Engine) sources(ctx context.Context, stats string, files []string, hashes <-chan fileHash, b *model.Behaviour) error {
	type stat struct{ rows, first, last int64 }
	per := map[string]stat{}
	err := e.rows(ctx, stats, nil,
		func(r *sql.Rows) error {
			var s string
			var st stat
			if err := r.Scan(&s, &st.rows, &st.first, &st.last); err != nil {
				return err
			}
			per[s] = st
			return nil
		})
	if err != nil {
		return err
	}
	now := e.opts.Now().UnixMilli()
	for _, f := range files {
		h := <-hashes
		st := per[f]
		b.Sources = append(b.Sources, model.SourceFingerprint{Name: filepath.Base(f), Size: h.size, SHA256: h.digest,
			Rows: st.rows, FirstEvent: st.first / 1000, LastEvent: st.last / 1000, ImportedAt: now})
		if h.err != nil {
			return fmt.Errorf("cannot read the log %s: %v", f, h.err)
		}
	}
	return nil
}

// badRows lists and drops the rows without a readable time or an event
// name, with the rows DuckDB could not split, and stops the import when
// they are more than the mapping allows.
func (e *Engine) badRows(ctx context.Context, files []string, format logFormat, hasHeader bool, m model.Mapping, b *model.Behaviour, rep *Report) error {
	// The first row is line 2 under a header (DuckDB names the columns
	// of a headerless CSV column0, column1, ...).
	header := int64(1)
	if hasHeader {
		header = 2
	}
	order := map[string]int{}
	for i, f := range files {
		order[f] = i
	}
	var bad []BadRow
	var total int64
	err := e.rows(ctx, `
		WITH first AS (SELECT src, min(rowid) AS s FROM ev GROUP BY src)
		SELECT `+fileList(files)+`[ev.src + 1], ev.rowid - first.s + $1,
			CASE WHEN ev.ts IS NULL AND ev.time_text IS NULL THEN 'the time is empty'
				WHEN ev.ts IS NULL THEN 'the time "' || left(ev.time_text, 60) || '" cannot be read'
				ELSE 'the event name is empty' END,
			count(*) OVER ()
		FROM ev JOIN first USING (src)
		WHERE ev.ts IS NULL OR ev.event IS NULL
		ORDER BY ev.rowid LIMIT $2`, []any{header, maxBadRowsShown}, func(r *sql.Rows) error {
		var x BadRow
		if err := r.Scan(&x.File, &x.Line, &x.Reason, &total); err != nil {
			return err
		}
		bad = append(bad, x)
		return nil
	})
	if err != nil {
		return err
	}
	var rejected int64
	read := len(bad) // the bad rows the reader did read; rejected ones follow
	if format == formatCSV {
		// Rows the CSV reader could not split into the header's columns.
		// One line can have several errors (one per extra field): the
		// first says enough.
		err := e.rows(ctx, `SELECT s.file_path, e.line, min(e.error_type || ': ' || e.error_message), count(*) OVER ()
			FROM reject_errors e JOIN reject_scans s USING (scan_id, file_id)
			GROUP BY e.file_id, s.file_path, e.line ORDER BY e.file_id, e.line LIMIT $1`,
			[]any{maxBadRowsShown}, func(r *sql.Rows) error {
				var x BadRow
				if err := r.Scan(&x.File, &x.Line, &x.Reason, &rejected); err != nil {
					return err
				}
				x.Reason = strings.ToLower(strings.ReplaceAll(x.Reason, "_", " "))
				bad = append(bad, x)
				return nil
			})
		if err != nil && !strings.Contains(err.Error(), "does not exist") {
			return err
		}
		if rejected > 0 {
			if err := e.shiftLines(ctx, bad[:read]); err != nil {
				return err
			}
		}
	}
	slices.SortStableFunc(bad, func(x, y BadRow) int {
		if d := order[x.File] - order[y.File]; d != 0 {
			return d
		}
		return int(x.Line - y.Line)
	})
	if len(bad) > maxBadRowsShown {
		bad = bad[:maxBadRowsShown]
	}
	rep.BadRows, rep.BadRowTotal = bad, total+rejected
	b.BadRows = total + rejected
	var rows int64
	if err := e.conn.QueryRowContext(ctx, "SELECT count(*) FROM ev").Scan(&rows); err != nil {
		return err
	}
	rows += rejected
	if rows == 0 {
		return fmt.Errorf("the log %s has no rows", filepath.Base(files[0]))
	}
	if share := float64(b.BadRows) / float64(rows); share > m.Metrics.BadRowLimit {
		msg := fmt.Sprintf("%d of %d rows (%.1f%%) cannot be read, more than the %.4g%% allowed", b.BadRows, rows, 100*share, 100*m.Metrics.BadRowLimit)
		if len(bad) > 0 {
			msg += "; the first: " + bad[0].String()
		}
		return fmt.Errorf("%s", msg)
	}
	b.Events = rows - rejected - total
	return nil
}

// shiftLines corrects the lines of bad rows the CSV reader did read:
// counted among the rows read, each is one line further on for every
// rejected line at or before it.
func (e *Engine) shiftLines(ctx context.Context, bad []BadRow) error {
	rejectedLines := map[string][]int64{}
	err := e.rows(ctx, `SELECT DISTINCT s.file_path, e.line FROM reject_errors e JOIN reject_scans s USING (scan_id, file_id)
		ORDER BY s.file_path, e.line LIMIT 1000000`, nil, func(r *sql.Rows) error {
		var f string
		var l int64
		if err := r.Scan(&f, &l); err != nil {
			return err
		}
		rejectedLines[f] = append(rejectedLines[f], l)
		return nil
	})
	if err != nil {
		return err
	}
	for i := range bad {
		for _, l := range rejectedLines[bad[i].File] {
			if l <= bad[i].Line {
				bad[i].Line++
			}
		}
	}
	return nil
}

func (e *Engine) dropTables(ctx context.Context) {
	for _, t := range []string{"ev", "occ", "node", "link", "guard", "lbl", "edge", "evp"} {
		e.exec(ctx, "DROP TABLE IF EXISTS "+t)
	}
}
