package analysis

import (
	"bytes"
	"encoding/json"
	"math"
	"math/big"
	"strconv"
)

// Round rounds the floats of a comparison as a summary made in this
// process has them: to nine places (nine), past a float sum's last bits,
// and summary.json rounds them to four as it writes them (MarshalJSON), so
// that a table rounds each once (a bound of 0.113549 reads 11.4 rounded
// once, 11.3 from four places, 0.1135). The accuracies and difference as
// they were are kept in Exact, where a table finds them.
func (p *Paired) Round() { p.round(nine) }

func (p *Paired) round(f func(float64) float64) {
	if p.Exact == nil {
		p.Exact = &[3]float64{p.AccuracyA, p.AccuracyB, p.Difference}
	}
	for _, x := range []*float64{&p.AccuracyA, &p.AccuracyB, &p.Difference, &p.CILow, &p.CIHigh, &p.PValue} {
		*x = f(*x)
	}
	p.PHolm = roundedOf(p.PHolm, f) // a copy: the summary this one was copied from shares the pointer
	if a := p.Agreement; a != nil {
		a.Agreement, a.Kappa = f(a.Agreement), f(a.Kappa)
		if ci := a.KappaCI; ci != nil {
			ci.CILow, ci.CIHigh = f(ci.CILow), f(ci.CIHigh)
		}
	}
}

// roundFloats rounds every float of s with f, the one place where this
// happens: to nine places (nine) in a summary made in this process, which
// tables read; to four (round4) where summary.json is written, so that it
// is stable and readable (MarshalJSON).
func roundFloats(s *Summary, f func(float64) float64) {
	r := func(xs ...*float64) {
		for _, x := range xs {
			*x = f(*x)
		}
	}
	for i := range s.Cells {
		roundCell(&s.Cells[i], r)
	}
	for i := range s.Comparisons {
		s.Comparisons[i].round(f)
	}
	for i := range s.Elo {
		r(&s.Elo[i].Rating, &s.Elo[i].CILow, &s.Elo[i].CIHigh)
	}
	for i := range s.EloAccuracy {
		r(&s.EloAccuracy[i].Elo, &s.EloAccuracy[i].Accuracy)
	}
	s.Usage.round()
}

// roundCell rounds every float of c with r.
func roundCell(c *Cell, r func(xs ...*float64)) {
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
		for _, ci := range []*Interval{p.ConsistencyCI, p.FirstSlotCI} {
			if ci != nil {
				r(&ci.CILow, &ci.CIHigh)
			}
		}
		for j := range p.PairAccuracy {
			pa := &p.PairAccuracy[j]
			r(&pa.Accuracy)
			if pa.CI != nil {
				r(&pa.CI.CILow, &pa.CI.CIHigh)
			}
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
		r(&g.BaseRate, &g.SaidCorrect, &g.Agreement, &g.Kappa, &g.Leniency, &g.Strictness, &g.Tau)
		for _, ci := range []*Interval{g.KappaCI, g.LeniencyCI, g.StrictnessCI, g.TauCI} {
			if ci != nil {
				r(&ci.CILow, &ci.CIHigh)
			}
		}
		for j := range g.ExamTakers {
			r(&g.ExamTakers[j].Accuracy, &g.ExamTakers[j].Judged)
		}
	}
	if f := c.Reference; f != nil {
		r(&f.Accuracy, &f.Right.Accuracy, &f.Right.CILow, &f.Right.CIHigh, &f.Wrong.Accuracy, &f.Wrong.CILow, &f.Wrong.CIHigh)
	}
	if t := c.JudgeTime; t != nil {
		for _, ts := range []*TimeStats{&t.Wall, t.Active} {
			if ts != nil {
				r(&ts.Median, &ts.Q1, &ts.Q3, &ts.Mean)
			}
		}
	}
}

