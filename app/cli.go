package app

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"waymark/assets"
	"waymark/canvas/poster"
	"waymark/model"
	"waymark/storage"
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

// cliCommand is one verb of the command line.
type cliCommand struct {
	name    string
	args    string
	summary string
	run     func(ctx context.Context, c *cli, args []string) error
}

type cli struct {
	stdout, stderr io.Writer
}

var cliCommands []cliCommand

func init() {
	cliCommands = []cliCommand{
		{"new", "[--template NAME] FILE.cjm", "create a project file from a template", runNew},
		{"templates", "", "list the templates", runTemplates},
		{"check", "FILE.cjm", "validate a project file and count what it holds", runCheck},
		{"export", "FILE.cjm --format pdf|png|svg|json|mermaid|md|csv [--journey NAME] [--paper A0|...|WxHmm] [--orientation auto|landscape|portrait] " +
			"[--tile A4] [--overlap 10mm] [--dpi 150] [--margin 10mm] [--author NAME] [--bom] -o OUT",
			"print a journey as a PDF poster (tiled or not), a PNG or an SVG, write the project as JSON, or a journey as a Mermaid user journey or a CSV spreadsheet", runExport},
		{"import", "IN.json|IN.mmd|IN.md|IN.csv [--format json|mermaid|markdown|csv] [--scale 1..5] -o FILE.cjm", "make a project file from another format", runImport},
		{"diff", "[-q] OLD.cjm NEW.cjm", diffSummary, runDiff},
	}
}

