package storage

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"waymark/model"
)

// TestRelativePaths: a file named relative to the working directory is
// written, checked and opened there, and nothing lands anywhere else.
func TestRelativePaths(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	p := &model.Project{ID: model.NewID(), Name: "Relative", Scale: model.DefaultScale}
	ctx := context.Background()
	if err := WriteNew(ctx, p, "rel.cjm"); err != nil {
		t.Fatal(err)
	}
	if _, err := Check(ctx, "rel.cjm"); err != nil {
		t.Fatal(err)
	}
	doc, err := Open(ctx, "rel.cjm", Options{DataDir: filepath.Join(dir, "data")})
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	if err := doc.SaveAs(ctx, "again.cjm"); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 3 { // again.cjm, data, rel.cjm
		t.Fatalf("the directory holds %v, want again.cjm, data and rel.cjm only", names)
	}
}
