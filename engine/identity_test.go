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

// TestResumeLetsFreeSettingsDiffer: a resume or a merge lets what the
// identity leaves out differ — an agent's timeout, in a sweep's cells too —
// and nothing that changes episodes.
func TestResumeLetsFreeSettingsDiffer(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, LockFile), []byte(identityLock), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		old, new string
		same     bool
	}{
		{"timeout: 2m0s", "timeout: 9m0s", true}, // in the sweep's cell
		{"timeout: 1m0s", "timeout: 5m0s", true},
		{"budget_usd: 5", "budget_usd: 7", true},
		{"temperature: 0.5", "temperature: 0.7", false},
	} {
		now := []byte(strings.Replace(identityLock, tc.old, tc.new, 1))
		err := checkLockAgainst(dir, now, "x.yaml")
		if field, _ := lockDifference([]byte(identityLock), now, "a", "b", true); (err == nil) != tc.same || (field == "") != tc.same {
			t.Errorf("%s → %s: resume %v, merge difference %q; want the same run %v", tc.old, tc.new, err, field, tc.same)
		}
	}
}

// TestRunIdentitiesKeepTheEarlierOne: RunIdentities gives the identity
// and, after it, the one from before free settings were left out, which a
// study of an openai run may have kept.
func TestRunIdentitiesKeepTheEarlierOne(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, LockFile), []byte(identityLock), 0o644); err != nil {
		t.Fatal(err)
	}
	ids, err := RunIdentities(dir)
	if err != nil || len(ids) != 2 || ids[0] == ids[1] {
		t.Fatalf("RunIdentities = %q, %v; want two identities, the earlier counting the timeouts", ids, err)
	}
	if id, _ := RunIdentity(dir); id != ids[0] {
		t.Errorf("RunIdentity = %s; want the first of RunIdentities, %s", id, ids[0])
	}
}
