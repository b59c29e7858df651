package loaders

import (
	"bufio"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/mootlab/moot/internal/noun"
	"github.com/mootlab/moot/transcript"
)

// newMMLU makes the loader of the common MMLU CSV dumps: no header;
// question, the choices A to D, and the letter of the correct one. A file
// exported from the Hugging Face copy (cais/mmlu) opens with a header,
// "question,choice0,…,answer", and gives the answer as the choice's index
// from 0: such a first row is passed over, and the file's answers read so.
// The Hugging Face copy saved as JSON Lines or a JSON array (its records
// as the datasets library writes them: "question", "choices", "answer"
// the index) is told by its first character, "{" or "[".
var newMMLU = formatOf(func() scanner {
	first, indexed := true, false
	csv := scanCSV(nil, func(rec []string) ([]item, error) {
		if first {
			first = false
			if indexed = mmluHeader(rec); indexed {
				return nil, nil
			}
			if err := mmluOtherHeader(rec); err != nil {
				return nil, err
			}
		}
		return parseMMLU(rec, indexed)
	})
	json := scanJSON(parseMMLUObject)
	return func(r *bufio.Reader, add func(int, []item, error) error) error {
		if c, _ := firstByte(r); c == '{' || c == '[' {
			return json(r, add)
		}
		return csv(r, func(line int, items []item, err error) error {
			if _, ok := errors.AsType[mmluLayoutError](err); ok {
				// No row after such a header can be read: the load
				// stops, even where invalid records are skipped.
				return &atLine{line, err}
			}
			return add(line, items, err)
		})
	}
}, nil)

// mmluLayoutError is a header that says the file is laid out otherwise
// than moot reads MMLU.
type mmluLayoutError struct{ error }

// mmluOtherHeader says whether rec, a file's first row, is a header of
// another layout than six columns: the first "question" and the last
// "answer", as the Hugging Face copy saved with Dataset.to_csv has it
// (question, subject, choices, answer: the four choices a list in one
// column).
func mmluOtherHeader(rec []string) error {
	if len(rec) == len(mmluColumns) || len(rec) < 2 || !strings.EqualFold(trim(rec[0]), "question") || !strings.EqualFold(trim(rec[len(rec)-1]), "answer") {
		return nil
	}
	names := make([]string, len(rec))
	for i, c := range rec {
		names[i] = trim(c)
	}
	return mmluLayoutError{fmt.Errorf("a header of %d columns (%s), where moot reads six, question, choice0 to choice3 and answer, the choices a column each; or save the Hugging Face copy as JSON Lines (Dataset.to_json), which moot reads", len(rec), clip(strings.Join(names, ", ")))}
}

// parseMMLUObject reads a record of the Hugging Face copy: "question",
// "choices" (four texts, A to D) and "answer", the correct choice's index
// from 0 (or its letter).
func parseMMLUObject(o object) ([]item, error) {
	q, err := o.text("question")
	if err != nil {
		return nil, err
	}
	choices, err := o.texts("choices")
	if err != nil {
		return nil, err
	}
	if len(choices) != 4 {
		return nil, bad(o.field("choices"), "want 4 choices (A to D), got %d", len(choices))
	}
	answer, err := o.text("answer")
	if err != nil {
		return nil, err
	}
	items, err := parseMMLU(append(append([]string{q}, choices...), answer), true)
	if fe, ok := errors.AsType[*fieldError](err); ok && fe.field == "answer" {
		fe.field = o.field("answer")
	}
	return items, err
}

var mmluColumns = [...]string{"question", "A", "B", "C", "D", "answer"}

// mmluHeader reports whether rec is a header row of six columns, the
// first "question" and the last "answer".
func mmluHeader(rec []string) bool {
	return len(rec) == len(mmluColumns) && strings.EqualFold(trim(rec[0]), "question") && strings.EqualFold(trim(rec[5]), "answer")
}

