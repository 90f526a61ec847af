package model

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// JSONFormat and a version head every exported project, so that an import
// can tell a Waymark project from any other JSON. JSONVersion is the newest
// version this Waymark reads. Version 2 added behaviour figures; a project
// without any is written as version 1, exactly as before, so that an older
// Waymark still reads it, and one with figures says it is newer.
const (
	JSONFormat  = "waymark-project"
	JSONVersion = 4
)

// MaxJSONSize caps what DecodeJSON reads; a project is far smaller.
// EncodeJSON refuses to write more, so that every export imports.
const MaxJSONSize = 512 << 20

// jsonLimit is MaxJSONSize; tests lower it to try the limit on small projects.
var jsonLimit = MaxJSONSize

type jsonProject struct {
	Format       string        `json:"format"`
	Version      int           `json:"version"`
	ID           ID            `json:"id"`
	Name         string        `json:"name"`
	EmotionScale string        `json:"emotionScale"`
	Personas     []jsonPersona `json:"personas"`
	Journeys     []jsonJourney `json:"journeys"`
	Images       []jsonImage   `json:"images"`
}

type jsonPersona struct {
	ID           ID     `json:"id"`
	Name         string `json:"name"`
	Role         string `json:"role,omitempty"`
	Quote        string `json:"quote,omitempty"`
	Goals        string `json:"goals,omitempty"`
	Frustrations string `json:"frustrations,omitempty"`
	Photo        ID     `json:"photo,omitempty"`
}

type jsonJourney struct {
	ID          ID               `json:"id"`
	Title       string           `json:"title"`
	Description string           `json:"description,omitempty"`
	Personas    []ID             `json:"personas"`
	Stages      []jsonStage      `json:"stages"`
	Lanes       []jsonLane       `json:"lanes"`
	Touchpoints []jsonTouchpoint `json:"touchpoints"`
	// The figures of the latest behaviour import and of the one before;
	// absent when there are none, so a journey without them reads and
	// writes as before they existed.
	Behaviour         *jsonBehaviour `json:"behaviour,omitempty"`
	PreviousBehaviour *jsonBehaviour `json:"previousBehaviour,omitempty"`
	Lenses            []jsonLens     `json:"lenses,omitempty"`
	Owner             string         `json:"owner,omitempty"`
	ReviewBy          string         `json:"reviewBy,omitempty"` // YYYY-MM-DD
}

// jsonLens is a saved lens, in a project's JSON and, alone (MarshalLens),
// in a .cjm.
type jsonLens struct {
	Name       string       `json:"name"`
	Channels   []string     `json:"channels,omitempty"`
	Owners     []string     `json:"owners,omitempty"`
	Tags       []string     `json:"tags,omitempty"`
	Flags      []Flag       `json:"flags,omitempty"`
	Confidence []Confidence `json:"confidence,omitempty"`
	Persona    ID           `json:"persona,omitempty"`
	Hide       bool         `json:"hide,omitempty"`
	Stale      int          `json:"stale,omitempty"`
}

func toJSONLens(l *Lens) jsonLens {
	return jsonLens{l.Name, l.Channels, l.Owners, l.Tags, l.Flags, l.Confidence, l.Persona, l.Hide, l.Stale}
}

func fromJSONLens(l jsonLens) *Lens {
	return &Lens{l.Name, l.Channels, l.Owners, l.Tags, l.Flags, l.Confidence, l.Persona, l.Hide, l.Stale}
}

// MaxLensJSON caps one saved lens as JSON.
const MaxLensJSON = 4 << 20

