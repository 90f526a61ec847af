package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"waymark/model"
)

// Caps on what a .cjm may hold. They are far above any real journey map and
// exist so that a hostile file cannot make Waymark allocate without bound:
// row counts are checked with count(*) before a single row is used, and
// every text or blob value is measured before it is copied: with
// octet_length() inside the query that reads it (see readSQL), or for the
// cards, which are read from the file's pages, from its record header (see
// recordReader). A value over its cap never reaches Go. The writer applies
// the same caps, so Waymark never writes a file it would refuse to open.
const (
	maxFileSize = 1 << 30 // bytes of a whole .cjm

	capID    = 256      // bytes of an id
	capCode  = 64       // bytes of a kind, colour, MIME type, confidence, digest
	capShort = 64 << 10 // bytes of a name or title
	capLong  = 4 << 20  // bytes of notes, descriptions and other free text
)

type column struct {
	name string
	cap  int64 // most bytes a value may have
}

// tableSpec is one table of the current format with its caps.
type tableSpec struct {
	name    string
	minRows int64
	maxRows int64
	cols    []column // text and blob columns; integers need no cap
}

// The tables in the order of tableSpecs; rowCounts are indexed by them.
const (
	tProject = iota
	tImage
	tPersona
	tJourney
	tJourneyPersona
	tStage
	tLane
	tTouchpoint
	tEmotion
	numTables
)

var tableSpecs = [numTables]*tableSpec{
	tProject: {name: "project", minRows: 1, maxRows: 1, cols: []column{
		{"id", capID}, {"name", capShort}, {"digest", capCode}}},
	tImage: {name: "image", maxRows: 10_000, cols: []column{
		{"id", capID}, {"mime", capCode}, {"data", model.MaxImageBytes}}},
	tPersona: {name: "persona", maxRows: 10_000, cols: []column{
		{"id", capID}, {"name", capShort}, {"role", capShort}, {"quote", capLong},
		{"goals", capLong}, {"frustrations", capLong}, {"photo_id", capID}}},
	tJourney: {name: "journey", maxRows: 10_000, cols: []column{
		{"id", capID}, {"title", capShort}, {"description", capLong}}},
	tJourneyPersona: {name: "journey_persona", maxRows: 1_000_000, cols: []column{
		{"journey_id", capID}, {"persona_id", capID}}},
	tStage: {name: "stage", maxRows: 100_000, cols: []column{
		{"id", capID}, {"journey_id", capID}, {"name", capShort}, {"description", capLong}, {"color", capCode}}},
	tLane: {name: "lane", maxRows: 100_000, cols: []column{
		{"id", capID}, {"journey_id", capID}, {"name", capShort}, {"kind", capCode}}},
	tTouchpoint: {name: "touchpoint", maxRows: 1_000_000, cols: []column{
		{"id", capID}, {"journey_id", capID}, {"stage_id", capID}, {"lane_id", capID},
		{"title", capShort}, {"notes", capLong}, {"channel", capShort}, {"owner", capShort},
		{"tags", capLong}, {"evidence", capLong}, {"evidence_links", capLong},
		{"confidence", capCode}, {"color", capCode}, {"image_id", capID}}},
	tEmotion: {name: "emotion", maxRows: 10_000_000, cols: []column{
		{"touchpoint_id", capID}, {"persona_id", capID}}},
}

// capOf is the cap of a text or blob column, 0 for an integer column.
func (t *tableSpec) capOf(col string) int64 {
	for _, c := range t.cols {
		if c.name == col {
			return c.cap
		}
	}
	return 0
}

// readSQL selects cols of a table, from the table itself (NOT INDEXED:
// quick_check does not compare indexes with tables, so a damaged index must
// not decide what is read). Each capped column is measured first and
// replaced by the integer 0 when it is over its cap, so that the value is
// never copied into Go; the reader then sees a value of the wrong type and
// explainValue names the row and column. With rowid, the rowid comes first.
func readSQL(t *tableSpec, rowid bool, cols []string, tail string) string {
	var b strings.Builder
	b.WriteString("SELECT ")
	if rowid {
		b.WriteString("rowid, ")
	}
	for i, c := range cols {
		if i > 0 {
			b.WriteString(", ")
		}
		if limit := t.capOf(c); limit > 0 {
			fmt.Fprintf(&b, "CASE WHEN octet_length(%s) > %d THEN 0 ELSE %s END", c, limit, c)
		} else {
			b.WriteString(c)
		}
	}
	b.WriteString(" FROM " + t.name + " NOT INDEXED")
	if tail != "" {
		b.WriteString(" " + tail)
	}
	return b.String()
}

