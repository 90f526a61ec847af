package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
)

// ---- generated pictures ----

// gradient returns a w×h picture; with alpha its corner is see-through.
func gradient(w, h int, alpha bool) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			a := uint8(0xff)
			if alpha && x < w/2 && y < h/2 {
				a = uint8(40 + (x+y)%100)
			}
			img.SetNRGBA(x, y, color.NRGBA{uint8(x * 255 / max(1, w-1)), uint8(y * 255 / max(1, h-1)), uint8((x + y) % 256), a})
		}
	}
	return img
}

func encodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodeJPEG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// importAs imports generated picture bytes and gives the image a fixed ID,
// so that fixtures encode to the same bytes on every run.
func importAs(t testing.TB, id ID, data []byte) *Image {
	t.Helper()
	im, err := ImportImage(data)
	if err != nil {
		t.Fatalf("ImportImage: %v", err)
	}
	im.ID = id
	return im
}

var (
	fixtureImagesOnce sync.Once
	fixtureImages     [3]*Image // opaque PNG → JPEG, alpha PNG → PNG, JPEG → JPEG
)

// testImages returns three small imported images: from an opaque PNG, a PNG
// with alpha and a JPEG. Callers must copy them before changing the ID.
func testImages(t testing.TB) [3]*Image {
	t.Helper()
	fixtureImagesOnce.Do(func() {
		fixtureImages[0] = importAs(t, "img-opaque", encodePNG(t, gradient(40, 30, false)))
		fixtureImages[1] = importAs(t, "img-alpha", encodePNG(t, gradient(24, 24, true)))
		fixtureImages[2] = importAs(t, "img-jpeg", encodeJPEG(t, gradient(33, 21, false)))
	})
	return fixtureImages
}

func copyImage(im *Image, id ID) *Image {
	c := *im
	c.ID = id
	return &c
}

// ---- fixtures ----

// richProject is a project with every field of every object set.
func richProject(t testing.TB) *Project {
	t.Helper()
	imgs := testImages(t)
	p := &Project{ID: "proj-1", Name: "Checkout study \"Q3\" <draft> & ünïcode", Scale: ScaleBipolar2,
		Images: []*Image{copyImage(imgs[0], "img-1"), copyImage(imgs[1], "img-2"), copyImage(imgs[2], "img-3")}}
	p.Personas = []*Persona{
		{ID: "per-1", Name: "Ana", Role: "Buyer", Quote: "I just want it to work.\nReally.", Goals: "Pay fast",
			Frustrations: "Forms", PhotoID: "img-1"},
		{ID: "per-2", Name: "Ben", Role: "Admin", Quote: "“Quotes”", Goals: "Control", Frustrations: "Noise", PhotoID: "img-3"},
		{ID: "per-3", Name: "Cleo", Role: "Support", Quote: "q", Goals: "g", Frustrations: "f"},
	}
	for n := 1; n <= 2; n++ {
		j := &Journey{ID: ID(fmt.Sprintf("j%d", n)), Title: fmt.Sprintf("Journey %d", n),
			Description: "From search to delivery\n\twith tabs", PersonaIDs: []ID{"per-2", "per-1"}}
		for s := 1; s <= 3; s++ {
			j.Stages = append(j.Stages, &Stage{ID: ID(fmt.Sprintf("j%d-s%d", n, s)), Name: fmt.Sprintf("Stage %d", s),
				Description: "d", Color: []string{"", "#A0b1C2", "#000000"}[s-1]})
		}
		kinds := []LaneKind{LaneActions, LaneEmotions, LanePainPoints, LaneCustom}
		for l, k := range kinds {
			j.Lanes = append(j.Lanes, &Lane{ID: ID(fmt.Sprintf("j%d-l%d", n, l+1)), Name: k.Label(), Kind: k, Hidden: l == 3})
		}
		// Cards deliberately not in reading order in the slice.
		k := 0
		for s := 2; s >= 0; s-- {
			for l := range j.Lanes {
				cnt := (s + l + n) % 3
				for o := cnt - 1; o >= 0; o-- {
					k++
					tp := &Touchpoint{ID: ID(fmt.Sprintf("j%d-t%02d", n, k)), StageID: j.Stages[s].ID, LaneID: j.Lanes[l].ID,
						Order: o, Title: fmt.Sprintf("Card %d", k)}
					if k%2 == 0 {
						tp.Notes, tp.Channel, tp.Owner = "notes "+string(tp.ID), "web", "Ops"
						tp.Emotions = map[ID]int{"per-1": k%5 - 2, "per-2": -(k%5 - 2)}
						tp.PainPoint, tp.Opportunity, tp.MomentOfTruth = true, k%4 == 0, true
						tp.Tags = []string{"a", "b c"}
						tp.Evidence = "interview 3"
						tp.EvidenceLinks = []string{"https://example.com/x?a=1&b=<2>"}
						tp.Confidence = []Confidence{Assumption, Anecdotal, Validated}[k%3]
						tp.Color = "#ff8800"
						tp.ImageID = "img-2"
					}
					j.Touchpoints = append(j.Touchpoints, tp)
				}
			}
		}
		p.Journeys = append(p.Journeys, j)
	}
	p.Journeys[1].PersonaIDs = nil
	if err := p.Validate(); err != nil {
		t.Fatalf("fixture invalid: %v", err)
	}
	return p
}