// MarshalLens is the compact, stable JSON of a saved lens, as a .cjm
// stores it (its digest covers the bytes).
func MarshalLens(l *Lens) ([]byte, error) {
	if l == nil {
		return nil, errNil("lens")
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(toJSONLens(l)); err != nil {
		return nil, err
	}
	out := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	if len(out) > MaxLensJSON {
		return nil, fmt.Errorf("lens %q is %s bytes as JSON, more than the %s a file can hold", clipText(l.Name), Grouped(int64(len(out))), Grouped(MaxLensJSON))
	}
	return out, nil
}

// UnmarshalLens reads a lens written by MarshalLens from an untrusted
// source, as strictly as UnmarshalBehaviour. It does not validate the
// lens; Project.Validate does, naming the journey.
func UnmarshalLens(data []byte) (*Lens, error) {
	in, err := strictJSON[jsonLens](data, MaxLensJSON, "the lens")
	if err != nil {
		return nil, err
	}
	return fromJSONLens(*in), nil
}

type jsonStage struct {
	ID          ID     `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Color       string `json:"color,omitempty"`
}

type jsonLane struct {
	ID     ID       `json:"id"`
	Name   string   `json:"name"`
	Kind   LaneKind `json:"kind"`
	Hidden bool     `json:"hidden,omitempty"`
}

type jsonTouchpoint struct {
	ID            ID         `json:"id"`
	Stage         ID         `json:"stage"`
	Lane          ID         `json:"lane"`
	Order         int        `json:"order"`
	Title         string     `json:"title"`
	Notes         string     `json:"notes,omitempty"`
	Channel       string     `json:"channel,omitempty"`
	Emotions      map[ID]int `json:"emotions,omitempty"`
	PainPoint     bool       `json:"painPoint,omitempty"`
	Opportunity   bool       `json:"opportunity,omitempty"`
	MomentOfTruth bool       `json:"momentOfTruth,omitempty"`
	Owner         string     `json:"owner,omitempty"`
	Tags          []string   `json:"tags,omitempty"`
	Evidence      string     `json:"evidence,omitempty"`
	EvidenceLinks []string   `json:"evidenceLinks,omitempty"`
	Confidence    Confidence `json:"confidence,omitempty"`
	Color         string     `json:"color,omitempty"`
	Image         ID         `json:"image,omitempty"`
	Impact        int        `json:"impact,omitempty"`
	Effort        int        `json:"effort,omitempty"`
	Changed       string     `json:"changed,omitempty"` // RFC 3339, UTC
}

type jsonImage struct {
	ID     ID     `json:"id"`
	Type   string `json:"type"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Data   []byte `json:"data"`
}

// SortTouchpoints puts a journey's cards in reading order: by stage, lane and
// order. Files and exports use this order so they are stable.
func SortTouchpoints(j *Journey) {
	si := make(map[ID]int, len(j.Stages))
	for i, s := range j.Stages {
		si[s.ID] = i
	}
	li := make(map[ID]int, len(j.Lanes))
	for i, l := range j.Lanes {
		li[l.ID] = i
	}
	slices.SortStableFunc(j.Touchpoints, func(a, b *Touchpoint) int {
		if d := si[a.StageID] - si[b.StageID]; d != 0 {
			return d
		}
		if d := li[a.LaneID] - li[b.LaneID]; d != 0 {
			return d
		}
		if d := a.Order - b.Order; d != 0 {
			return d
		}
		return strings.Compare(string(a.ID), string(b.ID))
	})
}

// EncodeJSON writes a project as indented JSON. It is lossless: DecodeJSON of
// the result gives the same project, and encoding that gives the same bytes.
func EncodeJSON(p *Project) ([]byte, error) {
	out := jsonProject{Format: JSONFormat, Version: 1, ID: p.ID, Name: p.Name,
		EmotionScale: p.Scale.String(), Personas: []jsonPersona{}, Journeys: []jsonJourney{}, Images: []jsonImage{}}
	for _, x := range p.Personas {
		out.Personas = append(out.Personas, jsonPersona{x.ID, x.Name, x.Role, x.Quote, x.Goals, x.Frustrations, x.PhotoID})
	}
	for _, j := range p.Journeys {
		jj := jsonJourney{ID: j.ID, Title: j.Title, Description: j.Description, Personas: append([]ID{}, j.PersonaIDs...),
			Stages: []jsonStage{}, Lanes: []jsonLane{}, Touchpoints: []jsonTouchpoint{},
			Behaviour: toJSONBehaviour(j.Behaviour), PreviousBehaviour: toJSONBehaviour(j.PreviousBehaviour)}
		for _, s := range j.Stages {
			jj.Stages = append(jj.Stages, jsonStage{s.ID, s.Name, s.Description, s.Color})
		}
		for _, l := range j.Lanes {
			jj.Lanes = append(jj.Lanes, jsonLane{l.ID, l.Name, l.Kind, l.Hidden})
		}
		sorted := &Journey{Stages: j.Stages, Lanes: j.Lanes, Touchpoints: slices.Clone(j.Touchpoints)}
		SortTouchpoints(sorted)
		for _, t := range sorted.Touchpoints {
			var emo map[ID]int
			if len(t.Emotions) > 0 {
				emo = t.Emotions
			}
			jj.Touchpoints = append(jj.Touchpoints, jsonTouchpoint{
				ID: t.ID, Stage: t.StageID, Lane: t.LaneID, Order: t.Order, Title: t.Title, Notes: t.Notes,
				Channel: t.Channel, Emotions: emo, PainPoint: t.PainPoint, Opportunity: t.Opportunity,
				MomentOfTruth: t.MomentOfTruth, Owner: t.Owner, Tags: t.Tags, Evidence: t.Evidence,
				EvidenceLinks: t.EvidenceLinks, Confidence: t.Confidence, Color: t.Color, Image: t.ImageID,
				Impact: t.Impact, Effort: t.Effort, Changed: FormatStamp(t.Changed)})
			if t.Impact != 0 || t.Effort != 0 {
				out.Version = max(out.Version, 3)
			}
			if !t.Changed.IsZero() {
				out.Version = 4
			}
		}
		for _, l := range j.Lenses {
			jj.Lenses = append(jj.Lenses, toJSONLens(l))
			out.Version = max(out.Version, 3)
			if l.Stale > 0 {
				out.Version = 4
			}
		}
		jj.Owner, jj.ReviewBy = j.Owner, FormatDate(j.ReviewBy)
		if j.Owner != "" || !j.ReviewBy.IsZero() {
			out.Version = 4
		}
		if (jj.Behaviour != nil || jj.PreviousBehaviour != nil) && out.Version < 2 {
			out.Version = 2
		}
		out.Journeys = append(out.Journeys, jj)
	}
	for _, im := range p.Images {
		out.Images = append(out.Images, jsonImage{im.ID, im.MIME, im.Width, im.Height, im.Data})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	if buf.Len() > jsonLimit {
		return nil, fmt.Errorf("the project's JSON would be %s bytes, more than the %s Waymark can import", Grouped(int64(buf.Len())), Grouped(int64(jsonLimit)))
	}
	return buf.Bytes(), nil
}

// DecodeJSON reads a project written by EncodeJSON. The input is untrusted:
// unknown fields, a wrong format header, broken references and images whose
// headers do not match their data are all rejected with a message naming the
// line or the object.
func DecodeJSON(r io.Reader) (*Project, error) {
	data, err := io.ReadAll(io.LimitReader(r, int64(jsonLimit)+1))
	if err != nil {
		return nil, err
	}
	if len(data) > jsonLimit {
		return nil, fmt.Errorf("it is larger than %s bytes, the most Waymark imports", Grouped(int64(jsonLimit)))
	}
	// JSON is UTF-8; the decoder would quietly turn other bytes into U+FFFD.
	if !utf8.Valid(data) {
		at := 0
		for at < len(data) {
			r, n := utf8.DecodeRune(data[at:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			at += n
		}
		return nil, fmt.Errorf("line %d: the text is not valid UTF-8 (byte 0x%02x)", lineAt(data, int64(at)), data[at])
	}
	var in jsonProject
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return nil, jsonError(data, err)
	}
	// dec.More would miss a stray "]" or "}": look at the rest directly.
	rest := dec.InputOffset()
	for rest < int64(len(data)) && strings.IndexByte(" \t\r\n", data[rest]) >= 0 {
		rest++
	}
	if rest < int64(len(data)) {
		return nil, fmt.Errorf("line %d: unexpected data after the project", lineAt(data, rest))
	}
	if err := duplicateKey(data[:dec.InputOffset()], "the project"); err != nil {
		return nil, err
	}
	if in.Format != JSONFormat {
		return nil, fmt.Errorf("it is not a Waymark project (field \"format\" should be %q)", JSONFormat)
	}
	if in.Version < 1 {
		return nil, fmt.Errorf("field \"version\" is missing or %d; a Waymark project has version 1 to %d", in.Version, JSONVersion)
	}
	if in.Version > JSONVersion {
		return nil, fmt.Errorf("it was made by a newer version of Waymark (JSON version %d); this version reads up to %d", in.Version, JSONVersion)
	}
	scale, err := ParseScale(in.EmotionScale)
	if err != nil {
		return nil, fmt.Errorf("field \"emotionScale\": %w", err)
	}
	p := &Project{ID: in.ID, Name: in.Name, Scale: scale}
	for _, x := range in.Personas {
		p.Personas = append(p.Personas, &Persona{x.ID, x.Name, x.Role, x.Quote, x.Goals, x.Frustrations, x.Photo})
	}
	for _, jj := range in.Journeys {
		j := &Journey{ID: jj.ID, Title: jj.Title, Description: jj.Description, PersonaIDs: jj.Personas,
			Behaviour: fromJSONBehaviour(jj.Behaviour), PreviousBehaviour: fromJSONBehaviour(jj.PreviousBehaviour)}
		for _, s := range jj.Stages {
			j.Stages = append(j.Stages, &Stage{s.ID, s.Name, s.Description, s.Color})
		}
		for _, l := range jj.Lanes {
			j.Lanes = append(j.Lanes, &Lane{l.ID, l.Name, l.Kind, l.Hidden})
		}
		for _, t := range jj.Touchpoints {
			j.Touchpoints = append(j.Touchpoints, &Touchpoint{
				ID: t.ID, StageID: t.Stage, LaneID: t.Lane, Order: t.Order, Title: t.Title, Notes: t.Notes,
				Channel: t.Channel, Emotions: t.Emotions, PainPoint: t.PainPoint, Opportunity: t.Opportunity,
				MomentOfTruth: t.MomentOfTruth, Owner: t.Owner, Tags: t.Tags, Evidence: t.Evidence,
				EvidenceLinks: t.EvidenceLinks, Confidence: t.Confidence, Color: t.Color, ImageID: t.Image,
				Impact: t.Impact, Effort: t.Effort})
			if t.Changed != "" {
				at, err := ParseStamp(t.Changed)
				if err != nil {
					return nil, fmt.Errorf("touchpoint %s: field \"changed\": %v", idText(t.ID), err)
				}
				j.Touchpoints[len(j.Touchpoints)-1].Changed = at
			}
		}
		j.Owner = jj.Owner
		if jj.ReviewBy != "" {
			d, err := ParseDate(jj.ReviewBy)
			if err != nil {
				return nil, fmt.Errorf("journey %s: field \"reviewBy\": %v", idText(jj.ID), err)
			}
			j.ReviewBy = d
		}
		for _, l := range jj.Lenses {
			j.Lenses = append(j.Lenses, fromJSONLens(l))
		}
		p.Journeys = append(p.Journeys, j)
	}
	for _, im := range in.Images {
		img := &Image{ID: im.ID, MIME: im.Type, Width: im.Width, Height: im.Height, Data: im.Data}
		if err := img.Check(); err != nil {
			return nil, err
		}
		p.Images = append(p.Images, img)
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return p, nil
}

func jsonError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var b64 base64.CorruptInputError
	switch {
	case errors.As(err, &syn):
		return fmt.Errorf("line %d: %v", lineAt(data, syn.Offset), syn)
	case errors.As(err, &typ) && typ.Field == "":
		return fmt.Errorf("line %d: a project should be a JSON object, not %s", lineAt(data, typ.Offset), typ.Value)
	case errors.As(err, &typ):
		return fmt.Errorf("line %d: field %q should be %s, not %s", lineAt(data, typ.Offset), typ.Field, jsonTypeName(typ.Type), typ.Value)
	case errors.As(err, &b64):
		return fmt.Errorf("the data of an image is not base64: %v", err)
	case errors.Is(err, io.EOF):
		return fmt.Errorf("it is empty")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("it ends in the middle of the project")
	}
	if strings.HasPrefix(err.Error(), "json: unknown field") {
		return fmt.Errorf("%s", strings.TrimPrefix(err.Error(), "json: "))
	}
	return err
}

// jsonTypeName says what a JSON value for a Go type looks like, rather than
// naming the codec's internal types.
func jsonTypeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return "base64 text"
		}
		return "a list"
	case reflect.String:
		return "text"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "a whole number"
	case reflect.Bool:
		return "true or false"
	}
	return t.String()
}

