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
// checkTables counts every table's rows and measures its longest value of
// each text or blob column in one aggregate query per table, before a
// single row is read, so a value over its cap never reaches Go. The writer
// applies the same caps, so Waymark never writes a file it would refuse to
// open; they are the model's limits (model/limits.go), which Validate and
// the importers use too.
// maxFileSize is the most bytes of a whole .cjm that Waymark opens; a
// save refuses to write a larger file (verifyFile), since it could not be
// opened again. A variable so that tests can lower it.
var maxFileSize int64 = 1 << 30

const (
	capID    = model.MaxIDBytes
	capCode  = model.MaxCodeBytes
	capShort = model.MaxNameBytes
	capLong  = model.MaxTextBytes
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
	tBehaviour
	tLens
	tVersion
	numTables
)

var tableSpecs = [numTables]*tableSpec{
	tProject: {name: "project", minRows: 1, maxRows: 1, cols: []column{
		{"id", capID}, {"name", capShort}, {"digest", capCode}}},
	tImage: {name: "image", maxRows: model.MaxImages, cols: []column{
		{"id", capID}, {"mime", capCode}, {"data", model.MaxImageBytes}}},
	tPersona: {name: "persona", maxRows: model.MaxPersonas, cols: []column{
		{"id", capID}, {"name", capShort}, {"role", capShort}, {"quote", capLong},
		{"goals", capLong}, {"frustrations", capLong}, {"photo_id", capID}}},
	tJourney: {name: "journey", maxRows: model.MaxJourneys, cols: []column{
		{"id", capID}, {"title", capShort}, {"description", capLong}, {"owner", capShort}, {"review_by", capCode}}},
	tJourneyPersona: {name: "journey_persona", maxRows: model.MaxJourneyPersonas, cols: []column{
		{"journey_id", capID}, {"persona_id", capID}}},
	tStage: {name: "stage", maxRows: model.MaxStages, cols: []column{
		{"id", capID}, {"journey_id", capID}, {"name", capShort}, {"description", capLong}, {"color", capCode}}},
	tLane: {name: "lane", maxRows: model.MaxLanes, cols: []column{
		{"id", capID}, {"journey_id", capID}, {"name", capShort}, {"kind", capCode}}},
	tTouchpoint: {name: "touchpoint", maxRows: model.MaxTouchpoints, cols: []column{
		{"id", capID}, {"journey_id", capID}, {"stage_id", capID}, {"lane_id", capID},
		{"title", capShort}, {"notes", capLong}, {"channel", capShort}, {"owner", capShort},
		{"tags", capLong}, {"evidence", capLong}, {"evidence_links", capLong},
		{"confidence", capCode}, {"color", capCode}, {"image_id", capID}, {"changed", capCode}}},
	tEmotion: {name: "emotion", maxRows: model.MaxScores, cols: []column{
		{"touchpoint_id", capID}, {"persona_id", capID}}},
	// A journey has its current figures and at most one previous set.
	tBehaviour: {name: "behaviour", maxRows: 2 * model.MaxJourneys, cols: []column{
		{"journey_id", capID}, {"slot", capCode}, {"figures", model.MaxBehaviourJSON}}},
	// At most model.MaxLensesPerJourney of them per journey, which
	// checkTables measures too.
	tLens: {name: "lens", maxRows: maxLensRows, cols: []column{
		{"journey_id", capID}, {"spec", model.MaxLensJSON}}},
	// Named versions: their metadata and compressed projects. The declared
	// size of each project is capped too, when it is decoded (see
	// version.go).
	tVersion: {name: "version", maxRows: maxVersions, cols: []column{
		{"name", capShort}, {"note", capLong}, {"author", capShort}, {"created", capCode},
		{"summary", capLong}, {"checksum", capCode}, {"data", maxVersionData}}},
}

