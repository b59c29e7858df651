package engine

import (
	"strings"
	"testing"
)

// A run stopped before it played again the failures of an earlier run
// counts them apart: done are those that did not fail, failed the new
// failures, and the earlier ones not played again said last.
func TestStoppedAfterCountsEarlierFailuresApart(t *testing.T) {
	x := &Experiment{}
	for _, tc := range []struct {
		end  runEnd
		want string
	}{
		// 30 handed on: 25 done, 3 new failures, 2 earlier ones left.
		{runEnd{done: 30, failed: 5, left: 2, reason: ErrInterrupted},
			"interrupted after 25 of 40 episodes done, and 3 failed (and 2 that had failed before, not played again)"},
		// The failed are all earlier ones: no new failure to tell.
		{runEnd{done: 30, failed: 2, left: 2, reason: ErrInterrupted},
			"interrupted after 28 of 40 episodes (and 2 that had failed before, not played again)"},
		{runEnd{done: 30, reason: ErrInterrupted}, "interrupted after 30 of 40 episodes"},
	} {
		if got := x.stoppedAfter(tc.end, 40, ""); got != tc.want {
			t.Errorf("%+v:\n got %q\nwant %q", tc.end, got, tc.want)
		}
	}
}

// "no episode started" is said only of a run that handed on none: one
// that resumed episodes, and then could start no other, says how far it
// got.
func TestStoppedAfterNoneStartedOnlyWhenNoneDone(t *testing.T) {
	x := &Experiment{BudgetUSD: 0.005}
	got := x.stoppedAfter(runEnd{done: 7, reason: &overBudget{each: 0.0249}}, 40, "")
	if !strings.Contains(got, " after 7 of 40 episodes") || strings.Contains(got, "of 40 planned") {
		t.Errorf("a budget that starts none after 7 resumed: %q; want it to say \"after 7 of 40 episodes\"", got)
	}
}

// A failure's error is cut at 300 characters in the partial.
func TestStopReasonCutsALongFailure(t *testing.T) {
	x := &Experiment{MaxFailures: FailureLimit{Count: 3}}
	long := strings.Repeat("é", 400)
	got := x.stopReason(&tooManyFailures{last: long})
	want := "more episodes failed than max_failures (3) allows; the last failed with: " + strings.Repeat("é", 300) + "…"
	if got != want {
		t.Errorf("stopReason of a 400-character failure: %d characters; want the first 300 and an ellipsis", len([]rune(got)))
	}
	if got := x.stopReason(&tooManyFailures{last: strings.Repeat("x", 300)}); strings.Contains(got, "…") {
		t.Errorf("a 300-character failure was cut: %q", got)
	}
}
