package poster

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"waymark/model"
)

// bigProject makes one journey of n touchpoints over 20 stages and 10 lanes,
// with two personas scoring some cards, channels, flags and confidence,
// titles in Latin, Greek and Cyrillic.
func bigProject(n int) *model.Project {
	r := rand.New(rand.NewPCG(7, 11))
	words := strings.Fields("customer opens app compares fees calls support waits for card " +
		"uploads passport gets rejected tries again reads letter switches salary " +
		"πελάτης ανοίγει λογαριασμό клиент открывает счёт Zoë façade déjà naïve")
	p := &model.Project{ID: "big", Name: "Benchmark bank", Scale: model.ScaleBipolar2}
	j := &model.Journey{ID: "j", Title: "A very large journey", Description: "Two thousand touchpoints."}
	p.Journeys = []*model.Journey{j}
	for i, name := range []string{"Zoë Müller", "Graham Fletcher"} {
		x := &model.Persona{ID: model.ID(fmt.Sprint("persona-", i)), Name: name, Role: "Customer", Quote: "Make it simple."}
		p.Personas = append(p.Personas, x)
		j.PersonaIDs = append(j.PersonaIDs, x.ID)
	}
	for i := 0; i < 20; i++ {
		j.Stages = append(j.Stages, &model.Stage{ID: model.ID(fmt.Sprint("s", i)), Name: fmt.Sprintf("Stage %d", i+1),
			Description: "What happens here", Color: []string{"", "#1f6feb", "#e36209", "#8250df"}[i%4]})
	}
	kinds := []model.LaneKind{model.LaneChannel, model.LaneActions, model.LaneThoughts, model.LaneEmotions,
		model.LanePainPoints, model.LaneOpportunities, model.LaneStakeholders, model.LaneBackstage, model.LaneEvidence, model.LaneCustom}
	for i, k := range kinds {
		j.Lanes = append(j.Lanes, &model.Lane{ID: model.ID(fmt.Sprint("l", i)), Name: k.Label(), Kind: k})
	}
	channels := []string{"Web", "Email", "Mobile app", "Phone", "Branch", "Chat", "Τηλέφωνο", "Магазин"}
	confs := []model.Confidence{"", model.Assumption, model.Anecdotal, model.Validated}
	order := map[[2]int]int{}
	for i := 0; i < n; i++ {
		si, li := r.IntN(20), r.IntN(10)
		nw := 2 + r.IntN(9)
		var title []string
		for k := 0; k < nw; k++ {
			title = append(title, words[r.IntN(len(words))])
		}
		t := &model.Touchpoint{ID: model.ID(fmt.Sprint("t", i)), StageID: j.Stages[si].ID, LaneID: j.Lanes[li].ID,
			Order: order[[2]int{si, li}], Title: strings.Join(title, " "), Confidence: confs[r.IntN(4)],
			PainPoint: r.IntN(5) == 0, Opportunity: r.IntN(6) == 0, MomentOfTruth: r.IntN(9) == 0}
		order[[2]int{si, li}]++
		if r.IntN(3) > 0 {
			t.Channel = channels[r.IntN(len(channels))]
		}
		for _, x := range p.Personas {
			if r.IntN(5) < 2 {
				if t.Emotions == nil {
					t.Emotions = map[model.ID]int{}
				}
				t.Emotions[x.ID] = r.IntN(5) - 2
			}
		}
		j.Touchpoints = append(j.Touchpoints, t)
	}
	return p
}

func benchPDF(b *testing.B, p *model.Project, paper string) {
	d := docOf(b, p, nil)
	o := opts(b, paper)
	pt := painter(b)
	var buf bytes.Buffer
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		buf.Reset()
		if _, err := pt.WritePDF(context.Background(), &buf, d, o); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "pdf-bytes")
}

// BenchmarkPDF2000A0: 2,000 touchpoints to an A0 PDF. Target ≤ 150 ms and ≤ 1 MB.
func BenchmarkPDF2000A0(b *testing.B) { benchPDF(b, bigProject(2000), "A0") }

// BenchmarkPDFSampleA0: the sample to an A0 PDF. Target ≤ 30 ms.
func BenchmarkPDFSampleA0(b *testing.B) { benchPDF(b, sample(b), "A0") }
