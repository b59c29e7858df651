package reading

import (
	"strings"

	"github.com/kljensen/snowball/english"
)

// inflection reports whether a and b are two forms of one English word,
// as a reader takes "carried" for "carry" and "kettles" for "kettle"
// ("sailed" for "sail", "cities" for "city"): one Snowball (Porter2) stem,
// and lengths at most three letters apart, so that a word derived with
// another sense ("organization" for "organ") is not one. A reader who
// matched only the question's own spelling missed the sentence that
// answers it wherever the question and the text inflect a word otherwise
// ("How many kettles did the ferry carry?" against "the ferry carried 65
// kettles"): on a file of such questions, a judge reading the text did
// worse than chance. Irregular forms ("ran" for "run") are not matched.
// Only ASCII words that begin alike, up to the shorter one's last two
// letters at most, and then end each in an inflection's ending as spelt
// (endings: "carr" and "y", "ied"; "stop" and "", "ped") go to the
// stemmer, which the sim's hot path (Missing) thus rarely calls.
func inflection(a, b string) bool {
	short := min(len(a), len(b))
	if short < 3 || max(len(a), len(b))-short > 3 {
		return false
	}
	k := 0 // the letters a and b begin with alike
	for k < short && lower(a[k]) == lower(b[k]) {
		if x := lower(a[k]); x < 'a' || x > 'z' {
			return false
		}
		k++
	}
	if k < 3 || k < short-2 || !inflectedEnding(a, k) || !inflectedEnding(b, k) || !isASCII(a) || !isASCII(b) {
		return false
	}
	return english.Stem(a, true) == english.Stem(b, true)
}

// endings are what an English inflection adds to a word's stem as spelt,
// the stem's own last letter included where the inflection changes it
// ("y" of "carry", "ied" of "carried"; "e" of "make", "ing" of "making").
var endings = []string{"", "s", "es", "ed", "d", "ing", "e", "y", "ie", "ies", "ied"}

// inflectedEnding reports whether w's letters from k on are one of endings,
// or one after the stem's last letter doubled ("ped" of "stopped").
func inflectedEnding(w string, k int) bool {
	tail := w[k:]
	if len(tail) >= 3 && lower(tail[0]) == lower(w[k-1]) {
		tail = tail[1:]
	}
	for _, e := range endings {
		if strings.EqualFold(tail, e) {
			return true
		}
	}
	return false
}
