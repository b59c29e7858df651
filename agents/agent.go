package agents

import (
	"context"

	"github.com/mootlab/moot/transcript"
)

// Agent answers one request.
//
// Generate may block on the network and must honour ctx. It may be called
// concurrently from many episodes. Given the same Request (including Seed),
// a deterministic backend returns the same Response.
type Agent interface {
	Generate(ctx context.Context, req Request) (Response, error)
}

// Request is everything an agent is given for one turn.
type Request struct {
	Role transcript.Role `json:"role"`
	// Name is how the transcript refers to this speaker.
	Name string `json:"name"`
	// Side is the shown answer (0 or 1) this agent argues, or transcript.NoSide.
	Side int `json:"side"`
	// Remark is set for a turn that speaks for no side and gives no
	// verdict (protocols.Remark): a judge's question, a moderator's note,
	// a new protocol's examiner. A backend that plays roles by mechanics
	// (the sim) plays a role it does not know by it.
	Remark bool `json:"remark,omitempty"`
	// Addressee names the seat a remark speaks to (protocols.Seat's
	// Addresses: an examiner's witness); "" for none in particular.
	Addressee string `json:"addressee,omitempty"`
	// Round counts from 1; the judge's turn comes after the last round.
	Round  int `json:"round"`
	Rounds int `json:"rounds"`
	// WordLimit is the most words a turn should have; 0 means none.
	WordLimit int `json:"word_limit,omitempty"`
	// QuotesVerified tells a speaker that the judge will be shown which of
	// its quotes were found verbatim in the context.
	QuotesVerified bool `json:"quotes_verified,omitempty"`
	// Messages is the prompt. For an agent that is PromptFree it is nil,
	// and MessageSizes holds the length in bytes of each message it
	// would have held.
	Messages     []transcript.ChatMessage `json:"messages,omitempty"`
	MessageSizes []int                    `json:"-"`
	View         transcript.View          `json:"view"`
	Transcript   []transcript.Turn        `json:"transcript,omitempty"`
	// Seed makes sampling reproducible; the engine derives it from the
	// experiment seed and the episode, role and turn.
	Seed uint64 `json:"seed"`
	// Sample counts the requests made for the same turn: 0, then 1, 2… when
	// a judge's answer did not parse and it is asked again.
	Sample int `json:"sample,omitempty"`
	// PromptSHA256 identifies the prompt, for the transcript (see
	// transcript.Message); agents need not read it.
	PromptSHA256 string `json:"-"`
}

// Response is an agent's answer to one request.
type Response struct {
	Text string
	// Reasoning is the model's thinking that came with the answer and is
	// no part of it (a reasoning model's <think> block, or the server's
	// reasoning_content): the speaker's own, which no other seat reads,
	// kept in the record. Empty where none came.
	Reasoning string
	// Probabilities, when the backend can give them, is the agent's
	// probability for each shown answer (a judge's verdict).
	Probabilities []float64
	Usage         transcript.Usage
	// Retries counts the failed attempts before this answer.
	Retries int
	// Cached is set when the answer came from the response cache.
	Cached bool
	// Truncated is set when the answer was cut short: at the backend's
	// token limit or the model's context length, or by a content filter.
	Truncated bool
	// Model is the model the server named in its reply, which may be
	// another than the one asked for: a dated snapshot of an alias, or a
	// proxy's fallback (transcript.Message.ServedModel). Empty where the
	// backend names none (the sim).
	Model string
	// Batched is set when the answer came from a provider's batch API,
	// which prices it at its discount (BatchPriced).
	Batched bool
	// Draw names the draw that gave the answer, where another ask may be
	// given this same answer (transcript.Message.Draw): the sim's, drawn
	// from the request alone, names all that fixes it; the response
	// cache names the entry it stored the answer in; batch mode names
	// the answer it gives every ask it merged into one request. Empty
	// where each ask draws anew.
	Draw string
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

// PromptFree is an agent that reads the structured request only (Role,
// View, Transcript…), never the rendered prompt: the engine then does not
// render it, and gives the agent the messages' sizes (MessageSizes)
// instead of the messages.
type PromptFree interface {
	PromptFree()
}

// Advisor is an agent with advice on a task's questions before a run uses
// them: the sim says for how many its reading finds no quote on point.
// Advise is given each question as a seat that reads the context sees it,
// and returns "" when it has nothing to say. Its advice depends on the
// views and the agent's backend alone, not the agent's settings: agents
// of one backend are asked once a task.
type Advisor interface {
	Advise(views []transcript.View) string
}

// Priced is an agent whose calls cost money. Price returns the cost of a
// call's usage in US dollars.
type Priced interface {
	Price(u transcript.Usage) float64
}

// ReplyCapped is an agent whose replies are cut at a number of tokens
// (an OpenAI-compatible endpoint's max_tokens): MaxReplyTokens is the
// most a reply may have, 0 for no cap. An estimate counts no reply past
// it.
type ReplyCapped interface {
	MaxReplyTokens() int
}

// BatchPriced is a Priced agent whose calls answered through a batch API
// (Response.Batched) cost less: BatchPrice returns their cost in US
// dollars.
type BatchPriced interface {
	BatchPrice(u transcript.Usage) float64
}
