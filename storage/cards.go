package storage

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"waymark/model"
)

// The cards and their scores are nearly all of a large map. They are read
// through SQLite like every other table, as plain columns: their caps were
// checked before (checkTables), so no per-value SQL function is needed, and
// the values are taken straight from the driver (each).
var (
	readTouchpointCols = touchpointCols
	readEmotionCols    = emotionCols
)

// The positions of readTouchpointCols in a row, after the rowid.
const (
	tcID = iota + 1
	tcJourney
	tcStage
	tcLane
	tcOrd
	tcTitle
	tcNotes
	tcChannel
	tcPainPoint
	tcOpportunity
	tcMomentOfTruth
	tcOwner
	tcTags
	tcEvidence
	tcEvidenceLinks
	tcConfidence
	tcColor
	tcImage
	tcImpact
	tcEffort
	tcChanged
)

// loadTouchpoints reads the cards and gives each journey its own, in file
// order, every journey's list cut from one array. ids are the stage and lane
// IDs already read, so that the cards share their strings.
func loadTouchpoints(ctx context.Context, c *conn, p *model.Project, journeys map[model.ID]*model.Journey, ids map[string]model.ID, n rowCounts) (map[string]*model.Touchpoint, error) {
	journeyIndex := make(map[*model.Journey]int32, len(p.Journeys))
	for i, j := range p.Journeys {
		journeyIndex[j] = int32(i)
	}
	// Cards come grouped by cell, so the last ID is usually the next one.
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
	// Many cards share a channel, owner, confidence or colour: keep one
	// copy of a run of equal values.
	var channel, owner, confidence, color lastString
	// Cards changed in one step share a stamp: parse a run of them once.
	var lastStamp string
	var lastChanged time.Time

	perJourney := make([]int, len(p.Journeys))
	cards := make([]model.Touchpoint, 0, n[tTouchpoint])
	all := make([]*model.Touchpoint, 0, n[tTouchpoint])
	owners := make([]int32, 0, n[tTouchpoint])
	byID := make(map[string]*model.Touchpoint, n[tTouchpoint])
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
	var journey *model.Journey
	var ji int32
	err := read(ctx, c, tTouchpoint, true, readTouchpointCols, "",
		func(v []driver.Value, r *rowReader) {
			r.rowid = r.int64(v[0])
			if jid, _ := v[tcJourney].(string); journey == nil || jid != string(journey.ID) {
				// A new run of rows: look the journey up again.
				last := journey
				if journey = parentOf(r, v[tcJourney], journeys); journey == nil {
					return
				}
				if journey != last {
					ji = journeyIndex[journey]
				}
			}
			if len(cards) == cap(cards) {
				// Only if the file holds more rows than it counted: the
				// cards read so far stay where they are.
				cards = make([]model.Touchpoint, 0, 1024)
			}
			cards = cards[:len(cards)+1]
			t := &cards[len(cards)-1]
			*t = model.Touchpoint{ID: model.ID(r.str("id", v[tcID])), StageID: ref(r.str("stage_id", v[tcStage]), &lastStage),
				LaneID: ref(r.str("lane_id", v[tcLane]), &lastLane), Order: r.int("ord", v[tcOrd]),
				Title: r.str("title", v[tcTitle]), Notes: r.str("notes", v[tcNotes]),
				Channel: channel.intern(r.str("channel", v[tcChannel])), PainPoint: r.flag("pain_point", v[tcPainPoint]),
				Opportunity: r.flag("opportunity", v[tcOpportunity]), MomentOfTruth: r.flag("moment_of_truth", v[tcMomentOfTruth]),
				Owner: owner.intern(r.str("owner", v[tcOwner])), Tags: split(r.str("tags", v[tcTags])),
				Evidence: r.str("evidence", v[tcEvidence]), EvidenceLinks: split(r.str("evidence_links", v[tcEvidenceLinks])),
				Confidence: model.Confidence(confidence.intern(r.str("confidence", v[tcConfidence]))),
				Color:      color.intern(r.str("color", v[tcColor])), ImageID: model.ID(r.optional("image_id", v[tcImage])),
				Impact: r.int("impact", v[tcImpact]), Effort: r.int("effort", v[tcEffort])}
			if s := r.str("changed", v[tcChanged]); s != "" && r.err == nil {
				if s != lastStamp {
					at, err := model.ParseStamp(s)
					if err != nil {
						r.fail("column changed: %v", err)
						return
					}
					lastStamp, lastChanged = s, at
				}
				t.Changed = lastChanged
			}
			// One hash instead of a lookup and an insert: a repeated ID
			// leaves the map's size as it was.
			size := len(byID)
			byID[string(t.ID)] = t
			if len(byID) == size && r.err == nil {
				r.fail("touchpoint %q appears twice", clip(string(t.ID)))
			}
			all = append(all, t)
			owners = append(owners, ji)
			perJourney[ji]++
		})
	if err != nil {
		return nil, err
	}
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
	return byID, nil
}

