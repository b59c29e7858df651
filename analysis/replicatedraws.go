package analysis

import (
	"cmp"
	"maps"
	"slices"
	"strconv"

	"github.com/mootlab/moot/transcript"
)

// RepeatedDraws counts, for one agent of a replicated run, its answers
// that are the very draw of an answer it gave at another seed
// (transcript.Message.Draw): the same request, its seed included, answered
// alike from the response cache or a batch. An agent that sends one seed
// with every call (an OpenAI-compatible endpoint's seed: setting) asks
// the same at every seed of a task whose questions the seeds share, and
// its answers there are copies, not draws: the seeds are then not
// independent draws of the study, and what is computed over them counts
// each copy as one. A sim agent's draw holds the call's seed, which
// differs between seeds, and an answer drawn anew (an uncached LLM's)
// names none: neither is counted.
type RepeatedDraws struct {
	Agent string `json:"agent"`
	// Answers counts the agent's answers that name a draw, at every
	// seed; Repeated those whose draw an earlier seed's answer named.
	Answers  int `json:"answers"`
	Repeated int `json:"repeated"`
}

// seedDraws finds the draws that answer at more than one seed. It keeps
// each drawn answer of the run, 16 bytes apiece, sorted by draw once all
// are in: 28 MB held for 1.4 million (10 seeds of 20,000 seven-message
// episodes, the slice's spare room included), where a map of the draws
// took 38 MB. It keeps likewise, by its prompt, each answer of an agent
// that samples greedily (greedy: temperature 0), whose answer to a prompt
// it was given at another seed is that answer again but for its server's
// nondeterminism, whatever draw it names (GreedyRepeats).
type seedDraws struct {
	drawn    []drawnAnswer
	prompted []drawnAnswer
	greedy   GreedyAgents
	cells    map[string]map[string]bool // greedy.cell by cell, once read
	agents   []string
	agentOf  map[string]int32
}

// drawnAnswer is an answer that names a draw: the draw's first 64 bits,
// the replicate it answered in, and its agent (seedDraws.agents).
type drawnAnswer struct {
	key        uint64
	rep, agent int32
}

// add keeps the drawn answers of an episode of replicate r, and the
// answers of its greedy agents by their prompts.
func (d *seedDraws) add(r int, ep *transcript.Episode) {
	for i := range ep.Messages {
		m := &ep.Messages[i]
		if key, ok := drawKey(m.Draw); ok {
			d.drawn = append(d.drawn, drawnAnswer{key: key, rep: int32(r), agent: d.agent(m.Agent)})
		}
		if !d.greedyIn(ep.Cell, m.Agent) {
			continue
		}
		if key, ok := drawKey(m.PromptSHA256); ok {
			d.prompted = append(d.prompted, drawnAnswer{key: key, rep: int32(r), agent: d.agent(m.Agent)})
		}
	}
}

// greedyIn says whether agent samples greedily in the sweep cell named
// cell ("" for a run without a sweep, or a protocol no axis touches): as
// the cell sets it (GreedyAgents.cell), else as the run does.
func (d *seedDraws) greedyIn(cell, agent string) bool {
	if len(d.greedy.All) == 0 && len(d.greedy.ByCell) == 0 {
		return false // no agent samples greedily: most runs, every message
	}
	agents, read := d.cells[cell]
	if !read {
		agents = d.greedy.cell(cell)
		if d.cells == nil {
			d.cells = map[string]map[string]bool{}
		}
		d.cells[cell] = agents
	}
	if greedy, set := agents[agent]; set {
		return greedy
	}
	return d.greedy.All[agent]
}

// cell is what the sweep cell named name sets of its agents (ByCell). A
// protocol that some axes leave alone is played in cells named by the
// others alone (engine.Sweep.PlayedIn: "strong.temperature=0" in a sweep
// of two axes), which no lock names: such a cell is read as the lock's
// cells it is part of, which set alike every agent the protocol calls
// (the first, by name, where several are).
func (g GreedyAgents) cell(name string) map[string]bool {
	if agents, ok := g.ByCell[name]; ok || name == "" {
		return agents
	}
	part := transcript.ParseCell(name)
	for _, full := range slices.Sorted(maps.Keys(g.ByCell)) {
		values := transcript.ParseCell(full)
		if !slices.ContainsFunc(part, func(v transcript.AxisValue) bool { return !slices.Contains(values, v) }) {
			return g.ByCell[full]
		}
	}
	return nil
}

// agent is the number of the agent named name (seedDraws.agents).
func (d *seedDraws) agent(name string) int32 {
	a, known := d.agentOf[name]
	if !known {
		if d.agentOf == nil {
			d.agentOf = map[string]int32{}
		}
		a = int32(len(d.agents))
		d.agents = append(d.agents, name)
		d.agentOf[name] = a
	}
	return a
}

// drawKey is the first 64 bits of a draw id (32 hex digits), false for
// none or one not in that form.
func drawKey(draw string) (uint64, bool) {
	if len(draw) < 16 {
		return 0, false
	}
	k, err := strconv.ParseUint(draw[:16], 16, 64)
	return k, err == nil
}

// repeated lists, by agent name, the agents some of whose answers repeat
// a draw that an earlier seed of the run (in its order of seeds) named.
func (d *seedDraws) repeated() []RepeatedDraws {
	return d.count(d.drawn, false, nil)
}

// greedyRepeats lists, by agent name, the greedy agents some of whose
// answers are to a prompt they were given at an earlier seed, but for
// those that repeated names already (whose copies it counts).
func (d *seedDraws) greedyRepeats(repeated []RepeatedDraws) []RepeatedDraws {
	said := map[string]bool{}
	for _, r := range repeated {
		said[r.Agent] = true
	}
	return d.count(d.prompted, true, said)
}

// count sorts xs by key (and agent, where byAgent: a prompt is the same
// ask only of the same agent; a draw names one answer whoever gave it),
// then seed, and counts for each agent not in skip its answers and those
// whose key an earlier seed's answer had.
func (d *seedDraws) count(xs []drawnAnswer, byAgent bool, skip map[string]bool) []RepeatedDraws {
	same := func(a, b drawnAnswer) bool { return a.key == b.key && (!byAgent || a.agent == b.agent) }
	slices.SortFunc(xs, func(a, b drawnAnswer) int {
		c := cmp.Compare(a.key, b.key)
		if byAgent {
			c = cmp.Or(c, cmp.Compare(a.agent, b.agent))
		}
		return cmp.Or(c, cmp.Compare(a.rep, b.rep))
	})
	answers, repeats := make([]int, len(d.agents)), make([]int, len(d.agents))
	for i := 0; i < len(xs); {
		first, j := xs[i].rep, i
		for ; j < len(xs) && same(xs[j], xs[i]); j++ {
			answers[xs[j].agent]++
			if xs[j].rep != first {
				repeats[xs[j].agent]++
			}
		}
		i = j
	}
	var out []RepeatedDraws
	for a, name := range d.agents {
		if repeats[a] > 0 && !skip[name] {
			out = append(out, RepeatedDraws{Agent: name, Answers: answers[a], Repeated: repeats[a]})
		}
	}
	slices.SortFunc(out, func(a, b RepeatedDraws) int { return cmp.Compare(a.Agent, b.Agent) })
	return out
}
