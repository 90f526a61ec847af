package poster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"waymark/assets"
	"waymark/canvas/geometry"
	"waymark/model"
)

// intlProject is a small map in accented Latin, Greek and Cyrillic, with a
// persona photo, for the text and font tests.
func intlProject(t testing.TB) *model.Project {
	t.Helper()
	photo := testImage(t, 800, 600, "png")
	p := &model.Project{ID: "intl", Name: "Διεθνές έργο — Международный проект", Scale: model.ScaleFive,
		Images: []*model.Image{photo}}
	j := &model.Journey{ID: "j", Title: "Ταξίδι πελάτη · Путь клиента", Description: "Façade, déjà vu, naïve café."}
	p.Journeys = []*model.Journey{j}
	p.Personas = []*model.Persona{
		{ID: "p1", Name: "Αλεξάνδρα Παπαδοπούλου", Role: "Φοιτήτρια", Quote: "Θέλω να είναι απλό.", PhotoID: photo.ID},
		{ID: "p2", Name: "Владимир Иванов", Role: "Инженер", Quote: "Где моя карта?"},
	}
	j.PersonaIDs = []model.ID{"p1", "p2"}
	j.Stages = []*model.Stage{
		{ID: "s1", Name: "Ανακάλυψη", Description: "Μαθαίνει για την τράπεζα", Color: "#1f6feb"},
		{ID: "s2", Name: "Регистрация", Description: "Открывает счёт"},
		{ID: "s3", Name: "Première utilisation", Description: "Zoë découvre l'appli"},
	}
	j.Lanes = []*model.Lane{
		{ID: "l1", Name: "Ενέργειες", Kind: model.LaneActions},
		{ID: "l2", Name: "Эмоции", Kind: model.LaneEmotions},
		{ID: "l3", Name: "Points de douleur", Kind: model.LanePainPoints},
		{ID: "l4", Name: "Hidden lane", Kind: model.LaneCustom, Hidden: true},
	}
	add := func(id, stage, lane, title, channel string, order int, scores map[model.ID]int) *model.Touchpoint {
		tp := &model.Touchpoint{ID: model.ID(id), StageID: model.ID(stage), LaneID: model.ID(lane), Order: order,
			Title: title, Channel: channel, Emotions: scores, Confidence: model.Anecdotal}
		j.Touchpoints = append(j.Touchpoints, tp)
		return tp
	}
	add("t1", "s1", "l1", "Διαβάζει μια διαφήμιση", "Ιστότοπος", 0, map[model.ID]int{"p1": 4, "p2": 3})
	add("t2", "s1", "l1", "Ρωτάει έναν φίλο", "", 1, nil)
	add("t3", "s2", "l1", "Заполняет анкету на сайте", "Сайт", 0, map[model.ID]int{"p1": 2, "p2": 1})
	add("t4", "s3", "l1", "Télécharge l'application née à Zürich", "Application", 0, map[model.ID]int{"p1": 5, "p2": 4})
	add("t5", "s2", "l2", "Тревога и нетерпение", "", 0, nil)
	add("t6", "s2", "l3", "Le formulaire refuse l'adresse", "E-mail", 0, nil).PainPoint = true
	add("t7", "s3", "l3", "Καθυστέρηση κάρτας", "", 0, nil).MomentOfTruth = true
	add("t8", "s1", "l4", "Never drawn: the lane is hidden", "", 0, nil)
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	return p
}

// testImage makes a PNG or JPEG of w × h pixels.
func testImage(t testing.TB, w, h int, format string) *model.Image {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.NRGBA{uint8(x * 255 / w), uint8(y * 255 / h), 0x80, 0xff})
		}
	}
	var buf bytes.Buffer
	mime := "image/png"
	if format == "jpeg" {
		mime = "image/jpeg"
		jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85})
	} else {
		png.Encode(&buf, img)
	}
	return &model.Image{ID: model.ID("img-" + format + strconv.Itoa(w)), MIME: mime, Width: w, Height: h, Data: buf.Bytes()}
}

// --- paper ------------------------------------------------------------------------

