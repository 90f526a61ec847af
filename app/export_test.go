package app

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"waymark/assets"
	"waymark/canvas/poster"
	"waymark/interchange"
	"waymark/model"
)

func TestMain(m *testing.M) {
	// Working copies of the tests go to a throwaway data directory.
	dir, err := os.MkdirTemp("", "waymark-app-test-")
	if err != nil {
		panic(err)
	}
	os.Setenv("WAYMARK_DATA_DIR", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s is not installed (make deps installs it)", name)
	}
}

func toolOut(t *testing.T, name string, args ...string) string {
	t.Helper()
	needTool(t, name)
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

// TestRenderSampleA0 is what `make run` can do without a display.
func TestRenderSampleA0(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sample-A0.pdf")
	if err := RenderSampleA0(path); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(toolOut(t, "pdfinfo", path), "(A0)") {
		t.Error("not an A0 page")
	}
}

// TestExportDialog drives the Export dialog: its preview follows the
// options, and an export writes the file off the UI goroutine and hands it
// to the opener.
func TestExportDialog(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("Export")
	w.Resize(fyne.NewSize(1000, 700))
	p := assets.Sample()
	opened := make(chan string, 1)
	f := newExportForm(w, p, p.Journeys[0].ID, func(path string) { opened <- path })
	previewed := make(chan bool, 16)
	f.previewed = func() { previewed <- true }
	f.dlg.Show()
	wait := func(what string) {
		t.Helper()
		await(t, previewed, "a preview after "+what)
	}
	f.refreshPreview()
	wait("opening")
	f.paper.SetSelected("A1")
	wait("choosing A1")
	f.tile.SetChecked(true)
	wait("tiling")
	for len(previewed) > 0 {
		<-previewed
	}
	if !strings.Contains(f.info.Text, "sheets of A4") || !strings.Contains(f.info.Text, "A1 landscape") {
		t.Errorf("preview info: %q", f.info.Text)
	}
	if f.tilePaper.Disabled() || !f.dpi.Disabled() {
		t.Errorf("controls: tile paper disabled %v, dpi disabled %v", f.tilePaper.Disabled(), f.dpi.Disabled())
	}
	if dir := os.Getenv("LOOK_DIR"); dir != "" {
		img := w.Canvas().Capture()
		out, _ := os.Create(filepath.Join(dir, "export-dialog.png"))
		png.Encode(out, img)
		out.Close()
	}
	path := filepath.Join(t.TempDir(), "poster.pdf")
	f.run(path)
	if got := await(t, opened, "the end of the export"); got != path {
		t.Errorf("opened %q, want %q", got, path)
	}
	if !strings.Contains(toolOut(t, "pdfinfo", path), "Pages:") {
		t.Error("no PDF written")
	}
	// A bad custom paper disables Export and says why.
	f.paper.SetSelected(customPaper)
	f.custom.SetText("600x900")
	if !f.exportBtn.Disabled() || !strings.Contains(f.warn.Text, "needs a unit") {
		t.Errorf("bad paper: export enabled %v, warning %q", !f.exportBtn.Disabled(), f.warn.Text)
	}
}

// mermaidDocsExample is the example of Mermaid's user journey documentation,
// exactly as Waymark exports it.
const mermaidDocsExample = `journey
    title My working day
    section Go to work
      Make tea: 5: Me
      Go upstairs: 3: Me
      Do work: 1: Me, Cat
    section Go home
      Go downstairs: 5: Me
      Sit down: 5: Me
`

// TestInterchangeExportDialog: the dialog previews each format and writes
// the file off the UI goroutine.
func TestInterchangeExportDialog(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("Export")
	w.Resize(fyne.NewSize(900, 700))
	p := assets.Sample()
	f := newInterchangeExportForm(w, p, p.Journeys[1].ID)
	f.dlg.Show()
	if !strings.HasPrefix(f.preview.Text, "journey\n    title Getting help with a blocked card\n") || !f.bom.Disabled() {
		t.Errorf("mermaid preview %q, bom disabled %v", f.preview.Text, f.bom.Disabled())
	}
	if !strings.Contains(f.notes.Text, "scored differently") {
		t.Errorf("notes %q", f.notes.Text)
	}
	f.format.SetSelectedIndex(2)
	if !strings.HasPrefix(f.preview.Text, "journey,stage,lane,order,title") || f.bom.Disabled() {
		t.Errorf("csv preview %q, bom disabled %v", f.preview.Text, f.bom.Disabled())
	}
	f.copyBtn.OnTapped()
	if got := a.Clipboard().Content(); !strings.HasPrefix(got, "journey,stage") {
		t.Errorf("clipboard %q", got)
	}
	done := make(chan error, 1)
	f.finished = func(_ string, err error) { done <- err }
	path := filepath.Join(t.TempDir(), "help.csv")
	f.run(path)
	if err := await(t, done, "the end of the export"); err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	interchange.ExportCSV(&want, p, p.Journeys[1], interchange.ExportOptions{BOM: true})
	if got, _ := os.ReadFile(path); !bytes.Equal(got, want.Bytes()) {
		t.Errorf("wrote:\n%s\nwant:\n%s", got, want.Bytes())
	}

	// The project's own file is never exported over, whatever name the
	// save dialog was given.
	own := filepath.Join(t.TempDir(), "project.cjm")
	os.WriteFile(own, []byte("the project"), 0o644)
	f.source = own
	f.run(own)
	if err := await(t, done, "the end of an export over the project"); err == nil || !strings.Contains(err.Error(), "is the input file") {
		t.Errorf("an export over the project's own file: %v", err)
	}
	if got, _ := os.ReadFile(own); string(got) != "the project" {
		t.Errorf("the project's file was replaced: %q", got)
	}
}

// TestImportInterchangeFile: File › Import reads Mermaid directly and asks
// for the scale of a CSV; a bad file is an error dialog, not a project.
func TestImportInterchangeFile(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("Import")
	w.Resize(fyne.NewSize(900, 700))
	dir := t.TempDir()
	got := make(chan *model.Project, 1)
	onProject := func(p *model.Project, source string) { got <- p }
	wait := func() *model.Project {
		t.Helper()
		return await(t, got, "the imported project")
	}
	mmd := filepath.Join(dir, "day.mmd")
	os.WriteFile(mmd, []byte(mermaidDocsExample), 0o644)
	ImportInterchangeFile(w, mmd, onProject)
	if p := wait(); p.Journeys[0].Title != "My working day" {
		t.Errorf("title %q", p.Journeys[0].Title)
	}
	csvPath := filepath.Join(dir, "sheet.csv")
	os.WriteFile(csvPath, []byte("stage,title,emotion: Ana\nS,T,2\n"), 0o644)
	form := newScaleForm(w, csvPath, onProject)
	form.dlg.Show()
	form.choice.SetSelected("-2..+2")
	form.dlg.Submit()
	if p := wait(); p.Scale != model.ScaleBipolar2 {
		t.Errorf("scale %s", p.Scale)
	}
	bad := filepath.Join(dir, "bad.mmd")
	os.WriteFile(bad, []byte("journey\nsection A\n  Oops\n"), 0o644)
	finished := make(chan struct{}, 1)
	afterImport = func() { finished <- struct{}{} }
	defer func() { afterImport = func() {} }()
	ImportInterchangeFile(w, bad, onProject)
	await(t, finished, "the end of the import of a bad file")
	if !overlayHas(w, "bad.mmd") {
		t.Error("no message naming the bad file")
	}
	select {
	case <-got:
		t.Error("a bad file made a project")
	default:
	}
}

// TestExportThroughALens: the dialog offers the board's lens and the
// journey's saved ones, and a poster printed through a lens that hides
// leaves the other cards off the paper; the extra pages are PDF pages.
func TestExportThroughALens(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("Export")
	w.Resize(fyne.NewSize(1000, 700))
	p := assets.Sample()
	j := p.Journeys[0]
	j.Lenses = []*model.Lens{{Name: "Post", Channels: []string{"post"}}}
	opened := make(chan string, 1)
	f := newExportForm(w, p, j.ID, func(path string) { opened <- path })
	f.setBoardLens(j.ID, &model.Lens{Channels: []string{"web"}, Hide: true})
	if !slices.Equal(f.lens.Options, []string{lensNone, lensBoard, "Post"}) || f.lens.Selected != lensBoard || !f.hideOutside.Checked {
		t.Fatalf("lens choices %v, chosen %q, hide %v", f.lens.Options, f.lens.Selected, f.hideOutside.Checked)
	}
	if l := f.chosenLens(); l == nil || !slices.Equal(l.Channels, []string{"web"}) || !l.Hide {
		t.Fatalf("the lens printed through is %+v", l)
	}
	f.coveragePage.SetChecked(true)
	f.backlogPage.SetChecked(true)
	opt, err := f.options()
	if err != nil || !slices.Equal(opt.Pages, []poster.Page{poster.PageMap, poster.PageCoverage, poster.PageBacklog}) {
		t.Fatalf("pages %v (%v)", opt.Pages, err)
	}
	path := filepath.Join(t.TempDir(), "web.pdf")
	f.run(path)
	await(t, opened, "the end of the export")
	if info := toolOut(t, "pdfinfo", path); !regexp.MustCompile(`Pages:\s+3\n`).MatchString(info) {
		t.Fatalf("the map, coverage and backlog pages are not 3 pages:\n%s", info)
	}
	text := toolOut(t, "pdftotext", path, "-")
	if !strings.Contains(text, "comparison sites") || strings.Contains(text, "branch closure letter") {
		t.Fatalf("the poster through the lens of web cards:\n%s", text)
	}
	// The saved lens is offered too; none prints every card.
	f.lens.SetSelected("Post")
	if l := f.chosenLens(); l == nil || !slices.Equal(l.Channels, []string{"post"}) {
		t.Fatalf("the saved lens chosen is %+v", l)
	}
	f.lens.SetSelected(lensNone)
	if f.chosenLens() != nil || !f.hideOutside.Disabled() {
		t.Fatal("None still prints through a lens")
	}
	// PNG has one page: no extra pages.
	f.format.SetSelected("PNG image")
	if opt, _ := f.options(); opt.Pages != nil || !f.coveragePage.Disabled() {
		t.Fatalf("PNG pages %v", opt.Pages)
	}
}
