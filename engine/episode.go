package engine

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"

	"github.com/looplab/fsm"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

// maxSteps bounds an episode's state machine: a protocol that never reaches
// its final state is a bug, not a long debate.
const maxSteps = 1000

// ErrEpisode wraps the error of an episode that could not finish.
var ErrEpisode = errors.New("engine: episode failed")

// play runs one episode to its end and returns its record. An agent or
// protocol error ends the episode early with the error recorded.
func (x *Experiment) play(ctx context.Context, ep *Episode) transcript.Episode {
	q, a, p := ep.Question, ep.Assignment, ep.Protocol.Protocol
	order := answerOrder(a.Order, q)
	rec := transcript.Episode{
		EpisodeID: ep.ID, Protocol: ep.Protocol.Label, Kind: ep.Protocol.Kind, Cell: ep.cellName(), Task: ep.Task.Name,
		QuestionID: q.ID, Judge: p.Common().Judge, Assignment: a.Name, Repeat: ep.Repeat,
		Answers: q.Answers, CorrectAnswer: q.Correct, Order: order,
		Verdict: transcript.Verdict{Answer: transcript.Unparsed, Parse: protocols.ParsedUnparsed},
	}
	sides := make([]int, len(a.Seats))
	for i, s := range a.Seats {
		sides[i] = seatSide(s.Stance, order, q.Correct)
	}
	err := x.choose(ctx, ep, order, sides, &rec)
	rec.Seats = make([]transcript.Seat, len(a.Seats))
	for i, s := range a.Seats {
		argues := transcript.NoSide
		if sides[i] != transcript.NoSide {
			argues = order[sides[i]]
		}
		rec.Seats[i] = transcript.Seat{Name: s.Name, Role: s.Role, Agent: s.Agent, Argues: argues}
	}
	if err == nil {
		err = x.drive(ctx, ep, order, sides, &rec)
	}
	if err != nil {
		rec.Error = err.Error()
	}
	return rec
}

// choose lets each seat of stance Own pick the answer it will argue, by
// answering the question itself from what it may see (round 0 of the
// transcript), and gives the seats of stance Other the remaining answer.
// The record's assignment then says whether the choice was correct, so that
// tables split the judge's accuracy by it (Kenton et al. 2024).
func (x *Experiment) choose(ctx context.Context, ep *Episode, order [2]int, sides []int, rec *transcript.Episode) error {
	q, a, p := ep.Question, ep.Assignment, ep.Protocol.Protocol
	own := -1
	for i, s := range a.Seats {
		if s.Stance == protocols.Own {
			own = i
		}
	}
	if own < 0 {
		return nil
	}
	seat := a.Seats[own]
	seat.Role = transcript.RoleAnswerer
	hidden, open := views(q, order)
	req, err := request(p, seat, transcript.NoSide, 0, hidden, open, nil, turnSeed(x.Seed, ep.seedID, seat.Name+"/answer", 0))
	if err != nil {
		return err
	}
	v, err := x.ask(ctx, x.agentOf(ep, seat.Agent), req, order, rec)
	if err != nil {
		return err
	}
	if v.Answer == transcript.Unparsed {
		return fmt.Errorf("%w: %s gave no answer to argue for", ErrEpisode, seat.Name)
	}
	chosen := 0
	if v.Slot == "B" {
		chosen = 1
	}
	for i, s := range a.Seats {
		switch s.Stance {
		case protocols.Own:
			sides[i] = chosen
		case protocols.Other:
			sides[i] = 1 - chosen
		}
	}
	if order[chosen] == q.Correct {
		rec.Assignment += "/chose-correct"
	} else {
		rec.Assignment += "/chose-incorrect"
	}
	return nil
}

