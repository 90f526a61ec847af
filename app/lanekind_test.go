package app

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2/widget"

	"waymark/canvas/board"
	"waymark/model"
)

// The inspector's lane-kind picker lists the behaviour lane; picking it for
// a lane that holds cards is refused, and the picker goes back to the
// lane's kind.
func TestLaneKindPickerBehaviour(t *testing.T) {
	w := newTestWindow(t)
	j := w.project().Journeys[0]
	var lane *model.Lane
	for _, l := range j.Lanes {
		if len(j.Cell(j.Stages[0].ID, l.ID)) > 0 && l.Kind != model.LaneEmotions {
			lane = l
			break
		}
	}
	if lane == nil {
		t.Fatal("the sample has no lane with a card in its first stage")
	}
	was := lane.Kind
	w.inspect.showTarget(board.TargetLane, lane.ID)
	kind := formWidget(t, w.inspect.body, "Kind").(*widget.Select)
	if !slices.Contains(kind.Options, "Behaviour") {
		t.Fatalf("the kinds offered are %q", kind.Options)
	}
	kind.SetSelected("Behaviour")
	if lane.Kind != was {
		t.Fatalf("a lane with cards became a %s lane", lane.Kind)
	}
	if kind.Selected != was.Label() {
		t.Errorf("the picker shows %q, the lane is %q", kind.Selected, was.Label())
	}
}
