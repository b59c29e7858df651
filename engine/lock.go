package engine

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/agents"
)

// lock is config.lock.yaml: the experiment with every default resolved.
type lock struct {
	MootVersion string `yaml:"moot_version"`
	// RecordFormat is the version of the run folder's format
	// (docs/records.md).
	RecordFormat   int     `yaml:"record_format"`
	Experiment     string  `yaml:"experiment"`
	SHA256         string  `yaml:"experiment_sha256"`
	Name           string  `yaml:"name"`
	Seed           uint64  `yaml:"seed"`
	Repeats        int     `yaml:"repeats"`
	VerdictRetries int     `yaml:"verdict_retries"`
	BudgetUSD      float64 `yaml:"budget_usd,omitempty"`
	MaxFailures    string  `yaml:"max_failures,omitempty"`
	// Shard is the part of the plan a sharded run played ("2/4"); a merge
	// checks that its shards' locks differ only here.
	Shard string `yaml:"shard,omitempty"`
	// BatchAll is set for a run told to send every agent's calls that
	// can go through its batch API (moot run --batch), whatever the
	// agents' own mode: says; like mode, it changes how answers are got,
	// not which, and a resume may differ in it.
	BatchAll  bool                   `yaml:"batch_all,omitempty"`
	Agents    map[string]lockedAgent `yaml:"agents"`
	Tasks     []lockedTask           `yaml:"tasks"`
	Protocols []lockedProtocol       `yaml:"protocols"`
	Sweep     *lockedSweep           `yaml:"sweep,omitempty"`
	// Rejudged is set for a run that moot rejudge made: the judge and
	// the run it judged again; RejudgedFrom is that run's folder as
	// given, which a resume may name otherwise.
	Rejudged     *lockedRejudge `yaml:"rejudged,omitempty"`
	RejudgedFrom string         `yaml:"rejudged_from,omitempty"`
}

// lockedRejudge is what a rejudged run was made of beside the experiment.
type lockedRejudge struct {
	Judge string `yaml:"judge"`
	// SourceSHA256 is the SHA-256 of the judged run's transcripts.jsonl,
	// whose speakers' messages the rejudged records keep.
	SourceSHA256 string `yaml:"source_transcripts_sha256"`
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
	// Zip is the axis's zip: group, if any (Axis.Zip).
	Zip int `yaml:"zip,omitempty"`
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
	SkippedInvalid *int `yaml:"skipped_invalid,omitempty"`
	// SetAside counts the records a loader left out on purpose, by kind.
	SetAside        map[string]int `yaml:"set_aside,omitempty"`
	Settings        any            `yaml:"settings"`
	QuestionsSHA256 string         `yaml:"questions_sha256"`
	// GroupsSHA256 is the hash of the groups the questions are in
	// (GroupsSHA256), none where no question has one.
	GroupsSHA256 string `yaml:"groups_sha256,omitempty"`
}

type lockedProtocol struct {
	Name        string   `yaml:"name"`
	Label       string   `yaml:"label"`
	Settings    any      `yaml:"settings"`
	Assignments []string `yaml:"assignments"`
	// PromptsSHA256 is the SHA-256 of the protocol's prompts: file: the
	// file may change while its name does not.
	PromptsSHA256 string `yaml:"prompts_sha256,omitempty"`
}

func lockProtocol(p *ProtocolEntry) lockedProtocol {
	var names []string
	for _, a := range p.Protocol.Assignments() {
		names = append(names, a.Name)
	}
	slices.Sort(names)
	return lockedProtocol{Name: p.Kind, Label: p.Label, Settings: p.Protocol.Settings(), Assignments: names, PromptsSHA256: p.promptsSHA256}
}

// Lock renders config.lock.yaml.
func (x *Experiment) Lock() ([]byte, error) { return x.lockOf(nil, "") }

