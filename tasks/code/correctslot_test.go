package code_test

import (
	"testing"

	"github.com/mootlab/moot/tasks/code"
	"github.com/mootlab/moot/tasks/taskstest"
)

// TestCorrectAnswerIsFirstInHalf: the correct answer of a question is
// its first in about half the questions, of either kind, so that a judge
// leaning to the first answer (position_bias) gains nothing on average:
// 1,000 questions put it first in 50% ± 5%.
func TestCorrectAnswerIsFirstInHalf(t *testing.T) {
	for _, kind := range []string{code.KindOutput, code.KindSpec} {
		t.Run(kind, func(t *testing.T) {
			qs := taskstest.Generate(t, taskstest.New(t, code.New, code.Settings{Difficulty: 0.5, Kind: kind}), 5, 1000)
			first := 0
			for _, q := range qs {
				if q.Correct == 0 {
					first++
				}
			}
			if share := float64(first) / float64(len(qs)); share < 0.45 || share > 0.55 {
				t.Errorf("the correct answer is first in %.3f of %d questions; want 0.50 ± 0.05", share, len(qs))
			}
		})
	}
}
