package publish

import (
	"strings"
	"testing"

	"waymark/assets"
	"waymark/canvas/poster"
	"waymark/model"
)

func TestFindLens(t *testing.T) {
	j := &model.Journey{Title: "Onboarding"}
	if _, err := FindLens(j, "Mobile"); err == nil || err.Error() != `--lens "Mobile": journey "Onboarding" has no saved lens` {
		t.Errorf("no lenses: %v", err)
	}
	j.Lenses = []*model.Lens{{Name: "Mobile app only", Channels: []string{"App"}}, {Name: "Backstage owners", Owners: []string{"IT"}}}
	if l, err := FindLens(j, "  MOBILE app ONLY "); err != nil || l != j.Lenses[0] {
		t.Errorf("by name ignoring case: %v, %v", l, err)
	}
	_, err := FindLens(j, "Web")
	if err == nil || err.Error() != `--lens "Web" is not a saved lens of journey "Onboarding"; it has "Mobile app only", "Backstage owners"` {
		t.Errorf("unknown: %v", err)
	}
}

func TestFindPersona(t *testing.T) {
	p := &model.Project{Personas: []*model.Persona{{ID: "z1", Name: "Zoë Müller"}, {ID: "g1", Name: "Graham"},
		{ID: "a1", Name: "Ana"}, {ID: "a2", Name: "Aná"}, {ID: "o1", Name: "Outsider"}}}
	j := &model.Journey{Title: "Onboarding", PersonaIDs: []model.ID{"z1", "g1", "a1", "a2"}}
	for name, want := range map[string]model.ID{"Zoë Müller": "z1", "zoe muller": "z1", " ZOË MÜLLER ": "z1", "g1": "g1",
		"Ana": "a1", "Aná": "a2", "a2": "a2"} {
		if x, err := FindPersona(p, j, name); err != nil || x.ID != want {
			t.Errorf("%q: %v, %v; want %s", name, x, err, want)
		}
	}
	for name, says := range map[string]string{
		"ana ":     `--persona "ana " names 2 personas of journey "Onboarding"; give one's ID: a1, a2`,
		"Outsider": `--persona "Outsider" is not a persona of journey "Onboarding"; it has "Zoë Müller", "Graham", "Ana", "Aná"`,
		"o1":       `--persona "o1" is not a persona of journey "Onboarding"`,
	} {
		if _, err := FindPersona(p, j, name); err == nil || !strings.HasPrefix(err.Error(), says) {
			t.Errorf("%q: %v; want %q", name, err, says)
		}
	}
	if _, err := FindPersona(p, &model.Journey{Title: "Empty"}, "Ana"); err == nil || err.Error() != `--persona "Ana": journey "Empty" is drawn for no persona` {
		t.Errorf("no cast: %v", err)
	}
}

// TestPosterDocLens: the poster's layout is made through the lens, and
// without one is the board's layout.
func TestPosterDocLens(t *testing.T) {
	pt, err := Painter()
	if err != nil {
		t.Fatal(err)
	}
	p := assets.Sample()
	j := p.Journeys[0]
	plain := PosterDoc(pt, p, j, poster.DefaultOptions(), nil)
	if plain.Layout.Lens != nil || plain.Layout.LensShown != len(plain.Layout.Cards) {
		t.Errorf("without a lens: %+v, %d of %d", plain.Layout.Lens, plain.Layout.LensShown, len(plain.Layout.Cards))
	}
	lens := &model.Lens{Channels: []string{"web"}, Hide: true}
	d := PosterDoc(pt, p, j, poster.DefaultOptions(), lens)
	if d.Layout.Lens == nil || !d.Layout.Lens.SameView(lens) || len(d.Layout.Cards) != d.Layout.LensShown ||
		d.Layout.LensShown == 0 || d.Layout.LensTotal != len(plain.Layout.Cards) {
		t.Errorf("through %+v: %+v, %d cards, %d of %d", lens, d.Layout.Lens, len(d.Layout.Cards), d.Layout.LensShown, d.Layout.LensTotal)
	}
	for _, c := range d.Layout.Cards {
		if tp := j.Touchpoint(c.ID); !strings.EqualFold(tp.Channel, "web") {
			t.Errorf("card %q of channel %q printed through a web lens", tp.Title, tp.Channel)
		}
	}
}
