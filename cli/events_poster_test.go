//go:build cgo

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"waymark/model"
)

// The BPI 2012 log, imported with the shipped mapping into a new map whose
// journey has its six stages, prints on an A0 poster with every stage's
// reach: the figures reach the paper through the one layout.
func TestBPIPosterShowsEveryReach(t *testing.T) {
	const bpi = "../../shared/data/events/bpic2012_events.csv.gz"
	if _, err := os.Stat(bpi); err != nil {
		t.Skip("the BPI 2012 log is not here:", err)
	}
	dir := t.TempDir()
	project, pdf := filepath.Join(dir, "loans.cjm"), filepath.Join(dir, "loans.pdf")
	mustRun(t, "events", "import", bpi, "--map", "../assets/mappings/bpi2012.toml", "--into", project)
	mustRun(t, "export", project, "--format", "pdf", "--paper", "A0", "-o", pdf)
	toolOut(t, "qpdf", "--check", pdf)
	text := strings.Join(strings.Fields(toolOut(t, "pdftotext", pdf, "-")), " ")
	r := reportOf(t, project)
	if len(r.Stages) != 6 {
		t.Fatalf("%d stages", len(r.Stages))
	}
	for _, s := range r.Stages {
		if reach := model.Thousands(s.Reached); !strings.Contains(text, reach) {
			t.Errorf("the poster lacks %s's reach %s", s.Stage, reach)
		}
	}
	if !strings.Contains(text, "bpic2012_events.csv.gz") {
		t.Error("the poster does not name the log")
	}
}

// export --segment prints the behaviour lane of one segment value (and
// --beside a second next to it): the
// title block and the lane name it and count its persons; a value the
// figures lack is refused naming those they have, and a format without a
// behaviour lane refuses the flag.
func TestExportPosterSegment(t *testing.T) {
	dir, project, log := shopProject(t)
	mapping := filepath.Join(dir, "fold.toml")
	if err := os.WriteFile(mapping, []byte("[columns]\ntime = \"ts\"\nidentifiers = [\"user\"]\nevent = \"action\"\n[metrics]\nfold_below = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, append([]string{"events", "import", log, "--into", project, "--map", mapping, "--segment", "country"}, shopFlags...)...)
	pdf := filepath.Join(dir, "nl.pdf")
	mustRun(t, "export", project, "--format", "pdf", "-o", pdf, "--segment", "NL")
	text := strings.Join(strings.Fields(toolOut(t, "pdftotext", pdf, "-")), " ")
	if !strings.Contains(text, "country = NL · 3 persons") {
		t.Errorf("the poster does not show the NL segment:\n%s", text)
	}
	both := filepath.Join(dir, "both.pdf")
	mustRun(t, "export", project, "--format", "pdf", "-o", both, "--segment", "NL", "--beside", "DE")
	text = strings.Join(strings.Fields(toolOut(t, "pdftotext", both, "-")), " ")
	if !strings.Contains(text, "country = NL (3) · country = DE (1)") {
		t.Errorf("the poster does not show NL beside DE:\n%s", text)
	}
	code, _, errs := run(t, "export", project, "--format", "pdf", "-o", filepath.Join(dir, "x.pdf"), "--beside", "BE")
	if code != ExitError || !strings.Contains(errs, `"BE" is not a value of country`) {
		t.Errorf("an unknown value beside: exit %d, %q", code, errs)
	}
	code, _, errs = run(t, "export", project, "--format", "pdf", "-o", filepath.Join(dir, "x.pdf"), "--segment", "BE")
	if code != ExitError || !strings.Contains(errs, `"BE" is not a value of country`) || !strings.Contains(errs, `"NL"`) {
		t.Errorf("an unknown value: exit %d, %q", code, errs)
	}
	if code, _, errs := run(t, "export", project, "--format", "json", "--segment", "NL"); code != ExitUsage || !strings.Contains(errs, "--segment") {
		t.Errorf("json with --segment: exit %d, %q", code, errs)
	}
}
