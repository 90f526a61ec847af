package app

import "fyne.io/fyne/v2"

// onUI runs f on the UI goroutine. It is the one bridge where the app's
// goroutines (exports, imports, saves, comparisons, the import wizard)
// meet the UI: tests replace uiDo, since the test driver's fyne.Do runs f
// on the goroutine that calls it, beside the test's own UI work.
func onUI(f func()) { uiDo(f) }

var uiDo = fyne.Do
