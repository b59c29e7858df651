package taskstest

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/optimize"
)

// Pair is what a reader of the answers alone sees of a question with two
// numeric answers: the kind of question (what it asks for) and the two
// answers' values, and which of them is correct.
type Pair struct {
	Kind    string
	Values  [2]float64
	Correct int
}

// AnswersAlone measures how well the answers alone tell the correct one:
// it fits a logistic model on train and returns its accuracy on test,
// where a tie counts a half. An accuracy near 0.5 means the two answers
// are exchangeable to any reader the model can stand for; the old
// finance generator's one-way mistakes (the smaller margin, the ratio
// above 1, the growth nearer a whole percentage) scored 0.7 and more.
//
// The model is a pairwise one: the log-odds that answer 0 is correct is
// s(answer 0) − s(answer 1), plus a weight on which answer is the
// larger, by kind. The score s of an answer is a step function of its
// value (one weight per twelfth of the kind's values in train, so it can
// learn "the smaller", "the one nearer the middle", "the one below 1")
// plus a weight on its digit of tenths (so it can learn "the one nearer a
// whole percentage") and one on its roundness, the largest of 1, 5, 10,
// 50, 100, 500 and 1,000 that divides it (so it can learn "the rounder
// one", as a real dataset's answers are rounder than a number moved off
// them). Weights have an L2 penalty of 1 and are fitted by BFGS.
func AnswersAlone(train, test []Pair) float64 {
	m := newTellModel(train)
	w := m.fit(train)
	score := 0.0
	for _, p := range test {
		z := dot(w, m.features(p))
		switch {
		case z == 0:
			score += 0.5
		case (z > 0) == (p.Correct == 0):
			score++
		}
	}
	return score / float64(len(test))
}

// tellModel maps a pair to its features; see AnswersAlone.
type tellModel struct {
	kinds map[string]int       // kind → its block of features
	edges map[string][]float64 // kind → the inner edges of its value bins
}

const (
	valueBins = 12
	digitBins = 10
	roundBins = 8                                     // not whole, then ×1, ×5 … ×1,000
	perKind   = valueBins + digitBins + roundBins + 1 // and which is the larger
)

func newTellModel(train []Pair) *tellModel {
	values := map[string][]float64{}
	for _, p := range train {
		values[p.Kind] = append(values[p.Kind], p.Values[0], p.Values[1])
	}
	m := &tellModel{kinds: map[string]int{}, edges: map[string][]float64{}}
	names := make([]string, 0, len(values))
	for k := range values {
		names = append(names, k)
	}
	sort.Strings(names)
	for i, k := range names {
		m.kinds[k] = i * perKind
		v := values[k]
		sort.Float64s(v)
		for b := 1; b < valueBins; b++ {
			m.edges[k] = append(m.edges[k], v[b*len(v)/valueBins])
		}
	}
	return m
}

func (m *tellModel) size() int { return len(m.kinds) * perKind }

// features is φ(answer 0) − φ(answer 1) and the larger-answer sign, in
// the block of the pair's kind; zero for a kind train never had.
func (m *tellModel) features(p Pair) []float64 {
	x := make([]float64, m.size())
	base, ok := m.kinds[p.Kind]
	if !ok {
		return x
	}
	for i, sign := range [2]float64{1, -1} {
		v := p.Values[i]
		x[base+sort.SearchFloat64s(m.edges[p.Kind], v)] += sign
		digit := int(math.Round(math.Abs(v)*10)) % 10
		x[base+valueBins+digit] += sign
		x[base+valueBins+digitBins+roundness(v)] += sign
	}
	switch {
	case p.Values[0] > p.Values[1]:
		x[base+perKind-1] = 1
	case p.Values[0] < p.Values[1]:
		x[base+perKind-1] = -1
	}
	return x
}

// roundness is 0 for a value that is not whole, else 1 to 7 for the
// largest of 1, 5, 10, 50, 100, 500 and 1,000 that divides it (zero
// counts as the roundest).
func roundness(v float64) int {
	if v != math.Trunc(v) || math.Abs(v) > 1e15 {
		return 0
	}
	n, level := int64(math.Abs(v)), 1
	for i, d := range []int64{5, 10, 50, 100, 500, 1000} {
		if n%d == 0 {
			level = i + 2
		}
	}
	return level
}

// fit minimizes the penalized logistic loss over train.
func (m *tellModel) fit(train []Pair) []float64 {
	xs := make([][]float64, len(train))
	for i, p := range train {
		xs[i] = m.features(p)
	}
	problem := optimize.Problem{
		Func: func(w []float64) float64 {
			loss := 0.5 * dot(w, w)
			for i, x := range xs {
				loss += softplus(-label(train[i]) * dot(w, x))
			}
			return loss
		},
		Grad: func(grad, w []float64) {
			copy(grad, w)
			for i, x := range xs {
				y := label(train[i])
				g := -y * sigmoid(-y*dot(w, x))
				for j, xj := range x {
					grad[j] += g * xj
				}
			}
		},
	}
	res, err := optimize.Minimize(problem, make([]float64, m.size()), nil, &optimize.BFGS{})
	if err != nil && res == nil {
		panic("taskstest: fitting the answers-alone model: " + err.Error())
	}
	return res.X
}

// label is +1 where answer 0 is correct, −1 where answer 1 is.
func label(p Pair) float64 {
	if p.Correct == 0 {
		return 1
	}
	return -1
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// softplus is log(1 + e^z), computed without overflow.
func softplus(z float64) float64 {
	if z > 30 {
		return z
	}
	return math.Log1p(math.Exp(z))
}
