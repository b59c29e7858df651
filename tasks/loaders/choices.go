package loaders

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/mootlab/moot/transcript"
)

// namingOthers is the kind of set-aside question whose correct answer
// names the other options.
const namingOthers = "correct answer naming the other options"

// othersPattern matches an option that names the other options rather
// than answering: "All of the above", "None of these", "All of these
// options", "None of the options given is correct", "All of the above;
// a reason", "Both A and B", "A and C only", "A, B and C", "Neither (a)
// nor (b)". Shown with a single
// other option, as a question of two answers shows it, it says something
// else or nothing: "All of the above" beside one option is that option.
// Roman numerals (I and II only) name statements of the question, which
// the judge reads, and are kept; so is a bare "None", an answer to "how
// many".
var othersPattern = regexp.MustCompile(`(?i)^(?:` +
	`(?:(?:all|none|both|neither|each|any|either) of (?:the )?(?:above|below|these|those|them|(?:above|following|preceding|listed|previous|other) (?:options|choices|answers|statements)|(?:(?:these|those) )?` + optionsNoun + `)` +
	`|all (?:the )?` + optionsNoun + `|all the above|none of the others)` +
	// "… are correct", "…; the reason": still the others, named.
	`(?: (?:is|are) (?:all )?(?:correct|true|right))?(?:[.;] .+)?` +
	`|(?:both |either |neither |only )?` + letter + `,? (?:and|or|&|nor) ` + letter + `(?: only| both)?` +
	`|(?:both|either|neither) (?-i:[a-e]) (?:and|or|nor) (?-i:[a-e])` +
	`|(?:both |all |only )?` + letter + `, ` + letter + `,? (?:and|or|&) ` + letter + `(?: only)?` +
	`)$`)

// optionsNoun is the options named as such: "options", "the options
// given", "choices listed".
const optionsNoun = `(?:options|choices|answers)(?: given| listed| above| below)?`

// letter is an option's letter as another option names it: A to E, or
// (a) to (e); a bare lower-case a or b is as likely a variable, unless
// "both", "either" or "neither" goes before ("both a and b", as 22 of
// MMLU's options name the others).
const letter = `(?-i:[A-E]|\([a-eA-E]\))`

// namesOthers reports whether an option names the other options
// (othersPattern), a closing period and quotes aside. Letters the
// question itself uses as words are its own labels, not the options'
// ("vitamins A and C", "segments A, B and C"): an option naming only
// such letters (A aside, which opens many a sentence) answers.
func namesOthers(option, question string) bool {
	o := strings.Trim(strings.TrimSpace(option), `."'`)
	if !othersPattern.MatchString(o) {
		return false
	}
	named := optionLetters.FindAllString(o, -1)
	if len(named) == 0 {
		return true // "All of the above"
	}
	asked := map[string]bool{}
	for _, w := range strings.FieldsFunc(question, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		asked[w] = true
	}
	for _, l := range named {
		if l = strings.ToUpper(l); l != "A" && !asked[l] {
			return true
		}
	}
	return false
}

// optionLetters are the single letters an option names.
var optionLetters = regexp.MustCompile(`\b[A-Ea-e]\b`)

// answering is a multiple-choice record's options as a question of two
// answers can show them: the wrong options that answer (not those naming
// the others), or the record set aside, aside naming why, when its
// correct option names the others or no wrong option answers.
func answering(question, correct string, wrong []string) (kept []string, aside string) {
	if namesOthers(correct, question) {
		return nil, namingOthers
	}
	for _, w := range wrong {
		if !namesOthers(w, question) {
			kept = append(kept, w)
		}
	}
	if len(kept) == 0 && len(wrong) > 0 {
		return nil, "no other option answering"
	}
	return kept, ""
}

// alike is what distinctWrong sets aside in telling two choices apart.
type alike int

const (
	// foldCase: letter case, white space and how a number is written.
	foldCase alike = iota
	// keepCase: white space and how a number is written, not case: a
	// closed task's options, where "BB Bb" and "Bb bb" (genotypes), "Sc"
	// and "sC" (logic), "L" and "l" are other answers, and no text holds
	// them for the sim's matching to confuse.
	keepCase
	// asWritten: nothing: a program's output ("5" and "5.0" are two).
	asWritten
)

// distinctWrong returns the choices other than correct, each once, in
// order; an empty choice is the caller's to reject. By default (foldCase)
// choices that differ only in letter case or in white space count as one
// ("violet", "VIOLET"; "New York", "New  York": a judge could not tell
// them apart, nor the sim's matching, which reads a text's words in
// either case), and so do numbers of one value however written ("1,234",
// "1234.0", "$1234"; a percentage only with a percentage); how says
// otherwise for a closed task's options and a program's output.
func distinctWrong(correct string, choices []string, how alike) []string {
	key := answerKey
	switch how {
	case keepCase:
		key = casedKey
	case asWritten:
		key = func(s string) string { return s }
	}
	var out []string
	seen := map[string]bool{key(correct): true}
	for _, c := range choices {
		if k := key(c); !seen[k] {
			seen[k] = true
			out = append(out, c)
		}
	}
	return out
}

// caseNote says, for an error about too few distinct answers, how letter
// case counts in family (see distinctWrong).
func caseNote(f transcript.Family) string {
	if f == transcript.FamilyCode {
		return ""
	}
	return " (answers that differ only in letter case, white space or characters no one sees, or numbers of one value, count as one)"
}
