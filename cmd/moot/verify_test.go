package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestVerifySaysQuestionsChanged: verify against a reference whose data
// file was edited since (a word of a context) says that its questions are
// not those the reference played, as a resume into the reference would
// refuse them; it said "results match" and nothing else.
func TestVerifySaysQuestionsChanged(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "trivia.jsonl")
	writeFile(t, data, mustRead(t, "../../tasks/loaders/testdata/jsonl.jsonl"))
	exp := filepath.Join(dir, "trivia.yaml")
	yml := "name: trivia\nseed: 1\nagents:\n  j: {backend: sim}\ntasks:\n" +
		"  - {name: trivia, loader: jsonl, path: trivia.jsonl, question: prompt, correct: gold, incorrect: decoys, context: notes, id: meta.uid}\n" +
		"protocols:\n  - {name: direct, judge: j}\n"
	writeFile(t, exp, []byte(yml))
	ref := filepath.Join(dir, "ref")
	mootOK(t, "run", exp, "--out", ref)
	if code, _, errOut := moot(t, "verify", exp, "--reference", ref); code != exitOK || strings.Contains(errOut, "warning") {
		t.Fatalf("verify of the same file: exit %d %s", code, errOut)
	}
	edited := strings.Replace(string(mustRead(t, data)), "Pellow grew up on both banks", "Pellow grew up on one bank", 1)
	writeFile(t, data, []byte(edited))
	code, _, errOut := moot(t, "verify", exp, "--reference", ref)
	if !strings.Contains(errOut, "task trivia: its questions are not those the reference "+ref+" played") {
		t.Errorf("verify of an edited file: exit %d %s; want the questions said to differ", code, errOut)
	}
}
