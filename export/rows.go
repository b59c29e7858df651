package export

import (
	"strings"

	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/transcript"
)

// EpisodeRow is one episode as a row of the episodes table. Axes holds the
// values of the sweep cell's axes, in the order of the cell name; each is a
// column of its own.
type EpisodeRow struct {
	// Seed is the seed the episode's run was played at: a replicated
	// run's episodes share ids across seeds, so seed and id name one. Nil
	// where the run's lock does not say.
	Seed       *uint64
	EpisodeID  string
	QuestionID string
	// Group is what the question shares with others (transcript.Episode.
	// Group): the cluster to resample by; empty for none.
	Group      string
	Protocol   string
	Kind       string
	Task       string
	Judge      string
	Assignment string
	// Order is the assignment's answer-order part (correct-first,
	// correct-second, as-given), empty when the name has none; Variant is
	// the rest of the name (assigned-correct, chose-correct, strong-as-A…).
	Order   string
	Variant string
	Cell    string
	Axes    []transcript.AxisValue
	Repeat  int
	// PCorrect is the judge's probability for the correct answer, read
	// from the probability of the answer it chose; nil when the judge gave
	// none or its answer did not parse.
	PCorrect *float64
	// Probability is Verdict.Probability as recorded (the chosen answer's),
	// nil when none.
	Probability   *float64
	VerdictAnswer int
	VerdictSlot   string
	CorrectAnswer int
	// GradedAnswer and GradedCall, for a grading protocol's episode, are
	// the answer the judge graded (an index into the answers) and its
	// grade (correct, incorrect; empty where it did not parse); nil and
	// empty for other protocols.
	GradedAnswer *int
	GradedCall   string
	// ReferenceSource, ReferenceAgent and ReferenceAnswer are the
	// reference answer the judge read (transcript.Episode.Reference): gold
	// or agent, the agent that wrote it, and the answer it gives (an index
	// into the answers, -1 where the agent's did not parse); ReferenceRight
	// says whether that is the correct answer (nil where it did not parse).
	// Empty and nil where the judge read none.
	ReferenceSource  string
	ReferenceAgent   string
	ReferenceAnswer  *int
	ReferenceRight   *bool
	Correct          bool
	Unparsed         bool
	Failed           bool
	Error            string
	Rounds           int
	Messages         int
	QuotesVerified   int
	QuotesUnverified int
	InputTokens      int
	OutputTokens     int
	CostUSD          float64
	ListCostUSD      float64
	// DrawKey names the draw the episode holds (transcript.Episode.DrawKey):
	// two rows with the same key, of two runs or experiments, are one draw.
	// Empty where a message was drawn anew (an uncached LLM's, a person's).
	DrawKey string
}

// orderNames are the assignment name parts that give the answer order.
var orderNames = map[string]bool{"correct-first": true, "correct-second": true, "as-given": true}

// SplitAssignment splits an assignment name ("assigned-correct/correct-first")
// into its answer-order part and the rest, joined by "/".
func SplitAssignment(name string) (order, rest string) {
	var others []string
	for p := range strings.SplitSeq(name, "/") {
		if order == "" && orderNames[p] {
			order = p
			continue
		}
		others = append(others, p)
	}
	return order, strings.Join(others, "/")
}

// NewEpisodeRow reads the row of one episode.
func NewEpisodeRow(ep *transcript.Episode) EpisodeRow {
	r := EpisodeRow{
		EpisodeID: ep.EpisodeID, QuestionID: ep.QuestionID, Group: ep.Group,
		Protocol: ep.Protocol, Kind: ep.Kind, Task: ep.Task, Judge: ep.Judge,
		Assignment: ep.Assignment, Cell: ep.Cell, Axes: transcript.ParseCell(ep.Cell),
		Repeat: ep.Repeat, VerdictAnswer: ep.Verdict.Answer, VerdictSlot: ep.Verdict.Slot,
		CorrectAnswer: ep.CorrectAnswer, Correct: ep.Correct,
		// A failed episode has no verdict to parse: it counts as failed,
		// not unparsed, as the summary counts it.
		Unparsed: ep.Verdict.Answer == transcript.Unparsed && ep.Error == "", Failed: ep.Error != "", Error: ep.Error,
		Messages: len(ep.Messages),
	}
	r.Order, r.Variant = SplitAssignment(ep.Assignment)
	r.DrawKey, _ = ep.DrawKey()
	if g := ep.Graded; g != nil {
		answer := g.Answer
		r.GradedAnswer, r.GradedCall = &answer, g.Call
	}
	if ref := ep.Reference; ref != nil {
		answer := ref.Answer
		r.ReferenceSource, r.ReferenceAgent, r.ReferenceAnswer = ref.Source, ref.Agent, &answer
		if answer == 0 || answer == 1 {
			right := answer == ep.CorrectAnswer
			r.ReferenceRight = &right
		}
	}
	if p := ep.Verdict.Probability; p > 0 {
		r.Probability = &p
		if ep.Verdict.Answer != transcript.Unparsed {
			pc := p
			if ep.Verdict.Answer != ep.CorrectAnswer {
				// Unrounded, as the summary computes it: a pair of
				// orders whose p_correct average exactly 0.5 is a tie
				// there, and must be one recomputed from here too
				// (1 − 0.7 is 0.30000000000000004 in floats).
				pc = 1 - p
			}
			r.PCorrect = &pc
		}
	}
	verdict := ep.VerdictMessage()
	for i := range ep.Messages {
		m := &ep.Messages[i]
		if i != verdict {
			r.Rounds = max(r.Rounds, m.Round)
		}
		r.QuotesVerified += strings.Count(m.Shown, quotes.VerifiedOpen)
		r.QuotesUnverified += strings.Count(m.Shown, quotes.UnverifiedOpen)
		r.ListCostUSD += m.ListedCost()
		if m.Kept {
			// A call of the run judged again: that run paid it, as
			// summary.json counts it (analysis.Usage.AddMessage).
			continue
		}
		r.InputTokens += m.Usage.InputTokens
		r.OutputTokens += m.Usage.OutputTokens
		r.CostUSD += m.CostUSD
	}
	return r
}

