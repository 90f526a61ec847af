package storage

import (
	"bytes"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/mattn/go-sqlite3"

	"waymark/model"
)

// The page reader must read exactly what SQLite reads, whatever shape the
// b-trees take: several levels of interior pages (10,000 cards, 20,000
// scores), records spilling onto overflow chains, every page size SQLite
// allows, and bytes reserved at the end of each page.
func TestPagesReadWhatSQLiteReads(t *testing.T) {
	long := &model.Project{ID: "long", Name: "Long notes", Scale: model.DefaultScale,
		Personas: []*model.Persona{{ID: "p", Name: "Pat"}, {ID: model.ID(strings.Repeat("q", 256)), Name: "Quinn"}}}
	j := &model.Journey{ID: "j", Title: "Spill", PersonaIDs: []model.ID{"p", model.ID(strings.Repeat("q", 256))},
		Stages: []*model.Stage{{ID: "s", Name: "S"}}, Lanes: []*model.Lane{{ID: "l", Name: "L", Kind: model.LaneActions}}}
	for i, n := range []int{0, 100, 1000, 3000, 4000, 4100, 9000, 70_000, 1 << 20, capLong} {
		j.Touchpoints = append(j.Touchpoints, &model.Touchpoint{ID: model.ID(fmt.Sprintf("t%d", i)), StageID: "s", LaneID: "l",
			Order: i, Title: strings.Repeat("T", max(1, min(n, capShort))), Notes: strings.Repeat("n", n),
			Tags: []string{"a", strings.Repeat("b", n/3+1)}, Evidence: strings.Repeat("e", n/2),
			Emotions: map[model.ID]int{"p": i%5 - 2, model.ID(strings.Repeat("q", 256)): 2}})
	}
	long.Journeys = []*model.Journey{j}
	projects := map[string]*model.Project{"10,000 cards": bigProject(t), "long values": long, "rich": richProject(t)}
	for name, p := range projects {
		t.Run(name, func(t *testing.T) {
			want := encodeJSON(t, p)
			path := writeGood(t, p, t.TempDir(), "x.cjm")
			check := func(label string) {
				t.Helper()
				got, err := Check(ctx, path)
				if err != nil {
					t.Fatalf("%s: %v", label, err)
				}
				if g := encodeJSON(t, got); g != want {
					t.Fatalf("%s: read a different project:\n%s", label, firstDiff(want, g))
				}
			}
			check("as saved")
			if name == "10,000 cards" {
				return // its shape is the point; the others try the page sizes
			}
			for _, size := range []int{512, 1024, 8192, 65536} {
				rawExec(t, path, fmt.Sprintf("PRAGMA page_size = %d", size), "VACUUM")
				check(fmt.Sprintf("%d-byte pages", size))
			}
			reserve(t, path, 32)
			check("32 reserved bytes a page")
		})
	}
}

