package poster

import (
	"context"
	"fmt"
	"image/color"
	"math"
	"strings"

	"waymark/canvas/geometry"
	"waymark/model"
)

// pt2 is a point on a page, in points, y down.
type pt2 struct{ X, Y float64 }

// bez is a cubic Bézier segment on a page.
type bez struct{ P0, C1, C2, P1 pt2 }

// none is "no fill" or "no stroke".
var none = color.NRGBA{}

var white = color.NRGBA{0xff, 0xff, 0xff, 0xff}

// surface is a page that PDF, PNG and SVG each implement. Coordinates are
// points, y down; colours are opaque (the drawer flattens tints).
type surface interface {
	rect(x, y, w, h float64, fill color.NRGBA)
	roundRect(x, y, w, h, r float64, fill, stroke color.NRGBA, lw float64)
	line(x0, y0, x1, y1 float64, c color.NRGBA, lw, dash float64)
	circle(cx, cy, r float64, fill, stroke color.NRGBA, lw float64)
	polygon(pts []pt2, fill color.NRGBA)
	curve(segs []bez, c color.NRGBA, lw float64)
	// text draws one line with its baseline at y.
	text(s string, x, y, size float64, bold bool, c color.NRGBA)
	// image draws im into the box, clipped to a circle when round.
	image(im *model.Image, x, y, w, h float64, round *circleClip) error
	clip(x, y, w, h float64)
	unclip()
	// group and endGroup name a part of the drawing (a layer in a design
	// tool); only SVG keeps them.
	group(id string)
	endGroup()
}

type circleClip struct{ cx, cy, r float64 }

// drawer paints a poster page onto a surface: the layout's map through one
// transform, plus the poster's title block and legend.
type drawer struct {
	pt    *Painter
	sf    surface
	pal   geometry.Palette
	d     Doc
	opt   *Options
	c     *composition
	cl    *cleaner
	greek float64 // text smaller than this (points) is drawn as a grey bar
	ctx   context.Context
	// progress, called every so many cards
	tick func()
	err  error
	// groups names each card's group (SVG layers)
	groups bool
	// images finds the project's pictures by ID, made when first needed:
	// each of many cards searching them all would be cards × pictures.
	images map[model.ID]*model.Image
}

// image is the project's picture id, or nil.
func (dr *drawer) image(id model.ID) *model.Image {
	if id == "" {
		return nil
	}
	if dr.images == nil {
		dr.images = make(map[model.ID]*model.Image, len(dr.d.Project.Images))
		for _, im := range dr.d.Project.Images {
			if _, dup := dr.images[im.ID]; !dup {
				dr.images[im.ID] = im
			}
		}
	}
	return dr.images[id]
}

func (pt *Painter) newDrawer(ctx context.Context, sf surface, d Doc, opt *Options, c *composition, missing []rune) *drawer {
	cl := &cleaner{p: pt, missing: map[rune]bool{}}
	for _, r := range missing {
		cl.missing[r] = true
	}
	return &drawer{pt: pt, sf: sf, pal: opt.paletteVal, d: d, opt: opt, c: c, cl: cl, ctx: ctx}
}

// texts yields every string a poster of d shows, for the glyph check: not
// the words of the cards a lens leaves out, which print blank.
func posterTexts(d Doc, opt *Options) func(yield func(string)) {
	return func(yield func(string)) {
		l := d.Layout
		for tx := range l.Texts() {
			yield(tx.Text)
		}
		for i := range l.Cards {
			if !l.Cards[i].Dimmed {
				yield(l.Cards[i].Channel) // whole, where the chip may show it cut
			}
		}
		yield(d.Project.Name)
		yield(d.Journey.Title)
		yield(d.Journey.Description)
		if b := l.Behaviour; b != nil {
			yield("Behaviour figures: " + b.Summary)
		}
		yield(opt.Author)
		if ln := lensLineOf(d); ln.what != "" {
			yield(ln.String())
		}
		yield(stewardLine(d, opt))
		cast, _ := posterCast(d)
		for _, x := range cast {
			yield(x.Name)
			yield(x.Role)
			yield(x.Quote)
		}
	}
}

// --- text ---------------------------------------------------------------------

// text draws one line of the layout through t.
func (dr *drawer) text(t Transform, tx geometry.Text, c color.NRGBA) {
	if tx.Text == "" {
		return
	}
	size := float64(tx.Size) * t.S
	x, y := t.Point(tx.X, tx.Y)
	dr.str(tx.Text, x, y, size, tx.Bold, c)
}

// str draws s with the top of its line box at y (as the layout places
// lines), in page points.
func (dr *drawer) str(s string, x, y, size float64, bold bool, c color.NRGBA) {
	if s == "" || size <= 0 {
		return
	}
	if size < dr.greek {
		w := float64(dr.pt.metrics.Width(s, float32(size), bold))
		dr.sf.rect(x, y+0.45*size, w, 0.5*size, flatten(color.NRGBA{c.R, c.G, c.B, 0x50}, white))
		return
	}
	b := 0
	if bold {
		b = 1
	}
	dr.sf.text(dr.cl.clean(s), x, y+dr.pt.ascent[b]*size, size, bold, c)
}

// strRight draws s ending at x.
func (dr *drawer) strRight(s string, x, y, size float64, bold bool, c color.NRGBA) {
	w := float64(dr.pt.metrics.Width(dr.cl.clean(s), float32(size), bold))
	dr.str(s, x-w, y, size, bold, c)
}

func (dr *drawer) width(s string, size float64, bold bool) float64 {
	return float64(dr.pt.metrics.Width(dr.cl.clean(s), float32(size), bold))
}

// fit shortens s with an ellipsis to w points.
func (dr *drawer) fit(s string, size, w float64, bold bool) string {
	s = strings.Join(strings.Fields(s), " ")
	if w <= 0 {
		return ""
	}
	return geometry.Ellipsize(dr.pt.metrics, dr.cl.clean(s), float32(size), float32(w), bold)
}

// --- the map --------------------------------------------------------------------

var confLevel = map[model.Confidence]int{model.Assumption: 1, model.Anecdotal: 2, model.Validated: 3}

