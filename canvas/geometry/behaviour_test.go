package geometry_test

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"waymark/canvas/geometry"
	"waymark/model"
)

// bpiReach is the reach of the BPI Challenge 2012 loan applications' six
// stages.
var bpiReach = []int64{13087, 7367, 5113, 5015, 3254, 2246}

// bpiFigures are hand-made figures for the given stages with the given
// reaches (the first is everyone), from a log of one source.
func bpiFigures(stages []*model.Stage, reach []int64) *model.Behaviour {
	b := &model.Behaviour{Mapping: model.DefaultMapping(), Persons: reach[0],
		Sources: []model.SourceFingerprint{{Name: "bpic2012_events.csv.gz", Size: 1, SHA256: strings.Repeat("ab", 32), Rows: 262200,
			FirstEvent: time.Date(2011, 10, 1, 9, 0, 0, 0, time.UTC).UnixMilli(),
			LastEvent:  time.Date(2012, 3, 14, 17, 0, 0, 0, time.UTC).UnixMilli()}}}
	for i, s := range stages[:len(reach)] {
		f := model.StageFigures{Stage: s.Name, StageID: s.ID, Reached: reach[i], ConversionFromPrevious: 1,
			ConversionFromFirst: float64(reach[i]) / float64(reach[0]),
			Channels: []model.ChannelShare{{Channel: "Web", Events: 60, Share: 0.6}, {Channel: "Phone", Events: 25, Share: 0.25},
				{Channel: "Branch", Events: 10, Share: 0.1}, {Channel: "Letter", Events: 5, Share: 0.05}}}
		if i > 0 {
			f.ConversionFromPrevious = float64(reach[i]) / float64(reach[i-1])
			f.DropOff = reach[i-1] - reach[i]
			f.DropOffRate = float64(f.DropOff) / float64(reach[i-1])
			f.Timed = reach[i]
			f.MedianSeconds = []float64{0, 44, 4*3600 + 7*60, 9 * 86400, 3 * 86400, 600}[i%6]
		}
		b.Stages = append(b.Stages, f)
	}
	return b
}

// bpiProject is a journey of six stages with the BPI figures, a behaviour
// lane on top, an actions lane and an emotions lane.
func bpiProject() (*model.Project, *model.Journey) {
	p := &model.Project{ID: "p", Name: "Loans", Scale: model.ScaleBipolar2,
		Personas: []*model.Persona{{ID: "ann", Name: "Ann"}}}
	j := &model.Journey{ID: "j", Title: "Loan application", PersonaIDs: []model.ID{"ann"}}
	for i, n := range []string{"Submitted", "Pre-accepted", "Accepted", "Offer sent", "Offer returned", "Approved"} {
		j.Stages = append(j.Stages, &model.Stage{ID: model.ID("s" + string(rune('1'+i))), Name: n})
	}
	j.Lanes = []*model.Lane{{ID: "beh", Name: "Behaviour", Kind: model.LaneBehaviour},
		{ID: "act", Name: "Actions", Kind: model.LaneActions}, {ID: "emo", Name: "Emotions", Kind: model.LaneEmotions}}
	j.Behaviour = bpiFigures(j.Stages, bpiReach)
	p.Journeys = []*model.Journey{j}
	return p, j
}