func lineAt(data []byte, offset int64) int {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	return bytes.Count(data[:offset], []byte("\n")) + 1
}

// keyFrame is an object or list duplicateKey is inside.
type keyFrame struct {
	object bool
	exact  bool     // keys are map keys (persona IDs), not field names
	keys   []string // keys seen so far
	set    map[string]bool
	key    string // the key whose value is being read
	index  int    // the element being read, in a list
}

// seen records key in an object and reports whether it was there already.
func (f *keyFrame) seen(key string) bool {
	if f.exact {
		// An emotions map may hold a score per persona: thousands.
		if f.set == nil {
			f.set = map[string]bool{}
		}
		dup := f.set[key]
		f.set[key] = true
		f.key = key
		return dup
	}
	// A Waymark object has at most a score of fields.
	for _, k := range f.keys {
		if strings.EqualFold(k, key) {
			return true
		}
	}
	f.keys = append(f.keys, key)
	f.key = key
	return false
}

// duplicateKey refuses an object that gives a key twice, which the decoder
// takes silently (the last one wins) though it refuses unknown keys: the
// two values would say different things and only one would be kept. data is
// one JSON value the decoder has accepted, so it is well formed; the scan
// still checks every index so that it cannot panic. Keys of a Waymark
// object are matched as the decoder matches them to fields, ignoring case
// ("Title" is "title"); the keys of the emotions map are persona IDs, and
// those are matched exactly.
func duplicateKey(data []byte, root string) error {
	var stack []*keyFrame
	expectKey := false
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '{', '[':
			f := &keyFrame{object: data[i] == '{'}
			if n := len(stack); n > 0 && stack[n-1].object {
				f.exact = f.object && strings.EqualFold(stack[n-1].key, "emotions")
			}
			stack = append(stack, f)
			expectKey = f.object
		case '}', ']':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			expectKey = false
		case ',':
			if n := len(stack); n > 0 {
				if stack[n-1].object {
					expectKey = true
				} else {
					stack[n-1].index++
				}
			}
		case '"':
			start := i
			escaped := false
			for i++; i < len(data) && data[i] != '"'; i++ {
				if data[i] == '\\' {
					escaped = true
					i++
				}
			}
			if !expectKey || len(stack) == 0 || i >= len(data) {
				continue
			}
			expectKey = false
			key := string(data[start+1 : i])
			if escaped {
				if err := json.Unmarshal(data[start:i+1], &key); err != nil {
					return err
				}
			}
			if stack[len(stack)-1].seen(key) {
				return fmt.Errorf("line %d: key %q appears twice in %s; a key may be given once",
					lineAt(data, int64(start)), clipText(key), jsonPath(stack, root))
			}
		}
	}
	return nil
}