// rowExpr is SQL naming a row of table in messages: its rowid, or for
// emotion (which has none) its key, cut short.
func rowExpr(table string) string {
	if table == "emotion" {
		return "printf('(touchpoint %Q, persona %Q)', substr(touchpoint_id, 1, 40), substr(persona_id, 1, 40))"
	}
	return "rowid"
}

// rowCounts are the number of rows of each table, indexed by tProject….
type rowCounts [numTables]int64

// countSQL counts every table's rows in one statement, from the tables
// themselves.
var countSQL = func() string {
	parts := make([]string, numTables)
	for i, t := range tableSpecs {
		parts[i] = "(SELECT count(*) FROM " + t.name + " NOT INDEXED)"
	}
	return "SELECT " + strings.Join(parts, ", ")
}()

// countRowsIn counts each table's rows.
func countRowsIn(ctx context.Context, c *conn) (rowCounts, error) {
	var n rowCounts
	dest := make([]any, numTables)
	for i := range n {
		dest[i] = &n[i]
	}
	err := c.QueryRowContext(ctx, countSQL).Scan(dest...)
	return n, err
}

// checkRowCaps counts each table's rows and refuses a file with more rows
// than Waymark allows (or a project table without exactly one row), before
// a single row is read. The counts size the loader's slices and maps.
func checkRowCaps(ctx context.Context, c *conn) (rowCounts, error) {
	n, err := countRowsIn(ctx, c)
	if err != nil {
		return n, err
	}
	for i, t := range tableSpecs {
		if n[i] < t.minRows || n[i] > t.maxRows {
			if t.minRows == t.maxRows {
				return n, bad("is damaged (table %s has %d rows instead of %d)", t.name, n[i], t.minRows)
			}
			return n, bad("holds %d %s rows, more than Waymark allows (%d)", n[i], t.name, t.maxRows)
		}
	}
	return n, nil
}

// explainValue is called when the reader met a value of the wrong type in
// table.col, which is either what the file holds (a NULL where a value is
// required, an integer where text is) or the 0 readSQL puts in place of a
// value over its cap. It returns the sentence for the user: the cap, if the
// value is over it, or else the reader's own finding.
func explainValue(ctx context.Context, c *conn, r *rowReader, found error) error {
	t := specByName(r.table)
	limit := int64(0)
	if t != nil {
		limit = t.capOf(r.col)
	}
	if limit == 0 {
		return found
	}
	// Both names are Waymark's own (from tableSpecs), not the file's.
	var size sql.NullInt64
	err := c.QueryRowContext(ctx, fmt.Sprintf("SELECT octet_length(%s) FROM %s NOT INDEXED WHERE rowid = ?", r.col, t.name),
		r.rowid).Scan(&size)
	if err != nil {
		return err
	}
	if size.Valid && size.Int64 > limit {
		return bad("table %s, row %d: column %s is %s, more than Waymark allows (%s)",
			t.name, r.rowid, r.col, byteSize(size.Int64), byteSize(limit))
	}
	return found
}

func specByName(table string) *tableSpec {
	for _, t := range tableSpecs {
		if t.name == table {
			return t
		}
	}
	return nil
}

// modelCounts is the number of rows each table of p's file has.
func modelCounts(p *model.Project) rowCounts {
	n := rowCounts{tProject: 1, tImage: int64(len(p.Images)), tPersona: int64(len(p.Personas)), tJourney: int64(len(p.Journeys))}
	for _, j := range p.Journeys {
		n[tJourneyPersona] += int64(len(j.PersonaIDs))
		n[tStage] += int64(len(j.Stages))
		n[tLane] += int64(len(j.Lanes))
		n[tTouchpoint] += int64(len(j.Touchpoints))
		for _, t := range j.Touchpoints {
			n[tEmotion] += int64(len(t.Emotions))
		}
	}
	return n
}

