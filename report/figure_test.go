package report

import (
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/mootlab/moot/analysis"
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
		// No separator: broken at the width, or it runs past the plot.
		{strings.Repeat("x", 50), 30, strings.Repeat("x", 30) + "\n" + strings.Repeat("x", 20)},
		// A long name breaks after its last hyphen or dot that fits.
		{"consultancy-" + strings.Repeat("c", 30) + " · weak-judge", 30, "consultancy-\n" + strings.Repeat("c", 30) + "\n· weak-judge"},
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

// TestLegendLabelFits: a long name in wide letters is wrapped until every
// line fits beside the legend's thumbnails, as its font draws it; a short
// one is left alone.
func TestLegendLabelFits(t *testing.T) {
	legend := plot.NewLegend()
	legend.TextStyle.Font = sansFont(legend.TextStyle.Font)
	legend.XOffs, legend.Padding = vg.Points(12), vg.Points(3)
	room := legendWidth - legend.XOffs - legend.ThumbnailWidth - 2*legend.Padding
	long := "consultancy-" + strings.Repeat("W", 52)
	got := legendLabel(&legend, long, "1  ")
	if w := legend.TextStyle.Width(got); w > room {
		t.Errorf("legendLabel(%q) = %q, %v wide; want it within %v", long, got, w, room)
	}
	if strings.ReplaceAll(got, "\n", "") != "1  "+long {
		t.Errorf("legendLabel(%q) = %q; want the whole name, wrapped", long, got)
	}
	if got := legendLabel(&legend, "debate · weak-judge", ""); got != "debate · weak-judge" {
		t.Errorf("a short label became %q", got)
	}
}

// TestRoundPlotTicksAreWholeRounds: a plot of two rounds marks rounds 1
// and 2, not 1.0, 1.5 and 2.0 (there is no round 1.5); one of many rounds
// marks no more than ten.
func TestRoundPlotTicksAreWholeRounds(t *testing.T) {
	pt := func(r int) roundPoint {
		return roundPoint{Round: r, N: 1, Correct: 1, Accuracy: 1, Interval: analysis.Interval{CILow: 0.2, CIHigh: 1}}
	}
	figs, err := roundPlots([]roundCell{{Protocol: "debate", Task: "qa", Judge: "j", ByRound: []roundPoint{pt(1), pt(2)}}})
	if err != nil || len(figs) != 1 {
		t.Fatalf("%d figures, error %v; want one", len(figs), err)
	}
	svg := string(figs[0].SVG)
	for _, bad := range []string{">1.5<", ">1.0<", ">2.0<"} {
		if strings.Contains(svg, bad) {
			t.Errorf("the rounds plot of rounds 1 and 2 has a tick %s", strings.Trim(bad, "><"))
		}
	}
	for _, want := range []string{">1<", ">2<"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the rounds plot of rounds 1 and 2 has no tick %s", strings.Trim(want, "><"))
		}
	}
	if ticks := (roundTicks{}).Ticks(1, 40); len(ticks) > 10 || ticks[0].Value != 1 {
		t.Errorf("rounds 1 to 40: %d ticks from %v; want at most 10, from round 1", len(ticks), ticks[0].Value)
	}
}

// TestCostPlotNamesWhatItLeavesOut: a protocol whose agents cost nothing
// (a sim judge alone, beside a priced debate) has no point on the
// accuracy-against-cost plot, and the note under it says so, rather than
// leave the protocol silently missing from it.
func TestCostPlotNamesWhatItLeavesOut(t *testing.T) {
	sum := analysis.Summary{
		Cells: []analysis.Cell{{Protocol: "direct", N: 10, Correct: 5}, {Protocol: "debate", N: 20, Correct: 15}},
		Usage: analysis.UsageSummary{ByProtocol: map[string]analysis.Usage{
			"direct": {Calls: 10}, "debate": {Calls: 40, CostUSD: 0.02, ListCostUSD: 0.02},
		}},
	}
	svg, note, err := costPlot(sum, map[string]int{"direct": 10, "debate": 20})
	if err != nil {
		t.Fatal(err)
	}
	if svg == "" {
		t.Fatal("no cost plot although debate has a cost")
	}
	if !strings.Contains(note, "direct") || strings.Contains(note, "debate") {
		t.Errorf("the cost plot's note reads %q; want it to name direct, left out at no cost, and only it", note)
	}
	sum.Usage.ByProtocol["direct"] = analysis.Usage{Calls: 10, CostUSD: 0.01}
	if _, note, _ := costPlot(sum, map[string]int{"direct": 10, "debate": 20}); note != "" {
		t.Errorf("every protocol on the plot, yet a note: %q", note)
	}
}
