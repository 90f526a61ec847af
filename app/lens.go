package app

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"waymark/model"
)

// lensBar is the row above the board that narrows it to some cards: by
// channel, owner, tag, flag and evidence confidence, and to one persona's
// curve. A lens is a view, like zoom: applying one never touches the
// history, so it is not an undo step and does not make the file unsaved.
// Saving a lens under a name is a change to the project (SaveLens), and
// so is deleting one.
type lensBar struct {
	w    *Window
	root *fyne.Container
	// on is whether the user wants the bar shown (View › Lens bar);
	// applying a lens from elsewhere shows it.
	on bool
	// lenses is the lens of each journey, nil for none: switching tabs
	// keeps each journey's own.
	lenses map[model.ID]*model.Lens
	// hide is the Dim/Hide choice, kept across journeys and lenses.
	hide bool

	channels, owners, tags, flags, confidence *multiPicker
	persona                                   *widget.Select
	// stale shows only the cards not changed for stalePeriod's months.
	stale                        *widget.Check
	stalePeriod                  *widget.Select
	personaIDs                   []model.ID // persona.Options[i+1] is personaIDs[i]
	mode                         *widget.RadioGroup
	saved                        *widget.Select
	clearBtn, saveBtn, deleteBtn *widget.Button
	status                       *widget.Label
	// filters is the row of pickers, laid out again when their labels
	// change width.
	filters *fyne.Container
	// syncing is set while the widgets are set from the lens, so that
	// their callbacks do not apply it again.
	syncing bool
	// changed is called after every lens change (window state, status).
	changed func()
}

const (
	allPersonas = "All personas"
	modeDim     = "Dim"
	modeHide    = "Hide"
	noLensSaved = "Saved lenses"
)

func newLensBar(w *Window) *lensBar {
	// Syncing while built: setting the widgets' first values applies
	// nothing.
	lb := &lensBar{w: w, lenses: map[model.ID]*model.Lens{}, syncing: true}
	defer func() { lb.syncing = false }()
	lb.channels = newMultiPicker("Channel", lb.fromWidgets)
	lb.owners = newMultiPicker("Owner", lb.fromWidgets)
	lb.tags = newMultiPicker("Tag", lb.fromWidgets)
	lb.flags = newMultiPicker("Flag", lb.fromWidgets)
	lb.confidence = newMultiPicker("Confidence", lb.fromWidgets)
	var flags []choice
	for _, f := range model.Flags {
		flags = append(flags, choice{string(f), f.Label()})
	}
	lb.flags.setOptions(flags)
	lb.confidence.setOptions([]choice{{string(model.Assumption), "Assumption"}, {string(model.Anecdotal), "Anecdotal"},
		{string(model.Validated), "Validated"}, {string(model.NoConfidence), "None recorded"}})
	lb.persona = widget.NewSelect([]string{allPersonas}, func(string) { lb.fromWidgets() })
	lb.persona.SetSelected(allPersonas)
	lb.stale = widget.NewCheck("Stale", func(bool) { lb.fromWidgets() })
	lb.stalePeriod = widget.NewSelect(stalePeriodLabels(), func(s string) {
		if lb.syncing {
			return
		}
		if m := staleMonthsOf(s); m > 0 {
			w.app.Preferences().SetInt(prefStaleMonths, m)
		}
		if lb.stale.Checked {
			lb.fromWidgets()
		}
	})
	lb.stalePeriod.SetSelected(staleLabel(w.app.Preferences().IntWithFallback(prefStaleMonths, defaultStaleMonths)))
	lb.mode = widget.NewRadioGroup([]string{modeDim, modeHide}, func(s string) {
		if lb.syncing {
			return
		}
		lb.hide = s == modeHide
		lb.fromWidgets()
	})
	lb.mode.Horizontal, lb.mode.Required = true, true
	lb.mode.SetSelected(modeDim)
	lb.clearBtn = widget.NewButtonWithIcon("Clear", theme.ContentClearIcon(), func() { lb.apply(nil) })
	lb.saved = widget.NewSelect(nil, func(name string) {
		if lb.syncing || name == "" {
			return
		}
		if l := lb.journey().Lens(name); l != nil {
			lb.hide = l.Hide
			lb.apply(l)
		}
	})
	lb.saved.PlaceHolder = noLensSaved
	lb.saveBtn = widget.NewButtonWithIcon("Save lens…", theme.DocumentSaveIcon(), lb.askSave)
	lb.deleteBtn = widget.NewButtonWithIcon("Delete lens", theme.DeleteIcon(), lb.deleteSaved)
	lb.status = widget.NewLabel("")
	lb.status.Truncation = fyne.TextTruncateEllipsis
	lb.filters = container.NewHBox(lb.channels, lb.owners, lb.tags, lb.flags, lb.confidence, lb.persona,
		widget.NewSeparator(), lb.stale, widget.NewLabel("not changed for"), lb.stalePeriod,
		widget.NewSeparator(), widget.NewLabel("Cards outside:"), lb.mode)
	saved := container.NewBorder(nil, nil, container.NewHBox(lb.clearBtn, widget.NewSeparator(),
		container.NewGridWrap(fyne.NewSize(200, lb.saved.MinSize().Height), lb.saved),
		lb.saveBtn, lb.deleteBtn, widget.NewSeparator()), nil, lb.status)
	lb.root = container.NewVBox(container.NewHScroll(lb.filters), saved, widget.NewSeparator())
	lb.root.Hide()
	return lb
}

