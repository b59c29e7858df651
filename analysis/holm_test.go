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
	// Sorted: 0.6·2 = 1.2 and 0.9·1 = 0.9, both capped at 1: an adjusted
	// p-value is a probability.
	if got := HolmAdjusted([]float64{0.9, 0.6}); got[0] != 1 || got[1] != 1 {
		t.Errorf("Holm of 0.9, 0.6: got %v, want [1 1]", got)
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

// holmByDefinition is Holm's adjusted p-value written as a maximum over
// the p-values no larger, apart from HolmAdjusted's running maximum: for
// p_i, the largest min(1, (m − k_j)·p_j) over p_j ≤ p_i, k_j the number
// of p-values below p_j (ties share the smallest multiplier's rank).
func holmByDefinition(ps []float64) []float64 {
	out := make([]float64, len(ps))
	for i, pi := range ps {
		for _, pj := range ps {
			if pj > pi {
				continue
			}
			below := 0
			for _, pk := range ps {
				if pk < pj {
					below++
				}
			}
			out[i] = max(out[i], min(1, float64(len(ps)-below)*pj))
		}
	}
	return out
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
		for i, want := range holmByDefinition(ps) {
			if math.Abs(adj[i]-want) > 1e-12 {
				t.Fatalf("family %d %v: hypothesis %d adjusted %v; by definition %v", family, ps, i, adj[i], want)
			}
		}
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

// TestAdjustHolmRoundsToNinePlaces: three comparisons of p 0.1 are each
// adjusted to 0.3, as summary.json writes it, not to 3·0.1 in binary
// (0.30000000000000004): a sweep's contrasts are adjusted after the
// summary's rounding.
func TestAdjustHolmRoundsToNinePlaces(t *testing.T) {
	cs := []Paired{{PValue: 0.1}, {PValue: 0.1}, {PValue: 0.1}}
	AdjustHolm(cs)
	for i, c := range cs {
		if c.PHolm == nil || *c.PHolm != 0.3 {
			t.Errorf("comparison %d: p Holm %v; want 0.3", i, deref(c.PHolm))
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

// deref is *x for a message, nil where x is.
func deref(x *float64) any {
	if x == nil {
		return nil
	}
	return *x
}
