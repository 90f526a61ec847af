//go:build unix

package safefile

import (
	"os"
	"syscall"
)

// openNoWait opens path without waiting: O_NONBLOCK makes opening a named
// pipe with no writer return at once (Open then refuses it). A regular file
// is read in blocking mode again, as usual.
func openNoWait(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		syscall.SetNonblock(int(f.Fd()), false) //nolint:errcheck // reads of a regular file never wait either way
	}
	return f, nil
}
