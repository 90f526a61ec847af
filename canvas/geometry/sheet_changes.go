package geometry

import (
	"fmt"
	"image/color"
	"slices"
	"strconv"
	"strings"

	"waymark/model"
)

// The changes page: what changed in a journey since a saved version
// (model.Diff of that version against the map as printed). The poster is
// of one journey, so the page lists that journey's changes, grouped by
// kind (the journey itself, its stages, lanes and cards, then the
// personas and the project, which the map also shows), and counts the
// other journeys' changes in one line. Each change is told by a mark of
// its own shape as well as its colour, so that it reads in greyscale: +
// added, – removed (its name struck through), ~ changed, an arrow when it
// only moved. A changed field reads old, an arrow, new, each cut short
// with an ellipsis when long.

// changeInk is the colour of a change's mark: dark enough on paper for
// text, light enough on the dark palette.
func changeInk(p Palette, ink Ink) color.NRGBA {
	light := map[Ink]uint32{InkAdded: 0x1a7f37, InkRemoved: 0xcf222e, InkChanged: 0x9a6700, InkMoved: 0x0969da}
	darkInk := map[Ink]uint32{InkAdded: 0x3fb950, InkRemoved: 0xf85149, InkChanged: 0xd29922, InkMoved: 0x58a6ff}
	if dark(p) {
		return rgb(darkInk[ink])
	}
	return rgb(light[ink])
}

// The groups of the changes page, in the order they print.
var changeGroups = []struct {
	kind       model.Kind
	title, one string // the heading; one object, for the name column
}{
	{model.KindJourney, "The journey", "journey"},
	{model.KindStage, "Stages", "stage"},
	{model.KindLane, "Lanes", "lane"},
	{model.KindTouchpoint, "Cards", "card"},
	{model.KindPersona, "Personas", "persona"},
	{model.KindProject, "The project", "project"},
}

// changeLine is one line of a change's description: plain words, or a
// field's old value, an arrow and its new value.
type changeLine struct {
	plain    string
	label    string
	old, new string
}

// LayoutChanges lays out the changes (model.Diff from the version since
// names, "“After round 2” (3 March 2026)", to the project as printed) that
// concern journey j on pages of w × h: a note on how to read them, the
// count, one table per kind of object (the journey, its stages, lanes and
// cards, the personas it shows or that were removed, the project), and a
// paragraph counting the rest: other journeys, other personas. A long
// list continues on as many pages as it takes. No changes print "Nothing
// changed since …".
func LayoutChanges(m Metrics, st SheetStyle, head SheetHead, since string, j *model.Journey, changes []model.Change, w, h float32) []SheetPage {
	// A version's name is the user's words: a very long one is cut, the
	// page is about the changes.
	if r := []rune(oneLine(since)); len(r) > maxSince {
		since = string(r[:maxSince]) + "…"
	} else {
		since = string(r)
	}
	f := newSheetFlow(m, st, head, w, h)
	var id model.ID
	var cast []model.ID
	if j != nil {
		id, cast = j.ID, j.PersonaIDs
	}
	f.changes(since, id, cast, changes)
	if len(f.pages) == 0 {
		f.newPage()
	}
	title := "What changed since " + since
	return f.finish(func([]string) string { return title })
}

// maxSince is the most characters of the version's name the page prints.
const maxSince = 160

// otherJourney counts the changes of one journey the page does not list.
type otherJourney struct {
	name    string
	op      model.Op // Added or Removed when the whole journey was; "" otherwise
	changes int
}

