package model

import (
	"fmt"
	"math"
	"unicode/utf8"
)

// Behaviour figures: what an event log says customers did, per journey
// stage. The behaviour package computes them from logs; this file only
// holds them, as plain values, so that storage can persist them and the
// board can draw them without knowing where they came from. Nothing here
// holds a raw event or a person's identifier: a map with behaviour figures
// is safe to share.

// TimeUnit says how a log's time column is written.
type TimeUnit string

const (
	TimeISO    TimeUnit = "iso"     // ISO 8601 text, with or without an offset
	TimeUnixS  TimeUnit = "unix_s"  // seconds since 1970-01-01 UTC
	TimeUnixMS TimeUnit = "unix_ms" // milliseconds since 1970-01-01 UTC
)

// MetricMode says how a person reaches a stage.
type MetricMode string

const (
	// ModeFunnel: stage k counts only at or after the person reached
	// stage k−1, in the journey's order.
	ModeFunnel MetricMode = "funnel"
	// ModePresence: any event of the stage counts.
	ModePresence MetricMode = "presence"
)

// MatchKind says how a stage rule's pattern is compared with an event name.
type MatchKind string

const (
	MatchExact MatchKind = "exact"
	MatchGlob  MatchKind = "glob"  // * ? [a-z], the whole name
	MatchRegex MatchKind = "regex" // RE2; matches anywhere unless anchored
)

// Defaults from issue #10.
const (
	DefaultMaxLinks    = 50   // an identifier linked to more is not used to link
	DefaultFoldBelow   = 5    // segment values and paths held by fewer persons fold into "Other"
	DefaultBadRowLimit = 0.05 // more than this share of bad rows stops an import
	TopPaths           = 20   // how many stage and channel paths are kept
	TopEntryChannels   = 5    // how many entry channels a stage keeps
	TopStageEvents     = 5    // how many (event, channel) pairs a stage keeps, for suggested cards
	TopRefused         = 20   // how many refused identifiers the report keeps
	FoldedValue        = "Other"
	NoValue            = "(none)" // a person without the segment attribute, an event without a channel

	// MaxBehaviourStages caps the stages one behaviour holds: the rules
	// of a mapping file are a few dozen at most.
	MaxBehaviourStages = 1_000
	// MaxBehaviourList caps each other list (sources, unmapped names,
	// channels, segment values).
	MaxBehaviourList = 10_000
)

// DefaultPlaceholders are identifier values that never link anything:
// what tracking code writes when it has no real identifier. They match
// case-insensitively and also when wrapped in quotes; so does any value
// made only of zeros and dashes.
func DefaultPlaceholders() []string {
	return []string{"", "0", "-1", "null", "none", "nan", "undefined", "unknown", "anonymous", "guest",
		"not_authenticated", "true", "false", "id", "distinct_id", "email", "[object Object]"}
}

// Mapping says how to read one shape of event log: which column plays
// which role, how identities are stitched, which events are which stage,
// and which figures to compute. It is what a mapping file holds.
type Mapping struct {
	Time TimeColumn
	// Identifiers are the columns that identify a person, strongest first
	// (user id, email hash, device id, anonymous id, case id). Two values
	// of the first are never one person.
	Identifiers []string
	Event       string // the event name column
	// Channel is one column, or Source and Medium are joined as
	// "source / medium". All empty: no channel figures.
	Channel    string
	Source     string
	Medium     string
	Attributes []string // other columns kept for segments and rule conditions
	Stitching  Stitching
	Rules      []StageRule
	Metrics    MetricOptions
}

// TimeColumn is the column that says when an event happened.
type TimeColumn struct {
	Column string
	// Zone is the IANA zone for date-times written without an offset;
	// empty means the machine's.
	Zone string
	Unit TimeUnit // empty means iso
}

// Stitching holds the identity stitching options.
type Stitching struct {
	Placeholders []string // nil means DefaultPlaceholders
	MaxLinks     int      // 0 means DefaultMaxLinks
}

// StageRule maps events to a stage. Rules are tried in order; the first
// that matches wins.
type StageRule struct {
	Stage   string
	Match   MatchKind // empty means exact
	Pattern string
	// Channel, when set, must equal the event's channel.
	Channel string
	// Attribute and Value, when set, require the event's attribute column
	// to hold that value.
	Attribute string
	Value     string
}

