package analysis

import (
	"math"
	"testing"
)

// TestResampleEloCountsEachGamesWeight: one question, whose game between
// players 0 and 1 was played 3 times, all won by 0: every resample draws
// it, so each refits 3 wins, θ = (x, −x) where 3 − 3·σ(2x) − λx = 0 (by
// bisection here), a rating of 1000 ± x·400/ln 10; 0 is unbeaten and 1
// winless in each of the 4 resamples.
func TestResampleEloCountsEachGamesWeight(t *testing.T) {
	sd := EloPriorSD / (400 / math.Ln10)
	lambda := 1 / (sd * sd)
	lo, hi := 0.0, 50.0
	for range 200 {
		mid := (lo + hi) / 2
		if 3-3/(1+math.Exp(-2*mid))-lambda*mid > 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	want := lo * 400 / math.Ln10
	samples, open := resampleElo([][]indexedGame{{{a: 0, b: 1, winner: 0, loser: 1, n: 3}}}, 2, 4, 7)
	for s := range 4 {
		if math.Abs(samples[0][s]-(1000+want)) > 1e-6 || math.Abs(samples[1][s]-(1000-want)) > 1e-6 {
			t.Errorf("resample %d: ratings %v, %v; want %v, %v", s, samples[0][s], samples[1][s], 1000+want, 1000-want)
		}
	}
	if open[0] != (openSides{unbeaten: 4}) || open[1] != (openSides{winless: 4}) {
		t.Errorf("open sides %+v; want 0 unbeaten and 1 winless in all 4", open)
	}
}
