package engine

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/tasks"
)

// maxFileBytes bounds an experiment file: anything larger is not one.
const maxFileBytes = 1 << 20

// Experiment is a loaded and validated experiment file, ready to plan.
type Experiment struct {
	Path string
	// SHA256 is the hash of the file's bytes.
	SHA256  string
	Name    string
	Seed    uint64
	Repeats int
	// VerdictRetries is how many more times a judge whose answer does not
	// parse is asked.
	VerdictRetries int
	// BudgetUSD, if positive, stops a run from starting episodes that
	// could take its cost past it.
	BudgetUSD float64
	// MaxFailures stops a run once more episodes than it allows have
	// failed.
	MaxFailures FailureLimit
	Agents      []*AgentEntry
	Tasks       []*TaskEntry
	// Protocols in file order; labels are unique. In a sweep, these have
	// the settings written in the file; each cell has its own.
	Protocols []*ProtocolEntry
	// Sweep is the cartesian product of the sweep: block, nil without one.
	Sweep *Sweep
	// ReplicateSeeds, when set (replicates: N or seeds: [..]), are the
	// seeds at which the experiment is played, once at each, each
	// replicate a run of its own (LoadSeeded); nil for one plain run.
	ReplicateSeeds []uint64
	// Shard, when set, is the part of the plan this run plays (Plan);
	// the lock records it.
	Shard *Shard
	// BatchAll sends the calls of every agent that can batch (batch.Capable)
	// through its batch API, as `moot run --batch` asks.
	BatchAll bool

	// seedGiven says the file sets seed: (UnplayedSeed).
	seedGiven bool
	// named is every agent the file names, in its order, while it is
	// read: those not in Agents are at fault, and a protocol naming one
	// is not said to name an unknown agent (noAgent).
	named []string
	// labelled is the label of every protocol the file gives, in its
	// order, while it is read: those not in Protocols are at fault, and
	// a sweep key naming one is not said to name an unknown protocol
	// (resolveAxis).
	labelled []string

	// prompts keeps the prompts of a run's agents that read them (Run).
	prompts *promptStore
	// paths, in batch mode, is told of the paths of calls (Run).
	paths pathTracker
	// dry steers the episodes of a dry run down one way (DryRun); nil in
	// a run.
	dry *dryPath
	// dryTally, in a dry run (standInSim: DryRun, Estimate), counts its
	// calls; the dry run plays them one at a time, also those the run
	// asks at once (each), for the stand-ins share it without a lock.
	dryTally *tally
}

// AgentEntry is a named agent.
type AgentEntry struct {
	Name     string
	Backend  string
	Settings any // the decoded settings, defaults filled in
	Agent    agents.Agent
	// caller is Agent as the engine calls it: through the response cache
	// when the run has one.
	caller agents.Agent
	// node is the agent's settings block, which a sweep copies.
	node *yaml.Node
}

// TaskEntry is a task with its questions, made by a generator or read
// from a dataset file by a loader.
type TaskEntry struct {
	Name      string
	Generator string
	// Loader is the dataset format; Path the file as the experiment names
	// it, relative to the experiment file's folder unless absolute.
	Loader string
	Path   string
	// N is the number of questions.
	N         int
	Seed      uint64
	Settings  any
	Questions []tasks.Question
	// SkipInvalid is set when the task skips the invalid records of its
	// file; Skipped counts them, and FirstSkipped is the first one's
	// problem (file, line, field).
	SkipInvalid  bool
	Skipped      int
	FirstSkipped error
	// SetAside counts, by kind, the valid records the loader left out on
	// purpose (tasks.SetAsider): the ties of a pairwise preference set.
	SetAside map[string]int
}

// ProtocolEntry is a configured protocol.
type ProtocolEntry struct {
	Label    string
	Kind     string
	Protocol protocols.Protocol
	// comparison is Protocol.Comparison(), asked once: every record of
	// the protocol carries it.
	comparison protocols.Comparison
	// node and path are the protocol's settings block and its path in
	// messages, which a sweep copies.
	node *yaml.Node
	path string
	// promptsSHA256 is the SHA-256 of its prompts: file, "" for none: the
	// lock records it, so that a run does not resume with other prompts.
	// promptsBlocks are the templates the file defines.
	promptsSHA256 string
	promptsBlocks []string
}

