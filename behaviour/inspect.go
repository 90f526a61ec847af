package behaviour

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"waymark/model"
)

// Inspection is what the logs hold, as DuckDB reads them, and the roles
// their columns probably play.
type Inspection struct {
	Files   []string
	Format  string
	Rows    int64 // rows in the sample read (at most inspectRows)
	Columns []InspectedColumn
	// Mapping is the guessed mapping: the roles by column name and
	// content, and one stage per frequent event name.
	Mapping model.Mapping
}

// InspectedColumn is one column of a log.
type InspectedColumn struct {
	Name    string
	Type    string   // as DuckDB detects it: VARCHAR, BIGINT, TIMESTAMP WITH TIME ZONE, ...
	Samples []string // the first few distinct non-empty values, in file order
	Role    string   // time, identifier, event, channel, source, medium, attribute
}

const (
	inspectRows    = 100_000 // rows read to guess from
	inspectSamples = 5
	starterStages  = 10
)

// Inspect reads the start of the logs and guesses their mapping.
func (e *Engine) Inspect(ctx context.Context, logs []string) (*Inspection, error) {
	files, format, err := resolveLogs(logs)
	if err != nil {
		return nil, err
	}
	names, err := e.checkShapes(ctx, files, format)
	if err != nil {
		return nil, err
	}
	in := &Inspection{Files: files, Format: format.String()}
	// Typed, this time: the types DuckDB detects help guess the roles.
	src := typedReader(files, format)
	if _, err := e.exec(ctx, "CREATE OR REPLACE TABLE sample AS SELECT * FROM "+src+" LIMIT "+strconv.Itoa(inspectRows)); err != nil {
		return nil, fmt.Errorf("DuckDB cannot read the logs: %v", oneLine(err))
	}
	defer e.exec(ctx, "DROP TABLE IF EXISTS sample")
	// The samples as the file writes them: a time with an offset shows
	// its offset, not the instant in UTC.
	if _, err := e.exec(ctx, "CREATE OR REPLACE TABLE sample_text AS SELECT * FROM "+reader(files, format, true)+" LIMIT "+strconv.Itoa(inspectRows)); err != nil {
		return nil, fmt.Errorf("DuckDB cannot read the logs: %v", oneLine(err))
	}
	defer e.exec(ctx, "DROP TABLE IF EXISTS sample_text")
	if err := e.conn.QueryRowContext(ctx, "SELECT count(*) FROM sample").Scan(&in.Rows); err != nil {
		return nil, err
	}
	types := map[string]string{}
	err = e.rows(ctx, "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'sample'", nil, func(r *sql.Rows) error {
		var n, t string
		if err := r.Scan(&n, &t); err != nil {
			return err
		}
		types[n] = t
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		c := InspectedColumn{Name: n, Type: types[n]}
		err := e.rows(ctx, "SELECT v FROM (SELECT CAST("+ident(n)+" AS VARCHAR) AS v, rowid AS r FROM sample_text) WHERE nullif(trim(v), '') IS NOT NULL GROUP BY v ORDER BY min(r) LIMIT $1",
			[]any{inspectSamples}, func(r *sql.Rows) error {
				var v string
				if err := r.Scan(&v); err != nil {
					return err
				}
				c.Samples = append(c.Samples, v)
				return nil
			})
		if err != nil {
			return nil, fmt.Errorf("DuckDB cannot read the column %q: %v", n, oneLine(err))
		}
		in.Columns = append(in.Columns, c)
	}
	in.Mapping = guessMapping(in.Columns)
	if err := e.starterStages(ctx, in); err != nil {
		return nil, err
	}
	for i := range in.Columns {
		in.Columns[i].Role = roleOf(in.Mapping, in.Columns[i].Name)
	}
	return in, nil
}

// starterStages guesses the stages: the events most persons of the
// sample have (and at least five persons, or half the most), in the order
// they usually come in a person's events (their mean place among the
// person's first events of each name), so that the guess is a funnel to
// edit rather than a list of frequent events. Without
// a time or an identifier to order by, the most frequent events.
func (e *Engine) starterStages(ctx context.Context, in *Inspection) error {
	m := &in.Mapping
	if m.Event == "" {
		return nil
	}
	add := func(r *sql.Rows) error {
		var v string
		if err := r.Scan(&v); err != nil {
			return err
		}
		m.Rules = append(m.Rules, model.StageRule{Stage: v, Match: model.MatchExact, Pattern: v})
		return nil
	}
	ev := "CAST(" + ident(m.Event) + " AS VARCHAR)"
	if m.Time.Column != "" && len(m.Identifiers) > 0 {
		t := ident(m.Time.Column)
		for _, c := range in.Columns {
			if c.Name == m.Time.Column && c.Type == "VARCHAR" {
				t = "try_cast(" + t + " AS TIMESTAMPTZ)"
			}
		}
		q := `WITH f AS (SELECT p, v, min(t) AS t FROM (SELECT CAST(` + ident(m.Identifiers[0]) + ` AS VARCHAR) AS p, ` + ev + ` AS v, ` + t + ` AS t FROM sample)
				WHERE p IS NOT NULL AND v IS NOT NULL AND t IS NOT NULL GROUP BY p, v),
			r AS (SELECT v, percent_rank() OVER (PARTITION BY p ORDER BY t) AS x FROM f),
			c AS (SELECT v, count(*) AS persons, avg(x) AS place FROM r GROUP BY v),
			top AS (SELECT v, persons, place FROM c
				WHERE persons >= least(5, ceil((SELECT max(persons) FROM c) / 2)) ORDER BY persons DESC, v LIMIT $1)
			SELECT v FROM top ORDER BY place, persons DESC, v`
		err := e.rows(ctx, q, []any{starterStages}, add)
		if err == nil && len(m.Rules) > 0 {
			return nil
		}
		m.Rules = nil
	}
	err := e.rows(ctx, "SELECT "+ev+" AS v FROM sample WHERE v IS NOT NULL GROUP BY v ORDER BY count(*) DESC, v LIMIT $1",
		[]any{starterStages}, add)
	if err != nil {
		return fmt.Errorf("DuckDB cannot count the event names: %v", oneLine(err))
	}
	return nil
}

// typedReader reads files with DuckDB's detected types.
func typedReader(files []string, format logFormat) string {
	list := fileList(files)
	switch format {
	case formatJSON:
		return "read_json(" + list + ", format = 'newline_delimited')"
	case formatParquet:
		return "read_parquet(" + list + ")"
	}
	return "read_csv(" + list + ", ignore_errors = true)"
}

// Names that say a column's role, strongest identifier first.
var (
	timeName  = regexp.MustCompile(`(?i)^(time|timestamp|ts|date|datetime|event_?time|created(_at)?|occurred(_at)?|time:timestamp|.*_(at|time|ts))$`)
	eventName = regexp.MustCompile(`(?i)^(event|event_?name|event_?type|action|activity|concept:name|name|type)$`)
	idNames   = []*regexp.Regexp{
		regexp.MustCompile(`(?i)^(user_?id|customer_?id|account_?id|member_?id|person_?id|uid)$`),
		regexp.MustCompile(`(?i)^(e?-?mail(_?hash)?|email_?address)$`),
		regexp.MustCompile(`(?i)^(device_?id|device)$`),
		regexp.MustCompile(`(?i)^(anonymous_?id|anon_?id|cookie_?id|visitor_?id|client_?id|distinct_?id|session_?id)$`),
		regexp.MustCompile(`(?i)^(case_?id|case|id|case:concept:name)$`),
	}
	channelName = regexp.MustCompile(`(?i)^(channel|marketing_?channel|touchpoint)$`)
	sourceName  = regexp.MustCompile(`(?i)^(utm_?source|source|traffic_?source)$`)
	mediumName  = regexp.MustCompile(`(?i)^(utm_?medium|medium)$`)
)

// guessMapping guesses the roles by column name, then by content.
func guessMapping(cols []InspectedColumn) model.Mapping {
	m := model.DefaultMapping()
	taken := map[string]bool{}
	take := func(c string) string { taken[c] = true; return c }
	for _, c := range cols {
		if m.Time.Column == "" && (strings.HasPrefix(c.Type, "TIMESTAMP") || c.Type == "DATE") {
			m.Time.Column = take(c.Name)
		}
	}
	for _, c := range cols {
		if m.Time.Column == "" && timeName.MatchString(c.Name) {
			m.Time.Column = take(c.Name)
			if c.Type == "BIGINT" || c.Type == "DOUBLE" || c.Type == "INTEGER" {
				m.Time.Unit = model.TimeUnixS
				if len(c.Samples) > 0 {
					if v, err := strconv.ParseFloat(c.Samples[0], 64); err == nil && v > 1e11 {
						m.Time.Unit = model.TimeUnixMS
					}
				}
			}
		}
	}
	for _, re := range idNames {
		for _, c := range cols {
			if !taken[c.Name] && re.MatchString(c.Name) {
				m.Identifiers = append(m.Identifiers, take(c.Name))
			}
		}
	}
	for _, c := range cols {
		switch {
		case taken[c.Name]:
		case m.Event == "" && eventName.MatchString(c.Name):
			m.Event = take(c.Name)
		case m.Channel == "" && channelName.MatchString(c.Name):
			m.Channel = take(c.Name)
		case m.Source == "" && sourceName.MatchString(c.Name):
			m.Source = take(c.Name)
		case m.Medium == "" && mediumName.MatchString(c.Name):
			m.Medium = take(c.Name)
		}
	}
	if m.Channel != "" && (m.Source != "" || m.Medium != "") {
		taken[m.Source], taken[m.Medium] = false, false
		m.Source, m.Medium = "", ""
	}
	// By content: the first text column left is the event name, the
	// first left after that the identifier.
	for _, c := range cols {
		if taken[c.Name] || c.Type != "VARCHAR" {
			continue
		}
		if m.Event == "" {
			m.Event = take(c.Name)
		} else if len(m.Identifiers) == 0 {
			m.Identifiers = append(m.Identifiers, take(c.Name))
		}
	}
	for _, c := range cols {
		if !taken[c.Name] {
			m.Attributes = append(m.Attributes, c.Name)
		}
	}
	return m
}

func roleOf(m model.Mapping, name string) string {
	switch {
	case name == m.Time.Column:
		return "time"
	case slices.Contains(m.Identifiers, name):
		return "identifier"
	case name == m.Event:
		return "event"
	case name == m.Channel:
		return "channel"
	case name == m.Source:
		return "source"
	case name == m.Medium:
		return "medium"
	}
	return "attribute"
}

// StarterMapping is the guessed mapping as a mapping file, headed by the
// columns found, for the user to edit.
func (in *Inspection) StarterMapping() string {
	var b strings.Builder
	b.WriteString("# Waymark mapping, guessed from ")
	names := make([]string, len(in.Files))
	for i, f := range in.Files {
		names[i] = filepath.Base(f)
	}
	b.WriteString(strings.Join(names, ", "))
	b.WriteString(" (" + in.Format + ").\n# Check each role, order the identifiers strongest first, and edit the stages:\n" +
		"# they are the events most persons have, in the order they usually come.\n#\n")
	for _, c := range in.Columns {
		samples := clipText(strings.Join(c.Samples, ", "), 80)
		fmt.Fprintf(&b, "# %-20s %-26s %-10s %s\n", commentText(c.Name), c.Type, c.Role, commentText(samples))
	}
	b.WriteString("\n")
	b.Write(FormatMapping(in.Mapping))
	return b.String()
}

func clipText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// commentText makes s fit in a TOML comment, which holds no control
// characters and only UTF-8.
func commentText(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' || r == 0x7f {
			return '?'
		}
		return r
	}, strings.ToValidUTF8(s, "?"))
}
