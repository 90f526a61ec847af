package behaviour

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"waymark/model"
)

// maxStitchRounds bounds the label propagation: each round at least
// halves the distance a label still has to travel, so real logs need a
// few dozen at most.
const maxStitchRounds = 10_000

// stitch joins identifiers into persons, entirely in SQL. Each usable
// identifier (column rank, value) is a node; two identifiers on one row
// are linked. The guards refuse some nodes; the rest form connected
// components by minimum-label propagation, driven from here until no
// label changes. Each event then belongs to the person of its row's
// usable identifiers, or, when the row has only refused ones, to a person
// of its strongest refused identifier alone. It works on the groups of
// rows in tup, so the direct import and the warehouse extracts stitch
// alike.
func (e *Engine) stitch(ctx context.Context, m model.Mapping, c columns, b *model.Behaviour, rep *Report) error {
	// The groups of rows of the table tup (see sqlgen.linksQuery) stand
	// for the rows: every row of a group has the same identifiers.
	var occ, ph []string
	for i, id := range c.ids {
		occ = append(occ, "SELECT tid AS seq, "+strconv.Itoa(i)+" AS rank, "+id+" AS v FROM tup WHERE "+id+" IS NOT NULL AND events > 0")
		ph = append(ph, "SELECT ph"+strconv.Itoa(i)+" AS p, events FROM tup WHERE ph"+strconv.Itoa(i)+" IS NOT NULL AND events > 0")
	}
	err := e.rows(ctx, "SELECT p, sum(events)::BIGINT AS n FROM ("+strings.Join(ph, " UNION ALL ")+") GROUP BY p ORDER BY n DESC, p LIMIT $1",
		[]any{model.TopRefused}, func(r *sql.Rows) error {
			var n model.NameCount
			if err := r.Scan(&n.Name, &n.Count); err != nil {
				return err
			}
			b.Stitching.PlaceholderRefused = append(b.Stitching.PlaceholderRefused, n)
			return nil
		})
	if err != nil {
		return err
	}
	steps := []string{
		"CREATE OR REPLACE TABLE occ AS " + strings.Join(occ, " UNION ALL "),
		`CREATE OR REPLACE TABLE node AS SELECT row_number() OVER (ORDER BY rank, v) AS id, rank, v, NULL::VARCHAR AS refused
			FROM (SELECT DISTINCT rank, v FROM occ)`,
		`CREATE OR REPLACE TABLE occ AS SELECT o.seq, n.id, n.rank FROM occ o JOIN node n USING (rank, v)`,
		`CREATE OR REPLACE TABLE link AS SELECT DISTINCT x.id AS a, y.id AS b, y.rank AS brank
			FROM occ x JOIN occ y ON x.seq = y.seq AND x.id <> y.id`,
		`CREATE OR REPLACE TABLE guard AS SELECT a AS id, count(*) AS links, count(*) FILTER (WHERE brank = 0) AS strong
			FROM link GROUP BY a`,
		// A shared device: linked to two or more values of the strongest
		// identifier.
		`UPDATE node SET refused = 'shared by two or more values of the strongest identifier'
			FROM guard g WHERE g.id = node.id AND node.rank > 0 AND g.strong >= 2`,
	}
	for _, s := range steps {
		if _, err := e.exec(ctx, s); err != nil {
			return fmt.Errorf("stitching failed: %v", oneLine(err))
		}
	}
	if _, err := e.exec(ctx, `UPDATE node SET refused = 'linked to more than '|| $1 || ' other identifiers'
			FROM guard g WHERE g.id = node.id AND node.refused IS NULL AND g.links > $1`, m.Stitching.MaxLinks); err != nil {
		return fmt.Errorf("stitching failed: %v", oneLine(err))
	}
	for {
		if err := e.components(ctx); err != nil {
			return err
		}
		// Two values of the strongest identifier are never one person.
		// A component that joins them through a chain of weaker ones
		// loses the weaker identifiers next to its strongest ones; that
		// splits it, as every such chain starts with one.
		n, err := e.exec(ctx, `UPDATE node SET refused = 'joins two values of the strongest identifier'
			WHERE node.refused IS NULL AND node.rank > 0 AND node.id IN (
				SELECT k.a FROM link k
				JOIN node s ON s.id = k.b AND s.rank = 0 AND s.refused IS NULL
				JOIN lbl ON lbl.id = k.a
				WHERE lbl.l IN (SELECT l FROM lbl JOIN node USING (id) WHERE node.rank = 0 GROUP BY l HAVING count(*) > 1))`)
		if err != nil {
			return fmt.Errorf("stitching failed: %v", oneLine(err))
		}
		if n == 0 {
			break
		}
	}
	steps = []string{
		// The person of each group of attributable rows.
		`CREATE OR REPLACE TABLE evp AS SELECT o.seq AS tid, coalesce(min(lbl.l), arg_min(o.id, o.rank)) AS person
			FROM occ o LEFT JOIN lbl ON lbl.id = o.id GROUP BY o.seq`,
	}
	for _, s := range steps {
		if _, err := e.exec(ctx, s); err != nil {
			return fmt.Errorf("stitching failed: %v", oneLine(err))
		}
	}
	st := &b.Stitching
	err = e.conn.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM node), (SELECT count(*) - count(DISTINCT l) FROM lbl),
		(SELECT count(*) FROM node WHERE refused IS NOT NULL),
		(SELECT coalesce(sum(events), 0)::BIGINT FROM tup LEFT JOIN evp USING (tid) WHERE evp.tid IS NULL),
		(SELECT count(DISTINCT person) FROM evp)`).Scan(&st.Identifiers, &st.Merges, &st.SharedRefused, &b.Unattributable, &b.Persons)
	if err != nil {
		return fmt.Errorf("stitching failed: %v", oneLine(err))
	}
	return e.rows(ctx, `SELECT n.rank, n.v, coalesce(g.links, 0), coalesce(g.strong, 0), n.refused FROM node n LEFT JOIN guard g USING (id)
		WHERE n.refused IS NOT NULL ORDER BY g.links DESC, n.rank, n.v LIMIT $1`, []any{model.TopRefused}, func(r *sql.Rows) error {
		var x RefusedIdentifier
		var rank int
		if err := r.Scan(&rank, &x.Value, &x.Links, &x.StrongestLinks, &x.Reason); err != nil {
			return err
		}
		x.Column = m.Identifiers[rank]
		rep.SharedRefused = append(rep.SharedRefused, x)
		st.SharedRefusedLinks = append(st.SharedRefusedLinks, x.Links)
		return nil
	})
}

// components labels every usable identifier with the smallest node id of
// its connected component: each round takes the smallest label of the
// neighbours, then jumps to the label's own label.
func (e *Engine) components(ctx context.Context) error {
	steps := []string{
		`CREATE OR REPLACE TABLE lbl AS SELECT id, id AS l FROM node WHERE refused IS NULL`,
		`CREATE OR REPLACE TABLE edge AS SELECT k.a, k.b FROM link k
			JOIN node x ON x.id = k.a AND x.refused IS NULL JOIN node y ON y.id = k.b AND y.refused IS NULL`,
	}
	for _, s := range steps {
		if _, err := e.exec(ctx, s); err != nil {
			return fmt.Errorf("stitching failed: %v", oneLine(err))
		}
	}
	for round := 0; ; round++ {
		if round == maxStitchRounds {
			return fmt.Errorf("stitching did not settle after %d rounds", maxStitchRounds)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		moved, err := e.exec(ctx, `UPDATE lbl SET l = m.l FROM (
				SELECT e.a AS id, min(x.l) AS l FROM edge e JOIN lbl x ON x.id = e.b GROUP BY e.a) m
			WHERE lbl.id = m.id AND m.l < lbl.l`)
		if err != nil {
			return fmt.Errorf("stitching failed: %v", oneLine(err))
		}
		jumped, err := e.exec(ctx, `UPDATE lbl SET l = p.l FROM lbl p WHERE p.id = lbl.l AND p.l < lbl.l`)
		if err != nil {
			return fmt.Errorf("stitching failed: %v", oneLine(err))
		}
		if moved == 0 && jumped == 0 {
			return nil
		}
	}
}
