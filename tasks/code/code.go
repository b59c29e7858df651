package code

import (
	"fmt"
	"math/rand/v2"

	"github.com/mootlab/moot/tasks"
)

func init() { tasks.Register("code", tasks.SettingsFactory(DefaultSettings, New)) }

// Settings is the settings block of the "code" generator.
type Settings struct {
	// Difficulty is the mean difficulty in [0,1], default 0.5: harder
	// programs run more passes, keep a second variable and branch more
	// often, and their distractors come from subtler mis-traces.
	Difficulty float64 `yaml:"difficulty"`
}

// DefaultSettings returns the settings used for fields an experiment file
// leaves out.
func DefaultSettings() Settings { return Settings{Difficulty: 0.5} }

// Validate reports the first setting that is out of range, naming its field.
func (s Settings) Validate() error {
	// Written so that NaN fails too.
	if !(s.Difficulty >= 0 && s.Difficulty <= 1) {
		return fmt.Errorf("difficulty: must be in [0, 1], got %v", s.Difficulty)
	}
	return nil
}

// Generator makes output-prediction questions about generated programs. It
// holds only its settings, so Generate is safe to call concurrently.
type Generator struct {
	settings Settings
}

var _ tasks.Generator = (*Generator)(nil)

// New returns a generator with the given settings, or the validation error.
func New(s Settings) (*Generator, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return &Generator{settings: s}, nil
}

// Generate returns n questions. Question i depends only on seed, i and the
// settings, not on n.
func (g *Generator) Generate(seed uint64, n int) ([]tasks.Question, error) {
	return tasks.Each(n, func(i int) (tasks.Question, error) { return g.question(seed, i) })
}

// maxAttempts bounds the retries of a program that failed a check (a value
// out of range, an answer readable off the program); the retries draw from
// the same stream, so they are reproducible too.
const maxAttempts = 100

func (g *Generator) question(seed uint64, i int) (tasks.Question, error) {
	// The stream differs from the other generators' for the same seed and i.
	rng := rand.New(rand.NewPCG(seed^0x636F6465, uint64(i)*0x9E3779B97F4A7C15+1))
	d := tasks.DrawDifficulty(rng, g.settings.Difficulty)
	for range maxAttempts {
		q, ok, err := build(rng, d)
		if err != nil {
			return tasks.Question{}, fmt.Errorf("code: question %d of seed %d: %w", i, seed, err)
		}
		if ok {
			q.ID = fmt.Sprintf("code-%d-%04d", seed, i)
			q.Family = tasks.FamilyCode
			q.Difficulty = d
			return q, nil
		}
	}
	return tasks.Question{}, fmt.Errorf("code: question %d of seed %d: no consistent program in %d attempts", i, seed, maxAttempts)
}
