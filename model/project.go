// Package model holds a Waymark project: personas, journeys, stages, lanes and
// touchpoints, and the commands that change them. It is pure Go on purpose: no
// Fyne, no SQL, no PDF, so that the board, the file and the poster all share
// one understanding of a journey map and it can be tested alone.
package model

import (
	"slices"
	"time"

	"github.com/google/uuid"
)

// ID is a stable identifier. IDs survive saving, export and import, so that two
// versions of a file can be compared object by object.
type ID string

// NewID returns a fresh random ID.
func NewID() ID { return ID(uuid.NewString()) }

// Project is everything a .cjm file holds.
type Project struct {
	ID       ID
	Name     string
	Scale    Scale
	Personas []*Persona
	Journeys []*Journey
	// Images are stored inside the project so that a file is self-contained.
	// Personas and touchpoints refer to them by ID.
	Images []*Image
}

// Persona is a kind of customer a journey is drawn for.
type Persona struct {
	ID           ID
	Name         string
	Role         string
	Quote        string
	Goals        string
	Frustrations string
	PhotoID      ID // empty: no photo
}

// Journey is one map: stages across, lanes down, touchpoints in the cells.
type Journey struct {
	ID          ID
	Title       string
	Description string
	Stages      []*Stage
	Lanes       []*Lane
	Touchpoints []*Touchpoint
	// PersonaIDs are the personas this journey is drawn for, in legend order.
	PersonaIDs []ID
	// Behaviour is what the latest import of an event log found for this
	// journey, and PreviousBehaviour what the import before it found, so
	// that each figure can show its change; nil when there was none. Both
	// are immutable values: a command replaces a pointer, never changes
	// what it points to, so copies of the journey may share them.
	Behaviour, PreviousBehaviour *Behaviour
	// Lenses are the journey's saved views, in the order the lens menu
	// lists them. Each is an immutable value: SaveLens replaces a pointer.
	Lenses []*Lens
	// Owner is who answers for the journey (a team or a person), and
	// ReviewBy the day it should be looked at again (UTC midnight; zero:
	// none), so that a stale map shows.
	Owner    string
	ReviewBy time.Time
}

// Stage is a column of the map.
type Stage struct {
	ID          ID
	Name        string
	Description string
	Color       string // "#rrggbb", empty for the theme's default
}

// LaneKind says what a lane holds; the board and the poster draw kinds
// differently (the emotions lane carries the curve).
type LaneKind string

// The lane kinds a journey can have.
const (
	LaneChannel       LaneKind = "channel"
	LaneActions       LaneKind = "actions"
	LaneThoughts      LaneKind = "thoughts"
	LaneEmotions      LaneKind = "emotions"
	LanePainPoints    LaneKind = "pain_points"
	LaneOpportunities LaneKind = "opportunities"
	LaneStakeholders  LaneKind = "stakeholders"
	LaneBackstage     LaneKind = "backstage"
	LaneEvidence      LaneKind = "evidence"
	LaneCustom        LaneKind = "custom"
	// LaneBehaviour shows the journey's behaviour figures (reach bars,
	// drop-offs, channel mix), not cards: cards cannot be put in it.
	LaneBehaviour LaneKind = "behaviour"
)

// LaneKinds lists every kind in the order a picker shows them.
var LaneKinds = []LaneKind{LaneChannel, LaneActions, LaneThoughts, LaneEmotions, LanePainPoints,
	LaneOpportunities, LaneStakeholders, LaneBackstage, LaneEvidence, LaneBehaviour, LaneCustom}

// HoldsCards reports whether cards may be put in a lane of kind k: every
// kind but the behaviour lane, which shows figures.
func (k LaneKind) HoldsCards() bool { return k != LaneBehaviour }

// Valid reports whether k is one of LaneKinds.
func (k LaneKind) Valid() bool {
	for _, v := range LaneKinds {
		if v == k {
			return true
		}
	}
	return false
}

// Label is the kind as a person reads it.
func (k LaneKind) Label() string {
	switch k {
	case LaneChannel:
		return "Channel"
	case LaneActions:
		return "Actions"
	case LaneThoughts:
		return "Thoughts"
	case LaneEmotions:
		return "Emotions"
	case LanePainPoints:
		return "Pain points"
	case LaneOpportunities:
		return "Opportunities"
	case LaneStakeholders:
		return "Stakeholders"
	case LaneBackstage:
		return "Backstage"
	case LaneEvidence:
		return "Evidence"
	case LaneBehaviour:
		return "Behaviour"
	}
	return "Custom"
}

