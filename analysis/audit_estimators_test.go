package analysis

// Tests added by a hand mutation audit of the estimators: each names the
// change to the code it catches, and computes what it expects apart from
// the code (by hand, from docs/statistics.md, or by a second, simple
// implementation written here).

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"
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

// TestOverSeedsWrittenToFourPlaces: summary.json writes every number of a
// replicated run — means, SDs and interval bounds over seeds — to four
// places (docs/statistics.md, the opening section: "rounded to four only
// where summary.json … is written", half away from zero). Each figure over
// seeds is written through OverSeeds; the values here are chosen with a
// fifth decimal that rounds up (0.03125678 → 0.0313) or down. Kills leaving
// any of mean, SD, ci_low or ci_high unrounded in OverSeeds.round.
func TestOverSeedsWrittenToFourPlaces(t *testing.T) {
	o := OverSeeds{Replicates: 3, Mean: 0.123456789, SD: 0.03125678,
		Interval: Interval{CILow: 0.01234321, CIHigh: 0.23456789, CIMethod: MethodReplicatesT}}
	want := map[string]float64{"mean": 0.1235, "sd": 0.0313, "ci_low": 0.0123, "ci_high": 0.2346}
	for _, v := range []any{
		ReplicateComparison{OverSeeds: o},
		SeedFigure{Values: []float64{0.1}, OverSeeds: o},
		ReplicatePoint{Accuracy: []float64{0.1}, OverSeeds: o},
	} {
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var got map[string]any
		if err := json.Unmarshal(data, &got); err != nil {
			t.Fatal(err)
		}
		for k, w := range want {
			if got[k] != w {
				t.Errorf("%T: %s written %v, want %v (%s)", v, k, got[k], w, data)
			}
		}
	}
}

// TestNineSignificantDigits: a run's summary keeps each p-value to nine
// significant digits, not nine places (docs/statistics.md, Replicates: a
// p of 1.063·10⁻⁹ kept as 1e-9 at nine places). Worked by hand: the tenth
// significant digit of each decides. Kills keeping eight digits (or nine
// places) in nineDigits.
func TestNineSignificantDigits(t *testing.T) {
	for _, c := range []struct{ p, want float64 }{
		{0.123456789123, 0.123456789},
		{1.0634567891e-9, 1.06345679e-9},
		{5.81234567849e-15, 5.81234568e-15},
		{0.99999999949, 0.999999999},
		{0, 0},
	} {
		if got := nineDigits(c.p); got != c.want {
			t.Errorf("nineDigits(%v) = %v, want %v", c.p, got, c.want)
		}
	}
}

// TestSeedsHigherLowerExcludeZero: a replicated comparison counts the
// seeds whose own 95% interval "lies above 0" (higher) and "below 0"
// (lower) (docs/statistics.md, Replicates), as each seed's summary.json
// writes its bounds (four places). An interval that touches 0 at either
// end, or whose bound rounds to 0 there, lies on neither side. Kills
// counting a bound of 0 (round4(hi) <= 0, round4(lo) >= 0).
func TestSeedsHigherLowerExcludeZero(t *testing.T) {
	for _, c := range []struct {
		lo, hi        float64
		higher, lower int
	}{
		{-0.2, 0, 0, 0},
		{0, 0.2, 0, 0},
		{-0.2, 0.00004, 0, 0},  // written 0.0000
		{-0.00004, 0.2, 0, 0},  // written -0.0000
		{-0.2, -0.00005, 0, 1}, // written -0.0001
		{0.00005, 0.2, 1, 0},   // written 0.0001
		{-0.3, -0.1, 0, 1},
		{0.1, 0.3, 1, 0},
	} {
		var s seedDiffs
		s.add(1, Paired{Difference: (c.lo + c.hi) / 2, Interval: Interval{CILow: c.lo, CIHigh: c.hi}}, nil, nil)
		if s.c.Higher != c.higher || s.c.Lower != c.lower {
			t.Errorf("[%v, %v]: higher %d, lower %d; want %d, %d", c.lo, c.hi, s.c.Higher, s.c.Lower, c.higher, c.lower)
		}
	}
}

