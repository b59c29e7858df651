package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mootlab/moot/engine"
)

// TestTasksShowAsARunPlays: a file without ids names its questions after
// the task, and the sample and the answers' places follow the ids: with
// the task's name and seed, tasks show gives the very questions a run of
// it plays (with the loader's name, other ones).
func TestTasksShowAsARunPlays(t *testing.T) {
	dir := t.TempDir()
	var rows strings.Builder
	for i := range 12 {
		fmt.Fprintf(&rows, "Which shade is flag %d?,red %d,blue %d,grey %d,gold %d,%c\n", i, i, i, i, i, 'A'+i%4)
	}
	data := filepath.Join(dir, "flags.csv")
	writeFile(t, data, []byte(rows.String()))
	exp := filepath.Join(dir, "x.yaml")
	yml := "name: flags\nseed: 5\nagents:\n  j: {backend: sim}\ntasks:\n  - {name: mine, loader: mmlu, path: flags.csv, n: 4}\nprotocols:\n  - {name: direct, judge: j}\n"
	writeFile(t, exp, []byte(yml))
	out := filepath.Join(dir, "run")
	mootOK(t, "run", exp, "--out", out)
	played, err := engine.ReadQuestions(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, task := range []string{"mine", ""} {
		args := []string{"tasks", "show", "mmlu", "--path", data, "--n", "4", "--seed", "5", "--format", "json"}
		if task != "" {
			args = append(args, "--task", task)
		}
		code, shown, errOut := moot(t, args...)
		if code != exitOK {
			t.Fatalf("%v: %d %s", args, code, errOut)
		}
		same := 0
		for _, line := range strings.Split(strings.TrimSpace(shown), "\n") {
			var q shownQuestion
			if err := json.Unmarshal([]byte(line), &q); err != nil {
				t.Fatal(err)
			}
			if p, ok := played[engine.QuestionKey("mine", q.ID)]; ok && p.Answers == q.Answers && p.Correct == q.Correct {
				same++
			}
		}
		if want := map[string]int{"mine": 4, "": 0}[task]; same != want {
			t.Errorf("--task %q: %d of 4 questions as the run played them; want %d", task, same, want)
		}
	}
}
