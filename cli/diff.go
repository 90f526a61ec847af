package cli

import (
	"context"
	"fmt"
	"path/filepath"

	"waymark/internal/difftext"
	"waymark/model"
	"waymark/storage"
)

// `waymark diff`: model.Diff finds the changes, difftext words them.

const diffSummary = "list what changed between two project files; exit status 0 when they are the same, 1 when they differ, 2 when a file cannot be read"

func runDiff(ctx context.Context, c *cli, args []string) error {
	fs := flags("diff")
	quiet := fs.Bool("q", false, "print nothing; only the exit status says whether the files differ")
	pos, err := c.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("expected two files, OLD.cjm and NEW.cjm, got %d arguments", len(pos))
	}
	var ps [2]*model.Project
	for i, path := range pos {
		if ps[i], err = storage.Check(ctx, path); err != nil {
			return exitStatus{ExitUsage, err}
		}
	}
	changes := model.Diff(ps[0], ps[1])
	if ps[0].ID != ps[1].ID && !*quiet {
		c.warn("%s and %s are not versions of one project; objects match only by ID, so almost everything differs",
			filepath.Base(pos[0]), filepath.Base(pos[1]))
	}
	if *quiet {
		if len(changes) > 0 {
			return exitStatus{code: ExitError}
		}
		return nil
	}
	if len(changes) == 0 {
		fmt.Fprintf(c.stdout, "no differences between %s and %s\n", pos[0], pos[1])
		return nil
	}
	difftext.Write(c.stdout, changes)
	return exitStatus{code: ExitError}
}