func (f *sheetFlow) changes(since string, journey model.ID, cast []model.ID, changes []model.Change) {
	st := f.st
	ts := st.TextSize
	// Sort the changes into this journey's groups and the other journeys.
	groups := make([][]int, len(changeGroups))
	var others []*otherJourney
	other := map[model.ID]*otherJourney{}
	var isNew *model.Change
	var personas []string // personas changed that the journey does not show
	for i := range changes {
		c := &changes[i]
		mine := c.Kind == model.KindProject || c.Kind == model.KindPersona || c.Journey == journey
		if c.Kind == model.KindJourney && c.ID == journey && c.Op == model.Added {
			isNew = c
			continue
		}
		// A removed persona may have been the journey's: it is listed.
		if c.Kind == model.KindPersona && c.Op != model.Removed && !slices.Contains(cast, c.ID) {
			personas = append(personas, c.Name)
			continue
		}
		if !mine {
			o := other[c.Journey]
			if o == nil {
				o = &otherJourney{name: c.JourneyName}
				other[c.Journey] = o
				others = append(others, o)
			}
			o.changes++
			if c.Kind == model.KindJourney && c.Op != model.Changed {
				o.op = c.Op
			}
			continue
		}
		for g, cg := range changeGroups {
			if cg.kind == c.Kind {
				groups[g] = append(groups[g], i)
			}
		}
	}
	var tally model.Tally
	for _, g := range groups {
		for _, i := range g {
			tally.Count(&changes[i])
		}
	}
	listed := tally.Total()

	switch {
	case isNew != nil:
		f.paragraph(fmt.Sprintf("This journey is new since %s: that version did not have it. It now holds %s, %s and %s.",
			since, countText(isNew.Stages, "stage", "stages"), countText(isNew.Lanes, "lane", "lanes"),
			countText(isNew.Cards, "card", "cards")), ts, false, InkText)
		if listed > 0 {
			f.y += 0.5 * st.Gap
		}
	case listed == 0 && len(others) == 0 && len(personas) == 0:
		f.paragraph("Nothing changed since "+since+".", ts, false, InkText)
		return
	case listed == 0:
		f.paragraph("Nothing changed in this journey, its personas or the project since "+since+".", ts, false, InkText)
		f.y += 0.5 * st.Gap
	}
	if listed > 0 {
		f.paragraph("Since the version "+since+": what was added, removed, moved or changed in this journey, its personas and the project, by kind: what was removed first, then the rest in the order of the map. A changed field shows its old value, an arrow, then its new one; long text is cut short with an ellipsis.",
			st.SmallSize, false, InkMuted)
		f.y += 0.3 * st.Gap
		f.changeKey()
		count := fmt.Sprintf("%s: %d added, %d removed, %d changed", countText(listed, "change", "changes"), tally.Added, tally.Removed, tally.Changed)
		if tally.Moved > 0 {
			count += fmt.Sprintf(" (%d of them moved)", tally.Moved)
		}
		f.paragraph(count+".", ts, true, InkText)
		f.y += 0.5 * st.Gap
	}

	for g, idx := range groups {
		if len(idx) > 0 {
			f.changeGroup(g, idx, changes)
		}
	}
	if len(others) > 0 || len(personas) > 0 {
		f.elsewhere(others, personas)
	}
}

// changeKey shows each mark with what it means, on one line when it fits.
func (f *sheetFlow) changeKey() {
	st := f.st
	ss := st.SmallSize
	keys := []struct {
		op    model.Op
		moved bool
		text  string
	}{{model.Added, false, "added"}, {model.Removed, false, "removed (struck through)"},
		{model.Changed, false, "changed"}, {model.Changed, true, "moved"}}
	markW := 1.6 * ss
	f.ensure(st.lh(ss))
	x := float32(0)
	for _, k := range keys {
		w := markW + f.m.Width(k.text, ss, false)
		if x > 0 && x+w > f.w {
			f.y += st.lh(ss)
			f.ensure(st.lh(ss))
			x = 0
		}
		f.changeMark(k.op, k.moved, x, f.y, ss)
		f.text(k.text, x+markW, f.y, ss, false, InkText)
		x += w + 1.8*ss
	}
	f.y += st.lh(ss) + 0.4*st.Gap
}

// changeMark places a change's mark at x, y (the top of a line of text
// of size): a +, a – or a ~ in the colour of its kind of change, or an
// arrow for a move.
func (f *sheetFlow) changeMark(op model.Op, onlyMoved bool, x, y, size float32) {
	bold := size * 1.25
	switch {
	case op == model.Added:
		f.text("+", x, y+(f.st.lh(size)-f.st.lh(bold))/2, bold, true, InkAdded)
	case op == model.Removed:
		f.text("–", x, y+(f.st.lh(size)-f.st.lh(bold))/2, bold, true, InkRemoved)
	case onlyMoved:
		f.arrow(x, y+f.st.lh(size)/2, 0.95*size, size, InkMoved)
	default:
		f.text("~", x, y+(f.st.lh(size)-f.st.lh(bold))/2, bold, true, InkChanged)
	}
}

