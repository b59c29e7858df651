package engine

import (
	"errors"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/protocols"
)

// protocolNode is a protocol's settings block and its path in messages.
type protocolNode struct {
	node *yaml.Node
	path string
}

func (x *Experiment) loadProtocols(nodes []protocolNode, line int) []placedFault {
	if len(nodes) == 0 {
		return []placedFault{{line, &InputError{File: x.Path, Line: line, Field: "protocols", Err: fmt.Errorf("want a list of at least one protocol (known: %s), or a tournament", strings.Join(protocols.Names(), ", "))}}}
	}
	labels := map[string]int{}
	// A tournament's debates share its settings: a fault of them is said
	// once, not once for each pair.
	said := map[string]bool{}
	var faults []placedFault
	for i := range nodes {
		n, path := nodes[i].node, nodes[i].path
		if n.Kind != yaml.MappingNode {
			faults = append(faults, placedFault{n.Line, &InputError{File: x.Path, Line: n.Line, Field: path, Err: errors.New("want a map with a name and settings")}})
			continue
		}
		x.labelled = append(x.labelled, nodeLabel(n))
		p, err := x.buildProtocol(n, path)
		for _, e := range eachFault(err) {
			if ie, ok := e.(*InputError); ok && strings.HasPrefix(path, "tournament (") {
				_, field, _ := strings.Cut(ie.Field, ")")
				key := fmt.Sprintf("%s:%d:%s: %v", ie.File, ie.Line, field, ie.Err)
				if said[key] {
					continue
				}
				said[key] = true
			}
			faults = append(faults, x.placeFault(e, n.Line))
		}
		if err != nil {
			continue
		}
		if prev, dup := labels[p.Label]; dup {
			faults = append(faults, x.placeFault(&InputError{File: x.Path, Line: keyLine(n, "label"), Field: path + ".label", Err: fmt.Errorf("%q is already used by %s; give each a distinct label", p.Label, nodes[prev].path)}, n.Line))
			continue
		}
		labels[p.Label] = i
		x.Protocols = append(x.Protocols, p)
	}
	return faults
}

// nodeLabel is the label a protocol's settings block n gives it: its
// label, else its name, as protocols.Common's default.
func nodeLabel(n *yaml.Node) string {
	if label, _ := scalar(n, "label"); label != "" {
		return label
	}
	name, _ := scalar(n, "name")
	return name
}

// buildProtocol makes a protocol from its settings block n, at path in
// messages, and checks that the agents it names exist.
func (x *Experiment) buildProtocol(n *yaml.Node, path string) (*ProtocolEntry, error) {
	kind, factory, err := lookupPlugin(x, n, "name", path, protocols.Names, protocols.Lookup)
	if err != nil {
		return nil, err
	}
	p, err := factory(func(s any) error { return decodeStrict(n, s, "name") })
	if err != nil {
		return nil, inputError(x.Path, n.Line, path, func(f string) int { return keyLine(n, f) }, err)
	}
	c := p.Common()
	// An agent named whose own settings are at fault stops the protocol,
	// but after its other faults are found.
	var atFault error
	if s := p.Rules().Scorer; s != "" && x.agent(s) == nil {
		if err := keepAtFault(&InputError{File: x.Path, Line: keyLine(n, "scorer"), Field: path + ".scorer", Err: x.noAgent(s)}, &atFault); err != nil {
			return nil, err
		}
	}
	var promptsSHA256 string
	var blocks []string
	if c.Prompts != "" {
		if promptsSHA256, blocks, err = x.overridePrompts(p, c.Prompts); err != nil {
			var faults []error
			for _, e := range joined(err) {
				faults = append(faults, &InputError{File: x.Path, Line: keyLine(n, "prompts"), Field: path + ".prompts", Err: e})
			}
			return nil, joinFaults(faults...)
		}
	}
	if !namePattern.MatchString(c.Label) {
		return nil, &InputError{File: x.Path, Line: keyLine(n, "label"), Field: path + ".label", Err: fmt.Errorf("labels are 1-64 letters, digits, '-', '_' or '.'; got %q", c.Label)}
	}
	if err := keepAtFault(x.checkReference(p, n, path), &atFault); err != nil {
		return nil, err
	}
	if err := keepAtFault(x.checkSeats(p, kind, n, path), &atFault); err != nil {
		return nil, err
	}
	if atFault != nil {
		return nil, atFault
	}
	return &ProtocolEntry{Label: c.Label, Kind: kind, Protocol: p, comparison: p.Comparison().WithReference(c.Reference), node: n, path: path,
		promptsSHA256: promptsSHA256, promptsBlocks: blocks}, nil
}
