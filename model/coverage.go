package model

import (
	"fmt"
	"slices"
	"strings"
)

// CoverageBy says what the rows of a coverage matrix are.
type CoverageBy int

// The two kinds of coverage matrix.
const (
	ByChannel CoverageBy = iota // a row per channel of the journey's cards
	ByOwner                     // a row per owner of the journey's cards
)

// String is "channel" or "owner".
func (b CoverageBy) String() string {
	if b == ByOwner {
		return "owner"
	}
	return "channel"
}

// CoverageNone is the row of the cards with no channel (or no owner). It is
// always the last row, and never counts as a channel or an owner for the gap
// rules.
const CoverageNone = "(none)"

// The reasons a coverage cell is a gap.
const (
	GapMissingBetween = "no touchpoint here although the stages before and after have one"
	GapOnlyChannel    = "the only channel of this stage"
	GapChannelOneOnly = "the channel's only stage"
)

// CoverageCell is one channel (or owner) in one stage.
type CoverageCell struct {
	Touchpoints int
	// MeanEmotion is the mean of the scores the journey's personas gave the
	// cell's cards, on the project's scale; 0 when Scored is 0 (nothing is
	// scored: no NaN).
	MeanEmotion float64
	Scored      int // how many scores MeanEmotion is the mean of
	PainPoints  int
	Gaps        []string // why this cell is a gap; empty when it is not
}

// CoverageMatrix is which channels (or owners) serve which stages of a
// journey: Cells[row][stage], rows as Rows, columns as Stages.
type CoverageMatrix struct {
	By     CoverageBy
	Rows   []string
	Stages []*Stage
	Cells  [][]CoverageCell
}

