package loaders_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mootlab/moot/tasks"
)

// TestJSONLReadsAnIDFieldUnnamed: a JSONL file whose records have an
// "id" is read with those ids when the experiment names no id field, as
// every other loader reads them (it had named them by line, so that a
// file reordered, or a subset of it, paired with nothing); a record
// without one is named by its line; the audit's corrected copy finds
// the record by that id.
func TestJSONLReadsAnIDFieldUnnamed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "q.jsonl")
	data := `{"id": "nile", "question": "Which river?", "correct": "Nile", "incorrect": "Amazon"}
{"question": "Which sea?", "correct": "Red", "incorrect": "Black"}
{"id": 7, "question": "Which lake?", "correct": "Tana", "incorrect": "Chad"}
`
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	l := newLoader(t, "jsonl", "{}")
	opts := tasks.LoadOptions{Task: "t", Seed: 7}
	qs, _, err := l.Load(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, q := range qs {
		ids = append(ids, q.ID)
	}
	if want := []string{"nile", "t-2", "7"}; !slices.Equal(ids, want) {
		t.Errorf("ids %q; want %q", ids, want)
	}
	var buf bytes.Buffer
	if err := l.(tasks.Relabeler).Relabel(path, opts, map[string]string{"nile": "Amazon"}, &buf); err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(buf.String(), "\n")
	if !strings.Contains(lines[0], `"correct": "Amazon"`) && !strings.Contains(lines[0], `"correct":"Amazon"`) || lines[1] != strings.SplitAfter(data, "\n")[1] {
		t.Errorf("corrected copy %q; want the first record's gold changed, the others as they were", buf.String())
	}
}
