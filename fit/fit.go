package fit

import (
	"cmp"
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/optimize"

	"github.com/mootlab/moot/internal/inputerr"
)

// Fit fits the model to the targets (see the package doc): a Nelder–Mead
// search from each of the best points of a space-filling design that
// includes the parameters' start (scout), the best fit kept, then for
// each bootstrap replicate of the targets the same search toward them,
// from the fit too (bootstrap). A target that names no condition of the
// experiment is an input error at its line.
func Fit(ctx context.Context, m *Model, t *Targets) (*Result, error) {
	start := make([]float64, len(t.Parameters))
	for i, p := range t.Parameters {
		start[i] = p.Start
	}
	if err := checkParameters(m, t); err != nil {
		return nil, err
	}
	first, err := m.Evaluate(ctx, t.Parameters, start)
	if errors.Is(err, inputerr.ErrBadInput) {
		return nil, &inputerr.Error{File: t.Path, Line: t.Parameters[0].Line, Field: "parameters", Err: err}
	} else if err != nil {
		return nil, err // the run failed, or was stopped: not the targets' fault
	}
	if err := checkTargetsAt(ctx, m, t, first); err != nil {
		return nil, err
	}
	goal := make([]float64, len(t.Fit))
	for i, tg := range t.Fit {
		goal[i] = tg.Accuracy
	}
	design := scout(t, start)
	best, status, err := searchFrom(ctx, m, t, goal, design, nil)
	if err != nil {
		return nil, err
	}
	res := &Result{Bootstrap: t.Bootstrap, Status: status}
	at, err := m.Evaluate(ctx, t.Parameters, best)
	if err != nil {
		return nil, err
	}
	res.Residuals, res.Objective = residuals(t.Fit, at)
	res.Predictions, _ = residuals(t.Predict, at)
	for i, name := range fittedAs(t, first) {
		res.Predictions[i].FittedAs = name
	}
	for i, p := range t.Parameters {
		res.Parameters = append(res.Parameters, Estimate{Name: p.Name, Min: p.Min, Max: p.Max, Start: p.Start, Value: best[i]})
	}
	if t.Bootstrap > 0 {
		if err := bootstrap(ctx, m, t, best, design, res); err != nil {
			return nil, err
		}
	}
	if err := markEnds(ctx, m, t, best, at, res); err != nil {
		return nil, err
	}
	res.Runs = m.Runs
	return res, nil
}

// markEnds plays each parameter at its min and at its max, the others
// at the fit, and marks those with which no fit target's accuracy moved:
// a bootstrap would refit them to where they began, with no spread, as if
// the targets had pinned them. Where one moves a target the fit misses,
// it marks it at a bound, or near one (Estimate.AtBound, NearBound): the
// search, on a logistic scale, comes near an end but (but for rounding to
// 4 places) not to it, and its refits stay there, so that a fit the range
// stops would read as pinned. It marks too the fit targets that no
// parameter moved, which no fit can reach.
func markEnds(ctx context.Context, m *Model, t *Targets, best []float64, at Outcome, res *Result) error {
	fitted, objective := residuals(t.Fit, at)
	reached := make([]bool, len(t.Fit))
	for j, r := range res.Residuals {
		// The refits move every parameter at once: a target whose
		// accuracy differed between them was moved.
		reached[j] = t.Bootstrap > 0 && r.Low != r.High
	}
	defer func() {
		for j := range reached {
			res.Residuals[j].Unmoved = !reached[j]
		}
	}()
	for i, p := range t.Parameters {
		moved, missed := false, false
		var asGood []string
		for _, end := range []struct {
			name  string
			value float64
		}{{"min", p.Min}, {"max", p.Max}} {
			x := slices.Clone(best)
			x[i] = end.value
			out, err := m.Evaluate(ctx, t.Parameters, x)
			if err != nil {
				return err
			}
			rs, f := residuals(t.Fit, out)
			for j := range rs {
				if rs[j].Sim != fitted[j].Sim {
					moved, reached[j] = true, true
					missed = missed || fitted[j].Sim < t.Fit[j].CILow || fitted[j].Sim > t.Fit[j].CIHigh
				}
			}
			if f <= objective {
				asGood = append(asGood, end.name)
			}
		}
		e := &res.Parameters[i]
		switch {
		case !moved:
			e.NoEffect, e.Low, e.High = true, p.Min, p.Max
		case !missed:
		case len(asGood) == 1:
			// Both ends no worse than the fit would be a search gone
			// astray, or targets indifferent: no end pulls.
			e.AtBound = asGood[0]
			if t.Bootstrap > 0 && e.AtBound == "min" {
				e.Low = p.Min
			}
			if t.Bootstrap > 0 && e.AtBound == "max" {
				e.High = p.Max
			}
		case len(asGood) == 0 && e.Value-p.Min <= nearShare*(p.Max-p.Min):
			e.NearBound = "min"
		case len(asGood) == 0 && p.Max-e.Value <= nearShare*(p.Max-p.Min):
			e.NearBound = "max"
		}
	}
	return nil
}

