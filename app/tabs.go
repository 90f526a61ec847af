package app

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"waymark/canvas/board"
	"waymark/model"
)

func timeAfter(ms int, f func()) *time.Timer {
	return time.AfterFunc(time.Duration(ms)*time.Millisecond, f)
}

// journeyTabs is the row of journey tabs above the board, with the actions
// on the current journey.
type journeyTabs struct {
	w    *Window
	bar  *fyne.Container
	root *fyne.Container
}

func newJourneyTabs(w *Window) *journeyTabs {
	t := &journeyTabs{w: w, bar: container.NewHBox()}
	more := widget.NewButtonWithIcon("", theme.MoreHorizontalIcon(), nil)
	more.OnTapped = func() {
		m := fyne.NewMenu("",
			fyne.NewMenuItem("Rename…", t.rename),
			fyne.NewMenuItem("Duplicate", t.duplicate),
			fyne.NewMenuItem("Move Left", func() { t.move(-1) }),
			fyne.NewMenuItem("Move Right", func() { t.move(1) }),
			fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem("Delete", t.remove))
		c := fyne.CurrentApp().Driver().CanvasForObject(more)
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(more)
		widget.ShowPopUpMenuAtPosition(m, c, pos.Add(fyne.NewPos(0, more.Size().Height)))
	}
	add := widget.NewButtonWithIcon("", theme.ContentAddIcon(), t.add)
	t.root = container.NewBorder(nil, nil, nil, container.NewHBox(add, more), container.NewHScroll(t.bar))
	return t
}

func (t *journeyTabs) refresh() {
	w := t.w
	if w.board == nil {
		return
	}
	t.bar.Objects = t.bar.Objects[:0]
	for _, j := range w.project().Journeys {
		id := j.ID
		b := widget.NewButton(j.Title, func() { w.showJourney(id) })
		if id == w.board.JourneyID() {
			b.Importance = widget.HighImportance
		} else {
			b.Importance = widget.LowImportance
		}
		t.bar.Objects = append(t.bar.Objects, b)
	}
	t.bar.Refresh()
}

// showJourney switches the board to another journey.
func (w *Window) showJourney(id model.ID) {
	w.board.SetJourney(id)
	w.lens.journeyShown() // each journey keeps its own lens
	w.find.refresh()      // finds in the journey shown
	w.tabs.refresh()
	w.inspect.showTarget(board.TargetJourney, id)
	w.updateStatus()
	w.cover.changed()
	w.prio.changed()
	w.review.update()
	w.saveView()
}

func (t *journeyTabs) current() *model.Journey { return t.w.board.Journey() }

func (t *journeyTabs) add() {
	w := t.w
	j := &model.Journey{ID: model.NewID(), Title: fmt.Sprintf("Journey %d", len(w.project().Journeys)+1)}
	// A new journey starts with the shape of the current one: its lanes and
	// stages, without cards, and its personas.
	if cur := t.current(); cur != nil {
		c := model.CopyJourney(cur)
		j.Stages, j.Lanes, j.PersonaIDs = c.Stages, c.Lanes, c.PersonaIDs
	} else {
		j.Stages = []*model.Stage{{ID: model.NewID(), Name: "Stage 1"}}
		j.Lanes = []*model.Lane{{ID: model.NewID(), Name: "Actions", Kind: model.LaneActions}}
	}
	if w.do(&model.AddJourney{Journey: j, Index: -1}) {
		w.showJourney(j.ID)
	}
}

func (t *journeyTabs) duplicate() {
	w := t.w
	cur := t.current()
	if cur == nil {
		return
	}
	c := model.CopyJourney(cur)
	c.Title = cur.Title + " (copy)"
	at := 0
	for i, j := range w.project().Journeys {
		if j.ID == cur.ID {
			at = i + 1
		}
	}
	if w.do(&model.AddJourney{Journey: c, Index: at}) {
		w.showJourney(c.ID)
	}
}

func (t *journeyTabs) rename() {
	w := t.w
	cur := t.current()
	if cur == nil {
		return
	}
	e := widget.NewEntry()
	e.SetText(cur.Title)
	dialog.ShowForm("Rename journey", "Rename", "Cancel", []*widget.FormItem{widget.NewFormItem("Title", e)}, func(ok bool) {
		title := strings.TrimSpace(model.CleanText(e.Text))
		if ok && title != "" && title != cur.Title {
			w.do(&model.UpdateJourney{ID: cur.ID, Title: title, Description: cur.Description})
		}
	}, w.win)
}

func (t *journeyTabs) move(delta int) {
	w := t.w
	cur := t.current()
	if cur == nil {
		return
	}
	for i, j := range w.project().Journeys {
		if j.ID == cur.ID {
			to := i + delta
			if to >= 0 && to < len(w.project().Journeys) {
				w.do(&model.MoveJourney{ID: cur.ID, To: to})
			}
			return
		}
	}
}

func (t *journeyTabs) remove() {
	w := t.w
	cur := t.current()
	if cur == nil {
		return
	}
	if len(w.project().Journeys) == 1 {
		w.showError(fmt.Errorf("a project keeps at least one journey; add another before deleting %q", cur.Title))
		return
	}
	dialog.ShowConfirm("Delete journey", fmt.Sprintf("Delete “%s” and its %d cards? You can undo this.", cur.Title, len(cur.Touchpoints)), func(ok bool) {
		if !ok {
			return
		}
		next := w.project().Journeys[0].ID
		if next == cur.ID {
			next = w.project().Journeys[1].ID
		}
		if w.do(&model.DeleteJourney{ID: cur.ID}) {
			w.showJourney(next)
		}
	}, w.win)
}