func (lb *lensBar) journey() *model.Journey {
	if j := lb.w.board.Journey(); j != nil {
		return j
	}
	return &model.Journey{}
}

// current is the lens of the journey shown, nil for none.
func (lb *lensBar) current() *model.Lens { return lb.lenses[lb.w.board.JourneyID()] }

// reset forgets every journey's lens: another document is shown.
func (lb *lensBar) reset() {
	lb.lenses = map[model.ID]*model.Lens{}
	lb.w.board.SetLens(nil)
	lb.refresh()
}

// apply shows lens l on the journey shown (nil: the whole map), in the
// bar's Dim/Hide mode. A lens that filters nothing is no lens.
func (lb *lensBar) apply(l *model.Lens) {
	l = l.Clone()
	if l != nil {
		l.Hide = lb.hide
		if !l.Filters() {
			l = nil
		}
	}
	id := lb.w.board.JourneyID()
	if l == nil {
		delete(lb.lenses, id)
	} else {
		lb.lenses[id] = l
		lb.setShown(true)
	}
	lb.w.board.SetLens(l)
	lb.w.find.refresh() // a lens that hides cards hides their matches
	lb.refresh()
	if lb.changed != nil {
		lb.changed()
	}
}

// journeyShown puts the lens of the journey now shown on the board.
func (lb *lensBar) journeyShown() {
	lb.w.board.SetLens(lb.current())
	lb.refresh()
}

// setShown shows or hides the bar.
func (lb *lensBar) setShown(on bool) {
	lb.on = on
	if on != lb.root.Visible() {
		if on {
			lb.root.Show()
		} else {
			lb.root.Hide()
		}
		if lb.w.boardView != nil {
			lb.w.boardView.Refresh() // the board gives the bar its room, or takes it back
		}
	}
	if lb.w.menuLens != nil {
		lb.w.menuLens.Checked = on
		if mm := lb.w.win.MainMenu(); mm != nil {
			mm.Refresh()
		}
	}
}

func (lb *lensBar) toggle() { lb.setShown(!lb.on) }

// fromWidgets applies what the pickers say. The lens keeps its saved name
// while it shows what the saved lens shows.
func (lb *lensBar) fromWidgets() {
	if lb.syncing {
		return
	}
	l := &model.Lens{Channels: lb.channels.selected(), Owners: lb.owners.selected(), Tags: lb.tags.selected(), Hide: lb.hide}
	for _, v := range lb.flags.selected() {
		l.Flags = append(l.Flags, model.Flag(v))
	}
	for _, v := range lb.confidence.selected() {
		l.Confidence = append(l.Confidence, model.Confidence(v))
	}
	if i := slices.Index(lb.persona.Options, lb.persona.Selected); i > 0 && i-1 < len(lb.personaIDs) {
		l.Persona = lb.personaIDs[i-1]
	}
	if lb.stale.Checked {
		l.Stale = staleMonthsOf(lb.stalePeriod.Selected)
	}
	if cur := lb.current(); cur != nil && cur.Name != "" {
		if s := lb.journey().Lens(cur.Name); s != nil && s.SameView(l) {
			l.Name = s.Name
		}
	}
	lb.apply(l)
}

