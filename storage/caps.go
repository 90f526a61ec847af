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
// they are checked with count(*) and octet_length() before a single row is
// read. The writer applies the same caps, so Waymark never writes a file it
// would refuse to open.
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
	query   string   // count and longest value of each column, in one scan
}

var tableSpecs = func() []*tableSpec {
	specs := []*tableSpec{
		{name: "project", minRows: 1, maxRows: 1, cols: []column{
			{"id", capID}, {"name", capShort}, {"digest", capCode}}},
		{name: "image", maxRows: 10_000, cols: []column{
			{"id", capID}, {"mime", capCode}, {"data", model.MaxImageBytes}}},
		{name: "persona", maxRows: 10_000, cols: []column{
			{"id", capID}, {"name", capShort}, {"role", capShort}, {"quote", capLong},
			{"goals", capLong}, {"frustrations", capLong}, {"photo_id", capID}}},
		{name: "journey", maxRows: 10_000, cols: []column{
			{"id", capID}, {"title", capShort}, {"description", capLong}}},
		{name: "journey_persona", maxRows: 1_000_000, cols: []column{
			{"journey_id", capID}, {"persona_id", capID}}},
		{name: "stage", maxRows: 100_000, cols: []column{
			{"id", capID}, {"journey_id", capID}, {"name", capShort}, {"description", capLong}, {"color", capCode}}},
		{name: "lane", maxRows: 100_000, cols: []column{
			{"id", capID}, {"journey_id", capID}, {"name", capShort}, {"kind", capCode}}},
		{name: "touchpoint", maxRows: 1_000_000, cols: []column{
			{"id", capID}, {"journey_id", capID}, {"stage_id", capID}, {"lane_id", capID},
			{"title", capShort}, {"notes", capLong}, {"channel", capShort}, {"owner", capShort},
			{"tags", capLong}, {"evidence", capLong}, {"evidence_links", capLong},
			{"confidence", capCode}, {"color", capCode}, {"image_id", capID}}},
		{name: "emotion", maxRows: 10_000_000, cols: []column{
			{"touchpoint_id", capID}, {"persona_id", capID}}},
	}
	for _, t := range specs {
		parts := []string{"count(*)"}
		for _, c := range t.cols {
			parts = append(parts, "max(octet_length("+c.name+"))")
		}
		t.query = "SELECT " + strings.Join(parts, ", ") + " FROM " + t.name
	}
	return specs
}()

// rowExpr is SQL naming a row of table in messages: its rowid, or for
// emotion (which has none) its key, cut short.
func rowExpr(table string) string {
	if table == "emotion" {
		return "printf('(touchpoint %Q, persona %Q)', substr(touchpoint_id, 1, 40), substr(persona_id, 1, 40))"
	}
	return "rowid"
}

// checkCaps counts each table's rows and measures its longest values. It
// returns the counts, which the loader uses to size its maps.
func checkCaps(ctx context.Context, c *conn) (map[string]int64, error) {
	counts := map[string]int64{}
	for _, t := range tableSpecs {
		vals := make([]sql.NullInt64, 1+len(t.cols))
		dest := make([]any, len(vals))
		for i := range vals {
			dest[i] = &vals[i]
		}
		if err := c.QueryRowContext(ctx, t.query).Scan(dest...); err != nil {
			return nil, err
		}
		n := vals[0].Int64
		if n < t.minRows || n > t.maxRows {
			if t.minRows == t.maxRows {
				return nil, bad("is damaged (table %s has %d rows instead of %d)", t.name, n, t.minRows)
			}
			return nil, bad("holds %d %s rows, more than Waymark allows (%d)", n, t.name, t.maxRows)
		}
		counts[t.name] = n
		for i, col := range t.cols {
			if v := vals[i+1]; v.Valid && v.Int64 > col.cap {
				var row string
				q := fmt.Sprintf("SELECT %s FROM %s WHERE octet_length(%s) > ? LIMIT 1", rowExpr(t.name), t.name, col.name)
				if err := c.QueryRowContext(ctx, q, col.cap).Scan(&row); err != nil {
					return nil, err
				}
				return nil, bad("table %s, row %s: column %s is %s, more than Waymark allows (%s)",
					t.name, row, col.name, byteSize(v.Int64), byteSize(col.cap))
			}
		}
	}
	return counts, nil
}

// checkModelCaps applies the file's caps to a project about to be written.
func checkModelCaps(p *model.Project) error {
	n := map[string]int{"image": len(p.Images), "persona": len(p.Personas), "journey": len(p.Journeys)}
	for _, j := range p.Journeys {
		n["journey_persona"] += len(j.PersonaIDs)
		n["stage"] += len(j.Stages)
		n["lane"] += len(j.Lanes)
		n["touchpoint"] += len(j.Touchpoints)
		for _, t := range j.Touchpoints {
			n["emotion"] += len(t.Emotions)
		}
	}
	for _, t := range tableSpecs {
		if int64(n[t.name]) > t.maxRows {
			return fmt.Errorf("the project has %d %s rows, more than a Waymark file can hold (%d)", n[t.name], t.name, t.maxRows)
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

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
