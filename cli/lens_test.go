package cli

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"waymark/assets"
	"waymark/model"
	"waymark/storage"
)

// pdfWords is the text of a PDF as pdftotext reads it, runs of white space
// as one space, once qpdf has found no fault in it.
func pdfWords(t *testing.T, pdf string) string {
	t.Helper()
	if c := toolOut(t, "qpdf", "--check", pdf); !strings.Contains(c, "No syntax or stream encoding errors found") {
		t.Errorf("qpdf %s: %s", filepath.Base(pdf), c)
	}
	return " " + strings.Join(strings.Fields(toolOut(t, "pdftotext", "-enc", "UTF-8", pdf, "-")), " ") + " "
}

// words is s with runs of white space as one space.
func words(s string) string { return strings.Join(strings.Fields(s), " ") }

// printedTitles is which card titles of journey j a poster's text holds.
// A title counts as printed when the text holds it more often than the
// background does (a poster of the same journey through a lens that shows
// no card: its stage names, notes and legend), plus its occurrences within
// the other titles printed: so a card "Apply" is told from the stage
// "Apply" and from a card "Apply online". Titles are compared as the
// poster wraps them, lines joined by a space.
func printedTitles(j *model.Journey, text, background string, cards []*model.Touchpoint) []string {
	var titles []string
	for _, t := range cards {
		titles = append(titles, words(t.Title))
	}
	slices.Sort(titles)
	titles = slices.Compact(titles)
	// Longest first: the occurrences of a title inside a longer one
	// printed are known before the title itself is judged.
	sort.SliceStable(titles, func(a, b int) bool { return len(titles[a]) > len(titles[b]) })
	var printed []string
	for _, title := range titles {
		n := strings.Count(text, title) - strings.Count(background, title)
		for _, other := range printed {
			n -= strings.Count(other, title)
		}
		if n > 0 {
			printed = append(printed, title)
		}
	}
	sort.Strings(printed)
	return printed
}

// lensTitles is the titles of the cards of j (in visible lanes) that lens
// shows, as printedTitles gives them.
func lensTitles(j *model.Journey, lens *model.Lens) []string {
	visible := map[model.ID]bool{}
	for _, l := range j.Lanes {
		visible[l.ID] = !l.Hidden
	}
	m := lens.Match()
	var out []string
	for _, t := range j.Touchpoints {
		if visible[t.LaneID] && m.Shows(t) && !slices.Contains(out, words(t.Title)) {
			out = append(out, words(t.Title))
		}
	}
	sort.Strings(out)
	return out
}

// visibleCards is j's cards in visible lanes.
func visibleCards(j *model.Journey) []*model.Touchpoint {
	visible := map[model.ID]bool{}
	for _, l := range j.Lanes {
		visible[l.ID] = !l.Hidden
	}
	var out []*model.Touchpoint
	for _, t := range j.Touchpoints {
		if visible[t.LaneID] {
			out = append(out, t)
		}
	}
	return out
}

// exportPDF runs the export verb to a PDF in dir and returns the PDF's
// path and what the verb said.
func exportPDF(t *testing.T, in, name string, args ...string) (string, string) {
	t.Helper()
	out := filepath.Join(filepath.Dir(in), name)
	code, stdout, errs := run(t, append([]string{"export", in, "--format", "pdf", "--paper", "A1", "-o", out}, args...)...)
	if code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, errs)
	}
	return out, stdout
}

