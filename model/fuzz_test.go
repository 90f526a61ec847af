package model

import (
	"bytes"
	"testing"
)

// FuzzDecodeJSON feeds DecodeJSON arbitrary input: it must never panic, and
// whatever it accepts must be valid and encode to a stable file.
func FuzzDecodeJSON(f *testing.F) {
	p := smallProject()
	im := copyImage(testImages(f)[1], "img")
	p.Images = []*Image{im}
	p.Personas[0].PhotoID = "img"
	p.Journeys[0].Touchpoints[0].Tags = []string{"x"}
	good := mustEncode(f, p)
	f.Add(good)
	f.Add(mustEncode(f, &Project{ID: "e", Name: "E", Scale: ScaleTen}))
	f.Add(good[:len(good)/2])
	f.Add(bytes.Replace(good, []byte(`"version": 1`), []byte(`"version": 2`), 1))
	f.Add(bytes.Replace(good, []byte(`"order": 1`), []byte(`"order": "1"`), 1))
	f.Add(bytes.Replace(good, []byte(`"stage": "s2"`), []byte(`"stage": "s9"`), 1))
	f.Add(bytes.Replace(good, []byte(`"width": 24`), []byte(`"width": 99999`), 1))
	f.Add(append(append([]byte{}, good...), '}'))
	f.Add([]byte(`{"format":"waymark-project","version":1,"id":"p","name":"P","emotionScale":"1..5","personas":[],"journeys":[],"images":[]}`))
	f.Add(bytes.Replace(good, []byte(`"name": "Small"`), []byte(`"name": "Small", "NAME": "Big"`), 1))
	f.Add(bytes.Replace(good, []byte(`"title": "T2"`), []byte(`"title": "T\u00002"`), 1))
	f.Add(bytes.Replace(good, []byte(`"title": "T2"`), []byte("\"title\": \"T\xff2\""), 1))
	f.Add([]byte(`{"format":"waymark-project","format":"waymark-project","version":1,"id":"p","name":"P","emotionScale":"1..5","personas":[],"journeys":[],"images":[]}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := DecodeJSON(bytes.NewReader(data))
		if err != nil {
			if p != nil {
				t.Fatal("DecodeJSON returned a project and an error")
			}
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("decoded project is invalid: %v", err)
		}
		a, err := EncodeJSON(p)
		if err != nil {
			t.Fatalf("EncodeJSON: %v", err)
		}
		q, err := DecodeJSON(bytes.NewReader(a))
		if err != nil {
			t.Fatalf("DecodeJSON of its own encoding: %v\n%s", err, a)
		}
		b, err := EncodeJSON(q)
		if err != nil {
			t.Fatalf("EncodeJSON: %v", err)
		}
		if !bytes.Equal(a, b) {
			t.Fatalf("encoding not stable: %s", firstDiff(string(a), string(b)))
		}
		for _, j := range p.Journeys {
			SortTouchpoints(j)
		}
		if ok, diff := sameProject(p, q); !ok {
			t.Fatalf("round trip changed the project: %s", diff)
		}
	})
}
