package geometry_test

import (
	"fmt"
	"testing"

	"waymark/canvas/geometry"
	"waymark/model"
)

// curveJourney has three stages and an emotions lane between two others;
// each persona scores the cards of the actions lane with its own sequence
// (one score per card, -99 for none).
func curveJourney(sc model.Scale, scores ...[]int) (*model.Project, *model.Journey) {
	p := &model.Project{ID: "p", Name: "p", Scale: sc}
	j := &model.Journey{ID: "j", Title: "Curves"}
	p.Journeys = []*model.Journey{j}
	for i := 0; i < 3; i++ {
		j.Stages = append(j.Stages, &model.Stage{ID: model.ID(fmt.Sprintf("s%d", i)), Name: fmt.Sprintf("Stage %d", i)})
	}
	j.Lanes = []*model.Lane{{ID: "act", Name: "Actions", Kind: model.LaneActions},
		{ID: "emo", Name: "Feelings", Kind: model.LaneEmotions}, {ID: "pain", Name: "Pain", Kind: model.LanePainPoints}}
	for pi := range scores {
		id := model.ID(fmt.Sprintf("x%d", pi))
		p.Personas = append(p.Personas, &model.Persona{ID: id, Name: fmt.Sprintf("Persona %d", pi)})
		j.PersonaIDs = append(j.PersonaIDs, id)
	}
	n := 0
	for _, s := range scores {
		n = max(n, len(s))
	}
	for k := 0; k < n; k++ {
		lane := model.ID("act")
		if k%4 == 3 {
			lane = "emo" // cards in the emotions lane count too
		}
		si := k * 3 / n
		order := 0
		for _, t := range j.Touchpoints {
			if t.StageID == j.Stages[si].ID && t.LaneID == lane {
				order++
			}
		}
		t := &model.Touchpoint{ID: model.ID(fmt.Sprintf("t%02d", k)), StageID: j.Stages[si].ID, LaneID: lane, Order: order,
			Title: fmt.Sprintf("Card %d", k), Emotions: map[model.ID]int{}}
		for pi, s := range scores {
			if k < len(s) && s[k] != -99 {
				t.Emotions[p.Personas[pi].ID] = s[k]
			}
		}
		j.Touchpoints = append(j.Touchpoints, t)
	}
	return p, j
}

func bezierY(b geometry.Bezier, t float32) float32 {
	u := 1 - t
	return u*u*u*b.P0.Y + 3*u*u*t*b.C1.Y + 3*u*t*t*b.C2.Y + t*t*t*b.P1.Y
}

