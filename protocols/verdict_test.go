package protocols

import (
	"strings"
	"testing"
)

// TestParseVerdict pins ParseVerdict's documented rules: the last line
// that reads "Answer: A" or "Answer: B" wins; a later "Answer:" line whose
// letter does not parse does not hide an earlier good one; case, spaces,
// markdown emphasis, brackets and a trailing full stop are forgiven; any
// other text on the line is not.
func TestParseVerdict(t *testing.T) {
	tests := []struct {
		name, text string
		want       int
	}{
		// The letters.
		{"A", "Answer: A", 0},
		{"B", "Answer: B", 1},
		{"1 is A", "Answer: 1", 0},
		{"2 is B", "Answer: 2", 1},
		{"C", "Answer: C", -1},
		{"3", "Answer: 3", -1},
		{"two letters", "Answer: AB", -1},
		{"no letter", "Answer:", -1},
		{"a word", "Answer: Alice", -1},

		// Case and spaces.
		{"lower case", "answer: b", 1},
		{"upper case", "ANSWER: A", 0},
		{"lower-case letter", "Answer: a", 0},
		{"no space", "answer:b", 1},
		{"space before the colon", "Answer :  B", 1},
		{"tab after the colon", "Answer:\tA", 0},
		{"indented, trailing spaces", "   Answer: B   ", 1},
		{"CRLF line ends", "reasoning\r\nAnswer: B\r\n", 1},

		// Markdown, brackets, a full stop.
		{"bold line", "**Answer: A**", 0},
		{"bold key", "**Answer:** B", 1},
		{"bold letter", "Answer: **B**", 1},
		{"underscores", "__Answer: B__", 1},
		{"heading", "## Answer: A", 0},
		{"block quote", "> Answer: B", 1},
		{"square brackets and a full stop", "Answer: [B].", 1},
		{"parentheses", "Answer: (A)", 0},
		{"double quotes", `Answer: "B"`, 1},
		{"single quotes", "Answer: 'A'", 0},
		{"full stop", "Answer: A.", 0},

		// Text on the line that is not forgiven.
		{"trailing reason", "Answer: A because it is cited", -1},
		{"trailing comma list", "Answer: A, B", -1},
		{"trailing other punctuation", "Answer: A!", -1},
		{"text before the key", "My Answer: A", -1},
		{"final answer", "Final answer: B", -1},
		{"in a sentence", "The answer is A", -1},
		{"plural key", "Answers: A", -1},
		{"dash for the colon", "Answer - A", -1},
		{"no colon", "Answer A", -1},
		{"full-width letters", "Ａnswer: A", -1},
		{"empty", "", -1},
		{"only new lines", "\n\n", -1},

		// Which line wins.
		{"after reasoning", "reasoning\nAnswer: B\n", 1},
		{"the last of two", "Answer: A\nOn reflection.\nAnswer: B", 1},
		{"the last of two, other order", "Answer: B\nAnswer: A", 0},
		{"a later line that does not parse", "Answer: B\nAnswer: C", 1},
		{"a later empty answer", "Answer: A\nAnswer:", 0},
		{"a later answer with a reason", "Answer: B\nAnswer: A because", 1},
		{"text after the verdict", "Answer: A\nI hope that helps.", 0},
		{"the key on one line, the letter on the next", "Answer:\nA", -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, how := ParseVerdict(tt.text)
			wantHow := ParsedAnswerLine
			if tt.want < 0 {
				wantHow = ParsedUnparsed
			}
			if got != tt.want || how != wantHow {
				t.Errorf("ParseVerdict(%q) = %d, %q; want %d, %q", tt.text, got, how, tt.want, wantHow)
			}
		})
	}
}

// verdictLines are well-formed verdict lines and the slot each reads as.
var verdictLines = []struct {
	line string
	slot int
}{
	{"Answer: A", 0}, {"Answer: B", 1}, {"answer: b", 1}, {"**Answer: A**", 0},
	{"Answer: [B].", 1}, {"ANSWER:A", 0}, {"> Answer: (B)", 1}, {"Answer: 1", 0},
}

// FuzzParseVerdict checks properties of ParseVerdict on any text s: s with
// no "answer" in it does not parse; a verdict line after it is found; and
// a verdict line before it stays found, as s cannot hold a later one.
func FuzzParseVerdict(f *testing.F) {
	for _, s := range []string{"", "Answer: A", "answer: [b].", "**Answer:**", "Answer:\n", "I argue B.\n\n", "a\r\nb", "Ａ"} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, s string, pick uint8) {
		got, how := ParseVerdict(s)
		if got < -1 || got > 1 || (got < 0) != (how == ParsedUnparsed) {
			t.Fatalf("ParseVerdict(%q) = %d, %q", s, got, how)
		}
		if strings.Contains(strings.ToLower(s), "answer") {
			return // s may hold a verdict of its own
		}
		if got != -1 {
			t.Fatalf("ParseVerdict(%q) = %d; want -1: the text has no answer line", s, got)
		}
		v := verdictLines[int(pick)%len(verdictLines)]
		for _, text := range []string{s + "\n" + v.line, s + "\n" + v.line + "\n", v.line + "\n" + s} {
			if got, _ := ParseVerdict(text); got != v.slot {
				t.Fatalf("ParseVerdict(%q) = %d; want %d", text, got, v.slot)
			}
		}
	})
}

// TestReasons: an answer's reasons lose the verdict line the answer is
// read from, the last line as before and also one that text follows, so
// that a grader never reads the candidate's "Answer: B" as its own
// letters (B: incorrect).
func TestReasons(t *testing.T) {
	for text, want := range map[string]string{
		"It was cedar.\nAnswer: B":                     "It was cedar.",
		"It was cedar.\nAnswer: B\n":                   "It was cedar.",
		"It was cedar.\r\n**Answer: B**\r\n":           "It was cedar.",
		"It was cedar.\nAnswer: B\n\nConfidence: high": "It was cedar.\n\nConfidence: high",
		"Answer: A\nI am sure of it.":                  "I am sure of it.",
		"Answer: A":                                    "",
		"It was cedar.":                                "It was cedar.",
		"Answer: A\nNo: Answer: C":                     "No: Answer: C",
		"Answer: A then\nAnswer: B\nDone.":             "Answer: A then\n\nDone.",
	} {
		got := Reasons(text)
		if got != want {
			t.Errorf("Reasons(%q) = %q; want %q", text, got, want)
		}
		if slot, _ := ParseVerdict(got); slot >= 0 && strings.Contains(text, "Answer: B\n\n") {
			t.Errorf("Reasons(%q) = %q still holds a verdict line", text, got)
		}
	}
}
