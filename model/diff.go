package model

import (
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Comparing two versions of a project. Objects are matched by their stable
// IDs, never by name, so a renamed card is the same card and a card deleted
// and typed again is a different one.

// Op says what happened to an object between two versions.
type Op string

// The operations a Change reports.
const (
	Added   Op = "added"
	Removed Op = "removed"
	Changed Op = "changed" // fields changed, or it moved, or both
)

// Kind is the kind of object a Change is about.
type Kind string

// The kinds of objects Diff compares.
const (
	KindProject    Kind = "project"
	KindPersona    Kind = "persona"
	KindJourney    Kind = "journey"
	KindStage      Kind = "stage"
	KindLane       Kind = "lane"
	KindTouchpoint Kind = "touchpoint"
)

// The fields a FieldChange names, in the order Diff reports them.
const (
	FieldName          = "name"
	FieldScale         = "emotion scale"
	FieldRole          = "role"
	FieldQuote         = "quote"
	FieldGoals         = "goals"
	FieldFrustrations  = "frustrations"
	FieldPhoto         = "photo"
	FieldTitle         = "title"
	FieldDescription   = "description"
	FieldPersonas      = "personas"
	FieldColor         = "color"
	FieldKind          = "kind"
	FieldHidden        = "hidden"
	FieldNotes         = "notes"
	FieldChannel       = "channel"
	FieldScore         = "score"
	FieldPainPoint     = "pain point"
	FieldOpportunity   = "opportunity"
	FieldMomentOfTruth = "moment of truth"
	FieldOwner         = "owner"
	FieldTags          = "tags"
	FieldEvidence      = "evidence"
	FieldEvidenceLinks = "evidence links"
	FieldConfidence    = "confidence"
	FieldImage         = "image"
	FieldReviewBy      = "review date"
	FieldImpact        = "impact"
	FieldEffort        = "effort"
	// FieldLenses is a journey's saved lenses, reported as one change:
	// Old and New list their names.
	FieldLenses = "saved lenses"
	// FieldBehaviour is a journey's behaviour figures (either import's),
	// reported as one change: Old and New summarise the latest import.
	FieldBehaviour = "behaviour data"
)

// listSeparator joins the items of a list field's values.
const listSeparator = ", "

// Change is one object that differs between two versions a and b.
type Change struct {
	Op   Op
	Kind Kind
	ID   ID
	// Name is the object's name or title as it was in a (as it is in b
	// when it was added).
	Name string
	// Journey and JourneyName say which journey a stage, lane or touchpoint
	// belongs to (named as in a, or as in b when the journey was added).
	Journey     ID
	JourneyName string
	// At is where the object is: in a, or in b when it was added. Index is
	// the position in its list (personas, journeys, stages, lanes) or, for a
	// touchpoint, its order in its cell, which Stage and Lane name.
	At Place
	// Fields lists what changed, field by field, for Changed.
	Fields []FieldChange
	// Moved is set when a Changed object moved: to another place relative
	// to the objects around it, or a touchpoint to another cell.
	Moved *Move
	// Stages, Lanes and Cards count what an added or removed journey holds;
	// its contents are not listed one by one.
	Stages, Lanes, Cards int
}

// Place is where an object sits in one version.
type Place struct {
	Index     int
	Stage     ID // touchpoints: the cell
	Lane      ID
	StageName string
	LaneName  string
}

// Move is where an object was in a and where it is in b.
type Move struct {
	From, To Place
}

// FieldChange is one field whose value differs.
type FieldChange struct {
	Field string // one of the Field constants
	// Persona and PersonaName say whose score a FieldScore is.
	Persona     ID
	PersonaName string
	// Old and New are the values as text: text as it is; "yes" or "no";
	// lists joined by ", "; a score as a number, "" for no score; an
	// image's ID, "" for none.
	Old, New string
}

// IsText reports whether the field holds free text (as opposed to a flag, a
// score, a list, a colour, an image or a kind), so a reader can quote it.
func (f FieldChange) IsText() bool {
	switch f.Field {
	case FieldName, FieldRole, FieldQuote, FieldGoals, FieldFrustrations, FieldTitle, FieldDescription,
		FieldNotes, FieldChannel, FieldOwner, FieldEvidence:
		return true
	}
	return false
}

// Tally counts changes by what happened to their objects: added, removed,
// or changed (Moved counts those of the changed that moved).
type Tally struct{ Added, Removed, Changed, Moved int }

// Count adds one change to the tally.
func (t *Tally) Count(c *Change) {
	switch c.Op {
	case Added:
		t.Added++
	case Removed:
		t.Removed++
	default:
		t.Changed++
		if c.Moved != nil {
			t.Moved++
		}
	}
}

// Total is how many changes were counted.
func (t Tally) Total() int { return t.Added + t.Removed + t.Changed }

// TallyOf counts changes.
func TallyOf(changes []Change) Tally {
	var t Tally
	for i := range changes {
		t.Count(&changes[i])
	}
	return t
}

// Diff lists what changed from a to b: the project's name and scale, then
// personas, then journeys, each journey followed by its stages, lanes and
// touchpoints. In every list removed objects come first, in a's order, then
// added and changed ones in b's order. Equal projects give nil.
//
// Consequences are not reported twice: a removed persona's scores and its
// place in journeys' persona lists are implied by its removal, and scores
// that a change of emotion scale converted exactly are not changes. The
// contents of an added or removed journey are counted, not listed.
func Diff(a, b *Project) []Change {
	d := differ{a: a, b: b, gone: map[ID]bool{}}
	n := len(a.Personas) + len(b.Personas)
	d.inA, d.inB = a.personaFinder(n), b.personaFinder(n)
	for _, x := range a.Personas {
		if d.inB(x.ID) == nil {
			d.gone[x.ID] = true
		}
	}
	d.project()
	d.personas()
	d.journeys()
	return d.out
}

type differ struct {
	a, b     *Project
	inA, inB func(ID) *Persona // a's and b's personas by ID
	gone     map[ID]bool       // personas of a that b no longer has
	out      []Change
}

// fields collects the field changes of one object.
type fields []FieldChange

func (f *fields) text(name, old, new string) {
	if old != new {
		*f = append(*f, FieldChange{Field: name, Old: old, New: new})
	}
}

func (f *fields) flag(name string, old, new bool) {
	if old != new {
		*f = append(*f, FieldChange{Field: name, Old: yesNo(old), New: yesNo(new)})
	}
}

func (f *fields) list(name string, old, new []string) {
	if !slices.Equal(old, new) {
		*f = append(*f, FieldChange{Field: name, Old: strings.Join(old, listSeparator), New: strings.Join(new, listSeparator)})
	}
}

func yesNo(v bool) string {
	if v {
		return "yes"
	}
	return "no"
}

func (d *differ) project() {
	var f fields
	f.text(FieldName, d.a.Name, d.b.Name)
	if d.a.Scale != d.b.Scale {
		f.text(FieldScale, d.a.Scale.String(), d.b.Scale.String())
	}
	if len(f) > 0 {
		d.out = append(d.out, Change{Op: Changed, Kind: KindProject, ID: d.b.ID, Name: d.a.Name, Fields: f})
	}
}

// personaName names a persona as b does, or as a did if b removed it.
func (d *differ) personaName(id ID) string {
	if x := d.inB(id); x != nil {
		return x.Name
	}
	if x := d.inA(id); x != nil {
		return x.Name
	}
	return string(id)
}

func (d *differ) personas() {
	ia := indexByID(d.a.Personas, func(x *Persona) ID { return x.ID })
	for i, x := range d.a.Personas {
		if d.inB(x.ID) == nil {
			d.out = append(d.out, Change{Op: Removed, Kind: KindPersona, ID: x.ID, Name: x.Name, At: Place{Index: i}})
		}
	}
	moved := reordered(ids(d.b.Personas, func(x *Persona) ID { return x.ID }), ia)
	for i, y := range d.b.Personas {
		ai, ok := ia[y.ID]
		if !ok {
			d.out = append(d.out, Change{Op: Added, Kind: KindPersona, ID: y.ID, Name: y.Name, At: Place{Index: i}})
			continue
		}
		x := d.a.Personas[ai]
		var f fields
		f.text(FieldName, x.Name, y.Name)
		f.text(FieldRole, x.Role, y.Role)
		f.text(FieldQuote, x.Quote, y.Quote)
		f.text(FieldGoals, x.Goals, y.Goals)
		f.text(FieldFrustrations, x.Frustrations, y.Frustrations)
		f.text(FieldPhoto, string(x.PhotoID), string(y.PhotoID))
		c := Change{Op: Changed, Kind: KindPersona, ID: y.ID, Name: x.Name, At: Place{Index: ai}, Fields: f}
		if moved[y.ID] {
			c.Moved = &Move{From: Place{Index: ai}, To: Place{Index: i}}
		}
		if len(f) > 0 || c.Moved != nil {
			d.out = append(d.out, c)
		}
	}
}

func (d *differ) journeys() {
	ia := indexByID(d.a.Journeys, func(j *Journey) ID { return j.ID })
	for i, j := range d.a.Journeys {
		if d.b.Journey(j.ID) == nil {
			d.out = append(d.out, Change{Op: Removed, Kind: KindJourney, ID: j.ID, Name: j.Title, Journey: j.ID,
				JourneyName: j.Title, At: Place{Index: i}, Stages: len(j.Stages), Lanes: len(j.Lanes), Cards: len(j.Touchpoints)})
		}
	}
	moved := reordered(ids(d.b.Journeys, func(j *Journey) ID { return j.ID }), ia)
	for i, jb := range d.b.Journeys {
		ai, ok := ia[jb.ID]
		if !ok {
			d.out = append(d.out, Change{Op: Added, Kind: KindJourney, ID: jb.ID, Name: jb.Title, Journey: jb.ID,
				JourneyName: jb.Title, At: Place{Index: i}, Stages: len(jb.Stages), Lanes: len(jb.Lanes), Cards: len(jb.Touchpoints)})
			continue
		}
		ja := d.a.Journeys[ai]
		var f fields
		f.text(FieldTitle, ja.Title, jb.Title)
		f.text(FieldDescription, ja.Description, jb.Description)
		// A removed persona leaving the list is implied by its removal.
		kept := slices.DeleteFunc(slices.Clone(ja.PersonaIDs), func(id ID) bool { return d.gone[id] })
		if !slices.Equal(kept, jb.PersonaIDs) {
			f.list(FieldPersonas, d.names(ja.PersonaIDs), d.names(jb.PersonaIDs))
		}
		if !sameBehaviour(ja.Behaviour, jb.Behaviour) || !sameBehaviour(ja.PreviousBehaviour, jb.PreviousBehaviour) {
			f = append(f, FieldChange{Field: FieldBehaviour, Old: behaviourSummary(ja.Behaviour), New: behaviourSummary(jb.Behaviour)})
		}
		f.text(FieldOwner, ja.Owner, jb.Owner)
		f.text(FieldReviewBy, FormatDate(ja.ReviewBy), FormatDate(jb.ReviewBy))
		if !slices.EqualFunc(ja.Lenses, jb.Lenses, func(x, y *Lens) bool { return x.Name == y.Name && x.SameView(y) }) {
			f = append(f, FieldChange{Field: FieldLenses, Old: lensNames(ja.Lenses), New: lensNames(jb.Lenses)})
		}
		c := Change{Op: Changed, Kind: KindJourney, ID: jb.ID, Name: ja.Title, Journey: jb.ID, JourneyName: ja.Title,
			At: Place{Index: ai}, Fields: f}
		if moved[jb.ID] {
			c.Moved = &Move{From: Place{Index: ai}, To: Place{Index: i}}
		}
		if len(f) > 0 || c.Moved != nil {
			d.out = append(d.out, c)
		}
		d.journey(ja, jb)
	}
}

func (d *differ) names(ids []ID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = d.personaName(id)
	}
	return out
}

