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
		if got := x.stoppedAfter(runEnd{done: 12, reason: tt.reason}, 40, ""); got != tt.want {
			t.Errorf("%v:\n got %q\nwant %q", tt.reason, got, tt.want)
		}
		// A rejudge of a partial run says so after the detail.
		also := "the run judged again is partial (interrupted after 50 of 80 episodes)"
		if got, want := x.stoppedAfter(runEnd{done: 12, reason: tt.reason}, 40, also), tt.want+"; "+also; got != want {
			t.Errorf("%v, of a partial plan:\n got %q\nwant %q", tt.reason, got, want)
		}
	}
}

// TestStoppedAfterEndsWithTheLastFailure: a failure's error ends the
// partial, after why the plan itself is partial, so that nothing reads as
// the error's own words.
func TestStoppedAfterEndsWithTheLastFailure(t *testing.T) {
	x := &Experiment{MaxFailures: FailureLimit{Count: 3}}
	end := runEnd{done: 5, failed: 5, reason: &tooManyFailures{last: "model not loaded (after 1 attempt)"}}
	also := "the run judged again is partial (interrupted after 50 of 80 episodes)"
	want := "more episodes failed than max_failures (3) allows after 0 of 40 episodes done, and 5 failed; " + also + "; the last failed with: model not loaded (after 1 attempt)"
	if got := x.stoppedAfter(end, 40, also); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	// A budget that started none says so once, then why the plan is partial.
	x = &Experiment{BudgetUSD: 0.005}
	want = "budget_usd of $0.005 is less than an episode of the plan's dearest protocol is estimated to cost ($0.0249): no episode started, of 40 planned; " + also
	if got := x.stoppedAfter(runEnd{reason: &overBudget{each: 0.0249}}, 40, also); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
