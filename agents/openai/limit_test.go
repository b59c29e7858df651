package openai

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/agents"
)

// waitQueued waits until n calls wait for a slot of e.
func waitQueued(t *testing.T, e *endpoint, n int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); e.queued() != n; {
		if time.Now().After(deadline) {
			t.Fatalf("%d calls waiting; want %d", e.queued(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestSlotsGoByPriority: a freed slot goes to the waiting call of highest
// priority, asked when the slot is freed, and among equals to the one
// that came first; a call whose context ends stops waiting and takes no
// slot.
func TestSlotsGoByPriority(t *testing.T) {
	e := &endpoint{limit: 1, breaker: &breaker{now: time.Now}}
	if err := e.acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	calls := []struct {
		name     string
		priority int64
	}{{"first", 0}, {"second", 0}, {"rises", 0}, {"high", 5}, {"gone", 7}}
	priority := make([]atomic.Int64, len(calls))
	got := make(chan string, len(calls))
	gone, leave := context.WithCancel(context.Background())
	defer leave()
	for i, c := range calls {
		priority[i].Store(c.priority)
		ctx := context.Background()
		if c.name == "gone" {
			ctx = gone
		}
		ctx = agents.WithPriority(ctx, func() int { return int(priority[i].Load()) })
		go func() {
			if err := e.acquire(ctx); err != nil {
				got <- c.name + ": " + err.Error()
				return
			}
			got <- c.name
		}()
		waitQueued(t, e, i+1) // they queue in this order
	}
	leave()
	if s := <-got; s != "gone: context canceled" {
		t.Fatalf("first to return: %q; want the cancelled call", s)
	}
	waitQueued(t, e, 4)
	priority[2].Store(9) // "rises", while it waits
	var order []string
	for range 4 {
		e.release()
		order = append(order, <-got)
	}
	if diff := cmp.Diff([]string{"rises", "high", "first", "second"}, order); diff != "" {
		t.Errorf("order the slots went (-want +got):\n%s", diff)
	}
	e.release()
	if e.busy != 0 || e.queued() != 0 {
		t.Errorf("after every release: %d busy, %d waiting; want 0 and 0", e.busy, e.queued())
	}
}

// BenchmarkSlotHandOff: a slot handed on while 2,048 calls wait for one
// of 32 (the most episodes in flight, each with two calls at once), once
// the plan is drained, so that each hand-off asks every waiting call its
// priority. The call served keeps its slot and waits again; the next
// iteration gives a slot back on its behalf.
func BenchmarkSlotHandOff(b *testing.B) {
	const waiting = 2048
	e := &endpoint{limit: 32, breaker: &breaker{now: time.Now}}
	ctx, cancel := context.WithCancel(context.Background())
	var made atomic.Int64
	ctx = agents.WithPriority(ctx, func() int { return int(1<<20 - made.Load()) })
	for range 32 {
		if err := e.acquire(ctx); err != nil {
			b.Fatal(err)
		}
	}
	served := make(chan struct{}, waiting)
	for range waiting {
		go func() {
			for e.acquire(ctx) == nil {
				served <- struct{}{}
			}
		}()
	}
	for e.queued() < waiting {
		time.Sleep(time.Millisecond)
	}
	for b.Loop() {
		made.Add(1)
		e.release() // to a waiting call
		<-served
	}
	cancel()
}

// TestAbandonPassesTheSlotOn: a call whose context ends just as the slot
// comes to it passes the slot to the next waiting call; one whose context
// ends before leaves the queue and takes nothing.
func TestAbandonPassesTheSlotOn(t *testing.T) {
	e := &endpoint{limit: 1, breaker: &breaker{now: time.Now}}
	if err := e.acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	first := &waiter{priority: agents.PriorityOf(context.Background()), ready: make(chan struct{})}
	e.waiting = append(e.waiting, first)
	next := make(chan error, 1)
	go func() { next <- e.acquire(context.Background()) }()
	waitQueued(t, e, 2)
	e.release() // to first, whose context has just ended
	e.abandon(first)
	select {
	case err := <-next:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the slot given to an abandoned call was not passed on")
	}
	if e.busy != 1 || e.queued() != 0 {
		t.Errorf("%d busy, %d waiting; want the one slot taken and no one waiting", e.busy, e.queued())
	}
	gone := &waiter{priority: first.priority, ready: make(chan struct{})}
	e.waiting = append(e.waiting, gone)
	e.abandon(gone)
	e.release()
	if e.busy != 0 || e.queued() != 0 {
		t.Errorf("after the last release: %d busy, %d waiting; want 0 and 0", e.busy, e.queued())
	}
}