// jsonPath names where the innermost object of stack is, as a person finds
// it in the file: "journeys[0].touchpoints[3]", or root.
func jsonPath(stack []*keyFrame, root string) string {
	var b strings.Builder
	for _, f := range stack[:len(stack)-1] {
		if f.object {
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			if f.exact {
				b.WriteString(strconv.Quote(clipText(f.key)))
			} else {
				b.WriteString(f.key)
			}
		} else {
			fmt.Fprintf(&b, "[%d]", f.index)
		}
	}
	if b.Len() == 0 {
		return root
	}
	return b.String()
}

// The behaviour figures' JSON: each field named explicitly, so that the
// encoding stays what it is when a Go field is renamed. It is the figures'
// one encoding: the project JSON carries it, and a .cjm stores it (see
// MarshalBehaviour). Lists are never omitted, since a nil list and an empty
// one can differ (no placeholders given means the defaults).

type jsonBehaviour struct {
	Mapping          jsonMapping          `json:"mapping"`
	Sources          []jsonSource         `json:"sources"`
	Persons          int64                `json:"persons"`
	Events           int64                `json:"events"`
	Unattributable   int64                `json:"unattributable"`
	Unmapped         int64                `json:"unmapped"`
	UnmappedEvents   []jsonNameCount      `json:"unmappedEvents"`
	BadRows          int64                `json:"badRows"`
	Stages           []jsonStageFigures   `json:"stages"`
	TopStagePaths    []jsonNameCount      `json:"topStagePaths"`
	TopChannelPaths  []jsonNameCount      `json:"topChannelPaths"`
	SegmentAttribute string               `json:"segmentAttribute"`
	Segments         []jsonSegmentValue   `json:"segments"`
	Stitching        jsonStitchingSummary `json:"stitching"`
}

