package engine

import (
	"errors"
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestMeanBudgetStartsAPlanItsEstimateFits: a batch run's budget reserves
// the mean episode for each in flight; where the estimate is the budget
// to the cent, the whole plan starts, though 300 times the mean rounds
// above it (0.1/300 × 300 = 0.10000000000000002), and the one more is
// refused.
func TestMeanBudgetStartsAPlanItsEstimateFits(t *testing.T) {
	const n = 300
	b := &budget{limit: 0.1, each: 0.1 / n, mean: true}
	for i := range n {
		if err := b.Start(); err != nil {
			t.Fatalf("episode %d of %d refused: %v", i+1, n, err)
		}
	}
	err := b.Start()
	var ob *overBudget
	if !errors.As(err, &ob) || !errors.Is(err, ErrBudget) {
		t.Fatalf("episode %d: %v; want the budget reached", n+1, err)
	}
	if why := reasonOf(ob, 0.1); !strings.Contains(why, "expected to cost") || !strings.Contains(why, "mean episode") {
		t.Errorf("reason %q; want the mean episode named", why)
	}
	// A budget below the mean episode starts none, and says the mean.
	none := &budget{limit: 0.0001, each: 0.1 / n, mean: true}
	if err := none.Start(); !errors.As(err, &ob) || !strings.Contains(reasonOf(ob, 0.0001), "mean episode is estimated") {
		t.Errorf("a budget below the mean episode: %v", err)
	}
}

// TestBudgetReasonSaysWhatItCounted: a budget that stops a run with
// episodes in flight counted what they were reserved, not what they cost
// (a batch run's first window paid $0.0375 where it said "$0.0000 paid"):
// its reason says the amounts are those when the next was to start.
func TestBudgetReasonSaysWhatItCounted(t *testing.T) {
	for _, mean := range []bool{false, true} {
		got := reasonOf(&overBudget{spent: 0, each: 0.0059, inFlight: 16, mean: mean}, 0.1)
		if !strings.Contains(got, "budget of $0.1 reached, counting what the episodes in flight") || !strings.Contains(got, "when the next was to start, $0.0000 was paid and 16 episodes were in flight") ||
			!strings.Contains(got, "what they cost is in the summary") {
			t.Errorf("mean %v: %q; want it to say what it counted, and when", mean, got)
		}
	}
}

// reasonOf is e's reason for a budget of limit, whole.
func reasonOf(e *overBudget, limit float64) string {
	head, detail := e.reason(limit)
	return head + detail
}

// TestLiveBudgetReservesTheDearestEpisodeYet: a live run's budget starts an
// episode only while what was paid and the dearest episode yet, once for
// each episode in flight and the new one, stay within it; until one dearer
// than the estimate is paid for, the estimate is the dearest
// (docs/llm-endpoints.md, budget_usd). Worked by hand: a $1 budget, $0.10
// estimated; an episode that cost $0.40 paid, $0.40 is reserved for each.
func TestLiveBudgetReservesTheDearestEpisodeYet(t *testing.T) {
	b := &budget{limit: 1, each: 0.10}
	if err := b.Start(); err != nil { // 0 + 0.10 ≤ 1
		t.Fatalf("first episode: %v; want it started", err)
	}
	if err := b.Finish(&transcript.Episode{Messages: []transcript.Message{{CostUSD: 0.25}, {CostUSD: 0.15}}}); err != nil {
		t.Fatal(err)
	}
	if err := b.Start(); err != nil { // 0.40 + 0.40 ≤ 1
		t.Fatalf("second episode: %v; want it started", err)
	}
	// 0.40 + 2 × 0.40 > 1 (with the estimate, 0.40 + 2 × 0.10 would
	// fit), but 0.40 + 0.40 ≤ 1: it waits for the one in flight.
	if err := b.Start(); !errors.Is(err, errWait) {
		t.Fatalf("third episode beside one in flight: %v; want it to wait", err)
	}
}
