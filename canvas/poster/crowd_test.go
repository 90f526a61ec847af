package poster

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"waymark/model"
)

// crowdProject is the sample's first journey with n personas more (fewer if
// the project would then hold more than it may), each scoring one of its
// cards: a cast no legend can list in full.
func crowdProject(tb testing.TB, n int) *model.Project {
	tb.Helper()
	p := sample(tb)
	j := p.Journeys[0]
	var scored []*model.Touchpoint
	for _, t := range j.Touchpoints {
		if len(t.Emotions) > 0 {
			scored = append(scored, t)
		}
	}
	n = min(n, model.MaxPersonas-len(p.Personas))
	for i := 0; i < n; i++ {
		x := &model.Persona{ID: model.ID(fmt.Sprintf("crowd-%05d", i)), Name: fmt.Sprintf("Customer %d", i+1),
			Role: "One of many", Quote: "Where is my card?"}
		p.Personas = append(p.Personas, x)
		j.PersonaIDs = append(j.PersonaIDs, x.ID)
		if len(scored) > 0 {
			scored[i%len(scored)].Emotions[x.ID] = i%3 - 1
		}
	}
	if err := p.Validate(); err != nil {
		tb.Fatal(err)
	}
	return p
}

// TestCrowdedPoster: a journey drawn for 150, 1,000 or 10,000 personas
// prints on A0 and on A4. The title block and the legend keep to the page,
// name what fits and count the rest; the PDF reads back with the counts in
// it; any paper advice names a paper and sheets the options accept, and
// following it prints the map readably.
func TestCrowdedPoster(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{150, 1000, 10_000} {
		p := crowdProject(t, n)
		d := docOf(t, p, nil)
		total := len(p.Journeys[0].PersonaIDs)
		for _, paper := range []string{"A0", "A4"} {
			name := fmt.Sprintf("%d personas on %s", n, paper)
			o := opts(t, paper)
			path, res := writePDF(t, dir, fmt.Sprintf("crowd-%d-%s.pdf", n, paper), d, o)
			dd, oo := d, o
			_, c, _, _, err := painter(t).plan(&dd, &oo)
			if err != nil {
				t.Fatal(err)
			}
			// The title block: what fits, then the count of the rest.
			var want []string
			if c.shown >= total || c.shown < 1 {
				t.Errorf("%s: the title block summarises %d of %d personas", name, c.shown, total)
			} else {
				want = append(want, moreText(total-c.shown, "personas"))
			}
			// The legend: within the width, the rest counted.
			for b := 0; b < c.legendBands; b++ {
				used := 0.0
				for _, s := range c.sections {
					if s.band == b {
						used += float64(s.cols) * s.colW
					}
				}
				if used > c.cw+0.01 {
					t.Errorf("%s: legend band %d is %.0f pt wide, the page's content %.0f pt", name, b, used, c.cw)
				}
			}
			for _, s := range c.sections {
				if s.title != "Emotion curves" {
					continue
				}
				last := s.items[len(s.items)-1]
				if last.icon != iconMore || len(s.items) > s.cols*c.legendRows {
					t.Errorf("%s: the curves' legend lists %d items in %d columns, the last %q", name, len(s.items), s.cols, last.label)
					continue
				}
				want = append(want, moreText(total-(len(s.items)-1), "personas"))
			}
			if c.legendY+c.legendH > c.H-c.m+0.01 || c.availH < 0.3*c.H {
				t.Errorf("%s: the legend (%.0f pt) and title block leave the map %.0f of %.0f pt", name, c.legendH, c.availH, c.H)
			}
			x, y, mw, mh := res.Map.Rect(d.Layout.Size)
			if x < o.Margin-0.01 || y < o.Margin-0.01 || x+mw > res.PageW-o.Margin+0.01 || y+mh > res.PageH-o.Margin+0.01 {
				t.Errorf("%s: the map leaves the margins", name)
			}
			text := strings.Join(strings.Fields(tool(t, "pdftotext", path, "-")), " ")
			for _, w := range append(want, "Customer 1", "Emotion curves") {
				if !strings.Contains(text, w) {
					t.Errorf("%s: the PDF does not say %q", name, w)
				}
			}
			if !strings.Contains(tool(t, "qpdf", "--check", path), "No syntax or stream encoding errors found") {
				t.Errorf("%s: qpdf finds errors", name)
			}
			for _, w := range res.Warnings {
				checkAdvice(t, name, d, w)
			}
		}
	}
}

// checkAdvice: a paper a warning advises parses, passes the options' check
// with the sheets it advises, and prints the map readably.
func checkAdvice(t *testing.T, name string, d Doc, w string) {
	t.Helper()
	m := regexp.MustCompile(`paper (\d+x\d+mm)\), tiled over ([\d,]+) (\S+) sheets`).FindStringSubmatch(w)
	if m == nil {
		if strings.Contains(w, "paper ") && strings.Contains(w, "mm)") {
			t.Errorf("%s: advice without sheets the check accepts: %q", name, w)
		}
		return
	}
	o := opts(t, "")
	var err error
	if o.Paper, err = ParsePaper(m[1]); err != nil {
		t.Errorf("%s: the advised paper is refused: %v", name, err)
		return
	}
	if o.Tile, err = ParsePaper(m[3]); err != nil {
		t.Errorf("%s: the advised sheets are refused: %v", name, err)
		return
	}
	if err := o.Check(); err != nil {
		t.Errorf("%s: the advice %q fails the check: %v", name, w, err)
		return
	}
	if got := thousands(o.sheetCount()); got != m[2] {
		t.Errorf("%s: the advice says %s sheets, the tiling takes %s", name, m[2], got)
	}
	res, err := painter(t).Plan(d, o)
	if err != nil || res.MinText < ReadableSize || len(res.Warnings) != 0 {
		t.Errorf("%s: on the advised %s: %v, %.1f pt, %q", name, m[1], err, res.MinText, res.Warnings)
	}
}

// TestAdviceWithinPaper: a map no paper prints readably gets advice that
// names no paper ParsePaper refuses.
func TestAdviceWithinPaper(t *testing.T) {
	p := &model.Project{ID: "p", Name: "Long", Scale: model.ScaleBipolar2}
	j := &model.Journey{ID: "j", Title: "Two thousand stages", Lanes: []*model.Lane{{ID: "l", Name: "Actions", Kind: model.LaneActions}}}
	p.Journeys = []*model.Journey{j}
	for i := 0; i < 2000; i++ {
		j.Stages = append(j.Stages, &model.Stage{ID: model.ID(fmt.Sprint("s", i)), Name: fmt.Sprint("Stage ", i+1)})
	}
	j.Touchpoints = []*model.Touchpoint{{ID: "t", StageID: "s0", LaneID: "l", Title: "The only card", Channel: "Web"}}
	d := docOf(t, p, nil)
	for _, paper := range []string{"A0", "A4", "20000x20000mm"} {
		res, err := painter(t).Plan(d, opts(t, paper))
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "larger than the 20 × 20 m Waymark prints") {
			t.Errorf("%s: %q", paper, res.Warnings)
			continue
		}
		for _, m := range regexp.MustCompile(`(\d+)x(\d+)mm`).FindAllString(res.Warnings[0], -1) {
			if _, err := ParsePaper(m); err != nil {
				t.Errorf("%s: the warning advises %s: %v", paper, m, err)
			}
		}
	}
}
