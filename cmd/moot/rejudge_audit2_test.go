package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/transcript"
)

// TestRejudgeCountsWhatItJudged: of a run whose log holds N episodes,
// one of them failed, the rejudge judges N−1 and carries the failed one
// over: it says "rejudged N−1 episodes", not N.
func TestRejudgeCountsWhatItJudged(t *testing.T) {
	run := filepath.Join(t.TempDir(), "run")
	runSmall(t, run)
	log := filepath.Join(run, engine.TranscriptsFile)
	lines := bytes.SplitAfter(mustRead(t, log), []byte("\n"))
	var ep transcript.Episode
	if err := json.Unmarshal(lines[0], &ep); err != nil {
		t.Fatal(err)
	}
	ep.Error = "engine: episode failed: a speaker's endpoint"
	data, _ := json.Marshal(ep)
	lines[0] = append(data, '\n')
	writeFile(t, log, bytes.Join(lines, nil))
	n := bytes.Count(bytes.Join(lines, nil), []byte("\n"))
	code, _, errOut := moot(t, "rejudge", run, "--judge", "judge", "--experiment", small, "--out", filepath.Join(t.TempDir(), "again"))
	if want := fmt.Sprintf("moot: rejudged %d episodes with judge (and 1 that had failed", n-1); code != exitOK || !strings.Contains(errOut, want) {
		t.Errorf("exit %d, stderr %q; want 0 and %q", code, errOut, want)
	}
}

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
