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

// TestTowardSetsEachTargetsGoal: a refit's targets are the targets with
// each its own redrawn accuracy, the targets themselves unchanged.
func TestTowardSetsEachTargetsGoal(t *testing.T) {
	ts := []Target{{Protocol: "a", Accuracy: 0.1}, {Protocol: "b", Accuracy: 0.2}}
	got := toward(ts, []float64{0.7, 0.8})
	if got[0].Accuracy != 0.7 || got[1].Accuracy != 0.8 || got[1].Protocol != "b" {
		t.Errorf("toward: %+v; want a at 0.7, b at 0.8", got)
	}
	if ts[0].Accuracy != 0.1 || ts[1].Accuracy != 0.2 {
		t.Errorf("the targets changed: %+v", ts)
	}
}
