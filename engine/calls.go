package engine

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/transcript"
)

// request builds a seat's request for one turn — what it may see, the
// turns it has seen, its seed — and its prompt (see prompt), for reader,
// the agent that answers it. contextSum, if not nil, is the SHA-256 of the
// question's context.
func request(p protocols.Protocol, reader agents.Agent, seat protocols.Seat, side, round int, hidden, open transcript.View, seen []transcript.Turn, seed uint64, contextSum *[32]byte) (agents.Request, error) {
	rules := p.Rules()
	words := protocols.WordLimitOf(seat, rules)
	req := agents.Request{
		Role: seat.Role, Name: seat.Name, Side: side, Remark: seat.Act == protocols.Remark, Addressee: seat.Addresses, Round: round, Rounds: rules.Rounds,
		WordLimit: words, QuotesVerified: rules.VerifyQuotes, View: hidden, Transcript: seen, Seed: seed,
	}
	if seat.SeesContext {
		req.View = open
		if seat.Act != protocols.Argue {
			// The evidence pool says which answer each claim argues for:
			// only a seat that argues needs it, and a seat that decides
			// or answers must find its answer in the text (the gold guard).
			req.View.Evidence = nil
		}
	}
	if seat.Act != protocols.Decide {
		req.View.Reference = nil // the judge's alone
	}
	err := prompt(p, reader, protocols.Prompt{
		Seat: seat, Side: side, Round: round, Rounds: rules.Rounds,
		WordLimit: words, QuotesVerified: rules.VerifyQuotes, View: req.View, Transcript: seen,
	}, contextSum, &req)
	return req, err
}

// prompt gives req the prompt of in: the rendered messages, or only
// their sizes for an agent that reads none (agents.PromptFree), which
// then costs no rendering; and the hash that identifies the prompt, of
// its inputs (protocols.Templates.PromptSHA256) where the protocol can
// give it, the same whichever agent answers.
func prompt(p protocols.Protocol, reader agents.Agent, in protocols.Prompt, contextSum *[32]byte, req *agents.Request) error {
	m, measured := p.(protocols.Measured)
	var err error
	if _, free := reader.(agents.PromptFree); free && measured {
		req.MessageSizes, err = m.MessageSizes(in)
	} else {
		req.Messages, err = p.Render(in)
	}
	if err != nil {
		return err
	}
	if measured {
		sum := m.PromptSHA256(in, contextSum)
		req.PromptSHA256 = hex.EncodeToString(sum[:])
	} else {
		req.PromptSHA256 = promptHash(req.Messages)
	}
	return nil
}

// reask adds to req's prompt the agent's answer that did not parse and
// the reminder of the format.
func reask(req *agents.Request, answer string) {
	reminder := protocols.ReaskFor(req.Role)
	if req.Messages != nil {
		req.Messages = append(req.Messages[:len(req.Messages):len(req.Messages)],
			transcript.ChatMessage{Role: "assistant", Content: answer},
			transcript.ChatMessage{Role: "user", Content: reminder})
	}
	if req.MessageSizes != nil {
		req.MessageSizes = append(req.MessageSizes[:len(req.MessageSizes):len(req.MessageSizes)], len(answer), len(reminder))
	}
	h := sha256.New()
	for _, s := range [...]string{req.PromptSHA256, "assistant", answer, "user", reminder} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	req.PromptSHA256 = hex.EncodeToString(h.Sum(nil))
}

