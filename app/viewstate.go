package app

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"

	"waymark/canvas/geometry"
	"waymark/model"
)

// How a file was last seen is kept in the preferences, keyed by the file's
// absolute path: the journey tab shown, each journey's lens (a saved
// lens's name, or the filters of an unsaved one), the Dim/Hide choice and
// the board's zoom and scroll position. A project not saved to a file yet
// has nothing to key it by that would survive (a template opened twice is
// two projects with the same ID), so its view is kept once it is saved.
// Only the most recent files are remembered, so the preferences stay small.

const (
	prefViews = "views"
	maxViews  = 50
)

// fileView is what is remembered of one file.
type fileView struct {
	Path    string        `json:"path"`
	Journey model.ID      `json:"journey,omitempty"`
	Hide    bool          `json:"hide,omitempty"`
	Zoom    float32       `json:"zoom,omitempty"`
	X       float32       `json:"x,omitempty"`
	Y       float32       `json:"y,omitempty"`
	Lenses  []journeyLens `json:"lenses,omitempty"`
}

// journeyLens is a journey's lens: Saved names a saved lens; otherwise
// Lens holds the filters (model.MarshalLens).
type journeyLens struct {
	Journey model.ID        `json:"journey"`
	Saved   string          `json:"saved,omitempty"`
	Lens    json.RawMessage `json:"lens,omitempty"`
}

func viewKey(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}

// loadViews reads the remembered views, most recent first; a damaged entry
// is dropped quietly, like a value that no longer exists.
func loadViews(p fyne.Preferences) []fileView {
	var views []fileView
	if s := p.String(prefViews); s != "" {
		if json.Unmarshal([]byte(s), &views) != nil {
			return nil
		}
	}
	return views
}

// saveView remembers how the window shows its file now.
func (w *Window) saveView() {
	if w.doc == nil || w.doc.Path() == "" || w.board == nil {
		return
	}
	v := fileView{Path: viewKey(w.doc.Path()), Journey: w.board.JourneyID(), Hide: w.lens.hide, Zoom: w.board.Zoom()}
	off := w.board.Offset()
	v.X, v.Y = off.X, off.Y
	ids := make([]model.ID, 0, len(w.lens.lenses))
	for id := range w.lens.lenses {
		ids = append(ids, id)
	}
	slices.Sort(ids) // the same views give the same bytes
	for _, id := range ids {
		l := w.lens.lenses[id]
		jl := journeyLens{Journey: id}
		if l.Name != "" {
			jl.Saved = l.Name
		} else if data, err := model.MarshalLens(l); err == nil {
			jl.Lens = data
		} else {
			continue
		}
		v.Lenses = append(v.Lenses, jl)
	}
	views := []fileView{v}
	for _, old := range loadViews(w.app.Preferences()) {
		if old.Path != v.Path && len(views) < maxViews {
			views = append(views, old)
		}
	}
	if data, err := json.Marshal(views); err == nil {
		w.app.Preferences().SetString(prefViews, string(data))
	}
}

// restoreView shows the file as it was last seen, as far as its journeys,
// saved lenses and card values still allow.
func (w *Window) restoreView() {
	if w.doc.Path() == "" {
		return
	}
	key := viewKey(w.doc.Path())
	i := slices.IndexFunc(loadViews(w.app.Preferences()), func(v fileView) bool { return v.Path == key })
	if i < 0 {
		return
	}
	v := loadViews(w.app.Preferences())[i]
	p := w.project()
	w.lens.hide = v.Hide
	for _, jl := range v.Lenses {
		j := p.Journey(jl.Journey)
		if j == nil {
			continue
		}
		var l *model.Lens
		if jl.Saved != "" {
			l = j.Lens(jl.Saved).Clone()
		} else if len(jl.Lens) > 0 {
			if x, err := model.UnmarshalLens(jl.Lens); err == nil && lensStillApplies(p, j, x) {
				l = x
			}
		}
		if l.Filters() {
			l.Hide = v.Hide
			w.lens.lenses[j.ID] = l
		}
	}
	if v.Journey != "" && p.Journey(v.Journey) != nil && v.Journey != w.board.JourneyID() {
		w.showJourney(v.Journey)
	} else {
		w.lens.journeyShown()
	}
	if len(w.lens.lenses) > 0 {
		w.lens.setShown(true)
	}
	if v.Zoom > 0 {
		w.board.SetZoom(v.Zoom, fyne.Position{})
	}
	w.board.ScrollTo(geometry.Point{X: v.X, Y: v.Y})
}

// lensStillApplies reports whether every value a remembered lens names is
// still on a card of the journey (or, for a persona, drawn for it).
func lensStillApplies(p *model.Project, j *model.Journey, l *model.Lens) bool {
	has := func(vals []string, of func(*model.Touchpoint) []string) bool {
		for _, v := range vals {
			found := slices.ContainsFunc(j.Touchpoints, func(t *model.Touchpoint) bool {
				vs := of(t)
				if v == model.CoverageNone {
					return len(vs) == 0 || len(vs) == 1 && strings.TrimSpace(vs[0]) == ""
				}
				return slices.ContainsFunc(vs, func(s string) bool { return strings.EqualFold(strings.TrimSpace(s), strings.TrimSpace(v)) })
			})
			if !found {
				return false
			}
		}
		return true
	}
	if !has(l.Channels, func(t *model.Touchpoint) []string { return []string{t.Channel} }) ||
		!has(l.Owners, func(t *model.Touchpoint) []string { return []string{t.Owner} }) ||
		!has(l.Tags, func(t *model.Touchpoint) []string { return t.Tags }) {
		return false
	}
	return l.Persona == "" || j.HasPersona(l.Persona) && p.Persona(l.Persona) != nil
}
