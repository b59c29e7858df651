package analysis

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// TestTTestPByHand: the t test's p-value against the closed forms of
// Student's t with one degree of freedom (Cauchy: p = 1 − (2/π)·atan|t|)
// and two (p = 1 − |t|/√(t² + 2)), and against the tabled 97.5% point
// for nine (2.262157), where p is 0.05.
func TestTTestPByHand(t *testing.T) {
	tOf := func(xs []float64) float64 {
		var m, ss float64
		for _, x := range xs {
			m += x / float64(len(xs))
		}
		for _, x := range xs {
			ss += (x - m) * (x - m)
		}
		return math.Abs(m) / math.Sqrt(ss/float64(len(xs)-1)/float64(len(xs)))
	}
	two := []float64{0.1, 0.3}
	if got, want := tTestP(two), 1-2/math.Pi*math.Atan(tOf(two)); math.Abs(got-want) > 1e-9 {
		t.Errorf("one degree of freedom: p %v, want %v", got, want)
	}
	three := []float64{0.1, 0.2, -0.6}
	tt := tOf(three)
	if got, want := tTestP(three), 1-tt/math.Sqrt(tt*tt+2); math.Abs(got-want) > 1e-9 {
		t.Errorf("two degrees of freedom: p %v, want %v", got, want)
	}
	// Ten values whose t statistic is the tabled t(0.975, 9): nine at d
	// and one at d + e, solved so that mean/(sd/√10) = 2.262157.
	ten := make([]float64, 10)
	for i := range ten {
		ten[i] = 0.02
	}
	ten[9] = 0.02 + searchT(func(e float64) float64 {
		ten[9] = 0.02 + e
		return tOf(ten)
	}, 2.262157)
	if got := tTestP(ten); math.Abs(got-0.05) > 2e-6 {
		t.Errorf("at the tabled t(0.975, 9): p %v, want 0.05", got)
	}
}

// searchT is the e in (−1, 0) at which f(e) is target, f falling in e
// there (a value below the others lowers t by raising the spread).
func searchT(f func(float64) float64, target float64) float64 {
	lo, hi := -1.0, -1e-9
	for range 200 {
		mid := (lo + hi) / 2
		if f(mid) > target {
			hi = mid
		} else {
			lo = mid
		}
	}
	return (lo + hi) / 2
}

// exactSignFlipP is the sign-flip p-value of the sum of terms computed
// by going through every one of the 2^k sign patterns of the k nonzero
// terms: the share whose |sum| is at least the observed one.
func exactSignFlipP(terms []float64) float64 {
	var nz []float64
	var observed float64
	for _, x := range terms {
		observed += x
		if x != 0 {
			nz = append(nz, x)
		}
	}
	hits := 0
	for mask := range 1 << len(nz) {
		var s float64
		for i, x := range nz {
			if mask&(1<<i) != 0 {
				x = -x
			}
			s += x
		}
		if math.Abs(s) >= math.Abs(observed)-1e-9 {
			hits++
		}
	}
	return float64(hits) / float64(int(1)<<len(nz))
}

// TestSeedPermutationPMatchesEnumeration: the sign-flip test over seeds
// against every sign pattern, seeds of unlike sizes weighting their
// questions unlike, groups swapped whole.
func TestSeedPermutationPMatchesEnumeration(t *testing.T) {
	reps := []map[string]unitSum{
		{"q1": {1, 1}, "q2": {1, 1}, "q3": {0, 1}, "q4": {-1, 1}, "g1": {2, 2}},
		{"q1": {1, 1}, "q2": {0.5, 1}, "q3": {1, 1}},
		{"q1": {-1, 1}, "q2": {1, 1}, "g1": {1, 3}, "q5": {1, 1}},
	}
	var terms []float64
	for _, r := range reps {
		n := 0
		for _, u := range r {
			n += u.n
		}
		for _, u := range r {
			terms = append(terms, u.sum/float64(n))
		}
	}
	exact := exactSignFlipP(terms)
	for key := range uint64(4) {
		got := seedPermutationP(reps, Permutations, key)
		if se := math.Sqrt(exact * (1 - exact) / Permutations); math.Abs(got-exact) > 4*se+1.0/Permutations {
			t.Errorf("key %d: p %v, want %v ± %v (every sign pattern)", key, got, exact, 4*se)
		}
	}
}

