package code

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/mootlab/moot/internal/reading"
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

// A spec question shows a spec in words and two functions, one that meets
// it and one with a plausible bug, and asks which meets it. The truth is
// settled by running both against the spec's own reference, computed in
// Go apart from the interpreter, on a few inputs.

// specQuestion is the text of every spec question: its key terms are the
// words a sound closing sentence must hold.
const specQuestion = "Which function meets the spec?"

// spec is one kind of function a spec question may be about.
type spec struct {
	// words states the spec for constants k and m.
	words func(k, m int64) string
	// reference computes what the spec asks for input n.
	reference func(n, k, m int64) int64
	// correct builds a body that meets the spec; bugs builds bodies that
	// do not, the close (off by one, a missed edge) before the far (a
	// wrong operation).
	correct func(k, m int64) []Stmt
	bugs    func(k, m int64) [][]Stmt
	// inputs draws an input.
	inputs func(rng *rand.Rand) int64
}

// Shorthands for building bodies.
func num(v int64) Expr              { return &Num{Value: v} }
func ref(name string) Expr          { return &Var{Name: name} }
func bin(op string, x, y Expr) Expr { return &Binary{Op: op, X: x, Y: y} }
func set(name string, e Expr) Stmt  { return &Assign{Name: name, Value: e} }
func let(name string, e Expr) Stmt  { return &Let{Name: name, Value: e} }
func ret(e Expr) Stmt               { return &Return{Value: e} }
func loop(v string, from, to Expr, body ...Stmt) Stmt {
	return &For{Var: v, From: from, To: to, Body: body}
}

var specs = []spec{
	{ // the sum of i × k
		words: func(k, _ int64) string {
			return fmt.Sprintf("return the sum of i × %d for every whole number i from 1 to n", k)
		},
		reference: func(n, k, _ int64) int64 { return k * n * (n + 1) / 2 },
		correct: func(k, _ int64) []Stmt {
			return []Stmt{let("s", num(0)), loop("i", num(1), bin("+", ref("n"), num(1)), set("s", bin("+", ref("s"), bin("*", ref("i"), num(k))))), ret(ref("s"))}
		},
		bugs: func(k, _ int64) [][]Stmt {
			return [][]Stmt{
				{let("s", num(0)), loop("i", num(1), ref("n"), set("s", bin("+", ref("s"), bin("*", ref("i"), num(k))))), ret(ref("s"))},
				{let("s", num(0)), loop("i", num(1), bin("+", ref("n"), num(1)), set("s", bin("+", ref("s"), bin("+", ref("i"), num(k))))), ret(ref("s"))},
			}
		},
		inputs: func(rng *rand.Rand) int64 { return int64(2 + rng.IntN(11)) },
	},
	{ // how many multiples of k
		words: func(k, _ int64) string {
			return fmt.Sprintf("return how many of the whole numbers from 1 to n are multiples of %d", k)
		},
		reference: func(n, k, _ int64) int64 { return n / k },
		correct: func(k, _ int64) []Stmt {
			return []Stmt{let("c", num(0)), loop("i", num(1), bin("+", ref("n"), num(1)),
				&If{Cond: bin("==", bin("%", ref("i"), num(k)), num(0)), Then: []Stmt{set("c", bin("+", ref("c"), num(1)))}}), ret(ref("c"))}
		},
		bugs: func(k, _ int64) [][]Stmt {
			return [][]Stmt{
				{let("c", num(0)), loop("i", num(1), ref("n"),
					&If{Cond: bin("==", bin("%", ref("i"), num(k)), num(0)), Then: []Stmt{set("c", bin("+", ref("c"), num(1)))}}), ret(ref("c"))},
				{let("c", num(0)), loop("i", num(1), bin("+", ref("n"), num(1)),
					&If{Cond: bin("==", bin("%", ref("i"), num(k)), num(0)), Then: []Stmt{set("c", bin("+", ref("c"), ref("i")))}}), ret(ref("c"))},
			}
		},
		inputs: func(rng *rand.Rand) int64 { return int64(4 + rng.IntN(27)) },
	},
	{ // the sum of the digits
		words: func(_, _ int64) string { return "return the sum of the decimal digits of n" },
		reference: func(n, _, _ int64) int64 {
			s := int64(0)
			for ; n > 0; n /= 10 {
				s += n % 10
			}
			return s
		},
		correct: func(_, _ int64) []Stmt {
			return []Stmt{let("s", num(0)), &While{Cond: bin(">", ref("n"), num(0)), Body: []Stmt{
				set("s", bin("+", ref("s"), bin("%", ref("n"), num(10)))), set("n", bin("/", ref("n"), num(10)))}}, ret(ref("s"))}
		},
		bugs: func(_, _ int64) [][]Stmt {
			return [][]Stmt{
				{let("s", num(0)), &While{Cond: bin(">", ref("n"), num(9)), Body: []Stmt{
					set("s", bin("+", ref("s"), bin("%", ref("n"), num(10)))), set("n", bin("/", ref("n"), num(10)))}}, ret(ref("s"))},
				{let("s", num(0)), &While{Cond: bin(">", ref("n"), num(0)), Body: []Stmt{
					set("s", bin("+", ref("s"), bin("/", ref("n"), num(10)))), set("n", bin("/", ref("n"), num(10)))}}, ret(ref("s"))},
			}
		},
		inputs: func(rng *rand.Rand) int64 { return int64(10 + rng.IntN(9990)) },
	},
	{ // the largest (i × k) % m
		words: func(k, m int64) string {
			return fmt.Sprintf("return the largest value of (i × %d) %% %d over the whole numbers i from 0 to n − 1", k, m)
		},
		reference: func(n, k, m int64) int64 {
			best := int64(0)
			for i := range n {
				best = max(best, i*k%m)
			}
			return best
		},
		correct: func(k, m int64) []Stmt {
			return []Stmt{let("best", num(0)), let("v", num(0)), loop("i", num(0), ref("n"),
				set("v", bin("%", bin("*", ref("i"), num(k)), num(m))),
				&If{Cond: bin(">", ref("v"), ref("best")), Then: []Stmt{set("best", ref("v"))}}), ret(ref("best"))}
		},
		bugs: func(k, m int64) [][]Stmt {
			return [][]Stmt{
				{let("best", num(0)), let("v", num(0)), loop("i", num(0), bin("-", ref("n"), num(1)),
					set("v", bin("%", bin("*", ref("i"), num(k)), num(m))),
					&If{Cond: bin(">", ref("v"), ref("best")), Then: []Stmt{set("best", ref("v"))}}), ret(ref("best"))},
				{let("best", num(0)), let("v", num(0)), loop("i", num(0), ref("n"),
					set("v", bin("%", bin("*", ref("i"), num(k)), num(m))), set("best", ref("v"))), ret(ref("best"))},
			}
		},
		inputs: func(rng *rand.Rand) int64 { return int64(2 + rng.IntN(12)) },
	},
}

