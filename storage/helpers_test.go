package storage

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"waymark/model"
)

var ctx = context.Background()

// testOptions keeps working copies inside the test's own temp dir.
func testOptions(t testing.TB) Options {
	return Options{DataDir: t.TempDir()}
}

// genPNG draws a small picture; alpha gives it transparency so that
// ImportImage keeps it as PNG, otherwise it becomes JPEG.
func genPNG(t testing.TB, w, h int, alpha bool) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			a := uint8(255)
			if alpha && (x+y)%7 == 0 {
				a = 80
			}
			img.Set(x, y, color.NRGBA{uint8(x * 255 / w), uint8(y * 255 / h), 120, a})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func importImage(t testing.TB, w, h int, alpha bool) *model.Image {
	im, err := model.ImportImage(genPNG(t, w, h, alpha))
	if err != nil {
		t.Fatal(err)
	}
	return im
}

// richProject sets every field the model has, in two journeys, with
// images, scores, tags, links and text that is awkward to store.
func richProject(t testing.TB) *model.Project {
	photo := importImage(t, 48, 40, true)    // PNG
	picture := importImage(t, 32, 24, false) // JPEG
	p := &model.Project{ID: model.NewID(), Name: "Checkout – «redesign» 2025", Scale: model.ScaleFive,
		Images: []*model.Image{photo, picture}}
	ana := &model.Persona{ID: model.NewID(), Name: "Ana the planner", Role: "Small-business owner",
		Quote: "\"I just want it to work.\"\nSecond line.", Goals: "Pay suppliers on time", Frustrations: "Hidden fees; slow support",
		PhotoID: photo.ID}
	ben := &model.Persona{ID: model.NewID(), Name: "Ben", Role: "Student", Quote: "", Goals: "Cheap", Frustrations: "Forms"}
	chloe := &model.Persona{ID: model.NewID(), Name: "Chloé 🧭", Role: "Accountant"}
	p.Personas = []*model.Persona{ana, ben, chloe}

	j := &model.Journey{ID: model.NewID(), Title: "Online checkout", Description: "From cart to receipt.\nIncludes returns.",
		PersonaIDs: []model.ID{ben.ID, ana.ID}}
	for i, name := range []string{"Discover", "Cart", "Pay", "Receipt"} {
		j.Stages = append(j.Stages, &model.Stage{ID: model.NewID(), Name: name, Description: "Stage " + name,
			Color: []string{"#ff8800", "", "#00AA11", "#123456"}[i]})
	}
	kinds := []model.LaneKind{model.LaneActions, model.LaneEmotions, model.LanePainPoints, model.LaneCustom, model.LaneEvidence}
	for i, k := range kinds {
		j.Lanes = append(j.Lanes, &model.Lane{ID: model.NewID(), Name: k.Label() + " lane", Kind: k, Hidden: i == 3})
	}
	n := 0
	for si, s := range j.Stages {
		for li, l := range j.Lanes {
			for o := 0; o < (si+li)%3+1; o++ {
				n++
				tp := &model.Touchpoint{ID: model.NewID(), StageID: s.ID, LaneID: l.ID, Order: o,
					Title:   fmt.Sprintf("Card %d: %s/%s", n, s.Name, l.Name),
					Notes:   fmt.Sprintf("Notes for card %d.\nSecond line with 'quotes' and \"double\" and ; DROP TABLE x;", n),
					Channel: []string{"web", "app", "phone"}[n%3], Owner: "Team " + s.Name,
					Emotions:  map[model.ID]int{ana.ID: 1 + n%5},
					PainPoint: n%2 == 0, Opportunity: n%3 == 0, MomentOfTruth: n%5 == 0,
					Evidence: "Interview #" + fmt.Sprint(n), Confidence: []model.Confidence{"", model.Assumption, model.Anecdotal, model.Validated}[n%4],
					Color: []string{"", "#abcdef"}[n%2]}
				if n%2 == 1 {
					tp.Emotions[ben.ID] = 5 - n%5
					tp.Tags = []string{"checkout", "tag " + fmt.Sprint(n%4)}
					tp.EvidenceLinks = []string{"https://example.com/research/" + fmt.Sprint(n), "file:///tmp/notes.txt"}
				}
				if n%3 == 0 {
					tp.Emotions[chloe.ID] = 3 // scored, though not attached: detached scores are kept
				}
				if n == 4 {
					tp.ImageID = picture.ID
				}
				j.Touchpoints = append(j.Touchpoints, tp)
			}
		}
	}
	j2 := &model.Journey{ID: model.NewID(), Title: "Returns", PersonaIDs: []model.ID{chloe.ID}}
	j2.Stages = []*model.Stage{{ID: model.NewID(), Name: "Request"}, {ID: model.NewID(), Name: "Refund"}}
	j2.Lanes = []*model.Lane{{ID: model.NewID(), Name: "Channel", Kind: model.LaneChannel}}
	j2.Touchpoints = []*model.Touchpoint{
		{ID: model.NewID(), StageID: j2.Stages[1].ID, LaneID: j2.Lanes[0].ID, Title: "Refund email"},
		{ID: model.NewID(), StageID: j2.Stages[0].ID, LaneID: j2.Lanes[0].ID, Title: "Return form", ImageID: photo.ID,
			Emotions: map[model.ID]int{chloe.ID: 2}},
	}
	j3 := &model.Journey{ID: model.NewID(), Title: "Empty journey"}
	p.Journeys = []*model.Journey{j, j2, j3}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	return p
}

