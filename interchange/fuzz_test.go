package interchange

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzMermaid: no input panics, and whatever imports survives export →
// import unchanged.
func FuzzMermaid(f *testing.F) {
	for _, ex := range mermaidExamples {
		f.Add(ex.text)
	}
	f.Add("journey\nsection A#58; b<br>c\n  T#35;1: 0: A#44; B, C\n  accDescr {\n x }title Y\n")
	f.Fuzz(func(t *testing.T, text string) {
		p, _, err := ImportMermaid(strings.NewReader(text), ImportOptions{})
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
			return
		}
		var b bytes.Buffer
		if _, err := ExportMermaid(&b, p, p.Journeys[0]); err != nil {
			t.Fatal(err)
		}
		again, _, err := ImportMermaid(&b, ImportOptions{})
		if err != nil {
			t.Fatalf("the export does not import: %v\ninput:\n%q\nexport:\n%s", err, text, b.String())
		}
		if canonical(t, p) != canonical(t, again) {
			t.Fatalf("export → import changed the map\ninput:\n%q\nexport:\n%s", text, b.String())
		}
	})
}

// FuzzCSV: no input panics, and whatever imports as one journey survives
// export → import unchanged.
func FuzzCSV(f *testing.F) {
	f.Add("stage,title,emotion: A\nS,T,2\n")
	f.Add("\ufeffStage;Title;Lane;Tags;Emotion: Zoë (1..5)\r\nS;\"a;b\";Pains;\"x, y\";3\r\n;;Thoughts;;\r\n")
	f.Add("sep=;\nstage;title;order;notes\nS;'=x;2;\"multi\nline\"\n")
	f.Fuzz(func(t *testing.T, text string) {
		p, _, err := ImportCSV(strings.NewReader(text), ImportOptions{})
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
			return
		}
		if len(p.Journeys) != 1 {
			return
		}
		j := p.Journeys[0]
		var b bytes.Buffer
		if _, err := ExportCSV(&b, p, j, ExportOptions{}); err != nil {
			t.Fatal(err)
		}
		again, _, err := ImportCSV(bytes.NewReader(b.Bytes()), ImportOptions{})
		if err != nil {
			t.Fatalf("the export does not import: %v\ninput:\n%q\nexport:\n%s", err, text, b.String())
		}
		if a, b2 := journeyText(p, j), journeyText(again, again.Journeys[0]); a != b2 {
			t.Fatalf("export → import changed the journey\ninput:\n%q\n%s\n---\n%s", text, a, b2)
		}
	})
}
