package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"waymark/internal/difftext"
	"waymark/model"
	"waymark/storage"
)

// `waymark diff`: model.Diff finds the changes, difftext words them.

const diffArgs = "[-q] [--format text|markdown|json] OLD.cjm[@VERSION] NEW.cjm[@VERSION]"

const diffSummary = "list what changed between two project files, or versions saved inside them (FILE.cjm@NAME, FILE.cjm@2 by number, " +
	"or @NAME for the other side's file), as text, as Markdown for a wiki or as JSON; " +
	"exit status 0 when they are the same, 1 when they differ, 2 when a file or version cannot be read"

func runDiff(ctx context.Context, c *cli, args []string) error {
	fs := flags("diff")
	quiet := fs.Bool("q", false, "print nothing; only the exit status says whether the files differ")
	format := fs.String("format", "text", "text, markdown (to paste into a wiki) or json (a stable shape for scripts)")
	pos, err := c.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("expected two files, OLD.cjm and NEW.cjm, got %d arguments", len(pos))
	}
	*format = strings.ToLower(*format)
	switch *format {
	case "text", "markdown", "md", "json":
	default:
		return usagef("--format %q is not supported; use text, markdown or json", *format)
	}
	var sides [2]diffSide
	for i, arg := range pos {
		sides[i] = parseDiffSide(arg)
	}
	for i := range sides {
		if sides[i].path == "" {
			other := sides[1-i].path
			if other == "" {
				return usagef("%s and %s both name only a version; name the file of at least one: FILE.cjm@VERSION", pos[0], pos[1])
			}
			sides[i].path = other
		}
	}
	var ps [2]*model.Project
	for i := range sides {
		if ps[i], err = sides[i].load(ctx); err != nil {
			return exitStatus{ExitUsage, err}
		}
	}
	changes := model.Diff(ps[0], ps[1])
	if ps[0].ID != ps[1].ID && !*quiet {
		c.warn("%s and %s are not versions of one project; objects match only by ID, so almost everything differs",
			filepath.Base(sides[0].path), filepath.Base(sides[1].path))
	}
	if *quiet {
		if len(changes) > 0 {
			return exitStatus{code: ExitError}
		}
		return nil
	}
	switch *format {
	case "markdown", "md":
		err = difftext.WriteMarkdown(c.stdout, pos[0], pos[1], changes)
	case "json":
		err = difftext.WriteJSON(c.stdout, pos[0], pos[1], changes)
	default:
		if len(changes) == 0 {
			fmt.Fprintf(c.stdout, "no differences between %s and %s\n", pos[0], pos[1])
		} else {
			difftext.Write(c.stdout, changes)
		}
	}
	if err != nil {
		return exitStatus{ExitUsage, err}
	}
	if len(changes) == 0 {
		return nil
	}
	return exitStatus{code: ExitError}
}

// diffSide is one side of a comparison: a file, or a version inside it.
type diffSide struct {
	path string // "" until the other side lends its file (an argument "@NAME")
	ref  string // the version: a name, a number or @N; "" for the map as saved
	at   bool   // the argument named a version
}

// parseDiffSide reads FILE.cjm, FILE.cjm@VERSION or @VERSION. A path that
// really holds an @ and exists wins; otherwise the first @ after which the
// text before names an existing file splits it, and failing that the first
// @ does, so that the message names the missing file.
func parseDiffSide(arg string) diffSide {
	if isFile(arg) {
		return diffSide{path: arg}
	}
	first := -1
	for i := 0; i < len(arg); i++ {
		if arg[i] != '@' {
			continue
		}
		if first < 0 {
			first = i
		}
		if i > 0 && isFile(arg[:i]) {
			return diffSide{path: arg[:i], ref: arg[i+1:], at: true}
		}
	}
	if first < 0 {
		return diffSide{path: arg}
	}
	return diffSide{path: arg[:first], ref: arg[first+1:], at: true}
}

func isFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}

// load reads the side's project: the map as saved, or the version.
func (s diffSide) load(ctx context.Context) (*model.Project, error) {
	if !s.at {
		return storage.Check(ctx, s.path)
	}
	if s.ref == "" {
		return nil, fmt.Errorf("%s@: name a version after the @ (its name, or its number as in %s@2)", s.path, s.path)
	}
	return loadVersion(ctx, s.path, func(list []model.Version) (model.Version, error) {
		return findVersion(s.path, list, s.ref)
	})
}
