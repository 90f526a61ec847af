package storage

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"waymark/model"
)

// smallProject keeps each fuzz iteration that reaches SQLite quick.
func smallProject(t testing.TB) *model.Project {
	im := importImage(t, 4, 4, true)
	x := &model.Persona{ID: "p1", Name: "Pat", PhotoID: im.ID}
	j := &model.Journey{ID: "j1", Title: "Sign up", PersonaIDs: []model.ID{"p1"},
		Stages: []*model.Stage{{ID: "s1", Name: "Find"}, {ID: "s2", Name: "Join", Color: "#112233"}},
		Lanes:  []*model.Lane{{ID: "l1", Name: "Actions", Kind: model.LaneActions}, {ID: "l2", Name: "Feel", Kind: model.LaneEmotions, Hidden: true}},
		Touchpoints: []*model.Touchpoint{
			{ID: "t1", StageID: "s1", LaneID: "l1", Title: "Search", Tags: []string{"seo"}, Emotions: map[model.ID]int{"p1": 1}},
			{ID: "t2", StageID: "s1", LaneID: "l1", Order: 1, Title: "Ad", Notes: "Saw an ad", ImageID: im.ID},
			{ID: "t3", StageID: "s2", LaneID: "l2", Title: "Form", PainPoint: true, Confidence: model.Validated},
		}}
	return &model.Project{ID: "proj", Name: "Fuzz", Scale: model.DefaultScale, Personas: []*model.Persona{x},
		Journeys: []*model.Journey{j}, Images: []*model.Image{im}}
}

// FuzzOpen opens arbitrary bytes as a .cjm: it must never panic or hang, and
// whatever opens must be a valid project.
func FuzzOpen(f *testing.F) {
	good, err := os.ReadFile(writeGood(f, smallProject(f), f.TempDir(), "seed.cjm"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	for _, n := range []int{0, 15, 16, 99, 100, 101, 512, 4096, len(good) / 2, len(good) - 1} {
		f.Add(good[:n])
	}
	// A file with behaviour figures, so that mutations reach their JSON.
	figured := smallProject(f)
	figured.Journeys[0].Behaviour = testFigures(figured.Journeys[0], 3, 1)
	withFigures, err := os.ReadFile(writeGood(f, figured, f.TempDir(), "figures.cjm"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(withFigures)
	// And one with saved lenses and ratings, for their JSON and columns.
	lensed := smallProject(f)
	lensed.Journeys[0].Lenses = []*model.Lens{{Name: "Pain", Channels: []string{"web"}, Flags: []model.Flag{model.FlagPainPoint}, Hide: true}}
	if len(lensed.Journeys[0].Touchpoints) > 0 {
		lensed.Journeys[0].Touchpoints[0].Impact, lensed.Journeys[0].Touchpoints[0].Effort = 4, 2
	}
	withLenses, err := os.ReadFile(writeGood(f, lensed, f.TempDir(), "lenses.cjm"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(withLenses)
	f.Add([]byte("SQLite format 3\x00 and then nothing useful"))
	f.Add(genPNG(f, 4, 4, false))
	f.Add(append(append([]byte(nil), good[:headerSize]...), make([]byte, 4096-headerSize)...))

	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "fuzz.cjm")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		// No time budget: a hang is caught by go test's -timeout, which a
		// busy machine does not trip by being slow.
		opt := Options{DataDir: filepath.Join(dir, "data")}
		doc, err := Open(ctx, path, opt)
		if err != nil {
			if msg := err.Error(); !strings.HasPrefix(msg, "fuzz.cjm: ") || strings.ContainsAny(msg, "\r\n") {
				t.Fatalf("unclear error %q", msg)
			}
			if left := workingFiles(t, opt); len(left) != 0 {
				t.Fatalf("working copy left behind: %v", left)
			}
			return
		}
		defer doc.Close()
		if err := doc.Project().Validate(); err != nil {
			t.Fatalf("opened an invalid project: %v", err)
		}
	})
}