type jsonMapping struct {
	Time        jsonTimeColumn    `json:"time"`
	Identifiers []string          `json:"identifiers"`
	Event       string            `json:"event"`
	Channel     string            `json:"channel"`
	Source      string            `json:"source"`
	Medium      string            `json:"medium"`
	Attributes  []string          `json:"attributes"`
	Stitching   jsonStitching     `json:"stitching"`
	Rules       []jsonStageRule   `json:"rules"`
	Metrics     jsonMetricOptions `json:"metrics"`
}

// The types below convert to and from the model's types as they are (Go
// ignores tags in a conversion), so a field added to one of those without
// its JSON name here fails to compile rather than vanishing from files.

type jsonTimeColumn struct {
	Column string   `json:"column"`
	Zone   string   `json:"zone"`
	Unit   TimeUnit `json:"unit"`
}

type jsonStitching struct {
	Placeholders []string `json:"placeholders"`
	MaxLinks     int      `json:"maxLinks"`
}

type jsonStageRule struct {
	Stage     string    `json:"stage"`
	Match     MatchKind `json:"match"`
	Pattern   string    `json:"pattern"`
	Channel   string    `json:"channel"`
	Attribute string    `json:"attribute"`
	Value     string    `json:"value"`
}

type jsonMetricOptions struct {
	Mode          MetricMode `json:"mode"`
	WindowSeconds int64      `json:"windowSeconds"`
	Segment       string     `json:"segment"`
	FoldBelow     int        `json:"foldBelow"`
	BadRowLimit   float64    `json:"badRowLimit"`
}

