package storage

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"

	"waymark/model"
)

// The statements that write rows, shared by the full write (Save, WriteNew,
// NewDocument) and by the per-edit commits of the working copy. Each table's
// column list is written once and both forms are generated from it.
var (
	projectCols        = []string{"id", "name", "scale_min", "scale_max", "digest"}
	imageCols          = []string{"id", "position", "mime", "width", "height", "data"}
	personaCols        = []string{"id", "position", "name", "role", "quote", "goals", "frustrations", "photo_id"}
	journeyCols        = []string{"id", "position", "title", "description", "owner", "review_by"}
	journeyPersonaCols = []string{"journey_id", "persona_id", "position"}
	stageCols          = []string{"id", "journey_id", "position", "name", "description", "color"}
	laneCols           = []string{"id", "journey_id", "position", "name", "kind", "hidden"}
	touchpointCols     = []string{"id", "journey_id", "stage_id", "lane_id", "ord", "title", "notes", "channel",
		"pain_point", "opportunity", "moment_of_truth", "owner", "tags", "evidence", "evidence_links",
		"confidence", "color", "image_id", "impact", "effort", "changed"}
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
	return []any{string(j.ID), pos, j.Title, j.Description, j.Owner, model.FormatDate(j.ReviewBy)}
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
		t.Evidence, joinLines(t.EvidenceLinks), string(t.Confidence), t.Color, nullID(t.ImageID), t.Impact, t.Effort,
		model.FormatStamp(t.Changed)}
}

// stmts caches prepared statements of one connection, at the driver level:
// database/sql's per-call conversions and locks would double the time of a
// save of 10,000 cards. They are used only inside conn.rawTx, and closed
// before the connection.
type stmts struct {
	cache map[string]driver.Stmt
}

func newStmts() *stmts { return &stmts{cache: map[string]driver.Stmt{}} }

func (st *stmts) close() {
	if st == nil {
		return
	}
	for _, s := range st.cache {
		s.Close()
	}
	st.cache = map[string]driver.Stmt{}
}

// session is the driver connection during one conn.rawTx call. ctx is for
// the caller to check between statements: the statements themselves run
// with a background context, because go-sqlite3 starts a goroutine per
// statement to watch a cancellable one, which would cost more than the
// insert of a row.
type session struct {
	ctx  context.Context
	dc   driver.Conn
	st   *stmts
	args []driver.NamedValue
}

var noCancel = context.Background()

func (s *session) prepare(query string) (driver.Stmt, error) {
	if st := s.st.cache[query]; st != nil {
		return st, nil
	}
	pc, ok := s.dc.(driver.ConnPrepareContext)
	if !ok {
		return nil, errors.New("storage: the SQLite driver cannot prepare")
	}
	st, err := pc.PrepareContext(noCancel, query)
	if err != nil {
		return nil, err
	}
	s.st.cache[query] = st
	return st, nil
}

func (s *session) bind(args []any) []driver.NamedValue {
	s.args = s.args[:0]
	for i, a := range args {
		if n, ok := a.(int); ok {
			a = int64(n)
		}
		s.args = append(s.args, driver.NamedValue{Ordinal: i + 1, Value: a})
	}
	return s.args
}

// exec runs a statement, preparing it the first time it is used. It goes
// through the driver's query path, which binds every argument and steps in
// one cgo call, where its exec path makes a call per argument: for the
// 18 columns of a card that is most of the cost of writing one.
func (s *session) exec(query string, args ...any) error {
	st, err := s.prepare(query)
	if err != nil {
		return err
	}
	q, ok := st.(driver.StmtQueryContext)
	if !ok {
		return errors.New("storage: the SQLite driver cannot query")
	}
	rows, err := q.QueryContext(noCancel, s.bind(args))
	if err != nil {
		return err
	}
	return rows.Close()
}

// queryString runs a statement returning at most one text value.
func (s *session) queryString(query string, args ...any) (string, bool, error) {
	st, err := s.prepare(query)
	if err != nil {
		return "", false, err
	}
	q, ok := st.(driver.StmtQueryContext)
	if !ok {
		return "", false, errors.New("storage: the SQLite driver cannot query")
	}
	rows, err := q.QueryContext(noCancel, s.bind(args))
	if err != nil {
		return "", false, err
	}
	defer rows.Close()
	v := make([]driver.Value, 1)
	if err := rows.Next(v); err == io.EOF {
		return "", false, nil
	} else if err != nil {
		return "", false, err
	}
	str, _ := v[0].(string)
	return str, true, nil
}

// direct runs a statement without caching it (BEGIN, COMMIT).
func (s *session) direct(query string) error {
	ex, ok := s.dc.(driver.ExecerContext)
	if !ok {
		return errors.New("storage: the SQLite driver cannot execute")
	}
	_, err := ex.ExecContext(noCancel, query, nil)
	return err
}

