package analysis

// Checks of the estimators against values worked out independently of the
// code under test: from the definition at high precision, from published
// examples, by exact rational arithmetic, or by another fitting method.
// docs/statistics.md lists which test checks which estimator.

import (
	"fmt"
	"math"
	"math/big"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// bigPrec is the mantissa precision, in bits, of the reference values.
const bigPrec = 256

func newBig(x float64) *big.Float { return new(big.Float).SetPrec(bigPrec).SetFloat64(x) }

// wilsonScoreExact finds the Wilson interval of k successes in n from its
// definition: the p at which the score statistic (p̂ − p)² / (p(1 − p)/n)
// equals z², that is the zeros of f(p) = n(p̂ − p)² − z²·p(1 − p), one in
// [0, p̂] and one in [p̂, 1]. f is positive at 0 (unless k = 0) and at 1
// (unless k = n) and −z²p̂(1 − p̂) ≤ 0 at p̂, so bisection in big.Float
// finds each zero, without the quadratic formula that Wilson uses.
func wilsonScoreExact(k, n int, z float64) (lo, hi float64) {
	phat := new(big.Float).SetPrec(bigPrec).Quo(newBig(float64(k)), newBig(float64(n)))
	z2 := newBig(z)
	z2.Mul(z2, z2)
	nb := newBig(float64(n))
	f := func(p *big.Float) int { // the sign of f(p)
		d := new(big.Float).SetPrec(bigPrec).Sub(phat, p)
		d.Mul(d, d).Mul(d, nb)
		v := new(big.Float).SetPrec(bigPrec).Sub(newBig(1), p)
		v.Mul(v, p).Mul(v, z2)
		return d.Cmp(v)
	}
	// root bisects [a, b], where f(a) has sign sa and f(b) the other.
	root := func(a, b *big.Float, sa int) float64 {
		a, b = new(big.Float).Copy(a), new(big.Float).Copy(b)
		half := newBig(0.5)
		for range 200 {
			m := new(big.Float).SetPrec(bigPrec).Add(a, b)
			m.Mul(m, half)
			if f(m) == sa {
				a = m
			} else {
				b = m
			}
		}
		x, _ := a.Float64()
		return x
	}
	zero, one := newBig(0), newBig(1)
	if k == 0 {
		lo = 0
	} else {
		lo = root(zero, phat, 1)
	}
	if k == n {
		hi = 1
	} else {
		hi = root(phat, one, -1)
	}
	return lo, hi
}

// wilsonTable is the (k, n) pairs the Wilson checks run over: the edges
// k = 0 and k = n, n = 1 and 2, and large n where the textbook formula
// loses digits to cancellation.
var wilsonTable = []struct{ k, n int }{
	{0, 1}, {1, 1}, {0, 2}, {1, 2}, {2, 2}, {0, 3}, {1, 3}, {3, 7},
	{0, 10}, {1, 10}, {5, 10}, {8, 10}, {9, 10}, {10, 10},
	{0, 100}, {1, 100}, {50, 100}, {99, 100}, {100, 100},
	{17, 1000}, {0, 100000}, {1, 100000}, {123457, 1000000}, {999999, 1000000},
}

func TestWilsonAgainstDefinition(t *testing.T) {
	// No trials: no information, the whole of [0, 1] (the score formula
	// would divide by zero).
	if lo, hi := Wilson(0, 0); lo != 0 || hi != 1 {
		t.Errorf("Wilson(0, 0) = [%v, %v]; want [0, 1]", lo, hi)
	}
	// None or all of n right: the bound at that end is exactly 0 or 1
	// (by the definition; the formula may miss it by rounding).
	for n := 1; n <= 3000; n++ {
		if lo, _ := Wilson(0, n); lo != 0 {
			t.Fatalf("Wilson(0, %d): lower bound %v; want exactly 0", n, lo)
		}
		if _, hi := Wilson(n, n); hi != 1 {
			t.Fatalf("Wilson(%d, %d): upper bound %v; want exactly 1", n, n, hi)
		}
	}
	for _, tt := range wilsonTable {
		t.Run(fmt.Sprintf("%d of %d", tt.k, tt.n), func(t *testing.T) {
			lo, hi := Wilson(tt.k, tt.n)
			wlo, whi := wilsonScoreExact(tt.k, tt.n, wilsonZ)
			if math.Abs(lo-wlo) > 1e-12 || math.Abs(hi-whi) > 1e-12 {
				t.Errorf("got [%.15f, %.15f]; want [%.15f, %.15f] (score test at z = %v)", lo, hi, wlo, whi, wilsonZ)
			}
		})
	}
}

func TestWilsonZIsTheNormalQuantile(t *testing.T) {
	// Φ(z) = 0.975 ⇔ erf(z/√2) = 0.95.
	z := math.Sqrt2 * math.Erfinv(0.95)
	if math.Abs(wilsonZ-z) > 1e-6 {
		t.Fatalf("got wilsonZ %v; want the 0.975 normal quantile %v within 1e-6", wilsonZ, z)
	}
	// Rounding z to seven digits moves no bound by as much as 1e-7.
	for _, tt := range wilsonTable {
		lo, hi := Wilson(tt.k, tt.n)
		wlo, whi := wilsonScoreExact(tt.k, tt.n, z)
		if math.Abs(lo-wlo) > 1e-7 || math.Abs(hi-whi) > 1e-7 {
			t.Errorf("Wilson(%d, %d): got [%.10f, %.10f]; want [%.10f, %.10f] at the exact quantile", tt.k, tt.n, lo, hi, wlo, whi)
		}
	}
}

func TestWilsonPublished(t *testing.T) {
	// Newcombe (1998), "Two-sided confidence intervals for the single
	// proportion", Statistics in Medicine 17:857–872, Table II, method 3
	// (the score interval without continuity correction), to 4 decimals.
	checkWilson4(t, "Newcombe 1998", []wilsonCase{
		{81, 263, 0.2553, 0.3662},
		{15, 148, 0.0624, 0.1605},
		{0, 20, 0, 0.1611},
		{1, 29, 0.0061, 0.1718},
	})
}

// signTestExact is the exact two-sided sign test of plus successes in n
// fair coin flips: P(|2B − n| ≥ |2·plus − n|) with B ~ Binomial(n, ½),
// summed in exact rationals.
func signTestExact(plus, n int) float64 {
	s := 2*plus - n
	if s < 0 {
		s = -s
	}
	hits := new(big.Int)
	for b := 0; b <= n; b++ {
		if d := 2*b - n; d >= s || -d >= s {
			hits.Add(hits, new(big.Int).Binomial(int64(n), int64(b)))
		}
	}
	p, _ := new(big.Rat).SetFrac(hits, new(big.Int).Lsh(big.NewInt(1), uint(n))).Float64()
	return p
}

func TestComparePValueIsSignTest(t *testing.T) {
	// When every question is judged once by each cell, a difference is −1,
	// 0 or +1, and the paired permutation test is the two-sided sign test
	// on the non-zero differences (a zero is the same under either sign).
	tests := []struct {
		plus, minus, zero int
		exact             float64 // the sign test, summed outside Go in exact fractions
	}{
		{15, 5, 0, 0.04138946533203125},
		{20, 10, 5, 0.09873714670538902},
		{28, 12, 0, 0.01658900337497471},
		{25, 25, 10, 1},
		{9, 1, 3, 0.021484375},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d+ %d- %d0", tt.plus, tt.minus, tt.zero), func(t *testing.T) {
			exact := signTestExact(tt.plus, tt.plus+tt.minus)
			if math.Abs(exact-tt.exact) > 1e-15 {
				t.Fatalf("sign test by exact binomial sums: got %v; want %v", exact, tt.exact)
			}
			a, b := map[string][]bool{}, map[string][]bool{}
			for i := range tt.plus + tt.minus + tt.zero {
				q := fmt.Sprintf("q%02d", i)
				switch {
				case i < tt.plus: // b right, a wrong: +1
					a[q], b[q] = counted(0, 1), counted(1, 1)
				case i < tt.plus+tt.minus: // −1
					a[q], b[q] = counted(1, 1), counted(0, 1)
				default: // both right: 0
					a[q], b[q] = counted(1, 1), counted(1, 1)
				}
			}
			p := Compare(append(pairedEpisodes("a", a), pairedEpisodes("b", b)...), keyA, keyB, 10, 7)
			// Permutations draws: 4 standard errors of sampling, plus the
			// add-one smoothing.
			tol := 4*math.Sqrt(exact*(1-exact)/Permutations) + 1.0/(Permutations+1)
			if math.Abs(p.PValue-exact) > tol {
				t.Errorf("got p %v; want the exact sign test %v within %.4f", p.PValue, exact, tol)
			}
		})
	}
}

