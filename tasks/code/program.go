package code

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/mootlab/moot/internal/reading"
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

// Names of functions and variables: plain words, so that a trace reads as
// prose and no name is a number.
var (
	funcNames = []string{"tally", "churn", "sift", "weave", "drift", "fold", "stack", "braid", "mingle", "ripple", "knot", "gather"}
	varNames  = []string{"total", "carry", "level", "width", "stock", "heap", "score", "pile", "count", "depth"}
)

// maxTraced bounds every value a generated program may reach: a value a
// reader can still add up in their head.
const maxTraced = 100000

// Passes returns the number of loop passes of a program of difficulty d:
// 3 at 0 up to 9 at 1.
func Passes(d float64) int { return 3 + int(d*6+0.5) }

// slip names the mis-trace that yields the distractor.
type slip int

const (
	slipShort  slip = iota // the last pass left out: range(a, n) read as stopping one early
	slipLong               // one pass too many: range(a, n) read as including n
	slipBranch             // the last pass's if misjudged
	slipReturn             // the other variable returned
)

func (s slip) String() string {
	return [...]string{"one pass short", "one pass too many", "branch misjudged", "wrong variable returned"}[s]
}

// program is a generated program with the input it is called with.
type program struct {
	fn     *Func
	source string
	arg    int64
	acc    string // the variable returned
	other  string // the second variable, "" if none
	hasIf  bool
}

// update draws the right-hand side of an assignment to v, which may read the
// loop variable i and the other variable w ("" for none).
func update(rng *rand.Rand, v, i, w string) Expr {
	c := &Num{Value: int64(2 + rng.IntN(8))}
	vx, ix := &Var{Name: v}, &Var{Name: i}
	options := []Expr{
		&Binary{Op: "+", X: vx, Y: ix},
		&Binary{Op: "+", X: vx, Y: c},
		&Binary{Op: "+", X: vx, Y: &Binary{Op: "*", X: ix, Y: c}},
		&Binary{Op: "-", X: vx, Y: c},
		&Binary{Op: "*", X: vx, Y: &Num{Value: 2}},
		&Binary{Op: "%", X: &Binary{Op: "+", X: vx, Y: &Binary{Op: "*", X: ix, Y: c}}, Y: &Num{Value: int64(20 + rng.IntN(80))}},
	}
	if w != "" {
		wx := &Var{Name: w}
		options = append(options,
			&Binary{Op: "+", X: vx, Y: wx},
			&Binary{Op: "+", X: vx, Y: &Binary{Op: "*", X: wx, Y: &Num{Value: 2}}},
			&Binary{Op: "-", X: &Binary{Op: "+", X: vx, Y: wx}, Y: ix},
		)
	}
	return options[rng.IntN(len(options))]
}

// generate draws a program of difficulty d: one or two variables declared,
// a for loop of Passes(d) passes whose body may branch on the loop variable,
// and either variable returned. It is formatted and parsed back, so that
// what runs is exactly what is shown.
func generate(rng *rand.Rand, d float64) (*program, error) {
	names := rng.Perm(len(varNames))
	acc, param, loop := varNames[names[0]], "n", "i"
	p := &program{acc: acc}
	from := int64(rng.IntN(3))
	p.arg = from + int64(Passes(d))
	body := []Stmt{&Let{Name: acc, Value: &Num{Value: int64(rng.IntN(10))}}}
	if rng.Float64() < 0.3+0.6*d {
		p.other = varNames[names[1]]
		body = append(body, &Let{Name: p.other, Value: &Num{Value: int64(1 + rng.IntN(9))}})
	}
	var inner []Stmt
	if rng.Float64() < 0.4+0.6*d {
		p.hasIf = true
		k := int64(2 + rng.IntN(3))
		cond := &Binary{Op: "==", X: &Binary{Op: "%", X: &Var{Name: loop}, Y: &Num{Value: k}}, Y: &Num{Value: int64(rng.IntN(int(k)))}}
		inner = append(inner, &If{Cond: cond,
			Then: []Stmt{&Assign{Name: acc, Value: update(rng, acc, loop, p.other)}},
			Else: []Stmt{&Assign{Name: acc, Value: update(rng, acc, loop, p.other)}}})
	} else {
		inner = append(inner, &Assign{Name: acc, Value: update(rng, acc, loop, p.other)})
	}
	if p.other != "" {
		inner = append(inner, &Assign{Name: p.other, Value: update(rng, p.other, loop, "")})
	}
	if p.other != "" && rng.IntN(2) == 0 {
		// Either variable is the one returned. The first reads the
		// second and grows the faster, so where it was always returned
		// the other (a wrong variable returned) was the smaller in 65%
		// of such slips.
		p.acc, p.other = p.other, p.acc
	}
	body = append(body,
		&For{Var: loop, From: &Num{Value: from}, To: &Var{Name: param}, Body: inner},
		&Return{Value: &Var{Name: p.acc}})
	built := &Func{Name: funcNames[rng.IntN(len(funcNames))], Param: param, Body: body}
	fn, src, err := reparse(built)
	if err != nil {
		return nil, err
	}
	p.fn, p.source = fn, src
	return p, nil
}

