package analysis

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// simulatedStudy draws the per-question counts of one study of a judge
// with known pooled accuracy 0.65: half the questions are easy (the
// judge's accuracy on them uniform in [0.8, 1]), half hard (uniform in
// [0.2, 0.6]), so episodes of a question are strongly correlated; each
// question is judged 2 or 4 times, independently of its difficulty, so
// the pooled accuracy Σ correct / Σ n estimates the mean, 0.65.
func simulatedStudy(r *rand.Rand, questions int) []Count {
	qs := make([]Count, questions)
	for i := range qs {
		p := 0.2 + 0.4*r.Float64()
		if r.IntN(2) == 0 {
			p = 0.8 + 0.2*r.Float64()
		}
		n := 2 + 2*r.IntN(2)
		qs[i] = Count{Correct: binomial(r, n, p), N: n}
	}
	return qs
}

const simulatedAccuracy = 0.65

func binomial(r *rand.Rand, n int, p float64) int {
	k := 0
	for range n {
		if r.Float64() < p {
			k++
		}
	}
	return k
}

// simulatedPair draws the per-question accuracies x (cell a, judged
// perA times a question) and y (cell b, perB times) of one paired study:
// a's accuracy on a question is uniform in [0.1, 0.5] or in [0.6, 0.85],
// b's is delta higher on the same question, so the two correlate through
// the question and the mean of y − x estimates delta.
func simulatedPair(r *rand.Rand, questions, perA, perB int, delta float64) (diffs []float64) {
	diffs = make([]float64, questions)
	for i := range diffs {
		p := 0.1 + 0.4*r.Float64()
		if r.IntN(2) == 0 {
			p = 0.6 + 0.25*r.Float64()
		}
		x := float64(binomial(r, perA, p)) / float64(perA)
		y := float64(binomial(r, perB, p+delta)) / float64(perB)
		diffs[i] = y - x
	}
	return diffs
}

// coverageStudies is the number of simulated studies behind each coverage
// below: the standard error of a coverage near 95% is then 0.5 points.
const coverageStudies = 2000

// coverageResamples is the bootstrap resamples of each simulated study,
// fewer than Summarize's Resamples to keep the test fast: in trial runs
// of 2,000 studies, 500, 1,000 and 2,000 resamples gave coverages within
// a point of each other.
const coverageResamples = 500

func TestBootstrapClusteredCoverage(t *testing.T) {
	t.Parallel()
	// A percentile bootstrap of a mean over Q clusters behaves like the
	// normal interval with the plug-in variance (divisor Q, not Q − 1):
	// its coverage is about P(|t_{Q−1}| < 1.96·√((Q − 1)/Q)), which is
	// 0.946 for 100 questions, 0.929 for 20 and 0.904 for 10 (a one-off
	// run of 10,000 studies of 100 questions gave 0.947, this seed's 2,000
	// give 0.939). The rows with few questions pin that known
	// undercoverage.
	tests := []struct {
		questions int
		lo, hi    float64
	}{
		{100, 0.93, 0.97},
		{20, 0.90, 0.955},
		{10, 0.875, 0.935},
	}
	for _, tt := range tests {
		r := rand.New(rand.NewPCG(2024, uint64(tt.questions)))
		what := fmt.Sprintf("%d questions: the 95%% interval", tt.questions)
		checkCoverage(t, what, coverageStudies, tt.lo, tt.hi, func(s int) bool {
			lo, hi := BootstrapClustered(simulatedStudy(r, tt.questions), coverageResamples, 9, uint64(s))
			return lo <= simulatedAccuracy && simulatedAccuracy <= hi
		})
	}
}

// checkCoverage counts the studies s, 0 to studies−1 in order, whose
// interval covers the truth, logs their share and fails unless it lies in
// [lo, hi]; what names the interval and its setting.
func checkCoverage(t *testing.T, what string, studies int, lo, hi float64, covers func(s int) bool) {
	t.Helper()
	covered := 0
	for s := range studies {
		if covers(s) {
			covered++
		}
	}
	rate := float64(covered) / float64(studies)
	t.Logf("%s: covered the truth in %.1f%% of %d studies", what, 100*rate, studies)
	if rate < lo || rate > hi {
		t.Errorf("%s: got coverage %.3f; want %.3f to %.3f", what, rate, lo, hi)
	}
}

