package difftext

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"waymark/model"
)

func cards(n int, op model.Op, moved bool) []model.Change {
	var out []model.Change
	for range n {
		c := model.Change{Op: op, Kind: model.KindTouchpoint, Journey: "j1", JourneyName: "Checkout"}
		if moved {
			c.Moved = &model.Move{}
		}
		out = append(out, c)
	}
	return out
}

func TestSummary(t *testing.T) {
	renamed := model.Change{Op: model.Changed, Kind: model.KindStage, Journey: "j1",
		Fields: []model.FieldChange{{Field: model.FieldName, Old: "Pay", New: "Checkout"}}}
	var issue []model.Change
	issue = append(issue, cards(4, model.Added, false)...)
	issue = append(issue, cards(2, model.Changed, true)...)
	issue = append(issue, renamed)
	newJourney := model.Change{Op: model.Added, Kind: model.KindJourney, Journey: "j2", Stages: 6, Lanes: 4, Cards: 12}
	retitled := model.Change{Op: model.Changed, Kind: model.KindTouchpoint,
		Fields: []model.FieldChange{{Field: model.FieldTitle, Old: "a", New: "b"}, {Field: model.FieldNotes, Old: "", New: "n"}}}
	for _, tc := range []struct {
		changes []model.Change
		want    string
	}{
		{nil, "no changes"},
		{issue, "+4 cards, 2 moved, 1 stage renamed"},
		{[]model.Change{newJourney}, "+12 cards, +6 stages, +4 lanes, +1 journey"},
		{[]model.Change{retitled}, "1 card edited"},
		{append(cards(1, model.Removed, false), cards(2, model.Changed, true)...), "-1 card, 2 moved"},
		{[]model.Change{{Op: model.Removed, Kind: model.KindPersona}, {Op: model.Changed, Kind: model.KindProject,
			Fields: []model.FieldChange{{Field: model.FieldName}}}}, "-1 persona, project renamed"},
	} {
		if got := Summary(tc.changes); got != tc.want {
			t.Errorf("Summary = %q, want %q", got, tc.want)
		}
	}
}

func TestCodeSpan(t *testing.T) {
	for in, want := range map[string]string{
		"Pay":             "`Pay`",
		"**bold** _x_ #1": "`**bold** _x_ #1`",
		"a`b":             "``a`b``",
		"`x":              "`` `x ``",
		"two\nlines":      "`two lines`",
		"\x1b[2J":         "`\\x1b[2J`",
		"":                "*(untitled)*",
	} {
		if got := codeSpan(in); got != want {
			t.Errorf("codeSpan(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriteMarkdown(t *testing.T) {
	changes := []model.Change{
		{Op: model.Removed, Kind: model.KindPersona, Name: "Graham"},
		{Op: model.Added, Kind: model.KindStage, Name: "Come *back*", Journey: "j1", JourneyName: "Open `an` account"},
		{Op: model.Changed, Kind: model.KindTouchpoint, Name: "Pay", Journey: "j1", JourneyName: "Open `an` account",
			At:     model.Place{StageName: "Apply", LaneName: "Actions"},
			Fields: []model.FieldChange{{Field: model.FieldTitle, Old: "Pay", New: "Pay now"}},
			Moved:  &model.Move{From: model.Place{StageName: "Apply", LaneName: "Actions"}, To: model.Place{Index: 1, StageName: "Verify", LaneName: "Actions"}}},
	}
	var b bytes.Buffer
	if err := WriteMarkdown(&b, "map.cjm@1", "map.cjm", changes); err != nil {
		t.Fatal(err)
	}
	want := "# Changes from `map.cjm@1` to `map.cjm`\n\n" +
		"**Summary:** 1 card moved, 1 edited, +1 stage, -1 persona (3 differences: 1 added, 1 removed, 1 changed).\n\n" +
		"## Personas\n\n" +
		"- **Removed** persona `Graham`\n\n" +
		"## Journey ``Open `an` account``\n\n" +
		"- **Added** stage `Come *back*`\n" +
		"- **Changed** touchpoint `Pay` in `Apply` / `Actions`\n" +
		"  - title: `Pay` → `Pay now`\n" +
		"  - moved from `Apply` / `Actions` (position 1) to `Verify` / `Actions` (position 2)\n"
	if b.String() != want {
		t.Errorf("markdown:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestWriteJSON(t *testing.T) {
	changes := []model.Change{
		{Op: model.Added, Kind: model.KindJourney, ID: "j2", Name: "New", Journey: "j2", JourneyName: "New", Stages: 2, Lanes: 1, Cards: 3},
		{Op: model.Changed, Kind: model.KindTouchpoint, ID: "t1", Name: "Pay", Journey: "j1", JourneyName: "Checkout",
			At:     model.Place{Stage: "s1", Lane: "l1", StageName: "Apply", LaneName: "Actions"},
			Fields: []model.FieldChange{{Field: model.FieldScore, Persona: "p1", PersonaName: "Ana", Old: "", New: "4"}}},
	}
	var b bytes.Buffer
	if err := WriteJSON(&b, "a.cjm@1", "a.cjm", changes); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
		Same    bool   `json:"same"`
		Summary string `json:"summary"`
		Count   struct{ Added, Removed, Changed int }
		Changes []struct {
			Op, Kind, ID, Name string
			Journey            *struct{ ID, Name string }
			At                 struct {
				Index       int
				Stage, Lane *struct{ ID, Name string }
			}
			Fields []struct {
				Field    string
				Persona  *struct{ ID, Name string }
				Old, New string
			}
			Moved    *json.RawMessage
			Contents *struct{ Stages, Lanes, Cards int }
		}
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if got.Format != JSONFormat || got.Version != 1 || got.Same || got.Count.Added != 1 || got.Count.Changed != 1 || len(got.Changes) != 2 {
		t.Fatalf("shape: %+v", got)
	}
	j, c := got.Changes[0], got.Changes[1]
	if j.Contents == nil || j.Contents.Cards != 3 || len(j.Fields) != 0 || j.Fields == nil && !strings.Contains(b.String(), `"fields": []`) {
		t.Errorf("added journey: %+v", j)
	}
	if c.Journey == nil || c.Journey.Name != "Checkout" || c.At.Stage == nil || c.At.Stage.Name != "Apply" ||
		len(c.Fields) != 1 || c.Fields[0].Persona == nil || c.Fields[0].Persona.Name != "Ana" || c.Fields[0].New != "4" || c.Moved != nil || c.Contents != nil {
		t.Errorf("changed card: %+v", c)
	}
	b.Reset()
	if err := WriteJSON(&b, "a", "b", nil); err != nil || !strings.Contains(b.String(), `"changes": []`) || !strings.Contains(b.String(), `"same": true`) {
		t.Errorf("no changes: %v %s", err, b.String())
	}
}
