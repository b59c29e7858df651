// Package export turns a run's transcripts into tables and logs that other
// tools read: one row an episode and one row a message, as CSV, JSON Lines
// or Parquet, and Inspect AI eval logs (one a protocol × sweep cell × task ×
// judge).
//
// It reads records only: it imports transcript, quotes and analysis, never
// the engine, the agents or the tasks, so a run exports the same whatever
// code produced it. docs/export.md lists the columns.
package export
