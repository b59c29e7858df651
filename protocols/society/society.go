package society

import (
	"embed"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/looplab/fsm"

	"github.com/mootlab/moot/internal/settings"
	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/transcript"
)

//go:embed prompts/*.tmpl
var promptFS embed.FS

// templates are the prompts of several agents; alone those of one agent
// (n: 1), which has no others to read, only its own earlier answers.
var (
	templates = protocols.MustParseTemplates(promptFS, "prompts/society.tmpl")
	alone     = protocols.MustParseTemplates(promptFS, "prompts/alone.tmpl")
)

// Verdict is the judge field of a society's records: there is no judge,
// only the vote.
const Verdict = "majority-vote"

// Settings of society of minds.
type Settings struct {
	// Label, Swap and Prompts are the common settings; a society has no
	// judge.
	Label   string `yaml:"label,omitempty" doc:"the name in tables; the protocol's name if empty"`
	Swap    bool   `yaml:"swap" doc:"play every question in both orders of the answers"`
	Prompts string `yaml:"prompts,omitempty" doc:"a file of {{define}} blocks replacing shipped prompts, relative to the experiment file"`
	// Agents names the society: one agent (then N copies of it, each with
	// its own seed) or a list.
	Agents protocols.AgentNames `yaml:"agents,flow" required:"true" doc:"one agent (n copies of it, each with its own seed) or a list of at most 15"`
	N      *int                 `yaml:"n" default:"3" doc:"the number of copies when one agent is named (3 if not given; 1 to 15); with a list, its length, which n may only repeat"`
	// Rounds of revision after the independent answers of round 0.
	Rounds int `yaml:"rounds" doc:"rounds of revision after the independent answers of round 0 (0 to 10)"`
	// SeesContext gives the agents the hidden context (they are the strong
	// models answering for themselves); without it they see what a judge
	// sees.
	SeesContext bool `yaml:"sees_context" doc:"true (the default): the agents are the models answering the task and read its hidden text, as in Du et al. 2023 (quotes are then checked); false: they see only what a judge sees, a society of judges"`
}

// DefaultLabel implements protocols.Labeled.
func (s *Settings) DefaultLabel(name string) {
	if s.Label == "" {
		s.Label = name
	}
}

// Protocol is society of minds.
type Protocol struct {
	protocols.Prompter
	settings Settings
	common   protocols.Common
}

var (
	_ protocols.Protocol = (*Protocol)(nil)
	_ protocols.Voter    = (*Protocol)(nil)
)

func init() {
	protocols.Register("society", settings.Make(description, DefaultSettings, func(s Settings) (protocols.Protocol, error) {
		common := protocols.Common{Label: s.Label, Judge: Verdict, Swap: s.Swap, Prompts: s.Prompts}
		t := templates
		if *s.N == 1 {
			t = alone
		}
		return &Protocol{Prompter: protocols.NewPrompter(t, s), settings: s, common: common}, nil
	}))
}

const description = "Society of minds (Du et al. 2023): n agents answer the question independently, then for " +
	"several rounds each reads every answer given so far (the others' and its own) and may revise; the " +
	"verdict is the majority vote of the final answers, with no judge (rounds: 0 is the round-0 vote " +
	"baseline, n: 1 a single agent, told it answers alone and, with rounds, shown its own earlier " +
	"answers). rounds counts the revisions only: Du et al.'s released code counts the independent answers " +
	"as its first round, so that its 3 agents and 2 rounds are n: 3, rounds: 1 here. " +
	"A tie goes to the answer of the first agent whose answer parsed (Du et al.'s evaluation code keeps " +
	"the first of the tied too), its recorded probability 0.5, the winner's share of the votes. " +
	"Assignments per question: one (two with swap). Its baselines have classes of their own: rounds: 0 is " +
	"vote/AGENTS and n: 1 with rounds self-reflection/AGENTS, each compared with single-agent/AGENTS (n: 1, " +
	"rounds: 0), AGENTS its agents' names joined by commas, so that a society is compared only with the " +
	"baselines of its own agents (the classes below are those of agents named agents); " +
	"a list of several agents cannot be n: 1, so it has no single-agent or self-reflection " +
	"baseline. With sees_context: false each of its classes ends in " +
	"/no-context: agents that see what a judge sees are compared only with baselines that see as little."

// DefaultSettings are used for the keys an experiment leaves out.
func DefaultSettings() Settings { return Settings{Rounds: 2, SeesContext: true} }

// defaultCopies is n for one agent named without n; maxAgents the most
// agents a society has.
const (
	defaultCopies = 3
	maxAgents     = 15
)

