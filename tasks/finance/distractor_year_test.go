package finance_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mootlab/moot/tasks/finance"
)

// TestDistractorIsEitherOtherYearAlike: the distractor is the same figure
// of another year, one of the two other years of the three asked about,
// drawn alike (question's doc). Where the filing states it (at difficulty
// 1, nearly always), its sentence names its year: for each year asked,
// each of the two others is the distractor's in about half the questions.
func TestDistractorIsEitherOtherYearAlike(t *testing.T) {
	s := finance.DefaultSettings()
	s.Difficulty = 1
	seen := map[string]map[string]int{} // asked year → distractor's year → count
	for _, q := range generate(t, s, 3, 600) {
		asked := askedYear.FindString(q.Text)
		distractor := q.Answers[1-q.Correct]
		for _, line := range strings.Split(q.Context, "\n") {
			if strings.Contains(line, " was "+distractor+" ") || strings.HasSuffix(line, " was "+distractor+".") {
				if seen[asked] == nil {
					seen[asked] = map[string]int{}
				}
				seen[asked][askedYear.FindString(line)]++
			}
		}
	}
	for _, asked := range []int{2022, 2023, 2024} {
		t.Run(fmt.Sprint(asked), func(t *testing.T) {
			byYear := seen[fmt.Sprint(asked)]
			total := 0
			for _, n := range byYear {
				total += n
			}
			if total < 100 {
				t.Fatalf("%d questions asking %d state the distractor; want >= 100", total, asked)
			}
			for _, other := range []int{2022, 2023, 2024} {
				if other == asked {
					if n := byYear[fmt.Sprint(other)]; n != 0 {
						t.Errorf("the distractor is of the asked year %d in %d questions; want 0", asked, n)
					}
					continue
				}
				if share := float64(byYear[fmt.Sprint(other)]) / float64(total); share < 0.35 || share > 0.65 {
					t.Errorf("asked %d: the distractor is of %d in %.2f of %d questions; want about one half", asked, other, share, total)
				}
			}
		})
	}
}
