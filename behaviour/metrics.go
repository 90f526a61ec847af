package behaviour

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"waymark/model"
)

// compute turns the tables tup (the identifier links) and sx (the
// readable events with their stage) into the figures: it stitches
// persons, makes the table se of every attributable stage event with its
// person, its place in time order (pos: time, then row order, so that ties
// keep the log's order), its channel and its funnel stage k, and computes
// the metrics. unmappedNames says that sx also holds the events no rule
// maps, whose names the report lists.
func (e *Engine) compute(ctx context.Context, m model.Mapping, c columns, plan stagePlan, b *model.Behaviour, rep *Report, unmappedNames bool) error {
	if err := e.stitch(ctx, m, c, b, rep); err != nil {
		return err
	}
	// Events find their person by their identifiers as the log has them.
	var keys, join []string
	for i, n := range c.raw {
		k := "k" + strconv.Itoa(i)
		keys = append(keys, "coalesce("+n+", '') AS "+k)
		join = append(join, "coalesce(sx."+n+", '') = idp."+k)
	}
	steps := []string{
		// A person's segment value: their first non-empty one in time
		// order; values of too few persons fold into "Other".
		`CREATE OR REPLACE TABLE person AS SELECT evp.person, coalesce(arg_min(tup.segment,
				(tup.segment_ts::HUGEINT << 40) + coalesce(tup.segment_seq, 0)) FILTER (WHERE tup.segment IS NOT NULL),
				` + literal(model.NoValue) + `) AS seg
			FROM evp JOIN tup USING (tid) GROUP BY evp.person`,
		`UPDATE person SET seg = ` + literal(model.FoldedValue) + ` WHERE seg IN (
			SELECT seg FROM person GROUP BY seg HAVING count(*) < ` + strconv.Itoa(m.Metrics.FoldBelow) + `)`,
		// Every row of a group has its identifiers, and so its person.
		`CREATE OR REPLACE TABLE idp AS SELECT DISTINCT ` + strings.Join(keys, ", ") + `, evp.person FROM tup JOIN evp USING (tid)`,
		`CREATE OR REPLACE TABLE se AS SELECT idp.person, (sx.ts::HUGEINT << 40) + sx.seq AS pos, sx.ts,
			coalesce(sx.channel, ` + literal(model.NoValue) + `) AS channel, sx.event,
			list_position(` + stageList(plan.funnel) + `, sx.stage) AS k
			FROM sx JOIN idp ON ` + strings.Join(join, " AND ") + ` WHERE sx.stage IS NOT NULL`,
	}
	for _, s := range steps {
		if _, err := e.exec(ctx, s); err != nil {
			return fmt.Errorf("DuckDB cannot apply the stage rules: %v", oneLine(err))
		}
	}
	err := e.conn.QueryRowContext(ctx, `SELECT (SELECT coalesce(sum(events), 0)::BIGINT FROM tup JOIN evp USING (tid)) - (SELECT count(*) FROM se)`).Scan(&b.Unmapped)
	if err != nil {
		return err
	}
	if unmappedNames {
		// Of the persons' events: those with an identifier to link.
		err := e.rows(ctx, "SELECT sx.event, count(*) AS n FROM sx JOIN idp ON "+strings.Join(join, " AND ")+
			" WHERE sx.stage IS NULL GROUP BY sx.event ORDER BY n DESC, sx.event LIMIT $1", []any{model.MaxBehaviourList}, func(r *sql.Rows) error {
			var n model.NameCount
			if err := r.Scan(&n.Name, &n.Count); err != nil {
				return err
			}
			b.UnmappedEvents = append(b.UnmappedEvents, n)
			return nil
		})
		if err != nil {
			return err
		}
	}
	// What the figures need is in se and person now: free the rest (the
	// view sx first, as it reads ev).
	e.exec(ctx, "DROP VIEW IF EXISTS sx")
	e.dropTables(ctx)
	for _, t := range []string{"tup", "sx", "idp"} {
		e.exec(ctx, "DROP TABLE IF EXISTS "+t)
	}
	if err := e.metrics(ctx, m, plan, b); err != nil {
		return err
	}
	if err := b.Check(); err != nil {
		return fmt.Errorf("the figures came out wrong (%v); please report this", err)
	}
	return nil
}

