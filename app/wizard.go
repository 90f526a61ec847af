package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"waymark/behaviour"
	"waymark/internal/eventimport"
	"waymark/internal/printable"
	"waymark/internal/safefile"
	"waymark/model"
	"waymark/storage"
)

// File › Import Behaviour Data…: a wizard that turns event logs into the
// current journey's figures. Its steps are the files, the columns' roles
// over a preview of the first rows, the stage rules with live counts, and
// the import itself. Everything DuckDB does runs off the UI goroutine; the
// import applies one command (eventimport.Command, the command line's) or
// nothing at all.

const (
	wizardPreviewRows = 50
	wizardSampleRows  = 20_000 // the rows the counts read before the whole log
	wizardDebounce    = 300 * time.Millisecond
)

// eventLogExtensions are what the file picker shows: CSV, TSV, JSON
// Lines and Parquet, gzipped or not.
var eventLogExtensions = []string{".csv", ".tsv", ".txt", ".jsonl", ".ndjson", ".json", ".parquet", ".gz"}

// Steps of the wizard.
const (
	stepFiles = iota
	stepColumns
	stepRules
	stepImport
)

var stepTitles = []string{"1. Event logs", "2. Columns", "3. Stage rules", "4. Import"}

// Column roles as the header drop-downs say them.
const (
	roleTime      = "timestamp"
	roleEvent     = "event"
	roleChannel   = "channel"
	roleSource    = "source"
	roleMedium    = "medium"
	roleAttribute = "attribute"
	roleIgnore    = "ignore"
	roleIDPrefix  = "identifier "
)

var timeUnits = []struct {
	unit  model.TimeUnit
	label string
}{
	{model.TimeISO, "Date and time text (ISO 8601)"},
	{model.TimeUnixS, "Unix seconds"},
	{model.TimeUnixMS, "Unix milliseconds"},
}

const noAttribute = "none"

// importWizard is the wizard's state and widgets. Its fields are the UI
// goroutine's, except the engine, which the goroutines doing DuckDB's
// work take turns at (engMu).
type importWizard struct {
	parent  fyne.Window
	doc     *storage.Document
	journey model.ID
	// refresh: re-run the journey's saved mapping on new files, in one step.
	refresh bool
	// author signs the version kept before figures are replaced.
	author string
	// versioned is called after that version is kept (the History panel).
	versioned func()

	// opts are the engines' options; debounce is how long an edit of the
	// rules waits for the next before the counts run (0: at once), and
	// after starts that wait (time.AfterFunc; tests fire it themselves).
	opts     behaviour.Options
	debounce time.Duration
	after    func(time.Duration, func()) (stop func() bool)
	// do runs f on the UI goroutine: onUI (tests run it on theirs).
	do func(f func())

	files      []string
	inspection *behaviour.Inspection
	preview    *behaviour.Preview
	m          model.Mapping
	userMap    bool // the mapping came from a file: a new inspection keeps it

	engMu sync.Mutex
	eng   *behaviour.Engine // for inspecting and counting; the import has its own

	loadCancel   context.CancelFunc
	countCancel  context.CancelFunc
	countGen     int
	countTimer   func() bool // stops the debounce's wait
	importCancel context.CancelFunc
	importing    bool
	applied      bool // an import was applied: the wizard is done
	closed       bool

	step       int
	dlg        *dialog.CustomDialog
	stepLabels []*widget.Label
	hint       *widget.Label
	body       *fyne.Container
	// the buttons along the bottom
	back, next, cancel, closeBtn, openMap, saveMap *widget.Button

	// the steps' pages
	filesPage, columnsPage, rulesPage fyne.CanvasObject
	// step 1
	fileList    *widget.Label
	fileStatus  *widget.Label
	loading     *widget.ProgressBarInfinite
	loadingText *widget.Label
	// step 2
	table     *widget.Table
	zone      *widget.Entry
	unit      *widget.Select
	colStatus *widget.Label
	// step 3
	mode        *widget.Select
	window      *widget.Entry
	windowText  string // as typed; the mapping holds it once it reads
	segment     *widget.Select
	rulesBox    *fyne.Container
	ruleErrs    []*widget.Label
	countStatus *widget.Label
	countsBox   *fyne.Container
	unmappedBox *fyne.Container
	// step 4
	importBox *fyne.Container

	// For tests, on the UI goroutine: after the logs were read (or not),
	// after counts were shown, after an import ended (applied or not).
	onLoaded   func(error)
	onCounted  func(c *behaviour.StageCounts, err error)
	onImported func(err error)
}

// newImportWizard makes the wizard for journey of doc, over parent. Show
// it with show; nothing runs until files are given.
func newImportWizard(parent fyne.Window, doc *storage.Document, journey model.ID) *importWizard {
	w := &importWizard{parent: parent, doc: doc, journey: journey, debounce: wizardDebounce, m: model.DefaultMapping(),
		after: func(d time.Duration, f func()) func() bool { return time.AfterFunc(d, f).Stop }, do: onUI}
	w.m.Time.Zone = localZoneName()
	steps := container.NewHBox()
	for i, t := range stepTitles {
		if i > 0 {
			steps.Add(widget.NewLabel("›"))
		}
		l := widget.NewLabel(t)
		w.stepLabels = append(w.stepLabels, l)
		steps.Add(l)
	}
	w.hint = widget.NewLabel("")
	w.hint.Wrapping = fyne.TextWrapWord
	w.body = container.NewStack()
	w.back = widget.NewButtonWithIcon("Back", theme.NavigateBackIcon(), func() { w.goTo(w.step - 1) })
	w.next = widget.NewButtonWithIcon("Next", theme.NavigateNextIcon(), w.forward)
	w.next.Importance = widget.HighImportance
	w.cancel = widget.NewButton("Cancel import", w.cancelImport)
	w.closeBtn = widget.NewButton("Close", w.close)
	w.openMap = widget.NewButtonWithIcon("Open mapping…", theme.FolderOpenIcon(), w.openMapping)
	w.saveMap = widget.NewButtonWithIcon("Save mapping…", theme.DocumentSaveIcon(), w.saveMapping)
	w.buildFiles()
	w.buildColumns()
	w.buildRules()
	w.importBox = container.NewVBox()
	buttons := container.NewHBox(w.closeBtn, w.openMap, w.saveMap, layout.NewSpacer(), w.cancel, w.back, w.next)
	content := container.NewBorder(container.NewVBox(steps, w.hint, widget.NewSeparator()), container.NewVBox(widget.NewSeparator(), buttons), nil, nil, w.body)
	title := "Import Behaviour Data"
	if j := w.journeyNow(); j != nil {
		title += " into “" + printable.Line(j.Title) + "”"
	}
	w.dlg = dialog.NewCustomWithoutButtons(title, content, parent)
	w.goTo(stepFiles)
	return w
}

