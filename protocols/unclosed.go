package protocols

import (
	"fmt"
	"strings"
)

// openers are the actions text/template closes with {{end}}.
var openers = map[string]bool{"define": true, "block": true, "if": true, "range": true, "with": true}

// explainUnclosed adds to err, text/template's error of parsing text, which
// action is left open, where the parser reports only where it noticed: at
// the file's end ("unexpected EOF") or at the next {{define}} ("unexpected
// <define> in command"), lines after the {{if}} that lacks its {{end}}.
// An {{end}} that closes an {{if}} leaves its {{define}} open instead, so
// the message names the outermost open action and the actions opened in
// it, any of which may lack its {{end}}. Any other error is returned as
// it is.
func explainUnclosed(text string, err error) error {
	msg := err.Error()
	if !strings.Contains(msg, "unexpected EOF") && !strings.Contains(msg, "unexpected <define>") {
		return err
	}
	open, inside, at := unclosed(text)
	if open.keyword == "" {
		return err
	}
	where := "the end of the file"
	if at > 0 {
		where = fmt.Sprintf("the {{define}} of line %d", at)
		if open.keyword != "define" && open.keyword != "block" {
			// A definition inside an {{if}}: the if may have its
			// {{end}}, after the definition, which cannot stand there.
			return fmt.Errorf("%w: the %s of line %d is still open at %s, and a definition cannot stand inside it: close it before the {{define}}, and define templates at the top of the file", err, open, open.line, where)
		}
	}
	hint := fmt.Sprintf("the %s of line %d is still open at %s", open, open.line, where)
	if len(inside) > 0 {
		names := make([]string, len(inside))
		for i, a := range inside {
			names[i] = fmt.Sprintf("%s of line %d", a, a.line)
		}
		return fmt.Errorf("%w: %s: it, or an action opened in it (%s), lacks its {{end}}", err, hint, strings.Join(names, ", "))
	}
	return fmt.Errorf("%w: %s: it lacks its {{end}}", err, hint)
}

// action is an action that opens a block: its keyword, its first
// argument where it names a template, and its line.
type action struct {
	keyword, name string
	line          int
}

func (a action) String() string {
	if a.name != "" {
		return "{{" + a.keyword + " " + a.name + "}}"
	}
	return "{{" + a.keyword + "}}"
}

// unclosed scans text's actions for the first block left open: where a
// {{define}} begins while one is open (definitions do not nest), or at the
// end. It returns the outermost open action, the actions opened after it
// (in it) in order, and the line of the {{define}} that met it, 0 for the
// end of the file.
func unclosed(text string) (open action, inside []action, at int) {
	var stack, opened []action
	for pos := 0; ; {
		i := strings.Index(text[pos:], "{{")
		if i < 0 {
			break
		}
		start := pos + i
		body, end := actionBody(text, start+2)
		pos = end
		line := 1 + strings.Count(text[:start], "\n")
		kw, rest := keyword(body)
		switch {
		case kw == "end":
			if n := len(stack); n > 0 {
				stack = stack[:n-1]
			}
		case openers[kw]:
			if kw == "define" && len(stack) > 0 {
				return stack[0], after(opened, stack[0]), line
			}
			a := action{keyword: kw, line: line}
			if fields := strings.Fields(rest); (kw == "define" || kw == "block") && len(fields) > 0 {
				a.name = fields[0]
			}
			if len(stack) == 0 {
				opened = opened[:0]
			}
			stack = append(stack, a)
			opened = append(opened, a)
		}
	}
	if len(stack) == 0 {
		return action{}, nil, 0
	}
	return stack[0], after(opened, stack[0]), 0
}

// keyword splits an action's body into its leading word, which is a
// keyword where it is one ({{if.X}} and {{range(.A)}} are an if and a
// range), and the rest.
func keyword(body string) (string, string) {
	i := 0
	for i < len(body) && ('a' <= body[i] && body[i] <= 'z' || 'A' <= body[i] && body[i] <= 'Z') {
		i++
	}
	if i < len(body) && (body[i] == '_' || '0' <= body[i] && body[i] <= '9') {
		return "", body // an identifier (a function), no keyword
	}
	return body[:i], body[i:]
}

// after is the actions of opened after first.
func after(opened []action, first action) []action {
	for i, a := range opened {
		if a == first {
			return opened[i+1:]
		}
	}
	return nil
}

// actionBody is the text of the action whose body starts at i (after its
// "{{"), trim markers and comments cut, and the index after its "}}":
// quoted strings may hold "}}".
func actionBody(text string, i int) (string, int) {
	if rest := text[i:]; len(rest) > 1 && rest[0] == '-' && strings.IndexByte(" \t\r\n", rest[1]) >= 0 {
		i++ // a trim marker, which white space follows (text/template's)
	}
	start := i
	var quote byte
	for ; i < len(text); i++ {
		c := text[i]
		switch {
		case quote != 0:
			if c == '\\' && quote != '`' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '`' || c == '\'':
			quote = c
		case strings.HasPrefix(text[i:], "/*"):
			if j := strings.Index(text[i:], "*/"); j >= 0 {
				i += j + 1
			} else {
				i = len(text)
			}
		case strings.HasPrefix(text[i:], "}}"):
			return strings.TrimSuffix(strings.TrimSpace(text[start:i]), " -"), i + 2
		}
	}
	return strings.TrimSpace(text[start:]), len(text)
}
