package main

import (
	"strings"
	"testing"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/tasks"
)

// question is a question record of task t under id, its answers in
// order and correct the index of the right one.
func question(id, text string, answers [2]string, correct int) engine.QuestionRecord {
	return engine.QuestionRecord{Task: "t", Question: tasks.Question{ID: id, Text: text, Answers: answers, Correct: correct}}
}

// TestUnlikeSaysWhatDiffers: unlike's doc: the same text, exhibit and
// context and the same correct and wrong answers, in whatever order a
// seed placed them, are the same question; each else differs.
func TestUnlikeSaysWhatDiffers(t *testing.T) {
	base := question("q1", "Where?", [2]string{"here", "there"}, 0)
	swapped := question("q1", "Where?", [2]string{"there", "here"}, 1)
	if got := unlike(&base, &swapped); got != "" {
		t.Errorf("the answers placed otherwise: %q; want alike", got)
	}
	exhibit, context, wrong := base, base, base
	exhibit.Exhibit, context.Context = "a table", "a passage"
	wrong.Answers[1] = "nowhere"
	for _, c := range []struct {
		name string
		b    engine.QuestionRecord
		want string
	}{
		{"exhibit", exhibit, "the exhibit"},
		{"context", context, "the hidden context"},
		{"wrong answer", wrong, `the wrong answer "there" against "nowhere"`},
	} {
		if got := unlike(&base, &c.b); got != c.want {
			t.Errorf("another %s: %q; want %q", c.name, got, c.want)
		}
	}
}

// TestUnlikeInNamesTheFirst: unlikeIn counts the questions both hold and
// names the first that differs, in id order.
func TestUnlikeInNamesTheFirst(t *testing.T) {
	qa := map[string]engine.QuestionRecord{}
	qb := map[string]engine.QuestionRecord{}
	for _, id := range []string{"q1", "q2", "q3"} {
		qa[engine.QuestionKey("t", id)] = question(id, "text of "+id, [2]string{"yes", "no"}, 0)
		qb[engine.QuestionKey("t", id)] = question(id, "other text of "+id, [2]string{"yes", "no"}, 0)
	}
	qa[engine.QuestionKey("t", "q4")] = question("q4", "only in a", [2]string{"yes", "no"}, 0)
	out, shared, first := unlikeIn(qa, qb)
	if len(out) != 3 || shared != 3 || !strings.HasPrefix(first, `task t, question q1: the text "text of q1"`) {
		t.Errorf("unlikeIn: %d unlike, %d shared, first %q; want 3, 3, q1's text", len(out), shared, first)
	}
}