// show shows the wizard, as large as the window allows.
func (w *importWizard) show() {
	size := w.parent.Canvas().Size()
	w.dlg.Resize(fyne.NewSize(max(min(size.Width-40, 1340), 700), max(min(size.Height-40, 820), 500)))
	w.dlg.Show()
}

func (w *importWizard) journeyNow() *model.Journey { return w.doc.Project().Journey(w.journey) }

// ---- steps and navigation ----

func (w *importWizard) goTo(step int) {
	w.step = step
	for i, l := range w.stepLabels {
		l.TextStyle.Bold = i == step
		l.Importance = widget.LowImportance
		if i == step {
			l.Importance = widget.HighImportance
		}
		if w.refresh && i != stepImport {
			l.Hide() // a refresh is the import step only
		}
		l.Refresh()
	}
	w.hint.SetText(stepHints[step])
	if w.refresh {
		w.hint.SetText("Refresh: the journey's saved mapping (its columns and stage rules) on new event logs.")
	}
	var page fyne.CanvasObject
	switch step {
	case stepFiles:
		page = w.filesPage
	case stepColumns:
		w.refreshColumns()
		page = w.columnsPage
	case stepRules:
		w.rebuildRules()
		page = w.rulesPage
	case stepImport:
		page = container.NewVScroll(w.importBox)
	}
	w.body.Objects = []fyne.CanvasObject{page}
	w.body.Refresh()
	w.updateButtons()
	if step == stepRules {
		w.scheduleCount()
	}
}

var stepHints = []string{
	"Choose the event logs: CSV, TSV, JSON Lines or Parquet, gzipped or not. Several files must have the same columns.",
	"Say what each column is, in the drop-down above it. Identifiers are ranked: 1 is the strongest (a user ID before a device ID).",
	"Each rule maps event names to a stage; the first rule that matches an event wins. The counts follow your edits.",
	"The import reads the whole log with the columns and rules of the steps before; it is one step of Edit › Undo.",
}

