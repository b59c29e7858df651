package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/transcript"
)

// pairedEpisodes makes cell a (protocol "a") and cell b (protocol "b") of
// task t and judge j: question i gets len(right[i]) episodes in a cell,
// right[i][k] saying whether the k-th was judged correctly.
func pairedEpisodes(protocol string, right map[string][]bool) []transcript.Episode {
	var eps []transcript.Episode
	for q, rs := range right {
		for k, r := range rs {
			answer := 1
			if r {
				answer = 0
			}
			ep := episode(protocol, "direct", "t", "j", q, "", answer, "")
			ep.Repeat = k
			eps = append(eps, ep)
		}
	}
	return eps
}

// counted returns n verdicts of which the first c are correct.
func counted(c, n int) []bool {
	out := make([]bool, n)
	for i := range c {
		out[i] = true
	}
	return out
}

// exactPValue enumerates all 2^n sign flips of diffs: the exact two-sided
// paired permutation p-value (without smoothing).
func exactPValue(diffs []float64) float64 {
	observed := math.Abs(sum(diffs))
	n, k := len(diffs), 0
	for mask := range 1 << n {
		var s float64
		for i, d := range diffs {
			if mask&(1<<i) != 0 {
				s -= d
			} else {
				s += d
			}
		}
		if math.Abs(s) >= observed-permEpsilon {
			k++
		}
	}
	return float64(k) / float64(int(1)<<n)
}

var (
	keyA = CellKey{Protocol: "a", Task: "t", Judge: "j"}
	keyB = CellKey{Protocol: "b", Task: "t", Judge: "j"}
)

// handExample has 8 shared questions; a judges each twice, b four times.
// Per question a is 0 ½ 1 0 ½ 0 1 ½ (mean 0.4375) and b is 1 ½ 1 ¼ ¾ ½ 1 1
// (mean 0.75), so the differences are 1 0 0 ¼ ¼ ½ 0 ½: mean 0.3125. Five
// are non-zero and the observed sum is their total, so only the two sign
// patterns that give all five one sign are as extreme: p = 2/2⁵ = 0.0625.
func handExample() []transcript.Episode {
	aCorrect := []int{0, 1, 2, 0, 1, 0, 2, 1}
	bCorrect := []int{4, 2, 4, 1, 3, 2, 4, 4}
	a, b := map[string][]bool{}, map[string][]bool{}
	for i := range aCorrect {
		q := fmt.Sprintf("q%d", i)
		a[q] = counted(aCorrect[i], 2)
		b[q] = counted(bCorrect[i], 4)
	}
	b["only-in-b"] = counted(0, 3) // not shared: left out
	eps := append(pairedEpisodes("a", a), pairedEpisodes("b", b)...)
	// A failed episode is left out of its question's accuracy.
	failed := episode("a", "direct", "t", "j", "q0", "", 0, "timeout")
	return append(eps, failed)
}

func TestCompareByHand(t *testing.T) {
	p := Compare(handExample(), keyA, keyB, Resamples, 42)
	if p.Questions != 8 {
		t.Errorf("got %d shared questions; want 8", p.Questions)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"accuracy a", p.AccuracyA, 3.5 / 8},
		{"accuracy b", p.AccuracyB, 6.0 / 8},
		{"difference", p.Difference, 0.3125},
	} {
		if math.Abs(c.got-c.want) > 1e-12 {
			t.Errorf("%s: got %v; want %v", c.name, c.got, c.want)
		}
	}
	diffs := []float64{1, 0, 0, 0.25, 0.25, 0.5, 0, 0.5}
	exact := exactPValue(diffs)
	if exact != 0.0625 {
		t.Fatalf("exact p by enumeration: got %v; want 0.0625 (by hand)", exact)
	}
	// 10,000 draws: the standard error at 0.0625 is 0.0024.
	if math.Abs(p.PValue-exact) > 0.01 {
		t.Errorf("sampled p: got %v; want within 0.01 of the exact %v", p.PValue, exact)
	}
	if !(p.CILow <= p.Difference && p.Difference <= p.CIHigh) || p.CILow < -1 || p.CIHigh > 1 {
		t.Errorf("got interval [%v, %v]; want it inside [-1, 1] around %v", p.CILow, p.CIHigh, p.Difference)
	}
	// The interval is over questions: the mean of a resample is one of
	// k/32 for integer k, and the lowest resample mean is 0.
	if p.CILow <= 0 || p.CIHigh >= 1 {
		t.Errorf("got interval [%v, %v]; want it strictly inside (0, 1) for 8 non-negative differences", p.CILow, p.CIHigh)
	}
}

