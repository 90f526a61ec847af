package storage

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"testing"

	"waymark/model"
)

// noisyPicture is a photo-like picture of about n bytes as ImportImage
// stores it (JPEG): noise, which compresses no further.
func noisyPicture(t testing.TB, rng *rand.Rand, n int) *model.Image {
	t.Helper()
	side := 16
	for side*side*5/6 < n { // about 0.85 bytes a pixel of noise as stored
		side += 16
	}
	img := image.NewNRGBA(image.Rect(0, 0, side, side))
	for y := range side {
		for x := range side {
			img.Set(x, y, color.NRGBA{uint8(rng.UintN(256)), uint8(rng.UintN(256)), uint8(rng.UintN(256)), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	im, err := model.ImportImage(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return im
}

// picturesFile writes a map with pictures (n of about size bytes each, on
// its personas and cards) and keeps versions of it, a card edited before
// each; it returns the file and the pictures' bytes.
func picturesFile(t testing.TB, pictures, size, versions int) (string, int64) {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 11))
	p := richProject(t)
	var total int64
	j := p.Journeys[0]
	for i := range pictures {
		im := noisyPicture(t, rng, size)
		p.Images = append(p.Images, im)
		j.Touchpoints[i%len(j.Touchpoints)].ImageID = im.ID
		total += int64(len(im.Data))
	}
	path := writeGood(t, p, t.TempDir(), "pictures.cjm")
	doc := openDoc(t, path)
	for i := range versions {
		editCard(t, doc, i%len(j.Touchpoints), fmt.Sprintf("Edited before version %d", i+1))
		if _, err := doc.SaveVersion(ctx, model.Version{Name: fmt.Sprintf("Version %d", i+1)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := doc.Save(ctx); err != nil {
		t.Fatal(err)
	}
	return path, total
}

// Pictures are stored about once however many versions keep them: a
// version that would start a new chain of changes is stored as changes to
// the root (the first version, stored whole) rather than whole again, and
// every version still decodes, within maxSteps steps.
func TestPicturesStoredOnce(t *testing.T) {
	const versions = maxSteps + 5 // past the first chain
	path, pictures := picturesFile(t, 4, 100<<10, versions)
	db := plainDB(t, path)
	var stored, wholes, onRoot int64
	err := db.QueryRow("SELECT sum(length(data)), sum(base = 0), sum(base = 1) FROM version").Scan(&stored, &wholes, &onRoot)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d versions of %s bytes of pictures take %s bytes; %d whole, %d stored as changes to the root",
		versions, count(pictures), count(stored), wholes, onRoot)
	if wholes != 1 || onRoot < 2 || stored > pictures*3/2 {
		t.Fatalf("%d versions of %s bytes of pictures take %s bytes, %d of them whole, %d on the root",
			versions, count(pictures), count(stored), wholes, onRoot)
	}
	doc := openDoc(t, path)
	steps := countSteps(t)
	for _, seq := range []int{maxSteps + 1, maxSteps + 2, versions} {
		*steps = 0
		p, err := doc.VersionProject(ctx, seq)
		if err != nil {
			t.Fatal(err)
		}
		if *steps > maxSteps+1 {
			t.Fatalf("version %d takes %d steps", seq, *steps)
		}
		want := fmt.Sprintf("Edited before version %d", seq)
		if tp := p.Journeys[0].Touchpoints[(seq-1)%len(p.Journeys[0].Touchpoints)]; tp.Title != want || len(p.Images) != len(doc.Project().Images) {
			t.Fatalf("version %d holds %q and %d pictures", seq, tp.Title, len(p.Images))
		}
	}
	if last, err := doc.VersionProject(ctx, versions); err != nil {
		t.Fatal(err)
	} else {
		sameProject(t, "the last version", doc.Project(), last)
	}
}