// drawMap paints the layout through t, as the board's renderer paints it at
// zoom t.S: the same boxes, lines, colours and text lines, in the same
// order. Cards wholly outside view (board units) are skipped.
func (dr *drawer) drawMap(t Transform, view geometry.Rect) {
	l := dr.d.Layout
	pal := dr.pal
	sf := dr.sf
	s := t.S
	bg := pal.Background

	x, y, w, h := t.Rect(l.Size)
	sf.rect(x, y, w, h, bg)
	sf.group("grid")

	// Emotion band: tints, scale lines, neutral line.
	if e := l.Emotion; e != nil {
		pos, neg := flatten(pal.Positive, bg), flatten(pal.Negative, bg)
		x, y, w, h := t.Rect(e.Positive)
		sf.rect(x, y, w, h, pos)
		x, y, w, h = t.Rect(e.Negative)
		sf.rect(x, y, w, h, neg)
		grid := withAlpha(pal.Grid, 0x90)
		for _, tk := range e.Ticks {
			under := pos
			if tk.Y > e.NeutralY {
				under = neg
			}
			x0, ty := t.Point(e.Band.X, tk.Y)
			x1, _ := t.Point(e.Band.X+e.Band.W, tk.Y)
			sf.line(x0, ty, x1, ty, flatten(grid, under), 1*s, 0)
		}
		x0, ny := t.Point(e.Band.X, e.NeutralY)
		x1, _ := t.Point(e.Band.X+e.Band.W, e.NeutralY)
		sf.line(x0, ny, x1, ny, pal.Neutral, 1.5*s, 0)
	}
	// Grid: column and row separators, those in view (a tile shows a few of
	// a long journey's).
	for i := range l.Stages {
		c := l.Stages[i].Column
		if x := c.X + c.W; x < view.X || x > view.X+view.W {
			continue
		}
		x0, y0 := t.Point(c.X+c.W, 0)
		_, y1 := t.Point(c.X+c.W, l.Size.H)
		sf.line(x0, y0, x0, y1, pal.Grid, 1*s, 0)
	}
	for i := range l.Lanes {
		r := l.Lanes[i].Row
		if y := r.Y + r.H; y < view.Y || y > view.Y+view.H {
			continue
		}
		x0, y0 := t.Point(0, r.Y+r.H)
		x1, _ := t.Point(l.Size.W, r.Y+r.H)
		sf.line(x0, y0, x1, y0, pal.Grid, 1*s, 0)
	}

	sf.endGroup()

	if b := l.Behaviour; b != nil && b.Band.Intersects(view) {
		sf.group("behaviour")
		dr.behaviour(t, b, view)
		sf.endGroup()
	}

	// Cards.
	sf.group("cards")
	for i := range l.Cards {
		c := &l.Cards[i]
		if !c.Rect.Intersects(view) {
			continue
		}
		if dr.groups {
			sf.group(fmt.Sprintf("card-%d", i+1))
			dr.card(t, c)
			sf.endGroup()
		} else {
			dr.card(t, c)
		}
		if i&255 == 255 && dr.tick != nil {
			dr.tick()
		}
		if i&255 == 0 && dr.err == nil {
			if err := checkCtx(dr.ctx); err != nil {
				dr.err = err
				break
			}
		}
	}
	sf.endGroup()

	// Curves and their points, those in view: a tiled poster draws each
	// sheet's part, not every curve on every sheet.
	if e := l.Emotion; e != nil {
		sf.group("emotion-curves")
		near := geometry.Rect{X: view.X - 8, Y: view.Y - 8, W: view.W + 16, H: view.H + 16} // a point's dot and a line's width
		var segs []bez
		for _, cv := range e.Curves {
			// Each persona's line in its dash pattern, its points in its
			// shape, as the board draws them: curves differ in more than
			// colour, on a greyscale print too.
			col := pal.PersonaColor(cv.Slot)
			segs = segs[:0]
			if cv.Dashes == nil {
				for _, sg := range cv.Segments {
					if bezierBox(sg).Intersects(near) {
						segs = append(segs, bez{tp(t, sg.P0), tp(t, sg.C1), tp(t, sg.C2), tp(t, sg.P1)})
					}
				}
			}
			for _, d := range cv.Dashes {
				if !pieceBox(d).Intersects(near) {
					continue
				}
				segs = appendPolyline(segs, t, d)
			}
			if len(segs) > 0 {
				sf.curve(segs, col, 2.5*s)
			}
			for _, p := range cv.Points {
				if !near.Contains(p.P) {
					continue
				}
				cx, cy := t.Point(p.P.X, p.P.Y)
				dr.point(cv.Shape, cx, cy, geometry.PointRadius*s, col, pal.CardFill, geometry.PointHalo*s)
			}
		}
		// The measured conversion, dashed, on its own axis.
		if c := e.Conversion; c != nil {
			for _, d := range c.Dashes {
				if max(d[0].X, d[1].X) < near.X || min(d[0].X, d[1].X) > near.X+near.W {
					continue
				}
				x0, y0 := t.Point(d[0].X, d[0].Y)
				x1, y1 := t.Point(d[1].X, d[1].Y)
				sf.line(x0, y0, x1, y1, pal.Text, 1.5*s, 0)
			}
			for _, tx := range c.Axis {
				dr.text(t, tx, pal.MutedText)
			}
		}
		sf.endGroup()
	}

	// Headers, over everything, as the board keeps them frozen on top.
	sf.group("headers")
	for i := range l.Stages {
		sb := &l.Stages[i]
		if !sb.Header.Intersects(view) {
			continue
		}
		x, y, w, h := t.Rect(sb.Header)
		sf.roundRect(x, y, w, h, 0, pal.HeaderFill, pal.Grid, 1*s)
		accent, ok := geometry.ParseColor(sb.Color)
		if !ok {
			accent = pal.Grid
		}
		sf.rect(x, y, 4*s, h, accent)
		dr.headerLines(t, sb.Name)
		dr.headerLines(t, sb.Desc)
	}
	for i := range l.Lanes {
		lb := &l.Lanes[i]
		if !lb.Header.Intersects(view) {
			continue
		}
		x, y, w, h := t.Rect(lb.Header)
		sf.roundRect(x, y, w, h, 0, pal.HeaderFill, pal.Grid, 1*s)
		dr.headerLines(t, lb.Name)
		for _, k := range lb.Kind2 {
			dr.text(t, k, pal.MutedText)
		}
		if b := l.Behaviour; b != nil && b.Lane == lb.ID {
			for _, tx := range b.Header {
				dr.text(t, tx, pal.MutedText)
			}
			for _, sw := range b.Swatches {
				x, y, w, h := t.Rect(sw.Rect)
				dr.sf.rect(x, y, w, h, geometry.ReachColor(pal, sw.View))
			}
		}
		if e := l.Emotion; e != nil && e.Lane == lb.ID {
			for _, tk := range e.Ticks {
				if tk.Label != nil {
					dr.text(t, *tk.Label, pal.MutedText)
				}
			}
			for _, lg := range e.Legend {
				if lg.Persona == "" { // the count of the personas it does not name
					dr.text(t, lg.Name, pal.MutedText)
					continue
				}
				// The persona's line, in its dashes, and one of its points.
				col := pal.PersonaColor(lg.Slot)
				for _, piece := range lg.Line {
					for k := 1; k < len(piece); k++ {
						x0, y0 := t.Point(piece[k-1].X, piece[k-1].Y)
						x1, y1 := t.Point(piece[k].X, piece[k].Y)
						sf.line(x0, y0, x1, y1, col, 2.5*s, 0)
					}
				}
				mx, my := t.Point(lg.Mark.X, lg.Mark.Y)
				dr.point(lg.Shape, mx, my, geometry.LegendMarkRadius*s, col, pal.HeaderFill, geometry.PointHalo*s)
				dr.text(t, lg.Name, pal.Text)
			}
			if c := e.Conversion; c != nil {
				for _, d := range c.SwatchDashes {
					x0, y0 := t.Point(d[0].X, d[0].Y)
					x1, _ := t.Point(d[1].X, d[1].Y)
					sf.line(x0, y0, x1, y0, pal.Text, 1.5*s, 0)
				}
				dr.text(t, c.Name, pal.Text)
			}
		}
	}
	x, y, w, h = t.Rect(l.Corner)
	sf.roundRect(x, y, w, h, 0, pal.HeaderFill, pal.Grid, 1*s)
	dr.headerLines(t, l.Title)
	sf.endGroup()
}

