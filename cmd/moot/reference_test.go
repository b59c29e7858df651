package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mootlab/moot/sinks"
)

// TestRunRefusesAnotherPlansReference: a folder holding reference results
// and no run (results/<name> in a checkout, where a run writes by default)
// is not replaced by a run that cannot make them again — another number
// of episodes, another seed, a shard: exit 2, the reference kept byte for
// byte. --fresh replaces it.
func TestRunRefusesAnotherPlansReference(t *testing.T) {
	ref := t.TempDir()
	if code, _, errOut := moot(t, "run", small, "--out", ref, "--no-cache"); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	files := []string{sinks.SummaryFile, sinks.TableMarkdown, sinks.TableCSV}
	out := t.TempDir()
	for _, name := range files {
		writeFile(t, filepath.Join(out, name), mustRead(t, filepath.Join(ref, name)))
	}
	edited := func(name, from, to string) string {
		t.Helper()
		data := mustRead(t, small)
		if !bytes.Contains(data, []byte(from)) {
			t.Fatalf("%s lacks %q", small, from)
		}
		p := filepath.Join(t.TempDir(), name)
		writeFile(t, p, bytes.Replace(data, []byte(from), []byte(to), 1))
		return p
	}
	fewer := edited("fewer.yaml", "n: 12", "n: 6")
	for _, tt := range []struct {
		args []string
		why  string
	}{
		{[]string{fewer}, "the reference has 264 episodes, " + fewer + " plans 132"},
		{[]string{edited("seed.yaml", "seed: 11", "seed: 12")}, "gives seed 12"},
		{[]string{small, "--shard", "1/2"}, "a shard plays a part of the plan"},
	} {
		args := append([]string{"run"}, tt.args...)
		code, _, errOut := moot(t, append(args, "--out", out, "--no-cache")...)
		if code != exitBadInput || !strings.Contains(errOut, "holds the reference results of small at seed 11") || !strings.Contains(errOut, tt.why) {
			t.Errorf("run %v over the reference: exit %d, %q; want %d, the reference and %q named", tt.args, code, errOut, exitBadInput, tt.why)
		}
		for _, name := range files {
			if !bytes.Equal(mustRead(t, filepath.Join(out, name)), mustRead(t, filepath.Join(ref, name))) {
				t.Fatalf("run %v: %s of the reference changed by a run refused", tt.args, name)
			}
		}
	}
	if code, _, errOut := moot(t, "run", fewer, "--out", out, "--no-cache", "--fresh"); code != exitOK {
		t.Errorf("--fresh over a reference: exit %d, %q; want it replaced", code, errOut)
	}
}
