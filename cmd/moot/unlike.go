package main

import (
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/mootlab/moot/engine"
)

// warnPartial says that the run in dir is partial, when it is.
func warnPartial(w io.Writer, dir, partial string) {
	if partial != "" {
		fmt.Fprintf(w, "moot: %s is a partial run (%s): its cells hold only the episodes it finished\n", dir, partial)
	}
}

// warnUnlikeQuestions warns when questions that the runs in dirA and dirB
// both hold under one task and id differ between them (two data files, or
// two versions of one): compare pairs episodes by task and question id, so
// those pairs are of different questions. Runs without a question store
// are not checked.
func warnUnlikeQuestions(w io.Writer, dirA, dirB string) {
	qa, errA := engine.ReadQuestions(dirA)
	qb, errB := engine.ReadQuestions(dirB)
	if errA != nil || errB != nil {
		return
	}
	shared, unlike := 0, 0
	var first string
	for _, k := range slices.Sorted(maps.Keys(qa)) {
		b, ok := qb[k]
		if !ok {
			continue
		}
		shared++
		if a := qa[k]; !sameQuestion(&a, &b) {
			unlike++
			if first == "" {
				first = fmt.Sprintf("task %s, question %s: %q against %q", a.Task, a.ID, a.Text, b.Text)
			}
		}
	}
	if unlike > 0 {
		fmt.Fprintf(w, "moot: warning: %d of the %d questions both runs hold differ between them under one id (the first, %s): "+
			"compare pairs episodes by task and question id, so those pairs are of different questions\n", unlike, shared, first)
	}
}

// sameQuestion says whether a and b ask the same thing: the same text,
// exhibit and context, and the same correct and incorrect answers (in
// whatever order a seed placed them).
func sameQuestion(a, b *engine.QuestionRecord) bool {
	return a.Text == b.Text && a.Exhibit == b.Exhibit && a.Context == b.Context &&
		a.Answers[a.Correct] == b.Answers[b.Correct] && a.Answers[1-a.Correct] == b.Answers[1-b.Correct]
}
