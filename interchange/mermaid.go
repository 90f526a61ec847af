package interchange

import (
	"errors"
	"fmt"
	"html"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"waymark/model"
)

// DefaultPersona scores the Mermaid tasks that name no actor: a score needs
// a persona in Waymark.
const DefaultPersona = "Everyone"

// UnnamedSection names the stage of the tasks that come before the first
// `section` line.
const UnnamedSection = "(no section)"

// Lane names of a journey imported from Mermaid.
const (
	ActionsLane  = "Actions"
	EmotionsLane = "Emotions"
)

var (
	// An entity code, as Mermaid writes characters it would otherwise
	// read as syntax: #58; is ":", #35; is "#", #quot; is '"'.
	reEntity = regexp.MustCompile(`#\w+;`)
	// A line break in a section or task name, as Mermaid splits them.
	reBreak         = regexp.MustCompile(`(?i)<br\s*/?>`)
	reAccTitle      = regexp.MustCompile(`(?i)^acctitle\s*:`)
	reAccDescr      = regexp.MustCompile(`(?i)^accdescr\s*:`)
	reAccDescrBlock = regexp.MustCompile(`(?i)^accdescr\s*\{`)
	reKeyword       = regexp.MustCompile(`(?i)^(title|section)(\s+|$)`)
	reJourney       = regexp.MustCompile(`(?i)^journey(\s+|$)`)
	reFrontTitle    = regexp.MustCompile(`^title\s*:(.*)$`)
)

const taskSyntax = "`Task name: score: actors`"

// ImportMermaid reads a Mermaid user journey (see the package comment for
// how it becomes a map).
func ImportMermaid(r io.Reader, opt ImportOptions) (*model.Project, []string, error) {
	text, warnings, err := readText(r)
	if err != nil {
		return nil, nil, err
	}
	p, w, err := parseMermaid(text, 1, opt)
	return p, append(warnings, w...), err
}

// ImportMarkdown reads the first ```mermaid block of a Markdown file that
// holds a user journey. Line numbers in errors are the Markdown file's.
func ImportMarkdown(r io.Reader, opt ImportOptions) (*model.Project, []string, error) {
	text, warnings, err := readText(r)
	if err != nil {
		return nil, nil, err
	}
	body, first, ok := markdownJourney(text)
	if !ok {
		return nil, nil, errors.New("it has no ```mermaid block holding a journey")
	}
	p, w, err := parseMermaid(body, first, opt)
	return p, append(warnings, w...), err
}

// markdownJourney finds the first fenced mermaid block (``` or ~~~, info
// "mermaid" or "mermaid-example") whose diagram is a journey, and returns
// its text and the line number of its first line.
func markdownJourney(text string) (string, int, bool) {
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		trimmed := strings.TrimLeft(lines[i], " ")
		if len(lines[i])-len(trimmed) > 3 {
			continue
		}
		fence := fenceOf(trimmed)
		if fence == "" {
			continue
		}
		info := strings.Fields(strings.TrimSpace(trimmed[len(fence):]))
		start := i + 1
		end := len(lines)
		for k := start; k < len(lines); k++ {
			t := strings.TrimSpace(lines[k])
			if strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]) == "" {
				end = k
				break
			}
		}
		i = end
		if len(info) == 0 {
			continue
		}
		if kind := strings.ToLower(info[0]); kind != "mermaid" && kind != "mermaid-example" {
			continue
		}
		body := strings.Join(lines[start:end], "\n")
		if isJourney(body) {
			return body, start + 1, true
		}
	}
	return "", 0, false
}

// fenceOf returns the run of ``` or ~~~ (three or more) a line starts with.
func fenceOf(line string) string {
	for _, c := range []string{"`", "~"} {
		n := len(line) - len(strings.TrimLeft(line, c))
		if n >= 3 {
			return line[:n]
		}
	}
	return ""
}

