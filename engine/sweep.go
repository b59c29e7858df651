package engine

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/mootlab/moot/transcript"
	"go.yaml.in/yaml/v3"
)

// maxCells bounds the cartesian product of a sweep: a larger one is a typo
// more often than an experiment.
const maxCells = 1000

// Sweep is the cartesian product of an experiment's sweep: block. Each key
// names one setting of one agent or protocol and lists its values:
//
//	sweep:
//	  agents.strong.skill: [0.5, 0.7, 0.9]
//	  protocols.debate.rounds: [1, 3]
//
// gives six cells, the first key varying slowest. A cell is the experiment
// with its values substituted into the settings blocks, each block decoded
// and validated as if the value had been written there. Every cell plays
// the same questions, so that cells are paired question by question.
type Sweep struct {
	Axes  []*Axis
	Cells []*Cell
}

// Axis is one key of a sweep.
type Axis struct {
	// Key is the key as written: agents.<agent>.<setting> or
	// protocols.<label>.<setting>.
	Key string
	// Name is Key without its first part (strong.skill): the axis as it
	// appears in cell names, transcripts and tables.
	Name string
	// Values are the values as written in the file.
	Values []string

	line    int
	agent   *AgentEntry    // the agent whose setting varies, or nil
	proto   *ProtocolEntry // the protocol whose setting varies, or nil
	setting string
	nodes   []*yaml.Node // the values' nodes, substituted into the block
}

// Cell is one combination of a sweep's values.
type Cell struct {
	// Name is axis=value for each axis, in the order of the axes, joined
	// by commas: strong.skill=0.7,debate.rounds=3. It is stable: a
	// resumed run and a repeated one name the cell alike.
	Name string
	// Values are the cell's values, one for each axis.
	Values []string
	// Agents are the agents whose settings the cell changes, under their
	// names in the file; others are the experiment's.
	Agents []*AgentEntry
	// Protocols are all the protocols in file order, with the cell's
	// settings.
	Protocols []*ProtocolEntry
}

// agent returns the cell's version of the named agent, or nil when the cell
// does not change it.
func (c *Cell) agent(name string) *AgentEntry {
	for _, a := range c.Agents {
		if a.Name == name {
			return a
		}
	}
	return nil
}

// agentOf returns the named agent as episode ep plays it: the cell's
// version when its cell changes the agent's settings.
func (x *Experiment) agentOf(ep *Episode, name string) *AgentEntry {
	if ep.Cell != nil {
		if a := ep.Cell.agent(name); a != nil {
			return a
		}
	}
	return x.agent(name)
}

// Keys that the engine reads itself: not settings a sweep can vary.
var (
	agentKeysNotSwept    = []string{"backend"}
	protocolKeysNotSwept = []string{"name", "label"}
)

// loadSweep reads the sweep: block, checks each value by building the agent
// or protocol with it, and expands the cartesian product into cells.
func (x *Experiment) loadSweep(node *yaml.Node, line int) error {
	bad := func(line int, key string, err error) error {
		return &InputError{File: x.Path, Line: line, Field: joinPath("sweep", key), Err: err}
	}
	if node.Kind != yaml.MappingNode || len(node.Content) == 0 {
		return bad(line, "", errors.New("want a map of setting paths (agents.<agent>.<setting> or protocols.<label>.<setting>) to lists of values"))
	}
	if d := duplicateKey(node); d != nil {
		return bad(d[0].Line, d[0].Value, fmt.Errorf("listed twice (first at line %d)", d[1].Line))
	}
	sw := &Sweep{}
	names := map[string]string{} // axis name → key
	cells := 1
	for i := 0; i+1 < len(node.Content); i += 2 {
		k, v := node.Content[i], node.Content[i+1]
		ax, err := x.sweepAxis(k, v)
		if err != nil {
			return err
		}
		if other, ok := names[ax.Name]; ok {
			return bad(k.Line, k.Value, fmt.Errorf("its cells would be named %s, as those of sweep.%s; rename the agent or the protocol", ax.Name, other))
		}
		names[ax.Name] = ax.Key
		cells *= len(ax.Values)
		if cells > maxCells {
			return bad(k.Line, k.Value, fmt.Errorf("the sweep has more than %d cells", maxCells))
		}
		sw.Axes = append(sw.Axes, ax)
	}
	for _, idx := range product(sw.Axes) {
		c, err := x.sweepCell(sw.Axes, idx)
		if err != nil {
			return err
		}
		sw.Cells = append(sw.Cells, c)
	}
	x.Sweep = sw
	return nil
}