func TestBehaviourBand(t *testing.T) {
	p, j := bpiProject()
	l := layout(t, p, j)
	b := l.Behaviour
	if b == nil {
		t.Fatal("no behaviour band")
	}
	if b.Lane != "beh" || len(b.Stages) != 6 || len(b.Leaks) != 5 {
		t.Fatalf("band of lane %s, %d stages, %d leaks", b.Lane, len(b.Stages), len(b.Leaks))
	}
	row := l.Lanes[0].Row
	if !b.Band.Inside(row) {
		t.Errorf("band %v outside its row %v", b.Band, row)
	}

	// Bar heights proportional to reach, the first the tallest; bars
	// share a top and sit in their columns.
	top := b.Stages[0].Bar
	for i, s := range b.Stages {
		want := top.H * float32(float64(bpiReach[i])/float64(bpiReach[0]))
		if d := s.Bar.H - want; d > eps || d < -eps {
			t.Errorf("stage %d bar %v high, want %v", i, s.Bar.H, want)
		}
		if s.Bar.Y != top.Y || !s.Bar.Inside(l.Stages[i].Column) || !s.Bar.Inside(b.Funnel) || !s.Bar.Inside(s.Cell) {
			t.Errorf("stage %d bar %v: not at the top %v, in column %v, funnel %v", i, s.Bar, top.Y, l.Stages[i].Column, b.Funnel)
		}
		if s.Stage != j.Stages[i].ID || s.Reached != bpiReach[i] {
			t.Errorf("stage %d is %s with %d", i, s.Stage, s.Reached)
		}
	}

	// Leak bands: from the right edge of one bar at its height to the left
	// edge of the next at its height; the lost triangle below.
	for k, lk := range b.Leaks {
		a, c := b.Stages[k].Bar, b.Stages[k+1].Bar
		want := [4]geometry.Point{{X: a.X + a.W, Y: a.Y}, {X: c.X, Y: c.Y}, {X: c.X, Y: c.Y + c.H}, {X: a.X + a.W, Y: a.Y + a.H}}
		if lk.Band != want {
			t.Errorf("leak %d corners %v, want %v", k, lk.Band, want)
		}
		if lk.Lost != [3]geometry.Point{want[3], want[2], {X: c.X, Y: a.Y + a.H}} {
			t.Errorf("leak %d lost %v", k, lk.Lost)
		}
		if lk.Persons != bpiReach[k]-bpiReach[k+1] || lk.From != j.Stages[k].ID || lk.To != j.Stages[k+1].ID {
			t.Errorf("leak %d: %+v", k, lk)
		}
		if lk.Largest != (k == 0) {
			t.Errorf("leak %d largest %v: Submitted → Pre-accepted loses the most", k, lk.Largest)
		}
	}
	if b.Leaks[0].Label.Text != "–5,720" {
		t.Errorf("the largest leak's label %q", b.Leaks[0].Label.Text)
	}

	// The worst drop-off (43.7%, Pre-accepted) is flagged, and only it.
	if b.Worst != 1 {
		t.Errorf("worst stage %d, want 1", b.Worst)
	}
	for i, s := range b.Stages {
		if s.Worst != (i == 1) {
			t.Errorf("stage %d worst %v", i, s.Worst)
		}
	}

	// The figures' lines.
	lines := func(i int) []string {
		var out []string
		for _, ln := range b.Stages[i].Lines {
			out = append(out, ln.Text.Text)
		}
		return out
	}
	if got := lines(1); !slices.Contains(got, "7,367 · 56.3%") || !slices.Contains(got, "5,720 left (43.7%)") ||
		!slices.Contains(got, "median time 44 s") {
		t.Errorf("Pre-accepted says %q", got)
	}
	if got := lines(0); got[0] != "13,087 persons" {
		t.Errorf("Submitted says %q", got)
	}
	if got := lines(2); !slices.Contains(got, "median time 4 h 7 min") {
		t.Errorf("Accepted says %q", got)
	}
	if got := lines(3); !slices.Contains(got, "median time 9 days") {
		t.Errorf("Offer sent says %q", got)
	}
	for _, ln := range b.Stages[1].Lines {
		if ln.Text.Text == "5,720 left (43.7%)" && (!ln.Text.Bold || ln.Tone != geometry.ToneBad || len(ln.Arrow) != 3) {
			t.Errorf("the worst drop-off line is not emphasised: %+v", ln)
		}
	}

	// The channel mix: three channels and the rest, across the cell.
	mix := b.Stages[0].Mix
	if len(mix) != 4 || !mix[3].Other || mix[0].Channel != "Web" {
		t.Fatalf("mix %+v", mix)
	}
	total := float32(0)
	for _, m := range mix {
		total += m.Rect.W
	}
	if inner := l.Style.StageWidth - 2*l.Style.CellPadding; math.Abs(float64(total-inner)) > 0.1 || math.Abs(float64(mix[0].Rect.W-0.6*inner)) > 0.1 {
		t.Errorf("mix widths %v of %v", total, inner)
	}
	if got := lines(0); !slices.Contains(got, "Web 60% · Phone 25% · Branch 10%") || !slices.Contains(got, "other 5%") {
		t.Errorf("mix legend missing: %q", got)
	}

	// The header.
	var header []string
	for _, h := range b.Header {
		header = append(header, h.Text)
		if !textBox(metrics(t), l.Style, h).Inside(l.Lanes[0].Header) {
			t.Errorf("header line %q outside the lane header %v", h.Text, l.Lanes[0].Header)
		}
	}
	if want := []string{"bpic2012_events.csv.gz", "1 Oct 2011 – 14 Mar 2012", "13,087 persons", "funnel"}; !slices.Equal(header, want) {
		t.Errorf("header %q, want %q", header, want)
	}
	if b.Summary != "bpic2012_events.csv.gz · 1 Oct 2011 – 14 Mar 2012 · 13,087 persons · funnel" {
		t.Errorf("summary %q", b.Summary)
	}
	// Days are the mapping zone's when it names one.
	zoned := *j.Behaviour
	zoned.Sources = slices.Clone(zoned.Sources)
	zoned.Sources[0].FirstEvent = time.Date(2011, 10, 1, 0, 38, 0, 0, time.FixedZone("CEST", 2*3600)).UnixMilli()
	if got := geometry.BehaviourSummary(&zoned); !strings.Contains(got, "30 Sep 2011 –") {
		t.Errorf("in UTC: %q", got)
	}
	zoned.Mapping.Time.Zone = "Europe/Amsterdam"
	if got := geometry.BehaviourSummary(&zoned); !strings.Contains(got, "1 Oct 2011 –") {
		t.Errorf("in Europe/Amsterdam: %q", got)
	}

	// Every line is inside its cell, and Texts yields them.
	seen := map[*geometry.Text]bool{}
	for tx := range l.Texts() {
		seen[tx] = true
	}
	for i := range b.Stages {
		s := &b.Stages[i]
		for k := range s.Lines {
			if !textBox(metrics(t), l.Style, s.Lines[k].Text).Inside(s.Cell) {
				t.Errorf("stage %d line %q outside its cell %v", i, s.Lines[k].Text.Text, s.Cell)
			}
			if !seen[&s.Lines[k].Text] {
				t.Errorf("Texts does not yield %q", s.Lines[k].Text.Text)
			}
		}
	}
	if !seen[&b.Header[0]] || !seen[&b.Leaks[0].Label] {
		t.Error("Texts does not yield the header or the leak labels")
	}
	// The lane is tall enough: the cells hold the figures, the actions
	// lane starts below.
	if b.Band.Y+b.Band.H > row.Y+row.H+eps || l.Lanes[1].Row.Y < b.Band.Y+b.Band.H {
		t.Errorf("band %v, row %v, next row %v", b.Band, row, l.Lanes[1].Row)
	}
	checkLayout(t, "behaviour", p, j, l, true)
}

