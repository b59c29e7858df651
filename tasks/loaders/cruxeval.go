package loaders

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/mootlab/moot/internal/reading"
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

// outputDistractors gives each item its distractor rule: its output
// mis-traced (mistrace), else another record's output of the same kind
// of literal, else another record's output of any kind (see the package
// documentation).
func outputDistractors(items []item) {
	byKind, ofOne := map[string][]string{}, map[string][]string{}
	var all []string
	seen := map[string]bool{}
	for _, it := range items {
		if !seen[it.correct] {
			seen[it.correct] = true
			k := pyKind(it.correct)
			byKind[k] = append(byKind[k], it.correct)
			all = append(all, it.correct)
			if literalSize(it.correct) == 1 {
				ofOne[k] = append(ofOne[k], it.correct)
			}
		}
	}
	for i := range items {
		out := items[i].correct
		same := byKind[pyKind(out)]
		read := reading.Set(reading.Words(items[i].text + "\n" + items[i].exhibit)...)
		items[i].distractor = func(rng *rand.Rand) string {
			if s := slip(out, read, rng); s != "" {
				return s
			}
			// An empty output has no slip of its own: a tracer who
			// missed the last removal would give one character or
			// element, as another record's output of one does.
			if literalSize(out) == 0 {
				if s := pickOther(ofOne[pyKind(out)], out, rng); s != "" {
					return s
				}
			}
			if s := pickOther(same, out, rng); s != "" {
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

// slip is out mis-traced (mistrace), or "". A tracer copies the words
// the program and its input give, and slips in what the program
// computes: of up to eight slips drawn, the first that keeps the words of
// out that the question reads (read), each as often, is taken, else the
// first drawn.
func slip(out string, read map[string]bool, rng *rand.Rand) string {
	first := ""
	for range 8 {
		s := mistrace(out, rng)
		if s == "" || s == out {
			continue
		}
		if first == "" {
			first = s
		}
		if keepsRead(out, s, read) {
			return s
		}
	}
	return first
}

// keepsRead reports whether s holds the words of out that read holds,
// each as often.
func keepsRead(out, s string, read map[string]bool) bool {
	count := map[string]int{}
	for _, w := range reading.Words(out) {
		if read[w] {
			count[w]++
		}
	}
	for _, w := range reading.Words(s) {
		if read[w] {
			count[w]--
		}
	}
	for _, n := range count {
		if n != 0 {
			return false
		}
	}
	return true
}

// pickOther returns an element of distinct other than own, or "".
func pickOther(distinct []string, own string, rng *rand.Rand) string {
	others := distinct
	if i := slices.Index(distinct, own); i >= 0 {
		others = slices.Delete(slices.Clone(distinct), i, i+1)
	}
	if len(others) == 0 {
		return ""
	}
	return others[rng.IntN(len(others))]
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
	if _, _, ok := pyExponentForm(s); ok {
		return "number"
	}
	if _, ok := parseNumber(s); ok {
		return "number"
	}
	return "other"
}

// topLevelColon reports whether the braces that open s hold a colon of
// their own, outside strings and nested brackets: a dict, not a set.
func topLevelColon(s string) bool {
	_, _, found := cutTop(strings.TrimSuffix(s[1:], "}"), ':')
	return found
}