// ---- cards, stages and lanes from menus ----

func (w *Window) addCard() {
	l := w.board.Layout()
	if len(l.Stages) == 0 || len(l.Lanes) == 0 {
		w.showError(fmt.Errorf("add a stage and a lane first"))
		return
	}
	cell := l.Cell(0, 0)
	if ids := w.board.Selection(); len(ids) > 0 {
		if c := l.Card(ids[len(ids)-1]); c != nil {
			for si := range l.Stages {
				for li := range l.Lanes {
					if x := l.Cell(si, li); x.Stage == c.Stage && x.Lane == c.Lane {
						cell = x
					}
				}
			}
		}
	}
	if id, ok := w.board.AddCard(cell.Stage, cell.Lane, len(cell.Slots), "New card"); ok {
		w.board.EditTitle(id)
	}
}

func (w *Window) addStage() {
	j := w.board.Journey()
	if j == nil {
		return
	}
	s := &model.Stage{ID: model.NewID(), Name: fmt.Sprintf("Stage %d", len(j.Stages)+1)}
	if w.do(&model.AddStage{Journey: j.ID, Item: s, Index: -1}) {
		w.board.EditStageName(s.ID)
	}
}

func (w *Window) addLane() {
	j := w.board.Journey()
	if j == nil {
		return
	}
	l := &model.Lane{ID: model.NewID(), Name: "New lane", Kind: model.LaneCustom}
	if w.do(&model.AddLane{Journey: j.ID, Item: l, Index: -1}) {
		w.inspect.showTarget(board.TargetLane, l.ID)
		w.board.EditLaneName(l.ID)
	}
}

// lanesDialog lists every lane with its visibility, so hidden lanes can be
// shown again.
func (w *Window) lanesDialog() {
	j := w.board.Journey()
	if j == nil {
		return
	}
	box := container.NewVBox()
	for _, l := range j.Lanes {
		id := l.ID
		c := widget.NewCheck(fmt.Sprintf("%s (%s)", l.Name, l.Kind.Label()), nil)
		c.SetChecked(!l.Hidden)
		c.OnChanged = func(on bool) {
			if cur := w.board.Journey().Lane(id); cur != nil && cur.Hidden == on {
				after := *cur
				after.Hidden = !on
				w.do(&model.UpdateLane{After: &after})
			}
		}
		box.Add(c)
	}
	dialog.ShowCustom("Lanes shown on the board", "Close", container.NewVScroll(box), w.win)
}

// ---- clipboard ----

// clipCard is a card on the clipboard: content only, placed again on paste.
type clipCard struct {
	Stage, Lane model.ID
	Card        *model.Touchpoint
}

const clipPrefix = "waymark-cards:"

// selectedClips copies the selected cards, in reading order.
func (w *Window) selectedClips() []clipCard {
	j := w.board.Journey()
	if j == nil {
		return nil
	}
	var cards []clipCard
	for _, id := range w.board.Selection() {
		if t := j.Touchpoint(id); t != nil {
			cards = append(cards, clipCard{t.StageID, t.LaneID, t.Clone()})
		}
	}
	return cards
}

func (w *Window) copy() {
	cards := w.selectedClips()
	if len(cards) == 0 {
		return
	}
	data, err := json.Marshal(cards)
	if err != nil {
		w.showError(err)
		return
	}
	w.app.Clipboard().SetContent(clipPrefix + string(data))
}

func (w *Window) cut() {
	w.copy()
	w.board.DeleteSelection()
}

// paste adds the clipboard's cards. They go to their own cells when this
// journey has them, else to the cell of the selection, else the first cell.
func (w *Window) paste() {
	text := w.app.Clipboard().Content()
	if !strings.HasPrefix(text, clipPrefix) {
		return
	}
	var cards []clipCard
	if err := json.Unmarshal([]byte(strings.TrimPrefix(text, clipPrefix)), &cards); err != nil || len(cards) == 0 {
		return
	}
	w.placeCards(cards, "Paste")
}

func (w *Window) duplicate() {
	if cards := w.selectedClips(); len(cards) > 0 {
		w.placeCards(cards, "Duplicate")
	}
}

func (w *Window) placeCards(cards []clipCard, label string) {
	j := w.board.Journey()
	l := w.board.Layout()
	if j == nil || len(l.Cells) == 0 {
		return
	}
	p := w.project()
	fallback := l.Cells[0]
	if ids := w.board.Selection(); len(ids) > 0 {
		if t := j.Touchpoint(ids[0]); t != nil {
			fallback.Stage, fallback.Lane = t.StageID, t.LaneID
		}
	}
	batch := &model.Batch{Name: label}
	var added []model.ID
	for _, c := range cards {
		t := c.Card.Clone()
		t.ID = model.NewID()
		t.StageID, t.LaneID = c.Stage, c.Lane
		if j.Stage(t.StageID) == nil || j.Lane(t.LaneID) == nil {
			t.StageID, t.LaneID = fallback.Stage, fallback.Lane
		}
		t.Order = 1 << 30 // at the end of its cell
		// Scores for personas or images this project lacks cannot come along.
		for pid := range t.Emotions {
			if p.Persona(pid) == nil || !p.Scale.Contains(t.Emotions[pid]) {
				delete(t.Emotions, pid)
			}
		}
		if t.ImageID != "" && p.Image(t.ImageID) == nil {
			t.ImageID = ""
		}
		batch.Commands = append(batch.Commands, &model.AddTouchpoint{Journey: j.ID, Touchpoint: t})
		added = append(added, t.ID)
	}
	if w.do(batch) {
		w.board.Select(added...)
	}
}
