// Package cli is Waymark's command line: the verbs (new, templates, check,
// export, import, diff, coverage, backlog, events, version, history) that
// work on project files without a window. It imports no Fyne, so that it
// runs where no display is, and it never imports the app; what the app's
// dialogs share with it lives in internal packages.
package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"waymark/internal/printable"
	"waymark/internal/safefile"
)

// Exit codes of the command line.
const (
	ExitOK    = 0
	ExitError = 1 // bad input or a failure
	ExitUsage = 2 // the command line itself is wrong
)

// errUsage marks an error in the command line rather than in its input.
var errUsage = errors.New("usage")

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }
func (e usageError) Is(t error) bool {
	return t == errUsage
}

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// command is one verb of the command line.
type command struct {
	name    string
	args    string
	summary string
	run     func(ctx context.Context, c *cli, args []string) error
	// writes says the verb makes files: interrupted, it says nothing was.
	writes bool
	// fail is the exit status of a failure: 1, but 2 for diff, whose 1
	// means "the files differ".
	fail int
}

// cli is one run of a verb: where its output goes.
type cli struct {
	verb   string
	stdout *stdoutWriter
	stderr io.Writer
}

var commands []command

func init() {
	commands = []command{
		{name: "new", args: "[--template NAME] FILE.cjm", summary: "create a project file from a template", run: runNew, writes: true},
		{name: "templates", summary: "list the templates", run: runTemplates},
		{name: "check", args: "FILE.cjm", summary: "validate a project file and count what it holds", run: runCheck},
		{name: "export", args: "FILE.cjm --format pdf|png|svg|json|mermaid|md|csv|cjm [--journey NAME] [--paper A0|...|WxHmm] [--orientation auto|landscape|portrait] " +
			"[--tile A4] [--overlap 10mm] [--dpi 150] [--margin 10mm] [--author NAME] [--segment VALUE] [--beside VALUE] " +
			"[--pages map,coverage,backlog,changes] [--since VERSION] [--lens NAME] [--channel V]... [--owner V]... [--tag V]... [--flag pain-point|opportunity|moment-of-truth]... " +
			"[--confidence assumption|anecdotal|validated|none]... [--persona NAME] [--hide] [--bom] [--metrics METRICS.csv] [--without-history] -o OUT",
			summary: "print a journey as a PDF poster (tiled or not, with coverage, backlog and what-changed pages), a PNG or an SVG, whole or through a lens, " +
				"write the project as JSON, a journey as a Mermaid user journey or a CSV spreadsheet, or a copy of the file without its saved versions",
			run: runExport, writes: true},
		{name: "import", args: "IN.json|IN.mmd|IN.md|IN.csv [--format json|mermaid|markdown|csv] [--scale 1..5] -o FILE.cjm",
			summary: "make a project file from another format", run: runImport, writes: true},
		{name: "coverage", args: coverageArgs, summary: coverageSummary, run: runCoverage},
		{name: "backlog", args: backlogArgs, summary: backlogSummary, run: runBacklog},
		{name: "diff", args: diffArgs, summary: diffSummary, run: runDiff, fail: ExitUsage},
		{name: "version", args: versionArgs, summary: versionSummary, run: runVersion, writes: true},
		{name: "history", args: historyArgs, summary: historySummary, run: runHistory},
		{name: "events", args: "import|report|inspect|sql ... (waymark events -h)",
			summary: "import event logs as a journey's figures (reach, conversion, drop-off, time between stages), " +
				"print them as text, CSV or JSON, guess a log's mapping, or write warehouse extract queries",
			run: runEvents, writes: true},
	}
	for i := range commands {
		if commands[i].fail == 0 {
			commands[i].fail = ExitError
		}
	}
}

func lookup(verb string) *command {
	for i := range commands {
		if commands[i].name == verb {
			return &commands[i]
		}
	}
	return nil
}

// Usage writes the command line's help.
func Usage(w io.Writer) {
	fmt.Fprintln(w, "Waymark draws customer journey maps.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage:")
	fmt.Fprintln(w, "  waymark                 open the app")
	fmt.Fprintln(w, "  waymark FILE.cjm        open a project in the app")
	for _, c := range commands {
		fmt.Fprintf(w, "  waymark %s %s\n      %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Each command takes -h. Exit status: 0 success, 1 bad input or failure, 2 usage.")
	fmt.Fprintln(w, "A command interrupted (Ctrl+C, SIGTERM) writes no file and exits 1 (diff: 2).")
}

var helpArgs = []string{"-h", "-help", "--help", "help"}

// OpensApp reports whether args are for the app rather than a verb: none,
// or a single file to open.
func OpensApp(args []string) bool {
	switch {
	case len(args) == 0:
		return true
	case len(args) > 1 || lookup(args[0]) != nil || slices.Contains(helpArgs, args[0]):
		return false
	}
	return !strings.HasPrefix(args[0], "-")
}

// Run runs one command-line verb (args[0]) and returns the process's exit
// code. SIGINT and SIGTERM cancel it: it says so in one line and exits with
// its failure status. Call it when OpensApp(args) is false.
func Run(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// After the first signal a second one ends the process at once,
		// as usual: the first is being answered.
		<-ctx.Done()
		stop()
	}()
	return execute(ctx, args, stdout, stderr)
}

