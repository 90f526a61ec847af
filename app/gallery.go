package app

import (
	"context"
	"image"
	"image/color"
	"runtime"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"waymark/assets"
	"waymark/canvas/geometry"
	"waymark/canvas/poster"
)

// The template gallery: one card per kind of map, with a thumbnail of its
// first journey painted by the poster painter from the shared layout. An
// empty template and its example share a card, with a switch between them.

// galleryKind is one card: a template, and its example version if it has
// one.
type galleryKind struct {
	empty   assets.Template // the template shown first
	example *assets.Template
}

// galleryKinds groups the templates into cards, in menu order. An example
// whose empty version exists is shown on that version's card.
func galleryKinds() []galleryKind {
	list := assets.Templates()
	byName := map[string]assets.Template{}
	for _, t := range list {
		byName[t.Name] = t
	}
	var out []galleryKind
	for _, t := range list {
		if t.Example && t.Pair != "" {
			if pair, ok := byName[t.Pair]; ok && !pair.Example {
				continue // on its empty version's card
			}
		}
		k := galleryKind{empty: t}
		if pair, ok := byName[t.Pair]; ok && !t.Example && pair.Example {
			k.example = &pair
		}
		out = append(out, k)
	}
	return out
}

// Thumbnails are painted once per run, off the UI goroutine, a few at a
// time, and kept: templates never change while the app runs. One goroutine
// hands finished thumbnails to the UI goroutine, in turn.
var thumbs = struct {
	sync.Mutex
	img       map[string]image.Image
	waiting   map[string][]func(image.Image)
	slots     chan struct{}
	finished  chan string
	deliverer sync.Once
}{img: map[string]image.Image{}, waiting: map[string][]func(image.Image){},
	slots: make(chan struct{}, max(1, runtime.NumCPU()-1)), finished: make(chan string, 64)}

// deliverThumbnails runs the callbacks waiting for each finished thumbnail
// on the UI goroutine.
func deliverThumbnails() {
	for name := range thumbs.finished {
		thumbs.Lock()
		img := thumbs.img[name]
		calls := thumbs.waiting[name]
		delete(thumbs.waiting, name)
		thumbs.Unlock()
		fyne.DoAndWait(func() {
			for _, f := range calls {
				f(img)
			}
		})
	}
}

// thumbDPI paints an A4 landscape poster about 700 pixels wide: sharp at the
// size the gallery shows it, on a screen scaled up to 2×.
const thumbDPI = 60

// thumbnail calls done on the UI goroutine with the template's thumbnail:
// at once if it was painted before, otherwise once it is. A template that
// cannot be painted gets a plain placeholder.
func thumbnail(name string, done func(image.Image)) {
	thumbs.Lock()
	if img, ok := thumbs.img[name]; ok {
		thumbs.Unlock()
		done(img)
		return
	}
	first := len(thumbs.waiting[name]) == 0
	thumbs.waiting[name] = append(thumbs.waiting[name], done)
	thumbs.Unlock()
	if !first {
		return // already being painted
	}
	thumbs.deliverer.Do(func() { go deliverThumbnails() })
	go func() {
		thumbs.slots <- struct{}{}
		img, err := paintThumbnail(context.Background(), name)
		<-thumbs.slots
		if err != nil {
			fyne.LogError("painting the thumbnail of template "+name, err)
			img = placeholder()
		}
		thumbs.Lock()
		thumbs.img[name] = img
		thumbs.Unlock()
		thumbs.finished <- name
	}()
}

// paintThumbnail prints the template's first journey as a small A4 poster,
// laid out exactly as the board and the Export dialog lay it out.
func paintThumbnail(ctx context.Context, name string) (image.Image, error) {
	p, err := assets.NewProject(name)
	if err != nil {
		return nil, err
	}
	if len(p.Journeys) == 0 {
		return placeholder(), nil
	}
	pt, err := posterPainter()
	if err != nil {
		return nil, err
	}
	j := p.Journeys[0]
	d := poster.Doc{Project: p, Journey: j, Layout: geometry.NewLayouter(geometry.DefaultStyle, Metrics()).Layout(p, j)}
	opt := poster.DefaultOptions()
	if opt.Paper, err = poster.ParsePaper("A4"); err != nil {
		return nil, err
	}
	opt.Orientation = poster.Landscape
	opt.Margin = 4 * poster.MM
	opt.DPI = thumbDPI
	img, _, err := pt.Raster(ctx, d, opt)
	if err != nil {
		return nil, err
	}
	return img, nil
}

func placeholder() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	for i := range img.Pix {
		img.Pix[i] = 0xee
	}
	return img
}

