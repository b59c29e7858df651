package openai

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"slices"
	"strings"

	sdk "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/shared"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/transcript"
)

// params builds the chat-completion request.
func (c *Client) params(req agents.Request) sdk.ChatCompletionNewParams {
	p := sdk.ChatCompletionNewParams{Model: c.s.Model}
	for _, m := range req.Messages {
		switch m.Role {
		case "system":
			p.Messages = append(p.Messages, sdk.SystemMessage(m.Content))
		case "assistant":
			p.Messages = append(p.Messages, sdk.AssistantMessage(m.Content))
		default:
			p.Messages = append(p.Messages, sdk.UserMessage(m.Content))
		}
	}
	if c.sendsSeed() {
		p.Seed = sdk.Int(c.seed(req))
	}
	if c.s.Temperature != nil {
		p.Temperature = sdk.Float(*c.s.Temperature)
	}
	if c.s.MaxTokens > 0 {
		p.MaxTokens = sdk.Int(int64(c.s.MaxTokens))
	}
	if c.s.MaxCompletionTokens > 0 {
		p.MaxCompletionTokens = sdk.Int(int64(c.s.MaxCompletionTokens))
	}
	if c.s.ReasoningEffort != "" {
		p.ReasoningEffort = shared.ReasoningEffort(c.s.ReasoningEffort)
	}
	if c.s.Logprobs && givesVerdict(req.Role) {
		p.Logprobs = sdk.Bool(true)
		p.TopLogprobs = sdk.Int(5)
	}
	return p
}

// sendsSeed says whether calls send their seed: unless send_seed is
// false.
func (c *Client) sendsSeed() bool { return c.s.SendSeed == nil || *c.s.SendSeed }

// seed is the seed a call sends: the one moot derives from the
// experiment seed, the turn and the sample, or the agent's fixed seed
// plus the sample's index. A turn's samples — the candidates of best-of-N,
// the asks again of an answer — are then as many draws: the candidates'
// messages are the same, and with the fixed seed alone a server that
// honours it answered each alike, best-of-N paying N calls for one draw
// (before 2026-12-07). A turn's first ask sends the fixed seed itself.
func (c *Client) seed(req agents.Request) int64 {
	if c.s.Seed != nil {
		return *c.s.Seed + int64(req.Sample)
	}
	return int64(req.Seed & math.MaxInt64)
}

// CacheKey implements agents.Keyer: a hash of everything that determines
// the answer — backend, endpoint, model, messages, sampling settings, seed
// and sample index. It is computed from the request, never from the key.
// Replicas serve one model, so the key does not depend on which replica
// answers nor on the list's order; the list itself, sorted, is part of it
// (cacheURL: another list may serve another model under one name), unless
// cache_as names the model.
func (c *Client) CacheKey(req agents.Request) string {
	h := sha256.New()
	enc := json.NewEncoder(h)
	_ = enc.Encode(struct {
		Backend     string                   `json:"backend"`
		BaseURL     string                   `json:"base_url"`
		Model       string                   `json:"model"`
		Messages    []transcript.ChatMessage `json:"messages"`
		Temperature *float64                 `json:"temperature"`
		MaxTokens   int                      `json:"max_tokens"`
		Seed        int64                    `json:"seed"`
		Logprobs    bool                     `json:"logprobs"`
		Sample      int                      `json:"sample"`
		// Left out where unset, so that the keys of calls without them
		// are those made before they were settings.
		MaxCompletionTokens int    `json:"max_completion_tokens,omitempty"`
		ReasoningEffort     string `json:"reasoning_effort,omitempty"`
		// Set where the seed is not sent (send_seed: false): the answer
		// is not the one a call with the seed gets.
		SeedUnsent bool `json:"seed_unsent,omitempty"`
	}{"openai", c.cacheURL(), c.s.Model, req.Messages, c.s.Temperature, c.s.MaxTokens, c.seed(req),
		c.s.Logprobs && givesVerdict(req.Role), req.Sample, c.s.MaxCompletionTokens, c.s.ReasoningEffort, !c.sendsSeed()})
	return hex.EncodeToString(h.Sum(nil))
}

// cacheURL is the endpoint as the cache key names it: cache_as when set,
// else the one base URL as written but for a trailing slash (…/v1/ is
// …/v1), or the list of replicas so, sorted.
func (c *Client) cacheURL() string {
	if c.s.CacheAs != "" {
		return "cache_as:" + c.s.CacheAs
	}
	// Another list of servers may serve another model under the same
	// name: the list, in any order, is part of the key.
	urls := c.urls()
	slices.Sort(urls)
	return strings.Join(urls, " ")
}

// urls are the base URLs as written but for a trailing slash: …/v1/ and
// …/v1 are one endpoint, with one limit (endpointFor), one breaker and
// one cache key.
func (c *Client) urls() []string {
	urls := make([]string, len(c.s.BaseURL))
	for i, u := range c.s.BaseURL {
		urls[i] = strings.TrimRight(u, "/")
	}
	return urls
}

// givesVerdict reports whether a role's answer is a verdict whose letter's
// probabilities are asked for: a judge's, a grader's (A: correct, B:
// incorrect), or a best-of-N scorer's, whose probability for the
// candidate's side is the candidate's score (a scorer without one scores
// by its vote, 1 or 0, and equal votes keep the first candidate).
func givesVerdict(r transcript.Role) bool {
	return r == transcript.RoleJudge || r == transcript.RoleGrader || r == transcript.RoleScorer
}
