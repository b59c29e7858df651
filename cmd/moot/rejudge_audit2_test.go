package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRejudgeNeedsBothFlags: the usage line names --judge and
// --experiment both required; either one missing is a usage error that
// says so, before any run is read.
func TestRejudgeNeedsBothFlags(t *testing.T) {
	for _, args := range [][]string{{"--judge", "judge"}, {"--experiment", small}} {
		code, _, errOut := moot(t, append([]string{"rejudge", t.TempDir()}, args...)...)
		if code != exitBadInput || !strings.Contains(errOut, "rejudge needs --judge and --experiment") {
			t.Errorf("rejudge %v: exit %d %q; want %d and both flags named", args, code, errOut, exitBadInput)
		}
	}
}

// TestRejudgeDefaultFolderBesideTheRun: without --out the rejudge goes
// to RUN_DIR-rejudged-AGENT (its help), beside the run, also where
// RUN_DIR is written with a trailing slash.
func TestRejudgeDefaultFolderBesideTheRun(t *testing.T) {
	run := filepath.Join(t.TempDir(), "run")
	runSmall(t, run)
	mootOK(t, "rejudge", run+"/", "--judge", "judge", "--experiment", small)
	if _, err := os.Stat(filepath.Join(run+"-rejudged-judge", "summary.json")); err != nil {
		t.Errorf("rejudge of %s/: %v; want its run in %s-rejudged-judge", run, err, run)
	}
}
