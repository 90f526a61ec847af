package storage

import (
	"context"
	"errors"
	"fmt"

	"waymark/model"
)

// Statements of the per-edit commits. Upserts rewrite every column but the
// id; the project's digest is left alone, since a working copy does not keep
// it current (Save writes a fresh one).
var (
	sqlUpsertProject    = upsertSQL("project", projectCols, "digest")
	sqlUpsertImage      = upsertSQL("image", imageCols)
	sqlUpsertPersona    = upsertSQL("persona", personaCols)
	sqlUpsertJourney    = upsertSQL("journey", journeyCols)
	sqlUpsertStage      = upsertSQL("stage", stageCols)
	sqlUpsertLane       = upsertSQL("lane", laneCols)
	sqlUpsertTouchpoint = upsertSQL("touchpoint", touchpointCols)

	sqlDeleteImage         = "DELETE FROM image WHERE id = ?"
	sqlDeletePersona       = "DELETE FROM persona WHERE id = ?"
	sqlDeleteStage         = "DELETE FROM stage WHERE id = ?"
	sqlDeleteLane          = "DELETE FROM lane WHERE id = ?"
	sqlDeleteTouchpoint    = "DELETE FROM touchpoint WHERE id = ?"
	sqlDeleteEmotions      = "DELETE FROM emotion WHERE touchpoint_id = ?"
	sqlDeleteJourneyPeople = "DELETE FROM journey_persona WHERE journey_id = ?"

	// A deleted journey takes every row inside it along.
	sqlDeleteJourneyRows = []string{
		sqlDeleteBehaviour,
		sqlDeleteLenses,
		"DELETE FROM emotion WHERE touchpoint_id IN (SELECT id FROM touchpoint WHERE journey_id = ?)",
		"DELETE FROM touchpoint WHERE journey_id = ?",
		"DELETE FROM stage WHERE journey_id = ?",
		"DELETE FROM lane WHERE journey_id = ?",
		"DELETE FROM journey_persona WHERE journey_id = ?",
		"DELETE FROM journey WHERE id = ?",
	}

	sqlStageJourney = "SELECT journey_id FROM stage WHERE id = ?"
	sqlLaneJourney  = "SELECT journey_id FROM lane WHERE id = ?"

	// Positions are rewritten only where they differ, so a move touches the
	// rows that moved and no others.
	sqlPositionImage   = "UPDATE image SET position = ?1 WHERE id = ?2 AND position <> ?1"
	sqlPositionPersona = "UPDATE persona SET position = ?1 WHERE id = ?2 AND position <> ?1"
	sqlPositionJourney = "UPDATE journey SET position = ?1 WHERE id = ?2 AND position <> ?1"
	sqlPositionStage   = "UPDATE stage SET position = ?1 WHERE id = ?2 AND position <> ?1"
	sqlPositionLane    = "UPDATE lane SET position = ?1 WHERE id = ?2 AND position <> ?1"
)

// Commit implements model.Journal: it writes exactly the rows an edit
// touched to the working copy, in one transaction. An ID in c that still
// exists in p is written (with its child rows: a touchpoint's scores, a
// journey's personas); one that no longer exists is deleted with its
// children. Siblings of a touched stage, lane, persona, journey or image get
// their positions rewritten, since adding, removing or moving one shifts the
// others.
func (d *Document) Commit(p *model.Project, c model.Changes) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.wc == nil {
		return errors.New("the change could not be recorded: the document is closed")
	}
	ctx := context.Background()
	if err := d.wc.syncOnce(); err != nil {
		return fmt.Errorf("the change could not be recorded in the working copy: %v", err)
	}
	// Before the first edit is in the copy, the sidecar stops calling it
	// pristine, so that a crash from here on offers it for restoring.
	if d.sc.Pristine {
		sc := d.sc
		sc.Pristine = false
		if err := d.wc.writeSidecar(sc); err != nil {
			return fmt.Errorf("the change could not be recorded in the working copy: %v", err)
		}
		d.sc = sc
	}
	d.commits++
	w := &committer{p: p, find: newFinder(p, c), written: d.written}
	err := d.wc.c.rawTx(ctx, d.stmts, func(s *session) error {
		w.s = s
		w.wrote = nil
		return w.commit(c)
	})
	if err != nil {
		return fmt.Errorf("the change could not be recorded in the working copy: %v", oneLine(err.Error()))
	}
	if d.written == nil {
		d.written = map[model.ID]writtenJourney{}
	}
	for id, f := range w.wrote {
		if f == nil {
			delete(d.written, id)
		} else {
			d.written[id] = *f
		}
	}
	return nil
}

