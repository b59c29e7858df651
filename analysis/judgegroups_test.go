package analysis

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestKappaIntervalDrawsGroups: ten items, each asked as four questions of
// one group that the judges label alike (four raters' votes on one MT-Bench
// pair, say). Drawn by group, the 40 questions are the ten items four times
// over, and kappa, a ratio of counts, does not move when every count is
// multiplied by four: the interval is that of the ten items once, drawn
// with the same generator (ten units either way), exactly. Drawn by
// question, as if the 40 were independent, it is about half as wide; the
// tests of a single group, and of groups named by one judge's records,
// compared the function with itself, and passed either way.
func TestKappaIntervalDrawsGroups(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	a, b := raterPair(r, 10, 0.5, 0.5, 0.6)
	var a4, b4 []int
	var qs, units []string
	for i := range a {
		for k := range 4 {
			a4, b4 = append(a4, a[i]), append(b4, b[i])
			qs, units = append(qs, fmt.Sprintf("%d-%d", i, k)), append(units, fmt.Sprint(i))
		}
	}
	want := kappaInterval(a, b, ownUnits(10), ownUnits(10), Resamples, 5)
	got := kappaInterval(a4, b4, qs, units, Resamples, 5)
	if want == nil || got == nil || *got != *want {
		t.Errorf("ten groups of four alike: %+v; want the interval of the ten items once, %+v", got, want)
	}
	loose := kappaInterval(a4, b4, qs, qs, Resamples, 5)
	if got != nil && loose != nil && got.CIHigh-got.CILow < 1.5*(loose.CIHigh-loose.CILow) {
		t.Errorf("drawn by group, width %.3f; want well above the width over the 40 questions, %.3f", got.CIHigh-got.CILow, loose.CIHigh-loose.CILow)
	}
}

// TestTauIntervalDrawsGroups: as kappa's, for a grader's tau. Five
// exam-takers answer twelve questions; then each question is asked four
// times over, as four questions of one group. An exam-taker's accuracies,
// true and judged, are ratios of counts that four copies leave as they
// were, so drawn by group the interval of tau is that of the twelve
// questions once, exactly (the same cell, so the same seeds, and twelve
// units either way).
func TestTauIntervalDrawsGroups(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 24))
	takers := []string{"t0", "t1", "t2", "t3", "t4"}
	var once, grouped []transcript.Episode
	for q := range 12 {
		for k, agent := range takers {
			right := r.Float64() < 0.9-0.15*float64(k)
			call := transcript.GradeIncorrect
			if r.Float64() < 0.5 || right && r.Float64() < 0.6 {
				call = transcript.GradeCorrect
			}
			once = append(once, graded(fmt.Sprintf("q%02d", q), agent, right, call))
			for c := range 4 {
				ep := graded(fmt.Sprintf("q%02d-%d", q, c), agent, right, call)
				ep.Group = fmt.Sprintf("q%02d", q)
				grouped = append(grouped, ep)
			}
		}
	}
	want := Summarize("x", 5, once).Cells[0].Grading
	got := Summarize("x", 5, grouped).Cells[0].Grading
	if want.TauCI == nil || got.TauCI == nil || *got.TauCI != *want.TauCI || got.Tau != want.Tau {
		t.Errorf("twelve groups of four alike: tau %v %+v; want that of the twelve questions once, %v %+v", got.Tau, got.TauCI, want.Tau, want.TauCI)
	}
}