// Validate checks the settings and fills in n: the copies of one agent,
// or the length of a list.
func (s *Settings) Validate() error {
	switch {
	case len(s.Agents) == 0:
		return errors.New("agents: name one agent (n copies) or a list")
	case len(s.Agents) > 1 && s.N != nil && *s.N != len(s.Agents):
		return fmt.Errorf("n: %d, but agents names %d: n counts the copies of one agent; with a list, leave it out", *s.N, len(s.Agents))
	case len(s.Agents) > maxAgents:
		return fmt.Errorf("agents: at most %d, got a list of %d", maxAgents, len(s.Agents))
	case len(s.Agents) > 1:
		s.N = new(len(s.Agents))
	case s.N == nil:
		s.N = new(defaultCopies)
	}
	if err := protocols.CheckRange("n", *s.N, 1, maxAgents); err != nil {
		return err
	}
	return protocols.CheckRange("rounds", s.Rounds, 0, 10)
}

// Vote implements protocols.Voter: the majority of the agents' last
// answers. A tie goes to the answer of the first agent whose answer
// parsed; no answer at all is no verdict. The probability is the winning
// share.
func (p *Protocol) Vote(answers []int) (slot int, probability float64, how string) {
	var votes [2]int
	first := -1
	for _, a := range answers {
		if a == 0 || a == 1 {
			votes[a]++
			if first < 0 {
				first = a
			}
		}
	}
	total := votes[0] + votes[1]
	if total == 0 {
		return -1, 0, protocols.ParsedUnparsed
	}
	slot = first
	if votes[0] != votes[1] {
		slot = 0
		if votes[1] > votes[0] {
			slot = 1
		}
	}
	return slot, float64(votes[slot]) / float64(total), ParsedMajority
}

// ParsedMajority is how a society's verdict is read: the majority of its
// agents' last answers.
const ParsedMajority = "majority-vote"

// Comparison implements protocols.Protocol. A society is compared within
// its own agents: a single agent answering once is the baseline; the
// vote of several independent answers, and one agent revising its own
// answer (self-reflection), are compared with it; a society that revises
// with both (Du et al. 2023). Agents that do not read the hidden text are
// other agents: their classes say so, and a society of judges is not
// compared with a vote of readers.
func (p *Protocol) Comparison() protocols.Comparison {
	who := "/" + strings.Join(p.settings.Agents, ",")
	if !p.settings.SeesContext {
		who += "/no-context"
	}
	single, vote, reflect := "single-agent"+who, "vote"+who, "self-reflection"+who
	switch {
	case *p.settings.N == 1 && p.settings.Rounds == 0:
		return protocols.Comparison{Class: single}
	case *p.settings.N == 1:
		return protocols.Comparison{Class: reflect, Against: []string{single}}
	case p.settings.Rounds == 0:
		return protocols.Comparison{Class: vote, Against: []string{single}}
	}
	return protocols.Comparison{Class: "society" + who, Against: []string{single, vote, reflect}}
}

// Settings implements protocols.Protocol.
func (p *Protocol) Settings() any { return p.settings }

// Common implements protocols.Protocol.
func (p *Protocol) Common() *protocols.Common { return &p.common }

// Rules implements protocols.Protocol.
// Agents who see the context can look up what the others quote: their
// quotes are shown verified or unverified.
func (p *Protocol) Rules() protocols.Rules {
	return protocols.Rules{Rounds: p.settings.Rounds, VerifyQuotes: p.settings.SeesContext}
}

// Assignments implements protocols.Protocol.
func (p *Protocol) Assignments() []protocols.Assignment {
	var out []protocols.Assignment
	for _, o := range p.common.Orders() {
		seats := make([]protocols.Seat, *p.settings.N)
		for i := range seats {
			agent := p.settings.Agents[0]
			if len(p.settings.Agents) > 1 {
				agent = p.settings.Agents[i]
			}
			seats[i] = protocols.Seat{Name: "Agent " + strconv.Itoa(i+1), Role: transcript.RoleAnswerer, Agent: agent, Stance: protocols.None, Act: protocols.Answer, Setting: "agents", SeesContext: p.settings.SeesContext}
		}
		out = append(out, protocols.Assignment{Name: protocols.OrderName(o), Order: o, Seats: seats})
	}
	return out
}

func roundState(r int) string { return "answers-" + strconv.Itoa(r) }

// Machine implements protocols.Protocol: answers-0 → … → answers-R → done.
func (p *Protocol) Machine() protocols.Machine {
	var events []fsm.EventDesc
	for r := 0; r <= p.settings.Rounds; r++ {
		next := roundState(r + 1)
		if r == p.settings.Rounds {
			next = protocols.StateDone
		}
		events = append(events, fsm.EventDesc{Name: "to-" + next, Src: []string{roundState(r)}, Dst: next})
	}
	return protocols.Machine{Initial: roundState(0), Final: protocols.StateDone, Events: events}
}

// Step implements protocols.Protocol: every agent answers at once, seeing
// the earlier rounds.
func (p *Protocol) Step(state string) protocols.Step {
	var r int
	if _, err := fmt.Sscanf(state, "answers-%d", &r); err != nil {
		return protocols.Step{}
	}
	seats := make([]int, *p.settings.N)
	for i := range seats {
		seats[i] = i
	}
	next := roundState(r + 1)
	if r == p.settings.Rounds {
		next = protocols.StateDone
	}
	return protocols.Step{Round: r, Seats: seats, Event: "to-" + next}
}
