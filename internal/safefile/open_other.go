//go:build !unix

package safefile

import "os"

// openNoWait opens path once a look at it found a regular file: without
// O_NONBLOCK, that is the way not to open a pipe or a device.
func openNoWait(path string) (*os.File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, notRegular("", fi.Mode(), "read")
	}
	return os.Open(path)
}
