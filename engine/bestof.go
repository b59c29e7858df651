package engine

import (
	"cmp"
	"context"
	"sync"
	"sync/atomic"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/transcript"
)

// bestOf makes the calls of an arguing seat's best-of-N turn: it writes
// rules.BestOf candidate turns, and the scorer rates each as the judge
// would, reading the debate so far (shown, as the judge sees it) with the
// candidate added; its probability for the debater's side is the
// candidate's score (without probabilities: 1 if it would choose that
// side, else 0), and the first of the highest is kept. Where the agents
// wait on I/O the candidates are written at once, then scored at once
// (x.fan): four calls in a row, not 2N; in batch mode two batches. The calls are
// returned to record in order (keep): the scorer's, as asides, the
// discarded candidates, and last the kept one. Where a candidate fails,
// they are the candidates alone, scored by none; where a rating fails,
// the ratings and then the candidates. The error is one of no call: a
// scorer's prompt that could not be written.
func (x *Experiment) bestOf(ctx context.Context, ep *Episode, entry *AgentEntry, req agents.Request, order [2]int, shown []transcript.Turn) ([]made, error) {
	q, rules := ep.Question, ep.Protocol.Protocol.Rules()
	cands := make([]made, rules.BestOf)
	x.fan(entry, len(cands), func(k int) error {
		c := made{entry: entry, req: req, candidate: k + 1, discarded: true}
		c.req.Sample = k
		if k > 0 {
			c.req.Seed = sampleSeed(req.Seed, k)
		}
		c.resp, c.err = entry.caller.Generate(ctx, c.req)
		cands[k] = c
		return c.err
	})
	if failed(cands) {
		return cands, nil
	}
	sc := x.scorerOf(ep, entry, order)
	ratings := make([]made, len(cands))
	unwritten := make([]error, len(cands)) // a rating's prompt's error
	x.fan(sc.scorer, len(cands), func(k int) error {
		text := quotes.Mark(cands[k].resp.Text, quotable(q.Context, q.Exhibit), rules.VerifyQuotes)
		ratings[k], unwritten[k] = sc.rate(ctx, req, k, shown, text)
		return cmp.Or(unwritten[k], ratings[k].err)
	})
	if fault := cmp.Or(unwritten...); fault != nil || failed(ratings) {
		return append(ratings, cands...), fault
	}
	best := 0
	for k := range cands {
		score := rating(ratings[k].resp, req.Side)
		cands[k].score = &score
		if score > *cands[best].score {
			best = k
		}
	}
	kept := cands[best]
	kept.discarded = false
	calls := append(ratings, cands[:best]...)
	calls = append(calls, cands[best+1:]...)
	return append(calls, kept), nil
}

// made is a call made and not yet recorded, with what its message is
// marked as (keep).
type made struct {
	// entry is the agent called; nil for a call never made, after
	// another failed.
	entry *AgentEntry
	req   agents.Request
	resp  agents.Response
	err   error
	// aside, candidate, discarded and score mark the message as
	// transcript.Message's fields of those names do.
	aside     bool
	candidate int
	discarded bool
	score     *float64
}

// failed reports whether any of the calls failed.
func failed(calls []made) bool {
	for _, c := range calls {
		if c.err != nil {
			return true
		}
	}
	return false
}

// keep records the calls made, in order, and returns the first error. A
// failed call is recorded as failed, and every answer is recorded also
// where another call failed: it was made, and paid for, and the run's
// usage counts it.
func (x *Experiment) keep(ctx context.Context, calls []made, rec *transcript.Episode) error {
	var first error
	for _, c := range calls {
		if c.entry == nil {
			continue
		}
		if err := x.record(ctx, c.entry, c.req, c.resp, c.err, rec); err != nil {
			first = cmp.Or(first, err)
			continue
		}
		m := &rec.Messages[len(rec.Messages)-1]
		m.Aside, m.Candidate, m.Discarded, m.Score = c.aside, c.candidate, c.discarded, c.score
	}
	return first
}

// candidateScorer is what rates a best-of-N seat's candidates: the scorer
// agent, in the judge's seat, with the judge's view of the question.
type candidateScorer struct {
	protocol   protocols.Protocol
	rules      protocols.Rules
	scorer     *AgentEntry
	judgeSeat  protocols.Seat
	scorerSeat protocols.Seat
	hidden     transcript.View
}

