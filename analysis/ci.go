package analysis

import (
	"iter"
	"math"
	"math/rand/v2"
	"slices"
)

// wilsonZ is the standard normal quantile for a two-sided 95% interval.
const wilsonZ = 1.959964

// Count is the number of correct judgements out of N for one question.
type Count struct {
	Correct, N int
}

// Wilson returns the 95% Wilson score interval for correct successes out of
// n trials. With n == 0 there is no information and it returns [0, 1].
func Wilson(correct, n int) (lo, hi float64) {
	if n <= 0 {
		return 0, 1
	}
	lo, hi = wilsonRate(float64(correct)/float64(n), n)
	// The bounds at 0/n and n/n are exact; do not let rounding error move them.
	if correct <= 0 {
		lo = 0
	}
	if correct >= n {
		hi = 1
	}
	return lo, hi
}

// wilsonRate is the 95% Wilson score interval of a mean p of n trials
// whose outcomes lie in [0, 1]: Wilson's of p·n successes, whole or not
// (a pair of verdicts scored ½ for a tie).
func wilsonRate(p float64, n int) (lo, hi float64) { return wilsonOver(p, float64(n)) }

// WilsonDesign is the 95% Wilson interval of correct of n outcomes that
// are not independent, taken as n/effect independent ones: effect is the
// design effect, the variance of their mean over that of as many
// independent outcomes (1 + 2/π for the predictions of a cross-validated
// model, whose folds share their training data: see internal/tell).
func WilsonDesign(correct, n int, effect float64) (lo, hi float64) {
	if n <= 0 {
		return 0, 1
	}
	return wilsonOver(float64(correct)/float64(n), float64(n)/effect)
}

// wilsonOver is wilsonRate over nf trials, whole or not.
func wilsonOver(p, nf float64) (lo, hi float64) {
	z2 := wilsonZ * wilsonZ
	denom := 1 + z2/nf
	center := (p + z2/(2*nf)) / denom
	half := wilsonZ * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf)) / denom
	return max(0, center-half), min(1, center+half)
}

// QuestionInterval is the 95% interval of the pooled accuracy of the
// per-question counts (in a fixed order), as a cell's: the bootstrap over
// questions (BootstrapClustered, seeded by seed1 and seed2); where every
// resample would be the same because every question has one accuracy (all
// right, all wrong, or each half right under a judge that always picks
// one slot), the bound of oneValueBound over the questions
// (MethodWilsonQuestions); with a single question, Wilson over its
// episodes.
func QuestionInterval(counts []Count, seed1, seed2 uint64) Interval {
	questions := 0
	for _, c := range counts {
		if c.N > 0 {
			questions++
		}
	}
	return questionInterval(counts, questions, seed1, seed2)
}

// questionInterval is QuestionInterval of counts that are of the given
// number of distinct questions: fewer than the counts where replicates
// that share questions are pooled, each question's count once a replicate.
func questionInterval(counts []Count, questions int, seed1, seed2 uint64) Interval {
	var correct, n int
	for _, c := range counts {
		correct, n = correct+c.Correct, n+c.N
	}
	if questions < 2 {
		lo, hi := Wilson(correct, n)
		return Interval{lo, hi, MethodWilson}
	}
	if p, same := oneValue(ratios(counts)); same {
		lo, hi := oneValueBound(p, 0, 1, questions)
		return Interval{lo, hi, MethodWilsonQuestions}
	}
	lo, hi := BootstrapClustered(counts, Resamples, seed1, seed2)
	return Interval{lo, hi, MethodBootstrap}
}

// oneValueBound is the interval of a mean over q questions whose every
// value was d, each value lying in [lo, hi] (an accuracy in [0, 1], a
// difference of two in [−1, 1]), where every bootstrap resample is d and
// says nothing of what is left uncertain: the share of questions whose
// value could be other than d is at most u, the upper Wilson bound for 0
// of q (z²/(q + z²)), and such a question's value lies in [lo, hi], so the
// mean lies in [d − u(d − lo), d + u(hi − d)]. For an accuracy at 0 or 1
// that is exactly the Wilson interval over the questions, each one trial.
func oneValueBound(d, lo, hi float64, q int) (float64, float64) {
	_, u := Wilson(0, q)
	return max(lo, d-u*(d-lo)), min(hi, d+u*(hi-d))
}

// sameTolerance is how far apart two per-question values may be and count
// as one: ratios of other counts (1/2 − 1/3 and 2/3 − 1/2) differ in their
// last bits.
const sameTolerance = 1e-9

// oneValue returns the value of xs and true if they hold one value, within
// sameTolerance (and xs has at least one).
func oneValue(xs iter.Seq[float64]) (float64, bool) {
	first, n := 0.0, 0
	for x := range xs {
		if n > 0 && math.Abs(x-first) > sameTolerance {
			return 0, false
		}
		if n == 0 {
			first = x
		}
		n++
	}
	return first, n > 0
}

// ratios yields each count's accuracy.
func ratios(counts []Count) iter.Seq[float64] {
	return func(yield func(float64) bool) {
		for _, c := range counts {
			if c.N > 0 && !yield(ratio(c.Correct, c.N)) {
				return
			}
		}
	}
}

// BootstrapClustered returns a 95% percentile bootstrap interval for the
// pooled accuracy (sum of Correct / sum of N) of perQuestion, resampling
// questions with replacement so that all judgements of a question (both
// orders, both assignments, repeats) move together. The draws come from a
// PCG generator seeded with (seed1, seed2), so the result is a pure function
// of its arguments. Questions with N == 0 carry no information and are
// ignored; with none left it returns [0, 1]. With a single question every
// resample is the same and the interval has zero width: use Wilson then.
// It panics if resamples < 1.
func BootstrapClustered(perQuestion []Count, resamples int, seed1, seed2 uint64) (lo, hi float64) {
	if resamples < 1 {
		panic("analysis: BootstrapClustered: resamples must be positive")
	}
	qs := make([]Count, 0, len(perQuestion))
	for _, q := range perQuestion {
		if q.N > 0 {
			qs = append(qs, q)
		}
	}
	if len(qs) == 0 {
		return 0, 1
	}
	r := rand.New(rand.NewPCG(seed1, seed2))
	k := len(qs)
	stats := make([]float64, resamples)
	for i := range stats {
		// Every question drawn has N > 0, so n > 0 below.
		var c, n int
		for range k {
			q := qs[r.IntN(k)]
			c += q.Correct
			n += q.N
		}
		stats[i] = float64(c) / float64(n)
	}
	slices.Sort(stats)
	return quantile(stats, 0.025), quantile(stats, 0.975)
}

// quantile returns the p-quantile of sorted, interpolating linearly between
// order statistics (Hyndman & Fan type 7, the default of R and NumPy).
func quantile(sorted []float64, p float64) float64 {
	h := p * float64(len(sorted)-1)
	i := int(h)
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (h-float64(i))*(sorted[i+1]-sorted[i])
}

// Interval is a 95% interval and how it was made: one of the Method
// constants. Each result that has one embeds it, so that its JSON keeps
// the keys ci_low, ci_high and ci_method.
type Interval struct {
	CILow    float64 `json:"ci_low"`
	CIHigh   float64 `json:"ci_high"`
	CIMethod string  `json:"ci_method"`
}