func TestParsePaper(t *testing.T) {
	for in, want := range map[string][2]float64{
		"A0": {841, 1189}, "a4": {210, 297}, "A5": {148, 210}, "Letter": {215.9, 279.4}, "legal": {215.9, 355.6},
		"Tabloid": {279.4, 431.8}, "Ledger": {279.4, 431.8}, "ARCH C": {457.2, 609.6}, "arch-d": {609.6, 914.4},
		"ArchE": {914.4, 1219.2}, "600x900mm": {600, 900}, "900x600mm": {600, 900}, "24x36in": {609.6, 914.4},
		"60 × 90 cm": {600, 900},
	} {
		p, err := ParsePaper(in)
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		if math.Abs(p.W/MM-want[0]) > 0.05 || math.Abs(p.H/MM-want[1]) > 0.05 {
			t.Errorf("%q: %.1f × %.1f mm, want %v", in, p.W/MM, p.H/MM, want)
		}
	}
	for _, bad := range []string{"", "A9", "B4", "600x900", "x900mm", "0x900mm", "-5x9mm", "10x10mm", "axbmm", "NaNxNaNmm"} {
		if _, err := ParsePaper(bad); err == nil {
			t.Errorf("%q parsed", bad)
		} else if strings.Count(err.Error(), "\n") > 0 {
			t.Errorf("%q: error is not one sentence: %v", bad, err)
		}
	}
	for in, want := range map[string]float64{"10mm": 10 * MM, "0.5in": 36, "1cm": 10 * MM, "12pt": 12, "0mm": 0} {
		if v, err := ParseLength(in); err != nil || math.Abs(v-want) > 1e-9 {
			t.Errorf("length %q = %v, %v; want %v", in, v, err, want)
		}
	}
	for _, bad := range []string{"10", "-1mm", "mm", "10furlongs"} {
		if _, err := ParseLength(bad); err == nil {
			t.Errorf("length %q parsed", bad)
		}
	}
}

// pdfPageSizes reads every page's size with pdfinfo.
func pdfPageSizes(t *testing.T, path string) [][2]float64 {
	t.Helper()
	out := tool(t, "pdfinfo", "-f", "1", "-l", "9999", path)
	re := regexp.MustCompile(`Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts`)
	var sizes [][2]float64
	for _, m := range re.FindAllStringSubmatch(out, -1) {
		w, _ := strconv.ParseFloat(m[1], 64)
		h, _ := strconv.ParseFloat(m[2], 64)
		sizes = append(sizes, [2]float64{w, h})
	}
	if len(sizes) == 0 {
		t.Fatalf("pdfinfo printed no page size:\n%s", out)
	}
	return sizes
}

// TestPageSizes: every paper in both orientations, and auto, prints a page
// within 1 pt of the standard.
func TestPageSizes(t *testing.T) {
	dir := t.TempDir()
	d := docOf(t, sample(t), nil)
	papers := append(slices.Clone(Papers), mustPaper(t, "600x900mm"), mustPaper(t, "24x36in"))
	for _, p := range papers {
		for _, o := range []Orientation{Portrait, Landscape, Auto} {
			op := opts(t, "")
			op.Paper, op.Orientation = p, o
			name := strings.ReplaceAll(p.Name, " ", "") + "-" + o.String() + ".pdf"
			path, res := writePDF(t, dir, name, d, op)
			w, h := p.W, p.H
			if o == Landscape || o == Auto && res.Orientation == Landscape {
				w, h = h, w
			}
			if o == Auto && p.W >= 210*MM && res.Orientation != Landscape {
				t.Errorf("%s: the wide sample printed %v", name, res.Orientation)
			}
			sizes := pdfPageSizes(t, path)
			if len(sizes) != 1 {
				t.Errorf("%s: %d pages", name, len(sizes))
			}
			if math.Abs(sizes[0][0]-w) > 1 || math.Abs(sizes[0][1]-h) > 1 {
				t.Errorf("%s: page %.2f × %.2f pt, want %.2f × %.2f", name, sizes[0][0], sizes[0][1], w, h)
			}
			if res.PageW != w || res.PageH != h {
				t.Errorf("%s: result says %.2f × %.2f", name, res.PageW, res.PageH)
			}
			// The map is never cut: it lies inside the margins.
			x, y, mw, mh := res.Map.Rect(d.Layout.Size)
			if x < op.Margin-0.01 || y < op.Margin-0.01 || x+mw > w-op.Margin+0.01 || y+mh > h-op.Margin+0.01 {
				t.Errorf("%s: the map (%.1f,%.1f %.1f×%.1f) leaves the margins", name, x, y, mw, mh)
			}
		}
	}
}

