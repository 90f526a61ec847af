package interchange

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf16"

	"waymark/model"
)

// importErr imports text in format f and returns the error, failing the
// test if there is none, if it is not one line or if it does not start with
// want.
func importErr(t *testing.T, f Format, text, want string) {
	t.Helper()
	p, _, err := Import(strings.NewReader(text), f, ImportOptions{})
	if err == nil {
		t.Fatalf("imported %d journeys, want the error %q", len(p.Journeys), want)
	}
	if !strings.HasPrefix(err.Error(), want) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("got  %.300q\nwant %q", err.Error(), want)
	}
}

func utf16LE(s string) string {
	b := []byte{0xff, 0xfe}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return string(b)
}

// Control characters are refused where the file is read, naming the line,
// whatever the encoding: they would pass into the map and out of its
// exports raw.
func TestImportRefusesControlCharacters(t *testing.T) {
	for _, c := range []struct {
		name string
		f    Format
		text string
		want string
	}{
		{"NUL in a CSV", CSV, "stage,title\nS,T\nS,T\x00\n", "line 3: the file holds the control character U+0000"},
		{"NUL in a quoted CSV cell", CSV, "stage,title,notes\r\nS,T,\"a\r\nb\x00\"\r\n", "line 3: the file holds the control character U+0000"},
		{"escape in a Mermaid task", Mermaid, "journey\nsection S\n  T\x1b[2J: 3\n", "line 3: the file holds the control character U+001B"},
		{"DEL in Markdown", Markdown, "# x\n\n```mermaid\njourney\n  T\x7f: 3\n```\n", "line 5: the file holds the control character U+007F"},
		{"form feed in a comment", Mermaid, "journey\n%% \x0c\n", "line 2: the file holds the control character U+000C"},
		{"NUL in UTF-16", CSV, utf16LE("stage,title\nS,T\x00\n"), "line 2: the file holds the control character U+0000"},
		{"C1 in Windows-1252", CSV, "stage,title\nS,Caf\xe9\x81\n", "line 2: the file holds the control character U+0081"},
		{"C1 in UTF-8", CSV, "stage,title\nS,T\u0085\n", "line 2: the file holds the control character U+0085"},
	} {
		t.Run(c.name, func(t *testing.T) { importErr(t, c.f, c.text, c.want) })
	}
	// Tabs and every kind of line end are text.
	p, _, err := ImportCSV(strings.NewReader("stage\ttitle\tnotes\rS\tT\t\"a\tb\r\nc\rd\"\r\n"), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if n := p.Journeys[0].Touchpoints[0].Notes; n != "a\tb\nc\nd" {
		t.Fatalf("notes = %q", n)
	}
}

// The reader gives the same text whatever the size of the reads: a CR LF,
// a character or a surrogate pair split between two reads is still one.
func TestTextReaderAcrossReads(t *testing.T) {
	text := "a\r\nb\rc\n\r\nZoë ∑ 😀 \t end\r"
	want := "a\nb\nc\n\nZoë ∑ 😀 \t end\n"
	for _, in := range []string{text, "\ufeff" + text, utf16LE(text), string(append([]byte{0xfe, 0xff}, []byte(utf16LE(text))[2:]...))} {
		if strings.HasPrefix(in, "\xfe\xff") { // big-endian: swap each unit
			b := []byte(in)
			for i := 2; i+1 < len(b); i += 2 {
				b[i], b[i+1] = b[i+1], b[i]
			}
			in = string(b)
		}
		src, err := readSource(strings.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		whole, err := src.text()
		if err != nil || whole != want {
			t.Fatalf("%q: %q, %v", in, whole, err)
		}
		bytewise, err := io.ReadAll(iotest.OneByteReader(src.reader()))
		if err != nil || string(bytewise) != want {
			t.Fatalf("%q read byte by byte: %q, %v", in, bytewise, err)
		}
	}
}

// A cell longer than its field may be is refused naming its line and
// column, before the map is built.
func TestCSVCellLimits(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }
	for _, c := range []struct {
		name, text, want string
	}{
		{"title", "stage,title\nS,T\nS," + long(70_000) + "\n", `line 3, column title: is 70,000 bytes, more than the 65,536 a title may have`},
		{"stage", "stage,title\n" + long(model.MaxNameBytes+1) + ",T\n", `line 2, column stage: is 65,537 bytes, more than the 65,536 a name may have`},
		{"lane", "stage,lane,title\nS," + long(model.MaxNameBytes+1) + ",T\n", `line 2, column lane: is 65,537 bytes`},
		{"journey", "journey,stage,title\n" + long(model.MaxNameBytes+1) + ",S,T\n", `line 2, column journey: is 65,537 bytes, more than the 65,536 a title may have`},
		{"channel", "stage,title,channel\nS,T," + long(model.MaxNameBytes+1) + "\n", `line 2, column channel: is 65,537 bytes, more than the 65,536 a channel may have`},
		{"owner", "stage,title,owner\nS,T," + long(model.MaxNameBytes+1) + "\n", `line 2, column owner: is 65,537 bytes`},
		{"notes", "stage,title,notes\nS,T,\"a\n" + long(model.MaxTextBytes) + "\"\n", `line 2, column notes: is 4,194,306 bytes, more than the 4,194,304 the notes may have`},
		{"evidence", "stage,title,evidence\nS,T," + long(model.MaxTextBytes+1) + "\n", `line 2, column evidence: is 4,194,305 bytes`},
		{"tags", "stage,title,tags\nS,T,\"" + long(model.MaxTextBytes/2) + "\n" + long(model.MaxTextBytes/2) + "\"\n",
			`line 2, column tags: is 4,194,305 bytes, more than the 4,194,304 the tags together may have`},
		{"persona", "stage,title,emotion: " + long(model.MaxNameBytes+1) + "\n", `line 1, column 3: the persona's name is 65,537 bytes, more than the 65,536 a name may have`},
		{"section", "journey\nsection " + long(model.MaxNameBytes+1) + "\n", `line 2: the section name is 65,537 bytes, more than the 65,536 a name may have`},
		{"task", "journey\n  " + long(70_000) + ": 3\n", `line 2: the task name is 70,000 bytes, more than the 65,536 a title may have`},
		{"actor", "journey\n  T: 3: A, " + long(model.MaxNameBytes+1) + "\n", `line 2: the actor's name is 65,537 bytes`},
		{"title", "journey\ntitle " + long(model.MaxNameBytes+1) + "\n", `line 2: the title is 65,537 bytes, more than the 65,536 a title may have`},
		{"front matter title", "---\ntitle: " + long(model.MaxNameBytes+1) + "\n---\njourney\n", `line 1: the title is 65,537 bytes`},
		{"accTitle", "journey\naccTitle: " + long(model.MaxNameBytes+1) + "\n", `line 2: the accTitle is 65,537 bytes, more than the 65,536 a name may have`},
		{"accDescr", "journey\naccDescr: " + long(model.MaxTextBytes+1) + "\n", `line 2: the accDescr is 4,194,305 bytes, more than the 4,194,304 a description may have`},
		{"accDescr block", "journey\naccDescr {\n" + long(model.MaxTextBytes/2) + "\n" + long(model.MaxTextBytes/2) + "\n}\n", `line 2: the accDescr is 4,194,305 bytes`},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := CSV
			if strings.HasPrefix(c.text, "journey\n") || strings.HasPrefix(c.text, "---") {
				f = Mermaid
			}
			importErr(t, f, c.text, c.want)
		})
	}
	// At the limit, a cell is taken.
	p, _, err := ImportCSV(strings.NewReader("stage,title\nS,"+long(model.MaxNameBytes)+"\n"), ImportOptions{})
	if err != nil || len(p.Journeys[0].Touchpoints[0].Title) != model.MaxNameBytes {
		t.Fatalf("a title of %d bytes: %v", model.MaxNameBytes, err)
	}
}

