package tell

import "math"

// DesignEffect is how much more a cross-validated accuracy varies than
// the mean of as many independent outcomes: the folds' models share their
// training data, so their predictions are positively correlated. For a
// nearly linear model it is about 1 + 2/π, and so measured on answers
// drawn exchangeable (finance at 100 seeds, 500 questions each: the
// accuracies' spread 1.28 times the binomial's, √1.64 = 1.28). An
// interval over n predictions is so an interval over n/DesignEffect.
const DesignEffect = 1 + 2/math.Pi

// CrossValidate is the model's accuracy on pairs it was not fitted on:
// the pairs are cut into folds by their index (pair i in fold i mod
// folds), and each fold is predicted by a model fitted on the others. It
// returns how many of the pairs it got right; a pair whose answers the
// model cannot tell apart counts for answer 0, a coin as fair as the
// slots of the correct answers.
func CrossValidate(pairs []Pair, folds int) (right int) {
	if len(pairs) < 2*folds {
		folds = max(len(pairs)/2, 1)
	}
	for f := range folds {
		var train, test []Pair
		for i, p := range pairs {
			if i%folds == f {
				test = append(test, p)
			} else {
				train = append(train, p)
			}
		}
		if len(train) == 0 {
			train = test // one fold of one pair: fitted on itself
		}
		m := Fit(train)
		for _, p := range test {
			if m.Predict(p) == p.Correct {
				right++
			}
		}
	}
	return right
}

// Cue is a rule that reads the two answers alone: of the pairs where it
// picks one (its answers differ in what it reads), how many it picks the
// correct one in.
type Cue struct {
	Name    string `json:"name"`
	Decides int    `json:"decides"`
	Right   int    `json:"right"`
}

// Cues are the plain rules a reader of the answers may use: the larger
// number, the rounder one, the longer answer, the one more of whose words
// the question holds.
func Cues(pairs []Pair) []Cue {
	rules := []struct {
		name string
		read func(p Pair) ([2]float64, bool) // what the rule reads of each answer
	}{
		{"the larger", numbers},
		{"the rounder", func(p Pair) ([2]float64, bool) {
			v, ok := numbers(p)
			return [2]float64{float64(roundness(v[0])), float64(roundness(v[1]))}, ok
		}},
		{"the longer", func(p Pair) ([2]float64, bool) {
			return [2]float64{float64(len([]rune(p.Answers[0]))), float64(len([]rune(p.Answers[1])))}, true
		}},
		{"more of the question's words", func(p Pair) ([2]float64, bool) {
			q := wordSet(p.Question)
			return [2]float64{share(p.Answers[0], q), share(p.Answers[1], q)}, true
		}},
	}
	out := make([]Cue, 0, len(rules))
	for _, r := range rules {
		c := Cue{Name: r.name}
		for _, p := range pairs {
			v, ok := r.read(p)
			if !ok || v[0] == v[1] {
				continue
			}
			c.Decides++
			if (v[0] > v[1]) == (p.Correct == 0) {
				c.Right++
			}
		}
		out = append(out, c)
	}
	return out
}