func (w *importWizard) updateButtons() {
	show := func(b *widget.Button, on bool) {
		if on {
			b.Show()
		} else {
			b.Hide()
		}
	}
	enable := func(b *widget.Button, on bool) {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	show(w.back, !w.refresh && w.step > stepFiles && !w.importing && !w.applied)
	show(w.next, w.step < stepImport)
	show(w.cancel, w.importing)
	show(w.closeBtn, !w.importing)
	show(w.openMap, w.step == stepColumns || w.step == stepRules)
	show(w.saveMap, w.step == stepColumns || w.step == stepRules)
	w.next.SetText("Next")
	w.next.SetIcon(theme.NavigateNextIcon())
	switch w.step {
	case stepFiles:
		enable(w.next, len(w.files) > 0 && w.loadCancel == nil)
	case stepColumns:
		enable(w.next, w.columnsProblem() == "")
	case stepRules:
		w.next.SetText("Import")
		w.next.SetIcon(theme.DownloadIcon())
		enable(w.next, w.rulesProblem() == "")
	}
}

func (w *importWizard) forward() {
	switch w.step {
	case stepFiles:
		if w.inspection != nil {
			w.goTo(stepColumns)
			return
		}
		w.load()
	case stepColumns:
		if w.columnsProblem() == "" {
			w.goTo(stepRules)
		}
	case stepRules:
		if w.rulesProblem() == "" {
			w.startImport()
		}
	}
}

// close ends whatever runs and closes the wizard; its engine goes off the
// UI goroutine.
func (w *importWizard) close() {
	if w.closed {
		return
	}
	w.closed = true
	w.cancelCounts()
	if w.loadCancel != nil {
		w.loadCancel()
	}
	if w.importCancel != nil {
		w.importCancel()
	}
	w.dlg.Hide()
	go func() {
		w.engMu.Lock()
		defer w.engMu.Unlock()
		if w.eng != nil {
			w.eng.Close()
			w.eng = nil
		}
	}()
}

// withEngine runs f with the wizard's engine, opening it the first time;
// off the UI goroutine.
func (w *importWizard) withEngine(ctx context.Context, f func(*behaviour.Engine) error) error {
	w.engMu.Lock()
	defer w.engMu.Unlock()
	if w.eng == nil {
		e, err := behaviour.Open(ctx, w.opts)
		if err != nil {
			return err
		}
		w.eng = e
	}
	return f(w.eng)
}

// ---- step 1: files ----

func (w *importWizard) buildFiles() {
	w.fileList = widget.NewLabel("No file chosen yet. You can also drop files on the main window.")
	w.fileList.Wrapping = fyne.TextWrapWord
	w.fileStatus = widget.NewLabel("")
	w.fileStatus.Wrapping = fyne.TextWrapWord
	w.fileStatus.Importance = widget.DangerImportance
	w.loading = widget.NewProgressBarInfinite()
	w.loading.Stop()
	w.loading.Hide()
	add := widget.NewButtonWithIcon("Add file…", theme.ContentAddIcon(), func() {
		askOpenPath(w.parent, eventLogExtensions, func(p string) { w.listFiles(append(slices.Clone(w.files), p)) })
	})
	clear := widget.NewButtonWithIcon("Clear", theme.ContentClearIcon(), func() { w.listFiles(nil) })
	w.loadingText = widget.NewLabel(fmt.Sprintf("Reading the logs: their columns, the first %d rows, and the start of the log to guess each column's role…", wizardPreviewRows))
	w.loadingText.Hide()
	w.filesPage = container.NewVBox(container.NewHBox(add, clear), w.fileList, w.loadingText, w.loading, w.fileStatus)
}

// setFiles chooses the logs and reads them at once (dropped files): the
// wizard goes on to the columns once they are read, or, in refresh mode,
// imports them.
func (w *importWizard) setFiles(files []string) {
	w.listFiles(files)
	if len(w.files) > 0 {
		if w.refresh {
			w.startImport()
		} else {
			w.load()
		}
	}
}

// listFiles chooses the logs; Next reads them.
func (w *importWizard) listFiles(files []string) {
	if w.loadCancel != nil {
		w.loadCancel()
		w.loadCancel = nil
		w.loading.Stop()
		w.loading.Hide()
		w.loadingText.Hide()
	}
	w.files = slices.Compact(files)
	w.inspection, w.preview = nil, nil
	w.fileStatus.SetText("")
	if len(w.files) == 0 {
		w.fileList.SetText("No file chosen yet. You can also drop files on the main window.")
	} else {
		lines := make([]string, len(w.files))
		for i, f := range w.files {
			lines[i] = printable.Line(f)
			if st, err := os.Stat(f); err == nil {
				lines[i] += fmt.Sprintf("   (%s)", byteSize(st.Size()))
			}
		}
		w.fileList.SetText(strings.Join(lines, "\n"))
	}
	w.updateButtons()
}

// load inspects the logs and reads their first rows off the UI goroutine.
func (w *importWizard) load() {
	if w.loadCancel != nil {
		w.loadCancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	w.loadCancel = cancel
	files := slices.Clone(w.files)
	w.loading.Show()
	w.loading.Start()
	w.loadingText.Show()
	w.fileStatus.SetText("")
	w.updateButtons()
	go func() {
		var in *behaviour.Inspection
		var pv *behaviour.Preview
		err := w.withEngine(ctx, func(e *behaviour.Engine) error {
			var err error
			if in, err = e.Inspect(ctx, files); err != nil {
				return err
			}
			pv, err = e.Preview(ctx, files, wizardPreviewRows)
			return err
		})
		w.do(func() {
			if ctx.Err() != nil || w.closed {
				return // replaced by a newer choice, or closed
			}
			cancel()
			w.loadCancel = nil
			w.loading.Stop()
			w.loading.Hide()
			w.loadingText.Hide()
			if err != nil {
				w.fileStatus.SetText(printable.Line(err.Error()))
			} else {
				w.inspection, w.preview = in, pv
				if !w.userMap {
					m := in.Mapping
					m.Time.Zone = w.m.Time.Zone
					w.m = m
				}
				w.goTo(stepColumns)
			}
			w.updateButtons()
			if w.onLoaded != nil {
				w.onLoaded(err)
			}
		})
	}()
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// ---- step 2: columns ----

func (w *importWizard) buildColumns() {
	w.zone = widget.NewEntry()
	w.zone.SetText(w.m.Time.Zone)
	w.zone.OnChanged = func(s string) {
		w.m.Time.Zone = strings.TrimSpace(s)
		w.columnsChanged()
	}
	labels := make([]string, len(timeUnits))
	for i, u := range timeUnits {
		labels[i] = u.label
	}
	w.unit = widget.NewSelect(labels, func(s string) {
		for _, u := range timeUnits {
			if u.label == s {
				w.m.Time.Unit = u.unit
			}
		}
		w.columnsChanged()
	})
	w.colStatus = widget.NewLabel("")
	w.colStatus.Importance = widget.DangerImportance
	w.colStatus.Wrapping = fyne.TextWrapWord
	w.table = widget.NewTable(
		func() (int, int) {
			if w.preview == nil {
				return 0, 0
			}
			return len(w.preview.Rows), len(w.preview.Columns)
		},
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			text := ""
			if w.preview != nil && id.Row < len(w.preview.Rows) && id.Col < len(w.preview.Rows[id.Row]) {
				text = printable.Line(w.preview.Rows[id.Row][id.Col])
			}
			o.(*widget.Label).SetText(text)
		})
	w.table.ShowHeaderRow = true
	w.table.CreateHeader = func() fyne.CanvasObject {
		name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		name.Truncation = fyne.TextTruncateEllipsis
		kind := widget.NewLabel("")
		kind.Truncation = fyne.TextTruncateEllipsis
		kind.SizeName = theme.SizeNameCaptionText
		return container.NewVBox(name, kind, widget.NewSelect(nil, nil))
	}
	w.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		box := o.(*fyne.Container)
		name, kind, sel := box.Objects[0].(*widget.Label), box.Objects[1].(*widget.Label), box.Objects[2].(*widget.Select)
		sel.OnChanged = nil
		if w.preview == nil || id.Col < 0 || id.Col >= len(w.preview.Columns) {
			name.SetText("")
			kind.SetText("")
			sel.Hide()
			return
		}
		col := w.preview.Columns[id.Col]
		name.SetText(printable.Line(col))
		kind.SetText(w.columnType(col))
		sel.Show()
		sel.Options = w.roleOptions(col)
		sel.Selected = w.roleOf(col)
		sel.Refresh()
		sel.OnChanged = func(role string) { w.setRole(col, role) }
	}
	form := container.New(layout.NewFormLayout(),
		widget.NewLabel("Time zone"), container.NewBorder(nil, nil, nil,
			widget.NewLabel("of times written without an offset (an IANA name such as Europe/Amsterdam)"), w.zone),
		widget.NewLabel("Time written as"), container.NewHBox(container.NewGridWrap(fyne.NewSize(320, w.unit.MinSize().Height), w.unit)))
	w.columnsPage = container.NewBorder(container.NewVBox(form, w.colStatus), nil, nil, nil, w.table)
}

// columnType is a column's type as DuckDB detects it, in the header.
func (w *importWizard) columnType(col string) string {
	if w.inspection != nil {
		for _, c := range w.inspection.Columns {
			if c.Name == col {
				return strings.ToLower(c.Type)
			}
		}
	}
	return ""
}

// refreshColumns shows the mapping's time settings and the roles.
func (w *importWizard) refreshColumns() {
	w.zone.OnChanged = nil
	w.zone.SetText(w.m.Time.Zone)
	w.zone.OnChanged = func(s string) {
		w.m.Time.Zone = strings.TrimSpace(s)
		w.columnsChanged()
	}
	unit := w.m.Time.Unit
	if unit == "" {
		unit = model.TimeISO
	}
	for _, u := range timeUnits {
		if u.unit == unit {
			w.unit.Selected = u.label
			w.unit.Refresh()
		}
	}
	if w.preview != nil {
		for i, col := range w.preview.Columns {
			width := float32(150)
			for _, s := range append([]string{col, w.columnType(col)}, w.sampleValues(col)...) {
				width = max(width, fyne.MeasureText(printable.Line(s), theme.TextSize(), fyne.TextStyle{}).Width+2*theme.InnerPadding()+2*theme.Padding()+8)
			}
			w.table.SetColumnWidth(i, min(width, 340))
		}
	}
	if w.preview != nil {
		// Rows as high as a line: the header's drop-downs make the
		// template taller.
		h := widget.NewLabel("Xg").MinSize().Height
		for i := range w.preview.Rows {
			w.table.SetRowHeight(i, h)
		}
	}
	w.table.Refresh()
	w.columnsChanged()
}

func (w *importWizard) sampleValues(col string) []string {
	if w.inspection != nil {
		for _, c := range w.inspection.Columns {
			if c.Name == col {
				return c.Samples
			}
		}
	}
	return nil
}

func (w *importWizard) columnsChanged() {
	w.colStatus.SetText(w.columnsProblem())
	if w.colStatus.Text == "" {
		w.colStatus.Hide()
	} else {
		w.colStatus.Show()
	}
	w.updateButtons()
}

// roleOf is the role column col plays in the mapping.
func (w *importWizard) roleOf(col string) string {
	m := w.m
	switch {
	case m.Time.Column == col:
		return roleTime
	case m.Event == col:
		return roleEvent
	case m.Channel == col:
		return roleChannel
	case m.Source == col:
		return roleSource
	case m.Medium == col:
		return roleMedium
	}
	if i := slices.Index(m.Identifiers, col); i >= 0 {
		return fmt.Sprintf("%s%d", roleIDPrefix, i+1)
	}
	if slices.Contains(m.Attributes, col) {
		return roleAttribute
	}
	return roleIgnore
}

// roleOptions are the roles col may be given: identifier ranks up to one
// past the identifiers there are.
func (w *importWizard) roleOptions(col string) []string {
	n := len(w.m.Identifiers)
	if !slices.Contains(w.m.Identifiers, col) {
		n++
	}
	opts := []string{roleTime}
	for i := 1; i <= n; i++ {
		opts = append(opts, fmt.Sprintf("%s%d", roleIDPrefix, i))
	}
	return append(opts, roleEvent, roleChannel, roleSource, roleMedium, roleAttribute, roleIgnore)
}

// setRole gives column col a role, taking it from the column that had it
// (that one is then ignored); an identifier's rank moves the others down.
func (w *importWizard) setRole(col, role string) {
	m := &w.m
	clear := func(s *string) {
		if *s == col {
			*s = ""
		}
	}
	clear(&m.Time.Column)
	clear(&m.Event)
	clear(&m.Channel)
	clear(&m.Source)
	clear(&m.Medium)
	m.Identifiers = slices.DeleteFunc(slices.Clone(m.Identifiers), func(s string) bool { return s == col })
	m.Attributes = slices.DeleteFunc(slices.Clone(m.Attributes), func(s string) bool { return s == col })
	switch {
	case role == roleTime:
		m.Time.Column = col
	case role == roleEvent:
		m.Event = col
	case role == roleChannel:
		m.Channel, m.Source, m.Medium = col, "", ""
	case role == roleSource:
		m.Source, m.Channel = col, ""
	case role == roleMedium:
		m.Medium, m.Channel = col, ""
	case role == roleAttribute:
		m.Attributes = append(m.Attributes, col)
	case strings.HasPrefix(role, roleIDPrefix):
		var rank int
		fmt.Sscanf(strings.TrimPrefix(role, roleIDPrefix), "%d", &rank)
		rank = min(max(rank, 1), len(m.Identifiers)+1)
		m.Identifiers = slices.Insert(m.Identifiers, rank-1, col)
	}
	if m.Metrics.Segment != "" && !slices.Contains(m.Attributes, m.Metrics.Segment) {
		m.Metrics.Segment = "" // the segment is an attribute column
	}
	if w.preview != nil {
		// Rows as high as a line: the header's drop-downs make the
		// template taller.
		h := widget.NewLabel("Xg").MinSize().Height
		for i := range w.preview.Rows {
			w.table.SetRowHeight(i, h)
		}
	}
	w.table.Refresh()
	w.columnsChanged()
}

// columnsProblem is what keeps the columns from being imported, in one
// sentence, or "".
func (w *importWizard) columnsProblem() string {
	m := w.m
	switch {
	case w.preview == nil:
		return "The logs have not been read yet."
	case m.Time.Column == "":
		return "Choose the timestamp column: the drop-down above it says “timestamp”."
	case len(m.Identifiers) == 0:
		return "Choose at least one identifier column (who did it): “identifier 1” is the strongest."
	case m.Event == "":
		return "Choose the event column: the one naming what happened."
	}
	if m.Time.Zone != "" {
		if _, err := time.LoadLocation(m.Time.Zone); err != nil {
			return fmt.Sprintf("The time zone %q is not known; use an IANA name such as Europe/Amsterdam, or UTC.", m.Time.Zone)
		}
	}
	var missing []string
	for _, c := range append(append([]string{m.Time.Column, m.Event, m.Channel, m.Source, m.Medium}, m.Identifiers...), m.Attributes...) {
		if c != "" && !slices.Contains(w.preview.Columns, c) {
			missing = append(missing, fmt.Sprintf("%q", c))
		}
	}
	if len(missing) > 0 {
		return "The mapping names columns these logs do not have: " + strings.Join(missing, ", ") + "."
	}
	return ""
}

// ---- step 3: stage rules ----

func (w *importWizard) buildRules() {
	w.rulesBox = container.NewVBox()
	w.countStatus = widget.NewLabel("")
	w.countStatus.Wrapping = fyne.TextWrapWord
	w.countsBox = container.NewVBox()
	w.unmappedBox = container.NewVBox()
	add := widget.NewButtonWithIcon("Add rule", theme.ContentAddIcon(), func() {
		w.m.Rules = append(slices.Clone(w.m.Rules), model.StageRule{Match: model.MatchExact})
		w.rulesEdited(true)
	})
	clearAll := widget.NewButtonWithIcon("Remove all", theme.DeleteIcon(), func() {
		w.m.Rules = nil
		w.rulesEdited(true)
	})
	heads := container.New(ruleColumns{})
	for _, h := range []string{"Stage", "Match", "Event name or pattern", "Channel", "Attribute", "Value"} {
		l := widget.NewLabelWithStyle(h, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateEllipsis
		heads.Add(l)
	}
	// The same gutters as a rule's row, so that the headings sit over it.
	rowButtons := container.NewHBox(widget.NewButtonWithIcon("", theme.MoveUpIcon(), nil),
		widget.NewButtonWithIcon("", theme.MoveDownIcon(), nil), widget.NewButtonWithIcon("", theme.DeleteIcon(), nil))
	gutter := container.NewGridWrap(rowButtons.MinSize(), layout.NewSpacer())
	number := container.NewGridWrap(widget.NewLabel("00").MinSize(), layout.NewSpacer())
	w.mode = widget.NewSelect([]string{string(model.ModeFunnel), string(model.ModePresence)}, nil)
	w.window = widget.NewEntry()
	w.window.PlaceHolder = "none"
	w.segment = widget.NewSelect(nil, nil)
	figures := container.NewHBox(widget.NewLabelWithStyle("Figures:", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabel("mode"), w.mode,
		widget.NewLabel("conversion window"), container.NewGridWrap(fyne.NewSize(110, w.window.MinSize().Height), w.window),
		widget.NewLabel("segments by"), w.segment)
	left := container.NewBorder(container.NewBorder(nil, nil, number, gutter, heads), container.NewVBox(container.NewHBox(add, clearAll), figures), nil, nil,
		container.NewVScroll(w.rulesBox))
	right := container.NewBorder(
		container.NewVBox(widget.NewLabelWithStyle("Events per stage", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), w.countStatus),
		nil, nil, nil,
		container.NewVScroll(container.NewVBox(w.countsBox, widget.NewSeparator(),
			widget.NewLabelWithStyle("Unmapped event names, most frequent first", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			w.unmappedBox)))
	split := container.NewHSplit(left, right)
	split.Offset = 0.72
	w.rulesPage = split
}

// ruleColumns lays a rule's six fields out across the width, the stage
// and the pattern wider than the rest, the match as wide as its words.
type ruleColumns struct{}

var ruleWeights = []float32{3, 1.3, 3, 1.5, 1.7, 1.5}

func (ruleColumns) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	gap := theme.Padding()
	var total float32
	for i := range objects {
		total += ruleWeights[i%len(ruleWeights)]
	}
	width := size.Width - gap*float32(len(objects)-1)
	x := float32(0)
	for i, o := range objects {
		w := width * ruleWeights[i%len(ruleWeights)] / total
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + gap
	}
}

// MinSize is as wide as a few words a field: the rules scroll no wider
// than the wizard.
func (ruleColumns) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objects {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(float32(len(objects))*80, h)
}

// showFigureOptions shows the mapping's figure options: the mode, the
// conversion window (funnel mode) and the segment attribute.
func (w *importWizard) showFigureOptions() {
	w.mode.OnChanged, w.window.OnChanged, w.segment.OnChanged = nil, nil, nil
	mode := w.m.Metrics.Mode
	if mode == "" {
		mode = model.ModeFunnel
	}
	w.mode.SetSelected(string(mode))
	w.windowText = windowString(w.m.Metrics.WindowSeconds)
	w.window.SetText(w.windowText)
	w.segment.Options = append([]string{noAttribute}, w.m.Attributes...)
	seg := w.m.Metrics.Segment
	if seg == "" {
		seg = noAttribute
	}
	w.segment.SetSelected(seg)
	w.mode.OnChanged = func(s string) {
		w.m.Metrics.Mode = model.MetricMode(s)
		w.updateButtons()
	}
	w.window.OnChanged = func(s string) {
		w.windowText = s
		if secs, err := behaviour.ParseWindow(s); err == nil {
			w.m.Metrics.WindowSeconds = secs
		}
		w.updateButtons()
		w.scheduleCount() // says the problem, or counts
	}
	w.segment.OnChanged = func(s string) {
		if s == noAttribute {
			s = ""
		}
		w.m.Metrics.Segment = s
		w.updateButtons()
	}
}

// windowString is a window in seconds as its entry shows it: 30d, 36h,
// 90m, 45s, or "" for none.
func windowString(seconds int64) string {
	switch {
	case seconds <= 0:
		return ""
	case seconds%86400 == 0:
		return fmt.Sprintf("%dd", seconds/86400)
	case seconds%3600 == 0:
		return fmt.Sprintf("%dh", seconds/3600)
	case seconds%60 == 0:
		return fmt.Sprintf("%dm", seconds/60)
	}
	return fmt.Sprintf("%ds", seconds)
}

// rebuildRules makes a row per rule.
func (w *importWizard) rebuildRules() {
	w.showFigureOptions()

	w.rulesBox.Objects = nil
	w.ruleErrs = nil
	stages := []string{}
	if j := w.journeyNow(); j != nil {
		stages = eventimport.StageNames(j)
	}
	for _, r := range w.m.Rules {
		if !slices.Contains(stages, r.Stage) && r.Stage != "" {
			stages = append(stages, r.Stage)
		}
	}
	attrs := append([]string{noAttribute}, w.m.Attributes...)
	for i, r := range w.m.Rules {
		i := i
		edit := func(f func(*model.StageRule)) {
			rules := slices.Clone(w.m.Rules)
			f(&rules[i])
			w.m.Rules = rules
			w.rulesEdited(false)
		}
		stage := widget.NewSelectEntry(stages)
		stage.SetText(r.Stage)
		stage.PlaceHolder = "stage name"
		stage.OnChanged = func(s string) { edit(func(r *model.StageRule) { r.Stage = strings.TrimSpace(s) }) }
		match := widget.NewSelect([]string{string(model.MatchExact), string(model.MatchGlob), string(model.MatchRegex)}, nil)
		match.Selected = string(r.Match)
		if match.Selected == "" {
			match.Selected = string(model.MatchExact)
		}
		match.OnChanged = func(s string) { edit(func(r *model.StageRule) { r.Match = model.MatchKind(s) }) }
		pattern := widget.NewEntry()
		pattern.SetText(r.Pattern)
		pattern.PlaceHolder = "event name"
		pattern.OnChanged = func(s string) { edit(func(r *model.StageRule) { r.Pattern = s }) }
		channel := widget.NewEntry()
		channel.SetText(r.Channel)
		channel.PlaceHolder = "any channel"
		channel.OnChanged = func(s string) { edit(func(r *model.StageRule) { r.Channel = s }) }
		ruleAttrs := attrs
		if r.Attribute != "" && !slices.Contains(ruleAttrs, r.Attribute) {
			ruleAttrs = append(slices.Clone(ruleAttrs), r.Attribute)
		}
		attr := widget.NewSelect(ruleAttrs, nil)
		attr.Selected = r.Attribute
		if attr.Selected == "" {
			attr.Selected = noAttribute
		}
		attr.OnChanged = func(s string) {
			if s == noAttribute {
				s = ""
			}
			edit(func(r *model.StageRule) { r.Attribute = s })
		}
		value := widget.NewEntry()
		value.SetText(r.Value)
		value.PlaceHolder = "any value"
		value.OnChanged = func(s string) { edit(func(r *model.StageRule) { r.Value = s }) }
		up := widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { w.moveRule(i, i-1) })
		down := widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { w.moveRule(i, i+1) })
		del := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
			w.m.Rules = slices.Delete(slices.Clone(w.m.Rules), i, i+1)
			w.rulesEdited(true)
		})
		if i == 0 {
			up.Disable()
		}
		if i == len(w.m.Rules)-1 {
			down.Disable()
		}
		msg := widget.NewLabel("")
		msg.Importance = widget.DangerImportance
		msg.Wrapping = fyne.TextWrapWord
		msg.Hide()
		w.ruleErrs = append(w.ruleErrs, msg)
		number := container.NewGridWrap(widget.NewLabel("00").MinSize(), widget.NewLabel(fmt.Sprint(i+1)))
		row := container.NewBorder(nil, msg, number, container.NewHBox(up, down, del),
			container.New(ruleColumns{}, stage, match, pattern, channel, attr, value))
		w.rulesBox.Add(row)
	}
	if len(w.m.Rules) == 0 {
		w.rulesBox.Add(widget.NewLabel("No rule yet: add one, or add an unmapped event name from the list on the right."))
	}
	w.rulesBox.Refresh()
	w.showRuleProblems()
}

