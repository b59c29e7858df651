package batch

import (
	"context"

	"github.com/mootlab/moot/agents"
)

// Identical requests of different episodes go out as one line of a batch
// (call.waiters): the first ask's is the call paid for; each other ask is
// handed its answer as the response cache hands a waiter the answer of
// the ask it waited on — cached, costing nothing, with no retry of its
// own — so that a batch run records what a live run of the same asks
// records, and pays once.

// handed is o as the waiter i of its call is handed it: the first (0) as
// it is; each other as an ask merged with the first.
func (o outcome) handed(i int) outcome {
	if i == 0 {
		return o
	}
	switch {
	case o.live:
		o.lead, o.failures = false, 0
	case o.err != nil:
		o.err = &agents.RetriedError{Count: 0, Err: o.err}
	default:
		o.resp.Cached, o.resp.Retries = true, 0
	}
	return o
}

// liveCall is a request that failed in its batches asked of the endpoint
// itself (retry: live), once for all its merged asks: the first asks, and
// the others wait for its answer.
type liveCall struct {
	done chan struct{}
	resp agents.Response
	err  error
	// stopped is set where the ask that went live was cut short by its
	// own context: those that waited on it ask themselves.
	stopped bool
}

func newLiveCall() *liveCall { return &liveCall{done: make(chan struct{})} }

// drop lets go of o, handed to a waiter whose context ended before it
// took it: where o was the word to send a live call for others too,
// they ask themselves.
func (o outcome) drop() {
	if o.live && o.lead && o.shared != nil {
		o.shared.stopped = true
		close(o.shared.done)
	}
}

// live asks the endpoint itself for req, which failed in its batches
// (o.live): the lead ask of its merged asks sends it, and each other
// waits for that answer.
func (a *Agent) live(ctx context.Context, req agents.Request, o outcome) (agents.Response, error) {
	lc := o.shared
	if lc != nil && !o.lead {
		select {
		case <-lc.done:
		case <-ctx.Done():
			return agents.Response{}, ctx.Err()
		}
		switch {
		case lc.stopped:
			// Its own episode ended, not this one's: ask again.
		case lc.err != nil:
			return agents.Response{}, &agents.RetriedError{Count: 0, Err: lc.err}
		default:
			resp := lc.resp
			resp.Cached, resp.Retries = true, 0
			return resp, nil
		}
	}
	resp, err := a.inner.Generate(ctx, req)
	resp.Retries += o.failures
	if lc != nil && o.lead {
		if err == nil && resp.Draw == "" {
			resp.Draw = agents.NewDraw() // one answer, one draw
		}
		lc.resp, lc.err, lc.stopped = resp, err, err != nil && ctx.Err() != nil
		close(lc.done)
	}
	return resp, err
}
