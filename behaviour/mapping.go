package behaviour

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"waymark/model"
)

// mappingFile is the TOML shape of a mapping file. Its keys are the
// documented format: renaming one breaks users' files.
type mappingFile struct {
	Columns   columnsTOML   `toml:"columns"`
	Stitching stitchingTOML `toml:"stitching,omitempty"`
	Metrics   metricsTOML   `toml:"metrics,omitempty"`
	Stages    []stageTOML   `toml:"stage,omitempty"`
}

type columnsTOML struct {
	Time        string   `toml:"time"`
	Zone        string   `toml:"zone,omitempty"`
	TimeUnit    string   `toml:"time_unit,omitempty"`
	Identifiers []string `toml:"identifiers"`
	Event       string   `toml:"event"`
	Channel     string   `toml:"channel,omitempty"`
	Source      string   `toml:"source,omitempty"`
	Medium      string   `toml:"medium,omitempty"`
	Attributes  []string `toml:"attributes,omitempty"`
}

type stitchingTOML struct {
	Placeholders []string `toml:"placeholders,omitempty"`
	MaxLinks     int      `toml:"max_links,omitempty"`
}

type metricsTOML struct {
	Mode        string  `toml:"mode,omitempty"`
	Window      string  `toml:"window,omitempty"`
	Segment     string  `toml:"segment,omitempty"`
	FoldBelow   int     `toml:"fold_below,omitempty"`
	BadRowLimit float64 `toml:"bad_row_limit,omitempty"`
}

type stageTOML struct {
	Name      string `toml:"name"`
	Match     string `toml:"match,omitempty"`
	Pattern   string `toml:"pattern"`
	Channel   string `toml:"channel,omitempty"`
	Attribute string `toml:"attribute,omitempty"`
	Value     string `toml:"value,omitempty"`
}

// maxMappingBytes caps a mapping file: a real one is a few kB.
const maxMappingBytes = 1 << 20

// ParseMapping reads a mapping file. An unknown key, a value of the wrong
// type or an invalid setting is one sentence naming it.
func ParseMapping(data []byte) (model.Mapping, error) {
	var f mappingFile
	if len(data) > maxMappingBytes {
		return model.Mapping{}, fmt.Errorf("the mapping file is %d bytes, more than the %d a mapping may be", len(data), maxMappingBytes)
	}
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		return model.Mapping{}, fmt.Errorf("the mapping file cannot be read: %s", oneLine(err))
	}
	if un := md.Undecoded(); len(un) > 0 {
		return model.Mapping{}, fmt.Errorf("the mapping file has the unknown key %q", un[0].String())
	}
	window, err := ParseWindow(f.Metrics.Window)
	if err != nil {
		return model.Mapping{}, fmt.Errorf("the mapping's window %v", err)
	}
	m := model.Mapping{
		Time:        model.TimeColumn{Column: f.Columns.Time, Zone: f.Columns.Zone, Unit: model.TimeUnit(f.Columns.TimeUnit)},
		Identifiers: f.Columns.Identifiers,
		Event:       f.Columns.Event,
		Channel:     f.Columns.Channel,
		Source:      f.Columns.Source,
		Medium:      f.Columns.Medium,
		Attributes:  f.Columns.Attributes,
		Stitching:   model.Stitching{Placeholders: f.Stitching.Placeholders, MaxLinks: f.Stitching.MaxLinks},
		Metrics: model.MetricOptions{Mode: model.MetricMode(f.Metrics.Mode), WindowSeconds: window, Segment: f.Metrics.Segment,
			FoldBelow: f.Metrics.FoldBelow, BadRowLimit: f.Metrics.BadRowLimit},
	}
	for _, s := range f.Stages {
		m.Rules = append(m.Rules, model.StageRule{Stage: s.Name, Match: model.MatchKind(s.Match), Pattern: s.Pattern,
			Channel: s.Channel, Attribute: s.Attribute, Value: s.Value})
	}
	if err := m.Check(); err != nil {
		return model.Mapping{}, err
	}
	return m, nil
}

// FormatMapping writes m as a mapping file that ParseMapping reads back
// to the same mapping.
func FormatMapping(m model.Mapping) []byte {
	f := mappingFile{
		Columns: columnsTOML{Time: m.Time.Column, Zone: m.Time.Zone, TimeUnit: string(m.Time.Unit), Identifiers: m.Identifiers,
			Event: m.Event, Channel: m.Channel, Source: m.Source, Medium: m.Medium, Attributes: m.Attributes},
		Stitching: stitchingTOML{Placeholders: m.Stitching.Placeholders, MaxLinks: m.Stitching.MaxLinks},
		Metrics: metricsTOML{Mode: string(m.Metrics.Mode), Window: formatWindow(m.Metrics.WindowSeconds), Segment: m.Metrics.Segment,
			FoldBelow: m.Metrics.FoldBelow, BadRowLimit: m.Metrics.BadRowLimit},
	}
	if f.Columns.Identifiers == nil {
		f.Columns.Identifiers = []string{}
	}
	for _, r := range m.Rules {
		f.Stages = append(f.Stages, stageTOML{Name: r.Stage, Match: string(r.Match), Pattern: r.Pattern,
			Channel: r.Channel, Attribute: r.Attribute, Value: r.Value})
	}
	var buf bytes.Buffer
	enc := toml.NewEncoder(&buf)
	enc.Indent = ""
	if err := enc.Encode(f); err != nil {
		// Only strings, numbers and lists of strings: encoding cannot fail.
		return nil
	}
	return buf.Bytes()
}

// ParseWindow reads a conversion window in seconds: "30d", "36h", "90m",
// "45s", or a Go duration such as "1h30m"; "", "0" and "none" are none.
func ParseWindow(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "0" || strings.EqualFold(s, "none") {
		return 0, nil
	}
	bad := fmt.Errorf("%q is not a duration such as 30d, 36h or 90m", s)
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.ParseInt(days, 10, 64)
		if err != nil || n <= 0 || n > 100*366 {
			return 0, bad
		}
		return n * 86400, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < time.Second {
		return 0, bad
	}
	return int64(d / time.Second), nil
}

func formatWindow(seconds int64) string {
	switch {
	case seconds <= 0:
		return ""
	case seconds%86400 == 0:
		return strconv.FormatInt(seconds/86400, 10) + "d"
	case seconds%3600 == 0:
		return strconv.FormatInt(seconds/3600, 10) + "h"
	case seconds%60 == 0:
		return strconv.FormatInt(seconds/60, 10) + "m"
	}
	return strconv.FormatInt(seconds, 10) + "s"
}
