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
	Axis     string `json:"axis"`
	Protocol string `json:"protocol"`
	Kind     string `json:"kind"`
	Task     string `json:"task"`
	// Judge is the protocol's judge, or "" when the sweep varies it.
	Judge  string           `json:"judge"`
	Points []ReplicatePoint `json:"points"`
	// Contrast is the axis's last value against its first, B − A, over
	// the replicates: each replicate's line contrast (SweepLine.Contrast)
	// as a comparison of its replicates is summarized. A and B are the
	// cells named by the axis's first and last value. Nil when the line
	// has fewer than two values.
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
	// Accuracy is the point's accuracy in each replicate that has it.
	Accuracy []float64 `json:"accuracy"`
	// N counts the judged episodes of all replicates.
	N int `json:"n"`
	OverSeeds
}

// lineKey identifies a sweep line across replicates.
type lineKey struct{ axis, protocol, task, judge string }

// sweep summarizes the replicates' sweep lines (their Summaries' Sweep),
// or is nil when they have none.
func (z *ReplicateSummarizer) sweep(sums []Summary) *ReplicateSweep {
	var rs ReplicateSweep
	var keys []lineKey
	first := map[lineKey]SweepLine{}
	for _, s := range sums {
		if s.Sweep == nil {
			continue
		}
		for _, ax := range s.Sweep.Axes {
			i := slices.IndexFunc(rs.Axes, func(a SweepAxis) bool { return a.Name == ax.Name })
			if i < 0 {
				rs.Axes = append(rs.Axes, SweepAxis{Name: ax.Name})
				i = len(rs.Axes) - 1
			}
			for _, v := range ax.Values {
				if !slices.Contains(rs.Axes[i].Values, v) {
					rs.Axes[i].Values = append(rs.Axes[i].Values, v)
				}
			}
		}
		for _, l := range s.Sweep.Lines {
			k := lineKey{l.Axis, l.Protocol, l.Task, l.Judge}
			if _, ok := first[k]; !ok {
				keys = append(keys, k)
				first[k] = l
			}
		}
	}
	if len(rs.Axes) == 0 {
		return nil
	}
	for _, k := range keys {
		ax := rs.Axes[slices.IndexFunc(rs.Axes, func(a SweepAxis) bool { return a.Name == k.axis })]
		rs.Lines = append(rs.Lines, z.sweepLine(k, first[k].Kind, ax.Values, sums))
	}
	return &rs
}

// sweepLine summarizes line k, along the axis's values, over the
// replicates that have it.
func (z *ReplicateSummarizer) sweepLine(k lineKey, kind string, values []string, sums []Summary) ReplicateSweepLine {
	line := ReplicateSweepLine{Axis: k.axis, Protocol: k.protocol, Kind: kind, Task: k.task, Judge: k.judge}
	cellOf := func(v string) CellKey {
		return CellKey{Protocol: k.protocol, Task: k.task, Judge: z.pointJudge(k, v), Cell: transcript.CellName([]transcript.AxisValue{{Axis: k.axis, Value: v}})}
	}
	for _, v := range values {
		var sc seedCounts
		cells := 0
		for i, s := range sums {
			p, ok := pointOf(s, k, v)
			if !ok {
				continue
			}
			sc.add(p.Accuracy, p.Correct, p.N, p.Interval, z.pointTally(i, k, v))
			cells = max(cells, p.Cells)
		}
		if len(sc.accuracy) == 0 {
			continue
		}
		// Seeded as the cell axis=value's: with one axis, the point is
		// that cell, and has its very interval.
		c := cellOf(v)
		o, _, _ := sc.overSeeds(hashStrings("replicates", c.Protocol, c.Task, c.Judge, c.Cell))
		line.Points = append(line.Points, ReplicatePoint{Value: v, Cells: cells, Accuracy: sc.accuracy, N: sc.n, OverSeeds: o})
	}
	if len(values) < 2 {
		return line
	}
	lo, hi := values[0], values[len(values)-1]
	sd := seedDiffs{c: ReplicateComparison{A: cellOf(lo), B: cellOf(hi)}}
	for i, s := range sums {
		l, ok := lineOf(s, k)
		if !ok || l.Contrast == nil {
			continue
		}
		sd.add(*l.Contrast, z.pointTally(i, k, lo), z.pointTally(i, k, hi))
	}
	if len(sd.c.Difference) > 0 {
		c := sd.finish()
		line.Contrast = &c
	}
	return line
}

// pointJudge is the judge of value v on line k: the line's, or where the
// sweep varies the judge, the one judge of the point's episodes (along
// the judge's own axis a point is a cell of one judge), else "".
func (z *ReplicateSummarizer) pointJudge(k lineKey, v string) string {
	if k.judge != "" {
		return k.judge
	}
	for r := range z.reps {
		lb := z.reps[r].sweep.lineIndex[groupKey{k.axis, k.protocol, k.task}.mapKey()]
		if lb == nil || lb.values[v] == nil {
			continue
		}
		for _, l := range lb.values[v].labels {
			if l.field == FieldJudge && l.seen && !l.many {
				return l.value
			}
		}
	}
	return ""
}

// lineOf is line k of a replicate's summary.
func lineOf(s Summary, k lineKey) (SweepLine, bool) {
	if s.Sweep == nil {
		return SweepLine{}, false
	}
	i := slices.IndexFunc(s.Sweep.Lines, func(l SweepLine) bool {
		return l.Axis == k.axis && l.Protocol == k.protocol && l.Task == k.task && l.Judge == k.judge
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
	lb := z.reps[r].sweep.lineIndex[groupKey{k.axis, k.protocol, k.task}.mapKey()]
	if lb == nil || lb.line.Judge != k.judge || lb.values[v] == nil {
		return nil
	}
	return &lb.values[v].tally
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
	header, align, most := sweepLineHeader(rs.Axes, "Seeds", "Δ last−first", "95% CI", "above 0", "below 0")
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
			row = append(row, strconv.Itoa(c.Replicates), fmt.Sprintf("%+.1f", 100*c.Mean), ReplicateCIText(c.CILow, c.CIHigh, c.CIMethod, true),
				fmt.Sprintf("%d of %d", c.Higher, c.Replicates), fmt.Sprintf("%d of %d", c.Lower, c.Replicates))
		} else {
			row = append(row, "", "", "", "", "")
		}
		rows = append(rows, row)
	}
	return renderTable(t, header, rows)
}
