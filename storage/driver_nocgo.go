//go:build !cgo

package storage

import (
	"database/sql"

	"github.com/mattn/go-sqlite3"
)

// Without cgo go-sqlite3 is a stub whose every open fails, saying that it
// needs cgo. The package still builds, so that `go vet` can check it for
// other systems from this one (see the Makefile's vet).
func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{})
}

func sqliteError(error) error  { return nil }
func diskFullError(error) bool { return false }
