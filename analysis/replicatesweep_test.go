package analysis

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// TestReplicateSweepByHand: a two-axis sweep (j.skill 1, 2 × p.rounds x,
// y) at three seeds, each with four questions of its own, summarized line
// by line against numbers worked out here from the verdicts alone: a point
// pools the other axis's cells in each seed, the mean of the seeds'
// accuracies is its estimate, and with questions of their own the
// interval is Student's t over the seeds; the contrast is the mean over
// seeds of each seed's question-paired change from the first value to the
// last.
func TestReplicateSweepByHand(t *testing.T) {
	skills, rounds := []string{"1", "2"}, []string{"x", "y"}
	// right says whether the judge is right on question q of seed r in
	// cell skill s × rounds d (indices): at skill 2 more often, at rounds
	// y less, and by seed as it falls.
	right := func(r, s, d, q int) bool {
		return ((q+r*(s+1)+2*d)%3 != 0 || (s == 1 && q < 2 && r != 1)) && !(d == 1 && q == r)
	}
	z := NewReplicateSummarizer("x", []uint64{1, 2, 3})
	for r := range 3 {
		for si, s := range skills {
			for di, d := range rounds {
				for q := range 4 {
					answer := 1
					if right(r, si, di, q) {
						answer = 0
					}
					e := episode("debate", "debate", "t", "j", fmt.Sprintf("s%dq%d", r, q), "x", answer, "")
					e.Cell = "j.skill=" + s + ",p.rounds=" + d
					z.Add(r, &e)
				}
			}
		}
	}
	rs := z.Run().Replicates
	if rs.Sweep == nil || len(rs.Sweep.Lines) != 2 {
		t.Fatalf("sweep %+v; want two lines", rs.Sweep)
	}
	const t975df2 = 4.302652729749464
	meanSD := func(xs []float64) (m, sd float64) {
		m = (xs[0] + xs[1] + xs[2]) / 3
		return m, math.Sqrt(((xs[0]-m)*(xs[0]-m) + (xs[1]-m)*(xs[1]-m) + (xs[2]-m)*(xs[2]-m)) / 2)
	}
	// accuracy is seed r's accuracy at value v of the axis (0: skill,
	// 1: rounds) on question q (or all, q < 0), pooling the other axis.
	accuracy := func(r, axis, v, q int) float64 {
		correct, n := 0, 0
		for s := range 2 {
			for d := range 2 {
				for qq := range 4 {
					if (axis == 0 && s != v) || (axis == 1 && d != v) || (q >= 0 && qq != q) {
						continue
					}
					n++
					if right(r, s, d, qq) {
						correct++
					}
				}
			}
		}
		return float64(correct) / float64(n)
	}
	for i, axis := range []string{"j.skill", "p.rounds"} {
		l := rs.Sweep.Lines[i]
		if l.Axis != axis || l.Protocol != "debate" || l.Judge != "j" || len(l.Points) != 2 {
			t.Fatalf("line %d: %+v; want debate along %s, two points", i, l, axis)
		}
		for v, p := range l.Points {
			accs := []float64{accuracy(0, i, v, -1), accuracy(1, i, v, -1), accuracy(2, i, v, -1)}
			m, sd := meanSD(accs)
			if p.Replicates != 3 || p.N != 24 || p.Cells != 2 || !near(p.Mean, m) || !near(p.SD, sd) || p.CIMethod != MethodReplicatesT {
				t.Errorf("%s=%s: %+v; want 3 seeds, n 24, 2 cells, mean %.4f, SD %.4f, t over seeds", axis, p.Value, p, m, sd)
			}
			half := t975df2 * sd / math.Sqrt(3)
			if !near(p.CILow, max(0, m-half)) || !near(p.CIHigh, min(1, m+half)) {
				t.Errorf("%s=%s: CI [%v, %v]; want [%.4f, %.4f]", axis, p.Value, p.CILow, p.CIHigh, max(0, m-half), min(1, m+half))
			}
		}
		var diffs []float64
		for r := range 3 {
			d := 0.0
			for q := range 4 {
				d += accuracy(r, i, 1, q) - accuracy(r, i, 0, q)
			}
			diffs = append(diffs, d/4)
		}
		m, sd := meanSD(diffs)
		c := l.Contrast
		if c == nil || c.Replicates != 3 || !near(c.Mean, m) || !near(c.SD, sd) || c.CIMethod != MethodReplicatesT {
			t.Fatalf("%s contrast %+v; want 3 seeds, mean %.4f, SD %.4f, t over seeds", axis, c, m, sd)
		}
		if half := t975df2 * sd / math.Sqrt(3); !near(c.CILow, max(-1, m-half)) || !near(c.CIHigh, min(1, m+half)) {
			t.Errorf("%s contrast CI [%v, %v]; want [%.4f, %.4f]", axis, c.CILow, c.CIHigh, m-half, m+half)
		}
		var md bytes.Buffer
		if err := WriteReplicates(&md, rs, FormatMarkdown); err != nil {
			t.Fatal(err)
		}
		row := fmt.Sprintf("| %s | debate | t | j | %s: %s", axis, l.Points[0].Value, percent(l.Points[0].Mean))
		text := strings.Join(strings.Fields(md.String()), " ") // the columns' padding gone
		if !strings.Contains(text, row) || !strings.Contains(text, fmt.Sprintf("| 3 | %+.1f |", 100*c.Mean)) {
			t.Errorf("table.md lacks the line %q with its contrast %+.1f:\n%s", row, 100*c.Mean, md.String())
		}
		if c.A.Cell != axis+"="+[][]string{skills, rounds}[i][0] || c.B.Cell != axis+"="+[][]string{skills, rounds}[i][1] {
			t.Errorf("%s contrast compares %q with %q; want the first value with the last", axis, c.A.Cell, c.B.Cell)
		}
	}
}

