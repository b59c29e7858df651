package protocols

import (
	"cmp"
	"fmt"

	"github.com/looplab/fsm"
	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/internal/settings"
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
	// Comparison says which protocols the summary compares this one with.
	Comparison() Comparison
}

// Decider is a protocol whose next event depends on what was said: after
// a step, the engine fires Decide(state, texts of that step's messages)
// instead of Step(state).Event (MAD's moderator ending a debate early).
type Decider interface {
	Decide(state string, said []string) string
}

// Voter is a protocol whose verdict is formed from its seats' answers
// rather than given by a judge seat (society of minds, Du et al. 2023).
// At the end of an episode the engine gives Vote the last answer of each
// seat, in seat order: the shown slot (0 or 1) it answered, or -1 where it
// gave none that parsed. Vote returns the slot chosen (-1: no verdict),
// the probability to record, and how the verdict was formed (recorded as
// the verdict's parse).
type Voter interface {
	Vote(answers []int) (slot int, probability float64, how string)
}

// Settler is a protocol whose verdict a remark may give in place of a
// judge's (MAD as Liang et al. 2023 ran it: the moderator's preferred
// side). At the end of an episode in which no seat decided, the engine
// gives Settle the texts of the remarks made, in order; it returns the
// shown slot (0 or 1) that is the verdict and how it was formed (the
// verdict's parse), or ok false for none. An episode no seat decided has
// nothing for moot rejudge or moot judge to judge again: its verdict
// stands.
type Settler interface {
	Settle(remarks []string) (slot int, how string, ok bool)
}

// TextReader is a protocol that is another only by the hidden text a
// seat of it reads (the judge with the text): on a question that has
// none, or one every seat reads (a closed task), it plays that other
// again. Without names the other ("the judge alone"),
// or is "" where the protocol as it is set reads no more than another.
// The engine warns of a task whose questions have no text.
type TextReader interface {
	Without() string
}

// Comparison says which other protocols of an experiment the summary
// pairs a protocol with: every protocol judged on the same questions by
// the same judge (in the same sweep cell) whose Class is in Against is
// compared with it, as the first of a paired difference. The classes are
// the protocols' own words; analysis matches them without reading them.
type Comparison struct {
	// Class names what the protocol is, for comparisons: "judge-alone",
	// "consultancy", "debate"…
	Class string
	// Against lists the classes this protocol is compared with.
	Against []string
}

// The classes of comparison that several protocols name.
const (
	// ClassJudgeAlone is the judge answering without the hidden text:
	// the baseline every oversight protocol is compared with.
	ClassJudgeAlone = "judge-alone"
	// ClassConsultancy is one advocate and a judge: the baseline that
	// debate is compared with (Khan et al. 2024, Kenton et al. 2024).
	ClassConsultancy = "consultancy"
	// ClassDebate is two debaters and a judge.
	ClassDebate = "debate"
)

