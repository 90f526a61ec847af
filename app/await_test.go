package app

import (
	"testing"
	"time"
)

// await receives from ch. It has no time budget of its own, which a busy
// machine could miss: it waits until shortly before the test binary's
// -timeout, so that a hang fails naming what never came instead of as a
// bare goroutine dump.
func await[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	deadline, ok := t.Deadline()
	if !ok {
		return <-ch
	}
	timer := time.NewTimer(time.Until(deadline) - 10*time.Second)
	defer timer.Stop()
	select {
	case v := <-ch:
		return v
	case <-timer.C:
		var zero T
		t.Fatalf("%s never came before the test run's -timeout", what)
		return zero
	}
}
