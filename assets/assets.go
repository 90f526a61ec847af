// Package assets holds what Waymark ships inside its binary: the project
// templates offered by File › New and the first-start sample, stored as
// JSON in the model's export format (templates/*.json), and the app icon.
package assets

import (
	"bytes"
	"embed"
	"fmt"
	"strings"

	"waymark/model"
)

//go:embed templates/*.json
var templateFS embed.FS

//go:embed icon.png
var icon []byte

// Template describes one way to start a project.
type Template struct {
	Name        string // the key NewProject takes, also the file templates/NAME.json
	Title       string // as a menu shows it
	Description string // one sentence for a tooltip or a dialog
	// Example is set for a template filled with example content (personas,
	// cards, scores, evidence); an empty template has only the structure.
	Example bool
	// Pair names the other version of the same map: the example of an empty
	// template, or the empty template an example fills in; "" if none.
	Pair string
}

var templates = []Template{
	{Name: "blank", Title: "Blank map",
		Description: "One journey with three stages and the five basic lanes, ready for your own structure."},
	{Name: "lifecycle", Title: "Classic customer lifecycle", Pair: "lifecycle-example",
		Description: "Awareness to advocacy in six stages, with channel, emotion and backstage lanes."},
	{Name: "lifecycle-example", Title: "Classic customer lifecycle (example)", Example: true, Pair: "lifecycle",
		Description: "A gym member's first year at Fieldfare Fitness: two personas, a dip in month three and what would keep members."},
	{Name: "saas-onboarding", Title: "SaaS trial to paid", Pair: "saas-onboarding-example",
		Description: "Sign-up, first session, set-up, first value, team invites and upgrade, with a product and data lane."},
	{Name: "saas-onboarding-example", Title: "SaaS trial to paid (example)", Example: true, Pair: "saas-onboarding",
		Description: "A 14-day trial of Planwise, a scheduling tool: where the import fails, when the 'aha' comes, what blocks the upgrade."},
	{Name: "ecommerce", Title: "E-commerce first purchase", Pair: "ecommerce-example",
		Description: "Discover, browse, product page, checkout, delivery and first use, with a behind-the-scenes lane."},
	{Name: "ecommerce-example", Title: "E-commerce first purchase (example)", Example: true, Pair: "ecommerce",
		Description: "A first order of running shoes at Stride: jargon filters, a surprise delivery charge and a missed courier."},
	{Name: "blueprint", Title: "Service blueprint", Pair: "blueprint-example",
		Description: "Physical evidence, customer actions, frontstage, backstage and support processes."},
	{Name: "blueprint-example", Title: "Service blueprint (example)", Example: true, Pair: "blueprint",
		Description: "A bike service at the Spoke & Chain workshop, with fail points above and below the line of visibility."},
	{Name: "b2b-procurement", Title: "B2B procurement", Pair: "b2b-procurement-example",
		Description: "From the first need to roll-out, with a buying committee lane and the supplier's backstage."},
	{Name: "b2b-procurement-example", Title: "B2B procurement (example)", Example: true, Pair: "b2b-procurement",
		Description: "A manufacturer buys an HR and payroll platform: a sponsor, a procurement manager and a five-week security review."},
	{Name: "patient", Title: "Patient journey", Pair: "patient-example",
		Description: "Symptoms to recovery in six stages, with the care team and the systems behind it."},
	{Name: "patient-example", Title: "Patient journey (example)", Example: true, Pair: "patient",
		Description: "A hip replacement pathway from first pain to walking again, through a 46-week wait."},
	{Name: "sample", Title: "Sample: Northwind Bank current account", Example: true,
		Description: "A finished example map with two personas, emotion curves, pain points and evidence."},
}

// Templates lists the templates in menu order.
func Templates() []Template { return append([]Template(nil), templates...) }

