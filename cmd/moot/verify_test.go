package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// playReference writes yml as the experiment file name in dir and runs it
// into dir/ref, stopping the test unless the run exits 0; it returns the
// experiment's path and the reference's.
func playReference(t *testing.T, dir, name, yml string) (exp, ref string) {
	t.Helper()
	exp, ref = filepath.Join(dir, name), filepath.Join(dir, "ref")
	writeFile(t, exp, []byte(yml))
	mootOK(t, "run", exp, "--out", ref)
	return exp, ref
}

// TestVerifySaysQuestionsChanged: verify against a reference whose data
// file was edited since (a word of a context) says that its questions are
// not those the reference played, as a resume into the reference would
// refuse them; it said "results match" and nothing else.
func TestVerifySaysQuestionsChanged(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "trivia.jsonl")
	writeFile(t, data, mustRead(t, "../../tasks/loaders/testdata/jsonl.jsonl"))
	exp, ref := playReference(t, dir, "trivia.yaml", "name: trivia\nseed: 1\nagents:\n  j: {backend: sim}\ntasks:\n"+
		"  - {name: trivia, loader: jsonl, path: trivia.jsonl, question: prompt, correct: gold, incorrect: decoys, context: notes, id: meta.uid}\n"+
		"protocols:\n  - {name: direct, judge: j}\n")
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

// TestVerifyShowsProgress: verify plays the whole experiment again, for as
// long as its run took (hours against LLM endpoints), and says how far it
// is as moot run does in a log: a progress line every --progress-every,
// and which replicate plays. It printed nothing until its verdict.
func TestVerifyShowsProgress(t *testing.T) {
	exp, ref := playReference(t, t.TempDir(), "prog.yaml", "name: prog\nseed: 3\nreplicates: 2\nagents:\n  s: {backend: sim, skill: 0.9}\n  j: {backend: sim}\n"+
		"tasks:\n  - {name: qa, generator: qa, n: 40}\n"+
		"protocols:\n  - {name: direct, judge: j}\n  - {name: debate, judge: j, debaters: s}\n")
	code, out, errOut := moot(t, "verify", exp, "--reference", ref, "--progress-every", "1ms", "--concurrency", "1")
	if code != exitOK || !strings.Contains(out, "results match") {
		t.Fatalf("verify: exit %d, stdout %q, stderr %s", code, out, errOut)
	}
	for _, want := range []string{"moot: replicate 1 of 2, seed 3\n", "moot: replicate 2 of 2, seed ", "/120 episodes (0 failed)"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("verify's stderr lacks %q:\n%s", want, errOut)
		}
	}
}

// TestVerifyRefusesAnotherExperimentsReference: a reference of another
// experiment is refused before the experiment plays (exit 2), where
// verify played it whole, however long and dear, to list every number
// as different (found following each command's help as a newcomer would).
func TestVerifyRefusesAnotherExperimentsReference(t *testing.T) {
	ref := filepath.Join(t.TempDir(), "ref")
	mootOK(t, "run", small, "--out", ref)
	other := filepath.Join(t.TempDir(), "other.yaml")
	yml := strings.Replace(string(mustRead(t, small)), "name: small", "name: other", 1)
	if yml == string(mustRead(t, small)) {
		t.Fatal("small.yaml is not named small")
	}
	writeFile(t, other, []byte(yml))
	code, out, errOut := moot(t, "verify", other, "--reference", ref, "--progress-every", "1ms")
	want := `the reference ` + ref + ` holds a run of the experiment "small", and ` + other + ` is "other"`
	if code != exitBadInput || !strings.Contains(errOut, want) || strings.Contains(errOut, "episodes") {
		t.Errorf("verify against another experiment's reference: exit %d, %s%s; want 2 saying %q before anything plays", code, out, errOut, want)
	}
}
