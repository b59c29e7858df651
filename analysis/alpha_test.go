package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// judged is a verdict of judge on question q (item q of protocol debate,
// task t): the answer chosen, or transcript.Unparsed.
func judged(judge, q string, answer int) transcript.Episode {
	return episode("debate", "debate", "t", judge, q, "correct-first", answer, "")
}

// TestAlphaByHand: four items of three judges, computed by hand.
// Coincidences (each ordered pair of an item's verdicts weighs 1/(m − 1)):
// q1 0,0,0 adds 3 to o00; q2 0,1 adds 1 to o01 and o10; q3 1,1,0 adds 1
// to o11, o10 and o01; q4 1,1 adds 2 to o11. So o00 = 3, o01 = o10 = 2,
// o11 = 3; n0 = n1 = 5, n = 10; α = 1 − 9·4 / (100 − 25 − 25) = 0.28. Of
// the 8 pairs of verdicts on an item, 5 agree (3 in q1, 1 in q3, 1 in q4).
func TestAlphaByHand(t *testing.T) {
	eps := []transcript.Episode{
		judged("a", "q1", 0), judged("b", "q1", 0), judged("c", "q1", 0),
		judged("a", "q2", 0), judged("b", "q2", 1),
		judged("a", "q3", 1), judged("b", "q3", 1), judged("c", "q3", 0),
		judged("b", "q4", 1), judged("c", "q4", 1),
		// Lone: one parsed verdict; unparsed: left out; a's second verdict
		// of q1 (a record written twice) is passed over; failed: no item.
		judged("a", "q5", 1), judged("b", "q5", transcript.Unparsed),
		judged("a", "q1", 1),
		episode("debate", "debate", "t", "c", "q2", "correct-first", 1, "timeout"),
	}
	got := JudgeReliability(eps)
	if !got.AlphaDefined || math.Abs(got.Alpha-0.28) > 1e-12 {
		t.Errorf("alpha %v (defined %v); want 0.28", got.Alpha, got.AlphaDefined)
	}
	if got.Items != 4 || got.Verdicts != 10 || got.Lone != 1 || got.Unparsed != 1 || math.Abs(got.Agreement-0.625) > 1e-12 {
		t.Errorf("items %d, verdicts %d, lone %d, unparsed %d, agreement %v; want 4, 10, 1, 1, 0.625",
			got.Items, got.Verdicts, got.Lone, got.Unparsed, got.Agreement)
	}
	if !slices.Equal(got.Judges, []string{"a", "b", "c"}) {
		t.Errorf("judges %v; want [a b c]", got.Judges)
	}
}

// TestAlphaOfTwoJudgesIsScottsPi: with two judges and every item judged
// by both, α = 1 − (1 − π)·(2N − 1)/(2N), π being Scott's pi (chance
// agreement from the two judges' labels pooled), computed here apart.
func TestAlphaOfTwoJudgesIsScottsPi(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for trial := range 20 {
		n := 5 + r.IntN(60)
		var eps []transcript.Episode
		agree, ones := 0, 0
		for i := range n {
			q := fmt.Sprintf("q%d", i)
			a := r.IntN(2)
			b := a
			if r.Float64() < 0.3 {
				b = 1 - a
			}
			eps = append(eps, judged("x", q, a), judged("y", q, b))
			agree += b2i(a == b)
			ones += a + b
		}
		po := float64(agree) / float64(n)
		p1 := float64(ones) / float64(2*n)
		pe := p1*p1 + (1-p1)*(1-p1)
		got := JudgeReliability(eps)
		if pe == 1 {
			if got.AlphaDefined {
				t.Errorf("trial %d: every verdict one label, alpha %v defined", trial, got.Alpha)
			}
			continue
		}
		pi := (po - pe) / (1 - pe)
		want := 1 - (1-pi)*float64(2*n-1)/float64(2*n)
		if !got.AlphaDefined || math.Abs(got.Alpha-want) > 1e-12 {
			t.Errorf("trial %d (%d items): alpha %v; want %v from Scott's pi %v", trial, n, got.Alpha, want, pi)
		}
	}
}

