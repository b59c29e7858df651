package engine

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/agents/sim"
	"github.com/mootlab/moot/transcript"
)

// ErrOverBudget is wrapped by the error of a run whose estimated cost
// exceeds its budget_usd: the run did not start and nothing was written.
var ErrOverBudget = errors.New("estimate over budget")

// TokensPerWord turns a protocol's word limit into the output tokens of
// a turn that uses it.
const TokensPerWord = 1.3

// DefaultEstimateSample is how many episodes of each protocol an
// estimate plays by default.
const DefaultEstimateSample = 200

// Estimate is what a plan is expected to call and cost, from a dry run of
// a sample of its episodes (Experiment.Estimate).
type Estimate struct {
	// Episodes is the plan's size; Sampled how many of them were played.
	Episodes, Sampled int
	// Failed counts the sampled episodes the dry run could not finish;
	// firstFailure is the first one's error, placed in the experiment
	// file as the dry run of every assignment places its own.
	Failed       int
	firstFailure *InputError
	// Rows are per agent and protocol, in the order of first call.
	Rows []EstimateRow
	// Endpoints are the network endpoints, sorted by URL, with the wall
	// time their calls take at the assumed latency.
	Endpoints []EndpointTime
	Latency   CallTime
	// ReplyTokens is Assumed.ReplyTokens: 0 where replies were counted at
	// the sim's length.
	ReplyTokens int
	// Wall is the schedule's lower bound on wall time: the largest over
	// the endpoints.
	Wall time.Duration
	// Priced is set when any agent in play has prices; CostUSD is then
	// the estimated total.
	Priced  bool
	CostUSD float64
}

// EstimateRow is one agent's estimated use in one protocol, scaled up
// from the sample to the whole plan.
type EstimateRow struct {
	Agent, Protocol string
	// Episodes is the protocol's episodes in the plan; Seated, those the
	// agent is called in (an exam-taker of pointwise grading in its own
	// alone), scaled up from the sample as the calls are.
	Episodes, Seated          int
	Calls                     int64
	InputTokens, OutputTokens int64
	// Priced is set when the agent has prices; CostUSD is then its cost,
	// at the batch discount when Batch is set: the agent's calls go
	// through its batch API, and count against no endpoint's limit.
	Priced  bool
	CostUSD float64
	Batch   bool
	// urls are the endpoints the agent's calls go to: one, or each replica
	// of a list (agents.Replicated); none for an agent in process.
	urls []agents.Endpoint
}

// CallTime is the time assumed for one call: PerCall, and PerToken for
// each token of the answer (a server's decoding time; 0 for none).
type CallTime struct {
	PerCall, PerToken time.Duration
}

// Assumed is what an estimate takes as given of calls it cannot measure.
type Assumed struct {
	// Latency is the time of one call.
	Latency CallTime
	// ReplyTokens, where above 0, are the output tokens of a reply that
	// argues no side (a verdict, a grade, an answer, a question) in the
	// place of the sim's text, a line or two: a model asked to think it
	// through before its verdict writes hundreds.
	ReplyTokens int
}

// EndpointTime is one endpoint's calls and their time at its limit.
type EndpointTime struct {
	URL          string
	Limit        int
	Calls        int64
	OutputTokens int64
	// Time is (Calls × PerCall + OutputTokens × PerToken) ÷ Limit.
	Time time.Duration
}

// HasPrices reports whether any agent that the plan calls has prices: a
// run then prints its estimate at start.
func HasPrices(as []*AgentEntry) bool {
	for _, a := range as {
		if priced(a.Agent) {
			return true
		}
	}
	return false
}

// priced reports whether a's calls cost money.
func priced(a agents.Agent) bool {
	p, ok := a.(agents.Priced)
	return ok && p.Price(transcript.Usage{InputTokens: 1e6, OutputTokens: 1e6}) > 0
}

