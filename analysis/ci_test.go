package analysis

import (
	"math"
	"testing"
)

func TestWilson(t *testing.T) {
	checkWilson4(t, "worked values", []wilsonCase{
		{8, 10, 0.4902, 0.9433},
		{0, 10, 0, 0.2775},
		{10, 10, 0.7225, 1},
		{50, 100, 0.4038, 0.5962},
		{1, 1, 0.2065, 1},
		{0, 0, 0, 1},
	})
}

// wilsonCase is k right of n and the Wilson interval to 4 decimals.
type wilsonCase struct {
	k, n   int
	lo, hi float64
}

// checkWilson4 checks Wilson against each case to 4 decimals; source says
// where the cases' intervals come from.
func checkWilson4(t *testing.T, source string, cases []wilsonCase) {
	t.Helper()
	for _, tt := range cases {
		lo, hi := Wilson(tt.k, tt.n)
		if math.IsNaN(lo) || math.IsNaN(hi) || round4(lo) != tt.lo || round4(hi) != tt.hi {
			t.Errorf("Wilson(%d, %d) = [%.4f, %.4f]; want [%.4f, %.4f] (%s)", tt.k, tt.n, lo, hi, tt.lo, tt.hi, source)
		}
	}
}

// repeatCounts returns pattern repeated times times.
func repeatCounts(pattern []Count, times int) []Count {
	var out []Count
	for range times {
		out = append(out, pattern...)
	}
	return out
}

// pooled returns the pooled accuracy of qs.
func pooled(qs []Count) (correct, n int) {
	for _, q := range qs {
		correct += q.Correct
		n += q.N
	}
	return correct, n
}

// mixedPattern is ten questions of four judgements each, 24 of 40 correct.
var mixedPattern = []Count{{4, 4}, {3, 4}, {0, 4}, {2, 4}, {4, 4}, {1, 4}, {3, 4}, {0, 4}, {4, 4}, {3, 4}}

func TestBootstrapDeterministic(t *testing.T) {
	// Uneven n makes resample accuracies fine-grained, so that two seeds
	// all but surely give different quantiles.
	qs := repeatCounts([]Count{{1, 1}, {5, 9}, {0, 2}, {7, 7}, {2, 6}, {4, 5}, {1, 3}}, 4)
	lo1, hi1 := BootstrapClustered(qs, Resamples, 7, 11)
	lo2, hi2 := BootstrapClustered(qs, Resamples, 7, 11)
	if lo1 != lo2 || hi1 != hi2 {
		t.Errorf("same seed: got [%v, %v] then [%v, %v]; want equal", lo1, hi1, lo2, hi2)
	}
	lo3, hi3 := BootstrapClustered(qs, Resamples, 7, 12)
	if lo1 == lo3 && hi1 == hi3 {
		t.Errorf("other seed: got [%v, %v] both times; want a different draw", lo1, hi1)
	}
}

func TestBootstrapContainsEstimate(t *testing.T) {
	tests := []struct {
		name string
		qs   []Count
	}{
		{"mixed", mixedPattern},
		{"mostly right", repeatCounts([]Count{{2, 2}, {2, 2}, {2, 2}, {1, 2}}, 5)},
		{"mostly wrong", repeatCounts([]Count{{0, 2}, {0, 2}, {1, 2}, {0, 3}}, 5)},
		{"uneven n", []Count{{1, 1}, {5, 9}, {0, 2}, {7, 7}, {2, 6}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, n := pooled(tt.qs)
			p := float64(c) / float64(n)
			lo, hi := BootstrapClustered(tt.qs, Resamples, 1, 2)
			if !(0 <= lo && lo < p && p < hi && hi <= 1) {
				t.Errorf("got [%.4f, %.4f]; want an interval inside [0, 1] around %.4f", lo, hi, p)
			}
		})
	}
}

func TestBootstrapNarrowsWithMoreQuestions(t *testing.T) {
	var prev float64 = 2
	for _, times := range []int{1, 4, 16} {
		lo, hi := BootstrapClustered(repeatCounts(mixedPattern, times), Resamples, 3, 4)
		if w := hi - lo; w >= prev {
			t.Errorf("%d questions: got width %.4f; want narrower than %.4f", 10*times, w, prev)
		} else {
			prev = w
		}
	}
}

