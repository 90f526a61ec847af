package poster

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"waymark/assets"
	"waymark/canvas/geometry"
	"waymark/model"
)

var (
	painterOnce sync.Once
	testPainter *Painter
)

func painter(tb testing.TB) *Painter {
	tb.Helper()
	painterOnce.Do(func() {
		p, err := New(Fonts{Regular: assets.FontRegular, Bold: assets.FontBold})
		if err != nil {
			panic(err)
		}
		testPainter = p
	})
	return testPainter
}

// docOf lays out journey j (default the first) of p with the one layout.
func docOf(tb testing.TB, p *model.Project, j *model.Journey) Doc {
	tb.Helper()
	if j == nil {
		j = p.Journeys[0]
	}
	l := geometry.NewLayouter(geometry.DefaultStyle, painter(tb).Metrics()).Layout(p, j)
	return Doc{Project: p, Journey: j, Layout: l}
}

var testDate = time.Date(2025, 11, 22, 10, 0, 0, 0, time.UTC)

func opts(tb testing.TB, paper string) Options {
	tb.Helper()
	o := DefaultOptions()
	o.Date = testDate
	if paper != "" {
		pp, err := ParsePaper(paper)
		if err != nil {
			tb.Fatal(err)
		}
		o.Paper = pp
	}
	return o
}

// writePDF prints d to a file in dir and returns its path.
func writePDF(tb testing.TB, dir, name string, d Doc, o Options) (string, *Result) {
	tb.Helper()
	var buf bytes.Buffer
	res, err := painter(tb).WritePDF(context.Background(), &buf, d, o)
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path, res
}

func tool(tb testing.TB, name string, args ...string) string {
	tb.Helper()
	if _, err := exec.LookPath(name); err != nil {
		tb.Skipf("%s is not installed (make deps installs poppler-utils and qpdf)", name)
	}
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		tb.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

func sample(tb testing.TB) *model.Project {
	tb.Helper()
	return assets.Sample()
}

// reflectField returns the type of a struct field as Go writes it.
func reflectField(v any, name string) (string, bool) {
	f, ok := reflect.TypeOf(v).FieldByName(name)
	if !ok {
		return "", false
	}
	return f.Type.String(), true
}

// svgTexts parses an SVG with encoding/xml and returns the character data
// of its <text> elements and the d of its <path> elements.
func svgTexts(data []byte) (texts, paths []string, err error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var in bool
	var cur strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return texts, paths, nil
		}
		if err != nil {
			return nil, nil, err
		}
		switch e := tok.(type) {
		case xml.StartElement:
			if e.Name.Local == "text" {
				in = true
				cur.Reset()
			}
			if e.Name.Local == "path" {
				for _, a := range e.Attr {
					if a.Name.Local == "d" {
						paths = append(paths, a.Value)
					}
				}
			}
		case xml.CharData:
			if in {
				cur.Write(e)
			}
		case xml.EndElement:
			if e.Name.Local == "text" {
				in = false
				texts = append(texts, cur.String())
			}
		}
	}
}
