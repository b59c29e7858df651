// Package analysis turns finished episodes into judge accuracy tables.
//
// It reads nothing but []transcript.Episode, so every number in a run's
// summary.json and tables can be rebuilt from transcripts.jsonl alone.
// Summarize groups episodes into cells (protocol × task × judge) and gives
// each cell its accuracy with a 95% confidence interval: a percentile
// bootstrap clustered by question where that is meaningful, the Wilson score
// interval otherwise. WriteText, WriteMarkdown and WriteCSV render a Summary.
//
// Everything here is deterministic: the bootstrap draws from a generator
// seeded by the experiment seed and a hash of the cell, and floats in a
// Summary are rounded to four decimal places, so that the same transcripts
// always give byte-identical output.
package analysis
