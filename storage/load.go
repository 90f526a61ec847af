package storage

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"

	"waymark/model"
)

// rowReader reads the values of one row and turns a NULL where a value is
// required into the sentence "table t, row n: column c is NULL": the schema
// says NOT NULL, but a file edited byte by byte need not obey its schema.
// No value over its cap gets here: checkTables measured every one first.
type rowReader struct {
	table string
	rowid int64
	key   func() string // names a row of a table without rowid
	col   string
	err   error
}

func (r *rowReader) fail(format string, args ...any) {
	if r.err != nil {
		return
	}
	row := fmt.Sprint(r.rowid)
	if r.key != nil {
		row = r.key()
	}
	r.err = bad("table %s, row %s: %s", r.table, row, fmt.Sprintf(format, args...))
}

// wrong records a value of the wrong type in col.
func (r *rowReader) wrong(col string, v driver.Value, want string) {
	if r.err != nil {
		return
	}
	r.col = col
	if v == nil {
		r.fail("column %s is NULL", col)
	} else {
		r.fail("column %s is %s", col, want)
	}
}

// str reads a required text value.
func (r *rowReader) str(col string, v driver.Value) string {
	if s, ok := v.(string); ok {
		return s
	}
	r.wrong(col, v, "not text")
	return ""
}

// optional reads a text value where NULL means "none".
func (r *rowReader) optional(col string, v driver.Value) string {
	if v == nil {
		return ""
	}
	return r.str(col, v)
}

func (r *rowReader) int(col string, v driver.Value) int {
	if n, ok := v.(int64); ok {
		if int64(int(n)) != n {
			r.fail("column %s is out of range", col)
		}
		return int(n)
	}
	r.wrong(col, v, "not a whole number")
	return 0
}

func (r *rowReader) flag(col string, v driver.Value) bool { return r.int(col, v) != 0 }

func (r *rowReader) blob(col string, v driver.Value) []byte {
	if b, ok := v.([]byte); ok {
		return b
	}
	r.wrong(col, v, "not binary data")
	return nil
}

func (r *rowReader) int64(v driver.Value) int64 {
	n, _ := v.(int64)
	return n
}

// each runs a query on the driver connection itself and calls scan with the
// values of each row. Going around database/sql's Scan matters here: a
// 10,000-card project is read in tens of milliseconds, and per-column
// conversion would double that. Cancellation is checked every few hundred
// rows (and SQLite is interrupted by the driver when ctx ends).
func each(ctx context.Context, c *conn, r *rowReader, query string, ncol int, scan func(v []driver.Value, r *rowReader)) error {
	return c.Raw(func(dc any) error {
		q, ok := dc.(driver.QueryerContext)
		if !ok {
			return errors.New("storage: the SQLite driver cannot query")
		}
		rows, err := q.QueryContext(ctx, query, nil)
		if err != nil {
			return err
		}
		defer rows.Close()
		v := make([]driver.Value, ncol)
		for n := 1; ; n++ {
			if n%512 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if err := rows.Next(v); err == io.EOF {
				return nil
			} else if err != nil {
				return err
			}
			scan(v, r)
			if r.err != nil {
				return r.err
			}
		}
	})
}

// read reads cols of table t with readSQL and calls scan for each row.
func read(ctx context.Context, c *conn, t int, rowid bool, cols []string, tail string, scan func(v []driver.Value, r *rowReader)) error {
	spec := tableSpecs[t]
	ncol := len(cols)
	if rowid {
		ncol++
	}
	return each(ctx, c, &rowReader{table: spec.name}, readSQL(spec, rowid, cols, tail), ncol, scan)
}

// The columns each table is read with; the scan functions index values in
// this order, after the rowid.
var (
	readProjectCols        = []string{"id", "name", "scale_min", "scale_max", "digest"}
	readImageCols          = []string{"id", "mime", "width", "height", "data"}
	readPersonaCols        = []string{"id", "name", "role", "quote", "goals", "frustrations", "photo_id"}
	readJourneyCols        = []string{"id", "title", "description", "owner", "review_by"}
	readJourneyPersonaCols = []string{"journey_id", "persona_id"}
	readStageCols          = []string{"id", "journey_id", "name", "description", "color"}
	readLaneCols           = []string{"id", "journey_id", "name", "kind", "hidden"}
)

