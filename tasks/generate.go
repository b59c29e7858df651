package tasks

import (
	"errors"
	"fmt"
	"math/rand/v2"
)

// ErrNegativeCount is returned by a generator asked for fewer than zero
// questions.
var ErrNegativeCount = errors.New("tasks: negative number of questions")

// Each makes n questions, question i by one(i), as every generator does:
// question i must depend only on the seed, i and the settings, never on n.
func Each(n int, one func(i int) (Question, error)) ([]Question, error) {
	if n < 0 {
		return nil, fmt.Errorf("%w: %d", ErrNegativeCount, n)
	}
	out := make([]Question, 0, n)
	for i := range n {
		q, err := one(i)
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, nil
}

// DifficultyNoise is how far a generated question's difficulty may stray
// from the mean a task asks for.
const DifficultyNoise = 0.15

// DrawDifficulty draws a question's difficulty: mean plus uniform noise of
// DifficultyNoise either way, kept within [0, 1].
func DrawDifficulty(rng *rand.Rand, mean float64) float64 {
	d := mean + (rng.Float64()*2-1)*DifficultyNoise
	return min(max(d, 0), 1)
}
