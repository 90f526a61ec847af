package model

import (
	"errors"
	"testing"
)

// typeTitle is what typing one more letter into a card's title does.
func typeTitle(t *testing.T, h *History, id ID, title, merge string) {
	t.Helper()
	_, tp := h.Project().FindTouchpoint(id)
	after := tp.Clone()
	after.Title = title
	if err := h.Do(&UpdateTouchpoint{After: after, Merge: merge}); err != nil {
		t.Fatalf("UpdateTouchpoint: %v", err)
	}
}

func title(h *History, id ID) string {
	_, tp := h.Project().FindTouchpoint(id)
	return tp.Title
}

func mustUndo(t *testing.T, h *History) {
	t.Helper()
	if ok, err := h.Undo(); !ok || err != nil {
		t.Fatalf("Undo = %v, %v", ok, err)
	}
}

func mustRedo(t *testing.T, h *History) {
	t.Helper()
	if ok, err := h.Redo(); !ok || err != nil {
		t.Fatalf("Redo = %v, %v", ok, err)
	}
}

// undoSteps undoes everything and counts the steps.
func undoSteps(t *testing.T, h *History) int {
	t.Helper()
	n := 0
	for h.CanUndo() {
		mustUndo(t, h)
		n++
	}
	return n
}

func TestCoalesceSameMergeKey(t *testing.T) {
	h := NewHistory(smallProject(), nil)
	for _, s := range []string{"T", "Ti", "Tit", "Titl", "Title"} {
		typeTitle(t, h, "t1", s, "title")
	}
	if got := title(h, "t1"); got != "Title" {
		t.Fatalf("title = %q", got)
	}
	if n := undoSteps(t, h); n != 1 {
		t.Fatalf("typing with one merge key took %d undo steps, want 1", n)
	}
	if got := title(h, "t1"); got != "T1" {
		t.Fatalf("after undo title = %q, want the original T1", got)
	}
	mustRedo(t, h)
	if got := title(h, "t1"); got != "Title" {
		t.Fatalf("after redo title = %q, want Title", got)
	}
}

func TestNoCoalesce(t *testing.T) {
	cases := map[string]func(h *History){
		"different key":   func(h *History) { typeTitle(t, h, "t1", "b", "notes") },
		"empty key":       nil,
		"other card":      func(h *History) { typeTitle(t, h, "t2", "b", "title") },
		"sealed":          func(h *History) { h.Seal(); typeTitle(t, h, "t1", "b", "title") },
		"after save":      func(h *History) { h.MarkSaved(); typeTitle(t, h, "t1", "b", "title") },
		"after undo/redo": func(h *History) { mustUndo(t, h); mustRedo(t, h); typeTitle(t, h, "t1", "b", "title") },
		"after undo": func(h *History) {
			typeTitle(t, h, "t2", "x", "title")
			mustUndo(t, h)
			typeTitle(t, h, "t1", "b", "title")
		},
	}
	for name, second := range cases {
		t.Run(name, func(t *testing.T) {
			h := NewHistory(smallProject(), nil)
			if second == nil {
				typeTitle(t, h, "t1", "a", "")
				typeTitle(t, h, "t1", "b", "")
			} else {
				typeTitle(t, h, "t1", "a", "title")
				second(h)
			}
			if n := undoSteps(t, h); n != 2 {
				t.Fatalf("%d undo steps, want 2", n)
			}
			if title(h, "t1") != "T1" || title(h, "t2") != "T2" {
				t.Fatalf("undo did not restore the titles: %q %q", title(h, "t1"), title(h, "t2"))
			}
		})
	}
}

