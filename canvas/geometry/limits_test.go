package geometry_test

import (
	"fmt"
	"runtime"
	"testing"

	"waymark/canvas/geometry"
	"waymark/model"
)

// crowdJourney is a journey of 10 stages and 4 lanes drawn for n personas,
// each scoring one card, with no cards in its emotions lane (lane 3): that
// lane is as tall as its header needs.
func crowdJourney(n int) (*model.Project, *model.Journey) {
	p, j := bigProject(3, bigOptions{stages: 10, lanes: 4, touchpoints: 300, scale: model.ScaleBipolar2, emotionLane: 3})
	var cards []*model.Touchpoint
	for _, t := range j.Touchpoints {
		if t.LaneID != j.Lanes[3].ID {
			cards = append(cards, t)
		}
	}
	j.Touchpoints = cards
	for i := 0; i < n; i++ {
		x := &model.Persona{ID: model.ID(fmt.Sprintf("crowd-%05d", i)), Name: fmt.Sprintf("Customer %d", i+1)}
		p.Personas = append(p.Personas, x)
		j.PersonaIDs = append(j.PersonaIDs, x.ID)
		t := cards[i%len(cards)]
		if t.Emotions == nil {
			t.Emotions = map[model.ID]int{}
		}
		t.Emotions[x.ID] = i%5 - 2
	}
	return p, j
}

// TestCrowdedCast: a journey drawn for thousands of personas names a few in
// its emotions lane header and says how many more, so that the lane, and the
// map, stay as tall as a dozen names make them; every score still has its
// badge and its point on its persona's curve.
func TestCrowdedCast(t *testing.T) {
	st := geometry.DefaultStyle
	for _, n := range []int{geometry.LaneLegendMax, geometry.LaneLegendMax + 1, 150, 10_000} {
		p, j := crowdJourney(n)
		l := layout(t, p, j)
		name := fmt.Sprintf("%d personas", n)
		checkLayout(t, name, p, j, l, true)
		checkEmotion(t, name, p, j, l)
		// The header: a name of two lines, the kind, the legend's lines.
		most := st.CellPadding + float32(st.HeaderMaxLines)*st.LineHeight(st.HeaderSize) + st.LineHeight(st.SmallSize) +
			4 + float32(geometry.LaneLegendMax)*st.LineHeight(st.SmallSize) + st.CellPadding
		most = max(most, st.EmotionBandHeight+2*st.CellPadding, st.MinCellHeight)
		if h := l.Lanes[3].Row.H; h > most+eps {
			t.Errorf("%s: the emotions lane is %.0f units tall, more than the %.0f a dozen names take", name, h, most)
		}
		badges, points := 0, 0
		for i := range l.Cards {
			badges += len(l.Cards[i].Badges)
		}
		for _, cv := range l.Emotion.Curves {
			points += len(cv.Points)
		}
		if badges < n || points != badges {
			t.Errorf("%s: %d badges and %d curve points for at least %d scores", name, badges, points, n)
		}
	}
}

// TestLayoutAtCellCap: a journey of model.MaxCellsPerJourney empty cells
// (500 stages × 500 lanes, no cards) lays out in bounded memory: what it
// allocates grows with its cells, some bytes each, and nothing grows with
// their product with anything else.
func TestLayoutAtCellCap(t *testing.T) {
	p := &model.Project{ID: "p", Name: "Cap", Scale: model.ScaleBipolar2}
	j := &model.Journey{ID: "j", Title: "As many cells as a journey may have"}
	p.Journeys = []*model.Journey{j}
	for i := 0; i < 500; i++ {
		j.Stages = append(j.Stages, &model.Stage{ID: model.ID(fmt.Sprintf("s%d", i)), Name: fmt.Sprintf("Stage %d", i)})
		kind := model.LaneCustom
		if i == 0 {
			kind = model.LaneEmotions
		}
		j.Lanes = append(j.Lanes, &model.Lane{ID: model.ID(fmt.Sprintf("l%d", i)), Name: fmt.Sprintf("Lane %d", i), Kind: kind})
	}
	if cells := len(j.Stages) * len(j.Lanes); cells != model.MaxCellsPerJourney {
		t.Fatalf("%d cells, want the cap %d", cells, model.MaxCellsPerJourney)
	}
	lo := geometry.NewLayouter(geometry.DefaultStyle, metrics(t))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	l := lo.Layout(p, j)
	runtime.ReadMemStats(&after)
	if len(l.Cells) != model.MaxCellsPerJourney {
		t.Fatalf("%d cells laid out", len(l.Cells))
	}
	// About 100 bytes a cell (its box, its two slots, the sort's counts),
	// plus the headers: 64 MB is generous, a product of two counts is not.
	const most = 64 << 20
	if got := after.TotalAlloc - before.TotalAlloc; got > most {
		t.Errorf("laying out %d empty cells allocated %d MB, more than %d MB", len(l.Cells), got>>20, most>>20)
	} else {
		t.Logf("%d empty cells: %.1f MB, %.0f bytes a cell", len(l.Cells), float64(got)/(1<<20), float64(got)/float64(len(l.Cells)))
	}
}

// TestLayoutPerScore: each emotion score costs the layout a bounded number of
// bytes (its badge, its curve point and segment), so that a journey at
// model.MaxScoresPerJourney lays out in a few hundred MB at most.
func TestLayoutPerScore(t *testing.T) {
	bytes := func(personas int) (uint64, int) {
		p, j := bigProject(1, bigOptions{stages: 20, lanes: 10, touchpoints: 2000, scale: model.ScaleBipolar2, emotionLane: 3})
		scores := 0
		for i := 0; i < personas; i++ {
			x := &model.Persona{ID: model.ID(fmt.Sprint("x", i)), Name: "Customer"}
			p.Personas = append(p.Personas, x)
			j.PersonaIDs = append(j.PersonaIDs, x.ID)
			for _, tp := range j.Touchpoints {
				if tp.Emotions == nil {
					tp.Emotions = map[model.ID]int{}
				}
				tp.Emotions[x.ID] = i%5 - 2
				scores++
			}
		}
		lo := geometry.NewLayouter(geometry.DefaultStyle, metrics(t))
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		lo.Layout(p, j)
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc, scores
	}
	base, _ := bytes(0)
	got, scores := bytes(100)
	per := float64(got-base) / float64(scores)
	if per > 400 {
		t.Errorf("%.0f bytes of layout a score: %d MB at the cap of %d", per, int(per*model.MaxScoresPerJourney)>>20, model.MaxScoresPerJourney)
	}
	t.Logf("%.0f bytes a score, %d MB at the cap", per, int(per*model.MaxScoresPerJourney)>>20)
}
