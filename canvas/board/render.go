package board

import (
	"image"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"waymark/canvas/geometry"
	"waymark/model"
)

// pool recycles canvas objects so that scrolling and zooming reuse them
// instead of allocating: the tree only ever holds what is in view.
type pool[T any] struct {
	items []T
	n     int
	mk    func() T
}

func (p *pool[T]) next() T {
	if p.n == len(p.items) {
		p.items = append(p.items, p.mk())
	}
	p.n++
	return p.items[p.n-1]
}

func (p *pool[T]) reset() { p.n = 0 }

// cardView is the canvas objects of one card. It is recycled across cards.
type cardView struct {
	id      model.ID
	bg      *canvas.Rectangle
	accent  *canvas.Rectangle
	title   [4]*canvas.Text
	chip    *canvas.Rectangle
	chipTxt *canvas.Text
	badges  [maxBadges]*canvas.Circle
	badgeTx [maxBadges]*canvas.Text
	marks   [3]*canvas.Circle
	markTx  [3]*canvas.Text
	diamond *canvas.ArbitraryPolygon
	warning *canvas.ArbitraryPolygon // a pain point's triangle
	conf    [3]*canvas.Circle
	picture *canvas.Image
	picID   model.ID
	dim     *canvas.Rectangle   // a veil over a card Find did not match or the lens leaves out
	objs    []fyne.CanvasObject // every object of the view
	live    []fyne.CanvasObject // those the current card shows
}

const maxBadges = 6

func newCardView() *cardView {
	v := &cardView{bg: canvas.NewRectangle(color.Transparent), accent: canvas.NewRectangle(color.Transparent),
		chip: canvas.NewRectangle(color.Transparent), chipTxt: canvas.NewText("", color.Black),
		diamond: canvas.NewArbitraryPolygon(make([]fyne.Position, 4), color.Transparent),
		warning: canvas.NewArbitraryPolygon(make([]fyne.Position, 3), color.Transparent),
		picture: &canvas.Image{FillMode: canvas.ImageFillCover, ScaleMode: canvas.ImageScaleSmooth}}
	v.objs = append(v.objs, v.bg, v.accent, v.picture, v.chip, v.chipTxt)
	for i := range v.title {
		v.title[i] = canvas.NewText("", color.Black)
		v.title[i].TextStyle.Bold = true
		v.objs = append(v.objs, v.title[i])
	}
	for i := range v.badges {
		v.badges[i] = canvas.NewCircle(color.Transparent)
		v.badgeTx[i] = canvas.NewText("", color.White)
		v.badgeTx[i].TextStyle.Bold = true
		v.objs = append(v.objs, v.badges[i], v.badgeTx[i])
	}
	v.objs = append(v.objs, v.diamond, v.warning)
	for i := range v.marks {
		v.marks[i] = canvas.NewCircle(color.Transparent)
		v.markTx[i] = canvas.NewText("", color.White)
		v.markTx[i].TextStyle.Bold = true
		v.objs = append(v.objs, v.marks[i], v.markTx[i])
	}
	for i := range v.conf {
		v.conf[i] = canvas.NewCircle(color.Transparent)
		v.objs = append(v.objs, v.conf[i])
	}
	v.dim = canvas.NewRectangle(color.Transparent)
	v.objs = append(v.objs, v.dim) // last: over the whole card
	return v
}

// headerView is a stage or lane header.
type headerView struct {
	bg     *canvas.Rectangle
	accent *canvas.Rectangle
	lines  [4]*canvas.Text
	objs   []fyne.CanvasObject
}

func newHeaderView() *headerView {
	h := &headerView{bg: canvas.NewRectangle(color.Transparent), accent: canvas.NewRectangle(color.Transparent)}
	h.objs = append(h.objs, h.bg, h.accent)
	for i := range h.lines {
		h.lines[i] = canvas.NewText("", color.Black)
		h.objs = append(h.objs, h.lines[i])
	}
	return h
}

type renderer struct {
	b *Board
	// headerText joins a header's lines for painting, reused so that a
	// repaint allocates nothing for them.
	headerText []geometry.Text

	bg        *canvas.Rectangle
	pos, neg  *canvas.Rectangle
	zero      *canvas.Line
	lines     pool[*canvas.Line]
	cards     pool[*cardView]
	segs      pool[*canvas.BezierCurve]
	dashes    pool[*canvas.Line]             // the pieces of dashed curves
	dots      pool[*canvas.Circle]           // curve points drawn as circles
	shapes    pool[*canvas.ArbitraryPolygon] // curve points of the other shapes
	shapeBuf  []geometry.Point
	stageHdrs pool[*headerView]
	laneHdrs  pool[*headerView]
	texts     pool[*canvas.Text] // tick labels and legend names
	swatches  pool[*canvas.Rectangle]
	// The behaviour band's shapes and lines.
	figRects  pool[*canvas.Rectangle]
	figPolys  pool[*canvas.ArbitraryPolygon]
	figTexts  pool[*canvas.Text]
	corner    *headerView
	indicator *canvas.Rectangle
	band      *canvas.Rectangle
	vbar      *canvas.Rectangle
	hbar      *canvas.Rectangle

	byCard       map[model.ID]*cardView
	pictures     map[model.ID]image.Image // decoded card pictures
	fit          map[fitKey]float32       // see textFit
	objects      []fyne.CanvasObject
	hasIndicator bool // the indicator is in objects
}

