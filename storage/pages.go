package storage

import (
	"encoding/binary"
	"errors"
	"io"
	"math"
)

// pageFile reads b-trees straight from the pages of a database file, as
// sqlite.org/fileformat2.html lays them out, for the two tables that hold
// nearly all of a large map (touchpoint and emotion; see cards.go). Only a
// full scan in key order is needed, so this is a small part of the format:
// b-tree pages, cells, overflow chains and records.
//
// Why not SQL: reading 10,000 cards through SQLite spends most of its time
// in the per-value functions that measure every value against its cap
// before it is copied; here a value's length is read from its record
// header, checked, and only then copied, at a tenth of the cost.
//
// The file is untrusted until checked, and this reader may run side by side
// with SQLite's quick_check, so it trusts nothing: every offset is bounded,
// every page number is in range, each page is visited at most once (a
// b-tree is a tree), the depth is SQLite's own limit, and an overflow chain
// is exactly as long as its payload needs. A malformed page is reported as
// damage, never a panic. It only reads the main database file, so it runs
// on a working copy whose WAL, if any, has been checkpointed (see settle).
type pageFile struct {
	r        io.ReaderAt
	pageSize int
	usable   int // the page size less the bytes reserved at each page's end
	npages   uint32
	seen     []uint64 // pages already read, one bit each
	bufs     [][]byte // one page buffer per b-tree depth
	over     []byte   // the overflow page being read
	whole    []byte   // a payload put together from its overflow chain
	window   []byte   // consecutive pages read ahead
	first    uint32   // the window's first page
	inWindow uint32   // how many pages it holds
	payloads int64    // bytes of payload met so far
}

// windowSize is the most one read fetches. A b-tree written by VACUUM lies
// mostly in consecutive pages, and reading page by page cost more in system
// calls than everything else the scan does; but a file whose pages are in
// no order must not make every page cost a whole window. So a read fetches
// one page after a jump and twice as many as last time when the pages run
// on: reading stays within a few times the pages used.
const windowSize = 256 << 10

// maxBtreeDepth is SQLite's own limit (BTCURSOR_MAX_DEPTH).
const maxBtreeDepth = 20

// Page types of the b-tree pages a scan meets.
const (
	indexInterior = 0x02
	tableInterior = 0x05
	indexLeaf     = 0x0a
	tableLeaf     = 0x0d
)

// errBadPage is what any malformed structure gives; the caller phrases it.
var errBadPage = errors.New("a b-tree page of the file is malformed")

func openPageFile(r io.ReaderAt, size int64) (*pageFile, error) {
	var h [headerSize]byte
	if _, err := r.ReadAt(h[:], 0); err != nil {
		return nil, errBadPage
	}
	hd, err := checkHeader(h[:], size)
	if err != nil {
		return nil, err
	}
	f := &pageFile{r: r, pageSize: int(hd.pageSize), usable: int(hd.pageSize) - int(h[20])}
	// SQLite requires at least 480 usable bytes; below that the payload
	// formulas below go negative.
	if f.usable < 480 || size/hd.pageSize > math.MaxUint32 {
		return nil, errBadPage
	}
	f.npages = uint32(size / hd.pageSize)
	f.seen = make([]uint64, f.npages/64+1)
	return f, nil
}

// page copies page n into buf and returns its usable part; a page read
// before, or out of range, is damage.
func (f *pageFile) page(n uint32, buf *[]byte) ([]byte, error) {
	if n < 1 || n > f.npages || f.seen[n/64]&(1<<(n%64)) != 0 {
		return nil, errBadPage
	}
	f.seen[n/64] |= 1 << (n % 64)
	if n < f.first || n >= f.first+f.inWindow {
		if f.window == nil {
			f.window = make([]byte, max(windowSize, f.pageSize))
		}
		ahead := uint32(1)
		if f.inWindow > 0 && n == f.first+f.inWindow {
			ahead = 2 * f.inWindow
		}
		ahead = min(ahead, uint32(len(f.window)/f.pageSize), f.npages-n+1)
		f.first, f.inWindow = n, ahead
		if _, err := f.r.ReadAt(f.window[:int(ahead)*f.pageSize], int64(n-1)*int64(f.pageSize)); err != nil {
			f.inWindow = 0
			if errors.Is(err, io.EOF) {
				return nil, errBadPage // the file is shorter than it was
			}
			return nil, err
		}
	}
	if *buf == nil {
		*buf = make([]byte, f.pageSize)
	}
	off := int(n-f.first) * f.pageSize
	copy(*buf, f.window[off:off+f.pageSize])
	return (*buf)[:f.usable], nil
}

