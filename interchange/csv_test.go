package interchange

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"waymark/assets"
	"waymark/model"
)

// journeyText renders everything a CSV carries of a journey, names instead
// of IDs, cards in reading order, so that two journeys compare as text.
func journeyText(p *model.Project, j *model.Journey) string {
	var b strings.Builder
	fmt.Fprintf(&b, "journey %q, scale %s\n", j.Title, p.Scale)
	for _, id := range j.PersonaIDs {
		fmt.Fprintf(&b, "persona %q\n", p.Persona(id).Name)
	}
	for _, s := range j.Stages {
		fmt.Fprintf(&b, "stage %q\n", s.Name)
	}
	for _, l := range j.Lanes {
		fmt.Fprintf(&b, "lane %q %s\n", l.Name, l.Kind)
	}
	c := j.Clone()
	model.SortTouchpoints(c)
	for _, t := range c.Touchpoints {
		fmt.Fprintf(&b, "card %q / %q #%d %q notes=%q channel=%q emotions=[%s] pain=%v opp=%v mot=%v owner=%q tags=%q evidence=%q links=%q confidence=%q colour=%q impact=%d effort=%d\n",
			c.Stage(t.StageID).Name, c.Lane(t.LaneID).Name, t.Order, t.Title, t.Notes, t.Channel, scores(p, j, t),
			t.PainPoint, t.Opportunity, t.MomentOfTruth, t.Owner, t.Tags, t.Evidence, t.EvidenceLinks, t.Confidence, t.Color, t.Impact, t.Effort)
	}
	return b.String()
}

func exportCSV(t *testing.T, p *model.Project, j *model.Journey, bom bool) (string, []string) {
	t.Helper()
	var b bytes.Buffer
	warnings, err := ExportCSV(&b, p, j, ExportOptions{BOM: bom})
	if err != nil {
		t.Fatal(err)
	}
	return b.String(), warnings
}

func importCSV(t *testing.T, text string, opt ImportOptions) (*model.Project, []string) {
	t.Helper()
	p, warnings, err := ImportCSV(strings.NewReader(text), opt)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, text)
	}
	return p, warnings
}

// TestCSVRoundTripSample: export → import gives every journey of the sample
// back, field for field.
func TestCSVRoundTripSample(t *testing.T) {
	p := assets.Sample()
	for _, j := range p.Journeys {
		t.Run(j.Title, func(t *testing.T) {
			text, warnings := exportCSV(t, p, j, false)
			if len(warnings) != 0 {
				t.Errorf("warnings: %q", warnings)
			}
			back, warnings := importCSV(t, text, ImportOptions{})
			if len(warnings) != 0 {
				t.Errorf("import warnings: %q", warnings)
			}
			if len(back.Journeys) != 1 {
				t.Fatalf("%d journeys", len(back.Journeys))
			}
			if a, b := journeyText(p, j), journeyText(back, back.Journeys[0]); a != b {
				t.Errorf("round trip changed the journey:\n--- original\n%s--- imported\n%s", a, b)
			}
			if back.Name != j.Title {
				t.Errorf("project name %q", back.Name)
			}
		})
	}
}

// trickyProject has what a CSV finds hard: an empty stage, a lane first used
// late, commas, quotes, line breaks, formulas, accents, a persona named like
// a column.
func trickyProject() *model.Project {
	zoe := &model.Persona{ID: "p-zoe", Name: "Zoë Müller"}
	owner := &model.Persona{ID: "p-owner", Name: "Owner"}
	j := &model.Journey{ID: "j", Title: "Ouverture d'un compte, « en ligne »", PersonaIDs: []model.ID{"p-zoe", "p-owner"},
		Stages: []*model.Stage{{ID: "s1", Name: "Découvrir"}, {ID: "s2", Name: "Empty"}, {ID: "s3", Name: "Payer;\nvite"}},
		Lanes: []*model.Lane{{ID: "l1", Name: "Actions", Kind: model.LaneActions}, {ID: "l2", Name: "Thoughts", Kind: model.LaneThoughts},
			{ID: "l3", Name: "Backstage", Kind: model.LaneBackstage}},
	}
	j.Touchpoints = []*model.Touchpoint{
		{ID: "t1", StageID: "s1", LaneID: "l1", Order: 0, Title: "=HYPERLINK(\"http://x\")", Notes: "Line one\nline \"two\", with comma",
			Channel: "web", Emotions: map[model.ID]int{"p-zoe": -5, "p-owner": 4}, PainPoint: true, MomentOfTruth: true,
			Owner: "@team", Tags: []string{"kyc", "trust"}, Evidence: "-2 dB drop", EvidenceLinks: []string{"https://example.org/a?x=1,2", "https://example.org/b"},
			Confidence: model.Validated, Color: "#aabbcc", Impact: 5, Effort: 1},
		{ID: "t2", StageID: "s1", LaneID: "l1", Order: 1, Title: "'=already quoted", Tags: []string{"one, two"}, Opportunity: true,
			Emotions: map[model.ID]int{"p-zoe": 0}, Impact: 3},
		{ID: "t3", StageID: "s1", LaneID: "l3", Order: 0, Title: "Checks run", Confidence: model.Assumption},
		{ID: "t4", StageID: "s3", LaneID: "l2", Order: 0, Title: "+1 for speed", Emotions: map[model.ID]int{"p-owner": -1}},
		{ID: "t5", StageID: "s3", LaneID: "l2", Order: 1, Title: "Ça marche", Notes: "  indented\n"},
	}
	return &model.Project{ID: "p", Name: "Tricky", Scale: model.ScaleBipolar5,
		Personas: []*model.Persona{zoe, owner}, Journeys: []*model.Journey{j}}
}