func (b *Board) CreateRenderer() fyne.WidgetRenderer {
	r := &renderer{b: b,
		bg:        canvas.NewRectangle(color.Transparent),
		pos:       canvas.NewRectangle(color.Transparent),
		neg:       canvas.NewRectangle(color.Transparent),
		zero:      canvas.NewLine(color.Transparent),
		corner:    newHeaderView(),
		indicator: canvas.NewRectangle(color.Transparent),
		band:      canvas.NewRectangle(color.Transparent),
		vbar:      canvas.NewRectangle(color.Transparent),
		hbar:      canvas.NewRectangle(color.Transparent),
		byCard:    map[model.ID]*cardView{},
		pictures:  map[model.ID]image.Image{},
		fit:       map[fitKey]float32{},
	}
	r.lines.mk = func() *canvas.Line { return canvas.NewLine(color.Transparent) }
	r.cards.mk = newCardView
	r.segs.mk = func() *canvas.BezierCurve {
		return canvas.NewCubicBezierCurve(fyne.Position{}, fyne.Position{}, fyne.Position{}, fyne.Position{}, color.Transparent)
	}
	r.dots.mk = func() *canvas.Circle { return canvas.NewCircle(color.Transparent) }
	r.dashes.mk = func() *canvas.Line { return canvas.NewLine(color.Transparent) }
	r.shapes.mk = func() *canvas.ArbitraryPolygon { return canvas.NewArbitraryPolygon(nil, color.Transparent) }
	r.stageHdrs.mk = newHeaderView
	r.laneHdrs.mk = newHeaderView
	r.texts.mk = func() *canvas.Text { return canvas.NewText("", color.Black) }
	r.swatches.mk = func() *canvas.Rectangle { return canvas.NewRectangle(color.Transparent) }
	r.figRects.mk = func() *canvas.Rectangle { return canvas.NewRectangle(color.Transparent) }
	r.figPolys.mk = func() *canvas.ArbitraryPolygon { return canvas.NewArbitraryPolygon(nil, color.Transparent) }
	r.figTexts.mk = func() *canvas.Text { return canvas.NewText("", color.Black) }
	b.rend = r
	r.Refresh()
	return r
}

func (r *renderer) Destroy() { r.b.rend = nil }

func (r *renderer) MinSize() fyne.Size { return fyne.NewSize(200, 150) }

func (r *renderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *renderer) Layout(fyne.Size) {
	r.b.clampOffset()
	r.paint()
}

func (r *renderer) Refresh() {
	r.paint()
	canvas.Refresh(r.b)
}

// paintSelection repaints only what selection changes: the card outlines.
func (r *renderer) paintSelection() {
	pal := r.b.palette
	for id, v := range r.byCard {
		r.outline(v, r.b.selected[id], pal)
		v.bg.Refresh()
	}
}

func (r *renderer) outline(v *cardView, selected bool, pal geometry.Palette) {
	z := r.b.zoom
	switch {
	case v.id == r.b.current && r.b.highlight[v.id]:
		v.bg.StrokeColor, v.bg.StrokeWidth = pal.Selection, 4
	case selected:
		v.bg.StrokeColor, v.bg.StrokeWidth = pal.Selection, 2.5
	case r.b.highlight[v.id]:
		v.bg.StrokeColor, v.bg.StrokeWidth = pal.MomentOfTruth, 2.5
	default:
		v.bg.StrokeColor, v.bg.StrokeWidth = pal.CardBorder, max(1, z)
	}
}

// visible is the part of the board in view in the scrolling area.
func (r *renderer) visible() geometry.Rect {
	b := r.b
	s := b.Size()
	st := b.layout.Style
	return geometry.Rect{X: b.off.X + st.LaneHeaderWidth, Y: b.off.Y + st.StageHeaderHeight,
		W: s.Width / b.zoom, H: s.Height / b.zoom}
}

