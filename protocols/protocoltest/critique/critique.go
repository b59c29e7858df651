package critique

import (
	"embed"

	"github.com/mootlab/moot/internal/settings"
	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/transcript"
)

//go:embed prompts/*.tmpl
var promptFS embed.FS

var templates = protocols.MustParseTemplates(promptFS, "prompts/*.tmpl")

// Name is the name the protocol registers under.
const Name = "critique"

// Settings of the critique protocol.
type Settings struct {
	protocols.Common `yaml:",inline"`
	Answerer         string `yaml:"answerer" required:"true" doc:"the agent that answers and argues for its answer"`
	Critic           string `yaml:"critic" required:"true" doc:"the agent that objects to the answer"`
	WordLimit        int    `yaml:"word_limit" doc:"the most words a turn should have"`
	CriticWords      int    `yaml:"critic_words" doc:"the most words the critic's objection should have; word_limit if 0"`
	VerifyQuotes     bool   `yaml:"verify_quotes" doc:"show the judge which quotes were found in the hidden text"`
}

// DefaultSettings are used for the keys an experiment leaves out.
func DefaultSettings() Settings { return Settings{WordLimit: 150, VerifyQuotes: true} }

// Validate checks the settings.
func (s *Settings) Validate() error {
	if err := s.Common.Validate(); err != nil {
		return err
	}
	if s.CriticWords != 0 {
		if err := protocols.CheckRange("critic_words", s.CriticWords, 10, 5000); err != nil {
			return err
		}
	}
	return protocols.CheckRange("word_limit", s.WordLimit, 10, 5000)
}

// Protocol is the critique protocol.
type Protocol struct {
	protocols.Prompter
	settings Settings
}

var _ protocols.Protocol = (*Protocol)(nil)

func init() {
	protocols.Register(Name, settings.Make(
		"An answerer who sees the hidden context picks its own answer and argues for it (round 1); a critic "+
			"who sees it too objects (round 2); the judge, who does not, decides. Assignments per question: one "+
			"(two with swap); each records whether the answerer chose the correct answer.",
		DefaultSettings,
		func(s Settings) (protocols.Protocol, error) {
			return &Protocol{Prompter: protocols.NewPrompter(templates, s), settings: s}, nil
		}))
}

// The roles of the speakers: what their prompts are named by.
const (
	RoleProposer transcript.Role = "proposer"
	RoleCritic   transcript.Role = "critic"
)

// Settings implements protocols.Protocol.
func (p *Protocol) Settings() any { return p.settings }

// Common implements protocols.Protocol.
func (p *Protocol) Common() *protocols.Common { return &p.settings.Common }

// Rules implements protocols.Protocol: two rounds.
func (p *Protocol) Rules() protocols.Rules {
	return protocols.Rules{Rounds: 2, WordLimit: p.settings.WordLimit, VerifyQuotes: p.settings.VerifyQuotes}
}

// Assignments implements protocols.Protocol: one a question (two with
// swap); the answerer's choice is added to the assignment's name.
func (p *Protocol) Assignments() []protocols.Assignment {
	var out []protocols.Assignment
	for _, o := range p.settings.Orders() {
		out = append(out, protocols.Assignment{Name: protocols.OrderName(o), Order: o, Seats: []protocols.Seat{
			{Name: "Answerer", Role: RoleProposer, Agent: p.settings.Answerer, Stance: protocols.Own, Setting: "answerer", SeesContext: true},
			{Name: "Critic", Role: RoleCritic, Agent: p.settings.Critic, Stance: protocols.Other, Setting: "critic", SeesContext: true, WordLimit: p.settings.CriticWords},
			protocols.JudgeSeat(p.settings.Judge, false),
		}})
	}
	return out
}

// Machine implements protocols.Protocol: round-1, round-2, judging, done.
func (p *Protocol) Machine() protocols.Machine { return protocols.RoundsMachine(2) }

// Step implements protocols.Protocol: the answerer speaks in round 1, the
// critic in round 2, then the judge.
func (p *Protocol) Step(state string) protocols.Step {
	step := protocols.RoundsStep(state, 2, nil, false, 2)
	if r, ok := protocols.RoundOf(state); ok {
		step.Seats = []int{r - 1}
	}
	return step
}

// Comparison implements protocols.Protocol: a critique is compared with
// the judge alone and with consultancy, the same judge hearing one side.
func (p *Protocol) Comparison() protocols.Comparison {
	return protocols.Comparison{Class: Name, Against: []string{protocols.ClassJudgeAlone, protocols.ClassConsultancy}}
}
