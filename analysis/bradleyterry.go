package analysis

import "math"

// fitBradleyTerry maximizes the log posterior of the strengths theta
// (natural-log odds) of np players given wins[w*np+l], the games w won
// against l, and the Gaussian prior of EloPriorSD, by Newton's method with
// step halving, starting from theta. The posterior is strictly concave, so
// the maximum is unique; its strengths sum to 0, since every game adds as
// much to the gradient of its winner as it takes from its loser.
func fitBradleyTerry(wins []float64, np int, theta []float64) {
	sd := EloPriorSD / eloScale
	lambda := 1 / (sd * sd)
	objective := func(t []float64) float64 {
		var f float64
		for i := range np {
			f -= lambda / 2 * t[i] * t[i]
			for j := range np {
				if w := wins[i*np+j]; w > 0 {
					f += w * logSigmoid(t[i]-t[j])
				}
			}
		}
		return f
	}
	grad := make([]float64, np)
	hess := make([]float64, np*np) // the negated Hessian, positive definite
	step := make([]float64, np)
	next := make([]float64, np)
	f := objective(theta)
	for range 100 {
		for i := range np {
			grad[i] = -lambda * theta[i]
			for j := range np {
				hess[i*np+j] = 0
			}
			hess[i*np+i] = lambda
		}
		for i := range np {
			for j := i + 1; j < np; j++ {
				n := wins[i*np+j] + wins[j*np+i]
				if n == 0 {
					continue
				}
				p := sigmoid(theta[i] - theta[j])
				g := wins[i*np+j] - n*p
				grad[i] += g
				grad[j] -= g
				h := n * p * (1 - p)
				hess[i*np+i] += h
				hess[j*np+j] += h
				hess[i*np+j] -= h
				hess[j*np+i] -= h
			}
		}
		solveSPD(hess, grad, step, np)
		size := 1.0
		for range 50 {
			for i := range np {
				next[i] = theta[i] + size*step[i]
			}
			if g := objective(next); g >= f {
				f = g
				break
			}
			size /= 2
		}
		var moved float64
		for i := range np {
			moved = max(moved, math.Abs(next[i]-theta[i]))
			theta[i] = next[i]
		}
		if moved < 1e-10 {
			break
		}
	}
	// Remove rounding drift from the zero mean.
	var m float64
	for _, t := range theta {
		m += t
	}
	m /= float64(np)
	for i := range theta {
		theta[i] -= m
	}
}

// solveSPD solves a·x = b for x by Cholesky decomposition of the symmetric
// positive definite n×n matrix a, which it overwrites.
func solveSPD(a, b, x []float64, n int) {
	for j := range n {
		d := a[j*n+j]
		for k := range j {
			d -= a[j*n+k] * a[j*n+k]
		}
		d = math.Sqrt(d)
		a[j*n+j] = d
		for i := j + 1; i < n; i++ {
			s := a[i*n+j]
			for k := range j {
				s -= a[i*n+k] * a[j*n+k]
			}
			a[i*n+j] = s / d
		}
	}
	for i := range n { // L·y = b
		s := b[i]
		for k := range i {
			s -= a[i*n+k] * x[k]
		}
		x[i] = s / a[i*n+i]
	}
	for i := n - 1; i >= 0; i-- { // Lᵀ·x = y
		s := x[i]
		for k := i + 1; k < n; k++ {
			s -= a[k*n+i] * x[k]
		}
		x[i] = s / a[i*n+i]
	}
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// logSigmoid is log(sigmoid(x)) without overflow for large |x|.
func logSigmoid(x float64) float64 {
	if x >= 0 {
		return -math.Log1p(math.Exp(-x))
	}
	return x - math.Log1p(math.Exp(x))
}
