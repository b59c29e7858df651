package engine

import (
	"errors"
	"fmt"
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/protocols"
)

// checkSeats refuses a protocol, of kind and settings block n at path in
// messages, whose seats break the contract of protocols.Check (a fault
// of the protocol's code, named so that its author finds it) or name an
// agent the experiment does not have: the first unknown one, else the
// first whose settings are at fault (errAgentAtFault).
func (x *Experiment) checkSeats(p protocols.Protocol, kind string, n *yaml.Node, path string) error {
	if err := protocols.Check(p); err != nil {
		return &InputError{File: x.Path, Line: n.Line, Field: path, Err: fmt.Errorf("protocol %s, as these settings make it: %w", kind, err)}
	}
	var atFault error
	for _, a := range p.Assignments() {
		for _, s := range a.Seats {
			if x.agent(s.Agent) == nil {
				field, err := s.Setting, x.noAgent(s.Agent)
				if s.Agent == "" { // left out, and neither required nor validated
					err = fmt.Errorf("no agent for seat %q: name one (agents: %s)", s.Name, x.agentNames())
				}
				if err := keepAtFault(&InputError{File: x.Path, Line: keyLine(n, field), Field: path + "." + field, Err: err}, &atFault); err != nil {
					return err
				}
			}
		}
	}
	return atFault
}

// errAgentAtFault is the fault of a protocol that names an agent whose
// own settings are at fault: said at the agent, not again.
var errAgentAtFault = errors.New("names an agent whose settings are at fault")

// errProtocolAtFault is the fault of a sweep key that names a protocol
// that did not build: said at the protocol, not again.
var errProtocolAtFault = errors.New("names a protocol whose settings are at fault")

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
	built := func(name string) bool { return x.agent(name) != nil }
	if kind == "protocols" {
		built = func(label string) bool {
			return slices.ContainsFunc(x.Protocols, func(p *ProtocolEntry) bool { return p.Label == label })
		}
	}
	var out []string
	for _, name := range x.given(kind) {
		if !built(name) {
			out = append(out, name)
		}
	}
	return out
}

// errAtFault is the fault of a sweep key that names an agent or a
// protocol (kind) at fault, left unsaid (withoutAtFault).
func (x *Experiment) errAtFault(kind string) error {
	if kind == "protocols" {
		return errProtocolAtFault
	}
	return errAgentAtFault
}

// noAgent is the error of a seat, scorer or reference agent that names
// name, an agent the experiment does not have: errAgentAtFault where the
// file has it but its settings are at fault, else unknown, with the
// agents the file names.
func (x *Experiment) noAgent(name string) error {
	if slices.Contains(x.atFault("agents"), name) {
		return errAgentAtFault
	}
	return fmt.Errorf("unknown agent %q (agents: %s)", name, x.agentNames())
}

// withoutAtFault is faults less those of errAgentAtFault and
// errProtocolAtFault: said where the agent or protocol stands.
func withoutAtFault(faults []placedFault) []placedFault {
	out := faults[:0:0]
	for _, f := range faults {
		if !errors.Is(f.err, errAgentAtFault) && !errors.Is(f.err, errProtocolAtFault) {
			out = append(out, f)
		}
	}
	return out
}

// keepAtFault is err for its caller to stop at; where err only names an
// agent whose settings are at fault (errAgentAtFault), nil, with err kept
// in atFault (the first), so that the caller goes on to find the faults
// that are the protocol's own.
func keepAtFault(err error, atFault *error) error {
	if !errors.Is(err, errAgentAtFault) {
		return err
	}
	if *atFault == nil {
		*atFault = err
	}
	return nil
}
