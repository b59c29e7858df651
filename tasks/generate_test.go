package tasks

import (
	"errors"
	"math/rand/v2"
	"testing"
)

func TestEach(t *testing.T) {
	qs, err := Each(3, func(i int) (Question, error) { return Question{ID: string(rune('a' + i))}, nil })
	if err != nil || len(qs) != 3 || qs[2].ID != "c" {
		t.Fatalf("Each(3) = %v, %v; want a, b, c", qs, err)
	}
	if _, err := Each(-1, nil); !errors.Is(err, ErrNegativeCount) {
		t.Errorf("Each(-1): err = %v; want ErrNegativeCount", err)
	}
	boom := errors.New("boom")
	if _, err := Each(2, func(int) (Question, error) { return Question{}, boom }); !errors.Is(err, boom) {
		t.Errorf("Each with a failing question: err = %v; want it passed on", err)
	}
}

func TestDrawDifficulty(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, mean := range []float64{0, 0.5, 1} {
		for range 1000 {
			d := DrawDifficulty(rng, mean)
			if d < 0 || d > 1 || d < mean-DifficultyNoise || d > mean+DifficultyNoise {
				t.Fatalf("DrawDifficulty(%g) = %g; want within %g of it, in [0, 1]", mean, d, DifficultyNoise)
			}
		}
	}
}
