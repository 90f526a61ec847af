package model

import (
	"fmt"
	"time"
)

// Command is one change to a project. Every edit, from typing a title to
// deleting a stage, is a Command, so that undo, redo, the dirty flag and the
// working-copy commits all come from one place: History.
type Command interface {
	// Label names the edit for the Undo and Redo menu items ("Move card").
	Label() string
	// Do applies the command. On error the project is unchanged.
	Do(p *Project) error
	// Undo reverts a command that Do applied.
	Undo(p *Project)
	// Changes names the objects Do and Undo touch. Valid after Do.
	Changes() Changes
}

// Coalescer is a command that can absorb the command done right after it,
// so that a burst of typing or one drag is a single undo step.
type Coalescer interface {
	// Coalesce merges next (already applied) into the receiver and reports
	// whether it did. After a merge the receiver's Undo reverts both.
	Coalesce(next Command) bool
}

// Changes names the objects a command touched, so the working copy can write
// exactly those rows: an ID that still exists is written, one that no longer
// exists is deleted.
type Changes struct {
	Project     bool
	Personas    []ID
	Journeys    []ID
	Stages      []ID
	Lanes       []ID
	Touchpoints []ID
	Images      []ID
}

// Empty reports whether nothing was touched.
func (c Changes) Empty() bool {
	return !c.Project && len(c.Personas)+len(c.Journeys)+len(c.Stages)+len(c.Lanes)+len(c.Touchpoints)+len(c.Images) == 0
}

// Merge returns the union of two change sets.
func (c Changes) Merge(o Changes) Changes {
	return Changes{
		Project:     c.Project || o.Project,
		Personas:    unionIDs(c.Personas, o.Personas),
		Journeys:    unionIDs(c.Journeys, o.Journeys),
		Stages:      unionIDs(c.Stages, o.Stages),
		Lanes:       unionIDs(c.Lanes, o.Lanes),
		Touchpoints: unionIDs(c.Touchpoints, o.Touchpoints),
		Images:      unionIDs(c.Images, o.Images),
	}
}

