package analysis

import (
	"fmt"
	"slices"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestComparisonsComeByGroupFirst: the pairs come task by task in the
// order each task's cells first appear, whatever the order of their
// protocols: t2's debate appears first, so t2's pair comes before t1's,
// though t1's judge-alone cell appears before t2's.
func TestComparisonsComeByGroupFirst(t *testing.T) {
	var eps []transcript.Episode
	for q := range 8 {
		qid := fmt.Sprintf("q%02d", q)
		eps = append(eps,
			episode("debate", "debate", "t2", "j", qid, "", q%2, ""),
			episode("naive", "direct", "t1", "j", qid, "", q%3%2, ""),
			episode("naive", "direct", "t2", "j", qid, "", 0, ""),
			episode("debate", "debate", "t1", "j", qid, "", q%4%2, ""))
	}
	s := Summarize("e", 1, eps)
	var got []string
	for _, p := range s.Comparisons {
		got = append(got, p.A.Task+": "+p.A.Protocol+" vs "+p.B.Protocol)
	}
	if want := []string{"t2: naive vs debate", "t1: naive vs debate"}; !slices.Equal(got, want) {
		t.Errorf("got %v; want %v", got, want)
	}
}

// TestComparisonsNotWithItself: two protocols of one class, each naming
// that class, are compared each against the other, and neither against
// itself.
func TestComparisonsNotWithItself(t *testing.T) {
	var eps []transcript.Episode
	for q := range 6 {
		for _, p := range []string{"p1", "p2"} {
			ep := episode(p, "debate", "t", "j", fmt.Sprintf("q%d", q), "", (q+len(p))%2, "")
			ep.Class, ep.CompareWith = "x", []string{"x"}
			eps = append(eps, ep)
		}
	}
	var got []string
	for _, p := range Summarize("e", 1, eps).Comparisons {
		got = append(got, p.A.Protocol+" vs "+p.B.Protocol)
	}
	if want := []string{"p1 vs p2", "p2 vs p1"}; !slices.Equal(got, want) {
		t.Errorf("got %v; want %v", got, want)
	}
}
