package model

import (
	"fmt"
	"slices"
)

// The commands below are the only way the app changes a project. Each keeps
// what it needs to undo itself exactly, including the positions of the
// objects it removes, so that undo returns the very same project.

func insertAt[T any](s []T, i int, v T) []T {
	if i < 0 || i > len(s) {
		i = len(s)
	}
	return slices.Insert(s, i, v)
}

func moveItem[T any](s []T, from, to int) {
	v := s[from]
	if from < to {
		copy(s[from:to], s[from+1:to+1])
	} else {
		copy(s[to+1:from+1], s[to:from])
	}
	s[to] = v
}

func indexOf[T any](s []T, match func(T) bool) int {
	return slices.IndexFunc(s, match)
}

func notFound(kind string, id ID) error { return fmt.Errorf("%s %s does not exist", kind, idText(id)) }

// checkNewID refuses an ID that is empty or already names an object of the
// project, of any kind: Validate wants IDs unique across kinds.
func checkNewID(p *Project, kind string, id ID) error {
	if id == "" {
		return fmt.Errorf("the new %s has no id", kind)
	}
	if err := checkIDRule(kind, id); err != nil {
		return err
	}
	if who := idHolder(p, id); who != "" {
		return fmt.Errorf("%s %s already exists (it is the id of %s)", kind, idText(id), who)
	}
	return nil
}

// idHolder describes the object with the given ID, or returns "".
func idHolder(p *Project, id ID) string {
	if p.ID == id {
		return describe("project", p.Name, p.ID)
	}
	for _, x := range p.Personas {
		if x.ID == id {
			return describe("persona", x.Name, x.ID)
		}
	}
	for _, im := range p.Images {
		if im.ID == id {
			return describe("image", "", im.ID)
		}
	}
	for _, j := range p.Journeys {
		if j.ID == id {
			return describe("journey", j.Title, j.ID)
		}
		for _, s := range j.Stages {
			if s.ID == id {
				return describe("stage", s.Name, s.ID)
			}
		}
		for _, l := range j.Lanes {
			if l.ID == id {
				return describe("lane", l.Name, l.ID)
			}
		}
		for _, t := range j.Touchpoints {
			if t.ID == id {
				return describe("touchpoint", t.Title, t.ID)
			}
		}
	}
	return ""
}

// errNil refuses a command given nothing to work on.
func errNil(kind string) error { return fmt.Errorf("no %s given", kind) }

// checkPhoto refuses a reference to an image the project does not hold.
func checkPhoto(p *Project, id ID) error {
	if id != "" && p.Image(id) == nil {
		return notFound("image", id)
	}
	return nil
}

// checkCard refuses a card whose references or scores the project cannot
// hold: a missing image, a score for a missing persona or off the scale.
func checkCard(p *Project, t *Touchpoint) error {
	if err := checkFields(func(v *validator) { v.card(ref("touchpoint", t.Title, t.ID), t) }); err != nil {
		return err
	}
	if err := checkPhoto(p, t.ImageID); err != nil {
		return err
	}
	find := p.personaFinder(len(t.Emotions))
	for id, score := range t.Emotions {
		if find(id) == nil {
			return notFound("persona", id)
		}
		if !p.Scale.Contains(score) {
			return fmt.Errorf("score %d is outside the emotion scale %s", score, p.Scale)
		}
	}
	return nil
}

// checkPersona refuses a persona whose text Validate would refuse.
func checkPersona(x *Persona) error {
	return checkFields(func(v *validator) { v.persona(ref("persona", x.Name, x.ID), x) })
}

// Batch runs several commands as one undo step (a multi-selection delete, a
// paste). If one fails, those before it are reverted.
type Batch struct {
	Name     string
	Commands []Command
}

// Label implements Command.
func (b *Batch) Label() string { return b.Name }

// Do implements Command.
func (b *Batch) Do(p *Project) error {
	for i, c := range b.Commands {
		err := errNil("command")
		if c != nil {
			err = c.Do(p)
		}
		if err != nil {
			for k := i - 1; k >= 0; k-- {
				b.Commands[k].Undo(p)
			}
			return err
		}
	}
	return nil
}

// Undo implements Command.
func (b *Batch) Undo(p *Project) {
	for k := len(b.Commands) - 1; k >= 0; k-- {
		b.Commands[k].Undo(p)
	}
}

// Changes implements Command.
func (b *Batch) Changes() Changes {
	var c Changes
	for _, x := range b.Commands {
		c = c.Merge(x.Changes())
	}
	return c
}