// metrics computes reach per person and stage (table reach), then the
// figures per stage, overall and per segment value, and the top paths.
// Both paths follow a person's stage events: the channel path is the
// channels of those, so that the extracts, which hold only stage events,
// give the same paths.
func (e *Engine) metrics(ctx context.Context, m model.Mapping, plan stagePlan, b *model.Behaviour) error {
	fold := m.Metrics.FoldBelow
	steps := []string{
		`CREATE OR REPLACE TABLE reach (person BIGINT, k INTEGER, pos HUGEINT, ts BIGINT, channel VARCHAR, prev_ts BIGINT)`,
	}
	if m.Metrics.Mode == model.ModePresence {
		steps = append(steps, `INSERT INTO reach SELECT person, k, min(pos), arg_min(ts, pos), arg_min(channel, pos), NULL
			FROM se WHERE k IS NOT NULL GROUP BY person, k`)
	} else {
		// Funnel: t1 is the first stage-1 event; tk the first stage-k
		// event after t(k−1) in time-then-file order, within the window
		// from t1 if there is one.
		steps = append(steps, `INSERT INTO reach SELECT person, 1, min(pos), arg_min(ts, pos), arg_min(channel, pos), NULL
			FROM se WHERE k = 1 GROUP BY person`)
		window, first := "", ""
		if w := m.Metrics.WindowSeconds; w > 0 {
			window = " AND s.ts - f.ts <= " + strconv.FormatInt(w, 10) + "::BIGINT * 1000000"
			first = " JOIN reach f ON f.person = s.person AND f.k = 1"
		}
		for k := 2; k <= len(plan.funnel); k++ {
			ks := strconv.Itoa(k)
			steps = append(steps, `INSERT INTO reach SELECT s.person, `+ks+`, min(s.pos), arg_min(s.ts, s.pos),
				arg_min(s.channel, s.pos), any_value(p.ts)
				FROM se s JOIN reach p ON p.person = s.person AND p.k = `+ks+` - 1`+first+`
				WHERE s.k = `+ks+` AND s.pos > p.pos`+window+`
				GROUP BY s.person`)
		}
	}
	for _, s := range steps {
		if _, err := e.exec(ctx, s); err != nil {
			return fmt.Errorf("DuckDB cannot compute the figures: %v", oneLine(err))
		}
	}
	segmented := m.Metrics.Segment != ""
	byGroup, err := e.figures(ctx, m, plan, segmented)
	if err != nil {
		return err
	}
	b.Stages = byGroup[""]
	if b.Stages == nil {
		b.Stages = emptyFigures(plan)
	}
	// The cards a map could suggest: each stage's most frequent (event,
	// channel) pairs by persons, none of fewer persons than the fold.
	err = e.rows(ctx, `SELECT k, event, channel, persons FROM (
			SELECT k, event, channel, count(DISTINCT person) AS persons,
				row_number() OVER (PARTITION BY k ORDER BY count(DISTINCT person) DESC, event, channel) AS place
			FROM se WHERE k IS NOT NULL GROUP BY k, event, channel)
		WHERE place <= $1 AND persons >= $2 ORDER BY k, place`, []any{model.TopStageEvents, fold}, func(r *sql.Rows) error {
		var k int
		var x model.EventChannel
		if err := r.Scan(&k, &x.Event, &x.Channel, &x.Persons); err != nil {
			return err
		}
		b.Stages[k-1].TopEvents = append(b.Stages[k-1].TopEvents, x)
		return nil
	})
	if err != nil {
		return fmt.Errorf("DuckDB cannot count the stages' events: %v", oneLine(err))
	}
	if segmented {
		err = e.rows(ctx, `SELECT seg, count(*) AS n FROM person GROUP BY seg
			ORDER BY seg = `+literal(model.FoldedValue)+`, n DESC, seg LIMIT $1`, []any{model.MaxBehaviourList}, func(r *sql.Rows) error {
			var v model.SegmentValue
			if err := r.Scan(&v.Value, &v.Persons); err != nil {
				return err
			}
			v.Stages = byGroup[v.Value]
			if v.Stages == nil {
				v.Stages = emptyFigures(plan)
			}
			b.Segments = append(b.Segments, v)
			return nil
		})
		if err != nil {
			return err
		}
	}
	// A person's stages in the order first reached, as (i, label).
	if b.TopStagePaths, err = e.paths(ctx, fold, `SELECT person, row_number() OVER (PARTITION BY person ORDER BY first) AS i,
			(`+stageList(plan.funnel)+`)[k] AS label
			FROM (SELECT person, k, min(pos) AS first FROM se WHERE k IS NOT NULL GROUP BY person, k)`); err != nil {
		return err
	}
	if m.Channel != "" || m.Source != "" || m.Medium != "" {
		// A person's channels in time order, repeats collapsed.
		if b.TopChannelPaths, err = e.paths(ctx, fold, `SELECT person, row_number() OVER (PARTITION BY person ORDER BY pos) AS i, channel AS label
				FROM (SELECT person, pos, channel, lag(channel) OVER (PARTITION BY person ORDER BY pos) AS prev FROM se)
				WHERE prev IS NULL OR prev <> channel`); err != nil {
			return err
		}
	}
	return nil
}

