package app

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"waymark/assets"
	"waymark/canvas/poster"
	"waymark/internal/printable"
	"waymark/internal/publish"
	"waymark/model"
)

// posterPainter is the one poster painter, shared with the command line.
func posterPainter() (*poster.Painter, error) { return publish.Painter() }

// RenderSampleA0 prints the embedded sample's first journey as an A0 PDF
// poster at path. It needs no display.
func RenderSampleA0(path string) error {
	p := assets.Sample()
	if len(p.Journeys) == 0 {
		return errors.New("the sample has no journey")
	}
	_, err := publish.ExportPoster(context.Background(), p, p.Journeys[0], nil, "pdf", poster.DefaultOptions(), path, nil)
	return err
}

// OpenWithSystem opens a file in the desktop's default application.
func OpenWithSystem(path string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", path)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", path)
	default:
		cmd = exec.Command("xdg-open", path)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() //nolint:errcheck // reaped only
	return nil
}

// --- the Export dialog -------------------------------------------------------------

var (
	exportFormats = []string{"PDF poster", "PNG image", "SVG drawing"}
	formatExt     = map[string]string{"PDF poster": "pdf", "PNG image": "png", "SVG drawing": "svg"}
	tilePapers    = []string{"A4", "A3", "Letter", "Legal", "Tabloid"}
	dpis          = []string{"72", "100", "150", "200", "300", "600"}
)

const customPaper = "Custom…"

// exportForm is the Export dialog's state and widgets.
type exportForm struct {
	win     fyne.Window
	project *model.Project
	source  string // the project's own .cjm ("" if unsaved): never exported over
	opener  func(path string)

	format, journey, paper, orient, tilePaper, dpi *widget.Select
	// segment picks whose behaviour figures the poster shows: everyone's
	// or one segment value's, as the board's behaviour lane can; beside a
	// second value's shown next to them.
	segment, beside *widget.Select
	// lens narrows the poster as a lens narrows the board: none, the
	// board's own (boardLens), or one of the journey's saved lenses;
	// hideOutside leaves out the cards it does not show instead of
	// printing them as blank outlines.
	lens                      *widget.Select
	boardLens                 *model.Lens
	boardJourney              model.ID
	hideOutside               *widget.Check
	coveragePage, backlogPage *widget.Check
	// changesPage adds "What changed since" a version chosen in since;
	// the version's project is decoded when chosen (sinceProject).
	changesPage                     *widget.Check
	since                           *widget.Select
	versions                        []model.Version // newest first
	history                         versionSource
	sinceProject                    *model.Project
	sinceSeq                        int
	sinceGen                        int
	custom, margin, overlap, author *widget.Entry
	tile, open                      *widget.Check
	preview                         *canvas.Image
	info                            *widget.Label
	warn                            *widget.Label
	bar                             *widget.ProgressBar
	exportBtn, cancelBtn            *widget.Button
	dlg                             dialog.Dialog

	ready         bool   // built: changes refresh the preview
	previewed     func() // called after each preview update (tests)
	mu            sync.Mutex
	previewCancel context.CancelFunc
	previewGen    int
	cancel        context.CancelFunc // the export in progress
}

// versionSource is where the export dialog finds the versions kept in
// the file: the open document.
type versionSource interface {
	Versions(ctx context.Context) ([]model.Version, error)
	VersionProject(ctx context.Context, seq int) (*model.Project, error)
}

// journeyChoices numbers a project's journeys for a picker and gives the
// index of current (the first journey if current is not one of them).
func journeyChoices(p *model.Project, current model.ID) ([]string, int) {
	titles := make([]string, len(p.Journeys))
	sel := 0
	for i, j := range p.Journeys {
		titles[i] = fmt.Sprintf("%d. %s", i+1, j.Title)
		if j.ID == current {
			sel = i
		}
	}
	return titles, sel
}

