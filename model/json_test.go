package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
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
		{"newer version", replace(`"version": 1`, `"version": 2`), []string{"newer", "version 2"}},
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
