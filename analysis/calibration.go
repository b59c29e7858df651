package analysis

import (
	"math"

	"github.com/mootlab/moot/transcript"
)

// CalibrationBins is the number of equal-width confidence bins of a
// Calibration.
const CalibrationBins = 10

// Calibration measures how well a judge's stated probabilities match how
// often it is right. It covers the finished episodes whose verdict parsed
// and came with a probability p (Verdict.Probability, the probability of
// the chosen answer, in (0, 1]); others are left out.
type Calibration struct {
	N int `json:"n"`
	// MeanConfidence is the mean p; Accuracy is the share of these verdicts
	// that are correct.
	MeanConfidence float64 `json:"mean_confidence"`
	Accuracy       float64 `json:"accuracy"`
	// MeanPCorrect is the mean probability the judge gave the correct
	// answer: p when it chose it, 1 − p otherwise (two answers).
	MeanPCorrect float64 `json:"mean_p_correct"`
	// Brier is the Brier score of the forecast "the chosen answer is
	// correct": mean((p − correct)²), 0 best, 0.25 for always saying ½.
	// With two answers it equals mean((p_correct − 1)²); the two-class
	// Brier score that sums over both answers is twice it.
	Brier float64 `json:"brier"`
	// ECE is the expected calibration error over CalibrationBins
	// equal-width bins of p: the mean over bins, weighted by their counts,
	// of |accuracy − mean p|.
	ECE float64 `json:"ece"`
	// Bins are the non-empty bins, lowest first, for a reliability diagram.
	Bins []CalibrationBin `json:"bins"`
}

// CalibrationBin is one confidence bin [Lo, Hi) of a Calibration (the last
// bin includes 1).
type CalibrationBin struct {
	Lo         float64 `json:"lo"`
	Hi         float64 `json:"hi"`
	N          int     `json:"n"`
	Confidence float64 `json:"confidence"` // mean p
	Accuracy   float64 `json:"accuracy"`
}

// ComputeCalibration returns the calibration of the judges of eps, as one
// cell, or nil if no verdict came with a probability.
func ComputeCalibration(eps []transcript.Episode) *Calibration {
	return tallyFinished[*Calibration](&calibrationTally{}, eps)
}

// fixedOne is 1 in the fixed-point sums of calibrationTally. Integer sums
// are exact, so the result does not depend on the order of episodes, as
// float sums would in their last bits; 2⁻³² is far below the four decimals
// a Summary keeps, and 2³¹ episodes cannot overflow.
const fixedOne = 1 << 32

func toFixed(x float64) int64 { return int64(math.Round(x * fixedOne)) }

func fromFixed(s int64, n int) float64 { return float64(s) / fixedOne / float64(n) }

// ProbabilityBin is the bin, of bins equal-width bins of [0, 1], of
// probability p, the last bin holding 1. The other answer's share of a
// judge that gave 0.8, 1 − 0.8, is 0.19999999999999996 in floating point:
// it belongs with 0.2, not below it, so p·bins is moved up by 10⁻⁹ (p by
// 10⁻¹⁰ at 10 bins) before it is cut; a probability within that of an
// edge, below it, is read as the edge. The summary's calibration and the
// report's plots bin alike through it.
func ProbabilityBin(p float64, bins int) int {
	return max(0, min(int(p*float64(bins)+1e-9), bins-1))
}

// calibrationTally is the running sums of a Calibration.
type calibrationTally struct {
	n, correct           int
	confidence, pCorrect int64
	brier                int64
	bins                 [CalibrationBins]struct {
		n, correct int
		confidence int64
	}
}

// add records a finished episode.
func (t *calibrationTally) add(ep *transcript.Episode) {
	p := ep.Verdict.Probability
	if ep.Verdict.Answer == transcript.Unparsed || !(p > 0 && p <= 1) {
		return
	}
	correct := judgedCorrect(ep)
	pc, c := p, 1.0
	if !correct {
		pc, c = 1-p, 0
	}
	t.n++
	t.confidence += toFixed(p)
	t.pCorrect += toFixed(pc)
	t.brier += toFixed((p - c) * (p - c))
	bin := &t.bins[ProbabilityBin(p, CalibrationBins)]
	bin.n++
	bin.confidence += toFixed(p)
	if correct {
		t.correct++
		bin.correct++
	}
}

func (t *calibrationTally) finish() *Calibration {
	if t.n == 0 {
		return nil
	}
	c := &Calibration{
		N:              t.n,
		MeanConfidence: fromFixed(t.confidence, t.n),
		Accuracy:       ratio(t.correct, t.n),
		MeanPCorrect:   fromFixed(t.pCorrect, t.n),
		Brier:          fromFixed(t.brier, t.n),
		Bins:           []CalibrationBin{},
	}
	for i, b := range t.bins {
		if b.n == 0 {
			continue
		}
		bin := CalibrationBin{
			Lo:         float64(i) / CalibrationBins,
			Hi:         float64(i+1) / CalibrationBins,
			N:          b.n,
			Confidence: fromFixed(b.confidence, b.n),
			Accuracy:   ratio(b.correct, b.n),
		}
		c.ECE += float64(b.n) / float64(t.n) * math.Abs(bin.Accuracy-bin.Confidence)
		c.Bins = append(c.Bins, bin)
	}
	return c
}
