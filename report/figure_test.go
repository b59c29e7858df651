package report

import (
	"github.com/mootlab/moot/analysis"
	"strings"
	"testing"
)

func TestWrapLabel(t *testing.T) {
	for _, tc := range []struct {
		in    string
		width int
		want  string
	}{
		{"debate · hidden-qa", 44, "debate · hidden-qa"},
		{"debate · strong.skill=0.7,debate.rounds=3 · hidden-qa · weak-judge", 30,
			"debate · strong.skill=0.7,\ndebate.rounds=3 · hidden-qa ·\nweak-judge"},
		{strings.Repeat("x", 50), 30, strings.Repeat("x", 50)}, // no separator: kept whole
	} {
		if got := wrapLabel(tc.in, tc.width); got != tc.want {
			t.Errorf("wrapLabel(%q, %d) = %q; want %q", tc.in, tc.width, got, tc.want)
		}
	}
}

// TestRoundPlots: cells with by_round get a plot a task; a summary without
// the field gets none.
func TestRoundPlots(t *testing.T) {
	pt := func(r int, acc float64) roundPoint {
		return roundPoint{Round: r, N: 20, Correct: int(20 * acc), Accuracy: acc, Interval: analysis.Interval{CILow: acc - 0.1, CIHigh: acc + 0.1}}
	}
	cells := []roundCell{
		{Protocol: "debate", Task: "qa", Judge: "j", ByRound: []roundPoint{pt(1, 0.6), pt(2, 0.7), pt(3, 0.8)}},
		{Protocol: "consultancy", Task: "qa", Judge: "j", ByRound: []roundPoint{pt(1, 0.6), pt(2, 0.55)}},
		{Protocol: "debate", Task: "math", Judge: "j", ByRound: []roundPoint{pt(1, 0.5), pt(2, 0.65)}},
	}
	figs, err := roundPlots(cells)
	if err != nil {
		t.Fatal(err)
	}
	if len(figs) != 2 || figs[0].Title != "qa" || figs[1].Title != "math" {
		t.Fatalf("got %d figures; want one for qa, then math", len(figs))
	}
	if svg := string(figs[0].SVG); !strings.Contains(svg, "consultancy") || !strings.Contains(svg, "after each round on qa") {
		t.Errorf("the qa plot lacks a line's legend or its title")
	}
	if figs, err := roundFigures(testSummary(testEpisodes())); err != nil || len(figs) != 0 {
		t.Errorf("a summary without by_round: %d figures, error %v; want none", len(figs), err)
	}
}