// journey lists the changes inside a journey both versions have.
func (d *differ) journey(ja, jb *Journey) {
	base := Change{Journey: jb.ID, JourneyName: ja.Title}
	add := func(c Change) {
		c.Journey, c.JourneyName = base.Journey, base.JourneyName
		d.out = append(d.out, c)
	}

	// Stages.
	ia := indexByID(ja.Stages, func(s *Stage) ID { return s.ID })
	for i, s := range ja.Stages {
		if jb.Stage(s.ID) == nil {
			add(Change{Op: Removed, Kind: KindStage, ID: s.ID, Name: s.Name, At: Place{Index: i}})
		}
	}
	moved := reordered(ids(jb.Stages, func(s *Stage) ID { return s.ID }), ia)
	for i, y := range jb.Stages {
		ai, ok := ia[y.ID]
		if !ok {
			add(Change{Op: Added, Kind: KindStage, ID: y.ID, Name: y.Name, At: Place{Index: i}})
			continue
		}
		x := ja.Stages[ai]
		var f fields
		f.text(FieldName, x.Name, y.Name)
		f.text(FieldDescription, x.Description, y.Description)
		f.text(FieldColor, x.Color, y.Color)
		c := Change{Op: Changed, Kind: KindStage, ID: y.ID, Name: x.Name, At: Place{Index: ai}, Fields: f}
		if moved[y.ID] {
			c.Moved = &Move{From: Place{Index: ai}, To: Place{Index: i}}
		}
		if len(f) > 0 || c.Moved != nil {
			add(c)
		}
	}

	// Lanes.
	ia = indexByID(ja.Lanes, func(l *Lane) ID { return l.ID })
	for i, l := range ja.Lanes {
		if jb.Lane(l.ID) == nil {
			add(Change{Op: Removed, Kind: KindLane, ID: l.ID, Name: l.Name, At: Place{Index: i}})
		}
	}
	moved = reordered(ids(jb.Lanes, func(l *Lane) ID { return l.ID }), ia)
	for i, y := range jb.Lanes {
		ai, ok := ia[y.ID]
		if !ok {
			add(Change{Op: Added, Kind: KindLane, ID: y.ID, Name: y.Name, At: Place{Index: i}})
			continue
		}
		x := ja.Lanes[ai]
		var f fields
		f.text(FieldName, x.Name, y.Name)
		f.text(FieldKind, x.Kind.Label(), y.Kind.Label())
		f.flag(FieldHidden, x.Hidden, y.Hidden)
		c := Change{Op: Changed, Kind: KindLane, ID: y.ID, Name: x.Name, At: Place{Index: ai}, Fields: f}
		if moved[y.ID] {
			c.Moved = &Move{From: Place{Index: ai}, To: Place{Index: i}}
		}
		if len(f) > 0 || c.Moved != nil {
			add(c)
		}
	}

	// Touchpoints, in reading order.
	ta, tb := readingOrder(ja), readingOrder(jb)
	byID := make(map[ID]*Touchpoint, len(ta))
	for _, t := range ta {
		byID[t.ID] = t
	}
	inB := make(map[ID]bool, len(tb))
	for _, t := range tb {
		inB[t.ID] = true
	}
	for _, t := range ta {
		if !inB[t.ID] {
			add(Change{Op: Removed, Kind: KindTouchpoint, ID: t.ID, Name: t.Title, At: cardPlace(ja, t)})
		}
	}
	movedCards := cardMoves(tb, byID)
	for _, y := range tb {
		x := byID[y.ID]
		if x == nil {
			add(Change{Op: Added, Kind: KindTouchpoint, ID: y.ID, Name: y.Title, At: cardPlace(jb, y)})
			continue
		}
		f := d.cardFields(x, y)
		c := Change{Op: Changed, Kind: KindTouchpoint, ID: y.ID, Name: x.Title, At: cardPlace(ja, x), Fields: f}
		if movedCards[y.ID] {
			c.Moved = &Move{From: cardPlace(ja, x), To: cardPlace(jb, y)}
		}
		if len(f) > 0 || c.Moved != nil {
			add(c)
		}
	}
}