// contingency expands a square table of counts (rater a's label by row, b's
// by column, labels 0, 1, …) into two label lists.
func contingency(table [][]int) (a, b []int) {
	for i, row := range table {
		for j, n := range row {
			for range n {
				a, b = append(a, i), append(b, j)
			}
		}
	}
	return a, b
}

func TestKappaPublished(t *testing.T) {
	tests := []struct {
		name  string
		table [][]int
		// kappa and agreement worked by hand from the table (exact), and
		// published, the value the source prints.
		kappa, agreement, published float64
	}{
		{
			// Cohen (1960), Table 1, as proportions of 200 items:
			// .44 .07 .09 / .05 .20 .05 / .01 .03 .06. p_o = .44 + .20 +
			// .06 = .70; the marginals are .60 .30 .10 and .50 .30 .20, so
			// p_c = .30 + .09 + .02 = .41 and κ = .29/.59 = .4915.
			name:      "Cohen 1960, three categories",
			table:     [][]int{{88, 14, 18}, {10, 40, 10}, {2, 6, 12}},
			kappa:     0.29 / 0.59,
			agreement: 0.70, published: 0.492,
		},
		{
			// Wikipedia, "Cohen's kappa", the worked example: 50 items,
			// 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no. p_o = 35/50 = .7;
			// a says yes 25 times, b 30: p_e = .5·.6 + .5·.4 = .5; κ = .4.
			name:      "Wikipedia worked example",
			table:     [][]int{{20, 5}, {10, 15}},
			kappa:     0.2 / 0.5,
			agreement: 0.7, published: 0.4,
		},
		{
			// Wikipedia, "Cohen's kappa", same agreement, other kappa,
			// case 1: 45 15 / 25 15. p_o = .6; yes 60 and 70 of 100:
			// p_e = .6·.7 + .4·.3 = .54; κ = .06/.46.
			name:      "Wikipedia, same agreement 1",
			table:     [][]int{{45, 15}, {25, 15}},
			kappa:     0.06 / 0.46,
			agreement: 0.6, published: 0.1304,
		},
		{
			// Case 2: 25 35 / 5 35. p_o = .6; yes 60 and 30 of 100:
			// p_e = .6·.3 + .4·.7 = .46; κ = .14/.54.
			name:      "Wikipedia, same agreement 2",
			table:     [][]int{{25, 35}, {5, 35}},
			kappa:     0.14 / 0.54,
			agreement: 0.6, published: 0.2593,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if math.Abs(tt.kappa-tt.published) > 5e-4 {
				t.Fatalf("worked kappa %v does not round to the published %v", tt.kappa, tt.published)
			}
			a, b := contingency(tt.table)
			k, agree := Kappa(a, b)
			if math.Abs(k-tt.kappa) > 1e-12 || math.Abs(agree-tt.agreement) > 1e-12 {
				t.Errorf("got kappa %v, agreement %v; want %v, %v", k, agree, tt.kappa, tt.agreement)
			}
		})
	}
}