func TestComparePValueMatchesEnumeration(t *testing.T) {
	tests := []struct {
		name  string
		diffs []float64
	}{
		{"all one way", []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
		{"mixed", []float64{1, -0.5, 0.5, 0.25, 1, 0, -0.25, 0.75, 0.5}},
		{"null", []float64{1, -1, 0.5, -0.5, 0.25, -0.25}},
		{"many ties", []float64{0.5, 0.5, -0.5, 0.5, 0.5, 0.5, -0.5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			exact := exactPValue(tt.diffs)
			got := permutationPValue(tt.diffs, Permutations, 1, 2)
			// Smoothing adds at most 1/10001; sampling error at most 0.005.
			if math.Abs(got-exact) > 0.015 {
				t.Errorf("got p %v; want within 0.015 of the exact %v", got, exact)
			}
			if got <= 0 || got > 1 {
				t.Errorf("got p %v; want in (0, 1]", got)
			}
		})
	}
	// Ten differences all +1: exact p = 2/1024, and no draw beats the
	// observed sum except all signs alike.
	if got := permutationPValue([]float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, Permutations, 3, 4); got > 0.005 {
		t.Errorf("all differences +1: got p %v; want about 0.002", got)
	}
}

func TestCompareDeterministic(t *testing.T) {
	eps := handExample()
	p1 := Compare(eps, keyA, keyB, 500, 9)
	p2 := Compare(eps, keyA, keyB, 500, 9)
	if p1 != p2 {
		t.Errorf("same seed: got %+v then %+v; want equal", p1, p2)
	}
	// Reversed input: the same questions in another order.
	rev := make([]transcript.Episode, len(eps))
	for i := range eps {
		rev[len(eps)-1-i] = eps[i]
	}
	if p3 := Compare(rev, keyA, keyB, 500, 9); p3 != p1 {
		t.Errorf("reversed episodes: got %+v; want %+v", p3, p1)
	}
	p4 := Compare(eps, keyA, keyB, 500, 10)
	if p4.CILow == p1.CILow && p4.CIHigh == p1.CIHigh && p4.PValue == p1.PValue {
		t.Errorf("other seed: got the same interval and p %+v; want other draws", p4)
	}
	// Swapping the cells negates the difference.
	if s := Compare(eps, keyB, keyA, 500, 9); math.Abs(s.Difference+p1.Difference) > 1e-12 {
		t.Errorf("swapped: got difference %v; want %v", s.Difference, -p1.Difference)
	}
}

func TestCompareNoSharedQuestions(t *testing.T) {
	eps := append(pairedEpisodes("a", map[string][]bool{"x": {true}}), pairedEpisodes("b", map[string][]bool{"y": {true}})...)
	got := Compare(eps, keyA, keyB, 100, 1)
	want := Paired{A: keyA, B: keyB, Interval: Interval{CILow: -1, CIHigh: 1}, PValue: 1}
	if got != want {
		t.Errorf("got %+v; want %+v", got, want)
	}
}

func TestComparePanicsWithoutResamples(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Errorf("Compare(_, _, _, 0, _) did not panic; want a panic")
		}
	}()
	Compare(handExample(), keyA, keyB, 0, 1)
}