func (d *differ) cardFields(x, y *Touchpoint) fields {
	var f fields
	f.text(FieldTitle, x.Title, y.Title)
	f.text(FieldNotes, x.Notes, y.Notes)
	f.text(FieldChannel, x.Channel, y.Channel)
	f = append(f, d.scores(x, y)...)
	f.flag(FieldPainPoint, x.PainPoint, y.PainPoint)
	f.flag(FieldOpportunity, x.Opportunity, y.Opportunity)
	f.flag(FieldMomentOfTruth, x.MomentOfTruth, y.MomentOfTruth)
	f.text(FieldOwner, x.Owner, y.Owner)
	f.list(FieldTags, x.Tags, y.Tags)
	f.text(FieldEvidence, x.Evidence, y.Evidence)
	f.list(FieldEvidenceLinks, x.EvidenceLinks, y.EvidenceLinks)
	f.text(FieldConfidence, string(x.Confidence), string(y.Confidence))
	f.text(FieldColor, x.Color, y.Color)
	f.text(FieldImage, string(x.ImageID), string(y.ImageID))
	f.text(FieldImpact, rating(x.Impact), rating(y.Impact))
	f.text(FieldEffort, rating(x.Effort), rating(y.Effort))
	return f
}

// scores compares one card's scores persona by persona, in b's persona
// order (then any persona neither version names, by ID).
func (d *differ) scores(x, y *Touchpoint) fields {
	if len(x.Emotions) == 0 && len(y.Emotions) == 0 {
		return nil
	}
	var order []ID
	seen := map[ID]bool{}
	for _, p := range d.b.Personas {
		if _, ok := x.Emotions[p.ID]; ok {
			order = append(order, p.ID)
		} else if _, ok := y.Emotions[p.ID]; ok {
			order = append(order, p.ID)
		}
		seen[p.ID] = true
	}
	var rest []ID
	for _, m := range []map[ID]int{x.Emotions, y.Emotions} {
		for id := range m {
			if !seen[id] {
				seen[id] = true
				rest = append(rest, id)
			}
		}
	}
	sort.Slice(rest, func(i, j int) bool { return rest[i] < rest[j] })
	var f fields
	for _, id := range append(order, rest...) {
		if d.gone[id] {
			continue
		}
		sa, oka := x.Emotions[id]
		sb, okb := y.Emotions[id]
		if oka && okb && d.a.Scale != d.b.Scale && d.a.Scale.IsPreset() && d.b.Scale.IsPreset() {
			sa2 := d.a.Scale.Convert(sa, d.b.Scale)
			if sa2 == sb {
				continue // converted with the scale
			}
		} else if oka == okb && sa == sb {
			continue
		}
		fc := FieldChange{Field: FieldScore, Persona: id, PersonaName: d.personaName(id)}
		if oka {
			fc.Old = strconv.Itoa(sa)
		}
		if okb {
			fc.New = strconv.Itoa(sb)
		}
		f = append(f, fc)
	}
	return f
}