// arrow places a right-pointing arrow w long, its shaft's middle at x, y,
// for text of size: a polygon, since the font has no arrow.
func (f *sheetFlow) arrow(x, y, w, size float32, ink Ink) {
	shaft, head, headL := 0.09*size, 0.24*size, 0.38*size
	f.page().Polys = append(f.page().Polys, SheetPolygon{Ink: ink, Points: []Point{
		{X: x, Y: y - shaft/2}, {X: x + w - headL, Y: y - shaft/2}, {X: x + w - headL, Y: y - head},
		{X: x + w, Y: y}, {X: x + w - headL, Y: y + head}, {X: x + w - headL, Y: y + shaft/2}, {X: x, Y: y + shaft/2}}})
}

// changeGroup places one kind's changes as a table: the mark, the name
// and where it is, what changed.
func (f *sheetFlow) changeGroup(g int, idx []int, changes []model.Change) {
	st := f.st
	ts, ss, pad := st.TextSize, st.SmallSize, st.Padding
	cg := changeGroups[g]
	markW := 2.2 * ts
	nameW := max(min(0.32*f.w, 22*ts), 8*ts)
	whatW := max(f.w-markW-nameW, 10*ts)
	tableW := markW + nameW + whatW

	var tally model.Tally
	for _, i := range idx {
		tally.Count(&changes[i])
	}
	var counts []string
	for _, n := range []struct {
		n    int
		what string
	}{{tally.Added, "added"}, {tally.Removed, "removed"}, {tally.Changed, "changed"}} {
		if n.n > 0 {
			counts = append(counts, fmt.Sprintf("%d %s", n.n, n.what))
		}
	}
	countLine := strings.Join(counts, ", ")

	type row struct {
		c     *model.Change
		index int
		name  []string
		where []string
		what  []changeLine
		h     float32
	}
	rowOf := func(i int) row {
		c := &changes[i]
		name := oneLine(c.Name)
		if name == "" {
			name = "(untitled)"
		}
		r := row{c: c, index: i, name: f.wrap(name, ts, nameW-2*pad, true, 2)}
		if w := changeWhere(c); w != "" {
			r.where = f.wrap(w, ss, nameW-2*pad, false, 2)
		}
		r.what = changeLines(c)
		whatH := float32(len(r.what)) * st.lh(ts)
		nameH := float32(len(r.name))*st.lh(ts) + float32(len(r.where))*st.lh(ss)
		r.h = 2*pad + max(whatH, nameH)
		return r
	}

	headH := st.lh(st.TextSize*1.15) + 0.3*st.Gap
	heading := func(cont bool) {
		t := cg.title
		if cont {
			t += ", continued"
		}
		f.text(t, 0, f.y, ts*1.15, true, InkText)
		if !cont && countLine != "" {
			x := f.m.Width(t, ts*1.15, true) + ts
			f.text(Ellipsize(f.m, countLine, ss, f.w-x, false), x, f.y+st.lh(ts*1.15)-st.lh(ss), ss, false, InkMuted)
		}
		f.y += headH
		f.line(0, f.y, tableW, f.y, st.Rule, InkGrid)
	}

	rows := make([]row, len(idx))
	for k, i := range idx {
		rows[k] = rowOf(i)
	}
	firstH := float32(0)
	for k := 0; k < min(st.MinRows, len(rows)); k++ {
		firstH += rows[k].h
	}
	f.ensure(headH + firstH)
	f.part("changes")
	heading(false)
	for k, r := range rows {
		if r.h > f.room()+0.01 {
			f.newPage()
			f.part("changes")
			heading(true)
		}
		y := f.y
		if k%2 == 1 {
			f.fill(Rect{X: 0, Y: y, W: tableW, H: r.h}, InkStripe, "")
		}
		ink := opInk(r.c)
		// A bar of the change's colour down the row's left edge.
		f.fill(Rect{X: 0, Y: y, W: 0.22 * ts, H: r.h}, ink, "")
		f.changeMark(r.c.Op, r.c.Op == model.Changed && len(r.c.Fields) == 0, 0.22*ts+0.5*ts, y+pad, ts)

		nameInk := InkText
		if r.c.Op == model.Removed {
			nameInk = InkMuted
		}
		x := markW + pad
		for n, s := range r.name {
			ly := y + pad + float32(n)*st.lh(ts)
			f.text(s, x, ly, ts, true, nameInk)
			if r.c.Op == model.Removed {
				// Struck through, a little above the middle of the x-height.
				sy := ly + 0.5*st.lh(ts) + 0.05*ts
				f.page().Strikes = append(f.page().Strikes, SheetLine{X0: x, Y0: sy, X1: x + f.m.Width(s, ts, true), Y1: sy,
					Width: 0.09 * ts, Ink: InkRemoved})
			}
		}
		f.lines(r.where, x, y+pad+float32(len(r.name))*st.lh(ts), ss, false, InkMuted)

		wx := markW + nameW + pad
		for n, l := range r.what {
			f.changeText(l, wx, y+pad+float32(n)*st.lh(ts), whatW-2*pad, r.c.Op)
		}
		f.line(0, y+r.h, tableW, y+r.h, st.Rule, InkGrid)
		f.page().Items = append(f.page().Items, SheetItem{Index: r.index, Rect: Rect{X: 0, Y: y, W: tableW, H: r.h}})
		f.y += r.h
	}
	f.y += st.Gap
}

