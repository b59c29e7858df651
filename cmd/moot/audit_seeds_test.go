package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAuditOfTwoSeedsOfAList: runs at two seeds of a file whose questions
// list several wrong answers draw a wrong answer each; the audit refuses
// them saying so — it had said the runs disagree on a question's gold
// answer, naming one answer twice, and blamed a relabelled file.
func TestAuditOfTwoSeedsOfAList(t *testing.T) {
	dir := t.TempDir()
	var data strings.Builder
	for _, id := range []string{"a", "b", "c", "d", "e", "f"} {
		fmt.Fprintf(&data, `{"id": %q, "question": "Which tool is %s?", "correct": "adze", "incorrect": ["kiln", "loom", "lathe", "awl"]}`+"\n", id, id)
	}
	writeFile(t, filepath.Join(dir, "q.jsonl"), []byte(data.String()))
	var runs []string
	for _, seed := range []string{"3", "4"} {
		file := filepath.Join(dir, "s"+seed+".yaml")
		os.WriteFile(file, []byte("name: s"+seed+"\nseed: "+seed+"\nagents:\n  j: {backend: sim}\n"+
			"tasks:\n  - {name: q, loader: jsonl, path: q.jsonl}\nprotocols:\n  - {name: direct, judge: j}\n"), 0o644)
		run := filepath.Join(dir, "run-"+seed)
		mootOK(t, "run", file, "--out", run)
		runs = append(runs, run)
	}
	code, _, errOut := moot(t, "audit", runs[0], runs[1])
	if code != exitBadInput || !strings.Contains(errOut, "different wrong answers") || strings.Contains(errOut, "gold answer") {
		t.Errorf("audit of two seeds: exit %d, stderr %q; want %d, saying the wrong answers differ", code, errOut, exitBadInput)
	}
}
