package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAuditRelabelFromAnotherFolder: a run made in its experiment's
// folder keeps the experiment's path from there; audited from another
// folder, --relabel finds the task by its file's name, and still refuses
// another file of that name that holds other questions.
func TestAuditRelabelFromAnotherFolder(t *testing.T) {
	dir := t.TempDir()
	data, flipped := flippedDataset(t, 20, 2, 1, 0.6)
	writeFile(t, filepath.Join(dir, "qa.jsonl"), data)
	experimentOn(t, dir, "qa.jsonl")
	t.Chdir(dir)
	mootOK(t, "run", "judges-audit.yaml", "--out", "run")
	elsewhere := t.TempDir()
	t.Chdir(elsewhere)
	run, fixed := filepath.Join(dir, "run"), filepath.Join(elsewhere, "fixed.jsonl")
	a := runAuditJSON(t, run, "--top", "2", "--relabel", filepath.Join(dir, "qa.jsonl"), "--out", fixed)
	if a.Relabel == nil || len(a.Relabel.Relabelled) == 0 {
		t.Fatalf("relabel %+v; want the suspects of task qa relabelled (the flipped: %v)", a.Relabel, flipped)
	}
	if _, err := os.Stat(fixed); err != nil {
		t.Errorf("the corrected copy: %v", err)
	}
	// Another file of the name, one answer edited: not the run's.
	other := filepath.Join(elsewhere, "qa.jsonl")
	writeFile(t, other, []byte(strings.Replace(string(data), `"correct":"`, `"correct":"edited `, 1)))
	code, _, errOut := moot(t, "audit", run, "--relabel", other, "--out", filepath.Join(elsewhere, "fixed2.jsonl"))
	if code != exitBadInput || !strings.Contains(errOut, other+" holds other questions than the run's task qa played") {
		t.Errorf("relabel of another qa.jsonl: exit %d, %q; want %d, refused as other questions", code, errOut, exitBadInput)
	}
}
