package model

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func validationErrors(err error) []*ValidationError {
	var out []*ValidationError
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		var ve *ValidationError
		if errors.As(e, &ve) {
			out = append(out, ve)
		}
	}
	if err != nil {
		walk(err)
	}
	return out
}

func TestValidateNamesObjectAndField(t *testing.T) {
	tp := func(p *Project, id ID) *Touchpoint { _, x := p.FindTouchpoint(id); return x }
	tests := []struct {
		name   string
		break_ func(p *Project)
		object string // how the message must name the object
		field  string
	}{
		{"project name", func(p *Project) { p.Name = "" }, "project proj-1", "name"},
		{"blank project name", func(p *Project) { p.Name = "  " }, "(id proj-1)", "name"},
		{"project scale", func(p *Project) { p.Scale = Scale{0, 7} }, `project "Checkout`, "emotion scale"},
		{"empty project id", func(p *Project) { p.ID = "" }, "project ", "id"},
		{"persona name", func(p *Project) { p.Personas[1].Name = "" }, "persona per-2", "name"},
		{"journey title", func(p *Project) { p.Journeys[1].Title = "\t" }, "journey \"\\t\" (id j2)", "title"},
		{"stage name", func(p *Project) { p.Journeys[0].Stages[1].Name = "" }, "stage j1-s2", "name"},
		{"lane name", func(p *Project) { p.Journeys[0].Lanes[2].Name = "" }, "lane j1-l3", "name"},
		{"touchpoint title", func(p *Project) { tp(p, "j1-t03").Title = "" }, "touchpoint j1-t03", "title"},
		{"duplicate touchpoint id", func(p *Project) { tp(p, "j1-t03").ID = "j1-t04" }, `touchpoint "Card 4" (id j1-t04)`, "id"},
		{"id shared across kinds", func(p *Project) { p.Journeys[1].Stages[0].ID = "per-3" }, `stage "Stage 1" (id per-3)`, "id"},
		{"empty stage id", func(p *Project) { p.Journeys[0].Stages[0].ID = ""; p.Journeys[0].Touchpoints = nil }, `stage "Stage 1"`, "id"},
		{"dangling stage", func(p *Project) { tp(p, "j1-t05").StageID = "j2-s1" }, `touchpoint "Card 5" (id j1-t05)`, "stage"},
		{"dangling lane", func(p *Project) { tp(p, "j2-t01").LaneID = "nowhere" }, `touchpoint "Card 1" (id j2-t01)`, "lane"},
		{"dangling journey persona", func(p *Project) { p.Journeys[0].PersonaIDs[0] = "ghost" }, `journey "Journey 1" (id j1)`, "personas"},
		{"persona listed twice", func(p *Project) { p.Journeys[1].PersonaIDs = []ID{"per-3", "per-3"} }, `journey "Journey 2" (id j2)`, "personas"},
		{"dangling emotion persona", func(p *Project) { tp(p, "j1-t02").Emotions["ghost"] = 0 }, `touchpoint "Card 2" (id j1-t02)`, "emotion"},
		{"dangling photo", func(p *Project) { p.Personas[0].PhotoID = "ghost" }, `persona "Ana" (id per-1)`, "photo"},
		{"dangling image", func(p *Project) { tp(p, "j1-t01").ImageID = "ghost" }, `touchpoint "Card 1" (id j1-t01)`, "image"},
		{"score above scale", func(p *Project) { tp(p, "j1-t02").Emotions["per-1"] = 3 }, `touchpoint "Card 2" (id j1-t02)`, "emotion"},
		{"score below scale", func(p *Project) { tp(p, "j2-t02").Emotions["per-2"] = -3 }, `touchpoint "Card 2" (id j2-t02)`, "emotion"},
		{"bad lane kind", func(p *Project) { p.Journeys[0].Lanes[0].Kind = "feelings" }, `lane "Actions" (id j1-l1)`, "kind"},
		{"empty lane kind", func(p *Project) { p.Journeys[0].Lanes[0].Kind = "" }, `lane "Actions" (id j1-l1)`, "kind"},
		{"bad stage colour", func(p *Project) { p.Journeys[0].Stages[0].Color = "red" }, `stage "Stage 1" (id j1-s1)`, "colour"},
		{"short colour", func(p *Project) { p.Journeys[0].Stages[0].Color = "#fff" }, `stage "Stage 1" (id j1-s1)`, "colour"},
		{"bad card colour", func(p *Project) { tp(p, "j1-t02").Color = "#12345g" }, `touchpoint "Card 2" (id j1-t02)`, "colour"},
		{"bad confidence", func(p *Project) { tp(p, "j1-t02").Confidence = "certain" }, `touchpoint "Card 2" (id j1-t02)`, "confidence"},
		{"duplicate order", func(p *Project) { tp(p, "j1-t02").Order = 0 }, `touchpoint "Card 3" (id j1-t03)`, "order"},
		{"negative order", func(p *Project) { tp(p, "j1-t01").Order = -1 }, `touchpoint "Card 1" (id j1-t01)`, "order"},
		{"duplicate order in a missing cell", func(p *Project) {
			tp(p, "j1-t02").StageID, tp(p, "j1-t03").StageID = "gone", "gone"
			tp(p, "j1-t02").Order, tp(p, "j1-t03").Order = 5, 5
		}, `touchpoint "Card 3" (id j1-t03)`, "order"},
		{"unknown scorer beside a repeated persona", func(p *Project) {
			p.Personas = append(p.Personas, &Persona{ID: p.Personas[0].ID, Name: "Twin"})
			tp(p, "j1-t02").Emotions = map[ID]int{p.Personas[0].ID: 1, "stranger": 1}
		}, `touchpoint "Card 2" (id j1-t02)`, "emotion"},
		{"tag with newline", func(p *Project) { tp(p, "j1-t02").Tags[1] = "b\nc" }, `touchpoint "Card 2" (id j1-t02)`, "tags"},
		{"tag with CR", func(p *Project) { tp(p, "j1-t02").Tags[1] = "b\rc" }, `touchpoint "Card 2" (id j1-t02)`, "tags"},
		{"empty tag", func(p *Project) { tp(p, "j1-t02").Tags[0] = " " }, `touchpoint "Card 2" (id j1-t02)`, "tags"},
		{"link with newline", func(p *Project) { tp(p, "j1-t02").EvidenceLinks[0] = "a\nb" }, `touchpoint "Card 2" (id j1-t02)`, "evidence links"},
		{"image type", func(p *Project) { p.Images[0].MIME = "image/gif" }, "image img-1", "type"},
		{"image data", func(p *Project) { p.Images[1].Data = nil }, "image img-2", "data"},
		{"image size", func(p *Project) { p.Images[2].Width = 0 }, "image img-3", "data"},
		{"duplicate image", func(p *Project) { p.Images[2].ID = "img-1" }, "image img-1", "id"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := richProject(t)
			tc.break_(p)
			err := p.Validate()
			if err == nil {
				t.Fatal("Validate passed")
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.object) {
				t.Fatalf("error %q does not name the object as %q", msg, tc.object)
			}
			if !strings.Contains(msg, ": "+tc.field+": ") {
				t.Fatalf("error %q does not name the field %q", msg, tc.field)
			}
			ves := validationErrors(err)
			if len(ves) == 0 {
				t.Fatalf("error %q holds no ValidationError", msg)
			}
			found := false
			for _, ve := range ves {
				if ve.Field == tc.field && strings.Contains(ve.Object, tc.object) && ve.Problem != "" {
					found = true
				}
			}
			if !found {
				t.Fatalf("no ValidationError with field %q for %q in %v", tc.field, tc.object, ves)
			}
		})
	}
}

func TestValidateCapsProblems(t *testing.T) {
	p := richProject(t)
	for i := range 60 {
		p.Personas = append(p.Personas, &Persona{ID: ID(fmt.Sprint("x", i))})
	}
	ves := validationErrors(p.Validate())
	if len(ves) != maxReported {
		t.Fatalf("%d problems reported, want the cap %d", len(ves), maxReported)
	}
}

func TestValidateFixturesPass(t *testing.T) {
	for name, p := range map[string]*Project{"rich": richProject(t), "small": smallProject(),
		"empty": {ID: "e", Name: "Empty", Scale: ScaleTen}} {
		if err := p.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
