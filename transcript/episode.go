package transcript

import (
	"cmp"
	"strings"
)

// Unparsed is the Verdict.Answer of a judge answer that could not be read.
const Unparsed = -1

// Episode is one finished episode.
type Episode struct {
	EpisodeID string `json:"episode_id"`
	// Protocol is the protocol's label in the experiment (unique); Kind is
	// the registered protocol it runs (debate, consultancy…).
	Protocol string `json:"protocol"`
	Kind     string `json:"kind"`
	// Class and CompareWith say which protocols the summary pairs this
	// one with: those judged on the same questions by the same judge
	// whose Class is in CompareWith (chosen by the protocol).
	Class       string   `json:"class,omitempty"`
	CompareWith []string `json:"compare_with,omitempty"`
	// Cell names the sweep cell the episode was played in
	// (strong.skill=0.7,debate.rounds=3), empty without a sweep: the
	// values of its swept settings, each axis=value.
	Cell       string `json:"cell,omitempty"`
	Task       string `json:"task"`
	QuestionID string `json:"question_id"`
	// Group names what the question shares with others of its task: the
	// QuALITY article several questions ask about, the MT-Bench prompt
	// several model pairs answered. Such questions are not independent,
	// so the statistics resample groups, not questions (UnitKey); empty
	// for a question of its own.
	Group string `json:"group,omitempty"`
	Judge string `json:"judge"`
	// Assignment names the variant of the question this episode plays,
	// e.g. "correct-first" or "assigned-incorrect"; where a seat chose
	// the answer it argued, with ChoseCorrect or ChoseIncorrect after it.
	Assignment string `json:"assignment"`
	Repeat     int    `json:"repeat"`
	// Answers are the question's answers; CorrectAnswer indexes them. Order
	// gives the answer index shown in each slot (A, B).
	Answers       [2]string `json:"answers"`
	CorrectAnswer int       `json:"correct_answer"`
	Order         [2]int    `json:"order"`
	Seats         []Seat    `json:"seats"`
	Messages      []Message `json:"messages"`
	Verdict       Verdict   `json:"verdict"`
	// Interim are the judge's verdicts on the transcript so far, one
	// after each round but the last (each with its Round), when the
	// protocol asks the judge after every round; no seat read them, and
	// Verdict is the verdict after the last round.
	Interim []Verdict `json:"interim,omitempty"`
	Correct bool      `json:"correct"`
	// Reference is the reference answer the judge read, when the
	// protocol gave it one (Answer indexes Answers).
	Reference *Reference `json:"reference,omitempty"`
	// Graded is set when the judge graded one seat's answer as correct
	// or incorrect instead of choosing between the answers (pointwise
	// grading); Verdict is then the answer the grade implies.
	Graded *Graded `json:"graded,omitempty"`
	// FailedCalls are the calls that got no answer after their retries
	// (the first ends the episode, and Error names it; seats speaking at
	// once may fail together): no message holds them, yet a paid
	// endpoint may have billed them.
	FailedCalls []FailedCall `json:"failed_calls,omitempty"`
	Error       string       `json:"error,omitempty"`
}

// FailedCall is a call that got no answer: the seat, its agent, the round
// and the retries made before it was given up.
type FailedCall struct {
	Name    string `json:"name"`
	Agent   string `json:"agent"`
	Round   int    `json:"round"`
	Retries int    `json:"retries,omitempty"`
}

// Graded is the answer a judge graded and its grade.
type Graded struct {
	// Seat and Agent are the seat that gave the answer and its agent.
	Seat  string `json:"seat"`
	Agent string `json:"agent"`
	// Answer indexes Episode.Answers: the answer the seat gave.
	Answer int `json:"answer"`
	// Call is the judge's grade: GradeCorrect, GradeIncorrect, or empty
	// when its answer did not parse.
	Call string `json:"call,omitempty"`
}

// The grades a judge gives an answer.
const (
	GradeCorrect   = "correct"
	GradeIncorrect = "incorrect"
)

