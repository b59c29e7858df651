package loaders_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mootlab/moot/tasks"
)

// TestBoolQLabelAsNumber: SuperGLUE's exports give the label as 1 (true)
// or 0 (false); either reads as the boolean would, and another number is
// an error naming the field.
func TestBoolQLabelAsNumber(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "glue.jsonl")
	data := `{"idx": 0, "question": "is the mill on the river", "passage": "The mill stands on the river bank.", "label": 1}
{"idx": 1, "question": "is the mill made of glass", "passage": "The mill is built of stone.", "label": 0}
`
	if err := os.WriteFile(good, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	qs, _, err := newLoader(t, "boolq", "").Load(good, tasks.LoadOptions{Task: "t"})
	if err != nil || len(qs) != 2 {
		t.Fatalf("got %d questions, %v; want 2", len(qs), err)
	}
	for i, want := range []string{"yes", "no"} {
		if got := qs[i].Answers[qs[i].Correct]; got != want {
			t.Errorf("question %d: correct %q; want %q", i, got, want)
		}
	}
	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte(strings.Replace(data, `"label": 0`, `"label": 2`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err = newLoader(t, "boolq", "").Load(bad, tasks.LoadOptions{Task: "t"})
	if want := bad + ":2: label: want true or false, or 1 or 0, got 2"; err == nil || err.Error() != want {
		t.Errorf("a label of 2: got %v; want %q", err, want)
	}
	if err := os.WriteFile(bad, []byte(strings.Replace(data, `"label": 0`, `"label": "no"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err = newLoader(t, "boolq", "").Load(bad, tasks.LoadOptions{Task: "t"})
	if want := bad + ":2: label: want true or false, or 1 or 0, got a string"; err == nil || err.Error() != want {
		t.Errorf("a label of \"no\": got %v; want %q", err, want)
	}
}