// rawTx runs f in one transaction (BEGIN IMMEDIATE … COMMIT) on the
// driver connection, rolling back if f or the commit fails.
func (c *conn) rawTx(ctx context.Context, st *stmts, f func(s *session) error) error {
	return c.Raw(func(dc any) error {
		d, ok := dc.(driver.Conn)
		if !ok {
			return errors.New("storage: not a driver connection")
		}
		s := &session{ctx: ctx, dc: d, st: st}
		if err := s.direct("BEGIN IMMEDIATE"); err != nil {
			return err
		}
		err := f(s)
		if err == nil {
			err = ctx.Err()
		}
		if err == nil {
			err = s.direct("COMMIT")
		}
		if err != nil {
			s.direct("ROLLBACK")
		}
		return err
	})
}

var (
	sqlInsertProject        = insertSQL("project", projectCols)
	sqlInsertImage          = insertSQL("image", imageCols)
	sqlInsertPersona        = insertSQL("persona", personaCols)
	sqlInsertJourney        = insertSQL("journey", journeyCols)
	sqlInsertJourneyPersona = insertSQL("journey_persona", journeyPersonaCols)
	sqlInsertStage          = insertSQL("stage", stageCols)
	sqlInsertLane           = insertSQL("lane", laneCols)
	sqlInsertEmotion        = insertSQL("emotion", emotionCols)
)

// countRows is the number of rows of a project's file, for progress.
func countRows(p *model.Project) int64 {
	var n int64
	for _, c := range modelCounts(p) {
		n += c
	}
	return n
}

// writeRows inserts a whole project but its project row into empty tables.
func writeRows(s *session, p *model.Project, prog *progress) error {
	n := 0
	ins := func(query string, args ...any) error {
		if n++; n%256 == 0 {
			prog.add(256)
			if err := s.ctx.Err(); err != nil {
				return err
			}
		}
		return s.exec(query, args...)
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
		cards := batchInsert{table: "touchpoint", cols: touchpointCols, ins: ins, prog: prog}
		for _, t := range readingOrder(j) {
			if err := cards.add(touchpointArgs(j, t)...); err != nil {
				return err
			}
		}
		if err := cards.flush(); err != nil {
			return err
		}
	}
	for _, j := range p.Journeys {
		for _, f := range figureSlots(j) {
			data, err := figuresJSON(j, f)
			if err != nil {
				return err
			}
			if err := ins(sqlInsertBehaviour, string(j.ID), f.slot, data); err != nil {
				return err
			}
		}
		if err := writeLensRows(ins, j); err != nil {
			return err
		}
	}
	// Scores go in key order (card ID, then persona ID): appending to a
	// B-tree is much cheaper than inserting all over it.
	var cards []*model.Touchpoint
	for _, j := range p.Journeys {
		cards = append(cards, j.Touchpoints...)
	}
	slices.SortFunc(cards, func(a, b *model.Touchpoint) int { return strings.Compare(string(a.ID), string(b.ID)) })
	var keys [16]model.ID
	scores := batchInsert{table: "emotion", cols: emotionCols, ins: ins, prog: prog}
	for _, t := range cards {
		for _, pid := range sortedKeys(t.Emotions, keys[:]) {
			if err := scores.add(string(t.ID), string(pid), t.Emotions[pid]); err != nil {
				return err
			}
		}
	}
	return scores.flush()
}

// batchInsert inserts rows several to a statement: per-statement overhead
// (reset, bind, step, a cgo call) is a fifth of the cost of inserting a
// card and most of the cost of inserting a score. As many rows go in one
// statement as SQLITE_LIMIT_VARIABLE_NUMBER allows.
type batchInsert struct {
	table string
	cols  []string
	ins   func(query string, args ...any) error
	prog  *progress
	args  []any
}

func (b *batchInsert) add(args ...any) error {
	b.args = append(b.args, args...)
	if len(b.args)+len(b.cols) > maxVariables {
		return b.flush()
	}
	return nil
}

func (b *batchInsert) flush() error {
	rows := len(b.args) / len(b.cols)
	if rows == 0 {
		return nil
	}
	err := b.ins(multiInsertSQL(b.table, b.cols, rows), b.args...)
	b.prog.add(int64(rows - 1))
	clear(b.args)
	b.args = b.args[:0]
	return err
}

// maxVariables is SQLITE_LIMIT_VARIABLE_NUMBER of every connection (see
// connLimits).
const maxVariables = 100

var multiInserts sync.Map // "table rows" → INSERT of that many rows

// multiInsertSQL is an INSERT of rows rows into table.
func multiInsertSQL(table string, cols []string, rows int) string {
	key := table + " " + strconv.Itoa(rows)
	if q, ok := multiInserts.Load(key); ok {
		return q.(string)
	}
	q := insertSQL(table, cols) + strings.Repeat(", ("+strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ")+")", rows-1)
	multiInserts.Store(key, q)
	return q
}
