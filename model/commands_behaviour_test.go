package model

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// importFigures are sound figures of an import over the given stages (name
// and ID), with persons as the first stage's reach; segment "NL" repeats
// the stages.
func importFigures(persons int64, stages ...[2]string) *Behaviour {
	var list []StageFigures
	for i, s := range stages {
		reached := persons - int64(i)
		list = append(list, StageFigures{Stage: s[0], StageID: ID(s[1]), Reached: reached,
			ConversionFromPrevious: 1, ConversionFromFirst: float64(reached) / float64(persons), DropOff: 1, DropOffRate: 0.25,
			Timed: 2, MedianSeconds: 3600.5, P90Seconds: 7200,
			Channels:      []ChannelShare{{Channel: "web", Events: 3, Share: 0.75}, {Channel: "mail", Events: 1, Share: 0.25}},
			EntryChannels: []NameCount{{Name: "web", Count: 3}}})
	}
	m := DefaultMapping()
	m.Time.Column, m.Event, m.Identifiers = "time", "event", []string{"user", "cookie"}
	for _, s := range stages {
		m.Rules = append(m.Rules, StageRule{Stage: s[0], Match: MatchGlob, Pattern: s[0] + "*"})
	}
	return &Behaviour{Mapping: m,
		Sources: []SourceFingerprint{{Name: "log.csv", Size: 1234, SHA256: strings.Repeat("0f", 32), Rows: 40,
			FirstEvent: 1_700_000_000_000, LastEvent: 1_700_000_900_000, ImportedAt: 1_764_000_000_000}},
		Persons: persons, Events: 40, Unattributable: 2, Unmapped: 3,
		UnmappedEvents: []NameCount{{Name: "ping", Count: 3}}, BadRows: 1, Stages: list,
		TopStagePaths:    []NameCount{{Name: "S1 > S2", Count: 3}},
		TopChannelPaths:  []NameCount{{Name: "web > mail", Count: 2}},
		SegmentAttribute: "country",
		Segments:         []SegmentValue{{Value: "NL", Persons: persons, Stages: slices.Clone(list)}},
		Stitching: StitchingSummary{Identifiers: 9, Merges: 2, PlaceholderRefused: []NameCount{{Name: "0", Count: 4}},
			SharedRefused: 1, SharedRefusedLinks: []int64{3}},
	}
}

func TestReplaceBehaviour(t *testing.T) {
	p := smallProject()
	j := p.Journeys[0]
	first := importFigures(4, [2]string{"S1", "s1"}, [2]string{"Paid", "s3"})
	add := &ReplaceBehaviour{Journey: "j", Behaviour: first, NewStages: []*Stage{{ID: "s3", Name: "Paid"}}}
	doUndo(t, p, add, func() {
		if len(j.Stages) != 3 || j.Stages[2].ID != "s3" || j.Behaviour != first || j.PreviousBehaviour != nil {
			t.Fatalf("after the first import: %d stages, current %p, previous %p", len(j.Stages), j.Behaviour, j.PreviousBehaviour)
		}
	})
	if got := add.Changes(); !slices.Equal(got.Journeys, []ID{"j"}) || !slices.Equal(got.Stages, []ID{"s3"}) {
		t.Fatalf("changes %+v", got)
	}
	if add.Label() != "Import behaviour data" {
		t.Fatalf("label %q", add.Label())
	}

	// The second import makes the first one previous, and its new stages
	// come at the end in order.
	rec := newRecordingJournal(t, p)
	h := NewHistory(p, rec)
	mustDo(t, h, add)
	second := importFigures(6, [2]string{"S2", "s2"}, [2]string{"Left", "s4"}, [2]string{"Back", "s5"})
	before := captureState(t, p)
	mustDo(t, h, &ReplaceBehaviour{Journey: "j", Behaviour: second,
		NewStages: []*Stage{{ID: "s4", Name: "Left"}, {ID: "s5", Name: "Back"}}})
	if j.Behaviour != second || j.PreviousBehaviour != first {
		t.Fatal("the second import did not make the first one previous")
	}
	if got := []ID{j.Stages[3].ID, j.Stages[4].ID}; !slices.Equal(got, []ID{"s4", "s5"}) {
		t.Fatalf("new stages %v", got)
	}
	after := captureState(t, p)
	for range 2 {
		if ok, err := h.Undo(); !ok || err != nil {
			t.Fatalf("undo: %v %v", ok, err)
		}
		checkState(t, "second import undone", p, before)
		if j.Behaviour != first || j.PreviousBehaviour != nil || len(j.Stages) != 3 {
			t.Fatal("undo did not restore the figures exactly")
		}
		if ok, err := h.Redo(); !ok || err != nil {
			t.Fatalf("redo: %v %v", ok, err)
		}
		checkState(t, "second import redone", p, after)
	}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if len(rec.problems) > 0 {
		t.Fatal(rec.problems)
	}
}