func (x *Experiment) drive(ctx context.Context, ep *Episode, order [2]int, sides []int, rec *transcript.Episode) error {
	q, a, p := ep.Question, ep.Assignment, ep.Protocol.Protocol
	rules := p.Rules()
	hidden, open := views(q, order)
	m := p.Machine()
	machine := fsm.NewFSM(m.Initial, m.Events, nil)
	// turns are what speakers see; shown are the same turns as a judge
	// sees them, with quotes marked.
	var turns, shown []transcript.Turn
	for range maxSteps {
		state := machine.Current()
		if state == m.Final {
			if v, ok := p.(protocols.Voter); ok && v.Votes() {
				rec.Verdict = vote(rec, a, order)
				rec.Correct = rec.Verdict.Answer == q.Correct
			}
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		step := p.Step(state)
		before := len(turns)
		stepStart := len(rec.Messages)
		// build makes the request of seat si, which sees the first visible
		// turns.
		build := func(si, visible int) (agents.Request, error) {
			if si < 0 || si >= len(a.Seats) {
				return agents.Request{}, fmt.Errorf("%w: protocol %s: state %q names seat %d of %d", ErrEpisode, ep.Protocol.Kind, state, si, len(a.Seats))
			}
			seat := a.Seats[si]
			seen := turns[:visible:visible]
			switch seat.Role {
			case transcript.RoleJudge, transcript.RoleAnswerer, transcript.RoleModerator, transcript.RoleQuestioner:
				// Those who read the debate as a judge does (and answerers
				// reading each other) see quotes marked when the protocol
				// verifies them.
				seen = shown[:visible:visible]
			}
			return request(p, seat, sides[si], step.Round, hidden, open, seen, turnSeed(x.Seed, ep.seedID, seat.Name, step.Round))
		}
		// spoke adds a speaker's turn to what later speakers see.
		spoke := func(si int, resp agents.Response) {
			seat := a.Seats[si]
			turn := transcript.Turn{Round: step.Round, Role: seat.Role, Name: seat.Name, Side: sides[si], Text: resp.Text}
			if seat.Role == transcript.RoleAnswerer {
				// An answer stands for the answer it gives: others read
				// its reasons as arguments for that side.
				turn.Side, _ = protocols.ParseVerdict(resp.Text)
			}
			turns = append(turns, turn)
			if rules.VerifyQuotes {
				turn.Text = quotes.Verify(turn.Text, q.Context)
				if last := &rec.Messages[len(rec.Messages)-1]; turn.Text != last.Text {
					last.Shown = turn.Text
				}
			}
			shown = append(shown, turn)
		}

		if !step.Sequential && len(step.Seats) > 1 && rules.BestOf <= 1 && x.waitsOnIO(ep, step.Seats) {
			// Speakers who speak at once are asked at once: over the
			// network, an episode's chain of calls is one per round, not
			// one per speaker.
			reqs := make([]agents.Request, len(step.Seats))
			for i, si := range step.Seats {
				var err error
				if reqs[i], err = build(si, before); err != nil {
					return err
				}
				if reqs[i].Role == transcript.RoleJudge {
					return fmt.Errorf("%w: protocol %s: a judge speaks with others in state %q", ErrEpisode, ep.Protocol.Kind, state)
				}
			}
			resps := make([]agents.Response, len(reqs))
			errs := make([]error, len(reqs))
			var wg sync.WaitGroup
			for i := range reqs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					resps[i], errs[i] = x.agentOf(ep, a.Seats[step.Seats[i]].Agent).caller.Generate(ctx, reqs[i])
				}()
			}
			wg.Wait()
			for i, si := range step.Seats {
				entry := x.agentOf(ep, a.Seats[si].Agent)
				if err := x.record(ctx, entry, reqs[i], resps[i], errs[i], rec); err != nil {
					return err
				}
				spoke(si, resps[i])
			}
		} else {
			for _, si := range step.Seats {
				visible := before
				if step.Sequential {
					visible = len(turns)
				}
				req, err := build(si, visible)
				if err != nil {
					return err
				}
				entry := x.agentOf(ep, a.Seats[si].Agent)
				if req.Role == transcript.RoleJudge {
					if err := x.judge(ctx, entry, req, order, rec); err != nil {
						return err
					}
					rec.Correct = rec.Verdict.Answer == q.Correct
					continue
				}
				var resp agents.Response
				if req.Role == transcript.RoleAnswerer {
					if _, err = x.ask(ctx, entry, req, order, rec); err != nil {
						return err
					}
					resp.Text = rec.Messages[len(rec.Messages)-1].Text
					spoke(si, resp)
					continue
				}
				if rules.BestOf > 1 && req.Role == transcript.RoleDebater {
					resp, err = x.bestOf(ctx, ep, entry, req, order, shown[:before:before], rec)
				} else {
					resp, err = x.call(ctx, entry, req, rec)
				}
				if err != nil {
					return err
				}
				spoke(si, resp)
			}
		}
		// Event gets a context that is never cancelled: a cancelled one
		// leaves looplab/fsm stuck (LIBRARIES.md). Cancellation is checked
		// at the top of the loop.
		event := step.Event
		if d, ok := p.(protocols.Decider); ok {
			var said []string
			for _, m := range rec.Messages[stepStart:] {
				said = append(said, m.Text)
			}
			event = d.Decide(state, said)
		}
		if err := machine.Event(context.Background(), event); err != nil {
			return fmt.Errorf("%w: protocol %s: event %q in state %q: %w", ErrEpisode, ep.Protocol.Kind, event, state, err)
		}
	}
	return fmt.Errorf("%w: protocol %s did not finish in %d steps", ErrEpisode, ep.Protocol.Kind, maxSteps)
}

