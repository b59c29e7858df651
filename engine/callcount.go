package engine

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"

	"github.com/mootlab/moot/agents"
)

// CallStats counts the agent calls of a run. Each call is answered or
// failed; Retried counts the attempts after the first, of both.
type CallStats struct {
	Attempted, Answered, Cached, Retried, Failed int
	// LastError is the error of the last call that failed, "" if none.
	LastError string
}

// callCounts counts calls as they return; it is safe for concurrent use.
type callCounts struct {
	attempted, answered, cached, retried, failed atomic.Int64
	// onRetry, if not nil, is told of each failed attempt a backend will
	// try again, as it happens (Options.OnRetry).
	onRetry func(err error)

	mu   sync.Mutex
	last string
}

func (c *callCounts) stats() CallStats {
	c.mu.Lock()
	last := c.last
	c.mu.Unlock()
	return CallStats{
		Attempted: int(c.attempted.Load()), Answered: int(c.answered.Load()), Cached: int(c.cached.Load()),
		Retried: int(c.retried.Load()), Failed: int(c.failed.Load()), LastError: last,
	}
}

// wrap returns a counted a; an agents.InProcess agent stays one. Whether
// an agent reads prompts (agents.PromptFree) the engine asks of the
// backend itself, not of its wrappers.
// An agent in process has no retries to tell of (onRetry), and its calls
// are the sim's hot path: they carry no retry hook.
func (c *callCounts) wrap(a agents.Agent) agents.Agent {
	if _, ok := a.(agents.InProcess); ok {
		return countedInProcess{counted{a, c, nil}}
	}
	return counted{a, c, c.onRetry}
}

// counted is an agent whose calls are counted. A call cut short by its
// context is counted as attempted only. onRetry, if not nil, goes with
// each call as its retry hook (agents.WithRetryHook).
type counted struct {
	agents.Agent
	c       *callCounts
	onRetry func(err error)
}

func (a counted) Generate(ctx context.Context, req agents.Request) (agents.Response, error) {
	a.c.attempted.Add(1)
	if a.onRetry != nil {
		ctx = agents.WithRetryHook(ctx, a.onRetry)
	}
	called(ctx)
	resp, err := a.Agent.Generate(ctx, req)
	switch {
	case err == nil:
		a.c.answered.Add(1)
		a.c.retried.Add(int64(resp.Retries))
		if resp.Cached {
			a.c.cached.Add(1)
		}
	case ctx.Err() == nil:
		a.c.failed.Add(1)
		var r agents.Retrier
		if errors.As(err, &r) {
			a.c.retried.Add(int64(r.Retries()))
		}
		a.c.mu.Lock()
		a.c.last = err.Error()
		a.c.mu.Unlock()
	}
	return resp, err
}

type countedInProcess struct{ counted }

func (countedInProcess) InProcess() {}
