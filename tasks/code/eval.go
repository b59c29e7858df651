package code

import (
	"errors"
	"fmt"
)

// maxValue bounds every value a program may compute, either sign: a
// generated program stays far below it, and a program that passes it is an
// error rather than a silent overflow.
const maxValue = 1 << 40

// DefaultMaxSteps is the number of statements Run executes before it gives
// up on a program that does not end.
const DefaultMaxSteps = 100000

// RuntimeError is a failure while running a program, at a line.
type RuntimeError struct {
	Line int
	Msg  string
}

func (e *RuntimeError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// ErrTooManySteps is wrapped by the error of a run that passed its step
// limit.
var ErrTooManySteps = errors.New("too many steps")

// Binding is a variable and its value.
type Binding struct {
	Name  string
	Value int64
}

// Pass is one run of a loop's body, as a trace records it.
type Pass struct {
	Line int    // the loop's line
	Var  string // the loop variable; "" for a while loop
	// Value is the loop variable's value during the pass (a for loop), or
	// the pass's number from 1 (a while loop).
	Value int64
	// Branches are the conditions of the ifs run in the pass, in order:
	// true where the then-branch ran.
	Branches []bool
	// After holds every variable, in the order declared (the parameter
	// first), as the pass left them.
	After []Binding
}

// Trace is what a run did: the variables after the declarations that open
// the function, each loop pass, and the result.
type Trace struct {
	Start  []Binding
	Passes []Pass
	Result int64
}

// Options change how Run executes a program. The zero value runs it as
// written.
type Options struct {
	// MaxSteps bounds the statements executed; 0 means DefaultMaxSteps.
	MaxSteps int
	// FlipIf makes the n-th if evaluated (from 1) take the other branch: a
	// mis-trace, as a reader who misjudged one condition would run it.
	// 0 flips none.
	FlipIf int
}

// Run calls f with arg and records what it did.
func Run(f *Func, arg int64, opts Options) (*Trace, error) {
	if arg > maxValue || arg < -maxValue {
		return nil, &RuntimeError{Line: 1, Msg: fmt.Sprintf("argument %d is out of range", arg)}
	}
	m := &machine{opts: opts, vars: map[string]int64{f.Param: arg}, order: []string{f.Param}, tr: &Trace{}}
	if m.opts.MaxSteps == 0 {
		m.opts.MaxSteps = DefaultMaxSteps
	}
	done, err := m.block(f.Body)
	if err != nil {
		return nil, err
	}
	if !done {
		return nil, &RuntimeError{Line: lastLine(f.Body), Msg: "the function ends without returning"}
	}
	return m.tr, nil
}

func lastLine(body []Stmt) int {
	if len(body) == 0 {
		return 1
	}
	return body[len(body)-1].line()
}

type machine struct {
	opts    Options
	vars    map[string]int64
	order   []string // declaration order
	steps   int
	ifs     int
	started bool  // the opening declarations are over
	pass    *Pass // the innermost pass under way, if any
	tr      *Trace
}

func (m *machine) snapshot() []Binding {
	out := make([]Binding, len(m.order))
	for i, n := range m.order {
		out[i] = Binding{n, m.vars[n]}
	}
	return out
}

// block runs statements; done reports that a return ran.
func (m *machine) block(body []Stmt) (done bool, err error) {
	for _, s := range body {
		if err := m.step(s.line()); err != nil {
			return false, err
		}
		if _, isLet := s.(*Let); !isLet && !m.started {
			m.started = true
			m.tr.Start = m.snapshot()
		}
		if done, err := m.stmt(s); done || err != nil {
			return done, err
		}
	}
	return false, nil
}

// stmt runs one statement; done is true once the program has returned.
func (m *machine) stmt(s Stmt) (done bool, err error) {
	switch s := s.(type) {
	case *Let:
		if _, ok := m.vars[s.Name]; ok {
			return false, &RuntimeError{s.Line, fmt.Sprintf("%s is already declared", s.Name)}
		}
		v, err := m.eval(s.Value, s.Line)
		if err != nil {
			return false, err
		}
		m.vars[s.Name] = v
		m.order = append(m.order, s.Name)
	case *Assign:
		if _, ok := m.vars[s.Name]; !ok {
			return false, &RuntimeError{s.Line, fmt.Sprintf("%s is not declared", s.Name)}
		}
		v, err := m.eval(s.Value, s.Line)
		if err != nil {
			return false, err
		}
		m.vars[s.Name] = v
	case *If:
		return m.ifStmt(s)
	case *For:
		return m.forStmt(s)
	case *While:
		return m.whileStmt(s)
	case *Return:
		v, err := m.eval(s.Value, s.Line)
		if err != nil {
			return false, err
		}
		m.tr.Result = v
		return true, nil
	}
	return false, nil
}

// ifStmt runs the branch of s its condition takes, or the other one if s
// is the if that Options.FlipIf names, and records which in the pass.
func (m *machine) ifStmt(s *If) (bool, error) {
	c, err := m.eval(s.Cond, s.Line)
	if err != nil {
		return false, err
	}
	m.ifs++
	taken := c != 0
	if m.ifs == m.opts.FlipIf {
		taken = !taken
	}
	if m.pass != nil {
		m.pass.Branches = append(m.pass.Branches, taken)
	}
	if taken {
		return m.block(s.Then)
	}
	return m.block(s.Else)
}

// forStmt runs the passes of a counted loop.
func (m *machine) forStmt(s *For) (bool, error) {
	from, err := m.eval(s.From, s.Line)
	if err != nil {
		return false, err
	}
	to, err := m.eval(s.To, s.Line)
	if err != nil {
		return false, err
	}
	for i := from; i < to; i++ {
		if _, ok := m.vars[s.Var]; !ok {
			m.order = append(m.order, s.Var) // declared by its first pass
		}
		m.vars[s.Var] = i
		if done, err := m.loopPass(s.Line, s.Var, i, s.Body); done || err != nil {
			return done, err
		}
		m.vars[s.Var] = i // the body may not move the count
		// A pass is a step, or an empty body would never count.
		if err := m.step(s.Line); err != nil {
			return false, err
		}
	}
	return false, nil
}

// whileStmt runs the passes of a loop while its condition holds.
func (m *machine) whileStmt(s *While) (bool, error) {
	for n := int64(1); ; n++ {
		c, err := m.eval(s.Cond, s.Line)
		if err != nil {
			return false, err
		}
		if c == 0 {
			return false, nil
		}
		if done, err := m.loopPass(s.Line, "", n, s.Body); done || err != nil {
			return done, err
		}
		// A condition is a step, or an empty loop would never stop.
		if err := m.step(s.Line); err != nil {
			return false, err
		}
	}
}

// step counts a step (a statement, a loop's pass or condition) at line
// against Options.MaxSteps.
func (m *machine) step(line int) error {
	m.steps++
	if m.steps > m.opts.MaxSteps {
		return &RuntimeError{line, fmt.Sprintf("%v: more than %d statements run", ErrTooManySteps, m.opts.MaxSteps)}
	}
	return nil
}

// loopPass runs one pass of a loop body and records it.
func (m *machine) loopPass(line int, v string, value int64, body []Stmt) (bool, error) {
	outer := m.pass
	m.pass = &Pass{Line: line, Var: v, Value: value}
	done, err := m.block(body)
	if err == nil {
		m.pass.After = m.snapshot()
		m.tr.Passes = append(m.tr.Passes, *m.pass)
	}
	m.pass = outer
	return done, err
}

func (m *machine) eval(e Expr, line int) (int64, error) {
	switch e := e.(type) {
	case *Num:
		return e.Value, nil
	case *Var:
		v, ok := m.vars[e.Name]
		if !ok {
			return 0, &RuntimeError{line, fmt.Sprintf("%s is not declared", e.Name)}
		}
		return v, nil
	case *Neg:
		x, err := m.eval(e.X, line)
		return -x, err
	case *Binary:
		x, err := m.eval(e.X, line)
		if err != nil {
			return 0, err
		}
		y, err := m.eval(e.Y, line)
		if err != nil {
			return 0, err
		}
		v, err := apply(e.Op, x, y)
		if err != nil {
			return 0, &RuntimeError{line, err.Error()}
		}
		if v > maxValue || v < -maxValue {
			return 0, &RuntimeError{line, fmt.Sprintf("%d %s %d is out of range", x, e.Op, y)}
		}
		return v, nil
	}
	return 0, &RuntimeError{line, fmt.Sprintf("unknown expression %T", e)}
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// apply computes x op y. Division truncates towards zero and % takes the
// sign of x, as in Go; a comparison is 1 if it holds, else 0.
func apply(op string, x, y int64) (int64, error) {
	switch op {
	case "+":
		return x + y, nil
	case "-":
		return x - y, nil
	case "*":
		if x != 0 && (abs(y) > maxValue/abs(x)) {
			return 0, fmt.Errorf("%d * %d is out of range", x, y)
		}
		return x * y, nil
	case "/", "%":
		if y == 0 {
			return 0, fmt.Errorf("division by zero")
		}
		if op == "/" {
			return x / y, nil
		}
		return x % y, nil
	case "==":
		return b2i(x == y), nil
	case "!=":
		return b2i(x != y), nil
	case "<":
		return b2i(x < y), nil
	case "<=":
		return b2i(x <= y), nil
	case ">":
		return b2i(x > y), nil
	case ">=":
		return b2i(x >= y), nil
	}
	return 0, fmt.Errorf("unknown operator %q", op)
}
