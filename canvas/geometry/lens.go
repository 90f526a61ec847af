package geometry

import (
	"waymark/model"
)

// How a lens narrows a layout. A lens is a view: it decides which cards
// are drawn plainly, dimmed or not at all, and whose curve is drawn; it
// never changes the journey, so nothing here writes to it.

// lensView is the layouter's lens made ready for one layout.
type lensView struct {
	lens *model.Lens
	// match tests the cards; nil when the lens leaves no card out.
	match *model.LensMatch
	// hide leaves the cards out (and collapses what they emptied) instead
	// of dimming them.
	hide bool
	// persona is the one persona whose curve and badges are drawn; "" for
	// all of the journey's.
	persona model.ID
}

func newLensView(l *model.Lens) lensView {
	if !l.Filters() {
		return lensView{}
	}
	v := lensView{lens: l.Clone(), persona: l.Persona}
	if m := l.Match(); !m.All() {
		v.match, v.hide = m, l.Hide
	}
	return v
}

// shows reports whether card t passes the lens.
func (v *lensView) shows(t *model.Touchpoint) bool { return v.match == nil || v.match.Shows(t) }

// collapse is Hide's part of a layout: it marks each touchpoint of j shown
// or not (in shown, by index in j.Touchpoints), and returns the stages and
// lanes still drawn: those that held a card without the lens and hold none
// through it go, except the lanes that show no cards of their own
// (emotions, behaviour). A stage or lane that held no card stays: the lens
// did not empty it. It also counts the cards: those drawn without the lens
// (in lanes) and those it shows.
func (v *lensView) collapse(j *model.Journey, lanes []*model.Lane, shown []bool) (stages []*model.Stage, kept []*model.Lane, total, passed int) {
	stageAt := make(map[model.ID]int, len(j.Stages))
	for i, s := range j.Stages {
		stageAt[s.ID] = i
	}
	laneAt := make(map[model.ID]int, len(lanes))
	for i, l := range lanes {
		laneAt[l.ID] = i
	}
	// held and left count each stage's and lane's cards, without and
	// through the lens: stages first, then lanes.
	held := make([]int, 2*(len(j.Stages)+len(lanes)))
	left := held[len(j.Stages)+len(lanes):]
	held = held[:len(j.Stages)+len(lanes)]
	for i, t := range j.Touchpoints {
		si, ok1 := stageAt[t.StageID]
		li, ok2 := laneAt[t.LaneID]
		shown[i] = false
		if !ok1 || !ok2 {
			continue
		}
		total++
		held[si]++
		held[len(j.Stages)+li]++
		if v.match.Shows(t) {
			shown[i] = true
			passed++
			left[si]++
			left[len(j.Stages)+li]++
		}
	}
	stages = make([]*model.Stage, 0, len(j.Stages))
	for i, s := range j.Stages {
		if held[i] == 0 || left[i] > 0 {
			stages = append(stages, s)
		}
	}
	kept = make([]*model.Lane, 0, len(lanes))
	for i, l := range lanes {
		k := len(j.Stages) + i
		if l.Kind == model.LaneEmotions || !l.Kind.HoldsCards() || held[k] == 0 || left[k] > 0 {
			kept = append(kept, l)
		}
	}
	return stages, kept, total, passed
}