func TestJudgeAgreementPublished(t *testing.T) {
	// Two judges re-judging the same 100 items of Wikipedia's case 1
	// (45 15 / 25 15): answer 0 is "yes". An unparsed verdict of either is
	// skipped, not counted as a label.
	a, b := contingency([][]int{{45, 15}, {25, 15}})
	var eps []transcript.Episode
	for i := range a {
		q := fmt.Sprintf("q%03d", i)
		eps = append(eps,
			episode("p", "direct", "t", "judge-a", q, "", a[i], ""),
			episode("p", "direct", "t", "judge-b", q, "", b[i], ""))
	}
	eps = append(eps,
		episode("p", "direct", "t", "judge-a", "q-unparsed", "", transcript.Unparsed, ""),
		episode("p", "direct", "t", "judge-b", "q-unparsed", "", 0, ""))
	got := JudgeAgreement(eps, "judge-a", "judge-b")
	if got.Items != 100 || got.Skipped != 1 || !got.KappaDefined ||
		math.Abs(got.Kappa-0.06/0.46) > 1e-12 || math.Abs(got.Agreement-0.6) > 1e-12 {
		t.Errorf("got %+v; want 100 items, 1 skipped, kappa %v, agreement 0.6", got, 0.06/0.46)
	}
}

func TestCalibrationBySummation(t *testing.T) {
	// Each verdict's probability is hundredths/100; the reference sums are
	// exact rationals. The binning is moot's: CalibrationBins = 10 equal
	// bins [k/10, (k+1)/10) of the probability p of the chosen answer, the
	// last closed at 1, so a verdict of hundredths h falls in bin
	// min(h/10, 9) (integer division); ECE = Σ_b (n_b/N)·|acc_b − conf_b|
	// over non-empty bins (Naeini et al. 2015; Guo et al. 2017) and
	// Brier = (1/N)·Σ (p − correct)² (Brier 1950).
	data := []struct {
		hundredths int
		correct    bool
	}{
		{5, false}, {10, true}, {10, false}, {19, false}, {35, true},
		{50, true}, {50, false}, {51, true}, {60, false}, {67, true},
		{70, true}, {70, true}, {73, false}, {80, true}, {88, true},
		{90, true}, {90, false}, {95, true}, {99, true}, {100, true},
		{100, false},
	}
	var eps []transcript.Episode
	for i, d := range data {
		answer := 1
		if d.correct {
			answer = 0
		}
		ep := episode("p", "direct", "t", "j", fmt.Sprintf("q%d", i), "", answer, "")
		ep.Verdict.Probability = float64(d.hundredths) / 100
		eps = append(eps, ep)
	}
	noProbability := episode("p", "direct", "t", "j", "q-none", "", 0, "")
	unparsed := episode("p", "direct", "t", "j", "q-unparsed", "", transcript.Unparsed, "")
	unparsed.Verdict.Probability = 0.9
	eps = append(eps, noProbability, unparsed)

	rat := func(h int) *big.Rat { return big.NewRat(int64(h), 100) }
	one := big.NewRat(1, 1)
	var conf, pCorrect, brier, right big.Rat
	type bin struct {
		n, right int
		conf     big.Rat
	}
	var bins [10]bin
	for _, d := range data {
		p, c := rat(d.hundredths), new(big.Rat)
		pc := new(big.Rat).Sub(one, p)
		if d.correct {
			c.SetInt64(1)
			pc.Set(p)
			right.Add(&right, one)
		}
		conf.Add(&conf, p)
		pCorrect.Add(&pCorrect, pc)
		e := new(big.Rat).Sub(p, c)
		brier.Add(&brier, e.Mul(e, e))
		b := &bins[min(d.hundredths/10, 9)]
		b.n++
		b.conf.Add(&b.conf, p)
		if d.correct {
			b.right++
		}
	}
	n := big.NewRat(int64(len(data)), 1)
	meanOf := func(s *big.Rat) float64 {
		f, _ := new(big.Rat).Quo(s, n).Float64()
		return f
	}
	var ece big.Rat
	var wantBins []CalibrationBin
	for k, b := range bins {
		if b.n == 0 {
			continue
		}
		nb := big.NewRat(int64(b.n), 1)
		bc := new(big.Rat).Quo(&b.conf, nb)
		gap := new(big.Rat).Sub(big.NewRat(int64(b.right), int64(b.n)), bc)
		ece.Add(&ece, gap.Abs(gap).Mul(gap, nb))
		c, _ := bc.Float64()
		wantBins = append(wantBins, CalibrationBin{Lo: float64(k) / 10, Hi: float64(k+1) / 10, N: b.n, Confidence: c, Accuracy: float64(b.right) / float64(b.n)})
	}

	got := ComputeCalibration(eps)
	if got == nil {
		t.Fatal("got no calibration; want one")
	}
	if got.N != len(data) {
		t.Errorf("got N %d; want %d", got.N, len(data))
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"mean confidence", got.MeanConfidence, meanOf(&conf)},
		{"accuracy", got.Accuracy, meanOf(&right)},
		{"mean p(correct)", got.MeanPCorrect, meanOf(&pCorrect)},
		{"Brier", got.Brier, meanOf(&brier)},
		{"ECE", got.ECE, meanOf(&ece)},
	} {
		// The sums are kept in fixed point with 2⁻³² steps.
		if math.Abs(c.got-c.want) > 1e-9 {
			t.Errorf("%s: got %.12f; want %.12f", c.name, c.got, c.want)
		}
	}
	if len(got.Bins) != len(wantBins) {
		t.Fatalf("got %d bins %+v; want %d %+v", len(got.Bins), got.Bins, len(wantBins), wantBins)
	}
	for i, w := range wantBins {
		g := got.Bins[i]
		if g.Lo != w.Lo || g.Hi != w.Hi || g.N != w.N || math.Abs(g.Confidence-w.Confidence) > 1e-9 || g.Accuracy != w.Accuracy {
			t.Errorf("bin %d: got %+v; want %+v", i, g, w)
		}
	}
}

