//go:build !unix

package storage

// openNoBlock is not needed where opening a file never waits on a writer.
const openNoBlock = 0
