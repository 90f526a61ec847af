package difftext

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"waymark/model"
)

// Summary says what changed in one line, cards first because they change
// most: "+4 cards, 2 moved, 1 stage renamed". An added or removed journey
// counts its stages, lanes and cards too, so the first version of a map
// (compared with an empty one) reads "+12 cards, +6 stages, +4 lanes, +1
// journey". No changes read "no changes".
func Summary(changes []model.Change) string {
	type tally struct{ added, removed, renamed, moved, edited int }
	var n = map[model.Kind]*tally{}
	for _, k := range []model.Kind{model.KindTouchpoint, model.KindStage, model.KindLane, model.KindJourney, model.KindPersona, model.KindProject} {
		n[k] = &tally{}
	}
	for _, c := range changes {
		t := n[c.Kind]
		if t == nil {
			continue
		}
		switch c.Op {
		case model.Added, model.Removed:
			sign := 1
			if c.Op == model.Removed {
				sign = -1
			}
			count := func(k model.Kind, by int) {
				if sign > 0 {
					n[k].added += by
				} else {
					n[k].removed += by
				}
			}
			count(c.Kind, 1)
			if c.Kind == model.KindJourney {
				count(model.KindStage, c.Stages)
				count(model.KindLane, c.Lanes)
				count(model.KindTouchpoint, c.Cards)
			}
		default:
			if c.Moved != nil {
				t.moved++
			}
			renamed, edited := false, false
			for _, f := range c.Fields {
				if f.Field == model.FieldName || f.Field == model.FieldTitle {
					renamed = true
				} else {
					edited = true
				}
			}
			// A card's title is one of its texts: renaming it is editing it.
			if c.Kind == model.KindTouchpoint && renamed {
				renamed, edited = false, true
			}
			if renamed {
				t.renamed++
			}
			if edited {
				t.edited++
			}
		}
	}
	var parts []string
	add := func(s string) { parts = append(parts, s) }
	cards := n[model.KindTouchpoint]
	if cards.added > 0 {
		add("+" + Plural(cards.added, "card", "cards"))
	}
	if cards.removed > 0 {
		add("-" + Plural(cards.removed, "card", "cards"))
	}
	// Right after the cards' own counts, "2 moved" is about cards.
	if cards.moved > 0 {
		if len(parts) == 0 {
			add(Plural(cards.moved, "card", "cards") + " moved")
		} else {
			add(strconv.Itoa(cards.moved) + " moved")
		}
	}
	if cards.edited > 0 {
		if len(parts) == 0 {
			add(Plural(cards.edited, "card", "cards") + " edited")
		} else {
			add(strconv.Itoa(cards.edited) + " edited")
		}
	}
	others := []struct {
		kind      model.Kind
		one, many string
	}{
		{model.KindStage, "stage", "stages"},
		{model.KindLane, "lane", "lanes"},
		{model.KindJourney, "journey", "journeys"},
		{model.KindPersona, "persona", "personas"},
	}
	for _, o := range others {
		t := n[o.kind]
		if t.added > 0 {
			add("+" + Plural(t.added, o.one, o.many))
		}
		if t.removed > 0 {
			add("-" + Plural(t.removed, o.one, o.many))
		}
		if t.renamed > 0 {
			add(Plural(t.renamed, o.one, o.many) + " renamed")
		}
		if t.moved > 0 {
			add(Plural(t.moved, o.one, o.many) + " moved")
		}
		if t.edited > 0 {
			add(Plural(t.edited, o.one, o.many) + " edited")
		}
	}
	if p := n[model.KindProject]; p.renamed > 0 {
		add("project renamed")
	} else if p.edited > 0 {
		add("project edited")
	}
	if len(parts) == 0 {
		return "no changes"
	}
	return strings.Join(parts, ", ")
}

// VersionSummary is the summary a version of cur keeps: what changed since
// prev, the version before (nil for the first, which counts everything).
func VersionSummary(prev, cur *model.Project) string {
	if prev == nil {
		prev = Blank(cur)
	}
	return Summary(model.Diff(prev, cur))
}

// NewVersionSummary is the summary a new version of cur keeps, given the
// versions the file holds (oldest first) and how to read one: what changed
// since the newest, or all cur holds when there is none. A newest version
// that cannot be read leaves "not compared: version N cannot be read" and
// returns why as unreadable; a cancelled ctx returns its error.
func NewVersionSummary(ctx context.Context, list []model.Version, read func(context.Context, int) (*model.Project, error), cur *model.Project) (summary string, unreadable, err error) {
	if len(list) == 0 {
		return VersionSummary(nil, cur), nil, nil
	}
	last := list[len(list)-1]
	prev, rerr := read(ctx, last.Seq)
	if err := ctx.Err(); err != nil {
		return "", nil, err
	}
	if rerr != nil {
		return fmt.Sprintf("not compared: version %d cannot be read", last.Seq), rerr, nil
	}
	return VersionSummary(prev, cur), nil, nil
}

// Blank is p without personas, journeys or images: what the first version
// of a map is compared with, so that its summary counts everything it holds.
func Blank(p *model.Project) *model.Project {
	return &model.Project{ID: p.ID, Name: p.Name, Scale: p.Scale}
}
