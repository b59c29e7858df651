package report

import (
	"bytes"
	"image/png"
	"slices"
	"strings"
	"testing"

	"github.com/mootlab/moot/analysis"
)

// TestSweepPlots: one plot per axis with a line, numeric or not; none
// without a sweep.
func TestSweepPlots(t *testing.T) {
	if plots, err := sweepPlots(nil, pairedContrast(analysis.Summary{})); err != nil || plots != nil {
		t.Fatalf("no sweep: got %d plots, error %v; want none", len(plots), err)
	}
	point := func(v string, acc float64) analysis.SweepPoint {
		return analysis.SweepPoint{Value: v, N: 10, Accuracy: acc, Interval: analysis.Interval{CILow: acc - 0.1, CIHigh: acc + 0.1}}
	}
	sw := &analysis.SweepSummary{
		Axes: []analysis.SweepAxis{{Name: "strong.skill", Values: []string{"0.5", "0.9"}}, {Name: "debate.turns", Values: []string{"sequential", "simultaneous"}}},
		Lines: []analysis.SweepLine{
			{LineOf: analysis.LineOf{Axis: "strong.skill", Protocol: "debate"}, Points: []analysis.SweepPoint{point("0.5", 0.6), point("0.9", 0.8)},
				Contrast: &analysis.Paired{Questions: 10, Difference: 0.2, Interval: analysis.Interval{CILow: 0.1, CIHigh: 0.3}, PValue: 0.002}},
			{LineOf: analysis.LineOf{Axis: "strong.skill", Protocol: "consultancy<script>"}, Points: []analysis.SweepPoint{point("0.5", 0.6), point("0.9", 0.5)}},
			{LineOf: analysis.LineOf{Axis: "debate.turns", Protocol: "debate"}, Points: []analysis.SweepPoint{point("sequential", 0.7), point("simultaneous", 0.75)}},
		},
	}
	plots, err := sweepPlots(sw, pairedContrast(analysis.Summary{Sweep: sw}))
	if err != nil {
		t.Fatal(err)
	}
	if len(plots) != 2 || plots[0].Axis != "strong.skill" || plots[1].Axis != "debate.turns" {
		t.Fatalf("plots %v; want one for strong.skill, then debate.turns", plots)
	}
	if plots[0].ID != "sweep-plot-1" || plots[1].ID != "sweep-plot-2" {
		t.Errorf("plots named %q and %q; want sweep-plot-1 and -2, numbered from 1 as the other plots", plots[0].ID, plots[1].ID)
	}
	// A contrast of a summary written before p Holm was given has none.
	if want := []string{"debate: +20.0 pp [+10.0, +30.0], p 0.0020, p Holm n/a (10 questions)"}; !slices.Equal(plots[0].Contrasts, want) {
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

// TestSweepPlotContrastRoundsOnce: the report states a line's change as
// the terminal does, from the fraction it was (19 of 92 is 20.652%, kept
// in summary.json as 0.2065): +20.7 pp, not +20.6; and its interval and p
// with their marks (‡: the discordance bound).
func TestSweepPlotContrastRoundsOnce(t *testing.T) {
	cell := func(v string, n int) analysis.Cell {
		return analysis.Cell{Protocol: "debate", Task: "t", Judge: "j", Cell: "strong.skill=" + v, Questions: 46, N: n}
	}
	holm := 0.004 // as if of a family of two
	sw := &analysis.SweepSummary{Axes: []analysis.SweepAxis{{Name: "strong.skill", Values: []string{"0.5", "0.9"}}},
		Lines: []analysis.SweepLine{{LineOf: analysis.LineOf{Axis: "strong.skill", Protocol: "debate", Task: "t", Judge: "j"},
			Points: []analysis.SweepPoint{{Value: "0.5", Cells: 1, N: 46, Questions: 46}, {Value: "0.9", Cells: 2, N: 92, Questions: 46}},
			Contrast: &analysis.Paired{A: analysis.CellKey{Protocol: "debate", Task: "t", Judge: "j", Cell: "strong.skill=0.5"},
				B: analysis.CellKey{Protocol: "debate", Task: "t", Judge: "j", Cell: "strong.skill=0.9"}, Questions: 46, Difference: 0.2065,
				Interval: analysis.Interval{CILow: 0.1, CIHigh: 0.3, CIMethod: analysis.MethodDiscordance}, PValue: 0.002, PHolm: &holm}}}}
	plots, err := sweepPlots(sw, pairedContrast(analysis.Summary{Cells: []analysis.Cell{cell("0.5", 46), cell("0.9", 92)}, Sweep: sw}))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"debate: +20.7 pp [+10.0, +30.0] ‡, p 0.0020, p Holm 0.0040 (46 questions)"}; len(plots) != 1 || !slices.Equal(plots[0].Contrasts, want) {
		t.Errorf("contrasts %v; want %q", plots, want)
	}
}

// TestReplicatesPageSweep: a replicated sweep's page draws a plot per axis
// of its lines across seeds, each with its contrast over the seeds; a
// replicated run without a sweep has no such section.
func TestReplicatesPageSweep(t *testing.T) {
	point := func(v string, mean float64) analysis.ReplicatePoint {
		return analysis.ReplicatePoint{Value: v, N: 30, Accuracy: []float64{mean, mean}, OverSeeds: analysis.OverSeeds{Replicates: 2, Mean: mean,
			Interval: analysis.Interval{CILow: mean - 0.1, CIHigh: mean + 0.1, CIMethod: analysis.MethodReplicatesT}}}
	}
	pv, holm := 0.0316, 0.0632 // as if of a family of two
	rs := &analysis.ReplicateSummary{Seeds: []uint64{1, 2}, Sweep: &analysis.ReplicateSweep{
		Axes: []analysis.SweepAxis{{Name: "strong.skill", Values: []string{"0.5", "0.9"}}},
		Lines: []analysis.ReplicateSweepLine{{LineOf: analysis.LineOf{Axis: "strong.skill", Protocol: "debate", Task: "qa", Judge: "j"},
			Points: []analysis.ReplicatePoint{point("0.5", 0.6), point("0.9", 0.8)},
			Contrast: &analysis.ReplicateComparison{Higher: 2, PValue: &pv, PHolm: &holm, OverSeeds: analysis.OverSeeds{Replicates: 2, Mean: 0.2,
				Interval: analysis.Interval{CILow: 0.15, CIHigh: 0.25, CIMethod: analysis.MethodReplicatesT}}}}},
	}}
	page, err := Replicates(analysis.Summary{Experiment: "x", Replicates: rs}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	for _, want := range []string{"<h2>Along the sweep, across seeds</h2>", `id="sweep-plot-1" data-axis="strong.skill"><svg`,
		"debate: &#43;20.0 pp [&#43;15.0, &#43;25.0], p 0.0316, p Holm 0.0632 over 2 seeds, its own CI above 0 in 2 and below 0 in 0"} {
		if !strings.Contains(s, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	rs.Sweep = nil
	if page, _ = Replicates(analysis.Summary{Experiment: "x", Replicates: rs}, nil); strings.Contains(string(page), "Along the sweep") {
		t.Error("a replicated run without a sweep has a sweep section")
	}
}

// TestSweepPNGs: a replicated sweep's plots are drawn as PNG images too,
// one a plot, for a paper; none without a sweep.
func TestSweepPNGs(t *testing.T) {
	point := func(v string, mean float64) analysis.ReplicatePoint {
		return analysis.ReplicatePoint{Value: v, N: 30, OverSeeds: analysis.OverSeeds{Replicates: 2, Mean: mean,
			Interval: analysis.Interval{CILow: mean - 0.1, CIHigh: mean + 0.1, CIMethod: analysis.MethodReplicatesT}}}
	}
	sum := analysis.Summary{Experiment: "x", Replicates: &analysis.ReplicateSummary{Seeds: []uint64{1, 2}, Sweep: &analysis.ReplicateSweep{
		Axes:  []analysis.SweepAxis{{Name: "strong.skill", Values: []string{"0.5", "0.9"}}},
		Lines: []analysis.ReplicateSweepLine{{LineOf: analysis.LineOf{Axis: "strong.skill", Protocol: "debate", Task: "qa", Judge: "j"}, Points: []analysis.ReplicatePoint{point("0.5", 0.6), point("0.9", 0.8)}}},
	}}}
	pngs, err := SweepPNGs(sum)
	if err != nil || len(pngs) != 1 {
		t.Fatalf("got %d PNGs, %v; want 1", len(pngs), err)
	}
	img, err := png.Decode(bytes.NewReader(pngs[0]))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() < 600 || b.Dy() < 400 {
		t.Errorf("PNG is %v; want the plot and its legend, at least 600 × 400", b)
	}
	sum.Replicates.Sweep = nil
	if pngs, err := SweepPNGs(sum); err != nil || len(pngs) != 0 {
		t.Errorf("no sweep: %d PNGs, %v; want none", len(pngs), err)
	}
}
