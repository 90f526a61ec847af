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
type rowReader struct {
	table string
	rowid int64
	key   func() string // names the row where the table has no rowid
	err   error
}

func (r *rowReader) row() string {
	if r.key != nil {
		return r.key()
	}
	return fmt.Sprint(r.rowid)
}

func (r *rowReader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = bad("table %s, row %s: %s", r.table, r.row(), fmt.Sprintf(format, args...))
	}
}

// str reads a required text value.
func (r *rowReader) str(col string, v driver.Value) string {
	switch s := v.(type) {
	case string:
		return s
	case nil:
		r.fail("column %s is NULL", col)
	default:
		r.fail("column %s is not text", col)
	}
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
	switch n := v.(type) {
	case int64:
		if int64(int(n)) != n {
			r.fail("column %s is out of range", col)
		}
		return int(n)
	case nil:
		r.fail("column %s is NULL", col)
	default:
		r.fail("column %s is not a whole number", col)
	}
	return 0
}

func (r *rowReader) flag(col string, v driver.Value) bool { return r.int(col, v) != 0 }

func (r *rowReader) blob(col string, v driver.Value) []byte {
	switch b := v.(type) {
	case []byte:
		return b
	case nil:
		r.fail("column %s is NULL", col)
	default:
		r.fail("column %s is not binary data", col)
	}
	return nil
}

