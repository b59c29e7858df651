package engine

import (
	"context"
	"testing"
)

// TestDryRunOfNetworkAgentsPlaysOneCallAtATime: moot validate (DryRun)
// stands sim agents in for openai ones and plays their calls one at a
// time, also a simultaneous round's and a best-of-N turn's, which the run
// asks at once: the stand-ins share one tally, which counts without a
// lock. Run with -race.
func TestDryRunOfNetworkAgentsPlaysOneCallAtATime(t *testing.T) {
	x := debateAt(t, "http://127.0.0.1:9", "", "{name: debate, judge: j, debaters: d, best_of: 3, rounds: 2, judge_every_round: true}")
	for range 3 {
		if _, err := x.DryRun(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
}
