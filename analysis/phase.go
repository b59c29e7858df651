package analysis

import (
	"cmp"
	"slices"
	"strings"

	"github.com/mootlab/moot/transcript"
)

// The status of a point of a phase map: where the finding a comparison
// makes holds, fails or reverses.
const (
	// PhaseHolds: the pooled 95% CI of B − A lies above 0, the direction
	// the comparison claims (B is the protocol that names A as what it is
	// compared with: debate against consultancy, against the judge alone).
	PhaseHolds = "holds"
	// PhaseFails: the pooled CI includes 0.
	PhaseFails = "fails"
	// PhaseReverses: the pooled CI lies below 0.
	PhaseReverses = "reverses"
)

// TaskAxis is the name of a phase map's Y axis when it runs over the
// tasks of a one-axis sweep (each task, say, a difficulty).
const TaskAxis = "task"

// PhaseMap is one comparison of a replicated sweep drawn over two of its
// parameters: for each point, B − A pooled over the seeds with its CI,
// and whether the finding holds there. The two parameters are the sweep's
// two axes, or its one axis and the tasks; with more axes, one map is
// drawn for each value of the others (Fixed).
type PhaseMap struct {
	A, B  string // protocols (labels): the map is of B − A
	Task  string // "" when the tasks are the Y axis
	Judge string
	// Fixed names the values of the sweep's other axes, "" if none.
	Fixed string
	// X and Y name the axes; XValues and YValues are their values in the
	// order the sweep lists them.
	X, Y             string
	XValues, YValues []string
	// Points has one entry per (Y, X) pair that was compared, in row order
	// (Y) then column order (X).
	Points []PhasePoint
}

// PhasePoint is one point of a PhaseMap.
type PhasePoint struct {
	X, Y       string
	Replicates int
	// Mean, CILow and CIHigh are the pooled difference B − A and its 95%
	// CI, as ReplicateComparison has them.
	Mean, CILow, CIHigh float64
	// Higher and Lower count the seeds whose own paired CI lies above or
	// below 0.
	Higher, Lower int
	Status        string
}

// Point returns the point at (x, y), or false if the map has none there.
func (m PhaseMap) Point(x, y string) (PhasePoint, bool) {
	i := slices.IndexFunc(m.Points, func(p PhasePoint) bool { return p.X == x && p.Y == y })
	if i < 0 {
		return PhasePoint{}, false
	}
	return m.Points[i], true
}

// PhaseStatus classifies a pooled interval of B − A.
func PhaseStatus(lo, hi float64) string {
	switch {
	case lo > 0:
		return PhaseHolds
	case hi < 0:
		return PhaseReverses
	}
	return PhaseFails
}

