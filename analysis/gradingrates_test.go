package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestGradingRateIntervalsAgainstABootstrapWrittenApart: three exam-takers
// answer each of 40 questions, so leniency's and strictness's intervals
// are the bootstrap over the questions. Each is checked against a
// percentile bootstrap written here from its definition — draw 40
// questions with replacement, each with all its answers; leniency is the
// share of the drawn wrong answers called correct, strictness the share
// of the drawn right answers called incorrect; the 2.5% and 97.5%
// quantiles of 20,000 draws — within the Monte Carlo error of the
// package's 2,000 (the bounds of a share over about 40 questions move by
// well under 0.02 between draws of 2,000). The rates are far from ½
// (leniency about 0.3, strictness about 0.1), so that an interval of the
// other share, 1 − leniency or 1 − strictness, is far off: until this
// test, the intervals' values were checked only where they are Wilson's,
// and a tally that counted the wrong calls passed every test.
func TestGradingRateIntervalsAgainstABootstrapWrittenApart(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	type answer struct{ right, saidCorrect bool }
	var eps []transcript.Episode
	questions := make([][]answer, 40)
	for q := range questions {
		for k := range 3 {
			right := r.Float64() < 0.6
			saidCorrect := r.Float64() < 0.3 // a wrong answer called correct
			if right {
				saidCorrect = r.Float64() >= 0.1 // a right one called incorrect
			}
			call := transcript.GradeIncorrect
			if saidCorrect {
				call = transcript.GradeCorrect
			}
			questions[q] = append(questions[q], answer{right, saidCorrect})
			eps = append(eps, graded(fmt.Sprintf("q%02d", q), fmt.Sprint("taker-", k), right, call))
		}
	}
	g := Summarize("x", 5, eps).Cells[0].Grading
	// The rates of the draw, from the answers of the questions drawn.
	rates := func(draw []int) (leniency, strictness float64) {
		var wrong, lenient, right, strict int
		for _, q := range draw {
			for _, a := range questions[q] {
				switch {
				case a.right:
					right++
					if !a.saidCorrect {
						strict++
					}
				default:
					wrong++
					if a.saidCorrect {
						lenient++
					}
				}
			}
		}
		return float64(lenient) / float64(wrong), float64(strict) / float64(right)
	}
	all := make([]int, len(questions))
	for q := range all {
		all[q] = q
	}
	leniency, strictness := rates(all)
	if math.Abs(g.Leniency-leniency) > 1e-9 || math.Abs(g.Strictness-strictness) > 1e-9 {
		t.Fatalf("leniency %v, strictness %v; want %v, %v", g.Leniency, g.Strictness, leniency, strictness)
	}
	var lenDraws, strictDraws []float64
	draws := rand.New(rand.NewPCG(77, 78))
	draw := make([]int, len(questions))
	for range 20000 {
		for i := range draw {
			draw[i] = draws.IntN(len(questions))
		}
		l, s := rates(draw)
		lenDraws, strictDraws = append(lenDraws, l), append(strictDraws, s)
	}
	for _, c := range []struct {
		name     string
		estimate float64
		got      *Interval
		draws    []float64
	}{{"leniency", leniency, g.LeniencyCI, lenDraws}, {"strictness", strictness, g.StrictnessCI, strictDraws}} {
		slices.Sort(c.draws)
		lo, hi := typeSevenQuantile(c.draws, 0.025), typeSevenQuantile(c.draws, 0.975)
		if c.got == nil || c.got.CIMethod != MethodBootstrap || math.Abs(c.got.CILow-lo) > 0.02 || math.Abs(c.got.CIHigh-hi) > 0.02 ||
			!(c.got.CILow <= c.estimate && c.estimate <= c.got.CIHigh) {
			t.Errorf("%s %.4f: interval %+v; want about [%.4f, %.4f], the bootstrap over the questions written apart", c.name, c.estimate, c.got, lo, hi)
		}
	}
}

// typeSevenQuantile is the p-quantile of sorted by linear interpolation
// between order statistics (Hyndman & Fan 1996, type 7), written apart
// from the package's.
func typeSevenQuantile(sorted []float64, p float64) float64 {
	h := p * float64(len(sorted)-1)
	lo := math.Floor(h)
	hi := math.Min(lo+1, float64(len(sorted)-1))
	return sorted[int(lo)] + (h-lo)*(sorted[int(hi)]-sorted[int(lo)])
}

// TestTauLeavesOutAnExamTakerWithNoAnswer: a resample of the questions can
// draw none that an exam-taker answered (one graded on few questions,
// its other grades unparsed), and tau is then of the others alone, as
// Grading.Tau documents. Worked by hand: A right on 3 of 4 and called
// correct on all 4, B right on 2 of 4 and called correct on none; A is
// above B in both rankings, one concordant pair, tau 1. Counted as 0 of
// 0 — truth 0, judged 0 — the absent C would tie B as judged and add two
// pairs, one concordant (A, C) and one tied in the judging (B, C):
// tau-b 2/√6 ≈ 0.816.
func TestTauLeavesOutAnExamTakerWithNoAnswer(t *testing.T) {
	totals := []takerCount{{n: 4, right: 3, said: 4}, {n: 4, right: 2, said: 0}, {}}
	if tau, ok := takerTau(totals); !ok || tau != 1 {
		t.Errorf("tau %v (defined %v); want 1, of A and B alone", tau, ok)
	}
	// A resample with B absent too leaves one exam-taker: no pair, no tau.
	if tau, ok := takerTau([]takerCount{{n: 4, right: 3, said: 4}, {}, {}}); ok {
		t.Errorf("one exam-taker present: tau %v; want undefined", tau)
	}
}