func mustPaper(t testing.TB, s string) Paper {
	p, err := ParsePaper(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestAutoOrientation: a tall map prints portrait, a wide one landscape.
func TestAutoOrientation(t *testing.T) {
	wide := docOf(t, sample(t), nil)
	p := intlProject(t)
	j := p.Journeys[0]
	j.Stages = j.Stages[:1] // one column, three lanes: tall
	for i := 0; i < 8; i++ {
		j.Lanes = append(j.Lanes, &model.Lane{ID: model.ID(fmt.Sprint("extra", i)), Name: "Extra", Kind: model.LaneCustom})
	}
	var kept []*model.Touchpoint
	for _, tp := range j.Touchpoints {
		if tp.StageID == "s1" {
			kept = append(kept, tp)
		}
	}
	j.Touchpoints = kept
	tall := docOf(t, p, nil)
	for _, c := range []struct {
		d    Doc
		want Orientation
	}{{wide, Landscape}, {tall, Portrait}} {
		res, err := painter(t).Plan(c.d, opts(t, "A3"))
		if err != nil {
			t.Fatal(err)
		}
		if res.Orientation != c.want {
			t.Errorf("%s: %v, want %v", c.d.Journey.Title, res.Orientation, c.want)
		}
	}
}

// --- the PDF read back -----------------------------------------------------------

func TestFontsEmbeddedAndQPDF(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name string
		d    Doc
		tile string
	}{{"sample.pdf", docOf(t, sample(t), nil), ""}, {"intl.pdf", docOf(t, intlProject(t), nil), ""},
		{"tiled.pdf", docOf(t, sample(t), nil), "A4"}} {
		o := opts(t, "A1")
		if c.tile != "" {
			o.Tile = mustPaper(t, c.tile)
		}
		path, _ := writePDF(t, dir, c.name, c.d, o)
		out := tool(t, "pdffonts", path)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) < 4 { // header, rule, regular, bold
			t.Fatalf("%s: pdffonts lists too few fonts:\n%s", c.name, out)
		}
		for _, l := range lines[2:] {
			f := strings.Fields(l)
			// name type... encoding emb sub uni object ID: emb is 5th from the end.
			if len(f) < 7 || f[len(f)-5] != "yes" {
				t.Errorf("%s: font not embedded: %q", c.name, l)
			}
			if !strings.Contains(strings.ToLower(f[0]), "notosans") {
				t.Errorf("%s: unexpected font %q", c.name, f[0])
			}
		}
		check := tool(t, "qpdf", "--check", path)
		if !strings.Contains(check, "No syntax or stream encoding errors found") {
			t.Errorf("%s: qpdf --check:\n%s", c.name, check)
		}
	}
}

// pdfWord is a word pdftotext -bbox found, in page points from the top left.
type pdfWord struct {
	text                   string
	xMin, yMin, xMax, yMax float64
}

var wordRE = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)

// pdfWords reads the words of each page with pdftotext -bbox.
func pdfWords(t *testing.T, path string) [][]pdfWord {
	t.Helper()
	out := tool(t, "pdftotext", "-bbox", path, "-")
	var pages [][]pdfWord
	for _, chunk := range strings.Split(out, "<page ")[1:] {
		var words []pdfWord
		for _, m := range wordRE.FindAllStringSubmatch(chunk, -1) {
			w := pdfWord{text: html.UnescapeString(m[5])}
			w.xMin, _ = strconv.ParseFloat(m[1], 64)
			w.yMin, _ = strconv.ParseFloat(m[2], 64)
			w.xMax, _ = strconv.ParseFloat(m[3], 64)
			w.yMax, _ = strconv.ParseFloat(m[4], 64)
			words = append(words, w)
		}
		pages = append(pages, words)
	}
	return pages
}

// wordsIn returns the words wholly inside a page rectangle, in reading
// order.
func wordsIn(words []pdfWord, x, y, w, h float64) []string {
	const slack = 0.5
	var in []pdfWord
	for _, wd := range words {
		if wd.xMin >= x-slack && wd.xMax <= x+w+slack && wd.yMin >= y-slack && wd.yMax <= y+h+slack {
			in = append(in, wd)
		}
	}
	slices.SortStableFunc(in, func(a, b pdfWord) int {
		if math.Abs(a.yMin-b.yMin) > 1 {
			return int(math.Copysign(1, a.yMin-b.yMin))
		}
		return int(math.Copysign(1, a.xMin-b.xMin))
	})
	out := make([]string, len(in))
	for i, wd := range in {
		out[i] = wd.text
	}
	return out
}

func linesWords(lines []geometry.Text) []string {
	var out []string
	for _, l := range lines {
		out = append(out, strings.Fields(l.Text)...)
	}
	return out
}

// hasInOrder reports whether want appears in got in order (other words,
// such as badges or tick labels, may come between).
func hasInOrder(got, want []string) bool {
	i := 0
	for _, g := range got {
		if i < len(want) && g == want[i] {
			i++
		}
	}
	return i == len(want)
}

