package loaders

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"

	"github.com/mootlab/moot/transcript"
)

// newFinQA makes the loader of FinQA- and FailSafeQA-style records: a
// question about a financial report, its answer, and the report as text, or
// as the text before a table, the table and the text after.
var newFinQA = formatOf(func() scanner { return scanJSON(parseFinQA) }, nil)

func parseFinQA(o object) ([]item, error) {
	it, err := newItem(o, transcript.FamilyFinance, "id")
	if err != nil {
		return nil, err
	}
	// FinQA itself keeps the question and answer under "qa".
	qKey, aKey := "question", "answer"
	if _, has, _ := o.get("question"); !has {
		if _, has, _ := o.get("qa"); has {
			qKey, aKey = "qa.question", "qa.answer"
		}
	}
	if it.text, err = o.str(qKey); err != nil {
		return nil, err
	}
	if aKey, err = answerKeyOf(o, aKey); err != nil {
		return nil, err
	}
	answer, err := o.text(aKey)
	if err != nil {
		return nil, err
	}
	if plain, ok := plainDecimal(answer); ok {
		answer = plain // 1e-05, as Python's json writes a small exe_ans
	}
	if it.context, err = reportText(o); err != nil {
		return nil, err
	}
	var incorrect []string
	if _, has, _ := o.get("incorrect"); has {
		if incorrect, err = o.texts("incorrect"); err != nil {
			return nil, err
		}
	}
	n, numeric := parseNumber(answer)
	head, unit, counted := countOf(answer)
	switch lower := strings.ToLower(answer); {
	case numeric:
		it.correct = n.String()
		it.distractor = func(rng *rand.Rand) string { return n.nearby(rng) }
	case counted && len(incorrect) == 0:
		// "$ 193 million", "101 stores": the number moved, its unit kept.
		it.correct = head.String() + " " + unit
		it.distractor = func(rng *rand.Rand) string { return head.nearby(rng) + " " + unit }
	case lower == "yes" || lower == "no":
		it.correct = lower
		incorrect = []string{map[string]string{"yes": "no", "no": "yes"}[lower]}
	case len(incorrect) == 0:
		return nil, bad(aKey, `%q is neither a number nor yes or no: give the record an "incorrect" answer`, clip(answer))
	default:
		it.correct = answer
	}
	it.wrong = distinctWrong(it.correct, incorrect, foldCase)
	if len(incorrect) > 0 && len(it.wrong) == 0 {
		return nil, bad("incorrect", "fewer than two distinct answers")
	}
	return []item{it}, nil
}

// countedPattern is a number followed by words that say what it counts:
// "$ 193 million", "73576 thousand", "101 stores created per year".
var countedPattern = regexp.MustCompile(`^(\$?)\s*(-?[\d,]*\.?\d+)\s+([A-Za-z][A-Za-z ]*[A-Za-z])$`)

// countOf reads answer as a number and the words after it, if it is one.
func countOf(answer string) (number, string, bool) {
	m := countedPattern.FindStringSubmatch(strings.TrimSpace(answer))
	if m == nil {
		return number{}, "", false
	}
	n, ok := parseNumber(m[1] + m[2])
	return n, strings.Join(strings.Fields(m[3]), " "), ok
}

// answerKeyOf is the field holding a record's answer: key ("answer" or
// "qa.answer"), or, where that is absent, null or blank, the "exe_ans" beside
// it, the result of the record's reasoning program, which FinQA's own
// README documents as its answer (its files carry both; a file made to
// that README, the program's result alone).
func answerKeyOf(o object, key string) (string, error) {
	v, has, err := o.get(key)
	if s, isString := v.(string); err != nil || has && v != nil && (!isString || strings.TrimSpace(s) != "") {
		return key, err
	}
	exe := strings.TrimSuffix(key, "answer") + "exe_ans"
	if _, hasExe, err := o.get(exe); err != nil || hasExe {
		return exe, err
	}
	if !has {
		return key, bad(key, `missing: want "answer", or FinQA's "exe_ans"`)
	}
	return key, nil
}

// reportText renders a record's "context", or its "pre_text", "table" and
// "post_text", as the hidden context: the texts line by line, and each
// table row as a line "a | b | c".
func reportText(o object) (string, error) {
	if _, has, _ := o.get("context"); has {
		return o.str("context")
	}
	var lines []string
	found := false
	for _, key := range []string{"pre_text", "table", "post_text"} {
		v, has, err := o.get(key)
		if err != nil {
			return "", err
		}
		if !has {
			continue
		}
		found = true
		if key == "table" {
			rows, err := tableRows(o, v)
			if err != nil {
				return "", err
			}
			lines = append(lines, rows...)
			continue
		}
		texts, err := paragraphs(o, key, v)
		if err != nil {
			return "", err
		}
		lines = append(lines, texts...)
	}
	if !found {
		return "", bad("context", `missing: want "context", or "pre_text", "table" and "post_text"`)
	}
	if len(lines) == 0 {
		return "", bad("context", "empty")
	}
	return strings.Join(lines, "\n"), nil
}

// tableRows renders a table, a list of rows of cells, one line a row.
func tableRows(o object, v any) ([]string, error) {
	rows, ok := v.([]any)
	if !ok {
		return nil, bad("table", "want an array of rows, got %s", jsonType(v))
	}
	var out []string
	for i, r := range rows {
		cells, ok := r.([]any)
		if !ok {
			return nil, bad(fmt.Sprintf("table[%d]", i), "want an array of cells, got %s", jsonType(r))
		}
		texts := make([]string, len(cells))
		for j, c := range cells {
			switch c := c.(type) {
			case string:
				texts[j] = trim(c)
			default:
				s, _, err := o.asText(fmt.Sprintf("table[%d][%d]", i, j), c)
				if err != nil {
					return nil, err
				}
				texts[j] = s
			}
		}
		out = append(out, strings.Join(texts, " | "))
	}
	return out, nil
}

// paragraphs reads a text given as a string or a list of strings (FinQA
// splits its texts into sentences), dropping blank ones.
func paragraphs(o object, key string, v any) ([]string, error) {
	list, isList := v.([]any)
	if !isList {
		list = []any{v}
	}
	var out []string
	for i, el := range list {
		s, ok := el.(string)
		if !ok {
			field := o.field(key)
			if isList {
				field = fmt.Sprintf("%s[%d]", field, i)
			}
			return nil, bad(field, "want a string or a list of strings, got %s", jsonType(el))
		}
		if s = trim(s); s != "" {
			out = append(out, s)
		}
	}
	return out, nil
}
