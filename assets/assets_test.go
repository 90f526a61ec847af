package assets

import (
	"bytes"
	"fmt"
	"image/png"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"waymark/model"
)

func mustNew(t *testing.T, name string) *model.Project {
	t.Helper()
	p, err := NewProject(name)
	if err != nil {
		t.Fatalf("NewProject(%q): %v", name, err)
	}
	if err := p.Validate(); err != nil {
		t.Fatalf("NewProject(%q) does not validate: %v", name, err)
	}
	return p
}

func TestTemplatesMenuOrder(t *testing.T) {
	var names []string
	for _, tpl := range Templates() {
		names = append(names, tpl.Name)
		if tpl.Title == "" || tpl.Description == "" {
			t.Errorf("template %q has no title or description", tpl.Name)
		}
	}
	want := []string{"blank", "lifecycle", "lifecycle-example", "saas-onboarding", "saas-onboarding-example",
		"ecommerce", "ecommerce-example", "blueprint", "blueprint-example", "b2b-procurement", "b2b-procurement-example",
		"patient", "patient-example", "sample"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("Templates() = %v, want %v", names, want)
	}
	Templates()[0].Name = "changed"
	if Templates()[0].Name != "blank" {
		t.Error("Templates() returns the package's own slice")
	}
}

// Every template file is exactly what model.EncodeJSON writes, so that it can
// be edited in Waymark and exported back. Fix with
// `go run assets/internal/fmttemplates.go`.
func TestTemplateFilesAreCanonical(t *testing.T) {
	entries, err := templateFS.ReadDir("templates")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(Templates()) {
		t.Errorf("%d template files for %d templates", len(entries), len(Templates()))
	}
	for _, tpl := range Templates() {
		data, err := templateFS.ReadFile("templates/" + tpl.Name + ".json")
		if err != nil {
			t.Fatal(err)
		}
		p, err := model.DecodeJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s.json: %v", tpl.Name, err)
		}
		out, err := model.EncodeJSON(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out, data) {
			t.Errorf("%s.json is not in canonical form; run: go run assets/internal/fmttemplates.go", tpl.Name)
		}
	}
}

func stageNames(j *model.Journey) []string {
	var s []string
	for _, x := range j.Stages {
		s = append(s, x.Name)
	}
	return s
}

type laneSpec struct {
	name string
	kind model.LaneKind
}

func lanes(j *model.Journey) []laneSpec {
	var s []laneSpec
	for _, l := range j.Lanes {
		s = append(s, laneSpec{l.Name, l.Kind})
	}
	return s
}

func TestBlank(t *testing.T) {
	p := mustNew(t, "blank")
	if len(p.Journeys) != 1 || len(p.Personas) != 1 || p.Personas[0].Name != "Primary persona" {
		t.Fatalf("want one journey and one persona \"Primary persona\", got %d and %d", len(p.Journeys), len(p.Personas))
	}
	j := p.Journeys[0]
	if j.Title != "Untitled journey" {
		t.Errorf("title %q", j.Title)
	}
	if got, want := stageNames(j), []string{"Stage 1", "Stage 2", "Stage 3"}; !reflect.DeepEqual(got, want) {
		t.Errorf("stages %v, want %v", got, want)
	}
	want := []laneSpec{{"Actions", model.LaneActions}, {"Thoughts", model.LaneThoughts}, {"Emotions", model.LaneEmotions},
		{"Pain points", model.LanePainPoints}, {"Opportunities", model.LaneOpportunities}}
	if got := lanes(j); !reflect.DeepEqual(got, want) {
		t.Errorf("lanes %v, want %v", got, want)
	}
	if len(j.Touchpoints) != 0 || !j.HasPersona(p.Personas[0].ID) {
		t.Error("blank journey should be empty and drawn for its persona")
	}
	if p.Scale != model.DefaultScale {
		t.Errorf("scale %v", p.Scale)
	}
}

