package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestPairAccuracyIntervals: each pair rule's accuracy has an interval
// over the pairs' questions. Checked against a bootstrap written here
// from its definition — resample the questions with replacement, take the
// mean of their pairs' scores (0, ½ or 1), the 2.5% and 97.5% quantiles
// — with its own random numbers, which may differ from the summary's by
// resampling noise alone; and, for the pairs of one question, against
// Wilson's score interval of the mean score over the pairs, from the
// formula.
func TestPairAccuracyIntervals(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	var eps []transcript.Episode
	scores := map[string][3][]float64{} // by question, per rule: the pairs' scores
	for q := range 80 {
		qid := fmt.Sprintf("q%02d", q)
		for rep := range 2 {
			var pc [2]float64 // P(correct) in each order
			var answers [2]int
			for i, assignment := range []string{"correct-first", "correct-second"} {
				answer, p := 0, 0.5+0.5*r.Float64()
				if r.Float64() < 0.3 {
					answer, pc[i] = 1, 1-p
				} else {
					pc[i] = p
				}
				answers[i] = answer
				e := episode("debate", "debate", "t", "j", qid, assignment, answer, "")
				e.Repeat, e.Verdict.Probability = rep, p
				eps = append(eps, e)
			}
			s := scores[qid]
			both, tie, swap := 0.0, 0.0, 0.0
			if answers == [2]int{0, 0} {
				both, tie = 1, 1
			} else if answers[0] != answers[1] {
				tie = 0.5
			}
			if m := (pc[0] + pc[1]) / 2; m > 0.5 {
				swap = 1
			} else if m == 0.5 {
				swap = 0.5
			}
			s[0], s[1], s[2] = append(s[0], both), append(s[1], tie), append(s[2], swap)
			scores[qid] = s
		}
	}
	cell := Summarize("e", 3, eps).Cells[0]
	if cell.Position == nil || len(cell.Position.PairAccuracy) != 3 {
		t.Fatalf("position %+v; want the three rules", cell.Position)
	}
	qids := make([]string, 0, len(scores))
	for q := range scores {
		qids = append(qids, q)
	}
	slices.Sort(qids)
	for i, pa := range cell.Position.PairAccuracy {
		means := make([]float64, 2000)
		for b := range means {
			sum, n := 0.0, 0
			for range qids {
				for _, s := range scores[qids[r.IntN(len(qids))]][i] {
					sum, n = sum+s, n+1
				}
			}
			means[b] = sum / float64(n)
		}
		slices.Sort(means)
		lo, hi := means[49], means[1949]
		if pa.CI == nil || pa.CI.CIMethod != MethodBootstrap || math.Abs(pa.CI.CILow-lo) > 0.02 || math.Abs(pa.CI.CIHigh-hi) > 0.02 {
			t.Errorf("%s: accuracy %.4f, interval %+v; want about [%.4f, %.4f], the bootstrap over questions", pa.Rule, pa.Accuracy, pa.CI, lo, hi)
		}
	}

	// The pairs of one question: Wilson of the mean score over the pairs.
	// Repeat 0 right in both orders (every rule 1); repeat 1 right with
	// 0.6, then wrong with 0.9: inconsistent (0, a tie ½), mean P(correct)
	// 0.35 (0).
	var q []transcript.Episode
	for _, v := range []struct {
		rep, answer int
		assignment  string
		p           float64
	}{{0, 0, "correct-first", 0.9}, {0, 0, "correct-second", 0.8}, {1, 0, "correct-first", 0.6}, {1, 1, "correct-second", 0.9}} {
		e := episode("debate", "debate", "t", "j", "q", v.assignment, v.answer, "")
		e.Repeat, e.Verdict.Probability = v.rep, v.p
		q = append(q, e)
	}
	one := Summarize("e", 3, q).Cells[0].Position
	for i, p := range []float64{0.5, 0.75, 0.5} {
		pa := one.PairAccuracy[i]
		n, z := 2.0, 1.959964 // the normal 97.5% quantile to six places, as moot takes it
		c := (p + z*z/(2*n)) / (1 + z*z/n)
		h := z * math.Sqrt(p*(1-p)/n+z*z/(4*n*n)) / (1 + z*z/n)
		if pa.Accuracy != p || pa.CI == nil || pa.CI.CIMethod != MethodWilson || math.Abs(pa.CI.CILow-max(0, c-h)) > 1e-9 || math.Abs(pa.CI.CIHigh-min(1, c+h)) > 1e-9 {
			t.Errorf("one question, %s: accuracy %v, interval %+v; want %v, Wilson's over 2 pairs, [%.6f, %.6f]", pa.Rule, pa.Accuracy, pa.CI, p, max(0, c-h), min(1, c+h))
		}
	}
}
