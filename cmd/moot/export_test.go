package main

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mootlab/moot/engine"
)

// lockOf is a run's lock with an openai judge, changed by the
// replacements (old, new) given.
func lockOf(t *testing.T, replace ...string) string {
	t.Helper()
	lock := `moot_version: dev
record_format: 2
experiment: experiments/x.yaml
experiment_sha256: aaaa
name: x
seed: 7
budget_usd: 5
agents:
  judge:
    backend: openai
    settings:
      model: gpt-x
      timeout: 1m0s
      concurrency: 4
tasks:
  - name: qa
    seed: 7
    questions_sha256: bbbb
`
	lock = strings.NewReplacer(replace...).Replace(lock)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, engine.LockFile), []byte(lock), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestExportRunID: a run's Inspect run_id stays what it was when the run
// resumes with what a resume may change (its name, budget, an openai
// agent's timeout), and is another for another seed, model or questions.
func TestExportRunID(t *testing.T) {
	id := func(dir string) string {
		t.Helper()
		got, err := exportRunID(dir)
		if err != nil || got == "" {
			t.Fatalf("exportRunID: %q, %v", got, err)
		}
		return got
	}
	base := id(lockOf(t))
	for _, same := range [][]string{
		{"name: x", "name: y"}, {"budget_usd: 5", "budget_usd: 9"}, {"experiment: experiments/x.yaml", "experiment: elsewhere/x.yaml"},
		{"timeout: 1m0s", "timeout: 5m0s"}, {"concurrency: 4", "concurrency: 1"}, {"moot_version: dev", "moot_version: v2"},
	} {
		if got := id(lockOf(t, same...)); got != base {
			t.Errorf("%s → %s: run id %s; want %s, the run's", same[0], same[1], got, base)
		}
	}
	for _, other := range [][]string{{"seed: 7\nbudget", "seed: 8\nbudget"}, {"model: gpt-x", "model: gpt-y"}, {"bbbb", "cccc"}} {
		if got := id(lockOf(t, other...)); got == base {
			t.Errorf("%q → %q: run id %s; want another run's", other[0], other[1], got)
		}
	}
	if got, err := exportRunID(t.TempDir()); got != "" || err != nil {
		t.Errorf("no lock: %q, %v; want no run id", got, err)
	}
}

// TestExportInspectOfRunsNamedAlike: the Inspect logs of two runs in
// folders of one name (another seed, another parent) both stay in one
// folder.
func TestExportInspectOfRunsNamedAlike(t *testing.T) {
	root := t.TempDir()
	data, err := os.ReadFile(small)
	if err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(root, "other.yaml")
	os.WriteFile(other, []byte(strings.Replace(string(data), "seed: 11", "seed: 12", 1)), 0o644)
	out := filepath.Join(root, "inspect")
	counts := []int{}
	for _, exp := range []string{small, other} {
		run := filepath.Join(root, strings.TrimSuffix(filepath.Base(exp), ".yaml"), "seed-7")
		if code, _, errOut := moot(t, "run", exp, "--out", run); code != exitOK {
			t.Fatalf("run %s: %d %s", exp, code, errOut)
		}
		if code, _, errOut := moot(t, "export", run, "--format", "inspect", "--out", out); code != exitOK {
			t.Fatalf("export %s: %d %s", run, code, errOut)
		}
		logs, _ := filepath.Glob(filepath.Join(out, "*.json"))
		counts = append(counts, len(logs))
	}
	if counts[0] == 0 || counts[1] != 2*counts[0] {
		t.Errorf("the folder holds %v logs after each export; want the second run's beside the first's", counts)
	}
}

// TestExportInputErrors: a record that is not one, and --out naming a
// folder for a table, are bad input (exit 2) and leave nothing behind;
// an empty log is warned of.
func TestExportInputErrors(t *testing.T) {
	run := filepath.Join(t.TempDir(), "run")
	if code, _, errOut := moot(t, "run", small, "--out", run); code != exitOK {
		t.Fatalf("run: %d %s", code, errOut)
	}
	log := filepath.Join(run, engine.TranscriptsFile)
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	lines[1] = regexp.MustCompile(`"repeat":\d+`).ReplaceAllString(lines[1], `"repeat":"zero"`)
	os.WriteFile(log, []byte(strings.Join(lines, "")), 0o644)
	code, _, errOut := moot(t, "export", run, "--format", "inspect")
	if code != exitBadInput || !strings.Contains(errOut, engine.TranscriptsFile+":2:") {
		t.Errorf("a bad record: exit %d, %q; want %d naming line 2", code, errOut, exitBadInput)
	}
	if _, err := os.Stat(filepath.Join(run, "inspect")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed export left %s (%v); want nothing", filepath.Join(run, "inspect"), err)
	}
	folder := t.TempDir()
	code, _, errOut = moot(t, "export", run, "--format", "csv", "--out", folder)
	if code != exitBadInput || !strings.Contains(errOut, "is a folder") {
		t.Errorf("--out a folder: exit %d, %q; want %d, it is a folder", code, errOut, exitBadInput)
	}
	os.WriteFile(log, nil, 0o644)
	code, _, errOut = moot(t, "export", run, "--format", "csv", "--out", filepath.Join(t.TempDir(), "e.csv"))
	if code != exitOK || !strings.Contains(errOut, "holds no episodes") {
		t.Errorf("an empty log: exit %d, %q; want 0 and a warning", code, errOut)
	}
}
