package analysis

import (
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// pairedStudy is a judge's verdicts on questions questions, each judged
// in both orders: its answer in the first order is a coin's, and in the
// second the same with probability consistent; a slot-A lean shows as
// the first order's verdict choosing A (answer 0, shown first) with
// probability leanA.
func pairedStudy(r *rand.Rand, questions int, consistent, leanA float64) []transcript.Episode {
	var eps []transcript.Episode
	for i := range questions {
		q := fmt.Sprintf("q%03d", i)
		first := 1
		if r.Float64() < leanA {
			first = 0
		}
		second := first
		if r.Float64() >= consistent {
			second = 1 - first
		}
		eps = append(eps,
			episode("direct", "direct", "qa", "j", q, "correct-first", first, ""),
			episode("direct", "direct", "qa", "j", q, "correct-second", second, ""))
	}
	return eps
}

// The consistency interval covers a judge's true consistency as the
// bootstrap over questions covers an accuracy of one verdict a question:
// near 95%, moving with the number of questions as any interval of a
// binomial share does (one-off runs of 1,000 studies: 93.0% at 97
// questions, 96.2% at 120 and 150).
func TestConsistencyIntervalCoverage(t *testing.T) {
	t.Parallel()
	const truth = 0.7
	r := rand.New(rand.NewPCG(2026, 14))
	checkCoverage(t, fmt.Sprintf("consistency %.2f at 101 questions", truth), 500, 0.91, 0.98, func(int) bool {
		p := Summarize("x", r.Uint64(), pairedStudy(r, 101, truth, 0.5)).Cells[0].Position
		ci := p.ConsistencyCI
		return ci != nil && ci.CIMethod == MethodBootstrap && ci.CILow <= truth && truth <= ci.CIHigh
	})
}

// The interval of a pair accuracy in halves (inconsistent-tie: a tie
// scores ½) covers its truth as consistency's does. In pairedStudy the
// first order is right half the time and the second agrees with it at
// the study's consistency: a pair is right twice at ½ × consistency, a
// tie at 1 − consistency, so its expected score is ½ whatever the
// consistency.
func TestPairAccuracyIntervalCoverage(t *testing.T) {
	t.Parallel()
	const truth = 0.5
	r := rand.New(rand.NewPCG(2026, 15))
	checkCoverage(t, fmt.Sprintf("inconsistent-tie %.2f at 101 questions", truth), 500, 0.91, 0.98, func(int) bool {
		p := Summarize("x", r.Uint64(), pairedStudy(r, 101, 0.6, 0.5)).Cells[0].Position
		ci := p.PairAccuracy[1].CI
		return p.PairAccuracy[1].Rule == RuleInconsistentTie && ci != nil && ci.CIMethod == MethodBootstrap && ci.CILow <= truth && truth <= ci.CIHigh
	})
}

// A judge that always picks slot A has a first-slot preference of 1 on
// every question: the interval is the Wilson bound over its questions,
// not over its verdicts as if independent.
func TestFirstSlotIntervalOverQuestions(t *testing.T) {
	var eps []transcript.Episode
	for i := range 20 {
		q := fmt.Sprintf("q%02d", i)
		eps = append(eps,
			episode("direct", "direct", "qa", "j", q, "correct-first", 0, ""),
			episode("direct", "direct", "qa", "j", q, "correct-second", 1, ""))
	}
	s := Summarize("x", 1, eps)
	p := s.Cells[0].Position
	lo, hi := Wilson(20, 20)
	if p == nil || p.FirstSlotCI == nil || p.FirstSlotCI.CIMethod != MethodWilsonQuestions || !near(p.FirstSlotCI.CILow, lo) || p.FirstSlotCI.CIHigh != hi {
		t.Fatalf("position %+v; want first slot 1 with Wilson over 20 questions [%.4f, %.4f]", p, lo, hi)
	}
	if ci := p.ConsistencyCI; ci == nil || ci.CIMethod != MethodWilsonQuestions || ci.CILow != 0 || !near(ci.CIHigh, 1-lo) || p.Consistency != 0 {
		t.Errorf("consistency %.2f %v; want 0 with the Wilson bound over 20 questions [0, %.4f]", p.Consistency, p.ConsistencyCI, 1-lo)
	}
	// table.csv gives both intervals last on the cell's row, and leaves
	// them empty on its parts' rows.
	out := csvOf(t, s)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) < 3 {
		t.Fatalf("table.csv %q: %v", out, err)
	}
	at := slices.Index(rows[0], "consistency_ci_low")
	wantHeader := []string{"consistency_ci_low", "consistency_ci_high", "first_slot_preference_ci_low", "first_slot_preference_ci_high"}
	wantCell := []string{"0.0000", ftoa(1 - lo), ftoa(lo), "1.0000"}
	if at < 0 || len(rows[0]) != at+13 || !slices.Equal(rows[0][at:at+4], wantHeader) || !slices.Equal(rows[1][at:at+4], wantCell) || !slices.Equal(rows[2][at:], make([]string, 13)) {
		t.Errorf("table.csv's last columns %q, %q, %q; want %q and the pair accuracies, %q and none on a part", rows[0][at:], rows[1][at:], rows[2][at:], wantHeader, wantCell)
	}
}

// csvColumns reads the CSV WriteCSV writes of s into its rows by header
// name.
func csvColumns(t *testing.T, s Summary) []map[string]string {
	t.Helper()
	return namedRows(t, csvOf(t, s))
}

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
	summary := Summarize("e", 3, q)
	one := summary.Cells[0].Position
	row := csvColumns(t, summary)[0] // the cell's own row
	for i, p := range []float64{0.5, 0.75, 0.5} {
		pa := one.PairAccuracy[i]
		n, z := 2.0, 1.959964 // the normal 97.5% quantile to six places, as moot takes it
		c := (p + z*z/(2*n)) / (1 + z*z/n)
		h := z * math.Sqrt(p*(1-p)/n+z*z/(4*n*n)) / (1 + z*z/n)
		if pa.Accuracy != p || pa.CI == nil || pa.CI.CIMethod != MethodWilson || math.Abs(pa.CI.CILow-max(0, c-h)) > 1e-9 || math.Abs(pa.CI.CIHigh-min(1, c+h)) > 1e-9 {
			t.Errorf("one question, %s: accuracy %v, interval %+v; want %v, Wilson's over 2 pairs, [%.6f, %.6f]", pa.Rule, pa.Accuracy, pa.CI, p, max(0, c-h), min(1, c+h))
		}
		// table.csv gives each rule's accuracy and interval, by its name.
		name := "pair_accuracy_" + []string{"inconsistent_wrong", "inconsistent_tie", "swap_average"}[i]
		got := []string{row[name], row[name+"_ci_low"], row[name+"_ci_high"]}
		if want := []string{ftoa(p), ftoa(max(0, c-h)), ftoa(min(1, c+h))}; !slices.Equal(got, want) {
			t.Errorf("table.csv's %s columns %q; want %q", name, got, want)
		}
	}
}