type jsonSource struct {
	Name       string `json:"name"`
	Size       int64  `json:"size"`
	SHA256     string `json:"sha256"`
	Rows       int64  `json:"rows"`
	FirstEvent int64  `json:"firstEvent"`
	LastEvent  int64  `json:"lastEvent"`
	ImportedAt int64  `json:"importedAt"`
}

type jsonNameCount struct {
	Name  string `json:"name"`
	Count int64  `json:"count"`
}

type jsonChannelShare struct {
	Channel string  `json:"channel"`
	Events  int64   `json:"events"`
	Share   float64 `json:"share"`
}

type jsonStageFigures struct {
	Stage                  string             `json:"stage"`
	StageID                ID                 `json:"stageId"`
	Reached                int64              `json:"reached"`
	ConversionFromPrevious float64            `json:"conversionFromPrevious"`
	ConversionFromFirst    float64            `json:"conversionFromFirst"`
	DropOff                int64              `json:"dropOff"`
	DropOffRate            float64            `json:"dropOffRate"`
	Timed                  int64              `json:"timed"`
	MedianSeconds          float64            `json:"medianSeconds"`
	P90Seconds             float64            `json:"p90Seconds"`
	Channels               []jsonChannelShare `json:"channels"`
	EntryChannels          []jsonNameCount    `json:"entryChannels"`
	TopEvents              []jsonEventChannel `json:"topEvents"`
}

type jsonEventChannel struct {
	Event   string `json:"event"`
	Channel string `json:"channel"`
	Persons int64  `json:"persons"`
}

type jsonSegmentValue struct {
	Value   string             `json:"value"`
	Persons int64              `json:"persons"`
	Stages  []jsonStageFigures `json:"stages"`
}

type jsonStitchingSummary struct {
	Identifiers        int64           `json:"identifiers"`
	Merges             int64           `json:"merges"`
	PlaceholderRefused []jsonNameCount `json:"placeholderRefused"`
	SharedRefused      int64           `json:"sharedRefused"`
	SharedRefusedLinks []int64         `json:"sharedRefusedLinks"`
}

