package transcript

import "strings"

// VerdictLine finds a judge's verdict in text: the last line of the form
// "Answer: A" or "Answer: B" ("1" or "2" for the letters; case, spaces,
// markdown emphasis, brackets and a trailing full stop forgiven). It
// returns the slot named (0 for A, 1 for B) and the offsets in text of
// what follows the line's colon, to the line's end, where a backend reads
// the letter's probability; the slot is NoSide where no line names one.
func VerdictLine(text string) (slot, from, to int) {
	end := len(text)
	for {
		start := strings.LastIndexByte(text[:end], '\n') + 1
		raw := text[start:end]
		line := strings.Trim(strings.TrimSpace(raw), "*_#> ")
		if len(line) >= len("answer") && strings.EqualFold(line[:len("answer")], "answer") {
			rest := strings.TrimLeft(line[len("answer"):], " \t")
			if after, ok := strings.CutPrefix(rest, ":"); ok {
				slot := NoSide
				switch strings.ToUpper(strings.Trim(strings.TrimSpace(after), "*_()[]\"'. ")) {
				case "A", "1":
					slot = 0
				case "B", "2":
					slot = 1
				}
				if slot != NoSide {
					// line is raw less characters at its ends, and begins
					// with a letter none of them is.
					at := start + strings.Index(raw, line)
					return slot, at + len(line) - len(after), start + len(raw)
				}
			}
		}
		if start == 0 {
			return NoSide, 0, 0
		}
		end = start - 1
	}
}