// eloPoints is the Elo scale: a gap of 400 points is odds of 10 to 1.
const eloPoints = 400 / math.Ln10

// winTable is games between named players: wins[i][j] is the number of
// games players[i] won against players[j].
type winTable struct {
	players []string
	wins    [][]int
}

// games lists the table as Games, each on its own question.
func (w winTable) games() []Game {
	var games []Game
	for i := range w.players {
		for j := range w.players {
			for k := range w.wins[i][j] {
				games = append(games, Game{A: w.players[i], B: w.players[j], AWins: true, Question: fmt.Sprintf("%d-%d-%d", i, j, k)})
			}
		}
	}
	return games
}

// bradleyTerryMM is the maximum likelihood Bradley–Terry fit by Hunter's
// (2004) MM iterations, γ_i ← W_i / Σ_j n_ij/(γ_i + γ_j), with W_i player
// i's wins and n_ij the games of i and j, normalized to a geometric mean of
// 1. It returns Elo ratings with mean EloMean: the same anchor as Elo. The
// MLE exists when every split of the players into two groups has each
// group winning a game against the other.
func bradleyTerryMM(w winTable) []float64 {
	np := len(w.players)
	gamma := make([]float64, np)
	for i := range gamma {
		gamma[i] = 1
	}
	for range 100000 {
		next := make([]float64, np)
		var logSum float64
		for i := range np {
			var won, denom float64
			for j := range np {
				won += float64(w.wins[i][j])
				if n := float64(w.wins[i][j] + w.wins[j][i]); n > 0 {
					denom += n / (gamma[i] + gamma[j])
				}
			}
			next[i] = won / denom
			logSum += math.Log(next[i])
		}
		var moved float64
		for i := range next {
			next[i] /= math.Exp(logSum / float64(np))
			moved = max(moved, math.Abs(math.Log(next[i]/gamma[i])))
		}
		gamma = next
		if moved < 1e-13 {
			break
		}
	}
	out := make([]float64, np)
	for i, g := range gamma {
		out[i] = EloMean + eloPoints*math.Log(g)
	}
	return out
}