// readSQL selects cols of a table, from the table itself (NOT INDEXED:
// quick_check does not compare indexes with tables, so a damaged index must
// not decide what is read), as plain columns: checkTables has measured
// every capped value already. With rowid, the rowid comes first.
func readSQL(t *tableSpec, rowid bool, cols []string, tail string) string {
	var b strings.Builder
	b.WriteString("SELECT ")
	if rowid {
		b.WriteString("rowid, ")
	}
	b.WriteString(strings.Join(cols, ", "))
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

// measureSQL is the one aggregate query per table that checkTables runs:
// its row count and the longest value of each capped column, from the
// table itself. octet_length reads a value's size from its record header
// without loading the value.
func (t *tableSpec) measureSQL() string {
	var b strings.Builder
	b.WriteString("SELECT count(*)")
	for _, c := range t.cols {
		fmt.Fprintf(&b, ", max(octet_length(%s))", c.name)
	}
	b.WriteString(" FROM " + t.name + " NOT INDEXED")
	return b.String()
}

// checkTables counts each table's rows and measures its values, and refuses
// a file with more rows than Waymark allows (or a project table without
// exactly one row), or a value over its column's cap, naming table, row and
// column, before a single row is read. The counts size the loader's slices
// and maps.
func checkTables(ctx context.Context, c *conn) (rowCounts, error) {
	var n rowCounts
	for i, t := range tableSpecs {
		longest := make([]sql.NullInt64, len(t.cols))
		dest := make([]any, 1+len(t.cols))
		dest[0] = &n[i]
		for k := range longest {
			dest[1+k] = &longest[k]
		}
		if err := c.QueryRowContext(ctx, t.measureSQL()).Scan(dest...); err != nil {
			return n, err
		}
		if n[i] < t.minRows || n[i] > t.maxRows {
			if t.minRows == t.maxRows {
				return n, bad("is damaged (table %s has %d rows instead of %d)", t.name, n[i], t.minRows)
			}
			return n, bad("holds %s %s rows, more than Waymark allows (%s)", count(n[i]), t.name, count(t.maxRows))
		}
		for k, col := range t.cols {
			if longest[k].Valid && longest[k].Int64 > col.cap {
				return n, overCap(ctx, c, t, col)
			}
		}
		if i == tLens && n[i] > model.MaxLensesPerJourney {
			if err := lensesPerJourneyOverCap(ctx, c); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

// journeyRows are the tables of a journey's rows that hold one value of
// JSON each (data), a row named by its journey and key.
var journeyRows = map[string]struct{ key, data string }{
	"behaviour": {"slot", "figures"},
	"lens":      {"position", "spec"},
}

// journeyRowOverCap names the journey and key of a row of such a table
// whose data is over its cap ("table lens, journey “Onboarding”,
// position 3: spec: …"). The journey table and the row's journey_id were
// measured already.
func journeyRowOverCap(ctx context.Context, c *conn, table, key string, col column) error {
	var id, at, title string
	var size int64
	q := fmt.Sprintf("SELECT journey_id, %[2]s, coalesce((SELECT title FROM journey NOT INDEXED WHERE journey.id = %[1]s.journey_id LIMIT 1), ''), "+
		"octet_length(%[3]s) FROM %[1]s NOT INDEXED WHERE octet_length(%[3]s) > %[4]d LIMIT 1", table, key, col.name, col.cap)
	if err := c.QueryRowContext(ctx, q).Scan(&id, &at, &title, &size); err != nil {
		return err
	}
	return bad("table %s, %s, %s %s: %s: %s bytes, more than Waymark allows (%s bytes)",
		table, journeyName(id, title), key, clip(at), col.name, count(size), count(col.cap))
}

// overCap names the first row whose value in col is over its cap. Both
// names are Waymark's own (from tableSpecs), not the file's.
func overCap(ctx context.Context, c *conn, t *tableSpec, col column) error {
	var row string
	var size int64
	q := fmt.Sprintf("SELECT %s, octet_length(%s) FROM %s NOT INDEXED WHERE octet_length(%s) > %d LIMIT 1",
		rowExpr(t.name), col.name, t.name, col.name, col.cap)
	if r, ok := journeyRows[t.name]; ok && r.data == col.name {
		return journeyRowOverCap(ctx, c, t.name, r.key, col)
	}
	if err := c.QueryRowContext(ctx, q).Scan(&row, &size); err != nil {
		return err
	}
	return bad("table %s, row %s: column %s is %s bytes, more than Waymark allows (%s bytes)",
		t.name, row, col.name, count(size), count(col.cap))
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
		n[tBehaviour] += int64(len(figureSlots(j)))
		n[tLens] += int64(len(j.Lenses))
	}
	return n
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
	if err := fieldCaps("journey", j.Title, j.ID, capShort, "title", j.Title, "owner", j.Owner); err != nil {
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
