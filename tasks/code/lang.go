package code

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Func is a parsed function: the whole of a program.
type Func struct {
	Name  string
	Param string
	Body  []Stmt
}

// Stmt is a statement. Line is its line in the source, from 1 (0 for a
// statement built in code and not yet formatted).
type Stmt interface{ line() int }

// Let declares a variable: let Name = Value.
type Let struct {
	Line  int
	Name  string
	Value Expr
}

// Assign sets a declared variable: Name = Value.
type Assign struct {
	Line  int
	Name  string
	Value Expr
}

// For runs Body once for each Var in [From, To), counting up by one.
type For struct {
	Line     int
	Var      string
	From, To Expr
	Body     []Stmt
}

// While runs Body while Cond is not zero.
type While struct {
	Line int
	Cond Expr
	Body []Stmt
}

// If runs Then when Cond is not zero, else Else (which may be empty).
type If struct {
	Line       int
	Cond       Expr
	Then, Else []Stmt
}

// Return ends the function with Value.
type Return struct {
	Line  int
	Value Expr
}

func (s *Let) line() int    { return s.Line }
func (s *Assign) line() int { return s.Line }
func (s *For) line() int    { return s.Line }
func (s *While) line() int  { return s.Line }
func (s *If) line() int     { return s.Line }
func (s *Return) line() int { return s.Line }

// Expr is an expression: *Num, *Var, *Binary or *Neg.
type Expr interface{ expr() }

// Num is an integer literal.
type Num struct{ Value int64 }

// Var is a variable's value.
type Var struct{ Name string }

// Binary is X Op Y.
type Binary struct {
	Op   string
	X, Y Expr
}

// Neg is -X.
type Neg struct{ X Expr }

func (*Num) expr()    {}
func (*Var) expr()    {}
func (*Binary) expr() {}
func (*Neg) expr()    {}

