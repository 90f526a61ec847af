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
		{"card in a behaviour lane", func(p *Project) {
			j := p.Journeys[0]
			j.Lanes[j.LaneIndex(tp(p, "j1-t01").LaneID)].Kind = LaneBehaviour
		},
			`touchpoint "Card 1" (id j1-t01)`, "lane"},
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
		{"NUL in project name", func(p *Project) { p.Name = "a\x00b" }, `project "a\x00b"`, "name"},
		{"invalid UTF-8 in persona role", func(p *Project) { p.Personas[0].Role = "\xff" }, `persona "Ana" (id per-1)`, "role"},
		{"escape in persona quote", func(p *Project) { p.Personas[0].Quote = "\x1b[31m" }, `persona "Ana" (id per-1)`, "quote"},
		{"DEL in goals", func(p *Project) { p.Personas[1].Goals = "x\x7f" }, `persona "Ben" (id per-2)`, "goals"},
		{"C1 control in frustrations", func(p *Project) { p.Personas[1].Frustrations = "x\u0085" }, `persona "Ben" (id per-2)`, "frustrations"},
		{"control in journey title", func(p *Project) { p.Journeys[0].Title = "J\x01" }, `journey "J\x01" (id j1)`, "title"},
		{"control in journey description", func(p *Project) { p.Journeys[0].Description = "\x00" }, `journey "Journey 1" (id j1)`, "description"},
		{"control in stage name", func(p *Project) { p.Journeys[0].Stages[0].Name = "S\x0b" }, `stage "S\v" (id j1-s1)`, "name"},
		{"control in stage description", func(p *Project) { p.Journeys[0].Stages[0].Description = "\x0c" }, `stage "Stage 1" (id j1-s1)`, "description"},
		{"control in lane name", func(p *Project) { p.Journeys[0].Lanes[0].Name = "\x00A" }, `lane "\x00A" (id j1-l1)`, "name"},
		{"control in card title", func(p *Project) { tp(p, "j1-t02").Title = "T\x00" }, `touchpoint "T\x00" (id j1-t02)`, "title"},
		{"control in card notes", func(p *Project) { tp(p, "j1-t02").Notes = "\x00" }, `touchpoint "Card 2" (id j1-t02)`, "notes"},
		{"control in card channel", func(p *Project) { tp(p, "j1-t02").Channel = "\x07" }, `touchpoint "Card 2" (id j1-t02)`, "channel"},
		{"control in card owner", func(p *Project) { tp(p, "j1-t02").Owner = "\x07" }, `touchpoint "Card 2" (id j1-t02)`, "owner"},
		{"control in card evidence", func(p *Project) { tp(p, "j1-t02").Evidence = "\xc3" }, `touchpoint "Card 2" (id j1-t02)`, "evidence"},
		{"control in a tag", func(p *Project) { tp(p, "j1-t02").Tags[0] = "a\x00" }, `touchpoint "Card 2" (id j1-t02)`, "tags"},
		{"control in a link", func(p *Project) { tp(p, "j1-t02").EvidenceLinks[0] = "\x1b" }, `touchpoint "Card 2" (id j1-t02)`, "evidence links"},
		{"line break in an id", func(p *Project) { p.Personas[2].ID = "per\n3" }, `persona "Cleo" (id "per\n3")`, "id"},
		{"tab in an id", func(p *Project) { p.Journeys[0].ID = "j\t1" }, `journey "Journey 1" (id "j\t1")`, "id"},
		{"invalid UTF-8 in an id", func(p *Project) { p.Images[0].ID = "\xfe"; p.Personas[0].PhotoID = "\xfe" }, `image "\xfe"`, "id"},
		{"long id", func(p *Project) { p.Journeys[0].Stages[0].ID = ID(strings.Repeat("s", MaxIDBytes+1)) }, `stage "Stage 1"`, "id"},
		{"long project name", func(p *Project) { p.Name = strings.Repeat("n", MaxNameBytes+1) }, `project "nnn`, "name"},
		{"long persona role", func(p *Project) { p.Personas[0].Role = strings.Repeat("r", MaxNameBytes+1) }, `persona "Ana"`, "role"},
		{"long quote", func(p *Project) { p.Personas[0].Quote = strings.Repeat("q", MaxTextBytes+1) }, `persona "Ana"`, "quote"},
		{"long journey title", func(p *Project) { p.Journeys[0].Title = strings.Repeat("t", MaxNameBytes+1) }, `journey "ttt`, "title"},
		{"long stage description", func(p *Project) { p.Journeys[0].Stages[0].Description = strings.Repeat("d", MaxTextBytes+1) }, `stage "Stage 1"`, "description"},
		{"long lane name", func(p *Project) { p.Journeys[0].Lanes[0].Name = strings.Repeat("l", MaxNameBytes+1) }, `lane "lll`, "name"},
		{"long card channel", func(p *Project) { tp(p, "j1-t02").Channel = strings.Repeat("c", MaxNameBytes+1) }, `touchpoint "Card 2"`, "channel"},
		{"long card owner", func(p *Project) { tp(p, "j1-t02").Owner = strings.Repeat("o", MaxNameBytes+1) }, `touchpoint "Card 2"`, "owner"},
		{"long card notes", func(p *Project) { tp(p, "j1-t02").Notes = strings.Repeat("n", MaxTextBytes+1) }, `touchpoint "Card 2"`, "notes"},
		{"tags too long together", func(p *Project) {
			tp(p, "j1-t02").Tags = []string{strings.Repeat("a", MaxTextBytes/2), strings.Repeat("b", MaxTextBytes/2)}
		}, `touchpoint "Card 2"`, "tags"},
		{"long lane kind", func(p *Project) { p.Journeys[0].Lanes[0].Kind = LaneKind(strings.Repeat("k", MaxCodeBytes+1)) }, `lane "Actions"`, "kind"},
		{"too many cells", func(p *Project) {
			j := p.Journeys[1]
			for i := len(j.Stages); i < 501; i++ {
				j.Stages = append(j.Stages, &Stage{ID: ID(fmt.Sprint("xs", i)), Name: "S"})
			}
			for i := len(j.Lanes); i < 500; i++ {
				j.Lanes = append(j.Lanes, &Lane{ID: ID(fmt.Sprint("xl", i)), Name: "L", Kind: LaneCustom})
			}
		}, `journey "Journey 2" (id j2)`, "stages and lanes"},
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

