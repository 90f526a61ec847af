package poster

import (
	"bytes"
	"context"
	"image/color"
	"strings"
	"testing"
	"time"

	"waymark/canvas/geometry"
	"waymark/model"
)

// behaviourProject is a journey of six stages (the BPI Challenge 2012 loan
// applications') with hand-made figures, a behaviour lane on top, an
// actions lane with a card rated well where conversion is worst (a
// disagreement) and an emotions lane.
func behaviourProject() *model.Project {
	reach := []int64{13087, 7367, 5113, 5015, 3254, 2246}
	p := &model.Project{ID: "p", Name: "Loans", Scale: model.ScaleBipolar2,
		Personas: []*model.Persona{{ID: "ann", Name: "Ann"}}}
	j := &model.Journey{ID: "j", Title: "Loan application", PersonaIDs: []model.ID{"ann"}}
	for i, n := range []string{"Submitted", "Pre-accepted", "Accepted", "Offer sent", "Offer returned", "Approved"} {
		j.Stages = append(j.Stages, &model.Stage{ID: model.ID("s" + string(rune('1'+i))), Name: n})
	}
	j.Lanes = []*model.Lane{{ID: "beh", Name: "Behaviour", Kind: model.LaneBehaviour},
		{ID: "act", Name: "Actions", Kind: model.LaneActions}, {ID: "emo", Name: "Emotions", Kind: model.LaneEmotions}}
	b := &model.Behaviour{Mapping: model.DefaultMapping(), Persons: reach[0],
		Sources: []model.SourceFingerprint{{Name: "bpic2012_events.csv.gz", Size: 1, SHA256: strings.Repeat("ab", 32),
			FirstEvent: time.Date(2011, 10, 1, 9, 0, 0, 0, time.UTC).UnixMilli(),
			LastEvent:  time.Date(2012, 3, 14, 17, 0, 0, 0, time.UTC).UnixMilli()}}}
	for i, s := range j.Stages {
		f := model.StageFigures{Stage: s.Name, StageID: s.ID, Reached: reach[i], ConversionFromPrevious: 1,
			ConversionFromFirst: float64(reach[i]) / float64(reach[0]),
			Channels: []model.ChannelShare{{Channel: "Web", Share: 0.55}, {Channel: "Phone", Share: 0.3}, {Channel: "Branch", Share: 0.1},
				{Channel: "Letter", Share: 0.05}}}
		if i > 0 {
			f.ConversionFromPrevious = float64(reach[i]) / float64(reach[i-1])
			f.DropOff = reach[i-1] - reach[i]
			f.DropOffRate = float64(f.DropOff) / float64(reach[i-1])
			f.Timed = reach[i]
			f.MedianSeconds = []float64{0, 44, 4*3600 + 7*60, 9 * 86400, 3 * 86400, 600}[i]
		}
		b.Stages = append(b.Stages, f)
	}
	j.Behaviour = b
	for i, s := range j.Stages {
		j.Touchpoints = append(j.Touchpoints, &model.Touchpoint{ID: model.ID("t" + string(rune('1'+i))), StageID: s.ID, LaneID: "act",
			Title: "Customer " + strings.ToLower(s.Name), Channel: "Web", Emotions: map[model.ID]int{"ann": []int{1, 1, -1, -2, 0, 2}[i]}})
	}
	p.Journeys = []*model.Journey{j}
	return p
}

