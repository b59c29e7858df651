package tasks

import (
	"fmt"
)

// CheckQuestions refuses questions a generator may not make, naming the
// first such and what is wrong with it: an id empty or given twice, no
// family, an answer empty or both the same, a correct answer that is
// neither 0 nor 1, a difficulty outside [0, 1]. The engine checks every
// generated task with it, so that a generator's fault stops the load
// where it would have stopped a run midway (an index out of range) or
// played a question no judge can get right.
func CheckQuestions(qs []Question) error {
	ids := make(map[string]bool, len(qs))
	for i, q := range qs {
		var err error
		switch {
		case q.ID == "" || ids[q.ID]:
			err = fmt.Errorf("id %q empty or given before", q.ID)
		case q.Family == "":
			err = fmt.Errorf("no family")
		case q.Answers[0] == "" || q.Answers[1] == "" || q.Answers[0] == q.Answers[1]:
			err = fmt.Errorf("answers %q; want two, different", q.Answers)
		case q.Correct != 0 && q.Correct != 1:
			err = fmt.Errorf("correct is %d; want 0 or 1, the index of the correct answer", q.Correct)
		case !(q.Difficulty >= 0 && q.Difficulty <= 1):
			err = fmt.Errorf("difficulty %v; want one in [0, 1]", q.Difficulty)
		}
		if err != nil {
			return fmt.Errorf("question %d (%s): %w", i, q.ID, err)
		}
		ids[q.ID] = true
	}
	return nil
}