// TestAlphaAgainstItsDefinition: on random verdicts of three to six
// judges, some items judged by few of them, some verdicts unparsed, α
// equals 1 − D_o/D_e computed from the definition, value by value: D_o
// the mean over the pairable values of the share of the other values of
// their item that differ, D_e the share of all pairs of distinct pairable
// values (from any items) that differ.
func TestAlphaAgainstItsDefinition(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	checked := 0
	for trial := range 30 {
		judges := 3 + r.IntN(4)
		labels := 2 + r.IntN(2) // answers 0 and 1, or those and a grade's label
		var eps []transcript.Episode
		var units [][]int
		for i := range 4 + r.IntN(40) {
			q := fmt.Sprintf("q%d", i)
			var unit []int
			for j := range judges {
				if r.Float64() < 0.35 {
					continue
				}
				v := r.IntN(labels)
				if r.Float64() < 0.05 {
					v = transcript.Unparsed
				}
				ep := judged(fmt.Sprintf("j%d", j), q, min(v, 1))
				if v == 2 {
					ep.Verdict.Answer = 0 // a grade: the label said() gives it
					ep.Graded = &transcript.Graded{Call: transcript.GradeCorrect}
				}
				eps = append(eps, ep)
				if v != transcript.Unparsed {
					unit = append(unit, v)
				}
			}
			if len(unit) >= 2 {
				units = append(units, unit)
			}
		}
		var all []int
		for _, u := range units {
			all = append(all, u...)
		}
		n := float64(len(all))
		var do float64
		for _, u := range units {
			for i := range u {
				for j := range u {
					if i != j && u[i] != u[j] {
						do += 1 / float64(len(u)-1)
					}
				}
			}
		}
		do /= n
		var de float64
		for i := range all {
			for j := range all {
				if i != j && all[i] != all[j] {
					de++
				}
			}
		}
		de /= n * (n - 1)
		got := JudgeReliability(eps)
		mixed := labels == 3 && slices.Contains(all, 2) && slices.ContainsFunc(all, func(v int) bool { return v < 2 })
		switch {
		case mixed:
			if !got.Mixed || got.AlphaDefined {
				t.Errorf("trial %d: grades and chosen answers pooled, alpha %v (mixed %v)", trial, got.Alpha, got.Mixed)
			}
		case len(units) == 0 || de == 0:
			if got.AlphaDefined {
				t.Errorf("trial %d: no disagreement to expect, alpha %v defined", trial, got.Alpha)
			}
		case !got.AlphaDefined || math.Abs(got.Alpha-(1-do/de)) > 1e-9:
			t.Errorf("trial %d: alpha %v; want %v (D_o %v, D_e %v)", trial, got.Alpha, 1-do/de, do, de)
		default:
			checked++
		}
		if got.Items != len(units) || got.Verdicts != len(all) {
			t.Errorf("trial %d: %d items, %d verdicts; want %d, %d", trial, got.Items, got.Verdicts, len(units), len(all))
		}
	}
	if checked < 10 {
		t.Errorf("alpha checked against its definition in %d trials of 30; want 10 or more", checked)
	}
}

// TestAlphaReadsAnswersByText: a run that holds a question's answers the
// other way round (played at another seed) chose the same answer when it
// chose the same text, whatever its index.
func TestAlphaReadsAnswersByText(t *testing.T) {
	var eps []transcript.Episode
	for i := range 6 {
		q := fmt.Sprintf("q%d", i)
		a := judged("a", q, i%2)
		b := judged("b", q, 1-i%2)
		b.Answers = [2]string{a.Answers[1], a.Answers[0]}
		eps = append(eps, a, b)
	}
	got := JudgeReliability(eps)
	if got.Agreement != 1 || !got.AlphaDefined || got.Alpha != 1 {
		t.Errorf("agreement %v, alpha %v; want both 1: each chose the same answer's text", got.Agreement, got.Alpha)
	}
}

// TestAlphaInterval: the bootstrap over questions brackets alpha, is the
// same on every call, and is left out with one question or one label.
func TestAlphaInterval(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var eps []transcript.Episode
	for i := range 80 {
		q := fmt.Sprintf("q%d", i)
		truth := r.IntN(2)
		for _, j := range []string{"a", "b", "c"} {
			v := truth
			if r.Float64() < 0.2 {
				v = 1 - v
			}
			eps = append(eps, judged(j, q, v))
		}
	}
	got := JudgeReliability(eps)
	ci := got.AlphaCI
	if ci == nil || !(ci.CILow < got.Alpha && got.Alpha < ci.CIHigh) || ci.CIMethod != MethodBootstrap {
		t.Fatalf("alpha %v, interval %+v; want a bootstrap interval around it", got.Alpha, ci)
	}
	if again := JudgeReliability(eps).AlphaCI; *again != *ci {
		t.Errorf("interval %+v, then %+v", *ci, *again)
	}
	one := JudgeReliability([]transcript.Episode{judged("a", "q", 0), judged("b", "q", 1), judged("c", "q", 1)})
	if !one.AlphaDefined || one.AlphaCI != nil {
		t.Errorf("one question: alpha %v (defined %v), interval %+v; want alpha and no interval", one.Alpha, one.AlphaDefined, one.AlphaCI)
	}
}

// TestAlphaIntervalCoverage: three judges who each see the truth with
// chance q and else guess, each judging an item with chance 0.8, have a
// population alpha of q² (two values agree with chance q² + (1 − q²)/2,
// labels fall half and half, so D_e = ½ and D_o = (1 − q²)/2). Over
// 1,000 studies of 100 questions the bootstrap interval covers it about
// 95% of the time.
func TestAlphaIntervalCoverage(t *testing.T) {
	t.Parallel()
	const q, questions = 0.7, 100
	r := rand.New(rand.NewPCG(12, 13))
	checkCoverage(t, fmt.Sprintf("alpha %.2f, %d questions", q*q, questions), 1000, 0.92, 0.97, func(s int) bool {
		byQuestion := map[string]*coincidences{}
		for i := range questions {
			truth := r.IntN(2)
			var labels []int
			for range 3 {
				if r.Float64() >= 0.8 {
					continue
				}
				v := truth
				if r.Float64() >= q {
					v = r.IntN(2)
				}
				labels = append(labels, v)
			}
			if len(labels) < 2 {
				continue
			}
			c := &coincidences{}
			c.addItem(labels)
			byQuestion[fmt.Sprint(i)] = c
		}
		ci := bootstrapCounts(byQuestion, coverageResamples, uint64(s), (*coincidences).plus, (*coincidences).alpha)
		return ci != nil && ci.CILow <= q*q && q*q <= ci.CIHigh
	})
}