// ShowExportDialog shows the Export dialog for project p, with journey
// current selected. source is the project's own file, which an export never
// replaces. opener opens the written file when the user asks for it (nil:
// the desktop's default application, via xdg-open). The export runs off the
// UI goroutine on a snapshot of the project, with progress and Cancel.
func ShowExportDialog(w fyne.Window, p *model.Project, source string, current model.ID, opener func(path string)) {
	ShowPosterExport(w, p, source, current, "", "", opener)
}

// ShowPosterExport is ShowExportDialog with the behaviour lane showing the
// figures of segment value segment ("": everyone's) and of beside next to
// them ("": none), as the board does.
func ShowPosterExport(w fyne.Window, p *model.Project, source string, current model.ID, segment, beside string, opener func(path string)) {
	showPosterExport(w, p, source, current, segment, beside, nil, nil, opener)
}

// showPosterExport is ShowPosterExport offering lens, the board's lens on
// journey current (nil: none), and choosing it.
// Versions of history (nil: none) are offered for the changes page.
func showPosterExport(w fyne.Window, p *model.Project, source string, current model.ID, segment, beside string, lens *model.Lens, history versionSource, opener func(path string)) {
	f := newExportForm(w, p, current, opener)
	f.source = source
	f.setHistory(history)
	f.setSegment(segment, beside)
	f.setBoardLens(current, lens)
	f.dlg.Show()
	f.refreshPreview()
}

