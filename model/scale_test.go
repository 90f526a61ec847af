package model

import (
	"math"
	"strings"
	"testing"
)

func TestScaleStringAndParse(t *testing.T) {
	want := map[Scale]string{ScaleBipolar2: "-2..+2", ScaleFive: "1..5", ScaleBipolar5: "-5..+5", ScaleTen: "1..10"}
	if len(ScalePresets) != len(want) || DefaultScale != ScaleBipolar2 {
		t.Fatalf("presets %v, default %v", ScalePresets, DefaultScale)
	}
	for _, s := range ScalePresets {
		if s.String() != want[s] {
			t.Errorf("%#v.String() = %q, want %q", s, s.String(), want[s])
		}
		got, err := ParseScale(want[s])
		if err != nil || got != s {
			t.Errorf("ParseScale(%q) = %v, %v", want[s], got, err)
		}
		if !s.IsPreset() {
			t.Errorf("%s is not a preset", s)
		}
	}
	for _, bad := range []string{"", "-2..2", "0..10", "1..5 ", "1-5", "+1..5", "-2..+2\n"} {
		s, err := ParseScale(bad)
		if err == nil {
			t.Errorf("ParseScale(%q) = %v", bad, s)
		} else if !strings.Contains(err.Error(), "-2..+2, 1..5, -5..+5, 1..10") {
			t.Errorf("error %q does not list the presets", err)
		}
	}
	if (Scale{0, 10}).IsPreset() || (Scale{}).IsPreset() {
		t.Error("a non-preset is a preset")
	}
}

func TestScaleNeutralStepsContains(t *testing.T) {
	tests := []struct {
		s       Scale
		neutral float64
		steps   int
	}{{ScaleBipolar2, 0, 5}, {ScaleFive, 3, 5}, {ScaleBipolar5, 0, 11}, {ScaleTen, 5.5, 10}}
	for _, tc := range tests {
		if tc.s.Neutral() != tc.neutral || tc.s.Steps() != tc.steps {
			t.Errorf("%s: neutral %v steps %d, want %v %d", tc.s, tc.s.Neutral(), tc.s.Steps(), tc.neutral, tc.steps)
		}
		if !tc.s.Contains(tc.s.Min) || !tc.s.Contains(tc.s.Max) || tc.s.Contains(tc.s.Min-1) || tc.s.Contains(tc.s.Max+1) {
			t.Errorf("%s: Contains wrong at the ends", tc.s)
		}
	}
}

func TestScaleConvertTable(t *testing.T) {
	tests := []struct {
		from, to Scale
		in, want []int
	}{
		{ScaleBipolar2, ScaleFive, []int{-2, -1, 0, 1, 2}, []int{1, 2, 3, 4, 5}},
		{ScaleFive, ScaleBipolar2, []int{1, 2, 3, 4, 5}, []int{-2, -1, 0, 1, 2}},
		{ScaleBipolar2, ScaleTen, []int{-2, -1, 0, 1, 2}, []int{1, 3, 6, 8, 10}}, // 3.25, 5.5, 7.75
		{ScaleTen, ScaleBipolar2, []int{1, 2, 3, 5, 6, 10}, []int{-2, -2, -1, 0, 0, 2}},
		{ScaleBipolar2, ScaleBipolar5, []int{-2, -1, 0, 1, 2}, []int{-5, -3, 0, 3, 5}}, // ±2.5 away from zero
		{ScaleBipolar5, ScaleFive, []int{-5, 0, 5, -3, 3}, []int{1, 3, 5, 2, 4}},       // 1.8, 4.2
		{ScaleTen, ScaleFive, []int{1, 10, 5, 6}, []int{1, 5, 3, 3}},                   // 2.78, 3.22
	}
	for _, tc := range tests {
		for i, in := range tc.in {
			if got := tc.from.Convert(in, tc.to); got != tc.want[i] {
				t.Errorf("%s → %s: %d became %d, want %d", tc.from, tc.to, in, got, tc.want[i])
			}
		}
	}
	// Scores off the scale are clamped.
	if got := ScaleBipolar2.Convert(7, ScaleFive); got != 5 {
		t.Errorf("7 on -2..+2 → 1..5 = %d", got)
	}
	if got := ScaleBipolar2.Convert(-9, ScaleTen); got != 1 {
		t.Errorf("-9 on -2..+2 → 1..10 = %d", got)
	}
}

func TestScaleConvertAllPairs(t *testing.T) {
	for _, from := range ScalePresets {
		for _, to := range ScalePresets {
			prev := math.MinInt
			for s := from.Min; s <= from.Max; s++ {
				got := from.Convert(s, to)
				if !to.Contains(got) {
					t.Fatalf("%s → %s: %d became %d, off the scale", from, to, s, got)
				}
				if got < prev {
					t.Fatalf("%s → %s not monotonic at %d", from, to, s)
				}
				prev = got
				exact := from.ConvertExact(s, to)
				if from == to && (got != s || !exact) {
					t.Fatalf("%s → itself: %d became %d (exact %v)", from, s, got, exact)
				}
				// Exact conversions come back unchanged.
				if exact && to.Convert(got, from) != s {
					t.Fatalf("%s → %s: %d is called exact but comes back as %d", from, to, s, to.Convert(got, from))
				}
				// Exact means the linear image is a whole step.
				num := (s - from.Min) * (to.Max - to.Min)
				den := from.Max - from.Min
				if want := num%den == 0; exact != want {
					t.Fatalf("%s → %s: ConvertExact(%d) = %v, want %v", from, to, s, exact, want)
				}
			}
			if from.Convert(from.Min, to) != to.Min || from.Convert(from.Max, to) != to.Max {
				t.Fatalf("%s → %s: ends do not map to ends", from, to)
			}
		}
	}
	if ScaleBipolar2.ConvertExact(0, ScaleTen) || !ScaleBipolar2.ConvertExact(0, ScaleFive) {
		t.Fatal("ConvertExact for 0 on -2..+2 is wrong")
	}
}

func TestScaleSnap(t *testing.T) {
	tests := []struct {
		s    Scale
		v    float64
		want int
	}{
		{ScaleBipolar2, 0.4, 0}, {ScaleBipolar2, 0.5, 1}, {ScaleBipolar2, -0.5, -1}, {ScaleBipolar2, -1.49, -1},
		{ScaleBipolar2, -2.6, -2}, {ScaleBipolar2, 99, 2}, {ScaleFive, 0, 1}, {ScaleFive, 7.2, 5},
		{ScaleTen, 5.5, 6}, {ScaleTen, 5.49, 5}, {ScaleBipolar5, -4.5, -5},
		{ScaleFive, math.Inf(1), 5}, {ScaleFive, math.Inf(-1), 1},
	}
	for _, tc := range tests {
		if got := tc.s.Snap(tc.v); got != tc.want {
			t.Errorf("%s.Snap(%v) = %d, want %d", tc.s, tc.v, got, tc.want)
		}
	}
	if got := ScaleFive.Snap(math.NaN()); !ScaleFive.Contains(got) {
		t.Errorf("Snap(NaN) = %d, off the scale", got)
	}
}
