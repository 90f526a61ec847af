package app

import (
	"fmt"
	"image/color"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"waymark/model"
)

// coverageView is View › Coverage: which channels (or owners) serve which
// stages of the journey shown (model.Coverage), one cell per row and
// stage with its cards, mean emotion and pain points, gaps marked. A click
// on a cell narrows the board to that row and scrolls to that stage. It
// follows every edit, but only while it is shown, and rebuilds its cells
// only when the matrix's shape changed.
type coverageView struct {
	w      *Window
	root   fyne.CanvasObject
	by     *widget.RadioGroup
	grid   *fyne.Container
	legend *widget.Label
	hint   *widget.Label

	matrix *model.CoverageMatrix // the matrix shown
	scale  model.Scale
	cells  [][]*coverageCell
	// stale is set when the project changed while the view was not shown.
	stale bool
	// shown reports whether the view is on screen.
	shown func() bool
}

const (
	coverageByChannel = "By channel"
	coverageByOwner   = "By owner"
	coverageHint      = "Click a cell to show its cards on the board. Cells marked ! are gaps: point at one for the reasons."
)

func newCoverageView(w *Window) *coverageView {
	cv := &coverageView{w: w, shown: func() bool { return true }}
	cv.by = widget.NewRadioGroup([]string{coverageByChannel, coverageByOwner}, nil)
	cv.by.Horizontal, cv.by.Required = true, true
	cv.by.SetSelected(coverageByChannel)
	cv.by.OnChanged = func(string) { cv.matrix = nil; cv.changed() }
	cv.grid = container.NewVBox()
	cv.legend = widget.NewLabel("")
	cv.legend.Wrapping = fyne.TextWrapWord
	cv.hint = widget.NewLabel(coverageHint)
	cv.hint.Wrapping = fyne.TextWrapWord
	top := container.NewVBox(container.NewHBox(widget.NewLabelWithStyle("Coverage", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), cv.by), cv.hint)
	cv.root = container.NewBorder(top, cv.legend, nil, nil, container.NewScroll(container.NewPadded(cv.grid)))
	return cv
}

// by is the kind of rows chosen.
func (cv *coverageView) rowsBy() model.CoverageBy {
	if cv.by.Selected == coverageByOwner {
		return model.ByOwner
	}
	return model.ByChannel
}

// changed runs after every edit and journey switch.
func (cv *coverageView) changed() {
	if !cv.shown() {
		cv.stale = true
		return
	}
	cv.refresh()
}

// showing is called when the view comes on screen.
func (cv *coverageView) showing() {
	if cv.stale || cv.matrix == nil {
		cv.refresh()
	}
}

// refresh computes the matrix and shows it, touching only the cells that
// changed when its rows and stages are the same as before.
func (cv *coverageView) refresh() {
	cv.stale = false
	if cv.w.board == nil || cv.w.board.Journey() == nil {
		return
	}
	j := cv.w.board.Journey()
	p := cv.w.project()
	m := model.Coverage(p, j, cv.rowsBy())
	if cv.matrix != nil && cv.scale == p.Scale && sameCoverageShape(cv.matrix, m) {
		for r := range m.Cells {
			for s := range m.Cells[r] {
				cv.cells[r][s].set(m.Cells[r][s], p.Scale)
			}
		}
		cv.matrix = m
		return
	}
	cv.matrix, cv.scale = m, p.Scale
	cv.build(m, p.Scale)
}

// sameCoverageShape reports whether two matrices have the same rows and
// stages (names included), so that only cell contents differ.
func sameCoverageShape(a, b *model.CoverageMatrix) bool {
	if a.By != b.By || !slices.Equal(a.Rows, b.Rows) || len(a.Stages) != len(b.Stages) {
		return false
	}
	for i := range a.Stages {
		if a.Stages[i].ID != b.Stages[i].ID || a.Stages[i].Name != b.Stages[i].Name {
			return false
		}
	}
	return true
}

