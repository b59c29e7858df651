package engine

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
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
	// file; Skipped counts them.
	SkipInvalid bool
	Skipped     int
}

// ProtocolEntry is a configured protocol.
type ProtocolEntry struct {
	Label    string
	Kind     string
	Protocol protocols.Protocol
	// node and path are the protocol's settings block and its path in
	// messages, which a sweep copies.
	node *yaml.Node
	path string
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
	Agents         yaml.Node     `yaml:"agents"`
	Tasks          []yaml.Node   `yaml:"tasks"`
	Protocols      []yaml.Node   `yaml:"protocols"`
	// Tournament expands into a debate for each pair of its debaters.
	Tournament yaml.Node `yaml:"tournament"`
	// Sweep varies agent and protocol settings (see sweep.go).
	Sweep yaml.Node `yaml:"sweep"`
}

// taskHeader is the part of a task entry the engine reads itself; the rest
// is the generator's or the loader's settings.
type taskHeader struct {
	Name        string  `yaml:"name"`
	Generator   string  `yaml:"generator"`
	Loader      string  `yaml:"loader"`
	Path        string  `yaml:"path"`
	N           *int    `yaml:"n"`
	Seed        *uint64 `yaml:"seed"`
	SkipInvalid *bool   `yaml:"skip_invalid"`
}

// The keys of taskHeader: those a generator's task may have, and those of
// a loader's.
var (
	generatorKeys = []string{"name", "generator", "loader", "path", "n", "seed"}
	loaderKeys    = append(slices.Clone(generatorKeys), "skip_invalid")
)

// maxQuestions bounds a task's n.
const maxQuestions = 100000

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
		return nil, fmt.Errorf("larger than %d bytes: not an experiment file", maxFileBytes)
	}
	return data, nil
}

// Parse is Load on data already read; path is used in messages.
func Parse(path string, data []byte) (*Experiment, error) {
	bad := func(line int, field string, err error) error {
		return &InputError{File: path, Line: line, Field: field, Err: err}
	}
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, bad(0, "", errors.New("empty file"))
		}
		return nil, inputError(path, 0, "", nil, err)
	}
	var more yaml.Node
	if err := dec.Decode(&more); !errors.Is(err, io.EOF) {
		line := more.Line
		if len(more.Content) > 0 {
			line = more.Content[0].Line
		}
		return nil, bad(line, "", errors.New("an experiment file holds one YAML document; this one has more (---)"))
	}
	var f file
	if err := decodeStrict(&root, &f); err != nil {
		return nil, inputError(path, 0, "", nil, err)
	}
	doc := root.Content[0]

	sum := sha256.Sum256(data)
	x := &Experiment{Path: path, SHA256: hex.EncodeToString(sum[:]), Name: f.Name, Repeats: 1, VerdictRetries: 2}
	if !namePattern.MatchString(f.Name) {
		return nil, bad(keyLine(doc, "name"), "name", fmt.Errorf("want 1-64 letters, digits, '-', '_' or '.', starting with a letter or digit; got %q", f.Name))
	}
	if f.Seed != nil {
		x.Seed = *f.Seed
	}
	if f.Repeats != nil {
		x.Repeats = *f.Repeats
		if x.Repeats < 1 || x.Repeats > 1000 {
			return nil, bad(keyLine(doc, "repeats"), "repeats", fmt.Errorf("must be between 1 and 1000, got %d", x.Repeats))
		}
	}

	if f.VerdictRetries != nil {
		x.VerdictRetries = *f.VerdictRetries
		if x.VerdictRetries < 0 || x.VerdictRetries > 10 {
			return nil, bad(keyLine(doc, "verdict_retries"), "verdict_retries", fmt.Errorf("must be between 0 and 10, got %d", x.VerdictRetries))
		}
	}
	if f.BudgetUSD != nil {
		x.BudgetUSD = *f.BudgetUSD
		if !(x.BudgetUSD > 0) || math.IsInf(x.BudgetUSD, 1) {
			return nil, bad(keyLine(doc, "budget_usd"), "budget_usd", fmt.Errorf("must be a positive number of dollars, got %g", x.BudgetUSD))
		}
	}
	if f.MaxFailures != nil {
		x.MaxFailures = *f.MaxFailures
	}
	if err := x.loadAgents(&f.Agents, keyLine(doc, "agents")); err != nil {
		return nil, err
	}
	entries := make([]protocolNode, len(f.Protocols))
	for i := range f.Protocols {
		entries[i] = protocolNode{&f.Protocols[i], fmt.Sprintf("protocols[%d]", i)}
	}
	if f.Tournament.Kind != 0 {
		pairs, err := x.tournament(&f.Tournament)
		if err != nil {
			return nil, err
		}
		entries = append(entries, pairs...)
	}
	if err := x.loadProtocols(entries, keyLine(doc, "protocols")); err != nil {
		return nil, err
	}
	if f.Sweep.Kind != 0 {
		if err := x.loadSweep(&f.Sweep, keyLine(doc, "sweep")); err != nil {
			return nil, err
		}
	}
	if err := x.loadTasks(f.Tasks, keyLine(doc, "tasks")); err != nil {
		return nil, err
	}
	return x, nil
}

