package loaders

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// mistrace returns what a reader who traces a program and slips once
// might give for its output, a Python literal, or "" where it finds no
// slip (None, an empty string or container). The slips are those of a
// hand trace: an off-by-one at either end (a character or element left
// out or taken twice), two neighbours in the wrong order, a letter's case
// missed, a small integer off by one (a larger number moved as
// nearby moves it, as round; a float in exponent form, its exponent off
// by one or its significand moved), a boolean the wrong way, and inside a
// container one element or value mis-traced so. Each applicable slip is
// drawn alike, and where it is taken (which end, which neighbours, which
// element) too.
//
// The distractor is made from the output itself so that it shares the
// program's words as the output does: another record's output, the rule
// before 2026-12-05, shared none, and on the real CRUXEval file "the
// answer sharing more of the program's words is correct" was right in
// 91% of the questions it decided (moot tasks tell: 83.5% in all).
func mistrace(s string, rng *rand.Rand) string {
	switch pyKind(s) {
	case "bool":
		if s == "True" {
			return "False"
		}
		return "True"
	case "number":
		return mistraceNumber(s, rng)
	case "str":
		return mistraceString(s, rng)
	case "list", "tuple", "set", "dict":
		return mistraceContainer(s, rng)
	}
	return ""
}

// mistraceNumber moves a whole number below 10 in size by one either
// way (0 may become −1: a search that finds nothing), a larger or
// fractional one as nearby moves it.
func mistraceNumber(s string, rng *rand.Rand) string {
	if sig, e, ok := pyExponentForm(s); ok {
		return mistraceExponent(sig, e, rng)
	}
	if v, err := strconv.Atoi(s); err == nil && v > -10 && v < 10 {
		return strconv.Itoa(v + 2*rng.IntN(2) - 1)
	}
	n, _ := parseNumber(s)
	return n.nearby(rng)
}

// pyExponent is a float written in exponent form (1e-05, -2.5e+16): its
// significand and its exponent.
var pyExponent = regexp.MustCompile(`^(-?[1-9](?:\.\d+)?)e([+-]\d{2,3})$`)

// pyExponentForm reads s as a float Python's repr writes in exponent
// form, its exponent below -4 or from 16 (it writes 1e+05 as 100000.0):
// its significand and exponent, or false.
func pyExponentForm(s string) (sig string, e int, ok bool) {
	m := pyExponent.FindStringSubmatch(s)
	if m == nil {
		return "", 0, false
	}
	e, _ = strconv.Atoi(m[2])
	return m[1], e, pyWritesExponent(e)
}

// pyWritesExponent says whether Python's repr writes a float of exponent
// e in exponent form.
func pyWritesExponent(e int) bool { return e < -4 || e >= 16 }

// mistraceExponent slips once in a float written with significand sig
// and exponent e: its exponent one too low or too high (a division by
// ten counted once too often or too seldom), or its significand moved as
// another number is, each slip that Python writes so (a significand from
// 1 to under 10, an exponent in exponent form) drawn alike. A significand
// moved is drawn again where Python would not write it (1 moved to 0).
func mistraceExponent(sig string, e int, rng *rand.Rand) string {
	var slips []func() string
	for _, d := range []int{-1, 1} {
		if pyWritesExponent(e + d) {
			slips = append(slips, func() string { return sig + pyExponentSuffix(e+d) })
		}
	}
	slips = append(slips, func() string {
		for range 8 {
			if moved := mistraceNumber(sig, rng); pyExponent.MatchString(moved + pyExponentSuffix(e)) {
				return moved + pyExponentSuffix(e)
			}
		}
		return slips[0]() // no move Python writes, in 8 draws: an exponent slip
	})
	return slips[rng.IntN(len(slips))]()
}

// pyExponentSuffix is exponent e as Python writes it: e, its sign, and
// two digits at least.
func pyExponentSuffix(e int) string {
	sign := "+"
	if e < 0 {
		sign, e = "-", -e
	}
	return fmt.Sprintf("e%s%02d", sign, e)
}

