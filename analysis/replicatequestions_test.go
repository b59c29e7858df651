package analysis

import (
	"fmt"
	"testing"
)

// TestReplicateQuestionCounts: a replicated cell, comparison and its
// counts of questions and groups over the seeds, against counts made here.
// Two seeds share their questions: seed 0 has q0–q4, seed 1 q0–q6, where
// q0–q2 share group a, q3, q4 and q6 group b, and q5 has none; debate's
// q1 failed at both seeds, so the comparison pairs every question but q1.
// A second run whose seeds each have questions of their own, none in a
// group, counts them all and no groups.
func TestReplicateQuestionCounts(t *testing.T) {
	group := map[int]string{0: "a", 1: "a", 2: "a", 3: "b", 4: "b", 6: "b"}
	z := NewReplicateSummarizer("x", []uint64{1, 2})
	for r, questions := range []int{5, 7} {
		for q := range questions {
			for _, p := range []string{"direct", "debate"} {
				fail := ""
				if p == "debate" && q == 1 {
					fail = "down"
				}
				e := episode(p, p, "t", "j", fmt.Sprintf("q%d", q), "x", (q+r)%2, fail)
				e.Group = group[q]
				z.Add(r, &e)
			}
		}
	}
	rs := z.Run().Replicates
	want := map[string]SeedQuestions{"direct": {7, 3}, "debate": {6, 3}}
	for _, c := range rs.Cells {
		if c.SeedQuestions != want[c.Protocol] {
			t.Errorf("%s: %+v; want %+v", c.Protocol, c.SeedQuestions, want[c.Protocol])
		}
	}
	if len(rs.Comparisons) != 1 || rs.Comparisons[0].SeedQuestions != (SeedQuestions{6, 3}) {
		t.Errorf("comparisons %+v; want one of 6 questions in 3 groups", rs.Comparisons)
	}

	own := NewReplicateSummarizer("x", []uint64{1, 2, 3})
	for r := range 3 {
		for q := range 4 {
			e := episode("direct", "direct", "t", "j", fmt.Sprintf("s%dq%d", r, q), "x", q%2, "")
			own.Add(r, &e)
		}
	}
	if c := own.Run().Replicates.Cells[0]; c.SeedQuestions != (SeedQuestions{12, 0}) {
		t.Errorf("seeds of their own: %+v; want 12 questions, no groups", c.SeedQuestions)
	}
}