// call is how the question and the trace name the call, e.g. "tally(7)".
func (p *program) call() string { return fmt.Sprintf("%s(%d)", p.fn.Name, p.arg) }

// bindings states variables, skipping the parameter and the loop variable:
// "total = 10 and carry = 4".
func bindings(bs []Binding, skip ...string) string {
	var parts []string
outer:
	for _, b := range bs {
		for _, s := range skip {
			if b.Name == s {
				continue outer
			}
		}
		parts = append(parts, fmt.Sprintf("%s = %d", b.Name, b.Value))
	}
	return strings.Join(parts, " and ")
}

// passSentence states one pass of the trace.
func (p *program) passSentence(ps Pass) string {
	var cond string
	for _, taken := range ps.Branches {
		if taken {
			cond = "the if holds, so "
		} else {
			cond = "the if fails, so "
		}
	}
	return fmt.Sprintf("Pass %s = %d: %s%s.", ps.Var, ps.Value, cond, bindings(ps.After, p.fn.Param, ps.Var))
}

// final is the trace's closing sentence, which holds every key term of the
// question and the result.
func (p *program) final(lastPass *Pass, result int64) string {
	if lastPass == nil {
		return fmt.Sprintf("The loop never runs, so %s returned %d.", p.call(), result)
	}
	return fmt.Sprintf("The loop ends after %s = %d, so %s returned %d.", lastPass.Var, lastPass.Value, p.call(), result)
}

// trace is the hidden context: the opening values, a sentence a pass, and
// the result.
func (p *program) trace(tr *Trace) []string {
	out := []string{fmt.Sprintf("%s starts with %s.", p.call(), bindings(tr.Start, p.fn.Param))}
	for _, ps := range tr.Passes {
		out = append(out, p.passSentence(ps))
	}
	var last *Pass
	if len(tr.Passes) > 0 {
		last = &tr.Passes[len(tr.Passes)-1]
	}
	return append(out, p.final(last, tr.Result))
}

// inRange reports whether every value of a trace is a whole number a
// person can handle, 0 to maxTraced.
func inRange(tr *Trace) bool {
	ok := func(bs []Binding) bool {
		for _, b := range bs {
			if b.Value < 0 || b.Value > maxTraced {
				return false
			}
		}
		return true
	}
	if !ok(tr.Start) {
		return false
	}
	for _, ps := range tr.Passes {
		if !ok(ps.After) {
			return false
		}
	}
	return tr.Result >= 0 && tr.Result <= maxTraced
}

// misTrace runs the program as a reader making slip sl would, and returns
// the wrong result with the fabricated sentences that state it (beyond the
// closing one), or false if the slip does not apply.
func (p *program) misTrace(sl slip, tr *Trace) (int64, []string, bool) {
	n := len(tr.Passes)
	switch sl {
	case slipShort:
		if n < 2 {
			return 0, nil, false
		}
		// The value after the second-to-last pass: a true sentence of the
		// trace states it, beside the point.
		prev := tr.Passes[n-2]
		v := valueOf(prev.After, p.acc)
		return v, []string{p.final(&prev, v)}, true
	case slipLong:
		loop := p.loop()
		longer := *loop
		longer.To = &Binary{Op: "+", X: loop.To, Y: &Num{Value: 1}}
		t, err := Run(p.with(loop, &longer), p.arg, Options{})
		if err != nil || !inRange(t) || len(t.Passes) != n+1 {
			return 0, nil, false
		}
		extra := t.Passes[n]
		return t.Result, []string{p.passSentence(extra), p.final(&extra, t.Result)}, true
	case slipBranch:
		if !p.hasIf || n == 0 {
			return 0, nil, false
		}
		// Flip the last pass's if: the number of ifs run before it is the
		// number of passes before it (one if a pass).
		t, err := Run(p.fn, p.arg, Options{FlipIf: n})
		if err != nil || !inRange(t) {
			return 0, nil, false
		}
		last := t.Passes[n-1]
		return t.Result, []string{p.passSentence(last), p.final(&last, t.Result)}, true
	case slipReturn:
		if p.other == "" || n == 0 {
			return 0, nil, false
		}
		last := tr.Passes[n-1]
		v := valueOf(last.After, p.other)
		return v, []string{p.final(&last, v)}, true
	}
	return 0, nil, false
}

func valueOf(bs []Binding, name string) int64 {
	for _, b := range bs {
		if b.Name == name {
			return b.Value
		}
	}
	return -1
}

// loop is the program's for statement.
func (p *program) loop() *For {
	for _, s := range p.fn.Body {
		if f, ok := s.(*For); ok {
			return f
		}
	}
	panic("code: a generated program has no loop")
}

