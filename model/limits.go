package model

import (
	"errors"
	"fmt"
)

// Limits on what a project may hold. They are far above any real journey
// map; they exist so that a hostile file or import cannot make Waymark
// allocate or draw without bound. The .cjm reader, the writer, Validate and
// the importers all use these numbers, so that what one accepts the others
// accept too.
const (
	MaxIDBytes   = 256      // bytes of an ID
	MaxCodeBytes = 64       // bytes of a kind, colour, MIME type, confidence or digest
	MaxNameBytes = 64 << 10 // bytes of a name or title (and a channel, owner)
	MaxTextBytes = 4 << 20  // bytes of notes, descriptions and other free text

	// MaxCellsPerJourney caps stages × lanes of one journey: every cell is
	// laid out and drawn, so a few MB of stages and lanes must not become
	// gigabytes of layout.
	MaxCellsPerJourney = 250_000

	// MaxScoresPerJourney caps the emotion scores on one journey's cards:
	// each is a badge and a point of a curve, some 250 bytes of layout, so
	// the ten million a file's rows may hold would be gigabytes.
	MaxScoresPerJourney = 1_000_000

	// MaxLensesPerJourney caps a journey's saved lenses: each is an entry
	// of a menu.
	MaxLensesPerJourney = 1_000

	// MaxPriority is the top of the impact and effort ratings (1..5).
	MaxPriority = 5
)

// How many of each a project may hold, over all its journeys: the rows a
// .cjm may have. Validate refuses more, and the commands that add refuse to
// go over, so that what can be edited can always be saved.
const (
	MaxImages          = 10_000
	MaxPersonas        = 10_000
	MaxJourneys        = 10_000
	MaxJourneyPersonas = 1_000_000 // personas attached to journeys
	MaxStages          = 100_000
	MaxLanes           = 100_000
	MaxTouchpoints     = 1_000_000
	MaxScores          = 10_000_000
	MaxLenses          = 100_000 // saved lenses over all journeys
)

// Counts is how many of each a project holds.
type Counts struct {
	Images, Personas, Journeys, JourneyPersonas, Stages, Lanes, Touchpoints, Scores, Lenses int64
}

// Count counts what p holds.
func (p *Project) Count() Counts {
	n := Counts{Images: int64(len(p.Images)), Personas: int64(len(p.Personas)), Journeys: int64(len(p.Journeys))}
	for _, j := range p.Journeys {
		n.Add(journeyCounts(j))
	}
	return n
}

// journeyCounts counts what j holds.
func journeyCounts(j *Journey) Counts {
	n := Counts{Journeys: 1, JourneyPersonas: int64(len(j.PersonaIDs)), Stages: int64(len(j.Stages)),
		Lanes: int64(len(j.Lanes)), Touchpoints: int64(len(j.Touchpoints)), Lenses: int64(len(j.Lenses))}
	for _, t := range j.Touchpoints {
		n.Scores += int64(len(t.Emotions))
	}
	return n
}

// Add adds m to n.
func (n *Counts) Add(m Counts) {
	n.Images += m.Images
	n.Personas += m.Personas
	n.Journeys += m.Journeys
	n.JourneyPersonas += m.JourneyPersonas
	n.Stages += m.Stages
	n.Lanes += m.Lanes
	n.Touchpoints += m.Touchpoints
	n.Scores += m.Scores
	n.Lenses += m.Lenses
}

// Problem says what n holds more of than a project may ("10,001 personas,
// more than the 10,000 Waymark allows"), or "".
func (n Counts) Problem() string {
	for _, c := range []struct {
		have, most int64
		what       string
	}{
		{n.Images, MaxImages, "pictures"},
		{n.Personas, MaxPersonas, "personas"},
		{n.Journeys, MaxJourneys, "journeys"},
		{n.JourneyPersonas, MaxJourneyPersonas, "personas attached to journeys"},
		{n.Stages, MaxStages, "stages"},
		{n.Lanes, MaxLanes, "lanes"},
		{n.Touchpoints, MaxTouchpoints, "cards"},
		{n.Scores, MaxScores, "emotion scores"},
		{n.Lenses, MaxLenses, "saved lenses"},
	} {
		if c.have > c.most {
			return fmt.Sprintf("%s %s, more than the %s Waymark allows", Grouped(c.have), c.what, Grouped(c.most))
		}
	}
	return ""
}

// checkRoom refuses an edit that would give p more of something than a
// project may hold; more is what the edit adds. It counts only what more
// adds to, so that adding a persona does not walk every card.
func checkRoom(p *Project, more Counts) error {
	var n Counts
	if more.Images > 0 {
		n.Images = int64(len(p.Images)) + more.Images
	}
	if more.Personas > 0 {
		n.Personas = int64(len(p.Personas)) + more.Personas
	}
	if more.Journeys > 0 {
		n.Journeys = int64(len(p.Journeys)) + more.Journeys
	}
	if more.JourneyPersonas+more.Stages+more.Lanes+more.Touchpoints+more.Scores > 0 {
		for _, j := range p.Journeys {
			n.JourneyPersonas += int64(len(j.PersonaIDs))
			n.Stages += int64(len(j.Stages))
			n.Lanes += int64(len(j.Lanes))
			n.Touchpoints += int64(len(j.Touchpoints))
		}
		n.JourneyPersonas += more.JourneyPersonas
		n.Stages += more.Stages
		n.Lanes += more.Lanes
		n.Touchpoints += more.Touchpoints
		if more.Scores > 0 {
			n.Scores = more.Scores
			for _, j := range p.Journeys {
				for _, t := range j.Touchpoints {
					n.Scores += int64(len(t.Emotions))
				}
			}
		}
	}
	if more.Lenses > 0 {
		n.Lenses = more.Lenses
		for _, j := range p.Journeys {
			n.Lenses += int64(len(j.Lenses))
		}
	}
	if prob := n.Problem(); prob != "" {
		return errors.New("the project would hold " + prob)
	}
	return nil
}