// Edited implements cardEditor: the cards its commands changed.
func (b *Batch) Edited() []ID {
	var ids []ID
	for _, x := range b.Commands {
		ids = unionIDs(ids, EditedCards(x))
	}
	return ids
}

// ---- project ----

// RenameProject changes the project's name. Consecutive renames with the
// same non-empty Merge key coalesce (typing in the name field).
type RenameProject struct {
	Name   string
	Merge  string
	before string
}

// Label implements Command.
func (c *RenameProject) Label() string { return "Rename project" }

// Do implements Command.
func (c *RenameProject) Do(p *Project) error {
	if err := checkFields(func(v *validator) { v.text(ref("project", c.Name, p.ID), "name", c.Name, MaxNameBytes, "a name") }); err != nil {
		return err
	}
	c.before, p.Name = p.Name, c.Name
	return nil
}

// Undo implements Command.
func (c *RenameProject) Undo(p *Project) { p.Name = c.before }

// Changes implements Command.
func (c *RenameProject) Changes() Changes { return Changes{Project: true} }

// Coalesce implements Coalescer.
func (c *RenameProject) Coalesce(next Command) bool {
	n, ok := next.(*RenameProject)
	if !ok || c.Merge == "" || n.Merge != c.Merge {
		return false
	}
	c.Name = n.Name
	return true
}

// ChangeScale switches the project to another emotion scale and rescales
// every score onto it. Undo restores the exact scores, not a round trip.
type ChangeScale struct {
	To     Scale
	before Scale
	scores map[ID]map[ID]int
}

// Label implements Command.
func (c *ChangeScale) Label() string { return "Change emotion scale" }

// Do implements Command.
func (c *ChangeScale) Do(p *Project) error {
	if !c.To.IsPreset() {
		return fmt.Errorf("emotion scale %s is not one of the presets", c.To)
	}
	c.before = p.Scale
	c.scores = map[ID]map[ID]int{}
	for _, j := range p.Journeys {
		for _, t := range j.Touchpoints {
			if len(t.Emotions) == 0 {
				continue
			}
			old := make(map[ID]int, len(t.Emotions))
			for k, v := range t.Emotions {
				old[k] = v
				t.Emotions[k] = p.Scale.Convert(v, c.To)
			}
			c.scores[t.ID] = old
		}
	}
	p.Scale = c.To
	return nil
}

// Undo implements Command.
func (c *ChangeScale) Undo(p *Project) {
	p.Scale = c.before
	for _, j := range p.Journeys {
		for _, t := range j.Touchpoints {
			if old, ok := c.scores[t.ID]; ok {
				for k, v := range old {
					t.Emotions[k] = v
				}
			}
		}
	}
}