// checkMapText checks, for every card, stage header and lane header of the
// layout, that the words pdftotext finds inside its rectangle (scaled to the
// page by the poster's one transform) are its lines, in order: the title
// lies inside its card, as on screen.
func checkMapText(t *testing.T, name string, words []pdfWord, d Doc, tr Transform) {
	t.Helper()
	l := d.Layout
	bad := 0
	report := func(format string, args ...any) {
		if bad++; bad <= 8 {
			t.Errorf(name+": "+format, args...)
		}
	}
	for i := range l.Cards {
		c := &l.Cards[i]
		want := linesWords(c.Title)
		x, y, w, h := tr.Rect(c.Rect)
		got := wordsIn(words, x, y, w, h)
		// The title comes first, then the chip, badges and markers.
		if len(got) < len(want) || !slices.Equal(got[:len(want)], want) {
			report("card %q: words in its rectangle are %q", d.Journey.Touchpoint(c.ID).Title, got)
		}
	}
	for i := range l.Stages {
		s := &l.Stages[i]
		x, y, w, h := tr.Rect(s.Header)
		if got := wordsIn(words, x, y, w, h); !hasInOrder(got, linesWords(append(slices.Clone(s.Name), s.Desc...))) {
			report("stage %q: header holds %q", d.Journey.Stages[i].Name, got)
		}
	}
	for i := range l.Lanes {
		lb := &l.Lanes[i]
		x, y, w, h := tr.Rect(lb.Header)
		if got := wordsIn(words, x, y, w, h); !hasInOrder(got, linesWords(append(slices.Clone(lb.Name), lb.Kind2...))) {
			report("lane %q: header holds %q", d.Journey.Lane(lb.ID).Name, got)
		}
	}
	x, y, w, h := tr.Rect(l.Corner)
	if got := wordsIn(words, x, y, w, h); !slices.Equal(got, linesWords(l.Title)) {
		report("corner holds %q, want the journey title", got)
	}
}

// TestTextInPlace: pdftotext finds every touchpoint title, stage and lane
// name of the sample and of a Greek, Cyrillic and accented Latin map,
// each inside its own rectangle of the layout scaled to the page.
func TestTextInPlace(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name  string
		p     *model.Project
		paper string
	}{{"sample-A0.pdf", sample(t), "A0"}, {"sample-A3.pdf", sample(t), "A3"}, {"intl-A2.pdf", intlProject(t), "A2"}} {
		d := docOf(t, c.p, nil)
		path, res := writePDF(t, dir, c.name, d, opts(t, c.paper))
		pages := pdfWords(t, path)
		if len(pages) != 1 {
			t.Fatalf("%s: %d pages", c.name, len(pages))
		}
		checkMapText(t, c.name, pages[0], d, res.Map)
		// And the whole text, for the names the layout did not shorten.
		all := tool(t, "pdftotext", path, "-")
		for _, tp := range d.Journey.Touchpoints {
			if d.Layout.Card(tp.ID) == nil {
				if strings.Contains(all, tp.Title) {
					t.Errorf("%s: the card of a hidden lane was printed: %q", c.name, tp.Title)
				}
			}
		}
		flat := strings.Join(strings.Fields(all), " ")
		for _, s := range []string{c.p.Name, d.Journey.Title} {
			if !strings.Contains(flat, strings.Join(strings.Fields(s), " ")) {
				t.Errorf("%s: title block lacks %q", c.name, s)
			}
		}
		for _, x := range c.p.Personas {
			if !strings.Contains(flat, x.Name) {
				t.Errorf("%s: persona %q missing", c.name, x.Name)
			}
		}
	}
}

// --- one geometry -------------------------------------------------------------

// TestOneGeometry: the poster paints the layout it is given and has no
// layout of its own. Its API takes a *geometry.Layout (the type the board
// paints: the board's widget holds one), its code never wraps or lays out
// text itself, and a layout changed by hand prints changed.
func TestOneGeometry(t *testing.T) {
	var doc Doc
	if f, ok := reflectField(doc, "Layout"); !ok || f != "*geometry.Layout" {
		t.Fatalf("poster.Doc.Layout is %q, want *geometry.Layout", f)
	}
	board, err := os.ReadFile(filepath.Join("..", "board", "board.go"))
	if err == nil && !regexp.MustCompile(`\*geometry\.Layout\b`).Match(board) {
		t.Errorf("the board no longer paints a *geometry.Layout; the two painters must share one geometry")
	}
	files, _ := filepath.Glob("*.go")
	forbidden := regexp.MustCompile(`geometry\.Wrap\(|NewLayouter\(|\.Layout\(\s*[a-zA-Z.]+\s*,|SplitText\(|SplitLines\(|MultiCell\(`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, _ := os.ReadFile(f)
		if m := forbidden.Find(src); m != nil {
			t.Errorf("%s lays out text itself (%s): the poster must only draw the geometry's lines", f, m)
		}
	}

	// Move a card and rename its first line in the layout: the PDF follows.
	d := docOf(t, sample(t), nil)
	c := &d.Layout.Cards[3]
	c.Title = []geometry.Text{{Text: "Zqxv moved", X: c.Title[0].X + 40, Y: c.Title[0].Y + 20, Size: c.Title[0].Size, Bold: true}}
	c.Rect.X += 40
	c.Rect.Y += 20
	path, res := writePDF(t, t.TempDir(), "moved.pdf", d, opts(t, "A1"))
	x, y, w, h := res.Map.Rect(c.Rect)
	got := wordsIn(pdfWords(t, path)[0], x, y, w, h)
	if len(got) < 2 || got[0] != "Zqxv" || got[1] != "moved" {
		t.Errorf("the moved card's rectangle holds %q", got)
	}
}

// --- tiling ---------------------------------------------------------------------

