package app

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"waymark/interchange"
	"waymark/internal/printable"
	"waymark/internal/publish"
	"waymark/internal/safefile"
	"waymark/model"
)

// Mermaid user journeys and CSV spreadsheets: the File › Import… and Export
// Mermaid/CSV… dialogs. The interchange package does the reading and
// writing; `waymark import/export` (package cli) shares the pipelines in
// internal/publish.

// --- File › Import… --------------------------------------------------------------

// ShowImportDialog asks for a Mermaid journey (.mmd, .mermaid, or Markdown
// holding one) or a CSV spreadsheet (.csv, .tsv), then imports it as
// ImportInterchangeFile does.
func ShowImportDialog(w fyne.Window, onProject func(p *model.Project, source string)) {
	askOpenPath(w, interchange.Extensions, func(path string) { ImportInterchangeFile(w, path, onProject) })
}

// ImportInterchangeFile imports a Mermaid, Markdown or CSV file (by its
// extension; for a CSV it first asks for the emotion scale, "as the file
// says" preselected). The file is read off the UI goroutine; a problem is
// shown as an error naming the file and line; notes on what was read
// unexpectedly are shown after onProject, which gets the new, unsaved
// project and the file's path on the UI goroutine. Use it for files
// dropped on a window, too.
func ImportInterchangeFile(w fyne.Window, path string, onProject func(p *model.Project, source string)) {
	f, ok := interchange.FormatOf(path)
	if !ok {
		showErrorOn(w, fmt.Errorf("%s is not a Mermaid journey (.mmd, .mermaid, .md) or a CSV spreadsheet (.csv, .tsv)", filepath.Base(path)))
		return
	}
	if f == interchange.CSV {
		newScaleForm(w, path, onProject).dlg.Show()
		return
	}
	importFile(w, path, f, model.Scale{}, onProject)
}

const scaleFromFile = "As the file says"

// scaleForm asks for the emotion scale of a CSV's scores.
type scaleForm struct {
	choice *widget.Select
	dlg    *dialog.FormDialog
}

func newScaleForm(w fyne.Window, path string, onProject func(*model.Project, string)) *scaleForm {
	options := []string{scaleFromFile}
	for _, s := range model.ScalePresets {
		options = append(options, s.String())
	}
	f := &scaleForm{choice: widget.NewSelect(options, nil)}
	f.choice.SetSelectedIndex(0)
	item := widget.NewFormItem("Emotion scale", f.choice)
	item.HintText = `A header such as "emotion: Zoë (1..5)" names it; otherwise it is guessed from the scores.`
	f.dlg = dialog.NewForm("Import "+filepath.Base(path), "Import", "Cancel",
		[]*widget.FormItem{item}, func(ok bool) {
			if !ok {
				return
			}
			scale, _ := model.ParseScale(f.choice.Selected) // the first choice gives the zero Scale: from the file
			importFile(w, path, interchange.CSV, scale, onProject)
		}, w)
	f.dlg.Resize(fyne.NewSize(560, 200))
	return f
}

// afterImport runs on the UI goroutine when an import has ended, either
// way; tests wait on it.
var afterImport = func() {}

// importFile reads and converts the file off the UI goroutine.
func importFile(w fyne.Window, path string, f interchange.Format, scale model.Scale, onProject func(*model.Project, string)) {
	go func() {
		p, warnings, err := readInterchange(path, f, scale)
		onUI(func() {
			defer afterImport()
			if err != nil {
				showErrorOn(w, err)
				return
			}
			onProject(p, path)
			if len(warnings) > 0 {
				dialog.ShowInformation("Imported "+filepath.Base(path), bulletList(warnings), w)
			}
		})
	}()
}

func readInterchange(path string, f interchange.Format, scale model.Scale) (*model.Project, []string, error) {
	opt := interchange.ImportOptions{Name: strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)), Scale: scale}
	return publish.Import(path, filepath.Base(path), f, opt)
}

func bulletList(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString("• " + printable.UpperFirst(l) + ".")
	}
	return b.String()
}

// --- File › Export Mermaid or CSV… -------------------------------------------------

var interchangeFormats = []interchange.Format{interchange.Mermaid, interchange.Markdown, interchange.CSV}

// previewLines caps the preview: the export itself is never cut.
const previewLines = 60

// ShowInterchangeExportDialog shows the dialog that exports a journey of p
// (current preselected) as a Mermaid journey, Markdown or CSV: a preview of
// the text and of what the format cannot hold, Copy (to the clipboard) and
// Export… (to a file, written off the UI goroutine on a snapshot of the
// project, through a temporary file so a failure leaves nothing behind).
func ShowInterchangeExportDialog(w fyne.Window, p *model.Project, source string, current model.ID) {
	f := newInterchangeExportForm(w, p, current)
	f.source = source
	f.dlg.Show()
}

type interchangeExportForm struct {
	win     fyne.Window
	project *model.Project
	source  string // the project's own .cjm ("" if unsaved): never exported over

	format, journey *widget.Select
	bom             *widget.Check
	// metrics also writes the journey's behaviour figures, a row per
	// stage, beside a CSV (as export --metrics): NAME-metrics.csv.
	metrics        *widget.Check
	preview, notes *widget.Label
	copyBtn        *widget.Button
	exportBtn      *widget.Button
	body           *fyne.Container
	dlg            dialog.Dialog

	text     []byte // the export of the current choices
	finished func(path string, err error)
}

