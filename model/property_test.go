package model

import (
	"bytes"
	"fmt"
	"math/rand"
	"reflect"
	"runtime/debug"
	"slices"
	"sync/atomic"
	"testing"
)

// gen makes random commands against the current state of a project. Most are
// meant to succeed; some refer to things that do not exist or are out of
// range, and must fail without changing anything.
type gen struct {
	r    *rand.Rand
	n    int
	imgs [3]*Image
}

var words = []string{"pay", "search", "cart", "login", "wait", "email", "call", "refund", "ship", "café", "ünïcode", "a b"}

func (g *gen) id(prefix string) ID { g.n++; return ID(fmt.Sprintf("%s-%d", prefix, g.n)) }
func (g *gen) chance(pct int) bool { return g.r.Intn(100) < pct }
func (g *gen) word() string        { return words[g.r.Intn(len(words))] }
func (g *gen) text() string {
	s := g.word()
	for g.chance(40) {
		s += " " + g.word()
	}
	if g.chance(10) {
		s += "\nsecond line"
	}
	return s
}
func (g *gen) color() string {
	if g.chance(40) {
		return ""
	}
	return fmt.Sprintf("#%06x", g.r.Intn(1<<24))
}
func (g *gen) missing() ID { return g.id("missing") }

func pick[T any](g *gen, s []T) (T, bool) {
	var zero T
	if len(s) == 0 {
		return zero, false
	}
	return s[g.r.Intn(len(s))], true
}

func (g *gen) journey(p *Project) *Journey {
	j, _ := pick(g, p.Journeys)
	return j
}

func allTouchpoints(p *Project) []*Touchpoint {
	var out []*Touchpoint
	for _, j := range p.Journeys {
		out = append(out, j.Touchpoints...)
	}
	return out
}

func allStages(p *Project) []*Stage {
	var out []*Stage
	for _, j := range p.Journeys {
		out = append(out, j.Stages...)
	}
	return out
}

func allLanes(p *Project) []*Lane {
	var out []*Lane
	for _, j := range p.Journeys {
		out = append(out, j.Lanes...)
	}
	return out
}

func (g *gen) imageRef(p *Project) ID {
	if im, ok := pick(g, p.Images); ok && g.chance(30) {
		return im.ID
	}
	return ""
}

func (g *gen) emotions(p *Project) map[ID]int {
	if g.chance(30) {
		return nil
	}
	m := map[ID]int{}
	for _, x := range p.Personas {
		if g.chance(60) {
			m[x.ID] = p.Scale.Min + g.r.Intn(p.Scale.Steps())
		}
	}
	return m
}

// content fills every field of a card but its place.
func (g *gen) content(p *Project, t *Touchpoint) {
	t.Title = g.text()
	t.Notes, t.Channel, t.Owner, t.Evidence = "", "", "", ""
	if g.chance(50) {
		t.Notes = g.text()
	}
	if g.chance(30) {
		t.Channel = g.word()
	}
	if g.chance(30) {
		t.Owner = g.word()
	}
	if g.chance(30) {
		t.Evidence = g.text()
	}
	t.Emotions = g.emotions(p)
	t.PainPoint, t.Opportunity, t.MomentOfTruth = g.chance(30), g.chance(30), g.chance(20)
	t.Tags, t.EvidenceLinks = nil, nil
	for g.chance(40) {
		t.Tags = append(t.Tags, g.word())
	}
	for g.chance(20) {
		t.EvidenceLinks = append(t.EvidenceLinks, "https://example.com/"+string(g.id("e")))
	}
	t.Confidence = []Confidence{"", Assumption, Anecdotal, Validated}[g.r.Intn(4)]
	t.Color = g.color()
	t.ImageID = g.imageRef(p)
}

func (g *gen) newStage() *Stage {
	return &Stage{ID: g.id("s"), Name: g.text(), Description: g.text(), Color: g.color()}
}

func (g *gen) newLane() *Lane {
	return &Lane{ID: g.id("l"), Name: g.text(), Kind: LaneKinds[g.r.Intn(len(LaneKinds))], Hidden: g.chance(20)}
}

