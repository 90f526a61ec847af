package model

import (
	"fmt"
	"testing"
)

// largeCast is a project whose one journey is drawn for 10,000 personas,
// the most a file may hold.
func largeCast() *Project {
	p := &Project{ID: NewID(), Name: "Cast", Scale: ScaleBipolar2}
	j := &Journey{ID: NewID(), Title: "Everyone"}
	for i := range 10_000 {
		x := &Persona{ID: NewID(), Name: fmt.Sprintf("Persona %d", i)}
		p.Personas = append(p.Personas, x)
		j.PersonaIDs = append(j.PersonaIDs, x.ID)
	}
	p.Journeys = []*Journey{j}
	return p
}

// A cast of 10,000 costs linear time: finding a journey's personas and
// comparing two versions of the project look each one up in a map.
func BenchmarkJourneyPersonas10k(b *testing.B) {
	p := largeCast()
	for b.Loop() {
		if n := len(p.JourneyPersonas(p.Journeys[0])); n != 10_000 {
			b.Fatalf("%d personas", n)
		}
	}
}

func BenchmarkDiffCast10k(b *testing.B) {
	p := largeCast()
	q := p.Clone()
	q.Personas = q.Personas[1:]
	for b.Loop() {
		if len(Diff(p, q)) == 0 {
			b.Fatal("no change found")
		}
	}
}
