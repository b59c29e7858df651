package loaders_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mootlab/moot/tasks"
)

// TestRecordsThatCannotBeRead: records that loaded without a word, each
// wrong in a way a reader of the question would not see, are refused at
// their line, naming what is wrong: a NUL and a byte-order mark past the
// file's start (two files joined) in a CSV cell, a BoolQ record whose
// answer and label disagree, a GSM8K solution with two final answers
// (the first stayed in the hidden solution, quoted as evidence); and a
// file whose lines end in a carriage return alone reads as one line, and
// is refused as such. A "####" heading before the final answer is none.
// A JSON record is refused for a stray character as a CSV cell is, for an
// id of more than one line, and for a text with moot's quote markup.
func TestRecordsThatCannotBeRead(t *testing.T) {
	for _, c := range []struct {
		loader, settings, data, want string
	}{
		{"mmlu", "", "Which?,a,b,c,d,A\nWhi\x00ch?,a,b,c,d,B\n", ":2: column 1 holds the control character U+0000"},
		{"mmlu", "", "Which?,a,b,c,d,A\n\ufeffWhich two?,a,b,c,d,B\n", ":2: column 1 holds a byte-order mark (U+FEFF) past the file's start"},
		{"mmlu", "", "Which?,a,b,c,d,A\rWhich two?,a,b,c,d,B\r", ": its lines end in a carriage return alone"},
		{"boolq", "", `{"question": "is it?", "passage": "It is.", "answer": true, "label": 0}` + "\n", `:1: label: says false where answer says true`},
		{"gsm8k", "", `{"question": "How many?", "answer": "#### 3\nShe had 4.\n#### 4"}` + "\n", `:1: answer: two final answers, "#### 3" and, last, "#### 4"`},
		// JSON reads what a CSV cell may not hold as readily: refused alike,
		// whatever field holds it (an escape sequence would reach the
		// terminal of moot show), and an id must be one line.
		{"jsonl", "", `{"question": "Which\u001b[31m river?", "correct": "Sarn", "incorrect": "Idle"}` + "\n", `:1: question: holds the control character U+001B at byte 5`},
		{"jsonl", "", `{"question": "Which river?", "correct": "\ufeffSarn", "incorrect": "Idle"}` + "\n", `:1: correct: holds a byte-order mark`},
		// Outside a text, a byte JSON does not take is named as the
		// character it begins, not as the Latin-1 letter of that byte
		// ('ï' for a byte-order mark, two files joined; 'Â' for a no-break
		// space).
		{"boolq", "", `{"question": "is it?", "passage": "It is.", "answer": true}` + "\n\ufeff" + `{"question": "is it not?", "passage": "It is.", "answer": false}` + "\n", `:2: malformed JSON: invalid character U+FEFF, a byte-order mark past the file's start (two files joined?), looking for beginning of value`},
		{"boolq", "", `{"question": "is it?",` + "\u00a0" + `"passage": "It is.", "answer": true}` + "\n", `:1: malformed JSON: invalid character U+00A0 looking for beginning of object key string`},
		// C1's controls, and a right-to-left override that shows "\u202ecba"
		// as "abc": a judge would read what the text is not.
		{"jsonl", "", `{"question": "Which\u009b31m colour?", "correct": "red", "incorrect": "blue"}` + "\n", `:1: question: holds the control character U+009B at byte 5`},
		{"jsonl", "", `{"question": "Which code?", "correct": "abc", "incorrect": "\u202ecba"}` + "\n", `:1: incorrect: holds the bidirectional control U+202E at byte 0`},
		// Two answers that differ by a zero-width space alone are one.
		{"jsonl", "", `{"question": "Which city?", "correct": "Paris", "incorrect": "Par\u200bis"}` + "\n", `:1: incorrect: fewer than two distinct answers: "Paris" is the correct one`},
		{"jsonl", "", `{"question": "What is half of x?", "correct": "\frac{x}{2}", "incorrect": "2x"}` + "\n", `:1: correct: holds the control character U+000C at byte 0 (a backslash the JSON did not escape, as in \frac or \beta written for \\frac?)`},
		{"jsonl", "", `{"question": "Which river?", "correct": "Sarn", "incorrect": ["Idle", "Wye<quote>"]}` + "\n", `:1: incorrect[1]: holds "<quote>"`},
		// A LaTeX command whose backslash the JSON did not escape, read
		// as a tab or a carriage return and the command's rest.
		{"jsonl", "", `{"question": "What is $3 \times 4$?", "correct": "12", "incorrect": "7"}` + "\n", `:1: question: holds a tab at byte 11 where a LaTeX command's backslash was: JSON read \times as a tab and "imes"; escape the backslash (\\times)`},
		{"jsonl", "", `{"question": "Which density?", "correct": "\rho = m/V", "incorrect": "m V"}` + "\n", `:1: correct: holds a carriage return at byte 0 where a LaTeX command's backslash was`},
		{"jsonl", "", `{"id": "new\nline", "question": "Which river?", "correct": "Sarn", "incorrect": "Idle"}` + "\n", `:1: id: the id "new\nline" holds a line break, tab or control character`},
		// The hidden text holds moot's own quote markup: a quote of it
		// would be cut at the tag, and the judge read it as a quote.
		{"jsonl", "{context: article}", `{"question": "What did the sign say?", "correct": "Keep out", "incorrect": "Welcome", "article": "The sign said <v_quote>Keep out</v_quote>."}` + "\n", `:1: article: holds "<v_quote>", moot's own quote markup`},
		{"mmlu", "", "Which tag ends it?,< /Quote >,b,c,d,A\n", `:1: correct answer: holds "< /Quote >"`},
	} {
		path := filepath.Join(t.TempDir(), "data")
		if err := os.WriteFile(path, []byte(c.data), 0o644); err != nil {
			t.Fatal(err)
		}
		_, _, err := newLoader(t, c.loader, c.settings).Load(path, tasks.LoadOptions{Task: "t"})
		if de := (*tasks.DataError)(nil); !errors.As(err, &de) || !strings.Contains(err.Error(), path+c.want) {
			t.Errorf("%s %q: %v; want a DataError %q", c.loader, c.data, err, path+c.want)
		}
	}
	for _, ok := range []struct{ loader, data string }{
		{"boolq", `{"question": "is it?", "passage": "It is.", "answer": true, "label": 1}` + "\n"},
		{"mmlu", "Which?,a\tb,b,c,d,A\r\nWhich two?,a,b,c,d,B\r\n"},
		// A first line of 65,535 bytes and its CRLF: the CR is the last
		// byte of the 64 KiB looked at for lines ended by a CR alone.
		{"mmlu", "Which?,a,b,c,d" + strings.Repeat("x", 65535-len("Which?,a,b,c,d,A")) + ",A\r\nWhich two?,a,b,c,d,B\r\n"},
		{"jsonl", `{"question": "Which <q>tag</q>?", "correct": "<blockquote>", "incorrect": "quote", "context": "Use <blockquote> or <q>, not quote."}` + "\n"},
		// A right-to-left text's marks, and an emoji sequence's joiner.
		{"jsonl", `{"question": "Which word\u200f?", "correct": "\u05e9\u05dc\u05d5\u05dd\u200e", "incorrect": "\ud83d\udc68\u200d\ud83d\udc67"}` + "\n"},
		// Escaped LaTeX, and a tab before words, read as they are.
		{"jsonl", `{"question": "What is $3 \\times 4$ or \\theta?", "correct": "12\ttimes", "incorrect": "7\ttan x\tau revoir"}` + "\n"},
	} {
		path := filepath.Join(t.TempDir(), "data")
		if err := os.WriteFile(path, []byte(ok.data), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, _, err := newLoader(t, ok.loader, "").Load(path, tasks.LoadOptions{Task: "t"}); err != nil {
			t.Errorf("%s %q: %v; want it read", ok.loader, ok.data, err)
		}
	}
}
