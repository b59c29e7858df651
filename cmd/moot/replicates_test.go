package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/sinks"
)

// TestReplicatedRun plays the small experiment at three seeds: each
// replicate is a run of its own, the first is the plain run, and the
// replicated run's summary, table and report hold what the seeds share.
func TestReplicatedRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "rep")
	code, out, errOut := moot(t, "run", small, "--out", dir, "--replicates", "3")
	if code != exitOK {
		t.Fatalf("run --replicates 3: exit %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, "3 replicates (seeds") || !strings.Contains(out, "above 0") {
		t.Errorf("stdout lacks the replicate tables:\n%s", out)
	}
	sum, err := sinks.ReadSummary(filepath.Join(dir, sinks.SummaryFile))
	if err != nil || sum.Replicates == nil || len(sum.Replicates.Seeds) != 3 {
		t.Fatalf("summary.json: %v, replicates %+v; want 3 seeds", err, sum.Replicates)
	}
	x, err := engine.Load(small)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Replicates.Seeds[0] != x.Seed {
		t.Errorf("first seed %d; want the file's %d", sum.Replicates.Seeds[0], x.Seed)
	}
	for _, c := range sum.Replicates.Cells {
		if c.Replicates != 3 || len(c.Accuracy) != 3 || c.CILow > c.Mean || c.Mean > c.CIHigh {
			t.Errorf("cell %s: %d replicates, accuracies %v, mean %v in [%v, %v]; want 3, the mean inside its interval", c.Protocol, c.Replicates, c.Accuracy, c.Mean, c.CILow, c.CIHigh)
		}
	}
	plain := filepath.Join(t.TempDir(), "plain")
	if code, _, errOut := moot(t, "run", small, "--out", plain); code != exitOK {
		t.Fatalf("plain run: %s", errOut)
	}
	first, _ := os.ReadFile(filepath.Join(dir, engine.ReplicateDir(x.Seed), sinks.SummaryFile))
	want, _ := os.ReadFile(filepath.Join(plain, sinks.SummaryFile))
	if !bytes.Equal(first, want) || len(want) == 0 {
		t.Error("the first replicate's summary.json differs from the plain run's")
	}
	code, table, errOut := moot(t, "table", dir)
	if code != exitOK || !strings.Contains(table, "Seeds") {
		t.Errorf("table of a replicated run: exit %d\n%s%s", code, table, errOut)
	}
	if code, _, _ := moot(t, "table", dir, "--by", "protocol"); code != exitBadInput {
		t.Errorf("table --by of a replicated run: exit %d; want %d", code, exitBadInput)
	}
	page, err := os.ReadFile(filepath.Join(dir, sinks.ReportFile))
	if err != nil || !strings.Contains(string(page), "3 replicates") || !strings.Contains(string(page), engine.ReplicateDir(x.Seed)+"/report.html") {
		t.Errorf("report.html of a replicated run: %v; want its tables and links to each replicate", err)
	}
	// Resumed: a second run into the folder plays nothing again.
	code, _, errOut = moot(t, "run", small, "--out", dir, "--replicates", "3")
	if code != exitOK || strings.Count(errOut, "were already done") != 3 {
		t.Errorf("rerun: exit %d; want each replicate resumed whole:\n%s", code, errOut)
	}
}
