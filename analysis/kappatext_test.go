package analysis

import (
	"strings"
	"testing"
)

// TestKappaText: moot compare and moot agreement say why a kappa is undefined — no episode both
// judged, or both judges giving one and the same answer throughout — and
// prints the kappa of a judge that alone gives one answer (0).
func TestKappaText(t *testing.T) {
	for _, tt := range []struct {
		ag   Agreement
		want string
	}{
		{Agreement{}, "undefined (no episode both judged)"},
		{Agreement{Items: 4, Agreement: 1}, "undefined (both judges gave one and the same answer throughout)"},
		{Agreement{Items: 4, Agreement: 0.5, KappaDefined: true}, "0.000"},
		{Agreement{Items: 4, Agreement: 0.75, Kappa: 0.5, KappaDefined: true}, "0.500"},
		{Agreement{Items: 200, Agreement: 0.6, Mixed: true}, "not pooled (the episodes mix grades and chosen answers, which no one kappa spans: see each cell's)"},
		{Agreement{Skipped: 3}, "undefined (no verdicts to compare)"},
		{Agreement{Items: 9, Agreement: 0.7, Kappa: 0.4, KappaDefined: true, KappaCI: &Interval{CILow: 0.1, CIHigh: 0.65}}, "0.400 [0.100, 0.650]"},
	} {
		if got := KappaText(tt.ag); got != tt.want {
			t.Errorf("%+v: %q; want %q", tt.ag, got, tt.want)
		}
	}
}

// TestAgreementTableSaysWhereAMixedPairsKappaIs: moot agreement's table
// of pairs has no row by cell, so a pair whose episodes mix grades and
// chosen answers names moot compare for each cell's kappa, not "see each
// cell's", which the table does not show; the cells' alpha, shown, keeps
// it.
func TestAgreementTableSaysWhereAMixedPairsKappaIs(t *testing.T) {
	a := JudgesAgree{
		All:   Reliability{Judges: []string{"a", "b"}, Items: 20, Verdicts: 40, Agreement: 0.7, Mixed: true},
		Pairs: []Agreement{{JudgeA: "a", JudgeB: "b", Items: 20, Agreement: 0.7, Mixed: true}},
	}
	var b strings.Builder
	if err := WriteJudgesAgree(&b, a, FormatMarkdown); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(b.String(), "\n") {
		if strings.HasPrefix(line, "| a ") && (strings.Contains(line, "see each cell's") || !strings.Contains(line, "moot compare")) {
			t.Errorf("the pair's row %q points at cells the table does not show; want moot compare named", line)
		}
	}
	if !strings.Contains(b.String(), "| a     | b     |") {
		t.Errorf("no row for the pair:\n%s", b.String())
	}
}