// TestReplicateComparisonPValues: a replicated run's comparison has its
// p-value by the test its interval names, and the run's comparisons are
// adjusted by Holm's method together. Seeds of questions of their own get
// the t test (checked by hand in TestReplicateSummaryByHand); seeds that
// share questions the sign-flip over them, here against every pattern:
// direct right on q0 at seed 1 and on q0, q1 at seed 2, debate on all
// four and on q0, q1, q2, so that the differences are 0, 1, 1, 1 and 0,
// 0, 1, 0 — four nonzero, all of one sign: p = 2/2⁴.
func TestReplicateComparisonPValues(t *testing.T) {
	z := NewReplicateSummarizer("x", []uint64{1, 2})
	direct, debate := []int{1, 2}, []int{4, 3}
	for r := range 2 {
		for q := range 4 {
			for _, p := range []struct {
				protocol string
				right    int
			}{{"direct", direct[r]}, {"debate", debate[r]}} {
				answer := 1
				if q < p.right {
					answer = 0
				}
				e := episode(p.protocol, p.protocol, "t", "j", fmt.Sprintf("q%d", q), "x", answer, "")
				z.Add(r, &e)
			}
		}
	}
	rs := z.Summary(z.Summaries())
	if len(rs.Comparisons) != 1 {
		t.Fatalf("%d comparisons, want 1: %+v", len(rs.Comparisons), rs.Comparisons)
	}
	c := rs.Comparisons[0]
	if c.CIMethod != MethodReplicatesCrossed || c.PMethod != PMethodSeedPermutation || c.PValue == nil || c.PHolm == nil {
		t.Fatalf("%s interval, %q test, p %v, p Holm %v; want the crossed bootstrap and the sign-flip over seeds", c.CIMethod, c.PMethod, c.PValue, c.PHolm)
	}
	const exact = 2.0 / 16
	if se := math.Sqrt(exact * (1 - exact) / Permutations); math.Abs(*c.PValue-exact) > 4*se {
		t.Errorf("p %v, want %v ± %v", *c.PValue, exact, 4*se)
	}
	if *c.PHolm != *c.PValue {
		t.Errorf("p Holm %v of a family of one, want p itself (%v)", *c.PHolm, *c.PValue)
	}
}

// TestReplicatePValuesUnderNull: where the two cells judge alike, a test
// at 5% rejects about 5% of studies (the t test, seeds of their own
// questions), or at most that (the sign-flip test, seeds sharing
// questions: ties make it conservative).
func TestReplicatePValuesUnderNull(t *testing.T) {
	studies := 1000
	if testing.Short() {
		studies = 300
	}
	r := rand.New(rand.NewPCG(5, 8))
	// One seed's per-question differences of two cells that judge each
	// question alike: each question is judged right with its own chance,
	// twice by each cell.
	draw := func(qs []float64) map[string]unitSum {
		out := map[string]unitSum{}
		for i, p := range qs {
			right := 0
			for k := range 4 {
				if r.Float64() < p {
					right += 1 - 2*(k/2) // +1 for a, −1 for b
				}
			}
			out[fmt.Sprintf("q%d", i)] = unitSum{float64(right) / 2, 1}
		}
		return out
	}
	chances := func(n int) []float64 {
		qs := make([]float64, n)
		for i := range qs {
			qs[i] = r.Float64()
		}
		return qs
	}
	tRejects, permRejects := 0, 0
	for i := range studies {
		means := make([]float64, 8)
		for s := range means {
			// A seed's own questions.
			means[s] = unitMean(valuesOf(draw(chances(30))))
		}
		if _, sd, _, _ := spread(means); sd > 0 && tTestP(means) < 0.05 {
			tRejects++
		}
		shared := chances(30)
		reps := make([]map[string]unitSum, 4)
		for s := range reps {
			reps[s] = draw(shared)
		}
		if seedPermutationP(reps, 500, uint64(i)) < 0.05 {
			permRejects++
		}
	}
	if rate := float64(tRejects) / float64(studies); rate < 0.03 || rate > 0.07 {
		t.Errorf("t test: rejected %.1f%% of %d null studies, want about 5%%", 100*rate, studies)
	} else {
		t.Logf("t test: rejected %.1f%% of %d null studies", 100*rate, studies)
	}
	if rate := float64(permRejects) / float64(studies); rate > 0.065 {
		t.Errorf("sign-flip over seeds: rejected %.1f%% of %d null studies, want 5%% or less", 100*rate, studies)
	} else {
		t.Logf("sign-flip over seeds: rejected %.1f%% of %d null studies", 100*rate, studies)
	}
}