func (g *gen) newJourney(p *Project) *Journey {
	j := &Journey{ID: g.id("j"), Title: g.text(), Description: g.text()}
	for _, x := range p.Personas {
		if g.chance(50) {
			j.PersonaIDs = append(j.PersonaIDs, x.ID)
		}
	}
	for n := g.r.Intn(4); n > 0; n-- {
		j.Stages = append(j.Stages, g.newStage())
	}
	for n := g.r.Intn(4); n > 0; n-- {
		j.Lanes = append(j.Lanes, g.newLane())
	}
	if len(j.Stages) > 0 && len(j.Lanes) > 0 {
		for n := g.r.Intn(6); n > 0; n-- {
			t := &Touchpoint{ID: g.id("t"), StageID: j.Stages[g.r.Intn(len(j.Stages))].ID,
				LaneID: j.Lanes[g.r.Intn(len(j.Lanes))].ID}
			t.Order = len(j.Cell(t.StageID, t.LaneID))
			g.content(p, t)
			j.Touchpoints = append(j.Touchpoints, t)
		}
	}
	return j
}

func (g *gen) newPersona(p *Project) *Persona {
	return &Persona{ID: g.id("per"), Name: g.text(), Role: g.word(), Quote: g.text(), Goals: g.text(),
		Frustrations: g.text(), PhotoID: g.imageRef(p)}
}

// cards picks 1..3 cards of one journey, sometimes with a bad one.
func (g *gen) cards(p *Project) (*Journey, []ID) {
	var js []*Journey
	for _, j := range p.Journeys {
		if len(j.Touchpoints) > 0 {
			js = append(js, j)
		}
	}
	j, ok := pick(g, js)
	if !ok {
		return nil, []ID{g.missing()}
	}
	var ids []ID
	for n := 1 + g.r.Intn(3); n > 0; n-- {
		t, _ := pick(g, j.Touchpoints)
		ids = append(ids, t.ID)
	}
	if g.chance(8) {
		ids = append(ids, g.missing())
	}
	if g.chance(8) {
		if t, ok := pick(g, allTouchpoints(p)); ok {
			ids = append(ids, t.ID) // perhaps from another journey
		}
	}
	g.r.Shuffle(len(ids), func(a, b int) { ids[a], ids[b] = ids[b], ids[a] })
	return j, ids
}

const numKinds = 31

