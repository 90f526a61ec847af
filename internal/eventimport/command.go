//go:build cgo

package eventimport

import (
	"waymark/behaviour"
	"waymark/model"
)

// Command is the one undo step an import of b into journey j is: the
// stages the rules named that the journey lacked (rep.AddedStages) are
// made at its end, with new IDs as the app's add commands make them, and
// every stage's figures, overall and per segment, name their stage's ID.
// b must be new and the caller's (as behaviour.Import returns it): its
// lists are filled in before it is shared.
func Command(j *model.Journey, b *model.Behaviour, rep *behaviour.Report) *model.ReplaceBehaviour {
	ids := map[string]model.ID{}
	for _, s := range j.Stages {
		if _, ok := ids[s.Name]; !ok {
			ids[s.Name] = s.ID // the engine maps a name to its first stage
		}
	}
	var added []*model.Stage
	if rep != nil {
		for _, name := range rep.AddedStages {
			if _, ok := ids[name]; ok {
				continue
			}
			s := &model.Stage{ID: model.NewID(), Name: name}
			ids[name] = s.ID
			added = append(added, s)
		}
	}
	fill := func(list []model.StageFigures) {
		for i := range list {
			list[i].StageID = ids[list[i].Stage]
		}
	}
	fill(b.Stages)
	for i := range b.Segments {
		fill(b.Segments[i].Stages)
	}
	return &model.ReplaceBehaviour{Journey: j.ID, Behaviour: b, NewStages: added}
}

// StageNames are a journey's stage names in order, as behaviour.Import
// and CountStages take them.
func StageNames(j *model.Journey) []string {
	names := make([]string, len(j.Stages))
	for i, s := range j.Stages {
		names[i] = s.Name
	}
	return names
}