// Lane is a row of the map.
type Lane struct {
	ID     ID
	Name   string
	Kind   LaneKind
	Hidden bool
}

// Confidence says how well the evidence behind a touchpoint holds.
type Confidence string

// Evidence confidence levels, weakest first.
const (
	Assumption Confidence = "assumption"
	Anecdotal  Confidence = "anecdotal"
	Validated  Confidence = "validated"
)

// Valid reports whether c is one of the three levels.
func (c Confidence) Valid() bool { return c == Assumption || c == Anecdotal || c == Validated }

// Touchpoint is a card in one cell (stage × lane) of a journey.
type Touchpoint struct {
	ID      ID
	StageID ID
	LaneID  ID
	// Order is the card's place inside its cell, 0 first. Commands keep the
	// orders of a cell dense (0..n-1).
	Order   int
	Title   string
	Notes   string
	Channel string
	// Emotions maps persona ID to score. A persona missing from the map has
	// not scored this touchpoint, which is not the same as neutral.
	Emotions      map[ID]int
	PainPoint     bool
	Opportunity   bool
	MomentOfTruth bool
	Owner         string
	Tags          []string
	Evidence      string
	EvidenceLinks []string
	Confidence    Confidence
	Color         string
	ImageID       ID
	// Impact and Effort rate a pain point or opportunity for the priority
	// view and the backlog, 1 (least) to MaxPriority; 0 is not rated.
	Impact, Effort int
	// Changed is when the card last changed (UTC, whole seconds), set by
	// History for every card a command touches; zero when unknown (a card
	// from before Waymark kept it).
	Changed time.Time
}

// Image is a picture stored in the project (persona photo, touchpoint image),
// already re-encoded and size-capped when it was added.
type Image struct {
	ID     ID
	MIME   string // image/png or image/jpeg
	Width  int
	Height int
	Data   []byte
}

// Score returns the touchpoint's score for a persona and whether it has one.
func (t *Touchpoint) Score(persona ID) (int, bool) {
	s, ok := t.Emotions[persona]
	return s, ok
}

// Clone returns a deep copy, so commands can keep a before-image that later
// edits cannot reach.
func (t *Touchpoint) Clone() *Touchpoint {
	c := *t
	if t.Emotions != nil {
		c.Emotions = make(map[ID]int, len(t.Emotions))
		for k, v := range t.Emotions {
			c.Emotions[k] = v
		}
	}
	c.Tags = append([]string(nil), t.Tags...)
	c.EvidenceLinks = append([]string(nil), t.EvidenceLinks...)
	return &c
}

// Clone returns a deep copy of the journey. The behaviour figures are
// shared: they are immutable (see Journey.Behaviour).
func (j *Journey) Clone() *Journey {
	c := &Journey{ID: j.ID, Title: j.Title, Description: j.Description,
		PersonaIDs: append([]ID(nil), j.PersonaIDs...), Behaviour: j.Behaviour, PreviousBehaviour: j.PreviousBehaviour,
		Lenses: slices.Clone(j.Lenses), Owner: j.Owner, ReviewBy: j.ReviewBy}
	for _, s := range j.Stages {
		v := *s
		c.Stages = append(c.Stages, &v)
	}
	for _, l := range j.Lanes {
		v := *l
		c.Lanes = append(c.Lanes, &v)
	}
	for _, t := range j.Touchpoints {
		c.Touchpoints = append(c.Touchpoints, t.Clone())
	}
	return c
}

// Clone returns a deep copy of the project. Image bytes are shared: images
// are never changed in place, only added and removed.
func (p *Project) Clone() *Project {
	c := &Project{ID: p.ID, Name: p.Name, Scale: p.Scale}
	for _, x := range p.Personas {
		v := *x
		c.Personas = append(c.Personas, &v)
	}
	for _, j := range p.Journeys {
		c.Journeys = append(c.Journeys, j.Clone())
	}
	for _, im := range p.Images {
		v := *im
		c.Images = append(c.Images, &v)
	}
	return c
}

// Persona returns the persona with the given ID, or nil.
func (p *Project) Persona(id ID) *Persona {
	for _, x := range p.Personas {
		if x.ID == id {
			return x
		}
	}
	return nil
}

