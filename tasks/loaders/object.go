package loaders

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/mootlab/moot/quotes"
)

// jsonType names the JSON type of a decoded value.
func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// field returns the path of key in o, for messages.
func (o object) field(key string) string {
	if o.path == "" {
		return key
	}
	return o.path + "." + key
}

// get looks up a dotted path ("meta.id") in o.
func (o object) get(path string) (any, bool, error) {
	var cur any = o.m
	parts := strings.Split(path, ".")
	for i, p := range parts {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false, bad(o.field(strings.Join(parts[:i], ".")), "want an object, got %s", jsonType(cur))
		}
		v, ok := m[p]
		if !ok {
			return nil, false, nil
		}
		cur = v
	}
	return cur, true, nil
}

// must returns the value at key, which must be present.
func (o object) must(key string) (any, error) {
	v, ok, err := o.get(key)
	if err == nil && !ok {
		err = &fieldError{field: o.field(key), err: errMissing}
	}
	return v, err
}

// required returns the value at key that opt, the reader of an optional
// field, reads, and an error if the field is absent.
func required[T any](o object, key string, opt func(string) (T, bool, error)) (T, error) {
	v, ok, err := opt(key)
	if err == nil && !ok {
		err = &fieldError{field: o.field(key), err: errMissing}
	}
	return v, err
}

// errMissing is the error of a required field a record lacks.
var errMissing = errors.New("missing")

// str returns the string at key, which must be present and not blank.
func (o object) str(key string) (string, error) {
	return required(o, key, o.optStr)
}

