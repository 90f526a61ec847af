package model

import (
	"cmp"
	"fmt"
	"slices"
)

// Quadrant is where a rated card falls on the priority view.
type Quadrant int

// The four quadrants. Impact and effort of 3 and more count as high: the
// dividing lines sit between 2 and 3 on the 1..5 scales.
const (
	QuickWin Quadrant = iota // high impact, low effort
	BigBet                   // high impact, high effort
	FillIn                   // low impact, low effort
	MoneyPit                 // low impact, high effort
)

// PriorityMiddle is the first rating that counts as high.
const PriorityMiddle = 3

// String is the quadrant's label: "Quick wins".
func (q Quadrant) String() string {
	return [...]string{"Quick wins", "Big bets", "Fill-ins", "Money pits"}[q]
}

// QuadrantOf says where impact and effort (each 1..MaxPriority) fall.
func QuadrantOf(impact, effort int) Quadrant {
	high, hard := impact >= PriorityMiddle, effort >= PriorityMiddle
	switch {
	case high && !hard:
		return QuickWin
	case high:
		return BigBet
	case !hard:
		return FillIn
	}
	return MoneyPit
}

// Prioritised reports whether card t belongs on the priority view and in
// the backlog: a pain point or an opportunity.
func (t *Touchpoint) Prioritised() bool { return t.PainPoint || t.Opportunity }

// Rated reports whether t has both an impact and an effort.
func (t *Touchpoint) Rated() bool { return t.Impact > 0 && t.Effort > 0 }

// BacklogItem is one card of the backlog.
type BacklogItem struct {
	Rank  int // 1 first; 0 for a card not rated yet
	Card  *Touchpoint
	Stage *Stage
	// Value is impact ÷ effort; 0 when the card is not rated.
	Value float64
}

// BacklogKind is what a card of the backlog is, as the backlog says it:
// "pain point", "opportunity" or "pain point, opportunity".
func BacklogKind(t *Touchpoint) string {
	switch {
	case t.PainPoint && t.Opportunity:
		return "pain point, opportunity"
	case t.Opportunity:
		return "opportunity"
	}
	return "pain point"
}

// Backlog ranks a journey's pain points and opportunities by impact ÷
// effort, highest first; ties go by stage order, then lane, then place in
// the cell (reading order). Cards not yet rated follow, unranked, in
// reading order, so that nothing to fix is left off the list. Cards of
// hidden lanes count: hiding a lane changes the view, not the work.
func Backlog(j *Journey) []BacklogItem {
	stage := make(map[ID]int, len(j.Stages))
	for i, s := range j.Stages {
		stage[s.ID] = i
	}
	lane := make(map[ID]int, len(j.Lanes))
	for i, l := range j.Lanes {
		lane[l.ID] = i
	}
	var items []BacklogItem
	for _, t := range j.Touchpoints {
		si, ok := stage[t.StageID]
		if !ok || !t.Prioritised() {
			continue
		}
		it := BacklogItem{Card: t, Stage: j.Stages[si]}
		if t.Rated() {
			it.Value = float64(t.Impact) / float64(t.Effort)
		}
		items = append(items, it)
	}
	slices.SortStableFunc(items, func(a, b BacklogItem) int {
		if ra, rb := a.Card.Rated(), b.Card.Rated(); ra != rb {
			if ra {
				return -1
			}
			return 1
		}
		// Compare the ratios exactly, as cross products of small integers.
		if c := cmp.Compare(b.Card.Impact*a.Card.Effort, a.Card.Impact*b.Card.Effort); c != 0 && a.Card.Rated() {
			return c
		}
		return cmp.Or(cmp.Compare(stage[a.Card.StageID], stage[b.Card.StageID]),
			cmp.Compare(lane[a.Card.LaneID], lane[b.Card.LaneID]),
			cmp.Compare(a.Card.Order, b.Card.Order))
	})
	for i := range items {
		if items[i].Card.Rated() {
			items[i].Rank = i + 1
		}
	}
	return items
}

// SetPriority sets a card's impact and effort (0: not rated). Commands
// with the same non-empty Merge key on the same card coalesce.
type SetPriority struct {
	Touchpoint     ID
	Impact, Effort int
	Merge          string
	before         [2]int
}

// Label implements Command.
func (c *SetPriority) Label() string { return "Change priority" }

// Do implements Command.
func (c *SetPriority) Do(p *Project) error {
	_, t := p.FindTouchpoint(c.Touchpoint)
	if t == nil {
		return notFound("touchpoint", c.Touchpoint)
	}
	for _, v := range []int{c.Impact, c.Effort} {
		if v < 0 || v > MaxPriority {
			return fmt.Errorf("a rating of %d is not between 1 and %d (or 0, not rated)", v, MaxPriority)
		}
	}
	c.before = [2]int{t.Impact, t.Effort}
	t.Impact, t.Effort = c.Impact, c.Effort
	return nil
}

// Undo implements Command.
func (c *SetPriority) Undo(p *Project) {
	if _, t := p.FindTouchpoint(c.Touchpoint); t != nil {
		t.Impact, t.Effort = c.before[0], c.before[1]
	}
}

// Changes implements Command.
func (c *SetPriority) Changes() Changes { return Changes{Touchpoints: []ID{c.Touchpoint}} }

// Coalesce implements Coalescer.
func (c *SetPriority) Coalesce(next Command) bool {
	n, ok := next.(*SetPriority)
	if !ok || c.Merge == "" || n.Merge != c.Merge || n.Touchpoint != c.Touchpoint {
		return false
	}
	c.Impact, c.Effort = n.Impact, n.Effort
	return true
}