// Rules are the settings the engine applies while driving an episode.
type Rules struct {
	Rounds    int
	WordLimit int
	// VerifyQuotes marks each quote a judge reads as verified or
	// unverified against the hidden context.
	VerifyQuotes bool
	// BestOf, above 1, has each arguing seat write that many candidate
	// turns and keep the one Scorer (the seat's own agent if empty) finds
	// most persuasive for its side, reading the debate as the judge seat
	// does (see ScorerSeat).
	BestOf int
	Scorer string
	// JudgeEveryRound has the judge seat (the seat that decides) give an
	// interim verdict on the transcript so far after each round but the
	// last: a call of its own, seeded apart from the verdict's, recorded
	// as an aside in Episode.Interim and read by no seat (Khan et al.
	// 2024, Kenton et al. 2024: accuracy by round). The last round's is
	// the episode's verdict.
	JudgeEveryRound bool
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

// Act is what a seat's turn does, and so how the engine treats it.
type Act int

// The acts of a seat.
const (
	// Argue speaks for the seat's side. An arguing seat reads earlier
	// turns as their speakers wrote them.
	Argue Act = iota
	// Remark speaks for no side: a judge's question, a moderator's note.
	// Like every seat that does not argue, it reads earlier turns as the
	// judge does, quotes marked verified or unverified.
	Remark
	// Answer answers the question in the verdict form ("Answer: A"),
	// asked again while its answer does not parse; its turn then stands,
	// for those who read it, as an argument for the answer it gave.
	Answer
	// Decide is a judge: it answers as Answer does, and its answer is the
	// episode's verdict.
	Decide
)

// Seat is a speaker of an assignment.
type Seat struct {
	// Name is what the transcript calls the seat ("Debater A"). With the
	// round it seeds the seat's draws, so no two seats that speak in one
	// round share a name.
	Name   string
	Role   transcript.Role
	Agent  string // the agent's name in the experiment
	Stance Stance
	Act    Act
	// Setting is the key of the protocol's settings that names the seat's
	// agent ("debaters", "judge"…), for error messages.
	Setting string
	// SeesContext gives the seat the hidden context and evidence pool.
	SeesContext bool
	// Grades, on a seat that decides, names the seat whose answer it
	// grades as correct or incorrect (pointwise grading) instead of
	// choosing between the answers: that seat answers (Act Answer) in an
	// earlier step, and the grader's "Answer: A" means correct, "Answer:
	// B" incorrect.
	Grades string
	// WordLimit, when not 0, is the most words this seat's speeches may
	// have, in place of the protocol's Rules.WordLimit: a short question
	// among long speeches. Its prompts, the sim agents and moot plan's
	// estimate follow it.
	WordLimit int
	// Addresses, on a seat that remarks, names the seat it speaks to (an
	// examiner's witness), "" for none in particular. Its prompts read
	// it; the sim agents ask about that seat's claims.
	Addresses string
	// Open, on a seat that judges or questions, says that a seat of its
	// assignment argues the answer it chose itself (open consultancy,
	// open debate): its prompts do not say the sides were assigned.
	Open bool
}

// Chooses reports whether the seat argues for the answer it picks itself
// (Own): its prompts say so, not that it was assigned one.
func (s Seat) Chooses() bool { return s.Stance == Own }

// DrawSharer is a protocol some of whose seats draw their random numbers
// by the protocol's kind, not its label: protocols of one kind that differ
// only after such a seat has spoken (grade with and without a reference
// for its grader) draw alike for it, so its answers are the same in both
// and a comparison of them pairs answer by answer; an LLM agent is asked
// the very same thing, which the cache then answers once.
type DrawSharer interface {
	SharesDraws(seat Seat) bool
}

// WordLimitOf is the most words seat's speeches may have under rules.
func WordLimitOf(seat Seat, rules Rules) int { return cmp.Or(seat.WordLimit, rules.WordLimit) }

// JudgeSeat is the judge of a protocol that ends with one: the seat that
// decides, named by the judge setting.
func JudgeSeat(agent string, seesContext bool) Seat {
	return Seat{Name: "Judge", Role: transcript.RoleJudge, Agent: agent, Stance: None, Act: Decide, Setting: "judge", SeesContext: seesContext}
}

// ChooserSeat is how a seat of stance Own picks the answer it will argue:
// before the first round it answers the question itself, from what it may
// see, as an answerer (round 0 of the transcript).
func ChooserSeat(s Seat) Seat {
	s.Role, s.Act = transcript.RoleAnswerer, Answer
	return s
}

// ScorerSeat is the seat that rates a best-of-N candidate turn: agent
// reads the debate, the candidate added, as the judge seat does.
func ScorerSeat(agent string) Seat {
	return Seat{Name: "Scorer", Role: transcript.RoleScorer, Agent: agent, Stance: None, Act: Answer}
}

// Suffixes of the assignment of an episode whose Own seat chose its
// answer: whether it chose the correct one (Kenton et al. 2024).
const (
	ChoseCorrect   = transcript.ChoseCorrect
	ChoseIncorrect = transcript.ChoseIncorrect
)

// PlannedAssignment is the name of the assignment an episode was planned
// in, without the suffix its Own seat's choice added.
func PlannedAssignment(name string) string { return transcript.PlannedAssignment(name) }

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
	// Reference gives the judge a reference answer (see Reference).
	Reference *Reference `yaml:"reference,omitempty" doc:"a reference answer the judge reads: gold (an upper bound), or {agent: NAME} whose answer, written first, may be wrong; context: false keeps the hidden text from that agent"`
}

// DefaultLabel implements Labeled.
func (c *Common) DefaultLabel(name string) {
	if c.Label == "" {
		c.Label = name
	}
}

// Prompt is the data a prompt template is executed with.
type Prompt struct {
	Seat      Seat
	Side      int // the shown answer the seat argues, or transcript.NoSide
	Round     int
	Rounds    int
	WordLimit int
	// QuotesVerified says whether quotes are checked against the context
	// and shown to the judge as verified or unverified.
	QuotesVerified bool
	View           transcript.View
	Transcript     []transcript.Turn
	// Settings are the protocol's own settings (its settings struct, as
	// the experiment gives them, defaults filled in), which a template
	// may read: {{.Settings.QuestionLimit}}. The Prompter sets them.
	Settings any
	// settingsSum identifies Settings in the prompt's hash, which covers
	// them when a template reads them (Templates.PromptSHA256).
	settingsSum *[32]byte
}

// AgentNames is one agent name or a list of them. In YAML it is written as
// a scalar ("strong") or a sequence ([strong, weak]).
type AgentNames []string

// SettingType names the type in the settings docs.
func (AgentNames) SettingType() string { return "agent or list of agents" }

// UnmarshalYAML accepts a scalar or a sequence of scalars.
func (a *AgentNames) UnmarshalYAML(node *yaml.Node) error {
	names, ok, err := settings.ScalarOrList(node)
	if !ok || err != nil { // a mapping, or a list that holds one
		return fmt.Errorf("line %d: want an agent name or a list of names", node.Line)
	}
	*a = names
	return nil
}