// A CSV of many stages and lanes (and no cards) is refused at the row that
// makes too many cells, as the 2 MB file of 30,000 of each.
func TestCSVTooManyCells(t *testing.T) {
	var b strings.Builder
	b.WriteString("stage,lane,title\n")
	for i := range 30_000 {
		fmt.Fprintf(&b, "Stage %d,Lane %d,\n", i, i)
	}
	// Row 500 (line 501) brings 500 stages × 500 lanes, exactly the limit;
	// the next row brings a stage and a lane more.
	importErr(t, CSV, b.String(), `line 502: journey "Imported journey" would be too large: 501 stages × 501 lanes make 251,001 cells, more than the 250,000 a map can draw`)
}

// A Mermaid journey has two lanes, so the stages a project may hold come
// before the cells a journey may have: the section over MaxStages is named.
func TestMermaidTooManySections(t *testing.T) {
	var b strings.Builder
	b.WriteString("journey\n")
	for range model.MaxStages {
		b.WriteString("section S\n")
	}
	text := b.String()
	if p, _, err := ImportMermaid(strings.NewReader(text), ImportOptions{}); err != nil || len(p.Journeys[0].Stages) != model.MaxStages {
		t.Fatalf("a journey at the limit: %v", err)
	}
	importErr(t, Mermaid, text+"  T: 3\nsection S\n",
		fmt.Sprintf("line %d: a section more makes the project too large: 100,001 stages, more than the 100,000 Waymark allows", model.MaxStages+3))
}

