package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// raterPair draws n items rated by two judges: a says 1 with probability
// pa; b copies a's label with probability copy, else says 1 with
// probability pb on its own. The population kappa is then exactly copy·(…):
// trueKappa computes it.
func raterPair(r *rand.Rand, n int, pa, pb, copy float64) (a, b []int) {
	for range n {
		la := 0
		if r.Float64() < pa {
			la = 1
		}
		lb := la
		if r.Float64() >= copy {
			lb = 0
			if r.Float64() < pb {
				lb = 1
			}
		}
		a, b = append(a, la), append(b, lb)
	}
	return a, b
}

// trueKappa is the kappa of raterPair's population: b says 1 with
// probability q = copy·pa + (1 − copy)·pb; they agree with probability
// copy + (1 − copy)(pa·pb + (1 − pa)(1 − pb)); chance is pa·q + (1 − pa)(1 − q).
func trueKappa(pa, pb, copy float64) float64 {
	q := copy*pa + (1-copy)*pb
	po := copy + (1-copy)*(pa*pb+(1-pa)*(1-pb))
	pe := pa*q + (1-pa)*(1-q)
	return (po - pe) / (1 - pe)
}

// fleissSE is the large-sample standard error of kappa of the labels a
// and b (0 or 1) as Fleiss, Cohen and Everitt (1969) give it, an
// estimator independent of the bootstrap.
func fleissSE(a, b []int) float64 {
	n := float64(len(a))
	var p [2][2]float64
	for i := range a {
		p[a[i]][b[i]] += 1 / n
	}
	row := [2]float64{p[0][0] + p[0][1], p[1][0] + p[1][1]}
	col := [2]float64{p[0][0] + p[1][0], p[0][1] + p[1][1]}
	po := p[0][0] + p[1][1]
	pe := row[0]*col[0] + row[1]*col[1]
	k := (po - pe) / (1 - pe)
	var s float64
	for i := range 2 {
		s += p[i][i] * math.Pow(1-(row[i]+col[i])*(1-k), 2)
	}
	for i := range 2 {
		for j := range 2 {
			if i != j {
				s += (1 - k) * (1 - k) * p[i][j] * math.Pow(col[i]+row[j], 2)
			}
		}
	}
	s -= math.Pow(k-pe*(1-k), 2)
	return math.Sqrt(s / (n * (1 - pe) * (1 - pe)))
}

// one unit an item: each item its own question.
func ownUnits(n int) []string {
	us := make([]string, n)
	for i := range us {
		us[i] = fmt.Sprint(i)
	}
	return us
}

func TestKappaIntervalAgainstFleiss(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, c := range []struct{ pa, pb, copy float64 }{{0.5, 0.5, 0.6}, {0.7, 0.4, 0.5}, {0.3, 0.3, 0.8}} {
		a, b := raterPair(r, 2000, c.pa, c.pb, c.copy)
		k, _, _ := cohenKappa(a, b)
		ci := kappaInterval(a, b, ownUnits(len(a)), ownUnits(len(a)), Resamples, 7)
		se := fleissSE(a, b)
		width, want := ci.CIHigh-ci.CILow, 2*1.959964*se
		t.Logf("%+v: kappa %.3f, bootstrap [%.3f, %.3f], Fleiss ±%.3f", c, k, ci.CILow, ci.CIHigh, 1.959964*se)
		if math.Abs(width-want) > 0.1*want || ci.CILow > k || ci.CIHigh < k {
			t.Errorf("%+v: bootstrap width %.4f around %.3f; want within 10%% of Fleiss et al.'s %.4f", c, width, k, want)
		}
	}
}

