package interchange

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"waymark/model"
)

func backlogJourney() *model.Journey {
	return &model.Journey{ID: "j", Title: "Claims",
		Stages: []*model.Stage{{ID: "s1", Name: "Report"}, {ID: "s2", Name: "=Settle"}},
		Lanes:  []*model.Lane{{ID: "l", Name: "Pain", Kind: model.LanePainPoints}},
		Touchpoints: []*model.Touchpoint{
			{ID: "a", StageID: "s2", LaneID: "l", Title: "Slow payout", PainPoint: true, Impact: 5, Effort: 2, Owner: "Finance"},
			{ID: "b", StageID: "s1", LaneID: "l", Order: 0, Title: "=cmd|' /C calc'!A0", Opportunity: true, PainPoint: true, Impact: 4, Effort: 1},
			{ID: "c", StageID: "s1", LaneID: "l", Order: 1, Title: "Photo upload", Opportunity: true},
			{ID: "d", StageID: "s1", LaneID: "l", Order: 2, Title: "Not flagged", Impact: 5, Effort: 1},
		}}
}

func TestBacklogCSV(t *testing.T) {
	var b bytes.Buffer
	if err := WriteBacklog(&b, backlogJourney(), "csv"); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{BacklogHeader,
		{"1", "'=cmd|' /C calc'!A0", "pain point, opportunity", "4", "1", "4.00", "Quick wins", "Report", ""},
		{"2", "Slow payout", "pain point", "5", "2", "2.50", "Quick wins", "'=Settle", "Finance"},
		{"", "Photo upload", "opportunity", "", "", "", "", "Report", ""},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows %q", rows)
	}
	for i := range want {
		if !slices.Equal(rows[i], want[i]) {
			t.Errorf("row %d: %q, want %q", i, rows[i], want[i])
		}
	}
}

func TestBacklogText(t *testing.T) {
	var b bytes.Buffer
	if err := WriteBacklog(&b, backlogJourney(), "text"); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"Backlog of Claims\n", "1  =cmd|' /C calc'!A0", "not rated yet:\n", "Photo upload"} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
	if strings.Index(out, "Slow payout") > strings.Index(out, "not rated yet") {
		t.Error("a rated card is listed after the unrated heading")
	}
	if err := WriteBacklog(&b, backlogJourney(), "xlsx"); err == nil {
		t.Error("xlsx accepted")
	}
}
