package fit

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"maps"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/internal/inputerr"
	"github.com/mootlab/moot/transcript"
)

// Model is an experiment whose settings can be changed and played: each
// evaluation of the fit.
type Model struct {
	path string
	doc  yaml.Node
	// dir is the scratch folder the runs are played in; Close removes it.
	dir string
	// Concurrency is the number of episodes played at once (0: the CPUs).
	Concurrency int
	// Runs counts the experiment runs played.
	Runs int
	// OnRun, if set, is called with Runs after each run is played, in the
	// goroutine that called Fit (a progress display).
	OnRun func(runs int)
	// played holds each evaluation's outcome by its settings: a run is
	// deterministic (the experiment's seed, common random numbers), so a
	// point the fit comes back to (the start, each search's best, the
	// refits' start) is not played again.
	played map[string]Outcome
}

// NewModel reads the experiment at path. It must be one plain run: no
// sweep, no replicates (the fit sets the settings, and plays the
// experiment's seed every time).
func NewModel(path string) (*Model, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &inputerr.Error{File: path, Err: err}
	}
	x, err := engine.Parse(path, data)
	if err != nil {
		return nil, err
	}
	for _, a := range x.Agents {
		// A fit plays the experiment hundreds of times, with no budget
		// over them all: sim agents only, which cost nothing.
		if _, sim := a.Agent.(agents.InProcess); !sim {
			return nil, &inputerr.Error{File: path, Line: a.BackendLine(), Field: "agents." + a.Name + ".backend", Err: fmt.Errorf("backend %s: moot fit plays the experiment hundreds of times and fits sim settings; give every agent backend: sim", a.Backend)}
		}
	}
	m := &Model{path: path}
	if err := yaml.Unmarshal(data, &m.doc); err != nil {
		return nil, &inputerr.Error{File: path, Err: err}
	}
	if x.Sweep != nil || x.ReplicateSeeds != nil {
		key, line := topKey(&m.doc, "sweep", "replicates", "seeds")
		return nil, &inputerr.Error{File: path, Line: line, Field: key, Err: errors.New("moot fit plays one run at the experiment's seed: remove sweep:, replicates: and seeds:")}
	}
	if m.dir, err = os.MkdirTemp("", "moot-fit-*"); err != nil {
		return nil, err
	}
	return m, nil
}

// Close removes the model's scratch folder.
func (m *Model) Close() error { return os.RemoveAll(m.dir) }

// Condition is a cell of the judge accuracy a target names: a protocol's
// label, a task and an assignment ("" for all).
type Condition struct{ Protocol, Task, Assignment string }

// Count is the judged episodes of a condition and how many were correct.
type Count struct {
	N, Correct int
	// SE is the standard error of the accuracy over the condition's
	// questions (each group of questions one unit where the task groups
	// them), as the cell's own bootstrap resamples them: the cluster-robust
	// (sandwich) SE, √(m/(m−1) · Σ_u (C_u − n_u·p)²) / N over m units, C_u
	// of n_u correct; 0 with fewer than two units. It is how far the
	// accuracy at another seed's questions and draws may lie from this one.
	SE float64
	// episodes sums a hash of each episode's id: two conditions with
	// the same N and sum hold the same episodes (a target named twice,
	// once by its task, say).
	episodes uint64
}

// Accuracy is Correct / N, 0 with no episode.
func (c Count) Accuracy() float64 {
	if c.N == 0 {
		return 0
	}
	return float64(c.Correct) / float64(c.N)
}

// Outcome is what one evaluation's run gave: the count of every condition,
// each at every level (protocol; protocol and task; with assignment…).
type Outcome map[Condition]Count

// Of returns the count of the condition a target names.
func (o Outcome) Of(t Target) (Count, bool) {
	c, ok := o[Condition{t.Protocol, t.Task, t.Assignment}]
	return c, ok
}

// Known lists the conditions of an outcome, for an error that says what
// a target could have named.
func (o Outcome) Known() string {
	var names []string
	for c := range o {
		names = append(names, Target{Protocol: c.Protocol, Task: c.Task, Assignment: c.Assignment}.Name())
	}
	slices.Sort(names)
	return strings.Join(names, "; ")
}

// Experiment returns the experiment with each parameter set to its value,
// decoded and validated as a run's file is; an error names the parameter
// that could not be set.
func (m *Model) Experiment(params []Parameter, values []float64) (*engine.Experiment, error) {
	doc := clone(&m.doc)
	for i, p := range params {
		if err := set(doc, p.Name, values[i]); err != nil {
			return nil, fmt.Errorf("%s: %w", p.Name, err)
		}
	}
	data, err := yaml.Marshal(doc)
	if err != nil {
		return nil, err
	}
	x, err := engine.Parse(m.path, data)
	if err != nil {
		return nil, fmt.Errorf("with %s: %w", describe(params, values), err)
	}
	return x, nil
}

// Evaluate plays the experiment with the parameters set to values and
// counts its judged episodes by condition; settings played before give
// the outcome they gave (the caller must not change it).
func (m *Model) Evaluate(ctx context.Context, params []Parameter, values []float64) (Outcome, error) {
	key := fmt.Sprint(params, values) // every digit: points apart stay apart
	if out, ok := m.played[key]; ok {
		return out, nil
	}
	x, err := m.Experiment(params, values)
	if err != nil {
		return nil, err
	}
	out := Outcome{}
	c := &counter{out: out}
	m.Runs++
	if _, err := engine.Run(ctx, x, engine.Options{Out: m.dir, Fresh: true, Concurrency: m.Concurrency, Sinks: []engine.Sink{c}}); err != nil {
		return nil, err
	}
	c.setSE()
	if m.played == nil {
		m.played = map[string]Outcome{}
	}
	m.played[key] = out
	if m.OnRun != nil {
		m.OnRun(m.Runs)
	}
	return out, nil
}

