package agents

import (
	"context"

	"github.com/mootlab/moot/tasks"
)

// Role is the part an agent plays in an episode.
type Role string

// The roles of the protocols.
const (
	RoleJudge      Role = "judge"
	RoleDebater    Role = "debater"
	RoleConsultant Role = "consultant"
	// RoleAnswerer answers the question on its own, as a judge would but
	// with what its seat may see: how an open consultant or protagonist
	// debater picks the answer it will argue for (Kenton et al. 2024).
	RoleAnswerer Role = "answerer"
	// RoleScorer rates a debater's candidate turn, as a judge would, for
	// best-of-N (Khan et al. 2024, Kenton et al. 2024).
	RoleScorer Role = "scorer"
	// RoleQuestioner is the judge asking the consultant a question
	// between rounds (interactive consultancy, Kenton et al. 2024).
	RoleQuestioner Role = "questioner"
	// RoleModerator reads a MAD debate after each round and says whether
	// one side is clearly preferred, which ends it early (Liang et al. 2023).
	RoleModerator Role = "moderator"
)

// NoSide marks a speaker that argues for no answer, such as a judge.
const NoSide = -1

// Agent answers one request.
//
// Generate may block on the network and must honour ctx. It may be called
// concurrently from many episodes. Given the same Request (including Seed),
// a deterministic backend returns the same Response.
type Agent interface {
	Generate(ctx context.Context, req Request) (Response, error)
}

// Message is one chat message of a rendered prompt.
type Message struct {
	Role    string `json:"role"` // system, user or assistant
	Content string `json:"content"`
}

// View is the question as one role may see it. Answers are in the order
// shown in this episode; Evidence refers to them by that order.
type View struct {
	QuestionID string       `json:"question_id"`
	Family     tasks.Family `json:"family"`
	Question   string       `json:"question"`
	// Exhibit is material shown to every role with the question (a
	// code task's program), empty for most tasks.
	Exhibit string    `json:"exhibit,omitempty"`
	Answers [2]string `json:"answers"`
	// Context is the hidden text (article, solution…), empty for a role
	// that may not see it.
	Context string `json:"context,omitempty"`
	// Evidence is the pool of claims for each answer, empty for a role
	// that may not see the hidden context.
	Evidence   []tasks.Claim `json:"evidence,omitempty"`
	Difficulty float64       `json:"difficulty"`
	// Shared is set when every role, the judge included, reads the
	// context: a closed task.
	Shared bool `json:"shared,omitempty"`
}

// Turn is an earlier turn of the episode as the requesting role sees it:
// for a judge, quotes are already marked verified or unverified.
type Turn struct {
	Round int    `json:"round"`
	Role  Role   `json:"role"`
	Name  string `json:"name"` // the speaker's name in the transcript, e.g. "Debater A"
	Side  int    `json:"side"` // the shown answer argued, or NoSide
	Text  string `json:"text"`
}

// Request is everything an agent is given for one turn.
type Request struct {
	Role Role `json:"role"`
	// Name is how the transcript refers to this speaker.
	Name string `json:"name"`
	// Side is the shown answer (0 or 1) this agent argues, or NoSide.
	Side int `json:"side"`
	// Round counts from 1; the judge's turn comes after the last round.
	Round  int `json:"round"`
	Rounds int `json:"rounds"`
	// WordLimit is the most words a turn should have; 0 means none.
	WordLimit int `json:"word_limit,omitempty"`
	// QuotesVerified tells a speaker that the judge will be shown which of
	// its quotes were found verbatim in the context.
	QuotesVerified bool      `json:"quotes_verified,omitempty"`
	Messages       []Message `json:"messages,omitempty"`
	View           View      `json:"view"`
	Transcript     []Turn    `json:"transcript,omitempty"`
	// Seed makes sampling reproducible; the engine derives it from the
	// experiment seed and the episode, role and turn.
	Seed uint64 `json:"seed"`
	// Sample counts the requests made for the same turn: 0, then 1, 2… when
	// a judge's answer did not parse and it is asked again.
	Sample int `json:"sample,omitempty"`
}

// Usage counts tokens.
type Usage struct {
	InputTokens  int `json:"input_tokens"`
	OutputTokens int `json:"output_tokens"`
}

// Response is an agent's answer to one request.
type Response struct {
	Text string
	// Probabilities, when the backend can give them, is the agent's
	// probability for each shown answer (a judge's verdict).
	Probabilities []float64
	Usage         Usage
	// Retries counts the failed attempts before this answer.
	Retries int
	// Cached is set when the answer came from the response cache.
	Cached bool
}

// Keyer is an agent whose answers may be cached. CacheKey returns a hash of
// everything that determines the answer to req: backend, endpoint, model,
// messages, sampling settings, seed and sample index.
type Keyer interface {
	CacheKey(req Request) string
}

// InProcess is an agent that answers in process, without waiting on I/O:
// asking several such agents at once gains nothing, so the engine asks them
// in turn.
type InProcess interface {
	InProcess()
}

// Priced is an agent whose calls cost money. Price returns the cost of a
// call's usage in US dollars.
type Priced interface {
	Price(u Usage) float64
}
