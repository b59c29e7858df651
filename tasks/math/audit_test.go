package math_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/mootlab/moot/internal/reading"
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/tasks/math"
	"github.com/mootlab/moot/tasks/taskstest"
)

func questionsAt(t *testing.T, d float64, seed uint64, n int) []tasks.Question {
	t.Helper()
	return taskstest.Generate(t, taskstest.New(t, math.New, math.Settings{Difficulty: d}), seed, n)
}

// zero is a count or quantity of 0, a number of its own.
var zero = regexp.MustCompile(`(^|[^\d])0($|[^\d])`)

// TestNoQuoteCountsZero: every quantity is a positive integer and a slip
// is realistic, so no quote, true or invented, works out a step with a
// count of 0 ("Selling 0 leaves …", an off-by-one of a count of 1 read
// down).
func TestNoQuoteCountsZero(t *testing.T) {
	for _, q := range questionsAt(t, 1, 7, 3000) {
		for _, c := range q.Evidence {
			if zero.MatchString(c.Text) {
				t.Fatalf("%s: claim %q for answer %d holds a 0; want positive counts and quantities", q.ID, c.Text, c.Answer)
			}
		}
	}
}

// droppedShare is the share of questions whose distractor is the result
// of the step before the last (the dropped step): a true step sentence,
// not the final one, states it as a result.
func droppedShare(qs []tasks.Question) float64 {
	n := 0
	for _, q := range qs {
		wrong := q.Answers[1-q.Correct]
		sentences := reading.Sentences(q.Context)
		for _, s := range sentences[:len(sentences)-1] {
			if m := equation.FindAllStringSubmatch(s, -1); len(m) > 0 && m[len(m)-1][4] == wrong && !strings.Contains(s, "lead") {
				n++
				break
			}
		}
	}
	return float64(n) / float64(len(qs))
}

// TestHarderProblemsLeanToCloserSlips: the package doc says harder
// problems lean to the closer slips (off by one, a forgotten conversion),
// so the dropped step, the easiest to see, makes the distractor less
// often at difficulty 1 than at 0. Worked out from the slip odds (dropped
// 1.2 to 0.6, wrong operation 1.2 to 0.4, off by one 0.2 to 2.0,
// conversion 0.4 to 2.0) over the six kinds of last step, each with the
// slips that apply to it (off by one to four, conversion to two): about
// 45% at difficulty 0 and 31% at 1.
func TestHarderProblemsLeanToCloserSlips(t *testing.T) {
	easy, hard := droppedShare(questionsAt(t, 0, 11, 1500)), droppedShare(questionsAt(t, 1, 11, 1500))
	if easy < 0.38 || easy > 0.52 || hard < 0.24 || hard > 0.38 {
		t.Errorf("the dropped step makes the distractor in %.1f%% of questions at difficulty 0 and %.1f%% at 1; want about 45%% and 31%%", 100*easy, 100*hard)
	}
}