// valuesOf is m's values in key order.
func valuesOf(m map[string]unitSum) []unitSum {
	var out []unitSum
	for v := range valuesByKey(m) {
		out = append(out, v)
	}
	return out
}

// TestATinyPIsNotZero: a t test's p can be far below 0.0001, which four
// places round to 0: summary.json keeps four significant digits of it,
// and the tables say "< 0.0001", not that p is 0.
func TestATinyPIsNotZero(t *testing.T) {
	p, holm := 3.21987e-7, 6.43974e-7
	c := ReplicateComparison{PValue: &p, PHolm: &holm, OverSeeds: OverSeeds{Replicates: 10, Mean: 0.3,
		Interval: Interval{CILow: 0.25, CIHigh: 0.35, CIMethod: MethodReplicatesT}}}
	data, err := c.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if s := string(data); !strings.Contains(s, `"p_value":3.22e-7`) || !strings.Contains(s, `"p_holm":6.44e-7`) {
		t.Errorf("summary.json has %s; want p_value 3.22e-7 and p_holm 6.44e-7", s)
	}
	if got := c.PValueText(); got != "< 0.0001" {
		t.Errorf("p printed %q; want < 0.0001", got)
	}
	big := 0.04567
	c.PValue = &big
	if data, _ := c.MarshalJSON(); !strings.Contains(string(data), `"p_value":0.0457`) {
		t.Errorf("summary.json has %s; want p_value 0.0457, four places as every number", data)
	}
}

// TestATinyPSurvivesTheSummary: a replicated run whose seeds all show a
// large difference has a t test p far below 10⁻⁹ (12 seeds, t = 57 at 11
// degrees of freedom: 5.8·10⁻¹⁵, by integrating t's density here), which
// the summary keeps (it rounded p to nine places, to 0, so that
// summary.json wrote 0 and the tables 0.0000), summary.json writes to
// four significant digits and the tables print "< 0.0001".
func TestATinyPSurvivesTheSummary(t *testing.T) {
	seeds := make([]uint64, 12)
	for i := range seeds {
		seeds[i] = uint64(i + 1)
	}
	z := NewReplicateSummarizer("x", seeds)
	var diffs []float64
	for s := range seeds {
		directRight, debateRight := 2+s%3, 19+s%2 // of 20 questions of the seed's own
		for q := range 20 {
			for _, p := range []struct {
				protocol string
				right    int
			}{{"direct", directRight}, {"debate", debateRight}} {
				answer := 1
				if q < p.right {
					answer = 0
				}
				e := episode(p.protocol, p.protocol, "t", "j", fmt.Sprintf("s%dq%d", s, q), "x", answer, "")
				z.Add(s, &e)
			}
		}
		diffs = append(diffs, float64(debateRight-directRight)/20)
	}
	m, sd, _, _ := spread(diffs)
	want := tTwoSidedByIntegration(m/(sd/math.Sqrt(12)), 11)
	rs := z.Summary(z.Summaries())
	c := rs.Comparisons[0]
	if c.PMethod != MethodReplicatesT || c.PValue == nil || c.PHolm == nil || math.Abs(*c.PValue-want) > 1e-6*want {
		t.Fatalf("p %s by %q, p Holm %s; want %.6g by the t test, p Holm the same", pointed(c.PValue), c.PMethod, pointed(c.PHolm), want)
	}
	if *c.PHolm != *c.PValue {
		t.Errorf("p Holm %v of a family of one, want p itself (%v)", *c.PHolm, *c.PValue)
	}
	data, err := c.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	four := strconv.FormatFloat(roundP(want), 'g', -1, 64)
	if s := string(data); four == "0" || !strings.Contains(s, `"p_value":`+four+`,`) || !strings.Contains(s, `"p_holm":`+four+`,`) {
		t.Errorf("summary.json has %s; want p_value and p_holm %s", s, four)
	}
	if got := c.PValueText(); got != "< 0.0001" {
		t.Errorf("p printed %q; want < 0.0001", got)
	}
}