// paint positions every object from the layout. Only objects in view are put
// in the tree, so the cost follows the viewport, not the size of the map.
func (r *renderer) paint() {
	b := r.b
	l := b.layout
	pal := b.palette
	z := b.zoom
	size := b.Size()
	view := r.visible()

	r.objects = r.objects[:0]
	r.hasIndicator = false
	r.bg.FillColor = pal.Background
	r.bg.Move(fyne.Position{})
	r.bg.Resize(size)
	r.objects = append(r.objects, r.bg)

	// Emotion band: tints, scale lines, neutral line.
	r.lines.reset()
	if e := l.Emotion; e != nil {
		r.rect(r.pos, e.Positive, pal.Positive)
		r.rect(r.neg, e.Negative, pal.Negative)
		r.objects = append(r.objects, r.pos, r.neg)
		for _, tk := range e.Ticks {
			ln := r.lines.next()
			r.hline(ln, e.Band.X, e.Band.X+e.Band.W, tk.Y, withAlpha(pal.Grid, 0x90), 1)
			r.objects = append(r.objects, ln)
		}
		r.hline(r.zero, e.Band.X, e.Band.X+e.Band.W, e.NeutralY, pal.Neutral, 1.5)
		r.objects = append(r.objects, r.zero)
	}
	// Grid: column and row separators.
	for _, s := range l.Stages {
		if s.Column.X+s.Column.W < view.X || s.Column.X > view.X+view.W {
			continue
		}
		ln := r.lines.next()
		x := (s.Column.X + s.Column.W - b.off.X) * z
		ln.Position1, ln.Position2 = fyne.NewPos(x, 0), fyne.NewPos(x, (l.Size.H-b.off.Y)*z)
		ln.StrokeColor, ln.StrokeWidth = pal.Grid, 1
		r.objects = append(r.objects, ln)
	}
	for _, ln := range l.Lanes {
		if ln.Row.Y+ln.Row.H < view.Y || ln.Row.Y > view.Y+view.H {
			continue
		}
		o := r.lines.next()
		r.hline(o, 0, l.Size.W, ln.Row.Y+ln.Row.H, pal.Grid, 1)
		r.objects = append(r.objects, o)
	}

	r.paintBehaviour(view)

	// Cards in view; dragged ones are painted last, above the rest.
	r.cards.reset()
	clear(r.byCard)
	var dragged []*cardView
	for i := range l.Cards {
		c := &l.Cards[i]
		moving := b.drag != nil && b.drag.kind == pressCard && b.selected[c.ID]
		if !moving && !c.Rect.Intersects(view) {
			continue
		}
		v := r.cards.next()
		r.byCard[c.ID] = v
		r.paintCard(v, c, pal)
		if moving {
			dragged = append(dragged, v)
			continue
		}
		r.objects = append(r.objects, v.live...)
	}

	// Curves and their points: each persona's line in its dash pattern,
	// its points in its shape, so that curves differ in more than colour.
	r.segs.reset()
	r.dashes.reset()
	r.dots.reset()
	r.shapes.reset()
	if e := l.Emotion; e != nil {
		w := 2.5 * max(z, 0.6)
		rad := geometry.PointRadius * max(z, 0.6)
		for _, cv := range e.Curves {
			col := pal.PersonaColor(cv.Slot)
			if cv.Dashes == nil {
				for _, sg := range cv.Segments {
					if max(sg.P0.X, sg.P1.X) < view.X || min(sg.P0.X, sg.P1.X) > view.X+view.W {
						continue
					}
					bc := r.segs.next()
					r.bezier(bc, sg, col, w)
					r.objects = append(r.objects, bc)
				}
			}
			for _, d := range cv.Dashes {
				if d[len(d)-1].X < view.X || d[0].X > view.X+view.W {
					continue
				}
				for k := 1; k < len(d); k++ {
					ln := r.dashes.next()
					ln.Position1 = fyne.NewPos((d[k-1].X-b.off.X)*z, (d[k-1].Y-b.off.Y)*z)
					ln.Position2 = fyne.NewPos((d[k].X-b.off.X)*z, (d[k].Y-b.off.Y)*z)
					ln.StrokeColor, ln.StrokeWidth = col, w
					ln.Refresh()
					r.objects = append(r.objects, ln)
				}
			}
			for _, p := range cv.Points {
				if !view.Contains(p.P) {
					continue
				}
				r.point(cv.Shape, (p.P.X-b.off.X)*z, (p.P.Y-b.off.Y)*z, rad, col, pal.CardFill)
			}
		}
	}

	// The measured conversion, dashed, on its own axis.
	if e := l.Emotion; e != nil && e.Conversion != nil {
		w := 1.5 * max(z, 0.6)
		for _, d := range e.Conversion.Dashes {
			if max(d[0].X, d[1].X) < view.X || min(d[0].X, d[1].X) > view.X+view.W {
				continue
			}
			bc := r.segs.next()
			r.bezier(bc, geometry.Bezier{P0: d[0], C1: d[0], C2: d[1], P1: d[1]}, pal.Text, w)
			r.objects = append(r.objects, bc)
		}
		for _, tx := range e.Conversion.Axis {
			t := r.texts.next()
			r.text(t, tx, b.off.X, b.off.Y, pal.MutedText)
			r.objects = append(r.objects, t)
		}
	}

	// Drag feedback.
	if b.drag != nil {
		r.paintDrag()
		for _, v := range dragged {
			r.objects = append(r.objects, v.live...)
		}
	}

	r.paintHeaders(view)
	r.paintScrollbars(size)
	if b.editing != nil {
		if p, s, ok := b.editRect(); ok {
			b.editing.entry.Move(p)
			b.editing.entry.Resize(s)
			r.objects = append(r.objects, b.editing.entry)
		}
	}
}

