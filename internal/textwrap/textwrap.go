// Package textwrap fills text into lines of a given width, for moot's
// terminal output and generated docs.
package textwrap

import (
	"strings"
	"unicode/utf8"
)

// Fill fills text into lines of at most width columns, the first starting
// with first and the others with rest. A word longer than a line stands
// alone. Paragraphs, separated by blank lines, stay separated.
func Fill(text, first, rest string, width int) string {
	var b strings.Builder
	prefix := first
	for i, para := range strings.Split(strings.TrimSpace(text), "\n\n") {
		if i > 0 {
			b.WriteString("\n\n")
			prefix = rest
		}
		col := 0
		for j, word := range strings.Fields(para) {
			n := utf8.RuneCountInString(word)
			switch {
			case j == 0:
				b.WriteString(prefix + word)
				col = utf8.RuneCountInString(prefix) + n
			case col+1+n > width:
				b.WriteString("\n" + rest + word)
				col = utf8.RuneCountInString(rest) + n
			default:
				b.WriteString(" " + word)
				col += 1 + n
			}
		}
	}
	return b.String()
}
