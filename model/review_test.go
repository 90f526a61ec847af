package model

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

// clock is a test clock that moves a minute at every reading.
func clock(start time.Time) func() time.Time {
	at := start
	return func() time.Time { at = at.Add(time.Minute); return at }
}

func TestCardsRecordTheirLastChange(t *testing.T) {
	p := smallProject()
	h := NewHistory(p, nil)
	start := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)
	h.SetClock(clock(start))
	_, t1 := p.FindTouchpoint("t1")
	after := t1.Clone()
	after.Title = "Edited"
	if err := h.Do(&UpdateTouchpoint{After: after, Merge: "title"}); err != nil {
		t.Fatal(err)
	}
	first := start.Add(time.Minute)
	if !t1.Changed.Equal(first) {
		t.Fatalf("changed %v, want %v", t1.Changed, first)
	}
	if _, t2 := p.FindTouchpoint("t2"); !t2.Changed.IsZero() {
		t.Error("an untouched card was stamped")
	}
	// Typing on coalesces into one step; the stamp follows the last key.
	after = after.Clone()
	after.Title = "Edited again"
	if err := h.Do(&UpdateTouchpoint{After: after, Merge: "title"}); err != nil {
		t.Fatal(err)
	}
	second := first.Add(time.Minute)
	if !t1.Changed.Equal(second) || !h.CanUndo() || h.UndoLabel() != "Edit card" {
		t.Fatalf("after coalescing: %v", t1.Changed)
	}
	// Undo puts back the stamp from before the step; redo the step's own.
	if _, err := h.Undo(); err != nil {
		t.Fatal(err)
	}
	if _, t1 = p.FindTouchpoint("t1"); !t1.Changed.IsZero() || t1.Title != "T1" {
		t.Fatalf("after undo: %q %v", t1.Title, t1.Changed)
	}
	if _, err := h.Redo(); err != nil {
		t.Fatal(err)
	}
	if _, t1 = p.FindTouchpoint("t1"); !t1.Changed.Equal(second) {
		t.Fatalf("after redo: %v, want %v", t1.Changed, second)
	}
}

type refusingJournal struct{}

func (refusingJournal) Commit(*Project, Changes) error { return errors.New("disk full") }

func TestRefusedEditKeepsStamps(t *testing.T) {
	p := smallProject()
	h := NewHistory(p, refusingJournal{})
	if err := h.Do(&SetPriority{Touchpoint: "t1", Impact: 2, Effort: 2}); err == nil {
		t.Fatal("the refusing journal took the edit")
	}
	if _, t1 := p.FindTouchpoint("t1"); !t1.Changed.IsZero() || t1.Impact != 0 {
		t.Errorf("a refused edit left %v, impact %d", t1.Changed, t1.Impact)
	}
}

func TestReplaceProject(t *testing.T) {
	p := smallProject()
	old := p.Clone()
	h := NewHistory(p, nil)
	h.SetClock(clock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)))
	version := smallProject()
	version.ID = "other"
	version.Journeys[0].Title = "Round 2"
	version.Journeys[0].Touchpoints = version.Journeys[0].Touchpoints[:2]
	stamp := time.Date(2025, 5, 5, 5, 5, 5, 0, time.UTC)
	version.Journeys[0].Touchpoints[0].Changed = stamp
	if err := h.Do(&ReplaceProject{With: version, Name: "Restore version"}); err != nil {
		t.Fatal(err)
	}
	if p.ID != "p" || p.Journeys[0].Title != "Round 2" || len(p.Journeys[0].Touchpoints) != 2 {
		t.Fatalf("after restoring: %+v", p.Journeys[0])
	}
	if !p.Journeys[0].Touchpoints[0].Changed.Equal(stamp) {
		t.Error("restoring stamped the cards as changed now, not as the version has them")
	}
	version.Journeys[0].Title = "Changed after"
	if p.Journeys[0].Title != "Round 2" {
		t.Error("the command shares the caller's project")
	}
	if _, err := h.Undo(); err != nil {
		t.Fatal(err)
	}
	if ok, diff := sameProject(p, old); !ok {
		t.Fatalf("undo: %s", diff)
	}
	c := (&ReplaceProject{With: version}).Changes()
	if len(c.Touchpoints) != 0 {
		t.Error("changes before Do name cards")
	}
	bad := smallProject()
	bad.Journeys[0].Touchpoints[0].StageID = "nowhere"
	if err := h.Do(&ReplaceProject{With: bad}); err == nil || !strings.Contains(err.Error(), "stage") {
		t.Errorf("an invalid version was restored: %v", err)
	}
}

func TestJourneyReview(t *testing.T) {
	p := smallProject()
	by := time.Date(2026, 3, 3, 15, 30, 0, 0, time.FixedZone("x", 3600))
	doUndo(t, p, &SetJourneyReview{Journey: "j", Owner: "CX team", ReviewBy: by}, func() {
		j := p.Journeys[0]
		if j.Owner != "CX team" || FormatDate(j.ReviewBy) != "2026-03-03" || j.ReviewBy.Location() != time.UTC {
			t.Fatalf("%q %v", j.Owner, j.ReviewBy)
		}
		if j.ReviewDue(time.Date(2026, 3, 2, 23, 0, 0, 0, time.UTC)) || !j.ReviewDue(time.Date(2026, 3, 3, 0, 0, 1, 0, time.UTC)) {
			t.Error("ReviewDue is wrong about the day")
		}
	})
	if (&Journey{}).ReviewDue(time.Now()) {
		t.Error("a journey without a review date is due")
	}
}

