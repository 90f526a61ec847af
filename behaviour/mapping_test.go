package behaviour

import (
	"reflect"
	"strings"
	"testing"

	"waymark/model"
)

func TestMappingRoundTrip(t *testing.T) {
	m := model.Mapping{
		Time:        model.TimeColumn{Column: "ts", Zone: "Europe/Amsterdam", Unit: model.TimeUnixMS},
		Identifiers: []string{"user_id", "device \"id\"; drop"},
		Event:       "event",
		Source:      "utm_source",
		Medium:      "utm_medium",
		Attributes:  []string{"country", "plan"},
		Stitching:   model.Stitching{Placeholders: []string{"", "0", "n/a"}, MaxLinks: 20},
		Rules: []model.StageRule{
			{Stage: "Visit", Match: model.MatchGlob, Pattern: "page_*"},
			{Stage: "Buy", Match: model.MatchRegex, Pattern: `^order\.(paid|placed)$`, Channel: "web", Attribute: "plan", Value: "pro"},
		},
		Metrics: model.MetricOptions{Mode: model.ModePresence, WindowSeconds: 30 * 86400, Segment: "country", FoldBelow: 10, BadRowLimit: 0.01},
	}
	text := FormatMapping(m)
	back, err := ParseMapping(text)
	if err != nil {
		t.Fatalf("%v in\n%s", err, text)
	}
	if !reflect.DeepEqual(back, m) {
		t.Errorf("round trip:\n%+v\nbecame\n%+v\nvia\n%s", m, back, text)
	}
	for _, w := range []int64{0, 45, 90 * 60, 36 * 3600, 86400} {
		m.Metrics.WindowSeconds = w
		if back, err := ParseMapping(FormatMapping(m)); err != nil || back.Metrics.WindowSeconds != w {
			t.Errorf("window %d s came back as %d (%v)", w, back.Metrics.WindowSeconds, err)
		}
	}
}

func TestParseMappingRefuses(t *testing.T) {
	cases := []struct{ text, want string }{
		{"[columns]\ntime = \"t\"\nevnt = \"e\"\n", `unknown key "columns.evnt"`},
		{"[colums]\ntime = \"t\"\n", `unknown key "colums"`},
		{"[[stage]]\nname = \"A\"\npattern = \"a\"\nmatch = \"fuzzy\"\n", `mapping rule 1: match "fuzzy" is not exact, glob or regex`},
		{"[metrics]\nwindow = \"soon\"\n", `window "soon" is not a duration`},
		{"[metrics]\nmode = \"cohort\"\n", `mode "cohort" is not funnel or presence`},
		{"[columns]\ntime = 3\n", "cannot be read"},
		{"[stitching]\nmax_links = -1\n", "max links is -1"},
		{"[[stage]]\npattern = \"a\"\n", "rule 1: it names no stage"},
	}
	for _, c := range cases {
		_, err := ParseMapping([]byte(c.text))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want %q", c.text, err, c.want)
		}
	}
}