// MetricOptions says which figures an import computes.
type MetricOptions struct {
	Mode MetricMode // empty means funnel
	// WindowSeconds is the conversion window W (funnel mode): 0 is none.
	WindowSeconds int64
	// Segment is the attribute whose values split the figures; empty: none.
	Segment string
	// FoldBelow: values and paths held by fewer persons fold into "Other";
	// 0 means DefaultFoldBelow.
	FoldBelow int
	// BadRowLimit is the largest share of bad rows an import goes on
	// with; 0 means DefaultBadRowLimit.
	BadRowLimit float64
}

// DefaultMapping is a mapping with the defaults and no columns.
func DefaultMapping() Mapping {
	return Mapping{
		Time:      TimeColumn{Unit: TimeISO},
		Stitching: Stitching{Placeholders: DefaultPlaceholders(), MaxLinks: DefaultMaxLinks},
		Metrics:   MetricOptions{Mode: ModeFunnel, FoldBelow: DefaultFoldBelow, BadRowLimit: DefaultBadRowLimit},
	}
}

// WithDefaults returns m with every empty option set to its default.
func (m Mapping) WithDefaults() Mapping {
	if m.Time.Unit == "" {
		m.Time.Unit = TimeISO
	}
	if m.Stitching.Placeholders == nil {
		m.Stitching.Placeholders = DefaultPlaceholders()
	}
	if m.Stitching.MaxLinks == 0 {
		m.Stitching.MaxLinks = DefaultMaxLinks
	}
	if m.Metrics.Mode == "" {
		m.Metrics.Mode = ModeFunnel
	}
	if m.Metrics.FoldBelow == 0 {
		m.Metrics.FoldBelow = DefaultFoldBelow
	}
	if m.Metrics.BadRowLimit == 0 {
		m.Metrics.BadRowLimit = DefaultBadRowLimit
	}
	rules := make([]StageRule, len(m.Rules))
	for i, r := range m.Rules {
		if r.Match == "" {
			r.Match = MatchExact
		}
		rules[i] = r
	}
	m.Rules = rules
	return m
}

// SourceFingerprint identifies one log file an import read, without its
// content, so a later import can say whether the same file was read.
type SourceFingerprint struct {
	Name       string // base name
	Size       int64  // bytes
	SHA256     string // hex
	Rows       int64
	FirstEvent int64 // Unix milliseconds; 0 when the file had no event
	LastEvent  int64
	ImportedAt int64 // Unix milliseconds
}

// NameCount is a name with how many events or persons it has.
type NameCount struct {
	Name  string
	Count int64
}

// ChannelShare is one channel's share of a stage's events.
type ChannelShare struct {
	Channel string
	Events  int64
	Share   float64 // 0..1
}

// StageFigures are one stage's figures.
type StageFigures struct {
	Stage   string
	StageID ID // the journey stage, filled in by whoever applies the figures
	Reached int64
	// ConversionFromPrevious is the share of the previous stage's persons
	// who reached this one (1 for the first stage); ConversionFromFirst
	// the same for the first stage's persons. Both 0..1.
	ConversionFromPrevious float64
	ConversionFromFirst    float64
	// DropOff is how many of the previous stage's persons did not reach
	// this one; DropOffRate is that share of them (0..1).
	DropOff     int64
	DropOffRate float64
	// Timed is how many persons the time figures are over: those who
	// reached this stage from the previous one (funnel mode; 0 otherwise
	// and for the first stage).
	Timed         int64
	MedianSeconds float64 // mean of the two middle values for an even count
	P90Seconds    float64 // nearest rank
	// Channels is the share of the stage's events per channel, most first.
	Channels []ChannelShare
	// EntryChannels are the channels of the events by which persons
	// reached the stage, the 5 most frequent.
	EntryChannels []NameCount
	// TopEvents are the stage's most frequent (event, channel) pairs by
	// the persons who had them, most first, those of fewer persons than
	// the fold left out: the cards a map could suggest for the stage.
	TopEvents []EventChannel
}

// EventChannel is an event name with a channel, and how many persons had
// it in a stage.
type EventChannel struct {
	Event, Channel string
	Persons        int64
}

// SegmentValue is the figures of the persons with one value of the
// segment attribute (or of the folded "Other").
type SegmentValue struct {
	Value   string
	Persons int64
	Stages  []StageFigures
}

