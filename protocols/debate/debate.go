package debate

import (
	"embed"
	"fmt"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/protocols"
)

//go:embed prompts/*.tmpl
var promptFS embed.FS

var templates = protocols.MustParseTemplates(promptFS, "prompts/*.tmpl")

// How debaters take their turns within a round.
const (
	Simultaneous = "simultaneous" // both write seeing only earlier rounds
	Sequential   = "sequential"   // B sees A's turn of the same round
)

// Settings of debate.
type Settings struct {
	protocols.Common `yaml:",inline"`
	// Debaters names one agent for both sides (self-play) or two.
	Debaters  protocols.AgentNames `yaml:"debaters,flow"`
	Rounds    int                  `yaml:"rounds"`
	Turns     string               `yaml:"turns"`
	WordLimit int                  `yaml:"word_limit"`
	// VerifyQuotes shows the judge which quotes were found in the context.
	VerifyQuotes bool `yaml:"verify_quotes"`
}

// Protocol is debate.
type Protocol struct {
	settings Settings
}

var _ protocols.Protocol = (*Protocol)(nil)

func init() {
	protocols.Register("debate", func(decode func(any) error) (protocols.Protocol, error) {
		s := Settings{Common: protocols.Common{Swap: true}, Rounds: 3, Turns: Simultaneous, WordLimit: 150, VerifyQuotes: true}
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
	if n := len(s.Debaters); n != 1 && n != 2 {
		return fmt.Errorf("debaters: want one agent (for both sides) or two, got %d", n)
	}
	if s.Turns != Simultaneous && s.Turns != Sequential {
		return fmt.Errorf("turns: want %q or %q, got %q", Simultaneous, Sequential, s.Turns)
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

// Assignments implements protocols.Protocol. Debater A argues the answer
// shown first and Debater B the other. With two distinct debaters each also
// plays each seat, so that each argues the correct side as often as the
// incorrect one.
func (p *Protocol) Assignments() []protocols.Assignment {
	seatings := [][2]string{{p.settings.Debaters[0], p.settings.Debaters[0]}}
	if len(p.settings.Debaters) == 2 && p.settings.Debaters[0] != p.settings.Debaters[1] {
		x, y := p.settings.Debaters[0], p.settings.Debaters[1]
		seatings = [][2]string{{x, y}, {y, x}}
	}
	var out []protocols.Assignment
	for _, o := range p.settings.Orders() {
		for _, s := range seatings {
			name := protocols.OrderName(o)
			if len(seatings) > 1 {
				name += "/" + s[0] + "-as-A"
			}
			out = append(out, protocols.Assignment{
				Name:  name,
				Order: o,
				Seats: []protocols.Seat{
					{Name: "Debater A", Role: agents.RoleDebater, Agent: s[0], Stance: protocols.SlotA, SeesContext: true},
					{Name: "Debater B", Role: agents.RoleDebater, Agent: s[1], Stance: protocols.SlotB, SeesContext: true},
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
	return protocols.RoundsStep(state, p.settings.Rounds, []int{0, 1}, p.settings.Turns == Sequential, 2)
}

// Render implements protocols.Protocol.
func (p *Protocol) Render(in protocols.Prompt) ([]agents.Message, error) { return templates.Render(in) }
