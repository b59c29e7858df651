package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/tasks"
)

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

// MaxQuestions bounds a task's n, and moot tasks show --n.
const MaxQuestions = 100000

func (x *Experiment) loadTasks(nodes []yaml.Node, line int) []placedFault {
	if len(nodes) == 0 {
		return []placedFault{{line, &InputError{File: x.Path, Line: line, Field: "tasks", Err: fmt.Errorf("want a list of at least one task (generators: %s) or dataset (loaders: %s)",
			strings.Join(tasks.Generators(), ", "), strings.Join(tasks.Loaders(), ", "))}}}
	}
	names := map[string]bool{}
	var faults []placedFault
	for i := range nodes {
		t, err := x.loadTask(&nodes[i], fmt.Sprintf("tasks[%d]", i), names)
		if err != nil {
			faults = append(faults, x.placeFaults(err, nodes[i].Line)...)
			continue
		}
		x.Tasks = append(x.Tasks, t)
	}
	return faults
}

// loadTask makes the task of n, at path in messages; names are the
// tasks' names so far.
func (x *Experiment) loadTask(n *yaml.Node, path string, names map[string]bool) (*TaskEntry, error) {
	if n.Kind != yaml.MappingNode {
		return nil, &InputError{File: x.Path, Line: n.Line, Field: path, Err: errors.New("want a map with a name, a generator and n, or a name, a loader and a path")}
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
	if err := decodeStrict(&trimmed, &h); err != nil {
		return nil, inputError(x.Path, n.Line, path, nil, err)
	}
	if !namePattern.MatchString(h.Name) {
		return nil, &InputError{File: x.Path, Line: keyLine(n, "name"), Field: path + ".name", Err: fmt.Errorf("want 1-64 letters, digits, '-', '_' or '.'; got %q", h.Name)}
	}
	if names[h.Name] {
		return nil, &InputError{File: x.Path, Line: keyLine(n, "name"), Field: path + ".name", Err: fmt.Errorf("duplicate task name %q", h.Name)}
	}
	names[h.Name] = true
	seed := x.Seed
	if h.Seed != nil {
		seed = *h.Seed
	}
	if h.Loader != "" || h.Path != "" {
		return x.loadDataset(n, path, h, seed)
	}
	return x.generate(n, path, h, seed)
}

// checkN checks a task's n, if it has one; a generator's task must.
func (x *Experiment) checkN(n *yaml.Node, path string, h taskHeader, required bool) error {
	if h.N == nil && !required || h.N != nil && *h.N >= 1 && *h.N <= MaxQuestions {
		return nil
	}
	got := "nothing"
	if h.N != nil {
		got = fmt.Sprint(*h.N)
	}
	return &InputError{File: x.Path, Line: keyLine(n, "n"), Field: path + ".n", Err: fmt.Errorf("want a number of questions between 1 and %d, got %s", MaxQuestions, got)}
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
	if err := tasks.CheckQuestions(qs); err != nil {
		return nil, &InputError{File: x.Path, Line: n.Line, Field: path, Err: fmt.Errorf("generator %s made a question it may not: %w", h.Generator, err)}
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
		return nil, pathErr(fmt.Errorf("cannot read %q%s: %w", h.Path, pathAdvice(h.Path, err), err))
	case st.IsDir():
		return nil, pathErr(fmt.Errorf("%q is a folder; want a data file", h.Path))
	case !st.Mode().IsRegular():
		return nil, pathErr(fmt.Errorf("%q is not a regular file", h.Path))
	}
	var firstSkipped error
	opts := tasks.LoadOptions{Task: h.Name, Seed: seed, SkipInvalid: h.SkipInvalid != nil && *h.SkipInvalid,
		OnSkip: func(de *tasks.DataError) {
			if firstSkipped == nil {
				firstSkipped = de
			}
		}}
	if h.N != nil {
		opts.N = *h.N
	}
	var aside map[string]int
	var qs []tasks.Question
	var skipped int
	if sa, ok := loader.(tasks.SetAsider); ok {
		qs, skipped, aside, err = sa.LoadSetAside(file, opts)
	} else {
		qs, skipped, err = loader.Load(file, opts)
	}
	var de *tasks.DataError
	switch {
	case errors.As(err, new(*Faults)):
		return nil, err // a dataset's invalid records, each a DataError
	case errors.As(err, &de):
		return nil, de
	case err != nil:
		return nil, inputError(x.Path, n.Line, path, lookup, err)
	}
	return &TaskEntry{Name: h.Name, Loader: h.Loader, Path: h.Path, N: len(qs), Seed: seed, Settings: settings, Questions: qs,
		SkipInvalid: opts.SkipInvalid, Skipped: skipped, FirstSkipped: firstSkipped, SetAside: aside}, nil
}

// QuestionsSHA256 hashes a task's questions, for the lock file.
func (t *TaskEntry) QuestionsSHA256() string { return QuestionsSHA256(t.Questions) }

// GroupsSHA256 hashes which group each of qs is in, for the lock's
// groups_sha256: the SHA-256 of each question's id and group, a line each,
// in order; "" where none has a group. A resume, a merge or a rejudge of
// questions regrouped since (the data file's group field edited, another
// group: setting) would mix two groupings in one run's statistics.
func GroupsSHA256(qs []tasks.Question) string {
	if !slices.ContainsFunc(qs, func(q tasks.Question) bool { return q.Group != "" }) {
		return ""
	}
	h := sha256.New()
	for i := range qs {
		fmt.Fprintf(h, "%q\t%q\n", qs[i].ID, qs[i].Group)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// QuestionsSHA256 hashes questions as a lock's questions_sha256 does: the
// SHA-256 of each as a line of JSON, in order, without its group. The
// group is what the statistics resample, not what is played: a run begun
// before loaders named groups resumes on the same questions, and its
// summary resamples a question in the group its new episodes name.
func QuestionsSHA256(qs []tasks.Question) string {
	h := sha256.New()
	enc := json.NewEncoder(h)
	for i := range qs {
		q := qs[i]
		q.Group = ""
		_ = enc.Encode(&q) // a hash.Hash never fails to write
	}
	return hex.EncodeToString(h.Sum(nil))
}
