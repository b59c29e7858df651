package analysis

import (
	"cmp"
	"slices"
	"strconv"
)

// orderValues puts each axis's values in an order every line along it
// keeps: a line's values come in the order its episodes first name them
// (a run's plan order, the sweep's own), and runs pooled by moot table may
// each hold some of an axis's values (one sweeps skill over 0.4 and 0.9,
// another over 0.4, 0.6 and 0.9): the axis's order is then the one that
// keeps each line's (0.4, 0.6, 0.9), not that of first appearance over
// all episodes (0.4, 0.9, 0.6), which would set a line's last value
// before another.
func (t *sweepTally) orderValues() {
	byAxis := map[string][][]string{}
	for _, lb := range t.lines {
		byAxis[lb.line.Axis] = append(byAxis[lb.line.Axis], t.ordered(lb))
	}
	for i := range t.axes {
		t.axes[i].Values = numericOrder(mergeOrders(byAxis[t.axes[i].Name], t.axes[i].Values))
	}
}

// ordered is the order of the line's points, first to last, whose
// contrast is last against first: the line's own, not the axis's, which
// lines of runs pooled by moot table may set otherwise (a run sweeping
// skill down, 0.8 then 0.45, tabled with one sweeping 0.3, 0.6, 0.95 up:
// the axis ascends, the first run's line still goes down, and its
// contrast keeps its sign). The line's own order is the one its runs
// declared (declare), where they agree and name each of its values;
// otherwise the order its episodes first name them, which is the
// declared one in a log written in plan order but not in one a run
// stopped early left in the order its episodes finished. Either goes
// through numericOrder.
func (t *sweepTally) ordered(lb *sweepLineBuilder) []string {
	if d, ok := t.declaredOrder(lb.line.Axis); ok {
		var own []string
		for _, v := range d {
			if lb.values[v] != nil {
				own = append(own, v)
			}
		}
		if len(own) == len(lb.order) {
			return numericOrder(own)
		}
	}
	return numericOrder(lb.order)
}

// declare notes the order in which a run's sweep declared an axis's
// values (its config.lock.yaml), which the lines along it keep.
func (t *sweepTally) declare(axis string, values []string) {
	if t.declared == nil {
		t.declared = map[string][][]string{}
	}
	t.declared[axis] = append(t.declared[axis], slices.Clone(values))
}

// declaredOrder is the one order of axis's values that keeps each order
// declared for it, and false where none was or the runs declared orders
// no one order keeps (one swept skill up, another down).
func (t *sweepTally) declaredOrder(axis string) ([]string, bool) {
	seqs := t.declared[axis]
	if len(seqs) == 0 {
		return nil, false
	}
	var all []string
	for _, s := range seqs {
		for _, v := range s {
			if !slices.Contains(all, v) {
				all = append(all, v)
			}
		}
	}
	return topoOrder(seqs, all)
}

// numericOrder sorts vs ascending where they are all numbers in an order
// neither ascending nor descending: a sweep declares its values in order,
// and such an order is one that runs pooled into one line (moot table
// --by without protocol, where a line's episodes come from several runs)
// made by first appearance. Values in a declared order, or not numbers
// (agents' names), are kept as they are.
func numericOrder(vs []string) []string {
	xs := make([]float64, len(vs))
	for i, v := range vs {
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return vs
		}
		xs[i] = x
	}
	if slices.IsSorted(xs) || slices.IsSortedFunc(xs, func(a, b float64) int { return cmp.Compare(b, a) }) {
		return vs
	}
	out := slices.Clone(vs)
	slices.SortStableFunc(out, func(a, b string) int {
		x, _ := strconv.ParseFloat(a, 64)
		y, _ := strconv.ParseFloat(b, 64)
		return cmp.Compare(x, y)
	})
	return out
}

// mergeOrders orders the values of appearance (each once) so that each
// sequence of seqs keeps its order where they agree (topoOrder). Where
// sequences disagree (one run swept skill up, another down), no order
// keeps them all: appearance.
func mergeOrders(seqs [][]string, appearance []string) []string {
	if out, ok := topoOrder(seqs, appearance); ok {
		return out
	}
	return slices.Clone(appearance)
}

// topoOrder orders the values of appearance (each once) so that each
// sequence of seqs keeps its order: a topological sort of the sequences'
// consecutive pairs, taking among the values free to come next the
// earliest in appearance. False where the sequences disagree (a cycle).
func topoOrder(seqs [][]string, appearance []string) ([]string, bool) {
	before := map[string]map[string]bool{} // value → values that must come first
	for _, s := range seqs {
		for i := 1; i < len(s); i++ {
			if before[s[i]] == nil {
				before[s[i]] = map[string]bool{}
			}
			before[s[i]][s[i-1]] = true
		}
	}
	out := make([]string, 0, len(appearance))
	placed := map[string]bool{}
	for len(out) < len(appearance) {
		next := ""
		for _, v := range appearance {
			if placed[v] {
				continue
			}
			free := true
			for w := range before[v] {
				free = free && placed[w]
			}
			if free {
				next = v
				break
			}
		}
		if next == "" { // a cycle
			return nil, false
		}
		placed[next] = true
		out = append(out, next)
	}
	return out, true
}
