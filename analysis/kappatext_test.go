package analysis

import "testing"

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