// TestTiling: A0 on A4 and on Letter: one assembly page and one page per
// tile of the grid, each the tile's size; neighbours overlap by the overlap;
// every sheet has its label, its neighbours' labels and its marks.
func TestTiling(t *testing.T) {
	dir := t.TempDir()
	d := docOf(t, sample(t), nil)
	for _, tile := range []string{"A4", "Letter"} {
		o := opts(t, "A0")
		o.Tile = mustPaper(t, tile)
		o.Overlap = 10 * MM
		path, res := writePDF(t, dir, "A0-on-"+tile+".pdf", d, o)

		// The grid, worked out here from the papers alone.
		posterW, posterH := o.Paper.H, o.Paper.W // the sample prints landscape
		best := 0
		var bw, bh float64
		for _, turn := range [][2]float64{{o.Tile.W, o.Tile.H}, {o.Tile.H, o.Tile.W}} {
			pw, ph := turn[0]-2*o.SheetEdge, turn[1]-2*o.SheetEdge
			cols := int(math.Ceil((posterW - o.Overlap) / (pw - o.Overlap)))
			rows := int(math.Ceil((posterH - o.Overlap) / (ph - o.Overlap)))
			if best == 0 || cols*rows < best {
				best, bw, bh = cols*rows, turn[0], turn[1]
			}
		}
		if res.Rows*res.Cols != best || len(res.Sheets) != best {
			t.Errorf("%s: %d × %d sheets, want %d", tile, res.Rows, res.Cols, best)
		}
		sizes := pdfPageSizes(t, path)
		if len(sizes) != 1+best {
			t.Fatalf("%s: %d pages, want the assembly page and %d sheets", tile, len(sizes), best)
		}
		for i, s := range sizes {
			if math.Abs(math.Min(s[0], s[1])-o.Tile.W) > 1 || math.Abs(math.Max(s[0], s[1])-o.Tile.H) > 1 {
				t.Errorf("%s: page %d is %.1f × %.1f pt, not %s", tile, i+1, s[0], s[1], tile)
			}
			if i > 0 && (math.Abs(s[0]-bw) > 1 || math.Abs(s[1]-bh) > 1) {
				t.Errorf("%s: sheet %d is %.1f × %.1f, the others %.1f × %.1f", tile, i, s[0], s[1], bw, bh)
			}
		}
		// Windows: neighbours share exactly the overlap; together they
		// cover the poster.
		for _, sh := range res.Sheets {
			if sh.Col > 0 {
				left := res.Sheets[sh.Row*res.Cols+sh.Col-1]
				if ov := left.WX + left.WW - sh.WX; math.Abs(ov-o.Overlap) > 0.01 {
					t.Errorf("%s: %s overlaps %s by %.2f pt, want %.2f", tile, sh.Label, left.Label, ov, o.Overlap)
				}
			}
			if sh.Row > 0 {
				up := res.Sheets[(sh.Row-1)*res.Cols+sh.Col]
				if ov := up.WY + up.WH - sh.WY; math.Abs(ov-o.Overlap) > 0.01 {
					t.Errorf("%s: %s overlaps %s by %.2f pt vertically", tile, sh.Label, up.Label, ov)
				}
			}
		}
		first, last := res.Sheets[0], res.Sheets[len(res.Sheets)-1]
		if first.WX > 0 || first.WY > 0 || last.WX+last.WW < posterW || last.WY+last.WH < posterH {
			t.Errorf("%s: the sheets do not cover the poster", tile)
		}
		// Labels: each sheet names itself and its neighbours.
		pages := pdfWords(t, path)
		for i, sh := range res.Sheets {
			words := pages[i+1]
			var texts []string
			for _, w := range words {
				texts = append(texts, w.text)
			}
			if !slices.Contains(texts, sh.Label) {
				t.Errorf("%s: sheet %d lacks its label %s", tile, i+1, sh.Label)
			}
			if sh.Col+1 < res.Cols && !slices.Contains(texts, sheetLabel(sh.Row, sh.Col+1)) {
				t.Errorf("%s: sheet %s does not name its right neighbour", tile, sh.Label)
			}
		}
		asm := tool(t, "pdftotext", "-f", "1", "-l", "1", path, "-")
		for _, want := range []string{"Assembly", "overlap 10 mm", res.Sheets[0].Label, last.Label} {
			if !strings.Contains(asm, want) {
				t.Errorf("%s: assembly page lacks %q", tile, want)
			}
		}
		checkMarks(t, path, res, o)
		if tile == "A4" {
			// The map's text is on the sheets, at full size: the sheets
			// together hold every card title.
			all := tool(t, "pdftotext", "-f", "2", path, "-")
			for i := range d.Layout.Cards {
				first := d.Layout.Cards[i].Title[0].Text
				if !strings.Contains(all, strings.Fields(first)[0]) {
					t.Errorf("no sheet shows %q", first)
				}
			}
		}
	}
}

