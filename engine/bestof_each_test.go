package engine

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/transcript"
)

// TestBestOfCallsOneAfterAnotherStopAtTheFirstError: each, not together (agents
// in process), runs f in order and stops at the first error: a best-of-N
// turn of an in-process agent makes no call after one that failed.
// Together, it runs f for every index, failed or not, and returns once
// all have ended.
func TestBestOfCallsOneAfterAnotherStopAtTheFirstError(t *testing.T) {
	x := &Experiment{}
	var ran []int
	x.each(4, false, func(i int) error {
		ran = append(ran, i)
		if i == 1 {
			return errors.New("failed")
		}
		return nil
	})
	if len(ran) != 2 || ran[0] != 0 || ran[1] != 1 {
		t.Errorf("ran %v one after another; want [0 1], stopped at the error", ran)
	}
	var done atomic.Int32
	x.each(4, true, func(i int) error {
		done.Add(1)
		return errors.New("failed")
	})
	if n := done.Load(); n != 4 {
		t.Errorf("%d of 4 ended together when each returned; want all", n)
	}
}

// failingScorer is an in-process agent that fails the second call it
// makes as a best-of-N scorer, answering the others as the agent it wraps does.
type failingScorer struct {
	agents.Agent
	scored *atomic.Int32
}

// InProcess marks it as answering in process: its turns' calls are
// made one after another.
func (failingScorer) InProcess() {}

// Generate fails the second scorer's call.
func (f failingScorer) Generate(ctx context.Context, req agents.Request) (agents.Response, error) {
	if req.Role == transcript.RoleScorer && f.scored.Add(1) == 2 {
		return agents.Response{}, errors.New("scorer down")
	}
	return f.Agent.Generate(ctx, req)
}

// TestBestOfInProcessRatesNoMoreAfterAFailure: where an in-process
// scorer, which rates a turn's candidates one after another, fails on
// the second, the third is not rated: the record holds the first rating,
// then the candidates, discarded and unscored, and the failed call.
func TestBestOfInProcessRatesNoMoreAfterAFailure(t *testing.T) {
	x := mustParse(t, "bo.yaml", "name: bo\nseed: 5\nagents:\n"+
		"  strong: {backend: sim, skill: 0.7}\n  judge: {backend: sim, skill: 0.5}\n"+
		"tasks:\n  - {name: qa, generator: qa, n: 1}\n"+
		"protocols:\n  - {name: debate, judge: judge, debaters: strong, scorer: judge, best_of: 3, rounds: 1, turns: sequential, swap: false}\n")
	var scored atomic.Int32
	restore := x.standIn(func(a *AgentEntry) agents.Agent { return failingScorer{a.Agent, &scored} })
	defer restore()
	out := t.TempDir()
	if res, err := runSummarized(context.Background(), x, Options{Out: out, Concurrency: 1}); err == nil || res.Summary.Failed != 1 {
		t.Fatalf("err %v; want the episode failed", err)
	}
	eps := readTranscripts(t, out)
	if len(eps) != 1 {
		t.Fatalf("%d records; want 1", len(eps))
	}
	if got := marks(eps[0]); got != "a ?d1 ?d2 ?d3" || len(eps[0].FailedCalls) != 1 || scored.Load() != 2 {
		t.Errorf("messages %q, %d failed calls, %d ratings asked; want a ?d1 ?d2 ?d3, 1 and 2", got, len(eps[0].FailedCalls), scored.Load())
	}
}
