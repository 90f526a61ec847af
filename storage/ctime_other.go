//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package storage

import "time"

// changedAt reports no inode change time where the platform keeps none that
// a hard link sets: backup links are then never taken for stale.
func changedAt(string) (time.Time, bool) { return time.Time{}, false }
