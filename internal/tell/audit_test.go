package tell

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestGroupEffectWhereNoGroupVaries: where every pair shares one group,
// or every hit is alike (all right, all wrong), there is no spread among
// the groups to measure, and the effect is 1, not 0/0.
func TestGroupEffectWhereNoGroupVaries(t *testing.T) {
	grouped := []Pair{{Group: "a"}, {Group: "a"}, {Group: "b"}, {Group: "b"}, {Group: "b"}}
	for _, tt := range []struct {
		name  string
		pairs []Pair
		hits  []bool
	}{
		{"one group", []Pair{{Group: "a"}, {Group: "a"}, {Group: "a"}}, []bool{true, false, true}},
		{"all wrong", grouped, make([]bool, 5)},
		{"all right", grouped, []bool{true, true, true, true, true}},
	} {
		if got := GroupEffect(tt.pairs, tt.hits); got != 1 {
			t.Errorf("%s: GroupEffect %v; want 1", tt.name, got)
		}
	}
}

// TestHitsOfOneUnit: pairs that are all one unit are one fold, predicted
// by a model fitted on themselves (not by one fitted on nothing, which
// takes answer 0 for every pair): one pair whose answer 1 is correct is
// got right.
func TestHitsOfOneUnit(t *testing.T) {
	for _, pairs := range [][]Pair{
		{{Kind: "k", Question: "How many?", Answers: [2]string{"12", "40"}, Correct: 1}},
		{{Question: "How many?", Answers: [2]string{"3", "40"}, Correct: 1, Group: "g"},
			{Question: "How many?", Answers: [2]string{"5", "70"}, Correct: 1, Group: "g"}},
	} {
		if hits := Hits(pairs, 5); !hits[0] {
			t.Errorf("Hits of %d pairs of one unit: %v; want the first got right", len(pairs), hits)
		}
	}
}

// TestHitsCutsFoldsToHalfTheUnits: with fewer than twice as many units
// as folds, there are half as many folds as units (each of at least two
// units), the k-th unit in fold k mod folds: each pair's hit is that of a
// model fitted on the pairs of the other folds.
func TestHitsCutsFoldsToHalfTheUnits(t *testing.T) {
	differs := false
	for seed := range uint64(20) {
		pairs := synthetic(7, 0.5, 500+seed) // seven units: three folds, not five
		got := Hits(pairs, 5)
		for i, p := range pairs {
			var train []Pair
			for j, q := range pairs {
				if j%3 != i%3 {
					train = append(train, q)
				}
			}
			if want := Fit(train).Predict(p) == p.Correct; got[i] != want {
				t.Fatalf("seed %d, pair %d: hit %v; want %v, as fitted on the other two of three folds", seed, i, got[i], want)
			}
			differs = differs || got[i] != got[0]
		}
	}
	if !differs {
		t.Error("every hit alike: the test tells nothing")
	}
}

// TestCuesOfWordsAndNone: the larger and the rounder decide no pair one of
// whose answers is no number; the longer counts letters, not bytes ("été"
// is shorter than "abcd"); a cue that decides nothing has effect 1.
func TestCuesOfWordsAndNone(t *testing.T) {
	pairs := []Pair{
		{Question: "How far?", Answers: [2]string{"12", "north"}, Correct: 1},
		{Question: "When?", Answers: [2]string{"été", "abcd"}, Correct: 1},
	}
	want := []Cue{
		{"the larger", 0, 0, 1},
		{"the rounder", 0, 0, 1},
		{"the longer", 2, 2, 1},
		{"more of the question's words", 0, 0, 1},
	}
	for i, c := range Cues(pairs) {
		if c != want[i] {
			t.Errorf("cue %d: got %+v; want %+v", i, c, want[i])
		}
	}
}

