package app

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"waymark/model"
)

// personaPanel lists the project's personas and edits the chosen one:
// every field, its photo (dropped on the window or chosen), and whether the
// current journey is drawn for it.
type personaPanel struct {
	w        *Window
	root     *fyne.Container
	list     *widget.List
	form     *fyne.Container
	selected model.ID
	editing  bool
}

func newPersonaPanel(w *Window) *personaPanel {
	pp := &personaPanel{w: w, form: container.NewVBox()}
	pp.list = widget.NewList(
		func() int {
			if w.doc == nil {
				return 0
			}
			return len(w.project().Personas)
		},
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			ps := w.project().Personas
			if i < len(ps) {
				label := ps[i].Name
				if ps[i].Role != "" {
					label += " · " + ps[i].Role
				}
				o.(*widget.Label).SetText(label)
			}
		})
	pp.list.OnSelected = func(i widget.ListItemID) {
		ps := w.project().Personas
		if i < len(ps) {
			pp.selected = ps[i].ID
			pp.showForm()
		}
	}
	add := widget.NewButton("Add persona", pp.add)
	// The list takes the panel's width and a fixed height for a handful of
	// personas; the form below scrolls.
	height := canvas.NewRectangle(color.Transparent)
	height.SetMinSize(fyne.NewSize(0, 160))
	top := container.NewBorder(nil, add, nil, nil, container.NewStack(height, pp.list))
	pp.root = container.NewBorder(top, nil, nil, nil, container.NewVScroll(container.NewPadded(pp.form)))
	return pp
}

func (pp *personaPanel) refresh() {
	pp.list.Refresh()
	if !pp.editing {
		pp.showForm()
	}
}

func (pp *personaPanel) do(c model.Command) bool {
	pp.editing = true
	defer func() { pp.editing = false }()
	return pp.w.do(c)
}

func (pp *personaPanel) add() {
	w := pp.w
	x := &model.Persona{ID: model.NewID(), Name: fmt.Sprintf("Persona %d", len(w.project().Personas)+1)}
	cmds := []model.Command{&model.AddPersona{Persona: x, Index: -1}}
	if j := w.board.Journey(); j != nil {
		cmds = append(cmds, &model.AttachPersona{Journey: j.ID, Persona: x.ID, Attach: true})
	}
	if w.do(&model.Batch{Name: "Add persona", Commands: cmds}) {
		pp.selected = x.ID
		pp.list.Refresh()
		pp.showForm()
	}
}

func (pp *personaPanel) showForm() {
	w := pp.w
	p := w.project()
	x := p.Persona(pp.selected)
	pp.form.Objects = nil
	if x == nil {
		pp.form.Objects = []fyne.CanvasObject{widget.NewLabel("Choose a persona to edit it,\nor add one.")}
		pp.form.Refresh()
		return
	}
	id := x.ID
	update := func(field string, f func(*model.Persona)) {
		cur := p.Persona(id)
		if cur == nil {
			return
		}
		after := *cur
		f(&after)
		pp.do(&model.UpdatePersona{After: after, Merge: field})
	}
	form := widget.NewForm()
	form.Append("Name", entry(x.Name, false, func(v string) {
		if strings.TrimSpace(v) != "" {
			update("name", func(a *model.Persona) { a.Name = v })
		}
	}))
	form.Append("Role", entry(x.Role, false, func(v string) { update("role", func(a *model.Persona) { a.Role = v }) }))
	form.Append("Quote", entry(x.Quote, true, func(v string) { update("quote", func(a *model.Persona) { a.Quote = v }) }))
	form.Append("Goals", entry(x.Goals, true, func(v string) { update("goals", func(a *model.Persona) { a.Goals = v }) }))
	form.Append("Frustrations", entry(x.Frustrations, true, func(v string) { update("frustrations", func(a *model.Persona) { a.Frustrations = v }) }))
	if j := w.board.Journey(); j != nil {
		jid := j.ID
		c := widget.NewCheck("Drawn in “"+j.Title+"”", nil)
		c.SetChecked(j.HasPersona(id))
		c.OnChanged = func(on bool) { pp.do(&model.AttachPersona{Journey: jid, Persona: id, Attach: on}) }
		form.Append("Journey", c)
	}
	photo := fyne.CanvasObject(widget.NewLabel("Drop a picture on the window\nor choose one."))
	if im := p.Image(x.PhotoID); im != nil {
		if img, _, err := image.Decode(bytes.NewReader(im.Data)); err == nil {
			ci := canvas.NewImageFromImage(img)
			ci.FillMode = canvas.ImageFillContain
			ci.SetMinSize(fyne.NewSize(120, 120))
			photo = ci
		}
	}
	form.Append("Photo", container.NewVBox(photo, w.inspect.imageButtons(x.PhotoID, func(img model.ID, add *model.Image) {
		pp.setPhoto(id, img, add)
	})))
	del := widget.NewButton("Delete persona", func() {
		dialog.ShowConfirm("Delete persona", fmt.Sprintf("Delete “%s” and their scores? You can undo this.", x.Name), func(ok bool) {
			if ok && pp.do(&model.DeletePersona{ID: id}) {
				pp.selected = ""
				pp.list.UnselectAll()
				pp.refresh()
			}
		}, w.win)
	})
	del.Importance = widget.DangerImportance
	pp.form.Objects = []fyne.CanvasObject{heading("Persona"), form, del}
	pp.form.Refresh()
}

func (pp *personaPanel) setPhoto(id, img model.ID, add *model.Image) {
	cur := pp.w.project().Persona(id)
	if cur == nil {
		return
	}
	after := *cur
	after.PhotoID = img
	var cmds []model.Command
	if add != nil {
		cmds = append(cmds, &model.AddImage{Image: add})
	}
	cmds = append(cmds, &model.UpdatePersona{After: after})
	pp.w.do(&model.Batch{Name: "Set persona photo", Commands: cmds})
	pp.showForm()
}

// dropPhoto sets a dropped picture as the chosen persona's photo.
func (pp *personaPanel) dropPhoto(path string) {
	if pp.w.project().Persona(pp.selected) == nil {
		pp.w.showError(fmt.Errorf("choose a persona in the Personas tab, then drop the picture again"))
		return
	}
	im, err := importImageFile(path)
	if err != nil {
		pp.w.showError(err)
		return
	}
	pp.setPhoto(pp.selected, im.ID, im)
}
