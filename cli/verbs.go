package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"waymark/assets"
	"waymark/canvas/poster"
	"waymark/internal/difftext"
	"waymark/internal/printable"
	"waymark/internal/publish"
	"waymark/internal/safefile"
	"waymark/model"
	"waymark/storage"
)

func runNew(ctx context.Context, c *cli, args []string) error {
	fs := flags("new")
	tmpl := fs.String("template", "blank", "template to start from (see `waymark templates`)")
	pos, err := c.parse(fs, args)
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
	pos, err := c.parse(fs, args)
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
	pos, err := c.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("expected one FILE.cjm, got %d arguments", len(pos))
	}
	checked, err := storage.CheckFile(ctx, pos[0])
	if err != nil {
		return err
	}
	p := checked.Project
	stages, lanes := 0, 0
	for _, j := range p.Journeys {
		stages += len(j.Stages)
		lanes += len(j.Lanes)
	}
	fmt.Fprintf(c.stdout, "%s: valid Waymark project %q\n", pos[0], p.Name)
	fmt.Fprintf(c.stdout, "journeys:    %d\nstages:      %d\nlanes:       %d\ntouchpoints: %d\npersonas:    %d\n",
		len(p.Journeys), stages, lanes, p.TouchpointCount(), len(p.Personas))
	// A notice does not make the file invalid: the exit status stays 0.
	for _, n := range checked.Notices {
		fmt.Fprintf(c.stdout, "notice:      %s\n", n)
	}
	return nil
}

