package analysis

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/mootlab/moot/transcript"
)

func TestComputeCalibration(t *testing.T) {
	ep := func(p float64, correct bool) transcript.Episode {
		answer := 1
		if correct {
			answer = 0
		}
		e := episode("naive", "direct", "t", "j", "q", "", answer, "")
		e.Verdict.Probability = p
		return e
	}
	eps := []transcript.Episode{
		ep(0.9, true), ep(0.9, true), ep(0.9, false), ep(0.6, true), ep(0.6, false), ep(0.55, false), ep(1, true),
		ep(0, true), // no probability
	}
	unparsed := ep(0.8, false)
	unparsed.Verdict.Answer = transcript.Unparsed
	failed := ep(0.8, true)
	failed.Error = "timeout"
	eps = append(eps, unparsed, failed)

	// By hand, over the 7 verdicts with a probability:
	//   Brier: (0.01 + 0.01 + 0.81 + 0.16 + 0.36 + 0.3025 + 0)/7
	//   p_correct: (0.9 + 0.9 + 0.1 + 0.6 + 0.4 + 0.45 + 1)/7
	//   bins: [0.5, 0.6) 1 at 0.55, none right; [0.6, 0.7) 2 at 0.6, one
	//   right; [0.9, 1] 4 at 0.925, three right (1 falls in the last bin)
	//   ECE: (1·0.55 + 2·0.1 + 4·0.175)/7 = 1.45/7
	want := &Calibration{
		N:              7,
		MeanConfidence: 5.45 / 7,
		Accuracy:       4.0 / 7,
		MeanPCorrect:   4.35 / 7,
		Brier:          1.6525 / 7,
		ECE:            1.45 / 7,
		Bins: []CalibrationBin{
			{Lo: 0.5, Hi: 0.6, N: 1, Confidence: 0.55, Accuracy: 0},
			{Lo: 0.6, Hi: 0.7, N: 2, Confidence: 0.6, Accuracy: 0.5},
			{Lo: 0.9, Hi: 1, N: 4, Confidence: 0.925, Accuracy: 0.75},
		},
	}
	got := ComputeCalibration(eps)
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
		t.Errorf("calibration (-want +got):\n%s", diff)
	}
	// With two answers the Brier score is also mean((p_correct − 1)²).
	var sq float64
	for _, pc := range []float64{0.9, 0.9, 0.1, 0.6, 0.4, 0.45, 1} {
		sq += (pc - 1) * (pc - 1)
	}
	if got != nil && math.Abs(got.Brier-sq/7) > 1e-9 {
		t.Errorf("got Brier %v; want mean((p_correct − 1)²) = %v", got.Brier, sq/7)
	}
	if got := ComputeCalibration(eps[7:]); got != nil {
		t.Errorf("no probabilities: got %+v; want nil", got)
	}
}

func TestCalibrationPerfect(t *testing.T) {
	// A judge that says 0.75 and is right 3 times in 4 is calibrated.
	var eps []transcript.Episode
	for i := range 8 {
		answer := 0
		if i%4 == 3 {
			answer = 1
		}
		e := episode("naive", "direct", "t", "j", "q", "", answer, "")
		e.Verdict.Probability = 0.75
		eps = append(eps, e)
	}
	got := ComputeCalibration(eps)
	if got == nil || got.ECE > 1e-9 || math.Abs(got.Brier-0.1875) > 1e-9 {
		t.Errorf("got %+v; want ECE 0 and Brier 0.1875 (¾·¼² + ¼·¾²)", got)
	}
}

// TestProbabilityBinEdges: a probability that is an edge but for the
// last bits of floating point (1 − 0.8, the other answer's share of a
// judge that gave 0.8, as the sim judge's verdicts give it) falls in the
// bin the edge opens, as 0.2 itself does; one clearly below an edge stays
// below it, a tiny one in the first bin, 1 in the last.
func TestProbabilityBinEdges(t *testing.T) {
	one := 1.0 // a variable: 1 - 0.8 as constants is exactly 0.2
	for _, c := range []struct {
		p    float64
		bins int
		want int
	}{
		{one - 0.8, 10, 2}, {0.2, 10, 2}, {one - 0.7, 10, 3}, {one - 0.9, 10, 1}, {0.6, 10, 6},
		{0.19, 10, 1}, {0.1999999, 10, 1}, {0.999, 10, 9}, {1, 10, 9}, {0.05, 10, 0}, {1e-12, 10, 0},
		{one - 0.8, 20, 4}, {one - 0.9, 20, 2}, {one - 0.85, 20, 3}, {0.1499999, 20, 2}, {1, 20, 19},
	} {
		if got := ProbabilityBin(c.p, c.bins); got != c.want {
			t.Errorf("ProbabilityBin(%v, %d) = %d; want %d", c.p, c.bins, got, c.want)
		}
	}
}
