package board

import "waymark/model"

// SetMatches shows what Find found: the cards of ids are outlined and every
// other card is dimmed (all of them when ids is empty); current, one of ids
// or "", is outlined thickly in the selection colour and, with scroll,
// scrolled into view. It replaces any
// highlight of Compare with…; ClearMatches ends it.
func (b *Board) SetMatches(ids []model.ID, current model.ID, scroll bool) {
	b.highlight = make(map[model.ID]bool, len(ids))
	for _, id := range ids {
		b.highlight[id] = true
	}
	b.dimOthers, b.current = true, current
	if scroll && current != "" && b.layout.Card(current) != nil {
		b.scrollIntoView(current) // refreshes
		return
	}
	b.Refresh()
}

// ClearMatches ends Find's outlines and dimming.
func (b *Board) ClearMatches() {
	b.highlight, b.dimOthers, b.current = nil, false, ""
	b.Refresh()
}

// Dimmed reports whether a card is dimmed as one Find did not match.
func (b *Board) Dimmed(id model.ID) bool { return b.dimOthers && !b.highlight[id] }

// CurrentMatch is the match Find is on, "" when none.
func (b *Board) CurrentMatch() model.ID { return b.current }
