package storage

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
)

// Changes from one text to another give back exactly the other, whatever
// the edits: random lines inserted, deleted and changed, with and without
// a final line break, and past the diff's cap.
func TestDeltaRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 13))
	text := func(lines []string, final bool) []byte {
		s := strings.Join(lines, "\n")
		if final && len(lines) > 0 {
			s += "\n"
		}
		return []byte(s)
	}
	for i := range 500 {
		n := rng.IntN(200)
		var a []string
		for k := range n {
			a = append(a, fmt.Sprintf("line %d", rng.IntN(max(1, n/3))+k%2))
		}
		b := append([]string(nil), a...)
		edits := rng.IntN(20)
		if i%50 == 0 {
			edits = 3000 // past maxDiffEdits
		}
		for range edits {
			switch p := rng.IntN(max(1, len(b))); rng.IntN(3) {
			case 0:
				b = append(b[:p], append([]string{fmt.Sprintf("new %d", rng.IntN(1000))}, b[p:]...)...)
			case 1:
				if len(b) > 0 {
					b = append(b[:p], b[p+1:]...)
				}
			case 2:
				if len(b) > 0 {
					b[p] = fmt.Sprintf("changed %d", rng.IntN(1000))
				}
			}
		}
		base, target := text(a, rng.IntN(2) == 0), text(b, rng.IntN(2) == 0)
		d := makeDelta(base, target)
		got, err := applyDelta(base, d, int64(len(target)))
		if err != nil || !bytes.Equal(got, target) {
			t.Fatalf("case %d: %v\nbase %q\ntarget %q\ngot %q", i, err, base, target, got)
		}
		if _, err := applyDelta(base, d, int64(len(target))-1); len(target) > 0 && err == nil {
			t.Fatalf("case %d: a delta past its size applied", i)
		}
	}
	// One line changed in a long text: a few bytes of changes.
	var long []string
	for k := range 50000 {
		long = append(long, fmt.Sprintf(`      "title": "Card %d",`, k))
	}
	a := text(long, true)
	long[25000] = `      "title": "Edited",`
	if d := makeDelta(a, text(long, true)); len(d) > 64 {
		t.Fatalf("one changed line takes %d bytes", len(d))
	}
}

// Changes that do not fit their base are refused, never applied out of
// range.
func TestDeltaRefusesDamage(t *testing.T) {
	base := []byte("a\nb\nc\n")
	for _, d := range [][]byte{
		{5, 0, 0},       // copies more lines than the base has
		{1, 0, 9, 'x'},  // inserts more bytes than it holds
		{1, 0, 0},       // leaves lines of the base unaccounted for
		{0x80},          // a truncated number
		{3, 0, 0, 0, 1}, // copies all, then skips one more
	} {
		if _, err := applyDelta(base, d, 100); err == nil {
			t.Errorf("%v applied", d)
		}
	}
}

// Issue #13: applying changes to a base of many lines allocates about
// the output, not a slice per line of the base (which made 256 MiB of
// newlines cost 8 GB). Measured in bytes allocated, never in time.
func TestApplyDeltaBoundedAllocation(t *testing.T) {
	base := bytes.Repeat([]byte{'\n'}, 4<<20)
	lines := uint64(len(base))
	hunk := func(copied, skipped uint64, ins string) []byte {
		d := binary.AppendUvarint(nil, copied)
		d = binary.AppendUvarint(d, skipped)
		d = binary.AppendUvarint(d, uint64(len(ins)))
		return append(d, ins...)
	}
	cases := []struct {
		name  string
		delta []byte
		size  int64
	}{
		// The hostile one: every line skipped, a tiny project inserted.
		{"all skipped", hunk(0, lines, "{}"), 2},
		// Every line but one copied: the output is about the base.
		{"one line changed", append(hunk(lines/2, 1, "x\n"), hunk(lines-lines/2-1, 0, "")...), int64(len(base)) + 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out []byte
			var err error
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			out, err = applyDelta(base, tc.delta, tc.size)
			runtime.ReadMemStats(&after)
			if err != nil {
				t.Fatal(err)
			}
			if int64(len(out)) != tc.size {
				t.Fatalf("%d bytes, want %d", len(out), tc.size)
			}
			if got, limit := after.TotalAlloc-before.TotalAlloc, uint64(3*tc.size)+64<<10; got > limit {
				t.Fatalf("allocated %d bytes for %d of output (at most %d)", got, tc.size, limit)
			}
		})
	}
	// A copy past the declared size stops there.
	if _, err := applyDelta(base, hunk(lines, 0, ""), 10); err != errTooLong {
		t.Fatalf("past the size: %v", err)
	}
	// More lines than the base has.
	if _, err := applyDelta(base, hunk(0, lines+1, ""), 10); err != errBadDelta {
		t.Fatalf("past the base: %v", err)
	}
}