// file is the top level of an experiment file.
type file struct {
	Name    string  `yaml:"name"`
	Seed    *uint64 `yaml:"seed"`
	Repeats *int    `yaml:"repeats"`
	// VerdictRetries: see Experiment.
	VerdictRetries *int          `yaml:"verdict_retries"`
	BudgetUSD      *float64      `yaml:"budget_usd"`
	MaxFailures    *FailureLimit `yaml:"max_failures"`
	// Replicates and Seeds: see Experiment.ReplicateSeeds.
	Replicates *int        `yaml:"replicates"`
	Seeds      yaml.Node   `yaml:"seeds"`
	Agents     yaml.Node   `yaml:"agents"`
	Tasks      []yaml.Node `yaml:"tasks"`
	Protocols  []yaml.Node `yaml:"protocols"`
	// Tournament expands into a debate for each pair of its debaters.
	Tournament yaml.Node `yaml:"tournament"`
	// Sweep varies agent and protocol settings (see sweep.go).
	Sweep yaml.Node `yaml:"sweep"`
}

var namePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)

// Load reads, decodes and validates an experiment file, builds its agents,
// protocols and tasks, and generates the questions. Every problem is an
// *InputError wrapping ErrBadInput.
func Load(path string) (*Experiment, error) {
	data, err := readLimited(path)
	if err != nil {
		return nil, &InputError{File: path, Err: err}
	}
	return Parse(path, data)
}

