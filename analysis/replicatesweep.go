package analysis

import (
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/mootlab/moot/transcript"
)

// ReplicateSweep is a replicated sweep's lines over its seeds: each line
// (SweepLine) with its points and its contrast summarized across the
// replicates as a cell and a comparison are.
type ReplicateSweep struct {
	Axes  []SweepAxis          `json:"axes"`
	Lines []ReplicateSweepLine `json:"lines"`
}

// ReplicateSweepLine is the judge accuracy of one protocol × task (×
// judge) along one axis, pooled over the other axes in each replicate,
// across the replicates.
type ReplicateSweepLine struct {
	LineOf
	Points []ReplicatePoint `json:"points"`
	// Contrast is the axis's last value against its first, B − A, over
	// the replicates: each replicate's line contrast (SweepLine.Contrast)
	// as a comparison of its replicates is summarized. A and B are the
	// cells named by the axis's first and last value. Nil when the line
	// has fewer than two values, or no seed compared them.
	Contrast *ReplicateComparison `json:"contrast,omitempty"`
}

// ReplicatePoint is the judge accuracy at one value of an axis across the
// replicates: each replicate's point (SweepPoint), summarized as a
// ReplicateCell is. With one axis a point is a cell, and has the cell's
// numbers, its interval included.
type ReplicatePoint struct {
	Value string `json:"value"`
	// Cells counts the sweep cells a replicate pools.
	Cells int `json:"cells"`
	// Accuracy is the point's accuracy in each replicate that has it;
	// Seeds lists theirs where not every seed has it.
	Accuracy []float64 `json:"accuracy"`
	Seeds    []uint64  `json:"seeds,omitempty"`
	// N counts the judged episodes of all replicates.
	N int `json:"n"`
	SeedQuestions
	OverSeeds
}

// lineKey identifies a sweep line across replicates: a protocol on a task
// along an axis. Its judge is not part of it: a seed stopped early may
// have met one judge of a sweep that varies the judge, and its line has
// that judge where the others have none.
type lineKey struct{ axis, protocol, task string }

// sweep summarizes the replicates' sweep lines (their Summaries' Sweep),
// or is nil when they have none.
func (z *ReplicateSummarizer) sweep(sums []Summary) *ReplicateSweep {
	rs := ReplicateSweep{Axes: replicateAxes(sums)}
	if len(rs.Axes) == 0 {
		return nil
	}
	var keys []lineKey
	lines := map[lineKey]SweepLine{} // the kind, and the judge if every seed's line has one
	for _, s := range sums {
		if s.Sweep == nil {
			continue
		}
		for _, l := range s.Sweep.Lines {
			k := lineKey{l.Axis, l.Protocol, l.Task}
			first, ok := lines[k]
			switch {
			case !ok:
				keys = append(keys, k)
				lines[k] = l
			case first.Judge != l.Judge:
				first.Judge = ""
				lines[k] = first
			}
		}
	}
	for _, k := range keys {
		ax := rs.Axes[slices.IndexFunc(rs.Axes, func(a SweepAxis) bool { return a.Name == k.axis })]
		rs.Lines = append(rs.Lines, z.sweepLine(k, lines[k], ax.Values, sums))
	}
	// The lines' contrasts are a family of their own, as a run's are.
	var family []*ReplicateComparison
	for _, l := range rs.Lines {
		if l.Contrast != nil {
			family = append(family, l.Contrast)
		}
	}
	adjustHolmOverSeeds(family)
	return &rs
}

