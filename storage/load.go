package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"waymark/model"
)

// rowReader scans one table row by row and turns a NULL where a value is
// required into the sentence "table t, row n: column c is NULL". The schema
// says NOT NULL, but a file edited byte by byte need not obey its schema.
type rowReader struct {
	table string
	rowid int64
	err   error
}

func (r *rowReader) str(col string, v sql.NullString) string {
	if !v.Valid && r.err == nil {
		r.err = bad("table %s, row %d: column %s is NULL", r.table, r.rowid, col)
	}
	return v.String
}

// optional reads a column where NULL means "none".
func (r *rowReader) optional(v sql.NullString) string { return v.String }

func (r *rowReader) int(col string, v sql.NullInt64) int {
	if !v.Valid && r.err == nil {
		r.err = bad("table %s, row %d: column %s is NULL", r.table, r.rowid, col)
	}
	return int(v.Int64)
}

func (r *rowReader) flag(col string, v sql.NullInt64) bool { return r.int(col, v) != 0 }

func (r *rowReader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = bad("table %s, row %d: %s", r.table, r.rowid, fmt.Sprintf(format, args...))
	}
}

// each runs a query and calls scan for each row; scan fills r.err on bad
// data. Cancellation is checked every few hundred rows.
func each(ctx context.Context, c *conn, table, query string, scan func(rows *sql.Rows, r *rowReader) error) error {
	rows, err := c.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	r := &rowReader{table: table}
	n := 0
	for rows.Next() {
		if n++; n%512 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := scan(rows, r); err != nil {
			return err
		}
		if r.err != nil {
			return r.err
		}
	}
	return rows.Err()
}