// TestReplicatePointOfOneAxisIsItsCell: with one axis a sweep's point is a
// cell, and across seeds that share their questions (a crossed bootstrap)
// it has every number of that cell, its interval's draws included — also
// where the axis is the judge, whose line has none of its own; a line's
// contrast compares those cells and counts the seeds where its own paired
// CI lies above 0.
func TestReplicatePointOfOneAxisIsItsCell(t *testing.T) {
	for _, axis := range []string{"a.skill", "debate.judge"} {
		z := NewReplicateSummarizer("x", []uint64{1, 2, 3, 4})
		values := []string{"0.2", "0.5", "0.9"}
		for r := range 4 {
			for vi, v := range values {
				for q := range 30 {
					answer := 1
					if (q*7+r*3)%10 < 3*(vi+1) {
						answer = 0
					}
					judge := "j"
					if axis == "debate.judge" {
						judge = "judge-" + v
					}
					e := episode("debate", "debate", "t", judge, fmt.Sprint("q", q), "x", answer, "")
					e.Cell = axis + "=" + v
					z.Add(r, &e)
				}
			}
		}
		rs := z.Run().Replicates
		l := rs.Sweep.Lines[0]
		for _, p := range l.Points {
			var cell *ReplicateCell
			for i := range rs.Cells {
				if rs.Cells[i].Cell == axis+"="+p.Value {
					cell = &rs.Cells[i]
				}
			}
			want := OverSeeds{Replicates: cell.Replicates, Mean: cell.Mean, SD: cell.SD, Interval: cell.Interval}
			if p.OverSeeds != want || p.N != cell.N || fmt.Sprint(p.Accuracy) != fmt.Sprint(cell.Accuracy) {
				t.Errorf("%s point %s: %+v; want its cell's %+v", axis, p.Value, p, want)
			}
			if p.CIMethod != MethodReplicatesCrossed {
				t.Errorf("%s point %s: %s; want the crossed bootstrap of shared questions", axis, p.Value, p.CIMethod)
			}
		}
		c := l.Contrast
		if c == nil || c.Higher != 4 || c.Lower != 0 || c.Mean <= 0.5 {
			t.Fatalf("%s contrast %+v; want a rise of over 50 points, above 0 in 4 of 4 seeds", axis, c)
		}
		// Its p: the sign-flip over the seeds' shared questions, at its
		// floor for so large a rise; the line is a family of one.
		if c.PMethod != PMethodSeedPermutation || c.PValue == nil || *c.PValue > 0.001 || c.PHolm == nil || *c.PHolm != *c.PValue {
			t.Errorf("%s contrast: p %v by %q, p Holm %v; want p at most 0.001 by %s, and p Holm the same", axis, c.PValue, c.PMethod, c.PHolm, PMethodSeedPermutation)
		}
		first, last := rs.Cells[0].CellKey, rs.Cells[len(rs.Cells)-1].CellKey
		if c.A != first || c.B != last {
			t.Errorf("%s contrast compares %+v with %+v; want the cells %+v and %+v", axis, c.A, c.B, first, last)
		}
	}
}