// checkMarks renders sheet A1 and finds ink where its crop marks and its
// alignment marks are, and none in the blank corner beyond.
func checkMarks(t *testing.T, path string, res *Result, o Options) {
	t.Helper()
	dir := t.TempDir()
	tool(t, "pdftoppm", "-r", "72", "-gray", "-png", "-f", "2", "-l", "2", path, filepath.Join(dir, "sheet"))
	files, _ := filepath.Glob(filepath.Join(dir, "sheet*.png"))
	if len(files) != 1 {
		t.Fatalf("pdftoppm made %v", files)
	}
	f, _ := os.Open(files[0])
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	dark := func(x, y float64) bool {
		// Any dark pixel within 1.5 px.
		for dy := -1; dy <= 1; dy++ {
			for dx := -1; dx <= 1; dx++ {
				r, _, _, _ := img.At(int(math.Round(x))+dx, int(math.Round(y))+dy).RGBA()
				if r < 0xa000 {
					return true
				}
			}
		}
		return false
	}
	e := o.SheetEdge
	sh := res.Sheets[0]
	x1, y1 := e+sh.WW, e+sh.WH
	for _, p := range []struct {
		what string
		x, y float64
	}{
		{"top-left crop mark", e - 5*MM, e}, {"top-left crop mark", e, e - 5*MM},
		{"bottom-right crop mark", x1 + 5*MM, y1}, {"bottom-right crop mark", x1, y1 + 5*MM},
		{"alignment mark of the right overlap", x1 - o.Overlap, e / 2},
		{"alignment mark of the lower overlap", e / 2, y1 - o.Overlap},
	} {
		if !dark(p.x, p.y) {
			t.Errorf("sheet A1: no %s at %.0f,%.0f pt", p.what, p.x, p.y)
		}
	}
	if dark(2, 2) {
		t.Error("sheet A1: ink in the very corner of the paper")
	}
}

// --- PNG and SVG --------------------------------------------------------------

func TestPNG(t *testing.T) {
	d := docOf(t, intlProject(t), nil)
	for _, c := range []struct {
		paper string
		dpi   float64
	}{{"A4", 150}, {"A3", 72}, {"Letter", 100}} {
		o := opts(t, c.paper)
		o.DPI = c.dpi
		var buf bytes.Buffer
		res, err := painter(t).WritePNG(context.Background(), &buf, d, o)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(&buf)
		if err != nil {
			t.Fatalf("%s: %v", c.paper, err)
		}
		w := int(math.Round(res.PageW / Inch * c.dpi))
		h := int(math.Round(res.PageH / Inch * c.dpi))
		if b := img.Bounds(); b.Dx() != w || b.Dy() != h || res.PixelsW != w || res.PixelsH != h {
			t.Errorf("%s at %g DPI: %v, want %d × %d", c.paper, c.dpi, b, w, h)
		}
		// The same geometry: a card's inside is the card colour, the map
		// around it the background colour.
		k := c.dpi / Inch
		card := d.Layout.Cards[0].Rect
		x, y, cw, _ := res.Map.Rect(card)
		at := func(px, py float64) color.NRGBA {
			return color.NRGBAModel.Convert(img.At(int(px*k), int(py*k))).(color.NRGBA)
		}
		if got := at(x+cw-3*res.Map.S, y+3*res.Map.S+1); !near(got, geometry.Light.CardFill) {
			t.Errorf("%s: inside a card is %v", c.paper, got)
		}
		if got := at(x-3*res.Map.S, y+2); !near(got, geometry.Light.Background) {
			t.Errorf("%s: beside a card is %v, want the background", c.paper, got)
		}
	}
	// Too many pixels is refused in one sentence, nothing drawn.
	o := opts(t, "A0")
	o.DPI = 1200
	if _, err := painter(t).WritePNG(context.Background(), &bytes.Buffer{}, d, o); err == nil || !strings.Contains(err.Error(), "DPI or less") {
		t.Errorf("a 1200 DPI A0 PNG: %v", err)
	}
}

func near(a, b color.NRGBA) bool {
	d := func(x, y uint8) bool { return math.Abs(float64(x)-float64(y)) <= 6 }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B)
}

