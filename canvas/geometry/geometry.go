// Package geometry computes where everything of a journey map goes: every
// header, cell, card, wrapped line of text and emotion-curve point. It is the
// one layout of Waymark. The board paints it on screen and the poster paints
// it on paper, so the two cannot disagree. It knows nothing of Fyne or PDF:
// units are board units (device-independent pixels at 100% zoom), and text is
// measured through Metrics.
package geometry

import (
	"iter"
	"waymark/model"
)

// Point is a position in board units.
type Point struct{ X, Y float32 }

// Rect is an axis-aligned box in board units.
type Rect struct{ X, Y, W, H float32 }

// Contains reports whether p lies inside r (edges included).
func (r Rect) Contains(p Point) bool {
	return p.X >= r.X && p.X <= r.X+r.W && p.Y >= r.Y && p.Y <= r.Y+r.H
}

// Inside reports whether r lies wholly within o.
func (r Rect) Inside(o Rect) bool {
	const eps = 0.01
	return r.X >= o.X-eps && r.Y >= o.Y-eps && r.X+r.W <= o.X+o.W+eps && r.Y+r.H <= o.Y+o.H+eps
}

// Overlaps reports whether r and o share any area.
func (r Rect) Overlaps(o Rect) bool {
	return r.X < o.X+o.W && o.X < r.X+r.W && r.Y < o.Y+o.H && o.Y < r.Y+r.H
}

// Intersects is Overlaps that counts touching edges, for viewport culling.
func (r Rect) Intersects(o Rect) bool {
	return r.X <= o.X+o.W && o.X <= r.X+r.W && r.Y <= o.Y+o.H && o.Y <= r.Y+r.H
}

// Text is one line of text placed on the map: its top-left corner, size and
// face. Painters draw it as is, without wrapping again.
type Text struct {
	Text string
	X, Y float32 // top-left of the line box
	Size float32
	Bold bool
}

// Style holds the dimensions of a map. DefaultStyle is what the board and the
// poster use; tests may shrink it.
type Style struct {
	StageWidth        float32
	LaneHeaderWidth   float32
	StageHeaderHeight float32
	CellPadding       float32
	CardGap           float32
	CardPadding       float32
	MinCellHeight     float32
	EmotionBandHeight float32
	TitleSize         float32
	MetaSize          float32
	HeaderSize        float32
	SmallSize         float32
	LineSpacing       float32 // line height as a multiple of the size
	TitleMaxLines     int
	HeaderMaxLines    int
	MetaHeight        float32
	BadgeSize         float32
}

// DefaultStyle is the house look of a journey map.
var DefaultStyle = Style{
	StageWidth:        232,
	LaneHeaderWidth:   176,
	StageHeaderHeight: 64,
	CellPadding:       8,
	CardGap:           8,
	CardPadding:       10,
	MinCellHeight:     64,
	EmotionBandHeight: 176,
	TitleSize:         13,
	MetaSize:          10,
	HeaderSize:        15,
	SmallSize:         11,
	LineSpacing:       1.35,
	TitleMaxLines:     3,
	HeaderMaxLines:    2,
	MetaHeight:        18,
	BadgeSize:         18,
}

// LineHeight is the height of one line of text at size.
func (s Style) LineHeight(size float32) float32 { return size * s.LineSpacing }

// StageBox is a column: its header (frozen at the top of the board) and the
// column below it.
type StageBox struct {
	ID     model.ID
	Index  int // among the stages shown (a lens with Hide may leave some out)
	Header Rect
	Column Rect
	Name   []Text
	Desc   []Text
	Color  string
}

// LaneBox is a row: its header (frozen at the left) and the row beside it.
type LaneBox struct {
	ID     model.ID
	Index  int // among visible lanes (less those a lens with Hide left out)
	Kind   model.LaneKind
	Header Rect
	Row    Rect
	Name   []Text
	Kind2  []Text // the lane kind label under the name
}

// CellBox is one stage × lane cell.
type CellBox struct {
	Stage, Lane model.ID
	Rect        Rect
	// Slots are the y positions where a dropped card would go: Slots[i] is
	// the gap before card i; the last is after the last card.
	Slots []float32
}

// CardBox is a touchpoint card with everything drawn on it.
type CardBox struct {
	ID     model.ID
	Stage  model.ID
	Lane   model.ID
	Order  int
	Rect   Rect
	Title  []Text
	Accent string // #rrggbb of the card's strip: its own colour or its stage's
	// Image is the card's picture strip, above the title; zero without a
	// picture. The painters fill it with the picture, cropped to cover it.
	Image   Rect
	ImageID model.ID

	Channel     string
	ChannelChip Rect // zero when there is no channel
	ChannelText Text
	Badges      []Badge // one emotion badge per scored persona of the journey
	Markers     []Marker
	Confidence  model.Confidence
	ConfRect    Rect // three dots for assumption/anecdotal/validated
	// Dimmed is a card the lens leaves out, shown faded on the board and
	// as a blank outline on paper. It is laid out in full, but gives the
	// emotion curves no point.
	Dimmed bool
}