// Coverage counts, for each channel (or owner) of journey j and each of its
// stages, the cards, the mean of their emotion scores, the pain points, and
// marks the gaps.
//
// Rows are the distinct channels (owners) of the cards, trimmed and compared
// case-insensitively, spelled as first met, in order of first appearance
// (stages left to right, then lanes top to bottom, then the order inside a
// cell); cards with none form the row CoverageNone, listed last. Every card
// of the journey counts, including those in hidden lanes: hiding a lane
// changes the view, not the journey. Cards whose stage is not one of the
// journey's (an invalid project) are left out.
//
// Gaps by channel (the CoverageNone row is never a channel here):
//   - GapMissingBetween: a channel has no card in a stage although it has
//     some in both immediately adjacent stages (so never the first or last
//     stage);
//   - GapOnlyChannel: a stage served by exactly one channel;
//   - GapChannelOneOnly: a channel with cards in one stage only.
//
// Gaps by owner:
//   - pain points with no owner: put on the CoverageNone cell of the stage,
//     "N pain point(s) with no owner";
//   - an owner whose cards span at least 3 stages and at least half of the
//     journey's stages: every cell of that owner's row that has cards is
//     marked "spans N of M stages".
func Coverage(p *Project, j *Journey, by CoverageBy) *CoverageMatrix {
	m := &CoverageMatrix{By: by, Stages: slices.Clone(j.Stages)}
	stageIdx := make(map[ID]int, len(j.Stages))
	for i, s := range j.Stages {
		stageIdx[s.ID] = i
	}
	laneIdx := make(map[ID]int, len(j.Lanes))
	for i, l := range j.Lanes {
		laneIdx[l.ID] = i
	}
	laneOf := func(t *Touchpoint) int {
		if i, ok := laneIdx[t.LaneID]; ok {
			return i
		}
		return len(j.Lanes)
	}
	cards := make([]*Touchpoint, 0, len(j.Touchpoints))
	for _, t := range j.Touchpoints {
		if _, ok := stageIdx[t.StageID]; ok {
			cards = append(cards, t)
		}
	}
	slices.SortStableFunc(cards, func(a, b *Touchpoint) int {
		if c := stageIdx[a.StageID] - stageIdx[b.StageID]; c != 0 {
			return c
		}
		if c := laneOf(a) - laneOf(b); c != 0 {
			return c
		}
		return a.Order - b.Order
	})

	key := func(t *Touchpoint) string {
		if by == ByOwner {
			return strings.TrimSpace(t.Owner)
		}
		return strings.TrimSpace(t.Channel)
	}
	rowOf := map[string]int{}
	hasNone := false
	for _, t := range cards {
		k := key(t)
		if k == "" {
			hasNone = true
			continue
		}
		if _, ok := rowOf[strings.ToLower(k)]; !ok {
			rowOf[strings.ToLower(k)] = len(m.Rows)
			m.Rows = append(m.Rows, k)
		}
	}
	named := len(m.Rows) // rows 0..named-1 are channels (owners)
	if hasNone {
		m.Rows = append(m.Rows, CoverageNone)
	}
	m.Cells = make([][]CoverageCell, len(m.Rows))
	for r := range m.Cells {
		m.Cells[r] = make([]CoverageCell, len(j.Stages))
	}
	sums := make([][]int, len(m.Rows))
	for r := range sums {
		sums[r] = make([]int, len(j.Stages))
	}
	for _, t := range cards {
		r := named
		if k := key(t); k != "" {
			r = rowOf[strings.ToLower(k)]
		}
		s := stageIdx[t.StageID]
		c := &m.Cells[r][s]
		c.Touchpoints++
		if t.PainPoint {
			c.PainPoints++
		}
		for _, pid := range j.PersonaIDs {
			if score, ok := t.Score(pid); ok {
				sums[r][s] += score
				c.Scored++
			}
		}
	}
	for r := range m.Cells {
		for s := range m.Cells[r] {
			if c := &m.Cells[r][s]; c.Scored > 0 {
				c.MeanEmotion = float64(sums[r][s]) / float64(c.Scored)
			}
		}
	}

	n := len(j.Stages)
	switch by {
	case ByChannel:
		for r := 0; r < named; r++ {
			for s := 1; s < n-1; s++ {
				if m.Cells[r][s].Touchpoints == 0 && m.Cells[r][s-1].Touchpoints > 0 && m.Cells[r][s+1].Touchpoints > 0 {
					m.mark(r, s, GapMissingBetween)
				}
			}
		}
		for s := 0; s < n; s++ {
			only, count := -1, 0
			for r := 0; r < named; r++ {
				if m.Cells[r][s].Touchpoints > 0 {
					only, count = r, count+1
				}
			}
			if count == 1 {
				m.mark(only, s, GapOnlyChannel)
			}
		}
		for r := 0; r < named; r++ {
			if stages := m.stagesOf(r); len(stages) == 1 {
				m.mark(r, stages[0], GapChannelOneOnly)
			}
		}
	case ByOwner:
		if hasNone {
			for s := 0; s < n; s++ {
				if pp := m.Cells[named][s].PainPoints; pp > 0 {
					m.mark(named, s, fmt.Sprintf("%d %s with no owner", pp, plural(pp, "pain point", "pain points")))
				}
			}
		}
		for r := 0; r < named; r++ {
			stages := m.stagesOf(r)
			if k := len(stages); k >= 3 && 2*k >= n {
				for _, s := range stages {
					m.mark(r, s, fmt.Sprintf("spans %d of %d stages", k, n))
				}
			}
		}
	}
	return m
}

func (m *CoverageMatrix) mark(r, s int, reason string) {
	m.Cells[r][s].Gaps = append(m.Cells[r][s].Gaps, reason)
}

// stagesOf lists the stages where row r has cards.
func (m *CoverageMatrix) stagesOf(r int) []int {
	var out []int
	for s, c := range m.Cells[r] {
		if c.Touchpoints > 0 {
			out = append(out, s)
		}
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// CoverageGap is one reason a cell is a gap, for listing.
type CoverageGap struct {
	Row    string
	Stage  *Stage
	Reason string
}

// Gaps lists every gap, row by row, stage by stage.
func (m *CoverageMatrix) Gaps() []CoverageGap {
	var out []CoverageGap
	for r, row := range m.Cells {
		for s, c := range row {
			for _, g := range c.Gaps {
				out = append(out, CoverageGap{Row: m.Rows[r], Stage: m.Stages[s], Reason: g})
			}
		}
	}
	return out
}
