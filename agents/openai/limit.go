package openai

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mootlab/moot/agents"
)

// endpoint is the shared concurrency limit and circuit breaker of one
// base URL. A call that finds every slot taken waits in a queue ordered
// by the priority its context carries (agents.WithPriority), then by
// arrival.
type endpoint struct {
	once    sync.Once
	limit   int
	breaker *breaker
	// sim is whether the server is moot's sim server, learnt by any
	// agent that calls it (Client.sendsHeader).
	sim simServer

	mu      sync.Mutex
	size    int // the limit, fixed at the first call
	busy    int // slots taken
	waiting waiters
}

var (
	endpointsMu sync.Mutex
	endpoints   = map[string]*endpoint{}
)

// ForgetEndpoints drops every endpoint's limit and breaker, so that the
// next client of a base URL starts afresh. A command's endpoints are its
// own: a process that runs commands one after another (cmd/moot's tests
// run moot in process) calls it between them, for a server may come up
// later on a port an earlier command found dead.
func ForgetEndpoints() {
	endpointsMu.Lock()
	defer endpointsMu.Unlock()
	clear(endpoints)
}

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
		size := e.limit
		endpointsMu.Unlock()
		e.mu.Lock()
		e.size = size
		e.mu.Unlock()
	})
}

// acquire takes a slot, waiting its turn if none is free, or returns
// ctx's error if ctx ends first.
func (e *endpoint) acquire(ctx context.Context) error {
	e.init()
	e.mu.Lock()
	if e.busy < e.size {
		e.busy++
		e.mu.Unlock()
		return nil
	}
	w := &waiter{priority: agents.PriorityOf(ctx), ready: make(chan struct{})}
	e.waiting = append(e.waiting, w)
	e.mu.Unlock()
	select {
	case <-w.ready:
		return nil
	case <-ctx.Done():
		e.abandon(w)
		return ctx.Err()
	}
}

// abandon takes w, whose call's context ended, out of the queue; if the
// slot came to it meanwhile, it passes the slot on.
func (e *endpoint) abandon(w *waiter) {
	e.mu.Lock()
	given := !e.waiting.remove(w)
	e.mu.Unlock()
	if given {
		e.release()
	}
}

// release gives the slot back: to the waiting call of highest priority,
// if any, asked now, for a call's priority may have risen while it
// waited.
func (e *endpoint) release() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.waiting) == 0 {
		if e.busy == 0 {
			panic("openai: a slot given back that was not taken")
		}
		e.busy--
		return
	}
	w := e.waiting.next()
	e.waiting.remove(w)
	close(w.ready)
}

// load is the endpoint's calls in flight and waiting, as a share of its
// limit. The waiting count: when every replica is full, a caller that
// compared calls in flight alone would find them all at 1 and queue on
// the first, and the others, once their calls returned, would have no one
// waiting.
func (e *endpoint) load() float64 {
	e.init()
	e.mu.Lock()
	defer e.mu.Unlock()
	return float64(e.busy+len(e.waiting)) / float64(e.size)
}

// queued is the number of calls waiting for a slot.
func (e *endpoint) queued() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.waiting)
}

// Limit returns the endpoint's concurrency limit: the smallest that any
// agent using it has named.
func (e *endpoint) Limit() int {
	endpointsMu.Lock()
	defer endpointsMu.Unlock()
	return e.limit
}

// waiter is a call waiting for a slot.
type waiter struct {
	priority func() int
	ready    chan struct{}
}

// waiters are the calls waiting for a slot, in the order they came.
type waiters []*waiter

// next is the call to go next: the highest priority, then the first to
// come.
func (ws waiters) next() *waiter {
	best, bestP := ws[0], ws[0].priority()
	for _, w := range ws[1:] {
		if p := w.priority(); p > bestP {
			best, bestP = w, p
		}
	}
	return best
}

// remove takes w out, keeping the order; false if w is not waiting.
func (ws *waiters) remove(w *waiter) bool {
	for i, x := range *ws {
		if x == w {
			*ws = slices.Delete(*ws, i, i+1)
			return true
		}
	}
	return false
}