// paintBehaviour paints the behaviour lane's band, as the poster's
// behaviour does: leak bands, the persons lost, reach bars, then each
// stage's channel mix, marker and lines; only what is in view.
func (r *renderer) paintBehaviour(view geometry.Rect) {
	b := r.b
	pal := b.palette
	r.figRects.reset()
	r.figPolys.reset()
	r.figTexts.reset()
	bb := b.layout.Behaviour
	if bb == nil || !bb.Band.Intersects(view) {
		return
	}
	for i := range bb.Leaks {
		lk := &bb.Leaks[i]
		box := geometry.Rect{X: lk.Band[0].X, Y: lk.Band[0].Y, W: lk.Band[1].X - lk.Band[0].X, H: lk.Lost[2].Y - lk.Band[0].Y}
		if !box.Intersects(view) {
			continue
		}
		r.polygon(lk.Band[:], geometry.FlowColor(pal, lk.View))
		if lk.Lost[0] != lk.Lost[1] {
			r.polygon(lk.Lost[:], geometry.LeakColor(pal, lk.Largest))
		}
		c := pal.MutedText
		if lk.Largest {
			c = pal.PainPoint
		}
		r.figText(lk.Label, c)
	}
	z := b.zoom
	for i := range bb.Stages {
		s := &bb.Stages[i]
		if !s.Cell.Intersects(view) {
			continue
		}
		if s.Bar.H > 0 {
			r.figRect(s.Bar, geometry.ReachColor(pal, s.View), 0)
		}
		if s.Swatch.W > 0 {
			r.figRect(s.Swatch, geometry.ReachColor(pal, s.View), 0)
		}
		for _, m := range s.Mix {
			r.figRect(m.Rect, geometry.MixColor(pal, m), 0)
		}
		if s.Marker.W > 0 {
			r.figRect(s.Marker, pal.MomentOfTruth, 3*z)
			r.figText(s.MarkerGlyph, color.NRGBA{0xff, 0xff, 0xff, 0xff})
		}
		for k, ln := range s.Lines {
			c := geometry.ToneColor(pal, ln.Tone)
			if s.Worst && k == 0 { // the worst drop-off's reach and conversion, as the poster has it
				c = pal.PainPoint
			}
			if len(ln.Arrow) > 0 {
				r.polygon(ln.Arrow, c)
			}
			r.figText(ln.Text, c)
		}
	}
}

func (r *renderer) figRect(br geometry.Rect, fill color.Color, radius float32) {
	o := r.figRects.next()
	o.CornerRadius = radius
	r.rect(o, br, fill)
	o.Refresh()
	r.objects = append(r.objects, o)
}

func (r *renderer) figText(t geometry.Text, c color.Color) {
	o := r.figTexts.next()
	r.text(o, t, r.b.off.X, r.b.off.Y, c)
	r.objects = append(r.objects, o)
}

// polygon places a filled polygon given in board units: the object sits at
// the points' bounding box, its points relative to it.
func (r *renderer) polygon(pts []geometry.Point, fill color.Color) {
	b := r.b
	o := r.figPolys.next()
	minX, minY := pts[0].X, pts[0].Y
	maxX, maxY := minX, minY
	for _, p := range pts[1:] {
		minX, minY, maxX, maxY = min(minX, p.X), min(minY, p.Y), max(maxX, p.X), max(maxY, p.Y)
	}
	o.Move(fyne.NewPos((minX-b.off.X)*b.zoom, (minY-b.off.Y)*b.zoom))
	o.Resize(fyne.NewSize(max((maxX-minX)*b.zoom, 1), max((maxY-minY)*b.zoom, 1)))
	o.Points = o.Points[:0]
	for _, p := range pts {
		o.Points = append(o.Points, fyne.NewPos((p.X-minX)*b.zoom, (p.Y-minY)*b.zoom))
	}
	o.FillColor = fill
	o.Refresh()
	r.objects = append(r.objects, o)
}

// point draws a curve point of shape s centred at x, y (on screen), size
// rad, with a ring of halo around it.
func (r *renderer) point(s geometry.Shape, x, y, rad float32, fill, halo color.Color) {
	if s == geometry.ShapeCircle {
		d := r.dots.next()
		d.FillColor, d.StrokeColor, d.StrokeWidth = fill, halo, geometry.PointHalo
		d.Move(fyne.NewPos(x-rad, y-rad))
		d.Resize(fyne.NewSize(2*rad, 2*rad))
		d.Refresh()
		r.objects = append(r.objects, d)
		return
	}
	o := r.shapes.next()
	r.shapeBuf = geometry.AppendPolygon(r.shapeBuf[:0], s, geometry.Point{X: x, Y: y}, rad, 0)
	ext := geometry.ShapeExtent(s, rad)
	o.Move(fyne.NewPos(x-ext, y-ext))
	o.Resize(fyne.NewSize(2*ext, 2*ext))
	o.Points = o.Points[:0]
	// Quarter pixels: finer is invisible, and the same on every machine.
	quarter := func(v float32) float32 { return float32(math.Round(float64(v)*4) / 4) }
	for _, p := range r.shapeBuf {
		o.Points = append(o.Points, fyne.NewPos(quarter(p.X-x+ext), quarter(p.Y-y+ext)))
	}
	o.FillColor, o.StrokeColor, o.StrokeWidth = fill, halo, geometry.PointHalo
	o.Refresh()
	r.objects = append(r.objects, o)
}