// request builds a seat's request for one turn — what it may see, the
// turns it has seen, its seed — and renders its prompt.
func request(p protocols.Protocol, seat protocols.Seat, side, round int, hidden, open transcript.View, seen []transcript.Turn, seed uint64) (agents.Request, error) {
	rules := p.Rules()
	req := agents.Request{
		Role: seat.Role, Name: seat.Name, Side: side, Round: round, Rounds: rules.Rounds,
		WordLimit: rules.WordLimit, QuotesVerified: rules.VerifyQuotes, View: hidden, Transcript: seen, Seed: seed,
	}
	if seat.SeesContext {
		req.View = open
	}
	msgs, err := p.Render(protocols.Prompt{
		Seat: seat, Side: side, Round: round, Rounds: rules.Rounds,
		WordLimit: rules.WordLimit, QuotesVerified: rules.VerifyQuotes, View: req.View, Transcript: seen,
	})
	req.Messages = msgs
	return req, err
}

// bestOf has a debater write rules.BestOf candidate turns and keeps the
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
		if s.Role == transcript.RoleJudge {
			judgeSeat = s
		}
	}
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
			Role: transcript.RoleScorer, Name: "Scorer", Side: transcript.NoSide, Round: req.Round, Rounds: rules.Rounds,
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

// waitsOnIO reports whether any of the seats' agents waits on I/O, so that
// asking them at once saves time.
func (x *Experiment) waitsOnIO(ep *Episode, seats []int) bool {
	a := ep.Assignment
	for _, si := range seats {
		if _, ok := x.agentOf(ep, a.Seats[si].Agent).caller.(agents.InProcess); !ok {
			return true
		}
	}
	return false
}

// call asks an agent for one turn and records the message.
func (x *Experiment) call(ctx context.Context, entry *AgentEntry, req agents.Request, rec *transcript.Episode) (agents.Response, error) {
	resp, err := entry.caller.Generate(ctx, req)
	return resp, x.record(ctx, entry, req, resp, err, rec)
}

// record adds an agent's answer to the episode's messages, or turns its
// error into the episode's.
func (x *Experiment) record(ctx context.Context, entry *AgentEntry, req agents.Request, resp agents.Response, err error, rec *transcript.Episode) error {
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("%w: %s (%s, round %d): %w", ErrEpisode, req.Name, entry.Name, req.Round, err)
	}
	m := transcript.Message{
		Round: req.Round, Name: req.Name, Role: req.Role, Agent: entry.Name,
		Text: resp.Text, PromptSHA256: promptHash(req.Messages), Usage: resp.Usage,
		Sample: req.Sample, Retries: resp.Retries, Cached: resp.Cached,
	}
	if p, ok := entry.Agent.(agents.Priced); ok && !resp.Cached {
		m.CostUSD = p.Price(resp.Usage)
	}
	rec.Messages = append(rec.Messages, m)
	return nil
}

// judge asks the judge for its verdict and, while its answer does not
// parse, asks again with a reminder of the format, up to VerdictRetries
// more times. A verdict that never parses is recorded as unparsed: counted,
// never guessed.
func (x *Experiment) judge(ctx context.Context, entry *AgentEntry, req agents.Request, order [2]int, rec *transcript.Episode) error {
	v, err := x.ask(ctx, entry, req, order, rec)
	if err != nil {
		return err
	}
	rec.Verdict = v
	return nil
}

// ask gets an answer in the "Answer: A" form from an agent — a judge, or an
// open protagonist choosing its side — asking again while it does not
// parse, up to VerdictRetries more times; it records every message.
func (x *Experiment) ask(ctx context.Context, entry *AgentEntry, req agents.Request, order [2]int, rec *transcript.Episode) (transcript.Verdict, error) {
	for ask := 0; ; ask++ {
		resp, err := x.call(ctx, entry, req, rec)
		if err != nil {
			return transcript.Verdict{}, err
		}
		v := verdict(resp, order)
		v.Asks = ask + 1
		if v.Answer != transcript.Unparsed || ask >= x.VerdictRetries {
			return v, nil
		}
		req.Messages = append(req.Messages[:len(req.Messages):len(req.Messages)],
			transcript.ChatMessage{Role: "assistant", Content: resp.Text},
			transcript.ChatMessage{Role: "user", Content: protocols.Reask})
		req.Sample = ask + 1
		req.Seed = sampleSeed(req.Seed, req.Sample)
	}
}

