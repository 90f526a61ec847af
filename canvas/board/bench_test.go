package board

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"waymark/model"
)

// BenchmarkDragStep is one pointer event of a card drag: hit test, preview,
// repaint of what moves. The figure and its allocations must not grow with
// the board.
func BenchmarkDragStep(b *testing.B) {
	for _, n := range []int{200, 2000} {
		b.Run(fmt.Sprintf("cards=%d", n), func(b *testing.B) {
			bd, _ := newTestBoard(b, bigProject(n))
			card := bd.Layout().Cards[0]
			from := centre(bd, card.Rect)
			pressAt(bd, from, 0)
			step := float32(3)
			bd.Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DX: 10, DY: 10}})
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				step = -step
				bd.Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DX: step, DY: step}})
			}
			b.StopTimer()
			bd.CancelDrag()
			bd.DragEnd()
		})
	}
}

// BenchmarkOpenBoard creates a 2,000-card board in a 1440×900 window and
// paints it for the first time.
func BenchmarkOpenBoard(b *testing.B) {
	p := bigProject(2000)
	test.NewTempApp(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h := model.NewHistory(p, nil)
		bd := New(h, p.Journeys[0].ID, testMetrics)
		w := test.NewWindow(bd)
		w.Resize(fyne.NewSize(1440, 900))
		w.Canvas().Refresh(bd)
		w.Close()
	}
}

// BenchmarkCapture paints a whole 1440×900 frame of a 200- and a 2,000-card
// board. Only the cards in view are in the tree, so the two cost about the
// same.
func BenchmarkCapture(b *testing.B) {
	for _, n := range []int{200, 2000} {
		b.Run(fmt.Sprintf("cards=%d", n), func(b *testing.B) {
			_, w := newTestBoard(b, bigProject(n))
			w.Canvas().Capture()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				w.Canvas().Capture()
			}
		})
	}
}
