//go:build unix

package storage

import (
	"syscall"
	"time"
)

// cpuTime is this process's user+system time. Benchmarks report it per
// operation next to wall time: on a shared machine wall time also measures
// the neighbours.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
