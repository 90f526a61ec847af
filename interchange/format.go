package interchange

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"waymark/model"
)

// Format is a file format this package reads and writes.
type Format string

// The formats.
const (
	Mermaid  Format = "mermaid"  // a Mermaid user journey (.mmd, .mermaid)
	Markdown Format = "markdown" // Markdown holding one in a ```mermaid block (.md)
	CSV      Format = "csv"      // a spreadsheet of touchpoints (.csv, .tsv)
)

// Label names a format for a person.
func (f Format) Label() string {
	switch f {
	case Mermaid:
		return "Mermaid journey"
	case Markdown:
		return "Markdown with a Mermaid journey"
	case CSV:
		return "CSV spreadsheet"
	}
	return string(f)
}

// Ext is the usual file extension, with its dot.
func (f Format) Ext() string {
	switch f {
	case Mermaid:
		return ".mmd"
	case Markdown:
		return ".md"
	case CSV:
		return ".csv"
	}
	return ""
}

// Extensions lists every extension FormatOf knows, for file dialogs.
var Extensions = []string{".mmd", ".mermaid", ".md", ".markdown", ".csv", ".tsv"}

// FormatOf tells the format from a file name's extension.
func FormatOf(path string) (Format, bool) {
	return ParseFormat(strings.TrimPrefix(filepath.Ext(path), "."))
}

// ParseFormat reads a format name as a person gives it (--format) or an
// extension without its dot: mermaid, mmd, md, markdown, csv, tsv.
func ParseFormat(name string) (Format, bool) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "mermaid", "mmd":
		return Mermaid, true
	case "md", "markdown":
		return Markdown, true
	case "csv", "tsv":
		return CSV, true
	}
	return "", false
}

// ImportOptions tune an import.
type ImportOptions struct {
	// Name titles the journey when the input has no title: usually the
	// file's name without its extension. Empty: "Imported journey".
	Name string
	// Scale is the emotion scale of a CSV's scores. The zero Scale means:
	// as the emotion column headers say, else detected from the scores.
	// Mermaid scores are always 1..5.
	Scale model.Scale
}

func (o ImportOptions) name() string {
	if n := strings.TrimSpace(o.Name); n != "" {
		return n
	}
	return "Imported journey"
}

// Import reads a project from r. The warnings say, one sentence each, what
// was read in a way the person may not expect; the error is one sentence
// naming the line (and column) of the first problem.
func Import(r io.Reader, f Format, opt ImportOptions) (*model.Project, []string, error) {
	if f != CSV && opt.Scale != (model.Scale{}) {
		return nil, nil, fmt.Errorf("a Mermaid journey's scores are on 1..5; a scale can only be given for CSV")
	}
	switch f {
	case Mermaid:
		return ImportMermaid(r, opt)
	case Markdown:
		return ImportMarkdown(r, opt)
	case CSV:
		return ImportCSV(r, opt)
	}
	return nil, nil, fmt.Errorf("format %q cannot be imported", f)
}

// ExportOptions tune an export.
type ExportOptions struct {
	// BOM starts a CSV with a UTF-8 byte order mark, so that Excel reads
	// accented letters correctly.
	BOM bool
}

// Export writes journey j of project p to w. The warnings say, one sentence
// each, what the format could not hold exactly.
func Export(w io.Writer, f Format, p *model.Project, j *model.Journey, opt ExportOptions) ([]string, error) {
	switch f {
	case Mermaid:
		return ExportMermaid(w, p, j)
	case Markdown:
		return ExportMarkdown(w, p, j)
	case CSV:
		return ExportCSV(w, p, j, opt)
	}
	return nil, fmt.Errorf("format %q cannot be exported", f)
}