// TestCSVRoundTripTricky: the same for the hard cases, with and without a
// byte order mark; formulas are defused in the file.
func TestCSVRoundTripTricky(t *testing.T) {
	p := trickyProject()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	j := p.Journeys[0]
	for _, bom := range []bool{false, true} {
		text, warnings := exportCSV(t, p, j, bom)
		if len(warnings) != 0 {
			t.Errorf("warnings: %q", warnings)
		}
		if got := strings.HasPrefix(text, "\ufeff"); got != bom {
			t.Errorf("BOM %v, want %v", got, bom)
		}
		back, _ := importCSV(t, text, ImportOptions{})
		if a, b := journeyText(p, j), journeyText(back, back.Journeys[0]); a != b {
			t.Errorf("BOM %v: round trip changed the journey:\n--- original\n%s--- imported\n%s\n--- csv\n%s", bom, a, b, text)
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(text, "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		header := strings.Join(recs[0], "|")
		if header != "journey|stage|lane|order|title|notes|channel|emotion: Zoë Müller (-5..+5)|emotion: Owner (-5..+5)|"+
			"pain point|opportunity|moment of truth|owner|tags|evidence|evidence links|confidence|colour|impact|effort" {
			t.Errorf("header %s", header)
		}
		// Three declaration rows keep the empty stage and the lane order.
		if len(recs) != 1+3+5 || recs[2][1] != "Empty" || recs[2][4] != "" {
			t.Errorf("rows: %q", recs)
		}
		for _, r := range recs[1:] {
			for _, cell := range r {
				if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) && !isNumber(cell) {
					t.Errorf("cell %q would be a formula", cell)
				}
			}
		}
	}
}

func isNumber(s string) bool {
	_, err := fmt.Sscanf(s, "%d", new(int))
	return err == nil && !strings.ContainsAny(s, " ")
}

// TestCSVExcelStyle: what Excel writes in a semicolon locale (BOM, ";",
// CRLF, accents, its own header spellings) imports.
func TestCSVExcelStyle(t *testing.T) {
	text := "\ufeffJourney;Stage;Lane;Title;Notes;Emotion: Zoë;Emotion: Graham;Pain_Point;Tags;Color\r\n" +
		"Ouvrir un compte;Découvrir;Customer actions;Voit une publicité;\"Notes; with a semicolon\r\nand a line\";2;-1;yes;\"kyc, trust\";#FFAA00\r\n" +
		"Ouvrir un compte;Découvrir;Pensées;« Est-ce sûr ? »;;0;;;;\r\n" +
		";;;;;;;;;\r\n" +
		"Ouvrir un compte;Vérifier;Customer actions;Envoie son passeport;;−2;-2;no;;\r\n"
	p, warnings := importCSV(t, text, ImportOptions{})
	j := p.Journeys[0]
	if j.Title != "Ouvrir un compte" || !slices.Equal(stageNames(j), []string{"Découvrir", "Vérifier"}) {
		t.Errorf("journey %q, stages %q", j.Title, stageNames(j))
	}
	if got := personaNames(p); !slices.Equal(got, []string{"Zoë", "Graham"}) {
		t.Errorf("personas %q", got)
	}
	if p.Scale != model.ScaleBipolar2 || len(warnings) != 1 || !strings.Contains(warnings[0], "read on -2..+2") {
		t.Errorf("scale %s, warnings %q", p.Scale, warnings)
	}
	if j.Lanes[0].Kind != model.LaneActions || j.Lanes[1].Kind != model.LaneCustom {
		t.Errorf("lanes %+v %+v", j.Lanes[0], j.Lanes[1])
	}
	ad := touchpoint(t, j, "Voit une publicité")
	if ad.Notes != "Notes; with a semicolon\nand a line" || !ad.PainPoint || !slices.Equal(ad.Tags, []string{"kyc", "trust"}) ||
		ad.Color != "#ffaa00" || scores(p, j, ad) != "Zoë=2,Graham=-1" {
		t.Errorf("card %+v, scores %s", ad, scores(p, j, ad))
	}
	if s := scores(p, j, touchpoint(t, j, "Envoie son passeport")); s != "Zoë=-2,Graham=-2" {
		t.Errorf("scores with a Unicode minus: %s", s)
	}

	// The same as Windows-1252 (Excel's plain "CSV"), and as UTF-16 text
	// with tabs (Excel's "Unicode text").
	var cp []byte
	for _, r := range strings.TrimPrefix(strings.ReplaceAll(text, "−", "-"), "\ufeff") {
		switch r {
		case '«':
			cp = append(cp, 0xAB)
		case '»':
			cp = append(cp, 0xBB)
		default:
			if r > 0xFF {
				t.Fatalf("%q is not in Windows-1252", r)
			}
			cp = append(cp, byte(r))
		}
	}
	p2, warnings, err := ImportCSV(bytes.NewReader(cp), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if journeyText(p2, p2.Journeys[0]) != journeyText(p, j) || !strings.Contains(strings.Join(warnings, " "), "Windows-1252") {
		t.Errorf("Windows-1252: %s\nwarnings %q", journeyText(p2, p2.Journeys[0]), warnings)
	}
	u := utf16.Encode([]rune(strings.ReplaceAll(strings.ReplaceAll(text, ";", "\t"), "Notes\t with", "Notes; with")))
	le := make([]byte, 0, 2*len(u))
	for _, c := range u {
		le = append(le, byte(c), byte(c>>8))
	}
	le[0], le[1] = 0xFF, 0xFE // the BOM, in UTF-16
	p3, _, err := ImportCSV(bytes.NewReader(le), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if journeyText(p3, p3.Journeys[0]) != journeyText(p, j) {
		t.Errorf("UTF-16: %s", journeyText(p3, p3.Journeys[0]))
	}
}

// TestCSVByHand: a workshop sheet with few columns, sep=, rows out of
// order, two journeys.
func TestCSVByHand(t *testing.T) {
	text := "sep=,\nStage,Title,Order,Journey,emotion: Ana\n" +
		"Visit,Second,1,Shop,3\n" +
		"Visit,First,0,Shop,4\n" +
		"Visit,Last,,Shop,\n" +
		"Pay,Card,,Bank,1\n"
	p, _ := importCSV(t, text, ImportOptions{Name: "workshop"})
	if len(p.Journeys) != 2 || p.Name != "workshop" || p.Scale != model.ScaleFive {
		t.Fatalf("%d journeys, name %q, scale %s", len(p.Journeys), p.Name, p.Scale)
	}
	if got := cards(p.Journeys[0]); !slices.Equal(got, []string{"Visit / First", "Visit / Second", "Visit / Last"}) {
		t.Errorf("cards %q", got)
	}
	if l := p.Journeys[0].Lanes; len(l) != 1 || l[0].Name != "Actions" || l[0].Kind != model.LaneActions {
		t.Errorf("lanes %+v", l)
	}
	if p.Journeys[1].Title != "Bank" || !p.Journeys[1].HasPersona(p.Personas[0].ID) {
		t.Errorf("second journey %+v", p.Journeys[1])
	}
	// Scales detected from the scores.
	for _, c := range []struct {
		scores string
		want   model.Scale
	}{{"1 4", model.ScaleFive}, {"1 8", model.ScaleTen}, {"-1 2", model.ScaleBipolar2}, {"0 4", model.ScaleBipolar5}, {"-4 1", model.ScaleBipolar5}} {
		in := "stage,title,emotion: A\n"
		for i, s := range strings.Fields(c.scores) {
			in += fmt.Sprintf("S,T%d,%s\n", i, s)
		}
		p, _ := importCSV(t, in, ImportOptions{})
		if p.Scale != c.want {
			t.Errorf("scores %s: scale %s, want %s", c.scores, p.Scale, c.want)
		}
	}
	// A given scale wins over the headers' and reads scores as they are.
	p, warnings := importCSV(t, "stage,title,emotion: A (-2..+2)\nS,T,2\n", ImportOptions{Scale: model.ScaleFive})
	if p.Scale != model.ScaleFive || len(warnings) != 1 {
		t.Errorf("scale %s, warnings %q", p.Scale, warnings)
	}
}

// TestCSVErrors: a bad cell is one sentence naming its line and column.
func TestCSVErrors(t *testing.T) {
	rows := "journey,stage,lane,title,emotion: Zoë,emotion: Max\n"
	for i := 2; i <= 11; i++ {
		rows += fmt.Sprintf("J,S,Actions,Card %d,1,2\n", i)
	}
	for _, c := range []struct {
		text  string
		scale model.Scale
		want  string
	}{
		{rows + "J,S,Actions,Card 12,great,2\n", model.Scale{}, `line 12, column emotion: Zoë: "great" is not a number`},
		{rows + "J,S,Actions,Card 12,2.5,2\n", model.Scale{}, `line 12, column emotion: Zoë: "2.5" is not a whole number`},
		{rows + "J,S,Actions,Card 12,1,7\n", model.ScaleFive, `line 12, column emotion: Max: 7 is outside the emotion scale 1..5`},
		{rows + "J,S,Actions,Card 12,-3,7\n", model.Scale{}, `line 12, column emotion: Max: 7 is outside -5..+5, the widest emotion scale with room for the file's score -3`},
		{rows + "J,S,Actions,Card 12,1,12\n", model.Scale{}, `line 12, column emotion: Max: 12 is outside 1..10, the widest emotion scale`},
		{"stage,title,pain point\nS,T,maybe\n", model.Scale{}, `line 2, column pain point: "maybe" is not yes or no`},
		{"stage,title,confidence\nS,T,sure\n", model.Scale{}, `line 2, column confidence: "sure" is not assumption, anecdotal or validated`},
		{"stage,title,colour\nS,T,red\n", model.Scale{}, `line 2, column colour: "red" is not a #rrggbb colour`},
		{"stage,title,order\nS,T,first\n", model.Scale{}, `line 2, column order: "first" is not a whole number`},
		{"stage,title,impact\nS,T,9\n", model.Scale{}, `line 2, column impact: "9" is not a rating from 1 to 5 (leave it blank when not rated)`},
		{"stage,title,effort\nS,T,0\n", model.Scale{}, `line 2, column effort: "0" is not a rating from 1 to 5 (leave it blank when not rated)`},
		{"stage,title,impact,effort\nS,T,2,-1\n", model.Scale{}, `line 2, column effort: "-1" is not a rating from 1 to 5`},
		{"stage,title,impact\nS,T,high\n", model.Scale{}, `line 2, column impact: "high" is not a rating from 1 to 5`},
		{"stage,title,impact\nS,T,2.5\n", model.Scale{}, `line 2, column impact: "2.5" is not a rating from 1 to 5`},
		{"stage,title,impact\nS,,4\n", model.Scale{}, `line 2, column title: is empty, but the row has other fields of a card`},
		{"stage,title,notes\nS,,some notes\n", model.Scale{}, `line 2, column title: is empty, but the row has other fields of a card`},
		{"stage,title\n,T\n", model.Scale{}, `line 2, column stage: is empty; every card needs a stage`},
		{"stage,title,mood\nS,T,happy\n", model.Scale{}, `line 1: column "mood" is not one of journey, stage, lane`},
		{"stage,notes\nS,T\n", model.Scale{}, `line 1: the header has no "title" column`},
		{"stage,title,Title\n", model.Scale{}, `line 1, column title: the column appears twice`},
		{"stage,title,emotion: A (1..5),emotion: B (-2..+2)\n", model.Scale{}, `line 1: the emotion columns give different scales, 1..5 and -2..+2`},
		{"stage,title\nS,T\nS,\"unclosed\n", model.Scale{}, `line 3: extraneous or missing " in quoted-field`},
		{"stage,title\nS,T,extra\n", model.Scale{}, `line 2: the row has 3 fields, the header only 2`},
		{"stage,title,\nS,T,stray\n", model.Scale{}, `line 2, column 3: the column has no header`},
		{"", model.Scale{}, `it is empty`},
	} {
		_, _, err := ImportCSV(strings.NewReader(c.text), ImportOptions{Scale: c.scale})
		if err == nil {
			t.Errorf("no error, want %q", c.want)
			continue
		}
		if !strings.HasPrefix(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("got  %q\nwant %q", err, c.want)
		}
		var le *Error
		if strings.HasPrefix(c.want, "line ") && !errors.As(err, &le) {
			t.Errorf("%T is not an *Error", err)
		}
	}
}

// TestCSVExportWarnings: what a CSV cannot carry is said.
func TestCSVExportWarnings(t *testing.T) {
	p := trickyProject()
	j := p.Journeys[0]
	j.Lanes[2].Name = "Support"
	j.Stages[1].Name = "Découvrir"
	_, warnings := exportCSV(t, p, j, false)
	joined := strings.Join(warnings, "\n")
	for _, w := range []string{`"Support" (backstage)`, `2 stages are named "Découvrir"`} {
		if !strings.Contains(joined, w) {
			t.Errorf("warnings lack %q:\n%s", w, joined)
		}
	}
}

// A lane named like the behaviour lane stays one when empty, and is a
// lane of the user's own when the CSV puts cards in it.
func TestImportCSVBehaviourLane(t *testing.T) {
	p, _, err := ImportCSV(strings.NewReader("journey,stage,lane,title\nShop,Visit,Behaviour,\nShop,Visit,Customer behaviour,Browses\n"), ImportOptions{Name: "shop"})
	if err != nil {
		t.Fatal(err)
	}
	lanes := p.Journeys[0].Lanes
	if len(lanes) != 2 || lanes[0].Kind != model.LaneBehaviour || lanes[1].Kind != model.LaneCustom || len(p.Journeys[0].Touchpoints) != 1 {
		t.Errorf("lanes %v %v", lanes[0], lanes[1])
	}
}

func TestGuessLaneKind(t *testing.T) {
	for name, want := range map[string]model.LaneKind{
		"Customer actions": model.LaneActions, "Channels": model.LaneChannel, "Thoughts": model.LaneThoughts,
		"Feelings": model.LaneEmotions, "Pain points": model.LanePainPoints, "Opportunities": model.LaneOpportunities,
		"Frontstage": model.LaneStakeholders, "Backstage": model.LaneBackstage, "Support processes": model.LaneBackstage,
		"Physical evidence": model.LaneEvidence, "Notes": model.LaneCustom, "Behaviour": model.LaneBehaviour,
	} {
		if got := GuessLaneKind(name); got != want {
			t.Errorf("%q: %s, want %s", name, got, want)
		}
	}
}

// TestCSVImpactEffort: ratings travel in their two columns, blank when not
// rated; a spreadsheet without the columns (older, or by hand) leaves every
// card unrated, and either column may come alone.
func TestCSVImpactEffort(t *testing.T) {
	p := trickyProject()
	j := p.Journeys[0]
	text, _ := exportCSV(t, p, j, false)
	recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	impact, effort := len(recs[0])-2, len(recs[0])-1
	ratings := map[string][2]string{}
	for _, r := range recs[1:] {
		if r[4] != "" {
			ratings[r[4]] = [2]string{r[impact], r[effort]}
		}
	}
	for title, want := range map[string][2]string{`'=HYPERLINK("http://x")`: {"5", "1"}, "''=already quoted": {"3", ""}, "Checks run": {"", ""}} {
		if got := ratings[title]; got != want {
			t.Errorf("card %s: impact, effort %q, want %q", title, got, want)
		}
	}
	// The import gives them back (TestCSVRoundTripTricky compares every
	// field, ratings included).
	back, _ := importCSV(t, text, ImportOptions{})
	if c := back.Journeys[0].Touchpoints[0]; c.Impact != 5 || c.Effort != 1 {
		t.Errorf("%q came back rated %d/%d", c.Title, c.Impact, c.Effort)
	}

	older := "journey,stage,lane,title,pain point,confidence,colour\nJ,S,Actions,Card,yes,validated,#aabbcc\n"
	old, _ := importCSV(t, older, ImportOptions{})
	if c := old.Journeys[0].Touchpoints[0]; c.Impact != 0 || c.Effort != 0 || !c.PainPoint {
		t.Errorf("a card of an older spreadsheet is rated %d/%d", c.Impact, c.Effort)
	}
	byHand, _ := importCSV(t, "Stage;Title;Effort rating\nS;Quick;2\nS;Unrated; \n", ImportOptions{})
	got := byHand.Journeys[0].Touchpoints
	if got[0].Effort != 2 || got[0].Impact != 0 || got[1].Effort != 0 {
		t.Errorf("by hand: %d/%d and %d/%d", got[0].Impact, got[0].Effort, got[1].Impact, got[1].Effort)
	}
}
