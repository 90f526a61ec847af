package geometry

import (
	"hash/fnv"
	"image/color"
	"strconv"
	"strings"
)

// Palette is the map's colours. Both painters take colours from here, so a
// channel chip or a persona's curve is the same colour on screen and paper.
type Palette struct {
	Background, Grid, HeaderFill, HeaderText, Text, MutedText color.NRGBA
	CardFill, CardBorder, Selection, DropIndicator            color.NRGBA
	Positive, Negative, Neutral                               color.NRGBA
	PainPoint, Opportunity, MomentOfTruth                     color.NRGBA
	// Reach fills the behaviour lane's reach bars; Flow (translucent) its
	// leak bands. The persons lost are in PainPoint.
	Reach, Flow color.NRGBA
	Personas    []color.NRGBA
	Channels    []color.NRGBA
}

// Light is the palette of the light theme and of posters.
var Light = Palette{
	Background:    rgb(0xf7f7f5),
	Grid:          rgb(0xdddbd6),
	HeaderFill:    rgb(0xecebe7),
	HeaderText:    rgb(0x22252b),
	Text:          rgb(0x22252b),
	MutedText:     rgb(0x6b6f78),
	CardFill:      rgb(0xffffff),
	CardBorder:    rgb(0xcfccc5),
	Selection:     rgb(0x1f6feb),
	DropIndicator: rgb(0x1f6feb),
	Positive:      color.NRGBA{0x2e, 0xa0, 0x43, 0x22},
	Negative:      color.NRGBA{0xd1, 0x24, 0x2f, 0x1c},
	Neutral:       rgb(0x9a9892),
	PainPoint:     rgb(0xd1242f),
	Opportunity:   rgb(0x2e9e43),
	MomentOfTruth: rgb(0x8250df),
	Reach:         rgb(0x3a6db5),
	Flow:          color.NRGBA{0x3a, 0x6d, 0xb5, 0x38},
	// Okabe and Ito's colours for colour-blind readers, darkened where the
	// light paper would wash them out (each at least 3:1 against
	// Background); every two stay CIEDE2000 ΔE ≥ 12 apart with normal
	// vision, protanopia and deuteranopia (see the palette test).
	Personas: []color.NRGBA{rgb(0x0072b2), rgb(0xaa4b00), rgb(0x009e73), rgb(0x935778), rgb(0xb87f00), rgb(0x4897c4),
		rgb(0x333333)},
	Channels: []color.NRGBA{rgb(0xdbeafe), rgb(0xfde2c7), rgb(0xe4d9fb), rgb(0xd2f2e3), rgb(0xfbd5e8),
		rgb(0xfdf3b5), rgb(0xd6eef8), rgb(0xe8e3d9)},
}

// Dark is the palette of the dark theme.
var Dark = Palette{
	Background:    rgb(0x16181d),
	Grid:          rgb(0x30343c),
	HeaderFill:    rgb(0x20232a),
	HeaderText:    rgb(0xe8e9ec),
	Text:          rgb(0xe8e9ec),
	MutedText:     rgb(0x9aa0aa),
	CardFill:      rgb(0x262a32),
	CardBorder:    rgb(0x3a3f49),
	Selection:     rgb(0x58a6ff),
	DropIndicator: rgb(0x58a6ff),
	Positive:      color.NRGBA{0x3f, 0xb9, 0x50, 0x26},
	Negative:      color.NRGBA{0xf8, 0x51, 0x49, 0x22},
	Neutral:       rgb(0x6e7681),
	PainPoint:     rgb(0xf85149),
	Opportunity:   rgb(0x3fb950),
	MomentOfTruth: rgb(0xbc8cff),
	Reach:         rgb(0x5b8fd6),
	Flow:          color.NRGBA{0x5b, 0x8f, 0xd6, 0x40},
	// Okabe and Ito's colours as they are (the yellow a touch paler, the
	// light grey in place of black), each at least 3:1 against Background
	// and ΔE ≥ 12 from every other for all three kinds of vision.
	Personas: []color.NRGBA{rgb(0x56b4e9), rgb(0xe69f00), rgb(0x009e73), rgb(0xcc79a7), rgb(0xf1e651), rgb(0x0072b2),
		rgb(0xe0e0e0)},
	Channels: []color.NRGBA{rgb(0x1d3b66), rgb(0x5a3512), rgb(0x3b2a66), rgb(0x1d4d38), rgb(0x5c2341),
		rgb(0x55491a), rgb(0x1b4656), rgb(0x45403a)},
}

