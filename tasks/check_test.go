package tasks

import (
	"strings"
	"testing"
)

// TestCheckQuestionsRefusesWhatAGeneratorMayNotMake: CheckQuestions
// refuses an id empty or given twice, no family, an answer empty or both
// the same, a correct answer neither 0 nor 1, and a difficulty outside
// [0, 1] (its doc), naming the question; it passes the bounds themselves.
func TestCheckQuestionsRefusesWhatAGeneratorMayNotMake(t *testing.T) {
	good := func(id string) Question {
		return Question{ID: id, Family: "qa", Text: "Which?", Answers: [2]string{"red", "blue"}, Correct: 1, Difficulty: 0.5}
	}
	with := func(change func(*Question)) []Question {
		q := good("q2")
		change(&q)
		return []Question{good("q1"), q}
	}
	for _, tt := range []struct {
		name string
		qs   []Question
		want string // "" for no error; else a part of the error
	}{
		{"sound questions", with(func(*Question) {}), ""},
		{"difficulty 0", with(func(q *Question) { q.Difficulty = 0 }), ""},
		{"difficulty 1", with(func(q *Question) { q.Difficulty = 1 }), ""},
		{"correct 0", with(func(q *Question) { q.Correct = 0 }), ""},
		{"an id given twice", with(func(q *Question) { q.ID = "q1" }), "question 1 (q1)"},
		{"an empty id", with(func(q *Question) { q.ID = "" }), "question 1 ()"},
		{"no family", with(func(q *Question) { q.Family = "" }), "no family"},
		{"an empty answer", with(func(q *Question) { q.Answers[0] = "" }), "want two, different"},
		{"both answers the same", with(func(q *Question) { q.Answers[1] = "red" }), "want two, different"},
		{"correct 2", with(func(q *Question) { q.Correct = 2 }), "correct is 2"},
		{"correct -1", with(func(q *Question) { q.Correct = -1 }), "correct is -1"},
		{"difficulty above 1", with(func(q *Question) { q.Difficulty = 1.01 }), "difficulty 1.01"},
		{"difficulty below 0", with(func(q *Question) { q.Difficulty = -0.01 }), "difficulty -0.01"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckQuestions(tt.qs)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("got %v; want no error", err)
			case tt.want != "" && err == nil:
				t.Errorf("got no error; want one naming %q", tt.want)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Errorf("got %v; want an error naming %q", err, tt.want)
			}
		})
	}
}