func roundSweep(s *SweepSummary, f func(float64) float64) {
	for i := range s.Cells {
		c := &s.Cells[i]
		c.Accuracy, c.CILow, c.CIHigh = f(c.Accuracy), f(c.CILow), f(c.CIHigh)
	}
	for i := range s.Lines {
		for j := range s.Lines[i].Points {
			p := &s.Lines[i].Points[j]
			p.Accuracy, p.CILow, p.CIHigh = f(p.Accuracy), f(p.CILow), f(p.CIHigh)
		}
		if c := s.Lines[i].Contrast; c != nil {
			c.round(f)
		}
	}
}

// plainSummary is Summary without its MarshalJSON.
type plainSummary Summary

// MarshalJSON writes s as summary.json has it: every float rounded to
// four places, where s keeps nine (Written).
func (s Summary) MarshalJSON() ([]byte, error) {
	four, err := written(s)
	if err != nil {
		return nil, err
	}
	return MarshalUnescaped(plainSummary(four))
}

// Written is s as summary.json writes it: a copy with every float rounded
// to four places (roundFloats), for what writes a part of it as JSON.
func Written(s Summary) Summary {
	four, err := written(s)
	if err != nil {
		panic(err) // a Summary is made of what JSON writes and reads back
	}
	return four
}

func written(s Summary) (Summary, error) {
	data, err := json.Marshal(plainSummary(s))
	if err != nil {
		return Summary{}, err
	}
	var c plainSummary // a deep copy, through the JSON it is written as
	if err := json.Unmarshal(data, &c); err != nil {
		return Summary{}, err
	}
	four := Summary(c)
	roundFloats(&four, round4)
	// A rating is rounded once, to two places, from s's: not from the
	// four places just written (1459.814986 read 1459.8150, then 1459.82).
	for i := range four.Elo {
		e, was := &four.Elo[i], s.Elo[i]
		e.Rating, e.CILow, e.CIHigh = RoundElo(was.Rating), RoundElo(was.CILow), RoundElo(was.CIHigh)
	}
	for i := range four.EloAccuracy {
		four.EloAccuracy[i].Elo = RoundElo(s.EloAccuracy[i].Elo)
	}
	if four.Sweep != nil {
		roundSweep(four.Sweep, round4)
	}
	return four, nil
}

// Round4 is x to four places, as summary.json writes every number
// (round4), for a command's own JSON of a summary's numbers.
func Round4(x float64) float64 { return round4(x) }

// RoundElo is an Elo rating or bound as summary.json writes it: to two
// places, where every other number has four. A rating is a fit of
// transcendental functions, whose last bits differ between machines (an
// arm64 one fuses a multiply and an add, and has its own exp); at four
// places of a number near 1,000 those bits reach the written digit now
// and then (a bound of 1145.52865 read 1145.5287 on amd64 and 1145.5286
// on arm64), at two places a hundred times less often. Tables show whole
// points.
func RoundElo(x float64) float64 { return roundPlaces(x, 2) }

// round4 rounds x to four decimal places (roundPlaces).
func round4(x float64) float64 { return roundPlaces(x, 4) }

// roundP rounds a p-value as summary.json writes it: to four places, as
// every number, but where that leaves 0 of a p above it (a t test's p can
// be far below a permutation test's floor of 1/10,001) to four significant
// digits, so that the file says how small it is and not that it is 0.
func roundP(p float64) float64 {
	if r := round4(p); r != 0 || p <= 0 {
		return r
	}
	return significant(p, 4)
}

// significant rounds x to n significant digits.
func significant(x float64, n int) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', n, 64), 64)
	return r
}

// roundedOf is *x rounded with f, a copy; nil stays nil.
func roundedOf(x *float64, f func(float64) float64) *float64 {
	if x == nil {
		return nil
	}
	r := f(*x)
	return &r
}

