package analysis

import (
	"math"
	"slices"

	"github.com/mootlab/moot/transcript"
)

// PowerGoal is what a power analysis of a paired comparison asks for: a
// difference in judge accuracy (a share: 0.05 is 5 points) found, by a
// two-sided test at level Alpha, with probability Power.
type PowerGoal struct {
	Delta float64
	Alpha float64
	Power float64
}

// DefaultPowerGoal is 5 points at 5%, with 80% power (Miller 2024's
// examples, and the convention of Cohen 1988).
var DefaultPowerGoal = PowerGoal{Delta: 0.05, Alpha: 0.05, Power: 0.8}

// Power is a paired comparison of a pilot run read for planning: how
// precisely it measured the difference, the smallest difference it could
// have found, and how many questions a study of the same design would
// need to find Goal's.
type Power struct {
	A CellKey `json:"a"`
	B CellKey `json:"b"`
	// Questions both cells judged, and the independent units they fall
	// in: themselves, or their groups where questions share one (as the
	// comparison's bootstrap draws them).
	Questions int `json:"questions"`
	Units     int `json:"units"`
	// Difference is B − A over the shared questions, each weighing the
	// same (Paired.Difference).
	Difference float64 `json:"difference"`
	// SE is the standard error of Difference over the units, as a
	// cluster-robust (sandwich) variance gives it: m/(m−1) · Σ_u (S_u −
	// n_u·Δ)² / N², S_u a unit's sum of differences over its n_u
	// questions, m units, N questions; with every unit one question,
	// the sample SD of the differences over √N.
	SE float64 `json:"se"`
	// MDE is the smallest |difference| that a study of the pilot's
	// questions finds with Goal's power at Goal's level, by the normal
	// approximation to moot's sign-flip permutation test (plan). Nil
	// where none is, up to the largest difference there is, 1: a pilot
	// too small to find anything (four questions of ±1 differences reach
	// p = 1/8 at best), or of fewer units than the test needs to reach
	// p < Alpha at all (minUnits: six at 5%, as five groups of twenty
	// questions, whatever their differences).
	MDE *float64 `json:"mde"`
	// QuestionsNeeded is how many questions a study of this design (the
	// same episodes a question, groups of the same sizes) needs to find
	// Goal's difference, likewise (plan), rounded up; at least minUnits
	// units' worth, at the pilot's mean questions a unit.
	QuestionsNeeded int `json:"questions_needed"`
	// Estimable is false where the pilot cannot say: fewer than two
	// units, or every unit's mean difference the same (no spread to plan
	// from); SE and QuestionsNeeded are then 0 and MDE nil.
	Estimable bool `json:"estimable"`
}

// PowerOf reads the comparison of cells a and b of the pilot's episodes
// eps (failed ones left out, as in Compare) for a study that wants goal.
func PowerOf(eps []transcript.Episode, a, b CellKey, goal PowerGoal) Power {
	ta, tb := tallyPair(eps, a, b)
	xs, ys, shared := sharedAccuracies(ta, tb)
	out := Power{A: a, B: b, Questions: len(shared)}
	if len(shared) == 0 {
		return out
	}
	diffs := make([]float64, len(xs))
	for i := range xs {
		diffs[i] = ys[i] - xs[i]
	}
	units, _ := pairedUnits(shared, diffs, ta, tb)
	us := slices.Collect(valuesByKey(units))
	out.Units = len(us)
	out.Difference = mean(diffs)
	if _, same := oneValue(slices.Values(unitMeans(us))); same || len(us) < 2 {
		return out
	}
	n, m := float64(len(shared)), float64(len(us))
	var ss float64
	for _, u := range us {
		r := u.sum - float64(u.n)*out.Difference
		ss += r * r
	}
	out.SE = math.Sqrt(m / (m - 1) * ss / (n * n))
	var sizes float64
	for _, u := range us {
		sizes += float64(u.n * u.n)
	}
	pl := plan{s2: n * out.SE * out.SE, c: sizes / n, za: normalQuantile(1 - goal.Alpha/2), zb: normalQuantile(goal.Power)}
	// The normal approximation knows nothing of the few sign patterns
	// that few units have: below minUnits the test finds nothing.
	least := float64(minUnits(goal.Alpha))
	if d := pl.mde(n); d <= 1 && m >= least {
		out.MDE = &d
	}
	out.QuestionsNeeded = int(math.Ceil(max(pl.questions(goal.Delta), least*n/m)))
	out.Estimable = true
	return out
}

// plan is the normal approximation to the power of the sign-flip
// permutation test of a mean paired difference over N questions. Each
// question adds variance s2 to N times the estimate (its own and, through
// its group, its neighbours': N·SE²). Under the null the test flips the
// signs of the units' sums S_u, whose sum then has variance Σ S_u², not
// Σ (S_u − n_u·Δ)²: at a true difference Δ it is N·s2 + c·N·Δ², with c =
// Σ n_u² / N (1 where every question is its own unit). The test rejects
// where |ΣS_u| > z_{1−α/2}·√(N·s2 + c·N·Δ²), and ΣS_u is about N·Δ with
// SD √(N·s2): power 1 − β where √N·Δ = za·√(s2 + c·Δ²) + zb·√s2.
type plan struct{ s2, c, za, zb float64 }

// questions is the N at which the test finds delta: (za·√(s2 + c·δ²) +
// zb·√s2)² / δ².
func (p plan) questions(delta float64) float64 {
	r := (p.za*math.Sqrt(p.s2+p.c*delta*delta) + p.zb*math.Sqrt(p.s2)) / delta
	return r * r
}

// mde is the Δ the test finds at N questions: the root of (N − za²·c)·Δ² −
// 2·√N·zb·√s2·Δ + (zb² − za²)·s2 = 0 with √N·Δ ≥ zb·√s2, and +Inf where
// N ≤ za²·c (too few questions, or too large groups, for any Δ).
func (p plan) mde(n float64) float64 {
	a := n - p.za*p.za*p.c
	if a <= 0 {
		return math.Inf(1)
	}
	s := math.Sqrt(p.s2)
	b := math.Sqrt(n) * p.zb * s
	return (b + math.Sqrt(b*b-a*(p.zb*p.zb-p.za*p.za)*p.s2)) / a
}

// minUnits is the fewest units at which the sign-flip permutation test
// can reach a two-sided p below alpha: with m units no p is below 2/2^m,
// the share of the sign patterns (all kept, all flipped) as extreme as
// units' sums all of one sign. Six at 5%, eight at 1%.
func minUnits(alpha float64) int {
	m := 1
	for m < 1100 && math.Ldexp(2, -m) >= alpha {
		m++
	}
	return m
}

// normalQuantile is the standard normal distribution's p-quantile.
func normalQuantile(p float64) float64 { return math.Sqrt2 * math.Erfinv(2*p-1) }

// PowersOf reads every paired comparison the run of eps makes (those of
// its Summary, by the same rule) for goal, in the Summary's order; a pair
// without a shared question is left out, as the Summary leaves it.
func PowersOf(eps []transcript.Episode, goal PowerGoal) []Power {
	z := NewSummarizer("", 0)
	for i := range eps {
		z.Add(&eps[i])
	}
	var out []Power
	for _, c := range z.comparisons() {
		if p := PowerOf(eps, c.a.key, c.b.key, goal); p.Questions > 0 {
			out = append(out, p)
		}
	}
	return out
}
