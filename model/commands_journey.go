package model

import (
	"fmt"
	"slices"
)

// ---- journeys ----

// AddJourney adds a journey (a new tab) at Index (-1: at the end).
type AddJourney struct {
	Journey *Journey
	Index   int
}

// Label implements Command.
func (c *AddJourney) Label() string { return "Add journey" }

// Do implements Command.
func (c *AddJourney) Do(p *Project) error {
	if c.Journey == nil {
		return errNil("journey")
	}
	if err := checkNewID(p, "journey", c.Journey.ID); err != nil {
		return err
	}
	if err := checkNewJourney(p, c.Journey); err != nil {
		return err
	}
	if err := checkRoom(p, journeyCounts(c.Journey)); err != nil {
		return err
	}
	p.Journeys = insertAt(p.Journeys, c.Index, c.Journey)
	return nil
}

// Undo implements Command.
func (c *AddJourney) Undo(p *Project) {
	p.Journeys = slices.DeleteFunc(p.Journeys, func(x *Journey) bool { return x.ID == c.Journey.ID })
}

// Changes implements Command.
func (c *AddJourney) Changes() Changes { return journeyChanges(c.Journey) }

func journeyChanges(j *Journey) Changes {
	c := Changes{Journeys: []ID{j.ID}}
	for _, s := range j.Stages {
		c.Stages = append(c.Stages, s.ID)
	}
	for _, l := range j.Lanes {
		c.Lanes = append(c.Lanes, l.ID)
	}
	for _, t := range j.Touchpoints {
		c.Touchpoints = append(c.Touchpoints, t.ID)
	}
	return c
}

// DeleteJourney removes a journey with everything in it.
type DeleteJourney struct {
	ID      ID
	index   int
	journey *Journey
}

// Label implements Command.
func (c *DeleteJourney) Label() string { return "Delete journey" }

// Do implements Command.
func (c *DeleteJourney) Do(p *Project) error {
	c.index = indexOf(p.Journeys, func(x *Journey) bool { return x.ID == c.ID })
	if c.index < 0 {
		return notFound("journey", c.ID)
	}
	c.journey = p.Journeys[c.index]
	p.Journeys = slices.Delete(p.Journeys, c.index, c.index+1)
	return nil
}

// Undo implements Command.
func (c *DeleteJourney) Undo(p *Project) { p.Journeys = insertAt(p.Journeys, c.index, c.journey) }

// Changes implements Command.
func (c *DeleteJourney) Changes() Changes { return journeyChanges(c.journey) }

// UpdateJourney changes a journey's title and description. Commands with the
// same non-empty Merge key on the same journey coalesce (typing).
type UpdateJourney struct {
	ID          ID
	Title       string
	Description string
	Merge       string
	before      [2]string
}

// Label implements Command.
func (c *UpdateJourney) Label() string { return "Edit journey" }

// Do implements Command.
func (c *UpdateJourney) Do(p *Project) error {
	j := p.Journey(c.ID)
	if j == nil {
		return notFound("journey", c.ID)
	}
	if err := checkFields(func(v *validator) { v.journeyText(ref("journey", c.Title, c.ID), c.Title, c.Description) }); err != nil {
		return err
	}
	c.before = [2]string{j.Title, j.Description}
	j.Title, j.Description = c.Title, c.Description
	return nil
}

// Undo implements Command.
func (c *UpdateJourney) Undo(p *Project) {
	if j := p.Journey(c.ID); j != nil {
		j.Title, j.Description = c.before[0], c.before[1]
	}
}

// Changes implements Command.
func (c *UpdateJourney) Changes() Changes { return Changes{Journeys: []ID{c.ID}} }

// Coalesce implements Coalescer.
func (c *UpdateJourney) Coalesce(next Command) bool {
	n, ok := next.(*UpdateJourney)
	if !ok || c.Merge == "" || n.Merge != c.Merge || n.ID != c.ID {
		return false
	}
	c.Title, c.Description = n.Title, n.Description
	return true
}

// MoveJourney moves a journey tab to another place.
type MoveJourney struct {
	ID   ID
	To   int
	from int
}

// Label implements Command.
func (c *MoveJourney) Label() string { return "Reorder journeys" }

