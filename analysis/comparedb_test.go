package analysis

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// TestComparedBNamesWhatItDoesNotShare: a comparison's B is named by its
// protocol where it shares A's task, judge and cell, and otherwise with
// what differs: another cell of A's task and judge by its cell alone,
// where the row repeated the task and judge its own columns give.
func TestComparedBNamesWhatItDoesNotShare(t *testing.T) {
	a := CellKey{Protocol: "consultancy", Task: "qa", Judge: "j", Cell: "x=1"}
	for _, c := range []struct {
		b    CellKey
		want string
	}{
		{CellKey{Protocol: "debate", Task: "qa", Judge: "j", Cell: "x=1"}, "debate"},
		{CellKey{Protocol: "debate", Task: "qa", Judge: "j", Cell: "x=1,r=2"}, "debate (x=1,r=2)"},
		{CellKey{Protocol: "direct", Task: "qa", Judge: "j"}, "direct (shared)"},
		{CellKey{Protocol: "debate", Task: "math", Judge: "j", Cell: "x=1"}, "debate (math, j)"},
		{CellKey{Protocol: "debate", Task: "qa", Judge: "k", Cell: "x=2"}, "debate (qa, k, x=2)"},
	} {
		if got := ComparedB(Paired{A: a, B: c.b}, nil); got != c.want {
			t.Errorf("B %+v: %q; want %q", c.b, got, c.want)
		}
	}
}

// TestDisagreesAtTheBoundary: a p-value of 0.05 is not below 0.05, so it
// says no difference, as an interval holding 0 does: the two agree; an
// interval beside 0 with that p disagrees.
func TestDisagreesAtTheBoundary(t *testing.T) {
	for _, c := range []struct {
		lo, hi, p float64
		want      bool
	}{
		{-0.01, 0.2, 0.05, false},
		{0.01, 0.2, 0.05, true},
		{0.01, 0.2, 0.0499, false},
		{-0.01, 0.2, 0.0499, true},
		{-0.2, -0.01, 0.05, true},
	} {
		p := Paired{Interval: Interval{CILow: c.lo, CIHigh: c.hi}, PValue: c.p}
		if got := p.Disagrees(); got != c.want {
			t.Errorf("[%v, %v], p %v: Disagrees %v; want %v", c.lo, c.hi, c.p, got, c.want)
		}
	}
}

// TestRoundRoundsAgreement: a comparison written as summary.json has it
// (moot compare's JSON) rounds its judges' agreement and kappa too, and
// leaves the comparison it writes as it was.
func TestRoundRoundsAgreement(t *testing.T) {
	p := Paired{AccuracyA: 0.123456, Agreement: &Agreement{Items: 9, Agreement: 7.0 / 9, Kappa: 0.555555, KappaDefined: true}}
	p.Round()
	data, err := json.Marshal(Summary{Comparisons: []Paired{p}})
	if err != nil {
		t.Fatal(err)
	}
	var back Summary
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	q := back.Comparisons[0]
	if q.AccuracyA != 0.1235 || q.Agreement.Agreement != 0.7778 || q.Agreement.Kappa != 0.5556 {
		t.Errorf("written: accuracy %v, agreement %v, kappa %v; want 0.1235, 0.7778, 0.5556", q.AccuracyA, q.Agreement.Agreement, q.Agreement.Kappa)
	}
	if p.Agreement.Kappa != 0.555555 {
		t.Errorf("writing it changed the comparison's kappa to %v", p.Agreement.Kappa)
	}
}

// TestRoundingNeverGivesNegativeZero: a difference of two equal means
// that floating point leaves a hair below zero is rounded to zero, which
// prints +0.0, not −0.0.
func TestRoundingNeverGivesNegativeZero(t *testing.T) {
	p := Paired{Difference: 0.925 - (0.9250000000000001)}
	p.Round()
	if math.Signbit(p.Difference) {
		t.Errorf("difference %v rounds to −0; want 0", 0.925-0.9250000000000001)
	}
	var buf bytes.Buffer
	if err := WriteComparisons(&buf, Summary{Comparisons: []Paired{p}}, FormatCSV); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "-0.0000") {
		t.Errorf("CSV:\n%s\nwant no -0.0000", buf.String())
	}
}
