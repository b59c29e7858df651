package analysis

import (
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"
)

var (
	powerA = CellKey{Protocol: "naive", Task: "t", Judge: "j"}
	powerB = CellKey{Protocol: "debate", Task: "t", Judge: "j"}
)

// pilot is a pilot run whose question i was judged once in each cell,
// correctly where a[i] and b[i]; group names each question's group ("" for
// none).
func pilot(a, b []bool, group func(i int) string) []transcript.Episode {
	var eps []transcript.Episode
	answer := func(right bool) int {
		if right {
			return 0
		}
		return 1
	}
	for i := range a {
		q := fmt.Sprintf("q%05d", i)
		ea := episode("naive", "direct", "t", "j", q, "", answer(a[i]), "")
		eb := episode("debate", "debate", "t", "j", q, "", answer(b[i]), "")
		if group != nil {
			ea.Group, eb.Group = group(i), group(i)
		}
		eps = append(eps, ea, eb)
	}
	return eps
}

// TestPowerByHand: four questions whose differences are +1, 0, 0, +1: Δ =
// ½, sample variance ⅓, SE = √(⅓/4) = 0.288675; they differ on half the
// questions, ms = ½, c = 1. For 5 points at 5% with 80% power,
// (1.959964·√½ + 0.841621·√(½ − 0.05²))² / 0.05² = (1.385904 +
// 0.593628)² / 0.0025 = 1567.4: 1568 questions. Four units are fewer than
// the six the test needs at 5%: no MDE. In two groups of two, (+1, +1)
// and (0, 0), the units' sums 2 and 0 lie ±1 from 2·½: SE = √(2/1 ·
// 2/16) = ½, twice as wide as over four independent questions; ms =
// (2² + 0²)/4 = 1, c = (2² + 2²)/4 = 2, and (1.959964 + 0.841621·√(1 −
// 2·0.05²))² / 0.05² = 3134.8: 3135.
func TestPowerByHand(t *testing.T) {
	a := []bool{false, true, false, false}
	b := []bool{true, true, false, true}
	p := PowerOf(pilot(a, b, nil), powerA, powerB, DefaultPowerGoal)
	if !p.Estimable || p.Questions != 4 || p.Units != 4 || p.Difference != 0.5 ||
		math.Abs(p.SE-0.288675) > 1e-6 || p.MDE != nil || p.QuestionsNeeded != 1568 {
		t.Errorf("four questions: %+v; want Δ 0.5, SE 0.288675, no MDE, 1568 questions", p)
	}
	a = []bool{false, false, false, false}
	b = []bool{true, true, false, false}
	g := PowerOf(pilot(a, b, func(i int) string { return fmt.Sprint(i / 2) }), powerA, powerB, DefaultPowerGoal)
	if !g.Estimable || g.Units != 2 || math.Abs(g.SE-0.5) > 1e-12 || g.MDE != nil || g.QuestionsNeeded != 3135 {
		t.Errorf("two groups of two: %+v; want 2 units, SE 0.5, 3135 questions", g)
	}
}

// TestPowerMDEIsTheDifferencePlanned: the MDE at the questions planned
// for a difference is that difference, at powers above and below a half.
func TestPowerMDEIsTheDifferencePlanned(t *testing.T) {
	for _, pl := range []plan{
		{ms: 0.45, c: 1, za: 1.959964, zb: 0.841621},
		{ms: 0.2, c: 1.5, za: 2.575829, zb: 1.281552},
		{ms: 0.6, c: 1, za: 1.959964, zb: -0.524401}, // power 0.3
	} {
		for _, delta := range []float64{0.02, 0.1, 0.3} {
			if got := pl.mde(pl.questions(delta)); math.Abs(got-delta) > 1e-9 {
				t.Errorf("%+v: MDE at the questions planned for %v is %v", pl, delta, got)
			}
		}
	}
	if q := (plan{ms: 0.05, c: 1, za: 1.959964, zb: 0.841621}).questions(0.3); !math.IsInf(q, 1) {
		t.Errorf("questions differing on 5%%, planned for a mean difference of 0.3: %v; want none", q)
	}
}

