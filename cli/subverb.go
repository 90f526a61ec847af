package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"waymark/internal/printable"
)

// subverb is one verb under a verb made of several (`waymark events
// import`, `waymark version save`).
type subverb struct {
	name, args, summary string
	run                 func(ctx context.Context, c *cli, args []string) error
}

// subverbs is a verb made of subverbs: how it is run, helped and parsed,
// the same for each.
type subverbs struct {
	verb    string           // "events"
	list    func() []subverb // in help's order; a function, as the subverbs look themselves up
	footer  []string         // the lines of help after the list
	missing string           // said after "say which subcommand to run", such as ": save or restore"
	choices string           // the subcommands as the unknown-subcommand message lists them
}

// help lists the subverbs, each with its arguments and summary, then the
// footer.
func (g subverbs) help(w io.Writer) {
	fmt.Fprintf(w, "usage: waymark %s SUBCOMMAND [ARGS]\n", g.verb)
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Subcommands:")
	for _, s := range g.list() {
		fmt.Fprintf(w, "  waymark %s %s %s\n      %s\n", g.verb, s.name, s.args, s.summary)
	}
	fmt.Fprintln(w)
	for _, l := range g.footer {
		fmt.Fprintln(w, l)
	}
}

func (g subverbs) lookup(name string) *subverb {
	for _, s := range g.list() {
		if s.name == name {
			return &s
		}
	}
	return nil
}

// run is `waymark VERB SUBCOMMAND ...`: messages name the subcommand
// ("waymark events import: ..."), and a usage error shows the
// subcommand's usage, not the whole verb's.
func (g subverbs) run(ctx context.Context, c *cli, args []string) error {
	if len(args) == 0 {
		var b bytes.Buffer
		g.help(&b)
		c.say("waymark %s: say which subcommand to run%s", g.verb, g.missing)
		for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
			c.say("%s", line)
		}
		return exitStatus{code: ExitUsage}
	}
	for _, h := range helpArgs {
		if args[0] == h {
			g.help(c.stdout)
			return nil
		}
	}
	s := g.lookup(args[0])
	if s == nil {
		c.say("waymark %s: unknown subcommand %q; use %s (waymark %s -h says more)", g.verb, args[0], g.choices, g.verb)
		return exitStatus{code: ExitUsage}
	}
	sc := &cli{verb: g.verb + " " + s.name, stdout: c.stdout, stderr: c.stderr}
	err := s.run(ctx, sc, args[1:])
	var status exitStatus
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp), ctx.Err() != nil, errors.As(err, &status):
		// An interruption is execute's to say, as for any verb.
		return err
	case errors.Is(err, errUsage):
		sc.say("waymark %s: %v", sc.verb, err)
		sc.say("usage: waymark %s %s", sc.verb, s.args)
		return exitStatus{code: ExitUsage}
	}
	sc.say("waymark %s: %v", sc.verb, err)
	return exitStatus{code: ExitError}
}

// parse is cli.parse with the subcommand's own help for -h.
func (g subverbs) parse(c *cli, fs *flag.FlagSet, args []string) ([]string, error) {
	var opts bytes.Buffer
	pc := &cli{verb: c.verb, stdout: &stdoutWriter{w: &opts}, stderr: c.stderr}
	pos, err := pc.parse(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		if s := g.lookup(strings.TrimPrefix(c.verb, g.verb+" ")); s != nil {
			fmt.Fprintf(c.stdout, "usage: waymark %s %s\n\n%s.\n", c.verb, s.args, printable.UpperFirst(s.summary))
		}
		c.stdout.Write(opts.Bytes())
	}
	return pos, err
}