// strs returns the strings at keys, in order, each as str does; the
// first missing or blank one is the error.
func (o object) strs(keys ...string) ([]string, error) {
	out := make([]string, len(keys))
	for i, k := range keys {
		var err error
		if out[i], err = o.str(k); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// optStr returns the string at key, if present; present, it must not be
// blank.
func (o object) optStr(key string) (string, bool, error) {
	return o.optTrimmed(key, strings.TrimSpace)
}

// blocks returns the strings at keys, in order, each as str does but
// trimmed as a block of text (trimBlock): the indentation of its first
// line kept.
func (o object) blocks(keys ...string) ([]string, error) {
	out := make([]string, len(keys))
	for i, k := range keys {
		var err error
		if out[i], err = required(o, k, func(key string) (string, bool, error) { return o.optTrimmed(key, trimBlock) }); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// trimBlock trims a block of text: the blank lines before it and the
// white space after it, not the indentation of its first line (a response
// that is a function's body, indented as the body is).
func trimBlock(s string) string {
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	for {
		line, rest, more := strings.Cut(s, "\n")
		if !more || strings.TrimSpace(line) != "" {
			return s
		}
		s = rest
	}
}

// optTrimmed is optStr with the string trimmed by trim.
func (o object) optTrimmed(key string, trim func(string) string) (string, bool, error) {
	v, ok, err := o.get(key)
	if err != nil || !ok {
		return "", false, err
	}
	s, isStr := v.(string)
	if !isStr {
		return "", false, bad(o.field(key), "want a string, got %s", jsonType(v))
	}
	if err := shown(o.field(key), s); err != nil {
		return "", false, err // before a form feed at its start is trimmed
	}
	s = trim(s)
	if strings.TrimSpace(s) == "" {
		return "", false, bad(o.field(key), "empty")
	}
	return s, true, nil
}

// shown is the error of a text read from field that a run could not show
// as the record has it (item.checkShown, where the field is named by its
// part in the question): a character no reader sees, or moot's quote
// markup; nil for a text that is fine.
func shown(field, s string) error {
	if at, what := strayCharacter(s); at >= 0 {
		hint := ""
		if strings.Contains(what, "U+0008") || strings.Contains(what, "U+000C") {
			hint = ` (a backslash the JSON did not escape, as in \frac or \beta written for \\frac?)`
		}
		return bad(field, "holds %s at byte %d%s", what, at, hint)
	}
	if tag := quotes.Tag(s); tag != "" {
		return bad(field, "holds %q, %s", tag, quoteMarkup)
	}
	if at := latexDamage.FindStringIndex(s); at != nil {
		char, rest := "tab", s[at[0]+1:at[1]]
		cmd := `\t` + rest
		if s[at[0]] == '\r' {
			char, cmd = "carriage return", `\r`+rest
		}
		return bad(field, "holds a %s at byte %d where a LaTeX command's backslash was: JSON read %s as a %s and %q; escape the backslash (\\%s)",
			char, at[0], cmd, char, rest, cmd)
	}
	return nil
}

// latexDamage is a tab or a carriage return followed by the rest of a
// LaTeX command that begins with t or r (\times, \theta, \text, \tilde,
// \triangle; \rho, \right, \rangle, \rceil, \rfloor): a backslash the
// JSON did not escape ("\times" is a tab and "imes"). Commands whose rest
// is a common word ("\tan", "\to", "\tau") are not looked for, nor a
// line feed's ("\neq": "eq…" may start a line).
var latexDamage = regexp.MustCompile(`\t(?:imes|heta|ext(?:bf|it|rm)?|ilde|riangle)\b|\r(?:ho|ight(?:arrow)?|angle|ceil|floor)\b`)

// optContext returns the context at key: a string, or none where the
// record says its question has none (null, or blank). The field must be
// there all the same: a misspelt name is an error, not a file of
// questions with no text.
func (o object) optContext(key string) (string, error) {
	v, err := o.must(key)
	if err != nil || v == nil {
		return "", err
	}
	if s, ok := v.(string); ok && strings.TrimSpace(s) == "" {
		return "", nil
	}
	return o.str(key)
}

// text returns the value at key as text: a string, or a number as
// written. It must be present and not blank.
func (o object) text(key string) (string, error) {
	return required(o, key, o.optText)
}

// optText is text for an optional field.
func (o object) optText(key string) (string, bool, error) {
	v, ok, err := o.get(key)
	if err != nil || !ok {
		return "", false, err
	}
	return o.asText(o.field(key), v)
}

func (o object) asText(field string, v any) (string, bool, error) {
	switch v := v.(type) {
	case string:
		if err := shown(field, v); err != nil {
			return "", false, err
		}
		if s := strings.TrimSpace(v); s != "" {
			return s, true, nil
		}
		return "", false, bad(field, "empty")
	case json.Number:
		return v.String(), true, nil
	}
	return "", false, bad(field, "want a string or a number, got %s", jsonType(v))
}

// texts returns the value at key as a list of texts: a string or number
// is a list of one.
func (o object) texts(key string) ([]string, error) {
	v, err := o.must(key)
	if err != nil {
		return nil, err
	}
	list, isList := v.([]any)
	if !isList {
		s, _, err := o.asText(o.field(key), v)
		return []string{s}, err
	}
	if len(list) == 0 {
		return nil, bad(o.field(key), "empty list")
	}
	out := make([]string, len(list))
	for i, el := range list {
		s, _, err := o.asText(fmt.Sprintf("%s[%d]", o.field(key), i), el)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

// boolean returns the boolean at key, which must be present.
func (o object) boolean(key string) (bool, error) {
	v, err := o.must(key)
	if err != nil {
		return false, err
	}
	b, isBool := v.(bool)
	if !isBool {
		return false, bad(o.field(key), "want true or false, got %s", jsonType(v))
	}
	return b, nil
}

// integer returns the whole number at key, which must be present.
func (o object) integer(key string) (int, error) {
	v, err := o.must(key)
	if err != nil {
		return 0, err
	}
	return o.asInt(o.field(key), v)
}

func (o object) asInt(field string, v any) (int, error) {
	num, isNum := v.(json.Number)
	if !isNum {
		return 0, bad(field, "want a whole number, got %s", jsonType(v))
	}
	n, err := strconv.Atoi(num.String())
	if err != nil {
		// A whole number written as a float, "2.0", as pandas writes
		// an integer column that has a missing value.
		f, ferr := strconv.ParseFloat(num.String(), 64)
		if ferr != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
			return 0, bad(field, "want a whole number, got %s", num)
		}
		n = int(f)
	}
	return n, nil
}

// optFraction returns the number in [0, 1] at key, if present.
func (o object) optFraction(key string) (float64, bool, error) {
	v, ok, err := o.get(key)
	if err != nil || !ok {
		return 0, false, err
	}
	num, isNum := v.(json.Number)
	if !isNum {
		return 0, false, bad(o.field(key), "want a number in [0, 1], got %s", jsonType(v))
	}
	f, err := num.Float64()
	if err != nil || !(f >= 0 && f <= 1) {
		return 0, false, bad(o.field(key), "want a number in [0, 1], got %s", num)
	}
	if f == 0 {
		f = 0 // -0 too, which would be shown and stored with its sign
	}
	return f, true, nil
}

// list returns the array at key, which must be present.
func (o object) list(key string) ([]any, error) {
	v, err := o.must(key)
	if err != nil {
		return nil, err
	}
	l, isList := v.([]any)
	if !isList {
		return nil, bad(o.field(key), "want an array, got %s", jsonType(v))
	}
	return l, nil
}

// child returns element i of list as an object, for the field path[i].
func (o object) child(key string, i int, v any) (object, error) {
	path := fmt.Sprintf("%s[%d]", o.field(key), i)
	m, ok := v.(map[string]any)
	if !ok {
		return object{}, bad(path, "want an object, got %s", jsonType(v))
	}
	return object{m: m, path: path}, nil
}
