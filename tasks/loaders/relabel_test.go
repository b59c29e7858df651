package loaders_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mootlab/moot/tasks"
)

// relabel writes the corrected copy of a fixture and returns it, with the
// path it was written to.
func relabel(t *testing.T, loader, settings, file string, gold map[string]string) (string, []byte, error) {
	t.Helper()
	l, ok := newLoader(t, loader, settings).(tasks.Relabeler)
	if !ok {
		t.Fatalf("the %s loader is no tasks.Relabeler", loader)
	}
	var buf bytes.Buffer
	err := l.Relabel(filepath.Join("testdata", file), tasks.LoadOptions{Task: "t", Seed: 7}, gold, &buf)
	out := filepath.Join(t.TempDir(), filepath.Base(file))
	if werr := os.WriteFile(out, buf.Bytes(), 0o644); werr != nil {
		t.Fatal(werr)
	}
	return out, buf.Bytes(), err
}

func TestRelabel(t *testing.T) {
	const trivia = "{question: prompt, correct: gold, incorrect: decoys, context: notes, id: meta.uid, difficulty_field: meta.level}"
	tests := []struct {
		loader, settings, file string
		gold                   map[string]string
		changedLines           []int // 1-based
	}{
		{"jsonl", trivia, "jsonl.jsonl", map[string]string{"trivia-b": "blue", "trivia-c": "4"}, []int{2, 3}},
		{"judgebench", "", "judgebench.jsonl", map[string]string{"jb-03": "Oxygen is the main gas: every breath we take brings oxygen to the lungs and blood, which is why it is the most important and most abundant component of air."}, []int{3}},
		{"mtbench-human", "", "mtbench-human.jsonl", map[string]string{"83-t1-m-alpha-vs-m-beta-expert_2": "Practise a lot and do not give up."}, []int{5}},
	}
	for _, tt := range tests {
		t.Run(tt.loader, func(t *testing.T) {
			out, data, err := relabel(t, tt.loader, tt.settings, tt.file, tt.gold)
			if err != nil {
				t.Fatalf("Relabel: %v", err)
			}
			orig, _ := os.ReadFile(filepath.Join("testdata", tt.file))
			a, b := strings.SplitAfter(string(orig), "\n"), strings.SplitAfter(string(data), "\n")
			if len(a) != len(b) {
				t.Fatalf("%d lines; want %d", len(b), len(a))
			}
			changed := map[int]bool{}
			for _, n := range tt.changedLines {
				changed[n] = true
			}
			for i := range a {
				if (a[i] != b[i]) != changed[i+1] {
					t.Errorf("line %d changed: %v; want %v", i+1, a[i] != b[i], changed[i+1])
				}
			}
			qs, _, err := newLoader(t, tt.loader, tt.settings).Load(out, tasks.LoadOptions{Task: "t", Seed: 7})
			if err != nil {
				t.Fatal(err)
			}
			before := mustLoad(t, tt.loader, tt.settings, tt.file, tasks.LoadOptions{Seed: 7})
			for i, q := range qs {
				correct, wrong := answerText(q)
				was, wasWrong := answerText(before[i])
				if to, ok := tt.gold[q.ID]; ok {
					if correct != to || wrong != was {
						t.Errorf("%s: correct %q, other %q; want %q, %q", q.ID, correct, wrong, to, was)
					}
				} else if correct != was || wrong != wasWrong {
					t.Errorf("%s: changed to %q / %q; want it as it was", q.ID, correct, wrong)
				}
				// Nothing else a seat reads may follow the label: a
				// relabelled question reads as hard, holds the same
				// context and offers each answer the same evidence.
				if q.Difficulty != before[i].Difficulty || q.Context != before[i].Context || !cmp.Equal(evidence(q), evidence(before[i])) {
					t.Errorf("%s: difficulty %v, context or evidence changed with the label; want all as they were (difficulty %v)\n%s",
						q.ID, q.Difficulty, before[i].Difficulty, cmp.Diff(evidence(before[i]), evidence(q)))
				}
			}
		})
	}
}

// evidence is a question's evidence, the quotes of each answer by its
// text, whichever is correct.
func evidence(q tasks.Question) map[string][]string {
	by := map[string][]string{}
	for _, c := range q.Evidence {
		by[q.Answers[c.Answer]] = append(by[q.Answers[c.Answer]], c.Text)
	}
	return by
}

func TestRelabelErrors(t *testing.T) {
	const trivia = "{question: prompt, correct: gold, incorrect: decoys, id: meta.uid}"
	tests := []struct {
		name, loader, settings, file string
		gold                         map[string]string
		want                         string
	}{
		{"unknown id", "jsonl", trivia, "jsonl.jsonl", map[string]string{"trivia-z": "x"}, `testdata/jsonl.jsonl: no question "trivia-z" in the file (1 of 1 to relabel not found)`},
		{"not an answer", "jsonl", trivia, "jsonl.jsonl", map[string]string{"trivia-b": "red"}, `testdata/jsonl.jsonl:2: meta.uid: question "trivia-b": the new gold answer "red" is not one of the record's other answers`},
		{"array", "rewardbench", "", "rewardbench.json", map[string]string{"3001": "x"}, "testdata/rewardbench.json: relabel copies JSON Lines; this file is a JSON array"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := relabel(t, tt.loader, tt.settings, tt.file, tt.gold)
			var de *tasks.DataError
			if err == nil || err.Error() != tt.want || !errors.As(err, &de) {
				t.Errorf("got %T %v; want a DataError %q", err, err, tt.want)
			}
		})
	}
}

// TestRelabelPastAByteOrderMark: a file that starts with a byte-order mark
// relabels its first record as the loader reads it, and keeps the mark.
func TestRelabelPastAByteOrderMark(t *testing.T) {
	const trivia = "{question: prompt, correct: gold, incorrect: decoys, context: notes, id: meta.uid, difficulty_field: meta.level}"
	orig, err := os.ReadFile(filepath.Join("testdata", "jsonl.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(t.TempDir(), "bom.jsonl")
	if err := os.WriteFile(in, append([]byte("\uFEFF"), orig...), 0o644); err != nil {
		t.Fatal(err)
	}
	l := newLoader(t, "jsonl", trivia).(tasks.Relabeler)
	var buf bytes.Buffer
	if err := l.Relabel(in, tasks.LoadOptions{Task: "t", Seed: 7}, map[string]string{"trivia-a": "The Idle"}, &buf); err != nil {
		t.Fatalf("Relabel: %v", err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("\uFEFF{")) {
		t.Errorf("the copy starts %q; want the mark, then the first record", buf.Bytes()[:min(8, buf.Len())])
	}
	out := filepath.Join(t.TempDir(), "out.jsonl")
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	qs, _, err := newLoader(t, "jsonl", trivia).Load(out, tasks.LoadOptions{Task: "t", Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		if correct, _ := answerText(q); q.ID == "trivia-a" && correct != "The Idle" {
			t.Errorf("trivia-a: correct %q; want The Idle", correct)
		}
	}
}