// Usage writes the command line's help.
func Usage(w io.Writer) {
	fmt.Fprintln(w, "Waymark draws customer journey maps.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage:")
	fmt.Fprintln(w, "  waymark                 open the app")
	fmt.Fprintln(w, "  waymark FILE.cjm        open a project in the app")
	for _, c := range cliCommands {
		fmt.Fprintf(w, "  waymark %s %s\n      %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Each command takes -h. Exit status: 0 success, 1 bad input or failure, 2 usage.")
}

// RunCommand runs one command-line verb (args[0]) and returns the exit code.
// It reports whether args named a verb at all; if not, the caller opens the app.
func RunCommand(args []string, stdout, stderr io.Writer) (code int, handled bool) {
	if len(args) == 0 {
		return 0, false
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		Usage(stdout)
		return ExitOK, true
	}
	for _, c := range cliCommands {
		if c.name != args[0] {
			continue
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		err := c.run(ctx, &cli{stdout, stderr}, args[1:])
		var status exitStatus
		switch {
		case err == nil:
			return ExitOK, true
		case errors.Is(err, flag.ErrHelp):
			return ExitOK, true
		case errors.As(err, &status):
			if status.err != nil {
				fmt.Fprintf(stderr, "waymark %s: %v\n", c.name, status.err)
			}
			return status.code, true
		case errors.Is(err, errUsage):
			fmt.Fprintf(stderr, "waymark %s: %v\n", c.name, err)
			fmt.Fprintf(stderr, "usage: waymark %s %s\n", c.name, c.args)
			return ExitUsage, true
		default:
			fmt.Fprintf(stderr, "waymark %s: %v\n", c.name, err)
			return ExitError, true
		}
	}
	if strings.HasPrefix(args[0], "-") || len(args) > 1 {
		fmt.Fprintf(stderr, "waymark: unknown command %q\n\n", args[0])
		Usage(stderr)
		return ExitUsage, true
	}
	return 0, false
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
func (c *cli) parse(fs *flag.FlagSet, verb string, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				c.help(fs, verb)
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

func (c *cli) help(fs *flag.FlagSet, verb string) {
	for _, cmd := range cliCommands {
		if cmd.name == verb {
			fmt.Fprintf(c.stdout, "usage: waymark %s %s\n\n%s.\n", cmd.name, cmd.args, upperFirst(cmd.summary))
		}
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

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func runNew(ctx context.Context, c *cli, args []string) error {
	fs := flags("new")
	tmpl := fs.String("template", "blank", "template to start from (see `waymark templates`)")
	pos, err := c.parse(fs, "new", args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("expected one FILE.cjm, got %d arguments", len(pos))
	}
	p, err := assets.NewProject(*tmpl)
	if err != nil {
		return usagef("%v", err)
	}
	if base := strings.TrimSuffix(filepath.Base(pos[0]), filepath.Ext(pos[0])); *tmpl == "blank" && base != "" {
		p.Name = base
	}
	if err := storage.WriteNew(ctx, p, pos[0]); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "created %s from template %s\n", pos[0], *tmpl)
	return nil
}

func runTemplates(_ context.Context, c *cli, args []string) error {
	fs := flags("templates")
	pos, err := c.parse(fs, "templates", args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("takes no arguments")
	}
	width := 0
	for _, t := range assets.Templates() {
		width = max(width, len(t.Name))
	}
	for _, t := range assets.Templates() {
		fmt.Fprintf(c.stdout, "%-*s  %s: %s\n", width, t.Name, t.Title, t.Description)
	}
	return nil
}

func runCheck(ctx context.Context, c *cli, args []string) error {
	fs := flags("check")
	pos, err := c.parse(fs, "check", args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("expected one FILE.cjm, got %d arguments", len(pos))
	}
	p, err := storage.Check(ctx, pos[0])
	if err != nil {
		return err
	}
	stages, lanes := 0, 0
	for _, j := range p.Journeys {
		stages += len(j.Stages)
		lanes += len(j.Lanes)
	}
	fmt.Fprintf(c.stdout, "%s: valid Waymark project %q\n", pos[0], p.Name)
	fmt.Fprintf(c.stdout, "journeys:    %d\nstages:      %d\nlanes:       %d\ntouchpoints: %d\npersonas:    %d\n",
		len(p.Journeys), stages, lanes, p.TouchpointCount(), len(p.Personas))
	return nil
}

func runExport(ctx context.Context, c *cli, args []string) error {
	fs := flags("export")
	format := fs.String("format", "", "output format: pdf, png, svg, json, mermaid, md or csv (default: from -o's extension)")
	out := fs.String("o", "", "output file; - for standard output (default for json: standard output)")
	journey := fs.String("journey", "", "the journey to print, by title, ID or number (default: the first)")
	paper := fs.String("paper", "A0", "poster paper: "+poster.PaperNames)
	orient := fs.String("orientation", "auto", "auto (landscape for wide maps), landscape or portrait")
	tile := fs.String("tile", "", "split the PDF poster over sheets of this paper, e.g. A4 or Letter")
	overlap := fs.String("overlap", "10mm", "how much neighbouring tiles overlap")
	dpi := fs.Float64("dpi", 150, "PNG resolution in dots per inch")
	margin := fs.String("margin", "10mm", "white border around the poster")
	author := fs.String("author", "", "name shown in the poster's title block")
	bom := fs.Bool("bom", false, "csv: start with a byte order mark, so that Excel shows accents")
	pos, err := c.parse(fs, "export", args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("expected one FILE.cjm, got %d arguments", len(pos))
	}
	if *format == "" && *out != "" && *out != "-" {
		*format = strings.TrimPrefix(strings.ToLower(filepath.Ext(*out)), ".")
	}
	*format = strings.ToLower(*format)
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	switch *format {
	case "mermaid", "mmd", "md", "markdown", "csv":
		return exportInterchange(ctx, c, pos[0], *format, *journey, *bom, *out, set)
	case "json":
		for _, name := range []string{"journey", "paper", "orientation", "tile", "overlap", "dpi", "margin", "author", "bom"} {
			if set[name] {
				return usagef("--%s applies to pdf, png and svg, not to json", name)
			}
		}
		return exportJSON(ctx, c, pos[0], *out)
	case "pdf", "png", "svg":
	case "":
		return usagef("say which format to write: --format pdf, png, svg, json, mermaid, md or csv")
	default:
		return usagef("--format %q is not supported; use pdf, png, svg, json, mermaid, md or csv", *format)
	}
	if *bom {
		return usagef("--bom applies to csv only")
	}
	if *out == "" {
		return usagef("-o OUT is required for %s (use -o - for standard output)", *format)
	}
	opt := poster.DefaultOptions()
	opt.Author = strings.TrimSpace(*author)
	if opt.Paper, err = poster.ParsePaper(*paper); err != nil {
		return usagef("--paper: %v", err)
	}
	if opt.Orientation, err = poster.ParseOrientation(*orient); err != nil {
		return usagef("--orientation: %v", err)
	}
	if opt.Margin, err = poster.ParseLength(*margin); err != nil {
		return usagef("--margin: %v", err)
	}
	if *tile != "" {
		if *format != "pdf" {
			return usagef("--tile applies to pdf only; a %s is one picture of the whole poster", *format)
		}
		if opt.Tile, err = poster.ParsePaper(*tile); err != nil {
			return usagef("--tile: %v", err)
		}
		if opt.Tile.W*opt.Tile.H >= opt.Paper.W*opt.Paper.H {
			return usagef("--tile %s is not smaller than the %s poster; tile a larger --paper", opt.Tile.Name, opt.Paper.Name)
		}
	} else if set["overlap"] {
		return usagef("--overlap needs --tile")
	}
	if opt.Overlap, err = poster.ParseLength(*overlap); err != nil {
		return usagef("--overlap: %v", err)
	}
	if set["dpi"] && *format != "png" {
		return usagef("--dpi applies to png only")
	}
	if *dpi < 10 || *dpi > 1200 || math.IsNaN(*dpi) {
		return usagef("--dpi %g is out of range; use 10 to 1200", *dpi)
	}
	opt.DPI = *dpi
	if err := opt.Check(); err != nil {
		return usagef("%v", err)
	}

	p, err := storage.Check(ctx, pos[0])
	if err != nil {
		return err
	}
	j, err := findJourney(p, *journey)
	if err != nil {
		return usagef("%v", err)
	}
	res, err := exportPoster(ctx, p, j, *format, opt, *out, c.stdout)
	if err != nil {
		return err
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(c.stderr, "waymark export: warning: %s\n", w)
	}
	if *out != "-" {
		fmt.Fprintf(c.stdout, "wrote %s: %s\n", *out, describeResult(*format, opt, res))
	}
	return nil
}

func exportJSON(ctx context.Context, c *cli, in, out string) error {
	p, err := storage.Check(ctx, in)
	if err != nil {
		return err
	}
	data, err := model.EncodeJSON(p)
	if err != nil {
		return err
	}
	if out == "" || out == "-" {
		_, err = c.stdout.Write(data)
		return err
	}
	return writeFileAtomic(out, data)
}

// findJourney picks a journey by title (exact, then ignoring case), by ID
// or by its number (1 first); "" is the first journey.
func findJourney(p *model.Project, name string) (*model.Journey, error) {
	if len(p.Journeys) == 0 {
		return nil, errors.New("the project has no journey to print")
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return p.Journeys[0], nil
	}
	for _, j := range p.Journeys {
		if j.Title == name || string(j.ID) == name {
			return j, nil
		}
	}
	for _, j := range p.Journeys {
		if strings.EqualFold(strings.TrimSpace(j.Title), name) {
			return j, nil
		}
	}
	if n, err := strconv.Atoi(name); err == nil && n >= 1 && n <= len(p.Journeys) {
		return p.Journeys[n-1], nil
	}
	titles := make([]string, len(p.Journeys))
	for i, j := range p.Journeys {
		titles[i] = strconv.Quote(j.Title)
	}
	return nil, fmt.Errorf("--journey %q is not in the project; it has %s", name, strings.Join(titles, ", "))
}

func describeResult(format string, opt poster.Options, res *poster.Result) string {
	switch {
	case format == "png":
		return fmt.Sprintf("%s %s, %d × %d pixels at %g DPI", opt.Paper.Name, res.Orientation, res.PixelsW, res.PixelsH, opt.DPI)
	case res.Rows > 0:
		return fmt.Sprintf("%s %s poster on %d sheets of %s (%d columns × %d rows) after an assembly page",
			opt.Paper.Name, res.Orientation, len(res.Sheets), opt.Tile.Name, res.Cols, res.Rows)
	}
	return fmt.Sprintf("%s %s poster", opt.Paper.Name, res.Orientation)
}

func runImport(ctx context.Context, c *cli, args []string) error {
	fs := flags("import")
	out := fs.String("o", "", "the project file to create")
	format := fs.String("format", "", "input format: json, mermaid, markdown or csv (default: from the file's extension)")
	scale := fs.String("scale", "", "csv: the emotion scale of the scores, e.g. 1..5 or -2..+2 (default: as the header says, else guessed)")
	pos, err := c.parse(fs, "import", args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("expected one input file, got %d arguments", len(pos))
	}
	if *out == "" {
		return usagef("-o FILE.cjm is required")
	}
	if *format == "" {
		*format = strings.TrimPrefix(strings.ToLower(filepath.Ext(pos[0])), ".")
	}
	if *format != "json" {
		return importInterchange(ctx, c, pos[0], *format, *scale, *out)
	}
	if *scale != "" {
		return usagef("--scale applies to csv only")
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], unwrapPathError(err))
	}
	defer f.Close()
	p, err := model.DecodeJSON(f)
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	if err := storage.WriteNew(ctx, p, *out); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "created %s from %s\n", *out, pos[0])
	return nil
}

// unwrapPathError drops the path from an *os.PathError, which the caller
// already names.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// writeFileAtomic writes data next to path and renames it into place, so a
// failure never leaves a half-written output behind.
func writeFileAtomic(path string, data []byte) error {
	return writeAtomic(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeAtomic streams into a temporary file beside path and renames it into
// place only when write succeeded: on any failure nothing is left behind.
func writeAtomic(path string, write func(w io.Writer) error) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	name := tmp.Name()
	fail := func(err error) error {
		tmp.Close()
		os.Remove(name)
		return fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	bw := bufio.NewWriterSize(tmp, 256<<10)
	if err := write(bw); err != nil {
		tmp.Close()
		os.Remove(name)
		return err
	}
	if err := bw.Flush(); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	if err := os.Chmod(name, 0o644); err != nil {
		return fail(err)
	}
	if err := os.Rename(name, path); err != nil {
		os.Remove(name)
		return fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	return nil
}
