package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"waymark/internal/difftext"
	"waymark/internal/printable"
	"waymark/model"
	"waymark/storage"
)

// `waymark history`: the versions kept inside a .cjm, newest first, read
// without opening the map for editing and without decoding any version.

const historyArgs = "FILE.cjm [--format text|json]"

const historySummary = "list the versions saved inside a project file, newest first: number, name, author, date, note and what changed"

func runHistory(ctx context.Context, c *cli, args []string) error {
	fs := flags("history")
	format := fs.String("format", "text", "text, or json for scripts")
	pos, err := c.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("expected one FILE.cjm, got %d arguments", len(pos))
	}
	if *format != "text" && *format != "json" {
		return usagef("--format %q is not supported; use text or json", *format)
	}
	list, err := storage.ListVersions(ctx, pos[0])
	if err != nil {
		return err
	}
	newest := list
	slices.Reverse(newest)
	if *format == "json" {
		return writeHistoryJSON(c.stdout, pos[0], newest)
	}
	writeHistoryText(c.stdout, pos[0], newest)
	return nil
}

// writeHistoryText writes one block per version:
//
//	@3  “After round-2 interviews”  Ana Lima, Thu 3 Dec 2026 14:05
//	    Interviews 6 to 12 moved the identity check
//	    +4 cards, 2 moved, 1 stage renamed
func writeHistoryText(w io.Writer, path string, newest []model.Version) {
	if len(newest) == 0 {
		fmt.Fprintf(w, "%s has no saved versions; waymark version save %s --name NAME saves one\n", printable.Line(path), printable.Line(path))
		return
	}
	fmt.Fprintf(w, "%s: %s, newest first\n", printable.Line(path), difftext.Plural(len(newest), "version", "versions"))
	width := len(fmt.Sprintf("@%d", newest[0].Seq))
	indent := strings.Repeat(" ", width+2)
	for _, v := range newest {
		fmt.Fprintln(w)
		by := readableTime(v.Created)
		if v.Author != "" {
			by = printable.Line(v.Author) + ", " + by
		}
		fmt.Fprintf(w, "%-*s  %s  %s\n", width, fmt.Sprintf("@%d", v.Seq), quoteName(v.Name), by)
		// A note of several lines keeps them, each indented and made safe.
		for _, line := range strings.Split(strings.TrimSpace(v.Note), "\n") {
			if line = strings.TrimRight(line, "\r \t"); line != "" {
				fmt.Fprintf(w, "%s%s\n", indent, printable.Line(line))
			}
		}
		if v.Summary != "" {
			fmt.Fprintf(w, "%s%s\n", indent, printable.Line(v.Summary))
		}
	}
}

// readableTime is a version's date in local time, as a person reads it.
func readableTime(t time.Time) string {
	if t.IsZero() {
		return "date unknown"
	}
	return t.Local().Format("Mon 2 Jan 2006 15:04")
}

// historyJSON is `waymark history --format json`: the versions newest
// first, dates in RFC 3339 UTC.
type historyJSON struct {
	File     string        `json:"file"`
	Versions []versionJSON `json:"versions"`
}

type versionJSON struct {
	Number  int    `json:"number"`
	Name    string `json:"name"`
	Author  string `json:"author"`
	Created string `json:"created"`
	Note    string `json:"note"`
	Summary string `json:"summary"`
}

func writeHistoryJSON(w io.Writer, path string, newest []model.Version) error {
	h := historyJSON{File: path, Versions: make([]versionJSON, 0, len(newest))}
	for _, v := range newest {
		h.Versions = append(h.Versions, versionJSON{Number: v.Seq, Name: v.Name, Author: v.Author,
			Created: model.FormatStamp(v.Created), Note: v.Note, Summary: v.Summary})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(h)
}
