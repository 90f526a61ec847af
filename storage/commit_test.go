package storage

import (
	"testing"

	"waymark/model"
)

// assertWorkingCopy reads the working copy back through the loader and
// requires it to equal the project in memory, with no broken foreign key.
func assertWorkingCopy(t *testing.T, d *Document, label string) {
	t.Helper()
	got, err := loadConn(t, d.wc.c)
	if err != nil {
		t.Fatalf("%s: loading the working copy: %v", label, err)
	}
	if err := checkProject(got); err != nil {
		t.Fatalf("%s: working copy is not valid: %v", label, err)
	}
	want := encodeJSON(t, d.Project())
	if g := encodeJSON(t, got); g != want {
		t.Fatalf("%s: working copy differs from memory:\n%s", label, firstDiff(want, g))
	}
	// Positions are dense, not merely in order.
	positions := func(table string) map[model.ID]int {
		rows, err := d.wc.c.QueryContext(ctx, "SELECT id, position FROM "+table)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		m := map[model.ID]int{}
		for rows.Next() {
			var id string
			var pos int
			if err := rows.Scan(&id, &pos); err != nil {
				t.Fatal(err)
			}
			m[model.ID(id)] = pos
		}
		return m
	}
	dense := func(table string, ids []model.ID) {
		t.Helper()
		m := positions(table)
		for i, id := range ids {
			if m[id] != i {
				t.Fatalf("%s: %s %s has position %d, want %d", label, table, id, m[id], i)
			}
		}
	}
	var images, personas, journeys, stages, lanes []model.ID
	for _, x := range d.Project().Images {
		images = append(images, x.ID)
	}
	for _, x := range d.Project().Personas {
		personas = append(personas, x.ID)
	}
	dense("image", images)
	dense("persona", personas)
	for _, j := range d.Project().Journeys {
		journeys = append(journeys, j.ID)
		stages, lanes = stages[:0], lanes[:0]
		for _, s := range j.Stages {
			stages = append(stages, s.ID)
		}
		for _, l := range j.Lanes {
			lanes = append(lanes, l.ID)
		}
		dense("stage", stages)
		dense("lane", lanes)
		var lenses []int
		rows, err := d.wc.c.QueryContext(ctx, "SELECT position FROM lens WHERE journey_id = ? ORDER BY position", string(j.ID))
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var pos int
			if err := rows.Scan(&pos); err != nil {
				t.Fatal(err)
			}
			lenses = append(lenses, pos)
		}
		rows.Close()
		for i, pos := range lenses {
			if pos != i {
				t.Fatalf("%s: lens positions of journey %s are %v", label, j.ID, lenses)
			}
		}
	}
	dense("journey", journeys)

	rows, err := d.wc.c.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if rows.Next() {
		t.Fatalf("%s: working copy has broken foreign keys", label)
	}
}