// lensProject writes the sample with saved lenses: "Mobile app only" (a
// channel) and "Unvalidated assumptions" (cards of assumption or no
// evidence, the others hidden).
func lensProject(t *testing.T, dir string) (string, *model.Project) {
	t.Helper()
	p := assets.Sample()
	j := p.Journeys[0]
	j.Lenses = nil // the sample's own; these are the test's
	h := model.NewHistory(p, nil)
	for _, l := range []*model.Lens{
		{Name: "Mobile app only", Channels: []string{"Mobile app"}},
		{Name: "Unvalidated assumptions", Confidence: []model.Confidence{model.Assumption, model.NoConfidence}, Hide: true},
	} {
		if err := h.Do(&model.SaveLens{Journey: j.ID, Lens: l}); err != nil {
			t.Fatal(err)
		}
	}
	in := filepath.Join(dir, "lenses.cjm")
	if err := storage.WriteNew(context.Background(), p, in); err != nil {
		t.Fatal(err)
	}
	back, err := storage.Check(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return in, back
}

// needSaved fails a test of saved lenses when the file did not keep them
// (read back, j has not both).
func needSaved(t *testing.T, j *model.Journey) {
	t.Helper()
	if len(j.Lenses) != 2 {
		t.Fatalf("the saved lenses did not survive the file: %d of 2 read back", len(j.Lenses))
	}
}

// TestExportLensTitles: a poster printed through a lens holds exactly the
// titles of the cards the lens shows, whether the others are left out
// (--hide) or printed as blank outlines; by ad-hoc filters, by a saved
// lens, and by both together.
func TestExportLensTitles(t *testing.T) {
	needTool(t, "pdftotext")
	needTool(t, "qpdf")
	dir := t.TempDir()
	in, p := lensProject(t, dir)
	j := p.Journeys[0]
	cards := visibleCards(j)

	bgPDF, _ := exportPDF(t, in, "background.pdf", "--channel", "no such channel")
	background := pdfWords(t, bgPDF)
	plainPDF, _ := exportPDF(t, in, "plain.pdf")
	plain := pdfWords(t, plainPDF)
	if got, want := printedTitles(j, plain, background, cards), lensTitles(j, nil); !slices.Equal(got, want) {
		t.Fatalf("without a lens the poster prints %d titles, want all %d: missing %v", len(got), len(want), missing(want, got))
	}

	for _, tc := range []struct {
		name string
		args []string
		lens model.Lens // what the arguments should amount to
		hide bool
	}{
		{"channel", []string{"--channel", "web"}, model.Lens{Channels: []string{"web"}}, false},
		{"channel hidden", []string{"--channel", "WEB", "--hide"}, model.Lens{Channels: []string{"web"}}, true},
		{"two channels and a flag", []string{"--channel", "web", "--channel", "Mobile app", "--flag", "pain-point"},
			model.Lens{Channels: []string{"web", "Mobile app"}, Flags: []model.Flag{model.FlagPainPoint}}, false},
		{"owner and confidence hidden", []string{"--confidence", "assumption", "--confidence", "none", "--owner", "Digital acquisition", "--hide"},
			model.Lens{Owners: []string{"Digital Acquisition"}, Confidence: []model.Confidence{model.Assumption, model.NoConfidence}}, true},
		{"saved lens", []string{"--lens", "mobile APP only"}, model.Lens{Channels: []string{"Mobile app"}}, false},
		{"saved lens hidden", []string{"--lens", "Mobile app only", "--hide"}, model.Lens{Channels: []string{"Mobile app"}}, true},
		{"saved lens that hides", []string{"--lens", "unvalidated ASSUMPTIONS"},
			model.Lens{Confidence: []model.Confidence{model.Assumption, model.NoConfidence}}, true},
		{"saved lens and more", []string{"--lens", "Mobile app only", "--channel", "web", "--persona", "zoe muller"},
			model.Lens{Channels: []string{"Mobile app", "web"}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if slices.Contains(tc.args, "--lens") {
				needSaved(t, j)
			}
			want := lensTitles(j, &tc.lens)
			if len(want) == 0 || len(want) == len(lensTitles(j, nil)) {
				t.Fatalf("the lens shows %d of the sample's cards: it tests nothing", len(want))
			}
			pdf, stdout := exportPDF(t, in, strings.ReplaceAll(tc.name, " ", "-")+".pdf", tc.args...)
			got := printedTitles(j, pdfWords(t, pdf), background, cards)
			if !slices.Equal(got, want) {
				t.Errorf("the poster prints %d titles, the lens shows %d: printed but not shown %v, shown but not printed %v",
					len(got), len(want), missing(got, want), missing(want, got))
			}
			t.Logf("%d of %d titles printed", len(got), len(lensTitles(j, nil)))
			if (strings.Contains(stdout, "left out")) != tc.hide || !strings.Contains(stdout, "through the lens") {
				t.Errorf("stdout %q", stdout)
			}
		})
	}
}

// missing is what of a is not in b.
func missing(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// TestExportLensPersona: --persona by name ignoring case and accents, or
// by ID, prints that persona's curve alone; the legend of the map's emotion
// lane names that persona only.
func TestExportLensPersona(t *testing.T) {
	needTool(t, "pdftotext")
	dir := t.TempDir()
	in, p := lensProject(t, dir)
	graham := p.Journeys[0].PersonaIDs[1]
	for _, who := range []string{"ZOE MÜLLER", "zoe muller", string(p.Journeys[0].PersonaIDs[0])} {
		_, stdout := exportPDF(t, in, "zoe.pdf", "--persona", who)
		if !strings.Contains(stdout, "persona Zoë Müller") {
			t.Errorf("--persona %q: stdout %q", who, stdout)
		}
	}
	_, stdout := exportPDF(t, in, "graham.pdf", "--persona", string(graham), "--channel", "web", "--hide")
	if !strings.Contains(stdout, "persona Graham Fletcher") || !strings.Contains(stdout, "left out") {
		t.Errorf("stdout %q", stdout)
	}
}

// TestExportLensPages: --pages puts the coverage and backlog pages after
// the map in a PDF; a PNG or an SVG takes the map alone.
func TestExportLensPages(t *testing.T) {
	needTool(t, "pdfinfo")
	dir := t.TempDir()
	in := sampleFile(t, dir)
	one, _ := exportPDF(t, in, "map.pdf", "--pages", "map")
	three, _ := exportPDF(t, in, "three.pdf", "--pages", "map, coverage,BACKLOG", "--channel", "web")
	if !strings.Contains(toolOut(t, "pdfinfo", one), "Pages:           1\n") {
		t.Errorf("--pages map: %s", toolOut(t, "pdfinfo", one))
	}
	if info := toolOut(t, "pdfinfo", three); strings.Contains(info, "Pages:           1\n") {
		t.Errorf("--pages map,coverage,backlog printed one page: %s", info)
	}
	png := filepath.Join(dir, "map.png")
	if code, _, errs := run(t, "export", in, "--pages", "map", "--channel", "web", "--dpi", "20", "-o", png); code != 0 {
		t.Errorf("png of the map through a lens: exit %d: %s", code, errs)
	}
}

// TestExportLensBadInput: an unknown lens or persona, a bad flag,
// confidence or page, a lens option on a text export, --hide without a
// filter: exit 2, one line saying what is wrong (and the usage), nothing
// written.
func TestExportLensBadInput(t *testing.T) {
	dir := t.TempDir()
	in, _ := lensProject(t, dir)
	// A journey without saved lenses.
	p := assets.Sample()
	p.Journeys[0].Lenses = nil
	plain := filepath.Join(dir, "plain.cjm")
	if err := storage.WriteNew(context.Background(), p, plain); err != nil {
		t.Fatal(err)
	}
	p = assets.Sample()
	p.Personas = append(p.Personas, &model.Persona{ID: "twin", Name: "Zoe Muller"})
	p.Journeys[0].PersonaIDs = append(p.Journeys[0].PersonaIDs, "twin")
	twins := filepath.Join(dir, "twins.cjm")
	if err := storage.WriteNew(context.Background(), p, twins); err != nil {
		t.Fatal(err)
	}
	before := dirEntries(t, dir)
	type refusal struct {
		in   string
		args []string
		says string
	}
	refusals := []refusal{}
	if saved, _ := storage.Check(context.Background(), in); len(saved.Journeys[0].Lenses) == 2 {
		refusals = append(refusals, refusal{in, []string{"--lens", "Backstage owners"},
			`--lens "Backstage owners" is not a saved lens of journey "Opening a current account online"; it has "Mobile app only", "Unvalidated assumptions"`})
	} else {
		t.Error("the saved lenses did not survive the file: an unknown lens among saved ones is not tested")
	}
	for _, tc := range append(refusals, []refusal{
		{plain, []string{"--lens", "Mobile app only"}, `--lens "Mobile app only": journey "Opening a current account online" has no saved lens`},
		{in, []string{"--persona", "Nobody"}, `--persona "Nobody" is not a persona of journey "Opening a current account online"; it has "Zoë Müller", "Graham Fletcher"`},
		{twins, []string{"--persona", "zoë müller"}, `--persona "zoë müller" names 2 personas of journey "Opening a current account online"; give one's ID: `},
		{in, []string{"--flag", "pain"}, `--flag: "pain" is not a flag: use pain-point, opportunity or moment-of-truth`},
		{in, []string{"--confidence", "certain"}, `--confidence: "certain" is not a confidence: use assumption, anecdotal, validated or none`},
		{in, []string{"--channel", " "}, `invalid value " " for flag -channel: needs a value`},
		{in, []string{"--pages", "map,legend"}, `--pages: "legend" is not a page: use map, coverage, backlog or changes, separated by commas`},
		{in, []string{"--pages", "map,map"}, `--pages: page "map" is listed twice`},
		{in, []string{"--hide"}, `--hide leaves out the cards a filter leaves out`},
		{in, []string{"--lens", " "}, `--lens needs the name of a saved lens`},
		{in, []string{"--persona", ""}, `--persona needs a persona's name or ID`},
		{in, []string{"--persona", "Graham Fletcher", "--hide"}, `--hide leaves out the cards a filter leaves out`},
	}...) {
		out := filepath.Join(dir, "out.pdf")
		code, stdout, errs := run(t, append([]string{"export", tc.in, "-o", out}, tc.args...)...)
		lines := strings.Split(strings.TrimSuffix(errs, "\n"), "\n")
		if code != ExitUsage || stdout != "" || len(lines) != 2 || !strings.HasPrefix(lines[0], "waymark export: "+tc.says) ||
			!strings.HasPrefix(lines[1], "usage: waymark export ") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2 and %q", tc.args, code, stdout, errs, tc.says)
		}
	}
	for _, tc := range []struct {
		format string
		args   []string
		says   string
	}{
		{"png", []string{"--pages", "map,coverage"}, "--pages map,coverage: a png is one picture of the map; the coverage and backlog pages print in a pdf"},
		{"svg", []string{"--pages", "backlog"}, "--pages backlog: a svg is one picture of the map"},
		{"csv", []string{"--channel", "web"}, "--channel applies to pdf, png and svg posters; a csv export holds the whole journey"},
		{"mermaid", []string{"--lens", "Mobile app only"}, "--lens applies to pdf, png and svg posters; a mermaid export holds the whole journey"},
		{"json", []string{"--hide"}, "--hide applies to pdf, png and svg posters; a json export holds the whole journey"},
		{"md", []string{"--pages", "map"}, "--pages applies to pdf, png and svg posters; a md export holds the whole journey"},
	} {
		out := filepath.Join(dir, "out."+tc.format)
		code, stdout, errs := run(t, append([]string{"export", in, "--format", tc.format, "-o", out}, tc.args...)...)
		if first, _, _ := strings.Cut(errs, "\n"); code != ExitUsage || stdout != "" || !strings.HasPrefix(first, "waymark export: "+tc.says) {
			t.Errorf("%s %v: exit %d, stdout %q, stderr %q; want 2 and %q", tc.format, tc.args, code, stdout, errs, tc.says)
		}
	}
	if after := dirEntries(t, dir); !slices.Equal(after, before) {
		t.Errorf("refused exports changed the folder: %v, then %v", before, after)
	}
	if _, err := os.Stat(filepath.Join(dir, "out.pdf")); err == nil {
		t.Error("a refused export wrote its output")
	}
}

// TestExportLensNoCard: a lens no card passes still prints (the map's
// stages and lanes, every card a blank outline), with a warning.
func TestExportLensNoCard(t *testing.T) {
	dir := t.TempDir()
	in := sampleFile(t, dir)
	out := filepath.Join(dir, "none.svg")
	code, stdout, errs := run(t, "export", in, "--format", "svg", "--tag", "no such tag", "-o", out)
	if code != 0 || !strings.Contains(errs, `waymark export: warning: no card of journey "Opening a current account online" passes the lens (tag no such tag)`) ||
		!strings.Contains(stdout, "0 of ") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, errs)
	}
	if data, err := os.ReadFile(out); err != nil || !strings.Contains(string(data), ">Verify identity</text>") {
		t.Errorf("the svg of no card lacks the stages: %v", err)
	}
}

