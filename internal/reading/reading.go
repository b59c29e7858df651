package reading

import (
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
)

// functionWords are skipped when a reader compares a question with a
// sentence: they carry no fact.
var functionWords = Set(
	"a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by",
	"for", "from", "with", "into", "onto", "over", "under", "near", "as",
	"is", "was", "were", "are", "be", "been", "did", "does", "do", "had",
	"has", "have", "that", "which", "who", "whom", "whose", "what", "when",
	"where", "why", "how", "this", "these", "those", "it", "its", "their",
	"his", "her", "they", "he", "she", "there", "than", "then",
)

// askedWords name what a question asks for ("what colour…"); a sentence
// that answers the question need not contain them.
var askedWords = Set(
	"color", "colour", "material", "kind", "type", "sort", "name", "number",
	"size", "shape", "value", "amount",
)

// Set makes a set of words.
func Set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// Words splits text into lower-case words, dropping punctuation.
func Words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !isWordRune(r) })
}

// KeyTerms returns the words of a question that a sentence must contain to
// be about what the question asks: its content words, without function
// words and without the words that name what is asked.
func KeyTerms(question string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range Words(question) {
		if functionWords[w] || askedWords[w] || seen[w] {
			continue
		}
		seen[w] = true
		out = append(out, w)
	}
	return out
}

// Missing counts the key terms that sentence lacks; a word with two
// neighbouring letters swapped counts as the term (see transposed). It is
// on every sim agent's hot path, so it scans the sentence in place rather
// than splitting it. Only the first 64 key terms count: no question has
// nearly so many.
func Missing(keyTerms []string, sentence string) int {
	var found uint64 // bit i: keyTerms[i] seen; a question has few terms
	if len(keyTerms) > 64 {
		keyTerms = keyTerms[:64]
	}
	for start := 0; start < len(sentence); {
		r, size := utf8.DecodeRuneInString(sentence[start:])
		if !isWordRune(r) {
			start += size
			continue
		}
		end := start
		for end < len(sentence) {
			r, size := utf8.DecodeRuneInString(sentence[end:])
			if !isWordRune(r) {
				break
			}
			end += size
		}
		w := sentence[start:end]
		for i, t := range keyTerms {
			if found&(1<<i) == 0 && (strings.EqualFold(w, t) || transposed(w, t)) {
				found |= 1 << i
			}
		}
		start = end
	}
	return len(keyTerms) - bits.OnesCount64(found)
}

// transposed reports whether a and b are one word of at least five letters
// with two neighbouring letters swapped ("revnue" for "revenue" is not, a
// dropped letter; "reveune" is): a reader takes such a typo for the word.
// ASCII letters only; case is ignored.
func transposed(a, b string) bool {
	if len(a) != len(b) || len(a) < 5 {
		return false
	}
	first := -1
	for i := 0; i < len(a); i++ {
		x, y := lower(a[i]), lower(b[i])
		if x == y {
			continue
		}
		if x < 'a' || x > 'z' || y < 'a' || y > 'z' {
			return false
		}
		if first >= 0 {
			// The second difference must be the swap's other half.
			return i == first+1 && x == lower(b[first]) && y == lower(a[first]) && strings.EqualFold(a[i+1:], b[i+1:])
		}
		first = i
	}
	return false
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' }

// Mentions reports whether sentence contains answer as whole words.
func Mentions(sentence, answer string) bool {
	sw, aw := Words(sentence), Words(answer)
	if len(aw) == 0 {
		return false
	}
	for i := 0; i+len(aw) <= len(sw); i++ {
		match := true
		for j := range aw {
			if sw[i+j] != aw[j] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

// Sentences splits a context into sentences at '.', '!' and '?' followed by
// a space or the end, keeping the stop.
func Sentences(context string) []string {
	var out []string
	start := 0
	for i := 0; i < len(context); i++ {
		c := context[i]
		if (c == '.' || c == '!' || c == '?') && (i+1 == len(context) || context[i+1] == ' ' || context[i+1] == '\n') {
			if s := strings.TrimSpace(context[start : i+1]); s != "" {
				out = append(out, s)
			}
			start = i + 1
		}
	}
	if s := strings.TrimSpace(context[start:]); s != "" {
		out = append(out, s)
	}
	return out
}