// readingOrder returns a journey's cards by stage, lane and order.
func readingOrder(j *Journey) []*Touchpoint {
	s := &Journey{Stages: j.Stages, Lanes: j.Lanes, Touchpoints: slices.Clone(j.Touchpoints)}
	SortTouchpoints(s)
	return s.Touchpoints
}

func cardPlace(j *Journey, t *Touchpoint) Place {
	pl := Place{Index: t.Order, Stage: t.StageID, Lane: t.LaneID}
	if s := j.Stage(t.StageID); s != nil {
		pl.StageName = s.Name
	}
	if l := j.Lane(t.LaneID); l != nil {
		pl.LaneName = l.Name
	}
	return pl
}

// cardMoves reports the cards of b (in reading order) that moved: to
// another cell, or to another place among the cards that share their cell
// in both versions. Cards that only shifted because others came or went
// did not move.
func cardMoves(tb []*Touchpoint, inA map[ID]*Touchpoint) map[ID]bool {
	moved := map[ID]bool{}
	type cell struct{ s, l ID }
	stayed := map[cell][]*Touchpoint{}
	var cells []cell
	for _, y := range tb {
		x := inA[y.ID]
		if x == nil {
			continue
		}
		if x.StageID != y.StageID || x.LaneID != y.LaneID {
			moved[y.ID] = true
			continue
		}
		k := cell{y.StageID, y.LaneID}
		if stayed[k] == nil {
			cells = append(cells, k)
		}
		stayed[k] = append(stayed[k], y)
	}
	for _, k := range cells {
		cards := stayed[k]
		// The rank of each card in a's cell order, ties broken by ID as
		// SortTouchpoints does.
		byA := slices.Clone(cards)
		slices.SortStableFunc(byA, func(p, q *Touchpoint) int {
			if d := inA[p.ID].Order - inA[q.ID].Order; d != 0 {
				return d
			}
			return strings.Compare(string(p.ID), string(q.ID))
		})
		rank := make(map[ID]int, len(byA))
		for i, t := range byA {
			rank[t.ID] = i
		}
		seq := make([]int, len(cards))
		for i, t := range cards {
			seq[i] = rank[t.ID]
		}
		keep := longestIncreasing(seq)
		for i, t := range cards {
			if !keep[i] {
				moved[t.ID] = true
			}
		}
	}
	return moved
}

