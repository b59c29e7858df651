package analysis

import (
	"fmt"
	"math"
	"slices"
	"testing"
)

// TestReplicateSummaryByHand: a replicated run of three seeds, each with
// questions of its own, summarised field by field against numbers worked
// out here. Per seed, "direct" judges 1, 2 and 1 of 4 questions right and
// "debate" 4, 4 and 3 (seed 2 has a fifth debate episode that failed);
// "consultancy" is played at seed 0 alone, and seed 0 has one question
// that direct judged and debate did not, which the paired comparison
// leaves out.
func TestReplicateSummaryByHand(t *testing.T) {
	z := NewReplicateSummarizer("x", []uint64{1, 2, 3})
	directRight, debateRight := []int{1, 2, 1}, []int{4, 4, 3}
	for r := range 3 {
		for q := range 4 {
			qid := fmt.Sprintf("s%dq%d", r, q)
			answer := func(right int) int {
				if q < right {
					return 0
				}
				return 1
			}
			for _, ep := range []struct {
				protocol string
				right    int
			}{{"direct", directRight[r]}, {"debate", debateRight[r]}} {
				e := episode(ep.protocol, ep.protocol, "t", "j", qid, "x", answer(ep.right), "")
				z.Add(r, &e)
			}
			if r == 0 {
				e := episode("consultancy", "consultancy", "t", "j", qid, "x", 0, "")
				z.Add(r, &e)
			}
		}
	}
	extra := episode("direct", "direct", "t", "j", "s0-direct-only", "x", 1, "")
	z.Add(0, &extra)
	failed := episode("debate", "debate", "t", "j", "s2q9", "x", 0, "agent down")
	z.Add(2, &failed)

	sum := z.Run()
	if sum.Episodes != 3*8+4+1+1 || sum.Failed != 1 {
		t.Errorf("episodes %d, failed %d; want %d and 1", sum.Episodes, sum.Failed, 3*8+4+1+1)
	}
	rs := sum.Replicates
	sd := func(xs []float64) float64 {
		m := (xs[0] + xs[1] + xs[2]) / 3
		return math.Sqrt(((xs[0]-m)*(xs[0]-m) + (xs[1]-m)*(xs[1]-m) + (xs[2]-m)*(xs[2]-m)) / 2)
	}
	const t975df2 = 4.302652729749464 // Student t, 2 degrees of freedom
	for _, want := range []struct {
		protocol string
		acc      []float64
		n        int
	}{
		{"direct", []float64{1.0 / 5, 2.0 / 4, 1.0 / 4}, 13},
		{"debate", []float64{1, 1, 3.0 / 4}, 12},
		{"consultancy", []float64{1}, 4},
	} {
		var c *ReplicateCell
		for i := range rs.Cells {
			if rs.Cells[i].Protocol == want.protocol {
				c = &rs.Cells[i]
			}
		}
		if c == nil {
			t.Fatalf("no cell %s", want.protocol)
		}
		if c.Replicates != len(want.acc) || c.N != want.n || fmt.Sprint(c.Accuracy) != fmt.Sprint(roundAll(want.acc)) {
			t.Errorf("%s: %d replicates, n %d, accuracies %v; want %d, %d, %v", want.protocol, c.Replicates, c.N, c.Accuracy, len(want.acc), want.n, roundAll(want.acc))
		}
		if len(want.acc) == 1 {
			if c.SD != 0 || c.Mean != 1 {
				t.Errorf("%s at one seed: mean %v, SD %v; want 1 and 0", want.protocol, c.Mean, c.SD)
			}
			continue
		}
		m := (want.acc[0] + want.acc[1] + want.acc[2]) / 3
		half := t975df2 * sd(want.acc) / math.Sqrt(3)
		if !near(c.Mean, m) || !near(c.SD, sd(want.acc)) || c.CIMethod != MethodReplicatesT ||
			!near(c.CILow, max(0, m-half)) || !near(c.CIHigh, min(1, m+half)) {
			t.Errorf("%s: mean %v SD %v, %s [%v, %v]; want %v %v, t [%v, %v]", want.protocol, c.Mean, c.SD, c.CIMethod, c.CILow, c.CIHigh,
				m, sd(want.acc), max(0, m-half), min(1, m+half))
		}
	}
	// The paired comparison of the two, over the questions both judged:
	// per seed the difference is 3/4, 2/4 and 2/4 (the direct-only
	// question left out), whichever way round the pair is.
	var c *ReplicateComparison
	for i := range rs.Comparisons {
		if k := rs.Comparisons[i]; (k.A.Protocol == "direct" && k.B.Protocol == "debate") || (k.A.Protocol == "debate" && k.B.Protocol == "direct") {
			c = &rs.Comparisons[i]
		}
	}
	if c == nil {
		t.Fatalf("no direct–debate comparison in %+v", rs.Comparisons)
	}
	sign := 1.0
	if c.A.Protocol == "debate" {
		sign = -1
	}
	diffs := []float64{sign * 0.75, sign * 0.5, sign * 0.5}
	m := (diffs[0] + diffs[1] + diffs[2]) / 3
	if c.Replicates != 3 || !near(c.Mean, m) || !near(c.SD, sd(diffs)) || c.CIMethod != MethodReplicatesT {
		t.Errorf("comparison: %d replicates, mean %v, SD %v, %s; want 3, %v, %v, %s", c.Replicates, c.Mean, c.SD, c.CIMethod, m, sd(diffs), MethodReplicatesT)
	}
	// Its p: the t test of the three differences, against the closed
	// form of Student's t with two degrees of freedom.
	tt := math.Abs(m) / (sd(diffs) / math.Sqrt(3))
	if wantP := 1 - tt/math.Sqrt(tt*tt+2); c.PValue == nil || c.PMethod != MethodReplicatesT || !near(*c.PValue, wantP) {
		t.Errorf("comparison: p %v by %q; want %v by the t test", c.PValue, c.PMethod, wantP)
	}
	// The family: this comparison and consultancy's two, made at seed 0
	// alone with that seed's own p; Holm by hand over the three.
	if len(rs.Comparisons) != 3 {
		t.Fatalf("%d comparisons, want 3: %+v", len(rs.Comparisons), rs.Comparisons)
	}
	ps := []float64{*rs.Comparisons[0].PValue, *rs.Comparisons[1].PValue, *rs.Comparisons[2].PValue}
	slices.Sort(ps)
	a1 := min(1, 3*ps[0])
	a2 := max(a1, min(1, 2*ps[1]))
	wantHolm := map[float64]float64{ps[0]: a1, ps[1]: a2, ps[2]: max(a2, ps[2])}
	for _, k := range rs.Comparisons {
		if k.PHolm == nil || !near(*k.PHolm, wantHolm[*k.PValue]) {
			t.Errorf("%s–%s: p Holm %v, want %v (p %v)", k.A.Protocol, k.B.Protocol, k.PHolm, wantHolm[*k.PValue], *k.PValue)
		}
		if k.Replicates == 1 && k.PMethod != PMethodPermutation {
			t.Errorf("%s–%s at one seed: p by %q, want the seed's own (%s)", k.A.Protocol, k.B.Protocol, k.PMethod, PMethodPermutation)
		}
	}
	// Each seed's own paired interval: debate's lead is significant at a
	// seed where it is 3 of 4 questions or more, and at none the other way.
	higher, lower := 0, 0
	for _, s := range z.Summaries() {
		for _, p := range s.Comparisons {
			if p.A == c.A && p.B == c.B {
				switch {
				case p.CILow > 0:
					higher++
				case p.CIHigh < 0:
					lower++
				}
			}
		}
	}
	if c.Higher != higher || c.Lower != lower || higher+lower == 0 {
		t.Errorf("comparison: above 0 at %d seeds, below at %d; want %d and %d, as the seeds' own intervals say", c.Higher, c.Lower, higher, lower)
	}
}

func roundAll(xs []float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = round4(x)
	}
	return out
}

// TestReplicateCellOverSharedQuestions: seeds that judge the same
// questions (a dataset) get the crossed bootstrap over seeds and
// questions; its interval is of accuracies, so within [0, 1], and holds
// the mean of the seeds.
func TestReplicateCellOverSharedQuestions(t *testing.T) {
	z := NewReplicateSummarizer("x", []uint64{1, 2, 3})
	right := []int{1, 3, 2}
	for r := range 3 {
		for q := range 6 {
			answer := 1
			if q < right[r] {
				answer = 0
			}
			e := episode("direct", "direct", "t", "j", fmt.Sprintf("q%d", q), "x", answer, "")
			z.Add(r, &e)
		}
	}
	c := z.Summary(z.Summaries()).Cells[0]
	if c.CIMethod != MethodReplicatesCrossed || !near(c.Mean, 1.0/3) || !(0 <= c.CILow && c.CILow < c.Mean && c.Mean < c.CIHigh && c.CIHigh <= 1) {
		t.Errorf("%s [%v, %v] around %v; want the crossed bootstrap, within [0, 1], around 1/3", c.CIMethod, c.CILow, c.CIHigh, c.Mean)
	}
}