// Changes implements Command.
func (c *ChangeScale) Changes() Changes {
	ids := make([]ID, 0, len(c.scores))
	for id := range c.scores {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return Changes{Project: true, Touchpoints: ids}
}

// ---- personas ----

// AddPersona adds a persona to the project, at Index (-1: at the end).
type AddPersona struct {
	Persona *Persona
	Index   int
}

// Label implements Command.
func (c *AddPersona) Label() string { return "Add persona" }

// Do implements Command.
func (c *AddPersona) Do(p *Project) error {
	if c.Persona == nil {
		return errNil("persona")
	}
	if err := checkNewID(p, "persona", c.Persona.ID); err != nil {
		return err
	}
	if err := checkRoom(p, Counts{Personas: 1}); err != nil {
		return err
	}
	if err := checkPersona(c.Persona); err != nil {
		return err
	}
	if err := checkPhoto(p, c.Persona.PhotoID); err != nil {
		return err
	}
	p.Personas = insertAt(p.Personas, c.Index, c.Persona)
	return nil
}

// Undo implements Command.
func (c *AddPersona) Undo(p *Project) {
	p.Personas = slices.DeleteFunc(p.Personas, func(x *Persona) bool { return x.ID == c.Persona.ID })
}

// Changes implements Command.
func (c *AddPersona) Changes() Changes { return Changes{Personas: []ID{c.Persona.ID}} }

// UpdatePersona replaces a persona's fields. Commands with the same non-empty
// Merge key on the same persona coalesce (typing).
type UpdatePersona struct {
	After  Persona
	Merge  string
	before Persona
}

// Label implements Command.
func (c *UpdatePersona) Label() string { return "Edit persona" }

// Do implements Command.
func (c *UpdatePersona) Do(p *Project) error {
	x := p.Persona(c.After.ID)
	if x == nil {
		return notFound("persona", c.After.ID)
	}
	if err := checkPersona(&c.After); err != nil {
		return err
	}
	if err := checkPhoto(p, c.After.PhotoID); err != nil {
		return err
	}
	c.before, *x = *x, c.After
	return nil
}

// Undo implements Command.
func (c *UpdatePersona) Undo(p *Project) {
	if x := p.Persona(c.before.ID); x != nil {
		*x = c.before
	}
}

// Changes implements Command.
func (c *UpdatePersona) Changes() Changes { return Changes{Personas: []ID{c.After.ID}} }

// Coalesce implements Coalescer.
func (c *UpdatePersona) Coalesce(next Command) bool {
	n, ok := next.(*UpdatePersona)
	if !ok || c.Merge == "" || n.Merge != c.Merge || n.After.ID != c.After.ID {
		return false
	}
	c.After = n.After
	return true
}

// DeletePersona removes a persona, its scores and its place in journeys.
type DeletePersona struct {
	ID       ID
	index    int
	persona  *Persona
	journeys map[ID]int     // journey -> index in PersonaIDs
	scores   map[ID]int     // touchpoint -> score
	touched  []ID           // touchpoints whose scores were removed
	jtouched []ID           // journeys that lost the persona or a lens's persona
	lenses   map[ID][]*Lens // journey -> its saved lenses before, when one named the persona
}

// Label implements Command.
func (c *DeletePersona) Label() string { return "Delete persona" }

// Do implements Command.
func (c *DeletePersona) Do(p *Project) error {
	c.index = indexOf(p.Personas, func(x *Persona) bool { return x.ID == c.ID })
	if c.index < 0 {
		return notFound("persona", c.ID)
	}
	c.persona = p.Personas[c.index]
	p.Personas = slices.Delete(p.Personas, c.index, c.index+1)
	c.journeys, c.scores, c.touched, c.jtouched, c.lenses = map[ID]int{}, map[ID]int{}, nil, nil, map[ID][]*Lens{}
	for _, j := range p.Journeys {
		i := slices.Index(j.PersonaIDs, c.ID)
		if i >= 0 {
			c.journeys[j.ID] = i
			j.PersonaIDs = slices.Delete(j.PersonaIDs, i, i+1)
		}
		// A saved lens of the persona becomes one of everybody.
		if slices.ContainsFunc(j.Lenses, func(l *Lens) bool { return l.Persona == c.ID }) {
			c.lenses[j.ID] = j.Lenses
			j.Lenses = slices.Clone(j.Lenses)
			for k, l := range j.Lenses {
				if l.Persona == c.ID {
					l = l.Clone()
					l.Persona = ""
					j.Lenses[k] = l
				}
			}
		}
		if i >= 0 || c.lenses[j.ID] != nil {
			c.jtouched = append(c.jtouched, j.ID)
		}
		for _, t := range j.Touchpoints {
			if s, ok := t.Emotions[c.ID]; ok {
				c.scores[t.ID] = s
				c.touched = append(c.touched, t.ID)
				delete(t.Emotions, c.ID)
			}
		}
	}
	return nil
}

// Undo implements Command.
func (c *DeletePersona) Undo(p *Project) {
	p.Personas = insertAt(p.Personas, c.index, c.persona)
	for _, j := range p.Journeys {
		if i, ok := c.journeys[j.ID]; ok {
			j.PersonaIDs = insertAt(j.PersonaIDs, i, c.ID)
		}
		if l, ok := c.lenses[j.ID]; ok {
			j.Lenses = l
		}
		for _, t := range j.Touchpoints {
			if s, ok := c.scores[t.ID]; ok {
				if t.Emotions == nil {
					t.Emotions = map[ID]int{}
				}
				t.Emotions[c.ID] = s
			}
		}
	}
}

// Changes implements Command.
func (c *DeletePersona) Changes() Changes {
	return Changes{Personas: []ID{c.ID}, Journeys: c.jtouched, Touchpoints: c.touched}
}

// MovePersona moves a persona to another place in the project's list.
type MovePersona struct {
	ID   ID
	To   int
	from int
}

// Label implements Command.
func (c *MovePersona) Label() string { return "Reorder personas" }

// Do implements Command.
func (c *MovePersona) Do(p *Project) error {
	c.from = indexOf(p.Personas, func(x *Persona) bool { return x.ID == c.ID })
	if c.from < 0 {
		return notFound("persona", c.ID)
	}
	if c.To < 0 || c.To >= len(p.Personas) {
		return fmt.Errorf("persona position %d is outside 0..%d", c.To, len(p.Personas)-1)
	}
	moveItem(p.Personas, c.from, c.To)
	return nil
}

// Undo implements Command.
func (c *MovePersona) Undo(p *Project) { moveItem(p.Personas, c.To, c.from) }

// Changes implements Command.
func (c *MovePersona) Changes() Changes { return Changes{Personas: []ID{c.ID}} }

// AttachPersona draws a journey for a persona (Attach) or stops doing so.
// Detaching keeps the persona's scores on the cards; they show again when
// the persona is attached again.
type AttachPersona struct {
	Journey ID
	Persona ID
	Attach  bool
	index   int
	changed bool
}

// Label implements Command.
func (c *AttachPersona) Label() string {
	if c.Attach {
		return "Attach persona"
	}
	return "Detach persona"
}

// Do implements Command.
func (c *AttachPersona) Do(p *Project) error {
	j := p.Journey(c.Journey)
	if j == nil {
		return notFound("journey", c.Journey)
	}
	if p.Persona(c.Persona) == nil {
		return notFound("persona", c.Persona)
	}
	c.index = slices.Index(j.PersonaIDs, c.Persona)
	c.changed = (c.index < 0) == c.Attach
	if !c.changed {
		return nil
	}
	if c.Attach {
		if err := checkRoom(p, Counts{JourneyPersonas: 1}); err != nil {
			return err
		}
		j.PersonaIDs = append(j.PersonaIDs, c.Persona)
	} else {
		j.PersonaIDs = slices.Delete(j.PersonaIDs, c.index, c.index+1)
	}
	return nil
}

// Undo implements Command.
func (c *AttachPersona) Undo(p *Project) {
	j := p.Journey(c.Journey)
	if j == nil || !c.changed {
		return
	}
	if c.Attach {
		j.PersonaIDs = j.PersonaIDs[:len(j.PersonaIDs)-1]
	} else {
		j.PersonaIDs = insertAt(j.PersonaIDs, c.index, c.Persona)
	}
}

// Changes implements Command.
func (c *AttachPersona) Changes() Changes { return Changes{Journeys: []ID{c.Journey}} }

// ---- images ----

// AddImage stores an image in the project. Images are immutable; a persona
// or touchpoint refers to one by ID.
type AddImage struct{ Image *Image }

// Label implements Command.
func (c *AddImage) Label() string { return "Add image" }

// Do implements Command.
func (c *AddImage) Do(p *Project) error {
	if c.Image == nil {
		return errNil("image")
	}
	if err := checkNewID(p, "image", c.Image.ID); err != nil {
		return err
	}
	if err := checkRoom(p, Counts{Images: 1}); err != nil {
		return err
	}
	// An image DecodeJSON would refuse must not get in, or the project could
	// be saved but not opened again.
	if err := c.Image.Check(); err != nil {
		return err
	}
	p.Images = append(p.Images, c.Image)
	return nil
}

// Undo implements Command.
func (c *AddImage) Undo(p *Project) {
	p.Images = slices.DeleteFunc(p.Images, func(x *Image) bool { return x.ID == c.Image.ID })
}

// Changes implements Command.
func (c *AddImage) Changes() Changes { return Changes{Images: []ID{c.Image.ID}} }

// RemoveImage drops an image nothing refers to any more.
type RemoveImage struct {
	ID    ID
	index int
	image *Image
}

// Label implements Command.
func (c *RemoveImage) Label() string { return "Remove image" }

// Do implements Command.
func (c *RemoveImage) Do(p *Project) error {
	c.index = indexOf(p.Images, func(x *Image) bool { return x.ID == c.ID })
	if c.index < 0 {
		return notFound("image", c.ID)
	}
	if who := imageUser(p, c.ID); who != "" {
		return fmt.Errorf("image %s is still used by %s", c.ID, who)
	}
	c.image = p.Images[c.index]
	p.Images = slices.Delete(p.Images, c.index, c.index+1)
	return nil
}

// Undo implements Command.
func (c *RemoveImage) Undo(p *Project) { p.Images = insertAt(p.Images, c.index, c.image) }

// Changes implements Command.
func (c *RemoveImage) Changes() Changes { return Changes{Images: []ID{c.ID}} }

func imageUser(p *Project, id ID) string {
	for _, x := range p.Personas {
		if x.PhotoID == id {
			return fmt.Sprintf("persona %q", x.Name)
		}
	}
	for _, j := range p.Journeys {
		for _, t := range j.Touchpoints {
			if t.ImageID == id {
				return fmt.Sprintf("touchpoint %q", t.Title)
			}
		}
	}
	return ""
}