func TestLifecycle(t *testing.T) {
	p := mustNew(t, "lifecycle")
	if len(p.Journeys) != 1 || len(p.Personas) != 1 {
		t.Fatalf("want one journey and one persona")
	}
	j := p.Journeys[0]
	want := []string{"Awareness", "Consideration", "Purchase", "Onboarding", "Usage", "Loyalty & advocacy"}
	if got := stageNames(j); !reflect.DeepEqual(got, want) {
		t.Errorf("stages %v, want %v", got, want)
	}
	for _, s := range j.Stages {
		if s.Description == "" || strings.Contains(s.Description, "\n") {
			t.Errorf("stage %q needs a one-line description", s.Name)
		}
	}
	wantLanes := []laneSpec{{"Channels", model.LaneChannel}, {"Actions", model.LaneActions},
		{"Thoughts", model.LaneThoughts}, {"Emotions", model.LaneEmotions}, {"Pain points", model.LanePainPoints},
		{"Opportunities", model.LaneOpportunities}, {"Backstage", model.LaneBackstage}}
	if got := lanes(j); !reflect.DeepEqual(got, wantLanes) {
		t.Errorf("lanes %v, want %v", got, wantLanes)
	}
	if len(j.Touchpoints) != 0 {
		t.Error("the lifecycle template should have no cards")
	}
}

func TestBlueprint(t *testing.T) {
	p := mustNew(t, "blueprint")
	j := p.Journeys[0]
	if len(p.Journeys) != 1 || len(j.Stages) < 3 || len(j.Touchpoints) != 0 {
		t.Fatalf("want one empty journey with a few stages")
	}
	want := []laneSpec{{"Physical evidence", model.LaneEvidence}, {"Customer actions", model.LaneActions},
		{"Frontstage", model.LaneStakeholders}, {"Backstage", model.LaneBackstage},
		{"Support processes", model.LaneBackstage}}
	if got := lanes(j); !reflect.DeepEqual(got, want) {
		t.Errorf("lanes %v, want %v", got, want)
	}
}

// normalized encodes a copy of a project with its IDs replaced by counted
// ones, so that two projects that differ only in IDs encode the same.
func normalized(t *testing.T, p *model.Project) string {
	t.Helper()
	c := p.Clone()
	n := 0
	remapIDs(c, func() model.ID {
		n++
		return model.ID(fmt.Sprintf("id-%04d", n))
	})
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	return mustEncode(t, c)
}

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func allIDs(p *model.Project) []model.ID {
	ids := []model.ID{p.ID}
	for _, x := range p.Personas {
		ids = append(ids, x.ID)
	}
	for _, j := range p.Journeys {
		ids = append(ids, j.ID)
		for _, s := range j.Stages {
			ids = append(ids, s.ID)
		}
		for _, l := range j.Lanes {
			ids = append(ids, l.ID)
		}
		for _, tp := range j.Touchpoints {
			ids = append(ids, tp.ID)
		}
	}
	return ids
}

func TestNewProjectFreshIDs(t *testing.T) {
	for _, tpl := range Templates() {
		a, b := mustNew(t, tpl.Name), mustNew(t, tpl.Name)
		seen := map[model.ID]bool{}
		for _, id := range allIDs(a) {
			if !uuidPattern.MatchString(string(id)) {
				t.Errorf("%s: ID %q was not renewed", tpl.Name, id)
			}
			seen[id] = true
		}
		for _, id := range allIDs(b) {
			if seen[id] {
				t.Errorf("%s: ID %s appears in two fresh projects", tpl.Name, id)
			}
		}
		if na, nb := normalized(t, a), normalized(t, b); na != nb {
			t.Errorf("%s: two fresh projects differ in more than their IDs", tpl.Name)
		}
		// Scores survive the remap, persona by persona.
		for ji, j := range a.Journeys {
			for ti, tp := range j.Touchpoints {
				other := b.Journeys[ji].Touchpoints[ti]
				for pi, x := range a.Personas {
					sa, oka := tp.Score(x.ID)
					sb, okb := other.Score(b.Personas[pi].ID)
					if sa != sb || oka != okb {
						t.Errorf("%s: %q scores differ for persona %q", tpl.Name, tp.Title, x.Name)
					}
				}
			}
		}
	}
}