// StitchingSummary says what identity stitching did. Refused shared
// identifiers are counted, not named: their values stay in the import's
// report and never reach the map.
type StitchingSummary struct {
	Identifiers int64 // distinct usable identifiers
	Merges      int64 // identifiers joined into another's person
	// PlaceholderRefused are the placeholder values met, with their
	// event counts, most first (at most 20).
	PlaceholderRefused []NameCount
	// SharedRefused is how many identifiers were not used to link because
	// they were shared by two or more strongest identifiers or linked to
	// too many others; SharedRefusedLinks the link counts of the 20 most
	// linked, most first.
	SharedRefused      int64
	SharedRefusedLinks []int64
}

// Behaviour is the result of one import: the figures of one journey.
type Behaviour struct {
	Mapping Mapping // as applied, defaults filled in
	Sources []SourceFingerprint
	Persons int64
	Events  int64 // events read, bad rows excluded
	// Unattributable events had only placeholder identifiers.
	Unattributable int64
	// Unmapped events matched no rule; UnmappedEvents names them, most
	// first.
	Unmapped       int64
	UnmappedEvents []NameCount
	BadRows        int64
	Stages         []StageFigures // the stages that have rules, in the journey's order
	// TopStagePaths are persons' stages in the order first reached, as
	// "A > B > C"; TopChannelPaths their channels in time order with
	// repeats collapsed. The 20 most frequent; paths of fewer persons
	// than the fold threshold are folded into "Other".
	TopStagePaths   []NameCount
	TopChannelPaths []NameCount
	// SegmentAttribute is the attribute Segments split by; empty: none.
	SegmentAttribute string
	Segments         []SegmentValue
	Stitching        StitchingSummary
}

// Check says what is wrong with b, naming the object and the field, or
// returns nil. It is meant for figures read from an untrusted file.
func (b *Behaviour) Check() error {
	if b == nil {
		return fmt.Errorf("behaviour is missing")
	}
	if err := b.Mapping.Check(); err != nil {
		return err
	}
	for _, c := range []struct {
		field string
		n     int64
	}{{"persons", b.Persons}, {"events", b.Events}, {"unattributable events", b.Unattributable},
		{"unmapped events", b.Unmapped}, {"bad rows", b.BadRows}} {
		if c.n < 0 {
			return fmt.Errorf("behaviour: %s is %d, a negative count", c.field, c.n)
		}
	}
	if len(b.Sources) > MaxBehaviourList {
		return fmt.Errorf("behaviour: %d sources, more than the %d allowed", len(b.Sources), MaxBehaviourList)
	}
	for i, s := range b.Sources {
		what := fmt.Sprintf("behaviour source %d", i+1)
		if err := checkName(what, "name", s.Name); err != nil {
			return err
		}
		if s.Size < 0 || s.Rows < 0 {
			return fmt.Errorf("%s %q: size or rows is negative", what, s.Name)
		}
		if len(s.SHA256) != 64 {
			return fmt.Errorf("%s %q: SHA-256 is %d characters, not 64", what, s.Name, len(s.SHA256))
		}
		for _, r := range s.SHA256 {
			if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
				return fmt.Errorf("%s %q: SHA-256 is not lower-case hex", what, s.Name)
			}
		}
	}
	if err := checkNameCounts("behaviour", "unmapped events", b.UnmappedEvents); err != nil {
		return err
	}
	if err := checkStages("behaviour", b.Stages); err != nil {
		return err
	}
	if err := checkNameCounts("behaviour", "top stage paths", b.TopStagePaths); err != nil {
		return err
	}
	if err := checkNameCounts("behaviour", "top channel paths", b.TopChannelPaths); err != nil {
		return err
	}
	if err := checkName("behaviour", "segment attribute", b.SegmentAttribute); err != nil {
		return err
	}
	if len(b.Segments) > MaxBehaviourList {
		return fmt.Errorf("behaviour: %d segment values, more than the %d allowed", len(b.Segments), MaxBehaviourList)
	}
	for _, s := range b.Segments {
		what := fmt.Sprintf("behaviour segment %q", clip(s.Value))
		if err := checkName(what, "value", s.Value); err != nil {
			return err
		}
		if s.Persons < 0 {
			return fmt.Errorf("%s: persons is %d, a negative count", what, s.Persons)
		}
		if err := checkStages(what, s.Stages); err != nil {
			return err
		}
	}
	st := b.Stitching
	if st.Identifiers < 0 || st.Merges < 0 || st.SharedRefused < 0 {
		return fmt.Errorf("behaviour stitching: a count is negative")
	}
	if err := checkNameCounts("behaviour stitching", "placeholders refused", st.PlaceholderRefused); err != nil {
		return err
	}
	if len(st.SharedRefusedLinks) > MaxBehaviourList {
		return fmt.Errorf("behaviour stitching: %d shared link counts, more than the %d allowed", len(st.SharedRefusedLinks), MaxBehaviourList)
	}
	for _, n := range st.SharedRefusedLinks {
		if n < 0 {
			return fmt.Errorf("behaviour stitching: a shared identifier's link count is %d, negative", n)
		}
	}
	return nil
}