// convertAll converts each element of a list, keeping nil as nil and an
// empty list empty.
func convertAll[A, B any](in []A, f func(A) B) []B {
	if in == nil {
		return nil
	}
	out := make([]B, len(in))
	for i, x := range in {
		out[i] = f(x)
	}
	return out
}

func toJSONNameCount(n NameCount) jsonNameCount     { return jsonNameCount(n) }
func fromJSONNameCount(n jsonNameCount) NameCount   { return NameCount(n) }
func toJSONShare(c ChannelShare) jsonChannelShare   { return jsonChannelShare(c) }
func fromJSONShare(c jsonChannelShare) ChannelShare { return ChannelShare(c) }
func toJSONSource(s SourceFingerprint) jsonSource   { return jsonSource(s) }
func fromJSONSource(s jsonSource) SourceFingerprint { return SourceFingerprint(s) }
func toJSONRule(r StageRule) jsonStageRule          { return jsonStageRule(r) }
func fromJSONRule(r jsonStageRule) StageRule        { return StageRule(r) }

func toJSONEventChannel(e EventChannel) jsonEventChannel   { return jsonEventChannel(e) }
func fromJSONEventChannel(e jsonEventChannel) EventChannel { return EventChannel(e) }

func toJSONStageFigures(s StageFigures) jsonStageFigures {
	return jsonStageFigures{s.Stage, s.StageID, s.Reached, s.ConversionFromPrevious, s.ConversionFromFirst,
		s.DropOff, s.DropOffRate, s.Timed, s.MedianSeconds, s.P90Seconds,
		convertAll(s.Channels, toJSONShare), convertAll(s.EntryChannels, toJSONNameCount), convertAll(s.TopEvents, toJSONEventChannel)}
}

func fromJSONStageFigures(s jsonStageFigures) StageFigures {
	return StageFigures{s.Stage, s.StageID, s.Reached, s.ConversionFromPrevious, s.ConversionFromFirst,
		s.DropOff, s.DropOffRate, s.Timed, s.MedianSeconds, s.P90Seconds,
		convertAll(s.Channels, fromJSONShare), convertAll(s.EntryChannels, fromJSONNameCount), convertAll(s.TopEvents, fromJSONEventChannel)}
}

func toJSONSegment(s SegmentValue) jsonSegmentValue {
	return jsonSegmentValue{s.Value, s.Persons, convertAll(s.Stages, toJSONStageFigures)}
}

func fromJSONSegment(s jsonSegmentValue) SegmentValue {
	return SegmentValue{s.Value, s.Persons, convertAll(s.Stages, fromJSONStageFigures)}
}

// toJSONBehaviour and fromJSONBehaviour build every composite with
// positional fields, so that a field added to the model's type breaks the
// build here too.
func toJSONBehaviour(b *Behaviour) *jsonBehaviour {
	if b == nil {
		return nil
	}
	m := b.Mapping
	st := b.Stitching
	return &jsonBehaviour{
		jsonMapping{jsonTimeColumn(m.Time), m.Identifiers, m.Event, m.Channel, m.Source, m.Medium, m.Attributes,
			jsonStitching(m.Stitching), convertAll(m.Rules, toJSONRule), jsonMetricOptions(m.Metrics)},
		convertAll(b.Sources, toJSONSource), b.Persons, b.Events, b.Unattributable, b.Unmapped,
		convertAll(b.UnmappedEvents, toJSONNameCount), b.BadRows, convertAll(b.Stages, toJSONStageFigures),
		convertAll(b.TopStagePaths, toJSONNameCount), convertAll(b.TopChannelPaths, toJSONNameCount),
		b.SegmentAttribute, convertAll(b.Segments, toJSONSegment),
		jsonStitchingSummary{st.Identifiers, st.Merges, convertAll(st.PlaceholderRefused, toJSONNameCount),
			st.SharedRefused, st.SharedRefusedLinks},
	}
}

