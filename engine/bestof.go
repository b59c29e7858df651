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
	sc := candidateScorer{protocol: p, rules: rules, scorer: entry}
	if rules.Scorer != "" {
		sc.scorer = x.agentOf(ep, rules.Scorer)
	}
	for _, s := range a.Seats {
		if s.Act == protocols.Decide {
			sc.judgeSeat = s
		}
	}
	sc.scorerSeat = protocols.ScorerSeat(sc.scorer.Name)
	sc.hidden, _ = views(q, order)
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
		text := quotes.Mark(resp.Text, quotable(q.Context, q.Exhibit), rules.VerifyQuotes)
		score, err := x.score(ctx, sc, req, k, shown, text, rec)
		if err != nil {
			return resp, err
		}
		cands[k] = candidate{ck, resp, score}
		if score > cands[best].score {
			best = k
		}
	}
	return x.recordCandidates(ctx, entry, cands, best, rec)
}

// candidate is one of a best-of-N seat's turns and its score.
type candidate struct {
	req   agents.Request
	resp  agents.Response
	score float64
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

// score has the scorer read the debate so far with candidate k's text
// added, and returns its probability for the debater's side (without
// probabilities: 1 if it would choose that side, else 0). The scorer's
// call is recorded as an aside.
func (x *Experiment) score(ctx context.Context, sc candidateScorer, req agents.Request, k int, shown []transcript.Turn, text string, rec *transcript.Episode) (float64, error) {
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
		return 0, err
	}
	sresp, err := x.call(ctx, sc.scorer, sreq, rec)
	if err != nil {
		return 0, err
	}
	rec.Messages[len(rec.Messages)-1].Aside = true
	if len(sresp.Probabilities) == 2 {
		return sresp.Probabilities[req.Side], nil
	}
	if slot, _ := protocols.ParseVerdict(sresp.Text); slot == req.Side {
		return 1, nil
	}
	return 0, nil
}

// recordCandidates records the discarded candidates and last the kept one,
// cands[best], and returns its response.
func (x *Experiment) recordCandidates(ctx context.Context, entry *AgentEntry, cands []candidate, best int, rec *transcript.Episode) (agents.Response, error) {
	for k, c := range cands {
		if k == best {
			continue
		}
		if err := x.record(ctx, entry, c.req, c.resp, nil, rec); err != nil {
			return c.resp, err
		}
		m := &rec.Messages[len(rec.Messages)-1]
		m.Candidate, m.Discarded, m.Score = k+1, true, &cands[k].score
	}
	c := cands[best]
	if err := x.record(ctx, entry, c.req, c.resp, nil, rec); err != nil {
		return c.resp, err
	}
	m := &rec.Messages[len(rec.Messages)-1]
	m.Candidate, m.Score = best+1, &cands[best].score
	return c.resp, nil
}
