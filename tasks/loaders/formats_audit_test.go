package loaders_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mootlab/moot/tasks"
)

// loadErr loads data, written to a file named name, with loader at its
// default settings, and fails unless the load fails; it returns the error.
func loadErr(t *testing.T, loader, name, data string) error {
	t.Helper()
	_, err := loadText(t, loader, name, data)
	if err == nil {
		t.Fatalf("%s of %q: got nil; want an error", loader, data)
	}
	return err
}

const gpqaHeader = "Question,Correct Answer,Incorrect Answer 1,Incorrect Answer 2,Incorrect Answer 3,Record ID\n"

// TestGPQARecordIDColumn: a record's id is read from the Record ID column,
// wherever the header puts it, the last column too.
func TestGPQARecordIDColumn(t *testing.T) {
	qs, err := loadText(t, "gpqa", "ids.csv", gpqaHeader+
		"Which gas do plants take in?,Carbon dioxide,Oxygen,Helium,Argon,rec-17\n"+
		"Which planet has rings?,Saturn,Mercury,Venus,Mars,rec-4\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 2 || qs[0].ID != "rec-17" || qs[1].ID != "rec-4" {
		t.Errorf("got %d questions, ids %v; want rec-17 and rec-4", len(qs), ids(qs))
	}
}

func ids(qs []tasks.Question) []string {
	var out []string
	for _, q := range qs {
		out = append(out, q.ID)
	}
	return out
}

// TestGPQAErrorLines: in a record that spans lines, a fault is said at the
// line it is on, not the record's first.
func TestGPQAErrorLines(t *testing.T) {
	for _, c := range []struct{ name, row, want string }{
		// The question spans lines 2 and 3; the correct answer, on line
		// 3, holds a byte-order mark.
		{"stray", "\"Which river\nis longest?\",Nile\ufeff,Thames,Seine,Rhine,r1\n", ":3: "},
		// The question's second line, line 3, is not UTF-8.
		{"latin1", "\"Which river\nis long\xe9st?\",Nile,Thames,Seine,Rhine,r1\n", ":3: "},
	} {
		err := loadErr(t, "gpqa", c.name+".csv", gpqaHeader+c.row)
		if !strings.Contains(err.Error(), c.name+".csv"+c.want) {
			t.Errorf("%s: got %v; want the error at line 3", c.name, err)
		}
	}
}

// TestGPQARowShortByOne: a row one cell short is said as that, against the
// header's count of columns.
func TestGPQARowShortByOne(t *testing.T) {
	err := loadErr(t, "gpqa", "short.csv", gpqaHeader+"Which metal is liquid?,Mercury,Iron,Tin,Lead\n")
	if !strings.Contains(err.Error(), "5 columns, where the header has 6") {
		t.Errorf("got %v; want 5 columns, where the header has 6", err)
	}
}

// TestGPQAEmptyFile: an empty file has no header, said of the file, at no
// line.
func TestGPQAEmptyFile(t *testing.T) {
	err := loadErr(t, "gpqa", "empty.csv", "")
	var de *tasks.DataError
	if !errors.As(err, &de) || de.Line != 0 || !strings.Contains(err.Error(), "no header row") {
		t.Errorf("got %v; want no header row, at no line", err)
	}
}

// TestMMLURowOfAControlAlone: a row holding nothing but a C1 control
// (NEL, which Go's white space includes) is no blank row: it is said.
func TestMMLURowOfAControlAlone(t *testing.T) {
	err := loadErr(t, "mmlu", "nel.csv",
		"Which is a prime?,4,6,7,9,C\n\u0085\nWhich is even?,3,5,8,9,C\n")
	if !strings.Contains(err.Error(), "nel.csv:2: ") || !strings.Contains(err.Error(), "U+0085") {
		t.Errorf("got %v; want line 2's control character U+0085", err)
	}
}

// TestUTF16BigEndianRefused: UTF-16 is refused in either byte order.
func TestUTF16BigEndianRefused(t *testing.T) {
	err := loadErr(t, "boolq", "be.jsonl", "\xfe\xff\x00{")
	if !strings.Contains(err.Error(), "UTF-16") {
		t.Errorf("got %v; want UTF-16 said", err)
	}
}

// TestBoolQIdx: SuperGLUE's exports name a record by "idx".
func TestBoolQIdx(t *testing.T) {
	qs, err := loadText(t, "boolq", "idx.jsonl",
		`{"idx": 12, "question": "is a whale a fish", "passage": "A whale is a mammal.", "label": 0}`+"\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 1 || qs[0].ID != "12" {
		t.Errorf("got ids %v; want [12]", ids(qs))
	}
}