// Do implements Command.
func (c *MoveJourney) Do(p *Project) error {
	c.from = indexOf(p.Journeys, func(x *Journey) bool { return x.ID == c.ID })
	if c.from < 0 {
		return notFound("journey", c.ID)
	}
	if c.To < 0 || c.To >= len(p.Journeys) {
		return fmt.Errorf("journey position %d is outside 0..%d", c.To, len(p.Journeys)-1)
	}
	moveItem(p.Journeys, c.from, c.To)
	return nil
}

// Undo implements Command.
func (c *MoveJourney) Undo(p *Project) { moveItem(p.Journeys, c.To, c.from) }

// Changes implements Command.
func (c *MoveJourney) Changes() Changes { return Changes{Journeys: []ID{c.ID}} }

// CopyJourney returns a copy of j with fresh IDs for the journey, its stages,
// lanes and touchpoints, for Duplicate journey. Personas and images are shared.
func CopyJourney(j *Journey) *Journey {
	c := j.Clone()
	c.ID = NewID()
	ids := map[ID]ID{}
	for _, s := range c.Stages {
		ids[s.ID] = NewID()
		s.ID = ids[s.ID]
	}
	for _, l := range c.Lanes {
		ids[l.ID] = NewID()
		l.ID = ids[l.ID]
	}
	for _, t := range c.Touchpoints {
		t.ID = NewID()
		t.StageID, t.LaneID = ids[t.StageID], ids[t.LaneID]
	}
	// The figures follow their stages to the copy's IDs.
	newStage := func(id ID) ID {
		if n, ok := ids[id]; ok {
			return n
		}
		return id
	}
	c.Behaviour = c.Behaviour.withStageIDs(newStage)
	c.PreviousBehaviour = c.PreviousBehaviour.withStageIDs(newStage)
	return c
}

// ---- stages and lanes ----
// Stages (columns) and lanes (rows) behave alike; one generic implementation
// serves both, and the exported names say which is meant.

// axisItem is a stage or a lane.
type axisItem interface {
	*Stage | *Lane
	itemID() ID
	kindName() string
	copyFrom(src any)
	holds(t *Touchpoint) bool
	isNil() bool
	check(v *validator)
}

// check runs Validate's checks of the item's own fields.
func (s *Stage) check(v *validator) { v.stage(ref("stage", s.Name, s.ID), s) }
func (l *Lane) check(v *validator)  { v.lane(ref("lane", l.Name, l.ID), l) }

func (s *Stage) itemID() ID                { return s.ID }
func (s *Stage) kindName() string          { return "stage" }
func (s *Stage) copyFrom(src any)          { *s = *src.(*Stage) }
func (s *Stage) holds(t *Touchpoint) bool  { return t.StageID == s.ID }
func (l *Lane) itemID() ID                 { return l.ID }
func (l *Lane) kindName() string           { return "lane" }
func (l *Lane) copyFrom(src any)           { *l = *src.(*Lane) }
func (l *Lane) holds(t *Touchpoint) bool   { return t.LaneID == l.ID }
func (s *Stage) isNil() bool               { return s == nil }
func (l *Lane) isNil() bool                { return l == nil }
func axisList[T axisItem](j *Journey) *[]T { return any(axisField[T](j)).(*[]T) }
func axisField[T axisItem](j *Journey) any {
	var zero T
	if _, ok := any(zero).(*Stage); ok {
		return &j.Stages
	}
	return &j.Lanes
}

func axisChanges[T axisItem](ids []ID) Changes {
	var zero T
	if _, ok := any(zero).(*Stage); ok {
		return Changes{Stages: ids}
	}
	return Changes{Lanes: ids}
}

func findAxis[T axisItem](p *Project, id ID) (*Journey, int) {
	for _, j := range p.Journeys {
		if i := indexOf(*axisList[T](j), func(x T) bool { return x.itemID() == id }); i >= 0 {
			return j, i
		}
	}
	return nil, -1
}

// AddStage adds a column; AddLane adds a row.
type (
	AddStage = addAxis[*Stage]
	AddLane  = addAxis[*Lane]
)

type addAxis[T axisItem] struct {
	Journey ID
	Item    T
	Index   int // -1: at the end
}