// Check says what is wrong with a mapping's values, naming the field or
// the rule, or returns nil. Whether its columns exist is for the log to
// say.
func (m Mapping) Check() error {
	switch m.Time.Unit {
	case "", TimeISO, TimeUnixS, TimeUnixMS:
	default:
		return fmt.Errorf("mapping: time unit %q is not iso, unix_s or unix_ms", clip(string(m.Time.Unit)))
	}
	names := []struct{ field, v string }{{"time column", m.Time.Column}, {"time zone", m.Time.Zone},
		{"event column", m.Event}, {"channel column", m.Channel}, {"source column", m.Source},
		{"medium column", m.Medium}, {"segment", m.Metrics.Segment}}
	for _, n := range names {
		if err := checkName("mapping", n.field, n.v); err != nil {
			return err
		}
	}
	for _, list := range []struct {
		field string
		v     []string
	}{{"identifier column", m.Identifiers}, {"attribute column", m.Attributes}, {"placeholder", m.Stitching.Placeholders}} {
		if len(list.v) > MaxBehaviourList {
			return fmt.Errorf("mapping: %d of %ss, more than the %d allowed", len(list.v), list.field, MaxBehaviourList)
		}
		for _, v := range list.v {
			if err := checkName("mapping", list.field, v); err != nil {
				return err
			}
		}
	}
	if m.Stitching.MaxLinks < 0 {
		return fmt.Errorf("mapping: max links is %d, negative", m.Stitching.MaxLinks)
	}
	if len(m.Rules) > MaxBehaviourStages*10 {
		return fmt.Errorf("mapping: %d stage rules, more than the %d allowed", len(m.Rules), MaxBehaviourStages*10)
	}
	for i, r := range m.Rules {
		what := fmt.Sprintf("mapping rule %d", i+1)
		switch r.Match {
		case "", MatchExact, MatchGlob, MatchRegex:
		default:
			return fmt.Errorf("%s: match %q is not exact, glob or regex", what, clip(string(r.Match)))
		}
		if r.Stage == "" {
			return fmt.Errorf("%s: it names no stage", what)
		}
		for _, n := range []struct{ field, v string }{{"stage", r.Stage}, {"pattern", r.Pattern},
			{"channel", r.Channel}, {"attribute", r.Attribute}, {"value", r.Value}} {
			if err := checkName(what, n.field, n.v); err != nil {
				return err
			}
		}
	}
	switch m.Metrics.Mode {
	case "", ModeFunnel, ModePresence:
	default:
		return fmt.Errorf("mapping: mode %q is not funnel or presence", clip(string(m.Metrics.Mode)))
	}
	if m.Metrics.WindowSeconds < 0 {
		return fmt.Errorf("mapping: window is %d seconds, negative", m.Metrics.WindowSeconds)
	}
	if m.Metrics.FoldBelow < 0 {
		return fmt.Errorf("mapping: fold threshold is %d, negative", m.Metrics.FoldBelow)
	}
	if l := m.Metrics.BadRowLimit; math.IsNaN(l) || l < 0 || l > 1 {
		return fmt.Errorf("mapping: bad-row limit is %v, not a share between 0 and 1", l)
	}
	return nil
}

