package analysis

import (
	"fmt"
	"math"
	"testing"
)

// TestBootstrapIsA95PercentInterval checks BootstrapClustered's level
// without golden files. When every question has the same N and is either
// all right or all wrong, a resample's pooled accuracy is exactly
// Binomial(k, p)/k, k questions of which a fraction p is right: drawing a
// question is a coin with probability p. So the bootstrap's 2.5% and
// 97.5% quantiles must hold about 95% of that binomial's mass, with about
// 2.5% in each tail — computed here from the binomial itself. A 90%
// interval labelled 95% holds about 90%; an interval that resampled
// judgements instead of questions is half as wide when N is 4, and holds
// far less.
func TestBootstrapIsA95PercentInterval(t *testing.T) {
	const k = 400
	for _, tc := range []struct {
		right, n int
	}{
		{200, 1}, // p = 0.5, one judgement a question
		{120, 1}, // p = 0.3
		{260, 4}, // p = 0.65, four judgements a question, all alike
	} {
		t.Run(fmt.Sprintf("%d of %d right, N=%d", tc.right, k, tc.n), func(t *testing.T) {
			qs := make([]Count, k)
			for i := range qs {
				qs[i] = Count{N: tc.n}
				if i < tc.right {
					qs[i].Correct = tc.n
				}
			}
			p := float64(tc.right) / k
			lo, hi := BootstrapClustered(qs, 4000, 3, 5)
			// The binomial's mass below lo, within [lo, hi] and above hi, by
			// the number of right questions j (accuracy j/k).
			var below, inside, above float64
			for j := 0; j <= k; j++ {
				m := binomialPMF(k, j, p)
				switch a := float64(j) / k; {
				case a < lo-1e-12:
					below += m
				case a > hi+1e-12:
					above += m
				default:
					inside += m
				}
			}
			t.Logf("[%.4f, %.4f]: %.3f below, %.3f inside, %.3f above", lo, hi, below, inside, above)
			// Monte Carlo error of 4000 resamples, and the mass of the
			// counts at the ends, leave about a point either way.
			if inside < 0.935 || inside > 0.975 {
				t.Errorf("[%.4f, %.4f] holds %.3f of the bootstrap distribution; want 0.95", lo, hi, inside)
			}
			for _, tail := range []struct {
				name string
				mass float64
			}{{"below", below}, {"above", above}} {
				if tail.mass < 0.01 || tail.mass > 0.04 {
					t.Errorf("[%.4f, %.4f]: %.3f of the bootstrap distribution lies %s it; want 0.025", lo, hi, tail.mass, tail.name)
				}
			}
			// And the width is the normal approximation's, 2 · 1.96 · σ.
			sigma := math.Sqrt(p * (1 - p) / k)
			if w, want := hi-lo, 2*1.959964*sigma; math.Abs(w-want) > 0.08*want {
				t.Errorf("[%.4f, %.4f] is %.4f wide; want %.4f ± 8%%", lo, hi, w, want)
			}
		})
	}
}

// binomialPMF is P(X = j) for X ~ Binomial(n, p).
func binomialPMF(n, j int, p float64) float64 {
	lg := func(x int) float64 { v, _ := math.Lgamma(float64(x) + 1); return v }
	return math.Exp(lg(n) - lg(j) - lg(n-j) + float64(j)*math.Log(p) + float64(n-j)*math.Log1p(-p))
}
