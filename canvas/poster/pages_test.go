package poster

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"io"
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

var allPages = []Page{PageMap, PageCoverage, PageBacklog}

// bigJourney is a journey of many stages, channels, owners and rated
// pain points, for the table pages' pagination.
func bigJourney(t testing.TB, stages, channels, owners, cards int) *model.Project {
	t.Helper()
	p := &model.Project{ID: "big", Name: "Big project", Scale: model.ScaleBipolar2}
	j := &model.Journey{ID: "j", Title: "A long journey"}
	p.Journeys = []*model.Journey{j}
	p.Personas = []*model.Persona{{ID: "p1", Name: "Pat"}}
	j.PersonaIDs = []model.ID{"p1"}
	for s := 0; s < stages; s++ {
		j.Stages = append(j.Stages, &model.Stage{ID: model.ID(fmt.Sprint("s", s)), Name: fmt.Sprintf("Stage number %d of the journey", s+1)})
	}
	j.Lanes = []*model.Lane{{ID: "l1", Name: "Actions", Kind: model.LaneActions}, {ID: "l2", Name: "Pain", Kind: model.LanePainPoints}}
	order := map[[2]int]int{}
	for i := 0; i < cards; i++ {
		s, l := (i*7)%stages, i%2
		k := [2]int{s, l}
		tp := &model.Touchpoint{ID: model.ID(fmt.Sprint("t", i)), StageID: j.Stages[s].ID, LaneID: j.Lanes[l].ID,
			Order: order[k], Title: fmt.Sprintf("Card %d: the customer waits for a reply that never comes", i),
			Emotions: map[model.ID]int{}}
		order[k]++
		if channels > 0 {
			tp.Channel = fmt.Sprintf("Channel %d", (i/2)%channels)
		}
		if owners > 0 && i%5 != 0 {
			tp.Owner = fmt.Sprintf("Owner team %d", (i*11)%owners)
		}
		if i%3 == 0 {
			tp.Emotions["p1"] = i%5 - 2
		}
		if l == 1 || i%4 == 0 {
			tp.PainPoint = l == 1
			tp.Opportunity = i%4 == 0
			if i%6 != 0 {
				tp.Impact, tp.Effort = 1+i%model.MaxPriority, 1+(i/5)%model.MaxPriority
			}
		}
		j.Touchpoints = append(j.Touchpoints, tp)
	}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	return p
}

// pagesCase is one poster with every page.
type pagesCase struct {
	name  string
	d     Doc
	paper string
	tile  string
}

func pageCases(t *testing.T) []pagesCase {
	cases := []pagesCase{{name: "sample", d: docOf(t, sample(t), nil), paper: "A3"},
		{name: "sample-tiled", d: docOf(t, sample(t), nil), paper: "A1", tile: "A4"}}
	for _, tmpl := range assets.Templates() {
		p, err := assets.NewProject(tmpl.Name)
		if err != nil {
			t.Fatal(err)
		}
		for i, j := range p.Journeys {
			cases = append(cases, pagesCase{name: fmt.Sprintf("%s-%d", tmpl.Name, i), d: docOf(t, p, j), paper: "A3"})
		}
	}
	empty := bigJourney(t, 4, 0, 0, 0)
	noOwners := bigJourney(t, 5, 3, 0, 40)
	big := bigJourney(t, 30, 90, 40, 640)
	cases = append(cases, pagesCase{name: "no-cards", d: docOf(t, empty, nil), paper: "A4"},
		pagesCase{name: "no-owners", d: docOf(t, noOwners, nil), paper: "A4"},
		pagesCase{name: "big", d: docOf(t, big, nil), paper: "A4"},
		pagesCase{name: "big-A0", d: docOf(t, big, nil), paper: "A0"},
		pagesCase{name: "intl", d: docOf(t, intlProject(t), nil), paper: "A4"})
	return cases
}

// plannedSheets lays out the table pages as WritePDF does.
func plannedSheets(t *testing.T, d Doc, o Options) *pagePlan {
	t.Helper()
	pl, err := painter(t).planPages(&d, &o, true)
	if err != nil {
		t.Fatal(err)
	}
	return pl
}

// wordsInRect are the words inside a sheet rectangle, mapped to the page.
func wordsInRect(words []pdfWord, tr Transform, r geometry.Rect) []string {
	x, y, w, h := tr.Rect(r)
	return wordsIn(words, x, y, w, h)
}

