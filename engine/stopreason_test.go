package engine

import (
	"errors"
	"testing"
)

// TestStoppedAtBudget: every reason a budget gives for stopping a run is
// told apart from the others by StoppedAtBudget, which moot judge reads
// from a summary's partial to say that a resume needs a larger budget.
func TestStoppedAtBudget(t *testing.T) {
	x := &Experiment{BudgetUSD: 0.5}
	budget := []error{ErrBudget,
		&overBudget{each: 0.6, mean: true}, &overBudget{each: 0.6},
		&overBudget{spent: 0.4, each: 0.05, inFlight: 3, mean: true}, &overBudget{spent: 0.4, each: 0.05, inFlight: 3},
		&overBudget{spent: 0.45, each: 0.1}}
	for _, err := range budget {
		if why := x.stopReason(err); !StoppedAtBudget(why) {
			t.Errorf("%q: not read as a budget's stop", why)
		}
	}
	others := []error{ErrTooManyFailures, &tooManyFailures{last: "openai: over the budget of the account"}, ErrEndpointDown, errors.New("interrupted")}
	for _, err := range others {
		if why := x.stopReason(err); StoppedAtBudget(why) {
			t.Errorf("%q: read as a budget's stop", why)
		}
	}
}

// TestStoppedAfterPutsTheCountsAfterTheHead: a stopped run's partial
// says why it stopped, then how far it got, then the detail behind the
// reason (the amounts a budget counted), so that the counts never read
// as part of that detail ("… the next episode could cost $0.0500 after
// 12 of 40 episodes").
func TestStoppedAfterPutsTheCountsAfterTheHead(t *testing.T) {
	x := &Experiment{BudgetUSD: 1}
	for _, tt := range []struct {
		reason error
		want   string
	}{
		{&overBudget{spent: 0.98, each: 0.05}, "budget of $1 reached after 12 of 40 episodes: $0.9800 paid, and the next episode could cost $0.0500"},
		{&overBudget{spent: 0.9, each: 0.05, inFlight: 1, mean: true}, "budget of $1 reached after 12 of 40 episodes, counting what the episodes in flight are expected to cost: " +
			"when the next was to start, $0.9000 was paid and 1 episode was in flight, expected to cost $0.0500 (the mean episode); what they cost is in the summary"},
		{&overBudget{spent: 0.97, each: 0.05, inFlight: 1}, "budget of $1 reached after 12 of 40 episodes, counting what the episodes in flight could cost: " +
			"when the next was to start, $0.9700 was paid and 1 episode was in flight, which could cost $0.0500; what they cost is in the summary"},
		{ErrEndpointDown, "stopped: an endpoint is down after 12 of 40 episodes (run again to resume once it answers)"},
		{ErrCacheDamaged, "stopped: the response cache is damaged after 12 of 40 episodes (resume with another --cache, or --no-cache; the answers it held are asked again)"},
	} {
		if got := x.stoppedAfter(runEnd{done: 12, reason: tt.reason}, 40); got != tt.want {
			t.Errorf("%v:\n got %q\nwant %q", tt.reason, got, tt.want)
		}
	}
}
