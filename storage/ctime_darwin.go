package storage

import (
	"os"
	"syscall"
	"time"
)

// changed is when a file's inode last changed (its ctime): a new hard link
// to it sets it, unlike its modification time.
func changed(fi os.FileInfo) (time.Time, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return time.Time{}, false
	}
	return time.Unix(st.Ctimespec.Unix()), true
}
