package model

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

// lensCards is a journey whose cards differ in one field each, so that
// every filter picks a known set.
func lensCards() *Project {
	p := smallProject()
	j := p.Journeys[0]
	j.Touchpoints = []*Touchpoint{
		{ID: "web", StageID: "s1", LaneID: "l1", Order: 0, Title: "Web", Channel: " Web ", Owner: "Support", Tags: []string{"Urgent"}, PainPoint: true, Confidence: Assumption},
		{ID: "app", StageID: "s1", LaneID: "l1", Order: 1, Title: "App", Channel: "app", Owner: "Product", Opportunity: true, Confidence: Validated},
		{ID: "shop", StageID: "s2", LaneID: "l1", Order: 0, Title: "Shop", Channel: "Store", MomentOfTruth: true, Tags: []string{"later", "urgent"}},
		{ID: "none", StageID: "s2", LaneID: "l1", Order: 1, Title: "None", Confidence: Anecdotal},
	}
	return p
}

func shown(l *Lens, j *Journey) []string {
	m := l.Match()
	var out []string
	for _, t := range j.Touchpoints {
		if m.Shows(t) {
			out = append(out, string(t.ID))
		}
	}
	return out
}

func TestLensFilters(t *testing.T) {
	j := lensCards().Journeys[0]
	for _, c := range []struct {
		name string
		lens *Lens
		want []string
	}{
		{"no lens", nil, []string{"web", "app", "shop", "none"}},
		{"empty lens", &Lens{Hide: true}, []string{"web", "app", "shop", "none"}},
		{"channel, trimmed and any case", &Lens{Channels: []string{"WEB"}}, []string{"web"}},
		{"channels are alternatives", &Lens{Channels: []string{"web", "Store"}}, []string{"web", "shop"}},
		{"no channel", &Lens{Channels: []string{CoverageNone}}, []string{"none"}},
		{"owner", &Lens{Owners: []string{"support"}}, []string{"web"}},
		{"tag, any case", &Lens{Tags: []string{"URGENT"}}, []string{"web", "shop"}},
		{"flag", &Lens{Flags: []Flag{FlagPainPoint}}, []string{"web"}},
		{"flags are alternatives", &Lens{Flags: []Flag{FlagOpportunity, FlagMomentOfTruth}}, []string{"app", "shop"}},
		{"assumptions only", &Lens{Confidence: []Confidence{Assumption}}, []string{"web"}},
		{"no confidence recorded", &Lens{Confidence: []Confidence{NoConfidence}}, []string{"shop"}},
		{"persona alone leaves every card", &Lens{Persona: "a"}, []string{"web", "app", "shop", "none"}},
		{"kinds combine", &Lens{Tags: []string{"urgent"}, Flags: []Flag{FlagMomentOfTruth}}, []string{"shop"}},
		{"combined to nothing", &Lens{Channels: []string{"app"}, Owners: []string{"Support"}}, nil},
	} {
		if got := shown(c.lens, j); !slices.Equal(got, c.want) {
			t.Errorf("%s: shows %v, want %v", c.name, got, c.want)
		}
	}
}

func TestParseLensValues(t *testing.T) {
	for in, want := range map[string]Flag{"pain-point": FlagPainPoint, "Pain point": FlagPainPoint, "moment_of_truth": FlagMomentOfTruth} {
		if f, err := ParseFlag(in); err != nil || f != want {
			t.Errorf("ParseFlag(%q) = %q, %v", in, f, err)
		}
	}
	if _, err := ParseFlag("urgent"); err == nil || !strings.Contains(err.Error(), `"urgent" is not a flag`) {
		t.Errorf("ParseFlag(urgent): %v", err)
	}
	if c, err := ParseConfidence(" None "); err != nil || c != NoConfidence {
		t.Errorf("ParseConfidence(none) = %q, %v", c, err)
	}
	if _, err := ParseConfidence("sure"); err == nil {
		t.Error("ParseConfidence(sure) passed")
	}
}

func TestSaveAndDeleteLens(t *testing.T) {
	p := lensCards()
	j := p.Journeys[0]
	mobile := &Lens{Name: " Mobile app only ", Channels: []string{"app"}, Hide: true}
	doUndo(t, p, &SaveLens{Journey: "j", Lens: mobile}, func() {
		if len(j.Lenses) != 1 || j.Lenses[0].Name != "Mobile app only" || j.Lens("mobile APP only") == nil {
			t.Fatalf("saved: %+v", j.Lenses)
		}
		if j.Lenses[0] == mobile {
			t.Error("the command kept the caller's lens, which the caller may change")
		}
	})
	if err := (&SaveLens{Journey: "j", Lens: mobile}).Do(p); err != nil {
		t.Fatal(err)
	}
	// The same name again replaces, in place.
	if err := (&SaveLens{Journey: "j", Lens: &Lens{Name: "Other", Owners: []string{"Support"}}}).Do(p); err != nil {
		t.Fatal(err)
	}
	doUndo(t, p, &SaveLens{Journey: "j", Lens: &Lens{Name: "MOBILE APP ONLY", Channels: []string{"web"}}}, func() {
		if len(j.Lenses) != 2 || j.Lenses[0].Name != "MOBILE APP ONLY" || j.Lenses[0].Channels[0] != "web" {
			t.Fatalf("replaced: %+v %+v", j.Lenses[0], j.Lenses[1])
		}
	})
	doUndo(t, p, &DeleteLens{Journey: "j", Name: "mobile app only"}, func() {
		if len(j.Lenses) != 1 || j.Lenses[0].Name != "Other" {
			t.Fatalf("after delete: %+v", j.Lenses)
		}
	})
	for _, bad := range []struct {
		c    Command
		want string
	}{
		{&SaveLens{Journey: "j", Lens: &Lens{Name: "  "}}, "name"},
		{&SaveLens{Journey: "j", Lens: &Lens{Name: "X", Persona: "ghost"}}, "persona ghost, which does not exist"},
		{&SaveLens{Journey: "j", Lens: &Lens{Name: "X", Flags: []Flag{"urgent"}}}, `"urgent" is not pain-point`},
		{&SaveLens{Journey: "nope", Lens: &Lens{Name: "X"}}, "does not exist"},
		{&DeleteLens{Journey: "j", Name: "missing"}, `no lens named "missing"`},
	} {
		before := captureState(t, p)
		if err := bad.c.Do(p); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%s: %v, want %q", bad.c.Label(), err, bad.want)
		}
		checkState(t, "refused "+bad.c.Label(), p, before)
	}
}

