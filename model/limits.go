package model

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
)