// command returns a random command of the given kind (0..numKinds-1).
func (g *gen) command(p *Project, kind int) Command {
	bad := g.chance(7) // refer to something missing
	switch kind {
	case 0, 1: // AddTouchpoint
		j := g.journey(p)
		if j == nil || len(j.Stages) == 0 || len(j.Lanes) == 0 {
			return &AddTouchpoint{Journey: g.missing(), Touchpoint: &Touchpoint{ID: g.id("t"), Title: "x"}}
		}
		s, _ := pick(g, j.Stages)
		l, _ := pick(g, j.Lanes)
		t := &Touchpoint{ID: g.id("t"), StageID: s.ID, LaneID: l.ID, Order: g.r.Intn(len(j.Cell(s.ID, l.ID))+4) - 2}
		g.content(p, t)
		if bad {
			if g.chance(50) {
				t.StageID = g.missing()
			} else if o, ok := pick(g, allLanes(p)); ok {
				t.LaneID = o.ID // perhaps another journey's lane
			}
		}
		return &AddTouchpoint{Journey: j.ID, Touchpoint: t}
	case 2:
		_, ids := g.cards(p)
		return &DeleteTouchpoints{IDs: ids}
	case 3, 4: // MoveTouchpoints
		j, ids := g.cards(p)
		c := &MoveTouchpoints{IDs: ids, Index: g.r.Intn(7) - 1}
		if j == nil {
			c.Stage, c.Lane = g.missing(), g.missing()
			return c
		}
		if first := j.Touchpoint(ids[0]); first != nil && g.chance(40) {
			c.Stage, c.Lane = first.StageID, first.LaneID // within the cell
		} else {
			s, _ := pick(g, j.Stages)
			l, _ := pick(g, j.Lanes)
			c.Stage, c.Lane = s.ID, l.ID
		}
		if bad {
			c.Stage = g.missing()
		}
		return c
	case 5, 6: // UpdateTouchpoint
		t, ok := pick(g, allTouchpoints(p))
		if !ok || bad {
			return &UpdateTouchpoint{After: &Touchpoint{ID: g.missing(), Title: "x"}}
		}
		after := t.Clone()
		if g.chance(50) {
			after.Title = g.text()
		} else {
			g.content(p, after)
		}
		// Place fields are ignored by UpdateTouchpoint.
		after.StageID, after.LaneID, after.Order = g.missing(), g.missing(), g.r.Intn(50)-10
		return &UpdateTouchpoint{After: after, Merge: []string{"", "title", "notes"}[g.r.Intn(3)]}
	case 7, 8: // SetEmotion
		t, ok1 := pick(g, allTouchpoints(p))
		x, ok2 := pick(g, p.Personas)
		if !ok1 || !ok2 {
			return &SetEmotion{Touchpoint: g.missing(), Persona: g.missing()}
		}
		c := &SetEmotion{Touchpoint: t.ID, Persona: x.ID, Score: p.Scale.Min - 1 + g.r.Intn(p.Scale.Steps()+2),
			Clear: g.chance(20)}
		if bad {
			c.Persona = g.missing()
		}
		return c
	case 9: // AddStage
		j := g.journey(p)
		if j == nil || bad {
			return &AddStage{Journey: g.missing(), Item: g.newStage()}
		}
		return &AddStage{Journey: j.ID, Item: g.newStage(), Index: g.r.Intn(len(j.Stages)+3) - 1}
	case 10: // UpdateStage
		s, ok := pick(g, allStages(p))
		if !ok || bad {
			return &UpdateStage{After: g.newStage()}
		}
		v := *s
		v.Name, v.Color = g.text(), g.color()
		return &UpdateStage{After: &v, Merge: []string{"", "name"}[g.r.Intn(2)]}
	case 11: // MoveStage
		s, ok := pick(g, allStages(p))
		if !ok {
			return &MoveStage{ID: g.missing()}
		}
		j, _ := p.FindStage(s.ID)
		return &MoveStage{ID: s.ID, To: g.r.Intn(len(j.Stages)+2) - 1}
	case 12: // DeleteStage
		s, ok := pick(g, allStages(p))
		if !ok || bad {
			return &DeleteStage{ID: g.missing()}
		}
		return &DeleteStage{ID: s.ID}
	case 13: // AddLane
		j := g.journey(p)
		if j == nil || bad {
			return &AddLane{Journey: g.missing(), Item: g.newLane()}
		}
		return &AddLane{Journey: j.ID, Item: g.newLane(), Index: g.r.Intn(len(j.Lanes)+3) - 1}
	case 14: // UpdateLane
		l, ok := pick(g, allLanes(p))
		if !ok || bad {
			return &UpdateLane{After: g.newLane()}
		}
		v := *l
		v.Name, v.Kind, v.Hidden = g.text(), LaneKinds[g.r.Intn(len(LaneKinds))], g.chance(50)
		return &UpdateLane{After: &v, Merge: []string{"", "name"}[g.r.Intn(2)]}
	case 15: // MoveLane
		l, ok := pick(g, allLanes(p))
		if !ok {
			return &MoveLane{ID: g.missing()}
		}
		j, _ := p.FindLane(l.ID)
		return &MoveLane{ID: l.ID, To: g.r.Intn(len(j.Lanes)+2) - 1}
	case 16: // DeleteLane
		l, ok := pick(g, allLanes(p))
		if !ok || bad {
			return &DeleteLane{ID: g.missing()}
		}
		return &DeleteLane{ID: l.ID}
	case 17: // AddJourney, new or a copy
		var j *Journey
		if src := g.journey(p); src != nil && g.chance(50) {
			j = CopyJourney(src)
		} else {
			j = g.newJourney(p)
		}
		if bad {
			if o := g.journey(p); o != nil {
				j.ID = o.ID
			}
		}
		return &AddJourney{Journey: j, Index: g.r.Intn(len(p.Journeys)+3) - 1}
	case 18:
		j := g.journey(p)
		if j == nil || bad {
			return &DeleteJourney{ID: g.missing()}
		}
		return &DeleteJourney{ID: j.ID}
	case 19:
		j := g.journey(p)
		if j == nil || bad {
			return &UpdateJourney{ID: g.missing(), Title: "x"}
		}
		return &UpdateJourney{ID: j.ID, Title: g.text(), Description: g.text(), Merge: []string{"", "title"}[g.r.Intn(2)]}
	case 20:
		j := g.journey(p)
		if j == nil {
			return &MoveJourney{ID: g.missing()}
		}
		return &MoveJourney{ID: j.ID, To: g.r.Intn(len(p.Journeys)+2) - 1}
	case 21: // AddPersona
		x := g.newPersona(p)
		if bad {
			if o, ok := pick(g, p.Personas); ok {
				x.ID = o.ID
			}
		}
		return &AddPersona{Persona: x, Index: g.r.Intn(len(p.Personas)+3) - 1}
	case 22: // UpdatePersona
		x, ok := pick(g, p.Personas)
		if !ok || bad {
			return &UpdatePersona{After: Persona{ID: g.missing(), Name: "x"}}
		}
		v := *x
		v.Name, v.Quote, v.PhotoID = g.text(), g.text(), g.imageRef(p)
		return &UpdatePersona{After: v, Merge: []string{"", "name"}[g.r.Intn(2)]}
	case 23:
		x, ok := pick(g, p.Personas)
		if !ok || bad {
			return &DeletePersona{ID: g.missing()}
		}
		return &DeletePersona{ID: x.ID}
	case 24:
		x, ok := pick(g, p.Personas)
		if !ok {
			return &MovePersona{ID: g.missing()}
		}
		return &MovePersona{ID: x.ID, To: g.r.Intn(len(p.Personas)+2) - 1}
	case 25: // AttachPersona, both ways
		j := g.journey(p)
		x, ok := pick(g, p.Personas)
		if j == nil || !ok {
			return &AttachPersona{Journey: g.missing(), Persona: g.missing(), Attach: true}
		}
		c := &AttachPersona{Journey: j.ID, Persona: x.ID, Attach: g.chance(50)}
		if bad {
			c.Persona = g.missing()
		}
		return c
	case 26:
		to := ScalePresets[g.r.Intn(len(ScalePresets))]
		if bad {
			to = Scale{0, 3}
		}
		return &ChangeScale{To: to}
	case 27:
		return &RenameProject{Name: g.text()}
	case 28:
		im := copyImage(g.imgs[g.r.Intn(len(g.imgs))], g.id("img"))
		if bad {
			if o, ok := pick(g, p.Images); ok {
				im.ID = o.ID
			}
		}
		return &AddImage{Image: im}
	case 29:
		im, ok := pick(g, p.Images)
		if !ok || bad {
			return &RemoveImage{ID: g.missing()}
		}
		return &RemoveImage{ID: im.ID}
	default: // Batch of commands made from the same state
		b := &Batch{Name: "Batch"}
		for n := 2 + g.r.Intn(3); n > 0; n-- {
			b.Commands = append(b.Commands, g.command(p, g.r.Intn(numKinds-1)))
		}
		return b
	}
}