func TestEmotionCurveShapes(t *testing.T) {
	for _, sc := range model.ScalePresets {
		lo, hi, mid := sc.Min, sc.Max, (sc.Min+sc.Max)/2
		zigzag := []int{lo, hi, lo, hi, lo, hi, lo, hi, lo}
		plateau := []int{mid, mid, mid, hi, hi, hi, lo, lo, mid}
		ramp := []int{lo, lo + 1, hi - 1, hi, hi, hi - 1, mid, lo + 1, lo}
		gaps := []int{-99, hi, -99, -99, lo, mid, -99, hi, -99}
		p, j := curveJourney(sc, zigzag, plateau, ramp, gaps)
		if err := p.Validate(); err != nil {
			t.Fatal(err)
		}
		name := "scale " + sc.String()
		l := layout(t, p, j)
		checkLayout(t, name, p, j, l, true)
		checkEmotion(t, name, p, j, l)
		e := l.Emotion
		if e == nil || len(e.Curves) != 4 {
			t.Fatalf("%s: band %v", name, e)
		}
		if got := len(e.Curves[3].Points); got != 4 {
			t.Errorf("%s: the persona with gaps has %d points, want 4", name, got)
		}
		for ci, cv := range e.Curves {
			for k, sg := range cv.Segments {
				a, b := min(sg.P0.Y, sg.P1.Y), max(sg.P0.Y, sg.P1.Y)
				for i := 0; i <= 32; i++ {
					if y := bezierY(sg, float32(i)/32); y < a-1e-3 || y > b+1e-3 {
						t.Errorf("%s curve %d segment %d leaves [%v,%v] at y %v", name, ci, k, a, b, y)
						break
					}
				}
				// A flat segment stays flat.
				if sg.P0.Y == sg.P1.Y && (sg.C1.Y != sg.P0.Y || sg.C2.Y != sg.P0.Y) {
					t.Errorf("%s curve %d segment %d between equal scores bulges: %+v", name, ci, k, sg)
				}
			}
			// At a peak or trough the curve is level: both neighbouring
			// control points sit at the point's height.
			for k := 1; k+1 < len(cv.Points); k++ {
				y0, y, y1 := cv.Points[k-1].P.Y, cv.Points[k].P.Y, cv.Points[k+1].P.Y
				if (y-y0)*(y1-y) < 0 {
					if in, out := cv.Segments[k-1].C2.Y, cv.Segments[k].C1.Y; in != y || out != y {
						t.Errorf("%s curve %d point %d is an extremum but its tangent is not level: %v, %v, %v", name, ci, k, in, y, out)
					}
				}
			}
		}
		// Dragging a point: heights between two steps snap to the nearer one,
		// heights off the plot to the ends of the scale.
		for s := sc.Min; s < sc.Max; s++ {
			y0, y1 := e.ScoreY(float64(s)), e.ScoreY(float64(s+1))
			if got := sc.Snap(e.ScoreAt(y0 + (y1-y0)*0.4)); got != s {
				t.Errorf("%s: 40%% of the way from %d to %d snaps to %d", name, s, s+1, got)
			}
			if got := sc.Snap(e.ScoreAt(y0 + (y1-y0)*0.6)); got != s+1 {
				t.Errorf("%s: 60%% of the way from %d to %d snaps to %d", name, s, s+1, got)
			}
		}
		if sc.Snap(e.ScoreAt(e.Band.Y-50)) != sc.Max || sc.Snap(e.ScoreAt(e.Band.Y+e.Band.H+50)) != sc.Min {
			t.Errorf("%s: drags off the band do not clamp", name)
		}
	}
}

// A single scored card gives a point and no segment; no scores give an empty
// curve; a persona ID that names no persona is left out.
func TestEmotionCurveDegenerate(t *testing.T) {
	p, j := curveJourney(model.ScaleFive, []int{3}, nil)
	j.PersonaIDs = append(j.PersonaIDs, "missing")
	l := layout(t, p, j)
	e := l.Emotion
	if e == nil || len(e.Curves) != 2 || len(e.Legend) != 2 {
		t.Fatalf("band %+v", e)
	}
	if len(e.Curves[0].Points) != 1 || len(e.Curves[0].Segments) != 0 || len(e.Curves[1].Points) != 0 {
		t.Errorf("curves %+v", e.Curves)
	}
	j.PersonaIDs = j.PersonaIDs[:2]
	checkEmotion(t, "degenerate", p, j, l)
}

// Cards in the same stage get distinct x positions, evenly spread over the
// column, shared by every persona.
func TestEmotionCurveX(t *testing.T) {
	p, j := curveJourney(model.ScaleBipolar2, []int{0, 1, 2, 1, 0, -1}, []int{-99, 2, -99, 1, -99, -2})
	l := layout(t, p, j)
	checkEmotion(t, "x", p, j, l)
	a := l.Emotion.Curves[0].Points
	col := l.Stages[0].Column
	// Stage 0 holds cards 0 and 1: the quarter points of the column.
	if a[0].P.X != col.X+col.W/4 || a[1].P.X != col.X+3*col.W/4 {
		t.Errorf("stage 0 points at %v and %v, want quarters of %+v", a[0].P.X, a[1].P.X, col)
	}
}

// A long emotions lane name and long persona names must leave room for the
// scale's labels on the right of the lane header.
func TestEmotionHeaderCrowded(t *testing.T) {
	for _, sc := range model.ScalePresets {
		p, j := curveJourney(sc, []int{sc.Min, sc.Max, sc.Min}, []int{sc.Max, sc.Min, sc.Max}, []int{sc.Min})
		j.Lanes[1].Name = "Gefühlsachterbahnfahrt der Kundschaft"
		for i, x := range p.Personas {
			x.Name = []string{"Maximilian Alexander von Hohenzollern-Sigmaringen", "Αλεξάνδρα Παπαδοπούλου-Κωνσταντινίδου", "W"}[i]
		}
		name := "crowded header " + sc.String()
		l := layout(t, p, j)
		checkLayout(t, name, p, j, l, true)
		checkEmotion(t, name, p, j, l)
	}
}
