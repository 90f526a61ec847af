package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"waymark/internal/printable"
	"waymark/model"
)

const coverageArgs = "FILE.cjm [--journey NAME] [--by channel|owner] [--format text|csv|json] [-o OUT]"

const coverageSummary = "print which channels (or owners) serve which stages of a journey: cards, mean emotion, " +
	"pain points and gaps per cell, as text, CSV or JSON"

// runCoverage is `waymark coverage`: model.Coverage of one journey, read
// only from the file.
func runCoverage(ctx context.Context, c *cli, args []string) error {
	fs := flags("coverage")
	journey := fs.String("journey", "", "the journey, by title, ID or number (default: the first)")
	byFlag := fs.String("by", "channel", "rows: channel or owner")
	format := fs.String("format", "text", "text, csv or json")
	out := fs.String("o", "", "write to this file instead of standard output")
	pos, err := c.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("expected one FILE.cjm, got %d arguments", len(pos))
	}
	var by model.CoverageBy
	switch *byFlag {
	case "channel":
		by = model.ByChannel
	case "owner":
		by = model.ByOwner
	default:
		return usagef("--by %q is not channel or owner", *byFlag)
	}
	if *format != "text" && *format != "csv" && *format != "json" {
		return usagef("--format %q is not text, csv or json", *format)
	}
	p, j, err := openJourney(ctx, pos[0], *journey, *out)
	if err != nil {
		return err
	}
	m := model.Coverage(p, j, by)
	var data []byte
	switch *format {
	case "json":
		data, err = coverageJSON(m)
	case "csv":
		data, err = coverageCSV(m)
	default:
		data = coverageText(m)
	}
	if err != nil {
		return err
	}
	return c.writeOut(*out, pos[0], data)
}

// coverageCellJSON is one cell in `--format json`. Channel or Owner is set,
// as the matrix's rows are; MeanEmotion is null when nothing is scored.
type coverageCellJSON struct {
	Channel     *string  `json:"channel,omitempty"`
	Owner       *string  `json:"owner,omitempty"`
	Stage       string   `json:"stage"`
	Touchpoints int      `json:"touchpoints"`
	MeanEmotion *float64 `json:"mean_emotion"`
	PainPoints  int      `json:"pain_points"`
	Gaps        []string `json:"gaps"`
}

func coverageJSON(m *model.CoverageMatrix) ([]byte, error) {
	cells := []coverageCellJSON{}
	for r, row := range m.Cells {
		for s, cell := range row {
			v := coverageCellJSON{Stage: m.Stages[s].Name, Touchpoints: cell.Touchpoints,
				PainPoints: cell.PainPoints, Gaps: append([]string{}, cell.Gaps...)}
			name := m.Rows[r]
			if m.By == model.ByOwner {
				v.Owner = &name
			} else {
				v.Channel = &name
			}
			if cell.Scored > 0 {
				mean := cell.MeanEmotion
				v.MeanEmotion = &mean
			}
			cells = append(cells, v)
		}
	}
	data, err := json.MarshalIndent(cells, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

func coverageCSV(m *model.CoverageMatrix) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{m.By.String(), "stage", "touchpoints", "mean_emotion", "pain_points", "gaps"})
	for r, row := range m.Cells {
		for s, cell := range row {
			mean := ""
			if cell.Scored > 0 {
				mean = strconv.FormatFloat(cell.MeanEmotion, 'g', -1, 64)
			}
			w.Write([]string{m.Rows[r], m.Stages[s].Name, strconv.Itoa(cell.Touchpoints), mean,
				strconv.Itoa(cell.PainPoints), strings.Join(cell.Gaps, "; ")})
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// coverageText is the matrix aligned in columns, each cell "cards · mean"
// ("–" for no score) and " · pain points!" when it has some, a dash for no
// card, "*" after a gap; then the gaps listed.
// Names go through printable.Line: a crafted name cannot drive a terminal.
func coverageText(m *model.CoverageMatrix) []byte {
	table := [][]string{{m.By.String()}}
	for _, s := range m.Stages {
		table[0] = append(table[0], printable.Line(s.Name))
	}
	for r, row := range m.Cells {
		line := []string{printable.Line(m.Rows[r])}
		for _, cell := range row {
			mean := "–"
			if cell.Scored > 0 {
				mean = fmt.Sprintf("%+.1f", cell.MeanEmotion)
			}
			// An empty cell is a dash; pain points show only when there are.
			text := "–"
			if cell.Touchpoints > 0 {
				text = fmt.Sprintf("%d · %s", cell.Touchpoints, mean)
			}
			if cell.PainPoints > 0 {
				text += fmt.Sprintf(" · %d!", cell.PainPoints)
			}
			if len(cell.Gaps) > 0 {
				text += " *"
			}
			line = append(line, text)
		}
		table = append(table, line)
	}
	widths := make([]int, len(table[0]))
	for _, line := range table {
		for i, f := range line {
			widths[i] = max(widths[i], utf8.RuneCountInString(f))
		}
	}
	var b bytes.Buffer
	for _, line := range table {
		var l strings.Builder
		for i, f := range line {
			if i > 0 {
				l.WriteString("  ")
			}
			l.WriteString(f)
			if i < len(line)-1 {
				l.WriteString(strings.Repeat(" ", widths[i]-utf8.RuneCountInString(f)))
			}
		}
		b.WriteString(strings.TrimRight(l.String(), " ") + "\n")
	}
	if len(m.Rows) == 0 {
		b.WriteString("(no cards)\n")
	}
	gaps := m.Gaps()
	b.WriteString("\n")
	if len(gaps) == 0 {
		b.WriteString("no gaps\n")
	} else {
		fmt.Fprintf(&b, "gaps (%d):\n", len(gaps))
		for _, g := range gaps {
			fmt.Fprintf(&b, "  * %s @ %s: %s\n", printable.Line(g.Row), printable.Line(g.Stage.Name), g.Reason)
		}
	}
	return b.Bytes()
}