// loadProject reads the whole project from a checked database, from the
// tables themselves. n are the row counts checkTables found (zero if
// unknown), used to size slices and maps up front. It returns the project
// and the digest stored in the file.
//
// scores gives the emotion table (see readScores), which may have been
// read meanwhile on another connection.
func loadProject(ctx context.Context, c *conn, n rowCounts, scores func() (*scoreRows, error), prog *progress) (*model.Project, string, error) {
	p := &model.Project{}
	var digest string
	err := read(ctx, c, tProject, true, readProjectCols, "",
		func(v []driver.Value, r *rowReader) {
			r.rowid = r.int64(v[0])
			p.ID, p.Name = model.ID(r.str("id", v[1])), r.str("name", v[2])
			p.Scale = model.Scale{Min: r.int("scale_min", v[3]), Max: r.int("scale_max", v[4])}
			digest = r.str("digest", v[5])
		})
	if err != nil {
		return nil, "", err
	}

	p.Images = make([]*model.Image, 0, n[tImage])
	err = read(ctx, c, tImage, true, readImageCols, "ORDER BY position, rowid",
		func(v []driver.Value, r *rowReader) {
			r.rowid = r.int64(v[0])
			p.Images = append(p.Images, &model.Image{ID: model.ID(r.str("id", v[1])), MIME: r.str("mime", v[2]),
				Width: r.int("width", v[3]), Height: r.int("height", v[4]), Data: r.blob("data", v[5])})
		})
	if err != nil {
		return nil, "", err
	}

	personas := make([]model.Persona, 0, n[tPersona])
	err = read(ctx, c, tPersona, true, readPersonaCols, "ORDER BY position, rowid",
		func(v []driver.Value, r *rowReader) {
			r.rowid = r.int64(v[0])
			personas = append(personas, model.Persona{ID: model.ID(r.str("id", v[1])), Name: r.str("name", v[2]),
				Role: r.str("role", v[3]), Quote: r.str("quote", v[4]), Goals: r.str("goals", v[5]),
				Frustrations: r.str("frustrations", v[6]), PhotoID: model.ID(r.optional("photo_id", v[7]))})
		})
	if err != nil {
		return nil, "", err
	}
	p.Personas = make([]*model.Persona, len(personas))
	personaIDs := make(map[string]model.ID, len(personas))
	for i := range personas {
		p.Personas[i] = &personas[i]
		personaIDs[string(personas[i].ID)] = personas[i].ID
	}
	personaID := func(s string) model.ID {
		if id, ok := personaIDs[s]; ok {
			return id
		}
		return model.ID(s)
	}

	journeys := make(map[model.ID]*model.Journey, n[tJourney])
	p.Journeys = make([]*model.Journey, 0, n[tJourney])
	err = read(ctx, c, tJourney, true, readJourneyCols, "ORDER BY position, rowid",
		func(v []driver.Value, r *rowReader) {
			r.rowid = r.int64(v[0])
			j := &model.Journey{ID: model.ID(r.str("id", v[1])), Title: r.str("title", v[2]), Description: r.str("description", v[3]),
				Owner: r.str("owner", v[4])}
			if by := r.str("review_by", v[5]); by != "" && r.err == nil {
				d, err := model.ParseDate(by)
				if err != nil {
					r.fail("column review_by: %v", err)
				}
				j.ReviewBy = d
			}
			if journeys[j.ID] != nil {
				r.fail("journey %q appears twice", clip(string(j.ID)))
			}
			journeys[j.ID] = j
			p.Journeys = append(p.Journeys, j)
		})
	if err != nil {
		return nil, "", err
	}
	// parent finds the journey a row belongs to; a row whose journey does
	// not exist would otherwise vanish silently on loading. Rows come
	// grouped by journey, so the last answer is usually the next one.
	var last *model.Journey
	parent := func(r *rowReader, v driver.Value) *model.Journey {
		id := r.str("journey_id", v)
		if last != nil && string(last.ID) == id {
			return last
		}
		if last = journeys[model.ID(id)]; last == nil && r.err == nil {
			r.fail("journey %q does not exist", clip(id))
		}
		return last
	}

	err = read(ctx, c, tJourneyPersona, true, readJourneyPersonaCols, "ORDER BY journey_id, position, rowid",
		func(v []driver.Value, r *rowReader) {
			r.rowid = r.int64(v[0])
			if j := parent(r, v[1]); j != nil {
				j.PersonaIDs = append(j.PersonaIDs, personaID(r.str("persona_id", v[2])))
			}
		})
	if err != nil {
		return nil, "", err
	}

	// The stage and lane IDs, which the cards share.
	ids := make(map[string]model.ID, n[tStage]+n[tLane])
	stages := make([]model.Stage, 0, n[tStage])
	err = read(ctx, c, tStage, true, readStageCols, "ORDER BY journey_id, position, rowid",
		func(v []driver.Value, r *rowReader) {
			r.rowid = r.int64(v[0])
			if j := parent(r, v[2]); j != nil {
				stages = append(stages, model.Stage{ID: model.ID(r.str("id", v[1])), Name: r.str("name", v[3]),
					Description: r.str("description", v[4]), Color: r.str("color", v[5])})
				s := &stages[len(stages)-1]
				ids[string(s.ID)] = s.ID
				j.Stages = append(j.Stages, s)
			}
		})
	if err != nil {
		return nil, "", err
	}

	lanes := make([]model.Lane, 0, n[tLane])
	err = read(ctx, c, tLane, true, readLaneCols, "ORDER BY journey_id, position, rowid",
		func(v []driver.Value, r *rowReader) {
			r.rowid = r.int64(v[0])
			if j := parent(r, v[2]); j != nil {
				lanes = append(lanes, model.Lane{ID: model.ID(r.str("id", v[1])), Name: r.str("name", v[3]),
					Kind: model.LaneKind(r.str("kind", v[4])), Hidden: r.flag("hidden", v[5])})
				l := &lanes[len(lanes)-1]
				ids[string(l.ID)] = l.ID
				j.Lanes = append(j.Lanes, l)
			}
		})
	if err != nil {
		return nil, "", err
	}
	prog.step()

	if err := loadFigures(ctx, c, p.Journeys, journeys); err != nil {
		return nil, "", err
	}
	if err := loadLenses(ctx, c, journeys); err != nil {
		return nil, "", err
	}

	cards, err := loadTouchpoints(ctx, c, p, journeys, ids, n)
	if err != nil {
		return nil, "", err
	}
	rows, err := scores()
	if err != nil {
		return nil, "", err
	}
	if err := attachScores(rows, cards, personaID); err != nil {
		return nil, "", err
	}
	prog.step()
	return p, digest, nil
}