func checkStages(what string, stages []StageFigures) error {
	if len(stages) > MaxBehaviourStages {
		return fmt.Errorf("%s: %d stages, more than the %d allowed", what, len(stages), MaxBehaviourStages)
	}
	for i, s := range stages {
		obj := fmt.Sprintf("%s stage %d %q", what, i+1, clip(s.Stage))
		if err := checkName(obj, "name", s.Stage); err != nil {
			return err
		}
		if len(s.StageID) > MaxIDBytes {
			return fmt.Errorf("%s: stage id is %d bytes, more than %d", obj, len(s.StageID), MaxIDBytes)
		}
		for _, c := range []struct {
			field string
			n     int64
		}{{"reached", s.Reached}, {"drop-off", s.DropOff}, {"timed", s.Timed}} {
			if c.n < 0 {
				return fmt.Errorf("%s: %s is %d, a negative count", obj, c.field, c.n)
			}
		}
		for _, c := range []struct {
			field string
			v     float64
		}{{"conversion from previous", s.ConversionFromPrevious}, {"conversion from first", s.ConversionFromFirst},
			{"drop-off rate", s.DropOffRate}} {
			if math.IsNaN(c.v) || c.v < 0 || c.v > 1 {
				return fmt.Errorf("%s: %s is %v, not a share between 0 and 1", obj, c.field, c.v)
			}
		}
		for _, c := range []struct {
			field string
			v     float64
		}{{"median time", s.MedianSeconds}, {"90th percentile time", s.P90Seconds}} {
			if math.IsNaN(c.v) || math.IsInf(c.v, 0) || c.v < 0 {
				return fmt.Errorf("%s: %s is %v seconds, not a finite non-negative number", obj, c.field, c.v)
			}
		}
		if len(s.Channels) > MaxBehaviourList {
			return fmt.Errorf("%s: %d channels, more than the %d allowed", obj, len(s.Channels), MaxBehaviourList)
		}
		for _, c := range s.Channels {
			if err := checkName(obj, "channel", c.Channel); err != nil {
				return err
			}
			if c.Events < 0 {
				return fmt.Errorf("%s: channel %q has %d events, a negative count", obj, clip(c.Channel), c.Events)
			}
			if math.IsNaN(c.Share) || c.Share < 0 || c.Share > 1 {
				return fmt.Errorf("%s: channel %q's share is %v, not between 0 and 1", obj, clip(c.Channel), c.Share)
			}
		}
		if err := checkNameCounts(obj, "entry channels", s.EntryChannels); err != nil {
			return err
		}
		if len(s.TopEvents) > MaxBehaviourList {
			return fmt.Errorf("%s: %d top events, more than the %d allowed", obj, len(s.TopEvents), MaxBehaviourList)
		}
		for _, e := range s.TopEvents {
			if err := checkName(obj, "top event", e.Event); err != nil {
				return err
			}
			if err := checkName(obj, "top event's channel", e.Channel); err != nil {
				return err
			}
			if e.Persons < 0 {
				return fmt.Errorf("%s: top event %q has %d persons, a negative count", obj, clip(e.Event), e.Persons)
			}
		}
	}
	return nil
}

func checkNameCounts(what, field string, list []NameCount) error {
	if len(list) > MaxBehaviourList {
		return fmt.Errorf("%s: %d %s, more than the %d allowed", what, len(list), field, MaxBehaviourList)
	}
	for _, n := range list {
		if err := checkName(what, field, n.Name); err != nil {
			return err
		}
		if n.Count < 0 {
			return fmt.Errorf("%s: %s %q has count %d, negative", what, field, clip(n.Name), n.Count)
		}
	}
	return nil
}

func checkName(what, field, v string) error {
	if len(v) > MaxNameBytes {
		return fmt.Errorf("%s: %s is %d bytes, more than %d", what, field, len(v), MaxNameBytes)
	}
	if !utf8.ValidString(v) {
		return fmt.Errorf("%s: %s is not valid UTF-8", what, field)
	}
	return nil
}

// clip shortens a value quoted in a message.
func clip(s string) string {
	if len(s) <= 60 {
		return s
	}
	i := 60
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

// Segment is the figures of the segment value called value, nil for ""
// or a value b lacks (or a nil b).
func (b *Behaviour) Segment(value string) *SegmentValue {
	if b == nil || value == "" {
		return nil
	}
	for i := range b.Segments {
		if b.Segments[i].Value == value {
			return &b.Segments[i]
		}
	}
	return nil
}

// StagesOf is the figures of everyone (segment "") or of one segment
// value; nil when b is nil or has no such value.
func (b *Behaviour) StagesOf(segment string) []StageFigures {
	switch {
	case b == nil:
		return nil
	case segment == "":
		return b.Stages
	}
	if v := b.Segment(segment); v != nil {
		return v.Stages
	}
	return nil
}

// ByStage is the figures of StagesOf(segment) by stage name, for showing
// a new import's change since the previous one; nil when there are none.
func (b *Behaviour) ByStage(segment string) map[string]StageFigures {
	list := b.StagesOf(segment)
	if list == nil {
		return nil
	}
	out := make(map[string]StageFigures, len(list))
	for _, s := range list {
		out[s.Stage] = s
	}
	return out
}