func TestBehaviourBandChanges(t *testing.T) {
	p, j := bpiProject()
	j.PreviousBehaviour = bpiFigures(j.Stages, []int64{13087, 7487, 5113, 5015})
	j.PreviousBehaviour.Stages[2].ConversionFromPrevious = 0.6 // now 5113/7367 = 69.4%
	j.PreviousBehaviour.Stages[3].MedianSeconds = 10*86400 + 19*3600
	l := layout(t, p, j)
	find := func(i int, text string) *geometry.FigureLine {
		for k := range l.Behaviour.Stages[i].Lines {
			if ln := &l.Behaviour.Stages[i].Lines[k]; ln.Text.Text == text {
				return ln
			}
		}
		return nil
	}
	// Pre-accepted: 120 fewer persons, conversion 56.3% from 57.2%.
	if ln := find(1, "120 fewer reached it"); ln == nil || ln.Tone != geometry.ToneBad || len(ln.Arrow) != 3 || ln.Arrow[0].Y != ln.Arrow[1].Y {
		t.Errorf("reach change: %+v", ln)
	}
	if ln := find(2, "9.4 pts conversion"); ln == nil || ln.Tone != geometry.ToneGood || ln.Arrow[0].Y >= ln.Arrow[1].Y {
		t.Errorf("conversion change (up): %+v", ln)
	}
	// Offer sent: median 9 days now, 10 days 19 h before: shorter, good.
	if ln := find(3, "median time 1 day 19 h shorter"); ln == nil || ln.Tone != geometry.ToneGood {
		t.Errorf("median change: %+v", ln)
	}
	if find(0, "unchanged") == nil || find(4, "new in this import") == nil {
		t.Error("an unchanged stage or a stage new in this import does not say so")
	}
	if find(1, "Since the previous import") == nil {
		t.Error("no heading for the changes")
	}
}