func runExport(ctx context.Context, c *cli, args []string) error {
	fs := flags("export")
	format := fs.String("format", "", "output format: pdf, png, svg, json, mermaid, md, csv, or cjm with --without-history (default: from -o's extension)")
	out := fs.String("o", "", "output file; - for standard output (default for json: standard output)")
	journey := fs.String("journey", "", "the journey to print, by title, ID or number (default: the first)")
	paper := fs.String("paper", "A0", "poster paper: "+poster.PaperNames)
	orient := fs.String("orientation", "auto", "auto (landscape for wide maps), landscape or portrait")
	tile := fs.String("tile", "", "split the PDF poster over sheets of this paper, e.g. A4 or Letter")
	overlap := fs.String("overlap", "10mm", "how much neighbouring tiles overlap")
	dpi := fs.Float64("dpi", 150, "PNG resolution in dots per inch")
	margin := fs.String("margin", "10mm", "white border around the poster")
	author := fs.String("author", "", "name shown in the poster's title block")
	segment := fs.String("segment", "", "the segment value whose behaviour figures the poster shows (default: everyone's)")
	beside := fs.String("beside", "", "a second segment value whose figures the poster shows beside them")
	bom := fs.Bool("bom", false, "csv: start with a byte order mark, so that Excel shows accents")
	metrics := fs.String("metrics", "", "csv: also write the journey's behaviour figures, a row per stage, to this file")
	pages := fs.String("pages", "", "the poster's `PAGES` in order, of map, coverage, backlog and changes, separated by commas (pdf; a png or svg is the map alone)")
	since := fs.String("since", "", "pdf: the version (`NAME` or @N) the changes page counts from")
	withoutHistory := fs.Bool("without-history", false, "cjm: write a copy holding the current map only, none of the versions saved in the file")
	lf := lensFlags(fs)
	pos, err := c.parse(fs, args)
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
	if *format == "cjm" {
		return exportWithoutHistory(ctx, c, pos[0], *out, *withoutHistory, set)
	}
	if *withoutHistory {
		return usagef("--without-history applies to --format cjm, a copy of the project file without its saved versions")
	}
	if set["since"] && *format != "pdf" {
		return usagef("--since applies to a pdf's changes page (--pages map,changes --since VERSION)")
	}
	switch *format {
	case "mermaid", "mmd", "md", "markdown", "csv", "json":
		// A lens narrows what a poster shows; a text export holds the
		// whole journey, which a filtered copy would misstate.
		for _, name := range append([]string{"pages"}, lensFlagNames...) {
			if set[name] {
				return usagef("--%s applies to pdf, png and svg posters; a %s export holds the whole journey", name, *format)
			}
		}
	}
	switch *format {
	case "mermaid", "mmd", "md", "markdown", "csv":
		return exportInterchange(ctx, c, pos[0], *format, *journey, *bom, *out, *metrics, set)
	case "json":
		for _, name := range []string{"journey", "paper", "orientation", "tile", "overlap", "dpi", "margin", "author", "bom", "metrics", "segment", "beside"} {
			if set[name] {
				return usagef("--%s applies to pdf, png and svg, not to json", name)
			}
		}
		return exportJSON(ctx, c, pos[0], *out)
	case "pdf", "png", "svg":
	case "":
		return usagef("say which format to write: --format pdf, png, svg, json, mermaid, md, csv or cjm")
	default:
		return usagef("--format %q is not supported; use pdf, png, svg, json, mermaid, md, csv or cjm", *format)
	}
	if *bom {
		return usagef("--bom applies to csv only")
	}
	if *metrics != "" {
		return usagef("--metrics applies to csv only")
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
	if set["pages"] {
		if opt.Pages, err = poster.ParsePages(*pages); err != nil {
			return usagef("--pages: %v", err)
		}
		if *format != "pdf" && !slices.Equal(opt.Pages, []poster.Page{poster.PageMap}) {
			return usagef("--pages %s: a %s is one picture of the map; the coverage and backlog pages print in a pdf", *pages, *format)
		}
	}
	changesPage := slices.Contains(opt.Pages, poster.PageChanges)
	switch {
	case changesPage && strings.TrimSpace(*since) == "":
		return usagef("--pages %s: the changes page needs --since VERSION, the saved version (NAME or @N) it counts the changes from", *pages)
	case !changesPage && set["since"]:
		return usagef("--since says where the changes page counts from; add changes to --pages (--pages map,changes)")
	case changesPage:
		// Named for the options' check; the version, once read, names
		// itself with its date.
		opt.Since = *since
	}
	if err := lf.check(set); err != nil {
		return err
	}
	if err := opt.Check(); err != nil {
		return usagef("%v", err)
	}
	checked, j, err := openJourneyFile(ctx, pos[0], *journey, *out)
	if err != nil {
		return err
	}
	p := checked.Project
	lens, err := lf.lens(p, j)
	if err != nil {
		return err
	}
	if changesPage {
		if opt.Changes, opt.Since, err = changesSince(ctx, pos[0], strings.TrimSpace(*since), p); err != nil {
			return err
		}
	}
	// The title block names the file's latest version.
	if checked.VersionsErr != nil {
		return checked.VersionsErr
	}
	if versions := checked.Versions; len(versions) > 0 {
		opt.Latest = &versions[len(versions)-1]
	}
	for _, v := range []string{*segment, *beside} {
		if v != "" {
			if err := checkSegment(j, v); err != nil {
				return fmt.Errorf("%s: %v", pos[0], err)
			}
		}
	}
	opt.Segment, opt.Compare = *segment, *beside
	shown, total := lensCount(j, lens)
	if lens != nil && shown == 0 {
		c.warn("no card of journey %q passes the lens (%s)", j.Title, lens.Describe(p))
	}
	res, err := publish.ExportPoster(ctx, p, j, lens, *format, opt, *out, c.stdout, pos[0])
	if err != nil {
		return err
	}
	for _, w := range res.Warnings {
		c.warn("%s", w)
	}
	if *out != "-" {
		what := describeResult(*format, opt, res)
		if lens != nil {
			what += fmt.Sprintf(" through the lens %s: %d of %d cards", describeLens(p, lens), shown, total)
		}
		fmt.Fprintf(c.stdout, "wrote %s: %s\n", *out, what)
	}
	return nil
}

// lensFlagNames are the export options that make a lens.
var lensFlagNames = []string{"lens", "channel", "owner", "tag", "flag", "confidence", "persona", "hide"}

// exportLens is what the export options say of a lens: a saved lens by
// name, and filters to add to it (or to make a lens of their own).
type exportLens struct {
	name, persona                            *string
	hide                                     *bool
	channels, owners, tags, flags, confident valuesFlag
}

// valuesFlag is an option that may be given many times: each is one more
// value, an alternative to the others.
type valuesFlag []string

func (l *valuesFlag) String() string { return strings.Join(*l, ", ") }

func (l *valuesFlag) Set(v string) error {
	if strings.TrimSpace(v) == "" {
		return errors.New("needs a value")
	}
	*l = append(*l, strings.TrimSpace(v))
	return nil
}

func lensFlags(fs *flag.FlagSet) *exportLens {
	e := &exportLens{}
	e.name = fs.String("lens", "", "print the poster through the journey's saved lens of this `NAME` (ignoring case); --channel, --owner, --tag, "+
		"--flag, --confidence, --persona and --hide add to it or make a lens of their own. A lens applies to pdf, png and svg posters; "+
		"json, mermaid, md and csv exports hold the whole journey and refuse it")
	fs.Var(&e.channels, "channel", "show the cards of this `CHANNEL` (ignoring case; \""+model.CoverageNone+"\": of none); repeat for more")
	fs.Var(&e.owners, "owner", "show the cards of this `OWNER`, a department or team (\""+model.CoverageNone+"\": of none); repeat for more")
	fs.Var(&e.tags, "tag", "show the cards with this `TAG`; repeat for more")
	fs.Var(&e.flags, "flag", "show the cards flagged `pain-point|opportunity|moment-of-truth`; repeat for more")
	fs.Var(&e.confident, "confidence", "show the cards whose evidence is `assumption|anecdotal|validated|none` (none: not recorded); repeat for more")
	e.persona = fs.String("persona", "", "draw only this `PERSONA`'s curve and scores: a persona of the journey, by name (ignoring case and accents) or ID")
	e.hide = fs.Bool("hide", false, "leave out the cards the lens does not show, and the lanes and stages that then hold none, "+
		"instead of printing them as blank outlines")
	return e
}

// check refuses the lens options' bad values before any file is read;
// set holds the options given.
func (e *exportLens) check(set map[string]bool) error {
	if set["lens"] && strings.TrimSpace(*e.name) == "" {
		return usagef("--lens needs the name of a saved lens")
	}
	if set["persona"] && strings.TrimSpace(*e.persona) == "" {
		return usagef("--persona needs a persona's name or ID")
	}
	for _, f := range e.flags {
		if _, err := model.ParseFlag(f); err != nil {
			return usagef("--flag: %v", err)
		}
	}
	for _, c := range e.confident {
		if _, err := model.ParseConfidence(c); err != nil {
			return usagef("--confidence: %v", err)
		}
	}
	return nil
}

// lens is the lens the options make for journey j of p: the saved lens
// named, with the filters given added (values of one kind are
// alternatives, kinds combine), the persona given taking the saved one's
// place; nil when no option asks for one.
func (e *exportLens) lens(p *model.Project, j *model.Journey) (*model.Lens, error) {
	var l *model.Lens
	if name := strings.TrimSpace(*e.name); name != "" {
		saved, err := publish.FindLens(j, name)
		if err != nil {
			return nil, usagef("%v", err)
		}
		l = saved.Clone()
	}
	adhoc := len(e.channels)+len(e.owners)+len(e.tags)+len(e.flags)+len(e.confident) > 0 || *e.persona != "" || *e.hide
	if !adhoc {
		return l, nil
	}
	if l == nil {
		l = &model.Lens{}
	}
	l.Channels = appendNew(l.Channels, e.channels)
	l.Owners = appendNew(l.Owners, e.owners)
	l.Tags = appendNew(l.Tags, e.tags)
	for _, s := range e.flags {
		f, _ := model.ParseFlag(s)
		if !slices.Contains(l.Flags, f) {
			l.Flags = append(l.Flags, f)
		}
	}
	for _, s := range e.confident {
		c, _ := model.ParseConfidence(s)
		if !slices.Contains(l.Confidence, c) {
			l.Confidence = append(l.Confidence, c)
		}
	}
	if *e.persona != "" {
		x, err := publish.FindPersona(p, j, *e.persona)
		if err != nil {
			return nil, usagef("%v", err)
		}
		l.Persona = x.ID
	}
	if *e.hide {
		if l.Match().All() {
			return nil, usagef("--hide leaves out the cards a filter leaves out; give --lens, --channel, --owner, --tag, --flag or --confidence")
		}
		l.Hide = true
	}
	return l, nil
}

// appendNew adds to vals those of more it lacks, ignoring case.
func appendNew(vals, more []string) []string {
	for _, v := range more {
		if !slices.ContainsFunc(vals, func(x string) bool { return strings.EqualFold(strings.TrimSpace(x), v) }) {
			vals = append(vals, v)
		}
	}
	return vals
}

// lensCount is how many of journey j's cards (in visible lanes) lens
// shows, of how many.
func lensCount(j *model.Journey, lens *model.Lens) (shown, total int) {
	visible := map[model.ID]bool{}
	for _, l := range j.Lanes {
		visible[l.ID] = !l.Hidden
	}
	m := lens.Match()
	for _, t := range j.Touchpoints {
		if visible[t.LaneID] {
			total++
			if m.Shows(t) {
				shown++
			}
		}
	}
	return shown, total
}

// describeLens names a lens for the line that says what was written:
// "\"Mobile app only\" (channel App)", its cards hidden or dimmed.
func describeLens(p *model.Project, l *model.Lens) string {
	s := l.Describe(p)
	if l.Name != "" {
		s = strconv.Quote(l.Name) + " (" + s + ")"
	}
	if l.Hide {
		return s + ", the others left out"
	}
	return s + ", the others as blank outlines"
}

// openJourney is what a verb that writes out a journey does first: it
// refuses an output it may not write (see checkOutput), reads the project
// in (read-only) and finds the journey named (by title, ID or number; ""
// the first), which is a usage error when it is not there.
func openJourney(ctx context.Context, in, journey string, outs ...string) (*model.Project, *model.Journey, error) {
	checked, j, err := openJourneyFile(ctx, in, journey, outs...)
	return checked.Project, j, err
}

// openJourneyFile is openJourney with all the check found, the file's
// versions among it.
func openJourneyFile(ctx context.Context, in, journey string, outs ...string) (storage.Checked, *model.Journey, error) {
	for _, out := range outs {
		if err := checkOutput(out, in); err != nil {
			return storage.Checked{}, nil, err
		}
	}
	checked, err := storage.CheckFile(ctx, in)
	if err != nil {
		return storage.Checked{}, nil, err
	}
	j, err := publish.FindJourney(checked.Project, journey)
	if err != nil {
		return storage.Checked{}, nil, usagef("%v", err)
	}
	return checked, j, nil
}

// checkOutput refuses, before any work, an -o that is the input or not a
// file to replace; the write checks again before it renames.
func checkOutput(out, in string) error {
	if out == "" || out == "-" {
		return nil
	}
	return safefile.CheckTarget(out, in)
}

// loadVersion reads the file at path once and decodes the version pick
// chooses; a version that cannot be read is named.
func loadVersion(ctx context.Context, path string, pick func([]model.Version) (model.Version, error)) (*model.Project, error) {
	v, p, err := storage.LoadVersionOf(ctx, path, pick)
	if err != nil && v.Seq != 0 {
		return nil, fmt.Errorf("%s: version %d %s cannot be read: %w", path, v.Seq, quoteName(v.Name), err)
	}
	return p, err
}

// changesSince is what the poster's changes page lists, what changed from
// the version ref (a name or @N) saved in file in to the project p, and
// how the page names that version: "“After round 2” (3 March 2026)".
func changesSince(ctx context.Context, in, ref string, p *model.Project) ([]model.Change, string, error) {
	var v model.Version
	old, err := loadVersion(ctx, in, func(list []model.Version) (model.Version, error) {
		var err error
		if v, err = findVersion(in, list, ref); err != nil {
			return v, fmt.Errorf("--since: %w", err)
		}
		return v, nil
	})
	if err != nil {
		return nil, "", err
	}
	since := "“" + v.Name + "”"
	if !v.Created.IsZero() {
		since += " (" + v.Created.Local().Format("2 January 2006") + ")"
	}
	return model.Diff(old, p), since, nil
}

// exportWithoutHistory writes a copy of the project file holding the current
// map only: what a team sends outside, without the deleted text and old
// notes its versions keep. A plain copy of the file keeps the history, so
// the option is required, to say which copy this is.
func exportWithoutHistory(ctx context.Context, c *cli, in, out string, without bool, set map[string]bool) error {
	if !without {
		return usagef("--format cjm writes a copy without the saved versions: add --without-history (a plain copy of the file keeps them)")
	}
	for _, name := range append([]string{"journey", "paper", "orientation", "tile", "overlap", "dpi", "margin", "author",
		"bom", "metrics", "segment", "beside", "pages", "since"}, lensFlagNames...) {
		if set[name] {
			return usagef("--%s does not apply to --format cjm, a copy of the whole project", name)
		}
	}
	if out == "" || out == "-" {
		return usagef("-o OUT.cjm is required: a project file is not written to standard output")
	}
	if err := checkOutput(out, in); err != nil {
		return err
	}
	checked, err := storage.CheckFile(ctx, in)
	if err != nil {
		return err
	}
	if checked.VersionsErr != nil {
		return checked.VersionsErr
	}
	list := checked.Versions
	if err := storage.WriteWithoutHistory(ctx, checked.Project, out); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "wrote %s: the current map of %s without its %s\n", printable.Line(out), printable.Line(in),
		difftext.Plural(len(list), "saved version", "saved versions"))
	return nil
}