func TestCoalesceOtherEdits(t *testing.T) {
	p := smallProject()
	h := NewHistory(p, nil)
	before := mustEncode(t, p)
	steps := []Command{
		&RenameProject{Name: "S", Merge: "name"}, &RenameProject{Name: "Sm", Merge: "name"},
		&UpdateJourney{ID: "j", Title: "A", Merge: "title"}, &UpdateJourney{ID: "j", Title: "AB", Merge: "title"},
		&UpdatePersona{After: Persona{ID: "a", Name: "X"}, Merge: "name"}, &UpdatePersona{After: Persona{ID: "a", Name: "XY"}, Merge: "name"},
		&UpdateStage{After: &Stage{ID: "s1", Name: "Q"}, Merge: "name"}, &UpdateStage{After: &Stage{ID: "s1", Name: "QR"}, Merge: "name"},
		&UpdateLane{After: &Lane{ID: "l1", Name: "Q", Kind: LaneCustom}, Merge: "name"},
		&UpdateLane{After: &Lane{ID: "l1", Name: "QR", Kind: LaneCustom}, Merge: "name"},
	}
	for i, c := range steps {
		if i%2 == 0 {
			h.Seal()
		}
		if err := h.Do(c); err != nil {
			t.Fatal(err)
		}
	}
	if p.Name != "Sm" || p.Journeys[0].Title != "AB" || p.Personas[0].Name != "XY" ||
		p.Journeys[0].Stages[0].Name != "QR" || p.Journeys[0].Lanes[0].Name != "QR" {
		t.Fatalf("edits not applied: %+v", p)
	}
	if n := undoSteps(t, h); n != len(steps)/2 {
		t.Fatalf("%d undo steps, want %d", n, len(steps)/2)
	}
	if got := mustEncode(t, p); string(got) != string(before) {
		t.Fatalf("undo did not restore: %s", firstDiff(string(before), string(got)))
	}
}