// TestQualityLastOptionGold: gold_label counts from 1, so the last of four
// options is 4.
func TestQualityLastOptionGold(t *testing.T) {
	qs, err := loadText(t, "quality", "last.jsonl",
		`{"article": "Mira rowed to the far bank at dawn.", "questions": [{"question": "When did Mira row?", "options": ["At noon", "At dusk", "At midnight", "At dawn"], "gold_label": 4}]}`+"\n")
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := answerText(qs[0]); c != "At dawn" {
		t.Errorf("gold_label 4: got correct %q; want At dawn", c)
	}
}

// TestQualityBadRecords: one option is too few, and an article in HTML
// is the release's other file.
func TestQualityBadRecords(t *testing.T) {
	for _, c := range []struct{ name, data, want string }{
		{"one-option", `{"article": "Tess sang.", "questions": [{"question": "Who sang?", "options": ["Tess"], "gold_label": 1}]}`, "want at least two options, got 1"},
		{"html", `{"article": "<html><body>Tess sang.</body></html>", "questions": [{"question": "Who sang?", "options": ["Tess", "Ada"], "gold_label": 1}]}`, "HTML"},
	} {
		if err := loadErr(t, "quality", c.name+".jsonl", c.data+"\n"); !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v; want %q", c.name, err, c.want)
		}
	}
}

// TestGSM8KAnswerZero: an answer of 0 is written 0, not -0.
func TestGSM8KAnswerZero(t *testing.T) {
	qs, err := loadText(t, "gsm8k", "zero.jsonl",
		`{"question": "Ana has 5 pears and eats 5. How many are left?", "answer": "5 - 5 = <<5-5=0>>0 pears.\n#### 0"}`+"\n")
	if err != nil {
		t.Fatal(err)
	}
	if c, w := answerText(qs[0]); c != "0" || w == "0" || strings.HasPrefix(w, "-") {
		t.Errorf("got correct %q, wrong %q; want 0 and a positive distractor", c, w)
	}
}

// TestFinQAReportText: the hidden text is the text before the table, the
// table a row a line, its cells joined by " | ", and the text after it,
// blank paragraphs left out.
func TestFinQAReportText(t *testing.T) {
	qs, err := loadText(t, "finqa", "report.json", `[{"id": "r1",
		"pre_text": ["Sales rose in 2021.", "", "Costs fell."],
		"table": [["year", "2021"], ["sales", "40"]],
		"post_text": ["Margins held."],
		"qa": {"question": "What were sales in 2021?", "answer": "40"}}]`)
	if err != nil {
		t.Fatal(err)
	}
	want := "Sales rose in 2021.\nCosts fell.\nyear | 2021\nsales | 40\nMargins held."
	if qs[0].Context != want {
		t.Errorf("got context %q; want %q", qs[0].Context, want)
	}
}

// TestFinQAAnswersAlike: yes or no is written in lower case, as its other
// is, and a counted answer's words are kept with their runs of white space
// as one space.
func TestFinQAAnswersAlike(t *testing.T) {
	qs, err := loadText(t, "finqa", "alike.jsonl",
		`{"id": "y", "question": "Did sales rise?", "answer": "Yes", "context": "Sales rose."}`+"\n"+
			`{"id": "c", "question": "How many stores opened?", "answer": "12 stores  opened", "context": "Twelve stores opened."}`+"\n")
	if err != nil {
		t.Fatal(err)
	}
	if c, w := answerText(qs[0]); c != "yes" || w != "no" {
		t.Errorf("answer Yes: got correct %q, wrong %q; want yes and no", c, w)
	}
	if c, w := answerText(qs[1]); c != "12 stores opened" || !strings.HasSuffix(w, " stores opened") {
		t.Errorf("answer 12 stores  opened: got correct %q, wrong %q; want 12 stores opened and another count of stores opened", c, w)
	}
}