// picture returns a card picture, decoded once: images never change in
// place, an edit adds a new one.
func (r *renderer) picture(id model.ID) image.Image {
	if id == "" {
		return nil
	}
	if img, ok := r.pictures[id]; ok {
		return img
	}
	var img image.Image
	if im := r.b.history.Project().Image(id); im != nil {
		img, _ = im.Decode()
	}
	r.pictures[id] = img
	return img
}

// dragStep repaints only what a card drag moves: the dragged cards and the
// drop indicator. It allocates nothing, whatever the size of the board.
func (r *renderer) dragStep() {
	b := r.b
	pal := b.palette
	for id, v := range r.byCard {
		if b.selected[id] {
			if c := b.layout.Card(id); c != nil {
				r.paintCard(v, c, pal)
			}
		}
	}
	d := b.drag
	if d.target == nil {
		r.indicator.Hide()
		return
	}
	l := b.layout
	z := b.zoom
	r.indicator.Move(fyne.NewPos((d.target.Rect.X+l.Style.CellPadding-b.off.X)*z, (d.indicatorY-b.off.Y)*z-1.5))
	r.indicator.Resize(fyne.NewSize((d.target.Rect.W-2*l.Style.CellPadding)*z, 3))
	if !r.indicator.Visible() || !r.hasIndicator {
		r.indicator.FillColor = pal.DropIndicator
		r.indicator.Show()
		r.Refresh() // put the indicator in the tree
	}
}

func withAlpha(c color.NRGBA, a uint8) color.NRGBA {
	c.A = a
	return c
}

// rect places a rectangle given in board units of the scrolling area.
func (r *renderer) rect(o *canvas.Rectangle, br geometry.Rect, fill color.Color) {
	p, s := r.b.screenRect(br)
	o.Move(p)
	o.Resize(s)
	if o.FillColor != fill {
		o.FillColor = fill
		o.Refresh()
	}
}

func (r *renderer) hline(o *canvas.Line, x0, x1, y float32, c color.Color, w float32) {
	b := r.b
	o.Position1 = fyne.NewPos((x0-b.off.X)*b.zoom, (y-b.off.Y)*b.zoom)
	o.Position2 = fyne.NewPos((x1-b.off.X)*b.zoom, (y-b.off.Y)*b.zoom)
	o.StrokeColor, o.StrokeWidth = c, w
	o.Refresh()
}

func (r *renderer) bezier(o *canvas.BezierCurve, sg geometry.Bezier, c color.Color, w float32) {
	b := r.b
	pts := [4]geometry.Point{sg.P0, sg.C1, sg.C2, sg.P1}
	minX, minY := pts[0].X, pts[0].Y
	maxX, maxY := minX, minY
	for _, p := range pts[1:] {
		minX, minY, maxX, maxY = min(minX, p.X), min(minY, p.Y), max(maxX, p.X), max(maxY, p.Y)
	}
	// BezierCurve takes points relative to itself and no negative ones, so
	// the object sits at the segment's bounding box.
	o.Move(fyne.NewPos((minX-b.off.X)*b.zoom, (minY-b.off.Y)*b.zoom))
	o.Resize(fyne.NewSize(max((maxX-minX)*b.zoom, 1), max((maxY-minY)*b.zoom, 1)))
	rel := func(p geometry.Point) fyne.Position {
		return fyne.NewPos((p.X-minX)*b.zoom, (p.Y-minY)*b.zoom)
	}
	o.StartPoint, o.EndPoint = rel(sg.P0), rel(sg.P1)
	if len(o.ControlPoints) != 2 {
		o.ControlPoints = make([]fyne.Position, 2)
	}
	o.ControlPoints[0], o.ControlPoints[1] = rel(sg.C1), rel(sg.C2)
	o.StrokeColor, o.StrokeWidth = c, w
	o.Refresh()
}

// text sets a text object from a geometry line, refreshing it only when
// something it is drawn from changed (a text texture is costly to redo).
func (r *renderer) text(o *canvas.Text, t geometry.Text, dx, dy float32, c color.Color) {
	z := r.b.zoom
	o.Move(fyne.NewPos((t.X-dx)*z, (t.Y-dy)*z))
	size := t.Size * z * r.textFit(t.Size, t.Bold)
	if o.Text != t.Text || o.TextSize != size || o.Color != c || o.TextStyle.Bold != t.Bold {
		o.Text, o.TextSize, o.Color, o.TextStyle.Bold = t.Text, size, c, t.Bold
		o.Refresh()
	}
	o.Show()
}

// fitKey is a text size and face at a zoom.
type fitKey struct {
	size, zoom float32
	bold       bool
}

// fitSample is text of typical letter frequencies to compare widths with.
const fitSample = "Compares fees and app reviews, then opens the account online"

