//go:build !cgo

package cli

import (
	"context"
	"errors"
)

// runEvents stands in for events.go, whose DuckDB engine is linked
// through cgo: without cgo the verb exists, and says why it cannot run.
func runEvents(context.Context, *cli, []string) error {
	return errors.New("this build of Waymark has no event-log engine (it was built without cgo)")
}
