package transcript

import "strings"

// VerdictLine finds a judge's verdict in text: the last line of the form
// "Answer: A" or "Answer: B" ("1" or "2" for the letters; forgiven as
// KeyedLine forgives). It returns the slot named (0 for A, 1 for B) and
// the offsets in text of what follows the line's colon, to the line's
// end, where a backend reads the letter's probability; the slot is NoSide
// where no line names one.
func VerdictLine(text string) (slot, from, to int) {
	value, from, to, ok := KeyedLine(text, "answer", func(v string) bool { return answerSlot(v) != NoSide })
	if !ok {
		return NoSide, 0, 0
	}
	return answerSlot(value), from, to
}

// answerSlot is the slot a verdict line's value names, or NoSide.
func answerSlot(value string) int {
	switch strings.ToUpper(value) {
	case "A", "1":
		return 0
	case "B", "2":
		return 1
	}
	return NoSide
}

// KeyedLine finds in text the last line of the form "key: value" whose
// value accept takes, as a model writes such a line: the key in any case,
// markdown emphasis or a quote sign about the line or the key
// ("**Answer:** A", "**Answer**: A", "> answer: a"), the value's own
// emphasis, brackets, quotes and a trailing full stop. It returns the
// value so trimmed and the offsets in text of what follows the colon, to
// the line's end; ok is false where no line has the key and a value
// accept takes. A judge's verdict (VerdictLine) and a MAD moderator's
// preference are read so.
func KeyedLine(text, key string, accept func(value string) bool) (value string, from, to int, ok bool) {
	end := len(text)
	for {
		start := strings.LastIndexByte(text[:end], '\n') + 1
		raw := text[start:end]
		line := strings.Trim(strings.TrimSpace(raw), "*_#> ")
		if len(line) >= len(key) && strings.EqualFold(line[:len(key)], key) {
			if after, found := strings.CutPrefix(strings.TrimLeft(line[len(key):], "*_ \t"), ":"); found {
				if v := strings.Trim(strings.TrimSpace(after), "*_()[]\"'. "); accept(v) {
					// line is raw less characters at its ends, and begins
					// with a letter none of them is.
					at := start + strings.Index(raw, line)
					return v, at + len(line) - len(after), start + len(raw), true
				}
			}
		}
		if start == 0 {
			return "", 0, 0, false
		}
		end = start - 1
	}
}
