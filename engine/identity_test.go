package engine

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// identityLock is a lock with an openai judge, also set in a sweep's
// cell, changed by the replacements (old, new) given.
const identityLock = `moot_version: dev
record_format: 2
experiment: experiments/x.yaml
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
sweep:
  cells:
    - name: judge.temperature=0.5
      agents:
        judge:
          backend: openai
          settings:
            model: gpt-x
            timeout: 2m0s
            temperature: 0.5
`

// TestRunIdentityIgnoresWhatAResumeMayChange: a run keeps its identity
// when it resumes with a new name, budget, or an agent's free setting (a
// timeout, a concurrency — in a sweep's cell too), and another run, of
// another seed, model or questions, has another.
func TestRunIdentityIgnoresWhatAResumeMayChange(t *testing.T) {
	id := func(replace ...string) string {
		t.Helper()
		dir := t.TempDir()
		lock := strings.NewReplacer(replace...).Replace(identityLock)
		if err := os.WriteFile(filepath.Join(dir, LockFile), []byte(lock), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := RunIdentity(dir)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	base := id()
	for _, same := range [][]string{
		{"name: x", "name: y"}, {"budget_usd: 5", "budget_usd: 9"}, {"moot_version: dev", "moot_version: v2"},
		{"timeout: 1m0s", "timeout: 5m0s"}, {"concurrency: 4", "concurrency: 1"}, {"timeout: 2m0s", "timeout: 9m0s"},
	} {
		if got := id(same...); got != base {
			t.Errorf("%s → %s: identity %s; want %s, the run's", same[0], same[1], got, base)
		}
	}
	for _, other := range [][]string{{"seed: 7\nbudget", "seed: 8\nbudget"}, {"model: gpt-x\n      timeout", "model: gpt-y\n      timeout"}, {"bbbb", "cccc"}, {"temperature: 0.5", "temperature: 0.7"}} {
		if got := id(other...); got == base {
			t.Errorf("%q → %q: identity %s; want another run's", other[0], other[1], got)
		}
	}
}
