package interchange

import (
	"bytes"
	"strings"
	"testing"

	"waymark/model"
)

// metricsJourney has figures for two stages, a segment value, and an
// earlier import's figures for the first stage.
func metricsJourney() *model.Journey {
	stage := func(name string, reached int64, fromPrev, fromFirst float64, drop int64, rate, median float64, channel string) model.StageFigures {
		return model.StageFigures{Stage: name, Reached: reached, ConversionFromPrevious: fromPrev, ConversionFromFirst: fromFirst,
			DropOff: drop, DropOffRate: rate, Timed: reached, MedianSeconds: median, P90Seconds: 2 * median,
			Channels: []model.ChannelShare{{Channel: channel, Events: 3, Share: 0.75}, {Channel: "app", Events: 1, Share: 0.25}}}
	}
	b := &model.Behaviour{Persons: 10, Events: 40, SegmentAttribute: "country",
		Stages: []model.StageFigures{stage("Visit", 10, 1, 1, 0, 0, 0, "web"), stage("=Buy", 4, 0.4, 0.4, 6, 0.6, 90.5, "@email")},
		Segments: []model.SegmentValue{{Value: "NL", Persons: 6, Stages: []model.StageFigures{
			stage("Visit", 6, 1, 1, 0, 0, 0, "web"), stage("=Buy", 3, 0.5, 0.5, 3, 0.5, 60, "web")}}}}
	b.Stages[0].Timed, b.Stages[0].P90Seconds = 0, 0
	prev := &model.Behaviour{Stages: []model.StageFigures{{Stage: "Visit", Reached: 8, ConversionFromFirst: 1}}}
	return &model.Journey{ID: "j", Title: "Shop", Behaviour: b, PreviousBehaviour: prev}
}

func TestExportMetricsCSV(t *testing.T) {
	j := metricsJourney()
	var buf bytes.Buffer
	if err := ExportMetricsCSV(&buf, j, "", ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	want := strings.Join(MetricsHeader, ",") + "\n" +
		",Visit,10,1,1,0,0,0,0,0,web,0.75,8,1\n" +
		",'=Buy,4,0.4,0.4,6,0.6,4,90.5,181,'@email,0.75,,\n" +
		"NL,Visit,6,1,1,0,0,6,0,0,web,0.75,,\n" +
		"NL,'=Buy,3,0.5,0.5,3,0.5,3,60,120,web,0.75,,\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
	buf.Reset()
	if err := ExportMetricsCSV(&buf, j, "NL", ExportOptions{BOM: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "\uFEFFsegment,") || strings.Count(buf.String(), "\n") != 3 || !strings.Contains(buf.String(), "\nNL,Visit,6,") {
		t.Errorf("one segment with a BOM:\n%q", buf.String())
	}
	if err := ExportMetricsCSV(&buf, j, "DE", ExportOptions{}); err == nil || !strings.Contains(err.Error(), `no segment value "DE"`) {
		t.Errorf("an unknown segment value: %v", err)
	}
	if err := ExportMetricsCSV(&buf, &model.Journey{Title: "Empty"}, "", ExportOptions{}); err == nil ||
		!strings.Contains(err.Error(), `journey "Empty" has no behaviour figures`) {
		t.Errorf("a journey without figures: %v", err)
	}
}

// The Mermaid export says that it leaves the behaviour figures out, and
// still reads back.
func TestMermaidExportLeavesBehaviourOut(t *testing.T) {
	j := metricsJourney()
	j.Stages = []*model.Stage{{ID: "s1", Name: "Visit"}}
	j.Lanes = []*model.Lane{{ID: "l1", Name: "Actions", Kind: model.LaneActions}}
	j.PersonaIDs = []model.ID{"p"}
	j.Touchpoints = []*model.Touchpoint{{ID: "t", StageID: "s1", LaneID: "l1", Title: "Looks", Emotions: map[model.ID]int{"p": 4}}}
	p := &model.Project{ID: "p", Name: "Shop", Scale: model.ScaleFive, Personas: []*model.Persona{{ID: "p", Name: "Ann"}}, Journeys: []*model.Journey{j}}
	text, warnings := exportMermaid(t, p, j)
	if !strings.Contains(text, "\n    %% Behaviour figures from event logs are left out") {
		t.Errorf("no comment:\n%s", text)
	}
	if !strings.Contains(strings.Join(warnings, "\n"), "the behaviour figures are left out") {
		t.Errorf("warnings: %q", warnings)
	}
	back, _ := importMermaid(t, text)
	if len(back.Journeys) != 1 || len(back.Journeys[0].Touchpoints) != 1 {
		t.Errorf("read back: %+v", back.Journeys)
	}
}
