package interchange

import (
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"waymark/model"
)

var (
	reBreakPrefix = regexp.MustCompile(`(?i)^<br\s*/?>`)
	// Words Mermaid's lexer takes as keywords at the start of a task.
	reTaskKeyword = regexp.MustCompile(`(?i)^(journey|title\s|section\s)`)
)

// ExportMermaid writes journey j of p as a Mermaid user journey: one
// section per stage, one task per scored card in reading order (stage, lane,
// order), scores converted to 1..5 (see the package comment).
func ExportMermaid(w io.Writer, p *model.Project, j *model.Journey) ([]string, error) {
	text, warnings, err := mermaidText(p, j, 0)
	if err != nil {
		return warnings, err
	}
	_, err = io.WriteString(w, text)
	return warnings, err
}

// ExportMarkdown writes the journey as ExportMermaid does, inside a
// ```mermaid block, which GitHub, GitLab and many editors draw.
func ExportMarkdown(w io.Writer, p *model.Project, j *model.Journey) ([]string, error) {
	const open, end = "```mermaid\n", "```\n"
	text, warnings, err := mermaidText(p, j, len(open)+len(end))
	if err != nil {
		return warnings, err
	}
	_, err = io.WriteString(w, open+text+end)
	return warnings, err
}

// lineBreaks reads CR LF and a lone CR as "\n", as an import does.
var lineBreaks = strings.NewReplacer("\r\n", "\n", "\r", "\n")

// comment writes text inside a %% comment. A line break would end the
// comment and start a statement on import (a section, a task, an actor), so
// it is written <br>, as in task names; the comment is for people.
func comment(s string) string {
	return strings.ReplaceAll(lineBreaks.Replace(s), "\n", "<br>")
}

// mmEscaper writes names in Mermaid's syntax and remembers which it had to
// change.
type mmEscaper struct {
	coded   []string // written with entity codes: Mermaid still shows them as they are
	flat    []string // line breaks written as spaces
	written map[string]bool
	isCoded map[string]bool
}

// escape writes s for a place in a Mermaid journey where the characters of
// special are syntax. "#" (a comment) and "%%" are always coded; breaks
// says whether a line break may be written <br>, else it becomes a space.
func (e *mmEscaper) escape(orig, special string, breaks bool) string {
	var b strings.Builder
	s := lineBreaks.Replace(orig)
	pct := strings.Contains(s, "%%")
	coded, flat := false, false
	for i, r := range s {
		switch {
		case r == '\n' && breaks:
			b.WriteString("<br>")
		case r == '\n':
			b.WriteByte(' ')
			flat = true
		case r == '#' || r == ';' || strings.ContainsRune(special, r) || r == '%' && pct ||
			r == '<' && breaks && reBreakPrefix.MatchString(s[i:]):
			fmt.Fprintf(&b, "#%d;", r)
			coded = true
		default:
			b.WriteRune(r)
		}
	}
	out := b.String()
	if !e.written[orig] {
		if e.written == nil {
			e.written = map[string]bool{}
		}
		e.written[orig] = true
		if coded {
			e.markCoded(orig)
		}
		if flat {
			e.flat = append(e.flat, orig)
		}
	}
	return out
}

// task writes a task name: also a leading keyword is coded.
func (e *mmEscaper) task(s string) string {
	out := e.escape(s, ":", true)
	if reTaskKeyword.MatchString(out) {
		r := out[0]
		out = fmt.Sprintf("#%d;", r) + out[1:]
		e.markCoded(s)
	}
	return out
}

