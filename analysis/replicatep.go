package analysis

// The p-value of a comparison over seeds, and its Holm adjustment over
// the family of a replicated run's comparisons (or of its sweep's line
// contrasts).

import (
	"maps"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// How a comparison over seeds got its p-value (ReplicateComparison.PMethod),
// chosen as its interval was:
//
//   - MethodReplicatesT where each replicate has questions of its own:
//     the one-sample Student t test of the replicates' differences
//     against 0, with R − 1 degrees of freedom: the test of the t
//     interval, so that p < 0.05 exactly where that interval excludes 0.
//   - PMethodSeedPermutation where replicates share questions, or where
//     every seed and every resample gave one difference: the paired
//     permutation (sign-flip) test of a single run, over the seeds'
//     questions (or groups) together; a and b are swapped within each
//     seed's question with probability ½, apart from the other seeds',
//     and the statistic is the mean over seeds of each seed's difference.
//   - PMethodPermutation with one replicate: the replicate's own test.
//   - PMethodLargest where some seed's questions are not at hand and the
//     t test does not apply (the seeds share questions, or their
//     differences have no spread): the largest of the replicates' own
//     p-values, which is a p-value too (it is below a level only where
//     each is).
const (
	PMethodSeedPermutation = "permutation-seeds-x-questions"
	PMethodPermutation     = "permutation"
	PMethodLargest         = "largest-of-seeds"
)

// pValue is the two-sided p-value of the mean difference over the seeds
// (PMethod says which), given the interval's method, its permutations
// drawn from generators seeded by key.
func (s *seedDiffs) pValue(method string, key uint64) (float64, string) {
	_, sd, _, _ := spread(s.exact)
	switch {
	case len(s.exact) == 1:
		return s.own.PValue, PMethodPermutation
	case method == MethodReplicatesT && sd > 0:
		return tTestP(s.exact), MethodReplicatesT
	case len(s.perRep) == len(s.exact):
		return seedPermutationP(s.perRep, Permutations, key), PMethodSeedPermutation
	default:
		return slices.Max(s.ownP), PMethodLargest
	}
}

// tTestP is the two-sided p-value of the one-sample Student t test of
// the mean of xs against 0 (at least two values, with some spread).
func tTestP(xs []float64) float64 {
	m, sd, _, _ := spread(xs)
	t := math.Abs(m) / (sd / math.Sqrt(float64(len(xs))))
	return min(1, 2*distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(len(xs) - 1)}.Survival(t))
}

// seedPermutationP is the sign-flip p-value (permutationPValue) of the
// mean over replicates of each one's mean difference, perRep each
// replicate's differences summed by unit: each unit's sum, over its
// replicate's questions, is a term whose sign a swap flips.
func seedPermutationP(perRep []map[string]unitSum, permutations int, key uint64) float64 {
	var terms []float64
	for _, r := range perRep {
		n := 0
		for _, u := range r {
			n += u.n
		}
		for _, q := range slices.Sorted(maps.Keys(r)) {
			terms = append(terms, r[q].sum/float64(n))
		}
	}
	return permutationPValue(terms, permutations, key, key^0x9e3779b97f4a7c15)
}

// adjustHolmOverSeeds sets the PHolm of each comparison of the family cs
// that has a p-value: adjusted by Holm's method over them (HolmAdjusted).
func adjustHolmOverSeeds(cs []*ReplicateComparison) {
	cs = slices.DeleteFunc(cs, func(c *ReplicateComparison) bool { return c.PValue == nil })
	ps := make([]float64, len(cs))
	for i, c := range cs {
		ps[i] = *c.PValue
	}
	for i, p := range HolmAdjusted(ps) {
		v := nineDigits(p)
		cs[i].PHolm = &v
	}
}

// PValueText is c's p-value as the tables print it: marked † where its
// interval disagrees with it, "n/a" where it has none (a summary.json
// written before 2026-12-06).
func (c ReplicateComparison) PValueText() string {
	if c.Disagrees() {
		return pText(c.PValue) + " †"
	}
	return pText(c.PValue)
}

// PHolmText is c's Holm-adjusted p-value as the tables print it, "n/a"
// where it has none.
func (c ReplicateComparison) PHolmText() string { return pText(c.PHolm) }

// pText is a p-value over seeds as the tables print it, to four places:
// "< 0.0001" where that would read 0.0000 (a t test's p may be far
// smaller than a permutation test's), "n/a" for none.
func pText(p *float64) string {
	switch {
	case p == nil:
		return "n/a"
	case *p > 0 && round4(*p) == 0:
		return "< 0.0001"
	}
	return ftoa(*p)
}

// Disagrees says whether the interval and the p-value of c differ on
// whether the difference is 0 at 5%, as summary.json has them.
func (c ReplicateComparison) Disagrees() bool {
	if c.PValue == nil {
		return false
	}
	lo, hi, p := round4(c.CILow), round4(c.CIHigh), round4(*c.PValue)
	return (lo > 0 || hi < 0) != (p < 0.05)
}
