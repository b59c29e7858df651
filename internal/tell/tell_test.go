package tell

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// synthetic makes n pairs of numbers around 100: the correct one and
// another drawn alike, then, with chance tilt, swapped so that the larger
// is the correct one.
func synthetic(n int, tilt float64, seed uint64) []Pair {
	rng := rand.New(rand.NewPCG(seed, 1))
	out := make([]Pair, n)
	for i := range out {
		a, b := 50+rng.IntN(100), 50+rng.IntN(100)
		for a == b {
			b = 50 + rng.IntN(100)
		}
		if rng.Float64() < tilt && a < b {
			a, b = b, a
		}
		c := rng.IntN(2)
		out[i] = Pair{Kind: "k", Question: "How many?", Correct: c}
		out[i].Answers[c], out[i].Answers[1-c] = fmt.Sprint(a), fmt.Sprint(b)
	}
	return out
}

// within reports whether right of n is within four standard errors of p.
func within(right, n int, p float64) bool {
	sd := 4 * math.Sqrt(p*(1-p)/float64(n))
	got := float64(right) / float64(n)
	return got > p-sd && got < p+sd
}

// TestCrossValidateFindsATell: where the larger answer is correct in 75%
// of pairs (half of them made so, the rest as drawn), the model is right
// in about 75%; where the answers are drawn alike, in about 50%.
func TestCrossValidateFindsATell(t *testing.T) {
	for _, tt := range []struct {
		tilt, want float64
	}{{0, 0.5}, {0.5, 0.75}} {
		pairs := synthetic(4000, tt.tilt, 7)
		if right := CrossValidate(pairs, 5); !within(right, len(pairs), tt.want) {
			t.Errorf("tilt %g: right in %d of %d; want about %.0f%%", tt.tilt, right, len(pairs), 100*tt.want)
		}
	}
}

// TestCrossValidateReadsLength: options where the longer is correct in
// 80% of pairs are told apart by length alone, whatever their words.
func TestCrossValidateReadsLength(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	word := func() string { return []string{"red", "stone", "river", "blue", "tall", "grain"}[rng.IntN(6)] }
	phrase := func(n int) string {
		ws := make([]string, n)
		for i := range ws {
			ws[i] = word()
		}
		return strings.Join(ws, " ")
	}
	pairs := make([]Pair, 3000)
	for i := range pairs {
		long, short := phrase(4+rng.IntN(4)), phrase(1+rng.IntN(3))
		c := rng.IntN(2)
		pairs[i] = Pair{Question: "Which fits?", Correct: c}
		if rng.Float64() < 0.8 {
			pairs[i].Answers[c], pairs[i].Answers[1-c] = long, short
		} else {
			pairs[i].Answers[c], pairs[i].Answers[1-c] = short, long
		}
	}
	if right := CrossValidate(pairs, 5); !within(right, len(pairs), 0.8) {
		t.Errorf("right in %d of %d; want about 80%%", right, len(pairs))
	}
}

// grouped makes groups of per pairs of numbers: a group's questions share
// their correct answer (an article's one answer, asked of several ways)
// and each has a distractor of its own, drawn as the correct answers are,
// so that the answers alone tell nothing of a group not seen.
func grouped(groups, per int, seed uint64) []Pair {
	rng := rand.New(rand.NewPCG(seed, 5))
	var out []Pair
	for g := range groups {
		c := 100 + rng.IntN(900)
		for range per {
			d := 100 + rng.IntN(900)
			for d == c {
				d = 100 + rng.IntN(900)
			}
			k := rng.IntN(2)
			p := Pair{Kind: "k", Question: "How many?", Correct: k, Group: fmt.Sprint("g", g)}
			p.Answers[k], p.Answers[1-k] = fmt.Sprint(c), fmt.Sprint(d)
			out = append(out, p)
		}
	}
	return out
}

// TestCrossValidateKeepsGroupsTogether: where a group's questions share
// their correct answer, a model tested on a group it was also fitted on
// learns the group's answer (its digits, its roundness) and is right in
// about 68% of 1,200 questions in 60 groups; with each group in one fold,
// it is at chance. Without groups, folds are by index, as before.
func TestCrossValidateKeepsGroupsTogether(t *testing.T) {
	pairs := grouped(60, 20, 5)
	if right := CrossValidate(pairs, 5); float64(right)/float64(len(pairs)) > 0.6 {
		t.Errorf("right in %d of %d with groups kept together; want near 50%%, not the group's answer learnt", right, len(pairs))
	}
	for i, u := range Units([]Pair{{Group: "a"}, {}, {Group: "b"}, {Group: "a"}, {}}) {
		if want := []int{0, 1, 2, 0, 3}[i]; u != want {
			t.Errorf("unit of pair %d: %d; want %d", i, u, want)
		}
	}
}

