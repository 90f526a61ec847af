package cli

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"waymark/interchange"
	"waymark/internal/publish"
	"waymark/internal/safefile"
	"waymark/model"
)

// Mermaid user journeys and CSV spreadsheets: `waymark import/export` with
// those formats. The interchange package does the reading and writing.

// posterFlags are the export options that only apply to posters.
var posterFlags = []string{"paper", "orientation", "tile", "overlap", "dpi", "margin", "author", "segment", "beside"}

// exportInterchange is `waymark export FILE.cjm --format mermaid|md|csv`:
// journey (title, ID or number; "" the first) to out, standard output when
// out is "" or "-". Nothing is written unless the whole text is.
//
// metrics, when set, is a second file for a CSV: the journey's behaviour
// figures, a row per stage (interchange.ExportMetricsCSV).
func exportInterchange(ctx context.Context, c *cli, in, format, journey string, bom bool, out, metrics string, set map[string]bool) error {
	f, ok := interchange.ParseFormat(format)
	if !ok || format == "tsv" {
		return usagef("--format %q is not supported; use pdf, png, svg, json, mermaid, md or csv", format)
	}
	for _, name := range posterFlags {
		if set[name] {
			return usagef("--%s applies to pdf, png and svg, not to %s", name, format)
		}
	}
	if bom && f != interchange.CSV {
		return usagef("--bom applies to csv only")
	}
	if metrics != "" && f != interchange.CSV {
		return usagef("--metrics applies to csv only; a %s has no place for behaviour figures", f.Label())
	}
	if metrics == "-" || (metrics != "" && metrics == out) {
		return usagef("--metrics needs a file of its own, not standard output or -o's")
	}
	p, j, err := openJourney(ctx, in, journey, out, metrics)
	if err != nil {
		return err
	}
	text, warnings, err := publish.ExportText(p, j, f, interchange.ExportOptions{BOM: bom})
	if err != nil {
		return err
	}
	// Both files are made before either is written.
	var figures bytes.Buffer
	if metrics != "" {
		if err := interchange.ExportMetricsCSV(&figures, j, "", interchange.ExportOptions{BOM: bom}); err != nil {
			return fmt.Errorf("%s: %v", in, err)
		}
	}
	if err := c.writeOut(out, in, text); err != nil {
		return err
	}
	if metrics != "" {
		if err := safefile.WriteBytes(metrics, figures.Bytes(), in); err != nil {
			return err
		}
	}
	for _, w := range warnings {
		c.warn("%s", w)
	}
	if out != "" && out != "-" {
		fmt.Fprintf(c.stdout, "wrote %s: journey %q as a %s\n", out, j.Title, f.Label())
	}
	if metrics != "" {
		fmt.Fprintf(c.stdout, "wrote %s: the behaviour figures of journey %q, a row per stage\n", metrics, j.Title)
	}
	return nil
}

// importInterchange is `waymark import IN.mmd|IN.md|IN.csv -o FILE.cjm`.
func importInterchange(ctx context.Context, c *cli, in, format, scale, out string) error {
	f, ok := interchange.ParseFormat(format)
	if !ok {
		return usagef("cannot import %q files; use .json, .mmd, .mermaid, .md or .csv, or --format json, mermaid, markdown or csv", format)
	}
	opt := interchange.ImportOptions{Name: strings.TrimSuffix(filepath.Base(in), filepath.Ext(in))}
	if scale != "" {
		if f != interchange.CSV {
			return usagef("--scale applies to csv only; a Mermaid journey's scores are 1..5")
		}
		s, err := parseScaleArg(scale)
		if err != nil {
			return usagef("--scale: %v", err)
		}
		opt.Scale = s
	}
	if err := checkOutput(out, in); err != nil {
		return err
	}
	p, warnings, err := publish.Import(in, in, f, opt)
	if err != nil {
		return err
	}
	if err := writeImported(ctx, p, in, out); err != nil {
		return err
	}
	for _, w := range warnings {
		c.warn("%s: %s", in, w)
	}
	stages, cards := 0, 0
	for _, j := range p.Journeys {
		stages += len(j.Stages)
		cards += len(j.Touchpoints)
	}
	journeys := "1 journey"
	if len(p.Journeys) != 1 {
		journeys = fmt.Sprintf("%d journeys", len(p.Journeys))
	}
	fmt.Fprintf(c.stdout, "created %s from %s: %s, %d stages, %d touchpoints, %d personas, emotion scale %s\n",
		out, in, journeys, stages, cards, len(p.Personas), p.Scale)
	return nil
}

// parseScaleArg reads a scale as written ("-2..+2", also "-2..2").
func parseScaleArg(s string) (model.Scale, error) {
	s = strings.TrimSpace(s)
	if sc, err := model.ParseScale(s); err == nil {
		return sc, nil
	}
	for _, sc := range model.ScalePresets {
		if strings.ReplaceAll(sc.String(), "+", "") == strings.ReplaceAll(s, "+", "") {
			return sc, nil
		}
	}
	return model.ParseScale(s)
}
