package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mootlab/moot/agents/openai"
	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/sinks"
)

// TestShardOfOneQuestionIsNotEmpty: of 12 shards of small's 12 questions,
// each holds one: none says it holds no question (warnEmptyShard).
func TestShardOfOneQuestionIsNotEmpty(t *testing.T) {
	out := filepath.Join(t.TempDir(), "s1")
	code, _, errOut := moot(t, "run", small, "--shard", "1/12", "--out", out, "--no-cache")
	if code != exitOK {
		t.Fatalf("run --shard 1/12: exit %d\n%s", code, errOut)
	}
	if strings.Contains(errOut, "holds no question") {
		t.Errorf("shard 1 of 12 of 12 questions says it holds none:\n%s", errOut)
	}
}

// TestInFlightLineOfBatchMode: startEndpoints' line says where its count
// comes from: --concurrency (in batch mode too), or batch mode's episodes
// in flight (batched) where no --concurrency is given.
func TestInFlightLineOfBatchMode(t *testing.T) {
	for _, c := range []struct {
		concurrency, batched int
		want                 string
	}{
		{3, 0, "moot: 3 episodes in flight (--concurrency)\n"},
		{3, 5, "moot: 3 episodes in flight (--concurrency; batch mode)\n"},
		{0, 5, fmt.Sprintf("moot: 5 episodes in flight (batch mode: the whole plan, at most %d)\n", engine.BatchWindow)},
	} {
		var w bytes.Buffer
		if err := startEndpoints(context.Background(), &w, nil, c.concurrency, c.batched, endpointFlags{noPreflight: true}); err != nil {
			t.Fatal(err)
		}
		if w.String() != c.want {
			t.Errorf("--concurrency %d, %d batched: %q; want %q", c.concurrency, c.batched, w.String(), c.want)
		}
	}
}

// TestInFlightAtMost: docs/llm-endpoints.md: twice the sum of the
// endpoints' concurrency limits, at most 1024 (2×600 is over), and the
// line says which.
func TestInFlightAtMost(t *testing.T) {
	// The limits are kept by URL for the process: another test's limit
	// for this URL would win, the smaller.
	openai.ForgetEndpoints()
	t.Cleanup(openai.ForgetEndpoints)
	for _, c := range []struct{ limit, n int }{{600, 1024}} {
		file := filepath.Join(t.TempDir(), "x.yaml")
		writeFile(t, file, []byte(fmt.Sprintf("name: x\nagents:\n  j: {backend: openai, base_url: http://127.0.0.1:9/v1, model: m, concurrency: %d}\ntasks:\n  - {name: q, generator: qa, n: 2}\nprotocols:\n  - {name: direct, judge: j}\n", c.limit)))
		x, err := engine.Load(file)
		if err != nil {
			t.Fatal(err)
		}
		var w bytes.Buffer
		if err := startEndpoints(context.Background(), &w, x.AgentsInPlay(), 0, 0, endpointFlags{noPreflight: true}); err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("moot: %d episodes in flight (at most); http://127.0.0.1:9/v1: %d calls at once\n", c.n, c.limit)
		if w.String() != want {
			t.Errorf("an endpoint of %d calls: %q; want %q", c.limit, w.String(), want)
		}
	}
}

// TestPrintEndCutShortAndResumed: printEnd says the calls neither
// answered nor failed as cut short by the stop, only where there are
// some, and a resume's episodes without "failed before" where none was
// left.
func TestPrintEndCutShortAndResumed(t *testing.T) {
	say := func(res *engine.Result) string {
		var w bytes.Buffer
		printEnd(&w, analysis.Summary{Episodes: 4}, res, time.Second, "runs/x")
		return w.String()
	}
	whole := say(&engine.Result{Calls: engine.CallStats{Attempted: 4, Answered: 3, Failed: 1}})
	if strings.Contains(whole, "cut short") || strings.Contains(whole, "resumed") {
		t.Errorf("a run of 4 calls, 3 answered and 1 failed, none resumed: %q; want nothing cut short or resumed", whole)
	}
	if got := say(&engine.Result{Calls: engine.CallStats{Attempted: 5, Answered: 3, Failed: 1}}); !strings.Contains(got, "1 failed, 1 cut short by the stop,") {
		t.Errorf("5 calls, 3 answered, 1 failed: %q; want 1 cut short by the stop", got)
	}
	if got := say(&engine.Result{Resumed: 3}); !strings.HasPrefix(got, "moot: 4 episodes (3 of them resumed) in ") {
		t.Errorf("3 of 4 resumed, none left: %q; want \"moot: 4 episodes (3 of them resumed) in \"", got)
	}
}

