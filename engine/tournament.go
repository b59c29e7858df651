package engine

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/protocols"
)

// tournament expands a tournament block — debaters, a judge and debate
// settings — into one debate for each pair of debaters. Each debate has two
// distinct debaters, so each argues each side on the same questions, in
// both orders: the cross-play of Kenton et al. 2024 from which debater Elo
// ratings are fitted.
//
//	tournament:
//	  debaters: [a, b, c]
//	  judge: j
//	  rounds: 3
//
// plays debates labelled a-vs-b, a-vs-c and b-vs-c.
func (x *Experiment) tournament(node *yaml.Node) ([]protocolNode, error) {
	bad := func(line int, field string, err error) error {
		return &InputError{File: x.Path, Line: line, Field: "tournament" + field, Err: err}
	}
	if node.Kind != yaml.MappingNode {
		return nil, bad(node.Line, "", errors.New("want a map with debaters, a judge and debate settings"))
	}
	known := debateKeys()
	var debaters []string
	var rest []*yaml.Node
	// faults are those of keys the debates are made without, each said
	// (a block's every fault is: a key given twice is made without its
	// second place); a fault of the debaters stops them.
	var faults []error
	twice := map[*yaml.Node]bool{}
	for _, d := range duplicateKeys(node) {
		faults = append(faults, bad(d[0].Line, "", &twiceError{d[0].Value, d[1].Line}))
		twice[d[0]] = true
	}
	listed := true
	for i := 0; i+1 < len(node.Content); i += 2 {
		k, v := node.Content[i], node.Content[i+1]
		switch {
		case twice[k]:
		case k.Value == "debaters":
			if err := v.Decode(&debaters); err != nil {
				faults, listed = append(faults, bad(k.Line, ".debaters", errors.New("want a list of agent names"))), false
			}
		case k.Value == "name" || k.Value == "label":
			faults = append(faults, bad(k.Line, "."+k.Value, errors.New("a tournament names its debates itself (a-vs-b)")))
		case !slices.Contains(known, k.Value):
			faults = append(faults, bad(k.Line, "."+k.Value, fmt.Errorf("unknown field (known: %s)", strings.Join(known, ", "))))
		default:
			rest = append(rest, k, v)
		}
	}
	if listed {
		if err := checkDebaters(debaters, keyLine(node, "debaters"), bad); err != nil {
			faults, listed = append(faults, err), false
		}
	}
	if !listed {
		return nil, joinFaults(faults...)
	}
	scalar := func(v string, line int) *yaml.Node {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v, Line: line}
	}
	var out []protocolNode
	for i := range debaters {
		for j := i + 1; j < len(debaters); j++ {
			a, b := debaters[i], debaters[j]
			label := a + "-vs-" + b
			m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: node.Line, Column: node.Column}
			m.Content = append(m.Content,
				scalar("name", node.Line), scalar("debate", node.Line),
				scalar("label", node.Line), scalar(label, node.Line),
				scalar("debaters", keyLine(node, "debaters")),
				&yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: keyLine(node, "debaters"),
					Content: []*yaml.Node{scalar(a, keyLine(node, "debaters")), scalar(b, keyLine(node, "debaters"))}},
			)
			m.Content = append(m.Content, rest...)
			out = append(out, protocolNode{m, fmt.Sprintf("tournament (%s)", label)})
		}
	}
	return out, joinFaults(faults...)
}

// checkDebaters checks a tournament's debaters, listed at line: two at
// least, none twice.
func checkDebaters(debaters []string, line int, bad func(int, string, error) error) error {
	seen := map[string]bool{}
	for _, d := range debaters {
		if seen[d] {
			return bad(line, ".debaters", fmt.Errorf("%q is listed twice", d))
		}
		seen[d] = true
	}
	if len(debaters) < 2 {
		return bad(line, ".debaters", fmt.Errorf("want at least two debaters, got %d", len(debaters)))
	}
	return nil
}

// debateKeys lists, sorted, the keys a tournament block may hold: a
// debate's settings but its name and label, which the tournament gives
// each debate itself.
func debateKeys() []string {
	var keys []string
	for _, e := range protocols.Entries() {
		if e.Name != "debate" {
			continue
		}
		for _, s := range e.Settings {
			key, _, _ := strings.Cut(s.Name, ".")
			if key != "label" && key != "name" && !slices.Contains(keys, key) {
				keys = append(keys, key)
			}
		}
	}
	slices.Sort(keys)
	return keys
}
