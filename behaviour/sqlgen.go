package behaviour

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"waymark/model"
)

// sqlgen writes the SQL that reads a log's rows into journey terms, in one
// dialect. The direct import and the warehouse extracts both use it, so
// that a row is trimmed, classified and mapped to a stage the same way
// wherever it is read.
type sqlgen struct {
	d Dialect
	// zone is where date-times without an offset are: BigQuery takes it
	// in the time function, the others as a session setting (preamble).
	zone string
}

func (g sqlgen) ident(name string) string {
	switch g.d {
	case BigQuery, Spark:
		return "`" + strings.ReplaceAll(name, "`", "``") + "`"
	}
	return ident(name)
}

// str is a string literal. BigQuery, Snowflake and Spark read backslash
// escapes in quoted strings; DuckDB does not.
func (g sqlgen) str(s string) string {
	if g.d == DuckDB {
		return literal(s)
	}
	s = strings.ReplaceAll(s, `\`, `\\`)
	if g.d == Snowflake {
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	return "'" + strings.ReplaceAll(s, "'", `\'`) + "'"
}

func (g sqlgen) integer() string {
	if g.d == BigQuery {
		return "INT64"
	}
	return "BIGINT"
}

func (g sqlgen) text() string {
	switch g.d {
	case BigQuery, Spark:
		return "STRING"
	}
	return "VARCHAR"
}

// trimmed is a column's value as text without surrounding spaces, NULL
// when empty.
func (g sqlgen) trimmed(expr string) string {
	return "NULLIF(TRIM(CAST(" + expr + " AS " + g.text() + ")), '')"
}

// regex is true where pattern (RE2) matches anywhere in expr.
func (g sqlgen) regex(expr, pattern string) string {
	switch g.d {
	case BigQuery:
		return "REGEXP_CONTAINS(" + expr + ", " + g.str(pattern) + ")"
	case Snowflake:
		return "REGEXP_INSTR(" + expr + ", " + g.str(pattern) + ") > 0"
	case Spark:
		return expr + " RLIKE " + g.str(pattern)
	}
	return "regexp_matches(" + expr + ", " + g.str(pattern) + ")"
}

// glob is true where the glob matches the whole of expr; outside DuckDB
// it becomes an anchored regular expression.
func (g sqlgen) glob(expr, pattern string) string {
	if g.d == DuckDB {
		return expr + " GLOB " + g.str(pattern)
	}
	return g.regex(expr, globRegex(pattern))
}

// globRegex is the anchored regular expression of a glob: * any run,
// ? one character, [...] a class ([!...] or [^...] negated), \ escapes.
func globRegex(glob string) string {
	var b strings.Builder
	b.WriteString("^")
	rs := []rune(glob)
	for i := 0; i < len(rs); i++ {
		switch c := rs[i]; c {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		case '\\':
			if i+1 < len(rs) {
				i++
				b.WriteString(regexp.QuoteMeta(string(rs[i])))
			} else {
				b.WriteString(`\\`)
			}
		case '[':
			j := i + 1
			if j < len(rs) && (rs[j] == '!' || rs[j] == '^') {
				j++
			}
			if j < len(rs) && rs[j] == ']' {
				j++
			}
			for j < len(rs) && rs[j] != ']' {
				j++
			}
			if j >= len(rs) {
				b.WriteString(`\[`)
				continue
			}
			class := string(rs[i+1 : j])
			if strings.HasPrefix(class, "!") {
				class = "^" + class[1:]
			}
			b.WriteString("[" + strings.ReplaceAll(class, `\`, `\\`) + "]")
			i = j
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	return b.String()
}

// timeMicros is the event time in microseconds since 1970 (NULL when it
// cannot be read) of a trimmed text t. ISO date-times without an offset
// are read in the session's time zone: the preamble sets it.
func (g sqlgen) timeMicros(t string, unit model.TimeUnit) string {
	scale := ""
	switch unit {
	case model.TimeUnixS:
		scale = "1000000"
	case model.TimeUnixMS:
		scale = "1000"
	}
	if scale != "" {
		switch g.d {
		case BigQuery:
			return "CAST(SAFE_CAST(" + t + " AS FLOAT64) * " + scale + " AS INT64)"
		case Snowflake:
			return "CAST(TRY_TO_DOUBLE(" + t + ") * " + scale + " AS BIGINT)"
		case Spark:
			return "CAST(TRY_CAST(" + t + " AS DOUBLE) * " + scale + " AS BIGINT)"
		}
		return "try_cast(try_cast(" + t + " AS DOUBLE) * " + scale + " AS BIGINT)"
	}
	switch g.d {
	case BigQuery:
		// The zone is the function's: it applies to times without one.
		return "UNIX_MICROS(SAFE.TIMESTAMP(" + t + ", " + g.str(g.zone) + "))"
	case Snowflake:
		return "DATE_PART(EPOCH_MICROSECOND, TRY_TO_TIMESTAMP_TZ(" + t + "))"
	case Spark:
		return "UNIX_MICROS(TRY_TO_TIMESTAMP(" + t + "))"
	}
	return "epoch_us(try_cast(" + t + " AS TIMESTAMPTZ))"
}

// preamble sets the time zone in which date-times without an offset are
// read, in dialects where that is a session setting.
func (g sqlgen) preamble() string {
	zone := g.zone
	switch g.d {
	case DuckDB:
		return "SET TimeZone = " + g.str(zone) + ";\n"
	case Snowflake:
		return "ALTER SESSION SET TIMEZONE = " + g.str(zone) + ";\n"
	case Spark:
		return "SET spark.sql.session.timeZone = " + zone + ";\n"
	}
	return ""
}

// orJoin joins two optional texts with " / ", or takes the one present.
func orJoin(a, b string) string {
	return "CASE WHEN " + a + " IS NULL THEN " + b + " WHEN " + b + " IS NULL THEN " + a +
		" ELSE CONCAT(" + a + ", ' / ', " + b + ") END"
}

// normalised is a SELECT of a log's rows in journey terms: pass (the
// pass-through columns, e.g. the source file or row order) and then
// time_text (only where the time cannot be read), ts (microseconds),
// event, channel, n0.. (the identifiers, trimmed) and the attributes a0..
// of c. from is the table read. Identifiers are classified later, once
// per distinct value rather than on every row (see identifiers).
func (g sqlgen) normalised(m model.Mapping, c columns, from string, pass []string) string {
	channel := "CAST(NULL AS " + g.text() + ")"
	switch {
	case m.Channel != "":
		channel = g.trimmed(g.ident(m.Channel))
	case m.Source != "" && m.Medium != "":
		channel = orJoin(g.trimmed(g.ident(m.Source)), g.trimmed(g.ident(m.Medium)))
	case m.Source != "":
		channel = g.trimmed(g.ident(m.Source))
	case m.Medium != "":
		channel = g.trimmed(g.ident(m.Medium))
	}
	var names []string
	for _, p := range pass {
		names = append(names, p[strings.LastIndex(p, " ")+1:])
	}
	// Two levels, so that the time is trimmed once and read once.
	read := append(slices.Clone(pass), g.trimmed(g.ident(m.Time.Column))+" AS time_text",
		g.trimmed(g.ident(m.Event))+" AS event", channel+" AS channel")
	// The time's text is kept only where it cannot be read, for the report.
	final := append(slices.Clone(names), "CASE WHEN ts IS NULL THEN time_text END AS time_text", "ts", "event", "channel")
	for i, id := range m.Identifiers {
		read = append(read, g.trimmed(g.ident(id))+" AS "+c.raw[i])
		final = append(final, c.raw[i])
	}
	for _, a := range c.names {
		read = append(read, g.trimmed(g.ident(a))+" AS "+c.attrs[a])
		final = append(final, c.attrs[a])
	}
	return "SELECT" + list(final) + "\nFROM (SELECT *, " + g.timeMicros("time_text", m.Time.Unit) + " AS ts" +
		"\nFROM (SELECT" + list(read) + "\nFROM " + from + ") r) c"
}

// identifiers classifies the identifiers of the groups of links (see
// linksQuery), in DuckDB, where the import runs: id0.. is n0.. lower-cased
// when it looks like an e-mail address, NULL when a placeholder; ph0.. is
// the placeholder as it is compared (without wrapping quotes,
// lower-cased). A placeholder is empty, listed, or made only of zeros and
// dashes. A group's identifiers are classified once, not on every row.
func identifiers(m model.Mapping, c columns, links string) string {
	var placeholders []string
	for _, p := range m.Stitching.Placeholders {
		placeholders = append(placeholders, literal(strings.ToLower(strings.Trim(p, `"'`))))
	}
	placeholderList := strings.Join(placeholders, ", ")
	if placeholderList == "" {
		placeholderList = "NULL"
	}
	var bare, out, drop []string
	for i, n := range c.raw {
		b := "b" + strconv.Itoa(i)
		bare = append(bare, "lower(trim("+n+", "+literal(`"'`)+")) AS "+b)
		drop = append(drop, b)
		ph := "(" + b + " IS NULL OR trim(" + b + ", '0-') = '' OR " + b + " IN (" + placeholderList + "))"
		out = append(out, "CASE WHEN "+ph+" THEN NULL WHEN contains("+n+", '@') THEN lower("+n+") ELSE "+n+" END AS "+c.ids[i],
			"CASE WHEN "+ph+" AND "+n+" IS NOT NULL THEN "+b+" END AS ph"+strconv.Itoa(i))
	}
	return "SELECT * EXCLUDE (" + strings.Join(drop, ", ") + ")," + list(out) +
		"\nFROM (SELECT *," + list(bare) + "\nFROM (" + links + "))"
}

// list is a SELECT list, a column a line: people read these queries
// before they run them on their warehouse.
func list(cols []string) string { return "\n\t" + strings.Join(cols, ",\n\t") }

// stageOf is the stage of the first rule an event of normalised matches,
// NULL when none does.
func (g sqlgen) stageOf(m model.Mapping, c columns) string {
	var when []string
	for _, r := range m.Rules {
		var cond string
		switch r.Match {
		case model.MatchGlob:
			cond = g.glob("event", r.Pattern)
		case model.MatchRegex:
			cond = g.regex("event", r.Pattern)
		default:
			cond = "event = " + g.str(r.Pattern)
		}
		if r.Channel != "" {
			cond += " AND channel = " + g.str(r.Channel)
		}
		if r.Attribute != "" {
			col := c.attrs[r.Attribute]
			if r.Value == "" {
				cond += " AND " + col + " IS NULL"
			} else {
				cond += " AND " + col + " = " + g.str(r.Value)
			}
		}
		when = append(when, "\n\t\tWHEN "+cond+" THEN "+g.str(r.Stage))
	}
	if len(when) == 0 {
		return "CAST(NULL AS " + g.text() + ")"
	}
	return "CASE" + strings.Join(when, "") + "\n\tEND"
}

// linksQuery groups the rows of rows (normalised, with seq) by their
// identifiers and segment value: the identifier links, with
// how many readable events and unreadable rows each group has, and where
// in time its segment value first shows. A row that cannot be read counts
// only as a bad row.
func (g sqlgen) linksQuery(m model.Mapping, c columns, rows string) string {
	good := "ts IS NOT NULL AND event IS NOT NULL"
	var keys, inner []string
	for _, n := range c.raw {
		keys = append(keys, n)
		inner = append(inner, "CASE WHEN good = 1 THEN "+n+" END AS "+n)
	}
	seg := "CAST(NULL AS " + g.text() + ")"
	if s := m.Metrics.Segment; s != "" {
		seg = c.attrs[s]
	}
	inner = append(inner, "CASE WHEN good = 1 THEN "+seg+" END AS segment", "ts", "seq", "good")
	keys = append(keys, "segment")
	first := "MIN(CASE WHEN segment IS NOT NULL THEN ts END) AS segment_ts,\n\tCAST(NULL AS " + g.integer() + ") AS segment_seq"
	if g.d == DuckDB {
		// The first (time, row) of the group's segment value, in one number.
		first = "CAST(MIN(CASE WHEN segment IS NOT NULL THEN (ts::HUGEINT << 40) + seq END) >> 40 AS BIGINT) AS segment_ts," +
			"\n\tCAST(MIN(CASE WHEN segment IS NOT NULL THEN (ts::HUGEINT << 40) + seq END) & 1099511627775 AS BIGINT) AS segment_seq"
	}
	return "SELECT" + list(append(keys, first, "SUM(good) AS events", "SUM(1 - good) AS bad_rows")) +
		"\nFROM (SELECT" + list(inner) + "\nFROM (SELECT *, CASE WHEN " + good + " THEN 1 ELSE 0 END AS good\nFROM (" + rows + ") n) x) y\n" +
		"GROUP BY " + strings.Join(keys, ", ")
}

// stageEventsQuery is the readable events of rows (normalised, with seq)
// that a rule maps, with their stage, time, channel and identifiers.
func (g sqlgen) stageEventsQuery(m model.Mapping, c columns, rows string, all bool) string {
	cols := append([]string{"seq", "ts", "event", "channel", g.stageOf(m, c) + " AS stage"}, c.raw...)
	q := "SELECT" + list(cols) + "\nFROM (" + rows + ") n\nWHERE ts IS NOT NULL AND event IS NOT NULL"
	if all {
		return q
	}
	return "SELECT * FROM (" + q + ") s WHERE stage IS NOT NULL"
}

// checkDialect names the dialects when d is none of them.
func checkDialect(d Dialect) error {
	for _, x := range Dialects {
		if d == x {
			return nil
		}
	}
	var names []string
	for _, x := range Dialects {
		names = append(names, string(x))
	}
	return fmt.Errorf("the dialect %q is not one of %s", d, strings.Join(names, ", "))
}