// behaviour paints the behaviour lane's band as the board's paintBehaviour
// does: leak bands, reach bars, then each stage's channel mix, marker and
// lines, those in view.
func (dr *drawer) behaviour(t Transform, b *geometry.BehaviourBand, view geometry.Rect) {
	pal := dr.pal
	sf := dr.sf
	bg := pal.Background
	for i := range b.Leaks {
		lk := &b.Leaks[i]
		box := geometry.Rect{X: lk.Band[0].X, Y: lk.Band[0].Y, W: lk.Band[1].X - lk.Band[0].X, H: lk.Lost[2].Y - lk.Band[0].Y}
		if !box.Intersects(view) {
			continue
		}
		sf.polygon(tps(t, lk.Band[:]), flatten(geometry.FlowColor(pal, lk.View), bg))
		if lk.Lost[0] != lk.Lost[1] {
			sf.polygon(tps(t, lk.Lost[:]), flatten(geometry.LeakColor(pal, lk.Largest), bg))
		}
		c := pal.MutedText
		if lk.Largest {
			c = pal.PainPoint
		}
		dr.text(t, lk.Label, c)
	}
	for i := range b.Stages {
		s := &b.Stages[i]
		if !s.Cell.Intersects(view) {
			continue
		}
		if s.Bar.H > 0 {
			x, y, w, h := t.Rect(s.Bar)
			sf.rect(x, y, w, h, geometry.ReachColor(pal, s.View))
		}
		if s.Swatch.W > 0 {
			x, y, w, h := t.Rect(s.Swatch)
			sf.rect(x, y, w, h, geometry.ReachColor(pal, s.View))
		}
		for _, m := range s.Mix {
			x, y, w, h := t.Rect(m.Rect)
			sf.rect(x, y, w, h, geometry.MixColor(pal, m))
		}
		if s.Marker.W > 0 {
			x, y, w, h := t.Rect(s.Marker)
			sf.roundRect(x, y, w, h, 3*t.S, pal.MomentOfTruth, none, 0)
			dr.text(t, s.MarkerGlyph, white)
		}
		for k, ln := range s.Lines {
			c := geometry.ToneColor(pal, ln.Tone)
			if s.Worst && k == 0 { // the worst drop-off's reach and conversion
				c = pal.PainPoint
			}
			if len(ln.Arrow) > 0 {
				sf.polygon(tps(t, ln.Arrow), c)
			}
			dr.text(t, ln.Text, c)
		}
	}
}

// pieceBox holds a piece of a dashed line.
func pieceBox(line []geometry.Point) geometry.Rect {
	x0, y0 := line[0].X, line[0].Y
	x1, y1 := x0, y0
	for _, p := range line[1:] {
		x0, y0, x1, y1 = min(x0, p.X), min(y0, p.Y), max(x1, p.X), max(y1, p.Y)
	}
	return geometry.Rect{X: x0, Y: y0, W: x1 - x0, H: y1 - y0}
}

// appendPolyline appends the straight pieces of line, through t, as
// segments of a curve.
func appendPolyline(segs []bez, t Transform, line []geometry.Point) []bez {
	for k := 1; k < len(line); k++ {
		a, b := tp(t, line[k-1]), tp(t, line[k])
		segs = append(segs, bez{a, a, b, b})
	}
	return segs
}

// point draws a curve point of shape s centred at cx, cy (page points),
// size r, with a ring of halo lw wide around it.
func (dr *drawer) point(s geometry.Shape, cx, cy, r float64, fill, halo color.NRGBA, lw float64) {
	if s == geometry.ShapeCircle {
		dr.sf.circle(cx, cy, r, fill, halo, lw)
		return
	}
	c := geometry.Point{X: float32(cx), Y: float32(cy)}
	dr.sf.polygon(toPage(geometry.AppendPolygon(nil, s, c, float32(r), float32(lw/2))), halo)
	dr.sf.polygon(toPage(geometry.AppendPolygon(nil, s, c, float32(r), -float32(lw/2))), fill)
}

// toPage is points already on the page as page points.
func toPage(ps []geometry.Point) []pt2 {
	out := make([]pt2, len(ps))
	for i, p := range ps {
		out[i] = pt2{float64(p.X), float64(p.Y)}
	}
	return out
}

func tps(t Transform, ps []geometry.Point) []pt2 {
	out := make([]pt2, len(ps))
	for i, p := range ps {
		out[i] = tp(t, p)
	}
	return out
}

// bezierBox holds a Bézier segment: it lies within its control points' box.
func bezierBox(b geometry.Bezier) geometry.Rect {
	x0, x1 := min(b.P0.X, b.C1.X, b.C2.X, b.P1.X), max(b.P0.X, b.C1.X, b.C2.X, b.P1.X)
	y0, y1 := min(b.P0.Y, b.C1.Y, b.C2.Y, b.P1.Y), max(b.P0.Y, b.C1.Y, b.C2.Y, b.P1.Y)
	return geometry.Rect{X: x0, Y: y0, W: x1 - x0, H: y1 - y0}
}

func tp(t Transform, p geometry.Point) pt2 {
	x, y := t.Point(p.X, p.Y)
	return pt2{x, y}
}

func withAlpha(c color.NRGBA, a uint8) color.NRGBA {
	c.A = a
	return c
}

// headerLines colours a header's lines as the board does: bold lines in the
// header colour, the rest muted.
func (dr *drawer) headerLines(t Transform, lines []geometry.Text) {
	for _, tx := range lines {
		c := dr.pal.HeaderText
		if !tx.Bold {
			c = dr.pal.MutedText
		}
		dr.text(t, tx, c)
	}
}

