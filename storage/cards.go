package storage

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"waymark/model"
)

// cardRows are the touchpoint and emotion tables of a file, read from its
// pages (pages.go) with their scores attached, before the journeys they
// belong to are known. loadTouchpoints hands them out.
type cardRows struct {
	cards   []*model.Touchpoint // in rowid order
	rowids  []int64
	journey []string // each card's journey_id
	byID    map[string]int32
	roots   [2]uint32
	counts  [2]int64 // rows read of touchpoint and emotion
}

// cardScan is a read of the cards that may still be running.
type cardScan struct {
	done   chan struct{}
	cancel context.CancelFunc
	rows   *cardRows
	err    error
}

// startCardScan reads the cards of a database file on its own goroutine.
// The file must not change while it runs, and must hold all of its content
// (see settle).
func startCardScan(ctx context.Context, file *os.File) *cardScan {
	ctx, cancel := context.WithCancel(ctx)
	s := &cardScan{done: make(chan struct{}), cancel: cancel}
	go func() {
		defer cancel()
		defer close(s.done)
		// The file is untrusted: should a malformed page still reach a
		// bug here, it is one more damaged file, not a crashed app.
		defer func() {
			if recover() != nil {
				s.rows, s.err = nil, errBadPage
			}
		}()
		s.rows, s.err = scanCards(ctx, file)
	}()
	return s
}

// wait returns the scan's result once it has ended.
func (s *cardScan) wait() (*cardRows, error) {
	<-s.done
	return s.rows, s.err
}

// stop ends the scan early and waits for it: its file may be closed or
// written to afterwards.
func (s *cardScan) stop() {
	s.cancel()
	<-s.done
}

func scanCards(ctx context.Context, file *os.File) (*cardRows, error) {
	fi, err := file.Stat()
	if err != nil {
		return nil, err
	}
	return readCardPages(ctx, file, fi.Size())
}

// readCardPages reads the cards from a database file of the given size.
func readCardPages(ctx context.Context, file io.ReaderAt, size int64) (*cardRows, error) {
	f, err := openPageFile(file, size)
	if err != nil {
		return nil, err
	}
	rows := &cardRows{}
	if rows.roots, err = tableRoots(f, "touchpoint", "emotion"); err != nil {
		return nil, err
	}
	r := &recordReader{f: f, ctx: ctx}
	if err := rows.readCards(r); err != nil {
		return nil, err
	}
	if err := rows.readScores(r); err != nil {
		return nil, err
	}
	return rows, nil
}

// tableRoots finds the root pages of two tables in sqlite_schema (the
// b-tree on page 1). SQLite's own view of them is compared later, once the
// schema has been checked (see checkRoots).
func tableRoots(f *pageFile, a, b string) ([2]uint32, error) {
	var roots [2]uint32
	var fields [5]field // type, name, tbl_name, rootpage, sql
	err := f.scan(1, false, func(c *cell) error {
		// The schema's largest statement is a few kilobytes.
		if c.size > 1<<20 {
			return errBadPage
		}
		rec, err := f.payload(c)
		if err != nil {
			return err
		}
		hsize, body, ok := recordHeader(rec, fields[:])
		if !ok || int64(hsize)+body != c.size {
			return errBadPage
		}
		rec = rec[hsize:]
		text := func(fd field) string {
			if fd.kind != 't' {
				return ""
			}
			return string(rec[fd.off : fd.off+fd.n])
		}
		if text(fields[0]) != "table" || fields[3].kind != 'i' {
			return nil
		}
		root := whole(rec, fields[3])
		if root < 1 || root > int64(f.npages) {
			return errBadPage
		}
		switch text(fields[1]) {
		case a:
			roots[0] = uint32(root)
		case b:
			roots[1] = uint32(root)
		}
		return nil
	})
	if err == nil && (roots[0] == 0 || roots[1] == 0) {
		err = errBadPage
	}
	return roots, err
}

// recordReader checks each record of a table against the table's columns
// before copying it: its header gives every value's type and length, so a
// NULL where a value is required, a value of the wrong type or one over its
// cap is named without a byte of it reaching Go, as readSQL does for the
// tables read with SQL.
type recordReader struct {
	f      *pageFile
	ctx    context.Context
	spec   *tableSpec
	cols   []string
	caps   []int64 // per column; 0 for an integer column
	opt    []bool  // may be NULL
	fields []field
	rows   int64
}

// use sets the reader up for a table whose records hold cols in order.
func (r *recordReader) use(t int, cols []string, optional ...string) {
	r.spec, r.cols, r.rows = tableSpecs[t], cols, 0
	r.caps, r.opt = make([]int64, len(cols)), make([]bool, len(cols))
	for i, c := range cols {
		r.caps[i], r.opt[i] = r.spec.capOf(c), contains(optional, c)
	}
	r.fields = make([]field, len(cols))
}

