package analysis

import (
	"math"
	"testing"
)

// TestGCD: the greatest common divisor, and 1 where either is 0.
func TestGCD(t *testing.T) {
	for _, c := range [][3]int{{12, 18, 6}, {18, 12, 6}, {7, 3, 1}, {4, 4, 4}, {0, 5, 1}, {5, 0, 1}, {0, 0, 1}} {
		if got := gcd(c[0], c[1]); got != c[2] {
			t.Errorf("gcd(%d, %d) = %d; want %d", c[0], c[1], got, c[2])
		}
	}
}

// TestPerQuestion: 12 episodes over 4 questions are 3 each; none is told
// where they do not divide, an episode failed, the run stopped early or
// there are no questions.
func TestPerQuestion(t *testing.T) {
	for _, c := range []struct {
		s                    Summary
		failed, n, questions int
		want                 int
	}{
		{Summary{}, 0, 12, 4, 3},
		{Summary{}, 0, 13, 4, 0},
		{Summary{}, 1, 12, 4, 0},
		{Summary{Partial: "stopped"}, 0, 12, 4, 0},
		{Summary{}, 0, 0, 0, 0},
	} {
		if got := perQuestion(c.s, c.failed, c.n, c.questions); got != c.want {
			t.Errorf("perQuestion(partial %q, failed %d, %d of %d) = %d; want %d", c.s.Partial, c.failed, c.n, c.questions, got, c.want)
		}
	}
}

// TestFractionOfBounds: a value kept to 9 places is recovered as the
// fraction it was (1/3 from 0.333333333); a denominator of 10,000 is
// recovered, one of 10,001 is not (its fractions round alike).
func TestFractionOfBounds(t *testing.T) {
	if got := fractionOf(0.333333333, 3); got != 1.0/3 {
		t.Errorf("fractionOf(0.333333333, 3) = %v; want 1/3", got)
	}
	if got := fractionOf(0.3333, 3); got != 1.0/3 {
		t.Errorf("fractionOf(0.3333, 3) = %v; want 1/3", got)
	}
	if got := fractionOf(0.3333, 9999); got != 3333.0/9999 {
		t.Errorf("fractionOf(0.3333, 9999) = %v; want 3333/9999", got)
	}
	if got := fractionOf(0.3333, 10_001); got != 0.3333 {
		t.Errorf("fractionOf(0.3333, 10001) = %v; want 0.3333 kept", got)
	}
	if got := fractionOf(0.3333, 0); got != 0.3333 {
		t.Errorf("fractionOf(0.3333, 0) = %v; want 0.3333 kept", got)
	}
}

// TestRecoveredSharesOverTheLCM: 1500 questions, 2 episodes each in A
// and 4 in B: the difference is over 1500·lcm(2, 4) = 6000, so 0.0002
// is 1/6000 (over 1500·2·4 = 12,000 it would pass 10,000 and be kept).
func TestRecoveredSharesOverTheLCM(t *testing.T) {
	p := Paired{Questions: 1500, AccuracyA: 0.3333, AccuracyB: 0.3335, Difference: 0.0002}
	a, b, d := recoveredShares(p, 2, 4)
	if a != 1000.0/3000 || b != 2001.0/6000 || math.Abs(d-1.0/6000) > 1e-15 {
		t.Errorf("got %v, %v, %v; want 1000/3000, 2001/6000, 1/6000", a, b, d)
	}
}

// TestSweepDeltaOfPooledJudges: a line that pools two judges (Judge "")
// counts the failures of every judge's cells of its protocol and task: 46
// questions, one episode each at 0.5 and two at 0.9, would recover the
// change 19/92, but an episode of judge j2's cell failed, so a question's
// episodes are not told and the 4 places, 0.2065, are kept. With none
// failed it is 19/92.
func TestSweepDeltaOfPooledJudges(t *testing.T) {
	c := Paired{A: CellKey{Protocol: "debate", Task: "t", Cell: "s.skill=0.5"},
		B: CellKey{Protocol: "debate", Task: "t", Cell: "s.skill=0.9"}, Questions: 46,
		AccuracyA: 0.4348, AccuracyB: 0.6413, Difference: 0.2065}
	line := SweepLine{LineOf: LineOf{Axis: "s.skill", Protocol: "debate", Task: "t"}, Contrast: &c,
		Points: []SweepPoint{{Value: "0.5", N: 46, Questions: 46}, {Value: "0.9", N: 92, Questions: 46}}}
	cells := func(failed int) []Cell {
		return []Cell{
			{Protocol: "debate", Task: "t", Judge: "j1", Cell: "s.skill=0.5", Questions: 46, N: 23},
			{Protocol: "debate", Task: "t", Judge: "j2", Cell: "s.skill=0.5", Questions: 46, N: 23, Failed: failed},
		}
	}
	if got := SweepDelta(Summary{Cells: cells(1)}, line); got != 0.2065 {
		t.Errorf("a failed episode: got %v; want 0.2065 kept", got)
	}
	if got := SweepDelta(Summary{Cells: cells(0)}, line); math.Abs(got-19.0/92) > 1e-15 {
		t.Errorf("none failed: got %v; want 19/92", got)
	}
}
