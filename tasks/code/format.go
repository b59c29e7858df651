package code

import (
	"strconv"
	"strings"
)

// Format writes f as source that Parse reads back to the same function: one
// statement a line, blocks indented by four spaces, and only the
// parentheses that precedence needs.
func Format(f *Func) string {
	var b strings.Builder
	b.WriteString("func " + f.Name + "(" + f.Param + ") {\n")
	formatBlock(&b, f.Body, 1)
	b.WriteString("}\n")
	return b.String()
}

func formatBlock(b *strings.Builder, body []Stmt, depth int) {
	pad := strings.Repeat("    ", depth)
	for _, s := range body {
		b.WriteString(pad)
		switch s := s.(type) {
		case *Let:
			b.WriteString("let " + s.Name + " = " + FormatExpr(s.Value) + "\n")
		case *Assign:
			b.WriteString(s.Name + " = " + FormatExpr(s.Value) + "\n")
		case *Return:
			b.WriteString("return " + FormatExpr(s.Value) + "\n")
		case *For:
			b.WriteString("for " + s.Var + " in range(" + FormatExpr(s.From) + ", " + FormatExpr(s.To) + ") {\n")
			formatBlock(b, s.Body, depth+1)
			b.WriteString(pad + "}\n")
		case *While:
			b.WriteString("while " + FormatExpr(s.Cond) + " {\n")
			formatBlock(b, s.Body, depth+1)
			b.WriteString(pad + "}\n")
		case *If:
			b.WriteString("if " + FormatExpr(s.Cond) + " {\n")
			formatBlock(b, s.Then, depth+1)
			if len(s.Else) > 0 {
				b.WriteString(pad + "} else {\n")
				formatBlock(b, s.Else, depth+1)
			}
			b.WriteString(pad + "}\n")
		}
	}
}

// FormatExpr writes an expression as source.
func FormatExpr(e Expr) string {
	switch e := e.(type) {
	case *Num:
		return strconv.FormatInt(e.Value, 10)
	case *Var:
		return e.Name
	case *Neg:
		x := FormatExpr(e.X)
		if _, ok := e.X.(*Binary); ok {
			x = "(" + x + ")"
		}
		return "-" + x
	case *Binary:
		p := precedence[e.Op]
		x, y := FormatExpr(e.X), FormatExpr(e.Y)
		// Comparisons do not chain, so a comparison operand of a
		// comparison keeps its parentheses on either side.
		if bx, ok := e.X.(*Binary); ok && (precedence[bx.Op] < p || p == 1 && precedence[bx.Op] == 1) {
			x = "(" + x + ")"
		}
		// Left-associative: a right operand of equal precedence needs
		// parentheses, a - (b - c).
		if by, ok := e.Y.(*Binary); ok && precedence[by.Op] <= p {
			y = "(" + y + ")"
		}
		return x + " " + e.Op + " " + y
	}
	return "?"
}

// divisionNote says what / and % do in the language: a reader who knows
// Python or maths takes 7 / 2 for 3.5.
const divisionNote = "# / and % are integer division and remainder, truncating toward zero.\n"

// withDivisionNote is an exhibit, a note of what / and % do before it where
// its programs use either.
func withDivisionNote(exhibit string) string {
	if strings.Contains(exhibit, " / ") || strings.Contains(exhibit, " % ") {
		return divisionNote + exhibit
	}
	return exhibit
}