// TestReplicateSweepOfPartialSeeds: seeds stopped early, or whose
// episodes of a value all failed, count only where they measured
// something. Seed 1 has every value; seed 2 lacks 0.9 (its own contrast
// is of 0.5 against 0.2), seed 3 lacks 0.5 and its 0.9 episodes failed,
// so the axis keeps its order from seed 1; in a sweep of the judge, seed 2
// met one judge and its line has that judge where the others have none,
// yet it is one line.
func TestReplicateSweepOfPartialSeeds(t *testing.T) {
	for _, axis := range []string{"a.skill", "debate.judge"} {
		z := NewReplicateSummarizer("x", []uint64{1, 2, 3})
		played := [][]string{{"0.2", "0.5", "0.9"}, {"0.2", "0.5"}, {"0.2", "0.9"}}
		if axis == "debate.judge" {
			played[1] = []string{"0.2"}
		}
		for r, values := range played {
			for _, v := range values {
				for q := range 20 {
					answer := 1
					if q < map[string]int{"0.2": 6, "0.5": 12, "0.9": 18}[v]+r {
						answer = 0
					}
					failed := ""
					if r == 2 && v == "0.9" {
						failed = "agent down"
					}
					judge := "j"
					if axis == "debate.judge" {
						judge = "judge-" + v
					}
					e := episode("debate", "debate", "t", judge, fmt.Sprint("q", q), "x", answer, failed)
					e.Cell = axis + "=" + v
					z.Add(r, &e)
				}
			}
		}
		rs := z.Run().Replicates
		if len(rs.Sweep.Lines) != 1 || fmt.Sprint(rs.Sweep.Axes[0].Values) != "[0.2 0.5 0.9]" {
			t.Fatalf("%s: lines %+v, axis %v; want one line along 0.2, 0.5, 0.9", axis, rs.Sweep.Lines, rs.Sweep.Axes[0].Values)
		}
		l := rs.Sweep.Lines[0]
		seeds := map[string]int{}
		for _, p := range l.Points {
			seeds[p.Value] = p.Replicates
		}
		wantSeeds := map[string]int{"0.2": 3, "0.5": 2, "0.9": 1}
		if axis == "debate.judge" {
			wantSeeds["0.5"] = 1
		}
		if fmt.Sprint(seeds) != fmt.Sprint(wantSeeds) {
			t.Errorf("%s: seeds a point %v; want %v (a point where everything failed is no measure)", axis, seeds, wantSeeds)
		}
		// Only seed 1 compared 0.9 with 0.2: 18/20 − 6/20.
		if c := l.Contrast; c == nil || c.Replicates != 1 || math.Abs(c.Mean-0.6) > 1e-9 {
			t.Errorf("%s: contrast %+v; want seed 1's alone, +0.6", axis, c)
		}
		for _, c := range rs.Cells {
			if c.Cell == axis+"=0.9" && (c.Replicates != 1 || fmt.Sprint(c.Seeds) != "[1]") {
				t.Errorf("%s: cell 0.9 over %d seeds %v; want 1, seed 1 (seed 3's episodes there all failed)", axis, c.Replicates, c.Seeds)
			}
		}
		// Which seed each value is, where not every seed has one.
		for _, p := range l.Points {
			if want := map[string]string{"0.2": "[]", "0.9": "[1]"}[p.Value]; want != "" && fmt.Sprint(p.Seeds) != want {
				t.Errorf("%s: point %s of seeds %v; want %s", axis, p.Value, p.Seeds, want)
			}
		}
		if c := l.Contrast; c != nil && fmt.Sprint(c.Seeds) != "[1]" {
			t.Errorf("%s: contrast of seeds %v; want [1]", axis, c.Seeds)
		}
	}
}

