package quotes

import (
	"hash/maphash"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/mootlab/moot/internal/reading"
)

// Found reports whether a quote's body stands in context: verbatim, or
// once both are read alike (Fold), and the body unwrapped of the quote
// marks a speaker may put around a whole passage it cites (the same mark
// at both ends: unwrapped). An LLM that cites "didn't" where the text has
// "didn’t", or starts its quote with a capital where the text's sentence
// runs on, has quoted the text all the same: Khan et al. 2024's released
// code reads quotes so too (its strict check folds quote marks, case,
// white space and punctuation). Punctuation inside a quote is kept, so
// that "3.5" is not found where the text has "35", and so is a stop at
// the end: a sentence quoted to its stop, where the text's runs on (to
// say where and when), leaves out what followed. A quote must cite whole
// words and numbers (containsWhole: "she did" is not in "she didn't"),
// and at least one: punctuation alone cites nothing.
func Found(body, context string) bool {
	body = strings.TrimSpace(body)
	if strings.IndexFunc(body, wordRune) < 0 {
		// Nothing but punctuation (or nothing): no word of the text cited.
		return false
	}
	if containsWhole(context, body) {
		return true
	}
	folded := unwrapped(Fold(body))
	return folded != "" && containsWhole(foldedContext(context), folded)
}

// containsWhole reports whether q stands in text with no word or number
// of the text cut at either end: "he is 6" is not found in "he is 60",
// nor "she did" in "she didn't", "I can" in "I can't", "costs 3" in
// "costs 3.5" (nor "costs 3.", its stop the number's decimal point),
// "5 mg" in ".5 mg" or "5 degrees" in "-5 degrees", each a quote that
// says what the text does not. Where a word meets a letter of a script
// written without spaces between words (Chinese, Japanese, Thai…), any
// place is a word's edge.
func containsWhole(text, q string) bool {
	for from := 0; ; {
		i := strings.Index(text[from:], q)
		if i < 0 {
			return false
		}
		at := from + i
		if wholeStart(text[:at], q) && wholeEnd(q, text[at+len(q):]) {
			return true
		}
		_, size := utf8.DecodeRuneInString(text[at:])
		from = at + size
	}
}

// wholeStart reports whether a quote q that begins after before begins a
// word or number of the text, not inside one.
func wholeStart(before, q string) bool {
	// A character that shows nothing (reading.Invisible: a soft hyphen, a
	// zero-width space) is no edge of a word, as Fold drops it: "Donau"
	// is not found in "Donau\u00addampfschiff".
	before = strings.TrimRightFunc(before, reading.Invisible)
	q = strings.TrimLeftFunc(q, reading.Invisible)
	if before == "" {
		return true
	}
	if splitsNumber(before, q) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(q)
	last, size := utf8.DecodeLastRuneInString(before)
	if unicode.IsDigit(first) {
		prev, _ := utf8.DecodeLastRuneInString(before[:len(before)-size])
		switch last {
		case '.':
			// .5, a decimal point that begins a number (not a stop after
			// a word, nor the last of an ellipsis: "Fig.5", "wait...5").
			if !wordRune(prev) && prev != '.' {
				return false
			}
		case '-', '−', '+':
			// A sign the quote leaves out, unless it joins a range (10-15).
			return wordRune(prev)
		}
	}
	return !joined(last, first)
}

// wholeEnd reports whether a quote q followed by after ends a word or
// number of the text, not inside one.
func wholeEnd(q, after string) bool {
	after = strings.TrimLeftFunc(after, reading.Invisible)
	q = strings.TrimRightFunc(q, reading.Invisible)
	if after == "" {
		return true
	}
	if splitsNumber(q, after) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(q)
	next, size := utf8.DecodeRuneInString(after)
	if (last == 'n' || last == 'N') && apostrophe(next) {
		// "can" of "can't", "didn" of "didn't": the quote cuts off a
		// negation, and says the opposite. An apostrophe is otherwise an
		// edge ("the company" of "the company's", "they" of "they're").
		t, tsize := utf8.DecodeRuneInString(after[size:])
		rest, _ := utf8.DecodeRuneInString(after[size+tsize:])
		if (t == 't' || t == 'T') && !wordRune(rest) {
			return false
		}
	}
	return !joined(last, next)
}

// splitsNumber reports whether an edge between the texts left and right
// falls inside a number: beside a mark between its digits (numberMark: a
// decimal point, a thousands mark, the colon of a time or ratio, the
// slash of a fraction or date) with a digit on either side of it,
// whichever side of the edge the mark is on ("costs 3|.5", "costs 3.|5",
// "paid 3,|500", "3|,500", "at 3|:30", "1|/2 cup"). At a quote's start or
// its end alike, the quote leaves out digits of the number.
func splitsNumber(left, right string) bool {
	l, lsize := utf8.DecodeLastRuneInString(left)
	r, rsize := utf8.DecodeRuneInString(right)
	switch {
	case unicode.IsDigit(l) && numberMark(r):
		after, _ := utf8.DecodeRuneInString(right[rsize:])
		return unicode.IsDigit(after)
	case numberMark(l) && unicode.IsDigit(r):
		before, _ := utf8.DecodeLastRuneInString(left[:len(left)-lsize])
		return unicode.IsDigit(before)
	}
	return false
}