// cell is one entry of a b-tree: a table row (with its rowid) or an index
// key (a WITHOUT ROWID row). local is the part of the payload stored on the
// b-tree page, valid only until the scan's callback returns; the rest, if
// any, is on the overflow chain starting at page overflow.
type cell struct {
	rowid    int64
	size     int64
	local    []byte
	overflow uint32
}

// scan calls fn for every cell of the b-tree rooted at root, in key order.
// index says whether it is an index b-tree (a WITHOUT ROWID table).
func (f *pageFile) scan(root uint32, index bool, fn func(c *cell) error) error {
	return f.walk(root, 0, index, fn)
}

func (f *pageFile) walk(n uint32, depth int, index bool, fn func(c *cell) error) error {
	if depth >= maxBtreeDepth {
		return errBadPage
	}
	if len(f.bufs) <= depth {
		f.bufs = append(f.bufs, nil)
	}
	p, err := f.page(n, &f.bufs[depth])
	if err != nil {
		return err
	}
	hdr := 0
	if n == 1 {
		hdr = headerSize
	}
	leaf, interior := byte(tableLeaf), byte(tableInterior)
	if index {
		leaf, interior = indexLeaf, indexInterior
	}
	typ := p[hdr]
	if typ != leaf && typ != interior {
		return errBadPage
	}
	ptrs := hdr + 8
	if typ == interior {
		ptrs = hdr + 12
	}
	ncell := int(binary.BigEndian.Uint16(p[hdr+3:]))
	end := ptrs + 2*ncell
	if end > len(p) {
		return errBadPage
	}
	var c cell
	for i := range ncell {
		off := int(binary.BigEndian.Uint16(p[ptrs+2*i:]))
		if off < end || off >= len(p) {
			return errBadPage
		}
		b := p[off:]
		if typ == interior {
			if len(b) < 4 {
				return errBadPage
			}
			if err := f.walk(binary.BigEndian.Uint32(b), depth+1, index, fn); err != nil {
				return err
			}
			if !index {
				continue // a table's interior cell holds only a separator key
			}
			b = b[4:]
		}
		size, k := varint(b)
		if k == 0 || size > math.MaxInt32 {
			return errBadPage
		}
		b = b[k:]
		c = cell{size: int64(size)}
		if !index {
			rowid, k := varint(b)
			if k == 0 {
				return errBadPage
			}
			c.rowid, b = int64(rowid), b[k:]
		}
		// Each byte of a valid file belongs to one payload at most:
		// cells made to overlap must not make the scan copy the same
		// bytes over and over.
		if f.payloads += c.size; f.payloads > int64(f.npages)*int64(f.pageSize) {
			return errBadPage
		}
		local := f.localSize(c.size, index)
		if int64(len(b)) < local {
			return errBadPage
		}
		c.local = b[:local]
		if local < c.size {
			if int64(len(b)) < local+4 {
				return errBadPage
			}
			if c.overflow = binary.BigEndian.Uint32(b[local:]); c.overflow == 0 {
				return errBadPage // a payload that spills needs a chain
			}
		}
		if err := fn(&c); err != nil {
			return err
		}
	}
	if typ == interior {
		return f.walk(binary.BigEndian.Uint32(p[hdr+8:]), depth+1, index, fn)
	}
	return nil
}