func TestNewProjectKeepsTemplateContent(t *testing.T) {
	data, err := templateFS.ReadFile("templates/sample.json")
	if err != nil {
		t.Fatal(err)
	}
	orig, err := model.DecodeJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	p := mustNew(t, "sample")
	if normalized(t, orig) != normalized(t, p) {
		t.Error("the sample differs from its file in more than its IDs")
	}
	if orig.TouchpointCount() != p.TouchpointCount() || len(orig.Personas) != len(p.Personas) {
		t.Error("objects lost in the remap")
	}
}

func TestNewProjectUnknown(t *testing.T) {
	p, err := NewProject("x")
	if p != nil || err == nil {
		t.Fatal("unknown template accepted")
	}
	want := `unknown template "x"; choose one of: blank, lifecycle, lifecycle-example, saas-onboarding, ` +
		`saas-onboarding-example, ecommerce, ecommerce-example, blueprint, blueprint-example, b2b-procurement, ` +
		`b2b-procurement-example, patient, patient-example, sample`
	if err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
}

func TestSample(t *testing.T) {
	p := Sample()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p.Name, "Sample: ") {
		t.Errorf("name %q", p.Name)
	}
	if p.Scale != model.ScaleBipolar2 {
		t.Errorf("scale %v", p.Scale)
	}
	if len(p.Personas) < 2 {
		t.Fatalf("%d personas", len(p.Personas))
	}
	for _, x := range p.Personas {
		if x.Name == "" || x.Role == "" || x.Quote == "" || x.Goals == "" || x.Frustrations == "" {
			t.Errorf("persona %q is missing fields", x.Name)
		}
	}
	if len(p.Journeys) < 2 {
		t.Fatalf("%d journeys, want a second tab", len(p.Journeys))
	}
	j := p.Journeys[0]
	for _, x := range p.Personas {
		if !j.HasPersona(x.ID) {
			t.Errorf("main journey is not drawn for %q", x.Name)
		}
	}
	if len(j.Stages) != 6 || len(j.Lanes) < 6 {
		t.Errorf("%d stages and %d lanes", len(j.Stages), len(j.Lanes))
	}
	if n := len(j.Touchpoints); n < 25 || n > 40 {
		t.Errorf("%d touchpoints in the main journey, want 25..40", n)
	}
	if n := len(p.Journeys[1].Touchpoints); n < 4 {
		t.Errorf("%d touchpoints in the second journey", n)
	}

	var pains, opps, truths, scored, channels, colours int
	owners, tags, confidences := map[string]bool{}, map[string]bool{}, map[model.Confidence]bool{}
	for _, s := range j.Stages {
		if s.Color != "" {
			colours++
		}
	}
	for _, tp := range j.Touchpoints {
		if tp.Notes == "" {
			t.Errorf("%q has no notes", tp.Title)
		}
		if len(tp.Title) >= 40 {
			t.Errorf("%q is too long for a card title", tp.Title)
		}
		if tp.Channel != "" {
			channels++
		}
		if len(tp.Emotions) > 0 {
			scored++
		}
		if tp.PainPoint {
			pains++
		}
		if tp.Opportunity {
			opps++
		}
		if tp.MomentOfTruth {
			truths++
		}
		if tp.Owner != "" {
			owners[tp.Owner] = true
		}
		for _, tag := range tp.Tags {
			tags[tag] = true
		}
		if tp.Confidence != "" {
			confidences[tp.Confidence] = true
		}
		for _, link := range tp.EvidenceLinks {
			if !strings.HasPrefix(link, "https://example.org/") {
				t.Errorf("%q links to %s", tp.Title, link)
			}
		}
	}
	n := len(j.Touchpoints)
	if channels < n*3/4 || scored < n/2 {
		t.Errorf("%d of %d cards have a channel and %d are scored", channels, n, scored)
	}
	if pains < 3 || opps < 3 || truths < 1 {
		t.Errorf("%d pain points, %d opportunities, %d moments of truth", pains, opps, truths)
	}
	if len(owners) < 3 || len(tags) < 5 || len(confidences) != 3 || colours < 2 {
		t.Errorf("%d owners, %d tags, %d confidence levels, %d stage colours", len(owners), len(tags), len(confidences), colours)
	}
	if !strings.Contains(mustEncode(t, p), "Zoë Müller") || !strings.Contains(mustEncode(t, p), "café") {
		t.Error("the sample should carry accented text (Zoë Müller, café)")
	}
}

