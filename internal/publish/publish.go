// Package publish makes what leaves a project for other tools, for the
// command line and the app's dialogs alike: posters (PDF, PNG, SVG) painted
// from the board's one layout, a journey as Mermaid or CSV text, and
// projects read back from Mermaid and CSV. Files are written through
// safefile, so a failed or cancelled export leaves nothing behind.
package publish

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"waymark/assets"
	"waymark/canvas/geometry"
	"waymark/canvas/poster"
	"waymark/interchange"
	"waymark/internal/safefile"
	"waymark/model"
)

var (
	painterOnce sync.Once
	painter     *poster.Painter
	painterErr  error
)

// Painter is the one poster painter, its fonts parsed once: the same Noto
// Sans files as the board's theme and the layout's metrics.
func Painter() (*poster.Painter, error) {
	painterOnce.Do(func() {
		painter, painterErr = poster.New(poster.Fonts{Regular: assets.FontRegular, Bold: assets.FontBold})
	})
	return painter, painterErr
}

// PosterDoc lays journey j out for a poster as the board does (the
// painter's metrics come from the board's font files), with the figures of
// the options' segment values and through lens: nil, or a lens of any
// journey's (saved or made up), whose cards it leaves out the poster
// prints as blank outlines or, with Hide, not at all. The lens is a view:
// the journey is not changed.
func PosterDoc(pt *poster.Painter, p *model.Project, j *model.Journey, opt poster.Options, lens *model.Lens) poster.Doc {
	lo := geometry.NewLayouter(geometry.DefaultStyle, pt.Metrics())
	lo.Segment, lo.Compare, lo.Lens = opt.Segment, opt.Compare, lens
	return poster.Doc{Project: p, Journey: j, Layout: lo.Layout(p, j)}
}

// WritePoster paints the poster of journey j seen through lens (nil:
// none; see PosterDoc) in format (pdf, png or svg) to w.
func WritePoster(ctx context.Context, w io.Writer, p *model.Project, j *model.Journey, lens *model.Lens, format string, opt poster.Options) (*poster.Result, error) {
	switch format {
	case "pdf", "png", "svg":
	default:
		return nil, fmt.Errorf("format %q is not pdf, png or svg", format)
	}
	pt, err := Painter()
	if err != nil {
		return nil, err
	}
	d := PosterDoc(pt, p, j, opt, lens)
	switch format {
	case "pdf":
		return pt.WritePDF(ctx, w, d, opt)
	case "png":
		return pt.WritePNG(ctx, w, d, opt)
	}
	return pt.WriteSVG(ctx, w, d, opt)
}

// ExportPoster writes the poster of journey j seen through lens (nil:
// none) to out ("-": to stdout) through safefile.Write, so a failed or
// cancelled export leaves nothing behind and out is never one of inputs, a
// folder, a link or a device.
func ExportPoster(ctx context.Context, p *model.Project, j *model.Journey, lens *model.Lens, format string, opt poster.Options, out string, stdout io.Writer, inputs ...string) (*poster.Result, error) {
	if out == "-" {
		return WritePoster(ctx, stdout, p, j, lens, format, opt)
	}
	var res *poster.Result
	err := safefile.Write(out, func(w io.Writer) error {
		var err error
		res, err = WritePoster(ctx, w, p, j, lens, format, opt)
		return err
	}, inputs...)
	return res, err
}

// ExportText is journey j of p as Mermaid, Markdown or CSV text, and what
// the format could not hold.
func ExportText(p *model.Project, j *model.Journey, f interchange.Format, opt interchange.ExportOptions) ([]byte, []string, error) {
	var buf bytes.Buffer
	warnings, err := interchange.Export(&buf, f, p, j, opt)
	if err != nil {
		return nil, nil, err
	}
	return buf.Bytes(), warnings, nil
}

// Import reads a Mermaid journey, Markdown holding one, or a CSV
// spreadsheet at path. Errors begin with name, the file as the caller shows
// it (the path typed, or the file's name in a window), then the line.
func Import(path, name string, f interchange.Format, opt interchange.ImportOptions) (*model.Project, []string, error) {
	file, err := safefile.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	defer file.Close()
	p, warnings, err := interchange.Import(file, f, opt)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	return p, warnings, nil
}

// FindJourney picks a journey by title (exact, then ignoring case), by ID
// or by its number (1 first); "" is the first journey.
func FindJourney(p *model.Project, name string) (*model.Journey, error) {
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