func TestCommitEveryCommand(t *testing.T) {
	p := richProject(t)
	original := encodeJSON(t, p)
	doc, err := NewDocument(p, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	h := doc.History()
	do := func(label string, c model.Command) {
		t.Helper()
		if err := h.Do(c); err != nil {
			t.Fatalf("%s: %v", label, err)
		}
		assertWorkingCopy(t, doc, label)
	}
	j := p.Journeys[0]
	ana, ben := p.Personas[0], p.Personas[1]

	do("rename project", &model.RenameProject{Name: "Renamed project"})
	do("change scale", &model.ChangeScale{To: model.ScaleTen})

	dora := &model.Persona{ID: model.NewID(), Name: "Dora", Role: "Nurse"}
	do("add persona", &model.AddPersona{Persona: dora, Index: 1})
	do("edit persona", &model.UpdatePersona{After: model.Persona{ID: dora.ID, Name: "Dora K.", Quote: "Night shifts", Goals: "Sleep"}})
	do("move persona", &model.MovePersona{ID: dora.ID, To: 3})
	do("attach persona", &model.AttachPersona{Journey: j.ID, Persona: dora.ID, Attach: true})
	do("score", &model.SetEmotion{Touchpoint: j.Touchpoints[0].ID, Persona: dora.ID, Score: 7})
	do("detach persona", &model.AttachPersona{Journey: j.ID, Persona: ben.ID, Attach: false})
	do("delete persona", &model.DeletePersona{ID: ana.ID})

	portrait := importImage(t, 20, 30, true)
	do("add image", &model.AddImage{Image: portrait})
	do("set photo", &model.UpdatePersona{After: model.Persona{ID: dora.ID, Name: "Dora K.", PhotoID: portrait.ID}})
	spare := importImage(t, 10, 10, false)
	do("add spare image", &model.AddImage{Image: spare})
	do("add last image", &model.AddImage{Image: importImage(t, 12, 8, true)})
	do("remove image from the middle", &model.RemoveImage{ID: spare.ID})

	cp := model.CopyJourney(j)
	cp.Title = "Copy of checkout"
	do("add journey", &model.AddJourney{Journey: cp, Index: 0})
	do("edit journey", &model.UpdateJourney{ID: cp.ID, Title: "Checkout v2", Description: "Second try"})
	do("move journey", &model.MoveJourney{ID: cp.ID, To: 2})

	ns := &model.Stage{ID: model.NewID(), Name: "Compare", Color: "#000000"}
	do("add stage", &model.AddStage{Journey: j.ID, Item: ns, Index: 1})
	do("edit stage", &model.UpdateStage{After: &model.Stage{ID: ns.ID, Name: "Compare prices", Description: "Tabs"}})
	do("move stage", &model.MoveStage{ID: ns.ID, To: 3})
	nl := &model.Lane{ID: model.NewID(), Name: "Thinking", Kind: model.LaneThoughts}
	do("add lane", &model.AddLane{Journey: j.ID, Item: nl, Index: 0})
	do("edit lane", &model.UpdateLane{After: &model.Lane{ID: nl.ID, Name: "Thoughts", Kind: model.LaneThoughts, Hidden: true}})
	do("move lane", &model.MoveLane{ID: nl.ID, To: 2})

	card := &model.Touchpoint{ID: model.NewID(), StageID: ns.ID, LaneID: nl.ID, Title: "New card",
		Emotions: map[model.ID]int{dora.ID: 3}}
	do("add card", &model.AddTouchpoint{Journey: j.ID, Touchpoint: card})
	front := &model.Touchpoint{ID: model.NewID(), StageID: j.Stages[0].ID, LaneID: j.Lanes[1].ID, Order: 0, Title: "Goes first"}
	do("add card at front of a full cell", &model.AddTouchpoint{Journey: j.ID, Touchpoint: front})
	edited := card.Clone()
	edited.Title, edited.Notes, edited.Tags, edited.EvidenceLinks = "Edited card", "Now with notes", []string{"a", "b"}, []string{"https://x.example"}
	edited.PainPoint, edited.Confidence, edited.ImageID = true, model.Validated, portrait.ID
	do("edit card", &model.UpdateTouchpoint{After: edited})
	// cardIn returns the first card of a stage's column that is not skip.
	cardIn := func(stage int, skip model.ID) *model.Touchpoint {
		for _, l := range j.Lanes {
			for _, c := range j.Cell(j.Stages[stage].ID, l.ID) {
				if c.ID != skip {
					return c
				}
			}
		}
		t.Fatalf("no card in stage %d", stage)
		return nil
	}
	other := cardIn(2, "")
	do("move cards", &model.MoveTouchpoints{IDs: []model.ID{card.ID, other.ID}, Stage: j.Stages[4].ID, Lane: j.Lanes[1].ID, Index: 1})
	do("clear score", &model.SetEmotion{Touchpoint: card.ID, Persona: dora.ID, Clear: true})
	do("delete cards", &model.DeleteTouchpoints{IDs: []model.ID{front.ID, cardIn(1, "").ID}})
	refund := &model.Stage{ID: model.NewID(), Name: "Refund"}
	do("import behaviour with a new stage", &model.ReplaceBehaviour{Journey: j.ID, Behaviour: testFigures(j, 9, 2), NewStages: []*model.Stage{refund}})
	do("import behaviour again", &model.ReplaceBehaviour{Journey: j.ID, Behaviour: testFigures(j, 11, 3)})
	do("import behaviour into the copy", &model.ReplaceBehaviour{Journey: cp.ID, Behaviour: testFigures(cp, 5, 1)})
	do("rate card", &model.SetPriority{Touchpoint: card.ID, Impact: 4, Effort: 2})
	do("rate another card", &model.SetPriority{Touchpoint: other.ID, Impact: 1, Effort: 5})
	do("save lens", &model.SaveLens{Journey: j.ID, Lens: &model.Lens{Name: "Web pain", Channels: []string{"web"},
		Flags: []model.Flag{model.FlagPainPoint}, Persona: ben.ID}})
	do("save second lens", &model.SaveLens{Journey: j.ID, Lens: &model.Lens{Name: "Unproven", Confidence: []model.Confidence{model.Assumption, model.NoConfidence}, Hide: true}})
	do("replace first lens", &model.SaveLens{Journey: j.ID, Lens: &model.Lens{Name: "web pain", Owners: []string{"Team Pay"}, Persona: ben.ID}})
	do("save lens in the copy", &model.SaveLens{Journey: cp.ID, Lens: &model.Lens{Name: "Tagged", Tags: []string{"checkout"}, Persona: ben.ID}})
	do("delete persona a lens shows", &model.DeletePersona{ID: ben.ID})
	do("delete lens", &model.DeleteLens{Journey: j.ID, Name: "Unproven"})
	do("delete stage with cards", &model.DeleteStage{ID: j.Stages[0].ID})
	do("delete lane with cards", &model.DeleteLane{ID: j.Lanes[len(j.Lanes)-1].ID})

	// Lanes[0] is the behaviour lane the first import added: it takes no cards.
	pasted := &model.Touchpoint{ID: model.NewID(), StageID: j.Stages[1].ID, LaneID: j.Lanes[1].ID, Order: 1, Title: "Pasted"}
	do("batch", &model.Batch{Name: "Paste", Commands: []model.Command{
		&model.AddTouchpoint{Journey: j.ID, Touchpoint: pasted},
		&model.UpdateJourney{ID: j.ID, Title: "Checkout (pasted)"},
		&model.DeleteTouchpoints{IDs: []model.ID{cardIn(0, pasted.ID).ID}},
	}})
	do("delete journey", &model.DeleteJourney{ID: cp.ID})
	do("change scale back", &model.ChangeScale{To: model.ScaleBipolar2})

	// Typing coalesces into one undo step, and each keystroke is committed.
	typed := pasted.Clone()
	for _, title := range []string{"P", "Pa", "Pay"} {
		typed = typed.Clone()
		typed.Title = title
		do("typing "+title, &model.UpdateTouchpoint{After: typed, Merge: "title"})
	}
	final := encodeJSON(t, p)

	steps := 0
	for h.CanUndo() {
		label := "undo " + h.UndoLabel()
		if ok, err := h.Undo(); !ok || err != nil {
			t.Fatalf("%s: %v", label, err)
		}
		assertWorkingCopy(t, doc, label)
		steps++
	}
	if got := encodeJSON(t, p); got != original {
		t.Fatalf("undoing everything did not give the original:\n%s", firstDiff(original, got))
	}
	for h.CanRedo() {
		label := "redo " + h.RedoLabel()
		if ok, err := h.Redo(); !ok || err != nil {
			t.Fatalf("%s: %v", label, err)
		}
		assertWorkingCopy(t, doc, label)
	}
	if got := encodeJSON(t, p); got != final {
		t.Fatalf("redoing everything did not give the final project:\n%s", firstDiff(final, got))
	}
	// What a crash right now would leave restores to the same project.
	killed := snapshot(t, doc)
	orphans, err := Orphans(killed)
	if err != nil || len(orphans) != 1 {
		t.Fatalf("orphans: %v %v", orphans, err)
	}
	restored, err := RestoreOrphan(ctx, orphans[0], killed)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	if got := encodeJSON(t, restored.Project()); got != final {
		t.Fatalf("restored working copy differs:\n%s", firstDiff(final, got))
	}
	if steps < 30 {
		t.Fatalf("only %d undo steps", steps)
	}
}

// A change the working copy cannot take is refused, and History keeps
// memory equal to the disk.
func TestCommitRefusedKeepsMemoryAndDiskEqual(t *testing.T) {
	p := richProject(t)
	doc, err := NewDocument(p, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	before := encodeJSON(t, p)
	huge := p.Journeys[0].Touchpoints[0].Clone()
	huge.Notes = string(make([]byte, capLong+1))
	if err := doc.History().Do(&model.UpdateTouchpoint{After: huge}); err == nil {
		t.Fatal("a note over the cap was accepted")
	}
	if encodeJSON(t, p) != before {
		t.Fatal("the refused edit stayed in memory")
	}
	assertWorkingCopy(t, doc, "after refusal")
}
