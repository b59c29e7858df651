package analysis

import (
	"cmp"
	"iter"
	"maps"
	"slices"
	"strings"

	"github.com/mootlab/moot/transcript"
)

// FieldCell groups by the sweep cell of an episode (transcript.Episode.Cell).
// An axis of a sweep, by its name in cell names (strong.skill), is a
// grouping field too: it groups by that axis's value alone.
const FieldCell = "cell"

// SweepSummary is the sweep section of summary.json: its axes and, for each
// axis, the judge accuracy along it.
type SweepSummary struct {
	Axes []SweepAxis `json:"axes"`
	// Cells are the accuracy cells of the Summary with their values split
	// out by axis (in the default grouping only).
	Cells []SweepCell `json:"cells,omitempty"`
	// Lines are the judge accuracy of each protocol × task × judge at each
	// value of each axis, pooled over the other axes' values: the points
	// of a plot along the axis. With one axis, a line's points are the
	// cells.
	Lines []SweepLine `json:"lines"`
}

// SweepAxis is one swept setting and its values, in the order of the
// experiment file.
type SweepAxis struct {
	Name   string   `json:"name"`
	Values []string `json:"values"`
}

// SweepCell is the judge accuracy of one protocol × task × judge in one
// sweep cell.
type SweepCell struct {
	Protocol string `json:"protocol"`
	Task     string `json:"task"`
	Judge    string `json:"judge"`
	Cell     string `json:"cell"`
	// Values are the cell's values, one for each axis of the sweep.
	Values   []string `json:"values"`
	N        int      `json:"n"`
	Accuracy float64  `json:"accuracy"`
	Interval
}

// LineOf is what a sweep line is of: a protocol (of a kind) on a task,
// with its judge, along one axis. A line and its replicated summary
// (ReplicateSweepLine) share it, and write its fields first.
type LineOf struct {
	Axis     string `json:"axis"`
	Protocol string `json:"protocol"`
	Kind     string `json:"kind"`
	Task     string `json:"task"`
	// Judge is the protocol's judge, or "" when the sweep varies it.
	Judge string `json:"judge"`
}

// SweepLine is the judge accuracy of one protocol × task along one axis,
// pooled over the other axes.
type SweepLine struct {
	LineOf
	Points []SweepPoint `json:"points"`
	// Contrast compares the axis's last value with its first on the
	// questions both judged (A the first, B the last: Difference is last −
	// first, with a paired bootstrap CI and a permutation p-value). The
	// cells of a sweep share their random draws, so the pairing removes
	// the questions' own variation: a rise or fall along the axis is
	// measured more tightly than the two points' intervals suggest. Nil
	// when the line has fewer than two values.
	Contrast *Paired `json:"contrast,omitempty"`
}

// SweepPoint is the judge accuracy at one value of an axis, over the
// episodes of every cell with that value. Its interval is a cell's: the
// bootstrap over questions (each question's episodes of all those cells
// resampled together) or Wilson.
type SweepPoint struct {
	Value string `json:"value"`
	// Cells counts the sweep cells pooled.
	Cells     int `json:"cells"`
	N         int `json:"n"`
	Questions int `json:"questions"`
	// Groups is how many groups the questions fall in, where some share
	// one (Cell.Groups).
	Groups   int     `json:"groups,omitempty"`
	Correct  int     `json:"correct"`
	Accuracy float64 `json:"accuracy"`
	Interval
}

// isAxisField reports whether a grouping field names a sweep axis: axes are
// <agent or protocol>.<setting>, the only fields with a dot.
func isAxisField(f string) bool { return strings.Contains(f, ".") }

// sweepTally accumulates the sweep section of a Summarizer.
type sweepTally struct {
	axes      []SweepAxis
	axisIndex map[string]int
	lines     []*sweepLineBuilder
	lineIndex map[string]*sweepLineBuilder
	parsed    map[string][]transcript.AxisValue // cell name → its pairs
	// declared are the orders runs declared each axis's values in (see
	// declare), by axis name.
	declared map[string][][]string
}

type sweepLineBuilder struct {
	line   SweepLine
	values map[string]*cellBuilder
	order  []string                   // the values, as the episodes first name them
	cells  map[string]map[string]bool // value → cells pooled
}

func (t *sweepTally) add(ep *transcript.Episode) {
	if ep.Cell == "" {
		return
	}
	if t.parsed == nil {
		t.parsed = map[string][]transcript.AxisValue{}
		t.axisIndex = map[string]int{}
		t.lineIndex = map[string]*sweepLineBuilder{}
	}
	pairs, ok := t.parsed[ep.Cell]
	if !ok {
		pairs = transcript.ParseCell(ep.Cell)
		t.parsed[ep.Cell] = pairs
	}
	for _, p := range pairs {
		ai, ok := t.axisIndex[p.Axis]
		if !ok {
			ai = len(t.axes)
			t.axisIndex[p.Axis] = ai
			t.axes = append(t.axes, SweepAxis{Name: p.Axis})
		}
		if !slices.Contains(t.axes[ai].Values, p.Value) {
			t.axes[ai].Values = append(t.axes[ai].Values, p.Value)
		}
		// A line is a protocol on a task along the axis; its judge is the
		// protocol's, or none when the sweep varies the judge itself.
		key := groupKey{p.Axis, ep.Protocol, ep.Task}
		lb := t.lineIndex[key.mapKey()]
		if lb != nil && lb.line.Judge != ep.Judge {
			lb.line.Judge = ""
		}
		if lb == nil {
			lb = &sweepLineBuilder{
				line:   SweepLine{LineOf: LineOf{Axis: p.Axis, Protocol: ep.Protocol, Kind: ep.Kind, Task: ep.Task, Judge: ep.Judge}},
				values: map[string]*cellBuilder{},
				cells:  map[string]map[string]bool{},
			}
			t.lineIndex[key.mapKey()] = lb
			t.lines = append(t.lines, lb)
		}
		b := lb.values[p.Value]
		if b == nil {
			// Seeded as finishLine says, once the point's judges are known.
			b = newCellBuilder(nil, nil)
			lb.values[p.Value] = b
			lb.order = append(lb.order, p.Value)
			lb.cells[p.Value] = map[string]bool{}
		}
		b.add(ep)
		lb.cells[p.Value][ep.Cell] = true
	}
}