// bradleyTerryMAPByCoordinates is the posterior mode of Elo's model — the
// Bradley–Terry likelihood times independent N(0, s²) priors on the
// natural-log strengths θ_i, s = EloPriorSD in natural-log units — found by
// cyclic coordinate ascent, not Newton's method: each θ_i in turn is set to
// the zero of ∂/∂θ_i = W_i − Σ_j n_ij·σ(θ_i − θ_j) − θ_i/s², which
// decreases in θ_i, by bisection. The posterior is strictly concave, so
// the sweeps converge to its unique maximum, where Σ θ_i = 0 (the gradients
// sum to −Σ θ_i/s²); the ratings are EloMean + θ_i·400/ln 10.
func bradleyTerryMAPByCoordinates(w winTable) []float64 {
	np := len(w.players)
	s := EloPriorSD / eloPoints
	theta := make([]float64, np)
	sig := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
	for range 10000 {
		var moved float64
		for i := range np {
			grad := func(x float64) float64 {
				g := -x / (s * s)
				for j := range np {
					if j != i {
						g += float64(w.wins[i][j]) - float64(w.wins[i][j]+w.wins[j][i])*sig(x-theta[j])
					}
				}
				return g
			}
			lo, hi := -50.0, 50.0
			for range 100 {
				if m := (lo + hi) / 2; grad(m) > 0 {
					lo = m
				} else {
					hi = m
				}
			}
			x := (lo + hi) / 2
			moved = max(moved, math.Abs(x-theta[i]))
			theta[i] = x
		}
		if moved < 1e-12 {
			break
		}
	}
	out := make([]float64, np)
	for i, t := range theta {
		out[i] = EloMean + eloPoints*t
	}
	return out
}