// textFit is how much to shrink text drawn at a zoom so that it is never
// wider than the layout measured it: the screen's text engine rounds sizes
// and hints glyphs, so at some zooms its lines come out a little wider than
// the font's advances scaled. Measured once per size, face and zoom.
func (r *renderer) textFit(size float32, bold bool) float32 {
	k := fitKey{size, r.b.zoom, bold}
	if f, ok := r.fit[k]; ok {
		return f
	}
	f := float32(1)
	want := r.b.layouter.Metrics.Width(fitSample, size, bold) * r.b.zoom
	// Sizes are rounded on screen, so one shrink can land on the same size:
	// shrink until the line fits (a step or two).
	for i := 0; i < 4; i++ {
		got := fyne.MeasureText(fitSample, size*r.b.zoom*f, fyne.TextStyle{Bold: bold}).Width
		if got <= want*1.005 || got <= 0 {
			break
		}
		f *= want / got * 0.99
	}
	if len(r.fit) > 256 {
		clear(r.fit)
	}
	r.fit[k] = f
	return f
}

func (r *renderer) paintCard(v *cardView, c *geometry.CardBox, pal geometry.Palette) {
	b := r.b
	z := b.zoom
	dx, dy := b.off.X, b.off.Y
	if b.drag != nil && b.drag.kind == pressCard && b.selected[c.ID] {
		dx -= b.drag.delta.X
		dy -= b.drag.delta.Y
	}
	v.id = c.ID
	at := func(br geometry.Rect) (fyne.Position, fyne.Size) {
		return fyne.NewPos((br.X-dx)*z, (br.Y-dy)*z), fyne.NewSize(br.W*z, br.H*z)
	}
	place := func(o fyne.CanvasObject, br geometry.Rect) {
		p, s := at(br)
		o.Move(p)
		o.Resize(s)
		o.Show()
	}
	place(v.bg, c.Rect)
	v.bg.FillColor, v.bg.CornerRadius = pal.CardFill, 6*z
	r.outline(v, b.selected[c.ID], pal)
	v.bg.Refresh()

	accent, ok := geometry.ParseColor(c.Accent)
	if !ok {
		accent = pal.Grid
	}
	place(v.accent, geometry.Rect{X: c.Rect.X + 1, Y: c.Rect.Y + 4, W: 4, H: c.Rect.H - 8})
	v.accent.FillColor, v.accent.CornerRadius = accent, 2*z
	v.accent.Refresh()

	if img := r.picture(c.ImageID); c.Image.W > 0 && img != nil {
		place(v.picture, c.Image)
		if v.picID != c.ImageID {
			v.picture.Image, v.picID = img, c.ImageID
			v.picture.Refresh()
		}
	} else {
		v.picture.Hide()
	}
	for i, t := range v.title {
		if i < len(c.Title) {
			r.text(t, c.Title[i], dx, dy, pal.Text)
		} else {
			t.Hide()
		}
	}
	if c.Channel != "" && c.ChannelChip.W > 0 {
		place(v.chip, c.ChannelChip)
		v.chip.FillColor, v.chip.CornerRadius = pal.ChannelColor(c.Channel), c.ChannelChip.H/2*z
		v.chip.Refresh()
		r.text(v.chipTxt, c.ChannelText, dx, dy, pal.Text)
	} else {
		v.chip.Hide()
		v.chipTxt.Hide()
	}
	for i := range v.badges {
		if i >= len(c.Badges) {
			v.badges[i].Hide()
			v.badgeTx[i].Hide()
			continue
		}
		bd := c.Badges[i]
		place(v.badges[i], bd.Rect)
		fill := pal.PersonaColor(bd.Slot)
		v.badges[i].FillColor = fill
		v.badges[i].Refresh()
		r.text(v.badgeTx[i], bd.Label, dx, dy, geometry.LabelOn(fill))
	}
	v.diamond.Hide()
	v.warning.Hide()
	for i := range v.marks {
		v.marks[i].Hide()
		v.markTx[i].Hide()
	}
	// Each flag has its own shape (geometry.MarkerShape), so that pain
	// points and opportunities differ in grey as well as in colour.
	for i, m := range c.Markers {
		fill, glyph := geometry.MarkerStyle(pal, m.Kind)
		if outline := m.Outline(); outline != nil {
			o := v.diamond
			if m.Kind == geometry.PainPoint {
				o = v.warning
			}
			p, s := at(m.Rect)
			o.Move(p)
			o.Resize(s)
			o.Points = o.Points[:0]
			for _, q := range outline {
				o.Points = append(o.Points, fyne.NewPos((q.X-m.Rect.X)*z, (q.Y-m.Rect.Y)*z))
			}
			o.FillColor = fill
			o.Show()
			o.Refresh()
		} else {
			place(v.marks[i], m.Rect)
			v.marks[i].FillColor = fill
			v.marks[i].Refresh()
		}
		if glyph != "" {
			size := b.layout.Style.MetaSize
			g := m.GlyphBox()
			r.text(v.markTx[i], geometry.Text{Text: glyph, X: g.X + g.W/2 - size*0.18, Y: g.Y + (g.H-size*1.35)/2, Size: size, Bold: true}, dx, dy, color.White)
		}
	}
	level := map[model.Confidence]int{model.Assumption: 1, model.Anecdotal: 2, model.Validated: 3}[c.Confidence]
	for i, d := range v.conf {
		if c.ConfRect.W == 0 {
			d.Hide()
			continue
		}
		place(d, geometry.Rect{X: c.ConfRect.X + float32(i)*7, Y: c.ConfRect.Y, W: 6, H: 6})
		d.StrokeColor, d.StrokeWidth = pal.MutedText, 1
		d.FillColor = color.Color(color.Transparent)
		if i < level {
			d.FillColor = pal.MutedText
		}
		d.Refresh()
	}
	// A card Find did not match and one the lens leaves out are veiled
	// alike; one that is both, more. Either stays selectable.
	found := b.dimOthers && !b.highlight[c.ID]
	if found || c.Dimmed {
		a := uint8(0xb4)
		if found && c.Dimmed {
			a = 0xdc
		}
		place(v.dim, c.Rect)
		v.dim.FillColor, v.dim.CornerRadius = withAlpha(pal.Background, a), 6*z
		v.dim.Refresh()
	} else {
		v.dim.Hide()
	}
	// Hidden objects still cost a walk on every frame: keep them out.
	v.live = v.live[:0]
	for _, o := range v.objs {
		if o.Visible() {
			v.live = append(v.live, o)
		}
	}
}

