package engine

import (
	"fmt"
	"slices"
)

// DearestEpisodeUSD is the estimated mean cost of an episode of the plan's
// dearest protocol: its agents' estimated cost over its episodes. A
// protocol's episodes differ (a sweep's cells of more rounds, a longer
// question), so some cost more: the budget takes the dearest it has paid
// for once it is more.
func (est *Estimate) DearestEpisodeUSD() float64 {
	cost, episodes := est.byProtocol()
	dearest := 0.0
	for p, c := range cost {
		if episodes[p] > 0 {
			dearest = max(dearest, c/float64(episodes[p]))
		}
	}
	return dearest
}

// byProtocol is each protocol's estimated cost, its rows' summed, and its
// episodes in the plan, by label.
func (est *Estimate) byProtocol() (cost map[string]float64, episodes map[string]int) {
	cost, episodes = map[string]float64{}, map[string]int{}
	for _, r := range est.Rows {
		cost[r.Protocol] += r.CostUSD
		episodes[r.Protocol] = r.Episodes
	}
	return cost, episodes
}

// OverBudget returns an error wrapping ErrOverBudget when what the run
// is estimated to cost exceeds budget (dollars; 0 for none), else nil. A
// run that resumes an earlier one, which finished done of the plan's
// episodes and paid spentUSD, is estimated at spentUSD and the estimate
// of the episodes left (Left).
func (est *Estimate) OverBudget(budget float64, done Done, spentUSD float64) error {
	if budget <= 0 {
		return nil
	}
	left := est.Left(done)
	switch {
	case done.Episodes() == 0 && spentUSD == 0 && left > budget:
		return fmt.Errorf("%w: the run is estimated at $%.2f, over its budget_usd of %s (%s shows the estimate; --over-budget runs it anyway)", ErrOverBudget, est.CostUSD, Dollars(budget), est.PlanCommand())
	case spentUSD+left > budget:
		return fmt.Errorf("%w: the run has paid $%.2f for %d of %d episodes, and the %d left are estimated at $%.2f: over its budget_usd of %s (raise budget_usd to play them; the run resumes with what it paid counted)",
			ErrOverBudget, spentUSD, done.Episodes(), est.Episodes, max(est.Episodes-done.Episodes(), 0), left, Dollars(budget))
	}
	return nil
}

// Left is the estimate of the episodes a run has left once done of them
// are: each protocol's episodes left at its own estimated cost an episode
// (its rows' cost over its episodes). Shared out by episode alone, a
// resume whose episodes left are of a cheap protocol (the judge alone)
// was refused at the dear ones' cost, and one left with dear ones let
// through at the cheap ones'.
func (est *Estimate) Left(done Done) float64 {
	cost, episodes := est.byProtocol()
	left := 0.0
	for p, c := range cost {
		if episodes[p] > 0 {
			left += c * float64(max(episodes[p]-done[p], 0)) / float64(episodes[p])
		}
	}
	return left
}

// Times is est for n runs of its plan (the seeds of a replicated run):
// its episodes and each row's episodes, calls, tokens and cost n times
// over.
func (est *Estimate) Times(n int) *Estimate {
	all := *est
	all.Episodes, all.CostUSD = est.Episodes*n, est.CostUSD*float64(n)
	all.Rows = slices.Clone(est.Rows)
	for i := range all.Rows {
		r := &all.Rows[i]
		r.Episodes, r.Seated, r.CostUSD = r.Episodes*n, r.Seated*n, r.CostUSD*float64(n)
		r.Calls, r.InputTokens, r.OutputTokens = r.Calls*int64(n), r.InputTokens*int64(n), r.OutputTokens*int64(n)
	}
	return &all
}
