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
