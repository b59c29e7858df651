package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// triviaRun plays a dataset task whose questions list several wrong
// answers (so the seed draws the one shown, and the order) from the data
// file data, at seed, and returns the experiment and its run's folder.
func triviaRun(t *testing.T, data string, seed int, fields ...string) (*Experiment, string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "trivia.yaml")
	yml := fmt.Sprintf(`name: trivia
seed: %d
agents:
  judge: {backend: sim, skill: 0.5}
tasks:
  - name: trivia
    loader: jsonl
    path: %s
    question: prompt
    correct: gold
    incorrect: decoys
    context: notes
    id: meta.uid
%sprotocols:
  - {name: direct-with-context, judge: judge, swap: true}
`, seed, data, strings.Join(fields, ""))
	if err := os.WriteFile(file, []byte(yml), 0o644); err != nil {
		t.Fatal(err)
	}
	x := mustLoad(t, file)
	out := t.TempDir()
	mustRunSummarized(t, x, Options{Out: out})
	return x, out
}

// TestRejudgeRefusesAnotherQuestion: a rejudge whose experiment gives a
// recorded question otherwise than the run played it would have the new
// judge read another question and score it by another key. A dataset's
// shown wrong answer and answer order are drawn at the seed, and its
// file may change after the run: either is refused before anything is
// written, and the run's own file at its own seed is not.
func TestRejudgeRefusesAnotherQuestion(t *testing.T) {
	data := filepath.Join(t.TempDir(), "trivia.jsonl")
	if err := os.WriteFile(data, mustRead(t, "../tasks/loaders/testdata/jsonl.jsonl"), 0o644); err != nil {
		t.Fatal(err)
	}
	x, run := triviaRun(t, data, 1)
	if _, err := rejudgeSummarized(context.Background(), x, run, "judge", Options{Out: t.TempDir()}); err != nil {
		t.Fatalf("rejudged by its own file: %v", err)
	}

	other, _ := triviaRun(t, data, 2)
	out := t.TempDir()
	_, err := rejudgeSummarized(context.Background(), other, run, "judge", Options{Out: out})
	if !errors.Is(err, ErrBadInput) || !strings.Contains(err.Error(), "is not the one the run played: the run played the answers") ||
		!strings.Contains(err.Error(), "was played at seed 1") {
		t.Errorf("rejudged by the file at another seed: %v; want ErrBadInput naming the answers and the seeds", err)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("the refused rejudge wrote %d files", len(entries))
	}
	// A person judging the run (moot judge) would read them too.
	recs := readTranscripts(t, run)
	if _, err := x.RunJudgeSeats(run, recs, "human:ann"); err != nil {
		t.Errorf("judge seats of the run by its own file: %v", err)
	}
	_, err = other.RunJudgeSeats(run, recs, "human:ann")
	if !errors.Is(err, ErrBadInput) || !strings.Contains(err.Error(), "is not the one the run played") || !strings.Contains(err.Error(), "was played at seed 1") {
		t.Errorf("judge seats by the file at another seed: %v; want ErrBadInput naming the answers and the seeds", err)
	}

	// The same seed, but the file's context edited since the run.
	edited := strings.Replace(string(mustRead(t, data)), "Pellow grew up on both banks", "Pellow grew up on one bank", 1)
	if err := os.WriteFile(data, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = rejudgeSummarized(context.Background(), mustLoad(t, x.Path), run, "judge", Options{Out: t.TempDir()})
	if !errors.Is(err, ErrBadInput) || !strings.Contains(err.Error(), "its context differs from the one the run stored") {
		t.Errorf("rejudged by a file edited since: %v; want ErrBadInput naming the context", err)
	}
	if _, err := mustLoad(t, x.Path).RunJudgeSeats(run, recs, "human:ann"); !errors.Is(err, ErrBadInput) || !strings.Contains(err.Error(), "its context differs") {
		t.Errorf("judge seats by a file edited since: %v; want ErrBadInput naming the context", err)
	}
}

// TestRejudgeRefusesRegroupedQuestions: a rejudge of a run whose questions
// were grouped (its lock's groups_sha256), by a data file whose group
// field was edited since, is refused before anything is written, as a
// resume or a merge is: the new records would keep the run's groups, its
// lock and questions the file's. (It went ahead.)
func TestRejudgeRefusesRegroupedQuestions(t *testing.T) {
	data := filepath.Join(t.TempDir(), "trivia.jsonl")
	if err := os.WriteFile(data, mustRead(t, "../tasks/loaders/testdata/jsonl.jsonl"), 0o644); err != nil {
		t.Fatal(err)
	}
	x, run := triviaRun(t, data, 1, "    group: meta.level\n")
	regrouped := strings.Replace(string(mustRead(t, data)), `"level": 0.2`, `"level": 0.6`, 1)
	if err := os.WriteFile(data, []byte(regrouped), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	_, err := rejudgeSummarized(context.Background(), mustLoad(t, x.Path), run, "judge", Options{Out: out})
	if !errors.Is(err, ErrBadInput) || !strings.Contains(err.Error(), `its group is "0.6" where the run played it in "0.2"`) {
		t.Errorf("rejudged by a file regrouped since: %v; want ErrBadInput naming the groups", err)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("the refused rejudge wrote %d files", len(entries))
	}
}