func (c *addAxis[T]) Label() string { return "Add " + c.Item.kindName() }

func (c *addAxis[T]) Do(p *Project) error {
	j := p.Journey(c.Journey)
	if j == nil {
		return notFound("journey", c.Journey)
	}
	if c.Item.isNil() {
		return errNil(c.Item.kindName())
	}
	if err := checkNewID(p, c.Item.kindName(), c.Item.itemID()); err != nil {
		return err
	}
	if err := checkFields(c.Item.check); err != nil {
		return err
	}
	// A column or row more must not make more cells than a map can draw.
	stages, lanes := len(j.Stages), len(j.Lanes)
	if c.Item.kindName() == "stage" {
		stages++
	} else {
		lanes++
	}
	if p := CellsProblem(stages, lanes); p != "" {
		return fmt.Errorf("%s cannot have another %s: %s", describe("journey", j.Title, j.ID), c.Item.kindName(), p)
	}
	more := Counts{Lanes: 1}
	if c.Item.kindName() == "stage" {
		more = Counts{Stages: 1}
	}
	if err := checkRoom(p, more); err != nil {
		return err
	}
	l := axisList[T](j)
	*l = insertAt(*l, c.Index, c.Item)
	return nil
}

func (c *addAxis[T]) Undo(p *Project) {
	if j := p.Journey(c.Journey); j != nil {
		l := axisList[T](j)
		*l = slices.DeleteFunc(*l, func(x T) bool { return x.itemID() == c.Item.itemID() })
	}
}

func (c *addAxis[T]) Changes() Changes { return axisChanges[T]([]ID{c.Item.itemID()}) }

// UpdateStage replaces a stage's fields; UpdateLane a lane's. Commands with
// the same non-empty Merge key on the same item coalesce (typing).
type (
	UpdateStage = updateAxis[*Stage]
	UpdateLane  = updateAxis[*Lane]
)

type updateAxis[T axisItem] struct {
	After  T
	Merge  string
	before T
}

func (c *updateAxis[T]) Label() string { return "Edit " + c.After.kindName() }

func (c *updateAxis[T]) Do(p *Project) error {
	if c.After.isNil() {
		return errNil(c.After.kindName())
	}
	j, i := findAxis[T](p, c.After.itemID())
	if j == nil {
		return notFound(c.After.kindName(), c.After.itemID())
	}
	if err := checkFields(c.After.check); err != nil {
		return err
	}
	cur := (*axisList[T](j))[i]
	if l, ok := any(c.After).(*Lane); ok && !l.Kind.HoldsCards() && any(cur).(*Lane).Kind.HoldsCards() {
		if slices.ContainsFunc(j.Touchpoints, l.holds) {
			return fmt.Errorf("%s holds cards, and a behaviour lane shows figures, not cards: move its cards to another lane first", describe("lane", l.Name, l.ID))
		}
	}
	if c.before == nil {
		c.before = newAxis[T]()
	}
	c.before.copyFrom(cur)
	cur.copyFrom(c.After)
	return nil
}

func newAxis[T axisItem]() T {
	var zero T
	if _, ok := any(zero).(*Stage); ok {
		return any(&Stage{}).(T)
	}
	return any(&Lane{}).(T)
}

func (c *updateAxis[T]) Undo(p *Project) {
	if j, i := findAxis[T](p, c.before.itemID()); j != nil {
		(*axisList[T](j))[i].copyFrom(c.before)
	}
}

func (c *updateAxis[T]) Changes() Changes { return axisChanges[T]([]ID{c.After.itemID()}) }

func (c *updateAxis[T]) Coalesce(next Command) bool {
	n, ok := next.(*updateAxis[T])
	if !ok || c.Merge == "" || n.Merge != c.Merge || n.After.itemID() != c.After.itemID() {
		return false
	}
	c.After = n.After
	return true
}

// MoveStage moves a column; MoveLane moves a row.
type (
	MoveStage = moveAxis[*Stage]
	MoveLane  = moveAxis[*Lane]
)

type moveAxis[T axisItem] struct {
	ID      ID
	To      int
	from    int
	journey ID
}

