package board

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"

	"waymark/canvas/geometry"
	"waymark/model"
)

// hideProject has stage S2 holding only an app card, so that a web lens
// with Hide collapses it, and a first cell A(web) B(app) C(web) that shows
// only A and C.
func hideProject() *model.Project {
	card := func(id, stage string, order int, channel string) *model.Touchpoint {
		return &model.Touchpoint{ID: model.ID(id), StageID: model.ID(stage), LaneID: "l", Order: order, Title: id, Channel: channel}
	}
	return &model.Project{ID: "p", Name: "P", Scale: model.DefaultScale,
		Journeys: []*model.Journey{{ID: "j", Title: "J",
			Stages: []*model.Stage{{ID: "s1", Name: "S1"}, {ID: "s2", Name: "S2"}, {ID: "s3", Name: "S3"}, {ID: "s4", Name: "S4"}},
			Lanes:  []*model.Lane{{ID: "l", Name: "Actions", Kind: model.LaneActions}},
			Touchpoints: []*model.Touchpoint{card("A", "s1", 0, "web"), card("B", "s1", 1, "app"), card("C", "s1", 2, "web"),
				card("D", "s2", 0, "app"), card("E", "s3", 0, "web"), card("F", "s4", 0, "web")}}}}
}

func cellTitles(j *model.Journey, stage model.ID) []string {
	var out []string
	for _, t := range j.Cell(stage, "l") {
		out = append(out, t.Title)
	}
	return out
}

// Under a lens that hides cards and stages, drops and new cards land where
// the board shows them, among all the cell's cards, and a stage dragged
// onto another goes to that stage's place in the journey.
func TestHiddenCardsAndStagesKeepTheirPlaces(t *testing.T) {
	p := hideProject()
	j := p.Journeys[0]
	b, _ := newTestBoard(t, p)
	b.SetLens(&model.Lens{Channels: []string{"web"}, Hide: true})
	l := b.Layout()
	if len(l.Stages) != 3 || l.Card("B") != nil {
		t.Fatalf("the lens shows %d stages and card B: %v", len(l.Stages), l.Card("B") != nil)
	}

	// A dropped after C (the cell's last slot as shown) goes after C.
	cell := l.Cell(0, 0)
	from := centre(b, l.Card("A").Rect)
	to := centre(b, geometry.Rect{X: cell.Rect.X, Y: cell.Slots[len(cell.Slots)-1] - 2, W: cell.Rect.W, H: 4})
	drag(b, from, to.X-from.X, to.Y-from.Y)
	if got := cellTitles(j, "s1"); !slices.Equal(got, []string{"B", "C", "A"}) {
		t.Fatalf("after dropping A below C: %v, want [B C A]", got)
	}
	b.History().Undo()

	// A new card between the shown A and C goes before C, after B.
	if _, ok := b.AddCard("s1", "l", 1, "New"); !ok {
		t.Fatal("AddCard refused")
	}
	if got := cellTitles(j, "s1"); !slices.Equal(got, []string{"A", "B", "New", "C"}) {
		t.Fatalf("after adding between A and C: %v", got)
	}
	b.History().Undo()

	// S1 dragged onto S4 (shown third) goes to S4's place, the last.
	l = b.Layout()
	fromS := fyne.NewPos(centre(b, l.Stages[0].Header).X, l.Stages[0].Header.Y+l.Stages[0].Header.H/2)
	toS := centre(b, l.Stages[2].Header).X
	drag(b, fromS, toS-fromS.X, 0)
	var order []model.ID
	for _, s := range j.Stages {
		order = append(order, s.ID)
	}
	if !slices.Equal(order, []model.ID{"s2", "s3", "s4", "s1"}) {
		t.Fatalf("stages after dragging S1 onto S4: %v", order)
	}
}
