package storage

import (
	"os"
	"path/filepath"
	"testing"

	"waymark/model"
)

// A picture that does not decode is refused by name, not dropped from
// posters later without a word.
func TestTruncatedPicturesAreRefused(t *testing.T) {
	good, _ := goodFile(t)
	for _, mime := range []string{"image/png", "image/jpeg"} {
		t.Run(mime, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.cjm")
			if err := os.WriteFile(path, good, 0o644); err != nil {
				t.Fatal(err)
			}
			rawExec(t, path, "UPDATE image SET data = substr(data, 1, length(data) - 40) WHERE mime = '"+mime+"'")
			assertRefused(t, path, "does not decode as "+mime, false)
		})
	}
}

// Saving over a symbolic link saves into the file it names: the link
// stays a link.
func TestSaveThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	real := writeGood(t, richProject(t), dir, "real.cjm")
	link := filepath.Join(dir, "link.cjm")
	if err := os.Symlink("real.cjm", link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	doc, err := Open(ctx, link, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	if err := doc.History().Do(&model.RenameProject{Name: "Through the link"}); err != nil {
		t.Fatal(err)
	}
	if err := doc.Save(ctx); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v", err)
	}
	p, err := Check(ctx, real)
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "Through the link" {
		t.Fatalf("the file the link names holds %q", p.Name)
	}
}