func TestEloPosteriorModeByCoordinateAscent(t *testing.T) {
	// Five players: a never lost to b, e played only d, c and e never met
	// a; the prior keeps every rating finite.
	w := winTable{
		players: []string{"a", "b", "c", "d", "e"},
		wins: [][]int{
			{0, 4, 3, 2, 0},
			{0, 0, 5, 1, 0},
			{2, 3, 0, 4, 0},
			{1, 2, 2, 0, 3},
			{0, 0, 0, 1, 0},
		},
	}
	want := bradleyTerryMAPByCoordinates(w)
	got := Elo(w.games(), 1, 1)
	for i, p := range w.players {
		if r := rating(got, p).Rating; math.Abs(r-want[i]) > 1e-6 {
			t.Errorf("%s: got rating %.9f; want %.9f (coordinate ascent)", p, r, want[i])
		}
	}
}

func TestEloAgainstMaximumLikelihood(t *testing.T) {
	// With many games the prior's pull is small, and Elo's fit is the
	// maximum likelihood: Hunter's MM, and for two players the closed
	// form, the log-odds of the win share.
	scaled := func(k int, wins [][]int) [][]int {
		out := make([][]int, len(wins))
		for i, row := range wins {
			for _, x := range row {
				out[i] = append(out[i], k*x)
			}
		}
		return out
	}
	tests := []struct {
		name string
		w    winTable
		// tol is in Elo points. The prior moves θ_i by about
		// (θ_i/s²) / Σ_j n_ij·p_ij(1 − p_ij): with these thousands of
		// games, under 0.05 points.
		tol float64
	}{
		{"two players", winTable{[]string{"a", "b"}, scaled(100, [][]int{{0, 30}, {10, 0}})}, 0.1},
		{"four players", winTable{[]string{"a", "b", "c", "d"}, scaled(100, [][]int{
			{0, 6, 7, 9},
			{4, 0, 5, 8},
			{3, 5, 0, 6},
			{1, 2, 4, 0},
		})}, 0.1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := bradleyTerryMM(tt.w)
			if len(want) == 2 {
				// Closed form: r_a − r_b = 400·log10(W_a / W_b).
				wa, wb := float64(tt.w.wins[0][1]), float64(tt.w.wins[1][0])
				if gap := want[0] - want[1]; math.Abs(gap-400*math.Log10(wa/wb)) > 1e-9 {
					t.Fatalf("MM gap %v; want the closed form %v", gap, 400*math.Log10(wa/wb))
				}
			}
			got := Elo(tt.w.games(), 1, 1)
			for i, p := range tt.w.players {
				if r := rating(got, p).Rating; math.Abs(r-want[i]) > tt.tol {
					t.Errorf("%s: got rating %.4f; want %.4f (MM) within %v", p, r, want[i], tt.tol)
				}
			}
		})
	}
}