func newExportForm(w fyne.Window, p *model.Project, current model.ID, opener func(path string)) *exportForm {
	f := &exportForm{win: w, project: p, opener: opener}
	if f.opener == nil {
		f.opener = func(path string) {
			if err := OpenWithSystem(path); err != nil {
				showErrorOn(w, fmt.Errorf("could not open %s: %w", filepath.Base(path), err))
			}
		}
	}
	changed := func(string) { f.sync(); f.refreshPreview() }
	f.format = widget.NewSelect(exportFormats, changed)
	titles, sel := journeyChoices(p, current)
	f.journey = widget.NewSelect(titles, changed)
	var names []string
	for _, pp := range poster.Papers {
		names = append(names, pp.Name)
	}
	f.paper = widget.NewSelect(append(names, customPaper), changed)
	f.custom = widget.NewEntry()
	f.custom.SetPlaceHolder("e.g. 600x900mm or 24x36in")
	f.custom.OnChanged = changed
	f.orient = widget.NewSelect([]string{"Auto", "Landscape", "Portrait"}, changed)
	f.margin = widget.NewEntry()
	f.margin.SetText("10mm")
	f.margin.OnChanged = changed
	f.tile = widget.NewCheck("Tile over smaller sheets", func(bool) { f.sync(); f.refreshPreview() })
	f.tilePaper = widget.NewSelect(tilePapers, changed)
	f.overlap = widget.NewEntry()
	f.overlap.SetText("10mm")
	f.overlap.OnChanged = changed
	f.dpi = widget.NewSelect(dpis, changed)
	f.author = widget.NewEntry()
	f.author.SetPlaceHolder("shown in the title block (optional)")
	if a := fyne.CurrentApp(); a != nil {
		f.author.SetText(a.Preferences().String(prefAuthor)) // as versions are signed
	}
	f.segment = widget.NewSelect([]string{everyone}, nil)
	f.beside = widget.NewSelect([]string{nobody}, nil)
	f.segment.SetSelected(everyone)
	f.beside.SetSelected(nobody)
	f.segment.OnChanged, f.beside.OnChanged = changed, changed
	f.lens = widget.NewSelect([]string{lensNone}, changed)
	f.lens.SetSelected(lensNone)
	f.hideOutside = widget.NewCheck("Hide cards outside the lens", func(bool) { f.refreshPreview() })
	f.coveragePage = widget.NewCheck("Coverage page", func(bool) { f.refreshPreview() })
	f.backlogPage = widget.NewCheck("Backlog page", func(bool) { f.refreshPreview() })
	f.changesPage = widget.NewCheck("What changed since", func(bool) { f.sync(); f.chooseSince(); f.refreshPreview() })
	f.since = widget.NewSelect(nil, func(string) { f.chooseSince() })
	f.since.PlaceHolder = "no versions saved"
	f.open = widget.NewCheck("Open the file when done", nil)
	f.open.SetChecked(true)
	f.preview = canvas.NewImageFromImage(image.NewRGBA(image.Rect(0, 0, 1, 1)))
	f.preview.FillMode = canvas.ImageFillContain
	f.preview.SetMinSize(fyne.NewSize(360, 260))
	f.info = widget.NewLabel("")
	f.info.Wrapping = fyne.TextWrapWord
	f.warn = widget.NewLabel("")
	f.warn.Wrapping = fyne.TextWrapWord
	f.warn.Importance = widget.WarningImportance
	f.bar = widget.NewProgressBar()
	f.bar.Hide()
	f.exportBtn = widget.NewButton("Export…", f.chooseFile)
	f.exportBtn.Importance = widget.HighImportance
	f.cancelBtn = widget.NewButton("Cancel", f.cancelOrClose)

	f.format.SetSelectedIndex(0)
	f.journey.SetSelectedIndex(sel)
	f.paper.SetSelected("A0")
	f.orient.SetSelected("Auto")
	f.tilePaper.SetSelected("A4")
	f.dpi.SetSelected("150")

	form := widget.NewForm(
		widget.NewFormItem("Format", f.format),
		widget.NewFormItem("Journey", f.journey),
		widget.NewFormItem("Paper", container.NewBorder(nil, nil, f.paper, nil, f.custom)),
		widget.NewFormItem("Orientation", f.orient),
		widget.NewFormItem("Margin", f.margin),
		widget.NewFormItem("Tiling", container.NewVBox(f.tile, container.NewGridWithColumns(2, f.tilePaper, f.overlap))),
		widget.NewFormItem("Resolution (DPI)", f.dpi),
		widget.NewFormItem("Author", f.author),
		widget.NewFormItem("Behaviour figures", f.segment),
		widget.NewFormItem("Beside them", f.beside),
		widget.NewFormItem("Lens", container.NewVBox(f.lens, f.hideOutside)),
		widget.NewFormItem("Extra pages", container.NewVBox(container.NewHBox(f.coveragePage, f.backlogPage),
			container.NewBorder(nil, nil, f.changesPage, nil, f.since))),
		widget.NewFormItem("", f.open),
	)
	right := container.NewBorder(nil, container.NewVBox(f.info, f.warn), nil, nil, f.preview)
	body := container.NewBorder(nil, container.NewVBox(f.bar, container.NewHBox(layout.NewSpacer(), f.cancelBtn, f.exportBtn)),
		nil, nil, container.NewGridWithColumns(2, form, right))
	f.dlg = dialog.NewCustomWithoutButtons("Export", body, w)
	f.dlg.Resize(fyne.NewSize(860, 560))
	f.sync()
	f.ready = true
	return f
}

// sync shows only the controls that apply to the chosen format.
func (f *exportForm) sync() {
	if f.tilePaper == nil || f.dpi == nil || f.backlogPage == nil {
		return // still being built
	}
	pdf := f.formatExt() == "pdf"
	enable := func(on bool, ws ...fyne.Disableable) {
		for _, w := range ws {
			if on {
				w.Enable()
			} else {
				w.Disable()
			}
		}
	}
	enable(pdf, f.tile)
	enable(pdf && f.tile.Checked, f.tilePaper, f.overlap)
	enable(f.formatExt() == "png", f.dpi)
	enable(f.paper.Selected == customPaper, f.custom)
	enable(pdf, f.coveragePage, f.backlogPage)
	enable(pdf && len(f.versions) > 0, f.changesPage)
	enable(pdf && len(f.versions) > 0 && f.changesPage.Checked, f.since)
	f.syncLens()
	// The figures' choices are the chosen journey's segment values.
	var b *model.Behaviour
	if j := f.selectedJourney(); j != nil {
		b = j.Behaviour
	}
	for _, s := range []*widget.Select{f.segment, f.beside} {
		opts := segmentChoices(b, everyone)
		if s == f.beside {
			opts = segmentChoices(b, nobody)
		}
		if !slices.Equal(opts, s.Options) {
			was := s.Selected
			s.Options = opts
			if !slices.Contains(opts, was) {
				was = opts[0]
			}
			s.Selected = was
			s.Refresh()
		}
		enable(len(opts) > 1, s)
	}
}