// gallery is the dialog and its cards.
type gallery struct {
	dlg   dialog.Dialog
	cards []*galleryCard
	// painted (for tests) is called on the UI goroutine each time a
	// thumbnail is shown.
	painted func(name string)
}

// galleryCard is one kind of map in the gallery.
type galleryCard struct {
	kind    galleryKind
	image   *canvas.Image
	desc    *widget.Label
	variant *widget.RadioGroup // nil without an example version
	use     *widget.Button
	shown   string // the template whose thumbnail is shown
}

const (
	variantEmpty   = "Empty"
	variantExample = "Example"
)

// selected is the template the card's Use button starts from.
func (c *galleryCard) selected() assets.Template {
	if c.variant != nil && c.variant.Selected == variantExample {
		return *c.kind.example
	}
	return c.kind.empty
}

// ShowTemplateGallery shows every template as a card: a thumbnail of its
// first journey, its title and description, and for the six kinds of map
// that have both, a switch between the empty structure and the version with
// example content. Choosing one closes the gallery and calls onChoose with
// the template's name (for assets.NewProject) on the UI goroutine.
// Thumbnails are painted off the UI goroutine and kept for the next time.
func ShowTemplateGallery(w fyne.Window, onChoose func(name string)) {
	g := newGallery(w, onChoose)
	g.dlg.Show()
	g.paint()
}

func newGallery(w fyne.Window, onChoose func(name string)) *gallery {
	g := &gallery{}
	var cells []fyne.CanvasObject
	for _, k := range galleryKinds() {
		c := g.newCard(k, func(name string) {
			g.dlg.Hide()
			if onChoose != nil {
				onChoose(name)
			}
		})
		g.cards = append(g.cards, c)
		cells = append(cells, c.object())
	}
	intro := widget.NewLabel("Start from the structure of a common kind of journey map, or from a finished example to see how one is filled in.")
	intro.Wrapping = fyne.TextWrapWord
	grid := container.NewGridWrap(fyne.NewSize(330, 412), cells...)
	g.dlg = dialog.NewCustom("New from template", "Cancel", container.NewBorder(intro, nil, nil, nil, container.NewVScroll(grid)), w)
	g.dlg.Resize(fyne.NewSize(1060, 760))
	return g
}

// paint shows every card's thumbnail, at once or when painted.
func (g *gallery) paint() {
	for _, c := range g.cards {
		g.showThumbnail(c)
	}
}

func (g *gallery) newCard(k galleryKind, choose func(string)) *galleryCard {
	c := &galleryCard{kind: k}
	c.image = canvas.NewImageFromImage(placeholder())
	c.image.FillMode = canvas.ImageFillContain
	c.image.ScaleMode = canvas.ImageScaleSmooth
	c.image.SetMinSize(fyne.NewSize(306, 216))
	c.desc = widget.NewLabel("")
	c.desc.Wrapping = fyne.TextWrapWord
	if k.example != nil {
		c.variant = widget.NewRadioGroup([]string{variantEmpty, variantExample}, nil)
		c.variant.Horizontal = true
		c.variant.Required = true
		c.variant.SetSelected(variantEmpty)
		c.variant.OnChanged = func(string) {
			c.desc.SetText(c.selected().Description)
			g.showThumbnail(c)
		}
	}
	c.desc.SetText(c.selected().Description)
	c.use = widget.NewButton("Use", func() { choose(c.selected().Name) })
	c.use.Importance = widget.HighImportance
	return c
}

// showThumbnail shows the selected template's thumbnail, once painted.
func (g *gallery) showThumbnail(c *galleryCard) {
	name := c.selected().Name
	c.shown = name
	thumbnail(name, func(img image.Image) {
		if c.shown != name {
			return // switched meanwhile
		}
		c.image.Image = img
		c.image.Refresh()
		if g.painted != nil {
			g.painted(name)
		}
	})
}

func (c *galleryCard) object() fyne.CanvasObject {
	title := widget.NewLabelWithStyle(c.kind.empty.Title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis
	frame := canvas.NewRectangle(color.Transparent)
	frame.StrokeColor = color.NRGBA{0x88, 0x88, 0x88, 0x60}
	frame.StrokeWidth = 1
	frame.CornerRadius = 4
	top := container.NewVBox(container.NewStack(frame, container.NewPadded(c.image)), title)
	var left fyne.CanvasObject = layout.NewSpacer()
	if c.variant != nil {
		left = c.variant
	}
	bottom := container.NewBorder(nil, nil, left, c.use)
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = theme.InputRadiusSize()
	return container.NewStack(bg, container.NewPadded(container.NewBorder(top, bottom, nil, nil, c.desc)))
}
