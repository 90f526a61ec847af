package model

import (
	"fmt"
	"math"
)

// Scale is the range of emotion scores a project uses. Each project picks one
// of the presets; scores are whole steps inside it.
type Scale struct {
	Min int
	Max int
}

// The emotion scale presets. The first is the default.
var (
	ScaleBipolar2  = Scale{-2, 2}
	ScaleFive      = Scale{1, 5}
	ScaleBipolar5  = Scale{-5, 5}
	ScaleTen       = Scale{1, 10}
	ScalePresets   = []Scale{ScaleBipolar2, ScaleFive, ScaleBipolar5, ScaleTen}
	DefaultScale   = ScaleBipolar2
	errScaleFormat = "emotion scale %q is not one of -2..+2, 1..5, -5..+5, 1..10"
)

// String is the scale as a person writes it: "-2..+2", "1..5".
func (s Scale) String() string {
	if s.Min < 0 {
		return fmt.Sprintf("%d..+%d", s.Min, s.Max)
	}
	return fmt.Sprintf("%d..%d", s.Min, s.Max)
}

// ParseScale reads a scale written as String writes it. Only presets parse.
func ParseScale(text string) (Scale, error) {
	for _, s := range ScalePresets {
		if s.String() == text {
			return s, nil
		}
	}
	return Scale{}, fmt.Errorf(errScaleFormat, text)
}

// IsPreset reports whether s is one of ScalePresets.
func (s Scale) IsPreset() bool {
	for _, p := range ScalePresets {
		if p == s {
			return true
		}
	}
	return false
}

// Contains reports whether a score lies on the scale.
func (s Scale) Contains(score int) bool { return score >= s.Min && score <= s.Max }

// Neutral is the score between bad and good: 0 on bipolar scales, the middle
// (possibly fractional) otherwise. The emotion curve tints above and below it.
func (s Scale) Neutral() float64 { return float64(s.Min+s.Max) / 2 }

// Steps is the number of distinct scores.
func (s Scale) Steps() int { return s.Max - s.Min + 1 }

// Convert maps a score from s onto another scale linearly, end to end, rounding
// to the nearest step (halves away from zero), so that -2..+2 → 1..5 maps -2→1,
// 0→3, +2→5.
func (s Scale) Convert(score int, to Scale) int {
	if s == to {
		return score
	}
	f := float64(score-s.Min) / float64(s.Max-s.Min)
	v := int(math.Round(float64(to.Min) + f*float64(to.Max-to.Min)))
	if v < to.Min {
		v = to.Min
	}
	if v > to.Max {
		v = to.Max
	}
	return v
}

// ConvertExact reports whether Convert loses nothing for this score.
func (s Scale) ConvertExact(score int, to Scale) bool {
	f := float64(score-s.Min) / float64(s.Max-s.Min)
	v := float64(to.Min) + f*float64(to.Max-to.Min)
	return v == math.Round(v)
}

// Snap rounds a continuous value (a curve point dragged on screen) to the
// nearest step of the scale.
func (s Scale) Snap(v float64) int {
	// Clamp before converting: int() of an infinite or huge float is
	// undefined (on amd64 it is the most negative int, so +Inf snapped to
	// the bottom of the scale).
	if math.IsNaN(v) {
		v = s.Neutral()
	}
	v = math.Max(float64(s.Min), math.Min(float64(s.Max), v))
	return int(math.Round(v))
}