// isJourney reports whether a Mermaid diagram's first statement, after front
// matter, directives and comments, is `journey`.
func isJourney(text string) bool {
	lines := strings.Split(text, "\n")
	i := 0
	for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
		i++
	}
	if i < len(lines) && strings.TrimSpace(lines[i]) == "---" {
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "---"; i++ {
		}
		i++
	}
	for ; i < len(lines); i++ {
		s := strings.TrimSpace(lines[i])
		if s == "" || strings.HasPrefix(s, "%%") {
			continue
		}
		return reJourney.MatchString(s)
	}
	return false
}

// mmParser reads a journey statement by statement.
type mmParser struct {
	started   bool
	title     string
	accTitle  string
	accDescr  string
	sections  []*mmSection
	warnings  []string
	block     *strings.Builder // an accDescr { ... } being read
	blockLine int
	directive int // the line of a %%{ ... }%% directive being skipped; 0: none
	scores    int // scores the tasks so far give
}

type mmSection struct {
	name  string
	tasks []mmTask
}

type mmTask struct {
	name   string
	score  int
	actors []string
}

func parseMermaid(text string, first int, opt ImportOptions) (*model.Project, []string, error) {
	lines := strings.Split(text, "\n")
	p := &mmParser{}
	i := 0
	for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
		i++
	}
	if i < len(lines) && strings.TrimSpace(lines[i]) == "---" {
		start := i
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "---"; i++ {
		}
		if i == len(lines) {
			return nil, nil, lineErr(first+start, "the front matter that starts here is never closed with ---")
		}
		if t, ok := frontMatterTitle(lines[start+1 : i]); ok {
			if err := sizeCheck(first+start, "the title", t, model.MaxNameBytes, "a title"); err != nil {
				return nil, nil, err
			}
			p.title = t
		}
		i++
	}
	for ; i < len(lines); i++ {
		if err := p.line(lines[i], first+i); err != nil {
			return nil, nil, err
		}
	}
	switch {
	case p.block != nil:
		return nil, nil, lineErr(p.blockLine, "the accDescr { that starts here is never closed with }")
	case p.directive > 0:
		return nil, nil, lineErr(p.directive, "the %%%%{ directive that starts here is never closed with }%%%%")
	case !p.started:
		return nil, nil, errors.New("it is empty: a Mermaid user journey starts with the line `journey`")
	}
	proj, err := p.project(opt)
	return proj, p.warnings, err
}

// frontMatterTitle finds the top-level `title:` of YAML front matter.
func frontMatterTitle(lines []string) (string, bool) {
	indent := -1
	for _, l := range lines {
		if t := strings.TrimLeft(l, " \t"); t != "" && (indent < 0 || len(l)-len(t) < indent) {
			indent = len(l) - len(t)
		}
	}
	for _, l := range lines {
		t := strings.TrimLeft(l, " \t")
		if len(l)-len(t) != indent {
			continue
		}
		m := reFrontTitle.FindStringSubmatch(t)
		if m == nil {
			continue
		}
		v := strings.TrimSpace(m[1])
		switch {
		case strings.HasPrefix(v, `"`):
			if end := strings.LastIndex(v, `"`); end > 0 {
				if u, err := strconv.Unquote(v[:end+1]); err == nil {
					v = u
				} else {
					v = v[1:end]
				}
			}
		case strings.HasPrefix(v, "'"):
			if end := strings.LastIndex(v, "'"); end > 0 {
				v = strings.ReplaceAll(v[1:end], "''", "'")
			}
		default:
			if k := strings.Index(v, " #"); k >= 0 {
				v = v[:k]
			}
		}
		v = strings.TrimSpace(v)
		return v, v != ""
	}
	return "", false
}

