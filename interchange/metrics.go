package interchange

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"waymark/model"
)

// MetricsHeader is the header of the stage metrics CSV: one row per stage,
// the whole journey's first (empty segment), then each segment value's.
// Shares are 0..1 and times seconds; the previous columns are empty
// without an earlier import.
var MetricsHeader = []string{"segment", "stage", "reached", "conversion_from_previous", "conversion_from_first", "drop_off", "drop_off_rate",
	"timed", "median_seconds", "p90_seconds", "top_channel", "top_channel_share", "previous_reached", "previous_conversion_from_first"}

// ExportMetricsCSV writes a journey's behaviour figures as the stage
// metrics CSV: of everyone and every segment value, or, when segment is
// not "", of that value only.
func ExportMetricsCSV(w io.Writer, j *model.Journey, segment string, opt ExportOptions) error {
	b := j.Behaviour
	if b == nil {
		return fmt.Errorf("journey %q has no behaviour figures; import an event log into it first (waymark events import)", j.Title)
	}
	if segment != "" && b.StagesOf(segment) == nil {
		return fmt.Errorf("journey %q has no segment value %q", j.Title, segment)
	}
	if opt.BOM {
		if _, err := io.WriteString(w, "\uFEFF"); err != nil {
			return err
		}
	}
	cw := csv.NewWriter(w)
	cw.Write(MetricsHeader)
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	rows := func(segment string, stages []model.StageFigures) {
		prev := j.PreviousBehaviour.ByStage(segment)
		for _, s := range stages {
			top, share := "", ""
			if len(s.Channels) > 0 {
				top, share = s.Channels[0].Channel, num(s.Channels[0].Share)
			}
			pr, pc := "", ""
			if p, ok := prev[s.Stage]; ok {
				pr, pc = strconv.FormatInt(p.Reached, 10), num(p.ConversionFromFirst)
			}
			cw.Write([]string{guard(segment), guard(s.Stage), strconv.FormatInt(s.Reached, 10), num(s.ConversionFromPrevious),
				num(s.ConversionFromFirst), strconv.FormatInt(s.DropOff, 10), num(s.DropOffRate), strconv.FormatInt(s.Timed, 10),
				num(s.MedianSeconds), num(s.P90Seconds), guard(top), share, pr, pc})
		}
	}
	if segment != "" {
		rows(segment, b.StagesOf(segment))
	} else {
		rows("", b.Stages)
		for _, s := range b.Segments {
			rows(s.Value, s.Stages)
		}
	}
	cw.Flush()
	return cw.Error()
}
