//go:build cgo

package cli

// `waymark events`: event logs into journey figures, with the behaviour
// package's embedded DuckDB. DuckDB is linked through cgo, so this file is
// only built with cgo; events_nocgo.go stands in for it without.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"waymark/assets"
	"waymark/behaviour"
	"waymark/interchange"
	"waymark/internal/eventimport"
	"waymark/internal/printable"
	"waymark/internal/publish"
	"waymark/internal/safefile"
	"waymark/model"
	"waymark/storage"
)

// eventsSubverbs lists the sub-verbs in the order help shows them. It is a
// function, not a variable, because the sub-verbs look themselves up.
func eventsSubverbs() []subverb {
	return []subverb{
		{name: "import", args: "(LOG... | --links L... --stage-events E...) --into FILE.cjm [--journey NAME] [--map MAPPING.toml] " +
			"[--mode funnel|presence] [--window 30d] [--segment ATTR] [--existing-stages] [--without-version] [--time COL] [--time-unit iso|unix_s|unix_ms] [--zone ZONE] " +
			"[--id COL]... [--event COL] [--channel COL] [--attr COL]... [--stage STAGE=PATTERN]... [--memory 4GB] [--threads N]",
			summary: "compute a journey's figures from event logs (CSV, TSV, JSON Lines, Parquet, gzipped or not), or from the results of the sql queries, and save them in the project",
			run:     eventsImport},
		{name: "report", args: "FILE.cjm [--journey NAME] [--format text|csv|json] [--segment VALUE] [-o OUT]",
			summary: "print a journey's figures from its latest import, with the change since the one before",
			run:     eventsReport},
		{name: "inspect", args: "LOG... [-o MAPPING.toml] [--force] [--memory 4GB] [--threads N]",
			summary: "show a log's columns and the roles they probably play, and write a starter mapping file",
			run:     eventsInspect},
		{name: "sql", args: "--map MAPPING.toml --dialect duckdb|bigquery|snowflake|spark [--table events] " +
			"[the mapping flags of import: --time COL, --id COL, --event COL, --stage STAGE=PATTERN, ...]",
			summary: "print the two queries that extract what an import needs from a warehouse table, for `events import --links --stage-events`",
			run:     eventsSQL},
	}
}

// eventsVerb is `waymark events`, its subverbs and their help.
func eventsVerb() subverbs {
	var names []string
	for _, v := range eventsSubverbs() {
		names = append(names, v.name)
	}
	return subverbs{verb: "events", list: eventsSubverbs, footer: []string{"Each subcommand takes -h. A mapping file says which column is what and which events are which stage;",
		"`waymark events inspect LOG -o MAPPING.toml` writes one to start from."}, choices: strings.Join(names, ", ")}
}

// runEvents is `waymark events SUBCOMMAND ...`.
func runEvents(ctx context.Context, c *cli, args []string) error {
	return eventsVerb().run(ctx, c, args)
}

// listFlag is a flag that may be given several times.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ", ") }
func (l *listFlag) Set(v string) error {
	*l = append(*l, v)
	return nil
}

// mappingFlags are the mapping file and the flags that override it, so
// that a one-off import needs no file.
type mappingFlags struct {
	file                                                        string
	time, timeUnit, zone, event, channel, segment, mode, window string
	ids, attrs, stages                                          listFlag
}

func addMappingFlags(fs *flag.FlagSet) *mappingFlags {
	mf := &mappingFlags{}
	fs.StringVar(&mf.file, "map", "", "the mapping file (TOML) saying which column is what and which events are which stage; `waymark events inspect` writes one")
	fs.StringVar(&mf.time, "time", "", "the time column (overrides the mapping's)")
	fs.StringVar(&mf.timeUnit, "time-unit", "", "how the time is written: iso, unix_s or unix_ms (overrides the mapping's)")
	fs.StringVar(&mf.zone, "zone", "", "the IANA time zone of times written without an offset, e.g. Europe/Amsterdam (default: the mapping's, else the machine's)")
	fs.Var(&mf.ids, "id", "an identifier column; repeat it, strongest first (replaces the mapping's list)")
	fs.StringVar(&mf.event, "event", "", "the event name column (overrides the mapping's)")
	fs.StringVar(&mf.channel, "channel", "", "the channel column (overrides the mapping's channel, source and medium)")
	fs.Var(&mf.attrs, "attr", "an attribute column to keep, for segments and rules; may be repeated (adds to the mapping's)")
	fs.Var(&mf.stages, "stage", "a stage rule STAGE=PATTERN, PATTERN a glob on the event name (* ? [a-z]); repeat it, tried in order (replaces the mapping's rules)")
	fs.StringVar(&mf.mode, "mode", "", "funnel (a stage counts once the one before it is reached) or presence (any event counts) (default: the mapping's, else funnel)")
	fs.StringVar(&mf.window, "window", "", "funnel: the conversion window, e.g. 30d, 36h or 90m (default: the mapping's, else none)")
	fs.StringVar(&mf.segment, "segment", "", "an attribute column whose values split the figures (overrides the mapping's)")
	return mf
}

