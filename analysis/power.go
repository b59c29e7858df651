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
	// At, if more than 0, is the questions of a study planned otherwise
	// (the task's n, a dataset's size): Power.PowerAt says how often it
	// finds Delta.
	At int
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
	// same episodes a question, groups of the same sizes, its questions
	// differing as often as the pilot's) needs to find Goal's difference,
	// likewise (plan), rounded up; at least minUnits units' worth, at the
	// pilot's mean questions a unit. 0 where no such study has a mean
	// difference that large (its questions differ too rarely).
	QuestionsNeeded int `json:"questions_needed"`
	// PowerAt is, where the goal names a study's questions (At), the
	// chance that such a study of this design finds Goal's difference at
	// Goal's level, likewise (plan): 0 with fewer units than the test
	// needs. Nil where the goal names none, where the pilot is not
	// estimable, or where no such study has a mean difference that large.
	PowerAt *float64 `json:"power_at,omitempty"`
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
	var sizes, squares float64
	for _, u := range us {
		sizes += float64(u.n * u.n)
		squares += u.sum * u.sum
	}
	pl := plan{ms: squares / n, c: sizes / n, za: normalQuantile(1 - goal.Alpha/2), zb: normalQuantile(goal.Power)}
	// The normal approximation knows nothing of the few sign patterns
	// that few units have: below minUnits the test finds nothing.
	least := float64(minUnits(goal.Alpha))
	if d := pl.mde(n); d <= 1 && m >= least {
		out.MDE = &d
	}
	if q := pl.questions(goal.Delta); !math.IsInf(q, 1) {
		out.QuestionsNeeded = int(math.Ceil(max(q, least*n/m)))
	}
	if at := float64(goal.At); at > 0 {
		if pw, ok := pl.power(at, goal.Delta); ok {
			if at*m/n < least {
				pw = 0 // too few units for any p below alpha
			}
			out.PowerAt = &pw
		}
	}
	out.Estimable = true
	return out
}

// plan is the normal approximation to the power of the sign-flip
// permutation test of a mean paired difference over N questions, in a
// design where questions differ as often as in the pilot: each unit's
// mean square sum, E[S_u²], as the pilot's, ms = Σ S_u² / N a question
// (its own difference and, through its group, its neighbours'; for one
// verdict a question and cell, the share of questions the two cells
// judged differently). Under the null the test flips the units' signs,
// so that ΣS_u has variance N·ms; at a true difference Δ its mean is N·Δ
// and its variance N·(ms − c·Δ²), c = Σ n_u² / N (1 where every question
// is its own unit). It rejects where |ΣS_u| > z_{1−α/2}·√(N·ms): power
// 1 − β where √N·Δ = za·√ms + zb·√(ms − c·Δ²), McNemar's sample size
// (Connor 1987) where differences are −1, 0 and +1.
type plan struct{ ms, c, za, zb float64 }

// questions is the N at which the test finds delta: (za·√ms +
// zb·√(ms − c·δ²))² / δ², and +Inf where c·δ² > ms: no design whose
// questions differ as rarely as the pilot's has a mean difference that
// large.
func (p plan) questions(delta float64) float64 {
	v := p.ms - p.c*delta*delta
	if v < 0 {
		return math.Inf(1)
	}
	r := (p.za*math.Sqrt(p.ms) + p.zb*math.Sqrt(v)) / delta
	return r * r
}

// power is the chance that the test finds delta at N questions:
// Φ((√N·δ − za·√ms) / √(ms − c·δ²)); ok is false where c·δ² ≥ ms (no
// such design has a mean difference that large, or has it on every
// question alike).
func (p plan) power(n, delta float64) (float64, bool) {
	v := p.ms - p.c*delta*delta
	if v <= 0 {
		return 0, false
	}
	z := (math.Sqrt(n)*delta - p.za*math.Sqrt(p.ms)) / math.Sqrt(v)
	return 0.5 * math.Erfc(-z/math.Sqrt2), true
}

// mde is the Δ the test finds at N questions: a root of (N + zb²·c)·Δ² −
// 2·√N·za·√ms·Δ + (za² − zb²)·ms = 0 (the equation squared) that solves
// it as it stands, the smallest where both do; +Inf where none does.
func (p plan) mde(n float64) float64 {
	a := n + p.zb*p.zb*p.c
	b := math.Sqrt(n) * p.za * math.Sqrt(p.ms)
	disc := b*b - a*(p.za*p.za-p.zb*p.zb)*p.ms
	if disc < 0 {
		return math.Inf(1)
	}
	best := math.Inf(1)
	for _, d := range []float64{(b - math.Sqrt(disc)) / a, (b + math.Sqrt(disc)) / a} {
		v := p.ms - p.c*d*d
		if d <= 0 || v < 0 {
			continue
		}
		lhs, rhs := math.Sqrt(n)*d, p.za*math.Sqrt(p.ms)+p.zb*math.Sqrt(v)
		if math.Abs(lhs-rhs) <= 1e-9*max(1, math.Abs(lhs)) {
			best = min(best, d)
		}
	}
	return best
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
