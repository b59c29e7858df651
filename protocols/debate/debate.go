package debate

import (
	"embed"
	"fmt"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/transcript"
)

//go:embed prompts/*.tmpl
var promptFS embed.FS

var templates = protocols.MustParseTemplates(promptFS, "prompts/*.tmpl")

// How debaters take their turns within a round.
const (
	Simultaneous = "simultaneous" // both write seeing only earlier rounds
	Sequential   = "sequential"   // the second speaker sees the first's turn of the same round
	// SequentialFromRound2 opens simultaneously, then takes turns: Khan
	// et al.'s released code plays sequential debate so.
	SequentialFromRound2 = "sequential-from-round-2"
)

// Settings of debate.
type Settings struct {
	protocols.Common `yaml:",inline"`
	// Debaters names one agent for both sides (self-play) or two.
	Debaters           protocols.AgentNames `yaml:"debaters,flow" required:"true" doc:"one agent for both sides (self-play) or two"`
	Turns              string               `yaml:"turns" doc:"simultaneous (both see only earlier rounds), sequential (the second sees the first's turn of the round: B after A; in open debate the antagonist after the protagonist, whichever answer it argues), in every round, the first too, or sequential-from-round-2 (round 1 simultaneous, then in turn, as Khan et al.'s released code plays sequential debate)"`
	protocols.Speeches `yaml:",inline"`
	// BestOf candidate turns are written by each debater each round; the
	// one the scorer rates most persuasive is kept.
	BestOf int `yaml:"best_of" doc:"candidate turns each debater writes a round (1 to 16); the one the scorer rates most persuasive is kept"`
	// Scorer rates the candidates; the debater itself by default.
	Scorer            string `yaml:"scorer,omitempty" doc:"the agent that rates the candidates; the debater itself if empty"`
	protocols.Interim `yaml:",inline"`
}

// Protocol is debate.
type Protocol struct {
	protocols.Prompter
	settings Settings
	// open lets the protagonist argue for the answer it picks itself.
	open bool
}

var _ protocols.Protocol = (*Protocol)(nil)

func init() {
	protocols.RegisterVariants("debate", description, "open-debate", openDescription, DefaultSettings, build)
}

const (
	description = "Two debaters who see the hidden context argue for the two answers over several rounds, " +
		"simultaneously or in turn; the judge sees the question, both answers and the debate, with quotes " +
		"marked verified or unverified if verify_quotes is on, but never the context. Assignments per " +
		"question: one for each order of the answers (two with swap, the default), twice that when two " +
		"different debaters each take each seat."
	openDescription = "Open debate (Kenton et al. 2024): the protagonist, who sees the hidden context, first " +
		"answers the question itself, then argues for that answer against an antagonist arguing for " +
		"the other, over several rounds; the judge sees what it sees in debate. Assignments per " +
		"question: one for each order of the answers (two with swap, the default), twice that with " +
		"two different debaters, each the protagonist in turn; each episode's assignment records " +
		"whether the protagonist chose the correct answer."
)

// DefaultSettings are used for the keys an experiment leaves out.
func DefaultSettings() Settings {
	return Settings{Common: protocols.Common{Swap: true}, Turns: Simultaneous, Speeches: protocols.DefaultSpeeches(), BestOf: 1}
}

func build(s Settings, open bool) protocols.Protocol {
	return &Protocol{Prompter: protocols.NewPrompter(templates, s), settings: s, open: open}
}

// Validate checks the settings.
func (s *Settings) Validate() error {
	if err := s.Common.Validate(); err != nil {
		return err
	}
	if n := len(s.Debaters); n != 1 && n != 2 {
		return fmt.Errorf("debaters: want one agent (for both sides) or two, got %d", n)
	}
	if s.Turns != Simultaneous && s.Turns != Sequential && s.Turns != SequentialFromRound2 {
		return fmt.Errorf("turns: want %q, %q or %q, got %q", Simultaneous, Sequential, SequentialFromRound2, s.Turns)
	}
	if err := protocols.CheckRange("best_of", s.BestOf, 1, 16); err != nil {
		return err
	}
	return s.Speeches.Validate()
}

// Settings implements protocols.Protocol.
func (p *Protocol) Settings() any { return p.settings }

// Common implements protocols.Protocol.
func (p *Protocol) Common() *protocols.Common { return &p.settings.Common }

// Rules implements protocols.Protocol.
func (p *Protocol) Rules() protocols.Rules {
	r := p.settings.Speeches.Rules()
	r.BestOf, r.Scorer = p.settings.BestOf, p.settings.Scorer
	r.JudgeEveryRound = p.settings.JudgeEveryRound
	return r
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
			seats := []protocols.Seat{
				debater("Debater A", s[0], protocols.SlotA),
				debater("Debater B", s[1], protocols.SlotB),
				protocols.JudgeSeat(p.settings.Judge, false),
			}
			if p.open {
				if len(seatings) > 1 {
					name = protocols.OrderName(o) + "/" + s[0] + "-protagonist"
				}
				seats[0] = debater("Protagonist", s[0], protocols.Own)
				seats[1] = debater("Antagonist", s[1], protocols.Other)
				seats[2].Open = true
			}
			out = append(out, protocols.Assignment{Name: name, Order: o, Seats: seats})
		}
	}
	return out
}

// debater is a debater's seat, named by the debaters setting.
func debater(name, agent string, stance protocols.Stance) protocols.Seat {
	return protocols.Seat{Name: name, Role: transcript.RoleDebater, Agent: agent, Stance: stance, Setting: "debaters", SeesContext: true}
}

// ClassOpen is the comparison class of open debate.
const ClassOpen = "open-debate"

// Comparison implements protocols.Protocol: debate is compared with the
// judge alone and with consultancy; open debate also with open
// consultancy, its one-sided counterpart (Kenton et al. 2024).
func (p *Protocol) Comparison() protocols.Comparison {
	if p.open {
		return protocols.Comparison{Class: ClassOpen, Against: []string{protocols.ClassJudgeAlone, protocols.ClassConsultancy, "open-consultancy"}}
	}
	return protocols.Comparison{Class: protocols.ClassDebate, Against: []string{protocols.ClassJudgeAlone, protocols.ClassConsultancy}}
}

// Machine implements protocols.Protocol: round-1 … round-R, judging, done.
func (p *Protocol) Machine() protocols.Machine { return protocols.RoundsMachine(p.settings.Rounds) }

// Step implements protocols.Protocol.
func (p *Protocol) Step(state string) protocols.Step {
	r, _ := protocols.RoundOf(state)
	return protocols.RoundsStep(state, p.settings.Rounds, []int{0, 1}, p.inTurn(r), 2)
}

// inTurn says whether the debaters speak in turn in round r: in every
// round, or from the second.
func (p *Protocol) inTurn(r int) bool {
	return p.settings.Turns == Sequential || p.settings.Turns == SequentialFromRound2 && r > 1
}