// The lens picker's fixed choices.
const (
	lensNone  = "None"
	lensBoard = "The board's lens"
)

// setBoardLens offers the board's lens l on journey j, chosen, with its
// Dim/Hide mode.
func (f *exportForm) setBoardLens(j model.ID, l *model.Lens) {
	if !l.Filters() {
		return
	}
	f.boardLens, f.boardJourney = l.Clone(), j
	f.syncLens()
	f.lens.SetSelected(lensBoard)
	f.hideOutside.SetChecked(l.Hide)
}

// syncLens offers the lenses of the chosen journey: none, the board's
// when it is that journey's, and each saved lens by name.
func (f *exportForm) syncLens() {
	if f.lens == nil {
		return
	}
	opts := []string{lensNone}
	j := f.selectedJourney()
	if j != nil && f.boardLens != nil && j.ID == f.boardJourney {
		opts = append(opts, lensBoard)
	}
	if j != nil {
		for _, l := range j.Lenses {
			opts = append(opts, l.Name)
		}
	}
	if !slices.Equal(opts, f.lens.Options) {
		was := f.lens.Selected
		f.lens.Options = opts
		if !slices.Contains(opts, was) {
			was = lensNone
		}
		f.lens.Selected = was
		f.lens.Refresh()
	}
	enable(len(opts) > 1, f.lens)
	enable(f.lens.Selected != lensNone, f.hideOutside)
}

// chosenLens is the lens the poster is printed through, nil for none.
func (f *exportForm) chosenLens() *model.Lens {
	j := f.selectedJourney()
	var l *model.Lens
	switch sel := f.lens.Selected; {
	case j == nil || sel == lensNone || sel == "":
	case sel == lensBoard && j.ID == f.boardJourney:
		l = f.boardLens.Clone()
	default:
		l = j.Lens(sel).Clone()
	}
	if l != nil {
		l.Hide = f.hideOutside.Checked
	}
	return l
}

// everyone is the segment choice of everyone's figures.
const everyone = "Everyone"

// segmentChoice names a segment value as the picker shows it.
func segmentChoice(b *model.Behaviour, value string) string {
	return b.SegmentAttribute + " = " + value
}

// nobody is the choice of no second segment value beside the first.
const nobody = "None"

// segmentChoices are a segment picker's choices: first (everyone or
// nobody), then each segment value of b (nil: none).
func segmentChoices(b *model.Behaviour, first string) []string {
	out := []string{first}
	if b != nil {
		for _, v := range b.Segments {
			out = append(out, segmentChoice(b, v.Value))
		}
	}
	return out
}

// choiceOf is the choice that shows segment value v, first when b lacks
// it.
func choiceOf(b *model.Behaviour, v, first string) string {
	if b.Segment(v) == nil {
		return first
	}
	return segmentChoice(b, v)
}

// segmentValue is the segment value of a picker's choice, "" for
// everyone or none.
func segmentValue(b *model.Behaviour, choice string) string {
	for _, v := range b.Segments {
		if segmentChoice(b, v.Value) == choice {
			return v.Value
		}
	}
	return ""
}

// setSegment picks the figures of segment value v, and those of beside
// next to them, if the chosen journey has them.
func (f *exportForm) setSegment(v, beside string) {
	j := f.selectedJourney()
	if j == nil || j.Behaviour == nil {
		return
	}
	f.segment.SetSelected(choiceOf(j.Behaviour, v, everyone))
	f.beside.SetSelected(choiceOf(j.Behaviour, beside, nobody))
}

func (f *exportForm) formatExt() string { return formatExt[f.format.Selected] }

