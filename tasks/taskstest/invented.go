package taskstest

import (
	"slices"
	"strings"
	"testing"

	"github.com/mootlab/moot/internal/reading"
	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/tasks"
)

// Invented returns the claims of q's pool for answer a that its context
// does not hold: the quotes a speaker for a can cite only by inventing
// them.
func Invented(q tasks.Question, a int) []string {
	var out []string
	for _, c := range q.Evidence {
		if c.Answer == a && !quotes.Found(c.Text, q.Context) {
			out = append(out, c.Text)
		}
	}
	return out
}

// CheckInventedAlike checks that q's pool offers its two answers invented
// quotes alike, so that whether a deceptive speaker can invent one, and
// its form, says nothing of which answer is correct: as many for each, as
// many of them with every key term of the question, the same openings
// (the words before the first comma: the lead a speaker frames its
// invention with), and each naming its own answer. It returns how many
// each answer has.
func CheckInventedAlike(t testing.TB, q tasks.Question) int {
	t.Helper()
	key := reading.KeyTerms(q.Text)
	var count, whole [2]int
	var openings [2][]string
	for a := range 2 {
		for _, s := range Invented(q, a) {
			count[a]++
			if reading.Missing(key, s) == 0 {
				whole[a]++
			}
			opening, _, _ := strings.Cut(s, ", ")
			openings[a] = append(openings[a], opening)
			if !reading.Mentions(s, q.Answers[a]) {
				t.Errorf("%s: the invented quote %q for %q does not name it", q.ID, s, q.Answers[a])
			}
		}
		slices.Sort(openings[a])
	}
	c, w := q.Correct, 1-q.Correct
	if count[c] != count[w] || whole[c] != whole[w] {
		t.Errorf("%s: %d invented quotes for the correct answer (%d with every key term), %d for the wrong one (%d); want as many", q.ID, count[c], whole[c], count[w], whole[w])
	}
	if !slices.Equal(openings[c], openings[w]) {
		t.Errorf("%s: invented quotes open %q for the correct answer, %q for the wrong one; want alike", q.ID, openings[c], openings[w])
	}
	return count[c]
}
