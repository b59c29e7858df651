package fit

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat"
)

// bootstrap refits on t.Bootstrap redrawings of the targets, each target
// drawn from a normal distribution about its accuracy (clamped to [0, 1])
// whose variance is the target's SE² and the sim's own at the fit
// (Residual.SimSE), and sets each estimate's and residual's spread from
// the refits. The fit plays one seed, whose questions and draws put the
// sim's accuracies off their expectation by about SimSE, as the target's
// are off the truth by about its SE: settings fitted at another seed would
// move as much as ones fitted to targets moved by both, which the refits
// are (to first order; before 2026-12-06 the redraws left the sim's part
// out, and the intervals were those of a sim without noise). A refit is the fit again, toward the redrawn accuracies: from
// the design's points nearest them, and from the fit (best), its best
// kept. (Started from the fit alone, as before 2026-12-03, a refit stayed
// in the fit's basin: where the targets trade settings along a valley,
// the refits' interval left out the settings that had made the targets.)
func bootstrap(ctx context.Context, m *Model, t *Targets, best []float64, design [][]float64, res *Result) error {
	r := rand.New(rand.NewPCG(t.Seed, 0x6669742d626f6f74)) // "fit-boot"
	fits := make([][]float64, len(best))
	sims := make([][]float64, len(t.Fit)+len(t.Predict))
	all := append(slices.Clone(t.Fit), t.Predict...)
	for range t.Bootstrap {
		x, _, err := searchFrom(ctx, m, t, redraw(r, t.Fit, res.Residuals), design, best)
		if err != nil {
			return err
		}
		for i, v := range x {
			fits[i] = append(fits[i], v)
		}
		at, err := m.Evaluate(ctx, t.Parameters, x)
		if err != nil {
			return err
		}
		for i, tg := range all {
			if c, _ := at.Of(tg); c.N > 0 { // a refit judging none of it has no accuracy
				sims[i] = append(sims[i], c.Accuracy())
			}
		}
	}
	for i := range res.Parameters {
		e := &res.Parameters[i]
		e.SD, e.Low, e.High = spread(fits[i])
	}
	for i := range all {
		rr := &res.Residuals
		j := i
		if i >= len(t.Fit) {
			rr, j = &res.Predictions, i-len(t.Fit)
		}
		_, (*rr)[j].Low, (*rr)[j].High = spread(sims[i])
	}
	return nil
}

// redraw draws the goals of one bootstrap refit: each target's accuracy
// redrawn from a normal distribution about it of SD √(SE² + SimSE²), its
// SE and the sim's at the fit (fitted, its residual), clamped to [0, 1],
// where an accuracy lies.
func redraw(r *rand.Rand, ts []Target, fitted []Residual) []float64 {
	goal := make([]float64, len(ts))
	for i, tg := range ts {
		sd := math.Hypot(tg.SE(), fitted[i].SimSE)
		goal[i] = min(1, max(0, tg.Accuracy+sd*r.NormFloat64()))
	}
	return goal
}

// spread returns the standard deviation and the 2.5% and 97.5% quantiles
// of xs.
func spread(xs []float64) (sd, lo, hi float64) {
	if len(xs) == 0 {
		return 0, 0, 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) > 1 {
		sd = stat.StdDev(s, nil)
	}
	return sd, stat.Quantile(0.025, stat.Empirical, s, nil), stat.Quantile(0.975, stat.Empirical, s, nil)
}
