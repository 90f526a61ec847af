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
