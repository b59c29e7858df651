// Package sinks holds the outputs of a run that cmd/moot assembles and
// the engine feeds: the summarizer with the files it writes when the run
// ends (summary.json, table.md, table.csv, report.html), and plain
// progress lines for logs. The engine hands each finished episode to its
// sinks in plan order (engine.Sink); this package does not import the
// engine, whose interfaces its types satisfy.
package sinks