// sweepAxis reads one key of the sweep and checks each of its values alone.
func (x *Experiment) sweepAxis(k, v *yaml.Node) (*Axis, error) {
	field := "sweep." + k.Value
	bad := func(line int, err error) error {
		return &InputError{File: x.Path, Line: line, Field: field, Err: err}
	}
	ax := &Axis{Key: k.Value, line: k.Line}
	var rest string
	switch {
	case strings.HasPrefix(k.Value, "agents."):
		rest = strings.TrimPrefix(k.Value, "agents.")
		// Agent names may hold dots: the longest name that fits wins.
		for _, a := range x.Agents {
			if strings.HasPrefix(rest, a.Name+".") && (ax.agent == nil || len(a.Name) > len(ax.agent.Name)) {
				ax.agent = a
			}
		}
		if ax.agent == nil {
			return nil, bad(k.Line, fmt.Errorf("unknown agent (agents: %s)", x.agentNames()))
		}
		ax.setting = strings.TrimPrefix(rest, ax.agent.Name+".")
	case strings.HasPrefix(k.Value, "protocols."):
		rest = strings.TrimPrefix(k.Value, "protocols.")
		for _, p := range x.Protocols {
			if strings.HasPrefix(rest, p.Label+".") && (ax.proto == nil || len(p.Label) > len(ax.proto.Label)) {
				ax.proto = p
			}
		}
		if ax.proto == nil {
			labels := make([]string, len(x.Protocols))
			for i, p := range x.Protocols {
				labels[i] = p.Label
			}
			return nil, bad(k.Line, fmt.Errorf("unknown protocol (labels: %s)", strings.Join(labels, ", ")))
		}
		ax.setting = strings.TrimPrefix(rest, ax.proto.Label+".")
	default:
		return nil, bad(k.Line, errors.New("want agents.<agent>.<setting> or protocols.<label>.<setting>"))
	}
	ax.Name = rest
	switch {
	case ax.setting == "" || strings.Contains(ax.setting, "."):
		return nil, bad(k.Line, errors.New("name one setting after the agent or protocol, not a nested path"))
	case ax.agent != nil && slices.Contains(agentKeysNotSwept, ax.setting),
		ax.proto != nil && slices.Contains(protocolKeysNotSwept, ax.setting):
		return nil, bad(k.Line, fmt.Errorf("%s cannot be swept; give each variant its own entry", ax.setting))
	}
	if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
		return nil, bad(v.Line, errors.New("want a non-empty list of values, such as [0.5, 0.7, 0.9]"))
	}
	seen := map[string]int{}
	for _, el := range v.Content {
		if el.Kind != yaml.ScalarNode {
			return nil, bad(el.Line, errors.New("each value is a number, a word or true/false"))
		}
		if el.Tag == "!!null" {
			// A null would leave the setting at its default, not the
			// file's value: never what a sweep means.
			return nil, bad(el.Line, fmt.Errorf("value %q is null; give the setting's value", el.Value))
		}
		if err := transcript.CheckCellValue(el.Value); err != nil {
			return nil, bad(el.Line, err)
		}
		canon := el.Value
		if f, err := strconv.ParseFloat(el.Value, 64); err == nil && el.Tag != "!!str" {
			canon = strconv.FormatFloat(f, 'g', -1, 64) // 0.5 and 0.50 are one value
		}
		if first, ok := seen[canon]; ok {
			return nil, bad(el.Line, fmt.Errorf("value %s is listed twice (first at line %d)", el.Value, first))
		}
		seen[canon] = el.Line
		// Each value alone, so that a bad one is reported at its line.
		if err := x.substitute(ax, el); err != nil {
			return nil, bad(el.Line, err)
		}
		ax.Values = append(ax.Values, el.Value)
		ax.nodes = append(ax.nodes, el)
	}
	return ax, nil
}

// substitute builds the agent or the protocol of axis ax with value as its
// setting, and returns the problem if that fails.
func (x *Experiment) substitute(ax *Axis, value *yaml.Node) error {
	var err error
	if ax.agent != nil {
		_, err = x.buildAgent(ax.agent.Name, withSetting(ax.agent.node, ax.setting, value, ax.line), "agents."+ax.agent.Name)
	} else {
		_, err = x.buildProtocol(withSetting(ax.proto.node, ax.setting, value, ax.line), ax.proto.path)
	}
	return bareError(err)
}