// started, when set (by tests), is called once a verb's context listens
// for signals, before the verb runs.
var started func(ctx context.Context)

func execute(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	out := &stdoutWriter{w: stdout}
	if len(args) == 0 {
		args = []string{"help"}
	}
	cmd := lookup(args[0])
	if cmd == nil {
		c := &cli{verb: "", stdout: out, stderr: stderr}
		if slices.Contains(helpArgs, args[0]) {
			Usage(out)
			if c.stdoutFailed() {
				return ExitError
			}
			return ExitOK
		}
		c.say("waymark: unknown command %q", args[0])
		c.say("")
		var b bytes.Buffer
		Usage(&b)
		for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
			c.say("%s", line)
		}
		return ExitUsage
	}
	c := &cli{verb: cmd.name, stdout: out, stderr: stderr}
	if started != nil {
		started(ctx)
	}
	err := cmd.run(ctx, c, args[1:])
	var status exitStatus
	switch {
	case err != nil && ctx.Err() != nil:
		switch {
		case out.n > 0:
			c.say("waymark %s: interrupted; standard output is incomplete", cmd.name)
		case cmd.writes:
			c.say("waymark %s: interrupted; nothing was written", cmd.name)
		default:
			c.say("waymark %s: interrupted", cmd.name)
		}
		return cmd.fail
	case c.stdoutFailed():
		return cmd.fail
	case err == nil, errors.Is(err, flag.ErrHelp):
		return ExitOK
	case errors.As(err, &status):
		if status.err != nil {
			c.say("waymark %s: %v", cmd.name, status.err)
		}
		return status.code
	case errors.Is(err, errUsage):
		c.say("waymark %s: %v", cmd.name, err)
		c.say("usage: waymark %s %s", cmd.name, cmd.args)
		return ExitUsage
	}
	c.say("waymark %s: %v", cmd.name, err)
	return cmd.fail
}

// stdoutFailed says in one line that writing to standard output failed (a
// full disk, a closed pipe), if it did: output lost is a failure, whatever
// the verb made of it.
func (c *cli) stdoutFailed() bool {
	if c.stdout.err == nil {
		return false
	}
	name := "waymark"
	if c.verb != "" {
		name += " " + c.verb
	}
	c.say("%s: cannot write to standard output: %v", name, safefile.UnwrapPathError(c.stdout.err))
	return true
}

// say writes one line to standard error. Every message goes through here,
// and through printable.Line: a file or journey name crafted to hold
// terminal commands (set the title, clear the screen) shows as escapes.
func (c *cli) say(format string, args ...any) {
	fmt.Fprintln(c.stderr, printable.Line(fmt.Sprintf(format, args...)))
}

// warn says what went unexpectedly in a command that still succeeded.
func (c *cli) warn(format string, args ...any) {
	c.say("waymark %s: warning: %s", c.verb, fmt.Sprintf(format, args...))
}

// stdoutWriter is standard output that remembers its first failed write;
// later writes are not tried, so that output never has a hole in the middle.
type stdoutWriter struct {
	w   io.Writer
	n   int64 // bytes written
	err error
}

func (s *stdoutWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	s.n += int64(n)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	s.err = err
	return n, err
}

// flags makes a quiet flag set: parse prints help and errors itself, in the
// command line's own words.
func flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parse reads flags and positional arguments in any order (`export FILE
// --format json` as well as `export --format json FILE`).
func (c *cli) parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				c.help(fs)
				return nil, err
			}
			return nil, usagef("%v", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func (c *cli) help(fs *flag.FlagSet) {
	if cmd := lookup(c.verb); cmd != nil {
		fmt.Fprintf(c.stdout, "usage: waymark %s %s\n\n%s.\n", cmd.name, cmd.args, printable.UpperFirst(cmd.summary))
	}
	has := false
	fs.VisitAll(func(*flag.Flag) { has = true })
	if has {
		fmt.Fprintln(c.stdout, "\nOptions:")
		fs.SetOutput(c.stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
}

// exitStatus ends a command with a chosen exit code. err, when set, is
// printed like any other error; diff uses it for "the files differ" (1,
// nothing printed) and "a file could not be read" (2).
type exitStatus struct {
	code int
	err  error
}

func (e exitStatus) Error() string {
	if e.err != nil {
		return e.err.Error()
	}
	return fmt.Sprintf("exit status %d", e.code)
}

func (e exitStatus) Unwrap() error { return e.err }
