package analysis

import (
	"math"

	"github.com/mootlab/moot/transcript"
)

// PairedShares are p's accuracies and difference as a table shows them,
// each rounded once. Of a summary with no cells (moot compare's), as they
// were before Round (p.Exact), where p was made in this process. Of one
// with cells, as its summary.json gives them back, so that report.html,
// written from the file, shows what table.md does: kept to 4 places, each
// is recovered, where it can be, as the fraction it was (25 of 46 questions
// right reads 54.3%, as the cell's count does, where 0.5435 would read
// 54.4%). A mean over questions of each one's share of its episodes is
// k/(questions·m) where every question has m episodes, which s's cell of
// each side tells where none of its episodes failed in a run that
// finished (its episodes then a whole multiple of its questions); the
// difference is over questions·lcm(mA, mB). A value is kept as it is where
// a cell does not tell m, or the fraction's denominator passes 10,000
// (where two fractions round alike).
func PairedShares(s Summary, p Paired) (a, b, diff float64) {
	if e := p.Exact; e != nil && len(s.Cells) == 0 {
		return e[0], e[1], e[2]
	}
	per := func(k CellKey) int {
		for _, c := range s.Cells {
			if c.Key() == k {
				return perQuestion(s, c.Failed, c.N, c.Questions)
			}
		}
		return 0
	}
	return recoveredShares(p, per(p.A), per(p.B))
}

// SweepDelta is the change a sweep line's contrast shows (l.Contrast must
// not be nil), rounded once as PairedShares rounds a comparison's: each
// end's point pools its cells' episodes, so a question has the point's
// episodes over its questions there, where no cell of the line's protocol,
// task and judge had an episode fail.
func SweepDelta(s Summary, l SweepLine) float64 {
	c := *l.Contrast
	failed := 0
	for _, x := range s.Cells {
		if x.Protocol == l.Protocol && x.Task == l.Task && (l.Judge == "" || x.Judge == l.Judge) {
			failed += x.Failed
		}
	}
	per := func(cell string) int {
		for _, p := range l.Points {
			if transcript.CellName([]transcript.AxisValue{{Axis: l.Axis, Value: p.Value}}) == cell {
				return perQuestion(s, failed, p.N, p.Questions)
			}
		}
		return 0
	}
	_, _, d := recoveredShares(c, per(c.A.Cell), per(c.B.Cell))
	return d
}

// perQuestion is the episodes each question has, of n over questions, in
// a summary s: 0, not told, where the run stopped early, any episode
// failed or n is not a whole multiple of questions.
func perQuestion(s Summary, failed, n, questions int) int {
	if s.Partial != "" || failed > 0 || questions == 0 || n%questions != 0 {
		return 0
	}
	return n / questions
}

// recoveredShares are p's accuracies and difference, kept to 4 places,
// as the fractions they were where each question has ma episodes in A
// and mb in B (0: not told).
func recoveredShares(p Paired, ma, mb int) (a, b, diff float64) {
	return fractionOf(p.AccuracyA, p.Questions*ma), fractionOf(p.AccuracyB, p.Questions*mb),
		fractionOf(p.Difference, p.Questions*ma*mb/gcd(ma, mb))
}

// fractionOf is x, rounded to 4 places (as summary.json has it) or to 9
// (as a summary made in this process has it), as the fraction over d that
// rounds to it; x where d is 0 or above 10,000, or no fraction over d does.
// A summary.json written before 2026-12-05 rounded a half's float, a hair
// below it, down (69/800: 0.0862, not 0.0863): that is read too.
func fractionOf(x float64, d int) float64 {
	if d <= 0 || d > 10_000 {
		return x
	}
	if f := math.Round(x*float64(d)) / float64(d); round4(f) == x || nine(f) == x || math.Round(f*1e4)/1e4 == x {
		return f
	}
	return x
}

// gcd is the greatest common divisor of a and b, 1 where either is 0.
func gcd(a, b int) int {
	if a == 0 || b == 0 {
		return 1
	}
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
