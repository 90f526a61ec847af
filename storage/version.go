package storage

// Named versions (format 4): table version holds one row per version of
// the project kept inside the file, oldest first.

var versionCols = []string{"seq", "name", "note", "author", "created", "summary", "size", "data"}

// Caps of table version, checked before anything of it is read like every
// table's: a thousand versions a file, each at most 64 MiB compressed and
// 256 MiB of JSON once decompressed (which decompressing enforces).
const (
	maxVersions    = 1000
	maxVersionData = 64 << 20
	maxVersionJSON = 256 << 20
)

// readVersionCols are a version's metadata, which listing reads; data is
// read only when a version is decoded.
var readVersionCols = []string{"seq", "name", "note", "author", "created", "summary", "size"}
