package interchange

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"waymark/model"
)

// The CSV columns, in the order ExportCSV writes them; the emotion columns
// ("emotion: NAME (SCALE)") come after channel.
const (
	colJourney    = "journey"
	colStage      = "stage"
	colLane       = "lane"
	colOrder      = "order"
	colTitle      = "title"
	colNotes      = "notes"
	colChannel    = "channel"
	colPainPoint  = "pain point"
	colOpportun   = "opportunity"
	colMoment     = "moment of truth"
	colOwner      = "owner"
	colTags       = "tags"
	colEvidence   = "evidence"
	colLinks      = "evidence links"
	colConfidence = "confidence"
	colColour     = "colour"
	colImpact     = "impact"
	colEffort     = "effort"
)

var (
	csvLeading = []string{colJourney, colStage, colLane, colOrder, colTitle, colNotes, colChannel}
	// Impact and effort came last, so that a spreadsheet's formulas over
	// the older columns keep pointing where they did.
	csvTrailing = []string{colPainPoint, colOpportun, colMoment, colOwner, colTags, colEvidence, colLinks, colConfidence, colColour,
		colImpact, colEffort}

	// Other names a header may give a column (lower case, single spaces).
	csvAliases = map[string]string{
		"journeys": colJourney, "journey title": colJourney,
		"stages": colStage, "phase": colStage, "phases": colStage,
		"lanes": colLane, "row": colLane,
		"position":   colOrder,
		"touchpoint": colTitle, "card": colTitle,
		"note": colNotes, "description": colNotes,
		"channels":    colChannel,
		"pain points": colPainPoint, "painpoint": colPainPoint, "pain": colPainPoint,
		"opportunities":    colOpportun,
		"moments of truth": colMoment, "moment": colMoment,
		"tag":           colTags,
		"evidence link": colLinks, "links": colLinks, "link": colLinks,
		"color":         colColour,
		"impact rating": colImpact, "effort rating": colEffort,
	}

	reEmotionHeader = regexp.MustCompile(`(?i)^(?:emotions?|scores?)\s*:\s*(.+)$`)
	reScaleSuffix   = regexp.MustCompile(`^(.*?)\s*\(\s*([+-]?\d+)\s*\.\.\s*([+-]?\d+)\s*\)$`)
	reHeaderSpace   = regexp.MustCompile(`[\s_-]+`)
	reSep           = regexp.MustCompile(`^sep=(.)$`)
)

// CSV list cells (tags, evidence links) hold one entry per line; on one
// line, entries are separated by commas. A single entry holding a comma is
// written with a line break after it.

