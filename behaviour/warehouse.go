package behaviour

import (
	"context"
	"fmt"

	"waymark/model"
)

// Dialect is the SQL a warehouse speaks, for the extract queries.
type Dialect string

const (
	DuckDB    Dialect = "duckdb"
	BigQuery  Dialect = "bigquery"
	Snowflake Dialect = "snowflake"
	Spark     Dialect = "spark"
)

// Dialects lists the dialects Queries writes, in the order the help names them.
var Dialects = []Dialect{DuckDB, BigQuery, Snowflake, Spark}

// Extracts are the two queries to run where the events are: the distinct
// identifier links, and the events a stage rule maps.
type Extracts struct {
	Links       string
	StageEvents string
}

// Queries writes the extract queries for mapping m over the table (or
// view) table in dialect d.
func Queries(m model.Mapping, d Dialect, table string) (Extracts, error) {
	return Extracts{}, fmt.Errorf("not yet")
}

// ImportExtracts computes the figures of a journey from the results of
// the Queries (as CSV, TSV, JSON Lines or Parquet files), as Import does
// from the log itself.
func (e *Engine) ImportExtracts(ctx context.Context, links, stageEvents []string, m model.Mapping, stages []string) (*model.Behaviour, *Report, error) {
	return nil, nil, fmt.Errorf("not yet")
}