func (w *importWizard) moveRule(from, to int) {
	if to < 0 || to >= len(w.m.Rules) {
		return
	}
	rules := slices.Clone(w.m.Rules)
	rules[from], rules[to] = rules[to], rules[from]
	w.m.Rules = rules
	w.rulesEdited(true)
}

// rulesEdited follows an edit of the rules: rows are rebuilt when rules
// were added, removed or moved, and the counts run again.
func (w *importWizard) rulesEdited(structure bool) {
	if structure {
		w.rebuildRules()
	} else {
		w.showRuleProblems()
	}
	w.updateButtons()
	w.scheduleCount()
}

// ruleProblem is what is wrong with one rule, in one sentence, or "".
func ruleProblem(r model.StageRule) string {
	switch {
	case strings.TrimSpace(r.Stage) == "":
		return "Name the stage this rule's events count toward."
	case r.Pattern == "":
		return "Give the event name (or a pattern) this rule matches."
	case r.Value != "" && r.Attribute == "":
		return "A value needs an attribute column to compare it with."
	}
	switch r.Match {
	case model.MatchRegex:
		if _, err := regexp.Compile(r.Pattern); err != nil {
			return fmt.Sprintf("The regular expression is invalid: %s.", strings.TrimPrefix(err.Error(), "error parsing regexp: "))
		}
	case model.MatchGlob:
		if _, err := path.Match(r.Pattern, ""); err != nil {
			return "The glob is invalid: a “[” has no matching “]” or a “\\” ends it."
		}
	}
	return ""
}

