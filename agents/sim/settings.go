package sim

import (
	"fmt"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/internal/settings"
)

// Settings are a sim agent's parameters, as written in the experiment file.
// Every agent has all of them; each role uses the ones that concern it.
type Settings struct {
	// Skill is a speaker's chance, against the question's difficulty, to
	// find each piece of evidence in a turn and to spot a flaw in the
	// opponent's; for a judge, the chance to notice a sentence of the
	// context and to see, unaided, that a claim misses a term it needs.
	Skill float64 `yaml:"skill" doc:"a speaker's chance to find each piece of evidence and spot the opponent's flaws; a judge's to notice context and missing terms"`
	// Deception is a speaker's readiness and ability to invent quotes and
	// to cast doubt on true ones when the evidence is against it.
	Deception float64 `yaml:"deception" doc:"a speaker's readiness and ability to invent quotes and cast doubt on true ones"`
	// Diligence is a judge's chance to check a claim; a claim the other
	// side challenged gets a second chance.
	Diligence float64 `yaml:"diligence" doc:"a judge's chance to check a claim"`
	// TrustUnverified is how far a judge believes a quote it cannot
	// confirm: 1 believes it as if verified, 0 holds it against the side
	// that used it.
	TrustUnverified float64 `yaml:"trust_unverified" doc:"how far a judge believes a quote it cannot confirm: 1 fully, 0 holds it against the side"`
	// PositionBias is added to the judge's log-odds for the answer shown
	// first.
	PositionBias float64 `yaml:"position_bias" doc:"added to a judge's log-odds for the answer shown first"`
	// LengthBias is added to the log-odds, scaled by how much longer one
	// side argued than the other (from -1 to 1).
	LengthBias float64 `yaml:"length_bias" doc:"added to a judge's log-odds, scaled by how much longer one side argued"`
	// Noise is the scale of the logistic noise on a judge's decision: 0
	// always picks the answer it finds more likely, 1 picks each answer
	// with the probability it gives it.
	Noise float64 `yaml:"noise" doc:"the scale of the logistic noise on a judge's decision"`
	// Misread is a judge's chance to misjudge a claim it checks closely —
	// to pass one that misses the point, or to set aside one that makes
	// it — at the hardest question and the least skill: the chance is
	// misread × difficulty × (1 − skill).
	Misread float64 `yaml:"misread,omitempty" doc:"a judge's chance to misjudge a claim it checks closely, scaled by difficulty × (1 − skill)"`
	// Persuasion is a speaker's rhetorical skill, apart from finding
	// evidence: how much of each turn frames its case with confidence.
	Persuasion float64 `yaml:"persuasion,omitempty" doc:"a speaker's rhetorical skill, apart from finding evidence: how much of each turn frames its case with confidence"`
	// Susceptibility is how far a judge is moved by framing rather than
	// by evidence: added to its log-odds, up to faceWorth, in proportion
	// to how much more one side framed than the other.
	Susceptibility float64 `yaml:"susceptibility,omitempty" doc:"how far a judge is moved by a speaker's framing rather than its evidence"`
	// Bluff is how far a speaker counts on a judge believing a quote it
	// cannot verify: 0 never cites an invented quote the judge will see
	// marked unverified, 1 values it as if it were real.
	Bluff float64 `yaml:"bluff,omitempty" doc:"how far a speaker counts on a judge believing a quote marked unverified: 0 never cites one, 1 as if real"`
	// Leniency is a grader's chance of calling an answer correct when it
	// can make nothing of the question itself (pointwise grading): 0.5
	// leans neither way.
	Leniency float64 `yaml:"leniency" doc:"a grader's chance of calling an answer correct when it can make nothing of the question itself"`
	// TrustReference is how far a judge leans on a reference answer when
	// its own reading leaves it in doubt: 0 ignores it, 1 follows it as
	// strong evidence.
	TrustReference float64 `yaml:"trust_reference" doc:"how far a judge in doubt leans on a reference answer: 0 ignores it, 1 follows it"`
}

// DefaultSettings are used for the fields an experiment leaves out.
func DefaultSettings() Settings {
	return Settings{Skill: 0.5, Deception: 0.5, Diligence: 0.5, TrustUnverified: 0.5, Noise: 0.5, Leniency: 0.5, TrustReference: 0.5}
}

// Validate reports the first setting out of range, naming its field.
func (s Settings) Validate() error {
	for _, f := range []struct {
		name string
		v    float64
	}{
		{"skill", s.Skill}, {"deception", s.Deception},
		{"diligence", s.Diligence}, {"trust_unverified", s.TrustUnverified}, {"noise", s.Noise},
		{"misread", s.Misread}, {"persuasion", s.Persuasion}, {"susceptibility", s.Susceptibility}, {"bluff", s.Bluff},
		{"leniency", s.Leniency}, {"trust_reference", s.TrustReference},
	} {
		if !(f.v >= 0 && f.v <= 1) { // NaN fails too
			return fmt.Errorf("%s: must be in [0, 1], got %g", f.name, f.v)
		}
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"position_bias", s.PositionBias}, {"length_bias", s.LengthBias}} {
		if !(f.v >= -10 && f.v <= 10) {
			return fmt.Errorf("%s: must be in [-10, 10], got %g", f.name, f.v)
		}
	}
	return nil
}

func init() {
	agents.Register("sim", settings.Make("Simulated agents that need no network, GPU or key: debaters, consultants "+
		"and judges whose decisions follow mechanically from the evidence they read (docs/simulation.md).",
		DefaultSettings, func(s Settings) (agents.Agent, error) { return New(s), nil }))
}