// scoutPoints is the number of points per parameter of scout's design,
// and scoutStarts the number of its best points the simplex starts from.
const (
	scoutPoints = 8
	scoutStarts = 3
)

// scout returns the design the searches start from: the start and a
// Latin hypercube of scoutPoints points per parameter across the ranges
// (seeded by the targets' seed). A simplex sees no slope on a plateau —
// where a setting no longer changes any accuracy a target names — and
// would stop on one; the design finds the regions the targets point to
// first (nearest).
func scout(t *Targets, start []float64) [][]float64 {
	dim := len(start)
	n := scoutPoints * dim
	r := rand.New(rand.NewPCG(t.Seed, 0x73636f7574)) // "scout"
	points := [][]float64{start}
	perms := make([][]int, dim)
	for j := range perms {
		perms[j] = r.Perm(n)
	}
	for i := range n {
		x := make([]float64, dim)
		for j, p := range t.Parameters {
			f := (float64(perms[j][i]) + r.Float64()) / float64(n)
			x[j] = p.round(p.Min + f*(p.Max-p.Min))
		}
		points = append(points, x)
	}
	return points
}

// searchFrom searches toward goal, the fit targets' accuracies (the
// targets', or a refit's redrawn ones), from the design's points nearest
// it, each with a first simplex of simplexStep, and from warm, if not
// nil, with one of refitStep; it returns the best point found, by its
// objective toward goal, and how its search ended.
func searchFrom(ctx context.Context, m *Model, t *Targets, goal []float64, design [][]float64, warm []float64) ([]float64, string, error) {
	starts, err := nearest(ctx, m, t, design, goal)
	if err != nil {
		return nil, "", err
	}
	steps := slices.Repeat([]float64{simplexStep}, len(starts))
	if warm != nil {
		starts, steps = append([][]float64{warm}, starts...), append([]float64{refitStep}, steps...)
	}
	var best []float64
	var status string
	bestF := math.Inf(1)
	for i, from := range starts {
		x, st, err := search(ctx, m, t, goal, from, t.Evaluations, steps[i])
		if err != nil {
			return nil, "", err
		}
		f, err := objectiveAt(ctx, m, t, goal, x)
		if err != nil {
			return nil, "", err
		}
		if f < bestF {
			best, status, bestF = x, st, f
		}
	}
	return best, status, nil
}

// nearest plays the design's points (a point played before is not
// played again) and returns the scoutStarts of them that come nearest
// goal, best first.
func nearest(ctx context.Context, m *Model, t *Targets, design [][]float64, goal []float64) ([][]float64, error) {
	type scored struct {
		x []float64
		f float64
	}
	var all []scored
	for _, x := range design {
		f, err := objectiveAt(ctx, m, t, goal, x)
		if err != nil {
			return nil, err
		}
		all = append(all, scored{x, f})
	}
	slices.SortStableFunc(all, func(a, b scored) int { return cmp.Compare(a.f, b.f) })
	var out [][]float64
	for _, s := range all[:min(scoutStarts, len(all))] {
		out = append(out, s.x)
	}
	return out, nil
}

// objectiveAt is Σz² of the fit targets at x, each target's accuracy
// goal's.
func objectiveAt(ctx context.Context, m *Model, t *Targets, goal, x []float64) (float64, error) {
	at, err := m.Evaluate(ctx, t.Parameters, x)
	if err != nil {
		return 0, err
	}
	_, f := residuals(toward(t.Fit, goal), at)
	return f, nil
}

// toward is the targets ts with the accuracies goal.
func toward(ts []Target, goal []float64) []Target {
	out := slices.Clone(ts)
	for i := range out {
		out[i].Accuracy = goal[i]
	}
	return out
}

