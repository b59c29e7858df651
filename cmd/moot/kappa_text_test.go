package main

import (
	"testing"

	"github.com/mootlab/moot/analysis"
)

// TestKappaText: compare says why a kappa is undefined — no episode both
// judged, or both judges giving one and the same answer throughout — and
// prints the kappa of a judge that alone gives one answer (0).
func TestKappaText(t *testing.T) {
	for _, tt := range []struct {
		ag   analysis.Agreement
		want string
	}{
		{analysis.Agreement{}, "undefined (no episode both judged)"},
		{analysis.Agreement{Items: 4, Agreement: 1}, "undefined (both judges gave one and the same answer throughout)"},
		{analysis.Agreement{Items: 4, Agreement: 0.5, KappaDefined: true}, "0.000"},
		{analysis.Agreement{Items: 4, Agreement: 0.75, Kappa: 0.5, KappaDefined: true}, "0.500"},
		{analysis.Agreement{Items: 200, Agreement: 0.6, Mixed: true}, "not pooled (the episodes mix grades and chosen answers, which no one kappa spans: see each cell's)"},
	} {
		if got := kappaText(tt.ag); got != tt.want {
			t.Errorf("%+v: %q; want %q", tt.ag, got, tt.want)
		}
	}
}