// bigProject has one journey of 20 stages × 10 lanes × 50 cards = 10,000
// touchpoints with realistic text, scored by two personas.
func bigProject(t testing.TB) *model.Project {
	p := &model.Project{ID: model.NewID(), Name: "Large retail map", Scale: model.ScaleBipolar2}
	a := &model.Persona{ID: model.NewID(), Name: "Returning customer", Role: "Loyal shopper", Goals: "Quick reorder"}
	b := &model.Persona{ID: model.NewID(), Name: "First-time visitor", Role: "Comparing prices", Frustrations: "Shipping costs"}
	p.Personas = []*model.Persona{a, b}
	j := &model.Journey{ID: model.NewID(), Title: "Omnichannel purchase", PersonaIDs: []model.ID{a.ID, b.ID}}
	for s := 0; s < 20; s++ {
		j.Stages = append(j.Stages, &model.Stage{ID: model.NewID(), Name: fmt.Sprintf("Stage %d", s+1), Description: "What happens in this part of the journey"})
	}
	// Ten lanes of the kinds that hold cards.
	var kinds []model.LaneKind
	for _, k := range model.LaneKinds {
		if k.HoldsCards() {
			kinds = append(kinds, k)
		}
	}
	for l := 0; l < 10; l++ {
		k := kinds[l%len(kinds)]
		j.Lanes = append(j.Lanes, &model.Lane{ID: model.NewID(), Name: k.Label(), Kind: k})
	}
	n := 0
	for _, s := range j.Stages {
		for _, l := range j.Lanes {
			for o := 0; o < 50; o++ {
				n++
				j.Touchpoints = append(j.Touchpoints, &model.Touchpoint{ID: model.NewID(), StageID: s.ID, LaneID: l.ID, Order: o,
					Title:   fmt.Sprintf("Customer checks delivery options #%d", n),
					Notes:   "Customer compares delivery dates across two tabs, then asks support in chat whether express shipping covers the islands. Research round 3 found most people give up here.",
					Channel: "web", Owner: "Fulfilment", Tags: []string{"delivery", "research-3"},
					Evidence: "Usability test, participant 7", EvidenceLinks: []string{"https://wiki.example.com/research/round-3"},
					Confidence: model.Anecdotal, PainPoint: n%4 == 0,
					Emotions: map[model.ID]int{a.ID: n%5 - 2, b.ID: (n+2)%5 - 2}})
			}
		}
	}
	p.Journeys = []*model.Journey{j}
	return p
}

