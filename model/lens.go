package model

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Flag is one of the three marks a card can carry, as the lens filters and
// the command line name them.
type Flag string

// The three flags.
const (
	FlagPainPoint     Flag = "pain-point"
	FlagOpportunity   Flag = "opportunity"
	FlagMomentOfTruth Flag = "moment-of-truth"
)

// Flags lists the flags in the order menus show them.
var Flags = []Flag{FlagPainPoint, FlagOpportunity, FlagMomentOfTruth}

// Valid reports whether f is one of the three flags.
func (f Flag) Valid() bool { return slices.Contains(Flags, f) }

// Label is the flag in words: "Pain point".
func (f Flag) Label() string {
	switch f {
	case FlagPainPoint:
		return "Pain point"
	case FlagOpportunity:
		return "Opportunity"
	case FlagMomentOfTruth:
		return "Moment of truth"
	}
	return string(f)
}

// On reports whether card t carries flag f.
func (f Flag) On(t *Touchpoint) bool {
	switch f {
	case FlagPainPoint:
		return t.PainPoint
	case FlagOpportunity:
		return t.Opportunity
	case FlagMomentOfTruth:
		return t.MomentOfTruth
	}
	return false
}

// ParseFlag reads a flag as the command line writes it, ignoring case,
// spaces and underscores: "pain-point", "Pain point", "pain_point".
func ParseFlag(s string) (Flag, error) {
	k := strings.NewReplacer(" ", "-", "_", "-").Replace(strings.ToLower(strings.TrimSpace(s)))
	if f := Flag(k); f.Valid() {
		return f, nil
	}
	return "", fmt.Errorf("%q is not a flag: use pain-point, opportunity or moment-of-truth", s)
}

// NoConfidence stands, in a lens's confidence filter, for the cards whose
// evidence confidence is not recorded. It is never a card's confidence.
const NoConfidence Confidence = "none"

// ParseConfidence reads a confidence level of a lens filter: assumption,
// anecdotal, validated or none.
func ParseConfidence(s string) (Confidence, error) {
	c := Confidence(strings.ToLower(strings.TrimSpace(s)))
	if c.Valid() || c == NoConfidence {
		return c, nil
	}
	return "", fmt.Errorf("%q is not a confidence: use assumption, anecdotal, validated or none", s)
}

// Lens narrows the view of a journey: which cards it shows and whose
// curve. Filters of different kinds combine (a card must pass each);
// values within one kind are alternatives (any channel listed). An empty
// filter lets every card through. A lens is a view: applying it never
// changes the journey. Saved lenses are immutable values, replaced whole
// by SaveLens, like behaviour figures.
type Lens struct {
	// Name is what a saved lens is listed as, unique in its journey
	// ignoring case; empty for an unsaved lens.
	Name string
	// Channels and Owners match a card's channel and owner trimmed and
	// ignoring case; CoverageNone matches a card with none.
	Channels []string
	Owners   []string
	Tags     []string // a card with any of these tags, ignoring case
	Flags    []Flag   // a card carrying any of these flags
	// Confidence holds the evidence confidence levels shown; NoConfidence
	// is a card with none recorded.
	Confidence []Confidence
	// Persona, when set, is the one persona whose curve and score badges
	// are shown. It does not leave any card out.
	Persona ID
	// Hide removes the cards the lens leaves out, and the card lanes and
	// stages that then hold none, instead of dimming them.
	Hide bool
	// Stale, when above 0, shows only the cards not changed in that many
	// months (and those whose last change is unknown): what may no longer
	// be true.
	Stale int
}

// Filters reports whether the lens leaves any card out or picks a persona.
func (l *Lens) Filters() bool {
	return l != nil && (l.cardFilters() || l.Persona != "")
}

// cardFilters reports whether the lens leaves any card out.
func (l *Lens) cardFilters() bool {
	return len(l.Channels)+len(l.Owners)+len(l.Tags)+len(l.Flags)+len(l.Confidence) > 0 || l.Stale > 0
}

// SameView reports whether two lenses show the same thing, names aside.
func (l *Lens) SameView(o *Lens) bool {
	if l == nil || o == nil {
		return !l.Filters() && !o.Filters() && (l == nil || !l.Hide) == (o == nil || !o.Hide)
	}
	return slices.Equal(l.Channels, o.Channels) && slices.Equal(l.Owners, o.Owners) && slices.Equal(l.Tags, o.Tags) &&
		slices.Equal(l.Flags, o.Flags) && slices.Equal(l.Confidence, o.Confidence) && l.Persona == o.Persona && l.Hide == o.Hide &&
		l.Stale == o.Stale
}

