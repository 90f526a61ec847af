//go:build ignore

// fmttemplates rewrites assets/templates/*.json in the exact form Waymark's
// JSON export writes (model.EncodeJSON), checking each one on the way. The
// assets tests fail until a hand-edited template has been put through it.
// Run it from the repository root:
//
//	go run assets/internal/fmttemplates.go
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"waymark/model"
)

func main() {
	files, err := filepath.Glob("assets/templates/*.json")
	if err != nil || len(files) == 0 {
		fmt.Fprintln(os.Stderr, "no templates found; run from the repository root")
		os.Exit(1)
	}
	failed := false
	for _, f := range files {
		if err := format(f); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", f, err)
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}

func format(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	p, err := model.DecodeJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	out, err := model.EncodeJSON(p)
	if err != nil {
		return err
	}
	if bytes.Equal(out, data) {
		return nil
	}
	fmt.Println("formatted", path)
	return os.WriteFile(path, out, 0o644)
}