// TestEffectCountsGroups: on questions in groups that share their
// correct answer, with nothing to tell, each group's questions are right
// or wrong together, and intervals over n/DesignEffect leave out 50%
// far more often than one in twenty; over n/Effect, about as often. Of
// questions without groups, Effect is DesignEffect.
func TestEffectCountsGroups(t *testing.T) {
	const draws = 60
	naive, out := 0, 0
	for d := range draws {
		pairs := grouped(40, 10, 200+uint64(d))
		hits := Hits(pairs, 5)
		right := 0
		for _, h := range hits {
			if h {
				right++
			}
		}
		acc, n := float64(right)/float64(len(pairs)), float64(len(pairs))
		if math.Abs(acc-0.5) > 1.96*math.Sqrt(0.25*DesignEffect/n) {
			naive++
		}
		if math.Abs(acc-0.5) > 1.96*math.Sqrt(0.25*Effect(pairs, hits)/n) {
			out++
		}
	}
	t.Logf("of %d intervals, %d leave out 50%% over n/DesignEffect, %d over n/Effect", draws, naive, out)
	if out > 7 {
		t.Errorf("%d of %d intervals over n/Effect leave out 50%%; want about 3", out, draws)
	}
	pairs := synthetic(300, 0.5, 3)
	if e := Effect(pairs, Hits(pairs, 5)); e != DesignEffect {
		t.Errorf("Effect without groups %g; want DesignEffect %g", e, DesignEffect)
	}
}

// TestCues counts each rule by hand over five pairs: the larger is
// correct in two of the three it decides (5 and 5.0 are one value, and
// words are no number), the rounder in both it decides (120 over 7, 30
// over 15), the longer in the three it decides (120, 5.0, "apples
// grow"), and the one sharing more of the question's words in the one
// it decides.
func TestCues(t *testing.T) {
	pairs := []Pair{
		{Question: "How many apples?", Answers: [2]string{"120", "7"}, Correct: 0},
		{Question: "How many?", Answers: [2]string{"15", "30"}, Correct: 1},
		{Question: "How many?", Answers: [2]string{"8", "9"}, Correct: 0},
		{Question: "What grows?", Answers: [2]string{"5", "5.0"}, Correct: 1},
		{Question: "Which apples grow?", Answers: [2]string{"apples grow", "pears"}, Correct: 0},
	}
	want := []Cue{
		{"the larger", 3, 2, 1},
		{"the rounder", 2, 2, 1},
		{"the longer", 3, 3, 1},
		{"more of the question's words", 1, 1, 1},
	}
	got := Cues(pairs)
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("cue %d: got %+v; want %+v", i, got[i], want[i])
		}
	}
}

func TestNumber(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"72", 72, true}, {"-3.5", -3.5, true}, {"$1,200", 1200, true}, {"12.5%", 12.5, true},
		{"1e5", 0, false}, {"Inf", 0, false}, {"north", 0, false}, {"", 0, false}, {"1-2", 0, false},
	} {
		v, ok := number(tt.in)
		if ok != tt.ok || ok && v != tt.want {
			t.Errorf("number(%q) = %v, %v; want %v, %v", tt.in, v, ok, tt.want, tt.ok)
		}
	}
}

// TestCrossValidateReadsParity: where the correct number is even and the
// other odd in 75% of pairs, all else alike, the model is right in about
// 75%.
func TestCrossValidateReadsParity(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	pairs := make([]Pair, 3000)
	for i := range pairs {
		even, odd := 2*(20+rng.IntN(40)), 2*(20+rng.IntN(40))+1
		c := rng.IntN(2)
		pairs[i] = Pair{Kind: "k", Question: "How many?", Correct: c}
		if rng.Float64() < 0.75 {
			pairs[i].Answers[c], pairs[i].Answers[1-c] = fmt.Sprint(even), fmt.Sprint(odd)
		} else {
			pairs[i].Answers[c], pairs[i].Answers[1-c] = fmt.Sprint(odd), fmt.Sprint(even)
		}
	}
	if right := CrossValidate(pairs, 5); !within(right, len(pairs), 0.75) {
		t.Errorf("right in %d of %d; want about 75%%", right, len(pairs))
	}
	for in, want := range map[string]int{"1,250": 5, "3.40": 4, "0": 0, "-7": 7, "$100": 1} {
		if got := lastDigit(in); got != want {
			t.Errorf("lastDigit(%q) = %d; want %d", in, got, want)
		}
	}
}

