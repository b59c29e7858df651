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
func (x *Experiment) batched(a *AgentEntry) bool {
	if d, ok := a.Agent.(dryRun); ok {
		return d.batched // a dry run's stand-in: as its real agent's calls go
	}
	return batch.Batched(a.Agent, x.BatchAll)
}

// BatchInFlight says whether a run of x plays in batch mode — an agent in
// play is batched — and if so how many episodes it has in flight: the
// whole plan, up to BatchWindow, unless concurrency names a number.
func (x *Experiment) BatchInFlight(concurrency int) (n int, batched bool) {
	plan := x.planned()
	return x.batchWorkers(x.agentsOf(plan), plan.Len(), concurrency)
}

func (x *Experiment) batchWorkers(inPlay []*AgentEntry, planned, concurrency int) (int, bool) {
	on := false
	for _, a := range inPlay {
		on = on || x.batched(a)
	}
	if !on {
		return 0, false
	}
	if concurrency > 0 {
		return concurrency, true
	}
	return max(min(planned, BatchWindow), 1), true
}

// openBatches opens the batch calls of a run into opts.Out when an agent
// in play is batched, and returns the workers the run is to have
// (BatchInFlight). It returns a nil run, and workers unchanged, when no
// agent is batched.
func (x *Experiment) openBatches(ctx context.Context, opts Options, inPlay []*AgentEntry, planned, workers int) (*batch.Run, int, error) {
	n, on := x.batchWorkers(inPlay, planned, opts.Concurrency)
	if !on {
		return nil, workers, nil
	}
	r, err := batch.Open(ctx, opts.Out, opts.Fresh, n, opts.BatchLog)
	return r, n, err
}

// tidyBatches deletes from the provider the files of the batches of the
// run into opts.Out, which ended whole (res): its batches' answers are in
// its transcripts. A run that batched none of its agents (batches nil)
// tidies those an earlier batch run of the folder left (a folder without
// a journal is left as it is). A failure is a warning of res: the run is
// whole all the same.
func (x *Experiment) tidyBatches(ctx context.Context, opts Options, batches *batch.Run, res *Result) {
	var err error
	if batches != nil {
		_, err = batches.Tidy()
	} else {
		capable := map[string]batch.Capable{}
		for _, a := range x.allAgents() {
			if c, ok := a.Agent.(batch.Capable); ok {
				capable[a.Name] = c
			}
		}
		if len(capable) > 0 {
			_, err = batch.TidyFolder(ctx, opts.Out, capable, opts.BatchLog)
		}
	}
	if err != nil {
		res.Warnings = append(res.Warnings, err.Error()+" (a later whole run of the folder deletes the rest)")
	}
}
