package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"waymark/interchange"
	"waymark/model"
)

// prioritised is the journey's pain points and opportunities, in reading
// order.
func prioritised(j *model.Journey) []*model.Touchpoint {
	var out []*model.Touchpoint
	for _, it := range model.Backlog(j) {
		out = append(out, it.Card)
	}
	return out
}

// unrated clears every rating of the journey shown, as one undo step, so
// that a test starts from cards it rated itself whatever the sample holds.
func unrated(t *testing.T, w *Window) {
	t.Helper()
	batch := &model.Batch{Name: "Clear ratings"}
	for _, tp := range w.board.Journey().Touchpoints {
		if tp.Impact != 0 || tp.Effort != 0 {
			batch.Commands = append(batch.Commands, &model.SetPriority{Touchpoint: tp.ID})
		}
	}
	if len(batch.Commands) > 0 && !w.do(batch) {
		t.Fatal("clearing the ratings failed")
	}
}

func TestCoverageCellClickAppliesTheLens(t *testing.T) {
	w := newTestWindow(t)
	h := w.doc.History()
	counter := h.Counter()
	w.showView(viewCoverage)
	cv := w.cover
	m := cv.matrix
	if m == nil || len(cv.cells) != len(m.Rows) || m.By != model.ByChannel {
		t.Fatal("the coverage view shows no matrix")
	}
	r := slices.Index(m.Rows, "web")
	s := len(m.Stages) - 1
	if r < 0 {
		t.Fatalf("rows %v", m.Rows)
	}
	if want := model.Coverage(w.project(), w.board.Journey(), model.ByChannel); cv.cells[r][s].cell.Touchpoints != want.Cells[r][s].Touchpoints {
		t.Fatal("a cell does not show the matrix's figures")
	}
	test.Tap(cv.cells[r][s])
	if w.views.SelectedIndex() != viewBoard {
		t.Fatal("a click on a cell did not switch to the board")
	}
	want := &model.Lens{Channels: []string{"web"}}
	if !w.board.Lens().SameView(want) {
		t.Fatalf("the lens applied is %+v", w.board.Lens())
	}
	cardStates(t, w, want)
	if st := w.board.Layout().Stages[s]; w.board.Offset().X == 0 && st.Header.X-w.board.Layout().Style.LaneHeaderWidth > 0 {
		t.Fatal("the board did not scroll to the stage")
	}
	if h.Counter() != counter {
		t.Fatal("a click on a cell changed the history")
	}

	// By owner; the row of cards with no owner is a lens of cards with none.
	w.showView(viewCoverage)
	cv.by.SetSelected(coverageByOwner)
	m = cv.matrix
	if m.By != model.ByOwner || m.Rows[len(m.Rows)-1] != model.CoverageNone {
		t.Fatalf("owner rows %v", m.Rows)
	}
	test.Tap(cv.cells[len(m.Rows)-1][0])
	cardStates(t, w, &model.Lens{Owners: []string{model.CoverageNone}})

	// An edit shows at once while the view is on screen, without a new
	// grid when the rows and stages stay.
	w.showView(viewCoverage)
	grid := cv.grid.Objects[0]
	j := w.board.Journey()
	var card *model.Touchpoint
	for _, tp := range j.Touchpoints {
		if tp.Owner == "Marketing" && !tp.PainPoint {
			card = tp
			break
		}
	}
	r = slices.Index(m.Rows, "Marketing")
	s = j.StageIndex(card.StageID)
	before := cv.cells[r][s].cell.PainPoints
	after := card.Clone()
	after.PainPoint = true
	if !w.do(&model.UpdateTouchpoint{After: after}) {
		t.Fatal("the edit failed")
	}
	if cv.cells[r][s].cell.PainPoints != before+1 || cv.grid.Objects[0] != grid {
		t.Fatalf("after the edit: %d pain points, grid rebuilt %v", cv.cells[r][s].cell.PainPoints, cv.grid.Objects[0] != grid)
	}
}