// buildSpec makes one spec question of difficulty d, or reports false if a
// check failed (the bug never shows on the inputs drawn, a fabricated
// sentence happens to be true).
func buildSpec(rng *rand.Rand, d float64) (tasks.Question, bool, error) {
	sp := specs[rng.IntN(len(specs))]
	k, m := int64(2+rng.IntN(5)), int64(7+rng.IntN(10))
	bugs := sp.bugs(k, m)
	// Harder questions lean to the close bug, which shows on fewer inputs.
	bug := bugs[len(bugs)-1]
	if rng.Float64() < 0.3+0.6*d {
		bug = bugs[0]
	}
	names := rng.Perm(len(funcNames))
	// Formatted and parsed back, as output questions are: what runs is
	// exactly what the judge is shown.
	good, goodSrc, err := reparse(&Func{Name: funcNames[names[0]], Param: "n", Body: sp.correct(k, m)})
	if err != nil {
		return tasks.Question{}, false, err
	}
	bad, badSrc, err := reparse(&Func{Name: funcNames[names[1]], Param: "n", Body: bug})
	if err != nil {
		return tasks.Question{}, false, err
	}
	agree, decisive, err := specInputs(rng, sp, k, m, good, bad)
	if err != nil || decisive == nil {
		return tasks.Question{}, false, err
	}
	// Easier questions show fewer agreeing inputs before the decisive one.
	keep := min(len(agree), int(d*float64(len(agree))+0.5))
	agree = agree[len(agree)-keep:]

	first, second := good, bad
	firstSrc, secondSrc := goodSrc, badSrc
	if rng.IntN(2) == 0 {
		first, second = bad, good
		firstSrc, secondSrc = badSrc, goodSrc
	}
	exhibit := fmt.Sprintf("# The spec: %s.\n\n%s\n%s", sp.words(k, m), firstSrc, secondSrc)

	var sentences []string
	for _, r := range agree {
		sentences = append(sentences, fmt.Sprintf("For n = %d, %s(%d) and %s(%d) both return %d.", r.n, first.Name, r.n, second.Name, r.n, r.spec))
	}
	r := *decisive
	goodRun := fmt.Sprintf("For n = %d, %s(%d) returns %d.", r.n, good.Name, r.n, r.good)
	badRun := fmt.Sprintf("For n = %d, %s(%d) returns %d.", r.n, bad.Name, r.n, r.bad)
	if first == bad {
		goodRun, badRun = badRun, goodRun
	}
	sentences = append(sentences, goodRun, badRun)
	final := specClosing(good.Name, r.spec, r.n)
	sentences = append(sentences, final)
	context := strings.Join(sentences, " ")
	if reading.Missing(reading.KeyTerms(specQuestion), final) != 0 || len(reading.Sentences(context)) != len(sentences) {
		return tasks.Question{}, false, nil
	}
	return specQuestionOf(rng, exhibit, sentences, r, good.Name, bad.Name)
}

