package geometry

import "waymark/model"

// Hit testing: the board asks the layout what lies under the pointer, so a
// click, a drop or a rubber band means the same thing the painters drew.

// CardAt returns the card under p, or nil.
func (l *Layout) CardAt(p Point) *CardBox {
	for i := range l.Cards {
		if l.Cards[i].Rect.Contains(p) {
			return &l.Cards[i]
		}
	}
	return nil
}

// CellAt returns the cell under p, or nil outside the grid.
func (l *Layout) CellAt(p Point) *CellBox {
	if len(l.Lanes) == 0 || len(l.Stages) == 0 {
		return nil
	}
	si := l.StageAtX(p.X)
	li := l.LaneAtY(p.Y)
	if si < 0 || li < 0 {
		return nil
	}
	return l.Cell(si, li)
}

// DropCellAt is CellAt for a card dropped or made at p: nil also over a
// lane that takes no cards (the behaviour lane).
func (l *Layout) DropCellAt(p Point) *CellBox {
	c := l.CellAt(p)
	if c == nil || !l.Lanes[l.LaneAtY(p.Y)].Kind.HoldsCards() {
		return nil
	}
	return c
}

// StageAtX returns the index of the stage column at x, or -1.
func (l *Layout) StageAtX(x float32) int {
	if len(l.Stages) == 0 || x < l.Stages[0].Header.X {
		return -1
	}
	i := int((x - l.Stages[0].Header.X) / l.Style.StageWidth)
	if i >= len(l.Stages) {
		return -1
	}
	return i
}

// LaneAtY returns the index of the lane row at y, or -1.
func (l *Layout) LaneAtY(y float32) int {
	for i, ln := range l.Lanes {
		if y >= ln.Row.Y && y < ln.Row.Y+ln.Row.H {
			return i
		}
	}
	return -1
}

// InsertIndex is where a card dropped at height y goes among the cell's cards,
// and the height of the drop indicator.
func (c *CellBox) InsertIndex(y float32) (int, float32) {
	// Slots[i] is the gap before card i; a drop goes to the nearest gap.
	best, bestD := 0, float32(-1)
	for i, s := range c.Slots {
		d := s - y
		if d < 0 {
			d = -d
		}
		if bestD < 0 || d < bestD {
			best, bestD = i, d
		}
	}
	if len(c.Slots) == 0 {
		return 0, c.Rect.Y
	}
	return best, c.Slots[best]
}

// CardsIn returns the cards that a rubber band r touches.
func (l *Layout) CardsIn(r Rect) []model.ID {
	var ids []model.ID
	for i := range l.Cards {
		if l.Cards[i].Rect.Overlaps(r) {
			ids = append(ids, l.Cards[i].ID)
		}
	}
	return ids
}

// CurvePointAt returns the curve and point index within radius of p, or -1s.
// Later curves are drawn on top, so they are tried first.
func (l *Layout) CurvePointAt(p Point, radius float32) (curve, point int) {
	if l.Emotion == nil {
		return -1, -1
	}
	for ci := len(l.Emotion.Curves) - 1; ci >= 0; ci-- {
		for pi, cp := range l.Emotion.Curves[ci].Points {
			dx, dy := cp.P.X-p.X, cp.P.Y-p.Y
			if dx*dx+dy*dy <= radius*radius {
				return ci, pi
			}
		}
	}
	return -1, -1
}

// StageHeaderAt returns the index of the stage whose header is under p, or -1.
func (l *Layout) StageHeaderAt(p Point) int {
	for i, s := range l.Stages {
		if s.Header.Contains(p) {
			return i
		}
	}
	return -1
}

// LaneHeaderAt returns the index of the lane whose header is under p, or -1.
func (l *Layout) LaneHeaderAt(p Point) int {
	for i, ln := range l.Lanes {
		if ln.Header.Contains(p) {
			return i
		}
	}
	return -1
}