func (w *importWizard) showRuleProblems() {
	for i, msg := range w.ruleErrs {
		if i >= len(w.m.Rules) {
			break
		}
		if p := ruleProblem(w.m.Rules[i]); p != "" {
			msg.SetText(p)
			msg.Show()
		} else {
			msg.SetText("")
			msg.Hide()
		}
	}
}

// rulesProblem is what keeps the rules from being imported, or "".
func (w *importWizard) rulesProblem() string {
	if p := w.columnsProblem(); p != "" {
		return p
	}
	if len(w.m.Rules) == 0 {
		return "Add at least one stage rule."
	}
	for i, r := range w.m.Rules {
		if p := ruleProblem(r); p != "" {
			return fmt.Sprintf("Rule %d: %s", i+1, p)
		}
	}
	if _, err := behaviour.ParseWindow(w.windowText); err != nil {
		return fmt.Sprintf("The conversion window %s; leave it empty for none.", err)
	}
	if err := w.m.Check(); err != nil {
		return printable.UpperFirst(err.Error()) + "."
	}
	return ""
}

func (w *importWizard) cancelCounts() {
	w.countGen++
	if w.countTimer != nil {
		w.countTimer()
		w.countTimer = nil
	}
	if w.countCancel != nil {
		w.countCancel()
		w.countCancel = nil
	}
}

