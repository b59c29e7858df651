package analysis

// Tests added by a hand mutation audit of the estimators: each names the
// change to the code it catches, and computes what it expects apart from
// the code (by hand, from docs/statistics.md, or by a second, simple
// implementation written here).

import (
	"testing"
)

// TestWilsonScoreStaysInTheUnitInterval: the Wilson interval "stays
// inside [0, 1]" (docs/statistics.md, Wilson interval). At a mean of 0 its
// lower bound is (z²/2n − z·√(z²/4n²))/(1 + z²/n), zero on paper but a
// few ulps below it in floats for many n (n = 7, 9, 14, …), and likewise
// the upper bound at 1 a few ulps above one. Wilson sets 0/n and n/n
// exactly; the score interval of a mean (a pair accuracy's, scored in
// halves) and WilsonDesign must clamp. Kills dropping max(0, ·) or
// min(1, ·) in wilsonOver.
func TestWilsonScoreStaysInTheUnitInterval(t *testing.T) {
	for n := 1; n <= 200; n++ {
		for _, p := range []float64{0, 1} {
			lo, hi := wilsonRate(p, n)
			if lo < 0 || hi > 1 {
				t.Fatalf("wilsonRate(%v, %d) = [%v, %v], outside [0, 1]", p, n, lo, hi)
			}
			dlo, dhi := WilsonDesign(int(p)*n, n, 1.5)
			if dlo < 0 || dhi > 1 {
				t.Fatalf("WilsonDesign(%d, %d, 1.5) = [%v, %v], outside [0, 1]", int(p)*n, n, dlo, dhi)
			}
		}
	}
	// At 0 the bound is exactly 0 where it is clamped: (a − a)/d for the
	// same a on paper.
	if lo, _ := wilsonRate(0, 7); lo != 0 {
		t.Errorf("wilsonRate(0, 7) lower bound = %v, want 0", lo)
	}
}
