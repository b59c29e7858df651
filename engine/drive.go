package engine

import (
	"cmp"
	"context"
	"crypto/sha256"
	"fmt"
	"slices"

	"github.com/looplab/fsm"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/transcript"
)

// playing is an episode being driven through its protocol's machine: what
// has been said, as the speakers and as the judge see it.
type playing struct {
	x     *Experiment
	ep    *Episode
	p     protocols.Protocol
	rules protocols.Rules
	order [2]int
	// sides is the shown answer each seat argues, or transcript.NoSide.
	sides        []int
	hidden, open transcript.View
	rec          *transcript.Episode
	// turns are what arguing seats read; shown are the same turns as the
	// other seats read them, quotes marked when the protocol verifies them.
	turns, shown []transcript.Turn
	// answers holds each seat's last answer (a shown slot, or -1), for a
	// protocol whose verdict is a vote.
	answers []int
	// contextSum is the SHA-256 of the question's context, for the hashes
	// of the prompts; nil without one.
	contextSum *[32]byte
	// quotable is what the speakers' quotes are checked against
	// (quotable), joined once an episode, not once a turn.
	quotable string
	// heard is the last round whose turns were played and judged the last
	// round the judge gave an interim verdict after (Rules.JudgeEveryRound).
	heard, judged int
}

