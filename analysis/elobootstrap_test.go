package analysis

import (
	"math"
	"testing"
)

// TestEloIntervalIsTheBootstrapsOwnQuantiles: two players, each game on a
// question of its own, a winning 280 of 400. A resample of the questions
// draws each game with replacement, so a's wins in it are Binomial(400,
// 0.7) and its rating is EloMean + mapGap(wins, 400)/2: the bootstrap
// distribution is known exactly, without drawing. The package's 95%
// interval from 2,000 draws is checked against that distribution's 2.5%
// and 97.5% quantiles, within 1.5 points (its Monte Carlo error, about
// 0.6 points, and the step of one win, about 1 point). An interval made
// at other levels (5% and 95%: 3 points in) fails; the other Elo tests
// checked only that the interval narrows with more questions.
func TestEloIntervalIsTheBootstrapsOwnQuantiles(t *testing.T) {
	const n, w = 400, 280
	a := rating(Elo(record("a", "b", w, n-w), Resamples, 3), "a")
	// The binomial's probabilities, by their logarithms.
	p := float64(w) / n
	cdf, quantiles := 0.0, map[float64]float64{}
	for k := 0; k <= n; k++ {
		lg, _ := math.Lgamma(n + 1)
		lk, _ := math.Lgamma(float64(k) + 1)
		lnk, _ := math.Lgamma(float64(n-k) + 1)
		cdf += math.Exp(lg - lk - lnk + float64(k)*math.Log(p) + float64(n-k)*math.Log(1-p))
		for _, q := range []float64{0.025, 0.975} {
			if _, ok := quantiles[q]; !ok && cdf >= q {
				quantiles[q] = EloMean + mapGap(k, n)/2
			}
		}
	}
	lo, hi := quantiles[0.025], quantiles[0.975]
	if math.Abs(a.CILow-lo) > 1.5 || math.Abs(a.CIHigh-hi) > 1.5 {
		t.Errorf("a, 280 of 400: interval [%.1f, %.1f]; want about [%.1f, %.1f], the exact bootstrap's 2.5%% and 97.5%% quantiles", a.CILow, a.CIHigh, lo, hi)
	}
}

// TestEloPriorBoundFromAFortieth: a player is flagged unbounded above where
// a 40th of the resamples or more leave it unbeaten (docs/statistics.md).
// With its losses on k of 150 questions, a resample misses them all with
// probability (1 − k/150)^150: 4.8% for 3 losses, above a 40th (flagged),
// 0.6% for 5, below (bounded). Of 2,000 resamples, about 97 and 12 against
// the threshold of 50: far from it either way.
func TestEloPriorBoundFromAFortieth(t *testing.T) {
	for _, c := range []struct {
		losses int
		want   string
	}{{3, UnboundedAbove}, {5, ""}} {
		if p := math.Pow(1-float64(c.losses)/150, 150); (p >= 1.0/40) != (c.want != "") {
			t.Fatalf("%d losses: P(unbeaten) %.4f; the case is mis-set", c.losses, p)
		}
		rs := Elo(record("a", "b", 150-c.losses, c.losses), Resamples, 1)
		if a := rating(rs, "a"); a.Unbounded != c.want {
			t.Errorf("%d losses of 150: unbounded %q; want %q", c.losses, a.Unbounded, c.want)
		}
	}
}