// lockOf renders config.lock.yaml, of a rejudged run if rj is not nil.
func (x *Experiment) lockOf(rj *lockedRejudge, from string) ([]byte, error) {
	l := lock{Rejudged: rj, RejudgedFrom: from, MootVersion: Version(), RecordFormat: RecordFormat, Experiment: x.Path, SHA256: x.SHA256, Name: x.Name, Seed: x.Seed, Repeats: x.Repeats,
		VerdictRetries: x.VerdictRetries, BudgetUSD: x.BudgetUSD, MaxFailures: x.MaxFailures.String(), Agents: map[string]lockedAgent{}}
	if x.Shard != nil {
		l.Shard = x.Shard.String()
	}
	l.BatchAll = x.BatchAll
	for _, a := range x.Agents {
		l.Agents[a.Name] = lockedAgent{Backend: a.Backend, Settings: a.Settings}
	}
	for _, t := range x.Tasks {
		lt := lockedTask{Name: t.Name, Generator: t.Generator, Loader: t.Loader, Path: t.Path, N: t.N, Seed: t.Seed, Settings: t.Settings, QuestionsSHA256: t.QuestionsSHA256(), GroupsSHA256: GroupsSHA256(t.Questions), SetAside: t.SetAside}
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
			l.Sweep.Axes = append(l.Sweep.Axes, lockedAxis{Key: ax.Key, Values: ax.Values, Zip: ax.Zip})
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

// cosmeticLockKeys are the lock's fields that do not change any episode:
// a run whose lock differs from the experiment only in these resumes.
var cosmeticLockKeys = []string{"moot_version", "record_format", "experiment", "experiment_sha256", "name", "budget_usd", "max_failures", "rejudged_from", "batch_all"}

// CheckFolder refuses, as a run of x into dir would (ErrForeignRun), a
// folder whose log is of another experiment's run, without reading the
// log: for a command to say so before it prints its plan or starts its
// endpoints. A folder with no log, or an empty one, passes.
func (x *Experiment) CheckFolder(dir string) error {
	if fi, err := os.Stat(filepath.Join(dir, TranscriptsFile)); err != nil || fi.Size() == 0 {
		return nil // no log: a fresh run's (anything else unreadable, the run says)
	}
	return checkLock(dir, x)
}

// checkLock refuses to resume a folder whose run came from another
// experiment: one whose lock differs from x's in a field that changes
// episodes. A new name, budget or failure limit, or comments, resume.
func checkLock(dir string, x *Experiment) error {
	now, err := x.Lock()
	if err != nil {
		return err
	}
	return checkLockAgainst(dir, now, x.Path)
}

// dropFreeSettings deletes from m, a decoded lock, each agent's settings
// that its backend marks free (settings.Free), which change how answers
// are got — a timeout, a concurrency, batch mode —, not which: of the
// agents of the lock and of those a sweep's cells set.
func dropFreeSettings(m map[string]any) {
	eachLockedAgent(m, func(agent map[string]any) {
		backend, _ := agent["backend"].(string)
		for _, k := range agents.FreeSettings(backend) {
			at, _ := agent["settings"].(map[string]any)
			keys := strings.Split(k, ".")
			for _, key := range keys[:len(keys)-1] {
				at, _ = at[key].(map[string]any)
			}
			delete(at, keys[len(keys)-1]) // a nil map deletes nothing
		}
	})
}

// eachLockedAgent calls f with each agent of m, a decoded lock: those of
// the lock, and those a sweep's cells set.
func eachLockedAgent(m map[string]any, f func(agent map[string]any)) {
	each := func(v any) {
		locked, _ := v.(map[string]any)
		for _, a := range locked {
			if agent, ok := a.(map[string]any); ok {
				f(agent)
			}
		}
	}
	each(m["agents"])
	sweep, _ := m["sweep"].(map[string]any)
	cells, _ := sweep["cells"].([]any)
	for _, c := range cells {
		cell, _ := c.(map[string]any)
		each(cell["agents"])
	}
}

// dropUnlocked deletes from m, a decoded lock, what a resume or a merge
// lets differ: the keys of cosmeticLockKeys and the agents' free settings.
func dropUnlocked(m map[string]any) {
	dropCosmetic(m)
	dropFreeSettings(m)
	cleanTaskPaths(m)
}

// cleanTaskPaths writes each task's path of m, a decoded lock, in its
// shortest form (filepath.Clean): ./data/x.csv and data/x.csv name one
// file, whose questions the lock holds by their hash besides.
func cleanTaskPaths(m map[string]any) {
	tasks, _ := m["tasks"].([]any)
	for _, t := range tasks {
		task, _ := t.(map[string]any)
		if p, ok := task["path"].(string); ok {
			task["path"] = filepath.Clean(p)
		}
	}
}

// dropCosmetic deletes from m, a decoded lock, the keys of
// cosmeticLockKeys.
func dropCosmetic(m map[string]any) {
	for _, k := range cosmeticLockKeys {
		delete(m, k)
	}
}

// checkLockAgainst is checkLock against the lock now, of the experiment
// file source.
func checkLockAgainst(dir string, now []byte, source string) error {
	data, err := os.ReadFile(filepath.Join(dir, LockFile))
	if err != nil {
		return fmt.Errorf("%w: %s has %s but no %s", ErrForeignRun, dir, TranscriptsFile, LockFile)
	}
	var was, is map[string]any
	if err := yaml.Unmarshal(data, &was); err != nil {
		return fmt.Errorf("%w: %s: %v", ErrForeignRun, filepath.Join(dir, LockFile), err)
	}
	if err := yaml.Unmarshal(now, &is); err != nil {
		return err
	}
	fromWas, _ := was["rejudged_from"].(string)
	fromIs, _ := is["rejudged_from"].(string)
	dropUnlocked(was)
	dropUnlocked(is)
	dropUnmatchedGroups(was, is)
	field, differ := firstDifference(was, is, nil)
	if differ && field.last() == "source_transcripts_sha256" {
		// Of rejudges: where the rest is alike, not another experiment
		// but another run judged again, or the same one changed since.
		for _, m := range []map[string]any{was, is} {
			if r, ok := m["rejudged"].(map[string]any); ok {
				delete(r, "source_transcripts_sha256")
			}
		}
		if field, differ = firstDifference(was, is, nil); !differ {
			if filepath.Clean(fromWas) != filepath.Clean(fromIs) {
				return changedSource(fmt.Sprintf("%s holds a rejudge of %s, not of %s", dir, fromWas, fromIs))
			}
			return changedSource(fmt.Sprintf("%s holds a rejudge of %s, whose transcripts have changed since (resumed, or written anew)", dir, fromWas))
		}
	}
	if differ {
		return fmt.Errorf("%w: %s was run from another experiment than %s: %s differs%s",
			ErrForeignRun, dir, source, field, differenceGloss(was, is, field, "the run", source, true))
	}
	return nil
}

// RunIdentity is the SHA-256 of what the lock of the run in dir says of
// its episodes: the lock without what a resume lets differ (dropUnlocked),
// so that a run resumed under a new name, budget or timeout keeps its
// identity, and a run of other episodes has another.
func RunIdentity(dir string) (string, error) {
	ids, err := RunIdentities(dir)
	if err != nil {
		return "", err
	}
	return ids[0], nil
}

// RunIdentities are RunIdentity and, after it, the identities moot gave
// the run before: before 2026-12-01, with the agents' free settings still
// counted; and until data files' paths were compared cleaned
// (./data/x.csv as data/x.csv). A study that kept one of them is still of
// the run.
func RunIdentities(dir string) ([]string, error) { return identities(dir, false) }

// ExperimentIdentity is RunIdentity, whatever part of the plan the run
// played and whoever judged it again: a merged run and each of its shards
// share it, as a run and its copy do, and a run and its rejudge (whose
// episodes name their new judge); another experiment, or the experiment at
// another seed, has another.
func ExperimentIdentity(dir string) (string, error) {
	ids, err := identities(dir, true)
	if err != nil {
		return "", err
	}
	return ids[0], nil
}

// headerSetting is the openai backend's send_request_header, which a
// resume could not change before 2026-12-01, when it was true by default
// and in every lock: a run's identity hashes it as true, whatever the lock
// says now that it is free, so that the identity of a run made before —
// which a human-judge study and an Inspect export keep — stays, and a
// resume that changes it keeps the run's. A run made before with it false
// is known by that identity too (RunIdentities).
const headerBackend, headerSetting = "openai", "send_request_header"

// pinHeaderSetting sets, in m (a decoded lock), each openai agent's
// headerSetting: to true, or where asWritten, to the lock's value (true
// where unset); and returns the function that puts them back after
// dropFreeSettings.
func pinHeaderSetting(m map[string]any, asWritten bool) (restore func()) {
	type pinned struct {
		settings map[string]any
		v        any
	}
	var pins []pinned
	eachLockedAgent(m, func(agent map[string]any) {
		settings, ok := agent["settings"].(map[string]any)
		if agent["backend"] != headerBackend || !ok {
			return
		}
		v, set := settings[headerSetting]
		if !set || !asWritten {
			v = true
		}
		pins = append(pins, pinned{settings, v})
	})
	return func() {
		for _, p := range pins {
			p.settings[headerSetting] = p.v
		}
	}
}

// identities are RunIdentities, without the shard and the rejudge if
// wholePlan.
func identities(dir string, wholePlan bool) ([]string, error) {
	data, err := os.ReadFile(filepath.Join(dir, LockFile))
	if err != nil {
		return nil, fmt.Errorf("%w: %s holds no run (%v)", ErrBadInput, dir, err)
	}
	var m map[string]any
	if err := yaml.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrBadInput, filepath.Join(dir, LockFile), err)
	}
	// hash is m's identity as it stands; the first error it meets is
	// kept in herr, and stops identities once every hash is taken.
	var herr error
	hash := func() string {
		canon, err := json.Marshal(m) // maps sorted by key
		if herr == nil {
			herr = err
		}
		sum := sha256.Sum256(canon)
		return hex.EncodeToString(sum[:])
	}
	dropCosmetic(m)
	// The groups are what the statistics draw, not what is played: a run
	// locked before loaders named groups and resumed since (its lock now
	// has groups_sha256) keeps its identity, as its questions_sha256
	// leaves the group out.
	dropGroupsHash(m)
	if wholePlan {
		delete(m, "shard")
		delete(m, "rejudged")
	}
	legacy := hash()
	asWritten := pinHeaderSetting(m, true)
	pinTrue := pinHeaderSetting(m, false)
	dropFreeSettings(m)
	asWritten()
	uncleanWritten := hash()
	pinTrue()
	unclean := hash()
	cleanTaskPaths(m) // as a resume compares them: one file, one run
	id := hash()
	asWritten()
	written := hash()
	if herr != nil {
		return nil, herr
	}
	ids := []string{id, legacy}
	for _, other := range []string{unclean, written, uncleanWritten} {
		if !slices.Contains(ids, other) {
			ids = append(ids, other)
		}
	}
	return ids, nil
}

// changedSource is ErrForeignRun where the folder holds a rejudge of the
// same experiment's run, whose transcripts have changed since: not a run
// of another experiment, as ErrForeignRun's own words say.
type changedSource string

func (e changedSource) Error() string        { return string(e) }
func (e changedSource) Is(target error) bool { return target == ErrForeignRun }