// mapping is the mapping file's (or the defaults') with the flags given
// applied. A flag's value that cannot be right is a usage error; a file
// that cannot be read, or a mapping that is wrong, is not.
func (mf *mappingFlags) mapping(fs *flag.FlagSet) (model.Mapping, error) {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	m := model.DefaultMapping()
	if mf.file != "" {
		f, err := safefile.Open(mf.file)
		if err != nil {
			return m, fmt.Errorf("%s: %w", mf.file, err)
		}
		data, err := io.ReadAll(io.LimitReader(f, 2<<20))
		f.Close()
		if err != nil {
			return m, fmt.Errorf("%s: %w", mf.file, safefile.UnwrapPathError(err))
		}
		if m, err = behaviour.ParseMapping(data); err != nil {
			return m, fmt.Errorf("%s: %v", mf.file, err)
		}
	} else if set["map"] {
		return m, usagef("--map needs a file name")
	}
	empty := func(name, v string) error {
		if set[name] && strings.TrimSpace(v) == "" {
			return usagef("--%s needs a column name", name)
		}
		return nil
	}
	for _, f := range []struct{ name, v string }{{"time", mf.time}, {"event", mf.event}, {"channel", mf.channel}, {"segment", mf.segment}} {
		if err := empty(f.name, f.v); err != nil {
			return m, err
		}
	}
	for _, list := range []struct {
		name string
		v    listFlag
	}{{"id", mf.ids}, {"attr", mf.attrs}} {
		for _, v := range list.v {
			if err := empty(list.name, v); err != nil {
				return m, err
			}
		}
	}
	if set["time"] {
		m.Time.Column = mf.time
	}
	if set["time-unit"] {
		switch u := model.TimeUnit(mf.timeUnit); u {
		case model.TimeISO, model.TimeUnixS, model.TimeUnixMS:
			m.Time.Unit = u
		default:
			return m, usagef("--time-unit %q is not iso, unix_s or unix_ms", mf.timeUnit)
		}
	}
	if set["zone"] {
		m.Time.Zone = strings.TrimSpace(mf.zone)
	}
	if len(mf.ids) > 0 {
		m.Identifiers = append([]string(nil), mf.ids...)
	}
	if set["event"] {
		m.Event = mf.event
	}
	if set["channel"] {
		m.Channel, m.Source, m.Medium = mf.channel, "", ""
	}
	for _, a := range mf.attrs {
		if !containsString(m.Attributes, a) {
			m.Attributes = append(m.Attributes, a)
		}
	}
	if len(mf.stages) > 0 {
		m.Rules = nil
		for _, s := range mf.stages {
			stage, pattern, ok := strings.Cut(s, "=")
			stage, pattern = strings.TrimSpace(stage), strings.TrimSpace(pattern)
			if !ok || stage == "" || pattern == "" {
				return m, usagef("--stage %q is not STAGE=PATTERN, e.g. --stage 'Checkout=checkout_*'", s)
			}
			m.Rules = append(m.Rules, model.StageRule{Stage: stage, Match: model.MatchGlob, Pattern: pattern})
		}
	}
	if set["mode"] {
		switch mode := model.MetricMode(strings.ToLower(mf.mode)); mode {
		case model.ModeFunnel, model.ModePresence:
			m.Metrics.Mode = mode
		default:
			return m, usagef("--mode %q is not funnel or presence", mf.mode)
		}
	}
	if set["window"] {
		w, err := parseWindow(mf.window)
		if err != nil {
			return m, err
		}
		m.Metrics.WindowSeconds = w
	}
	if set["segment"] {
		m.Metrics.Segment = mf.segment
	}
	if err := m.Check(); err != nil {
		return m, err
	}
	// What the engine would also refuse, said with the flags that fix it.
	from := "; give --%s COL"
	if mf.file != "" {
		from += " or name one in " + mf.file
	}
	switch {
	case m.Time.Column == "":
		return m, fmt.Errorf("the mapping names no time column"+from, "time")
	case m.Event == "":
		return m, fmt.Errorf("the mapping names no event column"+from, "event")
	case len(m.Identifiers) == 0:
		return m, fmt.Errorf("the mapping names no identifier column"+from, "id")
	case len(m.Rules) == 0:
		return m, fmt.Errorf("the mapping has no stage rules, so no event would count toward a stage; give --stage STAGE=PATTERN or add [[stage]] tables to a --map file")
	}
	return m, nil
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// parseWindow reads --window as the mapping file's window is read: 30d,
// 36h, 90m, 45s or a Go duration such as 1h30m; 0 or "none" is no window.
func parseWindow(s string) (int64, error) {
	w, err := behaviour.ParseWindow(s)
	if err != nil {
		return 0, usagef("--window %v", err)
	}
	return w, nil
}

// engineFlags are DuckDB's settings.
type engineFlags struct {
	memory  string
	threads int
}

func addEngineFlags(fs *flag.FlagSet) *engineFlags {
	ef := &engineFlags{}
	fs.StringVar(&ef.memory, "memory", "", "DuckDB's memory limit, e.g. 4GB; beyond it DuckDB spills to disk (default: half the machine's memory)")
	fs.IntVar(&ef.threads, "threads", 0, "how many threads DuckDB uses (default: one per CPU)")
	return ef
}

var memorySize = regexp.MustCompile(`(?i)^[0-9]+(\.[0-9]+)?\s*(b|kb|mb|gb|tb|kib|mib|gib|tib)$`)

func (ef *engineFlags) options() (behaviour.Options, error) {
	if ef.memory != "" && !memorySize.MatchString(strings.TrimSpace(ef.memory)) {
		return behaviour.Options{}, usagef("--memory %q is not a size such as 512MB or 4GB", ef.memory)
	}
	if ef.threads < 0 {
		return behaviour.Options{}, usagef("--threads %d is negative; give a count, or 0 for one per CPU", ef.threads)
	}
	opts := behaviour.Options{MemoryLimit: strings.TrimSpace(ef.memory), Threads: ef.threads}
	if engineOptions != nil {
		engineOptions(&opts)
	}
	return opts, nil
}

// engineOptions, when set (by tests), adjusts the engine's options.
var engineOptions func(*behaviour.Options)

// ---- import ----

func eventsImport(ctx context.Context, c *cli, args []string) error {
	fs := flags("events import")
	into := fs.String("into", "", "the project file (.cjm) whose journey gets the figures; a new file is a blank map whose stages are the rules'")
	journey := fs.String("journey", "", "the journey, by title, ID or number (default: the first)")
	existing := fs.Bool("existing-stages", false, "refuse a rule naming a stage the journey lacks, instead of adding the stage at the end")
	without := fs.Bool("without-version", false, "replace a journey's figures even when the map as it is cannot be kept as a version first")
	var links, stageEvents listFlag
	fs.Var(&links, "links", "the identifier links extract (the first query of `waymark events sql`), a file or a glob; may be repeated")
	fs.Var(&stageEvents, "stage-events", "the stage events extract (its second query), a file or a glob; may be repeated")
	mf := addMappingFlags(fs)
	ef := addEngineFlags(fs)
	logs, err := eventsVerb().parse(c, fs, args)
	if err != nil {
		return err
	}
	extracts := len(links) > 0 || len(stageEvents) > 0
	switch {
	case extracts && len(logs) > 0:
		return usagef("give either LOG files or --links and --stage-events, not both")
	case extracts && (len(links) == 0 || len(stageEvents) == 0):
		return usagef("--links and --stage-events go together: give both extracts")
	case !extracts && len(logs) == 0:
		return usagef("name the event logs to import (or give --links and --stage-events)")
	case *into == "":
		return usagef("--into FILE.cjm is required: the project whose journey gets the figures")
	}
	opts, err := ef.options()
	if err != nil {
		return err
	}
	opts.ExistingStagesOnly = *existing
	m, err := mf.mapping(fs)
	if err != nil {
		return err
	}
	doc, created, err := openOrCreate(ctx, *into, *journey)
	if err != nil {
		return err
	}
	// Closing removes the working copy; unless Save ran, the file is as
	// it was.
	defer doc.Close()
	p := doc.Project()
	if len(p.Journeys) == 0 {
		return fmt.Errorf("%s has no journey to import into; add one in the app first", *into)
	}
	j, err := publish.FindJourney(p, *journey)
	if err != nil {
		return usagef("%v", err)
	}
	stages := eventimport.StageNames(j)

	eng, err := behaviour.Open(ctx, opts)
	if err != nil {
		return err
	}
	var b *model.Behaviour
	var rep *behaviour.Report
	if extracts {
		b, rep, err = eng.ImportExtracts(ctx, links, stageEvents, m, stages)
	} else {
		b, rep, err = eng.Import(ctx, logs, m, stages)
	}
	// DuckDB's memory and spill files go before the save.
	if cerr := eng.Close(); cerr != nil && err == nil {
		c.warn("DuckDB's spill folder could not be removed: %v", cerr)
	}
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if j.Behaviour != nil {
		// A refresh replaces figures: the map as it was is kept as a
		// version first, as the app does, so the figures can be compared.
		list, err := doc.Versions(ctx)
		if err != nil {
			return err
		}
		name := storage.FreeVersionName(list, "Before refreshing behaviour data ("+time.Now().Format("2 January 2006, 15:04")+")")
		note := "Kept automatically before new figures replaced those of journey “" + j.Title + "”."
		if _, err := saveVersion(ctx, c, doc, *into, name, note, ""); err != nil {
			if ctx.Err() != nil {
				return err
			}
			if !*without {
				return fmt.Errorf("%w; nothing was imported: pass --without-version to replace the figures without keeping the map as it is", err)
			}
			c.warn("%v; replacing the figures without it, as --without-version asks", err)
		}
	}
	cmd := eventimport.Command(j, b, rep)
	if err := doc.History().Do(cmd); err != nil {
		return fmt.Errorf("%s: the figures cannot be applied: %v", *into, err)
	}
	if created {
		// SaveAs replaces: the file must still not exist.
		if _, err := os.Lstat(*into); err == nil {
			return fmt.Errorf("%s was made by someone else while the import ran; nothing was written: import again", *into)
		}
		err = doc.SaveAs(ctx, *into)
	} else {
		err = doc.Save(ctx)
	}
	if errors.Is(err, storage.ErrChangedOnDisk) {
		return fmt.Errorf("%s was changed by someone else while the import ran; nothing was written: import again", *into)
	}
	if err != nil {
		return err
	}
	if err := doc.Close(); err != nil {
		c.warn("%v", err)
	}

	var what string
	if extracts {
		what = "the extracts " + strings.Join(append(append([]string{}, links...), stageEvents...), ", ")
	} else {
		what = strings.Join(logs, ", ")
	}
	if created {
		fmt.Fprintf(c.stdout, "created %s from the blank template, its journey's stages from the stage rules\n", printable.Line(*into))
	}
	fmt.Fprintf(c.stdout, "imported %s into journey %q of %s\n\n", printable.Line(what), printable.Line(j.Title), printable.Line(*into))
	writeImportSummary(c.stdout, b, rep)
	fmt.Fprintln(c.stdout)
	writeStageTable(c.stdout, b.Stages, j.PreviousBehaviour.ByStage(""))
	if n := len(rep.AddedStages); n > 0 && !created {
		c.warn("%s added at the end of journey %q: %s", plural(int64(n), "stage was", "stages were"), j.Title, strings.Join(rep.AddedStages, ", "))
	}
	if rep.BadRowTotal > 0 {
		c.warn("%s could not be read and left out (listed above)", plural(rep.BadRowTotal, "row", "rows"))
	}
	if n := b.Stitching.SharedRefused; n > 0 {
		c.warn("%s not used to link persons: shared, or linked to too many others (listed above)", plural(n, "identifier was", "identifiers were"))
	}
	reached := false
	for _, s := range b.Stages {
		reached = reached || s.Reached > 0
	}
	if !reached {
		c.warn("no person reached any stage: no event matched a stage rule; check the rules against the unmapped events above")
	}
	return nil
}

// openOrCreate opens the project an import goes into. A file that does
// not exist yet is a new project from the blank template without its
// placeholder stages, so that a log imports into a new blank map whose
// stages are the rules'; journey, when given, titles its journey.
func openOrCreate(ctx context.Context, path, journey string) (doc *storage.Document, created bool, err error) {
	if _, err := os.Lstat(path); !errors.Is(err, os.ErrNotExist) {
		doc, err := storage.Open(ctx, path, storage.Options{})
		return doc, false, err
	}
	// Said now, not after a long import.
	if st, err := os.Stat(filepath.Dir(path)); err != nil || !st.IsDir() {
		return nil, false, fmt.Errorf("%s cannot be made: the folder %s does not exist", path, filepath.Dir(path))
	}
	p, err := assets.NewProject("blank")
	if err != nil {
		return nil, false, err
	}
	if base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)); base != "" {
		p.Name = base
	}
	if len(p.Journeys) > 0 {
		j := p.Journeys[0]
		if len(j.Touchpoints) == 0 {
			j.Stages = nil
		}
		if t := strings.TrimSpace(journey); t != "" {
			j.Title = t
		}
	}
	doc, err = storage.NewDocument(p, storage.Options{})
	return doc, true, err
}

