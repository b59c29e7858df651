package loaders

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/mootlab/moot/transcript"
)

// newCRUXEval makes the loader of CRUXEval output prediction: a Python
// function f, an input, and what f returns for it, as Python literals. The
// program is the question's exhibit, which every role reads; there is no
// hidden context.
var newCRUXEval = formatOf(func() scanner { return scanJSONL(parseCRUXEval) }, outputDistractors)

func parseCRUXEval(o object) ([]item, error) {
	it, err := newItem(o, transcript.FamilyCode, "id")
	if err != nil {
		return nil, err
	}
	code, err := o.str("code")
	if err != nil {
		return nil, err
	}
	// A function of no arguments is called with the input "": f().
	input, err := o.text("input")
	if v, _, _ := o.get("input"); v == "" {
		input, err = "", nil
	}
	if err != nil {
		return nil, err
	}
	if it.correct, err = o.text("output"); err != nil {
		return nil, err
	}
	it.text = fmt.Sprintf("What does the program return for f(%s)?", input)
	it.exhibit = code
	return []item{it}, nil
}

// outputDistractors gives each item its distractor rule: another record's
// output of the same kind of literal, else a perturbation of its own, else
// another record's output of any kind (see the package documentation).
func outputDistractors(items []item) {
	byKind := map[string][]string{}
	var all []string
	seen := map[string]bool{}
	for _, it := range items {
		if !seen[it.correct] {
			seen[it.correct] = true
			k := pyKind(it.correct)
			byKind[k] = append(byKind[k], it.correct)
			all = append(all, it.correct)
		}
	}
	for i := range items {
		out := items[i].correct
		same := byKind[pyKind(out)]
		items[i].distractor = func(rng *rand.Rand) string {
			if s := pickOther(same, out, rng); s != "" {
				return s
			}
			if s := perturb(out, rng); s != "" && s != out {
				return s
			}
			if s := pickOther(all, out, rng); s != "" {
				return s
			}
			// A file of one record whose output cannot be changed.
			if out == "None" {
				return "0"
			}
			return "None"
		}
	}
}

// pickOther returns an element of distinct other than own, or "".
func pickOther(distinct []string, own string, rng *rand.Rand) string {
	if len(distinct) < 2 {
		return ""
	}
	j := rng.IntN(len(distinct) - 1)
	if distinct[j] == own {
		j = len(distinct) - 1
	}
	return distinct[j]
}

// pyKind names the kind of a Python literal by its look.
func pyKind(s string) string {
	switch {
	case s == "True" || s == "False":
		return "bool"
	case s == "None":
		return "none"
	case strings.HasPrefix(s, "'") || strings.HasPrefix(s, `"`):
		return "str"
	case strings.HasPrefix(s, "["):
		return "list"
	case strings.HasPrefix(s, "("):
		return "tuple"
	case s == "{}" || strings.HasPrefix(s, "{") && topLevelColon(s):
		return "dict"
	case strings.HasPrefix(s, "{") || s == "set()":
		return "set" // {1, 2}; "{}" is an empty dict, "set()" an empty set
	}
	if _, ok := parseNumber(s); ok {
		return "number"
	}
	return "other"
}

// topLevelColon reports whether the braces that open s hold a colon of
// their own, outside strings and nested brackets: a dict, not a set.
func topLevelColon(s string) bool {
	depth, quote, escaped := 0, rune(0), false
	for _, r := range s {
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
		case r == ':' && depth == 1:
			return true
		}
	}
	return false
}

// perturb changes a literal a little, or returns "": a boolean negated, a
// number moved as nearby moves it, a string reversed (or without its last
// character when reversing changes nothing), a container emptied.
func perturb(s string, rng *rand.Rand) string {
	switch k := pyKind(s); k {
	case "bool":
		if s == "True" {
			return "False"
		}
		return "True"
	case "number":
		n, _ := parseNumber(s)
		return n.nearby(rng)
	case "str":
		q := s[:1]
		if len(s) < 2 || !strings.HasSuffix(s, q) {
			return ""
		}
		body := []rune(s[1 : len(s)-1])
		rev := make([]rune, len(body))
		for i, r := range body {
			rev[len(body)-1-i] = r
		}
		switch {
		case !strings.ContainsRune(string(body), '\\') && string(rev) != string(body):
			return q + string(rev) + q
		case len(body) > 0 && body[len(body)-1] != '\\':
			return q + string(body[:len(body)-1]) + q
		}
		return q + "a" + q
	case "list", "tuple", "dict", "set":
		empty := map[string]string{"list": "[]", "tuple": "()", "dict": "{}", "set": "set()"}[k]
		if strings.Join(strings.Fields(s), "") != empty {
			return empty
		}
	}
	return ""
}