func TestReplaceBehaviourRefusals(t *testing.T) {
	p := smallProject()
	before := captureState(t, p)
	bad := importFigures(4, [2]string{"S1", "s1"})
	bad.Persons = -1
	for _, c := range []struct {
		cmd  *ReplaceBehaviour
		want string
	}{
		{&ReplaceBehaviour{Journey: "nope", Behaviour: importFigures(1)}, "journey nope does not exist"},
		{&ReplaceBehaviour{Journey: "j"}, "no behaviour given"},
		{&ReplaceBehaviour{Journey: "j", Behaviour: bad}, `journey "J" (id j): behaviour: persons is -1`},
		{&ReplaceBehaviour{Journey: "j", Behaviour: importFigures(4, [2]string{"X", "s9"})},
			`journey "J" (id j): the behaviour figures refer to stage s9, which is not in the journey`},
		{&ReplaceBehaviour{Journey: "j", Behaviour: importFigures(1), NewStages: []*Stage{{ID: "t1", Name: "X"}}},
			"stage t1 already exists"},
		{&ReplaceBehaviour{Journey: "j", Behaviour: importFigures(1), NewStages: []*Stage{{ID: "n", Name: "X"}, {ID: "n", Name: "Y"}}},
			"stage n is given twice"},
		{&ReplaceBehaviour{Journey: "j", Behaviour: importFigures(1), NewStages: []*Stage{{ID: "n"}}}, "name"},
		{&ReplaceBehaviour{Journey: "j", Behaviour: importFigures(1), NewStages: []*Stage{nil}}, "no stage given"},
	} {
		err := c.cmd.Do(p)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want %q", err, c.want)
		}
		checkState(t, "refused import", p, before)
	}
}

// Deleting a stage unties the figures about it, so the project stays
// valid; undo puts the very same figures back.
func TestDeleteStageUntiesFigures(t *testing.T) {
	p := smallProject()
	j := p.Journeys[0]
	first := importFigures(4, [2]string{"S1", "s1"}, [2]string{"S2", "s2"})
	second := importFigures(5, [2]string{"S2", "s2"})
	for _, b := range []*Behaviour{first, second} {
		if err := (&ReplaceBehaviour{Journey: "j", Behaviour: b}).Do(p); err != nil {
			t.Fatal(err)
		}
	}
	del := &DeleteStage{ID: "s2"}
	doUndo(t, p, del, func() {
		if j.Behaviour == second || j.PreviousBehaviour == first {
			t.Fatal("the figures still refer to the deleted stage")
		}
		if j.Behaviour.Stages[0].StageID != "" || j.PreviousBehaviour.Stages[0].StageID != "s1" ||
			j.PreviousBehaviour.Stages[1].StageID != "" || j.PreviousBehaviour.Segments[0].Stages[1].StageID != "" {
			t.Fatalf("untied: %+v %+v", j.Behaviour.Stages, j.PreviousBehaviour.Stages)
		}
		if second.Stages[0].StageID != "s2" || first.Segments[0].Stages[1].StageID != "s2" {
			t.Fatal("the figures were changed in place")
		}
		if !slices.Contains(del.Changes().Journeys, "j") {
			t.Fatalf("changes %+v do not name the journey", del.Changes())
		}
	})
	if j.Behaviour != second || j.PreviousBehaviour != first {
		t.Fatal("undo did not restore the same figures")
	}
	// A stage the figures do not name leaves them and the journey alone.
	del = &DeleteStage{ID: "s1"}
	if err := (&ReplaceBehaviour{Journey: "j", Behaviour: importFigures(5, [2]string{"S2", "s2"})}).Do(p); err != nil {
		t.Fatal(err)
	}
	cur := j.Behaviour
	if err := del.Do(p); err != nil {
		t.Fatal(err)
	}
	if j.Behaviour != cur || len(del.Changes().Journeys) != 0 {
		t.Fatal("figures of other stages were replaced")
	}
}