// answerText is what the seats that read an answer read of it, from the
// messages of its asks: the reply, or, where the answer was asked again
// (its verdict line missing), the first reply's reasons and then the
// last reply, a blank line apart. The reminder asks for the verdict line
// alone, so the last reply alone would leave its readers (a society's
// other agents, a grader, a judge reading a reference) no reasons.
func answerText(asks []transcript.Message) string {
	first, last := asks[0].Text, asks[len(asks)-1].Text
	if len(asks) == 1 {
		return first
	}
	return strings.TrimRight(first, "\n") + "\n\n" + last
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
		failed := transcript.FailedCall{Name: req.Name, Agent: entry.Name, Round: req.Round}
		var r agents.Retrier
		if errors.As(err, &r) {
			failed.Retries = r.Retries()
		}
		rec.FailedCalls = append(rec.FailedCalls, failed)
		return fmt.Errorf("%w: %s (%s, round %d): %w", ErrEpisode, req.Name, entry.Name, req.Round, err)
	}
	x.prompts.keep(entry.Agent, &req)
	m := transcript.Message{
		Round: req.Round, Name: req.Name, Role: req.Role, Agent: entry.Name,
		Text: resp.Text, Reasoning: resp.Reasoning, PromptSHA256: req.PromptSHA256, Usage: resp.Usage,
		Sample: req.Sample, Retries: resp.Retries, Cached: resp.Cached, Truncated: resp.Truncated, Draw: resp.Draw,
		ServedModel: resp.Model,
	}
	if !resp.Cached {
		m.CostUSD = callCost(entry.Agent, resp.Usage, resp.Batched)
	}
	// The listed cost is the live price, cached or not, batched or not: a
	// cached answer does not know whether it was batched.
	m.ListCostUSD = callCost(entry.Agent, resp.Usage, false)
	rec.Messages = append(rec.Messages, m)
	return nil
}

// callCost is what a call with usage u costs agent a in US dollars: its
// batch price when the call was batched and it has one, else its price;
// 0 for an agent without a price.
func callCost(a agents.Agent, u transcript.Usage, batched bool) float64 {
	if b, ok := a.(agents.BatchPriced); ok && batched {
		return b.BatchPrice(u)
	}
	if p, ok := a.(agents.Priced); ok {
		return p.Price(u)
	}
	return 0
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
	resp, err := x.call(ctx, entry, req, rec)
	if err != nil {
		return transcript.Verdict{}, err
	}
	return x.askAgain(ctx, entry, req, resp, order, rec)
}

// askAgain goes on from resp, the first answer to req, recorded in rec:
// while its verdict does not parse, it asks again, as ask does. The
// seats that answer at once (playing.together) are asked again so, each
// right after its first answer.
func (x *Experiment) askAgain(ctx context.Context, entry *AgentEntry, req agents.Request, resp agents.Response, order [2]int, rec *transcript.Episode) (transcript.Verdict, error) {
	for ask := 0; ; ask++ {
		v := verdict(resp, order)
		v.Asks = ask + 1
		if v.Answer != transcript.Unparsed || ask >= x.VerdictRetries {
			return v, nil
		}
		reask(&req, resp.Text)
		req.Sample = ask + 1
		req.Seed = sampleSeed(req.Seed, req.Sample)
		var err error
		if resp, err = x.call(ctx, entry, req, rec); err != nil {
			return transcript.Verdict{}, err
		}
	}
}

// interim asks the judge for an interim verdict after round req.Round, as
// ask does, and records it in rec.Interim; its messages are asides, which
// no seat reads.
func (x *Experiment) interim(ctx context.Context, entry *AgentEntry, req agents.Request, order [2]int, rec *transcript.Episode) error {
	if d, ok := entry.Agent.(dryRun); ok {
		// A dry run: no seat reads an interim verdict, so the asks after
		// it can replay an earlier episode's still (tally.aside).
		d.t.aside = true
		defer func() { d.t.aside = false }()
	}
	start := len(rec.Messages)
	v, err := x.ask(ctx, entry, req, order, rec)
	for i := start; i < len(rec.Messages); i++ {
		rec.Messages[i].Aside = true
	}
	if err != nil {
		return err
	}
	v.Round = req.Round
	rec.Interim = append(rec.Interim, v)
	return nil
}

// interimSeed seeds the judge's interim verdict after round: apart from
// its verdict's seed and from the same seat's other calls (a judge who
// also asks questions, under the same name, in the same round).
func interimSeed(seed uint64, seedID, judge string, round int) uint64 {
	return turnSeed(seed, seedID, judge+"/interim", round)
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

// promptHash is the hash of the prompt of a protocol that cannot hash
// its inputs: of the rendered messages.
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
