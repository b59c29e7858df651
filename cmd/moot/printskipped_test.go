package main

import (
	"strings"
	"testing"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/tasks"
)

// TestPrintSkippedCountsQuestions: the line that says how many records a
// task set aside or skipped names the questions kept with their count's
// own number ("1 question kept", not "1 questions kept"), as its other
// counts do.
func TestPrintSkippedCountsQuestions(t *testing.T) {
	x := &engine.Experiment{Tasks: []*engine.TaskEntry{
		{Name: "jb", Path: "jb.jsonl", Questions: make([]tasks.Question, 1), SetAside: map[string]int{"A=B": 2}},
		{Name: "lax", Path: "lax.jsonl", Questions: make([]tasks.Question, 1), SkipInvalid: true, Skipped: 1},
		{Name: "two", Path: "two.jsonl", Questions: make([]tasks.Question, 2), SetAside: map[string]int{"tie": 1}},
	}}
	var b strings.Builder
	printSkipped(&b, x)
	want := `moot: task jb: 2 "A=B" of jb.jsonl set aside, not questions; 1 question kept
moot: task lax: 1 invalid record of lax.jsonl skipped (skip_invalid); 1 question kept
moot: task two: 1 "tie" of two.jsonl set aside, not questions; 2 questions kept
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
