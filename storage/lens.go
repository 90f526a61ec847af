package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"

	"waymark/model"
)

// Saved lenses (format 3): table lens holds each journey's saved lenses in
// the order of its lens menu (position), each as the compact JSON of
// model.MarshalLens. They are handled as the behaviour figures are: caps
// measured before anything is read, each row decoded strictly, the project
// validated after, and every problem named by table, journey and position.

var (
	lensCols        = []string{"journey_id", "position", "spec"}
	sqlInsertLens   = insertSQL("lens", lensCols)
	sqlDeleteLenses = "DELETE FROM lens WHERE journey_id = ?"
)

// maxLensRows caps the saved lenses of a whole project, as the model does
// (a menu's worth for each of ten thousand journeys would be ten million
// rows); the writer refuses more too, so Waymark never writes a file it
// would refuse to open.
const maxLensRows = model.MaxLenses

// lensCount is the number of saved lenses of a project.
func lensCount(p *model.Project) int64 {
	var n int64
	for _, j := range p.Journeys {
		n += int64(len(j.Lenses))
	}
	return n
}

// lensCountProblem refuses to write a project with more saved lenses than a
// file may hold.
func lensCountProblem(p *model.Project) error {
	if n := lensCount(p); n > maxLensRows {
		return fmt.Errorf("the project holds %s saved lenses, more than a Waymark file can hold (%s)", count(n), count(maxLensRows))
	}
	return nil
}

// lensJSON is the spec column of a journey's lens; a lens a file cannot
// hold is refused naming the journey.
func lensJSON(j *model.Journey, l *model.Lens) (string, error) {
	data, err := model.MarshalLens(l)
	if err != nil {
		return "", fmt.Errorf("the saved lens %q of %s cannot be written: %v", clip(lensName(l)), journeyName(string(j.ID), j.Title), err)
	}
	return string(data), nil
}

func lensName(l *model.Lens) string {
	if l == nil {
		return ""
	}
	return l.Name
}

// writeLensRows inserts a journey's saved lenses, positions 0, 1, ….
func writeLensRows(exec func(query string, args ...any) error, j *model.Journey) error {
	for k, l := range j.Lenses {
		spec, err := lensJSON(j, l)
		if err != nil {
			return err
		}
		if err := exec(sqlInsertLens, string(j.ID), k, spec); err != nil {
			return err
		}
	}
	return nil
}

// lensesPerJourneyOverCap names a journey with more saved lenses than a
// journey may hold, or returns nil. The table's row count was measured
// already, so the grouping runs over a bounded table.
func lensesPerJourneyOverCap(ctx context.Context, c *conn) error {
	var id, title string
	var n int64
	q := fmt.Sprintf("SELECT journey_id, coalesce((SELECT title FROM journey NOT INDEXED WHERE journey.id = lens.journey_id LIMIT 1), ''), "+
		"count(*) FROM lens NOT INDEXED GROUP BY journey_id HAVING count(*) > %d LIMIT 1", model.MaxLensesPerJourney)
	err := c.QueryRowContext(ctx, q).Scan(&id, &title, &n)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	}
	return bad("table lens, %s: %s saved lenses, more than a journey may hold (%s)",
		journeyName(id, title), count(n), count(model.MaxLensesPerJourney))
}

var readLensCols = []string{"journey_id", "position", "spec"}

// loadLenses reads table lens into the journeys, in position order: each
// row's JSON strictly. A row of a journey that does not exist and a
// position given twice are refused; what the lens says (its flags, its
// persona, its name among the journey's) is checked by Validate.
func loadLenses(ctx context.Context, c *conn, journeys map[model.ID]*model.Journey) error {
	var last *model.Journey
	var lastPos int
	return read(ctx, c, tLens, true, readLensCols, "ORDER BY journey_id, position, rowid",
		func(v []driver.Value, r *rowReader) {
			r.rowid = r.int64(v[0])
			id := r.str("journey_id", v[1])
			pos := r.int("position", v[2])
			data := r.str("spec", v[3])
			if r.err != nil {
				return
			}
			j := journeys[model.ID(id)]
			if j == nil {
				r.fail("journey %s does not exist", idText(id))
				return
			}
			where := fmt.Sprintf("table lens, %s, position %d", journeyName(id, j.Title), pos)
			if j == last && pos == lastPos {
				// The primary key forbids it, but rows are read from the
				// table, not its index, which a damaged file may not match.
				r.err = bad("%s: the position appears twice", where)
				return
			}
			last, lastPos = j, pos
			l, err := model.UnmarshalLens([]byte(data))
			if err != nil {
				r.err = bad("%s: spec: %s", where, oneLine(err.Error()))
				return
			}
			j.Lenses = append(j.Lenses, l)
		})
}

// writeLenses rewrites a journey's lens rows unless the working copy holds
// its saved lenses already: lenses are immutable values, so the same
// pointers in the same order are the same rows.
func (w *committer) writeLenses(j *model.Journey) error {
	if have := w.held(j.ID); have.lensesKnown && slices.Equal(have.lenses, j.Lenses) {
		return nil
	}
	if err := w.exec(sqlDeleteLenses, string(j.ID)); err != nil {
		return err
	}
	if err := writeLensRows(w.exec, j); err != nil {
		return err
	}
	rec := w.recorded(j.ID)
	rec.lenses, rec.lensesKnown = slices.Clone(j.Lenses), true
	return nil
}

// lenses adds the journeys' saved lenses to a digest, after everything
// else and only when there are some, so that a file saved before lenses
// existed keeps its digest.
func (d *digester) lenses(p *model.Project) {
	var with []int
	for i, j := range p.Journeys {
		if len(j.Lenses) > 0 {
			with = append(with, i)
		}
	}
	if len(with) == 0 {
		return
	}
	d.str("lenses")
	d.int(len(with))
	for _, i := range with {
		j := p.Journeys[i]
		d.int(i)
		d.int(len(j.Lenses))
		for _, l := range j.Lenses {
			data, err := model.MarshalLens(l)
			if err != nil {
				// A lens that cannot be encoded cannot be written either;
				// the digest still tells it apart.
				d.str("unencodable: " + err.Error())
				continue
			}
			d.bytes(data)
		}
	}
}

// ratedCard is a card with an impact or effort rating, for the digest.
type ratedCard struct {
	journey int
	card    *model.Touchpoint
}

// ratings adds the cards' impact and effort to a digest, after everything
// else and only when a card is rated, so that a file saved before ratings
// existed keeps its digest. cards are the rated cards, in the walk's order.
func (d *digester) ratings(cards []ratedCard) {
	if len(cards) == 0 {
		return
	}
	d.str("ratings")
	d.int(len(cards))
	for _, rc := range cards {
		d.int(rc.journey)
		d.str(string(rc.card.ID))
		d.int(rc.card.Impact)
		d.int(rc.card.Effort)
	}
}