func TestKappaIntervalCoverage(t *testing.T) {
	t.Parallel()
	const pa, pb, copy = 0.6, 0.5, 0.6
	truth := trueKappa(pa, pb, copy)
	r := rand.New(rand.NewPCG(5, 6))
	checkCoverage(t, fmt.Sprintf("kappa %.3f, 150 items", truth), 1000, 0.92, 0.97, func(s int) bool {
		a, b := raterPair(r, 150, pa, pb, copy)
		ci := kappaInterval(a, b, ownUnits(len(a)), ownUnits(len(a)), coverageResamples, uint64(s))
		return ci != nil && ci.CILow <= truth && truth <= ci.CIHigh
	})
}

// Items of one question (its two orders) are drawn together: two copies
// of each item, one question for both, give the interval of the items
// alone, where as independent items they would give a narrower one.
func TestKappaIntervalDrawsQuestions(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	a, b := raterPair(r, 80, 0.5, 0.5, 0.6)
	single := kappaInterval(a, b, ownUnits(80), ownUnits(80), Resamples, 7)
	aa, bb := append(append([]int{}, a...), a...), append(append([]int{}, b...), b...)
	units := append(ownUnits(80), ownUnits(80)...)
	twice := kappaInterval(aa, bb, units, units, Resamples, 7)
	loose := kappaInterval(aa, bb, ownUnits(160), ownUnits(160), Resamples, 7)
	if !near(single.CILow, twice.CILow) || !near(single.CIHigh, twice.CIHigh) {
		t.Errorf("each question twice: %v; want the items' own %v", twice, single)
	}
	if loose.CIHigh-loose.CILow >= single.CIHigh-single.CILow {
		t.Errorf("as loose items %v; want narrower than %v", loose, single)
	}
}

func TestJudgeAgreementInterval(t *testing.T) {
	var eps []transcript.Episode
	r := rand.New(rand.NewPCG(10, 11))
	a, b := raterPair(r, 60, 0.5, 0.5, 0.7)
	for i := range a {
		q := fmt.Sprintf("q%02d", i)
		eps = append(eps,
			episode("direct", "direct", "qa", "ja", q, "correct-first", a[i], ""),
			episode("direct", "direct", "qa", "jb", q, "correct-first", b[i], ""))
	}
	ag := JudgeAgreement(eps, "ja", "jb")
	units := make([]string, len(a))
	for i := range units {
		units[i] = transcript.QuestionKey("qa", fmt.Sprintf("q%02d", i))
	}
	want := kappaInterval(a, b, units, units, Resamples, hashStrings("kappa", "ja", "jb"))
	if ag.KappaCI == nil || want == nil || ag.KappaCI.CILow > ag.Kappa || ag.KappaCI.CIHigh < ag.Kappa || ag.KappaCI.CIMethod != MethodBootstrap {
		t.Fatalf("kappa %.3f with interval %v; want one around it", ag.Kappa, ag.KappaCI)
	}
	if *ag.KappaCI != *want {
		t.Errorf("interval %v; want the bootstrap over its 60 questions, %v", ag.KappaCI, want)
	}
	// One question: no interval.
	if ag := JudgeAgreement(eps[:2], "ja", "jb"); ag.KappaCI != nil {
		t.Errorf("one question: interval %v; want none", ag.KappaCI)
	}
}

