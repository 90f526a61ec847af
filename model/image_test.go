package model

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"runtime"
	"strings"
	"testing"
)

func pngChunk(typ string, data []byte) []byte {
	var b bytes.Buffer
	_ = binary.Write(&b, binary.BigEndian, uint32(len(data)))
	b.WriteString(typ)
	b.Write(data)
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	_ = binary.Write(&b, binary.BigEndian, crc.Sum32())
	return b.Bytes()
}

// hugePNGHeader is a PNG whose IHDR (with a correct CRC) declares w×h RGBA
// pixels, followed by a little real pixel data: a decoder that believed it
// would try to allocate the whole image.
func hugePNGHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6 // 8 bits, RGBA
	b.Write(pngChunk("IHDR", ihdr))
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	_, _ = zw.Write(make([]byte, 4096))
	_ = zw.Close()
	b.Write(pngChunk("IDAT", z.Bytes()))
	b.Write(pngChunk("IEND", nil))
	return b.Bytes()
}

func TestHugePNGHeaderIsWellFormed(t *testing.T) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(hugePNGHeader(100_000, 100_000)))
	if err != nil || format != "png" || cfg.Width != 100_000 || cfg.Height != 100_000 {
		t.Fatalf("DecodeConfig = %+v %q %v; the test PNG is broken", cfg, format, err)
	}
}

func TestImportImageRejectsHugeHeaderFast(t *testing.T) {
	data := hugePNGHeader(100_000, 100_000)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	im, err := ImportImage(data)
	runtime.ReadMemStats(&after)
	if err == nil {
		t.Fatalf("imported %dx%d", im.Width, im.Height)
	}
	if !strings.Contains(err.Error(), "100000×100000") {
		t.Fatalf("error %q does not give the size", err)
	}
	// Decoding would allocate the pixels (40 GB here) or a good part of
	// them before failing; reading the header allocates next to nothing.
	if n := after.TotalAlloc - before.TotalAlloc; n > 8<<20 {
		t.Fatalf("rejecting allocated %d bytes: the pixels were decoded", n)
	}
	// Just over the pixel cap is refused too, as cheaply (decoding it
	// would allocate 256 MB before finding the pixels missing).
	data = hugePNGHeader(8001, 8000)
	runtime.ReadMemStats(&before)
	_, err = ImportImage(data)
	runtime.ReadMemStats(&after)
	if err == nil {
		t.Fatal("a 64 MP+ picture was imported")
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 8<<20 {
		t.Fatalf("rejecting a 64 MP+ picture allocated %d bytes: the pixels were decoded", n)
	}
}

func TestImportImageScalesDown(t *testing.T) {
	tests := []struct{ w, h, wantW, wantH int }{
		{4100, 600, MaxImageSide, 600 * MaxImageSide / 4100},
		{300, 2500, 300 * MaxImageSide / 2500, MaxImageSide},
		{MaxImageSide, 10, MaxImageSide, 10}, // at the cap: unchanged
		{5000, 1, MaxImageSide, 1},           // never zero
	}
	for _, tc := range tests {
		im, err := ImportImage(encodePNG(t, gradient(tc.w, tc.h, false)))
		if err != nil {
			t.Fatalf("%dx%d: %v", tc.w, tc.h, err)
		}
		if im.Width != tc.wantW || im.Height != tc.wantH {
			t.Fatalf("%dx%d became %dx%d, want %dx%d", tc.w, tc.h, im.Width, im.Height, tc.wantW, tc.wantH)
		}
		cfg, format, err := image.DecodeConfig(bytes.NewReader(im.Data))
		if err != nil || cfg.Width != im.Width || cfg.Height != im.Height || "image/"+format != im.MIME {
			t.Fatalf("stored data %+v %s %v does not match %dx%d %s", cfg, format, err, im.Width, im.Height, im.MIME)
		}
		if err := im.Check(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestImportImageFormats(t *testing.T) {
	opaque, err := ImportImage(encodePNG(t, gradient(50, 40, false)))
	if err != nil {
		t.Fatal(err)
	}
	if opaque.MIME != "image/jpeg" || !bytes.HasPrefix(opaque.Data, []byte("\xff\xd8")) {
		t.Fatalf("opaque PNG stored as %s", opaque.MIME)
	}
	fromJPEG, err := ImportImage(encodeJPEG(t, gradient(50, 40, false)))
	if err != nil || fromJPEG.MIME != "image/jpeg" || fromJPEG.Width != 50 || fromJPEG.Height != 40 {
		t.Fatalf("JPEG import: %+v %v", fromJPEG, err)
	}
	clear, err := ImportImage(encodePNG(t, gradient(50, 40, true)))
	if err != nil {
		t.Fatal(err)
	}
	if clear.MIME != "image/png" || !bytes.HasPrefix(clear.Data, []byte("\x89PNG")) {
		t.Fatalf("transparent PNG stored as %s", clear.MIME)
	}
	img, err := clear.Decode()
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, a := img.At(1, 1).RGBA(); a == 0xffff {
		t.Fatal("transparency lost")
	}
	if _, _, _, a := img.At(45, 35).RGBA(); a != 0xffff {
		t.Fatal("opaque part became transparent")
	}
	if opaque.ID == "" || opaque.ID == clear.ID {
		t.Fatal("imports need fresh IDs")
	}
}

func TestImportImageRejects(t *testing.T) {
	good := encodePNG(t, gradient(20, 20, false))
	for name, data := range map[string][]byte{
		"empty":     nil,
		"text":      []byte("this is not a picture"),
		"gif":       []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
		"truncated": good[:len(good)-30],
		"zero size": hugePNGHeader(0, 10),
	} {
		if im, err := ImportImage(data); err == nil {
			t.Errorf("%s: imported %+v", name, im)
		}
	}
}

func TestImageCheck(t *testing.T) {
	good := *testImages(t)[0]
	if err := good.Check(); err != nil {
		t.Fatal(err)
	}
	big := good
	big.Data = make([]byte, MaxImageBytes+1)
	copy(big.Data, good.Data)
	wrong := good
	wrong.Height++
	for name, im := range map[string]Image{"too many bytes": big, "wrong size": wrong} {
		if err := im.Check(); err == nil {
			t.Errorf("%s: Check passed", name)
		}
		if _, err := im.Decode(); err == nil {
			t.Errorf("%s: Decode passed", name)
		}
	}
}