// scheduleCount counts the events per stage again, after the debounce: the
// count that ran is cancelled at once.
func (w *importWizard) scheduleCount() {
	w.cancelCounts()
	if w.step != stepRules {
		return
	}
	if p := w.rulesProblem(); p != "" && len(w.m.Rules) > 0 {
		// Counts of other rules than those shown would mislead.
		w.countsBox.RemoveAll()
		w.unmappedBox.RemoveAll()
		for i, r := range w.m.Rules {
			if ruleProblem(r) != "" {
				p = fmt.Sprintf("rule %d says what it lacks.", i+1)
				break
			}
		}
		w.countStatus.SetText("No counts until the rules are complete: " + p)
		return
	}
	w.countStatus.SetText(fmt.Sprintf("Counting the first %s rows…", model.Thousands(wizardSampleRows)))
	gen := w.countGen
	if w.debounce <= 0 {
		w.startCount(gen)
		return
	}
	w.countTimer = w.after(w.debounce, func() {
		w.do(func() {
			if gen == w.countGen && !w.closed {
				w.startCount(gen)
			}
		})
	})
}

// startCount counts a sample, shows it, then counts the whole log.
func (w *importWizard) startCount(gen int) {
	ctx, cancel := context.WithCancel(context.Background())
	w.countCancel = cancel
	files, m := slices.Clone(w.files), cloneMapping(w.m)
	var stages []string
	if j := w.journeyNow(); j != nil {
		stages = eventimport.StageNames(j)
	}
	go func() {
		for _, limit := range []int64{wizardSampleRows, 0} {
			var c *behaviour.StageCounts
			err := w.withEngine(ctx, func(e *behaviour.Engine) error {
				var err error
				c, err = e.CountStages(ctx, files, m, stages, limit)
				return err
			})
			if ctx.Err() != nil {
				return // the rules changed again, or the wizard closed
			}
			w.do(func() {
				if gen != w.countGen || w.closed {
					return
				}
				w.showCounts(c, err)
				if w.onCounted != nil {
					w.onCounted(c, err)
				}
			})
			if err != nil || c.Complete {
				return
			}
		}
	}()
}

