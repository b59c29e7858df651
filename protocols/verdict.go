package protocols

import "strings"

// How a verdict was read from a judge's text.
const (
	ParsedAnswerLine = "answer-line" // a line "Answer: A"
	ParsedUnparsed   = "unparsed"
)

// Reask is the message sent to a judge whose answer did not parse.
const Reask = `Your reply did not end with the verdict line. Reply with one line only: "Answer: A" or "Answer: B".`

// ParseVerdict reads the judge's choice from text: the last line of the
// form "Answer: A" or "Answer: B" (case, spaces, markdown emphasis,
// brackets and a trailing full stop are forgiven). It returns the slot (0
// for A, 1 for B) and how it was read, or -1 and ParsedUnparsed.
func ParseVerdict(text string) (int, string) {
	lines := strings.Split(text, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		line := strings.Trim(strings.TrimSpace(lines[i]), "*_#> ")
		if len(line) < len("answer") || !strings.EqualFold(line[:len("answer")], "answer") {
			continue
		}
		rest := strings.TrimLeft(line[len("answer"):], " \t")
		if !strings.HasPrefix(rest, ":") {
			continue
		}
		rest = strings.Trim(strings.TrimSpace(rest[1:]), "*_()[]\"'. ")
		switch strings.ToUpper(rest) {
		case "A", "1":
			return 0, ParsedAnswerLine
		case "B", "2":
			return 1, ParsedAnswerLine
		}
	}
	return -1, ParsedUnparsed
}
