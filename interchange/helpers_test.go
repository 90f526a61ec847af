package interchange

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"waymark/model"
)

// canonical is a project's JSON with its IDs renamed in reading order, so
// that two imports of the same map compare equal although their IDs are
// fresh.
func canonical(t *testing.T, p *model.Project) string {
	t.Helper()
	c := p.Clone()
	names := map[model.ID]model.ID{}
	re := func(id model.ID) model.ID {
		if id == "" {
			return ""
		}
		if v, ok := names[id]; ok {
			return v
		}
		names[id] = model.ID(fmt.Sprintf("id-%d", len(names)+1))
		return names[id]
	}
	for _, j := range c.Journeys {
		model.SortTouchpoints(j)
	}
	c.ID = re(c.ID)
	for _, x := range c.Personas {
		x.ID = re(x.ID)
	}
	for _, j := range c.Journeys {
		j.ID = re(j.ID)
		for _, s := range j.Stages {
			s.ID = re(s.ID)
		}
		for _, l := range j.Lanes {
			l.ID = re(l.ID)
		}
		for i := range j.PersonaIDs {
			j.PersonaIDs[i] = re(j.PersonaIDs[i])
		}
		for _, tp := range j.Touchpoints {
			tp.ID, tp.StageID, tp.LaneID = re(tp.ID), re(tp.StageID), re(tp.LaneID)
			if len(tp.Emotions) == 0 {
				tp.Emotions = nil
				continue
			}
			emo := map[model.ID]int{}
			for id, s := range tp.Emotions {
				emo[re(id)] = s
			}
			tp.Emotions = emo
		}
	}
	data, err := model.EncodeJSON(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func importMermaid(t *testing.T, text string) (*model.Project, []string) {
	t.Helper()
	p, warnings, err := ImportMermaid(strings.NewReader(text), ImportOptions{Name: "fallback"})
	if err != nil {
		t.Fatalf("import: %v\n%s", err, text)
	}
	return p, warnings
}

func exportMermaid(t *testing.T, p *model.Project, j *model.Journey) (string, []string) {
	t.Helper()
	var b bytes.Buffer
	warnings, err := ExportMermaid(&b, p, j)
	if err != nil {
		t.Fatal(err)
	}
	return b.String(), warnings
}

// cards lists a journey's cards in reading order as "stage / title".
func cards(j *model.Journey) []string {
	c := j.Clone()
	model.SortTouchpoints(c)
	var out []string
	for _, t := range c.Touchpoints {
		out = append(out, c.Stage(t.StageID).Name+" / "+t.Title)
	}
	return out
}

// scores lists a card's scores as "persona=score" in the journey's persona
// order.
func scores(p *model.Project, j *model.Journey, t *model.Touchpoint) string {
	var out []string
	for _, id := range j.PersonaIDs {
		if s, ok := t.Emotions[id]; ok {
			out = append(out, fmt.Sprintf("%s=%d", p.Persona(id).Name, s))
		}
	}
	return strings.Join(out, ",")
}

func personaNames(p *model.Project) []string {
	var out []string
	for _, x := range p.Personas {
		out = append(out, x.Name)
	}
	return out
}

func stageNames(j *model.Journey) []string {
	var out []string
	for _, s := range j.Stages {
		out = append(out, s.Name)
	}
	return out
}

// touchpoint finds a card by title.
func touchpoint(t *testing.T, j *model.Journey, title string) *model.Touchpoint {
	t.Helper()
	for _, tp := range j.Touchpoints {
		if tp.Title == title {
			return tp
		}
	}
	t.Fatalf("no card %q in %v", title, cards(j))
	return nil
}
