package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"waymark/model"
)

// The statements that write rows, shared by the full write (Save, WriteNew,
// NewDocument) and by the per-edit commits of the working copy. Each table's
// column list is written once and both forms are generated from it.
var (
	projectCols        = []string{"id", "name", "scale_min", "scale_max", "digest"}
	imageCols          = []string{"id", "position", "mime", "width", "height", "data"}
	personaCols        = []string{"id", "position", "name", "role", "quote", "goals", "frustrations", "photo_id"}
	journeyCols        = []string{"id", "position", "title", "description"}
	journeyPersonaCols = []string{"journey_id", "persona_id", "position"}
	stageCols          = []string{"id", "journey_id", "position", "name", "description", "color"}
	laneCols           = []string{"id", "journey_id", "position", "name", "kind", "hidden"}
	touchpointCols     = []string{"id", "journey_id", "stage_id", "lane_id", "ord", "title", "notes", "channel",
		"pain_point", "opportunity", "moment_of_truth", "owner", "tags", "evidence", "evidence_links",
		"confidence", "color", "image_id"}
	emotionCols = []string{"touchpoint_id", "persona_id", "score"}
)

func insertSQL(table string, cols []string) string {
	return fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", table, strings.Join(cols, ", "),
		strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", "))
}

// upsertSQL inserts a row or rewrites every column of the row with that id.
func upsertSQL(table string, cols []string, skip ...string) string {
	var set []string
	for _, c := range cols[1:] {
		if !contains(skip, c) {
			set = append(set, c+" = excluded."+c)
		}
	}
	return insertSQL(table, cols) + " ON CONFLICT (id) DO UPDATE SET " + strings.Join(set, ", ")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// nullID stores "no reference" as NULL, so the foreign key holds.
func nullID(id model.ID) any {
	if id == "" {
		return nil
	}
	return string(id)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func projectArgs(p *model.Project, digest string) []any {
	return []any{string(p.ID), p.Name, p.Scale.Min, p.Scale.Max, digest}
}

func imageArgs(im *model.Image, pos int) []any {
	return []any{string(im.ID), pos, im.MIME, im.Width, im.Height, im.Data}
}

func personaArgs(x *model.Persona, pos int) []any {
	return []any{string(x.ID), pos, x.Name, x.Role, x.Quote, x.Goals, x.Frustrations, nullID(x.PhotoID)}
}

func journeyArgs(j *model.Journey, pos int) []any {
	return []any{string(j.ID), pos, j.Title, j.Description}
}

func stageArgs(j *model.Journey, s *model.Stage, pos int) []any {
	return []any{string(s.ID), string(j.ID), pos, s.Name, s.Description, s.Color}
}

func laneArgs(j *model.Journey, l *model.Lane, pos int) []any {
	return []any{string(l.ID), string(j.ID), pos, l.Name, string(l.Kind), b2i(l.Hidden)}
}

func touchpointArgs(j *model.Journey, t *model.Touchpoint) []any {
	return []any{string(t.ID), string(j.ID), string(t.StageID), string(t.LaneID), t.Order, t.Title, t.Notes,
		t.Channel, b2i(t.PainPoint), b2i(t.Opportunity), b2i(t.MomentOfTruth), t.Owner, joinLines(t.Tags),
		t.Evidence, joinLines(t.EvidenceLinks), string(t.Confidence), t.Color, nullID(t.ImageID)}
}

// stmts is a set of prepared statements keyed by their SQL.
type stmts struct {
	c     *conn
	cache map[string]*sql.Stmt
}

func newStmts(c *conn) *stmts { return &stmts{c: c, cache: map[string]*sql.Stmt{}} }

// exec runs a statement, preparing it the first time it is used.
func (s *stmts) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st := s.cache[query]
	if st == nil {
		var err error
		if st, err = s.c.PrepareContext(ctx, query); err != nil {
			return nil, err
		}
		s.cache[query] = st
	}
	return st.ExecContext(ctx, args...)
}

func (s *stmts) close() {
	for _, st := range s.cache {
		st.Close()
	}
	s.cache = map[string]*sql.Stmt{}
}

var (
	sqlInsertProject        = insertSQL("project", projectCols)
	sqlInsertImage          = insertSQL("image", imageCols)
	sqlInsertPersona        = insertSQL("persona", personaCols)
	sqlInsertJourney        = insertSQL("journey", journeyCols)
	sqlInsertJourneyPersona = insertSQL("journey_persona", journeyPersonaCols)
	sqlInsertStage          = insertSQL("stage", stageCols)
	sqlInsertLane           = insertSQL("lane", laneCols)
	sqlInsertTouchpoint     = insertSQL("touchpoint", touchpointCols)
	sqlInsertEmotion        = insertSQL("emotion", emotionCols)
)

// countRows is the number of rows writeRows inserts, for progress.
func countRows(p *model.Project) int64 {
	n := int64(1 + len(p.Images) + len(p.Personas) + len(p.Journeys))
	for _, j := range p.Journeys {
		n += int64(len(j.PersonaIDs) + len(j.Stages) + len(j.Lanes) + len(j.Touchpoints))
		for _, t := range j.Touchpoints {
			n += int64(len(t.Emotions))
		}
	}
	return n
}

// writeRows inserts a whole project into empty tables, parents first.
func writeRows(ctx context.Context, s *stmts, p *model.Project, digest string, prog *progress) error {
	n := 0
	ins := func(query string, args ...any) error {
		if n++; n%256 == 0 {
			prog.add(256)
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		_, err := s.exec(ctx, query, args...)
		return err
	}
	if err := ins(sqlInsertProject, projectArgs(p, digest)...); err != nil {
		return err
	}
	for i, im := range p.Images {
		if err := ins(sqlInsertImage, imageArgs(im, i)...); err != nil {
			return err
		}
	}
	for i, x := range p.Personas {
		if err := ins(sqlInsertPersona, personaArgs(x, i)...); err != nil {
			return err
		}
	}
	for i, j := range p.Journeys {
		if err := ins(sqlInsertJourney, journeyArgs(j, i)...); err != nil {
			return err
		}
		for k, pid := range j.PersonaIDs {
			if err := ins(sqlInsertJourneyPersona, string(j.ID), string(pid), k); err != nil {
				return err
			}
		}
		for k, st := range j.Stages {
			if err := ins(sqlInsertStage, stageArgs(j, st, k)...); err != nil {
				return err
			}
		}
		for k, l := range j.Lanes {
			if err := ins(sqlInsertLane, laneArgs(j, l, k)...); err != nil {
				return err
			}
		}
		// Reading order keeps a cell's cards together in the file, so the
		// sqlite3 shell shows them as the board does.
		for _, t := range readingOrder(j) {
			if err := ins(sqlInsertTouchpoint, touchpointArgs(j, t)...); err != nil {
				return err
			}
			for _, pid := range sortedKeys(t.Emotions) {
				if err := ins(sqlInsertEmotion, string(t.ID), string(pid), t.Emotions[pid]); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