// PhaseMaps draws the phase maps of a replicated run's comparisons: those
// made in sweep cells of two axes or more, or of one axis over two tasks
// or more. Maps come in the order of their first comparison.
func PhaseMaps(rs *ReplicateSummary) []PhaseMap {
	if rs == nil {
		return nil
	}
	type mapKey struct{ a, b, task, judge, fixed, x, y string }
	var keys []mapKey
	maps := map[mapKey]*PhaseMap{}
	order := axisOrder(func(yield func(string) bool) {
		for _, c := range rs.Cells {
			if !yield(c.Cell) {
				return
			}
		}
	})
	zipped := zippedAxes(func(yield func(string) bool) {
		for _, c := range rs.Cells {
			if !yield(c.Cell) {
				return
			}
		}
		for _, c := range rs.Comparisons {
			if !yield(c.A.Cell) || !yield(c.B.Cell) {
				return
			}
		}
	})
	for _, c := range rs.Comparisons {
		k, p, ok := phasePoint(c, order, zipped)
		if !ok {
			continue
		}
		mk := mapKey{c.A.Protocol, c.B.Protocol, k.task, c.A.Judge, k.fixed, k.x, k.y}
		m := maps[mk]
		if m == nil {
			m = &PhaseMap{A: c.A.Protocol, B: c.B.Protocol, Task: k.task, Judge: c.A.Judge, Fixed: k.fixed, X: k.x, Y: k.y}
			maps[mk] = m
			keys = append(keys, mk)
		}
		if !slices.Contains(m.XValues, p.X) {
			m.XValues = append(m.XValues, p.X)
		}
		if !slices.Contains(m.YValues, p.Y) {
			m.YValues = append(m.YValues, p.Y)
		}
		m.Points = append(m.Points, p)
	}
	var out []PhaseMap
	for _, k := range keys {
		m := maps[k]
		// A map over the tasks needs two of them; a single task's one-axis
		// sweep is a line, not a map.
		if len(m.XValues) < 2 || len(m.YValues) < 2 {
			continue
		}
		if len(m.Points) == len(m.XValues) && len(m.Points) == len(m.YValues) && m.Y != TaskAxis {
			// Each value of one axis with one of the other: two axes of
			// a zip, which vary together — one dimension, not a map.
			continue
		}
		rank := func(vs []string, v string) int { return slices.Index(vs, v) }
		slices.SortStableFunc(m.Points, func(p, q PhasePoint) int {
			if d := rank(m.YValues, p.Y) - rank(m.YValues, q.Y); d != 0 {
				return d
			}
			return rank(m.XValues, p.X) - rank(m.XValues, q.X)
		})
		out = append(out, *m)
	}
	return out
}

// phaseKey is where a comparison falls: its map's task, fixed axes and
// axis names.
type phaseKey struct{ task, fixed, x, y string }

// phasePoint places comparison c on a map: the sweep cell is B's, or A's
// when B is played once for every cell; axes that vary together (zipped)
// are one dimension. ok is false for a comparison outside any sweep cell.
func phasePoint(c ReplicateComparison, order []string, zipped func(a, b string) bool) (phaseKey, PhasePoint, bool) {
	// The comparison's cell: both cells' axes, in the sweep's order (a
	// protocol played once for every cell has none, and one that only
	// some axes touch, only theirs).
	axes := transcript.ParseCell(c.A.Cell)
	for _, v := range transcript.ParseCell(c.B.Cell) {
		if !slices.ContainsFunc(axes, func(w transcript.AxisValue) bool { return w.Axis == v.Axis }) {
			axes = append(axes, v)
		}
	}
	rank := func(v transcript.AxisValue) int {
		if i := slices.Index(order, v.Axis); i >= 0 {
			return i
		}
		return len(order)
	}
	slices.SortStableFunc(axes, func(v, w transcript.AxisValue) int { return cmp.Compare(rank(v), rank(w)) })
	axes = foldZipped(axes, zipped)
	p := PhasePoint{Replicates: c.Replicates, Mean: c.Mean, CILow: c.CILow, CIHigh: c.CIHigh,
		// The status from the bounds as summary.json has them, so that one
		// read from the file (holds where ci_low > 0) is the one shown.
		Higher: c.Higher, Lower: c.Lower, Status: PhaseStatus(round4(c.CILow), round4(c.CIHigh))}
	var k phaseKey
	switch {
	case len(axes) == 0:
		return k, p, false
	case len(axes) == 1:
		k.x, k.y = axes[0].Axis, TaskAxis
		p.X, p.Y = axes[0].Value, c.A.Task
	default:
		k.task = c.A.Task
		k.x, k.y = axes[0].Axis, axes[1].Axis
		p.X, p.Y = axes[0].Value, axes[1].Value
		var rest []string
		for _, a := range axes[2:] {
			rest = append(rest, a.Axis+"="+a.Value)
		}
		k.fixed = strings.Join(rest, ",")
	}
	return k, p, true
}

// Title names a phase map: what it compares, where, and at what.
func (m PhaseMap) Title() string {
	s := m.B + " − " + m.A
	if m.Task != "" {
		s += " · " + m.Task
	}
	s += " · " + m.Judge
	if m.Fixed != "" {
		s += " · " + m.Fixed
	}
	return s
}