// tTwoSidedByIntegration is the two-sided tail of Student's t with nu > 1
// degrees of freedom beyond |t|: its density integrated from |t| to ∞ by
// Simpson's rule, after x = |t|/u, over u in (0, 1] (the integrand is 0 at
// u = 0 where nu > 1).
func tTwoSidedByIntegration(t, nu float64) float64 {
	t = math.Abs(t)
	lg1, _ := math.Lgamma((nu + 1) / 2)
	lg2, _ := math.Lgamma(nu / 2)
	c := math.Exp(lg1 - lg2 - 0.5*math.Log(nu*math.Pi))
	f := func(u float64) float64 {
		if u == 0 {
			return 0
		}
		x := t / u
		return c * math.Pow(1+x*x/nu, -(nu+1)/2) * t / (u * u)
	}
	const n = 20000
	s := f(0) + f(1)
	for i := 1; i < n; i++ {
		s += float64(2+2*(i%2)) * f(float64(i)/n)
	}
	return 2 * s / (3 * n)
}

// pointed is *p for a message, "nil" for none.
func pointed(p *float64) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprint(*p)
}

// TestSeedPermutationPFromEpisodes: the sign-flip over seeds of a run
// made from episodes, against every sign pattern of terms worked out here
// from the verdicts: three seeds sharing some of six questions, two
// groups of two (a group swapped whole, and a group one seed has one
// question of), seeds of 6, 4 and 4 paired questions (a question weighs
// 1/n of its seed's difference), two verdicts a question, a question only
// direct judged and a failed debate episode at each seed (neither
// paired), the difference's verdicts drawn at random in each trial.
func TestSeedPermutationPFromEpisodes(t *testing.T) {
	group := map[string]string{"q0": "g1", "q1": "g1", "q2": "g2", "q3": "g2"}
	seedQs := [][]string{{"q0", "q1", "q2", "q3", "q4", "q5"}, {"q0", "q1", "q2", "q4"}, {"q1", "q3", "q4", "q5"}}
	r := rand.New(rand.NewPCG(3, 4))
	for trial := range 4 {
		z := NewReplicateSummarizer("x", []uint64{1, 2, 3})
		var terms []float64
		mean := 0.0
		for s, qs := range seedQs {
			units := map[string]float64{}
			for _, q := range qs {
				unit := cmp.Or(group[q], q)
				for _, p := range []struct {
					protocol string
					sign     float64
					chance   float64
				}{{"direct", -1, 0.4}, {"debate", 1, 0.75}} {
					for _, order := range []string{"correct-first", "correct-second"} {
						answer := 1
						if r.Float64() < p.chance {
							answer = 0
							units[unit] += p.sign / 2 // half the question's accuracy
						}
						e := episode(p.protocol, p.protocol, "t", "j", q, order, answer, "")
						e.Group = group[q]
						z.Add(s, &e)
					}
				}
			}
			solo := episode("direct", "direct", "t", "j", fmt.Sprintf("solo%d", s), "correct-first", 0, "")
			failed := episode("debate", "debate", "t", "j", qs[0], "correct-first", 0, "agent down")
			failed.Group = group[qs[0]]
			z.Add(s, &solo)
			z.Add(s, &failed)
			for _, u := range units {
				terms = append(terms, u/float64(len(qs)))
				mean += u / float64(len(qs)) / 3
			}
		}
		rs := z.Summary(z.Summaries())
		if len(rs.Comparisons) != 1 {
			t.Fatalf("%d comparisons, want 1", len(rs.Comparisons))
		}
		c := rs.Comparisons[0]
		exact := exactSignFlipP(terms)
		se := math.Sqrt(exact * (1 - exact) / Permutations)
		if c.PMethod != PMethodSeedPermutation || c.PValue == nil || math.Abs(*c.PValue-exact) > 4*se+1.0/Permutations || !near(c.Mean, mean) {
			t.Errorf("trial %d: mean %v, p %s by %q; want %v, and %v (every sign pattern of %d terms) by %s",
				trial, c.Mean, pointed(c.PValue), c.PMethod, mean, exact, len(terms), PMethodSeedPermutation)
		}
	}
}

// BenchmarkSeedPermutationP: the sign-flip over 10 seeds of 1,000 shared
// questions each, whose differences take few values (one episode a
// question each side: −1, 0, 1 over the seed's count, the by-value loop)
// or many (the loop over terms).
func BenchmarkSeedPermutationP(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		name  string
		value func() float64
	}{
		{"few-values", func() float64 { return float64(r.IntN(3) - 1) }},
		{"many-values", func() float64 { return r.Float64() - 0.5 }},
	} {
		reps := make([]map[string]unitSum, 10)
		for s := range reps {
			reps[s] = map[string]unitSum{}
			for q := range 1000 {
				reps[s][fmt.Sprint("q", q)] = unitSum{tc.value(), 1}
			}
		}
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				seedPermutationP(reps, Permutations, 1)
			}
		})
	}
}

