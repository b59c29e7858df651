package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestTasksTellCountsGroupsNotQuestions: the folds hold a group's
// questions together, so 30 questions in 3 groups are 3 units, too few
// to fit on some and test on the others: refused (exit 2) naming the
// groups, not the 30 questions, which alone would be enough.
func TestTasksTellCountsGroupsNotQuestions(t *testing.T) {
	var b strings.Builder
	for i := range 30 {
		fmt.Fprintf(&b, `{"id": "q%d", "question": "How many stones are in pile %d?", "correct": "%d", "incorrect": "%d", "article": "a%d"}`+"\n", i, i, 300+i, 100+7*i, i/10)
	}
	data := filepath.Join(t.TempDir(), "grouped.jsonl")
	writeFile(t, data, []byte(b.String()))
	code, _, errOut := moot(t, "tasks", "tell", "jsonl", "--path", data, "--set", "group=article")
	if want := "30 questions in 3 groups; want at least 10 groups"; code != exitBadInput || !strings.Contains(errOut, want) {
		t.Errorf("exit %d %q; want %d and %q", code, errOut, exitBadInput, want)
	}
}

// TestTasksTellOfUngroupedQuestionsNamesNoGroups: questions that share
// no group are told one at a time, and the report names no groups (the
// JSON's groups left out, the text without "group").
func TestTasksTellOfUngroupedQuestionsNamesNoGroups(t *testing.T) {
	var b strings.Builder
	for i := range 30 {
		fmt.Fprintf(&b, `{"id": "q%d", "question": "How many stones are in pile %d?", "correct": "%d", "incorrect": "%d"}`+"\n", i, i, 300+i, 100+7*i)
	}
	data := filepath.Join(t.TempDir(), "plain.jsonl")
	writeFile(t, data, []byte(b.String()))
	code, out, errOut := moot(t, "tasks", "tell", "jsonl", "--path", data, "--format", "json")
	if code != exitOK || strings.Contains(out, `"groups"`) {
		t.Errorf("json: exit %d %q; want no groups in:\n%s", code, errOut, out)
	}
	code, out, errOut = moot(t, "tasks", "tell", "jsonl", "--path", data)
	if code != exitOK || strings.Contains(out, "group's questions in one") {
		t.Errorf("text: exit %d %q; want no groups named in:\n%s", code, errOut, out)
	}
}