// loadProject reads the whole project from a checked database. It returns
// the project and the digest stored in the file.
func loadProject(ctx context.Context, c *conn, prog *progress) (*model.Project, string, error) {
	p := &model.Project{}
	var digest string
	err := each(ctx, c, "project", "SELECT rowid, id, name, scale_min, scale_max, digest FROM project",
		func(rows *sql.Rows, r *rowReader) error {
			var id, name, dg sql.NullString
			var lo, hi sql.NullInt64
			if err := rows.Scan(&r.rowid, &id, &name, &lo, &hi, &dg); err != nil {
				return err
			}
			p.ID, p.Name = model.ID(r.str("id", id)), r.str("name", name)
			p.Scale = model.Scale{Min: r.int("scale_min", lo), Max: r.int("scale_max", hi)}
			digest = r.str("digest", dg)
			return nil
		})
	if err != nil {
		return nil, "", err
	}

	err = each(ctx, c, "image", "SELECT rowid, id, mime, width, height, data FROM image ORDER BY position, rowid",
		func(rows *sql.Rows, r *rowReader) error {
			var id, mime sql.NullString
			var w, h sql.NullInt64
			var data []byte
			if err := rows.Scan(&r.rowid, &id, &mime, &w, &h, &data); err != nil {
				return err
			}
			if data == nil {
				r.fail("column data is NULL")
			}
			p.Images = append(p.Images, &model.Image{ID: model.ID(r.str("id", id)), MIME: r.str("mime", mime),
				Width: r.int("width", w), Height: r.int("height", h), Data: data})
			return nil
		})
	if err != nil {
		return nil, "", err
	}

	err = each(ctx, c, "persona",
		"SELECT rowid, id, name, role, quote, goals, frustrations, photo_id FROM persona ORDER BY position, rowid",
		func(rows *sql.Rows, r *rowReader) error {
			var id, name, role, quote, goals, frus, photo sql.NullString
			if err := rows.Scan(&r.rowid, &id, &name, &role, &quote, &goals, &frus, &photo); err != nil {
				return err
			}
			p.Personas = append(p.Personas, &model.Persona{ID: model.ID(r.str("id", id)), Name: r.str("name", name),
				Role: r.str("role", role), Quote: r.str("quote", quote), Goals: r.str("goals", goals),
				Frustrations: r.str("frustrations", frus), PhotoID: model.ID(r.optional(photo))})
			return nil
		})
	if err != nil {
		return nil, "", err
	}

	journeys := map[model.ID]*model.Journey{}
	err = each(ctx, c, "journey", "SELECT rowid, id, title, description FROM journey ORDER BY position, rowid",
		func(rows *sql.Rows, r *rowReader) error {
			var id, title, desc sql.NullString
			if err := rows.Scan(&r.rowid, &id, &title, &desc); err != nil {
				return err
			}
			j := &model.Journey{ID: model.ID(r.str("id", id)), Title: r.str("title", title), Description: r.str("description", desc)}
			if journeys[j.ID] != nil {
				r.fail("journey %s appears twice", j.ID)
			}
			journeys[j.ID] = j
			p.Journeys = append(p.Journeys, j)
			return nil
		})
	if err != nil {
		return nil, "", err
	}
	// parent finds the journey a row belongs to; a row whose journey does
	// not exist would otherwise vanish silently on loading.
	parent := func(r *rowReader, col string, v sql.NullString) *model.Journey {
		id := r.str(col, v)
		j := journeys[model.ID(id)]
		if j == nil {
			r.fail("journey %q does not exist", clip(id))
		}
		return j
	}

	err = each(ctx, c, "journey_persona",
		"SELECT rowid, journey_id, persona_id FROM journey_persona ORDER BY journey_id, position, rowid",
		func(rows *sql.Rows, r *rowReader) error {
			var jid, pid sql.NullString
			if err := rows.Scan(&r.rowid, &jid, &pid); err != nil {
				return err
			}
			if j := parent(r, "journey_id", jid); j != nil {
				j.PersonaIDs = append(j.PersonaIDs, model.ID(r.str("persona_id", pid)))
			}
			return nil
		})
	if err != nil {
		return nil, "", err
	}

	err = each(ctx, c, "stage",
		"SELECT rowid, id, journey_id, name, description, color FROM stage ORDER BY journey_id, position, rowid",
		func(rows *sql.Rows, r *rowReader) error {
			var id, jid, name, desc, color sql.NullString
			if err := rows.Scan(&r.rowid, &id, &jid, &name, &desc, &color); err != nil {
				return err
			}
			if j := parent(r, "journey_id", jid); j != nil {
				j.Stages = append(j.Stages, &model.Stage{ID: model.ID(r.str("id", id)), Name: r.str("name", name),
					Description: r.str("description", desc), Color: r.str("color", color)})
			}
			return nil
		})
	if err != nil {
		return nil, "", err
	}

	err = each(ctx, c, "lane",
		"SELECT rowid, id, journey_id, name, kind, hidden FROM lane ORDER BY journey_id, position, rowid",
		func(rows *sql.Rows, r *rowReader) error {
			var id, jid, name, kind sql.NullString
			var hidden sql.NullInt64
			if err := rows.Scan(&r.rowid, &id, &jid, &name, &kind, &hidden); err != nil {
				return err
			}
			if j := parent(r, "journey_id", jid); j != nil {
				j.Lanes = append(j.Lanes, &model.Lane{ID: model.ID(r.str("id", id)), Name: r.str("name", name),
					Kind: model.LaneKind(r.str("kind", kind)), Hidden: r.flag("hidden", hidden)})
			}
			return nil
		})
	if err != nil {
		return nil, "", err
	}
	prog.step()

	touchpoints := map[model.ID]*model.Touchpoint{}
	err = each(ctx, c, "touchpoint",
		"SELECT rowid, id, journey_id, stage_id, lane_id, ord, title, notes, channel, pain_point, opportunity, "+
			"moment_of_truth, owner, tags, evidence, evidence_links, confidence, color, image_id FROM touchpoint",
		func(rows *sql.Rows, r *rowReader) error {
			var id, jid, sid, lid, title, notes, channel, owner, tags, evidence, links, conf, color, image sql.NullString
			var ord, pain, opp, mot sql.NullInt64
			if err := rows.Scan(&r.rowid, &id, &jid, &sid, &lid, &ord, &title, &notes, &channel, &pain, &opp,
				&mot, &owner, &tags, &evidence, &links, &conf, &color, &image); err != nil {
				return err
			}
			j := parent(r, "journey_id", jid)
			if j == nil {
				return nil
			}
			t := &model.Touchpoint{ID: model.ID(r.str("id", id)), StageID: model.ID(r.str("stage_id", sid)),
				LaneID: model.ID(r.str("lane_id", lid)), Order: r.int("ord", ord), Title: r.str("title", title),
				Notes: r.str("notes", notes), Channel: r.str("channel", channel), PainPoint: r.flag("pain_point", pain),
				Opportunity: r.flag("opportunity", opp), MomentOfTruth: r.flag("moment_of_truth", mot),
				Owner: r.str("owner", owner), Tags: splitLines(r.str("tags", tags)), Evidence: r.str("evidence", evidence),
				EvidenceLinks: splitLines(r.str("evidence_links", links)), Confidence: model.Confidence(r.str("confidence", conf)),
				Color: r.str("color", color), ImageID: model.ID(r.optional(image))}
			if touchpoints[t.ID] != nil {
				r.fail("touchpoint %s appears twice", clip(string(t.ID)))
			}
			touchpoints[t.ID] = t
			j.Touchpoints = append(j.Touchpoints, t)
			return nil
		})
	if err != nil {
		return nil, "", err
	}
	prog.step()

	err = each(ctx, c, "emotion", "SELECT rowid, touchpoint_id, persona_id, score FROM emotion",
		func(rows *sql.Rows, r *rowReader) error {
			var tid, pid sql.NullString
			var score sql.NullInt64
			if err := rows.Scan(&r.rowid, &tid, &pid, &score); err != nil {
				return err
			}
			t := touchpoints[model.ID(r.str("touchpoint_id", tid))]
			if t == nil {
				r.fail("touchpoint %q does not exist", clip(tid.String))
				return nil
			}
			if t.Emotions == nil {
				t.Emotions = map[model.ID]int{}
			}
			t.Emotions[model.ID(r.str("persona_id", pid))] = r.int("score", score)
			return nil
		})
	if err != nil {
		return nil, "", err
	}
	for _, j := range p.Journeys {
		model.SortTouchpoints(j)
	}
	prog.step()
	return p, digest, nil
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