// Stages are counted over all of a CSV's journeys: each journey here is
// well within its cells, but together they hold more stages than a project
// may; the row of the stage too many is named.
func TestCSVTooManyStagesInAll(t *testing.T) {
	var b strings.Builder
	b.WriteString("journey,stage,title\n")
	for i := range model.MaxStages + 1 {
		fmt.Fprintf(&b, "J%d,S%d,\n", i/50_000, i)
	}
	importErr(t, CSV, b.String(), fmt.Sprintf("line %d: the project would be too large: 100,001 stages, more than the 100,000 Waymark allows", model.MaxStages+2))
}

// Line breaks in %% comments are written <br>, as in task names: raw, a
// carriage return in an unscored card's title or a line break in a
// persona's name would start a section, a task or a persona on import.
func TestMermaidExportCommentsHoldNoLineBreak(t *testing.T) {
	p := &model.Project{ID: "p", Name: "P", Scale: model.ScaleTen,
		Personas: []*model.Persona{{ID: "a", Name: "Ann\nsection Injected"}, {ID: "b", Name: "Bob\r  Evil: 5: Mallory"}}}
	j := &model.Journey{ID: "j", Title: "J", PersonaIDs: []model.ID{"a", "b"},
		Stages: []*model.Stage{{ID: "s", Name: "S"}},
		Lanes:  []*model.Lane{{ID: "l", Name: "Lane\rsection Lane", Kind: model.LaneActions}},
		Touchpoints: []*model.Touchpoint{
			{ID: "t1", StageID: "s", LaneID: "l", Order: 0, Title: "Unscored\rsection Evil\r  Task: 1: Eve"},
			{ID: "t2", StageID: "s", LaneID: "l", Order: 1, Title: "Scored", Emotions: map[model.ID]int{"a": 2, "b": 9}},
		}}
	p.Journeys = []*model.Journey{j}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	text, _ := exportMermaid(t, p, j)
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, "Injected") || strings.Contains(l, "Evil") || strings.Contains(l, "section Lane") {
			if !strings.HasPrefix(strings.TrimSpace(l), "%%") && !strings.HasPrefix(strings.TrimSpace(l), "Scored") {
				t.Fatalf("a name escaped its comment:\n%s", text)
			}
		}
	}
	q, _ := importMermaid(t, text)
	qj := q.Journeys[0]
	if len(qj.Stages) != 1 || len(qj.Touchpoints) != 1 || len(q.Personas) != 2 {
		t.Fatalf("re-import has %d stages, %d cards, personas %q:\n%s", len(qj.Stages), len(qj.Touchpoints), personaNames(q), text)
	}
}