// parseMMLU reads one row; indexed, its answer may be the choice's index
// from 0 as well as its letter.
func parseMMLU(rec []string, indexed bool) ([]item, error) {
	if n := len(rec); n != len(mmluColumns) {
		// Name the first column missing, or the last expected one when
		// there are too many.
		field := mmluColumns[min(n, len(mmluColumns)-1)]
		what := "missing"
		if n > len(mmluColumns) {
			what = "followed by extra columns"
		}
		return nil, bad(field, "%s: want %d columns (%s), got %d", what, len(mmluColumns), strings.Join(mmluColumns[:], ", "), n)
	}
	cells := make([]string, len(rec))
	for i, name := range mmluColumns {
		c, err := cell(rec, i, name)
		if err != nil {
			return nil, err
		}
		cells[i] = c
	}
	letter := strings.ToUpper(cells[5])
	if indexed && len(letter) == 1 && letter[0] >= '0' && letter[0] <= '3' {
		letter = string(rune('A' + letter[0] - '0'))
	}
	if len(letter) != 1 || letter[0] < 'A' || letter[0] > 'D' {
		want := "A, B, C or D"
		if indexed {
			want += " (or 0 to 3, as the Hugging Face copy gives it)"
		}
		return nil, bad("answer", "want %s, got %q", want, clip(cells[5]))
	}
	gold := 1 + int(letter[0]-'A')
	it := item{family: transcript.FamilyQA, difficulty: -1, text: cells[0], correct: cells[gold]}
	others := append(append([]string{}, cells[1:gold]...), cells[gold+1:5]...)
	if it.wrong = distinctWrong(it.correct, others, keepCase); len(it.wrong) == 0 {
		return nil, bad("answer", "fewer than two distinct answers")
	}
	it.wrong, it.aside = answering(it.text, it.correct, it.wrong)
	return []item{it}, nil
}

// newGPQA makes the loader of the GPQA CSV: a header row naming the
// columns, of which it reads "Question", "Correct Answer", "Incorrect
// Answer 1" to "3" and, if there is one, "Record ID".
var newGPQA = formatOf(scanGPQA, nil)

var gpqaColumns = [...]string{"Question", "Correct Answer", "Incorrect Answer 1", "Incorrect Answer 2", "Incorrect Answer 3"}

// scanGPQA returns the reader of a GPQA file's records, which learns the
// columns from the file's header.
func scanGPQA() scanner {
	// The column of each name; the header is read before any record.
	col := map[string]int{}
	width := 0 // the header's columns
	read := append(gpqaColumns[:], "Record ID")
	header := func(rec []string) error {
		width = len(rec)
		for i, name := range rec {
			name = trim(name)
			if _, dup := col[name]; !dup {
				col[name] = i
			} else if slices.Contains(read, name) {
				// Which of the two is meant? The second would be
				// dropped without a word.
				return bad(name, "column named twice (columns %d and %d)", col[name]+1, i+1)
			}
		}
		for _, name := range gpqaColumns {
			if _, ok := col[name]; !ok {
				return bad(name, "no such column in the header")
			}
		}
		return nil
	}
	parse := func(rec []string) ([]item, error) {
		if err := rowWidth(rec, width); err != nil {
			return nil, err
		}
		var cells [len(gpqaColumns)]string
		for i, name := range gpqaColumns {
			c, err := cell(rec, col[name], name)
			if err != nil {
				return nil, err
			}
			cells[i] = c
		}
		it := item{family: transcript.FamilyQA, difficulty: -1, text: cells[0], correct: cells[1], idField: "Record ID"}
		if i, ok := col["Record ID"]; ok && i < len(rec) {
			it.id = trim(rec[i])
		}
		if it.wrong = distinctWrong(it.correct, cells[2:], keepCase); len(it.wrong) == 0 {
			return nil, bad("Incorrect Answer 1", "fewer than two distinct answers")
		}
		it.wrong, it.aside = answering(it.text, it.correct, it.wrong)
		return []item{it}, nil
	}
	return scanCSV(header, parse)
}

// rowWidth says whether the row rec lines up with a header of width
// columns: a comma left unquoted in a cell splits it in two, and a cell
// left out joins two columns, and either moves the cells after it to
// the wrong columns, which would be read without a word. A row whose
// cells past the header's are all empty (a comma after its last cell)
// is said as that, though the same row may have had a comma split one
// of its cells instead.
func rowWidth(rec []string, width int) error {
	n := len(rec)
	switch {
	case n > width && strings.Join(rec[width:], "") == "":
		return fmt.Errorf("%d columns, where the header has %d, the last %d empty: a comma after the row's last cell, or one left unquoted in a cell, which splits it and moves the cells after it", n, width, n-width)
	case n > width:
		return fmt.Errorf("%d columns, where the header has %d: a cell holding a comma must be quoted, else it splits and the cells after it move", n, width)
	case n < width:
		return fmt.Errorf("%s, where the header has %d: a row needs a cell for each column (an empty one between two commas), else the cells after the one left out move", noun.Count(n, "column"), width)
	}
	return nil
}
