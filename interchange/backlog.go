package interchange

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"waymark/internal/printable"
	"waymark/model"
)

// BacklogHeader is the header of the backlog CSV: one row per pain point
// or opportunity, ranked (model.Backlog); rank, impact, effort, value and
// quadrant are empty for a card not rated yet.
var BacklogHeader = []string{"rank", "title", "kind", "impact", "effort", "value", "quadrant", "stage", "owner"}

// backlogRows is the backlog as the cells both formats show.
func backlogRows(j *model.Journey) [][]string {
	var rows [][]string
	for _, it := range model.Backlog(j) {
		t := it.Card
		kind := model.BacklogKind(t)
		rank, impact, effort, value, quadrant := "", "", "", "", ""
		if it.Rank > 0 {
			rank, impact, effort = strconv.Itoa(it.Rank), strconv.Itoa(t.Impact), strconv.Itoa(t.Effort)
			value = strconv.FormatFloat(it.Value, 'f', 2, 64)
			quadrant = model.QuadrantOf(t.Impact, t.Effort).String()
		}
		rows = append(rows, []string{rank, t.Title, kind, impact, effort, value, quadrant, it.Stage.Name, t.Owner})
	}
	return rows
}

// WriteBacklog writes journey j's backlog, as "csv" (BacklogHeader, text
// cells defused against spreadsheet formulas) or "text" (aligned columns
// for a terminal, names made printable, unrated cards after a heading).
func WriteBacklog(w io.Writer, j *model.Journey, format string) error {
	rows := backlogRows(j)
	switch format {
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write(BacklogHeader)
		for _, r := range rows {
			for _, i := range []int{1, 7, 8} { // title, stage, owner
				r[i] = guard(r[i])
			}
			cw.Write(r)
		}
		cw.Flush()
		return cw.Error()
	case "text":
		return backlogText(w, j, rows)
	}
	return fmt.Errorf("%q is not a backlog format: use csv or text", format)
}

func backlogText(w io.Writer, j *model.Journey, rows [][]string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Backlog of %s\n\n", printable.Line(j.Title))
	if len(rows) == 0 {
		b.WriteString("no pain points or opportunities\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	header := []string{"#", "title", "kind", "impact", "effort", "value", "quadrant", "stage", "owner"}
	table := [][]string{header}
	unrated := -1
	for i, r := range rows {
		line := make([]string, len(r))
		for k, c := range r {
			line[k] = printable.Line(c)
		}
		if r[0] == "" && unrated < 0 {
			unrated = i + 1
		}
		table = append(table, line)
	}
	widths := make([]int, len(header))
	for _, line := range table {
		for i, c := range line {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	for i, line := range table {
		if i == unrated {
			b.WriteString("\nnot rated yet:\n")
		}
		var l strings.Builder
		for k, c := range line {
			if k > 0 {
				l.WriteString("  ")
			}
			l.WriteString(c)
			l.WriteString(strings.Repeat(" ", widths[k]-utf8.RuneCountInString(c)))
		}
		b.WriteString(strings.TrimRight(l.String(), " ") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
