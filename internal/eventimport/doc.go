// Package eventimport is what the command line (`waymark events import`)
// and the app's import wizard share to put an event log's figures into a
// journey: the one undo step an import is. It needs the behaviour
// package's DuckDB, linked through cgo, so without cgo it is empty.
package eventimport
