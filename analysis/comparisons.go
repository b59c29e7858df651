package analysis

import (
	"cmp"
	"slices"
	"strings"

	"github.com/mootlab/moot/transcript"
)

// comparison is a pair of protocol cells to compare, a against b.
type comparison struct{ a, b *protocolCell }

// comparisons lists the Summary's paired comparisons: each protocol a
// against every protocol b of the same task and judge whose episodes name
// a's class in their CompareWith, where their sweep cells agree — the same
// cell, or one a protocol played once for several cells (no cell, or a
// cell of only the axes that touch it, engine.Sweep.PlayedIn) — each pair
// once, in the cell of both their axes. The pairs come per task × judge ×
// cell in order of first appearance, then first every b against the first
// class it names (the judge alone, for most), then against the second,
// and so on, each in order of first appearance of a and then b. The rule
// names no protocol: each protocol says what it is compared with. It
// lists the pairs; the Summary compares them, and leaves out those
// without a shared question.
func (z *Summarizer) comparisons() []comparison {
	type group struct{ task, judge, cell string }
	index := map[group]int{}
	addGroup := func(g group) int {
		i, ok := index[g]
		if !ok {
			i = len(index)
			index[g] = i
		}
		return i
	}
	cells := make([][]transcript.AxisValue, len(z.protocolCells))
	for i, pc := range z.protocolCells {
		cells[i] = transcript.ParseCell(pc.key.Cell)
		addGroup(group{pc.key.Task, pc.key.Judge, canonicalCell(cells[i])})
	}
	type candidate struct {
		group, k, a, b int
	}
	var found []candidate
	for bi, b := range z.protocolCells {
		for k, class := range b.against {
			for ai, a := range z.protocolCells {
				if a == b || a.class != class || a.key.Task != b.key.Task || a.key.Judge != b.key.Judge {
					continue
				}
				both, ok := unionCell(cells[ai], cells[bi])
				if !ok {
					continue
				}
				found = append(found, candidate{addGroup(group{a.key.Task, a.key.Judge, both}), k, ai, bi})
			}
		}
	}
	slices.SortFunc(found, func(x, y candidate) int {
		return cmp.Or(cmp.Compare(x.group, y.group), cmp.Compare(x.k, y.k), cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b))
	})
	out := make([]comparison, len(found))
	for i, f := range found {
		out[i] = comparison{z.protocolCells[f.a], z.protocolCells[f.b]}
	}
	return out
}

// canonicalCell names a cell's axis values sorted by axis name, whatever
// the order they were given in: a key for grouping, not a cell's name.
func canonicalCell(values []transcript.AxisValue) string {
	sorted := slices.SortedFunc(slices.Values(values), func(x, y transcript.AxisValue) int { return strings.Compare(x.Axis, y.Axis) })
	return transcript.CellName(sorted)
}

// unionCell is the cell of both a's and b's axis values, canonical; ok is
// false when they give one axis different values.
func unionCell(a, b []transcript.AxisValue) (string, bool) {
	all := slices.Clone(a)
	for _, v := range b {
		i := slices.IndexFunc(all, func(w transcript.AxisValue) bool { return w.Axis == v.Axis })
		switch {
		case i < 0:
			all = append(all, v)
		case all[i].Value != v.Value:
			return "", false
		}
	}
	return canonicalCell(all), true
}
