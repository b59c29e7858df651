package analysis

import (
	"math"
	"testing"
)

// btGradient is the gradient of the Bradley–Terry log posterior written
// out apart from fitBradleyTerry: d/dθi of −λ/2·Σθ² + Σ w_ij·log σ(θi−θj)
// is −λθi + Σ_j w_ij·(1 − σ(θi−θj)) − w_ji·σ(θi−θj).
func btGradient(wins []float64, np int, theta []float64) []float64 {
	sd := EloPriorSD / (400 / math.Ln10)
	lambda := 1 / (sd * sd)
	g := make([]float64, np)
	for i := range np {
		g[i] = -lambda * theta[i]
		for j := range np {
			if j == i {
				continue
			}
			p := 1 / (1 + math.Exp(theta[j]-theta[i]))
			g[i] += wins[i*np+j]*(1-p) - wins[j*np+i]*p
		}
	}
	return g
}

// TestFitBradleyTerryIsStationary: the fit is where the log posterior's
// gradient, computed here on its own, is zero, and sums to zero; single
// games (a win of weight 1), fractional weights and a far start included.
func TestFitBradleyTerryIsStationary(t *testing.T) {
	for _, c := range []struct {
		name  string
		np    int
		wins  []float64
		start []float64
	}{
		{"one game", 2, []float64{0, 1, 0, 0}, []float64{0, 0}},
		{"single games", 3, []float64{0, 1, 1, 0, 0, 1, 0, 0, 0}, []float64{0, 0, 0}},
		{"weights", 3, []float64{0, 2.5, 0.5, 1, 0, 3, 0.5, 0, 0}, []float64{0, 0, 0}},
		{"far start", 3, []float64{0, 4, 1, 1, 0, 2, 0, 3, 0}, []float64{25, -40, 10}},
		{"many games", 3, []float64{0, 5000, 3000, 4000, 0, 2500, 3100, 2600, 0}, []float64{20, -20, 0}},
		{"unmet player", 4, []float64{0, 3, 1, 0, 1, 0, 2, 0, 1, 1, 0, 0, 0, 0, 0, 0}, []float64{0, 0, 0, 0}},
	} {
		theta := append([]float64(nil), c.start...)
		fitBradleyTerry(c.wins, c.np, theta)
		var sum float64
		for i, g := range btGradient(c.wins, c.np, theta) {
			if math.Abs(g) > 1e-7 {
				t.Errorf("%s: gradient of player %d at the fit %v is %v; want 0", c.name, i, theta, g)
			}
			sum += theta[i]
		}
		if math.Abs(sum) > 1e-9 {
			t.Errorf("%s: strengths %v sum to %v; want 0", c.name, theta, sum)
		}
	}
}

// TestFitBradleyTerryTwoPlayers: with two players, a wins over b and b
// over a, θ = (x, −x) where a − (a+b)·σ(2x) − λx = 0, found here by
// bisection.
func TestFitBradleyTerryTwoPlayers(t *testing.T) {
	sd := EloPriorSD / (400 / math.Ln10)
	lambda := 1 / (sd * sd)
	for _, w := range [][2]float64{{1, 0}, {3, 1}, {1, 1}, {0.5, 2}} {
		f := func(x float64) float64 { return w[0] - (w[0]+w[1])/(1+math.Exp(-2*x)) - lambda*x }
		lo, hi := -50.0, 50.0
		for range 200 {
			mid := (lo + hi) / 2
			if f(mid) > 0 {
				lo = mid
			} else {
				hi = mid
			}
		}
		theta := []float64{0, 0}
		fitBradleyTerry([]float64{0, w[0], w[1], 0}, 2, theta)
		if math.Abs(theta[0]-lo) > 1e-8 || math.Abs(theta[1]+lo) > 1e-8 {
			t.Errorf("wins %v: got %v; want (%v, %v)", w, theta, lo, -lo)
		}
	}
}

// TestSolveSPD: a 3×3 system whose solution is chosen first.
func TestSolveSPD(t *testing.T) {
	a := []float64{4, 2, 0, 2, 5, 1, 0, 1, 3}
	want := []float64{1, 2, 3}
	b := []float64{4*1 + 2*2, 2*1 + 5*2 + 1*3, 2 + 3*3} // a·want
	x := make([]float64, 3)
	solveSPD(a, b, x, 3)
	for i := range want {
		if math.Abs(x[i]-want[i]) > 1e-12 {
			t.Fatalf("got %v; want %v", x, want)
		}
	}
}

// TestLogSigmoid: log σ(x) against its plain formula where that is exact
// enough, and its limits where it would overflow.
func TestLogSigmoid(t *testing.T) {
	for _, x := range []float64{-30, -3, -0.5, 0, 0.5, 3, 30} {
		want := -math.Log(1 + math.Exp(-x))
		if got := logSigmoid(x); math.Abs(got-want) > 1e-12 {
			t.Errorf("logSigmoid(%v) = %v; want %v", x, got, want)
		}
	}
	if got := logSigmoid(-800); got != -800 {
		t.Errorf("logSigmoid(-800) = %v; want -800", got)
	}
	if got := logSigmoid(800); got != 0 {
		t.Errorf("logSigmoid(800) = %v; want 0", got)
	}
}
