package analysis

import "testing"

// TestToFixedRoundsToNearest: 0.1·2³² = 429496729.6 is kept as the
// nearest integer, 429496730, not cut to 429496729; 0.3·2³² =
// 1288490188.8 as 1288490189.
func TestToFixedRoundsToNearest(t *testing.T) {
	if got := toFixed(0.1); got != 429496730 {
		t.Errorf("toFixed(0.1) = %d; want 429496730", got)
	}
	if got := toFixed(0.3); got != 1288490189 {
		t.Errorf("toFixed(0.3) = %d; want 1288490189", got)
	}
}
