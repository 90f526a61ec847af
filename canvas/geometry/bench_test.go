package geometry_test

import (
	"testing"

	"waymark/canvas/geometry"
)

// BenchmarkLayout2000 is the board's case: one layouter laying the same
// 20 × 10 journey of 2,000 touchpoints out again after each edit, its text
// wraps cached. Target: at most 2 ms a layout.
func BenchmarkLayout2000(b *testing.B) {
	p, j := bigProject(1, bigDefault)
	lo := geometry.NewLayouter(geometry.DefaultStyle, metrics(b))
	lo.Layout(p, j) // warm the wrap cache
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		lo.Layout(p, j)
	}
}

// BenchmarkLayout2000Edit is the warm case with a real edit each time: one
// card's title changes, so one wrap is computed afresh.
func BenchmarkLayout2000Edit(b *testing.B) {
	p, j := bigProject(1, bigDefault)
	lo := geometry.NewLayouter(geometry.DefaultStyle, metrics(b))
	lo.Layout(p, j)
	titles := [2]string{j.Touchpoints[0].Title, j.Touchpoints[0].Title + " (edited)"}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		i++
		j.Touchpoints[0].Title = titles[i%2]
		lo.Layout(p, j)
	}
}

// BenchmarkLayout2000Cold is opening a journey: a new layouter each time, so
// every title is wrapped.
func BenchmarkLayout2000Cold(b *testing.B) {
	p, j := bigProject(1, bigDefault)
	m := metrics(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		geometry.NewLayouter(geometry.DefaultStyle, m).Layout(p, j)
	}
}