// Clone returns a copy sharing nothing with l.
func (l *Lens) Clone() *Lens {
	if l == nil {
		return nil
	}
	c := *l
	c.Channels, c.Owners, c.Tags = slices.Clone(l.Channels), slices.Clone(l.Owners), slices.Clone(l.Tags)
	c.Flags, c.Confidence = slices.Clone(l.Flags), slices.Clone(l.Confidence)
	return &c
}

// Describe is the lens's filters in words, for a status line or a tip:
// "channel Web or App · pain points · persona Zoë". Empty when it filters
// nothing.
func (l *Lens) Describe(p *Project) string {
	if l == nil {
		return ""
	}
	var parts []string
	or := func(kind string, vals []string) {
		if len(vals) > 0 {
			trimmed := make([]string, len(vals))
			for i, v := range vals {
				trimmed[i] = strings.Join(strings.Fields(v), " ")
			}
			parts = append(parts, kind+" "+strings.Join(trimmed, " or "))
		}
	}
	or("channel", l.Channels)
	or("owner", l.Owners)
	or("tag", l.Tags)
	var flags, conf []string
	for _, f := range l.Flags {
		flags = append(flags, strings.ToLower(f.Label()))
	}
	or("flag", flags)
	for _, c := range l.Confidence {
		conf = append(conf, string(c))
	}
	or("confidence", conf)
	if l.Stale > 0 {
		parts = append(parts, fmt.Sprintf("not changed for %d months", l.Stale))
	}
	if l.Persona != "" {
		name := string(l.Persona)
		if p != nil {
			if x := p.Persona(l.Persona); x != nil {
				name = x.Name
			}
		}
		parts = append(parts, "persona "+name)
	}
	return strings.Join(parts, " · ")
}

// LensMatch is a lens made ready to test many cards: its values folded
// once.
type LensMatch struct {
	channels, owners, tags map[string]bool
	flags                  []Flag
	confidence             []Confidence
	staleBefore            time.Time // zero: no stale filter
	all                    bool
}

// lensKey is how channels, owners and tags compare: trimmed, ignoring case.
func lensKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func lensSet(vals []string) map[string]bool {
	if len(vals) == 0 {
		return nil
	}
	m := make(map[string]bool, len(vals))
	for _, v := range vals {
		if v == CoverageNone {
			m[""] = true
		} else {
			m[lensKey(v)] = true
		}
	}
	return m
}

// Match prepares the lens for Shows, its stale filter counted from now. A
// nil lens shows every card.
func (l *Lens) Match() *LensMatch { return l.MatchAt(time.Now()) }

// MatchAt is Match with the stale filter counted from now.
func (l *Lens) MatchAt(now time.Time) *LensMatch {
	if l == nil || !l.cardFilters() {
		return &LensMatch{all: true}
	}
	m := &LensMatch{channels: lensSet(l.Channels), owners: lensSet(l.Owners), tags: lensSet(l.Tags),
		flags: l.Flags, confidence: l.Confidence}
	if l.Stale > 0 {
		m.staleBefore = now.UTC().AddDate(0, -l.Stale, 0)
	}
	return m
}

// All reports whether every card passes (the lens filters no card).
func (m *LensMatch) All() bool { return m.all }

// Shows reports whether card t passes every filter of the lens.
func (m *LensMatch) Shows(t *Touchpoint) bool {
	if m.all {
		return true
	}
	if m.channels != nil && !m.channels[lensKey(t.Channel)] {
		return false
	}
	if m.owners != nil && !m.owners[lensKey(t.Owner)] {
		return false
	}
	if m.tags != nil && !slices.ContainsFunc(t.Tags, func(s string) bool { return m.tags[lensKey(s)] }) {
		return false
	}
	if len(m.flags) > 0 && !slices.ContainsFunc(m.flags, func(f Flag) bool { return f.On(t) }) {
		return false
	}
	if !m.staleBefore.IsZero() && !t.Changed.IsZero() && !t.Changed.Before(m.staleBefore) {
		return false
	}
	if len(m.confidence) > 0 {
		c := t.Confidence
		if c == "" {
			c = NoConfidence
		}
		if !slices.Contains(m.confidence, c) {
			return false
		}
	}
	return true
}

// Lens returns the journey's saved lens named name (ignoring case), or nil.
func (j *Journey) Lens(name string) *Lens {
	for _, l := range j.Lenses {
		if strings.EqualFold(strings.TrimSpace(l.Name), strings.TrimSpace(name)) {
			return l
		}
	}
	return nil
}