func (cv *coverageView) build(m *model.CoverageMatrix, sc model.Scale) {
	cols := len(m.Stages) + 1
	g := container.New(layout.NewGridLayoutWithColumns(cols))
	corner := widget.NewLabelWithStyle(strings.ToUpper(m.By.String()[:1])+m.By.String()[1:]+" \\ stage", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	g.Add(corner)
	for _, s := range m.Stages {
		l := widget.NewLabelWithStyle(s.Name, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateEllipsis
		g.Add(l)
	}
	cv.cells = make([][]*coverageCell, len(m.Rows))
	for r, row := range m.Rows {
		name := row
		switch {
		case row == model.CoverageNone && m.By == model.ByOwner:
			name = "No owner"
		case row == model.CoverageNone:
			name = "No channel"
		}
		// Wrapped, not cut: a cell is three lines tall, room for a long
		// owner's name.
		l := widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Wrapping = fyne.TextWrapWord
		g.Add(l)
		cv.cells[r] = make([]*coverageCell, len(m.Stages))
		for s := range m.Stages {
			c := newCoverageCell(cv, r, s)
			c.set(m.Cells[r][s], sc)
			cv.cells[r][s] = c
			g.Add(c)
		}
	}
	if len(m.Rows) == 0 {
		cv.grid.Objects = []fyne.CanvasObject{widget.NewLabel("The journey has no cards yet.")}
	} else {
		// Wide enough for every stage's name and a cell's three lines.
		cv.grid.Objects = []fyne.CanvasObject{container.NewGridWrap(fyne.NewSize(float32(cols)*150, g.MinSize().Height), g)}
	}
	cv.grid.Refresh()
	cv.legend.SetText("")
}

// open shows the cards of row r on the board, at stage s.
func (cv *coverageView) open(r, s int) {
	m := cv.matrix
	if m == nil || r >= len(m.Rows) || s >= len(m.Stages) {
		return
	}
	l := &model.Lens{}
	if m.By == model.ByOwner {
		l.Owners = []string{m.Rows[r]}
	} else {
		l.Channels = []string{m.Rows[r]}
	}
	cv.w.showCardsOf(l, m.Stages[s].ID)
}

// hover says why the cell under the pointer is a gap.
func (cv *coverageView) hover(r, s int, in bool) {
	m := cv.matrix
	if !in || m == nil || r >= len(m.Rows) || s >= len(m.Stages) || len(m.Cells[r][s].Gaps) == 0 {
		cv.legend.SetText("")
		return
	}
	cv.legend.SetText(fmt.Sprintf("Gap at %s, %s: %s.", coverageRowName(m, r), m.Stages[s].Name, strings.Join(m.Cells[r][s].Gaps, "; ")))
}

func coverageRowName(m *model.CoverageMatrix, r int) string {
	if m.Rows[r] != model.CoverageNone {
		return m.Rows[r]
	}
	if m.By == model.ByOwner {
		return "no owner"
	}
	return "no channel"
}

// meanText is a mean emotion as the project shows scores: signed on a
// scale around zero.
func meanText(v float64, sc model.Scale) string {
	if sc.Min < 0 {
		return fmt.Sprintf("%+.1f", v)
	}
	return fmt.Sprintf("%.1f", v)
}

// coverageCell is one cell of the matrix: a button-like box with its
// cards, mean emotion and pain points, tinted and marked "!" when a gap.
type coverageCell struct {
	widget.BaseWidget
	cv     *coverageView
	r, s   int
	cell   model.CoverageCell
	bg     *canvas.Rectangle
	lines  [3]*canvas.Text
	mark   *canvas.Text
	markBg *canvas.Circle
}

func newCoverageCell(cv *coverageView, r, s int) *coverageCell {
	c := &coverageCell{cv: cv, r: r, s: s}
	c.bg = canvas.NewRectangle(color.Transparent)
	c.bg.CornerRadius = 4
	c.bg.StrokeWidth = 1
	for i := range c.lines {
		c.lines[i] = canvas.NewText("", theme.Color(theme.ColorNameForeground))
		c.lines[i].TextSize = theme.TextSize() - 1
	}
	c.lines[0].TextStyle.Bold = true
	c.mark = canvas.NewText("!", color.White)
	c.mark.TextStyle.Bold = true
	c.mark.Alignment = fyne.TextAlignCenter
	c.markBg = canvas.NewCircle(gapColor)
	c.ExtendBaseWidget(c)
	return c
}

var (
	gapColor  = color.NRGBA{0xd9, 0x77, 0x06, 0xff}
	gapTint   = color.NRGBA{0xd9, 0x77, 0x06, 0x30}
	emptyTint = color.NRGBA{0x80, 0x80, 0x80, 0x12}
	cellTint  = color.NRGBA{0x1f, 0x6f, 0xeb, 0x18}
)

// set shows a cell's figures.
func (c *coverageCell) set(cell model.CoverageCell, sc model.Scale) {
	c.cell = cell
	text := [3]string{"–", "", ""}
	if cell.Touchpoints > 0 {
		text[0] = fmt.Sprintf("%d card%s", cell.Touchpoints, plural(cell.Touchpoints))
		text[1] = "no scores"
		if cell.Scored > 0 {
			text[1] = "mean " + meanText(cell.MeanEmotion, sc)
		}
	}
	if cell.PainPoints > 0 {
		text[2] = fmt.Sprintf("%d pain point%s", cell.PainPoints, plural(cell.PainPoints))
	}
	for i, t := range text {
		c.lines[i].Text = t
	}
	c.paint()
	c.Refresh()
}

// paint colours the cell by its figures, in the theme's colours of now.
func (c *coverageCell) paint() {
	cell := c.cell
	for _, l := range c.lines {
		l.Color = theme.Color(theme.ColorNameForeground)
	}
	if cell.PainPoints > 0 {
		c.lines[2].Color = theme.Color(theme.ColorNameError)
	}
	switch {
	case len(cell.Gaps) > 0:
		c.bg.FillColor, c.bg.StrokeColor = gapTint, gapColor
	case cell.Touchpoints == 0:
		c.bg.FillColor, c.bg.StrokeColor = emptyTint, color.Transparent
	default:
		c.bg.FillColor, c.bg.StrokeColor = cellTint, color.Transparent
	}
	if len(cell.Gaps) > 0 {
		c.mark.Show()
		c.markBg.Show()
	} else {
		c.mark.Hide()
		c.markBg.Hide()
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// Tapped shows the row's cards on the board at this stage.
func (c *coverageCell) Tapped(*fyne.PointEvent) { c.cv.open(c.r, c.s) }

// MouseIn says why the cell is a gap.
func (c *coverageCell) MouseIn(*desktop.MouseEvent) { c.cv.hover(c.r, c.s, true) }

// MouseMoved implements desktop.Hoverable.
func (c *coverageCell) MouseMoved(*desktop.MouseEvent) {}

// MouseOut implements desktop.Hoverable.
func (c *coverageCell) MouseOut() { c.cv.hover(c.r, c.s, false) }

// Cursor shows that the cell is clickable.
func (c *coverageCell) Cursor() desktop.Cursor { return desktop.PointerCursor }

func (c *coverageCell) CreateRenderer() fyne.WidgetRenderer {
	return &coverageCellRenderer{c: c, objs: []fyne.CanvasObject{c.bg, c.lines[0], c.lines[1], c.lines[2], c.markBg, c.mark}}
}

type coverageCellRenderer struct {
	c    *coverageCell
	objs []fyne.CanvasObject
}

func (r *coverageCellRenderer) Layout(size fyne.Size) {
	c := r.c
	pad := theme.Padding()
	c.bg.Resize(size.Subtract(fyne.NewSize(2, 2)))
	c.bg.Move(fyne.NewPos(1, 1))
	y := pad
	for _, l := range c.lines {
		h := l.MinSize().Height
		l.Move(fyne.NewPos(pad+2, y))
		l.Resize(fyne.NewSize(size.Width-2*pad-22, h))
		y += h
	}
	d := float32(16)
	c.markBg.Resize(fyne.NewSize(d, d))
	c.markBg.Move(fyne.NewPos(size.Width-d-pad, pad))
	c.mark.TextSize = 12
	c.mark.Resize(fyne.NewSize(d, d))
	c.mark.Move(fyne.NewPos(size.Width-d-pad, pad))
}

func (r *coverageCellRenderer) MinSize() fyne.Size {
	h := theme.Padding() * 2
	for _, l := range r.c.lines {
		h += fyne.MeasureText("Ag", l.TextSize, l.TextStyle).Height
	}
	return fyne.NewSize(130, h)
}

// Refresh repaints the cell, also after the theme changed.
func (r *coverageCellRenderer) Refresh() {
	r.c.paint()
	for _, o := range r.objs {
		o.Refresh()
	}
}

func (r *coverageCellRenderer) Objects() []fyne.CanvasObject { return r.objs }

func (r *coverageCellRenderer) Destroy() {}
