package protocols

import (
	"fmt"

	"github.com/looplab/fsm"
	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/transcript"
)

// Protocol is one configured oversight protocol.
//
// Its methods are called concurrently by the engine's workers and must not
// change the protocol.
type Protocol interface {
	// Settings returns the decoded settings block, defaults filled in, as
	// recorded in config.lock.yaml.
	Settings() any
	// Common returns the settings every protocol has.
	Common() *Common
	// Assignments lists the variants each question is played in.
	Assignments() []Assignment
	// Machine declares the episode's states and events.
	Machine() Machine
	// Step says who speaks in a state. It is not called in the final state.
	Step(state string) Step
	// Rules returns the settings the engine applies while driving an
	// episode.
	Rules() Rules
	// Render writes the prompt messages for one speaker.
	Render(p Prompt) ([]transcript.ChatMessage, error)
}

// Decider is a protocol whose next event depends on what was said: after
// a step, the engine fires Decide(state, texts of that step's messages)
// instead of Step(state).Event (MAD's moderator ending a debate early).
type Decider interface {
	Decide(state string, said []string) string
}

// Voter is a protocol whose verdict is the majority vote of its answerer
// seats' last answers rather than a judge's (society of minds, Du et al.
// 2023). Votes reports whether it is one.
type Voter interface {
	Votes() bool
}

// Rules are the settings the engine applies while driving an episode.
type Rules struct {
	Rounds    int
	WordLimit int
	// VerifyQuotes marks each quote a judge reads as verified or
	// unverified against the hidden context.
	VerifyQuotes bool
	// BestOf, above 1, has each debater write that many candidate turns
	// and keep the one Scorer (the debater itself if empty) finds most
	// persuasive for its side.
	BestOf int
	Scorer string
}

// Machine is the declaration of an episode's finite-state machine.
type Machine struct {
	Initial string
	Final   string
	Events  []fsm.EventDesc
}

// Step is one state's turn: the seats that speak, and the event that moves
// the machine on once they have.
type Step struct {
	Round int
	// Seats indexes Assignment.Seats.
	Seats []int
	// Sequential speakers each see the turns of those before them in the
	// same step; otherwise they speak at once, seeing only earlier steps.
	Sequential bool
	Event      string
}

// Stance is what a seat argues for.
type Stance int

// The stances of a seat.
const (
	None      Stance = iota // a judge
	SlotA                   // the answer shown first
	SlotB                   // the answer shown second
	Correct                 // the correct answer, wherever shown
	Incorrect               // the other answer
	// Own is the answer the seat's agent picks itself before the first
	// round (open consultancy, the protagonist of open debate).
	Own
	// Other is the answer the Own seat did not pick (the antagonist).
	Other
)

// Order is how the two answers are shown.
type Order int

// The orders of the answers.
const (
	AsGiven       Order = iota // as the question lists them
	CorrectFirst               // the correct answer as A
	CorrectSecond              // the correct answer as B
)

// Seat is a speaker of an assignment.
type Seat struct {
	Name   string // as the transcript names it, e.g. "Debater A"
	Role   transcript.Role
	Agent  string // the agent's name in the experiment
	Stance Stance
	// SeesContext gives the seat the hidden context and evidence pool.
	SeesContext bool
}

// Assignment is one variant in which each question is played: the order of
// the answers and who argues what.
type Assignment struct {
	Name  string
	Order Order
	Seats []Seat
}

// Common holds the settings every protocol has.
type Common struct {
	// Label names the protocol in tables; it defaults to the protocol's
	// name and must be unique within an experiment.
	Label string `yaml:"label,omitempty" doc:"the name in tables; the protocol's name if empty"`
	Judge string `yaml:"judge" required:"true" doc:"the judge agent"`
	// Swap plays every assignment in both orders of the answers.
	Swap bool `yaml:"swap" doc:"play every assignment in both orders of the answers"`
	// Prompts names a file of template definitions ({{define
	// "judge.system"}}…{{end}}) that replace the protocol's shipped
	// prompts; a path relative to the experiment file.
	Prompts string `yaml:"prompts,omitempty" doc:"a file of {{define}} blocks replacing shipped prompts, relative to the experiment file"`
}

// Prompt is the data a prompt template is executed with.
type Prompt struct {
	Seat      Seat
	Side      int // the shown answer the seat argues, or transcript.NoSide
	Letter    string
	Round     int
	Rounds    int
	WordLimit int
	// QuotesVerified says whether quotes are checked against the context
	// and shown to the judge as verified or unverified.
	QuotesVerified bool
	View           transcript.View
	Transcript     []transcript.Turn
}

// AgentNames is one agent name or a list of them. In YAML it is written as
// a scalar ("strong") or a sequence ([strong, weak]).
type AgentNames []string

// SettingType names the type in the settings docs.
func (AgentNames) SettingType() string { return "agent or list of agents" }

// UnmarshalYAML accepts a scalar or a sequence of scalars.
func (a *AgentNames) UnmarshalYAML(node *yaml.Node) error {
	switch node.Kind {
	case yaml.ScalarNode:
		*a = AgentNames{node.Value}
		return nil
	case yaml.SequenceNode:
		var names []string
		if err := node.Decode(&names); err != nil {
			return err
		}
		*a = names
		return nil
	}
	return fmt.Errorf("line %d: want an agent name or a list of names", node.Line)
}
