package app

import (
	"sync"
	"testing"
	"time"
)

// uiQueue is the UI goroutine of the tests: what the app's goroutines hand
// to onUI waits here until the test goroutine runs it, in await. The test
// driver's fyne.Do would run it at once on the calling goroutine, beside
// the test's own UI work: a data race on widgets and Fyne's text caches.
type uiQueue struct {
	mu    sync.Mutex
	fs    []func()
	ready chan struct{}
}

var testUI = &uiQueue{ready: make(chan struct{}, 1)}

func (q *uiQueue) post(f func()) {
	q.mu.Lock()
	q.fs = append(q.fs, f)
	q.mu.Unlock()
	select {
	case q.ready <- struct{}{}:
	default:
	}
}

// runAll runs what has been posted, in order, and what that posts.
func (q *uiQueue) runAll() {
	for {
		q.mu.Lock()
		if len(q.fs) == 0 {
			q.mu.Unlock()
			return
		}
		f := q.fs[0]
		q.fs = q.fs[1:]
		q.mu.Unlock()
		f()
	}
}

func init() { uiDo = testUI.post }

// await receives from ch, running the UI work the app's goroutines post
// meanwhile, as the UI goroutine would. It has no time budget of its own,
// which a busy machine could miss: it waits until shortly before the test
// binary's -timeout, so that a hang fails naming what never came instead
// of as a bare goroutine dump.
func await[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	expired, stop := expiry(t)
	defer stop()
	for {
		testUI.runAll()
		select {
		case v := <-ch:
			return v
		case <-testUI.ready:
		case <-expired:
			var zero T
			t.Fatalf("%s never came before the test run's -timeout", what)
			return zero
		}
	}
}

// expiry fires shortly before the test binary's -timeout (never without
// one), so that a wait can fail naming what never came.
func expiry(t *testing.T) (<-chan time.Time, func()) {
	deadline, ok := t.Deadline()
	if !ok {
		return nil, func() {}
	}
	timer := time.NewTimer(time.Until(deadline) - 10*time.Second)
	return timer.C, func() { timer.Stop() }
}

// awaitUI runs the UI work the app's goroutines post until cond holds.
func awaitUI(t *testing.T, what string, cond func() bool) {
	t.Helper()
	expired, stop := expiry(t)
	defer stop()
	for {
		testUI.runAll()
		if cond() {
			return
		}
		select {
		case <-testUI.ready:
		case <-expired:
			t.Fatalf("%s never came before the test run's -timeout", what)
		}
	}
}