func TestCoverageGapsMarked(t *testing.T) {
	w := newTestWindow(t)
	w.showView(viewCoverage)
	cv := w.cover
	found := false
	for r, row := range cv.matrix.Cells {
		for s, c := range row {
			cell := cv.cells[r][s]
			if cell.mark.Visible() != (len(c.Gaps) > 0) {
				t.Fatalf("cell %d,%d: marked %v, gaps %v", r, s, cell.mark.Visible(), c.Gaps)
			}
			if len(c.Gaps) > 0 {
				found = true
				cell.MouseIn(nil)
				if !strings.Contains(cv.legend.Text, c.Gaps[0]) {
					t.Fatalf("hovering a gap says %q", cv.legend.Text)
				}
				cell.MouseOut()
			}
		}
	}
	if !found {
		t.Fatal("the sample shows no gap")
	}
}

func TestPriorityDragIsOneUndoStep(t *testing.T) {
	w := newTestWindow(t)
	unrated(t, w)
	j := w.board.Journey()
	cards := prioritised(j)
	card := cards[0]
	if !w.do(&model.SetPriority{Touchpoint: card.ID, Impact: 2, Effort: 4}) {
		t.Fatal("rating failed")
	}
	w.showView(viewPriorities)
	pv := w.prio
	pc := pv.plot.layout.Card(card.ID)
	if pc == nil {
		t.Fatal("the rated card is not on the plot")
	}
	if c := pv.plot.layout.CellRect(2, 4); !pc.Rect.Inside(c) {
		t.Fatal("the card is not in its cell")
	}
	steps := w.doc.History().Counter()
	// One gesture from the card's middle through cell (3,3) to cell (5,1),
	// the events as the driver sends them: where the pointer is now and
	// how far it moved since the last.
	pl := pv.plot
	from := fyne.NewPos(pc.Rect.X+pc.Rect.W/2, pc.Rect.Y+pc.Rect.H/2)
	centre := func(impact, effort int) fyne.Position {
		r := pl.layout.CellRect(impact, effort)
		return fyne.NewPos(r.X+r.W/2, r.Y+r.H/2)
	}
	last := from
	for _, to := range []fyne.Position{centre(3, 3), centre(5, 1)} {
		pl.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: to}, Dragged: fyne.NewDelta(to.X-last.X, to.Y-last.Y)})
		last = to
		if to == centre(3, 3) && (card.Impact != 3 || card.Effort != 3) {
			t.Fatalf("half way: impact %d, effort %d", card.Impact, card.Effort)
		}
	}
	pl.DragEnd()
	if card.Impact != 5 || card.Effort != 1 {
		t.Fatalf("after the drag: impact %d, effort %d", card.Impact, card.Effort)
	}
	if pc := pl.layout.Card(card.ID); pc == nil || !pc.Rect.Inside(pl.layout.CellRect(5, 1)) {
		t.Fatal("the plot does not show the card in its new cell")
	}
	if w.doc.History().UndoLabel() != "Change priority" || w.doc.History().Counter() == steps {
		t.Fatal("the drag is not an undo step")
	}
	w.undo()
	if card.Impact != 2 || card.Effort != 4 {
		t.Fatalf("one undo after the drag: impact %d, effort %d", card.Impact, card.Effort)
	}

	// The same through the canvas: a drag onto cell (1,5), past the
	// plot's right edge, snaps to the edge's effort.
	c := w.win.Canvas()
	abs := fyne.CurrentApp().Driver().AbsolutePositionForObject(pl)
	pc = pl.layout.Card(card.ID)
	from = fyne.NewPos(pc.Rect.X+pc.Rect.W/2, pc.Rect.Y+pc.Rect.H/2)
	to := centre(1, 5).AddXY(pl.layout.CellRect(1, 5).W*0.45, 0)
	test.Drag(c, abs.Add(to), to.X-from.X, to.Y-from.Y)
	if card.Impact != 1 || card.Effort != 5 {
		t.Fatalf("after test.Drag: impact %d, effort %d", card.Impact, card.Effort)
	}
	w.undo()
	if card.Impact != 2 || card.Effort != 4 {
		t.Fatalf("undo after test.Drag: impact %d, effort %d", card.Impact, card.Effort)
	}

	// A drag that starts off any card changes nothing.
	n := w.doc.History().Counter()
	test.Drag(c, abs.Add(fyne.NewPos(202, 202)), 200, 200)
	if w.doc.History().Counter() != n {
		t.Fatal("a drag on empty space changed the project")
	}
}

