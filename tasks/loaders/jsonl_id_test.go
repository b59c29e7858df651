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

// TestJSONLUnnamedNullID: with no id field named, a record whose "id" is
// null has none and is named by its line — the loader had refused the
// file ("id: want a string or a number, got null") since it read the
// field, which a file exported with an empty id column could not avoid.
// Named, the field must hold an id.
func TestJSONLUnnamedNullID(t *testing.T) {
	path := filepath.Join(t.TempDir(), "q.jsonl")
	data := `{"id": null, "question": "Which river?", "correct": "Nile", "incorrect": "Amazon"}
{"id": "sea", "question": "Which sea?", "correct": "Red", "incorrect": "Black"}
`
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	qs, _, err := newLoader(t, "jsonl", "{}").Load(path, tasks.LoadOptions{Task: "t", Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 2 || qs[0].ID != "t-1" || qs[1].ID != "sea" {
		t.Errorf("questions %+v; want ids t-1 and sea", qs)
	}
	if _, _, err := newLoader(t, "jsonl", "{id: id}").Load(path, tasks.LoadOptions{Task: "t", Seed: 7}); err == nil {
		t.Error("a null id in the field the experiment names: loaded; want an error")
	}
	// Every loader that reads an id field reads a null as none (optID).
	gsm := filepath.Join(t.TempDir(), "g.jsonl")
	if err := os.WriteFile(gsm, []byte(`{"id": null, "question": "How many?", "answer": "2+3 = <<2+3=5>>5, and 2 more.\n#### 7"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if qs, _, err := newLoader(t, "gsm8k", "{}").Load(gsm, tasks.LoadOptions{Task: "t", Seed: 7}); err != nil || len(qs) != 1 || qs[0].ID != "t-1" {
		t.Errorf("gsm8k with a null id: %+v, %v; want one question named t-1", qs, err)
	}
}
