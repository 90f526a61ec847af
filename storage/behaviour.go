package storage

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strconv"

	"waymark/model"
)

// Behaviour figures (format 2): table behaviour holds each journey's
// figures of its latest import (slot 'current') and of the one before
// (slot 'previous'), as the compact JSON of model.MarshalBehaviour. The
// JSON is read strictly and checked (model.Behaviour.Check) before the
// project is validated, and any problem is named by table, journey, slot
// and field.

var (
	behaviourCols      = []string{"journey_id", "slot", "figures"}
	sqlInsertBehaviour = insertSQL("behaviour", behaviourCols)
	sqlDeleteBehaviour = "DELETE FROM behaviour WHERE journey_id = ?"
)

// The slots of table behaviour.
const (
	slotCurrent  = "current"
	slotPrevious = "previous"
)

// figureSlot is one row of table behaviour for a journey.
type figureSlot struct {
	slot    string
	figures *model.Behaviour
}

// figureSlots are the rows a journey has in table behaviour, current first.
func figureSlots(j *model.Journey) []figureSlot {
	switch {
	case j.Behaviour == nil && j.PreviousBehaviour == nil:
		return nil
	case j.PreviousBehaviour == nil:
		return []figureSlot{{slotCurrent, j.Behaviour}}
	case j.Behaviour == nil: // Validate refuses this; kept as it is meanwhile
		return []figureSlot{{slotPrevious, j.PreviousBehaviour}}
	}
	return []figureSlot{{slotCurrent, j.Behaviour}, {slotPrevious, j.PreviousBehaviour}}
}

// figuresJSON is the figures column of a row; figures a file cannot hold
// are refused naming the journey.
func figuresJSON(j *model.Journey, f figureSlot) (string, error) {
	data, err := model.MarshalBehaviour(f.figures)
	if err != nil {
		return "", fmt.Errorf("the %s behaviour figures of %s cannot be written: %v", f.slot, journeyName(string(j.ID), j.Title), err)
	}
	return string(data), nil
}

// journeyName names a journey in a message as the model does: by its title
// and ID, or by its ID when it has no title (or does not exist).
func journeyName(id, title string) string {
	if title == "" {
		return "journey " + idText(id)
	}
	return fmt.Sprintf("journey %q (id %s)", clip(title), idText(id))
}

// idText is an ID as a message shows it: as it is when plain (as every ID
// Waymark makes is), else quoted and shortened, so that an ID from a
// hostile file cannot break the line.
func idText(id string) string {
	if len(id) > 0 && len(id) <= 64 {
		plain := true
		for i := 0; i < len(id); i++ {
			if c := id[i]; c <= ' ' || c >= 0x7f || c == '"' || c == '\\' {
				plain = false
				break
			}
		}
		if plain {
			return id
		}
	}
	return strconv.Quote(clip(id))
}

var readBehaviourCols = []string{"journey_id", "slot", "figures"}

// loadFigures reads table behaviour into the journeys: each row's JSON
// strictly, then its Check. A row of a journey that does not exist, a slot
// given twice, and previous figures without current ones are refused.
func loadFigures(ctx context.Context, c *conn, list []*model.Journey, journeys map[model.ID]*model.Journey) error {
	err := read(ctx, c, tBehaviour, true, readBehaviourCols, "ORDER BY journey_id, slot, rowid",
		func(v []driver.Value, r *rowReader) {
			r.rowid = r.int64(v[0])
			id, slot := r.str("journey_id", v[1]), r.str("slot", v[2])
			data := r.str("figures", v[3])
			if r.err != nil {
				return
			}
			j := journeys[model.ID(id)]
			if j == nil {
				r.fail("journey %s does not exist", idText(id))
				return
			}
			where := fmt.Sprintf("table behaviour, %s, slot %s", journeyName(id, j.Title), clip(slot))
			var dest **model.Behaviour
			switch slot {
			case slotCurrent:
				dest = &j.Behaviour
			case slotPrevious:
				dest = &j.PreviousBehaviour
			default:
				r.err = bad("table behaviour, %s: slot %q is not current or previous", journeyName(id, j.Title), clip(slot))
				return
			}
			if *dest != nil {
				r.err = bad("%s: the slot appears twice", where)
				return
			}
			b, err := model.UnmarshalBehaviour([]byte(data))
			if err == nil {
				err = b.Check()
			}
			if err != nil {
				r.err = bad("%s: figures: %s", where, oneLine(err.Error()))
				return
			}
			*dest = b
		})
	if err != nil {
		return err
	}
	for _, j := range list {
		if j.PreviousBehaviour != nil && j.Behaviour == nil {
			return bad("table behaviour, %s: slot previous has no current figures beside it", journeyName(string(j.ID), j.Title))
		}
	}
	return nil
}

// figures adds the journeys' behaviour figures to a digest, after
// everything else: a project without any adds nothing, so the digest of a
// file saved before figures existed stays what it was.
func (d *digester) figures(p *model.Project) {
	var with []int
	for i, j := range p.Journeys {
		if j.Behaviour != nil || j.PreviousBehaviour != nil {
			with = append(with, i)
		}
	}
	if len(with) == 0 {
		return
	}
	d.str("behaviour")
	d.int(len(with))
	for _, i := range with {
		j := p.Journeys[i]
		d.int(i)
		for _, b := range []*model.Behaviour{j.Behaviour, j.PreviousBehaviour} {
			if b == nil {
				d.bool(false)
				continue
			}
			d.bool(true)
			data, err := model.MarshalBehaviour(b)
			if err != nil {
				// Figures that cannot be encoded cannot be written either;
				// the digest still tells them apart from none.
				d.str("unencodable: " + err.Error())
				continue
			}
			d.bytes(data)
		}
	}
}