func (w *importWizard) showCounts(c *behaviour.StageCounts, err error) {
	w.countsBox.Objects = nil
	w.unmappedBox.Objects = nil
	if err != nil {
		w.countStatus.SetText(printable.Line(printable.UpperFirst(err.Error())))
		w.countsBox.Refresh()
		w.unmappedBox.Refresh()
		return
	}
	status := fmt.Sprintf("The first %s rows (counting the whole log…)", model.Thousands(c.Rows))
	if c.Complete {
		status = fmt.Sprintf("The whole log: %s rows", model.Thousands(c.Rows))
	}
	if c.BadRows > 0 {
		status += fmt.Sprintf("; %s unreadable", model.Thousands(c.BadRows))
	}
	w.countStatus.SetText(status + ".")
	row := func(name string, n int64, extra fyne.CanvasObject) fyne.CanvasObject {
		l := widget.NewLabel(printable.Line(name))
		l.Truncation = fyne.TextTruncateEllipsis
		right := container.NewHBox(widget.NewLabel(model.Thousands(n)))
		if extra != nil {
			right.Add(extra)
		}
		return container.NewBorder(nil, nil, nil, right, l)
	}
	for _, s := range c.Stages {
		name := s.Name
		if slices.Contains(c.Added, s.Name) {
			name += " (new stage)"
		}
		w.countsBox.Add(row(name, s.Count, nil))
	}
	w.countsBox.Add(row("Unmapped events", c.Unmapped, nil))
	for _, u := range c.UnmappedEvents {
		name := u.Name
		add := widget.NewButtonWithIcon("", theme.ContentAddIcon(), func() {
			w.m.Rules = append(slices.Clone(w.m.Rules), model.StageRule{Stage: name, Match: model.MatchExact, Pattern: name})
			w.rulesEdited(true)
		})
		w.unmappedBox.Add(row(name, u.Count, add))
	}
	if len(c.UnmappedEvents) == 0 {
		w.unmappedBox.Add(widget.NewLabel("None: every event matches a rule."))
	}
	w.countsBox.Refresh()
	w.unmappedBox.Refresh()
}

func cloneMapping(m model.Mapping) model.Mapping {
	m.Identifiers = slices.Clone(m.Identifiers)
	m.Attributes = slices.Clone(m.Attributes)
	m.Rules = slices.Clone(m.Rules)
	m.Stitching.Placeholders = slices.Clone(m.Stitching.Placeholders)
	return m
}

// ---- mapping files ----

func (w *importWizard) openMapping() {
	askOpenPath(w.parent, []string{".toml"}, func(p string) {
		m, err := readMappingFile(p)
		if err != nil {
			showErrorOn(w.parent, err)
			return
		}
		w.useMapping(m)
	})
}

// useMapping puts a mapping into the steps.
func (w *importWizard) useMapping(m model.Mapping) {
	if m.Time.Zone == "" {
		m.Time.Zone = localZoneName()
	}
	w.m = m
	w.userMap = true
	w.goTo(w.step)
}

func readMappingFile(p string) (model.Mapping, error) {
	f, err := safefile.Open(p)
	if err != nil {
		return model.Mapping{}, fmt.Errorf("%s: %w", filepath.Base(p), err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 2<<20))
	if err != nil {
		return model.Mapping{}, fmt.Errorf("%s: %w", filepath.Base(p), safefile.UnwrapPathError(err))
	}
	m, err := behaviour.ParseMapping(data)
	if err != nil {
		return m, fmt.Errorf("%s: %v", filepath.Base(p), err)
	}
	return m, nil
}

func (w *importWizard) saveMapping() {
	askSavePath(w.parent, "mapping.toml", ".toml", func(p string) {
		if err := w.writeMapping(p); err != nil {
			showErrorOn(w.parent, err)
		}
	})
}

// writeMapping writes the mapping of the steps as a mapping file, never
// over one of the logs.
func (w *importWizard) writeMapping(p string) error {
	return safefile.WriteBytes(p, behaviour.FormatMapping(w.m), w.files...)
}

// ---- step 4: the import ----

// startImport runs the import with its own engine off the UI goroutine.
func (w *importWizard) startImport() {
	j := w.journeyNow()
	if j == nil {
		showErrorOn(w.parent, errors.New("the journey is gone; open the wizard on another journey"))
		return
	}
	w.cancelCounts()
	stages := eventimport.StageNames(j)
	files, m := slices.Clone(w.files), cloneMapping(w.m)
	ctx, cancel := context.WithCancel(context.Background())
	w.importCancel = cancel
	w.importing = true
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = filepath.Base(f)
	}
	bar := widget.NewProgressBarInfinite()
	w.importBox.Objects = []fyne.CanvasObject{
		widget.NewLabel(fmt.Sprintf("Importing %s into journey “%s”…", printable.Line(strings.Join(names, ", ")), printable.Line(j.Title))),
		bar,
		widget.NewLabel("DuckDB reads the whole log, stitches identities and computes every figure; a large log takes a minute."),
	}
	w.goTo(stepImport)
	opts := w.opts
	go func() {
		// The counts' engine goes first: two DuckDBs would share the
		// memory one import may want. Going back opens it again.
		w.engMu.Lock()
		if w.eng != nil {
			w.eng.Close()
			w.eng = nil
		}
		w.engMu.Unlock()
		b, rep, err := runImport(ctx, opts, files, m, stages)
		w.do(func() {
			w.beforeApplying(ctx, stages, err, func(err error) {
				bar.Stop()
				w.importing = false
				w.importCancel = nil
				err = w.imported(ctx, stages, b, rep, err)
				cancel()
				w.updateButtons()
				if w.onImported != nil {
					w.onImported(err)
				}
			})
		})
	}()
}

