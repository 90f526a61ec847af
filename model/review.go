package model

import (
	"fmt"
	"strings"
	"time"
)

// Dates and stamps as files and exports write them: a review date as
// YYYY-MM-DD, a card's last change as RFC 3339 in UTC to the second.
const (
	dateLayout  = "2006-01-02"
	stampLayout = time.RFC3339
)

// FormatDate writes a review date, "" for none.
func FormatDate(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	return d.UTC().Format(dateLayout)
}

// ParseDate reads a review date written by FormatDate.
func ParseDate(s string) (time.Time, error) {
	d, err := time.Parse(dateLayout, strings.TrimSpace(s))
	if err != nil || d.Year() < 1 || d.Year() > 9999 {
		return time.Time{}, fmt.Errorf("%q is not a date written as YYYY-MM-DD", clipText(s))
	}
	return d, nil
}

// FormatStamp writes when a card last changed, "" when unknown.
func FormatStamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Truncate(time.Second).Format(stampLayout)
}

// ParseStamp reads a stamp written by FormatStamp (any RFC 3339 time),
// as UTC to the second.
func ParseStamp(s string) (time.Time, error) {
	t, err := time.Parse(stampLayout, strings.TrimSpace(s))
	if err != nil || t.Year() < 1 || t.Year() > 9999 {
		return time.Time{}, fmt.Errorf("%q is not a time written as RFC 3339 (2026-03-03T10:00:00Z)", clipText(s))
	}
	return t.UTC().Truncate(time.Second), nil
}

// ReviewDue reports whether journey j's review date has come by day now.
func (j *Journey) ReviewDue(now time.Time) bool {
	if j.ReviewBy.IsZero() {
		return false
	}
	y, m, d := now.Date()
	return !time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Before(j.ReviewBy)
}

// SetJourneyReview sets who owns a journey and when it is due for review
// (zero: no date).
type SetJourneyReview struct {
	Journey  ID
	Owner    string
	ReviewBy time.Time
	Merge    string // typing the owner coalesces
	before   struct {
		owner string
		by    time.Time
	}
}

// Label implements Command.
func (c *SetJourneyReview) Label() string { return "Change owner and review date" }

// Do implements Command.
func (c *SetJourneyReview) Do(p *Project) error {
	j := p.Journey(c.Journey)
	if j == nil {
		return notFound("journey", c.Journey)
	}
	by := c.ReviewBy
	if !by.IsZero() {
		y, m, d := by.Date()
		by = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	if err := checkFields(func(v *validator) { v.review(ref("journey", j.Title, j.ID), c.Owner, by) }); err != nil {
		return err
	}
	c.before.owner, c.before.by = j.Owner, j.ReviewBy
	j.Owner, j.ReviewBy = c.Owner, by
	return nil
}

// Undo implements Command.
func (c *SetJourneyReview) Undo(p *Project) {
	if j := p.Journey(c.Journey); j != nil {
		j.Owner, j.ReviewBy = c.before.owner, c.before.by
	}
}

// Changes implements Command.
func (c *SetJourneyReview) Changes() Changes { return Changes{Journeys: []ID{c.Journey}} }

// Coalesce implements Coalescer.
func (c *SetJourneyReview) Coalesce(next Command) bool {
	n, ok := next.(*SetJourneyReview)
	if !ok || c.Merge == "" || n.Merge != c.Merge || n.Journey != c.Journey {
		return false
	}
	c.Owner, c.ReviewBy = n.Owner, n.ReviewBy
	return true
}

// review checks a journey's owner and review date.
func (v *validator) review(o objRef, owner string, by time.Time) {
	v.text(o, "owner", owner, MaxNameBytes, "an owner")
	if !by.IsZero() {
		if by.Year() < 1 || by.Year() > 9999 || by.Location() != time.UTC || by.Hour()+by.Minute()+by.Second()+by.Nanosecond() != 0 {
			v.add(o, "review date", "is not a day between years 1 and 9999")
		}
	}
}

// stamp checks a card's last change.
func (v *validator) stamp(o objRef, t time.Time) {
	if !t.IsZero() && (t.Year() < 1 || t.Year() > 9999 || t.Location() != time.UTC || t.Nanosecond() != 0) {
		v.add(o, "changed", "is not a time in UTC to the second between years 1 and 9999")
	}
}

// ReplaceProject makes the project equal to With (a saved version, say),
// keeping its ID: one undoable step. With is copied; the caller keeps it.
type ReplaceProject struct {
	With   *Project
	Name   string // what the undo menu calls it: "Restore version “Round 2”"
	before *Project
	after  *Project
}

// Label implements Command.
func (c *ReplaceProject) Label() string {
	if c.Name != "" {
		return c.Name
	}
	return "Replace the map"
}

// Do implements Command. The objects swap, they are not copied: the
// commands before and after this one in History hold pointers to journeys
// and cards, and undoing past a restore must find the very objects they
// changed.
func (c *ReplaceProject) Do(p *Project) error {
	if c.With == nil {
		return errNil("project")
	}
	if c.after == nil {
		after := c.With.Clone()
		after.ID = p.ID
		if err := after.Validate(); err != nil {
			return err
		}
		c.after = after
	}
	c.before = &Project{}
	*c.before = *p
	*p = *c.after
	return nil
}

// Undo implements Command. The map as the restore left it (which undoing
// the later steps has brought back) is kept for a redo.
func (c *ReplaceProject) Undo(p *Project) {
	*c.after = *p
	*p = *c.before
}

// Changes implements Command: every object of either side, so that the
// journal writes what is new and removes what is gone.
func (c *ReplaceProject) Changes() Changes {
	return changesOf(c.before).Merge(changesOf(c.after))
}

// changesOf lists every object of p (none when p is nil).
func changesOf(p *Project) Changes {
	ch := Changes{Project: true}
	if p == nil {
		return ch
	}
	for _, y := range p.Personas {
		ch.Personas = append(ch.Personas, y.ID)
	}
	for _, im := range p.Images {
		ch.Images = append(ch.Images, im.ID)
	}
	for _, j := range p.Journeys {
		jc := journeyChanges(j)
		ch.Journeys = append(ch.Journeys, jc.Journeys...)
		ch.Stages = append(ch.Stages, jc.Stages...)
		ch.Lanes = append(ch.Lanes, jc.Lanes...)
		ch.Touchpoints = append(ch.Touchpoints, jc.Touchpoints...)
	}
	return ch
}

// Edited implements cardEditor: no card is edited in itself, so the cards
// keep the Changed stamps the version holds (restoring is not a change to
// each card).
func (c *ReplaceProject) Edited() []ID { return nil }

// Version describes a named version of a project kept inside its file:
// what the History panel and `waymark history` list. The project it
// captured is read only when asked for (storage decodes it then).
type Version struct {
	Seq     int       // 1 for the first version of the file, counting up
	Name    string    // "After round-2 interviews"
	Note    string    // why
	Author  string    // may be empty
	Created time.Time // UTC, to the second
	// Summary is what changed since the version before, in one line ("+4
	// cards, 2 moved, 1 stage renamed"), written when it was saved.
	Summary string
}