// personaFinder returns Persona, or for many lookups in a large cast the
// same answers from a map built once, so that ten thousand personas cost no
// quadratic time.
func (p *Project) personaFinder(lookups int) func(ID) *Persona {
	if lookups*len(p.Personas) <= 4096 {
		return p.Persona
	}
	byID := make(map[ID]*Persona, len(p.Personas))
	for _, x := range p.Personas {
		if _, seen := byID[x.ID]; !seen { // the first, as Persona finds it
			byID[x.ID] = x
		}
	}
	return func(id ID) *Persona { return byID[id] }
}

// Journey returns the journey with the given ID, or nil.
func (p *Project) Journey(id ID) *Journey {
	for _, j := range p.Journeys {
		if j.ID == id {
			return j
		}
	}
	return nil
}

// Image returns the image with the given ID, or nil.
func (p *Project) Image(id ID) *Image {
	for _, im := range p.Images {
		if im.ID == id {
			return im
		}
	}
	return nil
}

// Stage returns the stage with the given ID, or nil.
func (j *Journey) Stage(id ID) *Stage {
	for _, s := range j.Stages {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// StageIndex returns the column of a stage, or -1.
func (j *Journey) StageIndex(id ID) int {
	for i, s := range j.Stages {
		if s.ID == id {
			return i
		}
	}
	return -1
}

// Lane returns the lane with the given ID, or nil.
func (j *Journey) Lane(id ID) *Lane {
	for _, l := range j.Lanes {
		if l.ID == id {
			return l
		}
	}
	return nil
}

// LaneIndex returns the row of a lane, or -1.
func (j *Journey) LaneIndex(id ID) int {
	for i, l := range j.Lanes {
		if l.ID == id {
			return i
		}
	}
	return -1
}

// Touchpoint returns the touchpoint with the given ID, or nil.
func (j *Journey) Touchpoint(id ID) *Touchpoint {
	for _, t := range j.Touchpoints {
		if t.ID == id {
			return t
		}
	}
	return nil
}

// TouchpointIndex returns the position of a touchpoint in j.Touchpoints, or -1.
func (j *Journey) TouchpointIndex(id ID) int {
	for i, t := range j.Touchpoints {
		if t.ID == id {
			return i
		}
	}
	return -1
}

// Cell returns the touchpoints of one stage × lane cell in card order.
func (j *Journey) Cell(stage, lane ID) []*Touchpoint {
	var out []*Touchpoint
	for _, t := range j.Touchpoints {
		if t.StageID == stage && t.LaneID == lane {
			out = append(out, t)
		}
	}
	sortByOrder(out)
	return out
}

// JourneyPersonas returns the personas journey j is drawn for that exist,
// in legend order: the order of its curves, badges and export columns.
func (p *Project) JourneyPersonas(j *Journey) []*Persona {
	var out []*Persona
	find := p.personaFinder(len(j.PersonaIDs))
	for _, id := range j.PersonaIDs {
		if x := find(id); x != nil {
			out = append(out, x)
		}
	}
	return out
}

// HasPersona reports whether the journey is drawn for the persona.
func (j *Journey) HasPersona(id ID) bool {
	for _, x := range j.PersonaIDs {
		if x == id {
			return true
		}
	}
	return false
}

// FindTouchpoint returns the journey holding a touchpoint and the touchpoint.
func (p *Project) FindTouchpoint(id ID) (*Journey, *Touchpoint) {
	for _, j := range p.Journeys {
		if t := j.Touchpoint(id); t != nil {
			return j, t
		}
	}
	return nil, nil
}

// FindStage returns the journey holding a stage and the stage.
func (p *Project) FindStage(id ID) (*Journey, *Stage) {
	for _, j := range p.Journeys {
		if s := j.Stage(id); s != nil {
			return j, s
		}
	}
	return nil, nil
}

// FindLane returns the journey holding a lane and the lane.
func (p *Project) FindLane(id ID) (*Journey, *Lane) {
	for _, j := range p.Journeys {
		if l := j.Lane(id); l != nil {
			return j, l
		}
	}
	return nil, nil
}

// TouchpointCount counts the cards of every journey.
func (p *Project) TouchpointCount() int {
	n := 0
	for _, j := range p.Journeys {
		n += len(j.Touchpoints)
	}
	return n
}

func sortByOrder(ts []*Touchpoint) {
	// Insertion sort: cells are small and usually already in order.
	for i := 1; i < len(ts); i++ {
		for k := i; k > 0 && ts[k].Order < ts[k-1].Order; k-- {
			ts[k], ts[k-1] = ts[k-1], ts[k]
		}
	}
}