// card paints one card as the board's paintCard does.
func (dr *drawer) card(t Transform, c *geometry.CardBox) {
	pal := dr.pal
	sf := dr.sf
	s := t.S
	x, y, w, h := t.Rect(c.Rect)
	if c.Dimmed {
		// A card the lens leaves out keeps its place as a blank, light
		// outline: a poster of a lens holds the lens's words alone.
		sf.roundRect(x, y, w, h, 6*s, flatten(withAlpha(pal.CardFill, 0x60), pal.Background),
			flatten(withAlpha(pal.CardBorder, 0x90), pal.Background), 1*s)
		return
	}
	sf.roundRect(x, y, w, h, 6*s, pal.CardFill, pal.CardBorder, 1*s)
	accent, ok := geometry.ParseColor(c.Accent)
	if !ok {
		accent = pal.Grid
	}
	ax, ay, aw, ah := t.Rect(geometry.Rect{X: c.Rect.X + 1, Y: c.Rect.Y + 4, W: 4, H: c.Rect.H - 8})
	sf.roundRect(ax, ay, aw, ah, 2*s, accent, none, 0)
	if im := dr.image(c.ImageID); c.Image.W > 0 && im != nil && im.Width > 0 && im.Height > 0 {
		// Cover the strip, cropping the picture's overflow, as the board does.
		x, y, w, h := t.Rect(c.Image)
		iw, ih := w, w*float64(im.Height)/float64(im.Width)
		if ih < h {
			iw, ih = h*float64(im.Width)/float64(im.Height), h
		}
		sf.clip(x, y, w, h)
		dr.sf.image(im, x+(w-iw)/2, y+(h-ih)/2, iw, ih, nil)
		sf.unclip()
	}
	for _, tx := range c.Title {
		dr.text(t, tx, pal.Text)
	}
	if c.Channel != "" && c.ChannelChip.W > 0 {
		x, y, w, h := t.Rect(c.ChannelChip)
		sf.roundRect(x, y, w, h, h/2, pal.ChannelColor(c.Channel), none, 0)
		dr.text(t, c.ChannelText, pal.Text)
	}
	for _, b := range c.Badges {
		x, y, w, h := t.Rect(b.Rect)
		fill := pal.PersonaColor(b.Slot)
		sf.circle(x+w/2, y+h/2, math.Min(w, h)/2, fill, none, 0)
		dr.text(t, b.Label, geometry.LabelOn(fill))
	}
	meta := dr.d.Layout.Style.MetaSize
	// Each flag has its own shape (geometry.MarkerShape), so that pain
	// points and opportunities differ in grey as well as in colour.
	for _, m := range c.Markers {
		fill, glyph := geometry.MarkerStyle(pal, m.Kind)
		if outline := m.Outline(); outline != nil {
			sf.polygon(tps(t, outline), fill)
		} else {
			x, y, w, h := t.Rect(m.Rect)
			sf.circle(x+w/2, y+h/2, math.Min(w, h)/2, fill, none, 0)
		}
		if glyph != "" {
			g := m.GlyphBox()
			gw := dr.pt.metrics.Width(glyph, meta, true)
			dr.text(t, geometry.Text{Text: glyph, X: g.X + (g.W-gw)/2,
				Y: g.Y + (g.H-dr.d.Layout.Style.LineHeight(meta))/2, Size: meta, Bold: true}, white)
		}
	}
	if c.ConfRect.W > 0 {
		level := confLevel[c.Confidence]
		for i := 0; i < 3; i++ {
			x, y, w, _ := t.Rect(geometry.Rect{X: c.ConfRect.X + float32(i)*7, Y: c.ConfRect.Y, W: 6, H: 6})
			// An empty dot is the card's colour inside its ring.
			fill := pal.CardFill
			if i < level {
				fill = pal.MutedText
			}
			sf.circle(x+w/2, y+w/2, w/2-0.5*s, fill, pal.MutedText, 1*s)
		}
	}
}

// --- the poster page ----------------------------------------------------------

// drawPoster paints the whole poster page through t (poster points to
// surface points); view is the part of the poster that shows, in poster
// points, for culling.
func (dr *drawer) drawPoster(t Transform, vx, vy, vw, vh float64) {
	c := dr.c
	dr.sf.group("title-block")
	dr.drawTitle(t)
	dr.sf.endGroup()
	dr.sf.group("legend")
	dr.drawLegend(t)
	dr.sf.endGroup()
	mt := c.mapT.then(t)
	// The view in board units.
	s := c.mapT.S
	view := geometry.Rect{X: float32((vx - c.mapT.X) / s), Y: float32((vy - c.mapT.Y) / s),
		W: float32(vw / s), H: float32(vh / s)}
	dr.sf.group("map")
	dr.drawMap(mt, view)
	dr.sf.endGroup()
}

func (c *composition) gap() float64 { return math.Max(6, 0.9*math.Min(c.W, c.H)/110) * c.boost }

func (dr *drawer) drawTitle(t Transform) {
	c := dr.c
	pal := dr.pal
	d := dr.d
	at := func(x, y float64) (float64, float64) { return t.S*x + t.X, t.S*y + t.Y }
	k := t.S
	x0, y := c.m, c.m
	right := c.m + c.cw

	date := dr.opt.Date.Format("2 January 2006")
	dw := dr.width(date, c.kicker, false)
	px, py := at(x0, y)
	dr.str(dr.fit(d.Project.Name, c.kicker, c.cw-dw-2*c.kicker, false), px, py, c.kicker*k, false, pal.MutedText)
	px, py = at(right, y)
	dr.strRight(date, px, py, c.kicker*k, false, pal.MutedText)
	y += lineH(c, c.kicker)

	author := strings.TrimSpace(dr.opt.Author)
	aw := 0.0
	if author != "" {
		author = dr.fit("Prepared by "+author, c.body, c.cw*0.3, false)
		aw = dr.width(author, c.body, false) + 2*c.body
		px, py = at(right, y+(1.25*c.headline-lineH(c, c.body))/2+0.1*c.headline)
		dr.strRight(author, px, py, c.body*k, false, pal.MutedText)
	}
	px, py = at(x0, y)
	dr.str(dr.fit(d.Journey.Title, c.headline, c.cw-aw, true), px, py-0.05*c.headline*k, c.headline*k, true, pal.HeaderText)
	y += 1.25 * c.headline
	if desc := strings.TrimSpace(d.Journey.Description); desc != "" {
		px, py = at(x0, y)
		dr.str(dr.fit(desc, c.body, c.cw, false), px, py, c.body*k, false, pal.MutedText)
		y += lineH(c, c.body)
	}
	if b := d.Layout.Behaviour; b != nil {
		px, py = at(x0, y)
		dr.str(dr.fit("Behaviour figures: "+b.Summary, c.body, c.cw, false), px, py, c.body*k, false, pal.MutedText)
		y += lineH(c, c.body)
	}
	if c.lens.what != "" {
		dr.lensLine(t, x0, y)
		y += lineH(c, c.body)
	}
	if c.steward != "" {
		px, py = at(x0, y)
		dr.str(dr.fit(c.steward, c.body, c.cw, false), px, py, c.body*k, false, pal.MutedText)
		y += lineH(c, c.body)
	}
	if n := len(c.personas); n > 0 {
		y += 0.6 * c.gap()
		colW := c.cw / float64(c.perRow)
		at2 := func(i int) (float64, float64) {
			row, col := i/c.perRow, i%c.perRow
			return x0 + float64(col)*colW, y + float64(row)*(c.pRowH+0.4*c.gap())
		}
		for i, x := range c.personas[:c.shown] {
			bx, by := at2(i)
			dr.persona(t, x, c.firstSlot+i, bx, by, colW-c.gap())
		}
		if more := n - c.shown; more > 0 {
			bx, by := at2(c.shown)
			px, py := at(bx, by+(c.pRowH-lineH(c, c.body))/2)
			dr.str(dr.fit(moreText(more, "personas"), c.body, colW-c.gap(), false), px, py, c.body*k, false, pal.MutedText)
		}
	}
	// A rule under the block.
	ry := c.m + c.titleH + 0.6*c.gap()
	lx0, ly := at(x0, ry)
	lx1, _ := at(right, ry)
	dr.sf.line(lx0, ly, lx1, ly, pal.Grid, 0.75*k, 0)
}