// TestPowerNotEstimable: a pilot with one unit, or with every unit's
// difference the same, has no spread to plan from. (Questions all of one
// group are drawn as questions, as the comparison's bootstrap draws them.)
func TestPowerNotEstimable(t *testing.T) {
	for name, eps := range map[string][]transcript.Episode{
		"one question":     pilot([]bool{false}, []bool{true}, nil),
		"every Δ the same": pilot([]bool{false, false}, []bool{true, true}, nil),
		"all agree":        pilot([]bool{true, false, true}, []bool{true, false, true}, nil),
		"nothing shared":   nil,
	} {
		if p := PowerOf(eps, powerA, powerB, DefaultPowerGoal); p.Estimable || p.SE != 0 || p.MDE != nil || p.QuestionsNeeded != 0 {
			t.Errorf("%s: %+v; want not estimable", name, p)
		}
	}
}

// TestPowerPlansWhatThePermutationTestFinds: judges right with chances
// pa alone and pb in debate, independently, one verdict a question. A
// difference's variance is s² = pa(1−pa) + pb(1−pb) and its mean square
// s² + Δ², so the plan is (1.959964·√(s² + Δ²) + 0.841621·s)² / Δ²
// questions: 358.7 for 0.6 against 0.7 and Δ = 0.1, 41.2 for 0.5 against
// 0.8 and Δ = 0.3. A pilot of 20,000 questions plans within 2% of it;
// and moot's own permutation test, on 1,000 studies of the questions
// planned drawn from the same judges, finds the difference in 72–82% of
// them: a little under the 80% asked (8,000 studies at 359 and 42: 77.9%
// and 76.9%; this pilot plans 41, 73.5%),
// for with differences of −1, 0 and +1 the test is conservative (its
// size at 5% is 3.9%: docs/statistics.md). Planned from the variance
// alone, as a paired t-test would be, 0.5 against 0.8 would get 36
// questions and 68.7%.
func TestPowerPlansWhatThePermutationTestFinds(t *testing.T) {
	for _, c := range []struct{ pa, pb, delta, plan float64 }{{0.6, 0.7, 0.1, 358.7}, {0.5, 0.8, 0.3, 41.2}} {
		rng := rand.New(rand.NewPCG(11, uint64(100*c.delta)))
		draw := func(n int) (a, b []bool) {
			a, b = make([]bool, n), make([]bool, n)
			for i := range a {
				a[i], b[i] = rng.Float64() < c.pa, rng.Float64() < c.pb
			}
			return a, b
		}
		a, b := draw(20000)
		p := PowerOf(pilot(a, b, nil), powerA, powerB, PowerGoal{Delta: c.delta, Alpha: 0.05, Power: 0.8})
		if math.Abs(float64(p.QuestionsNeeded)-c.plan) > 0.02*c.plan {
			t.Errorf("%v against %v: a pilot of 20,000 questions plans %d questions; want %v ± 2%%", c.pa, c.pb, p.QuestionsNeeded, c.plan)
		}
		if rate := foundShare(func() ([]bool, []bool) { return draw(p.QuestionsNeeded) }, 11); rate < 0.72 || rate > 0.82 {
			t.Errorf("%v against %v: the permutation test found Δ %v at the %d questions planned in %.1f%% of %d studies; want 72–82%%",
				c.pa, c.pb, c.delta, p.QuestionsNeeded, 100*rate, studies)
		}
	}
}

// studies is how many studies foundShare draws.
const studies = 1000

