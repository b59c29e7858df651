package engine

import (
	"slices"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/internal/settings"
	"github.com/mootlab/moot/protocols"
)

// A sweep is read beside agents and protocols at fault (loadPlays): a
// key naming one of them is left unsaid (errAgentAtFault,
// errProtocolAtFault), its fault said where it stands.

// given is the names of the agents or the labels of the protocols
// (kind) that the file gives, in its order, those at fault too.
func (x *Experiment) given(kind string) []string {
	if kind == "protocols" {
		return x.labelled
	}
	return x.named
}

// atFault is the names of the agents or the labels of the protocols
// (kind) that the file gives but that did not build, their own faults
// said where they stand.
func (x *Experiment) atFault(kind string) []string {
	var out []string
	for _, name := range x.given(kind) {
		built := x.agent(name) != nil
		if kind == "protocols" {
			built = slices.ContainsFunc(x.Protocols, func(p *ProtocolEntry) bool { return p.Label == name })
		}
		if !built {
			out = append(out, name)
		}
	}
	return out
}

// someKindHas says whether some backend (kind agents) or some protocol
// has setting: where none has, no agent or protocol at fault, once
// sound, has it either.
func someKindHas(kind, setting string) bool {
	has := func(ss []settings.Setting) bool {
		return slices.ContainsFunc(ss, func(s settings.Setting) bool { return s.Name == setting })
	}
	if kind == "agents" {
		return slices.ContainsFunc(agents.Entries(), func(e agents.Entry) bool { return has(e.Settings) })
	}
	return slices.ContainsFunc(protocols.Entries(), func(e protocols.Entry) bool { return has(e.Settings) })
}

// errAtFault is the fault of a sweep key that names an agent or a
// protocol (kind) at fault, left unsaid (withoutAgentsAtFault).
func (x *Experiment) errAtFault(kind string) error {
	if kind == "protocols" {
		return errProtocolAtFault
	}
	return errAgentAtFault
}