// refresh sets the pickers' choices from the journey's cards and shows the
// lens of the journey shown. It runs after every change of the project, so
// a saved lens deleted (or restored by undo) shows at once.
func (lb *lensBar) refresh() {
	j := lb.journey()
	p := lb.w.project()
	l := lb.current()
	if l != nil && l.Persona != "" && (!j.HasPersona(l.Persona) || p.Persona(l.Persona) == nil) {
		// The persona left the journey (or the project): its curve is
		// gone, so the lens no longer picks it.
		c := l.Clone()
		c.Persona = ""
		lb.apply(c) // refreshes again
		return
	}
	if l != nil && l.Name != "" {
		// The saved lens may have been deleted or replaced meanwhile: the
		// view stays, its name goes unless it still shows the same.
		if s := j.Lens(l.Name); s == nil || !s.SameView(l) {
			l.Name = ""
		}
	}
	lb.syncing = true
	defer func() { lb.syncing = false }()
	lb.channels.setOptions(cardValues(j, func(t *model.Touchpoint) []string { return []string{t.Channel} }, "No channel", lensVals(l, func(l *model.Lens) []string { return l.Channels })))
	lb.owners.setOptions(cardValues(j, func(t *model.Touchpoint) []string { return []string{t.Owner} }, "No owner", lensVals(l, func(l *model.Lens) []string { return l.Owners })))
	lb.tags.setOptions(cardValues(j, func(t *model.Touchpoint) []string { return t.Tags }, "", lensVals(l, func(l *model.Lens) []string { return l.Tags })))
	lb.channels.setSelected(lensVals(l, func(l *model.Lens) []string { return l.Channels }))
	lb.owners.setSelected(lensVals(l, func(l *model.Lens) []string { return l.Owners }))
	lb.tags.setSelected(lensVals(l, func(l *model.Lens) []string { return l.Tags }))
	var flags, conf []string
	if l != nil {
		for _, f := range l.Flags {
			flags = append(flags, string(f))
		}
		for _, c := range l.Confidence {
			conf = append(conf, string(c))
		}
	}
	lb.flags.setSelected(flags)
	lb.confidence.setSelected(conf)

	opts, ids := []string{allPersonas}, []model.ID(nil)
	for _, pid := range j.PersonaIDs {
		if x := p.Persona(pid); x != nil {
			name := x.Name
			for slices.Contains(opts, name) {
				name += " "
			}
			opts, ids = append(opts, name), append(ids, pid)
		}
	}
	lb.persona.Options, lb.personaIDs = opts, ids
	sel := allPersonas
	if l != nil && l.Persona != "" {
		if i := slices.Index(ids, l.Persona); i >= 0 {
			sel = opts[i+1]
		}
	}
	lb.persona.SetSelected(sel)
	lb.stale.SetChecked(l != nil && l.Stale > 0)
	if l != nil && l.Stale > 0 {
		lb.stalePeriod.Options = stalePeriodLabels(l.Stale)
		lb.stalePeriod.SetSelected(staleLabel(l.Stale))
	}
	if lb.hide {
		lb.mode.SetSelected(modeHide)
	} else {
		lb.mode.SetSelected(modeDim)
	}

	var names []string
	for _, s := range j.Lenses {
		names = append(names, s.Name)
	}
	lb.saved.SetOptions(names)
	if l != nil && l.Name != "" {
		lb.saved.SetSelected(j.Lens(l.Name).Name)
	} else {
		lb.saved.ClearSelected()
	}
	if len(names) == 0 {
		lb.saved.Disable()
	} else {
		lb.saved.Enable()
	}
	enable(l.Filters(), lb.clearBtn, lb.saveBtn)
	enable(l != nil && l.Name != "", lb.deleteBtn)
	lb.status.SetText(lb.describe())
	lb.filters.Refresh()
}

func enable(on bool, ws ...fyne.Disableable) {
	for _, w := range ws {
		if on {
			w.Enable()
		} else {
			w.Disable()
		}
	}
}

func lensVals(l *model.Lens, f func(*model.Lens) []string) []string {
	if l == nil {
		return nil
	}
	return f(l)
}

// describe is the lens in words with what it leaves: "Lens: channel App ·
// 23 of 140 cards".
func (lb *lensBar) describe() string {
	j := lb.journey()
	l := lb.current()
	total := 0
	shown := 0
	m := l.Match()
	for _, t := range j.Touchpoints {
		total++
		if m.Shows(t) {
			shown++
		}
	}
	if !l.Filters() {
		return fmt.Sprintf("No lens: all %d cards", total)
	}
	head := "Lens"
	if l.Name != "" {
		head = "Lens “" + l.Name + "”"
	}
	return fmt.Sprintf("%s: %s · %d of %d cards", head, l.Describe(lb.w.project()), shown, total)
}

