package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// A poster names the file's latest version in its title block.
func TestPosterNamesLatestVersion(t *testing.T) {
	needTool(t, "pdftotext")
	dir := t.TempDir()
	f := sampleFile(t, dir)
	for _, name := range []string{"Workshop", "After round 2"} {
		if code, _, errs := run(t, "version", "save", f, "--name", name); code != 0 {
			t.Fatalf("version save: %s", errs)
		}
	}
	out := filepath.Join(dir, "poster.pdf")
	if code, _, errs := run(t, "export", f, "--format", "pdf", "--paper", "A2", "-o", out); code != 0 {
		t.Fatalf("export: %s", errs)
	}
	text := strings.Join(strings.Fields(toolOut(t, "pdftotext", "-f", "1", "-l", "1", out, "-")), " ")
	if !strings.Contains(text, "Latest version “After round 2”,") || strings.Contains(text, "“Workshop”") {
		t.Fatalf("the title block does not name the latest version:\n%s", text)
	}
}
