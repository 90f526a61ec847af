package behaviour

import (
	"fmt"
	"strings"
	"testing"

	"waymark/model"
)

// stitchLog gives each row a time one minute after the previous one, so
// that the file order is the time order.
func stitchLog(rows ...string) string {
	var b strings.Builder
	b.WriteString("user,device,anon,event,time\n")
	for i, r := range rows {
		fmt.Fprintf(&b, "%s,2024-01-01T%02d:%02d:00Z\n", r, i/60, i%60)
	}
	return b.String()
}

func stitchMapping() model.Mapping {
	m := model.DefaultMapping()
	m.Time.Column = "time"
	m.Identifiers = []string{"user", "device", "anon"}
	m.Event = "event"
	m.Rules = stageRules("View", "view", "Login", "login", "Buy", "buy")
	return m
}

// The rows of TestStitching, whose figures it checks by hand.
var stitchRows = []string{
	// Anonymous visits later linked to a login: one person.
	",,c1,view", ",,c1,view", "u1,,c1,login", "u1,,,buy",
	// A second device linked by the same user id: one person.
	",d2,,view", "u2,d1,,login", "u2,d2,,login", ",d1,,buy",
	// A device shared by two user ids: u3, u4 and d3 stay apart.
	",d3,,view", "u3,d3,,login", "u4,d3,,login", "u3,,,buy",
	// Placeholders link nothing: d5 and d6 stay apart; rows with
	// only placeholders are unattributable.
	"0,d5,,view", "0,d6,,login", "unknown,,,view", "0000-000,,,view", `"""NULL""",,,view`,
	// E-mail addresses are trimmed and lower-cased: one person.
	" Ann@Example.COM ,,,view", "ann@example.com,,,login",
	// A chain of weaker identifiers between two user ids: d7 and d8
	// are refused, c7 is a person of its own.
	"u7,d7,,view", ",d7,c7,login", ",d8,c7,buy", "u8,d8,,view",
}

func TestStitching(t *testing.T) {
	log := stitchLog(stitchRows...)
	e := openEngine(t, Options{})
	b, rep := mustImport(t, e, []string{writeLog(t, "log.csv", log)}, stitchMapping(), []string{"View", "Login", "Buy"})
	st := b.Stitching
	// Persons: {c1 u1} {u2 d1 d2} u3 u4 d3 d5 d6 ann u7 u8 c7.
	if b.Persons != 11 || b.Unattributable != 3 || st.Identifiers != 16 || st.Merges != 3 || st.SharedRefused != 3 {
		t.Errorf("persons %d unattributable %d identifiers %d merges %d shared %d", b.Persons, b.Unattributable, st.Identifiers, st.Merges, st.SharedRefused)
	}
	if got := fmt.Sprint(st.PlaceholderRefused); got != "[{0 2} {0000-000 1} {null 1} {unknown 1}]" {
		t.Errorf("placeholders refused: %s", got)
	}
	var refused []string
	for _, r := range rep.SharedRefused {
		refused = append(refused, fmt.Sprintf("%s=%s links %d strongest %d (%s)", r.Column, r.Value, r.Links, r.StrongestLinks, r.Reason))
	}
	if got := strings.Join(refused, "; "); got != "device=d3 links 2 strongest 2 (shared by two or more values of the strongest identifier); "+
		"device=d7 links 2 strongest 1 (joins two values of the strongest identifier); "+
		"device=d8 links 2 strongest 1 (joins two values of the strongest identifier)" {
		t.Errorf("refused as shared: %s", got)
	}
	if fmt.Sprint(st.SharedRefusedLinks) != "[2 2 2]" {
		t.Errorf("shared link counts: %v", st.SharedRefusedLinks)
	}
	// View: {c1 u1}, {u2 d1 d2}, d3, d5, ann, u7, u8. Login after View
	// (120, 60 and 60 s later):
	// the first two and ann. Buy after that: the first two.
	checkStages(t, "stitched", b.Stages, []string{"View", "Login", "Buy"}, []want{
		{reached: 7, fromPrev: 1, fromFirst: 1},
		{reached: 3, dropOff: 4, timed: 3, fromPrev: 3.0 / 7, fromFirst: 3.0 / 7, median: 60, p90: 120},
		{reached: 2, dropOff: 1, timed: 2, fromPrev: 2.0 / 3, fromFirst: 2.0 / 7, median: 90, p90: 120},
	})
}

// An identifier linked to more than 50 others links nothing; at 50 it
// still does.
func TestStitchingLinkCap(t *testing.T) {
	for _, n := range []int{50, 51} {
		var rows []string
		for i := range n {
			rows = append(rows, fmt.Sprintf(",kiosk,a%d,view", i))
		}
		e := openEngine(t, Options{})
		b, rep := mustImport(t, e, []string{writeLog(t, "log.csv", stitchLog(rows...))}, stitchMapping(), []string{"View", "Login", "Buy"})
		wantPersons, wantRefused := int64(1), 0
		if n > model.DefaultMaxLinks {
			wantPersons, wantRefused = int64(n), 1
		}
		if b.Persons != wantPersons || len(rep.SharedRefused) != wantRefused {
			t.Errorf("%d anonymous ids on one device: %d persons, refused %+v", n, b.Persons, rep.SharedRefused)
		}
		if wantRefused == 1 && (rep.SharedRefused[0].Value != "kiosk" || rep.SharedRefused[0].Links != 51) {
			t.Errorf("refused: %+v", rep.SharedRefused[0])
		}
	}
}