func mustEncode(t *testing.T, p *model.Project) string {
	t.Helper()
	data, err := model.EncodeJSON(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// The emotions lane gives each persona one score per stage, and the curve
// they draw has its clear low at the stage where the pain points pile up.
func TestSampleEmotionCurve(t *testing.T) {
	p := Sample()
	for _, j := range p.Journeys {
		for _, tp := range j.Touchpoints {
			for pid, s := range tp.Emotions {
				if !p.Scale.Contains(s) {
					t.Errorf("%q: score %d for %s is off the scale %s", tp.Title, s, pid, p.Scale)
				}
			}
		}
	}
	j := p.Journeys[0]
	var emo *model.Lane
	for _, l := range j.Lanes {
		if l.Kind == model.LaneEmotions {
			emo = l
		}
	}
	if emo == nil {
		t.Fatal("no emotions lane")
	}
	painsIn := map[model.ID]int{}
	for _, tp := range j.Touchpoints {
		if tp.PainPoint {
			painsIn[tp.StageID]++
		}
	}
	for _, x := range p.Personas {
		var curve []int
		low, lowAt := 99, -1
		for i, s := range j.Stages {
			cell := j.Cell(s.ID, emo.ID)
			if len(cell) == 0 {
				t.Fatalf("stage %q has no emotions card", s.Name)
			}
			score, ok := cell[0].Score(x.ID)
			if !ok {
				t.Fatalf("%q is not scored for %q", cell[0].Title, x.Name)
			}
			curve = append(curve, score)
			if score < low {
				low, lowAt = score, i
			}
		}
		if low != p.Scale.Min || lowAt <= 0 || lowAt >= len(curve)-1 {
			t.Errorf("%s: curve %v should fall to %d mid-journey", x.Name, curve, p.Scale.Min)
		}
		if curve[len(curve)-1] <= curve[lowAt] || curve[0] <= curve[lowAt] {
			t.Errorf("%s: curve %v should rise and fall", x.Name, curve)
		}
		if painsIn[j.Stages[lowAt].ID] < 2 {
			t.Errorf("%s: the low at %q is not where the pain points are", x.Name, j.Stages[lowAt].Name)
		}
	}
}

func TestSampleNeverShared(t *testing.T) {
	a, b := Sample(), Sample()
	a.Journeys[0].Touchpoints[0].Title = "changed"
	if b.Journeys[0].Touchpoints[0].Title == "changed" {
		t.Error("two samples share objects")
	}
}

func TestFallbackProjectValidates(t *testing.T) {
	if err := fallbackProject().Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestIcon(t *testing.T) {
	cfg, err := png.DecodeConfig(bytes.NewReader(Icon()))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width != 512 || cfg.Height != 512 {
		t.Errorf("icon is %d×%d, want 512×512", cfg.Width, cfg.Height)
	}
	if _, err := png.Decode(bytes.NewReader(Icon())); err != nil {
		t.Fatal(err)
	}
}