// historyState is what the project must look like at one history index.
type historyState struct {
	json []byte
	proj *Project
}

func captureState(t testing.TB, p *Project) historyState {
	return historyState{mustEncode(t, p), normalized(p)}
}

func checkState(t *testing.T, what string, p *Project, want historyState) {
	t.Helper()
	checkEncoded(t, what, mustEncode(t, p), p, want)
}

// checkEncoded is checkState for a project whose encoding is at hand.
func checkEncoded(t *testing.T, what string, got []byte, p *Project, want historyState) {
	t.Helper()
	if !bytes.Equal(got, want.json) {
		t.Fatalf("%s: JSON differs: %s", what, firstDiff(string(want.json), string(got)))
	}
	if ok, diff := sameProject(want.proj, p); !ok {
		t.Fatalf("%s: structure differs: %s", what, diff)
	}
}

// TestUndoRedoProperty applies random command sequences through History and
// checks that every state can be reached again by undo and redo, exactly.
func TestUndoRedoProperty(t *testing.T) {
	seqs := 200
	if testing.Short() {
		seqs = 40
	}
	// The test allocates a lot of short-lived JSON; collecting less often
	// saves a third of its time and costs a few MB.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	imgs := testImages(t)
	var kindsDone, kindsFailed [numKinds]atomic.Int64
	t.Run("seeds", func(t *testing.T) {
		for seed := int64(1); seed <= int64(seqs); seed++ {
			t.Run(fmt.Sprint(seed), func(t *testing.T) {
				t.Parallel()
				runSequence(t, seed, imgs, &kindsDone, &kindsFailed)
			})
		}
	})
	if t.Failed() {
		return
	}
	// The generator must really exercise every kind, both ways.
	done, failed := make([]int64, numKinds), make([]int64, numKinds)
	for k := range numKinds {
		done[k], failed[k] = kindsDone[k].Load(), kindsFailed[k].Load()
		if done[k] == 0 {
			t.Errorf("command kind %d never succeeded", k)
		}
	}
	t.Logf("done per kind %v, failed per kind %v", done, failed)
}