func TestSVG(t *testing.T) {
	for _, p := range []*model.Project{sample(t), intlProject(t)} {
		d := docOf(t, p, nil)
		var buf bytes.Buffer
		if _, err := painter(t).WriteSVG(context.Background(), &buf, d, opts(t, "A1")); err != nil {
			t.Fatal(err)
		}
		texts, paths, err := svgTexts(buf.Bytes())
		if err != nil {
			t.Fatalf("%s: the SVG does not parse: %v", p.Name, err)
		}
		for i := range d.Layout.Cards {
			for _, l := range d.Layout.Cards[i].Title {
				if !slices.Contains(texts, l.Text) {
					t.Errorf("%s: no <text> %q", p.Name, l.Text)
				}
			}
		}
		for i := range d.Layout.Stages {
			for _, l := range d.Layout.Stages[i].Name {
				if !slices.Contains(texts, l.Text) {
					t.Errorf("%s: no stage <text> %q", p.Name, l.Text)
				}
			}
		}
		curves := 0
		for _, pth := range paths {
			if strings.Contains(pth, " C") {
				curves++
			}
		}
		if d.Layout.Emotion != nil && curves < len(d.Layout.Emotion.Curves) {
			t.Errorf("%s: %d paths with C commands, want one per persona curve (%d)", p.Name, curves, len(d.Layout.Emotion.Curves))
		}
		if !bytes.Contains(buf.Bytes(), []byte(`font-family="'Noto Sans', sans-serif"`)) {
			t.Errorf("%s: text not set in Noto Sans", p.Name)
		}
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	d := docOf(t, bigProject(600), nil)
	var buf bytes.Buffer
	_, err := painter(t).WritePDF(ctx, &buf, d, opts(t, "A0"))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled export: %v", err)
	}
	if buf.Len() != 0 {
		t.Errorf("a cancelled export wrote %d bytes", buf.Len())
	}
}

// --- warnings -------------------------------------------------------------------

func TestReadableWarning(t *testing.T) {
	d := docOf(t, sample(t), nil)
	res, err := painter(t).Plan(d, opts(t, "A0"))
	if err != nil || len(res.Warnings) != 0 {
		t.Errorf("A0: %v %v", err, res.Warnings)
	}
	res, _ = painter(t).Plan(d, opts(t, "A4"))
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "below the readable 6 pt") ||
		!strings.Contains(res.Warnings[0], "choose A2 or larger") || !strings.Contains(res.Warnings[0], "tile") {
		t.Errorf("A4: %q", res.Warnings)
	}
	res, _ = painter(t).Plan(d, opts(t, "Letter"))
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "Tabloid") && !strings.Contains(res.Warnings[0], "ARCH") {
		t.Errorf("Letter: %q", res.Warnings)
	}
	big := docOf(t, bigProject(2000), nil)
	res, _ = painter(t).Plan(big, opts(t, "A0"))
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "tiled") || !strings.Contains(res.Warnings[0], "mm") {
		t.Errorf("2,000 cards on A0: %q", res.Warnings)
	}
	// The suggestion is right: on the suggested paper the text is readable.
	m := regexp.MustCompile(`paper (\d+)x(\d+)mm`).FindStringSubmatch(res.Warnings[0])
	if m == nil {
		t.Fatalf("no size in %q", res.Warnings[0])
	}
	o := opts(t, m[1]+"x"+m[2]+"mm")
	o.Tile = mustPaper(t, "A3")
	res, _ = painter(t).Plan(big, o)
	if res.MinText < ReadableSize || len(res.Warnings) != 0 {
		t.Errorf("on the suggested %sx%smm: %.1f pt, %q", m[1], m[2], res.MinText, res.Warnings)
	}
}

// TestMissingGlyphs: characters Noto Sans lacks are listed in a warning
// and print as "?", never as boxes.
func TestMissingGlyphs(t *testing.T) {
	p := intlProject(t)
	j := p.Journeys[0]
	j.Touchpoints[0].Title = "Approved ✓ 漢字 😀"
	d := docOf(t, p, nil)
	path, res := writePDF(t, t.TempDir(), "missing.pdf", d, opts(t, "A2"))
	var w string
	for _, x := range res.Warnings {
		if strings.Contains(x, "no glyph") {
			w = x
		}
	}
	for _, r := range []string{"✓", "漢", "字", "😀", "U+2713", "U+1F600"} {
		if !strings.Contains(w, r) {
			t.Errorf("warning %q does not list %s", w, r)
		}
	}
	text := tool(t, "pdftotext", path, "-")
	if strings.ContainsAny(text, "✓漢😀") {
		t.Error("a missing glyph was printed")
	}
	if !strings.Contains(text, "Approved ? ??") {
		t.Errorf("missing glyphs should print as ?: %q", text)
	}
	if !strings.Contains(tool(t, "qpdf", "--check", path), "No syntax or stream encoding errors found") {
		t.Error("qpdf finds errors")
	}
}

