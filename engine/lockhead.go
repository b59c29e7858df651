package engine

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// LockHead is what a run's config.lock.yaml says of the run as a whole,
// of its tasks and of its sweep's axes, for a command that reopens the
// run (show, audit, merge, export): a reader of the lock that
// Experiment.Lock writes.
type LockHead struct {
	// RecordFormat is the run folder's format (RecordFormat): 0 for one
	// written before the lock said.
	RecordFormat int    `yaml:"record_format"`
	Experiment   string `yaml:"experiment"`
	// RejudgedFrom is the run a rejudge (or a person, moot judge) judged
	// again; "" for a run moot run played.
	RejudgedFrom string `yaml:"rejudged_from"`
	// Shard is the part of the plan a sharded run played ("2/4"), ""
	// for a whole run.
	Shard string         `yaml:"shard"`
	Name  string         `yaml:"name"`
	Seed  uint64         `yaml:"seed"`
	Tasks []LockHeadTask `yaml:"tasks"`
	// Agents are the run's agents by name, as the lock writes them.
	Agents map[string]LockHeadAgent `yaml:"agents"`
	// Protocols are the run's protocols as the lock writes them.
	Protocols []struct {
		Name          string         `yaml:"name"`
		Label         string         `yaml:"label"`
		Settings      map[string]any `yaml:"settings"`
		PromptsSHA256 string         `yaml:"prompts_sha256"`
	} `yaml:"protocols"`
	Sweep *struct {
		Axes []struct {
			Key    string   `yaml:"key"`
			Values []string `yaml:"values"`
		} `yaml:"axes"`
		// Cells are the sweep's cells, each with the agents it sets
		// otherwise than the file, as the lock writes them.
		Cells []struct {
			Name   string                   `yaml:"name"`
			Agents map[string]LockHeadAgent `yaml:"agents"`
		} `yaml:"cells"`
	} `yaml:"sweep"`
}

// Greedy says which of the run's agents sample greedily, their settings'
// temperature 0 (a backend's that has the setting): at a prompt they were
// given at another seed they answer alike. all holds those of the run as a
// whole, by name; byCell[cell][agent] says it, true or false, of each
// agent a sweep's cell sets otherwise.
func (h *LockHead) Greedy() (all map[string]bool, byCell map[string]map[string]bool) {
	all = map[string]bool{}
	for name, a := range h.Agents {
		if a.greedy() {
			all[name] = true
		}
	}
	if h.Sweep == nil {
		return all, nil
	}
	for _, c := range h.Sweep.Cells {
		for name, a := range c.Agents {
			if byCell == nil {
				byCell = map[string]map[string]bool{}
			}
			if byCell[c.Name] == nil {
				byCell[c.Name] = map[string]bool{}
			}
			byCell[c.Name][name] = a.greedy()
		}
	}
	return all, byCell
}

// greedy says whether a's settings set its temperature to 0.
func (a LockHeadAgent) greedy() bool {
	switch t := a.Settings["temperature"].(type) {
	case int:
		return t == 0
	case float64:
		return t == 0
	}
	return false
}

// Axes are the names of the run's sweep axes (Axis.Name), in the
// experiment's order, and the values each takes; none without a sweep.
func (h *LockHead) Axes() (names []string, values map[string][]string) {
	if h.Sweep == nil {
		return nil, nil
	}
	values = map[string][]string{}
	for _, ax := range h.Sweep.Axes {
		_, name, _ := strings.Cut(ax.Key, ".")
		names = append(names, name)
		values[name] = ax.Values
	}
	return names, values
}

// LockHeadAgent is an agent of the lock: its backend and settings, a
// zero sim setting left out.
type LockHeadAgent struct {
	Backend  string         `yaml:"backend"`
	Settings map[string]any `yaml:"settings"`
}

// LockHeadTask is a task of the lock as loading it again needs it: its
// settings as written, to decode into its loader's.
type LockHeadTask struct {
	Name           string    `yaml:"name"`
	Generator      string    `yaml:"generator"`
	Loader         string    `yaml:"loader"`
	Path           string    `yaml:"path"`
	N              int       `yaml:"n"`
	Seed           uint64    `yaml:"seed"`
	SkippedInvalid *int      `yaml:"skipped_invalid"`
	Settings       yaml.Node `yaml:"settings"`
	// QuestionsSHA256 is the hash of the questions the run played
	// (QuestionsSHA256), "" in a lock that has none.
	QuestionsSHA256 string `yaml:"questions_sha256"`
	// GroupsSHA256 is the hash of the groups its questions were in
	// (GroupsSHA256), "" where none had one or the lock predates groups.
	GroupsSHA256 string `yaml:"groups_sha256"`
}

// ReadLockHead reads the lock of the run folder dir.
func ReadLockHead(dir string) (*LockHead, error) {
	path := filepath.Join(dir, LockFile)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var h LockHead
	if err := yaml.Unmarshal(data, &h); err != nil {
		return nil, &InputError{File: path, Err: fmt.Errorf("does not read as a run's lock: %w", err)}
	}
	return &h, nil
}

// oldestFormat is lock with its record_format lowered to the oldest of the
// run folders dirs' locks (1 for one that names none): a folder whose
// records came in part from another — a resumed run's earlier records, a
// rejudge's kept messages, a merge's shards — says the oldest format it
// holds, for its records are only as complete as that (a format-2
// record's messages name no draws). A folder without a lock lowers
// nothing.
func oldestFormat(lock []byte, dirs ...string) []byte {
	oldest := RecordFormat
	for _, dir := range dirs {
		if h, err := ReadLockHead(dir); err == nil {
			oldest = min(oldest, max(h.RecordFormat, 1))
		}
	}
	if oldest == RecordFormat {
		return lock
	}
	return bytes.Replace(lock, []byte(fmt.Sprintf("\nrecord_format: %d\n", RecordFormat)),
		[]byte(fmt.Sprintf("\nrecord_format: %d\n", oldest)), 1)
}
