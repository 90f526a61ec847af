//go:build cgo

package eventimport

import (
	"testing"

	"waymark/behaviour"
	"waymark/model"
)

// The stages the rules named that the journey lacked are made once, and
// every figure, overall and per segment, names its stage's ID; a name the
// journey holds twice maps to its first stage, as the engine maps it.
func TestCommand(t *testing.T) {
	j := &model.Journey{ID: model.NewID(), Stages: []*model.Stage{
		{ID: model.NewID(), Name: "Visit"}, {ID: model.NewID(), Name: "Buy"}, {ID: model.NewID(), Name: "Visit"}}}
	b := &model.Behaviour{
		Stages:   []model.StageFigures{{Stage: "Visit"}, {Stage: "Buy"}, {Stage: "Return"}},
		Segments: []model.SegmentValue{{Value: "web", Stages: []model.StageFigures{{Stage: "Visit"}, {Stage: "Return"}}}},
	}
	cmd := Command(j, b, &behaviour.Report{AddedStages: []string{"Return", "Visit"}})
	if cmd.Journey != j.ID || cmd.Behaviour != b {
		t.Fatalf("the command is for %v with %p", cmd.Journey, cmd.Behaviour)
	}
	if len(cmd.NewStages) != 1 || cmd.NewStages[0].Name != "Return" || cmd.NewStages[0].ID == "" {
		t.Fatalf("new stages %+v", cmd.NewStages)
	}
	ret := cmd.NewStages[0].ID
	want := []model.ID{j.Stages[0].ID, j.Stages[1].ID, ret}
	for i, s := range b.Stages {
		if s.StageID != want[i] {
			t.Errorf("stage %q has ID %v, want %v", s.Stage, s.StageID, want[i])
		}
	}
	if seg := b.Segments[0].Stages; seg[0].StageID != j.Stages[0].ID || seg[1].StageID != ret {
		t.Errorf("segment stages %+v", seg)
	}
	if got := StageNames(j); len(got) != 3 || got[0] != "Visit" || got[1] != "Buy" {
		t.Errorf("StageNames %v", got)
	}
}