// smallProject is a minimal valid project with one journey.
func smallProject() *Project {
	return &Project{ID: "p", Name: "Small", Scale: ScaleBipolar2,
		Personas: []*Persona{{ID: "a", Name: "Ann"}, {ID: "b", Name: "Bob"}},
		Journeys: []*Journey{{ID: "j", Title: "J", PersonaIDs: []ID{"a"},
			Stages: []*Stage{{ID: "s1", Name: "S1"}, {ID: "s2", Name: "S2"}},
			Lanes:  []*Lane{{ID: "l1", Name: "L1", Kind: LaneActions}, {ID: "l2", Name: "L2", Kind: LaneEmotions}},
			Touchpoints: []*Touchpoint{
				{ID: "t1", StageID: "s1", LaneID: "l1", Order: 0, Title: "T1", Emotions: map[ID]int{"a": 1}},
				{ID: "t2", StageID: "s1", LaneID: "l1", Order: 1, Title: "T2"},
				{ID: "t3", StageID: "s1", LaneID: "l1", Order: 2, Title: "T3"},
				{ID: "t4", StageID: "s2", LaneID: "l1", Order: 0, Title: "T4", Emotions: map[ID]int{"a": -2, "b": 2}},
				{ID: "t5", StageID: "s2", LaneID: "l2", Order: 0, Title: "T5"},
			}}}}
}

// ---- comparison ----

func mustEncode(t testing.TB, p *Project) []byte {
	t.Helper()
	b, err := EncodeJSON(p)
	if err != nil {
		t.Fatalf("EncodeJSON: %v", err)
	}
	return b
}

// normalized returns a deep copy of p in which empty maps and slices are nil,
// so reflect.DeepEqual treats "none" alike however it is spelled.
func normalized(p *Project) *Project {
	c := &Project{ID: p.ID, Name: p.Name, Scale: p.Scale}
	for _, x := range p.Personas {
		v := *x
		c.Personas = append(c.Personas, &v)
	}
	for _, im := range p.Images {
		v := *im
		v.Data = slices.Clone(im.Data)
		c.Images = append(c.Images, &v)
	}
	for _, j := range p.Journeys {
		cj := &Journey{ID: j.ID, Title: j.Title, Description: j.Description, Owner: j.Owner, ReviewBy: j.ReviewBy}
		if len(j.PersonaIDs) > 0 {
			cj.PersonaIDs = slices.Clone(j.PersonaIDs)
		}
		for _, s := range j.Stages {
			v := *s
			cj.Stages = append(cj.Stages, &v)
		}
		for _, l := range j.Lanes {
			v := *l
			cj.Lanes = append(cj.Lanes, &v)
		}
		for _, t := range j.Touchpoints {
			v := *t
			v.Emotions, v.Tags, v.EvidenceLinks = nil, nil, nil
			if len(t.Emotions) > 0 {
				v.Emotions = map[ID]int{}
				for k, s := range t.Emotions {
					v.Emotions[k] = s
				}
			}
			if len(t.Tags) > 0 {
				v.Tags = slices.Clone(t.Tags)
			}
			if len(t.EvidenceLinks) > 0 {
				v.EvidenceLinks = slices.Clone(t.EvidenceLinks)
			}
			cj.Touchpoints = append(cj.Touchpoints, &v)
		}
		for _, l := range j.Lenses {
			v := Lens{Name: l.Name, Persona: l.Persona, Hide: l.Hide, Stale: l.Stale}
			if len(l.Channels) > 0 {
				v.Channels = slices.Clone(l.Channels)
			}
			if len(l.Owners) > 0 {
				v.Owners = slices.Clone(l.Owners)
			}
			if len(l.Tags) > 0 {
				v.Tags = slices.Clone(l.Tags)
			}
			if len(l.Flags) > 0 {
				v.Flags = slices.Clone(l.Flags)
			}
			if len(l.Confidence) > 0 {
				v.Confidence = slices.Clone(l.Confidence)
			}
			cj.Lenses = append(cj.Lenses, &v)
		}
		c.Journeys = append(c.Journeys, cj)
	}
	return c
}

// sameProject reports whether a and b are structurally equal, nil and empty
// alike, and describes the first difference when not.
func sameProject(a, b *Project) (bool, string) {
	na, nb := normalized(a), normalized(b)
	if reflect.DeepEqual(na, nb) {
		return true, ""
	}
	ja, _ := json.MarshalIndent(na, "", " ")
	jb, _ := json.MarshalIndent(nb, "", " ")
	return false, firstDiff(string(ja), string(jb))
}