// TestSkipInvalidOfOneRecord: a file whose one record is invalid says so.
func TestSkipInvalidOfOneRecord(t *testing.T) {
	path := filepath.Join(t.TempDir(), "one.jsonl")
	if err := os.WriteFile(path, []byte(`{"question": "is it"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, skipped, err := newLoader(t, "boolq", "").Load(path, tasks.LoadOptions{Task: "t", SkipInvalid: true})
	if skipped != 1 || err == nil || !strings.Contains(err.Error(), "its one record is invalid (at line 1: passage: missing)") {
		t.Errorf("got skipped %d, error %v; want 1 and its one record is invalid (at line 1: passage: missing)", skipped, err)
	}
}

// TestOneMoreInvalidRecord: past the ten said, one more is "1 more invalid
// record".
func TestOneMoreInvalidRecord(t *testing.T) {
	var b strings.Builder
	for i := 1; i <= 11; i++ {
		fmt.Fprintf(&b, "line %d\n", i)
	}
	err := loadErr(t, "boolq", "eleven.jsonl", b.String())
	if !strings.Contains(err.Error(), ": and 1 more invalid record after these (") {
		t.Errorf("got %v; want and 1 more invalid record after these", err)
	}
}

// TestDifficultyOneAccepted: a loader's difficulty may be 1, the top of
// [0, 1].
func TestDifficultyOneAccepted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "one.jsonl")
	if err := os.WriteFile(path, []byte(`{"question": "Which is a bird?", "correct": "Wren", "incorrect": "Carp"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	qs, _, err := newLoader(t, "jsonl", "difficulty: 1").Load(path, tasks.LoadOptions{Task: "t"})
	if err != nil || qs[0].Difficulty != 1 {
		t.Errorf("got error %v; want difficulty 1", err)
	}
}

// TestJSONLMissingDefaultField: a field missing under its default name is
// said as missing, without naming the experiment, which did not name it.
func TestJSONLMissingDefaultField(t *testing.T) {
	err := loadErr(t, "jsonl", "nq.jsonl", `{"correct": "Wren", "incorrect": "Carp"}`+"\n")
	if !strings.HasSuffix(err.Error(), "nq.jsonl:1: question: missing") {
		t.Errorf("got %v; want line 1: question: missing", err)
	}
}

// TestJSONLTextsTrimmedAndListed: texts are read without the white space
// around them, white space alone is empty, and so is an empty list of
// wrong answers.
func TestJSONLTextsTrimmedAndListed(t *testing.T) {
	qs, err := loadText(t, "jsonl", "trim.jsonl", `{"question": "Which is a bird?", "correct": "  Wren ", "incorrect": ["Carp\t"]}`+"\n")
	if err != nil {
		t.Fatal(err)
	}
	if c, w := answerText(qs[0]); c != "Wren" || w != "Carp" {
		t.Errorf("got %q and %q; want Wren and Carp, trimmed", c, w)
	}
	for _, c := range []struct{ name, incorrect, want string }{
		{"blank", `"   "`, "incorrect: empty"},
		{"none", `[]`, "incorrect: empty list"},
	} {
		err := loadErr(t, "jsonl", c.name+".jsonl", `{"question": "Which is a bird?", "correct": "Wren", "incorrect": `+c.incorrect+"}\n")
		if !strings.HasSuffix(err.Error(), ":1: "+c.want) {
			t.Errorf("incorrect %s: got %v; want %s", c.incorrect, err, c.want)
		}
	}
}

// TestLastLineOfOneByte: a last line without a newline is a line, however
// short.
func TestLastLineOfOneByte(t *testing.T) {
	err := loadErr(t, "boolq", "cut.jsonl",
		`{"question": "is ice cold", "passage": "Ice is cold.", "answer": true}`+"\nx")
	if !strings.Contains(err.Error(), "cut.jsonl:2: malformed JSON") {
		t.Errorf("got %v; want line 2 malformed", err)
	}
}

// TestLineJustUnder16MiB: a line shorter than 16 MiB is read.
func TestLineJustUnder16MiB(t *testing.T) {
	rec := `{"question": "is ice cold", "passage": "Ice is cold.", "answer": true}`
	data := rec + strings.Repeat(" ", 16<<20-1-len(rec)) + "\n"
	if qs, err := loadText(t, "boolq", "long.jsonl", data); err != nil || len(qs) != 1 {
		t.Errorf("a line of 16 MiB less one byte: got %d questions, error %v; want 1 and nil", len(qs), err)
	}
}

// TestJudgeBenchLabelAndID: a label may be written with spaces, "B > A",
// and a record is named by its pair_id before its id.
func TestJudgeBenchLabelAndID(t *testing.T) {
	qs, err := loadText(t, "judgebench", "jb.jsonl",
		`{"pair_id": "p-9", "id": "other-9", "question": "What is 7 times 6?", "response_A": "7 times 6 is 48.", "response_B": "7 times 6 is 42.", "label": "B > A"}`+"\n")
	if err != nil {
		t.Fatal(err)
	}
	if qs[0].ID != "p-9" {
		t.Errorf("got id %q; want p-9, the pair_id", qs[0].ID)
	}
	if c, _ := answerText(qs[0]); c != "7 times 6 is 42." {
		t.Errorf("label B > A: got the better %q; want response_B", c)
	}
}