// cardValues lists the distinct values of the journey's cards (trimmed,
// ignoring case, spelled as first met), sorted, then keep (values of the
// lens no card has any more, so that they can be unticked), then the
// "none" choice labelled noneLabel when some card has none ("" for no such
// choice).
func cardValues(j *model.Journey, of func(*model.Touchpoint) []string, noneLabel string, keep []string) []choice {
	seen := map[string]bool{}
	var vals []string
	hasNone := false
	add := func(v string) {
		v = strings.TrimSpace(v)
		if v == "" || v == model.CoverageNone {
			return
		}
		if k := strings.ToLower(v); !seen[k] {
			seen[k] = true
			vals = append(vals, v)
		}
	}
	for _, t := range j.Touchpoints {
		vs := of(t)
		if len(vs) == 0 || (len(vs) == 1 && strings.TrimSpace(vs[0]) == "") {
			hasNone = true
		}
		for _, v := range vs {
			add(v)
		}
	}
	slices.SortFunc(vals, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	for _, v := range keep {
		if v == model.CoverageNone {
			hasNone = true
		}
		add(v)
	}
	out := make([]choice, 0, len(vals)+1)
	for _, v := range vals {
		out = append(out, choice{v, v})
	}
	if hasNone && noneLabel != "" {
		out = append(out, choice{model.CoverageNone, noneLabel})
	}
	return out
}

// askSave asks for a name and saves the lens shown under it, asking
// before replacing a saved lens of that name.
func (lb *lensBar) askSave() {
	l := lb.current()
	j := lb.w.board.Journey()
	if !l.Filters() || j == nil {
		return
	}
	name := widget.NewEntry()
	name.SetText(l.Name)
	name.SetPlaceHolder("e.g. App pain points")
	name.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return fmt.Errorf("a lens needs a name")
		}
		return nil
	}
	jid := j.ID
	dialog.ShowForm("Save lens", "Save", "Cancel", []*widget.FormItem{widget.NewFormItem("Name", name)}, func(ok bool) {
		n := strings.TrimSpace(model.CleanText(name.Text))
		if !ok || n == "" {
			return
		}
		save := func() { lb.save(jid, n) }
		// Saving again what a saved lens already shows replaces nothing
		// worth asking about.
		if old := lb.w.project().Journey(jid).Lens(n); old != nil && !old.SameView(l) {
			dialog.ShowConfirm("Replace lens", fmt.Sprintf("This journey already has a lens named “%s”. Replace it with the lens shown? You can undo this.", old.Name),
				func(yes bool) {
					if yes {
						save()
					}
				}, lb.w.win)
			return
		}
		save()
	}, lb.w.win)
	lb.w.win.Canvas().Focus(name)
}

// save stores the lens shown under name, as one undo step.
func (lb *lensBar) save(journey model.ID, name string) bool {
	l := lb.lenses[journey]
	if l == nil {
		return false
	}
	s := l.Clone()
	s.Name = name
	if !lb.w.do(&model.SaveLens{Journey: journey, Lens: s}) {
		return false
	}
	l.Name = lb.w.project().Journey(journey).Lens(name).Name
	lb.refresh()
	if lb.changed != nil {
		lb.changed()
	}
	return true
}

// deleteSaved deletes the saved lens shown; the view stays, unnamed.
func (lb *lensBar) deleteSaved() {
	l := lb.current()
	if l == nil || l.Name == "" {
		return
	}
	lb.w.do(&model.DeleteLens{Journey: lb.w.board.JourneyID(), Name: l.Name})
}

// choice is one value a picker offers and how it is labelled.
type choice struct{ value, label string }

// multiPicker is a button that opens a list of ticks: any number of values
// of one kind (channels, say). It shows what is ticked.
type multiPicker struct {
	widget.Button
	kind      string
	options   []choice
	chosen    []string // values, in the options' order
	onChanged func()
	popup     *widget.PopUp
}

