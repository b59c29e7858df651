package analysis

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestSummaryParallelIsSerial: a Summary finished on many goroutines is
// byte for byte the Summary finished on one.
func TestSummaryParallelIsSerial(t *testing.T) {
	sweep := sweepEpisodes(func(skill, rounds string, q int) bool { return skill == "0.9" || q%2 == 0 })
	for name, eps := range map[string][]transcript.Episode{
		"golden": goldenEpisodes(),
		"sweep":  sweep,
	} {
		t.Run(name, func(t *testing.T) {
			summary := func(workers int) string {
				defer func(n int) { finishWorkers = n }(finishWorkers)
				finishWorkers = workers
				data, err := json.Marshal(Summarize("e", 7, eps))
				if err != nil {
					t.Fatal(err)
				}
				return string(data)
			}
			serial := summary(1)
			if got := summary(8); got != serial {
				t.Errorf("with 8 workers got\n%s\nwant (1 worker)\n%s", got, serial)
			}
		})
	}
}

// TestPermutationByValue: counting signs by value gives the p-values of
// the loop over questions: signFlipPValue, the documented sign flips
// added one question at a time, as permutationPValue added them before.
func TestPermutationByValue(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, tc := range []struct {
		values []float64
		n      int
	}{
		{[]float64{-1, 0, 1}, 100},
		{[]float64{-1, 0, 1, 1}, 16667},
		{[]float64{-1, -0.5, 0, 0.5, 1, 1}, 999},
		{[]float64{-1, -2.0 / 3, -1.0 / 3, 0, 1.0 / 3, 2.0 / 3, 1, 1}, 1000},
		{[]float64{-1, -2.0 / 3, -1.0 / 3, 0, 1.0 / 3, 2.0 / 3, 1, 1}, 65},
		{[]float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, -0.1}, 300}, // too many values: the loop
		{[]float64{1}, 64},
		{[]float64{0}, 10},
	} {
		for seed := range uint64(5) {
			diffs := make([]float64, tc.n)
			for i := range diffs {
				diffs[i] = tc.values[r.IntN(len(tc.values))]
			}
			got := permutationPValue(diffs, 2000, seed, 9)
			want := signFlipPValue(diffs, 2000, seed, 9)
			if got != want {
				t.Errorf("values %v, n %d, seed %d: got p = %v; want %v", tc.values, tc.n, seed, got, want)
			}
		}
	}
}
