package protocols

import "github.com/mootlab/moot/transcript"

// How a verdict was read from a judge's text.
const (
	ParsedAnswerLine = "answer-line" // a line "Answer: A"
	ParsedUnparsed   = "unparsed"
)

// Reask is the message sent to a judge whose answer did not parse.
const Reask = `Your reply did not end with the verdict line. Reply with one line only: "Answer: A" or "Answer: B".`

// ReaskGrader is Reask for a grader, whose letters are grades, not
// options: the reminder says which is which, as its prompt did.
const ReaskGrader = `Your reply did not end with the verdict line. Reply with one line only: "Answer: A" if the answer is correct or "Answer: B" if it is incorrect.`

// ReaskFor is the message sent to a seat of role whose answer did not
// parse: ReaskGrader to a grader, Reask to any other.
func ReaskFor(role transcript.Role) string {
	if role == transcript.RoleGrader {
		return ReaskGrader
	}
	return Reask
}

// ParseVerdict reads the judge's choice from text: the last line of the
// form "Answer: A" or "Answer: B" (case, spaces, markdown emphasis,
// brackets and a trailing full stop are forgiven). It returns the slot (0
// for A, 1 for B) and how it was read, or -1 and ParsedUnparsed.
func ParseVerdict(text string) (int, string) {
	slot, _, _ := transcript.VerdictLine(text)
	if slot == transcript.NoSide {
		return -1, ParsedUnparsed
	}
	return slot, ParsedAnswerLine
}