// changeText places one line of a change's description in width w.
func (f *sheetFlow) changeText(l changeLine, x, y, w float32, op model.Op) {
	ts := f.st.TextSize
	if l.plain != "" {
		ink := InkText
		if op != model.Changed {
			ink = InkMuted
		}
		f.text(Ellipsize(f.m, l.plain, ts, w, false), x, y, ts, false, ink)
		return
	}
	label := Ellipsize(f.m, l.label, ts, 0.35*w, false)
	lw := f.m.Width(label, ts, false) + 0.5*ts
	aw := 1.9 * ts // the arrow and the space around it
	rest := max(w-lw-aw, 2*ts)
	oldT, newT := l.old, l.new
	ow, nw := f.m.Width(oldT, ts, false), f.m.Width(newT, ts, true)
	ob, nb := rest/2, rest/2
	switch {
	case ow+nw <= rest:
		ob, nb = ow, nw
	case ow < rest/2:
		ob, nb = ow, rest-ow
	case nw < rest/2:
		ob, nb = rest-nw, nw
	}
	oldT, newT = Ellipsize(f.m, oldT, ts, ob, false), Ellipsize(f.m, newT, ts, nb, true)
	f.text(label, x, y, ts, false, InkMuted)
	x += lw
	f.text(oldT, x, y, ts, false, InkMuted)
	x += f.m.Width(oldT, ts, false) + 0.45*ts
	f.arrow(x, y+f.st.lh(ts)/2, 1.0*ts, ts, InkText)
	x += aw - 0.45*ts
	f.text(newT, x, y, ts, true, InkText)
}

// opInk is the colour of a change.
func opInk(c *model.Change) Ink {
	switch {
	case c.Op == model.Added:
		return InkAdded
	case c.Op == model.Removed:
		return InkRemoved
	case len(c.Fields) == 0:
		return InkMoved
	}
	return InkChanged
}

// changeWhere says where the object is (was, when removed): a card's
// stage and lane, another object's position in its list.
func changeWhere(c *model.Change) string {
	switch c.Kind {
	case model.KindProject, model.KindJourney:
		return ""
	case model.KindTouchpoint:
		return cellName(c.At)
	}
	return "position " + strconv.Itoa(c.At.Index+1)
}

// cellName names a card's cell: "Checkout / Actions".
func cellName(p model.Place) string {
	return orUntitled(oneLine(p.StageName)) + " / " + orUntitled(oneLine(p.LaneName))
}

func orUntitled(s string) string {
	if s == "" {
		return "(untitled)"
	}
	return s
}

// changeLines words a change, a line per changed field and one for a
// move, in the words of the comparison's text (internal/difftext).
func changeLines(c *model.Change) []changeLine {
	switch c.Op {
	case model.Added:
		if c.Kind == model.KindJourney {
			return []changeLine{{plain: fmt.Sprintf("added, with %s, %s and %s", countText(c.Stages, "stage", "stages"),
				countText(c.Lanes, "lane", "lanes"), countText(c.Cards, "card", "cards"))}}
		}
		return []changeLine{{plain: "added"}}
	case model.Removed:
		return []changeLine{{plain: "removed"}}
	}
	var out []changeLine
	for _, fc := range c.Fields {
		out = append(out, fieldLine(fc))
	}
	if mv := c.Moved; mv != nil {
		l := changeLine{label: "moved", old: "position " + strconv.Itoa(mv.From.Index+1), new: "position " + strconv.Itoa(mv.To.Index+1)}
		if c.Kind == model.KindTouchpoint {
			if mv.From.Stage == mv.To.Stage && mv.From.Lane == mv.To.Lane {
				l.label = "moved in its cell"
			} else {
				l.old, l.new = cellName(mv.From), cellName(mv.To)
			}
		}
		out = append(out, l)
	}
	return out
}