func exportJSON(ctx context.Context, c *cli, in, out string) error {
	if err := checkOutput(out, in); err != nil {
		return err
	}
	p, err := storage.Check(ctx, in)
	if err != nil {
		return err
	}
	data, err := model.EncodeJSON(p)
	if err != nil {
		return err
	}
	return c.writeOut(out, in, data)
}

// writeOut writes a verb's result to standard output (out "" or "-") or,
// whole or not at all, to file out, which must not be the input in.
func (c *cli) writeOut(out, in string, data []byte) error {
	if out == "" || out == "-" {
		_, err := c.stdout.Write(data)
		return err
	}
	return safefile.WriteBytes(out, data, in)
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
	pos, err := c.parse(fs, args)
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
	if err := checkOutput(*out, pos[0]); err != nil {
		return err
	}
	f, err := safefile.Open(pos[0])
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	defer f.Close()
	p, err := model.DecodeJSON(f)
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	if err := writeImported(ctx, p, pos[0], *out); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "created %s from %s\n", *out, pos[0])
	return nil
}

// writeImported writes an imported project to out, once it is known to be
// valid: a problem with what was read is the input's (`in.csv: touchpoint
// …`), not the output file's.
func writeImported(ctx context.Context, p *model.Project, in, out string) error {
	if err := p.Validate(); err != nil {
		return fmt.Errorf("%s: %s", in, firstProblem(err))
	}
	return storage.WriteNew(ctx, p, out)
}

