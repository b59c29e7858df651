package math

import (
	"math/rand/v2"

	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

func init() {
	tasks.Register("math", tasks.Make("Multi-step arithmetic word problems; the worked solution is hidden.", DefaultSettings, New))
}

// Settings is the settings block of the "math" generator.
type Settings struct {
	// Difficulty is the mean difficulty in [0,1], default 0.5: harder
	// problems have more steps and closer distractors.
	Difficulty float64 `yaml:"difficulty" doc:"mean difficulty in [0, 1]"`
}

// DefaultSettings returns the settings used for fields an experiment file
// leaves out.
func DefaultSettings() Settings { return Settings{Difficulty: 0.5} }

// Validate reports the first setting that is out of range, naming its field.
func (s Settings) Validate() error {
	return tasks.ValidateDifficulty(s.Difficulty)
}

// Generator makes multi-step word problems. It holds only its settings, so Generate is safe to call concurrently.
type Generator = tasks.Seeded[Settings]

var _ tasks.Generator = (*Generator)(nil)

// New returns a generator with the given settings, or the validation error.
func New(s Settings) (*Generator, error) { return tasks.NewSeeded(s, question) }

func question(s Settings, seed uint64, i int) (tasks.Question, error) {
	// The stream differs from the qa generator's for the same seed and i.
	rng := tasks.Stream(seed, 0x6D617468, i)
	d := tasks.DrawDifficulty(rng, s.Difficulty)
	q, err := tasks.Retry(rng, "problem", func(rng *rand.Rand) (tasks.Question, bool, error) {
		q, ok := build(rng, d)
		return q, ok, nil
	})
	return tasks.Stamp(transcript.FamilyMath, seed, i, d, q, err)
}
