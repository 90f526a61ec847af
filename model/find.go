package model

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Finder finds a journey's cards by their words, ignoring case and accents:
// "muller" finds "Zoë Müller", "CAFE" finds "café". It folds every card's
// searchable text (title, notes, tags, owner, channel, evidence) once when
// built, so a query costs one substring scan per card. A Finder is a
// snapshot: build another when the journey changes.
type Finder struct {
	ids  []ID     // cards in reading order: stage, lane, order
	text []string // each card's folded text, fields joined by a newline
	raw  map[ID]folded
}

type folded struct{ raw, text string }

// NewFinder folds the text of every card of j that sits in a stage and a
// lane holding cards, in reading order.
func NewFinder(j *Journey) *Finder { return NewFinderAfter(j, nil) }

// NewFinderAfter is NewFinder reusing what prev (a finder of an earlier
// version of the journey, or nil) folded for the cards whose text has not
// changed since: after an edit, only the edited cards are folded again.
func NewFinderAfter(j *Journey, prev *Finder) *Finder {
	f := &Finder{raw: map[ID]folded{}}
	if j == nil {
		return f
	}
	// Reading order: stage, lane, order; one sort, not a scan per cell.
	stage := make(map[ID]int, len(j.Stages))
	for i, s := range j.Stages {
		stage[s.ID] = i
	}
	lane := make(map[ID]int, len(j.Lanes))
	for i, l := range j.Lanes {
		if l.Kind.HoldsCards() {
			lane[l.ID] = i
		}
	}
	type placed struct {
		t                  *Touchpoint
		stage, lane, order int
	}
	cards := make([]placed, 0, len(j.Touchpoints))
	for _, t := range j.Touchpoints {
		si, okS := stage[t.StageID]
		li, okL := lane[t.LaneID]
		if okS && okL {
			cards = append(cards, placed{t, si, li, t.Order})
		}
	}
	slices.SortStableFunc(cards, func(a, b placed) int {
		return cmp.Or(cmp.Compare(a.stage, b.stage), cmp.Compare(a.lane, b.lane), cmp.Compare(a.order, b.order))
	})
	f.ids = make([]ID, 0, len(cards))
	f.text = make([]string, 0, len(cards))
	var sb strings.Builder
	for _, c := range cards {
		t := c.t
		sb.Reset()
		for _, part := range []string{t.Title, t.Notes, t.Owner, t.Channel, t.Evidence} {
			sb.WriteString(part)
			sb.WriteByte('\n')
		}
		for _, tag := range t.Tags {
			sb.WriteString(tag)
			sb.WriteByte('\n')
		}
		raw := sb.String()
		fd, ok := folded{}, false
		if prev != nil {
			fd, ok = prev.raw[t.ID]
		}
		if !ok || fd.raw != raw {
			fd = folded{raw, Fold(raw)}
		}
		f.raw[t.ID] = fd
		f.ids = append(f.ids, t.ID)
		f.text = append(f.text, fd.text)
	}
	return f
}

// Len is the number of cards the finder searches.
func (f *Finder) Len() int { return len(f.ids) }

// Match returns the cards whose text holds every word of query (folded like
// the cards' text), in reading order; nil for a query of no word.
func (f *Finder) Match(query string) []ID {
	words := strings.Fields(Fold(query))
	if len(words) == 0 {
		return nil
	}
	var out []ID
next:
	for i, text := range f.text {
		for _, w := range words {
			if !strings.Contains(text, w) {
				continue next
			}
		}
		out = append(out, f.ids[i])
	}
	return out
}

// Fold is s lower-cased without its accents (combining marks of the
// canonical decomposition), the form Finder compares: Fold("Zoë Müller")
// is "zoe muller".
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	d := norm.NFD.String(s)
	var sb strings.Builder
	sb.Grow(len(d))
	for _, r := range d {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		sb.WriteRune(unicode.ToLower(r))
	}
	return norm.NFC.String(sb.String())
}