// lensLine draws the title block's line that names the lens, its line box
// at x, y: a lens, the lead in bold, the filters, then the counts muted.
func (dr *drawer) lensLine(t Transform, x, y float64) {
	c := dr.c
	pal := dr.pal
	ln := c.lens
	k := t.S
	at := func(x, y float64) (float64, float64) { return t.S*x + t.X, t.S*y + t.Y }
	size := c.body
	// A magnifying glass the height of the text, in the selection's ink.
	r := 0.3 * size
	cx, cy := x+r+0.05*size, y+lineH(c, size)/2-0.12*size
	px, py := at(cx, cy)
	dr.sf.circle(px, py, r*k, none, pal.Selection, 0.14*size*k)
	hx0, hy0 := at(cx+0.7*r, cy+0.7*r)
	hx1, hy1 := at(cx+1.45*r, cy+1.45*r)
	dr.sf.line(hx0, hy0, hx1, hy1, pal.Selection, 0.18*size*k, 0)
	x += 2*r + 0.55*size
	room := c.m + c.cw - x

	lead := dr.fit(ln.lead, size, room, true)
	lw := dr.width(lead, size, true) + dr.width(" ", size, false)
	px, py = at(x, y)
	dr.str(lead, px, py, size*k, true, pal.HeaderText)
	room -= lw
	// What a narrow page leaves out: first the counts' later parts, a part
	// at a time, for the filters whole; then the filters' tail, down to a
	// few words beside the count of cards.
	what, counts, placed := "", "", false
	full := dr.width(ln.what, size, false)
	for n := len(ln.counts); n > 0 && !placed; n-- {
		counts = strings.Join(ln.counts[:n], "")
		avail := room - dr.width(counts, size, false)
		need := full
		if n == 1 {
			need = math.Min(full, 12*size)
		}
		if placed = avail >= need; placed {
			what = dr.fit(ln.what, size, avail, false)
		}
	}
	if !placed {
		// Not even the count beside the filters in full: as much of it as
		// fits after a few words of them.
		what, counts = dr.fit(ln.what, size, math.Min(room, 12*size), false), ""
		if rest := room - dr.width(what, size, false); rest > 4*size && len(ln.counts) > 0 {
			counts = dr.fit(ln.counts[0], size, rest, false)
		}
	}
	ww := dr.width(what, size, false)
	px, py = at(x+lw, y)
	dr.str(what, px, py, size*k, false, pal.Text)
	px, py = at(x+lw+ww, y)
	dr.str(counts, px, py, size*k, false, pal.MutedText)
}

// persona draws one persona's summary: photo (or initials), the colour of
// its curve, name, role and quote.
func (dr *drawer) persona(t Transform, x *model.Persona, slot int, bx, by, w float64) {
	c := dr.c
	pal := dr.pal
	k := t.S
	at := func(x, y float64) (float64, float64) { return t.S*x + t.X, t.S*y + t.Y }
	col := pal.PersonaColor(slot)
	d := c.photoD
	cx, cy := at(bx+d/2, by+d/2)
	r := d / 2 * k
	drawn := false
	if im := dr.image(x.PhotoID); im != nil && im.Width > 0 && im.Height > 0 {
		// Cover the circle, cropping the longer side.
		iw, ih := 2*r, 2*r
		if a := float64(im.Width) / float64(im.Height); a > 1 {
			iw = ih * a
		} else {
			ih = iw / a
		}
		if err := dr.sf.image(im, cx-iw/2, cy-ih/2, iw, ih, &circleClip{cx, cy, r}); err == nil {
			drawn = true
			dr.sf.circle(cx, cy, r, none, col, 0.08*d*k)
		}
	}
	if !drawn {
		dr.sf.circle(cx, cy, r, flatten(withAlpha(col, 0x30), white), col, 0.06*d*k)
		ini := initials(x.Name)
		size := 0.38 * d
		iw := dr.width(ini, size, true)
		px, py := at(bx+d/2-iw/2, by+d/2-lineH(c, size)/2)
		dr.str(ini, px, py, size*k, true, col)
	}
	tx := bx + d + 0.6*c.body
	tw := w - (tx - bx)
	// The curve's look before the name: colour, dashes and point.
	sw := 1.4 * c.body
	dr.curveSwatch(slot, tx, by+lineH(c, c.body)/2, sw, 0.22*c.body, k, at)
	px, py := at(tx+sw+0.4*c.body, by)
	dr.str(dr.fit(x.Name, c.body, tw-sw-0.4*c.body, true), px, py, c.body*k, true, pal.HeaderText)
	yy := by + lineH(c, c.body)
	if role := strings.TrimSpace(x.Role); role != "" {
		px, py = at(tx, yy)
		dr.str(dr.fit(role, c.small, tw, false), px, py, c.small*k, false, pal.MutedText)
		yy += lineH(c, c.small)
	}
	if q := strings.TrimSpace(x.Quote); q != "" {
		px, py = at(tx, yy)
		dr.str(dr.fit("“"+strings.Trim(q, "\"“”")+"”", c.small, tw, false), px, py, c.small*k, false, pal.Text)
	}
}

func initials(name string) string {
	var out []rune
	for _, f := range strings.Fields(name) {
		for _, r := range f {
			out = append(out, r)
			break
		}
		if len(out) == 2 {
			break
		}
	}
	if len(out) == 0 {
		return "?"
	}
	return strings.ToUpper(string(out))
}