// TestVerifyAgainstAReferenceThatNamesNoExperiment: verify refuses a
// reference of another experiment, before the run; a summary that names
// none (an older or hand-kept summary) is no other experiment's.
func TestVerifyAgainstAReferenceThatNamesNoExperiment(t *testing.T) {
	ref := t.TempDir()
	runSmall(t, ref)
	path := filepath.Join(ref, "summary.json")
	var sum map[string]any
	if err := json.Unmarshal(mustRead(t, path), &sum); err != nil {
		t.Fatal(err)
	}
	delete(sum, "experiment")
	data, err := json.Marshal(sum)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, data)
	code, _, errOut := moot(t, "verify", small, "--reference", ref)
	if code == exitBadInput || strings.Contains(errOut, "holds a run of the experiment") {
		t.Errorf("verify against a summary naming no experiment: exit %d, %s; want it compared, not refused as another experiment's", code, errOut)
	}
	// Exact, it leaves nothing out: what --tolerance leaves out is not said.
	if strings.Contains(errOut, sinks.ToleranceLeavesOut) {
		t.Errorf("verify without --tolerance says %q:\n%s", sinks.ToleranceLeavesOut, errOut)
	}
}

// TestVerifyWithoutTableCSV: verify's help: a reference kept without
// table.csv is compared without it, and said so; with --tolerance the
// tables' text is not compared at all, so there is nothing to say.
func TestVerifyWithoutTableCSV(t *testing.T) {
	ref := t.TempDir()
	runSmall(t, ref)
	if err := os.Remove(filepath.Join(ref, "table.csv")); err != nil {
		t.Fatal(err)
	}
	const note = "has no table.csv (kept without it): it was not compared"
	if code, _, errOut := moot(t, "verify", small, "--reference", ref); code != exitOK || !strings.Contains(errOut, note) {
		t.Errorf("exact verify without table.csv: exit %d; want 0, saying %q:\n%s", code, note, errOut)
	}
	if code, _, errOut := moot(t, "verify", small, "--reference", ref, "--tolerance", "0.02"); code != exitOK || strings.Contains(errOut, note) {
		t.Errorf("verify --tolerance 0.02 without table.csv: exit %d; want 0, without %q:\n%s", code, note, errOut)
	}
}

// TestFileExistsOfAFolder: fileExists reports whether a path names a
// file: a folder (experiments/x.yaml made a folder) is none, and moot
// does not tell the user to run it.
func TestFileExistsOfAFolder(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "x.yaml")
	writeFile(t, file, []byte("name: x\n"))
	if !fileExists(file) || fileExists(dir) || fileExists(filepath.Join(dir, "none.yaml")) {
		t.Errorf("fileExists: file %v, folder %v, missing %v; want true, false, false", fileExists(file), fileExists(dir), fileExists(filepath.Join(dir, "none.yaml")))
	}
}

// TestVerifyAgainstReplicatedShards: verify's help: a shard's run is no
// reference; nor is a replicated run of a shard, whose seeds' locks say
// so (its folder has none of its own).
func TestVerifyAgainstReplicatedShards(t *testing.T) {
	ref := filepath.Join(t.TempDir(), "ref")
	mootOK(t, "run", small, "--replicates", "2", "--shard", "1/2", "--out", ref, "--no-cache")
	code, _, errOut := moot(t, "verify", small, "--reference", ref)
	if code != exitBadInput || !strings.Contains(errOut, "holds shard 1/2 of the experiment's plan") {
		t.Errorf("verify against replicated shards: exit %d; want %d, refused as a shard's:\n%s", code, exitBadInput, errOut)
	}
}

// TestOtherQuestionsOfALockWithoutAHash: otherQuestions compares each
// task's questions with the reference lock's questions_sha256: a lock
// that has none says nothing of them; one of other questions is said.
func TestOtherQuestionsOfALockWithoutAHash(t *testing.T) {
	x, err := engine.Load(small)
	if err != nil {
		t.Fatal(err)
	}
	ref := t.TempDir()
	writeFile(t, filepath.Join(ref, engine.LockFile), []byte("name: small\ntasks:\n  - {name: qa, generator: qa}\n"))
	if notes := otherQuestions(x, ref); len(notes) != 0 {
		t.Errorf("a lock without questions_sha256: %q; want nothing said", notes)
	}
	writeFile(t, filepath.Join(ref, engine.LockFile), []byte("name: small\ntasks:\n  - {name: qa, generator: qa, questions_sha256: abc}\n"))
	if notes := otherQuestions(x, ref); len(notes) != 1 || !strings.HasPrefix(notes[0], "task qa: its questions are not those the reference") {
		t.Errorf("a lock of other questions: %q; want task qa said", notes)
	}
}

// TestLogErrorOfAnEmptyLog: logError is nil where the transcripts can be
// read, an empty log (a run stopped before its first episode) too; not
// where there is none, or a folder in its place.
func TestLogErrorOfAnEmptyLog(t *testing.T) {
	empty, none, folder := t.TempDir(), t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(empty, engine.TranscriptsFile), nil)
	if err := os.Mkdir(filepath.Join(folder, engine.TranscriptsFile), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := logError(empty); err != nil {
		t.Errorf("an empty log: %v; want nil", err)
	}
	if logError(none) == nil || logError(folder) == nil {
		t.Errorf("no log: %v, a folder for it: %v; want an error each", logError(none), logError(folder))
	}
}
