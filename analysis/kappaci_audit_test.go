package analysis

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestPercentileIntervalEdges: the interval of the statistics of 975 of
// 1000 resamples (2.5% undefined, the most allowed) is given, by type-7
// quantiles worked by hand: of 0, 1, …, 974, h = 974·0.025 = 24.35 and
// 974·0.975 = 949.65, whatever order they come in; with 974 of 1000, or
// every resample alike, none is.
func TestPercentileIntervalEdges(t *testing.T) {
	stats := func(n int) []float64 {
		s := make([]float64, n)
		for i := range s {
			s[i] = float64(i)
		}
		rand.New(rand.NewPCG(1, 2)).Shuffle(n, func(i, j int) { s[i], s[j] = s[j], s[i] })
		return s
	}
	ci := percentileInterval(stats(975), 1000)
	if ci == nil || math.Abs(ci.CILow-24.35) > 1e-9 || math.Abs(ci.CIHigh-949.65) > 1e-9 || ci.CIMethod != MethodBootstrap {
		t.Errorf("975 of 1000: got %+v; want [24.35, 949.65] by the bootstrap", ci)
	}
	if ci := percentileInterval(stats(974), 1000); ci != nil {
		t.Errorf("974 of 1000 (2.6%% undefined): got %+v; want none", ci)
	}
	if ci := percentileInterval([]float64{0.4, 0.4, 0.4, 0.4}, 4); ci != nil {
		t.Errorf("one value throughout: got %+v; want none", ci)
	}
	if ci := percentileInterval(nil, 0); ci != nil {
		t.Errorf("no resamples: got %+v; want none", ci)
	}
}

// TestKappaIntervalRefusesUnknownLabels: the labels are 0 to 3 (answers
// and grades); 4 or −1 gives no interval, for either judge, rather than a
// count out of bounds.
func TestKappaIntervalRefusesUnknownLabels(t *testing.T) {
	qs := []string{"q1", "q2", "q3"}
	for _, c := range [][2][]int{
		{{0, 1, 4}, {0, 1, 1}},
		{{0, 1, 1}, {0, 1, 4}},
		{{0, 1, -1}, {0, 1, 1}},
		{{0, 1, 1}, {0, -1, 1}},
	} {
		if ci := kappaInterval(c[0], c[1], qs, qs, 200, 1); ci != nil {
			t.Errorf("labels %v, %v: got %+v; want none", c[0], c[1], ci)
		}
	}
}
