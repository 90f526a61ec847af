package app

import (
	"fmt"
	"image/color"
	"os"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"waymark/canvas/board"
	"waymark/canvas/geometry"
	"waymark/model"
)

// inspector shows every field of what is selected on the board (a card,
// several cards, a stage, a lane, or the journey) and edits it through
// commands, so each change is undoable and saved to the working copy.
type inspector struct {
	w      *Window
	root   *fyne.Container
	body   *fyne.Container
	kind   board.TargetKind
	target model.ID
	// editing is set while a field of the inspector issues a command, so the
	// change it causes does not rebuild the form under the user's cursor.
	editing bool
}

func newInspector(w *Window) *inspector {
	in := &inspector{w: w, body: container.NewVBox()}
	in.root = container.NewStack(container.NewVScroll(container.NewPadded(in.body)))
	return in
}

// do issues a command from a field.
func (in *inspector) do(c model.Command) {
	in.editing = true
	defer func() { in.editing = false }()
	in.w.do(c)
}

// showTarget shows a stage, a lane or the journey.
func (in *inspector) showTarget(kind board.TargetKind, id model.ID) {
	in.kind, in.target = kind, id
	in.show()
}

// show rebuilds the form for the board's selection, or the header target
// when no card is selected.
func (in *inspector) show() {
	w := in.w
	if w.board == nil {
		return
	}
	j := w.board.Journey()
	in.body.Objects = nil
	ids := w.board.Selection()
	switch {
	case j == nil:
	case len(ids) == 1 && j.Touchpoint(ids[0]) != nil:
		in.card(j, j.Touchpoint(ids[0]))
	case len(ids) > 1:
		in.cards(ids)
	case in.kind == board.TargetStage && j.Stage(in.target) != nil:
		in.stage(j, j.Stage(in.target))
	case in.kind == board.TargetLane && j.Lane(in.target) != nil:
		in.lane(j, j.Lane(in.target))
	default:
		in.journey(j)
	}
	in.body.Refresh()
}