// TestImagesCapped: a large persona photo is embedded at no more pixels
// than its printed size needs at the image resolution.
func TestImagesCapped(t *testing.T) {
	for _, format := range []string{"png", "jpeg"} {
		p := intlProject(t)
		big := testImage(t, 3000, 2000, format)
		p.Images = append(p.Images, big)
		p.Personas[1].PhotoID = big.ID
		d := docOf(t, p, nil)
		o := opts(t, "A3")
		o.ImageDPI = 150
		path, res := writePDF(t, t.TempDir(), "photo.pdf", d, o)
		out := tool(t, "pdfimages", "-list", path)
		lines := strings.Split(strings.TrimSpace(out), "\n")[2:]
		if len(lines) < 2 {
			t.Fatalf("%s: pdfimages lists %d images:\n%s", format, len(lines), out)
		}
		// The photo circle's diameter, from the composition.
		c := painter(t).compose(d, &o, res.PageW, res.PageH, res.Orientation)
		capPx := int(math.Ceil(c.photoD*1.5/Inch*o.ImageDPI)) + 1 // the 3:2 photo covers the circle
		for _, l := range lines {
			f := strings.Fields(l)
			if f[2] != "image" {
				continue
			}
			w, _ := strconv.Atoi(f[3])
			h, _ := strconv.Atoi(f[4])
			if w > capPx || h > capPx {
				t.Errorf("%s: an image is embedded at %d × %d px, more than %d px its print needs", format, w, h, capPx)
			}
		}
		if !strings.Contains(tool(t, "qpdf", "--check", path), "No syntax or stream encoding errors found") {
			t.Errorf("%s: qpdf finds errors", format)
		}
	}
}

// TestBigPosterSize: 2,000 touchpoints on A0 stay under 1 MB.
func TestBigPosterSize(t *testing.T) {
	d := docOf(t, bigProject(2000), nil)
	var buf bytes.Buffer
	if _, err := painter(t).WritePDF(context.Background(), &buf, d, opts(t, "A0")); err != nil {
		t.Fatal(err)
	}
	if buf.Len() > 1<<20 {
		t.Errorf("2,000 touchpoints on A0: %d bytes, over 1 MB", buf.Len())
	}
}

func TestBadOptions(t *testing.T) {
	d := docOf(t, sample(t), nil)
	for name, mod := range map[string]func(*Options){
		"no paper":      func(o *Options) { o.Paper = Paper{} },
		"huge margin":   func(o *Options) { o.Margin = 500 * MM },
		"wide overlap":  func(o *Options) { o.Tile = mustPaper(t, "A4"); o.Overlap = 120 * MM },
		"negative dpi":  func(o *Options) { o.DPI = -3 },
		"negative edge": func(o *Options) { o.Margin = -1 },
	} {
		o := opts(t, "A0")
		mod(&o)
		if _, err := painter(t).WritePDF(context.Background(), &bytes.Buffer{}, d, o); err == nil {
			t.Errorf("%s: no error", name)
		} else if strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: %q is not one sentence", name, err)
		}
	}
	if _, err := painter(t).WritePDF(context.Background(), &bytes.Buffer{}, Doc{}, opts(t, "A0")); err == nil {
		t.Error("an empty doc printed")
	}
	o := opts(t, "A0")
	o.Tile = mustPaper(t, "A4")
	if _, err := painter(t).WritePNG(context.Background(), &bytes.Buffer{}, d, o); err == nil {
		t.Error("a tiled PNG was accepted")
	}
}

// TestEveryTemplate: every journey of every template, and a crowded cast of
// personas, prints in all three formats.
func TestEveryTemplate(t *testing.T) {
	var docs []Doc
	for _, tmpl := range assets.Templates() {
		p, err := assets.NewProject(tmpl.Name)
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range p.Journeys {
			docs = append(docs, docOf(t, p, j))
		}
	}
	crowd := intlProject(t)
	for i := 0; i < 7; i++ {
		x := &model.Persona{ID: model.ID(fmt.Sprint("extra-", i)), Name: fmt.Sprintf("Persona with a long name number %d", i),
			Role: strings.Repeat("a role that goes on ", 5)}
		crowd.Personas = append(crowd.Personas, x)
		crowd.Journeys[0].PersonaIDs = append(crowd.Journeys[0].PersonaIDs, x.ID)
		crowd.Journeys[0].Touchpoints[0].Emotions[x.ID] = 1 + i%5
	}
	crowd.Journeys[0].Title = strings.Repeat("A journey title far too long for any poster ", 8)
	docs = append(docs, docOf(t, crowd, nil))
	for _, d := range docs {
		for _, paper := range []string{"A4", "A0"} {
			o := opts(t, paper)
			o.DPI = 20
			var buf bytes.Buffer
			if _, err := painter(t).WritePDF(context.Background(), &buf, d, o); err != nil {
				t.Errorf("%s on %s: pdf: %v", d.Journey.Title, paper, err)
			}
			if _, err := painter(t).WritePNG(context.Background(), &buf, d, o); err != nil {
				t.Errorf("%s on %s: png: %v", d.Journey.Title, paper, err)
			}
			buf.Reset()
			if _, err := painter(t).WriteSVG(context.Background(), &buf, d, o); err != nil {
				t.Errorf("%s on %s: svg: %v", d.Journey.Title, paper, err)
			} else if _, _, err := svgTexts(buf.Bytes()); err != nil {
				t.Errorf("%s on %s: svg does not parse: %v", d.Journey.Title, paper, err)
			}
		}
	}
}