// FuzzMermaidExport: whatever a map holds in its names, its Mermaid export
// imports as as many sections, tasks and actors as it has stages, scored
// cards and scoring personas, and exporting that again gives the same text.
func FuzzMermaidExport(f *testing.F) {
	f.Add("J", "Ann", "Bob", "S", "Lane", "Scored", "Unscored")
	f.Add("J", "Ann\nsection X", "Bob", "S", "L", "T", "U\rsection Y")
	f.Add("J\r\nK", "A\r  T: 5: Z", "B%%", "S<br>T", "L\n", "T#;:", "U\r\r  W: 1")
	f.Add("title X", "Everyone", "Everyone", "section", "Lane:", "journey", "}")
	f.Fuzz(func(t *testing.T, title, ann, bob, stage, lane, scored, unscored string) {
		p := &model.Project{ID: "p", Name: "P", Scale: model.ScaleTen,
			Personas: []*model.Persona{{ID: "a", Name: ann}, {ID: "b", Name: bob}}}
		j := &model.Journey{ID: "j", Title: title, PersonaIDs: []model.ID{"a", "b"},
			Stages: []*model.Stage{{ID: "s", Name: stage}, {ID: "s2", Name: "Next"}},
			Lanes:  []*model.Lane{{ID: "l", Name: lane, Kind: model.LaneActions}},
			Touchpoints: []*model.Touchpoint{
				{ID: "t1", StageID: "s", LaneID: "l", Order: 0, Title: unscored},
				{ID: "t2", StageID: "s", LaneID: "l", Order: 1, Title: scored, Emotions: map[model.ID]int{"a": 2, "b": 9}},
				{ID: "t3", StageID: "s2", LaneID: "l", Order: 0, Title: "After", Emotions: map[model.ID]int{"a": 4}},
			}}
		p.Journeys = []*model.Journey{j}
		if p.Validate() != nil || strings.TrimSpace(ann) == strings.TrimSpace(bob) {
			return
		}
		var b bytes.Buffer
		if _, err := ExportMermaid(&b, p, j); err != nil {
			t.Fatal(err)
		}
		q, _, err := ImportMermaid(bytes.NewReader(b.Bytes()), ImportOptions{})
		if err != nil {
			t.Fatalf("the export does not import: %v\n%s", err, b.String())
		}
		qj := q.Journeys[0]
		if len(qj.Stages) != 2 || len(qj.Touchpoints) != 2 || len(q.Personas) != 2 {
			t.Fatalf("export → import made %d stages, %d tasks, personas %q\n%s", len(qj.Stages), len(qj.Touchpoints), personaNames(q), b.String())
		}
		var again bytes.Buffer
		if _, err := ExportMermaid(&again, q, qj); err != nil {
			t.Fatal(err)
		}
		q2, _, err := ImportMermaid(bytes.NewReader(again.Bytes()), ImportOptions{})
		if err != nil || canonical(t, q) != canonical(t, q2) {
			t.Fatalf("a second export → import changed the map: %v\n%s\n---\n%s", err, b.String(), again.String())
		}
	})
}

// What the exports write, the imports read: an export over the import limit
// is refused with one sentence and writes nothing; one at the limit imports.
func TestExportsStayWithinTheImportLimit(t *testing.T) {
	p := &model.Project{ID: "p", Name: "P", Scale: model.ScaleFive, Personas: []*model.Persona{{ID: "a", Name: "Ann"}}}
	j := &model.Journey{ID: "j", Title: "J", PersonaIDs: []model.ID{"a"},
		Stages: []*model.Stage{{ID: "s", Name: "S"}}, Lanes: []*model.Lane{{ID: "l", Name: ActionsLane, Kind: model.LaneActions}}}
	for i := range 200 {
		j.Touchpoints = append(j.Touchpoints, &model.Touchpoint{ID: model.ID(fmt.Sprint("t", i)), StageID: "s", LaneID: "l",
			Order: i, Title: fmt.Sprint("Card ", i), Notes: "some notes", Emotions: map[model.ID]int{"a": 1 + i%5}})
	}
	p.Journeys = []*model.Journey{j}
	defer func(old int64) { inputLimit = old }(inputLimit)
	for _, f := range []Format{CSV, Mermaid, Markdown} {
		inputLimit = MaxInputSize
		var full bytes.Buffer
		if _, err := Export(&full, f, p, j, ExportOptions{BOM: true}); err != nil {
			t.Fatal(err)
		}
		inputLimit = int64(full.Len())
		if q, _, err := Import(bytes.NewReader(full.Bytes()), f, ImportOptions{}); err != nil || len(q.Journeys[0].Touchpoints) != 200 {
			t.Fatalf("%s at the limit: %v", f, err)
		}
		inputLimit--
		var w bytes.Buffer
		_, err := Export(&w, f, p, j, ExportOptions{BOM: true})
		if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("would be more than %s bytes, the most Waymark imports", grouped(inputLimit))) || w.Len() > 0 {
			t.Fatalf("%s over the limit: %v, %d bytes written", f, err, w.Len())
		}
		if _, _, err := Import(bytes.NewReader(full.Bytes()), f, ImportOptions{}); err == nil || !strings.Contains(err.Error(), "the most Waymark imports") {
			t.Fatalf("%s import over the limit: %v", f, err)
		}
	}
}

