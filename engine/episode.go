package engine

import (
	"context"
	"errors"
	"fmt"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

// maxSteps bounds an episode's state machine: a protocol that never reaches
// its final state is a bug, not a long debate.
const maxSteps = 1000

// ErrEpisode wraps the error of an episode that could not finish.
var ErrEpisode = errors.New("episode failed")

// play runs one episode to its end and returns its record. An agent or
// protocol error ends the episode early with the error recorded.
func (x *Experiment) play(ctx context.Context, ep *Episode) transcript.Episode {
	order := answerOrder(ep.Assignment.Order, ep.Question)
	return x.playAs(ctx, ep, order, seatSides(ep, order))
}

// seatSides resolves each seat's stance to the slot it argues, for the
// answers shown in order; a seat that picks its own answer has none yet.
func seatSides(ep *Episode, order [2]int) []int {
	sides := make([]int, len(ep.Assignment.Seats))
	for i, s := range ep.Assignment.Seats {
		sides[i] = seatSide(s.Stance, order, ep.Question.Correct)
	}
	return sides
}

// playAs plays ep with the answers shown in order and the seats arguing
// sides (which choose completes for seats that pick their own), as play
// resolves them, or as CheckBlind fixes them.
func (x *Experiment) playAs(ctx context.Context, ep *Episode, order [2]int, sides []int) transcript.Episode {
	q, a, p := ep.Question, ep.Assignment, ep.Protocol.Protocol
	rec := transcript.Episode{
		EpisodeID: ep.ID, Protocol: ep.Protocol.Label, Kind: ep.Protocol.Kind, Cell: ep.cellName(), Task: ep.Task.Name,
		QuestionID: q.ID, Group: q.Group, Judge: p.Common().Judge, Assignment: a.Name, Repeat: ep.Repeat,
		Answers: q.Answers, CorrectAnswer: q.Correct, Order: order,
		Verdict: transcript.Verdict{Answer: transcript.Unparsed, Parse: protocols.ParsedUnparsed},
		// A list even where no call was made: a reader of the log loops
		// over it without a case for null.
		Messages: []transcript.Message{},
	}
	rec.Class, rec.CompareWith = ep.Protocol.comparison.Class, ep.Protocol.comparison.Against
	ref, err := x.reference(ctx, ep, order, &rec)
	if err == nil {
		err = x.choose(ctx, ep, order, sides, &rec)
	}
	rec.Seats = make([]transcript.Seat, len(a.Seats))
	for i, s := range a.Seats {
		argues := transcript.NoSide
		if sides[i] != transcript.NoSide {
			argues = order[sides[i]]
		}
		rec.Seats[i] = transcript.Seat{Name: s.Name, Role: s.Role, Agent: s.Agent, Argues: argues}
	}
	if err == nil {
		err = x.drive(ctx, ep, order, sides, ref, &rec)
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
	seat := protocols.ChooserSeat(a.Seats[own])
	hidden, open := views(q, order)
	entry := x.agentOf(ep, seat.Agent)
	req, err := request(p, entry.Agent, seat, transcript.NoSide, 0, hidden, open, nil, turnSeed(x.Seed, ep.seedID, seat.Name+"/answer", 0), nil)
	if err != nil {
		return err
	}
	start := len(rec.Messages) // after a reference's
	v, err := x.ask(ctx, entry, req, order, rec)
	if err != nil {
		return err
	}
	for i := start; i < len(rec.Messages); i++ {
		rec.Messages[i].Aside = true
	}
	if v.Answer == transcript.Unparsed {
		return fmt.Errorf("%w: %s gave no answer to argue for", ErrEpisode, seat.Name)
	}
	chosen := 0
	if v.Slot == "B" {
		chosen = 1
	}
	if x.dry != nil && x.dry.chosen >= 0 {
		chosen = x.dry.chosen
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
		rec.Assignment += protocols.ChoseCorrect
	} else {
		rec.Assignment += protocols.ChoseIncorrect
	}
	return nil
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
		NoContext: q.Context == "",
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