// replicateAxes are the axes of the replicates' sweeps, each with the
// values of the seed that has the most of them, in its order (a seed
// stopped early may lack some), then any other seed's others.
func replicateAxes(sums []Summary) []SweepAxis {
	var axes []SweepAxis
	for _, s := range sums {
		if s.Sweep == nil {
			continue
		}
		for _, ax := range s.Sweep.Axes {
			i := slices.IndexFunc(axes, func(a SweepAxis) bool { return a.Name == ax.Name })
			switch {
			case i < 0:
				axes = append(axes, SweepAxis{Name: ax.Name, Values: slices.Clone(ax.Values)})
			case len(ax.Values) > len(axes[i].Values):
				axes[i].Values = append(slices.Clone(ax.Values), slices.DeleteFunc(axes[i].Values, func(v string) bool {
					return slices.Contains(ax.Values, v)
				})...)
			}
		}
	}
	for _, s := range sums {
		if s.Sweep == nil {
			continue
		}
		for _, ax := range s.Sweep.Axes {
			i := slices.IndexFunc(axes, func(a SweepAxis) bool { return a.Name == ax.Name })
			for _, v := range ax.Values {
				if !slices.Contains(axes[i].Values, v) {
					axes[i].Values = append(axes[i].Values, v)
				}
			}
		}
	}
	return axes
}

// sweepLine summarizes line k, of the kind and judge of like, along the
// axis's values, over the replicates that have it. A seed's point where
// nothing was judged has no accuracy, and a seed's contrast of other
// values (it lacks the first or the last) or of no shared question says
// nothing of this one: neither counts.
func (z *ReplicateSummarizer) sweepLine(k lineKey, like SweepLine, values []string, sums []Summary) ReplicateSweepLine {
	line := ReplicateSweepLine{LineOf: LineOf{Axis: k.axis, Protocol: k.protocol, Kind: like.Kind, Task: k.task, Judge: like.Judge}}
	cellOf := func(v string) CellKey {
		return CellKey{Protocol: k.protocol, Task: k.task, Judge: z.pointJudge(k, like.Judge, v), Cell: transcript.CellName([]transcript.AxisValue{{Axis: k.axis, Value: v}})}
	}
	for _, v := range values {
		var sc seedCounts
		cells := 0
		for i, s := range sums {
			p, ok := pointOf(s, k, v)
			if !ok || p.N == 0 {
				continue
			}
			sc.add(z.seeds[i], p.Accuracy, p.Correct, p.N, p.Interval, z.pointTally(i, k, v))
			cells = max(cells, p.Cells)
		}
		if len(sc.accuracy) == 0 {
			continue
		}
		// Seeded as the cell axis=value's: with one axis, the point is
		// that cell, and has its very interval.
		c := cellOf(v)
		o, _, _ := sc.overSeeds(hashStrings("replicates", c.Protocol, c.Task, c.Judge, c.Cell))
		line.Points = append(line.Points, ReplicatePoint{Value: v, Cells: cells, Accuracy: sc.accuracy, Seeds: someSeeds(sc.seeds, z.seeds), N: sc.n, SeedQuestions: sc.qs.counts(), OverSeeds: o})
	}
	if len(values) < 2 {
		return line
	}
	lo, hi := values[0], values[len(values)-1]
	sd := seedDiffs{c: ReplicateComparison{A: cellOf(lo), B: cellOf(hi)}}
	for i, s := range sums {
		l, ok := lineOf(s, k)
		if !ok || l.Contrast == nil || l.Contrast.Questions == 0 || l.Contrast.A.Cell != sd.c.A.Cell || l.Contrast.B.Cell != sd.c.B.Cell {
			continue
		}
		sd.add(z.seeds[i], *l.Contrast, z.pointTally(i, k, lo), z.pointTally(i, k, hi))
	}
	if len(sd.c.Difference) > 0 {
		c := sd.finish()
		c.Seeds = someSeeds(sd.seeds, z.seeds)
		line.Contrast = &c
	}
	return line
}

// pointJudge is the judge of value v on a line with judge: the line's, or
// where the sweep varies the judge, the one judge of the point's episodes
// in every replicate (along the judge's own axis a point is a cell of one
// judge), else "".
func (z *ReplicateSummarizer) pointJudge(k lineKey, judge, v string) string {
	if judge != "" {
		return judge
	}
	one := ""
	for r := range z.reps {
		b := z.pointBuilder(r, k, v)
		if b == nil {
			continue
		}
		for _, l := range b.labels {
			if l.field != FieldJudge {
				continue
			}
			if l.many || one != "" && l.value != one {
				return ""
			}
			one = l.value
		}
	}
	return one
}

