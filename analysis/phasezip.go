package analysis

import (
	"iter"

	"github.com/mootlab/moot/transcript"
)

// zippedAxes finds the axes of a sweep's cells that vary together (a
// zip: group in the experiment file): two axes, each of two values or
// more, whose values pair one to one in every cell that has both, where
// axes of a grid pair every value of one with every value of the other.
// It returns whether two axes are so paired.
func zippedAxes(cells iter.Seq[string]) func(a, b string) bool {
	type pair struct{ a, b string }
	with := map[pair]map[string]map[string]bool{} // axis a's value → axis b's values beside it
	for c := range cells {
		axes := transcript.ParseCell(c)
		for _, u := range axes {
			for _, v := range axes {
				if u.Axis == v.Axis {
					continue
				}
				k := pair{u.Axis, v.Axis}
				if with[k] == nil {
					with[k] = map[string]map[string]bool{}
				}
				if with[k][u.Value] == nil {
					with[k][u.Value] = map[string]bool{}
				}
				with[k][u.Value][v.Value] = true
			}
		}
	}
	// Each value of a beside one value of b: b is a function of a.
	determines := func(a, b string) bool {
		values := with[pair{a, b}]
		if len(values) < 2 {
			return false
		}
		for _, bs := range values {
			if len(bs) != 1 {
				return false
			}
		}
		return true
	}
	return func(a, b string) bool { return determines(a, b) && determines(b, a) }
}

// foldZipped makes each axis that varies with an earlier one (zipped)
// part of it: one dimension of a phase map, named by the axes joined
// with "+" and valued by their values so joined (debater.skill+
// consultant.skill at 0.7+0.5). axes are in the sweep's order.
func foldZipped(axes []transcript.AxisValue, zipped func(a, b string) bool) []transcript.AxisValue {
	var out []transcript.AxisValue
	var first []string // the first axis of each of out's dimensions
next:
	for _, v := range axes {
		for i, f := range first {
			if zipped(f, v.Axis) {
				out[i].Axis += "+" + v.Axis
				out[i].Value += "+" + v.Value
				continue next
			}
		}
		out = append(out, v)
		first = append(first, v.Axis)
	}
	return out
}
