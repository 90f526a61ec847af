package model

import (
	"errors"
	"fmt"
	"strings"
)

// ValidationError is one problem in a project, naming the object and field so
// that a person can find it: `touchpoint "Pay" (id 12…): stage: refers to a
// stage that does not exist`.
type ValidationError struct {
	Object  string
	Field   string
	Problem string
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("%s: %s: %s", e.Object, e.Field, e.Problem)
}

// maxReported caps how many problems Validate lists; a broken file can have
// thousands and the first ones say enough.
const maxReported = 20

// isColor reports whether s is "#rrggbb".
func isColor(s string) bool {
	if len(s) != 7 || s[0] != '#' {
		return false
	}
	for _, c := range s[1:] {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// objRef names an object in a problem. It is formatted only when a problem
// is reported: validating a large, healthy project builds no strings.
type objRef struct {
	kind, name string
	id         ID
}

func (o objRef) String() string {
	if o.name == "" {
		return fmt.Sprintf("%s %s", o.kind, o.id)
	}
	return fmt.Sprintf("%s %q (id %s)", o.kind, o.name, o.id)
}

func ref(kind, name string, id ID) objRef { return objRef{kind, name, id} }

func describe(kind, name string, id ID) string { return ref(kind, name, id).String() }

type validator struct {
	errs []error
	ids  map[ID]objRef
	// personaIDs are the project's persona IDs, each once, in order.
	personaIDs []ID
}

// setPersonas records the project's personas for the checks of scores and
// returns them as a set.
func (v *validator) setPersonas(p *Project) map[ID]bool {
	personas := make(map[ID]bool, len(p.Personas))
	v.personaIDs = v.personaIDs[:0]
	for _, x := range p.Personas {
		if !personas[x.ID] {
			v.personaIDs = append(v.personaIDs, x.ID)
		}
		personas[x.ID] = true
	}
	return personas
}

func (v *validator) add(object objRef, field, problem string, args ...any) {
	if len(v.errs) < maxReported {
		v.errs = append(v.errs, &ValidationError{object.String(), field, fmt.Sprintf(problem, args...)})
	}
}

func (v *validator) id(object objRef, id ID) {
	if id == "" {
		v.add(object, "id", "is empty")
		return
	}
	if other, dup := v.ids[id]; dup {
		v.add(object, "id", "is also the id of %s", other)
		return
	}
	v.ids[id] = object
}

func (v *validator) required(object objRef, field, value string) {
	if strings.TrimSpace(value) == "" {
		v.add(object, field, "is empty")
	}
}

func (v *validator) color(object objRef, value string) {
	if value != "" && !isColor(value) {
		v.add(object, "colour", "%q is not a #rrggbb colour", value)
	}
}

func (v *validator) list(object objRef, field string, items []string) {
	for _, s := range items {
		if strings.TrimSpace(s) == "" || strings.ContainsAny(s, "\r\n") {
			v.add(object, field, "has an empty entry or one with a line break")
			return
		}
	}
}

// scores checks a card's scores. A project has few personas, so looking
// each one up costs less than walking the map; the walk is left for a card
// scored for a persona the project does not have.
func (v *validator) scores(o objRef, p *Project, scores map[ID]int, personas map[ID]bool) {
	if len(scores) == 0 {
		return
	}
	found := 0
	if len(v.personaIDs) <= 4*len(scores) {
		for _, id := range v.personaIDs {
			if score, ok := scores[id]; ok {
				found++
				if !p.Scale.Contains(score) {
					v.add(o, "emotion", "score %d is outside the emotion scale %s", score, p.Scale)
				}
			}
		}
		if found == len(scores) {
			return
		}
	}
	for pid, score := range scores {
		if !personas[pid] {
			v.add(o, "emotion", "is scored for persona %s, which does not exist", pid)
		} else if found == 0 && !p.Scale.Contains(score) {
			v.add(o, "emotion", "score %d is outside the emotion scale %s", score, p.Scale)
		}
	}
}

// Validate checks every invariant the app relies on: unique IDs, no dangling
// references, scores on the scale, names where required. It returns nil or
// the problems found (at most 20), joined.
func (p *Project) Validate() error {
	n := 1 + len(p.Images) + len(p.Personas)
	for _, j := range p.Journeys {
		n += 1 + len(j.Stages) + len(j.Lanes) + len(j.Touchpoints)
	}
	v := &validator{ids: make(map[ID]objRef, n)}
	proj := ref("project", p.Name, p.ID)
	v.id(proj, p.ID)
	v.required(proj, "name", p.Name)
	if !p.Scale.IsPreset() {
		v.add(proj, "emotion scale", "%s is not one of -2..+2, 1..5, -5..+5, 1..10", p.Scale)
	}
	images := map[ID]bool{}
	for _, im := range p.Images {
		obj := ref("image", "", im.ID)
		v.id(obj, im.ID)
		images[im.ID] = true
		if im.MIME != "image/png" && im.MIME != "image/jpeg" {
			v.add(obj, "type", "%q is not image/png or image/jpeg", im.MIME)
		}
		if im.Width <= 0 || im.Height <= 0 || len(im.Data) == 0 {
			v.add(obj, "data", "is empty")
		}
	}
	personas := v.setPersonas(p)
	for _, x := range p.Personas {
		obj := ref("persona", x.Name, x.ID)
		v.id(obj, x.ID)
		v.required(obj, "name", x.Name)
		if x.PhotoID != "" && !images[x.PhotoID] {
			v.add(obj, "photo", "refers to an image that does not exist")
		}
	}
	for _, j := range p.Journeys {
		v.journey(p, j, personas, images)
	}
	return errors.Join(v.errs...)
}

func (v *validator) journey(p *Project, j *Journey, personas, images map[ID]bool) {
	obj := ref("journey", j.Title, j.ID)
	v.id(obj, j.ID)
	v.required(obj, "title", j.Title)
	seen := map[ID]bool{}
	for _, id := range j.PersonaIDs {
		if !personas[id] {
			v.add(obj, "personas", "refers to persona %s, which does not exist", id)
		}
		if seen[id] {
			v.add(obj, "personas", "lists persona %s twice", id)
		}
		seen[id] = true
	}
	// Stages and lanes by position, so that a card's place in its cell is
	// a small key rather than two IDs.
	stages, lanes := make(map[ID]int32, len(j.Stages)), make(map[ID]int32, len(j.Lanes))
	for i, s := range j.Stages {
		o := ref("stage", s.Name, s.ID)
		v.id(o, s.ID)
		stages[s.ID] = int32(i)
		v.required(o, "name", s.Name)
		v.color(o, s.Color)
	}
	for i, l := range j.Lanes {
		o := ref("lane", l.Name, l.ID)
		v.id(o, l.ID)
		lanes[l.ID] = int32(i)
		v.required(o, "name", l.Name)
		if !l.Kind.Valid() {
			v.add(o, "kind", "%q is not a lane kind", l.Kind)
		}
	}
	type place struct {
		stage, lane int32
		order       int
	}
	taken := make(map[place]struct{}, len(j.Touchpoints))
	// Cards of a cell that does not exist are still checked for shared
	// orders among themselves, by the cell's IDs.
	type lostPlace struct {
		stage, lane ID
		order       int
	}
	var lost map[lostPlace]bool
	// Cards come grouped by cell, so the last lookup usually answers.
	var lastStage, lastLane ID
	var si, li int32
	var okStage, okLane bool
	for _, t := range j.Touchpoints {
		o := ref("touchpoint", t.Title, t.ID)
		v.id(o, t.ID)
		v.required(o, "title", t.Title)
		if t.StageID != lastStage || !okStage {
			si, okStage = stages[t.StageID]
			lastStage = t.StageID
		}
		if t.LaneID != lastLane || !okLane {
			li, okLane = lanes[t.LaneID]
			lastLane = t.LaneID
		}
		if !okStage {
			v.add(o, "stage", "refers to a stage that is not in journey %q", j.Title)
		}
		if !okLane {
			v.add(o, "lane", "refers to a lane that is not in journey %q", j.Title)
		}
		if t.Order < 0 {
			v.add(o, "order", "%d is negative or shared with another card of its cell", t.Order)
		} else if okStage && okLane {
			at := place{si, li, t.Order}
			if _, dup := taken[at]; dup {
				v.add(o, "order", "%d is negative or shared with another card of its cell", t.Order)
			}
			taken[at] = struct{}{}
		} else {
			at := lostPlace{t.StageID, t.LaneID, t.Order}
			if lost == nil {
				lost = map[lostPlace]bool{}
			}
			if lost[at] {
				v.add(o, "order", "%d is negative or shared with another card of its cell", t.Order)
			}
			lost[at] = true
		}
		v.scores(o, p, t.Emotions, personas)
		if t.Confidence != "" && !t.Confidence.Valid() {
			v.add(o, "confidence", "%q is not assumption, anecdotal or validated", t.Confidence)
		}
		v.list(o, "tags", t.Tags)
		v.list(o, "evidence links", t.EvidenceLinks)
		v.color(o, t.Color)
		if t.ImageID != "" && !images[t.ImageID] {
			v.add(o, "image", "refers to an image that does not exist")
		}
	}
}

// checkNewJourney checks a journey about to be added (a new one, a copy, a
// paste) against the project: its own invariants, and that none of its IDs is
// taken and all it refers to exists. Problems elsewhere in the project do not
// count.
func checkNewJourney(p *Project, j *Journey) error {
	v := &validator{ids: map[ID]objRef{}}
	taken := func(kind, name string, id ID) {
		if id != "" {
			v.ids[id] = ref(kind, name, id)
		}
	}
	taken("project", p.Name, p.ID)
	personas, images := v.setPersonas(p), map[ID]bool{}
	for _, x := range p.Personas {
		taken("persona", x.Name, x.ID)
	}
	for _, im := range p.Images {
		taken("image", "", im.ID)
		images[im.ID] = true
	}
	for _, o := range p.Journeys {
		taken("journey", o.Title, o.ID)
		for _, s := range o.Stages {
			taken("stage", s.Name, s.ID)
		}
		for _, l := range o.Lanes {
			taken("lane", l.Name, l.ID)
		}
		for _, t := range o.Touchpoints {
			taken("touchpoint", t.Title, t.ID)
		}
	}
	v.journey(p, j, personas, images)
	return errors.Join(v.errs...)
}