// bareError is the message of an InputError without its file, line and
// field: the sweep reports it at its own key and value.
func bareError(err error) error {
	var ie *InputError
	if errors.As(err, &ie) {
		return ie.Err
	}
	return err
}

// withSetting returns a copy of the mapping block with key set to value,
// replacing the key's value if the block has it. The copy shares the other
// nodes, which decoding does not change.
func withSetting(block *yaml.Node, key string, value *yaml.Node, line int) *yaml.Node {
	c := *block
	c.Content = append([]*yaml.Node(nil), block.Content...)
	for i := 0; i+1 < len(c.Content); i += 2 {
		if c.Content[i].Value == key {
			c.Content[i+1] = value
			return &c
		}
	}
	c.Content = append(c.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key, Line: line}, value)
	return &c
}

// product lists the index of each axis's value for every cell, the first
// axis varying slowest.
func product(axes []*Axis) [][]int {
	out := [][]int{{}}
	for _, ax := range axes {
		var next [][]int
		for _, prefix := range out {
			for j := range ax.Values {
				next = append(next, append(append([]int(nil), prefix...), j))
			}
		}
		out = next
	}
	return out
}

// sweepCell builds the cell with value idx[i] of each axis i: the agents
// and protocols it changes get all of their cell's values at once.
func (x *Experiment) sweepCell(axes []*Axis, idx []int) (*Cell, error) {
	c := &Cell{}
	parts := make([]transcript.AxisValue, len(axes))
	for i, ax := range axes {
		c.Values = append(c.Values, ax.Values[idx[i]])
		parts[i] = transcript.AxisValue{Axis: ax.Name, Value: ax.Values[idx[i]]}
	}
	c.Name = transcript.CellName(parts)
	// The blocks of the cell, in the order of their first axis.
	type change struct {
		first *Axis
		block *yaml.Node
	}
	agentBlocks := map[*AgentEntry]*change{}
	protoBlocks := map[*ProtocolEntry]*change{}
	var agentOrder []*AgentEntry
	for i, ax := range axes {
		value := ax.nodes[idx[i]]
		if ax.agent != nil {
			ch := agentBlocks[ax.agent]
			if ch == nil {
				ch = &change{first: ax, block: ax.agent.node}
				agentBlocks[ax.agent] = ch
				agentOrder = append(agentOrder, ax.agent)
			}
			ch.block = withSetting(ch.block, ax.setting, value, ax.line)
			continue
		}
		ch := protoBlocks[ax.proto]
		if ch == nil {
			ch = &change{first: ax, block: ax.proto.node}
			protoBlocks[ax.proto] = ch
		}
		ch.block = withSetting(ch.block, ax.setting, value, ax.line)
	}
	bad := func(ax *Axis, err error) error {
		return &InputError{File: x.Path, Line: ax.line, Field: "sweep." + ax.Key, Err: fmt.Errorf("cell %s: %w", c.Name, bareError(err))}
	}
	for _, a := range agentOrder {
		ch := agentBlocks[a]
		built, err := x.buildAgent(a.Name, ch.block, "agents."+a.Name)
		if err != nil {
			return nil, bad(ch.first, err)
		}
		c.Agents = append(c.Agents, built)
	}
	for _, p := range x.Protocols {
		ch := protoBlocks[p]
		if ch == nil {
			// A protocol is shared by its episodes already; a cell that
			// leaves it alone shares it too.
			c.Protocols = append(c.Protocols, p)
			continue
		}
		built, err := x.buildProtocol(ch.block, p.path)
		if err != nil {
			return nil, bad(ch.first, err)
		}
		c.Protocols = append(c.Protocols, built)
	}
	return c, nil
}

// CellNames lists the names of the sweep's cells in order; none without a
// sweep.
func (x *Experiment) CellNames() []string {
	if x.Sweep == nil {
		return nil
	}
	names := make([]string, len(x.Sweep.Cells))
	for i, c := range x.Sweep.Cells {
		names[i] = c.Name
	}
	return names
}

// allAgents lists the experiment's agents and then each cell's own.
func (x *Experiment) allAgents() []*AgentEntry {
	all := slices.Clone(x.Agents)
	if x.Sweep != nil {
		for _, c := range x.Sweep.Cells {
			all = append(all, c.Agents...)
		}
	}
	return all
}