// scorerOf is the scorer of the best-of-N turns of ep's seat entry: the
// rules' scorer, or the seat's own agent.
func (x *Experiment) scorerOf(ep *Episode, entry *AgentEntry, order [2]int) candidateScorer {
	p := ep.Protocol.Protocol
	sc := candidateScorer{protocol: p, rules: p.Rules(), scorer: entry}
	if sc.rules.Scorer != "" {
		sc.scorer = x.agentOf(ep, sc.rules.Scorer)
	}
	for _, s := range ep.Assignment.Seats {
		if s.Act == protocols.Decide {
			sc.judgeSeat = s
		}
	}
	sc.scorerSeat = protocols.ScorerSeat(sc.scorer.Name)
	sc.hidden, _ = views(ep.Question, order)
	return sc
}

// rate makes the scorer's call on candidate k: it reads the debate so far
// with the candidate's text added, as the judge would. The error is of
// its prompt; the call's own is the made call's.
func (sc candidateScorer) rate(ctx context.Context, req agents.Request, k int, shown []transcript.Turn, text string) (made, error) {
	rules := sc.rules
	seen := append(shown[:len(shown):len(shown)], transcript.Turn{Round: req.Round, Role: req.Role, Name: req.Name, Side: req.Side, Text: text})
	sreq := agents.Request{
		Role: sc.scorerSeat.Role, Name: sc.scorerSeat.Name, Side: transcript.NoSide, Round: req.Round, Rounds: rules.Rounds,
		WordLimit: protocols.WordLimitOf(sc.scorerSeat, rules), QuotesVerified: rules.VerifyQuotes, View: sc.hidden, Transcript: seen,
		Seed: sampleSeed(req.Seed, 1000+k),
	}
	err := prompt(sc.protocol, sc.scorer.caller, protocols.Prompt{
		Seat: sc.judgeSeat, Side: transcript.NoSide, Round: req.Round, Rounds: rules.Rounds, WordLimit: protocols.WordLimitOf(sc.judgeSeat, rules),
		QuotesVerified: rules.VerifyQuotes, View: sc.hidden, Transcript: seen,
	}, nil, &sreq)
	if err != nil {
		return made{}, err
	}
	resp, err := sc.scorer.caller.Generate(ctx, sreq)
	return made{entry: sc.scorer, req: sreq, resp: resp, err: err, aside: true}, nil
}

// rating is a scorer's answer as the score of a candidate for side: its
// probability for the side, or without probabilities 1 if it would
// choose that side, else 0.
func rating(resp agents.Response, side int) float64 {
	if len(resp.Probabilities) == 2 {
		return resp.Probabilities[side]
	}
	if slot, _ := protocols.ParseVerdict(resp.Text); slot == side {
		return 1
	}
	return 0
}

// waitsOnIO reports whether a's calls wait on I/O, so that asking several
// at once saves time; in a dry run, whether its real agent's do, so that
// the dry run asks as the run would (x.each).
func waitsOnIO(a *AgentEntry) bool {
	var c agents.Agent = a.caller
	if d, ok := c.(dryRun); ok {
		c = d.real
	}
	_, ok := c.(agents.InProcess)
	return !ok
}

// fan runs f for 0 to n-1, the n calls of agent a whose prompts differ
// only at their end (a turn's candidates, their ratings). Where a waits on
// I/O they are asked at once, after the first alone: a provider's prompt
// cache then holds the prompt they share, whose later reads it discounts
// (OpenAI's, Anthropic's; asked at once, they would miss it together and
// each pay for it whole). In batch mode, where a wait is a batch's, they
// are asked at once, the first with them.
func (x *Experiment) fan(a *AgentEntry, n int, f func(i int) error) {
	if !waitsOnIO(a) || x.batched(a) || n < 2 {
		x.each(n, waitsOnIO(a), f)
		return
	}
	if f(0) == nil {
		x.each(n-1, true, func(i int) error { return f(i + 1) })
	}
}

// each runs f for 0 to n-1: where together, at once, each in batch mode
// a path of calls of its own (x.paths), the last to finish going on as the
// caller's; otherwise one after another, stopping at the first error. A
// dry run, which plays one call at a time, runs them one after another
// and counts its chain of calls as the run's: the longest of theirs
// (tally.chain).
func (x *Experiment) each(n int, together bool, f func(i int) error) {
	if !together {
		for i := range n {
			if f(i) != nil {
				return
			}
		}
		return
	}
	if x.dryTally != nil {
		c := &x.dryTally.chain
		start, end := *c, *c
		for i := range n {
			*c = start
			f(i)
			end = max(end, *c)
		}
		*c = end
		return
	}
	paths := x.paths
	var left atomic.Int32
	left.Store(int32(n))
	for range n - 1 {
		if paths != nil {
			paths.Enter()
		}
	}
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			f(i)
			if left.Add(-1) > 0 && paths != nil {
				paths.Leave()
			}
		})
	}
	wg.Wait()
}