func TestJSONVersion4(t *testing.T) {
	p := smallProject()
	p.Journeys[0].Owner = "CX team"
	p.Journeys[0].ReviewBy = time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC)
	p.Journeys[0].Touchpoints[0].Changed = time.Date(2026, 12, 3, 10, 11, 12, 0, time.UTC)
	p.Journeys[0].Lenses = []*Lens{{Name: "Stale", Stale: 12}}
	data := mustEncode(t, p)
	for _, want := range []string{`"version": 4,`, `"owner": "CX team"`, `"reviewBy": "2027-01-31"`, `"changed": "2026-12-03T10:11:12Z"`, `"stale":12`} {
		if !bytes.Contains(bytes.ReplaceAll(data, []byte(`"stale": `), []byte(`"stale":`)), []byte(want)) {
			t.Errorf("JSON lacks %s", want)
		}
	}
	back, err := DecodeJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if ok, diff := sameProject(p, back); !ok {
		t.Fatal(diff)
	}
	for from, want := range map[string]string{`"reviewBy": "2027-01-31"`: `"reviewBy": "31/01/2027"`, `"changed": "2026-12-03T10:11:12Z"`: `"changed": "yesterday"`} {
		bad := bytes.Replace(data, []byte(from), []byte(want), 1)
		if _, err := DecodeJSON(bytes.NewReader(bad)); err == nil {
			t.Errorf("%s was read", want)
		}
	}
}

func TestStaleLens(t *testing.T) {
	now := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	m := (&Lens{Stale: 12}).MatchAt(now)
	for _, c := range []struct {
		changed time.Time
		stale   bool
	}{
		{time.Time{}, true},
		{now.AddDate(-1, 0, -1), true},
		{now.AddDate(0, -11, 0), false},
	} {
		if got := m.Shows(&Touchpoint{Changed: c.changed}); got != c.stale {
			t.Errorf("changed %v: shown %v", c.changed, got)
		}
	}
	if d := (&Lens{Stale: 12}).Describe(nil); d != "not changed for 12 months" {
		t.Errorf("Describe: %q", d)
	}
}

// Undoing past a restore reaches the objects the earlier steps changed:
// delete a card, restore a version, undo both, and the card is back; redo
// both, and it is gone again with the version's map.
func TestUndoPastRestore(t *testing.T) {
	p := smallProject()
	version := smallProject()
	version.Journeys[0].Title = "Version"
	h := NewHistory(p, nil)
	start := captureState(t, p)
	if err := h.Do(&DeleteTouchpoints{IDs: []ID{"t2"}}); err != nil {
		t.Fatal(err)
	}
	deleted := captureState(t, p)
	if err := h.Do(&ReplaceProject{With: version}); err != nil {
		t.Fatal(err)
	}
	restored := captureState(t, p)
	for _, want := range []historyState{deleted, start} {
		if _, err := h.Undo(); err != nil {
			t.Fatal(err)
		}
		checkState(t, "undo", p, want)
	}
	for _, want := range []historyState{deleted, restored} {
		if _, err := h.Redo(); err != nil {
			t.Fatal(err)
		}
		checkState(t, "redo", p, want)
	}
	// A step after the restore, undone and redone across it.
	if err := h.Do(&SetPriority{Touchpoint: "t1", Impact: 3, Effort: 1}); err != nil {
		t.Fatal(err)
	}
	rated := captureState(t, p)
	for range 3 {
		if _, err := h.Undo(); err != nil {
			t.Fatal(err)
		}
	}
	checkState(t, "undo all", p, start)
	for range 3 {
		if _, err := h.Redo(); err != nil {
			t.Fatal(err)
		}
	}
	checkState(t, "redo all", p, rated)
}

// Adding, moving or deleting a card renumbers the others of its cell, but
// only the card itself counts as changed.
func TestOnlyTheCardItselfIsStamped(t *testing.T) {
	p := smallProject() // s1/l1: t1 t2 t3
	h := NewHistory(p, nil)
	h.SetClock(clock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)))
	stamped := func() []ID {
		var ids []ID
		for _, c := range p.Journeys[0].Touchpoints {
			if !c.Changed.IsZero() {
				ids = append(ids, c.ID)
			}
		}
		return ids
	}
	if err := h.Do(&MoveTouchpoints{IDs: []ID{"t3"}, Stage: "s1", Lane: "l1", Index: 0}); err != nil {
		t.Fatal(err)
	}
	if got := stamped(); len(got) != 1 || got[0] != "t3" {
		t.Fatalf("moving t3 to the top stamped %v", got)
	}
	if err := h.Do(&DeleteTouchpoints{IDs: []ID{"t1"}}); err != nil {
		t.Fatal(err)
	}
	if err := h.Do(&Batch{Name: "Add", Commands: []Command{&AddTouchpoint{Journey: "j", Touchpoint: &Touchpoint{ID: "new", StageID: "s1", LaneID: "l1", Title: "New"}}}}); err != nil {
		t.Fatal(err)
	}
	if got := stamped(); len(got) != 2 || !slicesContains(got, "t3") || !slicesContains(got, "new") {
		t.Fatalf("after deleting t1 and adding a card at the top: %v", got)
	}
}

func slicesContains(s []ID, id ID) bool {
	for _, x := range s {
		if x == id {
			return true
		}
	}
	return false
}
