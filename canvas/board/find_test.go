package board

import (
	"fmt"
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"

	"waymark/assets"
	"waymark/model"
)

func TestMatchesOutlineDimAndClear(t *testing.T) {
	b, _ := newTestBoard(t, assets.Sample())
	f := model.NewFinder(b.Journey())
	ids := f.Match("SWITCH")
	if len(ids) < 3 || len(ids) == len(b.Layout().Cards) {
		t.Fatalf("%d matches of switch", len(ids))
	}
	b.SetMatches(ids, ids[0], true)
	for _, c := range b.Layout().Cards {
		found := slices.Contains(ids, c.ID)
		if b.Highlighted(c.ID) != found || b.Dimmed(c.ID) == found {
			t.Fatalf("card %s: highlighted %v, dimmed %v, found %v", c.ID, b.Highlighted(c.ID), b.Dimmed(c.ID), found)
		}
	}
	if b.CurrentMatch() != ids[0] {
		t.Fatalf("current match %q", b.CurrentMatch())
	}
	// Nothing found: every card is dimmed.
	b.SetMatches(nil, "", true)
	if c := b.Layout().Cards[0].ID; !b.Dimmed(c) || b.Highlighted(c) {
		t.Fatal("a query finding nothing left a card undimmed")
	}
	b.ClearMatches()
	for _, c := range b.Layout().Cards {
		if b.Dimmed(c.ID) || b.Highlighted(c.ID) {
			t.Fatal("ClearMatches left a card dimmed or outlined")
		}
	}
	// Compare with…'s highlight does not dim.
	b.SetHighlight(ids)
	if b.Dimmed(b.Layout().Cards[0].ID) {
		t.Fatal("SetHighlight dimmed a card")
	}
}

// TestGoldenFindScrollsToMatch: the last match of "switch" is below the
// window; moving to it scrolls it into view, outlined, the rest dimmed.
func TestGoldenFindScrollsToMatch(t *testing.T) {
	b, w := newTestBoard(t, assets.Sample())
	ids := model.NewFinder(b.Journey()).Match("switch")
	last := ids[len(ids)-1]
	if b.Journey().Touchpoint(last).Title != "Switch service moves payments" {
		t.Fatalf("last match %q", b.Journey().Touchpoint(last).Title)
	}
	b.SetMatches(ids, last, false)
	if b.Offset().Y != 0 {
		t.Fatalf("SetMatches without scroll scrolled: offset %v", b.Offset())
	}
	b.SetMatches(ids, last, true)
	if b.Offset().Y <= 0 {
		t.Fatalf("the board did not scroll down to the match: offset %v", b.Offset())
	}
	p, s := b.screenRect(b.Layout().Card(last).Rect)
	if p.Y < 0 || p.Y+s.Height > b.Size().Height || p.X < 0 || p.X+s.Width > b.Size().Width {
		t.Fatalf("match at %v %v, outside the %v board", p, s, b.Size())
	}
	test.AssertRendersToMarkup(t, "find_switch.xml", w.Canvas())
}

// BenchmarkFindKeystroke is one keystroke in the find bar on a 2,000-card
// board: matching every card's folded text, then outlining, dimming,
// scrolling to the first match and repainting.
func BenchmarkFindKeystroke(b *testing.B) {
	bd, _ := newTestBoard(b, bigProject(2000))
	f := model.NewFinder(bd.Journey())
	queries := []string{"touchpoint 1", "touchpoint 19", "touchpoint 199", "wraps"}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		ids := f.Match(queries[i%len(queries)])
		var cur model.ID
		if len(ids) > 0 {
			cur = ids[len(ids)/2]
		}
		bd.SetMatches(ids, cur, true)
	}
}

// BenchmarkNewFinder folds the text of 2,000 cards (opening Find on a
// journey); BenchmarkFinderAfterEdit does it again after one card changed,
// which the first keystroke after an edit pays, then matches and repaints.
func BenchmarkNewFinder(b *testing.B) {
	p := bigProject(2000)
	b.ReportAllocs()
	for b.Loop() {
		model.NewFinder(p.Journeys[0])
	}
}

func BenchmarkFinderAfterEdit(b *testing.B) {
	bd, _ := newTestBoard(b, bigProject(2000))
	j := bd.Journey()
	f := model.NewFinder(j)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		j.Touchpoints[i%len(j.Touchpoints)].Notes = fmt.Sprint("edited ", i)
		f = model.NewFinderAfter(j, f)
		ids := f.Match("touchpoint 19")
		bd.SetMatches(ids, ids[0], true)
	}
}
