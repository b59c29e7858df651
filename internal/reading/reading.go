package reading

import (
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// functionWords are skipped when a reader compares a question with a
// sentence: English's closed-class words (articles and determiners,
// pronouns, auxiliaries, conjunctions, prepositions) carry no fact. Words
// that are also nouns a question may ask about ("will", "may", "can",
// "up", "like") are kept.
var functionWords = Set(
	// articles, determiners and quantifiers
	"a", "an", "the", "this", "that", "these", "those", "all", "any", "each",
	"every", "some", "no", "both", "either", "neither", "such", "another",
	"other", "same", "much", "many", "more", "most", "few", "several",
	// pronouns
	"i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his",
	"she", "her", "hers", "it", "its", "they", "them", "their", "theirs",
	"itself", "himself", "herself", "themselves", "who", "whom", "whose",
	"what", "which", "when", "where", "why", "how", "there", "here",
	// auxiliaries and negation
	"is", "was", "were", "are", "am", "be", "been", "being", "did", "does",
	"do", "had", "has", "have", "having", "would", "could", "should",
	"shall", "might", "not",
	// conjunctions and adverbs of degree
	"and", "or", "but", "nor", "so", "if", "whether", "because", "although",
	"though", "while", "unless", "than", "then", "also", "very", "too",
	// prepositions
	"of", "to", "in", "on", "at", "by", "for", "from", "with", "into",
	"onto", "over", "under", "near", "as", "about", "above", "across",
	"after", "against", "along", "among", "around", "before", "behind",
	"below", "beneath", "beside", "between", "beyond", "despite", "during",
	"except", "inside", "outside", "through", "throughout", "toward",
	"towards", "upon", "via", "within", "without", "per",
)

// frameWords refer to the text a question is about, not to what it says
// ("According to the passage, …", "What does the author mention…"): a
// sentence of the text that answers the question does not contain them.
var frameWords = Set(
	"according", "passage", "article", "text", "story", "author",
	"narrator", "paragraph", "excerpt", "mention", "mentions", "mentioned",
	"stated",
)

// Set makes a set of words.
func Set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// WordsAbsent lists the terms, lower-case words, that are not words of
// text (WordsPresent, for any number of terms), in their order.
func WordsAbsent(text string, terms []string) []string {
	var out []string
	for chunk := range slices.Chunk(terms, 64) {
		have := WordsPresent(text, chunk)
		for i, t := range chunk {
			if have&(1<<i) == 0 {
				out = append(out, t)
			}
		}
	}
	return out
}

// WordsPresent reports which of terms, lower-case words, are words of text
// as Words lists them, inflections of them (inflection) or other forms of
// their irregular verbs (irregularVerbs): bit i for terms[i]. At most 64
// terms.
func WordsPresent(text string, terms []string) uint64 {
	if len(terms) > 64 {
		panic("reading: WordsPresent: more than 64 terms")
	}
	var present uint64
	irregular := irregulars(terms)
	if !isASCII(text) { // lower-casing may change a letter's length
		for _, w := range Words(text) {
			if isASCII(w) {
				present |= irregular.match(w, present)
			}
			for i, t := range terms {
				if w == t || inflection(w, t) {
					present |= 1 << i
				}
			}
		}
		return present
	}
	for start := 0; start < len(text); {
		var w string
		w, start, _ = nextWord(text, start)
		if w == "" {
			continue
		}
		if irregular.which&^present != 0 {
			present |= irregular.match(w, present)
		}
		for i, t := range terms {
			if len(t) == len(w) && asciiLowerEqual(w, t) || inflection(w, t) {
				present |= 1 << i
			}
		}
	}
	return present
}

// asciiLowerEqual reports whether w, ASCII, lower-cased is t.
func asciiLowerEqual(w, t string) bool {
	for i := 0; i < len(w); i++ {
		if lower(w[i]) != t[i] {
			return false
		}
	}
	return true
}

// Words splits text into lower-case words, dropping punctuation. An
// apostrophe inside a word keeps it whole ("don't"); one at its edge is
// dropped, so that a plural possessive ("the bakers' guild") names the
// word ("bakers").
func Words(text string) []string {
	text = strings.ToLower(text)
	if !isASCII(text) {
		// One spelling of a word: é written as one letter (NFC) or as e
		// and a combining accent (NFD) is one word.
		text = norm.NFC.String(text)
	}
	var out []string
	for start := 0; start < len(text); {
		var w string
		if w, start, _ = nextWord(text, start); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// KeyTerms returns the words of a question that a sentence must contain to
// be about what the question asks: its content words, without function
// words, words that refer to the text itself and words that name what is
// asked.
func KeyTerms(question string) []string {
	var out []string
	seen := map[string]bool{}
	prev := ""
	words := Words(question)
	for i, w := range words {
		asks := prev == "how" && howAsked[w] || (prev == "what" || prev == "which") && (whatAsked[w] || category(prev, words[i+1:]))
		prev = w
		if functionWords[w] || frameWords[w] || askedWords[w] || asks || seen[w] {
			continue
		}
		seen[w] = true
		out = append(out, w)
	}
	return out
}

// Missing counts the key terms that sentence lacks; a word with two
// neighbouring letters swapped counts as the term (see transposed), and so
// do an inflection of it (see inflection) and another form of its
// irregular verb (irregularVerbs: "ran" for "run"). It is
// on every sim agent's hot path, so it scans the sentence in place rather
// than splitting it. Only the first 64 key terms count: no question has
// nearly so many.
func Missing(keyTerms []string, sentence string) int {
	var found uint64 // bit i: keyTerms[i] seen; a question has few terms
	if len(keyTerms) > 64 {
		keyTerms = keyTerms[:64]
	}
	all := uint64(1)<<len(keyTerms) - 1 // a shift by 64 gives 0: all ones
	var asciiTerms uint64               // bit i: keyTerms[i] is ASCII
	for i, t := range keyTerms {
		if isASCII(t) {
			asciiTerms |= 1 << i
		}
	}
	irregular := irregulars(keyTerms)
	for start := 0; start < len(sentence) && found != all; {
		var w string
		var ascii bool
		if w, start, ascii = nextWord(sentence, start); w == "" {
			continue
		}
		if !ascii {
			w = norm.NFC.String(w) // as KeyTerms reads the question's
		} else if irregular.which&^found != 0 {
			found |= irregular.match(w, found)
		}
		for i, t := range keyTerms {
			if found&(1<<i) != 0 {
				continue
			}
			// Two ASCII words of other lengths are neither the same
			// word nor a transposition of it, but may be its inflection.
			if ascii && asciiTerms&(1<<i) != 0 && len(w) != len(t) {
				if lower(w[0]) == t[0] && inflection(w, t) { // most words begin otherwise
					found |= 1 << i
				}
				continue
			}
			if strings.EqualFold(w, t) || transposed(w, t) || inflection(w, t) {
				found |= 1 << i
			}
		}
	}
	return len(keyTerms) - bits.OnesCount64(found)
}

// nextWord is the first word of s at or after start, its apostrophes at
// its edges trimmed ("" where none is left, or the word was apostrophes
// alone) and its possessive ending dropped (possessive), the offset the
// scan goes on from, and whether the word is ASCII: the one scan of
// Words, WordsPresent and Missing. A typographic apostrophe (’) is an
// apostrophe: "Okes’s" and "Okes's" are one word.
func nextWord(s string, start int) (w string, next int, ascii bool) {
	for start < len(s) {
		end, ascii := wordEnd(s, start)
		if end > start {
			w := s[start:end]
			if !ascii && strings.Contains(w, "’") {
				w = strings.ReplaceAll(w, "’", "'") // one apostrophe, however typed
			}
			return possessive(strings.Trim(w, "'")), end, ascii
		}
		_, size := utf8.DecodeRuneInString(s[start:])
		start += size
	}
	return "", len(s), true
}

// possessive is w without a final "'s" ("ferry's" is "ferry"): a reader
// asked about the ferry's ledger looks for the ferry, and takes "Anselm's
// boat" to name Anselm. Until 2026-12-05 the possessive was a word of its
// own ("jory's"), and a typographic apostrophe split it ("okes", "s"): a
// question's "Jory's grandson" missed a sentence's "Jory", and a
// question's "Okes’s" had the key term "s", which a text that typed
// "Okes's" lacked.
func possessive(w string) string {
	if n := len(w); n > 2 && w[n-2] == '\'' && (w[n-1] == 's' || w[n-1] == 'S') {
		return w[:n-2]
	}
	return w
}

// wordEnd is the end of the word that starts at start in s (start itself
// if none does), and whether the word is ASCII. A number is one word with
// its decimal point and thousands separators (3.5, 1,000): the 5 of 3.5
// is no number of its own.
func wordEnd(s string, start int) (end int, ascii bool) {
	end, ascii = start, true
	for end < len(s) {
		if c := s[end]; c < utf8.RuneSelf {
			if (c == '.' || c == ',') && end > start && isDigit(s[end-1]) && end+1 < len(s) && isDigit(s[end+1]) {
				end++
				continue
			}
			if !asciiWord[c] {
				break
			}
			end++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[end:])
		if !isWordRune(r) {
			break
		}
		ascii = false
		end += size
	}
	return end, ascii
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// asciiWord[c] is isWordRune(rune(c)) for the ASCII bytes.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = isWordRune(rune(c))
	}
	return t
}()

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
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

func isWordRune(r rune) bool {
	// A typographic apostrophe (’) is an apostrophe. A combining mark
	// (an accent, a vowel sign, a virama) is part of the word it marks.
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || unicode.Is(unicode.M, r)
}

// Mentions reports whether sentence contains answer as whole words; a
// whole number from 0 to 99 written in digits or in words is either
// ("fourteen" names 14: numberAlias), and not part of a larger one written
// in words ("twenty-two" names neither 2 nor 20: containsNumber).
func Mentions(sentence, answer string) bool {
	sw, aw := Words(sentence), Words(answer)
	if len(aw) == 0 {
		return false
	}
	if alias := numberAlias(aw); alias != nil && containsNumber(sw, alias) {
		return true
	}
	if _, number := wordsNumber(aw); number {
		return containsNumber(sw, aw)
	}
	return contains(sw, aw)
}

// contains reports whether the words aw stand in sw, in a row.
func contains(sw, aw []string) bool {
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

// negations are the words that negate a sentence (Negates).
var negations = Set("not", "no", "never", "none", "neither", "nor", "nothing", "nobody", "nowhere", "cannot", "without")

// Negates reports whether sentence negates, as a reader going by its words
// alone reads it: it holds not, no, never… or a word ending in n't.
func Negates(sentence string) bool {
	for _, w := range Words(strings.ReplaceAll(sentence, "’", "'")) {
		if negations[w] || strings.HasSuffix(w, "n't") {
			return true
		}
	}
	return false
}

// Polarity reports whether answer is an answer to a yes-or-no question
// (yes, no, true or false, in any case), and whether it is the negative
// one (no, false).
func Polarity(answer string) (polar, negative bool) {
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "yes", "true":
		return true, false
	case "no", "false":
		return true, true
	}
	return false, false
}

// SpeaksFor reports whether sentence speaks for answer as a reader going
// by its words reads it: it names the answer (Mentions); or, for yes and
// true, which a passage seldom says as such, it does not negate, and for
// no and false it negates.
func SpeaksFor(sentence, answer string) bool {
	if polar, negative := Polarity(answer); polar {
		return Negates(sentence) == negative
	}
	return Mentions(sentence, answer)
}