// foundShare is the share of studies, each a pair of cells' verdicts by
// question that draw gives, in which moot's permutation test (2,000
// permutations seeded by seed and the study) finds a difference at 5%.
func foundShare(draw func() (a, b []bool), seed uint64) float64 {
	found := 0
	for s := range studies {
		a, b := draw()
		diffs := make([]float64, len(a))
		for i := range a {
			diffs[i] = b2f(b[i]) - b2f(a[i])
		}
		if permutationPValue(diffs, 2000, seed, uint64(s)) < 0.05 {
			found++
		}
	}
	return float64(found) / studies
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// TestPowerNeedsUnitsTheTestCanReject: with m units the permutation test
// reaches no p below 2/2^m, so at 5% it needs six. Five groups of twenty
// questions whose differences all lean one way (Δ 0.52, the groups' means
// 0.45 to 0.6): the test itself gives p ≈ 1/16, yet the normal
// approximation alone would read an MDE of 22 points and plan 86
// questions (4.3 groups) for 50 points. Twenty questions, nineteen of
// difference +1 and one 0: the approximation alone plans five for a
// difference of 0.95 (4.86), where five questions reach p = 1/16 at best.
func TestPowerNeedsUnitsTheTestCanReject(t *testing.T) {
	for alpha, want := range map[float64]int{0.05: 6, 0.01: 8, 0.0625: 6, 0.2: 4} {
		if got := minUnits(alpha); got != want {
			t.Errorf("minUnits(%v) = %d; want %d", alpha, got, want)
		}
	}
	var a, b []bool
	for _, right := range []int{10, 12, 11, 9, 10} {
		for i := range 20 {
			a, b = append(a, false), append(b, i < right)
		}
	}
	eps := pilot(a, b, func(i int) string { return fmt.Sprint(i / 20) })
	if c := Compare(eps, powerA, powerB, 200, 1); c.PValue < 0.05 || c.Groups != 5 {
		t.Fatalf("five groups: p %v over %d groups; want p ≥ 0.05 over 5", c.PValue, c.Groups)
	}
	p := PowerOf(eps, powerA, powerB, PowerGoal{Delta: 0.5, Alpha: 0.05, Power: 0.8})
	if !p.Estimable || p.Units != 5 || p.MDE != nil || p.QuestionsNeeded < 120 {
		t.Errorf("five groups of twenty: %+v; want no MDE, and 120 questions (six groups) or more", p)
	}
	a, b = make([]bool, 20), make([]bool, 20)
	for i := range 19 {
		b[i] = true
	}
	if p := PowerOf(pilot(a, b, nil), powerA, powerB, PowerGoal{Delta: 0.95, Alpha: 0.05, Power: 0.8}); p.QuestionsNeeded != 6 {
		t.Errorf("twenty questions, Δ 0.95, planned for 0.95: %d questions; want 6", p.QuestionsNeeded)
	}
	// Questions that differ on 95% of them have no mean difference of 1.
	if p := PowerOf(pilot(a, b, nil), powerA, powerB, PowerGoal{Delta: 1, Alpha: 0.05, Power: 0.8}); !p.Estimable || p.QuestionsNeeded != 0 {
		t.Errorf("twenty questions differing on 19, planned for 1: %+v; want none", p)
	}
}

// TestPowerFromAPilotFarFromDelta: a pilot whose cells differ on 52% of
// the questions, nearly all one way (+1 on 50%, −1 on 2%: Δ 0.48), plans
// for a difference of 0.1 among questions that differ as often (+1 on
// 31%, −1 on 21%): (1.959964·√0.52 + 0.841621·√0.51)² / 0.1² = 405.8.
// Planned from the pilot's variance at its own Δ (0.52 − 0.48² = 0.29),
// it would be 233, and find 0.1 about half the time.
func TestPowerFromAPilotFarFromDelta(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	draw := func(n int, up, down float64) (a, b []bool) {
		a, b = make([]bool, n), make([]bool, n)
		for i := range a {
			switch u := rng.Float64(); {
			case u < up:
				b[i] = true
			case u < up+down:
				a[i] = true
			default: // alike: both right or both wrong
				a[i] = rng.IntN(2) == 0
				b[i] = a[i]
			}
		}
		return a, b
	}
	a, b := draw(20000, 0.5, 0.02)
	p := PowerOf(pilot(a, b, nil), powerA, powerB, PowerGoal{Delta: 0.1, Alpha: 0.05, Power: 0.8})
	if math.Abs(float64(p.QuestionsNeeded)-405.8) > 0.02*405.8 {
		t.Fatalf("a pilot at Δ 0.48 plans %d questions for 0.1; want 405.8 ± 2%%", p.QuestionsNeeded)
	}
	if rate := foundShare(func() ([]bool, []bool) { return draw(p.QuestionsNeeded, 0.31, 0.21) }, 7); rate < 0.72 || rate > 0.82 {
		t.Errorf("the permutation test found 0.1 at the %d questions planned in %.1f%% of %d studies; want 72–82%%", p.QuestionsNeeded, 100*rate, studies)
	}
}

// TestPowerSaysTheGoal: the table's header and note say the goal asked,
// to as many places as it has: a --delta of 0.0125 read ±1.2 (or 1.3),
// one of 0.0004 ±0.0, and a --power of 0.999 "100% power".
func TestPowerSaysTheGoal(t *testing.T) {
	for _, c := range []struct {
		goal        PowerGoal
		delta, note string
	}{
		{DefaultPowerGoal, "Questions for ±5.0", "80% power"},
		{PowerGoal{Delta: 0.0125, Alpha: 0.05, Power: 0.999}, "Questions for ±1.25", "99.9% power"},
		{PowerGoal{Delta: 0.0004, Alpha: 0.01, Power: 0.875}, "Questions for ±0.04", "87.5% power"},
		{PowerGoal{Delta: 0.07, Alpha: 0.05, Power: 0.9}, "Questions for ±7.0", "90% power"},
	} {
		var b strings.Builder
		if err := WritePower(&b, nil, c.goal, FormatMarkdown); err != nil {
			t.Fatal(err)
		}
		if out := b.String(); !strings.Contains(out, "| "+c.delta+" |") || !strings.Contains(out, c.note) {
			t.Errorf("goal %+v: got\n%s\nwant the header %q and %q", c.goal, out, c.delta, c.note)
		}
	}
}

// TestPowerAtQuestions: the power at the questions planned for a
// difference is the power asked; and at 200 questions, judges right 60%
// and 70% of the time, one verdict a question, the plan reads
// Φ((√200·0.1 − 1.959964·√0.46) / √0.45) = Φ(0.1266) = 0.550, where moot's
// permutation test found the difference in 53.7% of 1,000 studies (the
// test wants 50–56%; it is conservative, as
// TestPowerPlansWhatThePermutationTestFinds shows).
// With fewer units than the test needs, the power is 0.
func TestPowerAtQuestions(t *testing.T) {
	pl := plan{ms: 0.46, c: 1, za: 1.959964, zb: 0.841621}
	for _, delta := range []float64{0.05, 0.1, 0.2} {
		if pw, ok := pl.power(pl.questions(delta), delta); !ok || math.Abs(pw-0.8) > 1e-6 {
			t.Errorf("power at the questions planned for %v: %v %v; want 0.8", delta, pw, ok)
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	draw := func(n int) (a, b []bool) {
		a, b = make([]bool, n), make([]bool, n)
		for i := range a {
			a[i], b[i] = rng.Float64() < 0.6, rng.Float64() < 0.7
		}
		return a, b
	}
	a, b := draw(20000)
	p := PowerOf(pilot(a, b, nil), powerA, powerB, PowerGoal{Delta: 0.1, Alpha: 0.05, Power: 0.8, At: 200})
	if p.PowerAt == nil || math.Abs(*p.PowerAt-0.550) > 0.02 {
		t.Fatalf("power at 200 questions: %+v; want 0.550 ± 0.02", p)
	}
	rate := foundShare(func() ([]bool, []bool) { return draw(200) }, 3)
	if rate < 0.50 || rate > 0.56 {
		t.Errorf("the permutation test found 0.1 at 200 questions in %.1f%% of %d studies; want 50–56%%", 100*rate, studies)
	}
	if p := PowerOf(pilot(a, b, nil), powerA, powerB, PowerGoal{Delta: 0.1, Alpha: 0.05, Power: 0.8, At: 5}); p.PowerAt == nil || *p.PowerAt != 0 {
		t.Errorf("power at five questions: %+v; want 0", p)
	}
	if p := PowerOf(pilot(a, b, nil), powerA, powerB, DefaultPowerGoal); p.PowerAt != nil {
		t.Errorf("no study named: power at %v; want none", *p.PowerAt)
	}
}

// TestPowerOfUnequalGroups: five questions, a group of three (+1, +1, 0)
// and two of their own (0, +1). Δ is over the questions, 3/5 = 0.6, not
// the units' means (0.556); the units' sums 2, 0, 1 lie 0.2, −0.6, 0.4
// from n_u·Δ: SE = √(3/2 · 0.56 / 25) = 0.183303. ms = (4 + 0 + 1)/5 =
// 1 and c = (9 + 1 + 1)/5 = 2.2, so 5 points need (1.959964 + 0.841621 ·
// √(1 − 2.2 · 0.05²))² / 0.05² = 3134.4: 3135 questions. A study of 10
// questions is six units of this design's 5/3 questions: power
// Φ((√10 · 0.3 − 1.959964) / √(1 − 2.2 · 0.09)) = 0.129399 for 30 points;
// of 9, 5.4 units, too few for the test: 0.
func TestPowerOfUnequalGroups(t *testing.T) {
	a := make([]bool, 5)
	b := []bool{true, true, false, false, true}
	group := func(i int) string { return []string{"g", "g", "g", "", ""}[i] }
	p := PowerOf(pilot(a, b, group), powerA, powerB, DefaultPowerGoal)
	if !p.Estimable || p.Units != 3 || math.Abs(p.Difference-0.6) > 1e-12 || math.Abs(p.SE-0.183303) > 1e-6 || p.QuestionsNeeded != 3135 {
		t.Errorf("%+v; want 3 units, Δ 0.6, SE 0.183303, 3135 questions", p)
	}
	for at, want := range map[int]float64{10: 0.129399, 9: 0} {
		p := PowerOf(pilot(a, b, group), powerA, powerB, PowerGoal{Delta: 0.3, Alpha: 0.05, Power: 0.8, At: at})
		if p.PowerAt == nil || math.Abs(*p.PowerAt-want) > 1e-6 {
			t.Errorf("power at %d questions: %v; want %v", at, deref(p.PowerAt), want)
		}
	}
}

// TestPowerAtSixUnits: six questions, five of difference +1 and one 0,
// are the six units the test needs at 5%: an MDE, where √6·Δ = 1.959964 ·
// √(5/6) + 0.841621 · √(5/6 − Δ²) at Δ = 0.847226 (by bisection), and a
// power at 6 questions for 50 points of Φ((√6 · 0.5 − 1.959964 · √(5/6))
// / √(5/6 − ¼)) = 0.229942. Five questions are too few: no MDE, and a
// power of 0 at 5.
func TestPowerAtSixUnits(t *testing.T) {
	a, b := make([]bool, 6), []bool{true, true, true, true, true, false}
	p := PowerOf(pilot(a, b, nil), powerA, powerB, PowerGoal{Delta: 0.5, Alpha: 0.05, Power: 0.8, At: 6})
	if p.MDE == nil || math.Abs(*p.MDE-0.847226) > 1e-6 || p.PowerAt == nil || math.Abs(*p.PowerAt-0.229942) > 1e-6 {
		t.Errorf("six units: MDE %v, power at 6 %v; want 0.847226 and 0.229942", deref(p.MDE), deref(p.PowerAt))
	}
	p = PowerOf(pilot(a, b, nil), powerA, powerB, PowerGoal{Delta: 0.5, Alpha: 0.05, Power: 0.8, At: 5})
	if p.PowerAt == nil || *p.PowerAt != 0 {
		t.Errorf("power at 5 questions: %v; want 0", deref(p.PowerAt))
	}
	if p := PowerOf(pilot(a[:5], b[1:], nil), powerA, powerB, DefaultPowerGoal); !p.Estimable || p.MDE != nil {
		t.Errorf("five units: MDE %v; want none", deref(p.MDE))
	}
}

// TestPowerWhereEveryQuestionDiffersAlike: a pilot differing on one
// question of four (ms = ¼) planned for Δ = ½ has ms − c·Δ² = 0 exactly:
// a study whose every question differs by ½. The plan is za² · ms / Δ² =
// 3.84 questions, six for the six units the test needs; the power at a
// number of questions is not said (plan.power's ok is false there).
func TestPowerWhereEveryQuestionDiffersAlike(t *testing.T) {
	a, b := make([]bool, 4), []bool{true, false, false, false}
	p := PowerOf(pilot(a, b, nil), powerA, powerB, PowerGoal{Delta: 0.5, Alpha: 0.05, Power: 0.8, At: 10})
	if !p.Estimable || p.QuestionsNeeded != 6 || p.PowerAt != nil {
		t.Errorf("%+v; want 6 questions and no power at 10", p)
	}
}

// TestPowerMDEIsTheSmallestDifferenceFound: at a power below one half
// (zb < 0) the power need not rise with Δ: at 3 questions, ms = 0.6, c
// = 1 and 10% power it reaches 10% between two differences and falls
// below past the second. The MDE is the first, as a scan of the power
// over Δ in steps of 10⁻⁶ finds it.
func TestPowerMDEIsTheSmallestDifferenceFound(t *testing.T) {
	pl := plan{ms: 0.6, c: 1, za: 1.959964, zb: -1.281552}
	power := func(d float64) float64 {
		z := (math.Sqrt(3)*d - pl.za*math.Sqrt(pl.ms)) / math.Sqrt(pl.ms-pl.c*d*d)
		return 0.5 * math.Erfc(-z/math.Sqrt2)
	}
	first, last := -1.0, -1.0
	for d := 1e-6; d*d < pl.ms; d += 1e-6 {
		if power(d) >= 0.1 {
			if first < 0 {
				first = d
			}
			last = d
		}
	}
	if first < 0 || last > math.Sqrt(pl.ms)-0.01 {
		t.Fatalf("the scan: 10%% power from %v to %v; want a range that ends before √ms", first, last)
	}
	if got := pl.mde(3); math.Abs(got-first) > 2e-6 {
		t.Errorf("MDE %v; want the smallest Δ found with 10%% power, %v (it is found up to %v)", got, first, last)
	}
}

// TestPowersOfLeavesOutPairsNotCompared: as the summary leaves out a pair
// whose cells share no question (every consultancy episode failed), so
// does the power analysis.
func TestPowersOfLeavesOutPairsNotCompared(t *testing.T) {
	eps := consultancyAllFailed()
	ps := PowersOf(eps, DefaultPowerGoal)
	if len(ps) != 1 || ps[0].A.Protocol != "naive" || ps[0].B.Protocol != "debate" || ps[0].Questions != 6 {
		t.Errorf("got %+v; want naive against debate alone, on 6 questions", ps)
	}
}

// TestPowerWritten: a plan as each format writes it: the table in points
// (SE 0.04321 is 4.3, an MDE of 0.12346 is 12.3), "none" for no
// questions, the power at 100 as a percentage; the CSV's fields under
// their names and the JSON's, to four places.
func TestPowerWritten(t *testing.T) {
	mde, at := 0.12346, 0.61237
	ps := []Power{{A: powerA, B: powerB, Questions: 40, Units: 40, Difference: 0.125, SE: 0.04321, MDE: &mde,
		PowerAt: &at, Estimable: true}}
	goal := PowerGoal{Delta: 0.05, Alpha: 0.05, Power: 0.8, At: 100}
	var md, csvOut, js strings.Builder
	for w, f := range map[*strings.Builder]Format{&md: FormatMarkdown, &csvOut: FormatCSV, &js: FormatJSON} {
		if err := WritePower(w, ps, goal, f); err != nil {
			t.Fatal(err)
		}
	}
	var cells []string
	for _, c := range strings.Split(strings.Split(md.String(), "\n")[2], "|") {
		cells = append(cells, strings.TrimSpace(c))
	}
	if got, want := strings.Join(cells, "|"), "|t|j|naive|debate|40|40|+12.5|4.3|12.3|none|61.2%|"; got != want {
		t.Errorf("markdown:\n%s\nwant the row %q", md.String(), want)
	}
	rows, err := csv.NewReader(strings.NewReader(csvOut.String())).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("CSV %v:\n%s", err, csvOut.String())
	}
	want := map[string]string{"se": "0.0432", "mde": "0.1235", "questions_needed": "0", "power_at": "0.6124", "at": "100"}
	for name, v := range want {
		if i := slices.Index(rows[0], name); i < 0 {
			t.Errorf("CSV header %q; want a field %s", rows[0], name)
		} else if rows[1][i] != v {
			t.Errorf("CSV %s: %q; want %q", name, rows[1][i], v)
		}
	}
	for _, field := range []string{`"se": 0.0432,`, `"mde": 0.1235,`, `"power_at": 0.6124,`} {
		if !strings.Contains(js.String(), field) {
			t.Errorf("JSON:\n%s\nwant %s", js.String(), field)
		}
	}
}