// Estimate plays about sample episodes of each protocol of the plan (all
// when sample ≤ 0), evenly spread over its episodes: as many of each slot
// (assignment, sweep cell), so sample rounded up to a multiple of the
// slots, in memory, with sim agents standing in for every agent (a sim
// agent plays itself: standInSim), and scales what
// they call up to the whole plan. Prompts are rendered as the real agents
// would read them, so input tokens are those of the real templates, over
// the sim's turns; output tokens are the protocol's word limit ×
// TokensPerWord for a turn that argues a side, else assumed.ReplyTokens,
// or those of the sim's text (a verdict) where that is 0; none past the
// agent's cap (agents.ReplyCapped).
// assumed.Latency is the time of one call. Estimate sets the agents'
// callers while it plays: it must not be called during a run of x.
func (x *Experiment) Estimate(ctx context.Context, sample int, assumed Assumed) (*Estimate, error) {
	plan := x.planned()
	est := &Estimate{Episodes: plan.Len(), Latency: assumed.Latency, ReplyTokens: assumed.ReplyTokens}
	labels, byLabel := plan.byLabel()
	t, restore := x.standInSim()
	t.replyTokens = assumed.ReplyTokens
	defer restore()
	for _, l := range labels {
		slots := byLabel[l]
		total := len(plan.questions) * len(slots)
		n := total
		if sample > 0 && sample < n {
			// A whole number of episodes a slot, every slot at least
			// once: a sweep's cells are slots too, and one left out, or
			// sampled less than the rest, would be scaled up as if the
			// others were it.
			n = min(total, (sample+len(slots)-1)/len(slots)*len(slots))
		}
		if n == 0 {
			continue
		}
		t.protocol, t.episodes, t.scale = l, total, float64(total)/float64(n)
		for k := range n {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			t.sample++
			// Slot k mod S of question ⌊kQ/n⌋: every slot (an assignment,
			// an exam-taker's, a sweep cell's) n/S times, the questions
			// spread, and no episode twice (n ≤ QS).
			q, si := k*len(plan.questions)/n, k%len(slots)
			ep := plan.At(q*len(plan.slots) + slots[si])
			rec := x.play(ctx, &ep)
			if rec.Error != "" {
				if est.Failed == 0 {
					est.firstFailure = x.dryRunError(&ep, nil, rec)
				}
				est.Failed++
			}
		}
		est.Sampled += n
	}
	est.finish(t)
	return est, nil
}

// standInSim puts a sim agent in place of every agent of x, each call
// tallied for the estimate in t, and returns the function that puts the
// agents back: a sim agent plays itself, for its settings decide what it
// says and where a protocol ends (a MAD moderator that stops the debate
// early); any other agent, one of default settings.
func (x *Experiment) standInSim() (t *tally, restore func()) {
	t = &tally{rows: map[[2]string]*EstimateRow{}, sums: map[[2]string][4]float64{}, called: map[[2]string]int{}}
	stand := sim.New(sim.DefaultSettings())
	return t, x.standIn(func(a *AgentEntry) agents.Agent {
		var by agents.Agent = stand
		if own, ok := a.Agent.(*sim.Agent); ok {
			by = own
		}
		return dryRun{sim: by, real: a.Agent, name: a.Name, t: t, batched: x.batched(a)}
	})
}

// DryRunError is the error of the estimate's first failed episode, placed
// in the experiment file (its protocol's prompts, or its block), with how
// many failed; nil if none failed.
func (est *Estimate) DryRunError() error {
	if est.Failed == 0 {
		return nil
	}
	placed := *est.firstFailure
	placed.Err = fmt.Errorf("%w (%d of the %d episodes sampled failed)", placed.Err, est.Failed, est.Sampled)
	return &placed
}

// finish rounds the tally's rows into est and times the endpoints.
func (est *Estimate) finish(t *tally) {
	calls, tokens := map[string]float64{}, map[string]float64{}
	for _, k := range t.order {
		r := t.rows[k]
		est.Rows = append(est.Rows, *r)
		est.CostUSD += r.CostUSD
		est.Priced = est.Priced || r.Priced
		// A list of replicas takes the agent's calls in proportion to
		// their limits: each attempt goes to the least loaded.
		all := 0
		for _, e := range r.urls {
			all += max(e.Limit, 1)
		}
		for _, e := range r.urls {
			share := float64(max(e.Limit, 1)) / float64(all)
			calls[e.URL] += share * float64(r.Calls)
			tokens[e.URL] += share * float64(r.OutputTokens)
		}
	}
	for url, limit := range t.limits {
		e := EndpointTime{URL: url, Limit: limit, Calls: int64(math.Round(calls[url])), OutputTokens: int64(math.Round(tokens[url]))}
		busy := float64(e.Calls)*float64(est.Latency.PerCall) + float64(e.OutputTokens)*float64(est.Latency.PerToken)
		e.Time = time.Duration(busy / float64(max(limit, 1)))
		est.Endpoints = append(est.Endpoints, e)
		est.Wall = max(est.Wall, e.Time)
	}
	slices.SortFunc(est.Endpoints, func(a, b EndpointTime) int { return strings.Compare(a.URL, b.URL) })
}

// PlanCommand is the moot plan command that shows est: with its
// --reply-tokens where it assumed some.
func (est *Estimate) PlanCommand() string {
	if est.ReplyTokens > 0 {
		return fmt.Sprintf("moot plan --reply-tokens %d", est.ReplyTokens)
	}
	return "moot plan"
}