// numberMark reports whether r, between two digits, joins them into one
// number: a decimal point or thousands mark (Latin, or Arabic: ٫ ٬), the
// colon of a time or ratio (3:30, 3:1, or the ratio sign ∶), the slash of
// a fraction or date (1/2, 12/06, or the fraction and division slashes ⁄
// ∕ of a typeset fraction: "½" in compatibility form is "1⁄2").
func numberMark(r rune) bool {
	switch r {
	case '.', ',', ':', '/', '٫', '٬', '∶', '⁄', '∕':
		return true
	}
	return false
}

// apostrophe reports whether r is an apostrophe as Fold reads one.
func apostrophe(r rune) bool {
	return r == '\'' || r == '’' || r == 'ʼ' || r == '`'
}

// wordRune reports whether r is part of a word or number: a letter, a
// digit or other number (², ½), or a mark on one (an accent written
// apart).
func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) }

// joined reports whether a and b, side by side, are within one word: both
// a word's, and neither of a script written without spaces between words.
func joined(a, b rune) bool {
	return wordRune(a) && wordRune(b) && !unspaced(a) && !unspaced(b)
}

// unspaced reports whether r is of a script written without spaces
// between its words.
func unspaced(r rune) bool {
	return r >= 0x0E00 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana,
		unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar, unicode.Tibetan)
}

// unwrapped is a folded quote without the quote marks around it: while
// it starts and ends with one and the same mark, " or ', both go, and the
// white space inside them. A mark at one end alone stays: an apostrophe
// that begins a word ('tis) or a prime that ends a number (5′) is the
// quote's.
func unwrapped(q string) string {
	for len(q) >= 2 && (q[0] == '"' || q[0] == '\'') && q[len(q)-1] == q[0] {
		q = strings.TrimSpace(q[1 : len(q)-1])
	}
	return q
}

// foldByte is an ASCII byte as Fold writes it (white space aside).
func foldByte(c byte) byte {
	switch {
	case 'A' <= c && c <= 'Z':
		return c + 'a' - 'A'
	case c == '`':
		return '\''
	}
	return c
}

// isSpaceByte reports whether an ASCII byte is white space.
func isSpaceByte(c byte) bool { return c == ' ' || '\t' <= c && c <= '\r' }

// Fold is text as Found compares it: in one Unicode form (NFC: an "é"
// written as "e" and an accent is "é"), typographic quote marks (and
// the modifier letter apostrophe, U+02BC, that some texts write for one)
// and dashes made ASCII and "…" three stops, characters that show nothing
// (reading.Invisible: zero-width spaces, word joiners, soft hyphens,
// bidirectional marks, byte-order marks) dropped, letters in lower case, and each run of white space (a
// non-breaking space too) one space. Compatibility forms are not made
// one (NFKC would): "x²" is not "x2", nor "2³" "23". A text that is not
// UTF-8 is left as written.
func Fold(text string) string {
	if isASCII(text) {
		return foldASCII(text)
	}
	if !utf8.ValidString(text) {
		// Bytes that are not UTF-8 are compared as written: read as
		// U+FFFD, or with a character that shows nothing between them
		// dropped, two texts apart would pass for each other.
		return text
	}
	text = norm.NFC.String(text)
	var b strings.Builder
	b.Grow(len(text))
	space := false
	for _, r := range text {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if r = foldRune(r); r < 0 {
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		if r == '…' {
			b.WriteString("...")
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// foldRune is r as Fold writes it, or -1 for a character that shows
// nothing.
func foldRune(r rune) rune {
	switch {
	case r < utf8.RuneSelf:
		return rune(foldByte(byte(r)))
	case reading.Invisible(r):
		return -1
	case r == '‘' || r == '’' || r == '‚' || r == '‛' || r == 'ʼ':
		return '\''
	case r == '“' || r == '”' || r == '„' || r == '‟' || r == '«' || r == '»':
		return '"'
	case r == '‐' || r == '‑' || r == '‒' || r == '–' || r == '—' || r == '―' || r == '−':
		return '-'
	}
	return unicode.ToLower(r)
}

// foldASCII is Fold of an ASCII text, a byte at a time: the generated
// tasks' contexts are ASCII, and the sim folds one for each question,
// in half the time of Fold's rune loop (BenchmarkFoldASCIIContext).
func foldASCII(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	space := false
	for i := 0; i < len(text); i++ {
		c := text[i]
		if isSpaceByte(c) {
			space = true
			continue
		}
		c = foldByte(c)
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteByte(c)
	}
	return b.String()
}

// isASCII reports whether s is all ASCII, which NFC leaves as it is.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// foldedContext is Fold(context), remembered: a turn's quotes are checked
// against its episode's context, and a sim run checks an invented quote's
// place in it again and again, so that the folding, several times the
// cost of a search, is done about once a context. The memo holds the last
// context of each of its 256 slots, and its folded copy: bounded,
// whatever the run's size (a few MB of articles the length of QuALITY's),
// and the contexts of the episodes in flight are few.
func foldedContext(context string) string {
	slot := &foldMemo[maphash.String(foldSeed, context)%uint64(len(foldMemo))]
	if e := slot.Load(); e != nil && e.context == context {
		return e.folded
	}
	e := &foldEntry{context, Fold(context)}
	slot.Store(e)
	return e.folded
}

type foldEntry struct{ context, folded string }

var (
	foldSeed = maphash.MakeSeed()
	foldMemo [256]atomic.Pointer[foldEntry]
)