func TestBehaviourBandAbsent(t *testing.T) {
	p, j := bpiProject()
	j.Lanes[0].Hidden = true
	if l := layout(t, p, j); l.Behaviour != nil {
		t.Error("a hidden behaviour lane has a band")
	}
	p, j = bpiProject()
	j.Behaviour = nil
	l := layout(t, p, j)
	if l.Behaviour != nil {
		t.Error("a journey without figures has a band")
	}
	checkLayout(t, "no figures", p, j, l, true)
	// A stage without figures has no bar and breaks the leaks around it.
	p, j = bpiProject()
	b := *j.Behaviour
	b.Stages = slices.Delete(slices.Clone(b.Stages), 2, 3)
	j.Behaviour = &b
	l = layout(t, p, j)
	if len(l.Behaviour.Stages) != 5 || len(l.Behaviour.Leaks) != 3 {
		t.Errorf("%d stages, %d leaks; want 5 and 3", len(l.Behaviour.Stages), len(l.Behaviour.Leaks))
	}
}

func TestBehaviourDisagreementMarker(t *testing.T) {
	p, j := bpiProject()
	// Conversions after the first: 56.3, 69.4, 98.1, 64.9, 69.0. The worst
	// third (one stage) is Pre-accepted, the best Offer sent.
	add := func(stage model.ID, score int) {
		j.Touchpoints = append(j.Touchpoints, &model.Touchpoint{ID: model.NewID(), StageID: stage, LaneID: "act",
			Order: len(j.Cell(stage, "act")), Title: "Card", Emotions: map[model.ID]int{"ann": score}})
	}
	add("s2", 1)  // rated well, converts worst: marker
	add("s4", -2) // rated badly, converts best: marker
	add("s3", 2)  // middle: none
	l := layout(t, p, j)
	for i, s := range l.Behaviour.Stages {
		want := i == 1 || i == 3
		if (s.Marker.W > 0) != want || (s.Reason != "") != want {
			t.Errorf("stage %d marker %v reason %q; want a marker: %v", i, s.Marker, s.Reason, want)
		}
		if want && (!s.Marker.Inside(s.Cell) || !textBox(metrics(t), l.Style, s.MarkerGlyph).Inside(s.Marker)) {
			t.Errorf("stage %d marker %v outside its cell %v", i, s.Marker, s.Cell)
		}
	}
	if r := l.Behaviour.Stages[1].Reason; r != "Rated neutral or better, but 56% convert: among the worst third" {
		t.Errorf("reason %q", r)
	}
	checkLayout(t, "disagreements", p, j, l, true)
}

func TestBehaviourLaneRefusesDrops(t *testing.T) {
	p, j := bpiProject()
	l := layout(t, p, j)
	in := l.Cell(1, 0).Rect
	pt := geometry.Point{X: in.X + 10, Y: in.Y + in.H - 5}
	if l.CellAt(pt) == nil || l.DropCellAt(pt) != nil {
		t.Error("a drop on the behaviour lane finds a cell")
	}
	act := l.Cell(1, 1).Rect
	if l.DropCellAt(geometry.Point{X: act.X + 10, Y: act.Y + 10}) == nil {
		t.Error("a drop on the actions lane finds none")
	}
}

func TestDuration(t *testing.T) {
	for _, c := range []struct {
		s    float64
		want string
	}{{0, "0 s"}, {44, "44 s"}, {59.4, "59 s"}, {60, "1 min"}, {725, "12 min"}, {3600, "1 h"}, {4*3600 + 7*60, "4 h 7 min"},
		{86399, "1 day"}, {86400 + 3*3600, "1 day 3 h"}, {9 * 86400, "9 days"}, {9*86400 + 13*3600, "10 days"}} {
		if got := geometry.Duration(c.s); got != c.want {
			t.Errorf("Duration(%v) = %q, want %q", c.s, got, c.want)
		}
	}
}