func TestBootstrapIsClustered(t *testing.T) {
	// Duplicating every judgement of every question adds no questions:
	// the clustered interval must not move, although Wilson, which takes
	// the judgements as independent, narrows.
	qs := repeatCounts(mixedPattern, 2)
	doubled := make([]Count, len(qs))
	for i, q := range qs {
		doubled[i] = Count{2 * q.Correct, 2 * q.N}
	}
	lo, hi := BootstrapClustered(qs, Resamples, 5, 6)
	dlo, dhi := BootstrapClustered(doubled, Resamples, 5, 6)
	if lo != dlo || hi != dhi {
		t.Errorf("bootstrap with duplicated episodes: got [%.4f, %.4f]; want [%.4f, %.4f]", dlo, dhi, lo, hi)
	}
	c, n := pooled(qs)
	wlo, whi := Wilson(c, n)
	w2lo, w2hi := Wilson(2*c, 2*n)
	if w2hi-w2lo >= whi-wlo {
		t.Errorf("Wilson with duplicated episodes: got width %.4f; want narrower than %.4f", w2hi-w2lo, whi-wlo)
	}
	// Judgements that agree within a question carry less information than
	// as many independent ones: the clustered interval is the wider.
	if hi-lo <= whi-wlo {
		t.Errorf("correlated judgements: got bootstrap width %.4f; want wider than Wilson %.4f", hi-lo, whi-wlo)
	}
}

func TestBootstrapEdgeCases(t *testing.T) {
	tests := []struct {
		name   string
		qs     []Count
		lo, hi float64
	}{
		{"no questions", nil, 0, 1},
		{"only empty questions", []Count{{0, 0}, {0, 0}}, 0, 1},
		{"one question", []Count{{3, 4}}, 0.75, 0.75},
		{"empty questions ignored", []Count{{1, 2}, {0, 0}, {1, 2}}, 0.5, 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lo, hi := BootstrapClustered(tt.qs, 100, 1, 1)
			if lo != tt.lo || hi != tt.hi {
				t.Errorf("got [%v, %v]; want [%v, %v]", lo, hi, tt.lo, tt.hi)
			}
		})
	}
}

func TestBootstrapPanicsWithoutResamples(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Errorf("BootstrapClustered(_, 0, _, _) did not panic; want a panic")
		}
	}()
	BootstrapClustered(mixedPattern, 0, 1, 1)
}

func TestQuantile(t *testing.T) {
	xs := []float64{0, 1, 2, 3, 4}
	tests := []struct{ p, want float64 }{{0, 0}, {0.5, 2}, {0.025, 0.1}, {0.975, 3.9}, {1, 4}}
	for _, tt := range tests {
		if got := quantile(xs, tt.p); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("quantile(%v, %v) = %v; want %v", xs, tt.p, got, tt.want)
		}
	}
}

// TestBootstrapOneResample: one resample is allowed; both ends are then
// the pooled accuracy of that resample, some questions' correct over
// their n: for three questions of n 1, 2 and 4, a multiple of 1/(the
// resample's total n), within [0, 1].
func TestBootstrapOneResample(t *testing.T) {
	qs := []Count{{1, 1}, {1, 2}, {3, 4}}
	lo, hi := BootstrapClustered(qs, 1, 5, 6)
	if lo != hi || lo < 0 || lo > 1 {
		t.Fatalf("one resample: got [%v, %v]; want one point in [0, 1]", lo, hi)
	}
	ok := false
	for a := range 4 { // how many times each question was drawn: a+b+c = 3
		for b := range 4 - a {
			c := 3 - a - b
			n := a*1 + b*2 + c*4
			if math.Abs(lo-float64(a*1+b*1+c*3)/float64(n)) < 1e-12 {
				ok = true
			}
		}
	}
	if !ok {
		t.Errorf("one resample: got %v; want the pooled accuracy of some resample of the three questions", lo)
	}
}
