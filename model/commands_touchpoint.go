package model

import (
	"fmt"
	"slices"
)

// place is where a card stands: its cell and its order inside it.
type place struct {
	stage, lane ID
	order       int
}

// placements remembers the places of cards before a command moved them, so
// undo can put every card of every affected cell back exactly.
type placements map[ID]place

func (pl placements) remember(cards ...*Touchpoint) {
	for _, t := range cards {
		if _, ok := pl[t.ID]; !ok {
			pl[t.ID] = place{t.StageID, t.LaneID, t.Order}
		}
	}
}

func (pl placements) restore(j *Journey) {
	for _, t := range j.Touchpoints {
		if at, ok := pl[t.ID]; ok {
			t.StageID, t.LaneID, t.Order = at.stage, at.lane, at.order
		}
	}
}

func (pl placements) ids() []ID {
	ids := make([]ID, 0, len(pl))
	for id := range pl {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// renumber makes the orders of one cell dense (0..n-1), keeping their sequence.
func renumber(cell []*Touchpoint) {
	for i, t := range cell {
		t.Order = i
	}
}

// AddTouchpoint puts a new card into its cell at Touchpoint.Order (clamped
// to the cell), moving the cards after it down by one.
type AddTouchpoint struct {
	Journey    ID
	Touchpoint *Touchpoint
	moved      placements
}

// Label implements Command.
func (c *AddTouchpoint) Label() string { return "Add card" }

// Do implements Command.
func (c *AddTouchpoint) Do(p *Project) error {
	j := p.Journey(c.Journey)
	if j == nil {
		return notFound("journey", c.Journey)
	}
	t := c.Touchpoint
	if t == nil {
		return errNil("touchpoint")
	}
	if j.Stage(t.StageID) == nil {
		return notFound("stage", t.StageID)
	}
	if j.Lane(t.LaneID) == nil {
		return notFound("lane", t.LaneID)
	}
	if err := checkHoldsCards(j.Lane(t.LaneID)); err != nil {
		return err
	}
	if err := checkNewID(p, "touchpoint", t.ID); err != nil {
		return err
	}
	if err := checkCard(p, t); err != nil {
		return err
	}
	if err := checkScores(j, len(t.Emotions)); err != nil {
		return err
	}
	if err := checkRoom(p, Counts{Touchpoints: 1, Scores: int64(len(t.Emotions))}); err != nil {
		return err
	}
	cell := j.Cell(t.StageID, t.LaneID)
	c.moved = placements{}
	c.moved.remember(cell...)
	at := min(max(t.Order, 0), len(cell))
	cell = slices.Insert(cell, at, t)
	renumber(cell)
	j.Touchpoints = append(j.Touchpoints, t)
	return nil
}

// Undo implements Command.
func (c *AddTouchpoint) Undo(p *Project) {
	j := p.Journey(c.Journey)
	if j == nil {
		return
	}
	j.Touchpoints = slices.DeleteFunc(j.Touchpoints, func(x *Touchpoint) bool { return x == c.Touchpoint })
	c.moved.restore(j)
}

// Changes implements Command.
func (c *AddTouchpoint) Changes() Changes {
	return Changes{Touchpoints: append(c.moved.ids(), c.Touchpoint.ID)}
}

// Edited implements cardEditor: the new card, not those it shifted.
func (c *AddTouchpoint) Edited() []ID { return []ID{c.Touchpoint.ID} }

// DeleteTouchpoints removes cards, closing the gaps they leave in their cells.
type DeleteTouchpoints struct {
	IDs     []ID
	journey *Journey
	cards   []removedCard
	moved   placements
}

// Label implements Command.
func (c *DeleteTouchpoints) Label() string {
	if len(c.IDs) == 1 {
		return "Delete card"
	}
	return fmt.Sprintf("Delete %d cards", len(c.IDs))
}

// Do implements Command.
func (c *DeleteTouchpoints) Do(p *Project) error {
	j, err := journeyOfAll(p, c.IDs)
	if err != nil {
		return err
	}
	del := setOf(c.IDs)
	c.journey, c.moved = j, placements{}
	cells := map[[2]ID]bool{}
	for _, t := range j.Touchpoints {
		if del[t.ID] {
			cells[[2]ID{t.StageID, t.LaneID}] = true
		}
	}
	for cell := range cells {
		c.moved.remember(j.Cell(cell[0], cell[1])...)
	}
	c.cards = removeCards(j, func(t *Touchpoint) bool { return del[t.ID] })
	for cell := range cells {
		renumber(j.Cell(cell[0], cell[1]))
	}
	return nil
}

// Undo implements Command.
func (c *DeleteTouchpoints) Undo(p *Project) {
	restoreCards(c.journey, c.cards)
	c.moved.restore(c.journey)
}

// Changes implements Command.
func (c *DeleteTouchpoints) Changes() Changes { return Changes{Touchpoints: c.moved.ids()} }

// Edited implements cardEditor: the cards left beside the deleted ones
// were only renumbered.
func (c *DeleteTouchpoints) Edited() []ID { return nil }

func setOf(ids []ID) map[ID]bool {
	m := make(map[ID]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// journeyOfAll finds the one journey holding every listed card.
func journeyOfAll(p *Project, ids []ID) (*Journey, error) {
	if len(ids) == 0 {
		return nil, fmt.Errorf("no cards given")
	}
	j, _ := p.FindTouchpoint(ids[0])
	if j == nil {
		return nil, notFound("touchpoint", ids[0])
	}
	for _, id := range ids[1:] {
		if j.Touchpoint(id) == nil {
			return nil, fmt.Errorf("touchpoint %s is not in journey %q", id, j.Title)
		}
	}
	return j, nil
}

// MoveTouchpoints moves cards into a cell (Stage × Lane), inserting them at
// Index among the cell's other cards (clamped), in their present reading
// order. The cells they leave close up.
type MoveTouchpoints struct {
	IDs   []ID
	Stage ID
	Lane  ID
	Index int
	j     *Journey
	moved placements
}

// Label implements Command.
func (c *MoveTouchpoints) Label() string {
	if len(c.IDs) == 1 {
		return "Move card"
	}
	return fmt.Sprintf("Move %d cards", len(c.IDs))
}

// Do implements Command.
func (c *MoveTouchpoints) Do(p *Project) error {
	j, err := journeyOfAll(p, c.IDs)
	if err != nil {
		return err
	}
	if j.Stage(c.Stage) == nil {
		return notFound("stage", c.Stage)
	}
	if j.Lane(c.Lane) == nil {
		return notFound("lane", c.Lane)
	}
	if err := checkHoldsCards(j.Lane(c.Lane)); err != nil {
		return err
	}
	c.j, c.moved = j, placements{}
	sel := setOf(c.IDs)
	// The moving cards in reading order: stage, then lane, then order.
	var moving []*Touchpoint
	sources := map[[2]ID]bool{}
	for _, t := range j.Touchpoints {
		if sel[t.ID] {
			moving = append(moving, t)
			sources[[2]ID{t.StageID, t.LaneID}] = true
		}
	}
	slices.SortStableFunc(moving, func(a, b *Touchpoint) int {
		if d := j.StageIndex(a.StageID) - j.StageIndex(b.StageID); d != 0 {
			return d
		}
		if d := j.LaneIndex(a.LaneID) - j.LaneIndex(b.LaneID); d != 0 {
			return d
		}
		return a.Order - b.Order
	})
	for cell := range sources {
		c.moved.remember(j.Cell(cell[0], cell[1])...)
	}
	target := j.Cell(c.Stage, c.Lane)
	c.moved.remember(target...)
	target = slices.DeleteFunc(target, func(t *Touchpoint) bool { return sel[t.ID] })
	at := min(max(c.Index, 0), len(target))
	target = slices.Insert(target, at, moving...)
	for _, t := range moving {
		t.StageID, t.LaneID = c.Stage, c.Lane
	}
	renumber(target)
	for cell := range sources {
		if cell != [2]ID{c.Stage, c.Lane} {
			renumber(j.Cell(cell[0], cell[1]))
		}
	}
	return nil
}

// Undo implements Command.
func (c *MoveTouchpoints) Undo(p *Project) { c.moved.restore(c.j) }

// Changes implements Command.
func (c *MoveTouchpoints) Changes() Changes { return Changes{Touchpoints: c.moved.ids()} }

// Edited implements cardEditor: the moved cards, not those renumbered
// around them.
func (c *MoveTouchpoints) Edited() []ID { return c.IDs }

// UpdateTouchpoint replaces a card's content: everything but its cell and
// order, which only MoveTouchpoints changes. Commands with the same non-empty
// Merge key on the same card coalesce (typing into one field).
type UpdateTouchpoint struct {
	After  *Touchpoint
	Merge  string
	before *Touchpoint
}

// Label implements Command.
func (c *UpdateTouchpoint) Label() string { return "Edit card" }

// Do implements Command.
func (c *UpdateTouchpoint) Do(p *Project) error {
	if c.After == nil {
		return errNil("touchpoint")
	}
	j, t := p.FindTouchpoint(c.After.ID)
	if t == nil {
		return notFound("touchpoint", c.After.ID)
	}
	if err := checkCard(p, c.After); err != nil {
		return err
	}
	if err := checkScores(j, len(c.After.Emotions)-len(t.Emotions)); err != nil {
		return err
	}
	c.before = t.Clone()
	stage, lane, order := t.StageID, t.LaneID, t.Order
	*t = *c.After.Clone()
	t.StageID, t.LaneID, t.Order = stage, lane, order
	return nil
}

// Undo implements Command.
func (c *UpdateTouchpoint) Undo(p *Project) {
	if _, t := p.FindTouchpoint(c.before.ID); t != nil {
		*t = *c.before.Clone()
	}
}

// Changes implements Command.
func (c *UpdateTouchpoint) Changes() Changes { return Changes{Touchpoints: []ID{c.After.ID}} }

// Coalesce implements Coalescer.
func (c *UpdateTouchpoint) Coalesce(next Command) bool {
	n, ok := next.(*UpdateTouchpoint)
	if !ok || c.Merge == "" || n.Merge != c.Merge || n.After.ID != c.After.ID {
		return false
	}
	c.After = n.After
	return true
}

// SetEmotion sets (or with Clear, removes) one persona's score on a card.
// Consecutive commands with the same non-empty Merge key on the same card
// and persona coalesce, so dragging a curve point is one undo step; picks
// without a key (the inspector's) are a step each.
type SetEmotion struct {
	Touchpoint ID
	Persona    ID
	Score      int
	Clear      bool
	Merge      string
	before     int
	had        bool
}

// Label implements Command.
func (c *SetEmotion) Label() string { return "Change emotion" }

// Do implements Command.
func (c *SetEmotion) Do(p *Project) error {
	j, t := p.FindTouchpoint(c.Touchpoint)
	if t == nil {
		return notFound("touchpoint", c.Touchpoint)
	}
	if p.Persona(c.Persona) == nil {
		return notFound("persona", c.Persona)
	}
	if !c.Clear && !p.Scale.Contains(c.Score) {
		return fmt.Errorf("score %d is outside the emotion scale %s", c.Score, p.Scale)
	}
	c.before, c.had = t.Emotions[c.Persona]
	if !c.Clear && !c.had {
		if err := checkScores(j, 1); err != nil {
			return err
		}
	}
	if c.Clear {
		delete(t.Emotions, c.Persona)
		return nil
	}
	if t.Emotions == nil {
		t.Emotions = map[ID]int{}
	}
	t.Emotions[c.Persona] = c.Score
	return nil
}

// Undo implements Command.
func (c *SetEmotion) Undo(p *Project) {
	_, t := p.FindTouchpoint(c.Touchpoint)
	if t == nil {
		return
	}
	if c.had {
		t.Emotions[c.Persona] = c.before
	} else {
		delete(t.Emotions, c.Persona)
	}
}

// Changes implements Command.
func (c *SetEmotion) Changes() Changes { return Changes{Touchpoints: []ID{c.Touchpoint}} }

// Coalesce implements Coalescer.
func (c *SetEmotion) Coalesce(next Command) bool {
	n, ok := next.(*SetEmotion)
	if !ok || c.Merge == "" || n.Merge != c.Merge || n.Touchpoint != c.Touchpoint || n.Persona != c.Persona {
		return false
	}
	c.Score, c.Clear = n.Score, n.Clear
	return true
}