// TestReplicatedCellWhereEverythingFailed: a cell no seed judged anything
// in (an endpoint down from the start) has no accuracy across seeds: it is
// left out, not summarized from no values (which panicked in the t
// quantile), and the run's other cells are summarized as ever.
func TestReplicatedCellWhereEverythingFailed(t *testing.T) {
	z := NewReplicateSummarizer("x", []uint64{1, 2})
	for r := range 2 {
		for q := range 5 {
			down := episode("direct", "direct", "t", "remote", fmt.Sprint("q", q), "x", 0, "endpoint down")
			z.Add(r, &down)
			ok := episode("direct", "direct", "t", "local", fmt.Sprint("q", q), "x", q%2, "")
			z.Add(r, &ok)
		}
	}
	rs := z.Run().Replicates
	if len(rs.Cells) != 1 || rs.Cells[0].Judge != "local" || rs.Cells[0].Replicates != 2 {
		t.Errorf("cells %+v; want the local judge's alone, over 2 seeds", rs.Cells)
	}
}

// TestReplicatedCSVHasAxisColumns: a replicated sweep's table.csv has a
// column for each axis, after its seeds', holding each cell's value, as a
// run's table.csv has, so that a plot reads the axes without parsing the
// cell's name; a protocol no axis touches has them empty.
func TestReplicatedCSVHasAxisColumns(t *testing.T) {
	z := NewReplicateSummarizer("x", []uint64{1, 2})
	for r := range 2 {
		for _, cell := range []string{"j.skill=1,p.rounds=x", "j.skill=2,p.rounds=y"} {
			e := episode("debate", "debate", "t", "j", fmt.Sprintf("q%d", r), "x", r%2, "")
			e.Cell = cell
			z.Add(r, &e)
		}
		alone := episode("direct", "direct", "t", "j", fmt.Sprintf("q%d", r), "x", 0, "")
		z.Add(r, &alone)
	}
	var buf bytes.Buffer
	if err := WriteReplicatesCSV(&buf, z.Run().Replicates); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if !strings.HasSuffix(lines[0], ",seed_1,seed_2,j.skill,p.rounds") {
		t.Fatalf("header %q; want the axes after the seeds", lines[0])
	}
	var rows []string
	for _, l := range lines[1:] {
		f := strings.Split(l, ",")
		rows = append(rows, f[0]+":"+strings.Join(f[len(f)-2:], "|"))
	}
	want := "debate:1|x debate:2|y direct:|"
	if got := strings.Join(rows, " "); got != want {
		t.Errorf("rows' protocol and axes %q; want %q", got, want)
	}
}

