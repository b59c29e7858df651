package loaders

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/mootlab/moot/internal/reading"
	"github.com/mootlab/moot/quotes"
)

// checkShown refuses an item whose text a run could not show as the record
// has it: an id with a line break, tab or control character (it names
// the question in every table and command line), or a text with moot's
// own quote markup (quotes.Tag), at which a debater's quote of it would be
// cut and which the judge could not tell from a debater's quote. A JSON
// record's texts were checked for that markup as their fields were read
// (shown), and named by their fields; a CSV file's are checked here, by
// their part in the question. A character no reader sees (strayCharacter)
// was refused where each cell or field was read.
func (it *item) checkShown() error {
	if i := strings.IndexFunc(it.id, unicode.IsControl); i >= 0 {
		return bad(it.idField, "the id %q holds a line break, tab or control character", it.id)
	}
	texts := []struct{ role, text string }{{"question", it.text}, {"context", it.context}, {"exhibit", it.exhibit}, {"correct answer", it.correct}}
	for _, w := range it.wrong {
		texts = append(texts, struct{ role, text string }{"answer", w})
	}
	for _, t := range texts {
		if tag := quotes.Tag(t.text); tag != "" {
			return bad(t.role, "holds %q, %s", tag, quoteMarkup)
		}
	}
	return nil
}

// strayCharacter finds in a cell a character no question's text holds,
// and which a reader of the question would not see: a control character
// other than a tab or a line break (a NUL; C1's too, U+0080 to U+009F, an
// escape sequence's start among them), a byte-order mark past the file's
// start (two files joined end to end), or a bidirectional override,
// embedding or isolate (U+202A to U+202E, U+2066 to U+2069), which shows
// a text in another order than it is ("\u202ecba" shows as "abc"). It
// returns its byte offset and what it is; -1 where there is none. The
// bidirectional marks (U+200E, U+200F), which right-to-left texts use,
// are read.
func strayCharacter(cell string) (int, string) {
	for i, r := range cell {
		switch {
		case r == '\ufeff':
			return i, "a byte-order mark (U+FEFF) past the file's start (two files joined end to end, or a mark pasted into the text?)"
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r', r >= 0x7f && r <= 0x9f:
			return i, fmt.Sprintf("the control character U+%04X", r)
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return i, fmt.Sprintf("the bidirectional control U+%04X", r) // it shows what follows in another order
		}
	}
	return -1, ""
}

// answerKey is what two answers share when a judge could not tell them
// apart: a number's value (and whether it is a percentage), else the text
// in lower case and one Unicode form (NFC: é as one letter or as e and a
// combining accent reads the same), without the characters no one sees
// (reading.Invisible), its runs of white space as one space.
// A number is read in exponent form too (1e3 is 1,000).
func answerKey(s string) string {
	if k, ok := numberKey(s); ok {
		return k
	}
	return textKey(strings.ToLower(s))
}

// casedKey is answerKey with letter case kept.
func casedKey(s string) string {
	if k, ok := numberKey(s); ok {
		return k
	}
	return textKey(s)
}

// numberKey is a number's value, and whether it is a percentage, if s is
// a number.
func numberKey(s string) (string, bool) {
	if n, ok := parseNumber(s); ok {
		return "\x00" + n.value.RatString() + n.suffix, true
	}
	if plain, ok := plainDecimal(s); ok {
		// A JSON number in exponent form (1e3, as a float is written).
		return numberKey(plain)
	}
	return "", false
}

// textKey is s in one Unicode form, without its invisible characters
// (reading.Invisible: two answers that differ by them alone are one to a
// judge), its runs of white space as one space.
func textKey(s string) string {
	return strings.Join(strings.Fields(norm.NFC.String(reading.DropInvisible(s))), " ")
}

// exponentForm is a number in exponent form: 1e3, -2.5E-4.
var exponentForm = regexp.MustCompile(`^[-+]?\d+(\.\d*)?[eE][-+]?\d{1,4}$`)

// quoteMarkup says why a text may not hold moot's quote markup.
const quoteMarkup = "moot's own quote markup: a debater's quote of the text would be cut there, and the judge could not tell it from a debater's quote"

// withHeading puts a heading on a line of its own, a blank line, before
// the context.
func withHeading(heading, context string) string {
	if heading == "" {
		return context
	}
	return heading + "\n\n" + context
}
