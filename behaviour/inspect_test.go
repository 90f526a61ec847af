package behaviour

import (
	"context"
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
	if len(m.Rules) != 3 || m.Rules[0].Pattern != "b" {
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
