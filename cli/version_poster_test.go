package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPosterChangesSince: --pages map,changes --since VERSION adds the page
// of what changed since that version, read back from the PDF; the page
// without --since, or an unknown version, is refused and writes nothing.
func TestPosterChangesSince(t *testing.T) {
	dir := t.TempDir()
	f, _ := versionedSample(t, dir)
	pdf := filepath.Join(dir, "since.pdf")
	code, out, errs := run(t, "export", f, "--format", "pdf", "--paper", "A3", "--journey", "Getting help with a blocked card",
		"--pages", "map,changes", "--since", "Workshop", "-o", pdf)
	if code != 0 || errs != "" {
		t.Fatalf("export with a changes page: exit %d, %q %q", code, out, errs)
	}
	toolOut(t, "qpdf", "--check", pdf)
	text := strings.Join(strings.Fields(toolOut(t, "pdftotext", pdf, "-")), " ")
	for _, want := range []string{"What changed since", "Workshop", secretTitle, "Call us"} {
		if !strings.Contains(text, want) {
			t.Errorf("the poster lacks %q:\n%s", want, text)
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--pages", "map,changes"}, "waymark export: --pages map,changes: the changes page needs --since VERSION"},
		{[]string{"--pages", "map,changes", "--since", "@7"}, "waymark export: --since: " + f + " has no version @7; its versions are @1"},
	} {
		none := filepath.Join(dir, "none.pdf")
		code, _, errs := run(t, append([]string{"export", f, "--format", "pdf", "-o", none}, tc.args...)...)
		if code == 0 || !strings.HasPrefix(errs, tc.want) {
			t.Errorf("%q: exit %d, %q, want %q", tc.args, code, errs, tc.want)
		}
		if _, err := os.Lstat(none); err == nil {
			t.Errorf("%q wrote %s", tc.args, none)
		}
	}
}
