package storage

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/klauspost/compress/zstd"
)

// compressed is data as Waymark stores a whole version.
func compressed(t testing.TB, data []byte) []byte {
	t.Helper()
	b, err := packWhole(data)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// bomb is one zstd frame of n zero bytes that declares its content size,
// written as a stream: about 110 KB for a gigabyte (a zstd block holds
// 128 KiB at most, so a frame cannot grow by more than that a few bytes).
func bomb(t testing.TB, n int64) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1))
	if err != nil {
		t.Fatal(err)
	}
	w.ResetContentSize(&buf, n)
	zeros := make([]byte, 1<<20)
	for n > 0 {
		k := min(n, int64(len(zeros)))
		if _, err := w.Write(zeros[:k]); err != nil {
			t.Fatal(err)
		}
		n -= k
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// declaring rewrites a frame's header to declare fcs bytes of content
// (none when fcs < 0), keeping its blocks: a frame that lies.
func declaring(t testing.TB, frame []byte, fcs int64) []byte {
	t.Helper()
	var h zstd.Header
	blocks, err := h.DecodeAndStrip(frame)
	if err != nil {
		t.Fatal(err)
	}
	h.HasFCS = fcs >= 0
	h.FrameContentSize = uint64(max(fcs, 0))
	h.SingleSegment = false
	out, err := h.AppendTo(nil)
	if err != nil {
		t.Fatal(err)
	}
	return append(out, blocks...)
}

// Decompressing never keeps more than the declared size, whatever the
// frame claims or holds: a gigabyte of zeros is refused having allocated
// about the declared size, not the gigabyte. Measured in bytes allocated,
// never in time.
func TestUnpackBounded(t *testing.T) {
	const gigabyte = 1 << 30
	const size = 200 << 10
	honest := bomb(t, gigabyte)
	t.Logf("the bomb: %s bytes growing to %s", count(int64(len(honest))), count(gigabyte))
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"a frame that declares a gigabyte", honest, "its data inflates to more than the 204,800 bytes it declares"},
		{"a frame that declares the size and holds a gigabyte", declaring(t, honest, size), "its data inflates to more than the 204,800 bytes it declares"},
		{"a frame that declares no size", declaring(t, honest, -1), "its data is not compressed as Waymark writes it: it does not declare its size"},
		{"the size declared, then a frame of a gigabyte", append(compressed(t, make([]byte, size)), declaring(t, honest, -1)...), "its data inflates to more than the 204,800 bytes it declares"},
	}
	for _, tc := range cases {
		for _, dict := range [][]byte{nil, bytes.Repeat([]byte("base "), 1000)} {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err := unpack(ctx, dict, tc.data, size)
			runtime.ReadMemStats(&after)
			if err == nil || err.Error() != tc.want {
				t.Fatalf("%s: %v", tc.name, err)
			}
			// The output buffer, and at most one block past it; the
			// decoder's own tables are a few hundred KB.
			if got, limit := after.TotalAlloc-before.TotalAlloc, uint64(3*size+2<<20); got > limit {
				t.Fatalf("%s: allocated %s bytes for a version of %s (at most %s)", tc.name,
					count(int64(got)), count(size), count(int64(limit)))
			}
		}
	}
}

// Changes decode only against the version they were made from; a whole
// version decodes on its own.
func TestPackRoundTrip(t *testing.T) {
	p := richProject(t)
	base := []byte(encodeJSON(t, p))
	p.Journeys[0].Touchpoints[0].Title = "Changed"
	js := []byte(encodeJSON(t, p))
	change, err := packChange(base, js)
	if err != nil {
		t.Fatal(err)
	}
	whole := compressed(t, js)
	if len(change) >= len(whole)/4 {
		t.Fatalf("one changed title takes %d bytes as changes, %d whole", len(change), len(whole))
	}
	if got, err := unpackChange(ctx, base, change, int64(len(js))); err != nil || !bytes.Equal(got, js) {
		t.Fatalf("changes: %v", err)
	}
	if got, err := unpackWhole(ctx, whole, int64(len(js))); err != nil || !bytes.Equal(got, js) {
		t.Fatalf("whole: %v", err)
	}
	other := bytes.Replace(base, []byte(`"title"`), []byte(`"TITLE"`), -1)
	if _, err := unpackChange(ctx, other, change, int64(len(js))); err == nil ||
		err.Error() != "its changes do not apply to the version they were made from" {
		t.Fatalf("changes to another base: %v", err)
	}
	if _, err := unpackWhole(ctx, change, int64(len(js))); err == nil {
		t.Fatal("changes decoded without their base")
	}
	// Big texts: the window reaches back across the whole base.
	rng := rand.New(rand.NewPCG(1, 2))
	var big []byte
	for range 100000 {
		big = fmt.Appendf(big, "a line of a big map, with a number: %016x\n", rng.Uint64())
	}
	next := append([]byte(nil), big...)
	copy(next[len(next)/2:], "an edit")
	if change, err = packChange(big, next); err != nil || len(change) > 4<<10 {
		t.Fatalf("an edit in %s bytes takes %d bytes of changes (%v)", count(int64(len(big))), len(change), err)
	}
	if got, err := unpackChange(ctx, big, change, int64(len(next))); err != nil || !bytes.Equal(got, next) {
		t.Fatalf("big changes: %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := unpackWhole(cctx, whole, int64(len(js))); !errors.Is(err, cctx.Err()) {
		t.Fatalf("cancelled: %v", err)
	}
}

// Whatever a row holds, unpacking gives exactly its declared size or an
// error, never a panic. Run: go test -run x -fuzz FuzzUnpack ./storage/
func FuzzUnpack(f *testing.F) {
	base := []byte(`{"format": "waymark-project", "name": "A map"}`)
	js := []byte(`{"format": "waymark-project", "name": "A map, edited"}`)
	change, err := packChange(base, js)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(compressed(f, js), int64(len(js)), false)
	f.Add(change, int64(len(js)), true)
	f.Add(declaring(f, compressed(f, js), -1), int64(len(js)), false)
	f.Fuzz(func(t *testing.T, data []byte, size int64, withBase bool) {
		size = min(max(size, 0), 1<<20)
		var dict []byte
		if withBase {
			dict = base
		}
		out, err := unpack(ctx, dict, data, size)
		if err == nil && int64(len(out)) != size {
			t.Fatalf("%d bytes, declared %d", len(out), size)
		}
	})
}
