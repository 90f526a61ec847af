//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package storage

import (
	"time"

	"golang.org/x/sys/unix"
)

// changedAt is when the file at path last had its inode changed (its
// ctime): making a hard link to it sets it, unlike its modification time.
func changedAt(path string) (time.Time, bool) {
	var st unix.Stat_t
	if err := unix.Lstat(path, &st); err != nil {
		return time.Time{}, false
	}
	return time.Unix(st.Ctim.Unix()), true
}