// lens checks a saved lens of journey j.
func (v *validator) lens(o objRef, l *Lens, personas map[ID]bool) {
	v.required(o, "name", l.Name)
	v.text(o, "name", l.Name, MaxNameBytes, "a name")
	v.list(o, "channels", l.Channels, MaxTextBytes, "the channels together")
	v.list(o, "owners", l.Owners, MaxTextBytes, "the owners together")
	v.list(o, "tags", l.Tags, MaxTextBytes, "the tags together")
	for _, f := range l.Flags {
		if !f.Valid() {
			v.add(o, "flags", "%q is not pain-point, opportunity or moment-of-truth", clipText(string(f)))
			break
		}
	}
	for _, c := range l.Confidence {
		if !c.Valid() && c != NoConfidence {
			v.add(o, "confidence", "%q is not assumption, anecdotal, validated or none", clipText(string(c)))
			break
		}
	}
	if l.Stale < 0 || l.Stale > 1200 {
		v.add(o, "stale", "%d is not a number of months from 1 to 1,200 (or 0, off)", l.Stale)
	}
	if l.Persona != "" && !personas[l.Persona] {
		v.add(o, "persona", "refers to persona %s, which does not exist", idText(l.Persona))
	}
}

// SaveLens stores a lens under its name in a journey: it replaces the
// saved lens of the same name (ignoring case), in its place, or adds it at
// the end.
type SaveLens struct {
	Journey ID
	Lens    *Lens
	index   int
	before  *Lens // the lens replaced; nil when added
}

// Label implements Command.
func (c *SaveLens) Label() string { return "Save lens" }

// Do implements Command.
func (c *SaveLens) Do(p *Project) error {
	if c.Lens == nil {
		return errNil("lens")
	}
	j := p.Journey(c.Journey)
	if j == nil {
		return notFound("journey", c.Journey)
	}
	l := c.Lens.Clone()
	l.Name = strings.TrimSpace(l.Name)
	c.index, c.before = -1, nil
	for i, x := range j.Lenses {
		if strings.EqualFold(strings.TrimSpace(x.Name), l.Name) {
			c.index, c.before = i, x
		}
	}
	if c.before == nil {
		if len(j.Lenses) >= MaxLensesPerJourney {
			return fmt.Errorf("the journey already has %s saved lenses, the most it may hold", Grouped(MaxLensesPerJourney))
		}
		if err := checkRoom(p, Counts{Lenses: 1}); err != nil {
			return err
		}
	}
	personas := map[ID]bool{}
	for _, x := range p.Personas {
		personas[x.ID] = true
	}
	if err := checkFields(func(v *validator) {
		v.lens(objRef{kind: "lens", name: l.Name, of: &objRef{kind: "journey", name: j.Title, id: j.ID}}, l, personas)
	}); err != nil {
		return err
	}
	if c.before == nil {
		c.index = len(j.Lenses)
		j.Lenses = append(j.Lenses, l)
	} else {
		j.Lenses = slices.Clone(j.Lenses)
		j.Lenses[c.index] = l
	}
	return nil
}

// Undo implements Command.
func (c *SaveLens) Undo(p *Project) {
	j := p.Journey(c.Journey)
	if j == nil || c.index < 0 || c.index >= len(j.Lenses) {
		return
	}
	j.Lenses = slices.Clone(j.Lenses)
	if c.before == nil {
		j.Lenses = slices.Delete(j.Lenses, c.index, c.index+1)
	} else {
		j.Lenses[c.index] = c.before
	}
}

// Changes implements Command.
func (c *SaveLens) Changes() Changes { return Changes{Journeys: []ID{c.Journey}} }

// DeleteLens removes a saved lens from a journey.
type DeleteLens struct {
	Journey ID
	Name    string
	index   int
	lens    *Lens
}

// Label implements Command.
func (c *DeleteLens) Label() string { return "Delete lens" }

// Do implements Command.
func (c *DeleteLens) Do(p *Project) error {
	j := p.Journey(c.Journey)
	if j == nil {
		return notFound("journey", c.Journey)
	}
	c.index = slices.IndexFunc(j.Lenses, func(l *Lens) bool { return strings.EqualFold(l.Name, strings.TrimSpace(c.Name)) })
	if c.index < 0 {
		return fmt.Errorf("the journey has no lens named %q", c.Name)
	}
	c.lens = j.Lenses[c.index]
	j.Lenses = slices.Delete(slices.Clone(j.Lenses), c.index, c.index+1)
	return nil
}

// Undo implements Command.
func (c *DeleteLens) Undo(p *Project) {
	if j := p.Journey(c.Journey); j != nil {
		j.Lenses = insertAt(slices.Clone(j.Lenses), c.index, c.lens)
	}
}

// Changes implements Command.
func (c *DeleteLens) Changes() Changes { return Changes{Journeys: []ID{c.Journey}} }