// beforeApplying keeps the map as a version before new figures replace a
// journey's, so that the figures before and after can be compared, then
// calls apply on the UI goroutine (with why the figures must not be
// applied, if they must not). The version is stored off the UI goroutine;
// the import's Cancel still cancels. When it cannot be kept, the user
// chooses whether to refresh anyway.
func (w *importWizard) beforeApplying(ctx context.Context, stages []string, err error, apply func(error)) {
	j := w.journeyNow()
	if err != nil || ctx.Err() != nil || w.closed || j == nil || j.Behaviour == nil || !slices.Equal(eventimport.StageNames(j), stages) {
		apply(err) // nothing to keep; imported says why nothing is applied, if so
		return
	}
	name := autoVersionName("Before refreshing behaviour data", time.Now())
	note := "Kept automatically before new figures replaced those of journey “" + j.Title + "”."
	snap := w.doc.Project().Clone()
	w.importBox.Objects = []fyne.CanvasObject{
		widget.NewLabel("Keeping the map as version “" + name + "” before the new figures replace its own…"),
		widget.NewProgressBarInfinite(),
	}
	w.importBox.Refresh()
	go func() {
		_, err := keepVersionOf(ctx, w.doc, snap, name, note, w.author, func(float64) {})
		w.do(func() {
			switch {
			case err == nil:
				if w.versioned != nil {
					w.versioned()
				}
				apply(nil)
			case ctx.Err() != nil:
				apply(errCancelled)
			default:
				goAheadWithoutVersion(w.parent, "Refresh", err, func(ok bool) {
					if ok {
						apply(nil)
						return
					}
					apply(errNotRefreshed)
				})
			}
		})
	}()
}

// runImport is one import with an engine of its own, closed before it
// returns; a cancelled import is an error.
func runImport(ctx context.Context, opts behaviour.Options, files []string, m model.Mapping, stages []string) (*model.Behaviour, *behaviour.Report, error) {
	eng, err := behaviour.Open(ctx, opts)
	if err != nil {
		return nil, nil, err
	}
	b, rep, err := eng.Import(ctx, files, m, stages)
	eng.Close()
	if err == nil {
		err = ctx.Err()
	}
	return b, rep, err
}

var errCancelled = errors.New("the import was cancelled")

// errNotRefreshed: the map could not be kept as a version before new
// figures replaced its own, and the user chose not to refresh without one.
var errNotRefreshed = errors.New("the map could not be kept as a version first, so nothing was applied")

// imported applies a finished import's command, or says why nothing was
// applied; it returns what went wrong.
func (w *importWizard) imported(ctx context.Context, stages []string, b *model.Behaviour, rep *behaviour.Report, err error) error {
	j := w.journeyNow()
	switch {
	case ctx.Err() != nil || errors.Is(err, context.Canceled):
		err = errCancelled
	case err != nil:
	case w.closed:
		err = errCancelled
	case j == nil:
		err = errors.New("the journey was deleted while the import ran; nothing was applied")
	case !slices.Equal(eventimport.StageNames(j), stages):
		err = errors.New("the journey's stages changed while the import ran; nothing was applied: import again")
	default:
		err = w.doc.History().Do(eventimport.Command(j, b, rep))
	}
	if err != nil {
		text := printable.UpperFirst(printable.Line(err.Error())) + "."
		if errors.Is(err, errCancelled) {
			text = "The import was cancelled. The map is as it was."
		} else {
			text += " The map is as it was."
		}
		msg := widget.NewLabel(text)
		msg.Wrapping = fyne.TextWrapWord
		// Cancelling, or declining to refresh without a version, is the
		// user's choice, not a failure.
		if !errors.Is(err, errCancelled) && !errors.Is(err, errNotRefreshed) {
			msg.Importance = widget.DangerImportance
		}
		w.importBox.Objects = []fyne.CanvasObject{msg}
		w.importBox.Refresh()
		return err
	}
	w.applied = true
	w.importBox.Objects = []fyne.CanvasObject{importSummary(j, b, rep)}
	w.importBox.Refresh()
	return nil
}

// importSummary says what an import found: the stitching summary.
func importSummary(j *model.Journey, b *model.Behaviour, rep *behaviour.Report) fyne.CanvasObject {
	bold := func(s string) *widget.Label {
		return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	form := container.New(layout.NewFormLayout())
	add := func(label, value string) {
		v := widget.NewLabel(printable.Line(value))
		v.Wrapping = fyne.TextWrapWord
		form.Add(bold(label))
		form.Add(v)
	}
	add("Persons", model.Thousands(b.Persons))
	add("Events", model.Thousands(b.Events))
	add("Unattributable events", model.Thousands(b.Unattributable)+" (only placeholder identifiers)")
	add("Unmapped events", model.Thousands(b.Unmapped)+" (no stage rule matched)")
	add("Bad rows", model.Thousands(rep.BadRowTotal))
	add("Identifiers", model.Thousands(b.Stitching.Identifiers))
	add("Merges", model.Thousands(b.Stitching.Merges)+" (identifiers joined into another's person)")
	add("Shared identifiers refused", model.Thousands(b.Stitching.SharedRefused))
	if len(rep.AddedStages) > 0 {
		add("Stages added", strings.Join(rep.AddedStages, ", "))
	} else {
		add("Stages added", "none")
	}
	box := container.NewVBox(bold(fmt.Sprintf("Imported into journey “%s”. Edit › Undo takes it back.", printable.Line(j.Title))), form)
	list := func(title string, lines []string) {
		if len(lines) == 0 {
			return
		}
		box.Add(bold(title))
		l := widget.NewLabel(strings.Join(lines, "\n"))
		l.Wrapping = fyne.TextWrapWord
		box.Add(l)
	}
	var stages []string
	for _, s := range b.Stages {
		stages = append(stages, fmt.Sprintf("%s: %s reached", printable.Line(s.Stage), model.Thousands(s.Reached)))
	}
	list("Stages", stages)
	var bad []string
	for i, r := range rep.BadRows {
		if i == 5 {
			break
		}
		bad = append(bad, printable.Line(r.String()))
	}
	if rep.BadRowTotal > int64(len(bad)) && len(bad) > 0 {
		bad = append(bad, fmt.Sprintf("and %s more", model.Thousands(rep.BadRowTotal-int64(len(bad)))))
	}
	list("Bad rows, the first few", bad)
	var shared []string
	for i, r := range rep.SharedRefused {
		if i == 5 {
			break
		}
		shared = append(shared, printable.Line(fmt.Sprintf("%s = %s: %s links, %s", r.Column, r.Value, model.Thousands(r.Links), r.Reason)))
	}
	list("Identifiers refused as shared, the most linked", shared)
	var unmapped []string
	for i, u := range b.UnmappedEvents {
		if i == 5 {
			break
		}
		unmapped = append(unmapped, fmt.Sprintf("%s (%s)", printable.Line(u.Name), model.Thousands(u.Count)))
	}
	list("Unmapped event names, most frequent first", unmapped)
	return box
}

func (w *importWizard) cancelImport() {
	if w.importCancel != nil {
		w.importCancel()
	}
}

// localZoneName is the machine's IANA time zone, as the engine reads it.
func localZoneName() string { return behaviour.MachineZone() }