// TestExportLensCombines: the options given add to the saved lens named
// (values of one kind are alternatives, kinds combine), --persona takes
// the saved persona's place and --hide hides; without any, no lens.
func TestExportLensCombines(t *testing.T) {
	p := assets.Sample()
	j := p.Journeys[0]
	zoe, graham := j.PersonaIDs[0], j.PersonaIDs[1]
	j.Lenses = []*model.Lens{{Name: "Mobile app only", Channels: []string{"Mobile app"}, Persona: zoe}}
	for _, tc := range []struct {
		args []string
		want *model.Lens
	}{
		{nil, nil},
		{[]string{"--lens", "MOBILE APP ONLY"}, j.Lenses[0]},
		{[]string{"--lens", "mobile app only", "--channel", "web", "--channel", "mobile APP", "--flag", "Pain point", "--hide"},
			&model.Lens{Name: "Mobile app only", Channels: []string{"Mobile app", "web"}, Flags: []model.Flag{model.FlagPainPoint}, Persona: zoe, Hide: true}},
		{[]string{"--lens", "Mobile app only", "--persona", "graham fletcher"},
			&model.Lens{Name: "Mobile app only", Channels: []string{"Mobile app"}, Persona: graham}},
		{[]string{"--owner", "Marketing", "--tag", "trust", "--confidence", "NONE", "--confidence", "assumption", "--flag", "opportunity", "--flag", "opportunity"},
			&model.Lens{Owners: []string{"Marketing"}, Tags: []string{"trust"}, Confidence: []model.Confidence{model.NoConfidence, model.Assumption},
				Flags: []model.Flag{model.FlagOpportunity}}},
		{[]string{"--persona", string(graham)}, &model.Lens{Persona: graham}},
	} {
		fs := flags("export")
		e := lensFlags(fs)
		if err := fs.Parse(tc.args); err != nil {
			t.Fatal(err)
		}
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		if err := e.check(set); err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		got, err := e.lens(p, j)
		if err != nil || (got == nil) != (tc.want == nil) || got != nil && (got.Name != tc.want.Name || !got.SameView(tc.want)) {
			t.Errorf("%v: %+v, %v; want %+v", tc.args, got, err, tc.want)
		}
		if got != nil && got == j.Lenses[0] {
			t.Errorf("%v: the saved lens itself, not a copy", tc.args)
		}
	}
	if !slices.Equal(j.Lenses[0].Channels, []string{"Mobile app"}) || j.Lenses[0].Hide || j.Lenses[0].Persona != zoe {
		t.Errorf("the saved lens was changed: %+v", j.Lenses[0])
	}
}