// TestCompareOneResample: one resample is allowed; both ends of the
// interval are then its mean, a mean of 8 of the hand example's
// differences (a multiple of 1/32 in [0, 1]).
func TestCompareOneResample(t *testing.T) {
	p := Compare(handExample(), keyA, keyB, 1, 1)
	if p.CILow != p.CIHigh || p.CILow < 0 || p.CILow > 1 || math.Mod(p.CILow*32, 1) != 0 {
		t.Errorf("one resample: got interval [%v, %v]; want one point k/32 in [0, 1]", p.CILow, p.CIHigh)
	}
}

func TestSummaryComparisons(t *testing.T) {
	// Per task × judge: each protocol against the classes its episodes
	// name — everything against each judge-alone protocol, debate also
	// against consultancy; two judge-alone protocols are not compared;
	// nothing across judges.
	var eps []transcript.Episode
	for q := range 12 {
		qid := fmt.Sprintf("q%02d", q)
		for _, p := range []struct{ label, kind string }{
			{"naive", "direct"}, {"naive2", "direct"}, {"article", "direct-with-context"},
			{"consult", "consultancy"}, {"debate", "debate"},
		} {
			answer := 0
			if (q*7+len(p.label))%3 == 0 {
				answer = 1
			}
			eps = append(eps, episode(p.label, p.kind, "t", "j", qid, "", answer, ""))
		}
		eps = append(eps, episode("debate-j2", "debate", "t", "j2", qid, "", 0, ""))
	}
	s := Summarize("e", 5, eps)
	// The comparisons are one family: each p Holm is Holm's over the
	// p-values Compare gives.
	ps := make([]float64, len(s.Comparisons))
	for i, p := range s.Comparisons {
		ps[i] = Compare(eps, p.A, p.B, Resamples, 5).PValue
	}
	holm := HolmAdjusted(ps)
	var got []string
	for i, p := range s.Comparisons {
		got = append(got, p.A.Protocol+" vs "+p.B.Protocol)
		want := Compare(eps, p.A, p.B, Resamples, 5)
		want.PHolm = &holm[i]
		rounded := Summary{Comparisons: []Paired{want}}
		roundFloats(&rounded, nine)
		if diff := cmp.Diff(rounded.Comparisons[0], p); diff != "" {
			t.Errorf("%s vs %s: Summary differs from Compare (-Compare +Summary):\n%s", p.A.Protocol, p.B.Protocol, diff)
		}
	}
	want := []string{"naive vs article", "naive vs consult", "naive vs debate",
		"naive2 vs article", "naive2 vs consult", "naive2 vs debate", "consult vs debate"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("comparisons (-want +got):\n%s", diff)
	}
}

// signFlipPValue is permutationPValue as documented, written out plainly:
// each relabelling draws ceil(n/64) words from PCG(seed1, seed2), and
// difference i keeps its sign when bit i%64 of word i/64 is 0.
func signFlipPValue(diffs []float64, permutations int, seed1, seed2 uint64) float64 {
	r := rand.New(rand.NewPCG(seed1, seed2))
	var nonzero []float64
	for _, d := range diffs {
		if d != 0 {
			nonzero = append(nonzero, d)
		}
	}
	observed := math.Abs(sum(diffs))
	words := make([]uint64, (len(nonzero)+63)/64)
	k := 0
	for range permutations {
		for w := range words {
			words[w] = r.Uint64()
		}
		var s float64
		for i, d := range nonzero {
			if words[i/64]>>(i%64)&1 == 1 {
				d = -d
			}
			s += d
		}
		if math.Abs(s) >= observed-permEpsilon {
			k++
		}
	}
	return float64(k+1) / float64(permutations+1)
}