func encodeJSON(t testing.TB, p *model.Project) string {
	t.Helper()
	b, err := model.EncodeJSON(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// writeGood writes p as a new file and returns its path.
func writeGood(t testing.TB, p *model.Project, dir, name string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := WriteNew(ctx, p, path); err != nil {
		t.Fatal(err)
	}
	return path
}

// listing is a directory's names and sizes, to prove nothing was created
// or changed beside a file.
func listing(t testing.TB, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		fi, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s %d %v", e.Name(), fi.Size(), fi.IsDir()))
	}
	slices.Sort(out)
	return strings.Join(out, "\n")
}

// workingFiles lists what is left in the data dir's working folder.
func workingFiles(t testing.TB, opt Options) []string {
	t.Helper()
	entries, err := os.ReadDir(workingDir(opt.DataDir))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// rawExec changes a file with a plain SQLite connection, as someone
// crafting a hostile file would.
func rawExec(t testing.TB, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// pngHeader is a PNG that declares w × h pixels: signature, a valid IHDR
// with its CRC, an empty IDAT and IEND. Enough for image.DecodeConfig.
func pngHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		var n [4]byte
		n[0], n[1], n[2], n[3] = byte(len(data)>>24), byte(len(data)>>16), byte(len(data)>>8), byte(len(data))
		b.Write(n[:])
		crc := crc32.NewIEEE()
		crc.Write([]byte(typ))
		crc.Write(data)
		b.WriteString(typ)
		b.Write(data)
		s := crc.Sum32()
		b.Write([]byte{byte(s >> 24), byte(s >> 16), byte(s >> 8), byte(s)})
	}
	ihdr := []byte{byte(w >> 24), byte(w >> 16), byte(w >> 8), byte(w), byte(h >> 24), byte(h >> 16), byte(h >> 8), byte(h),
		8, 6, 0, 0, 0} // 8-bit RGBA, deflate, no filter, no interlace
	chunk("IHDR", ihdr)
	chunk("IDAT", nil)
	chunk("IEND", nil)
	return b.Bytes()
}

func contextWithCancel() (context.Context, context.CancelFunc) { return context.WithCancel(ctx) }

// loadConn loads the project of an open database the way checkAndLoad
// does, without its other checks: the tables measured, then read.
func loadConn(t testing.TB, c *conn) (*model.Project, error) {
	t.Helper()
	counts, err := checkTables(ctx, c)
	if err != nil {
		return nil, err
	}
	p, _, err := loadProject(ctx, c, counts, func() (*scoreRows, error) { return readScores(ctx, c) }, nil)
	return p, err
}

// openDoc opens the file at path for a test, closed when the test ends.
func openDoc(t testing.TB, path string) *Document {
	t.Helper()
	doc, err := Open(ctx, path, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { doc.Close() })
	return doc
}

// countSteps counts the steps of rebuilding versions from now until the
// test ends.
func countSteps(t testing.TB) *int {
	steps := new(int)
	versionStepHook = func(int) { *steps++ }
	t.Cleanup(func() { versionStepHook = nil })
	return steps
}

// openOldFormat opens a copy of testdata/formatN.cjm, a file an earlier
// Waymark wrote, and checks what every older format must give: the
// project of testdata/formatN.json, a working copy of the current format,
// the file untouched, and the digest the file stores still the project's.
func openOldFormat(t *testing.T, n int) (doc *Document, path string) {
	t.Helper()
	fixture := fmt.Sprintf("testdata/format%d", n)
	orig, err := os.ReadFile(fixture + ".cjm")
	if err != nil {
		t.Fatal(err)
	}
	wantJSON, err := os.ReadFile(fixture + ".json")
	if err != nil {
		t.Fatal(err)
	}
	if v := binary.BigEndian.Uint32(orig[60:64]); v != uint32(n) {
		t.Fatalf("%s.cjm has format %d", fixture, v)
	}
	path = filepath.Join(t.TempDir(), "old.cjm")
	if err := os.WriteFile(path, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	doc = openDoc(t, path)
	if got := encodeJSON(t, doc.Project()); got != string(wantJSON) {
		t.Fatalf("format-%d project differs:\n%s", n, firstDiff(string(wantJSON), got))
	}
	if v, _ := doc.wc.c.intPragma(ctx, "user_version"); v != FormatVersion {
		t.Fatalf("working copy has format %d", v)
	}
	c, err := openConn(ctx, path, "mode=ro&immutable=1")
	if err != nil {
		t.Fatal(err)
	}
	var stored string
	err = c.QueryRowContext(ctx, "SELECT digest FROM project").Scan(&stored)
	c.close()
	if err != nil || stored != digestOf(doc.Project()) {
		t.Fatalf("digest %s, format %d stored %s (%v)", digestOf(doc.Project()), n, stored, err)
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, orig) {
		t.Fatalf("opening changed the format-%d file", n)
	}
	return doc, path
}

// saveAsCurrent saves a document opened from an older format, checks that
// the file is now of the current format, and opens it again.
func saveAsCurrent(t *testing.T, doc *Document, path string) *Document {
	t.Helper()
	if err := doc.Save(ctx); err != nil {
		t.Fatal(err)
	}
	saved, _ := os.ReadFile(path)
	if v := binary.BigEndian.Uint32(saved[60:64]); v != FormatVersion {
		t.Fatalf("saved as format %d", v)
	}
	return openDoc(t, path)
}
