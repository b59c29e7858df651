package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportOfAnUnfinishedRejudgeSaysHowToResumeIt: a rejudge's folder
// without its summary.json did not finish; it is resumed by the rejudge
// that wrote it, run again, not by moot run, and report says so.
func TestReportOfAnUnfinishedRejudgeSaysHowToResumeIt(t *testing.T) {
	run := filepath.Join(t.TempDir(), "run")
	runSmall(t, run)
	again := filepath.Join(t.TempDir(), "again")
	mootOK(t, "rejudge", run, "--judge", "judge", "--experiment", small, "--out", again)
	if err := os.Remove(filepath.Join(again, "summary.json")); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := moot(t, "report", again)
	if want := "the moot rejudge (or moot judge) of " + run + " that wrote it, run again,"; code != exitBadInput || !strings.Contains(errOut, want) {
		t.Errorf("report of an unfinished rejudge: exit %d %q; want %d and %q", code, errOut, exitBadInput, want)
	}
}