// Seat is a speaker of the episode and the answer it argued.
type Seat struct {
	Name  string `json:"name"` // as in the transcript, e.g. "Debater A"
	Role  Role   `json:"role"`
	Agent string `json:"agent"`
	// Argues is the index (into Answers) of the answer argued, or
	// NoSide.
	Argues int `json:"argues"`
}

// Message is one turn.
type Message struct {
	Round int    `json:"round"`
	Name  string `json:"name"`
	Role  Role   `json:"role"`
	Agent string `json:"agent"`
	Text  string `json:"text"`
	// Shown is the text as the seats that do not argue read it (the
	// judge, a moderator, a society's agents) — each quote marked
	// <v_quote> (found in the hidden context) or <u_quote> (not found) —
	// when that differs from Text.
	Shown string `json:"shown,omitempty"`
	// Reasoning is the model's thinking that came with its answer and is
	// no part of it (agents.Response.Reasoning): no other seat read it.
	Reasoning string `json:"reasoning,omitempty"`
	// PromptSHA256 identifies the exact prompt messages the agent was
	// given (or, for one that reads no prompt, would have been): it is the
	// SHA-256 of a canonical encoding of the prompt's inputs — the SHA-256
	// of the protocol's templates, the seat, side, round, rules, the view
	// (its context by the context's SHA-256) and the turns seen — chained,
	// for an answer asked again, with the answer and the reminder
	// (protocols.Templates.PromptSHA256). Rendering is deterministic, so
	// the prompt itself is reproducible from the experiment; the hash is
	// the same whichever backend answers.
	PromptSHA256 string `json:"prompt_sha256"`
	// Draw names the draw that gave the answer, where a later ask may be
	// given this same answer: a sim agent's, a hash of all that fixes it
	// (its settings, the prompt's inputs, the seed and sample) and of the
	// answer; an answer through the response cache, the entry that holds
	// it, named at random when it was stored. Two records whose messages
	// name the same draws, and which agree in all else but their ids and
	// their sweep cells' names (Episode.DrawKey), hold one draw, however many runs or experiments
	// hold it. Empty where an answer is drawn anew at each ask (an
	// uncached LLM, a person).
	Draw  string `json:"draw,omitempty"`
	Usage Usage  `json:"usage"`
	// Sample counts the asks of one turn: 1, 2… when a judge's answer did
	// not parse and it was asked again.
	Sample int `json:"sample,omitempty"`
	// Retries counts the failed attempts before the answer.
	Retries int `json:"retries,omitempty"`
	// Cached is set when the answer came from the response cache.
	Cached bool `json:"cached,omitempty"`
	// ServedModel is the model the server named in its reply (an LLM's:
	// OpenAI's "model" field), which may be another than the experiment
	// names: a dated snapshot of an alias ("gpt-4o" answered by
	// "gpt-4o-2024-08-06"), or the fallback of a proxy or router. Empty
	// where none was named: the sim, a person, an answer cached before
	// moot kept it.
	ServedModel string `json:"served_model,omitempty"`
	// Truncated marks an answer cut short, at the backend's token limit
	// (OpenAI's finish_reason "length") or the model's context length
	// (Mistral's "model_length"), or by a content filter
	// ("content_filter"): the speech, or the verdict, may be missing its
	// end.
	Truncated bool `json:"truncated,omitempty"`
	// CostUSD is what the call cost this run: 0 for a cached answer, the
	// batch price for a batched one. ListCostUSD is its price live and
	// made afresh, cached or batched or not, the same at every run.
	CostUSD     float64 `json:"cost_usd,omitempty"`
	ListCostUSD float64 `json:"list_cost_usd,omitempty"`
	// Aside marks a call that no other seat read: a seat choosing the
	// answer it will argue, a scorer rating a best-of-N candidate, a
	// judge's interim verdict.
	Aside bool `json:"aside,omitempty"`
	// Candidate numbers a best-of-N candidate turn (from 1); Discarded
	// marks the candidates not kept, which no one else read.
	Candidate int  `json:"candidate,omitempty"`
	Discarded bool `json:"discarded,omitempty"`
	// Kept marks a message carried over from the run a record judges
	// again (moot rejudge, moot judge): the first run made the call, not
	// this one, so usage counts it only in the listed cost.
	Kept bool `json:"kept,omitempty"`
	// Score is a best-of-N candidate's score, by which the highest was
	// kept (the first of equals): the scorer's probability for the
	// candidate's side, or 1 or 0 by its vote when it gives none.
	Score *float64 `json:"score,omitempty"`
	// Seconds is how long a person took to give the message: for a human
	// judge (moot judge), from the episode shown to the verdict sent.
	// Absent for agents.
	Seconds float64 `json:"seconds,omitempty"`
	// ActiveSeconds is the part of Seconds the person was at the page, as
	// the page measured it: visible, focused, and not idle (no input for
	// the judging page's idle threshold). Seconds is wall time and holds
	// any break; ActiveSeconds does not. Absent for agents, and where the
	// page sent none (one served before moot measured it); a pointer, so
	// that none is told apart from a measured 0.
	ActiveSeconds *float64 `json:"active_seconds,omitempty"`
}

