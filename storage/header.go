package storage

import (
	"encoding/binary"
	"fmt"

	"waymark/model"
)

// headerSize is the size of the SQLite database header.
const headerSize = 100

const sqliteMagic = "SQLite format 3\x00"

// dbHeader is what Waymark reads from a file's first 100 bytes before any
// SQLite code sees the file.
type dbHeader struct {
	pageSize int64
	version  int // PRAGMA user_version: the Waymark format
}

// checkHeader reads the header of a file of the given total size. It rejects
// anything that is not a complete SQLite database stamped as a Waymark
// project of a format this version reads, so that SQLite only ever parses
// files that claim to be ours and whose size agrees with their header.
func checkHeader(h []byte, size int64) (dbHeader, error) {
	var hd dbHeader
	if size == 0 {
		return hd, bad("is empty, so it is not a Waymark project")
	}
	n := min(len(h), len(sqliteMagic))
	if string(h[:n]) != sqliteMagic[:n] {
		return hd, bad("is not a Waymark project (it is not an SQLite database)")
	}
	if len(h) < headerSize {
		return hd, bad("is incomplete or damaged (it ends inside its header, after %d bytes)", len(h))
	}
	hd.pageSize = int64(binary.BigEndian.Uint16(h[16:18]))
	if hd.pageSize == 1 {
		hd.pageSize = 65536
	}
	if hd.pageSize < 512 || hd.pageSize > 65536 || hd.pageSize&(hd.pageSize-1) != 0 {
		return hd, bad("is damaged (its header gives an impossible page size)")
	}
	// Write and read versions: 1 rollback journal, 2 WAL. Payload fractions
	// are fixed at 64, 32, 32 by the file format.
	if h[18] < 1 || h[18] > 2 || h[19] < 1 || h[19] > 2 || h[21] != 64 || h[22] != 32 || h[23] != 32 {
		return hd, bad("is damaged (its SQLite header is not valid)")
	}
	if app := binary.BigEndian.Uint32(h[68:72]); app != ApplicationID {
		if app == 0 {
			return hd, bad("is not a Waymark project (it is an SQLite database made by another program)")
		}
		return hd, bad("is not a Waymark project (it is an SQLite database of another application, id %#08x)", app)
	}
	ver := int32(binary.BigEndian.Uint32(h[60:64]))
	if ver > FormatVersion {
		return hd, bad("made by a newer version of Waymark (format %d); this version reads up to format %d", ver, FormatVersion)
	}
	if ver < 1 {
		return hd, bad("is not a valid Waymark project (format version %d; Waymark files start at format 1)", ver)
	}
	hd.version = int(ver)
	if enc := binary.BigEndian.Uint32(h[56:60]); enc != 1 {
		return hd, bad("is damaged (its header gives a text encoding other than UTF-8)")
	}
	if size%hd.pageSize != 0 {
		return hd, bad("is incomplete or damaged (%d bytes is not a whole number of %d-byte pages)", size, hd.pageSize)
	}
	// The in-header page count is valid when the change counter matches the
	// version-valid-for number; a mismatch with the size means a truncated
	// or padded file.
	pages := int64(binary.BigEndian.Uint32(h[28:32]))
	if binary.BigEndian.Uint32(h[24:28]) == binary.BigEndian.Uint32(h[92:96]) && pages != 0 && pages*hd.pageSize != size {
		return hd, bad("is incomplete or damaged (it is %d bytes but its header says %d)", size, pages*hd.pageSize)
	}
	return hd, nil
}

// byteSize says how big n bytes are: in whole GB, MB or KB when n is a
// whole number of them, else exactly, so that a size just over a limit
// never reads as the limit itself.
func byteSize(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return count(n) + " bytes"
}

// count writes n with thousands separators: 65,537.
func count(n int64) string { return model.Grouped(n) }