// localSize is how much of a payload of size bytes is stored on the b-tree
// page itself (fileformat2.html, "Cell Payload Overflow Pages").
func (f *pageFile) localSize(size int64, index bool) int64 {
	u := int64(f.usable)
	x := u - 35
	if index {
		x = (u-12)*64/255 - 23
	}
	if size <= x {
		return size
	}
	m := (u-12)*32/255 - 23
	if k := m + (size-m)%(u-4); k <= x {
		return k
	}
	return m
}

// payload returns a cell's whole payload: its local part as it is, or the
// local part and its overflow chain copied together, valid until the next
// call. The caller has checked the size against its caps.
func (f *pageFile) payload(c *cell) ([]byte, error) {
	if c.overflow == 0 {
		return c.local, nil
	}
	buf := append(f.whole[:0], c.local...)
	next := c.overflow
	for rest := c.size - int64(len(c.local)); rest > 0; {
		p, err := f.page(next, &f.over)
		if err != nil {
			return nil, err
		}
		k := min(rest, int64(len(p)-4))
		buf = append(buf, p[4:4+k]...)
		rest -= k
		next = binary.BigEndian.Uint32(p)
	}
	f.whole = buf
	return buf, nil
}

// varint decodes SQLite's variable-length integer: big-endian, 7 bits a
// byte, the ninth byte whole. k is 0 if b ends first.
func varint(b []byte) (v uint64, k int) {
	for i := 0; i < 8; i++ {
		if i >= len(b) {
			return 0, 0
		}
		v = v<<7 | uint64(b[i]&0x7f)
		if b[i] < 0x80 {
			return v, i + 1
		}
	}
	if len(b) < 9 {
		return 0, 0
	}
	return v<<8 | uint64(b[8]), 9
}

// A field of a record, from its serial type (fileformat2.html, "Record
// Format").
type field struct {
	kind byte  // 'n' NULL, 'i' integer, 'f' real, 't' text, 'b' blob
	n    int   // bytes in the record's body
	off  int   // where they start in the body
	c    int64 // the value of serial types 8 and 9, which take no bytes
}

// serialField describes a serial type; ok is false for the reserved ones.
func serialField(t uint64) (field, bool) {
	switch {
	case t == 0:
		return field{kind: 'n'}, true
	case t <= 4:
		return field{kind: 'i', n: int(t)}, true
	case t == 5:
		return field{kind: 'i', n: 6}, true
	case t == 6:
		return field{kind: 'i', n: 8}, true
	case t == 7:
		return field{kind: 'f', n: 8}, true
	case t == 8 || t == 9:
		return field{kind: 'i', c: int64(t - 8)}, true
	case t >= 12 && t <= math.MaxInt32:
		if t%2 == 0 {
			return field{kind: 'b', n: int(t-12) / 2}, true
		}
		return field{kind: 't', n: int(t-13) / 2}, true
	}
	return field{}, false
}

// recordHeader reads the header of a record into fields, one per column of
// the table. A record may hold fewer values than its table has columns
// (SQLite reads the missing last ones as NULL, the default of every column
// Waymark's tables have), never more. It returns the header's size and the
// body's size; ok is false if the header is malformed or does not fit in
// head (the start of the payload).
func recordHeader(head []byte, fields []field) (hsize int, body int64, ok bool) {
	h, k := varint(head)
	if k == 0 || h > uint64(len(head)) || h < uint64(k) {
		return 0, 0, false
	}
	b := head[k:h]
	off := 0
	for i := range fields {
		if len(b) == 0 {
			fields[i] = field{kind: 'n', off: off}
			continue
		}
		t, k := varint(b)
		if k == 0 {
			return 0, 0, false
		}
		b = b[k:]
		fd, ok := serialField(t)
		if !ok {
			return 0, 0, false
		}
		fd.off = off
		off += fd.n
		fields[i] = fd
	}
	if len(b) != 0 {
		return 0, 0, false // more values than the table has columns
	}
	return int(h), int64(off), true
}
