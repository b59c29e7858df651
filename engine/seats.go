package engine

import (
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/protocols"
)

// checkSeats refuses a protocol, of kind and settings block n at path in
// messages, whose seats break the contract of protocols.Check (a fault
// of the protocol's code, named so that its author finds it) or name an
// agent the experiment does not have.
func (x *Experiment) checkSeats(p protocols.Protocol, kind string, n *yaml.Node, path string) error {
	if err := protocols.Check(p); err != nil {
		return &InputError{File: x.Path, Line: n.Line, Field: path, Err: fmt.Errorf("protocol %s, as these settings make it: %w", kind, err)}
	}
	for _, a := range p.Assignments() {
		for _, s := range a.Seats {
			if x.agent(s.Agent) == nil {
				field, err := s.Setting, fmt.Errorf("unknown agent %q (agents: %s)", s.Agent, x.agentNames())
				if s.Agent == "" { // left out, and neither required nor validated
					err = fmt.Errorf("no agent for seat %q: name one (agents: %s)", s.Name, x.agentNames())
				}
				return &InputError{File: x.Path, Line: keyLine(n, field), Field: path + "." + field, Err: err}
			}
		}
	}
	return nil
}
