package model

import (
	"fmt"
	"math"
	"slices"
)

// Where what people said and what they did part ways: a stage the
// researchers rated fine that loses many customers, or one rated badly
// that keeps them. The behaviour lane marks these stages.

// Disagreement is one stage whose emotion scores and measured conversion
// tell different stories.
type Disagreement struct {
	StageID ID
	// Reason says why, in one line: "Rated neutral or better, but 56%
	// convert: among the worst third".
	Reason string
}

// StageMean is the mean emotion score of one stage.
type StageMean struct {
	Mean   float64
	Scores int // how many scores the mean is over; 0: no mean
}

// StageMeans is, per stage of j, the mean of the scores the journey's
// personas gave its cards, on the project's scale: the scores the emotion
// curve runs through (cards of visible lanes, personas the journey is
// drawn for). A stage without such a score has Scores 0.
func StageMeans(p *Project, j *Journey) map[ID]StageMean {
	drawn := make(map[ID]bool, len(j.PersonaIDs))
	for _, x := range p.JourneyPersonas(j) {
		drawn[x.ID] = true
	}
	visible := make(map[ID]bool, len(j.Lanes))
	for _, l := range j.Lanes {
		if !l.Hidden {
			visible[l.ID] = true
		}
	}
	sums := make(map[ID]float64, len(j.Stages))
	out := make(map[ID]StageMean, len(j.Stages))
	for _, t := range j.Touchpoints {
		if !visible[t.LaneID] {
			continue
		}
		for id, score := range t.Emotions {
			if drawn[id] {
				sums[t.StageID] += float64(score)
				m := out[t.StageID]
				m.Scores++
				out[t.StageID] = m
			}
		}
	}
	for id, m := range out {
		m.Mean = sums[id] / float64(m.Scores)
		out[id] = m
	}
	return out
}

// Disagreements compares each stage's mean emotion score with its measured
// conversion from the previous stage, over the stages of j's figures after
// the first (whose conversion is 1 by definition), in journey order. With
// n such stages, the worst third are the n/3 lowest conversions (and any
// tied with the last of them), the best third the n/3 highest; fewer than
// three stages have no thirds. A stage disagrees when it is rated neutral
// or better (mean ≥ the scale's neutral) but converts among the worst
// third, or rated negative but converts among the best third. A stage
// without scores is not judged. Nil when j has no figures.
func Disagreements(p *Project, j *Journey) []Disagreement {
	if j == nil || j.Behaviour == nil {
		return nil
	}
	return DisagreementsWith(p, j, StageMeans(p, j))
}

// DisagreementsWith is Disagreements over stage means already at hand: the
// layout has the curve's scores per card, and need not walk the journey's
// cards again.
func DisagreementsWith(p *Project, j *Journey, means map[ID]StageMean) []Disagreement {
	if j == nil || j.Behaviour == nil {
		return nil
	}
	figures := make(map[ID]*StageFigures, len(j.Behaviour.Stages))
	for i := range j.Behaviour.Stages {
		if f := &j.Behaviour.Stages[i]; f.StageID != "" {
			if _, dup := figures[f.StageID]; !dup {
				figures[f.StageID] = f
			}
		}
	}
	type judged struct {
		id   ID
		conv float64
	}
	var list []judged
	first := true
	for _, s := range j.Stages {
		f := figures[s.ID]
		if f == nil {
			continue
		}
		if first {
			first = false
			continue
		}
		list = append(list, judged{s.ID, f.ConversionFromPrevious})
	}
	k := len(list) / 3
	if k == 0 {
		return nil
	}
	convs := make([]float64, len(list))
	for i, x := range list {
		convs[i] = x.conv
	}
	slices.Sort(convs)
	worstUpTo, bestFrom := convs[k-1], convs[len(convs)-k]
	if worstUpTo >= bestFrom {
		return nil // no spread: no stage is worse or better than the others
	}
	neutral := p.Scale.Neutral()
	var out []Disagreement
	for _, x := range list {
		m := means[x.id]
		if m.Scores == 0 {
			continue
		}
		pct := percentText(x.conv)
		switch {
		case m.Mean >= neutral && x.conv <= worstUpTo:
			out = append(out, Disagreement{x.id, fmt.Sprintf("Rated neutral or better, but %s convert: among the worst third", pct)})
		case m.Mean < neutral && x.conv >= bestFrom:
			out = append(out, Disagreement{x.id, fmt.Sprintf("Rated negative, but %s convert: among the best third", pct)})
		}
	}
	return out
}

// percentText is a share as a whole percentage, or with one decimal when
// rounding would say 0% or 100% of a share that is neither.
func percentText(share float64) string {
	v := math.Round(share * 100)
	if (v == 0 && share > 0) || (v == 100 && share < 1) {
		return fmt.Sprintf("%.1f%%", share*100)
	}
	return fmt.Sprintf("%.0f%%", v)
}
