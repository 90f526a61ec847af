package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

func decode(t *testing.T, data []byte) (*Project, error) {
	t.Helper()
	var p *Project
	var err error
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("DecodeJSON panicked: %v", r)
			}
		}()
		p, err = DecodeJSON(bytes.NewReader(data))
	}()
	if err == nil && p == nil {
		t.Fatal("DecodeJSON returned neither a project nor an error")
	}
	return p, err
}

func TestJSONRoundTripRich(t *testing.T) {
	p := richProject(t)
	// Every field of every object is set somewhere in the fixture.
	if p.Images[0].MIME != "image/jpeg" || p.Images[1].MIME != "image/png" || p.Images[2].MIME != "image/jpeg" {
		t.Fatalf("fixture images: %s %s %s", p.Images[0].MIME, p.Images[1].MIME, p.Images[2].MIME)
	}
	first := mustEncode(t, p)
	q, err := decode(t, first)
	if err != nil {
		t.Fatalf("DecodeJSON: %v", err)
	}
	second := mustEncode(t, q)
	if !bytes.Equal(first, second) {
		t.Fatalf("encode→decode→encode differs: %s", firstDiff(string(first), string(second)))
	}
	// The decoded project is the original, cards in reading order.
	want := p.Clone()
	for _, j := range want.Journeys {
		SortTouchpoints(j)
	}
	if ok, diff := sameProject(want, q); !ok {
		t.Fatalf("decoded project differs: %s", diff)
	}
	// Spot-check that fields really are in the file.
	for _, s := range []string{`"format": "waymark-project"`, `"version": 1`, `"emotionScale": "-2..+2"`,
		`"photo": "img-1"`, `"hidden": true`, `"momentOfTruth": true`, `"evidenceLinks"`, `"confidence": "`,
		`"color": "#A0b1C2"`, `"image": "img-2"`, `"type": "image/png"`, `<draft> & ünïcode`, `"quote": "I just want it to work.\nReally."`} {
		if !bytes.Contains(first, []byte(s)) {
			t.Errorf("encoded project lacks %s", s)
		}
	}
}

func TestJSONRoundTripEveryScaleAndEmpty(t *testing.T) {
	for _, s := range ScalePresets {
		p := &Project{ID: "e", Name: "E", Scale: s}
		first := mustEncode(t, p)
		q, err := decode(t, first)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if q.Scale != s {
			t.Fatalf("scale %s came back as %s", s, q.Scale)
		}
		if second := mustEncode(t, q); !bytes.Equal(first, second) {
			t.Fatalf("%s: not stable", s)
		}
	}
}

// lineOf returns the 1-based line of the first occurrence of s.
func lineOf(t *testing.T, data []byte, s string) int {
	t.Helper()
	i := bytes.Index(data, []byte(s))
	if i < 0 {
		t.Fatalf("%q not in the document", s)
	}
	return bytes.Count(data[:i], []byte("\n")) + 1
}