func heading(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// entry is a field whose typing coalesces into one undo step. What reaches
// onChange is cleaned of the characters a project may not hold, which only
// a paste can bring.
func entry(text string, multi bool, onChange func(string)) *widget.Entry {
	var e *widget.Entry
	if multi {
		e = widget.NewMultiLineEntry()
		e.Wrapping = fyne.TextWrapWord
		e.SetMinRowsVisible(3)
	} else {
		e = widget.NewEntry()
	}
	e.SetText(text)
	e.OnChanged = func(s string) { onChange(model.CleanText(s)) }
	return e
}

func (in *inspector) card(j *model.Journey, t *model.Touchpoint) {
	w := in.w
	p := w.project()
	id := t.ID
	update := func(field string, f func(c *model.Touchpoint)) {
		cur := j.Touchpoint(id)
		if cur == nil {
			return
		}
		after := cur.Clone()
		f(after)
		in.do(&model.UpdateTouchpoint{After: after, Merge: field})
	}
	form := widget.NewForm()
	form.Append("Title", entry(t.Title, false, func(s string) {
		if strings.TrimSpace(s) != "" {
			update("title", func(c *model.Touchpoint) { c.Title = s })
		}
	}))
	form.Append("Notes", entry(t.Notes, true, func(s string) { update("notes", func(c *model.Touchpoint) { c.Notes = s }) }))
	channel := widget.NewSelectEntry([]string{"Web", "Mobile app", "Email", "Phone", "Chat", "Branch", "Store", "Social", "Letter"})
	channel.SetText(t.Channel)
	channel.OnChanged = func(s string) {
		update("channel", func(c *model.Touchpoint) { c.Channel = model.CleanText(s) })
	}
	form.Append("Channel", channel)
	for _, pid := range j.PersonaIDs {
		x := p.Persona(pid)
		if x == nil {
			continue
		}
		form.Append("Emotion: "+x.Name, in.scoreSelect(t, pid))
	}
	flag := func(label string, on bool, set func(c *model.Touchpoint, v bool)) *widget.Check {
		c := widget.NewCheck(label, nil)
		c.SetChecked(on)
		c.OnChanged = func(v bool) {
			was := j.Touchpoint(id).Prioritised()
			update("", func(tp *model.Touchpoint) { set(tp, v) })
			if cur := j.Touchpoint(id); cur != nil && cur.Prioritised() != was {
				in.show() // the ratings come or go with the flags
			}
		}
		return c
	}
	form.Append("Flags", container.NewVBox(
		flag("Pain point", t.PainPoint, func(c *model.Touchpoint, v bool) { c.PainPoint = v }),
		flag("Opportunity", t.Opportunity, func(c *model.Touchpoint, v bool) { c.Opportunity = v }),
		flag("Moment of truth", t.MomentOfTruth, func(c *model.Touchpoint, v bool) { c.MomentOfTruth = v })))
	if t.Prioritised() {
		impact, effort, quadrant := in.priorityFields(j, id)
		form.Append("Impact", impact)
		form.Append("Effort", effort)
		form.Append("", quadrant)
	}
	form.Append("Owner", entry(t.Owner, false, func(s string) { update("owner", func(c *model.Touchpoint) { c.Owner = s }) }))
	form.Append("Tags", entry(strings.Join(t.Tags, ", "), false, func(s string) {
		update("tags", func(c *model.Touchpoint) { c.Tags = splitList(s, ",") })
	}))
	form.Append("Evidence", entry(t.Evidence, true, func(s string) { update("evidence", func(c *model.Touchpoint) { c.Evidence = s }) }))
	form.Append("Links", entry(strings.Join(t.EvidenceLinks, "\n"), true, func(s string) {
		update("links", func(c *model.Touchpoint) { c.EvidenceLinks = splitList(s, "\n") })
	}))
	conf := widget.NewSelect([]string{"Not stated", "Assumption", "Anecdotal", "Validated"}, nil)
	conf.SetSelected(confidenceLabel(t.Confidence))
	conf.OnChanged = func(s string) {
		v := model.Confidence(strings.ToLower(s))
		if !v.Valid() {
			v = ""
		}
		update("", func(c *model.Touchpoint) { c.Confidence = v })
	}
	form.Append("Confidence", conf)
	form.Append("Colour", in.colourButton(t.Color, func(hex string) { update("", func(c *model.Touchpoint) { c.Color = hex }) }))
	form.Append("Image", in.imageButtons(t.ImageID, func(imgID model.ID, add *model.Image) {
		cur := j.Touchpoint(id)
		if cur == nil {
			return
		}
		after := cur.Clone()
		after.ImageID = imgID
		var cmds []model.Command
		if add != nil {
			cmds = append(cmds, &model.AddImage{Image: add})
		}
		cmds = append(cmds, &model.UpdateTouchpoint{After: after})
		in.do(&model.Batch{Name: "Set card image", Commands: cmds})
	}))
	del := widget.NewButton("Delete card", func() { w.board.DeleteSelection() })
	del.Importance = widget.DangerImportance
	in.body.Objects = []fyne.CanvasObject{heading("Card"), form, del}
}

// ratingChoices are a rating picker's choices: not rated, then 1 to
// model.MaxPriority, the ends named.
func ratingChoices(low, high string) []string {
	out := []string{notRated}
	for v := 1; v <= model.MaxPriority; v++ {
		s := strconv.Itoa(v)
		switch v {
		case 1:
			s += " " + low
		case model.MaxPriority:
			s += " " + high
		}
		out = append(out, s)
	}
	return out
}

const notRated = "Not rated"

// priorityFields are the impact and effort pickers of a pain point or
// opportunity, and a line saying its quadrant. Each change is one
// SetPriority.
func (in *inspector) priorityFields(j *model.Journey, id model.ID) (*widget.Select, *widget.Select, *widget.Label) {
	t := j.Touchpoint(id)
	impact := widget.NewSelect(ratingChoices("(low)", "(high)"), nil)
	effort := widget.NewSelect(ratingChoices("(little)", "(a lot)"), nil)
	impact.SetSelectedIndex(t.Impact)
	effort.SetSelectedIndex(t.Effort)
	quadrant := widget.NewLabel("")
	quadrant.Importance = widget.LowImportance
	show := func() {
		if cur := j.Touchpoint(id); cur != nil && cur.Rated() {
			quadrant.SetText("On the priority view: " + model.QuadrantOf(cur.Impact, cur.Effort).String())
		} else {
			quadrant.SetText("Rate both to place it on the priority view")
		}
	}
	show()
	set := func(string) {
		cur := j.Touchpoint(id)
		i, e := impact.SelectedIndex(), effort.SelectedIndex()
		if cur == nil || i < 0 || e < 0 || (cur.Impact == i && cur.Effort == e) {
			return
		}
		in.do(&model.SetPriority{Touchpoint: id, Impact: i, Effort: e})
		show()
	}
	impact.OnChanged, effort.OnChanged = set, set
	return impact, effort, quadrant
}

func confidenceLabel(c model.Confidence) string {
	if c == "" {
		return "Not stated"
	}
	s := string(c)
	return strings.ToUpper(s[:1]) + s[1:]
}

func splitList(s, sep string) []string {
	var out []string
	for _, part := range strings.Split(s, sep) {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// scoreSelect picks a persona's score on the project's scale, or none.
func (in *inspector) scoreSelect(t *model.Touchpoint, persona model.ID) *widget.Select {
	sc := in.w.project().Scale
	opts := []string{"Not scored"}
	for s := sc.Min; s <= sc.Max; s++ {
		opts = append(opts, scoreLabel(s, sc))
	}
	sel := widget.NewSelect(opts, nil)
	if v, ok := t.Emotions[persona]; ok {
		sel.SetSelected(scoreLabel(v, sc))
	} else {
		sel.SetSelected(opts[0])
	}
	id := t.ID
	sel.OnChanged = func(s string) {
		if s == opts[0] {
			in.do(&model.SetEmotion{Touchpoint: id, Persona: persona, Clear: true})
			return
		}
		v, err := strconv.Atoi(strings.TrimPrefix(s, "+"))
		if err == nil {
			in.do(&model.SetEmotion{Touchpoint: id, Persona: persona, Score: v})
		}
	}
	return sel
}

func scoreLabel(v int, sc model.Scale) string {
	if v > 0 && sc.Min < 0 {
		return "+" + strconv.Itoa(v)
	}
	return strconv.Itoa(v)
}

// colourButton shows a colour and opens a picker; "Clear" returns to the
// default.
func (in *inspector) colourButton(hex string, set func(string)) fyne.CanvasObject {
	label := hex
	if label == "" {
		label = "Default"
	}
	pick := widget.NewButton(label, func() {
		d := dialog.NewColorPicker("Colour", "", func(c color.Color) {
			r, g, b, _ := c.RGBA()
			set(fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8))
		}, in.w.win)
		d.Advanced = true
		if c, ok := geometry.ParseColor(hex); ok {
			d.SetColor(c)
		}
		d.Show()
	})
	clearBtn := widget.NewButton("Clear", func() { set("") })
	if hex == "" {
		clearBtn.Disable()
	}
	return container.NewHBox(pick, clearBtn)
}

// imageButtons lets a picture be added to or removed from a card or persona.
func (in *inspector) imageButtons(current model.ID, set func(id model.ID, add *model.Image)) fyne.CanvasObject {
	w := in.w
	choose := widget.NewButton("Choose…", func() {
		askOpenPath(w.win, []string{".png", ".jpg", ".jpeg"}, func(path string) {
			im, err := importImageFile(path)
			if err != nil {
				w.showError(err)
				return
			}
			set(im.ID, im)
		})
	})
	remove := widget.NewButton("Remove", func() { set("", nil) })
	if current == "" {
		remove.Disable()
	}
	return container.NewHBox(choose, remove)
}

// importImageFile reads a picture and stores it re-encoded and capped.
func importImageFile(path string) (*model.Image, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	im, err := model.ImportImage(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return im, nil
}

func (in *inspector) cards(ids []model.ID) {
	del := widget.NewButton(fmt.Sprintf("Delete %d cards", len(ids)), func() { in.w.board.DeleteSelection() })
	del.Importance = widget.DangerImportance
	in.body.Objects = []fyne.CanvasObject{heading(fmt.Sprintf("%d cards selected", len(ids))),
		widget.NewLabel("Drag them together, move them with the arrow keys,\nor cut, copy and duplicate them."), del}
}

func (in *inspector) stage(j *model.Journey, s *model.Stage) {
	w := in.w
	id := s.ID
	update := func(field string, f func(*model.Stage)) {
		cur := j.Stage(id)
		if cur == nil {
			return
		}
		after := *cur
		f(&after)
		in.do(&model.UpdateStage{After: &after, Merge: field})
	}
	form := widget.NewForm()
	form.Append("Name", entry(s.Name, false, func(v string) {
		if strings.TrimSpace(v) != "" {
			update("name", func(x *model.Stage) { x.Name = v })
		}
	}))
	form.Append("Description", entry(s.Description, true, func(v string) { update("description", func(x *model.Stage) { x.Description = v }) }))
	form.Append("Colour", in.colourButton(s.Color, func(hex string) { update("", func(x *model.Stage) { x.Color = hex }) }))
	idx := j.StageIndex(id)
	left := widget.NewButton("Move left", func() { in.do(&model.MoveStage{ID: id, To: idx - 1}) })
	right := widget.NewButton("Move right", func() { in.do(&model.MoveStage{ID: id, To: idx + 1}) })
	if idx == 0 {
		left.Disable()
	}
	if idx == len(j.Stages)-1 {
		right.Disable()
	}
	del := widget.NewButton("Delete stage", func() {
		n := 0
		for _, t := range j.Touchpoints {
			if t.StageID == id {
				n++
			}
		}
		run := func() {
			if in.w.do(&model.DeleteStage{ID: id}) {
				in.showTarget(board.TargetJourney, j.ID)
			}
		}
		if n == 0 {
			run()
			return
		}
		dialog.ShowConfirm("Delete stage", fmt.Sprintf("“%s” holds %d cards. Delete the stage and its cards? You can undo this.", s.Name, n),
			func(ok bool) {
				if ok {
					run()
				}
			}, w.win)
	})
	del.Importance = widget.DangerImportance
	in.body.Objects = append([]fyne.CanvasObject{heading("Stage"), form, container.NewHBox(left, right), del}, in.stageFigures(j, s)...)
}

func (in *inspector) lane(j *model.Journey, l *model.Lane) {
	w := in.w
	id := l.ID
	update := func(field string, f func(*model.Lane)) {
		cur := j.Lane(id)
		if cur == nil {
			return
		}
		after := *cur
		f(&after)
		in.do(&model.UpdateLane{After: &after, Merge: field})
	}
	form := widget.NewForm()
	form.Append("Name", entry(l.Name, false, func(v string) {
		if strings.TrimSpace(v) != "" {
			update("name", func(x *model.Lane) { x.Name = v })
		}
	}))
	var labels []string
	for _, k := range model.LaneKinds {
		labels = append(labels, k.Label())
	}
	kind := widget.NewSelect(labels, nil)
	kind.SetSelected(l.Kind.Label())
	kind.OnChanged = func(s string) {
		for _, k := range model.LaneKinds {
			if k.Label() != s {
				continue
			}
			if cur := j.Lane(id); cur == nil || cur.Kind == k {
				return
			}
			update("", func(x *model.Lane) { x.Kind = k })
			if cur := j.Lane(id); cur != nil && cur.Kind != k {
				// Refused (a lane with cards cannot become a behaviour
				// lane): the picker shows the kind the lane kept.
				kind.SetSelected(cur.Kind.Label())
			}
		}
	}
	form.Append("Kind", kind)
	hidden := widget.NewCheck("Hidden on the board", nil)
	hidden.SetChecked(l.Hidden)
	hidden.OnChanged = func(v bool) { update("", func(x *model.Lane) { x.Hidden = v }) }
	form.Append("Visibility", hidden)
	if b := j.Behaviour; l.Kind == model.LaneBehaviour && b != nil && len(b.Segments) > 0 {
		// Which figures the lane shows is a view of the board, as zoom
		// is, not an edit of the project; the poster export follows it.
		shown := widget.NewSelect(segmentChoices(b, everyone), nil)
		shown.SetSelected(choiceOf(b, w.board.Segment(), everyone))
		shown.OnChanged = func(c string) { w.board.SetSegment(segmentValue(b, c)) }
		form.Append("Figures of", shown)
		beside := widget.NewSelect(segmentChoices(b, nobody), nil)
		beside.SetSelected(choiceOf(b, w.board.Compare(), nobody))
		beside.OnChanged = func(c string) { w.board.SetCompare(segmentValue(b, c)) }
		form.Append("Beside them", beside)
	}
	idx := j.LaneIndex(id)
	up := widget.NewButton("Move up", func() { in.do(&model.MoveLane{ID: id, To: idx - 1}) })
	down := widget.NewButton("Move down", func() { in.do(&model.MoveLane{ID: id, To: idx + 1}) })
	if idx == 0 {
		up.Disable()
	}
	if idx == len(j.Lanes)-1 {
		down.Disable()
	}
	del := widget.NewButton("Delete lane", func() {
		n := 0
		for _, t := range j.Touchpoints {
			if t.LaneID == id {
				n++
			}
		}
		run := func() {
			if in.w.do(&model.DeleteLane{ID: id}) {
				in.showTarget(board.TargetJourney, j.ID)
			}
		}
		if n == 0 {
			run()
			return
		}
		dialog.ShowConfirm("Delete lane", fmt.Sprintf("“%s” holds %d cards. Delete the lane and its cards? You can undo this.", l.Name, n),
			func(ok bool) {
				if ok {
					run()
				}
			}, w.win)
	})
	del.Importance = widget.DangerImportance
	in.body.Objects = []fyne.CanvasObject{heading("Lane"), form, container.NewHBox(up, down), del}
}

func (in *inspector) journey(j *model.Journey) {
	w := in.w
	p := w.project()
	id := j.ID
	form := widget.NewForm()
	form.Append("Title", entry(j.Title, false, func(v string) {
		if strings.TrimSpace(v) != "" {
			cur := p.Journey(id)
			in.do(&model.UpdateJourney{ID: id, Title: v, Description: cur.Description, Merge: "title"})
		}
	}))
	form.Append("Description", entry(j.Description, true, func(v string) {
		cur := p.Journey(id)
		in.do(&model.UpdateJourney{ID: id, Title: cur.Title, Description: v, Merge: "description"})
	}))
	people := container.NewVBox()
	for _, x := range p.Personas {
		pid := x.ID
		// The callback is set after the state, or showing the form would
		// issue commands.
		c := widget.NewCheck(x.Name, nil)
		c.SetChecked(j.HasPersona(pid))
		c.OnChanged = func(on bool) { in.do(&model.AttachPersona{Journey: id, Persona: pid, Attach: on}) }
		people.Add(c)
	}
	if len(p.Personas) == 0 {
		people.Add(widget.NewLabel("No personas yet: add one in the Personas tab."))
	}
	form.Append("Drawn for", people)
	for _, it := range in.reviewFields(j) {
		form.AppendItem(it)
	}
	pform := widget.NewForm()
	pform.Append("Name", entry(p.Name, false, func(v string) {
		if strings.TrimSpace(v) != "" {
			in.do(&model.RenameProject{Name: v, Merge: "name"})
		}
	}))
	var scales []string
	for _, s := range model.ScalePresets {
		scales = append(scales, s.String())
	}
	scale := widget.NewSelect(scales, nil)
	scale.SetSelected(p.Scale.String())
	scale.OnChanged = func(s string) {
		if sc, err := model.ParseScale(s); err == nil && sc != p.Scale {
			in.do(&model.ChangeScale{To: sc})
		}
	}
	pform.Append("Emotion scale", scale)
	in.body.Objects = []fyne.CanvasObject{heading("Journey"), form, widget.NewSeparator(), heading("Project"), pform,
		widget.NewLabel("Changing the scale rescales every score;\nundo restores the exact scores.")}
}
