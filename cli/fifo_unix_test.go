//go:build unix

package cli

import (
	"syscall"
	"testing"
)

// mkfifo makes a named pipe, which commands must refuse without waiting on.
func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
}
