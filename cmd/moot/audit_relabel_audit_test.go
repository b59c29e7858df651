package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

// TestSamePlayedWithoutAHash: samePlayed's doc: a lock without
// questions_sha256 is not checked; one with another hash is refused.
func TestSamePlayedWithoutAHash(t *testing.T) {
	path := filepath.Join(t.TempDir(), "boolq.jsonl")
	writeFile(t, path, []byte(`{"id": "b1", "question": "is the sky blue", "passage": "It is.", "answer": true}`+"\n"+
		`{"id": "b2", "question": "is grass red", "passage": "It is not.", "answer": false}`+"\n"))
	loader := boolqLoader(t)
	lo := tasks.LoadOptions{Task: "b", Seed: 1}
	if err := samePlayed(path, loader, lo, ""); err != nil {
		t.Errorf("a lock without questions_sha256 refused: %v", err)
	}
	if err := samePlayed(path, loader, lo, "0000"); err == nil {
		t.Errorf("a lock of other questions (another questions_sha256) is not refused")
	}
}

// TestNameSakeOfSeveral: nameSake's doc: the one task whose file has the
// name, nil where several have (the experiment file not where its lock
// says, so the tasks' paths do not lead to their files).
func TestNameSakeOfSeveral(t *testing.T) {
	gone := filepath.Join(t.TempDir(), "elsewhere", "x.yaml")
	one := &engine.LockHead{Experiment: gone, Tasks: []engine.LockHeadTask{
		{Name: "gen", Generator: "qa"},
		{Name: "a", Loader: "boolq", Path: "d1/data.jsonl"},
	}}
	if got := nameSake(one, "here/data.jsonl"); got == nil || got.Name != "a" {
		t.Errorf("one task loading data.jsonl: nameSake = %v; want task a", got)
	}
	two := &engine.LockHead{Experiment: gone, Tasks: append(one.Tasks, engine.LockHeadTask{Name: "b", Loader: "boolq", Path: "d2/data.jsonl"})}
	if got := nameSake(two, "here/data.jsonl"); got != nil {
		t.Errorf("two tasks loading a data.jsonl: nameSake = task %s; want none (it cannot tell which)", got.Name)
	}
}

// TestRescoreOnACopyWithoutTheQuestion: an episode of the relabelled task
// whose question the corrected copy lacks is refused, by its id, not
// re-scored as it was.
func TestRescoreOnACopyWithoutTheQuestion(t *testing.T) {
	loader := boolqLoader(t)
	data := []byte(`{"id": "b1", "question": "is the sky blue", "passage": "It is.", "answer": true}` + "\n")
	out := filepath.Join(t.TempDir(), "fixed.jsonl")
	eps := []transcript.Episode{{EpisodeID: "e2", Task: "b", QuestionID: "b2", Protocol: "direct", Judge: "j"}}
	_, _, err := rescoreOn(data, out, loader, tasks.LoadOptions{Task: "b", Seed: 1}, eps)
	if err == nil || !strings.Contains(err.Error(), "question b2 of task b is not in the corrected copy") {
		t.Errorf("rescoreOn of an episode of a question the copy lacks: %v; want it refused by its id", err)
	}
}

// boolqLoader is the boolq loader with its default settings.
func boolqLoader(t *testing.T) tasks.Loader {
	t.Helper()
	factory, err := tasks.LookupLoader("boolq")
	if err != nil {
		t.Fatal(err)
	}
	loader, err := factory(func(any) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	return loader
}