// residuals sets targets beside an outcome, and sums their squared z.
func residuals(ts []Target, at Outcome) ([]Residual, float64) {
	var out []Residual
	var sum float64
	for _, tg := range ts {
		c, _ := at.Of(tg)
		r := Residual{Target: tg, Sim: c.Accuracy(), N: c.N, SimSE: c.SE}
		r.Residual = r.Sim - tg.Accuracy
		if c.N == 0 {
			// No accuracy to set beside the target: as far from it as one
			// can be, so that the search keeps where its condition is.
			r.Empty, r.Residual = true, max(tg.Accuracy, 1-tg.Accuracy)
		}
		r.Z = r.Residual / tg.SE()
		r.ZWithSim = r.Residual / math.Hypot(tg.SE(), r.SimSE)
		sum += r.Z * r.Z
		out = append(out, r)
	}
	return out, sum
}

// search minimizes Σ ((sim − goal) / SE)² over the fit targets with
// gonum's Nelder–Mead, from start, in at most evaluations runs. It
// searches u on the real line, each parameter min + (max − min)·σ(u), and
// returns the best parameters it played (a simplex's own last point may
// be a worse one it had to try) and how the search ended.
func search(ctx context.Context, m *Model, t *Targets, goal, start []float64, evaluations int, step float64) ([]float64, string, error) {
	var firstErr error
	best, bestF := slices.Clone(start), math.Inf(1)
	toward := toward(t.Fit, goal)
	objective := func(u []float64) float64 {
		if firstErr != nil {
			return math.Inf(1)
		}
		x := fromReal(t.Parameters, u)
		at, err := m.Evaluate(ctx, t.Parameters, x) // a point played before is not played again
		if err != nil {
			firstErr = err
			return math.Inf(1)
		}
		_, f := residuals(toward, at)
		if f < bestF {
			best, bestF = x, f
		}
		return f
	}
	settings := &optimize.Settings{
		FuncEvaluations: evaluations,
		// Accuracy moves in steps of 1/n: a search that has not improved
		// the objective by 1e-3 in 3·dim + 10 iterations has converged.
		Converger: &optimize.FunctionConverge{Absolute: 1e-3, Iterations: 3*len(start) + 10},
	}
	res, err := optimize.Minimize(optimize.Problem{Func: objective}, toReal(t.Parameters, start), settings, simplex(toReal(t.Parameters, start), step, objective))
	if firstErr != nil {
		return nil, "", firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, "", err
	}
	status := "unknown"
	if res != nil {
		status = res.Status.String()
	}
	if err != nil && res == nil {
		return nil, "", err
	}
	if math.IsInf(bestF, 1) {
		return nil, "", errors.New("fit: no evaluation finished")
	}
	return best, status, nil
}

// simplexStep is the first simplex's edge, in logistic units: a fair part
// of each range, wider than accuracy's steps. A bootstrap refit starts at
// the fit, near its answer, with an edge of refitStep.
const (
	simplexStep = 1.5
	refitStep   = 0.5
)

// simplex is a Nelder–Mead whose first simplex has u and, for each
// parameter, u moved by step towards the middle of its range: a
// start near an end of a range, where a setting may change nothing (a
// plateau), sees the slope inwards. The vertices' values are evaluated
// here, as gonum asks when it is given the vertices.
func simplex(u []float64, step float64, f func([]float64) float64) *optimize.NelderMead {
	nm := &optimize.NelderMead{}
	for j := -1; j < len(u); j++ {
		v := slices.Clone(u)
		if j >= 0 {
			v[j] -= math.Copysign(step, u[j])
		}
		nm.InitialVertices = append(nm.InitialVertices, v)
		nm.InitialValues = append(nm.InitialValues, f(v))
	}
	return nm
}

// toReal maps parameters within their ranges onto the real line (the
// logit of their place in the range, kept off the ends).
func toReal(ps []Parameter, x []float64) []float64 {
	u := make([]float64, len(x))
	for i, p := range ps {
		f := min(1-1e-3, max(1e-3, (x[i]-p.Min)/(p.Max-p.Min)))
		u[i] = math.Log(f / (1 - f))
	}
	return u
}

// fromReal is toReal's inverse, each value rounded to 4 decimals: the
// settings a run is played at, and the key of the evaluations already
// made.
func fromReal(ps []Parameter, u []float64) []float64 {
	x := make([]float64, len(u))
	for i, p := range ps {
		x[i] = p.round(p.Min + (p.Max-p.Min)/(1+math.Exp(-u[i])))
	}
	return x
}
