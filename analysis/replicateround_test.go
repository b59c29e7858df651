package analysis

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// replicatedCells summarizes seeds whose "direct" and "debate" cells
// judge right[r] and other[r] of questions questions of their own.
func replicatedCells(t *testing.T, questions int, right, other []int) *ReplicateSummary {
	t.Helper()
	seeds := make([]uint64, len(right))
	for r := range seeds {
		seeds[r] = uint64(r + 1)
	}
	z := NewReplicateSummarizer("x", seeds)
	for r := range seeds {
		for q := range questions {
			for _, p := range []struct {
				protocol string
				right    int
			}{{"direct", right[r]}, {"debate", other[r]}} {
				answer := 1
				if q < p.right {
					answer = 0
				}
				e := episode(p.protocol, p.protocol, "t", "j", fmt.Sprintf("s%dq%d", r, q), "x", answer, "")
				z.Add(r, &e)
			}
		}
	}
	return z.Run().Replicates
}

// TestReplicateMeansRoundOnce: a mean over seeds is shown rounded once
// from its exact value, and written to summary.json rounded once to four
// places. Three seeds of 23 questions, direct right on 1, 0 and 0: a mean
// of 1/69 = 1.449 points, which four places (0.0145) would show as 1.5;
// debate right on 0, 1 and 1, so that the seeds' differences are −1/23,
// +1/23, +1/23 and their mean 1/69 too. Two seeds of 40 questions, right
// on 24 and 23: a mean of 47/80, which the floats sum to 0.58749999…,
// is shown 58.8% as one run's 47 of 80 is, not 58.7%. Two seeds right
// on 41 and 40 of 80: a mean of 81/160 = 0.50625, which table.csv writes
// as summary.json does, 0.5063, not as Go's formatting of its binary
// value to four places would, 0.5062.
func TestReplicateMeansRoundOnce(t *testing.T) {
	rs := replicatedCells(t, 23, []int{1, 0, 0}, []int{0, 1, 1})
	var table bytes.Buffer
	if err := WriteReplicates(&table, rs, FormatMarkdown); err != nil {
		t.Fatal(err)
	}
	row := func(prefix string) string {
		for _, l := range strings.Split(table.String(), "\n") {
			if strings.HasPrefix(strings.ReplaceAll(l, " ", ""), prefix) {
				return l
			}
		}
		t.Fatalf("no row %q in\n%s", prefix, table.String())
		return ""
	}
	if r := row("|direct|t|j|3|"); !strings.Contains(r, " 1.4% ") {
		t.Errorf("direct's row %q; want its mean 1/69 shown 1.4%%", r)
	}
	c := rs.Comparisons[0]
	want := "+1.4" // B − A: debate gains 1/69 on direct
	if c.A.Protocol == "debate" {
		want = "-1.4"
	}
	if r := row("|t|j|"); !strings.Contains(r, " "+want+" ") {
		t.Errorf("the comparison's row %q; want its mean difference ±1/69 shown %s", r, want)
	}
	data, err := json.Marshal(rs)
	if err != nil {
		t.Fatal(err)
	}
	var back ReplicateSummary
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if m := back.Cells[0].Mean; m != 0.0145 {
		t.Errorf("summary.json's mean %v; want 1/69 to four places, 0.0145", m)
	}
	if m := back.Comparisons[0].Mean; m != 0.0145 && m != -0.0145 {
		t.Errorf("summary.json's mean difference %v; want ±1/69 to four places, 0.0145", m)
	}

	rs = replicatedCells(t, 40, []int{24, 23}, []int{40, 40})
	table.Reset()
	if err := WriteReplicates(&table, rs, FormatMarkdown); err != nil {
		t.Fatal(err)
	}
	if r, one := row("|direct|t|j|2|"), CountPercent(47, 80, 0); !strings.Contains(r, " "+one+" ") || one != "58.8%" {
		t.Errorf("direct's row %q; want its mean 47/80 shown as one run's 47 of 80 is, %s", r, one)
	}
	if data, err = json.Marshal(rs.Cells[0]); err != nil || !strings.Contains(string(data), `"mean":0.5875,`) {
		t.Errorf("summary.json's cell %s (%v); want its mean 47/80 to four places, 0.5875", data, err)
	}

	rs = replicatedCells(t, 80, []int{41, 40}, []int{80, 80})
	if data, err = json.Marshal(rs.Cells[0]); err != nil || !strings.Contains(string(data), `"mean":0.5063,`) {
		t.Errorf("summary.json's cell %s (%v); want its mean 81/160 to four places, 0.5063", data, err)
	}
	var csv bytes.Buffer
	if err := WriteReplicatesCSV(&csv, rs); err != nil {
		t.Fatal(err)
	}
	if row := strings.Split(csv.String(), "\n")[1]; !strings.HasPrefix(row, "direct,direct,,t,j,2,0.5063,") {
		t.Errorf("table.csv's row %q; want its mean as summary.json's, 0.5063", row)
	}
}

