package openai

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// endpoint is the shared concurrency limit and circuit breaker of one
// base URL.
type endpoint struct {
	once  sync.Once
	limit int
	slots chan struct{}
	// queued counts the calls waiting for a slot: with every replica
	// full, the least loaded is the one with the shortest queue.
	queued  atomic.Int64
	breaker *breaker
}

var (
	endpointsMu sync.Mutex
	endpoints   = map[string]*endpoint{}
)

// endpointFor returns the limit of base, lowering it to limit if that is
// smaller. Limits are fixed at the first call through them.
func endpointFor(base string, limit int) *endpoint {
	endpointsMu.Lock()
	defer endpointsMu.Unlock()
	e, ok := endpoints[base]
	if !ok {
		e = &endpoint{limit: limit, breaker: &breaker{url: strings.TrimRight(base, "/"), now: time.Now}}
		endpoints[base] = e
	}
	e.limit = min(e.limit, limit)
	return e
}

// init fixes the endpoint's limit at its first use.
func (e *endpoint) init() {
	e.once.Do(func() {
		endpointsMu.Lock()
		e.slots = make(chan struct{}, e.limit)
		endpointsMu.Unlock()
	})
}

func (e *endpoint) acquire(ctx context.Context) error {
	e.init()
	select {
	case e.slots <- struct{}{}:
		return nil
	default:
	}
	e.queued.Add(1)
	defer e.queued.Add(-1)
	select {
	case e.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (e *endpoint) release() { <-e.slots }

// Limit returns the endpoint's concurrency limit: the smallest that any
// agent using it has named.
func (e *endpoint) Limit() int {
	endpointsMu.Lock()
	defer endpointsMu.Unlock()
	return e.limit
}
