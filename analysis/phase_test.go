package analysis

import (
	"bytes"
	"strings"
	"testing"
)

// phaseComparison is a replicate comparison of B against A in a cell with
// a pooled interval [lo, hi].
func phaseComparison(task, aCell, bCell string, lo, hi float64) ReplicateComparison {
	return ReplicateComparison{
		A:         CellKey{Protocol: "consultancy", Task: task, Judge: "j", Cell: aCell},
		B:         CellKey{Protocol: "debate", Task: task, Judge: "j", Cell: bCell},
		OverSeeds: OverSeeds{Mean: (lo + hi) / 2, Interval: Interval{CILow: lo, CIHigh: hi}, Replicates: 10},
	}
}

func TestPhaseStatus(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		want   string
	}{{0.01, 0.2, PhaseHolds}, {-0.01, 0.2, PhaseFails}, {0, 0.1, PhaseFails}, {-0.2, -0.01, PhaseReverses},
		// An interval that ends at 0 includes it: it fails, it does not
		// reverse (docs/simulation.md: reverses where it lies below 0).
		{-0.1, 0, PhaseFails}} {
		if got := PhaseStatus(tc.lo, tc.hi); got != tc.want {
			t.Errorf("PhaseStatus(%v, %v) = %s; want %s", tc.lo, tc.hi, got, tc.want)
		}
	}
}

// TestPhaseMapsTwoAxes lays the comparisons of a 2 × 2 sweep on a grid in
// the sweep's order, with the shared protocol (no cell) placed by B's
// cell, and leaves out a comparison outside the sweep.
func TestPhaseMapsTwoAxes(t *testing.T) {
	rs := &ReplicateSummary{Comparisons: []ReplicateComparison{
		phaseComparison("t", "", "", 0.1, 0.2), // no cell: not on a map
		phaseComparison("t", "j.diligence=0,s.skill=0.9", "j.diligence=0,s.skill=0.9", -0.2, -0.1),
		phaseComparison("t", "j.diligence=0.5,s.skill=0.9", "j.diligence=0.5,s.skill=0.9", -0.1, 0.1),
		phaseComparison("t", "", "j.diligence=0,s.skill=0.1", 0.05, 0.1),
		phaseComparison("t", "j.diligence=0.5,s.skill=0.1", "j.diligence=0.5,s.skill=0.1", 0.1, 0.3),
	}}
	maps := PhaseMaps(rs)
	if len(maps) != 1 {
		t.Fatalf("got %d maps; want 1", len(maps))
	}
	m := maps[0]
	if m.X != "j.diligence" || m.Y != "s.skill" || m.Task != "t" || m.A != "consultancy" || m.B != "debate" {
		t.Errorf("map axes %q × %q, task %q, %s − %s; want j.diligence × s.skill, t, debate − consultancy", m.X, m.Y, m.Task, m.B, m.A)
	}
	if strings.Join(m.XValues, " ") != "0 0.5" || strings.Join(m.YValues, " ") != "0.9 0.1" {
		t.Errorf("values %v × %v; want [0 0.5] × [0.9 0.1]", m.XValues, m.YValues)
	}
	want := map[[2]string]string{
		{"0", "0.9"}: PhaseReverses, {"0.5", "0.9"}: PhaseFails,
		{"0", "0.1"}: PhaseHolds, {"0.5", "0.1"}: PhaseHolds,
	}
	for xy, status := range want {
		p, ok := m.Point(xy[0], xy[1])
		if !ok || p.Status != status {
			t.Errorf("point %v: %+v (found %v); want status %s", xy, p, ok, status)
		}
	}
	if _, ok := m.Point("1", "0.1"); ok {
		t.Errorf("Point(1, 0.1) found; want none")
	}
}

// TestPhaseMapsTaskAxis: a one-axis sweep over two tasks is a map with the
// tasks as rows; over one task it is a line, and no map.
func TestPhaseMapsTaskAxis(t *testing.T) {
	var cs []ReplicateComparison
	for _, task := range []string{"easy", "hard"} {
		for _, v := range []string{"0.1", "0.9"} {
			cs = append(cs, phaseComparison(task, "j.skill="+v, "j.skill="+v, 0.01, 0.02))
		}
	}
	maps := PhaseMaps(&ReplicateSummary{Comparisons: cs})
	if len(maps) != 1 || maps[0].Y != TaskAxis || strings.Join(maps[0].YValues, " ") != "easy hard" || len(maps[0].Points) != 4 {
		t.Fatalf("maps = %+v; want one map with rows easy, hard and 4 points", maps)
	}
	if maps := PhaseMaps(&ReplicateSummary{Comparisons: cs[:2]}); len(maps) != 0 {
		t.Errorf("one task: %d maps; want 0", len(maps))
	}
}