// finish makes the sweep section; cells are the Summary's cells, whose
// sweep cells it splits by axis. It returns nil when no episode had a cell.
func (t *sweepTally) finish(seed uint64, cells []Cell, grouped bool) *SweepSummary {
	if len(t.axes) == 0 {
		return nil
	}
	t.orderAxes()
	t.orderValues()
	s := &SweepSummary{Axes: t.axes}
	for i := range s.Axes {
		s.Axes[i].Values = slices.Clone(s.Axes[i].Values)
	}
	if !grouped {
		for _, c := range cells {
			if c.Cell == "" {
				continue
			}
			values := make([]string, len(t.axes))
			for i, ax := range t.axes {
				values[i] = transcript.CellValue(c.Cell, ax.Name)
			}
			s.Cells = append(s.Cells, SweepCell{Protocol: c.Protocol, Task: c.Task, Judge: c.Judge, Cell: c.Cell, Values: values,
				N: c.N, Accuracy: c.Accuracy, Interval: c.Interval})
		}
	}
	// Each line's points and contrast have their own seeds: they are
	// computed at once.
	if len(t.lines) > 0 {
		s.Lines = make([]SweepLine, len(t.lines))
	}
	jobs := make([]func(), len(t.lines))
	for i, lb := range t.lines {
		jobs[i] = func() { s.Lines[i] = t.finishLine(lb, seed) }
	}
	inParallel(jobs)
	// The lines' contrasts are one family, apart from the run's
	// comparisons of protocols.
	var contrasts []*Paired
	for _, l := range s.Lines {
		if l.Contrast != nil {
			contrasts = append(contrasts, l.Contrast)
		}
	}
	adjustHolm(contrasts)
	return s
}

// orderAxes puts the axes in the sweep's order, as the cell names write
// them (axisOrder), not in that of the first episode's cell: a protocol
// only some axes touch names only theirs.
func (t *sweepTally) orderAxes() {
	order := axisOrder(maps.Keys(t.parsed))
	rank := func(a SweepAxis) int {
		if i := slices.Index(order, a.Name); i >= 0 {
			return i
		}
		return len(order)
	}
	slices.SortStableFunc(t.axes, func(a, b SweepAxis) int { return cmp.Compare(rank(a), rank(b)) })
	for i, a := range t.axes {
		t.axisIndex[a.Name] = i
	}
}

// axisOrder is the order of a sweep's axes as its cell names write them:
// that of the name with the most axes (the first of those, by name),
// whose protocol every such axis touches; axes it lacks keep no place.
func axisOrder(cells iter.Seq[string]) []string {
	var best []transcript.AxisValue
	bestName := ""
	for c := range cells {
		pairs := transcript.ParseCell(c)
		if len(pairs) > len(best) || len(pairs) == len(best) && c < bestName {
			best, bestName = pairs, c
		}
	}
	order := make([]string, len(best))
	for i, p := range best {
		order[i] = p.Axis
	}
	return order
}

// finishLine makes the points and contrast of one sweep line; a line
// whose first and last values share no question judged has no contrast.
func (t *sweepTally) finishLine(lb *sweepLineBuilder, seed uint64) SweepLine {
	line := lb.line
	for _, v := range t.ordered(lb) {
		// The bootstrap of a point is seeded as that of the cell keyed by
		// axis=value would be: with one axis, a point is a cell, and has
		// the very interval of the cell. Its judge is the one all its
		// episodes share, or none where they have several (a sweep of the
		// judge pooled along another axis), so that the seed does not
		// depend on which episode came first.
		b := lb.values[v]
		b.seed2 = groupKey{line.Protocol, line.Task, b.label(FieldJudge), transcript.CellName([]transcript.AxisValue{{Axis: line.Axis, Value: v}})}.hash()
		c := b.finish(seed)
		line.Points = append(line.Points, SweepPoint{Value: v, Cells: len(lb.cells[v]), N: c.N, Questions: c.Questions,
			Groups: c.Groups, Correct: c.Correct, Accuracy: c.Accuracy, Interval: c.Interval})
	}
	// The line's own first and last values: pooled with runs of more
	// values, a line of some is contrasted along those it has.
	if ps := line.Points; len(ps) >= 2 {
		va, vb := ps[0].Value, ps[len(ps)-1].Value
		a := CellKey{Protocol: line.Protocol, Task: line.Task, Judge: line.Judge, Cell: transcript.CellName([]transcript.AxisValue{{Axis: line.Axis, Value: va}})}
		b := a
		b.Cell = transcript.CellName([]transcript.AxisValue{{Axis: line.Axis, Value: vb}})
		// No question judged at both ends (every episode of one
		// failed, say): there is nothing to compare.
		if c := comparePaired(a, b, &lb.values[va].tally, &lb.values[vb].tally, Resamples, seed); c.Questions > 0 {
			line.Contrast = &c
		}
	}
	return line
}
