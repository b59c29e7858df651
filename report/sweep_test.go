package report

import (
	"slices"
	"strings"
	"testing"

	"github.com/mootlab/moot/analysis"
)

// TestSweepPlots: one plot per axis with a line, numeric or not; none
// without a sweep.
func TestSweepPlots(t *testing.T) {
	if plots, err := sweepPlots(nil); err != nil || plots != nil {
		t.Fatalf("no sweep: got %d plots, error %v; want none", len(plots), err)
	}
	point := func(v string, acc float64) analysis.SweepPoint {
		return analysis.SweepPoint{Value: v, N: 10, Accuracy: acc, Interval: analysis.Interval{CILow: acc - 0.1, CIHigh: acc + 0.1}}
	}
	sw := &analysis.SweepSummary{
		Axes: []analysis.SweepAxis{{Name: "strong.skill", Values: []string{"0.5", "0.9"}}, {Name: "debate.turns", Values: []string{"sequential", "simultaneous"}}},
		Lines: []analysis.SweepLine{
			{Axis: "strong.skill", Protocol: "debate", Points: []analysis.SweepPoint{point("0.5", 0.6), point("0.9", 0.8)},
				Contrast: &analysis.Paired{Questions: 10, Difference: 0.2, Interval: analysis.Interval{CILow: 0.1, CIHigh: 0.3}, PValue: 0.002}},
			{Axis: "strong.skill", Protocol: "consultancy<script>", Points: []analysis.SweepPoint{point("0.5", 0.6), point("0.9", 0.5)}},
			{Axis: "debate.turns", Protocol: "debate", Points: []analysis.SweepPoint{point("sequential", 0.7), point("simultaneous", 0.75)}},
		},
	}
	plots, err := sweepPlots(sw)
	if err != nil {
		t.Fatal(err)
	}
	if len(plots) != 2 || plots[0].Axis != "strong.skill" || plots[1].Axis != "debate.turns" {
		t.Fatalf("plots %v; want one for strong.skill, then debate.turns", plots)
	}
	if plots[0].ID != "sweep-plot-1" || plots[1].ID != "sweep-plot-2" {
		t.Errorf("plots named %q and %q; want sweep-plot-1 and -2, numbered from 1 as the other plots", plots[0].ID, plots[1].ID)
	}
	if want := []string{"debate: +20.0 pp [+10.0, +30.0], p 0.0020 (10 questions)"}; !slices.Equal(plots[0].Contrasts, want) {
		t.Errorf("contrasts %q; want %q (the line without one left out)", plots[0].Contrasts, want)
	}
	svg := string(plots[0].SVG)
	if !strings.HasPrefix(svg, "<svg") || !strings.Contains(svg, "debate") || !strings.Contains(svg, "consultancy_script_") {
		t.Errorf("the strong.skill plot lacks its svg or a line's legend (with its name made safe)")
	}
	if !strings.Contains(string(plots[1].SVG), "simultaneous") {
		t.Errorf("the debate.turns plot does not label its values")
	}
}
