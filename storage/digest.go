package storage

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"slices"
	"strings"

	"waymark/model"
)

// digestOf is the content digest stored in a saved file: SHA-256 over a
// canonical walk of the project. It covers exactly what the model holds, in
// the model's order, with every string length-prefixed so that no two
// projects give the same stream. Touchpoints are taken in reading order and
// scores by persona ID, because neither slice nor map order is meaningful.
//
// It is not a signature (anyone can recompute it); it exists because SQLite
// keeps no checksums, so a flipped bit inside a title would otherwise open
// as different text.
//
// Fields added by a later format are walked after all of these, and only
// when a project has them (the behaviour figures of format 2, the ratings
// and saved lenses of format 3, the owners, review dates and card stamps of
// format 4 do so), so
// that a file saved before they existed keeps its digest. The versions a
// file keeps are covered with it, by versionsDigest.
func digestOf(p *model.Project) string {
	d := &digester{h: sha256.New(), buf: make([]byte, 0, 64<<10)}
	d.str("waymark-digest-1")
	d.str(string(p.ID))
	d.str(p.Name)
	d.int(p.Scale.Min)
	d.int(p.Scale.Max)
	d.int(len(p.Images))
	for _, im := range p.Images {
		d.str(string(im.ID))
		d.str(im.MIME)
		d.int(im.Width)
		d.int(im.Height)
		d.bytes(im.Data)
	}
	// The personas sorted by ID: a card's scores are taken in that order.
	byID := make([]model.ID, len(p.Personas))
	for i, x := range p.Personas {
		byID[i] = x.ID
	}
	slices.SortFunc(byID, func(a, b model.ID) int { return strings.Compare(string(a), string(b)) })
	byID = slices.Compact(byID) // Validate refuses a repeated ID; the walk must not count it twice either
	d.int(len(p.Personas))
	for _, x := range p.Personas {
		d.strs(string(x.ID), x.Name, x.Role, x.Quote, x.Goals, x.Frustrations, string(x.PhotoID))
	}
	d.int(len(p.Journeys))
	var rated, stamped []ratedCard
	for ji, j := range p.Journeys {
		d.strs(string(j.ID), j.Title, j.Description)
		d.int(len(j.PersonaIDs))
		for _, id := range j.PersonaIDs {
			d.str(string(id))
		}
		d.int(len(j.Stages))
		for _, s := range j.Stages {
			d.strs(string(s.ID), s.Name, s.Description, s.Color)
		}
		d.int(len(j.Lanes))
		for _, l := range j.Lanes {
			d.strs(string(l.ID), l.Name, string(l.Kind))
			d.bool(l.Hidden)
		}
		d.int(len(j.Touchpoints))
		var keys [16]model.ID
		for _, t := range readingOrder(j) {
			if t.Impact != 0 || t.Effort != 0 {
				rated = append(rated, ratedCard{ji, t})
			}
			if !t.Changed.IsZero() {
				stamped = append(stamped, ratedCard{ji, t})
			}
			d.strs(string(t.ID), string(t.StageID), string(t.LaneID))
			d.int(t.Order)
			d.strs(t.Title, t.Notes, t.Channel)
			d.bool(t.PainPoint)
			d.bool(t.Opportunity)
			d.bool(t.MomentOfTruth)
			d.strs(t.Owner, t.Evidence, string(t.Confidence), t.Color, string(t.ImageID))
			d.int(len(t.Tags))
			d.strs(t.Tags...)
			d.int(len(t.EvidenceLinks))
			d.strs(t.EvidenceLinks...)
			d.int(len(t.Emotions))
			d.scores(t.Emotions, byID, keys[:])
		}
	}
	d.figures(p)
	d.ratings(rated)
	d.lenses(p)
	d.reviews(p)
	d.stamps(stamped)
	return d.sum()
}

// readingOrder returns a journey's touchpoints in the order files and
// exports use (model.SortTouchpoints: stage, lane, order, then ID), without
// changing the journey. Positions are looked up once rather than in every
// comparison, and input already in order (as loaded files are) is not sorted
// again: this runs on every open and save.
func readingOrder(j *model.Journey) []*model.Touchpoint {
	si := make(map[model.ID]int, len(j.Stages))
	for i, s := range j.Stages {
		si[s.ID] = i
	}
	li := make(map[model.ID]int, len(j.Lanes))
	for i, l := range j.Lanes {
		li[l.ID] = i
	}
	type place struct {
		stage, lane, order int
		t                  *model.Touchpoint
	}
	places := make([]place, len(j.Touchpoints))
	// Cards come grouped by cell, so the last lookup usually answers.
	var lastStage, lastLane model.ID
	s, l := -1, -1
	for i, t := range j.Touchpoints {
		if s < 0 || t.StageID != lastStage {
			s, lastStage = si[t.StageID], t.StageID
		}
		if l < 0 || t.LaneID != lastLane {
			l, lastLane = li[t.LaneID], t.LaneID
		}
		places[i] = place{s, l, t.Order, t}
	}
	cmp := func(a, b place) int {
		switch {
		case a.stage != b.stage:
			return a.stage - b.stage
		case a.lane != b.lane:
			return a.lane - b.lane
		case a.order != b.order:
			return a.order - b.order
		}
		return strings.Compare(string(a.t.ID), string(b.t.ID))
	}
	if !slices.IsSortedFunc(places, cmp) {
		slices.SortFunc(places, cmp)
	}
	out := make([]*model.Touchpoint, len(places))
	for i, pl := range places {
		out[i] = pl.t
	}
	return out
}