func newMultiPicker(kind string, onChanged func()) *multiPicker {
	m := &multiPicker{kind: kind, onChanged: onChanged}
	m.Icon = theme.MenuDropDownIcon()
	m.IconPlacement = widget.ButtonIconTrailingText
	m.OnTapped = m.open
	m.ExtendBaseWidget(m)
	m.relabel()
	return m
}

func (m *multiPicker) setOptions(opts []choice) {
	m.options = opts
	if len(opts) == 0 {
		m.Disable()
	} else {
		m.Enable()
	}
}

func (m *multiPicker) setSelected(values []string) {
	m.chosen = nil
	for _, o := range m.options {
		if slices.ContainsFunc(values, func(v string) bool { return strings.EqualFold(strings.TrimSpace(v), o.value) }) {
			m.chosen = append(m.chosen, o.value)
		}
	}
	m.relabel()
}

func (m *multiPicker) selected() []string { return slices.Clone(m.chosen) }

func (m *multiPicker) labelOf(v string) string {
	for _, o := range m.options {
		if o.value == v {
			return o.label
		}
	}
	return v
}

func (m *multiPicker) relabel() {
	text := m.kind + ": any"
	switch n := len(m.chosen); {
	case n == 1:
		text = m.kind + ": " + m.labelOf(m.chosen[0])
	case n > 1:
		text = fmt.Sprintf("%s: %s +%d", m.kind, m.labelOf(m.chosen[0]), n-1)
	}
	if len([]rune(text)) > 28 {
		text = string([]rune(text)[:27]) + "…"
	}
	m.SetText(text)
	if len(m.chosen) > 0 {
		m.Importance = widget.HighImportance
	} else {
		m.Importance = widget.MediumImportance
	}
	m.Refresh()
}

// open shows the ticks under the button; each tick applies at once.
func (m *multiPicker) open() {
	var labels, ticked []string
	for _, o := range m.options {
		labels = append(labels, o.label)
		if slices.Contains(m.chosen, o.value) {
			ticked = append(ticked, o.label)
		}
	}
	group := widget.NewCheckGroup(labels, nil)
	group.SetSelected(ticked)
	group.OnChanged = func(sel []string) { m.choose(sel) }
	none := widget.NewButton("Any "+strings.ToLower(m.kind), func() {
		group.SetSelected(nil)
	})
	none.Importance = widget.LowImportance
	c := fyne.CurrentApp().Driver().CanvasForObject(m)
	if c == nil {
		return
	}
	body := container.NewBorder(nil, none, nil, nil, container.NewVScroll(group))
	m.popup = widget.NewPopUp(body, c)
	h := min(group.MinSize().Height+none.MinSize().Height+2*theme.Padding(), 360)
	m.popup.Resize(fyne.NewSize(max(m.Size().Width, group.MinSize().Width+3*theme.Padding()), h))
	m.popup.ShowAtRelativePosition(fyne.NewPos(0, m.Size().Height), m)
}

// choose ticks the values of the labels given.
func (m *multiPicker) choose(labels []string) {
	m.chosen = nil
	for _, o := range m.options {
		if slices.Contains(labels, o.label) {
			m.chosen = append(m.chosen, o.value)
		}
	}
	m.relabel()
	m.onChanged()
}

// The stale filter: cards not changed for a period, 12 months unless the
// user chose another (kept in the preferences).
const (
	prefStaleMonths    = "staleMonths"
	defaultStaleMonths = 12
)

var stalePeriods = []int{3, 6, 12, 18, 24, 36}

// staleLabel says a period: "6 months", "2 years".
func staleLabel(months int) string {
	switch {
	case months == 1:
		return "1 month"
	case months%12 == 0 && months > 12:
		return fmt.Sprintf("%d years", months/12)
	}
	return fmt.Sprintf("%d months", months)
}

// stalePeriodLabels are the periods offered, with extra ones (a saved
// lens's own) in their place.
func stalePeriodLabels(extra ...int) []string {
	ms := slices.Clone(stalePeriods)
	for _, m := range extra {
		if m > 0 && !slices.Contains(ms, m) {
			ms = append(ms, m)
		}
	}
	slices.Sort(ms)
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = staleLabel(m)
	}
	return out
}

// staleMonthsOf reads a period's label back, 0 when it is none.
func staleMonthsOf(label string) int {
	var n int
	var unit string
	if _, err := fmt.Sscanf(label, "%d %s", &n, &unit); err != nil || n <= 0 {
		return 0
	}
	if strings.HasPrefix(unit, "year") {
		return n * 12
	}
	return n
}
