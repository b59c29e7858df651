package engine

import (
	"errors"
	"math"
	"testing"
)

// twoProtocols is an estimate of a plan of 10 episodes of "direct" (one
// agent, $1 in all: $0.10 an episode) and 10 of "debate" (three agents,
// $2 + $3 + $1 = $6: $0.60 an episode).
func twoProtocols() *Estimate {
	return &Estimate{Episodes: 20, CostUSD: 7, Rows: []EstimateRow{
		{Agent: "judge", Protocol: "direct", Episodes: 10, Seated: 10, Calls: 10, InputTokens: 100, OutputTokens: 10, CostUSD: 1},
		{Agent: "a", Protocol: "debate", Episodes: 10, Seated: 10, Calls: 20, InputTokens: 200, OutputTokens: 20, CostUSD: 2},
		{Agent: "b", Protocol: "debate", Episodes: 10, Seated: 10, Calls: 20, InputTokens: 200, OutputTokens: 20, CostUSD: 3},
		{Agent: "judge", Protocol: "debate", Episodes: 10, Seated: 10, Calls: 10, InputTokens: 300, OutputTokens: 10, CostUSD: 1},
	}}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// The dearest protocol's episode is the debate's: its three agents' cost
// over its 10 episodes, not over 10 for each agent that sits in it.
func TestDearestEpisodeIsTheDearestProtocolsMean(t *testing.T) {
	if got := twoProtocols().DearestEpisodeUSD(); !near(got, 0.6) {
		t.Errorf("DearestEpisodeUSD = %v; want 0.60, the debate's $6 over its 10 episodes", got)
	}
}

// Left counts each protocol's episodes left at its own cost an episode.
func TestLeftPricesEachProtocolsEpisodesLeft(t *testing.T) {
	est := twoProtocols()
	for _, tc := range []struct {
		done Done
		want float64
	}{
		{Done{}, 7},
		{Done{"direct": 10}, 6},               // the debates left
		{Done{"debate": 10}, 1},               // the judge alone left
		{Done{"direct": 4, "debate": 5}, 3.6}, // 6×0.10 + 5×0.60
		{Done{"direct": 10, "debate": 10}, 0},
	} {
		if got := est.Left(tc.done); !near(got, tc.want) {
			t.Errorf("Left(%v) = %v; want %v", tc.done, got, tc.want)
		}
	}
}

// A budget is exceeded only by more than it: an estimate of exactly the
// budget runs, fresh or resumed; a budget of 0 is none.
func TestOverBudgetBoundaries(t *testing.T) {
	est := twoProtocols()
	for _, tc := range []struct {
		name   string
		budget float64
		done   Done
		spent  float64
		over   bool
	}{
		{"no budget", 0, Done{}, 0, false},
		{"fresh, estimate equals budget", 7, Done{}, 0, false},
		{"fresh, estimate over budget", 6.99, Done{}, 0, true},
		{"resumed, spent and left equal budget", 6.5, Done{"direct": 10}, 0.5, false},
		{"resumed, spent and left over budget", 6.49, Done{"direct": 10}, 0.5, true},
		{"resumed, left alone fits, spent too", 1.5, Done{"debate": 10}, 0.6, true},
	} {
		err := est.OverBudget(tc.budget, tc.done, tc.spent)
		if (err != nil) != tc.over || (err != nil && !errors.Is(err, ErrOverBudget)) {
			t.Errorf("%s: OverBudget(%v, %v, %v) = %v; want over %v", tc.name, tc.budget, tc.done, tc.spent, err, tc.over)
		}
	}
}

// Times scales everything an estimate counts, its total and each row.
func TestTimesScalesEveryCount(t *testing.T) {
	est := twoProtocols()
	three := est.Times(3)
	if three.Episodes != 60 || !near(three.CostUSD, 21) {
		t.Errorf("Times(3): %d episodes, $%v; want 60 and $21", three.Episodes, three.CostUSD)
	}
	for i, r := range three.Rows {
		o := est.Rows[i]
		if r.Episodes != 3*o.Episodes || r.Seated != 3*o.Seated || r.Calls != 3*o.Calls || r.InputTokens != 3*o.InputTokens ||
			r.OutputTokens != 3*o.OutputTokens || !near(r.CostUSD, 3*o.CostUSD) {
			t.Errorf("row %d times 3 = %+v; want three times %+v", i, r, o)
		}
	}
	if est.Rows[1].Calls != 20 || est.Episodes != 20 {
		t.Errorf("Times changed the estimate it scales: %+v", est.Rows[1])
	}
	// The mean episode's cost and the dearest's stay what they were.
	if !near(three.DearestEpisodeUSD(), 0.6) {
		t.Errorf("Times(3).DearestEpisodeUSD = %v; want 0.60 still", three.DearestEpisodeUSD())
	}
}
