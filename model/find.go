package model

import (
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
}

// NewFinder folds the text of every card of j that sits in a stage and a
// lane holding cards, in reading order.
func NewFinder(j *Journey) *Finder {
	f := &Finder{}
	if j == nil {
		return f
	}
	var sb strings.Builder
	for _, s := range j.Stages {
		for _, l := range j.Lanes {
			if !l.Kind.HoldsCards() {
				continue
			}
			for _, t := range j.Cell(s.ID, l.ID) {
				sb.Reset()
				for _, part := range []string{t.Title, t.Notes, t.Owner, t.Channel, t.Evidence} {
					sb.WriteString(part)
					sb.WriteByte('\n')
				}
				for _, tag := range t.Tags {
					sb.WriteString(tag)
					sb.WriteByte('\n')
				}
				f.ids = append(f.ids, t.ID)
				f.text = append(f.text, Fold(sb.String()))
			}
		}
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
