package reading

import (
	"slices"
	"strconv"
)

// smallNumbers are the English words of the numbers 0 to 19, tens the
// words of the tens from 20 on (tens[2] is "twenty").
var (
	smallNumbers = []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"}
	tens = []string{"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
)

// numberAlias is the other way of writing words, an answer of a whole
// number from 0 to 99 as Words splits it: its words for its digits
// (["14"] is ["fourteen"], ["21"] is ["twenty", "one"], as "twenty-one"
// splits) and its digits for its words; nil for any other. A reader takes
// "fourteen barrels" to name the answer 14, and "14 barrels" to name
// "fourteen". One is left out: "one" is a pronoun as often ("the one who
// rowed"), which names no number.
func numberAlias(words []string) []string {
	if w := words; len(w) == 1 && len(w[0]) <= 2 && isDigit(w[0][0]) && isDigit(w[0][len(w[0])-1]) && (len(w[0]) == 1 || w[0][0] != '0') {
		if n, _ := strconv.Atoi(w[0]); n != 1 {
			return numberWords(n)
		}
		return nil
	}
	if n, ok := wordsNumber(words); ok && n != 1 {
		return []string{strconv.Itoa(n)}
	}
	return nil
}

// numberWords writes n, 0 to 99, in words as Words splits them.
func numberWords(n int) []string {
	switch {
	case n < 20:
		return []string{smallNumbers[n]}
	case n%10 == 0:
		return []string{tens[n/10]}
	}
	return []string{tens[n/10], smallNumbers[n%10]}
}

// wordsNumber reads words as a whole number from 0 to 99 written in
// words ("fourteen", "twenty one"), or reports false.
func wordsNumber(words []string) (int, bool) {
	if len(words) == 0 || len(words) > 2 {
		return 0, false
	}
	if len(words) == 1 {
		if n := slices.Index(smallNumbers, words[0]); n >= 0 {
			return n, true
		}
	}
	t := slices.Index(tens, words[0])
	if t < 2 {
		return 0, false
	}
	if len(words) == 1 {
		return 10 * t, true
	}
	if u := slices.Index(smallNumbers, words[1]); u >= 1 && u <= 9 {
		return 10*t + u, true
	}
	return 0, false
}

// containsNumber reports whether the words of a number in words, aw, stand
// in sw, in a row, as a number of their own: not the units of a larger
// number ("two" of "twenty-two", which Words splits "twenty", "two"), nor
// its tens ("twenty" of "twenty-one").
func containsNumber(sw, aw []string) bool {
	for i := 0; i+len(aw) <= len(sw); i++ {
		end := i + len(aw)
		if !slices.Equal(sw[i:end], aw) {
			continue
		}
		if i > 0 && isTens(sw[i-1]) && isUnit(aw[0]) || end < len(sw) && isTens(aw[len(aw)-1]) && isUnit(sw[end]) {
			continue
		}
		return true
	}
	return false
}

func isTens(w string) bool { return slices.Index(tens, w) >= 2 }

func isUnit(w string) bool { n := slices.Index(smallNumbers, w); return n >= 1 && n <= 9 }