func (f *exportForm) selectedJourney() *model.Journey {
	i := f.journey.SelectedIndex()
	if i < 0 || i >= len(f.project.Journeys) {
		return nil
	}
	return f.project.Journeys[i]
}

// options reads the form, with the changes the changes page lists; the
// error is one sentence about the field.
func (f *exportForm) options() (poster.Options, error) {
	opt, err := f.settings()
	if err == nil && slices.Contains(opt.Pages, poster.PageChanges) {
		opt.Changes = model.Diff(f.sinceProject, f.project)
	}
	return opt, err
}

// settings is options without the changes, which the preview, refreshed
// at every edit of the form, leaves out: comparing whole maps at every
// keystroke would be wasted.
func (f *exportForm) settings() (poster.Options, error) {
	opt := poster.DefaultOptions()
	var err error
	name := f.paper.Selected
	if name == customPaper {
		name = f.custom.Text
	}
	if opt.Paper, err = poster.ParsePaper(name); err != nil {
		return opt, err
	}
	opt.Orientation, _ = poster.ParseOrientation(f.orient.Selected)
	if opt.Margin, err = poster.ParseLength(f.margin.Text); err != nil {
		return opt, fmt.Errorf("margin: %w", err)
	}
	if f.formatExt() == "pdf" && f.tile.Checked {
		if opt.Tile, err = poster.ParsePaper(f.tilePaper.Selected); err != nil {
			return opt, err
		}
		if opt.Tile.W*opt.Tile.H >= opt.Paper.W*opt.Paper.H {
			return opt, fmt.Errorf("tiles of %s are not smaller than the %s poster", opt.Tile.Name, opt.Paper.Name)
		}
		if opt.Overlap, err = poster.ParseLength(f.overlap.Text); err != nil {
			return opt, fmt.Errorf("overlap: %w", err)
		}
	}
	fmt.Sscan(f.dpi.Selected, &opt.DPI)
	changes := f.changesPage.Checked && len(f.versions) > 0
	if f.formatExt() == "pdf" && (f.coveragePage.Checked || f.backlogPage.Checked || changes) {
		opt.Pages = []poster.Page{poster.PageMap}
		if f.coveragePage.Checked {
			opt.Pages = append(opt.Pages, poster.PageCoverage)
		}
		if f.backlogPage.Checked {
			opt.Pages = append(opt.Pages, poster.PageBacklog)
		}
		if changes {
			v := f.sinceVersion()
			switch {
			case v == nil:
				return opt, errors.New("choose the version the changes page compares with")
			case f.sinceProject == nil || f.sinceSeq != v.Seq:
				return opt, fmt.Errorf("version “%s” is still being read", printable.Line(v.Name))
			}
			opt.Pages = append(opt.Pages, poster.PageChanges)
			opt.Since = fmt.Sprintf("“%s” (%s)", v.Name, v.Created.Local().Format("2 January 2006"))
		}
	}
	opt.Author = strings.TrimSpace(f.author.Text)
	if len(f.versions) > 0 {
		latest := f.versions[0] // the title block names the newest version kept
		opt.Latest = &latest
	}
	if j := f.selectedJourney(); j != nil && j.Behaviour != nil {
		opt.Segment, opt.Compare = segmentValue(j.Behaviour, f.segment.Selected), segmentValue(j.Behaviour, f.beside.Selected)
	}
	return opt, nil
}

// setHistory offers the versions of h (nil: none) for the changes page,
// the newest chosen.
func (f *exportForm) setHistory(h versionSource) {
	f.history = h
	f.versions = nil
	if h != nil {
		if vs, err := h.Versions(context.Background()); err == nil {
			slices.Reverse(vs)
			f.versions = vs
		}
	}
	var names []string
	for _, v := range f.versions {
		names = append(names, fmt.Sprintf("%s (%s)", printable.Line(v.Name), v.Created.Local().Format("2 Jan 2006")))
	}
	f.since.Options = names
	if len(names) > 0 {
		f.since.PlaceHolder = "a version"
		f.since.SetSelectedIndex(0)
	}
	f.sync()
}

