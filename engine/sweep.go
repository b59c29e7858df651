package engine

import (
	"fmt"
	"slices"

	"github.com/mootlab/moot/transcript"
	"go.yaml.in/yaml/v3"
)

// maxCells bounds the cartesian product of a sweep: a larger one is a typo
// more often than an experiment.
const maxCells = 1000

// Sweep is the cartesian product of an experiment's sweep: block. Each key
// names one setting of one agent or protocol — or, with *, of every agent
// or protocol that has it — and lists its values:
//
//	sweep:
//	  agents.strong.skill: [0.5, 0.7, 0.9]
//	  protocols.*.rounds: [1, 3]
//	  zip:                          # these vary together: 0.5 with 0.3…
//	    agents.debater.skill: [0.5, 0.9]
//	    agents.consultant.skill: [0.3, 0.7]
//	  protocols.debate.prompts: {shipped: "", terse: p/terse.tmpl}  # named values
//
// gives 3 × 2 × 2 × 2 cells, the first key varying slowest. A cell is the
// experiment with its values substituted into the settings blocks, each
// block decoded and validated as if the value had been written there.
// Every cell plays the same questions, so that cells are paired question
// by question; a protocol that no axis touches — neither its settings nor
// any of its agents' — is played once, outside the cells, and shared by
// all of them, and one that some axes touch, once for each combination of
// theirs (PlayedIn).
type Sweep struct {
	Axes  []*Axis
	Cells []*Cell
	// played are the cells each protocol is played in, by its index
	// (PlayedIn).
	played [][]*Cell
}

// Axis is one key of a sweep.
type Axis struct {
	// Key is the key as written: agents.<agent>.<setting> or
	// protocols.<label>.<setting>.
	Key string
	// Name is Key without its first part (strong.skill): the axis as it
	// appears in cell names, transcripts and tables.
	Name string
	// Values are the values as written in the file, or their names where
	// the file names them (a map of names to values): what cell names hold.
	Values []string

	// Zip is, for the axes of a zip: group, which vary together (one value
	// of each in every cell), a number they share; 0 for an axis of its
	// own.
	Zip int

	line    int
	targets []axisTarget // the agents or protocols whose setting varies
	setting string
	nodes   []*yaml.Node // the values' nodes, substituted into the block
}

// axisTarget is an agent or a protocol that an axis sets.
type axisTarget struct {
	agent *AgentEntry
	proto *ProtocolEntry
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
		for _, t := range ax.targets {
			if t.agent != nil {
				ch := agentBlocks[t.agent]
				if ch == nil {
					ch = &change{first: ax, block: t.agent.node}
					agentBlocks[t.agent] = ch
					agentOrder = append(agentOrder, t.agent)
				}
				ch.block = withSetting(ch.block, ax.setting, value, ax.line)
				continue
			}
			ch := protoBlocks[t.proto]
			if ch == nil {
				ch = &change{first: ax, block: t.proto.node}
				protoBlocks[t.proto] = ch
			}
			ch.block = withSetting(ch.block, ax.setting, value, ax.line)
		}
	}
	bad := func(ax *Axis, err error) error {
		return x.axisFault(ax, ax.line, fmt.Errorf("cell %s: %w", c.Name, bareError(err)))
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

// PlayedIn lists the cells protocol pi of the experiment is played in:
// [nil] without a sweep, or when no axis touches the protocol — neither
// its settings nor those of an agent it calls (a seat's, its best-of-N
// scorer, its reference writer) —, for it is played once, outside the
// cells, and shared by all of them; every cell when every axis touches
// it; else one cell for each combination of the values of the axes that
// do (with the axes zipped with them), named by those axes alone
// (judge.skill=0.7 in a sweep that also varies debate.rounds): the cells
// that differ only in the other axes would play it alike, and their
// copies would count its episodes several times over.
func (sw *Sweep) PlayedIn(pi int) []*Cell {
	if sw == nil {
		return []*Cell{nil}
	}
	return sw.played[pi]
}

// playedIn makes PlayedIn's cells of protocol p.
func (sw *Sweep) playedIn(p *ProtocolEntry) []*Cell {
	touched := sw.touching(p)
	switch n := countTrue(touched); n {
	case 0:
		return []*Cell{nil}
	case len(sw.Axes):
		return sw.Cells
	}
	var out []*Cell
	seen := map[string]bool{}
	for _, c := range sw.Cells {
		var pairs []transcript.AxisValue
		values := make([]string, len(sw.Axes))
		for i, ax := range sw.Axes {
			if touched[i] {
				pairs = append(pairs, transcript.AxisValue{Axis: ax.Name, Value: c.Values[i]})
				values[i] = c.Values[i]
			}
		}
		name := transcript.CellName(pairs)
		if seen[name] {
			continue
		}
		seen[name] = true
		// The other axes change nothing p plays: the first cell of the
		// combination plays it as every other would.
		out = append(out, &Cell{Name: name, Values: values, Agents: c.Agents, Protocols: c.Protocols})
	}
	return out
}

// touching says, axis by axis, whether the axis changes protocol p in
// some cell: its own settings, or those of an agent it calls (a seat's,
// its scorer, its reference writer). An axis zipped with one that does
// counts as touching it too: the two vary together.
func (sw *Sweep) touching(p *ProtocolEntry) []bool {
	uses := map[string]bool{}
	as := p.Protocol.Assignments()
	for i := range as {
		for _, name := range agentsCalled(p.Protocol, &as[i]) {
			uses[name] = true
		}
	}
	touched := make([]bool, len(sw.Axes))
	zips := map[int]bool{}
	for i, ax := range sw.Axes {
		for _, t := range ax.targets {
			if t.proto == p || t.agent != nil && uses[t.agent.Name] {
				touched[i] = true
				if ax.Zip != 0 {
					zips[ax.Zip] = true
				}
			}
		}
	}
	for i, ax := range sw.Axes {
		touched[i] = touched[i] || ax.Zip != 0 && zips[ax.Zip]
	}
	return touched
}

func countTrue(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
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
