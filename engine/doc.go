// Package engine loads experiment files, plans episodes, drives each
// episode through its protocol's state machine, and writes the run.
//
// The engine is the only code that calls agents. A run is deterministic: the
// randomness of every agent call is seeded from the experiment seed and the
// episode's stable key, and transcripts are written in plan order whatever
// the concurrency.
package engine