// stageList is a DuckDB list literal of names.
func stageList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = literal(n)
	}
	return "[" + strings.Join(q, ", ") + "]::VARCHAR[]"
}

// paths counts the persons per path, folds the paths of fewer than fold
// persons into "Other", and keeps the top 20. elements gives each
// person's path as rows (person, i, label), i = 1, 2, ...
//
// Persons are grouped by a hash of their path's (i, label) pairs, a sum,
// so no ordered aggregate over every person is needed: those cannot
// spill to disk, and the hashing runs on window sorts and hash
// aggregates, which can. Only the paths that are shown are spelled out.
func (e *Engine) paths(ctx context.Context, fold int, elements string) ([]model.NameCount, error) {
	fail := func(err error) ([]model.NameCount, error) {
		return nil, fmt.Errorf("DuckDB cannot count the paths: %v", oneLine(err))
	}
	if _, err := e.exec(ctx, "CREATE OR REPLACE TABLE path_step AS "+elements); err != nil {
		return fail(err)
	}
	defer e.exec(ctx, "DROP TABLE IF EXISTS path_step")
	steps := []string{
		`CREATE OR REPLACE TABLE path_group AS SELECT h, n, count(*) AS persons, min(person) AS example FROM (
			SELECT person, sum(hash(i, label)) AS h, count(*) AS n FROM path_step GROUP BY person)
			GROUP BY h, n`,
	}
	for _, q := range steps {
		if _, err := e.exec(ctx, q); err != nil {
			return fail(err)
		}
	}
	defer e.exec(ctx, "DROP TABLE IF EXISTS path_group")
	var out []model.NameCount
	var other int64
	if err := e.conn.QueryRowContext(ctx, "SELECT coalesce(sum(persons), 0)::BIGINT FROM path_group WHERE persons < $1", fold).Scan(&other); err != nil {
		return fail(err)
	}
	// Enough of the largest to settle ties at the 20th by name.
	err := e.rows(ctx, `WITH shown AS (SELECT example, persons FROM path_group WHERE persons >= $1 ORDER BY persons DESC LIMIT $2)
		SELECT string_agg(s.label, ' > ' ORDER BY s.i), any_value(shown.persons)
		FROM shown JOIN path_step s ON s.person = shown.example GROUP BY shown.example`,
		[]any{fold, 50 * model.TopPaths}, func(r *sql.Rows) error {
			var n model.NameCount
			if err := r.Scan(&n.Name, &n.Count); err != nil {
				return err
			}
			out = append(out, n)
			return nil
		})
	if err != nil {
		return fail(err)
	}
	if other > 0 {
		out = append(out, model.NameCount{Name: model.FoldedValue, Count: other})
	}
	slices.SortFunc(out, func(a, b model.NameCount) int {
		if a.Count != b.Count {
			return cmp.Compare(b.Count, a.Count)
		}
		return strings.Compare(a.Name, b.Name)
	})
	if len(out) > model.TopPaths {
		out = out[:model.TopPaths]
	}
	return out, nil
}

func emptyFigures(plan stagePlan) []model.StageFigures {
	out := make([]model.StageFigures, len(plan.funnel))
	for i, s := range plan.funnel {
		out[i] = model.StageFigures{Stage: s}
	}
	return out
}

