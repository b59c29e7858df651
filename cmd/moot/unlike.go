package main

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/transcript"
)

// warnPartial says that the run in dir is partial, when it is.
func warnPartial(w io.Writer, dir, partial string) {
	if partial != "" {
		fmt.Fprintf(w, "moot: %s is a partial run (%s): its cells hold only the episodes it finished\n", dir, partial)
	}
}

// unlikeQuestions finds the questions that the runs in dirA and dirB
// both hold under one task and id but that differ between them (two data
// files, or two versions of one, another generator setting): compare
// pairs episodes by task and question id, so those pairs are of different
// questions. It warns of them on w, naming the first and what differs,
// and returns them by engine.QuestionKey; nil where a run has no question
// store to check, which it says.
func unlikeQuestions(w io.Writer, dirA, dirB string) map[string]bool {
	qa, errA := engine.ReadQuestions(dirA)
	qb, errB := engine.ReadQuestions(dirB)
	if err := cmp.Or(errA, errB); err != nil {
		fmt.Fprintf(w, "moot: the runs' questions were not checked for ones that differ under one id: %v\n", err)
		return nil
	}
	out, shared, first := unlikeIn(qa, qb)
	if len(out) > 0 {
		fmt.Fprintf(w, "moot: warning: %d of the %d questions both runs hold differ between them under one id (the first, %s): "+
			"compare pairs episodes by task and question id, so those pairs are of different questions (each comparison counts its own as unlike_questions)\n", len(out), shared, first)
	}
	return out
}

// warnUnlikePooled warns on w of the questions two of the runs in dirs
// hold under one task and id but that differ between them, where a
// command pools the runs' episodes by question: consequence says what
// that does. A run with no question store is passed over, and said so.
func warnUnlikePooled(w io.Writer, dirs []string, consequence string) {
	stores := make([]map[string]engine.QuestionRecord, len(dirs))
	for i, dir := range dirs {
		q, err := engine.ReadQuestions(dir)
		if err != nil {
			fmt.Fprintf(w, "moot: %s's questions were not checked for ones that differ from another run's under one id: %v\n", dir, err)
			continue
		}
		stores[i] = q
	}
	for i := range dirs {
		for j := i + 1; j < len(dirs); j++ {
			if stores[i] == nil || stores[j] == nil {
				continue
			}
			if out, shared, first := unlikeIn(stores[i], stores[j]); len(out) > 0 {
				fmt.Fprintf(w, "moot: warning: %d of the %d questions both runs hold differ between them under one id (%s and %s; the first, %s): %s\n",
					len(out), shared, dirs[i], dirs[j], first, consequence)
			}
		}
	}
}

// unlikeIn returns, by engine.QuestionKey, the questions qa and qb both
// hold that differ between them, how many they both hold, and the first
// that differs and how, in words.
func unlikeIn(qa, qb map[string]engine.QuestionRecord) (out map[string]bool, shared int, first string) {
	out = map[string]bool{}
	for _, k := range slices.Sorted(maps.Keys(qa)) {
		b, ok := qb[k]
		if !ok {
			continue
		}
		shared++
		a := qa[k]
		if what := unlike(&a, &b); what != "" {
			out[k] = true
			if first == "" {
				first = fmt.Sprintf("task %s, question %s: %s", a.Task, a.ID, what)
			}
		}
	}
	return out, shared, first
}

// countUnlike counts the distinct questions of eps that unlike holds.
func countUnlike(eps []transcript.Episode, unlike map[string]bool) int {
	seen := map[string]bool{}
	for i := range eps {
		if k := engine.QuestionKey(eps[i].Task, eps[i].QuestionID); unlike[k] {
			seen[k] = true
		}
	}
	return len(seen)
}

// unlike says what differs between a and b, two questions under one id,
// "" where they ask the same thing: the same text, exhibit and context,
// and the same correct and incorrect answers (in whatever order a seed
// placed them).
func unlike(a, b *engine.QuestionRecord) string {
	switch {
	case a.Text != b.Text:
		return fmt.Sprintf("the text %q against %q", a.Text, b.Text)
	case a.Exhibit != b.Exhibit:
		return "the exhibit"
	case a.Context != b.Context:
		return "the hidden context"
	case a.Answers[a.Correct] != b.Answers[b.Correct]:
		return fmt.Sprintf("the correct answer %q against %q", a.Answers[a.Correct], b.Answers[b.Correct])
	case a.Answers[1-a.Correct] != b.Answers[1-b.Correct]:
		return fmt.Sprintf("the wrong answer %q against %q", a.Answers[1-a.Correct], b.Answers[1-b.Correct])
	}
	return ""
}

// otherSources names a task that the runs in dirA and dirB draw from
// different sources — another generator, loader or data file under one
// name — or is "" where none does (or a lock cannot be read).
func otherSources(dirA, dirB string) string {
	a, errA := engine.ReadLockHead(dirA)
	b, errB := engine.ReadLockHead(dirB)
	if errA != nil || errB != nil {
		return ""
	}
	source := func(t engine.LockHeadTask) string {
		if t.Generator != "" {
			return "generator " + t.Generator
		}
		return "loader " + t.Loader + " of " + t.Path
	}
	for _, ta := range a.Tasks {
		for _, tb := range b.Tasks {
			if ta.Name == tb.Name && source(ta) != source(tb) {
				return fmt.Sprintf("task %s is drawn from %s in %s and from %s in %s", ta.Name, source(ta), dirA, source(tb), dirB)
			}
		}
	}
	return ""
}
