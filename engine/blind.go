package engine

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"

	"github.com/mootlab/moot/transcript"
)

// ErrNotBlind is returned by CheckBlind when the gold label reached an
// agent.
var ErrNotBlind = errors.New("the gold label reaches an agent")

// CheckBlind checks that the gold label reaches no agent of x's protocols:
// each episode of the plan's first questions (repeat 0) is played on its
// question and on a copy with the label flipped, with the same answer
// order and sides; every message and the verdict must be the same, and
// only whether the verdict is correct may change. It calls the agents as
// a run does: with sim agents it is a test any protocol can be put to
// (a new protocol's package is, by cmd/moot's tests, once it is
// registered). An episode that fails is an error too.
func (x *Experiment) CheckBlind(ctx context.Context, questions int) error {
	plan := x.planned()
	for i := range min(questions*len(plan.slots), plan.Len()) {
		ep := plan.At(i)
		if ep.Repeat != 0 {
			continue
		}
		order := answerOrder(ep.Assignment.Order, ep.Question)
		sides := seatSides(&ep, order)
		orig := x.playAs(ctx, &ep, order, slices.Clone(sides))
		flipped := *ep.Question
		flipped.Correct = 1 - flipped.Correct
		fep := ep
		fep.Question = &flipped
		got := x.playAs(ctx, &fep, order, slices.Clone(sides))
		for _, rec := range []*transcript.Episode{&orig, &got} {
			if rec.Error != "" {
				return fmt.Errorf("%s %s, episode %s: %s", ep.Protocol.Label, ep.Assignment.Name, ep.ID, rec.Error)
			}
		}
		for k := range max(len(orig.Messages), len(got.Messages)) {
			if k >= len(orig.Messages) || k >= len(got.Messages) || !reflect.DeepEqual(orig.Messages[k], got.Messages[k]) {
				return fmt.Errorf("%w: %s %s, episode %s: message %d changed when the label flipped", ErrNotBlind, ep.Protocol.Label, ep.Assignment.Name, ep.ID, k+1)
			}
		}
		if orig.Verdict != got.Verdict {
			return fmt.Errorf("%w: %s %s, episode %s: the verdict changed when the label flipped", ErrNotBlind, ep.Protocol.Label, ep.Assignment.Name, ep.ID)
		}
		if orig.Verdict.Answer != transcript.Unparsed && orig.Correct == got.Correct {
			return fmt.Errorf("%s %s, episode %s: the verdict stayed %v when the label flipped", ep.Protocol.Label, ep.Assignment.Name, ep.ID, orig.Correct)
		}
	}
	return nil
}
