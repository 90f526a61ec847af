package difftext

import (
	"context"
	"errors"
	"testing"

	"waymark/assets"
	"waymark/model"
)

// A new version's summary: everything for the first, the changes since the
// newest otherwise, a plain note when the newest cannot be read, nothing
// when cancelled.
func TestNewVersionSummary(t *testing.T) {
	ctx := context.Background()
	cur := assets.Sample()
	prev := cur.Clone()
	prev.Journeys[0].Touchpoints = prev.Journeys[0].Touchpoints[1:]
	read := func(_ context.Context, seq int) (*model.Project, error) {
		if seq == 2 {
			return prev, nil
		}
		return nil, errors.New("damaged")
	}
	two := []model.Version{{Seq: 1}, {Seq: 2}}
	for _, c := range []struct {
		list []model.Version
		want string
		bad  bool
	}{
		{nil, VersionSummary(nil, cur), false},
		{two, "+1 card", false},
		{two[:1], "not compared: version 1 cannot be read", true},
	} {
		got, unreadable, err := NewVersionSummary(ctx, c.list, read, cur)
		if err != nil || got != c.want || (unreadable != nil) != c.bad {
			t.Errorf("%d versions: %q, %v, %v; want %q", len(c.list), got, unreadable, err, c.want)
		}
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, _, err := NewVersionSummary(cancelled, two, read, cur); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}