func rgb(v uint32) color.NRGBA {
	return color.NRGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
}

// PersonaColor is the colour of the persona in journey slot i.
func (p Palette) PersonaColor(slot int) color.NRGBA { return p.Personas[slot%len(p.Personas)] }

// wellKnownChannels keeps the common channels on fixed, distinct colours.
var wellKnownChannels = map[string]int{
	"web": 0, "website": 0, "email": 1, "e-mail": 1, "mobile app": 2, "app": 2, "phone": 3,
	"call": 3, "branch": 4, "store": 4, "in person": 4, "chat": 5, "social": 6, "letter": 7, "post": 7,
}

// ChannelColor is the chip colour of a channel: fixed for the common ones,
// stable by name for the rest.
func (p Palette) ChannelColor(channel string) color.NRGBA {
	key := strings.ToLower(strings.TrimSpace(channel))
	if i, ok := wellKnownChannels[key]; ok {
		return p.Channels[i]
	}
	h := fnv.New32a()
	h.Write([]byte(key))
	return p.Channels[int(h.Sum32()%uint32(len(p.Channels)))]
}

// ParseColor reads "#rrggbb"; ok is false for anything else (then the
// painter uses its default).
func ParseColor(s string) (color.NRGBA, bool) {
	if len(s) != 7 || s[0] != '#' {
		return color.NRGBA{}, false
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return color.NRGBA{}, false
	}
	return rgb(uint32(v)), true
}

// MarkerStyle is how a card's flag marker is filled and the glyph drawn
// on it ("!", "+", none for a moment of truth), the same on screen and on
// paper.
func MarkerStyle(p Palette, k MarkerKind) (fill color.NRGBA, glyph string) {
	switch k {
	case Opportunity:
		return p.Opportunity, "+"
	case MomentOfTruth:
		return p.MomentOfTruth, ""
	}
	return p.PainPoint, "!"
}

// ToneColor is the colour of a behaviour figure's line and arrow.
func ToneColor(p Palette, t Tone) color.NRGBA {
	switch t {
	case ToneMuted:
		return p.MutedText
	case ToneGood:
		return p.Opportunity
	case ToneBad:
		return p.PainPoint
	}
	return p.Text
}

// ReachColor fills the reach bars of a view of the behaviour lane: Reach
// for the first, the second persona's colour for a second segment value
// shown beside it.
func ReachColor(p Palette, view int) color.NRGBA {
	if view == 0 || len(p.Personas) < 2 {
		return p.Reach
	}
	return p.Personas[1]
}

// FlowColor fills the leak bands of a view: ReachColor, translucent as
// Flow is.
func FlowColor(p Palette, view int) color.NRGBA {
	if view == 0 {
		return p.Flow
	}
	c := ReachColor(p, view)
	c.A = p.Flow.A
	return c
}

// LeakColor is the colour of the persons a leak band loses: a tint of the
// pain-point colour, strong for the largest leak.
func LeakColor(p Palette, largest bool) color.NRGBA {
	c := p.PainPoint
	if largest {
		c.A = 0xd0
	} else {
		c.A = 0x50
	}
	return c
}

// MixColor is the colour of a part of a channel-mix bar: the channel's
// chip colour, the grid's for the other channels together.
func MixColor(p Palette, m ChannelRect) color.NRGBA {
	if m.Other {
		return p.Grid
	}
	return p.ChannelColor(m.Channel)
}
