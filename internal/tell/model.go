// Package tell measures how well a question's two answers alone tell
// which is correct: the answers-only baseline, as the hypothesis-only
// baseline of natural-language inference (Gururangan et al. 2018; Poliak
// et al. 2018) measures what a label's artifacts give away. A judge that
// reads such a cue — the larger number, the rounder one, the longer
// option — is right above chance without reading the question's
// material; a protocol's gain over the judge alone is then measured from
// that height. Near 50%, the model finds no cue of the kinds below.
//
// The model is pairwise: the log-odds that answer 0 is correct is
// s(answer 0) − s(answer 1), plus weights on which answer is the larger
// and which the longer, each by kind of question. The score s of an
// answer is a step function of its length in characters (a twelfth of the
// kind's answers in each step) and of the share of its words the question
// holds; and, where both answers are numbers, of its value (likewise in
// twelfths, so that it can learn "the smaller", "the one nearer the
// middle", "the one below 1"), of its digit of tenths ("the one nearer a
// whole percentage"), of its last significant digit ("the even one": a
// real dataset's answers are more often even than a number moved off
// them) and of its roundness, the largest of 1, 5, 10, 50, 100, 500 and
// 1,000 that divides it ("the rounder"). Weights have an L2 penalty of 1
// and are fitted by BFGS (gonum).
package tell

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/optimize"

	"github.com/mootlab/moot/internal/reading"
)

// Pair is what a reader of the answers alone sees of a question: what
// kind of question it is (what it asks for: a reader groups questions by
// it; "" for one kind), its text, its two answers, and which is correct;
// and the group it shares with others of its task (a loaded article that
// several questions ask about; "" for none), which cross-validation keeps
// in one fold.
type Pair struct {
	Kind     string
	Question string
	Answers  [2]string
	Correct  int
	Group    string
}

// Model is a fitted answers-alone model.
type Model struct {
	kinds  map[string]int // kind → the first of its block of features
	length map[string][]float64
	value  map[string][]float64 // the inner edges of each kind's bins
	w      []float64
}

const (
	bins      = 12 // steps of length and of value
	shareBins = 5  // none of the answer's words in the question, up to all
	digitBins = 10
	roundBins = 8 // not whole, then ×1, ×5 … ×1,000
	// The features of a kind, in its block: length, share, longer; then,
	// for numbers, value, tenths, last significant digit, roundness,
	// larger.
	textFeatures = bins + shareBins + 1
	perKind      = textFeatures + bins + 2*digitBins + roundBins + 1
)

// Fit fits the model on train.
func Fit(train []Pair) *Model {
	m := &Model{kinds: map[string]int{}, length: map[string][]float64{}, value: map[string][]float64{}}
	lengths, values := map[string][]float64{}, map[string][]float64{}
	for _, p := range train {
		for _, a := range p.Answers {
			lengths[p.Kind] = append(lengths[p.Kind], float64(len([]rune(a))))
		}
		if v, ok := numbers(p); ok {
			values[p.Kind] = append(values[p.Kind], v[0], v[1])
		}
	}
	kinds := make([]string, 0, len(lengths))
	for k := range lengths {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for i, k := range kinds {
		m.kinds[k] = i * perKind
		m.length[k] = edges(lengths[k])
		m.value[k] = edges(values[k])
	}
	m.w = m.fit(train)
	return m
}

// edges are the inner edges of bins that each hold about a twelfth of v.
func edges(v []float64) []float64 {
	if len(v) == 0 {
		return nil
	}
	sort.Float64s(v)
	out := make([]float64, 0, bins-1)
	for b := 1; b < bins; b++ {
		out = append(out, v[b*len(v)/bins])
	}
	return out
}

// Predict is the index of the answer the model takes for the correct one
// (0 where it cannot tell them apart).
func (m *Model) Predict(p Pair) int {
	if dot(m.w, m.features(p)) < 0 {
		return 1
	}
	return 0
}

// features is φ(answer 0) − φ(answer 1) and the signs of the pair, in
// the block of its kind; zero for a kind the model was not fitted on.
func (m *Model) features(p Pair) []float64 {
	x := make([]float64, len(m.kinds)*perKind)
	base, ok := m.kinds[p.Kind]
	if !ok {
		return x
	}
	question := wordSet(p.Question)
	values, numeric := numbers(p)
	for i, sign := range [2]float64{1, -1} {
		a := p.Answers[i]
		x[base+sort.SearchFloat64s(m.length[p.Kind], float64(len([]rune(a))))] += sign
		x[base+bins+shareBin(a, question)] += sign
		if !numeric {
			continue
		}
		v := values[i]
		at := base + textFeatures
		x[at+sort.SearchFloat64s(m.value[p.Kind], v)] += sign
		x[at+bins+int(math.Round(math.Abs(v)*10))%10] += sign
		x[at+bins+digitBins+lastDigit(p.Answers[i])] += sign
		x[at+bins+2*digitBins+roundness(v)] += sign
	}
	x[base+textFeatures-1] = compare(float64(len([]rune(p.Answers[0]))), float64(len([]rune(p.Answers[1]))))
	if numeric {
		x[base+perKind-1] = compare(values[0], values[1])
	}
	return x
}

func compare(a, b float64) float64 {
	switch {
	case a > b:
		return 1
	case a < b:
		return -1
	}
	return 0
}

// number reads an answer as a number: a sign, a $, digits with or
// without thousands commas, decimals and a %.
func number(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "$")
	s = strings.TrimSuffix(strings.ReplaceAll(s, ",", ""), "%")
	if s == "" || strings.Trim(s, "0123456789.") != "" {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false
	}
	if neg {
		v = -v
	}
	return v, true
}

// numbers are a pair's two answers as numbers, if both are.
func numbers(p Pair) ([2]float64, bool) {
	a, okA := number(p.Answers[0])
	b, okB := number(p.Answers[1])
	return [2]float64{a, b}, okA && okB
}

// lastDigit is the last digit of a number as written that is not a
// trailing zero (of "1,250" 5, of "3.40" 4); 0 for zero.
func lastDigit(s string) int {
	digits := strings.TrimRight(strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s), "0")
	if digits == "" {
		return 0
	}
	return int(digits[len(digits)-1] - '0')
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

// wordSet is s's words, as a reader of the sim reads them.
func wordSet(s string) map[string]bool { return reading.Set(reading.Words(s)...) }

// share is the fraction of answer's words that the question holds.
func share(answer string, question map[string]bool) float64 {
	ws := reading.Words(answer)
	if len(ws) == 0 {
		return 0
	}
	in := 0
	for _, w := range ws {
		if question[w] {
			in++
		}
	}
	return float64(in) / float64(len(ws))
}

// shareBin is share in five steps: none, then quarters up to all.
func shareBin(answer string, question map[string]bool) int {
	s := share(answer, question)
	if s == 0 {
		return 0
	}
	return min(int(math.Ceil(s*4)), 4)
}

// fit minimizes the penalized logistic loss over train.
func (m *Model) fit(train []Pair) []float64 {
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
	res, err := optimize.Minimize(problem, make([]float64, len(m.kinds)*perKind), nil, &optimize.BFGS{})
	if res == nil {
		panic("tell: fitting the answers-alone model: " + err.Error())
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