// with returns the program with statement old replaced by repl.
func (p *program) with(old, repl Stmt) *Func {
	f := *p.fn
	f.Body = make([]Stmt, len(p.fn.Body))
	for i, s := range p.fn.Body {
		if s == old {
			s = repl
		}
		f.Body[i] = s
	}
	return &f
}

// slipWeights are the odds of each slip at difficulty d. Harder problems
// lean to the slip that leaves the least trace, a misjudged branch. A
// loop's end is misread either way alike, a pass too few or one too many:
// a value that grows pass by pass is smaller a pass early and larger a
// pass late, so a difficulty that leaned to the pass too few made the
// larger answer the correct one (in 58.8% of questions at difficulty 0.8,
// and 46.8% at 0.2, where it leaned the other way).
func slipWeights(d float64) [4]float64 {
	return [...]float64{
		slipShort:  0.9 + 0.1*d,
		slipLong:   0.9 + 0.1*d,
		slipBranch: 0.4 + 1.2*d,
		slipReturn: 1.2 - 0.8*d,
	}
}

// build makes one question of difficulty d, or reports false if a check
// failed (a value out of range, an answer readable off the question).
func build(rng *rand.Rand, d float64) (tasks.Question, bool, error) {
	p, err := generate(rng, d)
	if err != nil {
		return tasks.Question{}, false, err
	}
	tr, err := Run(p.fn, p.arg, Options{})
	if err != nil {
		return tasks.Question{}, false, fmt.Errorf("code: a generated program fails: %w", err)
	}
	if !inRange(tr) {
		return tasks.Question{}, false, nil
	}
	weights := slipWeights(d)
	type option struct {
		value     int64
		sentences []string
		weight    float64
	}
	var opts []option
	total := 0.0
	for sl, w := range weights {
		if v, sentences, ok := p.misTrace(slip(sl), tr); ok && v >= 0 && v != tr.Result {
			opts = append(opts, option{v, sentences, w})
			total += w
		}
	}
	if len(opts) == 0 {
		return tasks.Question{}, false, nil
	}
	r := rng.Float64() * total
	pick := opts[len(opts)-1]
	for _, o := range opts {
		if r < o.weight {
			pick = o
			break
		}
		r -= o.weight
	}

	text := fmt.Sprintf("What is returned by %s?", p.call())
	cs, ws := strconv.FormatInt(tr.Result, 10), strconv.FormatInt(pick.value, 10)
	// Neither answer may be read off the question or the program.
	for _, shown := range []string{text, p.source} {
		if reading.Mentions(shown, cs) || reading.Mentions(shown, ws) {
			return tasks.Question{}, false, nil
		}
	}
	sentences := p.trace(tr)
	final := sentences[len(sentences)-1]
	context := strings.Join(sentences, " ")
	if reading.Missing(reading.KeyTerms(text), final) != 0 || len(reading.Sentences(context)) != len(sentences) {
		return tasks.Question{}, false, nil
	}

	ci := rng.IntN(2)
	q := tasks.Question{Text: text, Exhibit: withDivisionNote(p.source), Correct: ci, Context: context}
	q.Answers[ci], q.Answers[1-ci] = cs, ws
	q.Evidence = append(q.Evidence, transcript.Claim{Kind: transcript.KindQuote, Answer: ci, Text: final})
	for _, s := range sentences[:len(sentences)-1] {
		if reading.Mentions(s, ws) && !reading.Mentions(s, cs) { // a pass naming both is neither's
			// True, but about a pass or a variable, not the result.
			q.Evidence = append(q.Evidence, transcript.Claim{Kind: transcript.KindQuote, Answer: 1 - ci, Text: s})
		}
	}
	if !tasks.AddInvented(&q, p.invented(rng, ci, tr, sentences, pick.sentences)) {
		return tasks.Question{}, false, nil
	}
	rng.Shuffle(len(q.Evidence), func(i, j int) { q.Evidence[i], q.Evidence[j] = q.Evidence[j], q.Evidence[i] })
	return q, true, nil
}

// invented are the quotes a deceptive speaker on either side may invent,
// by answer index (ci the correct answer's): for the distractor, the
// mis-traced sentences (a pass as the slip runs it, where it runs one
// otherwise, and the closing sentence with its result); for the correct
// answer, as many of the same kinds from the true trace (its last pass,
// its closing sentence). Each is framed by one lead drawn for the
// question, so that both answers' are alike in number, kind and form, and
// none is in the trace.
func (p *program) invented(rng *rand.Rand, ci int, tr *Trace, sentences, misTraced []string) [2][]string {
	lead := tasks.InventedLead(rng)
	truth := sentences[len(sentences)-1:]
	if len(misTraced) == 2 {
		truth = []string{p.passSentence(tr.Passes[len(tr.Passes)-1]), truth[0]}
	}
	var out [2][]string
	for i := range misTraced {
		out[ci] = append(out[ci], tasks.Invented(lead, truth[i], false))
		out[1-ci] = append(out[1-ci], tasks.Invented(lead, misTraced[i], false))
	}
	return out
}
