package engine

import (
	"context"

	"github.com/mootlab/moot/batch"
)

// BatchWindow bounds the episodes a run in batch mode plays at once,
// unless Options.Concurrency says otherwise: every episode in flight adds
// its next call to the next batch, so the window is a batch's size.
const BatchWindow = 50000

// pathTracker is told when a path of calls — a worker, or a seat of a
// simultaneous turn — starts and ends, so that a batcher knows when every
// path waits on it (batch.Run).
type pathTracker interface {
	Enter()
	Leave()
}

// batched reports whether the calls of a go through its batch API in a
// run: its settings ask for it, or the run batches every agent that can
// (BatchAll).
func (x *Experiment) batched(a *AgentEntry) bool { return batch.Batched(a.Agent, x.BatchAll) }

// openBatches opens the batch calls of a run into opts.Out when an agent
// in play is batched, and returns the workers the run is to have: the
// whole plan, up to BatchWindow, unless opts.Concurrency names a number.
// It returns a nil run, and workers unchanged, when no agent is batched.
func (x *Experiment) openBatches(ctx context.Context, opts Options, inPlay []*AgentEntry, planned, workers int) (*batch.Run, int, error) {
	on := false
	for _, a := range inPlay {
		on = on || x.batched(a)
	}
	if !on {
		return nil, workers, nil
	}
	workers = max(min(planned, BatchWindow), 1)
	if opts.Concurrency > 0 {
		workers = opts.Concurrency
	}
	r, err := batch.Open(ctx, opts.Out, opts.Fresh, workers, opts.BatchLog)
	return r, workers, err
}
