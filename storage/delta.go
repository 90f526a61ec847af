package storage

import (
	"bytes"
	"encoding/binary"
	"errors"
)

// A version may be stored as the changes that turn an earlier version's
// JSON into its own (column base names that version): a map saved as a
// version after every round of edits would otherwise hold the whole map
// again each time. The changes are line-based (the JSON is indented, one
// field a line), found by Myers' diff, and written as hunks:
//
//	uvarint lines copied from the base, uvarint lines of the base skipped,
//	uvarint bytes inserted, the inserted bytes
//
// until every line of the base has been copied or skipped.

// maxDiffEdits caps the lines inserted or deleted the diff looks for
// beyond the common start and end; past it the middle is replaced whole,
// which stays correct and only stores more.
const maxDiffEdits = 1000

// splitLines cuts text after each line break; the last piece may lack one.
func splitLines(b []byte) [][]byte {
	lines := make([][]byte, 0, bytes.Count(b, []byte{'\n'})+1)
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			lines = append(lines, b)
			break
		}
		lines = append(lines, b[:i+1])
		b = b[i+1:]
	}
	return lines
}

// makeDelta writes the changes from base to target.
func makeDelta(base, target []byte) []byte {
	a, b := splitLines(base), splitLines(target)
	// Lines as numbers, equal lines equal numbers: the diff compares ints.
	ids := make(map[string]int, len(a))
	num := func(lines [][]byte) []int {
		out := make([]int, len(lines))
		for i, l := range lines {
			id, ok := ids[string(l)]
			if !ok {
				id = len(ids)
				ids[string(l)] = id
			}
			out[i] = id
		}
		return out
	}
	x, y := num(a), num(b)
	pre := 0
	for pre < len(x) && pre < len(y) && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	ops, ok := diffLines(x[pre:len(x)-suf], y[pre:len(y)-suf], maxDiffEdits)
	if !ok {
		ops = ops[:0]
		for range len(x) - pre - suf {
			ops = append(ops, opDelete)
		}
		for range len(y) - pre - suf {
			ops = append(ops, opInsert)
		}
	}
	var out []byte
	var copied, skipped int
	var inserted []byte
	flush := func() {
		if copied == 0 && skipped == 0 && len(inserted) == 0 {
			return
		}
		out = binary.AppendUvarint(out, uint64(copied))
		out = binary.AppendUvarint(out, uint64(skipped))
		out = binary.AppendUvarint(out, uint64(len(inserted)))
		out = append(out, inserted...)
		copied, skipped, inserted = 0, 0, inserted[:0]
	}
	copied = pre
	ai, bi := pre, pre
	for _, op := range ops {
		switch op {
		case opEqual:
			if skipped > 0 || len(inserted) > 0 {
				flush()
			}
			copied++
			ai++
			bi++
		case opDelete:
			skipped++
			ai++
		case opInsert:
			inserted = append(inserted, b[bi]...)
			bi++
		}
	}
	if suf > 0 && (skipped > 0 || len(inserted) > 0) {
		flush()
	}
	copied += suf
	flush()
	return out
}

type diffOp uint8

const (
	opEqual diffOp = iota
	opDelete
	opInsert
)

// diffLines is Myers' shortest edit script from a to b, or false if it
// takes more than maxD insertions and deletions.
func diffLines(a, b []int, maxD int) ([]diffOp, bool) {
	n, m := len(a), len(b)
	limit := min(n+m, maxD)
	off := limit + 1
	v := make([]int, 2*limit+3)
	var trace [][]int // the furthest x on each diagonal after each round
	for d := 0; d <= limit; d++ {
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				return backtrack(trace, n, m, d), true
			}
		}
		trace = append(trace, append([]int(nil), v[off-d:off+d+1]...))
	}
	return nil, false
}

// backtrack walks the rounds of diffLines back from (n, m).
func backtrack(trace [][]int, n, m, d int) []diffOp {
	var ops []diffOp
	x, y := n, m
	for ; d > 0; d-- {
		prev := trace[d-1] // diagonals -(d-1)..d-1
		at := func(k int) int { return prev[k+d-1] }
		k := x - y
		var pk int
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			pk = k + 1 // came down: an insertion
		} else {
			pk = k - 1 // came right: a deletion
		}
		px := at(pk)
		py := px - pk
		// Where the move ended; the snake runs from there to (x, y).
		sx := px + 1
		if pk == k+1 {
			sx = px
		}
		for x > sx {
			ops = append(ops, opEqual)
			x--
			y--
		}
		if pk == k+1 {
			ops = append(ops, opInsert)
		} else {
			ops = append(ops, opDelete)
		}
		x, y = px, py
	}
	for x > 0 && y > 0 {
		ops = append(ops, opEqual)
		x--
		y--
	}
	for i, j := 0, len(ops)-1; i < j; i, j = i+1, j-1 {
		ops[i], ops[j] = ops[j], ops[i]
	}
	return ops
}

var errBadDelta = errors.New("its changes do not apply to the version they were made from")

// applyDelta turns base into the version a delta describes, at most size
// bytes of it. It walks base with a cursor, a line at a time with
// bytes.IndexByte, and appends each hunk's copied lines as one run: no
// slice per line of the base, so a hostile base of millions of empty
// lines costs its own bytes and no more, and the output never grows past
// size (a copy that would take it there stops as soon as it does).
func applyDelta(base, delta []byte, size int64) ([]byte, error) {
	if size < 0 {
		return nil, errTooLong
	}
	out := make([]byte, 0, min(size, int64(len(base))+int64(len(delta))))
	pos := 0 // where the next line of base starts
	// advance returns where the line n lines on from pos ends, or false
	// if base has fewer lines left; limit, when not negative, is the most
	// bytes the lines may take (past it, errTooLong).
	advance := func(n uint64, limit int64) (int, error) {
		at := pos
		for ; n > 0; n-- {
			if at == len(base) {
				return 0, errBadDelta
			}
			if i := bytes.IndexByte(base[at:], '\n'); i < 0 {
				at = len(base)
			} else {
				at += i + 1
			}
			if limit >= 0 && int64(at-pos) > limit {
				return 0, errTooLong
			}
		}
		return at, nil
	}
	for len(delta) > 0 {
		var f [3]uint64
		for i := range f {
			v, n := binary.Uvarint(delta)
			if n <= 0 {
				return nil, errBadDelta
			}
			f[i], delta = v, delta[n:]
		}
		if f[2] > uint64(len(delta)) {
			return nil, errBadDelta
		}
		end, err := advance(f[0], size-int64(len(out)))
		if err != nil {
			return nil, err
		}
		out = append(out, base[pos:end]...)
		pos = end
		if pos, err = advance(f[1], -1); err != nil {
			return nil, err
		}
		if int64(len(out))+int64(f[2]) > size {
			return nil, errTooLong
		}
		out = append(out, delta[:f[2]]...)
		delta = delta[f[2]:]
	}
	if pos != len(base) {
		return nil, errBadDelta
	}
	return out, nil
}

var errTooLong = errors.New("too long")
