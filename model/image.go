package model

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/draw"
)

// Image limits. A stored image is at most MaxImageSide pixels on its long
// side (enough for a persona photo on an A0 poster) and MaxImageBytes long.
// Files from elsewhere may declare anything, so headers are checked against
// these before a single pixel is decoded.
const (
	MaxImageSide     = 2048
	MaxImageBytes    = 8 << 20
	MaxImportPixels  = 64_000_000 // what ImportImage accepts before scaling down
	maxStoredPixels  = MaxImageSide * MaxImageSide
	jpegQualityStore = 88
)

// Check verifies a stored image without decoding its pixels: the size cap,
// and that the header's format and dimensions match what the project says.
func (im *Image) Check() error {
	obj := describe("image", "", im.ID)
	if len(im.Data) == 0 || len(im.Data) > MaxImageBytes {
		return &ValidationError{obj, "data", fmt.Sprintf("is empty or larger than %d MB", MaxImageBytes>>20)}
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(im.Data))
	if err != nil {
		return &ValidationError{obj, "data", "is not a PNG or JPEG image"}
	}
	if "image/"+format != im.MIME {
		return &ValidationError{obj, "type", fmt.Sprintf("says %s but the data is %s", im.MIME, format)}
	}
	if cfg.Width != im.Width || cfg.Height != im.Height {
		return &ValidationError{obj, "size", fmt.Sprintf("says %d×%d but the data is %d×%d", im.Width, im.Height, cfg.Width, cfg.Height)}
	}
	if cfg.Width > MaxImageSide || cfg.Height > MaxImageSide || cfg.Width*cfg.Height > maxStoredPixels {
		return &ValidationError{obj, "size", fmt.Sprintf("%d×%d is larger than %d pixels a side", cfg.Width, cfg.Height, MaxImageSide)}
	}
	return nil
}

// Decode checks the image and decodes its pixels.
func (im *Image) Decode() (image.Image, error) {
	if err := im.Check(); err != nil {
		return nil, err
	}
	img, _, err := image.Decode(bytes.NewReader(im.Data))
	return img, err
}

// ImportImage turns a picture dropped in by the user into a stored Image:
// header checked first, then decoded, scaled down to MaxImageSide and
// re-encoded (PNG when it has transparency, JPEG otherwise), so that what a
// .cjm carries is small, plain and free of metadata.
func ImportImage(data []byte) (*Image, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("it is not a PNG or JPEG image")
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > MaxImportPixels {
		return nil, fmt.Errorf("it is %d×%d pixels; pictures up to %d megapixels can be added", cfg.Width, cfg.Height, MaxImportPixels/1_000_000)
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("it could not be decoded: %v", err)
	}
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if w > MaxImageSide || h > MaxImageSide {
		if w >= h {
			w, h = MaxImageSide, max(1, h*MaxImageSide/b.Dx())
		} else {
			w, h = max(1, w*MaxImageSide/b.Dy()), MaxImageSide
		}
	}
	dst := image.NewNRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
	var buf bytes.Buffer
	mime := "image/jpeg"
	if opaque(dst) {
		err = jpeg.Encode(&buf, dst, &jpeg.Options{Quality: jpegQualityStore})
	} else {
		mime = "image/png"
		err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, dst)
	}
	if err != nil {
		return nil, err
	}
	im := &Image{ID: NewID(), MIME: mime, Width: w, Height: h, Data: buf.Bytes()}
	if err := im.Check(); err != nil {
		return nil, err
	}
	return im, nil
}

func opaque(img *image.NRGBA) bool {
	for i := 3; i < len(img.Pix); i += 4 {
		if img.Pix[i] != 0xff {
			return false
		}
	}
	return true
}