// figures computes the stage figures for everyone (under the key "") and,
// when segmented, per segment value (never "": values are trimmed), in one
// pass over the tables each.
func (e *Engine) figures(ctx context.Context, m model.Mapping, plan stagePlan, segmented bool) (map[string][]model.StageFigures, error) {
	group := "''"
	sets := func(keys string) string { return "GROUP BY " + keys }
	if segmented {
		group = "CASE WHEN GROUPING(person.seg) = 1 THEN '' ELSE person.seg END"
		sets = func(keys string) string { return "GROUP BY GROUPING SETS ((" + keys + "), (person.seg, " + keys + "))" }
	}
	out := map[string][]model.StageFigures{}
	at := func(g string, k int) *model.StageFigures {
		if out[g] == nil {
			out[g] = emptyFigures(plan)
		}
		return &out[g][k-1]
	}
	// Reach, overlap with the previous and the first stage, and the times
	// from the previous stage: median (quantile_cont: the mean of the two
	// middle values) and the 90th percentile by nearest rank, the
	// ceil(0.9·n)-th smallest.
	err := e.rows(ctx, `SELECT `+group+` AS g, r.k, count(*), count(p.person), count(f.person), count(r.prev_ts),
			coalesce(median((r.ts - r.prev_ts)::DOUBLE), 0),
			coalesce(list_sort(list(r.ts - r.prev_ts) FILTER (WHERE r.prev_ts IS NOT NULL))[(9 * count(r.prev_ts) + 9) // 10], 0)
		FROM reach r JOIN person USING (person)
		LEFT JOIN reach p ON p.person = r.person AND p.k = r.k - 1
		LEFT JOIN reach f ON f.person = r.person AND f.k = 1
		`+sets("r.k"), nil, func(r *sql.Rows) error {
		var g string
		var k int
		var reached, fromPrev, fromFirst, timed int64
		var median float64
		var p90 int64
		if err := r.Scan(&g, &k, &reached, &fromPrev, &fromFirst, &timed, &median, &p90); err != nil {
			return err
		}
		s := at(g, k)
		s.Reached, s.Timed = reached, timed
		s.MedianSeconds, s.P90Seconds = median/1e6, float64(p90)/1e6
		// Kept for the pass below: how many also reached the previous
		// and the first stage.
		s.DropOff, s.ConversionFromFirst = fromPrev, float64(fromFirst)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("DuckDB cannot compute the stage figures: %v", oneLine(err))
	}
	for g, stages := range out {
		for i := range stages {
			s := &stages[i]
			fromPrev, fromFirst := s.DropOff, int64(s.ConversionFromFirst)
			s.DropOff, s.ConversionFromFirst = 0, 0
			if i == 0 {
				if s.Reached > 0 {
					s.ConversionFromPrevious, s.ConversionFromFirst = 1, 1
				}
				continue
			}
			prev, first := stages[i-1].Reached, stages[0].Reached
			s.DropOff = prev - fromPrev
			if prev > 0 {
				s.ConversionFromPrevious = float64(fromPrev) / float64(prev)
				s.DropOffRate = float64(s.DropOff) / float64(prev)
			}
			if first > 0 {
				s.ConversionFromFirst = float64(fromFirst) / float64(first)
			}
		}
		out[g] = stages
	}
	// Channel mix: the stage's events per channel. In funnel mode these
	// are the events from the one by which the person reached the stage
	// on (within the window), so events before t1 count toward nothing.
	window := ""
	if w := m.Metrics.WindowSeconds; w > 0 && m.Metrics.Mode != model.ModePresence {
		window = " AND s.ts - f.ts <= " + strconv.FormatInt(w, 10) + "::BIGINT * 1000000"
	}
	first := ""
	if window != "" {
		first = " JOIN reach f ON f.person = s.person AND f.k = 1"
	}
	err = e.rows(ctx, `SELECT `+group+` AS g, s.k, s.channel, count(*) AS n
		FROM se s JOIN reach r ON r.person = s.person AND r.k = s.k`+first+`
		JOIN person ON person.person = s.person
		WHERE s.pos >= r.pos`+window+`
		`+sets("s.k, s.channel")+` ORDER BY g, s.k, n DESC, s.channel`, nil, func(r *sql.Rows) error {
		var g string
		var k int
		var ch model.ChannelShare
		if err := r.Scan(&g, &k, &ch.Channel, &ch.Events); err != nil {
			return err
		}
		s := at(g, k)
		if len(s.Channels) < model.MaxBehaviourList {
			s.Channels = append(s.Channels, ch)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("DuckDB cannot compute the channel mix: %v", oneLine(err))
	}
	err = e.rows(ctx, `SELECT g, k, channel, n FROM (
			SELECT `+group+` AS g, r.k, r.channel, count(*) AS n,
				row_number() OVER (PARTITION BY g, r.k ORDER BY count(*) DESC, r.channel) AS place
			FROM reach r JOIN person USING (person) `+sets("r.k, r.channel")+`)
		WHERE place <= $1 ORDER BY g, k, place`, []any{model.TopEntryChannels}, func(r *sql.Rows) error {
		var g string
		var k int
		var n model.NameCount
		if err := r.Scan(&g, &k, &n.Name, &n.Count); err != nil {
			return err
		}
		s := at(g, k)
		s.EntryChannels = append(s.EntryChannels, n)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("DuckDB cannot compute the entry channels: %v", oneLine(err))
	}
	for _, stages := range out {
		for i := range stages {
			var total int64
			for _, c := range stages[i].Channels {
				total += c.Events
			}
			for j := range stages[i].Channels {
				stages[i].Channels[j].Share = float64(stages[i].Channels[j].Events) / float64(total)
			}
		}
	}
	return out, nil
}
