package cli

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"waymark/assets"
	"waymark/storage"
)

// run runs the command line in-process and returns its exit code and output.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	if OpensApp(args) {
		t.Fatalf("%v would open the app, not run a command", args)
	}
	var out, errb bytes.Buffer
	code := execute(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) != "" {
		os.Exit(helperMain())
	}
	// Working copies of the tests go to a throwaway data directory.
	dir, err := os.MkdirTemp("", "waymark-cli-test-")
	if err != nil {
		panic(err)
	}
	os.Setenv("WAYMARK_DATA_DIR", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// TestTemplatesRoundTrip: for every template, .cjm → json → .cjm → json gives
// the same JSON, and the sqlite3 tool reads the tables of the file.
func TestTemplatesRoundTrip(t *testing.T) {
	for _, tmpl := range assets.Templates() {
		t.Run(tmpl.Name, func(t *testing.T) {
			dir := t.TempDir()
			a := filepath.Join(dir, "a.cjm")
			b := filepath.Join(dir, "b.cjm")
			ja := filepath.Join(dir, "a.json")
			if code, _, errs := run(t, "new", "--template", tmpl.Name, a); code != 0 {
				t.Fatalf("new: exit %d: %s", code, errs)
			}
			if code, _, errs := run(t, "export", a, "--format", "json", "-o", ja); code != 0 {
				t.Fatalf("export: exit %d: %s", code, errs)
			}
			if code, _, errs := run(t, "import", ja, "-o", b); code != 0 {
				t.Fatalf("import: exit %d: %s", code, errs)
			}
			code, jb, errs := run(t, "export", b, "--format", "json")
			if code != 0 {
				t.Fatalf("export to stdout: exit %d: %s", code, errs)
			}
			first, _ := os.ReadFile(ja)
			if string(first) != jb {
				t.Fatalf("JSON changed on the round trip through .cjm")
			}
			p, err := assets.NewProject(tmpl.Name)
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("sqlite3", b, "select count(*) from touchpoint; select name from stage order by position limit 1;")
			got, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("sqlite3: %v: %s", err, got)
			}
			lines := strings.Split(strings.TrimSpace(string(got)), "\n")
			if lines[0] != strconv.Itoa(p.TouchpointCount()) {
				t.Errorf("sqlite3 counted %s touchpoints, the template has %d", lines[0], p.TouchpointCount())
			}
			if len(p.Journeys) > 0 && len(p.Journeys[0].Stages) > 0 && (len(lines) < 2 || lines[1] == "") {
				t.Errorf("sqlite3 found no stage name: %q", got)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "sample.cjm")
	if code, _, errs := run(t, "new", "--template", "sample", f); code != 0 {
		t.Fatalf("new: %s", errs)
	}
	code, out, _ := run(t, "check", f)
	if code != 0 {
		t.Fatalf("check of a good file: exit %d", code)
	}
	for _, want := range []string{"journeys:", "stages:", "lanes:", "touchpoints:", "personas:"} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
	bad := filepath.Join(dir, "bad.cjm")
	os.WriteFile(bad, []byte("this is not a database"), 0o644)
	code, _, errs := run(t, "check", bad)
	if code != ExitError {
		t.Errorf("check of a bad file: exit %d, want 1", code)
	}
	if !strings.Contains(errs, "bad.cjm") || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
		t.Errorf("error should be one line naming the file, got %q", errs)
	}
}

// TestCheckOutsideEdit: a file scripted with the sqlite3 tool is still a
// project; check says it changed outside Waymark and exits 0. An edit that
// breaks the project is refused by name.
func TestCheckOutsideEdit(t *testing.T) {
	if _, err := exec.LookPath("sqlite3"); err != nil {
		t.Fatalf("sqlite3 is missing (make deps installs it): %v", err)
	}
	dir := t.TempDir()
	f := filepath.Join(dir, "sample.cjm")
	if code, _, errs := run(t, "new", "--template", "sample", f); code != 0 {
		t.Fatalf("new: %s", errs)
	}
	code, out, _ := run(t, "check", f)
	if code != 0 || strings.Contains(out, "notice") {
		t.Fatalf("check of a file just written: exit %d, output:\n%s", code, out)
	}
	sqlite := func(path, sql string) {
		t.Helper()
		if got, err := exec.Command("sqlite3", path, sql).CombinedOutput(); err != nil {
			t.Fatalf("sqlite3 %q: %v: %s", sql, err, got)
		}
	}
	sqlite(f, "update touchpoint set channel = 'Telephone' where channel <> '';")
	code, out, errs := run(t, "check", f)
	if code != 0 {
		t.Fatalf("check after an outside edit: exit %d, stderr %q", code, errs)
	}
	if !strings.Contains(out, "notice:      "+storage.ChangedOutsideNotice+"\n") {
		t.Errorf("check after an outside edit does not give the notice:\n%s", out)
	}

	broken := filepath.Join(dir, "broken.cjm")
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(broken, data, 0o644); err != nil {
		t.Fatal(err)
	}
	sqlite(broken, "update touchpoint set stage_id = 'no-such-stage' where rowid = (select min(rowid) from touchpoint);")
	code, _, errs = run(t, "check", broken)
	if code != ExitError || !strings.Contains(errs, "broken.cjm") || !strings.Contains(errs, "refers to a stage that is not in journey") {
		t.Errorf("check of a card in no stage: exit %d, stderr %q; want 1 and a sentence naming the file and the stage", code, errs)
	}
}

func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	cases := [][]string{
		{"new"},
		{"new", "--template", "nope", filepath.Join(dir, "x.cjm")},
		{"export", filepath.Join(dir, "x.cjm"), "--format", "docx"},
		{"import", filepath.Join(dir, "x.json")},
		{"check"},
		{"check", "--bogus", "x"},
		{"templates", "extra"},
		{"--nonsense"},
	}
	for _, args := range cases {
		code, _, errs := run(t, args...)
		if code != ExitUsage {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", args, code, errs)
		}
		if strings.Contains(errs, "goroutine") || strings.Contains(errs, "panic") {
			t.Errorf("%v: stack trace on stderr: %s", args, errs)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x.cjm")); err == nil {
		t.Error("a failed command wrote a file")
	}
}

func TestHelp(t *testing.T) {
	for _, verb := range []string{"new", "templates", "check", "export", "import"} {
		code, out, _ := run(t, verb, "-h")
		if code != 0 || !strings.Contains(out, "usage: waymark "+verb) {
			t.Errorf("%s -h: exit %d, output %q", verb, code, out)
		}
	}
}

func TestImportBadJSONWritesNothing(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.json")
	os.WriteFile(in, []byte("{\n  \"format\": \"waymark-project\",\n  \"version\": 1,\n  oops\n}"), 0o644)
	out := filepath.Join(dir, "out.cjm")
	code, _, errs := run(t, "import", in, "-o", out)
	if code != ExitError {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.Contains(errs, "in.json") || !strings.Contains(errs, "line 4") {
		t.Errorf("error should name the file and line 4: %q", errs)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries after a failed import, want only the input", len(entries))
	}
}

func TestNewRefusesToOverwrite(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "a.cjm")
	os.WriteFile(f, []byte("precious"), 0o644)
	code, _, _ := run(t, "new", f)
	if code != ExitError {
		t.Fatalf("exit %d, want 1", code)
	}
	if b, _ := os.ReadFile(f); string(b) != "precious" {
		t.Fatal("new overwrote an existing file")
	}
}

// sampleFile writes the sample project to a .cjm file in dir.
func sampleFile(t *testing.T, dir string) string {
	t.Helper()
	f := filepath.Join(dir, "sample.cjm")
	if code, _, errs := run(t, "new", "--template", "sample", f); code != 0 {
		t.Fatalf("new: %s", errs)
	}
	return f
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

// TestExportPoster: the export verb writes PDF posters (one sheet and
// tiled), PNGs and SVGs that the real tools read back.
func TestExportPoster(t *testing.T) {
	dir := t.TempDir()
	in := sampleFile(t, dir)

	pdf := filepath.Join(dir, "poster.pdf")
	code, out, errs := run(t, "export", in, "--format", "pdf", "--paper", "A0", "--author", "Ana Lima", "-o", pdf)
	if code != 0 || errs != "" {
		t.Fatalf("pdf: exit %d, stderr %q", code, errs)
	}
	if !strings.Contains(out, "wrote "+pdf) || !strings.Contains(out, "A0 landscape") {
		t.Errorf("pdf: stdout %q", out)
	}
	info := toolOut(t, "pdfinfo", pdf)
	if !regexp.MustCompile(`Page size:\s+3370\.\d+ x 2383\.\d+ pts`).MatchString(info) {
		t.Errorf("pdfinfo: %s", info)
	}
	if !strings.Contains(info, "Author:          Ana Lima") {
		t.Errorf("the author is not in the PDF's info: %s", info)
	}
	for _, l := range strings.Split(strings.TrimSpace(toolOut(t, "pdffonts", pdf)), "\n")[2:] {
		if f := strings.Fields(l); len(f) < 7 || f[len(f)-5] != "yes" {
			t.Errorf("font not embedded: %q", l)
		}
	}
	if c := toolOut(t, "qpdf", "--check", pdf); !strings.Contains(c, "No syntax or stream encoding errors found") {
		t.Errorf("qpdf: %s", c)
	}
	text := strings.Join(strings.Fields(toolOut(t, "pdftotext", pdf, "-")), " ")
	for _, want := range []string{"Opening a current account online", "Zoë Müller", "Prepared by Ana Lima", "Verify identity", "Pain points"} {
		if !strings.Contains(text, want) {
			t.Errorf("the poster lacks %q", want)
		}
	}

	// Tiled over A4, 15 mm overlap, the format taken from the extension.
	tiled := filepath.Join(dir, "tiled.pdf")
	code, out, errs = run(t, "export", in, "--paper", "A1", "--tile", "A4", "--overlap", "15mm", "-o", tiled)
	if code != 0 {
		t.Fatalf("tiled: exit %d: %s", code, errs)
	}
	m := regexp.MustCompile(`on (\d+) sheets of A4 \((\d+) columns × (\d+) rows\)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("tiled: stdout %q", out)
	}
	n, _ := strconv.Atoi(m[1])
	cols, _ := strconv.Atoi(m[2])
	rows, _ := strconv.Atoi(m[3])
	if n != cols*rows {
		t.Errorf("%d sheets for %d × %d", n, cols, rows)
	}
	if !strings.Contains(toolOut(t, "pdfinfo", tiled), fmt.Sprintf("Pages:           %d", n+1)) {
		t.Errorf("tiled: not %d pages", n+1)
	}

	// PNG at a chosen DPI: A0 landscape at 40 DPI.
	pngPath := filepath.Join(dir, "poster.png")
	if code, _, errs := run(t, "export", in, "--format", "png", "--dpi", "40", "-o", pngPath); code != 0 {
		t.Fatalf("png: exit %d: %s", code, errs)
	}
	f, _ := os.Open(pngPath)
	cfg, err := png.DecodeConfig(f)
	f.Close()
	if err != nil || cfg.Width != 1872 || cfg.Height != 1324 {
		t.Errorf("png: %v %dx%d, want 1872x1324", err, cfg.Width, cfg.Height)
	}

	// SVG to standard output.
	code, svg, errs := run(t, "export", in, "--format", "svg", "--paper", "A2", "-o", "-")
	if code != 0 {
		t.Fatalf("svg: exit %d: %s", code, errs)
	}
	if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
		t.Errorf("svg does not parse: %v", err)
	}
	if !strings.Contains(svg, ">Verify identity</text>") {
		t.Error("svg lacks a stage name as <text>")
	}

	// A journey by title; text too small for the paper is a warning on
	// stderr, not a failure.
	small := filepath.Join(dir, "small.pdf")
	code, _, errs = run(t, "export", in, "--format", "pdf", "--journey", "opening a current account online", "--paper", "A4", "-o", small)
	if code != 0 {
		t.Fatalf("A4: exit %d: %s", code, errs)
	}
	if !strings.HasPrefix(errs, "waymark export: warning: ") || !strings.Contains(errs, "below the readable 6 pt") || !strings.Contains(errs, "A2") {
		t.Errorf("A4: stderr %q", errs)
	}
}

// TestExportBadOptions: each bad option is one sentence and exit 2, and
// nothing is written: not the output, not a temporary file.
func TestExportBadOptions(t *testing.T) {
	dir := t.TempDir()
	in := sampleFile(t, dir)
	out := filepath.Join(dir, "out.pdf")
	for _, args := range [][]string{
		{"--format", "pdf", "--paper", "B4"},
		{"--format", "pdf", "--paper", "600x900"},
		{"--format", "pdf", "--orientation", "sideways"},
		{"--format", "pdf", "--margin", "ten"},
		{"--format", "pdf", "--margin", "600mm"},
		{"--format", "pdf", "--overlap", "10mm"},
		{"--format", "pdf", "--tile", "A4", "--overlap", "wide"},
		{"--format", "pdf", "--tile", "A4", "--overlap", "150mm"},
		{"--format", "pdf", "--paper", "A4", "--tile", "A3"},
		{"--format", "pdf", "--tile", "Q7"},
		{"--format", "png", "--tile", "A4"},
		{"--format", "png", "--dpi", "5000"},
		{"--format", "png", "--dpi", "many"},
		{"--format", "pdf", "--dpi", "300"},
		{"--format", "pdf", "--journey", "No such journey"},
		{"--format", "docx"},
		{"--format", "json", "--paper", "A4"},
	} {
		code, stdout, errs := run(t, append([]string{"export", in, "-o", out}, args...)...)
		if code != ExitUsage {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", args, code, errs)
		}
		first, _, _ := strings.Cut(errs, "\n")
		if !strings.HasPrefix(first, "waymark export: ") || strings.Contains(errs, "goroutine") || stdout != "" {
			t.Errorf("%v: stderr %q, stdout %q", args, errs, stdout)
		}
	}
	if code, _, errs := run(t, "export", in, "--format", "png"); code != ExitUsage || !strings.Contains(errs, "-o OUT is required") {
		t.Errorf("png without -o: exit %d %q", code, errs)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("failed exports left files: %v", entries)
	}
}

// TestExportFailureKeepsTarget: an export that fails keeps the file it
// would have replaced and leaves no temporary file.
func TestExportFailureKeepsTarget(t *testing.T) {
	dir := t.TempDir()
	in := sampleFile(t, dir)
	out := filepath.Join(dir, "out.png")
	os.WriteFile(out, []byte("precious"), 0o644)
	// A0 at 1200 DPI is too many pixels: refused after the file was read.
	code, _, errs := run(t, "export", in, "--format", "png", "--dpi", "1200", "-o", out)
	if code != ExitError || !strings.Contains(errs, "DPI or less") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	if b, _ := os.ReadFile(out); string(b) != "precious" {
		t.Error("a failed export replaced the target")
	}
	code, _, _ = run(t, "export", in, "--format", "pdf", "-o", filepath.Join(dir, "missing", "x.pdf"))
	if code != ExitError {
		t.Errorf("export into a missing directory: exit %d", code)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("directory holds %v", entries)
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

// dirEntries lists the names in dir.
func dirEntries(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// --- Mermaid and CSV ---------------------------------------------------------------

// TestImportExportMermaid: .mmd and .md import into a .cjm that exports as
// the same Mermaid text, to standard output or a file.
func TestImportExportMermaid(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "day.mmd")
	os.WriteFile(in, []byte(mermaidDocsExample), 0o644)
	cjm := filepath.Join(dir, "day.cjm")
	code, out, errs := run(t, "import", in, "-o", cjm)
	if code != 0 || errs != "" {
		t.Fatalf("import: exit %d, stderr %q", code, errs)
	}
	if !strings.Contains(out, "created "+cjm) || !strings.Contains(out, "2 stages, 5 touchpoints, 2 personas, emotion scale 1..5") {
		t.Errorf("import stdout %q", out)
	}
	p, err := storage.Check(context.Background(), cjm)
	if err != nil {
		t.Fatal(err)
	}
	if p.Journeys[0].Title != "My working day" || len(p.Journeys[0].Lanes) != 2 {
		t.Errorf("imported %q with %d lanes", p.Journeys[0].Title, len(p.Journeys[0].Lanes))
	}
	code, text, errs := run(t, "export", cjm, "--format", "mermaid", "--journey", "my working day")
	if code != 0 || errs != "" || text != mermaidDocsExample {
		t.Errorf("export to stdout: exit %d, stderr %q, text:\n%s", code, errs, text)
	}
	// The format from -o's extension; Markdown wraps it in a block.
	mmd, md := filepath.Join(dir, "out.mermaid"), filepath.Join(dir, "out.md")
	for _, o := range []string{mmd, md} {
		if code, out, errs := run(t, "export", cjm, "-o", o); code != 0 || !strings.HasPrefix(out, "wrote "+o) {
			t.Errorf("export -o %s: exit %d, stdout %q, stderr %q", o, code, out, errs)
		}
	}
	if b, _ := os.ReadFile(mmd); string(b) != mermaidDocsExample {
		t.Errorf("%s:\n%s", mmd, b)
	}
	if b, _ := os.ReadFile(md); string(b) != "```mermaid\n"+mermaidDocsExample+"```\n" {
		t.Errorf("%s:\n%s", md, b)
	}
	// Markdown with the journey in a block imports, and --format reads an
	// unknown extension.
	notes := filepath.Join(dir, "notes.md")
	os.WriteFile(notes, []byte("# Notes\n\n```mermaid\n"+mermaidDocsExample+"```\n"), 0o644)
	txt := filepath.Join(dir, "day.txt")
	os.WriteFile(txt, []byte(mermaidDocsExample), 0o644)
	for _, args := range [][]string{{"import", notes, "-o", filepath.Join(dir, "notes.cjm")},
		{"import", "--format", "mermaid", txt, "-o", filepath.Join(dir, "txt.cjm")}} {
		if code, _, errs := run(t, args...); code != 0 {
			t.Errorf("%v: exit %d: %s", args, code, errs)
		}
	}
	// A sample map's export warns on stderr and keeps stdout clean Mermaid.
	sample := sampleFile(t, dir)
	code, text, errs = run(t, "export", sample, "--format", "mermaid")
	if code != 0 || !strings.HasPrefix(text, "journey\n    title Opening a current account online\n") ||
		!strings.Contains(errs, "waymark export: warning: ") || !strings.Contains(errs, "scored differently") {
		t.Errorf("sample: exit %d, stderr %q, text:\n%s", code, errs, text)
	}
}

// TestImportExportCSV: the sample's journeys go to CSV (with a BOM) and
// back to a .cjm whose CSV is the same; Excel-style files import.
func TestImportExportCSV(t *testing.T) {
	dir := t.TempDir()
	sample := sampleFile(t, dir)
	for i, journey := range []string{"1", "Getting help with a blocked card"} {
		csvPath := filepath.Join(dir, fmt.Sprintf("j%d.csv", i))
		code, out, errs := run(t, "export", sample, "--format", "csv", "--journey", journey, "--bom", "-o", csvPath)
		if code != 0 || errs != "" || !strings.HasPrefix(out, "wrote "+csvPath) {
			t.Fatalf("export: exit %d, stdout %q, stderr %q", code, out, errs)
		}
		first, _ := os.ReadFile(csvPath)
		if !bytes.HasPrefix(first, []byte("\xef\xbb\xbfjourney,stage,lane,order,title,notes,channel,emotion: Zoë Müller (-2..+2),")) {
			t.Errorf("csv starts %q", first[:min(len(first), 120)])
		}
		back := filepath.Join(dir, fmt.Sprintf("j%d.cjm", i))
		if code, _, errs := run(t, "import", csvPath, "-o", back); code != 0 || errs != "" {
			t.Fatalf("import: exit %d, stderr %q", code, errs)
		}
		code, again, _ := run(t, "export", back, "--format", "csv", "--bom")
		if code != 0 || again != string(first) {
			t.Errorf("csv → cjm → csv changed the journey:\n%s\n---\n%s", first, again)
		}
	}
	// Excel in a semicolon locale, and a scale given on the command line.
	excel := filepath.Join(dir, "workshop.csv")
	os.WriteFile(excel, []byte("\ufeffStage;Title;Emotion: Zoë;Emotion: Graham\r\nDécouvrir;Voit une publicité;8;3\r\nPayer;Paie;10;1\r\n"), 0o644)
	out := filepath.Join(dir, "workshop.cjm")
	code, stdout, errs := run(t, "import", excel, "--scale", "1..10", "-o", out)
	if code != 0 || errs != "" || !strings.Contains(stdout, "2 stages, 2 touchpoints, 2 personas, emotion scale 1..10") {
		t.Fatalf("excel: exit %d, stdout %q, stderr %q", code, stdout, errs)
	}
	p, err := storage.Check(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	if p.Journeys[0].Title != "workshop" || p.Personas[0].Name != "Zoë" || p.Journeys[0].Stages[0].Name != "Découvrir" {
		t.Errorf("imported %q, %q, %q", p.Journeys[0].Title, p.Personas[0].Name, p.Journeys[0].Stages[0].Name)
	}
	// Without --scale the scale is guessed, and the guess is a warning.
	code, _, errs = run(t, "import", excel, "-o", filepath.Join(dir, "guessed.cjm"))
	if code != 0 || !strings.HasPrefix(errs, "waymark import: warning: "+excel+": ") || !strings.Contains(errs, "read on 1..10") {
		t.Errorf("guessed: exit %d, stderr %q", code, errs)
	}
}

// TestInterchangeErrors: bad input is exit 1 with one sentence naming the
// file and line, bad options exit 2, and nothing is written either way.
func TestInterchangeErrors(t *testing.T) {
	dir := t.TempDir()
	sample := sampleFile(t, dir)
	badMMD := filepath.Join(dir, "bad.mmd")
	os.WriteFile(badMMD, []byte("journey\nsection Go to work\n  Make tea\n"), 0o644)
	rows := "stage,title,emotion: Zoë\n"
	for i := 2; i <= 11; i++ {
		rows += fmt.Sprintf("S,Card %d,1\n", i)
	}
	badCSV := filepath.Join(dir, "bad.csv")
	os.WriteFile(badCSV, []byte(rows+"S,Card 12,great\n"), 0o644)
	goodCSV := filepath.Join(dir, "good.csv")
	os.WriteFile(goodCSV, []byte("stage,title\nS,T\n"), 0o644)
	existing := filepath.Join(dir, "existing.cjm")
	os.WriteFile(existing, []byte("precious"), 0o644)
	out := filepath.Join(dir, "out.cjm")
	before := dirEntries(t, dir)

	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"import", badMMD, "-o", out}, ExitError, "waymark import: " + badMMD + ": line 3: expected `Task name: score: actors`, got \"Make tea\""},
		{[]string{"import", badCSV, "-o", out}, ExitError, "waymark import: " + badCSV + ": line 12, column emotion: Zoë: \"great\" is not a number"},
		{[]string{"import", filepath.Join(dir, "missing.csv"), "-o", out}, ExitError, "missing.csv: no such file or directory"},
		{[]string{"import", goodCSV, "-o", existing}, ExitError, "existing.cjm"},
		{[]string{"import", badMMD, "--scale", "1..5", "-o", out}, ExitUsage, "--scale applies to csv only"},
		{[]string{"import", goodCSV, "--scale", "0..3", "-o", out}, ExitUsage, "--scale: "},
		{[]string{"import", sample, "--scale", "1..5", "-o", out, "--format", "json"}, ExitUsage, "--scale applies to csv only"},
		{[]string{"import", filepath.Join(dir, "x.xlsx"), "-o", out}, ExitUsage, "cannot import \"xlsx\" files"},
		{[]string{"export", sample, "--format", "mermaid", "--paper", "A4"}, ExitUsage, "--paper applies to pdf, png and svg"},
		{[]string{"export", sample, "--format", "mermaid", "--bom"}, ExitUsage, "--bom applies to csv only"},
		{[]string{"export", sample, "--format", "pdf", "--bom", "-o", filepath.Join(dir, "x.pdf")}, ExitUsage, "--bom applies to csv only"},
		{[]string{"export", sample, "--format", "json", "--bom"}, ExitUsage, "--bom applies to pdf, png and svg, not to json"},
		{[]string{"export", sample, "--format", "csv", "--journey", "Nope"}, ExitUsage, "--journey \"Nope\" is not in the project"},
		{[]string{"export", sample, "--format", "tsv"}, ExitUsage, "--format \"tsv\" is not supported"},
		{[]string{"export", sample, "--format", "csv", "-o", filepath.Join(dir, "missing", "x.csv")}, ExitError, "x.csv"},
		{[]string{"export", badMMD, "--format", "mermaid", "-o", filepath.Join(dir, "x.mmd")}, ExitError, "bad.mmd"},
	} {
		code, stdout, errs := run(t, c.args...)
		first, _, _ := strings.Cut(errs, "\n")
		if code != c.code || !strings.Contains(first, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", c.args, code, errs, c.code, c.want)
		}
		if c.code == ExitError && strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("%v: the error is not one line: %q", c.args, errs)
		}
		if stdout != "" || strings.Contains(errs, "goroutine") {
			t.Errorf("%v: stdout %q, stderr %q", c.args, stdout, errs)
		}
	}
	if after := dirEntries(t, dir); !slices.Equal(after, before) {
		t.Errorf("failed commands left files: before %q, after %q", before, after)
	}
	if b, _ := os.ReadFile(existing); string(b) != "precious" {
		t.Error("an import replaced an existing file")
	}
	for _, verb := range []string{"import", "export"} {
		_, help, _ := run(t, verb, "-h")
		if !strings.Contains(help, "csv") || !strings.Contains(help, "mermaid") {
			t.Errorf("%s -h does not mention the new formats:\n%s", verb, help)
		}
	}
}