// fieldLine is one field's change: `title “Pay” → “Pay now”`.
func fieldLine(fc model.FieldChange) changeLine {
	label := fc.Field
	switch fc.Field {
	case model.FieldPhoto, model.FieldImage:
		switch {
		case fc.Old == "":
			return changeLine{plain: label + " added"}
		case fc.New == "":
			return changeLine{plain: label + " removed"}
		}
		return changeLine{plain: label + " replaced"}
	case model.FieldScore:
		name := oneLine(fc.PersonaName)
		if name == "" {
			name = "(untitled)"
		}
		return changeLine{label: "score for " + name, old: orNone(fc.Old), new: orNone(fc.New)}
	case model.FieldTags, model.FieldEvidenceLinks, model.FieldPersonas, model.FieldLenses:
		return changeLine{label: label, old: orNone(oneLine(fc.Old)), new: orNone(oneLine(fc.New))}
	}
	if fc.IsText() {
		before, after := model.ElideChange(oneLine(fc.Old), oneLine(fc.New))
		return changeLine{label: label, old: quoted(before), new: quoted(after)}
	}
	return changeLine{label: label, old: orNone(oneLine(fc.Old)), new: orNone(oneLine(fc.New))}
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// quoted puts text in typographic quotes; "(empty)" for none.
func quoted(s string) string {
	if s == "" {
		return "(empty)"
	}
	return "“" + s + "”"
}

// elsewhere counts, in one paragraph, the changes the page does not list:
// those of other journeys, and of personas the journey does not show.
func (f *sheetFlow) elsewhere(others []*otherJourney, personas []string) {
	const most = 12
	quote := func(s string) string {
		return "“" + Ellipsize(f.m, orUntitled(oneLine(s)), f.st.SmallSize, 16*f.st.TextSize, false) + "”"
	}
	var sentences []string
	if len(personas) > 0 {
		var names []string
		for i, p := range personas {
			if i == most {
				names = append(names, fmt.Sprintf("and %d more", len(personas)-most))
				break
			}
			names = append(names, quote(p))
		}
		sentences = append(sentences, fmt.Sprintf("%s to personas this journey does not show: %s.",
			countText(len(personas), "change", "changes"), strings.Join(names, ", ")))
	}
	if len(others) > 0 {
		sentences = append(sentences, f.otherJourneys(others))
	}
	f.ensure(f.st.lh(f.st.TextSize*1.15) + f.st.lh(f.st.SmallSize))
	f.text("Elsewhere in the project", 0, f.y, f.st.TextSize*1.15, true, InkText)
	f.y += f.st.lh(f.st.TextSize * 1.15)
	f.paragraph(strings.Join(sentences, " "), f.st.SmallSize, false, InkMuted)
}

// otherJourneys counts the changes of the other journeys in a sentence.
func (f *sheetFlow) otherJourneys(others []*otherJourney) string {
	const most = 12
	n := 0
	var parts []string
	for i, o := range others {
		n += o.changes
		if i >= most {
			continue
		}
		name := "“" + Ellipsize(f.m, orUntitled(oneLine(o.name)), f.st.SmallSize, 16*f.st.TextSize, false) + "”"
		switch o.op {
		case model.Added:
			parts = append(parts, name+" added")
		case model.Removed:
			parts = append(parts, name+" removed")
		default:
			parts = append(parts, name+" "+countText(o.changes, "change", "changes"))
		}
	}
	if len(others) > most {
		parts = append(parts, fmt.Sprintf("and %d more", len(others)-most))
	}
	return fmt.Sprintf("%s in %s, not listed here: %s.", countText(n, "change", "changes"),
		countText(len(others), "other journey", "other journeys"), strings.Join(parts, "; "))
}