func unionIDs(a, b []ID) []ID {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	seen := make(map[ID]bool, len(a)+len(b))
	out := make([]ID, 0, len(a)+len(b))
	for _, s := range [][]ID{a, b} {
		for _, id := range s {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	return out
}

// Journal receives every change as it happens. The storage working copy is a
// Journal: it commits each change to disk so that a crash loses at most the
// edit in flight.
type Journal interface {
	Commit(p *Project, c Changes) error
}

// History applies commands to a project and keeps them for undo and redo:
// the applied items are items[:index], the redoable ones items[index:].
type History struct {
	project *Project
	journal Journal
	items   []Command
	index   int
	// saved is the index that matches the file on disk, or -1 when that
	// state can no longer be reached by undo or redo.
	saved int
	// sealed stops the next command from coalescing with the last one.
	sealed  bool
	counter uint64
	notify  []func()
	now     func() time.Time
	stamps  []stamps // when each step's cards changed, beside items
}

// NewHistory starts an empty history on a project. journal may be nil.
func NewHistory(p *Project, journal Journal) *History {
	return &History{project: p, journal: journal, sealed: true}
}

// Project returns the project being edited.
func (h *History) Project() *Project { return h.project }

// OnChange registers a function called after every do, undo and redo.
func (h *History) OnChange(f func()) { h.notify = append(h.notify, f) }

// Counter increases with every change; the app compares it to redraw lazily.
func (h *History) Counter() uint64 { return h.counter }

// Dirty reports whether the project differs from the last save.
func (h *History) Dirty() bool { return h.index != h.saved }

// MarkSaved records that the current state is what the file holds.
func (h *History) MarkSaved() {
	h.saved = h.index
	h.sealed = true
	h.changed()
}

// SavePoint identifies the state of the project at one moment, so that a
// save that runs in the background can mark exactly that state as saved.
type SavePoint struct {
	index int
	top   Command
}

// SavePoint returns the current state and seals it: the next edit cannot
// coalesce into the step a background save is writing.
func (h *History) SavePoint() SavePoint {
	h.sealed = true
	sp := SavePoint{index: h.index}
	if h.index > 0 {
		sp.top = h.items[h.index-1]
	}
	return sp
}

// MarkSavedAt records that the file holds the state of sp. Edits made since
// sp stay unsaved; if sp's state was undone and branched away from, no
// state matches the file.
func (h *History) MarkSavedAt(sp SavePoint) {
	h.saved = -1
	if sp.index <= len(h.items) && (sp.index == 0 || h.items[sp.index-1] == sp.top) {
		h.saved = sp.index
	}
	if h.saved == h.index {
		h.sealed = true
	}
	h.changed()
}

// MarkUnsaved records that nothing on disk holds the current state, as for a
// project restored from a working copy after a crash.
func (h *History) MarkUnsaved() {
	h.saved = -1
	h.changed()
}

// Seal ends coalescing: the next command starts a new undo step even if it
// could merge with the last (focus left a field, a drag ended).
func (h *History) Seal() { h.sealed = true }

// Do applies a command, commits it to the journal and makes it undoable.
// If the journal refuses the change, the command is reverted and the error
// returned, so memory never runs ahead of the disk.
func (h *History) Do(c Command) error {
	if c == nil {
		return errNil("command")
	}
	if err := c.Do(h.project); err != nil {
		return err
	}
	var st stamps
	h.stampNow(EditedCards(c), &st)
	if err := h.commit(c.Changes()); err != nil {
		h.setStamps(st.before)
		c.Undo(h.project)
		return err
	}
	h.items = h.items[:h.index]
	h.stamps = h.stamps[:h.index]
	if h.saved > h.index {
		h.saved = -1
	}
	merged := false
	if !h.sealed && h.index > 0 && h.index != h.saved {
		if co, ok := h.items[h.index-1].(Coalescer); ok {
			merged = co.Coalesce(c)
		}
	}
	if merged {
		// The step keeps its cards' stamps from before it began.
		top := &h.stamps[h.index-1]
		if top.before == nil {
			*top = st
		} else {
			for id, at := range st.before {
				if _, ok := top.before[id]; !ok {
					top.before[id] = at
				}
			}
			for id, at := range st.after {
				top.after[id] = at
			}
		}
	} else {
		h.items = append(h.items, c)
		h.stamps = append(h.stamps, st)
		h.index++
	}
	h.sealed = false
	h.changed()
	return nil
}

// CanUndo reports whether there is a step to undo.
func (h *History) CanUndo() bool { return h.index > 0 }

// CanRedo reports whether there is a step to redo.
func (h *History) CanRedo() bool { return h.index < len(h.items) }

// UndoLabel names the step Undo would revert, or "".
func (h *History) UndoLabel() string {
	if !h.CanUndo() {
		return ""
	}
	return h.items[h.index-1].Label()
}

// RedoLabel names the step Redo would apply, or "".
func (h *History) RedoLabel() string {
	if !h.CanRedo() {
		return ""
	}
	return h.items[h.index].Label()
}

// Undo reverts the last step. It returns false when there is none.
func (h *History) Undo() (bool, error) {
	if !h.CanUndo() {
		return false, nil
	}
	c := h.items[h.index-1]
	st := h.stamps[h.index-1]
	c.Undo(h.project)
	h.setStamps(st.before)
	if err := h.commit(c.Changes()); err != nil {
		if rerr := c.Do(h.project); rerr != nil {
			return false, fmt.Errorf("%w (and the edit could not be restored: %v)", err, rerr)
		}
		h.setStamps(st.after)
		return false, err
	}
	h.index--
	h.sealed = true
	h.changed()
	return true, nil
}

// Redo applies the step last undone. It returns false when there is none.
func (h *History) Redo() (bool, error) {
	if !h.CanRedo() {
		return false, nil
	}
	c := h.items[h.index]
	st := h.stamps[h.index]
	if err := c.Do(h.project); err != nil {
		return false, err
	}
	h.setStamps(st.after)
	if err := h.commit(c.Changes()); err != nil {
		h.setStamps(st.before)
		c.Undo(h.project)
		return false, err
	}
	h.index++
	h.sealed = true
	h.changed()
	return true, nil
}

func (h *History) commit(c Changes) error {
	if h.journal == nil || c.Empty() {
		return nil
	}
	return h.journal.Commit(h.project, c)
}

// SetClock sets the clock History stamps changed cards with; tests set it.
// nil is the machine's clock.
func (h *History) SetClock(now func() time.Time) { h.now = now }

// stamps is when the cards of one undo step changed: before it and by it.
// A card's last change is part of the card, written with it, but not a
// step of its own: undo puts back the stamps from before the step, redo
// those it made.
type stamps struct {
	before, after map[ID]time.Time
}

// cardsIn finds the cards of p whose IDs are keys of want, stopping once
// it has them all: a command usually edits one card of many.
func cardsIn[V any](p *Project, want map[ID]V) []*Touchpoint {
	if len(want) == 0 {
		return nil
	}
	var out []*Touchpoint
	for _, j := range p.Journeys {
		for _, t := range j.Touchpoints {
			if _, ok := want[t.ID]; ok {
				if out = append(out, t); len(out) == len(want) {
					return out
				}
			}
		}
	}
	return out
}

// stampNow sets Changed to now on the cards of ids, and adds what they
// were and are now to st (a card already in st.before keeps its first).
func (h *History) stampNow(ids []ID, st *stamps) {
	want := make(map[ID]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	cards := cardsIn(h.project, want)
	if len(cards) == 0 {
		return
	}
	now := time.Now
	if h.now != nil {
		now = h.now
	}
	at := now().UTC().Truncate(time.Second)
	if st.before == nil {
		st.before, st.after = make(map[ID]time.Time, len(cards)), make(map[ID]time.Time, len(cards))
	}
	for _, t := range cards {
		if _, ok := st.before[t.ID]; !ok {
			st.before[t.ID] = t.Changed
		}
		t.Changed, st.after[t.ID] = at, at
	}
}

// setStamps puts stamps m back on the cards that hold them.
func (h *History) setStamps(m map[ID]time.Time) {
	for _, t := range cardsIn(h.project, m) {
		t.Changed = m[t.ID]
	}
}

func (h *History) changed() {
	h.counter++
	for _, f := range h.notify {
		f()
	}
}

// cardEditor is a command whose Changes list cards it only renumbered
// beside the ones it changed (adding, moving or deleting a card shifts the
// others of its cell): Edited names the changed ones, which alone count as
// changed.
type cardEditor interface{ Edited() []ID }

// EditedCards is the cards command c changed in themselves, which History
// stamps as changed.
func EditedCards(c Command) []ID {
	if e, ok := c.(cardEditor); ok {
		return e.Edited()
	}
	return c.Changes().Touchpoints
}