func TestPairedBootstrapCoverage(t *testing.T) {
	t.Parallel()
	// Cell b is 0.1 more accurate than a on every question; a judges each
	// question twice and b four times, as a debate with two assignments
	// against a single direct verdict.
	const delta = 0.1
	r := rand.New(rand.NewPCG(2025, 1))
	checkCoverage(t, "the 95% interval of the difference", coverageStudies, 0.93, 0.97, func(s int) bool {
		lo, hi := bootstrapMean(simulatedPair(r, 100, 2, 4, delta), coverageResamples, 9, uint64(s))
		return lo <= delta && delta <= hi
	})
}

func TestPermutationPValueUnderNull(t *testing.T) {
	t.Parallel()
	// Both cells are equally accurate on every question. With the same
	// number of verdicts a question the two are exchangeable and the test
	// is exact; with 2 against 4 the differences are not quite symmetric,
	// so it is only approximately so. Ties (differences are multiples of
	// ¼ or ⅓) make it a little conservative.
	const studies, permutations = coverageStudies, 499
	tests := []struct{ perA, perB int }{{3, 3}, {2, 4}}
	for _, tt := range tests {
		r := rand.New(rand.NewPCG(2026, uint64(tt.perA)))
		rejected := 0
		for s := range studies {
			if permutationPValue(simulatedPair(r, 100, tt.perA, tt.perB, 0), permutations, 9, uint64(s)) < 0.05 {
				rejected++
			}
		}
		rate := float64(rejected) / studies
		t.Logf("%d and %d verdicts a question: P(p < 0.05) = %.1f%% over %d null studies", tt.perA, tt.perB, 100*rate, studies)
		if rate < 0.03 || rate > 0.07 {
			t.Errorf("%d and %d verdicts: got P(p < 0.05) = %.3f; want 0.03 to 0.07", tt.perA, tt.perB, rate)
		}
	}
}

func TestCompareUsesTheCoveredEstimators(t *testing.T) {
	// The coverage tests call bootstrapMean and permutationPValue on the
	// per-question differences; Compare must give the same interval and
	// p-value from the episodes of the same study.
	r := rand.New(rand.NewPCG(2027, 1))
	diffs := simulatedPair(r, 100, 1, 1, 0.1) // each 0 or ±1
	a, b := map[string][]bool{}, map[string][]bool{}
	for i, d := range diffs {
		q := fmt.Sprintf("q%03d", i) // sorted as Compare orders questions
		switch d {
		case 1:
			a[q], b[q] = counted(0, 1), counted(1, 1)
		case -1:
			a[q], b[q] = counted(1, 1), counted(0, 1)
		default:
			a[q], b[q] = counted(1, 1), counted(1, 1)
		}
	}
	const seed = 5
	got := Compare(append(pairedEpisodes("a", a), pairedEpisodes("b", b)...), keyA, keyB, coverageResamples, seed)
	seed2 := hashStrings(keyA.Protocol, keyA.Task, keyA.Judge, keyB.Protocol, keyB.Task, keyB.Judge)
	lo, hi := bootstrapMean(diffs, coverageResamples, seed, seed2)
	p := permutationPValue(diffs, Permutations, seed, seed2^0x9e3779b97f4a7c15)
	if got.CILow != lo || got.CIHigh != hi || got.PValue != p {
		t.Errorf("Compare: got [%v, %v], p %v; want [%v, %v], p %v", got.CILow, got.CIHigh, got.PValue, lo, hi, p)
	}
}

// bootstrapMean is bootstrapUnits of xs, each value a unit of its own: the
// interval of the mean paired difference over questions.
func bootstrapMean(xs []float64, resamples int, seed1, seed2 uint64) (lo, hi float64) {
	us := make([]unitSum, len(xs))
	for i, x := range xs {
		us[i] = unitSum{x, 1}
	}
	return bootstrapUnits(us, resamples, seed1, seed2)
}
