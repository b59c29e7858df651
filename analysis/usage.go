package analysis

import (
	"maps"
	"math"

	"github.com/mootlab/moot/transcript"
)

// Usage counts the calls of a run, or of one agent or protocol in it.
type Usage struct {
	Calls int `json:"calls"`
	// CachedCalls were answered by the response cache and cost nothing.
	CachedCalls  int `json:"cached_calls"`
	Retries      int `json:"retries"`
	InputTokens  int `json:"input_tokens"`
	OutputTokens int `json:"output_tokens"`
	// CachedInputTokens and ReasoningTokens are those of InputTokens the
	// servers read from their prompt caches, and of OutputTokens the
	// models spent thinking (transcript.Usage), absent where no server
	// counted any (the sim's).
	CachedInputTokens int `json:"cached_input_tokens,omitempty"`
	ReasoningTokens   int `json:"reasoning_tokens,omitempty"`
	// CostUSD is what the run paid: cached answers cost nothing, so it
	// falls as the cache fills, and batched ones their batch price.
	// ListCostUSD is what the calls cost live and made afresh, whatever
	// the cache held or the batch API charged: the protocol's cost, the
	// same at every run (absent at 0, as for sim agents).
	CostUSD     float64 `json:"cost_usd"`
	ListCostUSD float64 `json:"list_cost_usd"`
	// FailedCalls got no answer after their retries (counted in
	// Retries): no message holds their tokens, yet a paid endpoint may
	// have billed them.
	FailedCalls int `json:"failed_calls"`
	// EstimatedCalls got no token counts from their server: their tokens,
	// and so their cost, are the backend's estimate from the text's
	// length (transcript.Usage.Estimated). TruncatedCalls were cut short,
	// at the backend's token limit or by a content filter
	// (transcript.Message.Truncated).
	EstimatedCalls int `json:"estimated_calls"`
	TruncatedCalls int `json:"truncated_calls"`
}

// UsageSummary is the usage of a run in total, per agent and per protocol.
type UsageSummary struct {
	Total      Usage            `json:"total"`
	ByAgent    map[string]Usage `json:"by_agent"`
	ByProtocol map[string]Usage `json:"by_protocol"`
	// ServedModels counts, by agent, the messages of the run's records by
	// the model the server named in its reply (transcript.Message.
	// ServedModel), a kept one (rejudge) included: which models wrote
	// them. An agent whose server named none (the sim) is absent, and so
	// is the field where none did.
	ServedModels map[string]map[string]int `json:"served_models,omitempty"`
}

// AddMessage counts one call, the message m; a message kept from a run
// judged again counts only in the listed cost.
func (u *Usage) AddMessage(m *transcript.Message) {
	u.ListCostUSD += m.ListedCost()
	if m.Kept {
		// A call of the run judged again: part of what the protocol
		// costs, not of what this run did.
		return
	}
	u.Calls++
	if m.Cached {
		u.CachedCalls++
	}
	u.Retries += m.Retries
	if m.Usage.Estimated {
		u.EstimatedCalls++
	}
	if m.Truncated {
		u.TruncatedCalls++
	}
	u.InputTokens += m.Usage.InputTokens
	u.OutputTokens += m.Usage.OutputTokens
	u.CachedInputTokens += m.Usage.CachedInputTokens
	u.ReasoningTokens += m.Usage.ReasoningTokens
	u.CostUSD += m.CostUSD
}

func (s *UsageSummary) add(ep *transcript.Episode) {
	if s.ByAgent == nil {
		s.ByAgent, s.ByProtocol = map[string]Usage{}, map[string]Usage{}
	}
	for i := range ep.Messages {
		m := &ep.Messages[i]
		s.Total.AddMessage(m)
		a := s.ByAgent[m.Agent]
		a.AddMessage(m)
		s.ByAgent[m.Agent] = a
		p := s.ByProtocol[ep.Protocol]
		p.AddMessage(m)
		s.ByProtocol[ep.Protocol] = p
		if m.ServedModel != "" {
			if s.ServedModels == nil {
				s.ServedModels = map[string]map[string]int{}
			}
			if s.ServedModels[m.Agent] == nil {
				s.ServedModels[m.Agent] = map[string]int{}
			}
			s.ServedModels[m.Agent][m.ServedModel]++
		}
	}
	for _, f := range ep.FailedCalls {
		add := func(u Usage) Usage { u.FailedCalls++; u.Retries += f.Retries; return u }
		s.Total = add(s.Total)
		s.ByAgent[f.Agent] = add(s.ByAgent[f.Agent])
		s.ByProtocol[ep.Protocol] = add(s.ByProtocol[ep.Protocol])
	}
}

func (s UsageSummary) clone() UsageSummary {
	out := UsageSummary{Total: s.Total, ByAgent: map[string]Usage{}, ByProtocol: map[string]Usage{}}
	for k, u := range s.ByAgent {
		out.ByAgent[k] = u
	}
	for k, u := range s.ByProtocol {
		out.ByProtocol[k] = u
	}
	for agent, models := range s.ServedModels {
		if out.ServedModels == nil {
			out.ServedModels = map[string]map[string]int{}
		}
		out.ServedModels[agent] = maps.Clone(models)
	}
	return out
}

// round keeps costs to a millionth of a dollar, so that summary.json does
// not carry float noise.
func (s *UsageSummary) round() {
	r := func(u Usage) Usage {
		u.CostUSD, u.ListCostUSD = math.Round(u.CostUSD*1e6)/1e6, math.Round(u.ListCostUSD*1e6)/1e6
		return u
	}
	s.Total = r(s.Total)
	for k, u := range s.ByAgent {
		s.ByAgent[k] = r(u)
	}
	for k, u := range s.ByProtocol {
		s.ByProtocol[k] = r(u)
	}
}