// maxRecord is the most bytes a valid record of the table can take.
func (r *recordReader) maxRecord() int64 {
	n := int64(9 + 9*len(r.caps))
	for _, c := range r.caps {
		n += max(c, 8)
	}
	return n
}

// record checks a cell and returns its body, with r.fields describing its
// values; the body is valid until the next call. row names the row in a
// message.
func (r *recordReader) record(c *cell, row func() string) ([]byte, error) {
	if r.rows++; r.rows%512 == 0 {
		if err := r.ctx.Err(); err != nil {
			return nil, err
		}
	}
	if r.rows > r.spec.maxRows {
		return nil, bad("holds more %s rows than Waymark allows (%d)", r.spec.name, r.spec.maxRows)
	}
	var rec []byte // the whole payload, once it has been put together
	hsize, body, ok := recordHeader(c.local, r.fields)
	if !ok && c.size > int64(len(c.local)) {
		// A header longer than the page's part of the payload: a record
		// with long values on small pages.
		if c.size > r.maxRecord() {
			return nil, bad("table %s, row %s: it is %s, more than a row of it can be (%s)",
				r.spec.name, row(), byteSize(c.size), byteSize(r.maxRecord()))
		}
		var err error
		if rec, err = r.f.payload(c); err != nil {
			return nil, err
		}
		hsize, body, ok = recordHeader(rec, r.fields)
	}
	if !ok {
		return nil, bad("table %s, row %s: its values cannot be read", r.spec.name, row())
	}
	for i, fd := range r.fields {
		col := r.cols[i]
		switch {
		case fd.kind == 'n' && r.opt[i]:
		case fd.kind == 'n':
			return nil, bad("table %s, row %s: column %s is NULL", r.spec.name, row(), col)
		case r.caps[i] == 0 && fd.kind != 'i':
			return nil, bad("table %s, row %s: column %s is not a whole number", r.spec.name, row(), col)
		case r.caps[i] > 0 && fd.kind != 't':
			return nil, bad("table %s, row %s: column %s is not text", r.spec.name, row(), col)
		case r.caps[i] > 0 && int64(fd.n) > r.caps[i]:
			return nil, bad("table %s, row %s: column %s is %s, more than Waymark allows (%s)",
				r.spec.name, row(), col, byteSize(int64(fd.n)), byteSize(r.caps[i]))
		}
	}
	if int64(hsize)+body != c.size {
		return nil, bad("table %s, row %s: its values cannot be read", r.spec.name, row())
	}
	if rec == nil {
		var err error
		if rec, err = r.f.payload(c); err != nil {
			return nil, err
		}
	}
	return rec[hsize:], nil
}

// cut is a text field of a record's body; "" for NULL.
func cut[S ~string | ~[]byte](body S, fd field) S { return body[fd.off : fd.off+fd.n] }

// whole is an integer field of a record's body.
func whole[S ~string | ~[]byte](body S, fd field) int64 {
	if fd.n == 0 {
		return fd.c
	}
	v := int64(int8(body[fd.off]))
	for k := fd.off + 1; k < fd.off+fd.n; k++ {
		v = v<<8 | int64(body[k])
	}
	return v
}

// The positions of touchpointCols and emotionCols, the order of their
// records: a table's columns as declared, and for emotion, a WITHOUT ROWID
// table, its key columns first, which its declaration already puts first.
const (
	tcID = iota
	tcJourney
	tcStage
	tcLane
	tcOrd
	tcTitle
	tcNotes
	tcChannel
	tcPainPoint
	tcOpportunity
	tcMomentOfTruth
	tcOwner
	tcTags
	tcEvidence
	tcEvidenceLinks
	tcConfidence
	tcColor
	tcImage
)