// lineOf is line k of a replicate's summary.
func lineOf(s Summary, k lineKey) (SweepLine, bool) {
	if s.Sweep == nil {
		return SweepLine{}, false
	}
	i := slices.IndexFunc(s.Sweep.Lines, func(l SweepLine) bool {
		return l.Axis == k.axis && l.Protocol == k.protocol && l.Task == k.task
	})
	if i < 0 {
		return SweepLine{}, false
	}
	return s.Sweep.Lines[i], true
}

// pointOf is the point at value v of line k in a replicate's summary.
func pointOf(s Summary, k lineKey, v string) (SweepPoint, bool) {
	l, ok := lineOf(s, k)
	if !ok {
		return SweepPoint{}, false
	}
	i := slices.IndexFunc(l.Points, func(p SweepPoint) bool { return p.Value == v })
	if i < 0 {
		return SweepPoint{}, false
	}
	return l.Points[i], true
}

// pointTally is replicate r's tally by question of value v on line k, nil
// when it has none.
func (z *ReplicateSummarizer) pointTally(r int, k lineKey, v string) *questionTally {
	if b := z.pointBuilder(r, k, v); b != nil {
		return &b.tally
	}
	return nil
}

// pointBuilder is what replicate r tallied of value v on line k, nil
// where it has nothing there.
func (z *ReplicateSummarizer) pointBuilder(r int, k lineKey, v string) *cellBuilder {
	if lb := z.reps[r].sweep.lineIndex[groupKey{k.axis, k.protocol, k.task}.mapKey()]; lb != nil {
		return lb.values[v]
	}
	return nil
}

// marked says whether a point or contrast of the lines has an interval
// that ReplicateNote marks ‡.
func (rs *ReplicateSweep) marked() bool {
	if rs == nil {
		return false
	}
	for _, l := range rs.Lines {
		if l.Contrast != nil && fallback(l.Contrast.CIMethod) ||
			slices.ContainsFunc(l.Points, func(p ReplicatePoint) bool { return fallback(p.CIMethod) }) {
			return true
		}
	}
	return false
}

// disagrees says whether a line's contrast has an interval and a
// p-value that disagree (ReplicateComparison.Disagrees).
func (rs *ReplicateSweep) disagrees() bool {
	return rs != nil && slices.ContainsFunc(rs.Lines, func(l ReplicateSweepLine) bool {
		return l.Contrast != nil && l.Contrast.Disagrees()
	})
}

// writeReplicateSweep writes a replicated sweep's lines, if any: the
// mean over seeds at each value of each axis, and the change from the
// axis's first value to its last, as a comparison across seeds is.
func writeReplicateSweep(w io.Writer, rs *ReplicateSweep, f Format) error {
	if rs == nil || len(rs.Lines) == 0 {
		return nil
	}
	if _, err := fmt.Fprintln(w); err != nil {
		return err
	}
	most := mostPoints(rs.Lines, func(l ReplicateSweepLine) int { return len(l.Points) })
	header, align := sweepLineHeader(most, "Seeds", "Δ last−first", "95% CI", "p", "p Holm", "above 0", "below 0")
	t, escape := newTable(w, f, align)
	var rows [][]string
	for _, l := range rs.Lines {
		row := sweepLineRow(escape, l.Axis, l.Protocol, l.Task, l.Judge)
		for i := range most {
			cell := ""
			if i < len(l.Points) {
				p := l.Points[i]
				cell = escape(p.Value) + ": " + percent(p.Mean) + " " + ReplicateCIText(p.CILow, p.CIHigh, p.CIMethod, false)
			}
			row = append(row, cell)
		}
		if c := l.Contrast; c != nil {
			row = append(row, strconv.Itoa(c.Replicates), Points(c.Mean), ReplicateCIText(c.CILow, c.CIHigh, c.CIMethod, true),
				c.PValueText(), c.PHolmText(), fmt.Sprintf("%d of %d", c.Higher, c.Replicates), fmt.Sprintf("%d of %d", c.Lower, c.Replicates))
		} else {
			row = append(row, "", "", "", "", "", "", "")
		}
		rows = append(rows, row)
	}
	return renderTable(t, header, rows)
}