func (c *moveAxis[T]) Label() string {
	return "Reorder " + newAxis[T]().kindName() + "s"
}

func (c *moveAxis[T]) Do(p *Project) error {
	j, i := findAxis[T](p, c.ID)
	if j == nil {
		return notFound(newAxis[T]().kindName(), c.ID)
	}
	l := *axisList[T](j)
	if c.To < 0 || c.To >= len(l) {
		return fmt.Errorf("%s position %d is outside 0..%d", newAxis[T]().kindName(), c.To, len(l)-1)
	}
	c.from, c.journey = i, j.ID
	moveItem(l, c.from, c.To)
	return nil
}

func (c *moveAxis[T]) Undo(p *Project) {
	if j := p.Journey(c.journey); j != nil {
		moveItem(*axisList[T](j), c.To, c.from)
	}
}

func (c *moveAxis[T]) Changes() Changes { return axisChanges[T]([]ID{c.ID}) }

// DeleteStage removes a column and the cards in it; DeleteLane a row.
type (
	DeleteStage = deleteAxis[*Stage]
	DeleteLane  = deleteAxis[*Lane]
)

type deleteAxis[T axisItem] struct {
	ID      ID
	journey ID
	index   int
	item    T
	cards   []removedCard
	// figures are the journey's behaviour figures before a deleted stage
	// was taken out of them (refigured), for Undo.
	figures   [2]*Behaviour
	refigured bool
}

// removedCard remembers where a deleted touchpoint stood in the slice.
type removedCard struct {
	index int
	card  *Touchpoint
}

func (c *deleteAxis[T]) Label() string { return "Delete " + newAxis[T]().kindName() }

func (c *deleteAxis[T]) Do(p *Project) error {
	j, i := findAxis[T](p, c.ID)
	if j == nil {
		return notFound(newAxis[T]().kindName(), c.ID)
	}
	l := axisList[T](j)
	c.journey, c.index, c.item = j.ID, i, (*l)[i]
	*l = slices.Delete(*l, i, i+1)
	c.cards = removeCards(j, c.item.holds)
	// Figures of a deleted stage stay, no longer tied to a stage of the
	// map, so that Validate still passes.
	c.figures, c.refigured = [2]*Behaviour{j.Behaviour, j.PreviousBehaviour}, false
	if c.item.kindName() == "stage" {
		untie := func(id ID) ID {
			if id == c.ID {
				return ""
			}
			return id
		}
		j.Behaviour, j.PreviousBehaviour = j.Behaviour.withStageIDs(untie), j.PreviousBehaviour.withStageIDs(untie)
		c.refigured = j.Behaviour != c.figures[0] || j.PreviousBehaviour != c.figures[1]
	}
	return nil
}

// removeCards takes the touchpoints matching from j, remembering their slice
// positions so undo can put them back exactly.
func removeCards(j *Journey, match func(*Touchpoint) bool) []removedCard {
	var out []removedCard
	kept := j.Touchpoints[:0]
	for i, t := range j.Touchpoints {
		if match(t) {
			out = append(out, removedCard{i, t})
		} else {
			kept = append(kept, t)
		}
	}
	for k := len(kept); k < len(j.Touchpoints); k++ {
		j.Touchpoints[k] = nil
	}
	j.Touchpoints = kept
	return out
}

func restoreCards(j *Journey, cards []removedCard) {
	for _, rc := range cards {
		j.Touchpoints = insertAt(j.Touchpoints, rc.index, rc.card)
	}
}

func (c *deleteAxis[T]) Undo(p *Project) {
	j := p.Journey(c.journey)
	if j == nil {
		return
	}
	l := axisList[T](j)
	*l = insertAt(*l, c.index, c.item)
	restoreCards(j, c.cards)
	if c.refigured {
		j.Behaviour, j.PreviousBehaviour = c.figures[0], c.figures[1]
	}
}

func (c *deleteAxis[T]) Changes() Changes {
	ch := axisChanges[T]([]ID{c.ID})
	for _, rc := range c.cards {
		ch.Touchpoints = append(ch.Touchpoints, rc.card.ID)
	}
	if c.refigured {
		ch.Journeys = []ID{c.journey}
	}
	return ch
}
