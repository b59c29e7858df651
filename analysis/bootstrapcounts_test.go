package analysis

import "testing"

// TestBootstrapCountsByHand: two units, one counting 0 and one 1. A
// resample draws two units, as many as there are, so their sum is 0, 1
// or 2 with chance ¼, ½, ¼: the 95% interval of the sum is [0, 2]. A
// statistic undefined where the sum is 0 is so in a quarter of the
// resamples, far more than the share the interval may pass over: none.
func TestBootstrapCountsByHand(t *testing.T) {
	type count struct{ x int }
	units := map[string]*count{"a": {0}, "b": {1}}
	plus := func(s, o *count) { s.x += o.x }
	sum := func(s *count) (float64, bool) { return float64(s.x), true }
	ci := bootstrapCounts(units, Resamples, 1, plus, sum)
	if ci == nil || ci.CILow != 0 || ci.CIHigh != 2 {
		t.Errorf("interval of the sum %+v; want [0, 2]", ci)
	}
	positive := func(s *count) (float64, bool) { return float64(s.x), s.x > 0 }
	if ci := bootstrapCounts(units, Resamples, 1, plus, positive); ci != nil {
		t.Errorf("undefined in a quarter of the resamples, interval %+v; want none", ci)
	}
}
