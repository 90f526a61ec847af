package storage

import (
	"os"
)

// fileLock is an advisory lock on a working copy's .lock file, held for as
// long as a document is open. The operating system drops it when the process
// dies, which is how the next start tells an orphan from a copy in use.
type fileLock struct {
	f *os.File
}

// tryLock takes the lock on path, creating the file if needed. It reports
// false, without error, when another process (or another document in this
// process) holds it.
func tryLock(path string) (*fileLock, bool, error) {
	for attempt := 0; attempt < 3; attempt++ {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			return nil, false, err
		}
		ok, err := lockFile(f)
		if err != nil || !ok {
			f.Close()
			return nil, false, err
		}
		// The holder may have removed the file between our open and our
		// lock; a lock on an unlinked file guards nothing, so try again.
		held, err1 := f.Stat()
		named, err2 := os.Stat(path)
		if err1 == nil && err2 == nil && os.SameFile(held, named) {
			return &fileLock{f: f}, true, nil
		}
		f.Close()
	}
	return nil, false, nil
}

// unlock releases the lock; closing the descriptor drops it.
func (l *fileLock) unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}
