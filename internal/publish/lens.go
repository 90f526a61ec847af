package publish

import (
	"fmt"
	"strconv"
	"strings"

	"waymark/model"
)

// FindLens is journey j's saved lens named name, ignoring case; not there,
// the error lists the lenses the journey has.
func FindLens(j *model.Journey, name string) (*model.Lens, error) {
	if l := j.Lens(name); l != nil {
		return l, nil
	}
	if len(j.Lenses) == 0 {
		return nil, fmt.Errorf("--lens %q: journey %q has no saved lens", name, j.Title)
	}
	names := make([]string, 0, len(j.Lenses))
	for _, l := range j.Lenses {
		names = append(names, strconv.Quote(l.Name))
	}
	return nil, fmt.Errorf("--lens %q is not a saved lens of journey %q; it has %s", name, j.Title, listed(names))
}

// FindPersona is the persona of journey j that name names: its ID, or its
// name ignoring case and accents ("zoe muller" is Zoë Müller). A name two
// of the journey's personas share is refused, naming their IDs, as is a
// name none has.
func FindPersona(p *model.Project, j *model.Journey, name string) (*model.Persona, error) {
	cast := p.JourneyPersonas(j)
	key := strings.TrimSpace(name)
	for _, x := range cast {
		if string(x.ID) == key {
			return x, nil
		}
	}
	var found []*model.Persona
	for _, x := range cast {
		if strings.TrimSpace(x.Name) == key {
			found = append(found, x)
		}
	}
	if len(found) == 0 {
		folded := model.Fold(key)
		for _, x := range cast {
			if model.Fold(strings.TrimSpace(x.Name)) == folded {
				found = append(found, x)
			}
		}
	}
	switch {
	case len(found) == 1:
		return found[0], nil
	case len(found) > 1:
		ids := make([]string, len(found))
		for i, x := range found {
			ids[i] = string(x.ID)
		}
		return nil, fmt.Errorf("--persona %q names %d personas of journey %q; give one's ID: %s", name, len(found), j.Title, listed(ids))
	case len(cast) == 0:
		return nil, fmt.Errorf("--persona %q: journey %q is drawn for no persona", name, j.Title)
	}
	names := make([]string, len(cast))
	for i, x := range cast {
		names[i] = strconv.Quote(x.Name)
	}
	return nil, fmt.Errorf("--persona %q is not a persona of journey %q; it has %s", name, j.Title, listed(names))
}

// listed joins names for a message, the first 20 and a count of the rest:
// a message is one line.
func listed(names []string) string {
	if len(names) > 20 {
		return strings.Join(names[:20], ", ") + fmt.Sprintf(" and %d more", len(names)-20)
	}
	return strings.Join(names, ", ")
}