// maxListed caps the lists of the import summary.
const (
	maxUnmappedListed = 10
	maxRowsListed     = 20
)

func writeImportSummary(w io.Writer, b *model.Behaviour, rep *behaviour.Report) {
	line := func(label, format string, args ...any) {
		for i, a := range args {
			if n, ok := a.(int64); ok {
				args[i] = model.Thousands(n)
			}
		}
		format = strings.ReplaceAll(format, "%d", "%s")
		fmt.Fprintf(w, "%-28s %s\n", label+":", printable.Line(fmt.Sprintf(format, args...)))
	}
	line("persons", "%d", b.Persons)
	line("events", "%d", b.Events)
	line("unattributable events", "%d (only placeholder identifiers)", b.Unattributable)
	line("unmapped events", "%d (no stage rule matched)", b.Unmapped)
	line("bad rows", "%d", rep.BadRowTotal)
	line("identifiers", "%d", b.Stitching.Identifiers)
	line("merges", "%d (identifiers joined into another's person)", b.Stitching.Merges)
	line("placeholders refused", "%s", nameCounts(b.Stitching.PlaceholderRefused, 10))
	line("shared identifiers refused", "%d", b.Stitching.SharedRefused)
	if len(rep.AddedStages) > 0 {
		line("stages added", "%s", strings.Join(rep.AddedStages, ", "))
	} else {
		line("stages added", "none")
	}
	if len(b.UnmappedEvents) > 0 {
		fmt.Fprintf(w, "\nunmapped events, most first:\n")
		writeCounts(w, b.UnmappedEvents, maxUnmappedListed)
	}
	if len(rep.BadRows) > 0 {
		fmt.Fprintf(w, "\nbad rows")
		if rep.BadRowTotal > int64(len(rep.BadRows)) {
			fmt.Fprintf(w, " (the first %d of %d)", len(rep.BadRows), rep.BadRowTotal)
		}
		fmt.Fprintln(w, ":")
		for i, r := range rep.BadRows {
			if i == maxRowsListed {
				break
			}
			where := fmt.Sprintf("%s:%d", r.File, r.Line)
			if r.Line <= 0 {
				where = r.File // an extract's rows have no line of the log
			}
			fmt.Fprintf(w, "  %s\n", printable.Line(where+": "+r.Reason))
		}
	}
	if len(rep.SharedRefused) > 0 {
		fmt.Fprintf(w, "\nidentifiers refused as shared")
		if b.Stitching.SharedRefused > int64(len(rep.SharedRefused)) {
			fmt.Fprintf(w, " (the %d most linked of %d)", len(rep.SharedRefused), b.Stitching.SharedRefused)
		}
		fmt.Fprintln(w, ":")
		rows := [][]string{}
		for i, r := range rep.SharedRefused {
			if i == maxRowsListed {
				break
			}
			rows = append(rows, []string{r.Column, r.Value, model.Thousands(r.Links), r.Reason})
		}
		writeTable(w, "  ", []string{"Column", "Value", "Links", "Reason"}, "llrl", rows)
	}
}

