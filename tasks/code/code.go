package code

import (
	"fmt"
	"math/rand/v2"

	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

func init() {
	tasks.Register("code", tasks.Make("Questions on programs in a small language moot runs itself: their output, or which meets a spec.", DefaultSettings, New))
}

// Settings is the settings block of the "code" generator.
type Settings struct {
	// Difficulty is the mean difficulty in [0,1], default 0.5: harder
	// programs run more passes, keep a second variable and branch more
	// often, and their distractors come from subtler mis-traces.
	Difficulty float64 `yaml:"difficulty" doc:"mean difficulty in [0, 1]: more passes, a second variable, more branches, subtler distractors"`
	// Kind is the kind of question: output (what a program returns, the
	// default), spec (which of two functions meets a spec in words) or
	// mixed (each question either, at even odds).
	Kind string `yaml:"kind" doc:"output (what a program returns), spec (which of two functions meets a spec) or mixed"`
}

// The kinds of question.
const (
	KindOutput = "output"
	KindSpec   = "spec"
	KindMixed  = "mixed"
)

// DefaultSettings returns the settings used for fields an experiment file
// leaves out.
func DefaultSettings() Settings { return Settings{Difficulty: 0.5, Kind: KindOutput} }

// Validate reports the first setting that is out of range, naming its field.
func (s Settings) Validate() error {
	if err := tasks.ValidateDifficulty(s.Difficulty); err != nil {
		return err
	}
	switch s.Kind {
	case KindOutput, KindSpec, KindMixed, "": // "" is output
		return nil
	}
	return fmt.Errorf("kind: want %s, %s or %s, got %q", KindOutput, KindSpec, KindMixed, s.Kind)
}

// Generator makes output-prediction questions about generated programs. It holds only its settings, so Generate is safe to call concurrently.
type Generator = tasks.Seeded[Settings]

var _ tasks.Generator = (*Generator)(nil)

// New returns a generator with the given settings, or the validation error.
func New(s Settings) (*Generator, error) { return tasks.NewSeeded(s, question) }

func question(s Settings, seed uint64, i int) (tasks.Question, error) {
	rng := tasks.Stream(seed, 0x636F6465, i)
	d := tasks.DrawDifficulty(rng, s.Difficulty)
	builder := build
	if s.Kind == KindSpec || s.Kind == KindMixed && rng.IntN(2) == 0 {
		builder = buildSpec
	}
	q, err := tasks.Retry(rng, "program", func(rng *rand.Rand) (tasks.Question, bool, error) { return builder(rng, d) })
	return tasks.Stamp(transcript.FamilyCode, seed, i, d, q, err)
}