func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(la) || i < len(lb); i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return fmt.Sprintf("line %d: %q vs %q", i+1, x, y)
		}
	}
	return "(no textual difference; pointer structure differs)"
}

// ---- per-object snapshots, for checking Changes ----

// objKey names one object: "project", "persona", "journey", "stage", "lane",
// "touchpoint" or "image", and its ID.
type objKey struct {
	Kind string
	ID   ID
}

// objState is one object as the file has it: its content, and its place in
// its list (the parent's ID and the index) for the kinds kept in order.
type objState struct {
	content string
	parent  ID
	index   int
}

// snapshot describes every object of a project as the JSON file does, after
// a round trip through EncodeJSON and DecodeJSON. Touchpoints carry their
// cell and order in their content.
func snapshot(t testing.TB, p *Project) map[objKey]objState {
	t.Helper()
	return snapshotAt(t, "", p)
}

func snapshotAt(t testing.TB, where string, p *Project) map[objKey]objState {
	t.Helper()
	return snapshotOf(t, where, mustEncode(t, p))
}

// snapshotOf is snapshot of a project already encoded.
func snapshotOf(t testing.TB, where string, data []byte) map[objKey]objState {
	t.Helper()
	q, err := DecodeJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: DecodeJSON of an encoded project: %v", where, err)
	}
	out := map[objKey]objState{}
	put := func(kind string, id, parent ID, index int, v ...any) {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		out[objKey{kind, id}] = objState{string(b), parent, index}
	}
	put("project", q.ID, "", 0, q.Name, q.Scale.String())
	for i, x := range q.Personas {
		put("persona", x.ID, "", i, x)
	}
	for i, im := range q.Images {
		put("image", im.ID, "", i, im)
	}
	for i, j := range q.Journeys {
		put("journey", j.ID, "", i, j.Title, j.Description, j.PersonaIDs)
		for k, s := range j.Stages {
			put("stage", s.ID, j.ID, k, s)
		}
		for k, l := range j.Lanes {
			put("lane", l.ID, j.ID, k, l)
		}
		for _, tp := range j.Touchpoints {
			put("touchpoint", tp.ID, j.ID, 0, tp)
		}
	}
	return out
}

// uncovered lists the objects that differ between two snapshots but that c
// does not name. The contract with the working copy: every object whose
// content changed, or that was added or removed, is named (a touchpoint's
// cell and order are content); an object that only shifted in its list
// (a persona, journey, image, or a stage or lane within its journey) is
// covered when c names one of the list's members, because the working copy
// then rewrites the positions of the whole list.
func uncovered(before, after map[objKey]objState, c Changes) []string {
	listed := map[objKey]bool{}
	lists := map[objKey]bool{} // kind and parent of every list c touches
	for kind, ids := range map[string][]ID{"persona": c.Personas, "journey": c.Journeys, "stage": c.Stages,
		"lane": c.Lanes, "touchpoint": c.Touchpoints, "image": c.Images} {
		for _, id := range ids {
			k := objKey{kind, id}
			listed[k] = true
			for _, snap := range []map[objKey]objState{before, after} {
				if st, ok := snap[k]; ok {
					lists[objKey{kind, st.parent}] = true
				}
			}
		}
	}
	var miss []string
	check := func(k objKey) {
		b, inBefore := before[k]
		a, inAfter := after[k]
		if inBefore && inAfter && b == a {
			return
		}
		if k.Kind == "project" {
			if !c.Project {
				miss = append(miss, "project")
			}
			return
		}
		if listed[k] {
			return
		}
		if inBefore && inAfter && b.content == a.content && b.parent == a.parent && lists[objKey{k.Kind, a.parent}] {
			return // only shifted in a list whose positions are rewritten
		}
		miss = append(miss, fmt.Sprintf("%s %s", k.Kind, k.ID))
	}
	for k := range before {
		check(k)
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			check(k)
		}
	}
	sort.Strings(miss)
	return miss
}

// recordingJournal checks every commit against the previous one: each object
// whose JSON changed must be named in the Changes.
type recordingJournal struct {
	t        testing.TB
	last     map[objKey]objState
	lastJSON []byte // the encoding last committed
	commits  []Changes
	fail     error // returned by Commit when set
	// problems collects uncovered objects, one line per commit.
	problems []string
	label    string // what the test is doing, for messages
}

func newRecordingJournal(t testing.TB, p *Project) *recordingJournal {
	return &recordingJournal{t: t, last: snapshot(t, p)}
}

func (r *recordingJournal) Commit(p *Project, c Changes) error {
	if r.fail != nil {
		return r.fail
	}
	r.commits = append(r.commits, c)
	data := mustEncode(r.t, p)
	now := snapshotOf(r.t, r.label, data)
	r.lastJSON = data
	if miss := uncovered(r.last, now, c); len(miss) > 0 {
		r.problems = append(r.problems, fmt.Sprintf("%s: Changes %+v miss %v", r.label, c, miss))
	}
	r.last = now
	return nil
}
