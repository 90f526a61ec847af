package app

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"waymark/assets"
)

// uniform reports whether an image is one colour (a placeholder).
func uniform(img image.Image) bool {
	b := img.Bounds()
	first := img.At(b.Min.X, b.Min.Y)
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			if img.At(x, y) != first {
				return false
			}
		}
	}
	return true
}

// TestTemplateGallery: the gallery offers every template, paints a real
// thumbnail for each card off the UI goroutine, switches between the empty
// and the example version, and choosing one calls onChoose with its name.
func TestTemplateGallery(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("Gallery")
	w.Resize(fyne.NewSize(1200, 860))
	var chosen []string
	g := newGallery(w, func(name string) { chosen = append(chosen, name) })
	painted := make(chan string, 64)
	g.painted = func(name string) { painted <- name }
	g.dlg.Show()
	g.paint()

	offered := map[string]bool{}
	pairs := 0
	for _, c := range g.cards {
		offered[c.kind.empty.Name] = true
		if c.kind.example != nil {
			offered[c.kind.example.Name] = true
			pairs++
		}
	}
	for _, tpl := range assets.Templates() {
		if !offered[tpl.Name] {
			t.Errorf("the gallery does not offer %s", tpl.Name)
		}
	}
	if len(offered) != len(assets.Templates()) || pairs < 6 {
		t.Errorf("%d templates offered on %d cards, %d with an example", len(offered), len(g.cards), pairs)
	}

	wait := func(want map[string]bool) {
		t.Helper()
		for len(want) > 0 {
			delete(want, await(t, painted, fmt.Sprintf("the painting of the thumbnails %v", want)))
		}
	}
	first := map[string]bool{}
	for _, c := range g.cards {
		first[c.selected().Name] = true
	}
	wait(first)
	for _, c := range g.cards {
		img := c.image.Image
		if img == nil || img.Bounds().Dx() < 600 || uniform(img) {
			t.Errorf("%s: no real thumbnail", c.selected().Name)
		}
	}

	// Switch the SaaS card to its example: another picture, another text.
	var saas *galleryCard
	for _, c := range g.cards {
		if c.kind.empty.Name == "saas-onboarding" {
			saas = c
		}
	}
	if saas == nil || saas.variant == nil {
		t.Fatal("no SaaS card with an example")
	}
	emptyImg := saas.image.Image
	saas.variant.SetSelected(variantExample)
	wait(map[string]bool{"saas-onboarding-example": true})
	if saas.image.Image == emptyImg || !strings.Contains(saas.desc.Text, "Planwise") {
		t.Errorf("switching to the example kept the picture or the text %q", saas.desc.Text)
	}
	if dir := os.Getenv("LOOK_DIR"); dir != "" {
		f, _ := os.Create(filepath.Join(dir, "template-gallery.png"))
		png.Encode(f, w.Canvas().Capture())
		f.Close()
	}

	test.Tap(saas.use)
	if len(chosen) != 1 || chosen[0] != "saas-onboarding-example" {
		t.Errorf("chose %v, want saas-onboarding-example", chosen)
	}
	if w.Canvas().Overlays().Top() != nil {
		t.Error("the gallery stayed open after choosing")
	}

	// Opened again, every thumbnail is there at once (kept from before),
	// and the empty version and the standalone cards choose themselves.
	g2 := newGallery(w, func(name string) { chosen = append(chosen, name) })
	g2.paint()
	for _, c := range g2.cards {
		if uniform(c.image.Image) {
			t.Errorf("%s: thumbnail not kept", c.selected().Name)
		}
	}
	for _, name := range []string{"saas-onboarding", "blank", "sample", "patient"} {
		g2.dlg.Show()
		for _, c := range g2.cards {
			if c.kind.empty.Name == name {
				test.Tap(c.use)
			}
		}
	}
	if got := strings.Join(chosen[1:], " "); got != "saas-onboarding blank sample patient" {
		t.Errorf("chose %q", got)
	}
}
