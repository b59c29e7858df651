package engine

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/transcript"
)

// DryRun plays, in memory, with sim agents standing in for every agent,
// one episode of every assignment of every protocol (of every sweep cell),
// on the first question of every task of each shape a template may
// branch on (with a text or none, an exhibit or none…), and returns the
// error of the first that fails: a prompt template that names a field the prompt has not,
// say — also in a branch that only some assignments, some task families,
// some sweep cells or some speakers' choices take — which parsing cannot
// see and a run would meet only after paid calls, or after failing many
// episodes. Where what a speaker says picks the way (dryPaths), the
// episode is played down every way too. It returns a warning for each
// protocol whose prompts file defines a template no seat of it rendered,
// which changes nothing.
func (x *Experiment) DryRun(ctx context.Context) ([]string, error) {
	plan := x.planned()
	t, restore := x.standInSim()
	t.roles = map[*ProtocolEntry]map[transcript.Role]bool{}
	var played []*ProtocolEntry
	defer restore()
	defer func() { x.dry = nil }()
	for _, q := range plan.eachShapeOfEachTask() {
		for si, slot := range plan.slots {
			if slot.repeat > 0 {
				continue // another seed of the same prompts
			}
			ep := plan.At(q*len(plan.slots) + si)
			if !slices.Contains(played, ep.Protocol) {
				played = append(played, ep.Protocol)
			}
			t.entry = ep.Protocol
			for _, path := range dryPaths(ep.Protocol.Protocol, ep.Assignment) {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
				x.dry = path
				if rec := x.play(ctx, &ep); rec.Error != "" {
					return nil, x.dryRunError(&ep, path, rec)
				}
			}
		}
	}
	return unrendered(played, t.roles), nil
}

// unrendered warns, once a protocol label, of the templates a protocol's
// prompts file defines that no seat of it rendered in the dry run (a
// block for a role its settings leave out: an answerer of a debate that
// is not open, a questioner of a consultancy that is not interactive).
// The cells of a sweep that share the label and the file are one: a block
// one cell renders (a sweep of interactive) changes that cell. A block
// named without a dot is no seat's own prompt but a piece that seats'
// templates call ({{template "question" .}}), the shipped ones too, which
// the file does not show: it is not warned of.
func unrendered(played []*ProtocolEntry, roles map[*ProtocolEntry]map[transcript.Role]bool) []string {
	type file struct{ label, sum string }
	var files []file
	rendered := map[file]map[transcript.Role]bool{}
	blocks := map[file][]string{}
	for _, p := range played {
		f := file{p.Label, p.promptsSHA256}
		if _, seen := rendered[f]; !seen {
			files = append(files, f)
			rendered[f] = map[transcript.Role]bool{}
			blocks[f] = p.promptsBlocks
		}
		maps.Copy(rendered[f], roles[p])
	}
	var out []string
	for _, f := range files {
		var unused []string
		for _, b := range blocks[f] {
			role, _, seat := strings.Cut(b, ".")
			if seat && !rendered[f][transcript.Role(role)] {
				unused = append(unused, b)
			}
		}
		if len(unused) > 0 {
			out = append(out, fmt.Sprintf("protocol %s: its prompts file defines %s, which no seat of it renders as it is set (a dry run played every assignment), so %s nothing",
				f.label, strings.Join(unused, ", "), map[bool]string{true: "it changes", false: "they change"}[len(unused) == 1]))
		}
	}
	return out
}

// dryPath steers a dry episode where what a speaker says picks the way:
// chosen is the answer a seat that picks its own then argues, whatever it
// picked (0 or 1; -1: as it picked), and fullLength plays every state a
// protocol that decides its next event (protocols.Decider: MAD's
// moderator) could skip.
//
// In an estimate, guessed names the agents a sim of default settings
// stands in for (standInSim): a decision to end early on what one of them
// said would be the stand-in's, not the agent's, and the estimate plays on
// to the last round instead, an upper bound (the stand-in had ended about
// half the debates early that an LLM moderator played out, and the
// estimate was a third below the calls sent).
type dryPath struct {
	chosen     int
	fullLength bool
	guessed    map[string]bool
}

// decides says whether a protocol that decides its next event may do so
// on msgs, what a step's seats said: not on the path played to the last
// state, nor on what a guessed agent said.
func (d *dryPath) decides(msgs []transcript.Message) bool {
	if d == nil {
		return true
	}
	if d.fullLength {
		return false
	}
	for i := range msgs {
		if d.guessed[msgs[i].Agent] {
			return false
		}
	}
	return true
}

// String names the path in a dry run's error; "" for none.
func (d *dryPath) String() string {
	switch {
	case d == nil:
		return ""
	case d.chosen >= 0 && d.fullLength:
		return fmt.Sprintf(" (the seat that picks its answer made to argue %c, played to the last round)", 'A'+d.chosen)
	case d.chosen >= 0:
		return fmt.Sprintf(" (the seat that picks its answer made to argue %c)", 'A'+d.chosen)
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

// dryRunError is the failure of rec, a dry episode of ep played down
// path (nil: as its speakers picked), placed in the experiment file: at
// its protocol's prompts key when the protocol has a prompts file of its
// own (whose templates are the likely cause), else at its block.
func (x *Experiment) dryRunError(ep *Episode, path *dryPath, rec transcript.Episode) *InputError {
	where := ""
	if ep.Cell != nil {
		where = "sweep cell " + ep.Cell.Name + ", "
	}
	p := ep.Protocol
	e := &InputError{File: x.Path, Field: p.path, Err: fmt.Errorf("a dry run with sim agents standing in failed: %stask %s, assignment %s%s, episode %s: %s",
		where, ep.Task.Name, ep.Assignment.Name, path, rec.EpisodeID, rec.Error)}
	if p.node != nil {
		e.Line = p.node.Line
		if p.promptsSHA256 != "" {
			e.Line, e.Field = keyLine(p.node, "prompts"), joinPath(p.path, "prompts")
		}
	}
	if x.Sweep != nil && p.promptsSHA256 != "" {
		// Prompts a sweep gives the cell are the sweep's key, as its
		// other errors name it.
		for _, ax := range x.Sweep.Axes {
			if ax.Key == "protocols."+p.Label+".prompts" {
				e.Field = ax.field()
			}
		}
	}
	return e
}