func splitList(s string) []string {
	sep := ","
	if strings.Contains(s, "\n") {
		sep = "\n"
	}
	var out []string
	for _, x := range strings.Split(s, sep) {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

func joinList(items []string) string {
	for _, x := range items {
		if strings.Contains(x, ",") {
			if len(items) == 1 {
				return x + "\n"
			}
			return strings.Join(items, "\n")
		}
	}
	return strings.Join(items, ", ")
}

// A text cell starting with = + - @ would be a formula to a spreadsheet;
// ExportCSV writes it after an apostrophe, which ImportCSV removes.

func needsGuard(s string) bool {
	switch {
	case s == "":
		return false
	case strings.ContainsRune("=+-@\t\r", rune(s[0])):
		return true
	case s[0] == '\'':
		return needsGuard(s[1:])
	}
	return false
}

func guard(s string) string {
	if needsGuard(s) {
		return "'" + s
	}
	return s
}

func unguard(s string) string {
	if strings.HasPrefix(s, "'") && needsGuard(s[1:]) {
		return s[1:]
	}
	return s
}

// GuessLaneKind tells a lane's kind from its name ("Customer actions" →
// actions, "Pain points" → pain points); a name it does not know is custom.
func GuessLaneKind(name string) model.LaneKind {
	n := strings.ToLower(name)
	for _, g := range []struct {
		kind  model.LaneKind
		words []string
	}{
		{model.LaneBehaviour, []string{"behaviour", "behavior"}},
		{model.LanePainPoints, []string{"pain", "frustration"}},
		{model.LaneOpportunities, []string{"opportunit", "idea", "improvement"}},
		{model.LaneBackstage, []string{"backstage", "back stage", "back-stage", "support process", "behind the scenes"}},
		{model.LaneStakeholders, []string{"stakeholder", "frontstage", "front stage", "front-stage", "staff", "people involved"}},
		{model.LaneEvidence, []string{"evidence", "prop"}},
		{model.LaneEmotions, []string{"emotion", "feeling", "mood"}},
		{model.LaneThoughts, []string{"thought", "thinking", "question"}},
		{model.LaneChannel, []string{"channel", "touchpoint", "device"}},
		{model.LaneActions, []string{"action", "doing", "step", "task", "activit"}},
	} {
		for _, w := range g.words {
			if strings.Contains(n, w) {
				return g.kind
			}
		}
	}
	return model.LaneCustom
}

// --- export ------------------------------------------------------------------

// ExportCSV writes the touchpoints of journey j, one row each in reading
// order, under a header row (see the package comment).
func ExportCSV(w io.Writer, p *model.Project, j *model.Journey, opt ExportOptions) ([]string, error) {
	var warnings []string
	personas := p.JourneyPersonas(j)
	header := slices.Clone(csvLeading)
	seen := map[string]bool{}
	var shared []string
	for _, x := range personas {
		header = append(header, fmt.Sprintf("emotion: %s (%s)", oneLine(x.Name), p.Scale))
		if seen[x.Name] && !containsString(shared, x.Name) {
			shared = append(shared, x.Name)
		}
		seen[x.Name] = true
	}
	if len(shared) > 0 {
		warnings = append(warnings, fmt.Sprintf("personas share the names %s; their columns will be one persona on import", nameList(shared)))
	}
	var flat []string
	for _, x := range personas {
		if oneLine(x.Name) != x.Name {
			flat = append(flat, x.Name)
		}
	}
	if len(flat) > 0 {
		warnings = append(warnings, fmt.Sprintf("the persona names %s are written on one line in the column headers", nameList(flat)))
	}
	header = append(header, csvTrailing...)

	sorted := &model.Journey{Stages: j.Stages, Lanes: j.Lanes, Touchpoints: slices.Clone(j.Touchpoints)}
	model.SortTouchpoints(sorted)
	row := func(stage, lane string) []string {
		r := make([]string, len(header))
		r[0], r[1], r[2] = guard(j.Title), guard(stage), guard(lane)
		return r
	}
	// Declaration rows (no title) keep stages and lanes that the cards
	// alone would lose or reorder.
	var stagesSeen, lanesSeen []model.ID
	seenID := map[model.ID]bool{}
	for _, t := range sorted.Touchpoints {
		if !seenID[t.StageID] {
			seenID[t.StageID] = true
			stagesSeen = append(stagesSeen, t.StageID)
		}
		if !seenID[t.LaneID] {
			seenID[t.LaneID] = true
			lanesSeen = append(lanesSeen, t.LaneID)
		}
	}
	declare := !slices.Equal(stagesSeen, ids(j.Stages, func(s *model.Stage) model.ID { return s.ID })) ||
		!slices.Equal(lanesSeen, ids(j.Lanes, func(l *model.Lane) model.ID { return l.ID }))
	stageNames, laneNames := map[string]int{}, map[string]int{}
	stageOf, laneOf := map[model.ID]string{}, map[model.ID]string{}
	for _, s := range j.Stages {
		stageNames[strings.TrimSpace(s.Name)]++
		stageOf[s.ID] = s.Name
	}
	for _, l := range j.Lanes {
		laneNames[strings.TrimSpace(l.Name)]++
		laneOf[l.ID] = l.Name
	}
	var kinds []string
	for _, l := range j.Lanes {
		if GuessLaneKind(l.Name) != l.Kind {
			kinds = append(kinds, fmt.Sprintf("%q (%s)", clip(l.Name), strings.ToLower(l.Kind.Label())))
		}
	}
	if len(kinds) > 0 {
		warnings = append(warnings, fmt.Sprintf("a CSV names lanes but not their kinds, which an import guesses from the name; it will not guess the kind of %s",
			strings.Join(kinds, ", ")))
	}
	for name, n := range stageNames {
		if n > 1 {
			warnings = append(warnings, fmt.Sprintf("%d stages are named %q; a CSV names stages, so they will be one stage on import", n, clip(name)))
		}
	}
	for name, n := range laneNames {
		if n > 1 {
			warnings = append(warnings, fmt.Sprintf("%d lanes are named %q; a CSV names lanes, so they will be one lane on import", n, clip(name)))
		}
	}
	outsiders := 0
	for _, t := range sorted.Touchpoints {
		for id := range t.Emotions {
			if !j.HasPersona(id) {
				outsiders++
			}
		}
	}
	if outsiders > 0 {
		warnings = append(warnings, fmt.Sprintf("%s by personas the journey is not drawn for %s left out", plural(outsiders, "score", "scores"), isAre(outsiders)))
	}
	// The rows are made as they are written, once to measure and once to
	// write, so that a million cards never sit in memory twice.
	writeAll := func(out io.Writer) error {
		if opt.BOM {
			if _, err := io.WriteString(out, "\ufeff"); err != nil {
				return err
			}
		}
		cw := csv.NewWriter(out)
		if err := cw.Write(header); err != nil {
			return err
		}
		if declare {
			for i := 0; i < max(len(j.Stages), len(j.Lanes)); i++ {
				stage, lane := "", ""
				if i < len(j.Stages) {
					stage = j.Stages[i].Name
				}
				if i < len(j.Lanes) {
					lane = j.Lanes[i].Name
				}
				if err := cw.Write(row(stage, lane)); err != nil {
					return err
				}
			}
		}
		cell, pos := [2]model.ID{}, 0
		for _, t := range sorted.Touchpoints {
			if c := [2]model.ID{t.StageID, t.LaneID}; c != cell {
				cell, pos = c, 0
			}
			r := row(stageOf[t.StageID], laneOf[t.LaneID])
			r[3] = strconv.Itoa(pos)
			pos++
			r[4] = guard(t.Title)
			r[5] = guard(t.Notes)
			r[6] = guard(t.Channel)
			k := len(csvLeading)
			for _, x := range personas {
				if s, ok := t.Emotions[x.ID]; ok {
					r[k] = strconv.Itoa(s)
				}
				k++
			}
			for _, v := range []string{yes(t.PainPoint), yes(t.Opportunity), yes(t.MomentOfTruth), guard(t.Owner),
				guard(joinList(t.Tags)), guard(t.Evidence), guard(joinList(t.EvidenceLinks)), string(t.Confidence), t.Color,
				rating(t.Impact), rating(t.Effort)} {
				r[k] = v
				k++
			}
			if err := cw.Write(r); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	}
	// Nothing is written of a CSV that Waymark could not import again.
	if err := writeAll(&sizeLimit{limit: inputLimit}); err != nil {
		if errors.Is(err, errTooLarge) {
			return warnings, fmt.Errorf("the CSV would be more than %s bytes, the most Waymark imports; export a smaller journey or shorter text", grouped(inputLimit))
		}
		return warnings, err
	}
	bw := bufio.NewWriter(w)
	if err := writeAll(bw); err != nil {
		return warnings, err
	}
	return warnings, bw.Flush()
}

func ids[T any](items []T, id func(T) model.ID) []model.ID {
	out := make([]model.ID, len(items))
	for i, x := range items {
		out[i] = id(x)
	}
	return out
}

// rating is an impact or effort cell: blank when not rated.
func rating(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

// oneLine is a persona's name as an emotion column's header holds it.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}

// --- import ------------------------------------------------------------------

type csvColumns struct {
	index    map[string]int // fixed column → field index
	personas []csvPersona
	blank    []int // fields without a header
}

type csvPersona struct {
	name  string
	field int
	scale model.Scale // as the header says; zero: not said
}

func (c *csvPersona) column() string { return "emotion: " + clip(c.name) }

type csvRow struct {
	line     int
	journey  string
	stage    string
	lane     string
	order    int
	hasOrder bool
	card     *model.Touchpoint // nil: a row declaring its stage and lane
	scores   []csvScore
}

type csvScore struct {
	persona int
	value   int
	line    int
}

// ImportCSV reads a spreadsheet of touchpoints (see the package comment).
func ImportCSV(r io.Reader, opt ImportOptions) (*model.Project, []string, error) {
	src, err := readSource(r)
	if err != nil {
		return nil, nil, err
	}
	warnings := src.warnings
	if blank, err := isBlank(src.reader()); err != nil || blank {
		if err == nil {
			err = errors.New("it is empty: a CSV of touchpoints starts with a header row")
		}
		return nil, nil, err
	}
	// The records are read from the text as it is decoded; the first line
	// is read ahead for Excel's "sep=;".
	text := bufio.NewReader(src.reader())
	first, err := text.ReadString('\n')
	if err != nil && err != io.EOF {
		return nil, nil, err
	}
	offset := 0
	comma := ','
	var records io.Reader = text
	if m := reSep.FindStringSubmatch(strings.TrimSpace(first)); m != nil {
		comma, offset = []rune(m[1])[0], 1
	} else {
		comma = sniffDelimiter(bufio.NewReader(src.reader()))
		records = io.MultiReader(strings.NewReader(first), text)
	}
	cr := csv.NewReader(records)
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	readErr := func(err error) error {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return lineErr(pe.Line+offset, "%v", pe.Err)
		}
		return err
	}
	header, err := cr.Read()
	if err != nil {
		return nil, nil, readErr(err)
	}
	cols, err := parseHeader(header, 1+offset)
	if err != nil {
		return nil, nil, err
	}
	var rows []*csvRow
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, readErr(err)
		}
		at := func(field int) int {
			line, _ := cr.FieldPos(field)
			return line + offset
		}
		row, err := cols.row(rec, at, len(header))
		if err != nil {
			return nil, nil, err
		}
		if row != nil {
			rows = append(rows, row)
		}
	}
	scale, w, err := csvScale(cols, rows, opt.Scale)
	if err != nil {
		return nil, nil, err
	}
	warnings = append(warnings, w...)
	p, err := buildCSV(cols, rows, scale, opt)
	return p, warnings, err
}

// isBlank reports whether a text holds nothing but white space.
func isBlank(r io.Reader) (bool, error) {
	br := bufio.NewReader(r)
	for {
		c, _, err := br.ReadRune()
		if err == io.EOF {
			return true, nil
		}
		if err != nil {
			return false, err
		}
		if !unicode.IsSpace(c) {
			return false, nil
		}
	}
}

// sniffDelimiter picks the separator of the header line: the most frequent
// of , ; and tab outside quotes (Excel writes ; where the decimal mark is a
// comma).
func sniffDelimiter(text io.RuneReader) rune {
	counts := map[rune]int{}
	quoted := false
	for {
		r, _, err := text.ReadRune()
		if err != nil {
			break
		}
		switch {
		case r == '"':
			quoted = !quoted
		case quoted:
		case r == '\n':
			goto done
		case r == ',' || r == ';' || r == '\t':
			counts[r]++
		}
	}
done:
	best := ','
	for _, r := range []rune{';', '\t'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}

func parseHeader(header []string, line int) (*csvColumns, error) {
	c := &csvColumns{index: map[string]int{}}
	known := append(slices.Clone(csvLeading), csvTrailing...)
	names := map[string]bool{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		if h == "" {
			c.blank = append(c.blank, i)
			continue
		}
		if m := reEmotionHeader.FindStringSubmatch(h); m != nil {
			x := csvPersona{name: strings.TrimSpace(m[1]), field: i}
			if s := reScaleSuffix.FindStringSubmatch(x.name); s != nil {
				lo, _ := strconv.Atoi(s[2])
				hi, _ := strconv.Atoi(s[3])
				if sc := (model.Scale{Min: lo, Max: hi}); sc.IsPreset() {
					x.name, x.scale = s[1], sc
				}
			}
			if x.name == "" {
				return nil, cellErr(line, strconv.Quote(clip(h)), "the emotion column names no persona")
			}
			if p := model.SizeProblem(int64(len(x.name)), model.MaxNameBytes, "a name"); p != "" {
				return nil, cellErr(line, strconv.Itoa(i+1), "the persona's name %s", p)
			}
			if names[x.name] {
				return nil, cellErr(line, x.column(), "the column appears twice")
			}
			names[x.name] = true
			c.personas = append(c.personas, x)
			continue
		}
		key := reHeaderSpace.ReplaceAllString(strings.ToLower(h), " ")
		if a, ok := csvAliases[key]; ok {
			key = a
		}
		if !slices.Contains(known, key) {
			return nil, lineErr(line, "column %q is not one of %s, or \"emotion: NAME\" for a persona's scores",
				clip(h), strings.Join(known, ", "))
		}
		if _, dup := c.index[key]; dup {
			return nil, cellErr(line, key, "the column appears twice")
		}
		c.index[key] = i
	}
	for _, need := range []string{colStage, colTitle} {
		if _, ok := c.index[need]; !ok {
			return nil, lineErr(line, "the header has no %q column; a CSV of touchpoints needs at least stage and title", need)
		}
	}
	return c, nil
}

// row reads one record; nil for a blank one.
func (c *csvColumns) row(rec []string, at func(int) int, width int) (*csvRow, error) {
	if len(rec) > width {
		for i := width; i < len(rec); i++ {
			if strings.TrimSpace(rec[i]) != "" {
				return nil, lineErr(at(i), "the row has %d fields, the header only %d", len(rec), width)
			}
		}
	}
	blank := true
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			blank = false
			break
		}
	}
	if blank {
		return nil, nil
	}
	for _, i := range c.blank {
		if i < len(rec) && strings.TrimSpace(rec[i]) != "" {
			return nil, cellErr(at(i), strconv.Itoa(i+1), "the column has no header")
		}
	}
	get := func(col string) (string, int) {
		i, ok := c.index[col]
		if !ok || i >= len(rec) {
			return "", at(0)
		}
		return rec[i], at(i)
	}
	text := func(col string) string {
		v, _ := get(col)
		return unguard(strings.TrimSpace(v))
	}
	row := &csvRow{line: at(0), journey: text(colJourney), stage: text(colStage), lane: text(colLane)}
	t := &model.Touchpoint{Title: text(colTitle), Channel: text(colChannel), Owner: text(colOwner)}
	if v, _ := get(colNotes); strings.TrimSpace(v) != "" {
		t.Notes = unguard(v)
	}
	if v, _ := get(colEvidence); strings.TrimSpace(v) != "" {
		t.Evidence = unguard(v)
	}
	// A cell longer than its field may be is refused here, naming its line,
	// rather than by Validate, which could only name the card.
	for _, f := range []struct {
		col, value string
		limit      int
		what       string
	}{
		{colJourney, row.journey, model.MaxNameBytes, "a title"}, {colStage, row.stage, model.MaxNameBytes, "a name"},
		{colLane, row.lane, model.MaxNameBytes, "a name"}, {colTitle, t.Title, model.MaxNameBytes, "a title"},
		{colNotes, t.Notes, model.MaxTextBytes, "the notes"}, {colChannel, t.Channel, model.MaxNameBytes, "a channel"},
		{colOwner, t.Owner, model.MaxNameBytes, "an owner"}, {colEvidence, t.Evidence, model.MaxTextBytes, "the evidence"},
	} {
		if p := model.SizeProblem(int64(len(f.value)), f.limit, f.what); p != "" {
			_, line := get(f.col)
			return nil, cellErr(line, f.col, "%s", p)
		}
	}
	filled := t.Notes != "" || t.Channel != "" || t.Owner != "" || t.Evidence != ""
	if v, line := get(colOrder); strings.TrimSpace(v) != "" {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return nil, cellErr(line, colOrder, "%q is not a whole number", clip(v))
		}
		row.order, row.hasOrder, filled = n, true, true
	}
	for _, f := range []struct {
		col string
		to  *bool
	}{{colPainPoint, &t.PainPoint}, {colOpportun, &t.Opportunity}, {colMoment, &t.MomentOfTruth}} {
		v, line := get(f.col)
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "", "no", "n", "false", "0", "-":
		case "yes", "y", "true", "1", "x", "✓", "✔":
			*f.to, filled = true, true
		default:
			return nil, cellErr(line, f.col, "%q is not yes or no", clip(v))
		}
	}
	list := func(col string) []string {
		v, _ := get(col)
		return splitList(unguard(strings.TrimLeft(v, " ")))
	}
	t.Tags = list(colTags)
	t.EvidenceLinks = list(colLinks)
	for _, f := range []struct {
		col   string
		items []string
		what  string
	}{{colTags, t.Tags, "the tags together"}, {colLinks, t.EvidenceLinks, "the evidence links together"}} {
		// The file stores a list one entry per line.
		joined := int64(0)
		for _, x := range f.items {
			joined += int64(len(x)) + 1
		}
		if p := model.SizeProblem(joined-1, model.MaxTextBytes, f.what); p != "" {
			_, line := get(f.col)
			return nil, cellErr(line, f.col, "%s", p)
		}
	}
	filled = filled || len(t.Tags) > 0 || len(t.EvidenceLinks) > 0
	if v, line := get(colConfidence); strings.TrimSpace(v) != "" {
		t.Confidence = model.Confidence(strings.ToLower(strings.TrimSpace(v)))
		if !t.Confidence.Valid() {
			return nil, cellErr(line, colConfidence, "%q is not assumption, anecdotal or validated", clip(v))
		}
		filled = true
	}
	if v, line := get(colColour); strings.TrimSpace(v) != "" {
		t.Color = strings.ToLower(strings.TrimSpace(v))
		if !isColour(t.Color) {
			return nil, cellErr(line, colColour, "%q is not a #rrggbb colour", clip(v))
		}
		filled = true
	}
	// Impact and effort: blank is not rated. Older spreadsheets have
	// neither column, and their cards are not rated.
	for _, f := range []struct {
		col string
		to  *int
	}{{colImpact, &t.Impact}, {colEffort, &t.Effort}} {
		v, line := get(f.col)
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > model.MaxPriority {
			return nil, cellErr(line, f.col, "%q is not a rating from 1 to %d (leave it blank when not rated)", clip(v), model.MaxPriority)
		}
		*f.to, filled = n, true
	}
	for k, x := range c.personas {
		if x.field >= len(rec) {
			continue
		}
		v := strings.TrimSpace(strings.ReplaceAll(rec[x.field], "\u2212", "-"))
		if v == "" {
			continue
		}
		line := at(x.field)
		n, err := strconv.Atoi(v)
		if err != nil {
			if f, ferr := strconv.ParseFloat(v, 64); ferr == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
				return nil, cellErr(line, x.column(), "%q is not a whole number", clip(v))
			}
			return nil, cellErr(line, x.column(), "%q is not a number", clip(v))
		}
		row.scores = append(row.scores, csvScore{k, n, line})
		filled = true
	}
	if t.Title == "" {
		if filled {
			_, line := get(colTitle)
			return nil, cellErr(line, colTitle, "is empty, but the row has other fields of a card")
		}
		return row, nil // declares its journey, stage and lane
	}
	if row.stage == "" {
		_, line := get(colStage)
		return nil, cellErr(line, colStage, "is empty; every card needs a stage")
	}
	row.card = t
	return row, nil
}