var countRE = regexp.MustCompile(`^(\d+)$`)

// cellFigures reads a coverage cell's words back: its touchpoints, the
// mean (NaN when "no scores"), its pain points and its gap letters.
func cellFigures(words []string) (tps int, mean float64, pains int, letters string, ok bool) {
	mean = math.NaN()
	if len(words) == 1 && words[0] == "–" {
		return 0, mean, 0, "", true
	}
	for i := 0; i < len(words); i++ {
		w := words[i]
		next := ""
		if i+1 < len(words) {
			next = words[i+1]
		}
		switch {
		case countRE.MatchString(w) && strings.HasPrefix(next, "touchpoint"):
			tps, _ = strconv.Atoi(w)
			i++
		case countRE.MatchString(w) && next == "pain":
			pains, _ = strconv.Atoi(w)
			i += 2
		case w == "mean":
			v, err := strconv.ParseFloat(next, 64)
			if err != nil {
				return 0, 0, 0, "", false
			}
			mean = v
			i++
		case w == "no" && next == "scores":
			i++
		case w == "–":
		default:
			letters += w
		}
	}
	return tps, mean, pains, letters, true
}

// TestTablePages: the sample, every example template and journeys with no
// cards, no owners and hundreds of cards print with the map, coverage and
// backlog pages: qpdf finds no error, the page count is the plan's, the
// coverage pages show every channel and owner and every cell's figures as
// model.Coverage has them, gaps marked where it finds some, and the backlog
// lists every card in model.Backlog's order.
func TestTablePages(t *testing.T) {
	dir := t.TempDir()
	for _, c := range pageCases(t) {
		o := opts(t, c.paper)
		if c.tile != "" {
			o.Tile = mustPaper(t, c.tile)
		}
		o.Pages = allPages
		path, res := writePDF(t, dir, c.name+".pdf", c.d, o)
		if check := tool(t, "qpdf", "--check", path); !strings.Contains(check, "No syntax or stream encoding errors found") {
			t.Errorf("%s: qpdf --check:\n%s", c.name, check)
		}
		pl := plannedSheets(t, c.d, o)
		mapPages := 1
		if c.tile != "" {
			mapPages = 1 + len(pl.tl.sheets)
		}
		want := mapPages + sheetCount(pl.sheets)
		info := tool(t, "pdfinfo", path)
		if !regexp.MustCompile(`Pages:\s+` + strconv.Itoa(want) + `\n`).MatchString(info) {
			t.Errorf("%s: pdfinfo does not count %d pages:\n%s", c.name, want, info)
		}
		if res.Pages != want {
			t.Errorf("%s: result says %d pages, want %d", c.name, res.Pages, want)
		}
		words := pdfWords(t, path)
		if len(words) != want {
			t.Fatalf("%s: pdftotext reads %d pages, want %d", c.name, len(words), want)
		}
		at := mapPages
		cov, back := pl.sheets[0], pl.sheets[1]
		if cov.page != PageCoverage || back.page != PageBacklog {
			t.Fatalf("%s: sheets in the wrong order", c.name)
		}
		for i := range cov.pages {
			w, h := pageSize(t, path, at+i+1)
			if math.Abs(w-cov.W) > 1 || math.Abs(h-cov.H) > 1 {
				t.Errorf("%s: coverage page %d is %.0f × %.0f, want %.0f × %.0f", c.name, i+1, w, h, cov.W, cov.H)
			}
		}
		checkCoverageText(t, c.name, c.d, cov, words[at:at+len(cov.pages)])
		at += len(cov.pages)
		checkBacklogText(t, c.name, c.d, back, words[at:at+len(back.pages)])
	}
}

