package analysis

import "testing"

// TestComparedBNamesWhatItDoesNotShare: a comparison's B is named by its
// protocol where it shares A's task, judge and cell, and otherwise with
// what differs: another cell of A's task and judge by its cell alone,
// where the row repeated the task and judge its own columns give.
func TestComparedBNamesWhatItDoesNotShare(t *testing.T) {
	a := CellKey{Protocol: "consultancy", Task: "qa", Judge: "j", Cell: "x=1"}
	for _, c := range []struct {
		b    CellKey
		want string
	}{
		{CellKey{Protocol: "debate", Task: "qa", Judge: "j", Cell: "x=1"}, "debate"},
		{CellKey{Protocol: "debate", Task: "qa", Judge: "j", Cell: "x=1,r=2"}, "debate (x=1,r=2)"},
		{CellKey{Protocol: "direct", Task: "qa", Judge: "j"}, "direct (shared)"},
		{CellKey{Protocol: "debate", Task: "math", Judge: "j", Cell: "x=1"}, "debate (math, j)"},
		{CellKey{Protocol: "debate", Task: "qa", Judge: "k", Cell: "x=2"}, "debate (qa, k, x=2)"},
	} {
		if got := ComparedB(Paired{A: a, B: c.b}, nil); got != c.want {
			t.Errorf("B %+v: %q; want %q", c.b, got, c.want)
		}
	}
}
