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
	"mvdan.cc/sh/v3/syntax"
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
	// the sim's length; Uncached is Assumed.Uncached.
	ReplyTokens int
	Uncached    bool
	// Batch is Experiment.BatchAll (--batch), and Shard the shard
	// estimated (--shard; nil for the whole plan): PlanCommand names them.
	Batch bool
	Shard *Shard
	// Replicates is the run's --replicates, where it was given one, for
	// an estimate of its seeds together (Times): PlanCommand names it.
	Replicates int
	// File is the experiment file as the command was given it
	// (Experiment.Path): PlanCommand names it, so that the command can be
	// pasted and run.
	File string
	// Chain is the most calls to endpoints that a sampled episode makes
	// one after another, where the run asks at once what it can (a
	// simultaneous step's speakers, a best-of-N turn's candidates and
	// their ratings): × a call's latency, a bound on the run's wall time
	// too; in batch mode, the batches in a row.
	Chain int
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
	// Uncached says that the run asks without the response cache
	// (--no-cache), so that an ask made again is sent again; else an ask
	// that several episodes make alike is counted once (tally.add).
	Uncached bool
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
	est := &Estimate{Episodes: plan.Len(), Latency: assumed.Latency, ReplyTokens: assumed.ReplyTokens, Uncached: assumed.Uncached,
		Batch: x.BatchAll, Shard: x.Shard, File: x.Path}
	labels, byLabel := plan.byLabel()
	t, restore := x.standInSim()
	t.replyTokens, t.dedupe = assumed.ReplyTokens, !assumed.Uncached
	defer restore()
	for _, l := range labels {
		slots := byLabel[l]
		nq := len(plan.questions)
		if sample > 0 {
			// Whole questions, every slot of each (an assignment, an
			// exam-taker's, a sweep cell's): a cell left out, or sampled
			// less than the rest, would be scaled up as if the others
			// were it, and an ask that several slots of a question make
			// alike is seen as one (tally.add).
			nq = min(nq, (sample+len(slots)-1)/len(slots))
		}
		if nq == 0 || len(slots) == 0 {
			continue
		}
		t.protocol, t.episodes, t.scale = l, len(plan.questions)*len(slots), float64(len(plan.questions))/float64(nq)
		for _, q := range spreadQuestions(len(plan.questions), nq) {
			for _, si := range slots {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
				t.sample++
				ep := plan.At(q*len(plan.slots) + si)
				t.entry = ep.Protocol
				t.chain = 0
				rec := x.play(ctx, &ep)
				est.Chain = max(est.Chain, t.chain)
				if rec.Error != "" {
					if est.Failed == 0 {
						est.firstFailure = x.dryRunError(&ep, nil, rec)
					}
					est.Failed++
				}
			}
		}
		est.Sampled += nq * len(slots)
	}
	est.finish(t)
	return est, nil
}

// spreadQuestions returns n of the questions 0..q-1, spread over them
// (n ≤ q), in order: the first n distinct of ⌊v(j)·q⌋ for j = 0, 1, …,
// v the base-2 van der Corput sequence (0, ½, ¼, ¾, …), so that the
// questions of a smaller n are among those of a larger one. Protocols
// sampled at different sizes then play the same questions as far as the
// smaller goes, and an ask they make alike (a reference several protocols
// read) is seen in both, counted once.
func spreadQuestions(q, n int) []int {
	seen := make(map[int]bool, n)
	out := make([]int, 0, n)
	for j := uint64(0); len(out) < n; j++ {
		v := 0.0
		for f, k := 0.5, j; k > 0; f, k = f/2, k>>1 {
			if k&1 == 1 {
				v += f
			}
		}
		if i := int(v * float64(q)); !seen[i] {
			seen[i] = true
			out = append(out, i)
		}
	}
	slices.Sort(out)
	return out
}

// standInSim puts a sim agent in place of every agent of x, each call
// tallied for the estimate in t, and returns the function that puts the
// agents back: a sim agent plays itself, for its settings decide what it
// says and where a protocol ends (a MAD moderator that stops the debate
// early); any other agent, one of default settings.
func (x *Experiment) standInSim() (t *tally, restore func()) {
	t = &tally{rows: map[[2]string]*EstimateRow{}, sums: map[[2]string][4]float64{}, called: map[[2]string]int{}, agentNames: map[string]bool{}}
	for _, a := range x.Agents {
		t.agentNames[a.Name] = true
	}
	stand := sim.New(sim.DefaultSettings())
	x.dry, x.dryTally = &dryPath{chosen: -1, guessed: map[string]bool{}}, t
	back := x.standIn(func(a *AgentEntry) agents.Agent {
		var by agents.Agent = stand
		if own, ok := a.Agent.(*sim.Agent); ok {
			by = own
		} else {
			x.dry.guessed[a.Name] = true
		}
		return dryRun{sim: by, real: a.Agent, name: a.Name, t: t, batched: x.batched(a)}
	})
	return t, func() { back(); x.dry, x.dryTally = nil, nil }
}

// ChainTime is Chain × the latency of a call: the time an episode's calls
// in a row take, a bound on the run's wall time too (upToLongest).
func (est *Estimate) ChainTime() time.Duration {
	return upToLongest(float64(est.Chain) * float64(est.Latency.PerCall))
}

// upToLongest is d nanoseconds as a duration, or the longest duration
// where d is past it (--latency 2000000h), where converted it would read
// as a negative time.
func upToLongest(d float64) time.Duration {
	if d >= math.MaxInt64 {
		return time.Duration(math.MaxInt64)
	}
	return time.Duration(d)
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
		e.Time = upToLongest(busy / float64(max(limit, 1)))
		est.Endpoints = append(est.Endpoints, e)
		est.Wall = max(est.Wall, e.Time)
	}
	slices.SortFunc(est.Endpoints, func(a, b EndpointTime) int { return strings.Compare(a.URL, b.URL) })
}

// ShellWord is the path s as one word of a shell command, quoted where a
// shell would read it otherwise (a space, a quote, a $), so that a command
// moot prints can be pasted and run whatever the path. A path that begins
// with "-" is written "./-…", which no command reads as a flag.
func ShellWord(s string) string {
	if strings.HasPrefix(s, "-") {
		s = "./" + s
	}
	q, err := syntax.Quote(s, syntax.LangBash)
	if err != nil { // a NUL byte, which no path holds
		return s
	}
	return q
}

// PlanCommand is the moot plan command that shows est: of its file, with
// the flags that changed it (--replicates, --shard, --batch, --no-cache,
// --reply-tokens), so that the estimate a run names is the one the
// command prints. Without the file, "moot plan --no-cache" could not be
// pasted and run (a researcher's trial).
func (est *Estimate) PlanCommand() string {
	cmd := "moot plan"
	if est.File != "" {
		cmd += " " + ShellWord(est.File)
	}
	if est.Replicates > 0 {
		cmd += fmt.Sprintf(" --replicates %d", est.Replicates)
	}
	if est.Shard != nil {
		cmd += " --shard " + est.Shard.String()
	}
	if est.Batch {
		cmd += " --batch"
	}
	if est.Uncached {
		cmd += " --no-cache"
	}
	if est.ReplyTokens > 0 {
		cmd += fmt.Sprintf(" --reply-tokens %d", est.ReplyTokens)
	}
	return cmd
}
