package tasks

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/mootlab/moot/transcript"
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

// ValidateDifficulty reports a mean difficulty outside [0, 1] (NaN
// included) as an error naming the setting.
func ValidateDifficulty(d float64) error {
	if !(d >= 0 && d <= 1) {
		return fmt.Errorf("difficulty: must be in [0, 1], got %v", d)
	}
	return nil
}

// Stream is the random stream of generator question i: keyed by the seed
// (with the generator's own tag mixed in, so that two generators given one
// seed differ) and i alone, so question i does not depend on how many are
// made.
func Stream(seed, tag uint64, i int) *rand.Rand {
	return rand.New(rand.NewPCG(seed^tag, uint64(i)*0x9E3779B97F4A7C15+1))
}

// MaxAttempts bounds the retries of a generated question that failed one
// of its generator's checks (a rare clash of names or numbers).
const MaxAttempts = 100

// Retry calls build on rng until it returns a question that passed its
// checks (ok), at most MaxAttempts times; the retries draw from the same
// stream, so they are reproducible too. what names what failed its checks
// in the error ("article", "problem"…).
func Retry(rng *rand.Rand, what string, build func(*rand.Rand) (q Question, ok bool, err error)) (Question, error) {
	for range MaxAttempts {
		q, ok, err := build(rng)
		if err != nil || ok {
			return q, err
		}
	}
	return Question{}, fmt.Errorf("no consistent %s in %d attempts", what, MaxAttempts)
}

// Stamp finishes question i of seed, drawn at difficulty d by the generator
// of family, as Retry returned it: it names the question family-seed-i and
// sets its family and difficulty, or says which question err is about.
func Stamp(family transcript.Family, seed uint64, i int, d float64, q Question, err error) (Question, error) {
	if err != nil {
		return Question{}, fmt.Errorf("%s: question %d of seed %d: %w", family, i, seed, err)
	}
	q.ID = fmt.Sprintf("%s-%d-%04d", family, seed, i)
	q.Family = family
	q.Difficulty = d
	return q, nil
}

// Seeded is a generator made of its settings and a function that makes
// question i from them and the seed; every generator in moot is one. It
// holds only its settings, so Generate is safe to call concurrently.
type Seeded[S interface{ Validate() error }] struct {
	settings S
	question func(s S, seed uint64, i int) (Question, error)
}

// NewSeeded returns the generator of settings s whose question i is
// question(s, seed, i), or the settings' validation error.
func NewSeeded[S interface{ Validate() error }](s S, question func(s S, seed uint64, i int) (Question, error)) (*Seeded[S], error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return &Seeded[S]{settings: s, question: question}, nil
}

// Generate returns n questions. Question i depends only on seed, i and the
// settings, not on n.
func (g *Seeded[S]) Generate(seed uint64, n int) ([]Question, error) {
	return Each(n, func(i int) (Question, error) { return g.question(g.settings, seed, i) })
}