// each runs a query on the driver connection itself and calls scan with the
// values of each row. Going around database/sql's Scan matters here: a
// 10,000-card project is read in tens of milliseconds, and per-column
// conversion would double that. Cancellation is checked every few hundred
// rows (and SQLite is interrupted by the driver when ctx ends).
func each(ctx context.Context, c *conn, table, query string, ncol int, scan func(v []driver.Value, r *rowReader)) error {
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
		r := &rowReader{table: table}
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

// loadProject reads the whole project from a checked database, from the
// tables themselves (NOT INDEXED): quick_check does not compare indexes with
// tables, so a damaged index must not decide what is read. counts are
// the row counts checkCaps found, used to size maps up front. It returns the
// project and the digest stored in the file.
func loadProject(ctx context.Context, c *conn, counts map[string]int64, prog *progress) (*model.Project, string, error) {
	p := &model.Project{}
	var digest string
	err := each(ctx, c, "project", "SELECT rowid, id, name, scale_min, scale_max, digest FROM project NOT INDEXED", 6,
		func(v []driver.Value, r *rowReader) {
			r.rowid = r.int64(v[0])
			p.ID, p.Name = model.ID(r.str("id", v[1])), r.str("name", v[2])
			p.Scale = model.Scale{Min: r.int("scale_min", v[3]), Max: r.int("scale_max", v[4])}
			digest = r.str("digest", v[5])
		})
	if err != nil {
		return nil, "", err
	}

	err = each(ctx, c, "image", "SELECT rowid, id, mime, width, height, data FROM image NOT INDEXED ORDER BY position, rowid", 6,
		func(v []driver.Value, r *rowReader) {
			r.rowid = r.int64(v[0])
			p.Images = append(p.Images, &model.Image{ID: model.ID(r.str("id", v[1])), MIME: r.str("mime", v[2]),
				Width: r.int("width", v[3]), Height: r.int("height", v[4]), Data: r.blob("data", v[5])})
		})
	if err != nil {
		return nil, "", err
	}

	err = each(ctx, c, "persona",
		"SELECT rowid, id, name, role, quote, goals, frustrations, photo_id FROM persona NOT INDEXED ORDER BY position, rowid", 8,
		func(v []driver.Value, r *rowReader) {
			r.rowid = r.int64(v[0])
			p.Personas = append(p.Personas, &model.Persona{ID: model.ID(r.str("id", v[1])), Name: r.str("name", v[2]),
				Role: r.str("role", v[3]), Quote: r.str("quote", v[4]), Goals: r.str("goals", v[5]),
				Frustrations: r.str("frustrations", v[6]), PhotoID: model.ID(r.optional("photo_id", v[7]))})
		})
	if err != nil {
		return nil, "", err
	}

	journeys := make(map[model.ID]*model.Journey, counts["journey"])
	err = each(ctx, c, "journey", "SELECT rowid, id, title, description FROM journey NOT INDEXED ORDER BY position, rowid", 4,
		func(v []driver.Value, r *rowReader) {
			r.rowid = r.int64(v[0])
			j := &model.Journey{ID: model.ID(r.str("id", v[1])), Title: r.str("title", v[2]), Description: r.str("description", v[3])}
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
		id := model.ID(r.str("journey_id", v))
		if last != nil && last.ID == id {
			return last
		}
		if last = journeys[id]; last == nil {
			r.fail("journey %q does not exist", clip(string(id)))
		}
		return last
	}

	err = each(ctx, c, "journey_persona",
		"SELECT rowid, journey_id, persona_id FROM journey_persona NOT INDEXED ORDER BY journey_id, position, rowid", 3,
		func(v []driver.Value, r *rowReader) {
			r.rowid = r.int64(v[0])
			if j := parent(r, v[1]); j != nil {
				j.PersonaIDs = append(j.PersonaIDs, model.ID(r.str("persona_id", v[2])))
			}
		})
	if err != nil {
		return nil, "", err
	}

	err = each(ctx, c, "stage",
		"SELECT rowid, id, journey_id, name, description, color FROM stage NOT INDEXED ORDER BY journey_id, position, rowid", 6,
		func(v []driver.Value, r *rowReader) {
			r.rowid = r.int64(v[0])
			if j := parent(r, v[2]); j != nil {
				j.Stages = append(j.Stages, &model.Stage{ID: model.ID(r.str("id", v[1])), Name: r.str("name", v[3]),
					Description: r.str("description", v[4]), Color: r.str("color", v[5])})
			}
		})
	if err != nil {
		return nil, "", err
	}

	err = each(ctx, c, "lane",
		"SELECT rowid, id, journey_id, name, kind, hidden FROM lane NOT INDEXED ORDER BY journey_id, position, rowid", 6,
		func(v []driver.Value, r *rowReader) {
			r.rowid = r.int64(v[0])
			if j := parent(r, v[2]); j != nil {
				j.Lanes = append(j.Lanes, &model.Lane{ID: model.ID(r.str("id", v[1])), Name: r.str("name", v[3]),
					Kind: model.LaneKind(r.str("kind", v[4])), Hidden: r.flag("hidden", v[5])})
			}
		})
	if err != nil {
		return nil, "", err
	}
	prog.step()

	touchpoints := make(map[model.ID]*model.Touchpoint, counts["touchpoint"])
	err = each(ctx, c, "touchpoint",
		"SELECT rowid, id, journey_id, stage_id, lane_id, ord, title, notes, channel, pain_point, opportunity, "+
			"moment_of_truth, owner, tags, evidence, evidence_links, confidence, color, image_id FROM touchpoint NOT INDEXED", 19,
		func(v []driver.Value, r *rowReader) {
			r.rowid = r.int64(v[0])
			j := parent(r, v[2])
			if j == nil {
				return
			}
			t := &model.Touchpoint{ID: model.ID(r.str("id", v[1])), StageID: model.ID(r.str("stage_id", v[3])),
				LaneID: model.ID(r.str("lane_id", v[4])), Order: r.int("ord", v[5]), Title: r.str("title", v[6]),
				Notes: r.str("notes", v[7]), Channel: r.str("channel", v[8]), PainPoint: r.flag("pain_point", v[9]),
				Opportunity: r.flag("opportunity", v[10]), MomentOfTruth: r.flag("moment_of_truth", v[11]),
				Owner: r.str("owner", v[12]), Tags: splitLines(r.str("tags", v[13])), Evidence: r.str("evidence", v[14]),
				EvidenceLinks: splitLines(r.str("evidence_links", v[15])), Confidence: model.Confidence(r.str("confidence", v[16])),
				Color: r.str("color", v[17]), ImageID: model.ID(r.optional("image_id", v[18]))}
			if touchpoints[t.ID] != nil {
				r.fail("touchpoint %q appears twice", clip(string(t.ID)))
			}
			touchpoints[t.ID] = t
			j.Touchpoints = append(j.Touchpoints, t)
		})
	if err != nil {
		return nil, "", err
	}
	prog.step()

	// emotion has no rowid (its key is the row's name); rows come sorted by
	// card, so the last card looked up is usually the next one.
	var card *model.Touchpoint
	var tid, pid string
	rowName := func() string { return fmt.Sprintf("(touchpoint %q, persona %q)", clip(tid), clip(pid)) }
	err = each(ctx, c, "emotion", "SELECT touchpoint_id, persona_id, score FROM emotion NOT INDEXED", 3,
		func(v []driver.Value, r *rowReader) {
			r.key = rowName
			tid, _ = v[0].(string)
			pid, _ = v[1].(string)
			if card == nil || string(card.ID) != tid {
				if card = touchpoints[model.ID(r.str("touchpoint_id", v[0]))]; card == nil {
					r.fail("touchpoint %q does not exist", clip(tid))
					return
				}
			}
			if card.Emotions == nil {
				card.Emotions = make(map[model.ID]int, 2)
			}
			card.Emotions[model.ID(r.str("persona_id", v[1]))] = r.int("score", v[2])
		})
	if err != nil {
		return nil, "", err
	}
	prog.step()
	return p, digest, nil
}

func (r *rowReader) int64(v driver.Value) int64 {
	n, _ := v.(int64)
	return n
}

// checkProject runs the model's own checks on a loaded project: image
// headers (without decoding a pixel) and every invariant of Validate.
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
