package interchange

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"waymark/model"
)

// The examples of Mermaid's documentation (docs/syntax/userJourney.md), its
// parser and database tests (parser/journey.spec.js, journeyDb.spec.ts) and
// its rendering tests (cypress/integration/rendering/journey.spec.js).
// want lists, per stage, its cards as "title: persona=score,...".
var mermaidExamples = []struct {
	name        string
	text        string
	title       string // journey title
	project     string // project name
	description string
	stages      []string
	want        []string
}{
	{
		name: "docs: my working day",
		text: `journey
    title My working day
    section Go to work
      Make tea: 5: Me
      Go upstairs: 3: Me
      Do work: 1: Me, Cat
    section Go home
      Go downstairs: 5: Me
      Sit down: 5: Me
`,
		title: "My working day", project: "My working day",
		stages: []string{"Go to work", "Go home"},
		want: []string{"Go to work / Make tea: Me=5", "Go to work / Go upstairs: Me=3", "Go to work / Do work: Me=1,Cat=1",
			"Go home / Go downstairs: Me=5", "Go home / Sit down: Me=5"},
	},
	{
		name:  "spec: title",
		text:  "journey\ntitle Adding journey diagram functionality to mermaid",
		title: "Adding journey diagram functionality to mermaid", project: "Adding journey diagram functionality to mermaid",
	},
	{
		name:  "spec: accDescr",
		text:  "journey\naccDescr: A user journey for family shopping\ntitle Adding journey diagram functionality to mermaid\nsection Order from website",
		title: "Adding journey diagram functionality to mermaid", project: "Adding journey diagram functionality to mermaid",
		description: "A user journey for family shopping",
		stages:      []string{"Order from website"},
	},
	{
		name: "spec: multi-line accDescr",
		text: "journey\n" + `accDescr {
        A user journey for
        family shopping
      }` + "title Adding journey diagram functionality to mermaid\n" +
			"accTitle: Adding acc journey diagram functionality to mermaid\n" +
			"section Order from website",
		title:       "Adding journey diagram functionality to mermaid",
		project:     "Adding acc journey diagram functionality to mermaid",
		description: "A user journey for\nfamily shopping",
		stages:      []string{"Order from website"},
	},
	{
		name:  "spec: accTitle",
		text:  "journey\n    accTitle: The title\n    section Order from website",
		title: "The title", project: "The title",
		stages: []string{"Order from website"},
	},
	{
		name:  "spec: section",
		text:  "journey\ntitle Adding journey diagram functionality to mermaid\nsection Order from website",
		title: "Adding journey diagram functionality to mermaid", project: "Adding journey diagram functionality to mermaid",
		stages: []string{"Order from website"},
	},
	{
		name:  "spec: multi-line section titles",
		text:  "journey\ntitle Adding gantt diagram functionality to mermaid\nsection Line1<br>Line2<br/>Line3</br />Line4<br\t/>Line5",
		title: "Adding gantt diagram functionality to mermaid", project: "Adding gantt diagram functionality to mermaid",
		// Mermaid splits at <br\s*/?>; "</br />" is not one of them.
		stages: []string{"Line1\nLine2\nLine3</br />Line4\nLine5"},
	},
	{
		name: "spec: tasks",
		text: "journey\n" +
			"title Adding journey diagram functionality to mermaid\n" +
			"section Documentation\n" +
			"A task: 5: Alice, Bob, Charlie\n" +
			"B task: 3:Bob, Charlie\n" +
			"C task: 5\n" +
			"D task: 5: Charlie, Alice\n" +
			"E task: 5:\n" +
			"section Another section\n" +
			"P task: 5:\n" +
			"Q task: 5:\n" +
			"R task: 5:",
		title: "Adding journey diagram functionality to mermaid", project: "Adding journey diagram functionality to mermaid",
		stages: []string{"Documentation", "Another section"},
		want: []string{
			"Documentation / A task: Alice=5,Bob=5,Charlie=5",
			"Documentation / B task: Bob=3,Charlie=3",
			"Documentation / C task: Everyone=5",
			"Documentation / D task: Alice=5,Charlie=5",
			"Documentation / E task: Everyone=5",
			"Another section / P task: Everyone=5",
			"Another section / Q task: Everyone=5",
			"Another section / R task: Everyone=5",
		},
	},
	{
		name: "db spec: family shopping",
		text: `journey
accTitle: Shopping
accDescr: A user journey for family shopping
section Journey to the shops
Get car keys:5:Dad
Go to car:3:Dad, Mum, Child#1, Child#2
Drive to supermarket:4:Dad
section Do shopping
Go shopping:5:Mum`,
		title: "Shopping", project: "Shopping", description: "A user journey for family shopping",
		stages: []string{"Journey to the shops", "Do shopping"},
		want: []string{
			"Journey to the shops / Get car keys: Dad=5",
			"Journey to the shops / Go to car: Dad=3,Mum=3,Child#1=3,Child#2=3",
			"Journey to the shops / Drive to supermarket: Dad=4",
			"Do shopping / Go shopping: Mum=5",
		},
	},
	{
		name:  "rendering: simple",
		text:  "journey\ntitle Adding journey diagram functionality to mermaid\nsection Order from website\n    ",
		title: "Adding journey diagram functionality to mermaid", project: "Adding journey diagram functionality to mermaid",
		stages: []string{"Order from website"},
	},
	{
		name: "rendering: indented after a blank line",
		text: `
    journey
    title My working day
    section Go to work
      Make tea: 5: Me
      Go upstairs: 3: Me
      Do work: 1: Me, Cat
    section Go home
      Go downstairs: 5: Me
      Sit down: 3: Me
      `,
		title: "My working day", project: "My working day",
		stages: []string{"Go to work", "Go home"},
		want: []string{"Go to work / Make tea: Me=5", "Go to work / Go upstairs: Me=3", "Go to work / Do work: Me=1,Cat=1",
			"Go home / Go downstairs: Me=5", "Go home / Sit down: Me=3"},
	},
	{
		name: "rendering: e-commerce",
		text: `journey
title E-Commerce
section Order from website
  Add to cart: 5: Me
section Checkout from website
  Add payment details: 5: Me
    `,
		title: "E-Commerce", project: "E-Commerce",
		stages: []string{"Order from website", "Checkout from website"},
		want:   []string{"Order from website / Add to cart: Me=5", "Checkout from website / Add payment details: Me=5"},
	},
	{
		name: "rendering: front matter, tasks without actors",
		text: `
      ---
      config:
        journey:
          maxLabelWidth: 320
      ---
      journey
        title User Journey Example
        section Onboarding
            Sign Up: 5:
            Browse Features: 3:
            Use Core Functionality: 4:
        section Engagement
            Browse Features: 3
            Use Core Functionality: 4
      `,
		title: "User Journey Example", project: "User Journey Example",
		stages: []string{"Onboarding", "Engagement"},
		want: []string{"Onboarding / Sign Up: Everyone=5", "Onboarding / Browse Features: Everyone=3",
			"Onboarding / Use Core Functionality: Everyone=4", "Engagement / Browse Features: Everyone=3",
			"Engagement / Use Core Functionality: Everyone=4"},
	},
	{
		name: "rendering: spaces around colons, a section twice",
		text: `journey
      title  Web hook life cycle
      section Darkoob
        Make preBuilt:5: Darkoob user
        register slug : 5: Darkoob userf deliberately increasing the size of this label to check if distance between legend and diagram is  maintained
        Map slug to a Prebuilt Job:5: Darkoob user
      section External Service
        set Darkoob slug as hook for an Event : 5 : admin Exjjjnjjjj qwerty
        listen to the events : 5 :  External Service
        call darkoob endpoint : 5 : External Service
      section Darkoob
        check for inputs : 5 : DarkoobAPI
        run the prebuilt job : 5 : DarkoobAPI
        `,
		title: "Web hook life cycle", project: "Web hook life cycle",
		stages: []string{"Darkoob", "External Service", "Darkoob"},
		want: []string{
			"Darkoob / Make preBuilt: Darkoob user=5",
			"Darkoob / register slug: Darkoob userf deliberately increasing the size of this label to check if distance between legend and diagram is  maintained=5",
			"Darkoob / Map slug to a Prebuilt Job: Darkoob user=5",
			"External Service / set Darkoob slug as hook for an Event: admin Exjjjnjjjj qwerty=5",
			"External Service / listen to the events: External Service=5",
			"External Service / call darkoob endpoint: External Service=5",
			"Darkoob / check for inputs: DarkoobAPI=5",
			"Darkoob / run the prebuilt job: DarkoobAPI=5",
		},
	},
	{
		name: "rendering: long word",
		text: `
      ---
      config:
        journey:
          maxLabelWidth: 100
      ---
      journey
        title Long Word Test
        section Test
          VeryLongWord: 5: Supercalifragilisticexpialidocious
      `,
		title: "Long Word Test", project: "Long Word Test", stages: []string{"Test"},
		want: []string{"Test / VeryLongWord: Supercalifragilisticexpialidocious=5"},
	},
	{
		name: "rendering: title styling front matter",
		text: `---
config:
  journey:
    titleColor: "#2900A5"
    titleFontFamily: "Times New Roman"
    titleFontSize: "5rem"
---

journey
    title User Journey Example
    section Onboarding
        Sign Up: 5: John, Shahir
        Complete Profile: 4: John
    section Engagement
        Browse Features: 3: John
        Use Core Functionality: 4: John
    section Retention
        Revisit Application: 5: John
        Invite Friends: 3: John

    `,
		title: "User Journey Example", project: "User Journey Example",
		stages: []string{"Onboarding", "Engagement", "Retention"},
		want: []string{"Onboarding / Sign Up: John=5,Shahir=5", "Onboarding / Complete Profile: John=4",
			"Engagement / Browse Features: John=3", "Engagement / Use Core Functionality: John=4",
			"Retention / Revisit Application: John=5", "Retention / Invite Friends: John=3"},
	},
	{
		name: "rendering: valid score 4, accDescr with a colon",
		text: `
      journey
      accTitle: simple journey demo
      accDescr: 2 main sections: work and home, each with just a few tasks

      section Go to work
        Make tea: 4: Me
        Go upstairs: 3: Me
      section Go home
        Go downstairs: 5: Me
        Sit down: 2: Me
    `,
		title: "simple journey demo", project: "simple journey demo",
		description: "2 main sections: work and home, each with just a few tasks",
		stages:      []string{"Go to work", "Go home"},
		want: []string{"Go to work / Make tea: Me=4", "Go to work / Go upstairs: Me=3",
			"Go home / Go downstairs: Me=5", "Go home / Sit down: Me=2"},
	},
}