func newInterchangeExportForm(w fyne.Window, p *model.Project, current model.ID) *interchangeExportForm {
	f := &interchangeExportForm{win: w, project: p}
	var labels []string
	for _, x := range interchangeFormats {
		labels = append(labels, fmt.Sprintf("%s (%s)", x.Label(), x.Ext()))
	}
	f.format = widget.NewSelect(labels, func(string) { f.refresh() })
	titles, sel := journeyChoices(p, current)
	f.journey = widget.NewSelect(titles, func(string) { f.refresh() })
	f.bom = widget.NewCheck("Byte order mark, so that Excel shows accents", func(bool) { f.refresh() })
	f.bom.SetChecked(true)
	f.metrics = widget.NewCheck("Also write the behaviour figures, a row per stage (…-metrics.csv)", func(bool) { f.refresh() })
	f.metrics.SetChecked(true)
	f.preview = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	f.notes = widget.NewLabel("")
	f.notes.Wrapping = fyne.TextWrapWord
	f.notes.Importance = widget.WarningImportance
	f.copyBtn = widget.NewButton("Copy", func() {
		fyne.CurrentApp().Clipboard().SetContent(strings.TrimPrefix(string(f.text), "\ufeff"))
	})
	f.exportBtn = widget.NewButton("Export…", f.chooseFile)
	f.exportBtn.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", func() { f.dlg.Hide() })

	form := widget.NewForm(
		widget.NewFormItem("Format", f.format),
		widget.NewFormItem("Journey", f.journey),
		widget.NewFormItem("", f.bom),
		widget.NewFormItem("", f.metrics),
	)
	f.body = container.NewBorder(form,
		container.NewVBox(f.notes, container.NewHBox(layout.NewSpacer(), cancel, f.copyBtn, f.exportBtn)), nil, nil,
		container.NewScroll(f.preview))
	f.dlg = dialog.NewCustomWithoutButtons("Export as Mermaid or CSV", f.body, w)
	f.dlg.Resize(fyne.NewSize(820, 640))
	f.format.SetSelectedIndex(0)
	f.journey.SetSelectedIndex(sel)
	f.refresh()
	return f
}

func (f *interchangeExportForm) selected() (interchange.Format, *model.Journey) {
	fi, ji := f.format.SelectedIndex(), f.journey.SelectedIndex()
	if fi < 0 || ji < 0 || ji >= len(f.project.Journeys) {
		return "", nil
	}
	return interchangeFormats[fi], f.project.Journeys[ji]
}

// refresh exports the current choices for the preview; it runs on the UI
// goroutine, which owns the project, and is quick (text, no pictures).
func (f *interchangeExportForm) refresh() {
	if f.bom == nil || f.metrics == nil || f.body == nil {
		return // still being built
	}
	format, j := f.selected()
	if j == nil {
		f.exportBtn.Disable()
		f.copyBtn.Disable()
		return
	}
	if format == interchange.CSV {
		f.bom.Enable()
	} else {
		f.bom.Disable()
	}
	if format == interchange.CSV && j.Behaviour != nil {
		f.metrics.Enable()
	} else {
		f.metrics.Disable()
	}
	text, warnings, err := publish.ExportText(f.project, j, format, interchange.ExportOptions{BOM: f.bom.Checked})
	if err != nil {
		f.notes.SetText(printable.UpperFirst(err.Error()) + ".")
		f.exportBtn.Disable()
		f.copyBtn.Disable()
		return
	}
	f.text = text
	lines := strings.Split(strings.TrimPrefix(string(text), "\ufeff"), "\n")
	if len(lines) > previewLines {
		lines = append(lines[:previewLines], fmt.Sprintf("… and %d more lines", len(lines)-previewLines))
	}
	f.preview.SetText(strings.Join(lines, "\n"))
	f.notes.SetText(bulletList(warnings))
	if len(warnings) == 0 {
		f.notes.Hide()
	} else {
		f.notes.Show()
	}
	f.body.Refresh()
	f.exportBtn.Enable()
	f.copyBtn.Enable()
}

// chooseFile asks where to write, then exports.
func (f *interchangeExportForm) chooseFile() {
	format, j := f.selected()
	if j == nil {
		return
	}
	ext := format.Ext()
	askSavePath(f.win, fileNameFor(j.Title, strings.TrimPrefix(ext, ".")), ext, f.run)
}

// run exports the current choices to path off the UI goroutine.
func (f *interchangeExportForm) run(path string) {
	format, j := f.selected()
	if j == nil {
		return
	}
	p := f.project.Clone() // a snapshot: the export reads it on another goroutine
	j = p.Journey(j.ID)
	opt := interchange.ExportOptions{BOM: f.bom.Checked}
	metrics := ""
	if format == interchange.CSV && j.Behaviour != nil && f.metrics.Checked {
		metrics = metricsPath(path)
	}
	source := f.source
	f.exportBtn.Disable()
	go func() {
		text, _, err := publish.ExportText(p, j, format, opt)
		var figures bytes.Buffer
		if err == nil && metrics != "" {
			err = interchange.ExportMetricsCSV(&figures, j, "", opt)
		}
		if err == nil {
			err = safefile.WriteBytes(path, text, nonEmpty(source)...)
		}
		if err == nil && metrics != "" {
			err = safefile.WriteBytes(metrics, figures.Bytes(), nonEmpty(source, path)...)
		}
		onUI(func() {
			f.exportBtn.Enable()
			if err != nil {
				showErrorOn(f.win, err)
			} else {
				f.dlg.Hide()
			}
			if f.finished != nil {
				f.finished(path, err)
			}
		})
	}()
}

// metricsPath is where a CSV's behaviour figures go: beside it, named
// after it, "loans.csv" → "loans-metrics.csv".
func metricsPath(csv string) string {
	ext := filepath.Ext(csv)
	return strings.TrimSuffix(csv, ext) + "-metrics" + ext
}