func ids[T any](s []T, id func(T) ID) []ID {
	out := make([]ID, len(s))
	for i, x := range s {
		out[i] = id(x)
	}
	return out
}

func indexByID[T any](s []T, id func(T) ID) map[ID]int {
	m := make(map[ID]int, len(s))
	for i, x := range s {
		m[id(x)] = i
	}
	return m
}

// reordered names the items of list b (IDs in b's order) that changed place
// relative to the others: those outside a longest run that keeps a's order
// (inA gives each ID's index in a). Items added or removed around them do
// not make them move.
func reordered(b []ID, inA map[ID]int) map[ID]bool {
	var seq []int
	var common []ID
	for _, id := range b {
		if i, ok := inA[id]; ok {
			seq = append(seq, i)
			common = append(common, id)
		}
	}
	keep := longestIncreasing(seq)
	moved := map[ID]bool{}
	for i, id := range common {
		if !keep[i] {
			moved[id] = true
		}
	}
	return moved
}

// longestIncreasing marks one longest strictly increasing subsequence of
// seq (patience sorting, O(n log n)). Which of several equally long runs
// it keeps depends only on seq, so the report is the same every time.
func longestIncreasing(seq []int) []bool {
	keep := make([]bool, len(seq))
	if len(seq) == 0 {
		return keep
	}
	tails := []int{}              // tails[k]: index in seq of the smallest tail of a run of length k+1
	prev := make([]int, len(seq)) // the item before seq[i] in its run
	for i, v := range seq {
		k := sort.Search(len(tails), func(k int) bool { return seq[tails[k]] >= v })
		if k > 0 {
			prev[i] = tails[k-1]
		} else {
			prev[i] = -1
		}
		if k == len(tails) {
			tails = append(tails, i)
		} else {
			tails[k] = i
		}
	}
	for i := tails[len(tails)-1]; i >= 0; i = prev[i] {
		keep[i] = true
	}
	return keep
}