// The layout's markers are model.Disagreements, though it takes the
// stages' mean scores from its own cards: a large journey with scores on
// hidden lanes and from a persona it is not drawn for.
func TestBehaviourMarkersAreModelDisagreements(t *testing.T) {
	o := bigDefault
	o.hidden = []int{1, 5}
	p, j := bigProject(7, o)
	j.Lanes = append([]*model.Lane{{ID: "behaviour", Name: "Behaviour", Kind: model.LaneBehaviour}}, j.Lanes...)
	reach := make([]int64, len(j.Stages))
	reach[0] = 100_000
	for i := 1; i < len(reach); i++ {
		reach[i] = reach[i-1] * int64(70+(i*37)%29) / 100
	}
	j.Behaviour = bpiFigures(j.Stages, reach)
	want := model.Disagreements(p, j)
	if len(want) == 0 {
		t.Fatal("the test journey has no disagreements")
	}
	l := layout(t, p, j)
	var got []model.Disagreement
	for _, s := range l.Behaviour.Stages {
		if s.Marker.W > 0 {
			got = append(got, model.Disagreement{StageID: s.Stage, Reason: s.Reason})
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("layout markers %v\nmodel says %v", got, want)
	}
	checkLayout(t, "big with behaviour", p, j, l, true)
}

// One layouter lays the band out again only when what it shows changed:
// an edit elsewhere shares the last band, a score that makes a stage
// disagree adds its marker, a lane above moves it down.
func TestBehaviourBandCache(t *testing.T) {
	p, j := bpiProject()
	lo := geometry.NewLayouter(geometry.DefaultStyle, metrics(t))
	card := &model.Touchpoint{ID: "c1", StageID: "s2", LaneID: "act", Title: "Card"}
	j.Touchpoints = append(j.Touchpoints, card)
	a := lo.Layout(p, j)
	card.Title = "Card, renamed"
	b := lo.Layout(p, j)
	if a.Behaviour != b.Behaviour {
		t.Error("an edit of a card's title laid the band out again")
	}
	card.Emotions = map[model.ID]int{"ann": 2}
	c := lo.Layout(p, j)
	if c.Behaviour.Stages[1].Marker.W == 0 || b.Behaviour.Stages[1].Marker.W != 0 {
		t.Error("a score that makes Pre-accepted disagree did not add its marker (or changed the last layout's band)")
	}
	j.Lanes = append([]*model.Lane{{ID: "top", Name: "Top", Kind: model.LaneCustom}}, j.Lanes...)
	d := lo.Layout(p, j)
	if d.Behaviour.Band.Y <= c.Behaviour.Band.Y || d.Behaviour.Stages[0].Bar.Y <= c.Behaviour.Stages[0].Bar.Y {
		t.Errorf("the band did not move down under a new lane: %v, was %v", d.Behaviour.Band, c.Behaviour.Band)
	}
	fresh := layout(t, p, j)
	if !reflect.DeepEqual(fresh.Behaviour, d.Behaviour) {
		t.Error("the cached band differs from a fresh layout's")
	}
	j.PreviousBehaviour = j.Behaviour
	if e := lo.Layout(p, j); len(e.Behaviour.Stages[0].Lines) <= len(d.Behaviour.Stages[0].Lines) {
		t.Error("previous figures did not add change lines")
	}
}

// In presence mode a stage may be reached by more persons than the one
// before it: its leak band widens and loses nobody.
func TestBehaviourLeakThatGrows(t *testing.T) {
	p, j := bpiProject()
	j.Behaviour = bpiFigures(j.Stages, []int64{1000, 1200, 600})
	j.Behaviour.Stages[1].DropOff, j.Behaviour.Stages[1].DropOffRate = 0, 0
	j.Behaviour.Mapping.Metrics.Mode = model.ModePresence
	l := layout(t, p, j)
	b := l.Behaviour
	if b.Stages[1].Bar.H <= b.Stages[0].Bar.H || b.Stages[1].Bar.H != 96 {
		t.Errorf("bars %v, %v: the most reached is the tallest", b.Stages[0].Bar, b.Stages[1].Bar)
	}
	lk := b.Leaks[0]
	if lk.Lost[0] != lk.Lost[1] || lk.Lost[1] != lk.Lost[2] || lk.Largest || lk.Persons != 0 {
		t.Errorf("a leak that grows: %+v", lk)
	}
	if !b.Leaks[1].Largest || b.Worst != 2 {
		t.Errorf("largest %v, worst %d", b.Leaks[1].Largest, b.Worst)
	}
	if b.Header[len(b.Header)-1].Text != "presence" {
		t.Errorf("header %v", b.Header)
	}
	checkLayout(t, "presence", p, j, l, true)
}

// With a segment value chosen, the lane shows that value's figures: its
// bars, its reach, and its name and persons in the header; the segment's
// figures find their stages by name when they do not name their IDs. A
// value the figures lack shows everyone's.
func TestBehaviourBandSegment(t *testing.T) {
	p, j := bpiProject()
	seg := bpiFigures(j.Stages, []int64{600, 300, 150, 150, 75, 60})
	for i := range seg.Stages {
		seg.Stages[i].StageID = ""
	}
	j.Behaviour.SegmentAttribute = "amount_req"
	j.Behaviour.Segments = []model.SegmentValue{{Value: "5000", Persons: 600, Stages: seg.Stages}}
	lo := geometry.NewLayouter(geometry.DefaultStyle, metrics(t))
	all := lo.Layout(p, j)
	lo.Segment = "5000"
	one := lo.Layout(p, j)
	if one.Behaviour == all.Behaviour || len(one.Behaviour.Stages) != 6 {
		t.Fatalf("the segment's band is everyone's, or lacks stages: %d", len(one.Behaviour.Stages))
	}
	for i, s := range one.Behaviour.Stages {
		if s.Reached != seg.Stages[i].Reached || s.Stage != j.Stages[i].ID {
			t.Errorf("stage %d: reach %d of %s, want %d of %s", i, s.Reached, s.Stage, seg.Stages[i].Reached, j.Stages[i].ID)
		}
	}
	if h := one.Behaviour.Stages[1].Bar.H / one.Behaviour.Stages[0].Bar.H; math.Abs(float64(h)-0.5) > 0.01 {
		t.Errorf("the second bar is %.3f of the first, want 0.5", h)
	}
	if got := one.Behaviour.Summary; got != "bpic2012_events.csv.gz · 1 Oct 2011 – 14 Mar 2012 · amount_req = 5000 · 600 persons · funnel" {
		t.Errorf("summary %q", got)
	}
	if got := all.Behaviour.Summary; strings.Contains(got, "amount_req") || !strings.Contains(got, "13,087 persons") {
		t.Errorf("everyone's summary %q", got)
	}
	lo.Segment = "no such value"
	if other := lo.Layout(p, j); other.Behaviour.Summary != all.Behaviour.Summary || other.Behaviour.Stages[0].Reached != 13087 {
		t.Errorf("an unknown value shows %q", other.Behaviour.Summary)
	}
}

// Two segment values side by side: each stage has a bar of each, in two
// strips, the second under the first, so their leak bands never cross;
// each bar as tall as its reach over its value's largest; each value has its leak bands and a swatch and line in the
// header; the summary names both.
func TestBehaviourBandCompare(t *testing.T) {
	p, j := bpiProject()
	a := bpiFigures(j.Stages, []int64{600, 300, 150, 150, 75, 60})
	c := bpiFigures(j.Stages, []int64{400, 400, 100, 50, 40, 10})
	j.Behaviour.SegmentAttribute = "amount_req"
	j.Behaviour.Segments = []model.SegmentValue{{Value: "5000", Persons: 600, Stages: a.Stages}, {Value: "10000", Persons: 400, Stages: c.Stages}}
	lo := geometry.NewLayouter(geometry.DefaultStyle, metrics(t))
	lo.Segment, lo.Compare = "5000", "10000"
	b := lo.Layout(p, j).Behaviour
	if len(b.Stages) != 12 || len(b.Leaks) != 10 || len(b.Swatches) != 2 {
		t.Fatalf("%d stages, %d leaks, %d swatches", len(b.Stages), len(b.Leaks), len(b.Swatches))
	}
	for i := 0; i < 6; i++ {
		x, y := b.Stages[i], b.Stages[6+i]
		// The second value's strip is below the first's and its leak labels.
		if x.View != 0 || y.View != 1 || x.Stage != y.Stage || y.Bar.Y < b.Stages[0].Bar.Y+b.Stages[0].Bar.H || x.Bar.X != y.Bar.X {
			t.Errorf("stage %d: bars %v (view %d) and %v (view %d)", i, x.Bar, x.View, y.Bar, y.View)
		}
	}
	if r := b.Stages[6+1].Bar.H / b.Stages[6+0].Bar.H; r != 1 {
		t.Errorf("the second value's second bar is %.2f of its first, want 1", r)
	}
	if r := b.Stages[2].Bar.H / b.Stages[0].Bar.H; math.Abs(float64(r)-0.25) > 0.01 {
		t.Errorf("the first value's third bar is %.2f of its first, want 0.25", r)
	}
	for _, lk := range b.Leaks[5:] {
		if lk.View != 1 {
			t.Errorf("leak %s→%s of view %d", lk.From, lk.To, lk.View)
		}
	}
	if b.Leaks[0].Label.Y >= b.Stages[6].Bar.Y || b.Leaks[5].Label.Y <= b.Stages[6].Bar.Y {
		t.Error("each value's leak labels are not under its own strip")
	}
	if want := "bpic2012_events.csv.gz · 1 Oct 2011 – 14 Mar 2012 · amount_req = 5000 (600) · amount_req = 10000 (400) · funnel"; b.Summary != want {
		t.Errorf("summary %q", b.Summary)
	}
	for _, s := range b.Stages {
		for _, ln := range s.Lines {
			if ln.Text.X < s.Cell.X || ln.Text.X > s.Cell.X+s.Cell.W {
				t.Errorf("a line of stage %s view %d at x %.0f is outside its column", s.Stage, s.View, ln.Text.X)
			}
		}
	}
	lo.Compare = "5000"
	if one := lo.Layout(p, j).Behaviour; len(one.Stages) != 6 || len(one.Swatches) != 0 {
		t.Errorf("comparing a value with itself: %d stages", len(one.Stages))
	}
}

// The measured conversion is a dashed line in the emotions lane on its own
// axis: each stage with figures at its column's centre, 100% at the plot's
// top and 0% at its bottom, with a legend line in the lane header.
func TestConversionLine(t *testing.T) {
	p, j := bpiProject()
	l := layout(t, p, j)
	e := l.Emotion
	if e == nil || e.Conversion == nil {
		t.Fatal("no conversion line")
	}
	c := e.Conversion
	if len(c.Points) != 6 || len(c.Dashes) < 20 || len(c.Axis) != 2 || c.Name.Text != "Conversion, 0–100%" {
		t.Fatalf("%d points, %d dashes, axis %v, legend %q", len(c.Points), len(c.Dashes), c.Axis, c.Name.Text)
	}
	for i, pt := range c.Points {
		s := l.Stages[i]
		share := j.Behaviour.Stages[i].ConversionFromPrevious
		want := e.Plot.Y + float32(1-share)*e.Plot.H
		if pt.X != s.Header.X+s.Header.W/2 || math.Abs(float64(pt.Y-want)) > 0.01 {
			t.Errorf("stage %d at %v, want (%v, %v)", i, pt, s.Header.X+s.Header.W/2, want)
		}
	}
	if c.Points[0].Y != e.Plot.Y {
		t.Errorf("the first stage's 100%% is at %v, not the plot's top %v", c.Points[0].Y, e.Plot.Y)
	}
	hdr := l.Lanes[2].Header
	if !(geometry.Rect{X: c.Name.X, Y: c.Name.Y, W: 1, H: 1}).Inside(hdr) {
		t.Errorf("the legend %v is outside the lane header %v", c.Name, hdr)
	}
	j.Behaviour = nil
	if layout(t, p, j).Emotion.Conversion != nil {
		t.Error("a conversion line without figures")
	}
}