// ListedCost is the message's price live and made afresh: ListCostUSD, or
// CostUSD in a record written before ListCostUSD was.
func (m *Message) ListedCost() float64 { return cmp.Or(m.ListCostUSD, m.CostUSD) }

// PaidCost is what the run whose record holds the message paid for it:
// CostUSD, or 0 for a message kept from the run it judged again (Kept),
// which that run paid.
func (m *Message) PaidCost() float64 {
	if m.Kept {
		return 0
	}
	return m.CostUSD
}

// Verdict is the judge's decision.
type Verdict struct {
	// Answer is the index (into Episode.Answers) chosen, or Unparsed.
	Answer int `json:"answer"`
	// Slot is the letter the judge wrote ("A" or "B"), empty if unparsed.
	Slot string `json:"slot,omitempty"`
	// Probability is the judge's probability for the answer it chose, when
	// the backend gives one; 0 otherwise.
	Probability float64 `json:"probability,omitempty"`
	// Parse says how the verdict was read from the judge's text.
	Parse string `json:"parse"`
	// Asks is how many times the judge was asked (more than 1 when an
	// answer did not parse).
	Asks int `json:"asks,omitempty"`
	// Round is the round after which an interim verdict was given (see
	// Episode.Interim); 0 for the episode's verdict.
	Round int `json:"round,omitempty"`
}

// Suffixes of the assignment of an episode whose seat chose the answer it
// argued: whether it chose the correct one (Kenton et al. 2024).
const (
	ChoseCorrect   = "/chose-correct"
	ChoseIncorrect = "/chose-incorrect"
)

// PlannedAssignment is the name of the assignment an episode was planned
// in, without the suffix its seat's choice added.
func PlannedAssignment(name string) string {
	return strings.TrimSuffix(strings.TrimSuffix(name, ChoseCorrect), ChoseIncorrect)
}

// VerdictMessage is the index in Messages of the message that gave the
// verdict: the last of the judge, or of the grader that judges in its
// place, that is not an aside (an interim verdict) and that this run made
// (not Kept from the run it judged again); -1 where there is none (an
// episode that failed before its verdict).
func (e *Episode) VerdictMessage() int {
	for i := len(e.Messages) - 1; i >= 0; i-- {
		if m := &e.Messages[i]; (m.Role == RoleJudge || m.Role == RoleGrader) && !m.Aside && !m.Kept {
			return i
		}
	}
	return -1
}

// ParsedModerator is the parse of a verdict that a moderator's remark
// gave in place of the judge's (MAD with verdict: moderator, through
// protocols.Settler): the judge was never asked.
const ParsedModerator = "moderator"

// Settled says whether the finished episode's verdict is no judge's: a
// remark settled it (ParsedModerator), and neither its judge nor the
// judge of a rejudge that kept it was asked. It reads the verdict alone,
// so that it holds of a record read without its messages.
func (e *Episode) Settled() bool {
	return e.Error == "" && e.Verdict.Parse == ParsedModerator
}