func (rows *cardRows) readCards(r *recordReader) error {
	r.use(tTouchpoint, touchpointCols, "image_id")
	// Cards are allocated a block at a time; each card's tags and links
	// are cut from a shared list, to their own length and capacity, so
	// that appending to one never touches another.
	var block []model.Touchpoint
	var lists []string
	split := func(s string) []string {
		if s == "" {
			return nil
		}
		k := strings.Count(s, "\n") + 1
		if cap(lists)-len(lists) < k {
			lists = make([]string, 0, max(k, 1024))
		}
		start := len(lists)
		for range k - 1 {
			i := strings.IndexByte(s, '\n')
			lists = append(lists, s[:i])
			s = s[i+1:]
		}
		lists = append(lists, s)
		return lists[start:len(lists):len(lists)]
	}
	var rowid int64
	rowName := func() string { return fmt.Sprint(rowid) }
	rows.byID = make(map[string]int32)
	return r.f.scan(rows.roots[0], false, func(c *cell) error {
		rowid = c.rowid
		rec, err := r.record(c, rowName)
		if err != nil {
			return err
		}
		// One copy of the row, which its strings share.
		b, fd := string(rec), r.fields
		ord := whole(b, fd[tcOrd])
		if int64(int(ord)) != ord {
			return bad("table touchpoint, row %d: column ord is out of range", rowid)
		}
		if len(block) == cap(block) {
			block = make([]model.Touchpoint, 0, 1024)
		}
		block = block[:len(block)+1]
		t := &block[len(block)-1]
		*t = model.Touchpoint{ID: model.ID(cut(b, fd[tcID])), StageID: model.ID(cut(b, fd[tcStage])),
			LaneID: model.ID(cut(b, fd[tcLane])), Order: int(ord), Title: cut(b, fd[tcTitle]),
			Notes: cut(b, fd[tcNotes]), Channel: cut(b, fd[tcChannel]),
			PainPoint: whole(b, fd[tcPainPoint]) != 0, Opportunity: whole(b, fd[tcOpportunity]) != 0,
			MomentOfTruth: whole(b, fd[tcMomentOfTruth]) != 0, Owner: cut(b, fd[tcOwner]),
			Tags: split(cut(b, fd[tcTags])), Evidence: cut(b, fd[tcEvidence]),
			EvidenceLinks: split(cut(b, fd[tcEvidenceLinks])), Confidence: model.Confidence(cut(b, fd[tcConfidence])),
			Color: cut(b, fd[tcColor]), ImageID: model.ID(cut(b, fd[tcImage]))}
		// One hash instead of a lookup and an insert: a repeated ID
		// leaves the map's size as it was.
		n := len(rows.byID)
		rows.byID[string(t.ID)] = int32(len(rows.cards))
		if len(rows.byID) == n {
			return bad("table touchpoint, row %d: touchpoint %q appears twice", rowid, clip(string(t.ID)))
		}
		rows.cards = append(rows.cards, t)
		rows.rowids = append(rows.rowids, rowid)
		rows.journey = append(rows.journey, cut(b, fd[tcJourney]))
		rows.counts[0]++
		return nil
	})
}

// readScores attaches the emotion rows to their cards. Rows come sorted by
// card, so the last card looked up is usually the next one; persona IDs
// are kept once each, not once per score.
func (rows *cardRows) readScores(r *recordReader) error {
	r.use(tEmotion, emotionCols)
	personas := map[string]model.ID{}
	var key *cell
	rowName := func() string {
		// Named by its key, cut short.
		var fields [3]field
		if hsize, _, ok := recordHeader(key.local, fields[:]); ok {
			body := key.local[hsize:]
			part := func(fd field) string {
				if fd.kind != 't' || fd.off >= len(body) {
					return "?"
				}
				return fmt.Sprintf("%q", clip(string(body[fd.off:min(len(body), fd.off+fd.n)])))
			}
			return fmt.Sprintf("(touchpoint %s, persona %s)", part(fields[0]), part(fields[1]))
		}
		return "?"
	}
	// The rows come sorted by card ID, which is no order in memory; they
	// are collected first and given to the cards in the cards' order, so
	// that each card's map of scores lies near the next one's.
	type score struct {
		card    int32
		value   int
		persona model.ID
	}
	scores := make([]score, 0, 2*len(rows.cards))
	perCard := make([]int32, len(rows.cards)+1)
	cur := int32(-1)
	var prev []byte // the last row's card ID
	err := r.f.scan(rows.roots[1], true, func(c *cell) error {
		key = c
		// The two IDs are compared and looked up in place; only a new
		// persona's ID is copied.
		b, err := r.record(c, rowName)
		if err != nil {
			return err
		}
		tid, pid := cut(b, r.fields[0]), cut(b, r.fields[1])
		if cur < 0 || string(prev) != string(tid) {
			k, ok := rows.byID[string(tid)]
			if !ok {
				return bad("table emotion, row %s: touchpoint %q does not exist", rowName(), clip(string(tid)))
			}
			cur, prev = k, append(prev[:0], tid...)
		}
		id, ok := personas[string(pid)]
		if !ok {
			id = model.ID(pid)
			personas[string(id)] = id
		}
		v := whole(b, r.fields[2])
		if int64(int(v)) != v {
			return bad("table emotion, row %s: column score is out of range", rowName())
		}
		scores = append(scores, score{cur, int(v), id})
		perCard[cur+1]++
		rows.counts[1]++
		return nil
	})
	if err != nil {
		return err
	}
	// A counting sort by card.
	for k := 1; k < len(perCard); k++ {
		perCard[k] += perCard[k-1]
	}
	sorted := make([]score, len(scores))
	next := perCard[:len(rows.cards)]
	for _, sc := range scores {
		sorted[next[sc.card]] = sc
		next[sc.card]++
	}
	for from := 0; from < len(sorted); {
		to := from + 1
		for to < len(sorted) && sorted[to].card == sorted[from].card {
			to++
		}
		m := make(map[model.ID]int, to-from)
		for _, sc := range sorted[from:to] {
			m[sc.persona] = sc.value
		}
		rows.cards[sorted[from].card].Emotions = m
		from = to
	}
	return nil
}