// ParsedMajority is how a society's verdict is read: the majority of its
// agents' last answers.
const ParsedMajority = "majority-vote"

// vote is the verdict of a voting protocol: the majority of the answerer
// seats' last parsed answers. A tie goes to the first agent's answer; no
// parsed answer at all is unparsed. The probability is the winning share.
func vote(rec *transcript.Episode, a *protocols.Assignment, order [2]int) transcript.Verdict {
	last := map[string]string{}
	for _, m := range rec.Messages {
		if m.Role == transcript.RoleAnswerer {
			last[m.Name] = m.Text
		}
	}
	var votes [2]int
	first := -1
	for _, s := range a.Seats {
		if slot, _ := protocols.ParseVerdict(last[s.Name]); slot >= 0 {
			votes[slot]++
			if first < 0 {
				first = slot
			}
		}
	}
	total := votes[0] + votes[1]
	if total == 0 {
		return transcript.Verdict{Answer: transcript.Unparsed, Parse: protocols.ParsedUnparsed}
	}
	choice := first
	if votes[0] != votes[1] {
		choice = 0
		if votes[1] > votes[0] {
			choice = 1
		}
	}
	return transcript.Verdict{Answer: order[choice], Slot: string(rune('A' + choice)),
		Probability: float64(votes[choice]) / float64(total), Parse: ParsedMajority}
}

// answerOrder gives the answer index shown in each slot.
func answerOrder(o protocols.Order, q *tasks.Question) [2]int {
	switch o {
	case protocols.CorrectFirst:
		return [2]int{q.Correct, 1 - q.Correct}
	case protocols.CorrectSecond:
		return [2]int{1 - q.Correct, q.Correct}
	}
	return [2]int{0, 1}
}

// seatSide resolves a stance to the slot the seat argues.
func seatSide(s protocols.Stance, order [2]int, correct int) int {
	switch s {
	case protocols.SlotA:
		return 0
	case protocols.SlotB:
		return 1
	case protocols.Correct:
		if order[0] == correct {
			return 0
		}
		return 1
	case protocols.Incorrect:
		if order[0] == correct {
			return 1
		}
		return 0
	}
	return transcript.NoSide
}

// views returns the question as a judge sees it (hidden) and as a seat
// that sees the context sees it (open), with answers in the shown order.
func views(q *tasks.Question, order [2]int) (hidden, open transcript.View) {
	hidden = transcript.View{
		QuestionID: q.ID, Family: q.Family, Question: q.Text, Exhibit: q.Exhibit,
		Answers: [2]string{q.Answers[order[0]], q.Answers[order[1]]}, Difficulty: q.Difficulty,
	}
	if q.ContextShared {
		hidden.Context = q.Context // a closed task: the judge reads it too
		hidden.Shared = true
	}
	open = hidden
	open.Context = q.Context
	if len(q.Evidence) > 0 {
		open.Evidence = make([]transcript.Claim, len(q.Evidence))
		for i, c := range q.Evidence {
			c.Answer = slotOf(c.Answer, order)
			open.Evidence[i] = c
		}
	}
	return hidden, open
}

func slotOf(answer int, order [2]int) int {
	if order[0] == answer {
		return 0
	}
	return 1
}

// verdict reads the judge's answer and maps it back to the question's
// answer index.
func verdict(resp agents.Response, order [2]int) transcript.Verdict {
	slot, how := protocols.ParseVerdict(resp.Text)
	if slot < 0 {
		return transcript.Verdict{Answer: transcript.Unparsed, Parse: how}
	}
	v := transcript.Verdict{Answer: order[slot], Slot: string(rune('A' + slot)), Parse: how}
	if slot < len(resp.Probabilities) {
		v.Probability = resp.Probabilities[slot]
	}
	return v
}

func promptHash(msgs []transcript.ChatMessage) string {
	h := sha256.New()
	for _, m := range msgs {
		h.Write([]byte(m.Role))
		h.Write([]byte{0})
		h.Write([]byte(m.Content))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}