// mistraceString slips once in a string literal's text: an end
// character left out or taken twice, two different neighbours swapped,
// or one letter's case. An escape sequence (\n, \', \x0c, \u2019) is one
// character of the text: it is left out, taken twice or swapped whole,
// and its letters keep their case ('\N' is no literal, '\T' no character
// Python writes, and '\x0C' is '\x0c'), so that the slip is a text that
// Python's repr writes, and another.
func mistraceString(s string, rng *rand.Rand) string {
	q := s[:1]
	if len(s) < 2 || !strings.HasSuffix(s, q) {
		return ""
	}
	body := textUnits(s[1 : len(s)-1])
	var slips []func() []string
	if len(body) > 0 {
		slips = append(slips, func() []string { return endSlip(body, rng) })
	}
	if pairs := neighbours(len(body), func(i int) bool { return body[i] != body[i+1] }); len(pairs) > 0 {
		slips = append(slips, func() []string {
			out := append([]string{}, body...)
			i := pairs[rng.IntN(len(pairs))]
			out[i], out[i+1] = out[i+1], out[i]
			return out
		})
	}
	var cased []int
	for i, u := range body {
		if r := []rune(u); len(r) == 1 && (unicode.IsUpper(r[0]) || unicode.IsLower(r[0])) && swapCase(r[0]) != r[0] {
			cased = append(cased, i)
		}
	}
	if len(cased) > 0 {
		slips = append(slips, func() []string {
			out := append([]string{}, body...)
			i := cased[rng.IntN(len(cased))]
			out[i] = string(swapCase([]rune(out[i])[0]))
			return out
		})
	}
	if len(slips) == 0 {
		return ""
	}
	return q + strings.Join(slips[rng.IntN(len(slips))](), "") + q
}

// textUnits splits a string literal's text into its characters as
// written: a rune, or an escape sequence whole (a backslash and the
// character after it, with the hex digits of \x, \u and \U).
func textUnits(body string) []string {
	rs := []rune(body)
	var out []string
	for i := 0; i < len(rs); {
		n := 1
		if rs[i] == '\\' && i+1 < len(rs) {
			n = 2 + map[rune]int{'x': 2, 'u': 4, 'U': 8}[rs[i+1]]
		}
		n = min(n, len(rs)-i)
		out = append(out, string(rs[i:i+n]))
		i += n
	}
	return out
}

// swapCase is r in the other case, or r where it has no other.
func swapCase(r rune) rune {
	if unicode.IsUpper(r) {
		return unicode.ToLower(r)
	}
	return unicode.ToUpper(r)
}

// endSlip leaves out, or takes twice, the first or the last of items.
func endSlip[T any](items []T, rng *rand.Rand) []T {
	first, twice := rng.IntN(2) == 0, rng.IntN(2) == 0
	out := append([]T{}, items...)
	switch {
	case first && twice:
		return append([]T{out[0]}, out...)
	case first:
		return out[1:]
	case twice:
		return append(out, out[len(out)-1])
	}
	return out[:len(out)-1]
}

// neighbours are the i below n−1 for which differ(i) holds: the pairs
// (i, i+1) that a swap would change.
func neighbours(n int, differ func(i int) bool) []int {
	var out []int
	for i := 0; i+1 < n; i++ {
		if differ(i) {
			out = append(out, i)
		}
	}
	return out
}

// mistraceContainer slips once in a list, tuple, set or dict: an end
// element left out or (list, tuple) taken twice, two different
// neighbours swapped (list, tuple: the order of a set or a dict's
// entries is no part of its value), or one element (a dict: one value)
// mis-traced.
func mistraceContainer(s string, rng *rand.Rand) string {
	kind := pyKind(s)
	open, close := s[:1], s[len(s)-1:]
	if s == "set()" || !strings.HasSuffix(s, map[string]string{"[": "]", "(": ")", "{": "}"}[open]) {
		return ""
	}
	elems := splitTop(s[1 : len(s)-1])
	if len(elems) == 0 {
		return ""
	}
	ordered := kind == "list" || kind == "tuple"
	var slips []func() []string
	if ordered || len(elems) > 1 {
		slips = append(slips, func() []string {
			if ordered {
				return endSlip(elems, rng)
			}
			if rng.IntN(2) == 0 {
				return elems[1:]
			}
			return elems[:len(elems)-1]
		})
	}
	if pairs := neighbours(len(elems), func(i int) bool { return valueKey(elems[i]) != valueKey(elems[i+1]) }); ordered && len(pairs) > 0 {
		slips = append(slips, func() []string {
			out := append([]string{}, elems...)
			i := pairs[rng.IntN(len(pairs))]
			out[i], out[i+1] = out[i+1], out[i]
			return out
		})
	}
	slips = append(slips, func() []string { return mistraceElement(elems, kind, rng) })
	out := slips[rng.IntN(len(slips))]()
	if out == nil {
		return ""
	}
	switch {
	case len(out) == 0 && kind == "set":
		return "set()"
	case len(out) == 1 && kind == "tuple":
		return "(" + out[0] + ",)"
	}
	return open + strings.Join(out, ", ") + close
}