func fromJSONBehaviour(j *jsonBehaviour) *Behaviour {
	if j == nil {
		return nil
	}
	m := j.Mapping
	st := j.Stitching
	return &Behaviour{
		Mapping{TimeColumn(m.Time), m.Identifiers, m.Event, m.Channel, m.Source, m.Medium, m.Attributes,
			Stitching(m.Stitching), convertAll(m.Rules, fromJSONRule), MetricOptions(m.Metrics)},
		convertAll(j.Sources, fromJSONSource), j.Persons, j.Events, j.Unattributable, j.Unmapped,
		convertAll(j.UnmappedEvents, fromJSONNameCount), j.BadRows, convertAll(j.Stages, fromJSONStageFigures),
		convertAll(j.TopStagePaths, fromJSONNameCount), convertAll(j.TopChannelPaths, fromJSONNameCount),
		j.SegmentAttribute, convertAll(j.Segments, fromJSONSegment),
		StitchingSummary{st.Identifiers, st.Merges, convertAll(st.PlaceholderRefused, fromJSONNameCount),
			st.SharedRefused, st.SharedRefusedLinks},
	}
}

// MaxBehaviourJSON caps the encoded figures of one import: what a .cjm
// holds in one row, and what ReplaceBehaviour accepts.
const MaxBehaviourJSON = 16 << 20

// MarshalBehaviour is the compact, stable JSON of one import's figures:
// the same figures always give the same bytes (no maps, fixed field
// order), which the .cjm stores and its digest covers.
func MarshalBehaviour(b *Behaviour) ([]byte, error) {
	if b == nil {
		return nil, errNil("behaviour")
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(toJSONBehaviour(b)); err != nil {
		return nil, err
	}
	out := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	if len(out) > MaxBehaviourJSON {
		return nil, fmt.Errorf("the behaviour figures are %s bytes as JSON, more than the %s a file can hold", Grouped(int64(len(out))), Grouped(MaxBehaviourJSON))
	}
	return out, nil
}

// UnmarshalBehaviour reads figures written by MarshalBehaviour from an
// untrusted source, strictly: text that is not UTF-8, an unknown key, a key
// given twice and anything after the value are refused, in one sentence
// naming where. It does not run Check; the caller does, naming the object.
func UnmarshalBehaviour(data []byte) (*Behaviour, error) {
	in, err := strictJSON[jsonBehaviour](data, MaxBehaviourJSON, "the figures")
	if err != nil {
		return nil, err
	}
	return fromJSONBehaviour(in), nil
}

// strictJSON decodes one JSON object of a column of a .cjm (what names it
// in messages: "the figures"), refusing text that is not UTF-8, more than
// limit bytes, an unknown key, a key given twice, null, and anything after
// the value.
func strictJSON[T any](data []byte, limit int, what string) (*T, error) {
	if len(data) > limit {
		return nil, fmt.Errorf("it is %s bytes, more than the %s allowed", Grouped(int64(len(data))), Grouped(int64(limit)))
	}
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("it is not valid UTF-8")
	}
	var in *T
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return nil, columnJSONError(err, what)
	}
	if in == nil {
		return nil, fmt.Errorf("it is null, not %s", what)
	}
	rest := dec.InputOffset()
	for rest < int64(len(data)) && strings.IndexByte(" \t\r\n", data[rest]) >= 0 {
		rest++
	}
	if rest < int64(len(data)) {
		return nil, fmt.Errorf("unexpected data after %s, at byte %d", what, rest+1)
	}
	if err := duplicateKey(data, what); err != nil {
		return nil, errors.New(strings.TrimPrefix(err.Error(), "line 1: "))
	}
	return in, nil
}

// columnJSONError words a decoding error of a column's JSON (what: "the
// figures"), which is one line: by byte, not by line.
func columnJSONError(err error, what string) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Errorf("byte %d: %v", syn.Offset, syn)
	case errors.As(err, &typ) && typ.Field == "":
		return fmt.Errorf("%s should be a JSON object, not %s", what, typ.Value)
	case errors.As(err, &typ):
		return fmt.Errorf("field %q should be %s, not %s", typ.Field, jsonTypeName(typ.Type), typ.Value)
	case errors.Is(err, io.EOF):
		return fmt.Errorf("it is empty")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("it ends in the middle of %s", what)
	}
	if strings.HasPrefix(err.Error(), "json: unknown field") {
		return fmt.Errorf("%s", strings.TrimPrefix(err.Error(), "json: "))
	}
	return err
}
