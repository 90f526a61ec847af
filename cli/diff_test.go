package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"waymark/assets"
	"waymark/internal/journeytest"
	"waymark/model"
	"waymark/storage"
)

const wantDiff = `- persona "Graham Fletcher"

journey "Opening a current account online":
  + stage "Come back"
  ~ touchpoint "Starts the application" (Apply / Customer actions): title "Starts the application" → "Starts the application online"; moved from Apply/Customer actions #0 to Verify identity/Customer actions #0
  ~ touchpoint "Switches salary and direct debits" (Settle in / Customer actions): notes "…everything in seven working days, and a progress screen…" → "…everything in five working days, and a progress screen shows…"

journey "Getting help with a blocked card":
  ~ stage "Talk to us": name "Talk to us" → "Call us"

5 differences: 1 added, 1 removed, 3 changed
`

// TestDiffCommand: waymark diff words the changes of a scripted edit
// exactly, and its exit status tells same (0), different (1) and trouble (2).
func TestDiffCommand(t *testing.T) {
	dir := t.TempDir()
	a := sampleFile(t, dir)
	p, err := storage.Check(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	h := model.NewHistory(p, nil)
	journeytest.EditSample(t, h)
	b := filepath.Join(dir, "edited.cjm")
	if err := storage.WriteNew(context.Background(), p, b); err != nil {
		t.Fatal(err)
	}

	code, out, errs := run(t, "diff", a, b)
	if code != 1 || errs != "" {
		t.Errorf("diff of different files: exit %d, stderr %q", code, errs)
	}
	if out != wantDiff {
		t.Errorf("diff output:\n%s\nwant:\n%s", out, wantDiff)
	}
	// Flags in any order; -q says nothing.
	if code, out, errs := run(t, "diff", a, "-q", b); code != 1 || out != "" || errs != "" {
		t.Errorf("diff -q: exit %d, %q %q", code, out, errs)
	}
	// The other way round the same edits read backwards.
	_, out, _ = run(t, "diff", b, a)
	if !strings.HasPrefix(out, `+ persona "Graham Fletcher"`) || !strings.Contains(out, `- stage "Come back"`) ||
		!strings.Contains(out, `name "Call us" → "Talk to us"`) {
		t.Errorf("reverse diff:\n%s", out)
	}

	// The same file, and a copy through JSON (same IDs), are equal.
	code, out, errs = run(t, "diff", a, a)
	if code != 0 || errs != "" || out != "no differences between "+a+" and "+a+"\n" {
		t.Errorf("diff of a file with itself: exit %d, %q %q", code, out, errs)
	}
	js, cp := filepath.Join(dir, "a.json"), filepath.Join(dir, "copy.cjm")
	run(t, "export", a, "--format", "json", "-o", js)
	run(t, "import", js, "-o", cp)
	if code, _, _ := run(t, "diff", "-q", a, cp); code != 0 {
		t.Errorf("diff of a file and its copy: exit %d", code)
	}

	// Two different projects: compared, with a warning.
	other := filepath.Join(dir, "other.cjm")
	run(t, "new", "--template", "patient-example", other)
	code, out, errs = run(t, "diff", a, other)
	if code != 1 || !strings.Contains(out, `+ persona "Margaret O'Neill"`) ||
		errs != "waymark diff: warning: sample.cjm and other.cjm are not versions of one project; objects match only by ID, so almost everything differs\n" {
		t.Errorf("diff of two projects: exit %d, stderr %q", code, errs)
	}

	// A file that cannot be read: 2, one line naming it.
	bad := filepath.Join(dir, "bad.cjm")
	os.WriteFile(bad, []byte("not a database"), 0o644)
	for _, args := range [][]string{{a, bad}, {bad, a}, {a, filepath.Join(dir, "missing.cjm")}} {
		code, out, errs := run(t, append([]string{"diff"}, args...)...)
		name := filepath.Base(args[0])
		if name == "sample.cjm" {
			name = filepath.Base(args[1])
		}
		if code != ExitUsage || out != "" || strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "waymark diff: ") || !strings.Contains(errs, name) {
			t.Errorf("diff %v: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
	// The command line itself wrong: 2 with the usage.
	for _, args := range [][]string{{}, {a}, {a, b, b}, {"--bogus", a, b}} {
		code, _, errs := run(t, append([]string{"diff"}, args...)...)
		if code != ExitUsage || !strings.Contains(errs, "usage: waymark diff") {
			t.Errorf("diff %v: exit %d, stderr %q", args, code, errs)
		}
	}
	if code, out, _ := run(t, "diff", "-h"); code != 0 || !strings.Contains(out, "usage: waymark diff") || !strings.Contains(out, "2 when a file or version cannot be read") {
		t.Errorf("diff -h: exit %d, %q", code, out)
	}
}

// TestTemplatesCommandListsAll: `waymark templates` names every template
// with its title and description.
func TestTemplatesCommandListsAll(t *testing.T) {
	code, out, _ := run(t, "templates")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != len(assets.Templates()) {
		t.Fatalf("exit %d, %d lines for %d templates", code, len(lines), len(assets.Templates()))
	}
	for i, tpl := range assets.Templates() {
		if f := strings.Fields(lines[i]); len(f) == 0 || f[0] != tpl.Name ||
			!strings.Contains(lines[i], tpl.Title+": "+tpl.Description) {
			t.Errorf("line %d: %q", i, lines[i])
		}
	}
}
