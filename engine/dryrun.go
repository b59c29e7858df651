package engine

import (
	"context"
	"fmt"
	"slices"

	"github.com/mootlab/moot/protocols"
)

// DryRun plays, in memory, with sim agents standing in for every agent,
// one episode of every assignment of every protocol (of every sweep cell),
// on the first question of every task, and returns the error of the first
// that fails: a prompt template that names a field the prompt has not,
// say — also in a branch that only some assignments, some task families,
// some sweep cells or some speakers' choices take — which parsing cannot
// see and a run would meet only after paid calls, or after failing many
// episodes. Where what a speaker says picks the way (dryPaths), the
// episode is played down every way too.
func (x *Experiment) DryRun(ctx context.Context) error {
	plan := x.planned()
	_, restore := x.standInSim()
	defer restore()
	defer func() { x.dry = nil }()
	for _, q := range plan.firstOfEachTask() {
		for si, slot := range plan.slots {
			if slot.repeat > 0 {
				continue // another seed of the same prompts
			}
			ep := plan.At(q*len(plan.slots) + si)
			for _, path := range dryPaths(ep.Protocol.Protocol, ep.Assignment) {
				if err := ctx.Err(); err != nil {
					return err
				}
				x.dry = path
				if rec := x.play(ctx, &ep); rec.Error != "" {
					where := ""
					if ep.Cell != nil {
						where = "sweep cell " + ep.Cell.Name + ", "
					}
					return x.dryRunError(ep.Protocol, fmt.Errorf("a dry run with sim agents standing in failed: %stask %s, assignment %s%s, episode %s: %s",
						where, ep.Task.Name, ep.Assignment.Name, path, rec.EpisodeID, rec.Error))
				}
			}
		}
	}
	return nil
}

// dryPath steers a dry episode where what a speaker says picks the way:
// chosen is the answer a seat that picks its own then argues, whatever it
// picked (0 or 1; -1: as it picked), and fullLength plays every state a
// protocol that decides its next event (protocols.Decider: MAD's
// moderator) could skip.
type dryPath struct {
	chosen     int
	fullLength bool
}

// String names the path in a dry run's error; "" for none.
func (d *dryPath) String() string {
	switch {
	case d == nil:
		return ""
	case d.chosen >= 0 && d.fullLength:
		return fmt.Sprintf(" (its answer %c chosen, played to the last round)", 'A'+d.chosen)
	case d.chosen >= 0:
		return fmt.Sprintf(" (its answer %c chosen)", 'A'+d.chosen)
	}
	return " (played to the last round)"
}

// dryPaths lists the ways a dry episode of p's assignment a is played: as
// its speakers pick (nil), and, where a seat picks the answer it argues
// or p may end early, with each answer picked and to the last state.
func dryPaths(p protocols.Protocol, a *protocols.Assignment) []*dryPath {
	_, decides := p.(protocols.Decider)
	switch {
	case slices.ContainsFunc(a.Seats, func(s protocols.Seat) bool { return s.Stance == protocols.Own }):
		return []*dryPath{nil, {chosen: 0, fullLength: decides}, {chosen: 1, fullLength: decides}}
	case decides:
		return []*dryPath{nil, {chosen: -1, fullLength: true}}
	}
	return []*dryPath{nil}
}

// dryRunError places err, the failure of a dry episode of p, in the
// experiment file: at p's prompts key when p has a prompts file of its
// own (whose templates are the likely cause), else at p's block.
func (x *Experiment) dryRunError(p *ProtocolEntry, err error) error {
	e := &InputError{File: x.Path, Field: p.path, Err: err}
	if p.node != nil {
		e.Line = p.node.Line
		if p.promptsSHA256 != "" {
			e.Line, e.Field = keyLine(p.node, "prompts"), joinPath(p.path, "prompts")
		}
	}
	return e
}