// line reads one line of the diagram.
func (p *mmParser) line(raw string, n int) error {
	if p.block != nil {
		end := strings.IndexByte(raw, '}')
		if end < 0 {
			if !isComment(strings.TrimSpace(raw)) {
				p.block.WriteString(raw + "\n")
			}
			return nil
		}
		p.block.WriteString(raw[:end])
		p.accDescr = cleanDescr(p.block.String())
		p.block = nil
		if err := sizeCheck(p.blockLine, "the accDescr", p.accDescr, model.MaxTextBytes, "a description"); err != nil {
			return err
		}
		return p.line(raw[end+1:], n)
	}
	s := strings.TrimSpace(raw)
	if p.directive > 0 {
		if strings.Contains(s, "}%%") {
			p.directive = 0
		}
		return nil
	}
	if s == "" {
		return nil
	}
	if strings.HasPrefix(s, "%%") {
		if strings.HasPrefix(s, "%%{") && !strings.Contains(s[3:], "}%%") {
			p.directive = n
		}
		return nil
	}
	return p.statement(s, n)
}

func isComment(s string) bool { return strings.HasPrefix(s, "%%") && !strings.HasPrefix(s, "%%{") }

// cleanDescr tidies an accessible description as Mermaid does: trimmed,
// each line's indentation and trailing blanks dropped.
func cleanDescr(s string) string {
	// Each line trimmed of any white space, Unicode's too (a no-break
	// space), and blank lines dropped: as the export writes them.
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return decodeEntities(strings.Join(lines, "\n"))
}

// statement reads one statement: s is trimmed and not a comment.
func (p *mmParser) statement(s string, n int) error {
	if !p.started {
		m := reJourney.FindStringIndex(s)
		if m == nil {
			word, _, _ := strings.Cut(s, " ")
			return lineErr(n, "expected `journey` to start a Mermaid user journey, got %q", clip(word))
		}
		p.started = true
		if rest := strings.TrimSpace(s[m[1]:]); rest != "" && !strings.HasPrefix(rest, "%%") {
			return p.statement(rest, n)
		}
		return nil
	}
	switch {
	case reAccTitle.MatchString(s):
		p.accTitle = decodeEntities(strings.TrimSpace(s[reAccTitle.FindStringIndex(s)[1]:]))
		return sizeCheck(n, "the accTitle", p.accTitle, model.MaxNameBytes, "a name")
	case reAccDescrBlock.MatchString(s):
		p.block = &strings.Builder{}
		p.blockLine = n
		return p.line(s[reAccDescrBlock.FindStringIndex(s)[1]:], n)
	case reAccDescr.MatchString(s):
		p.accDescr = decodeEntities(strings.TrimSpace(s[reAccDescr.FindStringIndex(s)[1]:]))
		return sizeCheck(n, "the accDescr", p.accDescr, model.MaxTextBytes, "a description")
	}
	code, semi := stripComment(s)
	if semi {
		return lineErr(n, "a Mermaid journey does not allow \";\" here (write #59; for a semicolon in a name)")
	}
	code = strings.TrimSpace(code)
	if code == "" {
		return nil
	}
	if strings.EqualFold(code, "journey") {
		return lineErr(n, "`journey` appears a second time; it only starts the diagram")
	}
	if m := reKeyword.FindStringSubmatchIndex(code); m != nil {
		keyword := strings.ToLower(code[m[2]:m[3]])
		rest := strings.TrimSpace(code[m[1]:])
		if rest == "" {
			return lineErr(n, "expected a %s after %q", map[string]string{"title": "title", "section": "section name"}[keyword], keyword)
		}
		if keyword == "title" {
			p.title = decodeEntities(rest)
			return sizeCheck(n, "the title", p.title, model.MaxNameBytes, "a title")
		}
		if strings.Contains(rest, ":") {
			return lineErr(n, "expected `section Name`, got %q: a section name cannot hold \":\" (write #58; for a colon)", clip(code))
		}
		name := cleanName(rest)
		if name == "" {
			return lineErr(n, "expected a section name after \"section\", got only line breaks")
		}
		if err := sizeCheck(n, "the section name", name, model.MaxNameBytes, "a name"); err != nil {
			return err
		}
		return p.addSection(name, n)
	}
	return p.task(code, n)
}

