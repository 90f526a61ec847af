package storage

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"

	"waymark/model"
)

// rowReader reads the values of one row and turns a NULL where a value is
// required into the sentence "table t, row n: column c is NULL": the schema
// says NOT NULL, but a file edited byte by byte need not obey its schema.
// A value over its cap arrives as the integer 0 (see readSQL); col records
// which column held a value of the wrong type, so that explainValue can say
// which of the two it was.
type rowReader struct {
	table string
	rowid int64
	key   func() string // names the row where the table has no rowid
	col   string
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

// eachAside is each, but scan runs on a second goroutine, a batch of rows
// at a time, while this one goes on stepping SQLite and copying values: for
// the big tables the two halves cost about the same. r belongs to scan's
// goroutine until eachAside returns.
func eachAside(ctx context.Context, c *conn, r *rowReader, query string, ncol int, scan func(v []driver.Value, r *rowReader)) error {
	const batchRows, batches = 256, 4
	full := make(chan []driver.Value, batches)
	free := make(chan []driver.Value, batches)
	for range batches {
		free <- make([]driver.Value, batchRows*ncol)
	}
	var failed atomic.Bool
	done := make(chan struct{})
	go func() {
		defer close(done)
		for b := range full {
			for i := 0; i < len(b) && r.err == nil; i += ncol {
				scan(b[i:i+ncol:i+ncol], r)
			}
			if r.err != nil {
				failed.Store(true)
			}
			clear(b)
			free <- b[:cap(b)]
		}
	}()
	err := c.Raw(func(dc any) error {
		q, ok := dc.(driver.QueryerContext)
		if !ok {
			return errors.New("storage: the SQLite driver cannot query")
		}
		rows, err := q.QueryContext(ctx, query, nil)
		if err != nil {
			return err
		}
		defer rows.Close()
		for !failed.Load() {
			if err := ctx.Err(); err != nil {
				return err
			}
			b := <-free
			n := 0
			for ; n < len(b); n += ncol {
				if err = rows.Next(b[n : n+ncol]); err != nil {
					break
				}
			}
			full <- b[:n]
			if err == io.EOF {
				return nil
			} else if err != nil {
				return err
			}
		}
		return nil
	})
	close(full)
	<-done
	if r.err != nil {
		return r.err
	}
	return err
}

// read reads cols of table t with readSQL and calls scan for each row; a
// value of the wrong type is explained (over its cap, or as found).
func read(ctx context.Context, c *conn, t int, rowid bool, cols []string, tail string, scan func(v []driver.Value, r *rowReader)) error {
	spec := tableSpecs[t]
	ncol := len(cols)
	if rowid {
		ncol++
	}
	r := &rowReader{table: spec.name}
	err := each(ctx, c, r, readSQL(spec, rowid, cols, tail), ncol, scan)
	if err != nil && err == r.err && r.col != "" {
		return explainValue(ctx, c, r, err)
	}
	return err
}

// lastString remembers the last string it was given: consecutive rows
// repeat the same channel, owner or stage, and sharing one copy keeps the
// loaded project smaller.
type lastString string

func (l *lastString) intern(s string) string {
	if s == string(*l) {
		return string(*l)
	}
	*l = lastString(s)
	return s
}

// The columns each table is read with; the scan functions index values in
// this order, after the rowid.
var (
	readProjectCols        = []string{"id", "name", "scale_min", "scale_max", "digest"}
	readImageCols          = []string{"id", "mime", "width", "height", "data"}
	readPersonaCols        = []string{"id", "name", "role", "quote", "goals", "frustrations", "photo_id"}
	readJourneyCols        = []string{"id", "title", "description"}
	readJourneyPersonaCols = []string{"journey_id", "persona_id"}
	readStageCols          = []string{"id", "journey_id", "name", "description", "color"}
	readLaneCols           = []string{"id", "journey_id", "name", "kind", "hidden"}

	touchpointRead = newPackedRead(tTouchpoint, true,
		[]string{"ord", "pain_point", "opportunity", "moment_of_truth"},
		[]string{"id", "journey_id", "stage_id", "lane_id", "title", "notes", "channel", "owner", "tags",
			"evidence", "evidence_links", "confidence", "color", "image_id"}, "image_id")
	emotionRead = newPackedRead(tEmotion, false, []string{"score"}, []string{"touchpoint_id", "persona_id"})
)

// readPacked reads a table with pr and calls scan with each row's values
// and its text columns, cut apart; a NULL where a value is required or a
// value over its cap is explained.
func readPacked(ctx context.Context, c *conn, pr *packedRead, r *rowReader, scan func(v []driver.Value, s []string, r *rowReader)) error {
	s := make([]string, len(pr.texts))
	err := eachAside(ctx, c, r, pr.sql, pr.ncol(), func(v []driver.Value, r *rowReader) {
		if pr.rowid {
			r.rowid = r.int64(v[0])
		}
		if pr.split(v, r, s) {
			scan(v, s, r)
		}
	})
	if err != nil && err == r.err && r.col != "" {
		return explainValue(ctx, c, r, err)
	}
	return err
}

// loadProject reads the whole project from a checked database, from the
// tables themselves. counts (nil if unknown) are the row counts
// checkRowCaps found, used to size slices and maps up front. It returns the
// project and the digest stored in the file.
func loadProject(ctx context.Context, c *conn, counts *rowCounts, prog *progress) (*model.Project, string, error) {
	var n rowCounts
	if counts != nil {
		n = *counts
	}
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
	for i := range personas {
		p.Personas[i] = &personas[i]
	}
	// personaID gives the persona's own copy of an ID read from another
	// table, so that a project keeps one copy per persona, not one per score.
	personaIDs := make(map[string]model.ID, len(personas))
	for _, x := range p.Personas {
		personaIDs[string(x.ID)] = x.ID
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

	stages := make([]model.Stage, 0, n[tStage])
	err = read(ctx, c, tStage, true, readStageCols, "ORDER BY journey_id, position, rowid",
		func(v []driver.Value, r *rowReader) {
			r.rowid = r.int64(v[0])
			if j := parent(r, v[2]); j != nil {
				stages = append(stages, model.Stage{ID: model.ID(r.str("id", v[1])), Name: r.str("name", v[3]),
					Description: r.str("description", v[4]), Color: r.str("color", v[5])})
				j.Stages = append(j.Stages, &stages[len(stages)-1])
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
				j.Lanes = append(j.Lanes, &lanes[len(lanes)-1])
			}
		})
	if err != nil {
		return nil, "", err
	}
	prog.step()

	if err := loadTouchpoints(ctx, c, p, journeys, personaID, n); err != nil {
		return nil, "", err
	}
	prog.step()
	return p, digest, nil
}

// loadTouchpoints reads the cards and their scores. The cards are allocated
// together and handed out to their journeys at the end, each journey's list
// cut from one array, and the strings that repeat from card to card are
// shared.
func loadTouchpoints(ctx context.Context, c *conn, p *model.Project, journeys map[model.ID]*model.Journey,
	personaID func(string) model.ID, n rowCounts) error {
	// ids holds the stage and lane IDs of every journey, for cards to share.
	ids := make(map[string]model.ID)
	for _, j := range p.Journeys {
		for _, s := range j.Stages {
			ids[string(s.ID)] = s.ID
		}
		for _, l := range j.Lanes {
			ids[string(l.ID)] = l.ID
		}
	}
	var lastStage, lastLane model.ID
	ref := func(s string, last *model.ID) model.ID {
		if s == string(*last) {
			return *last
		}
		if id, ok := ids[s]; ok {
			*last = id
			return id
		}
		return model.ID(s)
	}
	var channel, owner, confidence, color, evidence lastString

	journeyIndex := make(map[*model.Journey]int32, len(p.Journeys))
	for i, j := range p.Journeys {
		journeyIndex[j] = int32(i)
	}
	perJourney := make([]int, len(p.Journeys))
	cards := make([]model.Touchpoint, 0, n[tTouchpoint])
	all := make([]*model.Touchpoint, 0, n[tTouchpoint])
	owners := make([]int32, 0, n[tTouchpoint])
	// lists holds every card's tags and links, each card's cut to its own
	// length and capacity so that appending to one never touches another.
	var lists []string
	split := func(s string) []string {
		if s == "" {
			return nil
		}
		k := strings.Count(s, "\n") + 1
		if cap(lists)-len(lists) < k {
			lists = make([]string, 0, max(k, 1024))
		}
		start := len(lists)
		for range k - 1 {
			i := strings.IndexByte(s, '\n')
			lists = append(lists, s[:i])
			s = s[i+1:]
		}
		lists = append(lists, s)
		return lists[start:len(lists):len(lists)]
	}
	touchpoints := make(map[model.ID]*model.Touchpoint, n[tTouchpoint])
	var journey *model.Journey
	var ji int32
	err := readPacked(ctx, c, touchpointRead, &rowReader{table: "touchpoint"},
		func(v []driver.Value, s []string, r *rowReader) {
			// v: rowid, ord, pain_point, opportunity, moment_of_truth. s: id,
			// journey_id, stage_id, lane_id, title, notes, channel, owner,
			// tags, evidence, evidence_links, confidence, color, image_id.
			if journey == nil || s[1] != string(journey.ID) {
				// A new run of rows: look the journey up again.
				if journey = journeys[model.ID(s[1])]; journey == nil {
					r.fail("journey %q does not exist", clip(s[1]))
					return
				}
				ji = journeyIndex[journey]
			}
			if len(cards) == cap(cards) {
				// Only if the count was unknown: earlier cards stay where
				// they are.
				cards = make([]model.Touchpoint, 0, 1024)
			}
			cards = cards[:len(cards)+1]
			t := &cards[len(cards)-1]
			*t = model.Touchpoint{ID: model.ID(s[0]), StageID: ref(s[2], &lastStage), LaneID: ref(s[3], &lastLane),
				Order: r.int("ord", v[1]), Title: s[4], Notes: s[5], Channel: channel.intern(s[6]),
				PainPoint: r.flag("pain_point", v[2]), Opportunity: r.flag("opportunity", v[3]),
				MomentOfTruth: r.flag("moment_of_truth", v[4]), Owner: owner.intern(s[7]), Tags: split(s[8]),
				Evidence: evidence.intern(s[9]), EvidenceLinks: split(s[10]),
				Confidence: model.Confidence(confidence.intern(s[11])), Color: color.intern(s[12]), ImageID: model.ID(s[13])}
			if touchpoints[t.ID] != nil && r.err == nil {
				r.fail("touchpoint %q appears twice", clip(string(t.ID)))
			}
			touchpoints[t.ID] = t
			all = append(all, t)
			owners = append(owners, ji)
			perJourney[ji]++
		})
	if err != nil {
		return err
	}
	// Each journey's cards, in file order, from one array.
	list := make([]*model.Touchpoint, len(all))
	next := make([]int, len(p.Journeys))
	off := 0
	for i, j := range p.Journeys {
		next[i] = off
		j.Touchpoints = list[off : off : off+perJourney[i]]
		off += perJourney[i]
	}
	for k, t := range all {
		i := owners[k]
		list[next[i]] = t
		next[i]++
	}
	for i, j := range p.Journeys {
		if j.Touchpoints = j.Touchpoints[:perJourney[i]]; len(j.Touchpoints) == 0 {
			j.Touchpoints = nil // as a journey without cards always was
		}
	}

	// emotion has no rowid (its key is the row's name); rows come sorted by
	// card, so the last card looked up is usually the next one. A card's
	// scores are keyed by the personas' own IDs, not by copies.
	var card *model.Touchpoint
	var tid, pid string
	rowName := func() string { return fmt.Sprintf("(touchpoint %q, persona %q)", clip(tid), clip(pid)) }
	return readPacked(ctx, c, emotionRead, &rowReader{table: "emotion", key: rowName},
		func(v []driver.Value, s []string, r *rowReader) {
			// v: score. s: touchpoint_id, persona_id.
			tid, pid = s[0], s[1]
			if card == nil || string(card.ID) != tid {
				if card = touchpoints[model.ID(tid)]; card == nil {
					r.fail("touchpoint %q does not exist", clip(tid))
					return
				}
			}
			if card.Emotions == nil {
				card.Emotions = make(map[model.ID]int, 2)
			}
			card.Emotions[personaID(pid)] = r.int("score", v[0])
		})
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
