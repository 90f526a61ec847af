package assets

import (
	"strings"
	"testing"

	"waymark/model"
)

// The template gallery: six kinds of map, each empty and with example
// content, plus the blank map and the Northwind sample.

func templateNamed(name string) (Template, bool) {
	for _, t := range Templates() {
		if t.Name == name {
			return t, true
		}
	}
	return Template{}, false
}

// TestTemplatePairs: every empty template with a pair names an example that
// names it back, and the example fills in the same structure.
func TestTemplatePairs(t *testing.T) {
	pairs := 0
	for _, tpl := range Templates() {
		if tpl.Pair == "" {
			continue
		}
		other, ok := templateNamed(tpl.Pair)
		if !ok || other.Pair != tpl.Name || other.Example == tpl.Example {
			t.Errorf("%s pairs with %q, which does not pair back as the other kind", tpl.Name, tpl.Pair)
			continue
		}
		if tpl.Example {
			continue
		}
		pairs++
		if other.Name != tpl.Name+"-example" {
			t.Errorf("the example of %s is called %s", tpl.Name, other.Name)
		}
		empty, full := mustNew(t, tpl.Name), mustNew(t, other.Name)
		ej, fj := empty.Journeys[0], full.Journeys[0]
		if len(ej.Stages) != len(fj.Stages) {
			t.Errorf("%s has %d stages, its example %d", tpl.Name, len(ej.Stages), len(fj.Stages))
		}
		// The example may add lanes (the blueprint adds emotions), in order.
		k := 0
		for _, l := range fj.Lanes {
			if k < len(ej.Lanes) && ej.Lanes[k].Kind == l.Kind && ej.Lanes[k].Name == l.Name {
				k++
			}
		}
		if k != len(ej.Lanes) {
			t.Errorf("%s's example does not keep its lanes %v: %v", tpl.Name, lanes(ej), lanes(fj))
		}
	}
	if pairs < 6 {
		t.Errorf("%d empty templates with an example, want at least 6", pairs)
	}
}

// TestEmptyTemplates: an empty template is a structure to fill in: stages
// that say what they hold, lanes, one placeholder persona, no cards.
func TestEmptyTemplates(t *testing.T) {
	for _, tpl := range Templates() {
		if tpl.Example {
			continue
		}
		p := mustNew(t, tpl.Name)
		if len(p.Journeys) != 1 || len(p.Personas) != 1 || p.Personas[0].Name != "Primary persona" {
			t.Errorf("%s: want one journey and the persona \"Primary persona\"", tpl.Name)
			continue
		}
		j := p.Journeys[0]
		if len(j.Stages) < 3 || len(j.Lanes) < 4 || len(j.Touchpoints) != 0 || !j.HasPersona(p.Personas[0].ID) {
			t.Errorf("%s: %d stages, %d lanes, %d cards", tpl.Name, len(j.Stages), len(j.Lanes), len(j.Touchpoints))
		}
		if tpl.Name == "blank" {
			continue
		}
		if j.Description == "" {
			t.Errorf("%s: the journey needs a description", tpl.Name)
		}
		for _, s := range j.Stages {
			if s.Description == "" || strings.Contains(s.Description, "\n") {
				t.Errorf("%s: stage %q needs a one-line description", tpl.Name, s.Name)
			}
		}
	}
}

// TestExampleTemplates: every example is a map a researcher would show:
// personas with goals and frustrations, cards with notes, channels and
// scores, pain points, opportunities, owners, evidence with confidence, and
// emotion curves that dip where the pain points are and recover.
func TestExampleTemplates(t *testing.T) {
	n := 0
	for _, tpl := range Templates() {
		if !tpl.Example {
			continue
		}
		n++
		t.Run(tpl.Name, func(t *testing.T) { checkExample(t, mustNew(t, tpl.Name), tpl.Name != "sample") })
	}
	if n < 7 {
		t.Errorf("%d example templates, want the six kinds and the sample", n)
	}
}