// scores writes a card's scores by persona ID. Looking up each of the
// project's few personas, already sorted, costs less than walking and
// sorting the map; a card scored for a persona the project does not have
// (which Validate refuses) takes the long way.
func (d *digester) scores(m map[model.ID]int, personas []model.ID, buf []model.ID) {
	if len(m) == 0 {
		return
	}
	if len(personas) <= 4*len(m) {
		keys := buf[:0]
		for _, id := range personas {
			if _, ok := m[id]; ok {
				keys = append(keys, id)
			}
		}
		if len(keys) == len(m) {
			for _, id := range keys {
				d.str(string(id))
				d.int(m[id])
			}
			return
		}
	}
	for _, pid := range sortedKeys(m, buf) {
		d.str(string(pid))
		d.int(m[pid])
	}
}

// sortedKeys lists a card's scored personas by ID into buf, which is big
// enough for any usual card, so that walking 10,000 cards allocates nothing.
func sortedKeys(m map[model.ID]int, buf []model.ID) []model.ID {
	keys := buf[:0]
	for k := range m {
		keys = append(keys, k)
	}
	if len(keys) > 1 {
		slices.SortFunc(keys, func(a, b model.ID) int { return strings.Compare(string(a), string(b)) })
	}
	return keys
}

// digester buffers the stream: hashing many tiny writes one by one would
// cost more than the hashing itself.
type digester struct {
	h   hash.Hash
	buf []byte
}

func (d *digester) flush() {
	d.h.Write(d.buf)
	d.buf = d.buf[:0]
}

func (d *digester) int(v int) {
	d.buf = binary.AppendVarint(d.buf, int64(v))
}

func (d *digester) bool(v bool) {
	if v {
		d.buf = append(d.buf, 1)
	} else {
		d.buf = append(d.buf, 0)
	}
}

func (d *digester) str(s string) {
	d.buf = binary.AppendUvarint(d.buf, uint64(len(s)))
	if len(d.buf)+len(s) > cap(d.buf) {
		d.flush()
		if len(s) > cap(d.buf) {
			d.h.Write([]byte(s))
			return
		}
	}
	d.buf = append(d.buf, s...)
}

func (d *digester) strs(list ...string) {
	for _, s := range list {
		d.str(s)
	}
}

func (d *digester) bytes(b []byte) {
	d.buf = binary.AppendUvarint(d.buf, uint64(len(b)))
	d.flush()
	d.h.Write(b)
}

func (d *digester) sum() string {
	d.flush()
	return hex.EncodeToString(d.h.Sum(nil))
}

// reviews adds the journeys' owners and review dates to a digest, only
// when a journey has either, so that a file saved before format 4 keeps
// its digest.
func (d *digester) reviews(p *model.Project) {
	var with []int
	for i, j := range p.Journeys {
		if j.Owner != "" || !j.ReviewBy.IsZero() {
			with = append(with, i)
		}
	}
	if len(with) == 0 {
		return
	}
	d.str("reviews")
	d.int(len(with))
	for _, i := range with {
		j := p.Journeys[i]
		d.int(i)
		d.strs(j.Owner, model.FormatDate(j.ReviewBy))
	}
}

// stamps adds when cards last changed to a digest, only when a card has a
// stamp; cards are those cards, in the walk's order.
func (d *digester) stamps(cards []ratedCard) {
	if len(cards) == 0 {
		return
	}
	d.str("changed")
	d.int(len(cards))
	for _, rc := range cards {
		d.int(rc.journey)
		d.str(string(rc.card.ID))
		d.str(model.FormatStamp(rc.card.Changed))
	}
}

// versionMeta is a version's row but its data: what the file's digest
// covers of it. The checksum stands for the data, so the digest is taken
// without reading or decoding any version.
type versionMeta struct {
	seq, size, base                                int64
	name, note, author, created, summary, checksum string
}

// versionsDigest is the digest a file stores, taken row by row as the
// versions' metadata is read or copied, so that memory stays flat however
// many versions a file keeps: sum(project) is project, the digest of the
// project (digestOf), when the file keeps no versions, so that a file
// without them keeps its digest; otherwise a digest of every version's
// metadata, in seq order, then of project and the count, so that a
// version renamed, redated, re-pointed or removed by another tool (its
// checksum with it) shows as a change outside Waymark when the file opens.
type versionsDigest struct {
	d *digester
	n int
}

func newVersionsDigest() *versionsDigest {
	d := &digester{h: sha256.New(), buf: make([]byte, 0, 64<<10)}
	d.str("waymark-digest-versions-1")
	return &versionsDigest{d: d}
}

func (vd *versionsDigest) add(v versionMeta) {
	d := vd.d
	vd.n++
	d.int(int(v.seq))
	d.strs(v.name, v.note, v.author, v.created, v.summary)
	d.int(int(v.size))
	d.int(int(v.base))
	d.str(v.checksum)
}

func (vd *versionsDigest) sum(project string) string {
	if vd.n == 0 {
		return project
	}
	vd.d.str(project)
	vd.d.int(vd.n)
	return vd.d.sum()
}
