package loaders

import (
	"fmt"
	"strings"

	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

// mmlu reads the common MMLU CSV dumps: no header; question, the choices
// A to D, and the letter of the correct one.
type mmlu struct{ s Settings }

func newMMLU(s Settings) (tasks.Loader, error) { return &mmlu{s}, nil }

func (l *mmlu) Load(path string, opts tasks.LoadOptions) ([]tasks.Question, int, error) {
	return load(path, opts, l.s, scanCSV(nil, l.parse), nil)
}

var mmluColumns = [...]string{"question", "A", "B", "C", "D", "answer"}

func (l *mmlu) parse(rec []string) ([]item, error) {
	if len(rec) != len(mmluColumns) {
		return nil, fmt.Errorf("want %d columns (%s), got %d", len(mmluColumns), strings.Join(mmluColumns[:], ", "), len(rec))
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
	if len(letter) != 1 || letter[0] < 'A' || letter[0] > 'D' {
		return nil, bad("answer", "want A, B, C or D, got %q", clip(cells[5]))
	}
	gold := 1 + int(letter[0]-'A')
	it := item{family: transcript.FamilyQA, difficulty: -1, text: cells[0], correct: cells[gold]}
	others := append(append([]string{}, cells[1:gold]...), cells[gold+1:5]...)
	if it.wrong = distinctWrong(it.correct, others); len(it.wrong) == 0 {
		return nil, bad("answer", "fewer than two distinct answers")
	}
	return []item{it}, nil
}

// gpqa reads the GPQA CSV: a header row naming the columns, of which it
// reads "Question", "Correct Answer", "Incorrect Answer 1" to "3" and, if
// there is one, "Record ID".
type gpqa struct{ s Settings }

func newGPQA(s Settings) (tasks.Loader, error) { return &gpqa{s}, nil }

var gpqaColumns = [...]string{"Question", "Correct Answer", "Incorrect Answer 1", "Incorrect Answer 2", "Incorrect Answer 3"}

func (l *gpqa) Load(path string, opts tasks.LoadOptions) ([]tasks.Question, int, error) {
	// The column of each name; the header is read before any record.
	col := map[string]int{}
	header := func(rec []string) error {
		for i, name := range rec {
			if _, dup := col[trim(name)]; !dup {
				col[trim(name)] = i
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
		if it.wrong = distinctWrong(it.correct, cells[2:]); len(it.wrong) == 0 {
			return nil, bad("Incorrect Answer 1", "fewer than two distinct answers")
		}
		return []item{it}, nil
	}
	return load(path, opts, l.s, scanCSV(header, parse), nil)
}
