package engine

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

// maxExpanded bounds the nodes expandAliases may write: far more than any
// experiment file holds, and far less than a file of nested aliases (a
// "YAML bomb") would make of a few lines.
const maxExpanded = 1 << 16

// expandAliases replaces each alias in the tree below n with a copy of the
// value it names, so that every check that reads the tree (an agent's
// backend, a protocol's name, a sweep's axes) sees an aliased agent or
// protocol as the map it stands for. A copy's own node carries the
// alias's line; what it holds keeps the lines of the anchored text. It
// fails, naming the line, where the copies would pass maxExpanded nodes.
func expandAliases(n *yaml.Node) error {
	budget := maxExpanded
	var walk func(n *yaml.Node) error
	walk = func(n *yaml.Node) error {
		for i, c := range n.Content {
			if c.Kind == yaml.AliasNode && c.Alias != nil {
				cp, err := copyNode(c.Alias, &budget)
				if err != nil {
					return &lineError{Line: c.Line, Err: err}
				}
				cp.Line, cp.Column = c.Line, c.Column
				n.Content[i] = cp
				continue
			}
			if err := walk(c); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(n)
}

// copyNode returns a deep copy of n with its aliases expanded, less its
// anchor, counting the nodes it writes against budget.
func copyNode(n *yaml.Node, budget *int) (*yaml.Node, error) {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if *budget--; *budget < 0 {
		return nil, fmt.Errorf("the aliases expand to more than %d values (nested aliases?)", maxExpanded)
	}
	cp := *n
	cp.Anchor = ""
	cp.Content = make([]*yaml.Node, len(n.Content))
	for i, c := range n.Content {
		var err error
		if cp.Content[i], err = copyNode(c, budget); err != nil {
			return nil, err
		}
	}
	return &cp, nil
}
