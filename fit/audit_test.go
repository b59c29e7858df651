package fit

import (
	"math"
	"testing"
)

// TestRealLineMapsOntoTheRange: a parameter of range [0.2, 1] is
// min + (max − min)·σ(u) of the real line's u: u = 0 is the middle, 0.6;
// u = ln 3 (σ = 3/4) is 0.8, u = −ln 3 is 0.4; and toReal is the
// inverse, 0.4 going to −ln 3.
func TestRealLineMapsOntoTheRange(t *testing.T) {
	ps := []Parameter{{Name: "agents.judge.skill", Min: 0.2, Max: 1}}
	for _, c := range []struct{ u, x float64 }{{0, 0.6}, {math.Log(3), 0.8}, {-math.Log(3), 0.4}} {
		if got := fromReal(ps, []float64{c.u})[0]; math.Abs(got-c.x) > 1e-12 {
			t.Errorf("fromReal(%v) = %v; want %v", c.u, got, c.x)
		}
	}
	if got := toReal(ps, []float64{0.4})[0]; math.Abs(got+math.Log(3)) > 1e-12 {
		t.Errorf("toReal(0.4) = %v; want −ln 3 (%v)", got, -math.Log(3))
	}
}