// runSequence applies one random sequence of commands, undos and redos.
func runSequence(t *testing.T, seed int64, imgs [3]*Image, kindsDone, kindsFailed *[numKinds]atomic.Int64) {
	{
		g := &gen{r: rand.New(rand.NewSource(seed)), imgs: imgs}
		p := richProject(t)
		if seed%5 == 0 {
			p = smallProject()
		}
		journal := newRecordingJournal(t, p)
		h := NewHistory(p, journal)
		states := []historyState{captureState(t, p)} // states[i]: the project at history index i
		// encoded returns the project's encoding, reusing the journal's when
		// it committed since it had n commits.
		encoded := func(n int) []byte {
			if len(journal.commits) > n {
				return journal.lastJSON
			}
			return mustEncode(t, p)
		}
		steps := 1 + g.r.Intn(60)
		for step := 0; step < steps; step++ {
			where := fmt.Sprintf("seed %d step %d", seed, step)
			switch r := g.r.Intn(100); {
			case r < 10 && h.CanUndo():
				for n := 1 + g.r.Intn(3); n > 0 && h.CanUndo(); n-- {
					journal.label = where + " undo " + h.UndoLabel()
					n := len(journal.commits)
					if ok, err := h.Undo(); !ok || err != nil {
						t.Fatalf("%s: Undo = %v, %v", where, ok, err)
					}
					checkEncoded(t, where+" after undo", encoded(n), p, states[h.index])
				}
				continue
			case r < 17 && h.CanRedo():
				for n := 1 + g.r.Intn(3); n > 0 && h.CanRedo(); n-- {
					journal.label = where + " redo " + h.RedoLabel()
					n := len(journal.commits)
					if ok, err := h.Redo(); !ok || err != nil {
						t.Fatalf("%s: Redo = %v, %v", where, ok, err)
					}
					checkEncoded(t, where+" after redo", encoded(n), p, states[h.index])
				}
				continue
			case r < 22:
				h.Seal()
			}
			kind := g.r.Intn(numKinds)
			c := g.command(p, kind)
			where += fmt.Sprintf(" %T %+v", c, c)
			journal.label = where
			before := states[h.index] // checked after the last step
			idx := h.index
			n := len(journal.commits)
			if err := h.Do(c); err != nil {
				kindsFailed[kind].Add(1)
				checkState(t, where+": failed Do ("+err.Error()+") changed the project", p, before)
				if h.index != idx {
					t.Fatalf("%s: failed Do moved the history", where)
				}
				continue
			}
			kindsDone[kind].Add(1)
			if err := p.Validate(); err != nil {
				t.Fatalf("%s: invalid after Do: %v", where, err)
			}
			now := historyState{encoded(n), normalized(p)}
			switch h.index {
			case idx: // coalesced into the last step
				if idx == 0 {
					t.Fatalf("%s: coalesced with nothing", where)
				}
				states[idx] = now
			case idx + 1:
				states = append(states[:idx+1], now)
			default:
				t.Fatalf("%s: history index went from %d to %d", where, idx, h.index)
			}
			if len(h.items) != h.index {
				t.Fatalf("%s: redo steps survive a new command", where)
			}
		}
		// Everything the project went through was journaled.
		if got := snapshot(t, p); !reflect.DeepEqual(got, journal.last) {
			t.Fatalf("seed %d: the project changed without a journal commit", seed)
		}
		for h.CanUndo() {
			journal.label = fmt.Sprintf("seed %d final undo %s", seed, h.UndoLabel())
			n := len(journal.commits)
			if ok, err := h.Undo(); !ok || err != nil {
				t.Fatalf("seed %d: Undo = %v, %v", seed, ok, err)
			}
			if err := p.Validate(); err != nil {
				t.Fatalf("seed %d: invalid after undo: %v", seed, err)
			}
			checkEncoded(t, fmt.Sprintf("seed %d undo to %d", seed, h.index), encoded(n), p, states[h.index])
		}
		checkState(t, fmt.Sprintf("seed %d: undo all", seed), p, states[0])
		for h.CanRedo() {
			journal.label = fmt.Sprintf("seed %d final redo %s", seed, h.RedoLabel())
			n := len(journal.commits)
			if ok, err := h.Redo(); !ok || err != nil {
				t.Fatalf("seed %d: Redo = %v, %v", seed, ok, err)
			}
			if err := p.Validate(); err != nil {
				t.Fatalf("seed %d: invalid after redo: %v", seed, err)
			}
			checkEncoded(t, fmt.Sprintf("seed %d redo to %d", seed, h.index), encoded(n), p, states[h.index])
		}
		checkState(t, fmt.Sprintf("seed %d: redo all", seed), p, states[len(states)-1])
		if len(journal.problems) > 0 {
			t.Fatalf("seed %d: %d commits missed changed objects, first: %s", seed, len(journal.problems), journal.problems[0])
		}
	}
}