// specResult is what the spec and the two functions give for input n.
type specResult struct{ n, spec, good, bad int64 }

// specInputs draws inputs until one tells the good and the bad function
// apart (decisive; nil if four inputs in a row agree) and returns those
// before it, on which they agree.
func specInputs(rng *rand.Rand, sp spec, k, m int64, good, bad *Func) (agree []specResult, decisive *specResult, err error) {
	for len(agree) < 4 && decisive == nil {
		n := sp.inputs(rng)
		r := specResult{n: n, spec: sp.reference(n, k, m)}
		for _, f := range []struct {
			fn  *Func
			out *int64
		}{{good, &r.good}, {bad, &r.bad}} {
			tr, err := Run(f.fn, n, Options{})
			if err != nil {
				return nil, nil, fmt.Errorf("code: a spec function fails: %w", err)
			}
			*f.out = tr.Result
		}
		if r.good != r.spec {
			return nil, nil, fmt.Errorf("code: %s(%d) = %d but the spec gives %d", good.Name, n, r.good, r.spec)
		}
		if r.bad != r.spec {
			decisive = &r
		} else {
			agree = append(agree, r)
		}
	}
	return agree, decisive, nil
}

// specClosing is the sentence that names the function meeting the spec:
// the spec gives v for n, and only name returns it.
func specClosing(name string, v, n int64) string {
	return fmt.Sprintf("The spec gives %d for n = %d, and only %s returns it, so %s is the function that meets the spec.", v, n, name, name)
}

// specQuestionOf makes the question of a spec whose context is sentences,
// the last the closing one; r is the decisive input. It reports false if a
// fabricated claim happens to be in the context.
func specQuestionOf(rng *rand.Rand, exhibit string, sentences []string, r specResult, good, bad string) (tasks.Question, bool, error) {
	context := strings.Join(sentences, " ")
	final := sentences[len(sentences)-1]
	ci := rng.IntN(2)
	q := tasks.Question{Text: specQuestion, Exhibit: withDivisionNote(exhibit), Correct: ci, Context: context}
	q.Answers[ci], q.Answers[1-ci] = good, bad
	q.Evidence = append(q.Evidence, transcript.Claim{Kind: transcript.KindQuote, Answer: ci, Text: final})
	for _, s := range sentences[:len(sentences)-1] {
		if reading.Mentions(s, bad) && !reading.Mentions(s, good) {
			// True: what the buggy function returns, beside the point.
			q.Evidence = append(q.Evidence, transcript.Claim{Kind: transcript.KindQuote, Answer: 1 - ci, Text: s})
		}
	}
	// Invented, for each function: it claimed as the spec's by the closing
	// sentence, with what it returns for the decisive input as the spec's
	// value, and it claimed to return the spec's value there — false of
	// the buggy one, and for the one that meets the spec the true runs
	// misquoted. Both are framed by one lead, so that the two answers'
	// are alike in number, kind and form.
	lead := tasks.InventedLead(rng)
	claims := func(name string, got int64) []string {
		return []string{
			tasks.Invented(lead, specClosing(name, got, r.n), false),
			tasks.Invented(lead, fmt.Sprintf("For n = %d, %s(%d) returns %d.", r.n, name, r.n, r.spec), false),
		}
	}
	var invented [2][]string
	invented[ci], invented[1-ci] = claims(good, r.good), claims(bad, r.bad)
	if !tasks.AddInvented(&q, invented) {
		return tasks.Question{}, false, nil
	}
	rng.Shuffle(len(q.Evidence), func(i, j int) { q.Evidence[i], q.Evidence[j] = q.Evidence[j], q.Evidence[i] })
	return q, true, nil
}

// reparse formats a function built in code and parses it back, returning
// the parsed function and its source.
func reparse(f *Func) (*Func, string, error) {
	src := Format(f)
	fn, err := Parse(src)
	if err != nil {
		return nil, "", fmt.Errorf("code: a generated function does not parse: %w", err)
	}
	return fn, src, nil
}