// TestValidateSentences pins the wording of the limits, which name the
// numbers a person can act on.
func TestValidateSentences(t *testing.T) {
	tests := []struct {
		name   string
		break_ func(p *Project)
		want   string
	}{
		{"title one byte over", func(p *Project) { p.Journeys[0].Touchpoints[0].Title = strings.Repeat("x", MaxNameBytes+1) },
			`title: is 65,537 bytes, more than the 65,536 a title may have`},
		{"NUL", func(p *Project) { p.Journeys[0].Touchpoints[0].Notes = "ab\x00" },
			`touchpoint "T1" (id t1): notes: holds the control character U+0000 at byte 3, which a journey map cannot show`},
		{"invalid UTF-8", func(p *Project) { p.Personas[0].Name = "Ann\xe9" },
			`persona "Ann\xe9" (id a): name: is not valid UTF-8 (byte 4 is 0xe9)`},
		{"cells", func(p *Project) {
			j := p.Journeys[0]
			j.Stages, j.Lanes, j.Touchpoints = nil, nil, nil
			for i := range 12000 {
				j.Stages = append(j.Stages, &Stage{ID: ID(fmt.Sprint("s", i)), Name: "S"})
				j.Lanes = append(j.Lanes, &Lane{ID: ID(fmt.Sprint("l", i)), Name: "L", Kind: LaneCustom})
			}
		}, `journey "J" (id j): stages and lanes: 12,000 stages × 12,000 lanes make 144,000,000 cells, more than the 250,000 a map can draw`},
		{"control in an id", func(p *Project) { p.Journeys[0].Stages[0].ID = "s\n1"; p.Journeys[0].Touchpoints = nil },
			`stage "S1" (id "s\n1"): id: holds a tab or line break (U+000A) at byte 2, which it may not`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := smallProject()
			tc.break_(p)
			err := p.Validate()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Validate: %v\nwant it to say %q", err, tc.want)
			}
			if strings.ContainsAny(err.Error(), "\x00\n\r") && len(validationErrors(err)) == 1 {
				t.Fatalf("the sentence carries a control character: %q", err)
			}
		})
	}
}

// A map exactly at the cell limit passes; the limit is what it says.
func TestValidateCellsAtTheLimit(t *testing.T) {
	p := smallProject()
	j := p.Journeys[0]
	for i := len(j.Stages); i < 500; i++ {
		j.Stages = append(j.Stages, &Stage{ID: ID(fmt.Sprint("xs", i)), Name: "S"})
	}
	for i := len(j.Lanes); i < MaxCellsPerJourney/500; i++ {
		j.Lanes = append(j.Lanes, &Lane{ID: ID(fmt.Sprint("xl", i)), Name: "L", Kind: LaneCustom})
	}
	if err := p.Validate(); err != nil {
		t.Fatalf("a map of exactly %d cells: %v", MaxCellsPerJourney, err)
	}
	j.Lanes = append(j.Lanes, &Lane{ID: "one-more", Name: "L", Kind: LaneCustom})
	if err := p.Validate(); err == nil {
		t.Fatal("a map of one lane more passed")
	}
}

// Text at its limit passes, and tab and line breaks are text.
func TestValidateTextAtTheLimit(t *testing.T) {
	p := smallProject()
	tp := p.Journeys[0].Touchpoints[0]
	tp.Title = strings.Repeat("é", MaxNameBytes/2)
	tp.Notes = "line\r\nline\tcell\n" + strings.Repeat("n", MaxTextBytes-16)
	tp.Tags = []string{strings.Repeat("a", MaxTextBytes/2), strings.Repeat("b", MaxTextBytes/2-1)}
	p.Journeys[0].Stages[0].Name = "two\nlines"
	p.Journeys[0].Stages[0].ID = ID(strings.Repeat("i", MaxIDBytes))
	for _, x := range p.Journeys[0].Touchpoints {
		if x.StageID == "s1" {
			x.StageID = p.Journeys[0].Stages[0].ID
		}
	}
	if len(tp.Notes) != MaxTextBytes {
		t.Fatalf("notes are %d bytes", len(tp.Notes))
	}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
}