// A grader's kappa against the truth has the interval of two judges'
// kappa, over the graded questions: the same bootstrap over the same
// counts, from the cell's own seed; none with one question.
func TestGradingKappaInterval(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 13))
	right, said := raterPair(r, 80, 0.5, 0.5, 0.6)
	var eps []transcript.Episode
	var counts kappaCounts
	for i := range right {
		q := fmt.Sprintf("q%02d", i/2)
		call := transcript.GradeIncorrect
		if said[i] == 1 {
			call = transcript.GradeCorrect
		}
		eps = append(eps, graded(q, fmt.Sprint("taker-", i%2), right[i] == 1, call))
		qk := transcript.QuestionKey("t", q)
		counts.add(qk, qk, right[i], said[i])
	}
	g := Summarize("x", 3, eps).Cells[0].Grading
	k, _, _ := cohenKappa(right, said)
	if g == nil || g.KappaCI == nil || !near(g.Kappa, k) || g.KappaCI.CILow > k || g.KappaCI.CIHigh < k {
		t.Fatalf("grading %+v; want kappa %.4f inside its interval", g, k)
	}
	// The same counts by question, drawn apart: as wide within the
	// Monte Carlo error of 2,000 resamples.
	want := counts.interval(Resamples, 99)
	if w, ww := g.KappaCI.CIHigh-g.KappaCI.CILow, want.CIHigh-want.CILow; math.Abs(w-ww) > 0.05 {
		t.Errorf("interval %v (width %.3f); want about %.3f, the bootstrap of its 40 questions", g.KappaCI, w, ww)
	}
	if g := Summarize("x", 3, eps[:2]).Cells[0].Grading; g.KappaDefined && g.KappaCI != nil {
		t.Errorf("one question: interval %v; want none", g.KappaCI)
	}
}

// Where every resample gives one kappa — the judges agree throughout, or
// one gives one label throughout (kappa 0) — the bootstrap says nothing
// of what is left uncertain: no interval, not a zero-width one.
func TestKappaIntervalOfOneValue(t *testing.T) {
	same := []int{0, 1, 1, 0, 1, 0, 0, 1, 1, 1}
	if ci := kappaInterval(same, same, ownUnits(10), ownUnits(10), Resamples, 1); ci != nil {
		t.Errorf("perfect agreement: %v; want no interval", ci)
	}
	ones := []int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}
	if k, _, defined := cohenKappa(same, ones); !defined || k != 0 {
		t.Fatalf("kappa %v (defined %v); want 0", k, defined)
	}
	if ci := kappaInterval(same, ones, ownUnits(10), ownUnits(10), Resamples, 1); ci != nil {
		t.Errorf("one judge always 1: %v; want no interval", ci)
	}
}

// Questions all of one group: the interval is over the questions, which
// speaks of that group alone, as a cell's does; two judges' kappa takes a
// question's group from either judge's records.
func TestKappaIntervalOfOneGroup(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 15))
	a, b := raterPair(r, 40, 0.5, 0.5, 0.7)
	one := make([]string, 40)
	for i := range one {
		one[i] = "article"
	}
	got := kappaInterval(a, b, ownUnits(40), one, Resamples, 3)
	want := kappaInterval(a, b, ownUnits(40), ownUnits(40), Resamples, 3)
	if got == nil || *got != *want {
		t.Errorf("one group: %v; want the interval over its questions %v", got, want)
	}
	var eps []transcript.Episode
	for i := range a {
		q := fmt.Sprintf("q%02d", i)
		ea := episode("direct", "direct", "qa", "ja", q, "correct-first", a[i], "")
		eb := episode("direct", "direct", "qa", "jb", q, "correct-first", b[i], "")
		eb.Group = fmt.Sprint("g", i/4) // only jb's records name groups
		eps = append(eps, ea, eb)
	}
	qs, units := make([]string, 40), make([]string, 40)
	for i := range qs {
		q := fmt.Sprintf("q%02d", i)
		qs[i] = transcript.QuestionKey("qa", q)
		units[i] = transcript.UnitKey(&transcript.Episode{Task: "qa", QuestionID: q, Group: fmt.Sprint("g", i/4)})
	}
	for _, judges := range [][2]string{{"ja", "jb"}, {"jb", "ja"}} {
		ag := JudgeAgreement(eps, judges[0], judges[1])
		x, y := a, b
		if judges[0] == "jb" {
			x, y = b, a
		}
		if want := kappaInterval(x, y, qs, units, Resamples, hashStrings("kappa", judges[0], judges[1])); ag.KappaCI == nil || *ag.KappaCI != *want {
			t.Errorf("%s–%s: %v; want the bootstrap over jb's 10 groups %v", judges[0], judges[1], ag.KappaCI, want)
		}
	}
}