func isColour(s string) bool {
	if len(s) != 7 || s[0] != '#' {
		return false
	}
	_, err := strconv.ParseUint(s[1:], 16, 32)
	return err == nil && !strings.ContainsAny(s[1:], "+-")
}

// csvScale decides the scale of the scores: given, else as the headers say,
// else the smallest preset that holds them.
func csvScale(cols *csvColumns, rows []*csvRow, given model.Scale) (model.Scale, []string, error) {
	var warnings []string
	var said model.Scale
	for _, x := range cols.personas {
		if x.scale == (model.Scale{}) {
			continue
		}
		if said != (model.Scale{}) && said != x.scale {
			return model.Scale{}, nil, lineErr(1, "the emotion columns give different scales, %s and %s", said, x.scale)
		}
		said = x.scale
	}
	scale := given
	lo, hi, detected := math.MaxInt, math.MinInt, false
	switch {
	case given != (model.Scale{}):
		if !given.IsPreset() {
			return model.Scale{}, nil, fmt.Errorf("emotion scale %s is not one of -2..+2, 1..5, -5..+5, 1..10", given)
		}
		if said != (model.Scale{}) && said != given {
			warnings = append(warnings, fmt.Sprintf("the scores are read on the %s scale as asked, although the columns say %s", given, said))
		}
	case said != (model.Scale{}):
		scale = said
	default:
		n := 0
		for _, r := range rows {
			for _, s := range r.scores {
				lo, hi, n = min(lo, s.value), max(hi, s.value), n+1
			}
		}
		if n == 0 {
			return model.DefaultScale, nil, nil
		}
		family := []model.Scale{model.ScaleFive, model.ScaleTen}
		if lo <= 0 {
			family = []model.Scale{model.ScaleBipolar2, model.ScaleBipolar5}
		}
		scale, detected = family[1], true
		for _, s := range family {
			if s.Contains(lo) && s.Contains(hi) {
				scale = s
				break
			}
		}
		if scale.Contains(lo) && scale.Contains(hi) {
			warnings = append(warnings, fmt.Sprintf("the file does not say which emotion scale its scores (%s to %s) are on; they were read on %s",
				scoreText(lo, scale), scoreText(hi, scale), scale))
		}
	}
	for _, r := range rows {
		for _, s := range r.scores {
			col := cols.personas[s.persona].column()
			switch {
			case scale.Contains(s.value):
			case detected && lo <= 0:
				return model.Scale{}, nil, cellErr(s.line, col, "%d is outside %s, the widest emotion scale with room for the file's score %d", s.value, scale, lo)
			case detected:
				return model.Scale{}, nil, cellErr(s.line, col, "%d is outside %s, the widest emotion scale", s.value, scale)
			default:
				return model.Scale{}, nil, cellErr(s.line, col, "%d is outside the emotion scale %s", s.value, scale)
			}
		}
	}
	return scale, warnings, nil
}

