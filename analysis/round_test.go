package analysis

import (
	"math"
	"math/big"
	"testing"
)

// exactRound is k/n rounded to places decimal places, a half away from
// zero, computed on the fraction itself (not on a float).
func exactRound(k, n int64, places int) float64 {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	r := new(big.Rat).SetFrac64(k, n)
	neg := r.Sign() < 0
	r.Abs(r)
	r.Mul(r, new(big.Rat).SetInt(scale))
	r.Add(r, big.NewRat(1, 2))
	whole := new(big.Int).Quo(r.Num(), r.Denom())
	out, _ := new(big.Rat).SetFrac(whole, scale).Float64()
	if neg && out != 0 {
		out = -out
	}
	return out
}

// TestRound4OfFractions: every fraction k/n of n up to 1,000 (a cell of
// 800 episodes, say) is written as the fraction itself rounds,
// a half away from zero: 69/800 = 0.08625 is 0.0863, though its float
// times 10⁴ is 862.4999….
func TestRound4OfFractions(t *testing.T) {
	bad := 0
	for n := int64(1); n <= 1000; n++ {
		for k := -n / 100; k <= n; k++ {
			x := float64(k) / float64(n)
			if got, want := round4(x), exactRound(k, n, 4); got != want {
				if bad++; bad <= 5 {
					t.Errorf("round4(%d/%d) = %v; want %v", k, n, got, want)
				}
			}
		}
	}
	if bad > 5 {
		t.Errorf("... %d fractions in all", bad)
	}
}

func TestRoundPlaces(t *testing.T) {
	for _, c := range []struct {
		x      float64
		places int
		want   float64
	}{
		{69.0 / 800, 4, 0.0863},
		{-69.0 / 800, 4, -0.0863},
		{627.0 / 800, 4, 0.7838},
		{2647.0 / 4000, 4, 0.6618},
		{1459.814986, 2, 1459.81},
		{540.185014, 2, 540.19},
		{936.854999, 2, 936.85},
		{-0.00004, 4, 0},
		{0.00005, 4, 0.0001},
		{1e-300, 4, 0},
		{123456789.123456, 4, 123456789.1235},
		// Ties at magnitudes where x·10⁴ carries an error past 10⁻⁶.
		{6215567.30125, 4, 6215567.3013},
		{-6215567.30125, 4, -6215567.3013},
		{635074796.295, 2, 635074796.3},
	} {
		got := roundPlaces(c.x, c.places)
		if got != c.want || math.Signbit(got) != math.Signbit(c.want) {
			t.Errorf("roundPlaces(%v, %d) = %v; want %v", c.x, c.places, got, c.want)
		}
	}
	for _, x := range []float64{math.Inf(1), math.Inf(-1)} {
		if got := roundPlaces(x, 4); got != x {
			t.Errorf("roundPlaces(%v) = %v", x, got)
		}
	}
	if got := roundPlaces(math.NaN(), 4); !math.IsNaN(got) {
		t.Errorf("roundPlaces(NaN) = %v", got)
	}
}

// TestFractionOfReadsEitherRounding: a share written to four places is
// read back as its fraction whether the summary.json rounded the half
// up, as now (69/800 → 0.0863), or down, as one written before the
// rounding was mended (0.0862).
func TestFractionOfReadsEitherRounding(t *testing.T) {
	for _, x := range []float64{0.0863, 0.0862} {
		if got := fractionOf(x, 800); got != 69.0/800 {
			t.Errorf("fractionOf(%v, 800) = %v; want 69/800", x, got)
		}
	}
	if got := fractionOf(0.0861, 800); got != 0.0861 {
		t.Errorf("fractionOf(0.0861, 800) = %v; want it kept (no fraction over 800 rounds to it)", got)
	}
}