func (dr *drawer) drawLegend(t Transform) {
	c := dr.c
	pal := dr.pal
	k := t.S
	at := func(x, y float64) (float64, float64) { return t.S*x + t.X, t.S*y + t.Y }
	hs := c.heading * c.legendScale
	ss := c.small * c.legendScale
	rowH := legendRowH(c)
	y0 := c.legendY
	ry := y0 - 0.6*c.gap()
	lx0, ly := at(c.m, ry)
	lx1, _ := at(c.m+c.cw, ry)
	dr.sf.line(lx0, ly, lx1, ly, pal.Grid, 0.75*k, 0)

	for b := 0; b < c.legendBands; b++ {
		by := y0 + float64(b)*(legendBandH(c)+c.gap())
		var band []legendSection
		used := 0.0
		for _, s := range c.sections {
			if s.band == b {
				band = append(band, s)
				used += float64(s.cols) * s.colW
			}
		}
		// Spread the sections over the width when they leave room.
		spacing := 2 * ss
		if n := len(band); n > 1 {
			spacing = math.Min(6*ss, math.Max(2*ss, (c.cw-used)/float64(n-1)))
		}
		x := c.m
		for _, s := range band {
			px, py := at(x, by)
			dr.str(s.title, px, py, hs*k, true, pal.HeaderText)
			for i, it := range s.items {
				col, row := i/c.legendRows, i%c.legendRows
				ix := x + float64(col)*s.colW
				iy := by + lineH(c, hs) + 0.3*ss + float64(row)*rowH
				dr.legendItem(t, it, ix, iy, ss, rowH, s.colW)
			}
			x += float64(s.cols)*s.colW + spacing
		}
	}
}

// curveSwatch draws a piece of persona slot's line, w long from x, y (in
// the units at maps to the page, k page points each), lw wide, in its dash
// pattern with one of its points in the middle.
func (dr *drawer) curveSwatch(slot int, x, y, w, lw, k float64, at func(x, y float64) (float64, float64)) {
	// The pattern in the proportions of the lane legend's 24-unit line.
	dr.dashes(slot, x, y, w, lw, w/24, k, at)
	cx, cy := at(x+w/2, y)
	r := 1.6 * lw * k
	dr.point(geometry.PersonaShape(slot), cx, cy, r, dr.pal.PersonaColor(slot), white, 0.45*lw*k)
}

// curveIcon is the legend's persona curve: a line w long from x, y, lw
// wide, in the dash pattern as the map cuts it (its shortest piece as
// long as the line is wide), and the point at its end, as a curve ends in
// its last card's point. With the point beside the pattern rather than on
// it, the line shows a whole dash-dot-dot, which sets each pattern apart.
func (dr *drawer) curveIcon(slot int, x, y, w, lw, k float64, at func(x, y float64) (float64, float64)) {
	r := 1.6 * lw
	dr.dashes(slot, x, y, w-r, lw, lw/2.5, k, at)
	cx, cy := at(x+w-r, y)
	dr.point(geometry.PersonaShape(slot), cx, cy, r*k, dr.pal.PersonaColor(slot), white, 0.45*lw*k)
}

// dashes draws persona slot's dash pattern, its lengths times unit, along
// the line w long from x, y.
func (dr *drawer) dashes(slot int, x, y, w, lw, unit, k float64, at func(x, y float64) (float64, float64)) {
	col := dr.pal.PersonaColor(slot)
	for _, piece := range geometry.DashLine(geometry.Point{X: float32(x), Y: float32(y)}, geometry.Point{X: float32(x + w), Y: float32(y)}, slot, float32(unit)) {
		x0, y0 := at(float64(piece[0].X), float64(piece[0].Y))
		x1, y1 := at(float64(piece[len(piece)-1].X), float64(piece[len(piece)-1].Y))
		dr.sf.line(x0, y0, x1, y1, col, lw*k, 0)
	}
}