// TestDesignEffect: on answers drawn alike, cross-validated accuracies
// vary more than a binomial's of as many questions — their folds share
// training data — and about as much as DesignEffect says: over 80 draws
// of 300 pairs, the variance ratio lies within [1.2, 2.2] (1.64 assumed),
// and the intervals made with it leave out 50% in at most 10 of the 80.
func TestDesignEffect(t *testing.T) {
	const draws, n = 80, 300
	accs := make([]float64, draws)
	var sum, sq float64
	for i := range accs {
		accs[i] = float64(CrossValidate(synthetic(n, 0, 100+uint64(i)), 5)) / n
		sum += accs[i]
		sq += accs[i] * accs[i]
	}
	mean := sum / draws
	ratio := (sq/draws - mean*mean) * draws / (draws - 1) / (0.25 / n)
	if ratio < 1.2 || ratio > 2.2 {
		t.Errorf("variance %.2f times a binomial's; want about %.2f", ratio, DesignEffect)
	}
	sd, out := math.Sqrt(0.25*DesignEffect/n), 0
	for _, acc := range accs {
		if acc-0.5 > 1.96*sd || 0.5-acc > 1.96*sd {
			out++
		}
	}
	t.Logf("variance ratio %.2f; %d of %d intervals leave out 50%%", ratio, out, draws)
	if out > 10 {
		t.Errorf("%d of %d intervals leave out 50%%; want about 4", out, draws)
	}
}

// BenchmarkCrossValidate measures the answers-only baseline of 2,000
// questions of numbers (the model's every feature), five folds.
func BenchmarkCrossValidate(b *testing.B) {
	pairs := synthetic(2000, 0.5, 11)
	for b.Loop() {
		CrossValidate(pairs, 5)
	}
}

// TestGroupEffectByHand: eight pairs in two groups (four and two) and two
// of their own, four hits: p = ½, and the units' hits 3, 0, 1, 0 of 4,
// 2, 1, 1 lie 1, −1, ½, −½ from p·m_g, so that Kish's effect is
// 4/3 · 2.5 / (8 · ¼) = 5/3. Where every group's hits are its share p,
// the effect is 0, read as 1; where each pair is a unit of its own, 1.
func TestGroupEffectByHand(t *testing.T) {
	groups := []string{"a", "a", "b", "", "a", "b", "a", ""}
	hits := []bool{true, true, false, true, true, false, false, false}
	pairs := make([]Pair, len(groups))
	for i, g := range groups {
		pairs[i].Group = g
	}
	if got := GroupEffect(pairs, hits); math.Abs(got-5.0/3) > 1e-12 {
		t.Errorf("GroupEffect: %v; want 5/3", got)
	}
	if got := Effect(pairs, hits); math.Abs(got-DesignEffect*5/3) > 1e-12 {
		t.Errorf("Effect: %v; want DesignEffect · 5/3 = %v", got, DesignEffect*5/3)
	}
	even := []Pair{{Group: "a"}, {Group: "a"}, {Group: "b"}, {Group: "b"}}
	if got := GroupEffect(even, []bool{true, false, false, true}); got != 1 {
		t.Errorf("GroupEffect of groups each half right: %v; want 1", got)
	}
	if got := GroupEffect(make([]Pair, 4), []bool{true, true, false, true}); got != 1 {
		t.Errorf("GroupEffect without groups: %v; want 1", got)
	}
}

// TestCueEffectOverThePairsItDecides: a cue's design effect is over the
// pairs it decides, by their own groups. The larger decides five of six
// (not 5 against 5.0): a's two right, b's one of two, a pair of its own
// wrong: p = 0.6, the units 2, 1, 0 lie 0.8, −0.2, −0.6 from p·m_g, and
// the effect is 3/2 · 1.04 / (5 · 0.24) = 1.3.
func TestCueEffectOverThePairsItDecides(t *testing.T) {
	pairs := []Pair{
		{Group: "a", Answers: [2]string{"12", "7"}, Correct: 0},
		{Group: "a", Answers: [2]string{"5", "5.0"}, Correct: 0},
		{Group: "b", Answers: [2]string{"3", "9"}, Correct: 1},
		{Group: "a", Answers: [2]string{"20", "2"}, Correct: 0},
		{Group: "b", Answers: [2]string{"4", "8"}, Correct: 0},
		{Answers: [2]string{"6", "1"}, Correct: 1},
	}
	c := Cues(pairs)[0]
	if c.Name != "the larger" || c.Decides != 5 || c.Right != 3 || math.Abs(c.Effect-1.3) > 1e-12 {
		t.Errorf("got %+v; want the larger deciding 5, right in 3, effect 1.3", c)
	}
}
