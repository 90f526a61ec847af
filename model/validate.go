package model

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
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
	of         *objRef // what holds it, for an object with no ID of its own (a lens)
}

func (o objRef) String() string {
	if o.of != nil {
		return fmt.Sprintf("%s %q of %s", o.kind, clipText(o.name), o.of)
	}
	if o.name == "" {
		return fmt.Sprintf("%s %s", o.kind, idText(o.id))
	}
	return fmt.Sprintf("%s %q (id %s)", o.kind, clipText(o.name), idText(o.id))
}

// clipText shortens a value quoted in a message: a name may be 64 KB.
func clipText(s string) string {
	const most = 60
	if len(s) <= most {
		return s
	}
	cut := most
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// idText is an ID as a message shows it: as it is when it is plain (as
// every ID Waymark makes is), else quoted and shortened, so that an ID from
// a hostile file cannot break the message's line or hide what follows it.
func idText(id ID) string {
	s := string(id)
	if len(s) > 0 && len(s) <= 64 {
		plain := true
		for i := 0; i < len(s); i++ {
			if c := s[i]; c <= ' ' || c >= 0x7f || c == '"' || c == '\\' {
				plain = false
				break
			}
		}
		if plain {
			return s
		}
	}
	return strconv.Quote(clipText(s))
}

// Grouped writes n with thousands separators, as limits are quoted in
// messages: 65,537.
func Grouped(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// The text rule. Every string a project holds is valid UTF-8 without
// control characters other than tab, line feed and carriage return (no NUL,
// escape, DEL, nor the C1 controls U+0080–U+009F): the board would not show
// them, and the CSV and Mermaid exports would carry them raw, so that a
// re-import misreads the file. Names and titles may hold line breaks (a
// Mermaid <br> makes one, the board wraps them); IDs and lists' entries may
// not. Each field has the byte limit of its column in a .cjm (limits.go), so
// that what Validate passes can be saved, and what an import gives can be
// written.

// textFault returns the byte offset in s of the first byte or character the
// text rule refuses, and that character (utf8.RuneError for invalid UTF-8),
// or -1. Tab, line feed and carriage return pass if breaks is set.
func textFault(s string, breaks bool) (int, rune) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && !(breaks && (c == '\t' || c == '\n' || c == '\r')) || c == 0x7f {
				return i, rune(c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || 0x80 <= r && r <= 0x9f {
			return i, r
		}
		i += n
	}
	return -1, 0
}

// CleanText returns s without what the text rule refuses: control
// characters other than tab, line feed and carriage return, and bytes of
// invalid UTF-8. Text pasted into a field goes through it, so that an escape
// copied from a terminal is dropped instead of refusing the whole edit.
func CleanText(s string) string {
	at, _ := textFault(s, true)
	if at < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:at])
	for i := at; i < len(s); {
		_, n := utf8.DecodeRuneInString(s[i:])
		if j, _ := textFault(s[i:i+n], true); j < 0 {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// TextProblem says what breaks the text rule in s, or "": the first
// character it refuses and where. breaks says whether tab, line feed and
// carriage return are allowed. The importers use it too, so that they refuse
// what Validate would, naming their line.
func TextProblem(s string, breaks bool) string {
	at, r := textFault(s, breaks)
	switch {
	case at < 0:
		return ""
	case r == utf8.RuneError:
		return fmt.Sprintf("is not valid UTF-8 (byte %d is 0x%02x)", at+1, s[at])
	case r == '\t' || r == '\n' || r == '\r':
		return fmt.Sprintf("holds a tab or line break (%U) at byte %d, which it may not", r, at+1)
	}
	return fmt.Sprintf("holds the control character %U at byte %d, which a journey map cannot show", r, at+1)
}

// SizeProblem says that n bytes are more than limit, or "": what names the
// field as in "more than the 65,536 a title may have".
func SizeProblem(n int64, limit int, what string) string {
	if n <= int64(limit) {
		return ""
	}
	return fmt.Sprintf("is %s bytes, more than the %s %s may have", Grouped(n), Grouped(int64(limit)), what)
}

// ScoresProblem says that n emotion scores are more than one journey's
// cards may hold, or "": each is a badge and a curve point in the layout.
func ScoresProblem(n int64) string {
	if n <= MaxScoresPerJourney {
		return ""
	}
	return fmt.Sprintf("its cards hold %s emotion scores, more than the %s a map can draw", Grouped(n), Grouped(MaxScoresPerJourney))
}

// CellsProblem says that stages × lanes are more cells than a map may have,
// or "".
func CellsProblem(stages, lanes int) string {
	cells := int64(stages) * int64(lanes)
	if cells <= MaxCellsPerJourney {
		return ""
	}
	return fmt.Sprintf("%s stages × %s lanes make %s cells, more than the %s a map can draw",
		Grouped(int64(stages)), Grouped(int64(lanes)), Grouped(cells), Grouped(MaxCellsPerJourney))
}

func ref(kind, name string, id ID) objRef { return objRef{kind: kind, name: name, id: id} }

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
	if !v.idRule(object, "id", id) {
		return
	}
	if other, dup := v.ids[id]; dup {
		v.add(object, "id", "is also the id of %s", other)
		return
	}
	v.ids[id] = object
}

// idRule checks an ID against the text rule (no tab or line break either)
// and MaxIDBytes, and reports whether it passed.
func (v *validator) idRule(object objRef, field string, id ID) bool {
	if p := SizeProblem(int64(len(id)), MaxIDBytes, "an id"); p != "" {
		v.add(object, field, "%s", p)
		return false
	}
	if p := TextProblem(string(id), false); p != "" {
		v.add(object, field, "%s", p)
		return false
	}
	return true
}

// text checks a field against the text rule and its byte limit; what names
// the field in "more than the 65,536 a title may have".
func (v *validator) text(object objRef, field, value string, limit int, what string) {
	if p := SizeProblem(int64(len(value)), limit, what); p != "" {
		v.add(object, field, "%s", p)
	} else if p := TextProblem(value, true); p != "" {
		v.add(object, field, "%s", p)
	}
}

func (v *validator) required(object objRef, field, value string) {
	if strings.TrimSpace(value) == "" {
		v.add(object, field, "is empty")
	}
}

func (v *validator) color(object objRef, value string) {
	if value != "" && !isColor(value) {
		v.add(object, "colour", "%q is not a #rrggbb colour", clipText(value))
	}
}

// list checks a list that the file stores one entry per line (tags,
// evidence links): no empty entry, none with a line break, the entries
// joined by line breaks within limit.
func (v *validator) list(object objRef, field string, items []string, limit int, what string) {
	joined := int64(0)
	for i, s := range items {
		if strings.TrimSpace(s) == "" || strings.ContainsAny(s, "\r\n") {
			v.add(object, field, "has an empty entry or one with a line break")
			return
		}
		if p := TextProblem(s, true); p != "" {
			v.add(object, field, "entry %d %s", i+1, p)
			return
		}
		joined += int64(len(s)) + 1
	}
	if len(items) > 0 {
		if p := SizeProblem(joined-1, limit, what); p != "" {
			v.add(object, field, "%s", p)
		}
	}
}

// persona checks a persona's text; like the checks of the other objects'
// fields below, it leaves out what commands have always allowed while typing
// (an empty name) and what depends on the rest of the project.
func (v *validator) persona(o objRef, x *Persona) {
	v.text(o, "name", x.Name, MaxNameBytes, "a name")
	v.text(o, "role", x.Role, MaxNameBytes, "a role")
	v.text(o, "quote", x.Quote, MaxTextBytes, "a quote")
	v.text(o, "goals", x.Goals, MaxTextBytes, "the goals")
	v.text(o, "frustrations", x.Frustrations, MaxTextBytes, "the frustrations")
}

// journeyText checks a journey's title and description.
func (v *validator) journeyText(o objRef, title, description string) {
	v.text(o, "title", title, MaxNameBytes, "a title")
	v.text(o, "description", description, MaxTextBytes, "a description")
}

// stage checks a stage's own fields.
func (v *validator) stage(o objRef, s *Stage) {
	v.text(o, "name", s.Name, MaxNameBytes, "a name")
	v.text(o, "description", s.Description, MaxTextBytes, "a description")
	v.color(o, s.Color)
}

// lane checks a lane's own fields.
func (v *validator) lane(o objRef, l *Lane) {
	v.text(o, "name", l.Name, MaxNameBytes, "a name")
	if !l.Kind.Valid() {
		v.add(o, "kind", "%q is not a lane kind", clipText(string(l.Kind)))
	}
}

// card checks a touchpoint's own text and codes: not its place, scores or
// image, which depend on the project.
func (v *validator) card(o objRef, t *Touchpoint) {
	v.text(o, "title", t.Title, MaxNameBytes, "a title")
	v.text(o, "notes", t.Notes, MaxTextBytes, "the notes")
	v.text(o, "channel", t.Channel, MaxNameBytes, "a channel")
	v.text(o, "owner", t.Owner, MaxNameBytes, "an owner")
	v.text(o, "evidence", t.Evidence, MaxTextBytes, "the evidence")
	if t.Confidence != "" && !t.Confidence.Valid() {
		v.add(o, "confidence", "%q is not assumption, anecdotal or validated", clipText(string(t.Confidence)))
	}
	v.list(o, "tags", t.Tags, MaxTextBytes, "the tags together")
	v.list(o, "evidence links", t.EvidenceLinks, MaxTextBytes, "the evidence links together")
	v.color(o, t.Color)
	if t.Impact < 0 || t.Impact > MaxPriority {
		v.add(o, "impact", "%d is not between 1 and %d (or 0, not rated)", t.Impact, MaxPriority)
	}
	if t.Effort < 0 || t.Effort > MaxPriority {
		v.add(o, "effort", "%d is not between 1 and %d (or 0, not rated)", t.Effort, MaxPriority)
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
			v.add(o, "emotion", "is scored for persona %s, which does not exist", idText(pid))
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
	// More than a project may hold is said first, and alone: the rest
	// would be a check of what can never be opened anyway.
	if prob := p.Count().Problem(); prob != "" {
		return errors.New("the project holds " + prob)
	}
	v := &validator{ids: make(map[ID]objRef, n)}
	proj := ref("project", p.Name, p.ID)
	v.id(proj, p.ID)
	v.required(proj, "name", p.Name)
	v.text(proj, "name", p.Name, MaxNameBytes, "a name")
	if !p.Scale.IsPreset() {
		v.add(proj, "emotion scale", "%s is not one of -2..+2, 1..5, -5..+5, 1..10", p.Scale)
	}
	images := map[ID]bool{}
	for _, im := range p.Images {
		obj := ref("image", "", im.ID)
		v.id(obj, im.ID)
		images[im.ID] = true
		if im.MIME != "image/png" && im.MIME != "image/jpeg" {
			v.add(obj, "type", "%q is not image/png or image/jpeg", clipText(im.MIME))
		}
		if im.Width <= 0 || im.Height <= 0 || len(im.Data) == 0 {
			v.add(obj, "data", "is empty")
		} else if p := SizeProblem(int64(len(im.Data)), MaxImageBytes, "an image"); p != "" {
			v.add(obj, "data", "%s", p)
		}
	}
	personas := v.setPersonas(p)
	for _, x := range p.Personas {
		obj := ref("persona", x.Name, x.ID)
		v.id(obj, x.ID)
		v.required(obj, "name", x.Name)
		v.persona(obj, x)
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
	v.journeyText(obj, j.Title, j.Description)
	// Every cell is laid out and drawn, so a map of many stages and lanes
	// is refused here rather than running the layout out of memory.
	if p := CellsProblem(len(j.Stages), len(j.Lanes)); p != "" {
		v.add(obj, "stages and lanes", "%s", p)
	}
	seen := map[ID]bool{}
	for _, id := range j.PersonaIDs {
		if !personas[id] {
			v.add(obj, "personas", "refers to persona %s, which does not exist", idText(id))
		}
		if seen[id] {
			v.add(obj, "personas", "lists persona %s twice", idText(id))
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
		v.stage(o, s)
	}
	for i, l := range j.Lanes {
		o := ref("lane", l.Name, l.ID)
		v.id(o, l.ID)
		lanes[l.ID] = int32(i)
		v.required(o, "name", l.Name)
		v.lane(o, l)
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
	scores := int64(0)
	for _, t := range j.Touchpoints {
		scores += int64(len(t.Emotions))
		o := ref("touchpoint", t.Title, t.ID)
		v.id(o, t.ID)
		v.required(o, "title", t.Title)
		v.card(o, t)
		v.stamp(o, t.Changed)
		if t.StageID != lastStage || !okStage {
			si, okStage = stages[t.StageID]
			lastStage = t.StageID
		}
		if t.LaneID != lastLane || !okLane {
			li, okLane = lanes[t.LaneID]
			lastLane = t.LaneID
		}
		if !okStage {
			v.add(o, "stage", "refers to a stage that is not in journey %q", clipText(j.Title))
		}
		if !okLane {
			v.add(o, "lane", "refers to a lane that is not in journey %q", clipText(j.Title))
		} else if l := j.Lanes[li]; !l.Kind.HoldsCards() {
			v.add(o, "lane", "is lane %q, which shows behaviour figures, not cards", clipText(l.Name))
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
		if t.ImageID != "" && !images[t.ImageID] {
			v.add(o, "image", "refers to an image that does not exist")
		}
	}
	if p := ScoresProblem(scores); p != "" {
		v.add(obj, "scores", "%s", p)
	}
	v.behaviour(obj, "behaviour figures", j.Behaviour, stages)
	v.behaviour(obj, "previous behaviour figures", j.PreviousBehaviour, stages)
	if j.Behaviour == nil && j.PreviousBehaviour != nil {
		v.add(obj, "previous behaviour figures", "are there without current ones")
	}
	v.review(obj, j.Owner, j.ReviewBy)
	if len(j.Lenses) > MaxLensesPerJourney {
		v.add(obj, "lenses", "%s are more than the %s a journey may hold", Grouped(int64(len(j.Lenses))), Grouped(MaxLensesPerJourney))
	}
	names := make(map[string]bool, len(j.Lenses))
	for _, l := range j.Lenses {
		o := objRef{kind: "lens", name: l.Name, of: &obj}
		if l.Name == "" {
			o.name = "(no name)"
		}
		v.lens(o, l, personas)
		key := strings.ToLower(strings.TrimSpace(l.Name))
		if names[key] {
			v.add(o, "name", "is also the name of another lens of the journey")
		}
		names[key] = true
	}
}

// behaviour checks a journey's figures of one import: their own rules
// (Behaviour.Check), and that the stages they are about are the journey's.
func (v *validator) behaviour(o objRef, field string, b *Behaviour, stages map[ID]int32) {
	if b == nil {
		return
	}
	if err := b.Check(); err != nil {
		v.add(o, field, "%s", err)
		return
	}
	if id := strayStage(b, stages); id != "" {
		v.add(o, field, "figures refer to stage %s, which is not in the journey", idText(id))
	}
}

// strayStage returns the first stage ID of b's figures that is set and not
// in stages, or "".
func strayStage(b *Behaviour, stages map[ID]int32) ID {
	for _, list := range b.stageLists() {
		for _, s := range list {
			if _, ok := stages[s.StageID]; s.StageID != "" && !ok {
				return s.StageID
			}
		}
	}
	return ""
}

// checkScores refuses an edit that gives journey j's cards more scores
// than MaxScoresPerJourney: more is how many the edit adds.
func checkScores(j *Journey, more int) error {
	if more <= 0 {
		return nil
	}
	n := int64(more)
	for _, t := range j.Touchpoints {
		n += int64(len(t.Emotions))
	}
	if p := ScoresProblem(n); p != "" {
		return fmt.Errorf("%s: %s", describe("journey", j.Title, j.ID), p)
	}
	return nil
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

// checkFields runs checks of one object's fields for a command, so that no
// edit makes a project that Validate, and so opening the saved file, would
// refuse.
func checkFields(check func(v *validator)) error {
	v := &validator{}
	check(v)
	return errors.Join(v.errs...)
}

// checkIDRule refuses an ID that breaks the text rule or MaxIDBytes.
func checkIDRule(kind string, id ID) error {
	return checkFields(func(v *validator) { v.idRule(ref(kind, "", id), "id", id) })
}