func TestDecodeJSONErrors(t *testing.T) {
	good := mustEncode(t, smallProject())
	replace := func(old, new string) []byte {
		if !bytes.Contains(good, []byte(old)) {
			t.Fatalf("%q not in the document", old)
		}
		return bytes.Replace(good, []byte(old), []byte(new), 1)
	}
	orderLine := lineOf(t, good, `"order": 1`)
	titleLine := lineOf(t, good, `"title": "T2"`)
	tests := []struct {
		name string
		data []byte
		want []string // all must appear in the error
	}{
		{"empty", nil, []string{"empty"}},
		{"blank", []byte(" \n\t\n"), []string{"empty"}},
		{"syntax", replace(`"title": "T2"`, `"title": "T2",,`), []string{fmt.Sprintf("line %d", titleLine)}},
		{"syntax first line", []byte("{x"), []string{"line 1"}},
		{"truncated", good[:len(good)/2], []string{"ends in the middle"}},
		{"unknown field", replace(`"name": "Ann"`, `"name": "Ann", "nickname": "A"`), []string{`unknown field "nickname"`}},
		{"wrong format", replace(JSONFormat, "other-app"), []string{"not a Waymark project", `"format"`}},
		{"no format", replace(`"format": "waymark-project",`, ``), []string{"not a Waymark project"}},
		{"newer version", replace(`"version": 1`, `"version": 5`), []string{"newer", "version 5"}},
		{"version zero", replace(`"version": 1`, `"version": 0`), []string{`"version"`, "0"}},
		{"wrong type", replace(`"order": 1`, `"order": "1"`), []string{fmt.Sprintf("line %d", orderLine), "order", "string"}},
		{"wrong type float", replace(`"order": 1`, `"order": 1.5`), []string{fmt.Sprintf("line %d", orderLine), "order"}},
		{"wrong type array", replace(`"name": "Small"`, `"name": ["Small"]`), []string{"line 5", "name", "array"}},
		{"missing version", replace(`"version": 1,`, ``), []string{`"version"`}},
		{"bad scale", replace(`"-2..+2"`, `"0..10"`), []string{"emotionScale", "0..10"}},
		{"trailing object", append(append([]byte{}, good...), "{}"...), []string{"after the project"}},
		{"trailing brace", append(append([]byte{}, good...), "}"...), []string{"after the project"}},
		{"trailing bracket", append(append([]byte{}, good...), "\n]"...), []string{"after the project"}},
		{"trailing word", append(append([]byte{}, good...), "x"...), []string{"after the project"}},
		{"not an object", []byte(`[1,2]`), []string{"line 1", "object", "array"}},
		{"list of numbers", replace(`"stages": [`, `"stages": [1, `), []string{"line", `"journeys.stages"`, "an object, not number"}},
		{"bad base64", replace(`"images": []`, `"images": [{"id": "i", "type": "image/png", "width": 1, "height": 1, "data": "!!"}]`), []string{"base64"}},
		{"null", []byte(`null`), []string{"not a Waymark project"}},
		{"dangling stage", replace(`"stage": "s2"`, `"stage": "s9"`), []string{`touchpoint "T4" (id t4)`, "stage"}},
		{"duplicate id", replace(`"id": "t2"`, `"id": "t1"`), []string{"id t1", "id: is also the id of"}},
		{"score off scale", replace(`"b": 2`, `"b": 5`), []string{`touchpoint "T4" (id t4)`, "emotion"}},
		{"duplicate top-level key", replace(`"name": "Small"`, `"name": "Small", "name": "Big"`), []string{"line 5", `key "name" appears twice in the project`}},
		{"duplicate key in another case", replace(`"name": "Small"`, `"name": "Small", "NAME": "Big"`), []string{`key "NAME" appears twice in the project`}},
		{"duplicate key written with an escape", replace(`"name": "Small"`, `"name": "Small", "n\u0061me": "Big"`), []string{`key "name" appears twice`}},
		{"duplicate key in a card", replace(`"title": "T2"`, `"title": "T2", "title": "T9"`), []string{fmt.Sprintf("line %d", titleLine), `key "title" appears twice in journeys[0].touchpoints[1]`}},
		{"duplicate list", replace(`"personas": [`, `"personas": [], "personas": [`), []string{`key "personas" appears twice in the project`}},
		{"duplicate score", replace(`"b": 2`, `"b": 2, "b": -2`), []string{`key "b" appears twice in journeys[0].touchpoints[3].emotions`}},
		{"invalid UTF-8", replace(`"T2"`, "\"T\xff2\""), []string{fmt.Sprintf("line %d", titleLine), "not valid UTF-8"}},
		{"NUL escaped", replace(`"T2"`, `"T\u00002"`), []string{`touchpoint "T\x002" (id t2): title: holds the control character U+0000`}},
		{"control in an id", replace(`"id": "t2"`, `"id": "t\n2"`), []string{`(id "t\n2"): id: holds a tab or line break`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := decode(t, tc.data)
			if err == nil {
				t.Fatalf("decoded %+v", p)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Fatalf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestDecodeJSONReadError(t *testing.T) {
	boom := errors.New("boom")
	if _, err := DecodeJSON(iotest.ErrReader(boom)); !errors.Is(err, boom) {
		t.Fatalf("DecodeJSON = %v, want the reader's error", err)
	}
}

// imageJSON is a small project holding one image, given as its JSON fields.
func imageJSON(t *testing.T, typ string, w, h int, data []byte) []byte {
	t.Helper()
	doc := map[string]any{"format": JSONFormat, "version": JSONVersion, "id": "p", "name": "P",
		"emotionScale": "1..5", "personas": []any{}, "journeys": []any{},
		"images": []any{map[string]any{"id": "i", "type": typ, "width": w, "height": h, "data": data}}}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeJSONImages(t *testing.T) {
	imgs := testImages(t)
	png, jpg := imgs[1], imgs[0]
	if _, err := decode(t, imageJSON(t, png.MIME, png.Width, png.Height, png.Data)); err != nil {
		t.Fatalf("a good image was refused: %v", err)
	}
	tests := []struct {
		name  string
		typ   string
		w, h  int
		data  []byte
		field string
	}{
		{"type mismatch", "image/jpeg", png.Width, png.Height, png.Data, "type"},
		{"gif type", "image/gif", png.Width, png.Height, png.Data, "type"},
		{"size mismatch", jpg.MIME, jpg.Width + 1, jpg.Height, jpg.Data, "size"},
		{"not an image", "image/png", 1, 1, []byte("hello"), "data"},
		{"empty", "image/png", 1, 1, nil, "data"},
		{"huge header", "image/png", 100_000, 100_000, hugePNGHeader(100_000, 100_000), "size"},
		{"too wide", "image/png", MaxImageSide + 1, 1, encodePNG(t, gradient(MaxImageSide+1, 1, false)), "size"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decode(t, imageJSON(t, tc.typ, tc.w, tc.h, tc.data))
			if err == nil {
				t.Fatal("decoded")
			}
			if !strings.Contains(err.Error(), "image i: "+tc.field+":") {
				t.Fatalf("error %q does not name image i and field %s", err, tc.field)
			}
		})
	}
}

// Keys that only look alike are not duplicates: persona IDs differ by case,
// and "Emotions" as a field name is the emotions map.
func TestDecodeJSONKeysThatDiffer(t *testing.T) {
	p := smallProject()
	p.Personas = append(p.Personas, &Persona{ID: "A", Name: "Upper"})
	p.Journeys[0].Touchpoints[0].Emotions = map[ID]int{"a": 1, "A": -1}
	data := mustEncode(t, p)
	data = bytes.Replace(data, []byte(`"emotions": {`), []byte(`"Emotions": {`), 1)
	q, err := decode(t, data)
	if err != nil {
		t.Fatal(err)
	}
	if got := q.Journeys[0].Touchpoints[0].Emotions; len(got) != 2 || got["a"] != 1 || got["A"] != -1 {
		t.Fatalf("emotions = %v", got)
	}
	if err := duplicateKey(append(data, `{"emotions": {"x": 1}, "x": {"x": [{"x": 1, "X": 2}]}}`...), "the project"); err == nil ||
		!strings.Contains(err.Error(), `key "X" appears twice in x.x[0]`) {
		t.Fatalf("nested duplicate: %v", err)
	}
}

// What EncodeJSON writes, DecodeJSON reads: a project whose JSON would be
// over the import limit is refused by the export, with one sentence.
func TestEncodeJSONRefusesWhatDecodeWouldRefuse(t *testing.T) {
	p := smallProject()
	data := mustEncode(t, p)
	defer func(old int) { jsonLimit = old }(jsonLimit)
	jsonLimit = len(data)
	if _, err := decode(t, data); err != nil {
		t.Fatalf("at the limit: %v", err)
	}
	p.Journeys[0].Touchpoints[0].Notes = "x"
	jsonLimit = MaxJSONSize
	bigger := mustEncode(t, p)
	jsonLimit = len(data)
	out, err := EncodeJSON(p)
	want := fmt.Sprintf("the project's JSON would be %s bytes, more than the %s Waymark can import", Grouped(int64(len(bigger))), Grouped(int64(len(data))))
	if err == nil || err.Error() != want || out != nil {
		t.Fatalf("EncodeJSON over the limit: %v\nwant %q", err, want)
	}
	if _, err := decode(t, append(data, ' ')); err == nil || !strings.Contains(err.Error(), "the most Waymark imports") {
		t.Fatalf("DecodeJSON over the limit: %v", err)
	}
}

// A journey's figures travel in the project JSON under optional keys: a
// journey with them round-trips exactly, one without them has no key.
func TestJSONRoundTripBehaviour(t *testing.T) {
	p := smallProject()
	p.Journeys = append(p.Journeys, &Journey{ID: "j2", Title: "Plain"})
	withNone := mustEncode(t, p)
	j := p.Journeys[0]
	j.Behaviour = importFigures(4, [2]string{"S1", "s1"}, [2]string{"S2", "s2"})
	j.PreviousBehaviour = importFigures(3, [2]string{"S1", "s1"})
	j.PreviousBehaviour.Mapping.Stitching.Placeholders = []string{}
	first := mustEncode(t, p)
	q, err := decode(t, first)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(q.Journeys[0].Behaviour, j.Behaviour) || !reflect.DeepEqual(q.Journeys[0].PreviousBehaviour, j.PreviousBehaviour) {
		t.Fatal("the figures differ after a round trip")
	}
	if q.Journeys[1].Behaviour != nil || q.Journeys[1].PreviousBehaviour != nil {
		t.Fatal("a journey without figures got some")
	}
	if second := mustEncode(t, q); !bytes.Equal(first, second) {
		t.Fatalf("encode→decode→encode differs: %s", firstDiff(string(first), string(second)))
	}
	if !bytes.Contains(first, []byte(`"behaviour": {`)) || !bytes.Contains(first, []byte(`"previousBehaviour": {`)) ||
		bytes.Count(first, []byte(`"behaviour"`)) != 1 {
		t.Fatal("the figures are not under one journey's keys")
	}
	// Without figures the JSON is what it was before they existed; with
	// them it is version 2, which an older Waymark calls newer.
	if bytes.Contains(withNone, []byte("ehaviour")) || !bytes.Contains(withNone, []byte(`"version": 1,`)) {
		t.Fatal("a project without figures mentions them or is not version 1")
	}
	if !bytes.Contains(first, []byte(`"version": 2,`)) {
		t.Fatal("a project with figures is not version 2")
	}
	newer := bytes.Replace(first, []byte(`"version": 2,`), []byte(`"version": 5,`), 1)
	if _, err := decode(t, newer); err == nil || !strings.Contains(err.Error(), "made by a newer version of Waymark (JSON version 5); this version reads up to 4") {
		t.Fatalf("version 5: %v", err)
	}
	// The strict rules hold inside the figures too.
	for _, c := range []struct{ from, to, want string }{
		{`"persons": 4,`, `"persons": 4, "rawEvents": [],`, `unknown field "rawEvents"`},
		{`"persons": 4,`, `"persons": 4, "Persons": 5,`, `key "Persons" appears twice in journeys[0].behaviour`},
		{`"persons": 4,`, `"persons": -4,`, `journey "J" (id j): behaviour figures: behaviour: persons is -4, a negative count`},
	} {
		bad := bytes.Replace(first, []byte(c.from), []byte(c.to), 1)
		if bytes.Equal(bad, first) {
			t.Fatalf("%s not found", c.from)
		}
		if _, err := decode(t, bad); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want %q", err, c.want)
		}
	}
}