// TestEdges: the inner edges of twelve bins of 24 values, given in any
// order, are every second value from the third; of none, none.
func TestEdges(t *testing.T) {
	v := make([]float64, 24)
	for i := range v {
		v[i] = float64(23 - i)
	}
	got := edges(v)
	for b, e := range got {
		if e != float64(2*(b+1)) {
			t.Fatalf("edges: %v; want 2, 4 … 22", got)
		}
	}
	if len(got) != bins-1 || edges(nil) != nil {
		t.Errorf("edges: %d of them, of none %v; want 11 and nil", len(got), edges(nil))
	}
}

// TestPredictWithoutATell: a pair the model cannot tell apart (of a kind
// it was not fitted on, or two answers alike) is taken for answer 0.
func TestPredictWithoutATell(t *testing.T) {
	m := Fit(synthetic(200, 0.5, 4))
	for _, p := range []Pair{
		{Kind: "other", Answers: [2]string{"40", "140"}, Correct: 1},
		{Kind: "k", Answers: [2]string{"90", "90"}, Correct: 1},
	} {
		if got := m.Predict(p); got != 0 {
			t.Errorf("Predict(%v) = %d; want 0", p.Answers, got)
		}
	}
}

// TestRoundnessAndShareBin by hand: roundness is 0 for what is not whole
// (or too large), else the level of the largest of 1, 5 … 1,000 that
// divides it; shareBin is none, then the share in quarters rounded up.
func TestRoundnessAndShareBin(t *testing.T) {
	for v, want := range map[float64]int{2.5: 0, 7: 1, 15: 2, 30: 3, 250: 4, 300: 5, -1500: 6, 3000: 7, 0: 7, 2e15: 0, 12000: 7} {
		if got := roundness(v); got != want {
			t.Errorf("roundness(%g) = %d; want %d", v, got, want)
		}
	}
	q := wordSet("Which red river runs by the stone?")
	for a, want := range map[string]int{"blue": 0, "red blue tall": 2, "red river blue": 3, "red stone": 4, "red blue tall grain": 1} {
		if got := shareBin(a, q); got != want {
			t.Errorf("shareBin(%q) = %d; want %d", a, got, want)
		}
	}
	if _, ok := numbers(Pair{Answers: [2]string{"12", "north"}}); ok {
		t.Error("numbers of 12 and north: ok")
	}
}

// TestSoftplus: log(1 + e^z), and z itself past 30.
func TestSoftplus(t *testing.T) {
	for _, z := range []float64{-40, -1, 0, 5, 20, 29} {
		if got, want := softplus(z), math.Log1p(math.Exp(z)); math.Abs(got-want) > 1e-12 {
			t.Errorf("softplus(%g) = %g; want %g", z, got, want)
		}
	}
	if got := softplus(800); got != 800 {
		t.Errorf("softplus(800) = %g; want 800", got)
	}
}

// TestFitIsPenalized: the weights are the minimum of the logistic loss
// with an L2 penalty of 1, where its gradient is zero: w = Σ y·σ(−y·w·x)·x
// over the training pairs.
func TestFitIsPenalized(t *testing.T) {
	train := synthetic(40, 0.5, 8)
	m := Fit(train)
	want := make([]float64, len(m.w))
	for _, p := range train {
		x, y := m.features(p), label(p)
		g := y * sigmoid(-y*dot(m.w, x))
		for j := range x {
			want[j] += g * x[j]
		}
	}
	for j := range want {
		if math.Abs(m.w[j]-want[j]) > 1e-3 {
			t.Fatalf("weight %d: %g; want %g, where the penalized loss is least", j, m.w[j], want[j])
		}
	}
}

// TestFeaturesOfWordsHaveNoNumbers: a pair whose answers are no numbers
// (digits among words) has nothing in its block's features of numbers.
func TestFeaturesOfWordsHaveNoNumbers(t *testing.T) {
	p := Pair{Kind: "k", Answers: [2]string{"route 7", "gate 2"}}
	m := Fit([]Pair{p, {Kind: "k", Answers: [2]string{"3", "8"}, Correct: 1}})
	for j, x := range m.features(p)[textFeatures:] {
		if x != 0 {
			t.Errorf("feature %d of numbers: %g; want 0", textFeatures+j, x)
		}
	}
}

