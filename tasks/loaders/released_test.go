package loaders_test

import (
	"strings"
	"testing"
)

// TestGSM8KComputedBeforeAComma: a worked solution without calculator
// annotations gives its intermediates after an "=", and prose puts a
// comma after one ("2+2 = 4, then 4*3 = 12"), or a space after the
// dollar sign before one ("= $ 5"). The comma is no part of the
// number: 4 is the intermediate. It was read as "4,", not a number, and
// dropped, so that the question got the answer moved instead of the step
// the solution states (found by loading an invented GSM8K-style file whose
// solution has no <<…>> annotations).
func TestGSM8KComputedBeforeAComma(t *testing.T) {
	data := `{"question": "How many?", "answer": "First 2+2 = 4, then 4*3 = 12.\n#### 12"}` + "\n" +
		`{"question": "How much?", "answer": "The fee is 3*400 = 1,200, so the total is 1,200+50 = 1,250.\n#### 1250"}` + "\n" +
		`{"question": "What change?", "answer": "She paid 20 - 15 = $ 5 too much, and gets 5 - 2 = $ 3 back.\n#### 3"}` + "\n"
	qs, err := loadText(t, "gsm8k", "g.jsonl", data)
	if err != nil || len(qs) != 3 {
		t.Fatalf("got %d questions, error %v; want 3 and nil", len(qs), err)
	}
	for i, want := range []string{"4", "1200", "5"} {
		if c, w := answerText(qs[i]); w != want {
			t.Errorf("%s: correct %s, distractor %q; want the intermediate %q", qs[i].ID, c, w, want)
		}
	}
}

// TestFinQADollarThenSpace: FinQA writes its texts tokenized, a space
// after the dollar sign ("$ 193"), and so some answers. A numeric answer
// with an optional $ is read as a number whether or not a space follows
// the sign, as "$ 193 million" and "193 %" already were; "$ 193" alone was
// refused as "neither a number nor yes or no" (found by loading an
// invented FinQA file with such an answer).
func TestFinQADollarThenSpace(t *testing.T) {
	data := `[{"id": "r-1", "pre_text": ["revenue was $ 193 in 2019 ."], "post_text": [], "table": [["", "2019"], ["revenue", "$ 193"]],` +
		` "qa": {"question": "what was revenue in 2019?", "answer": "$ 193", "program": "add(193, const_0)", "exe_ans": 193.0}}]` + "\n"
	qs, err := loadText(t, "finqa", "f.json", data)
	if err != nil || len(qs) != 1 {
		t.Fatalf("got %d questions, error %v; want 1 and nil", len(qs), err)
	}
	if c, w := answerText(qs[0]); c != "$193" || len(w) < 2 || w[0] != '$' || w == c {
		t.Errorf("got %q, %q; want $193 and the number moved, its $ kept", c, w)
	}
}

// TestMMLUFromTheHuggingFaceRecords: the Hugging Face copy of MMLU saved
// by the datasets library as JSON Lines or a JSON array ("question",
// "subject", "choices", "answer" the index from 0) is read by the mmlu
// loader, where it was read as CSV and refused for a bare quote; a
// record's faults name its field.
func TestMMLUFromTheHuggingFaceRecords(t *testing.T) {
	lines := `{"question": "Which is a mammal?", "subject": "biology", "choices": ["Shark", "Whale", "Trout", "Eel"], "answer": 1}` + "\n" +
		`{"question": "Which is a fish?", "subject": "biology", "choices": ["Trout", "Whale", "Bat", "Cow"], "answer": "A"}` + "\n"
	array := "[\n" + strings.ReplaceAll(strings.TrimSpace(lines), "\n", ",\n") + "\n]\n"
	for name, data := range map[string]string{"m.jsonl": lines, "m.json": array} {
		qs, err := loadText(t, "mmlu", name, data)
		if err != nil || len(qs) != 2 {
			t.Fatalf("%s: got %d questions, error %v; want 2 and nil", name, len(qs), err)
		}
		for i, want := range []string{"Whale", "Trout"} {
			if c, _ := answerText(qs[i]); c != want {
				t.Errorf("%s: %s: correct %q; want %q", name, qs[i].ID, c, want)
			}
		}
	}
	for data, want := range map[string]string{
		`{"question": "Q?", "choices": ["a", "b", "c"], "answer": 0}`:        "bad.jsonl:1: choices: want 4 choices (A to D), got 3",
		`{"question": "Q?", "choices": ["a", "b", "c", "d"], "answer": 4}`:   `bad.jsonl:1: answer: want A, B, C or D (or 0 to 3, as the Hugging Face copy gives it), got "4"`,
		`[{"question": "Q?", "choices": ["a", "b", "c", "d"], "answer": 7}]`: `[0].answer: want A, B, C or D`,
	} {
		if _, err := loadText(t, "mmlu", "bad.jsonl", data+"\n"); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v; want an error saying %q", data, err, want)
		}
	}
}

// TestWholeNumbersWrittenAsFloats: a whole number written as a float
// ("gold_label": 2.0, "label": 1.0), as pandas writes an integer column
// that has a missing value, is that number; one with a fraction is not.
func TestWholeNumbersWrittenAsFloats(t *testing.T) {
	quality := `{"article_id": "a", "article": "The lamp was lit at nine and put out at dawn.", "questions": [` +
		`{"question_unique_id": "a-1", "question": "When was the lamp lit?", "options": ["At dawn", "At nine", "At noon", "Never"], "gold_label": 2.0}]}` + "\n"
	qs, err := loadText(t, "quality", "q.jsonl", quality)
	if err != nil || len(qs) != 1 {
		t.Fatalf("quality: got %d questions, error %v; want 1 and nil", len(qs), err)
	}
	if c, _ := answerText(qs[0]); c != "At nine" {
		t.Errorf("quality: correct %q; want the second option", c)
	}
	boolq := `{"idx": 0, "question": "is the lamp lit at nine", "passage": "The lamp was lit at nine.", "label": 1.0}` + "\n"
	if qs, err := loadText(t, "boolq", "b.jsonl", boolq); err != nil || len(qs) != 1 {
		t.Errorf("boolq: got %d questions, error %v; want 1 and nil", len(qs), err)
	} else if c, _ := answerText(qs[0]); c != "yes" {
		t.Errorf("boolq: correct %q; want yes", c)
	}
	half := strings.Replace(quality, `"gold_label": 2.0`, `"gold_label": 2.5`, 1)
	if _, err := loadText(t, "quality", "h.jsonl", half); err == nil || !strings.Contains(err.Error(), "want a whole number, got 2.5") {
		t.Errorf("gold_label 2.5: got %v; want it refused", err)
	}
}