// TestMermaidExamples: every example of Mermaid's own documentation and
// tests imports with the right titles, sections, tasks, scores and actors,
// and survives export → import unchanged.
func TestMermaidExamples(t *testing.T) {
	for _, ex := range mermaidExamples {
		t.Run(ex.name, func(t *testing.T) {
			p, warnings := importMermaid(t, ex.text)
			if len(warnings) != 0 {
				t.Errorf("warnings: %q", warnings)
			}
			if len(p.Journeys) != 1 {
				t.Fatalf("%d journeys", len(p.Journeys))
			}
			j := p.Journeys[0]
			if j.Title != ex.title || p.Name != ex.project || j.Description != ex.description {
				t.Errorf("title %q, project %q, description %q; want %q, %q, %q", j.Title, p.Name, j.Description, ex.title, ex.project, ex.description)
			}
			if p.Scale != model.ScaleFive {
				t.Errorf("scale %s", p.Scale)
			}
			if got := stageNames(j); !slices.Equal(got, ex.stages) {
				t.Errorf("stages %q, want %q", got, ex.stages)
			}
			if len(j.Lanes) != 2 || j.Lanes[0].Kind != model.LaneActions || j.Lanes[1].Kind != model.LaneEmotions {
				t.Errorf("lanes %+v", j.Lanes)
			}
			c := j.Clone()
			model.SortTouchpoints(c)
			var got []string
			for _, tp := range c.Touchpoints {
				if tp.LaneID != j.Lanes[0].ID {
					t.Errorf("card %q is not in the Actions lane", tp.Title)
				}
				got = append(got, fmt.Sprintf("%s / %s: %s", c.Stage(tp.StageID).Name, tp.Title, scores(p, j, tp)))
			}
			if !slices.Equal(got, ex.want) {
				t.Errorf("cards:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(ex.want, "\n"))
			}

			text, _ := exportMermaid(t, p, j)
			again, _ := importMermaid(t, text)
			if a, b := canonical(t, p), canonical(t, again); a != b {
				t.Errorf("export → import changed the map.\nexported:\n%s\nfirst:\n%s\nagain:\n%s", text, a, b)
			}
		})
	}
}

// TestMermaidSyntax covers what the examples do not: comments, directives,
// character codes, keywords in any case, tasks before the first section,
// score 0.
func TestMermaidSyntax(t *testing.T) {
	p, warnings := importMermaid(t, "\ufeff%% leading comment\r\n"+
		"%%{init: {'theme': 'forest'}}%%\r\n"+
		"%%{\r\n  init: {}\r\n}%%\r\n"+
		"JOURNEY %% trailing comment\r\n"+
		"Title   Ten#58;30 meeting # a comment\r\n"+
		"Early task: 2: Ana #1 fan\r\n"+
		"\tSECTION Before  %% comment\r\n"+
		"  %% a comment line\r\n"+
		"  Pay #35;1 bill #59; done: 0: Ana, Bo#44;b, Ana\r\n"+
		"  Check#quot;s#quot;: 4\r\n"+
		"  accDescr { one line } \r\n")
	j := p.Journeys[0]
	if j.Title != "Ten:30 meeting" {
		t.Errorf("title %q", j.Title)
	}
	if j.Description != "one line" {
		t.Errorf("description %q", j.Description)
	}
	want := []string{"(no section) / Early task", "Before / Pay #1 bill ; done", `Before / Check"s"`}
	if got := cards(j); !slices.Equal(got, want) {
		t.Errorf("cards %q, want %q", got, want)
	}
	if got := personaNames(p); !slices.Equal(got, []string{"Ana", "Bo,b", "Everyone"}) {
		t.Errorf("personas %q", got)
	}
	if s := scores(p, j, touchpoint(t, j, "Pay #1 bill ; done")); s != "Ana=1,Bo,b=1" {
		t.Errorf("scores %q", s)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "line 11: ") || !strings.Contains(warnings[0], "score 0, read as 1") {
		t.Errorf("warnings %q", warnings)
	}
}

// TestMermaidErrors: a malformed line is one sentence naming its line and
// what was expected.
func TestMermaidErrors(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"journey\ntitle T\nsection A\n  Make tea\n", "line 4: expected `Task name: score: actors`, got \"Make tea\""},
		{"journey\nsection Go to work\n  Make tea: Hello: Me\n", "line 3: task \"Make tea\" has the score \"Hello\"; a score is a whole number from 1 to 5"},
		{"journey\nsection Go to work\n  Make tea: -10: Me\n", "line 3: task \"Make tea\" has the score \"-10\"; a score is a whole number from 1 to 5"},
		{"journey\nsection Go to work\n  Make tea: 23: Me\n", "line 3: task \"Make tea\" has the score \"23\""},
		{"journey\nsection Go to work\n  Make tea: 4.5: Me\n", "line 3: task \"Make tea\" has the score \"4.5\""},
		{"journey\nsection A\n  Make tea: : Me\n", "line 3: expected `Task name: score: actors`, got \"Make tea: : Me\": the task has no score"},
		{"journey\nsection A\n  : 5: Me\n", "line 3: expected `Task name: score: actors`, got \": 5: Me\": the task has no name"},
		{"journey\nsection A\n  Tea: 5: Me: You\n", "line 3: expected `Task name: score: actors`, got \"Tea: 5: Me: You\": a task has at most two \":\""},
		{"journey\nsection A: B\n", "line 2: expected `section Name`, got \"section A: B\": a section name cannot hold \":\""},
		{"journey\nsection A\n  Tea: 5: Me; You\n", "line 3: a Mermaid journey does not allow \";\" here"},
		{"journey\ntitle\n", "line 2: expected a title after \"title\""},
		{"journey\nsection\n", "line 2: expected a section name after \"section\""},
		{"journey\nsection A\njourney\n", "line 3: `journey` appears a second time"},
		{"\n\nflowchart TD\n  A --> B\n", "line 3: expected `journey` to start a Mermaid user journey, got \"flowchart\""},
		{"journey\naccDescr {\n  never closed\n", "line 2: the accDescr { that starts here is never closed with }"},
		{"---\ntitle: x\njourney\n", "line 1: the front matter that starts here is never closed with ---"},
		{"journey\n%%{init:\n", "line 2: the %%{ directive that starts here is never closed with }%%"},
		{"%% only a comment\n", "it is empty"},
		{"journey\nsection A\n  Task #1: 5\n", "line 3: expected `Task name: score: actors`, got \"Task\""},
	} {
		_, _, err := ImportMermaid(strings.NewReader(c.text), ImportOptions{})
		if err == nil {
			t.Errorf("%q: no error, want %q", c.text, c.want)
			continue
		}
		if !strings.HasPrefix(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q:\n got %q\nwant %q", c.text, err, c.want)
		}
		var le *Error
		if strings.HasPrefix(c.want, "line ") && !errors.As(err, &le) {
			t.Errorf("%q: %T is not an *Error", c.text, err)
		}
	}
}