// tilted makes n pairs of kind "k", each of a good answer and a bad one
// drawn by draw, the good one correct in 75% of them.
func tilted(n int, seed uint64, draw func(rng *rand.Rand) (good, bad string)) []Pair {
	rng := rand.New(rand.NewPCG(seed, 7))
	out := make([]Pair, n)
	for i := range out {
		good, bad := draw(rng)
		if rng.Float64() >= 0.75 {
			good, bad = bad, good
		}
		c := rng.IntN(2)
		out[i] = Pair{Kind: "k", Question: "Which river runs by the old stone mill?", Correct: c}
		out[i].Answers[c], out[i].Answers[1-c] = good, bad
	}
	return out
}

// TestCrossValidateReadsEachTell: where the correct answer is in 75% of
// pairs the one with a tell that nothing else of the model reads, the
// model is right in about 75%: the rounder (110 over 134, last digits
// alike), the nearer a whole (12.04 over 12.54), the one more of whose
// words the question holds (of lengths alike), the longer by one letter.
func TestCrossValidateReadsEachTell(t *testing.T) {
	digits := []int{1, 2, 3, 4, 6, 7, 8, 9}
	words := [2][]string{{"river", "stone", "mill", "old", "runs"}, {"cloud", "grain", "tall", "red", "fast"}}
	letters := func(rng *rand.Rand, n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('a' + rng.IntN(26))
		}
		return string(b)
	}
	for name, draw := range map[string]func(rng *rand.Rand) (string, string){
		"the rounder": func(rng *rand.Rand) (string, string) {
			return fmt.Sprint(100 + 10*digits[rng.IntN(8)]), fmt.Sprint(100 + 10*rng.IntN(10) + digits[rng.IntN(8)])
		},
		"the nearer a whole": func(rng *rand.Rand) (string, string) {
			d := 1 + rng.IntN(9)
			return fmt.Sprintf("%d.0%d", 10+rng.IntN(20), d), fmt.Sprintf("%d.5%d", 10+rng.IntN(20), d)
		},
		"the question's words": func(rng *rand.Rand) (string, string) {
			i, j := rng.IntN(5), rng.IntN(5)
			return words[0][i] + " " + words[0][j], words[1][i] + " " + words[1][j]
		},
		"the longer": func(rng *rand.Rand) (string, string) {
			n := 5 + rng.IntN(56)
			return letters(rng, n+1), letters(rng, n)
		},
	} {
		pairs := tilted(2000, 21, draw)
		if right := CrossValidate(pairs, 5); !within(right, len(pairs), 0.75) {
			t.Errorf("%s: right in %d of %d; want about 75%%", name, right, len(pairs))
		}
	}
}

// TestCrossValidateKeepsKindsApart: of two kinds, in one of which the
// answer nearer the middle is correct in 75% of pairs and in the other the
// one farther (a tell of the steps of value alone: the larger is as often
// one as the other), each kind is read by its own weights, and the model
// is right in about 75% of each.
func TestCrossValidateKeepsKindsApart(t *testing.T) {
	middle := func(rng *rand.Rand) (string, string) {
		far := 150 + rng.IntN(20)
		if rng.IntN(2) == 0 {
			far += 80
		}
		return fmt.Sprint(190 + rng.IntN(20)), fmt.Sprint(far)
	}
	pairs := tilted(3000, 31, middle)
	for i := range pairs {
		if i%2 == 1 {
			p := &pairs[i]
			p.Kind, p.Correct = "j", 1-p.Correct
		}
	}
	hits := Hits(pairs, 5)
	for k, kind := range []string{"k", "j"} {
		right := 0
		for i := k; i < len(pairs); i += 2 {
			if hits[i] {
				right++
			}
		}
		if !within(right, len(pairs)/2, 0.75) {
			t.Errorf("kind %s: right in %d of %d; want about 75%%", kind, right, len(pairs)/2)
		}
	}
}
