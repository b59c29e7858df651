package loaders

import (
	"bufio"
	"slices"
	"strings"
	"testing"
)

// record decodes one JSON record for a parser.
func record(t *testing.T, data string) object {
	t.Helper()
	o, err := parseObject([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// one is the single item of a parser's record.
func one(items []item, err error) (item, error) {
	if err != nil || len(items) != 1 {
		return item{}, err
	}
	return items[0], nil
}

// TestWrongAnswersOfARecord: the wrong answers a record offers, of which
// the seed picks the distractor, are its other choices, all of them and
// nothing else: not MMLU's answer letter, every GPQA incorrect answer, a
// GSM8K solution's annotated results alone where it has annotations, a
// program's output written otherwise, QuALITY's best distractor even
// where annotators also named the gold option, or most often an option
// that repeats it (the next most named is then the best; it had been any
// wrong option, drawn by the seed).
func TestWrongAnswersOfARecord(t *testing.T) {
	gpqa := func() (item, error) {
		var items []item
		csv := "Question,Correct Answer,Incorrect Answer 1,Incorrect Answer 2,Incorrect Answer 3\nWhich?,right,first,second,third\n"
		err := scanGPQA()(bufio.NewReader(strings.NewReader(csv)), func(_ int, its []item, err error) error {
			items = append(items, its...)
			return err
		})
		return one(items, err)
	}
	code := defaultJSONL()
	code.Family = "code"
	best := defaultQuality()
	best.Distractor = "best"
	for _, tc := range []struct {
		name    string
		parse   func() (item, error)
		correct string
		wrong   []string
	}{
		{"mmlu", func() (item, error) {
			return one(parseMMLU([]string{"Which?", "alpha", "beta", "gamma", "delta", "C"}, false))
		}, "gamma", []string{"alpha", "beta", "delta"}},
		{"gpqa", gpqa, "right", []string{"first", "second", "third"}},
		{"gsm8k with annotations", func() (item, error) {
			return one(parseGSM8K(record(t, `{"question": "How many?", "answer": "She had 2+3 = <<2+3=5>>5 pens and 7 pencils = 7 in all.\nSo 5+7 = <<5+7=12>>12.\n#### 12"}`)))
		}, "12", []string{"5"}},
		{"gsm8k with #### before the last", func() (item, error) {
			return one(parseGSM8K(record(t, `{"question": "How many?", "answer": "#### Working\nShe bought 4+5 = <<4+5=9>>9 pens and 2 more = <<9+2=11>>11.\n#### 11"}`)))
		}, "11", []string{"9"}},
		{"jsonl of code", func() (item, error) {
			return one((&jsonl{code}).parse(record(t, `{"question": "What does f return?", "correct": "5", "incorrect": ["5.0", "5"]}`)))
		}, "5", []string{"5.0"}},
		{"quality best, gold named too", func() (item, error) {
			return (&quality{best}).question(record(t, `{"question_unique_id": "q", "question": "Which?", "options": ["a", "b", "c", "d"], "gold_label": 1, "validation": [{"untimed_best_distractor": 1}, {"untimed_best_distractor": 1}, {"untimed_best_distractor": 3}]}`))
		}, "a", []string{"c"}},
		{"quality best, most named the gold in other words", func() (item, error) {
			return (&quality{best}).question(record(t, `{"question_unique_id": "q", "question": "Which?", "options": ["mirabelle", "Zoë", "mirabelle ", "Évora"], "gold_label": 1, "validation": [{"untimed_best_distractor": 3}, {"untimed_best_distractor": 3}, {"untimed_best_distractor": 2}]}`))
		}, "mirabelle", []string{"Zoë"}},
		{"jsonl of answers alike in another Unicode form", func() (item, error) {
			return one((&jsonl{defaultJSONL()}).parse(record(t, `{"question": "Where?", "correct": "Caf\u00e9", "incorrect": ["Cafe\u0301", "Bar"]}`)))
		}, "Caf\u00e9", []string{"Bar"}},
		{"jsonl of a number in exponent form", func() (item, error) {
			return one((&jsonl{defaultJSONL()}).parse(record(t, `{"question": "How much?", "correct": 1e3, "incorrect": ["1,000.0", "2.5E-1", "0.25", 12]}`)))
		}, "1e3", []string{"2.5E-1", "12"}},
	} {
		it, err := tc.parse()
		if err != nil || it.correct != tc.correct || !slices.Equal(it.wrong, tc.wrong) {
			t.Errorf("%s: correct %q, wrong %q, error %v; want %q, %q and nil", tc.name, it.correct, it.wrong, err, tc.correct, tc.wrong)
		}
	}
}

// TestQualitySpeedDifficulty: a QuALITY question's difficulty is the
// share of its timed annotators who chose another option than its untimed
// annotators' majority, read without the label: flipping gold_label (a
// study of label errors) leaves it as it was, so the sim reads the text
// as hard as before. Without timed annotators, without untimed answers or
// without a majority of them, the question has none of its own (-1: the
// loader's setting is used, not 0/0).
func TestQualitySpeedDifficulty(t *testing.T) {
	const options = `"question_unique_id": "q", "question": "Which?", "options": ["a", "b", "c", "d"]`
	untimed := `"validation": [{"untimed_answer": 2}, {"untimed_answer": 2, "untimed_best_distractor": 3}, {"untimed_answer": 4}]`
	speed := `"speed_validation": [{"speed_answer": 2}, {"speed_answer": 1}, {"speed_answer": 2}, {"speed_answer": 2}]`
	for _, c := range []struct {
		name, fields string
		want         float64
	}{
		{"label as annotated", `"gold_label": 2, ` + untimed + `, ` + speed, 0.25},
		{"label flipped", `"gold_label": 3, ` + untimed + `, ` + speed, 0.25},
		{"untimed majority against the label", `"gold_label": 1, ` + untimed + `, ` + speed, 0.25},
		{"no timed annotators", `"gold_label": 2, ` + untimed + `, "speed_validation": []`, -1},
		{"no untimed answers", `"gold_label": 2, "validation": [{"untimed_best_distractor": 3}], ` + speed, -1},
		{"no untimed list", `"gold_label": 2, ` + speed, -1},
		{"untimed split", `"gold_label": 2, "validation": [{"untimed_answer": 1}, {"untimed_answer": 2}], ` + speed, -1},
	} {
		it, err := (&quality{defaultQuality()}).question(record(t, `{`+options+`, `+c.fields+`}`))
		if err != nil || it.difficulty != c.want {
			t.Errorf("%s: difficulty %v, error %v; want %v and nil", c.name, it.difficulty, err, c.want)
		}
	}
	for _, c := range []struct{ fields, want string }{
		{`"gold_label": 2, "validation": [{"untimed_answer": 5}], ` + speed, "untimed_answer: 5 is out of range 1..4"},
		{`"gold_label": 2, ` + untimed + `, "speed_validation": [{"speed_answer": 2}, {}]`, "speed_answer"},
	} {
		if _, err := (&quality{defaultQuality()}).question(record(t, `{`+options+`, `+c.fields+`}`)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v; want one naming %q", c.fields, err, c.want)
		}
	}
}

func TestNamesOthers(t *testing.T) {
	for _, s := range []string{"All of the above", "none of the above.", "None of these", "Both A and B", "A and C only", "A, B and C", "A, B, and C", "Neither (a) nor (b)", "all of the following options", "Either A or B", "\"All of the above\"",
		// The real MMLU test set's: the options named as such, with "are
		// correct", or a reason after.
		"All of these options.", "All of the options given are correct", "None of the options given is correct.", "All options given are correct",
		"All of the above are true.", "none of the above; Cohen holds that animals can have rights", "All of these options. To make non-compliance too costly the coercer must threaten.",
		// Lower-case letters after both, either or neither.
		"both a and b.", "neither a nor b"} {
		if !namesOthers(s, "Which of these is true?") {
			t.Errorf("namesOthers(%q) = false; want true", s)
		}
	}
	for _, s := range []string{"None", "I and II only", "Paris", "All of the people", "A and B are both true", "a and b", "x and y", "Both", "All of them are mammals",
		"All options given to employees vest at once", "None of the above-mentioned species", "All of the above are mammals", "b and c"} {
		if namesOthers(s, "Which of these is true?") {
			t.Errorf("namesOthers(%q) = true; want false", s)
		}
	}
	// Letters the question uses as its own labels (MMLU's human aging and
	// professional accounting) are not the options'.
	for _, tt := range []struct {
		option, question string
		want             bool
	}{
		{"A and C", "Which vitamins does the body store: vitamin A, vitamin C or vitamin K?", false},
		{"A and B only.", "Segments A, B and C report revenue. Which segments are reportable?", false},
		{"Both A and B", "A patient presents with a fever. What is the likely cause?", true},
	} {
		if got := namesOthers(tt.option, tt.question); got != tt.want {
			t.Errorf("namesOthers(%q, %q) = %v; want %v", tt.option, tt.question, got, tt.want)
		}
	}
}