// MessageRow is one message as a row of the messages table.
type MessageRow struct {
	// Seed is its episode's EpisodeRow.Seed.
	Seed      *uint64 `json:"seed" parquet:"seed,optional"`
	EpisodeID string  `json:"episode_id" parquet:"episode_id"`
	Index     int     `json:"index" parquet:"index"`
	Round     int     `json:"round" parquet:"round"`
	Name      string  `json:"name" parquet:"name"`
	Role      string  `json:"role" parquet:"role"`
	Agent     string  `json:"agent" parquet:"agent"`
	Text      string  `json:"text" parquet:"text"`
	Shown     string  `json:"shown" parquet:"shown"`
	// Reasoning is the model's thinking beside its reply, which no other
	// seat read (transcript.Message.Reasoning); empty where none came.
	Reasoning    string `json:"reasoning" parquet:"reasoning"`
	InputTokens  int    `json:"input_tokens" parquet:"input_tokens"`
	OutputTokens int    `json:"output_tokens" parquet:"output_tokens"`
	// CachedInputTokens are those of InputTokens the server read from its
	// prompt cache (transcript.Usage.CachedInputTokens).
	CachedInputTokens int `json:"cached_input_tokens" parquet:"cached_input_tokens"`
	// ReasoningTokens are those of OutputTokens the model spent thinking
	// (transcript.Usage.ReasoningTokens).
	ReasoningTokens int     `json:"reasoning_tokens" parquet:"reasoning_tokens"`
	Cached          bool    `json:"cached" parquet:"cached"`
	Retries         int     `json:"retries" parquet:"retries"`
	CostUSD         float64 `json:"cost_usd" parquet:"cost_usd"`
	ListCostUSD     float64 `json:"list_cost_usd" parquet:"list_cost_usd"`
	Aside           bool    `json:"aside" parquet:"aside"`
	Discarded       bool    `json:"discarded" parquet:"discarded"`
	// Candidate and Score are a best-of-N candidate's number (from 1; 0
	// for other messages) and its score (null for other messages).
	Candidate    int      `json:"candidate" parquet:"candidate"`
	Score        *float64 `json:"score" parquet:"score,optional"`
	PromptSHA256 string   `json:"prompt_sha256" parquet:"prompt_sha256"`
	// Draw names the draw that gave the answer (transcript.Message.Draw),
	// empty where it was drawn anew.
	Draw string `json:"draw" parquet:"draw"`
	// Seconds is a human judge's time on the episode (moot judge), 0 for
	// an agent.
	Seconds float64 `json:"seconds" parquet:"seconds"`
	// ActiveSeconds is the part of Seconds the person was active on the
	// page (transcript.Message.ActiveSeconds); null for an agent, and for
	// a verdict given on a page that measured none.
	ActiveSeconds *float64 `json:"active_seconds" parquet:"active_seconds,optional"`
	// UsageEstimated marks tokens the server did not count, estimated
	// from the text; Truncated an answer cut at the token limit.
	UsageEstimated bool `json:"usage_estimated" parquet:"usage_estimated"`
	Truncated      bool `json:"truncated" parquet:"truncated"`
	// Kept marks a message a rejudge carried over from the run it judged
	// again: that run paid its tokens, this one lists them only.
	Kept bool `json:"kept" parquet:"kept"`
	// InterimAnswer and InterimProbability are, on the message that gave
	// a judge's interim verdict (Episode.Interim: judge_every_round), the
	// answer it chose (an index into the answers; -1 unparsed) and its
	// probability for it (nil when none); nil on every other message.
	InterimAnswer      *int     `json:"interim_answer" parquet:"interim_answer,optional"`
	InterimProbability *float64 `json:"interim_probability" parquet:"interim_probability,optional"`
	// ServedModel is the model the server named in its reply
	// (transcript.Message.ServedModel); empty where it named none.
	ServedModel string `json:"served_model" parquet:"served_model"`
}