// valueKey is a literal as its value compares: True as 1, False as 0,
// a number by its value (1.0 as 1), a container by its elements' keys;
// neighbours of one key swapped ([1, True] and [True, 1]) leave the
// value as it was.
func valueKey(s string) string {
	switch kind := pyKind(s); kind {
	case "bool":
		return map[string]string{"True": "1", "False": "0"}[s]
	case "number":
		n, _ := parseNumber(s)
		return n.value.RatString()
	case "list", "tuple", "set", "dict":
		if s == "set()" {
			return s
		}
		elems := splitTop(s[1 : len(s)-1])
		for i, e := range elems {
			if k, v, ok := cutTop(e, ':'); ok && kind == "dict" {
				elems[i] = valueKey(strings.TrimSpace(k)) + ":" + valueKey(strings.TrimSpace(v))
			} else {
				elems[i] = valueKey(e)
			}
		}
		return kind + s[:1] + strings.Join(elems, ",") + s[len(s)-1:]
	}
	return s
}

// mistraceElement mis-traces one element of elems (of a dict, one
// value), or returns nil where the one drawn has no slip or, in a set,
// would become another of its elements.
func mistraceElement(elems []string, kind string, rng *rand.Rand) []string {
	i := rng.IntN(len(elems))
	out := append([]string{}, elems...)
	if kind == "dict" {
		k, v, ok := cutTop(elems[i], ':')
		if !ok {
			return nil
		}
		if v = mistrace(strings.TrimSpace(v), rng); v == "" {
			return nil
		}
		out[i] = strings.TrimSpace(k) + ": " + v
		return out
	}
	v := mistrace(elems[i], rng)
	for _, e := range elems {
		if v == "" || kind == "set" && e == v {
			return nil
		}
	}
	out[i] = v
	return out
}

// literalSize is how many characters a string literal's text holds, or
// how many elements a container holds; −1 for another literal.
func literalSize(s string) int {
	switch pyKind(s) {
	case "str":
		return len([]rune(s)) - 2
	case "list", "tuple", "dict":
		return len(splitTop(s[1 : len(s)-1]))
	case "set":
		if s == "set()" {
			return 0
		}
		return len(splitTop(s[1 : len(s)-1]))
	}
	return -1
}

// splitTop splits a container literal's inside at its own commas, outside
// strings and nested brackets; a trailing comma ("1," of a tuple of one)
// adds no element.
func splitTop(inside string) []string {
	var out []string
	start := 0
	walkTop(inside, func(i int, r rune) {
		if r == ',' {
			out = append(out, strings.TrimSpace(inside[start:i]))
			start = i + 1
		}
	})
	if last := strings.TrimSpace(inside[start:]); last != "" {
		out = append(out, last)
	}
	return out
}

// cutTop cuts s at its first sep outside strings and nested brackets.
func cutTop(s string, sep rune) (before, after string, found bool) {
	at := -1
	walkTop(s, func(i int, r rune) {
		if r == sep && at < 0 {
			at = i
		}
	})
	if at < 0 {
		return s, "", false
	}
	return s[:at], s[at+1:], true
}

// walkTop calls visit with each rune of s, and its byte offset, that
// stands outside strings and nested brackets.
func walkTop(s string, visit func(i int, r rune)) {
	depth, quote, escaped := 0, rune(0), false
	for i, r := range s {
		switch {
		case escaped:
			escaped = false
		case quote != 0 && r == '\\':
			escaped = true
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"':
			quote = r
		case strings.ContainsRune("([{", r):
			depth++
		case strings.ContainsRune(")]}", r):
			depth--
		case depth == 0:
			visit(i, r)
		}
	}
}