func readLimited(path string) ([]byte, error) {
	// Opening a FIFO would wait for a writer: a file is what is read.
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() && !fi.IsDir() {
		return nil, errors.New("not a regular file")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFileBytes {
		return nil, fmt.Errorf("larger than %d bytes (1 MiB), more than moot reads of an experiment or prompts file", maxFileBytes)
	}
	return data, nil
}

// Parse is Load on data already read; path is used in messages.
func Parse(path string, data []byte) (*Experiment, error) { return parse(path, data, nil) }

// parse is Parse, played at seed when it is not nil (LoadSeeded).
func parse(path string, data []byte, seed *uint64) (*Experiment, error) {
	f, doc, early, err := decodeFile(path, data)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	x := &Experiment{Path: path, SHA256: hex.EncodeToString(sum[:]), Name: f.Name, Repeats: 1, VerdictRetries: 2}
	// Every fault of the settings, every agent's, every protocol's and
	// every task's is said at once (but where the agents block itself is
	// wrong: each protocol would only say that it names no agent): a file
	// with three faults is not fixed in three runs. They are said in the
	// order of the file.
	var faults []placedFault
	faults = append(faults, x.placeFaults(x.loadScalars(f, doc), 0)...)
	faults = append(faults, x.placeFaults(x.loadReplicates(f, doc), 0)...)
	if seed != nil {
		x.Seed, x.ReplicateSeeds = *seed, nil
	}
	err = x.loadAgents(&f.Agents, keyLine(doc, "agents"))
	faults = append(faults, missingLast(doc, "agents", len(f.Agents.Content), x.placeFaults(err, 0))...)
	if err == nil || len(x.atFault("agents")) > 0 {
		// Agents at fault are said once, at their settings: what names
		// them is not said again (errAgentAtFault), the rest is.
		faults = append(faults, withoutAtFault(x.loadPlays(f, doc, early))...)
	}
	faults = append(faults, missingLast(doc, "tasks", len(f.Tasks), x.loadTasks(f.Tasks, keyLine(doc, "tasks")))...)
	if err := orderFaults(x.besides(faults, early)); err != nil {
		return nil, err
	}
	return x, nil
}

// loadPlays loads what the file plays, its protocols, tournament and
// sweep, and returns their faults; the sweep only where the protocols
// list and the tournament are read. A protocol naming an agent at fault
// fails with errAgentAtFault.
func (x *Experiment) loadPlays(f *file, doc *yaml.Node, early *readAround) []placedFault {
	var faults []placedFault
	entries := make([]protocolNode, len(f.Protocols))
	for i := range f.Protocols {
		entries[i] = protocolNode{&f.Protocols[i], fmt.Sprintf("protocols[%d]", i)}
	}
	if f.Tournament.Kind != 0 {
		pairs, err := x.tournament(&f.Tournament)
		faults = append(faults, x.placeFaults(err, f.Tournament.Line)...)
		entries = append(entries, pairs...)
	}
	// Read without its protocols list (of the wrong kind, or none, or a
	// tournament at fault), the sweep would be said to name protocols the
	// file holds; beside protocols at fault it is read, its keys naming
	// them left unsaid (resolveAxis).
	sweep := len(faults) == 0 && len(entries) > 0 && f.Sweep.Kind != 0 && !early.without("protocols")
	if len(faults) == 0 || len(entries) > 0 {
		faults = append(faults, missingLast(doc, "protocols", len(entries), x.loadProtocols(entries, keyLine(doc, "protocols")))...)
	}
	if sweep {
		faults = append(faults, x.placeFaults(x.loadSweep(&f.Sweep, keyLine(doc, "sweep")), keyLine(doc, "sweep"))...)
	}
	return faults
}

// missingLast places the faults of a section the file lacks, the key
// absent and n its entries none, after those of the sections it has:
// the line they name is the file's first, where no fault stands.
func missingLast(doc *yaml.Node, key string, n int, faults []placedFault) []placedFault {
	if n > 0 || hasKey(doc, key) {
		return faults
	}
	for i := range faults {
		faults[i].line = math.MaxInt
	}
	return faults
}

// decodeFile decodes data, the one YAML document of an experiment file,
// strictly, and returns it and its top-level mapping node (for lines).
// Where its faults are each of one top-level key (unknown, or of the
// wrong kind), it returns them as early, with the file decoded without
// those keys, so that the rest is checked too; err stops the parse.
func decodeFile(path string, data []byte) (f *file, doc *yaml.Node, early *readAround, err error) {
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil, nil, &InputError{File: path, Err: errors.New("empty file")}
		}
		return nil, nil, nil, inputError(path, 0, "", nil, err)
	}
	var more yaml.Node
	switch err := dec.Decode(&more); {
	case errors.Is(err, io.EOF):
	case err != nil:
		// Not a second document: text after the first that is no YAML
		// (a second {…} after a flow mapping, say).
		return nil, nil, nil, inputError(path, 0, "", nil, err)
	default:
		line := more.Line
		if len(more.Content) > 0 {
			line = more.Content[0].Line
		}
		return nil, nil, nil, &InputError{File: path, Line: line, Err: errors.New("an experiment file holds one YAML document; this one has more (---)")}
	}
	if k := mergeKey(&root); k != nil {
		// The checks read each mapping's own keys: a merged one's would
		// read as missing, or "<<" as an unknown field.
		return nil, nil, nil, &InputError{File: path, Line: k.Line, Err: errors.New("YAML merge keys (<<: *name) are not supported: write the keys out, or alias a whole value (&name … *name)")}
	}
	if err := expandAliases(&root); err != nil {
		return nil, nil, nil, inputError(path, 0, "", nil, err)
	}
	f = &file{}
	if err := decodeStrict(&root, f); err != nil {
		faults := inputError(path, 0, "", nil, err)
		doc, early, ok := withoutKeys(root.Content[0], faults)
		if !ok || doc.Decode(f) != nil {
			return nil, nil, nil, faults
		}
		return f, doc, early, nil
	}
	return f, root.Content[0], nil, nil
}

// loadScalars checks and sets the experiment's top-level settings of one
// value: name, seed, repeats, verdict retries, budget and failure limit.
func (x *Experiment) loadScalars(f *file, doc *yaml.Node) error {
	var errs []error
	bad := func(field string, err error) {
		errs = append(errs, &InputError{File: x.Path, Line: keyLine(doc, field), Field: field, Err: err})
	}
	if !namePattern.MatchString(f.Name) {
		bad("name", fmt.Errorf("want 1-64 letters, digits, '-', '_' or '.', starting with a letter or digit; got %q", f.Name))
	}
	if f.Seed != nil {
		x.Seed, x.seedGiven = *f.Seed, true
	}
	if f.Repeats != nil {
		x.Repeats = *f.Repeats
		if x.Repeats < 1 || x.Repeats > 1000 {
			bad("repeats", fmt.Errorf("must be between 1 and 1000, got %d", x.Repeats))
		}
	}
	if f.VerdictRetries != nil {
		x.VerdictRetries = *f.VerdictRetries
		if x.VerdictRetries < 0 || x.VerdictRetries > 10 {
			bad("verdict_retries", fmt.Errorf("must be between 0 and 10, got %d", x.VerdictRetries))
		}
	}
	if f.BudgetUSD != nil {
		x.BudgetUSD = *f.BudgetUSD
		if !(x.BudgetUSD > 0) || math.IsInf(x.BudgetUSD, 1) {
			bad("budget_usd", fmt.Errorf("must be a positive number of dollars, got %g", x.BudgetUSD))
		}
	}
	if f.MaxFailures != nil {
		x.MaxFailures = *f.MaxFailures
	}
	return joinFaults(errs...)
}