func TestUnratedCardDroppedOnThePlot(t *testing.T) {
	w := newTestWindow(t)
	unrated(t, w)
	w.showView(viewPriorities)
	pv := w.prio
	var u *unratedCard
	for _, o := range pv.unrated.Objects {
		if x, ok := o.(*unratedCard); ok {
			u = x
			break
		}
	}
	if u == nil {
		t.Fatal("no card to rate beside the plot")
	}
	id := u.id
	cell := pv.plot.layout.CellRect(4, 2)
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(pv.plot).Add(fyne.NewPos(cell.X+cell.W/2, cell.Y+cell.H/2))
	u.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{AbsolutePosition: at}})
	if pv.plot.dropCell != [2]int{4, 2} {
		t.Fatalf("the plot marks cell %v", pv.plot.dropCell)
	}
	u.DragEnd()
	_, tp := w.project().FindTouchpoint(id)
	if tp.Impact != 4 || tp.Effort != 2 || pv.plot.layout.Card(id) == nil {
		t.Fatalf("dropped card: impact %d, effort %d", tp.Impact, tp.Effort)
	}
	for _, o := range pv.unrated.Objects {
		if x, ok := o.(*unratedCard); ok && x.id == id {
			t.Fatal("the rated card is still listed as not rated")
		}
	}
}

func TestBacklogOrderAndExport(t *testing.T) {
	w := newTestWindow(t)
	unrated(t, w)
	j := w.board.Journey()
	cards := prioritised(j)
	// value 5, 0.5, 2, and one left unrated
	rates := [][2]int{{5, 1}, {2, 4}, {4, 2}}
	for i, r := range rates {
		if !w.do(&model.SetPriority{Touchpoint: cards[i].ID, Impact: r[0], Effort: r[1]}) {
			t.Fatal("rating failed")
		}
	}
	w.showView(viewPriorities)
	pv := w.prio
	order := []int{0, 2, 1}
	for row, i := range order {
		if pv.items[row].Card != cards[i] || pv.backlogText(row, 0) != itoa(row+1) {
			t.Fatalf("row %d is %q, rank %q", row, pv.items[row].Card.Title, pv.backlogText(row, 0))
		}
	}
	if pv.backlogText(0, 6) != "Quick wins" || pv.backlogText(0, 5) != "5.00" || pv.backlogText(2, 6) != "Money pits" || pv.backlogText(0, 2) != model.BacklogKind(cards[0]) {
		t.Fatalf("first row %q %q, last rated %q", pv.backlogText(0, 6), pv.backlogText(0, 5), pv.backlogText(2, 6))
	}
	if len(pv.items) != len(cards) || pv.backlogText(3, 0) != "–" || pv.backlogText(3, 6) != "not rated" {
		t.Fatal("the unrated cards do not follow the ranked ones")
	}
	if !strings.HasPrefix(pv.count.Text, "3 rated") {
		t.Fatalf("count %q", pv.count.Text)
	}

	// The CSV is the command line's.
	path := filepath.Join(t.TempDir(), "backlog.csv")
	if err := pv.exportCSV(path); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := interchange.WriteBacklog(&want, j, "csv"); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) || !bytes.HasPrefix(got, []byte("rank,title,")) {
		t.Fatalf("the exported backlog:\n%s", got)
	}

	// A double click on a row shows its card on the board, selected.
	cell := newBacklogCell(pv)
	cell.set(1, pv.backlogText(1, 1))
	cell.DoubleTapped(nil)
	if w.views.SelectedIndex() != viewBoard || !slices.Equal(w.board.Selection(), []model.ID{cards[2].ID}) {
		t.Fatalf("double click: view %d, selection %v", w.views.SelectedIndex(), w.board.Selection())
	}
}

