package poster

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"

	xdraw "golang.org/x/image/draw"

	"waymark/model"
)

// prepared is an image ready to embed: no larger than its print needs.
type prepared struct {
	data []byte
	mime string
	img  image.Image
}

// prepareImage decodes im and, when it has more pixels than maxW × maxH
// (its printed size at the export's resolution), scales it down. PNGs are
// always re-encoded (8-bit, not interlaced, which every PDF reader takes);
// a JPEG that is small enough is kept byte for byte.
func prepareImage(im *model.Image, maxW, maxH int) (*prepared, error) {
	if im == nil || len(im.Data) == 0 {
		return nil, errors.New("empty image")
	}
	src, format, err := image.Decode(bytes.NewReader(im.Data))
	if err != nil {
		return nil, fmt.Errorf("image %s: %w", im.ID, err)
	}
	b := src.Bounds()
	if b.Dx() <= 0 || b.Dy() <= 0 {
		return nil, fmt.Errorf("image %s is empty", im.ID)
	}
	w, h := b.Dx(), b.Dy()
	scaled := false
	if w > maxW || h > maxH {
		f := min(float64(maxW)/float64(w), float64(maxH)/float64(h))
		nw, nh := max(1, int(float64(w)*f+0.5)), max(1, int(float64(h)*f+0.5))
		dst := image.NewNRGBA(image.Rect(0, 0, nw, nh))
		xdraw.CatmullRom.Scale(dst, dst.Bounds(), src, b, xdraw.Src, nil)
		src, scaled = dst, true
	}
	var buf bytes.Buffer
	if format == "jpeg" {
		if !scaled {
			return &prepared{data: im.Data, mime: "image/jpeg", img: src}, nil
		}
		if err := jpeg.Encode(&buf, src, &jpeg.Options{Quality: 90}); err != nil {
			return nil, err
		}
		return &prepared{data: buf.Bytes(), mime: "image/jpeg", img: src}, nil
	}
	switch src.(type) {
	case *image.NRGBA, *image.RGBA, *image.Gray:
	default: // 16-bit, paletted, YCbCr...: to plain 8-bit RGBA
		dst := image.NewNRGBA(src.Bounds())
		xdraw.Draw(dst, dst.Bounds(), src, src.Bounds().Min, xdraw.Src)
		src = dst
	}
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, src); err != nil {
		return nil, err
	}
	return &prepared{data: buf.Bytes(), mime: "image/png", img: src}, nil
}
