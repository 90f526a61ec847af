package geometry_test

import (
	"fmt"
	"testing"

	"waymark/canvas/geometry"
	"waymark/model"
)

// BenchmarkLayout2000 is the board's case: one layouter laying the same
// 20 × 10 journey of 2,000 touchpoints out again after each edit, its text
// wraps cached. Target: at most 2 ms a layout.
func BenchmarkLayout2000(b *testing.B) {
	p, j := bigProject(1, bigDefault)
	lo := geometry.NewLayouter(geometry.DefaultStyle, metrics(b))
	lo.Layout(p, j) // warm the wrap cache
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		lo.Layout(p, j)
	}
}

// BenchmarkLayout2000Behaviour is BenchmarkLayout2000 with a behaviour
// lane on top showing figures for all 20 stages, and the previous
// import's: the figures are laid out again after each edit too.
func BenchmarkLayout2000Behaviour(b *testing.B) {
	p, j := bigProject(1, bigDefault)
	j.Lanes = append([]*model.Lane{{ID: "behaviour", Name: "Behaviour", Kind: model.LaneBehaviour}}, j.Lanes...)
	reach := make([]int64, len(j.Stages))
	for i := range reach {
		reach[i] = 100_000 - int64(i)*4_000 - int64(i%3)*1_000
	}
	j.Behaviour = bpiFigures(j.Stages, reach)
	j.PreviousBehaviour = bpiFigures(j.Stages, reach[:10])
	benchLayout(b, p, j)
}

// BenchmarkLayout2000Edit is the warm case with a real edit each time: one
// card's title changes, so one wrap is computed afresh.
func BenchmarkLayout2000Edit(b *testing.B) {
	p, j := bigProject(1, bigDefault)
	lo := geometry.NewLayouter(geometry.DefaultStyle, metrics(b))
	lo.Layout(p, j)
	titles := [2]string{j.Touchpoints[0].Title, j.Touchpoints[0].Title + " (edited)"}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		i++
		j.Touchpoints[0].Title = titles[i%2]
		lo.Layout(p, j)
	}
}

// BenchmarkLayout2000Cold is opening a journey: a new layouter each time, so
// every title is wrapped.
func BenchmarkLayout2000Cold(b *testing.B) {
	p, j := bigProject(1, bigDefault)
	m := metrics(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		geometry.NewLayouter(geometry.DefaultStyle, m).Layout(p, j)
	}
}

// BenchmarkLayoutCastOfThousands: 10,000 personas and 10,000 pictures,
// 20,000 cards with one score and one picture each. The badges come from the
// scores a card has, not from asking every card about every persona, and
// pictures are looked up by ID, not searched for (2·10⁸ steps each, seconds
// a layout).
func BenchmarkLayoutCastOfThousands(b *testing.B) {
	p := &model.Project{ID: "p", Name: "Cast", Scale: model.ScaleBipolar2}
	j := &model.Journey{ID: "j", Title: "Cast of thousands"}
	p.Journeys = []*model.Journey{j}
	for i := 0; i < 100; i++ {
		j.Stages = append(j.Stages, &model.Stage{ID: model.ID(fmt.Sprint("s", i)), Name: "Stage"})
	}
	j.Lanes = []*model.Lane{{ID: "act", Name: "Actions", Kind: model.LaneActions}, {ID: "emo", Name: "Feelings", Kind: model.LaneEmotions}}
	for i := 0; i < 10_000; i++ {
		x := &model.Persona{ID: model.ID(fmt.Sprint("x", i)), Name: "Customer"}
		p.Personas = append(p.Personas, x)
		j.PersonaIDs = append(j.PersonaIDs, x.ID)
	}
	for i := 0; i < 10_000; i++ {
		p.Images = append(p.Images, &model.Image{ID: model.ID(fmt.Sprint("img", i)), MIME: "image/png", Width: 1, Height: 1})
	}
	for i := 0; i < 20_000; i++ {
		j.Touchpoints = append(j.Touchpoints, &model.Touchpoint{ID: model.ID(fmt.Sprint("t", i)), StageID: j.Stages[i%100].ID,
			LaneID: "act", Order: i / 100, Title: "Card", Emotions: map[model.ID]int{p.Personas[i%10_000].ID: 1},
			ImageID: p.Images[len(p.Images)-1-i%10].ID})
	}
	benchLayout(b, p, j)
}

// BenchmarkLayoutLongJourney: model.MaxCellsPerJourney stages of one
// emotions lane, a scored card in each. Each stage's column is found by
// walking on from the last, not by searching from the first (3·10¹⁰ steps).
func BenchmarkLayoutLongJourney(b *testing.B) {
	p := &model.Project{ID: "p", Name: "Long", Scale: model.ScaleBipolar2,
		Personas: []*model.Persona{{ID: "x", Name: "Customer"}}}
	j := &model.Journey{ID: "j", Title: "Long", PersonaIDs: []model.ID{"x"},
		Lanes: []*model.Lane{{ID: "emo", Name: "Feelings", Kind: model.LaneEmotions}}}
	p.Journeys = []*model.Journey{j}
	for i := 0; i < model.MaxCellsPerJourney; i++ {
		s := &model.Stage{ID: model.ID(fmt.Sprint("s", i)), Name: "Stage"}
		j.Stages = append(j.Stages, s)
		j.Touchpoints = append(j.Touchpoints, &model.Touchpoint{ID: model.ID(fmt.Sprint("t", i)), StageID: s.ID,
			LaneID: "emo", Title: "Card", Emotions: map[model.ID]int{"x": i%5 - 2}})
	}
	benchLayout(b, p, j)
}

func benchLayout(b *testing.B, p *model.Project, j *model.Journey) {
	lo := geometry.NewLayouter(geometry.DefaultStyle, metrics(b))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		lo.Layout(p, j)
	}
}
