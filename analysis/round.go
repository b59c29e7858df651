package analysis

import (
	"encoding/json"
	"math"
)

// Round rounds the floats of a comparison to four decimal places, as
// summary.json has them: a comparison made outside a summary (moot
// compare) is rounded so too, so that one interval prints alike
// everywhere (11.351 points rounded once to 11.4, not to 0.1135 and then
// 11.3 in one place and 11.4 in another). The accuracies and difference
// as they were are kept in Exact, where a table finds them.
func (p *Paired) Round() {
	if p.Exact == nil {
		p.Exact = &[3]float64{p.AccuracyA, p.AccuracyB, p.Difference}
	}
	for _, x := range []*float64{&p.AccuracyA, &p.AccuracyB, &p.Difference, &p.CILow, &p.CIHigh, &p.PValue} {
		*x = round4(*x)
	}
	if a := p.Agreement; a != nil {
		a.Agreement, a.Kappa = round4(a.Agreement), round4(a.Kappa)
	}
}

// roundFloats rounds every float of s to four decimal places, the one place
// where this happens, so that summary.json is stable and readable.
func roundFloats(s *Summary) {
	r := func(xs ...*float64) {
		for _, x := range xs {
			*x = round4(*x)
		}
	}
	for i := range s.Cells {
		c := &s.Cells[i]
		r(&c.Accuracy, &c.CILow, &c.CIHigh)
		for j := range c.Breakdown {
			p := &c.Breakdown[j]
			r(&p.Accuracy, &p.CILow, &p.CIHigh)
		}
		if p := c.Position; p != nil {
			r(&p.Consistency)
			if p.FirstSlotPreference != nil {
				r(p.FirstSlotPreference)
			}
			for j := range p.PairAccuracy {
				r(&p.PairAccuracy[j].Accuracy)
			}
		}
		if k := c.Calibration; k != nil {
			r(&k.MeanConfidence, &k.MeanPCorrect, &k.Accuracy, &k.Brier, &k.ECE)
			for j := range k.Bins {
				bin := &k.Bins[j]
				r(&bin.Lo, &bin.Hi, &bin.Confidence, &bin.Accuracy)
			}
		}
		for j := range c.ByRound {
			r(&c.ByRound[j].Accuracy, &c.ByRound[j].CILow, &c.ByRound[j].CIHigh)
		}
		for j := range c.Debaters {
			for _, x := range []*float64{c.Debaters[j].CorrectWinRate, c.Debaters[j].IncorrectWinRate} {
				if x != nil {
					r(x)
				}
			}
		}
		if g := c.Grading; g != nil {
			r(&g.BaseRate, &g.SaidCorrect, &g.Agreement, &g.Kappa, &g.Leniency, &g.LeniencyLow, &g.LeniencyHigh,
				&g.Strictness, &g.StrictnessLow, &g.StrictnessHigh, &g.Tau, &g.TauLow, &g.TauHigh)
			for j := range g.ExamTakers {
				r(&g.ExamTakers[j].Accuracy, &g.ExamTakers[j].Judged)
			}
		}
		if f := c.Reference; f != nil {
			r(&f.Accuracy, &f.Right.Accuracy, &f.Right.CILow, &f.Right.CIHigh, &f.Wrong.Accuracy, &f.Wrong.CILow, &f.Wrong.CIHigh)
		}
	}
	for i := range s.Comparisons {
		s.Comparisons[i].Round()
	}
	for i := range s.Elo {
		r(&s.Elo[i].Rating, &s.Elo[i].CILow, &s.Elo[i].CIHigh)
	}
	for i := range s.EloAccuracy {
		r(&s.EloAccuracy[i].Elo, &s.EloAccuracy[i].Accuracy)
	}
	s.Usage.round()
}

func roundSweep(s *SweepSummary) {
	for i := range s.Lines {
		for j := range s.Lines[i].Points {
			p := &s.Lines[i].Points[j]
			p.Accuracy, p.CILow, p.CIHigh = round4(p.Accuracy), round4(p.CILow), round4(p.CIHigh)
		}
		if c := s.Lines[i].Contrast; c != nil {
			c.Round()
		}
	}
}

// round4 rounds x to four decimal places; a value that rounds to zero
// is zero, never −0 (a difference of two equal means, one a hair below
// the other, read −0.0).
func round4(x float64) float64 {
	if r := math.Round(x*1e4) / 1e4; r != 0 {
		return r
	}
	return 0
}

// A replicated run's means over seeds, their SDs, ranges and intervals
// are kept to nine places (nine), and rounded to four only where
// summary.json is written (the MarshalJSON methods below): a mean of
// exact accuracies is no fraction a table could recover from four places,
// so one rounded there and again to a table's one place read off (three
// seeds' contrasts +1/23, −1/23, −1/23: a mean of −1.449 points, −0.0145
// in four places, shown −1.5). Tables made from summary.json's numbers
// alone would round twice: moot table and moot report summarize a
// replicated run's transcripts again instead.

// MarshalJSON writes c with its statistics over seeds rounded.
func (c ReplicateCell) MarshalJSON() ([]byte, error) {
	type plain ReplicateCell
	c.Min, c.Max = round4(c.Min), round4(c.Max)
	c.Mean, c.SD, c.CILow, c.CIHigh = round4(c.Mean), round4(c.SD), round4(c.CILow), round4(c.CIHigh)
	return json.Marshal(plain(c))
}

// MarshalJSON writes c with its statistics over seeds rounded.
func (c ReplicateComparison) MarshalJSON() ([]byte, error) {
	type plain ReplicateComparison
	c.OverSeeds.round()
	return json.Marshal(plain(c))
}

// MarshalJSON writes p with its statistics over seeds rounded.
func (p ReplicatePoint) MarshalJSON() ([]byte, error) {
	type plain ReplicatePoint
	p.OverSeeds.round()
	return json.Marshal(plain(p))
}

// nine rounds x to nine places: past the last bits that a float's sum
// leaves (two seeds' accuracies 24/40 and 23/40 sum to a mean of
// 0.58749999…, which a table would show as 58.7% where 47/80 shows 58.8%,
// as one run's 47 of 80 does), short of any digit a table or summary.json
// shows. A fraction with a denominator q under 10,000 (ten seeds of 800
// episodes each) that is not on a tie of a table's one place of a percent
// lies at least 1/(2,000·q) from it, and from one of summary.json's four
// places at least 1/(20,000·q) = 5·10⁻⁹, ten times what rounding to nine
// places moves it: none is moved across. (A mean of accuracies over
// seeds whose counts differ, after failures, has a denominator up to
// R·lcm(n₁…n_R), which may pass 10,000; one is then moved across only
// where it lies within 5·10⁻¹⁰ of a tie, about once in a million.)
func nine(x float64) float64 {
	if r := math.Round(x*1e9) / 1e9; r != 0 {
		return r
	}
	return 0
}

func (o *OverSeeds) round() {
	o.Mean, o.SD, o.CILow, o.CIHigh = round4(o.Mean), round4(o.SD), round4(o.CILow), round4(o.CIHigh)
}
