package reading

import "strings"

// invisibleChars are the characters that change no letter a reader sees:
// a zero-width space, a word joiner, the invisible operators of
// mathematics (function application, times, separator, plus), a soft
// hyphen, the bidirectional marks (left-to-right, right-to-left and the
// Arabic letter mark), the Mongolian vowel separator and a byte-order
// mark within a text (a zero-width no-break space). Two texts that differ by them alone
// are one to a reader ("Paris" and "Par\u200bis"). The zero-width joiner
// and non-joiner are not among them: they change how an emoji sequence
// or an Indic script is drawn.
const invisibleChars = "\u200b\u2060\u2061\u2062\u2063\u2064\u00ad\u200e\u200f\u061c\u180e\ufeff"

// Invisible reports whether r is a character that changes no letter a
// reader sees (invisibleChars).
func Invisible(r rune) bool { return strings.ContainsRune(invisibleChars, r) }

// DropInvisible is s without its invisible characters (Invisible).
func DropInvisible(s string) string {
	if !strings.ContainsAny(s, invisibleChars) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if Invisible(r) {
			return -1
		}
		return r
	}, s)
}