// drive plays the episode's machine from its initial state to its final
// one, the judge given the reference ref (nil: none). It names no
// protocol and no role: each seat's Act says what its turn does.
func (x *Experiment) drive(ctx context.Context, ep *Episode, order [2]int, sides []int, ref *transcript.Reference, rec *transcript.Episode) error {
	g := &playing{x: x, ep: ep, p: ep.Protocol.Protocol, order: order, sides: sides, rec: rec,
		answers: make([]int, len(ep.Assignment.Seats)), quotable: quotable(ep.Question.Context, ep.Question.Exhibit)}
	g.rules = g.p.Rules()
	g.hidden, g.open = views(ep.Question, order)
	g.hidden.Reference, g.open.Reference = ref, ref // shown to the judge alone (request)
	if c := ep.Question.Context; c != "" {
		sum := sha256.Sum256([]byte(c))
		g.contextSum = &sum
	}
	for i := range g.answers {
		g.answers[i] = -1
	}
	m := g.p.Machine()
	machine := fsm.NewFSM(m.Initial, m.Events, nil)
	for range maxSteps {
		state := machine.Current()
		if state == m.Final {
			g.finish()
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		step := g.p.Step(state)
		if err := g.interim(ctx, step); err != nil {
			return err
		}
		stepStart := len(rec.Messages)
		if err := g.play(ctx, state, step); err != nil {
			return err
		}
		if step.Round > g.heard && g.judge(step) < 0 {
			g.heard = step.Round
		}
		event := step.Event
		if d, ok := g.p.(protocols.Decider); ok && x.dry.decides(rec.Messages[stepStart:]) {
			var said []string
			for _, m := range rec.Messages[stepStart:] {
				said = append(said, m.Text)
			}
			event = d.Decide(state, said)
		}
		// Event gets a context that is never cancelled: a cancelled one
		// leaves looplab/fsm stuck (LIBRARIES.md). Cancellation is checked
		// at the top of the loop.
		if err := machine.Event(context.Background(), event); err != nil {
			return fmt.Errorf("%w: protocol %s: event %q in state %q: %w", ErrEpisode, ep.Protocol.Kind, event, state, err)
		}
	}
	return fmt.Errorf("%w: protocol %s did not finish in %d steps", ErrEpisode, ep.Protocol.Kind, maxSteps)
}

// finish forms the verdict of a protocol that votes, or of one whose
// remark settled an episode no seat decided (protocols.Settler).
func (g *playing) finish() {
	if s, ok := g.p.(protocols.Settler); ok && !decided(g.rec, *g.ep.Assignment) {
		if slot, how, ok := s.Settle(g.remarks()); ok {
			g.verdict(slot, 0, how)
		}
		return
	}
	v, ok := g.p.(protocols.Voter)
	if !ok {
		return
	}
	slot, prob, how := v.Vote(g.answers)
	g.verdict(slot, prob, how)
}

// remarks are the texts of the episode's remarks, in order.
func (g *playing) remarks() []string {
	var out []string
	for _, m := range g.rec.Messages {
		if actOf(*g.ep.Assignment, m.Name) == protocols.Remark {
			out = append(out, m.Text)
		}
	}
	return out
}

// verdict records the shown slot chosen (another: none), its probability
// and how it was formed.
func (g *playing) verdict(slot int, prob float64, how string) {
	if slot != 0 && slot != 1 {
		g.rec.Verdict = transcript.Verdict{Answer: transcript.Unparsed, Parse: how}
		return
	}
	g.rec.Verdict = transcript.Verdict{Answer: g.order[slot], Slot: string(rune('A' + slot)), Probability: prob, Parse: how}
	g.rec.Correct = g.rec.Verdict.Answer == g.ep.Question.Correct
}

// interim asks the judge, when the rules say so, for its verdict on the
// transcript so far when a round is over: before the first step of a later
// round, never before the judge's own step, whose verdict is the last
// round's. No seat reads it.
func (g *playing) interim(ctx context.Context, step protocols.Step) error {
	if !g.rules.JudgeEveryRound || g.heard <= g.judged || step.Round <= g.heard || g.judge(step) >= 0 {
		return nil
	}
	round := g.heard
	g.judged = round
	seats := g.ep.Assignment.Seats
	si := slices.IndexFunc(seats, func(s protocols.Seat) bool { return s.Act == protocols.Decide })
	if si < 0 {
		return fmt.Errorf("%w: protocol %s asks a judge after every round but has no seat that decides", ErrEpisode, g.ep.Protocol.Kind)
	}
	seat := seats[si]
	entry := g.x.agentOf(g.ep, seat.Agent)
	req, err := request(g.p, entry.Agent, seat, transcript.NoSide, round, g.hidden, g.open, g.shown[:len(g.shown):len(g.shown)], interimSeed(g.x.Seed, g.ep.seedID, seat.Name, round), g.contextSum)
	if err != nil {
		return err
	}
	return g.x.interim(ctx, entry, req, g.order, g.rec)
}

// judge returns the seat of the step that decides, or -1.
func (g *playing) judge(step protocols.Step) int {
	for _, si := range step.Seats {
		if si >= 0 && si < len(g.ep.Assignment.Seats) && g.ep.Assignment.Seats[si].Act == protocols.Decide {
			return si
		}
	}
	return -1
}

// play has the step's seats speak.
func (g *playing) play(ctx context.Context, state string, step protocols.Step) error {
	before := len(g.turns)
	if !step.Sequential && len(step.Seats) > 1 && g.waitsOnIO(step.Seats) {
		return g.together(ctx, state, step, before)
	}
	for _, si := range step.Seats {
		visible := before
		if step.Sequential {
			visible = len(g.turns)
		}
		if err := g.turn(ctx, state, step.Round, si, visible); err != nil {
			return err
		}
	}
	return nil
}

// turn has seat si speak, seeing the first visible turns; a best-of-N
// scorer rates its candidates after the same turns, as the judge shows
// them (in turn, the other debater's of this round too).
func (g *playing) turn(ctx context.Context, state string, round, si, visible int) error {
	req, err := g.request(state, round, si, visible)
	if err != nil {
		return err
	}
	seat := g.ep.Assignment.Seats[si]
	entry := g.x.agentOf(g.ep, seat.Agent)
	switch {
	case seat.Act == protocols.Decide && seat.Grades != "":
		return g.grade(ctx, entry, seat, req)
	case seat.Act == protocols.Decide:
		// On a failure the record keeps the verdict it starts with,
		// unparsed, rather than read as a verdict for A.
		v, err := g.x.ask(ctx, entry, req, g.order, g.rec)
		if err != nil {
			return err
		}
		g.rec.Verdict, g.rec.Correct = v, v.Answer == g.ep.Question.Correct
		return nil
	case seat.Act == protocols.Answer:
		start := len(g.rec.Messages)
		if _, err = g.x.ask(ctx, entry, req, g.order, g.rec); err != nil {
			return err
		}
		g.spoke(si, round, answerText(g.rec.Messages[start:]))
		return nil
	}
	if g.rules.BestOf > 1 && seat.Act == protocols.Argue {
		calls, err := g.speak(ctx, si, req, visible)
		if err = cmp.Or(g.x.keep(ctx, calls, g.rec), err); err != nil {
			return err
		}
		g.spoke(si, round, calls[len(calls)-1].resp.Text)
		return nil
	}
	// One call, recorded as it answers: a sim debate's hot path, which
	// collects nothing (speak would).
	resp, err := g.x.call(ctx, entry, req, g.rec)
	if err != nil {
		return err
	}
	g.spoke(si, round, resp.Text)
	return nil
}

// speak makes the calls of arguing seat si's turn, to record (keep): its
// best-of-N candidates and their ratings, or its one call. The error is
// of no call (bestOf).
func (g *playing) speak(ctx context.Context, si int, req agents.Request, visible int) ([]made, error) {
	entry := g.x.agentOf(g.ep, g.ep.Assignment.Seats[si].Agent)
	if g.rules.BestOf > 1 && g.ep.Assignment.Seats[si].Act == protocols.Argue {
		return g.x.bestOf(ctx, g.ep, entry, req, g.order, g.shown[:visible:visible])
	}
	resp, err := entry.caller.Generate(ctx, req)
	return []made{{entry: entry, req: req, resp: resp, err: err}}, nil
}

// together asks the step's seats at once: over the network, an episode's
// chain of calls is then one per round, not one per speaker.
func (g *playing) together(ctx context.Context, state string, step protocols.Step, before int) error {
	reqs := make([]agents.Request, len(step.Seats))
	for i, si := range step.Seats {
		var err error
		if reqs[i], err = g.request(state, step.Round, si, before); err != nil {
			return err
		}
		if g.ep.Assignment.Seats[si].Act == protocols.Decide {
			return fmt.Errorf("%w: protocol %s: a judge speaks with others in state %q", ErrEpisode, g.ep.Protocol.Kind, state)
		}
	}
	calls := make([][]made, len(reqs))
	errs := make([]error, len(reqs))
	g.x.each(len(reqs), true, func(i int) error {
		calls[i], errs[i] = g.speak(ctx, step.Seats[i], reqs[i], before)
		return nil
	})
	// Every answer is recorded, also where another seat's call failed:
	// it was made, and paid for, and the run's usage counts it.
	var first error
	for i, si := range step.Seats {
		start := len(g.rec.Messages)
		if err := cmp.Or(g.x.keep(ctx, calls[i], g.rec), errs[i]); err != nil {
			first = cmp.Or(first, err)
			continue
		}
		last := calls[i][len(calls[i])-1]
		text := last.resp.Text
		if g.ep.Assignment.Seats[si].Act == protocols.Answer {
			// An answer whose verdict line is missing is asked again,
			// as in turn (playing.turn), before the next seat's is
			// recorded: its asks stand together, one turn.
			if _, err := g.x.askAgain(ctx, last.entry, last.req, last.resp, g.order, g.rec); err != nil {
				first = cmp.Or(first, err)
				continue
			}
			text = answerText(g.rec.Messages[start:])
		}
		g.spoke(si, step.Round, text)
	}
	return first
}

// request makes the request of seat si, which sees the first visible
// turns: as written if it argues, as the judge reads them otherwise.
func (g *playing) request(state string, round, si, visible int) (agents.Request, error) {
	seats := g.ep.Assignment.Seats
	if si < 0 || si >= len(seats) {
		return agents.Request{}, fmt.Errorf("%w: protocol %s: state %q names seat %d of %d", ErrEpisode, g.ep.Protocol.Kind, state, si, len(seats))
	}
	seat := seats[si]
	seen := g.turns[:visible:visible]
	if seat.Act != protocols.Argue {
		seen = g.shown[:visible:visible]
	}
	reader := g.x.agentOf(g.ep, seat.Agent).Agent // the backend itself: wrappers hide its capabilities
	return request(g.p, reader, seat, g.sides[si], round, g.hidden, g.open, seen, turnSeed(g.x.Seed, g.ep.drawsOf(seat), seat.Name, round), g.contextSum)
}

// spoke adds seat si's turn to what later speakers see. An answer stands
// for the answer it gives: others read its reasons as arguments for that
// side. Quotes are checked only in the turns of a seat that reads the
// text: a seat that may not (the judge asking, the moderator, an agent
// without the text) would otherwise learn, from the marks on its own
// quotes, whether a sentence of its choosing is in the text.
func (g *playing) spoke(si, round int, text string) {
	seat := g.ep.Assignment.Seats[si]
	turn := transcript.Turn{Round: round, Role: seat.Role, Name: seat.Name, Side: g.sides[si], Text: text}
	if seat.Act == protocols.Answer {
		turn.Side, _ = protocols.ParseVerdict(text)
		g.answers[si] = turn.Side
	}
	g.turns = append(g.turns, turn)
	// A mark the speaker wrote itself is only a claim (quotes.Claimed):
	// those that do not argue never read it as the verifier's.
	turn.Text = quotes.Mark(turn.Text, g.quotable, checksQuotes(g.rules, seat, g.hidden))
	if last := &g.rec.Messages[len(g.rec.Messages)-1]; turn.Text != last.Text {
		last.Shown = turn.Text
	}
	g.shown = append(g.shown, turn)
}

// quotable is what a speaker's quotes are checked against: the hidden
// text, and with it the material every seat reads with the question (a
// code question's program), which a quote of is no invention (before
// 2026-12-05 a line of the program, quoted verbatim, was marked
// unverified beside a run's trace). Without a hidden text, nothing: the
// quotes stay unchecked (quotes.Verify), as every seat is told.
func quotable(context, exhibit string) string {
	if context == "" || exhibit == "" {
		return context
	}
	return context + "\n\n" + exhibit
}

// checksQuotes reports whether the quotes of seat are checked before the
// seats that do not argue read them: with verification on, where the seat
// reads the text (its own, or one every seat reads, hidden's).
func checksQuotes(rules protocols.Rules, seat protocols.Seat, hidden transcript.View) bool {
	return rules.VerifyQuotes && (seat.SeesContext || hidden.Context != "")
}

// waitsOnIO reports whether any of the seats' agents waits on I/O, so that
// asking them at once saves time.
func (g *playing) waitsOnIO(seats []int) bool {
	return slices.ContainsFunc(seats, func(si int) bool { return waitsOnIO(g.x.agentOf(g.ep, g.ep.Assignment.Seats[si].Agent)) })
}