// A copied journey's figures name the copy's stages.
func TestCopyJourneyCarriesFigures(t *testing.T) {
	p := smallProject()
	if err := (&ReplaceBehaviour{Journey: "j", Behaviour: importFigures(4, [2]string{"S1", "s1"}, [2]string{"S2", "s2"})}).Do(p); err != nil {
		t.Fatal(err)
	}
	c := CopyJourney(p.Journeys[0])
	if err := (&AddJourney{Journey: c, Index: -1}).Do(p); err != nil {
		t.Fatal(err)
	}
	if c.Behaviour.Stages[1].StageID != c.Stages[1].ID || c.Behaviour.Segments[0].Stages[0].StageID != c.Stages[0].ID {
		t.Fatalf("copied figures name %s, %s", c.Behaviour.Stages[1].StageID, c.Behaviour.Segments[0].Stages[0].StageID)
	}
	if p.Journeys[0].Behaviour.Stages[1].StageID != "s2" {
		t.Fatal("the original's figures changed")
	}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestValidateBehaviour(t *testing.T) {
	p := smallProject()
	j := p.Journeys[0]
	j.Behaviour = importFigures(4, [2]string{"S1", "s1"})
	j.PreviousBehaviour = importFigures(3, [2]string{"S2", "s2"})
	if err := p.Validate(); err != nil {
		t.Fatalf("sound figures refused: %v", err)
	}
	stray := importFigures(3, [2]string{"S2", "s2"})
	stray.Segments[0].Stages[0].StageID = "t1"
	j.PreviousBehaviour = stray
	want := `journey "J" (id j): previous behaviour figures: figures refer to stage t1, which is not in the journey`
	if err := p.Validate(); err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
	j.Behaviour, j.PreviousBehaviour = nil, importFigures(3, [2]string{"S2", "s2"})
	want = `journey "J" (id j): previous behaviour figures: are there without current ones`
	if err := p.Validate(); err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
	j.Behaviour, j.PreviousBehaviour = importFigures(4, [2]string{"S1", "s1"}), nil
	j.Behaviour.Stages[0].DropOffRate = 2
	want = `journey "J" (id j): behaviour figures: behaviour stage 1 "S1": drop-off rate is 2, not a share between 0 and 1`
	if err := p.Validate(); err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
}

// fill sets every field reachable from v to a value unlike its zero and
// unlike the others, with two elements in each list.
func fill(v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString("v" + strings.Repeat("x", *n))
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(*n))
	case reflect.Float64:
		v.SetFloat(float64(*n) + 0.125)
	case reflect.Struct:
		for i := range v.NumField() {
			fill(v.Field(i), n)
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(v.Index(i), n)
		}
	default:
		panic("fill: " + v.Kind().String())
	}
}

// Every field of the figures survives MarshalBehaviour and
// UnmarshalBehaviour, and the bytes are the same each time: a field added
// to the model but not to the encoding fails here.
func TestBehaviourJSONEveryField(t *testing.T) {
	var b Behaviour
	n := 0
	fill(reflect.ValueOf(&b).Elem(), &n)
	data, err := MarshalBehaviour(&b)
	if err != nil {
		t.Fatal(err)
	}
	got, err := UnmarshalBehaviour(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, &b) {
		t.Fatalf("round trip differs:\n%+v\n%+v", got, &b)
	}
	again, _ := MarshalBehaviour(got)
	if !bytes.Equal(again, data) || bytes.ContainsAny(data, "\n ") && !bytes.Contains(data, []byte(`"v`)) {
		t.Fatal("the encoding is not stable")
	}
	// Explicit names, not Go's.
	for _, s := range []string{`"mapping":{"time":{"column":`, `"stageId":`, `"sharedRefusedLinks":[`, `"p90Seconds":`} {
		if !bytes.Contains(data, []byte(s)) {
			t.Errorf("encoding lacks %s", s)
		}
	}
	if bytes.Contains(data, []byte(`"StageID"`)) || bytes.HasSuffix(data, []byte("\n")) {
		t.Error("encoding uses Go names or ends in a line break")
	}
	// nil and empty lists stay apart: no placeholders is not the defaults.
	b2 := importFigures(2)
	b2.Mapping.Stitching.Placeholders = []string{}
	data, _ = MarshalBehaviour(b2)
	got, err = UnmarshalBehaviour(data)
	if err != nil || got.Mapping.Stitching.Placeholders == nil || got.Stages != nil {
		t.Fatalf("nil and empty: %v %#v %#v", err, got.Mapping.Stitching.Placeholders, got.Stages)
	}
}

func TestUnmarshalBehaviourRefuses(t *testing.T) {
	good, err := MarshalBehaviour(importFigures(3, [2]string{"S1", "s1"}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := UnmarshalBehaviour(good); err != nil {
		t.Fatal(err)
	}
	inner := bytes.Replace(good, []byte(`"reached":3,`), []byte(`"reached":3,"Reached":4,`), 1)
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"unknown key", bytes.Replace(good, []byte(`{"mapping"`), []byte(`{"raw":[1],"mapping"`), 1), `unknown field "raw"`},
		{"duplicate key", bytes.Replace(good, []byte(`"persons":3,`), []byte(`"persons":3,"persons":4,`), 1), `key "persons" appears twice in the figures`},
		{"duplicate nested key, other case", inner, `key "Reached" appears twice in stages[0]`},
		{"trailing data", append(bytes.Clone(good), " {}"...), "unexpected data after the figures"},
		{"not UTF-8", bytes.Replace(good, []byte("log.csv"), []byte("log\xff.csv"), 1), "not valid UTF-8"},
		{"null", []byte("null"), "it is null"},
		{"empty", nil, "it is empty"},
		{"a list", []byte("[]"), "should be a JSON object"},
		{"cut short", good[:len(good)/2], "ends in the middle"},
		{"fraction as count", bytes.Replace(good, []byte(`"persons":3,`), []byte(`"persons":3.5,`), 1), `field "persons" should be a whole number`},
		{"too large", bytes.Repeat([]byte(" "), MaxBehaviourJSON+1), "more than the 16,777,216 allowed"},
	} {
		b, err := UnmarshalBehaviour(c.data)
		if err == nil || !strings.Contains(err.Error(), c.want) || b != nil {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
}
