package taskstest

import (
	"strconv"
	"testing"

	"github.com/mootlab/moot/internal/tell"
	"github.com/mootlab/moot/tasks"
)

// CheckAnswersAloneDoNotTell checks that a reader of a generator's two
// answers alone — their values, roundness and lengths, and the words they
// share with the question (internal/tell) — cannot tell the correct one: a
// model fitted on 3,000 questions of seed 31 is right in no more than
// 55% of 3,000 of seed 32; and where both answers are numbers, the larger
// is the correct one in 46% to 54% of them (the plainest cue: its standard
// deviation on 3,000 questions is 0.9 points). questions makes a seed's
// questions, and kind, where not nil, names what a reader groups them by.
func CheckAnswersAloneDoNotTell(t *testing.T, questions func(seed uint64, n int) []tasks.Question, kind func(tasks.Question) string) {
	t.Helper()
	pairs := func(seed uint64) []tell.Pair {
		var out []tell.Pair
		for _, q := range questions(seed, 3000) {
			p := tell.Pair{Question: q.Text, Answers: q.Answers, Correct: q.Correct}
			if kind != nil {
				p.Kind = kind(q)
			}
			out = append(out, p)
		}
		return out
	}
	m, test := tell.Fit(pairs(31)), pairs(32)
	right, numeric, larger := 0, 0, 0
	for _, p := range test {
		if m.Predict(p) == p.Correct {
			right++
		}
		c, errC := strconv.ParseFloat(p.Answers[p.Correct], 64)
		w, errW := strconv.ParseFloat(p.Answers[1-p.Correct], 64)
		if errC == nil && errW == nil {
			numeric++
			if c > w {
				larger++
			}
		}
	}
	acc, share := float64(right)/float64(len(test)), float64(larger)/float64(max(numeric, 1))
	t.Logf("the answers alone tell the correct one in %.1f%%", 100*acc)
	if numeric > 0 {
		t.Logf("the larger is correct in %.1f%% of %d", 100*share, numeric)
	}
	if acc > 0.55 {
		t.Errorf("the answers alone tell the correct one in %.1f%% of questions; want at most 55%%", 100*acc)
	}
	if numeric > 0 && (share < 0.46 || share > 0.54) {
		t.Errorf("the larger answer is correct in %.1f%% of %d questions; want 46%% to 54%%", 100*share, numeric)
	}
}
