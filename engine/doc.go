// Package engine loads experiment files, plans episodes, drives each
// episode through its protocol's state machine, and hands each finished
// episode, in plan order, to the transcript log and to the sinks that
// cmd/moot assembles (summary, tables, report, progress: package sinks).
//
// The engine is the only code that calls agents. A run is deterministic: the
// randomness of every agent call is seeded from the experiment seed and the
// episode's stable key, and records are handed on in plan order whatever
// the concurrency.
package engine