func (r *renderer) paintHeaders(view geometry.Rect) {
	b := r.b
	l := b.layout
	pal := b.palette
	z := b.zoom

	r.texts.reset()
	r.swatches.reset()
	r.stageHdrs.reset()
	for i := range l.Stages {
		s := &l.Stages[i]
		if s.Header.X+s.Header.W < view.X || s.Header.X > view.X+view.W {
			continue
		}
		h := r.stageHdrs.next()
		h.bg.Move(fyne.NewPos((s.Header.X-b.off.X)*z, 0))
		h.bg.Resize(fyne.NewSize(s.Header.W*z, s.Header.H*z))
		h.bg.FillColor, h.bg.StrokeColor, h.bg.StrokeWidth = pal.HeaderFill, pal.Grid, 1
		h.bg.Refresh()
		accent, ok := geometry.ParseColor(s.Color)
		if !ok {
			accent = pal.Grid
		}
		h.accent.Move(fyne.NewPos((s.Header.X-b.off.X)*z, 0))
		h.accent.Resize(fyne.NewSize(4*z, s.Header.H*z))
		h.accent.FillColor = accent
		h.accent.Refresh()
		r.headerText = append(append(r.headerText[:0], s.Name...), s.Desc...)
		r.headerLines(h, r.headerText, b.off.X, 0, pal)
		if b.drag != nil && b.drag.kind == pressStage && b.drag.from == i {
			h.bg.FillColor = withAlpha(pal.Selection, 0x40)
		}
		r.objects = append(r.objects, h.objs...)
	}
	r.laneHdrs.reset()
	for i := range l.Lanes {
		ln := &l.Lanes[i]
		if ln.Header.Y+ln.Header.H < view.Y || ln.Header.Y > view.Y+view.H {
			continue
		}
		h := r.laneHdrs.next()
		h.bg.Move(fyne.NewPos(0, (ln.Header.Y-b.off.Y)*z))
		h.bg.Resize(fyne.NewSize(ln.Header.W*z, ln.Header.H*z))
		h.bg.FillColor, h.bg.StrokeColor, h.bg.StrokeWidth = pal.HeaderFill, pal.Grid, 1
		if b.drag != nil && b.drag.kind == pressLane && b.drag.from == i {
			h.bg.FillColor = withAlpha(pal.Selection, 0x40)
		}
		h.bg.Refresh()
		h.accent.Hide()
		r.headerText = append(append(r.headerText[:0], ln.Name...), ln.Kind2...)
		r.headerLines(h, r.headerText, 0, b.off.Y, pal)
		if len(ln.Kind2) > 0 {
			h.lines[min(len(r.headerText), len(h.lines))-1].Color = pal.MutedText
		}
		r.objects = append(r.objects, h.objs...)
		if bb := l.Behaviour; bb != nil && bb.Lane == ln.ID {
			for _, tx := range bb.Header {
				t := r.texts.next()
				r.text(t, tx, 0, b.off.Y, pal.MutedText)
				r.objects = append(r.objects, t)
			}
			for _, sw := range bb.Swatches {
				o := r.figRects.next()
				o.CornerRadius = 0
				// The lane header stays at the left: only y scrolls.
				r.rect(o, geometry.Rect{X: sw.Rect.X + b.off.X, Y: sw.Rect.Y, W: sw.Rect.W, H: sw.Rect.H}, geometry.ReachColor(pal, sw.View))
				o.Refresh()
				r.objects = append(r.objects, o)
			}
		}
		if e := l.Emotion; e != nil && e.Lane == ln.ID {
			for _, tk := range e.Ticks {
				if tk.Label != nil {
					t := r.texts.next()
					r.text(t, *tk.Label, 0, b.off.Y, pal.MutedText)
					r.objects = append(r.objects, t)
				}
			}
			for _, lg := range e.Legend {
				if lg.Persona == "" { // the count of the personas it does not name, as the poster shows it
					t := r.texts.next()
					r.text(t, lg.Name, 0, b.off.Y, pal.MutedText)
					r.objects = append(r.objects, t)
					continue
				}
				// The persona's line, in its dashes, and one of its points.
				col := pal.PersonaColor(lg.Slot)
				for _, piece := range lg.Line {
					a, e := piece[0], piece[len(piece)-1]
					sw := r.swatches.next()
					sw.Move(fyne.NewPos(a.X*z, (a.Y-1.25-b.off.Y)*z))
					sw.Resize(fyne.NewSize((e.X-a.X)*z, 2.5*z))
					sw.FillColor = col
					sw.Refresh()
					r.objects = append(r.objects, sw)
				}
				r.point(lg.Shape, lg.Mark.X*z, (lg.Mark.Y-b.off.Y)*z, geometry.LegendMarkRadius*z, col, pal.HeaderFill)
				t := r.texts.next()
				r.text(t, lg.Name, 0, b.off.Y, pal.Text)
				r.objects = append(r.objects, t)
			}
			if c := e.Conversion; c != nil {
				for _, d := range c.SwatchDashes {
					sw := r.swatches.next()
					sw.Move(fyne.NewPos(d[0].X*z, (d[0].Y-1-b.off.Y)*z))
					sw.Resize(fyne.NewSize((d[1].X-d[0].X)*z, 2*z))
					sw.FillColor = pal.Text
					sw.Refresh()
					r.objects = append(r.objects, sw)
				}
				t := r.texts.next()
				r.text(t, c.Name, 0, b.off.Y, pal.Text)
				r.objects = append(r.objects, t)
			}
		}
	}
	// The corner covers where both header strips meet.
	c := r.corner
	c.bg.Move(fyne.Position{})
	c.bg.Resize(fyne.NewSize(l.Corner.W*z, l.Corner.H*z))
	c.bg.FillColor, c.bg.StrokeColor, c.bg.StrokeWidth = pal.HeaderFill, pal.Grid, 1
	c.bg.Refresh()
	c.accent.Hide()
	r.headerLines(c, l.Title, 0, 0, pal)
	r.objects = append(r.objects, c.objs...)
}