func TestValidateLenses(t *testing.T) {
	p := lensCards()
	j := p.Journeys[0]
	j.Lenses = []*Lens{{Name: "A"}, {Name: "a"}, {Name: "", Confidence: []Confidence{"sure"}}, {Name: "P", Persona: "zed"}}
	err := p.Validate()
	for _, want := range []string{
		`lens "a" of journey "J" (id j): name: is also the name of another lens of the journey`,
		`lens "(no name)" of journey "J" (id j): name: is empty`,
		`lens "(no name)" of journey "J" (id j): confidence: "sure" is not assumption, anecdotal, validated or none`,
		`lens "P" of journey "J" (id j): persona: refers to persona zed, which does not exist`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate: %v\nwant %q", err, want)
		}
	}
}

func TestDeletePersonaClearsLensPersona(t *testing.T) {
	p := lensCards()
	j := p.Journeys[0]
	j.Lenses = []*Lens{{Name: "Ann's", Persona: "a", Channels: []string{"web"}}, {Name: "Bob's", Persona: "b"}}
	kept := j.Lenses[1]
	c := &DeletePersona{ID: "a"}
	doUndo(t, p, c, func() {
		if j.Lenses[0].Persona != "" || j.Lenses[0].Channels[0] != "web" || j.Lenses[1] != kept {
			t.Errorf("after deleting Ann: %+v %+v", j.Lenses[0], j.Lenses[1])
		}
		if !slices.Contains(c.Changes().Journeys, "j") {
			t.Error("the journey whose lens changed is not in Changes, so the file would keep the old lens")
		}
	})
	if j.Lenses[0].Persona != "a" {
		t.Error("undo did not give the lens its persona back")
	}
}

func TestLensJSON(t *testing.T) {
	p := lensCards()
	p.Journeys[0].Lenses = []*Lens{{Name: "All kinds", Channels: []string{"web"}, Owners: []string{"Support"}, Tags: []string{"urgent"},
		Flags: []Flag{FlagPainPoint}, Confidence: []Confidence{Assumption, NoConfidence}, Persona: "a", Hide: true}}
	p.Journeys[0].Touchpoints[0].Impact, p.Journeys[0].Touchpoints[0].Effort = 4, 2
	data := mustEncode(t, p)
	if !bytes.Contains(data, []byte(`"version": 3,`)) {
		t.Error("a project with lenses and ratings is not JSON version 3")
	}
	back, err := DecodeJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if ok, diff := sameProject(p, back); !ok {
		t.Fatal(diff)
	}
	one, err := MarshalLens(p.Journeys[0].Lenses[0])
	if err != nil {
		t.Fatal(err)
	}
	l, err := UnmarshalLens(one)
	if err != nil || !l.SameView(p.Journeys[0].Lenses[0]) || l.Name != "All kinds" {
		t.Fatalf("UnmarshalLens: %+v, %v", l, err)
	}
	for in, want := range map[string]string{
		`{"name":"x","colour":"red"}`: `unknown field "colour"`,
		`{"name":"x","name":"y"}`:     `key "name" appears twice`,
		`null`:                        "it is null",
		`{"name":"x"} {}`:             "unexpected data after the lens",
		`{"name":"x","hide":"yes"}`:   `field "hide" should be`,
		"{\"name\":\"\xff\"}":         "not valid UTF-8",
	} {
		if _, err := UnmarshalLens([]byte(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("UnmarshalLens(%s): %v, want %q", in, err, want)
		}
	}
}

func TestDescribeLens(t *testing.T) {
	p := lensCards()
	l := &Lens{Channels: []string{"Web", "App"}, Flags: []Flag{FlagPainPoint}, Persona: "a"}
	if got, want := l.Describe(p), "channel Web or App · flag pain point · persona Ann"; got != want {
		t.Errorf("Describe = %q, want %q", got, want)
	}
	if (&Lens{Hide: true}).Filters() || !l.Filters() {
		t.Error("Filters is wrong")
	}
}