// NewProject returns a fresh project made from the named template. Every ID in
// it is new, so two projects made from one template never share an object.
func NewProject(name string) (*model.Project, error) {
	known := false
	for _, t := range templates {
		if t.Name == name {
			known = true
			break
		}
	}
	if !known {
		names := make([]string, len(templates))
		for i, t := range templates {
			names[i] = t.Name
		}
		return nil, fmt.Errorf("unknown template %q; choose one of: %s", name, strings.Join(names, ", "))
	}
	data, err := templateFS.ReadFile("templates/" + name + ".json")
	if err != nil {
		return nil, fmt.Errorf("template %q: %w", name, err)
	}
	p, err := model.DecodeJSON(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("template %q: %w", name, err)
	}
	remapIDs(p, model.NewID)
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("template %q: %w", name, err)
	}
	return p, nil
}

// Sample returns the example project a new user sees on first start. It never
// panics: should the embedded sample ever fail to load, a small valid project
// stands in for it.
func Sample() *model.Project {
	p, err := NewProject("sample")
	if err != nil {
		if p, err = NewProject("blank"); err != nil {
			p = fallbackProject()
		}
	}
	return p
}

// Icon returns the app icon, a 512×512 PNG.
func Icon() []byte { return icon }

// remapIDs gives every object a new ID from next and rewrites every reference
// to match, so the project stays internally consistent. Objects are visited
// in a fixed order (project, images, personas, then each journey's own, stages,
// lanes and touchpoints), so a counting next numbers two equal projects alike.
func remapIDs(p *model.Project, next func() model.ID) {
	fresh := map[model.ID]model.ID{}
	re := func(id model.ID) model.ID {
		if id == "" {
			return ""
		}
		n, ok := fresh[id]
		if !ok {
			n = next()
			fresh[id] = n
		}
		return n
	}
	p.ID = re(p.ID)
	for _, im := range p.Images {
		im.ID = re(im.ID)
	}
	for _, x := range p.Personas {
		x.ID = re(x.ID)
		x.PhotoID = re(x.PhotoID)
	}
	for _, j := range p.Journeys {
		j.ID = re(j.ID)
		for i, id := range j.PersonaIDs {
			j.PersonaIDs[i] = re(id)
		}
		for _, s := range j.Stages {
			s.ID = re(s.ID)
		}
		for _, l := range j.Lanes {
			l.ID = re(l.ID)
		}
		for _, t := range j.Touchpoints {
			t.ID = re(t.ID)
			t.StageID = re(t.StageID)
			t.LaneID = re(t.LaneID)
			t.ImageID = re(t.ImageID)
			if t.Emotions != nil {
				emo := make(map[model.ID]int, len(t.Emotions))
				for pid, score := range t.Emotions {
					emo[re(pid)] = score
				}
				t.Emotions = emo
			}
		}
		// Lenses are immutable values: a lens of a persona is replaced.
		for i, l := range j.Lenses {
			if l.Persona != "" {
				l = l.Clone()
				l.Persona = re(l.Persona)
				j.Lenses[i] = l
			}
		}
	}
}

func fallbackProject() *model.Project {
	persona := &model.Persona{ID: model.NewID(), Name: "Primary persona"}
	j := &model.Journey{ID: model.NewID(), Title: "Untitled journey", PersonaIDs: []model.ID{persona.ID}}
	for i := 1; i <= 3; i++ {
		j.Stages = append(j.Stages, &model.Stage{ID: model.NewID(), Name: fmt.Sprintf("Stage %d", i)})
	}
	for _, k := range []model.LaneKind{model.LaneActions, model.LaneThoughts, model.LaneEmotions,
		model.LanePainPoints, model.LaneOpportunities} {
		j.Lanes = append(j.Lanes, &model.Lane{ID: model.NewID(), Name: k.Label(), Kind: k})
	}
	return &model.Project{ID: model.NewID(), Name: "Untitled project", Scale: model.DefaultScale,
		Personas: []*model.Persona{persona}, Journeys: []*model.Journey{j}}
}