// counter is the sink of an evaluation's run: it counts into out, and
// keeps each condition's count by unit (a question, or its group) for the
// counts' SE (setSE).
type counter struct {
	out   Outcome
	units map[Condition]map[string][2]int
}

// Episode counts a judged episode under its protocol, its protocol and
// task, and each of those with its assignment; a failed one is left out
// (as the summary leaves it out of n), an unparsed verdict counts wrong.
func (c *counter) Episode(ep *transcript.Episode, _ bool) error {
	if ep.Error != "" {
		return nil
	}
	h := fnv.New64a()
	h.Write([]byte(ep.EpisodeID))
	id := h.Sum64()
	unit := ep.Task + "\x00" + ep.QuestionID
	if ep.Group != "" {
		unit = ep.Task + "\x00group\x00" + ep.Group
	}
	if c.units == nil {
		c.units = map[Condition]map[string][2]int{}
	}
	conds := []Condition{{ep.Protocol, "", ""}, {ep.Protocol, ep.Task, ""}}
	if ep.Assignment != "" {
		// A record without an assignment is counted once at each level,
		// not again as if its assignment were all of them.
		conds = append(conds, Condition{ep.Protocol, "", ep.Assignment}, Condition{ep.Protocol, ep.Task, ep.Assignment})
	}
	for _, k := range conds {
		n, u := c.out[k], c.units[k]
		if u == nil {
			u = map[string][2]int{}
			c.units[k] = u
		}
		tally := u[unit]
		n.N++
		tally[0]++
		n.episodes += id
		if ep.Correct {
			n.Correct++
			tally[1]++
		}
		c.out[k], u[unit] = n, tally
	}
	return nil
}

// setSE sets each count's SE from its units' tallies (Count.SE).
func (c *counter) setSE() {
	for k, units := range c.units {
		n := c.out[k]
		m := len(units)
		if m < 2 {
			continue
		}
		p := n.Accuracy()
		var ss float64
		// In the units' order, so that the sum, and a fit, is the same
		// to the last digit at every run.
		for _, name := range slices.Sorted(maps.Keys(units)) {
			t := units[name]
			d := float64(t[1]) - float64(t[0])*p
			ss += d * d
		}
		n.SE = math.Sqrt(float64(m)/float64(m-1)*ss) / float64(n.N)
		c.out[k] = n
	}
}

// set puts value in the setting a parameter names, in an experiment's
// YAML document: agents.<agent>.<setting> or protocols.<label>.<setting>.
func set(doc *yaml.Node, name string, value float64) error {
	parts := strings.SplitN(name, ".", 3)
	if len(parts) == 3 && parts[1] == "*" {
		// A sweep's key sets every agent (protocol) that has the setting;
		// a parameter is one setting of one.
		return fmt.Errorf("a parameter is one %s's setting: name it (%s.<name>.%s), not *", strings.TrimSuffix(parts[0], "s"), parts[0], parts[2])
	}
	root := doc.Content[0]
	var block *yaml.Node
	switch parts[0] {
	case "agents":
		agents := lookup(root, "agents")
		if agents != nil {
			block = lookup(agents, parts[1])
		}
		if block == nil {
			return fmt.Errorf("the experiment has no agent %q", parts[1])
		}
	case "protocols":
		list := lookup(root, "protocols")
		for _, p := range contentOf(list) {
			label := lookup(p, "label")
			if label == nil {
				label = lookup(p, "name")
			}
			if label != nil && label.Value == parts[1] {
				block = p
			}
		}
		if block == nil {
			return fmt.Errorf("the experiment has no protocol labelled %q", parts[1])
		}
	}
	if block.Kind != yaml.MappingNode {
		return errors.New("its block is not a mapping")
	}
	v := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: strconv.FormatFloat(value, 'g', -1, 64)}
	if old := lookup(block, parts[2]); old != nil {
		*old = *v
		return nil
	}
	block.Content = append(block.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: parts[2]}, v)
	return nil
}

func contentOf(n *yaml.Node) []*yaml.Node {
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	return n.Content
}

// lookup returns the value of key in mapping n, or nil.
func lookup(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// clone copies a YAML node tree, so that an evaluation's settings never
// reach the model's document.
func clone(n *yaml.Node) *yaml.Node {
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, k := range n.Content {
		c.Content[i] = clone(k)
	}
	return &c
}

// describe lists parameters with their values, as name=value.
func describe(params []Parameter, values []float64) string {
	parts := make([]string, len(params))
	for i, p := range params {
		parts[i] = fmt.Sprintf("%s=%.4g", p.Name, values[i])
	}
	return strings.Join(parts, ", ")
}

// topKey is the first of keys that doc's top-level mapping has, and its
// line; "" and 0 where it has none.
func topKey(doc *yaml.Node, keys ...string) (string, int) {
	if len(doc.Content) == 0 {
		return "", 0
	}
	top := doc.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		if k := top.Content[i]; slices.Contains(keys, k.Value) {
			return k.Value, k.Line
		}
	}
	return "", 0
}
