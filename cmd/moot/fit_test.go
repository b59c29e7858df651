package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// targetsFile writes text as a fit's targets file in a folder of the
// test's own and returns its path.
func targetsFile(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "targets.yaml")
	writeFile(t, path, []byte(text))
	return path
}

// fitTargets is a targets file that fits the judge's diligence in the
// small experiment to one invented consultancy accuracy, in few
// evaluations and no bootstrap.
func fitTargets(t *testing.T) string {
	t.Helper()
	return targetsFile(t, "parameters:\n  - {name: agents.judge.diligence, min: 0, max: 1}\n"+
		"targets:\n  - {protocol: consultancy, accuracy: 0.7, ci: [0.6, 0.8], source: invented for the test}\n"+
		"bootstrap: 0\nevaluations: 6\n")
}

// TestFitBadTargets: a bad targets file exits 2 with its file:line: field,
// and a missing --targets is a usage error.
func TestFitBadTargets(t *testing.T) {
	path := targetsFile(t, "parameters:\n  - {name: agents.judge.diligence, min: 0, max: 1}\ntargets:\n  - {protocol: debate, accuracy: 1.2, ci: [0.7, 0.9], source: x}\n")
	code, out, errOut := moot(t, "fit", small, "--targets", path)
	if want := path + ":4: targets[0].accuracy: want a proportion"; code != exitBadInput || out != "" || !strings.Contains(errOut, want) {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit %d and %q", code, out, errOut, exitBadInput, want)
	}
	if code, _, _ := moot(t, "fit", small); code != exitBadInput {
		t.Errorf("fit without --targets: exit %d; want %d", code, exitBadInput)
	}
}

// TestFitJSON fits one setting of the small experiment in a few runs and
// prints the fit as JSON: the parameter within its range, a residual per
// target.
func TestFitJSON(t *testing.T) {
	path := fitTargets(t)
	code, out, errOut := moot(t, "fit", small, "--targets", path, "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var res struct {
		Parameters []struct{ Value float64 }
		Residuals  []struct{ Sim float64 }
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(res.Parameters) != 1 || res.Parameters[0].Value < 0 || res.Parameters[0].Value > 1 || len(res.Residuals) != 1 {
		t.Errorf("fit = %s; want one parameter in [0, 1] and one residual", out)
	}
}

// TestFitShowsProgress: a fit plays the experiment hundreds of times
// (calibrate-khan: 1,899 runs, minutes on two cores) and says how far it
// is every --progress-every, as a run does; it printed nothing until its
// table.
func TestFitShowsProgress(t *testing.T) {
	path := fitTargets(t)
	code, _, errOut := moot(t, "fit", small, "--targets", path, "--progress-every", "1ms", "--concurrency", "1")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "moot: fit: ") || !strings.Contains(errOut, " runs of the experiment in ") {
		t.Errorf("fit's stderr has no progress line:\n%s", errOut)
	}
}