func TestInspectorRatesImpactAndEffort(t *testing.T) {
	w := newTestWindow(t)
	unrated(t, w)
	card := prioritised(w.board.Journey())[0]
	w.board.Select(card.ID)
	impact, effort := findSelect(t, w, "Impact"), findSelect(t, w, "Effort")
	impact.SetSelectedIndex(4)
	effort.SetSelectedIndex(2)
	if card.Impact != 4 || card.Effort != 2 {
		t.Fatalf("impact %d, effort %d", card.Impact, card.Effort)
	}
	w.undo()
	if card.Impact != 4 || card.Effort != 0 {
		t.Fatalf("after one undo: impact %d, effort %d", card.Impact, card.Effort)
	}
}

// findSelect is the inspector's picker labelled label.
func findSelect(t *testing.T, w *Window, label string) *widget.Select {
	t.Helper()
	for _, o := range w.inspect.body.Objects {
		if f, ok := o.(*widget.Form); ok {
			for _, it := range f.Items {
				if s, ok := it.Widget.(*widget.Select); ok && it.Text == label {
					return s
				}
			}
		}
	}
	t.Fatalf("the inspector has no %q picker", label)
	return nil
}

// TestInspectorRatingsFollowTheFlags: only a pain point or an opportunity
// has ratings; ticking the flag shows them at once.
func TestInspectorRatingsFollowTheFlags(t *testing.T) {
	w := newTestWindow(t)
	unrated(t, w)
	var card *model.Touchpoint
	for _, tp := range w.board.Journey().Touchpoints {
		if !tp.Prioritised() {
			card = tp
			break
		}
	}
	w.board.Select(card.ID)
	for _, o := range w.inspect.body.Objects {
		if f, ok := o.(*widget.Form); ok {
			for _, it := range f.Items {
				if it.Text == "Impact" {
					t.Fatal("a card that is neither a pain point nor an opportunity offers an impact")
				}
			}
			for _, it := range f.Items {
				if it.Text == "Flags" {
					test.Tap(it.Widget.(*fyne.Container).Objects[1].(*widget.Check)) // Opportunity
				}
			}
		}
	}
	if !card.Opportunity {
		t.Fatal("ticking Opportunity did nothing")
	}
	findSelect(t, w, "Effort").SetSelectedIndex(5)
	if card.Effort != 5 || card.Impact != 0 {
		t.Fatalf("impact %d, effort %d", card.Impact, card.Effort)
	}
}

// TestBacklogExportNeverOverTheProject: the CSV cannot replace the
// project's own file, and says so naming it.
func TestBacklogExportNeverOverTheProject(t *testing.T) {
	w := newTestWindow(t)
	path := filepath.Join(t.TempDir(), "project.cjm")
	if err := w.doc.SaveAs(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	err := w.prio.exportCSV(path)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("exporting over the project: %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("the project's file changed")
	}
}

// TestPlotSaysTheCardUnderThePointer: a title the plot cuts can be read
// whole by pointing at the card.
func TestPlotSaysTheCardUnderThePointer(t *testing.T) {
	w := newTestWindow(t)
	unrated(t, w)
	card := prioritised(w.board.Journey())[0]
	w.do(&model.SetPriority{Touchpoint: card.ID, Impact: 4, Effort: 1})
	w.showView(viewPriorities)
	pl := w.prio.plot
	pc := pl.layout.Card(card.ID)
	pl.MouseIn(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(pc.Rect.X+4, pc.Rect.Y+4)}})
	if s := w.prio.about.Text; !strings.HasPrefix(s, card.Title+" — ") || !strings.HasSuffix(s, "Quick wins") {
		t.Fatalf("pointing at the card says %q", s)
	}
	pl.MouseOut()
	if w.prio.about.Text != plotHint {
		t.Fatal("leaving the plot kept the card's words")
	}
}