// checkProject runs the model's own checks on a project: picture headers
// (without decoding a pixel) and every invariant of Validate.
func checkProject(p *model.Project) error {
	for _, im := range p.Images {
		if err := im.Check(); err != nil {
			return bad("%s", err)
		}
	}
	if err := p.Validate(); err != nil {
		return validationProblem(err)
	}
	return nil
}

// decodePictures decodes every picture of a project read from a file in
// full: a truncated one would otherwise pass its header check and vanish
// from posters without a word. The header check comes first, so the pixels
// stay within the caps.
func decodePictures(ctx context.Context, p *model.Project) error {
	for _, im := range p.Images {
		if err := ctx.Err(); err != nil {
			return err
		}
		if _, err := im.Decode(); err != nil {
			var ve *model.ValidationError
			if errors.As(err, &ve) {
				return bad("%s", err)
			}
			return bad("image %q: data: does not decode as %s (%v)", im.ID, im.MIME, err)
		}
	}
	return nil
}

// validationProblem keeps the first problem Validate found and counts the
// rest, so the user reads one sentence.
func validationProblem(err error) error {
	var list []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	}
	if len(list) <= 1 {
		return bad("%s", oneLine(err.Error()))
	}
	var first *model.ValidationError
	if !errors.As(list[0], &first) {
		return bad("%s", oneLine(list[0].Error()))
	}
	more := "problem"
	if len(list) > 2 {
		more = "problems"
	}
	return bad("%s (and %d more %s)", first, len(list)-1, more)
}