// TestPhaseMapsNeedTwoValuesEachWay: a map has two values or more on
// each of its axes; a single value of the swept axis over two tasks is a
// column, a line over the tasks, and no map (a mutant that asked two
// values of the rows alone drew it). The tasks are rows, never a zip: two
// tasks each played at a value of its own still make a map of two
// points, where two swept axes that vary so together are a zip, one
// dimension (TestPhaseMapsOfAZip).
func TestPhaseMapsNeedTwoValuesEachWay(t *testing.T) {
	column := []ReplicateComparison{
		phaseComparison("easy", "j.skill=0.5", "j.skill=0.5", 0.01, 0.02),
		phaseComparison("hard", "j.skill=0.5", "j.skill=0.5", 0.01, 0.02),
	}
	if maps := PhaseMaps(&ReplicateSummary{Comparisons: column}); len(maps) != 0 {
		t.Errorf("one value over two tasks: %d maps; want 0", len(maps))
	}
	diagonal := []ReplicateComparison{
		phaseComparison("easy", "j.skill=0.1", "j.skill=0.1", 0.01, 0.02),
		phaseComparison("hard", "j.skill=0.9", "j.skill=0.9", 0.01, 0.02),
	}
	maps := PhaseMaps(&ReplicateSummary{Comparisons: diagonal})
	if len(maps) != 1 || maps[0].Y != TaskAxis || len(maps[0].Points) != 2 {
		t.Errorf("a value of its own at each task: maps = %+v; want one map over the tasks, of 2 points", maps)
	}
}

// TestPhaseMapsFixedAxes: a third axis splits the maps by its value.
func TestPhaseMapsFixedAxes(t *testing.T) {
	var cs []ReplicateComparison
	for _, r := range []string{"1", "3"} {
		for _, x := range []string{"0", "1"} {
			for _, y := range []string{"0", "1"} {
				cell := "a=" + x + ",b=" + y + ",rounds=" + r
				cs = append(cs, phaseComparison("t", cell, cell, 0.1, 0.2))
			}
		}
	}
	maps := PhaseMaps(&ReplicateSummary{Comparisons: cs})
	if len(maps) != 2 || maps[0].Fixed != "rounds=1" || maps[1].Fixed != "rounds=3" || len(maps[1].Points) != 4 {
		t.Fatalf("maps = %+v; want two maps, rounds=1 and rounds=3, of 4 points", maps)
	}
}

