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
// the pairs are cut into folds by their units — a group's pairs together,
// each pair without a group a unit of its own — the k-th unit to appear
// in fold k mod folds (pair i in fold i mod folds where none has a
// group), and each fold is predicted by a model fitted on the others. A
// group split across folds would be tested on a model fitted on its own
// other questions, whose answers may share what the group's share (an
// article's one answer, asked of several ways) and tell it apart where
// new questions would not. It returns how many of the pairs it got right;
// a pair whose answers the model cannot tell apart counts for answer 0, a
// coin as fair as the slots of the correct answers.
func CrossValidate(pairs []Pair, folds int) (right int) {
	unit := Units(pairs)
	units := 0
	for _, u := range unit {
		units = max(units, u+1)
	}
	if units < 2*folds {
		folds = max(units/2, 1)
	}
	for f := range folds {
		var train, test []Pair
		for i, p := range pairs {
			if unit[i]%folds == f {
				test = append(test, p)
			} else {
				train = append(train, p)
			}
		}
		if len(train) == 0 {
			train = test // one fold of one unit: fitted on itself
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

// Units numbers each pair's unit from 0 in order of first appearance:
// the pairs of one group share one, a pair without a group has its own.
func Units(pairs []Pair) []int {
	out := make([]int, len(pairs))
	seen := map[string]int{}
	n := 0
	for i, p := range pairs {
		if p.Group == "" {
			out[i], n = n, n+1
			continue
		}
		u, ok := seen[p.Group]
		if !ok {
			u, n = n, n+1
			seen[p.Group] = u
		}
		out[i] = u
	}
	return out
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
