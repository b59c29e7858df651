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
		byAxis[lb.line.Axis] = append(byAxis[lb.line.Axis], lb.ordered())
	}
	for i := range t.axes {
		t.axes[i].Values = numericOrder(mergeOrders(byAxis[t.axes[i].Name], t.axes[i].Values))
	}
}

// ordered is the order of the line's points, first to last, whose
// contrast is last against first: the line's own (numericOrder of the
// order its episodes first name the values), not the axis's, which lines
// of runs pooled by moot table may set otherwise (a run sweeping skill
// down, 0.8 then 0.45, tabled with one sweeping 0.3, 0.6, 0.95 up: the
// axis ascends, the first run's line still goes down, and its contrast
// keeps its sign).
func (lb *sweepLineBuilder) ordered() []string { return numericOrder(lb.order) }

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
// sequence of seqs keeps its order where they agree: a topological sort
// of the sequences' consecutive pairs, taking among the values free to
// come next the earliest in appearance. Where sequences disagree (one run
// swept skill up, another down), no order keeps them all: appearance.
func mergeOrders(seqs [][]string, appearance []string) []string {
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
			return slices.Clone(appearance)
		}
		placed[next] = true
		out = append(out, next)
	}
	return out
}