// TestPointsNeverNegativeZero: a difference that rounds to zero reads
// +0.0 (a mean of differences a hair below zero), and every other keeps
// its sign.
func TestPointsNeverNegativeZero(t *testing.T) {
	for x, want := range map[float64]string{-1e-17: "+0.0", -0.0004: "+0.0", 0: "+0.0", 0.0004: "+0.0", -0.0006: "-0.1", 1.0 / 69: "+1.4", -1.0 / 69: "-1.4"} {
		if got := Points(x); got != want {
			t.Errorf("Points(%v) = %q; want %q", x, got, want)
		}
	}
}

// TestBoundsKeepTheirSign: an interval's bound just below 0 reads -0.0,
// as the side of 0 it lies on decides what it shows; and a phase map's
// status is read from the bounds as summary.json has them, so that a
// lower bound of 0.00003, written 0 there, does not show as holding.
func TestBoundsKeepTheirSign(t *testing.T) {
	if got := ReplicateCIText(-0.0004, 0.05, MethodReplicatesT, true); got != "[-0.0, +5.0]" {
		t.Errorf("ReplicateCIText = %q; want [-0.0, +5.0]", got)
	}
	p := Paired{Interval: Interval{CILow: -0.0004, CIHigh: 0.05, CIMethod: MethodBootstrap}}
	if got := p.CIText(); got != "[-0.0, +5.0]" {
		t.Errorf("CIText = %q; want [-0.0, +5.0]", got)
	}
	c := ReplicateComparison{A: CellKey{Protocol: "a", Task: "t", Judge: "j", Cell: "x=1"}, B: CellKey{Protocol: "b", Task: "t", Judge: "j", Cell: "x=1"}}
	c.Replicates, c.Mean, c.CILow, c.CIHigh = 2, 0.02, 0.00003, 0.04
	if _, pt, ok := phasePoint(c, []string{"x"}, func(a, b string) bool { return false }); !ok || pt.Status != PhaseFails {
		t.Errorf("status %q (%v); want %q, as summary.json's ci_low of 0 says", pt.Status, ok, PhaseFails)
	}
}

// TestMarksAsSummaryJSONHasThem: whether an interval and a p-value
// disagree (†) is read from them as summary.json writes them: a p of
// 500/10001 (0.049995) is 0.0500 there, not below 0.05; a lower bound of
// 1/30000 is 0 there, not above it.
func TestMarksAsSummaryJSONHasThem(t *testing.T) {
	for _, c := range []struct {
		lo, hi, p float64
		want      bool
		text      string
	}{
		{0.02, 0.1, 500.0 / 10001, true, "0.0500 †"},
		{1.0 / 30000, 0.1, 0.2, false, "0.2000"},
		{0.02, 0.1, 0.0499, false, "0.0499"},
	} {
		p := Paired{Interval: Interval{CILow: c.lo, CIHigh: c.hi}, PValue: c.p}
		if got := p.Disagrees(); got != c.want || p.PValueText() != c.text {
			t.Errorf("[%v, %v], p %v: Disagrees %v, %q; want %v, %q", c.lo, c.hi, c.p, got, p.PValueText(), c.want, c.text)
		}
	}
}

// TestSummaryJSONEscapesNoHTML: summary.json writes <, > and & as they
// are (its encoder escapes none), through every MarshalJSON of its parts.
func TestSummaryJSONEscapesNoHTML(t *testing.T) {
	rs := replicatedCells(t, 4, []int{1, 2}, []int{3, 4})
	s := Summary{Partial: "502 Bad Gateway: <html> & more", Replicates: rs}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"partial":"502 Bad Gateway: <html> & more"`) {
		t.Errorf("summary.json %s; want the partial reason as it is", buf.String())
	}
}