func checkExample(t *testing.T, p *model.Project, new bool) {
	if len(p.Personas) < 2 {
		t.Fatalf("%d personas", len(p.Personas))
	}
	for _, x := range p.Personas {
		if x.Name == "" || x.Role == "" || x.Quote == "" || x.Goals == "" || x.Frustrations == "" {
			t.Errorf("persona %q is missing fields", x.Name)
		}
	}
	j := p.Journeys[0]
	if j.Description == "" || j.Title == "" {
		t.Error("the journey needs a title and a description")
	}
	for _, x := range p.Personas {
		if !j.HasPersona(x.ID) {
			t.Errorf("the journey is not drawn for %q", x.Name)
		}
	}
	cards := len(j.Touchpoints)
	if cards < 15 || cards > 40 || (new && cards > 30) {
		t.Errorf("%d cards", cards)
	}
	var pains, opps, truths, scored, channels, colours, evidence int
	owners, tags, confidences := map[string]bool{}, map[string]bool{}, map[model.Confidence]bool{}
	for _, s := range j.Stages {
		if s.Color != "" {
			colours++
		}
		if s.Description == "" {
			t.Errorf("stage %q has no description", s.Name)
		}
	}
	for _, tp := range j.Touchpoints {
		if tp.Notes == "" {
			t.Errorf("%q has no notes", tp.Title)
		}
		if len(tp.Title) >= 40 {
			t.Errorf("%q is too long for a card title", tp.Title)
		}
		if tp.Channel != "" {
			channels++
		}
		if len(tp.Emotions) > 0 {
			scored++
		}
		for pid, s := range tp.Emotions {
			if !p.Scale.Contains(s) || !j.HasPersona(pid) {
				t.Errorf("%q: score %d for %s is off the scale or the journey", tp.Title, s, pid)
			}
		}
		if tp.PainPoint {
			pains++
		}
		if tp.Opportunity {
			opps++
		}
		if tp.MomentOfTruth {
			truths++
		}
		if tp.Owner != "" {
			owners[tp.Owner] = true
		}
		for _, tag := range tp.Tags {
			tags[tag] = true
		}
		if tp.Confidence != "" {
			confidences[tp.Confidence] = true
		}
		if tp.Evidence != "" {
			evidence++
		}
		for _, link := range tp.EvidenceLinks {
			if !strings.HasPrefix(link, "https://example.org/") {
				t.Errorf("%q links to %s", tp.Title, link)
			}
		}
	}
	if channels < cards*3/5 || scored < cards*2/5 || evidence < cards/3 {
		t.Errorf("of %d cards %d have a channel, %d are scored, %d have evidence", cards, channels, scored, evidence)
	}
	if pains < 3 || opps < 3 || truths < 1 {
		t.Errorf("%d pain points, %d opportunities, %d moments of truth", pains, opps, truths)
	}
	if len(owners) < 3 || len(tags) < 5 || len(confidences) != 3 || colours < 2 {
		t.Errorf("%d owners, %d tags, %d confidence levels, %d stage colours", len(owners), len(tags), len(confidences), colours)
	}
	checkCurve(t, p, j)
}

// checkCurve: the emotions lane has a card per stage scored for every
// persona; each persona's curve falls to its low inside the journey, at a
// stage with pain points, and rises again.
func checkCurve(t *testing.T, p *model.Project, j *model.Journey) {
	var emo *model.Lane
	for _, l := range j.Lanes {
		if l.Kind == model.LaneEmotions {
			emo = l
		}
	}
	if emo == nil {
		t.Fatal("no emotions lane")
	}
	painsIn := map[model.ID]int{}
	for _, tp := range j.Touchpoints {
		if tp.PainPoint {
			painsIn[tp.StageID]++
		}
	}
	for _, x := range p.Personas {
		var curve []int
		low, lowAt, high := 1<<30, -1, -(1 << 30)
		for i, s := range j.Stages {
			cell := j.Cell(s.ID, emo.ID)
			if len(cell) == 0 {
				t.Fatalf("stage %q has no emotions card", s.Name)
			}
			score, ok := cell[0].Score(x.ID)
			if !ok {
				t.Fatalf("%q is not scored for %q", cell[0].Title, x.Name)
			}
			curve = append(curve, score)
			if score < low {
				low, lowAt = score, i
			}
			high = max(high, score)
		}
		if lowAt <= 0 || lowAt >= len(curve)-1 || curve[len(curve)-1] <= low || high-low < 2 {
			t.Errorf("%s: curve %v should dip mid-journey and recover", x.Name, curve)
		}
		if painsIn[j.Stages[lowAt].ID] == 0 {
			t.Errorf("%s: the low at %q has no pain point", x.Name, j.Stages[lowAt].Name)
		}
	}
}
