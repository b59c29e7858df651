package batch

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/mootlab/moot/agents"
)

// askTwice asks a for name from two paths of a run of three, then ends
// the third, so that both asks go out together, and returns both answers.
func askTwice(t *testing.T, r *Run, a agents.Agent, name string) [2]agents.Response {
	t.Helper()
	var wg sync.WaitGroup
	var got [2]agents.Response
	for i := range got {
		wg.Go(func() {
			resp, err := ask(a, name)
			if err != nil {
				t.Error(err)
			}
			got[i] = resp
			r.Leave()
		})
	}
	for {
		r.mu.Lock()
		both := r.waiting == 2
		r.mu.Unlock()
		if both {
			break
		}
	}
	r.Leave()
	wg.Wait()
	return got
}

// TestMergedAsksArePaidOnce: two asks of one request merged into one line
// of a batch are one call paid: one answer is the batch's, the other is
// handed on as the response cache hands a waiter the answer it waited on
// (cached: it costs nothing, and counts no retry of its own), as the live
// run that sends it once records them. Before, both were recorded as
// batched answers, and the run's cost counted the line twice.
func TestMergedAsksArePaidOnce(t *testing.T) {
	api := newFake()
	api.failFirst(Result{Err: errors.New("injected 500"), Retry: true})
	r := openRun(t, t.TempDir(), 3, nil)
	got := askTwice(t, r, r.Wrap(fakeAgent{api: api, s: fastSettings()}, "a", false), "x")
	paid := 0
	for _, resp := range got {
		if !resp.Cached {
			paid++
			if resp.Retries != 1 || !resp.Batched {
				t.Errorf("the answer paid: %+v; want the batch's after 1 retry", resp)
			}
		} else if resp.Retries != 0 {
			t.Errorf("the answer handed on: %+v; want no retry of its own", resp)
		}
		if resp.Text != "batch:x" || resp.Draw != got[0].Draw {
			t.Errorf("answers %+v; want batch:x, one draw", got)
		}
	}
	if paid != 1 {
		t.Errorf("%d of two merged asks paid for (not cached): %+v; want 1", paid, got)
	}
}

// livelyAgent answers live, counting its live calls.
type livelyAgent struct {
	fakeAgent
	live *atomic.Int32
}

func (a livelyAgent) Generate(ctx context.Context, req agents.Request) (agents.Response, error) {
	a.live.Add(1)
	return a.fakeAgent.Generate(ctx, req)
}

// TestMergedAsksGoLiveOnce: with retry: live, a line of two merged asks
// that failed in its batch is asked of the endpoint once, its answer
// handed to both (the other's as from the cache). Before, each ask went
// live on its own, and the endpoint was paid twice.
func TestMergedAsksGoLiveOnce(t *testing.T) {
	api := newFake()
	api.fail = func(string) *Result { return &Result{Err: errors.New("expired"), Retry: true} }
	r := openRun(t, t.TempDir(), 3, nil)
	s := fastSettings()
	s.Retry = RetryLive
	var live atomic.Int32
	got := askTwice(t, r, r.Wrap(livelyAgent{fakeAgent{api: api, s: s}, &live}, "a", false), "x")
	if n := live.Load(); n != 1 {
		t.Errorf("%d live calls; want 1", n)
	}
	if got[0].Text != "live:x" || got[1].Text != "live:x" || got[0].Cached == got[1].Cached {
		t.Errorf("answers %+v; want live:x for both, one of them handed on (cached)", got)
	}
}

// TestAMergedAskAsksLiveItselfWhenItsLeadStops: where the ask that was
// to go live for its merged asks was cut short by its own context, those
// that waited on it ask the endpoint themselves, rather than wait for an
// answer that will not come.
func TestAMergedAskAsksLiveItselfWhenItsLeadStops(t *testing.T) {
	var live atomic.Int32
	r := openRun(t, t.TempDir(), 1, nil)
	a := r.Wrap(livelyAgent{fakeAgent{api: newFake(), s: fastSettings()}, &live}, "a", false).(*Agent)
	lead := outcome{live: true, failures: 1, shared: newLiveCall(), lead: true}
	done := make(chan agents.Response, 1)
	go func() {
		resp, err := a.live(context.Background(), agents.Request{Name: "x"}, lead.handed(1))
		if err != nil {
			t.Error(err)
		}
		done <- resp
	}()
	lead.drop()
	if resp := <-done; resp.Text != "live:x" || resp.Cached || live.Load() != 1 {
		t.Errorf("got %+v after %d live calls; want its own live answer", resp, live.Load())
	}
}
