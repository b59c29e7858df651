package consultancy

import (
	"embed"
	"errors"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/protocols"
)

//go:embed prompts/*.tmpl
var promptFS embed.FS

var templates = protocols.MustParseTemplates(promptFS, "prompts/*.tmpl")

// Settings of consultancy.
type Settings struct {
	protocols.Common `yaml:",inline"`
	Consultant       string `yaml:"consultant"`
	Rounds           int    `yaml:"rounds"`
	WordLimit        int    `yaml:"word_limit"`
	// VerifyQuotes shows the judge which quotes were found in the context.
	VerifyQuotes bool `yaml:"verify_quotes"`
}

// Protocol is consultancy.
type Protocol struct {
	settings Settings
}

var _ protocols.Protocol = (*Protocol)(nil)

func init() {
	protocols.Register("consultancy", func(decode func(any) error) (protocols.Protocol, error) {
		s := Settings{Rounds: 3, WordLimit: 150, VerifyQuotes: true}
		if err := decode(&s); err != nil {
			return nil, err
		}
		if err := s.Validate(); err != nil {
			return nil, err
		}
		return &Protocol{settings: s}, nil
	})
}

// Validate checks the settings.
func (s *Settings) Validate() error {
	if err := s.Common.Validate(); err != nil {
		return err
	}
	if s.Consultant == "" {
		return errors.New("consultant: a consultant agent is required")
	}
	if err := protocols.CheckRange("rounds", s.Rounds, 1, 20); err != nil {
		return err
	}
	return protocols.CheckRange("word_limit", s.WordLimit, 10, 5000)
}

// Settings implements protocols.Protocol.
func (p *Protocol) Settings() any { return p.settings }

// Common implements protocols.Protocol.
func (p *Protocol) Common() *protocols.Common { return &p.settings.Common }

// Rules implements protocols.Protocol.
func (p *Protocol) Rules() protocols.Rules {
	return protocols.Rules{Rounds: p.settings.Rounds, WordLimit: p.settings.WordLimit, VerifyQuotes: p.settings.VerifyQuotes}
}

// Assignments implements protocols.Protocol: the consultant argues for the
// correct answer, then for the incorrect one.
func (p *Protocol) Assignments() []protocols.Assignment {
	var out []protocols.Assignment
	for _, o := range p.settings.Orders() {
		for _, st := range []struct {
			name   string
			stance protocols.Stance
		}{{"assigned-correct", protocols.Correct}, {"assigned-incorrect", protocols.Incorrect}} {
			name := st.name
			if p.settings.Swap {
				name += "/" + protocols.OrderName(o)
			}
			out = append(out, protocols.Assignment{
				Name:  name,
				Order: o,
				Seats: []protocols.Seat{
					{Name: "Consultant", Role: agents.RoleConsultant, Agent: p.settings.Consultant, Stance: st.stance, SeesContext: true},
					{Name: "Judge", Role: agents.RoleJudge, Agent: p.settings.Judge, Stance: protocols.None},
				},
			})
		}
	}
	return out
}

// Machine implements protocols.Protocol: round-1 … round-R, judging, done.
func (p *Protocol) Machine() protocols.Machine { return protocols.RoundsMachine(p.settings.Rounds) }

// Step implements protocols.Protocol.
func (p *Protocol) Step(state string) protocols.Step {
	return protocols.RoundsStep(state, p.settings.Rounds, []int{0}, false, 1)
}

// Render implements protocols.Protocol.
func (p *Protocol) Render(in protocols.Prompt) ([]agents.Message, error) { return templates.Render(in) }
