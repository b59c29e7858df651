package analysis

import "testing"

// TestShareTextOfOneItem: one item agreed on is an agreement of 100%;
// only no item at all leaves a dash.
func TestShareTextOfOneItem(t *testing.T) {
	for _, tt := range []struct {
		items int
		share float64
		want  string
	}{{0, 0, "–"}, {1, 1, "100.0%"}, {1, 0, "0.0%"}, {4, 0.75, "75.0%"}} {
		if got := shareText(tt.items, tt.share); got != tt.want {
			t.Errorf("shareText(%d, %v) = %q, want %q", tt.items, tt.share, got, tt.want)
		}
	}
}

// TestPairKappaTextMixedWithoutItems: a pair that mixes grades and
// chosen answers but shares no parsed episode says there is nothing to
// compare, not that kappa is not pooled.
func TestPairKappaTextMixedWithoutItems(t *testing.T) {
	if got, want := pairKappaText(Agreement{JudgeA: "a", JudgeB: "b", Mixed: true}), "undefined (no episode both judged)"; got != want {
		t.Errorf("pairKappaText = %q, want %q", got, want)
	}
	if got, want := pairKappaText(Agreement{JudgeA: "a", JudgeB: "b", Mixed: true, Skipped: 2}), "undefined (no verdicts to compare)"; got != want {
		t.Errorf("pairKappaText, every shared verdict unparsed = %q, want %q", got, want)
	}
}