// pageSize is the size of page n (1-based), points, from pdfinfo.
func pageSize(t *testing.T, path string, n int) (float64, float64) {
	t.Helper()
	out := tool(t, "pdfinfo", "-f", strconv.Itoa(n), "-l", strconv.Itoa(n), path)
	m := regexp.MustCompile(`Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo gives no size of page %d:\n%s", n, out)
	}
	w, _ := strconv.ParseFloat(m[1], 64)
	h, _ := strconv.ParseFloat(m[2], 64)
	return w, h
}

func checkCoverageText(t *testing.T, name string, d Doc, set *sheetSet, pages [][]pdfWord) {
	t.Helper()
	mats := map[model.CoverageBy]*model.CoverageMatrix{
		model.ByChannel: model.Coverage(d.Project, d.Journey, model.ByChannel),
		model.ByOwner:   model.Coverage(d.Project, d.Journey, model.ByOwner)}
	seen := map[[3]int]int{}
	heads := map[[2]int]bool{}
	for i, pg := range set.pages {
		if !strings.HasPrefix(pg.Title, "Coverage") {
			t.Errorf("%s: coverage page %d is titled %q", name, i+1, pg.Title)
		}
		all := strings.Join(wordsIn(pages[i], 0, 0, set.W, set.H), " ")
		if !strings.Contains(all, "Coverage") {
			t.Errorf("%s: coverage page %d has no title naming it", name, i+1)
		}
		for _, hd := range pg.Heads {
			mx := mats[hd.By]
			got := strings.Join(wordsInRect(pages[i], set.t, hd.Rect), " ")
			want := strings.Join(strings.Fields(mx.Rows[hd.Row]), " ")
			if got != want && !(strings.HasSuffix(got, "…") && strings.HasPrefix(want, strings.TrimSuffix(got, "…"))) {
				t.Errorf("%s: %s row %d reads %q, want %q", name, hd.By, hd.Row, got, want)
			}
			heads[[2]int{int(hd.By), hd.Row}] = true
		}
		for _, cell := range pg.Cells {
			mx := mats[cell.By]
			want := mx.Cells[cell.Row][cell.Stage]
			seen[[3]int{int(cell.By), cell.Row, cell.Stage}]++
			ws := wordsInRect(pages[i], set.t, cell.Rect)
			tps, mean, pains, letters, ok := cellFigures(ws)
			where := fmt.Sprintf("%s: %s %q × %q", name, cell.By, mx.Rows[cell.Row], mx.Stages[cell.Stage].Name)
			if !ok {
				t.Errorf("%s: unreadable cell %q", where, ws)
				continue
			}
			if tps != want.Touchpoints || pains != want.PainPoints {
				t.Errorf("%s: reads %d touchpoints, %d pain points (%q); the model has %d, %d", where, tps, pains, ws, want.Touchpoints, want.PainPoints)
			}
			switch {
			case want.Scored == 0 && !math.IsNaN(mean):
				t.Errorf("%s: a mean of %v with no scores", where, mean)
			case want.Scored > 0 && want.Touchpoints > 0 && math.Abs(mean-want.MeanEmotion) > 0.05+1e-9:
				t.Errorf("%s: mean %v, the model has %v", where, mean, want.MeanEmotion)
			}
			if (letters != "") != (len(want.Gaps) > 0) {
				t.Errorf("%s: gap letters %q, the model's gaps %q", where, letters, want.Gaps)
			}
		}
	}
	for by, mx := range mats {
		for r, row := range mx.Rows {
			if !heads[[2]int{int(by), r}] {
				t.Errorf("%s: %s %q is on no coverage page", name, by, row)
			}
			for s := range mx.Stages {
				if n := seen[[3]int{int(by), r, s}]; n != 1 {
					t.Errorf("%s: %s %q × stage %d printed %d times", name, by, row, s+1, n)
				}
			}
		}
		// The key explains every reason.
		var text []string
		for i := range pages {
			text = append(text, wordsIn(pages[i], 0, 0, set.W, set.H)...)
		}
		joined := strings.Join(text, " ")
		for _, g := range mx.Gaps() {
			if !strings.Contains(joined, g.Reason) {
				t.Errorf("%s: the key does not explain %q", name, g.Reason)
			}
		}
	}
}

func checkBacklogText(t *testing.T, name string, d Doc, set *sheetSet, pages [][]pdfWord) {
	t.Helper()
	items := model.Backlog(d.Journey)
	next := 0
	var text []string
	for i, pg := range set.pages {
		if pg.Title != "Backlog" {
			t.Errorf("%s: backlog page %d is titled %q", name, i+1, pg.Title)
		}
		text = append(text, wordsIn(pages[i], 0, 0, set.W, set.H)...)
		for _, it := range pg.Items {
			if it.Index != next {
				t.Fatalf("%s: backlog item %d where %d was due", name, it.Index, next)
			}
			next++
			ws := wordsInRect(pages[i], set.t, it.Rect)
			card := items[it.Index]
			title := strings.Fields(card.Card.Title)
			if len(title) > 3 {
				title = title[:3] // the start of the title: a long one ends in an ellipsis
			}
			if !hasInOrder(ws, title) {
				t.Errorf("%s: backlog row %d reads %q, want the title %q", name, it.Index, ws, card.Card.Title)
			}
			if card.Rank > 0 && (len(ws) == 0 || ws[0] != strconv.Itoa(card.Rank)) {
				t.Errorf("%s: backlog row %d does not begin with its rank %d: %q", name, it.Index, card.Rank, ws)
			}
		}
	}
	if next != len(items) {
		t.Errorf("%s: the backlog pages list %d of %d cards", name, next, len(items))
	}
	var want []string
	for _, it := range items {
		want = append(want, strings.Fields(it.Card.Title)[0])
	}
	if !hasInOrder(text, want) {
		t.Errorf("%s: the backlog's titles are not in model.Backlog's order", name)
	}
	joined := strings.Join(text, " ")
	rated := slices.IndexFunc(items, func(it model.BacklogItem) bool { return it.Rank == 0 })
	if rated >= 0 && !strings.Contains(joined, "Not rated yet") {
		t.Errorf("%s: unrated cards without their heading", name)
	}
	if len(items) == 0 && !strings.Contains(joined, "No pain points or opportunities") {
		t.Errorf("%s: an empty backlog does not say so", name)
	}
}

// TestBigBacklogPaginates: 300 backlog cards take several pages at the
// table's own text size, not one page of unreadable text.
func TestBigBacklogPaginates(t *testing.T) {
	p := bigJourney(t, 8, 5, 12, 600)
	if n := len(model.Backlog(p.Journeys[0])); n < 300 {
		t.Fatalf("only %d backlog cards", n)
	}
	d := docOf(t, p, nil)
	o := opts(t, "A4")
	o.Pages = []Page{PageBacklog}
	pl := plannedSheets(t, d, o)
	set := pl.sheets[0]
	if len(set.pages) < 5 {
		t.Errorf("300 cards on %d A4 pages", len(set.pages))
	}
	for i, pg := range set.pages {
		for _, tx := range pg.Texts {
			if size := float64(tx.Size) * set.t.S; size < ReadableSize {
				t.Fatalf("page %d: %q prints at %.1f pt", i+1, tx.Text.Text, size)
			}
			if tx.Y+tx.Size*1.35 > pg.Size.H+0.5 || tx.X < -0.5 {
				t.Fatalf("page %d: %q lies outside the page", i+1, tx.Text.Text)
			}
		}
		if i > 0 && !slices.ContainsFunc(pg.Texts, func(tx geometry.SheetText) bool { return tx.Text.Text == "Title" }) {
			t.Errorf("page %d repeats no header", i+1)
		}
	}
	path, res := writePDF(t, t.TempDir(), "backlog.pdf", d, o)
	if res.Pages != len(set.pages) {
		t.Errorf("%d pages, planned %d", res.Pages, len(set.pages))
	}
	if w, h := pageSize(t, path, 1); math.Abs(w-res.PageW) > 1 || math.Abs(h-res.PageH) > 1 {
		t.Errorf("a backlog alone prints on %.0f × %.0f, the result says %.0f × %.0f", w, h, res.PageW, res.PageH)
	}
}

// TestPagesInOrder: the pages print in the order asked, the map alone by
// default, and extra pages of a tiled poster on the tile paper.
func TestPagesInOrder(t *testing.T) {
	dir := t.TempDir()
	d := docOf(t, sample(t), nil)
	o := opts(t, "A2")
	o.Pages = []Page{PageBacklog, PageMap}
	path, res := writePDF(t, dir, "order.pdf", d, o)
	first := tool(t, "pdftotext", "-f", "1", "-l", "1", path, "-")
	if !strings.Contains(first, "Backlog") || strings.Contains(first, "Legend") {
		t.Errorf("page 1 is not the backlog:\n%s", first)
	}
	last := tool(t, "pdftotext", "-f", strconv.Itoa(res.Pages), "-l", strconv.Itoa(res.Pages), path, "-")
	if !strings.Contains(last, d.Layout.Stages[0].Name[0].Text) {
		t.Error("the map is not the last page")
	}
	o.Pages = nil
	_, res = writePDF(t, dir, "map.pdf", d, o)
	if res.Pages != 1 {
		t.Errorf("no pages asked: %d pages", res.Pages)
	}

	o = opts(t, "A0")
	o.Tile = mustPaper(t, "A4")
	o.Pages = []Page{PageMap, PageCoverage}
	var progress [2]int
	o.Progress = func(done, total int) {
		if done > total || done < progress[0] {
			t.Errorf("progress %d of %d after %d", done, total, progress[0])
		}
		progress = [2]int{done, total}
	}
	path, res = writePDF(t, dir, "tiled.pdf", d, o)
	if progress[0] != progress[1] {
		t.Errorf("progress ends at %d of %d", progress[0], progress[1])
	}
	if plan, err := painter(t).Plan(d, o); err != nil || plan.Pages != res.Pages {
		t.Errorf("Plan counts %v pages (%v), the PDF has %d", plan, err, res.Pages)
	}
	w, h := pageSize(t, path, res.Pages)
	a4 := mustPaper(t, "A4")
	if !(math.Abs(w-a4.W) < 1 && math.Abs(h-a4.H) < 1 || math.Abs(w-a4.H) < 1 && math.Abs(h-a4.W) < 1) {
		t.Errorf("the coverage page of a poster tiled on A4 is %.0f × %.0f", w, h)
	}
	if res.Pages != 1+len(res.Sheets)+sheetCount(plannedSheets(t, d, o).sheets) {
		t.Errorf("%d pages for %d tiles and the coverage", res.Pages, len(res.Sheets))
	}
}

// TestPagesOnlyPDF: PNG and SVG, one picture each, refuse the table pages
// in one sentence, and take the map.
func TestPagesOnlyPDF(t *testing.T) {
	d := docOf(t, sample(t), nil)
	o := opts(t, "A3")
	o.DPI = 20
	for _, pages := range [][]Page{{PageCoverage}, {PageMap, PageBacklog}} {
		o.Pages = pages
		if _, err := painter(t).WritePNG(context.Background(), &bytes.Buffer{}, d, o); err == nil || !strings.Contains(err.Error(), "only in a PDF") {
			t.Errorf("PNG with %v: %v", pages, err)
		}
		if _, err := painter(t).WriteSVG(context.Background(), &bytes.Buffer{}, d, o); err == nil || !strings.Contains(err.Error(), "only in a PDF") {
			t.Errorf("SVG with %v: %v", pages, err)
		}
	}
	o.Pages = []Page{PageMap}
	if _, err := painter(t).WritePNG(context.Background(), &bytes.Buffer{}, d, o); err != nil {
		t.Errorf("PNG of the map: %v", err)
	}
	for _, bad := range [][]Page{{"legend"}, {PageMap, PageMap}} {
		o.Pages = bad
		if err := o.Check(); err == nil {
			t.Errorf("pages %v accepted", bad)
		}
	}
}

// TestPagesSameBytes: the same journey and options give the same PDF.
func TestPagesSameBytes(t *testing.T) {
	d := docOf(t, bigJourney(t, 12, 20, 9, 200), nil)
	o := opts(t, "A3")
	o.Pages = allPages
	var a, b bytes.Buffer
	if _, err := painter(t).WritePDF(context.Background(), &a, d, o); err != nil {
		t.Fatal(err)
	}
	if _, err := painter(t).WritePDF(context.Background(), &b, d, o); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two exports of the same pages differ")
	}
}

// TestGapsReadInGrey: rendered in greyscale, a gap cell is clearly darker
// than an empty cell beside it, so the marks survive a black-and-white
// printer.
func TestGapsReadInGrey(t *testing.T) {
	d := docOf(t, sample(t), nil)
	o := opts(t, "A3")
	o.Pages = []Page{PageCoverage}
	pl := plannedSheets(t, d, o)
	set := pl.sheets[0]
	dir := t.TempDir()
	path, _ := writePDF(t, dir, "cov.pdf", d, o)
	const dpi = 50
	tool(t, "pdftoppm", "-r", strconv.Itoa(dpi), "-gray", "-png", "-f", "1", "-l", "1", path, filepath.Join(dir, "g"))
	files, _ := filepath.Glob(filepath.Join(dir, "g*.png"))
	if len(files) != 1 {
		t.Fatalf("pdftoppm made %v", files)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	mean := func(r geometry.Rect) float64 {
		x, y, w, h := set.t.Rect(r)
		k := float64(dpi) / Inch
		box := image.Rect(int(x*k)+2, int(y*k)+2, int((x+w)*k)-2, int((y+h)*k)-2)
		sum, n := 0.0, 0
		for py := box.Min.Y; py < box.Max.Y; py++ {
			for px := box.Min.X; px < box.Max.X; px++ {
				r, _, _, _ := img.At(px, py).RGBA()
				sum += float64(r >> 8)
				n++
			}
		}
		return sum / float64(max(n, 1))
	}
	var gap, plain []float64
	for _, c := range set.pages[0].Cells {
		mx := model.Coverage(d.Project, d.Journey, c.By)
		cell := mx.Cells[c.Row][c.Stage]
		switch {
		case len(c.Letters) > 0:
			gap = append(gap, mean(c.Rect))
		case cell.Touchpoints == 0:
			plain = append(plain, mean(c.Rect))
		}
	}
	if len(gap) == 0 || len(plain) == 0 {
		t.Fatalf("%d gap cells, %d empty ones", len(gap), len(plain))
	}
	lightestGap := slices.Max(gap)
	darkestPlain := slices.Min(plain)
	if lightestGap > darkestPlain-12 {
		t.Errorf("in grey, the lightest gap cell (%.0f) is not clearly darker than the empty cells (%.0f)", lightestGap, darkestPlain)
	}
}

// TestPagesThroughLens: a poster made through a lens counts, on its table
// pages, only the cards the lens shows, and says which lens.
func TestPagesThroughLens(t *testing.T) {
	p := sample(t)
	j := p.Journeys[0]
	lens := &model.Lens{Name: "Web only", Channels: []string{"web"}}
	lo := geometry.NewLayouter(geometry.DefaultStyle, painter(t).Metrics())
	lo.Lens = lens
	d := Doc{Project: p, Journey: j, Layout: lo.Layout(p, j)}
	o := opts(t, "A3")
	o.Pages = []Page{PageCoverage, PageBacklog}
	path, _ := writePDF(t, t.TempDir(), "lens.pdf", d, o)
	pl := plannedSheets(t, d, o)
	words := pdfWords(t, path)

	shown, _ := lensed(d)
	if len(shown.Touchpoints) == 0 || len(shown.Touchpoints) == len(j.Touchpoints) {
		t.Fatalf("the lens shows %d of %d cards", len(shown.Touchpoints), len(j.Touchpoints))
	}
	lensDoc := d
	lensDoc.Journey = shown
	cov, back := pl.sheets[0], pl.sheets[1]
	checkCoverageText(t, "lens", lensDoc, cov, words[:len(cov.pages)])
	checkBacklogText(t, "lens", lensDoc, back, words[len(cov.pages):])
	mx := model.Coverage(p, shown, model.ByChannel)
	if len(mx.Rows) != 1 || !strings.EqualFold(mx.Rows[0], "web") {
		t.Errorf("through the lens the channels are %q", mx.Rows)
	}
	all := strings.Join(wordsIn(words[len(cov.pages)], 0, 0, back.W, back.H), " ")
	if !strings.Contains(all, "through the lens: channel web") {
		t.Error("the backlog page does not say which lens it is counted through")
	}
	inLens := map[*model.Touchpoint]bool{}
	for _, tp := range shown.Touchpoints {
		inLens[tp] = true
	}
	for _, it := range model.Backlog(j) {
		if !inLens[it.Card] && strings.Contains(all, strings.Join(strings.Fields(it.Card.Title), " ")) {
			t.Errorf("%q is outside the lens but on the backlog page", it.Card.Title)
		}
	}
}

// BenchmarkTablePages prints the coverage and backlog pages of 640 cards
// (about 400 in the backlog) on A4.
func BenchmarkTablePages(b *testing.B) {
	d := docOf(b, bigJourney(b, 30, 90, 40, 640), nil)
	o := opts(b, "A4")
	o.Pages = []Page{PageCoverage, PageBacklog}
	for b.Loop() {
		if _, err := painter(b).WritePDF(context.Background(), io.Discard, d, o); err != nil {
			b.Fatal(err)
		}
	}
}