// sameBehaviour reports whether two imports' figures are equal. Figures are
// immutable, so the same pointer is the common answer.
func sameBehaviour(a, b *Behaviour) bool {
	return a == b || a != nil && b != nil && reflect.DeepEqual(a, b)
}

// behaviourSummary says in a few words what an import found: "" for none.
func behaviourSummary(b *Behaviour) string {
	if b == nil {
		return ""
	}
	s := Grouped(b.Persons) + " persons, " + Grouped(b.Events) + " events"
	var at int64
	for _, src := range b.Sources {
		at = max(at, src.ImportedAt)
	}
	if at > 0 {
		s += ", imported " + time.UnixMilli(at).UTC().Format("2006-01-02 15:04 UTC")
	}
	return s
}

// rating is an impact or effort as a comparison shows it: "" when not rated.
func rating(v int) string {
	if v == 0 {
		return ""
	}
	return strconv.Itoa(v)
}

// lensNames lists saved lenses by name: "Mobile app only, Backstage owners".
func lensNames(ls []*Lens) string {
	names := make([]string, len(ls))
	for i, l := range ls {
		names[i] = l.Name
	}
	return strings.Join(names, ", ")
}

// ElideAt is the longest text a change shows in full.
const ElideAt = 60

// ElideChange shortens two long texts of a change to the part around where
// they first differ, so that a one-word edit in a long note shows as that
// word, in the comparison's words and on the changes page alike.
func ElideChange(before, after string) (string, string) {
	a, b := []rune(before), []rune(after)
	if len(a) <= ElideAt && len(b) <= ElideAt {
		return before, after
	}
	same := 0
	for same < len(a) && same < len(b) && a[same] == b[same] {
		same++
	}
	// Start a few words before the difference, at the start of a word.
	start := 0
	if same > 20 {
		start = same - 15
		for k := start; k < same && k < start+10; k++ {
			if a[k] == ' ' {
				start = k + 1
				break
			}
		}
	}
	cut := func(r []rune) string {
		if len(r) == 0 {
			return ""
		}
		s, e := min(start, len(r)), min(len(r), start+ElideAt)
		// End at the end of a word when one is near.
		for k := e; e < len(r) && k > e-12 && k > s; k-- {
			if r[k] == ' ' {
				e = k
				break
			}
		}
		out := string(r[s:e])
		if s > 0 {
			out = "…" + out
		}
		if e < len(r) {
			out += "…"
		}
		return out
	}
	return cut(a), cut(b)
}