// SyntaxError is a problem in a program's text, at a line and column.
type SyntaxError struct {
	Line, Col int
	Msg       string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// keywords may not name a variable or a function.
var keywords = map[string]bool{"func": true, "let": true, "for": true, "in": true, "range": true, "while": true, "if": true, "else": true, "return": true}

// precedence of the binary operators: higher binds tighter.
var precedence = map[string]int{
	"==": 1, "!=": 1, "<": 1, "<=": 1, ">": 1, ">=": 1,
	"+": 2, "-": 2,
	"*": 3, "/": 3, "%": 3,
}

type token struct {
	text      string // an identifier, a number's digits or the operator
	kind      byte   // 'i' identifier or keyword, 'n' number, 'p' punctuation, 0 end
	line, col int
}

// lex splits src into tokens. Newlines are white space: the grammar needs no
// separator, as every statement starts with a keyword or "name =".
func lex(src string) ([]token, error) {
	var out []token
	line, col := 1, 1
	rs := []rune(src)
	for i := 0; i < len(rs); {
		r := rs[i]
		start := token{line: line, col: col}
		advance := func(n int) {
			for range n {
				if rs[i] == '\n' {
					line, col = line+1, 1
				} else {
					col++
				}
				i++
			}
		}
		switch {
		case r == '#':
			for i < len(rs) && rs[i] != '\n' {
				advance(1)
			}
		case unicode.IsSpace(r):
			advance(1)
		case r == '_' || unicode.IsLetter(r):
			j := i
			for j < len(rs) && (rs[j] == '_' || unicode.IsLetter(rs[j]) || unicode.IsDigit(rs[j])) {
				j++
			}
			start.text, start.kind = string(rs[i:j]), 'i'
			advance(j - i)
			out = append(out, start)
		case unicode.IsDigit(r):
			j := i
			for j < len(rs) && unicode.IsDigit(rs[j]) {
				j++
			}
			start.text, start.kind = string(rs[i:j]), 'n'
			advance(j - i)
			out = append(out, start)
		default:
			two := ""
			if i+1 < len(rs) {
				two = string(rs[i : i+2])
			}
			switch {
			case two == "==" || two == "!=" || two == "<=" || two == ">=":
				start.text = two
			case strings.ContainsRune("+-*/%<>=(){},", r):
				start.text = string(r)
			default:
				return nil, &SyntaxError{line, col, fmt.Sprintf("unexpected character %q", r)}
			}
			start.kind = 'p'
			advance(len([]rune(start.text)))
			out = append(out, start)
		}
	}
	return append(out, token{line: line, col: col}), nil
}

type parser struct {
	toks []token
	pos  int
}

func (p *parser) peek() token { return p.toks[p.pos] }

func (p *parser) next() token {
	t := p.toks[p.pos]
	if t.kind != 0 {
		p.pos++
	}
	return t
}

func (p *parser) errorf(t token, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if t.kind == 0 {
		msg += " at the end of the program"
	} else {
		msg += fmt.Sprintf(", found %q", t.text)
	}
	return &SyntaxError{t.line, t.col, msg}
}

// expect consumes the punctuation or keyword text, or fails.
func (p *parser) expect(text string) (token, error) {
	t := p.next()
	if t.kind == 0 || t.text != text || t.kind == 'n' {
		return t, p.errorf(t, "expected %q", text)
	}
	return t, nil
}

func (p *parser) ident(what string) (string, error) {
	t := p.next()
	if t.kind != 'i' || keywords[t.text] {
		return "", p.errorf(t, "expected %s", what)
	}
	return t.text, nil
}

// Parse reads a program: one function of one integer parameter.
//
//	func NAME(PARAM) { STATEMENTS }
//
// Statements are "let x = e", "x = e", "for i in range(a, b) { … }",
// "while e { … }", "if e { … } else { … }" and "return e"; expressions are
// integers, variables, parentheses, unary minus and the operators
// == != < <= > >= (lowest), + -, and * / % (highest), all left-associative.
// "#" starts a comment that runs to the end of the line.
func Parse(src string) (*Func, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	if _, err := p.expect("func"); err != nil {
		return nil, err
	}
	f := &Func{}
	if f.Name, err = p.ident("a function name"); err != nil {
		return nil, err
	}
	if _, err := p.expect("("); err != nil {
		return nil, err
	}
	if f.Param, err = p.ident("a parameter name"); err != nil {
		return nil, err
	}
	if _, err := p.expect(")"); err != nil {
		return nil, err
	}
	if f.Body, err = p.block(); err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != 0 {
		return nil, p.errorf(t, "expected the end of the program")
	}
	return f, nil
}

func (p *parser) block() ([]Stmt, error) {
	if _, err := p.expect("{"); err != nil {
		return nil, err
	}
	var out []Stmt
	for {
		if t := p.peek(); t.text == "}" && t.kind == 'p' {
			p.next()
			return out, nil
		}
		s, err := p.stmt()
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
}

// stmt parses one statement.
func (p *parser) stmt() (Stmt, error) {
	t := p.peek()
	if t.kind != 'i' {
		return nil, p.errorf(t, "expected a statement")
	}
	switch t.text {
	case "let":
		p.next()
		name, value, err := p.binding("a variable name")
		if err != nil {
			return nil, err
		}
		return &Let{Line: t.line, Name: name, Value: value}, nil
	case "for":
		p.next()
		return p.forStmt(t.line)
	case "while":
		p.next()
		s := &While{Line: t.line}
		var err error
		if s.Cond, err = p.expr(0); err != nil {
			return nil, err
		}
		s.Body, err = p.block()
		return s, err
	case "if":
		p.next()
		return p.ifStmt(t.line)
	case "return":
		p.next()
		value, err := p.expr(0)
		return &Return{Line: t.line, Value: value}, err
	}
	name, value, err := p.binding("a statement")
	if err != nil {
		return nil, err
	}
	return &Assign{Line: t.line, Name: name, Value: value}, nil
}

// binding parses "name = expr" of a let or an assignment; what says what
// the name was expected to be.
func (p *parser) binding(what string) (string, Expr, error) {
	name, err := p.ident(what)
	if err != nil {
		return "", nil, err
	}
	if _, err = p.expect("="); err != nil {
		return "", nil, err
	}
	value, err := p.expr(0)
	return name, value, err
}

// forStmt parses the rest of "for v in range(from, to) { … }" at line.
func (p *parser) forStmt(line int) (Stmt, error) {
	s := &For{Line: line}
	var err error
	if s.Var, err = p.ident("a loop variable"); err != nil {
		return nil, err
	}
	for _, want := range []string{"in", "range", "("} {
		if _, err = p.expect(want); err != nil {
			return nil, err
		}
	}
	if s.From, err = p.expr(0); err != nil {
		return nil, err
	}
	if _, err = p.expect(","); err != nil {
		return nil, err
	}
	if s.To, err = p.expr(0); err != nil {
		return nil, err
	}
	if _, err = p.expect(")"); err != nil {
		return nil, err
	}
	s.Body, err = p.block()
	return s, err
}

// ifStmt parses the rest of "if cond { … } else { … }" at line.
func (p *parser) ifStmt(line int) (Stmt, error) {
	s := &If{Line: line}
	var err error
	if s.Cond, err = p.expr(0); err != nil {
		return nil, err
	}
	if s.Then, err = p.block(); err != nil {
		return nil, err
	}
	if e := p.peek(); e.kind == 'i' && e.text == "else" {
		p.next()
		s.Else, err = p.block()
	}
	return s, err
}

// expr parses a binary expression whose operators bind tighter than min,
// by precedence climbing.
func (p *parser) expr(min int) (Expr, error) {
	x, err := p.unary()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		prec, ok := precedence[t.text]
		if t.kind != 'p' || !ok || prec <= min {
			return x, nil
		}
		p.next()
		y, err := p.expr(prec)
		if err != nil {
			return nil, err
		}
		x = &Binary{Op: t.text, X: x, Y: y}
		if prec == 1 {
			// Comparisons do not chain: a < b < c is an error, not (a<b)<c.
			if t := p.peek(); t.kind == 'p' && precedence[t.text] == 1 {
				return nil, p.errorf(t, "comparisons do not chain")
			}
		}
	}
}

func (p *parser) unary() (Expr, error) {
	t := p.next()
	switch {
	case t.kind == 'p' && t.text == "-":
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &Neg{X: x}, nil
	case t.kind == 'p' && t.text == "(":
		x, err := p.expr(0)
		if err != nil {
			return nil, err
		}
		_, err = p.expect(")")
		return x, err
	case t.kind == 'n':
		v, err := strconv.ParseInt(t.text, 10, 64)
		if err != nil || v > maxValue {
			return nil, p.errorf(t, "number out of range")
		}
		return &Num{Value: v}, nil
	case t.kind == 'i' && !keywords[t.text]:
		return &Var{Name: t.text}, nil
	}
	return nil, p.errorf(t, "expected an expression")
}