// sinceVersion is the version chosen for the changes page.
func (f *exportForm) sinceVersion() *model.Version {
	if i := f.since.SelectedIndex(); i >= 0 && i < len(f.versions) {
		return &f.versions[i]
	}
	return nil
}

// chooseSince reads the version chosen off the UI goroutine, once the
// changes page is asked for; the preview follows once it is read.
func (f *exportForm) chooseSince() {
	v := f.sinceVersion()
	if v == nil || f.history == nil || !f.changesPage.Checked {
		return
	}
	if f.sinceProject != nil && f.sinceSeq == v.Seq {
		f.refreshPreview()
		return
	}
	f.sinceGen++
	gen, seq, h := f.sinceGen, v.Seq, f.history
	f.sinceProject = nil
	go func() {
		p, err := h.VersionProject(context.Background(), seq)
		onUI(func() {
			if gen != f.sinceGen {
				return
			}
			if err != nil {
				showErrorOn(f.win, err)
				return
			}
			f.sinceProject, f.sinceSeq = p, seq
			f.refreshPreview()
		})
	}()
}

// refreshPreview plans the export and paints a small picture of the page
// (with the grid of sheets when tiled) off the UI goroutine; a newer
// refresh cancels an older one.
func (f *exportForm) refreshPreview() {
	if !f.ready {
		return
	}
	j := f.selectedJourney()
	opt, err := f.settings()
	if j == nil || err != nil {
		if err != nil {
			f.info.SetText("")
			f.warn.SetText(printable.UpperFirst(err.Error()) + ".")
		}
		f.exportBtn.Disable()
		return
	}
	f.exportBtn.Enable()
	p := f.project.Clone()
	j = p.Journey(j.ID)
	format := f.formatExt()
	lens := f.chosenLens()
	f.mu.Lock()
	if f.previewCancel != nil {
		f.previewCancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	f.previewCancel = cancel
	f.previewGen++
	gen := f.previewGen
	f.mu.Unlock()
	go func() {
		img, info, warn, err := renderPreview(ctx, p, j, format, opt, lens)
		if ctx.Err() != nil {
			return
		}
		onUI(func() {
			f.mu.Lock()
			stale := gen != f.previewGen
			f.mu.Unlock()
			if stale {
				return
			}
			if err != nil {
				f.info.SetText("")
				f.warn.SetText(printable.UpperFirst(err.Error()) + ".")
				f.exportBtn.Disable()
				return
			}
			f.preview.Image = img
			f.preview.Refresh()
			f.info.SetText(info)
			f.warn.SetText(warn)
			if f.previewed != nil {
				f.previewed()
			}
		})
	}()
}

// renderPreview paints the poster small and draws the sheets over it.
func renderPreview(ctx context.Context, p *model.Project, j *model.Journey, format string, opt poster.Options, lens *model.Lens) (image.Image, string, string, error) {
	pt, err := posterPainter()
	if err != nil {
		return nil, "", "", err
	}
	d := publish.PosterDoc(pt, p, j, opt, lens)
	res, err := pt.Plan(d, opt)
	if err != nil {
		return nil, "", "", err
	}
	small := opt
	small.Tile = poster.Paper{}
	// The preview is a picture of the map page; the pages after it are
	// tables and lists that only a PDF prints.
	small.Pages, small.Changes, small.Since = nil, nil, ""
	small.DPI = math.Max(10, 520/math.Max(res.PosterW, res.PosterH)*72)
	img, _, err := pt.Raster(ctx, d, small)
	if err != nil {
		return nil, "", "", err
	}
	k := small.DPI / 72
	blue := color.RGBA{0x1f, 0x6f, 0xeb, 0xff}
	for _, sh := range res.Sheets {
		x0, y0 := int(math.Round(sh.WX*k)), int(math.Round(sh.WY*k))
		x1, y1 := int(math.Round((sh.WX+sh.WW)*k)), int(math.Round((sh.WY+sh.WH)*k))
		for x := x0; x <= x1; x++ {
			img.Set(x, y0, blue)
			img.Set(x, y1, blue)
		}
		for y := y0; y <= y1; y++ {
			img.Set(x0, y, blue)
			img.Set(x1, y, blue)
		}
	}
	mm := func(pt float64) float64 { return math.Round(pt / poster.MM) }
	info := fmt.Sprintf("%s %s, %g × %g mm; the map prints at %.0f%% of screen size, its smallest text %.1f pt.",
		opt.Paper.Name, res.Orientation, mm(res.PosterW), mm(res.PosterH), res.Map.S*100, res.MinText)
	switch {
	case res.Rows > 0:
		info += fmt.Sprintf(" %d sheets of %s (%d columns × %d rows) and an assembly page.", len(res.Sheets), opt.Tile.Name, res.Cols, res.Rows)
	case format == "png":
		info += fmt.Sprintf(" %d × %d pixels.", int(math.Round(res.PosterW/72*opt.DPI)), int(math.Round(res.PosterH/72*opt.DPI)))
	}
	warn := ""
	for _, w := range res.Warnings {
		warn += printable.UpperFirst(w) + ".\n"
	}
	return img, info, strings.TrimSpace(warn), nil
}

// chooseFile asks where to write, then exports.
func (f *exportForm) chooseFile() {
	j := f.selectedJourney()
	if j == nil {
		return
	}
	ext := f.formatExt()
	askSavePath(f.win, fileNameFor(j.Title, ext), "."+ext, f.run)
}

func fileNameFor(title, ext string) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < ' ' {
			return '-'
		}
		return r
	}, strings.TrimSpace(title))
	if name == "" {
		name = "journey"
	}
	return name + "." + ext
}

