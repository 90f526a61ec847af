package behaviour

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

func TestInspect(t *testing.T) {
	e := openEngine(t, Options{})
	in, err := e.Inspect(context.Background(), []string{writeLog(t, "log.csv", metricLog)})
	if err != nil {
		t.Fatal(err)
	}
	m := in.Mapping
	if m.Time.Column != "time" || m.Event != "event" || m.Channel != "channel" || strings.Join(m.Identifiers, ",") != "user" ||
		strings.Join(m.Attributes, ",") != "country" {
		t.Errorf("guessed %+v", m)
	}
	// The stages in the order persons usually reach them.
	if len(m.Rules) != 3 || m.Rules[0].Pattern != "a" || m.Rules[1].Pattern != "b" || m.Rules[2].Pattern != "c" {
		t.Errorf("rules %+v", m.Rules)
	}
	starter := in.StarterMapping()
	back, err := ParseMapping([]byte(starter))
	if err != nil {
		t.Fatalf("the starter mapping does not parse: %v\n%s", err, starter)
	}
	if back.Event != "event" {
		t.Errorf("starter: %+v", back)
	}
	t.Log(starter)
}

// The guessed stages are the events most persons have, in the order they
// usually come, not by how often they happen: view is the most frequent
// event, but signup comes first; pay, of one person, is left out.
func TestInspectGuessesStagesInTimeOrder(t *testing.T) {
	var b strings.Builder
	b.WriteString("user_id,event,timestamp\n")
	for u := range 3 {
		fmt.Fprintf(&b, "u%d,signup,2024-01-0%dT10:00:00Z\n", u, u+1)
		for k := range 3 {
			fmt.Fprintf(&b, "u%d,view,2024-01-0%dT1%d:00:00Z\n", u, u+1, k+1)
		}
		if u > 0 {
			fmt.Fprintf(&b, "u%d,buy,2024-01-0%dT18:00:00Z\n", u, u+1)
		}
	}
	b.WriteString("u9,pay,2024-01-09T10:00:00Z\n")
	e := openEngine(t, Options{})
	in, err := e.Inspect(context.Background(), []string{writeLog(t, "log.csv", b.String())})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range in.Mapping.Rules {
		got = append(got, r.Stage)
	}
	if strings.Join(got, " ") != "signup view buy" {
		t.Errorf("stages %q", got)
	}
}