// TestAllGoldIsAnUpperBoundNotInPart: a cell whose every reference is the
// gold is an upper bound throughout (upper_bound), not "in part" — that
// is for a pool whose references are mixed, the gold among them
// (ReferenceSplit.GoldInPart; TestPooledGoldIsMarked covers the pools).
// summary.json must not say both. Kills setting GoldInPart from the gold
// alone.
func TestAllGoldIsAnUpperBoundNotInPart(t *testing.T) {
	var eps []transcript.Episode
	for _, q := range []string{"a", "b", "c"} {
		eps = append(eps, transcript.Episode{Protocol: "gold", Kind: "direct", Task: "t", Judge: "j", QuestionID: q,
			CorrectAnswer: 1, Verdict: transcript.Verdict{Answer: 1, Slot: "A", Parse: "answer-line"}, Correct: true,
			Reference: &transcript.Reference{Source: transcript.ReferenceGold, Answer: 1}})
	}
	s := Summarize("x", 1, eps)
	f := s.Cells[0].Reference
	if f == nil || !f.UpperBound || f.GoldInPart {
		t.Fatalf("reference %+v; want an upper bound, not gold in part", f)
	}
	data, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "gold_in_part") {
		t.Errorf("summary.json says gold_in_part of an all-gold cell: %s", data)
	}
}

// TestBootstrapClusteredIsItsDrawsPercentiles: a cell's interval is the
// 2.5% and 97.5% quantiles (Hyndman & Fan type 7) of the pooled accuracies
// of resamples of whole questions drawn from PCG(seed1, seed2)
// (docs/statistics.md, Judge accuracy of a cell). Written again here: the
// draws, the pooled ratio, the sort and h = p·(R − 1) interpolated. Kills
// another quantile level (only TestGolden's snapshot caught 0.03 before)
// and resampling episodes in place of questions.
func TestBootstrapClusteredIsItsDrawsPercentiles(t *testing.T) {
	qs := []Count{{4, 4}, {1, 2}, {0, 4}, {3, 4}, {2, 2}, {1, 4}, {4, 4}, {0, 2}, {2, 4}}
	const resamples, s1, s2 = 999, 21, 34
	r := rand.New(rand.NewPCG(s1, s2))
	stats := make([]float64, resamples)
	for i := range stats {
		c, n := 0, 0
		for range qs {
			q := qs[r.IntN(len(qs))]
			c, n = c+q.Correct, n+q.N
		}
		stats[i] = float64(c) / float64(n)
	}
	sort.Float64s(stats)
	at := func(p float64) float64 {
		h := p * (resamples - 1)
		lo := math.Floor(h)
		return stats[int(lo)] + (h-lo)*(stats[int(lo)+1]-stats[int(lo)])
	}
	lo, hi := BootstrapClustered(qs, resamples, s1, s2)
	if lo != at(0.025) || hi != at(0.975) {
		t.Errorf("BootstrapClustered = [%v, %v]; the draws' 2.5%% and 97.5%% quantiles are [%v, %v]", lo, hi, at(0.025), at(0.975))
	}
}

// TestRoundEloToTwoPlaces: summary.json writes Elo ratings and their
// bounds to two places, a half away from zero (docs/statistics.md, since
// 2026-12-04: 1145.52865 is 1145.53 there). Worked by hand; 1000.125 and
// −987.625 are halves that binary holds exactly. Kills any other number of
// places (only TestGolden's snapshot caught three before).
func TestRoundEloToTwoPlaces(t *testing.T) {
	for _, c := range []struct{ x, want float64 }{
		{1145.52865, 1145.53},
		{1000.125, 1000.13},
		{-987.625, -987.63},
		{999.994999, 999.99},
		{1444, 1444},
	} {
		if got := RoundElo(c.x); got != c.want {
			t.Errorf("RoundElo(%v) = %v, want %v", c.x, got, c.want)
		}
	}
}