// TestWritePhaseMaps renders a map as Markdown: one row per Y value, the
// effect in points and its mark.
func TestWritePhaseMaps(t *testing.T) {
	rs := &ReplicateSummary{Comparisons: []ReplicateComparison{
		phaseComparison("t", "x=0,y=0", "x=0,y=0", -0.2, -0.1),
		phaseComparison("t", "x=1,y=0", "x=1,y=0", 0.1, 0.2),
		phaseComparison("t", "x=0,y=1", "x=0,y=1", -0.1, 0.1),
		phaseComparison("t", "x=1,y=1", "x=1,y=1", 0.1, 0.3),
	}}
	var buf bytes.Buffer
	if err := WritePhaseMaps(&buf, PhaseMaps(rs), FormatMarkdown); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"debate − consultancy · t · j", "| y \\ x | 0 | 1 |", "| 0 | -15.0 ✗ | +15.0 ✓ |", "| 1 | +0.0 · | +20.0 ✓ |"} {
		if !strings.Contains(strings.Join(strings.Fields(out), " "), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestPhaseMapsOfProtocolsOnTwoAxes: consultancy, which only c.skill
// touches, against debate, which only d.skill touches, is a map of both
// axes, each point of one pair of values.
func TestPhaseMapsOfProtocolsOnTwoAxes(t *testing.T) {
	rs := &ReplicateSummary{
		Cells: []ReplicateCell{{CellKey: CellKey{Cell: "c.skill=0.3"}}, {CellKey: CellKey{Cell: "d.skill=0.5"}}},
	}
	for _, c := range []string{"0.3", "0.7"} {
		for _, d := range []string{"0.5", "0.9"} {
			rs.Comparisons = append(rs.Comparisons, phaseComparison("t", "c.skill="+c, "d.skill="+d, 0.1, 0.2))
		}
	}
	maps := PhaseMaps(rs)
	if len(maps) != 1 || maps[0].X != "c.skill" || maps[0].Y != "d.skill" || len(maps[0].Points) != 4 {
		t.Fatalf("maps %+v; want one of c.skill × d.skill with 4 points", maps)
	}
	if _, ok := maps[0].Point("0.7", "0.9"); !ok {
		t.Errorf("no point at (0.7, 0.9)")
	}
}

// TestPhaseMapsOfAZip: two axes of a zip vary together, each value of one
// with one of the other: one dimension, no map.
func TestPhaseMapsOfAZip(t *testing.T) {
	rs := &ReplicateSummary{}
	for _, v := range [][2]string{{"0.3", "1"}, {"0.6", "2"}, {"0.9", "3"}} {
		cell := "d.skill=" + v[0] + ",debate.rounds=" + v[1]
		rs.Comparisons = append(rs.Comparisons, phaseComparison("t", cell, cell, 0.1, 0.2))
	}
	if maps := PhaseMaps(rs); len(maps) != 0 {
		t.Errorf("a zip of two axes drew %d maps; want none", len(maps))
	}
}

// TestPhaseMapsFoldAZip: the axes of a zip are one dimension of a map,
// named and valued by both joined with "+", wherever the zip stands among
// the axes; over several tasks a zip alone is a map with the tasks as
// rows. Axes of a grid, each value beside every value of the other, are
// not folded.
func TestPhaseMapsFoldAZip(t *testing.T) {
	zip := [][2]string{{"0.3", "0.2"}, {"0.6", "0.5"}, {"0.9", "0.8"}}
	for _, zipFirst := range []bool{true, false} {
		rs := &ReplicateSummary{}
		for _, d := range []string{"0", "0.5"} {
			for _, z := range zip {
				cell := "j.diligence=" + d + ",d.skill=" + z[0] + ",c.skill=" + z[1]
				if zipFirst {
					cell = "d.skill=" + z[0] + ",c.skill=" + z[1] + ",j.diligence=" + d
				}
				rs.Cells = append(rs.Cells, ReplicateCell{CellKey: CellKey{Protocol: "debate", Task: "t", Judge: "j", Cell: cell}})
				rs.Comparisons = append(rs.Comparisons, phaseComparison("t", cell, cell, 0.1, 0.2))
			}
		}
		maps := PhaseMaps(rs)
		if len(maps) != 1 || len(maps[0].Points) != 6 || maps[0].Fixed != "" {
			t.Fatalf("zip first %v: maps %+v; want one map of 6 points, nothing fixed", zipFirst, maps)
		}
		m := maps[0]
		zipAxis, zipValues, other := m.Y, m.YValues, m.X
		if zipFirst {
			zipAxis, zipValues, other = m.X, m.XValues, m.Y
		}
		if zipAxis != "d.skill+c.skill" || strings.Join(zipValues, " ") != "0.3+0.2 0.6+0.5 0.9+0.8" || other != "j.diligence" {
			t.Errorf("zip first %v: axes %q × %q, the zip's values %v; want d.skill+c.skill (0.3+0.2 0.6+0.5 0.9+0.8) beside j.diligence", zipFirst, m.X, m.Y, zipValues)
		}
	}
	var cs []ReplicateComparison
	for _, task := range []string{"easy", "hard"} {
		for _, z := range zip {
			cell := "d.skill=" + z[0] + ",c.skill=" + z[1]
			cs = append(cs, phaseComparison(task, cell, cell, 0.1, 0.2))
		}
	}
	maps := PhaseMaps(&ReplicateSummary{Comparisons: cs})
	if len(maps) != 1 || maps[0].X != "d.skill+c.skill" || maps[0].Y != TaskAxis || len(maps[0].Points) != 6 {
		t.Errorf("a zip over two tasks: maps %+v; want one, the zip by the tasks, of 6 points", maps)
	}
}