// run exports to path off the UI goroutine, with progress and Cancel.
func (f *exportForm) run(path string) {
	opt, err := f.options()
	if err != nil {
		showErrorOn(f.win, err)
		return
	}
	p := f.project.Clone() // a snapshot: editing may go on meanwhile
	j := p.Journey(f.selectedJourney().ID)
	format := f.formatExt()
	lens := f.chosenLens()
	ctx, cancel := context.WithCancel(context.Background())
	f.mu.Lock()
	f.cancel = cancel
	f.mu.Unlock()
	f.bar.SetValue(0)
	f.bar.Show()
	f.exportBtn.Disable()
	last := time.Time{}
	opt.Progress = func(done, total int) {
		if time.Since(last) < 50*time.Millisecond && done < total {
			return
		}
		last = time.Now()
		v := float64(done) / float64(max(total, 1))
		onUI(func() { f.bar.SetValue(v) })
	}
	openAfter := f.open.Checked
	source := f.source
	go func() {
		res, err := publish.ExportPoster(ctx, p, j, lens, format, opt, path, nil, nonEmpty(source)...)
		onUI(func() {
			f.mu.Lock()
			f.cancel = nil
			f.mu.Unlock()
			cancel()
			f.bar.Hide()
			f.exportBtn.Enable()
			switch {
			case errors.Is(err, context.Canceled):
				return
			case err != nil:
				showErrorOn(f.win, err)
				return
			}
			f.dlg.Hide()
			if len(res.Warnings) > 0 {
				dialog.ShowInformation("Exported with warnings", printable.UpperFirst(strings.Join(res.Warnings, ".\n"))+".", f.win)
			}
			if openAfter {
				f.opener(path)
			}
		})
	}()
}

// cancelOrClose cancels the export in progress, or closes the dialog.
func (f *exportForm) cancelOrClose() {
	f.mu.Lock()
	cancel := f.cancel
	if f.previewCancel != nil {
		f.previewCancel()
	}
	f.mu.Unlock()
	if cancel != nil {
		cancel()
		return
	}
	f.dlg.Hide()
}

// nonEmpty is the paths that are set: the inputs an export must not replace.
func nonEmpty(paths ...string) []string {
	var out []string
	for _, p := range paths {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}
