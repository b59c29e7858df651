package analysis

import (
	"slices"
	"testing"

	"github.com/mootlab/moot/transcript"
)

func auditCells(pairs ...[2]string) []string {
	var out []string
	for _, p := range pairs {
		out = append(out, transcript.CellName([]transcript.AxisValue{{Axis: "a", Value: p[0]}, {Axis: "b", Value: p[1]}}))
	}
	return out
}

// Two axes are zipped only where each has two values or more and they
// pair one to one: b a function of a but not a of b is no zip, nor are
// axes of one value each; a one-to-one pairing of two values is.
func TestAuditZippedAxes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cells []string
		want  bool
	}{
		{"one to one", auditCells([2]string{"1", "x"}, [2]string{"2", "y"}), true},
		{"one cell", auditCells([2]string{"1", "x"}), false},
		{"b one value", auditCells([2]string{"1", "x"}, [2]string{"2", "x"}), false},
		{"b a function of a", auditCells([2]string{"1", "x"}, [2]string{"2", "y"}, [2]string{"3", "y"}), false},
		{"grid", auditCells([2]string{"1", "x"}, [2]string{"1", "y"}, [2]string{"2", "x"}, [2]string{"2", "y"}), false},
	} {
		zipped := zippedAxes(slices.Values(tc.cells))
		if got, back := zipped("a", "b"), zipped("b", "a"); got != tc.want || back != tc.want {
			t.Errorf("%s %q: zipped a,b %v, b,a %v; want %v", tc.name, tc.cells, got, back, tc.want)
		}
	}
}
