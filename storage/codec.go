package storage

import (
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"io"
)

// A version's data, as the version table stores it: the project's JSON
// compressed whole, or compressed as the changes that turn an earlier
// version's JSON into it. These four functions are the only ones that know
// how; the errors of the unpacking ones are clauses ("its data …") that
// readVersionText puts in a sentence naming the version.

// packWhole compresses a version's JSON on its own.
func packWhole(js []byte) ([]byte, error) { return deflateBytes(js) }

// packChange compresses a version's JSON as changes to base's.
func packChange(base, js []byte) ([]byte, error) { return deflateBytes(makeDelta(base, js)) }

// unpackWhole gives back the JSON of packWhole, which must be exactly size
// bytes; it never inflates more than size+1 bytes, whatever the data.
func unpackWhole(ctx context.Context, data []byte, size int64) ([]byte, error) {
	return inflateExactly(ctx, data, size)
}

// unpackChange gives back the JSON packChange(base, …) stored, which must
// be exactly size bytes, within the same bound.
func unpackChange(ctx context.Context, base, data []byte, size int64) ([]byte, error) {
	// The changes are at most the whole text twice over (inserted lines
	// and their counts), plus room for small versions.
	limit := 2*size + 64<<10
	zr := flate.NewReader(bytes.NewReader(data))
	delta, err := inflateAtMost(ctx, zr, limit)
	zr.Close()
	switch {
	case err != nil:
		return nil, fmt.Errorf("its data is not compressed as Waymark writes it: %v", err)
	case int64(len(delta)) > limit:
		return nil, fmt.Errorf("its changes inflate to more than %s bytes", count(limit))
	}
	js, err := applyDelta(base, delta, size)
	if errors.Is(err, errTooLong) {
		return nil, fmt.Errorf("its data makes more than the %s bytes it declares", count(size))
	}
	if err == nil && int64(len(js)) != size {
		return nil, fmt.Errorf("its data makes %s bytes, not the %s it declares", count(int64(len(js))), count(size))
	}
	return js, err
}

// deflateBytes compresses a version's data.
func deflateBytes(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.DefaultCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	if buf.Len() > maxVersionData {
		return nil, fmt.Errorf("the version could not be saved: the project compresses to %s, more than a version may hold (%s)",
			byteSize(int64(buf.Len())), byteSize(maxVersionData))
	}
	return buf.Bytes(), nil
}

// inflateExactly inflates a whole version's data, which must come to its
// declared size.
func inflateExactly(ctx context.Context, data []byte, size int64) ([]byte, error) {
	zr := flate.NewReader(bytes.NewReader(data))
	defer zr.Close()
	js, err := inflateAtMost(ctx, zr, size)
	n := int64(len(js))
	switch {
	case err != nil:
		return nil, fmt.Errorf("its data is not compressed as Waymark writes it: %v", err)
	case n > size:
		return nil, fmt.Errorf("its data inflates to more than the %s bytes it declares", count(size))
	case n < size:
		return nil, fmt.Errorf("its data inflates to %s bytes, not the %s it declares", count(n), count(size))
	}
	return js, nil
}

// inflateAtMost reads r up to one byte more than size (which tells a
// liar). The buffer grows with what is really inflated, never past size+1
// and never to a size the file merely claims, so memory stays within the
// cap whatever the data; cancellation is checked between reads.
func inflateAtMost(ctx context.Context, r io.Reader, size int64) ([]byte, error) {
	limit := size + 1
	buf := make([]byte, 0, min(limit, 1<<20))
	for int64(len(buf)) < limit {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if len(buf) == cap(buf) {
			grown := make([]byte, len(buf), min(limit, 2*int64(cap(buf))))
			copy(grown, buf)
			buf = grown
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}
