package analysis

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestHolmByHand: four p-values worked by hand. Sorted: 0.005·4 = 0.02,
// 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04, raised to the running
// maximum 0.06; a p-value times its multiplier above 1 is 1.
func TestHolmByHand(t *testing.T) {
	got := HolmAdjusted([]float64{0.01, 0.04, 0.03, 0.005})
	want := []float64{0.03, 0.06, 0.06, 0.02}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-12 {
			t.Fatalf("Holm of 0.01, 0.04, 0.03, 0.005: got %v, want %v", got, want)
		}
	}
	if got := HolmAdjusted([]float64{0.3, 0.6}); got[0] != 0.6 || got[1] != 0.6 {
		t.Errorf("Holm of 0.3, 0.6: got %v, want [0.6 0.6]", got)
	}
	if got := HolmAdjusted([]float64{0.02}); got[0] != 0.02 {
		t.Errorf("a family of one is its own p: got %v", got)
	}
	if got := HolmAdjusted(nil); len(got) != 0 {
		t.Errorf("no p-values: got %v", got)
	}
}

// stepDownRejects is Holm's procedure as Holm (1979) states it, computed
// apart from HolmAdjusted: at level alpha, with the p-values sorted
// ascending, reject the j-th smallest while p_(j) ≤ alpha/(m−j+1), and
// stop at the first that is not.
func stepDownRejects(ps []float64, alpha float64) []bool {
	m := len(ps)
	order := make([]int, m)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case ps[a] < ps[b]:
			return -1
		case ps[a] > ps[b]:
			return 1
		}
		return 0
	})
	rejected := make([]bool, m)
	for j, i := range order {
		if ps[i] > alpha/float64(m-j) {
			break
		}
		rejected[i] = true
	}
	return rejected
}

// TestHolmAgainstTheStepDownProcedure: a hypothesis's adjusted p-value is
// at most alpha exactly where the step-down procedure rejects it at
// alpha, for random families (ties included) and levels just under and
// just over every threshold the procedure meets (on one, rounding
// decides).
func TestHolmAgainstTheStepDownProcedure(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for family := range 300 {
		m := 1 + rng.IntN(12)
		ps := make([]float64, m)
		for i := range ps {
			ps[i] = math.Pow(rng.Float64(), 3) // many small ones
			if i > 0 && rng.IntN(5) == 0 {
				ps[i] = ps[rng.IntN(i)] // a tie
			}
		}
		adj := HolmAdjusted(ps)
		alphas := []float64{0.01, 0.05}
		for _, p := range ps {
			for k := 1; k <= m; k++ {
				a := p * float64(k)
				alphas = append(alphas, a*(1-1e-9), a*(1+1e-9))
			}
		}
		for _, alpha := range alphas {
			if alpha >= 1 { // a level of 1 rejects everything; adjusted p-values stop at 1
				continue
			}
			rejected := stepDownRejects(ps, alpha)
			for i := range ps {
				if (adj[i] <= alpha) != rejected[i] {
					t.Fatalf("family %d %v: at alpha %v hypothesis %d adjusted %v, step-down rejects: %v",
						family, ps, alpha, i, adj[i], rejected[i])
				}
			}
		}
	}
}

// TestHolmNoteOfOne: a table of one comparison says its p Holm is p, not
// that it was adjusted over "the 1 comparisons".
func TestHolmNoteOfOne(t *testing.T) {
	one := ComparisonNote([]Paired{{PValue: 0.02}})
	two := ComparisonNote([]Paired{{PValue: 0.02}, {PValue: 0.5}})
	if !strings.Contains(one, "p Holm: p itself, with one comparison in the table") || strings.Contains(one, "over the 1 ") {
		t.Errorf("one comparison: %q", one)
	}
	if !strings.Contains(two, "over the 2 comparisons of the table") {
		t.Errorf("two comparisons: %q", two)
	}
}