func TestBehaviourPoster(t *testing.T) {
	p := behaviourProject()
	d := docOf(t, p, nil)
	if d.Layout.Behaviour == nil {
		t.Fatal("no behaviour band in the layout")
	}
	dir := t.TempDir()
	path, _ := writePDF(t, dir, "behaviour-A0.pdf", d, opts(t, "A0"))
	text := strings.Join(strings.Fields(tool(t, "pdftotext", path, "-")), " ")
	for _, s := range d.Layout.Behaviour.Stages {
		if want := thousands(int(s.Reached)); !strings.Contains(text, want) {
			t.Errorf("the poster lacks stage %s's reach %s", s.Stage, want)
		}
	}
	for _, want := range []string{"7,367 · 56.3%", "5,720 left (43.7%)", "–5,720", "median time 4 h 7 min",
		"Behaviour figures: bpic2012_events.csv.gz · 1 Oct 2011 – 14 Mar 2012 · 13,087 persons · funnel",
		"Rated neutral or better", "Persons who reached it", "Lost; solid: the most", "Scores disagree"} {
		if !strings.Contains(text, want) {
			t.Errorf("the poster lacks %q", want)
		}
	}
	if check := tool(t, "qpdf", "--check", path); !strings.Contains(check, "No syntax or stream encoding errors found") {
		t.Errorf("qpdf --check:\n%s", check)
	}
	// Tiled on A4 sheets, each sheet draws its part of the band.
	to := opts(t, "A0")
	to.Tile = mustPaper(t, "A4")
	tiled, _ := writePDF(t, dir, "behaviour-tiled.pdf", d, to)
	if check := tool(t, "qpdf", "--check", tiled); !strings.Contains(check, "No syntax or stream encoding errors found") {
		t.Errorf("tiled: qpdf --check:\n%s", check)
	}
	if tt := tool(t, "pdftotext", tiled, "-"); !strings.Contains(tt, "5,720 left (43.7%)") {
		t.Error("the tiled poster lacks the worst drop-off")
	}

	// PNG and SVG paint it too.
	var svg bytes.Buffer
	if _, err := painter(t).WriteSVG(context.Background(), &svg, d, opts(t, "A2")); err != nil {
		t.Fatal(err)
	}
	texts, _, err := svgTexts(svg.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if all := strings.Join(texts, "\n"); !strings.Contains(all, "5,720 left (43.7%)") || !strings.Contains(svg.String(), `id="behaviour"`) {
		t.Error("the SVG lacks the behaviour band")
	}
	o := opts(t, "A3")
	o.DPI = 40
	var png bytes.Buffer
	if _, err := painter(t).WritePNG(context.Background(), &png, d, o); err != nil {
		t.Fatal(err)
	}
}

// recordingSurface keeps the rectangles and polygons drawn, in page points.
type recordingSurface struct {
	countingSurface
	rects    []geometry.Rect
	polygons [][]geometry.Point
}

func (s *recordingSurface) rect(x, y, w, h float64, fill color.NRGBA) {
	s.rects = append(s.rects, geometry.Rect{X: float32(x), Y: float32(y), W: float32(w), H: float32(h)})
}

func (s *recordingSurface) roundRect(x, y, w, h, r float64, fill, stroke color.NRGBA, lw float64) {
	s.rect(x, y, w, h, fill)
}

func (s *recordingSurface) polygon(pts []pt2, fill color.NRGBA) {
	var ps []geometry.Point
	for _, p := range pts {
		ps = append(ps, geometry.Point{X: float32(p.X), Y: float32(p.Y)})
	}
	s.polygons = append(s.polygons, ps)
}

// BehaviourShapes are the rectangles and polygons of a layout's behaviour
// band that a painter must draw: reach bars, channel-mix parts and
// markers; leak bands, lost triangles and arrows. The board's test asks
// the same of the board.
func behaviourShapes(b *geometry.BehaviourBand) (rects []geometry.Rect, polys [][]geometry.Point) {
	for _, s := range b.Stages {
		rects = append(rects, s.Bar)
		for _, m := range s.Mix {
			rects = append(rects, m.Rect)
		}
		if s.Marker.W > 0 {
			rects = append(rects, s.Marker)
		}
		for _, ln := range s.Lines {
			if ln.Arrow != nil {
				polys = append(polys, ln.Arrow)
			}
		}
	}
	for _, lk := range b.Leaks {
		polys = append(polys, lk.Band[:])
		if lk.Lost[0] != lk.Lost[1] {
			polys = append(polys, lk.Lost[:])
		}
	}
	return rects, polys
}

// The poster draws the behaviour band's shapes as the layout has them: at
// scale 1 its map's rectangles and polygons are the layout's, each one.
func TestPosterDrawsTheLayoutsBehaviourShapes(t *testing.T) {
	d := docOf(t, behaviourProject(), nil)
	o := opts(t, "A1")
	_, c, _, missing, err := painter(t).plan(&d, &o)
	if err != nil {
		t.Fatal(err)
	}
	sf := &recordingSurface{}
	painter(t).newDrawer(context.Background(), sf, d, &o, c, missing).drawMap(Transform{S: 1}, d.Layout.Size)
	rects, polys := behaviourShapes(d.Layout.Behaviour)
	for _, r := range rects {
		if !containsRect(sf.rects, r) {
			t.Errorf("the poster does not draw %v", r)
		}
	}
	for _, p := range polys {
		if !containsPoly(sf.polygons, p) {
			t.Errorf("the poster does not draw the polygon %v", p)
		}
	}
}

func containsRect(list []geometry.Rect, r geometry.Rect) bool {
	for _, x := range list {
		if close32(x.X, r.X) && close32(x.Y, r.Y) && close32(x.W, r.W) && close32(x.H, r.H) {
			return true
		}
	}
	return false
}

func containsPoly(list [][]geometry.Point, p []geometry.Point) bool {
outer:
	for _, x := range list {
		if len(x) != len(p) {
			continue
		}
		for i := range x {
			if !close32(x[i].X, p[i].X) || !close32(x[i].Y, p[i].Y) {
				continue outer
			}
		}
		return true
	}
	return false
}

func close32(a, b float32) bool { return a-b < 0.01 && b-a < 0.01 }