// checkModelCaps applies the file's caps to a project about to be written.
func checkModelCaps(p *model.Project) error {
	n := modelCounts(p)
	for i, t := range tableSpecs {
		if n[i] > t.maxRows {
			return fmt.Errorf("the project has %d %s rows, more than a Waymark file can hold (%d)", n[i], t.name, t.maxRows)
		}
	}
	if err := fieldCaps("project", p.Name, p.ID, capShort, "name", p.Name); err != nil {
		return err
	}
	for _, x := range p.Personas {
		if err := personaCaps(x); err != nil {
			return err
		}
	}
	for _, j := range p.Journeys {
		if err := journeyCaps(j); err != nil {
			return err
		}
		for _, s := range j.Stages {
			if err := stageCaps(s); err != nil {
				return err
			}
		}
		for _, l := range j.Lanes {
			if err := laneCaps(l); err != nil {
				return err
			}
		}
		for _, t := range j.Touchpoints {
			if err := touchpointCaps(t); err != nil {
				return err
			}
		}
	}
	for _, im := range p.Images {
		if err := imageCaps(im); err != nil {
			return err
		}
	}
	return nil
}

// fieldCaps checks pairs of (field name, value) against one cap, plus the
// object's id against capID.
func fieldCaps(kind, label string, id model.ID, limit int64, pairs ...string) error {
	if len(id) > capID {
		return fmt.Errorf("the id of %s %q is longer than %d bytes, which a Waymark file cannot hold", kind, label, capID)
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		if int64(len(pairs[i+1])) > limit {
			return fmt.Errorf("the %s of %s %q is longer than %s, which a Waymark file cannot hold",
				pairs[i], kind, clip(label), byteSize(limit))
		}
	}
	return nil
}

func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

func personaCaps(x *model.Persona) error {
	if err := fieldCaps("persona", x.Name, x.ID, capShort, "name", x.Name, "role", x.Role); err != nil {
		return err
	}
	return fieldCaps("persona", x.Name, x.PhotoID, capLong, "quote", x.Quote, "goals", x.Goals, "frustrations", x.Frustrations)
}

func journeyCaps(j *model.Journey) error {
	if err := fieldCaps("journey", j.Title, j.ID, capShort, "title", j.Title); err != nil {
		return err
	}
	for _, id := range j.PersonaIDs {
		if len(id) > capID {
			return fmt.Errorf("journey %q refers to a persona id longer than %d bytes", clip(j.Title), capID)
		}
	}
	return fieldCaps("journey", j.Title, "", capLong, "description", j.Description)
}

func stageCaps(s *model.Stage) error {
	if err := fieldCaps("stage", s.Name, s.ID, capShort, "name", s.Name); err != nil {
		return err
	}
	if err := fieldCaps("stage", s.Name, "", capCode, "colour", s.Color); err != nil {
		return err
	}
	return fieldCaps("stage", s.Name, "", capLong, "description", s.Description)
}

func laneCaps(l *model.Lane) error {
	if err := fieldCaps("lane", l.Name, l.ID, capShort, "name", l.Name); err != nil {
		return err
	}
	return fieldCaps("lane", l.Name, "", capCode, "kind", string(l.Kind))
}

func touchpointCaps(t *model.Touchpoint) error {
	for _, id := range []model.ID{t.StageID, t.LaneID, t.ImageID} {
		if len(id) > capID {
			return fmt.Errorf("touchpoint %q refers to an id longer than %d bytes", clip(t.Title), capID)
		}
	}
	for id := range t.Emotions {
		if len(id) > capID {
			return fmt.Errorf("touchpoint %q is scored for a persona id longer than %d bytes", clip(t.Title), capID)
		}
	}
	if err := fieldCaps("touchpoint", t.Title, t.ID, capShort, "title", t.Title, "channel", t.Channel, "owner", t.Owner); err != nil {
		return err
	}
	if err := fieldCaps("touchpoint", t.Title, "", capCode, "confidence", string(t.Confidence), "colour", t.Color); err != nil {
		return err
	}
	return fieldCaps("touchpoint", t.Title, "", capLong, "notes", t.Notes, "evidence", t.Evidence,
		"tags", joinLines(t.Tags), "evidence links", joinLines(t.EvidenceLinks))
}

func imageCaps(im *model.Image) error {
	if err := fieldCaps("image", string(im.ID), im.ID, capCode, "type", im.MIME); err != nil {
		return err
	}
	if len(im.Data) > model.MaxImageBytes {
		return fmt.Errorf("image %s is larger than %s, which a Waymark file cannot hold", im.ID, byteSize(model.MaxImageBytes))
	}
	return nil
}

// joinLines stores a list as one entry per line; Validate forbids line
// breaks inside entries, so the split is unambiguous.
func joinLines(list []string) string {
	if len(list) == 1 {
		return list[0] // the common case, without an allocation
	}
	return strings.Join(list, "\n")
}