// tally adds up a dry run's calls. The dry run plays one episode at a
// time, so it needs no lock.
type tally struct {
	protocol string
	episodes int
	// scale is the plan's episodes of the protocol per sampled one.
	scale float64
	rows  map[[2]string]*EstimateRow
	// sums are each row's scaled calls, input and output tokens and
	// episodes called in, rounded into the row as they grow.
	sums   map[[2]string][4]float64
	order  [][2]string
	limits map[string]int
	// sample numbers the sampled episode being played, from 1; called,
	// the last that each row was called in.
	sample int
	called map[[2]string]int
	// entry is the protocol of the episode a dry run plays (DryRun), and
	// roles the roles whose prompts each protocol's seats were rendered.
	entry *ProtocolEntry
	roles map[*ProtocolEntry]map[transcript.Role]bool
	// replyTokens is Assumed.ReplyTokens.
	replyTokens int
	// said is what each call of the sampled episode saidIn was counted to
	// say, by round and speaker (longerTurns).
	said   map[saidKey]int
	saidIn int
}

// add counts one call of agent a, which the dry run answered with resp.
func (t *tally) add(d dryRun, req agents.Request, resp agents.Response) {
	if t.roles != nil {
		if t.roles[t.entry] == nil {
			t.roles[t.entry] = map[transcript.Role]bool{}
		}
		t.roles[t.entry][req.Role] = true
	}
	k := [2]string{d.name, t.protocol}
	r := t.rows[k]
	if r == nil {
		r = &EstimateRow{Agent: d.name, Protocol: t.protocol, Episodes: t.episodes, Priced: priced(d.real), Batch: d.batched}
		if _, local := d.real.(agents.InProcess); !local && !d.batched {
			r.urls = endpointsOf(d.real)
			if t.limits == nil {
				t.limits = map[string]int{}
			}
			lowerLimits(t.limits, r.urls)
		}
		t.rows[k] = r
		t.order = append(t.order, k)
	}
	u := resp.Usage
	switch {
	case (req.Side == 0 || req.Side == 1) && req.WordLimit > 0:
		u.OutputTokens = int(math.Ceil(float64(req.WordLimit) * TokensPerWord))
	case req.Side != 0 && req.Side != 1 && t.replyTokens > 0:
		u.OutputTokens = t.replyTokens
	}
	if c, ok := d.real.(agents.ReplyCapped); ok && c.MaxReplyTokens() > 0 {
		u.OutputTokens = min(u.OutputTokens, c.MaxReplyTokens())
	}
	if t.said == nil || t.saidIn != t.sample { // another episode
		t.said, t.saidIn = map[saidKey]int{}, t.sample
	}
	u.InputTokens += longerTurns(req, t.said)
	t.said[saidKey{req.Round, req.Name}] = u.OutputTokens
	// Each sampled call stands for scale calls of the plan.
	w := t.sums[k]
	w[0] += t.scale
	w[1] += t.scale * float64(u.InputTokens)
	w[2] += t.scale * float64(u.OutputTokens)
	if t.called[k] != t.sample {
		t.called[k] = t.sample
		w[3] += t.scale
	}
	t.sums[k] = w
	r.Calls, r.InputTokens, r.OutputTokens = int64(math.Round(w[0])), int64(math.Round(w[1])), int64(math.Round(w[2]))
	r.Seated = int(math.Round(w[3]))
	r.CostUSD += t.scale * callCost(d.real, u, d.batched)
}

// longerTurns is what the turns that argue a side in req's transcript add
// to its prompt where each is as long as the output estimate made it (said,
// by round and speaker: the word limit × TokensPerWord, or less where its
// agent's replies are capped; a turn of no call tallied, the word limit's),
// not as long as the sim wrote it: a prompt that repeats the speeches so
// far grows with them, and at 20 rounds of 5,000 words the sim's short
// turns had put the input at a hundredth of what the outputs imply. The
// turn's text is counted at 4 bytes a token, as the prompt is.
func longerTurns(req agents.Request, said map[saidKey]int) int {
	if req.WordLimit <= 0 || req.Messages == nil {
		return 0
	}
	full := int(math.Ceil(float64(req.WordLimit) * TokensPerWord))
	n := 0
	for _, turn := range req.Transcript {
		if turn.Side == 0 || turn.Side == 1 {
			est, ok := said[saidKey{turn.Round, turn.Name}]
			if !ok {
				est = full
			}
			n += max(0, est-(len(turn.Text)+3)/4)
		}
	}
	return n
}

// saidKey is a turn of the episode a dry run plays: its round and speaker.
type saidKey struct {
	round int
	name  string
}

// dryRun stands in for an agent in an estimate: a sim agent answers, and
// the tally counts the call. It reads prompts (it is not PromptFree), so
// that they are rendered at their real length, and it answers in process.
type dryRun struct {
	sim  agents.Agent
	real agents.Agent
	name string
	t    *tally
	// batched: the real agent's calls go through its batch API.
	batched bool
}

var (
	_ agents.Agent     = dryRun{}
	_ agents.InProcess = dryRun{}
)

// InProcess implements agents.InProcess.
func (dryRun) InProcess() {}

// Generate implements agents.Agent.
func (d dryRun) Generate(ctx context.Context, req agents.Request) (agents.Response, error) {
	resp, err := d.sim.Generate(ctx, req)
	if err == nil {
		d.t.add(d, req, resp)
	}
	return resp, err
}