// The numbers: a million cards, the most a project holds (the .cjm's cap),
// of the size the issue exported (88 MB), and of a fuller kind, export as
// a CSV that imports. The bytes per card are measured on 2,000 cards.
func TestCSVOfAMillionCardsImports(t *testing.T) {
	const cards, sample = 1_000_000, 2_000
	p := &model.Project{ID: "p", Name: "P", Scale: model.ScaleBipolar2,
		Personas: []*model.Persona{{ID: "a", Name: "Ann"}, {ID: "b", Name: "Bob"}}}
	j := &model.Journey{ID: "j", Title: "Checkout journey", PersonaIDs: []model.ID{"a", "b"}}
	for i := range 20 {
		j.Stages = append(j.Stages, &model.Stage{ID: model.ID(fmt.Sprint("s", i)), Name: fmt.Sprint("Stage ", i)})
	}
	for i, k := range []model.LaneKind{model.LaneActions, model.LaneThoughts, model.LanePainPoints, model.LaneChannel} {
		j.Lanes = append(j.Lanes, &model.Lane{ID: model.ID(fmt.Sprint("l", i)), Name: k.Label(), Kind: k})
	}
	for i := range sample {
		j.Touchpoints = append(j.Touchpoints, &model.Touchpoint{ID: model.ID(fmt.Sprint("t", i)),
			StageID: j.Stages[i%20].ID, LaneID: j.Lanes[i/20%4].ID, Order: i / 80,
			Title: fmt.Sprintf("Customer compares delivery options %d", i), Notes: "Asked twice in interviews; see the survey.",
			Channel: "Web", Owner: "Digital team", Tags: []string{"delivery", "pricing"}, Evidence: "Interview 12",
			EvidenceLinks: []string{"https://example.com/research/12"}, Confidence: model.Validated, PainPoint: i%3 == 0,
			Emotions: map[model.ID]int{"a": i%5 - 2, "b": (i+2)%5 - 2}})
	}
	p.Journeys = []*model.Journey{j}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := ExportCSV(&b, p, j, ExportOptions{BOM: true}); err != nil {
		t.Fatal(err)
	}
	perCard := int64(b.Len()) / sample
	if total := perCard * cards; total > MaxInputSize {
		t.Fatalf("a million cards of %d bytes make %s bytes of CSV, more than the %s an import reads", perCard, grouped(total), grouped(MaxInputSize))
	}
	// The import limit leaves room for cards five times the size of the
	// issue's (88 bytes a card).
	if 5*88*cards > MaxInputSize {
		t.Fatal("the import limit does not hold the issue's export five times over")
	}
	q, _, err := ImportCSV(bytes.NewReader(b.Bytes()), ImportOptions{})
	if err != nil || journeyText(q, q.Journeys[0]) != journeyText(p, j) {
		t.Fatalf("export → import: %v", err)
	}
}

// An input over the limit is refused before it is decoded, by its size.
func TestImportRefusesInputOverTheLimit(t *testing.T) {
	defer func(old int64) { inputLimit = old }(inputLimit)
	inputLimit = 100
	text := "stage,title\n" + strings.Repeat("S,T\n", 30)
	_, _, err := ImportCSV(strings.NewReader(text), ImportOptions{})
	if err == nil || err.Error() != "it is larger than 100 bytes, the most Waymark imports" {
		t.Fatalf("%v", err)
	}
	var le *Error
	if errors.As(err, &le) {
		t.Fatal("a size error names no line")
	}
}

// What only Validate catches is still one sentence.
func TestImportValidateProblemIsOneSentence(t *testing.T) {
	long := strings.Repeat("n", model.MaxNameBytes+1)
	_, _, err := ImportCSV(strings.NewReader("stage,title\nS,T\n"), ImportOptions{Name: long})
	if err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "is 65,537 bytes") {
		t.Fatalf("%.300q", err)
	}
}

// A file giving one journey more scores than a map can draw is refused at
// the row or task that gives one too many, before the map is built.
func TestImportTooManyScores(t *testing.T) {
	var b strings.Builder
	b.WriteString("stage,title")
	for i := range 100 {
		fmt.Fprintf(&b, ",emotion: P%d", i)
	}
	b.WriteString("\n")
	row := "S,T" + strings.Repeat(",3", 100) + "\n"
	for range model.MaxScoresPerJourney / 100 {
		b.WriteString(row)
	}
	importErr(t, CSV, b.String()+row, fmt.Sprintf(`line %d: journey "Imported journey" would be too large: its cards hold 1,000,100 emotion scores, more than the 1,000,000 a map can draw`, model.MaxScoresPerJourney/100+2))

	b.Reset()
	b.WriteString("journey\nsection S\n")
	for range model.MaxScoresPerJourney / 4 {
		b.WriteString("  T: 3: A, B, C, D\n")
	}
	importErr(t, Mermaid, b.String()+"  T: 3\n", fmt.Sprintf("line %d: a task more makes the journey too large: its cards hold 1,000,001 emotion scores", model.MaxScoresPerJourney/4+3))
}