// legendItem draws an item's icon and label in a row of height rowH.
func (dr *drawer) legendItem(t Transform, it legendItem, x, y, ss, rowH, colW float64) {
	c := dr.c
	pal := dr.pal
	sf := dr.sf
	k := t.S
	at := func(x, y float64) (float64, float64) { return t.S*x + t.X, t.S*y + t.Y }
	mid := y + rowH/2
	textY := mid - lineH(c, ss)/2
	icon := legendIconW(it.icon, ss)
	bg := pal.Background
	switch it.icon {
	case iconCurve:
		// The persona's line in its dashes and one of its points, as the
		// map draws them, long enough for a whole pattern.
		dr.curveIcon(it.slot, x, mid, icon-0.5*ss, 0.22*ss, k, at)
	case iconPositive, iconNegative, iconNeutral:
		bx, by := at(x, mid-0.45*ss)
		w, h := 1.7*ss*k, 0.9*ss*k
		fill := bg
		if it.icon == iconPositive {
			fill = flatten(pal.Positive, bg)
		} else if it.icon == iconNegative {
			fill = flatten(pal.Negative, bg)
		}
		sf.rect(bx, by, w, h, fill)
		ly := by + h/2
		switch it.icon {
		case iconPositive:
			ly = by + h
		case iconNegative:
			ly = by
		}
		sf.line(bx, ly, bx+w, ly, pal.Neutral, 0.12*ss*k, 0)
	case iconPoint:
		// In the first persona's colour and shape: under a persona lens
		// the one the map shows.
		cx, cy := at(x+0.85*ss, mid)
		col := pal.PersonaColor(it.slot)
		sf.line(cx-0.85*ss*k, cy, cx+0.85*ss*k, cy, col, 0.22*ss*k, 0)
		dr.point(geometry.PersonaShape(it.slot), cx, cy, 0.36*ss*k, col, pal.CardFill, 0.12*ss*k)
	case iconPain, iconOpportunity, iconBadge:
		r := 0.62 * ss
		cx, cy := at(x+r, mid)
		fill, glyph, gs := pal.PainPoint, "!", 0.85*ss
		label := white
		switch it.icon {
		case iconOpportunity:
			fill, glyph = pal.Opportunity, "+"
		case iconBadge:
			fill, glyph, gs = pal.PersonaColor(it.slot), it.text, 0.62*ss
			label = geometry.LabelOn(fill)
		}
		gy := mid
		if it.icon == iconPain {
			// The warning triangle of the cards, its glyph in its wide part.
			m := geometry.Marker{Kind: geometry.PainPoint, Rect: geometry.Rect{X: float32(x), Y: float32(mid - r), W: float32(2 * r), H: float32(2 * r)}}
			pts := make([]pt2, 0, 3)
			for _, p := range m.Outline() {
				px, py := at(float64(p.X), float64(p.Y))
				pts = append(pts, pt2{px, py})
			}
			sf.polygon(pts, fill)
			g := m.GlyphBox()
			gy = float64(g.Y + g.H/2)
		} else {
			sf.circle(cx, cy, r*k, fill, none, 0)
		}
		gw := dr.width(glyph, gs, true)
		px, py := at(x+r-gw/2, gy-lineH(c, gs)/2)
		dr.str(glyph, px, py, gs*k, true, label)
	case iconReach:
		bx, by := at(x+0.5*ss, mid-0.65*ss)
		sf.rect(bx, by, 0.7*ss*k, 1.3*ss*k, pal.Reach)
	case iconFlow, iconLost:
		// A bar, the band narrowing from it and, for the lost, the part below.
		x0, y0 := at(x, mid-0.65*ss)
		x1, y1 := at(x+1.7*ss, mid+0.65*ss)
		_, ym := at(0, mid)
		sf.polygon([]pt2{{x0, y0}, {x1, y0}, {x1, ym}, {x0, y1}}, flatten(pal.Flow, bg))
		if it.icon == iconLost {
			sf.polygon([]pt2{{x0, y1}, {x1, ym}, {x1, y1}}, flatten(geometry.LeakColor(pal, true), bg))
		}
	case iconConversion:
		// Two dashes, as the line in the emotions lane.
		for _, d := range [][2]float64{{0, 0.7}, {1.0, 1.7}} {
			x0, y0 := at(x+d[0]*ss, mid)
			x1, _ := at(x+d[1]*ss, mid)
			sf.line(x0, y0, x1, y0, pal.Text, 0.15*ss*k, 0)
		}
	case iconDisagree:
		r := 0.62 * ss
		bx, by := at(x, mid-r)
		sf.roundRect(bx, by, 2*r*k, 2*r*k, 0.2*r*k, pal.MomentOfTruth, none, 0)
		gw := dr.width("?", 0.85*ss, true)
		px, py := at(x+r-gw/2, mid-lineH(c, 0.85*ss)/2)
		dr.str("?", px, py, 0.85*ss*k, true, white)
	case iconMoment:
		r := 0.62 * ss
		cx, cy := at(x+r, mid)
		r *= k
		sf.polygon([]pt2{{cx, cy - r}, {cx + r, cy}, {cx, cy + r}, {cx - r, cy}}, pal.MomentOfTruth)
	case iconConfidence:
		d := 0.5 * ss
		for i := 0; i < 3; i++ {
			cx, cy := at(x+d/2+float64(i)*d*7/6, mid)
			fill := none
			if i < it.level {
				fill = pal.MutedText
			}
			sf.circle(cx, cy, (d/2-0.05*ss)*k, fill, pal.MutedText, 0.1*ss*k)
		}
	case iconChannel:
		it.text = dr.fit(it.text, ss, colW-2.7*ss, false)
		tw := dr.width(it.text, ss, false)
		h := 1.3 * ss
		bx, by := at(x, mid-h/2)
		sf.roundRect(bx, by, (tw+1.2*ss)*k, h*k, h/2*k, pal.ChannelColor(it.text), none, 0)
		px, py := at(x+0.6*ss, textY)
		dr.str(it.text, px, py, ss*k, false, pal.Text)
		return
	case iconMore:
		px, py := at(x, textY)
		dr.str(dr.fit(it.label, ss, colW-0.5*ss, false), px, py, ss*k, false, pal.MutedText)
		return
	case iconLane:
		px, py := at(x, textY)
		label := dr.fit(it.label, ss, colW-1.5*ss, true)
		dr.str(label, px, py, ss*k, true, pal.Text)
		if it.text != "" {
			lw := dr.width(label, ss, true)
			px, py = at(x+lw, textY)
			dr.str(dr.fit(": "+it.text, ss, colW-1.5*ss-lw, false), px, py, ss*k, false, pal.MutedText)
		}
		return
	}
	px, py := at(x+icon, textY)
	dr.str(dr.fit(it.label, ss, colW-icon-1.5*ss, false), px, py, ss*k, false, pal.Text)
}

// --- tiles ------------------------------------------------------------------------

// sheetMarkColor is the ink of crop and alignment marks.
var sheetMarkColor = color.NRGBA{0x22, 0x25, 0x2b, 0xff}

