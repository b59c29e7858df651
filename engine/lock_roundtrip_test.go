package engine

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

// fromLock writes an experiment file from a config.lock.yaml: every
// setting as the lock resolved it, every task's seed and n, each protocol
// under its label, and the sweep's axes.
func fromLock(data []byte) ([]byte, error) {
	var l lock
	if err := yaml.Unmarshal(data, &l); err != nil {
		return nil, err
	}
	withSettings := func(head map[string]any, settings any) (map[string]any, error) {
		if settings == nil {
			return head, nil
		}
		m, ok := settings.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("settings %v: want a map", settings)
		}
		for k, v := range m {
			if _, dup := head[k]; dup {
				return nil, fmt.Errorf("setting %q clashes with the entry's own key", k)
			}
			head[k] = v
		}
		return head, nil
	}
	x := map[string]any{"name": l.Name, "seed": l.Seed, "repeats": l.Repeats, "verdict_retries": l.VerdictRetries}
	if l.BudgetUSD > 0 {
		x["budget_usd"] = l.BudgetUSD
	}
	if l.MaxFailures != "" {
		x["max_failures"] = l.MaxFailures
	}
	agents := map[string]any{}
	for name, a := range l.Agents {
		m, err := withSettings(map[string]any{"backend": a.Backend}, a.Settings)
		if err != nil {
			return nil, fmt.Errorf("agent %s: %w", name, err)
		}
		agents[name] = m
	}
	x["agents"] = agents
	var tasks []any
	for _, t := range l.Tasks {
		head := map[string]any{"name": t.Name, "n": t.N, "seed": t.Seed}
		for k, v := range map[string]string{"generator": t.Generator, "loader": t.Loader, "path": t.Path} {
			if v != "" {
				head[k] = v
			}
		}
		if t.SkippedInvalid != nil {
			head["skip_invalid"] = true
		}
		m, err := withSettings(head, t.Settings)
		if err != nil {
			return nil, fmt.Errorf("task %s: %w", t.Name, err)
		}
		tasks = append(tasks, m)
	}
	x["tasks"] = tasks
	var protos []any
	for _, p := range l.Protocols {
		m, err := withSettings(map[string]any{"name": p.Name}, p.Settings)
		if err != nil {
			return nil, fmt.Errorf("protocol %s: %w", p.Label, err)
		}
		protos = append(protos, m)
	}
	x["protocols"] = protos
	if l.Sweep != nil {
		// Each axis's values as written: plain scalars, read again as the
		// file's were.
		sweep := &yaml.Node{Kind: yaml.MappingNode}
		for _, ax := range l.Sweep.Axes {
			vals := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
			for _, v := range ax.Values {
				vals.Content = append(vals.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: v})
			}
			sweep.Content = append(sweep.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: ax.Key}, vals)
		}
		x["sweep"] = sweep
	}
	return yaml.Marshal(x)
}

// checkLockRoundTrip checks that the experiment written from x's lock file
// parses and locks to the same lock, but for the file's name and hash.
func checkLockRoundTrip(t *testing.T, x *Experiment) {
	t.Helper()
	locked, err := x.Lock()
	if err != nil {
		t.Fatalf("Lock: %v", err)
	}
	rebuilt, err := fromLock(locked)
	if err != nil {
		t.Fatalf("an experiment from the lock file: %v\n%s", err, locked)
	}
	y, err := Parse(x.Path, rebuilt)
	if err != nil {
		t.Fatalf("Parse of the experiment written from the lock file: %v\nlock:\n%s\nexperiment:\n%s", err, locked, rebuilt)
	}
	relocked, err := y.Lock()
	if err != nil {
		t.Fatalf("Lock of the experiment written from the lock file: %v", err)
	}
	var want, got lock
	if err := yaml.Unmarshal(locked, &want); err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(relocked, &got); err != nil {
		t.Fatal(err)
	}
	want.SHA256, got.SHA256 = "", ""
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("the lock of the experiment written from the lock differs (-first +second):\n%s\nexperiment:\n%s", diff, rebuilt)
	}
}

// TestLockRoundTrip: each shipped experiment, written again from its lock
// file, resolves to the same lock — the lock holds everything the run
// depends on, and resolving defaults twice changes nothing.
func TestLockRoundTrip(t *testing.T) {
	files, err := filepath.Glob("../experiments/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files = append([]string{"testdata/small.yaml", "testdata/small-openai.yaml", "testdata/sweep.yaml"}, files...)
	t.Setenv("MOOT_TEST_SERVE_KEY", "k")
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data := mustRead(t, path)
			data = bytes.ReplaceAll(data, []byte("BASE_URL"), []byte("http://127.0.0.1:9/v1"))
			x, err := Parse(path, data)
			if err != nil {
				t.Fatal(err)
			}
			checkLockRoundTrip(t, x)
		})
	}
}

// TestLockHeadReadsTheLock: what ReadLockHead reads of a lock is what the
// experiment says: its file, seed and tasks, a loader's settings decoding
// back into the loader's.
func TestLockHeadReadsTheLock(t *testing.T) {
	x := mustLoad(t, "../experiments/datasets.yaml")
	dir := t.TempDir()
	if err := x.WriteRunFiles(dir); err != nil {
		t.Fatal(err)
	}
	h, err := ReadLockHead(dir)
	if err != nil {
		t.Fatal(err)
	}
	if h.Experiment != x.Path || h.Seed != x.Seed || len(h.Tasks) != len(x.Tasks) {
		t.Fatalf("head %q seed %d, %d tasks; want %q, %d, %d", h.Experiment, h.Seed, len(h.Tasks), x.Path, x.Seed, len(x.Tasks))
	}
	for i, task := range h.Tasks {
		want := x.Tasks[i]
		if task.Name != want.Name || task.Loader != want.Loader || task.Path != want.Path || task.N != len(want.Questions) {
			t.Errorf("task %d: %+v; want %s, loader %s, %s, n %d", i, task, want.Name, want.Loader, want.Path, len(want.Questions))
		}
		var settings map[string]any
		if err := task.Settings.Decode(&settings); err != nil && task.Settings.Kind != 0 {
			t.Errorf("task %s: settings do not decode: %v", task.Name, err)
		}
	}
}