// reserve rewrites a database with n bytes reserved at the end of each page,
// which SQLite leaves to extensions such as checksums.
func reserve(t *testing.T, path string, n int) {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	err = c.Raw(func(dc any) error {
		const fcntlReserveBytes = 38 // SQLITE_FCNTL_RESERVE_BYTES
		return dc.(*sqlite3.SQLiteConn).SetFileControlInt("main", fcntlReserveBytes, n)
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ExecContext(ctx, "VACUUM"); err != nil {
		t.Fatal(err)
	}
	c.Close()
	db.Close()
	b, err := os.ReadFile(path)
	if err != nil || int(b[20]) != n {
		t.Fatalf("the file reserves %d bytes, not %d (%v)", b[20], n, err)
	}
}

// A record whose header does not fit in the part of it on its b-tree page
// (long values on small pages) is put together once and read whole.
func TestRecordHeaderOnOverflowPage(t *testing.T) {
	var r recordReader
	r.use(tTouchpoint, touchpointCols, "image_id")
	types := []uint64{13 + 2*3, 13 + 2, 13 + 2, 13 + 2, 1, 13 + 2*5, 13 + 2*300, 13, 9, 8, 8, 13, 13, 13, 13, 13, 13, 0}
	var h []byte
	for _, ty := range types {
		h = append(h, putVarint(ty)...)
	}
	rec := append([]byte{byte(len(h) + 1)}, h...)
	rec = append(rec, "t01jsl"...)
	rec = append(rec, 7)
	rec = append(rec, "Title"...)
	rec = append(rec, strings.Repeat("n", 300)...)
	// Page 2 holds the rest of the record; the cell keeps its first 10
	// bytes, fewer than its header's.
	const ps = 512
	file := make([]byte, 2*ps)
	copy(file, sqliteMagic)
	binary.BigEndian.PutUint16(file[16:], ps)
	file[18], file[19], file[21], file[22], file[23] = 1, 1, 64, 32, 32
	binary.BigEndian.PutUint32(file[56:], 1)
	binary.BigEndian.PutUint32(file[60:], FormatVersion)
	binary.BigEndian.PutUint32(file[68:], ApplicationID)
	copy(file[ps+4:], rec[10:])
	f, err := openPageFile(bytesReaderAt(file), int64(len(file)))
	if err != nil {
		t.Fatal(err)
	}
	r.f, r.ctx = f, ctx
	body, err := r.record(&cell{size: int64(len(rec)), local: rec[:10], overflow: 2}, func() string { return "1" })
	if err != nil {
		t.Fatal(err)
	}
	if got := string(cut(body, r.fields[tcNotes])); got != strings.Repeat("n", 300) || whole(body, r.fields[tcOrd]) != 7 ||
		whole(body, r.fields[tcPainPoint]) != 1 || string(cut(body, r.fields[tcTitle])) != "Title" {
		t.Fatalf("read %q", body)
	}
}

// Damage that quick_check would report first must still end the page scan
// by itself, with a finding, never a hang or a panic: the scan runs beside
// the check.
func TestPagesRefuseMalformedTrees(t *testing.T) {
	good, err := os.ReadFile(writeGood(t, bigProject(t), t.TempDir(), "big.cjm"))
	if err != nil {
		t.Fatal(err)
	}
	pageSize := int(binary.BigEndian.Uint16(good[16:]))
	// The touchpoint table's root page, from the schema as SQLite sees it.
	_, roots := pagesOf(t, good)
	root := good[int(roots[0]-1)*pageSize:][:pageSize]
	if root[0] != tableInterior {
		t.Fatalf("the root of 10,000 cards is page type %#x, not an interior page", root[0])
	}
	cases := map[string]func(b []byte){
		"a child pointing back at its root": func(b []byte) {
			p := b[int(roots[0]-1)*pageSize:]
			binary.BigEndian.PutUint32(p[8:], roots[0])
		},
		"a child beyond the file": func(b []byte) {
			p := b[int(roots[0]-1)*pageSize:]
			binary.BigEndian.PutUint32(p[8:], uint32(len(b)/pageSize)+7)
		},
		"a cell pointer past the page": func(b []byte) {
			p := b[int(roots[0]-1)*pageSize:]
			binary.BigEndian.PutUint16(p[12:], uint16(pageSize-1))
		},
		"an unknown page type": func(b []byte) {
			b[int(roots[1]-1)*pageSize] = 0x07
		},
		"too many cells": func(b []byte) {
			p := b[int(roots[0]-1)*pageSize:]
			binary.BigEndian.PutUint16(p[3:], 0xffff)
		},
	}
	for name, damage := range cases {
		t.Run(name, func(t *testing.T) {
			b := append([]byte(nil), good...)
			damage(b)
			assertBadPages(t, b)
		})
	}
}

// assertBadPages requires the page scan to find b damaged by itself (not
// by a panic, which the app would turn into the same finding), and Check,
// where SQLite's finding comes first, to refuse it.
func assertBadPages(t *testing.T, b []byte) {
	t.Helper()
	if _, err := readCardPages(ctx, bytesReaderAt(b), int64(len(b))); !errors.Is(err, errBadPage) {
		t.Fatalf("got %v, want the damage found", err)
	}
	path := filepath.Join(t.TempDir(), "x.cjm")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Check(ctx, path); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("Check: got %v", err)
	}
}

// A record that spills onto overflow pages with no chain to follow.
func TestPagesRefuseMissingOverflowChain(t *testing.T) {
	p := smallProject(t)
	p.Journeys[0].Touchpoints[0].Notes = strings.Repeat("n", 6000)
	good, err := os.ReadFile(writeGood(t, p, t.TempDir(), "x.cjm"))
	if err != nil {
		t.Fatal(err)
	}
	f, roots := pagesOf(t, good)
	// The cell's last bytes on its page and its overflow pointer are
	// unique in the file: find them there and zero the pointer.
	var pattern []byte
	f.scan(roots[0], false, func(c *cell) error {
		if c.overflow != 0 {
			pattern = binary.BigEndian.AppendUint32(append([]byte(nil), c.local[len(c.local)-16:]...), c.overflow)
		}
		return nil
	})
	i := bytes.Index(good, pattern)
	if pattern == nil || i < 0 || bytes.Contains(good[i+1:], pattern) {
		t.Fatal("the overflow pointer was not found once")
	}
	b := append([]byte(nil), good...)
	copy(b[i+16:], []byte{0, 0, 0, 0})
	assertBadPages(t, b)
}

// Cells nested inside one another on one page would make the scan copy the
// same bytes thousands of times; it stops once it has met more payload
// than the file holds.
func TestPagesRefuseNestedCells(t *testing.T) {
	path := writeGood(t, smallProject(t), t.TempDir(), "x.cjm")
	rawExec(t, path, "PRAGMA page_size = 65536", "VACUUM")
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const ps = 65536
	_, roots := pagesOf(t, good)
	// Each cell's last text value is the whole cell before it.
	inner := []byte("x")
	var offs []int
	for i := 4000; i >= 1; i-- {
		id := fmt.Appendf(nil, "t%05d", i)
		types := []uint64{uint64(13 + 2*len(id)), 15, 15, 15, 8, 13, uint64(13 + 2*len(inner)), 13, 8, 8, 8, 13, 13, 13, 13, 13, 13, 0}
		var h []byte
		for _, ty := range types {
			h = append(h, putVarint(ty)...)
		}
		rec := append(append(append(append(putVarint(uint64(len(h)+1)), h...), id...), "jsl"...), inner...)
		cell := append(append(putVarint(uint64(len(rec))), putVarint(uint64(i))...), rec...)
		if len(rec) > ps-35 || 8+2*(4001-i) > ps-len(cell) {
			break
		}
		inner = cell
		offs = append(offs, ps-len(inner))
	}
	page := make([]byte, ps)
	page[0] = tableLeaf
	binary.BigEndian.PutUint16(page[3:], uint16(len(offs)))
	for k := range offs {
		binary.BigEndian.PutUint16(page[8+2*k:], uint16(offs[len(offs)-1-k]))
	}
	copy(page[ps-len(inner):], inner)
	b := append([]byte(nil), good...)
	copy(b[int(roots[0]-1)*ps:], page)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = readCardPages(ctx, bytesReaderAt(b), int64(len(b)))
	runtime.ReadMemStats(&after)
	if !errors.Is(err, errBadPage) {
		t.Fatalf("got %v, want the damage found", err)
	}
	if grown := after.TotalAlloc - before.TotalAlloc; grown > 4*uint64(len(b)) {
		t.Fatalf("the scan allocated %d bytes for a %d-byte file", grown, len(b))
	}
}

// pagesOf reads a good file's page layout and the root pages of its
// touchpoint and emotion tables.
func pagesOf(t *testing.T, good []byte) (*pageFile, [2]uint32) {
	t.Helper()
	f, err := openPageFile(bytesReaderAt(good), int64(len(good)))
	if err != nil {
		t.Fatal(err)
	}
	roots, err := tableRoots(f, "touchpoint", "emotion")
	if err != nil {
		t.Fatal(err)
	}
	return f, roots
}

// putVarint encodes v as SQLite does (for values below 2^56).
func putVarint(v uint64) []byte {
	out := []byte{byte(v & 0x7f)}
	for v >>= 7; v > 0; v >>= 7 {
		out = append([]byte{byte(v&0x7f) | 0x80}, out...)
	}
	return out
}

type bytesReaderAt []byte

func (b bytesReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 || off+int64(len(p)) > int64(len(b)) {
		return 0, errors.New("out of range")
	}
	return copy(p, b[off:]), nil
}

// A record's values are read as SQLite encodes them: every serial type,
// including the integers of each width and the constants 0 and 1.
func TestRecordValues(t *testing.T) {
	for _, v := range []int64{0, 1, -1, 127, -128, 128, 32767, -32768, 1 << 23, -(1 << 23), 1 << 31, -(1 << 31) - 1,
		1 << 47, -(1 << 47), 1<<63 - 1, -1 << 63} {
		// The record SQLite writes for v: the smallest width that holds it.
		var typ uint64
		var body []byte
		switch {
		case v == 0:
			typ = 8
		case v == 1:
			typ = 9
		case v >= -128 && v <= 127:
			typ, body = 1, []byte{byte(v)}
		case v >= -32768 && v <= 32767:
			typ, body = 2, binary.BigEndian.AppendUint16(nil, uint16(v))
		case v >= -(1<<23) && v < 1<<23:
			typ, body = 3, binary.BigEndian.AppendUint32(nil, uint32(v))[1:]
		case v >= -(1<<31) && v < 1<<31:
			typ, body = 4, binary.BigEndian.AppendUint32(nil, uint32(v))
		case v >= -(1<<47) && v < 1<<47:
			typ, body = 5, binary.BigEndian.AppendUint64(nil, uint64(v))[2:]
		default:
			typ, body = 6, binary.BigEndian.AppendUint64(nil, uint64(v))
		}
		rec := append([]byte{2, byte(typ)}, body...)
		var fields [1]field
		hsize, n, ok := recordHeader(rec, fields[:])
		if !ok || hsize != 2 || int(n) != len(body) {
			t.Fatalf("%d: header not read (%v %d %d)", v, ok, hsize, n)
		}
		if got := whole(rec[hsize:], fields[0]); got != v {
			t.Errorf("serial type %d: read %d, want %d", typ, got, v)
		}
	}
	// Nine-byte varints take the last byte whole.
	if v, k := varint([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}); k != 9 || v != 1<<64-1 {
		t.Errorf("nine-byte varint: %x, %d", v, k)
	}
	if _, k := varint([]byte{0x81, 0x82}); k != 0 {
		t.Error("a varint cut short was read")
	}
	var two [2]field
	if _, _, ok := recordHeader([]byte{3, 1, 10, 0}, two[:]); ok {
		t.Error("a reserved serial type was accepted")
	}
	if _, _, ok := recordHeader([]byte{4, 1, 1, 1, 0, 0, 0}, two[:]); ok {
		t.Error("a record with a value more than its table has was accepted")
	}
	// Fewer values than columns: SQLite reads the missing ones as NULL.
	if hsize, n, ok := recordHeader([]byte{2, 1, 5}, two[:]); !ok || hsize != 2 || n != 1 || two[0].kind != 'i' || two[1].kind != 'n' {
		t.Errorf("a record of one value for two columns: %v %d %d %+v", ok, hsize, n, two)
	}
}

// FuzzCardPages feeds arbitrary bytes to the page reader alone, without the
// integrity check that normally runs beside it: it must end with the cards
// or an error, never a panic or a hang.
func FuzzCardPages(f *testing.F) {
	good, err := os.ReadFile(writeGood(f, smallProject(f), f.TempDir(), "seed.cjm"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := readCardPages(ctx, bytesReaderAt(data), int64(len(data)))
		if err == nil && len(rows.cards) != len(rows.journey) {
			t.Fatal("cards and their journeys disagree")
		}
	})
}