// firstProblem is the first of the problems Validate joined, with how many
// more there are: a message is one line.
func firstProblem(err error) string {
	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) || len(joined.Unwrap()) < 2 {
		return err.Error()
	}
	errs := joined.Unwrap()
	more := len(errs) - 1
	if more == 1 {
		return fmt.Sprintf("%v (and 1 more problem)", errs[0])
	}
	return fmt.Sprintf("%v (and %d more problems)", errs[0], more)
}

// checkSegment says why a journey's figures have no segment value called
// value, naming the values they have.
func checkSegment(j *model.Journey, value string) error {
	b := j.Behaviour
	if b == nil {
		return fmt.Errorf("journey %q has no behaviour figures, so no segment %q", j.Title, value)
	}
	var values []string
	for i, v := range b.Segments {
		if v.Value == value {
			return nil
		}
		if i < 20 {
			values = append(values, strconv.Quote(v.Value))
		} else if i == 20 {
			values = append(values, fmt.Sprintf("and %d more", len(b.Segments)-20))
		}
	}
	if len(values) == 0 {
		return fmt.Errorf("journey %q's figures are not split by segment; import with --segment ATTR", j.Title)
	}
	return fmt.Errorf("%q is not a value of %s in journey %q's figures; they have %s", value, b.SegmentAttribute, j.Title, strings.Join(values, ", "))
}
