package storage

import (
	"context"
	"errors"
	"fmt"
	"math/bits"

	"github.com/klauspost/compress/zstd"
)

// A version's data, as the version table stores it: one zstd frame of the
// project's JSON, compressed on its own or with an earlier version's JSON
// as a raw dictionary (what `zstd --patch-from` does), so that a version
// made of a few edits costs a few hundred bytes. These four functions are
// the only ones that know how; the errors of the unpacking ones are
// clauses ("its data …") that readVersionText puts in a sentence naming
// the version.
//
// Every frame declares its content size (EncodeAll writes it) and carries
// a checksum of its content, which decoding verifies: a change applied to
// a base other than its own fails there. The dictionary's ID is 0, as the
// zstd tool's own: `zstd -d --patch-from=BASE.json` reads a change.
//
// Encoders and decoders are made for each call: a decoder costs about a
// microsecond and allocates nothing until it decodes; an encoder of the
// best level allocates about 70 MB of tables, which a shared one would
// keep for the life of the program, for one use per saved version.

// The levels trade packing time, spent once when a version is saved, for
// bytes kept in every copy of the file. A whole version is packed at every
// save (to weigh it against changes) and seldom kept: the better level,
// 62 KB in 15 ms for a 2,000-card map (1.9 MB of JSON), against 71 KB at
// the default level. Changes need the best level: the encoder finds a
// match in the dictionary through hash tables of fixed size, which the
// lesser levels' cannot cover past a few MB of text that does not repeat
// (pictures, as base64). A one-card change of a map holding 5 MB of
// pictures (6.8 MB of JSON) takes 775 bytes in 340 ms at the best level,
// 1 MB at the better one; of the 2,000-card map, about 290 bytes in
// 45 ms; of 27 MB of JSON, 12 KB in 1.8 s.
const (
	wholeLevel  = zstd.SpeedBetterCompression
	changeLevel = zstd.SpeedBestCompression
)

// packWhole compresses a version's JSON on its own.
func packWhole(js []byte) ([]byte, error) { return pack(nil, js, wholeLevel) }

// packChange compresses a version's JSON with base's as its dictionary.
func packChange(base, js []byte) ([]byte, error) { return pack(base, js, changeLevel) }

func pack(dict, js []byte, level zstd.EncoderLevel) ([]byte, error) {
	// A single segment frame always declares its content size, which
	// unpack requires (others omit it when small).
	opts := []zstd.EOption{zstd.WithEncoderLevel(level), zstd.WithEncoderConcurrency(1), zstd.WithLowerEncoderMem(true),
		zstd.WithSingleSegment(true)}
	if dict != nil {
		// Matches may reach back only as far as the window: it must span
		// the dictionary and the text, or the changes would be found in
		// the dictionary's last few MB only.
		opts = append(opts, zstd.WithWindowSize(windowFor(len(dict)+len(js))), zstd.WithEncoderDictRaw(0, dict))
	}
	enc, err := zstd.NewWriter(nil, opts...)
	if err != nil {
		return nil, fmt.Errorf("the version could not be saved: %v", err)
	}
	defer enc.Close()
	out := enc.EncodeAll(js, nil)
	if len(out) > maxVersionData {
		return nil, fmt.Errorf("the version could not be saved: the project compresses to %s, more than a version may hold (%s)",
			byteSize(int64(len(out))), byteSize(maxVersionData))
	}
	return out, nil
}

// windowFor is the smallest window zstd allows that holds n bytes: a power
// of two, at least zstd.MinWindowSize. Two JSON texts within
// maxVersionJSON each fit zstd.MaxWindowSize.
func windowFor(n int) int {
	if n <= zstd.MinWindowSize {
		return zstd.MinWindowSize
	}
	return min(1<<bits.Len(uint(n-1)), zstd.MaxWindowSize)
}

// unpackWhole gives back the JSON of packWhole, which must be exactly size
// bytes.
func unpackWhole(ctx context.Context, data []byte, size int64) ([]byte, error) {
	return unpack(ctx, nil, data, size)
}

// unpackChange gives back the JSON packChange(base, …) stored, which must
// be exactly size bytes.
func unpackChange(ctx context.Context, base, data []byte, size int64) ([]byte, error) {
	return unpack(ctx, base, data, size)
}

// unpack decodes data within size. The frame's header is read first: a
// frame that does not declare its content size, or declares more than
// size, is refused before anything is allocated. The output buffer is
// then the declared content size, and the decoder refuses, block by block,
// output past it (a frame that lies, or frames after the first), so
// neither the file's claims nor its data can make decoding produce or
// keep more than size bytes, a block of zstd (128 KiB) at most past it
// before the refusal. Cancellation is checked before decoding; one
// decoding is bounded by maxVersionJSON and takes a fraction of a second.
func unpack(ctx context.Context, dict, data []byte, size int64) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var h zstd.Header
	err := h.Decode(data)
	switch {
	case err != nil:
		return nil, fmt.Errorf("its data is not compressed as Waymark writes it: %v", err)
	case h.Skippable || !h.HasFCS:
		return nil, errors.New("its data is not compressed as Waymark writes it: it does not declare its size")
	case h.FrameContentSize > uint64(size):
		return nil, fmt.Errorf("its data inflates to more than the %s bytes it declares", count(size))
	}
	// The decoder's own bound on memory, at least the smallest window a
	// frame may have, and the frame's size, which the buffer's capacity
	// enforces (WithDecodeAllCapLimit).
	opts := []zstd.DOption{zstd.WithDecoderConcurrency(1), zstd.WithDecodeAllCapLimit(true),
		zstd.WithDecoderMaxMemory(max(h.FrameContentSize, zstd.MinWindowSize))}
	if dict != nil {
		opts = append(opts, zstd.WithDecoderDictRaw(0, dict))
	}
	dec, err := zstd.NewReader(nil, opts...)
	if err != nil {
		return nil, err
	}
	defer dec.Close()
	js, err := dec.DecodeAll(data, make([]byte, 0, h.FrameContentSize))
	n := int64(len(js))
	switch {
	case errors.Is(err, zstd.ErrDecoderSizeExceeded) || errors.Is(err, zstd.ErrFrameSizeExceeded) || errors.Is(err, zstd.ErrWindowSizeExceeded):
		return nil, fmt.Errorf("its data inflates to more than the %s bytes it declares", count(size))
	case dict != nil && errors.Is(err, zstd.ErrCRCMismatch):
		// Decoded against another text, changes make other bytes.
		return nil, errors.New("its changes do not apply to the version they were made from")
	case err != nil:
		return nil, fmt.Errorf("its data is not compressed as Waymark writes it: %v", err)
	case n != size:
		return nil, fmt.Errorf("its data inflates to %s bytes, not the %s it declares", count(n), count(size))
	}
	return js, nil
}
