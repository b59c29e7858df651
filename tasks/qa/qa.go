package qa

import (
	"fmt"
	"math/rand/v2"

	"github.com/mootlab/moot/internal/reading"
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

func init() {
	tasks.Register("qa", tasks.Make("Reading-comprehension questions on generated articles, extractive (article hidden) or closed.", DefaultSettings, New))
}

// Settings is the settings block of the "qa" generator.
type Settings struct {
	Difficulty float64 `yaml:"difficulty" doc:"mean difficulty in [0, 1]"`
	Sentences  int     `yaml:"sentences" doc:"filler sentences per article, 0 to 200"`
	// Variant is "extractive" (the article is hidden from the judge, the
	// information-asymmetry setting; also when empty) or "closed"
	// (everyone reads it).
	Variant string `yaml:"variant" doc:"extractive (the article hidden from the judge) or closed (everyone reads it)"`
	// Misleading is the chance that an article reports the key fact with
	// the wrong answer as hearsay ("It is said that …"), in place of one of
	// its distractors, or of the decoy where there is no other (so the
	// answers stay named alike): evidence
	// for the wrong side that is in the article, carries every key term,
	// and, quoted without its lead, reads as the fact itself.
	Misleading float64 `yaml:"misleading,omitempty" doc:"chance that an article reports the key fact with the wrong answer as hearsay, in place of a distractor: real, relevant-looking evidence for the wrong side"`
}

// The variants of the qa generator.
const (
	Extractive = "extractive"
	Closed     = "closed"
)

// misleadingStream tags the random stream of the misleading draws.
const misleadingStream = 1

// MaxSentences is the largest number of filler sentences an article may have.
const MaxSentences = 200

// DefaultSettings returns the settings used for fields an experiment file
// leaves out.
func DefaultSettings() Settings {
	return Settings{Difficulty: 0.5, Sentences: 10, Variant: Extractive}
}

// Validate reports the first setting that is out of range, naming its field.
func (s Settings) Validate() error {
	// Written so that NaN fails too.
	if err := tasks.ValidateDifficulty(s.Difficulty); err != nil {
		return err
	}
	if s.Sentences < 0 || s.Sentences > MaxSentences {
		return fmt.Errorf("sentences: must be in [0, %d], got %d", MaxSentences, s.Sentences)
	}
	if !(s.Misleading >= 0 && s.Misleading <= 1) {
		return fmt.Errorf("misleading: must be in [0, 1], got %g", s.Misleading)
	}
	if s.Variant != Extractive && s.Variant != Closed && s.Variant != "" {
		return fmt.Errorf("variant: want %q or %q, got %q", Extractive, Closed, s.Variant)
	}
	return nil
}

// Generator makes QA questions over invented articles. It holds only its settings, so Generate is safe to call concurrently.
type Generator = tasks.Seeded[Settings]

var _ tasks.Generator = (*Generator)(nil)

// New returns a generator with the given settings, or the validation error.
func New(s Settings) (*Generator, error) { return tasks.NewSeeded(s, question) }

func question(s Settings, seed uint64, i int) (tasks.Question, error) {
	rng := tasks.Stream(seed, 0, i)
	d := tasks.DrawDifficulty(rng, s.Difficulty)
	// Whether the article misleads, and how, is drawn from a stream of its
	// own: a question that does not mislead is the one misleading: 0 gives.
	var hearsay string
	if s.Misleading > 0 {
		mis := tasks.Stream(seed, misleadingStream, i)
		if mis.Float64() < s.Misleading {
			hearsay = reading.HearsayLeads[mis.IntN(len(reading.HearsayLeads))]
		}
	}
	q, err := tasks.Retry(rng, "article", func(rng *rand.Rand) (tasks.Question, bool, error) {
		q, ok := build(rng, d, s.Sentences, hearsay)
		return q, ok, nil
	})
	q.ContextShared = s.Variant == Closed
	return tasks.Stamp(transcript.FamilyQA, seed, i, d, q, err)
}