func TestSetEmotionDragCoalesces(t *testing.T) {
	p := smallProject()
	h := NewHistory(p, nil)
	// t1 has a score for a; t5 has none.
	for _, s := range []int{0, 1, 2, -1, -2} {
		if err := h.Do(&SetEmotion{Touchpoint: "t1", Persona: "a", Score: s, Merge: "curve"}); err != nil {
			t.Fatal(err)
		}
	}
	h.Seal()
	for _, s := range []int{2, 1, 0} {
		if err := h.Do(&SetEmotion{Touchpoint: "t5", Persona: "b", Score: s, Merge: "curve"}); err != nil {
			t.Fatal(err)
		}
	}
	_, t1 := p.FindTouchpoint("t1")
	_, t5 := p.FindTouchpoint("t5")
	if t1.Emotions["a"] != -2 || t5.Emotions["b"] != 0 {
		t.Fatalf("scores = %v %v", t1.Emotions, t5.Emotions)
	}
	mustUndo(t, h)
	if _, ok := t5.Score("b"); ok {
		t.Fatalf("undo of a drag on an unscored card left a score: %v", t5.Emotions)
	}
	if t1.Emotions["a"] != -2 {
		t.Fatalf("undo reverted more than the last drag: %v", t1.Emotions)
	}
	mustUndo(t, h)
	if s, ok := t1.Score("a"); !ok || s != 1 {
		t.Fatalf("undo of the first drag: score %d %v, want 1", s, ok)
	}
	if h.CanUndo() {
		t.Fatal("two drags made more than two undo steps")
	}
	// A drag ending in Clear is one step that removes the score; undo restores it.
	h.Seal()
	for _, c := range []*SetEmotion{{Touchpoint: "t1", Persona: "a", Score: 2, Merge: "curve"}, {Touchpoint: "t1", Persona: "a", Clear: true, Merge: "curve"}} {
		if err := h.Do(c); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok := t1.Score("a"); ok {
		t.Fatal("Clear left the score")
	}
	mustUndo(t, h)
	if s, ok := t1.Score("a"); !ok || s != 1 {
		t.Fatalf("undo of set+clear: %d %v, want 1", s, ok)
	}
	if h.CanUndo() {
		t.Fatal("set then clear made two steps")
	}
	// Another persona on the same card is another step.
	h.Seal()
	_ = h.Do(&SetEmotion{Touchpoint: "t1", Persona: "a", Score: 0, Merge: "curve"})
	_ = h.Do(&SetEmotion{Touchpoint: "t1", Persona: "b", Score: 0, Merge: "curve"})
	if n := undoSteps(t, h); n != 2 {
		t.Fatalf("two personas: %d steps, want 2", n)
	}
	// Two picks of a score (no key) are two steps, as are two renames
	// without a key.
	h.Seal()
	_ = h.Do(&SetEmotion{Touchpoint: "t1", Persona: "a", Score: 1})
	_ = h.Do(&SetEmotion{Touchpoint: "t1", Persona: "a", Score: 2})
	_ = h.Do(&RenameProject{Name: "One"})
	_ = h.Do(&RenameProject{Name: "Two"})
	if n := undoSteps(t, h); n != 4 {
		t.Fatalf("two picks and two renames: %d steps, want 4", n)
	}
}

func TestSavedAndDirty(t *testing.T) {
	h := NewHistory(smallProject(), nil)
	if h.Dirty() {
		t.Fatal("a new history is dirty")
	}
	typeTitle(t, h, "t1", "a", "title")
	if !h.Dirty() {
		t.Fatal("not dirty after an edit")
	}
	h.MarkSaved()
	if h.Dirty() {
		t.Fatal("dirty right after MarkSaved")
	}
	typeTitle(t, h, "t1", "ab", "title") // same key, but after the save
	if !h.Dirty() {
		t.Fatal("typing after a save is not dirty")
	}
	mustUndo(t, h)
	if h.Dirty() || title(h, "t1") != "a" {
		t.Fatalf("undo to the saved point: dirty %v, title %q", h.Dirty(), title(h, "t1"))
	}
	mustUndo(t, h)
	if !h.Dirty() || title(h, "t1") != "T1" {
		t.Fatalf("undo past the saved point: dirty %v, title %q", h.Dirty(), title(h, "t1"))
	}
	mustRedo(t, h)
	if h.Dirty() {
		t.Fatal("redo back to the saved point is dirty")
	}
	h.MarkUnsaved()
	if !h.Dirty() {
		t.Fatal("MarkUnsaved left it clean")
	}
}

func TestSavedUnreachableAfterBranch(t *testing.T) {
	for _, undos := range []int{1, 2} {
		h := NewHistory(smallProject(), nil)
		typeTitle(t, h, "t1", "a", "")
		typeTitle(t, h, "t1", "b", "")
		h.MarkSaved()
		for range undos {
			mustUndo(t, h)
		}
		typeTitle(t, h, "t1", "c", "") // a new branch: the saved state is gone
		if h.CanRedo() {
			t.Fatal("redo survives a new command")
		}
		if h.RedoLabel() != "" {
			t.Fatalf("RedoLabel = %q after a new command", h.RedoLabel())
		}
		for {
			if !h.Dirty() {
				t.Fatalf("undos=%d: clean at a state that was never saved (title %q)", undos, title(h, "t1"))
			}
			if !h.CanUndo() {
				break
			}
			mustUndo(t, h)
		}
		for h.CanRedo() {
			mustRedo(t, h)
			if !h.Dirty() {
				t.Fatalf("undos=%d: clean after redo to %q", undos, title(h, "t1"))
			}
		}
	}
}

func TestSavedKeptWhenBranchingAtIt(t *testing.T) {
	h := NewHistory(smallProject(), nil)
	typeTitle(t, h, "t1", "a", "")
	h.MarkSaved()
	typeTitle(t, h, "t1", "b", "")
	mustUndo(t, h)
	typeTitle(t, h, "t1", "c", "") // branches at the saved state, which stays reachable
	if !h.Dirty() {
		t.Fatal("not dirty after the new edit")
	}
	mustUndo(t, h)
	if h.Dirty() || title(h, "t1") != "a" {
		t.Fatalf("back at the saved state: dirty %v, title %q", h.Dirty(), title(h, "t1"))
	}
}

func TestCounterLabelsAndNotify(t *testing.T) {
	h := NewHistory(smallProject(), nil)
	calls := 0
	h.OnChange(func() { calls++ })
	if h.CanUndo() || h.CanRedo() || h.UndoLabel() != "" || h.RedoLabel() != "" {
		t.Fatal("a new history has something to undo or redo")
	}
	if ok, err := h.Undo(); ok || err != nil {
		t.Fatalf("Undo on empty history = %v, %v", ok, err)
	}
	if ok, err := h.Redo(); ok || err != nil {
		t.Fatalf("Redo on empty history = %v, %v", ok, err)
	}
	c0 := h.Counter()
	step := func(what string, f func()) {
		t.Helper()
		before, calls0 := h.Counter(), calls
		f()
		if h.Counter() <= before {
			t.Fatalf("%s: counter %d → %d", what, before, h.Counter())
		}
		if calls == calls0 {
			t.Fatalf("%s: OnChange not called", what)
		}
	}
	labels := []struct {
		c    Command
		want string
	}{
		{&MoveTouchpoints{IDs: []ID{"t1", "t2"}, Stage: "s2", Lane: "l2"}, "Move 2 cards"},
		{&MoveTouchpoints{IDs: []ID{"t1"}, Stage: "s1", Lane: "l1"}, "Move card"},
		{&DeleteTouchpoints{IDs: []ID{"t3"}}, "Delete card"},
		{&AddStage{Journey: "j", Item: &Stage{ID: "s9", Name: "N"}, Index: -1}, "Add stage"},
		{&MoveLane{ID: "l2", To: 0}, "Reorder lanes"},
		{&DeleteLane{ID: "l2"}, "Delete lane"},
		{&UpdateStage{After: &Stage{ID: "s9", Name: "M"}}, "Edit stage"},
		{&AttachPersona{Journey: "j", Persona: "b", Attach: true}, "Attach persona"},
		{&AttachPersona{Journey: "j", Persona: "a"}, "Detach persona"},
		{&ChangeScale{To: ScaleTen}, "Change emotion scale"},
		{&Batch{Name: "Paste", Commands: []Command{&RenameProject{Name: "Z"}}}, "Paste"},
	}
	for _, l := range labels {
		step(l.want, func() {
			if err := h.Do(l.c); err != nil {
				t.Fatalf("%s: %v", l.want, err)
			}
		})
		if h.UndoLabel() != l.want || !h.CanUndo() || h.CanRedo() {
			t.Fatalf("UndoLabel = %q, want %q (CanUndo %v CanRedo %v)", h.UndoLabel(), l.want, h.CanUndo(), h.CanRedo())
		}
	}
	step("undo", func() { mustUndo(t, h) })
	if h.RedoLabel() != "Paste" || h.UndoLabel() != "Change emotion scale" || !h.CanRedo() {
		t.Fatalf("after undo: undo %q redo %q", h.UndoLabel(), h.RedoLabel())
	}
	step("redo", func() { mustRedo(t, h) })
	step("save", func() { h.MarkSaved() })
	if h.Counter() <= c0 {
		t.Fatal("counter did not grow")
	}
	// A command that fails changes nothing, not even the counter.
	before := h.Counter()
	if err := h.Do(&DeleteLane{ID: "nope"}); err == nil {
		t.Fatal("deleting a missing lane succeeded")
	}
	if h.Counter() != before || h.UndoLabel() != "Paste" || h.CanRedo() {
		t.Fatal("a failed command changed the history")
	}
}

type failingJournal struct {
	err   error
	calls int
}

func (f *failingJournal) Commit(*Project, Changes) error { f.calls++; return f.err }

func TestJournalErrorOnDo(t *testing.T) {
	errDisk := errors.New("disk full")
	cmds := map[string]func() Command{
		"move":         func() Command { return &MoveTouchpoints{IDs: []ID{"t1", "t4"}, Stage: "s2", Lane: "l2", Index: 0} },
		"delete stage": func() Command { return &DeleteStage{ID: "s1"} },
		"persona":      func() Command { return &DeletePersona{ID: "a"} },
		"scale":        func() Command { return &ChangeScale{To: ScaleTen} },
		"batch": func() Command {
			return &Batch{Name: "b", Commands: []Command{&RenameProject{Name: "N"}, &DeleteJourney{ID: "j"}}}
		},
	}
	for name, mk := range cmds {
		t.Run(name, func(t *testing.T) {
			p := smallProject()
			j := &failingJournal{err: errDisk}
			h := NewHistory(p, j)
			before := captureState(t, p)
			counter := h.Counter()
			err := h.Do(mk())
			if !errors.Is(err, errDisk) {
				t.Fatalf("Do = %v, want the journal's error", err)
			}
			if j.calls != 1 {
				t.Fatalf("journal called %d times", j.calls)
			}
			checkState(t, "after a refused commit", p, before)
			if h.CanUndo() || h.Dirty() || h.Counter() != counter {
				t.Fatal("a refused command entered the history")
			}
		})
	}
}

func TestJournalErrorOnCoalescedDo(t *testing.T) {
	p := smallProject()
	j := &failingJournal{}
	h := NewHistory(p, j)
	typeTitle(t, h, "t1", "a", "title")
	j.err = errors.New("disk full")
	_, tp := p.FindTouchpoint("t1")
	after := tp.Clone()
	after.Title = "ab"
	if err := h.Do(&UpdateTouchpoint{After: after, Merge: "title"}); err == nil {
		t.Fatal("Do succeeded with a failing journal")
	}
	if title(h, "t1") != "a" {
		t.Fatalf("title = %q after a refused keystroke, want a", title(h, "t1"))
	}
	j.err = nil
	mustUndo(t, h)
	if title(h, "t1") != "T1" || h.CanUndo() {
		t.Fatalf("undo after a refused keystroke: %q, CanUndo %v", title(h, "t1"), h.CanUndo())
	}
}

func TestJournalErrorOnUndoRedo(t *testing.T) {
	p := smallProject()
	j := &failingJournal{}
	h := NewHistory(p, j)
	if err := h.Do(&DeleteStage{ID: "s1"}); err != nil {
		t.Fatal(err)
	}
	done := captureState(t, p)
	j.err = errors.New("disk full")
	if ok, err := h.Undo(); ok || !errors.Is(err, j.err) {
		t.Fatalf("Undo = %v, %v; want false and the journal's error", ok, err)
	}
	checkState(t, "after a refused undo", p, done)
	if !h.CanUndo() || h.CanRedo() {
		t.Fatal("a refused undo moved the history")
	}
	j.err = nil
	mustUndo(t, h)
	undone := captureState(t, p)
	checkState(t, "after undo", p, captureState(t, smallProject()))
	j.err = errors.New("disk full")
	if ok, err := h.Redo(); ok || !errors.Is(err, j.err) {
		t.Fatalf("Redo = %v, %v; want false and the journal's error", ok, err)
	}
	checkState(t, "after a refused redo", p, undone)
	if h.CanUndo() || !h.CanRedo() {
		t.Fatal("a refused redo moved the history")
	}
	j.err = nil
	mustRedo(t, h)
	checkState(t, "after redo", p, done)
}

func TestSavePoint(t *testing.T) {
	// Edits made while a background save runs stay unsaved.
	h := NewHistory(smallProject(), nil)
	typeTitle(t, h, "t1", "a", "title")
	sp := h.SavePoint()
	typeTitle(t, h, "t1", "ab", "title") // sealed by SavePoint: a new step
	h.MarkSavedAt(sp)
	if !h.Dirty() {
		t.Fatal("an edit made during the save counts as saved")
	}
	mustUndo(t, h)
	if h.Dirty() || title(h, "t1") != "a" {
		t.Fatalf("back at the saved state: dirty %v, title %q", h.Dirty(), title(h, "t1"))
	}
	mustUndo(t, h)
	if !h.Dirty() {
		t.Fatal("before the saved state is clean")
	}

	// A save of a state undone and branched away from matches nothing.
	h = NewHistory(smallProject(), nil)
	typeTitle(t, h, "t1", "a", "")
	typeTitle(t, h, "t1", "b", "")
	sp = h.SavePoint()
	mustUndo(t, h)
	typeTitle(t, h, "t1", "c", "")
	h.MarkSavedAt(sp)
	for {
		if !h.Dirty() {
			t.Fatalf("clean at %q, which the file does not hold", title(h, "t1"))
		}
		if !h.CanUndo() {
			break
		}
		mustUndo(t, h)
	}

	// Undone and redone, the state is the same one.
	h = NewHistory(smallProject(), nil)
	typeTitle(t, h, "t1", "a", "")
	sp = h.SavePoint()
	mustUndo(t, h)
	mustRedo(t, h)
	h.MarkSavedAt(sp)
	if h.Dirty() {
		t.Fatal("the saved state, redone, is dirty")
	}
	typeTitle(t, h, "t1", "ab", "title")
	if !h.Dirty() {
		t.Fatal("an edit after marking saved is clean")
	}

	// The initial state is always reachable.
	h = NewHistory(smallProject(), nil)
	sp = h.SavePoint()
	typeTitle(t, h, "t1", "a", "")
	h.MarkSavedAt(sp)
	if !h.Dirty() {
		t.Fatal("dirty state after an empty save point")
	}
	mustUndo(t, h)
	if h.Dirty() {
		t.Fatal("initial state saved but dirty")
	}
}
