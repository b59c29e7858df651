package engine

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

// reference gives the episode its reference answer when the protocol's
// judge has one (reference-guided judging), and records it: the gold
// answer, or the reference agent's answer to the question, asked before
// any seat speaks (round 0). It returns the reference as the judge's view
// shows it, or nil.
//
// The agent's answer is seeded by the task, question, agent and repeat
// alone, not the protocol, and the agent reads the answers in the
// question's own order, not the order an episode shows them in: every
// protocol, judge and order of an experiment reads the same reference for
// a question (common random numbers; one call through the cache).
func (x *Experiment) reference(ctx context.Context, ep *Episode, order [2]int, rec *transcript.Episode) (*transcript.Reference, error) {
	r := ep.Protocol.Protocol.Common().Reference
	if r == nil {
		return nil, nil
	}
	q := ep.Question
	if r.Gold {
		rec.Reference = &transcript.Reference{Source: transcript.ReferenceGold, Answer: q.Correct}
		return referenceOf(rec, q, r, order), nil
	}
	seat := protocols.ReferenceSeat(r)
	entry := x.agentOf(ep, seat.Agent)
	asked := [2]int{0, 1}
	hidden, open := views(q, asked)
	seed := turnSeed(x.Seed, ep.Task.Name+"\x00"+q.ID+"\x00"+strconv.Itoa(ep.Repeat), seat.Name+"/"+entry.Name, 0)
	req, err := request(protocols.ReferenceWriter(ep.Protocol.Protocol), entry.Agent, seat, transcript.NoSide, 0, hidden, open, nil, seed, nil)
	if err != nil {
		return nil, err
	}
	start := len(rec.Messages)
	v, err := x.ask(ctx, entry, req, asked, rec)
	if err != nil {
		return nil, err
	}
	// The judge reads the reference as a speaker's turn: its quotes
	// checked where the writer reads the text, its own marks claims; an
	// answer asked again, its first reply's reasons with its last.
	check := checksQuotes(ep.Protocol.Protocol.Rules(), seat, hidden)
	last := &rec.Messages[len(rec.Messages)-1]
	if shown := quotes.Mark(answerText(rec.Messages[start:]), quotable(q.Context, q.Exhibit), check); shown != last.Text {
		last.Shown = shown
	}
	rec.Reference = &transcript.Reference{Source: transcript.ReferenceAgent, Agent: entry.Name, Answer: v.Answer}
	return referenceOf(rec, q, r, order), nil
}

// referenceOf is the reference a recorded episode's judge reads, as its
// view shows it: the record's reference and, for an agent's, its message,
// marked unread where the protocol's setting set had its writer answer
// without the question's hidden text. Playing and rejudging both read it
// here.
func referenceOf(old *transcript.Episode, q *tasks.Question, set *protocols.Reference, order [2]int) *transcript.Reference {
	r := old.Reference
	if r == nil {
		return nil
	}
	view := &transcript.Reference{Source: r.Source, Agent: r.Agent, Answer: transcript.Unparsed}
	if r.Answer >= 0 {
		view.Answer = slotOf(r.Answer, order)
	}
	if r.Source == transcript.ReferenceGold {
		view.Text = q.Answers[r.Answer]
		return view
	}
	for _, m := range old.Messages {
		if m.Role == transcript.RoleReference {
			// The last ask, the one that parsed, as the judge reads it
			// (with the first's reasons where it was asked again).
			view.Text = quotes.AsShown(m.Text, m.Shown)
		}
	}
	view.Options = q.Answers
	view.Unread = set != nil && !set.Context && q.Context != "" && !q.ContextShared
	return view
}

// grade has the judge seat grade the answer of the seat it names
// (protocols.Seat.Grades): its "Answer: A" (correct) is read as the
// graded answer, its "Answer: B" (incorrect) as the other. The record
// keeps the graded answer and the grade; its assignment gains whether the
// graded answer was correct (protocols.ChoseCorrect), so that tables split
// the judge's accuracy into 1 − strictness and 1 − leniency.
func (g *playing) grade(ctx context.Context, entry *AgentEntry, seat protocols.Seat, req agents.Request) error {
	seats := g.ep.Assignment.Seats
	graded := -1
	for i, s := range seats {
		if s.Name == seat.Grades {
			graded = i
		}
	}
	if graded < 0 || g.answers[graded] < 0 {
		return fmt.Errorf("%w: protocol %s: %s has no answer for %s to grade", ErrEpisode, g.ep.Protocol.Kind, seat.Grades, seat.Name)
	}
	answer := g.order[g.answers[graded]]
	v, err := g.x.ask(ctx, entry, req, [2]int{answer, 1 - answer}, g.rec)
	if err != nil {
		return err
	}
	g.rec.Verdict = v
	g.rec.Correct = v.Answer == g.ep.Question.Correct
	g.rec.Graded = gradedRecord(seats[graded], answer, v)
	if answer == g.ep.Question.Correct {
		g.rec.Assignment += protocols.ChoseCorrect
	} else {
		g.rec.Assignment += protocols.ChoseIncorrect
	}
	return nil
}

// gradedRecord is the record of a grade v of answer, given by seat.
func gradedRecord(seat protocols.Seat, answer int, v transcript.Verdict) *transcript.Graded {
	out := &transcript.Graded{Seat: seat.Name, Agent: seat.Agent, Answer: answer}
	switch v.Slot {
	case "A":
		out.Call = transcript.GradeCorrect
	case "B":
		out.Call = transcript.GradeIncorrect
	}
	return out
}

// checkReference checks a protocol's reference setting: its agent exists,
// and the protocol has a judge to read it.
func (x *Experiment) checkReference(p protocols.Protocol, n *yaml.Node, path string) error {
	r := p.Common().Reference
	if r == nil {
		return nil
	}
	line := keyLine(n, "reference")
	if r.Agent != "" && x.agent(r.Agent) == nil {
		return &InputError{File: x.Path, Line: line, Field: path + ".reference.agent", Err: x.noAgent(r.Agent)}
	}
	for _, a := range p.Assignments() {
		if slices.ContainsFunc(a.Seats, func(s protocols.Seat) bool { return s.Act == protocols.Decide }) {
			return nil
		}
	}
	return &InputError{File: x.Path, Line: line, Field: path + ".reference", Err: protocols.ErrNoJudgeForReference}
}

// gradeOrder is how a recorded episode's verdict letters map to answers:
// for a graded answer, A is the answer graded (correct) and B the other;
// otherwise the shown order.
func gradeOrder(old *transcript.Episode, order [2]int) [2]int {
	if old.Graded == nil {
		return order
	}
	return [2]int{old.Graded.Answer, 1 - old.Graded.Answer}
}
