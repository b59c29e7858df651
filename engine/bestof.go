package engine

import (
	"context"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/transcript"
)

// bestOf has an arguing seat write rules.BestOf candidate turns and keeps the
// one the scorer rates most persuasive: the scorer reads the debate so far
// (shown, as the judge sees it) with the candidate added, as the judge
// would, and its probability for the debater's side is the candidate's
// score (without probabilities: 1 if it would choose that side, else 0).
// Every call is recorded: the scorer's, the discarded candidates, and last
// the kept one.
func (x *Experiment) bestOf(ctx context.Context, ep *Episode, entry *AgentEntry, req agents.Request, order [2]int, shown []transcript.Turn, rec *transcript.Episode) (agents.Response, error) {
	q, a, p := ep.Question, ep.Assignment, ep.Protocol.Protocol
	rules := p.Rules()
	scorer := entry
	if rules.Scorer != "" {
		scorer = x.agentOf(ep, rules.Scorer)
	}
	var judgeSeat protocols.Seat
	for _, s := range a.Seats {
		if s.Act == protocols.Decide {
			judgeSeat = s
		}
	}
	scorerSeat := protocols.ScorerSeat(scorer.Name)
	hidden, _ := views(q, order)
	type candidate struct {
		req   agents.Request
		resp  agents.Response
		score float64
	}
	cands := make([]candidate, rules.BestOf)
	best := 0
	for k := range cands {
		ck := req
		ck.Sample = k
		if k > 0 {
			ck.Seed = sampleSeed(req.Seed, k)
		}
		resp, err := entry.caller.Generate(ctx, ck)
		if err != nil {
			return resp, x.record(ctx, entry, ck, resp, err, rec)
		}
		text := resp.Text
		if rules.VerifyQuotes {
			text = quotes.Verify(text, q.Context)
		}
		seen := append(shown[:len(shown):len(shown)], transcript.Turn{Round: req.Round, Role: req.Role, Name: req.Name, Side: req.Side, Text: text})
		sreq := agents.Request{
			Role: scorerSeat.Role, Name: scorerSeat.Name, Side: transcript.NoSide, Round: req.Round, Rounds: rules.Rounds,
			WordLimit: rules.WordLimit, QuotesVerified: rules.VerifyQuotes, View: hidden, Transcript: seen,
			Seed: sampleSeed(req.Seed, 1000+k),
		}
		msgs, err := p.Render(protocols.Prompt{
			Seat: judgeSeat, Side: transcript.NoSide, Round: req.Round, Rounds: rules.Rounds, WordLimit: rules.WordLimit,
			QuotesVerified: rules.VerifyQuotes, View: hidden, Transcript: seen,
		})
		if err != nil {
			return resp, err
		}
		sreq.Messages = msgs
		sresp, err := x.call(ctx, scorer, sreq, rec)
		if err != nil {
			return resp, err
		}
		rec.Messages[len(rec.Messages)-1].Aside = true
		score := 0.0
		if len(sresp.Probabilities) == 2 {
			score = sresp.Probabilities[req.Side]
		} else if slot, _ := protocols.ParseVerdict(sresp.Text); slot == req.Side {
			score = 1
		}
		cands[k] = candidate{ck, resp, score}
		if score > cands[best].score {
			best = k
		}
	}
	for k, c := range cands {
		if k == best {
			continue
		}
		if err := x.record(ctx, entry, c.req, c.resp, nil, rec); err != nil {
			return c.resp, err
		}
		m := &rec.Messages[len(rec.Messages)-1]
		m.Candidate, m.Discarded = k+1, true
	}
	c := cands[best]
	if err := x.record(ctx, entry, c.req, c.resp, nil, rec); err != nil {
		return c.resp, err
	}
	rec.Messages[len(rec.Messages)-1].Candidate = best + 1
	return c.resp, nil
}