func (e *mmEscaper) markCoded(s string) {
	if e.isCoded == nil {
		e.isCoded = map[string]bool{}
	}
	if !e.isCoded[s] {
		e.isCoded[s] = true
		e.coded = append(e.coded, s)
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

type mmScore struct {
	persona string
	orig    int
	conv    int
	exact   bool
	value   float64 // the exact converted value
}

// mermaidText is the journey in Mermaid; extra is what the caller adds
// around it, counted against the import limit.
func mermaidText(p *model.Project, j *model.Journey, extra int) (string, []string, error) {
	var b strings.Builder
	var e mmEscaper
	var warnings []string
	// Nothing is written of a text that Waymark could not import again,
	// and its making stops at the limit.
	over := false
	line := func(indent int, format string, args ...any) {
		if over {
			return
		}
		b.WriteString(strings.Repeat(" ", indent))
		fmt.Fprintf(&b, format, args...)
		b.WriteByte('\n')
		over = int64(b.Len()+extra) > inputLimit
	}
	line(0, "journey")
	line(4, "title %s", e.escape(strings.TrimSpace(j.Title), "", false))
	if name := strings.TrimSpace(p.Name); name != "" && name != strings.TrimSpace(j.Title) {
		line(4, "accTitle: %s", e.escape(name, "", false))
	}
	if d := strings.TrimSpace(lineBreaks.Replace(j.Description)); d != "" {
		if strings.Contains(d, "\n") {
			line(4, "accDescr {")
			for _, l := range strings.Split(d, "\n") {
				if l = strings.TrimSpace(l); l != "" {
					line(8, "%s", e.escape(l, "}", false))
				}
			}
			line(4, "}")
		} else {
			line(4, "accDescr: %s", e.escape(d, "", false))
		}
	}
	convert := p.Scale != model.ScaleFive
	if convert {
		line(4, "%%%% Emotion scores converted from the project's %s scale to Mermaid's 1..5.", p.Scale)
	}
	if j.Behaviour != nil {
		line(4, "%%%% Behaviour figures from event logs are left out: a Mermaid user journey has no place for them (export CSV with --metrics).")
	}

	// The journey's personas, in legend order, and their names as actors.
	personas := p.JourneyPersonas(j)
	names := map[string]int{}
	for _, x := range personas {
		names[x.Name]++
	}
	var shared []string
	for _, x := range personas {
		if names[x.Name] > 1 && !containsString(shared, x.Name) {
			shared = append(shared, x.Name)
		}
	}
	if len(shared) > 0 {
		warnings = append(warnings, fmt.Sprintf("personas share the names %s; Mermaid will read each name as one actor", nameList(shared)))
	}

	sorted := &model.Journey{Stages: j.Stages, Lanes: j.Lanes, Touchpoints: append([]*model.Touchpoint(nil), j.Touchpoints...)}
	model.SortTouchpoints(sorted)
	byStage := map[model.ID][]*model.Touchpoint{}
	for _, t := range sorted.Touchpoints {
		byStage[t.StageID] = append(byStage[t.StageID], t)
	}
	rounded, differ, outsiders := 0, 0, 0
	var unscored []string
	for _, st := range j.Stages {
		line(4, "section %s", e.escape(strings.TrimSpace(st.Name), ":", true))
		for _, t := range byStage[st.ID] {
			var scores []mmScore
			for _, x := range personas {
				s, ok := t.Emotions[x.ID]
				if !ok {
					continue
				}
				f := float64(s-p.Scale.Min)/float64(p.Scale.Max-p.Scale.Min)*4 + 1
				scores = append(scores, mmScore{x.Name, s, p.Scale.Convert(s, model.ScaleFive),
					p.Scale.ConvertExact(s, model.ScaleFive), f})
			}
			for id := range t.Emotions {
				if !j.HasPersona(id) {
					outsiders++
				}
			}
			title := strings.TrimSpace(t.Title)
			if len(scores) == 0 {
				lane := ""
				if l := j.Lane(t.LaneID); l != nil {
					lane = l.Name + ": "
				}
				line(6, "%%%% not a task, no persona scored it: %s", comment(lane+title))
				unscored = append(unscored, title)
				continue
			}
			var parts, exact []string
			sum := 0
			for _, s := range scores {
				sum += s.conv
				parts = append(parts, fmt.Sprintf("%s %d", comment(s.persona), s.conv))
				if !s.exact {
					rounded++
					exact = append(exact, fmt.Sprintf("%s %s is %s, rounded to %d", comment(s.persona), scoreText(s.orig, p.Scale),
						decimal(s.value), s.conv))
				}
			}
			mean := float64(sum) / float64(len(scores))
			score := int(math.Round(mean))
			if len(exact) > 0 {
				line(6, "%%%% rounded from %s to 1..5: %s", p.Scale, strings.Join(exact, "; "))
			}
			for _, s := range scores[1:] {
				if s.conv != scores[0].conv {
					differ++
					avg := fmt.Sprintf("their average, %d", score)
					if mean != float64(score) {
						avg = fmt.Sprintf("their average %s rounded to %d", decimal(mean), score)
					}
					line(6, "%%%% personas differ (%s); Mermaid has one score per task: %s", strings.Join(parts, ", "), avg)
					break
				}
			}
			actors := ""
			if len(scores) > 1 || scores[0].persona != DefaultPersona {
				var a []string
				for _, s := range scores {
					a = append(a, e.escape(s.persona, ":,", false))
				}
				actors = ": " + strings.Join(a, ", ")
			}
			line(6, "%s: %d%s", e.task(title), score, actors)
		}
	}
	if convert && rounded > 0 {
		warnings = append(warnings, fmt.Sprintf("%s rounded converting from %s to Mermaid's 1..5 (marked with %%%% comments)",
			plural(rounded, "score was", "scores were"), p.Scale))
	}
	if differ > 0 {
		warnings = append(warnings, fmt.Sprintf("%s scored differently by their personas; Mermaid has one score per task, so each has the rounded average (marked with %%%% comments)",
			plural(differ, "task was", "tasks were")))
	}
	if len(unscored) > 0 {
		warnings = append(warnings, fmt.Sprintf("%s that no persona scored (%s) %s written as %%%% comments, not tasks: a Mermaid task needs a score",
			plural(len(unscored), "card", "cards"), nameList(unscored), isAre(len(unscored))))
	}
	if j.Behaviour != nil {
		warnings = append(warnings, "the behaviour figures are left out: a Mermaid user journey has no place for them (marked with a %% comment)")
	}
	if outsiders > 0 {
		warnings = append(warnings, fmt.Sprintf("%s by personas the journey is not drawn for %s left out",
			plural(outsiders, "score", "scores"), isAre(outsiders)))
	}
	if len(e.coded) > 0 {
		warnings = append(warnings, fmt.Sprintf("%s %s written with Mermaid's character codes (such as #58; for a colon) where Mermaid would read "+
			"\":\", \"#\", \";\", \"%%%%\", \",\", \"<br>\" or a leading keyword as syntax; Mermaid still shows them as they are",
			nameList(e.coded), isAre(len(e.coded))))
	}
	if len(e.flat) > 0 {
		warnings = append(warnings, fmt.Sprintf("%s %s written on one line: Mermaid titles and actors cannot hold line breaks", nameList(e.flat), isAre(len(e.flat))))
	}
	if over {
		return "", warnings, fmt.Errorf("the Mermaid journey would be more than %s bytes, the most Waymark imports; export a smaller journey or shorter text", grouped(inputLimit))
	}
	return b.String(), warnings, nil
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// decimal writes a number with at most two decimals.
func decimal(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}