// TestReplicateSweepTableHasP: a replicated sweep's table has each line
// contrast's p and p Holm, in their columns, p marked † where the
// contrast's interval disagrees with it, and a line with no contrast has
// those columns empty; the note says what † is where a line's contrast
// disagrees, though no comparison does, and not where none does.
func TestReplicateSweepTableHasP(t *testing.T) {
	contrast := func(lo, hi, p, holm float64) *ReplicateComparison {
		return &ReplicateComparison{PValue: &p, PHolm: &holm, Difference: []float64{0.1, 0.2},
			OverSeeds: OverSeeds{Replicates: 2, Mean: 0.15, Interval: Interval{CILow: lo, CIHigh: hi, CIMethod: MethodReplicatesCrossed}}}
	}
	point := func(v string) ReplicatePoint {
		return ReplicatePoint{Value: v, OverSeeds: OverSeeds{Replicates: 2, Mean: 0.6, Interval: Interval{CILow: 0.5, CIHigh: 0.7, CIMethod: MethodReplicatesCrossed}}}
	}
	line := func(protocol string, c *ReplicateComparison, values ...string) ReplicateSweepLine {
		l := ReplicateSweepLine{LineOf: LineOf{Axis: "a.skill", Protocol: protocol, Task: "t", Judge: "j"}, Contrast: c}
		for _, v := range values {
			l.Points = append(l.Points, point(v))
		}
		return l
	}
	sweep := func(second *ReplicateComparison) *ReplicateSummary {
		return &ReplicateSummary{Seeds: []uint64{1, 2}, Sweep: &ReplicateSweep{
			Axes: []SweepAxis{{Name: "a.skill", Values: []string{"1", "2"}}},
			Lines: []ReplicateSweepLine{
				line("debate", contrast(0.05, 0.25, 0.0123, 0.0246), "1", "2"),
				line("consultancy", second, "1", "2"),
				line("direct", nil, "1"),
			}}}
	}
	rs := sweep(contrast(0.01, 0.29, 0.0611, 0.0611)) // above 0, yet p ≥ 0.05: †
	var md strings.Builder
	if err := WriteReplicates(&md, rs, FormatMarkdown); err != nil {
		t.Fatal(err)
	}
	var header []string
	rows := map[string][]string{}
	for _, l := range strings.Split(md.String(), "\n") {
		f := strings.Split(strings.Trim(strings.TrimSpace(l), "|"), "|")
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		if slices.Contains(f, "p Holm") {
			header = f
		} else if header != nil && len(f) > 1 {
			rows[f[slices.Index(header, "Protocol")]] = f
		}
	}
	p, holm := slices.Index(header, "p"), slices.Index(header, "p Holm")
	if p < 0 || holm < 0 {
		t.Fatalf("header %q; want p and p Holm columns:\n%s", header, md.String())
	}
	for protocol, want := range map[string][2]string{"debate": {"0.0123", "0.0246"}, "consultancy": {"0.0611 †", "0.0611"}, "direct": {"", ""}} {
		row := rows[protocol]
		if len(row) != len(header) {
			t.Errorf("%s: %d columns %q; want the header's %d:\n%s", protocol, len(row), row, len(header), md.String())
			continue
		}
		if got := [2]string{row[p], row[holm]}; got != want {
			t.Errorf("%s: p, p Holm %q; want %q:\n%s", protocol, got, want, md.String())
		}
	}
	const dagger = "†: the CI and the p-value disagree"
	if note := ReplicateNote(rs); !strings.Contains(note, dagger) {
		t.Errorf("note %q; want it to say what † is, a line's contrast disagreeing", note)
	}
	if note := ReplicateNote(sweep(contrast(0.01, 0.29, 0.01, 0.02))); strings.Contains(note, dagger) {
		t.Errorf("note %q; want no † where every contrast agrees", note)
	}
}

// TestReplicateSweepContrastsAreAdjustedTogether: the line contrasts of
// a replicated sweep are a family of their own: each has its p adjusted
// by Holm's method over all of them.
func TestReplicateSweepContrastsAreAdjustedTogether(t *testing.T) {
	z := NewReplicateSummarizer("x", []uint64{1, 2, 3})
	values := []string{"0.2", "0.9"}
	for r := range 3 {
		for pi, protocol := range []string{"debate", "consultancy", "mad"} {
			for vi, v := range values {
				for q := range 12 {
					answer := 1
					if (q*5+r*3+pi)%12 < 3+vi*(2+2*pi) {
						answer = 0
					}
					e := episode(protocol, protocol, "t", "j", fmt.Sprint("q", q), "x", answer, "")
					e.Cell = "a.skill=" + v
					z.Add(r, &e)
				}
			}
		}
	}
	rs := z.Run().Replicates
	var ps []float64
	for _, l := range rs.Sweep.Lines {
		if l.Contrast == nil || l.Contrast.PValue == nil {
			t.Fatalf("line %s: contrast %+v; want one with a p-value", l.Protocol, l.Contrast)
		}
		ps = append(ps, *l.Contrast.PValue)
	}
	if len(ps) != 3 {
		t.Fatalf("%d lines; want 3", len(ps))
	}
	for i, want := range HolmAdjusted(ps) {
		c := rs.Sweep.Lines[i].Contrast
		if c.PHolm == nil || math.Abs(*c.PHolm-want) > 1e-9 {
			t.Errorf("line %s: p %v, p Holm %s; want %v, Holm's over the lines' %v", rs.Sweep.Lines[i].Protocol, *c.PValue, pointed(c.PHolm), want, ps)
		}
	}
}