// TestPWhereSomeSeedsQuestionsAreNotAtHand: a comparison whose seeds'
// questions are not all at hand (a summary given without the episodes
// of each of its seeds), and whose seeds' differences have no spread
// for the t test, takes the largest of the seeds' own p-values: the
// t test of differences alike would say p = 0, and the sign-flip over
// the questions at hand would test some of the seeds only.
func TestPWhereSomeSeedsQuestionsAreNotAtHand(t *testing.T) {
	played := func(z *ReplicateSummarizer, r int) {
		for q := range 4 {
			for _, p := range []struct {
				protocol string
				right    int
			}{{"direct", 1}, {"debate", 3}} {
				answer := 1
				if q < p.right {
					answer = 0
				}
				e := episode(p.protocol, p.protocol, "t", "j", fmt.Sprintf("q%d", q), "x", answer, "")
				z.Add(r, &e)
			}
		}
	}
	// ownP are the seeds' own p-values, the first the largest.
	ownP := []float64{0.31, 0.02}
	for _, tc := range []struct {
		name  string
		atRep []int // the replicates whose episodes the summarizer has
	}{
		{"none at hand", nil},
		{"one seed's at hand", []int{0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			whole := NewReplicateSummarizer("x", []uint64{1, 2})
			played(whole, 0)
			own := whole.Summaries()[0]
			if len(own.Comparisons) != 1 {
				t.Fatalf("%d comparisons in a seed; want 1", len(own.Comparisons))
			}
			z := NewReplicateSummarizer("x", []uint64{1, 2})
			for _, r := range tc.atRep {
				played(z, r)
			}
			sums := make([]Summary, 2)
			for i := range sums {
				sums[i] = own
				sums[i].Comparisons = []Paired{own.Comparisons[0]}
				sums[i].Comparisons[0].PValue = ownP[i]
			}
			c := z.Summary(sums).Comparisons[0]
			if c.PMethod != PMethodLargest || c.PValue == nil || *c.PValue != ownP[0] {
				t.Errorf("p %s by %q; want %v by %s, the largest of the seeds' own", pointed(c.PValue), c.PMethod, ownP[0], PMethodLargest)
			}
		})
	}
}

// TestRoundPKeepsFourSignificantDigits: summary.json's p is rounded to
// four places, and a p that would round to 0 there to four significant
// digits.
func TestRoundPKeepsFourSignificantDigits(t *testing.T) {
	for _, tc := range []struct{ p, want float64 }{
		{0.04567, 0.0457},
		{1, 1},
		{0, 0},
		{1.23456e-7, 1.235e-7},
		{9.87654e-12, 9.877e-12},
		{4.99951e-5, 5e-5},
	} {
		if got := roundP(tc.p); got != tc.want {
			t.Errorf("roundP(%v) = %v; want %v", tc.p, got, tc.want)
		}
	}
}

// TestDisagreesAtFivePercent: an interval and a p-value disagree where
// one, as summary.json has it, says the difference is not 0 at 5% and
// the other does not: p = 0.05 is not below 5%, and an interval that
// touches 0 does not exclude it.
func TestDisagreesAtFivePercent(t *testing.T) {
	for _, tc := range []struct {
		name   string
		lo, hi float64
		p      float64
		want   bool
	}{
		{"above 0, p below 5%", 0.01, 0.2, 0.049, false},
		{"above 0, p at 5%", 0.01, 0.2, 0.05, true},
		{"above 0, p rounding to 5%", 0.01, 0.2, 0.04996, true},
		{"below 0, p above 5%", -0.2, -0.01, 0.2, true},
		{"touching 0, p at 5%", 0, 0.2, 0.05, false},
		{"touching 0, p below 5%", -0.2, 0, 0.01, true},
		{"across 0, p above 5%", -0.1, 0.2, 0.5, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.p
			c := ReplicateComparison{PValue: &p, OverSeeds: OverSeeds{Interval: Interval{CILow: tc.lo, CIHigh: tc.hi}}}
			if got := c.Disagrees(); got != tc.want {
				t.Errorf("[%v, %v] with p %v: disagrees %v; want %v", tc.lo, tc.hi, tc.p, got, tc.want)
			}
		})
	}
}
