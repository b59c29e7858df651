package consultancy

import (
	"embed"
	"errors"
	"strconv"
	"strings"

	"github.com/looplab/fsm"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/transcript"
)

//go:embed prompts/*.tmpl
var promptFS embed.FS

var templates = protocols.MustParseTemplates(promptFS, "prompts/*.tmpl")

// Settings of consultancy.
type Settings struct {
	protocols.Common   `yaml:",inline"`
	Consultant         string `yaml:"consultant" required:"true" doc:"the consultant agent"`
	protocols.Speeches `yaml:",inline"`
	// Interactive lets the judge ask the consultant a question after each
	// round but the last.
	Interactive       bool `yaml:"interactive" doc:"the judge asks the consultant a question after each round but the last"`
	protocols.Interim `yaml:",inline"`
}

// Protocol is consultancy.
type Protocol struct {
	protocols.Prompter
	settings Settings
	// open lets the consultant argue for the answer it picks itself.
	open bool
}

var _ protocols.Protocol = (*Protocol)(nil)

func init() {
	protocols.RegisterVariants("consultancy", description, "open-consultancy", openDescription, DefaultSettings, build)
}

const (
	description = "One consultant who sees the hidden context argues for an assigned answer over several rounds; " +
		"the judge sees the question, both answers and the consultant's speeches, with quotes marked " +
		"verified or unverified if verify_quotes is on, but never the context. Assignments per question: " +
		"two, the consultant arguing the correct answer and then the incorrect one (four with swap). The judge " +
		"asks nothing unless interactive is set, where in Khan et al. 2024 (in their released code an LLM " +
		"questioner asks the consultant a question before each round but the first) and in Kenton et al. 2024 " +
		"the judge questions the consultant: interactive: true is their consultancy (Khan et al.'s released " +
		"code also judges every consultancy in both orders of the answers, as swap: true does here, where " +
		"the episode is played again)."
	openDescription = "Open consultancy (Kenton et al. 2024): the consultant, who sees the hidden context, first " +
		"answers the question itself, then argues for that answer over several rounds; the judge sees " +
		"what it sees in consultancy. Assignments per question: one (two with swap); each episode's " +
		"assignment records whether the consultant chose the correct answer."
)

// DefaultSettings are used for the keys an experiment leaves out.
func DefaultSettings() Settings { return Settings{Speeches: protocols.DefaultSpeeches()} }

func build(s Settings, open bool) protocols.Protocol {
	return &Protocol{Prompter: protocols.NewPrompter(templates, s), settings: s, open: open}
}

// Validate checks the settings.
func (s *Settings) Validate() error {
	if err := s.Common.Validate(); err != nil {
		return err
	}
	if s.Consultant == "" {
		return errors.New("consultant: a consultant agent is required")
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
	r.JudgeEveryRound = p.settings.JudgeEveryRound
	return r
}

// Assignments implements protocols.Protocol: the consultant argues for the
// correct answer, then for the incorrect one.
func (p *Protocol) Assignments() []protocols.Assignment {
	var out []protocols.Assignment
	if p.open {
		for _, o := range p.settings.Orders() {
			out = append(out, protocols.Assignment{
				Name:  protocols.OrderName(o),
				Order: o,
				Seats: p.withQuestioner([]protocols.Seat{
					p.consultant(protocols.Own),
					openSeat(protocols.JudgeSeat(p.settings.Judge, false)),
				}),
			})
		}
		return out
	}
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
				Seats: p.withQuestioner([]protocols.Seat{
					p.consultant(st.stance),
					protocols.JudgeSeat(p.settings.Judge, false),
				}),
			})
		}
	}
	return out
}

// consultant is the consultant's seat, arguing for stance.
func (p *Protocol) consultant(stance protocols.Stance) protocols.Seat {
	return protocols.Seat{Name: "Consultant", Role: transcript.RoleConsultant, Agent: p.settings.Consultant, Stance: stance, Setting: "consultant", SeesContext: true}
}

// ClassOpen is the comparison class of open consultancy.
const ClassOpen = "open-consultancy"

// Comparison implements protocols.Protocol: consultancy is compared with
// the judge alone; open consultancy also with assigned consultancy.
func (p *Protocol) Comparison() protocols.Comparison {
	if p.open {
		return protocols.Comparison{Class: ClassOpen, Against: []string{protocols.ClassJudgeAlone, protocols.ClassConsultancy}}
	}
	return protocols.Comparison{Class: protocols.ClassConsultancy, Against: []string{protocols.ClassJudgeAlone}}
}

// Machine implements protocols.Protocol: round-1 … round-R, judging, done.
func (p *Protocol) Machine() protocols.Machine {
	if p.settings.Interactive {
		return interactiveMachine(p.settings.Rounds)
	}
	return protocols.RoundsMachine(p.settings.Rounds)
}

// withQuestioner adds, in interactive consultancy, the judge's seat for
// asking between rounds: the same agent under the same name, playing
// another role. It is seat 2.
func (p *Protocol) withQuestioner(seats []protocols.Seat) []protocols.Seat {
	if !p.settings.Interactive {
		return seats
	}
	return append(seats, protocols.Seat{Name: "Judge", Role: transcript.RoleQuestioner, Agent: p.settings.Judge, Stance: protocols.None, Act: protocols.Remark, Setting: "judge", Open: p.open})
}

// openSeat is s, told that the consultant chose its answer (Seat.Open).
func openSeat(s protocols.Seat) protocols.Seat {
	s.Open = true
	return s
}

// Step implements protocols.Protocol.
func (p *Protocol) Step(state string) protocols.Step {
	if r, ok := askRound(state); ok {
		return protocols.Step{Round: r, Seats: []int{2}, Event: "to-" + protocols.RoundState(r+1)}
	}
	step := protocols.RoundsStep(state, p.settings.Rounds, []int{0}, false, 1)
	if r, ok := protocols.RoundOf(state); ok && p.settings.Interactive && r < p.settings.Rounds {
		step.Event = "to-" + askState(r)
	}
	return step
}

const askPrefix = "ask-"

func askState(r int) string { return askPrefix + strconv.Itoa(r) }

func askRound(state string) (int, bool) {
	r, err := strconv.Atoi(strings.TrimPrefix(state, askPrefix))
	return r, err == nil && r >= 1 && strings.HasPrefix(state, askPrefix)
}

// interactiveMachine is round-1 → ask-1 → round-2 → … → round-R →
// judging → done: the judge asks after every round but the last.
func interactiveMachine(rounds int) protocols.Machine {
	var events []fsm.EventDesc
	for r := 1; r < rounds; r++ {
		events = append(events,
			fsm.EventDesc{Name: "to-" + askState(r), Src: []string{protocols.RoundState(r)}, Dst: askState(r)},
			fsm.EventDesc{Name: "to-" + protocols.RoundState(r+1), Src: []string{askState(r)}, Dst: protocols.RoundState(r + 1)},
		)
	}
	events = append(events,
		fsm.EventDesc{Name: "to-" + protocols.StateJudging, Src: []string{protocols.RoundState(rounds)}, Dst: protocols.StateJudging},
		fsm.EventDesc{Name: protocols.EventVerdict, Src: []string{protocols.StateJudging}, Dst: protocols.StateDone},
	)
	return protocols.Machine{Initial: protocols.RoundState(1), Final: protocols.StateDone, Events: events}
}