// writtenJourney is what the working copy holds of a journey's immutable
// values: its behaviour figures and its saved lenses, each known once a
// commit has written it.
type writtenJourney struct {
	figures      writtenFigures
	figuresKnown bool
	lenses       []*model.Lens
	lensesKnown  bool
}

// writtenFigures are a journey's current and previous behaviour figures as
// the working copy holds them. Figures are immutable values, so comparing
// pointers tells whether a journey's rows must be rewritten: an edit of
// its title does not rewrite megabytes of figures.
type writtenFigures [2]*model.Behaviour

type committer struct {
	s    *session
	p    *model.Project
	find *finder
	// written is what the working copy holds (the document's record; a
	// journey missing from it is written); wrote what this commit changed
	// of it (nil: the journey's rows are gone), recorded once it lands.
	written map[model.ID]writtenJourney
	wrote   map[model.ID]*writtenJourney
}

func (w *committer) exec(query string, args ...any) error { return w.s.exec(query, args...) }

// journeyOf looks up which journey a row belonged to before it is deleted.
func (w *committer) journeyOf(query string, id model.ID) (model.ID, error) {
	jid, _, err := w.s.queryString(query, string(id))
	return model.ID(jid), err
}

func (w *committer) commit(c model.Changes) error {
	p := w.p
	if len(c.Journeys) > 0 {
		if err := lensCountProblem(p); err != nil {
			return err
		}
	}
	if c.Project {
		if err := w.exec(sqlUpsertProject, projectArgs(p, "")...); err != nil {
			return err
		}
	}

	for _, id := range c.Images {
		if i := indexOf(p.Images, id); i >= 0 {
			if err := imageCaps(p.Images[i]); err != nil {
				return err
			}
			if err := w.exec(sqlUpsertImage, imageArgs(p.Images[i], i)...); err != nil {
				return err
			}
		} else if err := w.exec(sqlDeleteImage, string(id)); err != nil {
			return err
		}
	}
	if len(c.Images) > 0 {
		for i, im := range p.Images {
			if err := w.exec(sqlPositionImage, i, string(im.ID)); err != nil {
				return err
			}
		}
	}

	for _, id := range c.Personas {
		if i := indexOf(p.Personas, id); i >= 0 {
			if err := personaCaps(p.Personas[i]); err != nil {
				return err
			}
			if err := w.exec(sqlUpsertPersona, personaArgs(p.Personas[i], i)...); err != nil {
				return err
			}
		} else if err := w.exec(sqlDeletePersona, string(id)); err != nil {
			return err
		}
	}
	if len(c.Personas) > 0 {
		for i, x := range p.Personas {
			if err := w.exec(sqlPositionPersona, i, string(x.ID)); err != nil {
				return err
			}
		}
	}

	for _, id := range c.Journeys {
		if i := indexOf(p.Journeys, id); i >= 0 {
			if err := w.writeJourney(p.Journeys[i], i); err != nil {
				return err
			}
			continue
		}
		for _, q := range sqlDeleteJourneyRows {
			if err := w.exec(q, string(id)); err != nil {
				return err
			}
		}
		w.forget(id)
	}
	if len(c.Journeys) > 0 {
		for i, j := range p.Journeys {
			if err := w.exec(sqlPositionJourney, i, string(j.ID)); err != nil {
				return err
			}
		}
	}

	// Journeys whose stages or lanes need their positions rewritten.
	stageSiblings, laneSiblings := map[model.ID]bool{}, map[model.ID]bool{}
	for _, id := range c.Stages {
		if j, i := w.find.stage(id); j != nil {
			s := j.Stages[i]
			if err := stageCaps(s); err != nil {
				return err
			}
			if err := w.exec(sqlUpsertStage, stageArgs(j, s, i)...); err != nil {
				return err
			}
			stageSiblings[j.ID] = true
			continue
		}
		jid, err := w.journeyOf(sqlStageJourney, id)
		if err != nil {
			return err
		}
		if err := w.exec(sqlDeleteStage, string(id)); err != nil {
			return err
		}
		stageSiblings[jid] = true
	}
	for _, id := range c.Lanes {
		if j, i := w.find.lane(id); j != nil {
			l := j.Lanes[i]
			if err := laneCaps(l); err != nil {
				return err
			}
			if err := w.exec(sqlUpsertLane, laneArgs(j, l, i)...); err != nil {
				return err
			}
			laneSiblings[j.ID] = true
			continue
		}
		jid, err := w.journeyOf(sqlLaneJourney, id)
		if err != nil {
			return err
		}
		if err := w.exec(sqlDeleteLane, string(id)); err != nil {
			return err
		}
		laneSiblings[jid] = true
	}
	for _, j := range p.Journeys {
		if stageSiblings[j.ID] {
			for i, s := range j.Stages {
				if err := w.exec(sqlPositionStage, i, string(s.ID)); err != nil {
					return err
				}
			}
		}
		if laneSiblings[j.ID] {
			for i, l := range j.Lanes {
				if err := w.exec(sqlPositionLane, i, string(l.ID)); err != nil {
					return err
				}
			}
		}
	}

	for _, id := range c.Touchpoints {
		if err := w.exec(sqlDeleteEmotions, string(id)); err != nil {
			return err
		}
		j, t := w.find.touchpoint(id)
		if t == nil {
			if err := w.exec(sqlDeleteTouchpoint, string(id)); err != nil {
				return err
			}
			continue
		}
		if err := touchpointCaps(t); err != nil {
			return err
		}
		if err := w.exec(sqlUpsertTouchpoint, touchpointArgs(j, t)...); err != nil {
			return err
		}
		var keys [16]model.ID
		for _, pid := range sortedKeys(t.Emotions, keys[:]) {
			if err := w.exec(sqlInsertEmotion, string(t.ID), string(pid), t.Emotions[pid]); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeJourney upserts a journey row and rewrites its persona list.
func (w *committer) writeJourney(j *model.Journey, pos int) error {
	if err := journeyCaps(j); err != nil {
		return err
	}
	if err := w.exec(sqlUpsertJourney, journeyArgs(j, pos)...); err != nil {
		return err
	}
	if err := w.exec(sqlDeleteJourneyPeople, string(j.ID)); err != nil {
		return err
	}
	for k, pid := range j.PersonaIDs {
		if err := w.exec(sqlInsertJourneyPersona, string(j.ID), string(pid), k); err != nil {
			return err
		}
	}
	if err := w.writeFigures(j); err != nil {
		return err
	}
	return w.writeLenses(j)
}

// writeFigures rewrites a journey's behaviour rows unless the working copy
// holds its figures already.
func (w *committer) writeFigures(j *model.Journey) error {
	now := writtenFigures{j.Behaviour, j.PreviousBehaviour}
	if have := w.held(j.ID); have.figuresKnown && have.figures == now {
		return nil
	}
	if err := w.exec(sqlDeleteBehaviour, string(j.ID)); err != nil {
		return err
	}
	for _, f := range figureSlots(j) {
		data, err := figuresJSON(j, f)
		if err != nil {
			return err
		}
		if err := w.exec(sqlInsertBehaviour, string(j.ID), f.slot, data); err != nil {
			return err
		}
	}
	rec := w.recorded(j.ID)
	rec.figures, rec.figuresKnown = now, true
	return nil
}

// recorded is this commit's record of a journey's rows, starting from what
// the working copy held before it.
func (w *committer) recorded(id model.ID) *writtenJourney {
	if w.wrote == nil {
		w.wrote = map[model.ID]*writtenJourney{}
	}
	if rec := w.wrote[id]; rec != nil {
		return rec
	}
	rec := &writtenJourney{}
	*rec = w.held(id)
	w.wrote[id] = rec
	return rec
}

// held is what the working copy holds of a journey's rows as of this
// commit's writes so far.
func (w *committer) held(id model.ID) writtenJourney {
	if rec, ok := w.wrote[id]; ok {
		if rec == nil {
			return writtenJourney{} // deleted by this commit
		}
		return *rec
	}
	return w.written[id]
}

// forget records that a journey's rows are gone.
func (w *committer) forget(id model.ID) {
	if w.wrote == nil {
		w.wrote = map[model.ID]*writtenJourney{}
	}
	w.wrote[id] = nil
}

type identified interface {
	*model.Image | *model.Persona | *model.Journey
}

func indexOf[T identified](list []T, id model.ID) int {
	for i, x := range list {
		var xid model.ID
		switch v := any(x).(type) {
		case *model.Image:
			xid = v.ID
		case *model.Persona:
			xid = v.ID
		case *model.Journey:
			xid = v.ID
		}
		if xid == id {
			return i
		}
	}
	return -1
}

// finder locates stages, lanes and touchpoints by ID. A typical edit names
// one or two, and a linear search is cheapest; an edit naming many (a scale
// change rescores every card, a journey is pasted) gets maps built once.
type finder struct {
	p           *model.Project
	stages      map[model.ID]loc
	lanes       map[model.ID]loc
	touchpoints map[model.ID]loc
}

type loc struct {
	j *model.Journey
	i int
}

const linearFindMax = 8

func newFinder(p *model.Project, c model.Changes) *finder {
	f := &finder{p: p}
	if len(c.Stages) > linearFindMax || len(c.Lanes) > linearFindMax {
		f.stages, f.lanes = map[model.ID]loc{}, map[model.ID]loc{}
		for _, j := range p.Journeys {
			for i, s := range j.Stages {
				f.stages[s.ID] = loc{j, i}
			}
			for i, l := range j.Lanes {
				f.lanes[l.ID] = loc{j, i}
			}
		}
	}
	if len(c.Touchpoints) > linearFindMax {
		f.touchpoints = map[model.ID]loc{}
		for _, j := range p.Journeys {
			for i, t := range j.Touchpoints {
				f.touchpoints[t.ID] = loc{j, i}
			}
		}
	}
	return f
}

func (f *finder) stage(id model.ID) (*model.Journey, int) {
	if f.stages != nil {
		l, ok := f.stages[id]
		if !ok {
			return nil, -1
		}
		return l.j, l.i
	}
	for _, j := range f.p.Journeys {
		if i := j.StageIndex(id); i >= 0 {
			return j, i
		}
	}
	return nil, -1
}

func (f *finder) lane(id model.ID) (*model.Journey, int) {
	if f.lanes != nil {
		l, ok := f.lanes[id]
		if !ok {
			return nil, -1
		}
		return l.j, l.i
	}
	for _, j := range f.p.Journeys {
		if i := j.LaneIndex(id); i >= 0 {
			return j, i
		}
	}
	return nil, -1
}

func (f *finder) touchpoint(id model.ID) (*model.Journey, *model.Touchpoint) {
	if f.touchpoints != nil {
		l, ok := f.touchpoints[id]
		if !ok {
			return nil, nil
		}
		return l.j, l.j.Touchpoints[l.i]
	}
	return f.p.FindTouchpoint(id)
}