func (x *Experiment) loadAgents(node *yaml.Node, line int) error {
	if node.Kind != yaml.MappingNode || len(node.Content) == 0 {
		return &InputError{File: x.Path, Line: line, Field: "agents", Err: errors.New("want a map of agent name to settings, with at least one agent")}
	}
	for i := 0; i+1 < len(node.Content); i += 2 {
		k, v := node.Content[i], node.Content[i+1]
		path := "agents." + k.Value
		if x.agent(k.Value) != nil {
			return &InputError{File: x.Path, Line: k.Line, Field: path, Err: fmt.Errorf("duplicate agent name %q", k.Value)}
		}
		if !namePattern.MatchString(k.Value) {
			return &InputError{File: x.Path, Line: k.Line, Field: path, Err: errors.New("agent names are 1-64 letters, digits, '-', '_' or '.'")}
		}
		a, err := x.buildAgent(k.Value, v, path)
		if err != nil {
			return err
		}
		x.Agents = append(x.Agents, a)
	}
	return nil
}

// buildAgent makes the agent name from its settings block v, at path in
// messages.
func (x *Experiment) buildAgent(name string, v *yaml.Node, path string) (*AgentEntry, error) {
	if v.Kind != yaml.MappingNode {
		return nil, &InputError{File: x.Path, Line: v.Line, Field: path, Err: errors.New("want a map of settings with a backend")}
	}
	backend, bline := scalar(v, "backend")
	if backend == "" {
		return nil, &InputError{File: x.Path, Line: bline, Field: path + ".backend", Err: fmt.Errorf("missing (known: %s)", strings.Join(agents.Backends(), ", "))}
	}
	factory, err := agents.Lookup(backend)
	if err != nil {
		return nil, &InputError{File: x.Path, Line: bline, Field: path + ".backend", Err: err}
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

func (x *Experiment) agentNames() string {
	names := make([]string, len(x.Agents))
	for i, a := range x.Agents {
		names[i] = a.Name
	}
	return strings.Join(names, ", ")
}

// overridePrompts replaces a protocol's shipped prompts with the template
// definitions in file (relative to the experiment file's folder).
func (x *Experiment) overridePrompts(p protocols.Protocol, file string) error {
	o, ok := p.(protocols.PromptOverrider)
	if !ok {
		return errors.New("this protocol's prompts cannot be overridden")
	}
	if !filepath.IsAbs(file) {
		file = filepath.Join(filepath.Dir(x.Path), file)
	}
	data, err := readLimited(file)
	if err != nil {
		return err
	}
	if !utf8.Valid(data) {
		return fmt.Errorf("%s is not UTF-8 text", file)
	}
	if err := o.OverridePrompts(string(data)); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return nil
}

// protocolNode is a protocol's settings block and its path in messages.
type protocolNode struct {
	node *yaml.Node
	path string
}

func (x *Experiment) loadProtocols(nodes []protocolNode, line int) error {
	if len(nodes) == 0 {
		return &InputError{File: x.Path, Line: line, Field: "protocols", Err: fmt.Errorf("want a list of at least one protocol (known: %s), or a tournament", strings.Join(protocols.Names(), ", "))}
	}
	labels := map[string]int{}
	for i := range nodes {
		n, path := nodes[i].node, nodes[i].path
		if n.Kind != yaml.MappingNode {
			return &InputError{File: x.Path, Line: n.Line, Field: path, Err: errors.New("want a map with a name and settings")}
		}
		p, err := x.buildProtocol(n, path)
		if err != nil {
			return err
		}
		if prev, dup := labels[p.Label]; dup {
			return &InputError{File: x.Path, Line: keyLine(n, "label"), Field: path + ".label", Err: fmt.Errorf("%q is already used by %s; give each a distinct label", p.Label, nodes[prev].path)}
		}
		labels[p.Label] = i
		x.Protocols = append(x.Protocols, p)
	}
	return nil
}

// buildProtocol makes a protocol from its settings block n, at path in
// messages, and checks that the agents it names exist.
func (x *Experiment) buildProtocol(n *yaml.Node, path string) (*ProtocolEntry, error) {
	kind, kline := scalar(n, "name")
	if kind == "" {
		return nil, &InputError{File: x.Path, Line: kline, Field: path + ".name", Err: fmt.Errorf("missing (known: %s)", strings.Join(protocols.Names(), ", "))}
	}
	factory, err := protocols.Lookup(kind)
	if err != nil {
		return nil, &InputError{File: x.Path, Line: kline, Field: path + ".name", Err: err}
	}
	p, err := factory(func(s any) error { return decodeStrict(n, s, "name") })
	if err != nil {
		return nil, inputError(x.Path, n.Line, path, func(f string) int { return keyLine(n, f) }, err)
	}
	c := p.Common()
	if c.Label == "" {
		c.Label = kind
	}
	if s := p.Rules().Scorer; s != "" && x.agent(s) == nil {
		return nil, &InputError{File: x.Path, Line: keyLine(n, "scorer"), Field: path + ".scorer", Err: fmt.Errorf("unknown agent %q (agents: %s)", s, x.agentNames())}
	}
	if c.Prompts != "" {
		if err := x.overridePrompts(p, c.Prompts); err != nil {
			return nil, &InputError{File: x.Path, Line: keyLine(n, "prompts"), Field: path + ".prompts", Err: err}
		}
	}
	if !namePattern.MatchString(c.Label) {
		return nil, &InputError{File: x.Path, Line: keyLine(n, "label"), Field: path + ".label", Err: fmt.Errorf("labels are 1-64 letters, digits, '-', '_' or '.'; got %q", c.Label)}
	}
	for _, a := range p.Assignments() {
		for _, s := range a.Seats {
			if x.agent(s.Agent) == nil {
				field := string(s.Role)
				switch s.Role {
				case transcript.RoleDebater:
					field = "debaters"
				}
				return nil, &InputError{File: x.Path, Line: keyLine(n, field), Field: path + "." + field, Err: fmt.Errorf("unknown agent %q (agents: %s)", s.Agent, x.agentNames())}
			}
		}
	}
	return &ProtocolEntry{Label: c.Label, Kind: kind, Protocol: p, node: n, path: path}, nil
}

func (x *Experiment) loadTasks(nodes []yaml.Node, line int) error {
	if len(nodes) == 0 {
		return &InputError{File: x.Path, Line: line, Field: "tasks", Err: fmt.Errorf("want a list of at least one task (generators: %s) or dataset (loaders: %s)",
			strings.Join(tasks.Generators(), ", "), strings.Join(tasks.Loaders(), ", "))}
	}
	names := map[string]bool{}
	for i := range nodes {
		n := &nodes[i]
		path := fmt.Sprintf("tasks[%d]", i)
		if n.Kind != yaml.MappingNode {
			return &InputError{File: x.Path, Line: n.Line, Field: path, Err: errors.New("want a map with a name, a generator and n, or a name, a loader and a path")}
		}
		var h taskHeader
		// The header's keys are read here; the generator or loader checks
		// the rest.
		trimmed := *n
		trimmed.Content = nil
		for j := 0; j+1 < len(n.Content); j += 2 {
			if slices.Contains(loaderKeys, n.Content[j].Value) {
				trimmed.Content = append(trimmed.Content, n.Content[j], n.Content[j+1])
			}
		}
		if err := trimmed.Decode(&h); err != nil {
			return inputError(x.Path, n.Line, path, nil, err)
		}
		if !namePattern.MatchString(h.Name) {
			return &InputError{File: x.Path, Line: keyLine(n, "name"), Field: path + ".name", Err: fmt.Errorf("want 1-64 letters, digits, '-', '_' or '.'; got %q", h.Name)}
		}
		if names[h.Name] {
			return &InputError{File: x.Path, Line: keyLine(n, "name"), Field: path + ".name", Err: fmt.Errorf("duplicate task name %q", h.Name)}
		}
		names[h.Name] = true
		seed := x.Seed
		if h.Seed != nil {
			seed = *h.Seed
		}
		var t *TaskEntry
		var err error
		if h.Loader != "" || h.Path != "" {
			t, err = x.loadDataset(n, path, h, seed)
		} else {
			t, err = x.generate(n, path, h, seed)
		}
		if err != nil {
			return err
		}
		x.Tasks = append(x.Tasks, t)
	}
	return nil
}

// checkN checks a task's n, if it has one; a generator's task must.
func (x *Experiment) checkN(n *yaml.Node, path string, h taskHeader, required bool) error {
	if h.N == nil && !required || h.N != nil && *h.N >= 1 && *h.N <= maxQuestions {
		return nil
	}
	got := "nothing"
	if h.N != nil {
		got = fmt.Sprint(*h.N)
	}
	return &InputError{File: x.Path, Line: keyLine(n, "n"), Field: path + ".n", Err: fmt.Errorf("want a number of questions between 1 and %d, got %s", maxQuestions, got)}
}

// generate makes the questions of a generator's task.
func (x *Experiment) generate(n *yaml.Node, path string, h taskHeader, seed uint64) (*TaskEntry, error) {
	if h.Generator == "" {
		return nil, &InputError{File: x.Path, Line: keyLine(n, "generator"), Field: path + ".generator", Err: fmt.Errorf("missing (known: %s), or give a loader and a path (loaders: %s)",
			strings.Join(tasks.Generators(), ", "), strings.Join(tasks.Loaders(), ", "))}
	}
	factory, err := tasks.Lookup(h.Generator)
	if err != nil {
		return nil, &InputError{File: x.Path, Line: keyLine(n, "generator"), Field: path + ".generator", Err: err}
	}
	if h.SkipInvalid != nil {
		return nil, &InputError{File: x.Path, Line: keyLine(n, "skip_invalid"), Field: path + ".skip_invalid", Err: errors.New("only a task with a loader reads a file whose lines it could skip")}
	}
	if err := x.checkN(n, path, h, true); err != nil {
		return nil, err
	}
	var settings any
	gen, err := factory(func(s any) error { settings = s; return decodeStrict(n, s, generatorKeys...) })
	if err != nil {
		return nil, inputError(x.Path, n.Line, path, func(f string) int { return keyLine(n, f) }, err)
	}
	qs, err := gen.Generate(seed, *h.N)
	if err != nil {
		return nil, &InputError{File: x.Path, Line: n.Line, Field: path, Err: err}
	}
	return &TaskEntry{Name: h.Name, Generator: h.Generator, N: *h.N, Seed: seed, Settings: settings, Questions: qs}, nil
}

// loadDataset reads the questions of a loader's task from its file. A
// problem in the file is an InputError at the file's line, not the
// experiment's.
func (x *Experiment) loadDataset(n *yaml.Node, path string, h taskHeader, seed uint64) (*TaskEntry, error) {
	if h.Generator != "" {
		return nil, &InputError{File: x.Path, Line: keyLine(n, "generator"), Field: path + ".generator", Err: errors.New("give a generator or a loader, not both")}
	}
	if h.Loader == "" {
		return nil, &InputError{File: x.Path, Line: keyLine(n, "path"), Field: path + ".loader", Err: fmt.Errorf("missing: a path needs a loader (known: %s)", strings.Join(tasks.Loaders(), ", "))}
	}
	factory, err := tasks.LookupLoader(h.Loader)
	if err != nil {
		return nil, &InputError{File: x.Path, Line: keyLine(n, "loader"), Field: path + ".loader", Err: err}
	}
	if h.Path == "" {
		return nil, &InputError{File: x.Path, Line: keyLine(n, "loader"), Field: path + ".path", Err: errors.New("missing: the data file, relative to the experiment file's folder")}
	}
	if err := x.checkN(n, path, h, false); err != nil {
		return nil, err
	}
	var settings any
	loader, err := factory(func(s any) error { settings = s; return decodeStrict(n, s, loaderKeys...) })
	lookup := func(f string) int { return keyLine(n, f) }
	if err != nil {
		return nil, inputError(x.Path, n.Line, path, lookup, err)
	}
	file := h.Path
	if !filepath.IsAbs(file) {
		file = filepath.Join(filepath.Dir(x.Path), file)
	}
	// The path is checked here, so that a missing file is reported at the
	// experiment's line; and only a regular file is read, never a device
	// or a pipe that could block.
	pathErr := func(err error) error {
		return &InputError{File: x.Path, Line: keyLine(n, "path"), Field: path + ".path", Err: err}
	}
	st, err := os.Stat(file)
	switch {
	case err != nil:
		return nil, pathErr(fmt.Errorf("cannot read %q: %w", h.Path, err))
	case st.IsDir():
		return nil, pathErr(fmt.Errorf("%q is a folder; want a data file", h.Path))
	case !st.Mode().IsRegular():
		return nil, pathErr(fmt.Errorf("%q is not a regular file", h.Path))
	}
	opts := tasks.LoadOptions{Task: h.Name, Seed: seed, SkipInvalid: h.SkipInvalid != nil && *h.SkipInvalid}
	if h.N != nil {
		opts.N = *h.N
	}
	qs, skipped, err := loader.Load(file, opts)
	var de *tasks.DataError
	switch {
	case errors.As(err, &de):
		return nil, de
	case err != nil:
		return nil, inputError(x.Path, n.Line, path, lookup, err)
	}
	return &TaskEntry{Name: h.Name, Loader: h.Loader, Path: h.Path, N: len(qs), Seed: seed, Settings: settings, Questions: qs,
		SkipInvalid: opts.SkipInvalid, Skipped: skipped}, nil
}

// QuestionsSHA256 hashes a task's questions, for the lock file.
func (t *TaskEntry) QuestionsSHA256() string {
	h := sha256.New()
	enc := json.NewEncoder(h)
	for i := range t.Questions {
		_ = enc.Encode(&t.Questions[i]) // a hash.Hash never fails to write
	}
	return hex.EncodeToString(h.Sum(nil))
}

// lock is config.lock.yaml: the experiment with every default resolved.
type lock struct {
	MootVersion    string                 `yaml:"moot_version"`
	Experiment     string                 `yaml:"experiment"`
	SHA256         string                 `yaml:"experiment_sha256"`
	Name           string                 `yaml:"name"`
	Seed           uint64                 `yaml:"seed"`
	Repeats        int                    `yaml:"repeats"`
	VerdictRetries int                    `yaml:"verdict_retries"`
	BudgetUSD      float64                `yaml:"budget_usd,omitempty"`
	MaxFailures    string                 `yaml:"max_failures,omitempty"`
	Agents         map[string]lockedAgent `yaml:"agents"`
	Tasks          []lockedTask           `yaml:"tasks"`
	Protocols      []lockedProtocol       `yaml:"protocols"`
	Sweep          *lockedSweep           `yaml:"sweep,omitempty"`
}

// lockedSweep is the sweep with each cell's agents and protocols resolved:
// those the cell sets differently from the file.
type lockedSweep struct {
	Axes  []lockedAxis `yaml:"axes"`
	Cells []lockedCell `yaml:"cells"`
}

type lockedAxis struct {
	Key    string   `yaml:"key"`
	Values []string `yaml:"values"`
}

type lockedCell struct {
	Name      string                 `yaml:"name"`
	Agents    map[string]lockedAgent `yaml:"agents,omitempty"`
	Protocols []lockedProtocol       `yaml:"protocols,omitempty"`
}

type lockedAgent struct {
	Backend  string `yaml:"backend"`
	Settings any    `yaml:"settings"`
}

type lockedTask struct {
	Name      string `yaml:"name"`
	Generator string `yaml:"generator,omitempty"`
	Loader    string `yaml:"loader,omitempty"`
	Path      string `yaml:"path,omitempty"`
	N         int    `yaml:"n"`
	Seed      uint64 `yaml:"seed"`
	// SkippedInvalid is set for a task that skips invalid records.
	SkippedInvalid  *int   `yaml:"skipped_invalid,omitempty"`
	Settings        any    `yaml:"settings"`
	QuestionsSHA256 string `yaml:"questions_sha256"`
}

type lockedProtocol struct {
	Name        string   `yaml:"name"`
	Label       string   `yaml:"label"`
	Settings    any      `yaml:"settings"`
	Assignments []string `yaml:"assignments"`
}

func lockProtocol(p *ProtocolEntry) lockedProtocol {
	var names []string
	for _, a := range p.Protocol.Assignments() {
		names = append(names, a.Name)
	}
	sort.Strings(names)
	return lockedProtocol{Name: p.Kind, Label: p.Label, Settings: p.Protocol.Settings(), Assignments: names}
}

// Lock renders config.lock.yaml.
func (x *Experiment) Lock() ([]byte, error) {
	l := lock{MootVersion: Version(), Experiment: x.Path, SHA256: x.SHA256, Name: x.Name, Seed: x.Seed, Repeats: x.Repeats,
		VerdictRetries: x.VerdictRetries, BudgetUSD: x.BudgetUSD, MaxFailures: x.MaxFailures.String(), Agents: map[string]lockedAgent{}}
	for _, a := range x.Agents {
		l.Agents[a.Name] = lockedAgent{Backend: a.Backend, Settings: a.Settings}
	}
	for _, t := range x.Tasks {
		lt := lockedTask{Name: t.Name, Generator: t.Generator, Loader: t.Loader, Path: t.Path, N: t.N, Seed: t.Seed, Settings: t.Settings, QuestionsSHA256: t.QuestionsSHA256()}
		if t.SkipInvalid {
			lt.SkippedInvalid = &t.Skipped
		}
		l.Tasks = append(l.Tasks, lt)
	}
	for _, p := range x.Protocols {
		l.Protocols = append(l.Protocols, lockProtocol(p))
	}
	if sw := x.Sweep; sw != nil {
		l.Sweep = &lockedSweep{}
		for _, ax := range sw.Axes {
			l.Sweep.Axes = append(l.Sweep.Axes, lockedAxis{Key: ax.Key, Values: ax.Values})
		}
		for _, c := range sw.Cells {
			lc := lockedCell{Name: c.Name}
			for _, a := range c.Agents {
				if lc.Agents == nil {
					lc.Agents = map[string]lockedAgent{}
				}
				lc.Agents[a.Name] = lockedAgent{Backend: a.Backend, Settings: a.Settings}
			}
			for i, p := range c.Protocols {
				if p != x.Protocols[i] {
					lc.Protocols = append(lc.Protocols, lockProtocol(p))
				}
			}
			l.Sweep.Cells = append(l.Sweep.Cells, lc)
		}
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(l); err != nil {
		return nil, err
	}
	return buf.Bytes(), enc.Close()
}
