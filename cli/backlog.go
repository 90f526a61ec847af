package cli

import (
	"bytes"
	"context"

	"waymark/interchange"
)

const backlogArgs = "FILE.cjm [--journey NAME] [--format text|csv] [-o OUT]"

const backlogSummary = "list a journey's pain points and opportunities ranked by impact ÷ effort " +
	"(ties by stage), with owner and stage, as text or CSV"

// runBacklog is `waymark backlog`: model.Backlog of one journey, read only
// from the file, written by the same code as the app's backlog export.
func runBacklog(ctx context.Context, c *cli, args []string) error {
	fs := flags("backlog")
	journey := fs.String("journey", "", "the journey, by title, ID or number (default: the first)")
	format := fs.String("format", "text", "text or csv")
	out := fs.String("o", "", "write to this file instead of standard output")
	pos, err := c.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("expected one FILE.cjm, got %d arguments", len(pos))
	}
	if *format != "text" && *format != "csv" {
		return usagef("--format %q is not text or csv", *format)
	}
	_, j, err := openJourney(ctx, pos[0], *journey, *out)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := interchange.WriteBacklog(&b, j, *format); err != nil {
		return err
	}
	return c.writeOut(*out, pos[0], b.Bytes())
}