// buildCSV makes the project: journeys, stages and lanes in the order they
// first appear, cards of a cell sorted by their order column.
func buildCSV(cols *csvColumns, rows []*csvRow, scale model.Scale, opt ImportOptions) (*model.Project, error) {
	p := &model.Project{ID: model.NewID(), Scale: scale}
	var personaIDs []model.ID
	for _, x := range cols.personas {
		id := model.NewID()
		p.Personas = append(p.Personas, &model.Persona{ID: id, Name: x.name})
		personaIDs = append(personaIDs, id)
	}
	type building struct {
		j      *model.Journey
		stages map[string]*model.Stage
		lanes  map[string]*model.Lane
		cells  map[[2]model.ID][]*csvRow
		scores int
	}
	var journeys []*building
	byTitle := map[string]*building{}
	// What the whole project holds, counted as it grows, so that the row
	// that makes it more than a project may hold is the one named.
	total := model.Counts{Personas: int64(len(p.Personas))}
	grow := func(line int, more model.Counts) error {
		total.Add(more)
		if prob := total.Problem(); prob != "" {
			return lineErr(line, "the project would be too large: %s", prob)
		}
		return nil
	}
	for _, r := range rows {
		title := r.journey
		if title == "" {
			title = opt.name()
		}
		b := byTitle[title]
		if b == nil {
			b = &building{j: &model.Journey{ID: model.NewID(), Title: title, PersonaIDs: slices.Clone(personaIDs)},
				stages: map[string]*model.Stage{}, lanes: map[string]*model.Lane{}, cells: map[[2]model.ID][]*csvRow{}}
			byTitle[title] = b
			journeys = append(journeys, b)
			if err := grow(r.line, model.Counts{Journeys: 1, JourneyPersonas: int64(len(personaIDs))}); err != nil {
				return nil, err
			}
		}
		// Every cell of a journey is laid out and drawn: count them as
		// stages and lanes appear, and stop at the row that makes too many.
		newStage := r.stage != "" && b.stages[r.stage] == nil
		lane := r.lane
		if lane == "" && r.card != nil {
			lane = ActionsLane
		}
		newLane := lane != "" && b.lanes[lane] == nil
		if newStage || newLane {
			if p := model.CellsProblem(len(b.j.Stages)+btoi(newStage), len(b.j.Lanes)+btoi(newLane)); p != "" {
				return nil, lineErr(r.line, "journey %q would be too large: %s", clip(title), p)
			}
			if err := grow(r.line, model.Counts{Stages: int64(btoi(newStage)), Lanes: int64(btoi(newLane))}); err != nil {
				return nil, err
			}
		}
		if newStage {
			s := &model.Stage{ID: model.NewID(), Name: r.stage}
			b.stages[r.stage] = s
			b.j.Stages = append(b.j.Stages, s)
		}
		if newLane {
			l := &model.Lane{ID: model.NewID(), Name: lane, Kind: GuessLaneKind(lane)}
			b.lanes[lane] = l
			b.j.Lanes = append(b.j.Lanes, l)
		}
		if r.card == nil {
			continue
		}
		t := r.card
		b.scores += len(r.scores)
		if p := model.ScoresProblem(int64(b.scores)); p != "" {
			return nil, lineErr(r.line, "journey %q would be too large: %s", clip(title), p)
		}
		if err := grow(r.line, model.Counts{Touchpoints: 1, Scores: int64(len(r.scores))}); err != nil {
			return nil, err
		}
		t.ID, t.StageID, t.LaneID = model.NewID(), b.stages[r.stage].ID, b.lanes[lane].ID
		if l := b.lanes[lane]; !l.Kind.HoldsCards() {
			// Named like a behaviour lane, but it has cards: a lane of
			// the user's own.
			l.Kind = model.LaneCustom
		}
		for _, s := range r.scores {
			if t.Emotions == nil {
				t.Emotions = map[model.ID]int{}
			}
			t.Emotions[personaIDs[s.persona]] = s.value
		}
		cell := [2]model.ID{t.StageID, t.LaneID}
		b.cells[cell] = append(b.cells[cell], r)
		b.j.Touchpoints = append(b.j.Touchpoints, t)
	}
	for _, b := range journeys {
		for _, cell := range b.cells {
			slices.SortStableFunc(cell, func(x, y *csvRow) int {
				key := func(r *csvRow) int {
					if r.hasOrder {
						return r.order
					}
					return math.MaxInt
				}
				return cmpInt(key(x), key(y))
			})
			for i, r := range cell {
				r.card.Order = i
			}
		}
		model.SortTouchpoints(b.j)
		p.Journeys = append(p.Journeys, b.j)
	}
	if len(p.Journeys) == 0 {
		p.Journeys = append(p.Journeys, &model.Journey{ID: model.NewID(), Title: opt.name(), PersonaIDs: personaIDs})
	}
	switch {
	case len(p.Journeys) == 1:
		p.Name = p.Journeys[0].Title
	default:
		p.Name = opt.name()
	}
	if err := p.Validate(); err != nil {
		return nil, oneProblem(err)
	}
	return p, nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
