package analysis

import (
	"bytes"
	encodingcsv "encoding/csv"
	"encoding/json"
	"strings"
	"testing"
)

// judgesAgreeByHand is a JudgesAgree of every kind of row: the whole with
// its interval, a sweep cell whose judges shared no episode, a cell that
// mixes grades and chosen answers, a pair with kappa, one whose shared
// episodes none parsed and one that mixes grades and chosen answers.
func judgesAgreeByHand() JudgesAgree {
	return JudgesAgree{
		All: Reliability{Judges: []string{"a", "b", "c"}, Items: 4, Verdicts: 10, Lone: 1, Unparsed: 1, Agreement: 0.625,
			Alpha: 0.28123456, AlphaDefined: true, AlphaCI: &Interval{CILow: 0.04321987, CIHigh: 0.51234567, CIMethod: MethodBootstrap}},
		Cells: []Reliability{
			{Protocol: "debate", Task: "t", Cell: "turns=2", Judges: []string{}, Lone: 3},
			{Protocol: "grade", Task: "t", Judges: []string{"a", "b"}, Items: 2, Verdicts: 4, Agreement: 0.5, Mixed: true},
		},
		Pairs: []Agreement{
			{JudgeA: "a", JudgeB: "b", Items: 4, Agreement: 0.66666666, Kappa: 0.33333333, KappaDefined: true,
				KappaCI: &Interval{CILow: -0.11111111, CIHigh: 0.77777777, CIMethod: MethodBootstrap}},
			{JudgeA: "b", JudgeB: "c", Skipped: 2},
			{JudgeA: "a", JudgeB: "c", Items: 3, Agreement: 1, Mixed: true},
		},
	}
}

// TestWriteJudgesAgree: each format writes what moot agreement promises of
// the hand-made figures: the tables name a cell by protocol, task and
// sweep cell, say why an alpha or kappa is missing, and give the note once;
// the CSV leaves empty what is not there and counts a pair's unparsed
// episodes; the JSON keeps four places.
func TestWriteJudgesAgree(t *testing.T) {
	a := judgesAgreeByHand()
	for _, f := range []Format{FormatText, FormatMarkdown} {
		var b bytes.Buffer
		if err := WriteJudgesAgree(&b, a, f); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for _, want := range []string{"debate · t [turns=2]", "grade · t ", "0.281 [0.043, 0.512]", "62.5%",
			"undefined (no episode two judges judged)", "which no one alpha spans: see each cell's",
			"0.333 [-0.111, 0.778]", "undefined (no verdicts to compare)", "moot compare of the two judges' runs gives each cell's"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: no %q in\n%s", f, want, out)
			}
		}
		if strings.Contains(out, "grade · t [") || strings.Count(out, ReliabilityNote) != 1 ||
			strings.Count(out, "0.281 [0.043, 0.512]") != 1 {
			t.Errorf("%s: a cell named with an empty sweep cell, the note not once, or alpha in the pairs' table:\n%s", f, out)
		}
		// The cell of no shared episode and the pair of none parsed have
		// no agreement: a dash, not 0%.
		for _, line := range strings.Split(out, "\n") {
			if (strings.Contains(line, "turns=2") || strings.Contains(line, "no verdicts to compare")) &&
				(!strings.Contains(line, "–") || strings.Contains(line, "0.0%")) {
				t.Errorf("%s: a row with nothing to agree on shows an agreement: %s", f, line)
			}
		}
	}

	var csv bytes.Buffer
	if err := WriteJudgesAgree(&csv, a, FormatCSV); err != nil {
		t.Fatal(err)
	}
	rows, err := encodingcsv.NewReader(&csv).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"alpha", "", "", "", "", "", "a;b;c", "4", "10", "1", "1", "0.6250", "0.2812", "0.0432", "0.5123"},
		{"alpha", "debate", "t", "turns=2", "", "", "", "0", "0", "3", "0", "", "", "", ""},
		{"alpha", "grade", "t", "", "", "", "a;b", "2", "4", "0", "0", "0.5000", "", "", ""},
		{"kappa", "", "", "", "a", "b", "", "4", "", "", "0", "0.6667", "0.3333", "-0.1111", "0.7778"},
		{"kappa", "", "", "", "b", "c", "", "0", "", "", "2", "", "", "", ""},
		{"kappa", "", "", "", "a", "c", "", "3", "", "", "0", "1.0000", "", "", ""},
	}
	if len(rows) != len(want)+1 {
		t.Fatalf("CSV rows %q; want a header and %d", rows, len(want))
	}
	for i, w := range want {
		if strings.Join(rows[i+1], ",") != strings.Join(w, ",") {
			t.Errorf("CSV row %d: %q; want %q", i+1, rows[i+1], w)
		}
	}

	var js bytes.Buffer
	if err := WriteJudgesAgree(&js, a, FormatJSON); err != nil {
		t.Fatal(err)
	}
	var got JudgesAgree
	if err := json.Unmarshal(js.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	p := got.Pairs[0]
	if got.All.Alpha != 0.2812 || *got.All.AlphaCI != (Interval{CILow: 0.0432, CIHigh: 0.5123, CIMethod: MethodBootstrap}) ||
		p.Agreement != 0.6667 || p.Kappa != 0.3333 || p.KappaCI.CILow != -0.1111 || p.KappaCI.CIHigh != 0.7778 {
		t.Errorf("JSON: alpha %v %+v, pair %+v %+v; want four places", got.All.Alpha, got.All.AlphaCI, p, p.KappaCI)
	}
	if a.All.Alpha != 0.28123456 || a.Pairs[0].KappaCI.CILow != -0.11111111 {
		t.Error("writing the JSON rounded the figures it was given")
	}
}