// TestUncoveredHelper checks the checker: what counts as named by Changes.
func TestUncoveredHelper(t *testing.T) {
	p := richProject(t)
	before := snapshot(t, p)
	j := p.Journeys[0]
	moveItem(j.Stages, 0, 2) // j1-s1 goes last; j1-s2 and j1-s3 shift up
	after := snapshot(t, p)
	if miss := uncovered(before, after, Changes{Stages: []ID{"j1-s1"}}); len(miss) != 0 {
		t.Fatalf("a named move leaves %v uncovered", miss)
	}
	if miss := uncovered(before, after, Changes{Stages: []ID{"j2-s1"}}); len(miss) != 3 {
		t.Fatalf("a stage of another journey covers the move: missing %v", miss)
	}
	j.Stages[1].Name = "Renamed" // j1-s3, which also shifted
	after = snapshot(t, p)
	if miss := uncovered(before, after, Changes{Stages: []ID{"j1-s1"}}); !slices.Equal(miss, []string{"stage j1-s3"}) {
		t.Fatalf("a renamed sibling counts as covered: missing %v", miss)
	}
	_, tp := p.FindTouchpoint("j1-t01")
	tp.Order = 7
	p.Name = "x"
	after = snapshot(t, p)
	miss := uncovered(before, after, Changes{Stages: []ID{"j1-s1", "j1-s3"}, Touchpoints: []ID{"j1-t02"}})
	if !slices.Equal(miss, []string{"project", "touchpoint j1-t01"}) {
		t.Fatalf("missing %v, want the project and the reordered card", miss)
	}
}