// Badge is one persona's score on a card.
type Badge struct {
	Persona model.ID
	Slot    int // persona index in the journey, for its colour
	Score   int
	Rect    Rect
	Label   Text
}

// MarkerKind is a flag drawn on a card.
type MarkerKind int

// The card flags.
const (
	PainPoint MarkerKind = iota
	Opportunity
	MomentOfTruth
)

// Marker is one flag's icon box on a card.
type Marker struct {
	Kind MarkerKind
	Rect Rect
}

// Layout is a whole journey laid out. Index slices are in display order.
type Layout struct {
	Style  Style
	Size   Rect // the whole map, origin at 0,0
	Corner Rect // top-left box above the lane headers, left of the stage headers
	Title  []Text
	Stages []StageBox
	Lanes  []LaneBox
	Cells  []CellBox // stage-major: Cells[s*len(Lanes)+l]
	Cards  []CardBox
	// Emotion is the curve band, nil when the journey has no visible
	// emotions lane.
	Emotion *EmotionBand
	// Behaviour is the behaviour lane's figures, nil when the journey has
	// no visible behaviour lane or no figures.
	Behaviour *BehaviourBand
	// Lens is a copy of the lens the layout was made through, nil when it
	// was made without one or with one that narrows nothing; the painters
	// and the app say what it shows with Lens.Describe.
	Lens *model.Lens
	// LensShown is how many cards the lens shows, of LensTotal, the cards
	// the map has without it (those of visible lanes): "12 of 40 cards".
	// Without a lens that leaves cards out, both are len(Cards); in dim
	// mode LensTotal is len(Cards), with Hide LensShown is.
	LensShown, LensTotal int
	// CollapsedStages and CollapsedLanes count the stages and lanes left
	// out because the lens (with Hide) emptied them.
	CollapsedStages, CollapsedLanes int
	cardAt                          map[model.ID]int
}

// Texts yields every line of text the layout places: titles, headers,
// card titles, channel chips, score badges, the curve band's labels and the
// behaviour lane's figures; not the words of a card a lens dims, which
// prints blank. The painters survey them (the smallest size,
// the glyphs a font must have) without walking the layout's parts each on
// their own.
func (l *Layout) Texts() iter.Seq[*Text] {
	return func(yield func(*Text) bool) {
		all := func(ts []Text) bool {
			for i := range ts {
				if !yield(&ts[i]) {
					return false
				}
			}
			return true
		}
		if !all(l.Title) {
			return
		}
		for i := range l.Stages {
			if !all(l.Stages[i].Name) || !all(l.Stages[i].Desc) {
				return
			}
		}
		for i := range l.Lanes {
			if !all(l.Lanes[i].Name) || !all(l.Lanes[i].Kind2) {
				return
			}
		}
		for i := range l.Cards {
			c := &l.Cards[i]
			if c.Dimmed {
				continue // printed blank: a lens leaves it out
			}
			if !all(c.Title) || (c.ChannelChip.W > 0 && !yield(&c.ChannelText)) {
				return
			}
			for k := range c.Badges {
				if !yield(&c.Badges[k].Label) {
					return
				}
			}
		}
		if e := l.Emotion; e != nil {
			for _, tk := range e.Ticks {
				if tk.Label != nil && !yield(tk.Label) {
					return
				}
			}
			for k := range e.Legend {
				if !yield(&e.Legend[k].Name) {
					return
				}
			}
			if c := e.Conversion; c != nil && (!all(c.Axis) || !yield(&c.Name)) {
				return
			}
		}
		if b := l.Behaviour; b != nil {
			if !all(b.Header) {
				return
			}
			for i := range b.Stages {
				s := &b.Stages[i]
				for k := range s.Lines {
					if !yield(&s.Lines[k].Text) {
						return
					}
				}
				if s.Marker.W > 0 && !yield(&s.MarkerGlyph) {
					return
				}
			}
			for i := range b.Leaks {
				if !yield(&b.Leaks[i].Label) {
					return
				}
			}
		}
	}
}

// Cell returns the cell of stage index s and lane index l.
func (l *Layout) Cell(s, lane int) *CellBox { return &l.Cells[s*len(l.Lanes)+lane] }

// Card returns the card box of a touchpoint, or nil when it is not drawn
// (its lane is hidden, or a lens with Hide leaves it out).
func (l *Layout) Card(id model.ID) *CardBox {
	if i, ok := l.cardAt[id]; ok {
		return &l.Cards[i]
	}
	return nil
}