// messageColumns are the messages table's column names, in MessageRow's order.
var messageColumns = []string{
	"seed", "episode_id", "index", "round", "name", "role", "agent", "text", "shown", "reasoning",
	"input_tokens", "output_tokens", "cached_input_tokens", "reasoning_tokens", "cached", "retries", "cost_usd", "list_cost_usd", "aside",
	"discarded", "candidate", "score", "prompt_sha256", "draw", "seconds", "active_seconds", "usage_estimated", "truncated",
	"kept", "interim_answer", "interim_probability", "served_model",
}

// values appends r's values in the order of messageColumns, the row the
// CSV and JSON Lines writers write: string, int64, uint64, float64, bool,
// or nil for null.
func (r *MessageRow) values(dst []any) []any {
	var seed any
	if r.Seed != nil {
		seed = *r.Seed
	}
	return append(dst, seed, r.EpisodeID, int64(r.Index), int64(r.Round), r.Name, r.Role, r.Agent, r.Text, r.Shown, r.Reasoning,
		int64(r.InputTokens), int64(r.OutputTokens), int64(r.CachedInputTokens), int64(r.ReasoningTokens), r.Cached, int64(r.Retries), r.CostUSD, r.ListCostUSD, r.Aside,
		r.Discarded, int64(r.Candidate), floatOrNil(r.Score), r.PromptSHA256, r.Draw, r.Seconds, floatOrNil(r.ActiveSeconds), r.UsageEstimated, r.Truncated,
		r.Kept, intOrNil(r.InterimAnswer), floatOrNil(r.InterimProbability), r.ServedModel)
}

// appendMessageRows appends the rows of ep's messages to rows.
func appendMessageRows(rows []MessageRow, ep *transcript.Episode, seed *uint64) []MessageRow {
	for i := range ep.Messages {
		rows = append(rows, messageRow(ep, i, seed))
	}
	return rows
}

// messageRow is the row of ep's message i.
func messageRow(ep *transcript.Episode, i int, seed *uint64) MessageRow {
	m := &ep.Messages[i]
	r := MessageRow{
		Seed: seed, EpisodeID: ep.EpisodeID, Index: i, Round: m.Round, Name: m.Name,
		Role: string(m.Role), Agent: m.Agent, Text: m.Text, Shown: m.Shown, Reasoning: m.Reasoning,
		InputTokens: m.Usage.InputTokens, OutputTokens: m.Usage.OutputTokens,
		CachedInputTokens: m.Usage.CachedInputTokens, ReasoningTokens: m.Usage.ReasoningTokens,
		Cached: m.Cached, Retries: m.Retries, CostUSD: m.PaidCost(), ListCostUSD: m.ListedCost(),
		Aside: m.Aside, Discarded: m.Discarded, Candidate: m.Candidate, Score: m.Score,
		PromptSHA256: m.PromptSHA256, Draw: m.Draw, Seconds: m.Seconds, ActiveSeconds: m.ActiveSeconds,
		UsageEstimated: m.Usage.Estimated, Truncated: m.Truncated, Kept: m.Kept, ServedModel: m.ServedModel,
	}
	if v := interimVerdict(ep, i); v != nil {
		answer := v.Answer
		r.InterimAnswer = &answer
		if p := v.Probability; p > 0 {
			r.InterimProbability = &p
		}
	}
	return r
}

// interimVerdict is the interim verdict that ep's message i gave, nil if
// it gave none: the judge's last aside of the verdict's round (an
// unparsed answer asked again gives one aside each ask).
func interimVerdict(ep *transcript.Episode, i int) *transcript.Verdict {
	m := &ep.Messages[i]
	if len(ep.Interim) == 0 || m.Role != transcript.RoleJudge || !m.Aside {
		return nil
	}
	for _, later := range ep.Messages[i+1:] {
		if later.Role == transcript.RoleJudge && later.Aside && later.Round == m.Round {
			return nil
		}
	}
	for k := range ep.Interim {
		if ep.Interim[k].Round == m.Round {
			return &ep.Interim[k]
		}
	}
	return nil
}