// plural is "1 row" or "2 rows".
func plural(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return model.Thousands(n) + " " + many
}

// nameCounts is `"a" (120 events), "b" (1 event), ...` for the first n,
// or "none".
func nameCounts(list []model.NameCount, n int) string {
	if len(list) == 0 {
		return "none"
	}
	parts := []string{}
	for i, x := range list {
		if i == n {
			parts = append(parts, fmt.Sprintf("and %d more", len(list)-n))
			break
		}
		parts = append(parts, fmt.Sprintf("%q (%s)", x.Name, plural(x.Count, "event", "events")))
	}
	return strings.Join(parts, ", ")
}

// writeCounts writes the first n counts of list, right-aligned, then the name.
func writeCounts(w io.Writer, list []model.NameCount, n int) {
	rows := [][]string{}
	for i, x := range list {
		if i == n {
			break
		}
		rows = append(rows, []string{model.Thousands(x.Count), x.Name})
	}
	writeTable(w, "  ", nil, "rl", rows)
	if len(list) > n {
		fmt.Fprintf(w, "  (and %d more)\n", len(list)-n)
	}
}

// writeTable writes rows as aligned columns: align holds l or r per
// column. Cells are made printable; a header, if any, goes first.
func writeTable(w io.Writer, indent string, header []string, align string, rows [][]string) {
	all := rows
	if header != nil {
		all = append([][]string{header}, rows...)
	}
	widths := make([]int, len(align))
	for _, r := range all {
		for i := range r {
			r[i] = printable.Line(r[i])
			widths[i] = max(widths[i], utf8.RuneCountInString(r[i]))
		}
	}
	for _, r := range all {
		var b strings.Builder
		b.WriteString(indent)
		for i, cell := range r {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell))
			if i > 0 {
				b.WriteString("  ")
			}
			if align[i] == 'r' {
				b.WriteString(pad + cell)
			} else if i < len(r)-1 {
				b.WriteString(cell + pad)
			} else {
				b.WriteString(cell)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// writeStageTable is the per-stage table; with prev (not nil), also the
// change of reach and conversion since the previous import.
func writeStageTable(w io.Writer, stages []model.StageFigures, prev map[string]model.StageFigures) {
	header := []string{"Stage", "Reached", "From prev.", "From first", "Drop-off", "Median time", "P90 time", "Top channels"}
	align := "lrrrrrrl"
	if prev != nil {
		header = []string{"Stage", "Reached", "Change", "From prev.", "From first", "Change", "Drop-off", "Median time", "P90 time", "Top channels"}
		align = "lrrrrrrrrl"
	}
	// Without a channel column every event's channel is "(none)": no
	// column for that.
	hasChannels := false
	for _, s := range stages {
		for _, ch := range s.Channels {
			hasChannels = hasChannels || ch.Channel != model.NoValue
		}
	}
	if !hasChannels {
		header, align = header[:len(header)-1], align[:len(align)-1]
	}
	rows := [][]string{}
	for i, s := range stages {
		dropOff, median, p90 := "", "-", "-"
		if i > 0 {
			dropOff = fmt.Sprintf("%s (%s)", model.Thousands(s.DropOff), percent(s.DropOffRate))
		}
		if s.Timed > 0 {
			median, p90 = humanDuration(s.MedianSeconds), humanDuration(s.P90Seconds)
		}
		var channels []string
		for k, ch := range s.Channels {
			if k == 3 {
				break
			}
			channels = append(channels, fmt.Sprintf("%s %s", ch.Channel, percent0(ch.Share)))
		}
		row := []string{s.Stage, model.Thousands(s.Reached), percent(s.ConversionFromPrevious), percent(s.ConversionFromFirst),
			dropOff, median, p90, strings.Join(channels, ", ")}
		if prev != nil {
			reach, conv := "new", "new"
			if p, ok := prev[s.Stage]; ok {
				reach = signed(s.Reached - p.Reached)
				conv = points(s.ConversionFromFirst - p.ConversionFromFirst)
			}
			row = []string{row[0], row[1], reach, row[2], row[3], conv, row[4], row[5], row[6], row[7]}
		}
		if !hasChannels {
			row = row[:len(row)-1]
		}
		rows = append(rows, row)
	}
	writeTable(w, "", header, align, rows)
}

func percent(share float64) string  { return strconv.FormatFloat(100*share, 'f', 1, 64) + "%" }
func percent0(share float64) string { return strconv.FormatFloat(100*share, 'f', 0, 64) + "%" }

func signed(n int64) string {
	if n >= 0 {
		return "+" + model.Thousands(n)
	}
	return model.Thousands(n)
}

// points is a change of a share in percentage points: "+3.1 pts".
func points(d float64) string {
	s := strconv.FormatFloat(100*d, 'f', 1, 64)
	if s == "-0.0" {
		s = "0.0"
	}
	if !strings.HasPrefix(s, "-") {
		s = "+" + s
	}
	return s + " pts"
}

// humanDuration writes seconds as a person reads them: 45s, 12m 05s,
// 2h 05m, 3d 4h.
func humanDuration(seconds float64) string {
	s := int64(math.Round(seconds))
	switch {
	case s < 60:
		return fmt.Sprintf("%ds", s)
	case s < 3600:
		return fmt.Sprintf("%dm %02ds", s/60, s%60)
	case s < 86400:
		return fmt.Sprintf("%dh %02dm", s/3600, s%3600/60)
	}
	return fmt.Sprintf("%dd %dh", s/86400, s%86400/3600)
}

// ---- report ----

func eventsReport(ctx context.Context, c *cli, args []string) error {
	fs := flags("events report")
	journey := fs.String("journey", "", "the journey, by title, ID or number (default: the first)")
	format := fs.String("format", "text", "text, csv or json")
	segment := fs.String("segment", "", "show the figures of the persons with this value of the segment attribute")
	out := fs.String("o", "", "write to this file instead of standard output")
	pos, err := eventsVerb().parse(c, fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("expected one FILE.cjm, got %d arguments", len(pos))
	}
	*format = strings.ToLower(*format)
	switch *format {
	case "text", "csv", "json":
	default:
		return usagef("--format %q is not supported; use text, csv or json", *format)
	}
	if err := checkOutput(*out, pos[0]); err != nil {
		return err
	}
	p, err := storage.Check(ctx, pos[0])
	if err != nil {
		return err
	}
	if len(p.Journeys) == 0 {
		return fmt.Errorf("%s has no journey", pos[0])
	}
	j, err := publish.FindJourney(p, *journey)
	if err != nil {
		return usagef("%v", err)
	}
	b := j.Behaviour
	if b == nil {
		return fmt.Errorf("journey %q of %s has no figures yet; import an event log with `waymark events import LOG --into %s`", j.Title, pos[0], pos[0])
	}
	seg := (*model.SegmentValue)(nil)
	if *segment != "" {
		if b.SegmentAttribute == "" || len(b.Segments) == 0 {
			return fmt.Errorf("the figures of journey %q are not split into segments; import with --segment ATTR", j.Title)
		}
		var values []string
		for i := range b.Segments {
			if b.Segments[i].Value == *segment {
				seg = &b.Segments[i]
			}
			values = append(values, strconv.Quote(b.Segments[i].Value))
		}
		if seg == nil {
			return fmt.Errorf("--segment %q is not a value of %s in the figures; they have %s", *segment, b.SegmentAttribute, strings.Join(values, ", "))
		}
	}
	var buf bytes.Buffer
	switch *format {
	case "text":
		writeTextReport(&buf, pos[0], j, seg)
	case "csv":
		value := ""
		if seg != nil {
			value = seg.Value
		}
		err = interchange.ExportMetricsCSV(&buf, j, value, interchange.ExportOptions{})
	case "json":
		err = writeJSONReport(&buf, pos[0], j, seg)
	}
	if err != nil {
		return err
	}
	if err := c.writeOut(*out, pos[0], buf.Bytes()); err != nil || *out == "" || *out == "-" {
		return err
	}
	fmt.Fprintf(c.stdout, "wrote %s: the figures of journey %q as %s\n", printable.Line(*out), printable.Line(j.Title), *format)
	return nil
}

func localTime(ms int64) string {
	if ms == 0 {
		return "-"
	}
	return time.UnixMilli(ms).Local().Format("2006-01-02 15:04 -07:00")
}

func writeTextReport(w io.Writer, file string, j *model.Journey, seg *model.SegmentValue) {
	b := j.Behaviour
	fmt.Fprintf(w, "Journey %q of %s\n", printable.Line(j.Title), printable.Line(file))
	mode := string(b.Mapping.Metrics.Mode)
	if b.Mapping.Metrics.WindowSeconds > 0 {
		mode += ", window " + humanDuration(float64(b.Mapping.Metrics.WindowSeconds))
	}
	fmt.Fprintf(w, "Imported %s (%s mode)\n", localTime(lastImport(b)), mode)
	fmt.Fprintf(w, "%s persons, %s events, %s unattributable, %s unmapped, %s bad rows\n",
		model.Thousands(b.Persons), model.Thousands(b.Events), model.Thousands(b.Unattributable), model.Thousands(b.Unmapped), model.Thousands(b.BadRows))
	stages, prev := b.Stages, j.PreviousBehaviour.ByStage("")
	if seg != nil {
		fmt.Fprintf(w, "Segment %s = %q: %s persons\n", printable.Line(b.SegmentAttribute), printable.Line(seg.Value), model.Thousands(seg.Persons))
		stages, prev = seg.Stages, j.PreviousBehaviour.ByStage(seg.Value)
	}
	if pb := j.PreviousBehaviour; pb != nil {
		fmt.Fprintf(w, "Change since the previous import (%s): %s persons, %s events\n", localTime(lastImport(pb)),
			signed(b.Persons-pb.Persons), signed(b.Events-pb.Events))
	}
	fmt.Fprintln(w)
	writeStageTable(w, stages, prev)
	if len(b.TopStagePaths) > 0 {
		fmt.Fprintln(w, "\nTop stage paths (persons):")
		writeCounts(w, b.TopStagePaths, model.TopPaths)
	}
	if len(b.TopChannelPaths) > 0 {
		fmt.Fprintln(w, "\nTop channel paths (persons):")
		writeCounts(w, b.TopChannelPaths, model.TopPaths)
	}
	if len(b.UnmappedEvents) > 0 {
		fmt.Fprintln(w, "\nUnmapped events, most first:")
		writeCounts(w, b.UnmappedEvents, maxUnmappedListed)
	}
	if seg == nil && len(b.Segments) > 0 {
		fmt.Fprintf(w, "\nSegments by %s (persons; --segment VALUE shows one):\n", printable.Line(b.SegmentAttribute))
		list := make([]model.NameCount, len(b.Segments))
		for i, s := range b.Segments {
			list[i] = model.NameCount{Name: s.Value, Count: s.Persons}
		}
		writeCounts(w, list, len(list))
	}
	fmt.Fprintln(w, "\nSources:")
	rows := [][]string{}
	for _, s := range b.Sources {
		rows = append(rows, []string{s.Name, model.Thousands(s.Rows), localTime(s.FirstEvent), localTime(s.LastEvent),
			shortHash(s.SHA256), localTime(s.ImportedAt)})
	}
	writeTable(w, "  ", []string{"Name", "Rows", "First event", "Last event", "SHA-256", "Imported"}, "lrlllll", rows)
	st := b.Stitching
	fmt.Fprintln(w, "\nStitching:")
	fmt.Fprintf(w, "  %s identifiers, %s merges, %s identifiers refused as shared\n", model.Thousands(st.Identifiers), model.Thousands(st.Merges), model.Thousands(st.SharedRefused))
	fmt.Fprintf(w, "  placeholders refused: %s\n", printable.Line(nameCounts(st.PlaceholderRefused, 10)))
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// reportJSON is `waymark events report --format json`, version 1. Field
// names are a documented format: add fields, never rename them. Counts are
// numbers, shares 0..1, durations seconds, instants RFC 3339 text (UTC);
// every list is present, empty when there is nothing. With --segment,
// segment is set, stages are that value's, and segments is empty.
type reportJSON struct {
	Format           string           `json:"format"` // "waymark-events-report"
	Version          int              `json:"version"`
	File             string           `json:"file"`
	Journey          journeyJSON      `json:"journey"`
	Segment          *segmentRefJSON  `json:"segment"`
	Mode             string           `json:"mode"`
	WindowSeconds    int64            `json:"window_seconds"`
	Persons          int64            `json:"persons"`
	Events           int64            `json:"events"`
	Unattributable   int64            `json:"unattributable"`
	Unmapped         int64            `json:"unmapped"`
	BadRows          int64            `json:"bad_rows"`
	UnmappedEvents   []nameCountJSON  `json:"unmapped_events"`
	Stages           []stageJSON      `json:"stages"`
	TopStagePaths    []nameCountJSON  `json:"top_stage_paths"`
	TopChannelPaths  []nameCountJSON  `json:"top_channel_paths"`
	SegmentAttribute string           `json:"segment_attribute"`
	Segments         []segmentJSON    `json:"segments"`
	Sources          []sourceJSON     `json:"sources"`
	Stitching        stitchingJSON    `json:"stitching"`
	Previous         *previousRunJSON `json:"previous"` // null: no previous import
}

type journeyJSON struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

type segmentRefJSON struct {
	Attribute string `json:"attribute"`
	Value     string `json:"value"`
	Persons   int64  `json:"persons"`
}

type nameCountJSON struct {
	Name  string `json:"name"`
	Count int64  `json:"count"`
}

type stageJSON struct {
	Stage                  string             `json:"stage"`
	StageID                string             `json:"stage_id"`
	Reached                int64              `json:"reached"`
	ConversionFromPrevious float64            `json:"conversion_from_previous"`
	ConversionFromFirst    float64            `json:"conversion_from_first"`
	DropOff                int64              `json:"drop_off"`
	DropOffRate            float64            `json:"drop_off_rate"`
	Timed                  int64              `json:"timed"`
	MedianSeconds          float64            `json:"median_seconds"`
	P90Seconds             float64            `json:"p90_seconds"`
	Channels               []channelJSON      `json:"channels"`
	EntryChannels          []nameCountJSON    `json:"entry_channels"`
	TopEvents              []eventChannelJSON `json:"top_events"` // the (event, channel) pairs most persons had
	Previous               *previousStageJSON `json:"previous"`   // null: not in the previous import
}

type eventChannelJSON struct {
	Event   string `json:"event"`
	Channel string `json:"channel"`
	Persons int64  `json:"persons"`
}

type channelJSON struct {
	Channel string  `json:"channel"`
	Events  int64   `json:"events"`
	Share   float64 `json:"share"`
}

type previousStageJSON struct {
	Reached                int64   `json:"reached"`
	ConversionFromPrevious float64 `json:"conversion_from_previous"`
	ConversionFromFirst    float64 `json:"conversion_from_first"`
	MedianSeconds          float64 `json:"median_seconds"`
}

type segmentJSON struct {
	Value   string      `json:"value"`
	Persons int64       `json:"persons"`
	Stages  []stageJSON `json:"stages"`
}

type sourceJSON struct {
	Name       string `json:"name"`
	Size       int64  `json:"size"`
	SHA256     string `json:"sha256"`
	Rows       int64  `json:"rows"`
	FirstEvent string `json:"first_event"` // "" when the file had no event
	LastEvent  string `json:"last_event"`
	ImportedAt string `json:"imported_at"`
}

type stitchingJSON struct {
	Identifiers         int64           `json:"identifiers"`
	Merges              int64           `json:"merges"`
	PlaceholdersRefused []nameCountJSON `json:"placeholders_refused"`
	SharedRefused       int64           `json:"shared_refused"`
	SharedRefusedLinks  []int64         `json:"shared_refused_links"`
}

type previousRunJSON struct {
	Persons    int64  `json:"persons"`
	Events     int64  `json:"events"`
	ImportedAt string `json:"imported_at"`
}

func rfc3339(ms int64) string {
	if ms == 0 {
		return ""
	}
	return time.UnixMilli(ms).UTC().Format(time.RFC3339)
}

func nameCountsJSON(list []model.NameCount) []nameCountJSON {
	out := make([]nameCountJSON, 0, len(list))
	for _, x := range list {
		out = append(out, nameCountJSON{x.Name, x.Count})
	}
	return out
}

func stagesJSON(list []model.StageFigures, prev map[string]model.StageFigures) []stageJSON {
	out := make([]stageJSON, 0, len(list))
	for _, s := range list {
		x := stageJSON{Stage: s.Stage, StageID: string(s.StageID), Reached: s.Reached, ConversionFromPrevious: s.ConversionFromPrevious,
			ConversionFromFirst: s.ConversionFromFirst, DropOff: s.DropOff, DropOffRate: s.DropOffRate, Timed: s.Timed,
			MedianSeconds: s.MedianSeconds, P90Seconds: s.P90Seconds, Channels: make([]channelJSON, 0, len(s.Channels)),
			EntryChannels: nameCountsJSON(s.EntryChannels), TopEvents: make([]eventChannelJSON, 0, len(s.TopEvents))}
		for _, e := range s.TopEvents {
			x.TopEvents = append(x.TopEvents, eventChannelJSON(e))
		}
		for _, c := range s.Channels {
			x.Channels = append(x.Channels, channelJSON{c.Channel, c.Events, c.Share})
		}
		if p, ok := prev[s.Stage]; ok {
			x.Previous = &previousStageJSON{p.Reached, p.ConversionFromPrevious, p.ConversionFromFirst, p.MedianSeconds}
		}
		out = append(out, x)
	}
	return out
}

func lastImport(b *model.Behaviour) int64 {
	var at int64
	for _, s := range b.Sources {
		at = max(at, s.ImportedAt)
	}
	return at
}

func writeJSONReport(w io.Writer, file string, j *model.Journey, seg *model.SegmentValue) error {
	b := j.Behaviour
	r := reportJSON{Format: "waymark-events-report", Version: 1, File: file, Journey: journeyJSON{string(j.ID), j.Title},
		Mode: string(b.Mapping.Metrics.Mode), WindowSeconds: b.Mapping.Metrics.WindowSeconds,
		Persons: b.Persons, Events: b.Events, Unattributable: b.Unattributable, Unmapped: b.Unmapped, BadRows: b.BadRows,
		UnmappedEvents: nameCountsJSON(b.UnmappedEvents), TopStagePaths: nameCountsJSON(b.TopStagePaths),
		TopChannelPaths: nameCountsJSON(b.TopChannelPaths), SegmentAttribute: b.SegmentAttribute, Segments: []segmentJSON{},
		Sources: []sourceJSON{},
		Stitching: stitchingJSON{Identifiers: b.Stitching.Identifiers, Merges: b.Stitching.Merges,
			PlaceholdersRefused: nameCountsJSON(b.Stitching.PlaceholderRefused), SharedRefused: b.Stitching.SharedRefused,
			SharedRefusedLinks: append([]int64{}, b.Stitching.SharedRefusedLinks...)}}
	if seg != nil {
		r.Segment = &segmentRefJSON{b.SegmentAttribute, seg.Value, seg.Persons}
		r.Stages = stagesJSON(seg.Stages, j.PreviousBehaviour.ByStage(seg.Value))
	} else {
		r.Stages = stagesJSON(b.Stages, j.PreviousBehaviour.ByStage(""))
		for _, s := range b.Segments {
			r.Segments = append(r.Segments, segmentJSON{s.Value, s.Persons, stagesJSON(s.Stages, j.PreviousBehaviour.ByStage(s.Value))})
		}
	}
	for _, s := range b.Sources {
		r.Sources = append(r.Sources, sourceJSON{s.Name, s.Size, s.SHA256, s.Rows, rfc3339(s.FirstEvent), rfc3339(s.LastEvent), rfc3339(s.ImportedAt)})
	}
	if pb := j.PreviousBehaviour; pb != nil {
		r.Previous = &previousRunJSON{pb.Persons, pb.Events, rfc3339(lastImport(pb))}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// ---- inspect ----

func eventsInspect(ctx context.Context, c *cli, args []string) error {
	fs := flags("events inspect")
	out := fs.String("o", "", "write the starter mapping to this file instead of standard output")
	force := fs.Bool("force", false, "with -o, replace an existing file")
	ef := addEngineFlags(fs)
	logs, err := eventsVerb().parse(c, fs, args)
	if err != nil {
		return err
	}
	if len(logs) == 0 {
		return usagef("name the event logs to inspect")
	}
	if *force && *out == "" {
		return usagef("--force applies with -o only")
	}
	opts, err := ef.options()
	if err != nil {
		return err
	}
	if *out != "" && *out != "-" {
		if err := safefile.CheckTarget(*out, logs...); err != nil {
			return err
		}
		if _, err := os.Lstat(*out); err == nil && !*force {
			return fmt.Errorf("%s already exists; add --force to replace it, or name another file", *out)
		}
	}
	eng, err := behaviour.Open(ctx, opts)
	if err != nil {
		return err
	}
	defer eng.Close()
	in, err := eng.Inspect(ctx, logs)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "%s: %s, %d rows read\n\n", printable.Line(strings.Join(in.Files, ", ")), in.Format, in.Rows)
	rows := [][]string{}
	for _, col := range in.Columns {
		samples := col.Samples
		if len(samples) > 3 {
			samples = samples[:3]
		}
		rows = append(rows, []string{col.Name, col.Type, col.Role, clipRunes(strings.Join(samples, ", "), 60)})
	}
	writeTable(c.stdout, "", []string{"Column", "Type", "Role", "Samples"}, "llll", rows)
	starter := in.StarterMapping()
	if !strings.HasSuffix(starter, "\n") {
		starter += "\n"
	}
	if *out != "" && *out != "-" {
		if err := safefile.WriteBytes(*out, []byte(starter), logs...); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "\nwrote %s: the starter mapping; check its roles and stages, then\n  waymark events import %s --map %s --into FILE.cjm\n",
			printable.Line(*out), printable.Line(strings.Join(logs, " ")), printable.Line(*out))
		return nil
	}
	fmt.Fprintf(c.stdout, "\n%s\n\n%s", strings.Repeat("-", 72), starter)
	return nil
}

func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// ---- sql ----

func eventsSQL(_ context.Context, c *cli, args []string) error {
	fs := flags("events sql")
	dialect := fs.String("dialect", "", "the warehouse's SQL: duckdb, bigquery, snowflake or spark")
	table := fs.String("table", "events", "the table or view that holds the events")
	mf := addMappingFlags(fs)
	pos, err := eventsVerb().parse(c, fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("takes no file arguments; the mapping comes from --map and the flags")
	}
	names := make([]string, len(behaviour.Dialects))
	var d behaviour.Dialect
	for i, x := range behaviour.Dialects {
		names[i] = string(x)
		if strings.EqualFold(*dialect, string(x)) {
			d = x
		}
	}
	switch {
	case *dialect == "":
		return usagef("say which SQL to write: --dialect %s", strings.Join(names, ", "))
	case d == "":
		return usagef("--dialect %q is not supported; use %s", *dialect, strings.Join(names, ", "))
	case strings.TrimSpace(*table) == "":
		return usagef("--table needs a table name")
	}
	m, err := mf.mapping(fs)
	if err != nil {
		return err
	}
	q, err := behaviour.Queries(m, d, strings.TrimSpace(*table))
	if err != nil {
		return err
	}
	statement := func(s string) string {
		s = strings.TrimSpace(s)
		if !strings.HasSuffix(s, ";") {
			s += ";"
		}
		return s
	}
	fmt.Fprintf(c.stdout, "-- 1. identifier links: save the result as links.csv (or .parquet)\n%s\n\n", statement(q.Links))
	fmt.Fprintf(c.stdout, "-- 2. stage events: save the result as stage_events.csv (or .parquet)\n%s\n", statement(q.StageEvents))
	return nil
}