// TestMermaidFrontMatterTitle: the front matter's title is the journey's,
// unless a title statement follows.
func TestMermaidFrontMatterTitle(t *testing.T) {
	p, _ := importMermaid(t, "---\ntitle: \"Quoted: title\"\nconfig:\n  title: nested\n---\njourney\nsection A\n")
	if p.Journeys[0].Title != "Quoted: title" {
		t.Errorf("title %q", p.Journeys[0].Title)
	}
	p, _ = importMermaid(t, "---\ntitle: 'It''s mine' # comment\n---\njourney\n")
	if p.Journeys[0].Title != "It's mine" {
		t.Errorf("title %q", p.Journeys[0].Title)
	}
	p, _ = importMermaid(t, "---\ntitle: From front matter\n---\njourney\ntitle From the diagram\n")
	if p.Journeys[0].Title != "From the diagram" {
		t.Errorf("title %q", p.Journeys[0].Title)
	}
	p, _ = importMermaid(t, "journey\nsection A\n")
	if p.Journeys[0].Title != "fallback" || p.Name != "fallback" {
		t.Errorf("untitled: %q, %q", p.Journeys[0].Title, p.Name)
	}
}

// TestMarkdown: the first mermaid block holding a journey is read, and
// errors give the Markdown file's line numbers.
func TestMarkdown(t *testing.T) {
	md := "# Research notes\n\n```mermaid\nflowchart TD\n  A --> B\n```\n\n" +
		"````text\n```mermaid\njourney\n```\n````\n\n" +
		"Our journey:\n\n```mermaid\njourney\n    title From Markdown\n    section Visit\n      Look around: 4: Me\n```\n"
	p, _, err := ImportMarkdown(strings.NewReader(md), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Journeys[0].Title != "From Markdown" || !slices.Equal(cards(p.Journeys[0]), []string{"Visit / Look around"}) {
		t.Errorf("read %q: %q", p.Journeys[0].Title, cards(p.Journeys[0]))
	}
	bad := "Intro\n\n~~~ mermaid-example\njourney\nsection A\n  Oops\n~~~\n"
	_, _, err = ImportMarkdown(strings.NewReader(bad), ImportOptions{})
	if err == nil || !strings.HasPrefix(err.Error(), "line 6: ") {
		t.Errorf("error %v, want line 6", err)
	}
	_, _, err = ImportMarkdown(strings.NewReader("# nothing here\n```go\nx\n```\n"), ImportOptions{})
	if err == nil || !strings.Contains(err.Error(), "no ```mermaid block") {
		t.Errorf("error %v", err)
	}
	// Export wraps the text in a block that reads back.
	var b bytes.Buffer
	if _, err := ExportMarkdown(&b, p, p.Journeys[0]); err != nil {
		t.Fatal(err)
	}
	again, _, err := ImportMarkdown(&b, ImportOptions{})
	if err != nil || canonical(t, again) != canonical(t, p) {
		t.Errorf("markdown round trip: %v", err)
	}
}

// TestMermaidExport checks the exported text of a map not made in Mermaid:
// converted and rounded scores, personas who differ, unscored cards,
// reserved characters, and that it reads back.
func TestMermaidExport(t *testing.T) {
	zoe := &model.Persona{ID: "p-zoe", Name: "Zoë"}
	max := &model.Persona{ID: "p-max", Name: "Max, Jr."}
	every := &model.Persona{ID: "p-every", Name: DefaultPersona}
	j := &model.Journey{ID: "j", Title: "Opening: an account", Description: "Two lines\nof description",
		PersonaIDs: []model.ID{"p-zoe", "p-max", "p-every"},
		Stages:     []*model.Stage{{ID: "s1", Name: "Discover"}, {ID: "s2", Name: "Apply: online\nor in branch"}, {ID: "s3", Name: "Empty"}},
		Lanes:      []*model.Lane{{ID: "l1", Name: "Actions", Kind: model.LaneActions}, {ID: "l2", Name: "Thoughts", Kind: model.LaneThoughts}},
	}
	add := func(id, stage, lane string, order int, title string, emo map[model.ID]int) {
		j.Touchpoints = append(j.Touchpoints, &model.Touchpoint{ID: model.ID(id), StageID: model.ID(stage), LaneID: model.ID(lane),
			Order: order, Title: title, Emotions: emo})
	}
	add("t1", "s1", "l2", 0, "Is it safe?", nil)
	add("t2", "s1", "l1", 0, "Sees an ad", map[model.ID]int{"p-zoe": 5})
	add("t3", "s2", "l1", 0, "Step #1: fill in", map[model.ID]int{"p-zoe": -3, "p-max": 4})
	add("t4", "s2", "l1", 1, "Title page", map[model.ID]int{"p-every": 0})
	add("t5", "s2", "l1", 2, "100%% sure; <br> literal", map[model.ID]int{"p-zoe": 5, "p-max": 5})
	p := &model.Project{ID: "p", Name: "Northwind", Scale: model.ScaleBipolar5,
		Personas: []*model.Persona{zoe, max, every}, Journeys: []*model.Journey{j}}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	text, warnings := exportMermaid(t, p, j)
	want := `journey
    title Opening: an account
    accTitle: Northwind
    accDescr {
        Two lines
        of description
    }
    %% Emotion scores converted from the project's -5..+5 scale to Mermaid's 1..5.
    section Discover
      Sees an ad: 5: Zoë
      %% not a task, no persona scored it: Thoughts: Is it safe?
    section Apply#58; online<br>or in branch
      %% rounded from -5..+5 to 1..5: Zoë -3 is 1.8, rounded to 2; Max, Jr. +4 is 4.6, rounded to 5
      %% personas differ (Zoë 2, Max, Jr. 5); Mermaid has one score per task: their average 3.5 rounded to 4
      Step #35;1#58; fill in: 4: Zoë, Max#44; Jr.
      #84;itle page: 3
      100#37;#37; sure#59; #60;br> literal: 5: Zoë, Max#44; Jr.
    section Empty
`
	if text != want {
		t.Errorf("exported:\n%s\nwant:\n%s", text, want)
	}
	joined := strings.Join(warnings, "\n")
	for _, w := range []string{"2 scores were rounded converting from -5..+5", "1 task was scored differently",
		"1 card that no persona scored (\"Is it safe?\") is written as %% comments", "written with Mermaid's character codes"} {
		if !strings.Contains(joined, w) {
			t.Errorf("warnings lack %q:\n%s", w, joined)
		}
	}
	// It reads back with the names as they were.
	back, _ := importMermaid(t, text)
	bj := back.Journeys[0]
	if bj.Title != j.Title || back.Name != "Northwind" || bj.Description != "Two lines\nof description" {
		t.Errorf("read back %q %q %q", bj.Title, back.Name, bj.Description)
	}
	if got := stageNames(bj); !slices.Equal(got, []string{"Discover", "Apply: online\nor in branch", "Empty"}) {
		t.Errorf("stages %q", got)
	}
	wantCards := []string{"Discover / Sees an ad", "Apply: online\nor in branch / Step #1: fill in",
		"Apply: online\nor in branch / Title page", "Apply: online\nor in branch / 100%% sure; <br> literal"}
	if got := cards(bj); !slices.Equal(got, wantCards) {
		t.Errorf("cards %q", got)
	}
	if got := personaNames(back); !slices.Equal(got, []string{"Zoë", "Max, Jr.", "Everyone"}) {
		t.Errorf("personas %q", got)
	}
}

// TestMermaidExportFivePointScale: on 1..5 nothing is converted or rounded,
// and the comment about conversion is absent.
func TestMermaidExportFivePointScale(t *testing.T) {
	p, _ := importMermaid(t, mermaidExamples[0].text)
	text, warnings := exportMermaid(t, p, p.Journeys[0])
	if strings.Contains(text, "%%") || len(warnings) != 0 {
		t.Errorf("unexpected comments or warnings:\n%s\n%q", text, warnings)
	}
	if !strings.Contains(text, "      Do work: 1: Me, Cat\n") {
		t.Errorf("export:\n%s", text)
	}
}