// stripComment cuts a statement at a comment: "#" or "%%" at its start or
// after a space ("Child#1" stays whole; entity codes such as #58; are no
// comment). It reports a ";" before the comment, which Mermaid refuses.
func stripComment(s string) (string, bool) {
	spans := reEntity.FindAllStringIndex(s, -1)
	for i := 0; i < len(s); i++ {
		if len(spans) > 0 && i == spans[0][0] {
			i = spans[0][1] - 1
			spans = spans[1:]
			continue
		}
		afterSpace := i == 0 || s[i-1] == ' ' || s[i-1] == '\t'
		switch {
		case s[i] == ';':
			return s[:i], true
		case s[i] == '#' && afterSpace, strings.HasPrefix(s[i:], "%%") && afterSpace:
			return s[:i], false
		}
	}
	return s, false
}

// cleanName reads a section or task name: entity codes decoded, <br> made a
// line break, spaces around each line trimmed.
func cleanName(s string) string {
	s = decodeEntities(reBreak.ReplaceAllString(s, "\n"))
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// decodeEntities turns Mermaid's entity codes (#58;, #quot;) into the
// characters they stand for; an unknown name, or a code for a control
// character, stays as written.
func decodeEntities(s string) string {
	if !strings.Contains(s, "#") {
		return s
	}
	return reEntity.ReplaceAllStringFunc(s, func(e string) string {
		inner := e[1 : len(e)-1]
		ref := "&" + inner + ";"
		if n, err := strconv.Atoi(strings.TrimPrefix(inner, "+")); err == nil {
			if n <= 0 || n > 0x10FFFF {
				return e
			}
			ref = "&#" + strconv.Itoa(n) + ";"
		}
		d := html.UnescapeString(ref)
		if d == ref || strings.IndexFunc(d, unicode.IsControl) >= 0 {
			return e // unknown, or a control character such as #10;: kept as written
		}
		return d
	})
}

// task reads `Task name: score: actor, actor`.
func (p *mmParser) task(code string, n int) error {
	parts := strings.Split(code, ":")
	if len(parts) < 2 {
		return lineErr(n, "expected %s, got %q", taskSyntax, clip(code))
	}
	name := cleanName(parts[0])
	if name == "" {
		return lineErr(n, "expected %s, got %q: the task has no name", taskSyntax, clip(code))
	}
	if err := sizeCheck(n, "the task name", name, model.MaxNameBytes, "a title"); err != nil {
		return err
	}
	for _, extra := range parts[min(len(parts), 3):] {
		if strings.TrimSpace(extra) != "" {
			return lineErr(n, "expected %s, got %q: a task has at most two \":\" (write #58; for a colon in a name)", taskSyntax, clip(code))
		}
	}
	raw := strings.TrimSpace(parts[1])
	if raw == "" {
		return lineErr(n, "expected %s, got %q: the task has no score", taskSyntax, clip(code))
	}
	f, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsInf(f, 0) || f != math.Trunc(f) || f < 0 || f > 5 {
		return lineErr(n, "task %q has the score %q; a score is a whole number from 1 to 5", clip(name), clip(raw))
	}
	score := int(f)
	if score == 0 {
		// Some versions of Mermaid's documentation allow 0..5.
		p.warnings = append(p.warnings, fmt.Sprintf("line %d: task %q has the score 0, read as 1, the lowest score of the 1..5 scale", n, clip(name)))
		score = 1
	}
	t := mmTask{name: name, score: score}
	if len(parts) > 2 {
		seen := map[string]bool{}
		for _, a := range strings.Split(parts[2], ",") {
			a = strings.TrimSpace(decodeEntities(strings.TrimSpace(a)))
			if err := sizeCheck(n, "the actor's name", a, model.MaxNameBytes, "a name"); err != nil {
				return err
			}
			if a != "" && !seen[a] {
				seen[a] = true
				t.actors = append(t.actors, a)
			}
		}
	}
	// Each actor scores the task's card (Everyone, when it names none).
	p.scores += max(len(t.actors), 1)
	if problem := model.ScoresProblem(int64(p.scores)); problem != "" {
		return lineErr(n, "a task more makes the journey too large: %s", problem)
	}
	if len(p.sections) == 0 {
		if err := p.addSection(UnnamedSection, n); err != nil {
			return err
		}
	}
	sec := p.sections[len(p.sections)-1]
	sec.tasks = append(sec.tasks, t)
	return nil
}

// mermaidLanes is how many lanes an imported journey has: Actions and
// Emotions.
const mermaidLanes = 2

// addSection starts a stage, unless it would make more cells than a map can
// draw: they are counted as sections appear, before any is built.
func (p *mmParser) addSection(name string, n int) error {
	if problem := model.CellsProblem(len(p.sections)+1, mermaidLanes); problem != "" {
		return lineErr(n, "a section more makes the journey too large: %s", problem)
	}
	if problem := (model.Counts{Stages: int64(len(p.sections) + 1)}).Problem(); problem != "" {
		return lineErr(n, "a section more makes the project too large: %s", problem)
	}
	p.sections = append(p.sections, &mmSection{name: name})
	return nil
}

// sizeCheck refuses a name or text longer than its field may be, naming the
// line, rather than leaving it to Validate, which could only name the object.
func sizeCheck(line int, name, value string, limit int, what string) error {
	if problem := model.SizeProblem(int64(len(value)), limit, what); problem != "" {
		return lineErr(line, "%s %s", name, problem)
	}
	return nil
}

// project builds the map: sections are stages, tasks are cards of an
// Actions lane, actors are personas scoring their tasks on 1..5.
func (p *mmParser) project(opt ImportOptions) (*model.Project, error) {
	title := p.title
	if title == "" {
		title = p.accTitle
	}
	if title == "" {
		title = opt.name()
	}
	name := title
	if p.accTitle != "" {
		name = p.accTitle
	}
	proj := &model.Project{ID: model.NewID(), Name: name, Scale: model.ScaleFive}
	j := &model.Journey{ID: model.NewID(), Title: title, Description: p.accDescr}
	actions := &model.Lane{ID: model.NewID(), Name: ActionsLane, Kind: model.LaneActions}
	j.Lanes = []*model.Lane{actions, {ID: model.NewID(), Name: EmotionsLane, Kind: model.LaneEmotions}}
	personas := map[string]model.ID{}
	persona := func(name string) model.ID {
		if id, ok := personas[name]; ok {
			return id
		}
		x := &model.Persona{ID: model.NewID(), Name: name}
		proj.Personas = append(proj.Personas, x)
		j.PersonaIDs = append(j.PersonaIDs, x.ID)
		personas[name] = x.ID
		return x.ID
	}
	for _, sec := range p.sections {
		st := &model.Stage{ID: model.NewID(), Name: sec.name}
		j.Stages = append(j.Stages, st)
		for i, t := range sec.tasks {
			tp := &model.Touchpoint{ID: model.NewID(), StageID: st.ID, LaneID: actions.ID, Order: i,
				Title: t.name, Emotions: map[model.ID]int{}}
			actors := t.actors
			if len(actors) == 0 {
				actors = []string{DefaultPersona}
			}
			for _, a := range actors {
				tp.Emotions[persona(a)] = t.score
			}
			j.Touchpoints = append(j.Touchpoints, tp)
		}
	}
	proj.Journeys = []*model.Journey{j}
	if err := proj.Validate(); err != nil {
		return nil, oneProblem(err)
	}
	return proj, nil
}
