//go:build unix

package storage

import "syscall"

// openNoBlock opens a FIFO or device without waiting for the other end.
const openNoBlock = syscall.O_NONBLOCK