// drawSheet paints one tile: its window of the poster, clipped, then marks
// and labels in its edge.
func (dr *drawer) drawSheet(tl *tiling, sh Sheet) {
	e := tl.edge
	sf := dr.sf
	sf.clip(e, e, sh.WW, sh.WH)
	dr.drawPoster(Transform{S: 1, X: e - sh.WX, Y: e - sh.WY}, sh.WX, sh.WY, sh.WW, sh.WH)
	sf.unclip()

	pal := dr.pal
	W, H := tl.sheetW, tl.sheetH
	x0, y0, x1, y1 := e, e, e+sh.WW, e+sh.WH
	gap := 1.5 * MM
	mark := math.Min(e-gap-1*MM, 7*MM)
	lw := 0.4
	// Crop marks at the printable area's corners: cut along them.
	for _, p := range [][2]float64{{x0, y0}, {x1, y0}, {x0, y1}, {x1, y1}} {
		dx, dy := -1.0, -1.0
		if p[0] == x1 {
			dx = 1
		}
		if p[1] == y1 {
			dy = 1
		}
		sf.line(p[0]+dx*gap, p[1], p[0]+dx*(gap+mark), p[1], sheetMarkColor, lw, 0)
		sf.line(p[0], p[1]+dy*gap, p[0], p[1]+dy*(gap+mark), sheetMarkColor, lw, 0)
	}
	// Alignment marks: where this sheet's overlap strip begins, and where the
	// neighbour's trimmed edge lands; a lighter bar shows the strip.
	ov := tl.overlap
	reg := func(x, y float64) {
		r := math.Min(2.2*MM, e/4)
		sf.circle(x, y, r, none, sheetMarkColor, lw)
		sf.line(x-1.6*r, y, x+1.6*r, y, sheetMarkColor, lw, 0)
		sf.line(x, y-1.6*r, x, y+1.6*r, sheetMarkColor, lw, 0)
	}
	strip := flatten(withAlpha(pal.Selection, 0x40), white)
	if sh.Col < tl.cols-1 && ov > 0 {
		sf.rect(x1-ov, y0-gap-0.8*MM, ov, 0.8*MM, strip)
		sf.rect(x1-ov, y1+gap, ov, 0.8*MM, strip)
		reg(x1-ov, e/2)
		reg(x1-ov, H-e/2)
	}
	if sh.Col > 0 {
		reg(x0, e/2)
		reg(x0, H-e/2)
	}
	if sh.Row < tl.rows-1 && ov > 0 {
		sf.rect(x0-gap-0.8*MM, y1-ov, 0.8*MM, ov, strip)
		sf.rect(x1+gap, y1-ov, 0.8*MM, ov, strip)
		reg(e/2, y1-ov)
		reg(W-e/2, y1-ov)
	}
	if sh.Row > 0 {
		reg(e/2, y0)
		reg(W-e/2, y0)
	}

	// The sheet's label, and its neighbours' on each side.
	ls := math.Min(12, e*0.45)
	ty := (e - lineH(dr.c, ls)) / 2
	lx := x0 + 8*MM
	dr.str(sh.Label, lx, ty, ls, true, sheetMarkColor)
	cap := fmt.Sprintf("Row %s, column %d of %d × %d · %s · %s",
		rowName(sh.Row), sh.Col+1, tl.cols, tl.rows, dr.d.Journey.Title, "overlap "+mmText(ov)+" mm")
	cs := math.Min(7, ls*0.6)
	cx := lx + dr.width(sh.Label, ls, true) + 0.6*ls
	midX := (x0 + x1) / 2
	dr.str(dr.fit(cap, cs, midX-12*MM-cx, false), cx, (e-lineH(dr.c, cs))/2, cs, false, pal.MutedText)
	ns := math.Min(8, e*0.32)
	tri := ns * 0.45
	nb := func(label string, x, y float64, dir int) {
		w := dr.width(label, ns, true)
		var pts []pt2
		switch dir {
		case 0: // right
			pts = []pt2{{x + w/2 + 0.3*ns, y - tri}, {x + w/2 + 0.3*ns + tri*1.2, y}, {x + w/2 + 0.3*ns, y + tri}}
		case 1: // down
			pts = []pt2{{x + w/2 + 0.3*ns, y - tri*0.6}, {x + w/2 + 0.3*ns + 2*tri, y - tri*0.6}, {x + w/2 + 0.3*ns + tri, y + tri*0.6}}
		case 2: // left
			pts = []pt2{{x - w/2 - 0.3*ns, y - tri}, {x - w/2 - 0.3*ns - tri*1.2, y}, {x - w/2 - 0.3*ns, y + tri}}
		case 3: // up
			pts = []pt2{{x + w/2 + 0.3*ns, y + tri*0.6}, {x + w/2 + 0.3*ns + 2*tri, y + tri*0.6}, {x + w/2 + 0.3*ns + tri, y - tri*0.6}}
		}
		sf.polygon(pts, pal.MutedText)
		dr.str(label, x-w/2, y-lineH(dr.c, ns)/2, ns, true, pal.MutedText)
	}
	midY := (y0 + y1) / 2
	if sh.Col < tl.cols-1 {
		nb(sheetLabel(sh.Row, sh.Col+1), W-e/2-0.35*ns, midY, 0)
	}
	if sh.Col > 0 {
		nb(sheetLabel(sh.Row, sh.Col-1), e/2+0.35*ns, midY, 2)
	}
	if sh.Row < tl.rows-1 {
		nb(sheetLabel(sh.Row+1, sh.Col), midX, H-e/2, 1)
	}
	if sh.Row > 0 {
		nb(sheetLabel(sh.Row-1, sh.Col), midX, e/2, 3)
	}
}

// drawAssembly paints the first page of a tiled poster: the poster in
// miniature with its grid of sheets, and how to put it together.
func (dr *drawer) drawAssembly(tl *tiling) {
	c := dr.c
	pal := dr.pal
	sf := dr.sf
	W, H := tl.asmW, tl.asmH
	m := 12 * MM
	y := m
	hs := 16.0
	dr.str("Assembly: "+dr.d.Journey.Title, m, y, hs, true, pal.HeaderText)
	y += lineH(c, hs) * 1.1
	bs := 8.5
	orient := c.orient.String()
	info := fmt.Sprintf("%s · poster %s %s (%s × %s mm) on %d sheets of %s: %d columns × %d rows, overlap %s mm",
		dr.d.Project.Name, dr.opt.Paper.Name, orient, mmText(c.W), mmText(c.H), tl.cols*tl.rows, tl.paper.Name, tl.cols, tl.rows, mmText(tl.overlap))
	dr.str(dr.fit(info, bs, W-2*m, false), m, y, bs, false, pal.MutedText)
	y += lineH(c, bs) * 1.6

	steps := []string{
		"1. Print every sheet at actual size (100 %), not “fit to page”.",
		"2. Trim each sheet along its crop marks on the left edge (not column 1) and the top edge (not row A).",
		fmt.Sprintf("3. Lay it over its left and upper neighbours so the round alignment marks meet (the sheets overlap by %s mm), then tape or glue.", mmText(tl.overlap)),
		"4. Work row by row: A1, A2 … then B1, B2 …, as in the grid below.",
	}
	for _, s := range steps {
		dr.str(dr.fit(s, bs, W-2*m, false), m, y, bs, false, pal.Text)
		y += lineH(c, bs)
	}
	y += lineH(c, bs)

	// The miniature: the grid of sheets, which may run past the poster's
	// edges (the poster sits in its middle).
	last := tl.sheets[len(tl.sheets)-1]
	gx0, gy0 := math.Min(0, tl.sheets[0].WX), math.Min(0, tl.sheets[0].WY)
	gw := math.Max(c.W, last.WX+last.WW) - gx0
	gh := math.Max(c.H, last.WY+last.WH) - gy0
	availW, availH := W-2*m, H-m-y
	k := math.Min(availW/gw, availH/gh)
	ox := m + (availW-gw*k)/2 - gx0*k
	oy := y - gy0*k
	t := Transform{S: k, X: ox, Y: oy}
	sf.rect(ox, oy, c.W*k, c.H*k, white)
	saved := dr.greek
	dr.greek = 1.2
	dr.drawPoster(t, 0, 0, c.W, c.H)
	dr.greek = saved
	sf.roundRect(ox, oy, c.W*k, c.H*k, 0, none, pal.CardBorder, 0.5)
	line := pal.Selection
	ls := math.Max(6.5, math.Min(14, 0.3*tl.step[1]*k))
	for _, sh := range tl.sheets {
		x, y, w, h := ox+sh.WX*k, oy+sh.WY*k, sh.WW*k, sh.WH*k
		sf.roundRect(x, y, w, h, 0, none, line, 0.6)
		lw := dr.width(sh.Label, ls, true)
		bx := x + (tl.step[0]*k-lw)/2
		by := y + (tl.step[1]*k-lineH(c, ls))/2
		sf.roundRect(bx-0.3*ls, by, lw+0.6*ls, lineH(c, ls), 0.25*ls, white, line, 0.4)
		dr.str(sh.Label, bx, by, ls, true, line)
	}
}

func rowName(r int) string {
	name := ""
	for r++; r > 0; r = (r - 1) / 26 {
		name = string(rune('A'+(r-1)%26)) + name
	}
	return name
}

func sheetLabel(row, col int) string { return fmt.Sprintf("%s%d", rowName(row), col+1) }