// TestPermutationDrawsAsDocumented: the p-value is the documented sign
// flips, draw for draw, by either of permutationPValue's loops (more than
// maxPermValues distinct differences, or few), past 64 differences.
func TestPermutationDrawsAsDocumented(t *testing.T) {
	// 150 differences each, near no difference (p about 0.1 and 0.2), so
	// that other draws would count other relabellings as extreme.
	many := make([]float64, 150) // 20 values
	few := make([]float64, 150)  // 3 values
	for i := range many {
		many[i] = float64(i%20-10) / 20
		few[i] = float64(i%3-1) / 2
		if i%7 == 0 {
			few[i] = 0.5
		}
	}
	for name, diffs := range map[string][]float64{"many values": many, "few values": few} {
		want := signFlipPValue(diffs, 2000, 11, 12)
		if want < 0.02 || want > 0.5 {
			t.Fatalf("%s: p %v; the test wants differences near no difference", name, want)
		}
		if got := permutationPValue(diffs, 2000, 11, 12); got != want {
			t.Errorf("%s: got p %v; want %v", name, got, want)
		}
	}
}

// TestCompareSweepCellsDrawTheirOwn: a sweep cell compared with a cell
// outside any sweep draws a stream of its own, named by the cell, so that
// the same answers in two cells give two independent draws.
func TestCompareSweepCellsDrawTheirOwn(t *testing.T) {
	eps := handExample()
	for i := range eps {
		if eps[i].Protocol == "a" {
			eps[i].Cell = "x"
		}
	}
	x := Compare(eps, CellKey{Protocol: "a", Task: "t", Judge: "j", Cell: "x"}, keyB, 500, 9)
	for i := range eps {
		if eps[i].Protocol == "a" {
			eps[i].Cell = "y"
		}
	}
	y := Compare(eps, CellKey{Protocol: "a", Task: "t", Judge: "j", Cell: "y"}, keyB, 500, 9)
	if x.Difference != y.Difference || x.Questions != 8 {
		t.Fatalf("cells x and y: got differences %v and %v over %d questions; want equal, 8", x.Difference, y.Difference, x.Questions)
	}
	if x.PValue == y.PValue && x.CILow == y.CILow && x.CIHigh == y.CIHigh {
		t.Errorf("cells x and y drew alike: p %v, [%v, %v]; want draws of their own", x.PValue, x.CILow, x.CIHigh)
	}
}

// TestSummaryNamesPairsNotCompared: a pair the protocols' classes call for
// whose cells share no question (every consultancy episode failed) is not
// compared, and the summary names it rather than dropping it unsaid.
func TestSummaryNamesPairsNotCompared(t *testing.T) {
	eps := consultancyAllFailed()
	s := Summarize("e", 5, eps)
	var got []string
	for _, p := range s.Comparisons {
		got = append(got, p.A.Protocol+" vs "+p.B.Protocol)
	}
	if diff := cmp.Diff([]string{"naive vs debate"}, got); diff != "" {
		t.Errorf("comparisons (-want +got):\n%s", diff)
	}
	want := []string{"naive vs consult (t, judge j)", "consult vs debate (t, judge j)"}
	if diff := cmp.Diff(want, s.Uncompared); diff != "" {
		t.Errorf("pairs not compared (-want +got):\n%s", diff)
	}
	// Holm's family is the comparisons made, not the pairs left out: a
	// family of one, whose p Holm is its p.
	if c := s.Comparisons[0]; c.PHolm == nil || *c.PHolm != c.PValue {
		t.Errorf("naive vs debate: p %v, p Holm %v; want p Holm = p, a family of one", c.PValue, deref(c.PHolm))
	}
}

// consultancyAllFailed is six questions judged alone, in consultancy and
// in debate, every consultancy episode failed: a pair the protocols'
// classes call for whose cells share no question.
func consultancyAllFailed() []transcript.Episode {
	var eps []transcript.Episode
	for q := range 6 {
		qid := fmt.Sprintf("q%02d", q)
		eps = append(eps, episode("naive", "direct", "t", "j", qid, "", q%2, ""),
			episode("consult", "consultancy", "t", "j", qid, "", 0, "openai: HTTP 500 (after 1 attempt)"),
			episode("debate", "debate", "t", "j", qid, "", 0, ""))
	}
	return eps
}
