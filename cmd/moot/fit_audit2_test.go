package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestFitFlagRangesAtTheirBounds: the usage error's ranges, each bound on
// its side: --evaluations 1 to 100000 refuses 0 and takes 100000 (the fit
// then stops at the targets file, which is not one), --bootstrap 0 to
// 1000 refuses 1001.
func TestFitFlagRangesAtTheirBounds(t *testing.T) {
	for _, c := range []struct {
		flag, value, want string
	}{
		{"--evaluations", "0", "--evaluations must be 1 to 100000, got 0"},
		{"--bootstrap", "1001", "--bootstrap must be 0 to 1000"},
	} {
		code, _, errOut := moot(t, "fit", small, "--targets", small, c.flag, c.value)
		if code != exitBadInput || !strings.Contains(errOut, c.want) {
			t.Errorf("fit %s %s: exit %d %q; want %d and %q", c.flag, c.value, code, errOut, exitBadInput, c.want)
		}
	}
	for _, args := range [][]string{{"--evaluations", "100000"}, {"--bootstrap", "1000"}} {
		_, _, errOut := moot(t, append([]string{"fit", small, "--targets", small}, args...)...)
		if strings.Contains(errOut, "must be") {
			t.Errorf("fit %v: stderr %q; want the value taken, the fit stopped by its targets file", args, errOut)
		}
	}
}

// TestFitBootstrapFlagOverridesTheFile: --bootstrap 0, given, is taken
// over the targets file's bootstrap: 2 (the help: "default: the file's
// bootstrap:"), and the JSON says 0 refits.
func TestFitBootstrapFlagOverridesTheFile(t *testing.T) {
	path := targetsFile(t, "parameters:\n  - {name: agents.judge.diligence, min: 0, max: 1}\n"+
		"targets:\n  - {protocol: consultancy, accuracy: 0.7, ci: [0.6, 0.8], source: invented for the test}\n"+
		"bootstrap: 2\nevaluations: 3\n")
	code, out, errOut := moot(t, "fit", small, "--targets", path, "--format", "json", "--bootstrap", "0")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var res struct{ Bootstrap int }
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if res.Bootstrap != 0 {
		t.Errorf("bootstrap %d; want the flag's 0 over the file's 2", res.Bootstrap)
	}
}