// roundPlaces rounds x to places decimal places, a half away from zero,
// as the number x's shortest decimal form writes: 69/800 is 0.08625, whose
// nearest float lies a hair below it, so that math.Round(x·10⁴) gave
// 0.0862 (0.08625·10⁴ = 862.4999…) where the rule gives 0.0863. A value
// that rounds to zero is zero, never −0 (a difference of two equal means,
// one a hair below the other, read −0.0); an infinity or NaN is kept.
func roundPlaces(x float64, places int) float64 {
	switch {
	case x == 0:
		return 0
	case math.IsInf(x, 0) || math.IsNaN(x):
		return x
	}
	pow := math.Pow10(places)
	// Below 2³², y's rounding error (an ulp, under 10⁻⁶) cannot carry it
	// across the window about a half; above, it is read exactly.
	if y := math.Abs(x) * pow; y < 1<<32 {
		if _, frac := math.Modf(y); math.Abs(frac-0.5) > 1e-6 {
			// Not near a half: the float's rounding is the rule's.
			if out := math.Round(y) / pow; out != 0 {
				return math.Copysign(out, x)
			}
			return 0
		}
	}
	r, _ := new(big.Rat).SetString(strconv.FormatFloat(math.Abs(x), 'g', -1, 64))
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	r.Mul(r, new(big.Rat).SetInt(scale))
	r.Add(r, big.NewRat(1, 2))
	whole := new(big.Int).Quo(r.Num(), r.Denom()) // floor, r being positive
	out, _ := new(big.Rat).SetFrac(whole, scale).Float64()
	if out == 0 {
		return 0
	}
	return math.Copysign(out, x)
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

// MarshalJSON writes c with its statistics over seeds rounded, and each
// seed's accuracy as its summary.json has it.
func (c ReplicateCell) MarshalJSON() ([]byte, error) {
	type plain ReplicateCell
	c.Accuracy = roundAll4(c.Accuracy)
	c.Min, c.Max = round4(c.Min), round4(c.Max)
	c.Mean, c.SD, c.CILow, c.CIHigh = round4(c.Mean), round4(c.SD), round4(c.CILow), round4(c.CIHigh)
	return MarshalUnescaped(plain(c))
}

// MarshalJSON writes f with its statistics over seeds rounded, and each
// seed's value as its summary.json has it.
func (f SeedFigure) MarshalJSON() ([]byte, error) {
	type plain SeedFigure
	f.Values = roundAll4(f.Values)
	f.OverSeeds.round()
	return MarshalUnescaped(plain(f))
}

// MarshalJSON writes c with its statistics over seeds rounded.
func (c ReplicateComparison) MarshalJSON() ([]byte, error) {
	type plain ReplicateComparison
	c.Difference = roundAll4(c.Difference)
	c.OverSeeds.round()
	c.PValue, c.PHolm = roundedOf(c.PValue, roundP), roundedOf(c.PHolm, roundP)
	return MarshalUnescaped(plain(c))
}

// MarshalJSON writes p with its statistics over seeds rounded.
func (p ReplicatePoint) MarshalJSON() ([]byte, error) {
	type plain ReplicatePoint
	p.Accuracy = roundAll4(p.Accuracy)
	p.OverSeeds.round()
	return MarshalUnescaped(plain(p))
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

// nineDigits rounds a p-value to nine significant digits, where nine
// rounds to nine places: past a float computation's last bits as nine
// is, without rounding to 0 a t test's p below 5·10⁻¹⁰ (t = 57 at 11
// degrees of freedom gives 5.8·10⁻¹⁵), which summary.json keeps to four
// significant digits (roundP) and the tables print "< 0.0001".
func nineDigits(p float64) float64 {
	if p == 0 || math.IsInf(p, 0) || math.IsNaN(p) {
		return p
	}
	return significant(p, 9)
}

func (o *OverSeeds) round() {
	o.Mean, o.SD, o.CILow, o.CIHigh = round4(o.Mean), round4(o.SD), round4(o.CILow), round4(o.CIHigh)
}

// roundAll4 is xs, each rounded to four places, in a new slice.
func roundAll4(xs []float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = round4(x)
	}
	return out
}

// MarshalUnescaped is json.Marshal without its escaping of <, > and &,
// for a MarshalJSON whose output the encoder of summary.json, which
// escapes none, writes as it is: a partial reason "502 Bad Gateway: <html>"
// is written so, not "\u003chtml\u003e".
func MarshalUnescaped(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