// scoreRows are the emotion table, read before the cards they belong to
// are known (on checkAndLoad's second connection). The rows come sorted by
// card, the table's key: each run of one card's scores is kept once, with
// its card's ID.
type scoreRows struct {
	runs   []scoreRun
	scores []score
}

type scoreRun struct {
	card       string
	first      string // the run's first persona, to name the row in a message
	start, end int    // its scores
}

type score struct {
	persona model.ID
	value   int
}

// readScores reads the emotion table. Persona IDs are kept once each, not
// once per score.
func readScores(ctx context.Context, c *conn) (*scoreRows, error) {
	rows := &scoreRows{}
	personas := map[string]model.ID{}
	var tid, pid string
	rowName := func() string { return fmt.Sprintf("(touchpoint %q, persona %q)", clip(tid), clip(pid)) }
	err := read(ctx, c, tEmotion, false, readEmotionCols, "",
		func(v []driver.Value, r *rowReader) {
			r.key = rowName
			tid, _ = v[0].(string)
			pid, _ = v[1].(string)
			card := r.str("touchpoint_id", v[0])
			persona, ok := personas[pid]
			if !ok {
				persona = model.ID(r.str("persona_id", v[1]))
				personas[pid] = persona
			}
			if n := len(rows.runs); n == 0 || rows.runs[n-1].card != card {
				rows.runs = append(rows.runs, scoreRun{card: card, first: pid, start: len(rows.scores)})
			}
			rows.scores = append(rows.scores, score{persona, r.int("score", v[2])})
			rows.runs[len(rows.runs)-1].end = len(rows.scores)
		})
	return rows, err
}

// attachScores gives each card its scores; a card's map is made once, at
// its size. personaID shares the ID strings of the project's personas.
func attachScores(rows *scoreRows, cards map[string]*model.Touchpoint, personaID func(string) model.ID) error {
	for _, run := range rows.runs {
		card := cards[run.card]
		if card == nil {
			return bad("table emotion, row (touchpoint %q, persona %q): touchpoint %q does not exist",
				clip(run.card), clip(run.first), clip(run.card))
		}
		if card.Emotions != nil {
			// Its rows are not together: the table is not in key order,
			// which SQLite's own b-tree never allows.
			return bad("table emotion, row (touchpoint %q, persona %q): is out of order", clip(run.card), clip(run.first))
		}
		m := make(map[model.ID]int, run.end-run.start)
		for _, sc := range rows.scores[run.start:run.end] {
			m[personaID(string(sc.persona))] = sc.value
		}
		card.Emotions = m
	}
	return nil
}

// parentOf finds the journey a row belongs to: a row whose journey does not
// exist would otherwise vanish silently on loading.
func parentOf(r *rowReader, v driver.Value, journeys map[model.ID]*model.Journey) *model.Journey {
	id := r.str("journey_id", v)
	j := journeys[model.ID(id)]
	if j == nil && r.err == nil {
		r.fail("journey %q does not exist", clip(id))
	}
	return j
}

// lastString keeps the last string it was given, so that a run of equal
// values shares one copy.
type lastString struct{ s string }

func (l *lastString) intern(s string) string {
	if s == l.s {
		return l.s
	}
	l.s = s
	return s
}