func (r *renderer) headerLines(h *headerView, lines []geometry.Text, dx, dy float32, pal geometry.Palette) {
	for i, t := range h.lines {
		if i < len(lines) {
			c := pal.HeaderText
			if !lines[i].Bold {
				c = pal.MutedText
			}
			r.text(t, lines[i], dx, dy, c)
		} else {
			t.Hide()
		}
	}
}

func (r *renderer) paintScrollbars(size fyne.Size) {
	vt, ht := r.b.scrollThumbs(size)
	for _, bar := range []struct {
		o *canvas.Rectangle
		t thumb
	}{{r.vbar, vt}, {r.hbar, ht}} {
		if bar.t.Size.Width <= 0 || bar.t.Size.Height <= 0 {
			bar.o.Hide()
			continue
		}
		bar.o.Move(bar.t.Pos)
		bar.o.Resize(bar.t.Size)
		bar.o.FillColor = withAlpha(r.b.palette.MutedText, 0x90)
		bar.o.CornerRadius = min(bar.t.Size.Width, bar.t.Size.Height) / 2
		bar.o.Show()
		bar.o.Refresh()
		r.objects = append(r.objects, bar.o)
	}
}

// paintDrag draws the feedback of the drag in progress: the drop indicator
// for cards, stages and lanes, and the rubber band.
func (r *renderer) paintDrag() {
	b := r.b
	d := b.drag
	pal := b.palette
	z := b.zoom
	l := b.layout
	switch d.kind {
	case pressCard, pressPalette:
		if d.target != nil {
			c := d.target
			r.indicator.Move(fyne.NewPos((c.Rect.X+l.Style.CellPadding-b.off.X)*z, (d.indicatorY-b.off.Y)*z-1.5))
			r.indicator.Resize(fyne.NewSize((c.Rect.W-2*l.Style.CellPadding)*z, 3))
			r.indicator.FillColor = pal.DropIndicator
			r.indicator.Show()
			r.indicator.Refresh()
			r.objects = append(r.objects, r.indicator)
			r.hasIndicator = true
		}
	case pressStage, pressLane:
		if d.to >= 0 {
			r.indicator.FillColor = pal.DropIndicator
			if d.kind == pressStage {
				x := l.Stages[0].Header.X + float32(d.to)*l.Style.StageWidth
				if d.to > d.from {
					x += l.Style.StageWidth
				}
				r.indicator.Move(fyne.NewPos((x-b.off.X)*z-1.5, 0))
				r.indicator.Resize(fyne.NewSize(3, (l.Size.H-b.off.Y)*z))
			} else {
				row := l.Lanes[d.to].Row
				y := row.Y
				if d.to > d.from {
					y += row.H
				}
				r.indicator.Move(fyne.NewPos(0, (y-b.off.Y)*z-1.5))
				r.indicator.Resize(fyne.NewSize((l.Size.W-b.off.X)*z, 3))
			}
			r.indicator.Refresh()
			r.objects = append(r.objects, r.indicator)
		}
	case pressEmpty:
		p, s := b.screenRect(d.band)
		r.band.Move(p)
		r.band.Resize(s)
		r.band.FillColor = withAlpha(pal.Selection, 0x22)
		r.band.StrokeColor, r.band.StrokeWidth = pal.Selection, 1
		r.band.Refresh()
		r.objects = append(r.objects, r.band)
	}
}