func (x *Experiment) loadAgents(node *yaml.Node, line int) error {
	if node.Kind != yaml.MappingNode || len(node.Content) == 0 {
		return &InputError{File: x.Path, Line: line, Field: "agents", Err: errors.New("want a map of agent name to settings, with at least one agent")}
	}
	var errs []error
	for i := 0; i+1 < len(node.Content); i += 2 {
		k, v := node.Content[i], node.Content[i+1]
		path := "agents." + k.Value
		if x.agent(k.Value) != nil {
			errs = append(errs, &InputError{File: x.Path, Line: k.Line, Field: path, Err: fmt.Errorf("duplicate agent name %q", k.Value)})
			continue
		}
		if !namePattern.MatchString(k.Value) {
			errs = append(errs, &InputError{File: x.Path, Line: k.Line, Field: path, Err: errors.New("agent names are 1-64 letters, digits, '-', '_' or '.'")})
			continue
		}
		x.named = append(x.named, k.Value)
		a, err := x.buildAgent(k.Value, v, path)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		x.Agents = append(x.Agents, a)
	}
	return joinFaults(errs...)
}

// lookupPlugin looks up the plug-in that the key of the settings block n,
// at path in messages, names: a missing name is an error that lists
// known(), an unknown one lookup's error.
func lookupPlugin[F any](x *Experiment, n *yaml.Node, key, path string, known func() []string, lookup func(string) (F, error)) (string, F, error) {
	name, line := scalar(n, key)
	var factory F
	if name == "" {
		return "", factory, &InputError{File: x.Path, Line: line, Field: path + "." + key, Err: fmt.Errorf("missing (known: %s)", strings.Join(known(), ", "))}
	}
	factory, err := lookup(name)
	if err != nil {
		return "", factory, &InputError{File: x.Path, Line: line, Field: path + "." + key, Err: err}
	}
	return name, factory, nil
}

// buildAgent makes the agent name from its settings block v, at path in
// messages.
func (x *Experiment) buildAgent(name string, v *yaml.Node, path string) (*AgentEntry, error) {
	if v.Kind != yaml.MappingNode {
		return nil, &InputError{File: x.Path, Line: v.Line, Field: path, Err: errors.New("want a map of settings with a backend")}
	}
	backend, factory, err := lookupPlugin(x, v, "backend", path, agents.Backends, agents.Lookup)
	if err != nil {
		return nil, err
	}
	var settings any
	agent, err := factory(func(s any) error { settings = s; return decodeStrict(v, s, "backend") })
	if err != nil {
		return nil, inputError(x.Path, v.Line, path, func(f string) int { return keyLine(v, f) }, err)
	}
	return &AgentEntry{Name: name, Backend: backend, Settings: settings, Agent: agent, caller: agent, node: v}, nil
}

// agent returns the named agent, or nil.
func (x *Experiment) agent(name string) *AgentEntry {
	for _, a := range x.Agents {
		if a.Name == name {
			return a
		}
	}
	return nil
}

// agentNames lists the agents to choose from, for an error naming none
// or one unknown: every agent the file names, those whose settings are
// at fault too (they are said at their settings), else x's agents.
func (x *Experiment) agentNames() string {
	if x.named != nil {
		return strings.Join(x.named, ", ")
	}
	names := make([]string, len(x.Agents))
	for i, a := range x.Agents {
		names[i] = a.Name
	}
	return strings.Join(names, ", ")
}
